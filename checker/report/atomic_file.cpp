#include "report/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <mutex>

#include "base/source.h"

namespace ptmc::report {

namespace {

// Distinguishes temporary files of concurrent writers in one process (the pid does across processes).
std::atomic<unsigned> temp_counter{0};

// Temporary files that exist right now, for the signal handler to remove. The handler may run at any
// moment, on any thread, so it must not allocate or lock: paths are copied into fixed slots, and a slot
// is published (armed) only once its path is complete. A path that does not fit, or a writer beyond
// the slots, simply goes unregistered: it is still removed on every ordinary error.
enum slot_state : int { slot_free, slot_filling, slot_armed };
struct temp_slot {
  std::atomic<int> state{slot_free};
  std::array<char, 4096> path{};
};
std::array<temp_slot, 16> temp_slots;

constexpr std::array<int, 3> cleanup_signals = {SIGINT, SIGTERM, SIGHUP};

extern "C" void remove_temp_files_and_die(int signal_number) {
  for (temp_slot& slot : temp_slots) {
    if (slot.state.load() == slot_armed) ::unlink(slot.path.data());
  }
  // Die of the same signal, so that the parent sees what really happened (a shell prints nothing for
  // SIGINT and reports 130). The signal is blocked while its handler runs and is delivered on return.
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// Installs the handler for each signal that still has its default disposition (once per process).
void install_cleanup_handlers() {
  static std::once_flag once;
  std::call_once(once, [] {
    for (const int signal_number : cleanup_signals) {
      struct sigaction previous {};
      if (::sigaction(signal_number, nullptr, &previous) != 0 || previous.sa_handler != SIG_DFL ||
          (previous.sa_flags & SA_SIGINFO) != 0) {
        continue;
      }
      struct sigaction action {};
      action.sa_handler = remove_temp_files_and_die;
      sigemptyset(&action.sa_mask);
      for (const int other : cleanup_signals) sigaddset(&action.sa_mask, other);
      ::sigaction(signal_number, &action, nullptr);
    }
  });
}

// Registers a temporary file for removal on a fatal signal; returns its slot, or nullptr if none is free.
temp_slot* register_temp_file(const std::filesystem::path& temp) {
  const std::string& text = temp.native();
  if (text.size() >= temp_slots[0].path.size()) return nullptr;
  for (temp_slot& slot : temp_slots) {
    int expected = slot_free;
    if (!slot.state.compare_exchange_strong(expected, slot_filling)) continue;
    std::memcpy(slot.path.data(), text.c_str(), text.size() + 1);
    slot.state.store(slot_armed);
    return &slot;
  }
  return nullptr;
}

void release_temp_file(temp_slot* slot) {
  if (slot != nullptr) slot->state.store(slot_free);
}

bool set_error(std::string* error, const std::filesystem::path& path, const std::string& reason) {
  if (error != nullptr) *error = path.string() + ": error: " + reason;
  return false;
}

std::string errno_text(std::string_view doing) { return std::string(doing) + ": " + std::strerror(errno); }

// Creates a new, uniquely named file beside `path`; returns its descriptor, or -1 with errno set. The
// file is registered for removal on a fatal signal before it is created, so there is no moment when it
// exists unregistered; *slot receives the registration (release it with release_temp_file).
int create_temp_file(const std::filesystem::path& path, std::filesystem::path& temp, temp_slot** slot) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp = path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                                 std::to_string(temp_counter.fetch_add(1)));
    *slot = register_temp_file(temp);
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0) return fd;
    const int saved = errno;
    release_temp_file(*slot);  // the name belongs to someone else (EEXIST) or was never created
    *slot = nullptr;
    errno = saved;
    if (errno != EEXIST) return -1;
  }
  return -1;
}

bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

// Makes the rename itself durable; failure here does not undo the (already visible) new file.
void sync_directory(const std::filesystem::path& dir) {
  const int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}


}  // namespace

std::string replace_refusal(const std::filesystem::path& path) {
  struct stat info {};
  // lstat: a symbolic link is judged as itself; rename() would replace the link, not its target, and a
  // user who linked a report path somewhere meant something by it.
  if (::lstat(path.c_str(), &info) != 0 || S_ISREG(info.st_mode)) return {};
  return "is " + std::string(file_type_name(info.st_mode)) + ", not a regular file: refusing to replace it";
}

bool write_file_atomically(const std::filesystem::path& path, std::string_view content, std::string* error) {
  if (path.filename().empty()) return set_error(error, path, "not a file name");
  if (std::string refusal = replace_refusal(path); !refusal.empty()) return set_error(error, path, refusal);
  const std::filesystem::path dir = path.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return set_error(error, path, "cannot create directory " + dir.string() + ": " + ec.message());
  }
  install_cleanup_handlers();
  std::filesystem::path temp;
  temp_slot* slot = nullptr;
  const int fd = create_temp_file(path, temp, &slot);
  if (fd < 0) return set_error(error, path, errno_text("cannot create a temporary file"));

  std::string failure;
  if (!write_all(fd, content)) {
    failure = errno_text("cannot write");
  } else if (::fsync(fd) != 0) {
    failure = errno_text("cannot flush to disk");
  }
  if (::close(fd) != 0 && failure.empty()) failure = errno_text("cannot close");
  // Checked again just before the rename: the path may have become a FIFO or a link during the write.
  // (A window remains between this check and the rename; closing it needs renameat2 flags that do not
  // cover "replace only a regular file".)
  if (failure.empty()) failure = replace_refusal(path);
  if (failure.empty() && ::rename(temp.c_str(), path.c_str()) != 0)
    failure = errno_text("cannot rename into place");
  if (!failure.empty()) {
    ::unlink(temp.c_str());
    release_temp_file(slot);
    return set_error(error, path, failure);
  }
  release_temp_file(slot);
  sync_directory(dir);
  return true;
}

}  // namespace ptmc::report

#include "report/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace ptmc::report {

namespace {

// Distinguishes temporary files of concurrent writers in one process (the pid does across processes).
std::atomic<unsigned> temp_counter{0};

bool set_error(std::string* error, const std::filesystem::path& path, const std::string& reason) {
  if (error != nullptr) *error = path.string() + ": error: " + reason;
  return false;
}

std::string errno_text(std::string_view doing) { return std::string(doing) + ": " + std::strerror(errno); }

// Creates a new, uniquely named file beside `path`; returns its descriptor, or -1 with errno set.
int create_temp_file(const std::filesystem::path& path, std::filesystem::path& temp) {
  for (int attempt = 0; attempt < 100; ++attempt) {
    temp = path.parent_path() / ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
                                 std::to_string(temp_counter.fetch_add(1)));
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
    if (fd >= 0 || errno != EEXIST) return fd;
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

bool write_file_atomically(const std::filesystem::path& path, std::string_view content, std::string* error) {
  if (path.filename().empty()) return set_error(error, path, "not a file name");
  const std::filesystem::path dir = path.parent_path();
  if (!dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return set_error(error, path, "cannot create directory " + dir.string() + ": " + ec.message());
  }
  std::filesystem::path temp;
  const int fd = create_temp_file(path, temp);
  if (fd < 0) return set_error(error, path, errno_text("cannot create a temporary file"));

  std::string failure;
  if (!write_all(fd, content)) {
    failure = errno_text("cannot write");
  } else if (::fsync(fd) != 0) {
    failure = errno_text("cannot flush to disk");
  }
  if (::close(fd) != 0 && failure.empty()) failure = errno_text("cannot close");
  if (failure.empty() && ::rename(temp.c_str(), path.c_str()) != 0)
    failure = errno_text("cannot rename into place");
  if (!failure.empty()) {
    ::unlink(temp.c_str());
    return set_error(error, path, failure);
  }
  sync_directory(dir);
  return true;
}

}  // namespace ptmc::report

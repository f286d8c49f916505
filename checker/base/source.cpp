#include "base/source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <sstream>

namespace ptmc {

source_file::source_file(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  // A line starts at 0 and after every newline that is not the last byte: "a\n" has one line, as in an
  // editor, and an offset at the very end of such a file points at the end of its last line.
  line_starts_.push_back(0);
  for (std::size_t i = 0; i + 1 < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(static_cast<std::uint32_t>(i + 1));
  }
}

namespace {

// Offsets past the end clamp to the end; the end of a newline-terminated file is its final newline.
std::uint32_t clamp_offset(const std::string& text, std::uint32_t offset) {
  const auto size = static_cast<std::uint32_t>(text.size());
  if (offset >= size) {
    offset = size;
    if (size > 0 && text[size - 1] == '\n') offset = size - 1;
  }
  return offset;
}

}  // namespace

std::uint32_t source_file::line_of(std::uint32_t offset) const {
  offset = clamp_offset(text_, offset);
  auto next = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  return static_cast<std::uint32_t>(next - line_starts_.begin());
}

std::uint32_t source_file::column_of(std::uint32_t offset) const {
  offset = clamp_offset(text_, offset);
  return offset - line_starts_[line_of(offset) - 1] + 1;
}

std::string_view source_file::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_count()) return {};
  std::string_view text = text_;
  std::size_t start = line_starts_[line - 1];
  std::size_t end = text.find('\n', start);
  if (end == std::string_view::npos) end = text.size();
  if (end > start && text[end - 1] == '\r') --end;
  return text.substr(start, end - start);
}

std::string span::location() const {
  if (!valid()) return "<unknown>";
  std::ostringstream out;
  out << file->path() << ':' << line() << ':' << column();
  return out.str();
}

span span::to(const span& other) const {
  if (!valid() || other.file != file) return *this;
  std::uint32_t begin = std::min(offset, other.offset);
  std::uint32_t end = std::max(offset + length, other.offset + other.length);
  return span{file, begin, end - begin};
}

std::string_view file_type_name(unsigned mode) {
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

namespace {

std::string size_text(std::size_t bytes) {
  if (bytes % (std::size_t{1} << 20) == 0) return std::to_string(bytes >> 20) + " MiB";
  return std::to_string(bytes) + " bytes";
}

}  // namespace

bool read_regular_file(const std::string& path, std::size_t max_bytes, std::string* text,
                       std::string* reason) {
  auto fail = [&](std::string why) {
    *reason = std::move(why);
    return false;
  };
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer before fstat can refuse it.
  // The type is checked on the opened descriptor, so a file swapped after a check cannot slip through.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return fail(std::strerror(errno));
  struct fd_closer {
    int fd;
    ~fd_closer() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) return fail(std::strerror(errno));
  if (!S_ISREG(info.st_mode))
    return fail("is " + std::string(file_type_name(info.st_mode)) + ", not a regular file");
  const std::string too_large = "is larger than " + size_text(max_bytes);
  if (static_cast<std::uint64_t>(info.st_size) > max_bytes) return fail(too_large);

  // Read to the end rather than trusting st_size: a file may grow while it is read (and some report 0).
  std::string contents;
  contents.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[65536];
  for (;;) {
    const ssize_t got = ::read(fd, buffer, sizeof buffer);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(std::strerror(errno));
    }
    if (got == 0) break;
    if (contents.size() + static_cast<std::size_t>(got) > max_bytes) return fail(too_large);
    contents.append(buffer, static_cast<std::size_t>(got));
  }
  *text = std::move(contents);
  return true;
}

const source_file* source_manager::load(const std::string& path, std::string* error) {
  static_assert(max_source_bytes < std::numeric_limits<std::uint32_t>::max(), "offsets are 32-bit");
  std::string text;
  std::string reason;
  if (!read_regular_file(path, max_source_bytes, &text, &reason)) {
    if (error) *error = "cannot read '" + path + "': " + reason;
    return nullptr;
  }
  return add(path, std::move(text));
}

const source_file* source_manager::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<source_file>(std::move(path), std::move(text)));
  return files_.back().get();
}

}  // namespace ptmc

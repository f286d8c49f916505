// Source files and spans: where every diagnostic and every model rule points back to.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ptmc {

// One loaded input file. Owns its text; line starts are computed once.
class source_file {
 public:
  source_file(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  // 1-based line and column of a byte offset (column counts bytes).
  std::uint32_t line_of(std::uint32_t offset) const;
  std::uint32_t column_of(std::uint32_t offset) const;
  // The text of a 1-based line, without its newline.
  std::string_view line_text(std::uint32_t line) const;
  std::uint32_t line_count() const { return static_cast<std::uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

using source_ptr = std::shared_ptr<const source_file>;

// A byte range in one source file. A default span points nowhere (file == nullptr).
struct span {
  const source_file* file = nullptr;
  std::uint32_t offset = 0;
  std::uint32_t length = 0;

  bool valid() const { return file != nullptr; }
  std::uint32_t line() const { return file ? file->line_of(offset) : 0; }
  std::uint32_t column() const { return file ? file->column_of(offset) : 0; }
  // "file:line:col", or "<unknown>" for an invalid span.
  std::string location() const;
  // The smallest span covering both (same file required; otherwise returns *this).
  span to(const span& other) const;
};

// Reads a whole input file into *text. Only a regular file is read: a FIFO, a device, a socket or a
// directory (also through a symbolic link) is refused instead of blocking forever or reading without end,
// and so is a file larger than `max_bytes`. On failure returns false and sets *reason to why, e.g.
// "is a FIFO, not a regular file" or "No such file or directory" (without the path).
bool read_regular_file(const std::string& path, std::size_t max_bytes, std::string* text,
                       std::string* reason);

// The largest model, property or scenario file that is read: far beyond any real one, small enough that
// a wrong file name is an error and not an out-of-memory.
inline constexpr std::size_t max_source_bytes = std::size_t{16} << 20;

// Keeps loaded files alive for as long as spans into them exist.
class source_manager {
 public:
  // Reads a file from disk (see read_regular_file, with max_source_bytes); returns nullptr and fills
  // `error` with "cannot read '<path>': <reason>" if it cannot be read.
  const source_file* load(const std::string& path, std::string* error);
  // Registers in-memory text (tests, stdin).
  const source_file* add(std::string path, std::string text);

 private:
  std::vector<std::unique_ptr<source_file>> files_;
};

// What a file of this st_mode is, for messages refusing it: "a FIFO", "a symbolic link", ...
std::string_view file_type_name(unsigned mode);

}  // namespace ptmc

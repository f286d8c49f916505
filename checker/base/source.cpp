#include "base/source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
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

const source_file* source_manager::load(const std::string& path, std::string* error) {
  auto fail = [&](const std::string& why) -> const source_file* {
    if (error) *error = "cannot read '" + path + "': " + why;
    return nullptr;
  };
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return fail("is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(std::strerror(errno));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return fail("read error");
  std::string text = std::move(contents).str();
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) return fail("file too large");
  return add(path, std::move(text));
}

const source_file* source_manager::add(std::string path, std::string text) {
  files_.push_back(std::make_unique<source_file>(std::move(path), std::move(text)));
  return files_.back().get();
}

}  // namespace ptmc

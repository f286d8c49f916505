#include "base/diagnostics.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>

namespace ptmc {

diagnostic& diagnostics::error(std::string kind, span where, std::string message) {
  add(diagnostic{std::move(kind), severity::error, where, std::move(message), {}, {}});
  return items_.back();
}

diagnostic& diagnostics::warning(std::string kind, span where, std::string message) {
  add(diagnostic{std::move(kind), severity::warning, where, std::move(message), {}, {}});
  return items_.back();
}

diagnostic& diagnostics::file_error(std::string kind, std::string path, std::string message) {
  diagnostic d{std::move(kind), severity::error, span{}, std::move(message), {}, std::move(path)};
  add(std::move(d));
  return items_.back();
}

void diagnostics::add(diagnostic d) { items_.push_back(std::move(d)); }

std::size_t diagnostics::error_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const diagnostic& d) { return d.level == severity::error; }));
}

std::size_t diagnostics::warning_count() const {
  return static_cast<std::size_t>(std::count_if(
      items_.begin(), items_.end(), [](const diagnostic& d) { return d.level == severity::warning; }));
}

namespace {

std::string_view severity_name(severity level) {
  switch (level) {
    case severity::note:
      return "note";
    case severity::warning:
      return "warning";
    case severity::error:
      return "error";
  }
  return "error";
}

// UTF-8 continuation bytes take no column of their own on screen.
bool starts_character(char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }

// Control bytes other than tab would move the cursor, recolour the terminal or vanish (ESC, NUL, CR): they
// are shown as "\x1b" instead, four columns wide.
bool shown_escaped(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return (byte < 0x20 && c != '\t') || byte == 0x7F;
}

void append_escaped(std::string& out, char c) {
  static constexpr char hex[] = "0123456789abcdef";
  const auto byte = static_cast<unsigned char>(c);
  out += "\\x";
  out += hex[byte >> 4];
  out += hex[byte & 0xF];
}

// The bytes [begin, end) of a line to show: the whole line when it is short, else a window of about
// excerpt_width bytes that keeps the caret (at byte `caret`, possibly past the end) about a third of the
// way in. The window does not start or end inside a UTF-8 character.
std::pair<std::size_t, std::size_t> excerpt_window(std::string_view text, std::size_t caret,
                                                   std::size_t width) {
  if (text.size() <= width) return {0, text.size()};
  const std::size_t lead = width / 3;
  std::size_t begin = std::min(caret > lead ? caret - lead : 0, text.size());
  std::size_t end = std::min(text.size(), begin + width);
  if (end - begin < width && end == text.size()) begin = end > width ? end - width : 0;
  if (begin > caret) begin = caret;
  while (begin > 0 && begin < text.size() && !starts_character(text[begin])) ++begin;
  while (end < text.size() && !starts_character(text[end])) --end;
  return {begin, end};
}

// The source line under a gutter, then a caret line: "^" at the start column and "~" for the rest of the
// span on that line. Tabs are copied from the source line so that the caret lands under the same character
// whatever the tab width; an escaped control byte takes as many columns below as it does above.
void print_excerpt(std::string& out, const span& where) {
  const std::uint32_t line = where.line();
  const std::uint32_t column = where.column();
  const std::string_view text = where.file->line_text(line);
  const std::size_t start = column - 1;
  const auto [begin, end] = excerpt_window(text, start, diagnostics::excerpt_width);
  static constexpr std::string_view cut = "...";

  // The gutter is 5 wide, wider only for line numbers that need it.
  const std::string number = std::to_string(line);
  const std::string gutter = std::string(std::max<std::size_t>(5, number.size()), ' ');
  out += gutter.substr(number.size()) + number + " | ";
  if (begin > 0) out += cut;
  for (std::size_t i = begin; i < end; ++i) {
    if (shown_escaped(text[i])) {
      append_escaped(out, text[i]);
    } else {
      out += text[i];
    }
  }
  if (end < text.size()) out += cut;
  out += '\n';

  // Below each shown byte, what takes its columns: `fill` for a printable character, the tab itself.
  auto underline = [&](std::size_t i, char fill) {
    if (i >= text.size()) {
      out += fill;
    } else if (text[i] == '\t') {
      out += '\t';
    } else if (shown_escaped(text[i])) {
      out.append(4, fill);
    } else if (starts_character(text[i])) {
      out += fill;
    }
  };
  out += gutter + " | ";
  if (begin > 0) out.append(cut.size(), ' ');
  for (std::size_t i = begin; i < start; ++i) underline(i, ' ');
  out += '^';
  if (start < text.size() && shown_escaped(text[start])) out.append(3, '~');
  const std::size_t underline_end = std::min<std::size_t>(start + where.length, end);
  for (std::size_t i = start + 1; i < underline_end; ++i) underline(i, '~');
  out += '\n';
}

void print_one(std::string& out, severity level, const span& where, const std::string& path,
               const std::string& message, const std::string& kind) {
  out += where.valid() ? where.location() : (path.empty() ? std::string("<unknown>") : path);
  out += ": ";
  out += severity_name(level);
  out += ": ";
  out += message;
  if (!kind.empty()) out += " [" + kind + ']';
  out += '\n';
  if (where.valid()) print_excerpt(out, where);
}

void print_count(std::string& out, std::size_t count, std::string_view noun) {
  out += std::to_string(count) + ' ' + std::string(noun) + (count == 1 ? "" : "s");
}

}  // namespace

void diagnostics::print(std::ostream& out) const {
  std::vector<const diagnostic*> sorted;
  sorted.reserve(items_.size());
  for (const diagnostic& d : items_) sorted.push_back(&d);
  // Diagnostics without a position sort first: they are about the run as a whole or a file as a whole (an
  // unreadable file).
  auto key = [](const diagnostic* d) {
    const span& s = d->where;
    return std::make_tuple(s.valid(),
                           s.valid() ? std::string_view(s.file->path()) : std::string_view(d->path), s.line(),
                           s.column());
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const diagnostic* a, const diagnostic* b) { return key(a) < key(b); });

  std::string text;
  for (const diagnostic* d : sorted) {
    print_one(text, d->level, d->where, d->path, d->message, d->kind);
    for (const diagnostic_note& note : d->notes)
      print_one(text, severity::note, note.where, {}, note.message, {});
  }

  const std::size_t errors = error_count();
  const std::size_t warnings = warning_count();
  if (errors > 0) print_count(text, errors, "error");
  if (errors > 0 && warnings > 0) text += ", ";
  if (warnings > 0) print_count(text, warnings, "warning");
  if (errors > 0 || warnings > 0) text += '\n';
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

}  // namespace ptmc

#include "base/diagnostics.h"

#include <algorithm>
#include <iomanip>
#include <string>
#include <string_view>
#include <tuple>

namespace ptmc {

diagnostic& diagnostics::error(std::string kind, span where, std::string message) {
  add(diagnostic{std::move(kind), severity::error, where, std::move(message), {}});
  return items_.back();
}

diagnostic& diagnostics::warning(std::string kind, span where, std::string message) {
  add(diagnostic{std::move(kind), severity::warning, where, std::move(message), {}});
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

// The source line under a gutter, then a caret line: "^" at the start column and "~" for the rest of the
// span on that line. Tabs are copied from the source line so that the caret lands under the same character
// whatever the tab width.
void print_excerpt(std::ostream& out, const span& where) {
  const std::uint32_t line = where.line();
  const std::uint32_t column = where.column();
  const std::string_view text = where.file->line_text(line);

  // The gutter is 5 wide, wider only for line numbers that need it.
  const int width = std::max<int>(5, static_cast<int>(std::to_string(line).size()));
  out << std::setw(width) << line << " | " << text << '\n';
  out << std::setw(width) << ""
      << " | ";
  const std::size_t start = column - 1;
  for (std::size_t i = 0; i < start; ++i) {
    if (i < text.size()) {
      if (text[i] == '\t') {
        out << '\t';
      } else if (starts_character(text[i])) {
        out << ' ';
      }
    } else {
      out << ' ';
    }
  }
  out << '^';
  const std::size_t end = std::min<std::size_t>(start + where.length, text.size());
  for (std::size_t i = start + 1; i < end; ++i) {
    if (text[i] == '\t') {
      out << '\t';  // keeps the rest of the underline aligned
    } else if (starts_character(text[i])) {
      out << '~';
    }
  }
  out << '\n';
}

void print_one(std::ostream& out, severity level, const span& where, const std::string& message,
               const std::string& kind) {
  out << where.location() << ": " << severity_name(level) << ": " << message;
  if (!kind.empty()) out << " [" << kind << ']';
  out << '\n';
  if (where.valid()) print_excerpt(out, where);
}

void print_count(std::ostream& out, std::size_t count, std::string_view noun) {
  out << count << ' ' << noun << (count == 1 ? "" : "s");
}

}  // namespace

void diagnostics::print(std::ostream& out) const {
  std::vector<const diagnostic*> sorted;
  sorted.reserve(items_.size());
  for (const diagnostic& d : items_) sorted.push_back(&d);
  // Diagnostics without a position sort first: they are about the run as a whole (an unreadable file).
  auto key = [](const diagnostic* d) {
    const span& s = d->where;
    return std::make_tuple(s.valid(), s.valid() ? std::string_view(s.file->path()) : std::string_view(),
                           s.line(), s.column());
  };
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const diagnostic* a, const diagnostic* b) { return key(a) < key(b); });

  for (const diagnostic* d : sorted) {
    print_one(out, d->level, d->where, d->message, d->kind);
    for (const diagnostic_note& note : d->notes) print_one(out, severity::note, note.where, note.message, {});
  }

  const std::size_t errors = error_count();
  const std::size_t warnings = warning_count();
  if (errors > 0) print_count(out, errors, "error");
  if (errors > 0 && warnings > 0) out << ", ";
  if (warnings > 0) print_count(out, warnings, "warning");
  if (errors > 0 || warnings > 0) out << '\n';
}

}  // namespace ptmc

// Diagnostics as values: collected, sorted, printed with the source line and a caret.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <vector>

#include "base/source.h"

namespace ptmc {

enum class severity { note, warning, error };

// A stable identifier for each kind of diagnostic, e.g. "parse.expected-token",
// "sema.unknown-name". Golden tests and SARIF reports use it.
struct diagnostic_note {
  span where;
  std::string message;
};

struct diagnostic {
  std::string kind;
  severity level = severity::error;
  span where;
  std::string message;
  std::vector<diagnostic_note> notes;
  // The file a diagnostic without a span is about (one that cannot be read has no text to point into):
  // printed as its location instead of "<unknown>". Empty for a diagnostic about the run as a whole.
  std::string path = {};
};

class diagnostics {
 public:
  diagnostic& error(std::string kind, span where, std::string message);
  diagnostic& warning(std::string kind, span where, std::string message);
  // An error about a whole file that has no text to point into (it cannot be read, or holds nothing).
  diagnostic& file_error(std::string kind, std::string path, std::string message);
  void add(diagnostic d);

  std::size_t error_count() const;
  std::size_t warning_count() const;
  bool has_errors() const { return error_count() > 0; }
  const std::vector<diagnostic>& all() const { return items_; }
  void clear() { items_.clear(); }

  // Prints every diagnostic sorted by file, line, column (stable for equal positions):
  //   file:line:col: error: message [kind]
  //    12 |   source line
  //       |   ^~~~
  //   file:line:col: note: ...
  // then "N errors" / "N errors, M warnings" when there is at least one error or warning.
  // A long source line is shown as a window of about excerpt_width bytes around the caret, with "..."
  // where it is cut; control bytes are shown escaped ("\x1b"), and the caret stays under its character.
  // Everything is written to `out` at once, so an unbuffered stream such as std::cerr costs one write.
  void print(std::ostream& out) const;

  static constexpr std::size_t excerpt_width = 240;

 private:
  std::vector<diagnostic> items_;
};

}  // namespace ptmc

// Helpers for the syntax tests: parse text held in memory, and show trees in a fully bracketed form
// so that tests can state grouping exactly.
#pragma once

#include <memory>
#include <string>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/ast.h"

namespace ptmc::lang::testing {

// A parsed in-memory file together with what keeps its spans alive.
struct parsed {
  source_manager sources;
  diagnostics diags;
  std::unique_ptr<source_unit> unit;
  const source_file* file = nullptr;

  // The kinds of all diagnostics, in report order, separated by spaces ("" when there are none).
  std::string kinds() const;
  // The diagnostics as `ptmc` prints them.
  std::string printed() const;
};

// Parses `text` as a file named `path` (the extension selects the file kind).
std::unique_ptr<parsed> parse_text(const std::string& text, const std::string& path = "test.ptm");

// Parses `text` as one expression and returns its s-expression ("(+ a (* b c))"), or
// "error: <kinds>" when it does not parse.
std::string sexpr_of(const std::string& text);

// Parses `text` as a type, by way of `var x: TEXT;`, and returns its s-expression or "error: <kinds>".
std::string type_sexpr_of(const std::string& text);

// Fully bracketed forms of trees.
std::string sexpr(const expr& e);
std::string sexpr(const type_expr& t);
std::string sexpr(const stmt& s);

}  // namespace ptmc::lang::testing

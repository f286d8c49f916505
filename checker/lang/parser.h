// The recursive-descent parser of models, properties and scenarios, and the operator tables it
// shares with the printer. The main entry point, parse(file, diags), is declared in lang/frontend.h.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/ast.h"

namespace ptmc::lang {

// Deepest nesting of expressions, statements and types combined (a parenthesis, a block, an operand
// of a chain of operators each count one level). Deeper input is rejected with parse.too-deep, so
// that neither the parser nor any later recursive pass over the tree can overflow the stack.
inline constexpr int max_nesting = 200;

// Errors reported per file (lexer and parser together) before the file is given up on with a
// parse.too-many-errors note.
inline constexpr std::size_t max_errors_per_file = 50;

// Parses `file` as a file of the given kind, whatever its extension. Same contract as parse().
std::unique_ptr<source_unit> parse(const source_file& file, file_kind kind, diagnostics& diags);

// Parses the whole of `file` as one expression (tests, tools). Returns nullptr after reporting an
// error to `diags`.
expr_ptr parse_expression(const source_file& file, diagnostics& diags);

// Whether a file of kind `file` may hold a declaration of kind `kind` (spec/README.md).
bool allowed_in(file_kind file, decl_kind kind);

// ---------------------------------------------------------------- operator tables

// Binding strength, loosest first. Binary operators use the levels implies..multiplicative.
enum class precedence : int {
  quantifier = 0,   // forall/exists/count: extend as far right as possible
  conditional,      // c ? a : b
  implies,          // ->
  logical_or,       // ||
  logical_and,      // &&
  equality,         // == !=
  relational,       // < <= > >= in
  bit_or,           // |
  bit_and,          // &
  additive,         // + -
  multiplicative,   // * / %
  unary,            // ! -
  postfix,          // a[i] a.f f(x) p@l, and every literal and name
};

precedence precedence_of(binary_op op);
// Only -> is right-associative.
bool is_right_associative(binary_op op);

std::string_view spelling(binary_op op);
std::string_view spelling(unary_op op);
std::string_view spelling(assign_op op);  // "=", "+=", ...
std::string_view spelling(quant_kind kind);

}  // namespace ptmc::lang

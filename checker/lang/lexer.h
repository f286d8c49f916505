// The lexer of the modelling language: source text to tokens with spans and doc comments.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"

namespace ptmc::lang {

enum class token_kind {
  end_of_file,
  identifier,
  integer,
  string,
  wildcard,  // _

  // keywords (spec/README.md, "Lexical structure")
  kw_after, kw_allow, kw_as, kw_assert, kw_atomic, kw_await, kw_bool, kw_break, kw_choose, kw_const, kw_count,
  kw_either, kw_else, kw_emit, kw_enum, kw_event, kw_exists, kw_expect, kw_extends, kw_fair, kw_false,
  kw_fn, kw_for, kw_forall, kw_if, kw_in, kw_init, kw_inline, kw_invariant, kw_let, kw_list, kw_loop,
  kw_model, kw_monitor, kw_none, kw_observe, kw_or, kw_override, kw_param, kw_process, kw_program, kw_properties,
  kw_property, kw_record, kw_repeat, kw_return, kw_scenario, kw_self, kw_set, kw_skip, kw_symmetric,
  kw_syscall, kw_true, kw_type, kw_unfair, kw_var, kw_where, kw_while,

  // punctuation
  l_paren, r_paren, l_brace, r_brace, l_bracket, r_bracket,
  semicolon, comma, colon, dot, dot_dot, question, at, tilde, leads_to /* ~> */, arrow /* -> */,
  assign, plus_assign, minus_assign, or_assign, and_assign,
  eq, ne, lt, le, gt, ge, bang, and_and, or_or, pipe, amp, plus, minus, star, slash, percent,
};

struct token {
  token_kind kind = token_kind::end_of_file;
  span where;
  std::string_view text;     // the token's bytes in the source
  std::int64_t int_value = 0;  // integer
  std::string string_value;  // string: the value with escapes decoded
  std::string doc;           // the `///` lines directly before this token, joined with '\n'
};

// Reports errors into a diagnostics sink up to a per-file limit. The first error past the limit is
// replaced by one note "too many errors" [parse.too-many-errors]; everything after it is dropped.
// Lexer and parser of one file share one reporter, so the limit covers both.
class error_reporter {
 public:
  explicit error_reporter(diagnostics& diags, std::size_t limit = 50) : diags_(diags), limit_(limit) {}

  // Returns the reported diagnostic (to attach notes), or nullptr when the limit was reached.
  diagnostic* error(std::string kind, span where, std::string message);
  // True once the limit was reached: callers stop working on the file.
  bool exhausted() const { return exhausted_; }
  std::size_t count() const { return count_; }

 private:
  diagnostics& diags_;
  std::size_t limit_;
  std::size_t count_ = 0;
  bool exhausted_ = false;
};

// Splits a whole file into tokens; the last token is always end_of_file. Lexical errors (kinds lex.*)
// go to `errors`; the lexer recovers from each (an unknown byte run is skipped, an unterminated string
// ends at the line end) and stops early, with an end_of_file token, only when `errors` is exhausted.
std::vector<token> lex(const source_file& file, error_reporter& errors);

// The spelling of a keyword or punctuation token ("while", "~>"), or a description of a token class
// ("identifier", "end of file").
std::string_view spelling(token_kind kind);

// How a token reads in "expected X, found Y" messages: "identifier 'foo'", "'while'", "end of file".
std::string describe(const token& t);

// The keyword token for an identifier-like word, or identifier if it is not a keyword.
token_kind keyword_kind(std::string_view word);

}  // namespace ptmc::lang

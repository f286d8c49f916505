// The lexer: tokens, spans, literals, comments, doc comments and lexical errors.
#include "lang/lexer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ptmc::lang {
namespace {

struct lexed {
  source_manager sources;
  diagnostics diags;
  std::vector<token> tokens;

  std::string kinds() const {
    std::string out;
    for (const diagnostic& d : diags.all()) out += (out.empty() ? "" : " ") + d.kind;
    return out;
  }
};

std::unique_ptr<lexed> lex_text(const std::string& text) {
  auto result = std::make_unique<lexed>();
  const source_file* file = result->sources.add("test.ptm", text);
  error_reporter errors(result->diags);
  result->tokens = lex(*file, errors);
  return result;
}

// The token kinds of `text`, spelled, without the final end of file.
std::string spelled(const std::string& text) {
  auto l = lex_text(text);
  std::string out;
  for (const token& t : l->tokens) {
    if (t.kind == token_kind::end_of_file) break;
    if (!out.empty()) out += ' ';
    out += t.kind == token_kind::identifier ? "id:" + std::string(t.text) : std::string(spelling(t.kind));
  }
  return out;
}

TEST(lexer, keywords_identifiers_and_wildcard) {
  EXPECT_EQ(spelled("while whilex _ _x x_1 self as"), "while id:whilex _ id:_x id:x_1 self as");
  EXPECT_EQ(keyword_kind("symmetric"), token_kind::kw_symmetric);
  EXPECT_EQ(keyword_kind("len"), token_kind::identifier);
}

TEST(lexer, every_keyword_of_the_spec_is_a_keyword) {
  for (const char* word :
       {"after", "atomic", "await", "assert", "bool", "break", "choose", "const", "count", "either", "else", "emit",
        "enum", "event", "exists", "expect", "extends", "fair", "false", "fn", "for", "forall", "if", "in", "init",
        "inline", "invariant", "let", "list", "loop", "model", "monitor", "none", "observe", "or", "override",
        "param", "process", "program", "properties", "property", "record", "repeat", "return", "scenario", "self",
        "set", "skip", "symmetric", "syscall", "true", "type", "unfair", "var", "where", "while", "as"}) {
    const token_kind kind = keyword_kind(word);
    EXPECT_NE(kind, token_kind::identifier) << word;
    EXPECT_EQ(spelling(kind), word);
  }
}

TEST(lexer, punctuation_longest_match) {
  EXPECT_EQ(spelled("~> -> .. . ~exists == = != ! <= < >= > && & || | += -= |= &= - + * / % ? @ : ; ,"),
            "~> -> .. . ~ exists == = != ! <= < >= > && & || | += -= |= &= - + * / % ? @ : ; ,");
  EXPECT_EQ(spelled("0..N-1"), "integer .. id:N - integer");
  EXPECT_EQ(spelled("a.b..c"), "id:a . id:b .. id:c");
  EXPECT_EQ(spelled("x-->y"), "id:x - -> id:y");
}

TEST(lexer, spans_point_at_the_token) {
  auto l = lex_text("model\n  \"x\";");
  ASSERT_EQ(l->tokens.size(), 4u);
  EXPECT_EQ(l->tokens[1].where.offset, 8u);
  EXPECT_EQ(l->tokens[1].where.length, 3u);
  EXPECT_EQ(l->tokens[1].where.line(), 2u);
  EXPECT_EQ(l->tokens[1].where.column(), 3u);
  EXPECT_EQ(l->tokens[3].kind, token_kind::end_of_file);
  EXPECT_EQ(l->tokens[3].where.offset, 12u);
}

TEST(lexer, decimal_and_hex_integers) {
  auto l = lex_text("0 42 0x2a 0XFF 9223372036854775807 0x7fffffffffffffff");
  ASSERT_EQ(l->tokens.size(), 7u);
  EXPECT_EQ(l->tokens[0].int_value, 0);
  EXPECT_EQ(l->tokens[1].int_value, 42);
  EXPECT_EQ(l->tokens[2].int_value, 42);
  EXPECT_EQ(l->tokens[3].int_value, 255);
  EXPECT_EQ(l->tokens[4].int_value, INT64_MAX);
  EXPECT_EQ(l->tokens[5].int_value, INT64_MAX);
  EXPECT_EQ(l->kinds(), "");
}

TEST(lexer, integers_past_63_bits_are_errors) {
  EXPECT_EQ(lex_text("9223372036854775808")->kinds(), "lex.integer-too-large");
  EXPECT_EQ(lex_text("0x8000000000000000")->kinds(), "lex.integer-too-large");
  EXPECT_EQ(lex_text("99999999999999999999999999999999999999999")->kinds(), "lex.integer-too-large");
}

TEST(lexer, malformed_integers) {
  EXPECT_EQ(lex_text("12ab")->kinds(), "lex.invalid-integer");
  EXPECT_EQ(lex_text("0x")->kinds(), "lex.invalid-integer");
  EXPECT_EQ(lex_text("0x1g")->kinds(), "lex.invalid-integer");
  EXPECT_EQ(lex_text("007")->kinds(), "lex.invalid-integer");
  EXPECT_EQ(spelled("12ab"), "integer");  // one token, so that the parser sees one operand
}

TEST(lexer, strings_and_escapes) {
  auto l = lex_text(R"("a\"b\\c\nd" "")");
  ASSERT_EQ(l->tokens.size(), 3u);
  EXPECT_EQ(l->tokens[0].string_value, "a\"b\\c\nd");
  EXPECT_EQ(l->tokens[1].string_value, "");
  EXPECT_EQ(l->kinds(), "");
  EXPECT_EQ(lex_text(R"("a\tb")")->kinds(), "lex.invalid-escape");
}

TEST(lexer, unterminated_strings) {
  auto l = lex_text("\"abc\nmodel");
  EXPECT_EQ(l->kinds(), "lex.unterminated-string");
  ASSERT_EQ(l->tokens.size(), 3u);
  EXPECT_EQ(l->tokens[0].string_value, "abc");
  EXPECT_EQ(l->tokens[1].kind, token_kind::kw_model);  // lexing resumes on the next line
  EXPECT_EQ(lex_text("\"abc")->kinds(), "lex.unterminated-string");
  EXPECT_EQ(lex_text("\"abc\\")->kinds(), "lex.invalid-escape lex.unterminated-string");
}

TEST(lexer, comments) {
  EXPECT_EQ(spelled("a // b c\nd /* e\nf */ g /**/ h"), "id:a id:d id:g id:h");
  auto l = lex_text("a /* never closed\n b");
  EXPECT_EQ(l->kinds(), "lex.unterminated-comment");
  EXPECT_EQ(l->tokens.size(), 2u);
  EXPECT_EQ(l->diags.all()[0].where.offset, 2u);
}

TEST(lexer, doc_comments_attach_to_the_next_token) {
  auto l = lex_text("/// first line\n///  indented\n///\n//// not doc\n// plain\nvar x /// trailing\n;");
  ASSERT_EQ(l->tokens.size(), 4u);
  EXPECT_EQ(l->tokens[0].doc, "first line\n indented\n");
  EXPECT_EQ(l->tokens[1].doc, "");
  EXPECT_EQ(l->tokens[2].doc, "trailing");
}

TEST(lexer, doc_comment_strips_carriage_return) {
  auto l = lex_text("/// dos\r\nx");
  EXPECT_EQ(l->tokens[0].doc, "dos");
}

TEST(lexer, one_error_per_run_of_invalid_bytes) {
  auto l = lex_text("a $$$# b \x80\x81\x82 c");
  EXPECT_EQ(l->kinds(), "lex.invalid-character lex.invalid-character");
  EXPECT_EQ(l->diags.all()[0].where.length, 4u);
  EXPECT_EQ(l->diags.all()[0].message, "invalid character '$' (and 3 more invalid bytes)");
  EXPECT_EQ(l->diags.all()[1].message,
            "invalid character '\\x80' (and 2 more invalid bytes); only ASCII is allowed outside comments and strings");
  EXPECT_EQ(spelled("a $$$# b"), "id:a id:b");
}

TEST(lexer, non_ascii_word_is_one_error) {
  auto l = lex_text("x = \xc3\xa9t\xc3\xa9 caf\xc3\xa9;");
  EXPECT_EQ(l->kinds(), "lex.invalid-character lex.invalid-character");
  EXPECT_EQ(l->diags.all()[0].where.length, 5u);
  EXPECT_EQ(spelled("x = \xc3\xa9t\xc3\xa9 caf\xc3\xa9;"), "id:x = id:caf ;");
}

TEST(lexer, nul_bytes_are_invalid_characters) {
  auto l = lex_text(std::string("a\0\0b", 4));
  EXPECT_EQ(l->kinds(), "lex.invalid-character");
  EXPECT_EQ(l->tokens.size(), 3u);  // a, b, end of file
}

TEST(lexer, error_limit_stops_with_one_note) {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "$ ";
  auto l = lex_text(text);
  ASSERT_EQ(l->diags.all().size(), 51u);
  EXPECT_EQ(l->diags.error_count(), 50u);
  EXPECT_EQ(l->diags.all().back().kind, "parse.too-many-errors");
  EXPECT_EQ(l->diags.all().back().level, severity::note);
  EXPECT_EQ(l->tokens.back().kind, token_kind::end_of_file);
}

TEST(lexer, describe_tokens_for_messages) {
  auto l = lex_text("foo 12 \"s\" while ;");
  EXPECT_EQ(describe(l->tokens[0]), "identifier 'foo'");
  EXPECT_EQ(describe(l->tokens[1]), "integer 12");
  EXPECT_EQ(describe(l->tokens[2]), "string \"s\"");
  EXPECT_EQ(describe(l->tokens[3]), "'while'");
  EXPECT_EQ(describe(l->tokens[4]), "';'");
  EXPECT_EQ(describe(l->tokens[5]), "end of file");
}

}  // namespace
}  // namespace ptmc::lang

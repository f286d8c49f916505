#include "lang/lexer.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <utility>

namespace ptmc::lang {

diagnostic* error_reporter::error(std::string kind, span where, std::string message) {
  if (exhausted_) return nullptr;
  if (count_ >= limit_) {
    exhausted_ = true;
    diags_.add(diagnostic{"parse.too-many-errors", severity::note, where,
                          "too many errors (" + std::to_string(limit_) + "); giving up on this file", {}});
    return nullptr;
  }
  ++count_;
  return &diags_.error(std::move(kind), where, std::move(message));
}

namespace {

using keyword_entry = std::pair<std::string_view, token_kind>;

// Sorted by spelling for binary search.
constexpr std::array<keyword_entry, 59> keywords = {{
    {"_", token_kind::wildcard},
    {"after", token_kind::kw_after}, {"allow", token_kind::kw_allow},       {"as", token_kind::kw_as},
    {"assert", token_kind::kw_assert},     {"atomic", token_kind::kw_atomic},
    {"await", token_kind::kw_await},       {"bool", token_kind::kw_bool},
    {"break", token_kind::kw_break},       {"choose", token_kind::kw_choose},
    {"const", token_kind::kw_const},       {"count", token_kind::kw_count},
    {"either", token_kind::kw_either},     {"else", token_kind::kw_else},
    {"emit", token_kind::kw_emit},         {"enum", token_kind::kw_enum},
    {"event", token_kind::kw_event},       {"exists", token_kind::kw_exists},
    {"expect", token_kind::kw_expect},     {"extends", token_kind::kw_extends},
    {"fair", token_kind::kw_fair},         {"false", token_kind::kw_false},
    {"fn", token_kind::kw_fn},             {"for", token_kind::kw_for},
    {"forall", token_kind::kw_forall},     {"if", token_kind::kw_if},
    {"in", token_kind::kw_in},             {"init", token_kind::kw_init},
    {"inline", token_kind::kw_inline},     {"invariant", token_kind::kw_invariant},
    {"let", token_kind::kw_let},           {"list", token_kind::kw_list},
    {"loop", token_kind::kw_loop},         {"model", token_kind::kw_model},
    {"monitor", token_kind::kw_monitor},   {"none", token_kind::kw_none},
    {"observe", token_kind::kw_observe},   {"or", token_kind::kw_or},
    {"override", token_kind::kw_override},
    {"param", token_kind::kw_param},       {"process", token_kind::kw_process},
    {"program", token_kind::kw_program},   {"properties", token_kind::kw_properties},
    {"property", token_kind::kw_property}, {"record", token_kind::kw_record},
    {"repeat", token_kind::kw_repeat},     {"return", token_kind::kw_return},
    {"scenario", token_kind::kw_scenario}, {"self", token_kind::kw_self},
    {"set", token_kind::kw_set},           {"skip", token_kind::kw_skip},
    {"symmetric", token_kind::kw_symmetric}, {"syscall", token_kind::kw_syscall},
    {"true", token_kind::kw_true},         {"type", token_kind::kw_type},
    {"unfair", token_kind::kw_unfair},     {"var", token_kind::kw_var},
    {"where", token_kind::kw_where},       {"while", token_kind::kw_while},
}};

constexpr bool keywords_sorted() {
  for (std::size_t i = 1; i < keywords.size(); ++i) {
    if (!(keywords[i - 1].first < keywords[i].first)) return false;
  }
  return true;
}
static_assert(keywords_sorted(), "the keyword table must stay sorted for binary search");

constexpr std::array<std::pair<token_kind, std::string_view>, 42> punctuation = {{
    {token_kind::l_paren, "("},      {token_kind::r_paren, ")"},       {token_kind::l_brace, "{"},
    {token_kind::r_brace, "}"},      {token_kind::l_bracket, "["},     {token_kind::r_bracket, "]"},
    {token_kind::semicolon, ";"},    {token_kind::comma, ","},         {token_kind::colon, ":"},
    {token_kind::dot, "."},          {token_kind::dot_dot, ".."},      {token_kind::question, "?"},
    {token_kind::at, "@"},           {token_kind::tilde, "~"},         {token_kind::leads_to, "~>"},
    {token_kind::arrow, "->"},       {token_kind::assign, "="},        {token_kind::plus_assign, "+="},
    {token_kind::minus_assign, "-="}, {token_kind::or_assign, "|="},   {token_kind::and_assign, "&="},
    {token_kind::eq, "=="},          {token_kind::ne, "!="},           {token_kind::lt, "<"},
    {token_kind::le, "<="},          {token_kind::gt, ">"},            {token_kind::ge, ">="},
    {token_kind::bang, "!"},         {token_kind::and_and, "&&"},      {token_kind::or_or, "||"},
    {token_kind::pipe, "|"},         {token_kind::amp, "&"},           {token_kind::plus, "+"},
    {token_kind::minus, "-"},        {token_kind::star, "*"},          {token_kind::slash, "/"},
    {token_kind::percent, "%"},      {token_kind::end_of_file, "end of file"},
    {token_kind::identifier, "identifier"}, {token_kind::integer, "integer"},
    {token_kind::string, "string"},  {token_kind::wildcard, "_"},
}};

bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_char(char c) { return is_ident_start(c) || is_digit(c); }
bool is_hex_digit(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

int hex_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return c - 'A' + 10;
}

bool is_punctuation_start(char c) {
  return std::string_view("(){}[];,:.?@~=!<>&|+-*/%").find(c) != std::string_view::npos;
}

// A byte that begins some token (or a comment); anything else that is not white space is invalid.
bool starts_token(char c) { return is_ident_start(c) || is_digit(c) || c == '"' || is_punctuation_start(c); }

// A byte as it should appear inside a message: printable ASCII as itself, anything else as \xNN.
std::string show_byte(char c) {
  const auto byte = static_cast<unsigned char>(c);
  if (byte >= 0x20 && byte < 0x7f) return std::string(1, c);
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\x%02x", byte);
  return buffer;
}

class lexer {
 public:
  lexer(const source_file& file, error_reporter& errors) : file_(file), text_(file.text()), errors_(errors) {}

  std::vector<token> run() {
    while (!errors_.exhausted()) {
      skip_trivia();
      if (errors_.exhausted() || at_end()) break;
      lex_token();
    }
    token eof;
    eof.kind = token_kind::end_of_file;
    eof.where = span_from(static_cast<std::uint32_t>(text_.size()));
    eof.doc = take_doc();
    tokens_.push_back(std::move(eof));
    return std::move(tokens_);
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  span span_from(std::size_t start) const {
    return span{&file_, static_cast<std::uint32_t>(start), static_cast<std::uint32_t>(pos_ - start)};
  }

  void error(std::string kind, std::size_t start, std::string message) {
    errors_.error(std::move(kind), span_from(start), std::move(message));
  }

  std::string take_doc() {
    std::string doc;
    for (std::size_t i = 0; i < doc_lines_.size(); ++i) {
      if (i > 0) doc += '\n';
      doc += doc_lines_[i];
    }
    doc_lines_.clear();
    return doc;
  }

  // White space and comments; `///` comments (but not `////`) are kept for the next token.
  void skip_trivia() {
    while (!at_end() && !errors_.exhausted()) {
      if (is_space(peek())) {
        ++pos_;
      } else if (peek() == '/' && peek(1) == '/') {
        line_comment();
      } else if (peek() == '/' && peek(1) == '*') {
        block_comment();
      } else {
        return;
      }
    }
  }

  void line_comment() {
    const std::size_t start = pos_;
    std::size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    pos_ = end;
    std::string_view body = text_.substr(start, end - start);
    if (body.size() >= 3 && body[2] == '/' && (body.size() == 3 || body[3] != '/')) {
      body.remove_prefix(3);
      if (!body.empty() && body.front() == ' ') body.remove_prefix(1);
      if (!body.empty() && body.back() == '\r') body.remove_suffix(1);
      doc_lines_.emplace_back(body);
    }
  }

  void block_comment() {
    const std::size_t start = pos_;
    const std::size_t end = text_.find("*/", pos_ + 2);
    if (end == std::string_view::npos) {
      pos_ = start + 2;
      error("lex.unterminated-comment", start, "unterminated comment: '/*' without a matching '*/'");
      pos_ = text_.size();
      return;
    }
    pos_ = end + 2;
  }

  void push(token_kind kind, std::size_t start) {
    token t;
    t.kind = kind;
    t.where = span_from(start);
    t.text = text_.substr(start, pos_ - start);
    t.doc = take_doc();
    tokens_.push_back(std::move(t));
  }

  void lex_token() {
    const char c = peek();
    if (is_ident_start(c)) return identifier();
    if (is_digit(c)) return integer();
    if (c == '"') return string();
    if (is_punctuation_start(c)) return punctuation_token();
    invalid_run();
  }

  void identifier() {
    const std::size_t start = pos_;
    while (!at_end() && is_ident_char(peek())) ++pos_;
    push(keyword_kind(text_.substr(start, pos_ - start)), start);
  }

  // Decimal or 0x hex; anything glued to the digits (12ab, 0x, 0b1) makes the whole word invalid.
  void integer() {
    const std::size_t start = pos_;
    const bool hex = peek() == '0' && (peek(1) == 'x' || peek(1) == 'X');
    if (hex) pos_ += 2;
    const std::size_t digits_start = pos_;
    while (!at_end() && (hex ? is_hex_digit(peek()) : is_digit(peek()))) ++pos_;
    const std::string_view digits = text_.substr(digits_start, pos_ - digits_start);
    const bool glued = !at_end() && is_ident_char(peek());
    while (!at_end() && is_ident_char(peek())) ++pos_;
    push(token_kind::integer, start);

    const std::string_view word = text_.substr(start, pos_ - start);
    if (digits.empty() || glued) {
      error("lex.invalid-integer", start, "invalid integer literal '" + std::string(word) + "'");
      return;
    }
    if (!hex && digits.size() > 1 && digits.front() == '0') {
      error("lex.invalid-integer", start,
            "invalid integer literal '" + std::string(word) + "': leading zeros are not allowed (C would read octal)");
      return;
    }
    std::int64_t value = 0;
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    const int base = hex ? 16 : 10;
    for (char d : digits) {
      const int digit = hex_value(d);
      if (value > (max - digit) / base) {
        error("lex.integer-too-large", start,
              "integer literal '" + std::string(word) + "' does not fit in 63 bits (maximum 9223372036854775807)");
        return;
      }
      value = value * base + digit;
    }
    tokens_.back().int_value = value;
  }

  // "..." on one line with escapes \" \\ \n. The token is produced even when the string is broken.
  void string() {
    const std::size_t start = pos_;
    ++pos_;
    std::string value;
    bool terminated = false;
    while (!at_end() && peek() != '\n') {
      const char c = peek();
      if (c == '"') {
        ++pos_;
        terminated = true;
        break;
      }
      if (c != '\\') {
        value += c;
        ++pos_;
        continue;
      }
      escape(value);
    }
    push(token_kind::string, start);
    tokens_.back().string_value = std::move(value);
    if (!terminated) {
      error("lex.unterminated-string", start, "unterminated string: a string must end with '\"' on the same line");
    }
  }

  void escape(std::string& value) {
    const std::size_t start = pos_;
    const char next = peek(1);
    if (next == '"' || next == '\\') {
      value += next;
      pos_ += 2;
    } else if (next == 'n') {
      value += '\n';
      pos_ += 2;
    } else if (next == '\n' || pos_ + 1 >= text_.size()) {
      ++pos_;  // the backslash; the newline or end of file then ends the string
      error("lex.invalid-escape", start, "invalid escape: '\\' at the end of a line");
    } else {
      pos_ += 2;
      value += next;
      error("lex.invalid-escape", start,
            "invalid escape '\\" + show_byte(next) + "' (allowed: \\\", \\\\ and \\n)");
    }
  }

  void punctuation_token() {
    const std::size_t start = pos_;
    const char c = peek();
    const char n = peek(1);
    auto two = [&](token_kind kind) {
      pos_ += 2;
      push(kind, start);
    };
    switch (c) {
      case '.': if (n == '.') return two(token_kind::dot_dot); break;
      case '~': if (n == '>') return two(token_kind::leads_to); break;
      case '-': if (n == '>') return two(token_kind::arrow); if (n == '=') return two(token_kind::minus_assign); break;
      case '+': if (n == '=') return two(token_kind::plus_assign); break;
      case '|': if (n == '|') return two(token_kind::or_or); if (n == '=') return two(token_kind::or_assign); break;
      case '&': if (n == '&') return two(token_kind::and_and); if (n == '=') return two(token_kind::and_assign); break;
      case '=': if (n == '=') return two(token_kind::eq); break;
      case '!': if (n == '=') return two(token_kind::ne); break;
      case '<': if (n == '=') return two(token_kind::le); break;
      case '>': if (n == '=') return two(token_kind::ge); break;
      default: break;
    }
    ++pos_;
    push(single_punctuation(c), start);
  }

  static token_kind single_punctuation(char c) {
    switch (c) {
      case '(': return token_kind::l_paren;
      case ')': return token_kind::r_paren;
      case '{': return token_kind::l_brace;
      case '}': return token_kind::r_brace;
      case '[': return token_kind::l_bracket;
      case ']': return token_kind::r_bracket;
      case ';': return token_kind::semicolon;
      case ',': return token_kind::comma;
      case ':': return token_kind::colon;
      case '.': return token_kind::dot;
      case '?': return token_kind::question;
      case '@': return token_kind::at;
      case '~': return token_kind::tilde;
      case '=': return token_kind::assign;
      case '!': return token_kind::bang;
      case '<': return token_kind::lt;
      case '>': return token_kind::gt;
      case '&': return token_kind::amp;
      case '|': return token_kind::pipe;
      case '+': return token_kind::plus;
      case '-': return token_kind::minus;
      case '*': return token_kind::star;
      case '/': return token_kind::slash;
      default: return token_kind::percent;
    }
  }

  // One diagnostic for a whole run of bytes that cannot start a token, so that binary input does not
  // produce one error per byte.
  // A run that starts with a non-ASCII byte also takes the identifier characters between further
  // non-ASCII bytes, so that a word such as "été" is one error, not one per letter.
  void invalid_run() {
    const std::size_t start = pos_;
    const bool non_ascii = is_non_ascii(peek());
    std::size_t invalid_bytes = 0;
    while (!at_end() && !is_space(peek())) {
      if (!starts_token(peek())) {
        ++invalid_bytes;
        ++pos_;
        continue;
      }
      if (!non_ascii || !is_ident_char(peek())) break;
      std::size_t word_end = pos_;
      while (word_end < text_.size() && is_ident_char(text_[word_end])) ++word_end;
      if (word_end >= text_.size() || !is_non_ascii(text_[word_end])) break;
      pos_ = word_end;
    }
    std::string message = "invalid character '" + show_byte(text_[start]) + "'";
    if (invalid_bytes > 1) message += " (and " + std::to_string(invalid_bytes - 1) + " more invalid bytes)";
    if (non_ascii) message += "; only ASCII is allowed outside comments and strings";
    error("lex.invalid-character", start, std::move(message));
  }

  static bool is_non_ascii(char c) { return static_cast<unsigned char>(c) >= 0x80; }

  const source_file& file_;
  std::string_view text_;
  error_reporter& errors_;
  std::size_t pos_ = 0;
  std::vector<token> tokens_;
  std::vector<std::string> doc_lines_;
};

}  // namespace

std::vector<token> lex(const source_file& file, error_reporter& errors) { return lexer(file, errors).run(); }

token_kind keyword_kind(std::string_view word) {
  auto it = std::lower_bound(keywords.begin(), keywords.end(), word,
                             [](const keyword_entry& entry, std::string_view w) { return entry.first < w; });
  if (it != keywords.end() && it->first == word) return it->second;
  return token_kind::identifier;
}

std::string_view spelling(token_kind kind) {
  for (const keyword_entry& entry : keywords) {
    if (entry.second == kind) return entry.first;
  }
  for (const auto& [k, text] : punctuation) {
    if (k == kind) return text;
  }
  return "token";
}

std::string describe(const token& t) {
  switch (t.kind) {
    case token_kind::end_of_file:
      return "end of file";
    case token_kind::identifier:
      return "identifier '" + std::string(t.text) + "'";
    case token_kind::integer:
      return "integer " + std::string(t.text);
    case token_kind::string: {
      std::string shown;
      for (char c : t.text.substr(0, 40)) shown += show_byte(c);
      return "string " + shown + (t.text.size() > 40 ? "..." : "");
    }
    default:
      return "'" + std::string(spelling(t.kind)) + "'";
  }
}

}  // namespace ptmc::lang

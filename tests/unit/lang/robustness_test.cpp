// Hostile input: every case returns promptly with errors (or none) and never crashes, overflows the
// stack or floods the output.
#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <string>

#include "lang/frontend.h"
#include "lang/parser.h"
#include "syntax_test_util.h"

namespace ptmc::lang {
namespace {

using testing::parse_text;

constexpr const char* kinds_of_file[] = {"x.ptm", "x.inv", "x.ptl"};

std::string repeat(const std::string& piece, int times) {
  std::string out;
  out.reserve(piece.size() * static_cast<std::size_t>(times));
  for (int i = 0; i < times; ++i) out += piece;
  return out;
}

// Parses `text` as every kind of file within a generous time bound, and checks the error limit.
void survives(const std::string& text) {
  for (const char* path : kinds_of_file) {
    const auto start = std::chrono::steady_clock::now();
    auto p = parse_text(text, path);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    EXPECT_LT(elapsed, std::chrono::seconds(5)) << path;
    EXPECT_LE(p->diags.error_count(), max_errors_per_file) << path;
    EXPECT_LE(p->diags.all().size(), max_errors_per_file + 1) << path;
    // Whatever was kept prints and parses back without crashing.
    const std::string printed = print(*p->unit);
    auto again = parse_text(printed, path);
    static_cast<void>(again);
  }
}

TEST(robustness, empty_and_blank_files) {
  for (const char* text : {"", " ", "\n\n\t \r\n", "// only a comment\n", "/// dangling doc\n"}) {
    for (const char* path : kinds_of_file) {
      auto p = parse_text(text, path);
      EXPECT_EQ(p->kinds(), "parse.missing-header") << path;
      EXPECT_TRUE(p->unit->decls.empty());
    }
  }
}

TEST(robustness, binary_garbage) {
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 20; ++round) {
    std::string text(4096 + round * 997, '\0');
    for (char& c : text) c = static_cast<char>(byte(random));
    survives(text);
  }
}

TEST(robustness, nul_bytes) {
  survives(std::string(100000, '\0'));
  survives("model \"m\";\n" + std::string(10, '\0') + "var x: bool;\n");
}

TEST(robustness, printable_garbage) {
  std::mt19937 random(7);
  const std::string alphabet = "(){}[];,:.?@~=!<>&|+-*/% \n\"abcxyz019_";
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int round = 0; round < 50; ++round) {
    std::string text = "model \"m\";\n";
    for (int i = 0; i < 2000; ++i) text += alphabet[pick(random)];
    survives(text);
  }
}

TEST(robustness, unterminated_comment_and_string) {
  auto comment = parse_text("model \"m\";\nvar x: bool; /* no end\nvar y: bool;\n");
  EXPECT_EQ(comment->kinds(), "lex.unterminated-comment");
  auto string = parse_text("model \"m\nvar y: bool;\n");
  EXPECT_EQ(string->kinds(), "lex.unterminated-string parse.expected");
  survives("\"" + std::string(100000, 'a'));
  survives("/*" + std::string(100000, '*'));
}

TEST(robustness, deep_nesting_is_an_error_not_a_crash) {
  constexpr int deep = 100000;
  const std::string header = "model \"m\";\n";
  for (const std::string& text : {
           header + "const c = " + repeat("(", deep) + "1" + repeat(")", deep) + ";\n",
           header + "const c = " + repeat("(", deep) + "\n",
           header + "const c = " + repeat("[", deep) + "\n",
           header + "const c = " + repeat("{", deep) + "\n",
           header + "const c = " + repeat("f(", deep) + "\n",
           header + "const c = " + repeat("!", deep) + "a;\n",
           header + "const c = " + repeat("-", deep) + "a;\n",
           header + "const c = a" + repeat(" + a", deep) + ";\n",
           header + "const c = a" + repeat(" -> a", deep) + ";\n",
           header + "const c = a" + repeat(" ? a : a", deep) + ";\n",
           header + "const c = a" + repeat("[0]", deep) + ";\n",
           header + "const c = a" + repeat(".f", deep) + ";\n",
           header + "const c = " + repeat("forall t: T. ", deep) + "a;\n",
           header + "var v: " + repeat("set<", deep) + "\n",
           header + "var v: bool" + repeat("?", deep) + ";\n",
           header + "var v: bool" + repeat("[T]", deep) + ";\n",
           header + "var v: " + repeat("record { f: ", deep) + "\n",
           header + "init " + repeat("{", deep) + repeat("}", deep) + "\n",
           header + "init {" + repeat("{", deep) + "\n",
           header + "init {" + repeat("if (a) ", deep) + "skip; }\n",
           header + "init {" + repeat("l: ", deep) + "skip; }\n",
           header + "init { if (a) skip;" + repeat(" else if (a) skip;", deep) + " }\n",
           header + "init {" + repeat("atomic {", deep) + "\n",
           repeat("{", deep),
           repeat("(", deep),
           repeat("}", deep),
       }) {
    const auto start = std::chrono::steady_clock::now();
    auto p = parse_text(text);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    EXPECT_TRUE(p->diags.has_errors());
    EXPECT_LE(p->diags.error_count(), 2u) << p->printed().substr(0, 2000);
  }
}

TEST(robustness, nesting_just_below_the_limit_parses) {
  const std::string text = "model \"m\";\nconst c = " + repeat("(", 150) + "1" + repeat(")", 150) + ";\n";
  auto p = parse_text(text);
  EXPECT_EQ(p->kinds(), "");
  auto too_deep = parse_text("model \"m\";\nconst c = " + repeat("(", 250) + "1" + repeat(")", 250) + ";\n");
  EXPECT_EQ(too_deep->kinds(), "parse.too-deep");
}

TEST(robustness, huge_integers) {
  auto p = parse_text("model \"m\";\nconst c = " + std::string(100000, '9') + ";\nconst d = 0x" +
                      std::string(100000, 'f') + ";\n");
  EXPECT_EQ(p->kinds(), "lex.integer-too-large lex.integer-too-large");
  EXPECT_EQ(p->unit->decls.size(), 3u);
}

TEST(robustness, many_errors_are_capped) {
  auto p = parse_text("model \"m\";\n" + repeat("var ;\n", 1000));
  EXPECT_EQ(p->diags.error_count(), max_errors_per_file);
  EXPECT_EQ(p->diags.all().back().kind, "parse.too-many-errors");
  auto lexical = parse_text(repeat("$ ", 1000) + repeat("var ;\n", 1000));
  EXPECT_EQ(lexical->diags.error_count(), max_errors_per_file);
}

TEST(robustness, many_declarations_are_fine) {
  auto p = parse_text("model \"m\";\n" + repeat("var x: bool = a && b || c;\n", 20000));
  EXPECT_EQ(p->kinds(), "");
  EXPECT_EQ(p->unit->decls.size(), 20001u);
}

}  // namespace
}  // namespace ptmc::lang

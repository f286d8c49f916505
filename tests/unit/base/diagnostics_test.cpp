// The diagnostics printer: format, sorting, notes, tabs, counts and edge positions.
#include "base/diagnostics.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace ptmc {
namespace {

std::string printed(const diagnostics& diags) {
  std::ostringstream out;
  diags.print(out);
  return out.str();
}

// The span of the first occurrence of `needle` in `file`.
span span_of(const source_file* file, const std::string& needle) {
  std::size_t offset = file->text().find(needle);
  EXPECT_NE(offset, std::string::npos) << needle;
  return span{file, static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(needle.size())};
}

TEST(diagnostics, error_with_note_prints_lines_carets_and_count) {
  source_manager sources;
  const source_file* file = sources.add("spec/x.ptm", "var foo: bool;\nvar y: bool;\nvar x: foo;\n");
  diagnostics diags;
  diags.error("sema.unknown-name", span{file, 35, 3}, "unknown name 'foo'")
      .notes.push_back({span{file, 0, 1}, "previous definition here"});
  EXPECT_EQ(printed(diags),
            "spec/x.ptm:3:8: error: unknown name 'foo' [sema.unknown-name]\n"
            "    3 | var x: foo;\n"
            "      |        ^~~\n"
            "spec/x.ptm:1:1: note: previous definition here\n"
            "    1 | var foo: bool;\n"
            "      | ^\n"
            "1 error\n");
}

TEST(diagnostics, empty_prints_nothing) {
  diagnostics diags;
  EXPECT_EQ(printed(diags), "");
  EXPECT_FALSE(diags.has_errors());
}

TEST(diagnostics, sorted_by_file_line_column_and_stable_for_equal_positions) {
  source_manager sources;
  const source_file* b = sources.add("b.ptm", "one\ntwo\n");
  const source_file* a = sources.add("a.ptm", "alpha beta\n");
  diagnostics diags;
  diags.error("k", span{b, 4, 3}, "b line 2");
  diags.error("k", span{b, 0, 3}, "b line 1");
  diags.error("k", span{a, 6, 4}, "a col 7 first");
  diags.error("k", span{a, 6, 4}, "a col 7 second");
  diags.error("k", span{a, 0, 5}, "a col 1");
  const std::string out = printed(diags);
  std::size_t previous = 0;
  for (const char* message : {"a col 1", "a col 7 first", "a col 7 second", "b line 1", "b line 2"}) {
    std::size_t at = out.find(message);
    ASSERT_NE(at, std::string::npos) << message;
    EXPECT_GE(at, previous) << message << " out of order in\n" << out;
    previous = at;
  }
  EXPECT_NE(out.find("\n5 errors\n"), std::string::npos);
}

TEST(diagnostics, sorting_compares_lines_numerically) {
  source_manager sources;
  std::string text;
  for (int i = 1; i <= 12; ++i) text += "line\n";
  const source_file* file = sources.add("f", text);
  diagnostics diags;
  diags.error("k", span{file, 55, 1}, "on line 12");
  diags.error("k", span{file, 10, 1}, "on line 3");
  const std::string out = printed(diags);
  EXPECT_LT(out.find("on line 3"), out.find("on line 12"));
}

TEST(diagnostics, notes_stay_with_their_diagnostic) {
  source_manager sources;
  const source_file* file = sources.add("f", "aa\nbb\ncc\n");
  diagnostics diags;
  diags.error("k", span{file, 6, 2}, "third").notes.push_back({span{file, 0, 2}, "note of third"});
  diags.error("k", span{file, 3, 2}, "second");
  const std::string out = printed(diags);
  EXPECT_LT(out.find("second"), out.find("third"));
  EXPECT_LT(out.find("third"), out.find("note of third"));
  EXPECT_EQ(diags.error_count(), 2u);
}

TEST(diagnostics, tabs_are_kept_in_the_caret_line) {
  source_manager sources;
  const source_file* file = sources.add("t.ptm", "\tx =\t\tbad;\n");
  diagnostics diags;
  diags.error("k", span_of(file, "bad"), "here");
  EXPECT_EQ(printed(diags),
            "t.ptm:1:7: error: here [k]\n"
            "    1 | \tx =\t\tbad;\n"
            "      | \t   \t\t^~~\n"
            "1 error\n");
}

TEST(diagnostics, span_longer_than_its_line_stops_at_the_line_end) {
  source_manager sources;
  const source_file* file = sources.add("f", "abc\ndef\n");
  diagnostics diags;
  diags.error("k", span{file, 1, 6}, "multi-line");
  EXPECT_EQ(printed(diags),
            "f:1:2: error: multi-line [k]\n"
            "    1 | abc\n"
            "      |  ^~\n"
            "1 error\n");
}

TEST(diagnostics, zero_length_span_gets_one_caret) {
  source_manager sources;
  const source_file* file = sources.add("f", "abc\n");
  diagnostics diags;
  diags.error("k", span{file, 2, 0}, "empty");
  EXPECT_NE(printed(diags).find("      |   ^\n"), std::string::npos);
}

TEST(diagnostics, empty_file) {
  source_manager sources;
  const source_file* file = sources.add("empty.ptm", "");
  diagnostics diags;
  diags.error("parse.expected-model", span{file, 0, 0}, "expected 'model'");
  EXPECT_EQ(printed(diags),
            "empty.ptm:1:1: error: expected 'model' [parse.expected-model]\n"
            "    1 | \n"
            "      | ^\n"
            "1 error\n");
}

TEST(diagnostics, offset_at_end_of_file_without_newline) {
  source_manager sources;
  const source_file* file = sources.add("f", "var x");
  diagnostics diags;
  diags.error("parse.unexpected-eof", span{file, 5, 0}, "expected ';'");
  EXPECT_EQ(printed(diags),
            "f:1:6: error: expected ';' [parse.unexpected-eof]\n"
            "    1 | var x\n"
            "      |      ^\n"
            "1 error\n");
}

TEST(diagnostics, offset_at_end_of_file_with_newline_points_after_last_line) {
  source_manager sources;
  const source_file* file = sources.add("f", "a\nvar x\n");
  diagnostics diags;
  diags.error("parse.unexpected-eof", span{file, 8, 0}, "expected ';'");
  EXPECT_EQ(printed(diags),
            "f:2:6: error: expected ';' [parse.unexpected-eof]\n"
            "    2 | var x\n"
            "      |      ^\n"
            "1 error\n");
}

TEST(diagnostics, offset_past_end_of_file_does_not_crash) {
  source_manager sources;
  const source_file* file = sources.add("f", "ab");
  diagnostics diags;
  diags.error("k", span{file, 1000, 50}, "far away");
  EXPECT_EQ(printed(diags),
            "f:1:3: error: far away [k]\n"
            "    1 | ab\n"
            "      |   ^\n"
            "1 error\n");
}

TEST(diagnostics, invalid_span_prints_unknown_without_excerpt_and_sorts_first) {
  source_manager sources;
  const source_file* file = sources.add("a", "x\n");
  diagnostics diags;
  diags.error("k", span{file, 0, 1}, "positioned");
  diags.error("io.cannot-read", span{}, "cannot read 'missing.ptm'");
  EXPECT_EQ(printed(diags),
            "<unknown>: error: cannot read 'missing.ptm' [io.cannot-read]\n"
            "a:1:1: error: positioned [k]\n"
            "    1 | x\n"
            "      | ^\n"
            "2 errors\n");
}

TEST(diagnostics, empty_kind_prints_no_brackets) {
  diagnostics diags;
  diags.error("", span{}, "plain");
  EXPECT_EQ(printed(diags), "<unknown>: error: plain\n1 error\n");
}

TEST(diagnostics, summary_line_counts_errors_and_warnings) {
  auto summary = [](int errors, int warnings) {
    diagnostics diags;
    for (int i = 0; i < errors; ++i) diags.error("e", span{}, "e");
    for (int i = 0; i < warnings; ++i) diags.warning("w", span{}, "w");
    std::string out = printed(diags);
    if (out.empty()) return out;
    out.pop_back();
    return out.substr(out.rfind('\n') + 1);
  };
  EXPECT_EQ(summary(0, 0), "");
  EXPECT_EQ(summary(1, 0), "1 error");
  EXPECT_EQ(summary(2, 0), "2 errors");
  EXPECT_EQ(summary(0, 1), "1 warning");
  EXPECT_EQ(summary(0, 3), "3 warnings");
  EXPECT_EQ(summary(1, 1), "1 error, 1 warning");
  EXPECT_EQ(summary(2, 5), "2 errors, 5 warnings");
}

TEST(diagnostics, counts_ignore_notes) {
  diagnostics diags;
  diags.add(diagnostic{"n", severity::note, span{}, "just a note", {}});
  diags.warning("w", span{}, "w");
  EXPECT_EQ(diags.error_count(), 0u);
  EXPECT_EQ(diags.warning_count(), 1u);
  EXPECT_FALSE(diags.has_errors());
  EXPECT_EQ(printed(diags), "<unknown>: note: just a note [n]\n<unknown>: warning: w [w]\n1 warning\n");
  diags.clear();
  EXPECT_TRUE(diags.all().empty());
}

TEST(diagnostics, wide_line_numbers_widen_the_gutter) {
  source_manager sources;
  std::string text(123456, '\n');
  text += "last";
  const source_file* file = sources.add("f", text);
  diagnostics diags;
  diags.error("k", span{file, 123456, 4}, "deep");
  EXPECT_NE(printed(diags).find("123457 | last\n       | ^~~~\n"), std::string::npos);
}

TEST(diagnostics, utf8_characters_take_one_column_in_the_caret_line) {
  source_manager sources;
  const source_file* file = sources.add("f", "/* \xc3\xa9t\xc3\xa9 */ bad\n");
  diagnostics diags;
  diags.error("k", span_of(file, "bad"), "here");
  EXPECT_NE(printed(diags).find("      |           ^~~\n"), std::string::npos) << printed(diags);
}

// The lines of a printed report, without their newlines.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(diagnostics, a_file_without_text_is_named_instead_of_unknown) {
  diagnostics diags;
  diags.file_error("load.cannot-read", "spec/locked.ptm", "cannot read 'spec/locked.ptm': Permission denied");
  diags.error("k", span{}, "about the run");
  EXPECT_EQ(printed(diags),
            "<unknown>: error: about the run [k]\n"
            "spec/locked.ptm: error: cannot read 'spec/locked.ptm': Permission denied [load.cannot-read]\n"
            "2 errors\n");
}

// A 1 MB line is shown as a window around the caret, cut with "...", the caret under the same character.
TEST(diagnostics, a_long_line_is_shown_as_a_window_around_the_caret) {
  std::string line(1 << 20, 'a');
  const std::size_t at = 600000;
  line.replace(at, 3, "BAD");
  source_manager sources;
  const source_file* file = sources.add("f", line + "\n");
  diagnostics diags;
  diags.error("k", span{file, static_cast<std::uint32_t>(at), 3}, "bad");
  const std::vector<std::string> lines = lines_of(printed(diags));
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0], "f:1:600001: error: bad [k]");
  const std::string& excerpt = lines[1];
  const std::string& caret = lines[2];
  EXPECT_LE(excerpt.size(), diagnostics::excerpt_width + 20);
  EXPECT_EQ(excerpt.rfind("    1 | ...aaa", 0), 0u) << excerpt;
  EXPECT_EQ(excerpt.substr(excerpt.size() - 6), "aaa...");
  const std::size_t bad = excerpt.find("BAD");
  ASSERT_NE(bad, std::string::npos);
  EXPECT_EQ(caret, std::string(bad, ' ').replace(0, 7, "      |") + "^~~");
}

TEST(diagnostics, a_long_line_cut_only_at_one_end) {
  std::string line(1000, 'a');
  line.replace(2, 1, "X");
  line.replace(995, 1, "Y");
  source_manager sources;
  const source_file* file = sources.add("f", line);
  diagnostics diags;
  diags.error("k", span{file, 2, 1}, "near the start");
  diags.error("k", span{file, 995, 1}, "near the end");
  diags.error("k", span{file, 1000, 0}, "past the end");
  const std::vector<std::string> lines = lines_of(printed(diags));
  ASSERT_EQ(lines.size(), 10u);
  EXPECT_EQ(lines[1], "    1 | aaX" + std::string(diagnostics::excerpt_width - 3, 'a') + "...");
  EXPECT_EQ(lines[2], "      |   ^");
  EXPECT_EQ(lines[4], "    1 | ..." + std::string(diagnostics::excerpt_width - 5, 'a') + "Ya" + "aaa");
  EXPECT_EQ(lines[5].find('^'), lines[4].find('Y'));
  EXPECT_EQ(lines[7], "    1 | ..." + std::string(diagnostics::excerpt_width - 5, 'a') + "Yaaaa");
  EXPECT_EQ(lines[8].find('^'), lines[7].size());
}

// ESC and NUL would recolour or corrupt the terminal: they are shown escaped, and the caret (and the
// underline over an escaped byte) still lines up.
TEST(diagnostics, control_bytes_are_escaped_and_the_caret_stays_aligned) {
  source_manager sources;
  const std::string text = std::string("a\x1b[31m") + '\0' + "b x\x7f" + "\n";
  const source_file* file = sources.add("f", text);
  diagnostics diags;
  diags.error("k", span{file, 9, 1}, "after control bytes");
  diags.error("k", span{file, 1, 1}, "at a control byte");
  EXPECT_EQ(printed(diags),
            "f:1:2: error: at a control byte [k]\n"
            "    1 | a\\x1b[31m\\x00b x\\x7f\n"
            "      |  ^~~~\n"
            "f:1:10: error: after control bytes [k]\n"
            "    1 | a\\x1b[31m\\x00b x\\x7f\n"
            "      |                ^\n"
            "2 errors\n");
}

// Counts how often the printer hands text to an unbuffered stream (as std::cerr is): each is a write().
class counting_buffer : public std::streambuf {
 public:
  std::size_t calls = 0;
  std::string text;

 protected:
  int_type overflow(int_type c) override {
    ++calls;
    if (c != traits_type::eof()) text += traits_type::to_char_type(c);
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    ++calls;
    text.append(s, static_cast<std::size_t>(n));
    return n;
  }
};

TEST(diagnostics, printing_is_one_write_however_long_the_line) {
  std::string line(100000, ' ');
  line += "x";
  source_manager sources;
  const source_file* file = sources.add("f", line + "\n");
  diagnostics diags;
  diags.error("k", span{file, 100000, 1}, "deep");
  diags.error("k", span{file, 5, 1}, "shallow");
  counting_buffer buffer;
  std::ostream out(&buffer);
  diags.print(out);
  EXPECT_EQ(buffer.calls, 1u);
  EXPECT_EQ(buffer.text, printed(diags));
}

}  // namespace
}  // namespace ptmc

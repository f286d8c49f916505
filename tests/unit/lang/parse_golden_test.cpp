// Golden tests of the parser and printer, one case per directory of tests/golden/parse/ (discovered
// when the test runs). A case holds input.ptm, input.inv or input.ptl, parsed under that name, and
// `expected`: the printed diagnostics when the input has errors, else its canonical form. Every
// valid case must also round-trip: print -> parse gives the same tree, and printing is idempotent.
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "lang/frontend.h"
#include "support/golden.h"
#include "syntax_test_util.h"

namespace ptmc::lang {
namespace {

constexpr std::string_view phase = "parse";

// The name of the case's input file, or "" if it has none.
std::string input_name(const std::filesystem::path& dir) {
  for (const char* name : {"input.ptm", "input.inv", "input.ptl"}) {
    if (std::filesystem::exists(dir / name)) return name;
  }
  return {};
}

class parse_golden : public ::testing::TestWithParam<std::string> {};

TEST_P(parse_golden, matches_expected_and_round_trips) {
  const std::filesystem::path dir = golden::case_dir(phase, GetParam());
  const std::string name = input_name(dir);
  ASSERT_FALSE(name.empty()) << "no input.ptm/.inv/.ptl in " << dir;
  auto first = testing::parse_text(golden::read_file(dir / name), name);
  if (first->diags.has_errors()) {
    EXPECT_TRUE(golden::matches(phase, GetParam(), first->printed()));
    return;
  }
  const std::string canonical = print(*first->unit);
  EXPECT_TRUE(golden::matches(phase, GetParam(), first->printed() + canonical));
  auto second = testing::parse_text(canonical, name);
  ASSERT_FALSE(second->diags.has_errors()) << second->printed() << canonical;
  EXPECT_TRUE(same_syntax(*first->unit, *second->unit)) << canonical;
  EXPECT_EQ(print(*second->unit), canonical);
}

TEST(parse_golden_cases, exist) { EXPECT_FALSE(golden::cases(phase).empty()); }

// The lex.* and parse.* kinds named in `text`, in brackets or backquotes.
std::set<std::string> syntax_kinds(const std::string& text) {
  static const std::regex kind(R"([\[`]((lex|parse)\.[a-z-]+)[\]`])");
  std::set<std::string> kinds;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kind); it != std::sregex_iterator(); ++it) {
    kinds.insert((*it)[1]);
  }
  return kinds;
}

// Every syntax diagnostic kind is listed in spec/README.md ("Syntax diagnostics"), and every kind
// listed there has a golden case that shows it.
TEST(parse_golden_cases, cover_every_documented_kind) {
  const std::string readme = golden::read_file(golden::source_root() / "spec" / "README.md");
  const std::size_t start = readme.find("### Syntax diagnostics");
  ASSERT_NE(start, std::string::npos);
  const std::size_t end = readme.find("\n### ", start + 1);
  const std::set<std::string> documented = syntax_kinds(readme.substr(start, end - start));
  std::set<std::string> shown;
  for (const std::string& name : golden::cases(phase)) {
    const std::set<std::string> kinds = syntax_kinds(golden::read_file(golden::case_dir(phase, name) / "expected"));
    shown.insert(kinds.begin(), kinds.end());
  }
  for (const std::string& kind : shown) EXPECT_TRUE(documented.count(kind)) << kind << " is not in spec/README.md";
  for (const std::string& kind : documented) EXPECT_TRUE(shown.count(kind)) << kind << " has no golden case";
  EXPECT_GE(documented.size(), 12u);
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(cases, parse_golden, ::testing::ValuesIn(golden::cases(phase)), test_name);

}  // namespace
}  // namespace ptmc::lang

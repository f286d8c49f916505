// Golden tests of the semantic checker: one case per directory of tests/golden/sema/.
//
// A case holds source files; the one named input.ptm, input.inv or input.ptl is checked the way
// `ptmc lint` checks it (a property file or scenario against the models its header names). `expected`
// is the printed diagnostics, with the case directory's path removed so that it reads "input.ptm:3:5: ...".
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <sstream>
#include <string>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/lint.h"
#include "support/golden.h"

namespace ptmc {
namespace {

constexpr std::string_view phase = "sema";

// The case's main input file, or "" if it has none.
std::string find_input(const std::filesystem::path& dir) {
  for (const char* name : {"input.ptm", "input.inv", "input.ptl"}) {
    if (std::filesystem::exists(dir / name)) return (dir / name).string();
  }
  return {};
}

std::string strip(std::string text, const std::string& prefix) {
  for (std::size_t at = text.find(prefix); at != std::string::npos; at = text.find(prefix, at)) {
    text.erase(at, prefix.size());
  }
  return text;
}

class sema_golden : public ::testing::TestWithParam<std::string> {};

TEST_P(sema_golden, reports_expected_diagnostics) {
  const std::filesystem::path dir = golden::case_dir(phase, GetParam()).lexically_normal();
  const std::string input = find_input(dir);
  ASSERT_FALSE(input.empty()) << "no input.ptm/.inv/.ptl in " << dir;
  source_manager sources;
  diagnostics diags;
  lang::linter linter(sources, diags);
  linter.check_file(input);
  std::ostringstream out;
  lang::without_duplicates(diags).print(out);
  EXPECT_TRUE(golden::matches(phase, GetParam(), strip(out.str(), dir.string() + "/")));
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(cases, sema_golden, ::testing::ValuesIn(golden::cases(phase)), test_name);

}  // namespace
}  // namespace ptmc

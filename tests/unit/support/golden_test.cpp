// The golden-file helper: diffs readable enough to act on, and the comparison itself.
#include "support/golden.h"

#include <gtest/gtest.h>

namespace ptmc::golden {
namespace {

TEST(golden_diff, equal_texts_have_no_diff) {
  EXPECT_EQ(diff("", ""), "");
  EXPECT_EQ(diff("a\nb\n", "a\nb\n"), "");
}

TEST(golden_diff, changed_line_with_context) {
  EXPECT_EQ(diff("1\n2\n3\n4\n5\n6\n7\n8\n9\n", "1\n2\n3\n4\nfive\n6\n7\n8\n9\n"),
            "@@ -2,7 +2,7 @@\n"
            "  2\n  3\n  4\n"
            "- 5\n"
            "+ five\n"
            "  6\n  7\n  8\n");
}

TEST(golden_diff, distant_changes_make_separate_hunks) {
  std::string expected;
  for (int i = 1; i <= 20; ++i) expected += std::to_string(i) + "\n";
  std::string actual = expected;
  actual.replace(0, 1, "one");                             // line 1
  actual.replace(actual.find("\n20\n") + 1, 2, "twenty");  // line 20
  EXPECT_EQ(diff(expected, actual),
            "@@ -1,4 +1,4 @@\n"
            "- 1\n+ one\n  2\n  3\n  4\n"
            "@@ -17,4 +17,4 @@\n"
            "  17\n  18\n  19\n- 20\n+ twenty\n");
}

TEST(golden_diff, inserted_and_removed_lines) {
  EXPECT_EQ(diff("a\nb\n", "a\nx\nb\n"), "@@ -1,2 +1,3 @@\n  a\n+ x\n  b\n");
  EXPECT_EQ(diff("a\nb\n", "b\n"), "@@ -1,2 +1,1 @@\n- a\n  b\n");
  EXPECT_EQ(diff("", "new\n"), "@@ -1,0 +1,1 @@\n+ new\n");
}

TEST(golden_diff, missing_final_newline_is_reported) {
  EXPECT_EQ(diff("a\n", "a"), "\\ actual has no newline at end of file\n");
  EXPECT_EQ(diff("a", "a\n"), "\\ expected has no newline at end of file\n");
}

TEST(golden, mismatch_message_names_the_file_and_shows_the_diff) {
  if (update_mode()) GTEST_SKIP() << "comparison is off in update mode";
  ::testing::AssertionResult result = matches("diagnostics", "no-such-case-for-golden-test", "text\n");
  EXPECT_FALSE(result);
  EXPECT_NE(std::string(result.message()).find("PTMC_UPDATE_GOLDEN=1"), std::string::npos);
}

TEST(golden, cases_are_sorted_directories) {
  std::vector<std::string> names = cases("diagnostics");
  EXPECT_FALSE(names.empty());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  EXPECT_TRUE(cases("no-such-phase").empty());
}

}  // namespace
}  // namespace ptmc::golden

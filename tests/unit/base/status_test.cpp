// Verdicts, their combination, and the one mapping to exit codes.
#include "base/status.h"

#include <gtest/gtest.h>

namespace ptmc {
namespace {

constexpr verdict all_verdicts[] = {verdict::holds, verdict::violated, verdict::unknown, verdict::vacuous};

TEST(status, combine_table) {
  EXPECT_EQ(combine(verdict::holds, verdict::holds), verdict::holds);
  EXPECT_EQ(combine(verdict::holds, verdict::unknown), verdict::unknown);
  EXPECT_EQ(combine(verdict::holds, verdict::violated), verdict::violated);
  EXPECT_EQ(combine(verdict::unknown, verdict::holds), verdict::unknown);
  EXPECT_EQ(combine(verdict::unknown, verdict::unknown), verdict::unknown);
  EXPECT_EQ(combine(verdict::unknown, verdict::violated), verdict::violated);
  EXPECT_EQ(combine(verdict::violated, verdict::holds), verdict::violated);
  EXPECT_EQ(combine(verdict::violated, verdict::unknown), verdict::violated);
  EXPECT_EQ(combine(verdict::violated, verdict::violated), verdict::violated);
  EXPECT_EQ(combine(verdict::holds, verdict::vacuous), verdict::vacuous);
  EXPECT_EQ(combine(verdict::vacuous, verdict::unknown), verdict::unknown);
  EXPECT_EQ(combine(verdict::vacuous, verdict::violated), verdict::violated);
  EXPECT_EQ(combine(verdict::vacuous, verdict::vacuous), verdict::vacuous);
}

TEST(status, combine_is_commutative_associative_with_holds_as_identity) {
  for (verdict a : all_verdicts) {
    EXPECT_EQ(combine(a, verdict::holds), a);
    for (verdict b : all_verdicts) {
      EXPECT_EQ(combine(a, b), combine(b, a));
      for (verdict c : all_verdicts) EXPECT_EQ(combine(combine(a, b), c), combine(a, combine(b, c)));
    }
  }
}

TEST(status, unknown_is_never_folded_into_holds) {
  EXPECT_NE(combine(verdict::unknown, verdict::holds), verdict::holds);
  EXPECT_NE(outcome_of(verdict::unknown), run_outcome::all_hold);
  EXPECT_NE(exit_code(outcome_of(verdict::unknown)), 0);
}

TEST(status, to_string_names) {
  EXPECT_EQ(to_string(verdict::holds), "holds");
  EXPECT_EQ(to_string(verdict::violated), "violated");
  EXPECT_EQ(to_string(verdict::unknown), "unknown");
  EXPECT_EQ(to_string(verdict::vacuous), "vacuous");
}

TEST(status, exit_codes) {
  EXPECT_EQ(exit_code(run_outcome::all_hold), 0);
  EXPECT_EQ(exit_code(run_outcome::violation), 1);
  EXPECT_EQ(exit_code(run_outcome::bad_input), 2);
  EXPECT_EQ(exit_code(run_outcome::limit_reached), 3);
}

TEST(status, outcome_of_verdict) {
  EXPECT_EQ(outcome_of(verdict::holds), run_outcome::all_hold);
  EXPECT_EQ(outcome_of(verdict::violated), run_outcome::violation);
  EXPECT_EQ(outcome_of(verdict::unknown), run_outcome::limit_reached);
}

TEST(status, vacuous_passes_unless_the_policy_fails_it) {
  EXPECT_EQ(outcome_of(verdict::vacuous), run_outcome::all_hold);
  EXPECT_EQ(outcome_of(verdict::vacuous, vacuity_policy::pass), run_outcome::all_hold);
  EXPECT_EQ(outcome_of(verdict::vacuous, vacuity_policy::fail), run_outcome::violation);
  // The policy changes nothing else.
  for (verdict v : {verdict::holds, verdict::violated, verdict::unknown})
    EXPECT_EQ(outcome_of(v, vacuity_policy::fail), outcome_of(v, vacuity_policy::pass));
}

TEST(status, cut_short_keeps_only_violations) {
  EXPECT_EQ(cut_short(verdict::violated), verdict::violated);
  EXPECT_EQ(cut_short(verdict::holds), verdict::unknown);
  EXPECT_EQ(cut_short(verdict::vacuous), verdict::unknown);
  EXPECT_EQ(cut_short(verdict::unknown), verdict::unknown);
  for (verdict v : all_verdicts) {
    // Never a pass: an incomplete check ends in exit 1 or 3, whatever the vacuity policy.
    EXPECT_NE(outcome_of(cut_short(v)), run_outcome::all_hold);
    EXPECT_NE(outcome_of(cut_short(v), vacuity_policy::fail), run_outcome::all_hold);
    EXPECT_EQ(cut_short(cut_short(v)), cut_short(v));
    // Cutting short commutes with combining.
    for (verdict w : all_verdicts) EXPECT_EQ(cut_short(combine(v, w)), combine(cut_short(v), cut_short(w)));
  }
  EXPECT_EQ(exit_code(outcome_of(cut_short(verdict::holds))), 3);
  EXPECT_EQ(exit_code(outcome_of(cut_short(verdict::violated))), 1);
}

}  // namespace
}  // namespace ptmc

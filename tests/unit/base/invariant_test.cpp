// Internal invariants abort with file, line, reason and condition.
#include "base/invariant.h"

#include <gtest/gtest.h>

namespace ptmc {
namespace {

int checked_half(int even) {
  PTMC_INVARIANT(even % 2 == 0, "callers pass even numbers");
  return even / 2;
}

TEST(invariant, holding_invariant_does_nothing) { EXPECT_EQ(checked_half(4), 2); }

TEST(invariant_death_test, broken_invariant_aborts_with_location_reason_and_condition) {
  EXPECT_DEATH(checked_half(3),
               "invariant_test\\.cpp:[0-9]+: internal error: callers pass even numbers \\(even % 2 == 0\\)");
}

TEST(invariant_death_test, unreachable_aborts) {
  EXPECT_DEATH(PTMC_UNREACHABLE("no such state"), "internal error: no such state \\(unreachable\\)");
}

}  // namespace
}  // namespace ptmc

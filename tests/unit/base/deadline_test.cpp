// The run's deadline, on an injected clock.
#include "base/deadline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <limits>

namespace ptmc {
namespace {

using namespace std::chrono_literals;

// A clock that stands still until the test moves it.
struct manual_clock {
  deadline::clock::time_point t{};
  deadline::clock_function function() {
    return [this] { return t; };
  }
};

TEST(deadline, none_never_passes) {
  const deadline none;
  EXPECT_FALSE(none.set());
  EXPECT_FALSE(none.passed());
  EXPECT_LT(none.remaining_seconds(), 0);
}

TEST(deadline, not_positive_or_not_a_number_is_no_deadline) {
  manual_clock c;
  EXPECT_FALSE(deadline::after(0, c.function()).set());
  EXPECT_FALSE(deadline::after(-1, c.function()).set());
  EXPECT_FALSE(deadline::after(std::numeric_limits<double>::quiet_NaN(), c.function()).set());
  EXPECT_FALSE(deadline::after(std::numeric_limits<double>::infinity(), c.function()).set());
}

TEST(deadline, passes_when_the_clock_reaches_it) {
  manual_clock c;
  const deadline d = deadline::after(30, c.function());
  ASSERT_TRUE(d.set());
  EXPECT_FALSE(d.passed());
  EXPECT_DOUBLE_EQ(d.remaining_seconds(), 30);
  c.t += 29s;
  EXPECT_FALSE(d.passed());
  EXPECT_DOUBLE_EQ(d.remaining_seconds(), 1);
  c.t += 1s;
  EXPECT_TRUE(d.passed());
  EXPECT_EQ(d.remaining_seconds(), 0);
  c.t += 10s;
  EXPECT_TRUE(d.passed());
  EXPECT_EQ(d.remaining_seconds(), 0);
}

TEST(deadline, at_a_point_already_past) {
  manual_clock c;
  c.t += 5s;
  const deadline d(c.t - 1s, c.function());
  EXPECT_TRUE(d.passed());
  EXPECT_EQ(d.remaining_seconds(), 0);
}

}  // namespace
}  // namespace ptmc

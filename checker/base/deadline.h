// The deadline of a run (--time-limit): one point in time that every phase of a check (the
// search, Z3 discharge, the state graph, leads-to, scenario outcomes) compares against, so that
// the limit covers the whole run and not only the search.
#pragma once

#include <chrono>
#include <functional>
#include <optional>

namespace ptmc {

class deadline {
 public:
  using clock = std::chrono::steady_clock;
  // Where the time is read from; tests inject a clock of their own.
  using clock_function = std::function<clock::time_point()>;

  // No deadline: never passes.
  deadline() = default;
  // A deadline at `at`, read from `now` (the steady clock when empty).
  explicit deadline(clock::time_point at, clock_function now = {});

  // `seconds` after the current time of `now`; no deadline when `seconds` is not positive (or NaN).
  static deadline after(double seconds, clock_function now = {});

  // Whether there is a deadline at all.
  bool set() const { return at_.has_value(); }
  // Whether the deadline has passed (never, without one).
  bool passed() const;
  // Seconds left before it passes: 0 once it has passed; a negative value without a deadline.
  double remaining_seconds() const;

 private:
  clock::time_point now() const;

  std::optional<clock::time_point> at_;
  clock_function now_;
};

}  // namespace ptmc

// Exact integer arithmetic of the modelling language, shared by constant folding (lang, lower) and
// the run-time engines (ir, smt) so that every one of them draws the overflow line in one place.
//
// An integer is a value of -(2^63 - 1) .. 2^63 - 1. The int64 value -2^63 is not an integer: the IR
// uses it for `none` (ir::none_value), so an integer result equal to it would turn into `none` when
// stored in an optional. An operation whose exact result lies outside that interval overflows:
// a sema.overflow in constant arithmetic, a model error at run time. Operands may be -2^63 (a
// hand-built IR may feed a raw `none` into arithmetic); only results are checked.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

namespace ptmc {

constexpr std::int64_t int_max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t int_min = -int_max;  // the least integer; int_min - 1 is none

// Whether an int64 is an integer (not the none pattern -2^63).
constexpr bool is_integer(std::int64_t v) { return v >= int_min; }

// a + b, a - b, a * b, -a, or nullopt when the exact result is not an integer.
inline std::optional<std::int64_t> checked_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out) || !is_integer(out)) return std::nullopt;
  return out;
}

inline std::optional<std::int64_t> checked_sub(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_sub_overflow(a, b, &out) || !is_integer(out)) return std::nullopt;
  return out;
}

inline std::optional<std::int64_t> checked_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out) || !is_integer(out)) return std::nullopt;
  return out;
}

inline std::optional<std::int64_t> checked_neg(std::int64_t a) {
  if (!is_integer(a)) return std::nullopt;  // -(-2^63) = 2^63
  return -a;
}

// a / b truncated towards zero (as in C), b != 0; nullopt when the quotient is not an integer
// (-2^63 / -1 and -2^63 / 1).
inline std::optional<std::int64_t> checked_div(std::int64_t a, std::int64_t b) {
  if (b == -1) return checked_neg(a);
  const std::int64_t out = a / b;
  if (!is_integer(out)) return std::nullopt;
  return out;
}

// a % b with the sign of a (as in C), b != 0. Never overflows: |a % b| < |b|, and x % -1 is 0
// (computed without the division, which traps for -2^63 % -1).
inline std::int64_t checked_mod(std::int64_t a, std::int64_t b) { return b == -1 ? 0 : a % b; }

}  // namespace ptmc

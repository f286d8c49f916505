// Discharging properties through the projection cache: verdicts, first-state indices, one Z3
// query per distinct projection, errors kept apart from violations.
#include "smt/property_checker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ir/builder.h"
#include "ir/exec.h"
#include "ir/state.h"

namespace ptmc::smt {
namespace {

using ir::expr_id;
using ir::op;
using ir::value;

// `count` variables x0.. of range lo..hi, one slot each.
struct slots_model {
  ir::builder b{"slots"};
  std::vector<ir::slot_id> x;

  slots_model(int count, value lo, value hi) {
    const auto t = b.type_range(lo, hi, "R");
    for (int i = 0; i < count; ++i) x.push_back(b.add_variable("x" + std::to_string(i), t));
  }
  expr_id load(int i) { return b.load(x[static_cast<std::size_t>(i)]); }
  expr_id k(value v) { return b.constant(v); }
};

// A state with every slot at a uniformly random value of its range.
ir::packed_state random_state(const ir::model& m, std::mt19937_64& rng) {
  ir::packed_state s(m.state_words(), 0);
  for (const ir::slot& sl : m.slots) {
    const value v = std::uniform_int_distribution<value>(sl.lo, sl.hi)(rng);
    ir::write_bits(s.data(), sl, ir::encode(sl, v));
  }
  return s;
}

// A state with the given slot values and every other slot at zero bits.
ir::packed_state state_with(const ir::model& m, std::vector<std::pair<ir::slot_id, value>> values) {
  ir::packed_state s(m.state_words(), 0);
  for (const auto& [slot, v] : values) ir::write_bits(s.data(), m.slots[slot], ir::encode(m.slots[slot], v));
  return s;
}

TEST(property_checker, a_property_that_holds_everywhere) {
  slots_model t(10, 0, 3);
  const expr_id p = t.b.land(t.b.le(t.load(3), t.k(3)), t.b.le(t.k(0), t.load(7)));
  const ir::model m = t.b.finish();
  property_checker checker(m, {{"in_range", p}});
  std::mt19937_64 rng(1);
  for (std::uint64_t i = 0; i < 200; ++i) EXPECT_TRUE(checker.check(random_state(m, rng).data(), i));
  const property_report& r = checker.report(0);
  EXPECT_EQ(r.name, "in_range");
  EXPECT_EQ(r.status, property_status::holds);
  EXPECT_FALSE(r.first_violation || r.first_error || r.first_unknown);
  EXPECT_EQ(r.states_checked, 200u);
  EXPECT_LE(r.projections_discharged, 16u);
  EXPECT_GT(r.solver_time.count(), 0);
}

TEST(property_checker, a_violation_is_reported_at_the_first_violating_state) {
  slots_model t(10, 0, 3);
  const expr_id p = t.b.lnot(t.b.land(t.b.slot_is(t.x[3], 2), t.b.slot_is(t.x[7], 1)));
  const ir::model m = t.b.finish();
  property_checker checker(m, {{"never_2_1", p}});
  // State k has x3 = k % 4, x7 = k / 4: (2, 1) is state 6; the caller numbers states from 100.
  for (value k = 0; k < 16; ++k) {
    const ir::packed_state s = state_with(m, {{t.x[3], k % 4}, {t.x[7], k / 4}});
    const property_status expected = k == 6 ? property_status::violated : property_status::holds;
    EXPECT_EQ(checker.check_one(0, s.data(), 100 + static_cast<std::uint64_t>(k)), expected) << k;
  }
  const property_report& r = checker.report(0);
  EXPECT_EQ(r.status, property_status::violated);
  ASSERT_TRUE(r.first_violation.has_value());
  EXPECT_EQ(*r.first_violation, 106u);
  EXPECT_FALSE(r.first_error.has_value());
  EXPECT_EQ(r.projections_discharged, 16u);
}

TEST(property_checker, a_state_with_a_known_projection_costs_no_query) {
  slots_model t(10, 0, 3);
  const expr_id p = t.b.ne(t.b.add(t.load(3), t.load(7)), t.k(6));
  const ir::model m = t.b.finish();
  property_checker checker(m, {{"sum_not_6", p}});
  const ir::packed_state first = state_with(m, {{t.x[3], 1}, {t.x[7], 2}, {t.x[0], 0}});
  const ir::packed_state second = state_with(m, {{t.x[3], 1}, {t.x[7], 2}, {t.x[0], 3}, {t.x[9], 2}});
  EXPECT_TRUE(checker.check(first.data(), 0));
  EXPECT_EQ(checker.solver_calls(), 1u);
  EXPECT_TRUE(checker.check(second.data(), 1));
  EXPECT_EQ(checker.solver_calls(), 1u);
  EXPECT_EQ(checker.report(0).projections_discharged, 1u);
  EXPECT_EQ(checker.report(0).states_checked, 2u);
  // A violating projection is cached too.
  const ir::packed_state bad = state_with(m, {{t.x[3], 3}, {t.x[7], 3}});
  const ir::packed_state bad_again = state_with(m, {{t.x[3], 3}, {t.x[7], 3}, {t.x[5], 1}});
  EXPECT_FALSE(checker.check(bad.data(), 2));
  EXPECT_FALSE(checker.check(bad_again.data(), 3));
  EXPECT_EQ(checker.solver_calls(), 2u);
  EXPECT_EQ(*checker.report(0).first_violation, 2u);
}

TEST(property_checker, an_always_undefined_property_is_an_error_not_a_violation) {
  slots_model t(3, 0, 3);
  const expr_id p = t.b.eq(t.b.binary(op::div, t.k(1), t.k(0)), t.k(0));
  const expr_id unwrap_none = t.b.eq(t.b.unary(op::unwrap, t.b.none()), t.k(1));
  const ir::model m = t.b.finish();
  property_checker checker(m, {{"divides_by_zero", p}, {"unwraps_none", unwrap_none}});
  std::mt19937_64 rng(2);
  for (std::uint64_t i = 5; i < 25; ++i) EXPECT_FALSE(checker.check(random_state(m, rng).data(), i));
  for (std::size_t i = 0; i < 2; ++i) {
    const property_report& r = checker.report(i);
    EXPECT_EQ(r.status, property_status::error) << r.name;
    EXPECT_EQ(r.first_error, std::optional<std::uint64_t>{5});
    EXPECT_FALSE(r.first_violation.has_value());
    EXPECT_TRUE(r.support.empty());
    EXPECT_EQ(r.projections_discharged, 1u);  // no slot read: one projection for all states
  }
  EXPECT_EQ(to_verdict(checker.report(0).status), verdict::violated);
}

TEST(property_checker, errors_and_violations_are_told_apart_per_state) {
  slots_model t(4, 0, 3);
  // 6 / x1 >= 3: undefined at 0, true at 1 and 2, false at 3.
  const expr_id p = t.b.binary(op::ge, t.b.binary(op::div, t.k(6), t.load(1)), t.k(3));
  const ir::model m = t.b.finish();
  property_checker checker(m, {{"six_over", p}});
  const property_status expected[] = {property_status::error, property_status::holds, property_status::holds,
                                      property_status::violated};
  for (value v = 0; v < 4; ++v) {
    const ir::packed_state s = state_with(m, {{t.x[1], v}});
    EXPECT_EQ(checker.check_one(0, s.data(), static_cast<std::uint64_t>(v)), expected[v]) << v;
  }
  const property_report& r = checker.report(0);
  EXPECT_EQ(r.status, property_status::violated);  // violated beats error
  EXPECT_EQ(r.first_error, std::optional<std::uint64_t>{0});
  EXPECT_EQ(r.first_violation, std::optional<std::uint64_t>{3});
}

TEST(property_checker, a_property_reading_2_of_10_slots_is_discharged_once_per_projection) {
  slots_model t(10, 0, 3);
  const expr_id p = t.b.binary(op::ge, t.b.binary(op::mul, t.load(3), t.load(7)), t.k(0));
  const ir::model m = t.b.finish();
  property_checker checker(m, {{"product_nonnegative", p}});
  EXPECT_EQ(checker.report(0).support, (std::vector<ir::slot_id>{t.x[3], t.x[7]}));
  std::mt19937_64 rng(3);
  std::set<std::pair<value, value>> projections;
  for (std::uint64_t i = 0; i < 1000; ++i) {
    const ir::packed_state s = random_state(m, rng);
    projections.emplace(ir::read_slot(s.data(), m.slots[t.x[3]]), ir::read_slot(s.data(), m.slots[t.x[7]]));
    checker.check(s.data(), i);
  }
  EXPECT_EQ(checker.solver_calls(), projections.size());
  EXPECT_EQ(checker.report(0).projections_discharged, projections.size());
  EXPECT_EQ(checker.report(0).states_checked, 1000u);
  EXPECT_EQ(checker.report(0).status, property_status::holds);
}

// Keys that straddle a word boundary, dynamic loads and several properties at once: every
// status, cached or not, is the reference evaluator's.
TEST(property_checker, statuses_agree_with_the_reference_evaluator) {
  slots_model t(40, 0, 4);  // 3 bits each: x21 straddles bits 63..65
  ir::builder& b = t.b;
  const expr_id straddling = b.ne(b.add(t.load(21), t.load(39)), t.k(6));
  const expr_id quotient = b.binary(op::ne, b.binary(op::div, t.k(8), b.sub(t.load(21), t.load(22))), t.k(4));
  const expr_id dynamic = b.binary(op::lt, b.load_dynamic(t.x[30], 1, 4, t.load(20)), t.k(4));
  const std::vector<property_spec> specs = {{"straddling", straddling}, {"quotient", quotient}, {"dynamic", dynamic}};
  const ir::model m = b.finish();
  property_checker checker(m, specs);
  std::mt19937_64 rng(4);
  int seen[4] = {};
  for (std::uint64_t i = 0; i < 600; ++i) {
    const ir::packed_state s = random_state(m, rng);
    for (std::size_t p = 0; p < specs.size(); ++p) {
      const ir::eval_result reference = ir::evaluate(m, s.data(), specs[p].condition);
      const property_status expected = !reference.ok()    ? property_status::error
                                       : reference.v != 0 ? property_status::holds
                                                          : property_status::violated;
      const property_status got = checker.check_one(p, s.data(), i);
      ASSERT_EQ(got, expected) << specs[p].name << " at state " << i;
      ++seen[static_cast<int>(got)];
    }
  }
  EXPECT_GT(seen[static_cast<int>(property_status::holds)], 0);
  EXPECT_GT(seen[static_cast<int>(property_status::violated)], 0);
  EXPECT_GT(seen[static_cast<int>(property_status::error)], 0);
  EXPECT_LT(checker.solver_calls(), 3u * 600u);  // the cache answered some
}

TEST(property_checker, for_invariants_checks_the_models_invariants_by_name) {
  slots_model t(2, 0, 3);
  t.b.add_invariant("small", t.b.le(t.load(0), t.k(2)));
  t.b.add_invariant("any", t.b.truth(true));
  const ir::model m = t.b.finish();
  property_checker checker = property_checker::for_invariants(m);
  ASSERT_EQ(checker.property_count(), 2u);
  EXPECT_EQ(checker.report(0).name, "small");
  EXPECT_EQ(checker.report(1).name, "any");
  EXPECT_TRUE(checker.check(state_with(m, {{t.x[0], 2}}).data(), 0));
  EXPECT_FALSE(checker.check(state_with(m, {{t.x[0], 3}}).data(), 1));
  EXPECT_EQ(checker.report(0).status, property_status::violated);
  EXPECT_EQ(checker.report(1).status, property_status::holds);
}

TEST(property_checker, registers_are_rejected) {
  slots_model t(2, 0, 3);
  const std::uint32_t r = t.b.new_register();
  const expr_id p = t.b.eq(t.b.reg(r), t.load(0));
  const ir::model m = t.b.finish();
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(property_checker(m, {{"quantifier_left_over", p}}), "read no registers");
}

// Measures Z3's time per discharged projection (printed; the bound only catches a pathology).
TEST(property_checker, time_per_query) {
  slots_model t(8, 0, 7);
  ir::builder& b = t.b;
  const expr_id p = b.lor(b.binary(op::implies, b.slot_is(t.x[0], 3), b.ne(t.load(1), t.load(2))),
                          b.binary(op::lt, b.binary(op::mod, b.add(t.load(3), t.load(1)), t.k(5)), t.k(9)));
  const ir::model m = b.finish();
  property_checker checker(m, {{"mixed", p}});
  std::mt19937_64 rng(5);
  std::vector<double> micros;
  for (std::uint64_t i = 0; i < 400; ++i) {
    const auto before = checker.report(0).solver_time;
    const auto discharged = checker.report(0).projections_discharged;
    checker.check(random_state(m, rng).data(), i);
    if (checker.report(0).projections_discharged > discharged)
      micros.push_back(std::chrono::duration<double, std::micro>(checker.report(0).solver_time - before).count());
  }
  ASSERT_FALSE(micros.empty());
  std::sort(micros.begin(), micros.end());
  const double median = micros[micros.size() / 2];
  std::cout << "[ smt ] " << micros.size() << " queries, median " << median << " us per query\n";
  EXPECT_LT(median, 50'000.0);
}

}  // namespace
}  // namespace ptmc::smt

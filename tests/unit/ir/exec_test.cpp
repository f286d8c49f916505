// Running transitions: choose enumeration, assume rollback, model errors, events, init, replay.
#include <gtest/gtest.h>

#include <limits>

#include "collector.h"
#include "ir/builder.h"
#include "ir/exec.h"
#include "ir/state.h"

namespace ptmc::ir {
namespace {

using testing::collector;

class Exec : public ::testing::Test {
 protected:
  void SetUp() override {
    a = b.add_variable("a", b.type_range(0, 5));
    c = b.add_variable("c", b.type_range(0, 3));
    arr = b.add_variable("arr", b.type_array(b.type_range(0, 3), b.type_range(0, 2)));
    wide = b.add_variable("wide", b.type_set(b.type_range(0, 63)));  // spans two words
    opt = b.add_variable("opt", b.type_optional(b.type_range(1, 3)));
    p = b.add_process("p", 3);
    r0 = b.new_register();
    r1 = b.new_register();
    ev = b.add_event("seen", {{"x", b.type_range(0, 5)}, {"y", b.type_range(0, 3)}});
  }

  // Runs transition t from `from` (the all-zero state if empty) and records its runs.
  std::vector<testing::recorded_run> runs_of(transition_id t, packed_state from = {}) {
    m = b.finish();
    if (from.empty()) from.assign(m.state_words(), 0);
    compiled = std::make_unique<compiled_model>(m);
    ex = std::make_unique<executor>(*compiled);
    collector col(m.state_words());
    const run_counts counts = ex->for_each_successor(from.data(), t, col);
    std::uint32_t steps = 0, errors = 0;
    for (const auto& r : col.runs) (r.error ? errors : steps)++;
    EXPECT_EQ(counts.steps, steps);
    EXPECT_EQ(counts.errors, errors);
    return col.runs;
  }
  value get(const packed_state& s, slot_id sl) const { return read_slot(s.data(), m.slots[sl]); }

  builder b;
  model m;
  std::unique_ptr<compiled_model> compiled;
  std::unique_ptr<executor> ex;
  slot_id a = 0, c = 0, arr = 0, wide = 0, opt = 0;
  std::uint32_t p = 0, r0 = 0, r1 = 0, ev = 0;
};

TEST_F(Exec, TwoChoosesGiveTheProductInOdometerOrder) {
  const transition_id t = b.add_transition(p, 0, "pick", {
      builder::choose(r0, 3),
      builder::choose(r1, 2),
      builder::store(a, b.reg(r0)),
      builder::store(c, b.reg(r1)),
      builder::emit(ev, {b.reg(r0), b.reg(r1)}),
  }, 1);
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 6u);
  std::uint32_t i = 0;
  for (std::uint32_t x = 0; x < 3; ++x) {
    for (std::uint32_t y = 0; y < 2; ++y, ++i) {
      EXPECT_EQ(runs[i].choices, (std::vector<std::uint32_t>{x, y}));
      EXPECT_EQ(get(runs[i].state, a), x);
      EXPECT_EQ(get(runs[i].state, c), y);
      EXPECT_EQ(get(runs[i].state, m.processes[p].pc_slot), 1);
      ASSERT_EQ(runs[i].events.size(), 1u);
      EXPECT_EQ(runs[i].events[0].args, (std::vector<value>{x, y}));
    }
  }
}

TEST_F(Exec, ChooseInsideABranchOnlyWhenReached) {
  // choose r0 in 0..2; if r0 == 1 { choose r1 in 0..3 }: 1 + 4 + 1 runs.
  const transition_id t = b.add_transition(p, 0, "nested", {
      builder::choose(r0, 3),
      builder::if_(b.eq(b.reg(r0), b.constant(1)), {builder::choose(r1, 4), builder::store(c, b.reg(r1))}),
      builder::store(a, b.reg(r0)),
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 6u);
  EXPECT_EQ(runs[0].choices, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(runs[1].choices, (std::vector<std::uint32_t>{1, 0}));
  EXPECT_EQ(runs[4].choices, (std::vector<std::uint32_t>{1, 3}));
  EXPECT_EQ(get(runs[4].state, c), 3);
  EXPECT_EQ(runs[5].choices, (std::vector<std::uint32_t>{2}));
}

TEST_F(Exec, ChooseOfNothingDisables) {
  const transition_id t = b.add_transition(p, 0, "empty", {builder::choose(r0, 0), b.store_const(a, 1)});
  EXPECT_TRUE(runs_of(t).empty());
}

TEST_F(Exec, AssumeRollsBackEarlierStores) {
  // a := r0 + 1; assume(r0 != 1): the run with r0 == 1 leaves no trace, not even its store.
  const transition_id t = b.add_transition(p, 0, "guarded", {
      builder::choose(r0, 3),
      builder::store(a, b.add(b.reg(r0), b.constant(1))),
      builder::assume(b.ne(b.reg(r0), b.constant(1))),
      builder::store(c, b.reg(r0)),
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(get(runs[0].state, a), 1);
  EXPECT_EQ(get(runs[1].state, a), 3);
  EXPECT_EQ(get(runs[1].state, c), 2);
}

TEST_F(Exec, LoadsSeeEarlierStoresOfTheSameStep) {
  const transition_id t = b.add_transition(p, 0, "seq", {
      b.store_const(a, 2),
      builder::store(a, b.add(b.load(a), b.constant(1))),
      builder::store(c, b.load(a)),  // c := 3 would be out of range if a were read from the old state + 3
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(get(runs[0].state, a), 3);
  EXPECT_EQ(get(runs[0].state, c), 3);
}

TEST_F(Exec, StoreOutsideTheRangeIsAModelError) {
  const transition_id t = b.add_transition(p, 0, "overflow", {
      builder::choose(r0, 2),
      builder::store(c, b.add(b.reg(r0), b.constant(3))),
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_FALSE(runs[0].error);
  EXPECT_TRUE(runs[1].error);
  EXPECT_EQ(runs[1].message, "store of 4 outside the range 0..3 of c");
  EXPECT_EQ(runs[1].choices, (std::vector<std::uint32_t>{1}));
}

TEST_F(Exec, OptionalAndSetStoresAreChecked) {
  const transition_id none_ok = b.add_transition(p, 0, "none", {builder::store(opt, b.none())});
  const transition_id zero_bad = b.add_transition(p, 0, "zero", {builder::store(opt, b.reg(r0))});
  const transition_id set_bad = b.add_transition(p, 0, "set", {builder::store(arr, b.constant(7))});
  auto runs = runs_of(none_ok);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(get(runs[0].state, opt), none_value);
  const packed_state zero(m.state_words(), 0);
  collector zero_runs(m.state_words());
  EXPECT_EQ(ex->for_each_successor(zero.data(), zero_bad, zero_runs).errors, 1u);  // registers start at 0
  ASSERT_EQ(zero_runs.runs.size(), 1u);
  EXPECT_EQ(zero_runs.runs[0].message, "store of 0 outside the range 1..3 of opt");
  collector col(m.state_words());
  ex->for_each_successor(zero.data(), set_bad, col);
  ASSERT_EQ(col.runs.size(), 1u);
  EXPECT_EQ(col.runs[0].message, "store of 7 outside the range 0..3 of arr[0]");
}

TEST_F(Exec, SixtyFourBitSetAcrossWords) {
  const transition_id t = b.add_transition(p, 0, "wide", {
      builder::store(wide, b.binary(op::set_union, b.load(wide), b.unary(op::set_singleton, b.constant(63)))),
      builder::store(wide, b.binary(op::set_union, b.load(wide), b.unary(op::set_singleton, b.constant(0)))),
      b.store_const(c, 3),
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(static_cast<std::uint64_t>(get(runs[0].state, wide)), (std::uint64_t{1} << 63) | 1);
  EXPECT_EQ(get(runs[0].state, c), 3);
  EXPECT_EQ(get(runs[0].state, a), 0);
}

// 64-bit slots, one astride two words: stores and loads keep every value, the extremes included,
// and a stored value reads back (a 0-bit slot read every value as its lower bound).
TEST(ExecWide, SixtyFourBitRangesKeepTheirValues) {
  constexpr value max = std::numeric_limits<value>::max();
  builder b;
  const slot_id flag = b.add_variable("flag", b.type_bool());
  const type_id widest = b.type_range(-max, max);
  const slot_id v = b.add_variable("v", widest);
  const slot_id o = b.add_variable("o", b.type_optional(widest));
  const std::uint32_t p = b.add_process("p", 2);
  const std::uint32_t r = b.new_register();
  const value stored[] = {7, max, -max, 0, -1};
  const transition_id t = b.add_transition(p, 0, "store", {
      builder::choose(r, 5),
      b.store_const(flag, 1),
      builder::store(v, b.ite(b.eq(b.reg(r), b.constant(0)), b.constant(stored[0]),
                              b.ite(b.eq(b.reg(r), b.constant(1)), b.constant(stored[1]),
                                    b.ite(b.eq(b.reg(r), b.constant(2)), b.constant(stored[2]),
                                          b.ite(b.eq(b.reg(r), b.constant(3)), b.constant(stored[3]), b.constant(stored[4])))))),
      builder::store(o, b.unary(op::negate, b.load(v))),
  }, 1);
  const expr_id not_seven = b.ne(b.load(v), b.constant(7));
  const model m = b.finish();
  EXPECT_EQ(m.slots[v].width, 64);
  compiled_model c(m);
  const std::uint32_t h = c.add_expression(not_seven);
  executor ex(c);
  const packed_state zero(m.state_words(), 0);
  EXPECT_EQ(read_slot(zero.data(), m.slots[v]), -max);
  EXPECT_EQ(read_slot(zero.data(), m.slots[o]), none_value);
  collector col(m.state_words());
  ASSERT_EQ(ex.for_each_successor(zero.data(), t, col).steps, 5u);
  for (std::size_t k = 0; k < 5; ++k) {
    SCOPED_TRACE(stored[k]);
    const packed_state& s = col.runs[k].state;
    EXPECT_EQ(read_slot(s.data(), m.slots[v]), stored[k]);
    EXPECT_EQ(read_slot(s.data(), m.slots[o]), -stored[k]);
    EXPECT_EQ(read_slot(s.data(), m.slots[flag]), 1);
    EXPECT_EQ(ex.holds(h, s.data()), stored[k] != 7);
    EXPECT_EQ(evaluate(m, s.data(), not_seven).v, stored[k] != 7 ? 1 : 0);
  }
}

TEST_F(Exec, ArithmeticOverflowIsAModelError) {
  const transition_id t = b.add_transition(p, 0, "overflow", {
      builder::choose(r0, 2),
      builder::store(c, b.ite(b.eq(b.reg(r0), b.constant(0)), b.constant(1),
                              b.binary(op::mul, b.constant(std::numeric_limits<value>::max()), b.constant(2)))),
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_FALSE(runs[0].error);
  EXPECT_TRUE(runs[1].error);
  EXPECT_EQ(runs[1].message, "integer overflow in *");
}

TEST_F(Exec, DynamicStores) {
  const transition_id t = b.add_transition(p, 0, "dyn", {
      builder::choose(r0, 4),
      builder::store_dynamic(arr, 1, 3, b.reg(r0), b.add(b.reg(r0), b.constant(1))),
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 4u);
  EXPECT_EQ(get(runs[0].state, arr), 1);
  EXPECT_EQ(get(runs[1].state, arr + 1), 2);
  EXPECT_FALSE(runs[2].error);  // 3 fits

  EXPECT_EQ(get(runs[2].state, arr + 2), 3);
  EXPECT_TRUE(runs[3].error);
  EXPECT_EQ(runs[3].message, "index 3 outside 0..2 (array element at arr[0])");
}

TEST_F(Exec, AssertAndErrorStatements) {
  const transition_id t = b.add_transition(p, 0, "checks", {
      builder::choose(r0, 3),
      builder::assert_(b.ne(b.reg(r0), b.constant(1)), "r0 must not be 1"),
      builder::if_(b.eq(b.reg(r0), b.constant(2)), {builder::error("unreachable branch")}),
  });
  const auto runs = runs_of(t);
  ASSERT_EQ(runs.size(), 3u);
  EXPECT_FALSE(runs[0].error);
  EXPECT_EQ(runs[1].message, "r0 must not be 1");
  EXPECT_EQ(runs[2].message, "unreachable branch");
}

TEST_F(Exec, SuccessorsFollowThePc) {
  const transition_id t0 = b.add_transition(p, 0, "start", {b.store_const(a, 1)}, 1);
  const transition_id t0b = b.add_transition(p, 0, "start2", {b.store_const(a, 2)}, 2);
  b.add_transition(p, 1, "next", {b.store_const(a, 3)}, 2);
  m = b.finish();
  compiled_model cm(m);
  executor x(cm);
  packed_state s(m.state_words(), 0);
  collector col(m.state_words());
  const run_counts counts = x.successors(s.data(), col);
  EXPECT_EQ(counts.steps, 2u);
  ASSERT_EQ(col.runs.size(), 2u);
  EXPECT_EQ(col.runs[0].transition, t0);
  EXPECT_EQ(col.runs[1].transition, t0b);
  collector at2(m.state_words());
  write_bits(s.data(), m.slots[m.processes[p].pc_slot], 2);
  EXPECT_EQ(x.successors(s.data(), at2).steps, 0u);
}

TEST_F(Exec, InitialStatesEnumerateChoices) {
  b.add_init(builder::choose(r0, 3));
  b.add_init(builder::store(a, b.reg(r0)));
  b.add_init(builder::store(opt, b.none()));
  b.add_init(b.store_const(opt, 2));
  m = b.finish();
  compiled_model cm(m);
  executor x(cm);
  collector col(m.state_words());
  EXPECT_EQ(x.initial_states(col).steps, 3u);
  ASSERT_EQ(col.runs.size(), 3u);
  for (std::uint32_t i = 0; i < 3; ++i) {
    EXPECT_EQ(col.runs[i].transition, init_transition);
    EXPECT_EQ(get(col.runs[i].state, a), i);
    EXPECT_EQ(get(col.runs[i].state, opt), 2);
  }
}

TEST_F(Exec, ReplayReproducesOneRun) {
  const transition_id t = b.add_transition(p, 0, "pick", {
      builder::choose(r0, 3), builder::choose(r1, 2),
      builder::store(a, b.add(b.reg(r0), b.reg(r1))),
      builder::emit(ev, {b.reg(r0), b.reg(r1)}),
  });
  const auto all = runs_of(t);
  ASSERT_EQ(all.size(), 6u);
  const packed_state zero(m.state_words(), 0);
  for (const auto& run : all) {
    collector col(m.state_words());
    EXPECT_EQ(ex->replay(zero.data(), t, run.choices, col).steps, 1u);
    ASSERT_EQ(col.runs.size(), 1u);
    EXPECT_EQ(col.runs[0], run);
  }
  collector bad(m.state_words());
  const std::vector<std::uint32_t> too_big = {3, 0}, too_short = {1}, too_long = {1, 1, 0};
  EXPECT_EQ(ex->replay(zero.data(), t, too_big, bad).steps, 0u);
  EXPECT_EQ(ex->replay(zero.data(), t, too_short, bad).steps, 0u);
  EXPECT_EQ(ex->replay(zero.data(), t, too_long, bad).steps, 0u);
  EXPECT_TRUE(bad.runs.empty());
  // Enumeration still works after replays.
  collector again(m.state_words());
  EXPECT_EQ(ex->for_each_successor(zero.data(), t, again).steps, 6u);
}

}  // namespace
}  // namespace ptmc::ir

// Each expression op, with its error cases, through the reference and the compiled evaluator.
#include <gtest/gtest.h>

#include <limits>

#include "ir/builder.h"
#include "ir/exec.h"
#include "ir/state.h"

namespace ptmc::ir {
namespace {

class Eval : public ::testing::Test {
 protected:
  void SetUp() override {
    x = b.add_variable("x", b.type_range(-5, 5));
    flag = b.add_variable("flag", b.type_bool());
    sigs = b.add_variable("sigs", b.type_set(b.type_enum("Sig", {"A", "B", "C", "D"})));
    opt = b.add_variable("opt", b.type_optional(b.type_range(0, 3)));
    arr = b.add_variable("arr", b.type_array(b.type_range(0, 7), b.type_range(0, 2)));
    wide = b.add_variable("wide", b.type_set(b.type_range(0, 63)));
    r0 = b.new_register();
    r1 = b.new_register();
    s.assign(b.peek().state_words(), 0);
    set(x, -2);
    set(flag, 1);
    set(sigs, 0b1010);
    set(opt, none_value);
    set(arr, 4);
    set(arr + 1, 6);
    set(arr + 2, 7);
    set(wide, static_cast<value>(std::uint64_t{1} << 63));
  }

  void set(slot_id sl, value v) { write_bits(s.data(), b.peek().slots[sl], encode(b.peek().slots[sl], v)); }

  // Evaluates with both evaluators, checks they agree, returns the reference result.
  eval_result eval(expr_id e) {
    const model& m = b.peek();
    const std::vector<value> regs = {10, -3};
    const eval_result ref = evaluate(m, s.data(), e, regs);
    compiled_model c(m);
    const std::uint32_t h = c.add_expression(e);
    executor ex(c);
    const eval_result got = ex.evaluate(h, s.data(), regs);
    EXPECT_EQ(ref.ok(), got.ok()) << ref.error << " / " << got.error;
    EXPECT_EQ(ref.error, got.error);
    if (ref.ok() && got.ok()) {
      EXPECT_EQ(ref.v, got.v);
    }
    return ref;
  }
  value value_of(expr_id e) {
    const eval_result r = eval(e);
    EXPECT_TRUE(r.ok()) << r.error;
    return r.v;
  }
  std::string error_of(expr_id e) {
    const eval_result r = eval(e);
    EXPECT_FALSE(r.ok());
    return r.error;
  }
  expr_id k(value v) { return b.constant(v); }
  expr_id set_const(value v) { return b.constant(v, value_sort::set); }

  builder b;
  slot_id x = 0, flag = 0, sigs = 0, opt = 0, arr = 0, wide = 0;
  std::uint32_t r0 = 0, r1 = 0;
  packed_state s;
};

TEST_F(Eval, ConstantsLoadsRegisters) {
  EXPECT_EQ(value_of(k(42)), 42);
  EXPECT_EQ(value_of(b.load(x)), -2);
  EXPECT_EQ(value_of(b.load(flag)), 1);
  EXPECT_EQ(value_of(b.load(sigs)), 0b1010);
  EXPECT_EQ(value_of(b.load(opt)), none_value);
  EXPECT_EQ(value_of(b.load(wide)), std::numeric_limits<value>::min());
  EXPECT_EQ(value_of(b.reg(r0)), 10);
  EXPECT_EQ(value_of(b.reg(r1)), -3);
  set(opt, 3);
  EXPECT_EQ(value_of(b.load(opt)), 3);
}

TEST_F(Eval, LoadDynamic) {
  EXPECT_EQ(value_of(b.load_dynamic(arr, 1, 3, k(0))), 4);
  EXPECT_EQ(value_of(b.load_dynamic(arr, 1, 3, k(2))), 7);
  EXPECT_EQ(error_of(b.load_dynamic(arr, 1, 3, k(3))), "index 3 outside 0..2 (array element at arr[0])");
  EXPECT_EQ(error_of(b.load_dynamic(arr, 1, 3, k(-1))), "index -1 outside 0..2 (array element at arr[0])");
}

TEST_F(Eval, Arithmetic) {
  EXPECT_EQ(value_of(b.unary(op::negate, b.load(x))), 2);
  EXPECT_EQ(value_of(b.add(k(3), k(4))), 7);
  EXPECT_EQ(value_of(b.sub(k(3), k(4))), -1);
  EXPECT_EQ(value_of(b.binary(op::mul, k(-3), k(4))), -12);
  EXPECT_EQ(value_of(b.binary(op::div, k(-7), k(2))), -3);
  EXPECT_EQ(value_of(b.binary(op::mod, k(-7), k(2))), -1);
  EXPECT_EQ(error_of(b.binary(op::div, k(1), k(0))), "division by zero");
  EXPECT_EQ(error_of(b.binary(op::mod, k(1), k(0))), "modulo by zero");
}

// Integers are -(2^63 - 1)..2^63 - 1; a result outside is a model error, never a wrapped value
// (and never -2^63, which is none).
TEST_F(Eval, ArithmeticOverflowIsAModelError) {
  constexpr value max = std::numeric_limits<value>::max(), none = none_value;
  EXPECT_EQ(error_of(b.add(k(max), k(1))), "integer overflow in +");
  EXPECT_EQ(error_of(b.add(k(-max), k(-1))), "integer overflow in +");
  EXPECT_EQ(error_of(b.sub(k(-max), k(1))), "integer overflow in -");
  EXPECT_EQ(error_of(b.sub(k(max), k(-1))), "integer overflow in -");
  EXPECT_EQ(error_of(b.binary(op::mul, k(max), k(2))), "integer overflow in *");
  EXPECT_EQ(error_of(b.binary(op::mul, k(value{1} << 62), k(-2))), "integer overflow in *");
  EXPECT_EQ(error_of(b.unary(op::negate, k(none))), "integer overflow in unary -");
  EXPECT_EQ(error_of(b.binary(op::div, k(none), k(-1))), "integer overflow in /");
  EXPECT_EQ(error_of(b.binary(op::div, k(none), k(1))), "integer overflow in /");
  EXPECT_EQ(value_of(b.add(k(max), k(0))), max);
  EXPECT_EQ(value_of(b.sub(k(-max + 1), k(1))), -max);
  EXPECT_EQ(value_of(b.binary(op::mul, k(max), k(-1))), -max);
  EXPECT_EQ(value_of(b.unary(op::negate, k(-max))), max);
  EXPECT_EQ(value_of(b.binary(op::div, k(-max), k(-1))), max);
  EXPECT_EQ(value_of(b.binary(op::mod, k(none), k(-1))), 0);
  EXPECT_EQ(value_of(b.binary(op::mod, k(-max), k(max))), 0);
  EXPECT_EQ(value_of(b.add(k(none), k(1))), -max);  // a raw none operand is fine; only results are checked
  // The error stops the evaluation before a comparison could turn it into a truth value.
  EXPECT_EQ(error_of(b.lt(b.sub(k(max), b.load(x)), k(0))), "integer overflow in -");  // x is -2
}

TEST_F(Eval, Comparisons) {
  EXPECT_EQ(value_of(b.eq(b.load(x), k(-2))), 1);
  EXPECT_EQ(value_of(b.eq(k(-2), b.load(x))), 1);
  EXPECT_EQ(value_of(b.eq(b.load(x), k(3))), 0);
  EXPECT_EQ(value_of(b.eq(b.load(x), k(99))), 0);  // a constant the slot cannot hold
  EXPECT_EQ(value_of(b.ne(b.load(x), k(3))), 1);
  EXPECT_EQ(value_of(b.lt(k(1), k(2))), 1);
  EXPECT_EQ(value_of(b.le(k(2), k(2))), 1);
  EXPECT_EQ(value_of(b.binary(op::gt, k(2), k(2))), 0);
  EXPECT_EQ(value_of(b.binary(op::ge, k(3), k(2))), 1);
  EXPECT_EQ(value_of(b.eq(b.load(opt), b.none())), 1);
}

TEST_F(Eval, LogicShortCircuits) {
  const expr_id t = b.truth(true), f = b.truth(false);
  const expr_id boom = b.eq(b.binary(op::div, k(1), k(0)), k(0));
  EXPECT_EQ(value_of(b.lnot(t)), 0);
  EXPECT_EQ(value_of(b.land(t, t)), 1);
  EXPECT_EQ(value_of(b.land(f, boom)), 0);
  EXPECT_EQ(value_of(b.lor(t, boom)), 1);
  EXPECT_EQ(value_of(b.lor(f, f)), 0);
  EXPECT_EQ(value_of(b.binary(op::implies, f, boom)), 1);
  EXPECT_EQ(value_of(b.binary(op::implies, t, f)), 0);
  EXPECT_EQ(error_of(b.land(t, boom)), "division by zero");
  // Non-0/1 truth values (a boolean register) are normalised.
  EXPECT_EQ(value_of(b.land(t, b.reg(r0, value_sort::boolean))), 1);
  EXPECT_EQ(value_of(b.lor(b.reg(r1, value_sort::boolean), f)), 1);
}

TEST_F(Eval, IteEvaluatesOneBranch) {
  const expr_id boom = b.binary(op::div, k(1), k(0));
  EXPECT_EQ(value_of(b.ite(b.load(flag), k(5), boom)), 5);
  EXPECT_EQ(value_of(b.ite(b.lnot(b.load(flag)), boom, k(6))), 6);
  EXPECT_EQ(error_of(b.ite(b.load(flag), boom, k(6))), "division by zero");
}

TEST_F(Eval, Sets) {
  EXPECT_EQ(value_of(b.binary(op::set_union, b.load(sigs), set_const(1))), 0b1011);
  EXPECT_EQ(value_of(b.binary(op::set_inter, b.load(sigs), set_const(0b0110))), 0b0010);
  EXPECT_EQ(value_of(b.binary(op::set_diff, b.load(sigs), set_const(0b0010))), 0b1000);
  EXPECT_EQ(value_of(b.binary(op::set_has, b.load(sigs), k(1))), 1);
  EXPECT_EQ(value_of(b.binary(op::set_has, b.load(sigs), k(2))), 0);
  EXPECT_EQ(value_of(b.binary(op::set_has, b.load(sigs), k(64))), 0);
  EXPECT_EQ(value_of(b.binary(op::set_has, b.load(sigs), k(-1))), 0);
  EXPECT_EQ(value_of(b.binary(op::set_has, b.load(wide), k(63))), 1);
  EXPECT_EQ(value_of(b.unary(op::set_singleton, k(3))), 8);
  EXPECT_EQ(value_of(b.unary(op::set_singleton, k(63))), std::numeric_limits<value>::min());
  EXPECT_EQ(error_of(b.unary(op::set_singleton, k(64))), "set element 64 outside 0..63");
  EXPECT_EQ(value_of(b.unary(op::set_card, b.load(sigs))), 2);
  EXPECT_EQ(value_of(b.unary(op::set_card, b.load(wide))), 1);
  EXPECT_EQ(value_of(b.unary(op::set_min, b.load(sigs))), 1);
  EXPECT_EQ(value_of(b.unary(op::set_max, b.load(sigs))), 3);
  EXPECT_EQ(value_of(b.unary(op::set_max, b.load(wide))), 63);
  EXPECT_EQ(error_of(b.unary(op::set_min, set_const(0))), "set_min of the empty set");
  EXPECT_EQ(error_of(b.unary(op::set_max, set_const(0))), "set_max of the empty set");
}

TEST_F(Eval, Optionals) {
  EXPECT_EQ(value_of(b.unary(op::is_none, b.load(opt))), 1);
  EXPECT_EQ(error_of(b.unary(op::unwrap, b.load(opt))), "unwrap of none");
  set(opt, 2);
  EXPECT_EQ(value_of(b.unary(op::is_none, b.load(opt))), 0);
  EXPECT_EQ(value_of(b.unary(op::unwrap, b.load(opt))), 2);
}

TEST_F(Eval, CompiledInvariants) {
  b.add_invariant("x_negative", b.lt(b.load(x), k(0)));
  b.add_invariant("flag_clear", b.lnot(b.load(flag)));
  b.add_invariant("broken", b.eq(b.binary(op::div, k(1), k(0)), k(1)));
  const model m = b.finish();
  compiled_model c(m);
  executor ex(c);
  EXPECT_TRUE(ex.holds(c.invariant_expression(0), s.data()));
  EXPECT_FALSE(ex.holds(c.invariant_expression(1), s.data()));
  std::string error;
  EXPECT_FALSE(ex.holds(c.invariant_expression(2), s.data(), &error));
  EXPECT_EQ(error, "division by zero");
}

}  // namespace
}  // namespace ptmc::ir

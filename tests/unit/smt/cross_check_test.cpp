// Z3's encoding against the reference evaluator (ir/exec.h): random expressions of every op and
// sort over a hand-built model, evaluated on random states by both; values and errors must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "ir/builder.h"
#include "ir/exec.h"
#include "ir/state.h"
#include "ir/support.h"
#include "smt/encoder.h"

namespace ptmc::smt {
namespace {

using ir::expr_id;
using ir::op;
using ir::value;
using ir::value_sort;

constexpr value min64 = std::numeric_limits<value>::min();
constexpr value max64 = std::numeric_limits<value>::max();

// A dynamic-access family: slots base + i*stride for i < count, all of one sort.
struct array_family {
  ir::slot_id base = 0;
  std::uint32_t stride = 0;
  std::uint32_t count = 0;
  value_sort sort = value_sort::integer;
};

// The hand-built model: a few slots of every kind the layout produces, and the slots grouped by
// the sort a load of them has.
struct test_model {
  ir::builder b{"cross_check"};
  std::vector<ir::slot_id> plain[3];     // by value_sort: bool; range/enum/symmetric; sets
  std::vector<ir::slot_id> optional[3];  // optional slots by the sort of their loads
  std::vector<array_family> arrays;

  test_model() {
    const auto t_bool = b.type_bool();
    const auto t_level = b.type_range(-3, 5, "Level");
    const auto t_big = b.type_range(-1'000'000, 1'000'000, "Big");
    const auto t_fixed = b.type_range(7, 7, "Seven");  // a slot of width 0
    const auto t_sig = b.type_enum("Sig", {"SIGSTOP", "SIGCONT", "SIGKILL", "SIGUSR1"});
    const auto t_state = b.type_enum("TState", {"RUNNING", "STOPPED", "TRACED", "DEAD"});
    const auto t_tid = b.type_symmetric("Tid", 3);
    const auto t_sigset = b.type_set(t_sig);
    const auto t_wide = b.type_set(b.type_range(0, 63, "Bit"));  // a 64-bit mask
    const auto t_task = b.type_record("Task", {{"state", t_state}, {"pending", t_sigset}, {"ptraced", t_bool}});

    plain[index(value_sort::boolean)] = {b.add_variable("flag", t_bool), b.add_variable("other_flag", t_bool)};
    plain[index(value_sort::integer)] = {b.add_variable("level", t_level), b.add_variable("big", t_big),
                                         b.add_variable("seven", t_fixed), b.add_variable("sig", t_sig),
                                         b.add_variable("tid", t_tid)};
    plain[index(value_sort::set)] = {b.add_variable("pending", t_sigset), b.add_variable("wide", t_wide)};
    optional[index(value_sort::boolean)] = {b.add_variable("maybe", b.type_optional(t_bool))};
    optional[index(value_sort::integer)] = {b.add_variable("exit_code", b.type_optional(t_sig)),
                                            b.add_variable("opt_level", b.type_optional(t_level))};
    optional[index(value_sort::set)] = {b.add_variable("opt_pending", b.type_optional(t_sigset))};
    const ir::slot_id counts = b.add_variable("counts", b.type_array(t_level, t_tid));
    const ir::slot_id tasks = b.add_variable("task", b.type_array(t_task, t_tid));
    arrays = {{counts, 1, 3, value_sort::integer},
              {tasks, 3, 3, value_sort::integer},
              {tasks + 1, 3, 3, value_sort::set},
              {tasks + 2, 3, 2, value_sort::boolean}};
  }

  static std::size_t index(value_sort s) { return static_cast<std::size_t>(s); }
};

// Random, sort-correct expressions (builder::finish validates them), biased towards the corners:
// overflow, none, empty sets, indices just out of range, division by zero.
class expr_generator {
 public:
  expr_generator(test_model& t, std::uint64_t seed) : t_(t), rng_(seed) {}

  expr_id gen(value_sort s, int depth) {
    std::vector<expr_id>& made = made_[test_model::index(s)];
    if (!made.empty() && chance(8)) return made[pick(made.size())];  // share subexpressions
    const expr_id e = depth <= 0 || chance(5) ? leaf(s) : node(s, depth - 1);
    made.push_back(e);
    return e;
  }

  value_sort any_sort() { return static_cast<value_sort>(pick(3)); }

 private:
  bool chance(unsigned one_in) { return pick(one_in) == 0; }
  std::size_t pick(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_); }
  template <class T>
  const T& pick_of(const std::vector<T>& v) { return v[pick(v.size())]; }

  value interesting_int() {
    static const value corners[] = {0, 1, -1, 2, 3, 63, 64, -64, max64, min64, min64 + 1, max64 - 1,
                                    value{1} << 32, -(value{1} << 40), 1'000'000};
    if (chance(3)) return corners[pick(std::size(corners))];
    return static_cast<value>(pick(16)) - 5;
  }

  value interesting_set() {
    switch (pick(4)) {
      case 0: return 0;
      case 1: return static_cast<value>(pick(16));
      case 2: return min64 | static_cast<value>(pick(16));  // bit 63: the none pattern and beyond
      default: return static_cast<value>(rng_());
    }
  }

  expr_id leaf(value_sort s) {
    ir::builder& b = t_.b;
    const auto& slots = t_.plain[test_model::index(s)];
    const auto& optionals = t_.optional[test_model::index(s)];
    switch (pick(4)) {
      case 0:
        if (s == value_sort::boolean) return b.truth(chance(2));
        return b.constant(s == value_sort::set ? interesting_set() : interesting_int(), s);
      case 1: return b.load(pick_of(optionals));  // may be none: raw loads of optionals are legal
      default: return b.load(pick_of(slots));
    }
  }

  // An optional-valued expression of sort s: an optional load, none, or a choice of them.
  expr_id optional_source(value_sort s, int depth) {
    if (chance(6)) return t_.b.constant(ir::none_value, s);
    if (depth > 0 && chance(4))
      return t_.b.ite(gen(value_sort::boolean, depth - 1), optional_source(s, depth - 1), optional_source(s, depth - 1));
    return t_.b.load(pick_of(t_.optional[test_model::index(s)]));
  }

  // Mostly a valid index of a 3-element array, sometimes one just outside, sometimes anything.
  expr_id index_expr(int depth) {
    ir::builder& b = t_.b;
    switch (pick(5)) {
      case 0: return b.constant(static_cast<value>(pick(5)) - 1);
      case 1: return b.load(t_.plain[1][4]);  // tid
      case 2: return b.load(t_.plain[1][3]);  // sig: 0..3, one past the end
      case 3: return b.load(t_.plain[1][0]);  // level: -3..5
      default: return gen(value_sort::integer, depth);
    }
  }

  expr_id load_dynamic(value_sort s, int depth) {
    std::vector<array_family> fits;
    for (const array_family& a : t_.arrays)
      if (a.sort == s) fits.push_back(a);
    const array_family a = pick_of(fits);
    return t_.b.load_dynamic(a.base, a.stride, a.count, index_expr(depth));
  }

  expr_id node(value_sort s, int d) {
    switch (s) {
      case value_sort::integer: return int_node(d);
      case value_sort::boolean: return bool_node(d);
      case value_sort::set: return set_node(d);
    }
    return leaf(s);
  }

  expr_id int_node(int d) {
    ir::builder& b = t_.b;
    static const op arithmetic[] = {op::add, op::sub, op::mul, op::div, op::mod};
    switch (pick(8)) {
      case 0: return b.unary(op::negate, gen(value_sort::integer, d));
      case 1: case 2: return b.binary(arithmetic[pick(5)], gen(value_sort::integer, d), gen(value_sort::integer, d));
      case 3: return b.ite(gen(value_sort::boolean, d), gen(value_sort::integer, d), gen(value_sort::integer, d));
      case 4: {
        static const op set_to_int[] = {op::set_card, op::set_min, op::set_max};
        return b.unary(set_to_int[pick(3)], gen(value_sort::set, d));
      }
      case 5: return b.unary(op::unwrap, optional_source(value_sort::integer, d));
      case 6: return load_dynamic(value_sort::integer, d);
      default: return leaf(value_sort::integer);
    }
  }

  // A comparison that fails on some states: a quotient by a load, an unwrap, the minimum of a
  // set, a dynamic load.
  expr_id partial(int d) {
    ir::builder& b = t_.b;
    expr_id v = 0;
    switch (pick(4)) {
      case 0: v = b.binary(chance(2) ? op::div : op::mod, gen(value_sort::integer, d), leaf(value_sort::integer)); break;
      case 1: v = b.unary(op::unwrap, optional_source(value_sort::integer, d)); break;
      case 2: v = b.unary(op::set_min, leaf(value_sort::set)); break;
      default: v = load_dynamic(value_sort::integer, d); break;
    }
    return b.binary(chance(2) ? op::eq : op::lt, v, leaf(value_sort::integer));
  }

  expr_id bool_node(int d) {
    ir::builder& b = t_.b;
    switch (pick(11)) {
      case 9: {
        // The guard pattern of properties (x != 0 && 6 / x > 1): short-circuit decides errors.
        static const op logical[] = {op::logical_and, op::logical_or, op::implies};
        const expr_id guard = gen(value_sort::boolean, d), guarded = partial(d);
        return chance(4) ? b.ite(guard, guarded, gen(value_sort::boolean, d)) : b.binary(logical[pick(3)], guard, guarded);
      }
      case 0: return b.lnot(gen(value_sort::boolean, d));
      case 1: {
        const value_sort s = any_sort();
        return b.binary(chance(2) ? op::eq : op::ne, gen(s, d), gen(s, d));
      }
      case 2: {
        static const op order[] = {op::lt, op::le, op::gt, op::ge};
        return b.binary(order[pick(4)], gen(value_sort::integer, d), gen(value_sort::integer, d));
      }
      case 3: case 4: {
        static const op logical[] = {op::logical_and, op::logical_or, op::implies};
        return b.binary(logical[pick(3)], gen(value_sort::boolean, d), gen(value_sort::boolean, d));
      }
      case 5: return b.binary(op::set_has, gen(value_sort::set, d), chance(2) ? index_expr(d) : gen(value_sort::integer, d));
      case 6: return b.unary(op::is_none, chance(2) ? optional_source(any_sort(), d) : gen(any_sort(), d));
      case 7: return b.ite(gen(value_sort::boolean, d), gen(value_sort::boolean, d), gen(value_sort::boolean, d));
      case 8: return chance(2) ? load_dynamic(value_sort::boolean, d) : b.unary(op::unwrap, optional_source(value_sort::boolean, d));
      default: return leaf(value_sort::boolean);
    }
  }

  expr_id set_node(int d) {
    ir::builder& b = t_.b;
    switch (pick(7)) {
      case 0: case 1: {
        static const op set_ops[] = {op::set_union, op::set_inter, op::set_diff};
        return b.binary(set_ops[pick(3)], gen(value_sort::set, d), gen(value_sort::set, d));
      }
      case 2: return b.unary(op::set_singleton, chance(2) ? index_expr(d) : gen(value_sort::integer, d));
      case 3: return b.ite(gen(value_sort::boolean, d), gen(value_sort::set, d), gen(value_sort::set, d));
      case 4: return b.unary(op::unwrap, optional_source(value_sort::set, d));
      case 5: return load_dynamic(value_sort::set, d);
      default: return leaf(value_sort::set);
    }
  }

  test_model& t_;
  std::mt19937_64 rng_;
  std::vector<expr_id> made_[3];
};

// A state with random bits in every slot; a third of the slots get all-zero bits (the low end of
// a range, none, the empty set), where the corner cases live.
ir::packed_state random_state(const ir::model& m, std::mt19937_64& rng) {
  ir::packed_state s(m.state_words(), 0);
  for (const ir::slot& sl : m.slots) ir::write_bits(s.data(), sl, rng() % 3 == 0 ? 0 : rng());
  return s;
}

// The expression as text, for failure messages.
std::string describe(const ir::model& m, expr_id e) {
  static const char* const names[] = {"const", "load", "load_dyn", "reg", "not", "neg", "add", "sub", "mul", "div",
                                      "mod", "eq", "ne", "lt", "le", "gt", "ge", "and", "or", "implies", "ite",
                                      "union", "inter", "diff", "has", "singleton", "card", "min", "max", "is_none",
                                      "unwrap"};
  const ir::expr_node& n = m.exprs[e];
  std::string s = std::string("(") + names[static_cast<int>(n.o)];
  if (n.o == op::constant) return s + " " + std::to_string(n.constant) + ")";
  if (n.o == op::load) return s + " " + m.slots[n.slot].path + ")";
  if (n.o == op::load_dynamic) s += " " + m.slots[n.slot].path + " stride " + std::to_string(n.stride);
  const expr_id operands[] = {n.a, n.b, n.c};
  for (std::uint32_t i = 0; i < ir::operand_count(n.o); ++i) s += " " + describe(m, operands[i]);
  return s + ")";
}

// The two answers agree: the same value, or both an error.
::testing::AssertionResult agree(const ir::eval_result& reference, const solver_answer& z3) {
  if (z3.k == solver_answer::kind::unknown) return ::testing::AssertionFailure() << "Z3 unknown: " << z3.reason;
  if (z3.k == solver_answer::kind::ambiguous) return ::testing::AssertionFailure() << "Z3 encoding leaves the value open";
  if (!reference.ok() && z3.k == solver_answer::kind::error) return ::testing::AssertionSuccess();
  if (reference.ok() && z3.k == solver_answer::kind::value && reference.v == z3.v) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "evaluator: " << (reference.ok() ? std::to_string(reference.v) : reference.error)
                                       << "; Z3: " << (z3.k == solver_answer::kind::error ? "error" : std::to_string(z3.v));
}

TEST(smt_cross_check, random_expressions_agree_with_the_reference_evaluator) {
  constexpr int expression_count = 1500;
  constexpr int states_per_expression = 4;
  test_model t;
  expr_generator gen(t, 20240611);
  std::vector<expr_id> roots;
  for (int i = 0; i < expression_count; ++i) roots.push_back(gen.gen(gen.any_sort(), 1 + i % 5));
  const ir::model m = t.b.finish();
  bool used[static_cast<int>(op::unwrap) + 1] = {};
  for (const ir::expr_node& n : m.exprs) used[static_cast<int>(n.o)] = true;
  for (int o = 0; o <= static_cast<int>(op::unwrap); ++o)
    EXPECT_TRUE(used[o] || static_cast<op>(o) == op::reg) << "op " << o << " never generated";

  encoder z3(m);
  std::mt19937_64 rng(7);
  int checked = 0, errors = 0, failures = 0;
  std::vector<double> micros;
  for (const expr_id e : roots) {
    for (int k = 0; k < states_per_expression && failures < 10; ++k) {
      const ir::packed_state state = random_state(m, rng);
      const ir::eval_result reference = ir::evaluate(m, state.data(), e);
      const auto start = std::chrono::steady_clock::now();
      const solver_answer answer = z3.evaluate(state.data(), e);
      micros.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count());
      const ::testing::AssertionResult same = agree(reference, answer);
      if (!same) {
        ++failures;
        ADD_FAILURE() << same.message() << "\n  expression " << describe(m, e) << "\n  " << z3.to_smtlib(e);
      }
      ++checked;
      errors += reference.ok() ? 0 : 1;
    }
  }
  std::sort(micros.begin(), micros.end());
  std::cout << "[ smt ] " << checked << " evaluations (" << errors << " model errors), median Z3 evaluate "
            << micros[micros.size() / 2] << " us (two checks each)\n";
  EXPECT_EQ(failures, 0);
  // The corners were reached: a fair share of the cases are model errors, and most are not.
  EXPECT_GT(errors, checked / 20);
  EXPECT_LT(errors, checked / 2);
}

// ---------------------------------------------------------------- the corners, one by one

// A model with one slot per kind for hand-written expressions.
struct corner_model {
  ir::builder b{"corners"};
  ir::slot_id level = b.add_variable("level", b.type_range(-3, 5));
  ir::slot_id exit_code = b.add_variable("exit_code", b.type_optional(b.type_range(0, 6)));
  ir::slot_id pending = b.add_variable("pending", b.type_set(b.type_range(0, 3)));
  ir::slot_id counts = b.add_variable("counts", b.type_array(b.type_range(0, 9), b.type_range(0, 2)));
};

struct corner_case {
  std::string name;
  expr_id e;
  bool is_error;
  value expected;
};

TEST(smt_cross_check, corner_cases_match_the_documented_semantics) {
  corner_model c;
  ir::builder& b = c.b;
  auto k = [&](value v) { return b.constant(v); };
  auto set = [&](value v) { return b.constant(v, value_sort::set); };
  const expr_id div_zero = b.binary(op::div, k(1), k(0));
  const expr_id bad_index = b.load_dynamic(c.counts, 1, 3, k(3));
  std::vector<corner_case> cases = {
      {"-7 / 2 truncates", b.binary(op::div, k(-7), k(2)), false, -3},
      {"-7 % 2 follows the dividend", b.binary(op::mod, k(-7), k(2)), false, -1},
      {"7 / -2", b.binary(op::div, k(7), k(-2)), false, -3},
      {"7 % -2", b.binary(op::mod, k(7), k(-2)), false, 1},
      {"-7 / -2", b.binary(op::div, k(-7), k(-2)), false, 3},
      // Integers are -(2^63 - 1)..2^63 - 1 (base/checked_int.h): a result outside is a model
      // error, -2^63 included (it is none); -2^63 as an operand is a raw none.
      {"min / -1 overflows", b.binary(op::div, k(min64), k(-1)), true, 0},
      {"min / 1 is not an integer", b.binary(op::div, k(min64), k(1)), true, 0},
      {"min / 2", b.binary(op::div, k(min64), k(2)), false, min64 / 2},
      {"min % -1", b.binary(op::mod, k(min64), k(-1)), false, 0},
      {"max + 1 overflows", b.add(k(max64), k(1)), true, 0},
      {"max + 0", b.add(k(max64), k(0)), false, max64},
      {"-max - 1 overflows into none", b.sub(k(-max64), k(1)), true, 0},
      {"-max - 2 overflows", b.sub(k(-max64), k(2)), true, 0},
      {"min + 1", b.add(k(min64), k(1)), false, -max64},
      {"min - 1 overflows", b.sub(k(min64), k(1)), true, 0},
      {"-min overflows", b.unary(op::negate, k(min64)), true, 0},
      {"-max", b.unary(op::negate, k(max64)), false, -max64},
      {"max * 2 overflows", b.binary(op::mul, k(max64), k(2)), true, 0},
      {"max * -1", b.binary(op::mul, k(max64), k(-1)), false, -max64},
      {"2^62 * -2 is none, an overflow", b.binary(op::mul, k(value{1} << 62), k(-2)), true, 0},
      {"an overflow inside a comparison", b.lt(b.sub(k(max64), b.load(c.level)), k(0)), true, 0},  // level is -3
      {"division by zero", div_zero, true, 0},
      {"modulo by zero", b.binary(op::mod, k(5), k(0)), true, 0},
      {"has bit 64 is false", b.binary(op::set_has, set(-1), k(64)), false, 0},
      {"has bit -1 is false", b.binary(op::set_has, set(-1), k(-1)), false, 0},
      {"has bit 63", b.binary(op::set_has, set(min64), k(63)), false, 1},
      {"singleton 63", b.unary(op::set_singleton, k(63)), false, min64},
      {"singleton 64 fails", b.unary(op::set_singleton, k(64)), true, 0},
      {"singleton -1 fails", b.unary(op::set_singleton, k(-1)), true, 0},
      {"card of all bits", b.unary(op::set_card, set(-1)), false, 64},
      {"min of empty fails", b.unary(op::set_min, set(0)), true, 0},
      {"max of empty fails", b.unary(op::set_max, set(0)), true, 0},
      {"min", b.unary(op::set_min, set(0b10100)), false, 2},
      {"max of bit 63", b.unary(op::set_max, set(min64 | 1)), false, 63},
      {"unwrap none fails", b.unary(op::unwrap, b.none()), true, 0},
      {"is_none none", b.unary(op::is_none, b.none()), false, 1},
      {"index past the end fails", bad_index, true, 0},
      {"negative index fails", b.load_dynamic(c.counts, 1, 3, k(-1)), true, 0},
      {"false && error", b.land(b.truth(false), b.eq(div_zero, k(0))), false, 0},
      {"true && error fails", b.land(b.truth(true), b.eq(div_zero, k(0))), true, 0},
      {"true || error", b.lor(b.truth(true), b.eq(div_zero, k(0))), false, 1},
      {"false -> error", b.binary(op::implies, b.truth(false), b.eq(bad_index, k(0))), false, 1},
      {"ite skips the other branch", b.ite(b.truth(true), k(4), div_zero), false, 4},
      {"ite keeps a non-boolean value", b.ite(b.truth(false), k(4), k(-9)), false, -9},
      {"non-zero is true", b.land(b.constant(5, value_sort::boolean), b.truth(true)), false, 1},
      {"not of non-zero", b.lnot(b.constant(-3, value_sort::boolean)), false, 0},
      {"optional none loaded", b.unary(op::is_none, b.load(c.exit_code)), false, 1},
      {"unwrap of a none slot fails", b.unary(op::unwrap, b.load(c.exit_code)), true, 0},
      {"level in the zero state", b.load(c.level), false, -3},
      {"set in the zero state is empty", b.unary(op::set_card, b.load(c.pending)), false, 0},
  };
  const ir::model m = b.finish();
  const ir::packed_state zero(m.state_words(), 0);
  encoder z3(m);
  for (const corner_case& cc : cases) {
    SCOPED_TRACE(cc.name);
    const ir::eval_result reference = ir::evaluate(m, zero.data(), cc.e);
    EXPECT_EQ(!reference.ok(), cc.is_error) << reference.error;
    if (reference.ok()) {
      EXPECT_EQ(reference.v, cc.expected);
    }
    EXPECT_TRUE(agree(reference, z3.evaluate(zero.data(), cc.e)));
  }
}

TEST(smt_cross_check, registers_are_rejected) {
  ir::builder b("registers");
  b.add_variable("x", b.type_range(0, 3));
  const std::uint32_t r = b.new_register();
  const expr_id e = b.eq(b.reg(r), b.constant(1));
  const ir::model m = b.finish();
  encoder z3(m);
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(z3.encode(e), "read no registers");
}

}  // namespace
}  // namespace ptmc::smt

// Randomised cross-check of the compiled executor against simple reference implementations:
// expressions against the tree-walking `evaluate`, whole transitions against a recursive
// statement interpreter written here.
#include <gtest/gtest.h>

#include <random>

#include "collector.h"
#include "ir/builder.h"
#include "ir/exec.h"
#include "ir/exec_messages.h"
#include "ir/state.h"

namespace ptmc::ir {
namespace {

using testing::collector;
using testing::recorded_event;
using testing::recorded_run;

// A model with slots of every encoding (one spanning two words) and random expression programs.
class random_models {
 public:
  explicit random_models(std::uint32_t seed) : rng_(seed) {
    i1 = b.add_variable("i1", b.type_range(-3, 3));
    i2 = b.add_variable("i2", b.type_range(0, 7));
    flag = b.add_variable("flag", b.type_bool());
    f2 = b.add_variable("f2", b.type_bool());
    s1 = b.add_variable("s1", b.type_set(b.type_enum("E", {"A", "B", "C", "D", "E"})));
    opt = b.add_variable("opt", b.type_optional(b.type_range(0, 3)));
    arr = b.add_variable("arr", b.type_array(b.type_range(0, 3), b.type_range(0, 3)));
    wide = b.add_variable("wide", b.type_set(b.type_range(0, 63)));
    for (auto& r : regs) r = b.new_register();
    event = b.add_event("e", {{"x", b.type_range(0, 1)}, {"y", b.type_range(0, 1)}});
    process = b.add_process("p", 1);
  }

  builder b;
  slot_id i1, i2, flag, f2, s1, opt, arr, wide;
  std::uint32_t regs[3] = {};
  std::uint32_t event = 0, process = 0;

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  value small() { return std::uniform_int_distribution<value>(-4, 8)(rng_); }

  expr_id gen_int(int depth) {
    if (depth == 0 || pick(4) == 0) {
      switch (pick(6)) {
        case 0: return b.constant(small());
        case 1: return b.load(i1);
        case 2: return b.load(i2);
        case 3: return b.load(arr + static_cast<slot_id>(pick(4)));
        case 4: return b.reg(regs[pick(3)]);
        default: return b.constant(pick(3));
      }
    }
    switch (pick(13)) {
      case 0: return b.unary(op::negate, gen_int(depth - 1));
      case 1: return b.add(gen_int(depth - 1), gen_int(depth - 1));
      case 2: return b.sub(gen_int(depth - 1), gen_int(depth - 1));
      case 3: return b.binary(op::mul, gen_int(depth - 1), gen_int(depth - 1));
      case 4: return b.binary(op::div, gen_int(depth - 1), gen_int(depth - 1));
      case 5: return b.binary(op::mod, gen_int(depth - 1), gen_int(depth - 1));
      case 6: return b.ite(gen_bool(depth - 1), gen_int(depth - 1), gen_int(depth - 1));
      case 7: return b.unary(op::set_card, gen_set(depth - 1));
      case 8: return b.unary(op::set_min, gen_set(depth - 1));
      case 9: return b.unary(op::set_max, gen_set(depth - 1));
      case 10: return b.unary(op::unwrap, b.load(opt));
      case 11: return b.load(opt);
      default: return b.load_dynamic(arr, 1, 4, gen_int(depth - 1));
    }
  }

  expr_id gen_bool(int depth) {
    if (depth == 0 || pick(4) == 0) {
      switch (pick(4)) {
        case 0: return b.truth(pick(2) == 1);
        case 1: return b.load(flag);
        case 2: return b.load(f2);
        default: return b.reg(regs[pick(3)], value_sort::boolean);
      }
    }
    switch (pick(14)) {
      case 0: return b.lnot(gen_bool(depth - 1));
      case 1: return b.eq(gen_int(depth - 1), gen_int(depth - 1));
      case 2: return b.eq(b.load(pick(2) ? i1 : i2), b.constant(small()));
      case 3: return b.ne(gen_int(depth - 1), gen_int(depth - 1));
      case 4: return b.lt(gen_int(depth - 1), gen_int(depth - 1));
      case 5: return b.binary(op::ge, gen_int(depth - 1), gen_int(depth - 1));
      case 6: return b.land(gen_bool(depth - 1), gen_bool(depth - 1));
      case 7: return b.lor(gen_bool(depth - 1), gen_bool(depth - 1));
      case 8: return b.binary(op::implies, gen_bool(depth - 1), gen_bool(depth - 1));
      case 9: return b.binary(op::set_has, gen_set(depth - 1), gen_int(depth - 1));
      case 10: return b.unary(op::is_none, b.load(opt));
      case 11: return b.eq(gen_set(depth - 1), gen_set(depth - 1));
      case 12: return b.eq(b.load(opt), b.none());
      default: return b.ite(gen_bool(depth - 1), gen_bool(depth - 1), gen_bool(depth - 1));
    }
  }

  expr_id gen_set(int depth) {
    if (depth == 0 || pick(3) == 0) {
      switch (pick(3)) {
        case 0: return b.load(s1);
        case 1: return b.load(wide);
        default: return b.constant(pick(32), value_sort::set);
      }
    }
    switch (pick(5)) {
      case 0: return b.binary(op::set_union, gen_set(depth - 1), gen_set(depth - 1));
      case 1: return b.binary(op::set_inter, gen_set(depth - 1), gen_set(depth - 1));
      case 2: return b.binary(op::set_diff, gen_set(depth - 1), gen_set(depth - 1));
      case 3: return b.unary(op::set_singleton, gen_int(depth - 1));
      default: return b.ite(gen_bool(depth - 1), gen_set(depth - 1), gen_set(depth - 1));
    }
  }

  std::vector<stmt> gen_body(int depth, int length) {
    std::vector<stmt> body;
    for (int i = 0; i < length; ++i) body.push_back(gen_stmt(depth));
    return body;
  }

  stmt gen_stmt(int depth) {
    const int e = 2;
    switch (pick(depth > 0 ? 12 : 10)) {
      case 0: return builder::store(pick(2) ? i1 : i2, gen_int(e));
      case 1: return builder::store(pick(2) ? flag : f2, gen_bool(e));
      case 2: return builder::store(pick(2) ? s1 : wide, gen_set(e));
      case 3: return builder::store(opt, pick(3) == 0 ? b.none() : gen_int(e));
      case 4: return builder::store_dynamic(arr, 1, 4, gen_int(1), gen_int(e));
      case 5: return builder::set_reg(regs[pick(3)], gen_int(e));
      case 6: return builder::assume(gen_bool(e));
      case 7: return pick(4) == 0 ? builder::error("error statement") : builder::assert_(gen_bool(e), "assertion");
      case 8: return builder::choose(regs[pick(3)], static_cast<std::uint32_t>(pick(4)));
      case 9: return builder::emit(event, {gen_int(1), gen_int(1)});
      default:
        return builder::if_(gen_bool(e), gen_body(depth - 1, 1 + pick(3)), pick(2) ? gen_body(depth - 1, pick(3)) : std::vector<stmt>{});
    }
  }

  packed_state random_state(const model& m) {
    packed_state s(m.state_words(), 0);
    for (const slot& sl : m.slots) {
      value v = 0;
      if (sl.encoding == slot_encoding::bitmask) {
        v = static_cast<value>(std::uniform_int_distribution<std::uint64_t>()(rng_) & (sl.width == 64 ? ~0ull : (1ull << sl.width) - 1));
        if (sl.width == 64 && pick(2)) v &= 0x1f;
      } else if (sl.encoding == slot_encoding::optional && pick(3) == 0) {
        v = none_value;
      } else {
        v = std::uniform_int_distribution<value>(sl.lo, sl.hi)(rng_);
      }
      write_bits(s.data(), sl, encode(sl, v));
    }
    return s;
  }

  std::vector<value> random_regs() { return {small(), small(), pick(2)}; }

 private:
  std::mt19937 rng_;
};

// The reference statement interpreter: direct recursion, one branch per choice.
class reference_runner {
 public:
  reference_runner(const model& m, transition_id t) : m_(m), t_(t) {}
  std::vector<recorded_run> runs;

  void run(const packed_state& from, const std::vector<stmt>& body) {
    context c;
    c.state = from;
    c.regs.assign(m_.register_count, 0);
    std::vector<const stmt*> todo;
    for (auto it = body.rbegin(); it != body.rend(); ++it) todo.push_back(&*it);
    go(std::move(todo), std::move(c));
  }

 private:
  struct context {
    packed_state state;
    std::vector<value> regs;
    std::vector<std::uint32_t> choices;
    std::vector<recorded_event> events;
  };

  void fail(const context& c, std::string message) {
    recorded_run r;
    r.transition = t_;
    r.choices = c.choices;
    r.error = true;
    r.message = std::move(message);
    runs.push_back(std::move(r));
  }

  // Evaluates e; on error records it and returns false.
  bool eval(const context& c, expr_id e, value* v) {
    const eval_result r = evaluate(m_, c.state.data(), e, c.regs);
    if (!r.ok()) {
      fail(c, r.error);
      return false;
    }
    *v = r.v;
    return true;
  }

  bool store(context& c, slot_id s, value v) {
    if (!in_range(m_.slots[s], v)) {
      fail(c, detail::store_error(m_, s, v));
      return false;
    }
    write_bits(c.state.data(), m_.slots[s], encode(m_.slots[s], v));
    return true;
  }

  void go(std::vector<const stmt*> todo, context c) {
    while (!todo.empty()) {
      const stmt& s = *todo.back();
      todo.pop_back();
      value v = 0, i = 0;
      switch (s.kind) {
        case stmt_kind::store:
          if (!eval(c, s.e, &v) || !store(c, s.slot, v)) return;
          break;
        case stmt_kind::store_dynamic:
          if (!eval(c, s.index, &i) || !eval(c, s.e, &v)) return;
          if (i < 0 || i >= static_cast<value>(s.count)) return fail(c, detail::index_error(m_, s.slot, s.count, i));
          if (!store(c, s.slot + static_cast<slot_id>(i) * s.stride, v)) return;
          break;
        case stmt_kind::set_reg:
          if (!eval(c, s.e, &v)) return;
          c.regs[s.reg] = v;
          break;
        case stmt_kind::assume:
          if (!eval(c, s.e, &v) || v == 0) return;
          break;
        case stmt_kind::assert_:
          if (!eval(c, s.e, &v)) return;
          if (v == 0) return fail(c, s.message);
          break;
        case stmt_kind::error:
          return fail(c, s.message);
        case stmt_kind::if_: {
          if (!eval(c, s.e, &v)) return;
          const auto& branch = v != 0 ? s.body : s.else_body;
          for (auto it = branch.rbegin(); it != branch.rend(); ++it) todo.push_back(&*it);
          break;
        }
        case stmt_kind::choose:
          for (std::uint32_t k = 0; k < s.count; ++k) {
            context next = c;
            next.regs[s.reg] = k;
            next.choices.push_back(k);
            go(todo, std::move(next));
          }
          return;
        case stmt_kind::emit: {
          recorded_event e;
          e.event = s.event;
          for (const expr_id a : s.args) {
            if (!eval(c, a, &v)) return;
            e.args.push_back(v);
          }
          c.events.push_back(std::move(e));
          break;
        }
      }
    }
    recorded_run r;
    r.transition = t_;
    r.choices = std::move(c.choices);
    r.state = std::move(c.state);
    r.events = std::move(c.events);
    runs.push_back(std::move(r));
  }

  const model& m_;
  transition_id t_;
};

TEST(RandomCrossCheck, CompiledExpressionsAgreeWithTheReference) {
  random_models g(12345);
  std::vector<expr_id> roots;
  for (int i = 0; i < 1500; ++i) {
    const int depth = 1 + g.pick(5);
    roots.push_back(g.pick(3) == 0 ? g.gen_int(depth) : g.pick(2) ? g.gen_bool(depth) : g.gen_set(depth));
  }
  const model& m = g.b.peek();
  validate(m);
  compiled_model c(m);
  std::vector<std::uint32_t> handles;
  for (const expr_id e : roots) handles.push_back(c.add_expression(e));
  executor ex(c);
  std::size_t errors = 0, compared = 0;
  for (int k = 0; k < 8; ++k) {
    const packed_state s = g.random_state(m);
    const std::vector<value> regs = g.random_regs();
    for (std::size_t i = 0; i < roots.size(); ++i) {
      const eval_result want = evaluate(m, s.data(), roots[i], regs);
      const eval_result got = ex.evaluate(handles[i], s.data(), regs);
      ASSERT_EQ(want.error, got.error) << "expression " << roots[i];
      if (want.ok()) {
        ASSERT_EQ(want.v, got.v) << "expression " << roots[i];
      }
      errors += want.ok() ? 0 : 1;
      ++compared;
    }
  }
  // The generator exercises both outcomes.
  EXPECT_GT(errors, compared / 50);
  EXPECT_LT(errors, compared / 2);
}

TEST(RandomCrossCheck, CompiledTransitionsAgreeWithTheReference) {
  random_models g(777);
  const int programs = 400;
  for (int i = 0; i < programs; ++i) g.b.add_transition(g.process, 0, "t" + std::to_string(i), g.gen_body(2, 2 + g.pick(5)));
  const model m = g.b.finish();
  compiled_model c(m);
  executor ex(c);
  std::size_t steps = 0, failures = 0, disabled = 0;
  for (int k = 0; k < 5; ++k) {
    const packed_state s = g.random_state(m);
    for (transition_id t = 0; t < m.transitions.size(); ++t) {
      reference_runner ref(m, t);
      ref.run(s, m.transitions[t].effect);
      collector got(m.state_words());
      const run_counts counts = ex.for_each_successor(s.data(), t, got);
      ASSERT_EQ(got.runs.size(), ref.runs.size()) << "transition " << t;
      for (std::size_t r = 0; r < ref.runs.size(); ++r) ASSERT_EQ(got.runs[r], ref.runs[r]) << "transition " << t << " run " << r;
      for (const auto& r : ref.runs) (r.error ? failures : steps)++;
      EXPECT_EQ(counts.steps + counts.errors, got.runs.size());
      if (ref.runs.empty()) ++disabled;
      // Every completed or failed run replays alone.
      for (const auto& r : ref.runs) {
        collector one(m.state_words());
        ex.replay(s.data(), t, r.choices, one);
        if (!r.error) {
          ASSERT_EQ(one.runs.size(), 1u);
          ASSERT_EQ(one.runs[0], r);
        }
      }
    }
  }
  EXPECT_GT(steps, 200u);
  EXPECT_GT(failures, 100u);
  EXPECT_GT(disabled, 50u);
}

}  // namespace
}  // namespace ptmc::ir

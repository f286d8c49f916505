// Honest partial results: a search cut short by a limit decides nothing but its violations (and
// what a witness shows), and the run's deadline bounds every phase after the search too.
#include <gtest/gtest.h>

#include <chrono>

#include "graph/state_graph.h"
#include "ir/builder.h"
#include "props/check.h"
#include "props/leads_to.h"

namespace ptmc::props {
namespace {

using ir::builder;
using namespace std::chrono_literals;

const finding& named(const check_result& r, const std::string& name) {
  for (const finding& f : r.findings)
    if (f.name == name) return f;
  ADD_FAILURE() << "no finding " << name;
  return r.findings.front();
}

// A deadline that passed a second ago, on a clock that stands still.
deadline passed_deadline() {
  const deadline::clock::time_point now{std::chrono::hours(1)};
  return deadline(now - 1s, [now] { return now; });
}

// x counts 0, 1, 2, ... up to `top`; one invariant holds, one fails at x == 2, one is vacuous.
struct counter_model {
  ir::model m;
  ir::expr_id below_top = 0, reached_top = 0;
};

counter_model counter(ir::value top) {
  builder b("counter");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, top + 1));
  const std::uint32_t p = b.add_process("p", 1);
  b.add_transition(p, 0, "inc", {builder::assume(b.lt(b.load(x), b.constant(top))),
                                 builder::store(x, b.add(b.load(x), b.constant(1)))});
  b.add_invariant("in_range", b.lt(b.load(x), b.constant(top + 1)));
  b.add_invariant("never_two", b.lnot(b.slot_is(x, 2)));
  b.add_invariant("beyond_top_is_zero", b.binary(ir::op::implies, b.slot_is(x, top + 1), b.slot_is(x, 0)));
  counter_model c;
  c.below_top = b.lt(b.load(x), b.constant(top));
  c.reached_top = b.slot_is(x, top);
  c.m = b.finish();
  return c;
}

TEST(partial_results, a_state_limit_leaves_every_property_not_violated_unknown) {
  const counter_model c = counter(5);
  check_options o;
  o.search.max_states = 2;  // x = 0, 1: the violation at x = 2 is out of reach
  o.leads_to.push_back({"reaches_top", "", c.below_top, c.reached_top, {}});
  const check_result r = check(c.m, o);
  ASSERT_FALSE(r.search.complete());
  EXPECT_EQ(r.status, explore::completion::state_limit);
  const std::string bound = "not violated within 2 states (search incomplete: state limit reached)";
  for (const std::string name : {"in_range", "never_two", "beyond_top_is_zero", "model-error", "reaches_top"}) {
    EXPECT_EQ(named(r, name).result, verdict::unknown) << name;
    EXPECT_EQ(named(r, name).message, bound) << name;
  }
  EXPECT_EQ(r.overall, verdict::unknown);
  EXPECT_EQ(exit_code(outcome_of(r.overall)), 3);
  EXPECT_EQ(exit_code(outcome_of(r.overall, vacuity_policy::fail)), 3);
}

TEST(partial_results, a_violation_within_the_limit_stays_violated) {
  const counter_model c = counter(5);
  check_options o;
  o.search.max_states = 3;  // x = 0, 1, 2
  const check_result r = check(c.m, o);
  ASSERT_FALSE(r.search.complete());
  EXPECT_EQ(named(r, "never_two").result, verdict::violated);
  EXPECT_TRUE(named(r, "never_two").trace);
  EXPECT_EQ(named(r, "in_range").result, verdict::unknown);
  EXPECT_EQ(r.overall, verdict::violated);
  EXPECT_EQ(exit_code(outcome_of(r.overall)), 1);
}

TEST(partial_results, the_complete_search_still_decides) {
  const counter_model c = counter(5);
  const check_result r = check(c.m, {});
  ASSERT_TRUE(r.search.complete());
  EXPECT_EQ(r.status, explore::completion::complete);
  EXPECT_EQ(named(r, "in_range").result, verdict::holds);
  EXPECT_EQ(named(r, "never_two").result, verdict::violated);
  EXPECT_EQ(named(r, "beyond_top_is_zero").result, verdict::vacuous);
  EXPECT_EQ(named(r, "model-error").result, verdict::holds);
}

// A scenario program that ends at once with x = 1, or after a detour with x = 2.
ir::model two_endings() {
  builder b("endings");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 3));
  const std::uint32_t u = b.add_process("user", 3, ir::process_role::program);
  b.add_transition(u, 0, "short", {builder::store(x, b.constant(1))}, 1);
  b.add_transition(u, 0, "long", {}, 2);
  b.add_transition(u, 2, "detour", {builder::store(x, b.constant(2))}, 1);
  b.mark_final(u, 1);
  const auto condition = [&](ir::condition_kind kind, ir::expr_id e, std::string text) {
    b.edit().conditions.push_back(ir::final_condition{kind, e, {}, std::move(text), {}});
  };
  condition(ir::condition_kind::exists, b.slot_is(x, 1), "x == 1");
  condition(ir::condition_kind::exists, b.slot_is(x, 2), "x == 2");
  condition(ir::condition_kind::forall, b.lt(b.constant(0), b.load(x)), "0 < x");
  condition(ir::condition_kind::not_exists, b.slot_is(x, 3), "x == 3");
  return b.finish();
}

TEST(partial_results, conditions_on_some_final_states_decide_only_what_they_witness) {
  const ir::model m = two_endings();
  const check_result full = check(m, {});
  ASSERT_TRUE(full.search.complete());
  EXPECT_EQ(full.final_states, 2u);
  EXPECT_EQ(named(full, "exists (x == 2)").result, verdict::holds);
  EXPECT_EQ(named(full, "forall (0 < x)").result, verdict::holds);
  EXPECT_EQ(named(full, "~exists (x == 3)").result, verdict::holds);

  check_options o;
  o.search.max_states = 3;  // the final state x = 1 is expanded; x = 2 is never stored
  const check_result r = check(m, o);
  ASSERT_FALSE(r.search.complete());
  EXPECT_EQ(r.final_states, 1u);
  // A final state satisfying an exists condition proves it, whatever else there is.
  EXPECT_EQ(named(r, "exists (x == 1)").result, verdict::holds);
  for (const std::string name : {"exists (x == 2)", "forall (0 < x)", "~exists (x == 3)", "hang"}) {
    EXPECT_EQ(named(r, name).result, verdict::unknown) << name;
    EXPECT_EQ(named(r, name).message, "not violated within 3 states (search incomplete: state limit reached)")
        << name;
  }
  EXPECT_EQ(r.overall, verdict::unknown);
}

TEST(deadline_after_the_search, leads_to_is_not_decided_once_it_has_passed) {
  // The search of these few states ends before the explorer first looks at the clock; the deadline
  // has passed by then, so the state graph is not built and the leads-to property stays open.
  const counter_model c = counter(5);
  check_options o;
  o.leads_to.push_back({"reaches_top", "", c.below_top, c.reached_top, {}});
  o.until = passed_deadline();
  const check_result r = check(c.m, o);
  ASSERT_TRUE(r.search.complete());
  EXPECT_EQ(r.status, explore::completion::time_limit);
  EXPECT_EQ(r.cut_short_in, "the construction of the state graph");
  EXPECT_FALSE(r.leads_to);
  const finding& f = named(r, "reaches_top");
  EXPECT_EQ(f.result, verdict::unknown);
  EXPECT_NE(f.message.find("time limit"), std::string::npos) << f.message;
  // What the complete search decided stays decided.
  EXPECT_EQ(named(r, "in_range").result, verdict::holds);
  EXPECT_EQ(named(r, "never_two").result, verdict::violated);
  EXPECT_EQ(exit_code(outcome_of(r.overall)), 1);

  // Without the violation, the run is incomplete: exit 3.
  builder b("spin");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 1));
  const std::uint32_t p = b.add_process("spinner", 1);
  b.add_transition(p, 0, "spin", {builder::store(x, b.sub(b.constant(1), b.load(x)))});
  const ir::expr_id zero = b.slot_is(x, 0), one = b.slot_is(x, 1);
  const ir::model spin = b.finish();
  check_options late;
  late.leads_to.push_back({"flips", "", zero, one, {}});
  late.until = passed_deadline();
  const check_result s = check(spin, late);
  EXPECT_EQ(named(s, "flips").result, verdict::unknown);
  EXPECT_EQ(s.overall, verdict::unknown);
  EXPECT_EQ(exit_code(outcome_of(s.overall)), 3);
  late.until = deadline();
  EXPECT_EQ(named(check(spin, late), "flips").result, verdict::holds);
}

// Explores `m` in full and keeps its edges, as props::check does for leads-to.
struct explored {
  struct edges_visitor final : explore::visitor {
    graph::edge_columns edges;
    void on_edge_target(explore::state_index from, explore::state_index to, ir::transition_id t) override {
      edges.push({from, to, t});
    }
  };
  explore::explorer ex;
  explore::result result;
  std::optional<graph::state_graph> g;

  explicit explored(const ir::model& m) : ex(m, [] {
    explore::options o;
    o.collect_edge_targets = true;
    return o;
  }()) {
    edges_visitor v;
    result = ex.run(v);
    g.emplace(static_cast<std::uint32_t>(result.states), std::move(v.edges));
  }
};

TEST(deadline_after_the_search, the_leads_to_check_gives_up_when_it_has_passed) {
  const counter_model c = counter(5);
  explored e(c.m);
  ASSERT_TRUE(e.result.complete());
  const std::vector<leads_to_spec> specs{{"reaches_top", "", c.below_top, c.reached_top, {}},
                                         {"top_stays", "", c.reached_top, c.below_top, {}}};
  leads_to_cost cost;
  bool gave_up = false;
  const auto states = static_cast<std::uint32_t>(e.result.states);
  const std::vector<finding> open =
      check_leads_to(e.ex, *e.g, specs, states, true, {}, cost, passed_deadline(), &gave_up);
  EXPECT_TRUE(gave_up);
  ASSERT_EQ(open.size(), 2u);
  for (const finding& f : open) {
    EXPECT_EQ(f.result, verdict::unknown) << f.name;
    EXPECT_EQ(f.message, "not decided: the time limit was reached during the leads-to check") << f.name;
  }
  // The same check without a deadline decides both (the second is violated: x stays at the top).
  gave_up = true;
  const std::vector<finding> decided = check_leads_to(e.ex, *e.g, specs, states, true, {}, cost, deadline(), &gave_up);
  EXPECT_FALSE(gave_up);
  ASSERT_EQ(decided.size(), 2u);
  EXPECT_EQ(decided[0].result, verdict::holds);
  EXPECT_EQ(decided[1].result, verdict::violated);
}

TEST(deadline_after_the_search, the_vacuity_check_gives_up_when_it_has_passed) {
  // Enough states for the check to look at the clock.
  const counter_model c = counter(3000);
  explored e(c.m);
  ASSERT_TRUE(e.result.complete());
  ASSERT_GT(e.result.states, 2048u);
  const auto holding = [] {
    std::vector<finding> findings;
    for (const char* name : {"in_range", "never_two", "beyond_top_is_zero"}) {
      finding f;
      f.name = name;
      findings.push_back(f);
    }
    findings[1].result = verdict::violated;
    return findings;
  };
  std::vector<finding> late = holding();
  EXPECT_FALSE(mark_vacuous_invariants(e.ex, late, {}, passed_deadline()));
  EXPECT_EQ(late[0].result, verdict::holds);      // no premise: nothing to wait for
  EXPECT_EQ(late[1].result, verdict::violated);
  EXPECT_EQ(late[2].result, verdict::unknown);    // its premise was not yet seen to hold: maybe vacuous
  std::vector<finding> in_time = holding();
  EXPECT_TRUE(mark_vacuous_invariants(e.ex, in_time, {}));
  EXPECT_EQ(in_time[2].result, verdict::vacuous);
}

TEST(memory_limit, counts_the_edges_kept_for_the_state_graph) {
  const counter_model c = counter(50);
  // The store alone fits in the limit...
  const check_result plain = check(c.m, {});
  ASSERT_TRUE(plain.search.complete());
  check_options o;
  o.search.max_memory_bytes = plain.search.peak_memory_bytes;
  ASSERT_TRUE(check(c.m, o).search.complete());
  // ...but not with the edges a leads-to check keeps.
  o.leads_to.push_back({"reaches_top", "", c.below_top, c.reached_top, {}});
  const check_result r = check(c.m, o);
  EXPECT_EQ(r.search.status, explore::completion::memory_limit);
  EXPECT_EQ(r.status, explore::completion::memory_limit);
  EXPECT_EQ(named(r, "reaches_top").result, verdict::unknown);
  EXPECT_EQ(named(r, "in_range").result, verdict::unknown);
  EXPECT_NE(named(r, "in_range").message.find("memory limit reached"), std::string::npos);
  EXPECT_EQ(exit_code(outcome_of(r.overall)), 3);
}

}  // namespace
}  // namespace ptmc::props

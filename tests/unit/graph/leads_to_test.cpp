// Leads-to under weak fairness on hand-made graphs: fair and unfair cycles, stuck states, the
// counterexample's shape.
#include "graph/leads_to.h"

#include <gtest/gtest.h>

#include <chrono>
#include <set>

namespace ptmc::graph {
namespace {

// Transition t belongs to process t % 10; the processes listed in `fair` are fair.
fairness processes(std::initializer_list<std::uint32_t> fair) {
  fairness f;
  for (std::uint32_t t = 0; t < 40; ++t) f.agent_of.push_back(t % 10);
  f.fair.assign(10, 0);
  for (const std::uint32_t p : fair) f.fair[p] = 1;
  return f;
}

struct question {
  std::vector<std::uint8_t> stay, trigger;
  // Q holds in the states listed in `q`; P in those listed in `p`.
  question(std::uint32_t n, std::initializer_list<std::uint32_t> p, std::initializer_list<std::uint32_t> q)
      : stay(n, 1), trigger(n, 0) {
    for (const auto s : q) stay[s] = 0;
    for (const auto s : p) trigger[s] = 1;
  }
  leads_to_query query() const { return {stay, trigger}; }
};

// The witness is a path from the trigger within ¬Q, and a cycle back to its start in which every
// fair process steps or is disabled somewhere.
void expect_well_formed(const state_graph& g, const fairness& f, const question& q, const leads_to_witness& w) {
  ASSERT_NE(w.outcome, leads_to_outcome::holds);
  EXPECT_TRUE(q.trigger[w.trigger] && q.stay[w.trigger]);
  std::uint32_t at = w.trigger;
  for (const edge& e : w.to_target) {
    EXPECT_EQ(e.from, at);
    EXPECT_TRUE(q.stay[e.to]);
    at = e.to;
  }
  if (w.outcome == leads_to_outcome::stuck) {
    EXPECT_TRUE(w.cycle.empty());
    for (const edge& e : g.out_edges(at)) EXPECT_FALSE(f.fair[f.agent_of[e.transition]]) << "state " << at;
    return;
  }
  ASSERT_FALSE(w.cycle.empty());
  const std::uint32_t start = at;
  std::set<std::uint32_t> met;
  for (const edge& e : w.cycle) {
    EXPECT_EQ(e.from, at);
    EXPECT_TRUE(q.stay[e.to]);
    met.insert(f.agent_of[e.transition]);
    std::set<std::uint32_t> enabled;
    for (const edge& out : g.out_edges(e.from)) enabled.insert(f.agent_of[out.transition]);
    for (std::uint32_t p = 0; p < f.fair.size(); ++p)
      if (!enabled.count(p)) met.insert(p);
    at = e.to;
  }
  EXPECT_EQ(at, start) << "the cycle returns to its start";
  for (std::uint32_t p = 0; p < f.fair.size(); ++p)
    if (f.fair[p]) {
      EXPECT_TRUE(met.count(p)) << "fair process " << p << " neither steps nor is disabled in the cycle";
    }
}

TEST(leads_to, holds_when_every_path_reaches_q) {
  // 0 -> 1 -> 2 (Q), all by fair process 0.
  const state_graph g(3, {{0, 1, 0}, {1, 2, 0}, {2, 2, 0}});
  const fairness f = processes({0});
  const question q(3, {0}, {2});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  EXPECT_EQ(w.outcome, leads_to_outcome::holds);
  EXPECT_EQ(w.stay_states, 2u);
  EXPECT_EQ(w.bad_states, 0u);
}

TEST(leads_to, finds_a_fair_cycle_as_a_lasso) {
  // 0 -> 1 <-> 2, never Q; the cycle is process 0's own.
  const state_graph g(3, {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}});
  const fairness f = processes({0});
  const question q(3, {0}, {});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::cycle);
  EXPECT_EQ(w.trigger, 0u);
  ASSERT_EQ(w.to_target.size(), 1u);
  EXPECT_EQ(w.to_target[0].to, 1u);
  EXPECT_EQ(w.cycle.size(), 2u);
  EXPECT_EQ(w.fair_components, 1u);
  expect_well_formed(g, f, q, w);
}

TEST(leads_to, a_starving_cycle_is_unfair_when_the_starved_process_is_fair) {
  // Process 0 loops 1 <-> 2; process 1, enabled in both, would go to 3 (Q).
  const state_graph g(4, {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {1, 3, 1}, {2, 3, 1}, {3, 3, 1}});
  const question q(4, {0}, {3});
  EXPECT_EQ(check_leads_to(g, processes({0, 1}), q.query()).outcome, leads_to_outcome::holds);
  // With process 1 unfair, it may starve: the cycle is fair.
  const fairness unfair = processes({0});
  const leads_to_witness w = check_leads_to(g, unfair, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::cycle);
  expect_well_formed(g, unfair, q, w);
}

TEST(leads_to, weak_fairness_allows_a_cycle_where_the_starved_process_is_sometimes_disabled) {
  // As above, but process 1 is enabled only in state 1: not continuously enabled on the cycle.
  const state_graph g(4, {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {1, 3, 1}, {3, 3, 1}});
  const fairness f = processes({0, 1});
  const question q(4, {0}, {3});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::cycle);
  expect_well_formed(g, f, q, w);
  // The cycle must visit state 2, where process 1 is disabled.
  bool visits_2 = false;
  for (const edge& e : w.cycle) visits_2 = visits_2 || e.to == 2;
  EXPECT_TRUE(visits_2);
}

TEST(leads_to, finds_a_stuck_state_where_only_unfair_processes_can_move) {
  // 0 -> 1 by fair process 0; in 1 only unfair process 2 can move, to 2 (Q).
  const state_graph g(3, {{0, 1, 0}, {1, 2, 2}, {2, 2, 0}});
  const fairness f = processes({0});
  const question q(3, {0}, {2});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::stuck);
  EXPECT_EQ(w.stuck_states, 1u);
  ASSERT_EQ(w.to_target.size(), 1u);
  EXPECT_EQ(w.to_target[0].to, 1u);
  expect_well_formed(g, f, q, w);
}

TEST(leads_to, a_terminal_trigger_state_is_a_stuck_counterexample_of_length_zero) {
  const state_graph g(2, {{0, 1, 0}});
  const fairness f = processes({0});
  const question q(2, {1}, {});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::stuck);
  EXPECT_EQ(w.trigger, 1u);
  EXPECT_TRUE(w.to_target.empty());
}

TEST(leads_to, a_self_loop_is_a_cycle) {
  // 0 -> 1, and 1 loops on itself by fair process 0.
  const state_graph g(2, {{0, 1, 0}, {1, 1, 0}});
  const fairness f = processes({0});
  const question q(2, {0}, {});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::cycle);
  ASSERT_EQ(w.cycle.size(), 1u);
  EXPECT_EQ(w.cycle[0].from, 1u);
  EXPECT_EQ(w.cycle[0].to, 1u);
  expect_well_formed(g, f, q, w);
}

TEST(leads_to, the_cycle_meets_every_obligation) {
  // One component {1, 2, 3, 4}: process 0 cycles 1 -> 2 -> 1, process 1 cycles 1 -> 3 -> 1,
  // process 2 cycles 1 -> 4 -> 1; all three are enabled everywhere in it (exits to 5, Q).
  std::vector<edge> edges{{0, 1, 0}, {1, 2, 0}, {2, 1, 0}, {1, 3, 1}, {3, 1, 1}, {1, 4, 2}, {4, 1, 2}};
  for (std::uint32_t s = 1; s <= 4; ++s)
    for (std::uint32_t p = 0; p < 3; ++p) edges.push_back({s, 5, 10 + p});
  edges.push_back({5, 5, 0});
  const state_graph g(6, edges);
  const fairness f = processes({0, 1, 2});
  const question q(6, {0}, {5});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::cycle);
  expect_well_formed(g, f, q, w);
  EXPECT_EQ(w.cycle.size(), 6u);
}

TEST(leads_to, starts_at_the_first_trigger_state_in_index_order) {
  // Triggers 1 and 3; both reach the fair self-loop at 4.
  const state_graph g(5, {{0, 1, 0}, {0, 3, 0}, {1, 2, 0}, {2, 4, 0}, {3, 4, 0}, {4, 4, 0}});
  const fairness f = processes({0});
  const question q(5, {1, 3}, {});
  const leads_to_witness w = check_leads_to(g, f, q.query());
  ASSERT_EQ(w.outcome, leads_to_outcome::cycle);
  EXPECT_EQ(w.trigger, 1u);
  EXPECT_EQ(w.to_target.size(), 2u);
}

TEST(leads_to, a_trigger_where_q_holds_is_no_counterexample) {
  const state_graph g(2, {{0, 1, 0}, {1, 1, 0}});
  const fairness f = processes({0});
  const question q(2, {1}, {1});
  EXPECT_EQ(check_leads_to(g, f, q.query()).outcome, leads_to_outcome::holds);
}

TEST(leads_to, states_outside_the_explored_part_cut_paths) {
  // State 2 is not `stay` (say, not explored): the path 0 -> 1 -> 2 leaves ¬Q there.
  const state_graph g(3, {{0, 1, 0}, {1, 2, 0}});
  const fairness f = processes({0});
  question q(3, {0}, {});
  q.stay[2] = 0;
  EXPECT_EQ(check_leads_to(g, f, q.query()).outcome, leads_to_outcome::holds);
}

TEST(leads_to, gives_up_once_the_deadline_has_passed) {
  // The lasso of finds_a_fair_cycle_as_a_lasso, asked on a clock past the deadline.
  const state_graph g(3, {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}});
  const fairness f = processes({0});
  const question q(3, {0}, {});
  const deadline::clock::time_point now{std::chrono::hours(1)};
  const auto clock = [now] { return now; };
  const leads_to_witness late = check_leads_to(g, f, q.query(), deadline(now - std::chrono::seconds(1), clock));
  EXPECT_EQ(late.outcome, leads_to_outcome::undecided);
  EXPECT_TRUE(late.to_target.empty());
  EXPECT_TRUE(late.cycle.empty());
  // A deadline still ahead changes nothing.
  const leads_to_witness in_time = check_leads_to(g, f, q.query(), deadline(now + std::chrono::seconds(1), clock));
  EXPECT_EQ(in_time.outcome, leads_to_outcome::cycle);
  expect_well_formed(g, f, q, in_time);
}

}  // namespace
}  // namespace ptmc::graph

// Breadth-first exploration: exact state spaces, shortest traces, replay, limits, determinism.
#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <tuple>

#include "explore/explorer.h"
#include "ir/exec.h"
#include "ir/state.h"
#include "models.h"

namespace ptmc::explore {
namespace {

// Records what the explorer reports; optionally stops at the first state violating an invariant.
class recording_visitor : public visitor {
 public:
  explicit recording_visitor(explorer& e, int invariant = -1) : e_(e), invariant_(invariant) {}

  std::vector<state_index> initial, terminal;
  std::vector<std::pair<state_index, std::uint32_t>> states;  // (index, depth)
  std::vector<std::pair<state_index, state_index>> edges;
  std::vector<std::string> errors;
  state_index violation = no_state;

  void on_initial(state_index s) override { initial.push_back(s); }
  control on_state(state_index s, std::uint32_t depth) override {
    states.emplace_back(s, depth);
    if (invariant_ >= 0 &&
        !e_.exec().holds(e_.compiled().invariant_expression(static_cast<std::size_t>(invariant_)), e_.state(s))) {
      violation = s;
      return control::stop;
    }
    return control::proceed;
  }
  void on_edge(state_index from, state_index to, const ir::step_view&) override { edges.emplace_back(from, to); }
  void on_terminal(state_index s) override { terminal.push_back(s); }
  control on_model_error(state_index, const ir::step_error& error) override {
    errors.push_back(error.message);
    return control::proceed;
  }

 private:
  explorer& e_;
  int invariant_;
};

struct expected_space {
  std::uint64_t states, transitions, terminal;
  std::uint32_t max_depth;
};

void expect_space(const ir::model& m, bool symmetry, expected_space want) {
  options o;
  o.symmetry = symmetry;
  o.collect_edges = true;
  explorer e(m, o);
  recording_visitor v(e);
  const result r = e.run(v);
  EXPECT_EQ(r.status, completion::complete);
  EXPECT_EQ(r.states, want.states);
  EXPECT_EQ(r.transitions, want.transitions);
  EXPECT_EQ(v.terminal.size(), want.terminal);
  EXPECT_EQ(r.max_depth, want.max_depth);
  EXPECT_EQ(v.states.size(), r.states);
  EXPECT_EQ(v.edges.size(), r.transitions);
  EXPECT_EQ(e.state_count(), r.states);
  // States are numbered in BFS order, with non-decreasing depth.
  for (std::size_t i = 0; i < v.states.size(); ++i) {
    EXPECT_EQ(v.states[i].first, i);
    EXPECT_EQ(e.depth(v.states[i].first), v.states[i].second);
    if (i > 0) {
      EXPECT_LE(v.states[i - 1].second, v.states[i].second);
    }
  }
  EXPECT_GT(r.peak_memory_bytes, 0u);
}

class Spaces : public ::testing::TestWithParam<bool> {};

TEST_P(Spaces, Counter) { expect_space(testing::counter(9), GetParam(), {10, 9, 1, 9}); }
TEST_P(Spaces, Choice) { expect_space(testing::choice(), GetParam(), {5, 4, 4, 1}); }
TEST_P(Spaces, Deadlock) { expect_space(testing::deadlock(), GetParam(), {13, 14, 2, 6}); }

TEST_P(Spaces, TwoIncrements) {
  const bool symmetry = GetParam();
  expect_space(testing::two_increments(true), symmetry, symmetry ? expected_space{3, 3, 1, 2} : expected_space{4, 4, 1, 2});
  expect_space(testing::two_increments(false), symmetry, symmetry ? expected_space{8, 9, 2, 4} : expected_space{13, 14, 3, 4});
}

INSTANTIATE_TEST_SUITE_P(Symmetry, Spaces, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) { return p.param ? "on" : "off"; });

// Collects edges as on_edge_target reports them.
class edge_target_visitor : public visitor {
 public:
  std::vector<std::tuple<state_index, state_index, ir::transition_id>> edges;
  std::vector<std::tuple<state_index, state_index, ir::transition_id>> with_steps;
  void on_edge(state_index from, state_index to, const ir::step_view& step) override {
    with_steps.emplace_back(from, to, step.transition);
  }
  void on_edge_target(state_index from, state_index to, ir::transition_id t) override { edges.emplace_back(from, to, t); }
};

TEST(Explorer, EdgeTargetsAreTheSameEdgesBatchedOrNot) {
  // A process that may stay put (a self-loop) or count up: every run is one edge, self-loops included.
  ir::builder b("stay-or-count");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 3));
  const std::uint32_t p = b.add_process("p", 1);
  b.add_transition(p, 0, "stay", {});
  b.add_transition(p, 0, "inc", {ir::builder::assume(b.lt(b.load(x), b.constant(3))),
                                 ir::builder::store(x, b.add(b.load(x), b.constant(1)))});
  const ir::model m = b.finish();
  options batched;
  batched.collect_edge_targets = true;
  explorer e1(m, batched);
  edge_target_visitor v1;
  const result r1 = e1.run(v1);
  EXPECT_TRUE(v1.with_steps.empty());
  options unbatched;
  unbatched.collect_edges = true;
  explorer e2(m, unbatched);
  edge_target_visitor v2;
  const result r2 = e2.run(v2);
  EXPECT_EQ(r1.transitions, 7u);
  EXPECT_EQ(v1.edges.size(), r1.transitions);
  EXPECT_EQ(v1.edges, v2.edges);
  EXPECT_EQ(v2.edges, v2.with_steps);
  std::size_t self_loops = 0;
  for (const auto& [from, to, t] : v1.edges) self_loops += from == to ? 1 : 0;
  EXPECT_EQ(self_loops, 4u);
  EXPECT_EQ(r1.states, r2.states);
}

TEST(Explorer, DeadlockIsATerminalStateWithUnfinishedProcesses) {
  const ir::model m = testing::deadlock();
  explorer e(m);
  recording_visitor v(e);
  e.run(v);
  ASSERT_EQ(v.terminal.size(), 2u);
  std::size_t stuck = 0;
  for (const state_index s : v.terminal) {
    const ir::value pa = ir::read_slot(e.state(s), m.slots[m.processes[0].pc_slot]);
    const ir::value pb = ir::read_slot(e.state(s), m.slots[m.processes[1].pc_slot]);
    if (pa == 1 && pb == 1) ++stuck;
    if (pa != 1) {
      EXPECT_TRUE(pa == 3 && pb == 3);
    }
  }
  EXPECT_EQ(stuck, 1u);
}

// Re-executes a trace through the IR and checks every state it claims.
void expect_replays(explorer& e, const trace& t) {
  const ir::model& m = e.model();
  ir::compiled_model c(m);
  ir::executor x(c);
  struct last_state final : ir::successor_sink {
    std::uint32_t words = 0;
    ir::packed_state state;
    void on_step(const ir::step_view& s) override { state.assign(s.state, s.state + words); }
    void on_error(const ir::step_error&) override {}
  } sink;
  sink.words = m.state_words();
  const ir::packed_state zero(m.state_words(), 0);
  ASSERT_EQ(x.replay(zero.data(), ir::init_transition, t.init_choices, sink).steps, 1u);
  EXPECT_EQ(sink.state, t.initial);
  ir::packed_state current = t.initial;
  for (const trace_step& step : t.steps) {
    const ir::transition& tr = m.transitions[step.transition];
    ASSERT_EQ(ir::read_slot(current.data(), m.slots[m.processes[tr.process].pc_slot]), static_cast<ir::value>(tr.pc))
        << "the step's transition is enabled by its process's pc";
    ASSERT_EQ(x.replay(current.data(), step.transition, step.choices, sink).steps, 1u);
    EXPECT_EQ(sink.state, step.state);
    current = step.state;
  }
}

TEST(Explorer, TracesAreShortestAndReplay) {
  const ir::model m = testing::counter(9);
  explorer e(m);
  recording_visitor v(e, 0);
  const result r = e.run(v);
  EXPECT_EQ(r.status, completion::stopped);
  ASSERT_NE(v.violation, no_state);
  const trace t = e.trace_to(v.violation);
  EXPECT_EQ(t.steps.size(), 9u);
  EXPECT_EQ(ir::read_slot(t.steps.back().state.data(), m.slots[0]), 9);
  expect_replays(e, t);
}

TEST(Explorer, LostUpdateFoundWithAndWithoutSymmetry) {
  const ir::model racy = testing::two_increments(false);
  const ir::model atomic = testing::two_increments(true);
  for (const bool symmetry : {false, true}) {
    options o;
    o.symmetry = symmetry;
    explorer e(racy, o);
    recording_visitor v(e, 0);
    EXPECT_EQ(e.run(v).status, completion::stopped);
    ASSERT_NE(v.violation, no_state);
    const trace t = e.trace_to(v.violation);
    EXPECT_EQ(t.steps.size(), 4u);  // read, read, write, write: the shortest lost update
    expect_replays(e, t);
    ir::compiled_model c(racy);
    ir::executor x(c);
    EXPECT_FALSE(x.holds(c.invariant_expression(0), t.steps.back().state.data()))
        << "the concrete end of the trace violates the invariant";

    explorer ok(atomic, o);
    recording_visitor w(ok, 0);
    EXPECT_EQ(ok.run(w).status, completion::complete);
    EXPECT_EQ(w.violation, no_state);
  }
}

TEST(Explorer, SymmetricTracesAreConcreteExecutions) {
  const ir::model m = testing::group_stop(3);
  options o;
  o.symmetry = true;
  explorer e(m, o);
  recording_visitor v(e, 1);
  EXPECT_EQ(e.run(v).status, completion::stopped);
  ASSERT_NE(v.violation, no_state);
  const trace t = e.trace_to(v.violation);
  EXPECT_EQ(t.steps.size(), 3u);  // initiate, participate, participate
  expect_replays(e, t);
  // Every state of every reachable trace rebuilds: pick all stored states.
  for (state_index s = 0; s < e.state_count(); ++s) expect_replays(e, e.trace_to(s));
}

TEST(Explorer, ModelErrorsReachTheVisitorAndGiveATrace) {
  ir::builder b("overflow");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 3));
  const std::uint32_t p = b.add_process("p", 1);
  b.add_transition(p, 0, "inc", {ir::builder::store(x, b.add(b.load(x), b.constant(1)))});
  const ir::model m = b.finish();
  explorer e(m);
  struct stop_on_error : visitor {
    state_index from = no_state;
    std::string message;
    std::vector<std::uint32_t> choices;
    ir::transition_id transition = 0;
    control on_model_error(state_index f, const ir::step_error& err) override {
      from = f;
      message = err.message;
      transition = err.transition;
      return control::stop;
    }
  } v;
  EXPECT_EQ(e.run(v).status, completion::stopped);
  EXPECT_EQ(v.message, "store of 4 outside the range 0..3 of x");
  ASSERT_NE(v.from, no_state);
  ir::step_error err;
  err.transition = v.transition;
  err.message = v.message;
  const trace t = e.trace_to_error(v.from, err);
  EXPECT_EQ(t.kind, trace_kind::model_error);
  EXPECT_EQ(t.message, v.message);
  ASSERT_EQ(t.steps.size(), 4u);  // three increments, then the failing one
  EXPECT_EQ(ir::read_slot(t.steps.back().state.data(), m.slots[x]), 3);
}

TEST(Explorer, StateLimitStopsIncomplete) {
  const ir::model m = testing::counter(100);
  options o;
  o.max_states = 5;
  explorer e(m, o);
  const result r = e.run();
  EXPECT_EQ(r.status, completion::state_limit);
  EXPECT_FALSE(r.complete());
  EXPECT_EQ(r.states, 5u);

  options exact;
  exact.max_states = 101;  // the whole space fits exactly
  explorer all(m, exact);
  EXPECT_EQ(all.run().status, completion::complete);
}

TEST(Explorer, MemoryAndTimeLimits) {
  const ir::model m = testing::counter(5000);
  options o;
  o.max_memory_bytes = 64 * 1024;
  explorer e(m, o);
  const result r = e.run();
  EXPECT_EQ(r.status, completion::memory_limit);
  EXPECT_LE(r.peak_memory_bytes, o.max_memory_bytes);

  options t;
  t.time_limit_seconds = 1e-9;
  explorer slow(m, t);
  EXPECT_EQ(slow.run().status, completion::time_limit);
}

TEST(Explorer, ProgressIsReported) {
  const ir::model m = testing::counter(2000);
  options o;
  o.progress_interval_seconds = 0;
  std::vector<progress> seen;
  o.on_progress = [&](const progress& p) { seen.push_back(p); };
  explorer e(m, o);
  e.run();
  ASSERT_FALSE(seen.empty());
  EXPECT_GT(seen.back().states, 0u);
  EXPECT_GT(seen.back().memory_bytes, 0u);
}

TEST(Explorer, RunsAreDeterministic) {
  const ir::model m = testing::group_stop(3);
  for (const bool symmetry : {false, true}) {
    options o;
    o.symmetry = symmetry;
    explorer a(m, o), b(m, o);
    const result ra = a.run(), rb = b.run();
    ASSERT_EQ(ra.states, rb.states);
    EXPECT_EQ(ra.transitions, rb.transitions);
    for (state_index s = 0; s < ra.states; ++s) {
      ASSERT_EQ(std::memcmp(a.state(s), b.state(s), m.state_words() * 8), 0);
      ASSERT_EQ(a.parent(s), b.parent(s));
      ASSERT_EQ(a.parent_transition(s), b.parent_transition(s));
    }
  }
}

TEST(Explorer, LevelsPartitionTheStates) {
  const ir::model m = testing::two_increments(false);
  explorer e(m);
  const result r = e.run();
  ASSERT_EQ(e.level_count(), r.max_depth + 1);
  EXPECT_EQ(e.level_start(0), 0u);
  EXPECT_EQ(e.level_start(e.level_count()), r.states);
  for (std::uint32_t d = 0; d < e.level_count(); ++d)
    for (state_index s = e.level_start(d); s < e.level_start(d + 1); ++s) EXPECT_EQ(e.depth(s), d);
  EXPECT_EQ(e.parent(0), no_state);
}

}  // namespace
}  // namespace ptmc::explore

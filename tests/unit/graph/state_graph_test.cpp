// The state graph adapter: terminal states, strongly connected components, DOT output.
#include "graph/state_graph.h"

#include <gtest/gtest.h>

#include "ir/builder.h"

namespace ptmc::graph {
namespace {

// 0 -> 1 -> 2 -> 1 (a cycle), 0 -> 3 (terminal), 2 -> 4 (terminal)
state_graph sample() {
  return state_graph(5, {{0, 1, 0}, {1, 2, 1}, {2, 1, 2}, {0, 3, 3}, {2, 4, 0}});
}

TEST(state_graph, counts_states_and_edges) {
  const state_graph g = sample();
  EXPECT_EQ(g.state_count(), 5u);
  EXPECT_EQ(g.edge_count(), 5u);
}

TEST(state_graph, keeps_out_edges_per_source_in_input_order) {
  const state_graph g(3, {{1, 2, 7}, {0, 2, 5}, {0, 1, 6}});
  const auto out = g.out_edges(0);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].to, 2u);
  EXPECT_EQ(out[0].transition, 5u);
  EXPECT_EQ(out[1].to, 1u);
}

TEST(state_graph, takes_over_edge_columns_keeping_their_order) {
  edge_columns sorted;
  for (const edge& e : std::vector<edge>{{0, 2, 5}, {0, 1, 6}, {1, 1, 7}, {2, 0, 8}}) sorted.push(e);
  const state_graph g(3, std::move(sorted));
  EXPECT_EQ(g.edge_count(), 4u);
  const auto out = g.out_edges(0);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].to, 2u);
  EXPECT_EQ(out[0].transition, 5u);
  EXPECT_EQ(out[1].to, 1u);
  EXPECT_EQ(out[1].transition, 6u);
  ASSERT_EQ(g.out_edges(1).size(), 1u);
  EXPECT_EQ(g.out_edges(1)[0].to, 1u);  // a self-loop is kept
  // Unsorted columns are sorted stably.
  edge_columns unsorted;
  for (const edge& e : std::vector<edge>{{1, 2, 7}, {0, 2, 5}, {1, 0, 9}, {0, 1, 6}}) unsorted.push(e);
  const state_graph h(3, std::move(unsorted));
  const auto from1 = h.out_edges(1);
  ASSERT_EQ(from1.size(), 2u);
  EXPECT_EQ(from1[0].transition, 7u);
  EXPECT_EQ(from1[1].transition, 9u);
  EXPECT_EQ(h.out_edges(0)[0].transition, 5u);
}

TEST(state_graph, finds_terminal_states) {
  EXPECT_EQ(sample().terminal_states(), (std::vector<std::uint32_t>{3, 4}));
}

TEST(state_graph, puts_a_cycle_in_one_component) {
  std::uint32_t count = 0;
  const auto c = sample().components(&count);
  EXPECT_EQ(count, 4u);
  EXPECT_EQ(c[1], c[2]);
  EXPECT_NE(c[0], c[1]);
  EXPECT_NE(c[3], c[4]);
  // Reverse topological numbering: a component's successors have smaller numbers.
  EXPECT_LT(c[1], c[0]);
  EXPECT_LT(c[4], c[1]);
}

TEST(state_graph, draws_deterministic_dot) {
  ir::builder b("pic");
  const std::uint32_t p = b.add_process("p", 1);
  b.add_transition(p, 0, "go", {});
  b.add_transition(p, 0, "stop \"now\"", {});
  b.add_transition(p, 0, "again", {});
  b.add_transition(p, 0, "end", {});
  const ir::model m = b.finish();
  const auto label = [](std::uint32_t s) { return "s" + std::to_string(s) + "\nx = 1"; };
  const std::string dot = to_dot(sample(), m, label);
  EXPECT_EQ(dot, to_dot(sample(), m, label));
  EXPECT_NE(dot.find("digraph \"pic\" {"), std::string::npos);
  EXPECT_NE(dot.find("s0 [label=\"s0\\nx = 1\", penwidth=2];"), std::string::npos);
  EXPECT_NE(dot.find("s1 -> s2 [label=\"stop \\\"now\\\"\"];"), std::string::npos);
}

}  // namespace
}  // namespace ptmc::graph

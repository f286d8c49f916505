// The explored state graph, kept in Boost.Graph (a compressed sparse row graph) when a check
// needs more than the search itself: terminal states, strongly connected components (leads-to,
// bottom components), DOT pictures of small models. No Boost type appears in this header.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ir/ir.h"

namespace ptmc::graph {

// One explored transition: a run of `transition` from state `from` reached state `to`.
struct edge {
  std::uint32_t from = 0;
  std::uint32_t to = 0;
  ir::transition_id transition = 0;
};

// The transition of an edge (the graph's edge property).
struct edge_label {
  ir::transition_id transition = 0;
};

// Edges collected column by column (12 bytes an edge), so that a graph can take their storage
// over instead of copying it: see the state_graph constructor.
struct edge_columns {
  edge_columns() = default;  // not an aggregate: a braced edge list means std::vector<edge>

  std::vector<std::uint32_t> from;
  std::vector<std::uint32_t> to;
  std::vector<edge_label> label;

  void push(const edge& e) {
    from.push_back(e.from);
    to.push_back(e.to);
    label.push_back({e.transition});
  }
  std::size_t size() const { return from.size(); }
  // The bytes the edges take (capacity a vector reserved beyond them is never touched).
  std::uint64_t memory_bytes() const { return size() * (2 * sizeof(std::uint32_t) + sizeof(edge_label)); }
};

class state_graph {
 public:
  // States are 0..state_count-1 (the explorer's indices); edges in any order, duplicates kept.
  state_graph(std::uint32_t state_count, std::vector<edge> edges);
  // The same from columns; sorted by source (as the explorer reports them), they are sorted in
  // place and their storage becomes the graph's (the `to` and `label` columns are moved from), so
  // building needs no copy of the edges. Unsorted columns are sorted stably first.
  state_graph(std::uint32_t state_count, edge_columns edges);
  ~state_graph();
  state_graph(state_graph&&) noexcept;
  state_graph& operator=(state_graph&&) noexcept;

  std::uint32_t state_count() const;
  std::uint64_t edge_count() const;
  // The bytes the graph's arrays take (row starts, targets, transitions).
  std::uint64_t memory_bytes() const;
  // Successors of a state, as edges, in the order they were given.
  std::vector<edge> out_edges(std::uint32_t s) const;
  // States without successors.
  std::vector<std::uint32_t> terminal_states() const;
  // The strongly connected component of every state; components are numbered 0..count-1 in
  // reverse topological order (a component's successors have smaller numbers), as Tarjan's
  // algorithm finds them.
  std::vector<std::uint32_t> components(std::uint32_t* count) const;

  struct impl;  // graph/csr.h, for the algorithms of this module

 private:
  friend const impl& internals(const state_graph& g);
  std::unique_ptr<impl> impl_;
};

// A Graphviz picture: one node per state, labelled by `label(state)`, one edge per transition
// labelled with its name. Deterministic: nodes and edges in index order.
std::string to_dot(const state_graph& g, const ir::model& m,
                   const std::function<std::string(std::uint32_t)>& label);

}  // namespace ptmc::graph

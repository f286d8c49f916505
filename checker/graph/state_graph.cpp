// The state graph as a Boost compressed sparse row graph.
#include "graph/state_graph.h"

#include <algorithm>
#include <boost/graph/strong_components.hpp>
#include <boost/iterator/transform_iterator.hpp>
#include <sstream>
#include <utility>

#include "graph/csr.h"

namespace ptmc::graph {

namespace {

std::pair<std::uint32_t, std::uint32_t> ends_of(const edge& e) { return {e.from, e.to}; }
edge_property property_of(const edge& e) { return {e.transition}; }

std::string escaped(const std::string& s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

state_graph::state_graph(std::uint32_t state_count, std::vector<edge> edges) : impl_(std::make_unique<impl>()) {
  // The CSR constructor for sorted input keeps edges stable per source. The explorer reports edges
  // source by source, so they usually come sorted; they are read in place, without a copy.
  const auto by_source = [](const edge& a, const edge& b) { return a.from < b.from; };
  if (!std::is_sorted(edges.begin(), edges.end(), by_source)) std::stable_sort(edges.begin(), edges.end(), by_source);
  impl_->g = csr(boost::edges_are_sorted, boost::make_transform_iterator(edges.begin(), ends_of),
                 boost::make_transform_iterator(edges.end(), ends_of),
                 boost::make_transform_iterator(edges.begin(), property_of), state_count);
}

state_graph::state_graph(std::uint32_t state_count, edge_columns edges) : impl_(std::make_unique<impl>()) {
  const auto& from = edges.from;
  if (!std::is_sorted(from.begin(), from.end())) {
    std::vector<edge> list;
    list.reserve(edges.size());
    for (std::size_t i = 0; i < edges.size(); ++i) list.push_back({from[i], edges.to[i], edges.label[i].transition});
    *this = state_graph(state_count, std::move(list));
    return;
  }
  // The in-place histogram sort leaves sorted input in its order, then swaps `to` and `label` into
  // the graph.
  impl_->g = csr(boost::construct_inplace_from_sources_and_targets, edges.from, edges.to, edges.label, state_count);
}

const state_graph::impl& internals(const state_graph& g) { return *g.impl_; }

state_graph::~state_graph() = default;
state_graph::state_graph(state_graph&&) noexcept = default;
state_graph& state_graph::operator=(state_graph&&) noexcept = default;

std::uint32_t state_graph::state_count() const { return static_cast<std::uint32_t>(boost::num_vertices(impl_->g)); }

std::uint64_t state_graph::edge_count() const { return boost::num_edges(impl_->g); }

std::uint64_t state_graph::memory_bytes() const {
  // Row starts (one per state, plus one), then per edge its target and its transition.
  return (static_cast<std::uint64_t>(state_count()) + 1) * sizeof(std::uint64_t) +
         edge_count() * (sizeof(std::uint32_t) + sizeof(edge_property));
}

std::vector<edge> state_graph::out_edges(std::uint32_t s) const {
  std::vector<edge> out;
  auto [first, last] = boost::out_edges(s, impl_->g);
  for (; first != last; ++first)
    out.push_back(edge{s, static_cast<std::uint32_t>(boost::target(*first, impl_->g)), impl_->g[*first].transition});
  return out;
}

std::vector<std::uint32_t> state_graph::terminal_states() const {
  std::vector<std::uint32_t> out;
  for (std::uint32_t s = 0; s < state_count(); ++s)
    if (boost::out_degree(s, impl_->g) == 0) out.push_back(s);
  return out;
}

std::vector<std::uint32_t> state_graph::components(std::uint32_t* count) const {
  std::vector<std::uint32_t> component(state_count(), 0);
  const auto n = boost::strong_components(
      impl_->g, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, impl_->g)));
  if (count) *count = static_cast<std::uint32_t>(n);
  return component;
}

std::string to_dot(const state_graph& g, const ir::model& m, const std::function<std::string(std::uint32_t)>& label) {
  std::ostringstream out;
  out << "digraph \"" << escaped(m.name) << "\" {\n  node [shape=box, fontname=monospace, fontsize=9];\n"
      << "  edge [fontname=monospace, fontsize=8];\n";
  for (std::uint32_t s = 0; s < g.state_count(); ++s)
    out << "  s" << s << " [label=\"" << escaped(label(s)) << "\"" << (s == 0 ? ", penwidth=2" : "") << "];\n";
  for (std::uint32_t s = 0; s < g.state_count(); ++s)
    for (const edge& e : g.out_edges(s))
      out << "  s" << e.from << " -> s" << e.to << " [label=\"" << escaped(m.transitions[e.transition].name)
          << "\"];\n";
  out << "}\n";
  return out.str();
}

}  // namespace ptmc::graph

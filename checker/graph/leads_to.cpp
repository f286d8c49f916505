// Leads-to under weak fairness: strongly connected components of the ¬Q subgraph (Boost), fair
// components, the states that can avoid Q forever, and the shortest lasso.
#include "graph/leads_to.h"

#include <algorithm>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <deque>
#include <limits>

#include "base/invariant.h"
#include "graph/csr.h"

namespace ptmc::graph {

namespace {

constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();

// How many states or components a loop handles between two looks at the clock.
constexpr std::uint32_t clock_stride = 4096;

// The vertex filter of the ¬Q subgraph. Default-constructible, as filtered_graph's iterators need.
struct in_stay {
  const std::uint8_t* stay = nullptr;
  bool operator()(std::uint32_t v) const { return stay[v] != 0; }
};

// Per state, which processes have an outgoing edge (are enabled), as a stamp per process: a
// process is enabled in the state last passed to load() iff enabled_[p] == stamp_.
class enabledness {
 public:
  enabledness(const csr& g, const fairness& f) : g_(g), f_(f), enabled_(f.fair.size(), 0) {
    for (std::uint32_t p = 0; p < f.fair.size(); ++p)
      if (f.fair[p]) fair_.push_back(p);
  }

  void load(std::uint32_t s) {
    begin();
    auto [e, end] = boost::out_edges(s, g_);
    for (; e != end; ++e) mark(g_[*e].transition);
  }
  // load() in two parts, for a caller that walks the state's edges anyway: begin(), then mark()
  // with the transition of each outgoing edge.
  void begin() {
    if (++stamp_ == 0) {  // wrapped around: forget every old stamp
      std::fill(enabled_.begin(), enabled_.end(), 0);
      stamp_ = 1;
    }
  }
  void mark(ir::transition_id t) { enabled_[f_.agent_of[t]] = stamp_; }
  bool enabled(std::uint32_t p) const { return enabled_[p] == stamp_; }
  // Whether some fair process is enabled in the loaded state.
  bool any_fair_enabled() const {
    return std::any_of(fair_.begin(), fair_.end(), [&](std::uint32_t p) { return enabled(p); });
  }
  const std::vector<std::uint32_t>& fair_processes() const { return fair_; }

 private:
  const csr& g_;
  const fairness& f_;
  std::vector<std::uint32_t> enabled_;
  std::uint32_t stamp_ = 0;
  std::vector<std::uint32_t> fair_;
};

// Breadth-first searches within a set of states, reusing their buffers.
class path_finder {
 public:
  explicit path_finder(const csr& g) : g_(g), seen_(boost::num_vertices(g), 0), parent_(boost::num_vertices(g)) {}

  // A shortest path from `start` along edges whose target satisfies `allowed`, ending with the first
  // edge that satisfies `edge_goal(e)` or that reaches a state satisfying `state_goal(v)` (the start
  // counts only when reached again by an edge). Empty when there is none.
  template <class Allowed, class EdgeGoal, class StateGoal>
  std::vector<edge> find(std::uint32_t start, Allowed allowed, EdgeGoal edge_goal, StateGoal state_goal) {
    if (++stamp_ == 0) {
      std::fill(seen_.begin(), seen_.end(), 0);
      stamp_ = 1;
    }
    std::deque<std::uint32_t> queue{start};
    seen_[start] = stamp_;
    while (!queue.empty()) {
      const std::uint32_t u = queue.front();
      queue.pop_front();
      auto [e, end] = boost::out_edges(u, g_);
      for (; e != end; ++e) {
        const edge step{u, static_cast<std::uint32_t>(boost::target(*e, g_)), g_[*e].transition};
        if (!allowed(step.to)) continue;
        if (edge_goal(step) || state_goal(step.to)) return path_to(start, step);
        if (seen_[step.to] == stamp_) continue;
        seen_[step.to] = stamp_;
        parent_[step.to] = step;
        queue.push_back(step.to);
      }
    }
    return {};
  }

  std::uint64_t memory_bytes() const { return seen_.size() * (sizeof(std::uint32_t) + sizeof(edge)); }

 private:
  std::vector<edge> path_to(std::uint32_t start, const edge& last) {
    std::vector<edge> path{last};
    for (std::uint32_t v = last.from; v != start; v = parent_[v].from) path.push_back(parent_[v]);
    std::reverse(path.begin(), path.end());
    return path;
  }

  const csr& g_;
  std::vector<std::uint32_t> seen_;
  std::vector<edge> parent_;
  std::uint32_t stamp_ = 0;
};

}  // namespace

fairness fairness::of(const ir::model& m) {
  fairness f;
  for (ir::transition_id t = 0; t < m.transitions.size(); ++t) f.agent_of.push_back(ir::agent_of(m, t));
  for (ir::agent_id a = 0; a < ir::agent_count(m); ++a) f.fair.push_back(ir::agent_is_fair(m, a) ? 1 : 0);
  return f;
}

leads_to_witness check_leads_to(const state_graph& sg, const fairness& f, const leads_to_query& q,
                                const deadline& until) {
  const csr& g = internals(sg).g;
  const std::uint32_t n = sg.state_count();
  PTMC_INVARIANT(q.stay.size() == n && q.trigger.size() == n, "a leads-to query has one entry per state");
  leads_to_witness w;
  // Statistics gathered so far stay; the outcome says the question is open.
  const auto give_up = [&w] {
    w.outcome = leads_to_outcome::undecided;
    w.to_target.clear();
    w.cycle.clear();
    return w;
  };
  if (until.passed()) return give_up();

  // Strongly connected components of the ¬Q subgraph: filtered_graph drops the states outside `stay`
  // and every edge into them; a state outside keeps component `none`.
  using subgraph = boost::filtered_graph<csr, boost::keep_all, in_stay>;
  const subgraph sub(g, boost::keep_all(), in_stay{q.stay.data()});
  std::vector<std::uint32_t> component(n, none);
  const auto count = static_cast<std::uint32_t>(boost::strong_components(
      sub, boost::make_iterator_property_map(component.begin(), boost::get(boost::vertex_index, g))));
  w.components = count;
  if (until.passed()) return give_up();

  // The states of each component, contiguous (counting sort by component).
  std::vector<std::uint32_t> first(static_cast<std::size_t>(count) + 1, 0);
  for (std::uint32_t s = 0; s < n; ++s)
    if (component[s] != none) ++first[component[s] + 1];
  for (std::uint32_t c = 0; c < count; ++c) first[c + 1] += first[c];
  w.stay_states = first[count];
  std::vector<std::uint32_t> members(first[count]);
  {
    std::vector<std::uint32_t> next(first.begin(), first.end() - 1);
    for (std::uint32_t s = 0; s < n; ++s)
      if (component[s] != none) members[next[component[s]]++] = s;
  }

  // Fair components and bad components. Tarjan numbers components in reverse topological order (a
  // component's successors have smaller numbers), so one pass in increasing order sees every
  // successor component decided before the components that reach it.
  //
  // A component C with at least one internal edge is fair iff every fair process p is disabled in
  // some state of C or takes some internal edge of C. If so, a path that goes round every state and
  // every internal edge of C forever is weakly fair: each fair process either steps infinitely
  // often or is disabled infinitely often. Conversely, the states and edges a fair path visits
  // infinitely often lie in one component and meet that condition. Unlike strong fairness, the
  // condition is monotone in the set of states and edges (more states can only add disabled
  // chances, more edges only add steps), so a component that fails it has no fair sub-cycle either,
  // and no recursive decomposition into smaller components is needed.
  enabledness en(g, f);
  const std::vector<std::uint32_t>& fair_procs = en.fair_processes();
  std::vector<std::uint8_t> bad(count, 0), fair_component(count, 0);
  std::vector<std::uint32_t> stepped(f.fair.size(), none), disabled(f.fair.size(), none);
  for (std::uint32_t c = 0; c < count; ++c) {
    if (c % clock_stride == clock_stride - 1 && until.passed()) return give_up();
    bool internal = false, reaches_bad = false;
    for (std::uint32_t i = first[c]; i < first[c + 1]; ++i) {
      const std::uint32_t s = members[i];
      en.begin();
      auto [e, end] = boost::out_edges(s, g);
      for (; e != end; ++e) {
        en.mark(g[*e].transition);
        const std::uint32_t t = static_cast<std::uint32_t>(boost::target(*e, g));
        if (!q.stay[t]) continue;
        if (component[t] == c) {
          internal = true;
          stepped[f.agent_of[g[*e].transition]] = c;
        } else if (bad[component[t]]) {
          reaches_bad = true;
        }
      }
      if (!en.any_fair_enabled()) {
        ++w.stuck_states;
        reaches_bad = true;
      }
      for (const std::uint32_t p : fair_procs)
        if (!en.enabled(p)) disabled[p] = c;
    }
    const bool fair = internal && std::all_of(fair_procs.begin(), fair_procs.end(), [&](std::uint32_t p) {
                        return stepped[p] == c || disabled[p] == c;
                      });
    fair_component[c] = fair ? 1 : 0;
    w.fair_components += fair ? 1 : 0;
    bad[c] = fair || reaches_bad ? 1 : 0;
    if (bad[c]) w.bad_states += first[c + 1] - first[c];
  }
  w.work_bytes = (component.size() + members.size() + first.size() + 2 * f.fair.size()) * sizeof(std::uint32_t) +
                 2 * static_cast<std::uint64_t>(count);

  // The counterexample starts at the first bad trigger state in index (breadth-first) order.
  std::uint32_t start = none;
  for (std::uint32_t s = 0; s < n && start == none; ++s)
    if (q.trigger[s] && q.stay[s] && bad[component[s]]) start = s;
  if (start == none) return w;
  if (until.passed()) return give_up();
  w.trigger = start;

  path_finder paths(g);
  w.work_bytes += paths.memory_bytes();
  const auto stuck = [&](std::uint32_t s) {
    en.load(s);
    return !en.any_fair_enabled();
  };
  const auto target = [&](std::uint32_t s) { return fair_component[component[s]] != 0 || stuck(s); };
  const auto no_edge = [](const edge&) { return false; };

  // The nearest state on a fair cycle or stuck, within ¬Q.
  std::uint32_t end = start;
  if (!target(start)) {
    w.to_target = paths.find(start, [&](std::uint32_t v) { return q.stay[v] != 0; }, no_edge, target);
    PTMC_INVARIANT(!w.to_target.empty(), "a bad state reaches a fair component or a stuck state within ¬Q");
    end = w.to_target.back().to;
  }
  if (stuck(end)) {
    w.outcome = leads_to_outcome::stuck;
    return w;
  }

  // A cycle through `end` within its component that meets every fair process's obligation: go to
  // the nearest state where an open obligation's process is disabled, or take the nearest edge of
  // an open obligation's process, until none is open; then return to `end`.
  const std::uint32_t c = component[end];
  const auto in_c = [&](std::uint32_t v) { return q.stay[v] != 0 && component[v] == c; };
  std::vector<std::uint8_t> open(f.fair.size(), 0);
  for (const std::uint32_t p : fair_procs) open[p] = 1;
  const auto discharge_state = [&](std::uint32_t s) {
    en.load(s);
    for (const std::uint32_t p : fair_procs)
      if (!en.enabled(p)) open[p] = 0;
  };
  const auto any_open = [&] { return std::any_of(fair_procs.begin(), fair_procs.end(), [&](std::uint32_t p) { return open[p] != 0; }); };
  discharge_state(end);
  std::uint32_t at = end;
  while (any_open()) {
    const auto open_edge = [&](const edge& e) { return open[f.agent_of[e.transition]] != 0; };
    const auto open_state = [&](std::uint32_t v) {
      en.load(v);
      return std::any_of(fair_procs.begin(), fair_procs.end(), [&](std::uint32_t p) { return open[p] && !en.enabled(p); });
    };
    const std::vector<edge> leg = paths.find(at, in_c, open_edge, open_state);
    PTMC_INVARIANT(!leg.empty(), "a fair component meets every fair process's obligation");
    for (const edge& e : leg) {
      open[f.agent_of[e.transition]] = 0;
      discharge_state(e.to);
    }
    w.cycle.insert(w.cycle.end(), leg.begin(), leg.end());
    at = leg.back().to;
  }
  if (at != end || w.cycle.empty()) {
    const std::vector<edge> back = paths.find(at, in_c, no_edge, [&](std::uint32_t v) { return v == end; });
    PTMC_INVARIANT(!back.empty(), "a state of a component with an internal edge lies on a cycle");
    w.cycle.insert(w.cycle.end(), back.begin(), back.end());
  }
  w.outcome = leads_to_outcome::cycle;
  return w;
}

}  // namespace ptmc::graph

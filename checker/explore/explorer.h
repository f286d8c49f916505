// Breadth-first exploration of the reachable packed states of a model.
//
// States live in an arena (fixed-size chunks of contiguous words, never moved), deduplicated by
// an open-addressing hash set of state indices; each state keeps a parent link (parent index,
// transition id) and BFS levels are kept as index ranges, so a stored state costs its packed size
// plus about 16 bytes (8 for the parent link, 4 per hash-table cell at a load of 3/8..3/4).
// States are numbered in discovery order: index order is BFS order, and every path rebuilt from
// the parent links is a shortest one. With symmetry on, stored states are canonical
// representatives (symmetry.h); traces are rebuilt as concrete executions.
//
// Checks plug in as a visitor; the explorer itself prints nothing.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "explore/symmetry.h"
#include "explore/trace.h"
#include "ir/exec.h"
#include "ir/ir.h"

namespace ptmc::explore {

using state_index = std::uint32_t;
constexpr state_index no_state = 0xffffffffu;

enum class control { proceed, stop };

// Callbacks of an exploration. All default to doing nothing and proceeding.
class visitor {
 public:
  virtual ~visitor() = default;
  // An initial state was stored (on_state(s, 0) follows).
  virtual void on_initial(state_index s) { (void)s; }
  // A new state was stored at BFS depth `depth`; returning stop ends the run (status stopped).
  virtual control on_state(state_index s, std::uint32_t depth) {
    (void)s;
    (void)depth;
    return control::proceed;
  }
  // Only with options::collect_edges: a run of a transition from `from` reached `to` (possibly an
  // old state, possibly `from` itself). step.state is the concrete successor; with symmetry `to`
  // is its canonical form. Called after on_state(to) when `to` is new.
  virtual void on_edge(state_index from, state_index to, const ir::step_view& step) {
    (void)from;
    (void)to;
    (void)step;
  }
  // Only with options::collect_edges or options::collect_edge_targets: the same edge, without the
  // step, so that successors can still be batched; called once per run, in the order the runs were
  // generated, after on_state(to) when `to` is new.
  virtual void on_edge_target(state_index from, state_index to, ir::transition_id transition) {
    (void)from;
    (void)to;
    (void)transition;
  }
  // `s` is quiescent: no run from it ends in a model error and none reaches another state (it has no
  // enabled transition, or only self-loops, such as a thread that keeps running user code).
  virtual void on_terminal(state_index s) { (void)s; }
  // A run from `from` (no_state: the init program) ended in a model error. Stops by default.
  virtual control on_model_error(state_index from, const ir::step_error& error) {
    (void)from;
    (void)error;
    return control::stop;
  }
};

// Reported every options::progress_interval_seconds while exploring.
struct progress {
  std::uint64_t states = 0;
  std::uint32_t depth = 0;
  double states_per_second = 0;
  std::uint64_t memory_bytes = 0;
  double elapsed_seconds = 0;
};

struct options {
  std::uint64_t max_states = 0;          // 0: no limit
  std::uint64_t max_memory_bytes = 0;    // the store (arena, links, hash table); 0: no limit
  double time_limit_seconds = 0;         // 0: no limit
  bool symmetry = false;
  bool collect_edges = false;          // on_edge and on_edge_target; successors stored one by one
  bool collect_edge_targets = false;   // on_edge_target only; successors stay batched
  std::function<void(const progress&)> on_progress;  // optional
  double progress_interval_seconds = 2.0;
};

enum class completion {
  complete,       // every reachable state was explored
  state_limit,    // max_states reached
  memory_limit,   // max_memory_bytes reached (or the store cannot grow further)
  time_limit,     // time_limit_seconds reached
  stopped,        // a visitor callback returned stop
};

std::string to_string(completion c);

struct result {
  completion status = completion::complete;
  std::uint64_t states = 0;            // stored states
  std::uint64_t transitions = 0;       // completed runs of transitions from explored states (edges, with duplicates)
  std::uint64_t initial_states = 0;
  std::uint32_t max_depth = 0;         // the deepest BFS level stored
  std::uint64_t peak_memory_bytes = 0; // of the store
  std::vector<std::uint64_t> fired;    // per transition id: completed runs from explored states (coverage)
  double elapsed_seconds = 0;
  bool complete() const { return status == completion::complete; }
};

class state_store;

class explorer {
 public:
  // Validates the model (ir::validate aborts on a malformed one); it must outlive the explorer.
  explicit explorer(const ir::model& m, options opts = {});
  ~explorer();
  explorer(const explorer&) = delete;
  explorer& operator=(const explorer&) = delete;

  // Explores from the initial states; call once.
  result run(visitor& v);
  result run();

  const ir::model& model() const { return m_; }
  const options& opts() const { return opts_; }
  std::uint64_t state_count() const;
  // The bytes the state store takes now (arena, links, hash table): what max_memory_bytes bounds.
  std::uint64_t memory_bytes() const;
  // The packed words of a stored state (canonical with symmetry); stable for the explorer's life.
  const std::uint64_t* state(state_index s) const;
  // The state `s` was first reached from (no_state for an initial state) and by which transition.
  state_index parent(state_index s) const;
  ir::transition_id parent_transition(state_index s) const;
  // BFS depth of a stored state.
  std::uint32_t depth(state_index s) const;
  // The states of BFS level d are [level_start(d), level_start(d+1)); level_count() levels.
  std::uint32_t level_count() const { return static_cast<std::uint32_t>(level_starts_.size()); }
  state_index level_start(std::uint32_t d) const;

  // A shortest concrete execution from an initial state to `s`: init choices, and per step the
  // transition, choices, events and the concrete state reached (which equals state(s) without
  // symmetry, and has it as canonical form with symmetry). kind/property/message are left for the
  // caller to fill.
  trace trace_to(state_index s);
  // trace_to(from) followed by a step that ends in a model error (kind model_error, message set).
  // The final step carries the failing run's transition and choices and the state it started
  // from. With symmetry the failing run is looked up in the concrete state, so its message may
  // name other ids than `error.message`.
  trace trace_to_error(state_index from, const ir::step_error& error);

  // The executor and compiled model, for visitors that evaluate properties.
  ir::executor& exec() { return *exec_; }
  const ir::compiled_model& compiled() const { return *compiled_; }

 private:
  class expander;
  friend class expander;

  // Canonical form of a concrete state (copy without symmetry) into canon_.
  const std::uint64_t* canonical(const std::uint64_t* concrete);
  bool limits_hit(result* r);
  void report_progress(std::uint32_t depth);
  double seconds() const;

  const ir::model& m_;
  options opts_;
  std::unique_ptr<ir::compiled_model> compiled_;
  std::unique_ptr<ir::executor> exec_;
  std::unique_ptr<symmetry_reducer> symmetry_;
  std::unique_ptr<state_store> store_;
  std::vector<state_index> level_starts_;
  std::vector<std::uint64_t> canon_;
  std::chrono::steady_clock::time_point start_;
  double last_progress_ = 0;
  bool ran_ = false;
};

}  // namespace ptmc::explore

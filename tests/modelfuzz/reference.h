// A small, independent reference explorer for cross-checking the engines: a recursive interpreter of
// IR effects over the reference evaluator (ir::evaluate), a plain breadth-first search with a
// std::map of states (no arena, no batching, no symmetry), and a textbook leads-to check (Tarjan's
// components on the not-Q subgraph, weak fairness per agent, backward reachability).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "explore/trace.h"
#include "ir/ir.h"
#include "ir/state.h"

namespace ptmc::modelfuzz {

// One run of an effect program (a transition or the init program) for one choice vector.
struct ref_run {
  bool error = false;                    // ended in a model error (`message`)
  std::string message;
  std::vector<std::uint32_t> choices;    // the value taken at each choose, in execution order
  std::vector<explore::emitted_event> events;
  ir::packed_state state;                // the successor (meaningless when error)
};

// Every run of `program` from `from` (disabled runs, whose assume failed, are left out). A store
// whose value is in its slot's range but does not read back from the packed state is reported in
// *layout_error (the layout cannot hold a value the type allows).
std::vector<ref_run> run_program(const ir::model& m, const ir::packed_state& from, const std::vector<ir::stmt>& program,
                                 std::string* layout_error);

// The reachable state space, breadth first.
struct ref_space {
  bool complete = true;                   // false when the state cap was reached
  std::string layout_error;               // see run_program
  std::vector<ir::packed_state> states;   // in BFS order
  std::vector<std::uint32_t> depth;
  std::map<ir::packed_state, std::uint32_t> index;

  struct edge {
    std::uint32_t from = 0, to = 0;
    ir::transition_id transition = 0;
  };
  std::vector<edge> edges;                            // completed runs (with duplicates)
  std::vector<std::vector<bool>> enabled_agents;      // per state, per agent: some run completes
  std::optional<std::uint32_t> first_error_depth;     // shortest trace to a model error (steps)
  std::uint64_t transitions = 0;                      // completed runs from explored states
};

ref_space explore_reference(const ir::model& m, std::size_t max_states);

// The reference verdict of a leads-to property P ~> Q on a complete space: P counts as holding and
// Q as not holding where they cannot be evaluated.
struct ref_leads_to {
  bool violated = false;
  std::uint32_t trigger_depth = 0;   // violated: the smallest depth of a bad P state
};
ref_leads_to check_leads_to_reference(const ir::model& m, const ref_space& space, ir::expr_id p, ir::expr_id q);

// Whether a leads-to condition holds in a state (P: error counts as holding; Q: as not holding).
bool trigger_holds(const ir::model& m, const ir::packed_state& s, ir::expr_id p);
bool target_holds(const ir::model& m, const ir::packed_state& s, ir::expr_id q);

// Re-executes a trace with the reference interpreter and checks what it claims: every step is a run
// of its transition with its choices from the previous state and reaches the recorded state, and the
// end shows the claim (an invariant false or undefined, a model error, a fair lasso or a stuck state
// without Q from the trigger on). `trigger` and `target` are P and Q for leads-to traces. Returns ""
// when the trace is confirmed, else why not.
std::string replay_reference(const ir::model& m, const explore::trace& t, std::optional<ir::expr_id> invariant,
                             std::optional<ir::expr_id> trigger, std::optional<ir::expr_id> target);

}  // namespace ptmc::modelfuzz

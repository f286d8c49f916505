// Leads-to under weak fairness on the explored state graph (spec/README.md, "How a model is
// checked"): is there a reachable state where P holds and Q does not, from which a fair path stays
// in ¬Q forever? Such a path either runs into a fair cycle of ¬Q states (a lasso) or stops in a ¬Q
// state where no fair process is enabled (unfair processes may stop acting at any time).
//
// The caller evaluates P and Q per state; this module knows only the graph, which process took each
// edge and which processes are fair.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "base/deadline.h"
#include "graph/state_graph.h"
#include "ir/ir.h"

namespace ptmc::graph {

// What weak fairness needs to know of a model: the fairness agent of every transition (a process's
// own steps, or the syscall-body steps it runs: ir::agent_id), and which agents are fair.
struct fairness {
  std::vector<std::uint32_t> agent_of;  // per transition id: its agent
  std::vector<std::uint8_t> fair;         // per agent: 1 if fair

  static fairness of(const ir::model& m);
};

// One leads-to question, per state of the graph.
struct leads_to_query {
  // 1: a state a counterexample may stay in: Q does not hold there (and the state was explored in
  // full, so its successors, and so which processes are enabled there, are known).
  std::span<const std::uint8_t> stay;
  // 1: P holds there. A counterexample starts at a state that is both `trigger` and `stay`.
  std::span<const std::uint8_t> trigger;
};

enum class leads_to_outcome {
  holds,      // no trigger state can stay in ¬Q forever on a fair path
  cycle,      // a lasso: from the trigger state to a fair cycle of ¬Q states
  stuck,      // a finite fair path: from the trigger state to a ¬Q state where no fair process is enabled
  undecided,  // the deadline passed before the check could tell: neither holds nor a counterexample
};

struct leads_to_witness {
  leads_to_outcome outcome = leads_to_outcome::holds;
  // The counterexample (outcome cycle or stuck): the trigger state of lowest index (the explorer's
  // index order is breadth-first, so it has the shortest prefix), then a shortest path within
  // `stay` to the nearest state that is on a fair cycle or stuck, then (cycle) a cycle from that
  // state back to itself that meets every fair process's obligation: the process takes a step in
  // the cycle or is disabled in one of its states.
  std::uint32_t trigger = 0;
  std::vector<edge> to_target;  // trigger -> the cycle start or the stuck state (may be empty)
  std::vector<edge> cycle;      // the cycle start -> ... -> the cycle start (at least one edge)

  // Statistics.
  std::uint64_t stay_states = 0;       // states in ¬Q (explored)
  std::uint64_t components = 0;        // strongly connected components of the ¬Q subgraph
  std::uint64_t fair_components = 0;   // of which fair (a fair path can stay in them forever)
  std::uint64_t stuck_states = 0;      // ¬Q states where no fair process is enabled
  std::uint64_t bad_states = 0;        // ¬Q states from which a fair path can avoid Q forever
  std::uint64_t work_bytes = 0;        // the working memory of the check (besides the graph)
};

// Answers the question (the spans have one entry per state of `g`). Deterministic. Gives up with
// outcome undecided (and no counterexample) once `until` has passed; it looks at the clock between
// its phases and every few thousand states, so it stops soon after.
leads_to_witness check_leads_to(const state_graph& g, const fairness& f, const leads_to_query& q,
                                const deadline& until = deadline());

}  // namespace ptmc::graph

// Checking a lowered model: one exhaustive search that discharges the invariants with Z3,
// collects model errors, hangs, coverage and a scenario's final outcomes and conditions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/deadline.h"
#include "base/status.h"
#include "explore/explorer.h"
#include "explore/trace.h"
#include "ir/ir.h"

namespace ptmc::props {

// A leads-to property P ~> Q, checked under weak fairness (spec/README.md, "How a model is checked").
struct leads_to_spec {
  std::string name;
  std::string doc;
  ir::expr_id trigger = 0;   // P
  ir::expr_id target = 0;    // Q
  ir::source_loc where;
};

struct check_options {
  explore::options search;          // limits, symmetry, progress (edges are collected as needed);
                                    // symmetry is switched off when there are leads-to properties;
                                    // max_memory_bytes also bounds the edges kept for the state graph
  // The run's deadline, for the search and every phase after it (Z3, the state graph, leads-to,
  // vacuity, scenario conditions). When it is not set, search.time_limit_seconds (if any) sets one
  // from the start of the check; when it is, it replaces search.time_limit_seconds.
  deadline until;
  std::vector<leads_to_spec> leads_to;
  bool hangs = true;                // report reachable stuck states with an unfinished program
  bool require_coverage = false;    // a transition that never fires is a failure
  double solver_timeout_seconds = 10;
  bool dot = false;                 // draw the state graph (check_result::dot), for small models
  std::uint64_t dot_max_states = 5000;
};

enum class finding_kind { invariant, leads_to, model_error, hang, condition, coverage };

// The result of one check: a property, the model's own assertions, hangs, a final condition.
struct finding {
  finding_kind kind = finding_kind::invariant;
  std::string name;              // property name; "model-error"; "hang"; the condition text; "coverage"
  std::string doc;
  verdict result = verdict::holds;
  std::string message;           // why it failed (or what was found)
  std::optional<explore::trace> trace;   // the shortest counterexample (or witness for a condition);
                                         // for leads-to a lasso or a trace to a stuck state
  std::uint64_t projections = 0; // invariants: distinct projections discharged by Z3
  double solver_seconds = 0;
  ir::source_loc where;
  // Holds by a witness (an exists condition satisfied by a final state; every rule fired): true
  // even when the search was cut short, so it stays holds then.
  bool witnessed = false;
};

// How often one model rule fired, summed over the instances of its process.
struct coverage_row {
  std::string name;
  ir::source_loc where;
  std::uint64_t fired = 0;
};

// A distinct final outcome of a scenario and how many final states show it.
struct outcome_row {
  std::vector<std::string> values;   // parallel to check_result::observation_names
  std::uint64_t count = 0;
};

// A distinct stuck outcome of a scenario: the observations of terminal states where a program has
// not finished, where each unfinished program is blocked, and how many such states show it.
struct stuck_row {
  std::vector<std::string> values;   // parallel to check_result::observation_names
  std::string blocked;               // "tracer at wait_stopped:L86:await (file:86)", per program
  std::uint64_t count = 0;
};

// What checking leads-to properties cost, beyond the search (which must also collect edges).
struct leads_to_cost {
  std::uint64_t edges = 0;            // edges of the state graph
  double graph_seconds = 0;           // building the graph from the collected edges
  std::uint64_t graph_bytes = 0;      // the collected edges plus the graph's row starts: the peak
                                      // while building (the graph then keeps 8 bytes an edge)
  double check_seconds = 0;           // evaluating P and Q, components, counterexamples
  std::uint64_t check_bytes = 0;      // the check's largest working memory besides the graph
};

struct check_result {
  explore::result search;                      // status: how the search ended; a limit it hit makes
                                               // every finding not violated unknown
  // How the whole check ended: the search's status, or the limit that cut a later phase short
  // (cut_short_in names the phase; each finding it did not decide is unknown).
  explore::completion status = explore::completion::complete;
  std::string cut_short_in;
  bool symmetry = false;                       // whether the search used symmetry reduction
  bool symmetry_off_for_leads_to = false;      // symmetry was asked for (and would have reduced the
                                               // model) but is off because leads-to is checked
  std::optional<leads_to_cost> leads_to;       // when leads-to properties were checked
  std::vector<finding> findings;
  std::vector<coverage_row> coverage;          // in model order of first appearance
  std::vector<std::string> observation_names;
  std::vector<outcome_row> outcomes;           // sorted by values
  std::uint64_t final_states = 0;              // terminal states where every program finished
  std::uint64_t hang_states = 0;               // terminal states with an unfinished program
  std::vector<stuck_row> stuck;                // the first few thousand of them, sorted by values
  verdict overall = verdict::holds;            // violated if any finding is; unknown if the search
                                               // was incomplete and nothing was violated
  std::string dot;                             // Graphviz text, when asked for and small enough
  std::string dot_note;                        // why there is no picture, if there is none
};

// Explores `m` in full (or until a limit) and checks everything it carries.
check_result check(const ir::model& m, const check_options& opts);

// The message of a finding that a search cut short by `status` did not violate within `states`:
// "not violated within 1000 states (search incomplete: state limit reached)".
std::string not_violated_within(std::uint64_t states, explore::completion status);

// How a final condition is named in reports and traces: "exists (c)", "forall (c)", "~exists (c)".
std::string condition_name(const ir::final_condition& c);

// Whether every scenario program of `m` is at one of its final pcs. Processes of the most general
// environment do not count: the environment may stop calling at any time, even inside a syscall.
bool programs_finished(const ir::model& m, const std::uint64_t* state);

// The text of a scalar value of type `t` ("SIGSTOP", "Tid(1)", "none", "42", "{SIGSTOP}").
std::string scalar_text(const ir::model& m, ir::type_id t, ir::value v);

}  // namespace ptmc::props

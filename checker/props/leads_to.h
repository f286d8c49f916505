// Leads-to properties and vacuity, after the search: the parts of props::check that need the whole
// explored state space (and, for leads-to, its graph).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "base/deadline.h"
#include "explore/explorer.h"
#include "graph/state_graph.h"
#include "props/check.h"
#include "smt/encoder.h"

namespace ptmc::props {

// Checks each property on the explored graph `g` of `ex`'s search. States [0, explored) were
// expanded in full (all of them when `complete`); the others only cut paths, so a counterexample
// found is genuine even when the search was not complete, and nothing else is claimed then (the
// property is unknown, with no message: the caller knows which limit cut the search). P and Q
// are discharged by Z3 per state (once per distinct projection). Adds the check's cost to `cost`.
// Once `until` has passed, each property not yet decided is unknown and `*gave_up` (when given) is
// set.
std::vector<finding> check_leads_to(explore::explorer& ex, const graph::state_graph& g,
                                    std::span<const leads_to_spec> properties, std::uint32_t explored,
                                    bool complete, const smt::solver_options& solver, leads_to_cost& cost,
                                    const deadline& until = deadline(), bool* gave_up = nullptr);

// The finding of a property that a phase of the check did not get to decide before `until` passed.
finding not_decided_in_time(finding f, std::string_view phase);

// The premises of an invariant that is an implication `A -> B`, or a conjunction of implications
// (which is what `forall x: D. A -> B` becomes): the A of each; empty for any other invariant.
std::vector<ir::expr_id> implication_premises(const ir::model& m, ir::expr_id condition);

// Marks as vacuous each invariant finding that holds and whose premises (implication_premises)
// hold in no stored state of `ex`. Call only after a complete search. Should `until` pass first, an
// invariant whose premises were not yet seen to hold is unknown (it may be vacuous), and the
// function returns false; true when it finished.
bool mark_vacuous_invariants(explore::explorer& ex, std::vector<finding>& findings, const smt::solver_options& solver,
                             const deadline& until = deadline());

}  // namespace ptmc::props

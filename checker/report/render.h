// Counterexamples as text for reviewers (`ptmc show`): per step only what changed.
#pragma once

#include <string>

#include "report/itf_reader.h"

namespace ptmc::report {

// The trace as text, deterministic:
//   a header (property, kind, message, model, params, scenario: the entries the file has);
//   (for files not written by ptmc, their source and description instead of the model);
//   "Initial state:" with every variable, "  var: value" ("  var[key]: value" per map element);
//   per step "Step N: <process> <transition>  (<file:line>)", then "  events: e1(..), e2(..)" if
//   it emitted any, then each changed variable as "  var: old -> new" — descending into records,
//   maps and optionals so that only the changed fields and elements are listed
//   ("  task[Tid(1)].state: TRACED -> RUNNING") — or "  (no variable changed)";
//   for a lasso, "-- loop starts here --" before the state the loop returns to and
//   "-- back to state K --" at the end; for a leads-to trace, "-- the trigger holds here --" before
//   the state where the property's trigger holds.
std::string render_text(const itf_trace& trace);

}  // namespace ptmc::report

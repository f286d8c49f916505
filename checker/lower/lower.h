// Lowering: a checked model (plus an optional scenario and property files) becomes a flat IR
// transition system. This is the one place where the front end and the engine meet.
//
// Steps (see spec/README.md "What a step is"): every statement outside `atomic` is one step,
// `if`/`while` conditions are steps of their own, an `atomic` block is one step, and a call of a
// syscall from a userland program is a step that passes the arguments and enters the syscall's
// body, which is expanded at the call site. Syscall parameters and locals live in the calling
// process's state while the call runs and are reset to their defaults when it returns, so finished
// calls leave no trace in the state.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/ir.h"
#include "lang/frontend.h"

namespace ptmc::lower {

struct options {
  // Most general environment: when >= 0, one userland process per caller identity issues any
  // syscall of the model with any arguments, up to this many calls in total.
  int env_calls = -1;
};

// A leads-to property P ~> Q, for the checks that handle them: from every reachable state where P
// holds, every fair path reaches a state where Q holds.
//
// `after ev(pattern) ~> Q` arrives in the same form. The lowering adds a hidden monitor variable
// `after:NAME` (a bool, kind ir::var_kind::monitor, shown in traces like any variable): every step
// that emits a matching `ev` sets it at the point of emission, and every step first clears it when Q
// holds in the state the step starts from. So it is true exactly while an obligation is open and Q
// has not held since the trigger, and the property is checked as the leads-to `after:NAME ~> Q`:
// `trigger` loads that variable.
struct liveness_property {
  std::string name;
  std::string doc;
  std::string text;                     // the property as written (printed canonically), for reports
  lang::property_kind kind = lang::property_kind::leads_to;
  std::optional<ir::expr_id> trigger;   // P; for after_event, the hidden monitor variable
  ir::expr_id target = 0;               // Q
  ir::source_loc where;
  // after_event only, for reports: the hidden variable's name and the pattern as lowered into it
  // (each argument nullopt for `_`, else its value, compared when the event is emitted).
  std::string pending_var;
  std::string trigger_event;
  std::vector<std::optional<ir::expr_id>> trigger_args;
};

struct lowered_model {
  ir::model model;   // with the scenario's observations and final conditions, if one was given
  std::vector<liveness_property> liveness;
};

// Lowers `model` with the given property files and scenario (either may be absent). Constructs the
// lowering cannot handle yet are reported as `lower.unsupported` errors; returns nullptr on error.
std::unique_ptr<lowered_model> lower(const lang::model_program& model,
                                     const std::vector<const lang::properties_program*>& properties,
                                     const lang::scenario_program* scenario, const options& opts,
                                     diagnostics& diags);

}  // namespace ptmc::lower

// Traces: the shortest path from an initial state to a state of interest, step by step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "ir/state.h"

namespace ptmc::explore {

// An event emitted by a step, with its argument values.
struct emitted_event {
  std::uint32_t event = 0;            // index into ir::model::events
  std::vector<ir::value> args;
};

// One step of a trace: which transition fired, with which nondeterministic choices,
// what it emitted, and the state it led to.
struct trace_step {
  ir::transition_id transition = 0;
  std::vector<std::uint32_t> choices;  // the value taken at each `choose`, in execution order
  std::vector<emitted_event> events;
  ir::packed_state state;
};

// What a trace demonstrates.
enum class trace_kind {
  invariant_violation,   // the last state violates `property`
  model_error,           // the last step hit a model error (assertion, range, ...): `message`
  hang,                  // the last state is stuck with an unfinished userland program
  lasso,                 // leads-to: the last state equals the one at `loop_index`, and the steps
                         // after it repeat forever, fairly, without reaching the target
  stuck,                 // leads-to: the last state has no enabled fair process, and the target
                         // holds nowhere from `trigger_index` on
  scenario,              // a scenario outcome witness or expectation failure
};

struct trace {
  trace_kind kind = trace_kind::invariant_violation;
  std::string property;                 // the property, scenario condition or "deadlock"
  std::string message;                  // human-readable reason
  std::vector<std::uint32_t> init_choices;  // choices taken by the model's init
  ir::packed_state initial;
  std::vector<trace_step> steps;
  std::int64_t loop_index = -1;         // lasso: index into [initial, steps...] where the loop starts
  std::int64_t trigger_index = -1;      // lasso, stuck: index into [initial, steps...] of the state
                                        // where the leads-to property's trigger holds
};

}  // namespace ptmc::explore

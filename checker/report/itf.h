// Counterexamples as ITF JSON (Apalache ADR-015, read by Quint and the Rust `itf` crate).
//
// Layout of a file written by to_itf_json (see DESIGN.md, "Outputs"):
//   "#meta":  format, format-description, source, description, then ptmc's own fields:
//             ptmc-version, model, chain, proposal (if any), scenario (if any), property,
//             property-kind, property-doc (if any), kind, message, trigger-state (leads-to: the
//             index of the state where the trigger holds), params, sources, env-calls (if the run
//             used the most general environment)
//   "vars":   the model's variables: globals first, then the others (process locals, pcs,
//             monitors), each group in declaration order
//   "states": one object per state: "#meta" and one entry per variable. The state "#meta" holds
//             "index"; state 0 has "mbt::actionTaken": "init" and the init choices; every later
//             state has "step" {process, transition, source "file:line:col"}, "events"
//             [{name, args {param: value}}], "mbt::actionTaken" (the transition name) and
//             "mbt::nondetPicks" {"choice0": {"#bigint": ...}, ...}; the state a lasso returns
//             to has "loop-start": true, the trigger state of a leads-to trace "trigger": true
//   "loop":   lassos only: the index of the state the loop starts from; the last state equals it
//             (the last step closes the loop), and the steps after it repeat forever
// Values: bool -> true/false; range -> {"#bigint": "3"}; enum -> "SIGSTOP"; symmetric id ->
// "Tid(1)"; set -> {"#set": [...]} in domain order; array -> {"#map": [[index, value], ...]};
// record -> {"field": value, ...}; list -> [...]; optional -> {"tag": "None", "value":
// {"#tup": []}} or {"tag": "Some", "value": v}.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "explore/trace.h"
#include "ir/ir.h"

namespace ptmc::report {

// What a trace is about, beyond the model and the states: who checked what, with which inputs.
struct trace_meta {
  std::string model;               // model name (for proposals, the proposal's name)
  std::vector<std::string> chain;  // this model, then the models it extends
  std::string proposal;            // path of the proposal file; "" if none
  std::string scenario;            // scenario name; "" if none
  std::string property;            // property or condition name; "" takes trace::property
  std::string property_kind;       // "invariant", "leads-to", "deadlock", "scenario", ...
  std::string property_doc;        // the property's documentation; may be empty
  std::vector<std::pair<std::string, std::int64_t>> params;  // parameter values of this run
  std::string ptmc_version;                                  // "" takes ptmc::version()
  std::vector<std::string> sources;                          // source files; the first is the ITF "source"
  int env_calls = -1;  // the most general environment's call bound, when the run used one
};

// A trace_meta filled from the model: name, chain, parameters and this ptmc version.
trace_meta meta_from_model(const ir::model& m);

// The name of a trace kind as written in ITF ("invariant_violation", "model_error", "hang",
// "lasso", "stuck", "scenario").
std::string_view to_string(explore::trace_kind kind);

// The trace as an ITF document (layout above): deterministic (the same inputs give the same
// bytes), 2-space indentation, ending with a newline. The trace must belong to the model:
// transition, process, event and variable references in it are checked as internal invariants.
std::string to_itf_json(const ir::model& m, const explore::trace& t, const trace_meta& meta);

}  // namespace ptmc::report

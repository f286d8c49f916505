// The outcome of one check run, neutral of output format: what JUnit XML and SARIF reports are made of.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "ir/ir.h"

namespace ptmc::report {

// The verdict on one property or scenario condition.
struct property_result {
  std::string name;  // property or condition name (the SARIF ruleId)
  std::string kind;  // "invariant", "leads-to", "deadlock", "scenario", ...
  std::string doc;   // the property's documentation; may be empty
  verdict result = verdict::unknown;
  std::string message;      // why it is violated or unknown; may be empty when it holds
  std::string trace_path;   // the counterexample file; "" if none
  ir::source_loc location;  // the model line of the violating (last) step; file "" if none
  std::string scenario;     // the scenario of the run it belongs to; "" for the environment run
  std::uint64_t projections = 0;   // invariants: distinct projections discharged by Z3
  double solver_seconds = -1;      // time in Z3; < 0 when timings are not reported
  // For a property a limit left unknown: the states its run explored and the limit ("state limit
  // reached"); limit "" otherwise.
  std::uint64_t within_states = 0;
  std::string limit;
};

// One exploration: the scenario it ran (or the most general environment) and its size.
struct run_stats {
  std::string scenario;            // "" for the most general environment
  int env_calls = -1;
  std::string status;              // "complete" or the limit that stopped it
  std::uint64_t states = 0;
  std::uint64_t transitions = 0;
  std::uint32_t max_depth = 0;
  bool symmetry = false;
  std::uint64_t rules = 0;         // model rules (transitions by name and location)
  std::uint64_t rules_fired = 0;
  double seconds = -1;             // wall time; < 0 when timings are not reported
};

// What was checked, with which inputs, and whether the search was complete.
struct run_info {
  std::string tool_version;  // "" takes ptmc::version()
  std::string model;         // model (or proposal) name
  std::string model_file;    // its path
  std::vector<std::pair<std::string, std::int64_t>> params;
  bool complete = true;  // false when a limit cut the search short
  bool fail_vacuous = false;  // a vacuous property fails the run (--fail-vacuous)
};

struct check_summary {
  run_info run;
  std::vector<run_stats> runs;
  std::vector<property_result> properties;  // in the order they are to be reported
};

}  // namespace ptmc::report

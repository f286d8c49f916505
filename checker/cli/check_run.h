// Running checks from the command line: options, one run per scenario (or one most-general-
// environment run), text summaries, counterexample files and CI reports.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/deadline.h"
#include "props/check.h"
#include "report/summary.h"

namespace ptmc::cli {

struct check_request {
  std::vector<std::string> files;    // the model first, then .inv and .ptl files
  std::vector<std::string> params;   // NAME=VALUE
  std::string out_dir;               // counterexamples; "" writes none
  std::string junit_path, sarif_path, json_path, dot_path;
  std::uint64_t max_states = 0;
  std::uint64_t max_memory_mib = 0;
  double time_limit_seconds = 0;
  bool no_symmetry = false;
  int env_calls = 2;
  bool no_hangs = false;
  bool require_coverage = false;
  bool fail_vacuous = false;         // a vacuous property fails the run (exit 1)
  bool outcomes_only = false;        // `ptmc outcomes`: print the outcome listing, not the properties
  bool quiet_progress = false;
  bool timings = false;              // report wall time and Z3 time (output no longer byte-stable)
  deadline until;                    // for several calls under one --time-limit (`table`); when it is
                                     // not set, time_limit_seconds sets one as run_checks starts
};

// Adds the options shared by `check` and `outcomes` to a subcommand.
void add_check_options(CLI::App& sub, check_request& request);

struct check_totals {
  int exit_code = 0;
  report::check_summary summary;  // what was checked and every verdict (empty on bad input)
};

// Runs every check the request names and prints summaries to `out`, diagnostics and progress to `err`.
check_totals run_checks(const check_request& request, std::ostream& out, std::ostream& err);

// A scenario's outcomes as the model predicts them (what `ptmc outcomes` lists), for comparisons.
struct scenario_prediction {
  std::string model;                               // the model's name
  std::vector<std::string> names;                  // parallel to each row's values
  std::vector<props::outcome_row> outcomes;        // final outcomes
  std::vector<props::stuck_row> stuck;             // stuck states (hangs, or blocked under `allow hang;`)
  std::uint64_t final_states = 0, hang_states = 0;
  bool complete = false;                           // the search was complete
};

// Explores `scenario` against `model` in full; on bad input prints the diagnostics to `err` and
// returns nullopt.
std::optional<scenario_prediction> predict_outcomes(const std::string& model, const std::string& scenario,
                                                    std::ostream& err);

// A verdict as the listings print it: holds, VIOLATED, UNKNOWN, VACUOUS.
std::string verdict_word(verdict v);

}  // namespace ptmc::cli

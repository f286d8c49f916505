// The pipeline shared by check, outcomes and replay: load a model with its property files and
// scenario, lower it, and keep everything alive for as long as the IR is used.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/frontend.h"
#include "lower/lower.h"

namespace ptmc::cli {

struct run_request {
  std::string model_path;
  std::vector<std::string> property_paths;
  std::optional<std::string> scenario_path;
  std::map<std::string, std::int64_t> params;   // from the command line; win over the scenario's
  int env_calls = -1;                            // most general environment bound (-1: none)
};

// A loaded, checked and lowered run. Syntax trees live as long as the IR needs them; the source
// manager they point into belongs to the caller and must outlive both the run and any diagnostics.
struct loaded_run {
  std::unique_ptr<lang::model_program> model;
  std::vector<std::unique_ptr<lang::properties_program>> properties;
  std::unique_ptr<lang::scenario_program> scenario;
  std::unique_ptr<lower::lowered_model> lowered;
};

// Loads and lowers one run; on any error, reports it to `diags` and returns nullptr.
std::unique_ptr<loaded_run> load_run(const run_request& request, source_manager& sources, diagnostics& diags);

// Parses `NAME=VALUE` parameter settings; reports malformed ones to `error` and returns false.
bool parse_params(const std::vector<std::string>& settings, std::map<std::string, std::int64_t>& out,
                  std::string* error);

}  // namespace ptmc::cli

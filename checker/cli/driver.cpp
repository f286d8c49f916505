// Loading and lowering one run.
#include "cli/driver.h"

#include <limits>
#include <optional>
#include <string_view>

#include "cli/options.h"

namespace ptmc::cli {

std::unique_ptr<loaded_run> load_run(const run_request& request, source_manager& sources, diagnostics& diags) {
  auto run = std::make_unique<loaded_run>();
  lang::frontend front(sources, diags);

  // The scenario's parameters apply first; the command line overrides them.
  std::map<std::string, std::int64_t> params;
  if (request.scenario_path) {
    run->scenario = front.parse_scenario(*request.scenario_path);
    if (!run->scenario || diags.has_errors()) return nullptr;
    params = run->scenario->params;
  }
  for (const auto& [name, value] : request.params) params[name] = value;

  run->model = front.load_model(request.model_path, params);
  if (!run->model || diags.has_errors()) return nullptr;
  for (const auto& path : request.property_paths) {
    auto props = front.load_properties(path, *run->model);
    if (!props) return nullptr;
    run->properties.push_back(std::move(props));
  }
  if (run->scenario && !front.check_scenario(*run->scenario, *run->model)) return nullptr;
  if (diags.has_errors()) return nullptr;

  std::vector<const lang::properties_program*> props;
  for (const auto& p : run->properties) props.push_back(p.get());
  lower::options opts;
  opts.env_calls = request.env_calls;
  run->lowered = lower::lower(*run->model, props, run->scenario.get(), opts, diags);
  if (!run->lowered) return nullptr;
  return run;
}

bool parse_params(const std::vector<std::string>& settings, std::map<std::string, std::int64_t>& out,
                  std::string* error) {
  for (const auto& s : settings) {
    const auto eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      *error = "--param expects NAME=INTEGER, got '" + s + "'";
      return false;
    }
    // Strictly a 64-bit integer: one that overflows is an error, not 0 (the model then checks its range).
    std::string why;
    const std::optional<std::int64_t> value =
        parse_integer(std::string_view(s).substr(eq + 1), std::numeric_limits<std::int64_t>::min(),
                      std::numeric_limits<std::int64_t>::max(), &why);
    if (!value) {
      *error = "--param " + s + ": " + why;
      return false;
    }
    out[s.substr(0, eq)] = *value;
  }
  return true;
}

}  // namespace ptmc::cli

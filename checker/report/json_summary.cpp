// ptmc check --json.
#include "report/json_summary.h"

#include "base/version.h"
#include "report/detail/json_text.h"

namespace ptmc::report {

namespace {

using detail::json;

std::string verdict_text(verdict v) {
  switch (v) {
    case verdict::holds: return "holds";
    case verdict::violated: return "violated";
    case verdict::unknown: return "unknown";
    case verdict::vacuous: return "vacuous";
  }
  return "unknown";
}

}  // namespace

std::string to_json_summary(const check_summary& summary) {
  json out = json::object();
  out["tool"] = "ptmc";
  out["version"] = summary.run.tool_version.empty() ? std::string(version()) : summary.run.tool_version;
  out["model"] = summary.run.model;
  out["model-file"] = summary.run.model_file;
  json params = json::object();
  for (const auto& [name, value] : summary.run.params) params[name] = value;
  out["params"] = std::move(params);
  out["complete"] = summary.run.complete;
  verdict overall = verdict::holds;
  for (const auto& p : summary.properties) overall = combine(overall, p.result);
  if (!summary.run.complete && overall == verdict::holds) overall = verdict::unknown;
  out["verdict"] = verdict_text(overall);
  std::uint64_t vacuous = 0;
  for (const auto& p : summary.properties) vacuous += p.result == verdict::vacuous ? 1 : 0;
  out["vacuous"] = vacuous;
  out["exit-code"] =
      exit_code(outcome_of(overall, summary.run.fail_vacuous ? vacuity_policy::fail : vacuity_policy::pass));

  json runs = json::array();
  for (const auto& r : summary.runs) {
    json run = json::object();
    if (!r.scenario.empty()) run["scenario"] = r.scenario;
    if (r.env_calls >= 0) run["env-calls"] = r.env_calls;
    run["status"] = r.status;
    run["states"] = r.states;
    run["transitions"] = r.transitions;
    run["max-depth"] = r.max_depth;
    run["symmetry"] = r.symmetry;
    run["rules"] = r.rules;
    run["rules-fired"] = r.rules_fired;
    if (r.seconds >= 0) run["seconds"] = r.seconds;
    runs.push_back(std::move(run));
  }
  out["runs"] = std::move(runs);

  json props = json::array();
  for (const auto& p : summary.properties) {
    json prop = json::object();
    prop["name"] = p.name;
    prop["kind"] = p.kind;
    if (!p.scenario.empty()) prop["scenario"] = p.scenario;
    prop["verdict"] = verdict_text(p.result);
    if (!p.message.empty()) prop["message"] = p.message;
    // What an unknown verdict covers: not violated in this many states, and what stopped the run.
    if (!p.limit.empty()) prop["bound"] = json{{"states", p.within_states}, {"limit", p.limit}};
    if (!p.trace_path.empty()) prop["counterexample"] = p.trace_path;
    if (!p.location.file.empty())
      prop["location"] = p.location.file + ":" + std::to_string(p.location.line) + ":" + std::to_string(p.location.column);
    if (p.kind == "invariant") prop["projections"] = p.projections;
    if (p.solver_seconds >= 0) prop["solver-seconds"] = p.solver_seconds;
    if (!p.doc.empty()) prop["doc"] = p.doc;
    props.push_back(std::move(prop));
  }
  out["properties"] = std::move(props);
  return detail::to_json_text(out);
}

}  // namespace ptmc::report

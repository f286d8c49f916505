#include "report/sarif.h"

#include <cstddef>

#include "base/version.h"
#include "report/detail/json_text.h"

namespace ptmc::report {

namespace {

using detail::json;

constexpr std::string_view sarif_schema = "https://json.schemastore.org/sarif-2.1.0.json";

// A relative path as a URI reference: unreserved characters and '/' stay, the rest is %XX.
std::string path_to_uri(std::string_view path) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (const char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (keep) {
      out += ch;
    } else {
      out += '%';
      out += digits[c >> 4];
      out += digits[c & 15];
    }
  }
  return out;
}

json message(std::string text) { return json{{"text", std::move(text)}}; }

json rule(const property_result& p) {
  json r = json::object();
  r["id"] = p.name;
  r["shortDescription"] = message(p.doc.empty() ? p.name : p.doc);
  if (!p.kind.empty()) r["properties"] = json{{"kind", p.kind}};
  return r;
}

json physical_location(const ir::source_loc& where) {
  json region = json::object();
  if (where.line > 0) region["startLine"] = where.line;
  if (where.line > 0 && where.column > 0) region["startColumn"] = where.column;
  json location = json::object();
  location["artifactLocation"] = json{{"uri", path_to_uri(where.file)}};
  if (!region.empty()) location["region"] = std::move(region);
  return json{{"physicalLocation", std::move(location)}};
}

std::string result_text(const property_result& p) {
  const bool violated = p.result == verdict::violated;
  const bool vacuous = p.result == verdict::vacuous;
  std::string text = "Property " + p.name + (violated ? " is violated" : vacuous ? " holds only vacuously" : " is unverified");
  if (!p.message.empty()) {
    text += ": " + p.message;
  } else if (!violated && !vacuous) {
    text += p.limit.empty() ? ": undecided" : ": search incomplete (" + p.limit + ")";
  }
  if (!p.trace_path.empty()) text += " (counterexample: " + p.trace_path + ")";
  return text + ".";
}

json result(const property_result& p, std::size_t rule_index) {
  const bool violated = p.result == verdict::violated;
  json r = json::object();
  r["ruleId"] = p.name;
  r["ruleIndex"] = rule_index;
  // A vacuous property needs a reviewer's look (kind "review"); an unknown one is still open.
  r["kind"] = violated ? "fail" : p.result == verdict::vacuous ? "review" : "open";
  r["level"] = violated ? "error" : "warning";
  r["message"] = message(result_text(p));
  r["locations"] = json::array();
  if (!p.location.file.empty()) r["locations"].push_back(physical_location(p.location));
  json properties = json::object();
  properties["verdict"] = to_string(p.result);
  if (!p.trace_path.empty()) properties["counterexample"] = p.trace_path;
  if (!p.limit.empty()) properties["bound"] = json{{"states", p.within_states}, {"limit", p.limit}};
  r["properties"] = std::move(properties);
  return r;
}

json run_properties(const run_info& run) {
  json params = json::object();
  for (const auto& [name, value] : run.params) params[name] = value;
  json out = json::object();
  out["model"] = run.model;
  out["modelFile"] = run.model_file;
  out["params"] = std::move(params);
  out["complete"] = run.complete;
  return out;
}

}  // namespace

std::string to_sarif_json(const check_summary& summary) {
  json driver = json::object();
  driver["name"] = "ptmc";
  driver["version"] = summary.run.tool_version.empty() ? std::string(version()) : summary.run.tool_version;
  driver["rules"] = json::array();
  json results = json::array();
  for (std::size_t i = 0; i < summary.properties.size(); ++i) {
    const property_result& p = summary.properties[i];
    driver["rules"].push_back(rule(p));
    if (p.result != verdict::holds) results.push_back(result(p, i));
  }
  json run = json::object();
  run["tool"] = json{{"driver", std::move(driver)}};
  run["results"] = std::move(results);
  if (!summary.run.complete) {
    // Also said once for the whole run, so that it shows even where results are filtered by level.
    json notification = json::object();
    notification["level"] = "warning";
    notification["message"] = message(
        "The search was incomplete (a limit was reached): no property that it did not find violated is verified.");
    json invocation = json::object();
    invocation["executionSuccessful"] = true;
    invocation["toolExecutionNotifications"] = json::array({std::move(notification)});
    run["invocations"] = json::array({std::move(invocation)});
  }
  run["properties"] = run_properties(summary.run);
  json doc = json::object();
  doc["$schema"] = sarif_schema;
  doc["version"] = "2.1.0";
  doc["runs"] = json::array({std::move(run)});
  return detail::to_json_text(doc);
}

}  // namespace ptmc::report

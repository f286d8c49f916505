// ptmc table: check several models (a kernel model and the proposals that extend it) against the
// same properties and scenarios, and print the verdicts side by side as a Markdown table.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/check_run.h"
#include "cli/commands.h"
#include "lang/ast.h"

namespace ptmc::cli {

namespace {

std::string cell_text(verdict v) {
  switch (v) {
    case verdict::holds: return "holds";
    case verdict::violated: return "**VIOLATED**";
    case verdict::vacuous: return "VACUOUS";
    case verdict::unknown: return "UNKNOWN";
  }
  return "UNKNOWN";
}

// 1234567 -> "1,234,567"
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

struct column {
  std::string model;                         // the model's name
  std::map<std::string, verdict> cells;      // row key -> verdict
  std::uint64_t environment_states = 0;
  std::uint64_t scenario_states = 0;
  bool complete = true;
};

int run_table(const check_request& request) {
  std::vector<std::string> models, others;
  for (const std::string& f : request.files) {
    lang::file_kind kind{};
    if (!lang::file_kind_from_path(f, &kind)) {
      std::cerr << "ptmc table: error: '" << f << "' is not a .ptm, .inv or .ptl file\n";
      return exit_code(run_outcome::bad_input);
    }
    (kind == lang::file_kind::model ? models : others).push_back(f);
  }
  if (models.empty()) {
    std::cerr << "ptmc table: error: name at least one model (.ptm)\n";
    return exit_code(run_outcome::bad_input);
  }
  if (!request.out_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(request.out_dir, ec);
    if (ec) {
      std::cerr << "ptmc table: error: cannot create '" << request.out_dir << "': " << ec.message() << "\n";
      return exit_code(run_outcome::bad_input);
    }
  }

  std::vector<std::string> properties, scenarios;
  for (const std::string& f : others) {
    lang::file_kind kind{};
    lang::file_kind_from_path(f, &kind);
    (kind == lang::file_kind::scenario ? scenarios : properties).push_back(f);
  }

  // One run of the properties in the most general environment, then one run per scenario with its
  // conditions only; a scenario's hang and model-error rows are kept only where they fail.
  std::vector<column> columns;
  std::vector<std::string> rows;  // in first-seen order
  std::vector<std::string> quiet_rows;  // rows shown only if some model does not hold them
  bool any_unknown = false;
  for (const std::string& model : models) {
    column c;
    std::vector<std::vector<std::string>> invocations;
    if (!properties.empty() || scenarios.empty()) {
      invocations.push_back({model});
      invocations.back().insert(invocations.back().end(), properties.begin(), properties.end());
    }
    for (const std::string& sc : scenarios) invocations.push_back({model, sc});
    for (const auto& files : invocations) {
      check_request one = request;
      one.files = files;
      one.quiet_progress = true;
      std::cerr << "ptmc table: checking";
      for (const auto& f : files) std::cerr << " " << f;
      std::cerr << "\n";
      std::ostringstream discard;
      const check_totals totals = run_checks(one, discard, std::cerr);
      if (totals.exit_code == exit_code(run_outcome::bad_input)) return totals.exit_code;
      c.model = totals.summary.run.model;
      c.complete &= totals.summary.run.complete;
      for (const auto& run : totals.summary.runs)
        (run.scenario.empty() ? c.environment_states : c.scenario_states) += run.states;
      for (const auto& p : totals.summary.properties) {
        const bool in_scenario = !p.scenario.empty();
        const bool finding = p.kind == "hang" || p.kind == "model-error" || p.kind == "deadlock";
        std::string key = p.name;
        if (in_scenario && key.rfind(p.scenario, 0) != 0) key = p.scenario + ": " + key;
        if (std::find(rows.begin(), rows.end(), key) == rows.end()) {
          rows.push_back(key);
          if (in_scenario && finding) quiet_rows.push_back(key);
        }
        c.cells[key] = p.result;
        any_unknown |= p.result == verdict::unknown;
      }
    }
    any_unknown |= !c.complete;
    columns.push_back(std::move(c));
  }
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [&](const std::string& row) {
                              if (std::find(quiet_rows.begin(), quiet_rows.end(), row) == quiet_rows.end()) return false;
                              for (const column& c : columns) {
                                const auto it = c.cells.find(row);
                                if (it != c.cells.end() && it->second != verdict::holds) return false;
                              }
                              return true;
                            }),
             rows.end());

  std::ostream& out = std::cout;
  out << "| property |";
  for (const column& c : columns) out << " " << c.model << " |";
  out << "\n|---|";
  for (std::size_t i = 0; i < columns.size(); ++i) out << "---|";
  out << "\n";
  for (const std::string& row : rows) {
    out << "| " << row << " |";
    for (const column& c : columns) {
      const auto it = c.cells.find(row);
      out << " " << (it == c.cells.end() ? "-" : cell_text(it->second)) << " |";
    }
    out << "\n";
  }
  out << "| states, most general environment |";
  for (const column& c : columns) out << " " << grouped(c.environment_states) << (c.complete ? "" : " (incomplete)") << " |";
  out << "\n| states, all scenarios |";
  for (const column& c : columns) out << " " << grouped(c.scenario_states) << " |";
  out << "\n";
  return exit_code(any_unknown ? run_outcome::limit_reached : run_outcome::all_hold);
}

}  // namespace

void register_table(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"table", "check several models against the same properties and print a results table",
            "Checks each model (.ptm: a kernel model and the proposals that extend it) against every property "
            "file (.inv) and scenario (.ptl) given, with the same options as `check`, and prints one Markdown "
            "table: a row per property, scenario condition and finding, a column per model, and the number of "
            "states explored. Violations are results here, not failures: the exit code is 0 when every verdict "
            "was decided, 3 when a limit or an unknown left one open, 2 on bad input.",
            "ptmc table spec/linux-2.6.32.ptm spec/proposals/d1-no-detach-wakeup.ptm invariants/linux-2.6.32.inv"});
  auto request = std::make_shared<check_request>();
  add_check_options(*sub, *request);
  sub->callback([request, &context] { context.exit_code = run_table(*request); });
}

}  // namespace ptmc::cli

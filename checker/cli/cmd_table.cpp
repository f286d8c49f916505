// ptmc table: check several models (a kernel model and the proposals that extend it) against the
// same properties and scenarios, and print the verdicts side by side as a Markdown table.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/check_run.h"
#include "cli/commands.h"
#include "cli/driver.h"
#include "lang/ast.h"
#include "lang/frontend.h"

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
  std::set<std::string> left_out;            // property files and scenarios not written for this model
  std::uint64_t environment_states = 0;
  std::uint64_t scenario_states = 0;
  bool complete = true;
};

// Which property files and scenarios (`others`) each model leaves out because their header is not for
// it, and each model's name. Loads every model with the command line's parameters; returns false after
// reporting a load error, or a file written for none of the models (both bad input).
bool sort_out_files(const check_request& request, const std::vector<std::string>& models,
                    const std::vector<std::string>& others, std::vector<column>* columns) {
  std::map<std::string, std::int64_t> params;
  std::string param_error;
  if (!parse_params(request.params, params, &param_error)) {
    std::cerr << "ptmc table: error: " << param_error << "\n";
    return false;
  }
  source_manager sources;
  diagnostics diags;
  lang::frontend front(sources, diags);
  std::vector<bool> written_for_some(others.size(), false);
  for (const std::string& model : models) {
    column c;
    const std::unique_ptr<lang::model_program> program = front.load_model(model, params);
    if (!program || diags.has_errors()) {
      diags.print(std::cerr);
      return false;
    }
    c.model = program->name;
    for (std::size_t i = 0; i < others.size(); ++i) {
      const std::optional<bool> is_for = front.written_for(others[i], *program);
      if (!is_for) {
        diags.print(std::cerr);
        return false;
      }
      if (*is_for) {
        written_for_some[i] = true;
      } else {
        c.left_out.insert(others[i]);
      }
    }
    columns->push_back(std::move(c));
  }
  bool all_used = true;
  for (std::size_t i = 0; i < others.size(); ++i) {
    if (written_for_some[i]) continue;
    std::cerr << "ptmc table: error: '" << others[i]
              << "' is not for any of the models given, nor for a model they extend\n";
    all_used = false;
  }
  return all_used;
}

// A row's cell in a column: the model's verdict; n/a when the row comes from `files` and the model
// left one of them out, or when the row is a scenario's condition written for other models (`for
// "model"`) and the model ran that scenario; - when the model's runs did not give the row.
std::string cell(const column& c, const std::string& row, const std::set<std::string>& files,
                 bool scenario_row) {
  const auto it = c.cells.find(row);
  if (it != c.cells.end()) return cell_text(it->second);
  const bool left_out =
      std::any_of(files.begin(), files.end(), [&c](const std::string& f) { return c.left_out.count(f) > 0; });
  return left_out || (scenario_row && !files.empty()) ? "n/a" : "-";
}

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

  std::vector<column> columns;
  if (others.empty()) {
    columns.resize(models.size());
  } else if (!sort_out_files(request, models, others, &columns)) {
    return exit_code(run_outcome::bad_input);
  }

  // One run of the properties in the most general environment, then one run per scenario with its
  // conditions only; a scenario's hang and model-error rows are kept only where they fail. A model
  // still has its environment run when it leaves out every property file, so that its states compare.
  std::vector<std::string> rows;  // in first-seen order
  std::vector<std::string> quiet_rows;  // rows shown only if some model does not hold them
  std::map<std::string, std::string> scenario_rows;  // a scenario's row -> the scenario
  // Row key -> the files (besides the model) of the runs that gave it: for a property row of an
  // environment run every property file that run checked, for a scenario's row the scenario. A run gives
  // a row for each property of every file it checks, so a row missing from a column that came from a
  // file the model left out is n/a there.
  std::map<std::string, std::set<std::string>> row_files;
  bool any_unknown = false;
  // One time limit for the whole table.
  const deadline until = deadline::after(request.time_limit_seconds);
  for (std::size_t m = 0; m < models.size(); ++m) {
    const std::string& model = models[m];
    column& c = columns[m];
    const auto leaves_out = [&c](const std::string& f) { return c.left_out.count(f) > 0; };
    std::vector<std::string> model_properties;
    std::remove_copy_if(properties.begin(), properties.end(), std::back_inserter(model_properties),
                        leaves_out);
    std::vector<std::vector<std::string>> invocations;
    if (!properties.empty() || scenarios.empty()) {
      invocations.push_back({model});
      invocations.back().insert(invocations.back().end(), model_properties.begin(), model_properties.end());
    }
    for (const std::string& sc : scenarios) {
      if (!leaves_out(sc)) invocations.push_back({model, sc});
    }
    for (const auto& files : invocations) {
      check_request one = request;
      one.files = files;
      one.quiet_progress = true;
      one.until = until;
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
        if (in_scenario) scenario_rows.emplace(key, p.scenario);
        if (std::find(rows.begin(), rows.end(), key) == rows.end()) {
          rows.push_back(key);
          if (in_scenario && finding) quiet_rows.push_back(key);
        }
        if (in_scenario || p.kind == "invariant" || p.kind == "leads-to")
          row_files[key].insert(files.begin() + 1, files.end());
        c.cells[key] = p.result;
        any_unknown |= p.result == verdict::unknown;
      }
    }
    any_unknown |= !c.complete;
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

  // A scenario's rows stay together even when a later model adds conditions of its own (`for
  // "model"`): rows keep their first-seen order, grouped by scenario.
  std::map<std::string, std::size_t> group_rank;
  const auto group_of = [&scenario_rows](const std::string& row) {
    const auto it = scenario_rows.find(row);
    return it == scenario_rows.end() ? row : it->second;
  };
  for (const std::string& row : rows) group_rank.emplace(group_of(row), group_rank.size());
  std::stable_sort(rows.begin(), rows.end(), [&](const std::string& a, const std::string& b) {
    return group_rank.at(group_of(a)) < group_rank.at(group_of(b));
  });

  std::ostream& out = std::cout;
  out << "| property |";
  for (const column& c : columns) out << " " << c.model << " |";
  out << "\n|---|";
  for (std::size_t i = 0; i < columns.size(); ++i) out << "---|";
  out << "\n";
  for (const std::string& row : rows) {
    out << "| " << row << " |";
    const auto files = row_files.find(row);
    for (const column& c : columns) {
      out << " " << cell(c, row, files == row_files.end() ? std::set<std::string>{} : files->second,
                         scenario_rows.count(row) > 0)
          << " |";
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
            "states explored. A property file or scenario whose header is not for a model (nor for a model it "
            "extends), or a scenario's condition written for other models, is left out for that model: its rows "
            "read n/a in that column, where - marks a row the "
            "model's runs did not give; a file for none of the models is bad input. Violations are results "
            "here, not failures: the exit code is 0 when every verdict was decided, 3 when a limit or an "
            "unknown left one open, 2 on bad input.",
            "ptmc table spec/linux-2.6.32.ptm spec/proposals/d1-no-detach-wakeup.ptm invariants/linux-2.6.32.inv"});
  auto request = std::make_shared<check_request>();
  add_check_options(*sub, *request);
  sub->callback([request, &context] { context.exit_code = run_table(*request); });
}

}  // namespace ptmc::cli

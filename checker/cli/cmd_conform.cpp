// ptmc conform: compare a model's predicted outcomes of scenarios with what the running kernel does.
#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>

#include "base/status.h"
#include "cli/check_run.h"
#include "cli/commands.h"
#include "cli/kernel_cli.h"
#include "kernel/ktap.h"
#include "kernel/outcome.h"
#include "report/atomic_file.h"

namespace ptmc::cli {
namespace {

struct conform_request {
  std::string model;
  kernel_request kernel;
  bool compat = false;  // the model is an older kernel's: print what changed, misses are results
};

// One row of the compatibility table: an outcome, whether the model allows it, how often the kernel
// showed it.
struct compat_row {
  std::string scenario, outcome;
  bool predicted = false;
  std::uint64_t runs = 0;
};

// Whether a predicted row shows every value the kernel outcome has (a hung run has only the
// registers assigned before it blocked, so it is compared on those).
bool agrees(const kernel::outcome& o, const std::vector<std::string>& names, const std::vector<std::string>& values) {
  for (const auto& [name, value] : o.values) {
    bool found = false;
    for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) {
      if (names[i] != name) continue;
      found = true;
      if (values[i] != value) return false;
    }
    if (!found) return false;
  }
  return true;
}

std::string row_text(const std::vector<std::string>& names, const std::vector<std::string>& values) {
  std::string s;
  for (std::size_t i = 0; i < names.size() && i < values.size(); ++i) s += (i ? "; " : "") + names[i] + "=" + values[i];
  return s;
}

std::string indent(const std::string& text, const std::string& prefix) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = text.find('\n', start);
    out += prefix + text.substr(start, end == std::string::npos ? std::string::npos : end - start) + "\n";
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

int run_conform(const conform_request& request) {
  const kernel::preflight_result pf = kernel::preflight();
  if (!pf.ok) {
    std::cerr << "ptmc conform: error: cannot run scenarios on this kernel: " << pf.reason << "\n";
    if (request.kernel.ktap) {
      std::vector<kernel::ktap_test> tests;
      for (const std::string& p : request.kernel.scenarios) tests.push_back({p, false, pf.reason, {}});
      std::cout << kernel::to_ktap(tests);
    }
    return exit_code(run_outcome::bad_input);
  }
  const std::uint64_t seed = choose_seed(request.kernel);
  const kernel::run_options opts = run_options_of(request.kernel, seed);
  std::ostream& out = std::cout;
  const bool ktap = request.kernel.ktap;
  if (!ktap)
    out << "conform " << request.model << " against Linux " << pf.kernel << "; seed " << seed << ", "
        << request.kernel.runs << " runs per scenario, jitter " << request.kernel.jitter_us << " us\n\n";

  std::vector<kernel::ktap_test> tests;
  std::ostringstream json;
  json << "{\n  \"format\": \"ptmc-conform\",\n  \"model\": " << json_string(request.model)
       << ",\n  \"kernel\": " << json_string(pf.kernel) << ",\n  \"seed\": " << seed
       << ",\n  \"runs\": " << request.kernel.runs << ",\n  \"scenarios\": [";
  std::size_t scenarios = 0, ran = 0, rejected = 0, missed_scenarios = 0, over = 0;
  std::uint64_t total_runs = 0, misses = 0;
  double seconds = 0;
  std::vector<compat_row> changed_rows;
  std::vector<std::string> same_scenarios;
  bool bad = false, interrupted = false;
  for (const std::string& path : request.kernel.scenarios) {
    if (opts.cancel && *opts.cancel) {
      interrupted = true;
      break;
    }
    ++scenarios;
    std::ostringstream text;
    kernel::ktap_test test;
    kernel_scenario ks = load_kernel_scenario(path, request.model);
    const std::string name = ks.scenario ? ks.scenario->name : path;
    test.name = name;
    json << (scenarios > 1 ? "," : "") << "\n    {\"name\": " << json_string(name) << ", \"file\": " << json_string(path);
    if (!ks.bound) {
      ++rejected;
      bad = true;
      std::cerr << ks.rejection;
      text << "scenario " << name << " (" << path << "): REJECTED, not bindable to the kernel\n"
           << indent(ks.rejection, "  ");
      test.skip_reason = "not bindable to the kernel: " + ks.rejection.substr(0, ks.rejection.find('\n'));
      test.diagnostics.push_back(text.str());
      if (!ktap) out << text.str() << "\n" << std::flush;
      tests.push_back(std::move(test));
      json << ", \"status\": \"rejected\", \"reason\": " << json_string(ks.rejection) << "}";
      continue;
    }
    std::ostringstream model_err;
    const std::optional<scenario_prediction> predicted = predict_outcomes(request.model, path, model_err);
    if (!predicted) {
      ++rejected;
      bad = true;
      std::cerr << model_err.str();
      text << "scenario " << name << " (" << path << "): the model cannot run it\n" << indent(model_err.str(), "  ");
      test.skip_reason = "the model cannot run it";
      test.diagnostics.push_back(text.str());
      if (!ktap) out << text.str() << "\n" << std::flush;
      tests.push_back(std::move(test));
      json << ", \"status\": \"model-error\", \"reason\": " << json_string(model_err.str()) << "}";
      continue;
    }
    const kernel::bound_scenario& b = *ks.bound;
    const kernel::scenario_result kr = kernel::run_scenario(b, opts);
    ++ran;
    total_runs += static_cast<std::uint64_t>(kr.runs_done);
    seconds += kr.seconds;

    text << "scenario " << name << " (" << path << ")\n";
    text << "  kernel: " << kr.runs_done << " runs in " << std::fixed << std::setprecision(1) << kr.seconds
         << " s; model " << predicted->model << ": " << predicted->final_states << " final states"
         << (predicted->hang_states ? ", " + std::to_string(predicted->hang_states) + " stuck" : "")
         << (predicted->complete ? "" : " (search INCOMPLETE)") << "\n";
    std::vector<bool> final_seen(predicted->outcomes.size(), false), stuck_seen(predicted->stuck.size(), false);
    std::ostringstream observed, missed, unobserved;
    std::vector<compat_row> compat;
    std::uint64_t scenario_misses = 0;
    json << ", \"status\": \"ran\", \"runs_done\": " << kr.runs_done << ", \"observed\": [";
    bool first_json = true;
    for (const kernel::outcome_count& oc : kr.outcomes) {
      bool allowed = false;
      if (oc.out.harness_error.empty()) {
        if (!oc.out.hang) {
          for (std::size_t i = 0; i < predicted->outcomes.size(); ++i)
            if (agrees(oc.out, predicted->names, predicted->outcomes[i].values)) {
              allowed = true;
              final_seen[i] = true;
            }
        } else {
          for (std::size_t i = 0; i < predicted->stuck.size(); ++i)
            if (agrees(oc.out, predicted->names, predicted->stuck[i].values)) {
              allowed = true;
              stuck_seen[i] = true;
            }
        }
      }
      const std::string values = kernel::outcome_text(oc.out, b.outcome_names);
      json << (first_json ? "" : ",") << "\n      {\"count\": " << oc.count << ", \"predicted\": "
           << (allowed ? "true" : "false") << ", \"hang\": " << (oc.out.hang ? "true" : "false")
           << ", \"outcome\": " << json_string(values) << ", \"first_seed\": " << oc.first_seed;
      if (!allowed) json << ", \"log\": " << json_string(oc.first_log);
      json << "}";
      first_json = false;
      compat.push_back({name, values, allowed, static_cast<std::uint64_t>(oc.count)});
      if (allowed) {
        observed << "  " << std::right << std::setw(8) << oc.count << "  " << values << "\n";
      } else {
        ++scenario_misses;
        missed << "  " << std::right << std::setw(8) << oc.count << "  " << values << "\n"
               << "            first seen with seed " << oc.first_seed << "; raw log of that run:\n"
               << indent(oc.first_log, "              ");
      }
    }
    json << "], \"unobserved\": [";
    first_json = true;
    std::size_t unobserved_rows = 0;
    for (std::size_t i = 0; i < predicted->outcomes.size(); ++i) {
      if (final_seen[i]) continue;
      ++unobserved_rows;
      const std::string values = row_text(predicted->names, predicted->outcomes[i].values);
      compat.push_back({name, values, true, 0});
      unobserved << "  " << std::right << std::setw(8) << predicted->outcomes[i].count << "  " << values << "\n";
      json << (first_json ? "" : ",") << "\n      {\"model_count\": " << predicted->outcomes[i].count
           << ", \"outcome\": " << json_string(values) << "}";
      first_json = false;
    }
    for (std::size_t i = 0; i < predicted->stuck.size(); ++i) {
      if (stuck_seen[i]) continue;
      ++unobserved_rows;
      const std::string values = row_text(predicted->names, predicted->stuck[i].values);
      unobserved << "  " << std::right << std::setw(8) << predicted->stuck[i].count << "  " << values
                 << "; STUCK: blocked: " << predicted->stuck[i].blocked << "\n";
      json << (first_json ? "" : ",") << "\n      {\"model_count\": " << predicted->stuck[i].count
           << ", \"stuck\": true, \"outcome\": " << json_string(values) << "}";
      first_json = false;
    }
    json << "], \"misses\": " << scenario_misses;
    if (!kr.harness_failure.empty()) json << ", \"harness_failure\": " << json_string(kr.harness_failure);
    json << "}";

    if (!observed.str().empty()) text << "  observed, allowed by the model (runs):\n" << observed.str();
    if (scenario_misses) text << "  MISS: observed, not allowed by the model (runs):\n" << missed.str();
    if (unobserved_rows)
      text << "  predicted, never observed (model's final/stuck state count):\n" << unobserved.str();
    if (!kr.harness_failure.empty()) {
      text << "  HARNESS FAILURE: " << kr.harness_failure << "\n";
      bad = true;
    }
    if (kr.cancelled) {
      text << "  interrupted after " << kr.runs_done << " runs\n";
      interrupted = true;
    }
    text << "  result: " << (scenario_misses ? std::to_string(scenario_misses) + " MISSES" : "observed within predicted")
         << (unobserved_rows ? ", " + std::to_string(unobserved_rows) + " predicted outcomes not observed" : "") << "\n";
    if (scenario_misses) {
      changed_rows.insert(changed_rows.end(), compat.begin(), compat.end());
    } else {
      same_scenarios.push_back(name + (unobserved_rows ? " (" + std::to_string(unobserved_rows) + " of the model's outcomes not seen)" : ""));
    }
    misses += scenario_misses;
    missed_scenarios += scenario_misses ? 1 : 0;
    over += unobserved_rows ? 1 : 0;
    test.ok = scenario_misses == 0 && kr.harness_failure.empty() && !kr.cancelled;
    test.diagnostics.push_back(text.str());
    if (!ktap) out << text.str() << "\n" << std::flush;
    tests.push_back(std::move(test));
    if (interrupted) break;
  }
  json << "\n  ],\n  \"misses\": " << misses << ",\n  \"rejected\": " << rejected << "\n}\n";
  std::ostringstream summary;
  summary << "conform: " << scenarios << " scenarios, " << ran << " run (" << total_runs << " runs, " << std::fixed
          << std::setprecision(1) << seconds << " s), " << rejected << " rejected; " << misses << " missed outcomes in "
          << missed_scenarios << " scenarios; " << over << " scenarios with predicted outcomes never observed";
  if (ktap) {
    out << kernel::to_ktap(tests) << "# " << summary.str() << "\n";
  } else {
    out << summary.str() << "\n";
  }
  if (request.compat && !ktap) {
    // What userland saw change: the scenarios where this kernel showed an outcome the older model
    // does not allow, outcome by outcome.
    out << "\ncompatibility with " << request.model << ": " << same_scenarios.size() << " scenarios kept their outcomes, "
        << missed_scenarios << " changed\n";
    for (const std::string& n : same_scenarios) out << "  same: " << n << "\n";
    if (!changed_rows.empty()) {
      out << "\n| scenario | outcome | " << request.model << " allows | runs on this kernel |\n|---|---|---|---|\n";
      for (const compat_row& r : changed_rows)
        out << "| " << r.scenario << " | " << r.outcome << " | " << (r.predicted ? "yes" : "**no**") << " | " << r.runs
            << " |\n";
    }
  }
  if (!request.kernel.json_path.empty()) {
    std::string error;
    if (!report::write_file_atomically(request.kernel.json_path, json.str(), &error)) {
      std::cerr << "ptmc: error: " << error << "\n";
      return exit_code(run_outcome::bad_input);
    }
  }
  if (interrupted) {
    std::cerr << "ptmc conform: interrupted; every process of the run was killed and reaped\n";
    return exit_code(run_outcome::limit_reached);
  }
  if (misses > 0 && !request.compat) return exit_code(run_outcome::violation);
  if (bad) return exit_code(run_outcome::bad_input);
  return exit_code(run_outcome::all_hold);
}

}  // namespace

void register_conform(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"conform", "compare a model's predicted scenario outcomes with the running kernel's",
            "Runs each scenario against the model (every predicted final and stuck outcome) and on this "
            "machine's kernel (as run-kernel does), and compares them on the registers and the bound "
            "observations: an observed outcome the model does not allow is a miss (exit code 1, with the "
            "run's seed and raw log); predicted outcomes never observed are listed with the model's counts "
            "(over-approximation, or races too rare for the runs made). Exit code 2 when a scenario cannot "
            "be bound or ptrace is not permitted (and there is no miss), 3 when interrupted.",
            "ptmc conform spec/linux-6.18.ptm spec/scenarios/pt-*.ptl --runs 50"});
  auto request = std::make_shared<conform_request>();
  sub->add_option("model", request->model, "the model (.ptm)")->required();
  sub->add_option("scenarios", request->kernel.scenarios, "scenarios (.ptl)")->required();
  add_kernel_options(*sub, request->kernel);
  sub->add_flag("--compat", request->compat,
                "the model is an older kernel's: outcomes it does not allow are what changed, not misses (exit "
                "code 0); print which scenarios kept their outcomes and a table of the changed ones");
  sub->callback([request, &context] { context.exit_code = run_conform(*request); });
}

}  // namespace ptmc::cli

// ptmc run-kernel: run scenarios on the running Linux kernel and list their outcomes herd7-style.
#include <unistd.h>

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

struct scenario_report {
  std::string name, path;
  bool rejected = false;
  std::string rejection;
  kernel::scenario_result result;
  std::vector<std::pair<std::string, verdict>> conditions;
  bool hang_fails = false;       // hung runs without `allow hang;`
  std::uint64_t seed = 0;
  std::vector<std::string> names;
};

std::string json_of(const std::vector<scenario_report>& reports, const std::string& kernel_release, int runs,
                    int jitter) {
  std::ostringstream j;
  j << "{\n  \"format\": \"ptmc-kernel-outcomes\",\n  \"kernel\": " << json_string(kernel_release)
    << ",\n  \"runs\": " << runs << ",\n  \"jitter_us\": " << jitter << ",\n  \"scenarios\": [";
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const scenario_report& r = reports[i];
    j << (i ? "," : "") << "\n    {\"name\": " << json_string(r.name) << ", \"file\": " << json_string(r.path);
    if (r.rejected) {
      j << ", \"status\": \"rejected\", \"reason\": " << json_string(r.rejection) << "}";
      continue;
    }
    j << ", \"status\": " << json_string(r.result.harness_failure.empty() ? (r.result.cancelled ? "interrupted" : "ran")
                                                                        : "harness-failure")
      << ", \"seed\": " << r.seed << ", \"runs_done\": " << r.result.runs_done << ", \"outcomes\": [";
    for (std::size_t k = 0; k < r.result.outcomes.size(); ++k) {
      const kernel::outcome_count& oc = r.result.outcomes[k];
      j << (k ? "," : "") << "\n      {\"count\": " << oc.count << ", \"first_seed\": " << oc.first_seed
        << ", \"hang\": " << (oc.out.hang ? "true" : "false") << ", \"values\": {";
      bool first = true;
      for (const std::string& n : r.names) {
        const auto it = oc.out.values.find(n);
        if (it == oc.out.values.end()) continue;
        j << (first ? "" : ", ") << json_string(n) << ": " << json_string(it->second);
        first = false;
      }
      j << "}";
      if (oc.out.hang) j << ", \"blocked\": " << json_string(oc.out.blocked);
      j << "}";
    }
    j << "], \"conditions\": [";
    for (std::size_t k = 0; k < r.conditions.size(); ++k)
      j << (k ? ", " : "") << "{\"condition\": " << json_string(r.conditions[k].first)
        << ", \"verdict\": " << json_string(std::string(to_string(r.conditions[k].second))) << "}";
    j << "]";
    if (!r.result.harness_failure.empty()) j << ", \"harness_failure\": " << json_string(r.result.harness_failure);
    j << "}";
  }
  j << "\n  ]\n}\n";
  return j.str();
}

int run_kernel(const kernel_request& request) {
  const kernel::preflight_result pf = kernel::preflight();
  if (!pf.ok) {
    std::cerr << "ptmc run-kernel: error: cannot run scenarios on this kernel: " << pf.reason << "\n";
    if (request.ktap) {
      std::vector<kernel::ktap_test> tests;
      for (const std::string& p : request.scenarios) tests.push_back({p, false, pf.reason, {}});
      std::cout << kernel::to_ktap(tests);
    }
    return exit_code(run_outcome::bad_input);
  }
  const std::uint64_t seed = choose_seed(request);
  const kernel::run_options opts = run_options_of(request, seed);
  std::ostream& out = std::cout;
  if (!request.ktap)
    out << "kernel Linux " << pf.kernel << "; seed " << seed << ", " << request.runs << " runs per scenario, jitter "
        << request.jitter_us << " us" << (request.pin ? ", pinned to one CPU" : "") << "\n\n";

  std::vector<scenario_report> reports;
  std::vector<kernel::ktap_test> tests;
  bool bad = false, failed = false, interrupted = false;
  for (const std::string& path : request.scenarios) {
    if (opts.cancel && *opts.cancel) {
      interrupted = true;
      break;
    }
    scenario_report rep;
    rep.path = path;
    rep.seed = seed;
    kernel_scenario ks = load_kernel_scenario(path, "");
    rep.name = ks.scenario ? ks.scenario->name : path;
    kernel::ktap_test test;
    test.name = rep.name;
    if (!ks.bound) {
      rep.rejected = true;
      rep.rejection = ks.rejection;
      std::cerr << ks.rejection;
      if (!request.ktap) out << "scenario " << rep.name << " (" << path << "): REJECTED, not bindable to the kernel\n\n";
      std::string first = ks.rejection.substr(0, ks.rejection.find('\n'));
      test.skip_reason = "not bindable to the kernel: " + first;
      test.diagnostics.push_back(ks.rejection);
      tests.push_back(std::move(test));
      reports.push_back(std::move(rep));
      bad = true;
      continue;
    }
    const kernel::bound_scenario& b = *ks.bound;
    rep.names = b.outcome_names;
    rep.result = kernel::run_scenario(b, opts);
    std::ostringstream listing;
    listing << "scenario " << b.name << " (" << path << ") for " << b.model_name << " NTHREADS=" << b.nthreads
            << " USR1=" << b.usr1 << "\n";
    listing << "runs: " << rep.result.runs_done << " in " << std::fixed << std::setprecision(1) << rep.result.seconds
            << " s\n";
    std::uint64_t completed = 0, hung = 0;
    std::vector<const kernel::outcome*> finals;
    for (const auto& oc : rep.result.outcomes) {
      if (oc.out.hang) hung += oc.count;
      else {
        completed += oc.count;
        finals.push_back(&oc.out);
      }
    }
    listing << "outcomes (" << completed << " completed runs" << (hung ? ", " + std::to_string(hung) + " hung" : "")
            << "):\n";
    bool unmapped = false;
    for (const auto& oc : rep.result.outcomes) {
      if (oc.out.hang) continue;
      listing << "  " << std::right << std::setw(6) << oc.count << "  " << kernel::outcome_text(oc.out, b.outcome_names)
              << "\n";
      for (const auto& [n, v] : oc.out.values) unmapped |= v.rfind("unmapped", 0) == 0;
    }
    if (hung) {
      listing << "hung (" << hung << (hung == 1 ? " run" : " runs") << "):\n";
      for (const auto& oc : rep.result.outcomes)
        if (oc.out.hang)
          listing << "  " << std::right << std::setw(6) << oc.count << "  "
                  << kernel::outcome_text(oc.out, b.outcome_names) << "\n";
    }
    verdict overall = verdict::holds;
    for (const lang::decl* c : b.conditions) {
      const verdict v = kernel::condition_verdict(c->cond, *c->value, finals);
      rep.conditions.push_back({kernel::condition_text(*c), v});
      listing << "  " << std::left << std::setw(9) << verdict_word(v) << " " << kernel::condition_text(*c) << "\n";
      overall = combine(overall, v);
    }
    if (hung && !b.allow_hang) {
      rep.hang_fails = true;
      listing << "  " << std::left << std::setw(9) << "VIOLATED" << " hang: " << hung
              << " runs ended with a program blocked (the scenario does not say 'allow hang;')\n";
      overall = combine(overall, verdict::violated);
    }
    if (unmapped) listing << "  note: some results have no name in the model (unmapped)\n";
    if (!rep.result.harness_failure.empty()) {
      listing << "  HARNESS FAILURE: " << rep.result.harness_failure << "\n";
      bad = true;
    }
    if (rep.result.cancelled) {
      listing << "  interrupted after " << rep.result.runs_done << " runs\n";
      interrupted = true;
    }
    if (overall == verdict::violated) failed = true;
    if (!request.ktap) out << listing.str() << "\n" << std::flush;
    test.ok = overall != verdict::violated && rep.result.harness_failure.empty() && !rep.result.cancelled;
    test.diagnostics.push_back(listing.str());
    tests.push_back(std::move(test));
    reports.push_back(std::move(rep));
    if (interrupted) break;
  }
  if (request.ktap) out << kernel::to_ktap(tests);
  if (!request.json_path.empty()) {
    std::string error;
    if (!report::write_file_atomically(request.json_path, json_of(reports, pf.kernel, request.runs, request.jitter_us),
                                       &error)) {
      std::cerr << "ptmc: error: " << error << "\n";
      return exit_code(run_outcome::bad_input);
    }
  }
  if (interrupted) {
    std::cerr << "ptmc run-kernel: interrupted; every process of the run was killed and reaped\n";
    return exit_code(run_outcome::limit_reached);
  }
  if (!request.ktap) {
    out << "verdict: " << (failed ? "VIOLATED" : bad ? "INCOMPLETE (scenarios rejected or harness failures)" : "all hold")
        << "\n";
  }
  if (bad) return exit_code(run_outcome::bad_input);
  return exit_code(failed ? run_outcome::violation : run_outcome::all_hold);
}

}  // namespace

void register_run_kernel(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"run-kernel", "run scenarios on the running Linux kernel and list their outcomes",
            "Runs each scenario's programs as real processes and syscalls on this machine's kernel (Linux 6, "
            "root or CAP_SYS_PTRACE): the traced process with its threads, its real parent PARENT and a second "
            "process TRACER; many runs with random delays between statements. Lists the distinct outcomes with "
            "counts, herd7-style, and evaluates the scenario's conditions on them. A scenario that uses what "
            "has no real counterpart (see checker/kernel/README.md) is rejected with its location. Exit code 0 "
            "when the conditions hold, 1 when one fails, 2 when a scenario is rejected or ptrace is not "
            "permitted, 3 when interrupted.",
            "ptmc run-kernel spec/scenarios/pt-detach-stopped.ptl --runs 50"});
  auto request = std::make_shared<kernel_request>();
  sub->add_option("scenarios", request->scenarios, "scenarios (.ptl)")->required();
  add_kernel_options(*sub, *request);
  sub->callback([request, &context] { context.exit_code = run_kernel(*request); });
}

}  // namespace ptmc::cli

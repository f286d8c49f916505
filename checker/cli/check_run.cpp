// Running checks from the command line.
#include "cli/check_run.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <limits>
#include <sstream>

#include "base/status.h"
#include "base/version.h"
#include "cli/driver.h"
#include "cli/options.h"
#include "lang/ast.h"
#include "props/check.h"
#include "report/atomic_file.h"
#include "report/itf.h"
#include "report/json_summary.h"
#include "report/junit.h"
#include "report/sarif.h"
#include "report/summary.h"

namespace ptmc::cli {
namespace {

std::string kind_name(props::finding_kind k) {
  switch (k) {
    case props::finding_kind::invariant: return "invariant";
    case props::finding_kind::leads_to: return "leads-to";
    case props::finding_kind::model_error: return "model-error";
    case props::finding_kind::hang: return "deadlock";
    case props::finding_kind::condition: return "scenario";
    case props::finding_kind::coverage: return "coverage";
  }
  return "invariant";
}


// A file-name-safe form of a property or condition name.
std::string file_safe(const std::string& s) {
  std::string out;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    out += ok ? c : '_';
  }
  while (out.find("__") != std::string::npos) out.replace(out.find("__"), 2, "_");
  if (out.size() > 60) out.resize(60);
  return out;
}

std::string mib(std::uint64_t bytes) {
  std::ostringstream s;
  s << std::fixed << std::setprecision(1) << static_cast<double>(bytes) / (1024.0 * 1024.0) << " MiB";
  return s.str();
}

std::string location(const ir::source_loc& l) {
  if (l.file.empty()) return "";
  return l.file + ":" + std::to_string(l.line);
}

// A year: a longer time limit is surely a typo.
constexpr double max_time_limit_seconds = 365.0 * 24 * 3600;

struct run_spec {
  std::optional<std::string> scenario;
};

}  // namespace

std::string verdict_word(verdict v) {
  switch (v) {
    case verdict::holds: return "holds";
    case verdict::violated: return "VIOLATED";
    case verdict::unknown: return "UNKNOWN";
    case verdict::vacuous: return "VACUOUS";
  }
  return "UNKNOWN";
}

void add_check_options(CLI::App& sub, check_request& request) {
  sub.add_option("files", request.files, "the model or proposal (.ptm), then property files (.inv) and scenarios (.ptl)")
      ->required();
  sub.add_option("--param", request.params, "set a model parameter, NAME=VALUE (repeatable)");
  sub.add_option("--out", request.out_dir, "directory for counterexample files (ITF JSON)");
  sub.add_option("--junit", request.junit_path, "write a JUnit XML report to this file")
      ->check(report_path());
  sub.add_option("--sarif", request.sarif_path, "write a SARIF 2.1.0 report to this file")
      ->check(report_path());
  // Zero and negative limits are refused rather than read as "no limit"; the memory limit must still fit
  // in bytes, and the time limit must be a real, positive number of seconds (not nan or inf).
  sub.add_option("--max-states", request.max_states, "stop after storing this many states (exit 3)")
      ->check(unsigned_in(1, std::numeric_limits<std::uint64_t>::max()));
  sub.add_option("--max-memory", request.max_memory_mib,
                 "stop when the state store reaches this many MiB (exit 3)")
      ->check(unsigned_in(1, std::numeric_limits<std::uint64_t>::max() >> 20));
  sub.add_option("--time-limit", request.time_limit_seconds, "stop after this many seconds (exit 3)")
      ->check(positive_seconds(max_time_limit_seconds));
  sub.add_flag("--no-symmetry", request.no_symmetry, "explore without symmetry reduction");
  sub.add_option("--env-calls", request.env_calls,
                 "without a scenario: the most general environment issues up to N syscalls (default 2)")
      ->check(integer_in(0, std::numeric_limits<int>::max()));
  sub.add_flag("--no-hang-check", request.no_hangs, "do not report userland programs blocked forever");
  sub.add_flag("--require-coverage", request.require_coverage, "fail when a model rule never fires");
  sub.add_flag("--fail-vacuous", request.fail_vacuous,
               "fail (exit 1) when a property holds only vacuously: its trigger or premise never holds");
  sub.add_flag("--quiet", request.quiet_progress, "no progress lines on stderr");
  sub.add_option("--dot", request.dot_path, "draw the state graph to this Graphviz file (small models only)")
      ->check(report_path());
  sub.add_option("--json", request.json_path, "write a machine-readable summary (JSON) to this file")
      ->check(report_path());
  sub.add_flag("--timings", request.timings,
               "also report wall time, time spent in Z3 and the cost of leads-to checks (not byte-stable)");
}

check_totals run_checks(const check_request& request, std::ostream& out, std::ostream& err) {
  check_totals totals;
  const int bad_input = exit_code(run_outcome::bad_input);

  run_request base;
  std::vector<run_spec> runs;
  for (std::size_t i = 0; i < request.files.size(); ++i) {
    const std::string& f = request.files[i];
    lang::file_kind kind{};
    if (!lang::file_kind_from_path(f, &kind)) {
      err << "ptmc: error: '" << f << "' is not a .ptm, .inv or .ptl file\n";
      totals.exit_code = bad_input;
      return totals;
    }
    if (i == 0) {
      if (kind != lang::file_kind::model) {
        err << "ptmc: error: the first file must be the model (.ptm), got '" << f << "'\n";
        totals.exit_code = bad_input;
        return totals;
      }
      base.model_path = f;
    } else if (kind == lang::file_kind::properties) {
      base.property_paths.push_back(f);
    } else if (kind == lang::file_kind::scenario) {
      runs.push_back({f});
    } else {
      err << "ptmc: error: only one model per check, got a second one '" << f << "'\n";
      totals.exit_code = bad_input;
      return totals;
    }
  }
  std::string param_error;
  if (!parse_params(request.params, base.params, &param_error)) {
    err << "ptmc: error: " << param_error << "\n";
    totals.exit_code = bad_input;
    return totals;
  }
  if (runs.empty()) runs.push_back({std::nullopt});
  // The time limit covers every run of the request and every phase of each, not only the searches.
  const deadline until = request.until.set() ? request.until : deadline::after(request.time_limit_seconds);

  verdict overall = verdict::holds;
  std::size_t vacuous = 0;
  report::check_summary summary;
  summary.run.model_file = base.model_path;
  summary.run.fail_vacuous = request.fail_vacuous;
  bool complete = true;

  for (const run_spec& spec : runs) {
    run_request rr = base;
    rr.scenario_path = spec.scenario;
    rr.env_calls = spec.scenario ? -1 : request.env_calls;
    source_manager sources;
    diagnostics diags;
    std::unique_ptr<loaded_run> run = load_run(rr, sources, diags);
    diags.print(err);
    if (!run) {
      totals.exit_code = bad_input;
      return totals;
    }
    const ir::model& m = run->lowered->model;

    props::check_options opts;
    opts.search.max_states = request.max_states;
    opts.search.max_memory_bytes = request.max_memory_mib * 1024 * 1024;
    opts.until = until;
    opts.search.symmetry = !request.no_symmetry;
    opts.hangs = !request.no_hangs && !(run->scenario && run->scenario->allow_hang);
    opts.require_coverage = request.require_coverage;
    opts.dot = !request.dot_path.empty();
    // Leads-to properties with a state trigger are checked; the others are reported below.
    std::vector<const lower::liveness_property*> unchecked;
    for (const auto& lp : run->lowered->liveness) {
      if (!lp.trigger) {
        unchecked.push_back(&lp);
        continue;
      }
      opts.leads_to.push_back({lp.name, lp.doc, *lp.trigger, lp.target, lp.where});
    }
    if (!request.quiet_progress) {
      opts.search.on_progress = [&err](const explore::progress& p) {
        err << "progress: " << p.states << " states, depth " << p.depth << ", "
            << static_cast<std::uint64_t>(p.states_per_second) << " states/s, " << mib(p.memory_bytes) << "\n";
      };
    }
    const props::check_result result = props::check(m, opts);
    if (opts.dot) {
      std::string dot_file = request.dot_path;
      if (runs.size() > 1) dot_file += "." + m.scenario;   // one picture per run
      std::string error;
      if (!result.dot.empty() && !report::write_file_atomically(dot_file, result.dot, &error)) {
        err << "ptmc: error: " << error << "\n";
        totals.exit_code = bad_input;
        return totals;
      }
      if (result.dot.empty()) err << "ptmc: note: no picture: " << result.dot_note << "\n";
    }
    const bool run_complete = result.status == explore::completion::complete;
    complete = complete && run_complete;
    summary.run.model = m.name;
    summary.run.params = m.params;

    // Header and search statistics.
    out << "model " << m.name;
    if (m.chain.size() > 1) {
      out << " (extends";
      for (std::size_t i = 1; i < m.chain.size(); ++i) out << " " << m.chain[i];
      out << ")";
    }
    for (const auto& [name, value] : m.params) out << " " << name << "=" << value;
    out << "\n";
    if (spec.scenario)
      out << "scenario " << m.scenario << "\n";
    else
      out << "environment: any syscall, up to " << rr.env_calls << " calls\n";
    const auto& s = result.search;
    out << "search: " << (s.complete() ? "complete" : "INCOMPLETE (" + explore::to_string(s.status) + ")") << ", "
        << s.states << " states, " << s.transitions << " transitions, depth " << s.max_depth << ", symmetry "
        << (result.symmetry ? "on" : "off") << "\n";
    if (result.symmetry_off_for_leads_to)
      out << "note: symmetry reduction is off: leads-to properties are checked with weak fairness per process, "
             "on the full state graph\n";
    if (!s.complete())
      out << "search incomplete: only a violation is a verdict; a property not violated in the states explored is "
             "UNKNOWN\n";
    if (!result.cut_short_in.empty())
      out << "incomplete: " << explore::to_string(result.status) << " during " << result.cut_short_in
          << "; what it did not decide is UNKNOWN\n";
    if (request.timings) {
      out << "time: " << std::fixed << std::setprecision(3) << s.elapsed_seconds << " s, "
          << static_cast<std::uint64_t>(s.elapsed_seconds > 0 ? static_cast<double>(s.states) / s.elapsed_seconds : 0)
          << " states/s, store " << mib(s.peak_memory_bytes) << "\n";
      if (result.leads_to) {
        const props::leads_to_cost& c = *result.leads_to;
        out << "leads-to: graph of " << c.edges << " edges built in " << std::fixed << std::setprecision(3)
            << c.graph_seconds << " s, " << mib(c.graph_bytes) << "; check " << c.check_seconds << " s, "
            << mib(c.check_bytes) << "\n";
      }
    }
    report::run_stats stats;
    stats.scenario = m.scenario;
    stats.env_calls = rr.env_calls;
    stats.status = run_complete ? "complete" : explore::to_string(result.status);
    stats.states = s.states;
    stats.transitions = s.transitions;
    stats.max_depth = s.max_depth;
    stats.symmetry = result.symmetry;
    stats.rules = result.coverage.size();
    for (const auto& row : result.coverage) stats.rules_fired += row.fired > 0 ? 1 : 0;
    if (request.timings) stats.seconds = s.elapsed_seconds;
    summary.runs.push_back(std::move(stats));

    // Findings.
    const std::string prefix = m.name + (m.scenario.empty() ? "" : "--" + m.scenario);
    for (const props::finding& f : result.findings) {
      // The outcome listing shows every condition, and whatever else makes the run fail or undecided
      // (a hang, a model error, a failed expect), so that its verdict always has a reason beside it.
      if (request.outcomes_only && f.kind != props::finding_kind::condition &&
          (f.result == verdict::holds || f.result == verdict::vacuous))
        continue;
      out << "  " << std::left << std::setw(9) << verdict_word(f.result) << " " << f.name;
      vacuous += f.result == verdict::vacuous ? 1 : 0;
      std::string trace_path;
      if (f.trace && !request.out_dir.empty()) {
        report::trace_meta meta = report::meta_from_model(m);
        meta.scenario = m.scenario;
        meta.property = f.name;
        meta.property_kind = kind_name(f.kind);
        meta.property_doc = f.doc;
        meta.sources.push_back(base.model_path);
        for (const auto& p : base.property_paths) meta.sources.push_back(p);
        if (spec.scenario) meta.sources.push_back(*spec.scenario);
        meta.env_calls = rr.env_calls;
        trace_path = (std::filesystem::path(request.out_dir) / (prefix + "--" + file_safe(f.name) + ".itf.json")).string();
        std::string error;
        if (!report::write_file_atomically(trace_path, report::to_itf_json(m, *f.trace, meta), &error)) {
          err << "ptmc: error: " << error << "\n";
          totals.exit_code = bad_input;
          return totals;
        }
      }
      if (f.kind == props::finding_kind::invariant && f.result == verdict::holds) {
        out << "  (" << f.projections << " projections to Z3";
        if (request.timings) out << ", " << std::fixed << std::setprecision(1) << f.solver_seconds * 1000 << " ms";
        out << ")";
      }
      if (!f.message.empty() && f.result != verdict::holds) out << ": " << f.message;
      if (f.trace) out << " [" << f.trace->steps.size() << " steps" << (trace_path.empty() ? "" : ": " + trace_path) << "]";
      out << "\n";
      report::property_result pr;
      pr.name = (m.scenario.empty() ? "" : m.scenario + ": ") + f.name;
      pr.kind = kind_name(f.kind);
      pr.doc = f.doc;
      pr.result = f.result;
      pr.message = f.message;
      pr.trace_path = trace_path;
      pr.location = f.where;
      pr.scenario = m.scenario;
      pr.projections = f.projections;
      if (request.timings) pr.solver_seconds = f.solver_seconds;
      if (!run_complete && f.result == verdict::unknown) {
        pr.within_states = s.states;
        pr.limit = explore::to_string(result.status);
      }
      if (f.trace && !f.trace->steps.empty()) {
        const auto t = f.trace->steps.back().transition;
        if (t < m.transitions.size()) pr.location = m.transitions[t].where;
      }
      summary.properties.push_back(std::move(pr));
    }

    // A leads-to property the lowering delivers without a state trigger cannot be checked: say so,
    // and never let it read as holding.
    for (const lower::liveness_property* lp : unchecked) {
      const std::string why = "the lowering gives this leads-to property no state trigger: not checked";
      out << "  " << std::left << std::setw(9) << verdict_word(verdict::unknown) << " " << lp->name << ": " << why
          << "\n";
      report::property_result pr;
      pr.name = (m.scenario.empty() ? "" : m.scenario + ": ") + lp->name;
      pr.kind = "leads-to";
      pr.doc = lp->doc;
      pr.result = verdict::unknown;
      pr.message = why;
      pr.location = lp->where;
      pr.scenario = m.scenario;
      summary.properties.push_back(std::move(pr));
      overall = combine(overall, verdict::unknown);
    }

    // Scenario outcomes, herd7-style.
    if (!m.scenario.empty()) {
      out << "outcomes (" << result.final_states << " final states";
      if (result.hang_states) out << ", " << result.hang_states << " stuck";
      if (!s.complete()) out << ", search incomplete: there may be more";
      out << "):\n";
      auto print_values = [&](std::uint64_t count, const std::vector<std::string>& values) {
        out << "  " << std::right << std::setw(6) << count << "  ";
        for (std::size_t i = 0; i < values.size(); ++i)
          out << (i ? "; " : "") << result.observation_names[i] << "=" << values[i];
      };
      for (const auto& row : result.outcomes) {
        print_values(row.count, row.values);
        out << "\n";
      }
      // Stuck states (a hang, or blocked on purpose under `allow hang;`): what they show and where
      // each unfinished program waits.
      if (!result.stuck.empty()) {
        std::uint64_t listed = 0;
        for (const auto& row : result.stuck) listed += row.count;
        out << "stuck (" << result.hang_states << (result.hang_states == 1 ? " state" : " states")
            << (listed < result.hang_states ? ", the first " + std::to_string(listed) + " listed" : "") << "):\n";
        for (const auto& row : result.stuck) {
          print_values(row.count, row.values);
          out << (row.values.empty() ? "" : "; ") << "blocked: " << row.blocked << "\n";
        }
      }
    }

    // Coverage.
    if (!request.outcomes_only) {
      std::size_t fired = 0;
      for (const auto& row : result.coverage) fired += row.fired > 0 ? 1 : 0;
      out << "coverage: " << fired << " of " << result.coverage.size() << " model rules fired\n";
      std::size_t listed = 0;
      for (const auto& row : result.coverage) {
        if (row.fired > 0) continue;
        if (listed++ == 20) {
          out << "  ...\n";
          break;
        }
        out << "  never fired: " << row.name << " (" << location(row.where) << ")\n";
      }
    }
    out << "\n";
    overall = combine(overall, result.overall);
  }

  summary.run.complete = complete;
  auto write_report = [&](const std::string& path, const std::string& content) {
    if (path.empty()) return true;
    std::string error;
    if (report::write_file_atomically(path, content, &error)) return true;
    err << "ptmc: error: " << error << "\n";
    return false;
  };
  if (!write_report(request.junit_path, report::to_junit_xml(summary)) ||
      !write_report(request.sarif_path, report::to_sarif_json(summary)) ||
      !write_report(request.json_path, report::to_json_summary(summary))) {
    totals.exit_code = bad_input;
    return totals;
  }

  const vacuity_policy vacuity = request.fail_vacuous ? vacuity_policy::fail : vacuity_policy::pass;
  out << "verdict: ";
  switch (overall) {
    case verdict::holds: out << "all hold"; break;
    case verdict::vacuous: out << (vacuity == vacuity_policy::fail ? "VACUOUS (--fail-vacuous)" : "all hold"); break;
    case verdict::violated: out << "VIOLATED"; break;
    case verdict::unknown: out << "UNKNOWN (not everything was decided)"; break;
  }
  if (vacuous > 0) out << ", " << vacuous << " vacuous";
  out << "\n";
  totals.exit_code = exit_code(outcome_of(overall, vacuity));
  totals.summary = std::move(summary);
  return totals;
}

std::optional<scenario_prediction> predict_outcomes(const std::string& model, const std::string& scenario,
                                                    std::ostream& err) {
  run_request rr;
  rr.model_path = model;
  rr.scenario_path = scenario;
  rr.env_calls = -1;
  source_manager sources;
  diagnostics diags;
  std::unique_ptr<loaded_run> run = load_run(rr, sources, diags);
  diags.print(err);
  if (!run) return std::nullopt;
  const ir::model& m = run->lowered->model;
  props::check_options opts;
  opts.hangs = false;   // stuck states are listed either way; a hang is judged by the caller
  const props::check_result result = props::check(m, opts);
  scenario_prediction p;
  p.model = m.name;
  p.names = result.observation_names;
  p.outcomes = result.outcomes;
  p.stuck = result.stuck;
  p.final_states = result.final_states;
  p.hang_states = result.hang_states;
  p.complete = result.status == explore::completion::complete;
  return p;
}

}  // namespace ptmc::cli

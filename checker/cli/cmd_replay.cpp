// ptmc replay: re-execute a counterexample through the model and confirm it.
#include <algorithm>
#include <iostream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/commands.h"
#include "cli/driver.h"
#include "cli/options.h"
#include "ir/exec.h"
#include "ir/state.h"
#include "props/check.h"
#include "report/itf.h"
#include "report/itf_reader.h"

namespace ptmc::cli {

namespace {

struct replay_options {
  std::string trace_file;
  std::vector<std::string> files;
};

// Collects the one run a replay produces.
struct one_run final : ir::successor_sink {
  std::optional<ir::packed_state> state;
  std::vector<explore::emitted_event> events;
  std::optional<std::string> error;
  std::size_t words = 0;

  void on_step(const ir::step_view& step) override {
    state.emplace(step.state, step.state + words);
    events.clear();
    for (const auto& e : step.events) {
      const auto args = step.args_of(e);
      events.push_back({e.event, std::vector<ir::value>(args.begin(), args.end())});
    }
  }
  void on_error(const ir::step_error& e) override { error = e.message; }
};

// Any run at all from a state (for the "stuck" claim).
// Whether a state can move: some run from it ends in a model error or reaches another state (the
// check's "terminal" is quiescent: no run, or only self-loops).
struct any_run final : ir::successor_sink {
  explicit any_run(const ir::packed_state& from) : from_(from) {}
  bool found = false;
  void on_step(const ir::step_view& step) override {
    if (!std::equal(from_.begin(), from_.end(), step.state)) found = true;
  }
  void on_error(const ir::step_error&) override { found = true; }

 private:
  const ir::packed_state& from_;
};

// Whether process `p` is enabled in `state`: some transition of it at its pc has a completed run (a
// run that ends in a model error has no successor, so it does not count, as in the check).
bool enabled(ir::executor& exec, const ir::model& m, ir::agent_id a, const ir::packed_state& state) {
  struct completed final : ir::successor_sink {
    bool found = false;
    void on_step(const ir::step_view&) override { found = true; }
    void on_error(const ir::step_error&) override {}
  } probe;
  const ir::process& proc = m.processes[ir::process_of_agent(a)];
  const auto pc = static_cast<std::uint32_t>(ir::read_slot(state.data(), m.slots[proc.pc_slot]));
  if (pc >= proc.by_pc.size()) return false;
  for (const ir::transition_id t : proc.by_pc[pc]) {
    if (ir::agent_of(m, t) != a) continue;
    exec.for_each_successor(state.data(), t, probe);
    if (probe.found) return true;
  }
  return false;
}

// Whether a leads-to trigger or target holds in a state, with the check's reading of a state where
// it cannot be evaluated: the trigger holds there, the target does not.
bool holds_in(const ir::model& m, const ir::packed_state& state, ir::expr_id e, bool is_trigger) {
  const ir::eval_result r = ir::evaluate(m, state.data(), e);
  return r.ok() ? r.v != 0 : is_trigger;
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  std::string item;
  while (std::getline(in, item, ',')) {
    const auto b = item.find_first_not_of(' ');
    if (b != std::string::npos) out.push_back(item.substr(b));
  }
  return out;
}

// A state's model variables, without Quint's mbt:: step records.
std::vector<std::pair<std::string, report::itf_value>> model_values(const report::itf_state& s) {
  std::vector<std::pair<std::string, report::itf_value>> out;
  for (const auto& entry : s.values)
    if (entry.first.rfind("mbt::", 0) != 0) out.push_back(entry);
  return out;
}

// The values of one state as the ITF writer renders them, for comparison with the file.
std::vector<std::pair<std::string, report::itf_value>> rendered(const ir::model& m, const ir::packed_state& s) {
  explore::trace t;
  t.initial = s;
  const std::string json = report::to_itf_json(m, t, report::meta_from_model(m));
  std::string error;
  auto parsed = report::parse_itf(json, "replay", &error);
  if (!parsed) return {};
  return model_values(parsed->states.front());
}

int fail(const std::string& message) {
  std::cout << "replay: FAILED: " << message << "\n";
  return exit_code(run_outcome::violation);
}

int run_replay(const replay_options& options) {
  const int bad_input = exit_code(run_outcome::bad_input);
  std::string error;
  const auto trace = report::read_itf_file(options.trace_file, &error);
  if (!trace) {
    std::cerr << error << "\n";
    return bad_input;
  }

  // The inputs: files named on the command line, else the ones recorded in the trace.
  const std::vector<std::string> files =
      options.files.empty() ? split_list(trace->meta_value("sources")) : options.files;
  run_request request;
  for (const auto& f : files) {
    lang::file_kind kind{};
    if (!lang::file_kind_from_path(f, &kind)) {
      std::cerr << "ptmc replay: error: '" << f << "' is not a .ptm, .inv or .ptl file\n";
      return bad_input;
    }
    if (kind == lang::file_kind::model) request.model_path = f;
    if (kind == lang::file_kind::properties) request.property_paths.push_back(f);
    if (kind == lang::file_kind::scenario) request.scenario_path = f;
  }
  if (request.model_path.empty()) {
    std::cerr << "ptmc replay: error: no model: name it, or use a trace that records its sources\n";
    return bad_input;
  }
  std::vector<std::string> settings;
  for (const auto& p : split_list(trace->meta_value("params"))) settings.push_back(p);
  if (!parse_params(settings, request.params, &error)) {
    std::cerr << "ptmc replay: error: " << error << "\n";
    return bad_input;
  }
  const std::string env = trace->meta_value("env-calls");
  if (!env.empty()) {
    // From the file, not the command line, but parsed as strictly as --env-calls: a tampered value is
    // bad input, not an exception.
    const std::optional<std::int64_t> calls = parse_integer(env, 0, std::numeric_limits<int>::max(), &error);
    if (!calls) {
      std::cerr << "ptmc replay: error: " << options.trace_file << ": env-calls " << error << "\n";
      return bad_input;
    }
    request.env_calls = static_cast<int>(*calls);
  }

  source_manager sources;
  diagnostics diags;
  auto run = load_run(request, sources, diags);
  diags.print(std::cerr);
  if (!run) return bad_input;
  const ir::model& m = run->lowered->model;
  ir::compiled_model compiled(m);
  ir::executor exec(compiled);
  one_run sink;
  sink.words = m.state_words();

  // The initial state, from the init program and its recorded choices.
  auto choices_of = [](const report::itf_step& step) {
    std::vector<std::uint32_t> out;
    for (const auto& [name, value] : step.picks) out.push_back(static_cast<std::uint32_t>(std::stoul(value)));
    return out;
  };
  ir::packed_state zero(m.state_words(), 0);
  exec.replay(zero.data(), ir::init_transition, choices_of(trace->states[0].step), sink);
  if (!sink.state) return fail("the init choices do not give an initial state");
  ir::packed_state state = *sink.state;
  if (rendered(m, state) != model_values(trace->states[0])) return fail("state 0 differs from the model's initial state");
  std::vector<ir::packed_state> visited{state};   // the states of the trace, as re-executed
  std::vector<ir::agent_id> stepping;             // the fairness agent of each step (step i at i - 1)

  const std::string kind = trace->meta_value("kind");
  const std::size_t steps = trace->states.size() - 1;
  bool error_step = false;
  for (std::size_t i = 1; i <= steps; ++i) {
    const report::itf_step& step = trace->states[i].step;
    std::optional<std::uint32_t> process;
    for (std::uint32_t p = 0; p < m.processes.size(); ++p)
      if (m.processes[p].name == step.process) process = p;
    if (!process) return fail("step " + std::to_string(i) + ": no process '" + step.process + "' in the model");
    const ir::process& proc = m.processes[*process];
    const auto pc = static_cast<std::uint32_t>(ir::read_slot(state.data(), m.slots[proc.pc_slot]));
    const std::vector<std::uint32_t> choices = choices_of(step);
    bool matched = false;
    for (const ir::transition_id t : proc.by_pc[pc]) {
      if (m.transitions[t].name != step.transition) continue;
      sink.state.reset();
      sink.error.reset();
      exec.replay(state.data(), t, choices, sink);
      if (i == steps && kind == "model_error" && sink.error) {
        matched = true;
        error_step = true;
        stepping.push_back(ir::agent_of(m, t));
        break;
      }
      if (sink.state && rendered(m, *sink.state) == model_values(trace->states[i])) {
        state = *sink.state;
        visited.push_back(state);
        stepping.push_back(ir::agent_of(m, t));
        matched = true;
        break;
      }
    }
    if (!matched)
      return fail("step " + std::to_string(i) + " (" + step.process + " " + step.transition +
                  ") is not an execution of the model from the state before it");
  }

  // The claim at the end of the trace.
  const std::string property = trace->meta_value("property");
  std::string claim;
  if (kind == "invariant_violation") {
    std::optional<ir::expr_id> condition;
    for (const auto& inv : m.invariants)
      if (inv.name == property) condition = inv.condition;
    if (!condition) return fail("the model has no invariant '" + property + "'");
    const ir::eval_result r = ir::evaluate(m, state.data(), *condition);
    if (r.ok() && r.v != 0) return fail("invariant '" + property + "' holds in the last state");
    claim = "the last state violates invariant " + property;
  } else if (kind == "model_error") {
    if (!error_step) return fail("the last step does not end in a model error");
    claim = "the last step ends in a model error";
  } else if (kind == "hang") {
    any_run probe(state);
    exec.successors(state.data(), probe);
    if (probe.found || props::programs_finished(m, state.data())) return fail("the last state is not stuck with an unfinished program");
    claim = "the last state is stuck with an unfinished userland program";
  } else if (kind == "scenario") {
    any_run probe(state);
    exec.successors(state.data(), probe);
    if (probe.found || !props::programs_finished(m, state.data())) return fail("the last state is not a final state of the scenario");
    std::optional<const ir::final_condition*> cond;
    for (const auto& c : m.conditions)
      if (props::condition_name(c) == property) cond = &c;
    if (!cond) return fail("the scenario has no condition '" + property + "'");
    const ir::eval_result r = ir::evaluate(m, state.data(), (*cond)->condition);
    const bool satisfied = r.ok() && r.v != 0;
    const bool refutes = (*cond)->kind == ir::condition_kind::forall ? !satisfied : satisfied;
    if (!refutes) return fail("the last state does not refute '" + property + "'");
    claim = "the final state refutes " + property;
  } else if (kind == "lasso" || kind == "stuck") {
    const lower::liveness_property* property_decl = nullptr;
    for (const auto& lp : run->lowered->liveness)
      if (lp.name == property && lp.trigger) property_decl = &lp;
    if (!property_decl) return fail("the model has no leads-to property '" + property + "' with a state trigger");
    const std::string trigger_text = trace->meta_value("trigger-state");
    std::size_t trigger = 0;
    try {
      std::size_t used = 0;
      trigger = std::stoul(trigger_text, &used);
      if (used != trigger_text.size()) throw std::invalid_argument(trigger_text);
    } catch (const std::exception&) {
      return fail("the trace does not name its trigger state (#meta trigger-state)");
    }
    if (trigger > steps) return fail("the trigger state " + trigger_text + " is not a state of the trace");
    if (!holds_in(m, visited[trigger], *property_decl->trigger, true))
      return fail("the trigger of '" + property + "' does not hold in state " + std::to_string(trigger));
    std::size_t target_free_from = trigger;  // the target must not hold in any state from here on
    if (kind == "lasso") {
      if (trace->loop < 0 || static_cast<std::size_t>(trace->loop) >= steps)
        return fail("a lasso needs a loop index before its last state");
      const auto loop = static_cast<std::size_t>(trace->loop);
      if (visited.back() != visited[loop])
        return fail("the last step does not close the loop: the last state is not state " + std::to_string(loop));
      target_free_from = std::min(target_free_from, loop);
      // Weak fairness: every fair agent steps in the loop or is disabled in one of its states.
      for (ir::agent_id a = 0; a < ir::agent_count(m); ++a) {
        if (!ir::agent_is_fair(m, a)) continue;
        bool met = false;
        for (std::size_t i = loop; i < steps && !met; ++i)
          met = stepping[i] == a || !enabled(exec, m, a, visited[i]);
        if (!met)
          return fail("the loop is not fair: process " + ir::agent_name(m, a) +
                      " is enabled in every state of the loop and never steps in it");
      }
      claim = "from state " + std::to_string(trigger) + ", where the trigger of " + property +
              " holds, the loop from state " + std::to_string(loop) + " repeats fairly forever without reaching its target";
    } else {
      for (ir::agent_id a = 0; a < ir::agent_count(m); ++a)
        if (ir::agent_is_fair(m, a) && enabled(exec, m, a, visited.back()))
          return fail("the last state is not stuck: fair process " + ir::agent_name(m, a) + " is enabled");
      claim = "from state " + std::to_string(trigger) + ", where the trigger of " + property +
              " holds, the trace ends where no fair process is enabled, without reaching its target";
    }
    for (std::size_t i = target_free_from; i <= steps; ++i)
      if (holds_in(m, visited[i], property_decl->target, false))
        return fail("the target of '" + property + "' holds in state " + std::to_string(i));
  } else {
    return fail("cannot confirm a trace of kind '" + kind + "'");
  }
  std::cout << "replay: OK: " << steps << " steps are an execution of " << m.name << "; " << claim << "\n";
  return exit_code(run_outcome::all_hold);
}

}  // namespace

void register_replay(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"replay", "re-execute a counterexample through the model and confirm it",
            "Reads a counterexample (ITF JSON) written by ptmc check, loads the model, property files and "
            "scenario it records (or the files given after it) with the parameters it records, re-executes "
            "every step through the model and confirms that each state is the one in the file and that the "
            "trace ends in the violation it claims. Exit code 0 when confirmed, 1 when not, 2 on bad input.",
            "ptmc replay counterexamples/jobctl-toy--stopped_group_stays_stopped.itf.json"});
  auto options = std::make_shared<replay_options>();
  sub->add_option("trace", options->trace_file, "the counterexample file (ITF JSON)")->required();
  sub->add_option("files", options->files, "the model (.ptm), property files and scenario, if not the recorded ones");
  sub->callback([options, &context] { context.exit_code = run_replay(*options); });
}

}  // namespace ptmc::cli

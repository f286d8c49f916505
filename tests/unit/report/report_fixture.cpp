#include "report_fixture.h"

#include <fstream>
#include <sstream>

#include "ir/builder.h"
#include "ir/state.h"
#include "support/golden.h"

namespace ptmc::report::fixture {

namespace {

// Sig and TState constants, by their index in the enum (lower case: <csignal> defines SIGSTOP).
enum sig : ir::value { sig_stop, sig_cont, sig_kill, sig_usr1 };
enum tstate : ir::value { running, stopped, traced, dead };

// The leaves of one task_struct record inside `task` (see values.h for the flattening order).
enum task_leaf : std::uint32_t { state_leaf, pending_leaf, ptraced_leaf, exit_code_leaf, leaves_per_task };

std::uint32_t bit(ir::value v) { return static_cast<std::uint32_t>(1U << v); }

// Writes variable leaves of a packed state by name.
class state_writer {
 public:
  explicit state_writer(const ir::model& m) : m_(m), state_(m.state_words(), 0) {}
  state_writer(const ir::model& m, ir::packed_state from) : m_(m), state_(std::move(from)) {}

  state_writer& set(const std::string& var, std::uint32_t leaf, ir::value v) {
    for (const ir::variable& candidate : m_.variables) {
      if (candidate.name != var) continue;
      EXPECT_LT(leaf, candidate.slot_count) << var;
      const ir::slot& s = m_.slots.at(candidate.first_slot + leaf);
      ir::write_bits(state_.data(), s, ir::encode(s, v));
      return *this;
    }
    ADD_FAILURE() << "no variable " << var;
    return *this;
  }
  state_writer& task(std::uint32_t tid, task_leaf leaf, ir::value v) {
    return set("task", tid * leaves_per_task + leaf, v);
  }
  const ir::packed_state& state() const { return state_; }

 private:
  const ir::model& m_;
  ir::packed_state state_;
};

ir::transition_id transition_named(const ir::model& m, std::string_view name) {
  for (ir::transition_id t = 0; t < m.transitions.size(); ++t) {
    if (m.transitions[t].name == name) return t;
  }
  ADD_FAILURE() << "no transition " << name;
  return 0;
}

std::uint32_t event_named(const ir::model& m, std::string_view name) {
  for (std::uint32_t e = 0; e < m.events.size(); ++e) {
    if (m.events[e].name == name) return e;
  }
  ADD_FAILURE() << "no event " << name;
  return 0;
}

explore::trace_step step(const ir::model& m, std::string_view transition, const state_writer& after) {
  explore::trace_step s;
  s.transition = transition_named(m, transition);
  s.state = after.state();
  return s;
}

explore::emitted_event event(const ir::model& m, std::string_view name, std::vector<ir::value> args) {
  return explore::emitted_event{event_named(m, name), std::move(args)};
}

// initial -> attach -> stop: the common prefix of both traces.
void append_attach_and_stop(const ir::model& m, explore::trace& t) {
  t.initial = state_writer(m).state();
  state_writer attached(m, t.initial);
  attached.set("tracer.pc", 0, 1)
      .task(1, ptraced_leaf, 1)
      .set("tracer_of", 0, 1)
      .set("engines", 0, 1)
      .set("engines", 1, 1);
  t.steps.push_back(step(m, "ptrace_attach", attached));

  state_writer stopped(m, attached.state());
  stopped.set("thread[1].pc", 0, 1)
      .set("thread[1].signr", 0, sig_stop)
      .task(1, state_leaf, traced)
      .task(1, pending_leaf, bit(sig_stop))
      .set("shared_pending", 0, bit(sig_stop) | bit(sig_kill))
      .set("group_stopped", 0, 1)
      .set("group_stop_count", 0, 1);
  explore::trace_step stop = step(m, "do_signal_stop", stopped);
  stop.choices = {1, 0};
  stop.events.push_back(event(m, "wait_stopped", {1, sig_stop}));
  stop.events.push_back(event(m, "signals", {bit(sig_stop) | bit(sig_kill), 1, 1}));
  t.steps.push_back(std::move(stop));
}

}  // namespace

ir::model make_model() {
  ir::builder b("sigkill-detach");
  const ir::type_id sig = b.type_enum("Sig", {"SIGSTOP", "SIGCONT", "SIGKILL", "SIGUSR1"});
  const ir::type_id tstate = b.type_enum("TState", {"RUNNING", "STOPPED", "TRACED", "DEAD"});
  const ir::type_id tid = b.type_symmetric("Tid", 2);
  const ir::type_id boolean = b.type_bool();
  const ir::type_id count = b.type_range(0, 2);
  const ir::type_id sigset = b.type_set(sig);
  const ir::type_id maybe_sig = b.type_optional(sig);
  const ir::type_id task_struct =
      b.type_record("task_struct",
                    {{"state", tstate}, {"pending", sigset}, {"ptraced", boolean}, {"exit_code", maybe_sig}});
  const ir::type_id report = b.type_record("report", {{"sig", sig}, {"count", b.type_range(0, 3)}});

  // The tracer comes first, so its pc precedes the globals in the model: ITF lists globals first.
  const std::uint32_t tracer = b.add_process("tracer", 4, ir::process_role::program);
  b.add_variable("group_stopped", boolean);
  b.add_variable("group_stop_count", count);
  b.add_variable("last_signal", sig);
  b.add_variable("leader", tid);
  b.add_variable("shared_pending", sigset);
  b.add_variable("task", b.type_array(task_struct, tid));
  b.add_variable("engines", b.type_list(tid, 2));
  b.add_variable("tracer_of", b.type_optional(tid));
  b.add_variable("last_report", b.type_optional(report));
  const ir::process_family thread =
      b.add_process_family("thread", b.symmetric_domain_of(tid), 2, {{"signr", maybe_sig}});

  b.add_event("wait_stopped", {{"t", tid}, {"sig", sig}});
  b.add_event("detach", {{"t", tid}, {"sig", maybe_sig}});
  b.add_event("signals", {{"pending", sigset}, {"group", boolean}, {"count", count}});
  b.add_event("resumed");

  const auto at = [&b](ir::transition_id t, std::uint32_t line, std::uint32_t column) {
    b.edit().transitions[t].where = ir::source_loc{"spec/proposals/sigkill-detach.ptm", line, column};
  };
  at(b.add_transition(tracer, 0, "ptrace_attach", {}, 1), 12, 3);
  at(b.add_transition(tracer, 1, "ptrace_detach", {}, 2), 27, 5);
  at(b.add_transition(thread.processes[1], 0, "do_signal_stop", {}, 1), 41, 3);
  at(b.add_transition(thread.processes[1], 1, "do_sigcont", {}, 0), 58, 7);

  ir::model m = b.finish();
  m.chain = {"sigkill-detach", "linux-2.6.32"};
  m.params = {{"NTHREADS", 2}, {"MAXENGINES", 2}};
  return m;
}

explore::trace make_violation_trace(const ir::model& m) {
  explore::trace t;
  t.kind = explore::trace_kind::invariant_violation;
  t.property = "no_thread_runs_while_group_stopped";
  t.message = "thread[1] is running while the group is stopped";
  append_attach_and_stop(m, t);

  state_writer detached(m, t.steps.back().state);
  detached.set("tracer.pc", 0, 2)
      .task(1, state_leaf, running)
      .task(1, ptraced_leaf, 0)
      .task(1, exit_code_leaf, sig_kill)
      .set("tracer_of", 0, ir::none_value)
      .set("engines", 0, 0)
      .set("engines", 1, 0)
      .set("last_report", 0, 1)
      .set("last_report", 1, sig_kill)
      .set("last_report", 2, 2)
      .set("last_signal", 0, sig_kill)
      .set("leader", 0, 1);
  explore::trace_step detach = step(m, "ptrace_detach", detached);
  detach.events.push_back(event(m, "detach", {1, sig_kill}));
  detach.events.push_back(event(m, "detach", {0, ir::none_value}));
  t.steps.push_back(std::move(detach));
  return t;
}

explore::trace make_lasso_trace(const ir::model& m) {
  explore::trace t;
  t.kind = explore::trace_kind::lasso;
  t.property = "stopped_thread_resumes";
  t.message = "thread[1] stops and resumes forever; the group never exits";
  t.init_choices = {0};
  append_attach_and_stop(m, t);
  state_writer resumed(m, t.steps.front().state);  // back to the state after attach
  explore::trace_step cont = step(m, "do_sigcont", resumed);
  cont.events.push_back(event(m, "resumed", {}));
  t.steps.push_back(std::move(cont));
  t.loop_index = 1;
  return t;
}

trace_meta make_meta(const ir::model& m, const explore::trace& t) {
  trace_meta meta = meta_from_model(m);
  meta.ptmc_version = "0.0.0-test";
  meta.proposal = "spec/proposals/sigkill-detach.ptm";
  meta.property_kind = t.kind == explore::trace_kind::lasso ? "leads-to" : "invariant";
  meta.property_doc = t.kind == explore::trace_kind::lasso
                          ? "A stopped thread eventually runs or the group exits."
                          : "While the group is stopped, no thread runs.";
  meta.scenario = t.kind == explore::trace_kind::lasso ? "stop-cont-loop" : "";
  meta.sources = {"spec/proposals/sigkill-detach.ptm", "spec/linux-2.6.32.ptm", "invariants/group-stop.inv"};
  return meta;
}

std::filesystem::path golden_path(std::string_view phase, std::string_view case_name, std::string_view file) {
  return golden::case_dir(phase, case_name) / file;
}

::testing::AssertionResult matches_golden_file(const std::filesystem::path& path, std::string_view actual) {
  if (golden::update_mode()) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << actual;
    out.close();
    if (!out) return ::testing::AssertionFailure() << "cannot write " << path.string();
    return ::testing::AssertionSuccess();
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return ::testing::AssertionFailure()
           << "missing " << path.string() << " (run with PTMC_UPDATE_GOLDEN=1 to create it); actual:\n"
           << actual;
  }
  std::ostringstream expected;
  expected << in.rdbuf();
  if (expected.str() == actual) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "output differs from " << path.string()
         << " (- expected, + actual; PTMC_UPDATE_GOLDEN=1 accepts the actual):\n"
         << golden::diff(expected.str(), actual);
}

}  // namespace ptmc::report::fixture

// The binding: real results mapped to the model's names (or unmapped), and scenarios the kernel
// cannot run rejected at their location.
#include "kernel/binding.h"

#include <gtest/gtest.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <csignal>
#include <fstream>
#include <memory>
#include <sstream>

#include "lang/frontend.h"

namespace ptmc::kernel {
namespace {

const std::vector<std::string> wait_names = {
    "W_STOPPED_SIGSTOP",    "W_STOPPED_SIGUSR1",      "W_STOPPED_SIGCONT",   "W_STOPPED_SIGTRAP",
    "W_STOPPED_TRAP_SYSCALL", "W_STOPPED_TRAP_SYSGOOD", "W_STOPPED_TRAP_EXIT", "W_EVENT_STOP_SIGTRAP",
    "W_EVENT_STOP_SIGSTOP", "W_CONTINUED",            "W_KILLED_SIGKILL",    "W_KILLED_SIGUSR1",
    "W_KILLED_SIGTRAP",     "W_NOTHING",              "W_ECHILD"};
const std::vector<std::string> ret_names = {"OK", "ESRCH", "EPERM", "EIO"};

raw_wait child(int code, int status, int trap_si_code = -1) {
  raw_wait w;
  w.child_pid = 1234;
  w.cld_code = code;
  w.status = status;
  w.trap_si_code = trap_si_code;
  return w;
}

TEST(MapWait, StopsOfTheRealParentAndOfTracers) {
  EXPECT_EQ(map_wait(child(CLD_STOPPED, SIGSTOP), wait_names), "W_STOPPED_SIGSTOP");
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGSTOP), wait_names), "W_STOPPED_SIGSTOP");
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGUSR1), wait_names), "W_STOPPED_SIGUSR1");
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGCONT), wait_names), "W_STOPPED_SIGCONT");
}

TEST(MapWait, PtraceEventStopsByTheirEventAndSignal) {
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTRAP | (PTRACE_EVENT_STOP << 8)), wait_names), "W_EVENT_STOP_SIGTRAP");
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGSTOP | (PTRACE_EVENT_STOP << 8)), wait_names), "W_EVENT_STOP_SIGSTOP");
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTRAP | (PTRACE_EVENT_EXIT << 8)), wait_names), "W_STOPPED_TRAP_EXIT");
  // An event the model has no name for, and an event stop with a signal it has no name for.
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTRAP | (PTRACE_EVENT_CLONE << 8)), wait_names).rfind("unmapped: ", 0), 0u);
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTSTP | (PTRACE_EVENT_STOP << 8)), wait_names).rfind("unmapped: ", 0), 0u);
}

TEST(MapWait, SigtrapStopsToldApartBySiginfo) {
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTRAP | 0x80), wait_names), "W_STOPPED_TRAP_SYSGOOD");
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTRAP, SIGTRAP), wait_names), "W_STOPPED_TRAP_SYSCALL");
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTRAP, 0x80 /* SI_KERNEL */), wait_names), "W_STOPPED_SIGTRAP");
  // Without the siginfo it cannot be told: never guessed.
  EXPECT_EQ(map_wait(child(CLD_TRAPPED, SIGTRAP), wait_names).rfind("unmapped: ", 0), 0u);
}

TEST(MapWait, DeathsContinuedNothingAndEchild) {
  EXPECT_EQ(map_wait(child(CLD_KILLED, SIGKILL), wait_names), "W_KILLED_SIGKILL");
  EXPECT_EQ(map_wait(child(CLD_KILLED, SIGUSR1), wait_names), "W_KILLED_SIGUSR1");
  EXPECT_EQ(map_wait(child(CLD_DUMPED, SIGTRAP), wait_names), "W_KILLED_SIGTRAP");
  EXPECT_EQ(map_wait(child(CLD_CONTINUED, SIGCONT), wait_names), "W_CONTINUED");
  raw_wait nothing;
  nothing.wnohang = true;
  EXPECT_EQ(map_wait(nothing, wait_names), "W_NOTHING");
  nothing.wnohang = false;
  EXPECT_EQ(map_wait(nothing, wait_names).rfind("unmapped: ", 0), 0u);
  raw_wait echild;
  echild.ret = -1;
  echild.err = ECHILD;
  EXPECT_EQ(map_wait(echild, wait_names), "W_ECHILD");
  echild.err = EINVAL;
  EXPECT_EQ(map_wait(echild, wait_names), "unmapped: waitid errno 22 (EINVAL)");
}

TEST(MapWait, WhatTheModelCannotNameIsUnmapped) {
  EXPECT_EQ(map_wait(child(CLD_EXITED, 0), wait_names), "unmapped: exited with status 0");
  const std::string term = map_wait(child(CLD_KILLED, SIGTERM), wait_names);
  EXPECT_EQ(term.rfind("unmapped: W_KILLED_SIGTERM (", 0), 0u) << term;
  // A model without W_NOTHING gets no W_NOTHING.
  raw_wait nothing;
  nothing.wnohang = true;
  EXPECT_EQ(map_wait(nothing, {"W_ECHILD"}).rfind("unmapped: W_NOTHING", 0), 0u);
}

TEST(MapRet, ErrnoToTheModelsRet) {
  EXPECT_EQ(map_ret(0, 0, ret_names), "OK");
  EXPECT_EQ(map_ret(-1, ESRCH, ret_names), "ESRCH");
  EXPECT_EQ(map_ret(-1, EPERM, ret_names), "EPERM");
  EXPECT_EQ(map_ret(-1, EIO, ret_names), "EIO");
  EXPECT_EQ(map_ret(-1, EINVAL, ret_names), "unmapped: errno 22 (EINVAL)");
  EXPECT_EQ(map_ret(-1, EIO, {"OK", "ESRCH", "EPERM"}), "unmapped: errno 5 (EIO)");
  EXPECT_EQ(map_ret(3, 0, ret_names), "unmapped: returned 3");
}

TEST(MapThreadState, ProcLettersToTState) {
  EXPECT_EQ(map_thread_state('R'), "RUNNING");
  EXPECT_EQ(map_thread_state('S'), "RUNNING");
  EXPECT_EQ(map_thread_state('D'), "RUNNING");
  EXPECT_EQ(map_thread_state('T'), "STOPPED");
  EXPECT_EQ(map_thread_state('t'), "TRACED");
  EXPECT_EQ(map_thread_state('Z'), "DEAD");
  EXPECT_EQ(map_thread_state('X'), "DEAD");
  EXPECT_EQ(map_thread_state('\0'), "DEAD");
  EXPECT_EQ(map_thread_state('?'), "unmapped: state '?'");
}

// ---------------------------------------------------------------- binding scenarios

// waitpid as the models declare it: a selector and a set of flags.
std::string wait_call(const std::string& sel, bool wnohang, bool wuntraced) {
  std::string flags;
  if (wnohang) flags += "WNOHANG";
  if (wuntraced) flags += std::string(flags.empty() ? "" : ", ") + "WUNTRACED";
  return "waitpid(" + sel + ", {" + flags + "})";
}

struct bound_text {
  source_manager sources;
  diagnostics diags;
  std::unique_ptr<lang::model_program> model;
  std::unique_ptr<lang::scenario_program> scenario;
  std::optional<bound_scenario> bound;
  bool checked = false;

  std::string printed() const {
    std::ostringstream s;
    diags.print(s);
    return s.str();
  }
};

std::unique_ptr<bound_text> bind_text(const std::string& body) {
  auto b = std::make_unique<bound_text>();
  lang::frontend front(b->sources, b->diags);
  const std::string path = std::string(PTMC_SOURCE_ROOT) + "/spec/scenarios/kernel-unit-test.ptl";
  const source_file* f = b->sources.add(path, "scenario kernel_unit for \"../linux-6.18.ptm\";\n" + body);
  b->scenario = front.parse_scenario(*f);
  if (!b->scenario) return b;
  b->model = front.load_model(std::string(PTMC_SOURCE_ROOT) + "/spec/linux-6.18.ptm", b->scenario->params,
                              b->scenario->param_sites);
  if (!b->model) return b;
  b->checked = front.check_scenario(*b->scenario, *b->model) && !b->diags.has_errors();
  if (b->checked) b->bound = bind(*b->scenario, *b->model, "kernel-unit-test.ptl", b->diags);
  return b;
}

TEST(Bind, ABindableScenarioBecomesRealCalls) {
  auto b = bind_text("param NTHREADS = 2;\nparam USR1 = 2;\n"
                     "program debugger as TRACER {\n"
                     "  s = ptrace_seize(Tid(1), O_TRACEEXIT);\n"
                     "  k = tkill(Tid(1), SIGSTOP);\n"
                     "  r = " + wait_call("none", true, true) + ";\n"
                     "  d = ptrace_detach(Tid(1), SIGUSR1);\n"
                     "  exit_ptrace();\n"
                     "}\n"
                     "program parent as PARENT { repeat 2 { k = kill(SIGCONT); } }\n"
                     "observe fate = state[Tid(1)];\n"
                     "exists (debugger.r == W_NOTHING && fate == RUNNING);\n");
  ASSERT_TRUE(b->checked) << b->printed();
  ASSERT_TRUE(b->bound) << b->printed();
  const bound_scenario& s = *b->bound;
  EXPECT_EQ(s.nthreads, 2);
  EXPECT_EQ(s.usr1, 2);
  ASSERT_EQ(s.programs.size(), 2u);
  const bound_program& d = s.programs[0];
  EXPECT_EQ(d.who, actor::tracer);
  ASSERT_EQ(d.steps.size(), 5u);
  EXPECT_EQ(d.steps[0].call, real_call::ptrace);
  EXPECT_EQ(d.steps[0].request, PTRACE_SEIZE);
  EXPECT_EQ(d.steps[0].data, PTRACE_O_TRACEEXIT);
  EXPECT_EQ(d.steps[0].tid, 1);
  EXPECT_EQ(d.steps[1].call, real_call::tgkill);
  EXPECT_EQ(d.steps[1].signo, SIGSTOP);
  EXPECT_EQ(d.steps[2].call, real_call::wait);
  EXPECT_EQ(d.steps[2].tid, -1);
  EXPECT_EQ(d.steps[2].wait_options, WNOHANG | WSTOPPED);
  EXPECT_EQ(d.steps[2].result, result_kind::wait);
  EXPECT_EQ(d.steps[3].request, PTRACE_DETACH);
  EXPECT_EQ(d.steps[3].data, SIGUSR1);
  EXPECT_EQ(d.steps[4].call, real_call::exit_tracer);
  EXPECT_EQ(s.programs[1].who, actor::parent);
  EXPECT_EQ(s.programs[1].steps.size(), 2u);   // the repeat, unrolled
  ASSERT_EQ(s.observes.size(), 1u);
  EXPECT_EQ(s.observes[0].tid, 1);
  EXPECT_EQ(s.outcome_names,
            (std::vector<std::string>{"debugger.s", "debugger.k", "debugger.r", "debugger.d", "parent.k", "fate"}));
  EXPECT_EQ(s.wait_names.size(), wait_names.size());
  EXPECT_EQ(s.ret_names, ret_names);
}

// Each rejection is located: kind kernel.unbindable at the line and column of what cannot run.
void expect_rejected(const std::string& body, int line, int column, const std::string& message_part) {
  auto b = bind_text(body);
  ASSERT_TRUE(b->checked) << "the scenario itself must be valid:\n" << b->printed();
  EXPECT_FALSE(b->bound);
  bool found = false;
  for (const diagnostic& d : b->diags.all()) {
    if (d.kind != "kernel.unbindable") continue;
    if (static_cast<int>(d.where.line()) == line && static_cast<int>(d.where.column()) == column &&
        d.message.find(message_part) != std::string::npos)
      found = true;
  }
  EXPECT_TRUE(found) << "expected kernel.unbindable at " << line << ":" << column << " with '" << message_part
                     << "', got:\n"
                     << b->printed();
  // Printed the project's way: file:line:col: error: ..., the source line and a caret.
  const std::string printed = b->printed();
  EXPECT_NE(printed.find("kernel-unit-test.ptl:" + std::to_string(line) + ":" + std::to_string(column) + ": error: "),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("^"), std::string::npos) << printed;
}

TEST(Bind, RejectsObservationsProcCannotShow) {
  expect_rejected("program parent as PARENT { k = kill(SIGSTOP); }\n"
                  "observe flag = SIGNAL_STOP_STOPPED in sig_flags;\n"
                  "forall (flag);\n",
                  3, 16, "which /proc cannot show");
  expect_rejected("program parent as PARENT { k = kill(SIGSTOP); }\n"
                  "observe frame = handler_frame[Tid(0)];\n"
                  "forall (frame);\n",
                  3, 17, "which /proc cannot show");
}

// `observe r = state[Tid(k)];` in a program is a read of /proc at that point; any other snapshot is
// rejected at the expression.
TEST(Bind, ProgramSnapshotsOfThreadStatesBind) {
  const auto b = bind_text("program parent as PARENT {\n  k = kill(SIGSTOP);\n  observe early = state[Tid(0)];\n}\n"
                           "exists (parent.early == STOPPED);\n");
  ASSERT_TRUE(b->bound.has_value()) << b->printed();
  ASSERT_EQ(b->bound->programs.size(), 1u);
  ASSERT_EQ(b->bound->programs[0].steps.size(), 2u);
  const bound_step& snap = b->bound->programs[0].steps[1];
  EXPECT_EQ(snap.call, real_call::snapshot);
  EXPECT_EQ(snap.result, result_kind::state);
  EXPECT_EQ(snap.tid, 0);
  EXPECT_EQ(snap.reg, "early");
  EXPECT_NE(std::find(b->bound->state_names.begin(), b->bound->state_names.end(), "STOPPED"),
            b->bound->state_names.end());
  expect_rejected("program parent as PARENT {\n  k = kill(SIGSTOP);\n  observe n = group_stop_count;\n}\n"
                  "exists (parent.n == 0);\n",
                  4, 15, "cannot be read in /proc");
}

TEST(Bind, RejectsConditionsOnUnboundObservations) {
  expect_rejected("program parent as PARENT { k = kill(SIGSTOP); }\n"
                  "observe stops = group_stop_count;\n"
                  "forall (stops == 0);\n",
                  4, 9, "cannot bind");
}

TEST(Bind, RejectsArgumentsThatAreNotConstants) {
  expect_rejected("program parent as PARENT { k = kill(min({SIGSTOP, SIGCONT})); }\n", 2, 37,
                  "needs a constant argument");
}

TEST(Bind, RejectsExitPtraceFromTheParentOrBeforeTheEnd) {
  expect_rejected("program parent as PARENT { a = ptrace_attach(Tid(0)); exit_ptrace(); }\n", 2, 55,
                  "exit_ptrace() from PARENT");
  expect_rejected("program debugger as TRACER { exit_ptrace(); k = kill(SIGCONT); }\n", 2, 30,
                  "must be the program's last statement");
}

TEST(Bind, RejectsInitBlocksAndIndexedPrograms) {
  expect_rejected("init { group_stop_count = 0; }\nprogram parent as PARENT { k = kill(SIGSTOP); }\n", 2, 1,
                  "init block");
  expect_rejected("program user[t: Tid] as PARENT { k = tkill(t, SIGSTOP); }\n", 2, 9, "one instance per thread");
}

TEST(Bind, RejectsTwoProgramsOfOneActor) {
  expect_rejected("program a as PARENT { k = kill(SIGSTOP); }\nprogram b as PARENT { k = kill(SIGCONT); }\n", 3, 9,
                  "a second program runs as PARENT");
}

// The flag-set waitpid, on a model that declares it.
std::unique_ptr<bound_text> bind_on_flags_model(const std::string& body) {
  auto b = std::make_unique<bound_text>();
  lang::frontend front(b->sources, b->diags);
  const std::string dir = std::string(PTMC_SOURCE_ROOT) + "/tests/unit/kernel/data";
  const source_file* f = b->sources.add(dir + "/flags-test.ptl", "scenario flags for \"flags.ptm\";\n" + body);
  b->scenario = front.parse_scenario(*f);
  if (!b->scenario) return b;
  b->model = front.load_model(dir + "/flags.ptm", b->scenario->params, b->scenario->param_sites);
  if (!b->model) return b;
  b->checked = front.check_scenario(*b->scenario, *b->model) && !b->diags.has_errors();
  if (b->checked) b->bound = bind(*b->scenario, *b->model, "flags-test.ptl", b->diags);
  return b;
}

TEST(Bind, WaitFlagSetsBecomeWaitidOptions) {
  auto b = bind_on_flags_model("program parent as PARENT {\n"
                               "  r0 = waitpid(Tid(0), {WUNTRACED, __WALL});\n"
                               "  r1 = waitpid(none, {WNOHANG});\n"
                               "  r2 = waitpid(Tid(0), {WCONTINUED, WNOWAIT});\n"
                               "  r3 = waitpid(none, {});\n"
                               "}\n");
  ASSERT_TRUE(b->checked) << b->printed();
  ASSERT_TRUE(b->bound) << b->printed();
  const auto& steps = b->bound->programs.at(0).steps;
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[0].wait_options, WSTOPPED | __WALL);
  EXPECT_EQ(steps[0].tid, 0);
  EXPECT_EQ(steps[1].wait_options, WNOHANG);
  EXPECT_EQ(steps[1].tid, -1);
  EXPECT_EQ(steps[2].wait_options, WCONTINUED | WNOWAIT);
  EXPECT_EQ(steps[3].wait_options, 0);
  EXPECT_EQ(b->bound->wait_names, (std::vector<std::string>{"W_STOPPED_SIGSTOP", "W_NOTHING", "W_ECHILD"}));
}

TEST(Bind, RejectsASyscallShapeTheTableDoesNotHave) {
  auto b = bind_on_flags_model("program parent as PARENT { r = old_waitpid(Tid(0)); }\n");
  ASSERT_TRUE(b->checked) << b->printed();
  EXPECT_FALSE(b->bound);
  EXPECT_NE(b->printed().find("flags-test.ptl:2:28: error: model syscall old_waitpid(t: Tid) has no real counterpart"),
            std::string::npos)
      << b->printed();
}

TEST(Bind, TheTableNamesEveryBoundSyscall) {
  const std::vector<std::string> lines = binding_table_lines();
  for (const char* name : {"kill", "tkill", "ptrace_attach", "ptrace_seize", "ptrace_cont", "ptrace_syscall",
                           "ptrace_setoptions", "ptrace_kill", "ptrace_interrupt", "ptrace_listen", "ptrace_detach",
                           "exit_ptrace", "waitpid"}) {
    bool found = false;
    for (const std::string& l : lines) found |= l.rfind(std::string(name) + " -> ", 0) == 0;
    EXPECT_TRUE(found) << name;
  }
}

}  // namespace
}  // namespace ptmc::kernel

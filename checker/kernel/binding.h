// The binding of a model family's scenario vocabulary to real Linux syscalls, results and /proc
// observations: which model syscall is which real call, how its constant arguments become real
// arguments, and how a real result becomes a value of the model's result enums.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/frontend.h"

namespace ptmc::kernel {

// The two actors of the models: the traced process's real parent and another process.
enum class actor { parent, tracer };

// The real operation one scenario statement performs.
enum class real_call {
  kill_group,   // kill(tgid, sig)
  tgkill,       // tgkill(tgid, tid, sig)
  ptrace,       // ptrace(request, tid, 0, data)
  wait,         // waitid(P_PID tid | P_ALL, &info, WEXITED | flags)
  exit_tracer,  // the calling process exits (its tracees are detached by exit_ptrace())
  snapshot,     // `observe r = state[Tid(k)];`: the thread's state letter in /proc at this point
};

// What a register receives: the model enum its value is named in.
enum class result_kind { none, ret, wait, state };

// One statement of a program, bound to its real operation (repeat blocks are unrolled).
struct bound_step {
  real_call call = real_call::kill_group;
  long request = 0;          // ptrace: PTRACE_*
  int tid = -1;              // Tid(k) argument; -1: none (kill, a wait for any child)
  int signo = 0;             // kill/tgkill signal; ptrace resume/detach data (0: none)
  long data = 0;             // ptrace: data (options for SEIZE/SETOPTIONS, signal for resumes)
  int wait_options = 0;      // waitid options besides WEXITED
  result_kind result = result_kind::none;
  std::string reg;           // the register assigned ("" for a plain call)
  std::string text;          // the statement as written, for logs ("waitpid(Tid(0), {WUNTRACED})")
  span where;                // the statement
};

struct bound_program {
  std::string name;
  actor who = actor::parent;
  std::vector<bound_step> steps;
};

// An `observe NAME = state[Tid(k)];`: the thread's state read from /proc.
struct bound_observe {
  std::string name;
  int tid = 0;
};

// A scenario ready to run on the kernel. The syntax it points into (conditions) belongs to the
// loaded scenario and must outlive it.
struct bound_scenario {
  std::string name;
  std::string path;
  std::string model_name;       // the model the scenario was checked against
  int nthreads = 1;
  int usr1 = 0;                 // the USR1 parameter: 0 default, 1 ignored, 2 handler, 3 default but blocked
  bool allow_hang = false;
  // The threads of T loop in short nanosleep() calls instead of pause() (the scenario uses
  // PTRACE_SYSCALL: a model thread enters a new syscall whenever it runs user code).
  bool syscall_loop = false;
  std::vector<bound_program> programs;
  std::vector<bound_observe> observes;
  std::vector<const lang::decl*> conditions;
  // Outcome names in listing order: each program's registers ("parent.r0"), then the observes.
  std::vector<std::string> outcome_names;
  // The model's names for results and thread states: its Ret, WaitResult and TState values. A real
  // result the model has no name for is recorded as unmapped, never coerced to a near one.
  std::vector<std::string> ret_names, wait_names, state_names;
};

// Binds a checked scenario. Every statement, argument, observe and condition the kernel cannot
// perform or show is reported to `diags` at its location (kind "kernel.unbindable"); returns nullopt
// when there was any.
std::optional<bound_scenario> bind(const lang::scenario_program& scenario, const lang::model_program& model,
                                   const std::string& path, diagnostics& diags);

// ---------------------------------------------------------------- results

// What a real waitid() call gave: its return value and errno, the siginfo, and for a SIGTRAP
// ptrace stop the si_code PTRACE_GETSIGINFO reported (to tell a syscall stop from a SIGTRAP
// signal-delivery stop), or -1 if it was not asked or failed.
struct raw_wait {
  int ret = 0;
  int err = 0;
  int child_pid = 0;
  int cld_code = 0;
  int status = 0;
  int trap_si_code = -1;
  bool wnohang = false;
};

// The model's name for a wait result ("W_STOPPED_SIGSTOP", "W_EVENT_STOP_SIGTRAP", "W_NOTHING",
// "W_ECHILD", ...), or "unmapped: ..." with the raw values when the model has no name for it.
// `known` is the WaitResult enum of the model: a name it lacks is unmapped too.
std::string map_wait(const raw_wait& w, const std::vector<std::string>& known);

// The model's name for a syscall's return (0 -> "OK", errno -> "ESRCH", "EPERM", "EIO"), or
// "unmapped: errno N (NAME)" when the model has no name for it.
std::string map_ret(long ret, int err, const std::vector<std::string>& known);

// The model's name for a /proc thread state letter: R/S/D/I -> RUNNING, T -> STOPPED, t -> TRACED,
// Z/X (and a thread that is gone, '\0') -> DEAD; anything else "unmapped: state 'c'".
std::string map_thread_state(char state);

// Signal numbers of the model's signal names (SIGKILL, SIGUSR1, SIGCONT, SIGSTOP, SIGTRAP, ...);
// nullopt for a name without a real counterpart.
std::optional<int> signal_number(const std::string& name);
std::string signal_name(int signo);

// The binding table as text, for documentation and `--help`: one line per model syscall.
std::vector<std::string> binding_table_lines();

}  // namespace ptmc::kernel

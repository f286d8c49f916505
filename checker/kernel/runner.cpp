// The live-kernel runner: processes, real syscalls, /proc observations, deadlines and cleanup.
//
// One run: the harness (this process, a child subreaper) forks PARENT, which forks T (NTHREADS
// threads, each in a pause() loop); it forks TRACER when a program runs as TRACER. The programs
// start together once every thread of T sleeps, each statement after a random delay from the
// run's seed. Results go to a shared page; the harness only watches it, /proc and the clock, and
// never signals T until the run is over. Then every process of the run is killed and reaped by pid.
#include "kernel/runner.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fstream>
#include <map>
#include <sstream>

namespace ptmc::kernel {
namespace {

constexpr int max_threads = 8;
constexpr int max_steps = 512;
constexpr int slot_parent = 0;
constexpr int slot_tracer = 1;

struct step_slot {
  std::atomic<int> phase;   // 0 pending, 1 started, 2 done
  long ret;
  int err;
  int w_pid, w_code, w_status, trap_si_code;
  long long t_start, t_end; // ns since the start signal
};

struct program_slot {
  std::atomic<int> finished;
  step_slot steps[max_steps];
};

struct shared_area {
  std::atomic<int> go;                 // futex word: 1 once the programs may start
  std::atomic<int> t_ready;
  std::atomic<int> threads_started;
  std::atomic<int> tgid;
  std::atomic<int> tids[max_threads];
  std::atomic<int> handler_runs;       // SIGUSR1 handler invocations in T (USR1 = 2)
  long long go_ns;
  program_slot programs[2];
};

long long now_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<long long>(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

void sleep_us(long us) {
  if (us <= 0) return;
  timespec ts{us / 1000000, (us % 1000000) * 1000};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

std::uint64_t splitmix(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// The delay before each statement of a program: a quarter of them none, the rest uniform in
// [0, jitter]; a pure function of the run's seed and the program's slot.
std::vector<long> delay_schedule(std::uint64_t seed, int slot, std::size_t steps, int jitter_us) {
  std::uint64_t state = seed * 0x100000001b3ULL + static_cast<std::uint64_t>(slot) * 0x9e37ULL + 1;
  std::vector<long> delays;
  for (std::size_t i = 0; i < steps; ++i) {
    const std::uint64_t r = splitmix(state);
    if (jitter_us <= 0 || (r & 3) == 0) {
      delays.push_back(0);
    } else {
      delays.push_back(static_cast<long>((r >> 8) % (static_cast<std::uint64_t>(jitter_us) + 1)));
    }
  }
  return delays;
}

// ---------------------------------------------------------------- the processes of a run

shared_area* g_area = nullptr;   // in T: for the SIGUSR1 handler

void on_usr1(int) { g_area->handler_runs.fetch_add(1); }

void child_common(pid_t harness, bool pin, int cpu) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != harness) _exit(127);
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  for (int s : {SIGINT, SIGTERM, SIGCHLD, SIGUSR1, SIGPIPE}) sigaction(s, &dfl, nullptr);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  if (pin) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
  }
}

bool g_syscall_loop = false;

// What every thread of T does: sleep in pause(), or, for scenarios with PTRACE_SYSCALL, in a loop
// of short syscalls (a thread in pause() makes no new syscall until a signal comes).
[[noreturn]] void thread_body() {
  for (;;) {
    if (g_syscall_loop) {
      timespec ts{0, 500 * 1000};
      nanosleep(&ts, nullptr);
    } else {
      pause();
    }
  }
}

void* thread_main(void* arg) {
  const long index = reinterpret_cast<long>(arg);
  g_area->tids[index].store(static_cast<int>(syscall(SYS_gettid)));
  g_area->threads_started.fetch_add(1);
  thread_body();
}

[[noreturn]] void traced_process_main(shared_area* area, int nthreads, int usr1, bool syscall_loop, pid_t parent) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) _exit(127);
  g_area = area;
  g_syscall_loop = syscall_loop;
  rlimit no_core{0, 0};
  setrlimit(RLIMIT_CORE, &no_core);
  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  sa.sa_handler = usr1 == 1 ? SIG_IGN : usr1 == 2 ? on_usr1 : SIG_DFL;
  sigaction(SIGUSR1, &sa, nullptr);
  if (usr1 == 3) {
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigprocmask(SIG_BLOCK, &block, nullptr);
  }
  area->tids[0].store(getpid());
  for (long i = 1; i < nthreads; ++i) {
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 64 * 1024);
    if (pthread_create(&t, &attr, thread_main, reinterpret_cast<void*>(i)) != 0) _exit(126);
  }
  while (area->threads_started.load() < nthreads - 1) sleep_us(50);
  area->tgid.store(getpid());
  area->t_ready.store(1);
  thread_body();
}

void wait_for_go(shared_area* area) {
  while (area->go.load() == 0) {
    timespec ts{0, 50 * 1000 * 1000};
    syscall(SYS_futex, reinterpret_cast<int*>(&area->go), FUTEX_WAIT, 0, &ts, nullptr, 0);
  }
}

char thread_state(int tgid, int tid);

void perform(const bound_step& st, step_slot& slot, shared_area* area) {
  const int tgid = area->tgid.load();
  const int tid = st.tid >= 0 ? area->tids[st.tid].load() : -1;
  slot.trap_si_code = -1;
  errno = 0;
  switch (st.call) {
    case real_call::kill_group: slot.ret = kill(tgid, st.signo); break;
    case real_call::tgkill: slot.ret = syscall(SYS_tgkill, tgid, tid, st.signo); break;
    case real_call::ptrace:
      slot.ret = ptrace(static_cast<enum __ptrace_request>(st.request), tid, nullptr,
                        reinterpret_cast<void*>(st.data));
      break;
    case real_call::wait: {
      siginfo_t info;
      std::memset(&info, 0, sizeof info);
      slot.ret = waitid(tid < 0 ? P_ALL : P_PID, tid < 0 ? 0 : static_cast<id_t>(tid), &info,
                        WEXITED | st.wait_options);
      slot.err = errno;
      slot.w_pid = info.si_pid;
      slot.w_code = info.si_code;
      slot.w_status = info.si_status;
      if (slot.ret == 0 && info.si_pid != 0 && info.si_code == CLD_TRAPPED && info.si_status == SIGTRAP) {
        siginfo_t si;
        std::memset(&si, 0, sizeof si);
        if (ptrace(PTRACE_GETSIGINFO, info.si_pid, nullptr, &si) == 0) slot.trap_si_code = si.si_code;
      }
      return;
    }
    case real_call::exit_tracer: _exit(0);
    case real_call::snapshot:
      slot.ret = thread_state(tgid, tid);
      slot.err = 0;
      return;
  }
  slot.err = slot.ret < 0 ? errno : 0;
}

[[noreturn]] void program_main(shared_area* area, int slot_index, const bound_program* program,
                               const std::vector<long>& delays) {
  wait_for_go(area);
  program_slot& ps = area->programs[slot_index];
  if (program != nullptr) {
    for (std::size_t i = 0; i < program->steps.size() && i < max_steps; ++i) {
      sleep_us(delays[i]);
      step_slot& slot = ps.steps[i];
      slot.t_start = now_ns() - area->go_ns;
      slot.phase.store(1);
      perform(program->steps[i], slot, area);
      slot.t_end = now_ns() - area->go_ns;
      slot.phase.store(2);
    }
  }
  ps.finished.store(1);
  for (;;) pause();
}

// ---------------------------------------------------------------- the harness side

// The state letter of a thread in /proc, '\0' when it is gone.
char thread_state(int tgid, int tid) {
  if (tgid <= 0 || tid <= 0) return '\0';
  char path[96];
  std::snprintf(path, sizeof path, "/proc/%d/task/%d/stat", tgid, tid);
  const int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return '\0';
  char buf[512];
  const ssize_t n = read(fd, buf, sizeof buf - 1);
  close(fd);
  if (n <= 0) return '\0';
  buf[n] = '\0';
  const char* paren = std::strrchr(buf, ')');
  if (paren == nullptr || paren[1] == '\0' || paren[2] == '\0') return '\0';
  return paren[2];
}

// Waits for `pid` (a child of this process) to end, up to `ms`; true when reaped or not a child.
bool reap(pid_t pid, int ms, int* status = nullptr) {
  const long long until = now_ns() + static_cast<long long>(ms) * 1000000LL;
  for (;;) {
    int st = 0;
    const pid_t r = waitpid(pid, &st, WNOHANG | __WALL);
    if (r == pid) {
      if (status) *status = st;
      return true;
    }
    if (r < 0 && errno == ECHILD) return true;
    if (now_ns() > until) return false;
    sleep_us(500);
  }
}

bool proc_exists(pid_t pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%d", pid);
  return access(path, F_OK) == 0;
}

std::string ns_text(long long ns) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%9.1f us", static_cast<double>(ns) / 1000.0);
  return buf;
}

struct run_state {
  shared_area* area = nullptr;
  pid_t parent = -1, tracer = -1;
  bool tracer_reaped = false, parent_reaped = false;
};

// Kills and reaps every process of the run by pid: T's group, TRACER and PARENT; T, reparented to
// this subreaper once PARENT is gone, is reaped last. Returns "" or what survived.
std::string cleanup(run_state& rs) {
  std::string problem;
  const int tgid = rs.area ? rs.area->tgid.load() : 0;
  if (tgid > 0) kill(tgid, SIGKILL);
  if (rs.tracer > 0 && !rs.tracer_reaped) kill(rs.tracer, SIGKILL);
  if (rs.parent > 0 && !rs.parent_reaped) kill(rs.parent, SIGKILL);
  if (rs.tracer > 0 && !rs.tracer_reaped && !reap(rs.tracer, 5000))
    problem += "TRACER process " + std::to_string(rs.tracer) + " could not be reaped; ";
  if (rs.parent > 0 && !rs.parent_reaped && !reap(rs.parent, 5000))
    problem += "PARENT process " + std::to_string(rs.parent) + " could not be reaped; ";
  if (tgid > 0) {
    if (!reap(tgid, 5000)) problem += "traced process " + std::to_string(tgid) + " could not be reaped; ";
    // PARENT may have reaped it; otherwise it was our child after PARENT died. Either way it is gone.
    const long long until = now_ns() + 2000000000LL;
    while (proc_exists(tgid) && now_ns() < until) {
      kill(tgid, SIGKILL);
      reap(tgid, 10);
    }
    if (proc_exists(tgid)) problem += "traced process " + std::to_string(tgid) + " survived; ";
  }
  if (rs.area) {
    munmap(rs.area, sizeof(shared_area));
    rs.area = nullptr;
  }
  return problem;
}

int first_allowed_cpu() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) == 0)
    for (int c = 0; c < CPU_SETSIZE; ++c)
      if (CPU_ISSET(c, &set)) return c;
  return 0;
}

std::string describe_raw(const bound_step& st, const step_slot& slot) {
  std::ostringstream s;
  if (st.call == real_call::wait) {
    s << "ret " << slot.ret;
    if (slot.ret < 0) s << " errno " << slot.err;
    s << ", si_pid " << slot.w_pid << " si_code " << slot.w_code << " si_status 0x" << std::hex << slot.w_status
      << std::dec;
    if (slot.trap_si_code >= 0) s << ", GETSIGINFO si_code 0x" << std::hex << slot.trap_si_code << std::dec;
  } else if (st.call == real_call::exit_tracer) {
    s << "exited";
  } else if (st.call == real_call::snapshot) {
    s << "state '" << (slot.ret > 0 ? static_cast<char>(slot.ret) : '-') << "'";
  } else {
    s << "ret " << slot.ret;
    if (slot.ret < 0) s << " errno " << slot.err << " (" << std::strerror(slot.err) << ")";
  }
  return s.str();
}

std::string mapped(const bound_scenario& s, const bound_step& st, const step_slot& slot) {
  if (st.result == result_kind::ret) return map_ret(slot.ret, slot.err, s.ret_names);
  if (st.result == result_kind::state) return map_thread_state(static_cast<char>(slot.ret));
  if (st.result == result_kind::wait) {
    raw_wait w;
    w.ret = static_cast<int>(slot.ret);
    w.err = slot.err;
    w.child_pid = slot.w_pid;
    w.cld_code = slot.w_code;
    w.status = slot.w_status;
    w.trap_si_code = slot.trap_si_code;
    w.wnohang = (st.wait_options & WNOHANG) != 0;
    return map_wait(w, s.wait_names);
  }
  return "";
}

std::string where_text(const bound_scenario& s, const bound_step& st) {
  return s.path + ":" + std::to_string(st.where.line()) + ":" + std::to_string(st.where.column());
}

}  // namespace

preflight_result preflight() {
  preflight_result r;
  utsname u{};
  if (uname(&u) != 0) {
    r.reason = "uname() failed";
    return r;
  }
  r.kernel = u.release;
  if (std::string(u.sysname) != "Linux") {
    r.reason = std::string("not Linux (") + u.sysname + ")";
    return r;
  }
  if (std::atoi(u.release) != 6) {
    r.reason = std::string("the binding is for Linux 6.x; this kernel is ") + u.release;
    return r;
  }
  // CAP_SYS_PTRACE (bit 19) in the effective set, so Yama and dumpability do not get in the way.
  bool cap = false;
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("CapEff:", 0) == 0) {
      const unsigned long long eff = std::strtoull(line.c_str() + 7, nullptr, 16);
      cap = (eff >> 19) & 1;
    }
  }
  if (!cap && geteuid() != 0) {
    r.reason = "ptrace is not permitted: not root and no CAP_SYS_PTRACE";
    return r;
  }
  // A probe: one child seizes and interrupts another that is not its child.
  const pid_t target = fork();
  if (target < 0) {
    r.reason = std::string("fork failed: ") + std::strerror(errno);
    return r;
  }
  if (target == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    for (;;) pause();
  }
  const pid_t prober = fork();
  if (prober == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (ptrace(PTRACE_SEIZE, target, nullptr, nullptr) != 0) _exit(10);
    if (ptrace(PTRACE_INTERRUPT, target, nullptr, nullptr) != 0) _exit(11);
    siginfo_t info;
    std::memset(&info, 0, sizeof info);
    if (waitid(P_PID, static_cast<id_t>(target), &info, WEXITED) != 0 || info.si_code != CLD_TRAPPED) _exit(12);
    if (ptrace(PTRACE_DETACH, target, nullptr, nullptr) != 0) _exit(13);
    _exit(0);
  }
  int st = 0;
  const bool probed = prober > 0 && reap(prober, 5000, &st);
  if (prober > 0 && !probed) {
    kill(prober, SIGKILL);
    reap(prober, 5000);
  }
  kill(target, SIGKILL);
  reap(target, 5000);
  if (prober < 0 || !probed || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
    r.reason = "ptrace is not permitted here: a probe process could not PTRACE_SEIZE/INTERRUPT/DETACH another "
               "(exit " + std::to_string(WIFEXITED(st) ? WEXITSTATUS(st) : -1) + "; see /proc/sys/kernel/yama/ptrace_scope)";
    return r;
  }
  r.ok = true;
  return r;
}

outcome run_once(const bound_scenario& s, const run_options& opts, std::uint64_t seed, std::string* log) {
  outcome out;
  std::ostringstream raw;
  raw << "scenario " << s.name << " seed " << seed << " (reproduce the delays: --seed " << seed
      << " --runs 1 --jitter " << opts.jitter_us << ")\n";
  prctl(PR_SET_CHILD_SUBREAPER, 1);

  run_state rs;
  void* mem = mmap(nullptr, sizeof(shared_area), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED) {
    out.harness_error = std::string("mmap failed: ") + std::strerror(errno);
    if (log) *log = raw.str();
    return out;
  }
  std::memset(mem, 0, sizeof(shared_area));
  rs.area = new (mem) shared_area;
  shared_area* area = rs.area;

  const bound_program* programs[2] = {nullptr, nullptr};
  for (const bound_program& p : s.programs) programs[p.who == actor::parent ? slot_parent : slot_tracer] = &p;
  std::vector<long> delays[2];
  for (int i = 0; i < 2; ++i)
    delays[i] = delay_schedule(seed, i, programs[i] ? programs[i]->steps.size() : 0, opts.jitter_us);

  const pid_t harness = getpid();
  const int cpu = first_allowed_cpu();
  std::fflush(nullptr);
  rs.parent = fork();
  if (rs.parent == 0) {
    child_common(harness, opts.pin, cpu);
    setpgid(0, 0);
    const pid_t me = getpid();
    const pid_t t = fork();
    if (t == 0) traced_process_main(area, s.nthreads, s.usr1, s.syscall_loop, me);
    if (t < 0) _exit(125);
    program_main(area, slot_parent, programs[slot_parent], delays[slot_parent]);
  }
  if (programs[slot_tracer] != nullptr && rs.parent > 0) {
    rs.tracer = fork();
    if (rs.tracer == 0) {
      child_common(harness, opts.pin, cpu);
      setpgid(0, 0);
      program_main(area, slot_tracer, programs[slot_tracer], delays[slot_tracer]);
    }
  }
  auto fail = [&](const std::string& why) {
    out.harness_error = why;
    const std::string problem = cleanup(rs);
    if (!problem.empty()) out.harness_error += "; cleanup: " + problem;
    raw << "harness: " << out.harness_error << "\n";
    if (log) *log = raw.str();
    return out;
  };
  if (rs.parent < 0 || (programs[slot_tracer] != nullptr && rs.tracer < 0))
    return fail(std::string("fork failed: ") + std::strerror(errno));

  // T ready: every thread created and asleep in pause().
  const long long setup_until = now_ns() + 3000000000LL;
  for (;;) {
    if (opts.cancel && *opts.cancel) return fail("interrupted");
    bool ready = area->t_ready.load() != 0;
    for (int i = 0; ready && i < s.nthreads; ++i) ready = thread_state(area->tgid.load(), area->tids[i].load()) == 'S';
    if (ready) break;
    if (now_ns() > setup_until) return fail("the traced process did not get ready in 3 s");
    sleep_us(200);
  }
  raw << "T: tgid " << area->tgid.load() << ", tids";
  for (int i = 0; i < s.nthreads; ++i) raw << " Tid(" << i << ")=" << area->tids[i].load();
  raw << "; PARENT pid " << rs.parent << (rs.tracer > 0 ? ", TRACER pid " + std::to_string(rs.tracer) : "") << "\n";

  area->go_ns = now_ns();
  area->go.store(1);
  syscall(SYS_futex, reinterpret_cast<int*>(&area->go), FUTEX_WAKE, 1 << 20, nullptr, nullptr, 0);

  // Watch the programs until all have finished, or nothing moved for hang_ms, or the watchdog.
  const long long start = now_ns();
  long long last_progress = start;
  long signature = -1;
  bool hang = false;
  std::string hang_reason;
  for (;;) {
    if (opts.cancel && *opts.cancel) return fail("interrupted");
    // A TRACER that ran exit_ptrace() has finished once it is reaped (its tracees are detached by then).
    if (rs.tracer > 0 && !rs.tracer_reaped) {
      int st = 0;
      const pid_t r = waitpid(rs.tracer, &st, WNOHANG);
      if (r == rs.tracer) {
        rs.tracer_reaped = true;
        const bound_program* p = programs[slot_tracer];
        const std::size_t n = p->steps.size();
        const bool by_exit = n > 0 && p->steps[n - 1].call == real_call::exit_tracer &&
                             area->programs[slot_tracer].steps[n - 1].phase.load() == 1;
        if (!by_exit) return fail("the TRACER process died unexpectedly (status " + std::to_string(st) + ")");
        area->programs[slot_tracer].steps[n - 1].t_end = now_ns() - area->go_ns;
        area->programs[slot_tracer].steps[n - 1].phase.store(2);
        area->programs[slot_tracer].finished.store(1);
      }
    }
    {
      int st = 0;
      if (waitpid(rs.parent, &st, WNOHANG) == rs.parent) {
        rs.parent_reaped = true;
        return fail("the PARENT process died unexpectedly (status " + std::to_string(st) + ")");
      }
    }
    long sig = 0;
    bool all_finished = true;
    for (int i = 0; i < 2; ++i) {
      if (programs[i] == nullptr) continue;
      const program_slot& ps = area->programs[i];
      all_finished = all_finished && ps.finished.load() != 0;
      for (std::size_t k = 0; k < programs[i]->steps.size() && k < max_steps; ++k) sig += ps.steps[k].phase.load();
    }
    const long long now = now_ns();
    if (sig != signature) {
      signature = sig;
      last_progress = now;
    }
    if (all_finished) break;
    if (now - last_progress >= static_cast<long long>(opts.hang_ms) * 1000000LL) {
      hang = true;
      hang_reason = "no program moved for " + std::to_string(opts.hang_ms) + " ms";
      break;
    }
    if (now - start >= static_cast<long long>(opts.run_timeout_ms) * 1000000LL) {
      hang = true;
      hang_reason = "run watchdog (" + std::to_string(opts.run_timeout_ms) + " ms)";
      break;
    }
    sleep_us(300);
  }

  // Registers, and the statements still blocked.
  std::vector<std::string> blocked;
  for (int i = 0; i < 2; ++i) {
    const bound_program* p = programs[i];
    if (p == nullptr) continue;
    const program_slot& ps = area->programs[i];
    for (std::size_t k = 0; k < p->steps.size() && k < max_steps; ++k) {
      const bound_step& st = p->steps[k];
      const step_slot& slot = ps.steps[k];
      const int phase = slot.phase.load();
      if (phase == 0) break;
      if (phase == 1) {
        blocked.push_back(p->name + " at " + where_text(s, st) + " " + st.text);
        raw << ns_text(slot.t_start) << "  " << p->name << ": " << st.text << "  ... still blocked\n";
        break;
      }
      const std::string value = mapped(s, st, slot);
      if (!st.reg.empty()) out.values[p->name + "." + st.reg] = value;
      raw << ns_text(slot.t_start) << "  " << p->name << ": " << st.text << " -> " << describe_raw(st, slot)
          << (value.empty() ? "" : " = " + value) << "  (" << (slot.t_end - slot.t_start) / 1000 << " us)\n";
    }
  }
  if (hang) {
    out.hang = true;
    for (const std::string& b : blocked) out.blocked += (out.blocked.empty() ? "" : ", ") + b;
    if (out.blocked.empty()) out.blocked = hang_reason;
    raw << "hang: " << hang_reason << "\n";
  }

  // Thread states, stable for settle_ms.
  const int tgid = area->tgid.load();
  std::string previous, current;
  long long stable_since = now_ns();
  const long long settle_until = now_ns() + 1000000000LL;
  bool settled = false;
  for (;;) {
    current.clear();
    for (int i = 0; i < s.nthreads; ++i) current += thread_state(tgid, area->tids[i].load());
    const long long now = now_ns();
    if (current != previous) {
      previous = current;
      stable_since = now;
    } else if (now - stable_since >= static_cast<long long>(opts.settle_ms) * 1000000LL) {
      settled = true;
      break;
    }
    if (now > settle_until) break;
    sleep_us(1000);
  }
  raw << "threads:";
  for (int i = 0; i < s.nthreads; ++i)
    raw << " Tid(" << i << ")=" << (current[i] ? std::string(1, current[i]) : std::string("gone"));
  raw << (settled ? "" : " (not stable within 1 s)") << "; SIGUSR1 handler ran " << area->handler_runs.load()
      << " times\n";
  for (const bound_observe& o : s.observes) {
    const char c = o.tid < s.nthreads ? current[o.tid] : '\0';
    out.values[o.name] = settled ? map_thread_state(c) : "unmapped: thread states not stable within 1 s";
  }

  const std::string problem = cleanup(rs);
  if (!problem.empty()) {
    out.harness_error = "cleanup: " + problem;
    raw << "harness: " << out.harness_error << "\n";
  }
  if (log) *log = raw.str();
  return out;
}

scenario_result run_scenario(const bound_scenario& s, const run_options& opts) {
  scenario_result result;
  const auto t0 = std::chrono::steady_clock::now();
  std::map<outcome, outcome_count> seen;
  for (int i = 0; i < opts.runs; ++i) {
    if (opts.cancel && *opts.cancel) {
      result.cancelled = true;
      break;
    }
    const std::uint64_t seed = opts.seed + static_cast<std::uint64_t>(i);
    std::string log;
    outcome o = run_once(s, opts, seed, &log);
    if (o.harness_error == "interrupted" || (opts.cancel && *opts.cancel)) {
      result.cancelled = true;
      break;
    }
    if (!o.harness_error.empty()) {
      result.harness_failure = "run with seed " + std::to_string(seed) + ": " + o.harness_error + "\n" + log;
      break;
    }
    ++result.runs_done;
    auto [it, fresh] = seen.try_emplace(o);
    if (fresh) {
      it->second.out = o;
      it->second.first_seed = seed;
      it->second.first_log = std::move(log);
    }
    ++it->second.count;
  }
  for (auto& [o, c] : seen) result.outcomes.push_back(std::move(c));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return result;
}

}  // namespace ptmc::kernel

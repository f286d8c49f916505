// Runs bound scenarios as real processes on the running Linux kernel: the traced process T with
// its threads, its real parent PARENT and a second process TRACER, each program's statements as
// real syscalls; collects the outcomes. Everything about processes (fork, ptrace, waitid, /proc,
// deadlines, cleanup) is inside this module; nothing else in ptmc starts a process.
#pragma once

#include <csignal>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kernel/binding.h"
#include "kernel/outcome.h"

namespace ptmc::kernel {

// Whether this machine can run scenarios: ptrace permitted (root or CAP_SYS_PTRACE), a Linux 6
// kernel, and a probe (one process seizing another that is not its child) that succeeds.
struct preflight_result {
  bool ok = false;
  std::string reason;     // why not, when !ok
  std::string kernel;     // uname -r
};
preflight_result preflight();

struct run_options {
  int runs = 100;
  std::uint64_t seed = 1;          // run i uses the delay schedule of seed + i
  int jitter_us = 200;             // the largest random delay before a statement
  bool pin = false;                // every process of a run on one CPU
  int hang_ms = 400;               // a program blocked this long with nothing else moving is a hang
  int settle_ms = 20;              // thread states must stay the same this long to be observed
  int run_timeout_ms = 10000;      // the watchdog of one run
  // Set asynchronously (SIGINT, SIGTERM): the current run is cleaned up and no further one starts.
  const volatile std::sig_atomic_t* cancel = nullptr;
};

// One distinct outcome, how many runs showed it, and the first of them (its seed and raw log).
struct outcome_count {
  outcome out;
  std::uint64_t count = 0;
  std::uint64_t first_seed = 0;
  std::string first_log;
};

struct scenario_result {
  std::vector<outcome_count> outcomes;   // sorted by outcome
  int runs_done = 0;
  bool cancelled = false;
  std::string harness_failure;           // a run that could not be cleaned up, or set up (stops the scenario)
  double seconds = 0;
};

// Runs `s` opts.runs times (fewer when cancelled or on a harness failure). Each run cleans up
// completely: every process it started is killed and reaped by pid before the next one starts.
scenario_result run_scenario(const bound_scenario& s, const run_options& opts);

// Runs a single run with the given seed and returns its outcome and raw log (for tests).
outcome run_once(const bound_scenario& s, const run_options& opts, std::uint64_t seed, std::string* log);

}  // namespace ptmc::kernel

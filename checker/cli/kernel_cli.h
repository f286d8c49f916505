// What `run-kernel` and `conform` share: their options, loading and binding scenarios for the
// kernel, interrupt handling, and the text, JSON and KTAP renderings of kernel outcomes.
#pragma once

#include <csignal>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "base/diagnostics.h"
#include "base/source.h"
#include "kernel/binding.h"
#include "kernel/runner.h"
#include "lang/frontend.h"

namespace ptmc::cli {

struct kernel_request {
  std::vector<std::string> scenarios;
  int runs = 100;
  std::uint64_t seed = 0;            // 0: chosen from the clock, and printed
  bool seed_given = false;
  int jitter_us = 200;
  int hang_ms = 400;
  bool pin = false;
  std::string json_path;
  bool ktap = false;
};

// Adds --runs, --seed, --jitter, --hang-ms, --pin, --json and --ktap.
void add_kernel_options(CLI::App& sub, kernel_request& request);

// A scenario loaded, checked against its model and bound for the kernel (or rejected).
struct kernel_scenario {
  std::string path;
  std::unique_ptr<source_manager> sources;
  std::unique_ptr<lang::model_program> model;
  std::unique_ptr<lang::scenario_program> scenario;
  std::optional<kernel::bound_scenario> bound;
  std::string rejection;   // the printed diagnostics when it could not be bound
};

// Loads `path` against `model_path`, or, when that is empty, the model its header names; binds it.
kernel_scenario load_kernel_scenario(const std::string& path, const std::string& model_path);

// The cancellation flag set by SIGINT/SIGTERM while kernel runs are in progress.
const volatile std::sig_atomic_t* install_interrupt_handlers();
// The signal that set it (0 if none).
int interrupt_signal();

kernel::run_options run_options_of(const kernel_request& request, std::uint64_t seed);
std::uint64_t choose_seed(const kernel_request& request);

// JSON helpers (cli writes these reports itself: the JSON library is report's, which is not below kernel).
std::string json_string(const std::string& s);

}  // namespace ptmc::cli

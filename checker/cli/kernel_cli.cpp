// Shared by run-kernel and conform.
#include "cli/kernel_cli.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <sstream>

#include "cli/options.h"

namespace ptmc::cli {
namespace {

volatile std::sig_atomic_t g_cancel = 0;
volatile std::sig_atomic_t g_cancel_signal = 0;

extern "C" void on_interrupt(int sig) {
  g_cancel = 1;
  g_cancel_signal = sig;
}

}  // namespace

void add_kernel_options(CLI::App& sub, kernel_request& request) {
  sub.add_option("--runs", request.runs, "how many times each scenario runs (default 100)")
      ->check(integer_in(1, 1000000));
  sub.add_option_function<std::uint64_t>(
         "--seed",
         [&request](const std::uint64_t& s) {
           request.seed = s;
           request.seed_given = true;
         },
         "the seed of the delay schedule: run i uses seed+i (default: from the clock, printed)")
      ->check(unsigned_in(0, std::numeric_limits<std::uint64_t>::max() / 2));
  sub.add_option("--jitter", request.jitter_us, "the largest random delay before a statement, in us (default 200)")
      ->check(integer_in(0, 1000000));
  sub.add_option("--hang-ms", request.hang_ms,
                 "a program blocked this long while nothing else moves is a hang (default 400)")
      ->check(integer_in(10, 600000));
  sub.add_flag("--pin", request.pin, "run every process of a run on one CPU");
  sub.add_option("--json", request.json_path, "write the outcomes as JSON to this file")->check(report_path());
  sub.add_flag("--ktap", request.ktap, "print KTAP version 1 (one test per scenario) instead of the listing");
}

kernel_scenario load_kernel_scenario(const std::string& path, const std::string& model_path) {
  kernel_scenario ks;
  ks.path = path;
  ks.sources = std::make_unique<source_manager>();
  diagnostics diags;
  lang::frontend front(*ks.sources, diags);
  auto finish = [&] {
    std::ostringstream text;
    diags.print(text);
    ks.rejection = text.str();
    if (ks.rejection.empty()) ks.rejection = path + ": error: cannot be bound for the kernel\n";
    ks.bound.reset();
    return std::move(ks);
  };
  ks.scenario = front.parse_scenario(path);
  if (!ks.scenario || diags.has_errors()) return finish();
  std::string model = model_path;
  if (model.empty()) {
    // The model the scenario's header names first, relative to the scenario.
    for (const auto& d : ks.scenario->unit->decls) {
      if (d->kind == lang::decl_kind::scenario && !d->strings.empty()) {
        model = (std::filesystem::path(path).parent_path() / d->strings[0]).lexically_normal().string();
        break;
      }
    }
    if (model.empty()) {
      diags.file_error("kernel.unbindable", path, "the scenario names no model");
      return finish();
    }
  }
  ks.model = front.load_model(model, ks.scenario->params, ks.scenario->param_sites);
  if (!ks.model || diags.has_errors()) return finish();
  if (!front.check_scenario(*ks.scenario, *ks.model) || diags.has_errors()) return finish();
  ks.bound = kernel::bind(*ks.scenario, *ks.model, path, diags);
  if (!ks.bound || diags.has_errors()) return finish();
  return ks;
}

const volatile std::sig_atomic_t* install_interrupt_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_interrupt;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;   // no SA_RESTART: a sleeping harness wakes up at once
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
  return &g_cancel;
}

int interrupt_signal() { return g_cancel_signal; }

std::uint64_t choose_seed(const kernel_request& request) {
  if (request.seed_given) return request.seed;
  const auto t = std::chrono::system_clock::now().time_since_epoch();
  return static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(t).count()) % 1000000007ULL;
}

kernel::run_options run_options_of(const kernel_request& request, std::uint64_t seed) {
  kernel::run_options o;
  o.runs = request.runs;
  o.seed = seed;
  o.jitter_us = request.jitter_us;
  o.pin = request.pin;
  o.hang_ms = request.hang_ms;
  o.cancel = install_interrupt_handlers();
  return o;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace ptmc::cli

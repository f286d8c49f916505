// ptmc check: check a model (or proposal) against property files and scenarios.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "cli/check_run.h"
#include "cli/commands.h"

namespace ptmc::cli {

namespace {

int run_check(const check_request& request) {
  const check_totals totals = run_checks(request, std::cout, std::cerr);
  return totals.exit_code;
}

}  // namespace

void register_check(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app,
      {"check", "check a model (or proposal) against property files and scenarios",
       "Loads a model (.ptm) or a proposal that extends one, the property files (.inv) and scenarios (.ptl) "
       "given, explores every reachable state breadth-first and checks each property. Without a scenario the "
       "userland side is the most general environment: any syscall with any arguments, up to --env-calls "
       "calls. Every violation is reported with a shortest counterexample, written as ITF JSON into the "
       "--out directory. Exit code 0 when all properties hold, 1 on a violation, 2 on bad input, 3 when a "
       "limit stopped the search.",
       "ptmc check spec/linux-2.6.32.ptm invariants/vanilla.inv --out counterexamples/"});
  auto request = std::make_shared<check_request>();
  add_check_options(*sub, *request);
  sub->callback([request, &context] { context.exit_code = run_check(*request); });
}

}  // namespace ptmc::cli

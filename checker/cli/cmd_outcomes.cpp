// ptmc outcomes: list a scenario's final outcomes herd7-style.
#include <iostream>
#include <memory>

#include "base/status.h"
#include "cli/check_run.h"
#include "cli/commands.h"
#include "lang/ast.h"

namespace ptmc::cli {

namespace {

int run_outcomes(check_request request) {
  bool has_scenario = false;
  for (std::size_t i = 1; i < request.files.size(); ++i) {
    lang::file_kind kind{};
    has_scenario |= lang::file_kind_from_path(request.files[i], &kind) && kind == lang::file_kind::scenario;
  }
  if (!has_scenario) {
    std::cerr << "ptmc outcomes: error: name a scenario (.ptl) after the model\n";
    return exit_code(run_outcome::bad_input);
  }
  request.outcomes_only = true;
  return run_checks(request, std::cout, std::cerr).exit_code;
}

}  // namespace

void register_outcomes(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"outcomes", "list a scenario's final outcomes herd7-style",
            "Explores a scenario (.ptl) against a model and lists, the way herd7 does, the distinct final "
            "observable outcomes with how many final states show each, then whether each of the scenario's "
            "final conditions (exists, forall, ~exists) holds. Exit code 0 when they hold, 1 when one fails.",
            "ptmc outcomes spec/examples/jobctl-toy.ptm spec/examples/detach-wakes.ptl"});
  auto request = std::make_shared<check_request>();
  add_check_options(*sub, *request);
  sub->callback([request, &context] { context.exit_code = run_outcomes(*request); });
}

}  // namespace ptmc::cli

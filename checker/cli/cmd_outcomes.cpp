// ptmc outcomes: list a scenario's final outcomes herd7-style.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace ptmc::cli {

namespace {

struct outcomes_options {
  std::vector<std::string> files;
};

int run_outcomes(const outcomes_options& /*options*/) { return not_implemented("outcomes"); }

}  // namespace

void register_outcomes(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"outcomes", "list a scenario's final outcomes herd7-style",
            "Explores a scenario (.ptl) against a model and lists, the way herd7 does, the distinct final "
            "observable outcomes with how many terminal states show each, then whether the scenario's final "
            "condition (exists, forall, ~exists) holds. Exit code 0 when it holds, 1 when it fails.",
            "ptmc outcomes spec/linux-2.6.32.ptm spec/scenarios/example.ptl"});
  auto options = std::make_shared<outcomes_options>();
  sub->add_option("files", options->files, "the model (.ptm), then the scenario (.ptl)")->required();
  sub->callback([options, &context] { context.exit_code = run_outcomes(*options); });
}

}  // namespace ptmc::cli

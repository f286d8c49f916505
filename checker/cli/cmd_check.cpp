// ptmc check: check a model (or proposal) against property files and scenarios.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace ptmc::cli {

namespace {

struct check_options {
  std::vector<std::string> files;
  std::string out_dir;
};

int run_check(const check_options& /*options*/) { return not_implemented("check"); }

}  // namespace

void register_check(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app,
      {"check", "check a model (or proposal) against property files and scenarios",
       "Loads a model (.ptm) or a proposal that extends one, the property files (.inv) and scenarios (.ptl) "
       "given, explores every reachable state breadth-first and checks each property. Every violation is "
       "reported with a shortest counterexample, written as ITF JSON into the --out directory. Exit code 0 "
       "when all properties hold, 1 on a violation, 2 on bad input, 3 when a limit stopped the search.",
       "ptmc check spec/linux-2.6.32.ptm invariants/vanilla.inv --out counterexamples/"});
  auto options = std::make_shared<check_options>();
  sub->add_option("files", options->files,
                  "the model or proposal (.ptm), then property files (.inv) and scenarios (.ptl)")
      ->required();
  sub->add_option("--out", options->out_dir, "directory for counterexample files (ITF JSON)");
  sub->callback([options, &context] { context.exit_code = run_check(*options); });
}

}  // namespace ptmc::cli

// ptmc replay: re-execute a counterexample through the model and confirm it.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace ptmc::cli {

namespace {

struct replay_options {
  std::vector<std::string> files;
};

int run_replay(const replay_options& /*options*/) { return not_implemented("replay"); }

}  // namespace

void register_replay(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app,
      {"replay", "re-execute a counterexample through the model and confirm it",
       "Re-executes a counterexample (ITF JSON) step by step through the model it was found in, checking "
       "that every step is an enabled transition and that the final state violates the named property. Exit "
       "code 0 when the counterexample is confirmed, 1 when it does not replay, 2 on bad input.",
       "ptmc replay spec/linux-2.6.32.ptm counterexamples/example.itf.json"});
  auto options = std::make_shared<replay_options>();
  sub->add_option("files", options->files, "the model (.ptm), then the counterexample file (ITF JSON)")
      ->required();
  sub->callback([options, &context] { context.exit_code = run_replay(*options); });
}

}  // namespace ptmc::cli

// ptmc show: list a scenario's final show herd7-style.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace ptmc::cli {

namespace {

struct show_options {
  std::vector<std::string> files;
};

int run_show(const show_options& /*options*/) { return not_implemented("show"); }

}  // namespace

void register_show(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"show", "render a counterexample (ITF JSON) as text, per step only what changed",
            "Explores a scenario (.ptl) against a model and lists, the way herd7 does, the distinct final "
            "observable show with how many terminal states show each, then whether the scenario's final "
            "condition (exists, forall, ~exists) holds. Exit code 0 when it holds, 1 when it fails.",
            "ptmc show spec/linux-2.6.32.ptm spec/scenarios/example.ptl"});
  auto options = std::make_shared<show_options>();
  sub->add_option("files", options->files, "the model (.ptm), then the scenario (.ptl)")->required();
  sub->callback([options, &context] { context.exit_code = run_show(*options); });
}

}  // namespace ptmc::cli

// ptmc lint: parse and type-check models, properties and scenarios; print every error.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace ptmc::cli {

namespace {

struct lint_options {
  std::vector<std::string> files;
};

int run_lint(const lint_options& /*options*/) { return not_implemented("lint"); }

}  // namespace

void register_lint(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"lint", "parse and type-check models, properties and scenarios; print every error",
            "Reads every .ptm, .ptl and .inv file given, or found under the directories given, parses and "
            "type-checks it without exploring any state, and prints every error with its file, line, column "
            "and the offending source line. Exit code 0 when all files are clean, 2 otherwise.",
            "ptmc lint spec/ invariants/"});
  auto options = std::make_shared<lint_options>();
  sub->add_option("files", options->files, "files or directories to check")->required();
  sub->callback([options, &context] { context.exit_code = run_lint(*options); });
}

}  // namespace ptmc::cli

// ptmc show: render a counterexample (ITF JSON) as text, per step only what changed.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include "base/status.h"
#include "cli/commands.h"
#include "report/itf_reader.h"
#include "report/render.h"

namespace ptmc::cli {

namespace {

struct show_options {
  std::string file;
};

// Prints the rendered trace; a file that cannot be read or is not ITF is bad input.
int run_show(const show_options& options) {
  std::string error;
  const std::optional<report::itf_trace> trace = report::read_itf_file(options.file, &error);
  if (!trace) {
    std::cerr << error << '\n';
    return exit_code(run_outcome::bad_input);
  }
  std::cout << report::render_text(*trace) << std::flush;
  return exit_code(run_outcome::all_hold);
}

}  // namespace

void register_show(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"show", "render a counterexample (ITF JSON) as text, per step only what changed",
            "Reads a counterexample in ITF JSON, as written by `ptmc check`, and prints it as text: the "
            "initial state in full, then for each step the process and transition taken, the model line it "
            "comes from, the events it emitted and only the variables that changed.",
            "ptmc show counterexamples/example.itf.json"});
  auto options = std::make_shared<show_options>();
  sub->add_option("file", options->file, "the counterexample file (ITF JSON)")->required();
  sub->callback([options, &context] { context.exit_code = run_show(*options); });
}

}  // namespace ptmc::cli

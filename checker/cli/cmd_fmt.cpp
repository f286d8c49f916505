// ptmc fmt: print a file in canonical form.
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace ptmc::cli {

namespace {

struct fmt_options {
  std::string file;
};

int run_fmt(const fmt_options& /*options*/) { return not_implemented("fmt"); }

}  // namespace

void register_fmt(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(app, {"fmt", "print a file in canonical form",
                                    "Parses a model, property or scenario file and prints it to stdout in "
                                    "canonical layout, comments kept, so that reviews of proposals show only "
                                    "meaningful differences. Exit code 2 if the file does not parse.",
                                    "ptmc fmt spec/linux-2.6.32.ptm"});
  auto options = std::make_shared<fmt_options>();
  sub->add_option("file", options->file, "the file to print")->required();
  sub->callback([options, &context] { context.exit_code = run_fmt(*options); });
}

}  // namespace ptmc::cli

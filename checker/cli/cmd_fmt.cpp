// ptmc fmt: print files in canonical form, or check that they already are. Never writes user files.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "base/status.h"
#include "cli/commands.h"
#include "lang/frontend.h"

namespace ptmc::cli {

namespace {

struct fmt_options {
  std::vector<std::string> files;
  bool check = false;
};

enum class fmt_result { canonical, not_canonical, bad_input };

// Parses one file; prints its canonical form to stdout, or with --check reports on stderr whether the
// file differs from it. Diagnostics go to stderr.
fmt_result format_file(const std::string& path, bool check) {
  source_manager sources;
  diagnostics diags;
  std::string error;
  const source_file* file = sources.load(path, &error);
  if (file == nullptr) {
    diags.file_error("load.cannot-read", path, error);
    diags.print(std::cerr);
    return fmt_result::bad_input;
  }
  std::unique_ptr<lang::source_unit> unit = lang::parse(*file, diags);
  if (diags.has_errors()) {
    diags.print(std::cerr);
    return fmt_result::bad_input;
  }
  const std::string canonical = lang::print(*unit);
  if (!check) {
    std::cout << canonical;
    return fmt_result::canonical;
  }
  if (canonical == file->text()) return fmt_result::canonical;
  std::cerr << path << ": not in canonical form (see `ptmc fmt " << path << "`)\n";
  return fmt_result::not_canonical;
}

// Bad input wins over a formatting difference: exit 2 if any file did not parse, else 1 if any file
// is not canonical (--check), else 0.
int run_fmt(const fmt_options& options) {
  bool bad_input = false;
  bool not_canonical = false;
  for (const std::string& path : options.files) {
    switch (format_file(path, options.check)) {
      case fmt_result::canonical: break;
      case fmt_result::not_canonical: not_canonical = true; break;
      case fmt_result::bad_input: bad_input = true; break;
    }
  }
  if (bad_input) return exit_code(run_outcome::bad_input);
  if (not_canonical) return exit_code(run_outcome::violation);
  return exit_code(run_outcome::all_hold);
}

}  // namespace

void register_fmt(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(app, {"fmt", "print a file in canonical form",
                                    "Parses model, property and scenario files and prints each to stdout in canonical layout (4-space indentation, minimal parentheses, `///` doc comments kept; other comments are dropped), so that reviews of proposals show only meaningful differences. Never writes the files. With --check, prints nothing to stdout and exits 1 if a file is not already canonical. Exit code 2 if a file does not parse.",
                                    "ptmc fmt spec/linux-2.6.32.ptm"});
  auto options = std::make_shared<fmt_options>();
  sub->add_option("files", options->files, "the files to print (.ptm, .inv, .ptl)")->required();
  sub->add_flag("--check", options->check, "exit 1 if a file is not in canonical form, without printing it");
  sub->callback([options, &context] { context.exit_code = run_fmt(*options); });
}

}  // namespace ptmc::cli

// ptmc lint: parse and type-check models, properties and scenarios; print every error.
#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "base/status.h"
#include "cli/commands.h"
#include "lang/lint.h"

namespace ptmc::cli {

namespace {

struct lint_options {
  std::vector<std::string> files;
};

bool lintable(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  return ext == ".ptm" || ext == ".inv" || ext == ".ptl";
}

// The files to check: each file argument as given, and every .ptm/.inv/.ptl under each directory argument
// (recursively), sorted so that the output does not depend on the file system's order. Finding no file at
// all is an error.
std::vector<std::string> expand(const std::vector<std::string>& arguments, diagnostics& diags) {
  std::vector<std::string> files;
  for (const std::string& argument : arguments) {
    std::error_code ec;
    if (std::filesystem::is_directory(argument, ec)) {
      std::vector<std::string> found;
      auto it = std::filesystem::recursive_directory_iterator(argument, ec);
      for (; !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && lintable(it->path())) found.push_back(it->path().lexically_normal().string());
      }
      if (ec) {
        diags.file_error("load.cannot-read", argument, "cannot read directory '" + argument + "': " + ec.message());
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (std::filesystem::exists(argument, ec)) {
      files.push_back(argument);
    } else {
      diags.file_error("load.cannot-read", argument,
                       "cannot read '" + argument + "': no such file or directory");
    }
  }
  // Only directories were named, and none holds a file to check: most likely the wrong directories, and a
  // clean "0 files, 0 errors" would hide that.
  if (files.empty() && !diags.has_errors()) {
    for (const std::string& argument : arguments) {
      diags.file_error("load.no-input-files", argument,
                       "no input files found: no .ptm, .inv or .ptl file under '" + argument + "'");
    }
  }
  return files;
}

int run_lint(const lint_options& options) {
  source_manager sources;
  diagnostics diags;
  const std::vector<std::string> files = expand(options.files, diags);
  lang::linter linter(sources, diags);
  for (const std::string& file : files) linter.check_file(file);
  const diagnostics reported = lang::without_duplicates(diags);
  reported.print(std::cerr);
  std::cout << "lint: " << files.size() << (files.size() == 1 ? " file, " : " files, ") << reported.error_count()
            << (reported.error_count() == 1 ? " error" : " errors") << '\n';
  return exit_code(reported.has_errors() ? run_outcome::bad_input : run_outcome::all_hold);
}

}  // namespace

void register_lint(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(app, {"lint", "parse and type-check models, properties and scenarios; print every error",
                                    "Reads every .ptm, .ptl and .inv file given, or found under the directories given, parses and type-checks it without exploring any state, and prints every error with its file, line, column and the offending source line. A property file or scenario is checked against each model its `for` header names (a scenario with its own parameters). Exit code 0 when all files are clean, 2 otherwise (also when no file is found).",
                                    "ptmc lint spec/ invariants/"});
  auto options = std::make_shared<lint_options>();
  sub->add_option("files", options->files, "files or directories to check")->required();
  sub->callback([options, &context] { context.exit_code = run_lint(*options); });
}

}  // namespace ptmc::cli

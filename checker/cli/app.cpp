#include "cli/app.h"

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "base/status.h"
#include "base/version.h"
#include "cli/commands.h"

namespace ptmc::cli {

namespace {

// The command list in `ptmc --help` shows only the first line of each description; the rest of it is for
// `ptmc <command> --help`.
class ptmc_formatter : public CLI::Formatter {
 public:
  std::string make_subcommand(const CLI::App* sub) const override {
    std::string summary = sub->get_description();
    summary = summary.substr(0, summary.find('\n'));
    std::ostringstream out;
    CLI::detail::format_help(out, sub->get_display_name(true), summary, get_column_width());
    return out.str();
  }
};

constexpr std::string_view app_description =
    "ptmc: an exhaustive model checker for Linux ptrace and job-control semantics.\n"
    "Exit codes: 0 all properties hold, 1 a property is violated or a scenario condition fails,\n"
    "2 bad input or usage, 3 a limit was reached (search incomplete).\n";

// Breaks a paragraph into lines of at most `width` characters at spaces.
std::string wrap(std::string_view text, std::size_t width) {
  std::string result;
  std::size_t line_length = 0;
  while (!text.empty()) {
    std::size_t word_end = text.find(' ');
    std::string_view word = text.substr(0, word_end);
    text = word_end == std::string_view::npos ? std::string_view() : text.substr(word_end + 1);
    if (word.empty()) continue;
    if (line_length > 0 && line_length + 1 + word.size() > width) {
      result += '\n';
      line_length = 0;
    } else if (line_length > 0) {
      result += ' ';
      ++line_length;
    }
    result += word;
    line_length += word.size();
  }
  return result;
}

}  // namespace

CLI::App* add_command(CLI::App& app, const command_help& help) {
  std::string description(help.summary);
  description += "\n\n";
  description += wrap(help.details, 78);
  description += '\n';
  CLI::App* sub = app.add_subcommand(std::string(help.name), description);
  sub->footer("Example:\n  " + std::string(help.example));
  std::string examples = app.get_footer();
  examples += (examples.empty() ? "Examples:\n" : "\n");
  examples += "  " + std::string(help.example);
  app.footer(examples);
  return sub;
}

int not_implemented(std::string_view name) {
  std::cerr << "ptmc " << name << ": not implemented yet\n";
  return exit_code(run_outcome::bad_input);
}

int run(int argc, char** argv) {
  CLI::App app{std::string(app_description), "ptmc"};
  app.formatter(std::make_shared<ptmc_formatter>());
  app.set_version_flag("--version", "ptmc " + std::string(version()), "Print the version and exit");
  // At most one command; "none" is reported below, after CLI11 has reported unknown options and commands.
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  command_context context;
  register_check(app, context);
  register_lint(app, context);
  register_fmt(app, context);
  register_show(app, context);
  register_replay(app, context);
  register_outcomes(app, context);
  register_table(app, context);
  register_describe(app, context);
  register_run_kernel(app, context);
  register_conform(app, context);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's own exit codes are not ours: every usage error is bad input.
    std::string command = "ptmc";
    for (const CLI::App* sub : app.get_subcommands()) command += " " + sub->get_name();
    if (app.get_subcommands().empty() && argc > 1 && argv[1][0] != '-') {
      std::cerr << "ptmc: error: unknown command '" << argv[1] << "'\n";
    } else {
      std::cerr << command << ": error: " << e.what() << '\n';
    }
    std::cerr << "Run '" << command << " --help' for usage.\n";
    return exit_code(run_outcome::bad_input);
  }
  if (app.get_subcommands().empty()) {
    std::cerr << "ptmc: error: a command is required\nRun 'ptmc --help' for usage.\n";
    return exit_code(run_outcome::bad_input);
  }
  return context.exit_code;
}

}  // namespace ptmc::cli

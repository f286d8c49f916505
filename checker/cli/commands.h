// The ptmc subcommands. Each lives in its own cmd_<name>.cpp and registers itself on the top-level app.
#pragma once

#include <CLI/CLI.hpp>
#include <string_view>

namespace ptmc::cli {

// Shared by all subcommands of one invocation: the chosen subcommand's callback sets the exit code,
// which it must obtain from ptmc::exit_code() (base/status.h), never as a literal.
struct command_context {
  int exit_code = 0;
};

// One line for the top-level command list, then a paragraph for `ptmc <name> --help`.
struct command_help {
  std::string_view name;
  std::string_view summary;  // one line, shown by `ptmc --help`
  std::string_view details;  // one paragraph, shown by `ptmc <name> --help`
  std::string_view example;  // one command line
};

// Adds a subcommand with its help text (summary, details, "Example:" footer) and returns it.
CLI::App* add_command(CLI::App& app, const command_help& help);

// Prints "ptmc <name>: not implemented yet" to stderr; returns the bad-input exit code.
int not_implemented(std::string_view name);

void register_check(CLI::App& app, command_context& context);
void register_lint(CLI::App& app, command_context& context);
void register_fmt(CLI::App& app, command_context& context);
void register_show(CLI::App& app, command_context& context);
void register_replay(CLI::App& app, command_context& context);
void register_outcomes(CLI::App& app, command_context& context);
void register_table(CLI::App& app, command_context& context);
void register_describe(CLI::App& app, command_context& context);
void register_run_kernel(CLI::App& app, command_context& context);
void register_conform(CLI::App& app, command_context& context);

}  // namespace ptmc::cli

// The ptmc command line: parses arguments, runs one subcommand, returns the process exit code.
#pragma once

namespace ptmc::cli {

// Runs `ptmc argv...`. Help and version print to stdout and return 0; a usage error prints a message to
// stderr and returns the bad-input exit code (2); otherwise returns what the subcommand decided.
int run(int argc, char** argv);

}  // namespace ptmc::cli

// The ptmc executable.
#include "cli/app.h"

int main(int argc, char** argv) { return ptmc::cli::run(argc, argv); }

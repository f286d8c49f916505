// Internal invariants: a broken assumption is a bug, reported with file, line and reason.
// User errors never go through here; they are diagnostics.
#pragma once

namespace ptmc {
[[noreturn]] void invariant_failed(const char* file, int line, const char* condition, const char* reason);
}  // namespace ptmc

#define PTMC_INVARIANT(cond, reason)                                   \
  do {                                                                 \
    if (!(cond)) ::ptmc::invariant_failed(__FILE__, __LINE__, #cond, reason); \
  } while (0)

#define PTMC_UNREACHABLE(reason) ::ptmc::invariant_failed(__FILE__, __LINE__, "unreachable", reason)

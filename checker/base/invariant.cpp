#include "base/invariant.h"

#include <cstdio>
#include <cstdlib>

namespace ptmc {

void invariant_failed(const char* file, int line, const char* condition, const char* reason) {
  // stdio rather than iostreams: the process may be in a bad state, and this must get out before abort.
  std::fprintf(stderr, "%s:%d: internal error: %s (%s)\n", file, line, reason, condition);
  std::fflush(stderr);
  std::abort();
}

}  // namespace ptmc

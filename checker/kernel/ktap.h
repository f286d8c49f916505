// KTAP version 1 output (the kernel's test reporting format, Documentation/dev-tools/ktap.rst):
// one test per scenario, with diagnostic lines.
#pragma once

#include <string>
#include <vector>

namespace ptmc::kernel {

struct ktap_test {
  std::string name;                       // no '#' and no newline (replaced)
  bool ok = false;
  std::string skip_reason;                // non-empty: "ok N name # SKIP reason"
  std::vector<std::string> diagnostics;   // printed before the result line, each as "# line"
};

// The whole document: "KTAP version 1", "1..N", then per test its diagnostics and result line.
std::string to_ktap(const std::vector<ktap_test>& tests);

}  // namespace ptmc::kernel

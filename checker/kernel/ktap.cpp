// KTAP version 1 text.
#include "kernel/ktap.h"

namespace ptmc::kernel {
namespace {

// A test name or directive reason on one line, without the '#' that would start a directive.
std::string one_line(const std::string& s, bool allow_hash) {
  std::string out;
  for (const char c : s) {
    if (c == '\n' || c == '\r') out += ' ';
    else if (c == '#' && !allow_hash) out += '_';
    else out += c;
  }
  return out;
}

}  // namespace

std::string to_ktap(const std::vector<ktap_test>& tests) {
  std::string out = "KTAP version 1\n1.." + std::to_string(tests.size()) + "\n";
  for (std::size_t i = 0; i < tests.size(); ++i) {
    const ktap_test& t = tests[i];
    for (std::string d : t.diagnostics) {
      if (!d.empty() && d.back() == '\n') d.pop_back();   // a block's last newline adds no line
      std::size_t start = 0;
      while (start <= d.size()) {
        const std::size_t end = d.find('\n', start);
        const std::string line = d.substr(start, end == std::string::npos ? std::string::npos : end - start);
        out += line.empty() ? "#\n" : "# " + line + "\n";
        if (end == std::string::npos) break;
        start = end + 1;
      }
    }
    const bool skipped = !t.skip_reason.empty();
    out += (t.ok || skipped ? "ok " : "not ok ") + std::to_string(i + 1) + " " + one_line(t.name, false);
    if (skipped) out += " # SKIP " + one_line(t.skip_reason, false);
    out += "\n";
  }
  return out;
}

}  // namespace ptmc::kernel

// A checker of KTAP version 1 documents (Documentation/dev-tools/ktap.rst), for the tests of
// `--ktap` output: version line, plan, then result lines numbered 1..N in order, diagnostic lines
// ("#" or "# ...") anywhere after the version line, directives only "# SKIP" (and "# TODO",
// "# XFAIL", "# TIMEOUT", "# ERROR" as the format allows); no subtests.
#pragma once

#include <regex>
#include <sstream>
#include <string>

namespace ptmc::test {

// "" when `text` is a valid flat KTAP v1 document, else what is wrong and on which line.
inline std::string ktap_grammar_error(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int number = 0, plan = -1, next = 1;
  const std::regex result(R"(^(ok|not ok) ([0-9]+)( [^#]*[^# ])?( # (SKIP|TODO|XFAIL|TIMEOUT|ERROR)( .*)?)?$)");
  const std::regex plan_line(R"(^1\.\.([0-9]+)$)");
  while (std::getline(in, line)) {
    ++number;
    const std::string where = "line " + std::to_string(number) + ": ";
    if (number == 1) {
      if (line != "KTAP version 1") return where + "expected 'KTAP version 1', got '" + line + "'";
      continue;
    }
    std::smatch m;
    if (number == 2) {
      if (!std::regex_match(line, m, plan_line)) return where + "expected the plan '1..N', got '" + line + "'";
      plan = std::stoi(m[1]);
      continue;
    }
    if (line == "#" || line.rfind("# ", 0) == 0) continue;
    if (!std::regex_match(line, m, result)) return where + "neither a result nor a diagnostic line: '" + line + "'";
    if (std::stoi(m[2]) != next) return where + "test number " + std::string(m[2]) + ", expected " + std::to_string(next);
    ++next;
  }
  if (number < 2) return "missing version or plan line";
  if (next - 1 != plan) return "plan says " + std::to_string(plan) + " tests, found " + std::to_string(next - 1);
  if (!text.empty() && text.back() != '\n') return "the document does not end with a newline";
  return "";
}

}  // namespace ptmc::test

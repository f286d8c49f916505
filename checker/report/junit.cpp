#include "report/junit.h"

#include <cstddef>
#include <vector>

#include "base/version.h"
#include "report/detail/text.h"

namespace ptmc::report {

namespace {

// Valid XML text and attribute values: printable first (XML 1.0 forbids most control characters
// even as references), then the five special characters.
std::string xml_escape(std::string_view text) {
  std::string out;
  for (const char c : detail::printable(text)) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string attribute(std::string_view name, std::string_view value) {
  return " " + std::string(name) + "=\"" + xml_escape(value) + "\"";
}

struct counts {
  std::size_t tests = 0, failures = 0, errors = 0, skipped = 0;
};

counts count(const check_summary& summary) {
  counts c;
  for (const property_result& p : summary.properties) {
    ++c.tests;
    if (p.result == verdict::violated) ++c.failures;
    if (p.result == verdict::unknown) ++c.errors;
    if (p.result == verdict::vacuous) ++c.skipped;
  }
  return c;
}

std::string count_attributes(const counts& c) {
  return attribute("tests", std::to_string(c.tests)) + attribute("failures", std::to_string(c.failures)) +
         attribute("errors", std::to_string(c.errors));
}

std::string property_line(std::string_view name, std::string_view value) {
  return "      <property" + attribute("name", name) + attribute("value", value) + "/>\n";
}

std::string run_properties(const run_info& run) {
  std::string out = "    <properties>\n";
  out += property_line("ptmc-version", run.tool_version.empty() ? std::string(version()) : run.tool_version);
  out += property_line("model-file", run.model_file);
  out += property_line("complete", run.complete ? "true" : "false");
  for (const auto& [name, value] : run.params) out += property_line("param." + name, std::to_string(value));
  return out + "    </properties>\n";
}

// "file:line:col", leaving out a line or column that is not known (0).
std::string location_text(const ir::source_loc& where) {
  std::string text = where.file;
  if (where.line > 0) text += ":" + std::to_string(where.line);
  if (where.line > 0 && where.column > 0) text += ":" + std::to_string(where.column);
  return text;
}

// The body of a <failure> or <error>: one "label: value" line per known detail.
std::string details(const property_result& p) {
  std::vector<std::string> lines;
  if (!p.trace_path.empty()) lines.push_back("counterexample: " + p.trace_path);
  if (!p.location.file.empty()) lines.push_back("at: " + location_text(p.location));
  if (!p.limit.empty())
    lines.push_back("unverified: not violated within " + std::to_string(p.within_states) +
                    " states; the search stopped: " + p.limit);
  if (!p.doc.empty()) lines.push_back("property: " + p.doc);
  std::string out;
  for (const std::string& line : lines) out += xml_escape(line) + "\n";
  return out;
}

std::string testcase(const check_summary& summary, const property_result& p) {
  const std::string classname = p.kind.empty() ? summary.run.model : summary.run.model + "." + p.kind;
  std::string out = "    <testcase" + attribute("name", p.name) + attribute("classname", classname);
  if (p.result == verdict::holds) return out + "/>\n";
  if (p.result == verdict::vacuous) {
    // Vacuous: it holds, but only because its premise never does; a test that proved nothing.
    const std::string message = "vacuous" + (p.message.empty() ? std::string() : ": " + p.message);
    return out + ">\n      <skipped" + attribute("message", message) + "/>\n    </testcase>\n";
  }
  const bool violated = p.result == verdict::violated;
  const std::string element = violated ? "failure" : "error";
  const std::string message = !p.message.empty() ? p.message
                              : violated         ? "violated"
                              : !p.limit.empty() ? "unverified: search incomplete (" + p.limit + ")"
                                                 : "unverified: undecided";
  out += ">\n      <" + element + attribute("type", to_string(p.result)) + attribute("message", message);
  const std::string body = details(p);
  out += body.empty() ? "/>\n" : ">" + body + "</" + element + ">\n";
  return out + "    </testcase>\n";
}

}  // namespace

std::string to_junit_xml(const check_summary& summary) {
  const counts c = count(summary);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<testsuites" + attribute("name", "ptmc") + count_attributes(c) + ">\n";
  out += "  <testsuite" + attribute("name", summary.run.model) + count_attributes(c) +
         attribute("skipped", std::to_string(c.skipped)) + ">\n";
  out += run_properties(summary.run);
  for (const property_result& p : summary.properties) out += testcase(summary, p);
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

}  // namespace ptmc::report

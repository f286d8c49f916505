// JUnit XML and SARIF: golden files (tests/golden/junit/<case>/expected.xml,
// tests/golden/sarif/<case>/expected.sarif.json), determinism and escaping.
#include <gtest/gtest.h>

#include <string>

#include "report/json_summary.h"
#include "report/junit.h"
#include "report/sarif.h"
#include "report_fixture.h"

namespace ptmc::report {
namespace {

using fixture::golden_path;
using fixture::matches_golden_file;

property_result result(std::string name, std::string kind, verdict v) {
  property_result p;
  p.name = std::move(name);
  p.kind = std::move(kind);
  p.result = v;
  return p;
}

// Every verdict, with and without trace and location, and text that needs escaping.
check_summary mixed_summary() {
  check_summary s;
  s.run.tool_version = "0.0.0-test";
  s.run.model = "sigkill-detach";
  s.run.model_file = "spec/proposals/sigkill-detach.ptm";
  s.run.params = {{"NTHREADS", 2}, {"MAXENGINES", 2}};
  s.run.complete = false;

  property_result holds = result("no_double_attach", "invariant", verdict::holds);
  holds.doc = "A task has at most one tracer.";
  property_result violated = result("no_thread_runs_while_group_stopped", "invariant", verdict::violated);
  violated.doc = "While the group is stopped, no thread runs.";
  violated.message = "thread[1] is RUNNING while the group is stopped";
  violated.trace_path = "counterexamples/no_thread_runs_while_group_stopped.itf.json";
  violated.location = ir::source_loc{"spec/proposals/sigkill-detach.ptm", 27, 5};
  property_result unknown = result("sigkill_after_detach_takes_effect", "leads-to", verdict::unknown);
  unknown.message = "the search stopped at --max-states=1000";
  property_result scenario =
      result("detach-kill: exists (wait_status = <SIGKILL> & \"dead\")", "scenario", verdict::violated);
  scenario.message = "no execution ends with 'dead' \x1b[31m";
  scenario.trace_path = "counterexamples/my trace.itf.json";
  scenario.location = ir::source_loc{"spec/linux 2.6.32.ptm", 12, 0};
  s.properties = {holds, violated, unknown, scenario};
  return s;
}

check_summary all_hold_summary() {
  check_summary s;
  s.run.tool_version = "0.0.0-test";
  s.run.model = "linux-2.6.32";
  s.run.model_file = "spec/linux-2.6.32.ptm";
  s.properties = {result("no_double_attach", "invariant", verdict::holds),
                  result("group_exit_completes", "leads-to", verdict::holds)};
  return s;
}

// A run where one property holds and two hold only vacuously.
check_summary vacuous_summary() {
  check_summary s;
  s.run.tool_version = "0.0.0-test";
  s.run.model = "counter";
  s.run.model_file = "spec/examples/counter.ptm";
  property_result leads_to = result("reset_clears", "leads-to", verdict::vacuous);
  leads_to.message = "P holds in no reachable state";
  leads_to.location = ir::source_loc{"spec/examples/counter-liveness.inv", 7, 10};
  property_result implication = result("done_recorded", "invariant", verdict::vacuous);
  implication.message = "the premise of the implication holds in no reachable state";
  s.properties = {result("count_in_range", "invariant", verdict::holds), leads_to, implication};
  return s;
}

TEST(junit_golden, mixed) {
  EXPECT_TRUE(
      matches_golden_file(golden_path("junit", "mixed", "expected.xml"), to_junit_xml(mixed_summary())));
}

TEST(junit_golden, all_hold) {
  EXPECT_TRUE(matches_golden_file(golden_path("junit", "all-hold", "expected.xml"),
                                  to_junit_xml(all_hold_summary())));
}

TEST(sarif_golden, mixed) {
  EXPECT_TRUE(matches_golden_file(golden_path("sarif", "mixed", "expected.sarif.json"),
                                  to_sarif_json(mixed_summary())));
}

TEST(sarif_golden, all_hold) {
  EXPECT_TRUE(matches_golden_file(golden_path("sarif", "all-hold", "expected.sarif.json"),
                                  to_sarif_json(all_hold_summary())));
}

TEST(junit_golden, vacuous) {
  EXPECT_TRUE(matches_golden_file(golden_path("junit", "vacuous", "expected.xml"), to_junit_xml(vacuous_summary())));
}

TEST(sarif_golden, vacuous) {
  EXPECT_TRUE(matches_golden_file(golden_path("sarif", "vacuous", "expected.sarif.json"),
                                  to_sarif_json(vacuous_summary())));
}

TEST(junit, vacuous_is_skipped_with_its_reason) {
  const std::string xml = to_junit_xml(vacuous_summary());
  EXPECT_NE(xml.find("tests=\"3\" failures=\"0\" errors=\"0\" skipped=\"2\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<skipped message=\"vacuous: P holds in no reachable state\"/>"), std::string::npos) << xml;
}

TEST(sarif, vacuous_is_a_warning_for_review) {
  const std::string sarif = to_sarif_json(vacuous_summary());
  EXPECT_NE(sarif.find("\"kind\": \"review\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("\"level\": \"warning\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("Property reset_clears holds only vacuously: P holds in no reachable state."), std::string::npos)
      << sarif;
  EXPECT_EQ(sarif.find("\"ruleId\": \"count_in_range\""), std::string::npos) << sarif;
}

TEST(ci_reports, are_deterministic) {
  EXPECT_EQ(to_junit_xml(mixed_summary()), to_junit_xml(mixed_summary()));
  EXPECT_EQ(to_sarif_json(mixed_summary()), to_sarif_json(mixed_summary()));
}

TEST(junit, escapes_markup_and_control_characters) {
  const std::string xml = to_junit_xml(mixed_summary());
  EXPECT_NE(xml.find("name=\"detach-kill: exists (wait_status = &lt;SIGKILL&gt; &amp; &quot;dead&quot;)\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("with &apos;dead&apos; \\x1b[31m\""), std::string::npos) << xml;
  EXPECT_EQ(xml.find('\x1b'), std::string::npos);
}

TEST(junit, unknown_is_an_error_not_a_pass) {
  const std::string xml = to_junit_xml(mixed_summary());
  EXPECT_NE(xml.find("<testsuites name=\"ptmc\" tests=\"4\" failures=\"2\" errors=\"1\">"), std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error type=\"unknown\" message=\"the search stopped at --max-states=1000\"/>"),
            std::string::npos)
      << xml;
}

TEST(sarif, results_only_for_violated_and_unknown_properties) {
  const std::string sarif = to_sarif_json(mixed_summary());
  EXPECT_EQ(sarif.find("\"ruleId\": \"no_double_attach\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("\"ruleId\": \"no_thread_runs_while_group_stopped\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("\"kind\": \"open\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("\"uri\": \"spec/linux%202.6.32.ptm\""), std::string::npos) << sarif;
}

// A run cut short by --max-states: one property violated within the limit, the others not
// violated in the states explored, so unknown with the bound.
check_summary incomplete_summary() {
  check_summary s;
  s.run.tool_version = "0.0.0-test";
  s.run.model = "jobctl-toy";
  s.run.model_file = "spec/examples/jobctl-toy.ptm";
  s.run.params = {{"NTHREADS", 2}};
  s.run.complete = false;
  s.runs.push_back(run_stats{"", 2, "state limit reached", 1000, 2811, 5, true, 18, 16, -1});
  const auto unverified = [](std::string name, std::string kind) {
    property_result p = result(std::move(name), std::move(kind), verdict::unknown);
    p.message = "not violated within 1000 states (search incomplete: state limit reached)";
    p.within_states = 1000;
    p.limit = "state limit reached";
    return p;
  };
  property_result violated = result("stopped_group_stays_stopped", "invariant", verdict::violated);
  violated.message = "invariant violated";
  violated.trace_path = "cex/jobctl-toy--stopped_group_stays_stopped.itf.json";
  violated.location = ir::source_loc{"spec/examples/jobctl-toy.ptm", 80, 5};
  s.properties = {unverified("traced_means_ptraced", "invariant"), violated, unverified("model-error", "model-error")};
  return s;
}

TEST(junit_golden, incomplete) {
  EXPECT_TRUE(
      matches_golden_file(golden_path("junit", "incomplete", "expected.xml"), to_junit_xml(incomplete_summary())));
}

TEST(sarif_golden, incomplete) {
  EXPECT_TRUE(matches_golden_file(golden_path("sarif", "incomplete", "expected.sarif.json"),
                                  to_sarif_json(incomplete_summary())));
}

TEST(junit, a_property_not_violated_in_an_incomplete_search_never_passes) {
  const std::string xml = to_junit_xml(incomplete_summary());
  EXPECT_NE(xml.find("tests=\"3\" failures=\"1\" errors=\"2\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("<error type=\"unknown\" message=\"not violated within 1000 states (search incomplete: state "
                     "limit reached)\">unverified: not violated within 1000 states; the search stopped: state limit "
                     "reached\n</error>"),
            std::string::npos)
      << xml;
  EXPECT_EQ(xml.find("name=\"traced_means_ptraced\" classname=\"jobctl-toy.invariant\"/>"), std::string::npos) << xml;
}

TEST(sarif, a_property_not_violated_in_an_incomplete_search_is_a_warning) {
  const std::string sarif = to_sarif_json(incomplete_summary());
  EXPECT_NE(sarif.find("\"ruleId\": \"traced_means_ptraced\""), std::string::npos) << sarif;
  EXPECT_NE(sarif.find("Property traced_means_ptraced is unverified: not violated within 1000 states (search "
                       "incomplete: state limit reached)."),
            std::string::npos)
      << sarif;
  EXPECT_NE(sarif.find("\"toolExecutionNotifications\""), std::string::npos) << sarif;
  // Complete runs carry no such notification.
  EXPECT_EQ(to_sarif_json(all_hold_summary()).find("toolExecutionNotifications"), std::string::npos);
}

TEST(json_summary, an_incomplete_search_gives_unknown_verdicts_with_their_bound) {
  const std::string json = to_json_summary(incomplete_summary());
  EXPECT_NE(json.find("\"complete\": false"), std::string::npos) << json;
  EXPECT_NE(json.find("\"verdict\": \"violated\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"exit-code\": 1"), std::string::npos) << json;
  EXPECT_NE(json.find("\"name\": \"traced_means_ptraced\",\n      \"kind\": \"invariant\",\n      \"verdict\": "
                      "\"unknown\",\n      \"message\": \"not violated within 1000 states (search incomplete: "
                      "state limit reached)\",\n      \"bound\": {\"states\": 1000, \"limit\": \"state limit reached\"}"),
            std::string::npos)
      << json;
  EXPECT_EQ(json.find("\"holds\""), std::string::npos) << json;
  // Without the violation the run is unknown: exit 3.
  check_summary open = incomplete_summary();
  open.properties.erase(open.properties.begin() + 1);
  const std::string unknown = to_json_summary(open);
  EXPECT_NE(unknown.find("\"verdict\": \"unknown\",\n  \"vacuous\": 0,\n  \"exit-code\": 3"), std::string::npos)
      << unknown;
}

}  // namespace
}  // namespace ptmc::report

// Text rendering: change detection, lasso markers, odd inputs (golden files: golden_test.cpp).
#include "report/render.h"

#include <gtest/gtest.h>

#include <string>

#include "report/itf.h"
#include "report/itf_reader.h"
#include "report_fixture.h"

namespace ptmc::report {
namespace {

using fixture::make_lasso_trace;
using fixture::make_meta;
using fixture::make_model;
using fixture::make_violation_trace;

TEST(render, is_deterministic) {
  const ir::model m = make_model();
  const explore::trace t = make_lasso_trace(m);
  const std::string json = to_itf_json(m, t, make_meta(m, t));
  std::string error;
  const std::optional<itf_trace> first = parse_itf(json, "x", &error);
  const std::optional<itf_trace> second = parse_itf(json, "x", &error);
  ASSERT_TRUE(first && second) << error;
  EXPECT_EQ(render_text(*first), render_text(*second));
}

itf_trace parse_or_fail(const std::string& text) {
  std::string error;
  std::optional<itf_trace> trace = parse_itf(text, "inline", &error);
  EXPECT_TRUE(trace) << error;
  return trace ? *trace : itf_trace{};
}

TEST(render, a_loop_back_to_the_initial_state_is_marked_before_it) {
  const itf_trace trace = parse_or_fail(R"({"vars": ["x"], "states": [{"x": 0}, {"x": 1}], "loop": 0})");
  EXPECT_EQ(render_text(trace),
            "-- loop starts here --\n"
            "Initial state:\n"
            "  x: 0\n"
            "\n"
            "Step 1:\n"
            "  x: 0 -> 1\n"
            "-- back to state 0 --\n");
}

TEST(render, marks_the_trigger_state_of_a_leads_to_trace) {
  const itf_trace trace = parse_or_fail(
      R"({"vars": ["x"], "states": [{"x": 0}, {"#meta": {"trigger": true, "loop-start": true}, "x": 1},
          {"x": 2}, {"x": 1}], "loop": 1})");
  EXPECT_EQ(render_text(trace),
            "Initial state:\n"
            "  x: 0\n"
            "\n"
            "-- the trigger holds here --\n"
            "-- loop starts here --\n"
            "Step 1:\n"
            "  x: 0 -> 1\n"
            "\n"
            "Step 2:\n"
            "  x: 1 -> 2\n"
            "\n"
            "Step 3:\n"
            "  x: 2 -> 1\n"
            "-- back to state 1 --\n");
}

TEST(render, lists_only_changed_fields_and_elements) {
  const itf_trace trace = parse_or_fail(R"({"vars": ["a", "b"], "states": [
    {"a": {"#map": [["k", {"f": 1, "g": {"tag": "Some", "value": {"h": 2}}}], ["l", {"f": 1, "g": {"tag": "None", "value": {"#tup": []}}}]]},
     "b": [1, 2]},
    {"a": {"#map": [["k", {"f": 1, "g": {"tag": "Some", "value": {"h": 3}}}], ["l", {"f": 5, "g": {"tag": "Some", "value": {"h": 4}}}]]},
     "b": [2, 1]},
    {"#meta": {"step": {"process": "p", "transition": "t", "source": "m.ptm:3:1"}},
     "a": {"#map": [["k", {"f": 1, "g": {"tag": "Some", "value": {"h": 3}}}], ["l", {"f": 5, "g": {"tag": "Some", "value": {"h": 4}}}]]},
     "b": [2, 1]}
  ]})");
  EXPECT_EQ(render_text(trace),
            "Initial state:\n"
            "  a[k]: {f: 1, g: {h: 2}}\n"
            "  a[l]: {f: 1, g: none}\n"
            "  b: [1, 2]\n"
            "\n"
            "Step 1:\n"
            "  a[k].g.h: 2 -> 3\n"
            "  a[l].f: 1 -> 5\n"
            "  a[l].g: none -> {h: 4}\n"
            "  b: [1, 2] -> [2, 1]\n"
            "\n"
            "Step 2: p t  (m.ptm:3)\n"
            "  (no variable changed)\n");
}

TEST(render, sources_without_a_column_are_shown_as_they_are) {
  const itf_trace trace = parse_or_fail(R"({"vars": [], "states": [{}, {"#meta": {"step": {"source": "a:b"}}},
    {"#meta": {"step": {"source": "f.ptm:12"}}}]})");
  const std::string text = render_text(trace);
  EXPECT_NE(text.find("Step 1:  (a:b)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("Step 2:  (f.ptm:12)\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace ptmc::report

// Golden files: tests/golden/itf/<case>/expected.itf.json (the ITF written for the fixture traces)
// and tests/golden/show/<case>/expected.txt (their rendering, and that of foreign ITF files).
// PTMC_UPDATE_GOLDEN=1 rewrites them from the actual output.
#include "support/golden.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "report/itf.h"
#include "report/itf_reader.h"
#include "report/render.h"
#include "report_fixture.h"

namespace ptmc::report {
namespace {

using fixture::golden_path;
using fixture::make_lasso_trace;
using fixture::make_meta;
using fixture::make_model;
using fixture::make_violation_trace;
using fixture::matches_golden_file;

TEST(itf_golden, violation) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  EXPECT_TRUE(matches_golden_file(golden_path("itf", "violation", "expected.itf.json"),
                                  to_itf_json(m, t, make_meta(m, t))));
}

TEST(itf_golden, lasso) {
  const ir::model m = make_model();
  const explore::trace t = make_lasso_trace(m);
  EXPECT_TRUE(matches_golden_file(golden_path("itf", "lasso", "expected.itf.json"),
                                  to_itf_json(m, t, make_meta(m, t))));
}

// A show case renders tests/golden/show/<case>/input.itf.json if present, else the ITF golden file
// of the same name (so the show goldens follow the ITF goldens).
std::filesystem::path show_input(const std::string& case_name) {
  const std::filesystem::path own = golden_path("show", case_name, "input.itf.json");
  return std::filesystem::exists(own) ? own : golden_path("itf", case_name, "expected.itf.json");
}

TEST(show_golden, every_case) {
  const std::vector<std::string> cases = golden::cases("show");
  EXPECT_GE(cases.size(), 3U);
  for (const std::string& name : cases) {
    std::string error;
    const std::optional<itf_trace> trace = read_itf_file(show_input(name), &error);
    ASSERT_TRUE(trace) << error;
    EXPECT_TRUE(matches_golden_file(golden_path("show", name, "expected.txt"), render_text(*trace))) << name;
  }
}

// Rendering what was written equals rendering the ITF golden file: the golden files cannot drift apart.
TEST(show_golden, rendering_a_written_trace_matches) {
  const ir::model m = make_model();
  for (const auto& [name, trace] :
       {std::pair{"violation", make_violation_trace(m)}, std::pair{"lasso", make_lasso_trace(m)}}) {
    std::string error;
    const std::optional<itf_trace> read = parse_itf(to_itf_json(m, trace, make_meta(m, trace)), name, &error);
    ASSERT_TRUE(read) << error;
    EXPECT_TRUE(matches_golden_file(golden_path("show", name, "expected.txt"), render_text(*read))) << name;
  }
}

}  // namespace
}  // namespace ptmc::report

// ITF output: determinism and layout details (the golden files are checked in golden_test.cpp).
#include "report/itf.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "report/itf_reader.h"
#include "report_fixture.h"

namespace ptmc::report {
namespace {

using fixture::make_lasso_trace;
using fixture::make_meta;
using fixture::make_model;
using fixture::make_violation_trace;

TEST(itf, same_inputs_give_identical_bytes) {
  const ir::model first_model = make_model();
  const ir::model second_model = make_model();
  for (const auto make : {&make_violation_trace, &make_lasso_trace}) {
    const explore::trace first = make(first_model);
    const explore::trace second = make(second_model);
    EXPECT_EQ(to_itf_json(first_model, first, make_meta(first_model, first)),
              to_itf_json(second_model, second, make_meta(second_model, second)));
  }
}

TEST(itf, ends_with_one_newline_and_uses_two_space_indentation) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  const std::string text = to_itf_json(m, t, make_meta(m, t));
  ASSERT_GE(text.size(), 2U);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text[text.size() - 2], '\n');
  EXPECT_EQ(text.rfind("{\n  \"#meta\": {\n    \"format\": \"ITF\",\n", 0), 0U);
}

TEST(itf, lists_globals_before_process_variables) {
  const ir::model m = make_model();
  ASSERT_EQ(m.variables.front().name, "tracer.pc");  // declared first in the model
  const explore::trace t = make_violation_trace(m);
  std::string error;
  const std::optional<itf_trace> read = parse_itf(to_itf_json(m, t, make_meta(m, t)), "x", &error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->vars, (std::vector<std::string>{"group_stopped", "group_stop_count", "last_signal",
                                                  "leader", "shared_pending", "task", "engines", "tracer_of",
                                                  "last_report", "tracer.pc", "thread[0].pc",
                                                  "thread[0].signr", "thread[1].pc", "thread[1].signr",
                                                  "mbt::actionTaken", "mbt::nondetPicks"}));
}

TEST(itf, records_the_step_in_quint_mbt_entries) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  std::string error;
  const std::optional<itf_trace> read = parse_itf(to_itf_json(m, t, make_meta(m, t)), "x", &error);
  ASSERT_TRUE(read) << error;
  const itf_value* action = read->states.back().find("mbt::actionTaken");
  ASSERT_NE(action, nullptr);
  EXPECT_EQ(action->text, read->states.back().step.transition);
  const itf_value* picks = read->states.back().find("mbt::nondetPicks");
  ASSERT_NE(picks, nullptr);
  for (const auto& [name, pick] : picks->fields) EXPECT_EQ(pick.text, "Some") << name;
  EXPECT_EQ(read->states.front().find("mbt::actionTaken")->text, "init");
}

TEST(itf, only_lassos_have_a_loop) {
  const ir::model m = make_model();
  const explore::trace violation = make_violation_trace(m);
  const explore::trace lasso = make_lasso_trace(m);
  const std::string violation_text = to_itf_json(m, violation, make_meta(m, violation));
  const std::string lasso_text = to_itf_json(m, lasso, make_meta(m, lasso));
  EXPECT_EQ(violation_text.find("\"loop"), std::string::npos);
  EXPECT_NE(lasso_text.find("\n  \"loop\": 1\n}\n"), std::string::npos);
  EXPECT_NE(lasso_text.find("\"loop-start\": true"), std::string::npos);
}

TEST(itf, empty_property_in_meta_takes_the_trace_property) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  trace_meta meta = make_meta(m, t);
  meta.property.clear();
  EXPECT_NE(to_itf_json(m, t, meta).find("\"property\": \"no_thread_runs_while_group_stopped\""),
            std::string::npos);
  meta.property = "renamed";
  EXPECT_NE(to_itf_json(m, t, meta).find("\"property\": \"renamed\""), std::string::npos);
}

TEST(itf, meta_from_model_takes_name_chain_params_and_version) {
  const ir::model m = make_model();
  const trace_meta meta = meta_from_model(m);
  EXPECT_EQ(meta.model, "sigkill-detach");
  EXPECT_EQ(meta.chain, (std::vector<std::string>{"sigkill-detach", "linux-2.6.32"}));
  EXPECT_EQ(meta.params.size(), 2U);
  EXPECT_FALSE(meta.ptmc_version.empty());
}

TEST(itf, invalid_utf8_in_names_does_not_throw) {
  ir::model m = make_model();
  m.processes.front().name = "bad\xff name";  // the tracer
  const explore::trace t = make_violation_trace(m);
  std::string text;
  EXPECT_NO_THROW(text = to_itf_json(m, t, make_meta(m, t)));
  EXPECT_NE(text.find("bad\xef\xbf\xbd name"), std::string::npos);  // U+FFFD
}

TEST(itf, kinds_have_stable_names) {
  EXPECT_EQ(to_string(explore::trace_kind::invariant_violation), "invariant_violation");
  EXPECT_EQ(to_string(explore::trace_kind::model_error), "model_error");
  EXPECT_EQ(to_string(explore::trace_kind::hang), "hang");
  EXPECT_EQ(to_string(explore::trace_kind::lasso), "lasso");
  EXPECT_EQ(to_string(explore::trace_kind::stuck), "stuck");
  EXPECT_EQ(to_string(explore::trace_kind::scenario), "scenario");
}

TEST(itf, a_leads_to_trace_names_its_trigger_state) {
  const ir::model m = make_model();
  explore::trace t = make_lasso_trace(m);
  EXPECT_EQ(to_itf_json(m, t, make_meta(m, t)).find("trigger"), std::string::npos);
  t.trigger_index = 2;
  const std::string text = to_itf_json(m, t, make_meta(m, t));
  EXPECT_NE(text.find("\"trigger-state\": 2,"), std::string::npos) << text;
  std::string error;
  const std::optional<itf_trace> read = parse_itf(text, "x", &error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->meta_value("trigger-state"), "2");
  for (std::size_t i = 0; i < read->states.size(); ++i) EXPECT_EQ(read->states[i].trigger, i == 2) << i;
}

}  // namespace
}  // namespace ptmc::report

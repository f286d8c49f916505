// The condition evaluator over observed outcomes, and condition verdicts as `ptmc outcomes` has them.
#include "kernel/outcome.h"

#include <gtest/gtest.h>

#include <memory>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/frontend.h"

namespace ptmc::kernel {
namespace {

// A checked scenario whose conditions the tests evaluate.
struct conditions_fixture : ::testing::Test {
  source_manager sources;
  diagnostics diags;
  std::unique_ptr<lang::model_program> model;
  std::unique_ptr<lang::scenario_program> scenario;

  void load(const std::string& conditions) {
    lang::frontend front(sources, diags);
    const std::string path = std::string(PTMC_SOURCE_ROOT) + "/spec/scenarios/kernel-unit-test.ptl";
    const source_file* f = sources.add(path, "scenario kernel_unit for \"../linux-6.18.ptm\";\n"
                                             "param NTHREADS = 1;\n"
                                             "program parent as PARENT { k = kill(SIGSTOP); a = ptrace_attach(Tid(0)); }\n"
                                             "observe fate = state[Tid(0)];\n" +
                                                 conditions);
    scenario = front.parse_scenario(*f);
    ASSERT_TRUE(scenario);
    model = front.load_model(std::string(PTMC_SOURCE_ROOT) + "/spec/linux-6.18.ptm", scenario->params);
    ASSERT_TRUE(model);
    ASSERT_TRUE(front.check_scenario(*scenario, *model));
  }
  const lang::expr& condition(std::size_t i) { return *scenario->conditions.at(i)->value; }
};

outcome make(std::string k, std::string a, std::string fate) {
  outcome o;
  o.values = {{"parent.k", std::move(k)}, {"parent.a", std::move(a)}, {"fate", std::move(fate)}};
  return o;
}

TEST_F(conditions_fixture, EvaluatesRegistersObservationsAndConnectives) {
  load("exists (parent.k == OK && fate == STOPPED);\n"
       "exists (parent.a != OK || !(fate == TRACED));\n"
       "exists (parent.k == ESRCH -> fate == DEAD);\n"
       "exists (fate == RUNNING ? parent.a == OK : parent.a == EPERM);\n");
  const outcome o = make("OK", "EPERM", "STOPPED");
  EXPECT_EQ(evaluate(condition(0), o.values), true);
  EXPECT_EQ(evaluate(condition(1), o.values), true);
  EXPECT_EQ(evaluate(condition(2), o.values), true);   // false -> anything
  EXPECT_EQ(evaluate(condition(3), o.values), true);
  const outcome p = make("OK", "OK", "TRACED");
  EXPECT_EQ(evaluate(condition(0), p.values), false);
  EXPECT_EQ(evaluate(condition(1), p.values), false);
  EXPECT_EQ(evaluate(condition(3), p.values), false);
}

TEST_F(conditions_fixture, UnmappedValuesNeverEqualAModelName) {
  load("exists (parent.a == OK);\nexists (parent.a != OK);\n");
  const outcome o = make("OK", "unmapped: errno 22 (EINVAL)", "RUNNING");
  EXPECT_EQ(evaluate(condition(0), o.values), false);
  EXPECT_EQ(evaluate(condition(1), o.values), true);
}

TEST_F(conditions_fixture, MissingValuesAreUnknownUnlessTheOtherSideDecides) {
  load("exists (parent.a == OK);\nexists (parent.a == OK && parent.k == ESRCH);\nexists (parent.a == OK || true);\n");
  outcome o;
  o.values = {{"parent.k", "OK"}};   // a hung run: parent.a never assigned
  EXPECT_EQ(evaluate(condition(0), o.values), std::nullopt);
  EXPECT_EQ(evaluate(condition(1), o.values), false);
  EXPECT_EQ(evaluate(condition(2), o.values), true);
}

TEST_F(conditions_fixture, VerdictsOverOutcomes) {
  load("exists (fate == STOPPED);\nforall (fate == STOPPED);\n~exists (fate == DEAD);\n");
  const outcome stopped = make("OK", "OK", "STOPPED"), running = make("OK", "OK", "RUNNING");
  using lang::condition_kind;
  EXPECT_EQ(condition_verdict(condition_kind::exists, condition(0), {&running, &stopped}), verdict::holds);
  EXPECT_EQ(condition_verdict(condition_kind::exists, condition(0), {&running}), verdict::violated);
  EXPECT_EQ(condition_verdict(condition_kind::forall, condition(1), {&stopped}), verdict::holds);
  EXPECT_EQ(condition_verdict(condition_kind::forall, condition(1), {&stopped, &running}), verdict::violated);
  EXPECT_EQ(condition_verdict(condition_kind::not_exists, condition(2), {&stopped, &running}), verdict::holds);
  // Over no completed run: exists fails, forall and ~exists are vacuous.
  EXPECT_EQ(condition_verdict(condition_kind::exists, condition(0), {}), verdict::violated);
  EXPECT_EQ(condition_verdict(condition_kind::forall, condition(1), {}), verdict::vacuous);
  EXPECT_EQ(condition_verdict(condition_kind::not_exists, condition(2), {}), verdict::vacuous);
  EXPECT_EQ(condition_text(*scenario->conditions[2]), "~exists (fate == DEAD)");
}

TEST(OutcomeText, ListsInOrderThenTheHang) {
  outcome o;
  o.values = {{"parent.r", "W_NOTHING"}, {"fate", "RUNNING"}};
  o.hang = true;
  o.blocked = "parent at x.ptl:3:3 w = waitpid(...)";
  EXPECT_EQ(outcome_text(o, {"parent.r", "parent.w", "fate"}),
            "parent.r=W_NOTHING; fate=RUNNING; HANG: blocked: parent at x.ptl:3:3 w = waitpid(...)");
}

}  // namespace
}  // namespace ptmc::kernel

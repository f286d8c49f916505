// props::check with leads-to properties (weak fairness, lassos, stuck states, vacuity, symmetry),
// vacuous implications, and hangs that only scenario programs can cause.
#include <gtest/gtest.h>

#include "ir/builder.h"
#include "props/check.h"
#include "props/leads_to.h"

namespace ptmc::props {
namespace {

using ir::builder;

// A spinner flipping x forever (fair), and a finisher that sets `done` once (fair or not); with
// `idler`, a third fair process whose only step changes nothing (a self-loop) instead of the spinner.
struct spin_model {
  ir::model m;
  ir::expr_id not_done = 0, done = 0, never = 0;
};

spin_model spinning(bool finisher_fair, bool idler = false) {
  builder b("spin");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 1));
  const ir::slot_id done = b.add_variable("done", b.type_bool());
  const std::uint32_t spinner = b.add_process(idler ? "idler" : "spinner", 1);
  if (idler)
    b.add_transition(spinner, 0, "idle", {});
  else
    b.add_transition(spinner, 0, "spin", {builder::store(x, b.sub(b.constant(1), b.load(x)))});
  const std::uint32_t finisher = b.add_process("finisher", 2);
  b.add_transition(finisher, 0, "finish", {builder::store(done, b.truth(true))}, 1);
  b.mark_final(finisher, 1);
  b.edit().processes[finisher].fair = finisher_fair;
  spin_model s;
  s.not_done = b.lnot(b.load(done));
  s.done = b.load(done);
  s.never = b.land(b.load(done), b.lnot(b.load(done)));
  s.m = b.finish();
  return s;
}

check_options leads_to(ir::expr_id p, ir::expr_id q) {
  check_options o;
  o.leads_to.push_back({"p_leads_to_q", "", p, q, {}});
  return o;
}

const finding& named(const check_result& r, const std::string& name) {
  for (const finding& f : r.findings)
    if (f.name == name) return f;
  ADD_FAILURE() << "no finding " << name;
  return r.findings.front();
}

TEST(leads_to_check, holds_only_because_the_finisher_is_fair) {
  const spin_model fair = spinning(true);
  const check_result ok = check(fair.m, leads_to(fair.not_done, fair.done));
  EXPECT_EQ(named(ok, "p_leads_to_q").result, verdict::holds);
  EXPECT_EQ(named(ok, "p_leads_to_q").kind, finding_kind::leads_to);
  ASSERT_TRUE(ok.leads_to);
  EXPECT_EQ(ok.leads_to->edges, ok.search.transitions);

  const spin_model unfair = spinning(false);
  const check_result bad = check(unfair.m, leads_to(unfair.not_done, unfair.done));
  const finding& f = named(bad, "p_leads_to_q");
  EXPECT_EQ(f.result, verdict::violated);
  ASSERT_TRUE(f.trace);
  EXPECT_EQ(f.trace->kind, explore::trace_kind::lasso);
  EXPECT_EQ(f.trace->trigger_index, 0);
  EXPECT_EQ(f.trace->loop_index, 0);
  ASSERT_EQ(f.trace->steps.size(), 2u);  // spin, spin: back to the initial state
  EXPECT_EQ(f.trace->steps.back().state, f.trace->initial);
  EXPECT_EQ(bad.overall, verdict::violated);
}

TEST(leads_to_check, a_self_loop_is_a_fair_cycle_of_its_process) {
  // The idler's step changes nothing: the explorer must report it as an edge from a state to itself.
  const spin_model unfair = spinning(false, true);
  const check_result r = check(unfair.m, leads_to(unfair.not_done, unfair.done));
  const finding& f = named(r, "p_leads_to_q");
  EXPECT_EQ(f.result, verdict::violated);
  ASSERT_TRUE(f.trace);
  EXPECT_EQ(f.trace->kind, explore::trace_kind::lasso);
  ASSERT_EQ(f.trace->steps.size(), 1u);
  EXPECT_EQ(f.trace->loop_index, 0);
  // With a fair finisher the idler's loop is unfair: the finisher is enabled throughout.
  const spin_model fair = spinning(true, true);
  EXPECT_EQ(named(check(fair.m, leads_to(fair.not_done, fair.done)), "p_leads_to_q").result, verdict::holds);
}

TEST(leads_to_check, a_state_without_enabled_fair_processes_is_a_stuck_counterexample) {
  // Only the environment (unfair) can set done; the kernel process takes one step and finishes.
  builder b("handoff");
  const ir::slot_id done = b.add_variable("done", b.type_bool());
  const ir::slot_id ticks = b.add_variable("ticks", b.type_range(0, 1));
  const std::uint32_t k = b.add_process("ticker", 2);
  b.add_transition(k, 0, "tick", {builder::store(ticks, b.constant(1))}, 1);
  const std::uint32_t env = b.add_process("env", 2, ir::process_role::environment);
  b.add_transition(env, 0, "serve", {builder::store(done, b.truth(true))}, 1);
  b.mark_final(env, 0);
  b.mark_final(env, 1);
  b.edit().processes[env].fair = false;
  const ir::expr_id p = b.lnot(b.load(done)), q = b.load(done);
  const ir::model m = b.finish();
  const check_result r = check(m, leads_to(p, q));
  const finding& f = named(r, "p_leads_to_q");
  EXPECT_EQ(f.result, verdict::violated);
  ASSERT_TRUE(f.trace);
  EXPECT_EQ(f.trace->kind, explore::trace_kind::stuck);
  EXPECT_EQ(f.trace->trigger_index, 0);
  EXPECT_EQ(f.trace->steps.size(), 1u);  // the tick, then nothing fair is enabled
}

TEST(leads_to_check, a_trigger_that_never_holds_is_vacuous) {
  const spin_model s = spinning(true);
  const check_result r = check(s.m, leads_to(s.never, s.done));
  EXPECT_EQ(named(r, "p_leads_to_q").result, verdict::vacuous);
  EXPECT_EQ(r.overall, verdict::vacuous);
}

TEST(leads_to_check, an_incomplete_search_claims_nothing_from_states_it_did_not_expand) {
  // With the unfair finisher the lasso needs both !done states expanded; after a cut only the
  // first one is, and its successors outside the explored part are not taken for stuck states.
  for (const bool finisher_fair : {true, false}) {
    const spin_model s = spinning(finisher_fair);
    check_options o = leads_to(s.not_done, s.done);
    o.search.max_states = 3;
    const check_result r = check(s.m, o);
    EXPECT_FALSE(r.search.complete());
    EXPECT_EQ(named(r, "p_leads_to_q").result, verdict::unknown);
  }
}

TEST(leads_to_check, symmetry_is_switched_off_and_says_so) {
  builder b("pair");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 2));
  const ir::type_id tid = b.type_symmetric("Tid", 2);
  const ir::process_family f = b.add_process_family("thread", b.symmetric_domain_of(tid), 2, {});
  for (std::uint32_t k = 0; k < 2; ++k) {
    b.add_transition(f.processes[k], 0, "inc", {builder::store(x, b.add(b.load(x), b.constant(1)))}, 1);
    b.mark_final(f.processes[k], 1);
  }
  const ir::expr_id p = b.slot_is(x, 0), q = b.slot_is(x, 2);
  const ir::model m = b.finish();
  check_options o = leads_to(p, q);
  o.search.symmetry = true;
  const check_result r = check(m, o);
  EXPECT_FALSE(r.symmetry);
  EXPECT_TRUE(r.symmetry_off_for_leads_to);
  EXPECT_EQ(r.search.states, 4u);  // x = 0, one of two threads done (2 states), x = 2
  EXPECT_EQ(named(r, "p_leads_to_q").result, verdict::holds);
  // Without leads-to the search keeps symmetry.
  check_options plain;
  plain.search.symmetry = true;
  const check_result s = check(m, plain);
  EXPECT_TRUE(s.symmetry);
  EXPECT_FALSE(s.symmetry_off_for_leads_to);
  EXPECT_EQ(s.search.states, 3u);
}

TEST(vacuity, finds_the_premises_of_implications_and_quantified_implications) {
  builder b("premises");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 3));
  const ir::expr_id a0 = b.slot_is(x, 0), a1 = b.slot_is(x, 1), c = b.slot_is(x, 2);
  const ir::expr_id imp0 = b.binary(ir::op::implies, a0, c), imp1 = b.binary(ir::op::implies, a1, c);
  const ir::expr_id forall = b.land(b.land(b.truth(true), imp0), imp1);  // forall v. x == v -> ...
  const ir::expr_id conj = b.land(a0, c);
  const ir::expr_id mixed = b.land(imp0, c);
  const ir::model m = b.finish();
  EXPECT_EQ(implication_premises(m, imp0), (std::vector<ir::expr_id>{a0}));
  EXPECT_EQ(implication_premises(m, forall), (std::vector<ir::expr_id>{a0, a1}));
  EXPECT_TRUE(implication_premises(m, conj).empty());
  EXPECT_TRUE(implication_premises(m, mixed).empty());
  EXPECT_TRUE(implication_premises(m, c).empty());
}

TEST(vacuity, an_implication_whose_premise_never_holds_is_vacuous) {
  builder b("counter");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 3));
  const std::uint32_t p = b.add_process("p", 1);
  b.add_transition(p, 0, "inc", {builder::assume(b.lt(b.load(x), b.constant(2))),
                                 builder::store(x, b.add(b.load(x), b.constant(1)))});
  b.add_invariant("never_three", b.binary(ir::op::implies, b.slot_is(x, 3), b.slot_is(x, 0)));
  b.add_invariant("two_is_top", b.binary(ir::op::implies, b.slot_is(x, 2), b.lt(b.load(x), b.constant(3))));
  b.add_invariant("plain", b.lt(b.load(x), b.constant(3)));
  const ir::model m = b.finish();
  const check_result r = check(m, {});
  EXPECT_EQ(named(r, "never_three").result, verdict::vacuous);
  EXPECT_EQ(named(r, "two_is_top").result, verdict::holds);
  EXPECT_EQ(named(r, "plain").result, verdict::holds);
  // An incomplete search claims no vacuity.
  check_options limited;
  limited.search.max_states = 2;
  EXPECT_NE(named(check(m, limited), "never_three").result, verdict::vacuous);
}

// A userland process blocked forever after its first call: a hang for a scenario program, not for
// the most general environment, which may stop calling at any time.
ir::model blocked(ir::process_role role) {
  builder b("blocked");
  const ir::slot_id flag = b.add_variable("flag", b.type_bool());
  const std::uint32_t u = b.add_process("user", 3, role);
  b.add_transition(u, 0, "call", {}, 1);
  b.add_transition(u, 1, "wait", {builder::assume(b.load(flag))}, 2);
  b.mark_final(u, role == ir::process_role::environment ? 0 : 2);
  b.mark_final(u, 2);
  b.edit().processes[u].fair = false;
  return b.finish();
}

TEST(hangs, only_scenario_programs_can_hang) {
  const check_result program = check(blocked(ir::process_role::program), {});
  EXPECT_EQ(named(program, "hang").result, verdict::violated);
  const check_result env = check(blocked(ir::process_role::environment), {});
  for (const finding& f : env.findings) EXPECT_NE(f.kind, finding_kind::hang);
  EXPECT_EQ(env.overall, verdict::holds);
}

}  // namespace
}  // namespace ptmc::props

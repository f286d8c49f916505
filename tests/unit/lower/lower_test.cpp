// Tests of the lowering of monitors and `after` properties (checker/lower/monitors.cpp) and of
// optional values: models and property files given as text are checked, lowered (which validates
// the IR) and run step by step on the IR executor.
#include "lower/lower.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "ir/exec.h"
#include "ir/state.h"
#include "lang/frontend.h"

namespace ptmc::lower {
namespace {

struct lowered_run {
  source_manager sources;
  diagnostics diags;
  std::unique_ptr<lang::model_program> model;
  std::vector<std::unique_ptr<lang::properties_program>> properties;
  std::unique_ptr<lowered_model> lowered;

  std::string printed() const {
    std::ostringstream out;
    diags.print(out);
    return out.str();
  }
};

// Checks and lowers `model` (as t.ptm) with the property files (t0.inv, t1.inv, ...) and, when
// env_calls >= 0, the most general environment. `lowered` is null when anything failed; the
// diagnostics say why.
std::unique_ptr<lowered_run> lower_text(const std::string& model,
                                        const std::vector<std::string>& properties = {}, int env_calls = -1) {
  auto run = std::make_unique<lowered_run>();
  lang::frontend front(run->sources, run->diags, lang::file_access::denied);
  run->model = front.load_model(*run->sources.add("t.ptm", model), {});
  if (!run->model) return run;
  for (std::size_t i = 0; i < properties.size(); ++i) {
    auto p = front.load_properties(*run->sources.add("t" + std::to_string(i) + ".inv", properties[i]),
                                   *run->model);
    if (!p) return run;
    run->properties.push_back(std::move(p));
  }
  std::vector<const lang::properties_program*> props;
  for (const auto& p : run->properties) props.push_back(p.get());
  options opts;
  opts.env_calls = env_calls;
  run->lowered = lower(*run->model, props, nullptr, opts, run->diags);
  return run;
}

// The first successor of a state (or of the initial states).
struct first_step final : ir::successor_sink {
  std::optional<ir::packed_state> state;
  std::string error;
  std::size_t words = 0;
  void on_step(const ir::step_view& step) override {
    if (!state) state.emplace(step.state, step.state + words);
  }
  void on_error(const ir::step_error& e) override { error = e.message; }
};

// The states of a deterministic model: the initial state, then the first successor of each state,
// until no step is enabled (at most `limit` steps).
std::vector<ir::packed_state> linear_run(const ir::model& m, std::size_t limit = 32) {
  ir::compiled_model compiled(m);
  ir::executor exec(compiled);
  std::vector<ir::packed_state> states;
  first_step init;
  init.words = m.state_words();
  exec.initial_states(init);
  EXPECT_TRUE(init.error.empty()) << init.error;
  if (!init.state) return states;
  states.push_back(*init.state);
  for (std::size_t i = 0; i < limit; ++i) {
    first_step next;
    next.words = m.state_words();
    exec.successors(states.back().data(), next);
    EXPECT_TRUE(next.error.empty()) << next.error;
    if (!next.state) break;
    states.push_back(*next.state);
  }
  return states;
}

// Every state reachable from the initial states (breadth first, at most `limit`), and the messages
// of the model errors met on the way.
struct reachable_states {
  std::vector<ir::packed_state> states;
  std::set<std::string> errors;
};

reachable_states explore_all(const ir::model& m, std::size_t limit = 10000) {
  struct collect final : ir::successor_sink {
    std::size_t words = 0;
    std::vector<ir::packed_state> found;
    std::set<std::string> errors;
    void on_step(const ir::step_view& step) override { found.emplace_back(step.state, step.state + words); }
    void on_error(const ir::step_error& e) override { errors.insert(e.message); }
  };
  ir::compiled_model compiled(m);
  ir::executor exec(compiled);
  reachable_states out;
  std::set<ir::packed_state> seen;
  collect init;
  init.words = m.state_words();
  exec.initial_states(init);
  out.errors = init.errors;
  for (auto& s : init.found)
    if (seen.insert(s).second) out.states.push_back(s);
  for (std::size_t next = 0; next < out.states.size() && out.states.size() < limit; ++next) {
    collect step;
    step.words = m.state_words();
    exec.successors(out.states[next].data(), step);
    out.errors.insert(step.errors.begin(), step.errors.end());
    for (auto& s : step.found)
      if (seen.insert(s).second) out.states.push_back(s);
  }
  return out;
}

const ir::variable* variable(const ir::model& m, const std::string& name) {
  for (const ir::variable& v : m.variables)
    if (v.name == name) return &v;
  return nullptr;
}

// The values of a variable's slots in a state.
std::vector<ir::value> values(const ir::model& m, const ir::packed_state& s, const std::string& name) {
  const ir::variable* v = variable(m, name);
  EXPECT_NE(v, nullptr) << name;
  std::vector<ir::value> out;
  if (!v) return out;
  for (std::uint32_t k = 0; k < v->slot_count; ++k)
    out.push_back(ir::read_slot(s.data(), m.slots[v->first_slot + k]));
  return out;
}

constexpr const char* emitter_model = R"(model "t";
var x: 0..3;
event e(v: 0..3);
process p {
  atomic { x = 1; emit e(0); x = 2; emit e(3); x = 3; }
  done: await false;
}
)";

TEST(lower_monitors, a_model_without_property_files_has_no_monitor_state) {
  auto plain = lower_text(emitter_model);
  ASSERT_TRUE(plain->lowered) << plain->printed();
  auto with = lower_text(emitter_model, {R"(properties for "t.ptm";
monitor m { var n: 0..3; on e(_) { n += 1; } }
)"});
  ASSERT_TRUE(with->lowered) << with->printed();
  for (const ir::variable& v : plain->lowered->model.variables)
    EXPECT_NE(v.kind, ir::var_kind::monitor) << v.name;
  const ir::variable* n = variable(with->lowered->model, "m.n");
  ASSERT_NE(n, nullptr);
  EXPECT_EQ(n->kind, ir::var_kind::monitor);
  EXPECT_GT(with->lowered->model.state_bits, plain->lowered->model.state_bits);
  EXPECT_EQ(plain->lowered->model.transitions.size(), with->lowered->model.transitions.size());
}

TEST(lower_monitors, handlers_run_at_the_point_of_emission_in_order) {
  auto run = lower_text(emitter_model, {R"(properties for "t.ptm";
monitor first {
  var xs: list<0..3, 4>;
  var args: list<0..3, 4>;
  var n: 0..3;
  on e(v) { push(xs, x); push(args, v); n += 1; }
}
monitor second {
  var saw: list<0..3, 4>;
  on e(_) { push(saw, first.n); }
}
)"});
  ASSERT_TRUE(run->lowered) << run->printed();
  const ir::model& m = run->lowered->model;
  const auto states = linear_run(m);
  ASSERT_EQ(states.size(), 2u);
  // The state as the step made it at each emit; the arguments; handlers in declaration order.
  EXPECT_EQ(values(m, states[1], "first.xs"), (std::vector<ir::value>{2, 1, 2, 0, 0}));
  EXPECT_EQ(values(m, states[1], "first.args"), (std::vector<ir::value>{2, 0, 3, 0, 0}));
  EXPECT_EQ(values(m, states[1], "second.saw"), (std::vector<ir::value>{2, 1, 2, 0, 0}));
  EXPECT_EQ(values(m, states[1], "x"), (std::vector<ir::value>{3}));
}

TEST(lower_monitors, handlers_of_init_emits_see_initialised_monitor_vars) {
  auto run = lower_text(R"(model "t";
event e(v: 0..3);
init { emit e(1); }
)",
                        {R"(properties for "t.ptm";
monitor m { var n: 0..3 = 2; var last: 0..3; on e(v) { n += 1; last = v; } }
)"});
  ASSERT_TRUE(run->lowered) << run->printed();
  const auto states = linear_run(run->lowered->model);
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(values(run->lowered->model, states[0], "m.n"), (std::vector<ir::value>{3}));
  EXPECT_EQ(values(run->lowered->model, states[0], "m.last"), (std::vector<ir::value>{1}));
}

TEST(lower_monitors, a_handler_does_not_see_the_names_of_the_emitting_site) {
  // The process has a local `n` and a let `k`; the handler's `n` is its monitor var, its `k` its own.
  auto run = lower_text(R"(model "t";
var y: 0..3;
event e(v: 0..3);
process p {
  var n: 0..3 = 3;
  atomic { let k = 1; emit e(k); y = n; }
  done: await false;
}
)",
                        {R"(properties for "t.ptm";
monitor m { var n: 0..3; on e(v) { let k = v + 1; n = k; } }
)"});
  ASSERT_TRUE(run->lowered) << run->printed();
  const auto states = linear_run(run->lowered->model);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(values(run->lowered->model, states[1], "m.n"), (std::vector<ir::value>{2}));
  EXPECT_EQ(values(run->lowered->model, states[1], "p.n"), (std::vector<ir::value>{3}));
  EXPECT_EQ(values(run->lowered->model, states[1], "y"), (std::vector<ir::value>{3}));
}

TEST(lower_monitors, monitor_arrays_over_a_symmetric_type_are_permuted) {
  auto run = lower_text(R"(model "t";
symmetric type Tid = 0..2;
event e(t: Tid);
process thread[t: Tid] { atomic { emit e(t); } }
)",
                        {R"(properties for "t.ptm";
monitor m { var seen: bool[Tid]; var last: Tid?; var who: set<Tid>; on e(t) { seen[t] = true; last = t; who |= {t}; } }
)"});
  ASSERT_TRUE(run->lowered) << run->printed();
  const ir::model& m = run->lowered->model;
  ASSERT_EQ(m.symmetric_domains.size(), 1u);
  const ir::symmetric_domain& d = m.symmetric_domains[0];
  const ir::variable* seen = variable(m, "m.seen");
  const ir::variable* last = variable(m, "m.last");
  const ir::variable* who = variable(m, "m.who");
  ASSERT_TRUE(seen && last && who);
  bool block = false;
  for (const ir::symmetric_block& b : d.blocks)
    block = block || (b.first == seen->first_slot && b.stride == 1);
  EXPECT_TRUE(block);
  EXPECT_NE(std::find(d.value_slots.begin(), d.value_slots.end(), last->first_slot), d.value_slots.end());
  EXPECT_NE(std::find(d.set_slots.begin(), d.set_slots.end(), who->first_slot), d.set_slots.end());
}

TEST(lower_monitors, an_after_property_is_a_leads_to_over_its_hidden_variable) {
  auto run = lower_text(R"(model "t";
var q: bool;
event go(a: 0..1);
process p {
  atomic { emit go(0); }
  atomic { emit go(1); }
  atomic { skip; }
  atomic { q = true; }
  atomic { skip; }
  atomic { q = false; emit go(1); }
  done: await false;
}
)",
                        {R"(properties for "t.ptm";
/// q answers every go(1).
property resp: after go(1) ~> q;
property plain: q ~> !q;
)"});
  ASSERT_TRUE(run->lowered) << run->printed();
  const ir::model& m = run->lowered->model;
  const ir::variable* pending = variable(m, "after:resp");
  ASSERT_NE(pending, nullptr);
  EXPECT_EQ(pending->kind, ir::var_kind::monitor);
  const auto states = linear_run(m);
  ASSERT_EQ(states.size(), 7u);
  std::vector<ir::value> trace;
  for (const auto& s : states) trace.push_back(values(m, s, "after:resp")[0]);
  // Set by the matching emit only; cleared at the start of the first step from a state where q
  // holds; a step that starts where q holds and emits go(1) clears, then sets.
  EXPECT_EQ(trace, (std::vector<ir::value>{0, 0, 1, 1, 1, 0, 1}));

  ASSERT_EQ(run->lowered->liveness.size(), 2u);
  const liveness_property& resp = run->lowered->liveness[0];
  EXPECT_EQ(resp.name, "resp");
  EXPECT_EQ(resp.doc, "q answers every go(1).");
  EXPECT_EQ(resp.kind, lang::property_kind::after_event);
  EXPECT_EQ(resp.text, "after go(1) ~> q");
  EXPECT_EQ(resp.pending_var, "after:resp");
  EXPECT_EQ(resp.trigger_event, "go");
  ASSERT_TRUE(resp.trigger.has_value());
  for (std::size_t i = 0; i < states.size(); ++i) {
    const ir::eval_result p = ir::evaluate(m, states[i].data(), *resp.trigger);
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p.v, trace[i]) << "state " << i;
    const ir::eval_result q = ir::evaluate(m, states[i].data(), resp.target);
    ASSERT_TRUE(q.ok());
    EXPECT_EQ(q.v, values(m, states[i], "q")[0]) << "state " << i;
  }
  const liveness_property& plain = run->lowered->liveness[1];
  EXPECT_EQ(plain.kind, lang::property_kind::leads_to);
  EXPECT_EQ(plain.text, "q ~> !q");
  EXPECT_TRUE(plain.pending_var.empty());
  ASSERT_TRUE(plain.trigger.has_value());
}

TEST(lower_monitors, monitors_of_two_property_files_must_have_distinct_names) {
  const std::string props = R"(properties for "t.ptm";
monitor m { var n: 0..3; on e(_) { n = 1; } }
property resp: after e(_) ~> true;
)";
  auto run = lower_text(emitter_model, {props, props});
  EXPECT_FALSE(run->lowered);
  const std::string printed = run->printed();
  EXPECT_NE(printed.find("monitor 'm' is declared by two property files of this run [sema.duplicate]"),
            std::string::npos)
      << printed;
  EXPECT_NE(printed.find("property 'resp' is declared by two property files of this run [sema.duplicate]"),
            std::string::npos)
      << printed;
}

// ---------------------------------------------------------------- optionals

constexpr ir::value none = ir::none_value;

TEST(lower_optionals, a_bool_optional_is_assigned_compared_and_unwrapped) {
  // Each step stores a value (none, true, false) in y and records what the comparisons say.
  auto run = lower_text(R"(model "t";
var y: bool?;
var is_none: bool;
var is_true: bool;
var is_false: bool;
var unwrapped: bool;
fn known_true(b: bool?): bool = b != none && val(b);
inline observe_y() {
  is_none = y == none;
  is_true = y == true;
  is_false = false == y;
  unwrapped = known_true(y);
}
process p {
  atomic { observe_y(); }
  atomic { y = true; observe_y(); assert y != none && val(y); }
  atomic { let b: bool? = false; y = b; observe_y(); assert !val(y) && b == y; }
  atomic { y = none; observe_y(); }
  done: await false;
}
)");
  ASSERT_TRUE(run->lowered) << run->printed();
  const ir::model& m = run->lowered->model;
  const auto states = linear_run(m);
  ASSERT_EQ(states.size(), 5u);
  const std::vector<ir::value> y = {none, none, 1, 0, none};
  const std::vector<ir::value> is_none = {0, 1, 0, 0, 1};
  const std::vector<ir::value> is_true = {0, 0, 1, 0, 0};
  const std::vector<ir::value> is_false = {0, 0, 0, 1, 0};
  const std::vector<ir::value> unwrapped = {0, 0, 1, 0, 0};
  for (std::size_t i = 0; i < states.size(); ++i) {
    EXPECT_EQ(values(m, states[i], "y"), std::vector<ir::value>{y[i]}) << "state " << i;
    EXPECT_EQ(values(m, states[i], "is_none"), std::vector<ir::value>{is_none[i]}) << "state " << i;
    EXPECT_EQ(values(m, states[i], "is_true"), std::vector<ir::value>{is_true[i]}) << "state " << i;
    EXPECT_EQ(values(m, states[i], "is_false"), std::vector<ir::value>{is_false[i]}) << "state " << i;
    EXPECT_EQ(values(m, states[i], "unwrapped"), std::vector<ir::value>{unwrapped[i]}) << "state " << i;
  }
}

TEST(lower_optionals, bool_optional_syscall_parameters_under_the_environment) {
  // The environment passes none, false and true to store(); probe() returns on none, so the
  // assert after that return never fails.
  auto run = lower_text(R"(model "t";
enum Ret { OK, EPERM }
var x: 0..3;
var y: bool?;
syscall probe(self who: bool): Ret {
  atomic {
    x = 1;
    if (y == none) return EPERM;
    assert y != none, "after return";
  }
  return OK;
}
syscall store(b: bool?): bool? {
  atomic { let old = y; y = b; assert (y == none) == (b == none) && (b == none || y == b); return old; }
}
)",
                        {}, 2);
  ASSERT_TRUE(run->lowered) << run->printed();
  const ir::model& m = run->lowered->model;
  const reachable_states r = explore_all(m);
  EXPECT_TRUE(r.errors.empty()) << *r.errors.begin();
  std::set<ir::value> ys, xs;
  for (const auto& s : r.states) {
    ys.insert(values(m, s, "y")[0]);
    xs.insert(values(m, s, "x")[0]);
  }
  EXPECT_EQ(ys, (std::set<ir::value>{none, 0, 1}));
  EXPECT_EQ(xs, (std::set<ir::value>{0, 1}));
}

TEST(lower_optionals, bool_optionals_in_arrays_records_locals_and_events) {
  auto run = lower_text(R"(model "t";
type Flags = record { seen: bool?; n: 0..2; };
var ys: bool?[0..1];
var flags: Flags;
event answered(b: bool?);
process p {
  var mine: bool? = true;
  atomic {
    ys[1] = mine;
    flags.seen = ys[0] == none ? false : none;
    emit answered(ys[0]);
    emit answered(mine);
    mine = none;
    emit answered(false);
  }
  done: await false;
}
)",
                        {R"(properties for "t.ptm";
monitor m {
  var last: bool?;
  var nones: 0..3;
  var trues: 0..3;
  on answered(b) { last = b; if (b == none) nones += 1; if (b == true) trues += 1; }
}
)"});
  ASSERT_TRUE(run->lowered) << run->printed();
  const ir::model& m = run->lowered->model;
  const auto states = linear_run(m);
  ASSERT_EQ(states.size(), 2u);
  EXPECT_EQ(values(m, states[0], "ys"), (std::vector<ir::value>{none, none}));
  EXPECT_EQ(values(m, states[1], "ys"), (std::vector<ir::value>{none, 1}));
  EXPECT_EQ(values(m, states[1], "flags"), (std::vector<ir::value>{0, 0}));
  EXPECT_EQ(values(m, states[0], "p.mine"), (std::vector<ir::value>{1}));
  EXPECT_EQ(values(m, states[1], "p.mine"), (std::vector<ir::value>{none}));
  EXPECT_EQ(values(m, states[1], "m.last"), (std::vector<ir::value>{0}));
  EXPECT_EQ(values(m, states[1], "m.nones"), (std::vector<ir::value>{1}));
  EXPECT_EQ(values(m, states[1], "m.trues"), (std::vector<ir::value>{1}));
}

TEST(lower_optionals, an_aggregate_is_lifted_into_its_optional) {
  // A record flowing into a record? gains the presence flag: assigned, passed, returned by a fn,
  // in a conditional, in a list and compared with the optional.
  auto run = lower_text(R"(model "t";
type R = record { f: bool; g: 0..2; };
var q: R;
var r: R?;
var rs: list<R?, 2>;
var same: bool;
fn some_if(c: bool, x: R): R? = c ? x : none;
process p {
  atomic { q = {f: true, g: 2}; r = q; same = r == q && q == r && val(r).g == 2; }
  atomic { r = some_if(false, q); push(rs, q); push(rs, {f: false, g: 1}); }
  atomic { r = {f: false, g: 1}; same = r == rs[1] && r != rs[0] && r != none; }
  done: await false;
}
)");
  ASSERT_TRUE(run->lowered) << run->printed();
  const ir::model& m = run->lowered->model;
  const auto states = linear_run(m);
  ASSERT_EQ(states.size(), 4u);
  EXPECT_EQ(values(m, states[1], "r"), (std::vector<ir::value>{1, 1, 2}));
  EXPECT_EQ(values(m, states[1], "same"), (std::vector<ir::value>{1}));
  EXPECT_EQ(values(m, states[2], "r"), (std::vector<ir::value>{0, 0, 0}));
  EXPECT_EQ(values(m, states[2], "rs"), (std::vector<ir::value>{2, 1, 1, 2, 1, 0, 1}));
  EXPECT_EQ(values(m, states[3], "r"), (std::vector<ir::value>{1, 0, 1}));
  EXPECT_EQ(values(m, states[3], "same"), (std::vector<ir::value>{1}));
}

}  // namespace
}  // namespace ptmc::lower

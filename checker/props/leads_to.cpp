// Leads-to under weak fairness and vacuity checks, over the explored states.
#include "props/leads_to.h"

#include <chrono>
#include <cstring>

#include "base/invariant.h"
#include "graph/leads_to.h"
#include "ir/exec.h"
#include "smt/property_checker.h"

namespace ptmc::props {

namespace {

using explore::state_index;

// How many states a loop checks between two looks at the clock.
constexpr state_index clock_stride = 1024;

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Finds the run of one transition that reaches a given state, with its choices and events.
class step_to final : public ir::successor_sink {
 public:
  step_to(const std::uint64_t* target, std::uint32_t words) : target_(target), words_(words) {}

  bool found = false;
  explore::trace_step step;

  void on_step(const ir::step_view& s) override {
    if (found || std::memcmp(s.state, target_, words_ * sizeof(std::uint64_t)) != 0) return;
    found = true;
    step.transition = s.transition;
    step.choices.assign(s.choices.begin(), s.choices.end());
    for (const auto& e : s.events) {
      const auto args = s.args_of(e);
      step.events.push_back(explore::emitted_event{e.event, std::vector<ir::value>(args.begin(), args.end())});
    }
    step.state.assign(s.state, s.state + words_);
  }
  void on_error(const ir::step_error&) override {}

 private:
  const std::uint64_t* target_;
  std::uint32_t words_;
};

// Appends the step along graph edge `e` to `t` (whose last state is e.from's). The search ran
// without symmetry, so stored states are the concrete ones.
void append(explore::explorer& ex, explore::trace& t, const graph::edge& e) {
  const ir::packed_state& current = t.steps.empty() ? t.initial : t.steps.back().state;
  step_to sink(ex.state(e.to), ex.model().state_words());
  ex.exec().for_each_successor(current.data(), e.transition, sink);
  PTMC_INVARIANT(sink.found, "every edge of the state graph is a run of its transition");
  t.steps.push_back(std::move(sink.step));
}

// How a state answers P or Q, by Z3. An expression that cannot be evaluated in a state (a model
// error) counts as P holding and Q not holding there: so an undefined property is never taken for
// a satisfied one. Z3's unknown counts the other way round (P false, Q true), so it can hide a
// counterexample but never make one up; the verdict is then unknown unless one is found anyway.
struct answer {
  bool value = false;
  bool unknown = false;
};

answer ask(smt::property_checker& checker, std::size_t property, const std::uint64_t* state, state_index s,
           bool is_trigger) {
  switch (checker.check_one(property, state, s)) {
    case smt::property_status::holds:
      return {true, false};
    case smt::property_status::violated:
      return {false, false};
    case smt::property_status::error:
      return {is_trigger, false};
    case smt::property_status::unknown:
      return {!is_trigger, true};
  }
  PTMC_UNREACHABLE("property_status has four values");
}

bool collect_premises(const ir::model& m, ir::expr_id e, std::vector<ir::expr_id>& out) {
  const ir::expr_node& n = m.exprs[e];
  switch (n.o) {
    case ir::op::logical_and:
      return collect_premises(m, n.a, out) && collect_premises(m, n.b, out);
    case ir::op::implies:
      out.push_back(n.a);
      return true;
    case ir::op::constant:  // the `true` a lowered forall starts from
      return n.sort == ir::value_sort::boolean && n.constant != 0;
    default:
      return false;
  }
}

}  // namespace

finding not_decided_in_time(finding f, std::string_view phase) {
  f.result = cut_short(f.result);
  if (f.result == verdict::unknown) f.message = "not decided: the time limit was reached during " + std::string(phase);
  return f;
}

std::vector<finding> check_leads_to(explore::explorer& ex, const graph::state_graph& g,
                                    std::span<const leads_to_spec> properties, std::uint32_t explored,
                                    bool complete, const smt::solver_options& solver, leads_to_cost& cost,
                                    const deadline& until, bool* gave_up) {
  const auto t0 = std::chrono::steady_clock::now();
  const ir::model& m = ex.model();
  const std::uint32_t n = g.state_count();
  const graph::fairness fair = graph::fairness::of(m);

  std::vector<smt::property_spec> specs;
  for (const leads_to_spec& p : properties) {
    specs.push_back({p.name + "#trigger", p.trigger});
    specs.push_back({p.name + "#target", p.target});
  }
  smt::property_checker checker(m, std::move(specs), solver);

  std::vector<finding> out;
  std::vector<std::uint8_t> stay(n), trigger(n);
  bool late = false;  // the deadline passed: the properties from here on are not decided
  for (std::size_t i = 0; i < properties.size(); ++i) {
    const leads_to_spec& p = properties[i];
    finding f;
    f.kind = finding_kind::leads_to;
    f.name = p.name;
    f.doc = p.doc;
    f.where = p.where;
    late = late || until.passed();
    if (late) {
      out.push_back(not_decided_in_time(std::move(f), "the leads-to check"));
      continue;
    }

    // P and Q per state: stay = explored and not Q; trigger = P. P is asked everywhere Q fails, and
    // elsewhere only until it is seen to hold once (for vacuity).
    bool undecided = false, p_somewhere = false;
    for (state_index s = 0; s < n && !late; ++s) {
      if (s % clock_stride == clock_stride - 1 && until.passed()) late = true;
      const std::uint64_t* state = ex.state(s);
      const answer q = ask(checker, 2 * i + 1, state, s, false);
      undecided = undecided || q.unknown;
      stay[s] = s < explored && !q.value ? 1 : 0;
      trigger[s] = 0;
      if (stay[s] || !p_somewhere) {
        const answer a = ask(checker, 2 * i, state, s, true);
        undecided = undecided || a.unknown;
        trigger[s] = a.value ? 1 : 0;
        p_somewhere = p_somewhere || a.value;
      }
    }

    if (late) {
      out.push_back(not_decided_in_time(std::move(f), "the leads-to check"));
      continue;
    }
    const graph::leads_to_witness w = graph::check_leads_to(g, fair, {stay, trigger}, until);
    cost.check_bytes = std::max<std::uint64_t>(cost.check_bytes, w.work_bytes + 2 * static_cast<std::uint64_t>(n));
    if (w.outcome == graph::leads_to_outcome::undecided) {
      late = true;
      out.push_back(not_decided_in_time(std::move(f), "the leads-to check"));
      continue;
    }
    if (w.outcome != graph::leads_to_outcome::holds) {
      explore::trace t = ex.trace_to(w.trigger);
      t.trigger_index = static_cast<std::int64_t>(t.steps.size());
      for (const graph::edge& e : w.to_target) append(ex, t, e);
      if (w.outcome == graph::leads_to_outcome::cycle) {
        t.kind = explore::trace_kind::lasso;
        t.loop_index = static_cast<std::int64_t>(t.steps.size());
        for (const graph::edge& e : w.cycle) append(ex, t, e);
        f.message = "a fair cycle never reaches the target: from state " + std::to_string(t.trigger_index) +
                    ", where the trigger holds, the steps from state " + std::to_string(t.loop_index) +
                    " on repeat forever";
      } else {
        t.kind = explore::trace_kind::stuck;
        f.message = "the target is never reached: from state " + std::to_string(t.trigger_index) +
                    ", where the trigger holds, the trace ends in a state where no fair process is enabled";
      }
      t.property = p.name;
      t.message = f.message;
      f.result = verdict::violated;
      f.trace = std::move(t);
    } else if (!complete || undecided) {
      // An incomplete search leaves the verdict and its message to props::check, which knows the limit.
      f.result = verdict::unknown;
      if (complete) f.message = "Z3 could not decide the trigger or target in some state";
    } else if (!p_somewhere) {
      f.result = verdict::vacuous;
      f.message = "the trigger holds in no reachable state";
    }
    out.push_back(std::move(f));
  }
  cost.check_bytes += static_cast<std::uint64_t>(n) * 2;
  cost.check_seconds += seconds_since(t0);
  if (gave_up) *gave_up = late;
  return out;
}

std::vector<ir::expr_id> implication_premises(const ir::model& m, ir::expr_id condition) {
  std::vector<ir::expr_id> premises;
  if (!collect_premises(m, condition, premises)) premises.clear();
  return premises;
}

bool mark_vacuous_invariants(explore::explorer& ex, std::vector<finding>& findings, const smt::solver_options& solver,
                             const deadline& until) {
  const ir::model& m = ex.model();
  // Premises to ask, per invariant that holds and is an implication.
  std::vector<smt::property_spec> specs;
  std::vector<std::pair<std::size_t, std::size_t>> premises_of(findings.size(), {0, 0});  // [first, last) in specs
  for (std::size_t i = 0; i < findings.size() && i < m.invariants.size(); ++i) {
    if (findings[i].kind != finding_kind::invariant || findings[i].result != verdict::holds) continue;
    const std::size_t first = specs.size();
    for (const ir::expr_id premise : implication_premises(m, m.invariants[i].condition))
      specs.push_back({m.invariants[i].name + "#premise" + std::to_string(specs.size() - first), premise});
    premises_of[i] = {first, specs.size()};
  }
  if (specs.empty()) return true;
  smt::property_checker checker(m, std::move(specs), solver);
  std::vector<std::uint8_t> open(findings.size(), 0);  // still possibly vacuous
  std::size_t open_count = 0;
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (premises_of[i].first == premises_of[i].second) continue;
    open[i] = 1;
    ++open_count;
  }
  bool late = false;
  for (state_index s = 0; s < ex.state_count() && open_count > 0; ++s) {
    if (s % clock_stride == clock_stride - 1 && until.passed()) {
      late = true;
      break;
    }
    for (std::size_t i = 0; i < findings.size(); ++i) {
      if (!open[i]) continue;
      for (std::size_t k = premises_of[i].first; k < premises_of[i].second; ++k) {
        // A premise that holds, cannot be evaluated or is not decided by Z3 may hold: not vacuous.
        if (checker.check_one(k, ex.state(s), s) != smt::property_status::violated) {
          open[i] = 0;
          --open_count;
          break;
        }
      }
    }
  }
  for (std::size_t i = 0; i < findings.size(); ++i) {
    if (!open[i]) continue;
    if (late) {
      findings[i] = not_decided_in_time(std::move(findings[i]), "the vacuity check of the invariants");
      continue;
    }
    findings[i].result = verdict::vacuous;
    findings[i].message = "the premise of the implication holds in no reachable state";
  }
  return !late;
}

}  // namespace ptmc::props

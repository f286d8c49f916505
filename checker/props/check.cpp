// One exhaustive search, every check plugged in as a visitor.
#include "props/check.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <utility>

#include "explore/symmetry.h"
#include "graph/state_graph.h"
#include "ir/exec.h"
#include "ir/values.h"
#include "ir/state.h"
#include "props/leads_to.h"
#include "smt/property_checker.h"

namespace ptmc::props {
namespace {

using explore::state_index;

// Whether a final condition applies to the model (named in its chain, or unrestricted).
bool applies(const ir::model& m, const ir::final_condition& c) {
  if (c.models.empty()) return true;
  for (const auto& name : c.models)
    if (std::find(m.chain.begin(), m.chain.end(), name) != m.chain.end()) return true;
  return false;
}

// How many stuck states the outcome listing describes (the count of all of them is kept apart).
constexpr std::size_t max_stuck_listed = 4096;

// Where each unfinished program of `state` is blocked: "tracer at wait_stopped:L86:await
// (file:86)", one entry per program, in process order.
std::string blocked_programs(const ir::model& m, const std::uint64_t* state) {
  std::string out;
  for (const ir::process& proc : m.processes) {
    if (proc.role != ir::process_role::program) continue;
    const auto pc = static_cast<std::uint32_t>(ir::read_slot(state, m.slots[proc.pc_slot]));
    if (std::find(proc.final_pcs.begin(), proc.final_pcs.end(), pc) != proc.final_pcs.end()) continue;
    if (!out.empty()) out += "; ";
    out += proc.name;
    if (pc < proc.by_pc.size() && !proc.by_pc[pc].empty()) {
      const ir::transition& t = m.transitions[proc.by_pc[pc].front()];
      out += " at " + t.name + " (" + t.where.file + ":" + std::to_string(t.where.line) + ")";
    }
  }
  return out;
}

class check_visitor final : public explore::visitor {
 public:
  check_visitor(const ir::model& m, explore::explorer& ex, smt::property_checker& invariants)
      : m_(m), ex_(ex), invariants_(invariants) {
    for (std::uint32_t p = 0; p < m.processes.size(); ++p)
      if (m.processes[p].role == ir::process_role::program) programs_.push_back(p);
  }

  explore::control on_state(state_index s, std::uint32_t /*depth*/) override {
    invariants_.check(ex_.state(s), s);
    // The edges kept for the state graph count against the memory limit with the store, and so
    // does the row index that building the graph adds (8 bytes a state).
    if (edges_ && max_memory_bytes_ != 0 &&
        ex_.memory_bytes() + edges_->memory_bytes() + (std::uint64_t{s} + 2) * sizeof(std::uint64_t) >
            max_memory_bytes_) {
      over_memory_ = true;
      return explore::control::stop;
    }
    return explore::control::proceed;
  }

  void on_edge_target(state_index from, state_index to, ir::transition_id transition) override {
    if (edges_) edges_->push({from, to, transition});
    // States are expanded in index order: every state before `from` has all its successors.
    explored_ = std::max(explored_, from);
  }

  void on_terminal(state_index s) override {
    explored_ = std::max(explored_, s + 1);
    if (programs_finished(m_, ex_.state(s))) {
      finals_.push_back(s);
    } else {
      ++hangs_;
      if (!first_hang_) first_hang_ = s;
      if (stuck_.size() < max_stuck_listed) stuck_.push_back(s);
    }
  }

  explore::control on_model_error(state_index from, const ir::step_error& error) override {
    if (!first_error_) {
      first_error_ = from;
      error_transition_ = error.transition;
      error_choices_.assign(error.choices.begin(), error.choices.end());
      error_message_ = error.message;
    }
    return explore::control::proceed;
  }


  const ir::model& m_;
  explore::explorer& ex_;
  smt::property_checker& invariants_;
  std::vector<std::uint32_t> programs_;
  std::vector<state_index> finals_;
  std::uint64_t hangs_ = 0;
  std::optional<state_index> first_hang_;
  std::vector<state_index> stuck_;              // the first max_stuck_listed stuck states
  std::optional<state_index> first_error_;
  ir::transition_id error_transition_ = 0;
  std::vector<std::uint32_t> error_choices_;
  std::string error_message_;
  graph::edge_columns* edges_ = nullptr;        // collected only for leads-to and a picture
  std::uint64_t max_memory_bytes_ = 0;          // for the store and edges_ together; 0: no limit
  bool over_memory_ = false;                    // the search stopped at max_memory_bytes_
  state_index explored_ = 0;                    // states [0, explored_) were expanded in full
};

double seconds(std::chrono::nanoseconds ns) { return std::chrono::duration<double>(ns).count(); }

std::vector<finding> invariant_findings(explore::explorer& ex, const smt::property_checker& checker) {
  std::vector<finding> out;
  const ir::model& m = ex.model();
  for (std::size_t i = 0; i < checker.property_count(); ++i) {
    const smt::property_report& r = checker.report(i);
    finding f;
    f.kind = finding_kind::invariant;
    f.name = r.name;
    f.doc = m.invariants[i].doc;
    f.where = m.invariants[i].where;
    f.result = smt::to_verdict(r.status);
    f.projections = r.projections_discharged;
    f.solver_seconds = seconds(r.solver_time);
    // States are numbered breadth-first, so the lower index is the nearer state: an undefined
    // invariant counts as violated, and the trace goes to whichever of the two comes first.
    const bool undefined_first = r.first_error && (!r.first_violation || *r.first_error < *r.first_violation);
    const std::optional<std::uint64_t> bad = undefined_first ? r.first_error : r.first_violation;
    if (bad) {
      f.trace = ex.trace_to(static_cast<state_index>(*bad));
      f.trace->kind = explore::trace_kind::invariant_violation;
      f.trace->property = r.name;
      f.message = undefined_first ? "invariant undefined (evaluation error)" : "invariant violated";
      f.trace->message = f.message;
    } else if (r.status == smt::property_status::unknown) {
      f.message = "Z3 could not decide: " + r.unknown_reason;
    }
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace

std::string not_violated_within(std::uint64_t states, explore::completion status) {
  return "not violated within " + std::to_string(states) + " state" + (states == 1 ? "" : "s") +
         " (search incomplete: " + explore::to_string(status) + ")";
}

namespace {

// The phases after the search, as cut_short_in names them.
constexpr std::string_view vacuity_phase = "the vacuity check of the invariants";
constexpr std::string_view graph_phase = "the construction of the state graph";
constexpr std::string_view leads_to_phase = "the leads-to check";
constexpr std::string_view conditions_phase = "the check of the scenario's final conditions";

}  // namespace

std::string condition_name(const ir::final_condition& c) {
  const char* prefix = c.kind == ir::condition_kind::exists   ? "exists"
                       : c.kind == ir::condition_kind::forall ? "forall"
                                                              : "~exists";
  return std::string(prefix) + " (" + c.text + ")";
}

bool programs_finished(const ir::model& m, const std::uint64_t* state) {
  for (const ir::process& proc : m.processes) {
    if (proc.role != ir::process_role::program) continue;
    const auto pc = static_cast<std::uint32_t>(ir::read_slot(state, m.slots[proc.pc_slot]));
    if (std::find(proc.final_pcs.begin(), proc.final_pcs.end(), pc) == proc.final_pcs.end()) return false;
  }
  return true;
}

std::string scalar_text(const ir::model& m, ir::type_id t, ir::value v) {
  const ir::type& ty = m.types[t];
  if (ty.kind == ir::type_kind::optional) {
    if (v == ir::none_value) return "none";
    return scalar_text(m, ty.elem, v);
  }
  switch (ty.kind) {
    case ir::type_kind::boolean:
      return v ? "true" : "false";
    case ir::type_kind::enumeration:
      if (v >= 0 && static_cast<std::size_t>(v) < ty.value_names.size()) return ty.value_names[static_cast<std::size_t>(v)];
      return std::to_string(v);
    case ir::type_kind::symmetric:
      return (ty.name.empty() ? std::string("id") : ty.name) + "(" + std::to_string(v) + ")";
    case ir::type_kind::set: {
      std::string out = "{";
      const ir::type& d = m.types[ty.elem];
      bool first = true;
      for (ir::value i = 0; i < d.domain_size() && i < 64; ++i) {
        if (!((static_cast<std::uint64_t>(v) >> i) & 1)) continue;
        if (!first) out += ", ";
        first = false;
        out += scalar_text(m, ty.elem, d.kind == ir::type_kind::range ? d.lo + i : i);
      }
      return out + "}";
    }
    default:
      return std::to_string(v);
  }
}

check_result check(const ir::model& m, const check_options& opts) {
  check_result result;
  explore::options search = opts.search;
  // One deadline for the search and every phase after it.
  const deadline until = opts.until.set() ? opts.until : deadline::after(search.time_limit_seconds);
  // The explorer reads its limit as seconds from its start; a deadline already passed still needs a
  // positive one (0 means none), and it stops at its next look at the clock.
  if (until.set()) search.time_limit_seconds = std::max(until.remaining_seconds(), 1e-9);
  const bool leads_to = !opts.leads_to.empty();
  // Weak fairness is per process, and the symmetry quotient merges states that differ by a
  // permutation of process ids: a cycle of the quotient may be a path on which the ids of the
  // processes keep changing, so "process p steps infinitely often" cannot be read off it.
  if (leads_to && search.symmetry) {
    search.symmetry = false;
    result.symmetry_off_for_leads_to = explore::symmetry_reducer(m).active();
  }
  result.symmetry = search.symmetry;
  // Edges only for leads-to and a picture (their targets only: successors stay batched).
  search.collect_edge_targets = opts.dot || leads_to;
  explore::explorer ex(m, search);
  smt::solver_options solver;
  solver.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(opts.solver_timeout_seconds * 1000));
  smt::property_checker invariants = smt::property_checker::for_invariants(m, solver);
  check_visitor v(m, ex, invariants);
  graph::edge_columns edges;
  if (search.collect_edge_targets) {
    v.edges_ = &edges;
    v.max_memory_bytes_ = search.max_memory_bytes;
  }
  result.search = ex.run(v);
  if (v.over_memory_) result.search.status = explore::completion::memory_limit;
  const bool complete = result.search.complete();
  result.status = result.search.status;
  // A phase after the search that the deadline cut short.
  const auto late = [&](std::string_view phase) {
    if (result.status != explore::completion::complete) return;
    result.status = explore::completion::time_limit;
    result.cut_short_in = phase;
  };

  result.findings = invariant_findings(ex, invariants);
  if (complete && !mark_vacuous_invariants(ex, result.findings, solver, until)) late(vacuity_phase);

  // The state graph, for leads-to and pictures; not begun once the deadline has passed.
  std::optional<graph::state_graph> g;
  const bool picture = opts.dot && result.search.states <= opts.dot_max_states;
  if (leads_to && until.passed()) {
    late(graph_phase);
    for (const leads_to_spec& p : opts.leads_to) {
      finding f;
      f.kind = finding_kind::leads_to;
      f.name = p.name;
      f.doc = p.doc;
      f.where = p.where;
      result.findings.push_back(not_decided_in_time(std::move(f), graph_phase));
    }
  } else if (leads_to || picture) {
    const auto t0 = std::chrono::steady_clock::now();
    // While it is built, the graph holds the collected columns (it takes two of them over) and its
    // row starts.
    const std::uint64_t column_bytes = edges.memory_bytes();
    g.emplace(static_cast<std::uint32_t>(result.search.states), std::move(edges));
    edges = {};
    leads_to_cost cost;
    cost.edges = g->edge_count();
    cost.graph_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    cost.graph_bytes = column_bytes + (result.search.states + 1) * sizeof(std::uint64_t);
    if (leads_to) {
      const state_index explored = complete ? static_cast<state_index>(result.search.states) : v.explored_;
      bool gave_up = false;
      std::vector<finding> found =
          check_leads_to(ex, *g, opts.leads_to, explored, complete, solver, cost, until, &gave_up);
      if (gave_up) late(leads_to_phase);
      for (auto& f : found) result.findings.push_back(std::move(f));
      result.leads_to = cost;
    }
  }

  finding errors;
  errors.kind = finding_kind::model_error;
  errors.name = "model-error";
  if (v.first_error_) {
    const ir::step_error error{v.error_transition_, v.error_choices_, v.error_message_};
    errors.result = verdict::violated;
    errors.message = v.error_message_;
    errors.trace = ex.trace_to_error(*v.first_error_, error);
    errors.trace->property = "model-error";
    if (error.transition < m.transitions.size()) errors.where = m.transitions[error.transition].where;
  }
  result.findings.push_back(std::move(errors));

  result.hang_states = v.hangs_;
  result.final_states = v.finals_.size();
  if (opts.hangs && !v.programs_.empty()) {
    finding hang;
    hang.kind = finding_kind::hang;
    hang.name = "hang";
    if (v.first_hang_) {
      hang.result = verdict::violated;
      hang.message = "a userland program is blocked forever: no step can change the state";
      hang.trace = ex.trace_to(*v.first_hang_);
      hang.trace->kind = explore::trace_kind::hang;
      hang.trace->property = "hang";
      hang.trace->message = hang.message;
    }
    result.findings.push_back(std::move(hang));
  }

  // Scenario outcomes and final conditions, over the final states.
  for (const auto& o : m.observations) result.observation_names.push_back(o.name);
  auto observed = [&](state_index s) {
    std::vector<std::string> row;
    for (const auto& o : m.observations) {
      const ir::eval_result r = ir::evaluate(m, ex.state(s), o.value);
      row.push_back(r.ok() ? scalar_text(m, o.type, r.v) : "<error: " + r.error + ">");
    }
    return row;
  };
  // The stuck states, described like the outcomes plus where each unfinished program is blocked.
  std::map<std::pair<std::vector<std::string>, std::string>, std::uint64_t> stuck;
  for (const state_index s : v.stuck_) ++stuck[{observed(s), blocked_programs(m, ex.state(s))}];
  for (auto& [key, count] : stuck) result.stuck.push_back({key.first, key.second, count});

  if (!m.observations.empty() || !m.conditions.empty()) {
    std::map<std::vector<std::string>, std::uint64_t> outcomes;
    for (const state_index s : v.finals_) ++outcomes[observed(s)];
    for (auto& [values, count] : outcomes) result.outcomes.push_back({values, count});


    std::vector<smt::property_spec> specs;
    std::vector<const ir::final_condition*> conds;
    for (const auto& c : m.conditions) {
      if (!applies(m, c)) continue;
      specs.push_back({c.text, c.condition});
      conds.push_back(&c);
    }
    smt::property_checker checker(m, specs, solver);
    bool gave_up = false;  // the deadline passed: the final states from here on are not checked
    for (std::size_t i = 0; i < conds.size(); ++i) {
      const ir::final_condition& c = *conds[i];
      std::optional<state_index> satisfying, refuting;
      bool undecided = false;
      for (std::size_t k = 0; k < v.finals_.size() && !gave_up; ++k) {
        if (k % 256 == 0 && until.passed()) {
          gave_up = true;
          break;
        }
        const state_index s = v.finals_[k];
        const smt::property_status st = checker.check_one(i, ex.state(s), s);
        if (st == smt::property_status::holds) {
          if (!satisfying) satisfying = s;
        } else if (st == smt::property_status::violated) {
          if (!refuting) refuting = s;
        } else {
          undecided = true;
        }
      }
      finding f;
      f.kind = finding_kind::condition;
      f.where = c.where;
      f.name = condition_name(c);
      std::optional<state_index> witness;  // the final state that decides a failure
      // Decided only by what was seen: a satisfying or refuting final state, or all of them.
      const bool saw_all = complete && !undecided && !gave_up;
      switch (c.kind) {
        case ir::condition_kind::exists:
          f.result = satisfying ? verdict::holds : (saw_all ? verdict::violated : verdict::unknown);
          f.witnessed = satisfying.has_value();
          if (f.result == verdict::violated) f.message = "no final state satisfies the condition";
          break;
        case ir::condition_kind::forall:
          f.result = refuting ? verdict::violated : (saw_all ? verdict::holds : verdict::unknown);
          witness = refuting;
          if (refuting) f.message = "a final state does not satisfy the condition";
          break;
        case ir::condition_kind::not_exists:
          f.result = satisfying ? verdict::violated : (saw_all ? verdict::holds : verdict::unknown);
          witness = satisfying;
          if (satisfying) f.message = "a final state satisfies the condition";
          break;
      }
      // A forall or ~exists over no final state at all says nothing about the scenario's outcomes.
      if (f.result == verdict::holds && !f.witnessed && v.finals_.empty()) {
        f.result = verdict::vacuous;
        f.message = "no final state was reached: the condition holds only vacuously";
      }
      if (gave_up && !f.witnessed) f = not_decided_in_time(std::move(f), conditions_phase);
      if (witness && f.result == verdict::violated) {
        f.trace = ex.trace_to(*witness);
        f.trace->kind = explore::trace_kind::scenario;
        f.trace->property = f.name;
        f.trace->message = f.message;
      }
      result.findings.push_back(std::move(f));
    }
    if (gave_up) late(conditions_phase);
  }

  // Coverage per model rule (transition name and location), summed over process instances.
  std::map<std::pair<std::string, std::string>, std::size_t> row_of;
  for (ir::transition_id t = 0; t < m.transitions.size(); ++t) {
    const ir::transition& tr = m.transitions[t];
    const std::string at = tr.where.file + ":" + std::to_string(tr.where.line) + ":" + std::to_string(tr.where.column);
    const auto key = std::make_pair(tr.name, at);
    auto it = row_of.find(key);
    if (it == row_of.end()) {
      it = row_of.emplace(key, result.coverage.size()).first;
      result.coverage.push_back({tr.name, tr.where, 0});
    }
    result.coverage[it->second].fired += t < result.search.fired.size() ? result.search.fired[t] : 0;
  }
  if (opts.require_coverage) {
    finding cov;
    cov.kind = finding_kind::coverage;
    cov.name = "coverage";
    std::size_t never = 0;
    for (const auto& row : result.coverage) never += row.fired == 0 ? 1 : 0;
    if (never > 0) {
      cov.result = complete ? verdict::violated : verdict::unknown;
      cov.message = std::to_string(never) + " model rule(s) never fired";
    } else {
      cov.witnessed = true;  // every rule fired in the states explored, whether or not that is all of them
    }
    result.findings.push_back(std::move(cov));
  }

  if (opts.dot) {
    if (!picture) {
      result.dot_note = "the state graph has " + std::to_string(result.search.states) + " states, more than " +
                        std::to_string(opts.dot_max_states) + " for a picture";
    } else {
      result.dot = graph::to_dot(*g, m, [&](std::uint32_t s) {
        std::string text = "s" + std::to_string(s);
        for (const ir::variable& var : m.variables)
          text += "\n" + var.name + " = " + ir::to_text(ir::read_variable(m, ex.state(s), var));
        return text;
      });
    }
  }

  // A search cut short decides nothing but its violations (and what a witness shows).
  if (!complete) {
    for (finding& f : result.findings) {
      if (f.witnessed || f.result == verdict::violated) continue;
      // An unknown that already says why (Z3 could not decide, the deadline) keeps its reason.
      const bool has_reason = f.result == verdict::unknown && !f.message.empty();
      f.result = cut_short(f.result);
      if (!has_reason) f.message = not_violated_within(result.search.states, result.search.status);
    }
  }

  verdict overall = verdict::holds;
  for (const auto& f : result.findings) overall = combine(overall, f.result);
  if (result.status != explore::completion::complete) overall = cut_short(overall);
  result.overall = overall;
  return result;
}

}  // namespace ptmc::props

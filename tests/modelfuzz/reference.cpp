// The reference explorer. Deliberately naive: every run copies its state and registers, choices
// branch by recursion, states live in a std::map, and nothing is shared with the explicit engine
// except the IR itself, the slot accessors of ir/state.h and the tree-walking evaluator.
#include "modelfuzz/reference.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <span>

#include "ir/exec.h"

namespace ptmc::modelfuzz {
namespace {

// The state of one run while it executes.
struct run_context {
  ir::packed_state state;
  std::vector<ir::value> regs;
  std::vector<std::uint32_t> choices;
  std::vector<explore::emitted_event> events;
};

class interpreter {
 public:
  interpreter(const ir::model& m, std::vector<ref_run>& out, std::string* layout_error)
      : m_(m), out_(out), layout_error_(layout_error) {}

  void start(const ir::packed_state& from, const std::vector<ir::stmt>& program) {
    run_context c;
    c.state = from;
    c.regs.assign(std::max<std::uint32_t>(m_.register_count, 1), 0);
    exec(program, 0, std::move(c), [this](run_context done) {
      ref_run r;
      r.choices = std::move(done.choices);
      r.events = std::move(done.events);
      r.state = std::move(done.state);
      out_.push_back(std::move(r));
    });
  }

 private:
  using continuation = std::function<void(run_context)>;

  void fail(const run_context& c, std::string message) {
    ref_run r;
    r.error = true;
    r.message = std::move(message);
    r.choices = c.choices;
    out_.push_back(std::move(r));
  }

  ir::eval_result eval(const run_context& c, ir::expr_id e) {
    return ir::evaluate(m_, c.state.data(), e, std::span<const ir::value>(c.regs));
  }

  // Stores v into slot `s` after the range check; false (and a model error) when it does not fit.
  bool store(run_context& c, ir::slot_id s, ir::value v) {
    const ir::slot& sl = m_.slots[s];
    if (!ir::in_range(sl, v)) {
      fail(c, "store of " + std::to_string(v) + " outside the range of " + sl.path);
      return false;
    }
    ir::write_bits(c.state.data(), sl, ir::encode(sl, v));
    const ir::value back = ir::read_slot(c.state.data(), sl);
    if (back != v && layout_error_->empty())
      *layout_error_ = "slot " + sl.path + " (width " + std::to_string(sl.width) + ", range " + std::to_string(sl.lo) +
                       ".." + std::to_string(sl.hi) + ") stores " + std::to_string(v) + " but reads back " +
                       std::to_string(back);
    return true;
  }

  void exec(const std::vector<ir::stmt>& block, std::size_t i, run_context c, const continuation& done) {
    if (i == block.size()) {
      done(std::move(c));
      return;
    }
    const ir::stmt& s = block[i];
    const auto next = [&](run_context after) { exec(block, i + 1, std::move(after), done); };
    switch (s.kind) {
      case ir::stmt_kind::store: {
        const ir::eval_result v = eval(c, s.e);
        if (!v.ok()) return fail(c, v.error);
        if (!store(c, s.slot, v.v)) return;
        return next(std::move(c));
      }
      case ir::stmt_kind::store_dynamic: {
        const ir::eval_result index = eval(c, s.index);
        if (!index.ok()) return fail(c, index.error);
        const ir::eval_result v = eval(c, s.e);
        if (!v.ok()) return fail(c, v.error);
        if (index.v < 0 || index.v >= static_cast<ir::value>(s.count)) return fail(c, "index out of range");
        if (!store(c, s.slot + static_cast<std::uint32_t>(index.v) * s.stride, v.v)) return;
        return next(std::move(c));
      }
      case ir::stmt_kind::set_reg: {
        const ir::eval_result v = eval(c, s.e);
        if (!v.ok()) return fail(c, v.error);
        c.regs[s.reg] = v.v;
        return next(std::move(c));
      }
      case ir::stmt_kind::assume: {
        const ir::eval_result v = eval(c, s.e);
        if (!v.ok()) return fail(c, v.error);
        if (v.v == 0) return;   // not enabled: no run
        return next(std::move(c));
      }
      case ir::stmt_kind::assert_: {
        const ir::eval_result v = eval(c, s.e);
        if (!v.ok()) return fail(c, v.error);
        if (v.v == 0) return fail(c, s.message);
        return next(std::move(c));
      }
      case ir::stmt_kind::if_: {
        const ir::eval_result v = eval(c, s.e);
        if (!v.ok()) return fail(c, v.error);
        return exec(v.v != 0 ? s.body : s.else_body, 0, std::move(c), next);
      }
      case ir::stmt_kind::choose: {
        for (std::uint32_t k = 0; k < s.count; ++k) {
          run_context branch = c;
          branch.regs[s.reg] = k;
          branch.choices.push_back(k);
          next(std::move(branch));
        }
        return;
      }
      case ir::stmt_kind::emit: {
        explore::emitted_event ev;
        ev.event = s.event;
        for (const ir::expr_id a : s.args) {
          const ir::eval_result v = eval(c, a);
          if (!v.ok()) return fail(c, v.error);
          ev.args.push_back(v.v);
        }
        c.events.push_back(std::move(ev));
        return next(std::move(c));
      }
      case ir::stmt_kind::error: return fail(c, s.message);
    }
  }

  const ir::model& m_;
  std::vector<ref_run>& out_;
  std::string* layout_error_;
};

ir::value pc_of(const ir::model& m, const ir::packed_state& s, std::uint32_t process) {
  return ir::read_slot(s.data(), m.slots[m.processes[process].pc_slot]);
}

// The transitions whose process is at their pc in `s` (looked up from the pc, not from by_pc).
std::vector<ir::transition_id> candidates(const ir::model& m, const ir::packed_state& s) {
  std::vector<ir::transition_id> out;
  for (ir::transition_id t = 0; t < m.transitions.size(); ++t)
    if (pc_of(m, s, m.transitions[t].process) == static_cast<ir::value>(m.transitions[t].pc)) out.push_back(t);
  return out;
}

// The agents that can take a completed step from `s`.
std::vector<bool> enabled_in(const ir::model& m, const ir::packed_state& s) {
  std::vector<bool> enabled(ir::agent_count(m), false);
  std::string ignored;
  for (const ir::transition_id t : candidates(m, s)) {
    for (const ref_run& r : run_program(m, s, m.transitions[t].effect, &ignored))
      if (!r.error) enabled[ir::agent_of(m, t)] = true;
  }
  return enabled;
}

}  // namespace

std::vector<ref_run> run_program(const ir::model& m, const ir::packed_state& from, const std::vector<ir::stmt>& program,
                                 std::string* layout_error) {
  std::vector<ref_run> out;
  interpreter in(m, out, layout_error);
  in.start(from, program);
  return out;
}

ref_space explore_reference(const ir::model& m, std::size_t max_states) {
  ref_space sp;
  const std::size_t agents = ir::agent_count(m);
  const auto add = [&](ir::packed_state s, std::uint32_t depth) -> std::uint32_t {
    const auto found = sp.index.find(s);
    if (found != sp.index.end()) return found->second;
    const auto id = static_cast<std::uint32_t>(sp.states.size());
    sp.index.emplace(s, id);
    sp.states.push_back(std::move(s));
    sp.depth.push_back(depth);
    return id;
  };
  const ir::packed_state zero(m.state_words(), 0);
  for (ref_run& r : run_program(m, zero, m.init, &sp.layout_error)) {
    if (r.error) {
      sp.first_error_depth = 0;
      continue;
    }
    add(std::move(r.state), 0);
  }
  for (std::size_t i = 0; i < sp.states.size(); ++i) {
    if (sp.states.size() > max_states) {
      sp.complete = false;
      return sp;
    }
    const ir::packed_state current = sp.states[i];
    const std::uint32_t d = sp.depth[i];
    std::vector<bool> enabled(agents, false);
    for (const ir::transition_id t : candidates(m, current)) {
      for (ref_run& r : run_program(m, current, m.transitions[t].effect, &sp.layout_error)) {
        if (r.error) {
          if (!sp.first_error_depth || *sp.first_error_depth > d + 1) sp.first_error_depth = d + 1;
          continue;
        }
        enabled[ir::agent_of(m, t)] = true;
        ++sp.transitions;
        const std::uint32_t to = add(std::move(r.state), d + 1);
        sp.edges.push_back({static_cast<std::uint32_t>(i), to, t});
      }
    }
    sp.enabled_agents.push_back(std::move(enabled));
  }
  return sp;
}

bool trigger_holds(const ir::model& m, const ir::packed_state& s, ir::expr_id p) {
  const ir::eval_result r = ir::evaluate(m, s.data(), p);
  return !r.ok() || r.v != 0;
}

bool target_holds(const ir::model& m, const ir::packed_state& s, ir::expr_id q) {
  const ir::eval_result r = ir::evaluate(m, s.data(), q);
  return r.ok() && r.v != 0;
}

ref_leads_to check_leads_to_reference(const ir::model& m, const ref_space& sp, ir::expr_id p, ir::expr_id q) {
  const std::size_t n = sp.states.size();
  std::vector<bool> not_q(n);
  for (std::size_t s = 0; s < n; ++s) not_q[s] = !target_holds(m, sp.states[s], q);
  std::vector<std::vector<ref_space::edge>> out(n);
  std::vector<std::vector<std::uint32_t>> in(n);
  for (const auto& e : sp.edges) {
    if (!not_q[e.from] || !not_q[e.to]) continue;
    out[e.from].push_back(e);
    in[e.to].push_back(e.from);
  }

  // Tarjan's strongly connected components of the not-Q subgraph (recursive: the spaces are small).
  std::vector<std::int64_t> order(n, -1), low(n, 0), comp(n, -1);
  std::vector<std::uint32_t> stack;
  std::vector<bool> on_stack(n, false);
  std::int64_t counter = 0, components = 0;
  std::function<void(std::uint32_t)> visit = [&](std::uint32_t v) {
    order[v] = low[v] = counter++;
    stack.push_back(v);
    on_stack[v] = true;
    for (const auto& e : out[v]) {
      if (order[e.to] < 0) {
        visit(e.to);
        low[v] = std::min(low[v], low[e.to]);
      } else if (on_stack[e.to]) {
        low[v] = std::min(low[v], order[e.to]);
      }
    }
    if (low[v] == order[v]) {
      std::uint32_t w = 0;
      do {
        w = stack.back();
        stack.pop_back();
        on_stack[w] = false;
        comp[w] = components;
      } while (w != v);
      ++components;
    }
  };
  for (std::uint32_t s = 0; s < n; ++s)
    if (not_q[s] && order[s] < 0) visit(s);

  // A component is fair when it has an internal edge and every fair agent takes one of its internal
  // edges or is disabled in one of its states.
  const std::size_t agents = ir::agent_count(m);
  std::vector<bool> has_edge(static_cast<std::size_t>(components), false);
  std::vector<std::vector<bool>> steps(static_cast<std::size_t>(components), std::vector<bool>(agents, false));
  std::vector<std::vector<bool>> disabled(static_cast<std::size_t>(components), std::vector<bool>(agents, false));
  for (std::uint32_t s = 0; s < n; ++s) {
    if (!not_q[s]) continue;
    const auto c = static_cast<std::size_t>(comp[s]);
    for (std::size_t a = 0; a < agents; ++a)
      if (!sp.enabled_agents[s][a]) disabled[c][a] = true;
    for (const auto& e : out[s]) {
      if (comp[e.to] != comp[s]) continue;
      has_edge[c] = true;
      steps[c][ir::agent_of(m, e.transition)] = true;
    }
  }
  std::vector<bool> fair(static_cast<std::size_t>(components), false);
  for (std::size_t c = 0; c < fair.size(); ++c) {
    if (!has_edge[c]) continue;
    bool ok = true;
    for (std::size_t a = 0; a < agents; ++a)
      if (ir::agent_is_fair(m, static_cast<ir::agent_id>(a)) && !steps[c][a] && !disabled[c][a]) ok = false;
    fair[c] = ok;
  }

  // Bad states: not-Q states that reach, within not-Q, a fair component or a stuck state.
  std::vector<bool> bad(n, false);
  std::deque<std::uint32_t> work;
  for (std::uint32_t s = 0; s < n; ++s) {
    if (!not_q[s]) continue;
    bool stuck = true;
    for (std::size_t a = 0; a < agents; ++a)
      if (ir::agent_is_fair(m, static_cast<ir::agent_id>(a)) && sp.enabled_agents[s][a]) stuck = false;
    if (stuck || fair[static_cast<std::size_t>(comp[s])]) {
      bad[s] = true;
      work.push_back(s);
    }
  }
  while (!work.empty()) {
    const std::uint32_t s = work.front();
    work.pop_front();
    for (const std::uint32_t pred : in[s]) {
      if (bad[pred]) continue;
      bad[pred] = true;
      work.push_back(pred);
    }
  }
  ref_leads_to r;
  for (std::uint32_t s = 0; s < n; ++s) {
    if (!bad[s] || !trigger_holds(m, sp.states[s], p)) continue;
    if (!r.violated || sp.depth[s] < r.trigger_depth) r.trigger_depth = sp.depth[s];
    r.violated = true;
  }
  return r;
}

std::string replay_reference(const ir::model& m, const explore::trace& t, std::optional<ir::expr_id> invariant,
                             std::optional<ir::expr_id> trigger, std::optional<ir::expr_id> target) {
  std::string ignored;
  const ir::packed_state zero(m.state_words(), 0);
  const auto find_run = [](const std::vector<ref_run>& runs, const std::vector<std::uint32_t>& choices) -> const ref_run* {
    for (const ref_run& r : runs)
      if (r.choices == choices) return &r;
    return nullptr;
  };

  // The initial state (or, for an error in init, the failing init run).
  const std::vector<ref_run> init_runs = run_program(m, zero, m.init, &ignored);
  const ref_run* init = find_run(init_runs, t.init_choices);
  if (!init) return "no run of init takes the trace's init choices";
  if (init->error) {
    if (t.kind == explore::trace_kind::model_error && t.steps.empty()) return "";
    return "init fails: " + init->message;
  }
  if (init->state != t.initial) return "the initial state differs from init's run";

  std::vector<ir::packed_state> visited{t.initial};
  std::vector<ir::agent_id> agents;
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    const explore::trace_step& step = t.steps[i];
    const ir::packed_state& from = visited.back();
    if (step.transition >= m.transitions.size()) return "step " + std::to_string(i + 1) + ": no such transition";
    const ir::transition& tr = m.transitions[step.transition];
    if (pc_of(m, from, tr.process) != static_cast<ir::value>(tr.pc))
      return "step " + std::to_string(i + 1) + ": transition " + tr.name + " is not at its pc";
    const std::vector<ref_run> runs = run_program(m, from, tr.effect, &ignored);
    const ref_run* r = find_run(runs, step.choices);
    if (!r) return "step " + std::to_string(i + 1) + ": no run of " + tr.name + " with these choices";
    const bool last = i + 1 == t.steps.size();
    if (r->error) {
      if (last && t.kind == explore::trace_kind::model_error) return "";
      return "step " + std::to_string(i + 1) + ": " + tr.name + " fails: " + r->message;
    }
    if (last && t.kind == explore::trace_kind::model_error) return "the last step does not fail";
    if (r->state != step.state) return "step " + std::to_string(i + 1) + ": the state differs from " + tr.name + "'s run";
    if (r->events.size() != step.events.size()) return "step " + std::to_string(i + 1) + ": other events";
    for (std::size_t e = 0; e < r->events.size(); ++e)
      if (r->events[e].event != step.events[e].event || r->events[e].args != step.events[e].args)
        return "step " + std::to_string(i + 1) + ": other events";
    visited.push_back(step.state);
    agents.push_back(ir::agent_of(m, step.transition));
  }

  switch (t.kind) {
    case explore::trace_kind::model_error: return "the trace does not end in a model error";
    case explore::trace_kind::invariant_violation: {
      if (!invariant) return "an invariant trace without its invariant";
      const ir::eval_result r = ir::evaluate(m, visited.back().data(), *invariant);
      if (r.ok() && r.v != 0) return "the invariant holds in the last state";
      return "";
    }
    case explore::trace_kind::lasso:
    case explore::trace_kind::stuck: {
      if (!trigger || !target) return "a leads-to trace without its property";
      if (t.trigger_index < 0 || static_cast<std::size_t>(t.trigger_index) >= visited.size()) return "no trigger state";
      const auto from = static_cast<std::size_t>(t.trigger_index);
      if (!trigger_holds(m, visited[from], *trigger)) return "P does not hold in the trigger state";
      for (std::size_t s = from; s < visited.size(); ++s)
        if (target_holds(m, visited[s], *target)) return "Q holds in state " + std::to_string(s);
      if (t.kind == explore::trace_kind::stuck) {
        const std::vector<bool> enabled = enabled_in(m, visited.back());
        for (std::size_t a = 0; a < enabled.size(); ++a)
          if (enabled[a] && ir::agent_is_fair(m, static_cast<ir::agent_id>(a)))
            return "the last state is not stuck: " + ir::agent_name(m, static_cast<ir::agent_id>(a)) + " is enabled";
        return "";
      }
      if (t.loop_index < 0 || static_cast<std::size_t>(t.loop_index) + 1 >= visited.size()) return "no loop";
      const auto loop = static_cast<std::size_t>(t.loop_index);
      if (loop < from) return "the loop starts before the trigger";
      if (visited[loop] != visited.back()) return "the loop does not close";
      std::vector<bool> fair_ok(ir::agent_count(m), false);
      for (std::size_t s = loop; s + 1 < visited.size(); ++s) fair_ok[agents[s]] = true;
      for (std::size_t s = loop; s < visited.size(); ++s) {
        const std::vector<bool> enabled = enabled_in(m, visited[s]);
        for (std::size_t a = 0; a < enabled.size(); ++a)
          if (!enabled[a]) fair_ok[a] = true;
      }
      for (std::size_t a = 0; a < fair_ok.size(); ++a)
        if (!fair_ok[a] && ir::agent_is_fair(m, static_cast<ir::agent_id>(a)))
          return "the loop is not fair to " + ir::agent_name(m, static_cast<ir::agent_id>(a));
      return "";
    }
    default: return "";
  }
}

}  // namespace ptmc::modelfuzz

// Control flow: process, program and syscall bodies become program points (pcs) and steps.
//
// Phase 1 (build_cfg) turns a body into CFG nodes and steps without touching the IR; nodes that
// take no step of their own (an empty block, `break`, the head of `loop`) are merged with their
// successor through union-find, so pcs are only the places where a step starts. Phase 2
// (emit_transitions) lowers each step's effect once per process instance.
#include <algorithm>

#include "base/invariant.h"
#include "lower/lower_internal.h"

namespace ptmc::lower::detail {

// The largest element domain of a set-typed syscall parameter in the most general environment:
// the environment chooses any of its 2^n subsets.
constexpr std::int64_t kMaxEnvSetDomain = 16;

using lang::expr_kind;
using lang::ref_kind;
using lang::stmt;
using lang::stmt_kind;

// ---------------------------------------------------------------- union-find over nodes

int process_cfg::new_node() {
  parent.push_back(static_cast<int>(parent.size()));
  return parent.back();
}

int process_cfg::find(int n) {
  while (parent[static_cast<std::size_t>(n)] != n) {
    parent[static_cast<std::size_t>(n)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(n)])];
    n = parent[static_cast<std::size_t>(n)];
  }
  return n;
}

void process_cfg::alias(int a, int b) {
  a = find(a);
  b = find(b);
  if (a != b) parent[static_cast<std::size_t>(std::max(a, b))] = std::min(a, b);
}

void process_cfg::number() {
  pc_of_node.assign(parent.size(), 0);
  std::vector<int> pc_of_root(parent.size(), -1);
  std::uint32_t next = 0;
  for (std::size_t n = 0; n < parent.size(); ++n) {
    const int root = find(static_cast<int>(n));
    if (pc_of_root[static_cast<std::size_t>(root)] < 0) pc_of_root[static_cast<std::size_t>(root)] = static_cast<int>(next++);
    pc_of_node[n] = static_cast<std::uint32_t>(pc_of_root[static_cast<std::size_t>(root)]);
  }
  pc_count = std::max<std::uint32_t>(next, 1);
}

// ---------------------------------------------------------------- phase 1

namespace {

// Whether a body always ends in a return, so control cannot fall off its end.
bool ends_in_return(const std::vector<lang::stmt_ptr>& body) {
  if (body.empty()) return false;
  const stmt& last = *body.back();
  if (last.kind == stmt_kind::return_) return true;
  if (last.kind == stmt_kind::atomic || last.kind == stmt_kind::block || last.kind == stmt_kind::labeled)
    return ends_in_return(last.body);
  return false;
}

std::int64_t repeat_count(const stmt& s) {
  const lang::expr& e = *s.exprs[0];
  if (e.kind == expr_kind::int_lit) return e.int_value;
  if (e.target) return e.target->const_value;
  return 1;
}

}  // namespace

std::string lowerer::owner_name(const process_info& p, int frame) const {
  if (frame >= 0) return p.cfg.frames[static_cast<std::size_t>(frame)].syscall->name;
  return p.name;
}

void lowerer::add_frame_locals(process_cfg& g, const lang::decl& syscall) {
  const std::string prefix = syscall.name + ".";
  for (const auto& [name, ty] : g.locals)
    if (name.rfind(prefix, 0) == 0) return;  // already added for an earlier call site
  for (const auto& param : syscall.params)
    if (!param.is_self) g.locals.emplace_back(prefix + param.name, param.ty);
  for (const auto& s : syscall.body)
    if (s->kind == stmt_kind::var) g.locals.emplace_back(prefix + s->name, s->ty);
}

void lowerer::lower_syscall_body(process_cfg& g, const lang::decl& syscall, int fi, int body_entry, int body_exit,
                                 int return_to) {
  lower_seq(g, syscall.body, body_entry, body_exit, fi, -1);
  if (ends_in_return(syscall.body)) return;
  // Falling off the end of the body returns nothing.
  cfg_step ret;
  ret.k = cfg_step::kind::ret;
  ret.from = body_exit;
  ret.to = return_to;
  ret.frame = fi;
  ret.name = syscall.name + ":end";
  ret.where = loc_of(syscall.where);
  g.steps.push_back(ret);
}

int lowerer::enter_syscall(process_cfg& g, const stmt& call, const lang::decl& syscall, int from, int to, int frame,
                           const std::string& result_register) {
  const int fi = static_cast<int>(g.frames.size());
  g.frames.push_back(call_frame{&syscall, to, result_register, &call, {}});
  add_frame_locals(g, syscall);
  const int body_entry = g.new_node();
  const int body_exit = g.new_node();
  cfg_step enter;
  enter.k = cfg_step::kind::call_enter;
  enter.from = from;
  enter.to = body_entry;
  enter.s = &call;
  enter.frame = frame;
  enter.callee = fi;
  enter.name = syscall.name + ":enter";
  enter.where = loc_of(call.where);
  g.steps.push_back(enter);
  lower_syscall_body(g, syscall, fi, body_entry, body_exit, to);
  return fi;
}

void lowerer::lower_seq(process_cfg& g, const std::vector<lang::stmt_ptr>& body, int from, int to, int frame,
                        int break_to) {
  // `var` declarations take no step (they are initialised at init or at syscall entry).
  std::vector<const stmt*> steps;
  for (const auto& s : body)
    if (s && s->kind != stmt_kind::var) steps.push_back(s.get());
  if (steps.empty()) {
    g.alias(from, to);
    return;
  }
  int cur = from;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const int next = i + 1 == steps.size() ? to : g.new_node();
    lower_one(g, *steps[i], cur, next, frame, break_to);
    cur = next;
  }
}

void lowerer::lower_one(process_cfg& g, const stmt& s, int from, int to, int frame, int break_to) {
  const std::string owner = frame >= 0 ? g.frames[static_cast<std::size_t>(frame)].syscall->name : "";
  auto add = [&](cfg_step st) {
    st.frame = frame;
    if (st.where.file.empty()) st.where = loc_of(s.where);
    g.steps.push_back(std::move(st));
  };
  auto named = [&](const std::string& suffix) { return "L" + std::to_string(s.where.line()) + suffix; };
  // The two steps of a condition (if, while): to `yes` when it holds, to `no` when it does not.
  auto add_guards = [&](int yes, int no, const std::string& yes_name, const std::string& no_name) {
    cfg_step st;
    st.k = cfg_step::kind::guard;
    st.from = from;
    st.cond = s.exprs[0].get();
    st.to = yes;
    st.name = named(yes_name);
    add(st);
    st.to = no;
    st.negate = true;
    st.name = named(no_name);
    add(std::move(st));
  };
  switch (s.kind) {
    case stmt_kind::var:
      g.alias(from, to);
      return;
    case stmt_kind::block:
      lower_seq(g, s.body, from, to, frame, break_to);
      return;
    case stmt_kind::labeled: {
      if (frame < 0) g.labels.emplace_back(s.name, from);
      const std::size_t first = g.steps.size();
      lower_seq(g, s.body, from, to, frame, break_to);
      // The steps that start the labelled statement carry its label (for names and coverage).
      for (std::size_t i = first; i < g.steps.size(); ++i)
        if (g.steps[i].from == from && g.steps[i].label.empty()) g.steps[i].label = s.name;
      return;
    }
    case stmt_kind::call:
      if (s.ref == ref_kind::syscall) {
        enter_syscall(g, s, *s.target, from, to, frame, "");
        return;
      }
      break;
    case stmt_kind::assign:
      if (s.observe) {
        // A snapshot into a register: one step of the program that writes it.
        const std::string reg = s.exprs[0]->name;
        const bool known = std::any_of(g.registers.begin(), g.registers.end(),
                                       [&](const auto& r) { return r.first == reg; });
        if (!known) g.registers.emplace_back(reg, s.exprs[0]->ty);
        break;
      }
      if (s.exprs[1]->kind == expr_kind::call && s.exprs[1]->ref == ref_kind::syscall) {
        const std::string reg = s.exprs[0]->name;
        const bool known = std::any_of(g.registers.begin(), g.registers.end(),
                                       [&](const auto& r) { return r.first == reg; });
        if (!known) g.registers.emplace_back(reg, s.exprs[0]->ty);
        enter_syscall(g, s, *s.exprs[1]->target, from, to, frame, reg);
        return;
      }
      break;
    case stmt_kind::await: {
      cfg_step st;
      st.k = cfg_step::kind::guard;
      st.from = from;
      st.to = to;
      st.cond = s.exprs[0].get();
      st.name = named(":await");
      add(std::move(st));
      return;
    }
    case stmt_kind::expect: {
      cfg_step st;
      st.k = cfg_step::kind::expect;
      st.from = from;
      st.to = to;
      st.s = &s;
      st.cond = s.exprs[0].get();
      st.name = named(":expect");
      add(std::move(st));
      return;
    }
    case stmt_kind::if_: {
      const int then_entry = g.new_node();
      const bool has_else = s.body.size() > 1 && s.body[1];
      const int else_entry = has_else ? g.new_node() : to;
      add_guards(then_entry, else_entry, ":if", ":else");
      lower_one(g, *s.body[0], then_entry, to, frame, break_to);
      if (has_else) lower_one(g, *s.body[1], else_entry, to, frame, break_to);
      return;
    }
    case stmt_kind::while_: {
      const int body_entry = g.new_node();
      add_guards(body_entry, to, ":while", ":done");
      lower_seq(g, s.body, body_entry, from, frame, to);
      return;
    }
    case stmt_kind::loop:
      lower_seq(g, s.body, from, from, frame, to);
      return;
    case stmt_kind::break_:
      g.alias(from, break_to);
      return;
    case stmt_kind::either:
      for (const auto& branch : s.body) lower_one(g, *branch, from, to, frame, break_to);
      return;
    case stmt_kind::return_: {
      cfg_step st;
      st.k = cfg_step::kind::ret;
      st.from = from;
      st.to = frame >= 0 ? g.frames[static_cast<std::size_t>(frame)].return_node : to;
      st.s = &s;
      st.name = named(":return");
      add(std::move(st));
      return;
    }
    case stmt_kind::repeat: {
      const std::int64_t n = repeat_count(s);
      int cur = from;
      for (std::int64_t i = 0; i < n; ++i) {
        const int next = i + 1 == n ? to : g.new_node();
        lower_seq(g, s.body, cur, next, frame, break_to);
        cur = next;
      }
      if (n <= 0) g.alias(from, to);
      return;
    }
    default:
      break;
  }
  // Everything else is one step: a simple statement or an atomic block.
  cfg_step st;
  st.k = cfg_step::kind::effect;
  st.from = from;
  st.to = to;
  st.s = &s;
  st.name = named(s.kind == stmt_kind::atomic ? ":atomic" : "");
  add(std::move(st));
  (void)owner;
}

void lowerer::build_cfg(process_info& p, const std::vector<lang::stmt_ptr>& body, bool /*is_program*/) {
  process_cfg& g = p.cfg;
  g.entry = g.new_node();
  const int final_node = g.new_node();
  for (const auto& s : body) {
    if (s && s->kind == stmt_kind::var) {
      g.locals.emplace_back(s->name, s->ty);
      g.process_vars.push_back(s.get());
    }
  }
  lower_seq(g, body, g.entry, final_node, -1, -1);
  g.final_nodes.push_back(final_node);
  for (const auto& [reg, ty] : g.registers) g.locals.emplace_back(reg, ty);
  g.number();
}

void lowerer::build_env_cfg(process_info& p, const std::vector<const lang::decl*>& syscalls) {
  process_cfg& g = p.cfg;
  g.entry = g.new_node();
  g.final_nodes.push_back(g.entry);  // between calls the environment has nothing left to do
  for (const lang::decl* sc : syscalls) {
    for (const auto& param : sc->params) {
      if (param.is_self) {
        if (p.index_type && p.index_type != param.ty) {
          unsupported(param.type ? param.type->where : sc->where,
                      "syscalls with different caller types in the most general environment");
          return;
        }
        p.index_type = param.ty;
        continue;
      }
      const lang::type* t = param.ty;
      const lang::type* d = t->kind == lang::ty_kind::optional ? t->elem : t;
      // A set of a small domain is chosen as any subset (a flags argument such as waitpid's).
      const bool small_set = t->kind == lang::ty_kind::set && t->elem->is_domain() &&
                             t->elem->domain_size() <= kMaxEnvSetDomain;
      if (!d->is_domain() && !small_set) {
        unsupported(param.type ? param.type->where : sc->where,
                    "a syscall parameter of type " + t->spelling() + " in the most general environment");
        return;
      }
    }
    const int fi = static_cast<int>(g.frames.size());
    g.frames.push_back(call_frame{sc, g.entry, "", nullptr, {}});
    add_frame_locals(g, *sc);
    const int body_entry = g.new_node();
    const int body_exit = g.new_node();
    cfg_step call;
    call.k = cfg_step::kind::env_call;
    call.from = g.entry;
    call.to = body_entry;
    call.callee = fi;
    call.name = sc->name + ":call";
    call.where = loc_of(sc->name_span);
    g.steps.push_back(call);
    lower_syscall_body(g, *sc, fi, body_entry, body_exit, g.entry);
  }
  g.number();
}

// ---------------------------------------------------------------- instances

void lowerer::create_instances(process_info& p, ir::process_role role, bool fair) {
  process_cfg& g = p.cfg;
  std::vector<std::pair<std::string, ir::type_id>> locals;
  // A syscall parameter or local holding a symmetric id is `none` while no call runs: resetting
  // it to a fixed id would make the transition relation asymmetric and symmetry reduction unsound.
  for (const auto& [name, ty] : g.locals) {
    const bool frame_local = name.find('.') != std::string::npos;
    if (frame_local && ty->kind == lang::ty_kind::symmetric)
      locals.emplace_back(name, b_.type_optional(ir_type(ty)));
    else
      locals.emplace_back(name, ir_type(ty));
  }

  std::vector<ir::value> ids{0};
  if (p.index_type) ids = domain_values(p.index_type);
  const std::string index_name = p.decl && !p.decl->params.empty() ? p.decl->params[0].name : "";

  auto add_instance = [&](std::uint32_t process, std::map<std::string, ir::slot_id> slots, ir::value id) {
    instance inst;
    inst.process = process;
    inst.locals = std::move(slots);
    if (p.index_type) {
      const ir::expr_id v = b_.constant(id, sort_of(p.index_type));
      if (!index_name.empty()) {
        binding bnd;
        bnd.name = index_name;
        bnd.leaves = {v};
        inst.constants.push_back(std::move(bnd));
      }
      if (!p.decl) inst.self = v;  // environment: one process per caller identity
    }
    b_.edit().processes[process].fair = fair;
    for (int f : g.final_nodes) b_.mark_final(process, g.pc(f));
    p.instances.push_back(std::move(inst));
  };

  if (p.index_type && p.index_type->kind == lang::ty_kind::symmetric) {
    const ir::process_family fam =
        b_.add_process_family(p.name, b_.symmetric_domain_of(ir_type(p.index_type)), g.pc_count, locals, role);
    for (std::size_t k = 0; k < fam.processes.size(); ++k) {
      std::map<std::string, ir::slot_id> slots;
      for (std::size_t j = 0; j < locals.size(); ++j) slots[locals[j].first] = fam.local_slot(static_cast<std::uint32_t>(k), j);
      add_instance(fam.processes[k], std::move(slots), static_cast<ir::value>(k));
    }
  } else {
    for (const ir::value id : ids) {
      std::string name = p.name;
      if (p.index_type) {
        if (p.index_type->kind == lang::ty_kind::enumeration)
          name += "[" + p.index_type->value_names.at(static_cast<std::size_t>(id)) + "]";
        else
          name += "[" + std::to_string(id) + "]";
      }
      const std::uint32_t process = b_.add_process(name, g.pc_count, role);
      std::map<std::string, ir::slot_id> slots;
      for (const auto& [local, t] : locals) slots[local] = b_.add_variable(name + "." + local, t, ir::var_kind::local);
      add_instance(process, std::move(slots), id);
    }
  }

  // A program's identity: its `as` expression, with its own index bound.
  if (p.decl && p.decl->kind == lang::decl_kind::program && p.decl->value) {
    for (auto& inst : p.instances) {
      const std::size_t mark = scope_mark();
      for (const auto& c : inst.constants) push_binding(c);
      effect_ctx ctx;
      inst.self = scalar(*p.decl->value, ctx);
      pop_bindings(mark);
    }
  }
}

// ---------------------------------------------------------------- phase 2

void lowerer::reset_frame_locals(effect_ctx& ctx, int fi) {
  const call_frame& fr = ctx.proc->cfg.frames[static_cast<std::size_t>(fi)];
  const std::string prefix = fr.syscall->name + ".";
  for (const auto& [name, ty] : ctx.proc->cfg.locals) {
    if (name.rfind(prefix, 0) != 0) continue;
    place p;
    p.ty = ty;
    p.base = ctx.inst->locals.at(name);
    if (ty->kind == lang::ty_kind::symmetric) {
      write_leaf(p, 0, b_.none(), ctx);  // see create_instances
      continue;
    }
    std::vector<ir::value> defaults;
    leaf_defaults(ty, defaults);
    for (std::uint32_t k = 0; k < defaults.size(); ++k)
      write_leaf(p, k, b_.constant(defaults[k], leaf_sort(ty, k)), ctx);
  }
}

void lowerer::emit_return(const stmt* s, effect_ctx& ctx) {
  if (ctx.frame < 0) {
    unsupported(s ? s->where : span{}, "'return' outside a syscall");
    return;
  }
  const call_frame& fr = ctx.proc->cfg.frames[static_cast<std::size_t>(ctx.frame)];
  if (s && !s->exprs.empty() && s->exprs[0] && !fr.result_register.empty()) {
    place reg;
    reg.ty = fr.syscall->ty;
    reg.base = ctx.inst->locals.at(fr.result_register);
    write(reg, leaves_as(*s->exprs[0], reg.ty, ctx), ctx);
  }
  reset_frame_locals(ctx, ctx.frame);
  ctx.out->push_back(b_.set_pc(ctx.inst->process, ctx.proc->cfg.pc(fr.return_node)));
  if (ctx.returned) ctx.out->push_back(ir::builder::set_reg(*ctx.returned, b_.constant(1)));
}

void lowerer::step_effect(process_info& p, instance& inst, const cfg_step& st, std::vector<ir::stmt>& out) {
  effect_ctx ctx;
  ctx.proc = &p;
  ctx.inst = &inst;
  ctx.frame = st.frame;
  ctx.out = &out;
  const std::size_t mark = scope_mark();
  for (const auto& c : inst.constants) push_binding(c);
  auto bind_self = [&](int fi) {
    if (fi < 0 || !inst.self) return;
    for (const auto& param : p.cfg.frames[static_cast<std::size_t>(fi)].syscall->params) {
      if (!param.is_self) continue;
      binding bnd;
      bnd.name = param.name;
      bnd.leaves = {*inst.self};
      push_binding(std::move(bnd));
    }
  };
  bind_self(st.frame);
  const auto goto_pc = [&](int node) { out.push_back(b_.set_pc(inst.process, p.cfg.pc(node))); };

  switch (st.k) {
    case cfg_step::kind::effect:
      if (contains_return(*st.s)) {
        const std::uint32_t r = alloc_register();
        out.push_back(ir::builder::set_reg(r, b_.constant(0)));
        ctx.returned = r;
        effect(*st.s, ctx);
        std::vector<ir::stmt> fall_through;
        fall_through.push_back(b_.set_pc(inst.process, p.cfg.pc(st.to)));
        out.push_back(ir::builder::if_(b_.eq(b_.reg(r), b_.constant(0)), std::move(fall_through)));
      } else {
        effect(*st.s, ctx);
        goto_pc(st.to);
      }
      break;
    case cfg_step::kind::guard: {
      ir::expr_id c = scalar(*st.cond, ctx);
      if (st.negate) c = b_.lnot(c);
      out.push_back(ir::builder::assume(c));
      goto_pc(st.to);
      break;
    }
    case cfg_step::kind::expect: {
      const std::string message = st.where.file + ":" + std::to_string(st.where.line) +
                                  ": expectation failed: " + lang::print(*st.cond);
      out.push_back(ir::builder::assert_(scalar(*st.cond, ctx), message));
      goto_pc(st.to);
      break;
    }
    case cfg_step::kind::call_enter:
    case cfg_step::kind::env_call: {
      const call_frame& fr = p.cfg.frames[static_cast<std::size_t>(st.callee)];
      const lang::decl& sc = *fr.syscall;
      std::vector<const lang::expr*> args;
      if (fr.call) {
        const stmt& call = *fr.call;
        const auto& operands = call.kind == stmt_kind::assign ? call.exprs[1]->operands : call.exprs;
        for (const auto& a : operands) args.push_back(a.get());
      } else {
        PTMC_INVARIANT(env_calls_slot_.has_value(), "env calls have a call counter");
        const ir::expr_id calls = b_.load(*env_calls_slot_);
        out.push_back(ir::builder::assume(b_.lt(calls, b_.constant(env_call_bound_))));
        out.push_back(ir::builder::store(*env_calls_slot_, b_.add(calls, b_.constant(1))));
      }
      // Evaluate every argument in the caller's frame before writing the callee's parameters.
      std::vector<std::pair<place, std::vector<ir::expr_id>>> writes;
      std::size_t next_arg = 0;
      for (const auto& param : sc.params) {
        if (param.is_self) continue;
        place pl;
        pl.ty = param.ty;
        pl.base = inst.locals.at(sc.name + "." + param.name);
        std::vector<ir::expr_id> values;
        if (fr.call) {
          if (next_arg < args.size()) values = leaves_as(*args[next_arg++], param.ty, ctx);
        } else {
          const bool optional = param.ty->kind == lang::ty_kind::optional;
          const lang::type* d = optional ? param.ty->elem : param.ty;
          const std::uint32_t r = alloc_register();
          if (d->kind == lang::ty_kind::set) {
            // Choice k is the set whose bit i is bit i of k: every subset of the element domain.
            out.push_back(ir::builder::choose(r, std::uint32_t{1} << d->elem->domain_size()));
            writes.emplace_back(pl, std::vector<ir::expr_id>{b_.reg(r, ir::value_sort::set)});
            continue;
          }
          out.push_back(ir::builder::choose(r, static_cast<std::uint32_t>(d->domain_size()) + (optional ? 1 : 0)));
          const std::int64_t lo = d->kind == lang::ty_kind::range ? d->lo : 0;
          if (optional) {
            // Choice 0 is none, choice 1 + i the i-th value of d (for a bool: false, then true).
            const ir::expr_id some = sort_of(d) == ir::value_sort::boolean
                                         ? b_.eq(b_.reg(r), b_.constant(2))
                                         : b_.add(b_.reg(r), b_.constant(lo - 1));
            values = {b_.ite(b_.eq(b_.reg(r), b_.constant(0)), b_.none(sort_of(d)), some)};
          } else {
            values = {lo == 0 ? b_.reg(r, sort_of(d)) : b_.add(b_.reg(r), b_.constant(lo))};
          }
        }
        writes.emplace_back(pl, std::move(values));
      }
      effect_ctx callee = ctx;
      callee.frame = st.callee;
      bind_self(st.callee);
      for (auto& [pl, values] : writes)
        if (!values.empty()) write(pl, values, callee);
      // The syscall's `env where` filter prunes the environment's choices (a scenario's call is not
      // filtered).
      if (!fr.call && sc.value) out.push_back(ir::builder::assume(scalar(*sc.value, callee)));
      for (const auto& s : sc.body) {
        if (s->kind != stmt_kind::var || s->exprs.empty() || !s->exprs[0]) continue;
        place pl;
        pl.ty = s->ty;
        pl.base = inst.locals.at(sc.name + "." + s->name);
        write(pl, leaves_as(*s->exprs[0], pl.ty, callee), callee);
      }
      goto_pc(st.to);
      break;
    }
    case cfg_step::kind::ret:
      emit_return(st.s, ctx);
      break;
  }
  pop_bindings(mark);
}

void lowerer::emit_transitions(process_info& p) {
  process_cfg& g = p.cfg;
  for (auto& inst : p.instances) {
    for (const cfg_step& st : g.steps) {
      begin_step();
      std::vector<ir::stmt> effect_out;
      step_effect(p, inst, st, effect_out);
      std::string name = owner_name(p, st.frame) + ":" + st.name;
      if (!st.label.empty())
        name = owner_name(p, st.frame) + ":" + st.label + (st.k == cfg_step::kind::guard ? ":" + st.name : "");
      const ir::transition_id t = b_.add_transition(inst.process, g.pc(st.from), name, std::move(effect_out));
      b_.edit().transitions[t].where = st.where;
      // Kernel code run for a userland caller: fair even when the caller is not (ir::agent_id).
      b_.edit().transitions[t].in_syscall = st.frame >= 0;  // only userland processes call syscalls
    }
  }
  b_.edit().register_count = std::max(b_.peek().register_count, max_registers_);
}

}  // namespace ptmc::lower::detail

// Type checking of statements and bodies, with the step-structure rules: what may appear inside
// `atomic`, where `var`, `return`, labels, loops and calls may appear, and what a scenario program holds.
#include <algorithm>

#include "lang/sema_internal.h"

namespace ptmc::lang::sema {

namespace {

bool is_error(const type* t) { return t == nullptr || t->kind == ty_kind::error; }

const char* stmt_name(stmt_kind kind) {
  switch (kind) {
    case stmt_kind::block: return "a block";
    case stmt_kind::let: return "'let'";
    case stmt_kind::var: return "'var'";
    case stmt_kind::assign: return "an assignment";
    case stmt_kind::if_: return "'if'";
    case stmt_kind::while_: return "'while'";
    case stmt_kind::loop: return "'loop'";
    case stmt_kind::break_: return "'break'";
    case stmt_kind::for_: return "'for'";
    case stmt_kind::atomic: return "'atomic'";
    case stmt_kind::await: return "'await'";
    case stmt_kind::either: return "'either'";
    case stmt_kind::choose: return "'choose'";
    case stmt_kind::emit: return "'emit'";
    case stmt_kind::return_: return "'return'";
    case stmt_kind::assert_: return "'assert'";
    case stmt_kind::skip: return "'skip'";
    case stmt_kind::call: return "a call";
    case stmt_kind::labeled: return "a label";
    case stmt_kind::expect: return "'expect'";
    case stmt_kind::repeat: return "'repeat'";
  }
  return "this statement";
}

ref_kind param_ref(decl_kind owner) {
  switch (owner) {
    case decl_kind::process: return ref_kind::process_index;
    case decl_kind::syscall: return ref_kind::syscall_param;
    case decl_kind::inline_: return ref_kind::inline_param;
    case decl_kind::fn: return ref_kind::fn_param;
    case decl_kind::program: return ref_kind::program_index;
    default: return ref_kind::unresolved;
  }
}

// What a monitor handler may hold: it runs inside the emitting step and changes only its monitor's vars.
bool allowed_in_handler(stmt_kind kind) {
  switch (kind) {
    case stmt_kind::block:
    case stmt_kind::let:
    case stmt_kind::assign:
    case stmt_kind::if_:
    case stmt_kind::for_:
    case stmt_kind::skip:
    case stmt_kind::call:  // the list builtins only, see check_call_stmt
      return true;
    default:
      return false;
  }
}

void report_handler_statement(diagnostics& diags, span where, const std::string& what) {
  diags.error("sema.monitor-statement", where,
              what + " is not allowed in a monitor handler (it may use let, if, for, skip, and assignments and "
                     "push/remove_at/insert_at/clear on its monitor's vars)");
}

}  // namespace

expr_context context::body_context() const { return expr_context{}; }

void context::check_monitor(decl& monitor) {
  std::map<std::string, const decl*> vars;
  std::map<const decl*, const decl*> handled;  // event -> its handler
  expr_context constant;
  constant.constant = true;
  std::vector<const decl*> declared;
  for (decl_ptr& member : monitor.members) {
    if (!member) continue;
    decl& m = *member;
    m.owner = &monitor;
    if (m.kind == decl_kind::var) {
      auto [previous, fresh] = vars.emplace(m.name, &m);
      if (!fresh) {
        diagnostic& diag = diags_.error("sema.duplicate", m.name_span,
                                        "monitor '" + monitor.name + "' already has a var '" + m.name + "'");
        diag.notes.push_back({previous->second->name_span, "previous definition here"});
      } else if (is_builtin(m.name)) {
        diags_.error("sema.reserved-name", m.name_span,
                     "'" + m.name + "' is a builtin function and cannot name a variable");
      } else if (const decl* global = find_global(m.name)) {
        // Handlers name their monitor's vars without the monitor's name, like locals.
        diagnostic& diag = diags_.error("sema.shadow", m.name_span,
                                        "monitor var '" + m.name + "' shadows a global declaration");
        diag.notes.push_back({global->name_span, "the shadowed declaration"});
      }
      const type* t = decl_type(m);
      if (m.value) check(*m.value, t, constant);
      continue;
    }
    if (m.kind != decl_kind::handler) continue;
    const decl* event = find_global(m.name);
    if (event == nullptr) {
      report_unknown(m.name, m.name_span, "unknown event");
      continue;
    }
    if (event->kind != decl_kind::event) {
      diagnostic& diag =
          diags_.error("sema.wrong-kind", m.name_span, describe_global(m.name, *event) + ", not an event");
      diag.notes.push_back({event->name_span, "declared here"});
      continue;
    }
    resolve_signature(*event);
    m.event = event;
    auto [previous, fresh] = handled.emplace(event, &m);
    if (!fresh) {
      diagnostic& diag = diags_.error("sema.duplicate", m.name_span,
                                      "monitor '" + monitor.name + "' already handles event '" + m.name + "'");
      diag.notes.push_back({previous->second->name_span, "previous handler here"});
    }
    if (m.params.size() != event->params.size()) {
      diagnostic& diag = diags_.error("sema.arity", m.name_span,
                                      "event '" + event->name + "' has " + std::to_string(event->params.size()) +
                                          (event->params.size() == 1 ? " argument" : " arguments") + ", not " +
                                          std::to_string(m.params.size()));
      diag.notes.push_back({event->name_span, "declared here"});
    }
  }
}

void context::check_handlers(decl& monitor) {
  for (decl_ptr& member : monitor.members) {
    if (!member || member->kind != decl_kind::handler) continue;
    decl& h = *member;
    body_state state;
    state.owner = &h;
    state.kind = body_kind::handler;
    state.atomic = true;
    state.top_level = false;
    body_state* saved_body = body_;
    const decl* saved_callable = current_callable_;
    body_ = &state;
    current_callable_ = nullptr;
    h.locals.clear();
    const std::size_t scope_mark = mark();
    // The monitor's vars by their plain names (their clashes were reported by check_monitor).
    for (std::size_t i = 0; i < monitor.members.size(); ++i) {
      const decl* m = monitor.members[i].get();
      if (m == nullptr || m->kind != decl_kind::var || find_local(m->name) != nullptr) continue;
      scope_.push_back({m->name, ref_kind::monitor_var, m->ty ? m->ty : error_type(), &monitor, nullptr,
                        static_cast<int>(i), m->name_span});
    }
    for (std::size_t j = 0; j < h.params.size(); ++j) {
      param_decl_item& p = h.params[j];
      const type* t = h.event != nullptr && j < h.event->params.size() ? h.event->params[j].ty : error_type();
      p.ty = t;
      if (p.name == "_") continue;
      bind({p.name, ref_kind::event_arg, t, &h, nullptr, static_cast<int>(j), p.where});
    }
    for (stmt_ptr& s : h.body) {
      if (s) check_stmt(*s);
    }
    release(scope_mark);
    body_ = saved_body;
    current_callable_ = saved_callable;
  }
}

void context::check_monitor_write(const expr& target, std::string_view what) {
  const expr* root = &target;
  while ((root->kind == expr_kind::index || root->kind == expr_kind::field) && root->ref != ref_kind::monitor_var &&
         !root->operands.empty() && root->operands[0]) {
    root = root->operands[0].get();
  }
  const decl* monitor = body_->owner->owner;
  switch (root->ref) {
    case ref_kind::monitor_var:
      if (root->target == monitor || root->target == nullptr) return;
      diags_.error("sema.monitor-writes-model", target.where,
                   std::string(what) + ": a handler writes only its own monitor's vars; this is a var of monitor '" +
                       root->target->name + "'");
      return;
    case ref_kind::let_var:
    case ref_kind::unresolved:
      return;
    default:
      diags_.error("sema.monitor-writes-model", target.where,
                   std::string(what) + ": a handler writes only its own monitor's vars; '" + root->name +
                       "' is model state, and a monitor must not change the model's behaviour");
      return;
  }
}

void context::check_fn(decl& fn) {
  resolve_signature(fn);
  const std::size_t scope_mark = mark();
  for (std::size_t i = 0; i < fn.params.size(); ++i) {
    const param_decl_item& p = fn.params[i];
    bind({p.name, ref_kind::fn_param, p.ty, &fn, nullptr, static_cast<int>(i), p.where});
  }
  const decl* saved = current_callable_;
  current_callable_ = &fn;
  if (fn.value) check(*fn.value, fn.ty, expr_context{});
  current_callable_ = saved;
  release(scope_mark);
}

void context::check_body(decl& owner, body_kind kind) {
  resolve_signature(owner);
  body_state state;
  state.owner = &owner;
  state.kind = kind;
  state.atomic = kind == body_kind::inline_ || kind == body_kind::model_init || kind == body_kind::scenario_init;
  body_state* saved_body = body_;
  const decl* saved_callable = current_callable_;
  body_ = &state;
  current_callable_ = kind == body_kind::inline_ ? &owner : nullptr;
  owner.locals.clear();
  const std::size_t scope_mark = mark();
  const ref_kind param_kind = param_ref(owner.kind);
  for (std::size_t i = 0; i < owner.params.size(); ++i) {
    const param_decl_item& p = owner.params[i];
    bind({p.name, param_kind, p.ty, &owner, nullptr, static_cast<int>(i), p.where});
  }
  // A syscall's `env where` filter: a condition on its parameters, read when the most general
  // environment chooses arguments.
  if (owner.kind == decl_kind::syscall && owner.value) check_bool(*owner.value, body_context());
  if (kind == body_kind::program) {
    program_self_ = nullptr;
    self_reported_ = false;
    if (owner.value) program_self_ = synth(*owner.value, body_context());
  }
  for (stmt_ptr& s : owner.body) {
    if (s) check_stmt(*s);
  }
  release(scope_mark);
  body_ = saved_body;
  current_callable_ = saved_callable;
}

void context::check_block(std::vector<stmt_ptr>& stmts) {
  const std::size_t scope_mark = mark();
  for (stmt_ptr& s : stmts) {
    if (s) check_stmt(*s);
  }
  release(scope_mark);
}

void context::add_local(stmt& s, ref_kind kind, const type* ty, const std::string& name) {
  decl& owner = *body_->owner;
  s.slot = static_cast<int>(owner.locals.size());
  s.ty = ty;
  owner.locals.push_back(&s);
  bind({name, kind, ty, &owner, &s, s.slot, s.where});
}

void context::check_stmt(stmt& s) {
  if (stmt_depth_ > max_depth) {
    diags_.error("sema.too-deep", s.where, "statements nested too deeply");
    return;
  }
  ++stmt_depth_;
  if (body_->kind == body_kind::program) {
    check_program_stmt(s);
  } else {
    check_model_stmt(s);
  }
  --stmt_depth_;
}

void context::not_in_atomic(const stmt& s) {
  diags_.error("sema.in-atomic", s.where,
               std::string(stmt_name(s.kind)) + " is not allowed inside an atomic step (atomic blocks, inline and "
                                                "init bodies)");
}

void context::check_model_stmt(stmt& s) {
  if (s.kind != stmt_kind::var) body_->top_level = false;
  if (body_->kind == body_kind::handler && !allowed_in_handler(s.kind)) {
    report_handler_statement(diags_, s.where, stmt_name(s.kind));
    return;
  }
  const expr_context ctx = body_context();
  switch (s.kind) {
    case stmt_kind::block:
      check_block(s.body);
      return;
    case stmt_kind::let:
      if (!body_->atomic) needs_atomic(s);
      check_let(s);
      return;
    case stmt_kind::var:
      check_var(s);
      return;
    case stmt_kind::assign:
      if (s.observe) {
        diags_.error("sema.program-statement", s.where, "'observe' is a statement of a scenario program only");
        return;
      }
      check_assign(s);
      return;
    case stmt_kind::if_:
      if (!s.exprs.empty() && s.exprs[0]) check_bool(*s.exprs[0], ctx);
      for (stmt_ptr& branch : s.body) check_scoped(branch);
      return;
    case stmt_kind::while_:
    case stmt_kind::loop:
      if (body_->atomic) not_in_atomic(s);
      if (s.kind == stmt_kind::while_ && !s.exprs.empty() && s.exprs[0]) check_bool(*s.exprs[0], ctx);
      ++body_->loop_depth;
      check_block(s.body);
      --body_->loop_depth;
      return;
    case stmt_kind::break_:
      if (body_->atomic) {
        not_in_atomic(s);
      } else if (body_->loop_depth == 0) {
        diags_.error("sema.break-outside-loop", s.where, "'break' outside of a while or loop");
      }
      return;
    case stmt_kind::for_:
      if (!body_->atomic) needs_atomic(s);
      check_for(s);
      return;
    case stmt_kind::atomic: {
      const bool saved = body_->atomic;
      body_->atomic = true;
      check_block(s.body);
      body_->atomic = saved;
      return;
    }
    case stmt_kind::await:
    case stmt_kind::assert_:
      if (!s.exprs.empty() && s.exprs[0]) check_bool(*s.exprs[0], ctx);
      return;
    case stmt_kind::either:
      for (stmt_ptr& branch : s.body) check_scoped(branch);
      return;
    case stmt_kind::choose:
      if (!body_->atomic) needs_atomic(s);
      check_choose(s);
      return;
    case stmt_kind::emit:
      check_emit(s);
      return;
    case stmt_kind::return_:
      check_return(s);
      return;
    case stmt_kind::skip:
      return;
    case stmt_kind::call:
      check_call_stmt(s);
      return;
    case stmt_kind::labeled:
      check_label(s);
      return;
    case stmt_kind::expect:
    case stmt_kind::repeat:
      diags_.error("sema.not-in-program", s.where,
                   std::string(stmt_name(s.kind)) + " is only allowed in scenario programs");
      return;
  }
}

void context::check_scoped(stmt_ptr& s) {
  if (!s) return;
  const std::size_t scope_mark = mark();
  check_stmt(*s);
  release(scope_mark);
}

void context::needs_atomic(const stmt& s) {
  diags_.error("sema.needs-atomic", s.where,
               std::string(stmt_name(s.kind)) + " is only allowed inside an atomic step (atomic blocks, inline and "
                                                "init bodies)");
}

void context::check_label(stmt& s) {
  if (body_->atomic) {
    not_in_atomic(s);
  } else if (body_->kind != body_kind::process && body_->kind != body_kind::syscall) {
    diags_.error("sema.in-atomic", s.where, "labels are only allowed in process and syscall bodies");
  } else {
    auto [previous, fresh] = body_->labels.emplace(s.name, &s);
    if (!fresh) {
      diagnostic& diag = diags_.error("sema.duplicate-label", s.where,
                                      "label '" + s.name + "' is already used in '" + body_->owner->name + "'");
      diag.notes.push_back({previous->second->where, "previous definition here"});
    }
  }
  for (stmt_ptr& child : s.body) {
    if (child) check_stmt(*child);
  }
}

void context::check_let(stmt& s) {
  const expr_context ctx = body_context();
  const type* t = nullptr;
  if (s.declared_type) t = resolve_type(*s.declared_type);
  expr* init = s.exprs.empty() ? nullptr : s.exprs[0].get();
  if (init != nullptr) {
    t = t ? (check(*init, t, ctx), t) : synth(*init, ctx);
  } else if (t == nullptr) {
    diags_.error("sema.cannot-infer", s.where, "'let " + s.name + "' needs a type or an initial value");
    t = error_type();
  }
  add_local(s, ref_kind::let_var, t, s.name);
}

void context::check_var(stmt& s) {
  const bool persistent_body = body_->kind == body_kind::process || body_->kind == body_kind::syscall;
  if (!persistent_body || !body_->top_level) {
    diags_.error("sema.misplaced-var", s.where,
                 "'var' is only allowed at the top of a process or syscall body, before any other statement");
  }
  const type* t = s.declared_type ? resolve_type(*s.declared_type) : error_type();
  if (!s.exprs.empty() && s.exprs[0]) {
    expr_context ctx;
    ctx.constant = true;
    check(*s.exprs[0], t, ctx);
  }
  add_local(s, ref_kind::local_var, t, s.name);
}

std::string context::lvalue_problem(const expr& e) const {
  switch (e.kind) {
    case expr_kind::name:
      switch (e.ref) {
        case ref_kind::global_var:
        case ref_kind::local_var:
        case ref_kind::let_var:
        case ref_kind::monitor_var:
        case ref_kind::unresolved:
          return {};
        case ref_kind::param: return "'" + e.name + "' is a parameter";
        case ref_kind::constant: return "'" + e.name + "' is a constant";
        case ref_kind::enum_value: return "'" + e.name + "' is an enum constant";
        default: return "'" + e.name + "' is " + describe_binding(e.ref);
      }
    case expr_kind::index:
    case expr_kind::field:
      if (e.ref == ref_kind::monitor_var || e.operands.empty() || !e.operands[0]) return {};
      return lvalue_problem(*e.operands[0]);
    default:
      return "this expression is not a variable, an element or a field";
  }
}

void context::check_assign(stmt& s) {
  if (s.exprs.size() != 2 || !s.exprs[0] || !s.exprs[1]) return;
  const expr_context ctx = body_context();
  expr& lhs = *s.exprs[0];
  expr& rhs = *s.exprs[1];
  const type* t = synth(lhs, ctx);
  const std::string problem = lvalue_problem(lhs);
  if (!problem.empty()) {
    diags_.error("sema.not-lvalue", lhs.where, "cannot assign: " + problem);
  } else if (body_->kind == body_kind::handler) {
    check_monitor_write(lhs, "cannot assign");
  }
  switch (s.aop) {
    case assign_op::set:
      check(rhs, t, ctx);
      return;
    case assign_op::add:
    case assign_op::sub:
      if (!is_error(t) && t->kind == ty_kind::set && s.aop == assign_op::sub) {
        check(rhs, t, ctx);
        return;
      }
      require_int(lhs, t, s.aop == assign_op::add ? "'+='" : "'-='");
      require_int(rhs, synth(rhs, ctx), s.aop == assign_op::add ? "'+='" : "'-='");
      return;
    case assign_op::bit_or:
    case assign_op::bit_and:
      if (!is_error(t) && t->kind != ty_kind::set) {
        diags_.error("sema.type-mismatch", lhs.where,
                     std::string(s.aop == assign_op::bit_or ? "'|='" : "'&='") + " needs a set, not " + t->spelling());
        if (!needs_context(rhs)) synth(rhs, ctx);
        return;
      }
      check(rhs, t, ctx);
      return;
  }
}

// `for (x in D)`: the parser cannot tell a type name from a value name, so either form may arrive for a
// name; the resolver decides. Rewrites the statement to the form the name turns out to have.
void context::normalise_for_domain(stmt& s) {
  if (s.declared_type && s.declared_type->kind == type_expr_kind::named && s.exprs.empty()) {
    const std::string& name = s.declared_type->name;
    const decl* d = find_local(name) ? nullptr : find_global(name);
    const bool is_type = name == "bool" || (d != nullptr && (d->kind == decl_kind::type_alias ||
                                                              d->kind == decl_kind::symmetric ||
                                                              (d->kind == decl_kind::enum_ && d->name == name)));
    if (!is_type && (find_local(name) != nullptr || d != nullptr)) {
      auto e = std::make_unique<expr>();
      e->kind = expr_kind::name;
      e->name = name;
      e->where = s.declared_type->where;
      s.exprs.push_back(std::move(e));
      s.declared_type.reset();
    }
    return;
  }
  if (!s.declared_type && s.exprs.size() == 1 && s.exprs[0] && s.exprs[0]->kind == expr_kind::name) {
    const std::string& name = s.exprs[0]->name;
    if (find_local(name) != nullptr) return;
    const decl* d = find_global(name);
    const bool is_type = d != nullptr && (d->kind == decl_kind::type_alias || d->kind == decl_kind::symmetric ||
                                          (d->kind == decl_kind::enum_ && d->name == name));
    if (!is_type) return;
    auto t = std::make_unique<type_expr>();
    t->kind = type_expr_kind::named;
    t->name = name;
    t->where = s.exprs[0]->where;
    s.declared_type = std::move(t);
    s.exprs.clear();
  }
}

void context::check_for(stmt& s) {
  normalise_for_domain(s);
  const type* elem = error_type();
  if (s.declared_type) {
    elem = domain_type(*s.declared_type, 0, "a for loop's domain");
  } else if (!s.exprs.empty() && s.exprs[0]) {
    const type* collection = synth(*s.exprs[0], body_context());
    if (!is_error(collection)) {
      if (collection->kind == ty_kind::set || collection->kind == ty_kind::list) {
        elem = collection->elem;
      } else {
        diags_.error("sema.type-mismatch", s.exprs[0]->where,
                     "'for' iterates over a domain type, a set or a list, not " + collection->spelling());
      }
    }
  }
  const std::size_t scope_mark = mark();
  add_local(s, ref_kind::for_var, elem, s.name);
  check_block(s.body);
  release(scope_mark);
}

void context::check_choose(stmt& s) {
  const type* elem = s.declared_type ? domain_type(*s.declared_type, 0, "a choose domain") : error_type();
  add_local(s, ref_kind::choose_var, elem, s.name);
  if (!s.exprs.empty() && s.exprs[0]) check_bool(*s.exprs[0], body_context());
}

void context::check_emit(stmt& s) {
  const expr_context ctx = body_context();
  const decl* event = find_local(s.name) ? nullptr : find_global(s.name);
  if (event == nullptr || event->kind != decl_kind::event) {
    if (event == nullptr && find_local(s.name) == nullptr) {
      report_unknown(s.name, s.where, "unknown event");
    } else {
      diags_.error("sema.wrong-kind", s.where, "'" + s.name + "' is not an event");
    }
    for (expr_ptr& arg : s.exprs) {
      if (arg && !needs_context(*arg)) synth(*arg, ctx);
    }
    return;
  }
  s.target = event;
  resolve_signature(*event);
  check_args(s.exprs, 0, *event, s.where, ctx, false);
}

void context::check_return(stmt& s) {
  const decl& owner = *body_->owner;
  expr* value = s.exprs.empty() ? nullptr : s.exprs[0].get();
  if (body_->kind != body_kind::syscall) {
    diags_.error("sema.misplaced-return", s.where, "'return' is only allowed in syscall bodies");
    if (value != nullptr && !needs_context(*value)) synth(*value, body_context());
    return;
  }
  if (owner.type == nullptr && value != nullptr) {
    diags_.error("sema.return-value", value->where, "syscall '" + owner.name + "' returns nothing");
    if (!needs_context(*value)) synth(*value, body_context());
    return;
  }
  if (owner.type != nullptr && value == nullptr) {
    diags_.error("sema.return-value", s.where,
                 "syscall '" + owner.name + "' must return a value of type " +
                     (owner.ty ? owner.ty->spelling() : std::string("<error>")));
    return;
  }
  if (value != nullptr) check(*value, owner.ty, body_context());
}

void context::check_call_stmt(stmt& s) {
  const expr_context ctx = body_context();
  auto synth_args = [&] {
    for (expr_ptr& arg : s.exprs) {
      if (arg && !needs_context(*arg)) synth(*arg, ctx);
    }
  };
  if (is_builtin(s.name)) {
    check_builtin_stmt(s);
    return;
  }
  if (body_->kind == body_kind::handler) {
    report_handler_statement(diags_, s.where, "a call of '" + s.name + "'");
    synth_args();
    return;
  }
  const decl* d = find_local(s.name) ? nullptr : find_global(s.name);
  if (d == nullptr) {
    if (find_local(s.name) != nullptr) {
      diags_.error("sema.wrong-kind", s.where, "'" + s.name + "' is a local variable, not an inline");
    } else {
      report_unknown(s.name, s.where, "unknown inline");
    }
    synth_args();
    return;
  }
  s.target = d;
  switch (d->kind) {
    case decl_kind::inline_:
      s.ref = ref_kind::inline_proc;
      resolve_signature(*d);
      check_args(s.exprs, 0, *d, s.where, ctx, false);
      if (current_callable_ != nullptr && current_callable_->kind == decl_kind::inline_) {
        record_call(current_callable_, d, s.where);
      }
      return;
    case decl_kind::syscall:
      s.ref = ref_kind::syscall;
      diags_.error("sema.syscall-from-model", s.where,
                   "syscall '" + s.name + "' can only be called from a scenario program");
      synth_args();
      return;
    case decl_kind::fn:
      diags_.error("sema.bad-call", s.where, "fn '" + s.name + "' computes a value; calling it as a statement does nothing");
      synth_args();
      return;
    default: {
      s.target = nullptr;
      diagnostic& diag = diags_.error("sema.wrong-kind", s.where, describe_global(s.name, *d) + ", not an inline");
      diag.notes.push_back({d->name_span, "declared here"});
      synth_args();
      return;
    }
  }
}

void context::check_builtin_stmt(stmt& s) {
  const expr_context ctx = body_context();
  s.ref = ref_kind::builtin;
  std::size_t arity = 0;
  if (s.name == "push" || s.name == "remove_at") arity = 2;
  if (s.name == "insert_at") arity = 3;
  if (s.name == "clear") arity = 1;
  if (arity == 0) {
    diags_.error("sema.bad-call", s.where, "'" + s.name + "' computes a value; calling it as a statement does nothing");
    for (expr_ptr& arg : s.exprs) {
      if (arg && !needs_context(*arg)) synth(*arg, ctx);
    }
    return;
  }
  if (s.exprs.size() != arity || std::any_of(s.exprs.begin(), s.exprs.end(), [](const expr_ptr& a) { return !a; })) {
    diags_.error("sema.arity", s.where, "'" + s.name + "' takes " + std::to_string(arity) + " arguments");
    return;
  }
  expr& list = *s.exprs[0];
  const type* t = synth(list, ctx);
  const std::string problem = lvalue_problem(list);
  if (!problem.empty()) {
    diags_.error("sema.not-lvalue", list.where, "'" + s.name + "' changes its list: " + problem);
  } else if (body_->kind == body_kind::handler) {
    check_monitor_write(list, "'" + s.name + "' changes its list");
  }
  if (!is_error(t) && t->kind != ty_kind::list) {
    diags_.error("sema.type-mismatch", list.where, "'" + s.name + "' needs a list, not " + t->spelling());
    t = error_type();
  }
  const type* elem = is_error(t) ? error_type() : t->elem;
  if (s.name == "push") check(*s.exprs[1], elem, ctx);
  if (s.name == "remove_at" || s.name == "insert_at") require_int(*s.exprs[1], synth(*s.exprs[1], ctx), "a list index");
  if (s.name == "insert_at") check(*s.exprs[2], elem, ctx);
}

// ------------------------------------------------------------------ scenario programs

void context::check_program_stmt(stmt& s) {
  const expr_context ctx = body_context();
  switch (s.kind) {
    case stmt_kind::call: {
      const decl* d = find_local(s.name) ? nullptr : find_global(s.name);
      if (d != nullptr && d->kind == decl_kind::syscall) {
        s.ref = ref_kind::syscall;
        s.target = d;
        check_syscall_call(s.exprs, *d, s.where);
        return;
      }
      if (d == nullptr && find_local(s.name) == nullptr && !is_builtin(s.name)) {
        report_unknown(s.name, s.where, "unknown syscall");
      } else {
        diags_.error("sema.bad-call", s.where, "a scenario program can only call syscalls; '" + s.name + "' is not one");
      }
      for (expr_ptr& arg : s.exprs) {
        if (arg && !needs_context(*arg)) synth(*arg, ctx);
      }
      return;
    }
    case stmt_kind::assign:
      check_register_assign(s);
      return;
    case stmt_kind::expect:
      if (!s.exprs.empty() && s.exprs[0]) check_bool(*s.exprs[0], ctx);
      return;
    case stmt_kind::repeat: {
      if (!s.exprs.empty() && s.exprs[0]) {
        std::optional<std::int64_t> count = constant_int(*s.exprs[0], "a repeat count");
        if (count && (*count < 1 || *count > max_repeat)) {
          diags_.error("sema.repeat-count", s.exprs[0]->where,
                       "a repeat count must be between 1 and " + std::to_string(max_repeat) + ", not " +
                           std::to_string(*count));
        }
      }
      // Registers assigned inside stay visible after the repeat: no scope of its own.
      for (stmt_ptr& child : s.body) {
        if (child) check_stmt(*child);
      }
      return;
    }
    case stmt_kind::skip:
      return;
    default:
      diags_.error("sema.program-statement", s.where,
                   std::string(stmt_name(s.kind)) + " is not allowed in a scenario program (only syscall calls, "
                                                    "register assignments, observe, expect, repeat and skip)");
      return;
  }
}

void context::check_register_assign(stmt& s) {
  if (s.exprs.size() != 2 || !s.exprs[0] || !s.exprs[1]) return;
  expr& lhs = *s.exprs[0];
  expr& rhs = *s.exprs[1];
  if (s.observe) {
    // `observe r = e;` stores what e is at this point of the program in register r.
    const type* t = synth(rhs, body_context());
    if (!is_error(t) && !t->is_domain() && t->kind != ty_kind::optional && t->kind != ty_kind::set) {
      diags_.error("sema.type-mismatch", rhs.where, "an observation is a value of a domain type (or an optional or "
                                                    "set of one), not " + t->spelling());
      t = error_type();
    }
    bind_register(s, lhs, t);
    return;
  }
  const decl* syscall = nullptr;
  if (rhs.kind == expr_kind::call && find_local(rhs.name) == nullptr) syscall = find_global(rhs.name);
  if (syscall == nullptr || syscall->kind != decl_kind::syscall) {
    diags_.error("sema.program-statement", rhs.where,
                 "a register can only hold the result of a syscall call: r = syscall(...);");
    if (!needs_context(rhs)) synth(rhs, body_context());
    return;
  }
  rhs.ref = ref_kind::syscall;
  rhs.target = syscall;
  check_syscall_call(rhs.operands, *syscall, rhs.where);
  rhs.ty = syscall->ty ? syscall->ty : error_type();
  if (lhs.kind != expr_kind::name || s.aop != assign_op::set) {
    diags_.error("sema.program-statement", lhs.where, "a syscall result is stored with 'register = call(...);'");
    return;
  }
  if (syscall->ty == nullptr) {
    diagnostic& diag = diags_.error("sema.no-result", rhs.where, "syscall '" + syscall->name + "' returns nothing");
    diag.notes.push_back({syscall->name_span, "declared here"});
  }
  bind_register(s, lhs, syscall->ty ? syscall->ty : error_type());
}

void context::bind_register(stmt& s, expr& lhs, const type* t) {
  auto [previous, fresh] = body_->registers.emplace(lhs.name, &s);
  if (!fresh) {
    diagnostic& diag = diags_.error("sema.register-reassigned", lhs.where,
                                    "register '" + lhs.name + "' is already assigned in this program");
    diag.notes.push_back({previous->second->where, "first assigned here"});
    const local_binding* existing = find_local(lhs.name);
    if (existing != nullptr) {
      lhs.ref = existing->kind;
      lhs.target = existing->owner;
      lhs.local = existing->local;
      lhs.slot = existing->slot;
      lhs.ty = existing->ty;
    }
    return;
  }
  add_local(s, ref_kind::register_, t, lhs.name);
  lhs.ref = ref_kind::register_;
  lhs.target = body_->owner;
  lhs.local = &s;
  lhs.slot = s.slot;
  lhs.ty = t;
}

void context::check_syscall_call(std::vector<expr_ptr>& args, const decl& syscall, span where) {
  resolve_signature(syscall);
  check_args(args, 0, syscall, where, body_context(), true);
  auto self = std::find_if(syscall.params.begin(), syscall.params.end(),
                           [](const param_decl_item& p) { return p.is_self; });
  if (self == syscall.params.end()) return;
  const decl& program = *body_->owner;
  if (!program.value) {
    diagnostic& diag = diags_.error("sema.missing-self", where,
                                    "syscall '" + syscall.name + "' takes the caller's identity, but program '" +
                                        program.name + "' has no 'as' clause");
    diag.notes.push_back({self->where, "the self parameter"});
    return;
  }
  if (!assignable(self->ty, program_self_) && !self_reported_) {
    self_reported_ = true;  // once per program: every later call would repeat it
    diagnostic& diag = diags_.error("sema.self-type", program.value->where,
                                    "program '" + program.name + "' runs as " + program_self_->spelling() +
                                        ", but syscall '" + syscall.name + "' expects a caller of type " +
                                        self->ty->spelling());
    diag.notes.push_back({where, "called here"});
  }
}

}  // namespace ptmc::lang::sema

// Type checking of expressions: bidirectional, so that `none`, `{}`, `[]` and record literals take the
// type their context expects. Every ill-typed node gets the error type, which suppresses cascades.
#include <algorithm>

#include "lang/sema_internal.h"

namespace ptmc::lang::sema {

bool context::is_int_like(const type* t) {
  return t != nullptr && (t->kind == ty_kind::integer || t->kind == ty_kind::range);
}

namespace {

bool is_error(const type* t) { return t == nullptr || t->kind == ty_kind::error; }

}  // namespace

bool context::assignable(const type* to, const type* from) {
  if (is_error(to) || is_error(from) || to == from) return true;
  if (is_int_like(to) && is_int_like(from)) return true;
  if (to->kind == ty_kind::optional && to->elem != nullptr) {
    return to->elem == from || (is_int_like(to->elem) && is_int_like(from));
  }
  return false;
}

bool context::comparable(const type* a, const type* b) { return assignable(a, b) || assignable(b, a); }

const char* describe_binding(ref_kind kind) {
  switch (kind) {
    case ref_kind::process_index: return "a process index";
    case ref_kind::syscall_param: return "a syscall parameter";
    case ref_kind::inline_param: return "an inline parameter";
    case ref_kind::fn_param: return "a fn parameter";
    case ref_kind::quant_var: return "a quantified variable";
    case ref_kind::for_var: return "a for variable";
    case ref_kind::choose_var: return "a chosen value";
    case ref_kind::program_index: return "a program index";
    case ref_kind::register_: return "a register";
    case ref_kind::event_arg: return "an event argument";
    case ref_kind::monitor_var: return "a monitor variable";
    default: return "a local variable";
  }
}

void context::mismatch(const expr& e, const type* expected, const type* actual) {
  if (is_error(expected) || is_error(actual)) return;
  diags_.error("sema.type-mismatch", e.where, "expected " + expected->spelling() + ", found " + actual->spelling());
}

void context::require_int(expr& e, const type* t, std::string_view what) {
  if (is_error(t) || is_int_like(t)) return;
  if (t->kind == ty_kind::symmetric) {
    diags_.error("sema.symmetric-op", e.where,
                 std::string(what) + " is not allowed on symmetric type " + t->spelling() +
                     " (only ==, !=, indexing and quantifying)");
    return;
  }
  diags_.error("sema.type-mismatch", e.where, std::string(what) + " needs integers, not " + t->spelling());
}

bool context::needs_context(const expr& e) const {
  switch (e.kind) {
    case expr_kind::none_lit:
    case expr_kind::record_lit:
    case expr_kind::list_lit:
      return true;
    case expr_kind::set_lit:
      return e.operands.empty() || !e.operands[0] || e.operands[0]->kind == expr_kind::int_lit ||
             needs_context(*e.operands[0]);
    case expr_kind::conditional:
      return e.operands.size() == 3 && e.operands[1] && e.operands[2] && needs_context(*e.operands[1]) &&
             needs_context(*e.operands[2]);
    default:
      return false;
  }
}

void context::check_bool(expr& e, const expr_context& ctx) { check(e, types().boolean(), ctx); }

const type* context::check(expr& e, const type* expected, const expr_context& ctx) {
  if (is_error(expected)) return synth(e, ctx);
  if (ctx.depth > max_depth) return synth(e, ctx);
  switch (e.kind) {
    case expr_kind::none_lit:
    case expr_kind::set_lit:
    case expr_kind::record_lit:
    case expr_kind::list_lit:
      if (e.kind != expr_kind::none_lit && expected->kind == ty_kind::optional && expected->elem != nullptr &&
          (needs_context(e) || e.kind == expr_kind::set_lit)) {
        return check(e, expected->elem, ctx);
      }
      if (e.kind == expr_kind::set_lit && !needs_context(e) && expected->kind != ty_kind::set) break;
      return check_literal(e, expected, ctx);
    case expr_kind::conditional:
      if (e.operands.size() == 3) {
        expr_context inner = ctx;
        ++inner.depth;
        check_bool(*e.operands[0], inner);
        const type* a = check(*e.operands[1], expected, inner);
        const type* b = check(*e.operands[2], expected, inner);
        e.ty = (is_error(a) || is_error(b)) ? error_type() : expected;
        return e.ty;
      }
      break;
    default:
      break;
  }
  const type* actual = synth(e, ctx);
  if (!assignable(expected, actual)) mismatch(e, expected, actual);
  return actual;
}

const type* context::check_literal(expr& e, const type* expected, const expr_context& ctx) {
  expr_context inner = ctx;
  ++inner.depth;
  auto fail = [&](const char* what) {
    diags_.error("sema.type-mismatch", e.where, std::string(what) + " where " + expected->spelling() + " is expected");
    for (expr_ptr& op : e.operands) {
      if (op && !needs_context(*op)) synth(*op, inner);
    }
    return e.ty = error_type();
  };
  switch (e.kind) {
    case expr_kind::none_lit:
      if (expected->kind != ty_kind::optional) return fail("'none'");
      return e.ty = expected;
    case expr_kind::set_lit:
      if (expected->kind != ty_kind::set) return fail("a set literal");
      for (expr_ptr& op : e.operands) {
        if (op) check(*op, expected->elem, inner);
      }
      return e.ty = expected;
    case expr_kind::list_lit:
      if (expected->kind != ty_kind::list) return fail("a list literal");
      if (static_cast<std::int64_t>(e.operands.size()) > expected->max_len) {
        diags_.error("sema.list-capacity", e.where,
                     "a list literal of " + std::to_string(e.operands.size()) + " elements does not fit in " +
                         expected->spelling());
      }
      for (expr_ptr& op : e.operands) {
        if (op) check(*op, expected->elem, inner);
      }
      return e.ty = expected;
    case expr_kind::record_lit: {
      if (expected->kind != ty_kind::record) return fail("a record literal");
      std::map<std::string, std::size_t> seen;
      for (std::size_t i = 0; i < e.operands.size() && i < e.field_names.size(); ++i) {
        const std::string& name = e.field_names[i];
        const span where = i < e.field_spans.size() ? e.field_spans[i] : e.where;
        auto field = std::find_if(expected->fields.begin(), expected->fields.end(),
                                  [&](const field_type& f) { return f.name == name; });
        if (!seen.emplace(name, i).second) {
          diags_.error("sema.duplicate-field", where, "field '" + name + "' is given twice");
        } else if (field == expected->fields.end()) {
          diags_.error("sema.unknown-field", where, expected->spelling() + " has no field '" + name + "'");
        }
        if (!e.operands[i]) continue;
        if (field == expected->fields.end()) {
          if (!needs_context(*e.operands[i])) synth(*e.operands[i], inner);
        } else {
          check(*e.operands[i], field->ty, inner);
        }
      }
      for (const field_type& f : expected->fields) {
        if (seen.count(f.name) == 0) {
          diags_.error("sema.missing-field", e.where, "the record literal has no value for field '" + f.name + "'");
        }
      }
      return e.ty = expected;
    }
    default:
      return synth(e, ctx);
  }
}

const type* context::synth(expr& e, const expr_context& ctx) {
  if (ctx.depth > max_depth) {
    diags_.error("sema.too-deep", e.where, "expression nested too deeply");
    return e.ty = error_type();
  }
  expr_context inner = ctx;
  ++inner.depth;
  const type* t = error_type();
  switch (e.kind) {
    case expr_kind::int_lit:
      t = types().integer();
      break;
    case expr_kind::bool_lit:
      t = types().boolean();
      break;
    case expr_kind::none_lit:
    case expr_kind::record_lit:
    case expr_kind::list_lit:
      diags_.error("sema.cannot-infer", e.where, "cannot tell the type of this literal here; compare or assign it to "
                                                 "a value of known type");
      break;
    case expr_kind::wildcard:
      diags_.error("sema.misplaced-wildcard", e.where, "'_' is only allowed in the event pattern of a property");
      break;
    case expr_kind::name:
      t = synth_name(e, inner);
      break;
    case expr_kind::unary:
      t = synth_unary(e, inner);
      break;
    case expr_kind::binary:
      t = synth_binary(e, inner);
      break;
    case expr_kind::conditional:
      t = synth_conditional(e, nullptr, inner);
      break;
    case expr_kind::index:
      t = synth_index(e, inner);
      break;
    case expr_kind::field:
      t = synth_field(e, inner);
      break;
    case expr_kind::call:
      t = synth_call(e, inner);
      break;
    case expr_kind::set_lit:
      t = synth_set_lit(e, inner);
      break;
    case expr_kind::quant:
      t = synth_quant(e, inner);
      break;
    case expr_kind::at:
      t = synth_at(e, inner);
      break;
  }
  e.ty = t;
  return t;
}


const type* context::synth_name(expr& e, const expr_context& ctx) {
  if (const local_binding* local = find_local(e.name)) {
    e.ref = local->kind;
    e.target = local->owner;
    e.local = local->local;
    e.slot = local->slot;
    if (ctx.constant && local->kind != ref_kind::quant_var) {
      diags_.error("sema.not-constant", e.where, "'" + e.name + "' is " + describe_binding(local->kind) +
                                                     "; a constant expression cannot use it");
      return error_type();
    }
    return local->ty ? local->ty : error_type();
  }
  const decl* d = find_global(e.name);
  if (d == nullptr) {
    report_unknown(e.name, e.where, "unknown name");
    return error_type();
  }
  e.target = d;
  switch (d->kind) {
    case decl_kind::param:
      e.ref = ref_kind::param;
      return decl_type(*d);
    case decl_kind::constant:
      e.ref = ref_kind::constant;
      return decl_type(*d);
    case decl_kind::enum_:
      if (d->name != e.name) {
        e.ref = ref_kind::enum_value;
        e.slot = static_cast<int>(std::find(d->enum_values.begin(), d->enum_values.end(), e.name) -
                                  d->enum_values.begin());
        return decl_type(*d);
      }
      break;
    case decl_kind::var:
      e.ref = ref_kind::global_var;
      if (ctx.constant) {
        diags_.error("sema.not-constant", e.where,
                     "'" + e.name + "' is a state variable; a constant expression cannot read it");
        return error_type();
      }
      return decl_type(*d);
    case decl_kind::observe:
      if (ctx.scenario_condition) {
        e.ref = ref_kind::observation;
        return d->ty ? d->ty : error_type();
      }
      break;
    default:
      break;
  }
  e.target = nullptr;
  diagnostic& diag = diags_.error("sema.wrong-kind", e.where, describe_global(e.name, *d) + ", not a value");
  diag.notes.push_back({d->name_span, "declared here"});
  return error_type();
}

const type* context::synth_unary(expr& e, const expr_context& ctx) {
  if (e.operands.size() != 1 || !e.operands[0]) return error_type();
  expr& operand = *e.operands[0];
  if (e.uop == unary_op::logical_not) {
    check_bool(operand, ctx);
    return types().boolean();
  }
  const type* t = synth(operand, ctx);
  require_int(operand, t, "negation");
  return is_int_like(t) ? types().integer() : error_type();
}

namespace {

const char* op_spelling(binary_op op) {
  switch (op) {
    case binary_op::implies: return "'->'";
    case binary_op::logical_or: return "'||'";
    case binary_op::logical_and: return "'&&'";
    case binary_op::eq: return "'=='";
    case binary_op::ne: return "'!='";
    case binary_op::lt: return "'<'";
    case binary_op::le: return "'<='";
    case binary_op::gt: return "'>'";
    case binary_op::ge: return "'>='";
    case binary_op::in: return "'in'";
    case binary_op::bit_or: return "'|'";
    case binary_op::bit_and: return "'&'";
    case binary_op::add: return "'+'";
    case binary_op::sub: return "'-'";
    case binary_op::mul: return "'*'";
    case binary_op::div: return "'/'";
    case binary_op::mod: return "'%'";
  }
  return "operator";
}

}  // namespace

std::pair<const type*, const type*> context::synth_pair(expr& a, expr& b, const expr_context& ctx) {
  if (needs_context(a) && !needs_context(b)) {
    const type* tb = synth(b, ctx);
    const type* ta = check(a, tb, ctx);
    return {ta, tb};
  }
  const type* ta = synth(a, ctx);
  const type* tb = needs_context(b) ? check(b, ta, ctx) : synth(b, ctx);
  return {ta, tb};
}

const type* context::synth_binary(expr& e, const expr_context& ctx) {
  if (e.operands.size() != 2 || !e.operands[0] || !e.operands[1]) return error_type();
  expr& left = *e.operands[0];
  expr& right = *e.operands[1];
  const std::string op = op_spelling(e.bop);
  switch (e.bop) {
    case binary_op::implies:
    case binary_op::logical_or:
    case binary_op::logical_and:
      check_bool(left, ctx);
      check_bool(right, ctx);
      return types().boolean();
    case binary_op::eq:
    case binary_op::ne: {
      auto [ta, tb] = synth_pair(left, right, ctx);
      if (!comparable(ta, tb)) {
        diags_.error("sema.type-mismatch", e.where, "cannot compare " + ta->spelling() + " with " + tb->spelling());
      }
      return types().boolean();
    }
    case binary_op::lt:
    case binary_op::le:
    case binary_op::gt:
    case binary_op::ge: {
      auto [ta, tb] = synth_pair(left, right, ctx);
      require_int(left, ta, "ordering " + op);
      require_int(right, tb, "ordering " + op);
      return types().boolean();
    }
    case binary_op::in: {
      const type* set = synth(right, ctx);
      if (is_error(set)) {
        if (!needs_context(left)) synth(left, ctx);
        return types().boolean();
      }
      if (set->kind != ty_kind::set) {
        if (!needs_context(left)) synth(left, ctx);
        diags_.error("sema.type-mismatch", right.where, "'in' needs a set on its right, not " + set->spelling());
        return types().boolean();
      }
      check(left, set->elem, ctx);
      return types().boolean();
    }
    case binary_op::bit_or:
    case binary_op::bit_and:
    case binary_op::add:
    case binary_op::sub:
    case binary_op::mul:
    case binary_op::div:
    case binary_op::mod:
      break;
  }
  auto [ta, tb] = synth_pair(left, right, ctx);
  if (is_error(ta) || is_error(tb)) return error_type();
  const bool sets = ta->kind == ty_kind::set || tb->kind == ty_kind::set;
  if (sets && (e.bop == binary_op::bit_or || e.bop == binary_op::bit_and || e.bop == binary_op::sub)) {
    if (ta != tb) {
      diags_.error("sema.type-mismatch", e.where,
                   op + " needs two sets of the same type, not " + ta->spelling() + " and " + tb->spelling());
      return error_type();
    }
    return ta;
  }
  if (e.bop == binary_op::bit_or || e.bop == binary_op::bit_and) {
    diags_.error("sema.type-mismatch", e.where,
                 op + " is set union/intersection; it needs sets, not " + ta->spelling() + " and " + tb->spelling());
    return error_type();
  }
  if (sets) {
    diags_.error("sema.type-mismatch", e.where, op + " is not defined on sets (use '|' for union)");
    return error_type();
  }
  require_int(left, ta, "arithmetic " + op);
  require_int(right, tb, "arithmetic " + op);
  return (is_int_like(ta) && is_int_like(tb)) ? types().integer() : error_type();
}

const type* context::synth_conditional(expr& e, const type* /*expected*/, const expr_context& ctx) {
  if (e.operands.size() != 3 || !e.operands[0] || !e.operands[1] || !e.operands[2]) return error_type();
  check_bool(*e.operands[0], ctx);
  auto [ta, tb] = synth_pair(*e.operands[1], *e.operands[2], ctx);
  if (is_error(ta) || is_error(tb)) return error_type();
  if (ta == tb) return ta;
  if (is_int_like(ta) && is_int_like(tb)) return types().integer();
  if (assignable(ta, tb)) return ta;
  if (assignable(tb, ta)) return tb;
  diags_.error("sema.type-mismatch", e.where,
               "the branches have different types: " + ta->spelling() + " and " + tb->spelling());
  return error_type();
}

const type* context::synth_index(expr& e, const expr_context& ctx) {
  if (e.operands.size() != 2 || !e.operands[0] || !e.operands[1]) return error_type();
  expr& base = *e.operands[0];
  expr& index = *e.operands[1];
  const type* t = synth(base, ctx);
  if (is_error(t)) {
    if (!needs_context(index)) synth(index, ctx);
    return error_type();
  }
  if (t->kind == ty_kind::array) {
    check(index, t->index, ctx);
    return t->elem;
  }
  if (t->kind == ty_kind::list) {
    require_int(index, synth(index, ctx), "a list index");
    return t->elem;
  }
  if (!needs_context(index)) synth(index, ctx);
  diags_.error("sema.type-mismatch", base.where, "cannot index a value of type " + t->spelling());
  return error_type();
}

const type* context::synth_field(expr& e, const expr_context& ctx) {
  if (e.operands.size() != 1 || !e.operands[0]) return error_type();
  expr& base = *e.operands[0];
  if (ctx.scenario_condition) {
    if (const type* t = synth_register(e, ctx)) return t;
  }
  if (const type* t = synth_monitor_var(e, ctx)) return t;
  const type* t = synth(base, ctx);
  if (is_error(t)) return error_type();
  if (t->kind != ty_kind::record) {
    diags_.error("sema.type-mismatch", e.where, "a value of type " + t->spelling() + " has no fields");
    return error_type();
  }
  for (const field_type& f : t->fields) {
    if (f.name == e.name) return f.ty;
  }
  diags_.error("sema.unknown-field", e.where, t->spelling() + " has no field '" + e.name + "'");
  return error_type();
}

const type* context::synth_register(expr& e, const expr_context& ctx) {
  // tracer.r0 or user[Tid(0)].r0: the base names a program.
  expr& base = *e.operands[0];
  expr* program_name = &base;
  expr* index = nullptr;
  if (base.kind == expr_kind::index && base.operands.size() == 2 && base.operands[0] && base.operands[1]) {
    program_name = base.operands[0].get();
    index = base.operands[1].get();
  }
  if (program_name->kind != expr_kind::name || find_local(program_name->name) != nullptr) return nullptr;
  const decl* program = find_global(program_name->name);
  if (program == nullptr || program->kind != decl_kind::program) return nullptr;
  program_name->ref = ref_kind::program;
  program_name->target = program;
  const bool indexed = !program->params.empty();
  if (indexed && index == nullptr) {
    diags_.error("sema.arity", base.where,
                 "program '" + program->name + "' has one instance per " + program->params[0].ty->spelling() +
                     "; name one: " + program->name + "[i]." + e.name);
  } else if (!indexed && index != nullptr) {
    diags_.error("sema.arity", base.where, "program '" + program->name + "' has a single instance; it cannot be indexed");
  } else if (index != nullptr) {
    check(*index, program->params[0].ty, ctx);
    base.ref = ref_kind::program;
    base.target = program;
  }
  for (const stmt* s : program->locals) {
    if (s->exprs.empty() || !s->exprs[0] || s->exprs[0]->name != e.name) continue;
    e.ref = ref_kind::register_;
    e.target = program;
    e.local = s;
    e.slot = s->slot;
    return s->ty ? s->ty : error_type();
  }
  diags_.error("sema.unknown-name", e.where, "program '" + program->name + "' has no register '" + e.name + "'");
  return error_type();
}

const type* context::synth_monitor_var(expr& e, const expr_context& ctx) {
  expr& base = *e.operands[0];
  if (base.kind != expr_kind::name || find_local(base.name) != nullptr) return nullptr;
  const decl* monitor = find_global(base.name);
  if (monitor == nullptr || monitor->kind != decl_kind::monitor) return nullptr;
  base.ref = ref_kind::monitor;
  base.target = monitor;
  for (std::size_t i = 0; i < monitor->members.size(); ++i) {
    const decl* m = monitor->members[i].get();
    if (m == nullptr || m->kind != decl_kind::var || m->name != e.name) continue;
    if (ctx.constant) {
      diags_.error("sema.not-constant", e.where,
                   "'" + monitor->name + "." + e.name + "' is a monitor variable; a constant expression cannot read it");
      return error_type();
    }
    e.ref = ref_kind::monitor_var;
    e.target = monitor;
    e.slot = static_cast<int>(i);
    return decl_type(*m);
  }
  diagnostic& diag =
      diags_.error("sema.unknown-name", e.where, "monitor '" + monitor->name + "' has no var '" + e.name + "'");
  diag.notes.push_back({monitor->name_span, "monitor declared here"});
  return error_type();
}

const type* context::synth_call(expr& e, const expr_context& ctx) {
  if (is_builtin(e.name)) return synth_builtin(e, ctx);
  if (const local_binding* local = find_local(e.name)) {
    diags_.error("sema.wrong-kind", e.where, "'" + e.name + "' is " + describe_binding(local->kind) +
                                                 ", not a function");
    for (expr_ptr& arg : e.operands) {
      if (arg && !needs_context(*arg)) synth(*arg, ctx);
    }
    return error_type();
  }
  const decl* d = find_global(e.name);
  if (d == nullptr) {
    report_unknown(e.name, e.where, "unknown function");
    for (expr_ptr& arg : e.operands) {
      if (arg && !needs_context(*arg)) synth(*arg, ctx);
    }
    return error_type();
  }
  e.target = d;
  switch (d->kind) {
    case decl_kind::fn:
      e.ref = ref_kind::function;
      if (ctx.constant) {
        diags_.error("sema.not-constant", e.where, "a fn call is not a constant expression");
        return error_type();
      }
      resolve_signature(*d);
      check_args(e.operands, 0, *d, e.where, ctx, false);
      if (current_callable_ != nullptr && current_callable_->kind == decl_kind::fn) {
        record_call(current_callable_, d, e.where);
      }
      return d->ty ? d->ty : error_type();
    case decl_kind::symmetric:
      return synth_symmetric_ctor(e, *d);
    case decl_kind::syscall:
      e.ref = ref_kind::syscall;
      if (body_ != nullptr && body_->kind == body_kind::program) {
        diags_.error("sema.bad-call", e.where, "a syscall result can only be stored in a register: r = " + e.name +
                                                   "(...);");
      } else {
        diags_.error("sema.syscall-from-model", e.where,
                     "syscall '" + e.name + "' can only be called from a scenario program");
      }
      return error_type();
    case decl_kind::inline_:
      e.ref = ref_kind::inline_proc;
      diags_.error("sema.bad-call", e.where, "inline '" + e.name + "' is a statement, not a function");
      return error_type();
    default:
      break;
  }
  e.target = nullptr;
  diagnostic& diag = diags_.error("sema.wrong-kind", e.where, describe_global(e.name, *d) + ", not a function");
  diag.notes.push_back({d->name_span, "declared here"});
  return error_type();
}

const type* context::synth_symmetric_ctor(expr& e, const decl& d) {
  e.ref = ref_kind::symmetric_ctor;
  const type* t = decl_type(d);
  if (e.operands.size() != 1 || !e.operands[0]) {
    diags_.error("sema.arity", e.where, "'" + d.name + "(k)' takes one constant argument");
    return error_type();
  }
  std::optional<std::int64_t> k = constant_int(*e.operands[0], "a symmetric id");
  if (!k || is_error(t)) return error_type();
  if (*k < 0 || *k > t->hi) {
    diagnostic& diag =
        diags_.error("sema.symmetric-out-of-range", e.where,
                     d.name + "(" + std::to_string(*k) + ") is outside " + d.name + "(0).." + d.name + "(" +
                         std::to_string(t->hi) + ")");
    diag.notes.push_back({d.name_span, "'" + d.name + "' has " + std::to_string(t->domain_size()) +
                                           (t->domain_size() == 1 ? " value" : " values") +
                                           " with the current parameters"});
    return error_type();
  }
  return t;
}

const type* context::synth_builtin(expr& e, const expr_context& ctx) {
  e.ref = ref_kind::builtin;
  if (e.name == "push" || e.name == "remove_at" || e.name == "insert_at" || e.name == "clear") {
    diags_.error("sema.bad-call", e.where, "'" + e.name + "' is a statement, not a function");
    return error_type();
  }
  if (e.operands.size() != 1 || !e.operands[0]) {
    diags_.error("sema.arity", e.where, "'" + e.name + "' takes one argument");
    return error_type();
  }
  if (ctx.constant) {
    diags_.error("sema.not-constant", e.where, "'" + e.name + "(...)' is not a constant expression");
    return error_type();
  }
  expr& arg = *e.operands[0];
  const type* t = synth(arg, ctx);
  if (is_error(t)) return error_type();
  auto wrong = [&](const char* needs) {
    diags_.error("sema.type-mismatch", arg.where, "'" + e.name + "' needs " + needs + ", not " + t->spelling());
    return error_type();
  };
  if (e.name == "len") return t->kind == ty_kind::list ? types().integer() : wrong("a list");
  if (e.name == "card") return t->kind == ty_kind::set ? types().integer() : wrong("a set");
  if (e.name == "val") return t->kind == ty_kind::optional ? t->elem : wrong("an optional value");
  // min, max
  if (t->kind != ty_kind::set) return wrong("a set");
  if (t->elem->kind == ty_kind::symmetric) {
    diags_.error("sema.symmetric-op", e.where,
                 "'" + e.name + "' is not allowed on a set of symmetric type " + t->elem->spelling());
    return error_type();
  }
  return t->elem;
}

void context::check_args(std::vector<expr_ptr>& args, std::size_t first, const decl& callee, span where,
                         const expr_context& ctx, bool skip_self) {
  std::vector<const param_decl_item*> params;
  for (const param_decl_item& p : callee.params) {
    if (!(skip_self && p.is_self)) params.push_back(&p);
  }
  const std::size_t given = args.size() - std::min(first, args.size());
  if (given != params.size()) {
    diagnostic& diag = diags_.error("sema.arity", where,
                                    "'" + callee.name + "' takes " + std::to_string(params.size()) +
                                        (params.size() == 1 ? " argument" : " arguments") + ", not " +
                                        std::to_string(given));
    diag.notes.push_back({callee.name_span, "declared here"});
  }
  for (std::size_t i = first; i < args.size(); ++i) {
    if (!args[i]) continue;
    const std::size_t p = i - first;
    if (p < params.size()) {
      check(*args[i], params[p]->ty, ctx);
    } else if (!needs_context(*args[i])) {
      synth(*args[i], ctx);
    }
  }
}

const type* context::synth_set_lit(expr& e, const expr_context& ctx) {
  if (needs_context(e)) {
    diags_.error("sema.cannot-infer", e.where,
                 "cannot tell the element type of this set literal here; compare or assign it to a set of known type");
    return error_type();
  }
  const type* elem = synth(*e.operands[0], ctx);
  if (is_error(elem)) return error_type();
  if (!elem->is_domain()) {
    if (elem->kind == ty_kind::integer) {
      diags_.error("sema.cannot-infer", e.where,
                   "cannot tell the element range of this set of integers; give it a context of known type");
    } else {
      diags_.error("sema.not-a-domain", e.where, "set elements must be of a domain type, not " + elem->spelling());
    }
    return error_type();
  }
  if (elem->domain_size() > max_set_domain) {
    diags_.error("sema.set-too-large", e.where, "set elements of type " + elem->spelling() + " have too many values");
    return error_type();
  }
  type s;
  s.kind = ty_kind::set;
  s.elem = elem;
  const type* set = types().intern(std::move(s));
  for (std::size_t i = 1; i < e.operands.size(); ++i) {
    if (e.operands[i]) check(*e.operands[i], elem, ctx);
  }
  return set;
}

const type* context::synth_quant(expr& e, const expr_context& ctx) {
  if (!e.domain || e.operands.size() != 1 || !e.operands[0]) return error_type();
  if (ctx.constant) {
    diags_.error("sema.not-constant", e.where, "a quantifier is not a constant expression");
    return error_type();
  }
  const type* domain = domain_type(*e.domain, 0, "a quantifier's domain");
  const std::size_t scope_mark = mark();
  bind({e.name, ref_kind::quant_var, domain, body_ ? body_->owner : current_callable_, nullptr, ctx.quant_depth,
        e.where});
  expr_context inner = ctx;
  ++inner.quant_depth;
  check_bool(*e.operands[0], inner);
  release(scope_mark);
  return e.qkind == quant_kind::count ? types().integer() : types().boolean();
}

const type* context::synth_at(expr& e, const expr_context& ctx) {
  if (e.operands.size() != 1 || !e.operands[0]) return error_type();
  if (ctx.constant) {
    diags_.error("sema.not-constant", e.where, "'@' is not a constant expression");
    return error_type();
  }
  expr& operand = *e.operands[0];
  expr* name = &operand;
  expr* index = nullptr;
  if (operand.kind == expr_kind::index && operand.operands.size() == 2 && operand.operands[0] && operand.operands[1]) {
    name = operand.operands[0].get();
    index = operand.operands[1].get();
  }
  if (name->kind != expr_kind::name) {
    diags_.error("sema.wrong-kind", operand.where, "'@' needs a process name on its left");
    return types().boolean();
  }
  const decl* process = find_local(name->name) != nullptr ? nullptr : find_global(name->name);
  if (process == nullptr || process->kind != decl_kind::process) {
    if (process == nullptr && find_local(name->name) == nullptr) {
      report_unknown(name->name, name->where, "unknown process");
    } else {
      diags_.error("sema.wrong-kind", name->where, "'" + name->name + "' is not a process");
    }
    if (index != nullptr && !needs_context(*index)) synth(*index, ctx);
    return types().boolean();
  }
  name->ref = ref_kind::process;
  name->target = process;
  operand.ref = ref_kind::process;
  operand.target = process;
  resolve_signature(*process);
  const bool indexed = !process->params.empty();
  if (indexed && index == nullptr) {
    diags_.error("sema.arity", operand.where,
                 "process '" + process->name + "' has one instance per " + process->params[0].ty->spelling() +
                     "; name one: " + process->name + "[i]@" + e.name);
  } else if (!indexed && index != nullptr) {
    diags_.error("sema.arity", operand.where,
                 "process '" + process->name + "' has a single instance; it cannot be indexed");
  } else if (index != nullptr) {
    check(*index, process->params[0].ty, ctx);
  }
  e.ref = ref_kind::process;
  e.target = process;
  auto cached = labels_.find(process);
  if (cached == labels_.end()) cached = labels_.emplace(process, collect_labels(*process)).first;
  const std::map<std::string, const stmt*>& labels = cached->second;
  auto label = labels.find(e.name);
  if (label == labels.end()) {
    diagnostic& diag = diags_.error("sema.unknown-label", e.where,
                                    "process '" + process->name + "' has no label '" + e.name + "'");
    diag.notes.push_back({process->name_span, "process declared here"});
  } else {
    e.local = label->second;
  }
  return types().boolean();
}

}  // namespace ptmc::lang::sema

// Elaboration: constant evaluation, parameter values, type resolution and the state-size limit.
#include <algorithm>
#include <limits>
#include <sstream>

#include "base/checked_int.h"
#include "lang/sema_internal.h"

namespace ptmc::lang::sema {

namespace {

std::string to_text(std::int64_t v) { return std::to_string(v); }

const char* decl_kind_name(decl_kind kind) {
  switch (kind) {
    case decl_kind::param: return "a parameter";
    case decl_kind::constant: return "a constant";
    case decl_kind::enum_: return "an enum";
    case decl_kind::type_alias: return "a type";
    case decl_kind::symmetric: return "a symmetric type";
    case decl_kind::var: return "a variable";
    case decl_kind::event: return "an event";
    case decl_kind::fn: return "a fn";
    case decl_kind::inline_: return "an inline";
    case decl_kind::process: return "a process";
    case decl_kind::syscall: return "a syscall";
    case decl_kind::program: return "a program";
    case decl_kind::observe: return "an observation";
    case decl_kind::monitor: return "a monitor";
    default: return "a declaration";
  }
}

}  // namespace

std::string describe_kind(std::string_view name, const decl& d) {
  return d.kind == decl_kind::enum_ && d.name != name ? "an enum constant" : decl_kind_name(d.kind);
}

std::string describe_decl(const decl& d) { return "'" + d.name + "' is " + decl_kind_name(d.kind); }

std::string describe_global(std::string_view name, const decl& d) {
  return "'" + std::string(name) + "' is " + describe_kind(name, d);
}

void context::elaborate_params(const std::map<std::string, std::int64_t>& overrides,
                               const std::map<std::string, span>& sites) {
  overrides_ = overrides;
  override_sites_ = sites;
  for (const auto& [name, value] : overrides) {
    const decl* d = find_global(name);
    if (d != nullptr && d->kind == decl_kind::param) continue;
    auto site = sites.find(name);
    const span where = site == sites.end() ? span{} : site->second;
    diagnostic& diag = diags_.error("sema.unknown-param", where, "no parameter named '" + name + "' in the model");
    if (d != nullptr) diag.notes.push_back({d->name_span, describe_decl(*d) + ", not a parameter"});
    (void)value;
  }
  for (const decl* p : model_.params) decl_type(*p);
}

const type* context::decl_type(const decl& d) {
  if (d.ty != nullptr) return d.ty;
  if (d.kind == decl_kind::fn || d.kind == decl_kind::syscall || d.kind == decl_kind::event ||
      d.kind == decl_kind::inline_ || d.kind == decl_kind::process) {
    resolve_signature(d);
    return d.ty;
  }
  if (in_progress_.count(&d) != 0) {
    const bool is_type = d.kind == decl_kind::type_alias || d.kind == decl_kind::symmetric;
    diags_.error(is_type ? "sema.recursive-type" : "sema.recursive-constant", d.name_span,
                 "'" + d.name + "' is defined in terms of itself");
    return error_type();
  }
  if (decl_depth_ >= max_depth) {
    diags_.error("sema.too-deep", d.name_span, "declarations refer to each other too deeply");
    return error_type();
  }
  in_progress_.insert(&d);
  ++decl_depth_;
  const type* t = compute_decl_type(d);
  --decl_depth_;
  in_progress_.erase(&d);
  writable(d).ty = t;
  return t;
}

const type* context::compute_decl_type(const decl& d) {
  decl& w = writable(d);
  switch (d.kind) {
    case decl_kind::enum_:
      return enum_type(w);
    case decl_kind::type_alias:
      return w.type ? resolve_type(*w.type) : error_type();
    case decl_kind::symmetric:
      return symmetric_type(w);
    case decl_kind::param:
      return param_type(w);
    case decl_kind::constant:
      return constant_type(w);
    case decl_kind::var:
      return w.type ? resolve_type(*w.type) : error_type();
    default:
      return error_type();
  }
}

const type* context::enum_type(decl& d) {
  if (d.enum_values.empty()) {
    diags_.error("sema.empty-range", d.name_span, "enum '" + d.name + "' has no constants");
    return error_type();
  }
  type t;
  t.kind = ty_kind::enumeration;
  t.name = d.name;
  t.lo = 0;
  t.hi = static_cast<std::int64_t>(d.enum_values.size()) - 1;
  t.enum_of = &d;
  t.value_names = d.enum_values;
  return types().intern(std::move(t));
}

const type* context::symmetric_type(decl& d) {
  if (!d.type) return error_type();
  const type* r = resolve_type(*d.type);
  if (r->kind == ty_kind::error) return r;
  if (r->kind != ty_kind::range || r->lo != 0) {
    diags_.error("sema.type-mismatch", d.type->where,
                 "a symmetric type must be a range 0..N-1, not " + r->spelling());
    return error_type();
  }
  if (r->domain_size() > max_set_domain) {
    diags_.error("sema.domain-too-large", d.type->where,
                 "symmetric type '" + d.name + "' has " + to_text(r->domain_size()) + " values; at most " +
                     to_text(max_set_domain) + " are allowed");
    return error_type();
  }
  type t;
  t.kind = ty_kind::symmetric;
  t.name = d.name;
  t.lo = 0;
  t.hi = r->hi;
  t.enum_of = &d;
  for (std::int64_t i = 0; i <= r->hi; ++i) t.value_names.push_back(d.name + "(" + to_text(i) + ")");
  return types().intern(std::move(t));
}

const type* context::param_type(decl& d) {
  const type* t = d.type ? resolve_type(*d.type) : error_type();
  if (t->kind != ty_kind::range) {
    if (t->kind != ty_kind::error) {
      diags_.error("sema.type-mismatch", d.type->where, "a parameter's type must be an integer range, not " +
                                                            t->spelling());
    }
    failed_values_.insert(&d);
    return error_type();
  }
  std::optional<std::int64_t> value;
  span where = d.value ? d.value->where : d.name_span;
  auto overridden = overrides_.find(d.name);
  if (overridden != overrides_.end()) {
    value = overridden->second;
    auto site = override_sites_.find(d.name);
    where = site == override_sites_.end() ? span{} : site->second;
  } else if (d.value) {
    value = constant_int(*d.value, "a parameter's default");
  } else {
    value = t->lo;
  }
  if (!value) {
    failed_values_.insert(&d);
    return t;
  }
  if (*value < t->lo || *value > t->hi) {
    diagnostic& diag = diags_.error("sema.param-out-of-range", where,
                                    "parameter '" + d.name + "' = " + to_text(*value) + " is outside its range " +
                                        t->spelling());
    if (overridden != overrides_.end()) diag.notes.push_back({d.name_span, "the parameter is declared here"});
    failed_values_.insert(&d);
  }
  d.const_value = *value;
  model_.param_values[d.name] = *value;
  return t;
}

const type* context::constant_type(decl& d) {
  if (!d.value) return error_type();
  expr_context ctx;
  ctx.constant = true;
  const type* t = synth(*d.value, ctx);
  if (t->kind == ty_kind::error) {
    failed_values_.insert(&d);
    return t;
  }
  if (is_int_like(t) || t->kind == ty_kind::boolean) {
    std::optional<std::int64_t> value = evaluate(*d.value);
    if (value) {
      d.const_value = *value;
    } else {
      failed_values_.insert(&d);
    }
    // A constant of a range type is a plain integer: arithmetic on it gives int anyway.
    if (t->kind == ty_kind::range) t = types().integer();
  }
  return t;
}

void context::resolve_signature(const decl& d) {
  if (!signatures_done_.insert(&d).second) return;
  decl& w = writable(d);
  for (param_decl_item& p : w.params) p.ty = p.type ? resolve_type(*p.type) : error_type();
  if ((d.kind == decl_kind::fn || d.kind == decl_kind::syscall) && w.type) w.ty = resolve_type(*w.type);
  if (d.kind == decl_kind::fn && !w.type) w.ty = error_type();
}

std::optional<std::int64_t> context::constant_int(expr& e, std::string_view what) {
  expr_context ctx;
  ctx.constant = true;
  const type* t = synth(e, ctx);
  if (t->kind == ty_kind::error) return std::nullopt;
  if (!is_int_like(t)) {
    if (t->kind == ty_kind::symmetric) {
      diags_.error("sema.symmetric-op", e.where,
                   std::string(what) + " must be an integer; symmetric values are not numbers");
    } else {
      diags_.error("sema.type-mismatch", e.where,
                   std::string(what) + " must be an integer, not " + t->spelling());
    }
    return std::nullopt;
  }
  return evaluate(e);
}

namespace {

// Integer arithmetic of constant expressions (base/checked_int.h); nullopt on overflow or division by
// zero (`why` says which).
std::optional<std::int64_t> fold(binary_op op, std::int64_t a, std::int64_t b, std::string& why) {
  std::optional<std::int64_t> out;
  switch (op) {
    case binary_op::add: out = checked_add(a, b); break;
    case binary_op::sub: out = checked_sub(a, b); break;
    case binary_op::mul: out = checked_mul(a, b); break;
    case binary_op::div:
    case binary_op::mod:
      if (b == 0) {
        why = "division by zero";
        return std::nullopt;
      }
      if (op == binary_op::mod) return checked_mod(a, b);
      out = checked_div(a, b);
      break;
    case binary_op::eq: return a == b;
    case binary_op::ne: return a != b;
    case binary_op::lt: return a < b;
    case binary_op::le: return a <= b;
    case binary_op::gt: return a > b;
    case binary_op::ge: return a >= b;
    case binary_op::logical_and: return (a != 0) && (b != 0);
    case binary_op::logical_or: return (a != 0) || (b != 0);
    case binary_op::implies: return (a == 0) || (b != 0);
    default:
      why = "not a constant operation";
      return std::nullopt;
  }
  if (!out) why = "overflow";
  return out;
}

}  // namespace

std::optional<std::int64_t> context::evaluate(const expr& e, int depth) {
  if (e.ty == nullptr || e.ty->kind == ty_kind::error) return std::nullopt;
  if (depth > max_depth) {
    diags_.error("sema.too-deep", e.where, "constant expression nested too deeply");
    return std::nullopt;
  }
  auto not_constant = [&](const std::string& what) -> std::optional<std::int64_t> {
    diags_.error("sema.not-constant", e.where, what + " is not a constant expression");
    return std::nullopt;
  };
  switch (e.kind) {
    case expr_kind::int_lit:
    case expr_kind::bool_lit:
      return e.int_value;
    case expr_kind::name:
      if ((e.ref == ref_kind::param || e.ref == ref_kind::constant) && e.target != nullptr) {
        const type* t = decl_type(*e.target);
        if (t->kind == ty_kind::error || failed_values_.count(e.target) != 0) return std::nullopt;
        if (!is_int_like(t) && t->kind != ty_kind::boolean) return not_constant("'" + e.name + "'");
        return e.target->const_value;
      }
      return not_constant("'" + e.name + "'");
    case expr_kind::unary: {
      std::optional<std::int64_t> v = evaluate(*e.operands[0], depth + 1);
      if (!v) return v;
      if (e.uop == unary_op::logical_not) return *v == 0;
      std::optional<std::int64_t> negated = checked_neg(*v);
      if (!negated) diags_.error("sema.overflow", e.where, "integer overflow in a constant expression");
      return negated;
    }
    case expr_kind::binary: {
      std::optional<std::int64_t> a = evaluate(*e.operands[0], depth + 1);
      if (!a) return a;
      // Short-circuit, so that `N > 0 && 10 / N > 1` is fine for N = 0.
      if (e.bop == binary_op::logical_and && *a == 0) return 0;
      if (e.bop == binary_op::logical_or && *a != 0) return 1;
      if (e.bop == binary_op::implies && *a == 0) return 1;
      std::optional<std::int64_t> b = evaluate(*e.operands[1], depth + 1);
      if (!b) return b;
      std::string why;
      std::optional<std::int64_t> out = fold(e.bop, *a, *b, why);
      if (!out && why == "division by zero") {
        diags_.error("sema.division-by-zero", e.where, "division by zero in a constant expression");
      } else if (!out && why == "overflow") {
        diags_.error("sema.overflow", e.where, "integer overflow in a constant expression");
      } else if (!out) {
        return not_constant("this operation");
      }
      return out;
    }
    case expr_kind::conditional: {
      std::optional<std::int64_t> c = evaluate(*e.operands[0], depth + 1);
      if (!c) return c;
      return evaluate(*e.operands[*c != 0 ? 1 : 2], depth + 1);
    }
    default:
      return not_constant("this expression");
  }
}

const type* context::resolve_type(type_expr& t, int depth) {
  if (t.resolved != nullptr) return t.resolved;
  if (depth > max_depth) {
    diags_.error("sema.too-deep", t.where, "type nested too deeply");
    return t.resolved = error_type();
  }
  const type* out = compute_type(t, depth);
  if (out->kind != ty_kind::error && out->bits() > max_state_bits) {
    diags_.error("sema.state-too-large", t.where,
                 "type " + out->spelling() + " needs " + to_text(out->bits()) + " bits; at most " +
                     to_text(max_state_bits) + " are allowed");
    out = error_type();
  }
  t.resolved = out;
  return out;
}

const type* context::compute_type(type_expr& t, int depth) {
  switch (t.kind) {
    case type_expr_kind::named:
      return named_type(t);
    case type_expr_kind::range: {
      if (!t.lo || !t.hi) return error_type();
      std::optional<std::int64_t> lo = constant_int(*t.lo, "a range bound");
      std::optional<std::int64_t> hi = constant_int(*t.hi, "a range bound");
      if (!lo || !hi) return error_type();
      if (*lo > *hi) {
        diags_.error("sema.empty-range", t.where, "empty range " + to_text(*lo) + ".." + to_text(*hi));
        return error_type();
      }
      return types().range(*lo, *hi);
    }
    case type_expr_kind::set:
      return set_type(t, depth);
    case type_expr_kind::array: {
      if (!t.elem || !t.index) return error_type();
      const type* elem = resolve_type(*t.elem, depth + 1);
      const type* index = domain_type(*t.index, depth + 1, "an array index");
      if (elem->kind == ty_kind::error || index->kind == ty_kind::error) return error_type();
      type a;
      a.kind = ty_kind::array;
      a.elem = elem;
      a.index = index;
      return types().intern(std::move(a));
    }
    case type_expr_kind::record:
      return record_type(t, depth);
    case type_expr_kind::list:
      return list_type(t, depth);
    case type_expr_kind::optional: {
      if (!t.elem) return error_type();
      const type* elem = resolve_type(*t.elem, depth + 1);
      if (elem->kind == ty_kind::error) return elem;
      type o;
      o.kind = ty_kind::optional;
      o.elem = elem;
      return types().intern(std::move(o));
    }
  }
  return error_type();
}

const type* context::named_type(type_expr& t) {
  if (t.name == "bool") return types().boolean();
  const decl* d = find_global(t.name);
  if (d == nullptr) {
    report_unknown(t.name, t.where, "unknown type");
    return error_type();
  }
  const bool enum_constant = d->kind == decl_kind::enum_ && d->name != t.name;
  if (!enum_constant && (d->kind == decl_kind::type_alias || d->kind == decl_kind::symmetric ||
                         d->kind == decl_kind::enum_)) {
    return decl_type(*d);
  }
  diagnostic& diag = diags_.error("sema.wrong-kind", t.where, describe_global(t.name, *d) + ", not a type");
  diag.notes.push_back({d->name_span, "declared here"});
  return error_type();
}

const type* context::domain_type(type_expr& t, int depth, std::string_view what) {
  const type* d = resolve_type(t, depth);
  if (d->kind == ty_kind::error || d->is_domain()) return d;
  diags_.error("sema.not-a-domain", t.where,
               std::string(what) + " must be a domain type (bool, a range, an enum or a symmetric type), not " +
                   d->spelling());
  return error_type();
}

const type* context::set_type(type_expr& t, int depth) {
  if (!t.elem) return error_type();
  const type* elem = domain_type(*t.elem, depth + 1, "a set element");
  if (elem->kind == ty_kind::error) return elem;
  if (elem->domain_size() > max_set_domain) {
    diags_.error("sema.set-too-large", t.where,
                 "set elements of type " + elem->spelling() + " have " + to_text(elem->domain_size()) +
                     " values; a set's domain may have at most " + to_text(max_set_domain));
    return error_type();
  }
  type s;
  s.kind = ty_kind::set;
  s.elem = elem;
  return types().intern(std::move(s));
}

const type* context::record_type(type_expr& t, int depth) {
  type r;
  r.kind = ty_kind::record;
  bool ok = true;
  std::map<std::string, span> seen;
  for (field_decl& f : t.fields) {
    auto [previous, fresh] = seen.emplace(f.name, f.where);
    if (!fresh) {
      diagnostic& diag = diags_.error("sema.duplicate-field", f.where, "duplicate field '" + f.name + "'");
      diag.notes.push_back({previous->second, "previous definition here"});
      ok = false;
    }
    const type* ft = f.type ? resolve_type(*f.type, depth + 1) : error_type();
    if (ft->kind == ty_kind::error) ok = false;
    r.fields.push_back({f.name, ft});
  }
  if (!ok) return error_type();
  return types().intern(std::move(r));
}

const type* context::list_type(type_expr& t, int depth) {
  if (!t.elem || !t.bound) return error_type();
  const type* elem = resolve_type(*t.elem, depth + 1);
  std::optional<std::int64_t> bound = constant_int(*t.bound, "a list capacity");
  if (elem->kind == ty_kind::error || !bound) return error_type();
  if (*bound < 1 || *bound > max_list_capacity) {
    diags_.error("sema.list-capacity", t.bound->where,
                 "a list's capacity must be between 1 and " + to_text(max_list_capacity) + ", not " +
                     to_text(*bound));
    return error_type();
  }
  type l;
  l.kind = ty_kind::list;
  l.elem = elem;
  l.max_len = *bound;
  return types().intern(std::move(l));
}

void context::check_state_size(const std::vector<const decl*>& monitor_vars) {
  std::int64_t total = 0;
  auto add = [&](std::int64_t bits, std::int64_t copies, span where, const std::string& what) {
    std::int64_t product = 0;
    if (__builtin_mul_overflow(bits, copies, &product)) product = std::numeric_limits<std::int64_t>::max();
    if (__builtin_add_overflow(total, product, &total)) total = std::numeric_limits<std::int64_t>::max();
    if (total > max_state_bits && total - product <= max_state_bits) {
      diags_.error("sema.state-too-large", where,
                   "the model's state needs more than " + to_text(max_state_bits) + " bits (" + to_text(total) +
                       " with " + what + ")");
    }
  };
  for (const decl* v : model_.vars) add(decl_type(*v)->bits(), 1, v->name_span, "'" + v->name + "'");
  for (const decl* p : model_.processes) {
    std::int64_t instances = 1;
    if (!p->params.empty() && p->params[0].ty != nullptr) instances = std::max<std::int64_t>(p->params[0].ty->domain_size(), 1);
    for (const stmt* local : p->locals) {
      if (local->kind == stmt_kind::var && local->ty != nullptr) {
        add(local->ty->bits(), instances, local->where, "'" + p->name + "." + local->name + "'");
      }
    }
  }
  // Last, so that a model within the limit is never blamed for a property file's monitors.
  for (const decl* v : monitor_vars) {
    const std::string owner = v->owner != nullptr ? v->owner->name + "." : "";
    add(decl_type(*v)->bits(), 1, v->name_span, "monitor var '" + owner + v->name + "'");
  }
}

}  // namespace ptmc::lang::sema

// Lowering of expressions, places (where a value lives) and atomic effects.
#include <algorithm>

#include "base/checked_int.h"
#include "base/invariant.h"
#include "lower/lower_internal.h"

namespace ptmc::lower::detail {

using lang::binary_op;
using lang::expr;
using lang::expr_kind;
using lang::ref_kind;
using lang::stmt;
using lang::stmt_kind;
using lang::ty_kind;

// ---------------------------------------------------------------- helpers

std::uint32_t lowerer::alloc_register() {
  const std::uint32_t r = next_register_++;
  max_registers_ = std::max(max_registers_, next_register_);
  ir::model& m = b_.edit();
  m.register_count = std::max(m.register_count, next_register_);
  return r;
}

ir::value_sort lowerer::sort_of(const lang::type* t) {
  if (!t) return ir::value_sort::integer;
  if (t->kind == ty_kind::boolean) return ir::value_sort::boolean;
  if (t->kind == ty_kind::set) return ir::value_sort::set;
  // An optional scalar lives in one slot typed by its inner type (ir::value_sort): a `bool?` is a
  // boolean that may be none.
  if (t->kind == ty_kind::optional && is_scalar(t->elem)) return sort_of(t->elem);
  return ir::value_sort::integer;
}

ir::value_sort lowerer::leaf_sort(const lang::type* t, std::uint32_t k) {
  switch (t->kind) {
    case ty_kind::array: {
      const std::uint32_t n = leaf_count(t->elem);
      return leaf_sort(t->elem, k % n);
    }
    case ty_kind::record:
      for (const auto& f : t->fields) {
        const std::uint32_t n = leaf_count(f.ty);
        if (k < n) return leaf_sort(f.ty, k);
        k -= n;
      }
      PTMC_UNREACHABLE("leaf index inside the record");
    case ty_kind::list:
      if (k == 0) return ir::value_sort::integer;  // the length
      return leaf_sort(t->elem, (k - 1) % leaf_count(t->elem));
    case ty_kind::optional:
      if (is_scalar(t->elem)) return sort_of(t);
      if (k == 0) return ir::value_sort::boolean;  // the presence flag, a bool slot (ir/values.h)
      return leaf_sort(t->elem, k - 1);
    default:
      return sort_of(t);
  }
}

std::optional<ir::value> lowerer::folded(ir::expr_id e) const {
  const ir::expr_node& n = b_.peek().exprs[e];
  if (n.o == ir::op::constant) return n.constant;
  return std::nullopt;
}

std::vector<ir::value> lowerer::domain_values(const lang::type* d) const {
  std::vector<ir::value> out;
  const std::int64_t lo = d->kind == ty_kind::range ? d->lo : 0;
  for (std::int64_t i = 0; i < d->domain_size(); ++i) out.push_back(lo + i);
  return out;
}

ir::expr_id lowerer::domain_index(ir::expr_id value, const lang::type* domain) {
  // A bool index has the boolean sort; indices are integers (false 0, true 1).
  if (domain->kind == ty_kind::boolean) {
    if (auto v = folded(value)) return b_.constant(*v);
    return b_.ite(value, b_.constant(1), b_.constant(0));
  }
  const std::int64_t lo = domain->kind == ty_kind::range ? domain->lo : 0;
  if (lo == 0) return value;
  // A constant index folds unless the subtraction overflows; then the run-time sub reports it.
  if (auto v = folded(value))
    if (auto index = checked_sub(*v, lo)) return b_.constant(*index);
  return b_.sub(value, b_.constant(lo));
}

const binding* lowerer::lookup(const std::string& name) const {
  for (auto it = scope_.rbegin(); it != scope_.rend(); ++it)
    if (it->name == name) return &*it;
  return nullptr;
}

// ---------------------------------------------------------------- places

place lowerer::element(const place& p, ir::expr_id index, std::uint32_t count, std::uint32_t stride,
                       std::uint32_t offset) {
  place q = p;
  q.base += offset;
  if (auto v = folded(index); v && *v >= 0 && *v < count) {
    q.base += static_cast<std::uint32_t>(*v) * stride;
  } else {
    q.dynamic.push_back({index, stride, count});
  }
  return q;
}

std::optional<place> lowerer::place_of(const expr& e, effect_ctx& ctx) {
  switch (e.kind) {
    case expr_kind::name: {
      if (e.ref == ref_kind::monitor_var) {
        place p;
        p.ty = e.ty;
        p.base = monitor_vars_.at({e.target, e.slot});
        return p;
      }
      if (const binding* bnd = lookup(e.name)) {
        if (bnd->is_place) return bnd->where;
        return std::nullopt;
      }
      place p;
      p.ty = e.ty;
      if (e.ref == ref_kind::global_var) {
        p.base = globals_.at(e.name);
        return p;
      }
      if ((e.ref == ref_kind::local_var || e.ref == ref_kind::syscall_param || e.ref == ref_kind::register_) &&
          ctx.inst) {
        if (ctx.frame >= 0) {
          const auto& fr = ctx.proc->cfg.frames[static_cast<std::size_t>(ctx.frame)];
          if (auto it = ctx.inst->locals.find(fr.syscall->name + "." + e.name); it != ctx.inst->locals.end()) {
            p.base = it->second;
            return p;
          }
        }
        if (auto it = ctx.inst->locals.find(e.name); it != ctx.inst->locals.end()) {
          p.base = it->second;
          return p;
        }
      }
      return std::nullopt;
    }
    case expr_kind::index: {
      auto base = place_of(*e.operands[0], ctx);
      if (!base) return std::nullopt;
      const lang::type* t = e.operands[0]->ty;
      const ir::expr_id raw = scalar(*e.operands[1], ctx);
      place q;
      if (t->kind == ty_kind::array) {
        q = element(*base, domain_index(raw, t->index), static_cast<std::uint32_t>(t->index->domain_size()),
                    leaf_count(t->elem), 0);
      } else if (t->kind == ty_kind::list) {
        if (ctx.out) {
          const ir::expr_id len = read_leaf(*base, 0);
          ctx.out->push_back(ir::builder::assert_(b_.land(b_.le(b_.constant(0), raw), b_.lt(raw, len)),
                                                  error_prefix(e.where) + "list index out of range"));
        }
        q = element(*base, raw, static_cast<std::uint32_t>(t->max_len), leaf_count(t->elem), 1);
      } else {
        return std::nullopt;
      }
      if (q.in_registers && !q.dynamic.empty()) {
        unsupported(e.where, "indexing a step-local aggregate with a non-constant index");
        return std::nullopt;
      }
      q.ty = e.ty;
      return q;
    }
    case expr_kind::field: {
      if (e.ref == ref_kind::monitor_var) {  // MONITOR.var
        place p;
        p.ty = e.ty;
        p.base = monitor_vars_.at({e.target, e.slot});
        return p;
      }
      const expr& operand = *e.operands[0];
      // program.register, or program[i].register for an indexed program (constant i).
      const bool indexed = operand.kind == expr_kind::index && operand.operands[0]->ref == ref_kind::program;
      const expr& program = indexed ? *operand.operands[0] : operand;
      if (program.ref == ref_kind::program && program.target) {
        const auto it = process_of_decl_.find(program.target);
        if (it == process_of_decl_.end() || it->second->instances.empty()) return std::nullopt;
        std::size_t k = 0;
        if (indexed) {
          const auto v = folded(domain_index(scalar(*operand.operands[1], ctx), it->second->index_type));
          if (!v || *v < 0 || static_cast<std::size_t>(*v) >= it->second->instances.size()) {
            unsupported(operand.where, "a program index that is not a constant");
            return std::nullopt;
          }
          k = static_cast<std::size_t>(*v);
        } else if (it->second->instances.size() > 1) {
          unsupported(e.where, "a register of an indexed program without its index");
          return std::nullopt;
        }
        place p;
        p.ty = e.ty;
        p.base = it->second->instances[k].locals.at(e.name);
        return p;
      }
      auto base = place_of(operand, ctx);
      if (!base) return std::nullopt;
      const lang::type* t = operand.ty;
      std::uint32_t offset = 0;
      for (const auto& f : t->fields) {
        if (f.name == e.name) break;
        offset += leaf_count(f.ty);
      }
      place q = *base;
      q.base += offset;
      q.ty = e.ty;
      return q;
    }
    case expr_kind::call:
      if (e.ref == ref_kind::builtin && e.name == "val" && !is_scalar(e.ty)) {
        auto base = place_of(*e.operands[0], ctx);
        if (!base) return std::nullopt;
        if (ctx.out)
          ctx.out->push_back(
              ir::builder::assert_(read_leaf(*base, 0), error_prefix(e.where) + "val() of none"));
        place q = *base;
        q.base += 1;
        q.ty = e.ty;
        return q;
      }
      return std::nullopt;
    default:
      return std::nullopt;
  }
}

std::size_t lowerer::bind_fn_arguments(const expr& call, effect_ctx& ctx) {
  const std::size_t mark = scope_mark();
  for (std::size_t i = 0; i < call.target->params.size(); ++i) {
    binding bnd;
    bnd.name = call.target->params[i].name;
    bnd.leaves = leaves_as(*call.operands[i], call.target->params[i].ty, ctx);
    push_binding(std::move(bnd));
  }
  return mark;
}

place::term lowerer::flat_term(const place& p) {
  if (p.dynamic.size() == 1) return p.dynamic[0];
  // Several dynamic indices: one index over leaves (stride 1) spanning every reachable offset. An
  // inner index out of its own range could still land on a valid flat offset, so the flat index
  // is -1 (out of range: a model error where it is used) unless every index is in range.
  ir::expr_id index = b_.constant(0);
  ir::expr_id in_range = 0;
  std::uint32_t count = 1;
  for (const auto& t : p.dynamic) {
    index = b_.add(index, b_.binary(ir::op::mul, t.index, b_.constant(t.stride)));
    const ir::expr_id ok = b_.land(b_.le(b_.constant(0), t.index), b_.lt(t.index, b_.constant(t.count)));
    in_range = &t == &p.dynamic.front() ? ok : b_.land(in_range, ok);
    count += (t.count - 1) * t.stride;
  }
  return {b_.ite(in_range, index, b_.constant(-1)), 1, count};
}

ir::expr_id lowerer::read_leaf(const place& p, std::uint32_t k) {
  if (p.in_registers) return b_.reg(p.base + k, leaf_sort(p.ty, k));
  if (p.dynamic.empty()) return b_.load(p.base + k);
  const place::term t = flat_term(p);
  return b_.load_dynamic(p.base + k, t.stride, t.count, t.index);
}

void lowerer::write_leaf(const place& p, std::uint32_t k, ir::expr_id v, effect_ctx& ctx) {
  if (p.in_registers) {
    ctx.out->push_back(ir::builder::set_reg(p.base + k, v));
  } else if (p.dynamic.empty()) {
    ctx.out->push_back(ir::builder::store(p.base + k, v));
  } else {
    const place::term t = flat_term(p);
    ctx.out->push_back(ir::builder::store_dynamic(p.base + k, t.stride, t.count, t.index, v));
  }
}

std::vector<ir::expr_id> lowerer::read(const place& p) {
  std::vector<ir::expr_id> out;
  const std::uint32_t n = leaf_count(p.ty);
  for (std::uint32_t k = 0; k < n; ++k) out.push_back(read_leaf(p, k));
  return out;
}

void lowerer::write(const place& p, const std::vector<ir::expr_id>& values, effect_ctx& ctx) {
  PTMC_INVARIANT(values.size() == leaf_count(p.ty), "a value has as many leaves as its place");
  if (values.size() == 1) {
    write_leaf(p, 0, values[0], ctx);
    return;
  }
  // Aggregates go through registers so that a value reading its own target sees the old leaves.
  std::vector<std::uint32_t> regs;
  for (std::size_t k = 0; k < values.size(); ++k) {
    regs.push_back(alloc_register());
    ctx.out->push_back(ir::builder::set_reg(regs.back(), values[k]));
  }
  for (std::uint32_t k = 0; k < values.size(); ++k)
    write_leaf(p, k, b_.reg(regs[k], leaf_sort(p.ty, k)), ctx);
}

// ---------------------------------------------------------------- expressions

std::vector<ir::expr_id> lowerer::leaves(const expr& e, effect_ctx& ctx) {
  if (is_scalar(e.ty)) return {scalar(e, ctx)};
  switch (e.kind) {
    case expr_kind::name:
      if (const binding* bnd = lookup(e.name); bnd && !bnd->is_place && e.ref != ref_kind::monitor_var)
        return bnd->leaves;
      [[fallthrough]];
    case expr_kind::index:
    case expr_kind::field: {
      if (auto p = place_of(e, ctx)) return read(*p);
      if (e.kind == expr_kind::name && e.target && e.target->kind == lang::decl_kind::observe)
        return leaves(*e.target->value, ctx);
      unsupported(e.where, "this aggregate expression");
      return std::vector<ir::expr_id>(leaf_count(e.ty), b_.constant(0));
    }
    case expr_kind::conditional: {
      const ir::expr_id c = scalar(*e.operands[0], ctx);
      auto a = leaves_as(*e.operands[1], e.ty, ctx);
      auto b = leaves_as(*e.operands[2], e.ty, ctx);
      for (std::size_t k = 0; k < a.size(); ++k) a[k] = b_.ite(c, a[k], b[k]);
      return a;
    }
    case expr_kind::record_lit: {
      std::vector<ir::expr_id> out;
      for (const auto& f : e.ty->fields) {
        const auto it = std::find(e.field_names.begin(), e.field_names.end(), f.name);
        if (it == e.field_names.end()) {
          std::vector<ir::value> defaults;
          leaf_defaults(f.ty, defaults);
          for (std::size_t k = 0; k < defaults.size(); ++k)
            out.push_back(b_.constant(defaults[k], leaf_sort(f.ty, static_cast<std::uint32_t>(k))));
          continue;
        }
        auto part = leaves_as(*e.operands[static_cast<std::size_t>(it - e.field_names.begin())], f.ty, ctx);
        out.insert(out.end(), part.begin(), part.end());
      }
      return out;
    }
    case expr_kind::list_lit: {
      std::vector<ir::expr_id> out{b_.constant(static_cast<ir::value>(e.operands.size()))};
      for (const auto& o : e.operands) {
        auto part = leaves_as(*o, e.ty->elem, ctx);
        out.insert(out.end(), part.begin(), part.end());
      }
      std::vector<ir::value> defaults;
      for (std::int64_t i = static_cast<std::int64_t>(e.operands.size()); i < e.ty->max_len; ++i)
        leaf_defaults(e.ty->elem, defaults);
      const std::uint32_t base = static_cast<std::uint32_t>(out.size());
      for (std::size_t k = 0; k < defaults.size(); ++k)
        out.push_back(b_.constant(defaults[k], leaf_sort(e.ty, base + static_cast<std::uint32_t>(k))));
      return out;
    }
    case expr_kind::none_lit: {
      std::vector<ir::value> defaults;
      leaf_defaults(e.ty, defaults);
      std::vector<ir::expr_id> out;
      for (std::size_t k = 0; k < defaults.size(); ++k)
        out.push_back(b_.constant(defaults[k], leaf_sort(e.ty, static_cast<std::uint32_t>(k))));
      return out;
    }
    case expr_kind::call:
      if (e.ref == ref_kind::function) {
        const std::size_t mark = bind_fn_arguments(e, ctx);
        auto out = leaves_as(*e.target->value, e.ty, ctx);
        pop_bindings(mark);
        return out;
      }
      if (auto p = place_of(e, ctx)) return read(*p);
      [[fallthrough]];
    default:
      unsupported(e.where, "this aggregate expression");
      return std::vector<ir::expr_id>(leaf_count(e.ty), b_.constant(0));
  }
}

std::vector<ir::expr_id> lowerer::leaves_as(const expr& e, const lang::type* target, effect_ctx& ctx) {
  auto out = leaves(e, ctx);
  if (target && target->kind == ty_kind::optional && !is_scalar(target->elem) && e.ty &&
      e.ty->kind != ty_kind::optional) {
    out.insert(out.begin(), b_.truth(true));
    PTMC_INVARIANT(out.size() == leaf_count(target), "a T lifted into T? is the present flag and T's leaves");
  }
  return out;
}

namespace {

ir::op arithmetic_op(binary_op o, bool on_sets) {
  switch (o) {
    case binary_op::add: return ir::op::add;
    case binary_op::sub: return on_sets ? ir::op::set_diff : ir::op::sub;
    case binary_op::mul: return ir::op::mul;
    case binary_op::div: return ir::op::div;
    case binary_op::mod: return ir::op::mod;
    case binary_op::eq: return ir::op::eq;
    case binary_op::ne: return ir::op::ne;
    case binary_op::lt: return ir::op::lt;
    case binary_op::le: return ir::op::le;
    case binary_op::gt: return ir::op::gt;
    case binary_op::ge: return ir::op::ge;
    case binary_op::logical_and: return ir::op::logical_and;
    case binary_op::logical_or: return ir::op::logical_or;
    case binary_op::implies: return ir::op::implies;
    case binary_op::bit_or: return ir::op::set_union;
    case binary_op::bit_and: return ir::op::set_inter;
    case binary_op::in: return ir::op::set_has;
  }
  return ir::op::add;
}

}  // namespace

ir::expr_id lowerer::scalar(const expr& e, effect_ctx& ctx) {
  switch (e.kind) {
    case expr_kind::int_lit:
      return b_.constant(e.int_value);
    case expr_kind::bool_lit:
      return b_.truth(e.int_value != 0);
    case expr_kind::none_lit:
      return b_.none(sort_of(e.ty));
    case expr_kind::wildcard:
      unsupported(e.where, "'_' outside an event pattern");
      return b_.constant(0);
    case expr_kind::name: {
      if (e.ref == ref_kind::monitor_var) {
        if (auto p = place_of(e, ctx)) return read_leaf(*p, 0);
      }
      if (const binding* bnd = lookup(e.name)) return bnd->is_place ? read_leaf(bnd->where, 0) : bnd->leaves[0];
      switch (e.ref) {
        case ref_kind::param:
        case ref_kind::constant:
        case ref_kind::enum_value:
          return b_.constant(constant_of(e), sort_of(e.ty));
        default:
          break;
      }
      if (e.target && e.target->kind == lang::decl_kind::observe) return scalar(*e.target->value, ctx);
      if (auto p = place_of(e, ctx)) return read_leaf(*p, 0);
      unsupported(e.where, "the name '" + e.name + "' here");
      return b_.constant(0);
    }
    case expr_kind::unary: {
      const ir::expr_id a = scalar(*e.operands[0], ctx);
      return b_.unary(e.uop == lang::unary_op::logical_not ? ir::op::logical_not : ir::op::negate, a);
    }
    case expr_kind::binary: {
      const expr& l = *e.operands[0];
      const expr& r = *e.operands[1];
      if ((e.bop == binary_op::eq || e.bop == binary_op::ne) && !is_scalar(l.ty)) {
        // One side may be a T compared with a T?: both are compared as the optional.
        const lang::type* common = l.ty->kind == ty_kind::optional ? l.ty : r.ty;
        const auto a = leaves_as(l, common, ctx);
        const auto b = leaves_as(r, common, ctx);
        ir::expr_id all = b_.truth(true);
        for (std::size_t k = 0; k < a.size(); ++k) all = b_.land(all, b_.eq(a[k], b[k]));
        return e.bop == binary_op::eq ? all : b_.lnot(all);
      }
      if (e.bop == binary_op::in) {
        const ir::expr_id set = scalar(r, ctx);
        const ir::expr_id x = scalar(l, ctx);
        const ir::expr_id has = b_.binary(ir::op::set_has, set, domain_index(x, r.ty->elem));
        // x - lo may overflow for an x far outside the element domain (which is never in the set):
        // test the bounds first then, so that it is `false`, not a model error.
        const lang::type* d = r.ty->elem;
        const std::int64_t lo = d->kind == ty_kind::range ? d->lo : 0;
        const bool bounded = l.ty && (l.ty->kind == ty_kind::range || l.ty->kind == ty_kind::enumeration ||
                                      l.ty->kind == ty_kind::boolean || l.ty->kind == ty_kind::symmetric);
        if (bounded && checked_sub(l.ty->lo, lo) && checked_sub(l.ty->hi, lo)) return has;
        const std::int64_t hi = d->kind == ty_kind::range ? d->hi : d->domain_size() - 1;
        return b_.land(b_.land(b_.le(b_.constant(lo), x), b_.le(x, b_.constant(hi))), has);
      }
      const bool on_sets = l.ty && l.ty->kind == ty_kind::set;
      const ir::expr_id a = scalar(l, ctx);
      const ir::expr_id b = scalar(r, ctx);
      return b_.binary(arithmetic_op(e.bop, on_sets), a, b);
    }
    case expr_kind::conditional:
      return b_.ite(scalar(*e.operands[0], ctx), scalar(*e.operands[1], ctx), scalar(*e.operands[2], ctx));
    case expr_kind::index:
    case expr_kind::field: {
      if (auto p = place_of(e, ctx)) return read_leaf(*p, 0);
      unsupported(e.where, "this expression");
      return b_.constant(0);
    }
    case expr_kind::call: {
      switch (e.ref) {
        case ref_kind::function: {
          const std::size_t mark = bind_fn_arguments(e, ctx);
          const ir::expr_id out = scalar(*e.target->value, ctx);
          pop_bindings(mark);
          return out;
        }
        case ref_kind::symmetric_ctor: {
          const expr& k = *e.operands[0];
          return b_.constant(k.kind == expr_kind::int_lit ? k.int_value : constant_of(k));
        }
        case ref_kind::builtin:
          break;
        default:
          unsupported(e.where, "this call");
          return b_.constant(0);
      }
      const expr& a = *e.operands[0];
      if (e.name == "len") {
        auto p = place_of(a, ctx);
        if (!p) {
          unsupported(e.where, "len() of a list value that is not stored");
          return b_.constant(0);
        }
        return read_leaf(*p, 0);
      }
      if (e.name == "card") return b_.unary(ir::op::set_card, scalar(a, ctx));
      if (e.name == "min" || e.name == "max") {
        const ir::expr_id idx = b_.unary(e.name == "min" ? ir::op::set_min : ir::op::set_max, scalar(a, ctx));
        const lang::type* d = a.ty->elem;
        const std::int64_t lo = d->kind == ty_kind::range ? d->lo : 0;
        return lo == 0 ? idx : b_.add(idx, b_.constant(lo));
      }
      if (e.name == "val") return b_.unary(ir::op::unwrap, scalar(a, ctx));
      unsupported(e.where, "the builtin '" + e.name + "' in an expression");
      return b_.constant(0);
    }
    case expr_kind::set_lit: {
      ir::expr_id set = b_.constant(0, ir::value_sort::set);
      for (const auto& o : e.operands) {
        const ir::expr_id idx = domain_index(scalar(*o, ctx), e.ty->elem);
        // Only an element index 0..63 folds; set_singleton reports any other at run time.
        const auto bit = folded(idx);
        const ir::expr_id one = bit && *bit >= 0 && *bit <= 63
                                    ? b_.constant(ir::value{1} << *bit, ir::value_sort::set)
                                    : b_.unary(ir::op::set_singleton, idx);
        set = folded(set) && *folded(set) == 0 ? one : b_.binary(ir::op::set_union, set, one);
      }
      return set;
    }
    case expr_kind::quant: {
      const lang::type* d = e.domain->resolved;
      ir::expr_id acc = e.qkind == lang::quant_kind::forall   ? b_.truth(true)
                        : e.qkind == lang::quant_kind::exists ? b_.truth(false)
                                                              : b_.constant(0);
      for (const ir::value v : domain_values(d)) {
        const std::size_t mark = scope_mark();
        binding bnd;
        bnd.name = e.name;
        bnd.leaves = {b_.constant(v, sort_of(d))};
        push_binding(std::move(bnd));
        const ir::expr_id body = scalar(*e.operands[0], ctx);
        pop_bindings(mark);
        if (e.qkind == lang::quant_kind::forall)
          acc = b_.land(acc, body);
        else if (e.qkind == lang::quant_kind::exists)
          acc = b_.lor(acc, body);
        else
          acc = b_.add(acc, b_.ite(body, b_.constant(1), b_.constant(0)));
      }
      return acc;
    }
    case expr_kind::at:
      return at_label(e, ctx);
    case expr_kind::record_lit:
    case expr_kind::list_lit:
      break;
  }
  unsupported(e.where, "this expression");
  return b_.constant(0);
}

ir::expr_id lowerer::at_label(const expr& e, effect_ctx& ctx) {
  const expr& target = *e.operands[0];
  const expr& proc_name = target.kind == expr_kind::index ? *target.operands[0] : target;
  const auto it = process_of_decl_.find(proc_name.target);
  if (it == process_of_decl_.end()) {
    unsupported(e.where, "'@' on this operand");
    return b_.truth(false);
  }
  process_info& p = *it->second;
  std::optional<int> node;
  for (const auto& [label, n] : p.cfg.labels)
    if (label == e.name) node = n;
  if (!node) {
    unsupported(e.where, "the label '" + e.name + "'");
    return b_.truth(false);
  }
  const ir::value pc = p.cfg.pc(*node);
  auto at_instance = [&](const instance& inst) {
    return b_.slot_is(b_.peek().processes[inst.process].pc_slot, pc);
  };
  if (target.kind != expr_kind::index) return at_instance(p.instances.front());
  const ir::expr_id idx = domain_index(scalar(*target.operands[1], ctx), p.index_type);
  if (auto v = folded(idx)) return at_instance(p.instances.at(static_cast<std::size_t>(*v)));
  ir::expr_id any = b_.truth(false);
  for (std::size_t k = 0; k < p.instances.size(); ++k)
    any = b_.lor(any, b_.land(b_.eq(idx, b_.constant(static_cast<ir::value>(k))), at_instance(p.instances[k])));
  return any;
}

// ---------------------------------------------------------------- atomic effects

bool lowerer::contains_return(const stmt& s) {
  if (s.kind == stmt_kind::return_) return true;
  for (const auto& c : s.body)
    if (c && contains_return(*c)) return true;
  return false;
}

void lowerer::effects(const std::vector<lang::stmt_ptr>& body, effect_ctx& ctx) {
  const std::size_t mark = scope_mark();
  effects_from(body, 0, ctx);
  pop_bindings(mark);
}

// Lowers body[first..]. After a statement that may `return`, the rest of the block runs only if no
// `return` was taken, and the same holds again after each later statement that may return.
void lowerer::effects_from(const std::vector<lang::stmt_ptr>& body, std::size_t first, effect_ctx& ctx) {
  for (std::size_t i = first; i < body.size(); ++i) {
    effect(*body[i], ctx);
    if (ctx.returned && contains_return(*body[i]) && i + 1 < body.size()) {
      std::vector<ir::stmt> rest;
      std::vector<ir::stmt>* saved = ctx.out;
      ctx.out = &rest;
      effects_from(body, i + 1, ctx);
      ctx.out = saved;
      ctx.out->push_back(ir::builder::if_(b_.eq(b_.reg(*ctx.returned), b_.constant(0)), std::move(rest)));
      return;
    }
  }
}

void lowerer::effect(const stmt& s, effect_ctx& ctx) {
  switch (s.kind) {
    case stmt_kind::block:
    case stmt_kind::atomic:
      effects(s.body, ctx);
      return;
    case stmt_kind::skip:
      return;
    case stmt_kind::let: {
      const lang::type* ty = s.ty ? s.ty : s.exprs[0]->ty;
      const auto values = leaves_as(*s.exprs[0], ty, ctx);
      binding bnd;
      bnd.name = s.name;
      bnd.is_place = true;
      bnd.where.in_registers = true;
      bnd.where.ty = ty;
      for (std::size_t k = 0; k < values.size(); ++k) {
        const std::uint32_t r = alloc_register();
        if (k == 0) bnd.where.base = r;
        ctx.out->push_back(ir::builder::set_reg(r, values[k]));
      }
      push_binding(std::move(bnd));
      return;
    }
    case stmt_kind::assign:
      assign(s, ctx);
      return;
    case stmt_kind::if_: {
      const ir::expr_id c = scalar(*s.exprs[0], ctx);
      std::vector<ir::stmt> then_body, else_body;
      std::vector<ir::stmt>* saved = ctx.out;
      ctx.out = &then_body;
      effect(*s.body[0], ctx);
      if (s.body.size() > 1 && s.body[1]) {
        ctx.out = &else_body;
        effect(*s.body[1], ctx);
      }
      ctx.out = saved;
      ctx.out->push_back(ir::builder::if_(c, std::move(then_body), std::move(else_body)));
      return;
    }
    case stmt_kind::for_: {
      auto run_body = [&](binding bnd) {
        const std::size_t mark = scope_mark();
        push_binding(std::move(bnd));
        for (const auto& c : s.body) effect(*c, ctx);
        pop_bindings(mark);
      };
      // A domain type (the checker turns a type name into declared_type) iterates its values;
      // otherwise the expression is a set or a list.
      const bool over_type = s.declared_type != nullptr;
      const lang::type* t = over_type ? nullptr : s.exprs[0]->ty;
      if (over_type) {
        const lang::type* d = s.ty;
        for (const ir::value v : domain_values(d)) {
          binding bnd;
          bnd.name = s.name;
          bnd.leaves = {b_.constant(v, sort_of(d))};
          run_body(std::move(bnd));
        }
        return;
      }
      if (t->kind == ty_kind::set) {
        const ir::expr_id set = scalar(*s.exprs[0], ctx);
        for (const ir::value v : domain_values(t->elem)) {
          std::vector<ir::stmt> body;
          std::vector<ir::stmt>* saved = ctx.out;
          ctx.out = &body;
          binding bnd;
          bnd.name = s.name;
          bnd.leaves = {b_.constant(v, sort_of(t->elem))};
          run_body(std::move(bnd));
          ctx.out = saved;
          ctx.out->push_back(ir::builder::if_(
              b_.binary(ir::op::set_has, set, domain_index(b_.constant(v), t->elem)), std::move(body)));
        }
        return;
      }
      if (t->kind == ty_kind::list) {
        auto list = place_of(*s.exprs[0], ctx);
        if (!list) {
          unsupported(s.where, "iterating over a list value that is not stored");
          return;
        }
        for (std::int64_t j = 0; j < t->max_len; ++j) {
          std::vector<ir::stmt> body;
          std::vector<ir::stmt>* saved = ctx.out;
          ctx.out = &body;
          binding bnd;
          bnd.name = s.name;
          bnd.is_place = true;
          bnd.where = element(*list, b_.constant(j), static_cast<std::uint32_t>(t->max_len), leaf_count(t->elem), 1);
          bnd.where.ty = t->elem;
          run_body(std::move(bnd));
          ctx.out = saved;
          ctx.out->push_back(ir::builder::if_(b_.lt(b_.constant(j), read_leaf(*list, 0)), std::move(body)));
        }
        return;
      }
      unsupported(s.where, "this for loop");
      return;
    }
    case stmt_kind::await:
      ctx.out->push_back(ir::builder::assume(scalar(*s.exprs[0], ctx)));
      return;
    case stmt_kind::either: {
      const std::uint32_t r = alloc_register();
      ctx.out->push_back(ir::builder::choose(r, static_cast<std::uint32_t>(s.body.size())));
      // if (r == 0) A else if (r == 1) B ... built from the last branch backwards.
      std::vector<ir::stmt> chain;
      for (std::size_t i = s.body.size(); i-- > 0;) {
        std::vector<ir::stmt> branch;
        std::vector<ir::stmt>* saved = ctx.out;
        ctx.out = &branch;
        effect(*s.body[i], ctx);
        ctx.out = saved;
        if (i + 1 == s.body.size()) {
          chain = std::move(branch);
        } else {
          std::vector<ir::stmt> next;
          next.push_back(ir::builder::if_(b_.eq(b_.reg(r), b_.constant(static_cast<ir::value>(i))), std::move(branch),
                                          std::move(chain)));
          chain = std::move(next);
        }
      }
      for (auto& st : chain) ctx.out->push_back(std::move(st));
      return;
    }
    case stmt_kind::choose: {
      const lang::type* d = s.ty;
      const std::uint32_t r = alloc_register();
      ctx.out->push_back(ir::builder::choose(r, static_cast<std::uint32_t>(d->domain_size())));
      const std::int64_t lo = d->kind == ty_kind::range ? d->lo : 0;
      binding bnd;
      bnd.name = s.name;
      bnd.leaves = {lo == 0 ? b_.reg(r, sort_of(d)) : b_.add(b_.reg(r), b_.constant(lo))};
      push_binding(std::move(bnd));  // visible for the rest of the enclosing block
      if (!s.exprs.empty() && s.exprs[0]) ctx.out->push_back(ir::builder::assume(scalar(*s.exprs[0], ctx)));
      return;
    }
    case stmt_kind::emit: {
      std::vector<ir::expr_id> args;
      for (const auto& a : s.exprs) {
        if (!is_scalar(a->ty)) {
          unsupported(a->where, "an aggregate event argument");
          return;
        }
        args.push_back(scalar(*a, ctx));
      }
      ctx.out->push_back(ir::builder::emit(events_.at(s.name), args));
      run_monitors(s.name, args, ctx);
      return;
    }
    case stmt_kind::return_:
      emit_return(&s, ctx);
      return;
    case stmt_kind::assert_: {
      std::string message = error_prefix(s.where) + "assertion failed";
      message += s.message.empty() ? ": " + lang::print(*s.exprs[0]) : ": " + s.message;
      ctx.out->push_back(ir::builder::assert_(scalar(*s.exprs[0], ctx), message));
      return;
    }
    case stmt_kind::call:
      if (s.ref == ref_kind::inline_proc) {
        call_inline(s, ctx);
      } else if (s.ref == ref_kind::builtin) {
        call_builtin(s, ctx);
      } else {
        unsupported(s.where, "a syscall call inside an atomic step");
      }
      return;
    default:
      unsupported(s.where, "this statement inside an atomic step");
      return;
  }
}

void lowerer::assign(const stmt& s, effect_ctx& ctx) {
  auto p = place_of(*s.exprs[0], ctx);
  if (!p) {
    unsupported(s.exprs[0]->where, "assigning to this expression");
    return;
  }
  if (s.aop == lang::assign_op::set) {
    write(*p, leaves_as(*s.exprs[1], p->ty, ctx), ctx);
    return;
  }
  const bool on_sets = p->ty->kind == ty_kind::set;
  const ir::expr_id cur = read_leaf(*p, 0);
  const ir::expr_id rhs = scalar(*s.exprs[1], ctx);
  ir::op o = ir::op::add;
  switch (s.aop) {
    case lang::assign_op::add: o = on_sets ? ir::op::set_union : ir::op::add; break;
    case lang::assign_op::sub: o = on_sets ? ir::op::set_diff : ir::op::sub; break;
    case lang::assign_op::bit_or: o = ir::op::set_union; break;
    case lang::assign_op::bit_and: o = ir::op::set_inter; break;
    case lang::assign_op::set: break;
  }
  write_leaf(*p, 0, b_.binary(o, cur, rhs), ctx);
}

void lowerer::call_inline(const stmt& s, effect_ctx& ctx) {
  const lang::decl& d = *s.target;
  std::vector<binding> params;
  for (std::size_t i = 0; i < d.params.size(); ++i) {
    // Arguments are passed by value: evaluated before the body runs.
    const auto values = leaves_as(*s.exprs[i], d.params[i].ty, ctx);
    binding bnd;
    bnd.name = d.params[i].name;
    bnd.is_place = true;
    bnd.where.in_registers = true;
    bnd.where.ty = d.params[i].ty;
    for (std::size_t k = 0; k < values.size(); ++k) {
      const std::uint32_t r = alloc_register();
      if (k == 0) bnd.where.base = r;
      ctx.out->push_back(ir::builder::set_reg(r, values[k]));
    }
    params.push_back(std::move(bnd));
  }
  const std::size_t mark = scope_mark();
  for (auto& p : params) push_binding(std::move(p));
  effects(d.body, ctx);
  pop_bindings(mark);
}

void lowerer::call_builtin(const stmt& s, effect_ctx& ctx) {
  auto list = place_of(*s.exprs[0], ctx);
  if (!list || list->ty->kind != ty_kind::list) {
    unsupported(s.where, "this builtin call");
    return;
  }
  const lang::type* t = list->ty;
  const std::uint32_t cap = static_cast<std::uint32_t>(t->max_len);
  const std::uint32_t width = leaf_count(t->elem);
  const std::string where = error_prefix(s.where);
  auto elem = [&](ir::expr_id index) {
    place e = element(*list, index, cap, width, 1);
    e.ty = t->elem;
    return e;
  };
  const ir::expr_id len = read_leaf(*list, 0);
  std::vector<ir::value> zero;
  leaf_defaults(t->elem, zero);
  std::vector<ir::expr_id> zero_leaves;
  for (std::size_t k = 0; k < zero.size(); ++k)
    zero_leaves.push_back(b_.constant(zero[k], leaf_sort(t->elem, static_cast<std::uint32_t>(k))));

  if (s.name == "clear") {
    std::vector<ir::value> all;
    leaf_defaults(t, all);
    for (std::uint32_t k = 0; k < all.size(); ++k)
      write_leaf(*list, k, b_.constant(all[k], leaf_sort(t, k)), ctx);
    return;
  }
  if (s.name == "push") {
    ctx.out->push_back(ir::builder::assert_(b_.lt(len, b_.constant(cap)), where + "push onto a full list"));
    write(elem(len), leaves_as(*s.exprs[1], t->elem, ctx), ctx);
    write_leaf(*list, 0, b_.add(len, b_.constant(1)), ctx);
    return;
  }
  // remove_at / insert_at shift elements with static slot offsets, guarded per position.
  const std::uint32_t i_reg = alloc_register();
  const std::uint32_t len_reg = alloc_register();
  ctx.out->push_back(ir::builder::set_reg(i_reg, scalar(*s.exprs[1], ctx)));
  ctx.out->push_back(ir::builder::set_reg(len_reg, len));
  const ir::expr_id i = b_.reg(i_reg);
  const ir::expr_id n = b_.reg(len_reg);
  if (s.name == "remove_at") {
    ctx.out->push_back(ir::builder::assert_(b_.land(b_.le(b_.constant(0), i), b_.lt(i, n)),
                                            where + "remove_at index out of range"));
    for (std::uint32_t j = 0; j + 1 < cap; ++j) {
      std::vector<ir::stmt> move;
      std::vector<ir::stmt>* saved = ctx.out;
      ctx.out = &move;
      write(elem(b_.constant(j)), read(elem(b_.constant(j + 1))), ctx);
      ctx.out = saved;
      ctx.out->push_back(ir::builder::if_(
          b_.land(b_.le(i, b_.constant(j)), b_.lt(b_.constant(j + 1), n)), std::move(move)));
    }
    for (std::uint32_t j = 0; j < cap; ++j) {
      std::vector<ir::stmt> clear_last;
      std::vector<ir::stmt>* saved = ctx.out;
      ctx.out = &clear_last;
      write(elem(b_.constant(j)), zero_leaves, ctx);
      ctx.out = saved;
      ctx.out->push_back(
          ir::builder::if_(b_.eq(b_.constant(j), b_.sub(n, b_.constant(1))), std::move(clear_last)));
    }
    write_leaf(*list, 0, b_.sub(n, b_.constant(1)), ctx);
    return;
  }
  if (s.name == "insert_at") {
    ctx.out->push_back(ir::builder::assert_(b_.lt(n, b_.constant(cap)), where + "insert_at on a full list"));
    ctx.out->push_back(ir::builder::assert_(b_.land(b_.le(b_.constant(0), i), b_.le(i, n)),
                                            where + "insert_at index out of range"));
    for (std::uint32_t j = cap - 1; j >= 1; --j) {
      std::vector<ir::stmt> move;
      std::vector<ir::stmt>* saved = ctx.out;
      ctx.out = &move;
      write(elem(b_.constant(j)), read(elem(b_.constant(j - 1))), ctx);
      ctx.out = saved;
      ctx.out->push_back(
          ir::builder::if_(b_.land(b_.lt(i, b_.constant(j)), b_.le(b_.constant(j), n)), std::move(move)));
    }
    write(elem(i), leaves_as(*s.exprs[2], t->elem, ctx), ctx);
    write_leaf(*list, 0, b_.add(n, b_.constant(1)), ctx);
    return;
  }
  unsupported(s.where, "the builtin '" + s.name + "'");
}

}  // namespace ptmc::lower::detail

#include "smt/z3_encoding.h"

#include <algorithm>
#include <bit>
#include <limits>
#include <string>

#include "base/checked_int.h"
#include "base/invariant.h"

namespace ptmc::smt::detail {

namespace {

using ir::op;
using ir::value;

constexpr value min64 = std::numeric_limits<value>::min();
constexpr value max64 = std::numeric_limits<value>::max();
constexpr unsigned set_bits = 64;

value_range full_range() { return {min64, max64, false}; }
value_range bool_range() { return {0, 1, false}; }
value_range exactly(value v) { return {v, v, false}; }

// The range as one interval (none_value is the least int64, so it extends lo).
value_range plain(value_range r) {
  if (r.or_none) r.lo = ir::none_value;
  r.or_none = false;
  return r;
}

value_range hull(const value_range& a, const value_range& b) {
  return {std::min(a.lo, b.lo), std::max(a.hi, b.hi), a.or_none || b.or_none};
}

// The sets whose bits at `bits` and above are clear: [0, 2^bits - 1], or every int64 for 64.
value_range mask_range(unsigned bits) {
  if (bits >= set_bits) return full_range();
  return {0, static_cast<value>((std::uint64_t{1} << bits) - 1), false};
}

// How many low bits of a set in range r may be set (bits above are clear).
unsigned mask_bits(value_range r) {
  r = plain(r);
  if (r.lo < 0) return set_bits;
  return static_cast<unsigned>(std::bit_width(static_cast<std::uint64_t>(r.hi)));
}

// |v| saturated at max64 (|min64| does not fit).
value magnitude(value v) { return v == min64 ? max64 : (v < 0 ? -v : v); }

// The range [lo, lo + 2^width - 1 - less], saturated at max64.
value_range stored_range(value lo, unsigned width, unsigned less) {
  const std::uint64_t span = width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1 - less;
  value hi = 0;
  if (span > static_cast<std::uint64_t>(max64) || __builtin_add_overflow(lo, static_cast<value>(span), &hi)) hi = max64;
  return {lo, hi, false};
}

bool contains(const value_range& r, value v) {
  const value_range p = plain(r);
  return p.lo <= v && v <= p.hi;
}

}  // namespace

z3_encoding::z3_encoding(z3::context& ctx, const ir::model& m) : ctx_(ctx), model_(m) {}

// ---------------------------------------------------------------- slots

z3_encoding::slot_sort z3_encoding::sort_of_slot(ir::slot_id s) const {
  const ir::slot& sl = model_.slots[s];
  const bool set_type = sl.type < model_.types.size() && model_.types[sl.type].kind == ir::type_kind::set;
  if (sl.encoding == ir::slot_encoding::bitmask) return slot_sort::set;
  if (sl.encoding == ir::slot_encoding::optional) return set_type ? slot_sort::set : slot_sort::integer;
  // A Bool can only stand for 0 and 1: a boolean slot whose stored bits decode to more values
  // (a hand-built layout) stays Int.
  const bool boolean_type = sl.type < model_.types.size() && model_.types[sl.type].kind == ir::type_kind::boolean;
  return boolean_type && sl.lo == 0 && sl.width <= 1 ? slot_sort::boolean : slot_sort::integer;
}

z3::expr z3_encoding::slot_constant(ir::slot_id s) {
  PTMC_INVARIANT(s < model_.slots.size(), "slot ids index model::slots");
  if (slot_consts_.size() <= s) slot_consts_.resize(model_.slots.size());
  if (!slot_consts_[s]) {
    const std::string name = "s" + std::to_string(s);
    switch (sort_of_slot(s)) {
      case slot_sort::boolean: slot_consts_[s] = ctx_.bool_const(name.c_str()); break;
      case slot_sort::integer: slot_consts_[s] = ctx_.int_const(name.c_str()); break;
      case slot_sort::set: slot_consts_[s] = ctx_.bv_const(name.c_str(), set_bits); break;
    }
  }
  return *slot_consts_[s];
}

z3::expr z3_encoding::slot_literal(ir::slot_id s, value v) {
  switch (sort_of_slot(s)) {
    case slot_sort::boolean: return ctx_.bool_val(v != 0);
    case slot_sort::integer: return ctx_.int_val(static_cast<int64_t>(v));
    case slot_sort::set: return ctx_.bv_val(static_cast<std::uint64_t>(v), set_bits);
  }
  PTMC_UNREACHABLE("three slot sorts");
}

z3::expr z3_encoding::slot_range(ir::slot_id s) {
  const ir::slot& sl = model_.slots[s];
  const z3::expr x = slot_constant(s);
  const bool optional = sl.encoding == ir::slot_encoding::optional;
  switch (sort_of_slot(s)) {
    case slot_sort::boolean:
      return ctx_.bool_val(true);
    case slot_sort::integer: {
      const z3::expr in = ctx_.int_val(static_cast<int64_t>(sl.lo)) <= x && x <= ctx_.int_val(static_cast<int64_t>(sl.hi));
      return optional ? (x == ctx_.int_val(static_cast<int64_t>(ir::none_value)) || in) : in;
    }
    case slot_sort::set: {
      if (optional)
        return x == ctx_.bv_val(static_cast<std::uint64_t>(ir::none_value), set_bits) ||
               z3::ule(x, ctx_.bv_val(static_cast<std::uint64_t>(sl.hi), set_bits));
      if (sl.width >= set_bits) return ctx_.bool_val(true);
      return x.extract(set_bits - 1, sl.width) == ctx_.bv_val(0, set_bits - sl.width);
    }
  }
  PTMC_UNREACHABLE("three slot sorts");
}

// ---------------------------------------------------------------- conversions

z3::expr z3_encoding::as_bool(const z3::expr& v) {
  if (v.is_bool()) return v;
  if (v.is_int()) return v != ctx_.int_val(0);
  return v != ctx_.bv_val(0, set_bits);
}

z3::expr z3_encoding::as_int(const z3::expr& v) {
  if (v.is_int()) return v;
  if (v.is_bool()) return z3::ite(v, ctx_.int_val(1), ctx_.int_val(0));
  return z3::bv2int(v, true);
}

z3::expr z3_encoding::as_set(const z3::expr& v) {
  if (v.is_bv()) return v;
  if (v.is_bool()) return z3::ite(v, ctx_.bv_val(1, set_bits), ctx_.bv_val(0, set_bits));
  return z3::int2bv(set_bits, v);
}

z3::expr z3_encoding::bit(const z3::expr& set, unsigned i) { return set.extract(i, i) == ctx_.bv_val(1, 1); }

std::pair<z3::expr, z3::expr> z3_encoding::unify(const z3::expr& a, const z3::expr& b) {
  if (z3::eq(a.get_sort(), b.get_sort())) return {a, b};
  if (a.is_int() || b.is_int()) return {as_int(a), as_int(b)};
  return {as_set(a), as_set(b)};
}

term z3_encoding::boolean(z3::expr value, z3::expr defined) { return {std::move(value), std::move(defined), bool_range()}; }

term z3_encoding::integer(z3::expr value, z3::expr defined, bool fits, value_range range) {
  if (fits) return {std::move(value), std::move(defined), range};
  // As in the evaluator, a result that is not an integer (base/checked_int.h) is a model error.
  const z3::expr in_range = ctx_.int_val(static_cast<int64_t>(int_min)) <= value &&
                            value <= ctx_.int_val(static_cast<int64_t>(int_max));
  return {std::move(value), defined && in_range, {int_min, int_max, false}};
}

// ---------------------------------------------------------------- expressions

const term& z3_encoding::encode(ir::expr_id e) {
  PTMC_INVARIANT(e < model_.exprs.size(), "expression ids index model::exprs");
  if (encoded_.size() <= e) encoded_.resize(model_.exprs.size());
  if (!encoded_[e]) {
    term t = encode_node(model_.exprs[e]);
    encoded_[e] = std::move(t);
  }
  return *encoded_[e];
}

z3::expr z3_encoding::holds(ir::expr_id e) {
  const term& t = encode(e);
  return t.defined && as_bool(t.value);
}

term z3_encoding::encode_node(const ir::expr_node& n) {
  switch (n.o) {
    case op::constant: return encode_constant(n);
    case op::load: return encode_load(n.slot);
    case op::load_dynamic: return encode_load_dynamic(n);
    case op::reg:
      PTMC_INVARIANT(n.o != op::reg, "invariant expressions read no registers: the lowering unrolls quantifiers");
      break;
    case op::logical_not: return encode_not(n);
    case op::negate: return encode_negate(n);
    case op::add: case op::sub: case op::mul: return encode_add_sub_mul(n);
    case op::div: case op::mod: return encode_div_mod(n);
    case op::eq: case op::ne: return encode_equality(n);
    case op::lt: case op::le: case op::gt: case op::ge: return encode_order(n);
    case op::logical_and: case op::logical_or: case op::implies: return encode_logical(n);
    case op::ite: return encode_ite(n);
    case op::set_union: case op::set_inter: case op::set_diff: return encode_set_binary(n);
    case op::set_has: return encode_set_has(n);
    case op::set_singleton: return encode_singleton(n);
    case op::set_card: return encode_card(n);
    case op::set_min: case op::set_max: return encode_min_max(n);
    case op::is_none: return encode_is_none(n);
    case op::unwrap: return encode_unwrap(n);
  }
  PTMC_UNREACHABLE("all ops handled");
}

term z3_encoding::encode_constant(const ir::expr_node& n) {
  const value c = n.constant;
  const z3::expr t = ctx_.bool_val(true);
  if (n.sort == ir::value_sort::boolean && (c == 0 || c == 1)) return {ctx_.bool_val(c != 0), t, exactly(c)};
  if (n.sort == ir::value_sort::set) return {ctx_.bv_val(static_cast<std::uint64_t>(c), set_bits), t, exactly(c)};
  return {ctx_.int_val(static_cast<int64_t>(c)), t, exactly(c)};
}

term z3_encoding::encode_load(ir::slot_id s) {
  PTMC_INVARIANT(s < model_.slots.size(), "loaded slots exist");
  const ir::slot& sl = model_.slots[s];
  value_range range;
  switch (sl.encoding) {
    case ir::slot_encoding::offset: range = stored_range(sl.lo, sl.width, 0); break;
    case ir::slot_encoding::optional:
      range = sl.width == 0 ? value_range{sl.lo, sl.lo, true} : stored_range(sl.lo, sl.width, 1);
      range.or_none = true;
      break;
    case ir::slot_encoding::bitmask: range = mask_range(sl.width); break;
  }
  return {slot_constant(s), ctx_.bool_val(true), range};
}

term z3_encoding::encode_load_dynamic(const ir::expr_node& n) {
  const term& index = encode(n.a);
  const z3::expr i = as_int(index.value);
  const z3::expr defined =
      index.defined && i >= ctx_.int_val(0) && i < ctx_.int_val(static_cast<int64_t>(n.count));
  // Only indices the index's range allows can be read; the chain ends in the last of them.
  const value_range r = plain(index.range);
  const value first = std::max<value>(r.lo, 0);
  const value last = std::min<value>(r.hi, static_cast<value>(n.count) - 1);
  if (first > last) return {encode_load(n.slot).value, defined, full_range()};
  auto candidate = [&](value j) { return encode_load(n.slot + static_cast<std::uint32_t>(j) * n.stride); };
  term chosen = candidate(last);
  for (value j = last - 1; j >= first; --j) {
    const term c = candidate(j);
    auto [here, rest] = unify(c.value, chosen.value);
    chosen = {z3::ite(i == ctx_.int_val(static_cast<int64_t>(j)), here, rest), chosen.defined, hull(c.range, chosen.range)};
  }
  return {chosen.value, defined, chosen.range};
}

term z3_encoding::encode_not(const ir::expr_node& n) {
  const term& a = encode(n.a);
  return boolean(!as_bool(a.value), a.defined);
}

term z3_encoding::encode_negate(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const value_range r = plain(a.range);
  const bool fits = is_integer(r.lo);
  return integer(-as_int(a.value), a.defined, fits, fits ? value_range{-r.hi, -r.lo, false} : full_range());
}

term z3_encoding::encode_add_sub_mul(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  const value_range ra = plain(a.range), rb = plain(b.range);
  const z3::expr x = as_int(a.value), y = as_int(b.value);
  // The result's bounds from the operands' (the extremes of a product lie at corners); an
  // operation may overflow exactly when a bound is not an integer.
  value lo = max64, hi = min64;
  bool overflow = false;
  z3::expr result = x;
  auto bound = [&](std::optional<value> v) {
    if (!v) {
      overflow = true;
      return;
    }
    lo = std::min(lo, *v);
    hi = std::max(hi, *v);
  };
  if (n.o == op::add) {
    bound(checked_add(ra.lo, rb.lo));
    bound(checked_add(ra.hi, rb.hi));
    result = x + y;
  } else if (n.o == op::sub) {
    bound(checked_sub(ra.lo, rb.hi));
    bound(checked_sub(ra.hi, rb.lo));
    result = x - y;
  } else {
    for (value p : {ra.lo, ra.hi})
      for (value q : {rb.lo, rb.hi}) bound(checked_mul(p, q));
    result = x * y;
  }
  return integer(result, a.defined && b.defined, !overflow, overflow ? full_range() : value_range{lo, hi, false});
}

term z3_encoding::encode_div_mod(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  const value_range ra = plain(a.range);
  const z3::expr x = as_int(a.value), y = as_int(b.value), zero = ctx_.int_val(0);
  // Z3's integer division is Euclidean; for x >= 0 it truncates like C whatever y's sign, and C
  // truncation is odd in x. The remainder follows from the exact quotient.
  const z3::expr quotient = z3::ite(x >= zero, x / y, -((-x) / y));
  const z3::expr defined = a.defined && b.defined && y != zero;
  // |quotient| <= |x| and |remainder| <= |x|.
  const value bound = std::max(magnitude(ra.lo), magnitude(ra.hi));
  const value_range r = contains(ra, min64) ? full_range() : value_range{-bound, bound, false};
  if (n.o == op::mod) return integer(x - y * quotient, defined, true, r);
  // A quotient that is not an integer needs x = -2^63 (divided by 1 or -1).
  return integer(quotient, defined, !contains(ra, min64), r);
}

term z3_encoding::encode_equality(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  auto [x, y] = unify(a.value, b.value);
  return boolean(n.o == op::eq ? x == y : x != y, a.defined && b.defined);
}

term z3_encoding::encode_order(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  const z3::expr x = as_int(a.value), y = as_int(b.value);
  z3::expr v = x < y;
  if (n.o == op::le) v = x <= y;
  if (n.o == op::gt) v = x > y;
  if (n.o == op::ge) v = x >= y;
  return boolean(v, a.defined && b.defined);
}

term z3_encoding::encode_logical(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  const z3::expr x = as_bool(a.value), y = as_bool(b.value);
  // Short-circuit: b is evaluated (and may fail) only when a does not decide the result.
  if (n.o == op::logical_and) return boolean(x && y, a.defined && (!x || b.defined));
  if (n.o == op::logical_or) return boolean(x || y, a.defined && (x || b.defined));
  return boolean(!x || y, a.defined && (!x || b.defined));
}

term z3_encoding::encode_ite(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  const term& c = encode(n.c);
  const z3::expr cond = as_bool(a.value);
  auto [x, y] = unify(b.value, c.value);
  return {z3::ite(cond, x, y), a.defined && z3::ite(cond, b.defined, c.defined), hull(b.range, c.range)};
}

term z3_encoding::encode_set_binary(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  const z3::expr x = as_set(a.value), y = as_set(b.value);
  const unsigned bits_a = mask_bits(a.range), bits_b = mask_bits(b.range);
  const z3::expr defined = a.defined && b.defined;
  if (n.o == op::set_union) return {x | y, defined, mask_range(std::max(bits_a, bits_b))};
  if (n.o == op::set_inter) return {x & y, defined, mask_range(std::min(bits_a, bits_b))};
  return {x & ~y, defined, mask_range(bits_a)};
}

term z3_encoding::encode_set_has(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term& b = encode(n.b);
  const z3::expr set = as_set(a.value), index = as_int(b.value);
  // Bit b of a, false for b outside 0..63: a disjunction over the bits b can select.
  const value_range r = plain(b.range);
  const value first = std::max<value>(r.lo, 0);
  const value last = std::min<value>({r.hi, 63, static_cast<value>(mask_bits(a.range)) - 1});
  z3::expr_vector cases(ctx_);
  for (value i = first; i <= last; ++i)
    cases.push_back(index == ctx_.int_val(static_cast<int64_t>(i)) && bit(set, static_cast<unsigned>(i)));
  return boolean(cases.empty() ? ctx_.bool_val(false) : z3::mk_or(cases), a.defined && b.defined);
}

term z3_encoding::encode_singleton(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const z3::expr index = as_int(a.value);
  const z3::expr defined = a.defined && index >= ctx_.int_val(0) && index <= ctx_.int_val(63);
  const value_range r = plain(a.range);
  const value first = std::max<value>(r.lo, 0), last = std::min<value>(r.hi, 63);
  if (first > last) return {ctx_.bv_val(0, set_bits), defined, exactly(0)};
  auto single = [&](value i) { return ctx_.bv_val(std::uint64_t{1} << i, set_bits); };
  z3::expr v = single(last);
  for (value i = last - 1; i >= first; --i) v = z3::ite(index == ctx_.int_val(static_cast<int64_t>(i)), single(i), v);
  return {v, defined, mask_range(static_cast<unsigned>(last) + 1)};
}

term z3_encoding::encode_card(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const z3::expr set = as_set(a.value);
  const unsigned bits = mask_bits(a.range);
  z3::expr_vector ones(ctx_);
  for (unsigned i = 0; i < bits; ++i) ones.push_back(z3::ite(bit(set, i), ctx_.int_val(1), ctx_.int_val(0)));
  const z3::expr count = ones.empty() ? ctx_.int_val(0) : z3::sum(ones);
  return {count, a.defined, {0, static_cast<value>(bits), false}};
}

term z3_encoding::encode_min_max(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const z3::expr set = as_set(a.value);
  const z3::expr defined = a.defined && set != ctx_.bv_val(0, set_bits);
  const unsigned bits = mask_bits(a.range);
  if (bits == 0) return {ctx_.int_val(0), defined, exactly(0)};
  auto number = [&](unsigned i) { return ctx_.int_val(static_cast<int>(i)); };
  // min: the first set bit from the bottom; max: from the top. The chain's end needs no test:
  // a non-empty set has that bit set if no other.
  z3::expr v = number(n.o == op::set_min ? bits - 1 : 0);
  if (n.o == op::set_min)
    for (unsigned i = bits - 1; i-- > 0;) v = z3::ite(bit(set, i), number(i), v);
  else
    for (unsigned i = 1; i < bits; ++i) v = z3::ite(bit(set, i), number(i), v);
  return {v, defined, {0, static_cast<value>(bits) - 1, false}};
}

term z3_encoding::encode_is_none(const ir::expr_node& n) {
  const term& a = encode(n.a);
  if (a.value.is_bool()) return boolean(ctx_.bool_val(false), a.defined);
  if (a.value.is_int()) return boolean(a.value == ctx_.int_val(static_cast<int64_t>(ir::none_value)), a.defined);
  return boolean(a.value == ctx_.bv_val(static_cast<std::uint64_t>(ir::none_value), set_bits), a.defined);
}

term z3_encoding::encode_unwrap(const ir::expr_node& n) {
  const term& a = encode(n.a);
  const term none = encode_is_none(n);
  // Defined only where a is not none, so none leaves the range.
  value_range r = a.range;
  if (!r.or_none && r.lo == ir::none_value && r.hi > r.lo) r.lo = ir::none_value + 1;
  r.or_none = false;
  return {a.value, a.defined && !none.value, r};
}

// ---------------------------------------------------------------- values

std::optional<ir::value> z3_encoding::to_value(const z3::expr& numeral) {
  if (numeral.is_true()) return 1;
  if (numeral.is_false()) return 0;
  if (numeral.is_int()) {
    int64_t v = 0;
    if (numeral.is_numeral_i64(v)) return static_cast<value>(v);
    return std::nullopt;
  }
  if (numeral.is_bv()) {
    uint64_t bits = 0;
    if (numeral.is_numeral_u64(bits)) return static_cast<value>(bits);
  }
  return std::nullopt;
}

}  // namespace ptmc::smt::detail

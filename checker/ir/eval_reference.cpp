// The reference evaluator: a direct tree walk over the expression DAG (declared in exec.h).
#include <bit>

#include "base/checked_int.h"
#include "base/invariant.h"
#include "ir/exec.h"
#include "ir/exec_messages.h"
#include "ir/state.h"

namespace ptmc::ir {
namespace {

value wrap(std::uint64_t bits) { return static_cast<value>(bits); }
value as_bool(bool b) { return b ? 1 : 0; }

class reference_evaluator {
 public:
  reference_evaluator(const model& m, const std::uint64_t* state, std::span<const value> regs)
      : m_(m), state_(state), regs_(regs) {}

  // The value of `e`; on a model error sets error_ and returns 0.
  value eval(expr_id e) {
    PTMC_INVARIANT(e < m_.exprs.size(), "expression ids index model::exprs");
    const expr_node& n = m_.exprs[e];
    switch (n.o) {
      case op::constant: return n.constant;
      case op::load: return read_slot(state_, m_.slots[n.slot]);
      case op::load_dynamic: {
        const value i = eval(n.a);
        if (failed()) return 0;
        if (i < 0 || i >= static_cast<value>(n.count)) return fail(e, i);
        return read_slot(state_, m_.slots[n.slot + static_cast<std::uint32_t>(i) * n.stride]);
      }
      case op::reg:
        PTMC_INVARIANT(n.reg < regs_.size(), "registers read by an expression are provided");
        return regs_[n.reg];
      case op::logical_not: return unary(n, [](value a) { return as_bool(a == 0); });
      // Exact arithmetic; a result that is not an integer is a model error (base/checked_int.h).
      case op::negate: {
        const value a = eval(n.a);
        if (failed()) return 0;
        const auto v = checked_neg(a);
        return v ? *v : fail(e, 0);
      }
      case op::add:
      case op::sub:
      case op::mul: {
        const value a = eval(n.a);
        if (failed()) return 0;
        const value b = eval(n.b);
        if (failed()) return 0;
        const auto v = n.o == op::add ? checked_add(a, b) : n.o == op::sub ? checked_sub(a, b) : checked_mul(a, b);
        return v ? *v : fail(e, 0);
      }
      case op::div:
      case op::mod: {
        const value a = eval(n.a);
        if (failed()) return 0;
        const value b = eval(n.b);
        if (failed()) return 0;
        if (b == 0) return fail(e, 0);
        if (n.o == op::mod) return checked_mod(a, b);
        const auto v = checked_div(a, b);
        return v ? *v : fail(e, b);  // the divisor, as the executor reports it
      }
      case op::eq: return binary(n, [](value a, value b) { return as_bool(a == b); });
      case op::ne: return binary(n, [](value a, value b) { return as_bool(a != b); });
      case op::lt: return binary(n, [](value a, value b) { return as_bool(a < b); });
      case op::le: return binary(n, [](value a, value b) { return as_bool(a <= b); });
      case op::gt: return binary(n, [](value a, value b) { return as_bool(a > b); });
      case op::ge: return binary(n, [](value a, value b) { return as_bool(a >= b); });
      case op::logical_and: {
        const value a = eval(n.a);
        if (failed() || a == 0) return 0;
        return as_bool(eval(n.b) != 0);
      }
      case op::logical_or: {
        const value a = eval(n.a);
        if (failed()) return 0;
        if (a != 0) return 1;
        return as_bool(eval(n.b) != 0);
      }
      case op::implies: {
        const value a = eval(n.a);
        if (failed()) return 0;
        if (a == 0) return 1;
        return as_bool(eval(n.b) != 0);
      }
      case op::ite: {
        const value a = eval(n.a);
        if (failed()) return 0;
        return a != 0 ? eval(n.b) : eval(n.c);
      }
      case op::set_union: return binary(n, [](value a, value b) { return a | b; });
      case op::set_inter: return binary(n, [](value a, value b) { return a & b; });
      case op::set_diff: return binary(n, [](value a, value b) { return a & ~b; });
      case op::set_has:
        return binary(n, [](value a, value b) {
          return b < 0 || b > 63 ? 0 : as_bool((static_cast<std::uint64_t>(a) >> b) & 1);
        });
      case op::set_singleton: {
        const value a = eval(n.a);
        if (failed()) return 0;
        if (a < 0 || a > 63) return fail(e, a);
        return wrap(std::uint64_t{1} << a);
      }
      case op::set_card: return unary(n, [](value a) { return value{std::popcount(static_cast<std::uint64_t>(a))}; });
      case op::set_min:
      case op::set_max: {
        const value a = eval(n.a);
        if (failed()) return 0;
        if (a == 0) return fail(e, 0);
        const auto bits = static_cast<std::uint64_t>(a);
        return n.o == op::set_min ? value{std::countr_zero(bits)} : value{63 - std::countl_zero(bits)};
      }
      case op::is_none: return unary(n, [](value a) { return as_bool(a == none_value); });
      case op::unwrap: {
        const value a = eval(n.a);
        if (failed()) return 0;
        if (a == none_value) return fail(e, 0);
        return a;
      }
    }
    PTMC_UNREACHABLE("all ops handled");
  }

  bool failed() const { return !error_.empty(); }
  std::string take_error() { return std::move(error_); }

 private:
  template <class F>
  value unary(const expr_node& n, F f) {
    const value a = eval(n.a);
    if (failed()) return 0;
    return f(a);
  }

  template <class F>
  value binary(const expr_node& n, F f) {
    const value a = eval(n.a);
    if (failed()) return 0;
    const value b = eval(n.b);
    if (failed()) return 0;
    return f(a, b);
  }

  value fail(expr_id e, value v) {
    error_ = detail::expression_error(m_, e, v);
    return 0;
  }

  const model& m_;
  const std::uint64_t* state_;
  std::span<const value> regs_;
  std::string error_;
};

}  // namespace

eval_result evaluate(const model& m, const std::uint64_t* state, expr_id e, std::span<const value> regs) {
  reference_evaluator ev(m, state, regs);
  eval_result r;
  r.v = ev.eval(e);
  if (ev.failed()) {
    r.v = 0;
    r.error = ev.take_error();
  }
  return r;
}

}  // namespace ptmc::ir

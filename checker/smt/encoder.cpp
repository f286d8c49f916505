#include "smt/encoder.h"

#include <utility>

#include "base/invariant.h"
#include "ir/support.h"
#include "smt/z3_encoding.h"

namespace ptmc::smt {

struct encoder::impl {
  impl(const ir::model& m, const solver_options& options) : model(m), solver(ctx), encoding(ctx, m) {
    z3::params p(ctx);
    p.set("timeout", static_cast<unsigned>(options.timeout.count()));
    solver.set(p);
  }

  // Pins every slot e reads to its value in `state`.
  void assert_state(const std::uint64_t* state, ir::expr_id e) {
    for (const ir::slot_id s : ir::slot_support(model, e))
      solver.add(encoding.slot_constant(s) == encoding.slot_literal(s, ir::read_slot(state, model.slots[s])));
  }

  // Whether `alternative` is impossible in the current scope (unsat), as an answer kind.
  solver_answer::kind only_possibility(const z3::expr& alternative, solver_answer::kind if_unique) {
    solver.push();
    solver.add(alternative);
    const z3::check_result r = solver.check();
    solver.pop();
    if (r == z3::unsat) return if_unique;
    return r == z3::sat ? solver_answer::kind::ambiguous : solver_answer::kind::unknown;
  }

  solver_answer read_answer(const detail::term& t) {
    const z3::model m = solver.get_model();
    solver_answer a;
    if (m.eval(t.defined, true).is_false()) {
      a.k = only_possibility(t.defined, solver_answer::kind::error);
      return a;
    }
    const z3::expr v = m.eval(t.value, true);
    const std::optional<ir::value> value = detail::z3_encoding::to_value(v);
    PTMC_INVARIANT(value.has_value(), "values of defined terms are int64 numerals");
    a.v = *value;
    a.k = only_possibility(!t.defined || t.value != v, solver_answer::kind::value);
    return a;
  }

  // A state with the model's values of the slots e reads (all others zero).
  ir::packed_state witness(ir::expr_id e) {
    const z3::model m = solver.get_model();
    ir::packed_state state(model.state_words(), 0);
    for (const ir::slot_id s : ir::slot_support(model, e)) {
      const std::optional<ir::value> v = detail::z3_encoding::to_value(m.eval(encoding.slot_constant(s), true));
      PTMC_INVARIANT(v.has_value(), "slot values are int64 numerals");
      ir::write_bits(state.data(), model.slots[s], ir::encode(model.slots[s], *v));
    }
    return state;
  }

  const ir::model& model;
  z3::context ctx;
  z3::solver solver;
  detail::z3_encoding encoding;
};

encoder::encoder(const ir::model& m, solver_options options) : impl_(std::make_unique<impl>(m, options)) {}
encoder::~encoder() = default;
encoder::encoder(encoder&&) noexcept = default;
encoder& encoder::operator=(encoder&&) noexcept = default;

void encoder::encode(ir::expr_id e) { impl_->encoding.encode(e); }

solver_answer encoder::evaluate(const std::uint64_t* state, ir::expr_id e) {
  const detail::term t = impl_->encoding.encode(e);
  z3::solver& solver = impl_->solver;
  solver.push();
  impl_->assert_state(state, e);
  const z3::check_result r = solver.check();
  PTMC_INVARIANT(r != z3::unsat, "pinning each slot to one value is satisfiable");
  solver_answer a;
  if (r == z3::sat)
    a = impl_->read_answer(t);
  else
    a.reason = solver.reason_unknown();
  solver.pop();
  return a;
}

proof_result encoder::prove(ir::expr_id e) {
  const detail::term t = impl_->encoding.encode(e);
  const z3::expr truth = impl_->encoding.holds(e);
  z3::solver& solver = impl_->solver;
  solver.push();
  for (const ir::slot_id s : ir::slot_support(impl_->model, e)) solver.add(impl_->encoding.slot_range(s));
  // A violation first, then an undefined state: the answer does not depend on which of the two
  // Z3's model happens to show.
  proof_result p;
  p.status = property_status::holds;
  const std::pair<z3::expr, property_status> searches[] = {{t.defined && !truth, property_status::violated},
                                                           {!t.defined, property_status::error}};
  for (const auto& [bad, status] : searches) {
    solver.push();
    solver.add(bad);
    const z3::check_result r = solver.check();
    if (r == z3::sat) {
      p.status = status;
      p.witness = impl_->witness(e);
    } else if (r == z3::unknown && p.status == property_status::holds) {
      p.status = property_status::unknown;
      p.reason = solver.reason_unknown();
    }
    solver.pop();
    if (r == z3::sat) break;
  }
  solver.pop();
  return p;
}

std::string encoder::to_smtlib(ir::expr_id e) {
  const detail::term& t = impl_->encoding.encode(e);
  return "(value " + t.value.to_string() + ")\n(defined " + t.defined.to_string() + ")";
}

}  // namespace ptmc::smt

// Proofs over all well-formed states, property statuses, and the slot support of expressions.
#include "smt/encoder.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "ir/builder.h"
#include "ir/state.h"
#include "ir/support.h"
#include "smt/property_status.h"

namespace ptmc::smt {
namespace {

using ir::expr_id;
using ir::op;

TEST(encoder, prove_uses_the_slot_ranges) {
  ir::builder b("prove");
  const ir::slot_id x = b.add_variable("x", b.type_range(1, 3));  // 2 bits: the code 3 (x = 4) is out of range
  const ir::slot_id pending = b.add_variable("pending", b.type_set(b.type_range(0, 2)));
  const ir::slot_id exit_code = b.add_variable("exit_code", b.type_optional(b.type_range(0, 5)));
  const expr_id in_range = b.le(b.load(x), b.constant(3));
  const expr_id at_most_2 = b.le(b.load(x), b.constant(2));
  const expr_id few = b.le(b.unary(op::set_card, b.load(pending)), b.constant(3));
  const expr_id small_code = b.binary(op::implies, b.lnot(b.unary(op::is_none, b.load(exit_code))),
                                      b.le(b.unary(op::unwrap, b.load(exit_code)), b.constant(5)));
  const expr_id unwraps = b.le(b.unary(op::unwrap, b.load(exit_code)), b.constant(5));
  const ir::model m = b.finish();
  encoder z3(m);

  EXPECT_EQ(z3.prove(in_range).status, property_status::holds);
  EXPECT_EQ(z3.prove(few).status, property_status::holds);
  EXPECT_EQ(z3.prove(small_code).status, property_status::holds);

  const proof_result violated = z3.prove(at_most_2);
  ASSERT_EQ(violated.status, property_status::violated);
  EXPECT_EQ(ir::read_slot(violated.witness.data(), m.slots[x]), 3);

  const proof_result error = z3.prove(unwraps);
  ASSERT_EQ(error.status, property_status::error);
  EXPECT_EQ(ir::read_slot(error.witness.data(), m.slots[exit_code]), ir::none_value);
}

TEST(encoder, evaluate_reports_values_and_errors) {
  ir::builder b("evaluate");
  const ir::slot_id x = b.add_variable("x", b.type_range(-2, 5));
  const expr_id twice = b.add(b.load(x), b.load(x));
  const expr_id inverse = b.binary(op::div, b.constant(10), b.load(x));
  const ir::model m = b.finish();
  encoder z3(m);
  ir::packed_state s(m.state_words(), 0);
  ir::write_bits(s.data(), m.slots[x], ir::encode(m.slots[x], 0));
  EXPECT_EQ(z3.evaluate(s.data(), twice).k, solver_answer::kind::value);
  EXPECT_EQ(z3.evaluate(s.data(), twice).v, 0);
  EXPECT_EQ(z3.evaluate(s.data(), inverse).k, solver_answer::kind::error);
  ir::write_bits(s.data(), m.slots[x], ir::encode(m.slots[x], -2));
  EXPECT_EQ(z3.evaluate(s.data(), twice).v, -4);
  EXPECT_EQ(z3.evaluate(s.data(), inverse).v, -5);
  EXPECT_NE(z3.to_smtlib(inverse).find("s0"), std::string::npos);
}

TEST(property_status, combine_ranks_violated_error_unknown_holds) {
  using s = property_status;
  const s order[] = {s::holds, s::unknown, s::error, s::violated};
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 4; ++j) {
      EXPECT_EQ(combine(order[i], order[j]), order[std::max(i, j)]);
      EXPECT_EQ(combine(order[i], order[j]), combine(order[j], order[i]));
    }
  EXPECT_EQ(to_verdict(s::holds), verdict::holds);
  EXPECT_EQ(to_verdict(s::unknown), verdict::unknown);
  EXPECT_EQ(to_verdict(s::error), verdict::violated);
  EXPECT_EQ(to_verdict(s::violated), verdict::violated);
  EXPECT_EQ(to_string(s::error), "evaluation error");
}

TEST(slot_support, lists_loads_and_every_dynamic_candidate_once) {
  ir::builder b("support");
  const ir::slot_id flag = b.add_variable("flag", b.type_bool());
  const ir::slot_id counts = b.add_variable("counts", b.type_array(b.type_range(0, 3), b.type_range(0, 3)));
  const ir::slot_id level = b.add_variable("level", b.type_range(0, 3));
  const expr_id index = b.load(level);
  const expr_id shared = b.load_dynamic(counts + 1, 2, 2, index);  // slots counts+1, counts+3
  const expr_id e = b.land(b.load(flag), b.eq(shared, b.add(shared, index)));
  const std::uint32_t r = b.new_register();
  const expr_id with_reg = b.eq(b.reg(r), index);
  const ir::model m = b.finish();
  EXPECT_EQ(ir::slot_support(m, e), (std::vector<ir::slot_id>{flag, counts + 1, counts + 3, level}));
  EXPECT_EQ(ir::slot_support(m, index), (std::vector<ir::slot_id>{level}));
  EXPECT_EQ(ir::slot_support(m, with_reg), (std::vector<ir::slot_id>{level}));
  EXPECT_FALSE(ir::reads_registers(m, e));
  EXPECT_TRUE(ir::reads_registers(m, with_reg));
  EXPECT_EQ(ir::operand_count(op::ite), 3u);
  EXPECT_EQ(ir::operand_count(op::load_dynamic), 1u);
  EXPECT_EQ(ir::operand_count(op::set_has), 2u);
  EXPECT_EQ(ir::operand_count(op::reg), 0u);
}

}  // namespace
}  // namespace ptmc::smt

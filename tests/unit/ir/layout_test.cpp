// Layout of every type kind: slot order, widths, encodings, tight bit packing, symmetry bookkeeping.
#include <gtest/gtest.h>

#include <limits>

#include "ir/builder.h"
#include "ir/values.h"

namespace ptmc::ir {
namespace {

// Asserts the slots are packed back to back and state_bits is their sum.
void expect_tightly_packed(const model& m) {
  std::uint32_t offset = 0;
  for (const slot& s : m.slots) {
    EXPECT_EQ(s.bit_offset, offset) << s.path;
    offset += s.width;
  }
  EXPECT_EQ(m.state_bits, offset);
}

TEST(Layout, BitsFor) {
  EXPECT_EQ(bits_for(0), 0);
  EXPECT_EQ(bits_for(1), 0);
  EXPECT_EQ(bits_for(2), 1);
  EXPECT_EQ(bits_for(3), 2);
  EXPECT_EQ(bits_for(4), 2);
  EXPECT_EQ(bits_for(5), 3);
  EXPECT_EQ(bits_for(std::uint64_t{1} << 40), 40);
}

TEST(Layout, Scalars) {
  builder b;
  const slot_id flag = b.add_variable("flag", b.type_bool());
  const slot_id count = b.add_variable("count", b.type_range(3, 10));
  const slot_id fixed = b.add_variable("fixed", b.type_range(5, 5));
  const slot_id sig = b.add_variable("sig", b.type_enum("Sig", {"SIGSTOP", "SIGCONT", "SIGKILL", "SIGUSR1", "SIGUSR2"}));
  const model& m = b.peek();
  EXPECT_EQ(m.slots[flag].width, 1);
  EXPECT_EQ(m.slots[count].width, 3);
  EXPECT_EQ(m.slots[count].lo, 3);
  EXPECT_EQ(m.slots[count].hi, 10);
  EXPECT_EQ(m.slots[fixed].width, 0);
  EXPECT_EQ(m.slots[sig].width, 3);
  EXPECT_EQ(m.slots[sig].path, "sig");
  for (const slot& s : m.slots) EXPECT_EQ(s.encoding, slot_encoding::offset);
  expect_tightly_packed(m);
  EXPECT_EQ(m.state_bits, 7u);
  EXPECT_EQ(m.state_words(), 1u);
}

// The widest ranges: a range of 2^64 values, and an optional of 2^64 - 1 values and none, are
// 64 bits wide; only an optional over all 2^64 int64 values would need more.
TEST(Layout, SixtyFourBitRanges) {
  constexpr value min = std::numeric_limits<value>::min(), max = std::numeric_limits<value>::max();
  EXPECT_EQ(slot_width(min, max, false), 64u);
  EXPECT_EQ(slot_width(min + 1, max, false), 64u);
  EXPECT_EQ(slot_width(min + 1, max, true), 64u);
  EXPECT_EQ(slot_width(min, max - 1, true), 64u);
  EXPECT_EQ(slot_width(min, max, true), 65u);
  EXPECT_EQ(slot_width(0, max, false), 63u);
  EXPECT_EQ(slot_width(-1, max, false), 64u);
  EXPECT_EQ(slot_width(5, 5, false), 0u);
  EXPECT_EQ(slot_width(5, 5, true), 1u);
  EXPECT_EQ(slot_width(3, 10, false), 3u);

  builder b;
  const slot_id flag = b.add_variable("flag", b.type_bool());
  const type_id widest = b.type_range(-max, max);
  const slot_id v = b.add_variable("v", widest);
  const slot_id o = b.add_variable("o", b.type_optional(widest));
  const slot_id whole = b.add_variable("whole", b.type_range(min, max));
  const model& m = b.peek();
  EXPECT_EQ(m.slots[v].width, 64);
  EXPECT_EQ(m.slots[v].bit_offset, 1u);  // astride words 0 and 1
  EXPECT_EQ(m.slots[o].width, 64);
  EXPECT_EQ(m.slots[o].encoding, slot_encoding::optional);
  EXPECT_EQ(m.slots[whole].width, 64);
  EXPECT_EQ(m.types[widest].domain_size(), max);  // saturated: 2^64 - 1 values
  expect_tightly_packed(m);
  EXPECT_EQ(m.state_words(), 4u);
  (void)flag;
  validate(m);
  // -2^63 is none: an optional whose values include it could not tell them apart.
  EXPECT_DEATH(b.type_optional(b.type_range(min, 0)), "exclude none_value");
}

TEST(Layout, SetsIncludingSixtyFourElements) {
  builder b;
  const type_id sig = b.type_enum("Sig", {"A", "B", "C", "D", "E"});
  const slot_id small = b.add_variable("pending", b.type_set(sig));
  const slot_id big = b.add_variable("wide", b.type_set(b.type_range(0, 63)));
  const model& m = b.peek();
  EXPECT_EQ(m.slots[small].encoding, slot_encoding::bitmask);
  EXPECT_EQ(m.slots[small].width, 5);
  EXPECT_EQ(m.slots[big].width, 64);
  EXPECT_EQ(m.slots[big].bit_offset, 5u);  // spans words 0 and 1
  EXPECT_EQ(m.state_words(), 2u);
  expect_tightly_packed(m);
}

TEST(Layout, OptionalScalarAndAggregate) {
  builder b;
  const type_id sig = b.type_enum("Sig", {"A", "B", "C"});
  const slot_id opt = b.add_variable("exit_code", b.type_optional(sig));
  const type_id rec = b.type_record("R", {{"x", b.type_bool()}, {"y", b.type_range(0, 3)}});
  const slot_id orec = b.add_variable("maybe", b.type_optional(rec));
  const model& m = b.peek();
  EXPECT_EQ(m.slots[opt].encoding, slot_encoding::optional);
  EXPECT_EQ(m.slots[opt].width, 2);  // none + 3 values
  EXPECT_EQ(m.variables[1].slot_count, 3u);
  EXPECT_EQ(m.slots[orec].path, "maybe.present");
  EXPECT_EQ(m.slots[orec + 1].path, "maybe.x");
  EXPECT_EQ(m.slots[orec + 2].path, "maybe.y");
  EXPECT_EQ(m.slots[orec + 2].width, 2);
  expect_tightly_packed(m);
}

TEST(Layout, OptionalsLoadWithTheSortOfTheirInnerType) {
  builder b;
  const slot_id flag = b.add_variable("flag", b.type_optional(b.type_bool()));
  const slot_id sigs = b.add_variable("sigs", b.type_optional(b.type_set(b.type_enum("Sig", {"A", "B"}))));
  const slot_id count = b.add_variable("count", b.type_optional(b.type_range(0, 3)));
  const slot_id maybe =
      b.add_variable("maybe", b.type_optional(b.type_record("R", {{"x", b.type_range(0, 3)}})));
  const model& m = b.peek();
  EXPECT_EQ(m.exprs[b.load(flag)].sort, value_sort::boolean);
  EXPECT_EQ(m.exprs[b.load(sigs)].sort, value_sort::set);
  EXPECT_EQ(m.exprs[b.load(count)].sort, value_sort::integer);
  EXPECT_EQ(m.exprs[b.load(maybe)].sort, value_sort::boolean);  // the presence flag
  EXPECT_EQ(m.exprs[b.load(maybe + 1)].sort, value_sort::integer);

  // So `none` takes the inner type's sort: a `bool?` compared with an integer none is ill-sorted.
  b.add_invariant("flag_none", b.eq(b.load(flag), b.none(value_sort::boolean)));
  b.add_invariant("sigs_none", b.eq(b.load(sigs), b.none(value_sort::set)));
  b.add_invariant("count_none", b.eq(b.load(count), b.none()));
  b.add_invariant("flag_true", b.eq(b.load(flag), b.truth(true)));
  b.add_invariant("flag_val", b.unary(op::unwrap, b.load(flag)));
  const model good = b.finish();
  validate(good);

  model bad = good;
  expr_node integer_none;
  integer_none.constant = none_value;
  bad.exprs.push_back(integer_none);
  expr_node eq;
  eq.o = op::eq;
  eq.sort = value_sort::boolean;
  eq.a = bad.exprs[bad.invariants[0].condition].a;  // the load of flag
  eq.b = static_cast<expr_id>(bad.exprs.size() - 1);
  bad.exprs.push_back(eq);
  EXPECT_DEATH(validate(bad), "equality compares values of one sort");
}

TEST(Layout, ArraysRecordsListsInFlatteningOrder) {
  builder b;
  const type_id sig = b.type_enum("Sig", {"STOP", "CONT"});
  const type_id rec = b.type_record("R", {{"state", b.type_range(0, 2)}, {"pending", b.type_set(sig)}});
  const slot_id arr = b.add_variable("task", b.type_array(rec, b.type_range(0, 2)));
  const slot_id lst = b.add_variable("engines", b.type_list(sig, 3));
  const slot_id by_sig = b.add_variable("count", b.type_array(b.type_bool(), sig));
  const model& m = b.peek();
  const std::vector<std::string> expected = {
      "task[0].state", "task[0].pending", "task[1].state", "task[1].pending", "task[2].state", "task[2].pending",
      "engines.length", "engines[0]", "engines[1]", "engines[2]", "count[STOP]", "count[CONT]"};
  ASSERT_EQ(m.slots.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(m.slots[i].path, expected[i]);
  EXPECT_EQ(arr, 0u);
  EXPECT_EQ(lst, 6u);
  EXPECT_EQ(by_sig, 10u);
  EXPECT_EQ(m.slots[lst].hi, 3);
  EXPECT_EQ(m.slots[lst].width, 2);
  EXPECT_EQ(slot_count(m, m.variables[0].type), 6u);
  EXPECT_EQ(slot_count(m, m.variables[1].type), 4u);
  expect_tightly_packed(m);
}

TEST(Layout, SymmetricBookkeeping) {
  builder b;
  const type_id tid = b.type_symmetric("Tid", 3);
  const std::uint32_t d = b.symmetric_domain_of(tid);
  const slot_id leader = b.add_variable("leader", b.type_optional(tid));
  const slot_id stopped = b.add_variable("stopped", b.type_set(tid));
  const type_id rec = b.type_record("T", {{"parent", tid}, {"flag", b.type_bool()}});
  const slot_id task = b.add_variable("task", b.type_array(rec, tid));
  const model& m = b.peek();
  const symmetric_domain& dom = m.symmetric_domains[d];
  EXPECT_EQ(dom.size, 3u);
  ASSERT_EQ(dom.blocks.size(), 1u);
  EXPECT_EQ(dom.blocks[0].first, task);
  EXPECT_EQ(dom.blocks[0].stride, 2u);
  EXPECT_EQ(dom.value_slots, (std::vector<slot_id>{leader, task, task + 2, task + 4}));
  EXPECT_EQ(dom.set_slots, (std::vector<slot_id>{stopped}));
  EXPECT_EQ(m.slots[leader].encoding, slot_encoding::optional);
  EXPECT_EQ(m.slots[task].width, 2);
}

TEST(Layout, ProcessesAndFamilies) {
  builder b;
  const type_id tid = b.type_symmetric("Tid", 2);
  const std::uint32_t tracer = b.add_process("tracer", 5, process_role::program);
  const process_family f = b.add_process_family("thread", b.symmetric_domain_of(tid), 3, {{"ret", b.type_range(0, 2)}});
  b.add_transition(tracer, 0, "go", {}, 1);
  const model m = b.finish();
  EXPECT_EQ(m.processes[tracer].pc_slot, 0u);
  EXPECT_EQ(m.slots[0].hi, 4);
  EXPECT_EQ(m.slots[0].width, 3);
  EXPECT_EQ(m.slots[0].path, "tracer.pc");
  ASSERT_EQ(f.processes.size(), 2u);
  EXPECT_EQ(f.stride, 2u);
  EXPECT_EQ(f.pc_slot(1), f.first_slot + 2);
  EXPECT_EQ(f.local_slot(1, 0), f.first_slot + 3);
  EXPECT_EQ(m.slots[f.local_slot(1, 0)].path, "thread[1].ret");
  EXPECT_EQ(m.processes[f.processes[1]].symmetric_index, 1);
  const symmetric_domain& dom = m.symmetric_domains[0];
  EXPECT_EQ(dom.processes, f.processes);
  ASSERT_EQ(dom.blocks.size(), 1u);
  EXPECT_EQ(dom.blocks[0].first, f.first_slot);
  EXPECT_EQ(m.variables[1].kind, var_kind::pc);
  EXPECT_EQ(m.variables[2].kind, var_kind::local);
}

TEST(Layout, ValidateRejectsBrokenModels) {
  builder b;
  const std::uint32_t p = b.add_process("p", 2);
  b.add_transition(p, 0, "t", {}, 1);
  model good = b.finish();
  validate(good);

  model bad_pc = good;
  bad_pc.transitions[0].pc = 1;  // no longer listed under by_pc[1]
  EXPECT_DEATH(validate(bad_pc), "by_pc");

  model bad_expr = good;
  expr_node n;
  n.o = op::add;
  n.a = 7;  // operand defined after its use
  bad_expr.exprs.push_back(n);
  EXPECT_DEATH(validate(bad_expr), "operands are defined before");

  model bad_sort = good;
  bad_sort.exprs.push_back(expr_node{});  // integer constant
  expr_node neg;
  neg.o = op::logical_not;
  neg.sort = value_sort::boolean;
  neg.a = static_cast<expr_id>(bad_sort.exprs.size() - 1);
  bad_sort.exprs.push_back(neg);
  EXPECT_DEATH(validate(bad_sort), "sort");
}

}  // namespace
}  // namespace ptmc::ir

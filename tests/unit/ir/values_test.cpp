// Encoding and decoding slot values, and structured values of variables.
#include <gtest/gtest.h>

#include "ir/builder.h"
#include "ir/state.h"
#include "ir/values.h"

namespace ptmc::ir {
namespace {

TEST(Values, EncodeDecodeRoundTrips) {
  builder b;
  const slot_id r = b.add_variable("r", b.type_range(-3, 4));
  const slot_id o = b.add_variable("o", b.type_optional(b.type_range(2, 5)));
  const slot_id wide = b.add_variable("wide", b.type_set(b.type_range(0, 63)));
  const model& m = b.peek();
  packed_state s(m.state_words(), 0);
  for (value v = -3; v <= 4; ++v) {
    ASSERT_TRUE(in_range(m.slots[r], v));
    write_bits(s.data(), m.slots[r], encode(m.slots[r], v));
    EXPECT_EQ(read_slot(s.data(), m.slots[r]), v);
  }
  EXPECT_FALSE(in_range(m.slots[r], 5));
  EXPECT_FALSE(in_range(m.slots[r], -4));

  for (const value v : {none_value, value{2}, value{3}, value{5}}) {
    ASSERT_TRUE(in_range(m.slots[o], v));
    write_bits(s.data(), m.slots[o], encode(m.slots[o], v));
    EXPECT_EQ(read_slot(s.data(), m.slots[o]), v);
  }
  EXPECT_EQ(encode(m.slots[o], none_value), 0u);
  EXPECT_FALSE(in_range(m.slots[o], 6));

  for (const std::uint64_t mask : {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{1} << 63, ~std::uint64_t{0},
                                   std::uint64_t{0x8000000000000001ull}}) {
    const auto v = static_cast<value>(mask);
    ASSERT_TRUE(in_range(m.slots[wide], v));
    write_bits(s.data(), m.slots[wide], encode(m.slots[wide], v));
    EXPECT_EQ(read_slot(s.data(), m.slots[wide]), v);
    EXPECT_EQ(read_slot(s.data(), m.slots[r]), 4) << "neighbouring slots are untouched";
  }
}

class ValuesOfVariables : public ::testing::Test {
 protected:
  void SetUp() override {
    const type_id sig = b.type_enum("Sig", {"SIGSTOP", "SIGCONT", "SIGKILL"});
    const type_id tstate = b.type_enum("TState", {"RUNNING", "STOPPED", "TRACED"});
    tid = b.type_symmetric("Tid", 2);
    const type_id task_t = b.type_record("Task", {{"state", tstate},
                                                 {"pending", b.type_set(sig)},
                                                 {"ptraced", b.type_bool()},
                                                 {"exit_code", b.type_optional(sig)}});
    task = b.add_variable("task", b.type_array(task_t, tid));
    queue = b.add_variable("queue", b.type_list(tid, 3));
    maybe = b.add_variable("maybe", b.type_optional(b.type_record("P", {{"who", tid}, {"n", b.type_range(0, 3)}})));
    s.assign(b.peek().state_words(), 0);
  }

  void set(slot_id slot, value v) { write_bits(s.data(), b.peek().slots[slot], encode(b.peek().slots[slot], v)); }
  std::string text(std::size_t var) {
    return to_text(read_variable(b.peek(), s.data(), b.peek().variables[var]));
  }

  builder b;
  type_id tid = 0;
  slot_id task = 0, queue = 0, maybe = 0;
  packed_state s;
};

TEST_F(ValuesOfVariables, AllZeroState) {
  EXPECT_EQ(text(0),
            "[Tid(0): {state: RUNNING, pending: {}, ptraced: false, exit_code: none}, "
            "Tid(1): {state: RUNNING, pending: {}, ptraced: false, exit_code: none}]");
  EXPECT_EQ(text(1), "[]");
  EXPECT_EQ(text(2), "none");
}

TEST_F(ValuesOfVariables, StructuredDecoding) {
  set(task + 4 + 0, 2);        // task[1].state = TRACED
  set(task + 4 + 1, 0b101);    // task[1].pending = {SIGSTOP, SIGKILL}
  set(task + 4 + 2, 1);        // task[1].ptraced
  set(task + 4 + 3, 1);        // task[1].exit_code = SIGCONT
  set(queue, 2);
  set(queue + 1, 1);
  set(queue + 2, 0);
  set(maybe, 1);
  set(maybe + 1, 1);
  set(maybe + 2, 3);
  EXPECT_EQ(text(0),
            "[Tid(0): {state: RUNNING, pending: {}, ptraced: false, exit_code: none}, "
            "Tid(1): {state: TRACED, pending: {SIGSTOP, SIGKILL}, ptraced: true, exit_code: SIGCONT}]");
  EXPECT_EQ(text(1), "[Tid(1), Tid(0)]");
  EXPECT_EQ(text(2), "{who: Tid(1), n: 3}");

  const structured_value v = read_variable(b.peek(), s.data(), b.peek().variables[0]);
  ASSERT_EQ(v.k, structured_value::kind::array);
  ASSERT_EQ(v.elems.size(), 2u);
  ASSERT_EQ(v.fields.size(), 2u);
  EXPECT_EQ(v.fields[1].first, "Tid(1)");
  const structured_value& t1 = v.elems[1];
  ASSERT_EQ(t1.k, structured_value::kind::record);
  EXPECT_EQ(t1.fields[0].second.name, "TRACED");
  EXPECT_EQ(t1.fields[0].second.scalar, 2);
  EXPECT_EQ(t1.fields[1].second.elems.size(), 2u);
  EXPECT_EQ(t1.fields[3].second.k, structured_value::kind::some);
  EXPECT_EQ(t1.fields[3].second.elems[0].name, "SIGCONT");
}

TEST(Values, SixtyFourElementSetText) {
  builder b;
  const slot_id wide = b.add_variable("wide", b.type_set(b.type_range(0, 63)));
  const model& m = b.peek();
  packed_state s(m.state_words(), 0);
  write_bits(s.data(), m.slots[wide], (std::uint64_t{1} << 63) | 2);
  EXPECT_EQ(to_text(read_variable(m, s.data(), m.variables[0])), "{1, 63}");
}

}  // namespace
}  // namespace ptmc::ir

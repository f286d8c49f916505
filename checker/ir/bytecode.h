// The compiled form of IR programs: a flat array of fixed-size instructions over a value stack.
// Internal to exec.cpp and its tests; other modules use compiled_model / executor (exec.h).
#pragma once

#include <cstdint>

#include "ir/ir.h"

namespace ptmc::ir::detail {

// Operand conventions: `r` is the state read, `w` the state written (the same buffer in effects),
// `sp` the value stack. Fields not listed are unused.
enum class opcode : std::uint8_t {
  // ---- expressions: push one value
  push_const,      // lo
  push_reg,        // regs[a]
  load_word,       // ((r[a] >> shift) & mask) + lo                  offset or bitmask slot in one word
  load_optional,   // bits = (r[a] >> shift) & mask; 0 ? none : bits - 1 + lo
  load_slot,       // the slot table entry b (a slot spanning two words)
  load_dynamic,    // pop i; 0 <= i < a else error; slot table entry b + i * mask; c = expr id
  // ---- unary and binary operators on the stack top (c = expr id where an error is possible)
  logical_not, to_bool, negate,
  add, sub, mul, div, mod,
  eq, ne, lt, le, gt, ge,
  set_union, set_inter, set_diff, set_has, set_singleton, set_card, set_min, set_max,
  is_none, unwrap,
  // ---- control
  jump,            // pc = a
  jump_if_false,   // pop; if 0: pc = a
  and_jump,        // top == 0: pc = a (keep the 0); else pop
  or_jump,         // top != 0: top = 1, pc = a; else pop
  implies_jump,    // top == 0: top = 1, pc = a; else pop
  // ---- fused forms of common guards
  slot_eq_const,   // push (((r[a] >> shift) & mask) == hi)          load_word(slot) == constant, raw bits
  assume_slot_eq,  // if ((r[a] >> shift) & mask) != hi: disabled     assume(load_word(slot) == constant)
  // ---- statements
  store_word,      // pop v; lo <= v <= hi else error; bits v - lo at w[a], shift, mask; c = slot id
  store_optional,  // pop v; none -> 0, else lo <= v <= hi and bits v - lo + 1; c = slot id
  store_mask,      // pop v; (v & ~mask) == 0 else error; bits v at w[a], shift; c = slot id
  store_slot,      // pop v; the slot table entry b (spanning two words); c = slot id
  store_const,     // w[a] = (w[a] & ~(mask << shift)) | (bits lo << shift)   (range checked at compile time)
  store_dynamic,   // pop v, pop i; 0 <= i < a else error; slot table entry b + i * mask
  set_reg,         // regs[a] = pop
  assume,          // pop; 0 -> the run is disabled
  assert_,         // pop; 0 -> error messages[a]
  choose,          // regs[a] = the next choice in 0..b-1
  emit,            // event a with the top b values as arguments (pushed in order), popped
  fail,            // error messages[a]
  end,             // the run is complete; an expression leaves its value at stack[0]
};

struct instr {
  opcode code = opcode::end;
  std::uint8_t shift = 0;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  std::uint32_t c = 0;
  std::uint64_t mask = 0;
  value lo = 0;
  value hi = 0;
};

// A slot with its word position resolved, for dynamic access.
struct slot_desc {
  std::uint32_t word = 0;
  std::uint8_t shift = 0;
  std::uint8_t width = 0;
  bool split = false;          // spans two words
  slot_encoding encoding = slot_encoding::offset;
  std::uint64_t mask = 0;      // width bits
  value lo = 0, hi = 0;
};

}  // namespace ptmc::ir::detail

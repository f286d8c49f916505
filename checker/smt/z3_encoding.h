// Private to smt/: the Z3 encoding of IR expressions. Includes z3++.h, so no other module may
// include this header (the layering test enforces it); the public headers use pimpl.
#pragma once

#include <z3++.h>

#include <deque>
#include <optional>
#include <vector>

#include "ir/ir.h"

namespace ptmc::smt::detail {

// The int64 values a term may take where it is defined: [lo, hi], plus none_value if `or_none`.
// Used to keep the encoding small (ite chains only over reachable indices) and free of needless
// overflow conditions (none where the range shows that the result is an integer).
struct value_range {
  ir::value lo = 0;
  ir::value hi = 0;
  bool or_none = false;
};

// A partial value with its Z3 encoding. `value` means something only where `defined` holds;
// `defined` is false exactly where the reference evaluator (ir/exec.h) reports a model error.
// The Z3 sort of `value` is Bool, Int or a 64-bit bit-vector; whichever it is, it stands for the
// evaluator's int64 (Bool: 0/1; bit-vector: its 64 bits in two's complement).
struct term {
  z3::expr value;
  z3::expr defined;
  value_range range;
};

// Encodes expressions of one model over one constant per slot (`s<slot id>`, holding the slot's
// decoded value). Sorts: boolean slots are Bool; sets and optional sets 64-bit bit-vectors (none
// is the bit pattern of ir::none_value); all other slots, and integer results, Int. Integer
// results agree with the evaluator's exact arithmetic everywhere: the encoding is exact Int
// arithmetic, undefined (a model error) where the result is not an integer (base/checked_int.h);
// that condition is added only where the value ranges admit an overflow.
// Encodings are memoised by expression id, so shared subexpressions are encoded once.
class z3_encoding {
 public:
  z3_encoding(z3::context& ctx, const ir::model& m);

  // The encoding of expression e. A `reg` node anywhere in e breaks a PTMC_INVARIANT: invariant
  // expressions are register-free once the lowering has unrolled their quantifiers.
  const term& encode(ir::expr_id e);

  // The truth of a property: defined and non-zero.
  z3::expr holds(ir::expr_id e);

  // The constant standing for slot s's decoded value, in the slot's sort.
  z3::expr slot_constant(ir::slot_id s);

  // The values slot s holds in well-formed states: its declared range (bitmask: the mask width),
  // or none if the slot is optional.
  z3::expr slot_range(ir::slot_id s);

  // The literal for decoded value v of slot s, in the slot's sort.
  z3::expr slot_literal(ir::slot_id s, ir::value v);

  // The IR value of a Z3 numeral of any of the three sorts (Bool: 0/1; a bit-vector: its 64 bits
  // as an int64), or nullopt if it is not such a numeral or does not fit in an int64.
  static std::optional<ir::value> to_value(const z3::expr& numeral);

  z3::context& context() { return ctx_; }
  const ir::model& model() const { return model_; }

 private:
  term encode_node(const ir::expr_node& n);
  term encode_constant(const ir::expr_node& n);
  term encode_load(ir::slot_id s);
  term encode_load_dynamic(const ir::expr_node& n);
  term encode_not(const ir::expr_node& n);
  term encode_negate(const ir::expr_node& n);
  term encode_add_sub_mul(const ir::expr_node& n);
  term encode_div_mod(const ir::expr_node& n);
  term encode_equality(const ir::expr_node& n);
  term encode_order(const ir::expr_node& n);
  term encode_logical(const ir::expr_node& n);
  term encode_ite(const ir::expr_node& n);
  term encode_set_binary(const ir::expr_node& n);
  term encode_set_has(const ir::expr_node& n);
  term encode_singleton(const ir::expr_node& n);
  term encode_card(const ir::expr_node& n);
  term encode_min_max(const ir::expr_node& n);
  term encode_is_none(const ir::expr_node& n);
  term encode_unwrap(const ir::expr_node& n);

  // A total boolean result (defined where the operands are).
  term boolean(z3::expr value, z3::expr defined);
  // Exact integer `value` known to be an integer if `fits` (then in `range`); otherwise defined
  // only where it is one.
  term integer(z3::expr value, z3::expr defined, bool fits, value_range range);

  // Conversions between the three sorts under the evaluator's int64 reading of each.
  z3::expr as_bool(const z3::expr& v);
  z3::expr as_int(const z3::expr& v);
  z3::expr as_set(const z3::expr& v);
  z3::expr bit(const z3::expr& set, unsigned i);
  // Both values in one sort (their own if it is the same; otherwise Int, or a bit-vector for a
  // Bool and a bit-vector), for equality and for the branches of ite and load_dynamic.
  std::pair<z3::expr, z3::expr> unify(const z3::expr& a, const z3::expr& b);

  enum class slot_sort { boolean, integer, set };
  slot_sort sort_of_slot(ir::slot_id s) const;

  z3::context& ctx_;
  const ir::model& model_;
  std::deque<std::optional<term>> encoded_;  // by expression id; a deque, so growing it keeps
                                             // the references encode() returned valid
  std::vector<std::optional<z3::expr>> slot_consts_;  // by slot id
};

}  // namespace ptmc::smt::detail

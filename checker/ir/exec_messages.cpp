#include "ir/exec_messages.h"

#include <cstdio>

#include "base/invariant.h"

namespace ptmc::ir::detail {
namespace {

std::string value_text(value v) { return v == none_value ? std::string("none") : std::to_string(v); }

std::string hex(std::uint64_t bits) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(bits));
  return buf;
}

}  // namespace

std::string index_error(const model& m, slot_id base, std::uint32_t count, value index) {
  return "index " + value_text(index) + " outside 0.." + std::to_string(static_cast<std::int64_t>(count) - 1) +
         " (array element at " + m.slots[base].path + ")";
}

std::string expression_error(const model& m, expr_id e, value v) {
  const expr_node& n = m.exprs[e];
  switch (n.o) {
    // An integer result outside -(2^63 - 1)..2^63 - 1 (base/checked_int.h). Division fails with
    // its divisor: 0 for a division by zero, 1 or -1 for an overflow.
    case op::negate: return "integer overflow in unary -";
    case op::add: return "integer overflow in +";
    case op::sub: return "integer overflow in -";
    case op::mul: return "integer overflow in *";
    case op::div: return v == 0 ? "division by zero" : "integer overflow in /";
    case op::mod: return "modulo by zero";
    case op::unwrap: return "unwrap of none";
    case op::set_min: return "set_min of the empty set";
    case op::set_max: return "set_max of the empty set";
    case op::set_singleton: return "set element " + value_text(v) + " outside 0..63";
    case op::load_dynamic: return index_error(m, n.slot, n.count, v);
    default: PTMC_UNREACHABLE("expression_error: this op cannot fail");
  }
}

std::string store_error(const model& m, slot_id s, value v) {
  const slot& sl = m.slots[s];
  if (sl.encoding == slot_encoding::bitmask)
    return "store of " + hex(static_cast<std::uint64_t>(v)) + " outside the " + std::to_string(sl.width) +
           "-element set " + sl.path;
  return "store of " + value_text(v) + " outside the range " + std::to_string(sl.lo) + ".." + std::to_string(sl.hi) +
         " of " + sl.path;
}

}  // namespace ptmc::ir::detail

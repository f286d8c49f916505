// Structured values of variables, decoded from packed states (for traces, reports, DOT).
//
// Flattening order (the layout every module relies on): a variable's slots are its leaves,
// depth first:
//   bool, range, enumeration, symmetric, set      -> 1 slot
//   optional of a scalar (any of the above)       -> 1 slot, optional encoding
//   optional of an aggregate                      -> a bool presence slot, then the inner leaves
//   array T[D]                                    -> the leaves of T for each index in domain order
//   record                                        -> the leaves of each field in declaration order
//   list<T, N>                                    -> a length slot (0..N), then N x the leaves of T
//                                                    (elements at or beyond the length are zero)
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"

namespace ptmc::ir {

struct structured_value {
  enum class kind { boolean, integer, enumeration, symmetric, set, array, record, list, none, some };
  kind k = kind::integer;
  value scalar = 0;                                   // boolean/integer/enumeration/symmetric
  std::string name;                                   // enumeration constant, "Tid(1)"
  std::vector<structured_value> elems;                // set members, array elements, list items, some: [inner]
  std::vector<std::pair<std::string, structured_value>> fields;  // record; array: index names
};

// The number of slots a value of type `t` occupies in the order above.
std::uint32_t slot_count(const model& m, type_id t);

// Decodes a variable from a packed state.
structured_value read_variable(const model& m, const std::uint64_t* state, const variable& var);

// C-like text: `{SIGSTOP, SIGCONT}`, `{state: RUNNING, pending: {}}`, `[Tid(0): ..., Tid(1): ...]`.
std::string to_text(const structured_value& v);

}  // namespace ptmc::ir

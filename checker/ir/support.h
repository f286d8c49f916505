// Which slots an expression reads (its support), and the operand shape of each expression op.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/ir.h"

namespace ptmc::ir {

// The number of operands (a, b, c in order) an expression node of op `o` uses: 0 for constant,
// load and reg; 1 for load_dynamic (its index) and the unary ops; 3 for ite; 2 otherwise.
std::uint32_t operand_count(op o);

// The slots expression `e` may read, sorted and without duplicates: every `load` slot and, for
// each `load_dynamic`, all `count` candidate slots `slot + i*stride` whatever the index's value.
// Shared subexpressions are visited once; expression ids must be valid indices into m.exprs.
std::vector<slot_id> slot_support(const model& m, expr_id e);

// Whether expression `e` contains a `reg` node (it then depends on step-local registers).
bool reads_registers(const model& m, expr_id e);

}  // namespace ptmc::ir

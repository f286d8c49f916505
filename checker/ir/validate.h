// Well-formedness of hand-built or lowered IR.
#pragma once

#include "ir/ir.h"

namespace ptmc::ir {

// Checks that a model is well formed and aborts through PTMC_INVARIANT if not: ids in range,
// expression operands defined before use (operand id < expression id, so expressions form a DAG),
// operand sorts consistent with each op, slots inside state_bits and not overlapping, pc slots
// ranging over 0..pc_count-1, every transition listed under its own (process, pc), events called
// with their declared arity, symmetric domains well formed.
void validate(const model& m);

}  // namespace ptmc::ir

// The texts of model errors, shared by the reference evaluator and the compiled executor so both
// report the same message for the same failure. Internal to the ir module.
#pragma once

#include <string>

#include "ir/ir.h"

namespace ptmc::ir::detail {

// The error of expression `e` (div, mod, unwrap, set_min, set_max, set_singleton, load_dynamic)
// with offending value `v` (the index or element; unused otherwise).
std::string expression_error(const model& m, expr_id e, value v);

// An index outside 0..count-1 for the dynamic access based at slot `base`.
std::string index_error(const model& m, slot_id base, std::uint32_t count, value index);

// A store of `v` outside the range of slot `s`.
std::string store_error(const model& m, slot_id s, value v);

}  // namespace ptmc::ir::detail

// A hand-built model with a variable of every value type, and traces over it, for the report tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "explore/trace.h"
#include "ir/ir.h"
#include "report/itf.h"

namespace ptmc::report::fixture {

// The model: enums Sig and TState, symmetric Tid (2 ids), globals of every type (bool, range,
// enum, symmetric, set, array over Tid of records, list, optional scalar, optional record), a
// tracer process and a thread[Tid] family, and events with parameters of several types.
ir::model make_model();

// A 3-step invariant violation: attach, stop (with a choice), detach.
explore::trace make_violation_trace(const ir::model& m);

// A lasso: attach, stop, continue, returning to the state after attach.
explore::trace make_lasso_trace(const ir::model& m);

// Fixed meta data (version pinned, so golden files do not change with releases).
trace_meta make_meta(const ir::model& m, const explore::trace& t);

// Compares `actual` with a golden file byte for byte; with PTMC_UPDATE_GOLDEN=1 rewrites the file.
::testing::AssertionResult matches_golden_file(const std::filesystem::path& path, std::string_view actual);

// tests/golden/<phase>/<case_name>/<file>.
std::filesystem::path golden_path(std::string_view phase, std::string_view case_name, std::string_view file);

}  // namespace ptmc::report::fixture

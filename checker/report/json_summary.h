// A machine-readable summary of a check (ptmc check --json): runs, then every property verdict.
#pragma once

#include <string>

#include "report/summary.h"

namespace ptmc::report {

// Deterministic JSON (2-space indentation, fixed key order, trailing newline). Timing fields
// appear only where the summary carries them (solver_seconds / seconds >= 0).
std::string to_json_summary(const check_summary& summary);

}  // namespace ptmc::report

// Check results as SARIF 2.1.0 (static analysis results; GitHub code scanning and IDEs show them).
#pragma once

#include <string>

#include "report/summary.h"

namespace ptmc::report {

// One run of tool "ptmc" with one rule per property (id = property name, description = its doc).
// Each violated property gives a result (level "error", kind "fail") located at the model
// file:line:col of the violating step, with the counterexample path in its message and its
// "properties"; each unknown one a result of kind "open" (level "warning"), so that an
// incomplete search is never read as a pass. Holding properties give no result. The run's
// "properties" record the model, parameters and whether the search was complete.
// Deterministic, 2-space indentation, ends with a newline.
std::string to_sarif_json(const check_summary& summary);

}  // namespace ptmc::report

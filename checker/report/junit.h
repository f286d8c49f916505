// Check results as JUnit XML, the test report format CI systems (GitLab, Jenkins, ...) display.
#pragma once

#include <string>

#include "report/summary.h"

namespace ptmc::report {

// One <testsuites> holding one <testsuite> named after the model, with run properties (ptmc
// version, model file, complete, params) and one <testcase> per property or scenario condition
// (classname "<model>.<kind>"): a holding one passes; a violated one has a <failure> (message,
// counterexample path and model location); an unknown one has an <error>, since an incomplete
// search is not a pass. Deterministic: no timestamps, no times; text is made valid XML
// (escaped, control characters and bytes that are not UTF-8 shown as \xNN). Ends with a newline.
std::string to_junit_xml(const check_summary& summary);

}  // namespace ptmc::report

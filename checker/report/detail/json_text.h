// Private to report/: the JSON text layout shared by every JSON file ptmc writes (ITF, SARIF).
// Includes nlohmann/json, so no header outside report/detail/ may include this one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace ptmc::report::detail {

using json = nlohmann::ordered_json;

// The value as a JSON document: 2-space indentation, members in insertion order, a value that
// fits on its line (100 columns) kept on one line, a trailing newline. The same value always
// gives the same bytes. Strings that are not valid UTF-8 have the bad bytes replaced by U+FFFD.
std::string to_json_text(const json& value);

// The value on one line, with ", " and ": " separators.
std::string to_compact_json_text(const json& value);

}  // namespace ptmc::report::detail

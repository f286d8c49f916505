// Private to report/: small text helpers shared by the readers and renderers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ptmc::report::detail {

// The text with control characters (C0, DEL, C1) and bytes that are not well-formed UTF-8 shown as
// \xNN, so that input cannot drive a terminal. Printable UTF-8 is kept.
std::string printable(std::string_view text);

// The parts with `separator` between them.
std::string join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace ptmc::report::detail

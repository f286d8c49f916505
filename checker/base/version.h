// The ptmc version, taken from the CMake project version.
#pragma once

#include <string_view>

namespace ptmc {

// The release number, e.g. "0.1.0"; `ptmc --version` prints "ptmc <version()>".
std::string_view version();

}  // namespace ptmc

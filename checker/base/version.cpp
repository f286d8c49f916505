#include "base/version.h"

#ifndef PTMC_VERSION_STRING
#error "PTMC_VERSION_STRING must be defined by the build (checker/base/CMakeLists.txt)"
#endif

namespace ptmc {

std::string_view version() { return PTMC_VERSION_STRING; }

}  // namespace ptmc

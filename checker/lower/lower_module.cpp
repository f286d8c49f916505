// Placeholder so the ptmc_lower library exists before the module has code of its own.
#include <string_view>

namespace ptmc::lower {

// The module's name; lets tests and tools see that the library is linked.
std::string_view module_name() { return "lower"; }

}  // namespace ptmc::lower

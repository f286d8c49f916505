// Placeholder so the ptmc_ir library exists before the module has code of its own.
#include <string_view>

namespace ptmc::ir {

// The module's name; lets tests and tools see that the library is linked.
std::string_view module_name() { return "ir"; }

}  // namespace ptmc::ir

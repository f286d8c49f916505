#include "smt/property_status.h"

#include "base/invariant.h"

namespace ptmc::smt {

namespace {

int strength(property_status s) {
  switch (s) {
    case property_status::holds: return 0;
    case property_status::unknown: return 1;
    case property_status::error: return 2;
    case property_status::violated: return 3;
  }
  PTMC_UNREACHABLE("property_status has four values");
}

}  // namespace

property_status combine(property_status a, property_status b) { return strength(a) >= strength(b) ? a : b; }

std::string_view to_string(property_status s) {
  switch (s) {
    case property_status::holds: return "holds";
    case property_status::violated: return "violated";
    case property_status::unknown: return "unknown";
    case property_status::error: return "evaluation error";
  }
  PTMC_UNREACHABLE("property_status has four values");
}

verdict to_verdict(property_status s) {
  switch (s) {
    case property_status::holds: return verdict::holds;
    case property_status::violated:
    case property_status::error: return verdict::violated;
    case property_status::unknown: return verdict::unknown;
  }
  PTMC_UNREACHABLE("property_status has four values");
}

}  // namespace ptmc::smt

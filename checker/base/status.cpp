#include "base/status.h"

#include "base/invariant.h"

namespace ptmc {

namespace {

// violated > unknown > vacuous > holds: a counterexample is definite, an incomplete search is not a
// proof, and a vacuous property is worth a look even when everything else holds.
int strength(verdict v) {
  switch (v) {
    case verdict::holds:
      return 0;
    case verdict::vacuous:
      return 1;
    case verdict::unknown:
      return 2;
    case verdict::violated:
      return 3;
  }
  PTMC_UNREACHABLE("verdict has four values");
}

}  // namespace

verdict combine(verdict a, verdict b) { return strength(a) >= strength(b) ? a : b; }

verdict cut_short(verdict v) { return v == verdict::violated ? verdict::violated : verdict::unknown; }

std::string_view to_string(verdict v) {
  switch (v) {
    case verdict::holds:
      return "holds";
    case verdict::violated:
      return "violated";
    case verdict::unknown:
      return "unknown";
    case verdict::vacuous:
      return "vacuous";
  }
  PTMC_UNREACHABLE("verdict has four values");
}

int exit_code(run_outcome outcome) {
  switch (outcome) {
    case run_outcome::all_hold:
      return 0;
    case run_outcome::violation:
      return 1;
    case run_outcome::bad_input:
      return 2;
    case run_outcome::limit_reached:
      return 3;
  }
  PTMC_UNREACHABLE("run_outcome has four values");
}

run_outcome outcome_of(verdict combined, vacuity_policy vacuity) {
  switch (combined) {
    case verdict::holds:
      return run_outcome::all_hold;
    case verdict::vacuous:
      return vacuity == vacuity_policy::fail ? run_outcome::violation : run_outcome::all_hold;
    case verdict::violated:
      return run_outcome::violation;
    case verdict::unknown:
      return run_outcome::limit_reached;
  }
  PTMC_UNREACHABLE("verdict has four values");
}

}  // namespace ptmc

#include "base/status.h"

#include "base/invariant.h"

namespace ptmc {

namespace {

// violated > unknown > holds: a counterexample is definite, an incomplete search is not a proof.
int strength(verdict v) {
  switch (v) {
    case verdict::holds:
      return 0;
    case verdict::unknown:
      return 1;
    case verdict::violated:
      return 2;
  }
  PTMC_UNREACHABLE("verdict has three values");
}

}  // namespace

verdict combine(verdict a, verdict b) { return strength(a) >= strength(b) ? a : b; }

std::string_view to_string(verdict v) {
  switch (v) {
    case verdict::holds:
      return "holds";
    case verdict::violated:
      return "violated";
    case verdict::unknown:
      return "unknown";
  }
  PTMC_UNREACHABLE("verdict has three values");
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

run_outcome outcome_of(verdict combined) {
  switch (combined) {
    case verdict::holds:
      return run_outcome::all_hold;
    case verdict::violated:
      return run_outcome::violation;
    case verdict::unknown:
      return run_outcome::limit_reached;
  }
  PTMC_UNREACHABLE("verdict has three values");
}

}  // namespace ptmc

// Verdicts and the one mapping from a run's outcome to the process exit code.
#pragma once

#include <string_view>

namespace ptmc {

// The verdict on one property or scenario condition.
enum class verdict {
  holds,      // explored in full and never violated
  violated,   // a counterexample exists
  unknown,    // the search was cut short or a solver answered unknown; never folded into holds
  vacuous,    // explored in full and never violated, but only because its premise never holds (the
              // trigger P of P ~> Q, the antecedent A of an invariant A -> B): it proves nothing
};

// Combines verdicts of several checks: violated beats unknown beats vacuous beats holds.
verdict combine(verdict a, verdict b);
std::string_view to_string(verdict v);

// The verdict of a check that saw only part of what it had to (a limit cut the search short, or the
// deadline passed while the check ran): a violation stays violated, because its counterexample is
// real; anything else, holds and vacuous included, is unknown.
verdict cut_short(verdict v);

// What a whole run ended with.
enum class run_outcome {
  all_hold,         // exit 0
  violation,        // exit 1: a property is violated or a scenario condition fails
  bad_input,        // exit 2: bad input or usage
  limit_reached,    // exit 3: a resource limit stopped the search (search incomplete)
};

// The only place exit codes are decided.
int exit_code(run_outcome outcome);

// Whether a vacuous verdict fails a run (`ptmc check --fail-vacuous`).
enum class vacuity_policy { pass, fail };

// A run's outcome from the combined verdict of its checks: holds -> all_hold,
// violated -> violation, unknown -> limit_reached, vacuous -> all_hold (vacuity_policy::pass) or
// violation (vacuity_policy::fail).
run_outcome outcome_of(verdict combined, vacuity_policy vacuity = vacuity_policy::pass);

}  // namespace ptmc

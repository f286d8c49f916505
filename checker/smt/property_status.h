// The status of one property over the states checked so far: the three verdicts plus evaluation
// errors, kept apart from violations so a report can say which it was.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/status.h"

namespace ptmc::smt {

enum class property_status : std::uint8_t {
  holds,     // true in every state checked
  violated,  // false in some state
  unknown,   // Z3 could not decide some state (timeout, resource limit); never folded into holds
  error,     // undefined in some state: evaluating it there is a model error (division by zero,
             // unwrap of none, min/max of the empty set, a dynamic index out of range)
};

// The status of a property after two sets of states: violated > error > unknown > holds, so a
// definite counterexample is never hidden and nothing undecided ever reads as holds.
property_status combine(property_status a, property_status b);

std::string_view to_string(property_status s);

// The run-level verdict: an error counts as violated (the property is not true in a reachable
// state, and a trace leads there); unknown stays unknown.
verdict to_verdict(property_status s);

}  // namespace ptmc::smt

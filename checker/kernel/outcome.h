// Outcomes of scenario runs on the kernel, and the final conditions evaluated on them.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "lang/ast.h"

namespace ptmc::kernel {

// What one run showed: each register and bound observation by name ("parent.r0", "fate"), with
// the model's name for its value (or "unmapped: ..."). A run where a program was still blocked at
// its deadline is a hang: `values` then holds the registers assigned before it and the
// observations at the deadline, and `blocked` says which program waited in which statement.
struct outcome {
  std::map<std::string, std::string> values;
  bool hang = false;
  std::string blocked;   // "debugger at m26.ptl:20:3 r3 = waitpid(...)"; "" unless hang
  // A harness failure (the run could not be carried out as the scenario says): never matches
  // anything, and is reported as an error of the run.
  std::string harness_error;

  bool operator<(const outcome& o) const;
  bool operator==(const outcome& o) const;
};

// The listing text of an outcome: "name=value; ..." in the order of `names`, then the hang or
// harness note.
std::string outcome_text(const outcome& o, const std::vector<std::string>& names);

// The value of a condition on one outcome: true/false, or nullopt when it reads a register or
// observation the outcome does not have.
std::optional<bool> evaluate(const lang::expr& condition, const std::map<std::string, std::string>& values);

// A final condition's verdict over the completed (not hung) outcomes, as `ptmc outcomes` decides
// it: exists holds when one satisfies it, forall when all do, ~exists when none does; a forall or
// ~exists over no completed outcome is vacuous. A condition that cannot be evaluated on some
// outcome is unknown unless decided by the others.
verdict condition_verdict(lang::condition_kind kind, const lang::expr& condition,
                          const std::vector<const outcome*>& completed);

// "exists (c)", "forall (c)", "~exists (c)".
std::string condition_text(const lang::decl& condition);

}  // namespace ptmc::kernel

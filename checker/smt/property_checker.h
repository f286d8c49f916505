// Discharging state properties with Z3, once per distinct projection of the states onto the
// slots each property reads.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ir/ir.h"
#include "smt/encoder.h"
#include "smt/property_status.h"

namespace ptmc::smt {

// A property to check in every state: a register-free boolean expression of the model.
struct property_spec {
  std::string name;       // names the Z3 answer literal and the report
  ir::expr_id condition = 0;
};

// What is known of one property after the states checked so far.
struct property_report {
  std::string name;
  ir::expr_id condition = 0;
  std::vector<ir::slot_id> support;          // the slots it reads, sorted
  property_status status = property_status::holds;
  std::optional<std::uint64_t> first_violation;  // the caller's index of the first state violating it
  std::optional<std::uint64_t> first_error;      // ... of the first state where it is undefined
  std::optional<std::uint64_t> first_unknown;    // ... of the first state Z3 could not decide
  std::string unknown_reason;                    // Z3's reason for the first unknown
  std::uint64_t states_checked = 0;
  std::uint64_t projections_discharged = 0;      // distinct projections sent to Z3 (one query each)
  std::chrono::nanoseconds solver_time{0};       // wall time spent in Z3 for this property
};

// Checks properties on states one at a time. Each property is encoded once; each state is
// projected onto the property's support (the slots' stored bits, packed) and looked up in a
// per-property cache; only a new projection costs a Z3 query: push, pin the support slots to the
// projection's values, assert the negation of (defined and property) under an answer literal
// named after the property, check, pop. unsat: holds; sat: violated, or error where the property
// is undefined; unknown: unknown (and cached as such). The model must outlive the checker.
// Not thread-safe.
class property_checker {
 public:
  property_checker(const ir::model& m, std::vector<property_spec> properties, solver_options options = {});
  ~property_checker();
  property_checker(property_checker&&) noexcept;
  property_checker& operator=(property_checker&&) noexcept;

  // A checker for every invariant of the model, in model order.
  static property_checker for_invariants(const ir::model& m, solver_options options = {});

  // Checks every property on `state` (model::state_words() words), which the caller calls state
  // number `state_index`; returns whether all of them hold there.
  bool check(const std::uint64_t* state, std::uint64_t state_index);

  // Checks property `property` on one state and returns its status there.
  property_status check_one(std::size_t property, const std::uint64_t* state, std::uint64_t state_index);

  std::size_t property_count() const;
  const property_report& report(std::size_t property) const;

  // Z3 check() calls made so far, over all properties (each is one discharged projection).
  std::uint64_t solver_calls() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ptmc::smt

// Z3's reading of IR expressions on states: the value of an expression on one state, and whether
// a property holds on every well-formed state. The public face of the encoding in z3_encoding.h;
// no Z3 type appears here.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "ir/ir.h"
#include "ir/state.h"
#include "smt/property_status.h"

namespace ptmc::smt {

struct solver_options {
  std::chrono::milliseconds timeout{10'000};  // per Z3 query
};

// What Z3 says an expression is on one state.
struct solver_answer {
  enum class kind : std::uint8_t {
    value,      // defined, equal to `v` (and to nothing else)
    error,      // undefined: the reference evaluator reports a model error on this state
    unknown,    // Z3 answered unknown (`reason` says why)
    ambiguous,  // the encoding does not pin the value down: a bug in the encoding
  };
  kind k = kind::unknown;
  ir::value v = 0;
  std::string reason;
};

// The outcome of proving a property over all well-formed states.
struct proof_result {
  property_status status = property_status::unknown;  // holds, violated, error or unknown
  ir::packed_state witness;  // violated / error: a state showing it (slots the property does not
                             // read are zero); empty otherwise
  std::string reason;        // unknown: Z3's reason
};

// Owns a Z3 context and solver over one model, which must outlive it. Not thread-safe.
class encoder {
 public:
  explicit encoder(const ir::model& m, solver_options options = {});
  ~encoder();
  encoder(encoder&&) noexcept;
  encoder& operator=(encoder&&) noexcept;

  // Encodes expression e (memoised). Breaks a PTMC_INVARIANT if e reads a register: properties
  // are register-free once the lowering has unrolled their quantifiers.
  void encode(ir::expr_id e);

  // e's value on `state` according to Z3: asserts the decoded values of the slots e reads,
  // solves, reads the model, and checks with a second query that no other value (and no other
  // definedness) is possible.
  solver_answer evaluate(const std::uint64_t* state, ir::expr_id e);

  // Whether property e holds in every state whose slots all lie in their ranges.
  proof_result prove(ir::expr_id e);

  // The encoding of e as SMT-LIB text (value and definedness), for debugging and reports.
  std::string to_smtlib(ir::expr_id e);

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace ptmc::smt

// Random, well-typed small models and property files as source text, for cross-checking the engines
// through the whole pipeline (front end, lowering, exploration, Z3, leads-to, traces).
#pragma once

#include <cstdint>
#include <string>

namespace ptmc::modelfuzz {

struct generator_options {
  // Integer ranges that reach the 64-bit edges ((-9223372036854775807-1)..9223372036854775807 and
  // ranges just inside them), with values and arithmetic near the edges.
  bool edge_integers = false;
  // Arrays indexed by bool. A non-constant index into one aborts the engine in ir/validate.cpp
  // ("indices are integers"): the lowering gives the index expression the boolean sort.
  bool bool_indexed_arrays = false;
  // Lists of symmetric ids. Symmetry reduction permutes the ids stored in a list's unused element
  // slots, so states that differ only there are stored apart: the reduced search can store more
  // states than the unreduced one.
  bool id_lists = false;
};

// One generated test case: a model (.ptm) and a property file (.inv) written for it.
struct generated_case {
  std::string model;        // meant to be registered as "fuzz.ptm"
  std::string properties;   // "properties for \"fuzz.ptm\"; ..."
  int env_calls = -1;       // the model has syscalls: lower it with the most general environment
                            // making up to this many calls (ptmc check --env-calls N)
};

// The case for `seed`: the same seed and options always give the same text. Models are kept small
// (a few variables over small domains, one or two process declarations, short bodies) so that their
// state spaces are small; the text type-checks by construction, and model errors (a store outside a
// range, val(none), min({}), division by zero, a failed assert) are allowed: the engines must agree
// on those too.
generated_case generate(std::uint64_t seed, const generator_options& options);

}  // namespace ptmc::modelfuzz

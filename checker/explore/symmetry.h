// Symmetry reduction: canonical representatives of packed states under permutations of the ids of
// the model's symmetric domains (Murphi's scalarsets).
//
// The action of a permutation. A permutation p of a domain's ids (the domain's fixed_ids map to
// themselves) turns a state s into p.s:
//   - blocks: for each block of the domain, the slots of element i, [first + i*stride, +stride),
//     move to the slots of element p(i). Blocks nest (a block lying inside one element of a larger
//     block, e.g. an array [Tid][Tid] registers one inner block per row): the outer move applies
//     first, then the inner block at the destination, so element [i][j] goes to [p(i)][p(j)];
//   - value slots: a stored id v becomes p(v); none stays none;
//   - set slots: bit i becomes bit p(i);
//   - processes: in each family of process instances of the domain (symmetric_domain::processes,
//     runs of `size` instances in id order), the pc slot of instance k moves to that of instance
//     p(k) when no block of the domain already moves it. The lowering must lay out any other
//     per-instance state (locals) in blocks.
// Several domains act independently: the group is the product of the domains' permutation groups.
// The model must be symmetric under this action (the lowering's duty: no arithmetic or ordering on
// ids, transitions of the instances alike); then p.s and s have the same behaviours up to p.
//
// The representative. canonical(s) is the lexicographically smallest state of s's orbit, comparing
// packed words as unsigned 64-bit integers from word 0 up, when the group is small enough to
// enumerate (every domain of at most 6 movable ids, at most 5040 group elements in all, and a
// bounded amount of precomputed work). Otherwise the representative is the end of a greedy descent
// (repeatedly apply the transposition giving the smallest state while it decreases): still a state
// of the orbit, so exploration stays sound, but two states of one orbit may get different
// representatives and reduce less. exact() says which applies.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/ir.h"

namespace ptmc::explore {

class symmetry_reducer {
 public:
  // Precomputes the action of every group element (or of every transposition) on the slots.
  explicit symmetry_reducer(const ir::model& m);

  // Whether some domain has at least two movable ids (otherwise canonicalize copies).
  bool active() const { return !elements_.empty(); }
  // Whether canonicalize returns the orbit's true minimum (see above).
  bool exact() const { return exact_; }
  // Number of group elements (exact) or transpositions (greedy) precomputed, the identity excluded.
  std::size_t element_count() const { return elements_.size(); }

  // Writes the representative of `in`'s orbit to `out` (state_words words; out must not alias in).
  // Uses an internal scratch buffer: one reducer per thread.
  void canonicalize(const std::uint64_t* in, std::uint64_t* out);

  // Applies one permutation per domain (perms[d][id] = image of id; an empty vector is the
  // identity) to `in`, writing `out`. The plain, unoptimised action, for tests and trace checks.
  void apply(const std::vector<std::vector<std::uint32_t>>& perms, const std::uint64_t* in, std::uint64_t* out) const;

 private:
  using perm_set = std::vector<std::vector<std::uint32_t>>;

  // Moves the (transformed) bits of one slot.
  struct slot_move {
    std::uint32_t src_word = 0, dst_word = 0;
    std::uint8_t src_shift = 0, dst_shift = 0, width = 0;
    bool src_split = false, dst_split = false;
    std::uint8_t transform = 0;   // 0 copy, 1 table lookup, 2 bit permutation
    std::uint32_t table = 0;      // transform 1: offset into tables_; 2: offset into bit_perms_
    std::uint64_t mask = 0;       // width bits
  };
  // One group element (or transposition): its moves_, sorted by destination bit.
  struct element {
    std::uint32_t first_move = 0, move_count = 0;
  };
  struct block {
    ir::slot_id first;
    std::uint32_t stride, size, domain;
  };
  // A pc slot moved by instance id: instance `instance` of the family starting at
  // symmetric_domains[domain].processes[family_start].
  struct pc_entry {
    std::uint32_t domain, family_start, instance;
  };

  static void clear_bits(std::uint64_t* words, const ir::slot& s);
  void register_process_families(std::vector<bool>& affected);
  void choose_elements();
  void enumerate_group();
  void enumerate_transpositions();
  void add_element(const perm_set& perms);
  // A lookup table already built for the element being added.
  struct table_key {
    std::uint32_t domain;
    bool set;
    ir::slot_encoding encoding;
    std::uint8_t width;
    ir::value lo;
    std::uint32_t offset;
  };
  void set_transform(ir::slot_id s, const perm_set& perms, slot_move* mv, std::vector<table_key>* tables);
  // The slot that slot s moves to under perms.
  std::uint32_t destination(ir::slot_id s, const perm_set& perms) const;
  // Writes e.in to out; returns whether out < best (stops early, leaving out partial, when not).
  bool apply_element(const element& e, const std::uint64_t* in, std::uint64_t* out, const std::uint64_t* best) const;

  const ir::model& m_;
  std::uint32_t words_ = 0;
  bool exact_ = true;
  std::vector<std::vector<std::uint32_t>> movable_;  // per domain: its non-fixed ids, ascending
  std::vector<block> blocks_;                // of domains with >= 2 movable ids, largest first
  std::vector<ir::slot_id> affected_;        // slots some permutation may touch, ascending
  std::vector<std::int32_t> value_domain_;   // per slot: the domain of the id it holds, or -1
  std::vector<std::int32_t> set_domain_;     // per slot: the domain its bits range over, or -1
  std::vector<std::int32_t> pc_family_;      // per slot: index into pc_entries_, or -1
  std::vector<pc_entry> pc_entries_;
  std::vector<std::uint64_t> keep_mask_;     // per word: the bits no permutation touches
  std::vector<slot_move> moves_;
  std::vector<element> elements_;
  std::vector<std::uint64_t> tables_;
  std::vector<std::uint8_t> bit_perms_;
  std::vector<std::uint64_t> scratch_;
};

}  // namespace ptmc::explore

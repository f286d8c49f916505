// The explorer's state store: packed states in a chunked arena, an open-addressing hash set of
// their indices, and a parent link per state. No generic containers on the hot path.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "ir/ir.h"

namespace ptmc::explore {

// 64-bit hash of `words` packed words (deterministic across runs and platforms).
std::uint64_t hash_words(const std::uint64_t* words, std::uint32_t count);

// A zero-filled allocation of `bytes`; large ones are 2 MiB aligned and advised to the kernel as
// huge-page candidates (random access to big tables then misses the TLB far less). Free with
// std::free.
void* allocate_zeroed(std::uint64_t bytes);

struct free_deleter {
  void operator()(void* p) const;
};

class state_store {
 public:
  using index = std::uint32_t;
  static constexpr index none = 0xffffffffu;

  // Stores states of `words` words (at least one word is kept per state).
  explicit state_store(std::uint32_t words);

  // Where a state is, or where it would go.
  struct probe {
    index found = none;       // the stored equal state, or none
    std::uint64_t hash = 0;
    std::uint64_t cell = 0;   // the free hash cell it would take (valid until the next add)
  };
  probe find(const std::uint64_t* s) const { return find(s, hash_words(s, words_)); }
  // Same, with s's hash already computed.
  probe find(const std::uint64_t* s, std::uint64_t hash) const;
  // Hints the cache about the cell find() will look at first for this hash.
  void prefetch(std::uint64_t hash) const { __builtin_prefetch(table_.get() + cell_of(hash)); }
  // Hints the cache about the stored state find() will compare first, once the cell is cached.
  void prefetch_candidate(std::uint64_t hash) const {
    const std::uint32_t e = table_[cell_of(hash)];
    if (e != 0 && (static_cast<std::uint64_t>(e) >> cell_bits_) == tag_of(hash)) {
      const std::uint32_t i = (e & static_cast<std::uint32_t>((std::uint64_t{1} << cell_bits_) - 1)) - 1;
      __builtin_prefetch(get(i));
    }
  }
  std::uint64_t hash(const std::uint64_t* s) const { return hash_words(s, words_); }

  // Stores `s` (not present: p.found == none, p from find(s) with no add since) with its parent
  // link; returns its index, or none when the store cannot grow (more than 2^32 cells).
  index add(const probe& p, const std::uint64_t* s, index parent, ir::transition_id via);

  std::uint64_t size() const { return size_; }
  const std::uint64_t* get(index i) const { return chunks_[i >> chunk_shift_].get() + std::uint64_t{i & chunk_mask_} * stride_; }
  index parent(index i) const { return links_[i >> chunk_shift_][i & chunk_mask_].parent; }
  ir::transition_id via(index i) const { return links_[i >> chunk_shift_][i & chunk_mask_].via; }

  // Bytes held now (arena chunks, links, hash table), at most ever, and after one more add.
  std::uint64_t memory_bytes() const;
  std::uint64_t peak_memory_bytes() const { return peak_bytes_; }
  std::uint64_t memory_after_add() const;

 private:
  struct link {
    index parent;
    ir::transition_id via;
  };

  bool equal(const std::uint64_t* a, const std::uint64_t* b) const {
    for (std::uint32_t i = 0; i < words_; ++i)
      if (a[i] != b[i]) return false;
    return true;
  }
  std::uint64_t cell_of(std::uint64_t hash) const { return (hash >> 32) >> tag_bits_; }
  std::uint32_t tag_of(std::uint64_t hash) const {
    return static_cast<std::uint32_t>((hash >> 32) & ((std::uint64_t{1} << tag_bits_) - 1));
  }
  bool needs_growth() const { return (size_ + 1) * 4 > (std::uint64_t{1} << cell_bits_) * 3; }
  bool grow();
  void place(index i, std::uint64_t hash);
  std::uint64_t chunk_bytes() const;
  void note_memory();

  std::uint32_t words_;      // compared and hashed
  std::uint32_t stride_;     // stored per state (>= 1)
  std::uint32_t chunk_shift_ = 0;
  std::uint32_t chunk_mask_ = 0;
  std::vector<std::unique_ptr<std::uint64_t[]>> chunks_;
  std::vector<std::unique_ptr<link[]>> links_;
  std::uint64_t size_ = 0;
  std::uint32_t cell_bits_ = 10;     // the table has 2^cell_bits_ cells
  std::uint32_t tag_bits_ = 22;      // 32 - cell_bits_: hash bits kept in a cell beside the index
  std::unique_ptr<std::uint32_t[], free_deleter> table_;  // 0 empty, else (tag << cell_bits_) | (index + 1)
  std::uint64_t table_cells() const { return std::uint64_t{1} << cell_bits_; }
  void allocate_table();
  std::uint64_t peak_bytes_ = 0;
};

}  // namespace ptmc::explore

#include "explore/state_store.h"

#include <algorithm>
#include <bit>
#include <cstdlib>
#include <cstring>
#include <new>

#include <sys/mman.h>

#include "base/invariant.h"

namespace ptmc::explore {
namespace {

constexpr std::uint64_t arena_chunk_target_bytes = std::uint64_t{2} << 20;

std::uint64_t rotl(std::uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

}  // namespace

void free_deleter::operator()(void* p) const { std::free(p); }

void* allocate_zeroed(std::uint64_t bytes) {
  constexpr std::uint64_t huge = std::uint64_t{2} << 20;
  void* p = nullptr;
  if (bytes >= huge) {
    const std::uint64_t rounded = (bytes + huge - 1) / huge * huge;
    p = std::aligned_alloc(huge, rounded);
#ifdef MADV_HUGEPAGE
    if (p != nullptr) madvise(p, rounded, MADV_HUGEPAGE);
#endif
  } else {
    p = std::malloc(bytes == 0 ? 1 : bytes);
  }
  if (p == nullptr) throw std::bad_alloc();
  std::memset(p, 0, bytes);
  return p;
}

std::uint64_t hash_words(const std::uint64_t* words, std::uint32_t count) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ count;
  for (std::uint32_t i = 0; i < count; ++i) h = rotl(h ^ (words[i] * 0xbf58476d1ce4e5b9ull), 29) * 0x94d049bb133111ebull;
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

state_store::state_store(std::uint32_t words) : words_(words), stride_(std::max<std::uint32_t>(1, words)) {
  // A chunk holds a power of two of states, about arena_chunk_target_bytes of words.
  std::uint64_t per_chunk = 1;
  while (per_chunk * 2 * stride_ * sizeof(std::uint64_t) <= arena_chunk_target_bytes && per_chunk < (1u << 20)) per_chunk *= 2;
  chunk_shift_ = static_cast<std::uint32_t>(std::countr_zero(per_chunk));
  chunk_mask_ = static_cast<std::uint32_t>(per_chunk - 1);
  allocate_table();
  note_memory();
}

void state_store::allocate_table() {
  table_.reset();
  table_.reset(static_cast<std::uint32_t*>(allocate_zeroed(table_cells() * sizeof(std::uint32_t))));
}

state_store::probe state_store::find(const std::uint64_t* s, std::uint64_t hash) const {
  probe p;
  p.hash = hash;
  const std::uint64_t cell_mask = (std::uint64_t{1} << cell_bits_) - 1;
  const std::uint32_t tag = tag_of(p.hash);
  const std::uint32_t index_mask = static_cast<std::uint32_t>(cell_mask);
  for (std::uint64_t c = cell_of(p.hash);; c = (c + 1) & cell_mask) {
    const std::uint32_t e = table_[c];
    if (e == 0) {
      p.cell = c;
      return p;
    }
    if ((static_cast<std::uint64_t>(e) >> cell_bits_) == tag && equal(get((e & index_mask) - 1), s)) {
      p.found = (e & index_mask) - 1;
      return p;
    }
  }
}

std::uint64_t state_store::chunk_bytes() const {
  return (std::uint64_t{chunk_mask_} + 1) * (stride_ * sizeof(std::uint64_t) + sizeof(link));
}

std::uint64_t state_store::memory_bytes() const {
  return chunks_.size() * chunk_bytes() + table_cells() * sizeof(std::uint32_t);
}

std::uint64_t state_store::memory_after_add() const {
  std::uint64_t bytes = memory_bytes();
  if ((size_ & chunk_mask_) == 0) bytes += chunk_bytes();
  if (needs_growth()) bytes += table_cells() * sizeof(std::uint32_t);  // the table doubles (the old one is freed first)
  return bytes;
}

void state_store::note_memory() { peak_bytes_ = std::max(peak_bytes_, memory_bytes()); }

void state_store::place(index i, std::uint64_t hash) {
  const std::uint64_t cell_mask = (std::uint64_t{1} << cell_bits_) - 1;
  std::uint64_t c = cell_of(hash);
  while (table_[c] != 0) c = (c + 1) & cell_mask;
  table_[c] = static_cast<std::uint32_t>((std::uint64_t{tag_of(hash)} << cell_bits_) | (std::uint64_t{i} + 1));
}

bool state_store::grow() {
  if (cell_bits_ >= 32) return false;
  // Rebuilt from the arena, which holds every state, so the old cells are freed first and the
  // footprint never holds two tables.
  ++cell_bits_;
  tag_bits_ = 32 - cell_bits_;
  allocate_table();
  for (index i = 0; i < size_; ++i) place(i, hash_words(get(i), words_));
  return true;
}

state_store::index state_store::add(const probe& p, const std::uint64_t* s, index parent, ir::transition_id via) {
  PTMC_INVARIANT(p.found == none, "add stores only states that are not present");
  if (size_ >= none) return none;
  std::uint64_t cell = p.cell;
  if (needs_growth()) {
    if (!grow()) return none;
    cell = ~std::uint64_t{0};
  }
  const auto i = static_cast<index>(size_);
  if ((i & chunk_mask_) == 0) {
    chunks_.push_back(std::make_unique_for_overwrite<std::uint64_t[]>(std::uint64_t{chunk_mask_ + 1} * stride_));
    links_.push_back(std::make_unique_for_overwrite<link[]>(std::uint64_t{chunk_mask_} + 1));
  }
  std::uint64_t* dst = chunks_[i >> chunk_shift_].get() + std::uint64_t{i & chunk_mask_} * stride_;
  std::memcpy(dst, s, words_ * sizeof(std::uint64_t));
  if (stride_ > words_) dst[words_] = 0;
  links_[i >> chunk_shift_][i & chunk_mask_] = link{parent, via};
  ++size_;
  if (cell == ~std::uint64_t{0}) {
    place(i, p.hash);
  } else {
    table_[cell] = static_cast<std::uint32_t>((std::uint64_t{tag_of(p.hash)} << cell_bits_) | (std::uint64_t{i} + 1));
  }
  note_memory();
  return i;
}

}  // namespace ptmc::explore

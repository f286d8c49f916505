#include "smt/projection_cache.h"

#include <algorithm>

#include "base/invariant.h"

namespace ptmc::smt {

namespace {

constexpr std::size_t initial_table_size = 16;

// splitmix64's finaliser: every key bit affects every hash bit, so low table bits are well mixed.
std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

}  // namespace

projection_cache::projection_cache(std::uint32_t key_words)
    : key_words_(key_words), table_(initial_table_size, 0) {}

std::uint64_t projection_cache::hash(const std::uint64_t* key) const {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL;
  for (std::uint32_t i = 0; i < key_words_; ++i) h = mix(h ^ key[i]);
  return mix(h);
}

bool projection_cache::key_equals(std::uint32_t entry, const std::uint64_t* key) const {
  const std::uint64_t* stored = keys_.data() + std::size_t{entry} * key_words_;
  return std::equal(stored, stored + key_words_, key);
}

std::size_t projection_cache::probe(const std::uint64_t* key) const {
  const std::size_t mask = table_.size() - 1;
  for (std::size_t pos = hash(key) & mask;; pos = (pos + 1) & mask) {
    const std::uint32_t slot = table_[pos];
    if (slot == 0 || key_equals(slot - 1, key)) return pos;
  }
}

const std::uint8_t* projection_cache::find(const std::uint64_t* key) const {
  const std::uint32_t slot = table_[probe(key)];
  return slot == 0 ? nullptr : &codes_[slot - 1];
}

void projection_cache::insert(const std::uint64_t* key, std::uint8_t code) {
  // Keep the load factor at most 1/2 so probe sequences stay short.
  if (2 * (codes_.size() + 1) > table_.size()) grow();
  const std::size_t pos = probe(key);
  PTMC_INVARIANT(table_[pos] == 0, "insert is only called for absent keys");
  keys_.insert(keys_.end(), key, key + key_words_);
  codes_.push_back(code);
  table_[pos] = static_cast<std::uint32_t>(codes_.size());
}

void projection_cache::grow() {
  PTMC_INVARIANT(table_.size() < (std::size_t{1} << 31), "fewer than 2^31 projections per property");
  table_.assign(table_.size() * 2, 0);
  const std::size_t mask = table_.size() - 1;
  for (std::uint32_t entry = 0; entry < codes_.size(); ++entry) {
    std::size_t pos = hash(keys_.data() + std::size_t{entry} * key_words_) & mask;
    while (table_[pos] != 0) pos = (pos + 1) & mask;
    table_[pos] = entry + 1;
  }
}

}  // namespace ptmc::smt

// A flat hash map from packed projections (a fixed number of 64-bit words) to a small verdict code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace ptmc::smt {

// Open addressing with linear probing over a power-of-two table of entry indices; keys are stored
// back to back in one array, so a lookup touches the table and one key, never a heap node.
// Keys are `key_words` words long (0 is allowed: then there is at most one entry).
class projection_cache {
 public:
  explicit projection_cache(std::uint32_t key_words);

  // The code stored for `key`, or nullptr if the key is absent. Valid until the next insert.
  const std::uint8_t* find(const std::uint64_t* key) const;

  // Stores `code` for `key`, which must be absent.
  void insert(const std::uint64_t* key, std::uint8_t code);

  std::size_t size() const { return codes_.size(); }
  std::uint32_t key_words() const { return key_words_; }

 private:
  std::uint64_t hash(const std::uint64_t* key) const;
  bool key_equals(std::uint32_t entry, const std::uint64_t* key) const;
  // The table position holding `key`, or the empty position where it would go.
  std::size_t probe(const std::uint64_t* key) const;
  void grow();

  std::uint32_t key_words_;
  std::vector<std::uint64_t> keys_;    // entry i's key is keys_[i*key_words_ .. (i+1)*key_words_)
  std::vector<std::uint8_t> codes_;    // entry i's code
  std::vector<std::uint32_t> table_;   // 0: empty; otherwise an entry index + 1
};

}  // namespace ptmc::smt

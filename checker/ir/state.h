// Packed states: a fixed number of 64-bit words per state; slot values read and written in place.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/ir.h"

namespace ptmc::ir {

// An owned packed state (words = model::state_words()).
using packed_state = std::vector<std::uint64_t>;

// The stored bits of a slot (before decoding).
inline std::uint64_t read_bits(const std::uint64_t* words, const slot& s) {
  if (s.width == 0) return 0;
  const std::uint32_t word = s.bit_offset / 64, shift = s.bit_offset % 64;
  const std::uint64_t mask = s.width == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << s.width) - 1);
  std::uint64_t bits = words[word] >> shift;
  if (shift + s.width > 64) bits |= words[word + 1] << (64 - shift);
  return bits & mask;
}

inline void write_bits(std::uint64_t* words, const slot& s, std::uint64_t bits) {
  if (s.width == 0) return;
  const std::uint32_t word = s.bit_offset / 64, shift = s.bit_offset % 64;
  const std::uint64_t mask = s.width == 64 ? ~std::uint64_t{0} : ((std::uint64_t{1} << s.width) - 1);
  bits &= mask;
  words[word] = (words[word] & ~(mask << shift)) | (bits << shift);
  if (shift + s.width > 64) {
    const std::uint32_t spill = shift + s.width - 64;
    const std::uint64_t high_mask = (std::uint64_t{1} << spill) - 1;
    words[word + 1] = (words[word + 1] & ~high_mask) | (bits >> (64 - shift));
  }
}

// lo + offset and v - lo in two's complement: a slot may span the whole int64 line, where the
// signed operations would overflow.
inline value offset_value(value lo, std::uint64_t offset) { return static_cast<value>(static_cast<std::uint64_t>(lo) + offset); }
inline std::uint64_t value_offset(value lo, value v) { return static_cast<std::uint64_t>(v) - static_cast<std::uint64_t>(lo); }

// Decoded value of a slot.
inline value decode(const slot& s, std::uint64_t bits) {
  switch (s.encoding) {
    case slot_encoding::offset: return offset_value(s.lo, bits);
    case slot_encoding::optional: return bits == 0 ? none_value : offset_value(s.lo, bits - 1);
    case slot_encoding::bitmask: return static_cast<value>(bits);
  }
  return 0;
}

// Stored bits for a value; the caller has checked the value is in range.
inline std::uint64_t encode(const slot& s, value v) {
  switch (s.encoding) {
    case slot_encoding::offset: return value_offset(s.lo, v);
    case slot_encoding::optional: return v == none_value ? 0 : value_offset(s.lo, v) + 1;
    case slot_encoding::bitmask: return static_cast<std::uint64_t>(v);
  }
  return 0;
}

// Whether a value may be stored in a slot.
inline bool in_range(const slot& s, value v) {
  if (s.encoding == slot_encoding::optional && v == none_value) return true;
  if (s.encoding == slot_encoding::bitmask) return s.width >= 64 || (static_cast<std::uint64_t>(v) >> s.width) == 0;
  return v >= s.lo && v <= s.hi;
}

inline value read_slot(const std::uint64_t* words, const slot& s) { return decode(s, read_bits(words, s)); }

}  // namespace ptmc::ir

// The flat projection cache against std::map, across growth and key widths.
#include "smt/projection_cache.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <vector>

namespace ptmc::smt {
namespace {

TEST(projection_cache, agrees_with_a_map_for_every_key_width) {
  for (std::uint32_t words : {0u, 1u, 2u, 3u}) {
    SCOPED_TRACE(words);
    projection_cache cache(words);
    std::map<std::vector<std::uint64_t>, std::uint8_t> reference;
    std::mt19937_64 rng(words);
    for (int i = 0; i < 5000; ++i) {
      // Few distinct values per word, so keys repeat and differ only in some words.
      std::vector<std::uint64_t> key(words);
      for (auto& w : key) w = rng() % 40 == 0 ? rng() : rng() % 8;
      const std::uint8_t* found = cache.find(key.data());
      const auto it = reference.find(key);
      ASSERT_EQ(found != nullptr, it != reference.end());
      if (found) {
        EXPECT_EQ(*found, it->second);
      } else {
        const auto code = static_cast<std::uint8_t>(rng() % 4);
        cache.insert(key.data(), code);
        reference.emplace(key, code);
      }
    }
    EXPECT_EQ(cache.size(), reference.size());
    if (words == 0) {
      EXPECT_EQ(cache.size(), 1u);
    }
  }
}

TEST(projection_cache, keys_differing_in_one_bit_are_distinct) {
  projection_cache cache(2);
  for (std::uint64_t bit = 0; bit < 128; ++bit) {
    std::uint64_t key[2] = {0, 0};
    key[bit / 64] = std::uint64_t{1} << (bit % 64);
    ASSERT_EQ(cache.find(key), nullptr);
    cache.insert(key, static_cast<std::uint8_t>(bit % 4));
  }
  for (std::uint64_t bit = 0; bit < 128; ++bit) {
    std::uint64_t key[2] = {0, 0};
    key[bit / 64] = std::uint64_t{1} << (bit % 64);
    ASSERT_NE(cache.find(key), nullptr);
    EXPECT_EQ(*cache.find(key), bit % 4);
  }
}

}  // namespace
}  // namespace ptmc::smt

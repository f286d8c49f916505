// Symmetry reduction: canonical forms are orbit invariants, reduce state counts, never change verdicts.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "explore/explorer.h"
#include "explore/symmetry.h"
#include "ir/builder.h"
#include "ir/exec.h"
#include "ir/state.h"
#include "models.h"

namespace ptmc::explore {
namespace {

using perms = std::vector<std::vector<std::uint32_t>>;

// All permutations of 0..n-1.
std::vector<std::vector<std::uint32_t>> all_permutations(std::uint32_t n) {
  std::vector<std::uint32_t> p(n);
  std::iota(p.begin(), p.end(), 0u);
  std::vector<std::vector<std::uint32_t>> out;
  do out.push_back(p);
  while (std::next_permutation(p.begin(), p.end()));
  return out;
}

TEST(Symmetry, ActionMovesBlocksValuesSetsAndNestedBlocks) {
  ir::builder b;
  const ir::type_id tid = b.type_symmetric("Tid", 3);
  const ir::slot_id owner = b.add_variable("owner", b.type_optional(tid));
  const ir::slot_id stopped = b.add_variable("stopped", b.type_set(tid));
  const ir::slot_id level = b.add_variable("level", b.type_array(b.type_range(0, 7), tid));
  const ir::slot_id knows = b.add_variable("knows", b.type_array(b.type_array(b.type_bool(), tid), tid));
  const ir::model m = b.finish();
  symmetry_reducer red(m);
  ASSERT_TRUE(red.active());
  EXPECT_TRUE(red.exact());
  EXPECT_EQ(red.element_count(), 5u);

  ir::packed_state s(m.state_words(), 0), out(m.state_words(), 0);
  const auto set = [&](ir::slot_id sl, ir::value v) { ir::write_bits(s.data(), m.slots[sl], ir::encode(m.slots[sl], v)); };
  const auto get = [&](ir::slot_id sl) { return ir::read_slot(out.data(), m.slots[sl]); };
  set(owner, 0);
  set(stopped, 0b011);
  set(level + 0, 5);
  set(level + 1, 6);
  set(level + 2, 7);
  set(knows + 0 * 3 + 1, 1);  // knows[0][1]
  const perms p = {{1, 2, 0}};  // 0 -> 1, 1 -> 2, 2 -> 0
  red.apply(p, s.data(), out.data());
  EXPECT_EQ(get(owner), 1);
  EXPECT_EQ(get(stopped), 0b110);
  EXPECT_EQ(get(level + 1), 5);
  EXPECT_EQ(get(level + 2), 6);
  EXPECT_EQ(get(level + 0), 7);
  EXPECT_EQ(get(knows + 1 * 3 + 2), 1);  // knows[1][2]
  for (ir::slot_id k = knows; k < knows + 9; ++k)
    if (k != knows + 5) {
      EXPECT_EQ(get(k), 0) << m.slots[k].path;
    }
}

TEST(Symmetry, FixedIdsStay) {
  ir::builder b;
  const ir::type_id tid = b.type_symmetric("Tid", 3, {0});
  const ir::slot_id level = b.add_variable("level", b.type_array(b.type_range(0, 3), tid));
  const ir::model m = b.finish();
  symmetry_reducer red(m);
  EXPECT_EQ(red.element_count(), 1u);  // only (1 2)
  ir::packed_state s(m.state_words(), 0), c(m.state_words(), 0);
  ir::write_bits(s.data(), m.slots[level], 3);
  ir::write_bits(s.data(), m.slots[level + 2], 1);
  red.canonicalize(s.data(), c.data());
  EXPECT_EQ(ir::read_slot(c.data(), m.slots[level]), 3);
}

// canonical(s) is the minimum of the orbit and is the same for every member of the orbit.
void expect_canonical_forms(const ir::model& m, std::uint32_t domain_size) {
  symmetry_reducer red(m);
  ASSERT_TRUE(red.exact());
  explorer e(m);
  e.run();
  const std::uint32_t words = m.state_words();
  ir::packed_state image(words), c1(words), c2(words);
  const auto all = all_permutations(domain_size);
  for (state_index s = 0; s < e.state_count(); ++s) {
    red.canonicalize(e.state(s), c1.data());
    ir::packed_state least(e.state(s), e.state(s) + words);
    for (const auto& p : all) {
      red.apply({p}, e.state(s), image.data());
      if (std::lexicographical_compare(image.begin(), image.end(), least.begin(), least.end())) least = image;
      red.canonicalize(image.data(), c2.data());
      ASSERT_EQ(c1, c2) << "state " << s;
    }
    ASSERT_EQ(c1, least) << "state " << s;
  }
}

TEST(Symmetry, CanonicalIsTheOrbitMinimum) {
  expect_canonical_forms(testing::group_stop(3), 3);
  expect_canonical_forms(testing::two_increments(false), 2);
}

TEST(Symmetry, GreedyFallbackStaysInTheOrbit) {
  // 8 movable ids exceed the exact limit: the greedy representative is still a permutation image.
  ir::builder b;
  const ir::type_id tid = b.type_symmetric("Tid", 8);
  const ir::slot_id level = b.add_variable("level", b.type_array(b.type_range(0, 7), tid));
  const ir::slot_id who = b.add_variable("who", tid);
  const ir::model m = b.finish();
  symmetry_reducer red(m);
  EXPECT_FALSE(red.exact());
  std::mt19937 rng(5);
  ir::packed_state s(m.state_words()), c(m.state_words());
  for (int round = 0; round < 50; ++round) {
    std::vector<ir::value> levels(8);
    for (std::uint32_t i = 0; i < 8; ++i) {
      levels[i] = static_cast<ir::value>(rng() % 8);
      ir::write_bits(s.data(), m.slots[level + i], static_cast<std::uint64_t>(levels[i]));
    }
    ir::write_bits(s.data(), m.slots[who], rng() % 8);
    red.canonicalize(s.data(), c.data());
    std::vector<ir::value> got(8);
    for (std::uint32_t i = 0; i < 8; ++i) got[i] = ir::read_slot(c.data(), m.slots[level + i]);
    std::sort(levels.begin(), levels.end());
    std::vector<ir::value> sorted = got;
    std::sort(sorted.begin(), sorted.end());
    EXPECT_EQ(sorted, levels) << "the representative is a permutation of the state";
    EXPECT_LE(c, s) << "never larger than the state itself";
  }
}

// Symmetry reduces the state count and never changes whether an invariant is violated.
TEST(Symmetry, ReducesStatesKeepsVerdicts) {
  struct the_case {
    ir::model m;
    std::size_t invariant;
    bool violated;
  };
  std::vector<the_case> cases;
  cases.push_back({testing::group_stop(3), 0, false});
  cases.push_back({testing::group_stop(3), 1, true});
  cases.push_back({testing::group_stop(4), 0, false});
  cases.push_back({testing::group_stop(4), 1, true});
  cases.push_back({testing::two_increments(false), 0, true});
  cases.push_back({testing::two_increments(true), 0, false});
  for (const auto& c : cases) {
    std::uint64_t states[2] = {0, 0};
    for (const bool symmetry : {false, true}) {
      options o;
      o.symmetry = symmetry;
      explorer e(c.m, o);
      struct checker : visitor {
        explorer* e = nullptr;
        std::size_t invariant = 0;
        bool violated = false;
        control on_state(state_index s, std::uint32_t) override {
          if (!e->exec().holds(e->compiled().invariant_expression(invariant), e->state(s))) violated = true;
          return control::proceed;
        }
      } v;
      v.e = &e;
      v.invariant = c.invariant;
      const result r = e.run(v);
      EXPECT_EQ(r.status, completion::complete);
      EXPECT_EQ(v.violated, c.violated) << c.m.name << " invariant " << c.invariant << " symmetry " << symmetry;
      states[symmetry ? 1 : 0] = r.states;
    }
    EXPECT_LT(states[1], states[0]) << c.m.name;
  }
}

// With exact canonical forms, the reduced space has one state per orbit of the full space, and
// transitions fired from one representative per orbit.
TEST(Symmetry, ReducedSpaceIsTheOrbitQuotient) {
  for (const std::uint32_t n : {2u, 3u, 4u}) {
    const ir::model m = testing::group_stop(n);
    options sym;
    sym.symmetry = true;
    explorer full(m), reduced(m, sym);
    const result rf = full.run(), rr = reduced.run();
    ASSERT_TRUE(rf.complete() && rr.complete());
    symmetry_reducer red(m);
    std::vector<ir::packed_state> orbits;
    ir::packed_state c(m.state_words());
    for (state_index s = 0; s < rf.states; ++s) {
      red.canonicalize(full.state(s), c.data());
      orbits.push_back(c);
    }
    std::sort(orbits.begin(), orbits.end());
    orbits.erase(std::unique(orbits.begin(), orbits.end()), orbits.end());
    EXPECT_EQ(rr.states, orbits.size()) << "n = " << n;
    for (state_index s = 0; s < rr.states; ++s) {
      const ir::packed_state stored(reduced.state(s), reduced.state(s) + m.state_words());
      EXPECT_TRUE(std::binary_search(orbits.begin(), orbits.end(), stored));
    }
    // Pinned shapes (states, transitions) without and with symmetry.
    const std::uint64_t pinned[5][4] = {{}, {}, {29, 58, 16, 32}, {183, 549, 41, 123}, {1033, 4132, 84, 336}};
    EXPECT_EQ(rf.states, pinned[n][0]);
    EXPECT_EQ(rf.transitions, pinned[n][1]);
    EXPECT_EQ(rr.states, pinned[n][2]);
    EXPECT_EQ(rr.transitions, pinned[n][3]);
  }
}

}  // namespace
}  // namespace ptmc::explore

#include "explore/symmetry.h"

#include <algorithm>
#include <cstring>
#include <numeric>

#include "base/invariant.h"
#include "ir/state.h"

namespace ptmc::explore {
namespace {

constexpr std::uint64_t max_exact_elements = 5040;
constexpr std::uint32_t max_exact_movable = 6;
constexpr std::uint64_t max_precomputed_moves = std::uint64_t{1} << 20;  // about 32 MiB of moves
constexpr std::uint8_t max_set_table_bits = 10;


std::uint64_t low_mask(unsigned width) { return width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1; }

std::uint64_t permute_bits(std::uint64_t bits, const std::vector<std::uint32_t>& perm) {
  std::uint64_t out = 0;
  for (std::uint32_t i = 0; i < perm.size(); ++i)
    if ((bits >> i) & 1) out |= std::uint64_t{1} << perm[i];
  return out;
}

// The stored bits of a value slot after mapping its id through perm.
std::uint64_t map_id_bits(const ir::slot& s, std::uint64_t bits, const std::vector<std::uint32_t>& perm) {
  const ir::value v = ir::decode(s, bits);
  if (v == ir::none_value || v < 0 || v >= static_cast<ir::value>(perm.size())) return bits;
  return ir::encode(s, static_cast<ir::value>(perm[static_cast<std::size_t>(v)]));
}

bool same_shape(const ir::slot& a, const ir::slot& b) {
  return a.width == b.width && a.encoding == b.encoding && a.lo == b.lo && a.hi == b.hi;
}

}  // namespace

symmetry_reducer::symmetry_reducer(const ir::model& m) : m_(m), words_(m.state_words()) {
  value_domain_.assign(m.slots.size(), -1);
  set_domain_.assign(m.slots.size(), -1);
  pc_family_.assign(m.slots.size(), -1);
  std::vector<bool> affected(m.slots.size(), false);

  for (std::uint32_t d = 0; d < m.symmetric_domains.size(); ++d) {
    const ir::symmetric_domain& dom = m.symmetric_domains[d];
    std::vector<std::uint32_t> movable;
    for (std::uint32_t id = 0; id < dom.size; ++id)
      if (std::find(dom.fixed_ids.begin(), dom.fixed_ids.end(), id) == dom.fixed_ids.end()) movable.push_back(id);
    movable_.push_back(movable);
    if (movable.size() < 2) continue;
    for (const ir::symmetric_block& b : dom.blocks) {
      blocks_.push_back(block{b.first, b.stride, dom.size, d});
      for (std::uint64_t s = b.first; s < std::uint64_t{b.first} + std::uint64_t{b.stride} * dom.size; ++s) affected[s] = true;
    }
    for (const ir::slot_id s : dom.value_slots) {
      value_domain_[s] = static_cast<std::int32_t>(d);
      affected[s] = true;
    }
    for (const ir::slot_id s : dom.set_slots) {
      set_domain_[s] = static_cast<std::int32_t>(d);
      affected[s] = true;
    }
  }
  // Largest blocks first, so an enclosing block moves its elements before their inner blocks do.
  std::stable_sort(blocks_.begin(), blocks_.end(), [](const block& a, const block& b) {
    return std::uint64_t{a.stride} * a.size > std::uint64_t{b.stride} * b.size;
  });
  register_process_families(affected);

  for (ir::slot_id s = 0; s < m.slots.size(); ++s)
    if (affected[s]) affected_.push_back(s);
  keep_mask_.assign(words_, ~std::uint64_t{0});
  for (const ir::slot_id s : affected_) clear_bits(keep_mask_.data(), m.slots[s]);
  if (affected_.empty()) return;
  choose_elements();
}

void symmetry_reducer::clear_bits(std::uint64_t* words, const ir::slot& s) { ir::write_bits(words, s, 0); }

// Pc slots of process instances that no block of their domain moves get moved by instance id.
void symmetry_reducer::register_process_families(std::vector<bool>& affected) {
  for (std::uint32_t d = 0; d < m_.symmetric_domains.size(); ++d) {
    const ir::symmetric_domain& dom = m_.symmetric_domains[d];
    if (movable_[d].size() < 2) continue;
    for (std::uint32_t i = 0; i < dom.processes.size(); ++i) {
      const ir::slot_id pc = m_.processes[dom.processes[i]].pc_slot;
      const bool in_block = std::any_of(blocks_.begin(), blocks_.end(), [&](const block& b) {
        return b.domain == d && pc >= b.first && pc < std::uint64_t{b.first} + std::uint64_t{b.stride} * b.size;
      });
      if (in_block) continue;
      pc_family_[pc] = static_cast<std::int32_t>(pc_entries_.size());
      pc_entries_.push_back(pc_entry{d, i - i % dom.size, i % dom.size});
      affected[pc] = true;
    }
  }
}

void symmetry_reducer::choose_elements() {
  std::uint64_t group = 1;
  bool small = true;
  for (const auto& mv : movable_) {
    if (mv.size() < 2) continue;
    if (mv.size() > max_exact_movable) small = false;
    for (std::uint64_t k = 2; k <= mv.size() && group <= max_exact_elements; ++k) group *= k;
  }
  exact_ = small && group <= max_exact_elements && group * affected_.size() <= max_precomputed_moves;
  if (exact_) {
    enumerate_group();
  } else {
    enumerate_transpositions();
  }
}

// Every element of the product of the domains' permutation groups, the identity excluded.
void symmetry_reducer::enumerate_group() {
  const std::size_t domains = m_.symmetric_domains.size();
  std::vector<std::vector<std::uint32_t>> images(domains);  // per domain: images of the movable ids
  for (std::size_t d = 0; d < domains; ++d) images[d] = movable_[d];
  for (;;) {
    perm_set perms(domains);
    bool identity = true;
    for (std::size_t d = 0; d < domains; ++d) {
      if (movable_[d].size() < 2) continue;
      perms[d].resize(m_.symmetric_domains[d].size);
      std::iota(perms[d].begin(), perms[d].end(), 0u);
      for (std::size_t k = 0; k < movable_[d].size(); ++k) perms[d][movable_[d][k]] = images[d][k];
      if (images[d] != movable_[d]) identity = false;
    }
    if (!identity) add_element(perms);
    // Odometer over the domains: the next permutation of the first domain that has one.
    std::size_t d = 0;
    for (; d < domains; ++d) {
      if (movable_[d].size() < 2) continue;
      if (std::next_permutation(images[d].begin(), images[d].end())) break;  // wraps to sorted otherwise
    }
    if (d == domains) return;
  }
}

// The transpositions of movable ids of each domain (adjacent ones only when all would cost too much).
void symmetry_reducer::enumerate_transpositions() {
  std::uint64_t all = 0;
  for (const auto& mv : movable_) all += mv.size() * (mv.size() - (mv.empty() ? 0 : 1)) / 2;
  const bool adjacent_only = all * affected_.size() > max_precomputed_moves;
  for (std::size_t d = 0; d < movable_.size(); ++d) {
    const auto& mv = movable_[d];
    if (mv.size() < 2) continue;
    for (std::size_t i = 0; i < mv.size(); ++i) {
      for (std::size_t j = i + 1; j < mv.size(); ++j) {
        if (adjacent_only && j != i + 1) break;
        perm_set perms(m_.symmetric_domains.size());
        perms[d].resize(m_.symmetric_domains[d].size);
        std::iota(perms[d].begin(), perms[d].end(), 0u);
        std::swap(perms[d][mv[i]], perms[d][mv[j]]);
        add_element(perms);
      }
    }
  }
}

std::uint32_t symmetry_reducer::destination(ir::slot_id s, const perm_set& perms) const {
  std::uint64_t pos = s;
  for (const block& b : blocks_) {
    const auto& perm = perms[b.domain];
    if (perm.empty() || pos < b.first || pos >= std::uint64_t{b.first} + std::uint64_t{b.stride} * b.size) continue;
    const std::uint64_t i = (pos - b.first) / b.stride, r = (pos - b.first) % b.stride;
    pos = b.first + std::uint64_t{perm[i]} * b.stride + r;
  }
  if (pc_family_[s] >= 0) {
    const pc_entry& e = pc_entries_[static_cast<std::size_t>(pc_family_[s])];
    const auto& perm = perms[e.domain];
    if (!perm.empty()) pos = m_.processes[m_.symmetric_domains[e.domain].processes[e.family_start + perm[e.instance]]].pc_slot;
  }
  return static_cast<std::uint32_t>(pos);
}

void symmetry_reducer::add_element(const perm_set& perms) {
  element e;
  e.first_move = static_cast<std::uint32_t>(moves_.size());
  std::vector<bool> hit(m_.slots.size(), false);
  std::vector<table_key> tables;
  for (const ir::slot_id s : affected_) {
    const ir::slot_id dst = destination(s, perms);
    PTMC_INVARIANT(dst < m_.slots.size() && !hit[dst], "a permutation moves slots bijectively");
    hit[dst] = true;
    const ir::slot& from = m_.slots[s];
    const ir::slot& to = m_.slots[dst];
    PTMC_INVARIANT(same_shape(from, to), "a permutation moves slots onto slots of the same shape");
    if (from.width == 0) continue;
    slot_move mv;
    mv.src_word = from.bit_offset / 64;
    mv.src_shift = static_cast<std::uint8_t>(from.bit_offset % 64);
    mv.dst_word = to.bit_offset / 64;
    mv.dst_shift = static_cast<std::uint8_t>(to.bit_offset % 64);
    mv.width = from.width;
    mv.src_split = mv.src_shift + from.width > 64;
    mv.dst_split = mv.dst_shift + from.width > 64;
    mv.mask = low_mask(from.width);
    set_transform(s, perms, &mv, &tables);
    moves_.push_back(mv);
  }
  for (const ir::slot_id s : affected_) PTMC_INVARIANT(hit[s], "a permutation moves the affected slots onto themselves");
  e.move_count = static_cast<std::uint32_t>(moves_.size()) - e.first_move;
  std::sort(moves_.begin() + e.first_move, moves_.end(), [](const slot_move& a, const slot_move& b) {
    return a.dst_word != b.dst_word ? a.dst_word < b.dst_word : a.dst_shift < b.dst_shift;
  });
  elements_.push_back(e);
}

void symmetry_reducer::set_transform(ir::slot_id s, const perm_set& perms, slot_move* mv,
                                     std::vector<table_key>* tables) {
  const ir::slot& sl = m_.slots[s];
  const bool is_value = value_domain_[s] >= 0 && !perms[static_cast<std::size_t>(value_domain_[s])].empty();
  const bool is_set = set_domain_[s] >= 0 && !perms[static_cast<std::size_t>(set_domain_[s])].empty();
  if (!is_value && !is_set) return;
  const auto d = static_cast<std::uint32_t>(is_value ? value_domain_[s] : set_domain_[s]);
  const auto& perm = perms[d];
  if (is_set && sl.width > max_set_table_bits) {
    mv->transform = 2;
    mv->table = static_cast<std::uint32_t>(bit_perms_.size());
    for (const std::uint32_t p : perm) bit_perms_.push_back(static_cast<std::uint8_t>(p));
    return;
  }
  // One lookup table per (domain, slot shape) and group element, shared by its slots.
  mv->transform = 1;
  const table_key key{d, is_set, sl.encoding, sl.width, sl.lo, 0};
  for (const table_key& k : *tables) {
    if (k.domain == key.domain && k.set == key.set && k.encoding == key.encoding && k.width == key.width &&
        k.lo == key.lo) {
      mv->table = k.offset;
      return;
    }
  }
  mv->table = static_cast<std::uint32_t>(tables_.size());
  for (std::uint64_t bits = 0; bits <= mv->mask; ++bits)
    tables_.push_back(is_set ? permute_bits(bits, perm) : map_id_bits(sl, bits, perm));
  tables->push_back(table_key{d, is_set, sl.encoding, sl.width, sl.lo, mv->table});
}

bool symmetry_reducer::apply_element(const element& e, const std::uint64_t* in, std::uint64_t* out,
                                     const std::uint64_t* best) const {
  for (std::uint32_t w = 0; w < words_; ++w) out[w] = in[w] & keep_mask_[w];
  std::uint32_t compared = 0;  // words [0, compared) of out equal best
  bool less = false;
  const slot_move* mv = moves_.data() + e.first_move;
  const slot_move* const end = mv + e.move_count;
  for (; mv != end; ++mv) {
    // Every word before mv's destination word is final: compare it while the candidate ties.
    for (; !less && compared < mv->dst_word; ++compared) {
      if (out[compared] != best[compared]) {
        if (out[compared] > best[compared]) return false;
        less = true;
      }
    }
    std::uint64_t bits = in[mv->src_word] >> mv->src_shift;
    if (mv->src_split) bits |= in[mv->src_word + 1] << (64 - mv->src_shift);
    bits &= mv->mask;
    if (mv->transform == 1) {
      bits = tables_[mv->table + bits];
    } else if (mv->transform == 2) {
      std::uint64_t permuted = 0;
      for (unsigned i = 0; i < mv->width; ++i)
        if ((bits >> i) & 1) permuted |= std::uint64_t{1} << bit_perms_[mv->table + i];
      bits = permuted;
    }
    out[mv->dst_word] |= bits << mv->dst_shift;
    if (mv->dst_split) out[mv->dst_word + 1] |= bits >> (64 - mv->dst_shift);
  }
  for (; !less && compared < words_; ++compared) {
    if (out[compared] != best[compared]) {
      if (out[compared] > best[compared]) return false;
      less = true;
    }
  }
  return less;
}

void symmetry_reducer::canonicalize(const std::uint64_t* in, std::uint64_t* out) {
  std::copy(in, in + words_, out);
  if (elements_.empty()) return;
  scratch_.resize(words_);
  std::uint64_t* const candidate = scratch_.data();
  if (exact_) {
    for (const element& e : elements_)
      if (apply_element(e, in, candidate, out)) std::copy(candidate, candidate + words_, out);
    return;
  }
  for (bool improved = true; improved;) {
    improved = false;
    for (const element& e : elements_) {
      if (apply_element(e, out, candidate, out)) {
        std::copy(candidate, candidate + words_, out);
        improved = true;
      }
    }
  }
}

void symmetry_reducer::apply(const perm_set& perms, const std::uint64_t* in, std::uint64_t* out) const {
  perm_set full(m_.symmetric_domains.size());
  for (std::size_t d = 0; d < perms.size() && d < full.size(); ++d)
    if (movable_[d].size() >= 2) full[d] = perms[d];
  for (std::uint32_t w = 0; w < words_; ++w) out[w] = in[w] & keep_mask_[w];
  for (const ir::slot_id s : affected_) {
    const ir::slot& from = m_.slots[s];
    std::uint64_t bits = ir::read_bits(in, from);
    if (value_domain_[s] >= 0 && !full[static_cast<std::size_t>(value_domain_[s])].empty())
      bits = map_id_bits(from, bits, full[static_cast<std::size_t>(value_domain_[s])]);
    if (set_domain_[s] >= 0 && !full[static_cast<std::size_t>(set_domain_[s])].empty())
      bits = permute_bits(bits, full[static_cast<std::size_t>(set_domain_[s])]);
    ir::write_bits(out, m_.slots[destination(s, full)], bits);
  }
}

}  // namespace ptmc::explore

#include "ir/validate.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "base/invariant.h"
#include "ir/builder.h"

namespace ptmc::ir {
namespace {

void validate_types(const model& m) {
  for (const type& t : m.types) {
    switch (t.kind) {
      case type_kind::boolean:
      case type_kind::range:
      case type_kind::enumeration:
        PTMC_INVARIANT(t.lo <= t.hi, "domain types are not empty");
        break;
      case type_kind::symmetric:
        PTMC_INVARIANT(t.symmetric_domain >= 0 &&
                           static_cast<std::size_t>(t.symmetric_domain) < m.symmetric_domains.size(),
                       "a symmetric type names its domain");
        break;
      case type_kind::set:
      case type_kind::list:
      case type_kind::optional:
        PTMC_INVARIANT(t.elem < m.types.size(), "element types exist");
        break;
      case type_kind::array:
        PTMC_INVARIANT(t.elem < m.types.size() && t.index < m.types.size(), "array element and index types exist");
        break;
      case type_kind::record:
        for (const auto& f : t.fields) PTMC_INVARIANT(f.second < m.types.size(), "record field types exist");
        break;
    }
  }
}

void validate_slots(const model& m) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> extents;  // [begin, end) in bits
  for (const slot& s : m.slots) {
    PTMC_INVARIANT(s.type < m.types.size(), "slot types exist");
    PTMC_INVARIANT(s.width <= 64, "slots are at most 64 bits wide");
    PTMC_INVARIANT(std::uint64_t{s.bit_offset} + s.width <= m.state_bits, "slots lie inside the state");
    switch (s.encoding) {
      case slot_encoding::offset:
        PTMC_INVARIANT(s.lo <= s.hi && slot_width(s.lo, s.hi, false) <= s.width,
                       "an offset slot is wide enough for its range");
        break;
      case slot_encoding::optional:
        PTMC_INVARIANT(s.lo <= s.hi && s.width >= 1 && slot_width(s.lo, s.hi, true) <= s.width,
                       "an optional slot is wide enough for its range and none");
        PTMC_INVARIANT(s.lo != none_value, "an optional slot's values exclude none_value");
        break;
      case slot_encoding::bitmask:
        PTMC_INVARIANT(s.lo == 0, "bitmask slots have lo = 0");
        break;
    }
    if (s.width > 0) extents.emplace_back(s.bit_offset, s.bit_offset + s.width);
  }
  std::sort(extents.begin(), extents.end());
  for (std::size_t i = 1; i < extents.size(); ++i)
    PTMC_INVARIANT(extents[i - 1].second <= extents[i].first, "slots do not overlap");
  for (const variable& v : m.variables) {
    PTMC_INVARIANT(v.type < m.types.size(), "variable types exist");
    PTMC_INVARIANT(std::uint64_t{v.first_slot} + v.slot_count <= m.slots.size(), "variable slots exist");
  }
}

void check_operand(const model& m, expr_id self, expr_id operand) {
  PTMC_INVARIANT(operand < self, "operands are defined before the expression using them");
  (void)m;
}

void expect_sort(const model& m, expr_id e, value_sort s) {
  PTMC_INVARIANT(m.exprs[e].sort == s, "operand sort matches the operator");
}

void validate_expr(const model& m, expr_id id) {
  const expr_node& n = m.exprs[id];
  switch (n.o) {
    case op::constant:
      return;
    case op::load:
      PTMC_INVARIANT(n.slot < m.slots.size(), "loaded slot exists");
      return;
    case op::load_dynamic:
      PTMC_INVARIANT(n.count >= 1 && std::uint64_t{n.slot} + std::uint64_t{n.count - 1} * n.stride < m.slots.size(),
                     "every slot a dynamic load may read exists");
      check_operand(m, id, n.a);
      expect_sort(m, n.a, value_sort::integer);
      return;
    case op::reg:
      PTMC_INVARIANT(n.reg < m.register_count, "registers are counted in register_count");
      return;
    case op::logical_not:
      check_operand(m, id, n.a);
      expect_sort(m, n.a, value_sort::boolean);
      PTMC_INVARIANT(n.sort == value_sort::boolean, "logical ops are boolean");
      return;
    case op::negate:
      check_operand(m, id, n.a);
      expect_sort(m, n.a, value_sort::integer);
      PTMC_INVARIANT(n.sort == value_sort::integer, "arithmetic is integer");
      return;
    case op::add: case op::sub: case op::mul: case op::div: case op::mod:
      check_operand(m, id, n.a);
      check_operand(m, id, n.b);
      expect_sort(m, n.a, value_sort::integer);
      expect_sort(m, n.b, value_sort::integer);
      PTMC_INVARIANT(n.sort == value_sort::integer, "arithmetic is integer");
      return;
    case op::eq: case op::ne:
      check_operand(m, id, n.a);
      check_operand(m, id, n.b);
      PTMC_INVARIANT(m.exprs[n.a].sort == m.exprs[n.b].sort, "equality compares values of one sort");
      PTMC_INVARIANT(n.sort == value_sort::boolean, "comparisons are boolean");
      return;
    case op::lt: case op::le: case op::gt: case op::ge:
      check_operand(m, id, n.a);
      check_operand(m, id, n.b);
      expect_sort(m, n.a, value_sort::integer);
      expect_sort(m, n.b, value_sort::integer);
      PTMC_INVARIANT(n.sort == value_sort::boolean, "comparisons are boolean");
      return;
    case op::logical_and: case op::logical_or: case op::implies:
      check_operand(m, id, n.a);
      check_operand(m, id, n.b);
      expect_sort(m, n.a, value_sort::boolean);
      expect_sort(m, n.b, value_sort::boolean);
      PTMC_INVARIANT(n.sort == value_sort::boolean, "logical ops are boolean");
      return;
    case op::ite:
      check_operand(m, id, n.a);
      check_operand(m, id, n.b);
      check_operand(m, id, n.c);
      expect_sort(m, n.a, value_sort::boolean);
      PTMC_INVARIANT(m.exprs[n.b].sort == n.sort && m.exprs[n.c].sort == n.sort, "ite branches have the ite's sort");
      return;
    case op::set_union: case op::set_inter: case op::set_diff:
      check_operand(m, id, n.a);
      check_operand(m, id, n.b);
      expect_sort(m, n.a, value_sort::set);
      expect_sort(m, n.b, value_sort::set);
      PTMC_INVARIANT(n.sort == value_sort::set, "set ops give sets");
      return;
    case op::set_has:
      check_operand(m, id, n.a);
      check_operand(m, id, n.b);
      expect_sort(m, n.a, value_sort::set);
      expect_sort(m, n.b, value_sort::integer);
      PTMC_INVARIANT(n.sort == value_sort::boolean, "membership is boolean");
      return;
    case op::set_singleton:
      check_operand(m, id, n.a);
      expect_sort(m, n.a, value_sort::integer);
      PTMC_INVARIANT(n.sort == value_sort::set, "a singleton is a set");
      return;
    case op::set_card: case op::set_min: case op::set_max:
      check_operand(m, id, n.a);
      expect_sort(m, n.a, value_sort::set);
      PTMC_INVARIANT(n.sort == value_sort::integer, "cardinality, min and max are integers");
      return;
    case op::is_none:
      check_operand(m, id, n.a);
      PTMC_INVARIANT(n.sort == value_sort::boolean, "is_none is boolean");
      return;
    case op::unwrap:
      check_operand(m, id, n.a);
      return;
  }
  PTMC_UNREACHABLE("all ops handled");
}

void expect_condition(const model& m, expr_id e) {
  PTMC_INVARIANT(e < m.exprs.size(), "statement expressions exist");
  PTMC_INVARIANT(m.exprs[e].sort == value_sort::boolean, "conditions are boolean");
}

void validate_stmts(const model& m, const std::vector<stmt>& body) {
  for (const stmt& s : body) {
    switch (s.kind) {
      case stmt_kind::store:
        PTMC_INVARIANT(s.slot < m.slots.size() && s.e < m.exprs.size(), "store slot and value exist");
        break;
      case stmt_kind::store_dynamic:
        PTMC_INVARIANT(s.count >= 1 && std::uint64_t{s.slot} + std::uint64_t{s.count - 1} * s.stride < m.slots.size(),
                       "every slot a dynamic store may write exists");
        PTMC_INVARIANT(s.e < m.exprs.size() && s.index < m.exprs.size(), "store value and index exist");
        PTMC_INVARIANT(m.exprs[s.index].sort == value_sort::integer, "indices are integers");
        break;
      case stmt_kind::set_reg:
        PTMC_INVARIANT(s.reg < m.register_count && s.e < m.exprs.size(), "register and value exist");
        break;
      case stmt_kind::assume:
      case stmt_kind::assert_:
        expect_condition(m, s.e);
        break;
      case stmt_kind::if_:
        expect_condition(m, s.e);
        validate_stmts(m, s.body);
        validate_stmts(m, s.else_body);
        break;
      case stmt_kind::choose:
        PTMC_INVARIANT(s.reg < m.register_count, "choose writes a counted register");
        break;
      case stmt_kind::emit:
        PTMC_INVARIANT(s.event < m.events.size(), "emitted events are declared");
        PTMC_INVARIANT(s.args.size() == m.events[s.event].param_names.size(), "events get their declared arity");
        for (const expr_id a : s.args) PTMC_INVARIANT(a < m.exprs.size(), "event arguments exist");
        break;
      case stmt_kind::error:
        break;
    }
  }
}

void validate_processes(const model& m) {
  for (std::uint32_t p = 0; p < m.processes.size(); ++p) {
    const process& pr = m.processes[p];
    PTMC_INVARIANT(pr.pc_slot < m.slots.size(), "pc slot exists");
    const slot& pc = m.slots[pr.pc_slot];
    PTMC_INVARIANT(pc.encoding == slot_encoding::offset && pc.lo == 0 && pc.hi == static_cast<value>(pr.pc_count) - 1,
                   "a pc slot ranges over 0..pc_count-1");
    PTMC_INVARIANT(pr.by_pc.size() == pr.pc_count, "by_pc has one entry per pc value");
    for (std::uint32_t pcv = 0; pcv < pr.pc_count; ++pcv)
      for (const transition_id t : pr.by_pc[pcv])
        PTMC_INVARIANT(t < m.transitions.size() && m.transitions[t].process == p && m.transitions[t].pc == pcv,
                       "by_pc lists transitions of this process starting at that pc");
    for (const std::uint32_t f : pr.final_pcs) PTMC_INVARIANT(f < pr.pc_count, "final pcs are pcs");
    if (pr.symmetric_domain >= 0) {
      PTMC_INVARIANT(static_cast<std::size_t>(pr.symmetric_domain) < m.symmetric_domains.size(), "process domain exists");
      PTMC_INVARIANT(pr.symmetric_index >= 0 && static_cast<std::uint32_t>(pr.symmetric_index) <
                                                     m.symmetric_domains[static_cast<std::size_t>(pr.symmetric_domain)].size,
                     "a process's symmetric index is an id of its domain");
    }
  }
  for (transition_id t = 0; t < m.transitions.size(); ++t) {
    const transition& tr = m.transitions[t];
    PTMC_INVARIANT(tr.process < m.processes.size(), "a transition's process exists");
    PTMC_INVARIANT(tr.pc < m.processes[tr.process].pc_count, "a transition's pc < pc_count");
    const auto& listed = m.processes[tr.process].by_pc[tr.pc];
    PTMC_INVARIANT(std::find(listed.begin(), listed.end(), t) != listed.end(), "every transition is listed in by_pc");
    validate_stmts(m, tr.effect);
  }
}

void validate_symmetry(const model& m) {
  for (const symmetric_domain& d : m.symmetric_domains) {
    PTMC_INVARIANT(d.size >= 1, "a symmetric domain has at least one id");
    for (const std::uint32_t f : d.fixed_ids) PTMC_INVARIANT(f < d.size, "fixed ids are ids of the domain");
    for (const symmetric_block& b : d.blocks)
      PTMC_INVARIANT(b.stride >= 1 && std::uint64_t{b.first} + std::uint64_t{b.stride} * d.size <= m.slots.size(),
                     "symmetric blocks lie inside the slots");
    for (const slot_id s : d.value_slots) PTMC_INVARIANT(s < m.slots.size(), "value slots exist");
    for (const slot_id s : d.set_slots)
      PTMC_INVARIANT(s < m.slots.size() && m.slots[s].encoding == slot_encoding::bitmask && m.slots[s].width == d.size,
                     "set slots are bitmasks over the domain");
    // Several process families may be indexed by one domain: each is listed as a run of `size`
    // instances in id order.
    PTMC_INVARIANT(d.processes.size() % d.size == 0, "a domain's processes come in families of one per id");
    for (std::uint32_t k = 0; k < d.processes.size(); ++k)
      PTMC_INVARIANT(d.processes[k] < m.processes.size() &&
                         m.processes[d.processes[k]].symmetric_index == static_cast<std::int32_t>(k % d.size),
                     "a domain's process families are listed in id order");
  }
}

}  // namespace

void validate(const model& m) {
  validate_types(m);
  validate_slots(m);
  for (expr_id e = 0; e < m.exprs.size(); ++e) validate_expr(m, e);
  validate_processes(m);
  validate_stmts(m, m.init);
  validate_symmetry(m);
  for (const invariant& inv : m.invariants) expect_condition(m, inv.condition);
  for (const observation& o : m.observations)
    PTMC_INVARIANT(o.value < m.exprs.size() && o.type < m.types.size(), "observations name expressions and types");
  for (const final_condition& c : m.conditions) expect_condition(m, c.condition);
}

}  // namespace ptmc::ir

#include "ir/support.h"

#include <algorithm>

#include "base/invariant.h"

namespace ptmc::ir {

std::uint32_t operand_count(op o) {
  switch (o) {
    case op::constant:
    case op::load:
    case op::reg:
      return 0;
    case op::load_dynamic:
    case op::logical_not:
    case op::negate:
    case op::set_singleton:
    case op::set_card:
    case op::set_min:
    case op::set_max:
    case op::is_none:
    case op::unwrap:
      return 1;
    case op::ite:
      return 3;
    case op::add:
    case op::sub:
    case op::mul:
    case op::div:
    case op::mod:
    case op::eq:
    case op::ne:
    case op::lt:
    case op::le:
    case op::gt:
    case op::ge:
    case op::logical_and:
    case op::logical_or:
    case op::implies:
    case op::set_union:
    case op::set_inter:
    case op::set_diff:
    case op::set_has:
      return 2;
  }
  PTMC_UNREACHABLE("every op has an operand count");
}

namespace {

// Calls visit(node) once for every node reachable from root. An explicit stack, because unrolled
// quantifiers give deep chains of and/or.
template <typename Visit>
void for_each_node(const model& m, expr_id root, Visit visit) {
  PTMC_INVARIANT(root < m.exprs.size(), "expression ids index model::exprs");
  std::vector<bool> seen(m.exprs.size(), false);
  std::vector<expr_id> pending{root};
  seen[root] = true;
  while (!pending.empty()) {
    const expr_node& node = m.exprs[pending.back()];
    pending.pop_back();
    visit(node);
    const expr_id operands[] = {node.a, node.b, node.c};
    for (std::uint32_t i = 0; i < operand_count(node.o); ++i) {
      PTMC_INVARIANT(operands[i] < m.exprs.size(), "operand ids index model::exprs");
      if (seen[operands[i]]) continue;
      seen[operands[i]] = true;
      pending.push_back(operands[i]);
    }
  }
}

}  // namespace

std::vector<slot_id> slot_support(const model& m, expr_id e) {
  std::vector<slot_id> support;
  for_each_node(m, e, [&](const expr_node& node) {
    if (node.o == op::load) support.push_back(node.slot);
    if (node.o == op::load_dynamic)
      for (std::uint32_t i = 0; i < node.count; ++i) support.push_back(node.slot + i * node.stride);
  });
  std::sort(support.begin(), support.end());
  support.erase(std::unique(support.begin(), support.end()), support.end());
  return support;
}

bool reads_registers(const model& m, expr_id e) {
  bool found = false;
  for_each_node(m, e, [&](const expr_node& node) { found = found || node.o == op::reg; });
  return found;
}

}  // namespace ptmc::ir

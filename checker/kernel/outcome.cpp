// Outcomes and the small evaluator of final conditions over them.
#include "kernel/outcome.h"

#include <tuple>

#include "lang/frontend.h"

namespace ptmc::kernel {
namespace {

// A value is an enum name, "true" or "false"; nullopt when it cannot be had.
std::optional<std::string> value_of(const lang::expr& e, const std::map<std::string, std::string>& values) {
  auto boolean = [](bool b) { return std::optional<std::string>(b ? "true" : "false"); };
  auto lookup = [&](const std::string& key) -> std::optional<std::string> {
    const auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
  switch (e.kind) {
    case lang::expr_kind::bool_lit: return boolean(e.int_value != 0);
    case lang::expr_kind::int_lit: return std::to_string(e.int_value);
    case lang::expr_kind::name:
      if (e.ref == lang::ref_kind::enum_value) return e.name;
      if (e.ref == lang::ref_kind::observation) return lookup(e.name);
      return std::nullopt;
    case lang::expr_kind::field:
      if (e.ref == lang::ref_kind::register_ && e.operands.size() == 1 && e.operands[0] &&
          e.operands[0]->kind == lang::expr_kind::name)
        return lookup(e.operands[0]->name + "." + e.name);
      return std::nullopt;
    case lang::expr_kind::unary: {
      if (e.uop != lang::unary_op::logical_not || e.operands.size() != 1 || !e.operands[0]) return std::nullopt;
      const auto v = value_of(*e.operands[0], values);
      if (!v || (*v != "true" && *v != "false")) return std::nullopt;
      return boolean(*v == "false");
    }
    case lang::expr_kind::conditional: {
      if (e.operands.size() != 3 || !e.operands[0] || !e.operands[1] || !e.operands[2]) return std::nullopt;
      const auto c = value_of(*e.operands[0], values);
      if (!c || (*c != "true" && *c != "false")) return std::nullopt;
      return value_of(*e.operands[*c == "true" ? 1 : 2], values);
    }
    case lang::expr_kind::binary: {
      if (e.operands.size() != 2 || !e.operands[0] || !e.operands[1]) return std::nullopt;
      const auto a = value_of(*e.operands[0], values);
      switch (e.bop) {
        case lang::binary_op::logical_and:
        case lang::binary_op::logical_or:
        case lang::binary_op::implies: {
          // Short-circuit as C does, so a decided left side does not need the right one.
          if (a && (*a == "true" || *a == "false")) {
            const bool av = *a == "true";
            if (e.bop == lang::binary_op::logical_and && !av) return boolean(false);
            if (e.bop == lang::binary_op::logical_or && av) return boolean(true);
            if (e.bop == lang::binary_op::implies && !av) return boolean(true);
          } else if (a) {
            return std::nullopt;
          }
          const auto b = value_of(*e.operands[1], values);
          if (!b || (*b != "true" && *b != "false")) return std::nullopt;
          if (!a) {
            // The left side is unknown: the right side may still decide.
            const bool bv = *b == "true";
            if (e.bop == lang::binary_op::logical_and && !bv) return boolean(false);
            if (e.bop != lang::binary_op::logical_and && bv) return boolean(true);
            return std::nullopt;
          }
          return boolean(*b == "true");
        }
        case lang::binary_op::eq:
        case lang::binary_op::ne: {
          const auto b = value_of(*e.operands[1], values);
          if (!a || !b) return std::nullopt;
          return boolean((*a == *b) == (e.bop == lang::binary_op::eq));
        }
        default: return std::nullopt;
      }
    }
    default: return std::nullopt;
  }
}

}  // namespace

bool outcome::operator<(const outcome& o) const {
  return std::tie(hang, values, blocked, harness_error) < std::tie(o.hang, o.values, o.blocked, o.harness_error);
}

bool outcome::operator==(const outcome& o) const {
  return std::tie(hang, values, blocked, harness_error) == std::tie(o.hang, o.values, o.blocked, o.harness_error);
}

std::string outcome_text(const outcome& o, const std::vector<std::string>& names) {
  std::string s;
  for (const std::string& n : names) {
    const auto it = o.values.find(n);
    if (it == o.values.end()) continue;
    s += (s.empty() ? "" : "; ") + n + "=" + it->second;
  }
  if (o.hang) s += (s.empty() ? "" : "; ") + std::string("HANG: blocked: ") + o.blocked;
  if (!o.harness_error.empty()) s += (s.empty() ? "" : "; ") + std::string("HARNESS ERROR: ") + o.harness_error;
  return s;
}

std::optional<bool> evaluate(const lang::expr& condition, const std::map<std::string, std::string>& values) {
  const auto v = value_of(condition, values);
  if (!v || (*v != "true" && *v != "false")) return std::nullopt;
  return *v == "true";
}

verdict condition_verdict(lang::condition_kind kind, const lang::expr& condition,
                          const std::vector<const outcome*>& completed) {
  bool any_true = false, any_false = false, any_unknown = false;
  for (const outcome* o : completed) {
    const auto v = evaluate(condition, o->values);
    if (!v) any_unknown = true;
    else if (*v) any_true = true;
    else any_false = true;
  }
  switch (kind) {
    case lang::condition_kind::exists:
      if (any_true) return verdict::holds;
      return any_unknown ? verdict::unknown : verdict::violated;
    case lang::condition_kind::forall:
      if (any_false) return verdict::violated;
      if (any_unknown) return verdict::unknown;
      return completed.empty() ? verdict::vacuous : verdict::holds;
    case lang::condition_kind::not_exists:
      if (any_true) return verdict::violated;
      if (any_unknown) return verdict::unknown;
      return completed.empty() ? verdict::vacuous : verdict::holds;
  }
  return verdict::unknown;
}

std::string condition_text(const lang::decl& condition) {
  const char* word = condition.cond == lang::condition_kind::exists   ? "exists"
                     : condition.cond == lang::condition_kind::forall ? "forall"
                                                                      : "~exists";
  return std::string(word) + " (" + (condition.value ? lang::print(*condition.value) : "") + ")";
}

}  // namespace ptmc::kernel

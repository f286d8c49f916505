// Building IR by hand: types, variables laid out in slots, expressions, effects, processes.
//
// Used by the lowering and by tests. The builder lays out every variable in the flattening order
// of values.h, packs slots tightly (a slot is as wide as the bits its value count needs; a slot with
// a single possible value has width 0) and keeps model::state_bits up to date. Expressions are
// appended bottom-up, so an expression's operands always have smaller ids than the expression.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ir/ir.h"
#include "ir/validate.h"
#include "ir/values.h"

namespace ptmc::ir {

// Bits needed to store `count` distinct values (0 for count <= 1).
std::uint8_t bits_for(std::uint64_t count);

// The width of a slot holding lo..hi (lo <= hi), with one more code for none if `optional`:
// bits_for(hi - lo + 1) or bits_for(hi - lo + 2), computed without overflow, so the full int64
// range takes 64 bits. Above 64 bits (an optional over all 2^64 int64 values) it returns 65.
unsigned slot_width(value lo, value hi, bool optional);

// The per-instance layout of a process family (one process per id of a symmetric domain):
// instance k's pc is slot first_slot + k*stride, its local j is first_slot + k*stride + local_offsets[j].
struct process_family {
  std::vector<std::uint32_t> processes;       // process ids, in domain id order
  slot_id first_slot = 0;
  std::uint32_t stride = 0;
  std::vector<std::uint32_t> local_offsets;   // per local, its first slot relative to the pc slot

  slot_id pc_slot(std::uint32_t id) const { return first_slot + id * stride; }
  slot_id local_slot(std::uint32_t id, std::size_t local) const { return first_slot + id * stride + local_offsets[local]; }
};

class builder {
 public:
  explicit builder(std::string model_name = "model");

  // ------------------------------------------------------------ types
  type_id type_bool();
  type_id type_range(value lo, value hi, std::string name = "");
  type_id type_enum(std::string name, std::vector<std::string> value_names);
  // A symmetric type of `size` ids; also creates its symmetric domain (see symmetric_domain_of).
  type_id type_symmetric(std::string name, std::uint32_t size, std::vector<std::uint32_t> fixed_ids = {});
  type_id type_set(type_id elem);                          // elem: a domain type with <= 64 values
  type_id type_array(type_id elem, type_id index);         // index: a domain type
  type_id type_record(std::string name, std::vector<std::pair<std::string, type_id>> fields);
  type_id type_list(type_id elem, std::uint32_t capacity);
  type_id type_optional(type_id inner);

  // The symmetric domain index of a symmetric type.
  std::uint32_t symmetric_domain_of(type_id symmetric_type) const;

  // ------------------------------------------------------------ variables
  // Lays out a variable's slots after all slots allocated so far and returns its first slot.
  // Symmetry bookkeeping is automatic: arrays indexed by a symmetric type become blocks of its
  // domain, slots holding an id (or optional id) become value slots, sets over it set slots.
  slot_id add_variable(std::string name, type_id t, var_kind kind = var_kind::global);
  // The variable with a given name (aborts if absent).
  const variable& variable_named(const std::string& name) const;

  // ------------------------------------------------------------ expressions
  expr_id constant(value v, value_sort sort = value_sort::integer);
  expr_id truth(bool b) { return constant(b ? 1 : 0, value_sort::boolean); }
  // The none of an optional whose inner type has `sort` (see value_sort).
  expr_id none(value_sort sort = value_sort::integer) { return constant(none_value, sort); }
  expr_id load(slot_id s);
  // The slot base + index*stride, for index in 0..count-1.
  expr_id load_dynamic(slot_id base, std::uint32_t stride, std::uint32_t count, expr_id index);
  expr_id reg(std::uint32_t r, value_sort sort = value_sort::integer);
  // Any unary op (logical_not, negate, set_singleton, set_card, set_min, set_max, is_none, unwrap).
  expr_id unary(op o, expr_id a);
  // Any binary op (arithmetic, comparison, logical, set_union/inter/diff, set_has).
  expr_id binary(op o, expr_id a, expr_id b);
  expr_id ite(expr_id cond, expr_id then_e, expr_id else_e);

  expr_id add(expr_id a, expr_id b) { return binary(op::add, a, b); }
  expr_id sub(expr_id a, expr_id b) { return binary(op::sub, a, b); }
  expr_id eq(expr_id a, expr_id b) { return binary(op::eq, a, b); }
  expr_id ne(expr_id a, expr_id b) { return binary(op::ne, a, b); }
  expr_id lt(expr_id a, expr_id b) { return binary(op::lt, a, b); }
  expr_id le(expr_id a, expr_id b) { return binary(op::le, a, b); }
  expr_id land(expr_id a, expr_id b) { return binary(op::logical_and, a, b); }
  expr_id lor(expr_id a, expr_id b) { return binary(op::logical_or, a, b); }
  expr_id lnot(expr_id a) { return unary(op::logical_not, a); }
  // load(s) == v, the common guard.
  expr_id slot_is(slot_id s, value v) { return eq(load(s), constant(v)); }

  // ------------------------------------------------------------ statements
  static stmt store(slot_id s, expr_id e);
  static stmt store_dynamic(slot_id base, std::uint32_t stride, std::uint32_t count, expr_id index, expr_id e);
  static stmt set_reg(std::uint32_t r, expr_id e);
  static stmt assume(expr_id cond);
  static stmt assert_(expr_id cond, std::string message);
  static stmt if_(expr_id cond, std::vector<stmt> body, std::vector<stmt> else_body = {});
  static stmt choose(std::uint32_t r, std::uint32_t count);
  static stmt emit(std::uint32_t event, std::vector<expr_id> args = {});
  static stmt error(std::string message);
  // s := constant v.
  stmt store_const(slot_id s, value v) { return store(s, constant(v)); }

  // A fresh step-local register.
  std::uint32_t new_register();

  // ------------------------------------------------------------ processes and transitions
  // Adds a process instance; its pc is a new variable "<name>.pc" (kind pc, range 0..pc_count-1).
  std::uint32_t add_process(std::string name, std::uint32_t pc_count, process_role role = process_role::kernel);
  // Adds one process "<name>[k]" per id k of a symmetric domain, each with a pc and the given
  // locals ("<name>[k].<local>"), laid out instance after instance; the instances' slots form one
  // block of the domain and the processes are registered with it.
  process_family add_process_family(std::string name, std::uint32_t domain, std::uint32_t pc_count,
                                    const std::vector<std::pair<std::string, type_id>>& locals,
                                    process_role role = process_role::kernel);
  // pc := v for a process.
  stmt set_pc(std::uint32_t process, std::uint32_t pc);
  // Adds a transition of `process` enabled at `pc`; the effect must set the pc if it changes.
  transition_id add_transition(std::uint32_t process, std::uint32_t pc, std::string name, std::vector<stmt> effect);
  // Same, appending `pc := next_pc` to the effect.
  transition_id add_transition(std::uint32_t process, std::uint32_t pc, std::string name, std::vector<stmt> effect,
                               std::uint32_t next_pc);
  void mark_final(std::uint32_t process, std::uint32_t pc);

  // ------------------------------------------------------------ events, init, properties, symmetry
  std::uint32_t add_event(std::string name, std::vector<std::pair<std::string, type_id>> params = {});
  void add_init(stmt s);
  void add_invariant(std::string name, expr_id condition, std::string doc = "");
  // Explicit symmetry bookkeeping for layouts the automatic rules do not see (duplicates are ignored).
  void add_symmetric_block(std::uint32_t domain, slot_id first, std::uint32_t stride);
  void add_symmetric_value_slot(std::uint32_t domain, slot_id s);
  void add_symmetric_set_slot(std::uint32_t domain, slot_id s);

  // The model built so far.
  const model& peek() const { return m_; }
  model& edit() { return m_; }
  // Validates and hands over the model.
  model finish();

 private:
  type_id add_type(type t);
  expr_id push_expr(expr_node n);
  value_sort sort_of_slot(slot_id s) const;
  void lay_out(const std::string& path, type_id t);
  slot_id add_slot(const std::string& path, type_id t, slot_encoding enc, value lo, value hi, std::uint8_t width);
  void register_symmetry(type_id t, slot_id first);
  void register_scalar_symmetry(type_id scalar_type, slot_encoding enc, slot_id s);
  // Internal types (list lengths, presence flags, pcs), created once per distinct range.
  type_id internal_range(value lo, value hi, const std::string& name);

  model m_;
  std::vector<std::pair<std::string, type_id>> internal_types_;  // "name:lo:hi" -> type
};

}  // namespace ptmc::ir

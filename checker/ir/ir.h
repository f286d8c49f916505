// The intermediate representation: a flat, finite transition system.
//
// A state is a fixed-size bit vector. Every variable of the model is flattened into scalar
// *slots* (one per leaf: bool, range, enum, symmetric id, set bitmask, optional, list length),
// each with a fixed bit offset and width. Processes (kernel paths, userland programs) are
// expanded per instance; each instance has a pc slot, and per pc value a list of transitions.
// A transition is a guarded, possibly nondeterministic atomic step: an effect program whose
// `assume` statements decide whether it is enabled and whose `choose` statements branch.
//
// The IR knows nothing of the parser: the engine is tested on hand-built IR (see builder.h).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace ptmc::ir {

// Values in expressions are int64. Booleans are 0/1; sets are bitmasks over their domain;
// an optional without a value is `none_value`.
using value = std::int64_t;
constexpr value none_value = std::numeric_limits<value>::min();

// Where a rule came from, for traces and reports.
struct source_loc {
  std::string file;
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// ---------------------------------------------------------------- types (for layout and printing)

using type_id = std::uint32_t;

enum class type_kind { boolean, range, enumeration, symmetric, set, array, record, list, optional };

struct type {
  type_kind kind = type_kind::boolean;
  std::string name;                      // declared name, for printing ("Sig", "Tid"); may be empty
  value lo = 0, hi = 1;                  // range bounds; enumeration/symmetric: 0..count-1
  std::vector<std::string> value_names;  // enumeration constants
  type_id elem = 0;                      // set: element domain; array/list: element; optional: inner
  type_id index = 0;                     // array: index domain
  std::uint32_t capacity = 0;            // list
  std::vector<std::pair<std::string, type_id>> fields;  // record
  std::int32_t symmetric_domain = -1;    // symmetric: its index in model::symmetric_domains

  // Number of values of a domain type (boolean, range, enumeration, symmetric), saturating at the
  // largest int64: a range may span (nearly) the whole int64 line.
  value domain_size() const {
    const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    constexpr value most = std::numeric_limits<value>::max();
    return span >= static_cast<std::uint64_t>(most) ? most : static_cast<value>(span) + 1;
  }
};

// ---------------------------------------------------------------- state layout

using slot_id = std::uint32_t;

// How a slot's stored bits map to a value.
enum class slot_encoding {
  offset,    // stored = value - lo
  optional,  // stored = 0 for none, value - lo + 1 otherwise
  bitmask,   // a set: stored = the mask itself (lo = 0)
};

struct slot {
  std::uint32_t bit_offset = 0;
  std::uint8_t width = 0;            // bits; 0 for a slot with a single possible value
  slot_encoding encoding = slot_encoding::offset;
  value lo = 0, hi = 0;              // the value range (bitmask: unused, width = domain size); stores
                                     // outside the range are model errors
  type_id type = 0;                  // the scalar type of the slot (for printing and symmetry)
  std::string path;                  // e.g. "task[1].pending", "thread[0].pc"
};

// A model variable (global, process-local, syscall parameter, register, pc) and its slots.
enum class var_kind { global, local, pc, monitor };

struct variable {
  std::string name;                  // "task", "thread[1].scratch", "thread[1].pc"
  var_kind kind = var_kind::global;
  type_id type = 0;
  slot_id first_slot = 0;
  std::uint32_t slot_count = 0;      // leaves in a fixed, documented order (see layout.h)
  source_loc where;
};

// ---------------------------------------------------------------- expressions

using expr_id = std::uint32_t;

enum class op : std::uint8_t {
  constant,      // value
  load,          // the value of slot `slot`
  load_dynamic,  // the value of slot `slot + index * stride`, index = a (checked 0 <= index < count)
  reg,           // the step-local register `reg` (let, for, choose, quantifier variables)
  logical_not, negate,
  add, sub, mul, div, mod,                // model error on division by zero
  eq, ne, lt, le, gt, ge,
  logical_and, logical_or, implies,       // short-circuit
  ite,                                    // a ? b : c
  set_union, set_inter, set_diff,         // bitmask ops
  set_has,                                // (a >> b) & 1: b is an element index (value - domain lo)
  set_singleton,                          // 1 << a
  set_card,                               // popcount
  set_min, set_max,                       // index of the lowest/highest set bit; model error on empty
  is_none,                                // a == none_value
  unwrap,                                 // a, model error if none
};

// The sort of an expression. A load has the sort of its slot's type; the slot of an optional
// scalar has the inner type, so a `bool?` loads as a boolean and a `set<T>?` as a set, either of
// which may be none_value. A `none` is therefore a constant of the inner type's sort. The presence
// slot of an optional aggregate is a boolean.
enum class value_sort : std::uint8_t { boolean, integer, set };

struct expr_node {
  op o = op::constant;
  value_sort sort = value_sort::integer;
  value constant = 0;          // constant
  slot_id slot = 0;            // load, load_dynamic (base slot)
  std::uint32_t reg = 0;       // reg
  std::uint32_t stride = 0;    // load_dynamic
  std::uint32_t count = 0;     // load_dynamic: number of valid indices
  expr_id a = 0, b = 0, c = 0; // operands
};

// ---------------------------------------------------------------- effects

enum class stmt_kind : std::uint8_t {
  store,          // slot := e (range-checked)
  store_dynamic,  // slot + index*stride := e (index and value checked)
  set_reg,        // reg := e
  assume,         // if !e the transition is not enabled (nothing it did happens)
  assert_,        // if !e: model error `message`
  if_,            // if e then body else else_body
  choose,         // reg := some value in 0..count-1 (nondeterministic); each choice is a transition
  emit,           // observable event `event` with argument expressions args
  error,          // model error `message` (e.g. an impossible path)
};

struct stmt {
  stmt_kind kind = stmt_kind::store;
  slot_id slot = 0;
  std::uint32_t stride = 0, count = 0;   // store_dynamic; choose: number of choices
  std::uint32_t reg = 0;
  expr_id e = 0;                         // value / condition
  expr_id index = 0;                     // store_dynamic
  std::uint32_t event = 0;
  std::vector<expr_id> args;             // emit
  std::vector<stmt> body, else_body;     // if_
  std::string message;                   // assert_, error
};

// ---------------------------------------------------------------- processes and transitions

using transition_id = std::uint32_t;

struct transition {
  std::string name;            // the label, or "ptrace_detach:wake", or "line 42"
  std::uint32_t process = 0;   // owning process instance
  std::uint32_t pc = 0;        // the pc value it starts from
  std::vector<stmt> effect;    // runs atomically; must set the pc slot if the pc changes
  source_loc where;
  bool in_syscall = false;     // a step of a syscall body run by a userland process (kernel code)
};

enum class process_role { kernel, program, environment };

struct process {
  std::string name;            // "thread[1]", "tracer"
  process_role role = process_role::kernel;
  bool fair = true;
  slot_id pc_slot = 0;
  std::uint32_t pc_count = 1;
  std::vector<std::vector<transition_id>> by_pc;     // transitions per pc value
  std::vector<std::uint32_t> final_pcs;              // pcs where the process has finished
  std::vector<std::pair<std::string, std::uint32_t>> labels;  // label -> pc
  std::int32_t symmetric_domain = -1;                // instances indexed by a symmetric domain
  std::int32_t symmetric_index = -1;                 // this instance's id in that domain
};

// Weak fairness is per *agent*: each process has two, its own steps and the syscall-body steps it
// runs for a userland program (kernel code, transition::in_syscall). A kernel-code agent is always
// fair: once a program is inside a syscall, the kernel path goes on whenever it can. A process's own
// steps are fair when the process is (process::fair): kernel processes by default, userland
// programs and the most general environment not, since they may stop calling at any time.
using agent_id = std::uint32_t;
inline agent_id agent_of(std::uint32_t process, bool in_syscall) { return process * 2 + (in_syscall ? 1 : 0); }
inline std::uint32_t process_of_agent(agent_id a) { return a / 2; }
inline bool agent_is_syscall(agent_id a) { return a % 2 == 1; }

// ---------------------------------------------------------------- symmetry

// A run of slots repeated once per id of a symmetric domain: element i occupies slots
// [first + i*stride, first + i*stride + stride). Permuting ids moves the runs.
struct symmetric_block {
  slot_id first = 0;
  std::uint32_t stride = 0;
};

struct symmetric_domain {
  std::string name;                       // "Tid"
  std::uint32_t size = 0;
  std::vector<std::uint32_t> fixed_ids;   // ids named as constants (Tid(0)): never permuted
  std::vector<symmetric_block> blocks;    // arrays indexed by the domain, per-instance process state
  std::vector<slot_id> value_slots;       // slots holding an id (or optional id) of the domain
  std::vector<slot_id> set_slots;         // sets over the domain (bit i = id i)
  std::vector<std::uint32_t> processes;   // process instances indexed by the domain, in id order;
                                          // several families: consecutive runs of `size` instances
};

// ---------------------------------------------------------------- events and properties

struct event_decl {
  std::string name;
  std::vector<std::string> param_names;
  std::vector<type_id> param_types;
};

struct invariant {
  std::string name;
  std::string doc;
  expr_id condition = 0;      // must be true in every reachable state
  source_loc where;
};

// ---------------------------------------------------------------- scenario outcomes

// Something a scenario observes in a final state (a program register, an `observe` expression).
struct observation {
  std::string name;          // "tracer.r0", "fate"
  expr_id value = 0;         // scalar expression over the state
  type_id type = 0;          // for printing the value
};

enum class condition_kind { exists, forall, not_exists };

// A herd7-style final condition over the final states of a scenario.
struct final_condition {
  condition_kind kind = condition_kind::exists;
  expr_id condition = 0;              // boolean expression over the final state
  std::vector<std::string> models;    // applies only to these model names (empty: to all)
  std::string text;                   // as written
  source_loc where;
};

// ---------------------------------------------------------------- the model

struct model {
  std::string name;                              // model name; proposals: their own name
  std::vector<std::string> chain;                // names: this model, then its bases
  std::vector<std::pair<std::string, value>> params;

  std::vector<type> types;
  std::vector<slot> slots;
  std::vector<variable> variables;
  std::uint32_t state_bits = 0;
  std::uint32_t state_words() const { return (state_bits + 63) / 64; }

  std::vector<expr_node> exprs;
  std::uint32_t register_count = 0;              // step-local registers any program uses

  std::vector<process> processes;
  std::vector<transition> transitions;
  std::vector<event_decl> events;
  std::vector<symmetric_domain> symmetric_domains;

  // Run once, in order, on the all-zero state (every slot at its encoded 0 value) to build the
  // initial states; each choice gives a different initial state.
  std::vector<stmt> init;

  std::vector<invariant> invariants;

  // Set when a scenario was lowered with the model: its name, outcomes and final conditions.
  std::string scenario;
  std::vector<observation> observations;
  std::vector<final_condition> conditions;
};

// The fairness agent of a transition, how many agents a model has, and whether one is fair (see
// agent_id above).
inline agent_id agent_of(const model& m, transition_id t) {
  return agent_of(m.transitions[t].process, m.transitions[t].in_syscall);
}
inline std::uint32_t agent_count(const model& m) { return static_cast<std::uint32_t>(m.processes.size() * 2); }
inline bool agent_is_fair(const model& m, agent_id a) {
  return agent_is_syscall(a) || m.processes[process_of_agent(a)].fair;
}
inline std::string agent_name(const model& m, agent_id a) {
  return m.processes[process_of_agent(a)].name + (agent_is_syscall(a) ? " (in a syscall)" : "");
}

}  // namespace ptmc::ir

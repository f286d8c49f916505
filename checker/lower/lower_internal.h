// The lowering's private interface, split by phase across lower.cpp (driver, types, state, init,
// properties, scenario), exprs.cpp (expressions, places, atomic effects) and cfg.cpp (control
// flow of process, program and syscall bodies).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "ir/builder.h"
#include "lang/frontend.h"
#include "lower/lower.h"

namespace ptmc::lower::detail {

ir::source_loc loc_of(const span& s);
// "file:line: ", the prefix of model-error messages raised by the statement at `s`.
std::string error_prefix(const span& s);

// Where a value of some (possibly aggregate) type lives: consecutive leaves starting at a static
// slot, shifted by dynamic index terms, or consecutive step-local registers.
struct place {
  struct term {
    ir::expr_id index = 0;       // an element index, 0-based
    std::uint32_t stride = 0;    // leaves per element
    std::uint32_t count = 0;     // number of elements
  };
  bool in_registers = false;
  const lang::type* ty = nullptr;
  std::uint32_t base = 0;        // first slot, or first register
  std::vector<term> dynamic;
};

// What a local name stands for while lowering a body.
struct binding {
  std::string name;
  bool is_place = false;
  std::vector<ir::expr_id> leaves;   // a value (constants, register reads)
  place where;                       // a place (process locals, syscall parameters, list elements)
};

// A syscall expanded at one call site of a userland process.
struct call_frame {
  const lang::decl* syscall = nullptr;
  int return_node = -1;                     // CFG node the caller continues at
  std::string result_register;              // register receiving the result, if any
  const lang::stmt* call = nullptr;         // the call statement (arguments); null for env calls
  std::map<std::string, ir::value> self;    // bound `self` parameter (name -> value), per instance
};

// One step of a process's control-flow graph, before pcs are numbered.
struct cfg_step {
  enum class kind {
    effect,      // a simple statement or an atomic block: its effect, then `to`
    guard,       // `cond` (negated if `negate`) must hold; then `to`
    call_enter,  // pass the arguments of frame `callee`, run its `var` initialisers, enter its body
    ret,         // return from frame `frame` (statement `s`, may be null for falling off the end)
    expect,      // a scenario expectation: model error if `cond` is false
    env_call,    // most general environment: bound check, choose arguments, enter frame `callee`
  };
  kind k = kind::effect;
  int from = -1, to = -1;
  const lang::stmt* s = nullptr;
  const lang::expr* cond = nullptr;
  bool negate = false;
  int frame = -1;        // the frame this step runs in (-1: the process body)
  int callee = -1;       // call_enter/env_call
  std::string name;
  std::string label;     // the label of the statement this step starts, if any
  ir::source_loc where;
};

// The control-flow graph of one process declaration (shared by all its instances).
struct process_cfg {
  std::vector<int> parent;                  // union-find over nodes
  std::vector<cfg_step> steps;
  std::vector<call_frame> frames;
  std::vector<std::pair<std::string, int>> labels;   // label -> node
  std::vector<std::pair<std::string, const lang::type*>> locals;  // persistent per-instance state
  std::vector<const lang::stmt*> process_vars;       // `var` statements of the process body
  std::vector<std::pair<std::string, const lang::type*>> registers;  // program registers
  int entry = -1;
  std::vector<int> final_nodes;
  // After numbering:
  std::vector<std::uint32_t> pc_of_node;
  std::uint32_t pc_count = 0;

  int new_node();
  int find(int n);
  void alias(int a, int b);
  void number();                            // fills pc_of_node and pc_count
  std::uint32_t pc(int node) { return pc_of_node[find(node)]; }
};

// An instance of a process declaration: its IR process and how its locals are laid out.
struct instance {
  std::uint32_t process = 0;
  std::map<std::string, ir::slot_id> locals;     // local name -> first slot
  std::vector<binding> constants;                // the index variable
  std::optional<ir::expr_id> self;               // the caller identity (`program ... as e`, env actor)
};

struct process_info {
  const lang::decl* decl = nullptr;        // process, program, or null for env processes
  std::string name;
  process_cfg cfg;
  std::vector<instance> instances;         // in index order
  const lang::type* index_type = nullptr;  // null when not indexed
};

// Per-step lowering state for effects.
struct effect_ctx {
  process_info* proc = nullptr;            // null in init and properties
  instance* inst = nullptr;
  int frame = -1;
  std::vector<ir::stmt>* out = nullptr;
  std::optional<std::uint32_t> returned;   // register set to 1 once a `return` ran in this step
};

// The hidden monitor of an `after ev(pattern) ~> Q` property (see lower.h, liveness_property).
struct after_monitor {
  const lang::decl* property = nullptr;
  ir::slot_id pending = 0;                       // the bool variable after:NAME
  std::vector<std::optional<ir::expr_id>> args;  // the pattern: nullopt for `_`
  ir::expr_id target = 0;                        // Q
};

class lowerer {
 public:
  lowerer(const lang::model_program& model, const options& opts, diagnostics& diags);

  std::unique_ptr<lowered_model> run(const std::vector<const lang::properties_program*>& properties,
                                     const lang::scenario_program* scenario);

  // ------------------------------------------------------------ lower.cpp
  ir::type_id ir_type(const lang::type* t);
  static std::uint32_t leaf_count(const lang::type* t);
  static bool is_scalar(const lang::type* t);
  void leaf_defaults(const lang::type* t, std::vector<ir::value>& out);
  ir::value enum_index(const lang::decl* enum_decl, const std::string& name) const;
  ir::value constant_of(const lang::expr& e) const;   // param, const, enum value
  bool unsupported(span where, const std::string& what);

  // ------------------------------------------------------------ exprs.cpp
  std::vector<ir::expr_id> leaves(const lang::expr& e, effect_ctx& ctx);
  // The leaves of `e` as a value of type `target`, which e's type is assignable to: a value of an
  // aggregate T flowing into a T? gains the presence flag its place has (scalars need nothing).
  std::vector<ir::expr_id> leaves_as(const lang::expr& e, const lang::type* target, effect_ctx& ctx);
  ir::expr_id scalar(const lang::expr& e, effect_ctx& ctx);
  std::optional<place> place_of(const lang::expr& e, effect_ctx& ctx);
  std::vector<ir::expr_id> read(const place& p);
  ir::expr_id read_leaf(const place& p, std::uint32_t k);
  void write(const place& p, const std::vector<ir::expr_id>& values, effect_ctx& ctx);
  void write_leaf(const place& p, std::uint32_t k, ir::expr_id v, effect_ctx& ctx);
  place element(const place& list_or_array, ir::expr_id index, std::uint32_t count, std::uint32_t stride,
                std::uint32_t offset);
  std::optional<ir::value> folded(ir::expr_id e) const;
  ir::expr_id domain_index(ir::expr_id value, const lang::type* domain);   // value - lo
  std::vector<ir::value> domain_values(const lang::type* domain) const;
  const binding* lookup(const std::string& name) const;
  void push_binding(binding b) { scope_.push_back(std::move(b)); }
  void pop_bindings(std::size_t to) { scope_.resize(to); }
  std::size_t scope_mark() const { return scope_.size(); }
  ir::expr_id at_label(const lang::expr& e, effect_ctx& ctx);
  // Binds a fn call's parameters to its arguments' values; returns the scope mark to pop to.
  std::size_t bind_fn_arguments(const lang::expr& call, effect_ctx& ctx);
  // A place's dynamic terms as one (index, stride, count) addressing.
  place::term flat_term(const place& p);

  void effects(const std::vector<lang::stmt_ptr>& body, effect_ctx& ctx);
  void effects_from(const std::vector<lang::stmt_ptr>& body, std::size_t first, effect_ctx& ctx);
  void effect(const lang::stmt& s, effect_ctx& ctx);
  void assign(const lang::stmt& s, effect_ctx& ctx);
  void call_inline(const lang::stmt& s, effect_ctx& ctx);
  void call_builtin(const lang::stmt& s, effect_ctx& ctx);
  void emit_return(const lang::stmt* s, effect_ctx& ctx);
  // At the point where `event` is emitted with `args`: the handlers of every monitor on it, in order,
  // then the trigger of every `after` property on it.
  void run_monitors(const std::string& event, const std::vector<ir::expr_id>& args, effect_ctx& ctx);
  void reset_frame_locals(effect_ctx& ctx, int frame);
  static bool contains_return(const lang::stmt& s);

  // ------------------------------------------------------------ monitors.cpp
  // Lays out the monitors' vars and the `after` properties' hidden variables (global state slots of kind
  // ir::var_kind::monitor) and indexes the handlers by event.
  void add_monitor_state(const std::vector<const lang::properties_program*>& properties,
                         const lang::scenario_program* scenario);
  // The monitor vars' initialisers (run after the model's variable initialisers, before any init block).
  void init_monitor_state(effect_ctx& ctx);
  // Lowers each `after` property's pattern and Q (once the processes exist, for `@` labels).
  void lower_after_properties();
  // Puts "clear after:NAME if Q holds" at the start of every transition.
  void clear_after_obligations();

  // ------------------------------------------------------------ cfg.cpp
  void build_cfg(process_info& p, const std::vector<lang::stmt_ptr>& body, bool is_program);
  void build_env_cfg(process_info& p, const std::vector<const lang::decl*>& syscalls);
  void lower_seq(process_cfg& g, const std::vector<lang::stmt_ptr>& body, int from, int to, int frame,
                 int break_to);
  void lower_one(process_cfg& g, const lang::stmt& s, int from, int to, int frame, int break_to);
  int enter_syscall(process_cfg& g, const lang::stmt& call, const lang::decl& syscall, int from, int to,
                    int frame, const std::string& result_register);
  void add_frame_locals(process_cfg& g, const lang::decl& syscall);
  // The steps of a syscall body expanded as frame `fi`, returning to `return_to`.
  void lower_syscall_body(process_cfg& g, const lang::decl& syscall, int fi, int body_entry, int body_exit,
                          int return_to);
  void create_instances(process_info& p, ir::process_role role, bool fair);
  void emit_transitions(process_info& p);
  void step_effect(process_info& p, instance& inst, const cfg_step& st, std::vector<ir::stmt>& out);
  std::string owner_name(const process_info& p, int frame) const;

  const lang::model_program& model_;
  const options& opts_;
  diagnostics& diags_;
  ir::builder b_;
  bool failed_ = false;

  std::map<const lang::type*, ir::type_id> types_;
  std::map<const lang::type*, std::set<std::uint32_t>> fixed_ids_;
  std::map<std::string, ir::slot_id> globals_;           // global variable -> first slot
  std::map<std::string, std::uint32_t> events_;          // event name -> id
  std::map<std::pair<const lang::decl*, int>, ir::slot_id> monitor_vars_;  // (monitor, member index) -> first slot
  std::vector<const lang::decl*> monitor_var_decls_;     // every monitor var, in layout order
  std::map<std::string, std::vector<const lang::decl*>> handlers_;  // event name -> handlers, in order
  std::vector<after_monitor> after_;                      // one per `after` property, in order
  std::vector<std::unique_ptr<process_info>> processes_;
  std::map<const lang::decl*, process_info*> process_of_decl_;
  std::vector<binding> scope_;
  std::optional<ir::slot_id> env_calls_slot_;
  int env_call_bound_ = 0;
  std::uint32_t next_register_ = 0;   // registers are step-local: reset at the start of each step
  std::uint32_t max_registers_ = 0;

  std::uint32_t alloc_register();
  void begin_step() { next_register_ = 0; }
  // The IR sort of a scalar value of type `t` (null: an integer).
  static ir::value_sort sort_of(const lang::type* t);
  // The IR sort of leaf `k` of a value of type `t`, as the builder types the slot it is stored in.
  static ir::value_sort leaf_sort(const lang::type* t, std::uint32_t k);
};

}  // namespace ptmc::lower::detail

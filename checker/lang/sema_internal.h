// The semantic checker's private interface: one context per checked program (a model, or a property
// file or scenario on top of a checked model), whose methods are split by phase across resolve.cpp
// (names, scopes, labels, recursion), elaborate.cpp (constants, parameters, types, state size) and
// typecheck.cpp (expressions and statements). frontend.cpp drives it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "lang/ast.h"
#include "lang/frontend.h"
#include "lang/types.h"

namespace ptmc::lang::sema {

// Limits that keep every checked model small enough to pack and explore.
inline constexpr std::int64_t max_state_bits = 4096;   // all state of a model, and any one type
inline constexpr std::int64_t max_set_domain = 64;     // values a set's element domain may have
inline constexpr std::int64_t max_list_capacity = 64;  // list<T, N>: 1 <= N <= 64
inline constexpr std::int64_t max_repeat = 16;         // repeat N { }: 1 <= N <= 16
inline constexpr std::size_t max_extends_depth = 32;   // extends chains longer than this are refused
inline constexpr int max_depth = 256;                  // nesting of expressions/statements/types checked

// Where a body runs; decides which statements it may contain.
enum class body_kind { process, syscall, inline_, model_init, scenario_init, program, handler };

// A name bound inside a declaration: parameter, index, local variable, quantifier variable, register.
struct local_binding {
  std::string name;
  ref_kind kind = ref_kind::unresolved;
  const type* ty = nullptr;
  const decl* owner = nullptr;   // the declaration whose parameter/local it is (may be null for quantifiers)
  const stmt* local = nullptr;   // the declaring statement (let/var/for/choose/register assignment)
  int slot = -1;
  span where;
};

// Expression-level permissions and depth.
struct expr_context {
  bool constant = false;            // a constant expression: no state, no locals, no `@`
  bool scenario_condition = false;  // program registers and observations are visible
  int quant_depth = 0;              // quantifiers enclosing this expression
  int depth = 0;                    // nesting, to refuse pathological inputs instead of overflowing the stack
};

// State of the body whose statements are being checked.
struct body_state {
  decl* owner = nullptr;
  body_kind kind = body_kind::process;
  bool atomic = false;      // inside atomic (or an inline/init body, which is one step)
  int loop_depth = 0;       // enclosing while/loop
  bool top_level = true;    // still among the leading statements of a process/syscall body (for `var`)
  std::map<std::string, const stmt*> labels;     // labels seen so far
  std::map<std::string, const stmt*> registers;  // program: register name -> defining assignment
};

// What a cycle search over declarations needs: for each fn/inline, the fns/inlines it calls and where.
struct call_edge {
  const decl* callee = nullptr;
  span where;
};

class context {
 public:
  context(diagnostics& diags, model_program& model) : diags_(diags), model_(model) {}

  // ------------------------------------------------------------ resolve.cpp

  // Looks a global up: the file scope (property helpers, scenario programs/observations) first, then the
  // model's globals. Returns nullptr when there is none.
  const decl* find_global(std::string_view name) const;
  // Adds a name to the file scope of a property file or scenario; reports a clash with the model or the
  // file as sema.duplicate.
  void declare_file_name(const decl& d, const std::string& name, span where);
  // Binds a local; reports sema.shadow if it hides a global or a local in scope, sema.reserved-name for
  // builtin names.
  void bind(local_binding binding);
  // Scope marks: everything bound after mark() is dropped by release(mark).
  std::size_t mark() const { return scope_.size(); }
  void release(std::size_t mark) { scope_.resize(mark); }
  const local_binding* find_local(std::string_view name) const;
  // Reports sema.unknown-name, with "did you mean" when a visible name is within edit distance 2.
  void report_unknown(std::string_view name, span where, std::string_view what);
  // True for len, card, min, max, val, push, remove_at, insert_at, clear.
  static bool is_builtin(std::string_view name);
  // The labels of a process or syscall body.
  static std::map<std::string, const stmt*> collect_labels(const decl& body_owner);
  // Reports sema.recursive-fn / sema.recursive-inline for every cycle among the given declarations.
  void check_recursion(const std::vector<const decl*>& decls, const char* kind, const char* what);
  // Records that `caller` calls `callee` (fn or inline), for check_recursion.
  void record_call(const decl* caller, const decl* callee, span where);

  // ------------------------------------------------------------ elaborate.cpp

  // Fixes every parameter's value: default, then overrides (checked against the range).
  void elaborate_params(const std::map<std::string, std::int64_t>& overrides,
                        const std::map<std::string, span>& sites);
  // The resolved type of a type expression (interned); the error type after reporting a problem.
  const type* resolve_type(type_expr& t, int depth = 0);
  // The semantic type of a declaration (param/const/var/alias/symmetric/enum/event params/fn/inline/
  // syscall signatures), computed on first use; the error type after a cycle.
  const type* decl_type(const decl& d);
  // Resolves the parameter types (and return type) of a fn/inline/event/syscall/process/program.
  void resolve_signature(const decl& d);
  // A domain type (bool, range, enum, symmetric) from a type expression; reports sema.not-a-domain.
  const type* domain_type(type_expr& t, int depth, std::string_view what);
  // Type-checks `e` as a constant integer expression and evaluates it; nullopt after an error.
  std::optional<std::int64_t> constant_int(expr& e, std::string_view what);
  // Evaluates an already type-checked constant expression; nullopt after reporting why it is not one.
  std::optional<std::int64_t> evaluate(const expr& e, int depth = 0);
  // Reports sema.state-too-large when the model's variables (and the given monitor vars of a property
  // file) need more than max_state_bits.
  void check_state_size(const std::vector<const decl*>& monitor_vars = {});

  // ------------------------------------------------------------ typecheck.cpp

  // The type of `e` without an expected type.
  const type* synth(expr& e, const expr_context& ctx);
  // Checks `e` against an expected type (literals take it); returns the type given to `e`.
  const type* check(expr& e, const type* expected, const expr_context& ctx);
  // Checks `e` as a condition.
  void check_bool(expr& e, const expr_context& ctx);
  // Checks a whole body (process, syscall, inline, init, program) of `owner`.
  void check_body(decl& owner, body_kind kind);
  // Checks a fn declaration's body against its return type.
  void check_fn(decl& fn);
  // A monitor's declarations: its vars (types, initialisers, names) and which event each handler
  // handles. Run before anything reads the monitor's vars.
  void check_monitor(decl& monitor);
  // The bodies of a monitor's handlers (after check_monitor).
  void check_handlers(decl& monitor);
  // Checks a statement list in the current body, scoping names bound in it to the list.
  void check_block(std::vector<stmt_ptr>& stmts);

  // True when a value of type `from` may be stored into (or passed as) `to`.
  static bool assignable(const type* to, const type* from);
  // True when values of the two types may be compared with == and !=.
  static bool comparable(const type* a, const type* b);
  static bool is_int_like(const type* t);

  // The model being built or checked against.
  model_program& model() { return model_; }
  diagnostics& diags() { return diags_; }
  type_table& types() { return model_.types; }
  const type* error_type() { return model_.types.error(); }

  // Writable access to a declaration of a unit this context annotates (units are owned non-const by the
  // model or file being checked; the program keeps const views of them).
  static decl& writable(const decl& d) { return const_cast<decl&>(d); }

  // The scenario being checked, for program/observation lookups (null elsewhere).
  scenario_program* scenario = nullptr;

 private:
  // elaborate.cpp helpers
  const type* compute_decl_type(const decl& d);
  const type* enum_type(decl& d);
  const type* symmetric_type(decl& d);
  const type* param_type(decl& d);
  const type* constant_type(decl& d);
  const type* compute_type(type_expr& t, int depth);
  const type* named_type(type_expr& t);
  const type* set_type(type_expr& t, int depth);
  const type* record_type(type_expr& t, int depth);
  const type* list_type(type_expr& t, int depth);

  // typecheck.cpp helpers
  const type* synth_name(expr& e, const expr_context& ctx);
  const type* synth_unary(expr& e, const expr_context& ctx);
  const type* synth_binary(expr& e, const expr_context& ctx);
  std::pair<const type*, const type*> synth_pair(expr& a, expr& b, const expr_context& ctx);
  const type* synth_conditional(expr& e, const type* expected, const expr_context& ctx);
  const type* synth_index(expr& e, const expr_context& ctx);
  const type* synth_field(expr& e, const expr_context& ctx);
  // tracer.r0 / user[i].r0 in a scenario condition; nullptr when the base is not a program.
  const type* synth_register(expr& e, const expr_context& ctx);
  // MONITOR.var; nullptr when the base does not name a monitor.
  const type* synth_monitor_var(expr& e, const expr_context& ctx);
  const type* synth_call(expr& e, const expr_context& ctx);
  const type* synth_symmetric_ctor(expr& e, const decl& symmetric);
  const type* synth_builtin(expr& e, const expr_context& ctx);
  const type* synth_set_lit(expr& e, const expr_context& ctx);
  const type* synth_quant(expr& e, const expr_context& ctx);
  const type* synth_at(expr& e, const expr_context& ctx);
  const type* check_literal(expr& e, const type* expected, const expr_context& ctx);
  // True for literals whose type comes from their context: none, [], records, {} and {1, 2}.
  bool needs_context(const expr& e) const;
  // Checks call arguments args[first..] against the callee's parameters (without `self` if skip_self).
  void check_args(std::vector<expr_ptr>& args, std::size_t first, const decl& callee, span where,
                  const expr_context& ctx, bool skip_self);
  void require_int(expr& e, const type* t, std::string_view what);
  void mismatch(const expr& e, const type* expected, const type* actual);

  // typecheck_stmt.cpp helpers
  void check_stmt(stmt& s);
  void check_model_stmt(stmt& s);
  void check_scoped(stmt_ptr& s);
  void check_label(stmt& s);
  void check_let(stmt& s);
  void check_var(stmt& s);
  void check_assign(stmt& s);
  void normalise_for_domain(stmt& s);
  void check_for(stmt& s);
  void check_choose(stmt& s);
  void check_emit(stmt& s);
  void check_return(stmt& s);
  void check_call_stmt(stmt& s);
  void check_builtin_stmt(stmt& s);
  void check_program_stmt(stmt& s);
  void check_register_assign(stmt& s);
  void bind_register(stmt& s, expr& lhs, const type* t);  // a program register assigned by s
  void check_syscall_call(std::vector<expr_ptr>& args, const decl& syscall, span where);
  void needs_atomic(const stmt& s);
  // In a handler: reports sema.monitor-writes-model unless `target` is rooted in the handler's own monitor
  // vars (or a step-local `let`).
  void check_monitor_write(const expr& target, std::string_view what);
  void not_in_atomic(const stmt& s);
  // Why `e` cannot be assigned, or "" when it can.
  std::string lvalue_problem(const expr& e) const;
  // Records a let/var/for/choose/register in the owner's locals and binds `name` to it.
  void add_local(stmt& s, ref_kind kind, const type* ty, const std::string& name);
  expr_context body_context() const;

  diagnostics& diags_;
  model_program& model_;
  std::map<std::string, const decl*, std::less<>> file_scope_;
  std::vector<local_binding> scope_;
  body_state* body_ = nullptr;
  const decl* current_callable_ = nullptr;  // the fn/inline whose body is checked (for call edges)
  const type* program_self_ = nullptr;      // the type of the checked program's `as` identity
  bool self_reported_ = false;              // sema.self-type already reported for this program
  std::map<const decl*, std::vector<call_edge>> calls_;
  std::map<const decl*, std::map<std::string, const stmt*>> labels_;  // per process, for `@`
  std::set<const decl*> in_progress_;       // declarations whose type is being computed (cycle guard)
  std::set<const decl*> signatures_done_;   // declarations whose parameter types are resolved
  std::set<const decl*> failed_values_;     // params/constants whose value could not be computed
  std::map<std::string, std::int64_t> overrides_;
  std::map<std::string, span> override_sites_;
  int decl_depth_ = 0;
  int suggestions_left_ = 32;               // "did you mean" searches still allowed
  int stmt_depth_ = 0;
};

// "'X' is a variable", "'SIGSTOP' is an enum constant": what a global name denotes, for messages.
std::string describe_global(std::string_view name, const decl& d);
std::string describe_decl(const decl& d);
// "a variable", "an enum constant": what kind of declaration `name` (declared by `d`) is.
std::string describe_kind(std::string_view name, const decl& d);
// "a syscall parameter", "a for variable": what a local name is, for messages.
const char* describe_binding(ref_kind kind);

// Levenshtein distance of two names, or limit+1 when it exceeds `limit`.
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// The path of an `extends`/`for` string, relative to the directory of the file that names it, lexically
// normalised (so relative inputs give relative paths).
std::string relative_to(const std::string& including_file, const std::string& path);
// A canonical form of a path for identity (weakly canonical, absolute).
std::string canonical_path(const std::string& path);

}  // namespace ptmc::lang::sema

// The syntax tree shared by models (.ptm), properties (.inv) and scenarios (.ptl).
// Every node carries a span. The resolver and type checker fill the annotation fields
// (marked "sema") in place; the parser leaves them empty.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "base/source.h"
#include "lang/types.h"

namespace ptmc::lang {

struct expr;
struct stmt;
struct decl;
struct type_expr;
using expr_ptr = std::unique_ptr<expr>;
using stmt_ptr = std::unique_ptr<stmt>;
using decl_ptr = std::unique_ptr<decl>;
using type_ptr = std::unique_ptr<type_expr>;

// ---------------------------------------------------------------- types as written

enum class type_expr_kind {
  named,     // Sig, Tid, bool, or an alias
  range,     // lo..hi
  set,       // set<elem>
  array,     // elem[index]
  record,    // record { f: T; ... }
  list,      // list<elem, bound>
  optional,  // elem?
};

struct field_decl {
  span where;
  std::string name;
  type_ptr type;
};

struct type_expr {
  type_expr_kind kind = type_expr_kind::named;
  span where;
  std::string name;                 // named
  expr_ptr lo, hi;                  // range (constant expressions)
  type_ptr elem;                    // set, array element, list element, optional inner
  type_ptr index;                   // array index domain
  expr_ptr bound;                   // list capacity (constant expression)
  std::vector<field_decl> fields;   // record

  const type* resolved = nullptr;   // sema
};

// ---------------------------------------------------------------- expressions

enum class expr_kind {
  int_lit,     // 42, 0x1f
  bool_lit,    // true, false
  none_lit,    // none
  wildcard,    // _ (event patterns in properties only)
  name,        // identifier
  unary,       // !e, -e
  binary,      // e op e
  conditional, // c ? a : b
  index,       // a[i]
  field,       // a.f
  call,        // f(args): fn, builtin (len, card, min, max, val), symmetric constructor Tid(0)
  set_lit,     // {a, b}, {}
  record_lit,  // {f: e, g: e}
  list_lit,    // [a, b], []
  quant,       // forall x: D. e | exists x: D. e | count x: D. e
  at,          // proc@label, proc[i]@label: the process instance is at that label
};

enum class unary_op { logical_not, negate };

enum class binary_op {
  implies,   // ->  (lowest, right-associative)
  logical_or, logical_and,
  eq, ne, lt, le, gt, ge, in,
  bit_or,    // set union
  bit_and,   // set intersection
  add, sub,  // sub on sets: difference
  mul, div, mod,
};

enum class quant_kind { forall, exists, count };

// What a name (or the callee of a call) refers to, filled by the resolver.
enum class ref_kind {
  unresolved,
  param, constant, enum_value, global_var,
  process_index,   // t in process tracee[t: Tid]
  local_var,       // var at the top of a process or syscall body (persistent)
  syscall_param,   // persistent for the duration of the call
  let_var,         // step-local temporary
  quant_var, for_var, choose_var,
  inline_param, fn_param,
  program_index,   // t in program user[t: Tid]
  register_,       // scenario program register (r = call(...))
  function,        // fn
  builtin,         // len, card, min, max, val, push, remove_at, insert_at, clear
  symmetric_ctor,  // Tid(0)
  syscall,         // a call to a syscall from a scenario program
  inline_proc,     // an inline called as a statement
  process,         // the operand of @
  program,         // scenario program name (in outcome conditions: tracer.r1)
  observation,     // scenario `observe NAME = e;` (in outcome conditions)
  event,           // the event of a property's `after ev(...)` pattern
  monitor,         // the monitor NAME of NAME.var (property files)
  monitor_var,     // a monitor's var: `var` inside its handlers, NAME.var elsewhere; target: the monitor,
                   // slot: the var's index in the monitor's members
  event_arg,       // a handler's binding of an event argument (`on ev(t, _)`); slot: the argument's position
};

struct expr {
  expr_kind kind = expr_kind::int_lit;
  span where;

  std::int64_t int_value = 0;       // int_lit; bool_lit uses 0/1
  std::string name;                 // name, call callee, field name, quant var, at label
  unary_op uop = unary_op::logical_not;
  binary_op bop = binary_op::eq;
  quant_kind qkind = quant_kind::forall;
  std::vector<expr_ptr> operands;   // unary:1 binary:2 conditional:3 index:2 field:1 call:args
                                    // set/list lit: elems; quant: body (1); at: process expr (1)
  std::vector<std::string> field_names;  // record_lit, parallel to operands
  std::vector<span> field_spans;         // record_lit
  type_ptr domain;                  // quant: the domain type

  // sema
  const type* ty = nullptr;
  ref_kind ref = ref_kind::unresolved;
  const decl* target = nullptr;     // the declaration a name/call/at refers to; for parameters, locals,
                                    // registers and indices: the owning fn/inline/process/syscall/program/init
  const stmt* local = nullptr;      // let/var/for/choose statement a local name refers to; register: the
                                    // assignment that defines it; at: the labeled statement
  int slot = -1;                    // index of the local (owner's decl::locals), the parameter (owner's
                                    // params), or the register (program's locals); enum_value: the
                                    // constant's index; quant_var: the quantifier's nesting depth (0 for
                                    // the outermost quantifier of a fn body, property or statement expression)
};

// ---------------------------------------------------------------- statements

enum class stmt_kind {
  block,      // { ... }
  let,        // let x[: T] = e;            step-local (atomic contexts only)
  var,        // var x: T [= e];            persistent local (start of process/syscall body)
  assign,     // lhs op= rhs;   op: =, +=, -=, |=, &=
  if_,        // if (c) S [else S]
  while_,     // while (c) S
  loop,       // loop S
  break_,     // break;
  for_,       // for (x in D) S            D: a domain type, or a set or list expression
  atomic,     // atomic { ... }
  await,      // await c;
  either,     // either { } or { } ...
  choose,     // choose x in D [where c];
  emit,       // emit ev(args);
  return_,    // return [e];
  assert_,    // assert c [, "message"];
  skip,       // skip;
  call,       // name(args);                an inline, a builtin (push...), or a syscall (scenarios)
  labeled,    // label: S
  expect,     // expect c;                  scenario programs
  repeat,     // repeat N { }               scenario programs
};

enum class assign_op { set, add, sub, bit_or, bit_and };

struct stmt {
  stmt_kind kind = stmt_kind::skip;
  span where;

  std::string name;              // let/var/for/choose variable, label, emit event, call callee
  type_ptr declared_type;        // let (optional), var, choose/for over a type
  assign_op aop = assign_op::set;
  std::vector<expr_ptr> exprs;   // let/var: [init]; assign: [lhs, rhs]; if/while/await/expect: [cond];
                                 // for: [collection] when iterating a set/list expression;
                                 // choose: [where] (optional); emit/call: args; return: [value];
                                 // assert: [cond]; repeat: [count]
  std::string message;           // assert
  bool observe = false;          // assign in a scenario program: `observe r = e;`, a snapshot of e
  std::vector<stmt_ptr> body;    // block/atomic/loop/while/for/labeled/repeat: children;
                                 // if: [then, else?]; either: one block per branch

  // sema
  const type* ty = nullptr;      // let/var/for/choose variable type; register assignment: the register's
  const decl* target = nullptr;  // call: the inline/syscall; emit: the event
  ref_kind ref = ref_kind::unresolved;  // call: inline_proc, builtin or syscall
  int slot = -1;                 // let/var/for/choose/register assignment: index within the owner's locals
};

// ---------------------------------------------------------------- declarations

enum class decl_kind {
  // models
  model,       // model "name";
  extends,     // extends "path";
  param,       // param N: lo..hi = default;
  constant,    // const N = e;
  enum_,       // enum E { A, B }
  type_alias,  // type T = ...;
  symmetric,   // symmetric type Tid = 0..N-1;
  var,         // var x: T [= e];
  event,       // event name(p: T, ...);
  fn,          // fn name(p: T, ...): R = e;
  inline_,     // inline name(p: T, ...) { ... }
  process,     // [fair|unfair] process name[i: D] { ... }
  syscall,     // syscall name([self] p: T, ...)[: R] { ... }
  init,        // init { ... }
  // properties
  properties,  // properties for "path", ...;
  invariant,   // invariant name: e;
  property,    // property name: P ~> Q;  |  property name: after ev(pattern) ~> Q;
  monitor,     // monitor name { var ...; on ev(a, _) { ... } }
  handler,     // on ev(a, _) { ... }          (a member of a monitor; name: the event)
  // scenarios
  scenario,    // scenario name for "path", ...;
  param_set,   // param N = value;
  program,     // program name[i: D] as e { ... }
  observe,     // observe name = e;
  allow,       // allow hang;                 (the programs may end blocked on purpose)
  condition,   // exists (e) | forall (e) | ~exists (e)  [for "model-name", ...];
};

enum class fairness { default_, fair, unfair };
enum class condition_kind { exists, forall, not_exists };
enum class property_kind { leads_to, after_event };

struct param_decl_item {
  span where;
  bool is_self = false;          // syscall: the caller identity, bound by the program's `as`
  std::string name;
  type_ptr type;
  const lang::type* ty = nullptr;  // sema (`type` above names the member)
};

struct decl {
  decl_kind kind = decl_kind::model;
  span where;                    // the whole declaration
  span name_span;                // the declared name
  std::string name;              // declared name; model/scenario/extends: see `text`
  std::string doc;               // /// doc comment lines before the declaration, joined with '\n'
  bool is_override = false;      // override fn/inline/process/syscall

  std::vector<std::string> strings;   // model: [name]; extends: [path]; properties/scenario: paths;
                                      // condition: model names
  std::vector<span> string_spans;
  type_ptr type;                 // param, type_alias, symmetric, var; fn/syscall return type (optional)
  expr_ptr value;                // param default, constant, var init, fn body, param_set value,
                                 // observe, condition, invariant, program `as`
  expr_ptr trigger;              // property: the P of P ~> Q, or the event pattern (a call expr)
  std::vector<std::string> enum_values;   // enum_
  std::vector<span> enum_spans;
  std::vector<param_decl_item> params;    // event, fn, inline, syscall; process/program index (0 or 1);
                                          // handler: the bindings of the event's arguments, by position
                                          // (name "_" and no type for an ignored argument)
  std::vector<stmt_ptr> body;             // inline, process, syscall, init, program, handler
  std::vector<decl_ptr> members;          // monitor: its vars (decl_kind::var) and handlers, in order
  fairness fair = fairness::default_;
  condition_kind cond = condition_kind::exists;
  property_kind prop = property_kind::leads_to;

  // sema
  const lang::type* ty = nullptr;     // var/param/constant/alias/symmetric type; fn/syscall return type
  std::int64_t const_value = 0;  // param (after overrides) / constant, when integral
  std::vector<const stmt*> locals;   // process/syscall/inline/init/handler: every let/var/for/choose;
                                     // program: every register assignment; indexed by stmt::slot
  const decl* owner = nullptr;       // handler and monitor var: the monitor they belong to
  const decl* event = nullptr;       // handler: the event it handles
};

enum class file_kind { model, properties, scenario };

struct source_unit {
  file_kind kind = file_kind::model;
  const source_file* file = nullptr;
  std::vector<decl_ptr> decls;
};

// File kind from the extension: .ptm, .inv, .ptl.
bool file_kind_from_path(const std::string& path, file_kind* out);

}  // namespace ptmc::lang

#include "lang/parser.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "lang/frontend.h"
#include "lang/lexer.h"

namespace ptmc::lang {

bool file_kind_from_path(const std::string& path, file_kind* out) {
  auto ends_with = [&](std::string_view suffix) {
    return path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  if (ends_with(".ptm")) {
    *out = file_kind::model;
  } else if (ends_with(".inv")) {
    *out = file_kind::properties;
  } else if (ends_with(".ptl")) {
    *out = file_kind::scenario;
  } else {
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- operator tables

precedence precedence_of(binary_op op) {
  switch (op) {
    case binary_op::implies: return precedence::implies;
    case binary_op::logical_or: return precedence::logical_or;
    case binary_op::logical_and: return precedence::logical_and;
    case binary_op::eq:
    case binary_op::ne: return precedence::equality;
    case binary_op::lt:
    case binary_op::le:
    case binary_op::gt:
    case binary_op::ge:
    case binary_op::in: return precedence::relational;
    case binary_op::bit_or: return precedence::bit_or;
    case binary_op::bit_and: return precedence::bit_and;
    case binary_op::add:
    case binary_op::sub: return precedence::additive;
    case binary_op::mul:
    case binary_op::div:
    case binary_op::mod: return precedence::multiplicative;
  }
  return precedence::postfix;
}

bool is_right_associative(binary_op op) { return op == binary_op::implies; }

std::string_view spelling(binary_op op) {
  switch (op) {
    case binary_op::implies: return "->";
    case binary_op::logical_or: return "||";
    case binary_op::logical_and: return "&&";
    case binary_op::eq: return "==";
    case binary_op::ne: return "!=";
    case binary_op::lt: return "<";
    case binary_op::le: return "<=";
    case binary_op::gt: return ">";
    case binary_op::ge: return ">=";
    case binary_op::in: return "in";
    case binary_op::bit_or: return "|";
    case binary_op::bit_and: return "&";
    case binary_op::add: return "+";
    case binary_op::sub: return "-";
    case binary_op::mul: return "*";
    case binary_op::div: return "/";
    case binary_op::mod: return "%";
  }
  return "?";
}

std::string_view spelling(unary_op op) { return op == unary_op::logical_not ? "!" : "-"; }

std::string_view spelling(assign_op op) {
  switch (op) {
    case assign_op::set: return "=";
    case assign_op::add: return "+=";
    case assign_op::sub: return "-=";
    case assign_op::bit_or: return "|=";
    case assign_op::bit_and: return "&=";
  }
  return "=";
}

std::string_view spelling(quant_kind kind) {
  switch (kind) {
    case quant_kind::forall: return "forall";
    case quant_kind::exists: return "exists";
    case quant_kind::count: return "count";
  }
  return "forall";
}

namespace {

std::optional<binary_op> binary_op_of(token_kind kind) {
  switch (kind) {
    case token_kind::arrow: return binary_op::implies;
    case token_kind::or_or: return binary_op::logical_or;
    case token_kind::and_and: return binary_op::logical_and;
    case token_kind::eq: return binary_op::eq;
    case token_kind::ne: return binary_op::ne;
    case token_kind::lt: return binary_op::lt;
    case token_kind::le: return binary_op::le;
    case token_kind::gt: return binary_op::gt;
    case token_kind::ge: return binary_op::ge;
    case token_kind::kw_in: return binary_op::in;
    case token_kind::pipe: return binary_op::bit_or;
    case token_kind::amp: return binary_op::bit_and;
    case token_kind::plus: return binary_op::add;
    case token_kind::minus: return binary_op::sub;
    case token_kind::star: return binary_op::mul;
    case token_kind::slash: return binary_op::div;
    case token_kind::percent: return binary_op::mod;
    default: return std::nullopt;
  }
}

std::optional<assign_op> assign_op_of(token_kind kind) {
  switch (kind) {
    case token_kind::assign: return assign_op::set;
    case token_kind::plus_assign: return assign_op::add;
    case token_kind::minus_assign: return assign_op::sub;
    case token_kind::or_assign: return assign_op::bit_or;
    case token_kind::and_assign: return assign_op::bit_and;
    default: return std::nullopt;
  }
}

// Keywords that only ever start a top-level declaration: error recovery stops at them whatever the
// nesting, since a body that reaches one was certainly left unclosed.
bool is_decl_only_keyword(token_kind kind) {
  switch (kind) {
    case token_kind::kw_model:
    case token_kind::kw_extends:
    case token_kind::kw_param:
    case token_kind::kw_const:
    case token_kind::kw_enum:
    case token_kind::kw_type:
    case token_kind::kw_symmetric:
    case token_kind::kw_event:
    case token_kind::kw_fn:
    case token_kind::kw_inline:
    case token_kind::kw_process:
    case token_kind::kw_syscall:
    case token_kind::kw_init:
    case token_kind::kw_properties:
    case token_kind::kw_invariant:
    case token_kind::kw_property:
    case token_kind::kw_monitor:
    case token_kind::kw_scenario:
    case token_kind::kw_program:
    case token_kind::kw_allow:
    case token_kind::kw_override:
    case token_kind::kw_fair:
    case token_kind::kw_unfair:
      return true;
    default:
      return false;
  }
}

bool can_start_expression(token_kind kind) {
  switch (kind) {
    case token_kind::integer:
    case token_kind::identifier:
    case token_kind::wildcard:
    case token_kind::kw_true:
    case token_kind::kw_false:
    case token_kind::kw_none:
    case token_kind::l_paren:
    case token_kind::l_brace:
    case token_kind::l_bracket:
    case token_kind::bang:
    case token_kind::minus:
    case token_kind::kw_forall:
    case token_kind::kw_exists:
    case token_kind::kw_count:
      return true;
    default:
      return false;
  }
}

bool is_header(decl_kind kind) {
  return kind == decl_kind::model || kind == decl_kind::extends || kind == decl_kind::properties ||
         kind == decl_kind::scenario;
}

decl_kind header_of(file_kind kind) {
  switch (kind) {
    case file_kind::model: return decl_kind::model;
    case file_kind::properties: return decl_kind::properties;
    case file_kind::scenario: return decl_kind::scenario;
  }
  return decl_kind::model;
}

std::string_view decl_noun(decl_kind kind) {
  switch (kind) {
    case decl_kind::model: return "a 'model' header";
    case decl_kind::extends: return "an 'extends' header";
    case decl_kind::param: return "a 'param NAME: TYPE = DEFAULT' declaration";
    case decl_kind::constant: return "a 'const' declaration";
    case decl_kind::enum_: return "an 'enum' declaration";
    case decl_kind::type_alias: return "a 'type' declaration";
    case decl_kind::symmetric: return "a 'symmetric type' declaration";
    case decl_kind::var: return "a 'var' declaration";
    case decl_kind::event: return "an 'event' declaration";
    case decl_kind::fn: return "an 'fn' declaration";
    case decl_kind::inline_: return "an 'inline' declaration";
    case decl_kind::process: return "a 'process' declaration";
    case decl_kind::syscall: return "a 'syscall' declaration";
    case decl_kind::init: return "an 'init' block";
    case decl_kind::properties: return "a 'properties' header";
    case decl_kind::invariant: return "an 'invariant'";
    case decl_kind::property: return "a 'property'";
    case decl_kind::monitor: return "a 'monitor' declaration";
    case decl_kind::handler: return "an 'on' handler";
    case decl_kind::scenario: return "a 'scenario' header";
    case decl_kind::param_set: return "a 'param NAME = VALUE' setting";
    case decl_kind::program: return "a 'program'";
    case decl_kind::observe: return "an 'observe' declaration";
    case decl_kind::allow: return "an 'allow' declaration";
    case decl_kind::condition: return "a final condition";
  }
  return "a declaration";
}

std::string_view file_noun(file_kind kind) {
  switch (kind) {
    case file_kind::model: return "a model file (.ptm)";
    case file_kind::properties: return "a property file (.inv)";
    case file_kind::scenario: return "a scenario file (.ptl)";
  }
  return "this file";
}

std::string_view header_form(file_kind kind) {
  switch (kind) {
    case file_kind::model: return "a model file must start with 'model \"NAME\";'";
    case file_kind::properties: return "a property file must start with 'properties for \"MODEL.ptm\";'";
    case file_kind::scenario: return "a scenario file must start with 'scenario NAME for \"MODEL.ptm\";'";
  }
  return "missing header";
}

std::string quoted(token_kind kind) { return "'" + std::string(spelling(kind)) + "'"; }

expr_ptr make_expr(expr_kind kind, span where) {
  auto e = std::make_unique<expr>();
  e->kind = kind;
  e->where = where;
  return e;
}

stmt_ptr make_stmt(stmt_kind kind, span where) {
  auto s = std::make_unique<stmt>();
  s->kind = kind;
  s->where = where;
  return s;
}

type_ptr make_type(type_expr_kind kind, span where) {
  auto t = std::make_unique<type_expr>();
  t->kind = kind;
  t->where = where;
  return t;
}

// Sets a flag for the lifetime of the scope and restores its previous value.
class flag_scope {
 public:
  flag_scope(bool& flag, bool value) : flag_(flag), saved_(flag) { flag_ = value; }
  ~flag_scope() { flag_ = saved_; }
  flag_scope(const flag_scope&) = delete;
  flag_scope& operator=(const flag_scope&) = delete;

 private:
  bool& flag_;
  bool saved_;
};

class parser {
 public:
  parser(const source_file& file, file_kind kind, error_reporter& errors)
      : file_(file), kind_(kind), errors_(errors), tokens_(lex(file, errors)) {}

  std::unique_ptr<source_unit> unit();
  expr_ptr standalone_expression();

 private:
  // One level of nesting for the lifetime of the guard; ok() is false past max_nesting (reported once).
  class nesting {
   public:
    explicit nesting(parser& p) : p_(p), ok_(p.enter()) {}
    ~nesting() { --p_.depth_; }
    nesting(const nesting&) = delete;
    nesting& operator=(const nesting&) = delete;
    bool ok() const { return ok_; }

   private:
    parser& p_;
    bool ok_;
  };

  // ---- tokens and errors
  const token& cur() const { return tokens_[pos_]; }
  const token& ahead(std::size_t n) const { return tokens_[std::min(pos_ + n, tokens_.size() - 1)]; }
  bool at(token_kind kind) const { return cur().kind == kind; }
  void advance();
  bool accept(token_kind kind);
  bool expect(token_kind kind);
  bool expect_closing_angle();
  bool expect_identifier(std::string* name, span* where);
  bool expect_string(std::string* value, span* where);
  bool parse_string_list(std::vector<std::string>* values, std::vector<span>* spans);
  void expected(std::string_view what);
  bool enter();
  bool stopped() const { return abandon_ || errors_.exhausted(); }
  span from(span start) const { return start.to(last_); }

  // ---- recovery
  bool sync_decl();
  void sync_stmt(int block_depth);
  bool starts_shared_decl() const;

  // ---- declarations
  void check_header_start();
  bool admit(const source_unit& unit, const decl& d);
  decl_ptr parse_decl();
  decl_ptr parse_decl_after_modifiers();
  decl_ptr new_decl(decl_kind kind);
  decl_ptr parse_string_header(decl_kind kind);
  decl_ptr parse_properties_header();
  decl_ptr parse_scenario_header();
  decl_ptr parse_param();
  decl_ptr parse_const();
  decl_ptr parse_enum();
  decl_ptr parse_type_decl(decl_kind kind);
  decl_ptr parse_var_decl();
  decl_ptr parse_event();
  decl_ptr parse_fn();
  decl_ptr parse_inline();
  decl_ptr parse_process(decl_kind kind);
  decl_ptr parse_syscall();
  stmt_ptr parse_observe_stmt();
  stmt_ptr parse_assign_value(span start, expr_ptr target, assign_op op);
  decl_ptr parse_init();
  decl_ptr parse_invariant();
  decl_ptr parse_property();
  decl_ptr parse_monitor();
  decl_ptr parse_monitor_member();
  decl_ptr parse_handler();
  decl_ptr parse_observe();
  decl_ptr parse_allow();
  decl_ptr parse_condition();
  bool parse_name(decl& d);
  bool parse_params(std::vector<param_decl_item>* out, bool allow_self);
  bool parse_param_item(std::vector<param_decl_item>* out, bool allow_self);
  bool parse_index_param(std::vector<param_decl_item>* out);

  // ---- statements
  stmt_ptr parse_stmt();
  stmt_ptr parse_stmt_by_keyword();
  bool parse_braced_body(std::vector<stmt_ptr>* out);
  bool parse_loop_body(std::vector<stmt_ptr>* out);
  stmt_ptr parse_block(stmt_kind kind);
  stmt_ptr parse_let();
  stmt_ptr parse_var_stmt();
  stmt_ptr parse_if();
  stmt_ptr parse_while();
  stmt_ptr parse_loop();
  stmt_ptr parse_for();
  bool parse_for_collection(stmt& s);
  stmt_ptr parse_either();
  stmt_ptr parse_choose();
  stmt_ptr parse_emit();
  stmt_ptr parse_return();
  stmt_ptr parse_assert();
  stmt_ptr parse_cond_stmt(stmt_kind kind);
  stmt_ptr parse_keyword_only(stmt_kind kind);
  stmt_ptr parse_repeat();
  stmt_ptr parse_labeled();
  stmt_ptr parse_simple_stmt();

  // ---- types
  type_ptr parse_type();
  type_ptr parse_type_postfix(type_ptr base);
  type_ptr parse_type_primary();
  type_ptr parse_container_type(type_expr_kind kind);
  type_ptr parse_record_type();
  type_ptr parse_range_or_name();
  type_ptr finish_range(expr_ptr lo);

  // ---- expressions
  expr_ptr parse_expr();
  expr_ptr parse_binary(precedence min);
  expr_ptr parse_unary();
  expr_ptr parse_postfix(expr_ptr operand);
  expr_ptr parse_primary();
  expr_ptr parse_name_or_call();
  expr_ptr parse_parenthesized();
  expr_ptr parse_quantifier();
  expr_ptr parse_braced_literal();
  expr_ptr parse_record_literal(span start);
  expr_ptr parse_list_literal();
  bool parse_expr_list(std::vector<expr_ptr>* out, token_kind close);

  const source_file& file_;
  file_kind kind_;
  error_reporter& errors_;
  std::vector<token> tokens_;
  std::size_t pos_ = 0;
  span last_;               // the last consumed token
  int depth_ = 0;           // current nesting, see max_nesting
  int brace_depth_ = 0;     // '{' consumed and not yet closed within the current declaration
  bool panic_ = false;      // an error was reported and the parser has not resynchronised yet
  bool abandon_ = false;    // too deep: unwind to the declaration level without further errors
  bool in_bound_ = false;   // parsing a range bound: no postfix [ ] . @ (they belong to the type)
};

// ---------------------------------------------------------------- tokens and errors

void parser::advance() {
  if (at(token_kind::end_of_file)) return;
  if (at(token_kind::l_brace)) ++brace_depth_;
  if (at(token_kind::r_brace) && brace_depth_ > 0) --brace_depth_;
  last_ = cur().where;
  ++pos_;
}

bool parser::accept(token_kind kind) {
  if (!at(kind)) return false;
  advance();
  return true;
}

bool parser::expect(token_kind kind) {
  if (accept(kind)) return true;
  expected(quoted(kind));
  return false;
}

// '>' closing set<...> or list<...>; a '>=' glued to it (set<Sig>={}) is split into '>' and '='.
bool parser::expect_closing_angle() {
  if (accept(token_kind::gt)) return true;
  if (at(token_kind::ge)) {
    token& t = tokens_[pos_];
    last_ = span{t.where.file, t.where.offset, 1};
    t.kind = token_kind::assign;
    t.where = span{t.where.file, t.where.offset + 1, 1};
    t.text = t.text.substr(1);
    return true;
  }
  expected("'>'");
  return false;
}

bool parser::expect_identifier(std::string* name, span* where) {
  if (!at(token_kind::identifier)) {
    expected("an identifier");
    return false;
  }
  *name = std::string(cur().text);
  if (where) *where = cur().where;
  advance();
  return true;
}

bool parser::expect_string(std::string* value, span* where) {
  if (!at(token_kind::string)) {
    expected("a string");
    return false;
  }
  *value = cur().string_value;
  if (where) *where = cur().where;
  advance();
  return true;
}

// "STRING (, STRING)*"
bool parser::parse_string_list(std::vector<std::string>* values, std::vector<span>* spans) {
  do {
    std::string value;
    span where;
    if (!expect_string(&value, &where)) return false;
    values->push_back(std::move(value));
    spans->push_back(where);
  } while (accept(token_kind::comma));
  return true;
}

void parser::expected(std::string_view what) {
  if (panic_ || stopped()) return;
  panic_ = true;
  errors_.error("parse.expected", cur().where, "expected " + std::string(what) + ", found " + describe(cur()));
}

bool parser::enter() {
  ++depth_;
  if (depth_ <= max_nesting && !abandon_) return true;
  if (!abandon_ && !errors_.exhausted()) {
    errors_.error("parse.too-deep", cur().where,
                  "nesting too deep: more than " + std::to_string(max_nesting) +
                      " levels of expressions, statements and types");
  }
  abandon_ = true;
  return false;
}

// ---------------------------------------------------------------- recovery

// Skips to the end of the broken declaration: past a ';' or the '}' closing its body (and a ';'
// right after it), or up to the next keyword that starts a declaration.
// Returns false when it found no such point but only a stray '}' or the end of the file, so that a
// run of junk is reported once.
bool parser::sync_decl() {
  while (!at(token_kind::end_of_file)) {
    if (is_decl_only_keyword(cur().kind)) return true;
    if (brace_depth_ == 0 && starts_shared_decl()) return true;
    if (brace_depth_ == 0 && at(token_kind::semicolon)) {
      advance();
      return true;
    }
    if (at(token_kind::r_brace) && brace_depth_ <= 1) {
      const bool closes_body = brace_depth_ == 1;
      advance();
      accept(token_kind::semicolon);
      return closes_body;
    }
    advance();
  }
  return false;
}

// Skips to the end of a broken statement in a block whose contents are at `block_depth`: past its
// ';' or the '}' of a block ending it, or up to the enclosing block's '}' or a declaration keyword.
void parser::sync_stmt(int block_depth) {
  while (!at(token_kind::end_of_file)) {
    if (is_decl_only_keyword(cur().kind)) return;
    if (brace_depth_ == block_depth && (at(token_kind::semicolon) || at(token_kind::r_brace))) {
      if (at(token_kind::semicolon)) advance();
      panic_ = false;
      return;
    }
    const bool closes_nested_block = at(token_kind::r_brace) && brace_depth_ == block_depth + 1;
    advance();
    if (closes_nested_block) {
      panic_ = false;
      return;
    }
  }
}

// A declaration that may also start inside a body or an expression (var, exists (, forall (,
// ~exists): recovery stops at it only at the top level, and only in the kind of file that has it.
bool parser::starts_shared_decl() const {
  switch (kind_) {
    case file_kind::model: return at(token_kind::kw_var);
    case file_kind::scenario:
      // `observe` is a declaration at the top level and a statement in a program.
      return at(token_kind::kw_observe) || ((at(token_kind::kw_exists) || at(token_kind::kw_forall)) && ahead(1).kind == token_kind::l_paren) ||
             (at(token_kind::tilde) && ahead(1).kind == token_kind::kw_exists);
    case file_kind::properties: return false;
  }
  return false;
}

// ---------------------------------------------------------------- declarations

std::unique_ptr<source_unit> parser::unit() {
  auto result = std::make_unique<source_unit>();
  result->kind = kind_;
  result->file = &file_;
  check_header_start();
  while (!at(token_kind::end_of_file) && !errors_.exhausted()) {
    const std::size_t start = pos_;
    brace_depth_ = 0;
    decl_ptr d = parse_decl();
    bool resynchronised = true;
    if (d == nullptr) {
      resynchronised = sync_decl();
    } else if (admit(*result, *d)) {
      result->decls.push_back(std::move(d));
    }
    if (resynchronised) panic_ = false;
    abandon_ = false;
    if (pos_ == start) advance();
  }
  return result;
}

void parser::check_header_start() {
  const token_kind expected_keyword = kind_ == file_kind::model        ? token_kind::kw_model
                                      : kind_ == file_kind::properties ? token_kind::kw_properties
                                                                       : token_kind::kw_scenario;
  if (at(expected_keyword)) return;
  errors_.error("parse.missing-header", cur().where, std::string(header_form(kind_)));
}

// Whether a parsed declaration may stand where it is; reports why not.
bool parser::admit(const source_unit& unit, const decl& d) {
  if (!allowed_in(kind_, d.kind)) {
    errors_.error("parse.decl-not-allowed", d.where,
                  std::string(decl_noun(d.kind)) + " is not allowed in " + std::string(file_noun(kind_)));
    return false;
  }
  if (!is_header(d.kind)) return true;
  const bool first = unit.decls.empty() && d.kind == header_of(kind_);
  const bool extends_second = d.kind == decl_kind::extends && unit.decls.size() == 1 &&
                              unit.decls[0]->kind == decl_kind::model;
  if (first || extends_second) return true;
  const std::string where = d.kind == decl_kind::extends ? "must directly follow the 'model' header"
                                                         : "must be the first declaration of the file";
  errors_.error("parse.misplaced-header", d.where, std::string(decl_noun(d.kind)) + " " + where);
  return false;
}

// [override] [fair|unfair] DECLARATION, with the doc comment of its first token.
decl_ptr parser::parse_decl() {
  const span start = cur().where;
  std::string doc = cur().doc;
  const bool is_override = accept(token_kind::kw_override);
  fairness fair = fairness::default_;
  if (accept(token_kind::kw_fair)) {
    fair = fairness::fair;
  } else if (accept(token_kind::kw_unfair)) {
    fair = fairness::unfair;
  }
  if (is_override && !at(token_kind::kw_fn) && !at(token_kind::kw_inline) && !at(token_kind::kw_process) &&
      !at(token_kind::kw_syscall)) {
    expected("'fn', 'inline', 'process' or 'syscall' after 'override'");
    return nullptr;
  }
  if (fair != fairness::default_ && !at(token_kind::kw_process) && !at(token_kind::kw_program)) {
    expected("'process' or 'program' after '" + std::string(fair == fairness::fair ? "fair" : "unfair") + "'");
    return nullptr;
  }
  decl_ptr d = parse_decl_after_modifiers();
  if (d == nullptr) return nullptr;
  d->doc = std::move(doc);
  d->is_override = is_override;
  d->fair = fair;
  d->where = from(start);
  return d;
}

decl_ptr parser::parse_decl_after_modifiers() {
  switch (cur().kind) {
    case token_kind::kw_model: return parse_string_header(decl_kind::model);
    case token_kind::kw_extends: return parse_string_header(decl_kind::extends);
    case token_kind::kw_properties: return parse_properties_header();
    case token_kind::kw_scenario: return parse_scenario_header();
    case token_kind::kw_param: return parse_param();
    case token_kind::kw_const: return parse_const();
    case token_kind::kw_enum: return parse_enum();
    case token_kind::kw_type: return parse_type_decl(decl_kind::type_alias);
    case token_kind::kw_symmetric: return parse_type_decl(decl_kind::symmetric);
    case token_kind::kw_var: return parse_var_decl();
    case token_kind::kw_event: return parse_event();
    case token_kind::kw_fn: return parse_fn();
    case token_kind::kw_inline: return parse_inline();
    case token_kind::kw_process: return parse_process(decl_kind::process);
    case token_kind::kw_program: return parse_process(decl_kind::program);
    case token_kind::kw_syscall: return parse_syscall();
    case token_kind::kw_init: return parse_init();
    case token_kind::kw_invariant: return parse_invariant();
    case token_kind::kw_property: return parse_property();
    case token_kind::kw_monitor: return parse_monitor();
    case token_kind::kw_observe: return parse_observe();
    case token_kind::kw_allow: return parse_allow();
    case token_kind::kw_exists:
    case token_kind::kw_forall:
    case token_kind::tilde: return parse_condition();
    default:
      expected("a declaration");
      return nullptr;
  }
}

// A declaration of `kind`, its keyword consumed.
decl_ptr parser::new_decl(decl_kind kind) {
  auto d = std::make_unique<decl>();
  d->kind = kind;
  d->where = cur().where;
  advance();
  return d;
}

bool parser::parse_name(decl& d) { return expect_identifier(&d.name, &d.name_span); }

// model "name";  extends "path";
decl_ptr parser::parse_string_header(decl_kind kind) {
  decl_ptr d = new_decl(kind);
  std::string value;
  span where;
  if (!expect_string(&value, &where)) return nullptr;
  d->strings.push_back(std::move(value));
  d->string_spans.push_back(where);
  d->name_span = where;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// properties for "path", ...;
decl_ptr parser::parse_properties_header() {
  decl_ptr d = new_decl(decl_kind::properties);
  if (!expect(token_kind::kw_for) || !parse_string_list(&d->strings, &d->string_spans)) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// scenario NAME [for "path", ...];
decl_ptr parser::parse_scenario_header() {
  decl_ptr d = new_decl(decl_kind::scenario);
  if (!parse_name(*d)) return nullptr;
  if (accept(token_kind::kw_for) && !parse_string_list(&d->strings, &d->string_spans)) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// param N: lo..hi = default;   (models)     param N = value;   (scenarios)
decl_ptr parser::parse_param() {
  decl_ptr d = new_decl(decl_kind::param);
  if (!parse_name(*d)) return nullptr;
  if (accept(token_kind::colon)) {
    if (!(d->type = parse_type())) return nullptr;
  } else {
    d->kind = decl_kind::param_set;
  }
  if (!expect(token_kind::assign) || !(d->value = parse_expr())) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// const N = e;
decl_ptr parser::parse_const() {
  decl_ptr d = new_decl(decl_kind::constant);
  if (!parse_name(*d) || !expect(token_kind::assign)) return nullptr;
  if (!(d->value = parse_expr()) || !expect(token_kind::semicolon)) return nullptr;
  return d;
}

// enum E { A, B, C }   (a trailing comma and a final ';' are accepted)
decl_ptr parser::parse_enum() {
  decl_ptr d = new_decl(decl_kind::enum_);
  if (!parse_name(*d) || !expect(token_kind::l_brace)) return nullptr;
  do {
    if (at(token_kind::r_brace) && !d->enum_values.empty()) break;
    std::string value;
    span where;
    if (!expect_identifier(&value, &where)) return nullptr;
    d->enum_values.push_back(std::move(value));
    d->enum_spans.push_back(where);
  } while (accept(token_kind::comma));
  if (!expect(token_kind::r_brace)) return nullptr;
  accept(token_kind::semicolon);
  return d;
}

// type T = TYPE;   symmetric type T = TYPE;
decl_ptr parser::parse_type_decl(decl_kind kind) {
  decl_ptr d = new_decl(kind);
  if (kind == decl_kind::symmetric && !expect(token_kind::kw_type)) return nullptr;
  if (!parse_name(*d) || !expect(token_kind::assign)) return nullptr;
  if (!(d->type = parse_type()) || !expect(token_kind::semicolon)) return nullptr;
  return d;
}

// var x: T [= e];
decl_ptr parser::parse_var_decl() {
  decl_ptr d = new_decl(decl_kind::var);
  if (!parse_name(*d) || !expect(token_kind::colon) || !(d->type = parse_type())) return nullptr;
  if (accept(token_kind::assign) && !(d->value = parse_expr())) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// event name(p: T, ...);
decl_ptr parser::parse_event() {
  decl_ptr d = new_decl(decl_kind::event);
  if (!parse_name(*d) || !parse_params(&d->params, false)) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// fn name(p: T, ...): R = e;
decl_ptr parser::parse_fn() {
  decl_ptr d = new_decl(decl_kind::fn);
  if (!parse_name(*d) || !parse_params(&d->params, false)) return nullptr;
  if (!expect(token_kind::colon) || !(d->type = parse_type())) return nullptr;
  if (!expect(token_kind::assign) || !(d->value = parse_expr())) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// inline name(p: T, ...) { ... }
decl_ptr parser::parse_inline() {
  decl_ptr d = new_decl(decl_kind::inline_);
  if (!parse_name(*d) || !parse_params(&d->params, false)) return nullptr;
  if (!parse_braced_body(&d->body)) return nullptr;
  return d;
}

// process name[i: D] { ... }   program name[i: D] [as e] { ... }
decl_ptr parser::parse_process(decl_kind kind) {
  decl_ptr d = new_decl(kind);
  if (!parse_name(*d)) return nullptr;
  if (at(token_kind::l_bracket) && !parse_index_param(&d->params)) return nullptr;
  if (kind == decl_kind::program && accept(token_kind::kw_as) && !(d->value = parse_expr())) return nullptr;
  if (!parse_braced_body(&d->body)) return nullptr;
  return d;
}

// syscall name([self] p: T, ...)[: R] [env where e] { ... }
decl_ptr parser::parse_syscall() {
  decl_ptr d = new_decl(decl_kind::syscall);
  if (!parse_name(*d) || !parse_params(&d->params, true)) return nullptr;
  if (accept(token_kind::colon) && !(d->type = parse_type())) return nullptr;
  // `env` is a word only here: the arguments the most general environment calls this syscall with.
  if (at(token_kind::identifier) && cur().text == "env") {
    advance();
    if (!expect(token_kind::kw_where) || !(d->value = parse_expr())) return nullptr;
  }
  if (!parse_braced_body(&d->body)) return nullptr;
  return d;
}

// init { ... }
decl_ptr parser::parse_init() {
  decl_ptr d = new_decl(decl_kind::init);
  if (!parse_braced_body(&d->body)) return nullptr;
  return d;
}

// invariant name: e;
decl_ptr parser::parse_invariant() {
  decl_ptr d = new_decl(decl_kind::invariant);
  if (!parse_name(*d) || !expect(token_kind::colon)) return nullptr;
  if (!(d->value = parse_expr()) || !expect(token_kind::semicolon)) return nullptr;
  return d;
}

// property name: P ~> Q;   property name: after ev(pattern) ~> Q;
decl_ptr parser::parse_property() {
  decl_ptr d = new_decl(decl_kind::property);
  if (!parse_name(*d) || !expect(token_kind::colon)) return nullptr;
  if (at(token_kind::kw_after)) {
    advance();
    d->prop = property_kind::after_event;
    if (!at(token_kind::identifier) || ahead(1).kind != token_kind::l_paren) {
      expected("an event pattern 'EVENT(ARGS)' after 'after'");
      return nullptr;
    }
    if (!(d->trigger = parse_name_or_call())) return nullptr;
  } else if (!(d->trigger = parse_expr())) {
    return nullptr;
  }
  if (!expect(token_kind::leads_to) || !(d->value = parse_expr())) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// monitor name { member* }: members that fail to parse are reported, skipped and left out.
decl_ptr parser::parse_monitor() {
  decl_ptr d = new_decl(decl_kind::monitor);
  if (!parse_name(*d) || !expect(token_kind::l_brace)) return nullptr;
  const int block_depth = brace_depth_;
  while (true) {
    if (stopped()) return nullptr;
    if (accept(token_kind::r_brace)) return d;
    if (at(token_kind::end_of_file) || is_decl_only_keyword(cur().kind)) {
      expected("'}'");
      return nullptr;
    }
    if (decl_ptr member = parse_monitor_member()) {
      d->members.push_back(std::move(member));
    } else {
      if (stopped()) return nullptr;
      sync_stmt(block_depth);
    }
  }
}

// var x: T [= e];   or   on ev(a, _, ...) { ... }   (`on` is a keyword only here)
decl_ptr parser::parse_monitor_member() {
  const span start = cur().where;
  std::string doc = cur().doc;
  decl_ptr d;
  if (at(token_kind::kw_var)) {
    d = parse_var_decl();
  } else if (at(token_kind::identifier) && cur().text == "on") {
    d = parse_handler();
  } else {
    expected("'var' or 'on' in a monitor");
    return nullptr;
  }
  if (d == nullptr) return nullptr;
  d->doc = std::move(doc);
  d->where = from(start);
  return d;
}

// on ev(a, _, ...) { ... }
decl_ptr parser::parse_handler() {
  decl_ptr d = new_decl(decl_kind::handler);
  if (!parse_name(*d) || !expect(token_kind::l_paren)) return nullptr;
  if (!accept(token_kind::r_paren)) {
    do {
      param_decl_item item;
      item.where = cur().where;
      if (accept(token_kind::wildcard)) {
        item.name = "_";
      } else if (!expect_identifier(&item.name, nullptr)) {
        return nullptr;
      }
      d->params.push_back(std::move(item));
    } while (accept(token_kind::comma));
    if (!expect(token_kind::r_paren)) return nullptr;
  }
  if (!parse_braced_body(&d->body)) return nullptr;
  return d;
}

// observe name = e;
decl_ptr parser::parse_observe() {
  decl_ptr d = new_decl(decl_kind::observe);
  if (!parse_name(*d) || !expect(token_kind::assign)) return nullptr;
  if (!(d->value = parse_expr()) || !expect(token_kind::semicolon)) return nullptr;
  return d;
}

// allow hang;  (the only thing a scenario may allow so far)
decl_ptr parser::parse_allow() {
  decl_ptr d = new_decl(decl_kind::allow);
  if (!parse_name(*d)) return nullptr;
  if (d->name != "hang") {
    errors_.error("parse.expected", d->name_span, "expected 'hang' after 'allow', found '" + d->name + "'");
    return nullptr;
  }
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// exists (e) | forall (e) | ~exists (e), then [for "model", ...];
decl_ptr parser::parse_condition() {
  condition_kind cond = condition_kind::exists;
  if (at(token_kind::kw_forall)) cond = condition_kind::forall;
  if (at(token_kind::tilde)) cond = condition_kind::not_exists;
  decl_ptr d = new_decl(decl_kind::condition);
  d->cond = cond;
  if (cond == condition_kind::not_exists && !expect(token_kind::kw_exists)) return nullptr;
  if (!expect(token_kind::l_paren) || !(d->value = parse_expr()) || !expect(token_kind::r_paren)) return nullptr;
  if (accept(token_kind::kw_for) && !parse_string_list(&d->strings, &d->string_spans)) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  return d;
}

// "(" [param ("," param)*] ")"
bool parser::parse_params(std::vector<param_decl_item>* out, bool allow_self) {
  if (!expect(token_kind::l_paren)) return false;
  if (accept(token_kind::r_paren)) return true;
  do {
    if (!parse_param_item(out, allow_self)) return false;
  } while (accept(token_kind::comma));
  return expect(token_kind::r_paren);
}

// [self] name: T
bool parser::parse_param_item(std::vector<param_decl_item>* out, bool allow_self) {
  param_decl_item item;
  const span start = cur().where;
  item.is_self = allow_self && accept(token_kind::kw_self);
  if (!expect_identifier(&item.name, nullptr) || !expect(token_kind::colon)) return false;
  if (!(item.type = parse_type())) return false;
  item.where = from(start);
  out->push_back(std::move(item));
  return true;
}

// "[" name ":" D "]" after a process or program name.
bool parser::parse_index_param(std::vector<param_decl_item>* out) {
  advance();
  if (!parse_param_item(out, false)) return false;
  return expect(token_kind::r_bracket);
}

// ---------------------------------------------------------------- statements

// "{" statement* "}": statements that fail to parse are reported, skipped and left out.
bool parser::parse_braced_body(std::vector<stmt_ptr>* out) {
  if (!expect(token_kind::l_brace)) return false;
  const int block_depth = brace_depth_;
  while (true) {
    if (stopped()) return false;
    if (accept(token_kind::r_brace)) return true;
    if (at(token_kind::end_of_file) || is_decl_only_keyword(cur().kind)) {
      expected("'}'");
      return false;
    }
    if (stmt_ptr s = parse_stmt()) {
      out->push_back(std::move(s));
    } else {
      if (stopped()) return false;
      sync_stmt(block_depth);
    }
  }
}

// The body of while, loop and for: a block's statements, or a single statement.
bool parser::parse_loop_body(std::vector<stmt_ptr>* out) {
  if (at(token_kind::l_brace)) return parse_braced_body(out);
  stmt_ptr s = parse_stmt();
  if (s == nullptr) return false;
  out->push_back(std::move(s));
  return true;
}

stmt_ptr parser::parse_stmt() {
  nesting guard(*this);
  if (!guard.ok()) return nullptr;
  if (at(token_kind::identifier) && ahead(1).kind == token_kind::colon) return parse_labeled();
  return parse_stmt_by_keyword();
}

stmt_ptr parser::parse_stmt_by_keyword() {
  switch (cur().kind) {
    case token_kind::l_brace: return parse_block(stmt_kind::block);
    case token_kind::kw_atomic: return parse_block(stmt_kind::atomic);
    case token_kind::kw_let: return parse_let();
    case token_kind::kw_var: return parse_var_stmt();
    case token_kind::kw_if: return parse_if();
    case token_kind::kw_while: return parse_while();
    case token_kind::kw_loop: return parse_loop();
    case token_kind::kw_for: return parse_for();
    case token_kind::kw_either: return parse_either();
    case token_kind::kw_choose: return parse_choose();
    case token_kind::kw_emit: return parse_emit();
    case token_kind::kw_return: return parse_return();
    case token_kind::kw_assert: return parse_assert();
    case token_kind::kw_await: return parse_cond_stmt(stmt_kind::await);
    case token_kind::kw_expect: return parse_cond_stmt(stmt_kind::expect);
    case token_kind::kw_observe: return parse_observe_stmt();
    case token_kind::kw_break: return parse_keyword_only(stmt_kind::break_);
    case token_kind::kw_skip: return parse_keyword_only(stmt_kind::skip);
    case token_kind::kw_repeat: return parse_repeat();
    default: return parse_simple_stmt();
  }
}

// { ... } and atomic { ... }
stmt_ptr parser::parse_block(stmt_kind kind) {
  stmt_ptr s = make_stmt(kind, cur().where);
  if (kind == stmt_kind::atomic) advance();
  if (!parse_braced_body(&s->body)) return nullptr;
  s->where = from(s->where);
  return s;
}

// let x[: T] = e;
stmt_ptr parser::parse_let() {
  stmt_ptr s = make_stmt(stmt_kind::let, cur().where);
  advance();
  if (!expect_identifier(&s->name, nullptr)) return nullptr;
  if (accept(token_kind::colon) && !(s->declared_type = parse_type())) return nullptr;
  expr_ptr init;
  if (!expect(token_kind::assign) || !(init = parse_expr()) || !expect(token_kind::semicolon)) return nullptr;
  s->exprs.push_back(std::move(init));
  s->where = from(s->where);
  return s;
}

// var x: T [= e];
stmt_ptr parser::parse_var_stmt() {
  stmt_ptr s = make_stmt(stmt_kind::var, cur().where);
  advance();
  if (!expect_identifier(&s->name, nullptr) || !expect(token_kind::colon)) return nullptr;
  if (!(s->declared_type = parse_type())) return nullptr;
  if (accept(token_kind::assign)) {
    expr_ptr init = parse_expr();
    if (init == nullptr) return nullptr;
    s->exprs.push_back(std::move(init));
  }
  if (!expect(token_kind::semicolon)) return nullptr;
  s->where = from(s->where);
  return s;
}

// if (c) S [else S]: an else belongs to the nearest if, as in C.
stmt_ptr parser::parse_if() {
  stmt_ptr s = make_stmt(stmt_kind::if_, cur().where);
  advance();
  expr_ptr cond;
  if (!expect(token_kind::l_paren) || !(cond = parse_expr()) || !expect(token_kind::r_paren)) return nullptr;
  s->exprs.push_back(std::move(cond));
  stmt_ptr then_branch = parse_stmt();
  if (then_branch == nullptr) return nullptr;
  s->body.push_back(std::move(then_branch));
  if (accept(token_kind::kw_else)) {
    stmt_ptr else_branch = parse_stmt();
    if (else_branch == nullptr) return nullptr;
    s->body.push_back(std::move(else_branch));
  }
  s->where = from(s->where);
  return s;
}

// while (c) S
stmt_ptr parser::parse_while() {
  stmt_ptr s = make_stmt(stmt_kind::while_, cur().where);
  advance();
  expr_ptr cond;
  if (!expect(token_kind::l_paren) || !(cond = parse_expr()) || !expect(token_kind::r_paren)) return nullptr;
  s->exprs.push_back(std::move(cond));
  if (!parse_loop_body(&s->body)) return nullptr;
  s->where = from(s->where);
  return s;
}

// loop S
stmt_ptr parser::parse_loop() {
  stmt_ptr s = make_stmt(stmt_kind::loop, cur().where);
  advance();
  if (!parse_loop_body(&s->body)) return nullptr;
  s->where = from(s->where);
  return s;
}

// for (x in D) S
stmt_ptr parser::parse_for() {
  stmt_ptr s = make_stmt(stmt_kind::for_, cur().where);
  advance();
  if (!expect(token_kind::l_paren) || !expect_identifier(&s->name, nullptr) || !expect(token_kind::kw_in)) {
    return nullptr;
  }
  if (!parse_for_collection(*s) || !expect(token_kind::r_paren)) return nullptr;
  if (!parse_loop_body(&s->body)) return nullptr;
  s->where = from(s->where);
  return s;
}

// What a for iterates over. Only the parser's view is decided here: bool, set<..>, list<..>, record
// and ranges (lo..hi) are types (declared_type); anything else, a plain name included, is an
// expression (exprs[0]) for the type checker to read as a domain type or a collection.
bool parser::parse_for_collection(stmt& s) {
  const token_kind kind = cur().kind;
  if (kind == token_kind::kw_bool || kind == token_kind::kw_set || kind == token_kind::kw_list ||
      kind == token_kind::kw_record) {
    return (s.declared_type = parse_type()) != nullptr;
  }
  expr_ptr collection = parse_expr();
  if (collection == nullptr) return false;
  if (at(token_kind::dot_dot)) {
    type_ptr range = finish_range(std::move(collection));
    if (range == nullptr) return false;
    return (s.declared_type = parse_type_postfix(std::move(range))) != nullptr;
  }
  s.exprs.push_back(std::move(collection));
  return true;
}

// either { } or { } ...
stmt_ptr parser::parse_either() {
  stmt_ptr s = make_stmt(stmt_kind::either, cur().where);
  advance();
  do {
    if (!at(token_kind::l_brace)) {
      expected("'{'");
      return nullptr;
    }
    stmt_ptr branch = parse_block(stmt_kind::block);
    if (branch == nullptr) return nullptr;
    s->body.push_back(std::move(branch));
    if (s->body.size() == 1 && !at(token_kind::kw_or)) {
      expected("'or' and a second branch");
      return nullptr;
    }
  } while (accept(token_kind::kw_or));
  s->where = from(s->where);
  return s;
}

// choose x in T [where c];
stmt_ptr parser::parse_choose() {
  stmt_ptr s = make_stmt(stmt_kind::choose, cur().where);
  advance();
  if (!expect_identifier(&s->name, nullptr) || !expect(token_kind::kw_in)) return nullptr;
  if (!(s->declared_type = parse_type())) return nullptr;
  if (accept(token_kind::kw_where)) {
    expr_ptr cond = parse_expr();
    if (cond == nullptr) return nullptr;
    s->exprs.push_back(std::move(cond));
  }
  if (!expect(token_kind::semicolon)) return nullptr;
  s->where = from(s->where);
  return s;
}

// emit ev(args);
stmt_ptr parser::parse_emit() {
  stmt_ptr s = make_stmt(stmt_kind::emit, cur().where);
  advance();
  if (!expect_identifier(&s->name, nullptr) || !expect(token_kind::l_paren)) return nullptr;
  if (!parse_expr_list(&s->exprs, token_kind::r_paren) || !expect(token_kind::semicolon)) return nullptr;
  s->where = from(s->where);
  return s;
}

// return [e];
stmt_ptr parser::parse_return() {
  stmt_ptr s = make_stmt(stmt_kind::return_, cur().where);
  advance();
  if (!at(token_kind::semicolon)) {
    expr_ptr value = parse_expr();
    if (value == nullptr) return nullptr;
    s->exprs.push_back(std::move(value));
  }
  if (!expect(token_kind::semicolon)) return nullptr;
  s->where = from(s->where);
  return s;
}

// assert c [, "message"];
stmt_ptr parser::parse_assert() {
  stmt_ptr s = make_stmt(stmt_kind::assert_, cur().where);
  advance();
  expr_ptr cond = parse_expr();
  if (cond == nullptr) return nullptr;
  s->exprs.push_back(std::move(cond));
  if (accept(token_kind::comma) && !expect_string(&s->message, nullptr)) return nullptr;
  if (!expect(token_kind::semicolon)) return nullptr;
  s->where = from(s->where);
  return s;
}

// await c;   expect c;
stmt_ptr parser::parse_cond_stmt(stmt_kind kind) {
  stmt_ptr s = make_stmt(kind, cur().where);
  advance();
  expr_ptr cond = parse_expr();
  if (cond == nullptr || !expect(token_kind::semicolon)) return nullptr;
  s->exprs.push_back(std::move(cond));
  s->where = from(s->where);
  return s;
}

// break;   skip;
stmt_ptr parser::parse_keyword_only(stmt_kind kind) {
  stmt_ptr s = make_stmt(kind, cur().where);
  advance();
  if (!expect(token_kind::semicolon)) return nullptr;
  s->where = from(s->where);
  return s;
}

// repeat N { ... }
stmt_ptr parser::parse_repeat() {
  stmt_ptr s = make_stmt(stmt_kind::repeat, cur().where);
  advance();
  expr_ptr count = parse_expr();
  if (count == nullptr) return nullptr;
  s->exprs.push_back(std::move(count));
  if (!parse_braced_body(&s->body)) return nullptr;
  s->where = from(s->where);
  return s;
}

// label: S
stmt_ptr parser::parse_labeled() {
  stmt_ptr s = make_stmt(stmt_kind::labeled, cur().where);
  s->name = std::string(cur().text);
  advance();
  advance();  // ':'
  stmt_ptr inner = parse_stmt();
  if (inner == nullptr) return nullptr;
  s->body.push_back(std::move(inner));
  s->where = from(s->where);
  return s;
}

// lhs op= rhs;   or   name(args);
// observe r = e;  (a scenario program's snapshot of e into register r)
stmt_ptr parser::parse_observe_stmt() {
  const span start = cur().where;
  advance();
  if (!at(token_kind::identifier)) {
    expected("a register name after 'observe'");
    return nullptr;
  }
  expr_ptr target = parse_expr();
  if (target == nullptr) return nullptr;
  if (target->kind != expr_kind::name) {
    expected("a register name after 'observe'");
    return nullptr;
  }
  if (!expect(token_kind::assign)) return nullptr;
  stmt_ptr s = parse_assign_value(start, std::move(target), assign_op::set);
  if (s) s->observe = true;
  return s;
}

// The `value;` of `target op value;`.
stmt_ptr parser::parse_assign_value(span start, expr_ptr target, assign_op op) {
  stmt_ptr s = make_stmt(stmt_kind::assign, start);
  s->aop = op;
  expr_ptr value = parse_expr();
  if (value == nullptr || !expect(token_kind::semicolon)) return nullptr;
  s->exprs.push_back(std::move(target));
  s->exprs.push_back(std::move(value));
  s->where = from(start);
  return s;
}

stmt_ptr parser::parse_simple_stmt() {
  if (!can_start_expression(cur().kind)) {
    expected("a statement");
    return nullptr;
  }
  const span start = cur().where;
  expr_ptr target = parse_expr();
  if (target == nullptr) return nullptr;
  if (const std::optional<assign_op> op = assign_op_of(cur().kind)) {
    advance();
    return parse_assign_value(start, std::move(target), *op);
  }
  if (target->kind != expr_kind::call) {
    expected("an assignment operator ('=', '+=', '-=', '|=', '&=')");
    return nullptr;
  }
  if (!expect(token_kind::semicolon)) return nullptr;
  stmt_ptr s = make_stmt(stmt_kind::call, start);
  s->name = std::move(target->name);
  s->exprs = std::move(target->operands);
  s->where = from(start);
  return s;
}

// ---------------------------------------------------------------- types

type_ptr parser::parse_type() {
  nesting guard(*this);
  if (!guard.ok()) return nullptr;
  type_ptr base = parse_type_primary();
  if (base == nullptr) return nullptr;
  return parse_type_postfix(std::move(base));
}

// T[D] and T?, left to right: Sig?[Tid] is an array of optionals.
type_ptr parser::parse_type_postfix(type_ptr base) {
  int levels = 0;
  type_ptr result = std::move(base);
  while (at(token_kind::l_bracket) || at(token_kind::question)) {
    ++levels;
    if (!enter()) {
      depth_ -= levels;
      return nullptr;
    }
    const bool array = at(token_kind::l_bracket);
    advance();
    type_ptr wrapped = make_type(array ? type_expr_kind::array : type_expr_kind::optional, result->where);
    wrapped->elem = std::move(result);
    if (array) {
      wrapped->index = parse_type();
      if (wrapped->index == nullptr || !expect(token_kind::r_bracket)) {
        depth_ -= levels;
        return nullptr;
      }
    }
    wrapped->where = from(wrapped->where);
    result = std::move(wrapped);
  }
  depth_ -= levels;
  return result;
}

type_ptr parser::parse_type_primary() {
  switch (cur().kind) {
    case token_kind::kw_bool: {
      type_ptr t = make_type(type_expr_kind::named, cur().where);
      t->name = "bool";
      advance();
      return t;
    }
    case token_kind::kw_set: return parse_container_type(type_expr_kind::set);
    case token_kind::kw_list: return parse_container_type(type_expr_kind::list);
    case token_kind::kw_record: return parse_record_type();
    case token_kind::l_brace:
    case token_kind::l_bracket: break;
    default:
      if (can_start_expression(cur().kind)) return parse_range_or_name();
      break;
  }
  expected("a type");
  return nullptr;
}

// set<T>   list<T, N>
type_ptr parser::parse_container_type(type_expr_kind kind) {
  type_ptr t = make_type(kind, cur().where);
  advance();
  if (!expect(token_kind::lt) || !(t->elem = parse_type())) return nullptr;
  if (kind == type_expr_kind::list) {
    flag_scope bound(in_bound_, false);
    // Parsed above the comparisons, so that the closing '>' is not read as "greater than".
    if (!expect(token_kind::comma) || !(t->bound = parse_binary(precedence::bit_or))) return nullptr;
  }
  if (!expect_closing_angle()) return nullptr;
  t->where = from(t->where);
  return t;
}

// record { f: T; ... }
type_ptr parser::parse_record_type() {
  type_ptr t = make_type(type_expr_kind::record, cur().where);
  advance();
  if (!expect(token_kind::l_brace)) return nullptr;
  while (!accept(token_kind::r_brace)) {
    field_decl field;
    field.where = cur().where;
    if (!expect_identifier(&field.name, nullptr) || !expect(token_kind::colon)) return nullptr;
    if (!(field.type = parse_type()) || !expect(token_kind::semicolon)) return nullptr;
    field.where = from(field.where);
    t->fields.push_back(std::move(field));
  }
  t->where = from(t->where);
  return t;
}

// A named type (Sig) or a range (lo..hi). Bounds are arithmetic: '..' binds looser than + and -, so
// 0..N-1 is 0..(N-1). Bounds take no postfix [ ] . @, which belong to the type: 0..3[Tid] is an array.
type_ptr parser::parse_range_or_name() {
  expr_ptr lo;
  {
    flag_scope bound(in_bound_, true);
    lo = parse_binary(precedence::additive);
  }
  if (lo == nullptr) return nullptr;
  if (at(token_kind::dot_dot)) return finish_range(std::move(lo));
  if (lo->kind == expr_kind::name) {
    type_ptr t = make_type(type_expr_kind::named, lo->where);
    t->name = std::move(lo->name);
    return t;
  }
  expected("'..' (a type is a name or a range lo..hi)");
  return nullptr;
}

// The rest of a range whose low bound has been parsed; at '..'.
type_ptr parser::finish_range(expr_ptr lo) {
  type_ptr t = make_type(type_expr_kind::range, lo->where);
  advance();
  flag_scope bound(in_bound_, true);
  t->hi = parse_binary(precedence::additive);
  if (t->hi == nullptr) return nullptr;
  t->lo = std::move(lo);
  t->where = from(t->where);
  return t;
}

// ---------------------------------------------------------------- expressions

// A full expression: the conditional level, quantifiers included.
expr_ptr parser::parse_expr() {
  nesting guard(*this);
  if (!guard.ok()) return nullptr;
  expr_ptr cond = parse_binary(precedence::implies);
  if (cond == nullptr || !at(token_kind::question)) return cond;
  advance();
  expr_ptr e = make_expr(expr_kind::conditional, cond->where);
  expr_ptr then_value = parse_expr();
  if (then_value == nullptr || !expect(token_kind::colon)) return nullptr;
  expr_ptr else_value = parse_expr();
  if (else_value == nullptr) return nullptr;
  // c ? a : b ? x : y groups as c ? a : (b ? x : y); the else branch is a full expression again.
  e->operands.push_back(std::move(cond));
  e->operands.push_back(std::move(then_value));
  e->operands.push_back(std::move(else_value));
  e->where = from(e->where);
  return e;
}

// Precedence climbing over the binary operators at `min` or tighter. Each operator applied adds a
// level of nesting (the tree gets deeper), so long chains are bounded like parentheses.
expr_ptr parser::parse_binary(precedence min) {
  expr_ptr lhs = parse_unary();
  int levels = 0;
  while (lhs != nullptr) {
    const std::optional<binary_op> op = binary_op_of(cur().kind);
    if (!op || precedence_of(*op) < min) break;
    ++levels;
    if (!enter()) {
      lhs = nullptr;
      break;
    }
    advance();
    const int next = static_cast<int>(precedence_of(*op)) + (is_right_associative(*op) ? 0 : 1);
    expr_ptr rhs = parse_binary(static_cast<precedence>(next));
    if (rhs == nullptr) {
      lhs = nullptr;
      break;
    }
    expr_ptr e = make_expr(expr_kind::binary, lhs->where.to(rhs->where));
    e->bop = *op;
    e->operands.push_back(std::move(lhs));
    e->operands.push_back(std::move(rhs));
    lhs = std::move(e);
  }
  depth_ -= levels;
  return lhs;
}

expr_ptr parser::parse_unary() {
  if (!at(token_kind::bang) && !at(token_kind::minus)) return parse_postfix(parse_primary());
  nesting guard(*this);
  if (!guard.ok()) return nullptr;
  expr_ptr e = make_expr(expr_kind::unary, cur().where);
  e->uop = at(token_kind::bang) ? unary_op::logical_not : unary_op::negate;
  advance();
  expr_ptr operand = parse_unary();
  if (operand == nullptr) return nullptr;
  e->where = e->where.to(operand->where);
  e->operands.push_back(std::move(operand));
  return e;
}

// a[i]   a.f   p@label   p[i]@label
expr_ptr parser::parse_postfix(expr_ptr operand) {
  int levels = 0;
  while (operand != nullptr && !in_bound_ &&
         (at(token_kind::l_bracket) || at(token_kind::dot) || at(token_kind::at))) {
    ++levels;
    if (!enter()) {
      operand = nullptr;
      break;
    }
    const token_kind kind = cur().kind;
    advance();
    expr_ptr e;
    if (kind == token_kind::l_bracket) {
      e = make_expr(expr_kind::index, operand->where);
      e->operands.push_back(std::move(operand));
      expr_ptr index = parse_expr();
      if (index == nullptr || !expect(token_kind::r_bracket)) break;
      e->operands.push_back(std::move(index));
    } else {
      e = make_expr(kind == token_kind::dot ? expr_kind::field : expr_kind::at, operand->where);
      e->operands.push_back(std::move(operand));
      if (!expect_identifier(&e->name, nullptr)) break;
    }
    e->where = from(e->where);
    operand = std::move(e);
  }
  depth_ -= levels;
  return operand;
}

expr_ptr parser::parse_primary() {
  const token& t = cur();
  switch (t.kind) {
    case token_kind::integer: {
      expr_ptr e = make_expr(expr_kind::int_lit, t.where);
      e->int_value = t.int_value;
      advance();
      return e;
    }
    case token_kind::kw_true:
    case token_kind::kw_false: {
      expr_ptr e = make_expr(expr_kind::bool_lit, t.where);
      e->int_value = t.kind == token_kind::kw_true ? 1 : 0;
      advance();
      return e;
    }
    case token_kind::kw_none: {
      expr_ptr e = make_expr(expr_kind::none_lit, t.where);
      advance();
      return e;
    }
    case token_kind::wildcard: {
      expr_ptr e = make_expr(expr_kind::wildcard, t.where);
      advance();
      return e;
    }
    case token_kind::identifier: return parse_name_or_call();
    case token_kind::l_paren: return parse_parenthesized();
    case token_kind::l_brace: return parse_braced_literal();
    case token_kind::l_bracket: return parse_list_literal();
    case token_kind::kw_forall:
    case token_kind::kw_exists:
    case token_kind::kw_count: return parse_quantifier();
    default:
      expected("an expression");
      return nullptr;
  }
}

// name   or   name(args)
expr_ptr parser::parse_name_or_call() {
  expr_ptr e = make_expr(expr_kind::name, cur().where);
  e->name = std::string(cur().text);
  advance();
  if (!accept(token_kind::l_paren)) return e;
  e->kind = expr_kind::call;
  if (!parse_expr_list(&e->operands, token_kind::r_paren)) return nullptr;
  e->where = from(e->where);
  return e;
}

// ( e ): the parentheses leave no node behind.
expr_ptr parser::parse_parenthesized() {
  advance();
  flag_scope bound(in_bound_, false);
  expr_ptr e = parse_expr();
  if (e == nullptr || !expect(token_kind::r_paren)) return nullptr;
  return e;
}

// forall x: D. e   exists x: D. e   count x: D. e   (the body extends as far right as possible)
expr_ptr parser::parse_quantifier() {
  expr_ptr e = make_expr(expr_kind::quant, cur().where);
  e->qkind = at(token_kind::kw_forall)   ? quant_kind::forall
             : at(token_kind::kw_exists) ? quant_kind::exists
                                         : quant_kind::count;
  advance();
  if (!expect_identifier(&e->name, nullptr) || !expect(token_kind::colon)) return nullptr;
  if (!(e->domain = parse_type()) || !expect(token_kind::dot)) return nullptr;
  expr_ptr body = parse_expr();
  if (body == nullptr) return nullptr;
  e->operands.push_back(std::move(body));
  e->where = from(e->where);
  return e;
}

// {} and {a, b} are sets; {f: e, ...} (an identifier and ':' after '{') is a record.
expr_ptr parser::parse_braced_literal() {
  const span start = cur().where;
  advance();
  flag_scope bound(in_bound_, false);
  if (at(token_kind::identifier) && ahead(1).kind == token_kind::colon) return parse_record_literal(start);
  expr_ptr e = make_expr(expr_kind::set_lit, start);
  if (!parse_expr_list(&e->operands, token_kind::r_brace)) return nullptr;
  e->where = from(start);
  return e;
}

expr_ptr parser::parse_record_literal(span start) {
  expr_ptr e = make_expr(expr_kind::record_lit, start);
  do {
    std::string field;
    span where;
    if (!expect_identifier(&field, &where) || !expect(token_kind::colon)) return nullptr;
    expr_ptr value = parse_expr();
    if (value == nullptr) return nullptr;
    e->field_names.push_back(std::move(field));
    e->field_spans.push_back(where);
    e->operands.push_back(std::move(value));
  } while (accept(token_kind::comma));
  if (!expect(token_kind::r_brace)) return nullptr;
  e->where = from(start);
  return e;
}

// [a, b]   []
expr_ptr parser::parse_list_literal() {
  const span start = cur().where;
  advance();
  flag_scope bound(in_bound_, false);
  expr_ptr e = make_expr(expr_kind::list_lit, start);
  if (!parse_expr_list(&e->operands, token_kind::r_bracket)) return nullptr;
  e->where = from(start);
  return e;
}

// [e ("," e)*] close, the opening bracket already consumed.
bool parser::parse_expr_list(std::vector<expr_ptr>* out, token_kind close) {
  flag_scope bound(in_bound_, false);
  if (accept(close)) return true;
  do {
    expr_ptr e = parse_expr();
    if (e == nullptr) return false;
    out->push_back(std::move(e));
  } while (accept(token_kind::comma));
  return expect(close);
}

expr_ptr parser::standalone_expression() {
  expr_ptr e = parse_expr();
  if (e != nullptr && !at(token_kind::end_of_file)) {
    expected("end of file after the expression");
    return nullptr;
  }
  return e;
}

}  // namespace

std::unique_ptr<source_unit> parse(const source_file& file, file_kind kind, diagnostics& diags) {
  error_reporter errors(diags, max_errors_per_file);
  return parser(file, kind, errors).unit();
}

std::unique_ptr<source_unit> parse(const source_file& file, diagnostics& diags) {
  file_kind kind = file_kind::model;
  if (!file_kind_from_path(file.path(), &kind)) {
    diags.error("load.wrong-file-kind", span{&file, 0, 0}, "'" + file.path() + "' is not a .ptm, .inv or .ptl file");
    auto unit = std::make_unique<source_unit>();
    unit->file = &file;
    return unit;
  }
  return parse(file, kind, diags);
}

expr_ptr parse_expression(const source_file& file, diagnostics& diags) {
  error_reporter errors(diags, max_errors_per_file);
  return parser(file, file_kind::model, errors).standalone_expression();
}

// Which declarations each kind of file may hold (ast.h, decl_kind; spec/README.md).
bool allowed_in(file_kind file, decl_kind kind) {
  switch (kind) {
    case decl_kind::model:
    case decl_kind::extends:
    case decl_kind::param:
    case decl_kind::constant:
    case decl_kind::enum_:
    case decl_kind::type_alias:
    case decl_kind::symmetric:
    case decl_kind::var:
    case decl_kind::event:
    case decl_kind::inline_:
    case decl_kind::process:
    case decl_kind::syscall:
      return file == file_kind::model;
    case decl_kind::fn:
      return file == file_kind::model || file == file_kind::properties;
    case decl_kind::init:
      return file == file_kind::model || file == file_kind::scenario;
    case decl_kind::properties:
    case decl_kind::invariant:
    case decl_kind::property:
      return file == file_kind::properties;
    case decl_kind::monitor:
      return file == file_kind::properties || file == file_kind::scenario;
    case decl_kind::handler:
      return false;  // only inside a monitor
    case decl_kind::scenario:
    case decl_kind::param_set:
    case decl_kind::program:
    case decl_kind::observe:
    case decl_kind::allow:
    case decl_kind::condition:
      return file == file_kind::scenario;
  }
  return false;
}

}  // namespace ptmc::lang

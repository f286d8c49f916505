// The canonical printer and structural equality of syntax trees (declared in lang/frontend.h).
#include <string>
#include <vector>

#include "lang/frontend.h"
#include "lang/parser.h"

namespace ptmc::lang {

namespace {

// ---------------------------------------------------------------- expressions and types

// Where an expression is printed:
//  - min:   the loosest precedence that may stand here without parentheses;
//  - tail:  nothing that an expression could swallow follows, so a quantifier (whose body extends
//           as far right as possible) needs no parentheses;
//  - bound: a range bound, where the parser takes no postfix [ ] . @ outside brackets.
struct expr_place {
  precedence min = precedence::quantifier;
  bool tail = true;
  bool bound = false;
};

constexpr expr_place free_place{};  // inside brackets, arguments, or a whole expression

std::string expr_text(const expr& e, expr_place place);
std::string type_text(const type_expr& t);

precedence own_precedence(const expr& e) {
  switch (e.kind) {
    case expr_kind::binary: return precedence_of(e.bop);
    case expr_kind::unary: return precedence::unary;
    case expr_kind::conditional: return precedence::conditional;
    case expr_kind::quant: return precedence::quantifier;
    default: return precedence::postfix;
  }
}

bool needs_parentheses(const expr& e, expr_place place) {
  if (e.kind == expr_kind::quant) return !place.tail;
  if (place.bound && (e.kind == expr_kind::index || e.kind == expr_kind::field || e.kind == expr_kind::at)) {
    return true;
  }
  return own_precedence(e) < place.min;
}

std::string list_text(const std::vector<expr_ptr>& items) {
  std::string text;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += ", ";
    text += expr_text(*items[i], free_place);
  }
  return text;
}

std::string binary_text(const expr& e, expr_place place) {
  const precedence p = precedence_of(e.bop);
  const auto tighter = static_cast<precedence>(static_cast<int>(p) + 1);
  const bool right = is_right_associative(e.bop);
  const expr_place left_place{right ? tighter : p, false, place.bound};
  const expr_place right_place{right ? p : tighter, place.tail, place.bound};
  return expr_text(*e.operands[0], left_place) + " " + std::string(spelling(e.bop)) + " " +
         expr_text(*e.operands[1], right_place);
}

std::string conditional_text(const expr& e, expr_place place) {
  return expr_text(*e.operands[0], {precedence::implies, false, place.bound}) + " ? " +
         expr_text(*e.operands[1], free_place) + " : " +
         expr_text(*e.operands[2], {precedence::quantifier, place.tail, place.bound});
}

std::string postfix_operand(const expr& e, expr_place place) {
  return expr_text(*e.operands[0], {precedence::postfix, false, place.bound});
}

std::string record_text(const expr& e) {
  std::string text = "{";
  for (std::size_t i = 0; i < e.operands.size(); ++i) {
    if (i > 0) text += ", ";
    text += (i < e.field_names.size() ? e.field_names[i] : std::string("?")) + ": " +
            expr_text(*e.operands[i], free_place);
  }
  return text + "}";
}

std::string quant_text(const expr& e, expr_place place) {
  return std::string(spelling(e.qkind)) + " " + e.name + ": " + (e.domain ? type_text(*e.domain) : "?") + ". " +
         expr_text(*e.operands[0], {precedence::quantifier, true, place.bound});
}

// The expression without surrounding parentheses.
std::string bare_expr_text(const expr& e, expr_place place) {
  switch (e.kind) {
    case expr_kind::int_lit: return std::to_string(e.int_value);
    case expr_kind::bool_lit: return e.int_value != 0 ? "true" : "false";
    case expr_kind::none_lit: return "none";
    case expr_kind::wildcard: return "_";
    case expr_kind::name: return e.name;
    case expr_kind::unary: {
      const std::string operand = expr_text(*e.operands[0], {precedence::unary, place.tail, place.bound});
      // "- -a", not "--a", which would read as C's decrement.
      const bool separate = e.uop == unary_op::negate && !operand.empty() && operand[0] == '-';
      return std::string(spelling(e.uop)) + (separate ? " " : "") + operand;
    }
    case expr_kind::binary: return binary_text(e, place);
    case expr_kind::conditional: return conditional_text(e, place);
    case expr_kind::index: return postfix_operand(e, place) + "[" + expr_text(*e.operands[1], free_place) + "]";
    case expr_kind::field: return postfix_operand(e, place) + "." + e.name;
    case expr_kind::at: return postfix_operand(e, place) + "@" + e.name;
    case expr_kind::call: return e.name + "(" + list_text(e.operands) + ")";
    case expr_kind::set_lit: return "{" + list_text(e.operands) + "}";
    case expr_kind::record_lit: return record_text(e);
    case expr_kind::list_lit: return "[" + list_text(e.operands) + "]";
    case expr_kind::quant: return quant_text(e, place);
  }
  return "?";
}

std::string expr_text(const expr& e, expr_place place) {
  if (needs_parentheses(e, place)) return "(" + bare_expr_text(e, free_place) + ")";
  return bare_expr_text(e, place);
}

std::string bound_text(const expr_ptr& e) {
  return e ? expr_text(*e, {precedence::additive, false, true}) : "?";
}

std::string record_type_text(const type_expr& t) {
  std::string text = "record { ";
  for (const field_decl& field : t.fields) {
    text += field.name + ": " + (field.type ? type_text(*field.type) : "?") + "; ";
  }
  return text + "}";
}

std::string type_text(const type_expr& t) {
  auto sub = [](const type_ptr& p) { return p ? type_text(*p) : std::string("?"); };
  switch (t.kind) {
    case type_expr_kind::named: return t.name;
    case type_expr_kind::range: return bound_text(t.lo) + ".." + bound_text(t.hi);
    case type_expr_kind::set: return "set<" + sub(t.elem) + ">";
    case type_expr_kind::list:
      return "list<" + sub(t.elem) + ", " +
             (t.bound ? expr_text(*t.bound, {precedence::bit_or, false, false}) : "?") + ">";
    case type_expr_kind::array: return sub(t.elem) + "[" + sub(t.index) + "]";
    case type_expr_kind::optional: return sub(t.elem) + "?";
    case type_expr_kind::record: return record_type_text(t);
  }
  return "?";
}

std::string string_literal(const std::string& value) {
  std::string text = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') {
      text += '\\';
      text += c;
    } else if (c == '\n') {
      text += "\\n";
    } else {
      text += c;
    }
  }
  return text + "\"";
}

std::string string_list(const std::vector<std::string>& values) {
  std::string text;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) text += ", ";
    text += string_literal(values[i]);
  }
  return text;
}

// ---------------------------------------------------------------- statements and declarations

class unit_printer {
 public:
  std::string run(const source_unit& unit) {
    const decl* previous = nullptr;
    for (const decl_ptr& d : unit.decls) {
      if (previous != nullptr && !same_group(*previous, *d)) out_ += '\n';
      print_decl(*d);
      previous = d.get();
    }
    return std::move(out_);
  }

 private:
  static bool has_body(const decl& d) {
    return d.kind == decl_kind::inline_ || d.kind == decl_kind::process || d.kind == decl_kind::syscall ||
           d.kind == decl_kind::init || d.kind == decl_kind::program;
  }

  // `type T = record { ... };` prints one field per line.
  static bool is_record_alias(const decl& d) {
    return d.kind == decl_kind::type_alias && d.type && d.type->kind == type_expr_kind::record &&
           !d.type->fields.empty();
  }

  static bool multi_line(const decl& d) { return has_body(d) || is_record_alias(d) || d.kind == decl_kind::monitor; }

  // Consecutive one-line declarations of one kind stay together; anything else gets a blank line.
  static bool same_group(const decl& previous, const decl& d) {
    if (multi_line(previous) || multi_line(d) || !d.doc.empty()) return false;
    auto group = [](decl_kind kind) { return kind == decl_kind::extends ? decl_kind::model : kind; };
    return group(previous.kind) == group(d.kind);
  }

  void indent() { out_.append(static_cast<std::size_t>(depth_) * 4, ' '); }

  void doc_comment(const std::string& doc) {
    if (doc.empty()) return;
    std::size_t start = 0;
    while (true) {
      const std::size_t end = doc.find('\n', start);
      const std::string line = doc.substr(start, end == std::string::npos ? std::string::npos : end - start);
      indent();
      out_ += line.empty() ? "///" : "/// " + line;
      out_ += '\n';
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }

  // "{", the statements one level deeper, then "}" at the current level, with no final newline.
  void braced(const std::vector<stmt_ptr>& body) {
    out_ += "{\n";
    ++depth_;
    for (const stmt_ptr& s : body) {
      indent();
      stmt_here(*s);
    }
    --depth_;
    indent();
    out_ += '}';
  }

  // A statement starting at the current output position (indentation already written); its lines
  // after the first are indented at the current level, and it ends with a newline.
  void stmt_here(const stmt& s) {
    switch (s.kind) {
      case stmt_kind::block: braced(s.body); break;
      case stmt_kind::atomic: out_ += "atomic "; braced(s.body); break;
      case stmt_kind::loop: out_ += "loop "; braced(s.body); break;
      case stmt_kind::while_: out_ += "while (" + first_expr(s) + ") "; braced(s.body); break;
      case stmt_kind::for_: out_ += "for (" + s.name + " in " + for_collection(s) + ") "; braced(s.body); break;
      case stmt_kind::repeat: out_ += "repeat " + first_expr(s) + " "; braced(s.body); break;
      case stmt_kind::either: either(s); break;
      case stmt_kind::if_: if_stmt(s); return;
      case stmt_kind::labeled:
        out_ += s.name + ": ";
        if (!s.body.empty()) return stmt_here(*s.body[0]);
        out_ += "skip;";
        break;
      default: out_ += simple_stmt(s); break;
    }
    out_ += '\n';
  }

  void either(const stmt& s) {
    out_ += "either ";
    for (std::size_t i = 0; i < s.body.size(); ++i) {
      if (i > 0) out_ += " or ";
      braced(s.body[i]->body);
    }
  }

  // The branches print as written: a block on the line of its `if`/`else`, any other statement after
  // a space. (Parsed trees never need braces added: an else always belongs to the nearest if.)
  void if_stmt(const stmt& s) {
    out_ += "if (" + first_expr(s) + ") ";
    if (s.body.empty()) {
      out_ += "skip;\n";
      return;
    }
    const bool then_block = s.body[0]->kind == stmt_kind::block;
    branch(*s.body[0]);
    if (s.body.size() < 2) {
      if (then_block) out_ += '\n';
      return;
    }
    if (then_block) {
      out_ += " else ";
    } else {
      indent();
      out_ += "else ";
    }
    branch(*s.body[1]);
    if (s.body[1]->kind == stmt_kind::block) out_ += '\n';
  }

  // A block without its final newline, anything else with it.
  void branch(const stmt& s) {
    if (s.kind == stmt_kind::block) {
      braced(s.body);
    } else {
      stmt_here(s);
    }
  }

  static std::string first_expr(const stmt& s) { return s.exprs.empty() ? "?" : expr_text(*s.exprs[0], free_place); }

  // A target that would start with '{' is parenthesised: at the start of a statement, '{' opens a block.
  static std::string assign_target(const stmt& s) {
    std::string target = first_expr(s);
    if (!target.empty() && target[0] == '{') target = "(" + target + ")";
    return target;
  }

  static std::string for_collection(const stmt& s) {
    if (s.declared_type) return type_text(*s.declared_type);
    return first_expr(s);
  }

  // The one-line statements, with their ';'.
  static std::string simple_stmt(const stmt& s) {
    switch (s.kind) {
      case stmt_kind::let:
        return "let " + s.name + (s.declared_type ? ": " + type_text(*s.declared_type) : "") + " = " + first_expr(s) + ";";
      case stmt_kind::var:
        return "var " + s.name + ": " + (s.declared_type ? type_text(*s.declared_type) : "?") +
               (s.exprs.empty() ? "" : " = " + first_expr(s)) + ";";
      case stmt_kind::assign:
        return (s.observe ? "observe " : "") + assign_target(s) + " " + std::string(spelling(s.aop)) + " " +
               (s.exprs.size() > 1 ? expr_text(*s.exprs[1], free_place) : "?") + ";";
      case stmt_kind::break_: return "break;";
      case stmt_kind::skip: return "skip;";
      case stmt_kind::await: return "await " + first_expr(s) + ";";
      case stmt_kind::expect: return "expect " + first_expr(s) + ";";
      case stmt_kind::choose:
        return "choose " + s.name + " in " + (s.declared_type ? type_text(*s.declared_type) : "?") +
               (s.exprs.empty() ? "" : " where " + first_expr(s)) + ";";
      case stmt_kind::emit: return "emit " + s.name + "(" + list_text(s.exprs) + ");";
      case stmt_kind::call: return s.name + "(" + list_text(s.exprs) + ");";
      case stmt_kind::return_: return s.exprs.empty() ? "return;" : "return " + first_expr(s) + ";";
      case stmt_kind::assert_:
        return "assert " + first_expr(s) + (s.message.empty() ? "" : ", " + string_literal(s.message)) + ";";
      default: return "skip;";
    }
  }

  static std::string type_or_unknown(const type_ptr& t) { return t ? type_text(*t) : "?"; }
  static std::string value_text(const expr_ptr& e) { return e ? expr_text(*e, free_place) : "?"; }

  static std::string params_text(const std::vector<param_decl_item>& params) {
    std::string text = "(";
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (i > 0) text += ", ";
      text += (params[i].is_self ? "self " : "") + params[i].name + ": " + type_or_unknown(params[i].type);
    }
    return text + ")";
  }

  static std::string index_text(const std::vector<param_decl_item>& params) {
    if (params.empty()) return "";
    return "[" + params[0].name + ": " + type_or_unknown(params[0].type) + "]";
  }

  static std::string enum_text(const decl& d) {
    std::string text = "enum " + d.name + " { ";
    for (std::size_t i = 0; i < d.enum_values.size(); ++i) {
      if (i > 0) text += ", ";
      text += d.enum_values[i];
    }
    return text + " }";
  }

  static std::string condition_text(const decl& d) {
    const char* keyword = d.cond == condition_kind::exists   ? "exists"
                          : d.cond == condition_kind::forall ? "forall"
                                                             : "~exists";
    return std::string(keyword) + " (" + value_text(d.value) + ")" +
           (d.strings.empty() ? "" : " for " + string_list(d.strings)) + ";";
  }

  static std::string property_text(const decl& d) {
    // P is followed by '~>', which no expression swallows: a free place.
    return "property " + d.name + ": " + (d.prop == property_kind::after_event ? "after " : "") +
           value_text(d.trigger) + " ~> " + value_text(d.value) + ";";
  }

  // The declarations without a body, on one line with their ';'.
  static std::string one_line_decl(const decl& d) {
    switch (d.kind) {
      case decl_kind::model: return "model " + string_list(d.strings) + ";";
      case decl_kind::extends: return "extends " + string_list(d.strings) + ";";
      case decl_kind::properties: return "properties for " + string_list(d.strings) + ";";
      case decl_kind::scenario:
        return "scenario " + d.name + (d.strings.empty() ? "" : " for " + string_list(d.strings)) + ";";
      case decl_kind::param: return "param " + d.name + ": " + type_or_unknown(d.type) + " = " + value_text(d.value) + ";";
      case decl_kind::param_set: return "param " + d.name + " = " + value_text(d.value) + ";";
      case decl_kind::constant: return "const " + d.name + " = " + value_text(d.value) + ";";
      case decl_kind::enum_: return enum_text(d);
      case decl_kind::type_alias: return "type " + d.name + " = " + type_or_unknown(d.type) + ";";
      case decl_kind::symmetric: return "symmetric type " + d.name + " = " + type_or_unknown(d.type) + ";";
      case decl_kind::var:
        return "var " + d.name + ": " + type_or_unknown(d.type) + (d.value ? " = " + value_text(d.value) : "") + ";";
      case decl_kind::event: return "event " + d.name + params_text(d.params) + ";";
      case decl_kind::fn:
        return "fn " + d.name + params_text(d.params) + ": " + type_or_unknown(d.type) + " = " + value_text(d.value) + ";";
      case decl_kind::invariant: return "invariant " + d.name + ": " + value_text(d.value) + ";";
      case decl_kind::property: return property_text(d);
      case decl_kind::observe: return "observe " + d.name + " = " + value_text(d.value) + ";";
      case decl_kind::allow: return "allow " + d.name + ";";
      case decl_kind::condition: return condition_text(d);
      default: return "";
    }
  }

  static std::string fairness_prefix(const decl& d) {
    if (d.fair == fairness::fair) return "fair ";
    if (d.fair == fairness::unfair) return "unfair ";
    return "";
  }

  // The part of a declaration with a body before its '{'.
  static std::string body_header(const decl& d) {
    switch (d.kind) {
      case decl_kind::inline_: return "inline " + d.name + params_text(d.params);
      case decl_kind::process: return "process " + d.name + index_text(d.params);
      case decl_kind::syscall:
        return "syscall " + d.name + params_text(d.params) + (d.type ? ": " + type_text(*d.type) : "") +
               (d.value ? " env where " + value_text(d.value) : "");
      case decl_kind::init: return "init";
      case decl_kind::program:
        return "program " + d.name + index_text(d.params) + (d.value ? " as " + value_text(d.value) : "");
      default: return "";
    }
  }

  static std::string bindings_text(const std::vector<param_decl_item>& params) {
    std::string text = "(";
    for (std::size_t i = 0; i < params.size(); ++i) text += (i > 0 ? ", " : "") + params[i].name;
    return text + ")";
  }

  // monitor NAME { one member per line (a handler with its body) }
  void monitor(const decl& d) {
    out_ += "monitor " + d.name + " {\n";
    ++depth_;
    for (const decl_ptr& m : d.members) {
      if (!m) continue;
      doc_comment(m->doc);
      indent();
      if (m->kind == decl_kind::handler) {
        out_ += "on " + m->name + bindings_text(m->params) + " ";
        braced(m->body);
      } else {
        out_ += one_line_decl(*m);
      }
      out_ += '\n';
    }
    --depth_;
    out_ += '}';
  }

  void print_decl(const decl& d) {
    doc_comment(d.doc);
    if (d.is_override) out_ += "override ";
    out_ += fairness_prefix(d);
    if (d.kind == decl_kind::monitor) {
      monitor(d);
    } else if (has_body(d)) {
      out_ += body_header(d) + " ";
      braced(d.body);
    } else if (is_record_alias(d)) {
      out_ += "type " + d.name + " = record {\n";
      for (const field_decl& field : d.type->fields) {
        out_ += "    " + field.name + ": " + type_or_unknown(field.type) + ";\n";
      }
      out_ += "};";
    } else {
      out_ += one_line_decl(d);
    }
    out_ += '\n';
  }

  std::string out_;
  int depth_ = 0;
};

// ---------------------------------------------------------------- structural equality

bool same(const expr_ptr& a, const expr_ptr& b);
bool same(const type_ptr& a, const type_ptr& b);
bool same(const stmt_ptr& a, const stmt_ptr& b);
bool same(const decl_ptr& a, const decl_ptr& b);

template <typename T>
bool same_list(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!same(a[i], b[i])) return false;
  }
  return true;
}

bool same(const expr_ptr& a, const expr_ptr& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->int_value == b->int_value && a->name == b->name && a->uop == b->uop &&
         a->bop == b->bop && a->qkind == b->qkind && same_list(a->operands, b->operands) &&
         a->field_names == b->field_names && same(a->domain, b->domain);
}

bool same_fields(const std::vector<field_decl>& a, const std::vector<field_decl>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name || !same(a[i].type, b[i].type)) return false;
  }
  return true;
}

bool same(const type_ptr& a, const type_ptr& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->name == b->name && same(a->lo, b->lo) && same(a->hi, b->hi) &&
         same(a->elem, b->elem) && same(a->index, b->index) && same(a->bound, b->bound) &&
         same_fields(a->fields, b->fields);
}

bool same(const stmt_ptr& a, const stmt_ptr& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->name == b->name && same(a->declared_type, b->declared_type) &&
         a->aop == b->aop && same_list(a->exprs, b->exprs) && a->message == b->message &&
         same_list(a->body, b->body);
}

bool same_params(const std::vector<param_decl_item>& a, const std::vector<param_decl_item>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_self != b[i].is_self || a[i].name != b[i].name || !same(a[i].type, b[i].type)) return false;
  }
  return true;
}

bool same(const decl_ptr& a, const decl_ptr& b) {
  if (!a || !b) return !a && !b;
  return a->kind == b->kind && a->name == b->name && a->doc == b->doc && a->is_override == b->is_override &&
         a->strings == b->strings && same(a->type, b->type) && same(a->value, b->value) &&
         same(a->trigger, b->trigger) && a->enum_values == b->enum_values && same_params(a->params, b->params) &&
         same_list(a->body, b->body) && same_list(a->members, b->members) && a->fair == b->fair &&
         a->cond == b->cond && a->prop == b->prop;
}

}  // namespace

std::string print(const source_unit& unit) { return unit_printer().run(unit); }
std::string print(const expr& e) { return expr_text(e, free_place); }
std::string print(const type_expr& t) { return type_text(t); }

bool same_syntax(const source_unit& a, const source_unit& b) {
  return a.kind == b.kind && same_list(a.decls, b.decls);
}

}  // namespace ptmc::lang

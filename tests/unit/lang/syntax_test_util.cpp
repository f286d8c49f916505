#include "syntax_test_util.h"

#include <sstream>

#include "lang/frontend.h"
#include "lang/parser.h"

namespace ptmc::lang::testing {

std::string parsed::kinds() const {
  std::string out;
  for (const diagnostic& d : diags.all()) {
    if (!out.empty()) out += ' ';
    out += d.kind;
  }
  return out;
}

std::string parsed::printed() const {
  std::ostringstream out;
  diags.print(out);
  return out.str();
}

std::unique_ptr<parsed> parse_text(const std::string& text, const std::string& path) {
  auto result = std::make_unique<parsed>();
  result->file = result->sources.add(path, text);
  result->unit = parse(*result->file, result->diags);
  return result;
}

std::string sexpr_of(const std::string& text) {
  source_manager sources;
  diagnostics diags;
  const source_file* file = sources.add("expr.ptm", text);
  expr_ptr e = parse_expression(*file, diags);
  if (e == nullptr || diags.has_errors()) {
    std::string out = "error:";
    for (const diagnostic& d : diags.all()) out += " " + d.kind;
    return out;
  }
  return sexpr(*e);
}

std::string type_sexpr_of(const std::string& text) {
  auto p = parse_text("model \"m\";\nvar x: " + text + ";\n");
  if (p->diags.has_errors() || p->unit->decls.size() != 2) return "error: " + p->kinds();
  return sexpr(*p->unit->decls[1]->type);
}

namespace {

std::string join(const std::vector<expr_ptr>& items) {
  std::string out;
  for (const expr_ptr& e : items) out += " " + sexpr(*e);
  return out;
}

std::string join(const std::vector<stmt_ptr>& items) {
  std::string out;
  for (const stmt_ptr& s : items) out += " " + sexpr(*s);
  return out;
}

std::string stmt_name(stmt_kind kind) {
  switch (kind) {
    case stmt_kind::block: return "block";
    case stmt_kind::let: return "let";
    case stmt_kind::var: return "var";
    case stmt_kind::assign: return "assign";
    case stmt_kind::if_: return "if";
    case stmt_kind::while_: return "while";
    case stmt_kind::loop: return "loop";
    case stmt_kind::break_: return "break";
    case stmt_kind::for_: return "for";
    case stmt_kind::atomic: return "atomic";
    case stmt_kind::await: return "await";
    case stmt_kind::either: return "either";
    case stmt_kind::choose: return "choose";
    case stmt_kind::emit: return "emit";
    case stmt_kind::return_: return "return";
    case stmt_kind::assert_: return "assert";
    case stmt_kind::skip: return "skip";
    case stmt_kind::call: return "call";
    case stmt_kind::labeled: return "label";
    case stmt_kind::expect: return "expect";
    case stmt_kind::repeat: return "repeat";
  }
  return "?";
}

}  // namespace

std::string sexpr(const expr& e) {
  switch (e.kind) {
    case expr_kind::int_lit: return std::to_string(e.int_value);
    case expr_kind::bool_lit: return e.int_value ? "true" : "false";
    case expr_kind::none_lit: return "none";
    case expr_kind::wildcard: return "_";
    case expr_kind::name: return e.name;
    case expr_kind::unary:
      return std::string("(") + (e.uop == unary_op::logical_not ? "!" : "neg") + " " + sexpr(*e.operands[0]) + ")";
    case expr_kind::binary: return "(" + std::string(spelling(e.bop)) + join(e.operands) + ")";
    case expr_kind::conditional: return "(?" + join(e.operands) + ")";
    case expr_kind::index: return "([]" + join(e.operands) + ")";
    case expr_kind::field: return "(. " + sexpr(*e.operands[0]) + " " + e.name + ")";
    case expr_kind::at: return "(@ " + sexpr(*e.operands[0]) + " " + e.name + ")";
    case expr_kind::call: return "(call " + e.name + join(e.operands) + ")";
    case expr_kind::set_lit: return "{" + join(e.operands) + " }";
    case expr_kind::list_lit: return "[" + join(e.operands) + " ]";
    case expr_kind::record_lit: {
      std::string out = "{";
      for (std::size_t i = 0; i < e.operands.size(); ++i) out += " " + e.field_names[i] + "=" + sexpr(*e.operands[i]);
      return out + " }";
    }
    case expr_kind::quant:
      return "(" + std::string(spelling(e.qkind)) + " " + e.name + " " + sexpr(*e.domain) + join(e.operands) + ")";
  }
  return "?";
}

std::string sexpr(const type_expr& t) {
  switch (t.kind) {
    case type_expr_kind::named: return t.name;
    case type_expr_kind::range: return "(.. " + sexpr(*t.lo) + " " + sexpr(*t.hi) + ")";
    case type_expr_kind::set: return "(set " + sexpr(*t.elem) + ")";
    case type_expr_kind::list: return "(list " + sexpr(*t.elem) + " " + sexpr(*t.bound) + ")";
    case type_expr_kind::array: return "(array " + sexpr(*t.elem) + " " + sexpr(*t.index) + ")";
    case type_expr_kind::optional: return "(opt " + sexpr(*t.elem) + ")";
    case type_expr_kind::record: {
      std::string out = "(record";
      for (const field_decl& f : t.fields) out += " (" + f.name + " " + sexpr(*f.type) + ")";
      return out + ")";
    }
  }
  return "?";
}

std::string sexpr(const stmt& s) {
  std::string out = "(" + stmt_name(s.kind);
  if (s.kind == stmt_kind::assign) out += " " + std::string(spelling(s.aop));
  if (!s.name.empty()) out += " " + s.name;
  if (s.declared_type) out += " :" + sexpr(*s.declared_type);
  out += join(s.exprs);
  if (!s.message.empty()) out += " \"" + s.message + "\"";
  out += join(s.body);
  return out + ")";
}

}  // namespace ptmc::lang::testing

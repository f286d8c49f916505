// The parser: precedence, quantifier scope, literals, types, statements, declarations per file kind,
// headers and error recovery.
#include <gtest/gtest.h>

#include <string>

#include "lang/frontend.h"
#include "lang/parser.h"
#include "syntax_test_util.h"

namespace ptmc::lang {
namespace {

using testing::parse_text;
using testing::sexpr;
using testing::sexpr_of;
using testing::type_sexpr_of;

// ---------------------------------------------------------------- expressions

TEST(parser_expr, precedence_table_loosest_first) {
  EXPECT_EQ(sexpr_of("a ? b : c -> d"), "(? a b (-> c d))");
  EXPECT_EQ(sexpr_of("a -> b || c"), "(-> a (|| b c))");
  EXPECT_EQ(sexpr_of("a || b && c"), "(|| a (&& b c))");
  EXPECT_EQ(sexpr_of("a && b == c"), "(&& a (== b c))");
  EXPECT_EQ(sexpr_of("a == b < c"), "(== a (< b c))");
  EXPECT_EQ(sexpr_of("a != b in c"), "(!= a (in b c))");
  EXPECT_EQ(sexpr_of("a < b | c"), "(< a (| b c))");
  EXPECT_EQ(sexpr_of("a | b & c"), "(| a (& b c))");
  EXPECT_EQ(sexpr_of("a & b + c"), "(& a (+ b c))");
  EXPECT_EQ(sexpr_of("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(sexpr_of("-a * !b"), "(* (neg a) (! b))");
  EXPECT_EQ(sexpr_of("-a[i].f"), "(neg (. ([] a i) f))");
}

TEST(parser_expr, set_operators_bind_tighter_than_comparisons_unlike_c) {
  EXPECT_EQ(sexpr_of("a | b == c"), "(== (| a b) c)");
  EXPECT_EQ(sexpr_of("SIGSTOP in pending | {SIGCONT}"), "(in SIGSTOP (| pending { SIGCONT }))");
}

TEST(parser_expr, associativity) {
  EXPECT_EQ(sexpr_of("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(sexpr_of("a / b % c"), "(% (/ a b) c)");
  EXPECT_EQ(sexpr_of("a -> b -> c"), "(-> a (-> b c))");
  EXPECT_EQ(sexpr_of("a < b < c"), "(< (< a b) c)");
  EXPECT_EQ(sexpr_of("a ? b : c ? d : e"), "(? a b (? c d e))");
  EXPECT_EQ(sexpr_of("a ? b ? c : d : e"), "(? a (? b c d) e)");
  EXPECT_EQ(sexpr_of("!!a"), "(! (! a))");
  EXPECT_EQ(sexpr_of("- -a"), "(neg (neg a))");
  EXPECT_EQ(sexpr_of("(a -> b) -> c"), "(-> (-> a b) c)");
}

TEST(parser_expr, quantifiers_extend_as_far_right_as_possible) {
  EXPECT_EQ(sexpr_of("forall t: Tid. a && b || c"), "(forall t Tid (|| (&& a b) c))");
  EXPECT_EQ(sexpr_of("a && forall t: Tid. b || c"), "(&& a (forall t Tid (|| b c)))");
  EXPECT_EQ(sexpr_of("(forall t: Tid. b) || c"), "(|| (forall t Tid b) c)");
  EXPECT_EQ(sexpr_of("exists t: Tid. forall u: Tid. t == u"), "(exists t Tid (forall u Tid (== t u)))");
  EXPECT_EQ(sexpr_of("1 + count t: Tid. x[t] == 2"), "(+ 1 (count t Tid (== ([] x t) 2)))");
  EXPECT_EQ(sexpr_of("c ? forall t: Tid. a : b"), "(? c (forall t Tid a) b)");
  EXPECT_EQ(sexpr_of("f(forall t: Tid. a, b)"), "(call f (forall t Tid a) b)");
  EXPECT_EQ(sexpr_of("forall i: 0..N-1. a[i]"), "(forall i (.. 0 (- N 1)) ([] a i))");
  EXPECT_EQ(sexpr_of("forall s: set<Sig>. s == {}"), "(forall s (set Sig) (== s { }))");
}

TEST(parser_expr, set_record_and_list_literals) {
  EXPECT_EQ(sexpr_of("{}"), "{ }");
  EXPECT_EQ(sexpr_of("{a}"), "{ a }");
  EXPECT_EQ(sexpr_of("{a, b + 1}"), "{ a (+ b 1) }");
  EXPECT_EQ(sexpr_of("{state: RUNNING, pending: {}}"), "{ state=RUNNING pending={ } }");
  EXPECT_EQ(sexpr_of("{f: {g: 1}}"), "{ f={ g=1 } }");
  EXPECT_EQ(sexpr_of("[]"), "[ ]");
  EXPECT_EQ(sexpr_of("[a, [b]]"), "[ a [ b ] ]");
  EXPECT_EQ(sexpr_of("{a: 1, 2}"), "error: parse.expected");
}

TEST(parser_expr, primaries_and_postfix) {
  EXPECT_EQ(sexpr_of("42"), "42");
  EXPECT_EQ(sexpr_of("0x10"), "16");
  EXPECT_EQ(sexpr_of("true != false"), "(!= true false)");
  EXPECT_EQ(sexpr_of("x == none"), "(== x none)");
  EXPECT_EQ(sexpr_of("_"), "_");
  EXPECT_EQ(sexpr_of("Tid(0)"), "(call Tid 0)");
  EXPECT_EQ(sexpr_of("f()"), "(call f)");
  EXPECT_EQ(sexpr_of("thread[t]@after_detach"), "(@ ([] thread t) after_detach)");
  EXPECT_EQ(sexpr_of("tracer@wake"), "(@ tracer wake)");
  EXPECT_EQ(sexpr_of("tracer.r0 == STOPPED"), "(== (. tracer r0) STOPPED)");
  EXPECT_EQ(sexpr_of("a.b[c].d"), "(. ([] (. a b) c) d)");
  EXPECT_EQ(sexpr_of("len(q[t]) + card(s)"), "(+ (call len ([] q t)) (call card s))");
}

TEST(parser_expr, errors) {
  EXPECT_EQ(sexpr_of("a +"), "error: parse.expected");
  EXPECT_EQ(sexpr_of("(a"), "error: parse.expected");
  EXPECT_EQ(sexpr_of("a b"), "error: parse.expected");
  EXPECT_EQ(sexpr_of("forall (t): Tid. a"), "error: parse.expected");
  EXPECT_EQ(sexpr_of("a ~> b"), "error: parse.expected");
  EXPECT_EQ(sexpr_of("a.f(1)"), "error: parse.expected");
}

// ---------------------------------------------------------------- types

TEST(parser_type, named_and_ranges) {
  EXPECT_EQ(type_sexpr_of("bool"), "bool");
  EXPECT_EQ(type_sexpr_of("Sig"), "Sig");
  EXPECT_EQ(type_sexpr_of("0..3"), "(.. 0 3)");
  EXPECT_EQ(type_sexpr_of("0..NTHREADS-1"), "(.. 0 (- NTHREADS 1))");
  EXPECT_EQ(type_sexpr_of("-1..2*N+1"), "(.. (neg 1) (+ (* 2 N) 1))");
  EXPECT_EQ(type_sexpr_of("N..M"), "(.. N M)");
  EXPECT_EQ(type_sexpr_of("(a[0])..(b.c)"), "(.. ([] a 0) (. b c))");
  EXPECT_EQ(type_sexpr_of("f(1)..2"), "(.. (call f 1) 2)");
}

TEST(parser_type, containers_and_postfix) {
  EXPECT_EQ(type_sexpr_of("set<Sig>"), "(set Sig)");
  EXPECT_EQ(type_sexpr_of("list<Engine, 2>"), "(list Engine 2)");
  EXPECT_EQ(type_sexpr_of("list<set<Sig>, N + 1>"), "(list (set Sig) (+ N 1))");
  EXPECT_EQ(type_sexpr_of("Task[Tid]"), "(array Task Tid)");
  EXPECT_EQ(type_sexpr_of("Sig?"), "(opt Sig)");
  EXPECT_EQ(type_sexpr_of("Sig?[Tid]"), "(array (opt Sig) Tid)");
  EXPECT_EQ(type_sexpr_of("Sig[Tid]?"), "(opt (array Sig Tid))");
  EXPECT_EQ(type_sexpr_of("bool[Tid][Sig]"), "(array (array bool Tid) Sig)");
  EXPECT_EQ(type_sexpr_of("0..3[Tid]"), "(array (.. 0 3) Tid)");
  EXPECT_EQ(type_sexpr_of("0..N-1?"), "(opt (.. 0 (- N 1)))");
  EXPECT_EQ(type_sexpr_of("set<0..3>"), "(set (.. 0 3))");
  EXPECT_EQ(type_sexpr_of("record { state: TState; pending: set<Sig>; }"),
            "(record (state TState) (pending (set Sig)))");
  EXPECT_EQ(type_sexpr_of("record { }"), "(record)");
  EXPECT_EQ(type_sexpr_of("record { a: bool; }[Tid]"), "(array (record (a bool)) Tid)");
}

TEST(parser_type, glued_closing_angle_and_equals) {
  auto p = parse_text("model \"m\";\nvar s: set<Sig>={};\n");
  EXPECT_EQ(p->kinds(), "");
  ASSERT_EQ(p->unit->decls.size(), 2u);
  EXPECT_EQ(sexpr(*p->unit->decls[1]->type), "(set Sig)");
  EXPECT_EQ(sexpr(*p->unit->decls[1]->value), "{ }");
}

TEST(parser_type, errors) {
  EXPECT_EQ(type_sexpr_of("1"), "error: parse.expected");
  EXPECT_EQ(type_sexpr_of("set<Sig"), "error: parse.expected");
  EXPECT_EQ(type_sexpr_of("{a}"), "error: parse.expected");
  EXPECT_EQ(type_sexpr_of("a + b"), "error: parse.expected");
  EXPECT_EQ(type_sexpr_of("record { a: bool }"), "error: parse.expected");
}

// ---------------------------------------------------------------- statements

// The statements of `init { BODY }`, as s-expressions, or "error: <kinds>".
std::string stmts_of(const std::string& body) {
  auto p = parse_text("model \"m\";\ninit {\n" + body + "\n}\n");
  if (p->diags.has_errors()) return "error: " + p->kinds();
  std::string out;
  for (const stmt_ptr& s : p->unit->decls.back()->body) out += (out.empty() ? "" : " ") + sexpr(*s);
  return out;
}

TEST(parser_stmt, assignments) {
  EXPECT_EQ(stmts_of("x = 1; s |= {A}; s -= {B}; n += 1; s &= m;"),
            "(assign = x 1) (assign |= s { A }) (assign -= s { B }) (assign += n 1) (assign &= s m)");
  EXPECT_EQ(stmts_of("task[t].state = RUNNING;"), "(assign = (. ([] task t) state) RUNNING)");
  EXPECT_EQ(stmts_of("r = f(x);"), "(assign = r (call f x))");
  EXPECT_EQ(stmts_of("x == 1;"), "error: parse.expected");
  EXPECT_EQ(stmts_of("x = 1"), "error: parse.expected");
}

TEST(parser_stmt, calls) {
  EXPECT_EQ(stmts_of("push(q, v); clear(q); f();"), "(call push q v) (call clear q) (call f)");
}

TEST(parser_stmt, let_var_choose) {
  EXPECT_EQ(stmts_of("let s = min(p);"), "(let s (call min p))");
  EXPECT_EQ(stmts_of("let s: Sig = SIGSTOP;"), "(let s :Sig SIGSTOP)");
  EXPECT_EQ(stmts_of("var n: 0..3;"), "(var n :(.. 0 3))");
  EXPECT_EQ(stmts_of("var n: 0..3 = 2;"), "(var n :(.. 0 3) 2)");
  EXPECT_EQ(stmts_of("choose d in Disposition;"), "(choose d :Disposition)");
  EXPECT_EQ(stmts_of("choose t in Tid where task[t].state != DEAD;"),
            "(choose t :Tid (!= (. ([] task t) state) DEAD))");
  EXPECT_EQ(stmts_of("choose n in 0..N-1;"), "(choose n :(.. 0 (- N 1)))");
  EXPECT_EQ(stmts_of("let x;"), "error: parse.expected");
  EXPECT_EQ(stmts_of("var x = 1;"), "error: parse.expected");
}

TEST(parser_stmt, if_else) {
  EXPECT_EQ(stmts_of("if (c) x = 1;"), "(if c (assign = x 1))");
  EXPECT_EQ(stmts_of("if (c) { x = 1; } else { x = 2; }"), "(if c (block (assign = x 1)) (block (assign = x 2)))");
  EXPECT_EQ(stmts_of("if (a) x = 1; else if (b) x = 2; else x = 3;"),
            "(if a (assign = x 1) (if b (assign = x 2) (assign = x 3)))");
  // An else belongs to the nearest if.
  EXPECT_EQ(stmts_of("if (a) if (b) x = 1; else x = 2;"), "(if a (if b (assign = x 1) (assign = x 2)))");
  EXPECT_EQ(stmts_of("if c x = 1;"), "error: parse.expected");
}

TEST(parser_stmt, loops) {
  EXPECT_EQ(stmts_of("while (c) { x = 1; y = 2; }"), "(while c (assign = x 1) (assign = y 2))");
  EXPECT_EQ(stmts_of("while (c) x = 1;"), "(while c (assign = x 1))");
  EXPECT_EQ(stmts_of("loop { break; }"), "(loop (break))");
  EXPECT_EQ(stmts_of("loop { { skip; } }"), "(loop (block (skip)))");
}

TEST(parser_stmt, for_over_types_and_collections) {
  EXPECT_EQ(stmts_of("for (t in Tid) { skip; }"), "(for t Tid (skip))");
  EXPECT_EQ(stmts_of("for (s in task[t].pending) skip;"), "(for s (. ([] task t) pending) (skip))");
  EXPECT_EQ(stmts_of("for (i in 0..N-1) { }"), "(for i :(.. 0 (- N 1)))");
  EXPECT_EQ(stmts_of("for (b in bool) { }"), "(for b :bool)");
  EXPECT_EQ(stmts_of("for (s in set<Sig>) { }"), "(for s :(set Sig))");
  EXPECT_EQ(stmts_of("for (x in a | b) { }"), "(for x (| a b))");
  EXPECT_EQ(stmts_of("for (i in (N)..M + 1) { }"), "(for i :(.. N (+ M 1)))");
}

TEST(parser_stmt, atomic_await_either_labels) {
  EXPECT_EQ(stmts_of("atomic { await c; skip; }"), "(atomic (await c) (skip))");
  EXPECT_EQ(stmts_of("either { a = 1; } or { a = 2; } or { }"),
            "(either (block (assign = a 1)) (block (assign = a 2)) (block))");
  EXPECT_EQ(stmts_of("wake: atomic { skip; }"), "(label wake (atomic (skip)))");
  EXPECT_EQ(stmts_of("a: b: skip;"), "(label a (label b (skip)))");
  EXPECT_EQ(stmts_of("either { }"), "error: parse.expected");
  EXPECT_EQ(stmts_of("either { } or x = 1;"), "error: parse.expected");
}

TEST(parser_stmt, emit_return_assert_skip) {
  EXPECT_EQ(stmts_of("emit wait_stopped(t, s); emit died();"), "(emit wait_stopped t s) (emit died)");
  EXPECT_EQ(stmts_of("return; return ESRCH;"), "(return) (return ESRCH)");
  EXPECT_EQ(stmts_of("assert n <= N, \"overflow\"; assert ok;"), "(assert (<= n N) \"overflow\") (assert ok)");
  EXPECT_EQ(stmts_of("skip;"), "(skip)");
  EXPECT_EQ(stmts_of("emit e;"), "error: parse.expected");
  EXPECT_EQ(stmts_of("assert c, msg;"), "error: parse.expected");
}

TEST(parser_stmt, scenario_statements) {
  auto p = parse_text(
      "scenario s;\nprogram tracer as TRACER {\n r0 = waitpid(Tid(0));\n expect r0 == STOPPED;\n"
      " repeat 2 { r1 = waitpid(Tid(0)); }\n}\n",
      "s.ptl");
  ASSERT_EQ(p->kinds(), "");
  const decl& program = *p->unit->decls[1];
  EXPECT_EQ(program.name, "tracer");
  EXPECT_EQ(sexpr(*program.value), "TRACER");
  ASSERT_EQ(program.body.size(), 3u);
  EXPECT_EQ(sexpr(*program.body[1]), "(expect (== r0 STOPPED))");
  EXPECT_EQ(sexpr(*program.body[2]), "(repeat 2 (assign = r1 (call waitpid (call Tid 0))))");
}

TEST(parser_stmt, nested_blocks) {
  EXPECT_EQ(stmts_of("{ { x = 1; } }"), "(block (block (assign = x 1)))");
}

// ---------------------------------------------------------------- declarations

TEST(parser_decl, model_declarations) {
  auto p = parse_text(
      "model \"linux\";\n"
      "param N: 1..3 = 2;\n"
      "const M = 2;\n"
      "enum Sig { A, B, }\n"
      "type T = record { a: bool; };\n"
      "symmetric type Tid = 0..N-1;\n"
      "var v: Sig = A;\n"
      "event e(t: Tid, s: Sig);\n"
      "fn f(s: Sig): bool = s == A;\n"
      "inline g(t: Tid) { skip; }\n"
      "fair process p[t: Tid] { skip; }\n"
      "unfair process q { skip; }\n"
      "syscall sc(self who: Actor, t: Tid): Ret { return OK; }\n"
      "syscall sd() { return; }\n"
      "init { skip; }\n");
  ASSERT_EQ(p->kinds(), "");
  const auto& d = p->unit->decls;
  ASSERT_EQ(d.size(), 15u);
  EXPECT_EQ(d[0]->kind, decl_kind::model);
  EXPECT_EQ(d[0]->strings, std::vector<std::string>{"linux"});
  EXPECT_EQ(d[1]->kind, decl_kind::param);
  EXPECT_EQ(sexpr(*d[1]->type), "(.. 1 3)");
  EXPECT_EQ(sexpr(*d[1]->value), "2");
  EXPECT_EQ(d[2]->kind, decl_kind::constant);
  EXPECT_EQ(d[3]->enum_values, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(d[4]->kind, decl_kind::type_alias);
  EXPECT_EQ(d[5]->kind, decl_kind::symmetric);
  EXPECT_EQ(sexpr(*d[5]->type), "(.. 0 (- N 1))");
  EXPECT_EQ(d[6]->kind, decl_kind::var);
  EXPECT_EQ(d[7]->params.size(), 2u);
  EXPECT_EQ(d[8]->kind, decl_kind::fn);
  EXPECT_EQ(sexpr(*d[8]->type), "bool");
  EXPECT_EQ(d[9]->kind, decl_kind::inline_);
  EXPECT_EQ(d[10]->fair, fairness::fair);
  ASSERT_EQ(d[10]->params.size(), 1u);
  EXPECT_EQ(d[10]->params[0].name, "t");
  EXPECT_EQ(d[11]->fair, fairness::unfair);
  EXPECT_TRUE(d[11]->params.empty());
  EXPECT_TRUE(d[12]->params[0].is_self);
  EXPECT_FALSE(d[12]->params[1].is_self);
  EXPECT_EQ(sexpr(*d[12]->type), "Ret");
  EXPECT_EQ(d[13]->type, nullptr);
  EXPECT_EQ(d[14]->kind, decl_kind::init);
  EXPECT_EQ(d[1]->name_span.offset, p->file->text().find("N:"));
}

TEST(parser_decl, proposal_with_extends_and_override) {
  auto p = parse_text(
      "model \"d1\";\nextends \"../base.ptm\";\n/// D1: drop it.\noverride syscall s(t: Tid): Ret { return OK; }\n"
      "override fair process p { skip; }\n");
  ASSERT_EQ(p->kinds(), "");
  ASSERT_EQ(p->unit->decls.size(), 4u);
  EXPECT_EQ(p->unit->decls[1]->strings, std::vector<std::string>{"../base.ptm"});
  EXPECT_TRUE(p->unit->decls[2]->is_override);
  EXPECT_EQ(p->unit->decls[2]->doc, "D1: drop it.");
  EXPECT_TRUE(p->unit->decls[3]->is_override);
  EXPECT_EQ(p->unit->decls[3]->fair, fairness::fair);
  EXPECT_EQ(parse_text("model \"m\";\noverride var x: bool;\n")->kinds(), "parse.expected");
  EXPECT_EQ(parse_text("model \"m\";\nfair inline f() { }\n")->kinds(), "parse.expected");
}

TEST(parser_decl, properties_file) {
  auto p = parse_text(
      "properties for \"a.ptm\", \"b.ptm\";\n"
      "invariant i: STOP in flags -> n == 0;\n"
      "property p: exists t: Tid. thread[t]@after_detach ~> forall t: Tid. s[t] != TRACED;\n"
      "property q: after detach_called(_, SIGKILL) ~> forall t: Tid. s[t] == DEAD;\n"
      "fn helper(t: Tid): bool = true;\n",
      "x.inv");
  ASSERT_EQ(p->kinds(), "");
  const auto& d = p->unit->decls;
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0]->strings, (std::vector<std::string>{"a.ptm", "b.ptm"}));
  EXPECT_EQ(sexpr(*d[1]->value), "(-> (in STOP flags) (== n 0))");
  EXPECT_EQ(d[2]->prop, property_kind::leads_to);
  EXPECT_EQ(sexpr(*d[2]->trigger), "(exists t Tid (@ ([] thread t) after_detach))");
  EXPECT_EQ(sexpr(*d[2]->value), "(forall t Tid (!= ([] s t) TRACED))");
  EXPECT_EQ(d[3]->prop, property_kind::after_event);
  EXPECT_EQ(sexpr(*d[3]->trigger), "(call detach_called _ SIGKILL)");
  EXPECT_EQ(d[4]->kind, decl_kind::fn);
  EXPECT_EQ(parse_text("properties for \"a.ptm\";\nproperty p: a;\n", "x.inv")->kinds(), "parse.expected");
  EXPECT_EQ(parse_text("properties for \"a.ptm\";\nproperty p: after x ~> b;\n", "x.inv")->kinds(),
            "parse.expected");
}

TEST(parser_decl, monitors) {
  auto p = parse_text(
      "properties for \"a.ptm\";\n"
      "/// counts\n"
      "monitor m {\n"
      "  /// per thread\n"
      "  var n: 0..2[Tid] = 0;\n"
      "  on ran(t, _) { n[t] += 1; }\n"
      "  on stopped() { }\n"
      "  var on: bool;\n"
      "}\n"
      "invariant i: m.n[Tid(0)] <= 1;\n",
      "x.inv");
  ASSERT_EQ(p->kinds(), "");
  const auto& d = p->unit->decls;
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[1]->kind, decl_kind::monitor);
  EXPECT_EQ(d[1]->name, "m");
  EXPECT_EQ(d[1]->doc, "counts");
  const auto& members = d[1]->members;
  ASSERT_EQ(members.size(), 4u);
  EXPECT_EQ(members[0]->kind, decl_kind::var);
  EXPECT_EQ(members[0]->doc, "per thread");
  EXPECT_EQ(sexpr(*members[0]->type), "(array (.. 0 2) Tid)");
  EXPECT_EQ(members[1]->kind, decl_kind::handler);
  EXPECT_EQ(members[1]->name, "ran");
  ASSERT_EQ(members[1]->params.size(), 2u);
  EXPECT_EQ(members[1]->params[0].name, "t");
  EXPECT_EQ(members[1]->params[1].name, "_");
  EXPECT_EQ(members[1]->params[1].type, nullptr);
  EXPECT_EQ(sexpr(*members[1]->body[0]), "(assign += ([] n t) 1)");
  EXPECT_TRUE(members[2]->params.empty() && members[2]->body.empty());
  EXPECT_EQ(members[3]->name, "on");  // `on` is a keyword only where a member starts
  EXPECT_EQ(sexpr(*d[2]->value), "(<= ([] (. m n) (call Tid 0)) 1)");
  // Only `var` and `on` members; only in property files.
  EXPECT_EQ(parse_text("properties for \"a.ptm\";\nmonitor m { x = 1; on e(1) {} }\ninvariant i: true;\n",
                       "x.inv")
                ->kinds(),
            "parse.expected parse.expected");
  EXPECT_EQ(parse_text("model \"m\";\nmonitor m { }\n")->kinds(), "parse.decl-not-allowed");
}

TEST(parser_decl, scenario_file) {
  auto p = parse_text(
      "scenario sc01 for \"../linux.ptm\";\n"
      "param NTHREADS = 1;\n"
      "init { d[SIGUSR1] = HANDLER; }\n"
      "program user[t: Tid] as t { skip; }\n"
      "program plain { skip; }\n"
      "observe fate = task[Tid(0)].state;\n"
      "exists (tracer.r0 == STOPPED && fate == DEAD);\n"
      "~exists (fate == TRACED) for \"linux-2.6.32\", \"other\";\n"
      "forall (exists t: Tid. fate == DEAD);\n",
      "x.ptl");
  ASSERT_EQ(p->kinds(), "");
  const auto& d = p->unit->decls;
  ASSERT_EQ(d.size(), 9u);
  EXPECT_EQ(d[0]->name, "sc01");
  EXPECT_EQ(d[1]->kind, decl_kind::param_set);
  EXPECT_EQ(d[3]->params[0].name, "t");
  EXPECT_EQ(sexpr(*d[3]->value), "t");
  EXPECT_EQ(d[4]->value, nullptr);
  EXPECT_EQ(d[5]->kind, decl_kind::observe);
  EXPECT_EQ(d[6]->cond, condition_kind::exists);
  EXPECT_EQ(d[7]->cond, condition_kind::not_exists);
  EXPECT_EQ(d[7]->strings, (std::vector<std::string>{"linux-2.6.32", "other"}));
  EXPECT_EQ(d[8]->cond, condition_kind::forall);
  EXPECT_EQ(sexpr(*d[8]->value), "(exists t Tid (== fate DEAD))");
  auto header_only = parse_text("scenario s;\n", "x.ptl");
  EXPECT_EQ(header_only->kinds(), "");
  EXPECT_TRUE(header_only->unit->decls[0]->strings.empty());
}

TEST(parser_decl, condition_is_not_a_quantifier) {
  EXPECT_EQ(parse_text("scenario s;\nexists t: Tid. a;\n", "x.ptl")->kinds(), "parse.expected");
  EXPECT_EQ(parse_text("scenario s;\n~forall (a);\n", "x.ptl")->kinds(), "parse.expected");
}

TEST(parser_decl, declarations_of_the_wrong_file_kind) {
  EXPECT_EQ(parse_text("model \"m\";\ninvariant i: true;\n")->kinds(), "parse.decl-not-allowed");
  EXPECT_EQ(parse_text("model \"m\";\nparam N = 1;\n")->kinds(), "parse.decl-not-allowed");
  EXPECT_EQ(parse_text("model \"m\";\nexists (a);\n")->kinds(), "parse.decl-not-allowed");
  EXPECT_EQ(parse_text("scenario s;\nvar x: bool;\n", "x.ptl")->kinds(), "parse.decl-not-allowed");
  EXPECT_EQ(parse_text("scenario s;\nparam N: 1..2 = 1;\n", "x.ptl")->kinds(), "parse.decl-not-allowed");
  EXPECT_EQ(parse_text("scenario s;\nfn f(): bool = true;\n", "x.ptl")->kinds(), "parse.decl-not-allowed");
  EXPECT_EQ(parse_text("properties for \"m\";\ninit { }\n", "x.inv")->kinds(), "parse.decl-not-allowed");
  EXPECT_EQ(parse_text("properties for \"m\";\nmodel \"m\";\n", "x.inv")->kinds(), "parse.decl-not-allowed");
  auto p = parse_text("model \"m\";\nprogram p { }\nvar x: bool;\n");
  EXPECT_EQ(p->unit->decls.size(), 2u);  // the rejected declaration is left out, the rest is kept
}

TEST(parser_decl, headers) {
  EXPECT_EQ(parse_text("")->kinds(), "parse.missing-header");
  EXPECT_EQ(parse_text("", "x.inv")->kinds(), "parse.missing-header");
  EXPECT_EQ(parse_text("", "x.ptl")->kinds(), "parse.missing-header");
  EXPECT_EQ(parse_text("var x: bool;\n")->kinds(), "parse.missing-header");
  EXPECT_EQ(parse_text("extends \"b.ptm\";\n")->kinds(), "parse.missing-header parse.misplaced-header");
  EXPECT_EQ(parse_text("model \"a\";\nmodel \"b\";\n")->kinds(), "parse.misplaced-header");
  EXPECT_EQ(parse_text("model \"a\";\nvar x: bool;\nextends \"b.ptm\";\n")->kinds(), "parse.misplaced-header");
  EXPECT_EQ(parse_text("model \"a\";\nextends \"b.ptm\";\nextends \"c.ptm\";\n")->kinds(), "parse.misplaced-header");
  EXPECT_EQ(parse_text("properties for \"a\";\nproperties for \"b\";\n", "x.inv")->kinds(), "parse.misplaced-header");
  EXPECT_EQ(parse_text("properties;\n", "x.inv")->kinds(), "parse.expected");
}

TEST(parser_decl, doc_comments_attach_to_declarations) {
  auto p = parse_text("/// the model\nmodel \"m\";\n/// two\n/// lines\nfair process p { /// ignored\n skip; }\n");
  ASSERT_EQ(p->kinds(), "");
  EXPECT_EQ(p->unit->decls[0]->doc, "the model");
  EXPECT_EQ(p->unit->decls[1]->doc, "two\nlines");
}

TEST(parser_decl, spans_cover_the_declaration) {
  auto p = parse_text("model \"m\";\n  var x: bool = true;  \n");
  ASSERT_EQ(p->kinds(), "");
  const decl& v = *p->unit->decls[1];
  EXPECT_EQ(v.where.offset, 13u);
  EXPECT_EQ(v.where.length, 19u);
  EXPECT_EQ(v.name_span.offset, 17u);
  EXPECT_EQ(v.value->where.offset, 27u);
}

TEST(parser_decl, file_kind_from_path) {
  file_kind kind = file_kind::model;
  EXPECT_TRUE(file_kind_from_path("a/b.ptm", &kind));
  EXPECT_EQ(kind, file_kind::model);
  EXPECT_TRUE(file_kind_from_path("x.inv", &kind));
  EXPECT_EQ(kind, file_kind::properties);
  EXPECT_TRUE(file_kind_from_path(".ptl", &kind));
  EXPECT_EQ(kind, file_kind::scenario);
  EXPECT_FALSE(file_kind_from_path("x.ptm.bak", &kind));
  EXPECT_FALSE(file_kind_from_path("ptm", &kind));
  EXPECT_FALSE(file_kind_from_path("", &kind));
  EXPECT_EQ(parse_text("model \"m\";", "x.txt")->kinds(), "load.wrong-file-kind");
}

// ---------------------------------------------------------------- error recovery

TEST(parser_recovery, reports_every_broken_declaration_and_keeps_the_rest) {
  auto p = parse_text(
      "model \"m\";\nvar a: ;\nvar b: bool;\nconst c = 1 +;\nconst d = 2;\nfoo bar;\nvar e: bool;\n");
  EXPECT_EQ(p->kinds(), "parse.expected parse.expected parse.expected");
  ASSERT_EQ(p->unit->decls.size(), 4u);
  EXPECT_EQ(p->unit->decls[1]->name, "b");
  EXPECT_EQ(p->unit->decls[2]->name, "d");
  EXPECT_EQ(p->unit->decls[3]->name, "e");
}

TEST(parser_recovery, broken_statements_are_skipped_inside_bodies) {
  auto p = parse_text(
      "model \"m\";\nprocess p {\n  x = ;\n  atomic { y = 1 }\n  z = 2;\n  if (c { w = 1; }\n  v = 3;\n}\nvar later: bool;\n");
  EXPECT_EQ(p->kinds(), "parse.expected parse.expected parse.expected");
  ASSERT_EQ(p->unit->decls.size(), 3u);
  const decl& process = *p->unit->decls[1];
  ASSERT_EQ(process.body.size(), 3u);
  EXPECT_EQ(sexpr(*process.body[0]), "(atomic)");  // its broken statement is left out
  EXPECT_EQ(sexpr(*process.body[1]), "(assign = z 2)");
  EXPECT_EQ(sexpr(*process.body[2]), "(assign = v 3)");
  EXPECT_EQ(p->unit->decls[2]->name, "later");
}

TEST(parser_recovery, unclosed_body_stops_at_the_next_declaration) {
  auto p = parse_text("model \"m\";\nprocess p {\n  x = 1;\nprocess q { skip; }\nvar v: bool;\n");
  EXPECT_EQ(p->kinds(), "parse.expected");
  ASSERT_EQ(p->unit->decls.size(), 3u);
  EXPECT_EQ(p->unit->decls[1]->name, "q");
  auto eof = parse_text("model \"m\";\nprocess p {\n  x = 1;\n  atomic {\n");
  EXPECT_EQ(eof->kinds(), "parse.expected");
}

TEST(parser_recovery, error_message_names_what_was_expected_and_found) {
  auto p = parse_text("model \"m\";\nvar x bool;\n");
  ASSERT_EQ(p->diags.all().size(), 1u);
  EXPECT_EQ(p->diags.all()[0].message, "expected ':', found 'bool'");
  EXPECT_EQ(p->diags.all()[0].where.line(), 2u);
  EXPECT_EQ(p->diags.all()[0].where.column(), 7u);
}

TEST(parser_recovery, stray_closing_brace_at_top_level) {
  auto p = parse_text("model \"m\";\n}\nvar x: bool;\n");
  EXPECT_EQ(p->kinds(), "parse.expected");
  EXPECT_EQ(p->unit->decls.size(), 2u);
}

TEST(parser_recovery, lexical_and_syntax_errors_together) {
  auto p = parse_text("model \"m\";\nvar x: 0..99999999999999999999;\nvar y: bool $;\n");
  EXPECT_EQ(p->kinds(), "lex.integer-too-large lex.invalid-character");
}

}  // namespace
}  // namespace ptmc::lang

// The canonical printer: layout, minimal parentheses that still round-trip, doc comments, and
// structural equality.
#include <gtest/gtest.h>

#include <string>

#include "lang/frontend.h"
#include "lang/parser.h"
#include "syntax_test_util.h"

namespace ptmc::lang {
namespace {

using testing::parse_text;

// The canonical form of one expression.
std::string printed_expr(const std::string& text) {
  source_manager sources;
  diagnostics diags;
  expr_ptr e = parse_expression(*sources.add("e.ptm", text), diags);
  if (e == nullptr) return "error";
  return print(*e);
}

// The canonical form of a model file; checks on the way that it parses again to the same tree and
// that printing is idempotent.
std::string canonical(const std::string& text, const std::string& path = "test.ptm") {
  auto first = parse_text(text, path);
  EXPECT_EQ(first->kinds(), "") << first->printed();
  const std::string printed = print(*first->unit);
  auto second = parse_text(printed, path);
  EXPECT_EQ(second->kinds(), "") << printed << second->printed();
  EXPECT_TRUE(same_syntax(*first->unit, *second->unit)) << printed;
  EXPECT_EQ(print(*second->unit), printed);
  return printed;
}

TEST(printer, minimal_parentheses) {
  EXPECT_EQ(printed_expr("((a + b)) * c"), "(a + b) * c");
  EXPECT_EQ(printed_expr("a + (b * c)"), "a + b * c");
  EXPECT_EQ(printed_expr("a - (b - c)"), "a - (b - c)");
  EXPECT_EQ(printed_expr("(a - b) - c"), "a - b - c");
  EXPECT_EQ(printed_expr("a -> (b -> c)"), "a -> b -> c");
  EXPECT_EQ(printed_expr("(a -> b) -> c"), "(a -> b) -> c");
  EXPECT_EQ(printed_expr("(a | b) == c"), "a | b == c");
  EXPECT_EQ(printed_expr("a || (b && c)"), "a || b && c");
  EXPECT_EQ(printed_expr("(a || b) && c"), "(a || b) && c");
  EXPECT_EQ(printed_expr("-(a + b)"), "-(a + b)");
  EXPECT_EQ(printed_expr("-(-a)"), "- -a");
  EXPECT_EQ(printed_expr("!!a"), "!!a");
  EXPECT_EQ(printed_expr("!(a)[1]"), "!a[1]");
  EXPECT_EQ(printed_expr("(!a)[1]"), "(!a)[1]");
  EXPECT_EQ(printed_expr("(c ? a : b) ? d : e"), "(c ? a : b) ? d : e");
  EXPECT_EQ(printed_expr("c ? (a ? b : d) : (e ? f : g)"), "c ? a ? b : d : e ? f : g");
  EXPECT_EQ(printed_expr("(a -> b) ? c : d"), "a -> b ? c : d");
  EXPECT_EQ(printed_expr("a -> (b ? c : d)"), "a -> (b ? c : d)");
}

TEST(printer, quantifiers_are_parenthesised_only_when_something_follows) {
  EXPECT_EQ(printed_expr("a && (forall t: Tid. b)"), "a && forall t: Tid. b");
  EXPECT_EQ(printed_expr("(forall t: Tid. b) && a"), "(forall t: Tid. b) && a");
  EXPECT_EQ(printed_expr("(a && (forall t: Tid. b)) || c"), "a && (forall t: Tid. b) || c");
  EXPECT_EQ(printed_expr("!(exists t: Tid. b)"), "!exists t: Tid. b");
  EXPECT_EQ(printed_expr("(!(exists t: Tid. b)) == c"), "!(exists t: Tid. b) == c");
  EXPECT_EQ(printed_expr("c ? (forall t: Tid. a) : (forall t: Tid. b)"), "c ? forall t: Tid. a : forall t: Tid. b");
  EXPECT_EQ(printed_expr("(forall t: Tid. a) ? b : c"), "(forall t: Tid. a) ? b : c");
  EXPECT_EQ(printed_expr("(count t: Tid. a)[0]"), "(count t: Tid. a)[0]");
  EXPECT_EQ(printed_expr("forall i: 0..N-1. a"), "forall i: 0..N - 1. a");
}

TEST(printer, literals) {
  EXPECT_EQ(printed_expr("{ }"), "{}");
  EXPECT_EQ(printed_expr("{a,b}"), "{a, b}");
  EXPECT_EQ(printed_expr("{f:1,g:{}}"), "{f: 1, g: {}}");
  EXPECT_EQ(printed_expr("[ ]"), "[]");
  EXPECT_EQ(printed_expr("0x1F + _"), "31 + _");
  EXPECT_EQ(printed_expr("p [ i ] @ l"), "p[i]@l");
}

TEST(printer, range_bounds_keep_postfix_operators_in_parentheses) {
  EXPECT_EQ(canonical("model \"m\";\nvar x: (a[0])..(b.c);\n"), "model \"m\";\n\nvar x: (a[0])..(b.c);\n");
  EXPECT_EQ(canonical("model \"m\";\nvar x: 0..(N < 3 ? 1 : 2);\n"), "model \"m\";\n\nvar x: 0..(N < 3 ? 1 : 2);\n");
  EXPECT_EQ(canonical("model \"m\";\nvar x: 0..3[Tid];\n"), "model \"m\";\n\nvar x: 0..3[Tid];\n");
  EXPECT_EQ(canonical("model \"m\";\nvar x: 0..(count t: Tid. a[t]);\n"),
            "model \"m\";\n\nvar x: 0..(count t: Tid. a[t]);\n");
  EXPECT_EQ(canonical("model \"m\";\nvar x: list<T, (a > b ? 1 : 2)>;\n"),
            "model \"m\";\n\nvar x: list<T, (a > b ? 1 : 2)>;\n");
}

TEST(printer, declaration_grouping_and_doc_comments) {
  EXPECT_EQ(canonical("/// M\n///\n///  x\nmodel \"m\"; extends \"b.ptm\";\nvar a: bool; var b: bool;\n"
                      "/// doc\nvar c: bool;\nconst K = 1;\nevent e(); event f();\n"),
            "/// M\n///\n///  x\nmodel \"m\";\nextends \"b.ptm\";\n\nvar a: bool;\nvar b: bool;\n\n/// doc\n"
            "var c: bool;\n\nconst K = 1;\n\nevent e();\nevent f();\n");
}

TEST(printer, statements_layout) {
  EXPECT_EQ(canonical("model \"m\";\nprocess p[t: Tid] { var s: 0..3; loop { either { atomic { await c; } } or "
                      "{ l: skip; } or { } } }\n"),
            "model \"m\";\n\n"
            "process p[t: Tid] {\n"
            "    var s: 0..3;\n"
            "    loop {\n"
            "        either {\n"
            "            atomic {\n"
            "                await c;\n"
            "            }\n"
            "        } or {\n"
            "            l: skip;\n"
            "        } or {\n"
            "        }\n"
            "    }\n"
            "}\n");
}

TEST(printer, if_else_layout) {
  EXPECT_EQ(canonical("model \"m\";\ninit { if (a) x = 1; if (a) { x = 1; } else if (b) x = 2; else { x = 3; }\n"
                      "if (a) x = 1; else x = 2; while (c) x = 1; for (i in 0..3) { } }\n"),
            "model \"m\";\n\n"
            "init {\n"
            "    if (a) x = 1;\n"
            "    if (a) {\n"
            "        x = 1;\n"
            "    } else if (b) x = 2;\n"
            "    else {\n"
            "        x = 3;\n"
            "    }\n"
            "    if (a) x = 1;\n"
            "    else x = 2;\n"
            "    while (c) {\n"
            "        x = 1;\n"
            "    }\n"
            "    for (i in 0..3) {\n"
            "    }\n"
            "}\n");
}

TEST(printer, dangling_else_round_trips) {
  canonical("model \"m\";\ninit { if (a) if (b) x = 1; else x = 2; if (a) { if (b) x = 1; } else x = 2;\n"
            "if (a) l: if (b) x = 1; else x = 2; if (a) while (c) if (b) x = 1; else x = 2; }\n");
}

TEST(printer, assignment_target_never_starts_a_block) {
  EXPECT_EQ(canonical("model \"m\";\ninit { ({a}) = 1; ({f: 1}.f) = 2; }\n"),
            "model \"m\";\n\ninit {\n    ({a}) = 1;\n    ({f: 1}.f) = 2;\n}\n");
}

TEST(printer, strings_are_escaped) {
  EXPECT_EQ(canonical("model \"a\\\"b\\\\c\\nd\";\n"), "model \"a\\\"b\\\\c\\nd\";\n");
}

TEST(printer, properties_and_scenarios) {
  EXPECT_EQ(canonical("properties for \"a.ptm\";\nproperty p: (exists t: Tid. a) ~> (forall t: Tid. b);\n"
                      "property q: after ev(_, 1) ~> c;\ninvariant i: a -> b;\n",
                      "x.inv"),
            "properties for \"a.ptm\";\n\nproperty p: exists t: Tid. a ~> forall t: Tid. b;\n"
            "property q: after ev(_, 1) ~> c;\n\ninvariant i: a -> b;\n");
  EXPECT_EQ(canonical("scenario s for \"a.ptm\";\nparam N = 1;\nunfair program u[t: Tid] as t { r = f(t); "
                      "expect r == 1; repeat 2 { g(); } }\nexists (u.r == 1);\n~exists (a) for \"m\";\n"
                      "forall (b);\n",
                      "x.ptl"),
            "scenario s for \"a.ptm\";\n\nparam N = 1;\n\n"
            "unfair program u[t: Tid] as t {\n"
            "    r = f(t);\n"
            "    expect r == 1;\n"
            "    repeat 2 {\n"
            "        g();\n"
            "    }\n"
            "}\n\n"
            "exists (u.r == 1);\n~exists (a) for \"m\";\nforall (b);\n");
}

TEST(printer, empty_unit_prints_nothing) {
  source_unit unit;
  EXPECT_EQ(print(unit), "");
}

TEST(same_syntax, ignores_spans_and_comments_but_not_structure) {
  auto a = parse_text("model \"m\";\nvar x: bool = a + b * c;\n");
  auto b = parse_text("model  \"m\" ;  // c\nvar x :bool=a+(b*c);\n");
  auto c = parse_text("model \"m\";\nvar x: bool = (a + b) * c;\n");
  auto d = parse_text("/// doc\nmodel \"m\";\nvar x: bool = a + b * c;\n");
  EXPECT_TRUE(same_syntax(*a->unit, *b->unit));
  EXPECT_FALSE(same_syntax(*a->unit, *c->unit));
  EXPECT_FALSE(same_syntax(*a->unit, *d->unit));
  auto e = parse_text("scenario s;\n", "x.ptl");
  auto f = parse_text("scenario s;\n", "x.ptm");
  EXPECT_FALSE(same_syntax(*e->unit, *f->unit));
}

TEST(same_syntax, ignores_sema_annotations) {
  auto a = parse_text("model \"m\";\nvar x: bool = y;\n");
  auto b = parse_text("model \"m\";\nvar x: bool = y;\n");
  b->unit->decls[1]->value->ref = ref_kind::global_var;
  b->unit->decls[1]->value->slot = 3;
  b->unit->decls[1]->const_value = 7;
  EXPECT_TRUE(same_syntax(*a->unit, *b->unit));
}

}  // namespace
}  // namespace ptmc::lang

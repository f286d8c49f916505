// Unit tests of the semantic checker: annotations it leaves on the tree, the merged model, parameters,
// interned types, and the checks that golden tests cannot reach through `ptmc lint`.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/frontend.h"
#include "lang/types.h"

namespace ptmc::lang {
namespace {

// Checks model text held in memory; extends cannot read the disk.
struct harness {
  source_manager sources;
  diagnostics diags;
  frontend front{sources, diags, file_access::denied};

  std::unique_ptr<model_program> model(const std::string& text, std::map<std::string, std::int64_t> params = {}) {
    return front.load_model(*sources.add("test.ptm", text), params);
  }
  std::string printed() const {
    std::ostringstream out;
    diags.print(out);
    return out.str();
  }
  bool has(const std::string& kind) const {
    for (const diagnostic& d : diags.all()) {
      if (d.kind == kind) return true;
    }
    return false;
  }
};

// A temporary directory with files, removed at the end of the test.
struct temp_dir {
  std::filesystem::path root;
  temp_dir() {
    root = std::filesystem::temp_directory_path() /
           ("ptmc-sema-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(root);
  }
  ~temp_dir() {
    std::error_code ec;
    std::filesystem::remove_all(root, ec);
  }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(root / name) << text;
    return (root / name).string();
  }
};

const decl* find_decl(const model_program& m, std::string_view name) { return m.find(name); }

// The first expression of the first statement inside `atomic` of process `p`'s body (for annotations).
const stmt& first_atomic_stmt(const decl& process, std::size_t index = 0) {
  const stmt& atomic = *process.body.at(0);
  return *atomic.body.at(index);
}

TEST(sema, clean_model_has_no_diagnostics_and_annotates_names) {
  harness h;
  auto m = h.model(R"(model "m";
param N: 1..3 = 2;
symmetric type Tid = 0..N-1;
enum Sig { SIGSTOP, SIGCONT }
var pending: set<Sig>[Tid];
process thread[t: Tid] {
  atomic {
    let s = SIGCONT;
    pending[t] = pending[t] | {s};
    await forall u: Tid. exists v: Tid. u == v;
  }
}
)");
  ASSERT_NE(m, nullptr) << h.printed();
  EXPECT_EQ(h.diags.all().size(), 0u);
  const decl& thread = *find_decl(*m, "thread");
  ASSERT_EQ(thread.locals.size(), 1u);
  const stmt& let = first_atomic_stmt(thread, 0);
  EXPECT_EQ(let.slot, 0);
  EXPECT_EQ(let.ty->spelling(), "Sig");
  const expr& sigcont = *let.exprs[0];
  EXPECT_EQ(sigcont.ref, ref_kind::enum_value);
  EXPECT_EQ(sigcont.slot, 1);
  EXPECT_EQ(sigcont.target, find_decl(*m, "Sig"));

  const stmt& assign = first_atomic_stmt(thread, 1);
  const expr& lhs = *assign.exprs[0];
  EXPECT_EQ(lhs.kind, expr_kind::index);
  EXPECT_EQ(lhs.operands[0]->ref, ref_kind::global_var);
  EXPECT_EQ(lhs.operands[1]->ref, ref_kind::process_index);
  EXPECT_EQ(lhs.operands[1]->target, &thread);
  EXPECT_EQ(lhs.ty->spelling(), "set<Sig>");
  const expr& s = *assign.exprs[1]->operands[1]->operands[0];
  EXPECT_EQ(s.ref, ref_kind::let_var);
  EXPECT_EQ(s.local, &let);

  const expr& forall = *first_atomic_stmt(thread, 2).exprs[0];
  const expr& exists = *forall.operands[0];
  const expr& eq = *exists.operands[0];
  EXPECT_EQ(eq.operands[0]->ref, ref_kind::quant_var);
  EXPECT_EQ(eq.operands[0]->slot, 0);
  EXPECT_EQ(eq.operands[1]->slot, 1);
  EXPECT_EQ(m->param_values.at("N"), 2);
}

TEST(sema, parameters_take_overrides_and_check_ranges) {
  harness h;
  auto m = h.model("model \"m\";\nparam N: 1..3 = 2;\nconst M = N * 10;\n", {{"N", 3}});
  ASSERT_NE(m, nullptr) << h.printed();
  EXPECT_EQ(m->param_values.at("N"), 3);
  EXPECT_EQ(find_decl(*m, "M")->const_value, 30);

  harness bad;
  EXPECT_EQ(bad.model("model \"m\";\nparam N: 1..3 = 2;\n", {{"N", 4}, {"K", 1}}), nullptr);
  EXPECT_TRUE(bad.has("sema.param-out-of-range"));
  EXPECT_TRUE(bad.has("sema.unknown-param"));
}

TEST(sema, constant_arithmetic_overflow_is_an_error) {
  harness h;
  EXPECT_EQ(h.model("model \"m\";\nconst A = 0x7fffffffffffffff;\nconst B = A * 2;\nconst C = -A - 2;\n"), nullptr);
  EXPECT_EQ(std::count_if(h.diags.all().begin(), h.diags.all().end(),
                          [](const diagnostic& d) { return d.kind == "sema.overflow"; }),
            2);
}

TEST(sema, types_are_interned_structurally) {
  type_table table;
  EXPECT_EQ(table.range(0, 3), table.range(0, 3));
  EXPECT_NE(table.range(0, 3), table.range(0, 4));
  type set;
  set.kind = ty_kind::set;
  set.elem = table.range(0, 3);
  const type* a = table.intern(set);
  set.name = "Alias";
  EXPECT_EQ(table.intern(set), a);
  EXPECT_EQ(a->spelling(), "set<0..3>");
  EXPECT_EQ(a->bits(), 4);
  EXPECT_EQ(table.range(0, 3)->domain_size(), 4);
  EXPECT_EQ(table.range(-5, 5)->bits(), 4);
  EXPECT_EQ(table.range(std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max())
                ->domain_size(),
            std::numeric_limits<std::int64_t>::max());
  EXPECT_TRUE(table.boolean()->is_domain());
  EXPECT_FALSE(table.integer()->is_domain());
  type optional;
  optional.kind = ty_kind::optional;
  optional.elem = table.range(0, 3);
  EXPECT_EQ(table.intern(optional)->spelling(), "(0..3)?");
}

TEST(sema, for_over_a_type_name_becomes_a_domain) {
  harness h;
  auto m = h.model(R"(model "m";
enum Sig { A, B }
var s: set<Sig>;
var n: 0..2;
init { for (x in Sig) { n = 0; } for (y in s) { n = 1; } }
)");
  ASSERT_NE(m, nullptr) << h.printed();
  const decl& init = *m->inits.at(0);
  const stmt& over_type = *init.body.at(0);
  const stmt& over_set = *init.body.at(1);
  ASSERT_NE(over_type.declared_type, nullptr);
  EXPECT_TRUE(over_type.exprs.empty());
  EXPECT_EQ(over_type.ty->spelling(), "Sig");
  EXPECT_EQ(over_set.declared_type, nullptr);
  EXPECT_EQ(over_set.ty->spelling(), "Sig");
  EXPECT_EQ(init.locals.size(), 2u);
}

TEST(sema, extends_is_refused_when_file_access_is_denied) {
  harness h;
  EXPECT_EQ(h.model("model \"p\";\nextends \"/etc/passwd.ptm\";\n"), nullptr);
  EXPECT_TRUE(h.has("load.cannot-read"));
}

TEST(sema, proposal_replaces_overrides_in_place_and_records_the_chain) {
  temp_dir dir;
  const std::string base = dir.write("base.ptm", R"(model "base";
fn a(): bool = true;
fn b(): bool = a();
fn c(): bool = false;
)");
  const std::string proposal = dir.write("p.ptm", R"(model "p";
extends "base.ptm";
override fn b(): bool = c();
fn d(): bool = b();
)");
  source_manager sources;
  diagnostics diags;
  frontend front(sources, diags);
  auto m = front.load_model(proposal, {});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->name, "p");
  EXPECT_EQ(m->chain, (std::vector<std::string>{"p", "base"}));
  ASSERT_EQ(m->chain_paths.size(), 2u);
  EXPECT_EQ(m->chain_paths[1], std::filesystem::weakly_canonical(base).string());
  EXPECT_TRUE(m->has_name("base"));
  ASSERT_EQ(m->fns.size(), 4u);
  EXPECT_EQ(m->fns[0]->name, "a");
  EXPECT_EQ(m->fns[1]->name, "b");
  EXPECT_TRUE(m->fns[1]->is_override);
  EXPECT_EQ(m->fns[2]->name, "c");
  EXPECT_EQ(m->fns[3]->name, "d");
  EXPECT_EQ(m->units.size(), 2u);
}

TEST(sema, properties_and_scenarios_must_be_for_the_model) {
  temp_dir dir;
  const std::string model_path = dir.write("m.ptm", "model \"m\";\nvar x: 0..3;\n");
  dir.write("other.ptm", "model \"other\";\n");
  const std::string props = dir.write("p.inv", "properties for \"other.ptm\";\ninvariant i: x == 0;\n");
  const std::string scenario = dir.write("s.ptl", "scenario s for \"other.ptm\";\nobserve o = x;\n");
  source_manager sources;
  diagnostics diags;
  frontend front(sources, diags);
  auto m = front.load_model(model_path, {});
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(front.load_properties(props, *m), nullptr);
  auto sc = front.parse_scenario(scenario);
  ASSERT_NE(sc, nullptr);
  EXPECT_FALSE(front.check_scenario(*sc, *m));
  ASSERT_EQ(diags.all().size(), 2u);
  EXPECT_EQ(diags.all()[0].kind, "sema.properties-not-for-model");
  EXPECT_EQ(diags.all()[1].kind, "sema.scenario-not-for-model");
}

TEST(sema, written_for_reads_the_header_against_the_extends_chain) {
  temp_dir dir;
  const std::string base_path = dir.write("base.ptm", "model \"base\";\nvar x: 0..3;\n");
  const std::string proposal_path = dir.write("p.ptm", "model \"p\";\nextends \"base.ptm\";\n");
  const std::string for_base = dir.write("base.inv", "properties for \"base.ptm\";\ninvariant i: x == 0;\n");
  const std::string for_proposal = dir.write("p.inv", "properties for \"other.ptm\", \"p.ptm\";\n");
  const std::string scenario = dir.write("s.ptl", "scenario s for \"p.ptm\";\nobserve o = x;\n");
  const std::string for_no_model = dir.write("any.ptl", "scenario any;\n");
  source_manager sources;
  diagnostics diags;
  frontend front(sources, diags);
  auto base = front.load_model(base_path, {});
  auto proposal = front.load_model(proposal_path, {});
  ASSERT_NE(base, nullptr);
  ASSERT_NE(proposal, nullptr);
  EXPECT_EQ(front.written_for(for_base, *base), true);
  EXPECT_EQ(front.written_for(for_base, *proposal), true);
  EXPECT_EQ(front.written_for(for_proposal, *base), false);
  EXPECT_EQ(front.written_for(for_proposal, *proposal), true);
  EXPECT_EQ(front.written_for(scenario, *base), false);
  EXPECT_EQ(front.written_for(scenario, *proposal), true);
  EXPECT_EQ(front.written_for(for_no_model, *proposal), false);  // as check_scenario: no `for`, no model
  EXPECT_TRUE(diags.all().empty());

  EXPECT_EQ(front.written_for(base_path, *base), std::nullopt);
  EXPECT_EQ(front.written_for(dir.write("bad.inv", "properties for;\n"), *base), std::nullopt);
  EXPECT_EQ(front.written_for((dir.root / "missing.inv").string(), *base), std::nullopt);
  ASSERT_GE(diags.all().size(), 3u);
  EXPECT_EQ(diags.all().front().kind, "load.wrong-file-kind");
  EXPECT_EQ(diags.all().back().kind, "load.cannot-read");
}

TEST(sema, monitor_vars_event_arguments_and_handlers_are_annotated) {
  harness h;
  auto m = h.model(R"(model "t";
symmetric type Tid = 0..1;
event ran(t: Tid, n: 0..3);
)");
  ASSERT_NE(m, nullptr) << h.printed();
  auto p = h.front.load_properties(*h.sources.add("t.inv", R"(properties for "test.ptm";
monitor mon {
  var seen: bool[Tid];
  on ran(t, _) { let k = t; seen[k] = true; }
}
invariant i: mon.seen[Tid(0)];
)"),
                                   *m);
  ASSERT_NE(p, nullptr) << h.printed();
  ASSERT_EQ(p->monitors.size(), 1u);
  const decl& mon = *p->monitors[0];
  const decl& var = *mon.members[0];
  const decl& handler = *mon.members[1];
  EXPECT_EQ(var.owner, &mon);
  EXPECT_EQ(var.ty->spelling(), "bool[Tid]");
  EXPECT_EQ(handler.owner, &mon);
  EXPECT_EQ(handler.event, m->find("ran"));
  ASSERT_EQ(handler.params.size(), 2u);
  EXPECT_EQ(handler.params[0].ty->spelling(), "Tid");
  EXPECT_EQ(handler.params[1].ty->spelling(), "0..3");
  ASSERT_EQ(handler.locals.size(), 1u);  // the let
  // let k = t: t is the event's first argument.
  const expr& t = *handler.body[0]->exprs[0];
  EXPECT_EQ(t.ref, ref_kind::event_arg);
  EXPECT_EQ(t.slot, 0);
  // seen[k] = true: seen is the monitor's var 0.
  const expr& seen = *handler.body[1]->exprs[0]->operands[0];
  EXPECT_EQ(seen.ref, ref_kind::monitor_var);
  EXPECT_EQ(seen.target, &mon);
  EXPECT_EQ(seen.slot, 0);
  // mon.seen[Tid(0)] in the invariant.
  const expr& qualified = *p->invariants[0]->value->operands[0];
  EXPECT_EQ(qualified.ref, ref_kind::monitor_var);
  EXPECT_EQ(qualified.target, &mon);
  EXPECT_EQ(qualified.operands[0]->ref, ref_kind::monitor);
  EXPECT_EQ(qualified.ty->spelling(), "bool[Tid]");
}

TEST(sema, scenario_registers_and_observations_resolve_in_conditions) {
  temp_dir dir;
  const std::string model_path = dir.write("m.ptm", R"(model "m";
param N: 1..3 = 2;
enum Ret { OK, ERR }
var x: 0..3;
syscall get(self who: 0..1): Ret { return OK; }
)");
  const std::string scenario = dir.write("s.ptl", R"(scenario s for "m.ptm";
param N = 3;
program user as 1 { r0 = get(); expect r0 == OK; }
observe seen = x;
exists (user.r0 == OK && seen == 0);
)");
  source_manager sources;
  diagnostics diags;
  frontend front(sources, diags);
  auto sc = front.parse_scenario(scenario);
  ASSERT_NE(sc, nullptr);
  EXPECT_EQ(sc->params.at("N"), 3);
  auto m = front.load_model(model_path, sc->params, sc->param_sites);
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(front.check_scenario(*sc, *m)) << [&] {
    std::ostringstream out;
    diags.print(out);
    return out.str();
  }();
  const decl& program = *sc->programs.at(0);
  ASSERT_EQ(program.locals.size(), 1u);
  const expr& condition = *sc->conditions.at(0)->value;
  const expr& reg = *condition.operands[0]->operands[0];
  EXPECT_EQ(reg.ref, ref_kind::register_);
  EXPECT_EQ(reg.target, &program);
  EXPECT_EQ(reg.local, program.locals[0]);
  EXPECT_EQ(reg.ty->spelling(), "Ret");
  const expr& seen = *condition.operands[1]->operands[0];
  EXPECT_EQ(seen.ref, ref_kind::observation);
}

TEST(sema, pathological_inputs_are_refused_quickly) {
  harness h;
  std::string text = "model \"m\";\n";
  for (int i = 0; i < 2000; ++i) text += "type T" + std::to_string(i) + " = T" + std::to_string(i + 1) + ";\n";
  text += "type T2000 = bool;\nvar x: T0;\n";
  EXPECT_EQ(h.model(text), nullptr);
  EXPECT_TRUE(h.has("sema.too-deep"));
}

}  // namespace
}  // namespace ptmc::lang

// The model fuzzer: generates random models with property files (generator.h), runs them through
// the real front end and lowering, and cross-checks the engines on each:
//   1. the explicit engine (props::check) with and without symmetry: verdicts and shortest
//      counterexample lengths agree; the reduced search stores no more states;
//   2. Z3 (smt::property_checker, smt::encoder) against the reference evaluator on every reachable
//      state, for every invariant and every leads-to P and Q;
//   3. the explicit engine without symmetry against the reference explorer (reference.h): reachable
//      states, transitions, invariant and model-error verdicts with shortest trace lengths, leads-to
//      verdicts with the depth of the trigger state;
//   4. every counterexample of every engine run, replayed by the reference interpreter.
// A mismatch prints the seed, the command that reproduces it and the model. See README.md.
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "ir/exec.h"
#include "lang/frontend.h"
#include "lower/lower.h"
#include "modelfuzz/generator.h"
#include "modelfuzz/reference.h"
#include "props/check.h"
#include "smt/encoder.h"
#include "smt/property_checker.h"

namespace ptmc::modelfuzz {
namespace {

struct fuzz_options {
  std::uint64_t seed = 1;
  std::uint64_t count = 200;
  double max_seconds = 0;          // 0: no time bound
  bool edges = true;               // ranges at the 64-bit edges (PTMC_FUZZ_EDGES=0 turns them off)
  bool bool_index = true;          // arrays indexed by bool (generator_options::bool_indexed_arrays)
  bool id_lists = false;           // lists of symmetric ids (generator_options::id_lists)
  // An invariant's counterexample must lead to the nearest state where it is false or undefined.
  // With PTMC_FUZZ_STRICT_UNDEFINED=0, a trace to the nearest state where it is false is accepted too.
  bool strict_undefined = true;
  bool print = false;              // print every generated case
  bool verbose = false;            // one line per case
  // Run each case in a child process, so that a crash ends only that case (each child sets Z3 up
  // anew, which makes a run several times slower).
  bool fork = false;
  std::string write_dir;           // write fuzz.ptm and fuzz.inv of the (last) case here
  std::size_t max_states = 20000;  // larger models are skipped (the reference explorer is slow)
};

// What happened to one case.
enum class outcome { agreed, skipped, rejected, mismatch, crashed };

struct totals {
  std::uint64_t cases = 0, agreed = 0, skipped = 0, rejected = 0, mismatches = 0, crashes = 0;
  std::uint64_t states = 0, violations = 0, model_errors = 0, leads_to_violations = 0, traces = 0;
};

// The seed of the case being run, for a crash report (a crash in an engine is a finding too).
char crash_note[160];

void on_crash(int sig) {
  const std::size_t len = std::strlen(crash_note);
  if (write(STDERR_FILENO, crash_note, len) < 0) {
    // Nothing more can be done in a signal handler.
  }
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

std::string reproduce_command(std::uint64_t seed, const fuzz_options& opts) {
  return "ptmc_modelfuzz --seed " + std::to_string(seed) + " --count 1 --print" + (opts.edges ? " --edges" : "") +
         (opts.bool_index ? " --bool-index" : "") + (opts.id_lists ? " --id-lists" : "") + (opts.strict_undefined ? " --strict-undefined" : "");
}

const char* verdict_name(verdict v) {
  switch (v) {
    case verdict::holds: return "holds";
    case verdict::violated: return "violated";
    case verdict::unknown: return "unknown";
    case verdict::vacuous: return "vacuous";
  }
  return "?";
}

// One case, loaded and lowered.
struct loaded_case {
  source_manager sources;
  diagnostics diags;
  std::unique_ptr<lang::model_program> model;
  std::unique_ptr<lang::properties_program> properties;
  std::unique_ptr<lower::lowered_model> lowered;
};

std::unique_ptr<loaded_case> load(const generated_case& c) {
  auto l = std::make_unique<loaded_case>();
  lang::frontend front(l->sources, l->diags, lang::file_access::denied);
  l->model = front.load_model(*l->sources.add("fuzz.ptm", c.model), {});
  if (!l->model || l->diags.has_errors()) return l;
  l->properties = front.load_properties(*l->sources.add("fuzz.inv", c.properties), *l->model);
  if (!l->properties || l->diags.has_errors()) return l;
  lower::options lowering;
  lowering.env_calls = c.env_calls;
  l->lowered = lower::lower(*l->model, {l->properties.get()}, nullptr, lowering, l->diags);
  return l;
}

class case_checker {
 public:
  case_checker(const ir::model& m, const lower::lowered_model& lowered, std::ostream& problems)
      : m_(m), lowered_(lowered), problems_(problems) {}

  void mismatch(const std::string& what) {
    problems_ << "  - " << what << "\n";
    ++count_;
  }
  std::size_t count() const { return count_; }

  props::check_result run_engine(bool symmetry, bool with_leads_to) {
    props::check_options opts;
    opts.search.symmetry = symmetry;
    opts.hangs = true;
    if (with_leads_to) {
      for (const auto& lp : lowered_.liveness)
        if (lp.trigger) opts.leads_to.push_back({lp.name, lp.doc, *lp.trigger, lp.target, lp.where});
    }
    return props::check(m_, opts);
  }

  static const props::finding* find(const props::check_result& r, const std::string& name, props::finding_kind k) {
    for (const auto& f : r.findings)
      if (f.name == name && f.kind == k) return &f;
    return nullptr;
  }

  // An engine finding against the reference: violated or not, and the trace length when violated.
  // `also_length`, when set, is another trace length accepted (see fuzz_options::strict_undefined).
  void compare(const std::string& run, const props::finding* f, const std::string& name, bool ref_violated,
               std::uint32_t ref_length, std::optional<std::uint32_t> also_length = std::nullopt) {
    if (!f) {
      mismatch(run + ": no finding for " + name);
      return;
    }
    const bool violated = f->result == verdict::violated;
    if (f->result == verdict::unknown) mismatch(run + ": " + name + " is unknown: " + f->message);
    if (violated != ref_violated) {
      mismatch(run + ": " + name + " is " + verdict_name(f->result) + ", the reference says " +
               (ref_violated ? "violated" : "not violated"));
      return;
    }
    if (violated && (!f->trace || (f->trace->steps.size() != ref_length && f->trace->steps.size() != also_length)))
      mismatch(run + ": " + name + " counterexample has " +
               (f->trace ? std::to_string(f->trace->steps.size()) : std::string("no")) +
               " steps, the shortest has " + std::to_string(ref_length));
  }

  // Every trace of a run, replayed by the reference interpreter.
  void replay_all(const std::string& run, const props::check_result& r, totals& t) {
    for (const auto& f : r.findings) {
      if (!f.trace) continue;
      ++t.traces;
      std::optional<ir::expr_id> invariant, trigger, target;
      if (f.kind == props::finding_kind::invariant)
        for (const auto& inv : m_.invariants)
          if (inv.name == f.name) invariant = inv.condition;
      if (f.kind == props::finding_kind::leads_to)
        for (const auto& lp : lowered_.liveness)
          if (lp.name == f.name && lp.trigger) {
            trigger = *lp.trigger;
            target = lp.target;
          }
      const std::string why = replay_reference(m_, *f.trace, invariant, trigger, target);
      if (!why.empty()) mismatch(run + ": the trace of " + f.name + " does not replay: " + why);
    }
  }

 private:
  const ir::model& m_;
  const lower::lowered_model& lowered_;
  std::ostream& problems_;
  std::size_t count_ = 0;
};

outcome run_case(std::uint64_t seed, const fuzz_options& opts, totals& t) {
  std::snprintf(crash_note, sizeof crash_note, "\nptmc_modelfuzz: crashed on seed %llu; reproduce: %s\n",
                static_cast<unsigned long long>(seed), reproduce_command(seed, opts).c_str());
  generator_options gen;
  gen.edge_integers = opts.edges;
  gen.bool_indexed_arrays = opts.bool_index;
  gen.id_lists = opts.id_lists;
  const generated_case c = generate(seed, gen);
  if (opts.print) std::cout << "// seed " << seed << ": fuzz.ptm\n" << c.model << "\n// fuzz.inv\n" << c.properties << "\n";
  if (!opts.write_dir.empty()) {
    std::filesystem::create_directories(opts.write_dir);
    std::ofstream(std::filesystem::path(opts.write_dir) / "fuzz.ptm") << c.model;
    std::ofstream(std::filesystem::path(opts.write_dir) / "fuzz.inv") << c.properties;
  }

  std::ostringstream problems;
  const auto report = [&](const char* what) {
    std::cout << "MISMATCH (" << what << ") seed " << seed << (opts.edges ? " (edge integers)" : "") << "\n"
              << problems.str() << "reproduce: " << reproduce_command(seed, opts) << "\n"
              << "// fuzz.ptm\n" << c.model << "\n// fuzz.inv\n" << c.properties << "\n";
  };

  const std::unique_ptr<loaded_case> l = load(c);
  if (!l->lowered) {
    // Generated text is well-typed by construction: a rejection is a generator bug (or a front-end one).
    l->diags.print(problems);
    report("the front end rejected a generated model");
    return outcome::rejected;
  }
  const ir::model& m = l->lowered->model;

  const ref_space ref = explore_reference(m, opts.max_states);
  if (!ref.complete) return outcome::skipped;
  t.states += ref.states.size();

  case_checker check(m, *l->lowered, problems);
  if (!ref.layout_error.empty()) check.mismatch("the layout cannot hold a value: " + ref.layout_error);

  // The cli's default: symmetry asked for, and turned off by props::check when there are leads-to
  // properties (then the full search must match the reference).
  const props::check_result full = check.run_engine(true, true);
  bool has_leads_to = false;
  for (const auto& lp : l->lowered->liveness) has_leads_to = has_leads_to || lp.trigger.has_value();
  if (full.symmetry == has_leads_to)
    check.mismatch(std::string("engine (leads-to): symmetry is ") + (full.symmetry ? "on" : "off") + " with" +
                   (has_leads_to ? "" : "out") + " leads-to properties");
  const props::check_result plain = check.run_engine(false, false);
  const props::check_result reduced = check.run_engine(true, false);

  // 3. The explicit engine against the reference explorer.
  for (const auto* r : {&full, &plain}) {
    const std::string run = r == &full ? "engine (leads-to)" : "engine";
    if (r->symmetry) continue;   // compared with the reduced run below
    if (!r->search.complete()) check.mismatch(run + ": search incomplete: " + explore::to_string(r->search.status));
    if (r->search.states != ref.states.size())
      check.mismatch(run + ": " + std::to_string(r->search.states) + " states, the reference has " +
                     std::to_string(ref.states.size()));
    if (r->search.transitions != ref.transitions)
      check.mismatch(run + ": " + std::to_string(r->search.transitions) + " transitions, the reference has " +
                     std::to_string(ref.transitions));
  }
  if (reduced.search.states > plain.search.states)
    check.mismatch("symmetry: " + std::to_string(reduced.search.states) + " states, more than " +
                   std::to_string(plain.search.states) + " without");

  for (const auto& inv : m.invariants) {
    bool violated = false;
    std::uint32_t depth = 0;
    std::optional<std::uint32_t> false_depth;   // the nearest state where it is false (not undefined)
    for (std::size_t s = 0; s < ref.states.size(); ++s) {
      const ir::eval_result r = ir::evaluate(m, ref.states[s].data(), inv.condition);
      if (r.ok() && r.v != 0) continue;
      if (!violated || ref.depth[s] < depth) depth = ref.depth[s];
      violated = true;
      if (r.ok() && (!false_depth || ref.depth[s] < *false_depth)) false_depth = ref.depth[s];
    }
    if (opts.strict_undefined) false_depth.reset();
    t.violations += violated ? 1 : 0;
    check.compare("engine (leads-to)", case_checker::find(full, inv.name, props::finding_kind::invariant), inv.name,
                  violated, depth, false_depth);
    check.compare("engine", case_checker::find(plain, inv.name, props::finding_kind::invariant), inv.name, violated,
                  depth, false_depth);
    // 1. Symmetry: the same verdict (vacuity included) and the same shortest length.
    check.compare("engine (symmetry)", case_checker::find(reduced, inv.name, props::finding_kind::invariant), inv.name,
                  violated, depth, false_depth);
    const props::finding* a = case_checker::find(plain, inv.name, props::finding_kind::invariant);
    const props::finding* b = case_checker::find(reduced, inv.name, props::finding_kind::invariant);
    if (a && b && a->result != b->result)
      check.mismatch("symmetry: " + inv.name + " is " + verdict_name(b->result) + " with symmetry, " +
                     verdict_name(a->result) + " without");
  }
  t.model_errors += ref.first_error_depth ? 1 : 0;
  for (const auto* r : {&full, &plain, &reduced}) {
    const std::string run = r == &full ? "engine (leads-to)" : r == &plain ? "engine" : "engine (symmetry)";
    check.compare(run, case_checker::find(*r, "model-error", props::finding_kind::model_error), "model-error",
                  ref.first_error_depth.has_value(), ref.first_error_depth.value_or(0));
  }
  for (const auto& lp : l->lowered->liveness) {
    if (!lp.trigger) continue;
    const ref_leads_to expected = check_leads_to_reference(m, ref, *lp.trigger, lp.target);
    t.leads_to_violations += expected.violated ? 1 : 0;
    const props::finding* f = case_checker::find(full, lp.name, props::finding_kind::leads_to);
    if (!f) {
      check.mismatch("engine (leads-to): no finding for " + lp.name);
      continue;
    }
    const bool violated = f->result == verdict::violated;
    if (violated != expected.violated) {
      check.mismatch("engine (leads-to): " + lp.name + " is " + verdict_name(f->result) + ", the reference says " +
                     (expected.violated ? "violated" : "not violated"));
    } else if (violated && (!f->trace || f->trace->trigger_index != static_cast<std::int64_t>(expected.trigger_depth))) {
      check.mismatch("engine (leads-to): " + lp.name + " trigger state at depth " +
                     (f->trace ? std::to_string(f->trace->trigger_index) : std::string("?")) +
                     ", the nearest bad trigger state is at depth " + std::to_string(expected.trigger_depth));
    }
  }

  // 4. Every counterexample replays.
  check.replay_all("engine (leads-to)", full, t);
  check.replay_all("engine", plain, t);
  check.replay_all("engine (symmetry)", reduced, t);

  // 2. Z3 against the reference evaluator on every reachable state.
  std::vector<smt::property_spec> specs;
  for (const auto& inv : m.invariants) specs.push_back({inv.name, inv.condition});
  for (const auto& lp : l->lowered->liveness) {
    if (lp.trigger) specs.push_back({lp.name + ".P", *lp.trigger});
    specs.push_back({lp.name + ".Q", lp.target});
  }
  smt::property_checker z3(m, specs);
  smt::encoder encoder(m);
  for (std::size_t i = 0; i < specs.size(); ++i) {
    std::size_t sampled = 0;
    for (std::size_t s = 0; s < ref.states.size(); ++s) {
      const ir::eval_result expected = ir::evaluate(m, ref.states[s].data(), specs[i].condition);
      const smt::property_status got = z3.check_one(i, ref.states[s].data(), s);
      const smt::property_status want = !expected.ok()         ? smt::property_status::error
                                        : expected.v != 0     ? smt::property_status::holds
                                                              : smt::property_status::violated;
      if (got != want) {
        check.mismatch("Z3: " + specs[i].name + " is " + std::string(smt::to_string(got)) + " in reference state " +
                       std::to_string(s) + ", the reference evaluator says " + std::string(smt::to_string(want)) +
                       (expected.ok() ? "" : " (" + expected.error + ")"));
        break;
      }
      // The value itself, on a few states spread over the space (two queries each).
      if (sampled < 6 && s % (ref.states.size() / 6 + 1) == 0) {
        ++sampled;
        const smt::solver_answer a = encoder.evaluate(ref.states[s].data(), specs[i].condition);
        const bool agrees = expected.ok() ? a.k == smt::solver_answer::kind::value && (a.v != 0) == (expected.v != 0)
                                          : a.k == smt::solver_answer::kind::error;
        if (!agrees) {
          check.mismatch("Z3 encoder: " + specs[i].name + " in reference state " + std::to_string(s) + " gives " +
                         (a.k == smt::solver_answer::kind::value ? std::to_string(a.v) : "no value: " + a.reason) +
                         ", the reference evaluator " + (expected.ok() ? std::to_string(expected.v) : expected.error));
          break;
        }
      }
    }
  }

  if (opts.verbose)
    std::cout << "seed " << seed << ": " << ref.states.size() << " states, " << reduced.search.states
              << " with symmetry, " << m.invariants.size() << " invariants, " << l->lowered->liveness.size()
              << " leads-to\n";
  if (check.count() == 0) return outcome::agreed;
  report("the engines disagree");
  return outcome::mismatch;
}

// run_case in a child process: an engine that aborts (an internal error) or crashes on a generated
// model is reported with its seed, and the run goes on with the next one.
outcome run_forked(std::uint64_t seed, const fuzz_options& opts, totals& t) {
  struct message {
    totals counts;
    outcome result;
  };
  int fds[2];
  if (pipe(fds) != 0) return run_case(seed, opts, t);
  std::cout.flush();
  const pid_t child = fork();
  if (child < 0) {
    close(fds[0]);
    close(fds[1]);
    return run_case(seed, opts, t);
  }
  if (child == 0) {
    close(fds[0]);
    message m{};
    m.result = run_case(seed, opts, m.counts);
    std::cout.flush();
    const bool sent = write(fds[1], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
    _exit(sent ? 0 : 1);
  }
  close(fds[1]);
  message m{};
  const bool received = read(fds[0], &m, sizeof m) == static_cast<ssize_t>(sizeof m);
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  if (!received) {
    std::cout << "CRASH seed " << seed << (WIFSIGNALED(status) ? " (signal " + std::to_string(WTERMSIG(status)) + ")" : "")
              << "; reproduce: " << reproduce_command(seed, opts) << "\n";
    return outcome::crashed;
  }
  t.states += m.counts.states;
  t.violations += m.counts.violations;
  t.model_errors += m.counts.model_errors;
  t.leads_to_violations += m.counts.leads_to_violations;
  t.traces += m.counts.traces;
  return m.result;
}

std::optional<std::uint64_t> env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return std::nullopt;
  return std::strtoull(v, nullptr, 10);
}

int usage() {
  std::cerr << "usage: ptmc_modelfuzz [--seed N] [--count N] [--max-seconds S] [--edges] [--bool-index]\n"
               "                      [--id-lists] [--strict-undefined]\n"
               "                      [--print] [--verbose] [--write DIR] [--max-states N] [--fork]\n"
               "Case i uses seed N+i. Environment: PTMC_FUZZ_SEED, PTMC_FUZZ_COUNT, PTMC_FUZZ_SECONDS,\n"
               "PTMC_FUZZ_EDGES=1, PTMC_FUZZ_BOOL_INDEX=1, PTMC_FUZZ_ID_LISTS=1,\n"
               "PTMC_FUZZ_STRICT_UNDEFINED=1 (the command line wins).\n";
  return 2;
}

int fuzz_main(int argc, char** argv) {
  fuzz_options opts;
  if (auto v = env_number("PTMC_FUZZ_SEED")) opts.seed = *v;
  if (auto v = env_number("PTMC_FUZZ_COUNT")) opts.count = *v;
  if (auto v = env_number("PTMC_FUZZ_SECONDS")) opts.max_seconds = static_cast<double>(*v);
  if (auto v = env_number("PTMC_FUZZ_EDGES")) opts.edges = *v != 0;
  if (auto v = env_number("PTMC_FUZZ_BOOL_INDEX")) opts.bool_index = *v != 0;
  if (auto v = env_number("PTMC_FUZZ_STRICT_UNDEFINED")) opts.strict_undefined = *v != 0;
  if (auto v = env_number("PTMC_FUZZ_ID_LISTS")) opts.id_lists = *v != 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--seed" && has_value) {
      opts.seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--count" && has_value) {
      opts.count = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--max-seconds" && has_value) {
      opts.max_seconds = std::strtod(argv[++i], nullptr);
    } else if (a == "--max-states" && has_value) {
      opts.max_states = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--write" && has_value) {
      opts.write_dir = argv[++i];
    } else if (a == "--edges") {
      opts.edges = true;
    } else if (a == "--bool-index") {
      opts.bool_index = true;
    } else if (a == "--id-lists") {
      opts.id_lists = true;
    } else if (a == "--strict-undefined") {
      opts.strict_undefined = true;
    } else if (a == "--print") {
      opts.print = true;
    } else if (a == "--fork") {
      opts.fork = true;
    } else if (a == "--verbose") {
      opts.verbose = true;
    } else {
      return usage();
    }
  }
  // The crash note must print even when the stack overflowed: the handler runs on a stack of its own.
  static std::vector<char> handler_stack(1 << 16);
  stack_t alt{};
  alt.ss_sp = handler_stack.data();
  alt.ss_size = handler_stack.size();
  sigaltstack(&alt, nullptr);
  struct sigaction action{};
  action.sa_handler = on_crash;
  action.sa_flags = SA_ONSTACK;
  sigaction(SIGABRT, &action, nullptr);
  sigaction(SIGSEGV, &action, nullptr);

  const auto start = std::chrono::steady_clock::now();
  totals t;
  for (std::uint64_t i = 0; i < opts.count; ++i) {
    if (opts.max_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > opts.max_seconds)
      break;
    ++t.cases;
    const std::uint64_t seed = opts.seed + i;
    switch (opts.fork ? run_forked(seed, opts, t) : run_case(seed, opts, t)) {
      case outcome::agreed: ++t.agreed; break;
      case outcome::skipped: ++t.skipped; break;
      case outcome::rejected: ++t.rejected; break;
      case outcome::mismatch: ++t.mismatches; break;
      case outcome::crashed: ++t.crashes; break;
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "modelfuzz: seeds " << opts.seed << ".." << opts.seed + t.cases - (t.cases ? 1 : 0)
            << (opts.edges ? " (edge integers)" : "") << ": " << t.cases << " models, " << t.agreed << " agreed, "
            << t.skipped << " skipped (over " << opts.max_states << " states), " << t.rejected << " rejected, "
            << t.mismatches << " mismatches, " << t.crashes << " crashes; " << t.states << " reachable states, " << t.violations
            << " violated invariants, " << t.model_errors << " with model errors, " << t.leads_to_violations
            << " violated leads-to, " << t.traces << " traces replayed; " << seconds << " s\n";
  return t.rejected + t.mismatches + t.crashes == 0 ? 0 : 1;
}

}  // namespace
}  // namespace ptmc::modelfuzz

// The reference interpreter and the component search recurse (over the statements of a step, and
// along chains of states), so the fuzzer runs on a thread with a generous stack.
namespace {
struct fuzz_args {
  int argc;
  char** argv;
  int result;
};
void* fuzz_thread(void* p) {
  auto* a = static_cast<fuzz_args*>(p);
  a->result = ptmc::modelfuzz::fuzz_main(a->argc, a->argv);
  return nullptr;
}
}  // namespace

int main(int argc, char** argv) {
  fuzz_args args{argc, argv, 2};
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, std::size_t{1} << 30);
  pthread_t thread;
  if (pthread_create(&thread, &attr, fuzz_thread, &args) != 0) return ptmc::modelfuzz::fuzz_main(argc, argv);
  pthread_join(thread, nullptr);
  return args.result;
}

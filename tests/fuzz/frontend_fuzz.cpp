// libFuzzer target for the syntax front end: parses the input as a model, a property file and a
// scenario. Nothing may crash, hang or trip a sanitizer; an input that parses without errors must
// print to text that parses back to the same tree and prints identically (abort otherwise).
// Build and run: see tests/fuzz/README.md.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/frontend.h"
#include "lang/parser.h"

namespace {

[[noreturn]] void fail(const char* what, const std::string& input, const std::string& printed) {
  std::fprintf(stderr, "frontend_fuzz: %s\n--- input ---\n%s\n--- printed ---\n%s\n", what, input.c_str(),
               printed.c_str());
  std::abort();
}

void check_round_trip(const std::string& input, ptmc::lang::file_kind kind) {
  ptmc::source_manager sources;
  ptmc::diagnostics diags;
  const ptmc::source_file* file = sources.add("fuzz", input);
  std::unique_ptr<ptmc::lang::source_unit> unit = ptmc::lang::parse(*file, kind, diags);
  if (unit == nullptr) fail("parse returned null", input, "");
  const std::string printed = ptmc::lang::print(*unit);  // partial trees must print too
  if (diags.has_errors()) return;

  ptmc::diagnostics again_diags;
  const ptmc::source_file* again_file = sources.add("fuzz-printed", printed);
  std::unique_ptr<ptmc::lang::source_unit> again = ptmc::lang::parse(*again_file, kind, again_diags);
  if (again_diags.has_errors()) fail("printed form does not parse", input, printed);
  if (!ptmc::lang::same_syntax(*unit, *again)) fail("printed form parses to a different tree", input, printed);
  if (ptmc::lang::print(*again) != printed) fail("printing is not idempotent", input, printed);
}

// A small model that property files and scenarios are checked against.
constexpr const char* fuzz_model = R"(model "fuzz";
param N: 1..3 = 2;
symmetric type Tid = 0..N-1;
enum Sig { SIGSTOP, SIGCONT, SIGKILL }
enum Ret { OK, ESRCH }
var task: record { pending: set<Sig>; code: Sig?; }[Tid];
var engines: list<Tid, 2>;
event ran(t: Tid, s: Sig);
fn stopping(s: Sig): bool = s == SIGSTOP;
process thread[t: Tid] { run: atomic { await SIGSTOP in task[t].pending; emit ran(t, SIGSTOP); } }
syscall kill(self who: Tid, t: Tid, s: Sig): Ret { atomic { task[t].pending |= {s}; } return OK; }
)";

// The semantic checker on the input as a model, and as a property file and a scenario against
// fuzz_model. File access is denied, so `extends` and `for` paths never read the disk.
void check_semantics(const std::string& input) {
  using ptmc::lang::file_access;
  ptmc::source_manager sources;
  ptmc::diagnostics diags;
  ptmc::lang::frontend front(sources, diags, file_access::denied);
  front.load_model(*sources.add("fuzz.ptm", input), {});

  ptmc::diagnostics model_diags;
  ptmc::lang::frontend model_front(sources, model_diags, file_access::denied);
  std::unique_ptr<ptmc::lang::model_program> model = model_front.load_model(*sources.add("fuzz-model.ptm", fuzz_model), {});
  if (model == nullptr) fail("the fuzz model does not check", fuzz_model, "");
  front.load_properties(*sources.add("fuzz.inv", input), *model);
  std::unique_ptr<ptmc::lang::scenario_program> scenario = front.parse_scenario(*sources.add("fuzz.ptl", input));
  if (scenario == nullptr) return;
  std::unique_ptr<ptmc::lang::model_program> with_params =
      front.load_model(*sources.add("fuzz-model.ptm", fuzz_model), scenario->params, scenario->param_sites);
  if (with_params != nullptr) front.check_scenario(*scenario, *with_params);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  for (ptmc::lang::file_kind kind :
       {ptmc::lang::file_kind::model, ptmc::lang::file_kind::properties, ptmc::lang::file_kind::scenario}) {
    check_round_trip(input, kind);
  }
  check_semantics(input);
  return 0;
}

// Micro-benchmark of the explicit-state engine: explores a hand-built group-stop model with
// N threads and prints states, states/s, bytes per state and peak RSS.
//
//   engine_bench [--threads N] [--symmetry] [--max-states K]
//
// Each thread loops: it either does local work (a counter mod 3), or joins the group stop
// (initiating it as the leader when there is none), then resumes (the last to resume clears the
// leader). Shared: the set of stopped threads, their count and the optional leader.
// bench/engine_bench.pml is the same model in Promela, for comparison with SPIN.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "explore/explorer.h"
#include "ir/builder.h"

namespace {

using namespace ptmc;

ir::model group_stop_model(std::uint32_t n) {
  ir::builder b("bench-group-stop");
  const ir::type_id tid = b.type_symmetric("Tid", n);
  const ir::slot_id stopped = b.add_variable("stopped", b.type_set(tid));
  const ir::slot_id count = b.add_variable("count", b.type_range(0, n));
  const ir::slot_id leader = b.add_variable("leader", b.type_optional(tid));
  const ir::process_family f =
      b.add_process_family("thread", b.symmetric_domain_of(tid), 2, {{"work", b.type_range(0, 2)}});
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t p = f.processes[k];
    const ir::slot_id work = f.local_slot(k, 0);
    const ir::expr_id me = b.unary(ir::op::set_singleton, b.constant(k));
    const ir::stmt join_set = ir::builder::store(stopped, b.binary(ir::op::set_union, b.load(stopped), me));
    const ir::stmt join_count = ir::builder::store(count, b.add(b.load(count), b.constant(1)));
    b.add_transition(p, 0, "work", {ir::builder::store(work, b.binary(ir::op::mod, b.add(b.load(work), b.constant(1)), b.constant(3)))});
    b.add_transition(p, 0, "initiate", {ir::builder::assume(b.unary(ir::op::is_none, b.load(leader))),
                                        b.store_const(leader, k), join_set, join_count}, 1);
    b.add_transition(p, 0, "participate", {ir::builder::assume(b.lnot(b.unary(ir::op::is_none, b.load(leader)))),
                                           join_set, join_count}, 1);
    b.add_transition(p, 1, "resume", {
        ir::builder::store(stopped, b.binary(ir::op::set_diff, b.load(stopped), me)),
        ir::builder::store(count, b.sub(b.load(count), b.constant(1))),
        ir::builder::if_(b.eq(b.load(count), b.constant(0)), {ir::builder::store(leader, b.none())}),
    }, 0);
  }
  b.add_invariant("count_matches", b.eq(b.unary(ir::op::set_card, b.load(stopped)), b.load(count)));
  return b.finish();
}

// Checks the invariant in every state, as a real run does.
class invariant_checker final : public explore::visitor {
 public:
  explicit invariant_checker(explore::explorer& e) : e_(e) {}
  std::uint64_t violations = 0;
  explore::control on_state(explore::state_index s, std::uint32_t) override {
    if (!e_.exec().holds(e_.compiled().invariant_expression(0), e_.state(s))) ++violations;
    return explore::control::proceed;
  }

 private:
  explore::explorer& e_;
};

long peak_rss_kib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

}  // namespace

int main(int argc, char** argv) {
  std::uint32_t threads = 7;
  explore::options o;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      threads = static_cast<std::uint32_t>(std::atoi(argv[++i]));
    } else if (std::strcmp(argv[i], "--symmetry") == 0) {
      o.symmetry = true;
    } else if (std::strcmp(argv[i], "--max-states") == 0 && i + 1 < argc) {
      o.max_states = std::strtoull(argv[++i], nullptr, 10);
    } else {
      std::fprintf(stderr, "usage: engine_bench [--threads N] [--symmetry] [--max-states K]\n");
      return 2;
    }
  }
  const ir::model m = group_stop_model(threads);
  explore::explorer e(m, o);
  invariant_checker check(e);
  const explore::result r = e.run(check);
  const double rate = r.elapsed_seconds > 0 ? static_cast<double>(r.states) / r.elapsed_seconds : 0;
  std::printf("model          group-stop, %u threads, symmetry %s\n", threads, o.symmetry ? "on" : "off");
  std::printf("status         %s\n", explore::to_string(r.status).c_str());
  std::printf("state bits     %u (%u words)\n", m.state_bits, m.state_words());
  std::printf("states         %llu\n", static_cast<unsigned long long>(r.states));
  std::printf("transitions    %llu\n", static_cast<unsigned long long>(r.transitions));
  std::printf("depth          %u\n", r.max_depth);
  std::printf("seconds        %.3f\n", r.elapsed_seconds);
  std::printf("states/s       %.0f\n", rate);
  std::printf("transitions/s  %.0f\n", r.elapsed_seconds > 0 ? static_cast<double>(r.transitions) / r.elapsed_seconds : 0);
  std::printf("store bytes    %llu (%.1f per state)\n", static_cast<unsigned long long>(r.peak_memory_bytes),
              r.states ? static_cast<double>(r.peak_memory_bytes) / static_cast<double>(r.states) : 0);
  std::printf("peak RSS       %.1f MiB\n", static_cast<double>(peak_rss_kib()) / 1024.0);
  std::printf("violations     %llu\n", static_cast<unsigned long long>(check.violations));
  return 0;
}

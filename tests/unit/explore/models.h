// Small hand-built models with known state spaces, for the explorer tests.
#pragma once

#include <cstdint>

#include "ir/builder.h"

namespace ptmc::explore::testing {

// One process counting x from 0 up to `max`: max+1 states, max transitions, x == max terminal.
inline ir::model counter(ir::value max) {
  ir::builder b("counter");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, max));
  const std::uint32_t p = b.add_process("p", 1);
  b.add_transition(p, 0, "inc", {ir::builder::assume(b.lt(b.load(x), b.constant(max))),
                                 ir::builder::store(x, b.add(b.load(x), b.constant(1)))});
  b.add_invariant("below_max", b.lt(b.load(x), b.constant(max)));
  return b.finish();
}

// Two threads (a symmetric family over Tid = {0, 1}) each adding 1 to a shared x. `atomic`: in
// one step; otherwise read into a local, then write back (the lost update).
// Invariant "no_lost_update": when both threads are done, x == 2.
inline ir::model two_increments(bool atomic) {
  ir::builder b(atomic ? "inc-atomic" : "inc-racy");
  const ir::slot_id x = b.add_variable("x", b.type_range(0, 2));
  const ir::type_id tid = b.type_symmetric("Tid", 2);
  const std::uint32_t pcs = atomic ? 2 : 3;
  const ir::process_family f = b.add_process_family("thread", b.symmetric_domain_of(tid), pcs, {{"tmp", b.type_range(0, 2)}});
  ir::expr_id all_done = b.truth(true);
  for (std::uint32_t k = 0; k < 2; ++k) {
    const std::uint32_t p = f.processes[k];
    if (atomic) {
      b.add_transition(p, 0, "inc", {ir::builder::store(x, b.add(b.load(x), b.constant(1)))}, 1);
    } else {
      b.add_transition(p, 0, "read", {ir::builder::store(f.local_slot(k, 0), b.load(x))}, 1);
      b.add_transition(p, 1, "write", {ir::builder::store(x, b.add(b.load(f.local_slot(k, 0)), b.constant(1)))}, 2);
    }
    b.mark_final(p, pcs - 1);
    all_done = b.land(all_done, b.slot_is(f.pc_slot(k), pcs - 1));
  }
  b.add_invariant("no_lost_update", b.binary(ir::op::implies, all_done, b.slot_is(x, 2)));
  return b.finish();
}

// One process choosing v in 0..3 in one step: 5 states, 4 transitions.
inline ir::model choice() {
  ir::builder b("choice");
  const ir::slot_id v = b.add_variable("v", b.type_range(0, 3));
  const std::uint32_t p = b.add_process("p", 2);
  const std::uint32_t r = b.new_register();
  b.add_transition(p, 0, "pick", {ir::builder::choose(r, 4), ir::builder::store(v, b.reg(r))}, 1);
  return b.finish();
}

// Two processes taking two locks in opposite orders: 13 states, 14 transitions, 2 terminal
// states of which one is the deadlock (both at pc 1).
inline ir::model deadlock() {
  ir::builder b("deadlock");
  const ir::slot_id l1 = b.add_variable("l1", b.type_bool());
  const ir::slot_id l2 = b.add_variable("l2", b.type_bool());
  const std::uint32_t pa = b.add_process("a", 4);
  const std::uint32_t pb = b.add_process("b", 4);
  const auto lock = [&](ir::slot_id l) {
    return std::vector<ir::stmt>{ir::builder::assume(b.lnot(b.load(l))), b.store_const(l, 1)};
  };
  b.add_transition(pa, 0, "lock1", lock(l1), 1);
  b.add_transition(pa, 1, "lock2", lock(l2), 2);
  b.add_transition(pa, 2, "unlock", {b.store_const(l1, 0), b.store_const(l2, 0)}, 3);
  b.add_transition(pb, 0, "lock2", lock(l2), 1);
  b.add_transition(pb, 1, "lock1", lock(l1), 2);
  b.add_transition(pb, 2, "unlock", {b.store_const(l1, 0), b.store_const(l2, 0)}, 3);
  b.mark_final(pa, 3);
  b.mark_final(pb, 3);
  return b.finish();
}

// A group stop among `n` symmetric threads: a thread may initiate a stop (becoming the leader)
// or join one; stopped threads are in a set<Tid> and counted; the last one to resume clears the
// leader. Invariant "count_matches" holds; "not_all_stopped" is violated once all n stop.
inline ir::model group_stop(std::uint32_t n) {
  ir::builder b("group-stop");
  const ir::type_id tid = b.type_symmetric("Tid", n);
  const ir::slot_id stopped = b.add_variable("stopped", b.type_set(tid));
  const ir::slot_id count = b.add_variable("count", b.type_range(0, n));
  const ir::slot_id leader = b.add_variable("leader", b.type_optional(tid));
  const ir::process_family f =
      b.add_process_family("thread", b.symmetric_domain_of(tid), 3, {{"signals", b.type_range(0, 1)}});
  for (std::uint32_t k = 0; k < n; ++k) {
    const std::uint32_t p = f.processes[k];
    const ir::slot_id sigs = f.local_slot(k, 0);
    const auto join = [&] {
      return std::vector<ir::stmt>{
          ir::builder::store(stopped, b.binary(ir::op::set_union, b.load(stopped), b.unary(ir::op::set_singleton, b.constant(k)))),
          ir::builder::store(count, b.add(b.load(count), b.constant(1)))};
    };
    std::vector<ir::stmt> initiate = {ir::builder::assume(b.unary(ir::op::is_none, b.load(leader))),
                                      b.store_const(leader, k), b.store_const(sigs, 1)};
    for (auto& s : join()) initiate.push_back(s);
    b.add_transition(p, 0, "initiate", initiate, 1);
    std::vector<ir::stmt> participate = {ir::builder::assume(b.lnot(b.unary(ir::op::is_none, b.load(leader))))};
    for (auto& s : join()) participate.push_back(s);
    b.add_transition(p, 0, "participate", participate, 1);
    b.add_transition(p, 1, "resume", {
        ir::builder::store(stopped, b.binary(ir::op::set_diff, b.load(stopped), b.unary(ir::op::set_singleton, b.constant(k)))),
        ir::builder::store(count, b.sub(b.load(count), b.constant(1))),
        ir::builder::if_(b.eq(b.load(count), b.constant(0)), {ir::builder::store(leader, b.none())}),
    }, 2);
    b.add_transition(p, 2, "rest", {b.store_const(sigs, 0)}, 0);
  }
  b.add_invariant("count_matches", b.eq(b.unary(ir::op::set_card, b.load(stopped)), b.load(count)));
  b.add_invariant("not_all_stopped", b.lt(b.load(count), b.constant(n)));
  return b.finish();
}

}  // namespace ptmc::explore::testing

// Executing the IR: evaluating expressions and running transitions on packed states.
//
// Two implementations of one semantics:
//   - `evaluate` walks the expression tree: the reference, simple and obviously right, used by
//     tests and by the Z3 adapter to cross-check its encoding;
//   - `compiled_model` + `executor` compile every expression and effect once into flat bytecode
//     (slot offsets resolved, no recursion and no allocation per step) and interpret it: the hot
//     path of exploration, replay and tests.
//
// Semantics shared by both:
//   - Values are int64; arithmetic is exact, and a result outside the integers
//     -(2^63 - 1)..2^63 - 1 is a model error (base/checked_int.h: -2^63 is none, so it is no
//     result either); `div` and `mod` truncate toward zero like C (`-7 / 2 == -3`,
//     `-7 % 2 == -1`); division or modulo by zero is a model error.
//   - logical_and / logical_or / implies short-circuit; only the chosen ite branch is evaluated;
//     boolean results are 0 or 1, and any non-zero operand counts as true.
//   - set_has(a, b) is bit b of a, false when b is outside 0..63; set_singleton(a) is a model error
//     when a is outside 0..63; set_min / set_max of the empty set are model errors.
//   - unwrap(none) is a model error; load_dynamic / store_dynamic with an index outside 0..count-1
//     is a model error.
//   - Effects run statement by statement; a load sees the stores made before it in the same step.
//     Registers are 0 when a run starts. A store of a value outside the slot's range is a model
//     error. `assume` false: the step is not enabled and has no effect. `choose r, n` sets r to
//     each of 0..n-1 in turn, each choice giving its own run (n == 0: no run). store_dynamic
//     evaluates its index, then its value, then checks the index, then the value. Operands are
//     evaluated left to right; the first error ends the run.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "ir/bytecode.h"
#include "ir/ir.h"

namespace ptmc::ir {

// ---------------------------------------------------------------- reference evaluation

// A value, or a model error (division by zero, unwrap of none, ...) described by `error`.
struct eval_result {
  value v = 0;
  std::string error;  // non-empty: evaluation failed and `v` is meaningless
  bool ok() const { return error.empty(); }
};

// The value of expression `e` in `state` with step-local registers `regs` (a register the
// expression reads must be < regs.size()). Tree-walking reference implementation.
eval_result evaluate(const model& m, const std::uint64_t* state, expr_id e, std::span<const value> regs = {});

// ---------------------------------------------------------------- runs of transitions

// The pseudo transition id of the model's init program in step_view / step_error.
constexpr transition_id init_transition = 0xffffffffu;

// One completed run of a transition. Everything it points to is valid only during the callback.
struct step_view {
  transition_id transition = 0;
  const std::uint64_t* state = nullptr;      // the successor, model::state_words() words
  std::span<const std::uint32_t> choices;    // the value taken at each `choose`, in execution order

  struct event_ref {
    std::uint32_t event;
    std::uint32_t first_arg;
    std::uint32_t arg_count;
  };
  std::span<const event_ref> events;         // emitted events, in order
  std::span<const value> event_args;         // arguments of all events, concatenated

  std::span<const value> args_of(const event_ref& e) const { return event_args.subspan(e.first_arg, e.arg_count); }
};

// A run that ended in a model error (failed assert, `error`, out-of-range store, evaluation error).
struct step_error {
  transition_id transition = 0;
  std::span<const std::uint32_t> choices;    // choices taken up to the error
  std::string message;
};

// Receives the runs of transitions. A plain interface (no std::function) so the executor's loop
// does not allocate; one virtual call per run.
class successor_sink {
 public:
  virtual void on_step(const step_view& step) = 0;
  virtual void on_error(const step_error& error) = 0;

 protected:
  ~successor_sink() = default;
};

// How many runs a call produced.
struct run_counts {
  std::uint32_t steps = 0;   // completed runs (on_step calls)
  std::uint32_t errors = 0;  // runs ending in a model error (on_error calls)
};

// ---------------------------------------------------------------- the compiled form

// Every transition effect, the init program and every invariant condition, compiled once.
// Immutable after construction except for add_expression; shared by any number of executors.
// The model must outlive it.
class compiled_model {
 public:
  explicit compiled_model(const model& m);
  compiled_model(const compiled_model&) = delete;
  compiled_model& operator=(const compiled_model&) = delete;

  const model& source() const { return m_; }

  // Compiles an extra expression (e.g. a property's condition); returns its handle for
  // executor::evaluate. Call before executors that use it run.
  std::uint32_t add_expression(expr_id e);
  // The handle of invariant i's condition.
  std::uint32_t invariant_expression(std::size_t i) const { return invariant_entries_[i]; }

  struct program_info {
    std::uint32_t entry = 0;       // first instruction
    std::uint32_t max_chooses = 0; // chooses along any path (upper bound)
  };
  const program_info& transition_program(transition_id t) const { return transition_programs_[t]; }
  const program_info& init_program() const { return init_program_; }
  const program_info& expression_program(std::uint32_t handle) const { return expression_programs_[handle]; }

  const std::vector<detail::instr>& code() const { return code_; }
  const std::vector<detail::slot_desc>& slot_table() const { return slot_table_; }
  const std::vector<std::string>& messages() const { return messages_; }
  std::uint32_t max_stack() const { return max_stack_; }
  std::uint32_t max_chooses() const { return max_chooses_; }
  std::uint32_t max_event_args() const { return max_event_args_; }

 private:
  friend class program_compiler;
  const model& m_;
  std::vector<detail::instr> code_;
  std::vector<detail::slot_desc> slot_table_;
  std::vector<std::string> messages_;
  std::vector<program_info> transition_programs_;
  program_info init_program_;
  std::vector<program_info> expression_programs_;
  std::vector<std::uint32_t> invariant_entries_;
  std::uint32_t max_stack_ = 1;
  std::uint32_t max_chooses_ = 0;
  std::uint32_t max_event_args_ = 0;
};

// Runs compiled programs. Holds the reusable buffers (successor state, stack, registers, choice
// vector, events), so it is cheap to call and not thread-safe: one executor per thread.
class executor {
 public:
  explicit executor(const compiled_model& c);

  const compiled_model& compiled() const { return c_; }
  const model& source() const { return c_.source(); }

  // Every run of transition `t` from `state`, over all choice vectors in depth-first odometer
  // order (the first choose varies slowest); runs whose `assume` fails are skipped.
  run_counts for_each_successor(const std::uint64_t* state, transition_id t, successor_sink& sink);

  // The runs of every transition enabled by the pcs in `state`: processes in id order, for each
  // the transitions in by_pc[pc] order.
  run_counts successors(const std::uint64_t* state, successor_sink& sink);

  // The initial states: every run of model::init from the all-zero state (transition
  // init_transition in the callbacks).
  run_counts initial_states(successor_sink& sink);

  // Re-executes one run of `t` (init_transition: the init program) from `state` with the given
  // choices; the callback sees the step, or the error, or nothing when an assume fails (or the
  // choices do not fit the run). Used to replay traces.
  run_counts replay(const std::uint64_t* state, transition_id t, std::span<const std::uint32_t> choices,
                    successor_sink& sink);

  // The value of a compiled expression (compiled_model::add_expression / invariant_expression).
  eval_result evaluate(std::uint32_t handle, const std::uint64_t* state, std::span<const value> regs = {});
  // Whether a compiled boolean expression holds; a model error counts as "does not hold" and is
  // stored in *error when error != nullptr.
  bool holds(std::uint32_t handle, const std::uint64_t* state, std::string* error = nullptr);

 private:
  enum class status : std::uint8_t { completed, disabled, failed };
  struct failure {
    std::uint32_t pc = 0;  // the failing instruction
    value v = 0;           // the offending value (index, stored value, singleton element)
    slot_id slot = 0;      // store_dynamic: the slot a value did not fit
    bool store = false;    // store_dynamic: the value (not the index) was out of range
  };

  run_counts run_all(const std::uint64_t* state, transition_id t, const compiled_model::program_info& p,
                     successor_sink& sink);
  status run(std::uint32_t entry, const std::uint64_t* read, std::uint64_t* write, const value* initial_regs,
             std::size_t initial_reg_count);
  bool advance_choices();
  void report(status s, transition_id t, successor_sink& sink);
  void ensure_capacity();

  const compiled_model& c_;
  std::vector<std::uint64_t> out_;       // the successor being built
  std::vector<std::uint64_t> zero_;      // the all-zero state (init)
  std::vector<value> stack_;
  std::vector<value> regs_;
  std::vector<std::uint32_t> choices_;   // odometer: the current choice vector
  std::vector<std::uint32_t> counts_;    // odometer: the number of choices at each position
  std::uint32_t choice_len_ = 0;         // positions fixed for the next run
  std::uint32_t choice_pos_ = 0;         // positions reached by the current run
  bool forced_ = false;                  // replay: choices are given, never extended
  std::vector<step_view::event_ref> events_;
  std::vector<value> event_args_;
  failure failure_;
};

// The text of a model error at instruction `pc` of `c` with offending value `v` (used by the
// executor and by tests).
std::string describe_failure(const compiled_model& c, std::uint32_t pc, value v);

}  // namespace ptmc::ir

#include "smt/property_checker.h"

#include <algorithm>
#include <utility>

#include "base/invariant.h"
#include "ir/state.h"
#include "ir/support.h"
#include "smt/projection_cache.h"
#include "smt/z3_encoding.h"

namespace ptmc::smt {

namespace {

// Where a property's projection lies in a state: the support slots that have stored bits
// (a zero-width slot has one possible value and adds nothing to the key).
class projection_layout {
 public:
  projection_layout(const ir::model& m, const std::vector<ir::slot_id>& support) {
    std::uint32_t bits = 0;
    for (const ir::slot_id s : support)
      if (m.slots[s].width > 0) {
        fields_.push_back(&m.slots[s]);
        bits += m.slots[s].width;
      }
    key_words_ = (bits + 63) / 64;
  }

  std::uint32_t key_words() const { return key_words_; }

  // Writes the support slots' stored bits, back to back, into key[0 .. key_words()).
  void pack(const std::uint64_t* state, std::uint64_t* key) const {
    std::fill(key, key + key_words_, 0);
    std::uint32_t at = 0;
    for (const ir::slot* s : fields_) {
      const std::uint64_t bits = ir::read_bits(state, *s);
      const std::uint32_t word = at / 64, shift = at % 64;
      key[word] |= bits << shift;
      if (shift + s->width > 64) key[word + 1] |= bits >> (64 - shift);
      at += s->width;
    }
  }

 private:
  std::vector<const ir::slot*> fields_;
  std::uint32_t key_words_ = 0;
};

std::uint8_t code_of(property_status s) { return static_cast<std::uint8_t>(s); }
property_status status_of(std::uint8_t code) { return static_cast<property_status>(code); }

// Pushes a solver scope for as long as it lives, so an exception from Z3 cannot leave
// a projection's assertions behind.
class solver_scope {
 public:
  explicit solver_scope(z3::solver& s) : s_(s) { s_.push(); }
  ~solver_scope() { s_.pop(); }
  solver_scope(const solver_scope&) = delete;
  solver_scope& operator=(const solver_scope&) = delete;

 private:
  z3::solver& s_;
};

}  // namespace

struct property_checker::impl {
  // One property: its report, how to project states onto it, its cache and its Z3 terms.
  struct entry {
    property_report report;
    projection_layout layout;
    projection_cache cache;
    z3::expr refuted;   // not (defined and property)
    z3::expr defined;
    z3::expr answer;    // the answer literal guarding `refuted`
  };

  impl(const ir::model& m, std::vector<property_spec> properties, const solver_options& options)
      : model(m), solver(ctx), encoding(ctx, m) {
    z3::params p(ctx);
    p.set("timeout", static_cast<unsigned>(options.timeout.count()));
    solver.set(p);
    for (property_spec& spec : properties) add(std::move(spec));
  }

  void add(property_spec spec) {
    PTMC_INVARIANT(spec.condition < model.exprs.size(), "property conditions are expressions of the model");
    PTMC_INVARIANT(!ir::reads_registers(model, spec.condition),
                   "invariant expressions read no registers: the lowering unrolls quantifiers");
    std::vector<ir::slot_id> support = ir::slot_support(model, spec.condition);
    projection_layout layout(model, support);
    const std::uint32_t key_words = layout.key_words();
    const z3::expr truth = encoding.holds(spec.condition);
    const z3::expr defined = encoding.encode(spec.condition).defined;
    const z3::expr answer = ctx.bool_const(("property:" + spec.name).c_str());
    property_report report;
    report.name = std::move(spec.name);
    report.condition = spec.condition;
    report.support = std::move(support);
    entries.push_back(entry{std::move(report), std::move(layout), projection_cache(key_words), !truth, defined, answer});
    key.resize(std::max<std::size_t>(key.size(), key_words));
  }

  // Asks Z3 for the status of `e` on the projection of `state` (one query).
  property_status discharge(entry& e, const std::uint64_t* state) {
    const auto start = std::chrono::steady_clock::now();
    property_status status = property_status::unknown;
    try {
      solver_scope scope(solver);
      for (const ir::slot_id s : e.report.support)
        solver.add(encoding.slot_constant(s) == encoding.slot_literal(s, ir::read_slot(state, model.slots[s])));
      solver.add(z3::implies(e.answer, e.refuted));
      z3::expr_vector assumptions(ctx);
      assumptions.push_back(e.answer);
      ++calls;
      switch (solver.check(assumptions)) {
        case z3::unsat: status = property_status::holds; break;
        case z3::sat:
          status = solver.get_model().eval(e.defined, true).is_false() ? property_status::error : property_status::violated;
          break;
        case z3::unknown: status = unknown(e, solver.reason_unknown()); break;
      }
    } catch (const z3::exception& ex) {
      status = unknown(e, ex.msg());
    }
    e.report.solver_time += std::chrono::steady_clock::now() - start;
    ++e.report.projections_discharged;
    return status;
  }

  static property_status unknown(entry& e, const std::string& reason) {
    if (e.report.unknown_reason.empty()) e.report.unknown_reason = reason;
    return property_status::unknown;
  }

  // Folds one state's status into the report.
  static void record(property_report& r, property_status s, std::uint64_t state_index) {
    ++r.states_checked;
    r.status = combine(r.status, s);
    std::optional<std::uint64_t>* first = nullptr;
    if (s == property_status::violated) first = &r.first_violation;
    if (s == property_status::error) first = &r.first_error;
    if (s == property_status::unknown) first = &r.first_unknown;
    if (first && !first->has_value()) *first = state_index;
  }

  property_status check_one(entry& e, const std::uint64_t* state, std::uint64_t state_index) {
    e.layout.pack(state, key.data());
    property_status status;
    if (const std::uint8_t* cached = e.cache.find(key.data())) {
      status = status_of(*cached);
    } else {
      status = discharge(e, state);
      e.cache.insert(key.data(), code_of(status));
    }
    record(e.report, status, state_index);
    return status;
  }

  const ir::model& model;
  z3::context ctx;
  z3::solver solver;
  detail::z3_encoding encoding;
  std::vector<entry> entries;
  std::vector<std::uint64_t> key;  // scratch: the projection being looked up
  std::uint64_t calls = 0;
};

property_checker::property_checker(const ir::model& m, std::vector<property_spec> properties, solver_options options)
    : impl_(std::make_unique<impl>(m, std::move(properties), options)) {}
property_checker::~property_checker() = default;
property_checker::property_checker(property_checker&&) noexcept = default;
property_checker& property_checker::operator=(property_checker&&) noexcept = default;

property_checker property_checker::for_invariants(const ir::model& m, solver_options options) {
  std::vector<property_spec> specs;
  for (const ir::invariant& inv : m.invariants) specs.push_back({inv.name, inv.condition});
  return property_checker(m, std::move(specs), options);
}

bool property_checker::check(const std::uint64_t* state, std::uint64_t state_index) {
  bool all_hold = true;
  for (impl::entry& e : impl_->entries)
    all_hold = impl_->check_one(e, state, state_index) == property_status::holds && all_hold;
  return all_hold;
}

property_status property_checker::check_one(std::size_t property, const std::uint64_t* state, std::uint64_t state_index) {
  PTMC_INVARIANT(property < impl_->entries.size(), "property indices are below property_count()");
  return impl_->check_one(impl_->entries[property], state, state_index);
}

std::size_t property_checker::property_count() const { return impl_->entries.size(); }

const property_report& property_checker::report(std::size_t property) const {
  PTMC_INVARIANT(property < impl_->entries.size(), "property indices are below property_count()");
  return impl_->entries[property].report;
}

std::uint64_t property_checker::solver_calls() const { return impl_->calls; }

}  // namespace ptmc::smt

#include "explore/explorer.h"

#include <algorithm>
#include <cstring>

#include "base/invariant.h"
#include "explore/state_store.h"
#include "ir/validate.h"
#include "ir/state.h"

namespace ptmc::explore {

std::string to_string(completion c) {
  switch (c) {
    case completion::complete: return "complete";
    case completion::state_limit: return "state limit reached";
    case completion::memory_limit: return "memory limit reached";
    case completion::time_limit: return "time limit reached";
    case completion::stopped: return "stopped";
  }
  return "unknown";
}

// Receives the runs from one state (or from init) and stores their successors. Unless edges with
// their steps are wanted (on_edge needs the live step), successors are batched per expanded state:
// their hash cells are prefetched as they come and looked up in order once the state is expanded,
// which hides most of the cache misses of the hash set; edge targets are reported then.
class explorer::expander final : public ir::successor_sink {
 public:
  expander(explorer& e, visitor& v, result& r)
      : e_(e),
        v_(v),
        r_(r),
        store_(*e.store_),
        words_(e.m_.state_words()),
        batching_(!e.opts_.collect_edges),
        edge_targets_(e.opts_.collect_edge_targets) {}

  state_index from = no_state;   // the state being expanded; no_state while running init
  std::uint32_t depth = 0;       // the depth of states found now
  std::uint32_t moves = 0;       // runs from `from` that reached another state (not a self-loop)
  bool stop = false;

  void on_step(const ir::step_view& step) override {
    if (stop) return;
    if (from != no_state) {
      ++r_.transitions;
      ++r_.fired[step.transition];
    }
    const std::uint64_t* s = e_.canonical(step.state);
    if (from != no_state && std::memcmp(s, store_.get(from), words_ * sizeof(std::uint64_t)) != 0) ++moves;
    const std::uint64_t hash = store_.hash(s);
    if (!batching_) {
      const state_index to = store(s, hash, step.transition);
      if (to != no_state && from != no_state) {
        v_.on_edge(from, to, step);
        v_.on_edge_target(from, to, step.transition);
      }
      return;
    }
    store_.prefetch(hash);
    batch_words_.insert(batch_words_.end(), s, s + words_);
    batch_.push_back(pending{hash, step.transition});
  }

  void on_error(const ir::step_error& error) override {
    if (!stop && v_.on_model_error(from, error) == control::stop) halt(completion::stopped);
  }

  // Stores the batched successors, in the order they were generated.
  void flush() {
    for (const pending& p : batch_) store_.prefetch_candidate(p.hash);
    for (std::size_t i = 0; i < batch_.size() && !stop; ++i) {
      const state_index to = store(batch_words_.data() + i * words_, batch_[i].hash, batch_[i].via);
      if (edge_targets_ && to != no_state && from != no_state) v_.on_edge_target(from, to, batch_[i].via);
    }
    batch_.clear();
    batch_words_.clear();
  }

  void halt(completion why) {
    stop = true;
    r_.status = why;
  }

 private:
  struct pending {
    std::uint64_t hash;
    ir::transition_id via;
  };

  // The index of s, stored now if new; no_state when a limit or the visitor stopped the run.
  state_index store(const std::uint64_t* s, std::uint64_t hash, ir::transition_id via) {
    const state_store::probe p = store_.find(s, hash);
    return p.found != no_state ? p.found : add(p, s, via);
  }

  state_index add(const state_store::probe& p, const std::uint64_t* s, ir::transition_id via) {
    const options& o = e_.opts_;
    if (o.max_states != 0 && store_.size() >= o.max_states) {
      halt(completion::state_limit);
      return no_state;
    }
    if (o.max_memory_bytes != 0 && store_.memory_after_add() > o.max_memory_bytes) {
      halt(completion::memory_limit);
      return no_state;
    }
    const state_index to = store_.add(p, s, from, via);
    if (to == state_store::none) {
      halt(completion::memory_limit);
      return no_state;
    }
    if (depth >= e_.level_starts_.size()) e_.level_starts_.push_back(to);
    r_.max_depth = std::max(r_.max_depth, depth);
    if (from == no_state) {
      ++r_.initial_states;
      v_.on_initial(to);
    }
    if (v_.on_state(to, depth) == control::stop) halt(completion::stopped);
    return to;
  }

  explorer& e_;
  visitor& v_;
  result& r_;
  state_store& store_;
  std::uint32_t words_;
  bool batching_;
  bool edge_targets_;
  std::vector<pending> batch_;
  std::vector<std::uint64_t> batch_words_;
};

namespace {

const ir::model& validated(const ir::model& m) {
  ir::validate(m);
  return m;
}

}  // namespace

explorer::explorer(const ir::model& m, options opts)
    : m_(validated(m)),
      opts_(std::move(opts)),
      compiled_(std::make_unique<ir::compiled_model>(m)),
      exec_(std::make_unique<ir::executor>(*compiled_)),
      store_(std::make_unique<state_store>(m.state_words())),
      canon_(std::max<std::uint32_t>(1, m.state_words()), 0) {
  if (opts_.symmetry) {
    symmetry_ = std::make_unique<symmetry_reducer>(m);
    if (!symmetry_->active()) symmetry_.reset();
  }
}

explorer::~explorer() = default;

const std::uint64_t* explorer::canonical(const std::uint64_t* concrete) {
  if (!symmetry_) return concrete;
  symmetry_->canonicalize(concrete, canon_.data());
  return canon_.data();
}

double explorer::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void explorer::report_progress(std::uint32_t depth) {
  const double now = seconds();
  if (!opts_.on_progress || now - last_progress_ < opts_.progress_interval_seconds) return;
  last_progress_ = now;
  progress p;
  p.states = store_->size();
  p.depth = depth;
  p.elapsed_seconds = now;
  p.states_per_second = now > 0 ? static_cast<double>(p.states) / now : 0;
  p.memory_bytes = store_->memory_bytes();
  opts_.on_progress(p);
}

bool explorer::limits_hit(result* r) {
  if (opts_.time_limit_seconds > 0 && seconds() >= opts_.time_limit_seconds) {
    r->status = completion::time_limit;
    return true;
  }
  return false;
}

result explorer::run() {
  visitor nothing;
  return run(nothing);
}

result explorer::run(visitor& v) {
  PTMC_INVARIANT(!ran_, "an explorer runs once");
  ran_ = true;
  start_ = std::chrono::steady_clock::now();
  result r;
  r.fired.assign(m_.transitions.size(), 0);
  expander x(*this, v, r);
  x.from = no_state;
  x.depth = 0;
  exec_->initial_states(x);
  x.flush();
  std::uint32_t d = 0;  // the depth of `next`
  for (state_index next = 0; !x.stop && next < store_->size(); ++next) {
    while (d + 1 < level_starts_.size() && next >= level_starts_[d + 1]) ++d;
    x.from = next;
    x.depth = d + 1;
    x.moves = 0;
    const ir::run_counts c = exec_->successors(store_->get(next), x);
    x.flush();
    if (!x.stop && x.moves == 0 && c.errors == 0) v.on_terminal(next);
    if ((next & 255) == 255) {
      if (limits_hit(&r)) x.stop = true;
      report_progress(d);
    }
  }
  r.states = store_->size();
  r.peak_memory_bytes = store_->peak_memory_bytes();
  r.elapsed_seconds = seconds();
  return r;
}

std::uint64_t explorer::state_count() const { return store_->size(); }

std::uint64_t explorer::memory_bytes() const { return store_->memory_bytes(); }

const std::uint64_t* explorer::state(state_index s) const {
  PTMC_INVARIANT(s < store_->size(), "state indices name stored states");
  return store_->get(s);
}

state_index explorer::parent(state_index s) const {
  PTMC_INVARIANT(s < store_->size(), "state indices name stored states");
  return store_->parent(s);
}

ir::transition_id explorer::parent_transition(state_index s) const {
  PTMC_INVARIANT(s < store_->size(), "state indices name stored states");
  return store_->via(s);
}

std::uint32_t explorer::depth(state_index s) const {
  PTMC_INVARIANT(s < store_->size(), "state indices name stored states");
  const auto it = std::upper_bound(level_starts_.begin(), level_starts_.end(), s);
  return static_cast<std::uint32_t>(it - level_starts_.begin()) - 1;
}

state_index explorer::level_start(std::uint32_t d) const {
  PTMC_INVARIANT(d <= level_starts_.size(), "levels are numbered 0..level_count()");
  return d == level_starts_.size() ? static_cast<state_index>(store_->size()) : level_starts_[d];
}

// ---------------------------------------------------------------- traces

namespace {

// Finds the first run whose successor's canonical form is `target`, and keeps its details.
class step_matcher final : public ir::successor_sink {
 public:
  step_matcher(const std::uint64_t* target, std::uint32_t words,
               const std::function<const std::uint64_t*(const std::uint64_t*)>& canonical)
      : target_(target), words_(words), canonical_(canonical) {}

  bool found = false;
  trace_step step;

  void on_step(const ir::step_view& s) override {
    if (found) return;
    const std::uint64_t* c = canonical_(s.state);
    if (std::memcmp(c, target_, words_ * sizeof(std::uint64_t)) != 0) return;
    found = true;
    step.transition = s.transition;
    step.choices.assign(s.choices.begin(), s.choices.end());
    for (const auto& e : s.events) {
      const auto args = s.args_of(e);
      step.events.push_back(emitted_event{e.event, std::vector<ir::value>(args.begin(), args.end())});
    }
    step.state.assign(s.state, s.state + words_);
  }
  void on_error(const ir::step_error&) override {}

 private:
  const std::uint64_t* target_;
  std::uint32_t words_;
  const std::function<const std::uint64_t*(const std::uint64_t*)>& canonical_;
};

// Finds a run ending in a model error, preferring one with the given message.
class error_matcher final : public ir::successor_sink {
 public:
  explicit error_matcher(const std::string& message) : message_(message) {}

  bool found = false;
  bool exact = false;
  ir::transition_id transition = 0;
  std::vector<std::uint32_t> choices;
  std::string message;

  void on_step(const ir::step_view&) override {}
  void on_error(const ir::step_error& e) override {
    if (exact) return;
    const bool same = e.message == message_;
    if (found && !same) return;
    found = true;
    exact = same;
    transition = e.transition;
    choices.assign(e.choices.begin(), e.choices.end());
    message = e.message;
  }

 private:
  const std::string& message_;
};

}  // namespace

trace explorer::trace_to(state_index s) {
  PTMC_INVARIANT(s < store_->size(), "traces lead to stored states");
  std::vector<state_index> path;
  for (state_index i = s; i != no_state; i = store_->parent(i)) path.push_back(i);
  std::reverse(path.begin(), path.end());
  const std::uint32_t words = m_.state_words();
  const std::function<const std::uint64_t*(const std::uint64_t*)> canon = [this](const std::uint64_t* c) {
    return canonical(c);
  };

  trace t;
  step_matcher first(store_->get(path.front()), words, canon);
  exec_->initial_states(first);
  PTMC_INVARIANT(first.found, "a stored initial state is reached by the init program");
  t.init_choices = std::move(first.step.choices);
  t.initial = std::move(first.step.state);

  const std::uint64_t* current = t.initial.data();
  for (std::size_t k = 1; k < path.size(); ++k) {
    step_matcher next(store_->get(path[k]), words, canon);
    // The recorded transition first (it is the one without symmetry), then all of them.
    const ir::transition& via = m_.transitions[store_->via(path[k])];
    if (ir::read_slot(current, m_.slots[m_.processes[via.process].pc_slot]) == static_cast<ir::value>(via.pc))
      exec_->for_each_successor(current, store_->via(path[k]), next);
    if (!next.found) exec_->successors(current, next);
    PTMC_INVARIANT(next.found, "each stored state is reached from its parent");
    t.steps.push_back(std::move(next.step));
    current = t.steps.back().state.data();
  }
  return t;
}

trace explorer::trace_to_error(state_index from, const ir::step_error& error) {
  trace t;
  if (from == no_state) {
    t.kind = trace_kind::model_error;
    t.message = error.message;
    t.init_choices.assign(error.choices.begin(), error.choices.end());
    t.initial.assign(m_.state_words(), 0);
    return t;
  }
  t = trace_to(from);
  const ir::packed_state current = t.steps.empty() ? t.initial : t.steps.back().state;
  error_matcher failing(error.message);
  if (!symmetry_) exec_->replay(current.data(), error.transition, error.choices, failing);
  if (!failing.exact) exec_->successors(current.data(), failing);
  PTMC_INVARIANT(failing.found, "a model error reached from a stored state happens again in its concrete form");
  trace_step step;
  step.transition = failing.transition;
  step.choices = std::move(failing.choices);
  step.state = current;
  t.steps.push_back(std::move(step));
  t.kind = trace_kind::model_error;
  t.message = failing.message;
  return t;
}

}  // namespace ptmc::explore

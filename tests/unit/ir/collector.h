// A successor_sink that records every run, for tests.
#pragma once

#include <string>
#include <vector>

#include "ir/exec.h"
#include "ir/state.h"

namespace ptmc::ir::testing {

struct recorded_event {
  std::uint32_t event = 0;
  std::vector<value> args;
  bool operator==(const recorded_event&) const = default;
};

// One run: a successor or a model error.
struct recorded_run {
  transition_id transition = 0;
  std::vector<std::uint32_t> choices;
  bool error = false;
  std::string message;       // error
  packed_state state;        // successor
  std::vector<recorded_event> events;
  bool operator==(const recorded_run&) const = default;
};

class collector final : public successor_sink {
 public:
  explicit collector(std::uint32_t words) : words_(words) {}

  std::vector<recorded_run> runs;

  void on_step(const step_view& s) override {
    recorded_run r;
    r.transition = s.transition;
    r.choices.assign(s.choices.begin(), s.choices.end());
    r.state.assign(s.state, s.state + words_);
    for (const auto& e : s.events) {
      const auto args = s.args_of(e);
      r.events.push_back(recorded_event{e.event, std::vector<value>(args.begin(), args.end())});
    }
    runs.push_back(std::move(r));
  }
  void on_error(const step_error& e) override {
    recorded_run r;
    r.transition = e.transition;
    r.choices.assign(e.choices.begin(), e.choices.end());
    r.error = true;
    r.message = e.message;
    runs.push_back(std::move(r));
  }

 private:
  std::uint32_t words_;
};

}  // namespace ptmc::ir::testing

// Reading ITF back: round trip against the IR's own decoding, foreign ITF, malformed input.
#include "report/itf_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "ir/values.h"
#include "report/itf.h"
#include "report_fixture.h"

namespace ptmc::report {
namespace {

using fixture::make_lasso_trace;
using fixture::make_meta;
using fixture::make_model;
using fixture::make_violation_trace;

const ir::packed_state& state_at(const explore::trace& t, std::size_t i) {
  return i == 0 ? t.initial : t.steps[i - 1].state;
}

const ir::variable& variable_named(const ir::model& m, const std::string& name) {
  for (const ir::variable& v : m.variables) {
    if (v.name == name) return v;
  }
  ADD_FAILURE() << "no variable " << name;
  return m.variables.front();
}

void expect_round_trip(const ir::model& m, const explore::trace& t) {
  std::string error;
  const std::optional<itf_trace> read =
      parse_itf(to_itf_json(m, t, make_meta(m, t)), "trace.itf.json", &error);
  ASSERT_TRUE(read) << error;
  ASSERT_EQ(read->vars.size(), m.variables.size() + 2);  // plus mbt::actionTaken, mbt::nondetPicks
  ASSERT_EQ(read->states.size(), t.steps.size() + 1);
  for (std::size_t i = 0; i < read->states.size(); ++i) {
    const itf_state& state = read->states[i];
    ASSERT_EQ(state.values.size(), read->vars.size());
    for (const std::string& name : read->vars) {
      if (name.rfind("mbt::", 0) == 0) continue;  // the step record, not model state
      const ir::variable& var = variable_named(m, name);
      const itf_value* value = state.find(name);
      ASSERT_NE(value, nullptr) << name;
      // The ITF value, decoded by the reader, reads as the IR's own decoding of the packed state.
      EXPECT_EQ(to_text(*value), ir::to_text(ir::read_variable(m, state_at(t, i).data(), var)))
          << "state " << i << ", " << name;
    }
    EXPECT_EQ(state.loop_start, t.loop_index == static_cast<std::int64_t>(i));
    if (i == 0) {
      EXPECT_EQ(state.step.transition, "init");
      continue;
    }
    const ir::transition& tr = m.transitions[t.steps[i - 1].transition];
    EXPECT_EQ(state.step.transition, tr.name);
    EXPECT_EQ(state.step.process, m.processes[tr.process].name);
    EXPECT_EQ(state.step.source,
              tr.where.file + ":" + std::to_string(tr.where.line) + ":" + std::to_string(tr.where.column));
    EXPECT_EQ(state.step.events.size(), t.steps[i - 1].events.size());
    EXPECT_EQ(state.step.picks.size(), t.steps[i - 1].choices.size());
  }
  EXPECT_EQ(read->loop, t.loop_index);
}

TEST(itf_reader, violation_round_trips) {
  const ir::model m = make_model();
  expect_round_trip(m, make_violation_trace(m));
}

TEST(itf_reader, lasso_round_trips) {
  const ir::model m = make_model();
  expect_round_trip(m, make_lasso_trace(m));
}

TEST(itf_reader, meta_entries_read_as_text) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  std::string error;
  const std::optional<itf_trace> read = parse_itf(to_itf_json(m, t, make_meta(m, t)), "x", &error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->meta_value("format"), "ITF");
  EXPECT_EQ(read->meta_value("chain"), "sigkill-detach, linux-2.6.32");
  EXPECT_EQ(read->meta_value("params"), "NTHREADS=2, MAXENGINES=2");
  EXPECT_EQ(read->meta_value("kind"), "invariant_violation");
  EXPECT_EQ(read->meta_value("absent"), "");
}

TEST(itf_reader, events_and_picks_read_as_text) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  std::string error;
  const std::optional<itf_trace> read = parse_itf(to_itf_json(m, t, make_meta(m, t)), "x", &error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->states[2].step.events,
            (std::vector<std::string>{"wait_stopped(t=Tid(1), sig=SIGSTOP)",
                                      "signals(pending={SIGSTOP, SIGKILL}, group=true, count=1)"}));
  EXPECT_EQ(read->states[2].step.picks,
            (std::vector<std::pair<std::string, std::string>>{{"choice0", "1"}, {"choice1", "0"}}));
  EXPECT_EQ(read->states[3].step.events,
            (std::vector<std::string>{"detach(t=Tid(1), sig=SIGKILL)", "detach(t=Tid(0), sig=none)"}));
}

// Apalache and Quint write plain JSON integers, tuples, variants and unserializable values.
TEST(itf_reader, reads_foreign_itf) {
  const std::string text = R"({
    "#meta": {"format": "ITF", "source": "Counter.tla", "varTypes": {"x": "Int"}},
    "vars": ["x", "pair", "v", "u"],
    "states": [
      {"#meta": {"index": 0}, "x": 1, "pair": {"#tup": [true, "a"]}, "v": {"tag": "Ok", "value": {"#bigint": "-7"}},
       "u": {"#unserializable": "Nat"}},
      {"x": {"#bigint": "123456789012345678901234567890"}, "pair": {"#tup": []}, "v": {"tag": "None", "value": {"#tup": []}},
       "u": {"#map": []}}
    ]
  })";
  std::string error;
  const std::optional<itf_trace> read = parse_itf(text, "Counter.itf.json", &error);
  ASSERT_TRUE(read) << error;
  ASSERT_EQ(read->states.size(), 2U);
  EXPECT_EQ(read->meta_value("varTypes"), "x=Int");
  EXPECT_EQ(to_text(*read->states[0].find("x")), "1");
  EXPECT_EQ(to_text(*read->states[0].find("pair")), "(true, a)");
  EXPECT_EQ(to_text(*read->states[0].find("v")), "Ok(-7)");
  EXPECT_EQ(to_text(*read->states[0].find("u")), "<unserializable Nat>");
  EXPECT_EQ(to_text(*read->states[1].find("x")), "123456789012345678901234567890");
  EXPECT_EQ(to_text(*read->states[1].find("pair")), "()");
  EXPECT_EQ(to_text(*read->states[1].find("v")), "none");
  EXPECT_EQ(read->states[1].step.transition, "");
  EXPECT_EQ(read->loop, -1);
}

TEST(itf_reader, control_characters_are_made_printable) {
  const std::string text =
      "{\"#meta\": {\"message\": \"a\\u001b[31mb\"}, \"vars\": [\"x\"], "
      "\"states\": [{\"x\": \"\\u0007bell\"}]}";
  std::string error;
  const std::optional<itf_trace> read = parse_itf(text, "x", &error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->meta_value("message"), "a\\x1b[31mb");
  EXPECT_EQ(to_text(*read->states[0].find("x")), "\\x07bell");
}

struct malformed_case {
  const char* name;
  std::string text;
  std::string expected_error;  // a substring of the message after "bad.itf.json: error: "
};

std::vector<malformed_case> malformed_cases() {
  const std::string vars = R"("vars": ["x"], )";
  return {
      {"empty", "", "not valid JSON"},
      {"not_json", "hello", "not valid JSON"},
      {"trailing_garbage", R"({"vars": [], "states": [{}]} x)", "not valid JSON"},
      {"top_level_array", "[1, 2]", "the document: expected an ITF object"},
      {"no_vars", R"({"states": [{}]})", "no \"vars\""},
      {"vars_not_array", R"({"vars": "x", "states": [{}]})",
       "vars: expected an array of variable names, found a string"},
      {"var_not_string", R"({"vars": [1], "states": [{}]})", "vars[0]: expected a string, found a number"},
      {"var_twice", R"({"vars": ["x", "x"], "states": [{}]})", "vars[1]: variable \"x\" is listed twice"},
      {"no_states", "{" + vars + R"("x": 1})", "no \"states\""},
      {"states_not_array", "{" + vars + R"("states": {}})",
       "states: expected an array of states, found an object"},
      {"no_state", "{" + vars + R"("states": []})", "states: a trace needs at least one state"},
      {"state_not_object", "{" + vars + R"("states": [3]})",
       "states[0]: expected a state object, found a number"},
      {"missing_variable", "{" + vars + R"("states": [{"x": 1}, {}]})",
       "states[1]: no value for variable \"x\""},
      {"extra_variable", "{" + vars + R"("states": [{"x": 1, "y": 2}]})",
       "states[0]: \"y\" is not one of the \"vars\""},
      {"null_value", "{" + vars + R"("states": [{"x": null}]})",
       "states[0].x: expected an ITF value, found null"},
      {"float_value", "{" + vars + R"("states": [{"x": 1.5}]})", "states[0].x: a number with a fraction"},
      {"bigint_not_string", "{" + vars + R"("states": [{"x": {"#bigint": 5}}]})",
       "states[0].x.#bigint: expected a string"},
      {"bigint_not_digits", "{" + vars + R"("states": [{"x": {"#bigint": "5x"}}]})",
       "\"5x\" is not an integer"},
      {"bigint_empty", "{" + vars + R"("states": [{"x": {"#bigint": "-"}}]})", "\"-\" is not an integer"},
      {"bigint_extra_member", "{" + vars + R"("states": [{"x": {"#bigint": "5", "y": 1}}]})",
       "must have no other member"},
      {"unknown_encoding", "{" + vars + R"("states": [{"x": {"#frob": 1}}]})",
       "unknown ITF encoding \"#frob\""},
      {"set_not_array", "{" + vars + R"("states": [{"x": {"#set": 1}}]})",
       "states[0].x.#set: expected an array"},
      {"map_entry_not_pair", "{" + vars + R"("states": [{"x": {"#map": [[1]]}}]})",
       "states[0].x.#map[0]: expected a [key, value] pair"},
      {"tag_not_string", "{" + vars + R"("states": [{"x": {"tag": 1, "value": 2}}]})",
       "states[0].x.tag: expected a string"},
      {"nested_bad_value", "{" + vars + R"("states": [{"x": {"a": [1, {"b": null}]}}]})",
       "states[0].x.a[1].b: expected an ITF value"},
      {"meta_not_object", R"({"#meta": 1, "vars": [], "states": [{}]})",
       "#meta: expected an object, found a number"},
      {"state_meta_not_object", "{" + vars + R"("states": [{"#meta": [], "x": 1}]})",
       "states[0].#meta: expected an object"},
      {"step_not_object", "{" + vars + R"("states": [{"#meta": {"step": 1}, "x": 1}]})",
       "states[0].#meta.step: expected an object"},
      {"process_not_string", "{" + vars + R"("states": [{"#meta": {"step": {"process": 1}}, "x": 1}]})",
       "states[0].#meta.step.process: expected a string"},
      {"events_not_array", "{" + vars + R"("states": [{"#meta": {"events": {}}, "x": 1}]})",
       "states[0].#meta.events: expected an array of events"},
      {"event_without_name", "{" + vars + R"("states": [{"#meta": {"events": [{"args": {}}]}, "x": 1}]})",
       "states[0].#meta.events[0]: the event has no \"name\""},
      {"event_args_not_object",
       "{" + vars + R"("states": [{"#meta": {"events": [{"name": "e", "args": []}]}, "x": 1}]})",
       "events[0].args: expected an object of arguments"},
      {"picks_not_object", "{" + vars + R"("states": [{"#meta": {"mbt::nondetPicks": 1}, "x": 1}]})",
       "mbt::nondetPicks: expected an object"},
      {"loop_start_not_bool", "{" + vars + R"("states": [{"#meta": {"loop-start": 1}, "x": 1}]})",
       "loop-start: expected a boolean"},
      {"loop_not_integer", "{" + vars + R"("states": [{"x": 1}], "loop": "0"})",
       "loop: expected a state index, found a string"},
      {"loop_out_of_range", "{" + vars + R"("states": [{"x": 1}], "loop": 1})",
       "loop: 1 is not the index of a state (0..0)"},
      {"loop_negative", "{" + vars + R"("states": [{"x": 1}], "loop": -1})",
       "loop: -1 is not the index of a state"},
      {"invalid_utf8", "{" + vars + "\"states\": [{\"x\": \"\xff\xfe\"}]}", "not valid JSON"},
      {"binary_junk", std::string("\x00\x01\x02\xff\x7f{[", 7), "not valid JSON"},
      {"deep_nesting", std::string(100000, '[') + std::string(100000, ']'), "nested more than 256 levels"},
  };
}

TEST(itf_reader, malformed_input_gives_a_located_error) {
  for (const malformed_case& c : malformed_cases()) {
    std::string error;
    EXPECT_FALSE(parse_itf(c.text, "bad.itf.json", &error)) << c.name;
    EXPECT_EQ(error.rfind("bad.itf.json: error: ", 0), 0U) << c.name << ": " << error;
    EXPECT_NE(error.find(c.expected_error), std::string::npos) << c.name << ": " << error;
    EXPECT_EQ(error.find('\n'), std::string::npos) << c.name << ": " << error;
  }
}

TEST(itf_reader, parse_errors_name_line_and_column) {
  std::string error;
  EXPECT_FALSE(parse_itf("{\n  \"vars\": [,]\n}", "f.json", &error));
  EXPECT_NE(error.find("line 2, column 12"), std::string::npos) << error;
}

// Quoted junk in nlohmann's message must not reach the terminal raw.
TEST(itf_reader, parse_error_messages_are_printable) {
  std::string error;
  for (const std::string junk : {"\x1b[2J\x07", "\x9b\xff\xfe", "\"\xc2\x9b\""}) {
    EXPECT_FALSE(parse_itf(junk, "f.json", &error));
    for (const char c : error) {
      const auto byte = static_cast<unsigned char>(c);
      EXPECT_TRUE(byte >= 0x20 && byte < 0x7f) << error;
    }
  }
}

TEST(itf_reader, printable_utf8_is_kept_and_c1_controls_are_escaped) {
  const std::string text = R"({"vars": ["x", "y"], "states": [{"x": "t\u00e2che", "y": "a\u009bb"}]})";
  std::string error;
  const std::optional<itf_trace> read = parse_itf(text, "x", &error);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(to_text(*read->states[0].find("x")),
            "t\xc3\xa2"
            "che");
  EXPECT_EQ(to_text(*read->states[0].find("y")), "a\\xc2\\x9bb");
}

TEST(itf_reader, every_truncation_of_a_trace_is_rejected) {
  const ir::model m = make_model();
  const explore::trace t = make_lasso_trace(m);
  const std::string text = to_itf_json(m, t, make_meta(m, t));
  // Cutting anywhere before the closing brace leaves invalid JSON; the reader must say so. Every cut
  // in the first 256 bytes and near the end, every 7th elsewhere (each parse reads the whole prefix).
  const std::size_t closing = text.rfind('}');
  for (std::size_t length = 0; length < closing; length += (length < 256 || length + 256 > closing) ? 1 : 7) {
    std::string error;
    ASSERT_FALSE(parse_itf(std::string_view(text).substr(0, length), "cut.itf.json", &error)) << length;
    ASSERT_EQ(error.rfind("cut.itf.json: error: ", 0), 0U) << error;
  }
}

// Random byte changes and random junk: the reader accepts or rejects, but never crashes or throws.
TEST(itf_reader, mutated_and_random_input_never_crashes) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  const std::string text = to_itf_json(m, t, make_meta(m, t));
  std::mt19937 random(20240601);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int round = 0; round < 2000; ++round) {
    std::string mutated = text;
    const int changes = 1 + round % 4;
    for (int c = 0; c < changes; ++c) {
      mutated[random() % mutated.size()] = static_cast<char>(byte(random));
    }
    std::string error;
    std::optional<itf_trace> read;
    EXPECT_NO_THROW(read = parse_itf(mutated, "mutated.itf.json", &error));
    if (!read) {
      EXPECT_EQ(error.rfind("mutated.itf.json: error: ", 0), 0U) << error;
    }
  }
  for (int round = 0; round < 500; ++round) {
    std::string junk(random() % 200, '\0');
    for (char& c : junk) c = static_cast<char>(byte(random));
    std::string error;
    EXPECT_NO_THROW(EXPECT_FALSE(parse_itf(junk, "junk", &error)));
  }
}

TEST(itf_reader, unreadable_files_are_errors) {
  std::string error;
  EXPECT_FALSE(read_itf_file("/nonexistent/dir/x.itf.json", &error));
  EXPECT_EQ(error.rfind("/nonexistent/dir/x.itf.json: error: cannot read", 0), 0U) << error;
  const std::filesystem::path dir = std::filesystem::temp_directory_path();
  EXPECT_FALSE(read_itf_file(dir, &error));
  EXPECT_NE(error.find("is a directory"), std::string::npos) << error;
}

// A trace that is not a regular file, or is larger than any trace, is refused before it is read: a FIFO
// would block forever and a huge file would be parsed until memory runs out.
TEST(itf_reader, special_and_oversized_files_are_refused) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ptmc-itf-special-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::filesystem::path fifo = dir / "fifo.itf.json";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  std::string error;
  EXPECT_FALSE(read_itf_file(fifo, &error));
  EXPECT_EQ(error, fifo.string() + ": error: cannot read: is a FIFO, not a regular file");

  const std::filesystem::path big = dir / "big.itf.json";
  { std::ofstream out(big); }
  std::filesystem::resize_file(big, max_itf_bytes + 1);  // sparse
  EXPECT_FALSE(read_itf_file(big, &error));
  EXPECT_EQ(error, big.string() + ": error: cannot read: is larger than 256 MiB");
  std::filesystem::remove_all(dir);
}

TEST(itf_reader, reads_a_file) {
  const ir::model m = make_model();
  const explore::trace t = make_violation_trace(m);
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("ptmc-itf-reader-" + std::to_string(::getpid()) + ".itf.json");
  {
    std::ofstream out(path, std::ios::binary);
    out << to_itf_json(m, t, make_meta(m, t));
  }
  std::string error;
  const std::optional<itf_trace> read = read_itf_file(path, &error);
  std::filesystem::remove(path);
  ASSERT_TRUE(read) << error;
  EXPECT_EQ(read->states.size(), 4U);
}

}  // namespace
}  // namespace ptmc::report

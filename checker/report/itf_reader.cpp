#include "report/itf_reader.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "base/source.h"
#include "report/detail/json_text.h"
#include "report/detail/text.h"

namespace ptmc::report {

namespace {

using detail::join;
using detail::json;
using detail::printable;

// Recursion over values is bounded by this nesting depth, checked on the raw text before parsing.
constexpr std::size_t max_nesting = 256;

// A malformed input: what is wrong, and where in the document.
struct itf_error {
  std::string where;
  std::string what;
};

[[noreturn]] void fail(const std::string& where, std::string what) {
  throw itf_error{where, std::move(what)};
}

// The deepest nesting of arrays and objects in JSON text, counting brackets outside strings.
std::size_t nesting_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false, escaped = false;
  for (const char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::string type_name(const json& j) {
  if (j.is_object()) return "an object";
  if (j.is_array()) return "an array";
  if (j.is_string()) return "a string";
  if (j.is_boolean()) return "a boolean";
  if (j.is_number()) return "a number";
  return "null";
}

const std::string& expect_string(const json& j, const std::string& where) {
  if (!j.is_string()) fail(where, "expected a string, found " + type_name(j));
  return j.get_ref<const std::string&>();
}

void expect_kind(const json& j, bool ok, std::string_view expected, const std::string& where) {
  if (!ok) fail(where, "expected " + std::string(expected) + ", found " + type_name(j));
}

bool is_integer_text(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

itf_value decode_value(const json& j, const std::string& where);

std::vector<itf_value> decode_items(const json& j, const std::string& where) {
  expect_kind(j, j.is_array(), "an array", where);
  std::vector<itf_value> items;
  for (std::size_t i = 0; i < j.size(); ++i)
    items.push_back(decode_value(j[i], where + "[" + std::to_string(i) + "]"));
  return items;
}

itf_value decode_map(const json& j, const std::string& where) {
  expect_kind(j, j.is_array(), "an array of [key, value] pairs", where);
  itf_value v;
  v.k = itf_value::kind::map;
  for (std::size_t i = 0; i < j.size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    if (!j[i].is_array() || j[i].size() != 2) fail(at, "expected a [key, value] pair");
    v.entries.emplace_back(decode_value(j[i][0], at + "[0]"), decode_value(j[i][1], at + "[1]"));
  }
  return v;
}

// An object whose single key starts with '#': one of the ITF encodings.
itf_value decode_encoded(const json& j, const std::string& where) {
  const std::string& key = j.begin().key();
  const json& body = j.begin().value();
  const std::string at = where + "." + key;
  if (j.size() != 1) fail(where, "an object with \"" + printable(key) + "\" must have no other member");
  itf_value v;
  if (key == "#bigint") {
    v.k = itf_value::kind::integer;
    v.text = expect_string(body, at);
    if (!is_integer_text(v.text)) fail(at, "\"" + printable(v.text) + "\" is not an integer");
  } else if (key == "#tup" || key == "#set") {
    v.k = key == "#tup" ? itf_value::kind::tuple : itf_value::kind::set;
    v.items = decode_items(body, at);
  } else if (key == "#map") {
    v = decode_map(body, at);
  } else if (key == "#unserializable") {
    v.k = itf_value::kind::unserializable;
    v.text = expect_string(body, at);
  } else {
    fail(where, "unknown ITF encoding \"" + printable(key) + "\"");
  }
  return v;
}

itf_value decode_object(const json& j, const std::string& where) {
  if (!j.empty() && !j.begin().key().empty() && j.begin().key().front() == '#')
    return decode_encoded(j, where);
  itf_value v;
  if (j.size() == 2 && j.contains("tag") && j.contains("value")) {
    v.k = itf_value::kind::variant;
    v.text = expect_string(j["tag"], where + ".tag");
    v.items.push_back(decode_value(j["value"], where + ".value"));
    return v;
  }
  v.k = itf_value::kind::record;
  for (const auto& [name, member] : j.items()) {
    if (!name.empty() && name.front() == '#') fail(where, "unknown ITF encoding \"" + printable(name) + "\"");
    v.fields.emplace_back(name, decode_value(member, where + "." + name));
  }
  return v;
}

itf_value decode_value(const json& j, const std::string& where) {
  itf_value v;
  switch (j.type()) {
    case json::value_t::boolean:
      v.k = itf_value::kind::boolean;
      v.text = j.get<bool>() ? "true" : "false";
      return v;
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      v.k = itf_value::kind::integer;
      v.text = j.dump();
      return v;
    case json::value_t::string:
      v.k = itf_value::kind::string;
      v.text = j.get<std::string>();
      return v;
    case json::value_t::array:
      v.k = itf_value::kind::list;
      v.items = decode_items(j, where);
      return v;
    case json::value_t::object:
      return decode_object(j, where);
    case json::value_t::number_float:
      fail(where,
           "a number with a fraction or exponent, or beyond 64 bits, is not an ITF value (integers beyond "
           "64 bits are written {\"#bigint\": \"...\"})");
    case json::value_t::null:
    case json::value_t::binary:
    case json::value_t::discarded:
      break;
  }
  fail(where, "expected an ITF value, found " + type_name(j));
}

// Text of a "#meta" entry (see parse_itf in the header).
std::string meta_text(const json& j) {
  if (j.is_string()) return printable(j.get<std::string>());
  if (j.is_array()) {
    std::vector<std::string> parts;
    for (const json& e : j)
      parts.push_back(e.is_structured() ? detail::to_compact_json_text(e) : meta_text(e));
    return printable(join(parts, ", "));
  }
  if (j.is_object()) {
    std::vector<std::string> parts;
    for (const auto& [key, e] : j.items()) {
      parts.push_back(key + "=" + (e.is_structured() ? detail::to_compact_json_text(e) : meta_text(e)));
    }
    return printable(join(parts, ", "));
  }
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

const json* member(const json& object, std::string_view key) {
  const auto it = object.find(std::string(key));
  return it == object.end() ? nullptr : &*it;
}

std::string optional_string(const json& object, std::string_view key, const std::string& where) {
  const json* j = member(object, key);
  return j == nullptr ? std::string() : printable(expect_string(*j, where + "." + std::string(key)));
}

std::string event_text(const json& e, const std::string& where) {
  expect_kind(e, e.is_object(), "an event object {name, args}", where);
  const json* name = member(e, "name");
  if (name == nullptr) fail(where, "the event has no \"name\"");
  std::string text = printable(expect_string(*name, where + ".name")) + "(";
  if (const json* args = member(e, "args")) {
    expect_kind(*args, args->is_object(), "an object of arguments", where + ".args");
    std::vector<std::string> parts;
    for (const auto& [param, value] : args->items()) {
      parts.push_back(printable(param) + "=" + to_text(decode_value(value, where + ".args." + param)));
    }
    text += join(parts, ", ");
  }
  return text + ")";
}

void read_state_meta(const json& meta, const std::string& where, itf_state& state) {
  expect_kind(meta, meta.is_object(), "an object", where);
  if (const json* step = member(meta, "step")) {
    expect_kind(*step, step->is_object(), "an object {process, transition, source}", where + ".step");
    state.step.process = optional_string(*step, "process", where + ".step");
    state.step.transition = optional_string(*step, "transition", where + ".step");
    state.step.source = optional_string(*step, "source", where + ".step");
  }
  if (state.step.transition.empty()) state.step.transition = optional_string(meta, "mbt::actionTaken", where);
  if (const json* events = member(meta, "events")) {
    expect_kind(*events, events->is_array(), "an array of events", where + ".events");
    for (std::size_t i = 0; i < events->size(); ++i) {
      state.step.events.push_back(event_text((*events)[i], where + ".events[" + std::to_string(i) + "]"));
    }
  }
  if (const json* picks = member(meta, "mbt::nondetPicks")) {
    expect_kind(*picks, picks->is_object(), "an object", where + ".mbt::nondetPicks");
    for (const auto& [name, value] : picks->items()) {
      state.step.picks.emplace_back(printable(name),
                                    to_text(decode_value(value, where + ".mbt::nondetPicks." + name)));
    }
  }
  if (const json* loop_start = member(meta, "loop-start")) {
    expect_kind(*loop_start, loop_start->is_boolean(), "a boolean", where + ".loop-start");
    state.loop_start = loop_start->get<bool>();
  }
  if (const json* trigger = member(meta, "trigger")) {
    expect_kind(*trigger, trigger->is_boolean(), "a boolean", where + ".trigger");
    state.trigger = trigger->get<bool>();
  }
}

std::vector<std::string> read_vars(const json& doc) {
  const json* vars = member(doc, "vars");
  if (vars == nullptr) fail("", "no \"vars\" (the variable names)");
  expect_kind(*vars, vars->is_array(), "an array of variable names", "vars");
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (std::size_t i = 0; i < vars->size(); ++i) {
    const std::string& name = expect_string((*vars)[i], "vars[" + std::to_string(i) + "]");
    if (!seen.insert(name).second)
      fail("vars[" + std::to_string(i) + "]", "variable \"" + printable(name) + "\" is listed twice");
    names.push_back(name);
  }
  return names;
}

itf_state read_state(const json& j, const std::vector<std::string>& vars, const std::string& where) {
  expect_kind(j, j.is_object(), "a state object", where);
  itf_state state;
  if (const json* meta = member(j, "#meta")) read_state_meta(*meta, where + ".#meta", state);
  for (const std::string& var : vars) {
    const json* value = member(j, var);
    if (value == nullptr) fail(where, "no value for variable \"" + printable(var) + "\"");
    state.values.emplace_back(printable(var), decode_value(*value, where + "." + var));
  }
  if (j.size() > vars.size() + (member(j, "#meta") != nullptr ? 1 : 0)) {
    for (const auto& [key, value] : j.items()) {
      if (key != "#meta" && std::find(vars.begin(), vars.end(), key) == vars.end()) {
        fail(where, "\"" + printable(key) + "\" is not one of the \"vars\"");
      }
    }
  }
  return state;
}

std::vector<itf_state> read_states(const json& doc, const std::vector<std::string>& vars) {
  const json* states = member(doc, "states");
  if (states == nullptr) fail("", "no \"states\"");
  expect_kind(*states, states->is_array(), "an array of states", "states");
  if (states->empty()) fail("states", "a trace needs at least one state");
  std::vector<itf_state> out;
  for (std::size_t i = 0; i < states->size(); ++i) {
    out.push_back(read_state((*states)[i], vars, "states[" + std::to_string(i) + "]"));
  }
  return out;
}

std::int64_t read_loop(const json& doc, std::size_t state_count) {
  const json* loop = member(doc, "loop");
  if (loop == nullptr) return -1;
  if (!loop->is_number_integer()) fail("loop", "expected a state index, found " + type_name(*loop));
  const auto index = loop->get<std::int64_t>();
  if (index < 0 || static_cast<std::size_t>(index) >= state_count) {
    fail("loop",
         std::to_string(index) + " is not the index of a state (0.." + std::to_string(state_count - 1) + ")");
  }
  return index;
}

itf_trace read_document(const json& doc) {
  expect_kind(doc, doc.is_object(), "an ITF object {\"#meta\", \"vars\", \"states\"}", "the document");
  itf_trace trace;
  if (const json* meta = member(doc, "#meta")) {
    expect_kind(*meta, meta->is_object(), "an object", "#meta");
    for (const auto& [key, value] : meta->items()) trace.meta.emplace_back(printable(key), meta_text(value));
  }
  const std::vector<std::string> vars = read_vars(doc);
  for (const std::string& var : vars) trace.vars.push_back(printable(var));
  trace.states = read_states(doc, vars);
  trace.loop = read_loop(doc, trace.states.size());
  return trace;
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1, column 2: ";
// keep the line and column and the reason, and make the bytes it quotes printable.
std::string parse_error_text(const std::string& message) {
  std::string text = message;
  const std::size_t bracket = text.find("] ");
  if (bracket != std::string::npos) text = text.substr(bracket + 2);
  return printable(text);
}

std::string format_error(std::string_view file_name, const itf_error& e) {
  std::string out = std::string(file_name) + ": error: ";
  if (!e.where.empty()) out += printable(e.where) + ": ";
  return out + e.what;
}

}  // namespace

std::string to_text(const itf_value& v) {
  auto joined = [](const std::vector<itf_value>& items) {
    std::vector<std::string> parts;
    for (const itf_value& item : items) parts.push_back(to_text(item));
    return join(parts, ", ");
  };
  switch (v.k) {
    case itf_value::kind::boolean:
    case itf_value::kind::integer:
      return v.text;
    case itf_value::kind::string:
      return printable(v.text);
    case itf_value::kind::list:
      return "[" + joined(v.items) + "]";
    case itf_value::kind::tuple:
      return "(" + joined(v.items) + ")";
    case itf_value::kind::set:
      return "{" + joined(v.items) + "}";
    case itf_value::kind::unserializable:
      return "<unserializable " + printable(v.text) + ">";
    case itf_value::kind::map: {
      std::vector<std::string> parts;
      for (const auto& [key, value] : v.entries) parts.push_back(to_text(key) + ": " + to_text(value));
      return "[" + join(parts, ", ") + "]";
    }
    case itf_value::kind::record: {
      std::vector<std::string> parts;
      for (const auto& [name, value] : v.fields) parts.push_back(printable(name) + ": " + to_text(value));
      return "{" + join(parts, ", ") + "}";
    }
    case itf_value::kind::variant: {
      const itf_value& inner = v.items.front();
      if (v.text == "None" && inner.k == itf_value::kind::tuple && inner.items.empty()) return "none";
      if (v.text == "Some") return to_text(inner);
      if (inner.k == itf_value::kind::tuple && inner.items.empty()) return printable(v.text);
      if (inner.k == itf_value::kind::tuple) return printable(v.text) + to_text(inner);  // Tag(a, b)
      return printable(v.text) + "(" + to_text(inner) + ")";
    }
  }
  return v.text;
}

const itf_value* itf_state::find(std::string_view var) const {
  for (const auto& [name, value] : values) {
    if (name == var) return &value;
  }
  return nullptr;
}

std::string itf_trace::meta_value(std::string_view key) const {
  for (const auto& [name, value] : meta) {
    if (name == key) return value;
  }
  return {};
}

std::optional<itf_trace> parse_itf(std::string_view text, std::string_view file_name, std::string* error) {
  try {
    if (nesting_depth(text) > max_nesting) {
      fail("", "values are nested more than " + std::to_string(max_nesting) + " levels deep");
    }
    json doc;
    try {
      doc = json::parse(text.begin(), text.end(), nullptr, true, false);
    } catch (const json::parse_error& e) {
      fail("", "not valid JSON: " + parse_error_text(e.what()));
    }
    return read_document(doc);
  } catch (const itf_error& e) {
    if (error != nullptr) *error = format_error(file_name, e);
  } catch (const json::exception& e) {
    // Defensive: every access above checks types first, so this means a reader bug, not bad input.
    if (error != nullptr)
      *error = std::string(file_name) + ": error: unexpected JSON shape: " + printable(e.what());
  }
  return std::nullopt;
}

std::optional<itf_trace> read_itf_file(const std::filesystem::path& path, std::string* error) {
  std::string text;
  std::string reason;
  if (!read_regular_file(path.string(), max_itf_bytes, &text, &reason)) {
    if (error != nullptr) *error = path.string() + ": error: cannot read: " + reason;
    return std::nullopt;
  }
  return parse_itf(text, path.string(), error);
}

}  // namespace ptmc::report

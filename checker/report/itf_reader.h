// Reading ITF JSON back (ours or any ADR-015 file from Apalache or Quint) into a neutral structure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ptmc::report {

// An ITF value, decoded from its JSON encoding.
struct itf_value {
  enum class kind {
    boolean,         // text: "true" / "false"
    integer,         // text: decimal digits with an optional '-' ({"#bigint"} or a JSON integer)
    string,          // text: the string (enum constants, symmetric ids "Tid(1)")
    list,            // items
    tuple,           // items ({"#tup"})
    set,             // items ({"#set"}), in file order
    map,             // entries ({"#map"}), in file order
    record,          // fields, in file order
    variant,         // text: the tag; items: [the value] ({"tag", "value"})
    unserializable,  // text: the description ({"#unserializable"})
  };
  kind k = kind::string;
  std::string text;
  std::vector<itf_value> items;
  std::vector<std::pair<itf_value, itf_value>> entries;
  std::vector<std::pair<std::string, itf_value>> fields;

  bool operator==(const itf_value&) const = default;
};

// The value as reviewers read it, in the notation of ir::to_text (values.h): `true`, `3`,
// `SIGSTOP`, `{SIGSTOP, SIGCONT}` (sets), `[Tid(0): RUNNING, Tid(1): STOPPED]` (maps),
// `{state: RUNNING, pending: {}}` (records), `[a, b]` (lists), `(a, b)` (tuples), `none` or the
// value itself (optionals), `Tag(v)` or `Tag(a, b)` (other variants). Strings are made printable:
// control characters and bytes that are not UTF-8 show as \xNN.
std::string to_text(const itf_value& v);

// The step that led to a state, from the state's "#meta" (empty fields when the file has none).
struct itf_step {
  std::string process;
  std::string transition;                                  // "step"."transition", else "mbt::actionTaken"
  std::string source;                                      // "file:line:col"
  std::vector<std::string> events;                         // each as `name(param=value, ...)`
  std::vector<std::pair<std::string, std::string>> picks;  // "mbt::nondetPicks": name -> value text
};

struct itf_state {
  std::vector<std::pair<std::string, itf_value>> values;  // one per var, in the order of `vars`
  itf_step step;
  bool loop_start = false;  // "#meta"."loop-start"
  bool trigger = false;     // "#meta"."trigger": a leads-to property's trigger holds here

  // The value of a variable; nullptr if the state has no such variable.
  const itf_value* find(std::string_view var) const;
};

struct itf_trace {
  std::vector<std::pair<std::string, std::string>> meta;  // top-level "#meta": key -> value text
  std::vector<std::string> vars;
  std::vector<itf_state> states;  // at least one
  std::int64_t loop = -1;         // "loop", or -1 when the trace is not a lasso

  // The text of a top-level "#meta" entry; "" if absent.
  std::string meta_value(std::string_view key) const;
};

// Parses ITF text. On malformed input returns nothing and sets *error (if not null) to a one-line
// "<file_name>: error: <where>: <what>" message, <where> a path such as `states[2].task.#map[1]`
// (or a line and column for text that is not JSON); never crashes, whatever the bytes. The text
// of a "#meta" entry is the string itself for strings, the JSON text of numbers and booleans,
// "a, b" for arrays of scalars, "k=v, k2=v2" for objects of scalars, and compact JSON otherwise.
std::optional<itf_trace> parse_itf(std::string_view text, std::string_view file_name, std::string* error);

// The largest ITF file that is read. Traces of the bundled models are far smaller; a larger file is an
// error rather than a parse that runs the machine out of memory.
inline constexpr std::size_t max_itf_bytes = std::size_t{256} << 20;

// Reads and parses an ITF file; errors as parse_itf (including a file that cannot be read, one that is
// not a regular file, and one larger than max_itf_bytes).
std::optional<itf_trace> read_itf_file(const std::filesystem::path& path, std::string* error);

}  // namespace ptmc::report

#include "report/detail/json_text.h"

#include <cstddef>

namespace ptmc::report::detail {

namespace {

constexpr std::size_t line_width = 100;

std::string scalar_text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

void append_compact(std::string& out, const json& value) {
  if (value.is_object()) {
    out += '{';
    bool first = true;
    for (const auto& [key, member] : value.items()) {
      if (!first) out += ", ";
      first = false;
      out += scalar_text(json(key));
      out += ": ";
      append_compact(out, member);
    }
    out += '}';
  } else if (value.is_array()) {
    out += '[';
    bool first = true;
    for (const json& element : value) {
      if (!first) out += ", ";
      first = false;
      append_compact(out, element);
    }
    out += ']';
  } else {
    out += scalar_text(value);
  }
}

// Appends `value`, which starts at column `column` of a line indented by `indent`.
void append_pretty(std::string& out, const json& value, std::size_t indent, std::size_t column) {
  std::string compact;
  append_compact(compact, value);
  // +1 for the comma that may follow.
  if (!value.is_structured() || value.empty() || column + compact.size() + 1 <= line_width) {
    out += compact;
    return;
  }
  const std::string inner(indent + 2, ' ');
  out += value.is_object() ? "{\n" : "[\n";
  bool first = true;
  if (value.is_object()) {
    for (const auto& [key, member] : value.items()) {
      if (!first) out += ",\n";
      first = false;
      const std::string key_text = scalar_text(json(key)) + ": ";
      out += inner + key_text;
      append_pretty(out, member, indent + 2, inner.size() + key_text.size());
    }
  } else {
    for (const json& element : value) {
      if (!first) out += ",\n";
      first = false;
      out += inner;
      append_pretty(out, element, indent + 2, inner.size());
    }
  }
  out += '\n' + std::string(indent, ' ') + (value.is_object() ? "}" : "]");
}

}  // namespace

std::string to_json_text(const json& value) {
  std::string out;
  append_pretty(out, value, 0, 0);
  out += '\n';
  return out;
}

std::string to_compact_json_text(const json& value) {
  std::string out;
  append_compact(out, value);
  return out;
}

}  // namespace ptmc::report::detail

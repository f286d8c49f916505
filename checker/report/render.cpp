#include "report/render.h"

#include <cstdint>
#include <vector>

#include "report/detail/text.h"

namespace ptmc::report {

namespace {

using detail::printable;

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (const char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

// "file:line:col" -> "file:line"; anything else unchanged.
std::string file_and_line(const std::string& source) {
  const std::size_t last = source.rfind(':');
  if (last == std::string::npos || last == 0 || !all_digits(std::string_view(source).substr(last + 1)))
    return source;
  const std::size_t before = source.rfind(':', last - 1);
  if (before == std::string::npos ||
      !all_digits(std::string_view(source).substr(before + 1, last - before - 1))) {
    return source;
  }
  return source.substr(0, last);
}

void header_line(std::string& out, std::string_view label, const std::string& value) {
  if (!value.empty()) out += std::string(label) + ": " + value + "\n";
}

// "model: X (extends Y, Z)" when the chain names bases beyond the model itself.
std::string model_text(const itf_trace& trace) {
  const std::string model = trace.meta_value("model");
  const std::string chain = trace.meta_value("chain");
  const std::string own = model + ", ";
  if (!model.empty() && chain.size() > own.size() && chain.compare(0, own.size(), own) == 0) {
    return model + " (extends " + chain.substr(own.size()) + ")";
  }
  return model;
}

std::string render_header(const itf_trace& trace) {
  std::string out;
  std::string property = trace.meta_value("property");
  const std::string property_kind = trace.meta_value("property-kind");
  if (!property.empty() && !property_kind.empty()) property += " (" + property_kind + ")";
  header_line(out, "property", property);
  header_line(out, "doc", trace.meta_value("property-doc"));
  header_line(out, "kind", trace.meta_value("kind"));
  header_line(out, "message", trace.meta_value("message"));
  header_line(out, "model", model_text(trace));
  header_line(out, "params", trace.meta_value("params"));
  header_line(out, "scenario", trace.meta_value("scenario"));
  if (trace.meta_value("model").empty()) {  // not written by ptmc: say where it came from
    header_line(out, "source", trace.meta_value("source"));
    header_line(out, "description", trace.meta_value("description"));
  }
  return out;
}

bool same_field_names(const itf_value& a, const itf_value& b) {
  if (a.fields.size() != b.fields.size()) return false;
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].first != b.fields[i].first) return false;
  }
  return true;
}

bool same_keys(const itf_value& a, const itf_value& b) {
  if (a.entries.size() != b.entries.size()) return false;
  for (std::size_t i = 0; i < a.entries.size(); ++i) {
    if (a.entries[i].first != b.entries[i].first) return false;
  }
  return true;
}

// Appends "  path: old -> new" for each smallest part of a value that changed: records, maps and
// optionals holding a value before and after are entered, so that an unchanged sibling is never repeated.
void append_changes(const std::string& path, const itf_value& before, const itf_value& after,
                    std::string& out) {
  if (before == after) return;
  using kind = itf_value::kind;
  if (before.k == kind::record && after.k == kind::record && same_field_names(before, after)) {
    for (std::size_t i = 0; i < before.fields.size(); ++i) {
      append_changes(path + "." + printable(before.fields[i].first), before.fields[i].second,
                     after.fields[i].second, out);
    }
  } else if (before.k == kind::map && after.k == kind::map && same_keys(before, after)) {
    for (std::size_t i = 0; i < before.entries.size(); ++i) {
      append_changes(path + "[" + to_text(before.entries[i].first) + "]", before.entries[i].second,
                     after.entries[i].second, out);
    }
  } else if (before.k == kind::variant && after.k == kind::variant && before.text == "Some" &&
             after.text == "Some") {
    // An optional reads as its value (to_text), so its path is the optional's own.
    append_changes(path, before.items.front(), after.items.front(), out);
  } else {
    out += "  " + path + ": " + to_text(before) + " -> " + to_text(after) + "\n";
  }
}

// Quint's mbt:: entries record the step taken, not the model's state.
bool is_step_record(const std::string& name) { return name.rfind("mbt::", 0) == 0; }

std::string step_title(std::size_t number, const itf_step& step) {
  std::string title = "Step " + std::to_string(number) + ":";
  if (!step.process.empty()) title += " " + step.process;
  if (!step.transition.empty()) title += " " + step.transition;
  if (!step.source.empty()) title += "  (" + file_and_line(step.source) + ")";
  return title + "\n";
}

std::string render_step(std::size_t number, const itf_state& before, const itf_state& after) {
  std::string out = step_title(number, after.step);
  if (!after.step.events.empty()) out += "  events: " + detail::join(after.step.events, ", ") + "\n";
  std::string changes;
  for (std::size_t i = 0; i < after.values.size() && i < before.values.size(); ++i) {
    if (is_step_record(after.values[i].first)) continue;  // shown in the step title already
    append_changes(after.values[i].first, before.values[i].second, after.values[i].second, changes);
  }
  out += changes.empty() ? "  (no variable changed)\n" : changes;
  return out;
}

// "  var: value", or for a non-empty map one line per element: "  var[key]: value".
void append_initial(const std::string& name, const itf_value& value, std::string& out) {
  if (value.k != itf_value::kind::map || value.entries.empty()) {
    out += "  " + name + ": " + to_text(value) + "\n";
    return;
  }
  for (const auto& [key, element] : value.entries)
    out += "  " + name + "[" + to_text(key) + "]: " + to_text(element) + "\n";
}

}  // namespace

std::string render_text(const itf_trace& trace) {
  std::string out = render_header(trace);
  if (!out.empty()) out += "\n";
  // Markers go before the block that shows the state they are about.
  const auto markers = [&](std::size_t i) {
    if (trace.states[i].trigger) out += "-- the trigger holds here --\n";
    if (trace.loop == static_cast<std::int64_t>(i)) out += "-- loop starts here --\n";
  };
  if (trace.states.empty()) return out;
  markers(0);
  out += "Initial state:\n";
  for (const auto& [name, value] : trace.states.front().values)
    if (!is_step_record(name)) append_initial(name, value, out);
  for (std::size_t i = 1; i < trace.states.size(); ++i) {
    out += "\n";
    markers(i);
    out += render_step(i, trace.states[i - 1], trace.states[i]);
  }
  if (trace.loop >= 0) out += "-- back to state " + std::to_string(trace.loop) + " --\n";
  return out;
}

}  // namespace ptmc::report

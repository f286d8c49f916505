#include "report/itf.h"

#include <algorithm>

#include "base/invariant.h"
#include "base/version.h"
#include "ir/state.h"
#include "ir/values.h"
#include "report/detail/json_text.h"

namespace ptmc::report {

namespace {

using detail::json;

constexpr std::string_view format_description = "https://apalache-mc.org/docs/adr/015adr-trace.html";

json bigint(std::int64_t n) { return json{{"#bigint", std::to_string(n)}}; }

std::string symmetric_name(const ir::type& t, ir::value v) {
  return t.name + "(" + std::to_string(v - t.lo) + ")";
}

std::string enum_name(const ir::type& t, ir::value v) {
  const ir::value index = v - t.lo;
  if (index >= 0 && static_cast<std::size_t>(index) < t.value_names.size()) {
    return t.value_names[static_cast<std::size_t>(index)];
  }
  return std::to_string(v);
}

json none_json() { return json{{"tag", "None"}, {"value", json{{"#tup", json::array()}}}}; }
json some_json(json inner) { return json{{"tag", "Some"}, {"value", std::move(inner)}}; }

// A single value of a scalar type (as it sits in a slot or an event argument).
json scalar_json(const ir::model& m, ir::type_id type, ir::value v) {
  const ir::type& t = m.types.at(type);
  switch (t.kind) {
    case ir::type_kind::boolean:
      return json(v != 0);
    case ir::type_kind::enumeration:
      return json(enum_name(t, v));
    case ir::type_kind::symmetric:
      return json(symmetric_name(t, v));
    case ir::type_kind::set: {
      const ir::type& elem = m.types.at(t.elem);
      json members = json::array();
      const auto mask = static_cast<std::uint64_t>(v);
      for (ir::value i = 0; i < elem.domain_size() && i < 64; ++i) {
        if ((mask >> i) & 1U) members.push_back(scalar_json(m, t.elem, elem.lo + i));
      }
      return json{{"#set", std::move(members)}};
    }
    case ir::type_kind::optional:
      return v == ir::none_value ? none_json() : some_json(scalar_json(m, t.elem, v));
    case ir::type_kind::range:
    case ir::type_kind::array:
    case ir::type_kind::record:
    case ir::type_kind::list:
      break;
  }
  return bigint(v);
}

// The key of index `i` (0-based) of an array's index domain.
json index_json(const ir::model& m, ir::type_id index_type, ir::value i) {
  return scalar_json(m, index_type, m.types.at(index_type).lo + i);
}

json value_json(const ir::model& m, ir::type_id type, const ir::structured_value& v);

json set_json(const ir::model& m, const ir::type& t, const ir::structured_value& v) {
  std::vector<const ir::structured_value*> members;
  for (const ir::structured_value& e : v.elems) members.push_back(&e);
  std::stable_sort(members.begin(), members.end(),
                   [](const auto* a, const auto* b) { return a->scalar < b->scalar; });
  json out = json::array();
  for (const ir::structured_value* e : members) out.push_back(value_json(m, t.elem, *e));
  return json{{"#set", std::move(out)}};
}

json array_json(const ir::model& m, const ir::type& t, const ir::structured_value& v) {
  const auto size = static_cast<std::size_t>(m.types.at(t.index).domain_size());
  const bool by_elems = v.elems.size() == size;
  PTMC_INVARIANT(by_elems || v.fields.size() == size, "read_variable gives one element per array index");
  json entries = json::array();
  for (std::size_t i = 0; i < size; ++i) {
    const ir::structured_value& element = by_elems ? v.elems[i] : v.fields[i].second;
    entries.push_back(
        json::array({index_json(m, t.index, static_cast<ir::value>(i)), value_json(m, t.elem, element)}));
  }
  return json{{"#map", std::move(entries)}};
}

json record_json(const ir::model& m, const ir::type& t, const ir::structured_value& v) {
  PTMC_INVARIANT(v.fields.size() == t.fields.size(), "read_variable gives every record field");
  json out = json::object();
  for (std::size_t i = 0; i < t.fields.size(); ++i) {
    out[t.fields[i].first] = value_json(m, t.fields[i].second, v.fields[i].second);
  }
  return out;
}

json list_json(const ir::model& m, const ir::type& t, const ir::structured_value& v) {
  json out = json::array();
  for (const ir::structured_value& e : v.elems) out.push_back(value_json(m, t.elem, e));
  return out;
}

json optional_json(const ir::model& m, const ir::type& t, const ir::structured_value& v) {
  if (v.k == ir::structured_value::kind::none) return none_json();
  PTMC_INVARIANT(v.k == ir::structured_value::kind::some && v.elems.size() == 1,
                 "an optional reads as none or some with one inner value");
  return some_json(value_json(m, t.elem, v.elems.front()));
}

// Walks the type beside the value: the type knows the array keys and the record field order.
json value_json(const ir::model& m, ir::type_id type, const ir::structured_value& v) {
  const ir::type& t = m.types.at(type);
  switch (t.kind) {
    case ir::type_kind::boolean:
      return json(v.scalar != 0);
    case ir::type_kind::range:
      return bigint(v.scalar);
    case ir::type_kind::enumeration:
      return json(v.name.empty() ? enum_name(t, v.scalar) : v.name);
    case ir::type_kind::symmetric:
      return json(v.name.empty() ? symmetric_name(t, v.scalar) : v.name);
    case ir::type_kind::set:
      return set_json(m, t, v);
    case ir::type_kind::array:
      return array_json(m, t, v);
    case ir::type_kind::record:
      return record_json(m, t, v);
    case ir::type_kind::list:
      return list_json(m, t, v);
    case ir::type_kind::optional:
      return optional_json(m, t, v);
  }
  PTMC_UNREACHABLE("every type kind is handled");
}

// Globals first, then process locals, pcs and monitors; declaration order within each group.
std::vector<const ir::variable*> vars_in_itf_order(const ir::model& m) {
  std::vector<const ir::variable*> vars;
  for (const ir::variable& v : m.variables) vars.push_back(&v);
  std::stable_partition(vars.begin(), vars.end(),
                        [](const ir::variable* v) { return v->kind == ir::var_kind::global; });
  return vars;
}

std::string source_text(const ir::source_loc& where) {
  return where.file + ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
}

json picks_json(const std::vector<std::uint32_t>& choices) {
  json picks = json::object();
  for (std::size_t i = 0; i < choices.size(); ++i) picks["choice" + std::to_string(i)] = bigint(choices[i]);
  return picks;
}

json event_json(const ir::model& m, const explore::emitted_event& e) {
  PTMC_INVARIANT(e.event < m.events.size(), "trace events refer to the model's events");
  const ir::event_decl& decl = m.events[e.event];
  PTMC_INVARIANT(
      e.args.size() == decl.param_names.size() && decl.param_types.size() == decl.param_names.size(),
      "an emitted event has one argument per declared parameter");
  json args = json::object();
  for (std::size_t i = 0; i < e.args.size(); ++i) {
    args[decl.param_names[i]] = scalar_json(m, decl.param_types[i], e.args[i]);
  }
  return json{{"name", decl.name}, {"args", std::move(args)}};
}

json step_meta(const ir::model& m, const explore::trace_step& step, std::size_t index) {
  PTMC_INVARIANT(step.transition < m.transitions.size(), "trace steps refer to the model's transitions");
  const ir::transition& tr = m.transitions[step.transition];
  PTMC_INVARIANT(tr.process < m.processes.size(), "a transition belongs to a process of the model");
  json events = json::array();
  for (const explore::emitted_event& e : step.events) events.push_back(event_json(m, e));
  json meta = json::object();
  meta["index"] = index;
  meta["step"] = json{
      {"process", m.processes[tr.process].name}, {"transition", tr.name}, {"source", source_text(tr.where)}};
  meta["events"] = std::move(events);
  meta["mbt::actionTaken"] = tr.name;
  meta["mbt::nondetPicks"] = picks_json(step.choices);
  return meta;
}

// Quint's model-based-testing convention: the action and the nondeterministic picks as state
// entries (listed in "vars"), each pick an optional ({"tag": "Some", "value": ...}).
json quint_picks(const json& picks) {
  json out = json::object();
  for (const auto& [name, value] : picks.items()) out[name] = json{{"tag", "Some"}, {"value", value}};
  return out;
}

json state_json(const ir::model& m, const std::vector<const ir::variable*>& vars,
                const ir::packed_state& state, json meta) {
  PTMC_INVARIANT(state.size() >= m.state_words(), "trace states have the model's state size");
  json out = json::object();
  out["#meta"] = meta;
  for (const ir::variable* var : vars)
    out[var->name] = value_json(m, var->type, ir::read_variable(m, state.data(), *var));
  out["mbt::actionTaken"] = meta["mbt::actionTaken"];
  out["mbt::nondetPicks"] = quint_picks(meta["mbt::nondetPicks"]);
  return out;
}

json states_json(const ir::model& m, const explore::trace& t) {
  const std::vector<const ir::variable*> vars = vars_in_itf_order(m);
  json states = json::array();
  json initial_meta =
      json{{"index", 0}, {"mbt::actionTaken", "init"}, {"mbt::nondetPicks", picks_json(t.init_choices)}};
  states.push_back(state_json(m, vars, t.initial, std::move(initial_meta)));
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    states.push_back(state_json(m, vars, t.steps[i].state, step_meta(m, t.steps[i], i + 1)));
  }
  if (t.kind == explore::trace_kind::lasso) {
    PTMC_INVARIANT(t.loop_index >= 0 && static_cast<std::size_t>(t.loop_index) < states.size(),
                   "a lasso's loop index is one of its states");
    states[static_cast<std::size_t>(t.loop_index)]["#meta"]["loop-start"] = true;
  }
  if (t.trigger_index >= 0) {
    PTMC_INVARIANT(static_cast<std::size_t>(t.trigger_index) < states.size(),
                   "a leads-to trace's trigger index is one of its states");
    states[static_cast<std::size_t>(t.trigger_index)]["#meta"]["trigger"] = true;
  }
  return states;
}

json top_meta(const explore::trace& t, const trace_meta& meta) {
  const std::string property = meta.property.empty() ? t.property : meta.property;
  json params = json::object();
  for (const auto& [name, value] : meta.params) params[name] = value;
  json out = json::object();
  out["format"] = "ITF";
  out["format-description"] = format_description;
  out["source"] = meta.sources.empty() ? std::string() : meta.sources.front();
  out["description"] = "ptmc counterexample (" + std::string(to_string(t.kind)) + ") for " + property +
                       " in model " + meta.model;
  out["ptmc-version"] = meta.ptmc_version.empty() ? std::string(version()) : meta.ptmc_version;
  out["model"] = meta.model;
  out["chain"] = meta.chain;
  if (!meta.proposal.empty()) out["proposal"] = meta.proposal;
  if (!meta.scenario.empty()) out["scenario"] = meta.scenario;
  out["property"] = property;
  out["property-kind"] = meta.property_kind;
  if (!meta.property_doc.empty()) out["property-doc"] = meta.property_doc;
  out["kind"] = to_string(t.kind);
  out["message"] = t.message;
  if (t.trigger_index >= 0) out["trigger-state"] = t.trigger_index;
  out["params"] = std::move(params);
  out["sources"] = meta.sources;
  if (meta.env_calls >= 0) out["env-calls"] = meta.env_calls;
  return out;
}

}  // namespace

trace_meta meta_from_model(const ir::model& m) {
  trace_meta meta;
  meta.model = m.name;
  meta.chain = m.chain;
  meta.params = m.params;
  meta.ptmc_version = std::string(version());
  return meta;
}

std::string_view to_string(explore::trace_kind kind) {
  switch (kind) {
    case explore::trace_kind::invariant_violation:
      return "invariant_violation";
    case explore::trace_kind::model_error:
      return "model_error";
    case explore::trace_kind::hang:
      return "hang";
    case explore::trace_kind::lasso:
      return "lasso";
    case explore::trace_kind::stuck:
      return "stuck";
    case explore::trace_kind::scenario:
      return "scenario";
  }
  PTMC_UNREACHABLE("every trace kind is named");
}

std::string to_itf_json(const ir::model& m, const explore::trace& t, const trace_meta& meta) {
  json doc = json::object();
  doc["#meta"] = top_meta(t, meta);
  json vars = json::array();
  for (const ir::variable* var : vars_in_itf_order(m)) vars.push_back(var->name);
  vars.push_back("mbt::actionTaken");
  vars.push_back("mbt::nondetPicks");
  doc["vars"] = std::move(vars);
  doc["states"] = states_json(m, t);
  if (t.kind == explore::trace_kind::lasso) doc["loop"] = t.loop_index;
  return detail::to_json_text(doc);
}

}  // namespace ptmc::report

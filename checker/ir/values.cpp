#include "ir/values.h"

#include "base/invariant.h"
#include "ir/state.h"

namespace ptmc::ir {
namespace {

bool is_aggregate(type_kind k) {
  return k == type_kind::array || k == type_kind::record || k == type_kind::list || k == type_kind::optional;
}

// The value `v` (already decoded) of a domain or set type as a structured value.
structured_value scalar_value(const model& m, const type& t, value v) {
  structured_value out;
  out.scalar = v;
  switch (t.kind) {
    case type_kind::boolean:
      out.k = structured_value::kind::boolean;
      out.name = v ? "true" : "false";
      break;
    case type_kind::range:
      out.k = structured_value::kind::integer;
      break;
    case type_kind::enumeration: {
      out.k = structured_value::kind::enumeration;
      const value i = v - t.lo;
      out.name = i >= 0 && static_cast<std::size_t>(i) < t.value_names.size() ? t.value_names[static_cast<std::size_t>(i)]
                                                                               : std::to_string(v);
      break;
    }
    case type_kind::symmetric:
      out.k = structured_value::kind::symmetric;
      out.name = (t.name.empty() ? std::string("id") : t.name) + "(" + std::to_string(v) + ")";
      break;
    case type_kind::set: {
      out.k = structured_value::kind::set;
      const type& elem = m.types[t.elem];
      const auto bits = static_cast<std::uint64_t>(v);
      for (int i = 0; i < 64; ++i)
        if ((bits >> i) & 1) out.elems.push_back(scalar_value(m, elem, elem.lo + i));
      break;
    }
    default:
      PTMC_UNREACHABLE("scalar_value: not a scalar type");
  }
  return out;
}

// Decodes a value of type `t` whose slots start at `*cursor`, advancing the cursor past them.
structured_value read_at(const model& m, const std::uint64_t* state, type_id t, slot_id* cursor) {
  const type& ty = m.types[t];
  switch (ty.kind) {
    case type_kind::boolean:
    case type_kind::range:
    case type_kind::enumeration:
    case type_kind::symmetric:
    case type_kind::set:
      return scalar_value(m, ty, read_slot(state, m.slots[(*cursor)++]));
    case type_kind::optional: {
      const type& inner = m.types[ty.elem];
      structured_value out;
      if (is_aggregate(inner.kind)) {
        const bool present = read_slot(state, m.slots[(*cursor)++]) != 0;
        if (!present) {
          *cursor += slot_count(m, ty.elem);
          out.k = structured_value::kind::none;
          return out;
        }
        out.k = structured_value::kind::some;
        out.elems.push_back(read_at(m, state, ty.elem, cursor));
        return out;
      }
      const value v = read_slot(state, m.slots[(*cursor)++]);
      if (v == none_value) {
        out.k = structured_value::kind::none;
        return out;
      }
      out.k = structured_value::kind::some;
      out.elems.push_back(scalar_value(m, inner, v));
      return out;
    }
    case type_kind::array: {
      structured_value out;
      out.k = structured_value::kind::array;
      const type& index = m.types[ty.index];
      for (value i = 0; i < index.domain_size(); ++i) {
        structured_value elem = read_at(m, state, ty.elem, cursor);
        out.fields.emplace_back(to_text(scalar_value(m, index, index.lo + i)), elem);
        out.elems.push_back(std::move(elem));
      }
      return out;
    }
    case type_kind::record: {
      structured_value out;
      out.k = structured_value::kind::record;
      for (const auto& [name, field] : ty.fields) out.fields.emplace_back(name, read_at(m, state, field, cursor));
      return out;
    }
    case type_kind::list: {
      structured_value out;
      out.k = structured_value::kind::list;
      const value length = read_slot(state, m.slots[(*cursor)++]);
      const std::uint32_t elem_slots = slot_count(m, ty.elem);
      for (std::uint32_t i = 0; i < ty.capacity; ++i) {
        if (static_cast<value>(i) < length) {
          out.elems.push_back(read_at(m, state, ty.elem, cursor));
        } else {
          *cursor += elem_slots;
        }
      }
      return out;
    }
  }
  PTMC_UNREACHABLE("all type kinds handled");
}

void append_list(std::string& out, const std::vector<structured_value>& elems) {
  for (std::size_t i = 0; i < elems.size(); ++i) {
    if (i) out += ", ";
    out += to_text(elems[i]);
  }
}

// "name: value, name: value" for array elements and record fields.
std::string fields_text(const std::vector<std::pair<std::string, structured_value>>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ", ";
    out += fields[i].first + ": " + to_text(fields[i].second);
  }
  return out;
}

}  // namespace

std::uint32_t slot_count(const model& m, type_id t) {
  PTMC_INVARIANT(t < m.types.size(), "type ids index model::types");
  const type& ty = m.types[t];
  switch (ty.kind) {
    case type_kind::boolean:
    case type_kind::range:
    case type_kind::enumeration:
    case type_kind::symmetric:
    case type_kind::set:
      return 1;
    case type_kind::optional:
      return is_aggregate(m.types[ty.elem].kind) ? 1 + slot_count(m, ty.elem) : 1;
    case type_kind::array:
      return static_cast<std::uint32_t>(m.types[ty.index].domain_size()) * slot_count(m, ty.elem);
    case type_kind::record: {
      std::uint32_t n = 0;
      for (const auto& [name, field] : ty.fields) n += slot_count(m, field);
      return n;
    }
    case type_kind::list:
      return 1 + ty.capacity * slot_count(m, ty.elem);
  }
  PTMC_UNREACHABLE("all type kinds handled");
}

structured_value read_variable(const model& m, const std::uint64_t* state, const variable& var) {
  slot_id cursor = var.first_slot;
  structured_value v = read_at(m, state, var.type, &cursor);
  PTMC_INVARIANT(cursor == var.first_slot + var.slot_count, "decoding consumes exactly the variable's slots");
  return v;
}

std::string to_text(const structured_value& v) {
  using k = structured_value::kind;
  switch (v.k) {
    case k::boolean:
      return v.scalar ? "true" : "false";
    case k::integer:
      return std::to_string(v.scalar);
    case k::enumeration:
    case k::symmetric:
      return v.name;
    case k::set: {
      std::string out = "{";
      append_list(out, v.elems);
      return out + "}";
    }
    case k::list: {
      std::string out = "[";
      append_list(out, v.elems);
      return out + "]";
    }
    case k::array:
      return "[" + fields_text(v.fields) + "]";
    case k::record:
      return "{" + fields_text(v.fields) + "}";
    case k::none:
      return "none";
    case k::some:
      return v.elems.empty() ? "none" : to_text(v.elems.front());
  }
  PTMC_UNREACHABLE("all value kinds handled");
}

}  // namespace ptmc::ir

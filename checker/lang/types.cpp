#include "lang/types.h"

#include <cstdint>
#include <limits>
#include <sstream>

namespace ptmc::lang {

namespace {

constexpr std::int64_t saturated = std::numeric_limits<std::int64_t>::max();

std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  return __builtin_add_overflow(a, b, &out) ? saturated : out;
}

std::int64_t saturating_mul(std::int64_t a, std::int64_t b) {
  std::int64_t out = 0;
  return __builtin_mul_overflow(a, b, &out) ? saturated : out;
}

// Bits to tell `count` values apart: 0 for one value, 1 for two, 2 for three or four, ...
std::int64_t bits_for(std::int64_t count) {
  std::int64_t bits = 0;
  while (bits < 63 && (std::int64_t{1} << bits) < count) ++bits;
  return bits;
}

}  // namespace

bool type::is_domain() const {
  return kind == ty_kind::boolean || kind == ty_kind::range || kind == ty_kind::enumeration ||
         kind == ty_kind::symmetric;
}

std::int64_t type::domain_size() const {
  if (kind == ty_kind::boolean) return 2;
  if (!is_domain() || hi < lo) return 0;
  // hi - lo is exact in unsigned arithmetic when hi >= lo, even for ranges spanning the whole int64 line.
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  return span >= static_cast<std::uint64_t>(saturated) ? saturated : static_cast<std::int64_t>(span) + 1;
}

std::int64_t type::bits() const {
  switch (kind) {
    case ty_kind::boolean:
    case ty_kind::range:
    case ty_kind::enumeration:
    case ty_kind::symmetric:
      return domain_size() == saturated ? 64 : bits_for(domain_size());
    case ty_kind::integer:
      return 64;
    case ty_kind::set:
      return elem ? elem->domain_size() : 0;
    case ty_kind::array:
      return (elem && index) ? saturating_mul(index->domain_size(), elem->bits()) : 0;
    case ty_kind::record: {
      std::int64_t total = 0;
      for (const field_type& f : fields) total = saturating_add(total, f.ty ? f.ty->bits() : 0);
      return total;
    }
    case ty_kind::list:
      return elem ? saturating_add(bits_for(saturating_add(max_len, 1)), saturating_mul(max_len, elem->bits())) : 0;
    case ty_kind::optional:
      return elem ? saturating_add(1, elem->bits()) : 0;
    case ty_kind::error:
      return 0;
  }
  return 0;
}

std::string type::spelling() const {
  auto inner = [](const type* t) { return t ? t->spelling() : std::string("<error>"); };
  std::ostringstream out;
  switch (kind) {
    case ty_kind::boolean:
      return "bool";
    case ty_kind::integer:
      return "int";
    case ty_kind::range:
      out << lo << ".." << hi;
      return out.str();
    case ty_kind::enumeration:
    case ty_kind::symmetric:
      return name;
    case ty_kind::set:
      return "set<" + inner(elem) + ">";
    case ty_kind::array:
      return inner(elem) + "[" + inner(index) + "]";
    case ty_kind::record:
      out << "record {";
      for (const field_type& f : fields) out << ' ' << f.name << ": " << inner(f.ty) << ';';
      out << " }";
      return out.str();
    case ty_kind::list:
      out << "list<" << inner(elem) << ", " << max_len << ">";
      return out.str();
    case ty_kind::optional:
      if (elem && elem->kind == ty_kind::range) return "(" + inner(elem) + ")?";
      return inner(elem) + "?";
    case ty_kind::error:
      return "<error>";
  }
  return "<error>";
}

namespace {

// The interning key: the kind and everything that distinguishes two types of that kind. Component types
// are already interned, so their addresses identify them.
std::string intern_key(const type& t) {
  std::ostringstream key;
  key << static_cast<int>(t.kind) << '|';
  switch (t.kind) {
    case ty_kind::range:
      key << t.lo << '|' << t.hi;
      break;
    case ty_kind::enumeration:
    case ty_kind::symmetric:
      key << static_cast<const void*>(t.enum_of) << '|' << t.name << '|' << t.hi;
      break;
    case ty_kind::set:
    case ty_kind::optional:
      key << static_cast<const void*>(t.elem);
      break;
    case ty_kind::array:
      key << static_cast<const void*>(t.elem) << '|' << static_cast<const void*>(t.index);
      break;
    case ty_kind::list:
      key << static_cast<const void*>(t.elem) << '|' << t.max_len;
      break;
    case ty_kind::record:
      for (const field_type& f : t.fields) key << f.name << ':' << static_cast<const void*>(f.ty) << ';';
      break;
    case ty_kind::boolean:
    case ty_kind::integer:
    case ty_kind::error:
      break;
  }
  return key.str();
}

}  // namespace

const type* type_table::boolean() {
  type t;
  t.kind = ty_kind::boolean;
  t.lo = 0;
  t.hi = 1;
  return intern(std::move(t));
}

const type* type_table::integer() {
  type t;
  t.kind = ty_kind::integer;
  return intern(std::move(t));
}

const type* type_table::error() {
  type t;
  t.kind = ty_kind::error;
  return intern(std::move(t));
}

const type* type_table::range(std::int64_t lo, std::int64_t hi) {
  type t;
  t.kind = ty_kind::range;
  t.lo = lo;
  t.hi = hi;
  return intern(std::move(t));
}

const type* type_table::intern(type t) {
  // Structural types carry no name: an alias is another spelling of the same type.
  if (t.kind != ty_kind::enumeration && t.kind != ty_kind::symmetric) t.name.clear();
  std::string key = intern_key(t);
  auto found = index_.find(key);
  if (found != index_.end()) return found->second;
  types_.push_back(std::move(t));
  const type* interned = &types_.back();
  index_.emplace(std::move(key), interned);
  return interned;
}

}  // namespace ptmc::lang

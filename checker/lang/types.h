// Semantic types of the modelling language: every type has a finite domain known after
// elaboration (parameters fixed), so every state packs into a fixed number of bits.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace ptmc::lang {

struct decl;

enum class ty_kind {
  boolean,
  integer,      // the type of arithmetic results; unbounded (int64), range-checked on store
  range,        // lo..hi
  enumeration,  // enum E { A, B, C }: values 0..n-1 in declaration order
  symmetric,    // symmetric type Tid = 0..N-1: values 0..n-1, no arithmetic, no ordering
  set,          // set<E>: a bitset over a domain of at most 64 values
  array,        // T[D]
  record,       // record { f: T; ... }
  list,         // list<T, MAX>
  optional,     // T?
  error,        // the type of an ill-typed expression (suppresses cascades)
};

struct type;

struct field_type {
  std::string name;
  const type* ty = nullptr;
};

// Interned: two structurally equal types are the same object, except enums and
// symmetric types, which are equal only by declaration.
struct type {
  ty_kind kind = ty_kind::error;
  std::string name;                 // alias or declared name for printing ("Sig", "Tid"), may be empty
  std::int64_t lo = 0, hi = 0;      // range: bounds; enumeration/symmetric: 0..count-1
  const decl* enum_of = nullptr;    // enumeration and symmetric: the declaring `enum` / `symmetric type`
  std::vector<std::string> value_names;     // enumeration constants; symmetric: "Tid(0)".. 
  const type* elem = nullptr;       // set element domain, array element, list element, optional inner
  const type* index = nullptr;      // array index domain
  std::int64_t max_len = 0;         // list capacity
  std::vector<field_type> fields;   // record

  // Domain types (usable as array index, set element, quantifier domain, `for` domain):
  // boolean, range, enumeration, symmetric.
  bool is_domain() const;
  // Number of values of a domain type (saturating at INT64_MAX); 0 for other types.
  std::int64_t domain_size() const;
  // Bits needed to store a value of this type (saturating at INT64_MAX); 64 for `integer`, 0 for error.
  std::int64_t bits() const;
  // Human-readable spelling, e.g. "set<Sig>", "0..3", "Task[Tid]".
  std::string spelling() const;
};

// Owns interned types for one checked program.
class type_table {
 public:
  const type* boolean();
  const type* integer();
  const type* error();
  const type* range(std::int64_t lo, std::int64_t hi);
  const type* intern(type t);  // structural interning; enumeration/symmetric by identity of enum_of/name

 private:
  std::deque<type> types_;
  std::map<std::string, const type*> index_;  // interning key -> type
};

}  // namespace ptmc::lang

// The model generator: a tiny type system mirrors the language's, and every expression and statement
// is built for a known type, so the text passes the type checker by construction.
#include "modelfuzz/generator.h"

#include <cstdint>
#include <limits>
#include <memory>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace ptmc::modelfuzz {
namespace {

constexpr std::int64_t min64 = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t max64 = std::numeric_limits<std::int64_t>::max();

enum class kind { boolean, range, enumeration, symmetric, set, array, optional, record, list };

struct gtype;
using type_ref = std::shared_ptr<const gtype>;

struct gtype {
  kind k = kind::boolean;
  std::int64_t lo = 0, hi = 1;   // range
  int enum_id = -1;              // enumeration
  type_ref elem;                 // set element, array element, optional inner
  type_ref index;                // array index domain
  std::vector<std::pair<std::string, type_ref>> fields;   // record
  int capacity = 0;              // list
  std::string alias;             // a `type NAME = ...;` the text uses instead of the structure
};

bool same(const type_ref& a, const type_ref& b) {
  if (a->k != b->k) return false;
  switch (a->k) {
    case kind::boolean:
    case kind::symmetric: return true;
    case kind::range: return a->lo == b->lo && a->hi == b->hi;
    case kind::enumeration: return a->enum_id == b->enum_id;
    case kind::set:
    case kind::optional: return same(a->elem, b->elem);
    case kind::array: return same(a->elem, b->elem) && same(a->index, b->index);
    case kind::record: return a->alias == b->alias;
    case kind::list: return a->capacity == b->capacity && same(a->elem, b->elem);
  }
  return false;
}

// An integer literal as the language reads it (a literal must fit in 63 bits; negatives are negations).
std::string lit(std::int64_t v) {
  if (v == min64) return "(-9223372036854775807-1)";
  if (v < 0) return "(-" + std::to_string(-v) + ")";
  return std::to_string(v);
}

// A variable or binding an expression may read.
struct var_info {
  std::string name;     // as written where it is read ("g0", "mon0.h1", "x3")
  type_ref type;
  bool writable = false;
  bool monitor = false; // a monitor variable (writable only by its own handlers)
};

struct label_info {
  std::string process;  // "p0"
  bool indexed = false; // a process array over Tid
  std::string label;
};

class generator {
 public:
  generator(std::uint64_t seed, const generator_options& options) : rng_(seed), opts_(options) {}

  generated_case run();

 private:
  // ------------------------------------------------------------------ randomness
  std::uint64_t next() { return rng_(); }
  int pick(int n) { return n <= 1 ? 0 : static_cast<int>(next() % static_cast<std::uint64_t>(n)); }
  bool chance(int percent) { return pick(100) < percent; }
  // hi - lo without signed overflow (ranges reach the 64-bit edges).
  static std::uint64_t width(std::int64_t lo, std::int64_t hi) {
    return static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    if (span == std::numeric_limits<std::uint64_t>::max()) return static_cast<std::int64_t>(next());
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + next() % (span + 1));
  }
  std::string fresh(const char* prefix) { return prefix + std::to_string(names_++); }

  // ------------------------------------------------------------------ types
  type_ref make(kind k) {
    auto t = std::make_shared<gtype>();
    t->k = k;
    return t;
  }
  type_ref bool_type() { return make(kind::boolean); }
  type_ref range_type(std::int64_t lo, std::int64_t hi) {
    auto t = std::make_shared<gtype>();
    t->k = kind::range;
    t->lo = lo;
    t->hi = hi;
    return t;
  }
  type_ref enum_type(int id) {
    auto t = std::make_shared<gtype>();
    t->k = kind::enumeration;
    t->enum_id = id;
    return t;
  }
  type_ref sym_type() { return make(kind::symmetric); }
  type_ref set_of(type_ref e) {
    auto t = std::make_shared<gtype>();
    t->k = kind::set;
    t->elem = std::move(e);
    return t;
  }
  type_ref optional_of(type_ref e) {
    auto t = std::make_shared<gtype>();
    t->k = kind::optional;
    t->elem = std::move(e);
    return t;
  }
  type_ref array_of(type_ref e, type_ref index) {
    auto t = std::make_shared<gtype>();
    t->k = kind::array;
    t->elem = std::move(e);
    t->index = std::move(index);
    return t;
  }

  // A record of two or three scalar fields, declared as `type R<n> = record { ... };`.
  type_ref record_type() {
    auto t = std::make_shared<gtype>();
    t->k = kind::record;
    for (int f = pick(2) + 2; f > 0; --f) {
      type_ref ft = chance(70) ? domain_type() : (chance(50) ? optional_of(domain_type()) : set_of(enum_type(0)));
      if (ft->k == kind::optional && ft->elem->k == kind::range) ft = ft->elem;
      t->fields.emplace_back("f" + std::to_string(t->fields.size()), ft);
    }
    std::string body = "record { ";
    for (const auto& [name, ft] : t->fields) body += name + ": " + spell(ft) + "; ";
    t->alias = fresh("R");
    aliases_ << "type " << t->alias << " = " << body << "};\n";
    return t;
  }

  type_ref small_range() {
    static constexpr std::int64_t shapes[][2] = {{0, 1}, {0, 2}, {0, 3}, {1, 3}, {-2, 1}, {5, 7}, {0, 5}, {3, 3}};
    const auto& s = shapes[pick(8)];
    return range_type(s[0], s[1]);
  }
  type_ref edge_range() {
    // The integers are -(2^63 - 1)..2^63 - 1 (-2^63 is the IR's none and a sema error in a bound).
    constexpr std::int64_t lowest = min64 + 1;
    switch (pick(5)) {
      case 0: return range_type(lowest, max64);
      case 1: return range_type(lowest, max64 - 1);
      case 2: return range_type(lowest + 1, max64);
      case 3: return range_type(max64 - 2, max64);
      default: return range_type(lowest, lowest + 2);
    }
  }
  type_ref any_range() { return opts_.edge_integers && chance(30) ? edge_range() : small_range(); }

  // A domain type: bool, a small range, an enum, the symmetric type.
  type_ref domain_type(bool allow_sym = true) {
    const int choice = pick(10);
    if (choice < 2) return bool_type();
    if (choice < 4) return range_type(0, pick(3) + 1);
    if (choice < 7 || !has_sym_ || !allow_sym) return enum_type(pick(static_cast<int>(enum_sizes_.size())));
    return sym_type();
  }
  type_ref scalar_type() {
    const int choice = pick(10);
    if (choice < 3) return any_range();
    if (choice < 5) return bool_type();
    if (choice < 8 || !has_sym_) return enum_type(pick(static_cast<int>(enum_sizes_.size())));
    return sym_type();
  }
  type_ref var_type() {
    const int choice = pick(20);
    if (choice < 10) return scalar_type();
    if (choice < 13) return set_of(chance(60) || !has_sym_ ? enum_type(pick(static_cast<int>(enum_sizes_.size()))) : sym_type());
    if (choice < 16) {
      type_ref e = chance(80) ? scalar_type() : optional_of(domain_type());
      if (chance(20)) e = record_type();
      if (e->k == kind::range && (e->hi < e->lo || width(e->lo, e->hi) > 64)) e = small_range();
      type_ref index = has_sym_ && chance(60) ? sym_type() : domain_type();
      if (index->k == kind::boolean && !opts_.bool_indexed_arrays) index = range_type(0, 1);
      return array_of(e, index);
    }
    if (choice < 17) return record_type();
    if (choice < 18) {
      auto t = std::make_shared<gtype>();
      t->k = kind::list;
      t->elem = domain_type(opts_.id_lists);
      t->capacity = pick(3) + 1;
      return t;
    }
    type_ref inner = domain_type();
    if (opts_.edge_integers && chance(30)) inner = edge_range();
    return optional_of(inner);
  }

  std::string spell(const type_ref& t) {
    if (!t->alias.empty()) return t->alias;
    switch (t->k) {
      case kind::boolean: return "bool";
      case kind::range: return lit(t->lo) + ".." + lit(t->hi);
      case kind::enumeration: return "E" + std::to_string(t->enum_id);
      case kind::symmetric: return "Tid";
      case kind::set: return "set<" + spell(t->elem) + ">";
      case kind::optional: return spell_atom(t->elem) + "?";
      case kind::array: return spell_atom(t->elem) + "[" + spell(t->index) + "]";
      case kind::record: return t->alias;
      case kind::list: return "list<" + spell(t->elem) + ", " + std::to_string(t->capacity) + ">";
    }
    return "bool";
  }
  // A type that can take a postfix `?` or `[D]`: ranges and optionals get an alias.
  std::string spell_atom(const type_ref& t) {
    if (t->k != kind::range && t->k != kind::optional) return spell(t);
    const std::string text = spell(t);   // first: it may declare aliases of its own
    const std::string name = fresh("T");
    aliases_ << "type " << name << " = " << text << ";\n";
    return name;
  }

  // ------------------------------------------------------------------ values and expressions
  std::string enum_constant(int id, int k) { return "E" + std::to_string(id) + "_" + std::to_string(k); }

  std::string literal_of(const type_ref& t) {
    switch (t->k) {
      case kind::boolean: return chance(50) ? "true" : "false";
      case kind::range: return lit(int_value(t->lo, t->hi));
      case kind::enumeration: return enum_constant(t->enum_id, pick(enum_sizes_[static_cast<std::size_t>(t->enum_id)]));
      // Without named ids, the model's id variable stands in for a literal (see fixed_ids_).
      case kind::symmetric: return fixed_ids_ ? "Tid(" + std::to_string(pick(sym_size_)) + ")" : "gid";
      case kind::set: {
        if (chance(30)) return "{}";
        std::vector<std::string> elems;
        for (int i = pick(2) + 1; i > 0; --i) elems.push_back(literal_of(t->elem));
        std::string out = "{";
        for (std::size_t i = 0; i < elems.size(); ++i) out += (i ? ", " : "") + elems[i];
        return out + "}";
      }
      case kind::optional: return chance(30) ? "none" : literal_of(t->elem);
      case kind::array: return "";
      case kind::list: {
        std::string out = "[";
        for (int i = pick(t->capacity + 1); i > 0; --i) out += literal_of(t->elem) + (i > 1 ? ", " : "");
        return out + "]";
      }
      case kind::record: {
        std::string out = "{";
        for (std::size_t i = 0; i < t->fields.size(); ++i)
          out += (i ? ", " : "") + t->fields[i].first + ": " + literal_of(t->fields[i].second);
        return out + "}";
      }
    }
    return "true";
  }

  // A value of lo..hi, preferring the edges and the small numbers around zero.
  std::int64_t int_value(std::int64_t lo, std::int64_t hi) {
    if (lo >= -16 && hi <= 64 && hi - lo < 16) return between(lo, hi);
    const std::int64_t picks[] = {lo, hi, lo + 1, hi - 1, 0, 1, -1, 7};
    for (int tries = 0; tries < 8; ++tries) {
      const std::int64_t v = picks[pick(8)];
      if (v >= lo && v <= hi) return v;
    }
    return lo;
  }

  struct scope {
    std::vector<var_info> vars;
    bool properties = false;       // labels may be tested
    std::string sym_loop;          // inside `for (u in <Tid or set of Tid>)`: the binding u
  };

  // Whether `v` may be read whole in `sc` (a loop over ids must not see the ids' order).
  static bool readable_whole(const scope& sc, const var_info& v) {
    if (sc.sym_loop.empty()) return true;
    if (v.type->k == kind::set && v.type->elem->k == kind::symmetric) return false;
    if (v.type->k == kind::array && v.type->index->k == kind::symmetric) return false;
    return true;
  }

  // An index into an array. Reads build every candidate's index before picking one, so below a few
  // levels the index is a literal: otherwise arrays indexed by their own element type recurse without
  // bound.
  std::string index_expr(const scope& sc, const type_ref& index, int depth) {
    return depth >= 4 ? literal_of(index) : expr(sc, index, depth + 1);
  }

  // A read of something of type `t`: a variable, or an element of an array of `t`.
  std::vector<std::string> reads_of(const scope& sc, const type_ref& t, int depth) {
    std::vector<std::string> out;
    for (const auto& v : sc.vars) {
      if (same(v.type, t) && readable_whole(sc, v)) out.push_back(v.name);
      if (v.type->k == kind::record) {
        for (const auto& [f, ft] : v.type->fields)
          if (same(ft, t)) out.push_back(v.name + "." + f);
      }
      if (v.type->k == kind::array && v.type->elem->k == kind::record) {
        for (const auto& [f, ft] : v.type->elem->fields) {
          if (!same(ft, t)) continue;
          const bool by_id = v.type->index->k == kind::symmetric && !sc.sym_loop.empty();
          out.push_back(v.name + "[" + (by_id ? sc.sym_loop : index_expr(sc, v.type->index, depth)) + "]." + f);
        }
      }
      if (v.type->k == kind::list && same(v.type->elem, t))
        out.push_back(v.name + "[" + (depth >= 4 ? lit(int_value(0, v.type->capacity - 1)) : int_expr(sc, 0, v.type->capacity - 1, depth + 1)) + "]");
      if (v.type->k == kind::array && same(v.type->elem, t)) {
        if (v.type->index->k == kind::symmetric && !sc.sym_loop.empty()) {
          out.push_back(v.name + "[" + sc.sym_loop + "]");
        } else {
          out.push_back(v.name + "[" + index_expr(sc, v.type->index, depth) + "]");
        }
      }
    }
    return out;
  }

  // `typed`: the context gives a set literal its element type (an assignment does, card(), `in` and
  // the set operators do not), so `{}` may appear.
  std::string expr(const scope& sc, const type_ref& t, int depth = 0, bool typed = true) {
    const bool deep = depth >= 3;
    if (!deep && chance(10) && t->k != kind::array) {
      return "(" + expr(sc, bool_type(), depth + 1) + " ? " + expr(sc, t, depth + 1, false) + " : " +
             expr(sc, t, depth + 1, false) + ")";
    }
    if (chance(deep ? 40 : 25)) {
      const auto reads = reads_of(sc, t, depth);
      if (!reads.empty()) return reads[static_cast<std::size_t>(pick(static_cast<int>(reads.size())))];
    }
    switch (t->k) {
      case kind::boolean: return bool_expr(sc, depth);
      case kind::range: return int_expr(sc, t->lo, t->hi, depth);
      case kind::enumeration: {
        if (!deep && chance(15)) {
          const auto s = reads_of(sc, set_of(t), depth);
          if (!s.empty()) return std::string(chance(50) ? "min(" : "max(") + s[static_cast<std::size_t>(pick(static_cast<int>(s.size())))] + ")";
        }
        if (!deep && chance(10)) {
          const auto o = reads_of(sc, optional_of(t), depth);
          if (!o.empty()) return "val(" + o[0] + ")";
        }
        return literal_of(t);
      }
      case kind::symmetric: {
        std::vector<std::string> ids;
        for (const auto& v : sc.vars)
          if (v.type->k == kind::symmetric && readable_whole(sc, v)) ids.push_back(v.name);
        if (!ids.empty() && chance(85)) return ids[static_cast<std::size_t>(pick(static_cast<int>(ids.size())))];
        return literal_of(t);
      }
      case kind::set: {
        if (!deep && chance(35)) {
          static const char* ops[] = {" | ", " & ", " - "};
          return "(" + expr(sc, t, depth + 1, false) + ops[pick(3)] + expr(sc, t, depth + 1, false) + ")";
        }
        if (chance(40) || !typed) return "{" + expr(sc, t->elem, depth + 1) + "}";
        return literal_of(t);
      }
      case kind::optional: {
        if (chance(25)) return "none";
        return expr(sc, t->elem, depth + 1);
      }
      case kind::array:
      case kind::record:
      case kind::list: return literal_of(t);
    }
    return "true";
  }

  std::string int_expr(const scope& sc, std::int64_t lo, std::int64_t hi, int depth) {
    const bool deep = depth >= 3;
    const int choice = pick(deep ? 3 : 14);
    if (choice < 2) return lit(int_value(lo, hi));
    if (choice < 3) {
      // Any integer variable, whatever its range.
      std::vector<std::string> ints;
      for (const auto& v : sc.vars) {
        if (v.type->k == kind::range) ints.push_back(v.name);
        if (v.type->k == kind::array && v.type->elem->k == kind::range && (v.type->index->k != kind::symmetric || !sc.sym_loop.empty()))
          ints.push_back(v.name + "[" + (v.type->index->k == kind::symmetric ? sc.sym_loop : index_expr(sc, v.type->index, depth)) + "]");
      }
      if (!ints.empty()) return ints[static_cast<std::size_t>(pick(static_cast<int>(ints.size())))];
      return lit(int_value(lo, hi));
    }
    switch (choice) {
      case 3: return "(" + int_expr(sc, lo, hi, depth + 1) + " + " + int_expr(sc, lo, hi, depth + 1) + ")";
      case 4: return "(" + int_expr(sc, lo, hi, depth + 1) + " - " + int_expr(sc, lo, hi, depth + 1) + ")";
      case 5: return "(" + int_expr(sc, lo, hi, depth + 1) + " * " + int_expr(sc, -2, 3, depth + 1) + ")";
      case 6: {
        const char* o = chance(50) ? " / " : " % ";
        const std::string divisor = chance(80) ? lit(between(1, 3) * (chance(20) ? -1 : 1)) : int_expr(sc, -1, 2, depth + 1);
        return "(" + int_expr(sc, lo, hi, depth + 1) + o + divisor + ")";
      }
      case 7: return "(-" + int_expr(sc, lo, hi, depth + 1) + ")";
      case 8: {
        std::vector<std::string> lists;
        for (const auto& v : sc.vars)
          if (v.type->k == kind::list) lists.push_back(v.name);
        if (!lists.empty() && chance(40)) return "len(" + lists[static_cast<std::size_t>(pick(static_cast<int>(lists.size())))] + ")";
        type_ref s = set_of(has_sym_ && chance(50) ? sym_type() : enum_type(pick(static_cast<int>(enum_sizes_.size()))));
        if (!sc.sym_loop.empty() && s->elem->k == kind::symmetric) return lit(int_value(lo, hi));
        return "card(" + expr(sc, s, depth + 1, false) + ")";
      }
      case 9: {
        const type_ref d = domain_type();
        const std::string x = fresh("q");
        scope inner = sc;
        inner.vars.push_back({x, d, false, false});
        return "(count " + x + ": " + spell(d) + ". " + expr(inner, bool_type(), depth + 1) + ")";
      }
      case 10: {
        const auto o = reads_of(sc, optional_of(range_type(lo, hi)), depth);
        if (!o.empty()) return "val(" + o[static_cast<std::size_t>(pick(static_cast<int>(o.size())))] + ")";
        return lit(int_value(lo, hi));
      }
      default: {
        const auto r = reads_of(sc, range_type(lo, hi), depth);
        if (!r.empty()) return r[static_cast<std::size_t>(pick(static_cast<int>(r.size())))];
        return lit(int_value(lo, hi));
      }
    }
  }

  std::string bool_expr(const scope& sc, int depth) {
    const bool deep = depth >= 3;
    switch (pick(deep ? 2 : 13)) {
      case 0: return chance(50) ? "true" : "false";
      case 1: {
        const auto r = reads_of(sc, bool_type(), depth);
        if (!r.empty()) return r[static_cast<std::size_t>(pick(static_cast<int>(r.size())))];
        return chance(50) ? "true" : "false";
      }
      case 2: return "!" + paren(expr(sc, bool_type(), depth + 1));
      case 3: return "(" + expr(sc, bool_type(), depth + 1) + " && " + expr(sc, bool_type(), depth + 1) + ")";
      case 4: return "(" + expr(sc, bool_type(), depth + 1) + " || " + expr(sc, bool_type(), depth + 1) + ")";
      case 5: return "(" + expr(sc, bool_type(), depth + 1) + " -> " + expr(sc, bool_type(), depth + 1) + ")";
      case 6: {
        static const char* ops[] = {" < ", " <= ", " > ", " >= ", " == ", " != "};
        const type_ref r = any_range();
        return "(" + int_expr(sc, r->lo, r->hi, depth + 1) + ops[pick(6)] + int_expr(sc, r->lo, r->hi, depth + 1) + ")";
      }
      case 7: {
        const type_ref d = domain_type();
        return "(" + expr(sc, d, depth + 1) + (chance(50) ? " == " : " != ") + expr(sc, d, depth + 1) + ")";
      }
      case 8: {
        type_ref e = has_sym_ && chance(40) ? sym_type() : enum_type(pick(static_cast<int>(enum_sizes_.size())));
        if (!sc.sym_loop.empty() && e->k == kind::symmetric) return "true";
        return "(" + expr(sc, e, depth + 1) + " in " + expr(sc, set_of(e), depth + 1, false) + ")";
      }
      case 9:
      case 10: {
        const type_ref d = domain_type();
        const std::string x = fresh("q");
        scope inner = sc;
        inner.vars.push_back({x, d, false, false});
        return std::string("(") + (chance(50) ? "forall " : "exists ") + x + ": " + spell(d) + ". " +
               expr(inner, bool_type(), depth + 1) + ")";
      }
      case 11: {
        // An optional against none or against a value.
        std::vector<const var_info*> opts;
        for (const auto& v : sc.vars)
          if (v.type->k == kind::optional && readable_whole(sc, v)) opts.push_back(&v);
        if (opts.empty()) return "true";
        const var_info& v = *opts[static_cast<std::size_t>(pick(static_cast<int>(opts.size())))];
        const std::string rhs = chance(50) ? "none" : expr(sc, v.type->elem, depth + 1);
        return "(" + v.name + (chance(50) ? " == " : " != ") + rhs + ")";
      }
      default: {
        // A call of a fn (not inside a fn body: fns may not recurse; not in a loop over ids: the
        // body may read any id's elements).
        if (!fns_.empty() && !in_fn_ && sc.sym_loop.empty() && chance(40)) {
          const fn_info& f = fns_[static_cast<std::size_t>(pick(static_cast<int>(fns_.size())))];
          std::string call = f.name + "(";
          for (std::size_t i = 0; i < f.params.size(); ++i) call += (i ? ", " : "") + expr(sc, f.params[i], depth + 1);
          return call + ")";
        }
        if (sc.properties && !labels_.empty() && chance(70)) {
          const label_info& l = labels_[static_cast<std::size_t>(pick(static_cast<int>(labels_.size())))];
          if (!l.indexed) return l.process + "@" + l.label;
          return l.process + "[" + expr(sc, sym_type(), depth + 1) + "]@" + l.label;
        }
        return "(card(" + expr(sc, set_of(enum_type(0)), depth + 1, false) + ") >= " + std::to_string(pick(3)) + ")";
      }
    }
  }

  static bool mentions_ids(const type_ref& t) {
    for (const auto& f : t->fields)
      if (mentions_ids(f.second)) return true;
    return t->k == kind::symmetric || (t->elem && mentions_ids(t->elem)) || (t->index && mentions_ids(t->index));
  }

  static bool needs_alias(const type_ref& t) {
    if (t->k == kind::record) return true;
    return (t->k == kind::array || t->k == kind::optional) &&
           (t->elem->k == kind::range || t->elem->k == kind::optional || t->elem->k == kind::record);
  }

  static std::string paren(const std::string& e) { return e.front() == '(' ? e : "(" + e + ")"; }

  // ------------------------------------------------------------------ statements
  // Something that may be assigned: a writable variable or an element of a writable array.
  struct target {
    std::string text;
    type_ref type;
  };
  std::vector<target> targets(const scope& sc, bool monitor_handler) {
    std::vector<target> out;
    for (const auto& v : sc.vars) {
      if (!v.writable || v.monitor != monitor_handler) continue;
      if (v.type->k == kind::array && v.type->elem->k == kind::record) {
        const auto& [f, ft] = v.type->elem->fields[static_cast<std::size_t>(pick(static_cast<int>(v.type->elem->fields.size())))];
        out.push_back({v.name + "[" + expr(sc, v.type->index, 1) + "]." + f, ft});
      } else if (v.type->k == kind::record && chance(70)) {
        const auto& [f, ft] = v.type->fields[static_cast<std::size_t>(pick(static_cast<int>(v.type->fields.size())))];
        out.push_back({v.name + "." + f, ft});
      } else if (v.type->k == kind::array) {
        out.push_back({v.name + "[" + expr(sc, v.type->index, 1) + "]", v.type->elem});
      } else {
        out.push_back({v.name, v.type});
      }
    }
    return out;
  }

  // A value for a store into `t`: mostly one that fits, sometimes anything (a model error).
  std::string store_value(const scope& sc, const target& tg) {
    const type_ref& t = tg.type;
    if (t->k == kind::range && !chance(15)) {
      switch (pick(4)) {
        case 0: return lit(int_value(t->lo, t->hi));
        case 1:
          if (t->lo == 0 && t->hi < 64) return "(" + tg.text + " + 1) % " + std::to_string(t->hi + 1);
          return lit(int_value(t->lo, t->hi));
        case 2: return "(" + expr(sc, bool_type(), 1) + " ? " + lit(int_value(t->lo, t->hi)) + " : " + lit(int_value(t->lo, t->hi)) + ")";
        default: {
          const auto r = reads_of(sc, t, 1);
          if (!r.empty()) return r[static_cast<std::size_t>(pick(static_cast<int>(r.size())))];
          return lit(int_value(t->lo, t->hi));
        }
      }
    }
    return expr(sc, t, 0);
  }

  std::string assignment(const scope& sc, bool monitor_handler) {
    const auto ts = targets(sc, monitor_handler);
    if (ts.empty()) return "skip;";
    const target& tg = ts[static_cast<std::size_t>(pick(static_cast<int>(ts.size())))];
    if (tg.type->k == kind::list) {
      const type_ref& e = tg.type->elem;
      switch (pick(5)) {
        case 0: return "push(" + tg.text + ", " + expr(sc, e, 1) + ");";
        case 1: return "remove_at(" + tg.text + ", " + int_expr(sc, 0, tg.type->capacity - 1, 2) + ");";
        case 2: return "insert_at(" + tg.text + ", " + int_expr(sc, 0, tg.type->capacity, 2) + ", " + expr(sc, e, 1) + ");";
        case 3: return "clear(" + tg.text + ");";
        default: return tg.text + " = " + literal_of(tg.type) + ";";
      }
    }
    if (tg.type->k == kind::set && chance(50))
      return tg.text + (chance(50) ? " |= " : " -= ") + "{" + expr(sc, tg.type->elem, 1) + "};";
    if (tg.type->k == kind::range && width(tg.type->lo, tg.type->hi) < 64 && chance(25))
      return "if (" + tg.text + " < " + lit(tg.type->hi) + ") " + tg.text + " += 1;";
    return tg.text + " = " + store_value(sc, tg) + ";";
  }

  std::string emit(const scope& sc) {
    if (events_.empty()) return "skip;";
    const std::size_t e = static_cast<std::size_t>(pick(static_cast<int>(events_.size())));
    std::string out = "emit ev" + std::to_string(e) + "(";
    for (std::size_t i = 0; i < events_[e].size(); ++i) {
      const type_ref& p = events_[e][i];
      out += (i ? ", " : "") + (p->k == kind::range ? lit(int_value(p->lo, p->hi)) : expr(sc, p, 1));
    }
    return out + ");";
  }

  // Statements of one atomic step (also init bodies). `sc` grows with let/choose bindings.
  void atomic_stmts(std::ostringstream& out, scope& sc, int count, int depth, const std::string& indent) {
    for (int i = 0; i < count; ++i) {
      const int choice = pick(depth >= 2 ? 6 : 14);
      if (choice < 4) {
        out << indent << assignment(sc, false) << "\n";
      } else if (choice < 5) {
        out << indent << emit(sc) << "\n";
      } else if (choice < 6) {
        out << indent << "await " << expr(sc, bool_type(), 1) << ";\n";
      } else if (choice < 8) {
        out << indent << "if (" << expr(sc, bool_type(), 1) << ") {\n";
        scope inner = sc;
        atomic_stmts(out, inner, pick(2) + 1, depth + 1, indent + "  ");
        out << indent << "}";
        if (chance(50)) {
          out << " else {\n";
          scope other = sc;
          atomic_stmts(out, other, pick(2) + 1, depth + 1, indent + "  ");
          out << indent << "}";
        }
        out << "\n";
      } else if (choice < 9) {
        out << indent << "either {\n";
        scope a = sc, b = sc;
        atomic_stmts(out, a, pick(2) + 1, depth + 1, indent + "  ");
        out << indent << "} or {\n";
        atomic_stmts(out, b, pick(2) + 1, depth + 1, indent + "  ");
        out << indent << "}\n";
      } else if (choice < 10) {
        const type_ref t = chance(50) ? scalar_type() : domain_type();
        if (t->k == kind::array) continue;
        const std::string x = fresh("x");
        out << indent << "let " << x << " = " << expr(sc, t, 1) << ";\n";
        sc.vars.push_back({x, t, false, false});
      } else if (choice < 11) {
        const type_ref d = domain_type();
        const std::string x = fresh("x");
        scope inner = sc;
        inner.vars.push_back({x, d, false, false});
        out << indent << "choose " << x << " in " << spell(d);
        if (chance(60)) out << " where " << expr(inner, bool_type(), 1);
        out << ";\n";
        sc = inner;
      } else if (choice < 13) {
        for_loop(out, sc, depth, indent);
      } else {
        out << indent << "assert " << expr(sc, bool_type(), 1) << ", \"fuzz assert\";\n";
      }
    }
  }

  void for_loop(std::ostringstream& out, const scope& sc, int depth, const std::string& indent) {
    const std::string x = fresh("x");
    // Over a domain, or over a set variable.
    type_ref elem;
    std::string over;
    std::vector<const var_info*> sets;
    for (const auto& v : sc.vars)
      if (v.type->k == kind::set && readable_whole(sc, v)) sets.push_back(&v);
    if (!sets.empty() && chance(40)) {
      const var_info& s = *sets[static_cast<std::size_t>(pick(static_cast<int>(sets.size())))];
      elem = s.type->elem;
      over = s.name;
    } else {
      elem = domain_type();
      over = spell(elem);
    }
    if (elem->k == kind::symmetric && !sc.sym_loop.empty()) return;   // no nested loops over ids
    scope inner = sc;
    inner.vars.push_back({x, elem, false, false});
    out << indent << "for (" << x << " in " << over << ") {\n";
    if (elem->k != kind::symmetric) {
      atomic_stmts(out, inner, pick(2) + 1, depth + 1, indent + "  ");
    } else {
      // A loop over ids must not depend on their order (the symmetry reduction assumes it): each
      // iteration writes only the elements of its own id, and reads no other id's.
      inner.sym_loop = x;
      const bool over_set = over != "Tid";
      int written = 0;
      for (const auto& v : sc.vars) {
        if (!v.writable || v.monitor || !chance(60)) continue;
        if (v.type->k == kind::array && v.type->index->k == kind::symmetric) {
          target tg{v.name + "[" + x + "]", v.type->elem};
          if (tg.type->k == kind::record) {
            const auto& [f, ft] = tg.type->fields[static_cast<std::size_t>(pick(static_cast<int>(tg.type->fields.size())))];
            tg = {tg.text + "." + f, ft};
          }
          out << indent << "  if (" << expr(inner, bool_type(), 2) << ") " << tg.text << " = " << store_value(inner, tg) << ";\n";
          ++written;
        } else if (!over_set && v.type->k == kind::set && v.type->elem->k == kind::symmetric) {
          out << indent << "  if (" << expr(inner, bool_type(), 2) << ") " << v.name << (chance(50) ? " |= {" : " -= {") << x
              << "};\n";
          ++written;
        }
      }
      if (written == 0) out << indent << "  skip;\n";
    }
    out << indent << "}\n";
  }

  // Statements of a process body outside atomic: each is a step (or a condition and its branches).
  void process_stmts(std::ostringstream& out, const scope& sc, const std::string& process, bool indexed, int count,
                     int depth, const std::string& indent) {
    for (int i = 0; i < count; ++i) {
      std::string label;
      if (chance(35)) {
        label = fresh("L");
        if (!process.empty()) labels_.push_back({process, indexed, label});   // syscalls: not testable
        out << indent << label << ": ";
      } else {
        out << indent;
      }
      const int choice = pick(depth >= 2 ? 5 : 10);
      if (choice == 9) {
        out << "while (" << expr(sc, bool_type(), 1) << ") {\n";
        process_stmts(out, sc, process, indexed, pick(2) + 1, depth + 1, indent + "  ");
        out << indent << "}\n";
      } else if (choice < 2) {
        out << "atomic {\n";
        scope inner = sc;
        atomic_stmts(out, inner, pick(3) + 1, 0, indent + "  ");
        out << indent << "}\n";
      } else if (choice < 3) {
        out << assignment(sc, false) << "\n";
      } else if (choice < 4) {
        out << "await " << expr(sc, bool_type(), 1) << ";\n";
      } else if (choice < 5) {
        out << (chance(50) ? emit(sc) : "skip;") << "\n";
      } else if (choice < 7) {
        out << "if (" << expr(sc, bool_type(), 1) << ") {\n";
        process_stmts(out, sc, process, indexed, pick(2) + 1, depth + 1, indent + "  ");
        out << indent << "}";
        if (chance(50)) {
          out << " else {\n";
          process_stmts(out, sc, process, indexed, pick(2) + 1, depth + 1, indent + "  ");
          out << indent << "}";
        }
        out << "\n";
      } else {
        out << "either {\n";
        process_stmts(out, sc, process, indexed, pick(2) + 1, depth + 1, indent + "  ");
        out << indent << "} or {\n";
        process_stmts(out, sc, process, indexed, pick(2) + 1, depth + 1, indent + "  ");
        out << indent << "}\n";
      }
    }
  }

  // ------------------------------------------------------------------ monitors and properties
  void monitor(std::ostringstream& out, scope& props_scope, int id) {
    const std::string name = "mon" + std::to_string(id);
    out << "monitor " << name << " {\n";
    scope handler;
    for (const auto& v : globals_) handler.vars.push_back(v);
    for (const auto& v : props_scope.vars)
      if (v.monitor) handler.vars.push_back({v.name, v.type, false, true});   // other monitors: read only
    std::vector<var_info> own;
    for (int i = pick(2) + 1; i > 0; --i) {
      // A property file has no type aliases: monitor variables take types spelled without one.
      const std::string kept = aliases_.str();   // types tried and dropped declare no alias
      type_ref t = chance(50) ? range_type(0, 2) : var_type();
      while (needs_alias(t)) t = var_type();
      aliases_.str("");
      aliases_ << kept;
      const std::string v = fresh("h");
      out << "  var " << v << ": " << spell(t) << ";\n";
      own.push_back({v, t, true, true});
      props_scope.vars.push_back({name + "." + v, t, false, true});
    }
    for (const auto& v : own) handler.vars.push_back(v);
    std::vector<bool> handled(events_.size(), false);
    for (int h = pick(2) + 1; h > 0 && !events_.empty(); --h) {
      const std::size_t e = static_cast<std::size_t>(pick(static_cast<int>(events_.size())));
      if (handled[e]) continue;
      handled[e] = true;
      scope sc = handler;
      out << "  on ev" << e << "(";
      for (std::size_t i = 0; i < events_[e].size(); ++i) {
        if (chance(25)) {
          out << (i ? ", " : "") << "_";
          continue;
        }
        const std::string b = fresh("b");
        out << (i ? ", " : "") << b;
        sc.vars.push_back({b, events_[e][i], false, false});
      }
      out << ") {\n";
      for (int s = pick(2) + 1; s > 0; --s) {
        if (chance(30)) {
          out << "    if (" << expr(sc, bool_type(), 1) << ") " << assignment(sc, true) << "\n";
        } else {
          out << "    " << assignment(sc, true) << "\n";
        }
      }
      out << "  }\n";
    }
    out << "}\n\n";
  }

  // ------------------------------------------------------------------ state
  struct fn_info {
    std::string name;
    std::vector<type_ref> params;
  };

  std::mt19937_64 rng_;
  generator_options opts_;
  int names_ = 0;
  bool has_sym_ = false;
  // Whether ids may be named (Tid(k)). A named id is never permuted, so half of the models name
  // none and the symmetry reduction gets the whole group; they read a global `gid: Tid` instead.
  bool fixed_ids_ = true;
  int sym_size_ = 2;
  std::vector<int> enum_sizes_;
  std::vector<std::vector<type_ref>> events_;
  std::vector<var_info> globals_;
  std::vector<label_info> labels_;
  std::vector<fn_info> fns_;     // boolean fns of the model
  bool in_fn_ = false;           // generating a fn body
  std::ostringstream aliases_;
};

generated_case generator::run() {
  std::ostringstream decls;
  has_sym_ = chance(70);
  for (int e = pick(2) + 1; e > 0; --e) enum_sizes_.push_back(pick(3) + 2);

  // Declarations first (into `decls`), so that aliases made while spelling types can precede them.
  if (has_sym_) {
    sym_size_ = pick(2) + 2;
    decls << "param N: 1..3 = " << sym_size_ << ";\n";
    decls << "symmetric type Tid = 0..N-1;\n";
    fixed_ids_ = chance(50);
  }
  for (std::size_t e = 0; e < enum_sizes_.size(); ++e) {
    decls << "enum E" << e << " { ";
    for (int k = 0; k < enum_sizes_[e]; ++k) decls << (k ? ", " : "") << enum_constant(static_cast<int>(e), k);
    decls << " }\n";
  }
  if (has_sym_ && !fixed_ids_) {
    decls << "var gid: Tid;\n";
    globals_.push_back({"gid", sym_type(), true, false});
  }
  for (int v = pick(4) + 2; v > 0; --v) {
    const type_ref t = var_type();
    const std::string name = fresh("g");
    decls << "var " << name << ": " << spell(t);
    if (t->k != kind::array && chance(30) && (fixed_ids_ || !mentions_ids(t))) {
      // An initialiser is a constant expression: a literal of the type (for a range, one that fits).
      decls << " = " << literal_of(t);
    }
    decls << ";\n";
    globals_.push_back({name, t, true, false});
  }
  for (int f = pick(3); f > 0; --f) {
    fn_info fn{fresh("f"), {}};
    scope body;
    body.vars = globals_;
    for (auto& v : body.vars) v.writable = false;
    decls << "fn " << fn.name << "(";
    for (int p = pick(2) + 1; p > 0; --p) {
      const type_ref t = domain_type();
      const std::string name = fresh("fa");
      decls << (fn.params.empty() ? "" : ", ") << name << ": " << spell(t);
      fn.params.push_back(t);
      body.vars.push_back({name, t, false, false});
    }
    in_fn_ = true;
    decls << "): bool = " << expr(body, bool_type(), 1) << ";\n";
    in_fn_ = false;
    fns_.push_back(std::move(fn));
  }
  for (int e = pick(3); e > 0; --e) {
    std::vector<type_ref> params;
    std::ostringstream line;
    line << "event ev" << events_.size() << "(";
    for (int p = pick(2) + 1; p > 0; --p) {
      const type_ref t = domain_type();
      line << (params.empty() ? "" : ", ") << "a" << params.size() << ": " << spell(t);
      params.push_back(t);
    }
    decls << line.str() << ");\n";
    events_.push_back(std::move(params));
  }
  decls << "\n";

  if (chance(35)) {
    scope sc;
    sc.vars = globals_;
    decls << "init {\n";
    atomic_stmts(decls, sc, pick(2) + 1, 1, "  ");
    decls << "}\n\n";
  }

  const int processes = pick(2) + 1;
  for (int p = 0; p < processes; ++p) {
    const std::string name = "p" + std::to_string(p);
    const bool indexed = has_sym_ && chance(60);
    scope sc;
    sc.vars = globals_;
    if (chance(10)) decls << (chance(50) ? "unfair " : "fair ");
    decls << "process " << name;
    if (indexed) {
      const std::string t = fresh("t");
      decls << "[" << t << ": Tid]";
      sc.vars.push_back({t, sym_type(), false, false});
    }
    decls << " {\n";
    if (chance(35)) {
      const type_ref lt = chance(50) ? range_type(0, 2) : domain_type();
      const std::string l = fresh("l");
      decls << "  var " << l << ": " << spell(lt) << ";\n";
      sc.vars.push_back({l, lt, true, false});
    }
    if (chance(65)) {
      decls << "  loop {\n";
      process_stmts(decls, sc, name, indexed, pick(3) + 1, 0, "    ");
      decls << "  }\n";
    } else {
      process_stmts(decls, sc, name, indexed, pick(3) + 1, 0, "  ");
    }
    decls << "}\n\n";
  }

  // A syscall or two, called by the most general environment.
  int syscalls = chance(30) ? pick(2) + 1 : 0;
  for (int k = 0; k < syscalls; ++k) {
    scope sc;
    sc.vars = globals_;
    decls << "syscall sc" << k << "(";
    for (int p = pick(2); p > 0; --p) {
      const type_ref t = domain_type();
      const std::string name = fresh("sa");
      decls << (sc.vars.size() == globals_.size() ? "" : ", ") << name << ": " << spell(t);
      sc.vars.push_back({name, t, false, false});
    }
    decls << ") {\n";
    process_stmts(decls, sc, "", false, pick(2) + 1, 0, "  ");
    decls << "}\n\n";
  }

  generated_case c;
  c.env_calls = syscalls > 0 ? pick(2) + 1 : -1;
  c.model = "// ptmc check fuzz.ptm fuzz.inv" + (c.env_calls >= 0 ? " --env-calls " + std::to_string(c.env_calls) : "") +
            "\nmodel \"fuzz\";\n\n" + aliases_.str() + decls.str();
  aliases_.str("");

  // The property file: monitors, invariants, leads-to and after properties.
  std::ostringstream props;
  scope ps;
  ps.properties = true;
  for (const auto& v : globals_) ps.vars.push_back({v.name, v.type, false, false});
  for (int m = pick(3) == 0 ? 1 : 0; m > 0; --m) monitor(props, ps, 0);
  if (!events_.empty() && chance(40)) monitor(props, ps, 1);
  for (int i = pick(3) + 1; i > 0; --i) {
    props << "invariant inv" << i << ": ";
    if (chance(40)) {
      props << expr(ps, bool_type(), 1) << " -> " << expr(ps, bool_type(), 1) << ";\n";
    } else {
      props << expr(ps, bool_type(), 0) << ";\n";
    }
  }
  for (int i = pick(3); i > 0; --i)
    props << "property lt" << i << ": " << expr(ps, bool_type(), 1) << " ~> " << expr(ps, bool_type(), 1) << ";\n";
  if (!events_.empty() && chance(40)) {
    const std::size_t e = static_cast<std::size_t>(pick(static_cast<int>(events_.size())));
    props << "property after0: after ev" << e << "(";
    for (std::size_t i = 0; i < events_[e].size(); ++i) {
      props << (i ? ", " : "");
      if (chance(50) || (!fixed_ids_ && events_[e][i]->k == kind::symmetric)) {
        props << "_";
      } else {
        props << literal_of(events_[e][i]);
      }
    }
    props << ") ~> " << expr(ps, bool_type(), 1) << ";\n";
  }
  c.properties = "properties for \"fuzz.ptm\";\n\n" + aliases_.str() + props.str();
  return c;
}

}  // namespace

generated_case generate(std::uint64_t seed, const generator_options& options) {
  generator g(seed, options);
  return g.run();
}

}  // namespace ptmc::modelfuzz

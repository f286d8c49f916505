#include "ir/builder.h"

#include <algorithm>
#include <bit>
#include <utility>

#include "base/invariant.h"

namespace ptmc::ir {

std::uint8_t bits_for(std::uint64_t count) {
  std::uint8_t bits = 0;
  while (bits < 64 && (std::uint64_t{1} << bits) < count) ++bits;
  return bits;
}

unsigned slot_width(value lo, value hi, bool optional) {
  // The largest stored code: hi - lo, plus one for none; unsigned, since hi - lo may exceed int64.
  const std::uint64_t span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
  if (optional && span == ~std::uint64_t{0}) return 65;
  return static_cast<unsigned>(std::bit_width(span + (optional ? 1 : 0)));
}

namespace {

bool is_domain_kind(type_kind k) {
  return k == type_kind::boolean || k == type_kind::range || k == type_kind::enumeration || k == type_kind::symmetric;
}

bool is_aggregate_kind(type_kind k) {
  return k == type_kind::array || k == type_kind::record || k == type_kind::list || k == type_kind::optional;
}

// The printed name of index `i` of a domain type, for slot paths.
std::string index_name(const type& domain, value i) {
  if (domain.kind == type_kind::enumeration && static_cast<std::size_t>(i) < domain.value_names.size())
    return domain.value_names[static_cast<std::size_t>(i)];
  if (domain.kind == type_kind::boolean) return i ? "true" : "false";
  return std::to_string(domain.lo + i);
}

template <class T>
void push_unique(std::vector<T>& v, const T& x) {
  if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

}  // namespace

builder::builder(std::string model_name) {
  m_.name = model_name;
  m_.chain.push_back(std::move(model_name));
}

// ------------------------------------------------------------ types

type_id builder::add_type(type t) {
  m_.types.push_back(std::move(t));
  return static_cast<type_id>(m_.types.size() - 1);
}

type_id builder::type_bool() {
  type t;
  t.kind = type_kind::boolean;
  t.name = "bool";
  t.lo = 0;
  t.hi = 1;
  return add_type(std::move(t));
}

type_id builder::type_range(value lo, value hi, std::string name) {
  PTMC_INVARIANT(lo <= hi, "a range type is not empty");
  type t;
  t.kind = type_kind::range;
  t.name = std::move(name);
  t.lo = lo;
  t.hi = hi;
  return add_type(std::move(t));
}

type_id builder::type_enum(std::string name, std::vector<std::string> value_names) {
  PTMC_INVARIANT(!value_names.empty(), "an enumeration has at least one constant");
  type t;
  t.kind = type_kind::enumeration;
  t.name = std::move(name);
  t.lo = 0;
  t.hi = static_cast<value>(value_names.size()) - 1;
  t.value_names = std::move(value_names);
  return add_type(std::move(t));
}

type_id builder::type_symmetric(std::string name, std::uint32_t size, std::vector<std::uint32_t> fixed_ids) {
  PTMC_INVARIANT(size >= 1, "a symmetric type has at least one id");
  symmetric_domain d;
  d.name = name;
  d.size = size;
  d.fixed_ids = std::move(fixed_ids);
  m_.symmetric_domains.push_back(std::move(d));
  type t;
  t.kind = type_kind::symmetric;
  t.name = std::move(name);
  t.lo = 0;
  t.hi = static_cast<value>(size) - 1;
  t.symmetric_domain = static_cast<std::int32_t>(m_.symmetric_domains.size() - 1);
  return add_type(std::move(t));
}

type_id builder::type_set(type_id elem) {
  PTMC_INVARIANT(elem < m_.types.size() && is_domain_kind(m_.types[elem].kind), "set elements are a domain type");
  PTMC_INVARIANT(m_.types[elem].domain_size() <= 64, "a set has at most 64 possible elements");
  type t;
  t.kind = type_kind::set;
  t.elem = elem;
  return add_type(std::move(t));
}

type_id builder::type_array(type_id elem, type_id index) {
  PTMC_INVARIANT(elem < m_.types.size(), "array element type exists");
  PTMC_INVARIANT(index < m_.types.size() && is_domain_kind(m_.types[index].kind), "arrays are indexed by a domain type");
  type t;
  t.kind = type_kind::array;
  t.elem = elem;
  t.index = index;
  return add_type(std::move(t));
}

type_id builder::type_record(std::string name, std::vector<std::pair<std::string, type_id>> fields) {
  for (const auto& f : fields) PTMC_INVARIANT(f.second < m_.types.size(), "record field types exist");
  type t;
  t.kind = type_kind::record;
  t.name = std::move(name);
  t.fields = std::move(fields);
  return add_type(std::move(t));
}

type_id builder::type_list(type_id elem, std::uint32_t capacity) {
  PTMC_INVARIANT(elem < m_.types.size(), "list element type exists");
  type t;
  t.kind = type_kind::list;
  t.elem = elem;
  t.capacity = capacity;
  t.lo = 0;
  t.hi = capacity;
  return add_type(std::move(t));
}

type_id builder::type_optional(type_id inner) {
  PTMC_INVARIANT(inner < m_.types.size(), "optional inner type exists");
  const type& in = m_.types[inner];
  PTMC_INVARIANT(in.kind != type_kind::set || m_.types[in.elem].domain_size() < 64,
                 "an optional set has at most 63 possible elements (one code is none)");
  // none is the int64 none_value: a value equal to it could not be told from none (the front end
  // refuses it: integers stop at -(2^63 - 1), see base/checked_int.h).
  PTMC_INVARIANT(in.kind != type_kind::range || in.lo != none_value, "an optional's values exclude none_value");
  type t;
  t.kind = type_kind::optional;
  t.elem = inner;
  return add_type(std::move(t));
}

type_id builder::internal_range(value lo, value hi, const std::string& name) {
  const std::string key = name + ":" + std::to_string(lo) + ":" + std::to_string(hi);
  for (const auto& [k, t] : internal_types_)
    if (k == key) return t;
  const type_id t = name == "bool" ? type_bool() : type_range(lo, hi, name);
  internal_types_.emplace_back(key, t);
  return t;
}

std::uint32_t builder::symmetric_domain_of(type_id symmetric_type) const {
  PTMC_INVARIANT(symmetric_type < m_.types.size() && m_.types[symmetric_type].kind == type_kind::symmetric,
                 "only symmetric types have a domain");
  return static_cast<std::uint32_t>(m_.types[symmetric_type].symmetric_domain);
}

// ------------------------------------------------------------ variables

slot_id builder::add_slot(const std::string& path, type_id t, slot_encoding enc, value lo, value hi, std::uint8_t width) {
  slot s;
  s.bit_offset = m_.state_bits;
  s.width = width;
  s.encoding = enc;
  s.lo = lo;
  s.hi = hi;
  s.type = t;
  s.path = path;
  m_.slots.push_back(std::move(s));
  m_.state_bits += width;
  return static_cast<slot_id>(m_.slots.size() - 1);
}

void builder::register_scalar_symmetry(type_id scalar_type, slot_encoding enc, slot_id s) {
  const type& t = m_.types[scalar_type];
  if (t.kind == type_kind::symmetric) {
    push_unique(m_.symmetric_domains[static_cast<std::size_t>(t.symmetric_domain)].value_slots, s);
  } else if (t.kind == type_kind::set && enc == slot_encoding::bitmask) {
    const type& elem = m_.types[t.elem];
    if (elem.kind == type_kind::symmetric)
      push_unique(m_.symmetric_domains[static_cast<std::size_t>(elem.symmetric_domain)].set_slots, s);
  }
}

// Appends the slots of a value of type `t` named `path`, depth first (values.h).
void builder::lay_out(const std::string& path, type_id t) {
  const type ty = m_.types[t];  // copy: m_.types is not modified here, but keep it simple and safe
  switch (ty.kind) {
    case type_kind::boolean:
    case type_kind::range:
    case type_kind::enumeration:
    case type_kind::symmetric: {
      const slot_id s = add_slot(path, t, slot_encoding::offset, ty.lo, ty.hi,
                                 static_cast<std::uint8_t>(slot_width(ty.lo, ty.hi, false)));
      register_scalar_symmetry(t, slot_encoding::offset, s);
      return;
    }
    case type_kind::set: {
      const auto n = static_cast<std::uint8_t>(m_.types[ty.elem].domain_size());
      const value hi = n >= 64 ? -1 : static_cast<value>((std::uint64_t{1} << n) - 1);
      const slot_id s = add_slot(path, t, slot_encoding::bitmask, 0, hi, n);
      register_scalar_symmetry(t, slot_encoding::bitmask, s);
      return;
    }
    case type_kind::optional: {
      const type inner = m_.types[ty.elem];
      if (is_aggregate_kind(inner.kind)) {
        lay_out(path + ".present", internal_range(0, 1, "bool"));
        lay_out(path, ty.elem);
        return;
      }
      value lo = inner.lo, hi = inner.hi;
      if (inner.kind == type_kind::set) {
        lo = 0;
        hi = static_cast<value>((std::uint64_t{1} << m_.types[inner.elem].domain_size()) - 1);
      }
      const unsigned width = slot_width(lo, hi, true);
      PTMC_INVARIANT(width <= 64, "an optional's values and none fit in 64 bits (type_optional checks it)");
      const slot_id s = add_slot(path, ty.elem, slot_encoding::optional, lo, hi, static_cast<std::uint8_t>(width));
      if (inner.kind == type_kind::symmetric) register_scalar_symmetry(ty.elem, slot_encoding::optional, s);
      return;
    }
    case type_kind::array: {
      const type index = m_.types[ty.index];
      const slot_id first = static_cast<slot_id>(m_.slots.size());
      for (value i = 0; i < index.domain_size(); ++i) lay_out(path + "[" + index_name(index, i) + "]", ty.elem);
      if (index.kind == type_kind::symmetric)
        add_symmetric_block(static_cast<std::uint32_t>(index.symmetric_domain), first, slot_count(m_, ty.elem));
      return;
    }
    case type_kind::record:
      for (const auto& [name, field] : ty.fields) lay_out(path + "." + name, field);
      return;
    case type_kind::list: {
      lay_out(path + ".length", internal_range(0, ty.capacity, "length"));
      for (std::uint32_t i = 0; i < ty.capacity; ++i) lay_out(path + "[" + std::to_string(i) + "]", ty.elem);
      return;
    }
  }
}

slot_id builder::add_variable(std::string name, type_id t, var_kind kind) {
  PTMC_INVARIANT(t < m_.types.size(), "variable type exists");
  variable v;
  v.name = name;
  v.kind = kind;
  v.type = t;
  v.first_slot = static_cast<slot_id>(m_.slots.size());
  lay_out(name, t);
  v.slot_count = static_cast<std::uint32_t>(m_.slots.size()) - v.first_slot;
  PTMC_INVARIANT(v.slot_count == slot_count(m_, t), "layout agrees with slot_count");
  const slot_id first = v.first_slot;
  m_.variables.push_back(std::move(v));
  return first;
}

const variable& builder::variable_named(const std::string& name) const {
  for (const variable& v : m_.variables)
    if (v.name == name) return v;
  PTMC_UNREACHABLE("variable_named: no variable of that name");
}

// ------------------------------------------------------------ expressions

expr_id builder::push_expr(expr_node n) {
  m_.exprs.push_back(n);
  return static_cast<expr_id>(m_.exprs.size() - 1);
}

value_sort builder::sort_of_slot(slot_id s) const {
  PTMC_INVARIANT(s < m_.slots.size(), "slot exists");
  const type& t = m_.types[m_.slots[s].type];
  if (t.kind == type_kind::boolean) return value_sort::boolean;
  if (t.kind == type_kind::set) return value_sort::set;
  return value_sort::integer;
}

expr_id builder::constant(value v, value_sort sort) {
  expr_node n;
  n.o = op::constant;
  n.sort = sort;
  n.constant = v;
  return push_expr(n);
}

expr_id builder::load(slot_id s) {
  expr_node n;
  n.o = op::load;
  n.sort = sort_of_slot(s);
  n.slot = s;
  return push_expr(n);
}

expr_id builder::load_dynamic(slot_id base, std::uint32_t stride, std::uint32_t count, expr_id index) {
  expr_node n;
  n.o = op::load_dynamic;
  n.sort = sort_of_slot(base);
  n.slot = base;
  n.stride = stride;
  n.count = count;
  n.a = index;
  return push_expr(n);
}

expr_id builder::reg(std::uint32_t r, value_sort sort) {
  PTMC_INVARIANT(r < m_.register_count, "register allocated by new_register");
  expr_node n;
  n.o = op::reg;
  n.sort = sort;
  n.reg = r;
  return push_expr(n);
}

expr_id builder::unary(op o, expr_id a) {
  PTMC_INVARIANT(a < m_.exprs.size(), "operand exists");
  expr_node n;
  n.o = o;
  n.a = a;
  switch (o) {
    case op::logical_not: case op::is_none: n.sort = value_sort::boolean; break;
    case op::negate: case op::set_card: case op::set_min: case op::set_max: n.sort = value_sort::integer; break;
    case op::set_singleton: n.sort = value_sort::set; break;
    case op::unwrap: n.sort = m_.exprs[a].sort; break;
    default: PTMC_UNREACHABLE("builder::unary: not a unary op");
  }
  return push_expr(n);
}

expr_id builder::binary(op o, expr_id a, expr_id b) {
  PTMC_INVARIANT(a < m_.exprs.size() && b < m_.exprs.size(), "operands exist");
  expr_node n;
  n.o = o;
  n.a = a;
  n.b = b;
  switch (o) {
    case op::add: case op::sub: case op::mul: case op::div: case op::mod: n.sort = value_sort::integer; break;
    case op::eq: case op::ne: case op::lt: case op::le: case op::gt: case op::ge:
    case op::logical_and: case op::logical_or: case op::implies: case op::set_has:
      n.sort = value_sort::boolean;
      break;
    case op::set_union: case op::set_inter: case op::set_diff: n.sort = value_sort::set; break;
    default: PTMC_UNREACHABLE("builder::binary: not a binary op");
  }
  return push_expr(n);
}

expr_id builder::ite(expr_id cond, expr_id then_e, expr_id else_e) {
  PTMC_INVARIANT(cond < m_.exprs.size() && then_e < m_.exprs.size() && else_e < m_.exprs.size(), "operands exist");
  expr_node n;
  n.o = op::ite;
  n.sort = m_.exprs[then_e].sort;
  n.a = cond;
  n.b = then_e;
  n.c = else_e;
  return push_expr(n);
}

// ------------------------------------------------------------ statements

stmt builder::store(slot_id s, expr_id e) {
  stmt st;
  st.kind = stmt_kind::store;
  st.slot = s;
  st.e = e;
  return st;
}

stmt builder::store_dynamic(slot_id base, std::uint32_t stride, std::uint32_t count, expr_id index, expr_id e) {
  stmt st;
  st.kind = stmt_kind::store_dynamic;
  st.slot = base;
  st.stride = stride;
  st.count = count;
  st.index = index;
  st.e = e;
  return st;
}

stmt builder::set_reg(std::uint32_t r, expr_id e) {
  stmt st;
  st.kind = stmt_kind::set_reg;
  st.reg = r;
  st.e = e;
  return st;
}

stmt builder::assume(expr_id cond) {
  stmt st;
  st.kind = stmt_kind::assume;
  st.e = cond;
  return st;
}

stmt builder::assert_(expr_id cond, std::string message) {
  stmt st;
  st.kind = stmt_kind::assert_;
  st.e = cond;
  st.message = std::move(message);
  return st;
}

stmt builder::if_(expr_id cond, std::vector<stmt> body, std::vector<stmt> else_body) {
  stmt st;
  st.kind = stmt_kind::if_;
  st.e = cond;
  st.body = std::move(body);
  st.else_body = std::move(else_body);
  return st;
}

stmt builder::choose(std::uint32_t r, std::uint32_t count) {
  stmt st;
  st.kind = stmt_kind::choose;
  st.reg = r;
  st.count = count;
  return st;
}

stmt builder::emit(std::uint32_t event, std::vector<expr_id> args) {
  stmt st;
  st.kind = stmt_kind::emit;
  st.event = event;
  st.args = std::move(args);
  return st;
}

stmt builder::error(std::string message) {
  stmt st;
  st.kind = stmt_kind::error;
  st.message = std::move(message);
  return st;
}

std::uint32_t builder::new_register() { return m_.register_count++; }

// ------------------------------------------------------------ processes and transitions

std::uint32_t builder::add_process(std::string name, std::uint32_t pc_count, process_role role) {
  PTMC_INVARIANT(pc_count >= 1, "a process has at least one pc value");
  process p;
  p.name = name;
  p.role = role;
  p.pc_count = pc_count;
  p.by_pc.resize(pc_count);
  p.pc_slot = add_variable(name + ".pc", internal_range(0, pc_count - 1, "pc"), var_kind::pc);
  m_.processes.push_back(std::move(p));
  return static_cast<std::uint32_t>(m_.processes.size() - 1);
}

process_family builder::add_process_family(std::string name, std::uint32_t domain, std::uint32_t pc_count,
                                           const std::vector<std::pair<std::string, type_id>>& locals,
                                           process_role role) {
  PTMC_INVARIANT(domain < m_.symmetric_domains.size(), "symmetric domain exists");
  process_family f;
  f.first_slot = static_cast<slot_id>(m_.slots.size());
  const std::uint32_t size = m_.symmetric_domains[domain].size;
  for (std::uint32_t k = 0; k < size; ++k) {
    const std::string instance = name + "[" + std::to_string(k) + "]";
    const std::uint32_t p = add_process(instance, pc_count, role);
    m_.processes[p].symmetric_domain = static_cast<std::int32_t>(domain);
    m_.processes[p].symmetric_index = static_cast<std::int32_t>(k);
    f.processes.push_back(p);
    for (const auto& [local, t] : locals) {
      const slot_id s = add_variable(instance + "." + local, t, var_kind::local);
      if (k == 0) f.local_offsets.push_back(s - f.first_slot);
    }
    if (k == 0) f.stride = static_cast<std::uint32_t>(m_.slots.size()) - f.first_slot;
  }
  add_symmetric_block(domain, f.first_slot, f.stride);
  for (const std::uint32_t p : f.processes) push_unique(m_.symmetric_domains[domain].processes, p);
  return f;
}

stmt builder::set_pc(std::uint32_t process, std::uint32_t pc) {
  PTMC_INVARIANT(process < m_.processes.size(), "process exists");
  return store(m_.processes[process].pc_slot, constant(pc));
}

transition_id builder::add_transition(std::uint32_t process, std::uint32_t pc, std::string name, std::vector<stmt> effect) {
  PTMC_INVARIANT(process < m_.processes.size(), "process exists");
  PTMC_INVARIANT(pc < m_.processes[process].pc_count, "pc in range");
  transition t;
  t.name = std::move(name);
  t.process = process;
  t.pc = pc;
  t.effect = std::move(effect);
  m_.transitions.push_back(std::move(t));
  const auto id = static_cast<transition_id>(m_.transitions.size() - 1);
  m_.processes[process].by_pc[pc].push_back(id);
  return id;
}

transition_id builder::add_transition(std::uint32_t process, std::uint32_t pc, std::string name, std::vector<stmt> effect,
                                      std::uint32_t next_pc) {
  effect.push_back(set_pc(process, next_pc));
  return add_transition(process, pc, std::move(name), std::move(effect));
}

void builder::mark_final(std::uint32_t process, std::uint32_t pc) {
  PTMC_INVARIANT(process < m_.processes.size() && pc < m_.processes[process].pc_count, "process and pc exist");
  push_unique(m_.processes[process].final_pcs, pc);
}

// ------------------------------------------------------------ events, init, properties, symmetry

std::uint32_t builder::add_event(std::string name, std::vector<std::pair<std::string, type_id>> params) {
  event_decl e;
  e.name = std::move(name);
  for (auto& [pname, t] : params) {
    e.param_names.push_back(std::move(pname));
    e.param_types.push_back(t);
  }
  m_.events.push_back(std::move(e));
  return static_cast<std::uint32_t>(m_.events.size() - 1);
}

void builder::add_init(stmt s) { m_.init.push_back(std::move(s)); }

void builder::add_invariant(std::string name, expr_id condition, std::string doc) {
  invariant inv;
  inv.name = std::move(name);
  inv.doc = std::move(doc);
  inv.condition = condition;
  m_.invariants.push_back(std::move(inv));
}

void builder::add_symmetric_block(std::uint32_t domain, slot_id first, std::uint32_t stride) {
  PTMC_INVARIANT(domain < m_.symmetric_domains.size(), "symmetric domain exists");
  auto& blocks = m_.symmetric_domains[domain].blocks;
  for (const symmetric_block& b : blocks)
    if (b.first == first && b.stride == stride) return;
  blocks.push_back(symmetric_block{first, stride});
}

void builder::add_symmetric_value_slot(std::uint32_t domain, slot_id s) {
  PTMC_INVARIANT(domain < m_.symmetric_domains.size(), "symmetric domain exists");
  push_unique(m_.symmetric_domains[domain].value_slots, s);
}

void builder::add_symmetric_set_slot(std::uint32_t domain, slot_id s) {
  PTMC_INVARIANT(domain < m_.symmetric_domains.size(), "symmetric domain exists");
  push_unique(m_.symmetric_domains[domain].set_slots, s);
}

model builder::finish() {
  validate(m_);
  return std::move(m_);
}

}  // namespace ptmc::ir

#include "ir/exec.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "base/checked_int.h"
#include "base/invariant.h"
#include "ir/exec_messages.h"
#include "ir/state.h"

namespace ptmc::ir {

using detail::instr;
using detail::opcode;
using detail::slot_desc;

// ---------------------------------------------------------------- compilation

namespace {

slot_desc describe_slot(const slot& s) {
  slot_desc d;
  d.word = s.bit_offset / 64;
  d.shift = static_cast<std::uint8_t>(s.bit_offset % 64);
  d.width = s.width;
  d.split = s.width > 0 && d.shift + s.width > 64;
  d.encoding = s.encoding;
  d.mask = s.width == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << s.width) - 1;
  d.lo = s.lo;
  d.hi = s.hi;
  return d;
}

// Ops whose result is always 0 or 1, so a logical operator need not normalise it.
bool yields_bool(op o) {
  switch (o) {
    case op::logical_not: case op::eq: case op::ne: case op::lt: case op::le: case op::gt: case op::ge:
    case op::logical_and: case op::logical_or: case op::implies: case op::set_has: case op::is_none:
      return true;
    default:
      return false;
  }
}

// The stored bits of constant `v` in slot `d`, or false when `v` can never be stored there.
bool encodable(const slot_desc& d, value v, std::uint64_t* bits) {
  switch (d.encoding) {
    case slot_encoding::offset:
      if (v < d.lo || v > d.hi) return false;
      *bits = value_offset(d.lo, v);
      return true;
    case slot_encoding::optional:
      if (v == none_value) {
        *bits = 0;
        return true;
      }
      if (v < d.lo || v > d.hi) return false;
      *bits = value_offset(d.lo, v) + 1;
      return true;
    case slot_encoding::bitmask:
      if ((static_cast<std::uint64_t>(v) & ~d.mask) != 0) return false;
      *bits = static_cast<std::uint64_t>(v);
      return true;
  }
  return false;
}

}  // namespace

// Compiles the programs of a model into a compiled_model's code.
class program_compiler {
 public:
  explicit program_compiler(compiled_model& c) : c_(c), m_(c.m_) {}

  compiled_model::program_info compile_effect(const std::vector<stmt>& body) {
    compiled_model::program_info p;
    p.entry = here();
    depth_ = 0;
    p.max_chooses = compile_stmts(body);
    emit_plain(opcode::end);
    c_.max_chooses_ = std::max(c_.max_chooses_, p.max_chooses);
    return p;
  }

  compiled_model::program_info compile_expression(expr_id e) {
    PTMC_INVARIANT(e < m_.exprs.size(), "compiled expressions exist");
    compiled_model::program_info p;
    p.entry = here();
    depth_ = 0;
    compile_expr(e);
    emit_plain(opcode::end);
    return p;
  }

 private:
  std::uint32_t here() const { return static_cast<std::uint32_t>(c_.code_.size()); }

  std::uint32_t emit(const instr& in) {
    c_.code_.push_back(in);
    return here() - 1;
  }

  std::uint32_t emit_plain(opcode o, std::uint32_t a = 0, std::uint32_t b = 0, std::uint32_t c = 0) {
    instr in;
    in.code = o;
    in.a = a;
    in.b = b;
    in.c = c;
    return emit(in);
  }

  void patch(std::uint32_t at) { c_.code_[at].a = here(); }

  void push(std::uint32_t n = 1) {
    depth_ += n;
    c_.max_stack_ = std::max(c_.max_stack_, depth_);
  }
  void pop(std::uint32_t n = 1) {
    PTMC_INVARIANT(depth_ >= n, "the compiler tracks the stack depth exactly");
    depth_ -= n;
  }

  std::uint32_t message(const std::string& text) {
    c_.messages_.push_back(text);
    return static_cast<std::uint32_t>(c_.messages_.size() - 1);
  }

  const slot_desc& desc(slot_id s) const { return c_.slot_table_[s]; }

  // A word access instruction for slot `s` with opcode `o`.
  instr word_access(opcode o, slot_id s) const {
    const slot_desc& d = desc(s);
    instr in;
    in.code = o;
    in.a = d.width == 0 ? 0 : d.word;
    in.shift = d.shift;
    in.mask = d.width == 0 ? 0 : d.mask;
    in.lo = d.lo;
    in.hi = d.hi;
    in.b = s;
    in.c = s;
    return in;
  }

  void compile_load(slot_id s) {
    const slot_desc& d = desc(s);
    push();
    if (d.width == 0 && d.encoding == slot_encoding::offset) {
      instr in;
      in.code = opcode::push_const;
      in.lo = d.lo;
      emit(in);
    } else if (d.split) {
      emit(word_access(opcode::load_slot, s));
    } else if (d.encoding == slot_encoding::optional) {
      emit(word_access(opcode::load_optional, s));
    } else {
      instr in = word_access(opcode::load_word, s);
      if (d.encoding == slot_encoding::bitmask) in.lo = 0;
      emit(in);
    }
  }

  // load(slot) == constant (either order) on a slot in one word: one fused instruction.
  bool try_compile_slot_eq(const expr_node& n) {
    if (n.o != op::eq) return false;
    const expr_node* load = &m_.exprs[n.a];
    const expr_node* constant = &m_.exprs[n.b];
    if (load->o != op::load) std::swap(load, constant);
    if (load->o != op::load || constant->o != op::constant) return false;
    const slot_desc& d = desc(load->slot);
    if (d.split || d.width == 0) return false;
    push();
    std::uint64_t bits = 0;
    if (!encodable(d, constant->constant, &bits)) {
      instr in;
      in.code = opcode::push_const;
      in.lo = 0;
      emit(in);
      return true;
    }
    instr in = word_access(opcode::slot_eq_const, load->slot);
    in.hi = static_cast<value>(bits);
    emit(in);
    return true;
  }

  void compile_expr(expr_id e) {
    const expr_node& n = m_.exprs[e];
    switch (n.o) {
      case op::constant: {
        instr in;
        in.code = opcode::push_const;
        in.lo = n.constant;
        emit(in);
        push();
        return;
      }
      case op::load:
        compile_load(n.slot);
        return;
      case op::load_dynamic: {
        compile_expr(n.a);
        instr in;
        in.code = opcode::load_dynamic;
        in.a = n.count;
        in.b = n.slot;
        in.mask = n.stride;
        in.c = e;
        emit(in);
        return;
      }
      case op::reg:
        emit_plain(opcode::push_reg, n.reg);
        push();
        return;
      case op::logical_and:
      case op::logical_or:
      case op::implies:
        compile_short_circuit(n);
        return;
      case op::ite: {
        compile_expr(n.a);
        const std::uint32_t to_else = emit_plain(opcode::jump_if_false);
        pop();
        compile_expr(n.b);
        const std::uint32_t to_end = emit_plain(opcode::jump);
        pop();
        patch(to_else);
        compile_expr(n.c);
        patch(to_end);
        return;
      }
      case op::eq:
        if (try_compile_slot_eq(n)) return;
        break;
      default:
        break;
    }
    compile_operator(e, n);
  }

  void compile_short_circuit(const expr_node& n) {
    compile_expr(n.a);
    const opcode jump = n.o == op::logical_and ? opcode::and_jump
                        : n.o == op::logical_or ? opcode::or_jump
                                                : opcode::implies_jump;
    const std::uint32_t at = emit_plain(jump);
    pop();
    compile_expr(n.b);
    if (!yields_bool(m_.exprs[n.b].o)) emit_plain(opcode::to_bool);
    patch(at);
  }

  // Plain unary and binary operators: operands, then the operator.
  void compile_operator(expr_id e, const expr_node& n) {
    static constexpr struct {
      op o;
      opcode code;
      bool binary;
    } table[] = {
        {op::logical_not, opcode::logical_not, false}, {op::negate, opcode::negate, false},
        {op::add, opcode::add, true}, {op::sub, opcode::sub, true}, {op::mul, opcode::mul, true},
        {op::div, opcode::div, true}, {op::mod, opcode::mod, true},
        {op::eq, opcode::eq, true}, {op::ne, opcode::ne, true}, {op::lt, opcode::lt, true},
        {op::le, opcode::le, true}, {op::gt, opcode::gt, true}, {op::ge, opcode::ge, true},
        {op::set_union, opcode::set_union, true}, {op::set_inter, opcode::set_inter, true},
        {op::set_diff, opcode::set_diff, true}, {op::set_has, opcode::set_has, true},
        {op::set_singleton, opcode::set_singleton, false}, {op::set_card, opcode::set_card, false},
        {op::set_min, opcode::set_min, false}, {op::set_max, opcode::set_max, false},
        {op::is_none, opcode::is_none, false}, {op::unwrap, opcode::unwrap, false},
    };
    for (const auto& row : table) {
      if (row.o != n.o) continue;
      compile_expr(n.a);
      if (row.binary) {
        compile_expr(n.b);
        pop();
      }
      emit_plain(row.code, 0, 0, e);
      return;
    }
    PTMC_UNREACHABLE("compile_operator: every op has an opcode");
  }

  // Returns the maximum number of chooses along any path through `body`.
  std::uint32_t compile_stmts(const std::vector<stmt>& body) {
    std::uint32_t chooses = 0;
    for (const stmt& s : body) chooses += compile_stmt(s);
    return chooses;
  }

  std::uint32_t compile_stmt(const stmt& s) {
    switch (s.kind) {
      case stmt_kind::store:
        compile_store(s);
        return 0;
      case stmt_kind::store_dynamic: {
        compile_expr(s.index);
        compile_expr(s.e);
        instr in;
        in.code = opcode::store_dynamic;
        in.a = s.count;
        in.b = s.slot;
        in.mask = s.stride;
        emit(in);
        pop(2);
        return 0;
      }
      case stmt_kind::set_reg:
        compile_expr(s.e);
        emit_plain(opcode::set_reg, s.reg);
        pop();
        return 0;
      case stmt_kind::assume:
        compile_assume(s.e);
        return 0;
      case stmt_kind::assert_:
        compile_expr(s.e);
        emit_plain(opcode::assert_, message(s.message));
        pop();
        return 0;
      case stmt_kind::if_: {
        compile_expr(s.e);
        const std::uint32_t to_else = emit_plain(opcode::jump_if_false);
        pop();
        const std::uint32_t then_chooses = compile_stmts(s.body);
        if (s.else_body.empty()) {
          patch(to_else);
          return then_chooses;
        }
        const std::uint32_t to_end = emit_plain(opcode::jump);
        patch(to_else);
        const std::uint32_t else_chooses = compile_stmts(s.else_body);
        patch(to_end);
        return std::max(then_chooses, else_chooses);
      }
      case stmt_kind::choose:
        emit_plain(opcode::choose, s.reg, s.count);
        return 1;
      case stmt_kind::emit: {
        for (const expr_id a : s.args) compile_expr(a);
        const auto n = static_cast<std::uint32_t>(s.args.size());
        emit_plain(opcode::emit, s.event, n);
        pop(n);
        c_.max_event_args_ = std::max(c_.max_event_args_, n);
        return 0;
      }
      case stmt_kind::error:
        emit_plain(opcode::fail, message(s.message));
        return 0;
    }
    PTMC_UNREACHABLE("all statement kinds handled");
  }

  void compile_assume(expr_id cond) {
    const expr_node& n = m_.exprs[cond];
    const std::uint32_t before = here();
    if (try_compile_slot_eq(n) && c_.code_.back().code == opcode::slot_eq_const && here() == before + 1) {
      c_.code_.back().code = opcode::assume_slot_eq;
      pop();
      return;
    }
    if (here() == before) compile_expr(cond);
    emit_plain(opcode::assume);
    pop();
  }

  void compile_store(const stmt& s) {
    const slot_desc& d = desc(s.slot);
    const expr_node& value_node = m_.exprs[s.e];
    std::uint64_t bits = 0;
    if (value_node.o == op::constant && !d.split && encodable(d, value_node.constant, &bits)) {
      instr in = word_access(opcode::store_const, s.slot);
      in.lo = static_cast<value>(bits);
      emit(in);
      return;
    }
    compile_expr(s.e);
    opcode o = opcode::store_word;
    if (d.split) {
      o = opcode::store_slot;
    } else if (d.encoding == slot_encoding::optional) {
      o = opcode::store_optional;
    } else if (d.encoding == slot_encoding::bitmask) {
      o = opcode::store_mask;
    }
    emit(word_access(o, s.slot));
    pop();
  }

  compiled_model& c_;
  const model& m_;
  std::uint32_t depth_ = 0;
};

compiled_model::compiled_model(const model& m) : m_(m) {
  slot_table_.reserve(m.slots.size());
  for (const slot& s : m.slots) slot_table_.push_back(describe_slot(s));
  program_compiler pc(*this);
  transition_programs_.reserve(m.transitions.size());
  for (const transition& t : m.transitions) transition_programs_.push_back(pc.compile_effect(t.effect));
  init_program_ = pc.compile_effect(m.init);
  for (const invariant& inv : m.invariants) invariant_entries_.push_back(add_expression(inv.condition));
}

std::uint32_t compiled_model::add_expression(expr_id e) {
  program_compiler pc(*this);
  expression_programs_.push_back(pc.compile_expression(e));
  return static_cast<std::uint32_t>(expression_programs_.size() - 1);
}

// ---------------------------------------------------------------- messages

std::string describe_failure(const compiled_model& c, std::uint32_t pc, value v) {
  const instr& in = c.code()[pc];
  const model& m = c.source();
  switch (in.code) {
    case opcode::assert_:
    case opcode::fail:
      return c.messages()[in.a];
    case opcode::store_word:
    case opcode::store_optional:
    case opcode::store_mask:
    case opcode::store_slot:
      return detail::store_error(m, in.c, v);
    case opcode::store_dynamic:
      return detail::index_error(m, in.b, in.a, v);
    default:
      return detail::expression_error(m, in.c, v);
  }
}

// ---------------------------------------------------------------- execution

namespace {

std::uint64_t read_desc(const std::uint64_t* r, const slot_desc& d) {
  if (d.width == 0) return 0;
  std::uint64_t bits = r[d.word] >> d.shift;
  if (d.split) bits |= r[d.word + 1] << (64 - d.shift);
  return bits & d.mask;
}

void write_desc(std::uint64_t* w, const slot_desc& d, std::uint64_t bits) {
  if (d.width == 0) return;
  w[d.word] = (w[d.word] & ~(d.mask << d.shift)) | (bits << d.shift);
  if (d.split) {
    const unsigned spill = d.shift + d.width - 64u;
    const std::uint64_t high = (std::uint64_t{1} << spill) - 1;
    w[d.word + 1] = (w[d.word + 1] & ~high) | (bits >> (64 - d.shift));
  }
}

value decode_desc(const slot_desc& d, std::uint64_t bits) {
  switch (d.encoding) {
    case slot_encoding::offset: return offset_value(d.lo, bits);
    case slot_encoding::optional: return bits == 0 ? none_value : offset_value(d.lo, bits - 1);
    case slot_encoding::bitmask: return static_cast<value>(bits);
  }
  return 0;
}

value wrap(std::uint64_t bits) { return static_cast<value>(bits); }
value as_bool(bool b) { return b ? 1 : 0; }

}  // namespace

executor::executor(const compiled_model& c) : c_(c) {
  const std::size_t words = std::max<std::size_t>(1, c.source().state_words());
  out_.assign(words, 0);
  zero_.assign(words, 0);
  regs_.assign(std::max<std::size_t>(1, c.source().register_count), 0);
  ensure_capacity();
}

void executor::ensure_capacity() {
  if (stack_.size() < c_.max_stack() + 1) stack_.resize(c_.max_stack() + 1);
  if (choices_.size() < c_.max_chooses() + 1) {
    choices_.resize(c_.max_chooses() + 1);
    counts_.resize(c_.max_chooses() + 1);
  }
}

executor::status executor::run(std::uint32_t entry, const std::uint64_t* r, std::uint64_t* w, const value* initial_regs,
                               std::size_t initial_reg_count) {
  const instr* const code = c_.code().data();
  const slot_desc* const slots = c_.slot_table().data();
  value* const regs = regs_.data();
  // Every run starts with zeroed registers, so runs never depend on each other.
  std::fill(regs_.begin(), regs_.end(), 0);
  if (initial_regs != nullptr) std::copy(initial_regs, initial_regs + initial_reg_count, regs);
  value* sp = stack_.data();
  std::uint32_t pc = entry;
  events_.clear();
  event_args_.clear();
  choice_pos_ = 0;

  const auto fail_at = [&](value v) {
    failure_.pc = pc - 1;
    failure_.v = v;
    return status::failed;
  };

  for (;;) {
    const instr& in = code[pc++];
    switch (in.code) {
      case opcode::push_const: *sp++ = in.lo; break;
      case opcode::push_reg: *sp++ = regs[in.a]; break;
      case opcode::load_word: *sp++ = offset_value(in.lo, (r[in.a] >> in.shift) & in.mask); break;
      case opcode::load_optional: {
        const std::uint64_t bits = (r[in.a] >> in.shift) & in.mask;
        *sp++ = bits == 0 ? none_value : offset_value(in.lo, bits - 1);
        break;
      }
      case opcode::load_slot: {
        const slot_desc& d = slots[in.b];
        *sp++ = decode_desc(d, read_desc(r, d));
        break;
      }
      case opcode::load_dynamic: {
        const value i = sp[-1];
        if (i < 0 || i >= static_cast<value>(in.a)) return fail_at(i);
        const slot_desc& d = slots[in.b + static_cast<std::uint64_t>(i) * in.mask];
        sp[-1] = decode_desc(d, read_desc(r, d));
        break;
      }
      case opcode::logical_not: sp[-1] = as_bool(sp[-1] == 0); break;
      case opcode::to_bool: sp[-1] = as_bool(sp[-1] != 0); break;
      // Arithmetic is exact; a result that is not an integer is a model error (base/checked_int.h).
      case opcode::negate: {
        const auto v = checked_neg(sp[-1]);
        if (!v) return fail_at(0);
        sp[-1] = *v;
        break;
      }
      case opcode::add:
      case opcode::sub:
      case opcode::mul: {
        --sp;
        const value a = sp[-1], b = sp[0];
        const auto v = in.code == opcode::add ? checked_add(a, b) : in.code == opcode::sub ? checked_sub(a, b) : checked_mul(a, b);
        if (!v) return fail_at(0);
        sp[-1] = *v;
        break;
      }
      case opcode::div:
      case opcode::mod: {
        --sp;
        const value a = sp[-1], b = sp[0];
        // The failure value tells the two errors apart: 0 for a zero divisor, else the divisor.
        if (b == 0) return fail_at(0);
        if (in.code == opcode::mod) {
          sp[-1] = checked_mod(a, b);
          break;
        }
        const auto v = checked_div(a, b);
        if (!v) return fail_at(b);
        sp[-1] = *v;
        break;
      }
      case opcode::eq: --sp; sp[-1] = as_bool(sp[-1] == sp[0]); break;
      case opcode::ne: --sp; sp[-1] = as_bool(sp[-1] != sp[0]); break;
      case opcode::lt: --sp; sp[-1] = as_bool(sp[-1] < sp[0]); break;
      case opcode::le: --sp; sp[-1] = as_bool(sp[-1] <= sp[0]); break;
      case opcode::gt: --sp; sp[-1] = as_bool(sp[-1] > sp[0]); break;
      case opcode::ge: --sp; sp[-1] = as_bool(sp[-1] >= sp[0]); break;
      case opcode::set_union: --sp; sp[-1] = sp[-1] | sp[0]; break;
      case opcode::set_inter: --sp; sp[-1] = sp[-1] & sp[0]; break;
      case opcode::set_diff: --sp; sp[-1] = sp[-1] & ~sp[0]; break;
      case opcode::set_has: {
        --sp;
        const value b = sp[0];
        sp[-1] = b < 0 || b > 63 ? 0 : as_bool((static_cast<std::uint64_t>(sp[-1]) >> b) & 1);
        break;
      }
      case opcode::set_singleton: {
        const value a = sp[-1];
        if (a < 0 || a > 63) return fail_at(a);
        sp[-1] = wrap(std::uint64_t{1} << a);
        break;
      }
      case opcode::set_card: sp[-1] = std::popcount(static_cast<std::uint64_t>(sp[-1])); break;
      case opcode::set_min:
        if (sp[-1] == 0) return fail_at(0);
        sp[-1] = std::countr_zero(static_cast<std::uint64_t>(sp[-1]));
        break;
      case opcode::set_max:
        if (sp[-1] == 0) return fail_at(0);
        sp[-1] = 63 - std::countl_zero(static_cast<std::uint64_t>(sp[-1]));
        break;
      case opcode::is_none: sp[-1] = as_bool(sp[-1] == none_value); break;
      case opcode::unwrap:
        if (sp[-1] == none_value) return fail_at(0);
        break;
      case opcode::jump: pc = in.a; break;
      case opcode::jump_if_false:
        if (*--sp == 0) pc = in.a;
        break;
      case opcode::and_jump:
        if (sp[-1] == 0) {
          pc = in.a;
        } else {
          --sp;
        }
        break;
      case opcode::or_jump:
        if (sp[-1] != 0) {
          sp[-1] = 1;
          pc = in.a;
        } else {
          --sp;
        }
        break;
      case opcode::implies_jump:
        if (sp[-1] == 0) {
          sp[-1] = 1;
          pc = in.a;
        } else {
          --sp;
        }
        break;
      case opcode::slot_eq_const:
        *sp++ = as_bool(((r[in.a] >> in.shift) & in.mask) == static_cast<std::uint64_t>(in.hi));
        break;
      case opcode::assume_slot_eq:
        if (((r[in.a] >> in.shift) & in.mask) != static_cast<std::uint64_t>(in.hi)) return status::disabled;
        break;
      case opcode::store_word: {
        const value v = *--sp;
        if (v < in.lo || v > in.hi) return fail_at(v);
        w[in.a] = (w[in.a] & ~(in.mask << in.shift)) | (value_offset(in.lo, v) << in.shift);
        break;
      }
      case opcode::store_optional: {
        const value v = *--sp;
        std::uint64_t bits = 0;
        if (v != none_value) {
          if (v < in.lo || v > in.hi) return fail_at(v);
          bits = value_offset(in.lo, v) + 1;
        }
        w[in.a] = (w[in.a] & ~(in.mask << in.shift)) | (bits << in.shift);
        break;
      }
      case opcode::store_mask: {
        const value v = *--sp;
        if ((static_cast<std::uint64_t>(v) & ~in.mask) != 0) return fail_at(v);
        w[in.a] = (w[in.a] & ~(in.mask << in.shift)) | (static_cast<std::uint64_t>(v) << in.shift);
        break;
      }
      case opcode::store_slot: {
        const value v = *--sp;
        std::uint64_t bits = 0;
        if (!encodable(slots[in.b], v, &bits)) return fail_at(v);
        write_desc(w, slots[in.b], bits);
        break;
      }
      case opcode::store_const:
        w[in.a] = (w[in.a] & ~(in.mask << in.shift)) | (static_cast<std::uint64_t>(in.lo) << in.shift);
        break;
      case opcode::store_dynamic: {
        sp -= 2;
        const value i = sp[0], v = sp[1];
        if (i < 0 || i >= static_cast<value>(in.a)) return fail_at(i);
        const std::uint32_t s = in.b + static_cast<std::uint32_t>(i) * static_cast<std::uint32_t>(in.mask);
        std::uint64_t bits = 0;
        if (!encodable(slots[s], v, &bits)) {
          failure_.pc = pc - 1;
          failure_.v = v;
          failure_.slot = s;
          failure_.store = true;
          return status::failed;
        }
        write_desc(w, slots[s], bits);
        break;
      }
      case opcode::set_reg: regs[in.a] = *--sp; break;
      case opcode::assume:
        if (*--sp == 0) return status::disabled;
        break;
      case opcode::assert_:
        if (*--sp == 0) return fail_at(0);
        break;
      case opcode::choose: {
        const std::uint32_t k = choice_pos_++;
        if (k < choice_len_) {
          if (choices_[k] >= in.b) return status::disabled;  // replay with a choice that does not fit
        } else {
          if (forced_ || in.b == 0) return status::disabled;
          choices_[k] = 0;
          counts_[k] = in.b;
          choice_len_ = k + 1;
        }
        regs[in.a] = choices_[k];
        break;
      }
      case opcode::emit: {
        sp -= in.b;
        events_.push_back(step_view::event_ref{in.a, static_cast<std::uint32_t>(event_args_.size()), in.b});
        event_args_.insert(event_args_.end(), sp, sp + in.b);
        break;
      }
      case opcode::fail: return fail_at(0);
      case opcode::end: return status::completed;
    }
  }
}

bool executor::advance_choices() {
  while (choice_len_ > 0) {
    const std::uint32_t k = choice_len_ - 1;
    if (choices_[k] + 1 < counts_[k]) {
      ++choices_[k];
      return true;
    }
    --choice_len_;
  }
  return false;
}

void executor::report(status s, transition_id t, successor_sink& sink) {
  if (s == status::completed) {
    step_view v;
    v.transition = t;
    v.state = out_.data();
    v.choices = std::span<const std::uint32_t>(choices_.data(), choice_pos_);
    v.events = events_;
    v.event_args = event_args_;
    sink.on_step(v);
  } else if (s == status::failed) {
    step_error e;
    e.transition = t;
    e.choices = std::span<const std::uint32_t>(choices_.data(), std::min(choice_pos_, choice_len_));
    e.message = failure_.store ? detail::store_error(c_.source(), failure_.slot, failure_.v)
                               : describe_failure(c_, failure_.pc, failure_.v);
    sink.on_error(e);
  }
}

run_counts executor::run_all(const std::uint64_t* state, transition_id t, const compiled_model::program_info& p,
                             successor_sink& sink) {
  run_counts counts;
  const std::size_t words = c_.source().state_words();
  choice_len_ = 0;
  forced_ = false;
  do {
    std::memcpy(out_.data(), state, words * sizeof(std::uint64_t));
    failure_ = failure{};
    const status s = run(p.entry, out_.data(), out_.data(), nullptr, 0);
    if (s == status::completed) ++counts.steps;
    if (s == status::failed) ++counts.errors;
    report(s, t, sink);
  } while (advance_choices());
  return counts;
}

run_counts executor::for_each_successor(const std::uint64_t* state, transition_id t, successor_sink& sink) {
  ensure_capacity();
  return run_all(state, t, c_.transition_program(t), sink);
}

run_counts executor::successors(const std::uint64_t* state, successor_sink& sink) {
  ensure_capacity();
  const model& m = c_.source();
  run_counts total;
  for (const process& p : m.processes) {
    const auto pc = static_cast<std::uint32_t>(read_slot(state, m.slots[p.pc_slot]));
    for (const transition_id t : p.by_pc[pc]) {
      const run_counts c = run_all(state, t, c_.transition_program(t), sink);
      total.steps += c.steps;
      total.errors += c.errors;
    }
  }
  return total;
}

run_counts executor::initial_states(successor_sink& sink) {
  ensure_capacity();
  return run_all(zero_.data(), init_transition, c_.init_program(), sink);
}

run_counts executor::replay(const std::uint64_t* state, transition_id t, std::span<const std::uint32_t> choices,
                            successor_sink& sink) {
  ensure_capacity();
  const auto& p = t == init_transition ? c_.init_program() : c_.transition_program(t);
  if (choices.size() > c_.max_chooses()) return {};
  std::copy(choices.begin(), choices.end(), choices_.begin());
  choice_len_ = static_cast<std::uint32_t>(choices.size());
  forced_ = true;
  std::memcpy(out_.data(), state, c_.source().state_words() * sizeof(std::uint64_t));
  failure_ = failure{};
  status s = run(p.entry, out_.data(), out_.data(), nullptr, 0);
  forced_ = false;
  if (s == status::completed && choice_pos_ != choice_len_) s = status::disabled;  // unused choices
  run_counts counts;
  if (s == status::completed) ++counts.steps;
  if (s == status::failed) ++counts.errors;
  report(s, t, sink);
  return counts;
}

eval_result executor::evaluate(std::uint32_t handle, const std::uint64_t* state, std::span<const value> regs) {
  ensure_capacity();
  PTMC_INVARIANT(regs.size() <= regs_.size() || regs.empty(), "registers fit the model's register count");
  const std::size_t n = std::min(regs.size(), regs_.size());
  failure_ = failure{};
  const status s = run(c_.expression_program(handle).entry, state, nullptr, regs.data(), n);
  eval_result r;
  if (s == status::failed) {
    r.error = describe_failure(c_, failure_.pc, failure_.v);
  } else {
    r.v = stack_[0];
  }
  return r;
}

bool executor::holds(std::uint32_t handle, const std::uint64_t* state, std::string* error) {
  const eval_result r = evaluate(handle, state);
  if (!r.ok()) {
    if (error != nullptr) *error = r.error;
    return false;
  }
  return r.v != 0;
}

}  // namespace ptmc::ir

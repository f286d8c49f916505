// The lowering driver: types, global state, processes, init, properties and scenario outcomes.
#include "lower/lower.h"

#include <algorithm>
#include <functional>

#include "base/invariant.h"
#include "lang/frontend.h"
#include "lower/lower_internal.h"

namespace ptmc::lower {
namespace detail {

ir::source_loc loc_of(const span& s) {
  if (!s.valid()) return {};
  return {s.file->path(), s.line(), s.column()};
}

std::string error_prefix(const span& s) {
  const ir::source_loc at = loc_of(s);
  return at.file + ":" + std::to_string(at.line) + ": ";
}

lowerer::lowerer(const lang::model_program& model, const options& opts, diagnostics& diags)
    : model_(model), opts_(opts), diags_(diags), b_(model.name) {}

bool lowerer::unsupported(span where, const std::string& what) {
  diags_.error("lower.unsupported", where, what + " is not supported by the lowering yet");
  failed_ = true;
  return false;
}

// ---------------------------------------------------------------- types

bool lowerer::is_scalar(const lang::type* t) {
  switch (t->kind) {
    case lang::ty_kind::boolean:
    case lang::ty_kind::integer:
    case lang::ty_kind::range:
    case lang::ty_kind::enumeration:
    case lang::ty_kind::symmetric:
    case lang::ty_kind::set:
      return true;
    case lang::ty_kind::optional:
      return is_scalar(t->elem);
    default:
      return false;
  }
}

std::uint32_t lowerer::leaf_count(const lang::type* t) {
  switch (t->kind) {
    case lang::ty_kind::array:
      return static_cast<std::uint32_t>(t->index->domain_size()) * leaf_count(t->elem);
    case lang::ty_kind::record: {
      std::uint32_t n = 0;
      for (const auto& f : t->fields) n += leaf_count(f.ty);
      return n;
    }
    case lang::ty_kind::list:
      return 1 + static_cast<std::uint32_t>(t->max_len) * leaf_count(t->elem);
    case lang::ty_kind::optional:
      return is_scalar(t->elem) ? 1 : 1 + leaf_count(t->elem);
    default:
      return 1;
  }
}

void lowerer::leaf_defaults(const lang::type* t, std::vector<ir::value>& out) {
  switch (t->kind) {
    case lang::ty_kind::range:
      out.push_back(t->lo);
      return;
    case lang::ty_kind::array:
      for (std::int64_t i = 0; i < t->index->domain_size(); ++i) leaf_defaults(t->elem, out);
      return;
    case lang::ty_kind::record:
      for (const auto& f : t->fields) leaf_defaults(f.ty, out);
      return;
    case lang::ty_kind::list:
      out.push_back(0);
      for (std::int64_t i = 0; i < t->max_len; ++i) leaf_defaults(t->elem, out);
      return;
    case lang::ty_kind::optional:
      if (is_scalar(t->elem)) {
        out.push_back(ir::none_value);
      } else {
        out.push_back(0);
        leaf_defaults(t->elem, out);
      }
      return;
    default:
      out.push_back(0);
      return;
  }
}

ir::type_id lowerer::ir_type(const lang::type* t) {
  if (auto it = types_.find(t); it != types_.end()) return it->second;
  ir::type_id id = 0;
  switch (t->kind) {
    case lang::ty_kind::boolean:
      id = b_.type_bool();
      break;
    case lang::ty_kind::integer:
    case lang::ty_kind::error:
      PTMC_UNREACHABLE("state and parameters never have the unbounded integer type");
    case lang::ty_kind::range:
      id = b_.type_range(t->lo, t->hi, t->name);
      break;
    case lang::ty_kind::enumeration:
      id = b_.type_enum(t->name, t->value_names);
      break;
    case lang::ty_kind::symmetric: {
      std::vector<std::uint32_t> fixed;
      for (std::uint32_t k : fixed_ids_[t]) fixed.push_back(k);
      id = b_.type_symmetric(t->name, static_cast<std::uint32_t>(t->domain_size()), fixed);
      break;
    }
    case lang::ty_kind::set:
      id = b_.type_set(ir_type(t->elem));
      break;
    case lang::ty_kind::array: {
      const ir::type_id elem = ir_type(t->elem);
      id = b_.type_array(elem, ir_type(t->index));
      break;
    }
    case lang::ty_kind::record: {
      std::vector<std::pair<std::string, ir::type_id>> fields;
      for (const auto& f : t->fields) fields.emplace_back(f.name, ir_type(f.ty));
      id = b_.type_record(t->name, std::move(fields));
      break;
    }
    case lang::ty_kind::list:
      id = b_.type_list(ir_type(t->elem), static_cast<std::uint32_t>(t->max_len));
      break;
    case lang::ty_kind::optional:
      id = b_.type_optional(ir_type(t->elem));
      break;
  }
  types_.emplace(t, id);
  return id;
}

ir::value lowerer::enum_index(const lang::decl* enum_decl, const std::string& name) const {
  const auto& values = enum_decl->enum_values;
  const auto it = std::find(values.begin(), values.end(), name);
  PTMC_INVARIANT(it != values.end(), "an enum constant belongs to its enum");
  return it - values.begin();
}

ir::value lowerer::constant_of(const lang::expr& e) const {
  switch (e.ref) {
    case lang::ref_kind::param: {
      const auto it = model_.param_values.find(e.name);
      return it != model_.param_values.end() ? it->second : e.target->const_value;
    }
    case lang::ref_kind::constant:
      return e.target->const_value;
    case lang::ref_kind::enum_value:
      return enum_index(e.target, e.name);
    default:
      PTMC_UNREACHABLE("constant_of on a non-constant name");
  }
}

// ---------------------------------------------------------------- the driver

namespace {

using expr_visitor = std::function<void(const lang::expr&)>;

void walk_expr(const lang::expr& e, const expr_visitor& f) {
  f(e);
  for (const auto& o : e.operands)
    if (o) walk_expr(*o, f);
}

void walk_stmt(const lang::stmt& s, const expr_visitor& f) {
  for (const auto& e : s.exprs)
    if (e) walk_expr(*e, f);
  for (const auto& c : s.body)
    if (c) walk_stmt(*c, f);
}

void walk_decl(const lang::decl& d, const expr_visitor& f) {
  if (d.value) walk_expr(*d.value, f);
  if (d.trigger) walk_expr(*d.trigger, f);
  for (const auto& s : d.body)
    if (s) walk_stmt(*s, f);
  for (const auto& m : d.members)
    if (m) walk_decl(*m, f);
}

void walk_unit(const lang::source_unit& u, const expr_visitor& f) {
  for (const auto& d : u.decls)
    if (d) walk_decl(*d, f);
}

}  // namespace

std::unique_ptr<lowered_model> lowerer::run(const std::vector<const lang::properties_program*>& properties,
                                            const lang::scenario_program* scenario) {
  auto out = std::make_unique<lowered_model>();

  // Symmetric ids named as constants (Tid(0)) anywhere are exempt from permutation.
  const expr_visitor note_fixed = [this](const lang::expr& e) {
    if (e.ref != lang::ref_kind::symmetric_ctor || !e.ty || e.operands.empty()) return;
    const lang::expr& k = *e.operands[0];
    const ir::value v = k.kind == lang::expr_kind::int_lit ? k.int_value : constant_of(k);
    fixed_ids_[e.ty].insert(static_cast<std::uint32_t>(v));
  };
  for (const auto& u : model_.units) walk_unit(*u, note_fixed);
  for (const auto* p : properties) walk_unit(*p->unit, note_fixed);
  if (scenario) walk_unit(*scenario->unit, note_fixed);

  for (const lang::decl* v : model_.vars) globals_[v->name] = b_.add_variable(v->name, ir_type(v->ty));
  for (const lang::decl* e : model_.events) {
    std::vector<std::pair<std::string, ir::type_id>> params;
    for (const auto& p : e->params) params.emplace_back(p.name, ir_type(p.ty));
    events_[e->name] = b_.add_event(e->name, std::move(params));
  }
  add_monitor_state(properties, scenario);

  auto add_process = [this](const lang::decl* d, bool is_program) {
    auto p = std::make_unique<process_info>();
    p->decl = d;
    p->name = d->name;
    if (!d->params.empty()) p->index_type = d->params[0].ty;
    build_cfg(*p, d->body, is_program);
    const bool fair = d->fair == lang::fairness::default_ ? !is_program : d->fair == lang::fairness::fair;
    create_instances(*p, is_program ? ir::process_role::program : ir::process_role::kernel, fair);
    process_of_decl_[d] = p.get();
    processes_.push_back(std::move(p));
  };
  for (const lang::decl* d : model_.processes) add_process(d, false);
  if (scenario)
    for (const lang::decl* d : scenario->programs) add_process(d, true);
  if (opts_.env_calls >= 0) {
    env_call_bound_ = opts_.env_calls;
    env_calls_slot_ = b_.add_variable("env.calls", b_.type_range(0, opts_.env_calls, "env_calls"));
    auto p = std::make_unique<process_info>();
    p->name = "env";
    build_env_cfg(*p, model_.syscalls);
    if (!failed_) create_instances(*p, ir::process_role::environment, false);
    processes_.push_back(std::move(p));
  }
  if (failed_) return nullptr;
  lower_after_properties();
  for (auto& p : processes_) emit_transitions(*p);
  clear_after_obligations();

  // Initial state: variable initialisers, per-instance process variables, then init blocks.
  std::vector<ir::stmt> init;
  effect_ctx ictx;
  ictx.out = &init;
  for (const lang::decl* v : model_.vars) {
    if (!v->value) continue;
    place p;
    p.ty = v->ty;
    p.base = globals_[v->name];
    write(p, leaves_as(*v->value, p.ty, ictx), ictx);
  }
  init_monitor_state(ictx);
  for (auto& p : processes_) {
    for (auto& inst : p->instances) {
      effect_ctx pctx;
      pctx.proc = p.get();
      pctx.inst = &inst;
      pctx.out = &init;
      const std::size_t mark = scope_mark();
      for (const auto& c : inst.constants) push_binding(c);
      for (const lang::stmt* v : p->cfg.process_vars) {
        if (v->exprs.empty() || !v->exprs[0]) continue;
        place pl;
        pl.ty = v->ty;
        pl.base = inst.locals.at(v->name);
        write(pl, leaves_as(*v->exprs[0], pl.ty, pctx), pctx);
      }
      pop_bindings(mark);
    }
  }
  for (const lang::decl* d : model_.inits) effects(d->body, ictx);
  if (scenario)
    for (const lang::decl* d : scenario->inits) effects(d->body, ictx);
  for (auto& s : init) b_.add_init(std::move(s));

  // Properties.
  for (const auto* props : properties) {
    for (const lang::decl* d : props->invariants) {
      effect_ctx pctx;
      b_.add_invariant(d->name, scalar(*d->value, pctx), d->doc);
      b_.edit().invariants.back().where = loc_of(d->name_span);
    }
    for (const lang::decl* d : props->properties) {
      effect_ctx pctx;
      liveness_property lp;
      lp.name = d->name;
      lp.doc = d->doc;
      lp.kind = d->prop;
      lp.where = loc_of(d->name_span);
      lp.text = (d->prop == lang::property_kind::after_event ? "after " : "") + lang::print(*d->trigger) +
                " ~> " + lang::print(*d->value);
      if (d->prop == lang::property_kind::leads_to) {
        lp.trigger = scalar(*d->trigger, pctx);
        lp.target = scalar(*d->value, pctx);
      } else {
        // Delivered as the leads-to `after:NAME ~> Q` over the hidden monitor variable.
        const auto a =
            std::find_if(after_.begin(), after_.end(), [&](const after_monitor& m) { return m.property == d; });
        PTMC_INVARIANT(a != after_.end(), "every after property has its hidden monitor");
        lp.trigger = b_.load(a->pending);
        lp.target = a->target;
        lp.pending_var = "after:" + d->name;
        lp.trigger_event = d->trigger->name;
        lp.trigger_args = a->args;
      }
      out->liveness.push_back(std::move(lp));
    }
  }

  if (scenario) {
    ir::model& info = b_.edit();
    info.scenario = scenario->name;
    for (auto& p : processes_) {
      if (!p->decl || p->decl->kind != lang::decl_kind::program) continue;
      for (auto& inst : p->instances) {
        for (const auto& [reg, ty] : p->cfg.registers) {
          if (!is_scalar(ty)) {
            unsupported(p->decl->name_span, "a register of aggregate type");
            continue;
          }
          ir::observation o;
          o.name = b_.peek().processes[inst.process].name + "." + reg;
          o.value = b_.load(inst.locals.at(reg));
          o.type = ir_type(ty);
          info.observations.push_back(std::move(o));
        }
      }
    }
    for (const lang::decl* d : scenario->observes) {
      effect_ctx octx;
      if (!is_scalar(d->value->ty)) {
        unsupported(d->value->where, "an observation of aggregate type");
        continue;
      }
      ir::observation o;
      o.name = d->name;
      o.value = scalar(*d->value, octx);
      o.type = ir_type(d->value->ty);
      info.observations.push_back(std::move(o));
    }
    for (const lang::decl* d : scenario->conditions) {
      effect_ctx cctx;
      ir::final_condition c;
      c.kind = d->cond == lang::condition_kind::exists   ? ir::condition_kind::exists
               : d->cond == lang::condition_kind::forall ? ir::condition_kind::forall
                                                         : ir::condition_kind::not_exists;
      c.condition = scalar(*d->value, cctx);
      c.models = d->strings;
      c.text = lang::print(*d->value);
      c.where = loc_of(d->where);
      info.conditions.push_back(std::move(c));
    }
  }
  if (failed_) return nullptr;

  ir::model& m = b_.edit();
  m.register_count = std::max(m.register_count, max_registers_);
  m.chain = model_.chain;
  for (const auto& [name, value] : model_.param_values) m.params.emplace_back(name, value);
  out->model = b_.finish();
  return out;
}

}  // namespace detail

std::unique_ptr<lowered_model> lower(const lang::model_program& model,
                                     const std::vector<const lang::properties_program*>& properties,
                                     const lang::scenario_program* scenario, const options& opts,
                                     diagnostics& diags) {
  detail::lowerer l(model, opts, diags);
  return l.run(properties, scenario);
}

}  // namespace ptmc::lower

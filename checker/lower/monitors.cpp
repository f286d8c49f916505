// Monitors of property files and the hidden monitors of `after ev(pattern) ~> Q` properties.
//
// A monitor's vars are global state slots (kind ir::var_kind::monitor), laid out after the model's
// globals, so they are packed, shown in traces and permuted by symmetry reduction like any global. Its
// handlers are expanded wherever the model emits their event, right after the emit, in the emitting
// step. A model lowered without property files has no monitor state at all.
#include <algorithm>

#include "base/invariant.h"
#include "lower/lower_internal.h"

namespace ptmc::lower::detail {

void lowerer::add_monitor_state(const std::vector<const lang::properties_program*>& properties,
                                const lang::scenario_program* scenario) {
  std::map<std::string, const lang::decl*> monitors;
  std::map<std::string, const lang::decl*> afters;
  auto clash = [this](const lang::decl& d, const lang::decl& previous, const std::string& what) {
    diagnostic& diag = diags_.error("sema.duplicate", d.name_span, what);
    diag.notes.push_back({previous.name_span, "previous definition here"});
    failed_ = true;
  };
  // The property files' monitors, then the scenario's own: all share the state's namespace.
  std::vector<const lang::decl*> all;
  for (const auto* props : properties) all.insert(all.end(), props->monitors.begin(), props->monitors.end());
  if (scenario) all.insert(all.end(), scenario->monitors.begin(), scenario->monitors.end());
  const std::size_t from_properties = all.size() - (scenario ? scenario->monitors.size() : 0);
  for (std::size_t k = 0; k < all.size(); ++k) {
    const lang::decl* m = all[k];
    if (auto [previous, fresh] = monitors.emplace(m->name, m); !fresh) {
      clash(*m, *previous->second,
            k < from_properties ? "monitor '" + m->name + "' is declared by two property files of this run"
                                : "monitor '" + m->name + "' is declared by a property file of this run too");
      continue;
    }
    if (scenario) {
      for (const lang::decl* p : scenario->programs) {
        if (p->name == m->name)
          clash(*m, *p, "monitor '" + m->name + "' has the name of a scenario program");
      }
    }
    for (std::size_t i = 0; i < m->members.size(); ++i) {
      const lang::decl* member = m->members[i].get();
      if (!member) continue;
      if (member->kind == lang::decl_kind::var) {
        monitor_vars_[{m, static_cast<int>(i)}] =
            b_.add_variable(m->name + "." + member->name, ir_type(member->ty), ir::var_kind::monitor);
        monitor_var_decls_.push_back(member);
      } else if (member->kind == lang::decl_kind::handler && member->event) {
        handlers_[member->event->name].push_back(member);
      }
    }
  }
  for (const auto* props : properties) {
    for (const lang::decl* p : props->properties) {
      if (p->prop != lang::property_kind::after_event) continue;
      if (auto [previous, fresh] = afters.emplace(p->name, p); !fresh) {
        clash(*p, *previous->second,
              "property '" + p->name + "' is declared by two property files of this run");
        continue;
      }
      after_monitor a;
      a.property = p;
      a.pending = b_.add_variable("after:" + p->name, b_.type_bool(), ir::var_kind::monitor);
      after_.push_back(std::move(a));
    }
  }
}

void lowerer::init_monitor_state(effect_ctx& ctx) {
  for (const lang::decl* v : monitor_var_decls_) {
    if (!v->value) continue;
    const lang::decl* m = v->owner;
    const auto at =
        std::find_if(m->members.begin(), m->members.end(), [&](const auto& d) { return d.get() == v; });
    place p;
    p.ty = v->ty;
    p.base = monitor_vars_.at({m, static_cast<int>(at - m->members.begin())});
    write(p, leaves_as(*v->value, p.ty, ctx), ctx);
  }
}

void lowerer::lower_after_properties() {
  for (after_monitor& a : after_) {
    effect_ctx ctx;
    for (const auto& arg : a.property->trigger->operands) {
      if (arg->kind == lang::expr_kind::wildcard)
        a.args.emplace_back(std::nullopt);
      else
        a.args.emplace_back(scalar(*arg, ctx));
    }
    a.target = scalar(*a.property->value, ctx);
  }
}

void lowerer::run_monitors(const std::string& event, const std::vector<ir::expr_id>& args, effect_ctx& ctx) {
  if (const auto it = handlers_.find(event); it != handlers_.end()) {
    for (const lang::decl* h : it->second) {
      // A handler sees only its own names: the emitting site's locals are out of scope.
      std::vector<binding> site = std::move(scope_);
      scope_.clear();
      for (std::size_t j = 0; j < h->params.size() && j < args.size(); ++j) {
        if (h->params[j].name == "_") continue;
        binding bnd;
        bnd.name = h->params[j].name;
        bnd.leaves = {args[j]};
        push_binding(std::move(bnd));
      }
      effect_ctx hctx;
      hctx.out = ctx.out;
      effects(h->body, hctx);
      scope_ = std::move(site);
    }
  }
  for (const after_monitor& a : after_) {
    if (a.property->trigger->target == nullptr || a.property->trigger->target->name != event) continue;
    ir::expr_id match = b_.truth(true);
    for (std::size_t j = 0; j < a.args.size() && j < args.size(); ++j)
      if (a.args[j]) match = b_.land(match, b_.eq(args[j], *a.args[j]));
    if (const auto always = folded(match); always && *always != 0) {
      ctx.out->push_back(ir::builder::store(a.pending, b_.truth(true)));
    } else {
      std::vector<ir::stmt> set;
      set.push_back(ir::builder::store(a.pending, b_.truth(true)));
      ctx.out->push_back(ir::builder::if_(match, std::move(set)));
    }
  }
}

void lowerer::clear_after_obligations() {
  if (after_.empty()) return;
  std::vector<ir::stmt> prefix;
  for (const after_monitor& a : after_) {
    std::vector<ir::stmt> clear;
    clear.push_back(ir::builder::store(a.pending, b_.truth(false)));
    prefix.push_back(ir::builder::if_(a.target, std::move(clear)));
  }
  for (ir::transition& t : b_.edit().transitions)
    t.effect.insert(t.effect.begin(), prefix.begin(), prefix.end());
}

}  // namespace ptmc::lower::detail

// The front end's semantic entry points: loading a model and its extends chain, merging proposals,
// driving the checker over models, property files and scenarios.
#include "lang/frontend.h"
#include "lang/parser.h"

#include <algorithm>
#include <limits>
#include <optional>

#include "base/checked_int.h"
#include "base/invariant.h"
#include "lang/sema_internal.h"

namespace ptmc::lang {

const decl* model_program::find(std::string_view name) const {
  auto found = globals.find(name);
  return found == globals.end() ? nullptr : found->second;
}

bool model_program::extends_path(const std::string& canonical_path) const {
  return std::find(chain_paths.begin(), chain_paths.end(), canonical_path) != chain_paths.end();
}

bool model_program::has_name(std::string_view model_name) const {
  return std::find(chain.begin(), chain.end(), model_name) != chain.end();
}

namespace {

using sema::context;

// One file of an extends chain.
struct chain_link {
  std::unique_ptr<source_unit> unit;
  std::string path;        // as given (relative inputs stay relative)
  std::string canonical;   // for identity
  const decl* extends = nullptr;
  std::string name;        // the model's name
};

const char* kind_word(decl_kind kind) {
  switch (kind) {
    case decl_kind::fn: return "fn";
    case decl_kind::inline_: return "inline";
    case decl_kind::process: return "process";
    case decl_kind::syscall: return "syscall";
    case decl_kind::var: return "var";
    case decl_kind::param: return "param";
    case decl_kind::constant: return "const";
    case decl_kind::enum_: return "enum";
    case decl_kind::type_alias: return "type";
    case decl_kind::symmetric: return "symmetric type";
    case decl_kind::event: return "event";
    default: return "declaration";
  }
}

bool is_global(decl_kind kind) {
  switch (kind) {
    case decl_kind::param:
    case decl_kind::constant:
    case decl_kind::enum_:
    case decl_kind::type_alias:
    case decl_kind::symmetric:
    case decl_kind::var:
    case decl_kind::event:
    case decl_kind::fn:
    case decl_kind::inline_:
    case decl_kind::process:
    case decl_kind::syscall:
      return true;
    default:
      return false;
  }
}

bool overridable(decl_kind kind) {
  return kind == decl_kind::fn || kind == decl_kind::inline_ || kind == decl_kind::process ||
         kind == decl_kind::syscall;
}

// The file kinds a declaration may appear in: the parser's table.
bool fits(decl_kind kind, file_kind file) { return allowed_in(file, kind); }

void report_misplaced(diagnostics& diags, const decl& d, file_kind file) {
  const char* where = file == file_kind::model ? "a model" : file == file_kind::properties ? "a property file" : "a scenario";
  diags.error("sema.misplaced-decl", d.name_span.valid() ? d.name_span : d.where,
              std::string("this declaration is not allowed in ") + where);
}

// Where `name` is defined by `d` (an enum constant's own span for enum constants).
span definition_span(const decl& d, std::string_view name) {
  if (d.kind == decl_kind::enum_ && d.name != name) {
    for (std::size_t i = 0; i < d.enum_values.size() && i < d.enum_spans.size(); ++i) {
      if (d.enum_values[i] == name) return d.enum_spans[i];
    }
  }
  return d.name_span;
}

std::vector<const decl*>* list_for(model_program& model, decl_kind kind) {
  switch (kind) {
    case decl_kind::param: return &model.params;
    case decl_kind::constant: return &model.constants;
    case decl_kind::enum_: return &model.enums;
    case decl_kind::type_alias: return &model.aliases;
    case decl_kind::symmetric: return &model.symmetrics;
    case decl_kind::var: return &model.vars;
    case decl_kind::event: return &model.events;
    case decl_kind::fn: return &model.fns;
    case decl_kind::inline_: return &model.inlines;
    case decl_kind::process: return &model.processes;
    case decl_kind::syscall: return &model.syscalls;
    case decl_kind::init: return &model.inits;
    default: return nullptr;
  }
}

// Merges the chain's declarations, base first, into the model's namespace and effective lists.
class merger {
 public:
  merger(diagnostics& diags, model_program& model) : diags_(diags), model_(model) {}

  void add_unit(const source_unit& unit, std::size_t unit_index) {
    for (const decl_ptr& d : unit.decls) {
      if (!d) continue;
      if (!fits(d->kind, file_kind::model)) {
        report_misplaced(diags_, *d, file_kind::model);
        continue;
      }
      if (d->kind == decl_kind::init) model_.inits.push_back(d.get());
      if (!is_global(d->kind)) continue;
      if (d->is_override) {
        add_override(*d, unit_index);
      } else {
        add_new(*d, d->name, d->name_span, unit_index);
        if (d->kind == decl_kind::enum_) add_enum_constants(*d, unit_index);
      }
    }
  }

  // (base, replacement) pairs, for the signature check once types are resolved.
  const std::vector<std::pair<const decl*, const decl*>>& overrides() const { return overrides_; }

 private:
  bool reserved(const std::string& name, span where) {
    if (!context::is_builtin(name)) return false;
    diags_.error("sema.reserved-name", where, "'" + name + "' is a builtin function and cannot be declared");
    return true;
  }

  void add_new(const decl& d, const std::string& name, span where, std::size_t unit_index) {
    if (reserved(name, where)) return;
    auto [existing, fresh] = model_.globals.emplace(name, &d);
    if (!fresh) {
      diagnostic& diag = diags_.error("sema.duplicate", where, "'" + name + "' is already declared");
      diag.notes.push_back({definition_span(*existing->second, name), "previous definition here"});
      return;
    }
    unit_of_[&d] = unit_index;
    if (d.name == name) list_for(model_, d.kind)->push_back(&d);
  }

  void add_enum_constants(const decl& d, std::size_t unit_index) {
    for (std::size_t i = 0; i < d.enum_values.size(); ++i) {
      const span where = i < d.enum_spans.size() ? d.enum_spans[i] : d.name_span;
      add_new(d, d.enum_values[i], where, unit_index);
    }
  }

  void add_override(const decl& d, std::size_t unit_index) {
    if (!overridable(d.kind)) {
      diags_.error("sema.override-kind", d.name_span,
                   std::string("only fn, inline, process and syscall declarations can be overridden, not a ") +
                       kind_word(d.kind));
      return;
    }
    auto existing = model_.globals.find(d.name);
    if (existing == model_.globals.end()) {
      diags_.error("sema.override-missing", d.name_span, "'" + d.name + "' overrides nothing: the base model has no " +
                                                             kind_word(d.kind) + " of that name");
      add_new(d, d.name, d.name_span, unit_index);
      return;
    }
    const decl& base = *existing->second;
    if (unit_of_[&base] == unit_index) {
      diagnostic& diag = diags_.error("sema.override-missing", d.name_span,
                                      "'" + d.name + "' overrides a declaration of the same file, not of a base model");
      diag.notes.push_back({definition_span(base, d.name), "declared here"});
      return;
    }
    if (base.kind != d.kind || base.name != d.name) {
      diagnostic& diag = diags_.error("sema.override-kind", d.name_span,
                                      std::string("a ") + kind_word(d.kind) + " cannot override " +
                                          sema::describe_kind(d.name, base));
      diag.notes.push_back({definition_span(base, d.name), "the base declaration"});
      return;
    }
    std::vector<const decl*>& list = *list_for(model_, d.kind);
    std::replace(list.begin(), list.end(), &base, &d);
    existing->second = &d;
    unit_of_[&d] = unit_index;
    overrides_.emplace_back(&base, &d);
  }

  diagnostics& diags_;
  model_program& model_;
  std::map<const decl*, std::size_t> unit_of_;
  std::vector<std::pair<const decl*, const decl*>> overrides_;
};

// What differs between an override's signature and its base's, or "" when they agree.
std::string signature_difference(const decl& base, const decl& replacement) {
  if (base.params.size() != replacement.params.size()) {
    return "it has " + std::to_string(replacement.params.size()) + " parameters; the base declaration has " +
           std::to_string(base.params.size());
  }
  for (std::size_t i = 0; i < base.params.size(); ++i) {
    const param_decl_item& a = base.params[i];
    const param_decl_item& b = replacement.params[i];
    const std::string which = "parameter " + std::to_string(i + 1);
    if (a.name != b.name) return which + " is named '" + b.name + "'; the base calls it '" + a.name + "'";
    if (a.is_self != b.is_self) return which + (a.is_self ? " must be 'self'" : " must not be 'self'");
    if (a.ty != b.ty && a.ty && b.ty) {
      return which + " has type " + b.ty->spelling() + "; the base has " + a.ty->spelling();
    }
  }
  if (base.ty != replacement.ty) {
    auto spell = [](const type* t) { return t ? t->spelling() : std::string("nothing"); };
    return "it returns " + spell(replacement.ty) + "; the base returns " + spell(base.ty);
  }
  return {};
}

// Resolves every global declaration's type or signature, and checks variable initialisers.
void resolve_declarations(context& ctx, model_program& model) {
  for (auto* list : {&model.enums, &model.aliases, &model.symmetrics, &model.constants, &model.vars}) {
    for (const decl* d : *list) ctx.decl_type(*d);
  }
  for (auto* list : {&model.events, &model.fns, &model.inlines, &model.processes, &model.syscalls}) {
    for (const decl* d : *list) ctx.resolve_signature(*d);
  }
  sema::expr_context constant;
  constant.constant = true;
  for (const decl* v : model.vars) {
    if (v->value) ctx.check(*context::writable(*v).value, v->ty, constant);
  }
}

// Checks the bodies of processes, syscalls, inlines, fns and inits, then the call cycles among them.
void check_bodies(context& ctx, model_program& model) {
  diagnostics& diags = ctx.diags();
  for (const decl* p : model.processes) {
    for (const param_decl_item& index : p->params) {
      if (index.ty && index.ty->kind != ty_kind::error && !index.ty->is_domain()) {
        diags.error("sema.not-a-domain", index.where, "a process index must be of a domain type, not " +
                                                          index.ty->spelling());
      }
    }
    ctx.check_body(context::writable(*p), sema::body_kind::process);
  }
  for (const decl* s : model.syscalls) {
    if (std::count_if(s->params.begin(), s->params.end(), [](const param_decl_item& p) { return p.is_self; }) > 1) {
      diags.error("sema.duplicate", s->name_span, "syscall '" + s->name + "' has more than one self parameter");
    }
    ctx.check_body(context::writable(*s), sema::body_kind::syscall);
  }
  for (const decl* i : model.inlines) ctx.check_body(context::writable(*i), sema::body_kind::inline_);
  for (const decl* f : model.fns) ctx.check_fn(context::writable(*f));
  for (const decl* i : model.inits) ctx.check_body(context::writable(*i), sema::body_kind::model_init);
  ctx.check_recursion(model.fns, "sema.recursive-fn", "fn");
  ctx.check_recursion(model.inlines, "sema.recursive-inline", "inline");
}

// Reports every override whose signature differs from its base declaration's.
void check_overrides(context& ctx, const std::vector<std::pair<const decl*, const decl*>>& overrides) {
  for (const auto& [base, replacement] : overrides) {
    ctx.resolve_signature(*base);
    const std::string difference = signature_difference(*base, *replacement);
    if (difference.empty()) continue;
    diagnostic& diag = ctx.diags().error("sema.override-signature", replacement->name_span,
                                         "override of '" + replacement->name + "' changes its signature: " + difference);
    diag.notes.push_back({base->name_span, "the base declaration"});
  }
}

const decl* first_of(const source_unit& unit, decl_kind kind) {
  for (const decl_ptr& d : unit.decls) {
    if (d && d->kind == kind) return d.get();
  }
  return nullptr;
}

// "a.ptm, b.ptm": the model chain's files, for notes.
std::string chain_list(const model_program& model) {
  std::string out;
  for (const std::unique_ptr<source_unit>& unit : model.units) {
    if (!out.empty()) out += ", ";
    out += unit->file ? unit->file->path() : "?";
  }
  return out;
}

// Whether one of the header's `for` paths (relative to the file) is a file of the model's chain.
bool for_paths_name_chain(const decl& header, const source_file& file, const model_program& model) {
  for (const std::string& path : header.strings) {
    if (model.extends_path(sema::canonical_path(sema::relative_to(file.path(), path)))) return true;
  }
  return false;
}

// Reports `kind` unless one of the header's paths (relative to the file) is a file of the model's chain.
void check_for_paths(diagnostics& diags, const decl& header, const source_file& file, const model_program& model,
                     const char* kind, const char* what) {
  if (for_paths_name_chain(header, file, model)) return;
  const span where = header.string_spans.empty() ? header.name_span : header.string_spans.front();
  diagnostic& diag = diags.error(kind, where, std::string("this ") + what + " is not for model '" + model.name +
                                                  "' or any model it extends");
  diag.notes.push_back({span{}, "the model's files: " + chain_list(model)});
}

}  // namespace

std::unique_ptr<model_program> frontend::load_model(const std::string& path,
                                                    const std::map<std::string, std::int64_t>& param_overrides,
                                                    const std::map<std::string, span>& override_sites) {
  std::string error;
  const source_file* file = sources_.load(path, &error);
  if (file == nullptr) {
    diags_.file_error("load.cannot-read", path, error);
    return nullptr;
  }
  return load_model(*file, param_overrides, override_sites);
}

namespace {

// Follows the extends chain from `first`; returns the links (this model first) or an empty vector after
// reporting why the chain cannot be loaded.
std::vector<chain_link> load_chain(const source_file& first, source_manager& sources, diagnostics& diags,
                                   file_access access) {
  std::vector<chain_link> chain;
  const source_file* file = &first;
  while (true) {
    const std::size_t errors_before = diags.error_count();
    chain_link link;
    link.unit = parse(*file, diags);
    link.path = file->path();
    link.canonical = sema::canonical_path(file->path());
    if (diags.error_count() != errors_before || !link.unit) return {};
    if (link.unit->kind != file_kind::model) {
      diags.error("load.wrong-file-kind", span{file, 0, 0}, "'" + file->path() + "' is not a model (.ptm)");
      return {};
    }
    if (const decl* header = first_of(*link.unit, decl_kind::model); header && !header->strings.empty()) {
      link.name = header->strings.front();
    }
    link.extends = first_of(*link.unit, decl_kind::extends);
    chain.push_back(std::move(link));
    const chain_link& last = chain.back();
    if (last.extends == nullptr || last.extends->strings.empty()) return chain;

    const span at = last.extends->string_spans.empty() ? last.extends->where : last.extends->string_spans.front();
    const std::string next = sema::relative_to(last.path, last.extends->strings.front());
    const std::string canonical = sema::canonical_path(next);
    auto seen = std::find_if(chain.begin(), chain.end(), [&](const chain_link& l) { return l.canonical == canonical; });
    if (seen != chain.end()) {
      diagnostic& diag = diags.error("load.extends-cycle", at, "extends cycle: '" + next + "' extends this file again");
      for (auto it = seen; it != chain.end(); ++it) {
        const span step = it->extends->string_spans.empty() ? it->extends->where : it->extends->string_spans.front();
        diag.notes.push_back({step, "'" + it->path + "' extends '" +
                                        sema::relative_to(it->path, it->extends->strings.front()) + "'"});
      }
      return {};
    }
    if (chain.size() >= sema::max_extends_depth) {
      diags.error("load.extends-depth", at,
                  "extends chain longer than " + std::to_string(sema::max_extends_depth) + " files");
      return {};
    }
    std::string error;
    file = access == file_access::allowed ? sources.load(next, &error) : nullptr;
    if (file == nullptr) {
      if (access == file_access::denied) error = "cannot read '" + next + "': file access is disabled";
      diags.error("load.cannot-read", at, error);
      return {};
    }
  }
}

}  // namespace

std::unique_ptr<model_program> frontend::load_model(const source_file& file,
                                                    const std::map<std::string, std::int64_t>& param_overrides,
                                                    const std::map<std::string, span>& override_sites) {
  std::vector<chain_link> chain = load_chain(file, sources_, diags_, access_);
  if (chain.empty()) return nullptr;
  auto model = std::make_unique<model_program>();
  model->name = chain.front().name;
  for (const chain_link& link : chain) {
    model->chain.push_back(link.name);
    model->chain_paths.push_back(link.canonical);
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) model->units.push_back(std::move(it->unit));

  const std::size_t errors_before = diags_.error_count();
  merger merge(diags_, *model);
  for (std::size_t i = 0; i < model->units.size(); ++i) merge.add_unit(*model->units[i], i);
  context ctx(diags_, *model);
  ctx.elaborate_params(param_overrides, override_sites);
  resolve_declarations(ctx, *model);
  check_bodies(ctx, *model);
  check_overrides(ctx, merge.overrides());
  ctx.check_state_size();
  if (diags_.error_count() != errors_before) return nullptr;
  return model;
}

std::optional<bool> frontend::written_for(const std::string& path, const model_program& model) {
  std::string error;
  const source_file* file = sources_.load(path, &error);
  if (file == nullptr) {
    diags_.file_error("load.cannot-read", path, error);
    return std::nullopt;
  }
  const std::size_t errors_before = diags_.error_count();
  const std::unique_ptr<source_unit> unit = parse(*file, diags_);
  if (diags_.error_count() != errors_before || !unit) return std::nullopt;
  if (unit->kind != file_kind::properties && unit->kind != file_kind::scenario) {
    diags_.error("load.wrong-file-kind", span{file, 0, 0},
                 "'" + file->path() + "' is not a property file (.inv) or a scenario (.ptl)");
    return std::nullopt;
  }
  const decl* header =
      first_of(*unit, unit->kind == file_kind::properties ? decl_kind::properties : decl_kind::scenario);
  PTMC_INVARIANT(header != nullptr, "the parser reports a property file or scenario without its header");
  return for_paths_name_chain(*header, *file, model);
}

std::unique_ptr<properties_program> frontend::load_properties(const std::string& path, model_program& model) {
  std::string error;
  const source_file* file = sources_.load(path, &error);
  if (file == nullptr) {
    diags_.file_error("load.cannot-read", path, error);
    return nullptr;
  }
  return load_properties(*file, model);
}

namespace {

// after ev(_, SIGKILL): the event must exist; each argument is `_` or a value of the parameter's type.
void check_event_pattern(context& ctx, expr& pattern) {
  diagnostics& diags = ctx.diags();
  if (pattern.kind != expr_kind::call) {
    diags.error("sema.wrong-kind", pattern.where, "'after' needs an event pattern: event(arg, _, ...)");
    return;
  }
  const decl* event = ctx.find_global(pattern.name);
  if (event == nullptr) {
    ctx.report_unknown(pattern.name, pattern.where, "unknown event");
    return;
  }
  if (event->kind != decl_kind::event) {
    diagnostic& diag = diags.error("sema.wrong-kind", pattern.where, sema::describe_global(pattern.name, *event) +
                                                                         ", not an event");
    diag.notes.push_back({event->name_span, "declared here"});
    return;
  }
  ctx.resolve_signature(*event);
  pattern.ref = ref_kind::event;
  pattern.target = event;
  pattern.ty = ctx.types().boolean();
  if (pattern.operands.size() != event->params.size()) {
    diagnostic& diag = diags.error("sema.arity", pattern.where,
                                   "event '" + event->name + "' has " + std::to_string(event->params.size()) +
                                       " arguments, not " + std::to_string(pattern.operands.size()));
    diag.notes.push_back({event->name_span, "declared here"});
  }
  for (std::size_t i = 0; i < pattern.operands.size(); ++i) {
    expr* arg = pattern.operands[i].get();
    if (arg == nullptr) continue;
    const type* expected = i < event->params.size() ? event->params[i].ty : nullptr;
    if (arg->kind == expr_kind::wildcard) {
      arg->ty = expected ? expected : ctx.error_type();
    } else if (expected != nullptr) {
      ctx.check(*arg, expected, sema::expr_context{});
    }
  }
}

}  // namespace

std::unique_ptr<properties_program> frontend::load_properties(const source_file& file, model_program& model) {
  const std::size_t errors_before = diags_.error_count();
  auto program = std::make_unique<properties_program>();
  program->unit = parse(file, diags_);
  if (diags_.error_count() != errors_before || !program->unit) return nullptr;
  if (program->unit->kind != file_kind::properties) {
    diags_.error("load.wrong-file-kind", span{&file, 0, 0}, "'" + file.path() + "' is not a property file (.inv)");
    return nullptr;
  }
  context ctx(diags_, model);
  std::map<std::string, const decl*> names;
  for (decl_ptr& d : program->unit->decls) {
    if (!d) continue;
    if (!fits(d->kind, file_kind::properties)) {
      report_misplaced(diags_, *d, file_kind::properties);
      continue;
    }
    if (d->kind == decl_kind::properties) check_for_paths(diags_, *d, file, model, "sema.properties-not-for-model", "property file");
    if (d->kind == decl_kind::fn) {
      ctx.declare_file_name(*d, d->name, d->name_span);
      program->fns.push_back(d.get());
    }
    if (d->kind == decl_kind::monitor) {
      ctx.declare_file_name(*d, d->name, d->name_span);
      program->monitors.push_back(d.get());
    }
    if (d->kind == decl_kind::invariant || d->kind == decl_kind::property) {
      auto [previous, fresh] = names.emplace(d->name, d.get());
      if (!fresh) {
        diagnostic& diag = diags_.error("sema.duplicate", d->name_span, "property '" + d->name + "' is already declared");
        diag.notes.push_back({previous->second->name_span, "previous definition here"});
      }
      (d->kind == decl_kind::invariant ? program->invariants : program->properties).push_back(d.get());
    }
  }
  for (const decl* f : program->fns) ctx.resolve_signature(*f);
  std::vector<const decl*> monitor_vars;
  for (const decl* m : program->monitors) {
    ctx.check_monitor(context::writable(*m));
    for (const decl_ptr& member : m->members)
      if (member && member->kind == decl_kind::var) monitor_vars.push_back(member.get());
  }
  for (const decl* f : program->fns) ctx.check_fn(context::writable(*f));
  ctx.check_recursion(program->fns, "sema.recursive-fn", "fn");
  for (const decl* m : program->monitors) ctx.check_handlers(context::writable(*m));
  if (!monitor_vars.empty()) ctx.check_state_size(monitor_vars);
  for (const decl* inv : program->invariants) {
    if (inv->value) ctx.check_bool(*context::writable(*inv).value, sema::expr_context{});
  }
  for (const decl* p : program->properties) {
    decl& w = context::writable(*p);
    if (w.trigger) {
      if (w.prop == property_kind::after_event) {
        check_event_pattern(ctx, *w.trigger);
      } else {
        ctx.check_bool(*w.trigger, sema::expr_context{});
      }
    }
    if (w.value) ctx.check_bool(*w.value, sema::expr_context{});
  }
  if (diags_.error_count() != errors_before) return nullptr;
  return program;
}

std::unique_ptr<scenario_program> frontend::parse_scenario(const std::string& path) {
  std::string error;
  const source_file* file = sources_.load(path, &error);
  if (file == nullptr) {
    diags_.file_error("load.cannot-read", path, error);
    return nullptr;
  }
  return parse_scenario(*file);
}

namespace {

// A scenario parameter's value: integer literals and arithmetic on them (the model is not known yet).
std::optional<std::int64_t> literal_value(const expr& e, diagnostics& diags, int depth = 0) {
  if (depth > sema::max_depth) {
    diags.error("sema.too-deep", e.where, "expression nested too deeply");
    return std::nullopt;
  }
  if (e.kind == expr_kind::int_lit) return e.int_value;
  if (e.kind == expr_kind::unary && e.uop == unary_op::negate && e.operands.size() == 1 && e.operands[0]) {
    std::optional<std::int64_t> v = literal_value(*e.operands[0], diags, depth + 1);
    if (!v) return v;
    std::optional<std::int64_t> negated = checked_neg(*v);
    if (!negated) diags.error("sema.overflow", e.where, "integer overflow in a constant expression");
    return negated;
  }
  if (e.kind == expr_kind::binary && e.operands.size() == 2 && e.operands[0] && e.operands[1] &&
      (e.bop == binary_op::add || e.bop == binary_op::sub || e.bop == binary_op::mul)) {
    std::optional<std::int64_t> a = literal_value(*e.operands[0], diags, depth + 1);
    if (!a) return a;
    std::optional<std::int64_t> b = literal_value(*e.operands[1], diags, depth + 1);
    if (!b) return b;
    const std::optional<std::int64_t> out = e.bop == binary_op::add   ? checked_add(*a, *b)
                                            : e.bop == binary_op::sub ? checked_sub(*a, *b)
                                                                      : checked_mul(*a, *b);
    if (!out) diags.error("sema.overflow", e.where, "integer overflow in a constant expression");
    return out;
  }
  diags.error("sema.not-constant", e.where, "a scenario parameter's value must be an integer");
  return std::nullopt;
}

}  // namespace

std::unique_ptr<scenario_program> frontend::parse_scenario(const source_file& file) {
  const std::size_t errors_before = diags_.error_count();
  auto scenario = std::make_unique<scenario_program>();
  scenario->unit = parse(file, diags_);
  if (diags_.error_count() != errors_before || !scenario->unit) return nullptr;
  if (scenario->unit->kind != file_kind::scenario) {
    diags_.error("load.wrong-file-kind", span{&file, 0, 0}, "'" + file.path() + "' is not a scenario (.ptl)");
    return nullptr;
  }
  for (decl_ptr& d : scenario->unit->decls) {
    if (!d) continue;
    switch (d->kind) {
      case decl_kind::scenario:
        scenario->name = d->name;
        break;
      case decl_kind::param_set: {
        if (!d->value) break;
        std::optional<std::int64_t> value = literal_value(*d->value, diags_);
        if (!value) break;
        auto [previous, fresh] = scenario->param_sites.emplace(d->name, d->name_span);
        if (!fresh) {
          diagnostic& diag = diags_.error("sema.duplicate", d->name_span, "parameter '" + d->name + "' is already set");
          diag.notes.push_back({previous->second, "previous definition here"});
          break;
        }
        scenario->params[d->name] = *value;
        break;
      }
      case decl_kind::program:
        scenario->programs.push_back(d.get());
        break;
      case decl_kind::observe:
        scenario->observes.push_back(d.get());
        break;
      case decl_kind::allow:
        if (scenario->allow_hang) {
          diags_.error("sema.duplicate", d->name_span, "'allow hang' is already declared");
          break;
        }
        scenario->allow_hang = true;
        break;
      case decl_kind::condition:
        scenario->conditions.push_back(d.get());
        break;
      case decl_kind::init:
        scenario->inits.push_back(d.get());
        break;
      case decl_kind::monitor:
        scenario->monitors.push_back(d.get());
        break;
      default:
        break;
    }
  }
  if (diags_.error_count() != errors_before) return nullptr;
  return scenario;
}

bool frontend::check_scenario(scenario_program& scenario, model_program& model) {
  const std::size_t errors_before = diags_.error_count();
  const source_file* file = scenario.unit->file;
  context ctx(diags_, model);
  ctx.scenario = &scenario;
  for (decl_ptr& d : scenario.unit->decls) {
    if (!d) continue;
    if (!fits(d->kind, file_kind::scenario)) {
      report_misplaced(diags_, *d, file_kind::scenario);
      continue;
    }
    if (d->kind == decl_kind::scenario && file != nullptr) {
      check_for_paths(diags_, *d, *file, model, "sema.scenario-not-for-model", "scenario");
    }
    if (d->kind == decl_kind::program || d->kind == decl_kind::observe || d->kind == decl_kind::monitor)
      ctx.declare_file_name(*d, d->name, d->name_span);
    if (d->kind == decl_kind::param_set) {
      const decl* param = model.find(d->name);
      if (param == nullptr || param->kind != decl_kind::param) {
        diags_.error("sema.unknown-param", d->name_span, "no parameter named '" + d->name + "' in the model");
      }
    }
  }
  // The scenario's own monitors, as in a property file: their vars are state an `observe` can read.
  std::vector<const decl*> monitor_vars;
  for (const decl* m : scenario.monitors) {
    ctx.check_monitor(context::writable(*m));
    for (const decl_ptr& member : m->members)
      if (member && member->kind == decl_kind::var) monitor_vars.push_back(member.get());
  }
  for (const decl* m : scenario.monitors) ctx.check_handlers(context::writable(*m));
  if (!monitor_vars.empty()) ctx.check_state_size(monitor_vars);
  for (const decl* init : scenario.inits) ctx.check_body(context::writable(*init), sema::body_kind::scenario_init);
  for (const decl* program : scenario.programs) {
    ctx.resolve_signature(*program);
    for (const param_decl_item& index : program->params) {
      if (index.ty && index.ty->kind != ty_kind::error && !index.ty->is_domain()) {
        diags_.error("sema.not-a-domain", index.where, "a program index must be of a domain type, not " +
                                                           index.ty->spelling());
      }
    }
    ctx.check_body(context::writable(*program), sema::body_kind::program);
  }
  for (const decl* observe : scenario.observes) {
    decl& w = context::writable(*observe);
    if (w.value) w.ty = ctx.synth(*w.value, sema::expr_context{});
  }
  sema::expr_context condition;
  condition.scenario_condition = true;
  for (const decl* c : scenario.conditions) {
    if (c->value) ctx.check_bool(*context::writable(*c).value, condition);
  }
  return diags_.error_count() == errors_before;
}

}  // namespace ptmc::lang

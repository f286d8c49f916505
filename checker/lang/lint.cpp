#include "lang/lint.h"

#include <filesystem>
#include <set>
#include <tuple>

#include "lang/sema_internal.h"

namespace ptmc::lang {

void linter::check_file(const std::string& path) {
  file_kind kind = file_kind::model;
  if (!file_kind_from_path(path, &kind)) {
    diags_.file_error("load.wrong-file-kind", path, "'" + path + "' is not a .ptm, .inv or .ptl file");
    return;
  }
  switch (kind) {
    case file_kind::model:
      check_model_file(path);
      return;
    case file_kind::properties:
      check_properties_file(path);
      return;
    case file_kind::scenario:
      check_scenario_file(path);
      return;
  }
}

void linter::check_model_file(const std::string& path) { default_model(path); }

model_program* linter::default_model(const std::string& path) {
  const std::string key = sema::canonical_path(path);
  auto found = models_.find(key);
  if (found != models_.end()) return found->second.get();
  std::unique_ptr<model_program> model = front_.load_model(path, {});
  model_program* out = model.get();
  models_.emplace(key, std::move(model));
  return out;
}

bool linter::header_paths(const std::string& path, std::vector<std::string>* paths, std::vector<span>* spans) {
  std::string error;
  const source_file* file = sources_.load(path, &error);
  if (file == nullptr) {
    diags_.file_error("load.cannot-read", path, error);
    return false;
  }
  const std::size_t errors_before = diags_.error_count();
  std::unique_ptr<source_unit> unit = parse(*file, diags_);
  if (!unit || diags_.error_count() != errors_before) return false;
  for (const decl_ptr& d : unit->decls) {
    if (d && (d->kind == decl_kind::properties || d->kind == decl_kind::scenario)) {
      for (std::size_t i = 0; i < d->strings.size(); ++i) {
        paths->push_back(sema::relative_to(path, d->strings[i]));
        spans->push_back(i < d->string_spans.size() ? d->string_spans[i] : d->name_span);
      }
      return true;
    }
  }
  return true;
}

namespace {

// A `for` path that names no readable file is reported at the header; returns whether it can be read.
bool readable(diagnostics& diags, const std::string& path, span where) {
  std::error_code ec;
  if (std::filesystem::is_regular_file(path, ec)) return true;
  diags.error("load.cannot-read", where, "cannot read '" + path + "': no such file");
  return false;
}

}  // namespace

void linter::check_properties_file(const std::string& path) {
  std::vector<std::string> models;
  std::vector<span> spans;
  if (!header_paths(path, &models, &spans)) return;
  for (std::size_t i = 0; i < models.size(); ++i) {
    if (!readable(diags_, models[i], spans[i])) continue;
    model_program* model = default_model(models[i]);
    if (model != nullptr) front_.load_properties(path, *model);
  }
}

void linter::check_scenario_file(const std::string& path) {
  std::unique_ptr<scenario_program> scenario = front_.parse_scenario(path);
  if (!scenario) return;
  const decl* header = nullptr;
  for (const decl_ptr& d : scenario->unit->decls) {
    if (d && d->kind == decl_kind::scenario) header = d.get();
  }
  if (header == nullptr) return;
  for (std::size_t i = 0; i < header->strings.size(); ++i) {
    const std::string model_path = sema::relative_to(path, header->strings[i]);
    const span where = i < header->string_spans.size() ? header->string_spans[i] : header->name_span;
    if (!readable(diags_, model_path, where)) continue;
    model_program* base = default_model(model_path);
    if (base == nullptr) continue;
    if (scenario->params.empty()) {
      front_.check_scenario(*scenario, *base);
      continue;
    }
    std::unique_ptr<model_program> model = front_.load_model(model_path, scenario->params, scenario->param_sites);
    if (model) front_.check_scenario(*scenario, *model);
  }
}

diagnostics without_duplicates(const diagnostics& diags) {
  diagnostics out;
  std::set<std::tuple<std::string, int, std::string, std::string>> seen;
  for (const diagnostic& d : diags.all()) {
    std::string notes;
    for (const diagnostic_note& n : d.notes) notes += n.where.location() + n.message + "\n";
    if (seen.emplace(d.kind, static_cast<int>(d.level), d.where.location() + "|" + d.message, notes).second) {
      out.add(d);
    }
  }
  return out;
}

}  // namespace ptmc::lang

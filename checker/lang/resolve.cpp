// Names: the global namespace and file scopes, local scopes and shadowing, "did you mean" suggestions,
// labels, and the cycle check over fn/inline calls.
#include <algorithm>
#include <filesystem>
#include <functional>

#include "lang/sema_internal.h"

namespace ptmc::lang::sema {

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  const std::size_t longer = std::max(a.size(), b.size());
  const std::size_t shorter = std::min(a.size(), b.size());
  if (longer - shorter > limit) return limit + 1;
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_best = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      row_best = std::min(row_best, current[j]);
    }
    if (row_best > limit) return limit + 1;
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], limit + 1);
}

std::string relative_to(const std::string& including_file, const std::string& path) {
  const std::filesystem::path target(path);
  if (target.is_absolute()) return target.lexically_normal().string();
  const std::filesystem::path joined = std::filesystem::path(including_file).parent_path() / target;
  return joined.lexically_normal().string();
}

std::string canonical_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(std::filesystem::absolute(path, ec), ec);
  if (ec) return std::filesystem::path(path).lexically_normal().string();
  return canonical.string();
}

bool context::is_builtin(std::string_view name) {
  static constexpr std::string_view builtins[] = {"len", "card", "min", "max", "val",
                                                  "push", "remove_at", "insert_at", "clear"};
  return std::find(std::begin(builtins), std::end(builtins), name) != std::end(builtins);
}

const decl* context::find_global(std::string_view name) const {
  if (auto found = file_scope_.find(name); found != file_scope_.end()) return found->second;
  if (auto found = model_.globals.find(name); found != model_.globals.end()) return found->second;
  return nullptr;
}

void context::declare_file_name(const decl& d, const std::string& name, span where) {
  if (is_builtin(name)) {
    diags_.error("sema.reserved-name", where, "'" + name + "' is a builtin function and cannot be declared");
    return;
  }
  if (const decl* previous = find_global(name)) {
    diagnostic& diag = diags_.error("sema.duplicate", where, "'" + name + "' is already declared");
    diag.notes.push_back({previous->name_span, "previous definition here"});
    return;
  }
  file_scope_.emplace(name, &d);
}

const local_binding* context::find_local(std::string_view name) const {
  for (auto it = scope_.rbegin(); it != scope_.rend(); ++it) {
    if (it->name == name) return &*it;
  }
  return nullptr;
}

void context::bind(local_binding binding) {
  if (is_builtin(binding.name)) {
    diags_.error("sema.reserved-name", binding.where,
                 "'" + binding.name + "' is a builtin function and cannot name a variable");
  } else if (const local_binding* inner = find_local(binding.name)) {
    diagnostic& diag = diags_.error("sema.shadow", binding.where, "'" + binding.name + "' shadows a local name");
    diag.notes.push_back({inner->where, "the shadowed declaration"});
  } else if (const decl* global = find_global(binding.name)) {
    diagnostic& diag =
        diags_.error("sema.shadow", binding.where, "'" + binding.name + "' shadows a global declaration");
    diag.notes.push_back({global->name_span, "the shadowed declaration"});
  }
  scope_.push_back(std::move(binding));
}

void context::report_unknown(std::string_view name, span where, std::string_view what) {
  diagnostic& diag = diags_.error("sema.unknown-name", where, std::string(what) + " '" + std::string(name) + "'");
  // Suggestions cost a pass over every visible name; a file full of unknown names gets the first few.
  if (suggestions_left_ == 0) return;
  --suggestions_left_;
  std::size_t best = 3;
  std::string suggestion;
  auto consider = [&](const std::string& candidate) {
    const std::size_t distance = edit_distance(name, candidate, 2);
    if (distance < best || (distance == best && candidate < suggestion)) {
      best = distance;
      suggestion = candidate;
    }
  };
  for (const local_binding& b : scope_) consider(b.name);
  for (const auto& entry : file_scope_) consider(entry.first);
  for (const auto& entry : model_.globals) consider(entry.first);  // enum constants are keys too
  if (best <= 2 && !suggestion.empty()) diag.notes.push_back({where, "did you mean '" + suggestion + "'?"});
}

namespace {

void collect_labels_in(const std::vector<stmt_ptr>& stmts, std::map<std::string, const stmt*>& out) {
  for (const stmt_ptr& s : stmts) {
    if (!s) continue;
    if (s->kind == stmt_kind::labeled) out.emplace(s->name, s.get());
    collect_labels_in(s->body, out);
  }
}

}  // namespace

std::map<std::string, const stmt*> context::collect_labels(const decl& body_owner) {
  std::map<std::string, const stmt*> labels;
  collect_labels_in(body_owner.body, labels);
  return labels;
}

void context::record_call(const decl* caller, const decl* callee, span where) {
  if (caller == nullptr || callee == nullptr) return;
  calls_[caller].push_back({callee, where});
}

void context::check_recursion(const std::vector<const decl*>& decls, const char* kind, const char* what) {
  // Iterative three-colour DFS: white (absent), grey (on the stack), black (done). A grey target is a
  // cycle, reported once at the call that closes it.
  std::map<const decl*, int> colour;
  struct frame {
    const decl* node;
    std::size_t next_edge;
  };
  for (const decl* root : decls) {
    if (colour[root] != 0) continue;
    std::vector<frame> stack{{root, 0}};
    colour[root] = 1;
    while (!stack.empty()) {
      frame& top = stack.back();
      const std::vector<call_edge>& edges = calls_[top.node];
      if (top.next_edge == edges.size()) {
        colour[top.node] = 2;
        stack.pop_back();
        continue;
      }
      const call_edge& edge = edges[top.next_edge++];
      const int c = colour[edge.callee];
      if (c == 1) {
        diagnostic& diag = diags_.error(kind, edge.where, std::string(what) + " '" + edge.callee->name +
                                                              "' is called recursively");
        for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
          diag.notes.push_back({it->node->name_span, "'" + it->node->name + "' is part of the cycle"});
          if (it->node == edge.callee) break;
        }
      } else if (c == 0) {
        colour[edge.callee] = 1;
        stack.push_back({edge.callee, 0});
      }
    }
  }
}

}  // namespace ptmc::lang::sema

// ptmc describe: the vocabulary a scenario or property author needs from a model, without reading
// its source: parameters, types, the actors a program runs as, syscalls with their signatures and
// results, and the observable events.
#include <iostream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "base/status.h"
#include "cli/commands.h"
#include "cli/driver.h"
#include "lang/frontend.h"

namespace ptmc::cli {

namespace {

struct describe_options {
  std::string model;
  std::vector<std::string> params;
};

// The first line of a doc comment, for one-line listings.
std::string first_line(const std::string& doc) { return doc.substr(0, doc.find('\n')); }

// `name(p: T, ...)`, with `self` marking the caller identity.
std::string signature(const lang::decl& d) {
  std::string out = d.name + "(";
  for (std::size_t i = 0; i < d.params.size(); ++i) {
    const lang::param_decl_item& p = d.params[i];
    if (i > 0) out += ", ";
    if (p.is_self) out += "self ";
    out += p.name + ": " + (p.ty != nullptr ? p.ty->spelling() : std::string("?"));
  }
  return out + ")";
}

// Prints `text` indented under an entry, one line per doc line.
void print_doc(std::ostream& out, const std::string& doc, std::string_view indent) {
  if (doc.empty()) return;
  std::size_t start = 0;
  while (start <= doc.size()) {
    const std::size_t end = doc.find('\n', start);
    out << indent << doc.substr(start, end == std::string::npos ? std::string::npos : end - start) << '\n';
    if (end == std::string::npos) break;
    start = end + 1;
  }
}

void print_model(std::ostream& out, const lang::model_program& m, const std::string& path) {
  out << "model \"" << m.name << "\" (" << path << ")\n";
  if (m.chain.size() > 1) {
    out << "extends:";
    for (std::size_t i = 1; i < m.chain.size(); ++i) out << " \"" << m.chain[i] << '"';
    out << '\n';
  }

  out << "\nparameters (set with `param NAME = value;` in a scenario, or --param NAME=VALUE):\n";
  if (m.params.empty()) out << "  (none)\n";
  for (const lang::decl* p : m.params) {
    out << "  " << p->name << ": " << (p->ty != nullptr ? p->ty->spelling() : "?") << " = " << p->const_value
        << '\n';
    print_doc(out, p->doc, "      ");
  }

  out << "\ntypes:\n";
  for (const lang::decl* e : m.enums) {
    // Wrapped under 100 columns, continuation lines indented past the brace.
    std::string line = "  enum " + e->name + " {";
    for (std::size_t i = 0; i < e->enum_values.size(); ++i) {
      const std::string item = (i == 0 ? " " : ", ") + e->enum_values[i];
      if (line.size() + item.size() > 96) {
        out << line << (i == 0 ? "" : ",") << '\n';
        line = "    " + e->enum_values[i];
      } else {
        line += item;
      }
    }
    out << line << " }\n";
  }
  for (const lang::decl* s : m.symmetrics) {
    out << "  symmetric type " << s->name << ": values";
    if (s->ty != nullptr) {
      for (const std::string& v : s->ty->value_names) out << ' ' << v;
    }
    out << '\n';
  }
  for (const lang::decl* a : m.aliases) {
    out << "  type " << a->name << " = " << (a->ty != nullptr ? a->ty->spelling() : "?") << '\n';
  }

  // The actors are the values a program's `as` may name: the domains of the syscalls' `self` parameters.
  std::set<std::string> actor_types;
  std::vector<const lang::type*> actors;
  for (const lang::decl* s : m.syscalls) {
    for (const lang::param_decl_item& p : s->params) {
      if (p.is_self && p.ty != nullptr && actor_types.insert(p.ty->spelling()).second) actors.push_back(p.ty);
    }
  }
  out << "\nactors (a scenario's `program NAME as ACTOR`):";
  if (actors.empty()) out << " (none: the model has no syscall with a `self` parameter)";
  for (const lang::type* t : actors) {
    out << ' ' << t->spelling() << ':';
    if (!t->value_names.empty()) {
      for (const std::string& v : t->value_names) out << ' ' << v;
    } else {
      out << ' ' << t->lo << ".." << t->hi;
    }
  }
  out << '\n';

  out << "\nsyscalls (the statements of a scenario program; `self` is bound by `as`):\n";
  if (m.syscalls.empty()) out << "  (none)\n";
  for (const lang::decl* s : m.syscalls) {
    out << "  " << signature(*s);
    if (s->ty != nullptr) out << ": " << s->ty->spelling();
    out << '\n';
    print_doc(out, s->doc, "      ");
    if (s->value) out << "      (the most general environment calls it only where " << lang::print(*s->value) << ")\n";
  }

  out << "\nevents (what monitors and `after` properties observe):\n";
  if (m.events.empty()) out << "  (none)\n";
  for (const lang::decl* e : m.events) {
    out << "  " << signature(*e);
    const std::string doc = first_line(e->doc);
    if (!doc.empty()) out << "  -- " << doc;
    out << '\n';
  }

  out << "\nprocesses (the model's own agents):\n";
  if (m.processes.empty()) out << "  (none)\n";
  for (const lang::decl* p : m.processes) {
    out << "  " << p->name;
    if (!p->params.empty() && p->params[0].ty != nullptr) out << '[' << p->params[0].name << ": "
                                                              << p->params[0].ty->spelling() << ']';
    out << '\n';
    print_doc(out, p->doc, "      ");
  }
}

int run_describe(const describe_options& options) {
  source_manager sources;
  diagnostics diags;
  std::map<std::string, std::int64_t> params;
  std::string error;
  if (!parse_params(options.params, params, &error)) {
    std::cerr << "ptmc describe: error: " << error << '\n';
    return exit_code(run_outcome::bad_input);
  }
  lang::frontend front(sources, diags);
  std::unique_ptr<lang::model_program> model = front.load_model(options.model, params);
  if (model == nullptr || diags.has_errors()) {
    diags.print(std::cerr);
    return exit_code(run_outcome::bad_input);
  }
  print_model(std::cout, *model, options.model);
  return exit_code(run_outcome::all_hold);
}

}  // namespace

void register_describe(CLI::App& app, command_context& context) {
  CLI::App* sub = add_command(
      app, {"describe", "print a model's vocabulary: parameters, types, actors, syscalls, events",
            "Loads and checks a model (or proposal) and prints what a scenario or property author needs "
            "from it: the parameters with their ranges and values, the enums and symmetric types, the "
            "actors a scenario program can run as, every syscall with its signature, result type and "
            "documentation, the observable events, and the model's processes. Types that depend on "
            "parameters are shown at the values given with --param (the defaults otherwise). Exit code 2 "
            "if the model does not check.",
            "ptmc describe spec/linux-2.6.32.ptm"});
  auto options = std::make_shared<describe_options>();
  sub->add_option("model", options->model, "the model or proposal (.ptm)")->required();
  sub->add_option("--param", options->params, "NAME=VALUE: set a model parameter");
  sub->callback([options, &context] { context.exit_code = run_describe(*options); });
}

}  // namespace ptmc::cli

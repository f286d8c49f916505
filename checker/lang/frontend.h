// The front end's entry points: parse, print, and check models, properties and scenarios.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/ast.h"
#include "lang/types.h"

namespace ptmc::lang {

// ---------------------------------------------------------------- syntax (parser.cpp, printer.cpp)

// Parses one file. Never throws, never crashes; errors go to `diags` and the returned unit
// holds whatever parsed (possibly nothing). Nesting deeper than max_nesting is an error.
std::unique_ptr<source_unit> parse(const source_file& file, diagnostics& diags);

// Canonical text of a unit: parse(print(u)) is structurally equal to u (comments other than
// doc comments are not kept).
std::string print(const source_unit& unit);
std::string print(const expr& e);
std::string print(const type_expr& t);

// Structural equality of syntax trees, ignoring spans and sema annotations.
bool same_syntax(const source_unit& a, const source_unit& b);

// ---------------------------------------------------------------- checked programs (sema)

// A checked model: the extends chain merged, overrides applied, parameters fixed, every
// type resolved and every expression annotated.
struct model_program {
  std::string name;                       // this model's name
  std::vector<std::string> chain;         // names: this model first, then each base
  std::vector<std::string> chain_paths;   // canonical paths, same order
  std::vector<std::unique_ptr<source_unit>> units;  // owned syntax, base first
  type_table types;
  std::map<std::string, std::int64_t> param_values;  // after defaults and overrides

  // Effective declarations after overrides, base declarations first, in source order.
  std::vector<const decl*> params, constants, enums, aliases, symmetrics, vars, events, fns, inlines,
      processes, syscalls, inits;

  // The global namespace: every named declaration of the merged chain; an enum constant maps to its enum.
  std::map<std::string, const decl*, std::less<>> globals;

  const decl* find(std::string_view name) const;   // any global declaration by name
  bool extends_path(const std::string& canonical_path) const;  // in chain_paths
  bool has_name(std::string_view model_name) const;            // in chain
};

struct properties_program {
  std::unique_ptr<source_unit> unit;
  std::vector<const decl*> invariants, properties, fns;
  std::vector<const decl*> monitors;   // in declaration order (handlers of one event run in this order)
};

struct scenario_program {
  std::unique_ptr<source_unit> unit;
  std::string name;
  std::vector<const decl*> programs, observes, conditions, inits;
  std::vector<const decl*> monitors;   // the scenario's own monitors (observed with `observe`)
  bool allow_hang = false;   // `allow hang;`: the programs may end blocked on purpose
  std::map<std::string, std::int64_t> params;  // the scenario's `param NAME = value;`
  std::map<std::string, span> param_sites;     // where each of them is written (for diagnostics)
};

// Whether `extends` and `for` paths may be read from disk. The fuzzer turns this off so that an input
// never reads arbitrary files: every such path then fails with load.cannot-read.
enum class file_access { allowed, denied };

class frontend {
 public:
  frontend(source_manager& sources, diagnostics& diags, file_access access = file_access::allowed)
      : sources_(sources), diags_(diags), access_(access) {}

  // Loads, merges and checks a model or proposal. `param_overrides` (scenario, then command
  // line) replace defaults; a value outside the parameter's range is an error. `override_sites`
  // says where an override was written (a scenario's `param`); others are reported without a position.
  // Returns nullptr when there were errors (all of them reported).
  std::unique_ptr<model_program> load_model(const std::string& path,
                                            const std::map<std::string, std::int64_t>& param_overrides,
                                            const std::map<std::string, span>& override_sites = {});
  // The same for a model whose text is already registered (tests, the fuzzer); `extends` paths are
  // relative to file.path().
  std::unique_ptr<model_program> load_model(const source_file& file,
                                            const std::map<std::string, std::int64_t>& param_overrides,
                                            const std::map<std::string, span>& override_sites = {});

  // Parses a scenario without checking it, so its parameters can be applied to the model.
  // Returns nullptr when the file cannot be read, does not parse or is not a scenario.
  std::unique_ptr<scenario_program> parse_scenario(const std::string& path);
  std::unique_ptr<scenario_program> parse_scenario(const source_file& file);
  // Checks a parsed scenario against a model loaded with the scenario's parameters. Annotates the
  // scenario's syntax and interns its types in the model's type table (hence non-const).
  bool check_scenario(scenario_program& scenario, model_program& model);

  // Whether the property file (.inv) or scenario (.ptl) at `path` is written for `model`: whether one
  // of its header's `for` paths, relative to the file, is a file of the model's extends chain (the rule
  // load_properties and check_scenario enforce). Only the header is read; the rest of the file is
  // parsed but not checked. Returns nullopt after reporting why the file cannot be read, does not parse
  // or is neither a property file nor a scenario.
  std::optional<bool> written_for(const std::string& path, const model_program& model);

  // Loads and checks a property file against a model (whose type table receives the file's types).
  // Returns nullptr when there were errors.
  std::unique_ptr<properties_program> load_properties(const std::string& path, model_program& model);
  std::unique_ptr<properties_program> load_properties(const source_file& file, model_program& model);

 private:
  source_manager& sources_;
  diagnostics& diags_;
  file_access access_;
};

}  // namespace ptmc::lang

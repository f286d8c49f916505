// Checking files the way `ptmc lint` does, as a library: a model on its own with default parameters,
// a property file or scenario against every model its `for` header names.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/frontend.h"

namespace ptmc::lang {

class linter {
 public:
  linter(source_manager& sources, diagnostics& diags, file_access access = file_access::allowed)
      : sources_(sources), diags_(diags), front_(sources, diags, access) {}

  // Checks one .ptm, .inv or .ptl file, reporting every problem to the diagnostics sink; a file of
  // another extension is reported as load.wrong-file-kind. Models named by several files are loaded once
  // with default parameters (a scenario's own parameters load the model again).
  void check_file(const std::string& path);

 private:
  void check_model_file(const std::string& path);
  void check_properties_file(const std::string& path);
  void check_scenario_file(const std::string& path);
  // The model at `path` with default parameters, loaded once; nullptr if it has errors (reported once).
  model_program* default_model(const std::string& path);
  // Reads the `for` paths of a property file's or scenario's header without checking anything else;
  // false after reporting parse errors.
  bool header_paths(const std::string& path, std::vector<std::string>* paths, std::vector<span>* spans);

  source_manager& sources_;
  diagnostics& diags_;
  frontend front_;
  std::map<std::string, std::unique_ptr<model_program>> models_;  // canonical path -> model or null
};

// The diagnostics without repetitions (same kind, severity, position and message), in their first order.
// Several files that share a base model report the base's problems once per load.
diagnostics without_duplicates(const diagnostics& diags);

}  // namespace ptmc::lang

// Prints the packed state layout of a model as `ptmc check` lowers it: the bits of every variable,
// the total state bits and the packed state size in 64-bit words, which is what the explorer
// stores per state (bench/run compares it with the measured bytes per stored state).
//
//   state_layout MODEL.ptm [--param NAME=VALUE]... [--env-calls N] [--verbose]
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "base/diagnostics.h"
#include "base/source.h"
#include "lang/frontend.h"
#include "lower/lower.h"

int main(int argc, char** argv) {
  using namespace ptmc;
  std::string path;
  std::map<std::string, std::int64_t> params;
  lower::options opts;
  opts.env_calls = 2;  // ptmc check's default
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--param") == 0 && i + 1 < argc) {
      const std::string s = argv[++i];
      const auto eq = s.find('=');
      if (eq == std::string::npos) {
        std::fprintf(stderr, "state_layout: --param expects NAME=VALUE\n");
        return 2;
      }
      params[s.substr(0, eq)] = std::strtoll(s.c_str() + eq + 1, nullptr, 10);
    } else if (std::strcmp(argv[i], "--env-calls") == 0 && i + 1 < argc) {
      opts.env_calls = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--verbose") == 0) {
      verbose = true;
    } else if (argv[i][0] != '-' && path.empty()) {
      path = argv[i];
    } else {
      std::fprintf(stderr, "usage: state_layout MODEL.ptm [--param NAME=VALUE]... [--env-calls N] [--verbose]\n");
      return 2;
    }
  }
  if (path.empty()) {
    std::fprintf(stderr, "usage: state_layout MODEL.ptm [--param NAME=VALUE]... [--env-calls N] [--verbose]\n");
    return 2;
  }
  source_manager sources;
  diagnostics diags;
  lang::frontend front(sources, diags);
  auto model = front.load_model(path, params);
  std::unique_ptr<lower::lowered_model> lowered;
  if (model && !diags.has_errors()) lowered = lower::lower(*model, {}, nullptr, opts, diags);
  if (!lowered) {
    diags.print(std::cerr);
    return 2;
  }
  const ir::model& m = lowered->model;
  if (verbose) {
    for (const ir::variable& v : m.variables) {
      std::uint32_t bits = 0;
      for (std::uint32_t k = 0; k < v.slot_count; ++k) bits += m.slots[v.first_slot + k].width;
      std::printf("  %-32s %3u bits\n", v.name.c_str(), bits);
    }
  }
  std::printf("state bits %u, words %u, bytes %u\n", m.state_bits, m.state_words(), m.state_words() * 8);
  return 0;
}

// Golden tests of the diagnostics printer: one case per directory of tests/golden/diagnostics/.
//
// A case's `input` holds source files and the diagnostics to report on them:
//
//   === spec/x.ptm                      a source file, registered under this path; its text follows
//   var x: foo;
//   === spec/y.ptm [no-final-newline]   the text's final newline is dropped
//   ...
//   === diagnostics                     one diagnostic per line, in the order they are reported:
//   error spec/x.ptm:1:8+3 sema.unknown-name unknown name 'foo'
//   note spec/x.ptm:1:1+3 previous definition here    (attached to the diagnostic above)
//   warning - lint.kind message                        ("-" is no location; "path:eof" is the end of file)
//
// `expected` is what diagnostics::print writes.
#include "base/diagnostics.h"

#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <map>
#include <sstream>
#include <string>

#include "support/golden.h"

namespace ptmc {
namespace {

constexpr std::string_view phase = "diagnostics";

struct golden_case {
  source_manager sources;
  std::map<std::string, const source_file*> files;
  diagnostics diags;
};

span parse_location(const golden_case& c, const std::string& where) {
  if (where == "-") return span{};
  std::size_t colon = where.find(':');
  const std::string path = where.substr(0, colon);
  auto file = c.files.find(path);
  if (colon == std::string::npos || file == c.files.end()) {
    ADD_FAILURE() << "bad location '" << where << "' (no such file section)";
    return span{};
  }
  const source_file* f = file->second;
  const std::string rest = where.substr(colon + 1);
  if (rest == "eof") return span{f, static_cast<std::uint32_t>(f->text().size()), 0};
  unsigned line = 0;
  unsigned column = 0;
  unsigned length = 0;
  if (std::sscanf(rest.c_str(), "%u:%u+%u", &line, &column, &length) != 3 || line == 0 || column == 0) {
    ADD_FAILURE() << "bad location '" << where << "' (want path:line:col+len, path:eof or -)";
    return span{};
  }
  // Offset of the line's start, counted on the raw text so that positions past a line's end stay possible.
  std::size_t offset = 0;
  for (unsigned l = 1; l < line; ++l) offset = f->text().find('\n', offset) + 1;
  return span{f, static_cast<std::uint32_t>(offset + column - 1), length};
}

void load_case(golden_case& c, const std::string& input) {
  std::istringstream in(input);
  std::string line;
  std::string section;
  bool drop_final_newline = false;
  std::string text;
  auto finish_file = [&] {
    if (section.empty() || section == "diagnostics") return;
    if (drop_final_newline && !text.empty() && text.back() == '\n') text.pop_back();
    c.files[section] = c.sources.add(section, text);
  };
  diagnostic* last = nullptr;
  while (std::getline(in, line)) {
    if (line.rfind("=== ", 0) == 0) {
      finish_file();
      section = line.substr(4);
      drop_final_newline = false;
      if (const std::size_t flag = section.find(" [no-final-newline]"); flag != std::string::npos) {
        section.erase(flag);
        drop_final_newline = true;
      }
      text.clear();
      continue;
    }
    if (section != "diagnostics") {
      text += line + '\n';
      continue;
    }
    if (line.empty()) continue;
    std::istringstream fields(line);
    std::string level;
    std::string where;
    fields >> level >> where;
    const span at = parse_location(c, where);
    if (level == "note") {
      std::string message;
      std::getline(fields >> std::ws, message);
      if (last == nullptr) {
        ADD_FAILURE() << "note before any diagnostic: " << line;
        continue;
      }
      last->notes.push_back({at, message});
      continue;
    }
    std::string kind;
    std::string message;
    fields >> kind;
    std::getline(fields >> std::ws, message);
    if (level == "error") {
      last = &c.diags.error(kind, at, message);
    } else if (level == "warning") {
      last = &c.diags.warning(kind, at, message);
    } else {
      ADD_FAILURE() << "unknown severity '" << level << "' in: " << line;
    }
  }
  finish_file();
}

class diagnostics_golden : public ::testing::TestWithParam<std::string> {};

TEST_P(diagnostics_golden, prints_expected) {
  golden_case c;
  load_case(c, golden::read_input(phase, GetParam()));
  std::ostringstream out;
  c.diags.print(out);
  EXPECT_TRUE(golden::matches(phase, GetParam(), out.str()));
}

std::string test_name(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(cases, diagnostics_golden, ::testing::ValuesIn(golden::cases(phase)), test_name);

}  // namespace
}  // namespace ptmc

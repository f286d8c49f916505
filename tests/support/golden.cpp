#include "support/golden.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#ifndef PTMC_SOURCE_ROOT
#error "PTMC_SOURCE_ROOT must be defined by tests/CMakeLists.txt"
#endif

namespace ptmc::golden {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    if (end == std::string_view::npos) {
      lines.push_back(text);
      break;
    }
    lines.push_back(text.substr(0, end));
    text.remove_prefix(end + 1);
  }
  return lines;
}

enum class edit { keep, remove, insert };

// Longest-common-subsequence edit script; golden files are small, so quadratic is fine. Past the limit,
// everything is shown as removed then inserted, which is still a correct (if unhelpful) diff.
std::vector<edit> edit_script(const std::vector<std::string_view>& a,
                              const std::vector<std::string_view>& b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<edit> script;
  if (n * m > 25'000'000) {
    script.assign(n, edit::remove);
    script.insert(script.end(), m, edit::insert);
    return script;
  }
  std::vector<std::vector<std::uint32_t>> lcs(n + 1, std::vector<std::uint32_t>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] == b[j]) {
      script.push_back(edit::keep);
      ++i;
      ++j;
    } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
      script.push_back(edit::remove);
      ++i;
    } else {
      script.push_back(edit::insert);
      ++j;
    }
  }
  return script;
}

}  // namespace

std::filesystem::path source_root() { return std::filesystem::path(PTMC_SOURCE_ROOT); }

std::filesystem::path case_dir(std::string_view phase, std::string_view case_name) {
  return source_root() / "tests" / "golden" / phase / case_name;
}

std::vector<std::string> cases(std::string_view phase) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry :
       std::filesystem::directory_iterator(source_root() / "tests" / "golden" / phase, ec)) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ADD_FAILURE() << "cannot read " << path.string();
    return {};
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

std::string read_input(std::string_view phase, std::string_view case_name) {
  return read_file(case_dir(phase, case_name) / "input");
}

bool update_mode() {
  const char* value = std::getenv("PTMC_UPDATE_GOLDEN");
  return value != nullptr && std::string_view(value) == "1";
}

::testing::AssertionResult matches(std::string_view phase, std::string_view case_name,
                                   std::string_view actual) {
  const std::filesystem::path expected_path = case_dir(phase, case_name) / "expected";
  if (update_mode()) {
    std::filesystem::create_directories(expected_path.parent_path());
    std::ofstream out(expected_path, std::ios::binary | std::ios::trunc);
    out << actual;
    out.close();
    if (!out) return ::testing::AssertionFailure() << "cannot write " << expected_path.string();
    return ::testing::AssertionSuccess() << "updated " << expected_path.string();
  }
  std::ifstream in(expected_path, std::ios::binary);
  if (!in) {
    return ::testing::AssertionFailure()
           << "missing " << expected_path.string()
           << "\n(run the test with PTMC_UPDATE_GOLDEN=1 to create it)\nactual:\n"
           << actual;
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  const std::string expected = contents.str();
  if (expected == actual) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << "output differs from " << expected_path.string()
         << " (- expected, + actual; PTMC_UPDATE_GOLDEN=1 accepts the actual):\n"
         << diff(expected, actual);
}

std::string diff(std::string_view expected, std::string_view actual) {
  if (expected == actual) return {};
  const std::vector<std::string_view> a = split_lines(expected);
  const std::vector<std::string_view> b = split_lines(actual);
  const std::vector<edit> script = edit_script(a, b);
  constexpr std::size_t context = 3;

  std::ostringstream out;
  // Walk the script, printing hunks: runs of changes with up to `context` unchanged lines around them.
  std::size_t k = 0;
  std::size_t line_a = 0;  // lines of a consumed before script[k]
  std::size_t line_b = 0;
  while (k < script.size()) {
    if (script[k] == edit::keep) {
      ++k;
      ++line_a;
      ++line_b;
      continue;
    }
    // A change starts at k: back up over at most `context` kept lines.
    std::size_t start = k;
    std::size_t start_a = line_a;
    std::size_t start_b = line_b;
    for (std::size_t c = 0; c < context && start > 0 && script[start - 1] == edit::keep; ++c) {
      --start;
      --start_a;
      --start_b;
    }
    // Extend until more than 2 * context kept lines separate this change from the next one.
    std::size_t end = k;
    std::size_t kept_run = 0;
    while (end < script.size()) {
      if (script[end] == edit::keep) {
        if (kept_run == 2 * context) break;
        ++kept_run;
      } else {
        kept_run = 0;
      }
      ++end;
    }
    if (kept_run > context) end -= kept_run - context;

    std::ostringstream hunk;
    std::size_t count_a = 0;
    std::size_t count_b = 0;
    std::size_t ia = start_a;
    std::size_t ib = start_b;
    for (std::size_t s = start; s < end; ++s) {
      switch (script[s]) {
        case edit::keep:
          hunk << "  " << a[ia++] << '\n';
          ++ib;
          ++count_a;
          ++count_b;
          break;
        case edit::remove:
          hunk << "- " << a[ia++] << '\n';
          ++count_a;
          break;
        case edit::insert:
          hunk << "+ " << b[ib++] << '\n';
          ++count_b;
          break;
      }
    }
    out << "@@ -" << start_a + 1 << ',' << count_a << " +" << start_b + 1 << ',' << count_b << " @@\n"
        << hunk.str();
    k = end;
    line_a = ia;
    line_b = ib;
  }
  const bool expected_newline = expected.empty() || expected.back() == '\n';
  const bool actual_newline = actual.empty() || actual.back() == '\n';
  if (expected_newline != actual_newline) {
    out << (expected_newline ? "\\ actual has no newline at end of file\n"
                             : "\\ expected has no newline at end of file\n");
  }
  return out.str();
}

}  // namespace ptmc::golden

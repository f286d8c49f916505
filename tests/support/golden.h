// Golden-file tests: compare produced text with tests/golden/<phase>/<case>/expected.
//
// Set PTMC_UPDATE_GOLDEN=1 in the environment to rewrite the expected files from the actual output
// instead of comparing (then review the change with git diff).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace ptmc::golden {

// The repository's root directory.
std::filesystem::path source_root();

// tests/golden/<phase>/<case_name>.
std::filesystem::path case_dir(std::string_view phase, std::string_view case_name);

// The names of the case directories of a phase, sorted; empty if the phase has none.
std::vector<std::string> cases(std::string_view phase);

// The contents of a file, byte for byte; fails the current test and returns "" if it cannot be read.
std::string read_file(const std::filesystem::path& path);

// The contents of tests/golden/<phase>/<case_name>/input.
std::string read_input(std::string_view phase, std::string_view case_name);

// Success when `actual` equals tests/golden/<phase>/<case_name>/expected byte for byte; otherwise a
// failure whose message is a line diff. In update mode, writes `actual` to the expected file and succeeds.
::testing::AssertionResult matches(std::string_view phase, std::string_view case_name,
                                   std::string_view actual);

// A unified-style line diff of two texts ("-" expected, "+" actual, 3 lines of context, @@ hunk headers),
// noting a missing newline at the end of either. Empty when the texts are equal.
std::string diff(std::string_view expected, std::string_view actual);

// True when PTMC_UPDATE_GOLDEN=1.
bool update_mode();

}  // namespace ptmc::golden

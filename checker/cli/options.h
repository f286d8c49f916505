// Strict parsing of numeric command-line values: a value out of range, negative, NaN, overflowing or with
// trailing characters is a usage error naming the option, never silently something else.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ptmc::cli {

// Parses a whole decimal integer in [min, max]; on failure returns nullopt and sets *error to why
// ("must be an integer from 1 to 100, got '0'").
std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max,
                                          std::string* error);
// The same for unsigned values up to 2^64 - 1.
std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t min, std::uint64_t max,
                                            std::string* error);
// Parses a whole finite decimal number greater than 0 and at most `max`.
std::optional<double> parse_positive_seconds(std::string_view text, double max, std::string* error);

// Validators for CLI11 options: they run on the raw text before CLI11 converts it, so CLI11's own (lenient)
// conversion only ever sees values that passed. CLI11 reports a failure as "<option>: <why>".
CLI::Validator integer_in(std::int64_t min, std::int64_t max);
CLI::Validator unsigned_in(std::uint64_t min, std::uint64_t max);
CLI::Validator positive_seconds(double max);

// Refuses an output path that exists and is not a regular file (a FIFO, a device, a directory, a symlink):
// writing a report there would replace what the user has.
CLI::Validator report_path();

}  // namespace ptmc::cli

// Strict parsing of numeric option values, and the CLI11 validators that apply it.
#include "cli/options.h"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>

#include "report/atomic_file.h"

namespace ptmc::cli {

namespace {

template <typename T>
std::optional<T> parse_whole(std::string_view text, T min, T max, std::string_view what, std::string* error) {
  T value{};
  const char* first = text.data();
  const char* last = text.data() + text.size();
  // from_chars takes no '+' and, for unsigned types, no '-': "-5" is a clean failure, never a wrapped value.
  const auto [end, ec] = std::from_chars(first, last, value);
  const bool whole = !text.empty() && ec == std::errc() && end == last;
  // Out of range of the type (ec == result_out_of_range) leaves `value` untouched, so test it first.
  if (whole && value >= min && value <= max) return value;
  if (error != nullptr) {
    *error = "must be " + std::string(what) + " from " + std::to_string(min) + " to " + std::to_string(max) +
             ", got '" + std::string(text) + "'";
  }
  return std::nullopt;
}

// A CLI11 validator: accepts the text when `parse` does, otherwise says why not. No description, so that
// --help stays as it was.
template <typename Parse>
CLI::Validator validator(Parse parse) {
  return CLI::Validator(
      [parse](std::string& text) {
        std::string error;
        return parse(text, &error) ? std::string() : error;
      },
      std::string());
}

}  // namespace

std::optional<std::int64_t> parse_integer(std::string_view text, std::int64_t min, std::int64_t max,
                                          std::string* error) {
  return parse_whole(text, min, max, "an integer", error);
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text, std::uint64_t min, std::uint64_t max,
                                            std::string* error) {
  return parse_whole(text, min, max, "an integer", error);
}

std::optional<double> parse_positive_seconds(std::string_view text, double max, std::string* error) {
  // strtod on a copy: from_chars for doubles is missing from some of the standard libraries we build with,
  // and strtod accepts the same decimal forms; "nan", "inf" and hexadecimal are then refused below.
  const std::string copy(text);
  char* end = nullptr;
  errno = 0;
  const double value = copy.empty() ? 0.0 : std::strtod(copy.c_str(), &end);
  const bool decimal = !copy.empty() && copy.find_first_not_of("0123456789.eE+-") == std::string::npos;
  const bool whole = decimal && end == copy.c_str() + copy.size() && errno == 0;
  if (whole && std::isfinite(value) && value > 0 && value <= max) return value;
  if (error != nullptr) {
    std::ostringstream out;
    out << "must be a number of seconds greater than 0 and at most " << std::fixed << std::setprecision(0)
        << max << ", got '" << text << "'";
    *error = out.str();
  }
  return std::nullopt;
}

CLI::Validator integer_in(std::int64_t min, std::int64_t max) {
  return validator([min, max](const std::string& text, std::string* error) {
    return parse_integer(text, min, max, error).has_value();
  });
}

CLI::Validator unsigned_in(std::uint64_t min, std::uint64_t max) {
  return validator([min, max](const std::string& text, std::string* error) {
    return parse_unsigned(text, min, max, error).has_value();
  });
}

CLI::Validator positive_seconds(double max) {
  return validator([max](const std::string& text, std::string* error) {
    return parse_positive_seconds(text, max, error).has_value();
  });
}

CLI::Validator report_path() {
  return CLI::Validator(
      [](std::string& path) {
        const std::string reason = report::replace_refusal(path);
        return reason.empty() ? std::string() : "'" + path + "' " + reason;
      },
      "");
}

}  // namespace ptmc::cli

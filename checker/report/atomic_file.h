// Writing report files so that readers never see a partial file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace ptmc::report {

// Replaces the file at `path` with `content` atomically: writes a temporary file in the same
// directory, flushes it to disk (fsync), then renames it over `path`. Missing parent directories
// are created first. On success returns true. On failure returns false, sets *error (if not null)
// to "<path>: error: <reason>", leaves any previous file at `path` untouched and removes the
// temporary file. A new file gets the usual permissions (0666 less the umask).
bool write_file_atomically(const std::filesystem::path& path, std::string_view content, std::string* error);

}  // namespace ptmc::report

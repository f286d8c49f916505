// Writing report files so that readers never see a partial file and nothing a user has is destroyed.
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
//
// Only a regular file is ever replaced: a `path` that exists as anything else (a symbolic link, even
// to a regular file, a FIFO, a device, a directory, a socket) is refused (see replace_refusal).
// While the temporary file exists, SIGINT, SIGTERM and SIGHUP remove it before the process dies
// (when their disposition was the default one; an ignored or handled signal is left alone).
bool write_file_atomically(const std::filesystem::path& path, std::string_view content, std::string* error);

// Why `path` must not be replaced by a report, e.g. "is a FIFO, not a regular file: refusing to replace
// it"; "" when it may be (it does not exist or is a regular file). Symbolic links are not followed: a
// link is refused whatever it points to.
std::string replace_refusal(const std::filesystem::path& path);

}  // namespace ptmc::report

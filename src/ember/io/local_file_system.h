#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace ember {

/// Describes one file found by listing.
struct FileStatus {
  std::string path;
  int64_t size = 0;
};

/// Lists the data files under `paths` as Spark's file index does: a file stands for itself, a
/// directory is listed recursively, glob patterns (*, ?, [...]) expand, and names starting with
/// '_' or '.' are skipped (except partition directories such as `_c=1`). Results are sorted by
/// path within each given path. Throws PATH_NOT_FOUND naming a path that matches nothing.
std::vector<FileStatus> ListDataFiles(const std::vector<std::string>& paths);

/// Returns `path` without a leading "file:" or "file://" scheme.
std::string StripFileScheme(const std::string& path);

}  // namespace ember

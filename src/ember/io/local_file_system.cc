#include "ember/io/local_file_system.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>

#include "ember/common/error.h"

namespace ember {

namespace fs = std::filesystem;

namespace {

bool IsHidden(const std::string& name) {
  if (name.empty()) return false;
  bool partition_directory = name.find('=') != std::string::npos;
  return (name[0] == '_' && !partition_directory) || name[0] == '.' ||
         (name.size() > 10 && name.ends_with("._COPYING_"));
}

bool HasGlob(const std::string& path) {
  return path.find_first_of("*?[") != std::string::npos;
}

void ListInto(const fs::path& path, std::vector<FileStatus>& out) {
  std::error_code error;
  if (fs::is_directory(path, error)) {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(path, error)) entries.push_back(entry.path());
    if (error) {
      Throw(ErrorKind::kIo, "PATH_NOT_READABLE", "Cannot list directory ", path.string(), ": ",
            error.message(), ".");
    }
    std::sort(entries.begin(), entries.end());
    for (const auto& entry : entries) {
      if (!IsHidden(entry.filename().string())) ListInto(entry, out);
    }
    return;
  }
  auto size = fs::file_size(path, error);
  if (error) {
    Throw(ErrorKind::kIo, "PATH_NOT_READABLE", "Cannot read the size of ", path.string(), ": ",
          error.message(), ".");
  }
  out.push_back({path.string(), static_cast<int64_t>(size)});
}

}  // namespace

std::string StripFileScheme(const std::string& path) {
  if (path.rfind("file://", 0) == 0) return path.substr(7);
  if (path.rfind("file:", 0) == 0) return path.substr(5);
  return path;
}

std::vector<FileStatus> ListDataFiles(const std::vector<std::string>& paths) {
  std::vector<FileStatus> out;
  for (const auto& given : paths) {
    std::string path = StripFileScheme(given);
    std::vector<std::string> matches;
    if (HasGlob(path)) {
      glob_t found{};
      if (::glob(path.c_str(), 0, nullptr, &found) == 0) {
        for (size_t i = 0; i < found.gl_pathc; ++i) matches.push_back(found.gl_pathv[i]);
      }
      ::globfree(&found);
    } else if (fs::exists(path)) {
      matches.push_back(path);
    }
    if (matches.empty()) {
      Throw(ErrorKind::kAnalysis, "PATH_NOT_FOUND",
            "Path does not exist: file:", fs::absolute(path).string(), ".");
    }
    for (const auto& match : matches) ListInto(match, out);
  }
  return out;
}

}  // namespace ember

#pragma once

// Shared by the text-format fuzzers (csv_fuzzer, json_fuzzer): the input as a file on disk, read
// back in splits the way a scan cuts a file.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace ember::fuzz {

/// Writes a fuzzer input to a temporary file named after the process; removes it when destroyed.
class FuzzInputFile {
 public:
  FuzzInputFile(std::string_view extension, std::string_view content)
      : path_("/tmp/ember-fuzz-" + std::to_string(::getpid()) + std::string(extension)),
        size_(static_cast<int64_t>(content.size())) {
    if (std::FILE* file = std::fopen(path_.c_str(), "wb")) {
      written_ = std::fwrite(content.data(), 1, content.size(), file) == content.size();
      written_ &= std::fclose(file) == 0;
    }
  }
  ~FuzzInputFile() { std::remove(path_.c_str()); }
  FuzzInputFile(const FuzzInputFile&) = delete;
  FuzzInputFile& operator=(const FuzzInputFile&) = delete;

  bool written() const { return written_; }
  const std::string& path() const { return path_; }

  /// Calls `read_split(start, length)` for the file cut in three splits, or once for the whole
  /// file when `whole` (multiLine files are not split).
  template <typename ReadSplit>
  void ForEachSplit(bool whole, ReadSplit read_split) const {
    int64_t cut = whole ? size_ : size_ / 3 + 1;
    for (int64_t start = 0; start < size_; start += cut) read_split(start, cut);
  }

 private:
  std::string path_;
  int64_t size_;
  bool written_ = false;
};

}  // namespace ember::fuzz

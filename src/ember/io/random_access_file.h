#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ember {

/// Reads byte ranges of one local file at arbitrary offsets. Reads use pread, so one open file
/// may serve several threads at once (each task reading its own row groups, for example).
class RandomAccessFile {
 public:
  /// Opens `path` for reading; throws Error(kIo) naming the path when it cannot be opened or is
  /// not a regular file.
  static std::unique_ptr<RandomAccessFile> Open(const std::string& path);

  ~RandomAccessFile();
  RandomAccessFile(const RandomAccessFile&) = delete;
  RandomAccessFile& operator=(const RandomAccessFile&) = delete;

  const std::string& path() const { return path_; }
  /// Returns the file's size in bytes as it was when the file was opened.
  int64_t size() const { return size_; }

  /// Reads exactly `length` bytes starting at `offset` into `out`; throws Error(kIo) naming the
  /// path and offset when the range lies past the end of the file or the read fails.
  void ReadAt(int64_t offset, size_t length, uint8_t* out) const;
  /// Returns the `length` bytes starting at `offset`; fails as the overload above does.
  std::vector<uint8_t> ReadAt(int64_t offset, size_t length) const;

 private:
  RandomAccessFile(std::string path, int descriptor, int64_t size)
      : path_(std::move(path)), descriptor_(descriptor), size_(size) {}
  /// Throws Error(kIo) unless [offset, offset + length) lies inside the file.
  void CheckRange(int64_t offset, size_t length) const;

  std::string path_;
  int descriptor_;
  int64_t size_;
};

}  // namespace ember

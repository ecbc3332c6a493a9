#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>

namespace ember {

/// Owns one 64-byte aligned, growable allocation; the storage under every column.
/// Allocations are counted in a process-wide gauge so memory use can be reported and tested.
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t size) { Resize(size); }
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer(Buffer&& other) noexcept { *this = std::move(other); }
  Buffer& operator=(Buffer&& other) noexcept;

  /// Changes the size to `size` bytes, keeping the prefix; new bytes are uninitialized.
  void Resize(size_t size);
  /// Ensures room for `capacity` bytes without changing the size.
  void Reserve(size_t capacity);

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  size_t size() const { return size_; }
  size_t capacity() const { return capacity_; }

  template <typename T>
  T* as() {
    return reinterpret_cast<T*>(data_);
  }
  template <typename T>
  const T* as() const {
    return reinterpret_cast<const T*>(data_);
  }

  /// Returns the bytes currently held by all buffers of this process.
  static int64_t TotalAllocatedBytes();

 private:
  uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace ember

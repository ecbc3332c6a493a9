#include "ember/columnar/buffer.h"

#include <algorithm>
#include <atomic>
#include <new>

namespace ember {

namespace {
constexpr std::align_val_t kAlignment{64};
std::atomic<int64_t> total_allocated{0};
}  // namespace

Buffer::~Buffer() {
  if (data_ != nullptr) {
    ::operator delete(data_, kAlignment);
    total_allocated -= static_cast<int64_t>(capacity_);
  }
}

Buffer& Buffer::operator=(Buffer&& other) noexcept {
  if (this != &other) {
    this->~Buffer();
    data_ = other.data_;
    size_ = other.size_;
    capacity_ = other.capacity_;
    other.data_ = nullptr;
    other.size_ = other.capacity_ = 0;
  }
  return *this;
}

void Buffer::Reserve(size_t capacity) {
  if (capacity <= capacity_) return;
  size_t new_capacity = std::max<size_t>({capacity, capacity_ * 2, 64});
  new_capacity = (new_capacity + 63) & ~size_t{63};
  auto* fresh = static_cast<uint8_t*>(::operator new(new_capacity, kAlignment));
  if (data_ != nullptr) {
    std::memcpy(fresh, data_, size_);
    ::operator delete(data_, kAlignment);
    total_allocated -= static_cast<int64_t>(capacity_);
  }
  data_ = fresh;
  capacity_ = new_capacity;
  total_allocated += static_cast<int64_t>(capacity_);
}

void Buffer::Resize(size_t size) {
  Reserve(size);
  size_ = size;
}

int64_t Buffer::TotalAllocatedBytes() {
  return total_allocated.load();
}

}  // namespace ember

#pragma once

#include <cstddef>
#include <cstdint>

namespace ember {

/// Hashes `size` bytes; stable across processes and runs, so partitioning is deterministic.
uint64_t HashBytes(const void* data, size_t size, uint64_t seed = 0);

/// Mixes a 64-bit value into a well-distributed hash (used for fixed-width keys).
inline uint64_t HashInt64(uint64_t value, uint64_t seed = 0) {
  uint64_t x = value ^ (seed + 0x9E3779B97F4A7C15ULL);
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

/// Combines two hashes, order-sensitive.
inline uint64_t HashCombine(uint64_t left, uint64_t right) {
  return HashInt64(left * 31 + right);
}

}  // namespace ember

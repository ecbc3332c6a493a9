#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "ember/columnar/column.h"
#include "ember/common/hash.h"

namespace ember {

/// Encodes the key columns of each row into comparable bytes: equal keys give equal bytes
/// (floats normalized so -0.0 = 0.0 and all NaNs are equal, as Spark groups them).
class KeyEncoder {
 public:
  /// Encodes rows [0, num_rows) of `keys`; afterwards Key(i) and Hash(i) describe row i.
  void Encode(const std::vector<ColumnVectorPtr>& keys, size_t num_rows);
  std::string_view Key(size_t row) const {
    return std::string_view(bytes_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
  uint64_t Hash(size_t row) const { return hashes_[row]; }
  /// Returns whether any key column of row `row` is null (such rows never match in joins).
  bool HasNull(size_t row) const { return has_null_[row] != 0; }

 private:
  std::vector<char> bytes_;
  std::vector<uint32_t> offsets_;
  std::vector<uint64_t> hashes_;
  std::vector<uint8_t> has_null_;
};

/// Maps encoded keys to dense ids 0, 1, 2... in insertion order (open addressing, linear probing).
class KeyTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  KeyTable();
  /// Returns the id of `key`, adding it if new (then `*inserted` is set).
  uint32_t FindOrInsert(std::string_view key, uint64_t hash, bool* inserted);
  /// Returns the id of `key` or kNotFound.
  uint32_t Find(std::string_view key, uint64_t hash) const;
  size_t size() const { return key_offsets_.size() - 1; }

 private:
  void Grow();
  std::string_view KeyOf(uint32_t id) const {
    return std::string_view(arena_.data() + key_offsets_[id],
                            key_offsets_[id + 1] - key_offsets_[id]);
  }

  std::vector<uint64_t> slot_hashes_;
  std::vector<uint32_t> slot_ids_;
  std::vector<char> arena_;
  std::vector<uint64_t> key_offsets_;
  size_t mask_;
};

/// Maps single integral keys (widened to int64) to dense ids; the fast path for the common
/// groupBy(one column) and join on one integer key. Null keys are handled by the caller.
class IntKeyTable {
 public:
  static constexpr uint32_t kNotFound = UINT32_MAX;

  IntKeyTable();
  /// Returns the id of `key`, adding it if new (then `*inserted` is set).
  uint32_t FindOrInsert(int64_t key, bool* inserted) {
    size_t slot = HashInt64(static_cast<uint64_t>(key)) & mask_;
    while (ids_[slot] != kNotFound) {
      if (keys_[slot] == key) return ids_[slot];
      slot = (slot + 1) & mask_;
    }
    return Insert(slot, key, inserted);
  }
  uint32_t Find(int64_t key) const {
    size_t slot = HashInt64(static_cast<uint64_t>(key)) & mask_;
    while (ids_[slot] != kNotFound) {
      if (keys_[slot] == key) return ids_[slot];
      slot = (slot + 1) & mask_;
    }
    return kNotFound;
  }
  size_t size() const { return count_; }

 private:
  uint32_t Insert(size_t slot, int64_t key, bool* inserted);
  void Grow();
  std::vector<int64_t> keys_;
  std::vector<uint32_t> ids_;
  size_t mask_;
  size_t count_ = 0;
};

/// Returns whether `type` is served by IntKeyTable (integral, date, timestamp, boolean).
bool IsIntKeyType(const DataType& type);
/// Reads row `row` of an IntKeyTable-eligible column as int64.
int64_t IntKeyAt(const ColumnVector& column, size_t row);

}  // namespace ember

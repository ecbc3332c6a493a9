#include "ember/exec/key_table.h"

#include <cmath>
#include <cstring>

#include "ember/common/hash.h"

namespace ember {

namespace {

template <typename T>
void AppendBytes(std::vector<char>& out, T value) {
  size_t at = out.size();
  out.resize(at + sizeof(T));
  std::memcpy(out.data() + at, &value, sizeof(T));
}

}  // namespace

void KeyEncoder::Encode(const std::vector<ColumnVectorPtr>& keys, size_t num_rows) {
  bytes_.clear();
  offsets_.assign(1, 0);
  offsets_.reserve(num_rows + 1);
  has_null_.assign(num_rows, 0);
  hashes_.resize(num_rows);
  for (size_t row = 0; row < num_rows; ++row) {
    for (const auto& column : keys) {
      if (column->IsNull(row)) {
        bytes_.push_back(0);
        has_null_[row] = 1;
        continue;
      }
      bytes_.push_back(1);
      const DataType& type = column->type();
      if (type.IsStringLike()) {
        std::string_view text = column->StringAt(row);
        AppendBytes<uint32_t>(bytes_, static_cast<uint32_t>(text.size()));
        bytes_.insert(bytes_.end(), text.begin(), text.end());
      } else if (type.id() == TypeId::kDouble || type.id() == TypeId::kFloat) {
        double value = type.id() == TypeId::kDouble ? column->ValueAt<double>(row)
                                                    : column->ValueAt<float>(row);
        if (value == 0) value = 0;                    // -0.0 groups with 0.0
        if (std::isnan(value)) value = std::nan("");  // one NaN
        AppendBytes<double>(bytes_, value);
      } else {
        DispatchFixedWidth(type,
                           [&]<typename T>() { AppendBytes<T>(bytes_, column->ValueAt<T>(row)); });
      }
    }
    offsets_.push_back(static_cast<uint32_t>(bytes_.size()));
    hashes_[row] = HashBytes(bytes_.data() + offsets_[row], offsets_[row + 1] - offsets_[row]);
  }
}

KeyTable::KeyTable()
    : slot_hashes_(1024), slot_ids_(1024, kNotFound), key_offsets_(1, 0), mask_(1023) {}

uint32_t KeyTable::FindOrInsert(std::string_view key, uint64_t hash, bool* inserted) {
  *inserted = false;
  size_t slot = hash & mask_;
  while (slot_ids_[slot] != kNotFound) {
    if (slot_hashes_[slot] == hash && KeyOf(slot_ids_[slot]) == key) return slot_ids_[slot];
    slot = (slot + 1) & mask_;
  }
  uint32_t id = static_cast<uint32_t>(size());
  arena_.insert(arena_.end(), key.begin(), key.end());
  key_offsets_.push_back(arena_.size());
  slot_hashes_[slot] = hash;
  slot_ids_[slot] = id;
  *inserted = true;
  if (size() * 2 > slot_ids_.size()) Grow();
  return id;
}

uint32_t KeyTable::Find(std::string_view key, uint64_t hash) const {
  size_t slot = hash & mask_;
  while (slot_ids_[slot] != kNotFound) {
    if (slot_hashes_[slot] == hash && KeyOf(slot_ids_[slot]) == key) return slot_ids_[slot];
    slot = (slot + 1) & mask_;
  }
  return kNotFound;
}

void KeyTable::Grow() {
  size_t capacity = slot_ids_.size() * 2;
  std::vector<uint64_t> hashes(capacity);
  std::vector<uint32_t> ids(capacity, kNotFound);
  mask_ = capacity - 1;
  for (size_t s = 0; s < slot_ids_.size(); ++s) {
    if (slot_ids_[s] == kNotFound) continue;
    size_t slot = slot_hashes_[s] & mask_;
    while (ids[slot] != kNotFound) slot = (slot + 1) & mask_;
    hashes[slot] = slot_hashes_[s];
    ids[slot] = slot_ids_[s];
  }
  slot_hashes_ = std::move(hashes);
  slot_ids_ = std::move(ids);
}

IntKeyTable::IntKeyTable() : keys_(1024), ids_(1024, kNotFound), mask_(1023) {}

uint32_t IntKeyTable::Insert(size_t slot, int64_t key, bool* inserted) {
  uint32_t id = static_cast<uint32_t>(count_++);
  keys_[slot] = key;
  ids_[slot] = id;
  *inserted = true;
  if (count_ * 2 > ids_.size()) Grow();
  return id;
}

void IntKeyTable::Grow() {
  size_t capacity = ids_.size() * 2;
  std::vector<int64_t> keys(capacity);
  std::vector<uint32_t> ids(capacity, kNotFound);
  mask_ = capacity - 1;
  for (size_t s = 0; s < ids_.size(); ++s) {
    if (ids_[s] == kNotFound) continue;
    size_t slot = HashInt64(static_cast<uint64_t>(keys_[s])) & mask_;
    while (ids[slot] != kNotFound) slot = (slot + 1) & mask_;
    keys[slot] = keys_[s];
    ids[slot] = ids_[s];
  }
  keys_ = std::move(keys);
  ids_ = std::move(ids);
}

bool IsIntKeyType(const DataType& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kDate:
    case TypeId::kTimestamp:
      return true;
    default:
      return false;
  }
}

int64_t IntKeyAt(const ColumnVector& column, size_t row) {
  switch (column.type().id()) {
    case TypeId::kBoolean:
      return column.ValueAt<bool>(row);
    case TypeId::kByte:
      return column.ValueAt<int8_t>(row);
    case TypeId::kShort:
      return column.ValueAt<int16_t>(row);
    case TypeId::kInt:
    case TypeId::kDate:
      return column.ValueAt<int32_t>(row);
    default:
      return column.ValueAt<int64_t>(row);
  }
}

}  // namespace ember

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ember/columnar/buffer.h"
#include "ember/types/data_type.h"
#include "ember/types/value.h"

namespace ember {

class ColumnVector;
using ColumnVectorPtr = std::shared_ptr<const ColumnVector>;

/// Views the raw little-endian buffers of a flat column, the form serializers write and read.
struct ColumnBuffers {
  std::string_view validity;  // BitmapWords(rows) * 8 bytes, or empty when no row is null
  std::string_view values;    // fixed-width types: rows * PhysicalWidth() bytes
  std::string_view offsets;   // string and binary: rows + 1 int32 offsets, from any base
  std::string_view chars;     // string and binary: the bytes from offsets[0] to offsets[rows]
};

/// Holds the values of one column of a batch: fixed-width values in one contiguous buffer, or
/// strings as int32 offsets plus bytes; nulls in a validity bitmap (bit set = valid; no bitmap =
/// no nulls). Two compact encodings report `size` rows without storing each: a constant column
/// stores one value; a dictionary column (strings and binary only) stores an int32 index per row
/// into a flat, null-free dictionary column shared by many batches (Parquet dictionary pages).
/// StringAt, GetValue, Gather and Slice handle both; code that reads the raw buffers calls
/// Flatten() first.
class ColumnVector : public std::enable_shared_from_this<ColumnVector> {
 public:
  /// Creates a flat column of `size` rows with uninitialized values and no nulls.
  static std::shared_ptr<ColumnVector> MakeFlat(DataType type, size_t size);
  /// Creates an empty string/binary column with room for `capacity` rows.
  static std::shared_ptr<ColumnVector> MakeStrings(DataType type, size_t capacity);
  /// Creates a column that repeats `value` `size` times.
  static ColumnVectorPtr MakeConstant(const Value& value, size_t size);
  /// Creates a column of `size` nulls of `type`.
  static ColumnVectorPtr MakeNulls(DataType type, size_t size);
  /// Creates a column of `size` rows encoded as indices into `dictionary`, a flat, non-empty
  /// string or binary column without nulls; the caller fills mutable_dictionary_indices() with
  /// values below dictionary->size() (null rows too: give them index 0 and clear their validity
  /// bit).
  static std::shared_ptr<ColumnVector> MakeDictionary(ColumnVectorPtr dictionary, size_t size);
  /// Creates a flat column of `rows` rows from serialized buffers. The bytes may come from a file
  /// or another process, so every size and offset is checked, and booleans are normalized to 0/1;
  /// returns nullptr and sets `problem` to what is wrong when they do not describe a column.
  static ColumnVectorPtr FromBuffers(DataType type, size_t rows, const ColumnBuffers& buffers,
                                     std::string* problem);

  const DataType& type() const { return type_; }
  size_t size() const { return size_; }
  bool is_constant() const { return constant_; }
  bool is_dictionary() const { return dictionary_ != nullptr; }
  /// The dictionary of a dictionary column (nullptr otherwise).
  const ColumnVectorPtr& dictionary() const { return dictionary_; }
  const int32_t* dictionary_indices() const { return values_.as<int32_t>(); }
  int32_t* mutable_dictionary_indices() { return values_.as<int32_t>(); }

  template <typename T>
  const T* data() const {
    return values_.as<T>();
  }
  template <typename T>
  T* mutable_data() {
    return values_.as<T>();
  }
  /// Returns row `i` of a fixed-width column (row 0 if constant).
  template <typename T>
  T ValueAt(size_t i) const {
    return values_.as<T>()[constant_ ? 0 : i];
  }
  /// Returns row `i` of a string or binary column (row 0 if constant).
  std::string_view StringAt(size_t i) const {
    if (dictionary_) return dictionary_->StringAt(values_.as<int32_t>()[i]);
    size_t row = constant_ ? 0 : i;
    const int32_t* offsets = values_.as<int32_t>();
    return std::string_view(chars_.as<char>() + offsets[row], offsets[row + 1] - offsets[row]);
  }
  /// The offsets of a flat string column (not of a dictionary column: Flatten() it first).
  const int32_t* offsets() const { return values_.as<int32_t>(); }
  const char* chars() const { return chars_.as<char>(); }

  /// Appends one string to a string column created by MakeStrings.
  void AppendString(std::string_view value);
  /// Appends a null string.
  void AppendNullString();

  bool may_have_nulls() const { return validity_.size() != 0; }
  const uint64_t* validity() const { return may_have_nulls() ? validity_.as<uint64_t>() : nullptr; }
  bool IsNull(size_t i) const {
    if (!may_have_nulls()) return false;
    size_t row = constant_ ? 0 : i;
    return ((validity_.as<uint64_t>()[row >> 6] >> (row & 63)) & 1) == 0;
  }
  /// Returns a writable bitmap, creating an all-valid one if there was none.
  uint64_t* mutable_validity();
  void SetNull(size_t i) { mutable_validity()[i >> 6] &= ~(uint64_t{1} << (i & 63)); }
  void SetValid(size_t i) { mutable_validity()[i >> 6] |= uint64_t{1} << (i & 63); }
  size_t NullCount() const;

  /// Returns row `i` as a Value.
  Value GetValue(size_t i) const;
  /// Returns an equivalent flat column (this one if already flat).
  ColumnVectorPtr Flatten() const;
  /// Returns the buffers of a flat column (Flatten() a constant or dictionary column first);
  /// the validity view is empty when the column has no nulls.
  ColumnBuffers Buffers() const;
  /// Returns the rows at `indices`, in that order (a dictionary column stays one).
  ColumnVectorPtr Gather(const uint32_t* indices, size_t count) const;
  /// Returns rows [offset, offset + length).
  ColumnVectorPtr Slice(size_t offset, size_t length) const;
  /// Returns an estimate of the bytes this column holds; for a dictionary column, of the bytes
  /// its rows would take flat (the dictionary is shared, so counting it per batch would lie).
  size_t ByteSize() const;

  /// Returns the number of 64-bit words of a bitmap for `rows` rows.
  static size_t BitmapWords(size_t rows) { return (rows + 63) / 64; }

 private:
  friend class ColumnBuilder;
  ColumnVector(DataType type, size_t size) : type_(type), size_(size) {}

  DataType type_;
  size_t size_;
  bool constant_ = false;
  Buffer values_;    // fixed-width values, size+1 offsets for strings, or dictionary indices
  Buffer chars_;     // string bytes
  Buffer validity_;  // bitmap; empty = no nulls
  ColumnVectorPtr dictionary_;
};

/// Returns the rows of `dictionary` (a dictionary column's dictionary) followed by one null row:
/// what a kernel or a key table sees once per dictionary instead of once per row, a null row
/// mapping to the last entry.
ColumnVectorPtr DictionaryEntriesWithNull(const ColumnVector& dictionary);

/// Builds a column row by row from Values; used where data arrives as rows (createDataFrame,
/// deserialization of results). Kernels write buffers directly instead.
class ColumnBuilder {
 public:
  ColumnBuilder(DataType type, size_t capacity = 0);
  /// Appends `value`, which must be null or of the builder's type.
  void Append(const Value& value);
  void AppendNull();
  /// Appends row `row` of `column`, which has the builder's type.
  void AppendFrom(const ColumnVector& column, size_t row);
  size_t size() const { return size_; }
  ColumnVectorPtr Finish();

 private:
  void Grow();
  DataType type_;
  std::shared_ptr<ColumnVector> column_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

}  // namespace ember

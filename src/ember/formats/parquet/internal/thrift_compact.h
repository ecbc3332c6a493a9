#pragma once

// A bounds-checked reader of the Thrift compact protocol, the encoding of Parquet's footer and
// page headers. Every read checks the remaining bytes; malformed input throws CorruptDataError
// with the byte offset in the file, never reads out of bounds and never recurses without limit.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ember/formats/parquet/internal/corrupt_data.h"

namespace ember::parquet {

/// Names the wire types of the compact protocol.
enum class ThriftType : uint8_t {
  kStop = 0,
  kBooleanTrue = 1,
  kBooleanFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
  kUuid = 13,
};

/// Describes a list or set: its element type and element count.
struct ThriftListHeader {
  ThriftType element_type;
  size_t size;
};

/// Decodes compact-protocol values from one byte range that starts at `file_offset` in a file.
class ThriftCompactReader {
 public:
  ThriftCompactReader(const uint8_t* data, size_t size, int64_t file_offset)
      : data_(data), size_(size), file_offset_(file_offset) {}

  /// Returns how many bytes have been consumed.
  size_t position() const { return position_; }
  /// Returns the file offset of the next byte to be read.
  int64_t file_offset() const { return file_offset_ + static_cast<int64_t>(position_); }

  /// Reads one struct: calls `on_field(field_id, type)` for each field, which reads the value
  /// and returns true, or returns false to have the field skipped (unknown id or wire type).
  template <typename OnField>
  void ReadStruct(OnField&& on_field) {
    EnterNesting();
    int16_t last_field_id = 0;
    while (true) {
      int64_t header_offset = file_offset();
      uint8_t header = ReadRawByte();
      auto type = static_cast<ThriftType>(header & 0x0F);
      if (type == ThriftType::kStop) break;
      int16_t field_id;
      int delta = header >> 4;
      if (delta != 0) {
        field_id = static_cast<int16_t>(last_field_id + delta);
      } else {
        field_id = ReadI16();
      }
      if (static_cast<uint8_t>(type) > static_cast<uint8_t>(ThriftType::kUuid)) {
        Corrupt(header_offset, "unknown Thrift field type " + std::to_string(header & 0x0F));
      }
      last_field_id = field_id;
      if (!on_field(field_id, type)) Skip(type);
    }
    --nesting_;
  }

  /// Returns the value of a boolean struct field, which the compact protocol keeps in its type.
  static bool FieldBool(ThriftType type) { return type == ThriftType::kBooleanTrue; }
  int8_t ReadByte() { return static_cast<int8_t>(ReadRawByte()); }
  int16_t ReadI16();
  int32_t ReadI32();
  int64_t ReadI64();
  double ReadDouble();
  /// Returns a binary or string value; the view points into the reader's input.
  std::string_view ReadBinary();
  /// Reads a list or set header; the size is checked against the bytes left, so a corrupt
  /// count cannot make callers allocate more than the input could hold.
  ThriftListHeader ReadListHeader();
  /// Reads a list by calling `read_element` once per element. A list whose elements are not of
  /// `element_type` is skipped, as Thrift's generated code skips a field of the wrong type.
  template <typename ReadElement>
  void ReadList(ThriftType element_type, ReadElement&& read_element) {
    ThriftListHeader header = ReadListHeader();
    EnterNesting();
    for (size_t i = 0; i < header.size; ++i) {
      if (header.element_type == element_type) {
        read_element();
      } else {
        Skip(header.element_type);
      }
    }
    --nesting_;
  }
  /// Skips one value of wire type `type`, including nested containers.
  void Skip(ThriftType type);

  /// Throws CorruptDataError naming `offset` and `detail`.
  [[noreturn]] void Corrupt(int64_t offset, const std::string& detail) const;

 private:
  static constexpr int kMaxNesting = 64;

  uint8_t ReadRawByte();
  uint64_t ReadVarint();
  const uint8_t* Take(size_t bytes);
  void EnterNesting();

  const uint8_t* data_;
  size_t size_;
  int64_t file_offset_;
  size_t position_ = 0;
  int nesting_ = 0;
};

/// Encodes values with the Thrift compact protocol, the writer's counterpart of
/// ThriftCompactReader: structs are opened and closed explicitly and field ids must ascend
/// within a struct, which keeps field headers to one byte as other writers do.
class ThriftCompactWriter {
 public:
  /// Starts the top-level struct or a struct element of a list; close it with EndStruct().
  void BeginStruct() { last_field_ids_.push_back(0); }
  /// Writes the stop byte that ends the innermost open struct.
  void EndStruct();
  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldByte(int16_t id, int8_t value);
  void FieldBool(int16_t id, bool value);
  void FieldBinary(int16_t id, std::string_view value);
  /// Starts a struct-valued field; close it with EndStruct().
  void FieldStruct(int16_t id);
  /// Starts a list field of `size` elements of wire type `element_type`.
  void FieldList(int16_t id, ThriftType element_type, size_t size);
  void ElementI32(int32_t value) { Varint(ZigZag(value)); }
  void ElementBinary(std::string_view value);

  const std::string& bytes() const { return bytes_; }

 private:
  void FieldHeader(int16_t id, ThriftType type);
  void Varint(uint64_t value);
  static uint64_t ZigZag(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  }

  std::string bytes_;
  std::vector<int16_t> last_field_ids_;
};

}  // namespace ember::parquet

#include "ember/formats/parquet/internal/thrift_compact.h"

#include <cstring>

#include "ember/common/error.h"

namespace ember::parquet {

void ThriftCompactReader::Corrupt(int64_t offset, const std::string& detail) const {
  ThrowCorrupt(StrCat("invalid Thrift metadata at byte ", offset, ": ", detail));
}

void ThriftCompactReader::EnterNesting() {
  if (++nesting_ > kMaxNesting) {
    Corrupt(file_offset(), StrCat("structures nested deeper than ", kMaxNesting, " levels"));
  }
}

const uint8_t* ThriftCompactReader::Take(size_t bytes) {
  if (bytes > size_ - position_) {
    Corrupt(file_offset(), StrCat("needs ", bytes, " more bytes but only ", size_ - position_,
                                  " are left (truncated?)"));
  }
  const uint8_t* at = data_ + position_;
  position_ += bytes;
  return at;
}

uint8_t ThriftCompactReader::ReadRawByte() {
  return *Take(1);
}

uint64_t ThriftCompactReader::ReadVarint() {
  int64_t start = file_offset();
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    uint8_t byte = ReadRawByte();
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  Corrupt(start, "a variable-length integer is longer than 10 bytes");
}

int16_t ThriftCompactReader::ReadI16() {
  int64_t start = file_offset();
  uint64_t raw = ReadVarint();
  if (raw > UINT16_MAX) Corrupt(start, "a 16-bit integer is out of range");
  auto zigzag = static_cast<uint16_t>(raw);
  return static_cast<int16_t>((zigzag >> 1) ^ -static_cast<uint16_t>(zigzag & 1));
}

int32_t ThriftCompactReader::ReadI32() {
  int64_t start = file_offset();
  uint64_t raw = ReadVarint();
  if (raw > UINT32_MAX) Corrupt(start, "a 32-bit integer is out of range");
  auto zigzag = static_cast<uint32_t>(raw);
  return static_cast<int32_t>((zigzag >> 1) ^ -(zigzag & 1));
}

int64_t ThriftCompactReader::ReadI64() {
  uint64_t zigzag = ReadVarint();
  return static_cast<int64_t>((zigzag >> 1) ^ -(zigzag & 1));
}

double ThriftCompactReader::ReadDouble() {
  double value;
  std::memcpy(&value, Take(sizeof(value)), sizeof(value));
  return value;
}

std::string_view ThriftCompactReader::ReadBinary() {
  int64_t start = file_offset();
  uint64_t length = ReadVarint();
  if (length > size_ - position_) {
    Corrupt(start, StrCat("a string of ", length, " bytes runs past the end (", size_ - position_,
                          " bytes left)"));
  }
  return std::string_view(reinterpret_cast<const char*>(Take(length)), length);
}

ThriftListHeader ThriftCompactReader::ReadListHeader() {
  int64_t start = file_offset();
  uint8_t header = ReadRawByte();
  uint64_t size = header >> 4;
  if (size == 15) size = ReadVarint();
  auto element_type = static_cast<ThriftType>(header & 0x0F);
  if (element_type == ThriftType::kStop ||
      static_cast<uint8_t>(element_type) > static_cast<uint8_t>(ThriftType::kUuid)) {
    Corrupt(start, StrCat("unknown list element type ", header & 0x0F));
  }
  // Every element takes at least one byte, so a larger count is a lie.
  if (size > size_ - position_) {
    Corrupt(start, StrCat("a list of ", size, " elements cannot fit in the ", size_ - position_,
                          " bytes left"));
  }
  return {element_type, static_cast<size_t>(size)};
}

void ThriftCompactReader::Skip(ThriftType type) {
  switch (type) {
    case ThriftType::kBooleanTrue:
    case ThriftType::kBooleanFalse:
      // Inside a struct the value lives in the field type; inside a list it is one byte. Struct
      // fields never reach here with a byte to skip because ReadStruct passes the field type.
      return;
    case ThriftType::kByte:
      Take(1);
      return;
    case ThriftType::kI16:
    case ThriftType::kI32:
    case ThriftType::kI64:
      ReadVarint();
      return;
    case ThriftType::kDouble:
      Take(8);
      return;
    case ThriftType::kBinary:
      ReadBinary();
      return;
    case ThriftType::kUuid:
      Take(16);
      return;
    case ThriftType::kList:
    case ThriftType::kSet: {
      ThriftListHeader header = ReadListHeader();
      EnterNesting();
      for (size_t i = 0; i < header.size; ++i) {
        if (header.element_type == ThriftType::kBooleanTrue ||
            header.element_type == ThriftType::kBooleanFalse) {
          Take(1);
        } else {
          Skip(header.element_type);
        }
      }
      --nesting_;
      return;
    }
    case ThriftType::kMap: {
      int64_t start = file_offset();
      uint64_t size = ReadVarint();
      if (size == 0) return;
      if (size > size_ - position_) {
        Corrupt(start, StrCat("a map of ", size, " entries cannot fit in the ", size_ - position_,
                              " bytes left"));
      }
      uint8_t types = ReadRawByte();
      auto key_type = static_cast<ThriftType>(types >> 4);
      auto value_type = static_cast<ThriftType>(types & 0x0F);
      EnterNesting();
      for (uint64_t i = 0; i < size; ++i) {
        for (ThriftType element_type : {key_type, value_type}) {
          if (element_type == ThriftType::kBooleanTrue ||
              element_type == ThriftType::kBooleanFalse) {
            Take(1);
          } else if (element_type == ThriftType::kStop ||
                     static_cast<uint8_t>(element_type) > static_cast<uint8_t>(ThriftType::kUuid)) {
            Corrupt(start, "unknown map element type");
          } else {
            Skip(element_type);
          }
        }
      }
      --nesting_;
      return;
    }
    case ThriftType::kStruct:
      ReadStruct([](int16_t, ThriftType) { return false; });
      return;
    case ThriftType::kStop:
      break;
  }
  Corrupt(file_offset(), StrCat("cannot skip a value of type ", static_cast<int>(type)));
}

void ThriftCompactWriter::EndStruct() {
  bytes_.push_back(static_cast<char>(ThriftType::kStop));
  last_field_ids_.pop_back();
}

void ThriftCompactWriter::Varint(uint64_t value) {
  while (value >= 0x80) {
    bytes_.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  bytes_.push_back(static_cast<char>(value));
}

void ThriftCompactWriter::FieldHeader(int16_t id, ThriftType type) {
  int16_t& last = last_field_ids_.back();
  int delta = id - last;
  if (delta > 0 && delta <= 15) {
    bytes_.push_back(static_cast<char>((delta << 4) | static_cast<uint8_t>(type)));
  } else {
    bytes_.push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last = id;
}

void ThriftCompactWriter::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, ThriftType::kI32);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, ThriftType::kI64);
  Varint(ZigZag(value));
}

void ThriftCompactWriter::FieldByte(int16_t id, int8_t value) {
  FieldHeader(id, ThriftType::kByte);
  bytes_.push_back(static_cast<char>(value));
}

void ThriftCompactWriter::FieldBool(int16_t id, bool value) {
  FieldHeader(id, value ? ThriftType::kBooleanTrue : ThriftType::kBooleanFalse);
}

void ThriftCompactWriter::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, ThriftType::kBinary);
  ElementBinary(value);
}

void ThriftCompactWriter::ElementBinary(std::string_view value) {
  Varint(value.size());
  bytes_.append(value);
}

void ThriftCompactWriter::FieldStruct(int16_t id) {
  FieldHeader(id, ThriftType::kStruct);
  BeginStruct();
}

void ThriftCompactWriter::FieldList(int16_t id, ThriftType element_type, size_t size) {
  FieldHeader(id, ThriftType::kList);
  auto type = static_cast<uint8_t>(element_type);
  if (size < 15) {
    bytes_.push_back(static_cast<char>((size << 4) | type));
  } else {
    bytes_.push_back(static_cast<char>(0xF0 | type));
    Varint(size);
  }
}

}  // namespace ember::parquet

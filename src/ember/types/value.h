#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "ember/types/data_type.h"

namespace ember {

/// Holds one scalar of any supported type, or null; used for literals, rows and results.
class Value {
 public:
  /// Creates an untyped null (type void).
  Value() = default;
  static Value Null(DataType type);
  static Value Boolean(bool value);
  static Value Byte(int8_t value);
  static Value Short(int16_t value);
  static Value Int(int32_t value);
  static Value Long(int64_t value);
  static Value Float(float value);
  static Value Double(double value);
  static Value Decimal(int128_t unscaled, DataType type);
  static Value String(std::string value);
  static Value Binary(std::string bytes);
  static Value Date(int32_t days);
  static Value Timestamp(int64_t micros);

  const DataType& type() const { return type_; }
  bool is_null() const { return std::holds_alternative<std::monostate>(storage_); }

  /// Returns the stored value as its C++ storage type T (int32_t for dates, int128_t for
  /// decimals, std::string for strings); the caller checks the type first.
  template <typename T>
  const T& Get() const {
    return std::get<T>(storage_);
  }
  /// Returns an integral, date or timestamp value widened to int64.
  int64_t AsInt64() const;
  /// Returns any numeric value as a double.
  double AsDouble() const;
  /// Returns the bytes of a string or binary value.
  const std::string& AsString() const { return std::get<std::string>(storage_); }

  /// Renders the value as Spark's cast to string does ("null" for null).
  std::string ToString() const;

  /// Orders two non-null values of the same type (strings and binaries by bytes); nullopt when
  /// the types differ or either is null.
  std::optional<int> Compare(const Value& other) const;

  friend bool operator==(const Value& a, const Value& b) {
    return a.type_ == b.type_ && a.storage_ == b.storage_;
  }

 private:
  using Storage = std::variant<std::monostate, bool, int8_t, int16_t, int32_t, int64_t, float,
                               double, int128_t, std::string>;
  Value(DataType type, Storage storage) : type_(type), storage_(std::move(storage)) {}

  DataType type_;
  Storage storage_;
};

}  // namespace ember

#include "ember/types/value.h"

#include "ember/common/error.h"
#include "ember/types/text_format.h"

namespace ember {

Value Value::Null(DataType type) {
  return Value(type, std::monostate{});
}
Value Value::Boolean(bool value) {
  return Value(TypeId::kBoolean, value);
}
Value Value::Byte(int8_t value) {
  return Value(TypeId::kByte, value);
}
Value Value::Short(int16_t value) {
  return Value(TypeId::kShort, value);
}
Value Value::Int(int32_t value) {
  return Value(TypeId::kInt, value);
}
Value Value::Long(int64_t value) {
  return Value(TypeId::kLong, value);
}
Value Value::Float(float value) {
  return Value(TypeId::kFloat, value);
}
Value Value::Double(double value) {
  return Value(TypeId::kDouble, value);
}
Value Value::Decimal(int128_t unscaled, DataType type) {
  return Value(type, unscaled);
}
Value Value::String(std::string value) {
  return Value(TypeId::kString, std::move(value));
}
Value Value::Binary(std::string bytes) {
  return Value(TypeId::kBinary, std::move(bytes));
}
Value Value::Date(int32_t days) {
  return Value(TypeId::kDate, days);
}
Value Value::Timestamp(int64_t micros) {
  return Value(TypeId::kTimestamp, micros);
}

int64_t Value::AsInt64() const {
  return std::visit(
      [this](const auto& v) -> int64_t {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate> || std::is_same_v<T, std::string>) {
          Throw(ErrorKind::kInvalidArgument, "", "Value of type ", type_.SimpleString(),
                is_null() ? " is null" : "", " is not an integer.");
        } else if constexpr (std::is_same_v<T, int128_t>) {
          return static_cast<int64_t>(v / PowerOfTen(type_.scale()));
        } else {
          return static_cast<int64_t>(v);
        }
      },
      storage_);
}

double Value::AsDouble() const {
  return std::visit(
      [this](const auto& v) -> double {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate> || std::is_same_v<T, std::string>) {
          Throw(ErrorKind::kInvalidArgument, "", "Value of type ", type_.SimpleString(),
                is_null() ? " is null" : "", " is not a number.");
        } else if constexpr (std::is_same_v<T, int128_t>) {
          return static_cast<double>(v) / static_cast<double>(PowerOfTen(type_.scale()));
        } else {
          return static_cast<double>(v);
        }
      },
      storage_);
}

std::optional<int> Value::Compare(const Value& other) const {
  if (is_null() || other.is_null() || type_ != other.type_) return std::nullopt;
  return std::visit(
      [&](const auto& a) -> std::optional<int> {
        using T = std::decay_t<decltype(a)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          return std::nullopt;
        } else {
          const T& b = std::get<T>(other.storage_);
          if (a < b) return -1;
          if (b < a) return 1;
          return 0;
        }
      },
      storage_);
}

std::string Value::ToString() const {
  if (is_null()) return "null";
  switch (type_.id()) {
    case TypeId::kBoolean:
      return Get<bool>() ? "true" : "false";
    case TypeId::kByte:
      return std::to_string(Get<int8_t>());
    case TypeId::kShort:
      return std::to_string(Get<int16_t>());
    case TypeId::kInt:
      return std::to_string(Get<int32_t>());
    case TypeId::kLong:
      return std::to_string(Get<int64_t>());
    case TypeId::kFloat:
      return FormatFloat(Get<float>());
    case TypeId::kDouble:
      return FormatDouble(Get<double>());
    case TypeId::kDecimal:
      return FormatDecimal(Get<int128_t>(), type_.scale());
    case TypeId::kString:
    case TypeId::kBinary:
      return AsString();
    case TypeId::kDate:
      return FormatDate(Get<int32_t>());
    case TypeId::kTimestamp:
      return FormatTimestamp(Get<int64_t>());
    case TypeId::kNull:
      return "null";
  }
  return "";
}

}  // namespace ember

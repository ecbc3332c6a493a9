#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ember {

using int128_t = __int128;

/// Identifies a Spark SQL type. The physical layout of each is fixed (see PhysicalWidth).
enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kByte,
  kShort,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kBinary,
  kDate,       // days since 1970-01-01, int32
  kTimestamp,  // microseconds since the epoch, UTC, int64
};

/// Describes a column's logical type; a small value type, cheap to copy and compare.
class DataType {
 public:
  static constexpr int kMaxDecimalPrecision = 38;

  constexpr DataType() = default;
  constexpr DataType(TypeId id) : id_(id) {}  // NOLINT: implicit by design
  /// Returns decimal(precision, scale); throws if precision is outside 1..38 or scale > precision.
  static DataType Decimal(int precision, int scale);
  /// Parses a type name as Spark accepts it in cast(): "int", "bigint", "long", "decimal(10,2)"...
  static DataType Parse(std::string_view text);

  TypeId id() const { return id_; }
  int precision() const { return precision_; }
  int scale() const { return scale_; }

  /// Returns Spark's simpleString: "bigint", "int", "decimal(10,2)", "string".
  std::string SimpleString() const;
  /// Returns Spark's typeName as printSchema shows it: "long", "integer", "decimal(10,2)".
  std::string TypeName() const;

  bool IsNumeric() const;
  bool IsIntegral() const;
  bool IsFloating() const { return id_ == TypeId::kFloat || id_ == TypeId::kDouble; }
  bool IsStringLike() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  /// Returns the bytes one value takes in a flat column; 0 for variable-width types.
  int PhysicalWidth() const;

  friend bool operator==(const DataType& a, const DataType& b) {
    return a.id_ == b.id_ && a.precision_ == b.precision_ && a.scale_ == b.scale_;
  }
  friend bool operator!=(const DataType& a, const DataType& b) { return !(a == b); }

 private:
  TypeId id_ = TypeId::kNull;
  int8_t precision_ = 0;
  int8_t scale_ = 0;
};

/// Calls `fn.template operator()<T>()` with T the C++ storage type of a fixed-width `type`;
/// lets kernels be written once as templates and instantiated per physical type.
template <typename Fn>
decltype(auto) DispatchFixedWidth(const DataType& type, Fn&& fn) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return fn.template operator()<bool>();
    case TypeId::kByte:
      return fn.template operator()<int8_t>();
    case TypeId::kShort:
      return fn.template operator()<int16_t>();
    case TypeId::kInt:
    case TypeId::kDate:
      return fn.template operator()<int32_t>();
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return fn.template operator()<int64_t>();
    case TypeId::kFloat:
      return fn.template operator()<float>();
    case TypeId::kDouble:
      return fn.template operator()<double>();
    case TypeId::kDecimal:
      return fn.template operator()<int128_t>();
    default:
      return fn.template operator()<int64_t>();  // kNull: an all-null placeholder column
  }
}

/// Returns the smallest type both `a` and `b` widen to without losing information, following
/// Spark's numeric precedence (byte < short < int < long < decimal < float < double); throws if
/// there is none.
DataType WiderNumericType(const DataType& a, const DataType& b);

/// Returns the decimal type that holds every value of integral type `type` (long -> decimal(20,0)).
DataType DecimalForIntegral(const DataType& type);

}  // namespace ember

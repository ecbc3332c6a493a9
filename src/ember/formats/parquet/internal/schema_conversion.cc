#include "ember/formats/parquet/internal/schema_conversion.h"

#include <cmath>

#include "ember/common/error.h"
#include "ember/formats/parquet/internal/value_conversion.h"

namespace ember::parquet {

namespace {

const char* PhysicalTypeName(int32_t type) {
  switch (static_cast<PhysicalType>(type)) {
    case PhysicalType::kBoolean:
      return "BOOLEAN";
    case PhysicalType::kInt32:
      return "INT32";
    case PhysicalType::kInt64:
      return "INT64";
    case PhysicalType::kInt96:
      return "INT96";
    case PhysicalType::kFloat:
      return "FLOAT";
    case PhysicalType::kDouble:
      return "DOUBLE";
    case PhysicalType::kByteArray:
      return "BINARY";
    case PhysicalType::kFixedLenByteArray:
      return "FIXED_LEN_BYTE_ARRAY";
  }
  return "UNKNOWN";
}

const char* TimeUnitName(TimeUnit unit) {
  switch (unit) {
    case TimeUnit::kMillis:
      return "MILLIS";
    case TimeUnit::kMicros:
      return "MICROS";
    case TimeUnit::kNanos:
      return "NANOS";
  }
  return "";
}

/// The type annotation of a column: the LogicalType, or the ConvertedType translated to one.
/// `interval` marks ConvertedType INTERVAL, which has no LogicalType.
struct Annotation {
  std::optional<LogicalType> logical;
  bool interval = false;
};

LogicalType MakeInteger(int bit_width, bool is_signed) {
  LogicalType logical;
  logical.kind = LogicalType::Kind::kInteger;
  logical.bit_width = bit_width;
  logical.is_signed = is_signed;
  return logical;
}

Annotation AnnotationOf(const SchemaElement& element) {
  Annotation annotation;
  if (element.logical_type && element.logical_type->kind != LogicalType::Kind::kOther) {
    annotation.logical = element.logical_type;
    return annotation;
  }
  if (!element.converted_type) {
    if (element.logical_type) annotation.logical = element.logical_type;  // kOther
    return annotation;
  }
  LogicalType logical;
  using Kind = LogicalType::Kind;
  switch (static_cast<ConvertedType>(*element.converted_type)) {
    case ConvertedType::kUtf8:
      logical.kind = Kind::kString;
      break;
    case ConvertedType::kMap:
    case ConvertedType::kMapKeyValue:
      logical.kind = Kind::kMap;
      break;
    case ConvertedType::kList:
      logical.kind = Kind::kList;
      break;
    case ConvertedType::kEnum:
      logical.kind = Kind::kEnum;
      break;
    case ConvertedType::kDecimal:
      logical.kind = Kind::kDecimal;
      logical.decimal_scale = element.scale.value_or(0);
      logical.decimal_precision = element.precision.value_or(0);
      break;
    case ConvertedType::kDate:
      logical.kind = Kind::kDate;
      break;
    case ConvertedType::kTimeMillis:
    case ConvertedType::kTimeMicros:
      logical.kind = Kind::kTime;
      logical.is_adjusted_to_utc = true;
      logical.unit = *element.converted_type == static_cast<int32_t>(ConvertedType::kTimeMillis)
                         ? TimeUnit::kMillis
                         : TimeUnit::kMicros;
      break;
    case ConvertedType::kTimestampMillis:
    case ConvertedType::kTimestampMicros:
      logical.kind = Kind::kTimestamp;
      logical.is_adjusted_to_utc = true;
      logical.unit =
          *element.converted_type == static_cast<int32_t>(ConvertedType::kTimestampMillis)
              ? TimeUnit::kMillis
              : TimeUnit::kMicros;
      break;
    case ConvertedType::kUint8:
      logical = MakeInteger(8, false);
      break;
    case ConvertedType::kUint16:
      logical = MakeInteger(16, false);
      break;
    case ConvertedType::kUint32:
      logical = MakeInteger(32, false);
      break;
    case ConvertedType::kUint64:
      logical = MakeInteger(64, false);
      break;
    case ConvertedType::kInt8:
      logical = MakeInteger(8, true);
      break;
    case ConvertedType::kInt16:
      logical = MakeInteger(16, true);
      break;
    case ConvertedType::kInt32:
      logical = MakeInteger(32, true);
      break;
    case ConvertedType::kInt64:
      logical = MakeInteger(64, true);
      break;
    case ConvertedType::kJson:
      logical.kind = Kind::kJson;
      break;
    case ConvertedType::kBson:
      logical.kind = Kind::kBson;
      break;
    case ConvertedType::kInterval:
      annotation.interval = true;
      return annotation;
    default:
      logical.kind = Kind::kOther;
      break;
  }
  annotation.logical = logical;
  return annotation;
}

/// Renders a column's type as Spark's messages do: "INT64 (TIME(MICROS,true))".
std::string DescribeType(const SchemaElement& element, const Annotation& annotation) {
  std::string text = PhysicalTypeName(element.type.value_or(-1));
  if (element.type == static_cast<int32_t>(PhysicalType::kFixedLenByteArray)) {
    text += StrCat("(", element.type_length.value_or(0), ")");
  }
  if (annotation.interval) return text + " (INTERVAL)";
  if (!annotation.logical) return text;
  const LogicalType& logical = *annotation.logical;
  using Kind = LogicalType::Kind;
  std::string name;
  switch (logical.kind) {
    case Kind::kString:
      name = "STRING";
      break;
    case Kind::kMap:
      name = "MAP";
      break;
    case Kind::kList:
      name = "LIST";
      break;
    case Kind::kEnum:
      name = "ENUM";
      break;
    case Kind::kDecimal:
      name = StrCat("DECIMAL(", logical.decimal_precision, ",", logical.decimal_scale, ")");
      break;
    case Kind::kDate:
      name = "DATE";
      break;
    case Kind::kTime:
    case Kind::kTimestamp:
      name =
          StrCat(logical.kind == Kind::kTime ? "TIME(" : "TIMESTAMP(", TimeUnitName(logical.unit),
                 ",", logical.is_adjusted_to_utc ? "true" : "false", ")");
      break;
    case Kind::kInteger:
      name = StrCat("INTEGER(", logical.bit_width, ",", logical.is_signed ? "true" : "false", ")");
      break;
    case Kind::kUnknown:
      name = "UNKNOWN";
      break;
    case Kind::kJson:
      name = "JSON";
      break;
    case Kind::kBson:
      name = "BSON";
      break;
    case Kind::kUuid:
      name = "UUID";
      break;
    case Kind::kFloat16:
      name = "FLOAT16";
      break;
    case Kind::kVariant:
      name = "VARIANT";
      break;
    case Kind::kGeometry:
      name = "GEOMETRY";
      break;
    case Kind::kGeography:
      name = "GEOGRAPHY";
      break;
    case Kind::kOther:
      name = "an annotation this reader does not know";
      break;
  }
  return text + " (" + name + ")";
}

/// Returns the largest precision a FIXED_LEN_BYTE_ARRAY of `bytes` bytes can hold (Spark's
/// Decimal.maxPrecisionForBytes).
int MaxPrecisionForBytes(int32_t bytes) {
  if (bytes >= 17) return 40;  // beyond any precision Ember supports
  return static_cast<int>(std::floor(std::log10(std::pow(2.0L, 8.0L * bytes - 1) - 1)));
}

class ColumnTypeMapper {
 public:
  ColumnTypeMapper(const SchemaElement& element, const std::string& path)
      : element_(element), path_(path), annotation_(AnnotationOf(element)) {}

  ColumnDescriptor Map() {
    ColumnDescriptor column;
    column.name = element_.name;
    column.physical_type = static_cast<PhysicalType>(*element_.type);
    column.type_length = element_.type_length.value_or(0);
    column.max_definition_level =
        element_.repetition_type == static_cast<int32_t>(Repetition::kRequired) ? 0 : 1;
    MapType(column);
    return column;
  }

 private:
  using Kind = LogicalType::Kind;

  bool Is(Kind kind) const { return annotation_.logical && annotation_.logical->kind == kind; }
  bool Unannotated() const { return !annotation_.logical && !annotation_.interval; }

  [[noreturn]] void Illegal() const {
    Throw(ErrorKind::kAnalysis, "PARQUET_TYPE_ILLEGAL", "Cannot read column ",
          QuoteIdentifier(element_.name), " of Parquet file ", path_, ": illegal Parquet type ",
          DescribeType(element_, annotation_), ".");
  }
  [[noreturn]] void NotSupported() const {
    Throw(ErrorKind::kAnalysis, "PARQUET_TYPE_NOT_SUPPORTED", "Cannot read column ",
          QuoteIdentifier(element_.name), " of Parquet file ", path_,
          ": Parquet type not yet supported: ", DescribeType(element_, annotation_), ".");
  }

  DataType DecimalType(int max_precision) const {
    int precision = annotation_.logical->decimal_precision;
    int scale = annotation_.logical->decimal_scale;
    if (precision < 1 || precision > max_precision || scale < 0 || scale > precision ||
        precision > DataType::kMaxDecimalPrecision) {
      Throw(ErrorKind::kAnalysis, "PARQUET_TYPE_ILLEGAL", "Cannot read column ",
            QuoteIdentifier(element_.name), " of Parquet file ", path_, ": invalid decimal ",
            DescribeType(element_, annotation_), "; a ", PhysicalTypeName(*element_.type),
            " decimal holds 1 to ", std::min(max_precision, DataType::kMaxDecimalPrecision),
            " digits with a scale between 0 and the precision.");
    }
    return DataType::Decimal(precision, scale);
  }

  void MapType(ColumnDescriptor& column) const {
    auto set = [&](DataType type, ValueConversion conversion = ValueConversion::kNone) {
      column.type = type;
      column.conversion = conversion;
    };
    switch (column.physical_type) {
      case PhysicalType::kBoolean:
        return set(TypeId::kBoolean);
      case PhysicalType::kFloat:
        return set(TypeId::kFloat);
      case PhysicalType::kDouble:
        return set(TypeId::kDouble);
      case PhysicalType::kInt32:
        if (Unannotated()) return set(TypeId::kInt);
        if (Is(Kind::kInteger)) {
          const LogicalType& integer = *annotation_.logical;
          switch (integer.bit_width) {
            case 8:
              return integer.is_signed ? set(TypeId::kByte, ValueConversion::kNarrowInteger)
                                       : set(TypeId::kShort, ValueConversion::kNarrowInteger);
            case 16:
              return integer.is_signed ? set(TypeId::kShort, ValueConversion::kNarrowInteger)
                                       : set(TypeId::kInt);
            case 32:
              return integer.is_signed ? set(TypeId::kInt)
                                       : set(TypeId::kLong, ValueConversion::kUnsignedInt32);
          }
          Illegal();
        }
        if (Is(Kind::kDate)) return set(TypeId::kDate);
        if (Is(Kind::kDecimal)) return set(DecimalType(9), ValueConversion::kSignedDecimal);
        if (Is(Kind::kTimestamp) && annotation_.logical->unit == TimeUnit::kMillis) {
          NotSupported();
        }
        Illegal();
      case PhysicalType::kInt64:
        if (Unannotated()) return set(TypeId::kLong);
        if (Is(Kind::kInteger)) {
          if (annotation_.logical->bit_width != 64) Illegal();
          return annotation_.logical->is_signed
                     ? set(TypeId::kLong)
                     : set(DataType::Decimal(20, 0), ValueConversion::kUnsignedInt64Decimal);
        }
        if (Is(Kind::kDecimal)) return set(DecimalType(18), ValueConversion::kSignedDecimal);
        if (Is(Kind::kTimestamp)) {
          switch (annotation_.logical->unit) {
            case TimeUnit::kMillis:
              return set(TypeId::kTimestamp, ValueConversion::kMillisToMicros);
            case TimeUnit::kMicros:
              return set(TypeId::kTimestamp);
            case TimeUnit::kNanos:
              return set(TypeId::kTimestamp, ValueConversion::kNanosToMicros);
          }
        }
        Illegal();
      case PhysicalType::kInt96:
        if (Unannotated()) return set(TypeId::kTimestamp, ValueConversion::kInt96ToMicros);
        Illegal();
      case PhysicalType::kByteArray:
        if (Is(Kind::kString) || Is(Kind::kEnum) || Is(Kind::kJson)) return set(TypeId::kString);
        if (Unannotated() || Is(Kind::kBson)) return set(TypeId::kBinary);
        if (Is(Kind::kDecimal)) {
          return set(DecimalType(DataType::kMaxDecimalPrecision), ValueConversion::kBytesDecimal);
        }
        Illegal();
      case PhysicalType::kFixedLenByteArray:
        if (column.type_length <= 0) {
          ThrowCorrupt(StrCat("column ", QuoteIdentifier(element_.name),
                              " is FIXED_LEN_BYTE_ARRAY with a type_length of ",
                              column.type_length));
        }
        if (Is(Kind::kDecimal)) {
          return set(DecimalType(MaxPrecisionForBytes(column.type_length)),
                     ValueConversion::kBytesDecimal);
        }
        if (annotation_.interval) NotSupported();
        if (Unannotated()) return set(TypeId::kBinary);
        Illegal();
    }
    ThrowCorrupt(StrCat("column ", QuoteIdentifier(element_.name), " has unknown physical type ",
                        static_cast<int32_t>(column.physical_type)));
  }

  const SchemaElement& element_;
  const std::string& path_;
  Annotation annotation_;
};

/// Names the kind of a group column for the "not supported yet" message.
const char* GroupKind(const SchemaElement& element) {
  Annotation annotation = AnnotationOf(element);
  if (annotation.logical && annotation.logical->kind == LogicalType::Kind::kList) return "array";
  if (annotation.logical && annotation.logical->kind == LogicalType::Kind::kMap) return "map";
  return "struct";
}

}  // namespace

std::vector<ColumnDescriptor> ConvertSchema(const std::vector<SchemaElement>& schema,
                                            const std::string& path) {
  if (schema.empty()) ThrowCorrupt("the schema has no root element");
  const SchemaElement& root = schema[0];
  if (root.num_children < 0 || static_cast<size_t>(root.num_children) > schema.size() - 1) {
    ThrowCorrupt(StrCat("the schema root claims ", root.num_children, " columns but ",
                        schema.size() - 1, " elements follow"));
  }
  std::vector<ColumnDescriptor> columns;
  columns.reserve(root.num_children);
  for (int32_t i = 0; i < root.num_children; ++i) {
    const SchemaElement& element = schema[1 + i];
    bool repeated = element.repetition_type == static_cast<int32_t>(Repetition::kRepeated);
    if (element.num_children > 0 || !element.type || repeated) {
      Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.PARQUET_NESTED_TYPE",
            "Cannot read column ", QuoteIdentifier(element.name), " of Parquet file ", path,
            ": nested columns (", repeated ? "array" : GroupKind(element),
            ") are not supported yet. Select only the flat columns of the file.");
    }
    if (element.repetition_type && *element.repetition_type != 0 && *element.repetition_type != 1) {
      ThrowCorrupt(StrCat("column ", QuoteIdentifier(element.name), " has unknown repetition type ",
                          *element.repetition_type));
    }
    columns.push_back(ColumnTypeMapper(element, path).Map());
  }
  if (schema.size() != static_cast<size_t>(root.num_children) + 1) {
    ThrowCorrupt(StrCat("the schema has ", schema.size() - 1 - root.num_children,
                        " elements beyond the root's ", root.num_children, " columns"));
  }
  return columns;
}

namespace {

template <typename T>
Value MakeValue(const DataType& type, const T& value) {
  switch (type.id()) {
    case TypeId::kBoolean:
      if constexpr (std::is_same_v<T, bool>) return Value::Boolean(value);
      break;
    case TypeId::kByte:
      if constexpr (std::is_same_v<T, int8_t>) return Value::Byte(value);
      break;
    case TypeId::kShort:
      if constexpr (std::is_same_v<T, int16_t>) return Value::Short(value);
      break;
    case TypeId::kInt:
      if constexpr (std::is_same_v<T, int32_t>) return Value::Int(value);
      break;
    case TypeId::kDate:
      if constexpr (std::is_same_v<T, int32_t>) return Value::Date(value);
      break;
    case TypeId::kLong:
      if constexpr (std::is_same_v<T, int64_t>) return Value::Long(value);
      break;
    case TypeId::kTimestamp:
      if constexpr (std::is_same_v<T, int64_t>) return Value::Timestamp(value);
      break;
    case TypeId::kFloat:
      if constexpr (std::is_same_v<T, float>) return Value::Float(value);
      break;
    case TypeId::kDouble:
      if constexpr (std::is_same_v<T, double>) return Value::Double(value);
      break;
    case TypeId::kDecimal:
      if constexpr (std::is_same_v<T, int128_t>) return Value::Decimal(value, type);
      break;
    case TypeId::kString:
      if constexpr (std::is_same_v<T, std::string_view>) return Value::String(std::string(value));
      break;
    case TypeId::kBinary:
      if constexpr (std::is_same_v<T, std::string_view>) return Value::Binary(std::string(value));
      break;
    default:
      break;
  }
  EMBER_CHECK(false, "no Parquet statistics value for ", type.SimpleString());
}

/// Decodes one statistics bound of physical type P and converts it to T; nullopt when the bytes
/// do not hold exactly one value.
template <typename P, typename T>
std::optional<Value> DecodeBound(const ColumnDescriptor& column, const std::string& bytes) {
  P physical;
  if constexpr (std::is_same_v<P, std::string_view>) {
    physical = bytes;
  } else if constexpr (std::is_same_v<P, bool>) {
    if (bytes.size() != 1) return std::nullopt;
    physical = bytes[0] != 0;
  } else {
    if (bytes.size() != sizeof(P)) return std::nullopt;
    std::memcpy(&physical, bytes.data(), sizeof(P));
    if constexpr (std::is_floating_point_v<P>) {
      if (std::isnan(physical)) return std::nullopt;
    }
  }
  T value;
  try {
    ConvertValues<P, T>(column.conversion, &physical, &value, 1);
  } catch (const CorruptDataError&) {
    return std::nullopt;  // a decimal bound wider than 38 digits: unusable, not fatal
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kExecution) throw;
    return std::nullopt;  // a timestamp bound out of range
  }
  return MakeValue(column.type, value);
}

template <typename P>
std::optional<Value> DecodeBoundAs(const ColumnDescriptor& column, const std::string& bytes) {
  switch (column.type.id()) {
    case TypeId::kBoolean:
      return DecodeBound<P, bool>(column, bytes);
    case TypeId::kByte:
      return DecodeBound<P, int8_t>(column, bytes);
    case TypeId::kShort:
      return DecodeBound<P, int16_t>(column, bytes);
    case TypeId::kInt:
    case TypeId::kDate:
      return DecodeBound<P, int32_t>(column, bytes);
    case TypeId::kLong:
    case TypeId::kTimestamp:
      return DecodeBound<P, int64_t>(column, bytes);
    case TypeId::kFloat:
      return DecodeBound<P, float>(column, bytes);
    case TypeId::kDouble:
      return DecodeBound<P, double>(column, bytes);
    case TypeId::kDecimal:
      return DecodeBound<P, int128_t>(column, bytes);
    case TypeId::kString:
    case TypeId::kBinary:
      return DecodeBound<P, std::string_view>(column, bytes);
    default:
      return std::nullopt;
  }
}

std::optional<Value> DecodeStatisticsBound(const ColumnDescriptor& column,
                                           const std::string& bytes) {
  switch (column.physical_type) {
    case PhysicalType::kBoolean:
      return DecodeBoundAs<bool>(column, bytes);
    case PhysicalType::kInt32:
      return DecodeBoundAs<int32_t>(column, bytes);
    case PhysicalType::kInt64:
      return DecodeBoundAs<int64_t>(column, bytes);
    case PhysicalType::kFloat:
      return DecodeBoundAs<float>(column, bytes);
    case PhysicalType::kDouble:
      return DecodeBoundAs<double>(column, bytes);
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      return DecodeBoundAs<std::string_view>(column, bytes);
    case PhysicalType::kInt96:
      return std::nullopt;  // INT96 has no defined sort order
  }
  return std::nullopt;
}

}  // namespace

ParquetColumnStatistics ConvertStatistics(const ColumnDescriptor& column,
                                          const std::optional<Statistics>& statistics) {
  ParquetColumnStatistics result;
  if (!statistics) return result;
  if (statistics->null_count && *statistics->null_count >= 0) {
    result.null_count = statistics->null_count;
  }
  // The deprecated min/max were written with signed comparison, which is only right for
  // signed numeric columns; parquet-mr and Spark ignore them for everything else.
  bool signed_order = (column.physical_type == PhysicalType::kBoolean ||
                       column.physical_type == PhysicalType::kInt32 ||
                       column.physical_type == PhysicalType::kInt64 ||
                       column.physical_type == PhysicalType::kFloat ||
                       column.physical_type == PhysicalType::kDouble) &&
                      column.conversion != ValueConversion::kUnsignedInt32 &&
                      column.conversion != ValueConversion::kUnsignedInt64Decimal;
  const std::optional<std::string>& min =
      statistics->min_value || !signed_order ? statistics->min_value : statistics->min;
  const std::optional<std::string>& max =
      statistics->max_value || !signed_order ? statistics->max_value : statistics->max;
  if (min && max) {
    result.min = DecodeStatisticsBound(column, *min);
    result.max = DecodeStatisticsBound(column, *max);
    // A bound that could not be decoded makes the other one useless for NaN-aware pruning.
    if (!result.min || !result.max) result.min = result.max = std::nullopt;
  }
  return result;
}

}  // namespace ember::parquet

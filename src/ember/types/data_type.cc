#include "ember/types/data_type.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "ember/common/error.h"

namespace ember {

DataType DataType::Decimal(int precision, int scale) {
  if (precision < 1 || precision > kMaxDecimalPrecision || scale < 0 || scale > precision) {
    Throw(ErrorKind::kAnalysis, "DECIMAL_PRECISION_EXCEEDS_MAX_PRECISION", "decimal(", precision,
          ",", scale, ") is not a valid type: precision must be 1..38 and scale 0..precision.");
  }
  DataType type(TypeId::kDecimal);
  type.precision_ = static_cast<int8_t>(precision);
  type.scale_ = static_cast<int8_t>(scale);
  return type;
}

DataType DataType::Parse(std::string_view text) {
  std::string lower;
  bool after_space = false;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isspace(byte)) {
      after_space = !lower.empty();
      continue;
    }
    // Spaces may separate tokens ("decimal(10, 2)") but not split a word ("big int"): clearing
    // `lower` makes the name unknown below.
    if (after_space && std::isalnum(byte) &&
        std::isalnum(static_cast<unsigned char>(lower.back()))) {
      lower.clear();
      break;
    }
    after_space = false;
    lower += static_cast<char>(std::tolower(byte));
  }
  if (lower == "boolean" || lower == "bool") return TypeId::kBoolean;
  if (lower == "byte" || lower == "tinyint") return TypeId::kByte;
  if (lower == "short" || lower == "smallint") return TypeId::kShort;
  if (lower == "int" || lower == "integer") return TypeId::kInt;
  if (lower == "long" || lower == "bigint") return TypeId::kLong;
  if (lower == "float" || lower == "real") return TypeId::kFloat;
  if (lower == "double") return TypeId::kDouble;
  if (lower == "string" || lower == "varchar" || lower == "char") return TypeId::kString;
  if (lower == "binary") return TypeId::kBinary;
  if (lower == "date") return TypeId::kDate;
  if (lower == "timestamp") return TypeId::kTimestamp;
  if (lower == "void" || lower == "null") return TypeId::kNull;
  if (lower == "decimal" || lower == "dec" || lower == "numeric") return Decimal(10, 0);
  for (std::string_view prefix : {"decimal(", "dec(", "numeric("}) {
    if (lower.rfind(prefix, 0) == 0 && lower.back() == ')') {
      std::string_view args(lower);
      args = args.substr(prefix.size(), args.size() - prefix.size() - 1);
      int precision = 0, scale = 0;
      auto comma = args.find(',');
      std::string_view p = args.substr(0, comma);
      std::string_view s = comma == std::string_view::npos ? "0" : args.substr(comma + 1);
      auto r1 = std::from_chars(p.data(), p.data() + p.size(), precision);
      auto r2 = std::from_chars(s.data(), s.data() + s.size(), scale);
      if (r1.ec == std::errc() && r2.ec == std::errc() && r1.ptr == p.data() + p.size() &&
          r2.ptr == s.data() + s.size()) {
        return Decimal(precision, scale);
      }
    }
  }
  Throw(ErrorKind::kParse, "UNSUPPORTED_DATATYPE", "Unsupported data type \"", text,
        "\". Use one of boolean, byte, short, int, bigint, float, double, decimal(p,s), string, "
        "binary, date, timestamp.");
}

std::string DataType::SimpleString() const {
  switch (id_) {
    case TypeId::kNull:
      return "void";
    case TypeId::kBoolean:
      return "boolean";
    case TypeId::kByte:
      return "tinyint";
    case TypeId::kShort:
      return "smallint";
    case TypeId::kInt:
      return "int";
    case TypeId::kLong:
      return "bigint";
    case TypeId::kFloat:
      return "float";
    case TypeId::kDouble:
      return "double";
    case TypeId::kDecimal:
      return StrCat("decimal(", int(precision_), ",", int(scale_), ")");
    case TypeId::kString:
      return "string";
    case TypeId::kBinary:
      return "binary";
    case TypeId::kDate:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
  }
  return "unknown";
}

std::string DataType::TypeName() const {
  switch (id_) {
    case TypeId::kByte:
      return "byte";
    case TypeId::kShort:
      return "short";
    case TypeId::kInt:
      return "integer";
    case TypeId::kLong:
      return "long";
    default:
      return SimpleString();
  }
}

bool DataType::IsNumeric() const {
  switch (id_) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal:
      return true;
    default:
      return false;
  }
}

bool DataType::IsIntegral() const {
  return id_ == TypeId::kByte || id_ == TypeId::kShort || id_ == TypeId::kInt ||
         id_ == TypeId::kLong;
}

int DataType::PhysicalWidth() const {
  switch (id_) {
    case TypeId::kBoolean:
    case TypeId::kByte:
      return 1;
    case TypeId::kShort:
      return 2;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kFloat:
      return 4;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kDouble:
    case TypeId::kNull:
      return 8;
    case TypeId::kDecimal:
      return 16;
    case TypeId::kString:
    case TypeId::kBinary:
      return 0;
  }
  return 0;
}

DataType DecimalForIntegral(const DataType& type) {
  switch (type.id()) {
    case TypeId::kByte:
      return DataType::Decimal(3, 0);
    case TypeId::kShort:
      return DataType::Decimal(5, 0);
    case TypeId::kInt:
      return DataType::Decimal(10, 0);
    case TypeId::kLong:
      return DataType::Decimal(20, 0);
    default:
      return type;
  }
}

namespace {
int NumericRank(TypeId id) {
  switch (id) {
    case TypeId::kNull:
      return 0;
    case TypeId::kByte:
      return 1;
    case TypeId::kShort:
      return 2;
    case TypeId::kInt:
      return 3;
    case TypeId::kLong:
      return 4;
    case TypeId::kDecimal:
      return 5;
    case TypeId::kFloat:
      return 6;
    case TypeId::kDouble:
      return 7;
    default:
      return -1;
  }
}
}  // namespace

DataType WiderNumericType(const DataType& a, const DataType& b) {
  if (a == b) return a;
  int ra = NumericRank(a.id()), rb = NumericRank(b.id());
  if (ra < 0 || rb < 0) {
    Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH", "Cannot find a common numeric type for ",
          a.SimpleString(), " and ", b.SimpleString(), ".");
  }
  if (a.id() == TypeId::kNull) return b;
  if (b.id() == TypeId::kNull) return a;
  if (a.id() == TypeId::kDecimal || b.id() == TypeId::kDecimal) {
    if (a.IsFloating() || b.IsFloating()) return TypeId::kDouble;
    DataType da = DecimalForIntegral(a), db = DecimalForIntegral(b);
    int scale = std::max(da.scale(), db.scale());
    int integral = std::max(da.precision() - da.scale(), db.precision() - db.scale());
    int precision = std::min(integral + scale, DataType::kMaxDecimalPrecision);
    return DataType::Decimal(precision, std::min(scale, precision));
  }
  return ra > rb ? a : b;
}

}  // namespace ember

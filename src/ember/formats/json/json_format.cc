#include "ember/formats/json/json_format.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

#include "ember/common/ascii.h"
#include "ember/common/error.h"
#include "ember/formats/line_split.h"
#include "ember/types/text_format.h"

namespace ember {

JsonOptions JsonOptions::From(const FormatOptions& options) {
  JsonOptions json;
  json.multi_line = options.GetBool("multiLine", false);
  json.corrupt_record_column = options.GetString("columnNameOfCorruptRecord", "_corrupt_record");
  json.mode = ParseModeOption(options);
  json.infer_timestamp = options.GetBool("inferTimestamp", false);
  json.grammar.allow_non_numeric_numbers = options.GetBool("allowNonNumericNumbers", true);
  json.grammar.allow_single_quotes = options.GetBool("allowSingleQuotes", true);
  json.datetime = DateTimeReadOptions::From(options);
  return json;
}

JsonWriteOptions JsonWriteOptions::From(const FormatOptions& options) {
  JsonWriteOptions json;
  json.ignore_null_fields = options.GetBool("ignoreNullFields", true);
  json.datetime = DateTimeWriteOptions::From(options);
  return json;
}

namespace {

/// Iterates the records of a split: lines, or the elements of a multiLine document.
class JsonRecords {
 public:
  JsonRecords(const JsonOptions& options, LineSplit split)
      : options_(options), split_(std::move(split)) {}

  /// Returns the next record's text and file offset; false at the end of the split.
  bool Next(std::string_view* text, int64_t* offset) {
    if (options_.multi_line) {
      if (done_) return false;
      done_ = true;
      *text = split_.data;
      *offset = split_.base;
      return !split_.data.empty();
    }
    while (pos_ < split_.data.size()) {
      int64_t start = split_.base + static_cast<int64_t>(pos_);
      if (start > split_.end) return false;
      size_t newline = split_.data.find('\n', pos_);
      size_t end = newline == std::string::npos ? split_.data.size() : newline;
      std::string_view line(split_.data.data() + pos_, end - pos_);
      pos_ = end + 1;
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      bool blank = std::all_of(line.begin(), line.end(),
                               [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
      if (blank) continue;  // Spark skips empty lines
      *text = line;
      *offset = start;
      return true;
    }
    return false;
  }

 private:
  const JsonOptions& options_;
  LineSplit split_;
  size_t pos_ = 0;
  bool done_ = false;
};

/// Orders the kinds of type inference gives a value (Spark's JsonInferSchema).
enum class Kind { kNull, kLong, kDecimal, kDouble, kBoolean, kTimestamp, kString };

/// Holds an inferred type: its kind and, for a decimal (always of scale 0), its precision.
struct InferredType {
  Kind kind = Kind::kNull;
  int precision = 0;
};

/// Returns whether `integer` (a JSON integer token) fits in 64 bits, and its value.
bool ToLong(std::string_view integer, int64_t* value) {
  auto [ptr, ec] = std::from_chars(integer.data(), integer.data() + integer.size(), *value);
  return ec == std::errc() && ptr == integer.data() + integer.size();
}

InferredType InferValue(const JsonOptions& options, const JsonValue& value) {
  switch (value.type) {
    case JsonValueType::kNull:
      return {Kind::kNull};
    case JsonValueType::kTrue:
    case JsonValueType::kFalse:
      return {Kind::kBoolean};
    case JsonValueType::kInteger: {
      int64_t ignored;
      if (ToLong(value.text, &ignored)) return {Kind::kLong};
      // Jackson's BIG_INTEGER: decimal(digits, 0), or double beyond 38 digits.
      int digits = static_cast<int>(value.text.size()) - (value.text[0] == '-' ? 1 : 0);
      if (digits <= DataType::kMaxDecimalPrecision) return {Kind::kDecimal, digits};
      return {Kind::kDouble};
    }
    case JsonValueType::kFloat:
    case JsonValueType::kNonNumeric:
      return {Kind::kDouble};
    case JsonValueType::kString:
      // Spark infers an empty string as null, so that it widens no other type to string.
      if (value.text.empty()) return {Kind::kNull};
      if (options.infer_timestamp && options.datetime.LooksLikeTimestamp(value.text)) {
        return {Kind::kTimestamp};
      }
      return {Kind::kString};
    case JsonValueType::kObject:
    case JsonValueType::kArray:
      return {Kind::kString};  // nested values are read as their JSON text
  }
  return {Kind::kString};
}

/// Returns the type both inferred types fit, as Spark's JsonInferSchema.compatibleType does.
InferredType Widen(InferredType a, InferredType b) {
  if (b.kind == Kind::kNull) return a;
  if (a.kind == Kind::kNull) return b;
  if (a.kind == b.kind && a.kind != Kind::kDecimal) return a;
  auto numeric = [](Kind k) {
    return k == Kind::kLong || k == Kind::kDecimal || k == Kind::kDouble;
  };
  if (!numeric(a.kind) || !numeric(b.kind)) return {Kind::kString};
  if (a.kind == Kind::kDouble || b.kind == Kind::kDouble) return {Kind::kDouble};
  // Next to a decimal, bigint counts as decimal(20,0).
  int precision =
      std::max(a.kind == Kind::kLong ? 20 : a.precision, b.kind == Kind::kLong ? 20 : b.precision);
  return {Kind::kDecimal, precision};
}

DataType TypeOf(InferredType type) {
  switch (type.kind) {
    case Kind::kLong:
      return TypeId::kLong;
    case Kind::kDecimal:
      return DataType::Decimal(type.precision, 0);
    case Kind::kDouble:
      return TypeId::kDouble;
    case Kind::kBoolean:
      return TypeId::kBoolean;
    case Kind::kTimestamp:
      return TypeId::kTimestamp;
    default:
      return TypeId::kString;
  }
}

/// Returns the value of a non-numeric number token, or nullopt if `token` is not one of Jackson's
/// (NaN, Infinity, +Infinity, +INF, -Infinity, -INF; case-sensitive).
std::optional<double> NonNumericValue(std::string_view token) {
  if (token == "NaN") return std::numeric_limits<double>::quiet_NaN();
  if (token == "Infinity" || token == "+Infinity" || token == "+INF") return HUGE_VAL;
  if (token == "-Infinity" || token == "-INF") return -HUGE_VAL;
  return std::nullopt;
}

/// Returns the double a JSON number token stands for (infinity or zero beyond the double range,
/// as Jackson's getDoubleValue).
double NumberValue(std::string_view number) {
  double value = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec == std::errc()) return value;
  return *ParseDouble(number);
}

/// Decodes base64 as Jackson's getBinaryValue does (padding required, white space skipped);
/// false when `text` is not base64.
bool DecodeBase64(std::string_view text, std::string* bytes) {
  uint32_t buffer = 0;
  int bits = 0, padding = 0, symbols = 0;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a' + 26;
    } else if (c >= '0' && c <= '9') {
      value = c - '0' + 52;
    } else if (c == '+') {
      value = 62;
    } else if (c == '/') {
      value = 63;
    } else if (c == '=') {
      ++padding;
      ++symbols;
      continue;
    } else {
      return false;
    }
    if (padding > 0) return false;  // data after padding
    ++symbols;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return symbols % 4 == 0 && padding <= 2;
}

/// Converts a JSON value to `type` as Spark's JacksonParser does; false when it does not fit
/// (the record is then malformed).
bool Convert(const JsonOptions& options, const JsonValue& value, const DataType& type, Value* out) {
  using J = JsonValueType;
  if (value.type == J::kNull) {
    *out = Value::Null(type);
    return true;
  }
  switch (type.id()) {
    case TypeId::kString:
      // A string's text; any other value as written in the record (Spark 4's exact parsing).
      *out = Value::String(std::string(value.text));
      return true;
    case TypeId::kBoolean:
      if (value.type != J::kTrue && value.type != J::kFalse) return false;
      *out = Value::Boolean(value.type == J::kTrue);
      return true;
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: {
      int64_t v;
      if (value.type != J::kInteger || !ToLong(value.text, &v)) return false;
      int bits = type.PhysicalWidth() * 8;
      if (bits < 64 && (v < -(int64_t{1} << (bits - 1)) || v >= (int64_t{1} << (bits - 1))))
        return false;
      if (type.id() == TypeId::kByte)
        *out = Value::Byte(static_cast<int8_t>(v));
      else if (type.id() == TypeId::kShort)
        *out = Value::Short(static_cast<int16_t>(v));
      else if (type.id() == TypeId::kInt)
        *out = Value::Int(static_cast<int32_t>(v));
      else
        *out = Value::Long(v);
      return true;
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      std::optional<double> v;
      if (value.type == J::kInteger || value.type == J::kFloat) {
        v = NumberValue(value.text);
      } else if (value.type == J::kNonNumeric ||
                 (value.type == J::kString && options.grammar.allow_non_numeric_numbers)) {
        v = NonNumericValue(value.text);  // Spark also reads "NaN", "Infinity"... as strings
      }
      if (!v) return false;
      *out = type.id() == TypeId::kFloat ? Value::Float(static_cast<float>(*v)) : Value::Double(*v);
      return true;
    }
    case TypeId::kDecimal: {
      if (value.type != J::kInteger && value.type != J::kFloat && value.type != J::kString) {
        return false;
      }
      auto parsed = ParseDecimal(value.text, type);
      if (!parsed) return false;
      *out = Value::Decimal(*parsed, type);
      return true;
    }
    case TypeId::kDate: {
      if (value.type != J::kString) return false;
      auto parsed = options.datetime.ParseDate(value.text);
      if (!parsed) return false;
      *out = Value::Date(*parsed);
      return true;
    }
    case TypeId::kTimestamp: {
      if (value.type == J::kInteger) {  // seconds since the epoch, as Spark reads them
        int64_t seconds = 0, micros = 0;
        if (!ToLong(value.text, &seconds) ||
            __builtin_mul_overflow(seconds, int64_t{1'000'000}, &micros)) {
          return false;
        }
        *out = Value::Timestamp(micros);
        return true;
      }
      if (value.type != J::kString) return false;
      auto parsed = options.datetime.ParseTimestamp(value.text);
      if (!parsed) return false;
      *out = Value::Timestamp(*parsed);
      return true;
    }
    case TypeId::kBinary: {
      std::string bytes;
      if (value.type != J::kString || !DecodeBase64(value.text, &bytes)) return false;
      *out = Value::Binary(std::move(bytes));
      return true;
    }
    case TypeId::kNull:
      *out = Value();
      return true;
  }
  return false;
}

/// Hashes names so that a column can be found by a std::string_view key without a copy.
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view name) const { return std::hash<std::string_view>()(name); }
};

/// Hashes and compares names ignoring ASCII case, also without copies.
struct FoldedNameHash {
  using is_transparent = void;
  size_t operator()(std::string_view name) const {
    size_t hash = 14695981039346656037ULL;
    for (char c : name)
      hash = (hash ^ static_cast<unsigned char>(AsciiLowerChar(c))) * 1099511628211ULL;
    return hash;
  }
};
struct FoldedNameEqual {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const {
    return EqualsIgnoreAsciiCase(a, b);
  }
};

}  // namespace

struct JsonSplitReader::State {
  JsonOptions options;
  Schema schema;
  std::string path;
  int batch_size;
  std::unique_ptr<JsonRecords> records;
  std::unique_ptr<JsonRecordParser> parser;
  std::unordered_map<std::string, size_t, NameHash, std::equal_to<>> columns;  // exact names
  std::unordered_map<std::string, size_t, FoldedNameHash, FoldedNameEqual> folded_columns;
  int corrupt_column = -1;
  std::vector<std::vector<Value>> pending;  // rows of a multiLine array beyond one batch

  /// Returns the column of a field name (exactly, else ignoring case), or -1.
  int ColumnOf(std::string_view key) const {
    auto exact = columns.find(key);
    if (exact != columns.end()) return static_cast<int>(exact->second);
    auto folded = folded_columns.find(key);
    return folded == folded_columns.end() ? -1 : static_cast<int>(folded->second);
  }
};

JsonSplitReader::JsonSplitReader(JsonOptions options, Schema schema, std::string path,
                                 int64_t start, int64_t length, int batch_size)
    : state_(std::make_unique<State>()) {
  State& s = *state_;
  s.options = std::move(options);
  s.schema = std::move(schema);
  s.path = std::move(path);
  s.batch_size = batch_size;
  s.records = std::make_unique<JsonRecords>(
      s.options, LoadLineSplit(s.path, start, length, s.options.multi_line));
  s.parser = std::make_unique<JsonRecordParser>(s.options.grammar);
  for (size_t c = 0; c < s.schema.size(); ++c) {
    const Field& field = s.schema.field(c);
    if (field.name == s.options.corrupt_record_column && field.type.id() == TypeId::kString) {
      s.corrupt_column = static_cast<int>(c);
    } else {
      s.columns.emplace(field.name, c);
      s.folded_columns.emplace(field.name, c);  // the first of names equal but for case wins
    }
  }
}

JsonSplitReader::~JsonSplitReader() = default;

BatchPtr JsonSplitReader::Next() {
  State& s = *state_;
  std::string_view text;
  int64_t offset = 0;
  while (s.pending.size() < static_cast<size_t>(s.batch_size) && s.records->Next(&text, &offset)) {
    size_t bad_byte = 0;
    std::string repaired;
    std::string why;
    if (!IsValidUtf8(text, &bad_byte)) {
      why = StrCat("invalid UTF-8 at byte offset ", offset + static_cast<int64_t>(bad_byte));
      repaired = RepairUtf8(text);
      text = repaired;
    }
    if (!s.parser->Parse(text) && why.empty()) why = s.parser->error();
    size_t first_row = s.pending.size();
    for (size_t o = 0; o < s.parser->num_objects(); ++o) {
      std::vector<Value> row(s.schema.size());
      for (size_t c = 0; c < row.size(); ++c) row[c] = Value::Null(s.schema.field(c).type);
      for (const JsonMember& member : s.parser->object(o)) {
        int column = s.ColumnOf(member.key);
        if (column < 0) continue;
        const Field& field = s.schema.field(column);
        if (!Convert(s.options, member.value, field.type, &row[column])) {
          row[column] = Value::Null(field.type);
          if (why.empty()) {
            why = StrCat("cannot convert the value of ", QuoteIdentifier(field.name), " to ",
                         field.type.SimpleString());
          }
        }
      }
      s.pending.push_back(std::move(row));
    }
    if (!why.empty()) {
      if (s.options.mode == ParseMode::kFailFast) ThrowMalformedRecord(s.path, offset, why);
      if (s.options.mode == ParseMode::kDropMalformed) {
        s.pending.resize(first_row);
        continue;
      }
      if (s.pending.size() == first_row) {
        std::vector<Value> row(s.schema.size());
        for (size_t c = 0; c < row.size(); ++c) row[c] = Value::Null(s.schema.field(c).type);
        s.pending.push_back(std::move(row));
      }
    }
    if (s.corrupt_column >= 0) {
      for (size_t r = first_row; r < s.pending.size(); ++r) {
        s.pending[r][s.corrupt_column] =
            why.empty() ? Value::Null(TypeId::kString) : Value::String(std::string(text));
      }
    }
  }
  if (s.pending.empty()) return nullptr;
  size_t rows = std::min<size_t>(s.pending.size(), static_cast<size_t>(s.batch_size));
  std::vector<ColumnVectorPtr> columns;
  for (size_t c = 0; c < s.schema.size(); ++c) {
    ColumnBuilder builder(s.schema.field(c).type, rows);
    for (size_t r = 0; r < rows; ++r) builder.Append(s.pending[r][c]);
    columns.push_back(builder.Finish());
  }
  s.pending.erase(s.pending.begin(), s.pending.begin() + static_cast<std::ptrdiff_t>(rows));
  return std::make_shared<Batch>(std::move(columns), rows);
}

Schema InferJsonSchema(const std::vector<std::string>& paths, const JsonOptions& options) {
  std::map<std::string, InferredType> types;  // sorted by name, as Spark sorts inferred fields
  bool saw_malformed = false;
  JsonRecordParser parser(options.grammar);
  for (const auto& path : paths) {
    JsonRecords records(options, LoadLineSplit(path, 0, FileSizeOf(path), options.multi_line));
    std::string_view text;
    int64_t offset = 0;
    while (records.Next(&text, &offset)) {
      size_t bad_byte = 0;
      std::string repaired;
      if (!IsValidUtf8(text, &bad_byte)) {
        repaired = RepairUtf8(text);
        text = repaired;
      }
      if (!parser.Parse(text)) {
        if (options.mode == ParseMode::kFailFast) {
          ThrowMalformedRecord(path, offset, parser.error());
        }
        saw_malformed = true;
      }
      for (size_t o = 0; o < parser.num_objects(); ++o) {
        for (const JsonMember& member : parser.object(o)) {
          if (member.key.empty()) continue;  // Spark drops fields without a name
          auto [it, inserted] = types.emplace(std::string(member.key), InferredType{});
          it->second = Widen(it->second, InferValue(options, member.value));
        }
      }
    }
  }
  if (saw_malformed && options.mode == ParseMode::kPermissive) {
    types.emplace(options.corrupt_record_column, InferredType{Kind::kString});
  }
  std::vector<Field> fields;
  for (const auto& [name, type] : types) fields.push_back({name, TypeOf(type), true});
  return Schema(std::move(fields));
}

namespace {

std::string Base64(std::string_view bytes) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out += kAlphabet[(v >> k) & 63];
  }
  if (i < bytes.size()) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    if (i + 1 < bytes.size()) v |= uint8_t(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace

void JsonEncoder::Row(const std::vector<ColumnVectorPtr>& columns, size_t row,
                      std::string& out) const {
  out += '{';
  bool first = true;
  for (size_t c = 0; c < columns.size(); ++c) {
    const ColumnVector& column = *columns[c];
    bool is_null = column.IsNull(row);
    if (is_null && options_.ignore_null_fields) continue;
    if (!first) out += ',';
    first = false;
    out += JsonQuote(schema_.field(c).name);
    out += ':';
    if (is_null) {
      out += "null";
      continue;
    }
    switch (column.type().id()) {
      case TypeId::kString:
        out += JsonQuote(column.StringAt(row));
        break;
      case TypeId::kBinary:
        out += JsonQuote(Base64(column.StringAt(row)));
        break;
      case TypeId::kDate:
        out += JsonQuote(options_.datetime.date_format.FormatDate(column.ValueAt<int32_t>(row)));
        break;
      case TypeId::kTimestamp:
        out += JsonQuote(
            options_.datetime.timestamp_format.FormatTimestamp(column.ValueAt<int64_t>(row)));
        break;
      case TypeId::kFloat:
      case TypeId::kDouble: {
        // Spark's generator (Jackson's default WRITE_NAN_AS_STRINGS) quotes NaN and the
        // infinities, which keeps the output standard JSON; its reader takes them back.
        double value = column.type().id() == TypeId::kFloat ? column.ValueAt<float>(row)
                                                            : column.ValueAt<double>(row);
        std::string text = column.GetValue(row).ToString();
        out += std::isfinite(value) ? text : JsonQuote(text);
        break;
      }
      default:
        out += column.GetValue(row).ToString();
    }
  }
  out += "}\n";
}

}  // namespace ember

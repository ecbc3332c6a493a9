#include "ember/formats/json/json_format.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cmath>
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

using simdjson::dom::element;
using simdjson::dom::element_type;

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

enum class Kind { kNull, kLong, kBigInteger, kDouble, kBoolean, kTimestamp, kString };

Kind KindOf(const JsonOptions& options, const element& value) {
  switch (value.type()) {
    case element_type::STRING:
      return options.infer_timestamp &&
                     options.datetime.LooksLikeTimestamp(value.get_string().value())
                 ? Kind::kTimestamp
                 : Kind::kString;
    case element_type::INT64:
      return Kind::kLong;
    case element_type::UINT64:
      return Kind::kBigInteger;
    case element_type::DOUBLE:
      return Kind::kDouble;
    case element_type::BOOL:
      return Kind::kBoolean;
    case element_type::NULL_VALUE:
      return Kind::kNull;
    default:
      return Kind::kString;  // strings, and nested objects/arrays kept as JSON text
  }
}

Kind Widen(Kind a, Kind b) {
  if (a == b || b == Kind::kNull) return a;
  if (a == Kind::kNull) return b;
  auto numeric = [](Kind k) {
    return k == Kind::kLong || k == Kind::kBigInteger || k == Kind::kDouble;
  };
  if (numeric(a) && numeric(b)) return std::max(a, b);
  return Kind::kString;
}

DataType TypeOf(Kind kind) {
  switch (kind) {
    case Kind::kLong:
      return TypeId::kLong;
    case Kind::kBigInteger:
      return DataType::Decimal(20, 0);
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

std::string TextOf(const element& value) {
  if (value.type() == element_type::STRING) return std::string(value.get_string().value());
  return simdjson::minify(value);
}

/// Converts a JSON value to `type`; false if it does not fit.
bool Convert(const JsonOptions& options, const element& value, const DataType& type, Value* out) {
  element_type json = value.type();
  if (json == element_type::NULL_VALUE) {
    *out = Value::Null(type);
    return true;
  }
  switch (type.id()) {
    case TypeId::kString:
      *out = Value::String(TextOf(value));
      return true;
    case TypeId::kBoolean:
      if (json != element_type::BOOL) return false;
      *out = Value::Boolean(value.get_bool().value());
      return true;
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: {
      if (json != element_type::INT64) return false;
      int64_t v = value.get_int64().value();
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
      double v;
      if (json == element_type::STRING) {
        auto parsed = ParseDouble(value.get_string().value());  // "NaN", "Infinity"
        if (!parsed) return false;
        v = *parsed;
      } else if (json == element_type::INT64 || json == element_type::UINT64 ||
                 json == element_type::DOUBLE) {
        v = json == element_type::DOUBLE  ? value.get_double().value()
            : json == element_type::INT64 ? static_cast<double>(value.get_int64().value())
                                          : static_cast<double>(value.get_uint64().value());
      } else {
        return false;
      }
      *out = type.id() == TypeId::kFloat ? Value::Float(static_cast<float>(v)) : Value::Double(v);
      return true;
    }
    case TypeId::kDecimal: {
      if (json == element_type::BOOL || json == element_type::ARRAY || json == element_type::OBJECT)
        return false;
      auto parsed = ParseDecimal(TextOf(value), type);
      if (!parsed) return false;
      *out = Value::Decimal(*parsed, type);
      return true;
    }
    case TypeId::kDate: {
      if (json != element_type::STRING) return false;
      auto parsed = options.datetime.ParseDate(value.get_string().value());
      if (!parsed) return false;
      *out = Value::Date(*parsed);
      return true;
    }
    case TypeId::kTimestamp: {
      if (json == element_type::INT64) {  // seconds since the epoch, as Spark reads them
        int64_t micros = 0;
        if (__builtin_mul_overflow(value.get_int64().value(), int64_t{1'000'000}, &micros)) {
          return false;
        }
        *out = Value::Timestamp(micros);
        return true;
      }
      if (json != element_type::STRING) return false;
      auto parsed = options.datetime.ParseTimestamp(value.get_string().value());
      if (!parsed) return false;
      *out = Value::Timestamp(*parsed);
      return true;
    }
    case TypeId::kBinary:
      *out = Value::Binary(TextOf(value));
      return true;
    case TypeId::kNull:
      *out = Value();
      return true;
  }
  return false;
}

/// Calls `fn(object, index)` for every object of a record, where `index` is the object's
/// position in a record that is an array and -1 for a record that is one object; reports records
/// that are not objects (or arrays of objects) through `bad(why)`.
template <typename Fn, typename Bad>
void ForEachObject(simdjson::dom::parser& parser, std::string_view text, Fn fn, Bad bad) {
  element doc;
  auto error = parser.parse(text.data(), text.size(), true).get(doc);
  if (error) return bad(std::string("invalid JSON: ") + simdjson::error_message(error));
  if (doc.type() == element_type::OBJECT) return fn(doc.get_object().value(), int64_t{-1});
  if (doc.type() == element_type::ARRAY) {
    simdjson::dom::array items =
        doc.get_array().value();  // named: a range-for temporary would dangle
    int64_t index = 0;
    for (element item : items) {
      if (item.type() != element_type::OBJECT) return bad("an array element is not a JSON object");
      fn(item.get_object().value(), index++);
    }
    return;
  }
  bad("the record is not a JSON object");
}

/// Returns the source text of the `member`-th member's value of the object at `index` (as
/// ForEachObject numbers them) in `record`. The DOM keeps a number only as a double, which
/// cannot hold every decimal: Spark reads a decimal column from the number's digits.
std::optional<std::string> MemberSourceText(simdjson::ondemand::parser& parser,
                                            std::string_view record, int64_t index, size_t member) {
  simdjson::padded_string padded(record);
  simdjson::ondemand::document doc;
  if (parser.iterate(padded).get(doc)) return std::nullopt;
  auto find_member = [&](simdjson::ondemand::object object) -> std::optional<std::string> {
    size_t position = 0;
    for (auto field : object) {
      if (position++ != member) continue;
      std::string_view raw;
      if (field.value().raw_json_token().get(raw)) return std::nullopt;
      return std::string(raw);
    }
    return std::nullopt;
  };
  simdjson::ondemand::object object;
  if (index < 0) {
    if (doc.get_object().get(object)) return std::nullopt;
    return find_member(object);
  }
  simdjson::ondemand::array items;
  if (doc.get_array().get(items)) return std::nullopt;
  int64_t position = 0;
  for (auto item : items) {
    if (position++ != index) continue;
    if (item.get_object().get(object)) return std::nullopt;
    return find_member(object);
  }
  return std::nullopt;
}

}  // namespace

struct JsonSplitReader::State {
  JsonOptions options;
  Schema schema;
  std::string path;
  int batch_size;
  std::unique_ptr<JsonRecords> records;
  simdjson::dom::parser parser;
  simdjson::ondemand::parser source_parser;         // finds the digits of numbers read as decimals
  std::unordered_map<std::string, size_t> columns;  // exact names
  int corrupt_column = -1;
  std::vector<std::vector<Value>> pending;  // rows of a multiLine array beyond one batch
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
  for (size_t c = 0; c < s.schema.size(); ++c) {
    const Field& field = s.schema.field(c);
    if (field.name == s.options.corrupt_record_column && field.type.id() == TypeId::kString) {
      s.corrupt_column = static_cast<int>(c);
    } else {
      s.columns[field.name] = c;
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
    std::vector<std::vector<Value>> rows;
    auto on_object = [&](simdjson::dom::object object, int64_t object_index) {
      std::vector<Value> row(s.schema.size());
      for (size_t c = 0; c < row.size(); ++c) row[c] = Value::Null(s.schema.field(c).type);
      size_t member = 0;
      for (auto [key, value] : object) {
        size_t this_member = member++;
        auto it = s.columns.find(std::string(key));
        if (it == s.columns.end()) {
          for (const auto& [name, index] : s.columns) {
            if (EqualsIgnoreCase(name, std::string(key))) it = s.columns.find(name);
          }
          if (it == s.columns.end()) continue;
        }
        const Field& field = s.schema.field(it->second);
        bool converted;
        if (field.type.id() == TypeId::kDecimal && value.type() == element_type::DOUBLE) {
          auto digits = MemberSourceText(s.source_parser, text, object_index, this_member);
          auto parsed = digits ? ParseDecimal(*digits, field.type) : std::nullopt;
          if (parsed) row[it->second] = Value::Decimal(*parsed, field.type);
          converted = parsed.has_value();
        } else {
          converted = Convert(s.options, value, field.type, &row[it->second]);
        }
        if (!converted && why.empty()) {
          why = StrCat("cannot convert the value of ", QuoteIdentifier(field.name), " to ",
                       field.type.SimpleString());
          row[it->second] = Value::Null(field.type);
        }
      }
      rows.push_back(std::move(row));
    };
    ForEachObject(s.parser, text, on_object, [&](const std::string& reason) {
      if (why.empty()) why = reason;
    });
    if (!why.empty()) {
      if (s.options.mode == ParseMode::kFailFast) ThrowMalformedRecord(s.path, offset, why);
      if (s.options.mode == ParseMode::kDropMalformed) continue;
      if (rows.empty()) {
        std::vector<Value> row(s.schema.size());
        for (size_t c = 0; c < row.size(); ++c) row[c] = Value::Null(s.schema.field(c).type);
        rows.push_back(std::move(row));
      }
    }
    for (auto& row : rows) {
      if (s.corrupt_column >= 0) {
        row[s.corrupt_column] =
            why.empty() ? Value::Null(TypeId::kString) : Value::String(std::string(text));
      }
      s.pending.push_back(std::move(row));
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
  std::map<std::string, Kind> kinds;  // sorted by name, as Spark sorts inferred fields
  bool saw_malformed = false;
  simdjson::dom::parser parser;
  for (const auto& path : paths) {
    JsonRecords records(options, LoadLineSplit(path, 0, FileSizeOf(path), options.multi_line));
    std::string_view text;
    int64_t offset = 0;
    while (records.Next(&text, &offset)) {
      std::string repaired = RepairUtf8(text);
      ForEachObject(
          parser, repaired,
          [&](simdjson::dom::object object, int64_t) {
            for (auto [key, value] : object) {
              auto [it, inserted] = kinds.emplace(std::string(key), Kind::kNull);
              it->second = Widen(it->second, KindOf(options, value));
            }
          },
          [&](const std::string& why) {
            if (options.mode == ParseMode::kFailFast) ThrowMalformedRecord(path, offset, why);
            saw_malformed = true;
          });
    }
  }
  if (saw_malformed && options.mode == ParseMode::kPermissive) {
    kinds.emplace(options.corrupt_record_column, Kind::kString);
  }
  std::vector<Field> fields;
  for (const auto& [name, kind] : kinds) fields.push_back({name, TypeOf(kind), true});
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
        std::string text = column.GetValue(row).ToString();
        if (text == "NaN" || text.find("Infinity") != std::string::npos)
          out += JsonQuote(text);
        else
          out += text;
        break;
      }
      default:
        out += column.GetValue(row).ToString();
    }
  }
  out += "}\n";
}

}  // namespace ember

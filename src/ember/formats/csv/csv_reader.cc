#include "ember/formats/csv/csv_reader.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <limits>

#include "ember/common/error.h"
#include "ember/formats/line_split.h"
#include "ember/types/text_format.h"

namespace ember {

CsvOptions CsvOptions::From(const FormatOptions& options) {
  CsvOptions csv;
  csv.header = options.GetBool("header", false);
  csv.infer_schema = options.GetBool("inferSchema", false);
  csv.sep = options.GetChar(options.Has("sep") ? "sep" : "delimiter", ',');
  csv.quote = options.GetChar("quote", '"', '\0');
  csv.escape = options.GetChar("escape", '\\');
  csv.comment = options.GetChar("comment", '\0');
  csv.null_value = options.GetString("nullValue", "");
  csv.nan_value = options.GetString("nanValue", "NaN");
  csv.positive_inf = options.GetString("positiveInf", "Inf");
  csv.negative_inf = options.GetString("negativeInf", "-Inf");
  csv.multi_line = options.GetBool("multiLine", false);
  csv.ignore_leading_whitespace = options.GetBool("ignoreLeadingWhiteSpace", false);
  csv.ignore_trailing_whitespace = options.GetBool("ignoreTrailingWhiteSpace", false);
  csv.corrupt_record_column = options.GetString("columnNameOfCorruptRecord", "_corrupt_record");
  csv.mode = ParseModeOption(options);
  csv.prefer_date = options.GetBool("preferDate", true);
  csv.datetime = DateTimeReadOptions::From(options);
  std::string encoding = options.GetString("encoding", options.GetString("charset", "UTF-8"));
  std::string upper = encoding;
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return std::toupper(c); });
  if (upper != "UTF-8" && upper != "UTF8") {
    Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_ENCODING", "Option `encoding` = '", encoding,
          "' is not supported; only UTF-8 files can be read.");
  }
  return csv;
}

namespace {

struct Token {
  std::string text;
  bool quoted = false;
};

/// One record of the input: its tokens, raw text, and where it starts.
struct Record {
  std::vector<Token> tokens;
  std::string_view raw;
  int64_t offset = 0;  // byte offset in the file
};

/// Splits input into records and records into tokens.
class CsvTokenizer {
 public:
  CsvTokenizer(const CsvOptions& options, LineSplit split)
      : options_(options), data_(std::move(split.data)), base_(split.base), end_(split.end) {}

  /// Reads the next record; false at the end of the split.
  bool Next(Record* record) {
    while (pos_ < data_.size()) {
      int64_t start = base_ + static_cast<int64_t>(pos_);
      if (start > end_) return false;  // lines starting after the split belong to the next one
      size_t record_end = FindRecordEnd(pos_);
      std::string_view raw(data_.data() + pos_, record_end - pos_);
      size_t next = record_end;
      if (next < data_.size() && data_[next] == '\r') ++next;
      if (next < data_.size() && data_[next] == '\n') ++next;
      if (record_end > pos_ && data_[record_end - 1] == '\r') raw.remove_suffix(1);
      pos_ = next == record_end ? record_end + 1 : next;
      if (raw.empty() || (options_.comment != '\0' && raw[0] == options_.comment)) continue;
      record->raw = raw;
      record->offset = start;
      Tokenize(raw, record->tokens);
      return true;
    }
    return false;
  }

 private:
  size_t FindRecordEnd(size_t from) const {
    if (!options_.multi_line) {
      size_t newline = data_.find('\n', from);
      return newline == std::string::npos ? data_.size() : newline;
    }
    bool in_quotes = false;
    for (size_t i = from; i < data_.size(); ++i) {
      char c = data_[i];
      if (in_quotes && c == options_.escape && options_.escape != options_.quote &&
          i + 1 < data_.size()) {
        ++i;
      } else if (c == options_.quote && options_.quote != '\0') {
        in_quotes = !in_quotes;
      } else if (c == '\n' && !in_quotes) {
        return i;
      }
    }
    return data_.size();
  }

  void Tokenize(std::string_view raw, std::vector<Token>& tokens) const {
    tokens.clear();
    size_t i = 0;
    while (true) {
      Token token;
      if (options_.ignore_leading_whitespace) {
        while (i < raw.size() && raw[i] == ' ') ++i;
      }
      if (i < raw.size() && options_.quote != '\0' && raw[i] == options_.quote) {
        token.quoted = true;
        ++i;
        while (i < raw.size()) {
          char c = raw[i];
          if (c == options_.escape && i + 1 < raw.size() &&
              (raw[i + 1] == options_.quote || raw[i + 1] == options_.escape) &&
              options_.escape != options_.quote) {
            token.text += raw[i + 1];
            i += 2;
          } else if (c == options_.quote) {
            if (i + 1 < raw.size() && raw[i + 1] == options_.quote) {  // "" inside quotes
              token.text += c;
              i += 2;
            } else {
              ++i;
              break;
            }
          } else {
            token.text += c;
            ++i;
          }
        }
        // Characters after the closing quote up to the separator are kept, as univocity does.
        while (i < raw.size() && raw[i] != options_.sep) token.text += raw[i++];
      } else {
        size_t end = raw.find(options_.sep, i);
        if (end == std::string_view::npos) end = raw.size();
        token.text.assign(raw.substr(i, end - i));
        i = end;
      }
      if (options_.ignore_trailing_whitespace && !token.quoted) {
        while (!token.text.empty() && token.text.back() == ' ') token.text.pop_back();
      }
      tokens.push_back(std::move(token));
      if (i >= raw.size()) break;
      ++i;  // the separator
      if (i == raw.size()) {
        tokens.push_back(Token{});  // trailing separator: one more empty field
        break;
      }
    }
  }

  const CsvOptions& options_;
  std::string data_;
  int64_t base_;
  int64_t end_;
  size_t pos_ = 0;
};

/// Converts a token to `type`; false if malformed.
bool ParseToken(const CsvOptions& options, const Token& token, const DataType& type, Value* out) {
  const std::string& text = token.text;
  if (!token.quoted && text == options.null_value) {
    *out = Value::Null(type);
    return true;
  }
  if (text.empty() && type.id() != TypeId::kString) {
    *out = Value::Null(type);
    return true;
  }
  switch (type.id()) {
    case TypeId::kString:
      *out = Value::String(text);
      return true;
    case TypeId::kBinary:
      *out = Value::Binary(text);
      return true;
    case TypeId::kBoolean: {
      std::string lower = text;
      std::transform(lower.begin(), lower.end(), lower.begin(),
                     [](unsigned char c) { return std::tolower(c); });
      if (lower != "true" && lower != "false") return false;
      *out = Value::Boolean(lower == "true");
      return true;
    }
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: {
      if (text.find(' ') != std::string::npos) return false;
      auto value = ParseInteger(text);
      if (!value) return false;
      int bits = type.PhysicalWidth() * 8;
      if (bits < 64 &&
          (*value < -(int64_t{1} << (bits - 1)) || *value >= (int64_t{1} << (bits - 1)))) {
        return false;
      }
      switch (type.id()) {
        case TypeId::kByte:
          *out = Value::Byte(static_cast<int8_t>(*value));
          break;
        case TypeId::kShort:
          *out = Value::Short(static_cast<int16_t>(*value));
          break;
        case TypeId::kInt:
          *out = Value::Int(static_cast<int32_t>(*value));
          break;
        default:
          *out = Value::Long(*value);
      }
      return true;
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double value;
      if (text == options.nan_value)
        value = std::numeric_limits<double>::quiet_NaN();
      else if (text == options.positive_inf)
        value = std::numeric_limits<double>::infinity();
      else if (text == options.negative_inf)
        value = -std::numeric_limits<double>::infinity();
      else {
        auto parsed = ParseDouble(text);
        if (!parsed) return false;
        value = *parsed;
      }
      *out = type.id() == TypeId::kFloat ? Value::Float(static_cast<float>(value))
                                         : Value::Double(value);
      return true;
    }
    case TypeId::kDecimal: {
      auto value = ParseDecimal(text, type);
      if (!value) return false;
      *out = Value::Decimal(*value, type);
      return true;
    }
    case TypeId::kDate: {
      auto value = options.datetime.ParseDate(text);
      if (!value) return false;
      *out = Value::Date(*value);
      return true;
    }
    case TypeId::kTimestamp: {
      auto value = options.datetime.ParseTimestamp(text);
      if (!value) return false;
      *out = Value::Timestamp(*value);
      return true;
    }
    case TypeId::kNull:
      *out = Value();
      return true;
  }
  return false;
}

}  // namespace

struct CsvSplitReader::State {
  CsvOptions options;
  Schema schema;
  std::string path;
  int batch_size;
  std::unique_ptr<CsvTokenizer> tokenizer;
  bool skip_header = false;
  int corrupt_column = -1;            // index in schema, or -1
  std::vector<size_t> token_columns;  // schema columns filled from tokens, in token order
};

CsvSplitReader::CsvSplitReader(CsvOptions options, Schema data_schema, std::string path,
                               int64_t start, int64_t length, int batch_size)
    : state_(std::make_unique<State>()) {
  state_->options = std::move(options);
  state_->schema = std::move(data_schema);
  state_->path = std::move(path);
  state_->batch_size = batch_size;
  LineSplit split = LoadLineSplit(state_->path, start, length, state_->options.multi_line);
  state_->skip_header = state_->options.header && split.at_file_start;
  state_->tokenizer = std::make_unique<CsvTokenizer>(state_->options, std::move(split));
  for (size_t c = 0; c < state_->schema.size(); ++c) {
    const Field& field = state_->schema.field(c);
    if (field.name == state_->options.corrupt_record_column && field.type.id() == TypeId::kString) {
      state_->corrupt_column = static_cast<int>(c);
    } else {
      state_->token_columns.push_back(c);
    }
  }
}

CsvSplitReader::~CsvSplitReader() = default;

BatchPtr CsvSplitReader::Next() {
  State& s = *state_;
  std::vector<ColumnBuilder> builders;
  for (const auto& field : s.schema.fields()) builders.emplace_back(field.type);
  size_t rows = 0;
  Record record;
  std::vector<Value> values(s.schema.size());
  while (rows < static_cast<size_t>(s.batch_size) && s.tokenizer->Next(&record)) {
    if (s.skip_header) {
      s.skip_header = false;
      continue;
    }
    std::string why;
    size_t bad = 0;
    std::string repaired;
    if (!IsValidUtf8(record.raw, &bad)) {
      why = StrCat("invalid UTF-8 at byte offset ", record.offset + static_cast<int64_t>(bad));
      for (auto& token : record.tokens) {
        size_t ignored;
        if (!IsValidUtf8(token.text, &ignored)) token.text = RepairUtf8(token.text);
      }
    }
    if (record.tokens.size() != s.token_columns.size()) {
      if (why.empty()) {
        why =
            StrCat("expected ", s.token_columns.size(), " fields but found ", record.tokens.size());
      }
    }
    for (size_t k = 0; k < s.token_columns.size(); ++k) {
      size_t column = s.token_columns[k];
      const DataType& type = s.schema.field(column).type;
      if (k >= record.tokens.size()) {
        values[column] = Value::Null(type);
      } else if (!ParseToken(s.options, record.tokens[k], type, &values[column])) {
        if (why.empty()) {
          why = StrCat("cannot parse '", record.tokens[k].text, "' as ", type.SimpleString(),
                       " for column ", QuoteIdentifier(s.schema.field(column).name));
        }
        values[column] = Value::Null(type);
      }
    }
    if (!why.empty()) {
      if (s.options.mode == ParseMode::kFailFast) ThrowMalformedRecord(s.path, record.offset, why);
      if (s.options.mode == ParseMode::kDropMalformed) continue;
    }
    if (s.corrupt_column >= 0) {
      values[s.corrupt_column] =
          why.empty() ? Value::Null(TypeId::kString) : Value::String(RepairUtf8(record.raw));
    }
    for (size_t c = 0; c < values.size(); ++c) builders[c].Append(values[c]);
    ++rows;
  }
  if (rows == 0) return nullptr;
  std::vector<ColumnVectorPtr> columns;
  for (auto& builder : builders) columns.push_back(builder.Finish());
  return std::make_shared<Batch>(std::move(columns), rows);
}

namespace {

/// Orders inferred types from narrowest to widest (Spark's CSVInferSchema).
enum class Inferred { kNull, kInt, kLong, kDecimal, kDouble, kBoolean, kDate, kTimestamp, kString };

/// Returns the number of digits of an optionally signed run of digits, or 0 if `text` is not one.
int IntegerDigits(const std::string& text) {
  size_t start = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  if (start == text.size()) return 0;
  for (size_t i = start; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return 0;
  }
  return static_cast<int>(text.size() - start);
}

/// Infers one token's type; `*digits` gets the decimal precision it needs when integral (10 for
/// int, 20 for bigint, the digit count for wider integers, which Spark reads as decimal(p,0)).
/// `date_format` is dateFormat, or yyyy-MM-dd (Spark infers dates with a strict pattern).
Inferred InferToken(const CsvOptions& options, const DateTimeFormatter& date_format,
                    const Token& token, int* digits) {
  const std::string& text = token.text;
  if ((!token.quoted && text == options.null_value) || text.empty()) return Inferred::kNull;
  if (text.find(' ') == std::string::npos) {
    if (auto integer = ParseInteger(text)) {
      bool fits_int = *integer >= INT32_MIN && *integer <= INT32_MAX;
      *digits = fits_int ? 10 : 20;
      return fits_int ? Inferred::kInt : Inferred::kLong;
    }
    int count = IntegerDigits(text);
    if (count > 0 && count <= DataType::kMaxDecimalPrecision) {
      *digits = count;
      return Inferred::kDecimal;
    }
  }
  if (text == options.nan_value || text == options.positive_inf || text == options.negative_inf ||
      (ParseDouble(text) && text.find(' ') == std::string::npos)) {
    return Inferred::kDouble;
  }
  std::string lower = text;
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (lower == "true" || lower == "false") return Inferred::kBoolean;
  if (options.prefer_date && date_format.ParseDate(text)) return Inferred::kDate;
  if (options.datetime.LooksLikeTimestamp(text)) return Inferred::kTimestamp;
  return Inferred::kString;
}

Inferred Merge(Inferred a, Inferred b) {
  if (a == b || b == Inferred::kNull) return a;
  if (a == Inferred::kNull) return b;
  auto numeric = [](Inferred t) {
    return t == Inferred::kInt || t == Inferred::kLong || t == Inferred::kDecimal ||
           t == Inferred::kDouble;
  };
  if (numeric(a) && numeric(b)) return std::max(a, b);
  auto temporal = [](Inferred t) { return t == Inferred::kDate || t == Inferred::kTimestamp; };
  if (temporal(a) && temporal(b)) return Inferred::kTimestamp;
  return Inferred::kString;
}

DataType ToType(Inferred inferred, int digits) {
  switch (inferred) {
    case Inferred::kDecimal:
      return DataType::Decimal(std::min(digits, DataType::kMaxDecimalPrecision), 0);
    case Inferred::kInt:
      return TypeId::kInt;
    case Inferred::kLong:
      return TypeId::kLong;
    case Inferred::kDouble:
      return TypeId::kDouble;
    case Inferred::kBoolean:
      return TypeId::kBoolean;
    case Inferred::kDate:
      return TypeId::kDate;
    case Inferred::kTimestamp:
      return TypeId::kTimestamp;
    default:
      return TypeId::kString;
  }
}

}  // namespace

Schema InferCsvSchema(const std::vector<std::string>& paths, const CsvOptions& options) {
  DateTimeFormatter date_format =
      options.datetime.date_format()
          ? *options.datetime.date_format()
          : DateTimeFormatter::Compile(kDefaultDatePattern, DateTimePatternUse::kParsing,
                                       "option `dateFormat`");
  std::vector<std::string> names;
  std::vector<Inferred> types;
  std::vector<int> digits;  // decimal precision the integral values of each column need
  bool have_names = false;
  for (const auto& path : paths) {
    auto tokenizer = std::make_unique<CsvTokenizer>(
        options, LoadLineSplit(path, 0, FileSizeOf(path), options.multi_line));
    Record record;
    bool first = true;
    while (tokenizer->Next(&record)) {
      if (first && options.header) {
        first = false;
        if (!have_names) {
          for (size_t i = 0; i < record.tokens.size(); ++i) {
            std::string name = RepairUtf8(record.tokens[i].text);
            names.push_back(name.empty() || name == options.null_value ? StrCat("_c", i) : name);
          }
          // Duplicate names get their position appended, as Spark does.
          for (size_t i = 0; i < names.size(); ++i) {
            for (size_t j = 0; j < names.size(); ++j) {
              if (i != j && EqualsIgnoreCase(names[i], names[j])) {
                names[i] += std::to_string(i);
                break;
              }
            }
          }
          have_names = true;
        }
        continue;
      }
      first = false;
      if (types.size() < record.tokens.size()) {
        types.resize(record.tokens.size(), Inferred::kNull);
        digits.resize(record.tokens.size(), 0);
      }
      if (!options.infer_schema) continue;
      for (size_t i = 0; i < record.tokens.size(); ++i) {
        int needed = 0;
        types[i] = Merge(types[i], InferToken(options, date_format, record.tokens[i], &needed));
        digits[i] = std::max(digits[i], needed);
      }
    }
  }
  size_t count = have_names ? names.size() : types.size();
  std::vector<Field> fields;
  for (size_t i = 0; i < count; ++i) {
    DataType type = options.infer_schema && i < types.size() ? ToType(types[i], digits[i])
                                                             : DataType(TypeId::kString);
    fields.push_back({have_names ? names[i] : StrCat("_c", i), type, true});
  }
  return Schema(std::move(fields));
}

}  // namespace ember

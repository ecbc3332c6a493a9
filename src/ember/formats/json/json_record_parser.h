#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ember {

/// Says what a JSON value is, as Spark's Jackson parser tells them apart.
enum class JsonValueType : uint8_t {
  kNull,
  kTrue,
  kFalse,
  kString,
  kInteger,     ///< a number without fraction or exponent, of any size
  kFloat,       ///< a number with a fraction or an exponent
  kNonNumeric,  ///< NaN, Infinity, +Infinity, +INF, -Infinity or -INF
  kObject,
  kArray,
};

/// Describes one value of a parsed record.
struct JsonValue {
  JsonValueType type = JsonValueType::kNull;
  /// A string's decoded text; otherwise the value's JSON text as written in the record ("-1.50",
  /// "NaN", "[1, 2]"), which is what Spark 4 reads into a string column.
  std::string_view text;
};

/// Describes one member of an object of a record: its decoded key and its value.
struct JsonMember {
  std::string_view key;
  JsonValue value;
};

/// Holds the options of the JSON grammar that Spark's reader takes from Jackson.
struct JsonGrammar {
  /// Accepts NaN, Infinity, +Infinity, +INF, -Infinity and -INF as numbers
  /// (allowNonNumericNumbers, on by default).
  bool allow_non_numeric_numbers = true;
  /// Accepts 'single-quoted' strings and field names (allowSingleQuotes, on by default).
  bool allow_single_quotes = true;
};

/// Parses the records of a JSON file strictly as Spark's Jackson parser does: RFC 8259 JSON
/// (no leading zeros, no trailing commas, no unescaped control characters, nesting up to 1000
/// levels) plus the extensions of `JsonGrammar`. Numbers keep their text, so integers of any
/// size and decimals keep every digit. As in Spark, a record is its first JSON value: what
/// follows it is ignored.
class JsonRecordParser {
 public:
  explicit JsonRecordParser(JsonGrammar grammar = {}) : grammar_(grammar) {}

  /// Parses `record`, which must stay alive while the results are used. Returns false when it is
  /// malformed or is neither an object nor an array of objects; error() then says why and where.
  /// A record of white space only has no objects.
  bool Parse(std::string_view record);

  /// Returns the objects read: the record's, or the elements of a record that is an array (up to
  /// an element that is not an object; after a syntax error, none).
  size_t num_objects() const { return object_ends_.size(); }
  std::span<const JsonMember> object(size_t index) const;
  /// Returns why the last record is malformed.
  const std::string& error() const { return error_; }
  /// Returns the offset just past the record's JSON value (what follows it is ignored).
  size_t value_end() const { return value_end_; }

 private:
  bool ParseRecord();
  bool Fail(std::string why);
  void SkipWhiteSpace();
  bool Expect(char c, const char* what);
  bool ParseTopObject();
  bool ParseValue(int depth, JsonValue* value);
  bool ParseContainer(int depth);
  bool ParseString(std::string_view* decoded);
  bool ParseNumber(JsonValue* value);
  bool ParseWord(std::string_view word, JsonValueType type, JsonValue* value);
  bool ParseNonNumeric(JsonValue* value);

  JsonGrammar grammar_;
  std::string_view text_;
  size_t pos_ = 0;
  size_t value_end_ = 0;
  std::vector<JsonMember> members_;
  std::vector<size_t> object_ends_;  // index in members_ past each object's last member
  std::string decoded_;              // strings with escapes, decoded
  std::string error_;
  bool syntax_error_ = false;
};

}  // namespace ember

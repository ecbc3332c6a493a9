#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/formats/json/json_record_parser.h"
#include "ember/formats/read_options.h"
#include "ember/formats/row_encoder.h"
#include "ember/formats/text_options.h"
#include "ember/types/schema.h"

namespace ember {

/// Holds the JSON read options Spark knows here: multiLine, mode, columnNameOfCorruptRecord,
/// dateFormat, timestampFormat, enableDateTimeParsingFallback, inferTimestamp,
/// allowNonNumericNumbers, allowSingleQuotes.
struct JsonOptions {
  bool multi_line = false;
  JsonGrammar grammar;
  ParseMode mode = ParseMode::kPermissive;
  std::string corrupt_record_column = "_corrupt_record";
  /// Whether inference types strings that read as timestamps as timestamps (off, as in Spark).
  bool infer_timestamp = false;
  DateTimeReadOptions datetime;

  static JsonOptions From(const FormatOptions& options);
};

/// Holds the JSON write options Spark knows here: ignoreNullFields, dateFormat, timestampFormat.
struct JsonWriteOptions {
  bool ignore_null_fields = true;
  DateTimeWriteOptions datetime;

  static JsonWriteOptions From(const FormatOptions& options);
};

/// Reads one split of a JSON-lines file (one object per line; with multiLine, the file holds one
/// object or an array of objects). Nested objects and arrays are read as their JSON text.
class JsonSplitReader {
 public:
  JsonSplitReader(JsonOptions options, Schema schema, std::string path, int64_t start,
                  int64_t length, int batch_size);
  ~JsonSplitReader();
  BatchPtr Next();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Infers a schema as Spark does: the union of all fields, sorted by name; integers are bigint,
/// other numbers double, conflicting types widen (bigint + double = double) or become string;
/// with inferTimestamp, strings that read as timestamps (see DateTimeReadOptions) are timestamps.
Schema InferJsonSchema(const std::vector<std::string>& paths, const JsonOptions& options);

/// Writes rows as JSON lines: {"id":1,"name":"a"}, null fields left out (ignoreNullFields),
/// dates and timestamps as strings formatted with dateFormat and timestampFormat.
class JsonEncoder final : public RowEncoder {
 public:
  JsonEncoder(JsonWriteOptions options, Schema schema)
      : options_(std::move(options)), schema_(std::move(schema)) {}
  void Header(std::string&) const override {}
  void Row(const std::vector<ColumnVectorPtr>& columns, size_t row,
           std::string& out) const override;

 private:
  JsonWriteOptions options_;
  Schema schema_;
};

}  // namespace ember

#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/formats/csv/csv_reader.h"
#include "ember/formats/read_options.h"
#include "ember/formats/row_encoder.h"
#include "ember/types/schema.h"

namespace ember {

/// Holds the JSON options Spark knows here: multiLine, mode, columnNameOfCorruptRecord,
/// ignoreNullFields (writing).
struct JsonOptions {
  bool multi_line = false;
  ParseMode mode = ParseMode::kPermissive;
  std::string corrupt_record_column = "_corrupt_record";
  bool ignore_null_fields = true;

  static JsonOptions From(const FormatOptions& options);
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
/// other numbers double, conflicting types widen (bigint + double = double) or become string.
Schema InferJsonSchema(const std::vector<std::string>& paths, const JsonOptions& options);

/// Writes rows as JSON lines: {"id":1,"name":"a"}, null fields left out (ignoreNullFields).
class JsonEncoder final : public RowEncoder {
 public:
  JsonEncoder(JsonOptions options, Schema schema)
      : options_(std::move(options)), schema_(std::move(schema)) {}
  void Header(std::string&) const override {}
  void Row(const std::vector<ColumnVectorPtr>& columns, size_t row,
           std::string& out) const override;

 private:
  JsonOptions options_;
  Schema schema_;
};

}  // namespace ember

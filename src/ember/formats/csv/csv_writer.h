#pragma once

#include <string>
#include <vector>

#include "ember/columnar/column.h"
#include "ember/formats/read_options.h"
#include "ember/formats/row_encoder.h"
#include "ember/formats/text_options.h"
#include "ember/types/schema.h"

namespace ember {

/// Holds the CSV write options Spark knows: header, sep, quote, escape, nullValue, emptyValue,
/// quoteAll, dateFormat, timestampFormat.
struct CsvWriteOptions {
  bool header = false;
  char sep = ',';
  char quote = '"';
  char escape = '\\';
  std::string null_value;
  std::string empty_value = "\"\"";
  bool quote_all = false;
  DateTimeWriteOptions datetime;

  static CsvWriteOptions From(const FormatOptions& options);
};

/// Renders rows as CSV text the way Spark writes it: fields holding the separator, a quote, a
/// line break or leading/trailing spaces are quoted, quotes inside are escaped; doubles print as
/// Java does; dates and timestamps with dateFormat and timestampFormat (by default 2024-01-02 and
/// 2024-01-02T03:04:05.000Z).
class CsvEncoder final : public RowEncoder {
 public:
  CsvEncoder(CsvWriteOptions options, Schema schema)
      : options_(std::move(options)), schema_(std::move(schema)) {}
  void Header(std::string& out) const override;
  void Row(const std::vector<ColumnVectorPtr>& columns, size_t row,
           std::string& out) const override;

 private:
  void Field(const std::string& text, std::string& out) const;
  CsvWriteOptions options_;
  Schema schema_;
};

}  // namespace ember

#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/formats/read_options.h"
#include "ember/formats/text_options.h"
#include "ember/types/schema.h"

namespace ember {

/// Holds CSV options as Spark reads them: header, sep, quote, escape, comment, nullValue,
/// nanValue, positiveInf, negativeInf, multiLine, ignoreLeading/TrailingWhiteSpace, mode,
/// columnNameOfCorruptRecord, inferSchema, preferDate, dateFormat, timestampFormat,
/// enableDateTimeParsingFallback, encoding (UTF-8 only).
struct CsvOptions {
  bool header = false;
  bool infer_schema = false;
  char sep = ',';
  char quote = '"';
  char escape = '\\';
  char comment = '\0';
  std::string null_value;
  std::string nan_value = "NaN";
  std::string positive_inf = "Inf";
  std::string negative_inf = "-Inf";
  bool multi_line = false;
  bool ignore_leading_whitespace = false;
  bool ignore_trailing_whitespace = false;
  ParseMode mode = ParseMode::kPermissive;
  std::string corrupt_record_column = "_corrupt_record";
  /// Whether inference types values matching dateFormat (default yyyy-MM-dd) as dates.
  bool prefer_date = true;
  DateTimeReadOptions datetime;

  /// Parses and validates `options`; throws naming a bad option.
  static CsvOptions From(const FormatOptions& options);
};

/// Reads the records of one split [start, start + length) of a CSV file, typed by
/// `data_schema`. Lines are assigned to splits as Hadoop's line reader does: a split reads every
/// line that starts within it, and a split that does not start the file skips its partial first
/// line; with multiLine the file is read whole.
class CsvSplitReader {
 public:
  CsvSplitReader(CsvOptions options, Schema data_schema, std::string path, int64_t start,
                 int64_t length, int batch_size);
  ~CsvSplitReader();
  /// Returns the next batch, or nullptr at the end of the split.
  BatchPtr Next();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

/// Infers a schema from every record of `paths` (Spark's inferSchema: int, bigint, decimal,
/// double, boolean, date (values matching dateFormat, default yyyy-MM-dd, with preferDate),
/// timestamp (values a cast reads without a zone, or matching timestampFormat), else string);
/// without inferSchema all columns are strings. Column names come from the header, or are _c0,
/// _c1...
Schema InferCsvSchema(const std::vector<std::string>& paths, const CsvOptions& options);

}  // namespace ember

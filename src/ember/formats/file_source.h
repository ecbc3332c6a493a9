#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/formats/file_index.h"
#include "ember/formats/read_options.h"

namespace ember {

/// A condition on one data column that lets a reader skip data whose statistics rule it out
/// (Spark's pushed filters). The scan still filters every row it returns.
struct ScanPredicate {
  enum class Op { kEqual, kLess, kLessEqual, kGreater, kGreaterEqual, kIsNull, kIsNotNull };
  size_t column = 0;  // index into FileSource::data_schema
  Op op = Op::kEqual;
  Value value;  // of the column's type; unused for the null tests
  /// Returns e.g. "id > 95000" for explain().
  std::string ToString(const Schema& schema) const;
};

/// Describes a file-based relation: its format, options, files and schemas. Its output columns
/// are the data columns followed by the partition columns.
struct FileSource {
  std::string format;  // "csv" (parquet and json plug in here)
  FormatOptions options;
  FileIndex index;
  Schema data_schema;
  std::vector<ScanPredicate> predicates;

  /// Returns data columns then partition columns.
  Schema OutputSchema() const;
  /// Returns whether a file of this source may be split into byte ranges.
  bool IsSplitable(const std::string& path) const;
};

/// Resolves `format` and `options` over `paths` into a FileSource, inferring the data schema
/// unless `user_schema` is given; throws naming the format or option at fault.
std::shared_ptr<const FileSource> OpenFileSource(const std::string& format,
                                                 const FormatOptions& options,
                                                 const std::vector<std::string>& paths,
                                                 const Schema* user_schema);

/// Reads the data columns of one split, a batch at a time.
class SplitReader {
 public:
  virtual ~SplitReader() = default;
  /// Returns the next batch of data columns, or nullptr at the end.
  virtual BatchPtr Next() = 0;
};

/// Opens the reader of `source`'s format for one split.
std::unique_ptr<SplitReader> OpenSplitReader(const FileSource& source, const FileSplit& split,
                                             int batch_size);

}  // namespace ember

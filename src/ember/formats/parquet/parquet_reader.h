#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/types/schema.h"
#include "ember/types/value.h"

namespace ember {

class RandomAccessFile;

/// Summarizes one column of one row group from the footer, in the column's Ember type, so that
/// filters can skip row groups without reading them. A bound is absent when the file does not
/// record it or records it in a form Spark would not trust (for example the deprecated min/max
/// of a string column, whose sort order was ill-defined).
struct ParquetColumnStatistics {
  std::optional<Value> min;
  std::optional<Value> max;
  std::optional<int64_t> null_count;
};

/// Describes one column chunk of a row group as the footer records it (for `ember inspect`).
struct ParquetColumnChunkInfo {
  std::string codec;                   // "SNAPPY", "ZSTD", ...
  std::vector<std::string> encodings;  // "PLAIN", "RLE_DICTIONARY", ...
  int64_t num_values = 0;
  int64_t compressed_size = 0;
  int64_t uncompressed_size = 0;
};

/// Describes one row group: its rows, where its bytes lie (Spark assigns a row group to the
/// split that holds its midpoint) and the statistics of each column, in schema order.
struct ParquetRowGroupInfo {
  int64_t num_rows = 0;
  /// Offset of the row group's first byte: its first column chunk's first page.
  int64_t start_offset = 0;
  /// Sum of the compressed sizes of its column chunks.
  int64_t compressed_size = 0;
  std::vector<ParquetColumnStatistics> column_statistics;
  std::vector<ParquetColumnChunkInfo> column_chunks;  // in schema order
};

/// Reads the batches of one row group, `batch_size` rows at a time. Obtained from
/// ParquetFileReader::OpenRowGroup; holds the projected column chunks in memory.
class ParquetRowGroupReader {
 public:
  virtual ~ParquetRowGroupReader() = default;
  /// Returns the next batch, or nullptr after the last one. Throws Error(kIo) naming the file,
  /// column and byte offset when the data is corrupt.
  virtual BatchPtr Next() = 0;
};

/// Reads a Parquet file written by any compliant writer (Spark, DuckDB, Arrow, parquet-mr) into
/// Ember batches. Opening reads and checks only the footer; data pages are read per row group.
/// Flat schemas only: a nested column (struct, list, map) fails at Open, naming the column.
/// Thread-safe after Open: several tasks may read different row groups of one reader at once.
class ParquetFileReader {
 public:
  /// Opens `path` and decodes its footer. Throws Error(kIo) naming the file (and the byte offset
  /// where it can) if it is missing, truncated or not a valid Parquet file, and Error(kAnalysis)
  /// or Error(kNotImplemented) naming the column for a type Spark or Ember cannot read.
  static std::unique_ptr<ParquetFileReader> Open(const std::string& path);

  ~ParquetFileReader();
  ParquetFileReader(const ParquetFileReader&) = delete;
  ParquetFileReader& operator=(const ParquetFileReader&) = delete;

  const std::string& path() const;
  int64_t file_size() const;
  /// Returns the schema as Spark infers it from the file: one field per top-level column, named
  /// as in the file, nullable unless the column is REQUIRED.
  const Schema& schema() const { return schema_; }
  /// Returns the row count recorded in the footer.
  int64_t num_rows() const { return num_rows_; }
  const std::vector<ParquetRowGroupInfo>& row_groups() const { return row_groups_; }
  /// Returns the footer's created_by string ("parquet-mr version 1.12.3 ..."), or "".
  const std::string& created_by() const { return created_by_; }

  /// Starts reading row group `row_group`, returning only `columns` (indices into schema(), in
  /// the order given; empty yields batches of rows without columns, for counting).
  std::unique_ptr<ParquetRowGroupReader> OpenRowGroup(size_t row_group,
                                                      const std::vector<size_t>& columns,
                                                      size_t batch_size) const;
  /// Reads a whole row group as batches of at most `batch_size` rows; see OpenRowGroup.
  std::vector<BatchPtr> ReadRowGroup(size_t row_group, const std::vector<size_t>& columns,
                                     size_t batch_size) const;

 private:
  /// Holds the decoded footer; defined in the implementation only.
  struct Footer;

  ParquetFileReader() = default;

  std::shared_ptr<const RandomAccessFile> file_;
  std::shared_ptr<const Footer> footer_;
  Schema schema_;
  int64_t num_rows_ = 0;
  std::vector<ParquetRowGroupInfo> row_groups_;
  std::string created_by_;
};

}  // namespace ember

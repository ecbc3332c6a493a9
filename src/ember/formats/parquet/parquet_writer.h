#pragma once

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/formats/read_options.h"
#include "ember/io/compression.h"
#include "ember/types/schema.h"

namespace ember {

/// Holds the options of a Parquet write, under Spark's and parquet-mr's names.
struct ParquetWriteOptions {
  /// `compression`: snappy (the default), zstd, gzip, or none/uncompressed.
  CompressionCodec codec = CompressionCodec::kSnappy;
  /// `parquet.block.size`: a row group is closed once its encoded bytes reach this.
  int64_t row_group_size = int64_t{128} << 20;
  /// `parquet.page.size`: a data page is closed once its encoded bytes reach this.
  int64_t page_size = int64_t{1} << 20;
  /// `parquet.dictionary.page.size`: a column chunk whose dictionary grows past this falls back
  /// to PLAIN for the rest of the chunk.
  int64_t dictionary_page_size = int64_t{1} << 20;
  /// `parquet.enable.dictionary`.
  bool enable_dictionary = true;

  /// Parses `options`; throws Error(kInvalidArgument) naming the option for a bad value.
  static ParquetWriteOptions From(const FormatOptions& options);
  /// Returns the part of a file name that names the codec, as Spark writes it: ".snappy",
  /// ".zstd", ".gz", or "" when uncompressed.
  std::string FileNameCodec() const;
};

/// Writes batches into one Parquet file (format version 1, data page v1, flat schema), the way
/// Spark lays out its types: tinyint/smallint as INT32 with INT(8/16), timestamps as INT64
/// TIMESTAMP(MICROS, UTC), decimals as INT32, INT64 or FIXED_LEN_BYTE_ARRAY by precision.
/// Columns are dictionary encoded (except booleans, where a dictionary never pays) and fall
/// back to PLAIN once the dictionary passes its size limit. Row groups are buffered in memory
/// and written when full. The file is complete only after Close(); a writer destroyed before a
/// successful Close() removes its file, so a failed task never leaves a file that looks whole.
class ParquetWriter {
 public:
  /// Creates `path`; throws Error(kIo) naming it if it cannot, and Error(kAnalysis) naming the
  /// column for a type Parquet cannot hold.
  ParquetWriter(std::string path, Schema schema, ParquetWriteOptions options);
  ~ParquetWriter();
  ParquetWriter(const ParquetWriter&) = delete;
  ParquetWriter& operator=(const ParquetWriter&) = delete;

  /// Appends the rows of `batch`, whose columns match the schema by position.
  void Write(const Batch& batch);
  /// Writes the last row group and the footer and closes the file; throws Error(kIo) naming the
  /// file when the disk refuses, after removing it.
  void Close();
  /// Returns the bytes written so far.
  int64_t bytes_written() const { return position_; }

  /// Holds the state of one column of the open row group; defined in the implementation.
  struct ColumnChunkWriter;
  /// Describes one written row group for the footer; defined in the implementation.
  struct RowGroupMetadata;

 private:
  void AppendToFile(const std::string& bytes);
  void FlushRowGroup();
  void Abandon();

  std::string path_;
  Schema schema_;
  ParquetWriteOptions options_;
  std::FILE* file_ = nullptr;
  int64_t position_ = 0;
  std::vector<std::unique_ptr<ColumnChunkWriter>> columns_;
  int64_t row_group_rows_ = 0;
  int64_t row_group_bytes_ = 0;
  int64_t total_rows_ = 0;
  std::vector<RowGroupMetadata> row_groups_;
  bool closed_ = false;
};

}  // namespace ember

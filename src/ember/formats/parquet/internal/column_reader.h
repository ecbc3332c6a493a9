#pragma once

// Reads the pages of one column chunk into Ember columns.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/column.h"
#include "ember/formats/parquet/internal/schema_conversion.h"

namespace ember::parquet {

/// Locates one column chunk: what error messages name and what page decoding needs.
struct ColumnChunkLocation {
  std::string path;  // the file
  ColumnDescriptor column;
  size_t row_group = 0;
  int32_t codec = 0;        // Codec
  int64_t file_offset = 0;  // of the chunk's first byte
};

/// Returns rows of one column chunk, batch by batch, decoding pages as they are reached.
class ColumnChunkReader {
 public:
  virtual ~ColumnChunkReader() = default;
  /// Returns the next `num_rows` rows. Throws Error(kIo) naming the file, column, row group and
  /// page offset when the chunk is corrupt or holds fewer rows, and Error(kNotImplemented) for
  /// an encoding this reader does not support.
  virtual ColumnVectorPtr Read(size_t num_rows) = 0;
};

/// Returns a reader over `chunk`, the bytes of the column chunk at `location`.
std::unique_ptr<ColumnChunkReader> MakeColumnChunkReader(ColumnChunkLocation location,
                                                         std::vector<uint8_t> chunk);

}  // namespace ember::parquet

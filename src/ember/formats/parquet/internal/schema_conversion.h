#pragma once

// Maps Parquet column types to Ember types the way Spark's ParquetToSparkSchemaConverter does,
// and statistics to Ember values.

#include <optional>
#include <string>
#include <vector>

#include "ember/formats/parquet/internal/metadata.h"
#include "ember/formats/parquet/parquet_reader.h"
#include "ember/types/data_type.h"

namespace ember::parquet {

/// Says how the physical values of a column become values of its Ember type.
enum class ValueConversion {
  kNone,                  // same representation (int32 -> int/date, int64 -> long, ...)
  kNarrowInteger,         // INT32 -> byte or short, truncating like Java's casts
  kUnsignedInt32,         // INT32 holding UINT_32 -> bigint
  kSignedDecimal,         // INT32 / INT64 unscaled value -> decimal
  kUnsignedInt64Decimal,  // INT64 holding UINT_64 -> decimal(20,0)
  kMillisToMicros,        // TIMESTAMP(MILLIS) -> timestamp
  kNanosToMicros,         // TIMESTAMP(NANOS) -> timestamp, rounding down
  kInt96ToMicros,         // INT96 (Julian day + nanoseconds of day) -> timestamp
  kBytesDecimal,          // big-endian two's complement BYTE_ARRAY/FIXED -> decimal
};

/// Describes one leaf column of a flat file as the reader needs it.
struct ColumnDescriptor {
  std::string name;
  PhysicalType physical_type = PhysicalType::kInt32;
  int32_t type_length = 0;       // bytes per FIXED_LEN_BYTE_ARRAY value
  int max_definition_level = 0;  // 1 for OPTIONAL columns, 0 for REQUIRED ones
  DataType type;
  ValueConversion conversion = ValueConversion::kNone;
};

/// Returns one descriptor per top-level column of `schema` (the footer's flattened schema tree).
/// Throws Error(kNotImplemented) naming the column for nested columns, Error(kAnalysis) for
/// types Spark rejects (TIME, INTERVAL, UUID, ...), and CorruptDataError for a malformed tree.
std::vector<ColumnDescriptor> ConvertSchema(const std::vector<SchemaElement>& schema,
                                            const std::string& path);

/// Returns the min/max/null count of `statistics` as values of the column's type, dropping
/// bounds that are malformed or that Spark would not trust.
ParquetColumnStatistics ConvertStatistics(const ColumnDescriptor& column,
                                          const std::optional<Statistics>& statistics);

}  // namespace ember::parquet

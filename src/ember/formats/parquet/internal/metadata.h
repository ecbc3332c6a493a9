#pragma once

// The parts of Parquet's Thrift metadata (parquet.thrift) the reader uses, and their decoders.
// Enumerations are kept as the raw integers of the file: a value this reader does not know is
// not corruption until something needs to interpret it.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ember/formats/parquet/internal/thrift_compact.h"

namespace ember::parquet {

/// Physical types (parquet.thrift `Type`).
enum class PhysicalType : int32_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

/// Legacy type annotations (parquet.thrift `ConvertedType`).
enum class ConvertedType : int32_t {
  kUtf8 = 0,
  kMap = 1,
  kMapKeyValue = 2,
  kList = 3,
  kEnum = 4,
  kDecimal = 5,
  kDate = 6,
  kTimeMillis = 7,
  kTimeMicros = 8,
  kTimestampMillis = 9,
  kTimestampMicros = 10,
  kUint8 = 11,
  kUint16 = 12,
  kUint32 = 13,
  kUint64 = 14,
  kInt8 = 15,
  kInt16 = 16,
  kInt32 = 17,
  kInt64 = 18,
  kJson = 19,
  kBson = 20,
  kInterval = 21,
};

enum class Repetition : int32_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

/// Value encodings (parquet.thrift `Encoding`).
enum class Encoding : int32_t {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9,
};

/// Returns the name parquet.thrift gives `encoding` ("RLE_DICTIONARY"), or its number.
std::string EncodingName(int32_t encoding);

/// Compression codecs (parquet.thrift `CompressionCodec`).
enum class Codec : int32_t {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4Hadoop = 5,
  kZstd = 6,
  kLz4Raw = 7,
};

enum class PageType : int32_t {
  kDataPage = 0,
  kIndexPage = 1,
  kDictionaryPage = 2,
  kDataPageV2 = 3,
};

enum class TimeUnit { kMillis, kMicros, kNanos };

/// The union `LogicalType`: which member is set and the parameters of the ones that have any.
struct LogicalType {
  enum class Kind {
    kString = 1,
    kMap = 2,
    kList = 3,
    kEnum = 4,
    kDecimal = 5,
    kDate = 6,
    kTime = 7,
    kTimestamp = 8,
    kInteger = 10,
    kUnknown = 11,
    kJson = 12,
    kBson = 13,
    kUuid = 14,
    kFloat16 = 15,
    kVariant = 16,
    kGeometry = 17,
    kGeography = 18,
    kOther = 1000,  // a member newer than this reader
  };
  Kind kind = Kind::kOther;
  int32_t decimal_scale = 0;
  int32_t decimal_precision = 0;
  bool is_adjusted_to_utc = false;  // time and timestamp
  TimeUnit unit = TimeUnit::kMicros;
  int32_t bit_width = 0;  // integer
  bool is_signed = true;  // integer
};

struct SchemaElement {
  std::optional<int32_t> type;  // PhysicalType; absent for groups
  std::optional<int32_t> type_length;
  std::optional<int32_t> repetition_type;
  std::string name;
  int32_t num_children = 0;
  std::optional<int32_t> converted_type;
  std::optional<int32_t> scale;
  std::optional<int32_t> precision;
  std::optional<LogicalType> logical_type;
};

struct Statistics {
  std::optional<std::string> max;  // deprecated: signed-order max
  std::optional<std::string> min;  // deprecated: signed-order min
  std::optional<int64_t> null_count;
  std::optional<std::string> max_value;
  std::optional<std::string> min_value;
};

struct ColumnMetaData {
  int32_t type = 0;  // PhysicalType
  std::vector<std::string> path_in_schema;
  int32_t codec = 0;               // Codec
  std::vector<int32_t> encodings;  // every encoding the chunk's pages use (for inspection)
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  std::optional<Statistics> statistics;
};

struct ColumnChunk {
  std::optional<std::string> file_path;
  std::optional<ColumnMetaData> meta_data;
  bool encrypted = false;  // crypto_metadata or encrypted_column_metadata present
};

struct RowGroup {
  std::vector<ColumnChunk> columns;
  int64_t total_byte_size = 0;
  int64_t num_rows = 0;
  std::optional<int64_t> file_offset;
  std::optional<int64_t> total_compressed_size;
};

struct FileMetaData {
  int32_t version = 0;
  std::vector<SchemaElement> schema;
  int64_t num_rows = 0;
  std::vector<RowGroup> row_groups;
  std::optional<std::string> created_by;
  bool encrypted = false;  // encryption_algorithm present (plaintext footer mode)
};

struct DataPageHeader {
  int32_t num_values = 0;
  int32_t encoding = 0;
  int32_t definition_level_encoding = 0;
  int32_t repetition_level_encoding = 0;
};

struct DataPageHeaderV2 {
  int32_t num_values = 0;
  int32_t num_nulls = 0;
  int32_t num_rows = 0;
  int32_t encoding = 0;
  int32_t definition_levels_byte_length = 0;
  int32_t repetition_levels_byte_length = 0;
  bool is_compressed = true;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;
  int32_t encoding = 0;
};

struct PageHeader {
  int32_t type = 0;  // PageType
  int32_t uncompressed_page_size = 0;
  int32_t compressed_page_size = 0;
  std::optional<DataPageHeader> data_page_header;
  std::optional<DictionaryPageHeader> dictionary_page_header;
  std::optional<DataPageHeaderV2> data_page_header_v2;
};

/// Decodes the footer's FileMetaData from `size` bytes that start at `file_offset`; throws
/// CorruptDataError when they are malformed or miss a required field.
FileMetaData ReadFileMetaData(const uint8_t* data, size_t size, int64_t file_offset);

/// Decodes one page header at the reader's position; throws CorruptDataError when malformed.
PageHeader ReadPageHeader(ThriftCompactReader& reader);

}  // namespace ember::parquet

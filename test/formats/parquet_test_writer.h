#pragma once

// Builds Parquet files byte by byte for the reader tests: the cases DuckDB never writes (REQUIRED
// columns, INT96, data page v2, the legacy LZ4 framing, DELTA_BYTE_ARRAY, BIT_PACKED levels, ...)
// and deliberately broken files. Written from the specification (parquet.thrift, Encodings.md),
// independently of the reader, so that a misreading of the format shows up as a mismatch. It
// keeps its own Thrift encoder and enum values instead of using the engine's ThriftCompactWriter
// (formats/parquet/internal) on purpose: a mistake shared by the engine's encoder and decoder
// would otherwise pass unnoticed, and the engine writer cannot produce the broken files.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ember::parquet_test {

/// Serializes values with the Thrift compact protocol.
class ThriftWriter {
 public:
  void BeginStruct() { last_ids_.push_back(0); }
  void EndStruct();  // writes the stop byte
  void FieldI32(int16_t id, int32_t value);
  void FieldI64(int16_t id, int64_t value);
  void FieldByte(int16_t id, int8_t value);
  void FieldBool(int16_t id, bool value);
  void FieldBinary(int16_t id, std::string_view value);
  /// Starts a struct field; close it with EndStruct().
  void FieldStruct(int16_t id);
  /// Starts a list field of `size` elements of compact type `element_type`.
  void FieldList(int16_t id, uint8_t element_type, size_t size);
  void ElementI32(int32_t value) { Varint(ZigZag(value)); }
  void ElementBinary(std::string_view value);
  /// Starts a struct element of a list; close it with EndStruct().
  void ElementStruct() { BeginStruct(); }
  /// Writes a field of compact type `type` whose value is the already encoded `value`.
  void RawField(int16_t id, uint8_t type, std::string_view value);

  const std::string& bytes() const { return bytes_; }

 private:
  void FieldHeader(int16_t id, uint8_t type);
  void Varint(uint64_t value);
  static uint64_t ZigZag(int64_t value) {
    return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
  }

  std::string bytes_;
  std::vector<int16_t> last_ids_;
};

// parquet.thrift enumerations used by the tests.
enum Type {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7
};
enum Encoding {
  kPlain = 0,
  kPlainDictionary = 2,
  kRle = 3,
  kBitPacked = 4,
  kDeltaBinaryPacked = 5,
  kDeltaLengthByteArray = 6,
  kDeltaByteArray = 7,
  kRleDictionary = 8,
  kByteStreamSplit = 9
};
enum Codec {
  kUncompressed = 0,
  kSnappy = 1,
  kGzip = 2,
  kLzo = 3,
  kBrotli = 4,
  kLz4 = 5,
  kZstd = 6,
  kLz4Raw = 7
};
enum Repetition { kRequired = 0, kOptional = 1, kRepeated = 2 };

/// One member of the LogicalType union with its parameters.
struct LogicalTypeSpec {
  int16_t member = 0;  // 1 STRING, 5 DECIMAL, 7 TIME, 8 TIMESTAMP, 10 INTEGER, 14 UUID, ...
  int32_t scale = 0, precision = 0;  // DECIMAL
  bool adjusted_to_utc = true;       // TIME, TIMESTAMP
  int16_t unit = 2;                  // TIME, TIMESTAMP: 1 MILLIS, 2 MICROS, 3 NANOS
  int8_t bit_width = 32;             // INTEGER
  bool is_signed = true;             // INTEGER
};

/// One element of the flattened schema tree (the root is added by BuildFile).
struct SchemaSpec {
  std::string name;
  std::optional<int32_t> type;  // absent for groups
  int32_t type_length = 0;
  int32_t repetition = kOptional;
  int32_t num_children = 0;
  std::optional<int32_t> converted_type;
  std::optional<int32_t> scale, precision;
  std::optional<LogicalTypeSpec> logical_type;
};

/// One serialized page: header followed by body.
struct Page {
  std::string bytes;
  bool dictionary = false;
};

/// The pages of one column chunk.
struct ChunkSpec {
  int32_t codec = kUncompressed;
  std::vector<Page> pages;
  int64_t num_values = 0;
  std::optional<std::string> min_value, max_value;
  std::optional<std::string> legacy_min, legacy_max;  // the deprecated Statistics.min/max
  std::optional<int64_t> null_count;
};

struct RowGroupSpec {
  int64_t num_rows = 0;
  std::vector<ChunkSpec> chunks;  // one per leaf column, in schema order
};

/// Returns a whole Parquet file: magic, the column chunks, the footer, its length and magic.
/// `root_children` defaults to the number of schema elements (a flat schema).
std::string BuildFile(const std::vector<SchemaSpec>& schema,
                      const std::vector<RowGroupSpec>& row_groups,
                      std::optional<int32_t> root_children = std::nullopt);

/// Compresses `data` with `codec` as a Parquet page body (kLz4: Hadoop framing).
std::string Compress(int32_t codec, std::string_view data);

/// Returns a data page v1: header and `body` (levels then values), compressed with `codec`.
Page DataPageV1(std::string_view body, int32_t num_values, int32_t encoding,
                int32_t codec = kUncompressed, int32_t definition_level_encoding = kRle);
/// Returns a data page v1 whose body `stored` is already compressed to `uncompressed_size` bytes.
Page DataPageV1Stored(std::string_view stored, int32_t uncompressed_size, int32_t num_values,
                      int32_t encoding);
/// Returns a data page v2; `values` is compressed with `codec` when `compressed`.
Page DataPageV2(std::string_view definition_levels, std::string_view values, int32_t num_values,
                int32_t num_nulls, int32_t encoding, int32_t codec = kUncompressed,
                bool compressed = true);
/// Returns a dictionary page holding `num_values` PLAIN-encoded `values`.
Page DictionaryPage(std::string_view values, int32_t num_values, int32_t codec = kUncompressed);
/// Returns a page header alone with the given sizes (for corrupt-page tests).
Page PageHeaderOnly(int32_t page_type, int32_t uncompressed_size, int32_t compressed_size,
                    int32_t num_values, int32_t encoding);

// ---- Encoders ----

template <typename T>
std::string Plain(const std::vector<T>& values) {
  return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}
std::string PlainBooleans(const std::vector<bool>& values);
std::string PlainByteArrays(const std::vector<std::string>& values);
/// Returns the values concatenated (FIXED_LEN_BYTE_ARRAY PLAIN).
std::string PlainFixed(const std::vector<std::string>& values);

/// Encodes values with RLE runs only (equal neighbours merged), without a length prefix.
std::string RleRuns(const std::vector<uint32_t>& values, int bit_width);
/// Encodes values as one bit-packed run (padded to a multiple of 8), without a length prefix.
std::string BitPackedRun(const std::vector<uint32_t>& values, int bit_width);
/// Prefixes `encoded` with its 4-byte little-endian length.
std::string WithLength(std::string_view encoded);
/// Returns v1 definition levels for `valid` (RLE/bit-packed hybrid with its length prefix).
std::string DefinitionLevelsV1(const std::vector<bool>& valid);
/// Returns deprecated BIT_PACKED definition levels (MSB first, no prefix).
std::string DefinitionLevelsBitPacked(const std::vector<bool>& valid);

/// Encodes DELTA_BINARY_PACKED with deltas wrapping at `value_bits` (32 for INT32 columns).
std::string DeltaBinaryPacked(const std::vector<int64_t>& values, int value_bits = 64,
                              int block_size = 128, int miniblocks = 4);
std::string DeltaLengthByteArray(const std::vector<std::string>& values);
std::string DeltaByteArray(const std::vector<std::string>& values);
/// Splits `count` values of `width` bytes each into byte streams.
std::string ByteStreamSplit(std::string_view plain, size_t width);

/// Returns an INT96 timestamp: nanoseconds of the day then the Julian day, little-endian.
std::string Int96(int64_t nanos_of_day, int32_t julian_day);

}  // namespace ember::parquet_test

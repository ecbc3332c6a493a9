#include "ember/formats/parquet/parquet_writer.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <unordered_map>

#include "ember/common/ascii.h"
#include "ember/common/error.h"
#include "ember/formats/parquet/internal/metadata.h"
#include "ember/formats/parquet/internal/thrift_compact.h"

namespace ember {

using parquet::ConvertedType;
using parquet::Encoding;
using parquet::PhysicalType;
using parquet::ThriftCompactWriter;
using parquet::ThriftType;

namespace {

constexpr char kMagic[] = "PAR1";
constexpr const char* kCreatedBy = "ember version " EMBER_VERSION;
// Pages also close after this many values, as parquet-mr does, so that a page of tiny values
// does not grow without bound below the byte limit.
constexpr int64_t kMaxValuesPerPage = 20000;

int64_t ParseSize(const FormatOptions& options, const std::string& key, int64_t fallback) {
  if (!options.Has(key)) return fallback;
  std::string text = options.GetString(key, "");
  char* end = nullptr;
  errno = 0;
  long long value = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno != 0 || value <= 0) {
    Throw(ErrorKind::kInvalidArgument, "INVALID_OPTION", "Invalid value '", text,
          "' for the Parquet option '", key, "': expected a positive number of bytes.");
  }
  return value;
}

/// Returns the bytes Spark uses for a FIXED_LEN_BYTE_ARRAY decimal of `precision` digits: the
/// fewest that hold every value in two's complement.
int32_t DecimalByteWidth(int precision) {
  unsigned __int128 limit = 1;
  for (int i = 0; i < precision; ++i) limit *= 10;
  for (int32_t bytes = 1; bytes <= 16; ++bytes) {
    if ((static_cast<unsigned __int128>(1) << (8 * bytes - 1)) >= limit) return bytes;
  }
  return 16;
}

/// Appends `value` as `bytes` big-endian two's-complement bytes.
void AppendBigEndian(int128_t value, int32_t bytes, std::string& out) {
  for (int32_t i = bytes - 1; i >= 0; --i) {
    out.push_back(static_cast<char>(static_cast<uint8_t>(value >> (8 * i))));
  }
}

template <typename T>
void AppendLittleEndian(T value, std::string& out) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void AppendVarint(uint64_t value, std::string& out) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7F) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

/// Packs `count` values of `bit_width` bits, least significant bit first (Encodings.md).
void AppendBitPacked(const uint32_t* values, size_t count, int bit_width, std::string& out) {
  uint64_t accumulator = 0;
  int bits = 0;
  for (size_t i = 0; i < count; ++i) {
    accumulator |= static_cast<uint64_t>(values[i]) << bits;
    bits += bit_width;
    while (bits >= 8) {
      out.push_back(static_cast<char>(accumulator & 0xFF));
      accumulator >>= 8;
      bits -= 8;
    }
  }
  if (bits > 0) out.push_back(static_cast<char>(accumulator & 0xFF));
}

/// Appends `values` in the RLE/bit-packing hybrid encoding: runs of at least 8 equal values as
/// RLE runs, the rest in bit-packed runs of whole groups of 8 (the last one zero-padded).
void AppendRleHybrid(const std::vector<uint32_t>& values, int bit_width, std::string& out) {
  std::vector<uint32_t> pending;
  auto flush_pending = [&]() {
    constexpr size_t kMaxGroupsPerRun = 63;
    size_t start = 0;
    while (start < pending.size()) {
      size_t count = std::min(pending.size() - start, kMaxGroupsPerRun * 8);
      size_t groups = (count + 7) / 8;
      AppendVarint((groups << 1) | 1, out);
      std::vector<uint32_t> padded(pending.begin() + start, pending.begin() + start + count);
      padded.resize(groups * 8, 0);
      AppendBitPacked(padded.data(), padded.size(), bit_width, out);
      start += count;
    }
    pending.clear();
  };
  size_t value_bytes = (bit_width + 7) / 8;
  size_t position = 0;
  while (position < values.size()) {
    if (pending.size() % 8 == 0) {
      size_t run = 1;
      while (position + run < values.size() && values[position + run] == values[position]) ++run;
      if (run >= 8) {
        flush_pending();
        AppendVarint(static_cast<uint64_t>(run) << 1, out);
        for (size_t b = 0; b < value_bytes; ++b) {
          out.push_back(static_cast<char>((values[position] >> (8 * b)) & 0xFF));
        }
        position += run;
        continue;
      }
    }
    pending.push_back(values[position++]);
  }
  flush_pending();
}

int BitWidth(uint32_t max_value) {
  int width = 0;
  while (max_value != 0) {
    ++width;
    max_value >>= 1;
  }
  return width;
}

int32_t ParquetCodecId(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kSnappy:
      return static_cast<int32_t>(parquet::Codec::kSnappy);
    case CompressionCodec::kGzip:
      return static_cast<int32_t>(parquet::Codec::kGzip);
    case CompressionCodec::kZstd:
      return static_cast<int32_t>(parquet::Codec::kZstd);
    default:
      return static_cast<int32_t>(parquet::Codec::kUncompressed);
  }
}

/// Tracks a column chunk's min and max under the sort order Parquet defines for its logical
/// type: signed for integers, dates, timestamps and decimals, IEEE order without NaN for floats,
/// unsigned bytewise for strings and binary.
struct ColumnStatistics {
  bool has_bounds = false;
  int128_t integer_min = 0, integer_max = 0;
  double floating_min = 0, floating_max = 0;
  std::string bytes_min, bytes_max;
  int64_t null_count = 0;

  void UpdateInteger(int128_t value) {
    if (!has_bounds) {
      integer_min = integer_max = value;
    } else {
      integer_min = std::min(integer_min, value);
      integer_max = std::max(integer_max, value);
    }
    has_bounds = true;
  }
  void UpdateFloating(double value) {
    if (std::isnan(value)) return;
    if (!has_bounds) {
      floating_min = floating_max = value;
    } else {
      floating_min = std::min(floating_min, value);
      floating_max = std::max(floating_max, value);
    }
    has_bounds = true;
  }
  void UpdateBytes(std::string_view value) {
    // std::string_view compares bytes as unsigned char, Parquet's order for BYTE_ARRAY.
    if (!has_bounds) {
      bytes_min = bytes_max = std::string(value);
    } else {
      if (value < bytes_min) bytes_min = std::string(value);
      if (value > bytes_max) bytes_max = std::string(value);
    }
    has_bounds = true;
  }
};

struct ChunkMetadata {
  int32_t type = 0;
  std::vector<int32_t> encodings;
  std::string name;
  int64_t num_values = 0;
  int64_t total_uncompressed_size = 0;
  int64_t total_compressed_size = 0;
  int64_t data_page_offset = 0;
  std::optional<int64_t> dictionary_page_offset;
  int64_t null_count = 0;
  std::optional<std::string> min_value, max_value;
  bool signed_order = true;  // whether the deprecated min/max fields may be written too
};

}  // namespace

struct ParquetWriter::RowGroupMetadata {
  std::vector<ChunkMetadata> columns;
  int64_t num_rows = 0;
  int64_t total_byte_size = 0;
  int64_t file_offset = 0;
  int64_t total_compressed_size = 0;
};

/// Buffers one column of the open row group as encoded, compressed pages.
struct ParquetWriter::ColumnChunkWriter {
  Field field;
  PhysicalType physical = PhysicalType::kInt32;
  int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY width
  bool optional = true;
  bool use_dictionary = true;
  CompressionCodec codec = CompressionCodec::kSnappy;

  // The open page.
  std::vector<uint32_t> definition_levels;
  std::string plain_values;
  std::vector<uint32_t> dictionary_indices;
  std::vector<uint32_t> booleans;
  int64_t page_values = 0;
  int64_t page_bytes = 0;

  // The open chunk.
  std::string pages;
  int64_t pages_uncompressed = 0;
  std::unordered_map<std::string, uint32_t> dictionary;
  std::string dictionary_plain;
  std::string dictionary_key;
  bool dictionary_active = true;
  bool wrote_dictionary_page_data = false;
  bool wrote_plain_page_data = false;
  int64_t num_values = 0;
  ColumnStatistics statistics;

  /// Encodes row `row` of `column` in PLAIN into `out` and updates the statistics.
  void EncodePlain(const ColumnVector& column, size_t row, std::string& out) {
    const DataType& type = field.type;
    switch (type.id()) {
      case TypeId::kByte:
      case TypeId::kShort:
      case TypeId::kInt:
      case TypeId::kDate: {
        int32_t value = type.id() == TypeId::kByte    ? column.ValueAt<int8_t>(row)
                        : type.id() == TypeId::kShort ? column.ValueAt<int16_t>(row)
                                                      : column.ValueAt<int32_t>(row);
        statistics.UpdateInteger(value);
        AppendLittleEndian(value, out);
        return;
      }
      case TypeId::kLong:
      case TypeId::kTimestamp: {
        int64_t value = column.ValueAt<int64_t>(row);
        statistics.UpdateInteger(value);
        AppendLittleEndian(value, out);
        return;
      }
      case TypeId::kFloat: {
        float value = column.ValueAt<float>(row);
        statistics.UpdateFloating(value);
        AppendLittleEndian(value, out);
        return;
      }
      case TypeId::kDouble: {
        double value = column.ValueAt<double>(row);
        statistics.UpdateFloating(value);
        AppendLittleEndian(value, out);
        return;
      }
      case TypeId::kDecimal: {
        int128_t value = column.ValueAt<int128_t>(row);
        statistics.UpdateInteger(value);
        if (physical == PhysicalType::kInt32) {
          AppendLittleEndian(static_cast<int32_t>(value), out);
        } else if (physical == PhysicalType::kInt64) {
          AppendLittleEndian(static_cast<int64_t>(value), out);
        } else {
          AppendBigEndian(value, type_length, out);
        }
        return;
      }
      case TypeId::kString:
      case TypeId::kBinary: {
        std::string_view value = column.StringAt(row);
        statistics.UpdateBytes(value);
        AppendLittleEndian(static_cast<uint32_t>(value.size()), out);
        out.append(value);
        return;
      }
      default:
        EMBER_CHECK(false, "unexpected Parquet column type");
    }
  }

  /// Appends row `row` of `column`; returns the bytes it added to the row group's estimate.
  int64_t Append(const ColumnVector& column, size_t row) {
    ++page_values;
    ++num_values;
    if (column.IsNull(row)) {
      definition_levels.push_back(0);
      ++statistics.null_count;
      return 0;
    }
    if (optional) definition_levels.push_back(1);
    if (field.type.id() == TypeId::kBoolean) {
      bool value = column.ValueAt<bool>(row);
      statistics.UpdateInteger(value ? 1 : 0);
      booleans.push_back(value ? 1 : 0);
      page_bytes += 1;
      return 1;
    }
    if (!dictionary_active) {
      size_t before = plain_values.size();
      EncodePlain(column, row, plain_values);
      int64_t added = static_cast<int64_t>(plain_values.size() - before);
      page_bytes += added;
      return added;
    }
    // The PLAIN bytes of a value are its dictionary key; the scratch string keeps a repeated
    // value from allocating.
    dictionary_key.clear();
    EncodePlain(column, row, dictionary_key);
    auto it = dictionary.find(dictionary_key);
    int64_t added = 4;
    if (it == dictionary.end()) {
      it = dictionary.emplace(dictionary_key, static_cast<uint32_t>(dictionary.size())).first;
      dictionary_plain += dictionary_key;
      added += static_cast<int64_t>(dictionary_key.size());
    }
    dictionary_indices.push_back(it->second);
    page_bytes += 4;
    return added;
  }

  bool PageFull(int64_t page_size) const {
    return page_bytes >= page_size || page_values >= kMaxValuesPerPage;
  }

  bool DictionaryFull(int64_t dictionary_page_size) const {
    return dictionary_active &&
           static_cast<int64_t>(dictionary_plain.size()) > dictionary_page_size;
  }

  /// Closes the open page, if it holds values.
  void FlushPage() {
    if (page_values == 0) return;
    std::string body;
    if (optional) {
      std::string levels;
      AppendRleHybrid(definition_levels, 1, levels);
      AppendLittleEndian(static_cast<uint32_t>(levels.size()), body);
      body += levels;
    }
    int32_t encoding = static_cast<int32_t>(Encoding::kPlain);
    if (field.type.id() == TypeId::kBoolean) {
      AppendBitPacked(booleans.data(), booleans.size(), 1, body);
    } else if (dictionary_active && !dictionary_indices.empty()) {
      // A page of nulls only is written as an empty PLAIN page: it needs no dictionary.
      encoding = static_cast<int32_t>(Encoding::kRleDictionary);
      int bit_width = std::max(
          1, BitWidth(static_cast<uint32_t>(dictionary.empty() ? 0 : dictionary.size() - 1)));
      body.push_back(static_cast<char>(bit_width));
      AppendRleHybrid(dictionary_indices, bit_width, body);
      wrote_dictionary_page_data = true;
    } else {
      body += plain_values;
    }
    if (encoding == static_cast<int32_t>(Encoding::kPlain)) wrote_plain_page_data = true;
    WritePage(
        static_cast<int32_t>(parquet::PageType::kDataPage), body,
        [&](ThriftCompactWriter& w) {
          w.FieldStruct(5);  // data_page_header
          w.FieldI32(1, static_cast<int32_t>(page_values));
          w.FieldI32(2, encoding);
          w.FieldI32(3, static_cast<int32_t>(Encoding::kRle));
          w.FieldI32(4, static_cast<int32_t>(Encoding::kRle));
          w.EndStruct();
        },
        pages, pages_uncompressed);
    definition_levels.clear();
    plain_values.clear();
    dictionary_indices.clear();
    booleans.clear();
    page_values = 0;
    page_bytes = 0;
  }

  /// Compresses `body` and appends it with its header (type, sizes, then `extra` fields).
  void WritePage(int32_t page_type, const std::string& body,
                 const std::function<void(ThriftCompactWriter&)>& extra, std::string& out,
                 int64_t& uncompressed_total) {
    std::string compressed;
    Compress(codec, reinterpret_cast<const uint8_t*>(body.data()), body.size(), compressed);
    ThriftCompactWriter header;
    header.BeginStruct();
    header.FieldI32(1, page_type);
    header.FieldI32(2, static_cast<int32_t>(body.size()));
    header.FieldI32(3, static_cast<int32_t>(compressed.size()));
    extra(header);
    header.EndStruct();
    out += header.bytes();
    out += compressed;
    uncompressed_total += static_cast<int64_t>(header.bytes().size() + body.size());
  }

  /// Stops dictionary encoding for the rest of the chunk after closing the open page.
  void FallBackToPlain() {
    FlushPage();
    dictionary_active = false;
  }

  /// Returns the chunk's bytes (dictionary page first) and its metadata, with offsets relative
  /// to `file_offset`, and resets the writer for the next row group.
  std::string FinishChunk(int64_t file_offset, ChunkMetadata& metadata) {
    FlushPage();
    std::string chunk;
    int64_t uncompressed = 0;
    metadata.type = static_cast<int32_t>(physical);
    metadata.name = field.name;
    metadata.num_values = num_values;
    metadata.null_count = statistics.null_count;
    bool has_dictionary_page = wrote_dictionary_page_data;
    if (has_dictionary_page) {
      metadata.dictionary_page_offset = file_offset;
      WritePage(
          static_cast<int32_t>(parquet::PageType::kDictionaryPage), dictionary_plain,
          [&](ThriftCompactWriter& w) {
            w.FieldStruct(7);  // dictionary_page_header
            w.FieldI32(1, static_cast<int32_t>(dictionary.size()));
            w.FieldI32(2, static_cast<int32_t>(Encoding::kPlain));
            w.EndStruct();
          },
          chunk, uncompressed);
    }
    metadata.data_page_offset = file_offset + static_cast<int64_t>(chunk.size());
    chunk += pages;
    uncompressed += pages_uncompressed;
    metadata.total_uncompressed_size = uncompressed;
    metadata.total_compressed_size = static_cast<int64_t>(chunk.size());
    if (has_dictionary_page) {
      metadata.encodings.push_back(static_cast<int32_t>(Encoding::kPlain));
      metadata.encodings.push_back(static_cast<int32_t>(Encoding::kRleDictionary));
    }
    if (wrote_plain_page_data && !has_dictionary_page) {
      metadata.encodings.push_back(static_cast<int32_t>(Encoding::kPlain));
    }
    metadata.encodings.push_back(static_cast<int32_t>(Encoding::kRle));
    EncodeStatistics(metadata);

    pages.clear();
    pages_uncompressed = 0;
    dictionary.clear();
    dictionary_plain.clear();
    dictionary_active = use_dictionary;
    wrote_dictionary_page_data = false;
    wrote_plain_page_data = false;
    num_values = 0;
    statistics = ColumnStatistics();
    return chunk;
  }

  void EncodeStatistics(ChunkMetadata& metadata) const {
    if (!statistics.has_bounds) return;
    std::string min, max;
    switch (field.type.id()) {
      case TypeId::kBoolean:
        min.push_back(static_cast<char>(statistics.integer_min));
        max.push_back(static_cast<char>(statistics.integer_max));
        break;
      case TypeId::kLong:
      case TypeId::kTimestamp:
        AppendLittleEndian(static_cast<int64_t>(statistics.integer_min), min);
        AppendLittleEndian(static_cast<int64_t>(statistics.integer_max), max);
        break;
      case TypeId::kFloat:
      case TypeId::kDouble: {
        // The specification asks for -0.0 as a zero min and +0.0 as a zero max, since the two
        // compare equal but readers may filter on the sign.
        double low = statistics.floating_min == 0 ? -0.0 : statistics.floating_min;
        double high = statistics.floating_max == 0 ? 0.0 : statistics.floating_max;
        if (field.type.id() == TypeId::kFloat) {
          AppendLittleEndian(static_cast<float>(low), min);
          AppendLittleEndian(static_cast<float>(high), max);
        } else {
          AppendLittleEndian(low, min);
          AppendLittleEndian(high, max);
        }
        break;
      }
      case TypeId::kDecimal:
        if (physical == PhysicalType::kInt32) {
          AppendLittleEndian(static_cast<int32_t>(statistics.integer_min), min);
          AppendLittleEndian(static_cast<int32_t>(statistics.integer_max), max);
        } else if (physical == PhysicalType::kInt64) {
          AppendLittleEndian(static_cast<int64_t>(statistics.integer_min), min);
          AppendLittleEndian(static_cast<int64_t>(statistics.integer_max), max);
        } else {
          AppendBigEndian(statistics.integer_min, type_length, min);
          AppendBigEndian(statistics.integer_max, type_length, max);
        }
        break;
      case TypeId::kString:
      case TypeId::kBinary:
        min = statistics.bytes_min;
        max = statistics.bytes_max;
        break;
      default:
        AppendLittleEndian(static_cast<int32_t>(statistics.integer_min), min);
        AppendLittleEndian(static_cast<int32_t>(statistics.integer_max), max);
        break;
    }
    metadata.min_value = std::move(min);
    metadata.max_value = std::move(max);
    // The deprecated fields meant signed order; byte arrays and fixed-length decimals had an
    // ill-defined order there, so they get only min_value/max_value.
    metadata.signed_order =
        physical != PhysicalType::kByteArray && physical != PhysicalType::kFixedLenByteArray;
  }
};

ParquetWriteOptions ParquetWriteOptions::From(const FormatOptions& options) {
  ParquetWriteOptions result;
  std::string key = options.Has("compression") ? "compression" : "parquet.compression";
  std::string codec = AsciiLower(options.GetString(key, "snappy"));
  if (codec == "snappy") {
    result.codec = CompressionCodec::kSnappy;
  } else if (codec == "zstd") {
    result.codec = CompressionCodec::kZstd;
  } else if (codec == "gzip") {
    result.codec = CompressionCodec::kGzip;
  } else if (codec == "none" || codec == "uncompressed") {
    result.codec = CompressionCodec::kUncompressed;
  } else {
    Throw(ErrorKind::kInvalidArgument, "CODEC_NOT_AVAILABLE", "Invalid value '", codec,
          "' for the Parquet option '", key,
          "': the codecs Ember writes are snappy, zstd, gzip, none and uncompressed.");
  }
  result.row_group_size = ParseSize(options, "parquet.block.size", result.row_group_size);
  result.page_size = ParseSize(options, "parquet.page.size", result.page_size);
  result.dictionary_page_size =
      ParseSize(options, "parquet.dictionary.page.size", result.dictionary_page_size);
  result.enable_dictionary = options.GetBool("parquet.enable.dictionary", true);
  return result;
}

std::string ParquetWriteOptions::FileNameCodec() const {
  switch (codec) {
    case CompressionCodec::kSnappy:
      return ".snappy";
    case CompressionCodec::kZstd:
      return ".zstd";
    case CompressionCodec::kGzip:
      return ".gz";
    default:
      return "";
  }
}

ParquetWriter::ParquetWriter(std::string path, Schema schema, ParquetWriteOptions options)
    : path_(std::move(path)), schema_(std::move(schema)), options_(options) {
  for (size_t c = 0; c < schema_.size(); ++c) {
    const Field& field = schema_.field(c);
    auto column = std::make_unique<ColumnChunkWriter>();
    column->field = field;
    column->optional = field.nullable;
    column->codec = options_.codec;
    column->use_dictionary = options_.enable_dictionary && field.type.id() != TypeId::kBoolean;
    column->dictionary_active = column->use_dictionary;
    switch (field.type.id()) {
      case TypeId::kBoolean:
        column->physical = PhysicalType::kBoolean;
        break;
      case TypeId::kByte:
      case TypeId::kShort:
      case TypeId::kInt:
      case TypeId::kDate:
        column->physical = PhysicalType::kInt32;
        break;
      case TypeId::kLong:
      case TypeId::kTimestamp:
        column->physical = PhysicalType::kInt64;
        break;
      case TypeId::kFloat:
        column->physical = PhysicalType::kFloat;
        break;
      case TypeId::kDouble:
        column->physical = PhysicalType::kDouble;
        break;
      case TypeId::kString:
      case TypeId::kBinary:
        column->physical = PhysicalType::kByteArray;
        break;
      case TypeId::kDecimal:
        if (field.type.precision() <= 9) {
          column->physical = PhysicalType::kInt32;
        } else if (field.type.precision() <= 18) {
          column->physical = PhysicalType::kInt64;
        } else {
          column->physical = PhysicalType::kFixedLenByteArray;
          column->type_length = DecimalByteWidth(field.type.precision());
        }
        break;
      default:
        Throw(ErrorKind::kAnalysis, "UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE",
              "The Parquet datasource doesn't support the column ", QuoteIdentifier(field.name),
              " of the type \"", field.type.SimpleString(), "\" (writing ", path_, ").");
    }
    columns_.push_back(std::move(column));
  }
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) {
    Throw(ErrorKind::kIo, "FILE_WRITE_FAILED", "Cannot create ", path_, ": ", std::strerror(errno),
          ".");
  }
  AppendToFile(kMagic);
}

ParquetWriter::~ParquetWriter() {
  if (!closed_) Abandon();
}

void ParquetWriter::Abandon() {
  if (file_ != nullptr) {
    std::fclose(file_);
    file_ = nullptr;
  }
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
  closed_ = true;
}

void ParquetWriter::AppendToFile(const std::string& bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) {
    std::string reason = std::strerror(errno);
    Abandon();
    Throw(ErrorKind::kIo, "FILE_WRITE_FAILED", "Cannot write ", path_, ": ", reason,
          " (the disk may be full).");
  }
  position_ += static_cast<int64_t>(bytes.size());
}

void ParquetWriter::Write(const Batch& input) {
  EMBER_CHECK(!closed_, "ParquetWriter::Write after Close");
  BatchPtr dense = input.selection() ? input.Materialize() : nullptr;
  const Batch& batch = dense ? *dense : input;
  EMBER_CHECK(batch.num_columns() == columns_.size(), "batch does not match the Parquet schema");
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    for (size_t c = 0; c < columns_.size(); ++c) {
      ColumnChunkWriter& column = *columns_[c];
      if (!column.optional && batch.column(c)->IsNull(row)) {
        Throw(ErrorKind::kExecution, "NULL_IN_NON_NULLABLE_COLUMN",
              "Cannot write a null into the "
              "non-nullable column ",
              QuoteIdentifier(column.field.name), " of ", path_, ".");
      }
      row_group_bytes_ += column.Append(*batch.column(c), row);
      if (column.DictionaryFull(options_.dictionary_page_size)) {
        column.FallBackToPlain();
      } else if (column.PageFull(options_.page_size)) {
        column.FlushPage();
      }
    }
    ++row_group_rows_;
    if (row_group_bytes_ >= options_.row_group_size) FlushRowGroup();
  }
}

void ParquetWriter::FlushRowGroup() {
  if (row_group_rows_ == 0) return;
  RowGroupMetadata group;
  group.num_rows = row_group_rows_;
  group.file_offset = position_;
  for (auto& column : columns_) {
    ChunkMetadata metadata;
    std::string chunk = column->FinishChunk(position_, metadata);
    AppendToFile(chunk);
    group.total_byte_size += metadata.total_uncompressed_size;
    group.total_compressed_size += metadata.total_compressed_size;
    group.columns.push_back(std::move(metadata));
  }
  total_rows_ += row_group_rows_;
  row_groups_.push_back(std::move(group));
  row_group_rows_ = 0;
  row_group_bytes_ = 0;
}

void ParquetWriter::Close() {
  EMBER_CHECK(!closed_, "ParquetWriter::Close twice");
  try {
    FlushRowGroup();
    ThriftCompactWriter w;
    w.BeginStruct();
    w.FieldI32(1, 1);  // version
    w.FieldList(2, ThriftType::kStruct, columns_.size() + 1);
    w.BeginStruct();
    w.FieldBinary(4, "spark_schema");
    w.FieldI32(5, static_cast<int32_t>(columns_.size()));
    w.EndStruct();
    for (const auto& column : columns_) {
      const DataType& type = column->field.type;
      w.BeginStruct();
      w.FieldI32(1, static_cast<int32_t>(column->physical));
      if (column->physical == PhysicalType::kFixedLenByteArray) {
        w.FieldI32(2, column->type_length);
      }
      w.FieldI32(3, column->optional ? 1 : 0);
      w.FieldBinary(4, column->field.name);
      std::optional<ConvertedType> converted;
      switch (type.id()) {
        case TypeId::kByte:
          converted = ConvertedType::kInt8;
          break;
        case TypeId::kShort:
          converted = ConvertedType::kInt16;
          break;
        case TypeId::kString:
          converted = ConvertedType::kUtf8;
          break;
        case TypeId::kDate:
          converted = ConvertedType::kDate;
          break;
        case TypeId::kTimestamp:
          converted = ConvertedType::kTimestampMicros;
          break;
        case TypeId::kDecimal:
          converted = ConvertedType::kDecimal;
          break;
        default:
          break;
      }
      if (converted) w.FieldI32(6, static_cast<int32_t>(*converted));
      if (type.id() == TypeId::kDecimal) {
        w.FieldI32(7, type.scale());
        w.FieldI32(8, type.precision());
      }
      switch (type.id()) {
        case TypeId::kByte:
        case TypeId::kShort:
          w.FieldStruct(10);  // logicalType
          w.FieldStruct(10);  // INTEGER
          w.FieldByte(1, type.id() == TypeId::kByte ? 8 : 16);
          w.FieldBool(2, true);
          w.EndStruct();
          w.EndStruct();
          break;
        case TypeId::kString:
          w.FieldStruct(10);
          w.FieldStruct(1);  // STRING
          w.EndStruct();
          w.EndStruct();
          break;
        case TypeId::kDate:
          w.FieldStruct(10);
          w.FieldStruct(6);  // DATE
          w.EndStruct();
          w.EndStruct();
          break;
        case TypeId::kTimestamp:
          w.FieldStruct(10);
          w.FieldStruct(8);  // TIMESTAMP
          w.FieldBool(1, true);
          w.FieldStruct(2);  // unit
          w.FieldStruct(2);  // MICROS
          w.EndStruct();
          w.EndStruct();
          w.EndStruct();
          w.EndStruct();
          break;
        case TypeId::kDecimal:
          w.FieldStruct(10);
          w.FieldStruct(5);  // DECIMAL
          w.FieldI32(1, type.scale());
          w.FieldI32(2, type.precision());
          w.EndStruct();
          w.EndStruct();
          break;
        default:
          break;
      }
      w.EndStruct();
    }
    w.FieldI64(3, total_rows_);
    w.FieldList(4, ThriftType::kStruct, row_groups_.size());
    for (size_t g = 0; g < row_groups_.size(); ++g) {
      const RowGroupMetadata& group = row_groups_[g];
      w.BeginStruct();
      w.FieldList(1, ThriftType::kStruct, group.columns.size());
      for (const ChunkMetadata& chunk : group.columns) {
        w.BeginStruct();
        w.FieldI64(2, chunk.dictionary_page_offset.value_or(chunk.data_page_offset));
        w.FieldStruct(3);  // meta_data
        w.FieldI32(1, chunk.type);
        w.FieldList(2, ThriftType::kI32, chunk.encodings.size());
        for (int32_t encoding : chunk.encodings) w.ElementI32(encoding);
        w.FieldList(3, ThriftType::kBinary, 1);
        w.ElementBinary(chunk.name);
        w.FieldI32(4, ParquetCodecId(options_.codec));
        w.FieldI64(5, chunk.num_values);
        w.FieldI64(6, chunk.total_uncompressed_size);
        w.FieldI64(7, chunk.total_compressed_size);
        w.FieldI64(9, chunk.data_page_offset);
        if (chunk.dictionary_page_offset) w.FieldI64(11, *chunk.dictionary_page_offset);
        w.FieldStruct(12);  // statistics
        if (chunk.min_value && chunk.signed_order) {
          w.FieldBinary(1, *chunk.max_value);
          w.FieldBinary(2, *chunk.min_value);
        }
        w.FieldI64(3, chunk.null_count);
        if (chunk.min_value) {
          w.FieldBinary(5, *chunk.max_value);
          w.FieldBinary(6, *chunk.min_value);
        }
        w.EndStruct();
        w.EndStruct();
        w.EndStruct();
      }
      w.FieldI64(2, group.total_byte_size);
      w.FieldI64(3, group.num_rows);
      w.FieldI64(5, group.file_offset);
      w.FieldI64(6, group.total_compressed_size);
      w.EndStruct();
    }
    w.FieldBinary(6, kCreatedBy);
    w.FieldList(7, ThriftType::kStruct, columns_.size());  // column_orders
    for (size_t c = 0; c < columns_.size(); ++c) {
      w.BeginStruct();
      w.FieldStruct(1);  // TYPE_ORDER
      w.EndStruct();
      w.EndStruct();
    }
    w.EndStruct();
    std::string tail = w.bytes();
    AppendLittleEndian(static_cast<uint32_t>(w.bytes().size()), tail);
    tail += kMagic;
    AppendToFile(tail);
    if (std::fclose(file_) != 0) {
      file_ = nullptr;
      std::string reason = std::strerror(errno);
      Abandon();
      Throw(ErrorKind::kIo, "FILE_WRITE_FAILED", "Cannot finish ", path_, ": ", reason,
            " (the disk may be full).");
    }
    file_ = nullptr;
    closed_ = true;
  } catch (...) {
    if (!closed_) Abandon();
    throw;
  }
}

}  // namespace ember

#include "parquet_test_writer.h"

#include <brotli/encode.h>
#include <lz4.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace ember::parquet_test {

namespace {

constexpr uint8_t kTypeBoolTrue = 1;
constexpr uint8_t kTypeBoolFalse = 2;
constexpr uint8_t kTypeByte = 3;
constexpr uint8_t kTypeI32 = 5;
constexpr uint8_t kTypeI64 = 6;
constexpr uint8_t kTypeBinary = 8;
constexpr uint8_t kTypeList = 9;
constexpr uint8_t kTypeStruct = 12;

void AppendLittleEndian(std::string& out, uint64_t value, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out.push_back(static_cast<char>(value >> (8 * i)));
}

void AppendBigEndian32(std::string& out, uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>(value >> shift));
}

void AppendUleb(std::string& out, uint64_t value) {
  do {
    uint8_t byte = value & 0x7F;
    value >>= 7;
    if (value != 0) byte |= 0x80;
    out.push_back(static_cast<char>(byte));
  } while (value != 0);
}

/// Packs `values` LSB-first with `bit_width` bits each.
std::string PackBits(const std::vector<uint64_t>& values, int bit_width) {
  std::string out((values.size() * bit_width + 7) / 8, '\0');
  for (size_t i = 0; i < values.size(); ++i) {
    for (int b = 0; b < bit_width; ++b) {
      if ((values[i] >> b) & 1) {
        size_t bit = i * bit_width + b;
        out[bit / 8] = static_cast<char>(out[bit / 8] | (1 << (bit % 8)));
      }
    }
  }
  return out;
}

int BitsNeeded(uint64_t value) {
  int bits = 0;
  while (value != 0) {
    ++bits;
    value >>= 1;
  }
  return bits;
}

void WriteLogicalType(ThriftWriter& out, const LogicalTypeSpec& logical) {
  out.FieldStruct(10);
  out.FieldStruct(logical.member);
  switch (logical.member) {
    case 5:
      out.FieldI32(1, logical.scale);
      out.FieldI32(2, logical.precision);
      break;
    case 7:
    case 8:
      out.FieldBool(1, logical.adjusted_to_utc);
      out.FieldStruct(2);
      out.FieldStruct(logical.unit);
      out.EndStruct();
      out.EndStruct();
      break;
    case 10:
      out.FieldByte(1, logical.bit_width);
      out.FieldBool(2, logical.is_signed);
      break;
    default:
      break;
  }
  out.EndStruct();
  out.EndStruct();
}

void WriteSchemaElement(ThriftWriter& out, const SchemaSpec& element) {
  out.ElementStruct();
  if (element.type) out.FieldI32(1, *element.type);
  if (element.type == kFixedLenByteArray) out.FieldI32(2, element.type_length);
  out.FieldI32(3, element.repetition);
  out.FieldBinary(4, element.name);
  if (!element.type) out.FieldI32(5, element.num_children);
  if (element.converted_type) out.FieldI32(6, *element.converted_type);
  if (element.scale) out.FieldI32(7, *element.scale);
  if (element.precision) out.FieldI32(8, *element.precision);
  if (element.logical_type) WriteLogicalType(out, *element.logical_type);
  out.EndStruct();
}

std::string PageHeader(int32_t page_type, int32_t uncompressed_size, int32_t compressed_size,
                       int16_t sub_header_id,
                       const std::vector<std::pair<int16_t, int32_t>>& fields,
                       std::optional<bool> is_compressed = std::nullopt) {
  ThriftWriter out;
  out.BeginStruct();
  out.FieldI32(1, page_type);
  out.FieldI32(2, uncompressed_size);
  out.FieldI32(3, compressed_size);
  out.FieldStruct(sub_header_id);
  for (const auto& [id, value] : fields) out.FieldI32(id, value);
  if (is_compressed) out.FieldBool(7, *is_compressed);
  out.EndStruct();
  out.EndStruct();
  return out.bytes();
}

}  // namespace

// ---- ThriftWriter ----

void ThriftWriter::EndStruct() {
  bytes_.push_back('\0');
  last_ids_.pop_back();
}

void ThriftWriter::Varint(uint64_t value) {
  AppendUleb(bytes_, value);
}

void ThriftWriter::FieldHeader(int16_t id, uint8_t type) {
  int delta = id - last_ids_.back();
  if (delta > 0 && delta <= 15) {
    bytes_.push_back(static_cast<char>(delta << 4 | type));
  } else {
    bytes_.push_back(static_cast<char>(type));
    Varint(ZigZag(id));
  }
  last_ids_.back() = id;
}

void ThriftWriter::FieldI32(int16_t id, int32_t value) {
  FieldHeader(id, kTypeI32);
  Varint(ZigZag(value));
}

void ThriftWriter::FieldI64(int16_t id, int64_t value) {
  FieldHeader(id, kTypeI64);
  Varint(ZigZag(value));
}

void ThriftWriter::FieldByte(int16_t id, int8_t value) {
  FieldHeader(id, kTypeByte);
  bytes_.push_back(static_cast<char>(value));
}

void ThriftWriter::FieldBool(int16_t id, bool value) {
  FieldHeader(id, value ? kTypeBoolTrue : kTypeBoolFalse);
}

void ThriftWriter::FieldBinary(int16_t id, std::string_view value) {
  FieldHeader(id, kTypeBinary);
  ElementBinary(value);
}

void ThriftWriter::ElementBinary(std::string_view value) {
  Varint(value.size());
  bytes_.append(value);
}

void ThriftWriter::RawField(int16_t id, uint8_t type, std::string_view value) {
  FieldHeader(id, type);
  bytes_.append(value);
}

void ThriftWriter::FieldStruct(int16_t id) {
  FieldHeader(id, kTypeStruct);
  BeginStruct();
}

void ThriftWriter::FieldList(int16_t id, uint8_t element_type, size_t size) {
  FieldHeader(id, kTypeList);
  if (size < 15) {
    bytes_.push_back(static_cast<char>(size << 4 | element_type));
  } else {
    bytes_.push_back(static_cast<char>(0xF0 | element_type));
    Varint(size);
  }
}

// ---- Files and pages ----

std::string BuildFile(const std::vector<SchemaSpec>& schema,
                      const std::vector<RowGroupSpec>& row_groups,
                      std::optional<int32_t> root_children) {
  std::string file = "PAR1";
  struct ChunkPlacement {
    int64_t start = 0;
    int64_t size = 0;
    int64_t data_page_offset = 0;
    std::optional<int64_t> dictionary_page_offset;
  };
  std::vector<std::vector<ChunkPlacement>> placements;
  int64_t total_rows = 0;
  for (const RowGroupSpec& group : row_groups) {
    total_rows += group.num_rows;
    placements.emplace_back();
    for (const ChunkSpec& chunk : group.chunks) {
      ChunkPlacement placement;
      placement.start = static_cast<int64_t>(file.size());
      placement.data_page_offset = placement.start;
      for (size_t p = 0; p < chunk.pages.size(); ++p) {
        if (p == 0 && chunk.pages[p].dictionary) {
          placement.dictionary_page_offset = placement.start;
          placement.data_page_offset = placement.start + chunk.pages[p].bytes.size();
        }
        file += chunk.pages[p].bytes;
      }
      placement.size = static_cast<int64_t>(file.size()) - placement.start;
      placements.back().push_back(placement);
    }
  }
  // The leaf columns, for the column chunks' types and paths.
  std::vector<const SchemaSpec*> leaves;
  for (const SchemaSpec& element : schema) {
    if (element.type) leaves.push_back(&element);
  }

  ThriftWriter out;
  out.BeginStruct();
  out.FieldI32(1, 1);
  out.FieldList(2, kTypeStruct, schema.size() + 1);
  out.ElementStruct();
  out.FieldI32(3, kRequired);
  out.FieldBinary(4, "schema");
  out.FieldI32(5, root_children.value_or(static_cast<int32_t>(schema.size())));
  out.EndStruct();
  for (const SchemaSpec& element : schema) WriteSchemaElement(out, element);
  out.FieldI64(3, total_rows);
  out.FieldList(4, kTypeStruct, row_groups.size());
  for (size_t g = 0; g < row_groups.size(); ++g) {
    const RowGroupSpec& group = row_groups[g];
    out.ElementStruct();
    out.FieldList(1, kTypeStruct, group.chunks.size());
    int64_t total_size = 0;
    for (size_t c = 0; c < group.chunks.size(); ++c) {
      const ChunkSpec& chunk = group.chunks[c];
      const ChunkPlacement& placement = placements[g][c];
      const SchemaSpec& leaf = *leaves.at(c);
      total_size += placement.size;
      out.ElementStruct();
      out.FieldI64(2, placement.start);
      out.FieldStruct(3);
      out.FieldI32(1, *leaf.type);
      out.FieldList(2, kTypeI32, 1);
      out.ElementI32(kPlain);
      out.FieldList(3, kTypeBinary, 1);
      out.ElementBinary(leaf.name);
      out.FieldI32(4, chunk.codec);
      out.FieldI64(5, chunk.num_values);
      out.FieldI64(6, placement.size);
      out.FieldI64(7, placement.size);
      out.FieldI64(9, placement.data_page_offset);
      if (placement.dictionary_page_offset) out.FieldI64(11, *placement.dictionary_page_offset);
      if (chunk.null_count || chunk.min_value || chunk.max_value || chunk.legacy_min ||
          chunk.legacy_max) {
        out.FieldStruct(12);
        if (chunk.legacy_max) out.FieldBinary(1, *chunk.legacy_max);
        if (chunk.legacy_min) out.FieldBinary(2, *chunk.legacy_min);
        if (chunk.null_count) out.FieldI64(3, *chunk.null_count);
        if (chunk.max_value) out.FieldBinary(5, *chunk.max_value);
        if (chunk.min_value) out.FieldBinary(6, *chunk.min_value);
        out.EndStruct();
      }
      out.EndStruct();
      out.EndStruct();
    }
    out.FieldI64(2, total_size);
    out.FieldI64(3, group.num_rows);
    out.EndStruct();
  }
  out.FieldBinary(6, "ember parquet_test_writer");
  out.EndStruct();
  file += out.bytes();
  AppendLittleEndian(file, out.bytes().size(), 4);
  file += "PAR1";
  return file;
}

std::string Compress(int32_t codec, std::string_view data) {
  std::string out;
  switch (codec) {
    case kUncompressed:
      return std::string(data);
    case kSnappy: {
      size_t length = snappy_max_compressed_length(data.size());
      out.resize(length);
      if (snappy_compress(data.data(), data.size(), out.data(), &length) != SNAPPY_OK) break;
      out.resize(length);
      return out;
    }
    case kGzip: {
      z_stream stream{};
      // 15 window bits + 16: write a gzip header and trailer.
      if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) break;
      out.resize(deflateBound(&stream, data.size()) + 32);
      stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
      stream.avail_in = static_cast<uInt>(data.size());
      stream.next_out = reinterpret_cast<Bytef*>(out.data());
      stream.avail_out = static_cast<uInt>(out.size());
      int status = deflate(&stream, Z_FINISH);
      out.resize(stream.total_out);
      deflateEnd(&stream);
      if (status != Z_STREAM_END) break;
      return out;
    }
    case kZstd: {
      out.resize(ZSTD_compressBound(data.size()));
      size_t length = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
      if (ZSTD_isError(length)) break;
      out.resize(length);
      return out;
    }
    case kLz4Raw:
    case kLz4: {
      std::string block(LZ4_compressBound(static_cast<int>(data.size())), '\0');
      int length = LZ4_compress_default(data.data(), block.data(), static_cast<int>(data.size()),
                                        static_cast<int>(block.size()));
      if (length <= 0 && !data.empty()) break;
      block.resize(length);
      if (codec == kLz4Raw) return block;
      AppendBigEndian32(out, static_cast<uint32_t>(data.size()));
      AppendBigEndian32(out, static_cast<uint32_t>(block.size()));
      return out + block;
    }
    case kBrotli: {
      size_t length = BrotliEncoderMaxCompressedSize(data.size());
      out.resize(length);
      if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                                 data.size(), reinterpret_cast<const uint8_t*>(data.data()),
                                 &length, reinterpret_cast<uint8_t*>(out.data()))) {
        break;
      }
      out.resize(length);
      return out;
    }
  }
  throw std::runtime_error("parquet_test_writer: cannot compress with codec " +
                           std::to_string(codec));
}

Page DataPageV1(std::string_view body, int32_t num_values, int32_t encoding, int32_t codec,
                int32_t definition_level_encoding) {
  std::string compressed = Compress(codec, body);
  std::string header =
      PageHeader(0, static_cast<int32_t>(body.size()), static_cast<int32_t>(compressed.size()), 5,
                 {{1, num_values}, {2, encoding}, {3, definition_level_encoding}, {4, kRle}});
  return {header + compressed, false};
}

Page DataPageV1Stored(std::string_view stored, int32_t uncompressed_size, int32_t num_values,
                      int32_t encoding) {
  std::string header = PageHeader(0, uncompressed_size, static_cast<int32_t>(stored.size()), 5,
                                  {{1, num_values}, {2, encoding}, {3, kRle}, {4, kRle}});
  return {header + std::string(stored), false};
}

Page DataPageV2(std::string_view definition_levels, std::string_view values, int32_t num_values,
                int32_t num_nulls, int32_t encoding, int32_t codec, bool compressed) {
  std::string stored = compressed ? Compress(codec, values) : std::string(values);
  auto levels_size = static_cast<int32_t>(definition_levels.size());
  std::string header = PageHeader(
      3, levels_size + static_cast<int32_t>(values.size()),
      levels_size + static_cast<int32_t>(stored.size()), 8,
      {{1, num_values}, {2, num_nulls}, {3, num_values}, {4, encoding}, {5, levels_size}, {6, 0}},
      compressed ? std::nullopt : std::optional<bool>(false));
  return {header + std::string(definition_levels) + stored, false};
}

Page DictionaryPage(std::string_view values, int32_t num_values, int32_t codec) {
  std::string compressed = Compress(codec, values);
  std::string header =
      PageHeader(2, static_cast<int32_t>(values.size()), static_cast<int32_t>(compressed.size()), 7,
                 {{1, num_values}, {2, kPlain}});
  return {header + compressed, true};
}

Page PageHeaderOnly(int32_t page_type, int32_t uncompressed_size, int32_t compressed_size,
                    int32_t num_values, int32_t encoding) {
  return {PageHeader(page_type, uncompressed_size, compressed_size, 5,
                     {{1, num_values}, {2, encoding}, {3, kRle}, {4, kRle}}),
          false};
}

// ---- Encoders ----

std::string PlainBooleans(const std::vector<bool>& values) {
  std::vector<uint64_t> bits(values.begin(), values.end());
  return PackBits(bits, 1);
}

std::string PlainByteArrays(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    AppendLittleEndian(out, value.size(), 4);
    out += value;
  }
  return out;
}

std::string PlainFixed(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) out += value;
  return out;
}

std::string RleRuns(const std::vector<uint32_t>& values, int bit_width) {
  std::string out;
  for (size_t i = 0; i < values.size();) {
    size_t run = 1;
    while (i + run < values.size() && values[i + run] == values[i]) ++run;
    AppendUleb(out, run << 1);
    AppendLittleEndian(out, values[i], (bit_width + 7) / 8);
    i += run;
  }
  return out;
}

std::string BitPackedRun(const std::vector<uint32_t>& values, int bit_width) {
  std::vector<uint64_t> padded(values.begin(), values.end());
  padded.resize((values.size() + 7) / 8 * 8, 0);
  std::string out;
  AppendUleb(out, (padded.size() / 8) << 1 | 1);
  return out + PackBits(padded, bit_width);
}

std::string WithLength(std::string_view encoded) {
  std::string out;
  AppendLittleEndian(out, encoded.size(), 4);
  return out + std::string(encoded);
}

std::string DefinitionLevelsV1(const std::vector<bool>& valid) {
  // A whole number of bit-packed groups first, then RLE runs: both kinds of run get read.
  size_t packed = valid.size() / 2 / 8 * 8;
  std::vector<uint32_t> head(valid.begin(), valid.begin() + packed);
  std::vector<uint32_t> tail(valid.begin() + packed, valid.end());
  std::string encoded = (head.empty() ? "" : BitPackedRun(head, 1)) + RleRuns(tail, 1);
  return WithLength(encoded);
}

std::string DefinitionLevelsBitPacked(const std::vector<bool>& valid) {
  std::string out((valid.size() + 7) / 8, '\0');
  for (size_t i = 0; i < valid.size(); ++i) {
    if (valid[i]) out[i / 8] = static_cast<char>(out[i / 8] | (0x80 >> (i % 8)));
  }
  return out;
}

std::string DeltaBinaryPacked(const std::vector<int64_t>& values, int value_bits, int block_size,
                              int miniblocks) {
  auto wrap = [&](uint64_t value) -> int64_t {
    return value_bits == 32 ? static_cast<int64_t>(static_cast<int32_t>(value))
                            : static_cast<int64_t>(value);
  };
  std::string out;
  AppendUleb(out, block_size);
  AppendUleb(out, miniblocks);
  AppendUleb(out, values.size());
  int64_t first = values.empty() ? 0 : values[0];
  AppendUleb(out, (static_cast<uint64_t>(first) << 1) ^ static_cast<uint64_t>(first >> 63));
  std::vector<int64_t> deltas;
  for (size_t i = 1; i < values.size(); ++i) {
    deltas.push_back(wrap(static_cast<uint64_t>(values[i]) - static_cast<uint64_t>(values[i - 1])));
  }
  size_t per_miniblock = block_size / miniblocks;
  for (size_t start = 0; start < deltas.size(); start += block_size) {
    size_t end = std::min(deltas.size(), start + block_size);
    int64_t min_delta = *std::min_element(deltas.begin() + start, deltas.begin() + end);
    AppendUleb(out,
               (static_cast<uint64_t>(min_delta) << 1) ^ static_cast<uint64_t>(min_delta >> 63));
    std::vector<std::vector<uint64_t>> relative(miniblocks);
    std::string widths;
    std::string data;
    for (int m = 0; m < miniblocks; ++m) {
      size_t from = start + m * per_miniblock;
      if (from >= end) {
        widths.push_back('\0');
        continue;
      }
      std::vector<uint64_t> block(per_miniblock, 0);
      uint64_t max = 0;
      for (size_t k = 0; k < per_miniblock && from + k < end; ++k) {
        uint64_t value = static_cast<uint64_t>(deltas[from + k]) - static_cast<uint64_t>(min_delta);
        if (value_bits == 32) value &= 0xFFFFFFFFu;
        block[k] = value;
        max = std::max(max, value);
      }
      int width = BitsNeeded(max);
      widths.push_back(static_cast<char>(width));
      data += PackBits(block, width);
    }
    out += widths + data;
  }
  return out;
}

std::string DeltaLengthByteArray(const std::vector<std::string>& values) {
  std::vector<int64_t> lengths;
  std::string bytes;
  for (const std::string& value : values) {
    lengths.push_back(static_cast<int64_t>(value.size()));
    bytes += value;
  }
  return DeltaBinaryPacked(lengths, 32) + bytes;
}

std::string DeltaByteArray(const std::vector<std::string>& values) {
  std::vector<int64_t> prefixes;
  std::vector<std::string> suffixes;
  std::string previous;
  for (const std::string& value : values) {
    size_t prefix = 0;
    while (prefix < previous.size() && prefix < value.size() && previous[prefix] == value[prefix]) {
      ++prefix;
    }
    prefixes.push_back(static_cast<int64_t>(prefix));
    suffixes.push_back(value.substr(prefix));
    previous = value;
  }
  return DeltaBinaryPacked(prefixes, 32) + DeltaLengthByteArray(suffixes);
}

std::string ByteStreamSplit(std::string_view plain, size_t width) {
  size_t count = plain.size() / width;
  std::string out(plain.size(), '\0');
  for (size_t i = 0; i < count; ++i) {
    for (size_t k = 0; k < width; ++k) out[k * count + i] = plain[i * width + k];
  }
  return out;
}

std::string Int96(int64_t nanos_of_day, int32_t julian_day) {
  std::string out;
  AppendLittleEndian(out, static_cast<uint64_t>(nanos_of_day), 8);
  AppendLittleEndian(out, static_cast<uint32_t>(julian_day), 4);
  return out;
}

}  // namespace ember::parquet_test

// Tests of the Parquet reader on files built byte by byte (parquet_test_writer.h): layouts and
// types DuckDB never writes, unsupported and nested types, and corrupt files.

#include <gtest/gtest.h>

#include <lz4frame.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "../unit/test_util.h"
#include "ember/formats/parquet/parquet_reader.h"
#include "parquet_test_writer.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using namespace parquet_test;  // NOLINT: the builder's vocabulary reads best unqualified
using testing::CaptureError;

/// Returns the bytes of `values` as one little-endian value (a statistics bound).
template <typename T>
std::string Bytes(T value) {
  return std::string(reinterpret_cast<const char*>(&value), sizeof(T));
}

/// Returns `valid` with the values of `all` at valid positions, for optional columns.
template <typename T>
std::vector<T> NonNull(const std::vector<T>& all, const std::vector<bool>& valid) {
  std::vector<T> out;
  for (size_t i = 0; i < all.size(); ++i) {
    if (valid[i]) out.push_back(all[i]);
  }
  return out;
}

SchemaSpec Column(std::string name, int32_t type, int32_t repetition = kOptional) {
  SchemaSpec spec;
  spec.name = std::move(name);
  spec.type = type;
  spec.repetition = repetition;
  return spec;
}

SchemaSpec StringColumn(std::string name, int32_t repetition = kOptional) {
  SchemaSpec spec = Column(std::move(name), kByteArray, repetition);
  spec.converted_type = 0;  // UTF8
  return spec;
}

ChunkSpec Chunk(std::vector<Page> pages, int64_t num_values, int32_t codec = kUncompressed) {
  ChunkSpec chunk;
  chunk.pages = std::move(pages);
  chunk.num_values = num_values;
  chunk.codec = codec;
  return chunk;
}

class ParquetReaderTest : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const std::string& path : paths_) fs::remove(path);
  }

  /// Writes `bytes` to a fresh temporary file and returns its path.
  std::string Write(const std::string& bytes) {
    std::string path = (fs::temp_directory_path() /
                        StrCat("ember-parquet-test-", ::getpid(), "-", paths_.size(), ".parquet"))
                           .string();
    std::ofstream(path, std::ios::binary) << bytes;
    paths_.push_back(path);
    return path;
  }

  /// Builds a one-row-group file, reads every column with `batch_size` and returns the values,
  /// column by column.
  std::vector<std::vector<Value>> ReadFile(const std::string& bytes, size_t batch_size = 4096,
                                           Schema* schema = nullptr) {
    std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(Write(bytes));
    if (schema != nullptr) *schema = reader->schema();
    std::vector<size_t> columns(reader->schema().size());
    for (size_t i = 0; i < columns.size(); ++i) columns[i] = i;
    std::vector<std::vector<Value>> values(columns.size());
    for (size_t group = 0; group < reader->row_groups().size(); ++group) {
      for (const BatchPtr& batch : reader->ReadRowGroup(group, columns, batch_size)) {
        for (size_t c = 0; c < columns.size(); ++c) {
          for (size_t row = 0; row < batch->num_rows(); ++row) {
            values[c].push_back(batch->column(c)->GetValue(row));
          }
        }
      }
    }
    return values;
  }

  /// Returns the error of opening and fully reading `bytes`.
  Error ReadError(const std::string& bytes) {
    return CaptureError([&] { ReadFile(bytes); });
  }

  std::vector<std::string> paths_;
};

std::vector<Value> Ints(std::initializer_list<std::optional<int32_t>> values) {
  std::vector<Value> out;
  for (const auto& value : values) {
    out.push_back(value ? Value::Int(*value) : Value::Null(TypeId::kInt));
  }
  return out;
}

TEST_F(ParquetReaderTest, ReadsRequiredAndOptionalColumns) {
  std::vector<int32_t> ids = {1, 2, 3, 4, 5, 6};
  std::vector<std::string> names = {"a", "", "日本", "x", "🚀", "z"};
  std::vector<bool> valid = {true, true, true, false, true, false};
  std::string file = BuildFile(
      {Column("id", kInt32, kRequired), StringColumn("name")},
      {{6,
        {Chunk({DataPageV1(Plain(ids), 6, kPlain)}, 6),
         Chunk({DataPageV1(DefinitionLevelsV1(valid) + PlainByteArrays(NonNull(names, valid)), 6,
                           kPlain)},
               6)}}});
  Schema schema;
  std::vector<std::vector<Value>> values = ReadFile(file, 4096, &schema);
  EXPECT_EQ(schema.TreeString(),
            "root\n |-- id: integer (nullable = false)\n |-- name: string (nullable = true)\n");
  EXPECT_EQ(values[0], Ints({1, 2, 3, 4, 5, 6}));
  std::vector<Value> expected;
  for (size_t i = 0; i < names.size(); ++i) {
    expected.push_back(valid[i] ? Value::String(names[i]) : Value::Null(TypeId::kString));
  }
  EXPECT_EQ(values[1], expected);
}

/// A chunk as writers produce it when a dictionary grows too large: a dictionary page, pages
/// indexing it, then PLAIN pages; v1 and v2 pages mixed. Every batch size gives the same rows.
TEST_F(ParquetReaderTest, ReadsChunksOfManyPagesInAnyBatchSize) {
  std::vector<int64_t> dictionary = {100, -7, 1LL << 40};
  std::vector<std::optional<int64_t>> expected;
  std::vector<Page> pages = {DictionaryPage(Plain(dictionary), 3)};
  // Page 1: v1, dictionary indices as bit-packed runs, two nulls.
  std::vector<bool> valid1 = {true, false, true, true, false, true, true};
  std::vector<uint32_t> indices1 = {2, 0, 1, 1, 2};
  pages.push_back(
      DataPageV1(DefinitionLevelsV1(valid1) + std::string(1, '\x02') + BitPackedRun(indices1, 2), 7,
                 kRleDictionary));
  for (size_t i = 0, next = 0; i < valid1.size(); ++i) {
    expected.push_back(valid1[i] ? std::optional(dictionary[indices1[next++]]) : std::nullopt);
  }
  // Page 2: v2, dictionary indices as RLE runs, no nulls.
  std::vector<uint32_t> indices2 = {0, 0, 0, 1, 2, 2};
  pages.push_back(DataPageV2(RleRuns({1, 1, 1, 1, 1, 1}, 1),
                             std::string(1, '\x02') + RleRuns(indices2, 2), 6, 0,
                             kPlainDictionary));
  for (uint32_t index : indices2) expected.push_back(dictionary[index]);
  // Page 3: v1 PLAIN, one row. Page 4: v2 PLAIN with nulls only.
  pages.push_back(DataPageV1(DefinitionLevelsV1({true}) + Plain<int64_t>({-1}), 1, kPlain));
  expected.push_back(-1);
  pages.push_back(DataPageV2(RleRuns({0, 0, 0}, 1), "", 3, 3, kPlain));
  expected.insert(expected.end(), 3, std::nullopt);
  // Page 5: empty v1 page; page 6: v1 PLAIN with 20 values.
  pages.push_back(DataPageV1(DefinitionLevelsV1({}), 0, kPlain));
  std::vector<int64_t> tail;
  for (int64_t i = 0; i < 20; ++i) tail.push_back(i * i);
  pages.push_back(
      DataPageV1(DefinitionLevelsV1(std::vector<bool>(20, true)) + Plain(tail), 20, kPlain));
  expected.insert(expected.end(), tail.begin(), tail.end());

  int64_t rows = static_cast<int64_t>(expected.size());
  std::string file = BuildFile({Column("v", kInt64)}, {{rows, {Chunk(pages, rows)}}});
  std::vector<Value> want;
  for (const auto& value : expected) {
    want.push_back(value ? Value::Long(*value) : Value::Null(TypeId::kLong));
  }
  for (size_t batch_size : {1, 2, 3, 5, 13, 1000}) {
    EXPECT_EQ(ReadFile(file, batch_size)[0], want) << "batch size " << batch_size;
  }
}

/// Strings of dictionary-encoded pages stay dictionary-encoded (an index per row into one
/// dictionary shared by the chunk's batches); a batch that reaches a PLAIN fallback page turns
/// flat; every batch size gives the same rows; an empty dictionary over null rows reads.
TEST_F(ParquetReaderTest, KeepsDictionaryEncodedStringsAsDictionaries) {
  std::vector<std::string> dictionary = {"red", "", "grün"};
  std::vector<std::optional<std::string>> expected;
  std::vector<Page> pages = {DictionaryPage(PlainByteArrays(dictionary), 3)};
  std::vector<bool> valid1 = {true, false, true, true, false, true};
  std::vector<uint32_t> indices1 = {2, 0, 1, 1};
  pages.push_back(
      DataPageV1(DefinitionLevelsV1(valid1) + std::string(1, '\x02') + BitPackedRun(indices1, 2), 6,
                 kRleDictionary));
  for (size_t i = 0, next = 0; i < valid1.size(); ++i) {
    expected.push_back(valid1[i] ? std::optional(dictionary[indices1[next++]]) : std::nullopt);
  }
  std::vector<uint32_t> indices2 = {0, 0, 2, 1};
  pages.push_back(DataPageV2(RleRuns({1, 1, 1, 1}, 1),
                             std::string(1, '\x02') + RleRuns(indices2, 2), 4, 0,
                             kPlainDictionary));
  for (uint32_t index : indices2) expected.push_back(dictionary[index]);
  std::vector<std::string> plain = {"plain", "日本"};
  pages.push_back(DataPageV1(DefinitionLevelsV1({true, true}) + PlainByteArrays(plain), 2, kPlain));
  expected.insert(expected.end(), plain.begin(), plain.end());
  int64_t rows = static_cast<int64_t>(expected.size());
  std::string path = Write(BuildFile({StringColumn("s")}, {{rows, {Chunk(pages, rows)}}}));
  std::vector<Value> want;
  for (const auto& value : expected) {
    want.push_back(value ? Value::String(*value) : Value::Null(TypeId::kString));
  }
  for (size_t batch_size : {1, 2, 3, 5, 10, 1000}) {
    std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(path);
    std::vector<Value> got;
    size_t first_row = 0;
    const ColumnVector* first_dictionary = nullptr;
    for (const BatchPtr& batch : reader->ReadRowGroup(0, {0}, batch_size)) {
      const ColumnVector& column = *batch->column(0);
      // Rows 0..9 come from dictionary pages; a batch holding any of rows 10..11 is flat.
      bool all_indexed = first_row + batch->num_rows() <= 10;
      EXPECT_EQ(column.is_dictionary(), all_indexed)
          << "batch size " << batch_size << ", batch at row " << first_row;
      if (column.is_dictionary()) {
        EXPECT_EQ(column.dictionary()->size(), dictionary.size());
        if (first_dictionary == nullptr) first_dictionary = column.dictionary().get();
        EXPECT_EQ(column.dictionary().get(), first_dictionary) << "one dictionary per chunk";
      }
      for (size_t row = 0; row < batch->num_rows(); ++row) got.push_back(column.GetValue(row));
      first_row += batch->num_rows();
    }
    EXPECT_EQ(got, want) << "batch size " << batch_size;
  }

  // A writer may emit an empty dictionary when every value is null.
  std::string empty = BuildFile(
      {StringColumn("s")},
      {{3,
        {Chunk({DictionaryPage("", 0),
                DataPageV1(DefinitionLevelsV1({false, false, false}) + std::string(1, '\x00'), 3,
                           kRleDictionary)},
               3)}}});
  EXPECT_EQ(ReadFile(empty)[0], std::vector<Value>(3, Value::Null(TypeId::kString)));
}

TEST_F(ParquetReaderTest, ReadsCompressedV1AndV2PagesOfEveryCodec) {
  std::vector<std::string> dictionary = {"red", "", "grün", "🚀 blue"};
  std::vector<uint32_t> indices = {0, 1, 2, 3, 3, 2, 1, 0, 0};
  std::vector<bool> valid = {true, true, false, true, true, true, true, false, true, true, true};
  std::vector<std::string> plain = {"plain", "text", "§"};
  for (int32_t codec : {kUncompressed, kSnappy, kGzip, kZstd, kLz4Raw, kLz4, kBrotli}) {
    SCOPED_TRACE(StrCat("codec ", codec));
    std::vector<Page> pages = {
        DictionaryPage(PlainByteArrays(dictionary), 4, codec),
        DataPageV1(DefinitionLevelsV1(valid) + std::string(1, '\x02') + RleRuns(indices, 2), 11,
                   kRleDictionary, codec),
        DataPageV2(RleRuns({1, 0, 1, 1}, 1), PlainByteArrays(plain), 4, 1, kPlain, codec),
        DataPageV2(RleRuns({1, 1}, 1), PlainByteArrays({"not", "compressed"}), 2, 0, kPlain, codec,
                   /*compressed=*/false)};
    std::string file = BuildFile({StringColumn("s")}, {{17, {Chunk(pages, 17, codec)}}});
    std::vector<Value> want;
    for (size_t i = 0, next = 0; i < valid.size(); ++i) {
      want.push_back(valid[i] ? Value::String(dictionary[indices[next++]])
                              : Value::Null(TypeId::kString));
    }
    want.push_back(Value::String("plain"));
    want.push_back(Value::Null(TypeId::kString));
    want.push_back(Value::String("text"));
    want.push_back(Value::String("§"));
    want.push_back(Value::String("not"));
    want.push_back(Value::String("compressed"));
    EXPECT_EQ(ReadFile(file)[0], want);
  }
}

/// The deprecated LZ4 codec was written in Hadoop's framing by parquet-mr, as an LZ4 frame or
/// a bare block by others; all three read.
TEST_F(ParquetReaderTest, ReadsEveryFramingOfTheLegacyLz4Codec) {
  std::vector<int32_t> values;
  for (int32_t i = 0; i < 500; ++i) values.push_back(i % 17);
  std::string body = Plain(values);
  std::string frame(LZ4F_compressFrameBound(body.size(), nullptr), '\0');
  frame.resize(LZ4F_compressFrame(frame.data(), frame.size(), body.data(), body.size(), nullptr));
  std::string block = Compress(kLz4Raw, body);
  // Two Hadoop blocks back to back.
  std::string half1 = body.substr(0, 1000);
  std::string half2 = body.substr(1000);
  std::string hadoop_two_blocks = Compress(kLz4, half1) + Compress(kLz4, half2);
  for (const std::string& stored : {Compress(kLz4, body), hadoop_two_blocks, frame, block}) {
    std::string file = BuildFile(
        {Column("v", kInt32, kRequired)},
        {{500,
          {Chunk({DataPageV1Stored(stored, static_cast<int32_t>(body.size()), 500, kPlain)}, 500,
                 kLz4)}}});
    std::vector<Value> want;
    for (int32_t value : values) want.push_back(Value::Int(value));
    EXPECT_EQ(ReadFile(file)[0], want);
  }
}

TEST_F(ParquetReaderTest, ReadsInt96TimestampsAsSparkDoes) {
  std::vector<std::string> values = {
      Int96(0, 2440588),                   // 1970-01-01 00:00:00
      Int96(1000, 2440589),                // one day and one microsecond later
      Int96(86'399'999'999'999, 2440587),  // one microsecond before the epoch
      Int96(43'200'000'000'000, 2451545),  // 2000-01-01 12:00:00
      Int96(999, 2440588),                 // sub-microsecond nanoseconds are dropped
  };
  std::vector<int64_t> micros = {0, 86'400'000'001, -1, 946'728'000'000'000, 0};
  std::vector<bool> valid = {true, false, true, true, true, true};
  std::string plain_chunk_body = DefinitionLevelsV1(valid) + PlainFixed(values);
  // The same values again through a dictionary.
  std::vector<uint32_t> indices = {4, 3, 2, 1, 0};
  std::string file = BuildFile(
      {Column("ts", kInt96)},
      {{12,
        {Chunk({DictionaryPage(PlainFixed(values), 5), DataPageV1(plain_chunk_body, 6, kPlain),
                DataPageV1(DefinitionLevelsV1(std::vector<bool>(6, true)) + std::string(1, '\x03') +
                               BitPackedRun({4, 3, 2, 1, 0, 0}, 3),
                           6, kRleDictionary)},
               12)}}});
  Schema schema;
  std::vector<Value> got = ReadFile(file, 4096, &schema)[0];
  EXPECT_EQ(schema.field(0).type, DataType(TypeId::kTimestamp));
  std::vector<Value> want;
  for (size_t i = 0, next = 0; i < valid.size(); ++i) {
    want.push_back(valid[i] ? Value::Timestamp(micros[next++]) : Value::Null(TypeId::kTimestamp));
  }
  for (uint32_t index : {4, 3, 2, 1, 0, 0}) want.push_back(Value::Timestamp(micros[index]));
  (void)indices;
  EXPECT_EQ(got, want);
}

TEST_F(ParquetReaderTest, ReadsDeltaEncodings) {
  std::vector<int64_t> longs = {0, std::numeric_limits<int64_t>::min(),
                                std::numeric_limits<int64_t>::max(), -1, 5};
  for (int64_t i = 0; i < 300; ++i) longs.push_back(i * i * (i % 2 == 0 ? 1 : -1));
  std::vector<int64_t> ints;
  for (int64_t value : longs) ints.push_back(static_cast<int32_t>(value));
  std::vector<std::string> strings = {"apple",  "applesauce", "apply",  "",  "b",
                                      "banana", "日本",       "日本語", "🚀", "🚀🚀"};
  for (int i = 0; i < 200; ++i) strings.push_back("key-" + std::to_string(i / 3));
  std::vector<std::string> fixed = {"aaaa", "aaab", "abcd", "zzzz", "zzzz"};
  auto rows = static_cast<int32_t>(longs.size());
  auto string_rows = static_cast<int32_t>(strings.size());
  std::vector<bool> all_valid(strings.size(), true);
  SchemaSpec fixed_column = Column("fixed", kFixedLenByteArray, kRequired);
  fixed_column.type_length = 4;
  // Each column in its own row group: the row counts differ.
  std::vector<SchemaSpec> schema = {Column("l", kInt64, kRequired), Column("i", kInt32, kRequired),
                                    StringColumn("dlba"), StringColumn("dba"), fixed_column};
  auto single = [&](size_t column, ChunkSpec chunk, int64_t num_rows) {
    std::vector<SchemaSpec> one = {schema[column]};
    return BuildFile(one, {{num_rows, {std::move(chunk)}}});
  };
  std::vector<Value> want_longs, want_ints, want_strings, want_fixed;
  for (int64_t value : longs) want_longs.push_back(Value::Long(value));
  for (int64_t value : ints) want_ints.push_back(Value::Int(static_cast<int32_t>(value)));
  for (const std::string& value : strings) want_strings.push_back(Value::String(value));
  for (const std::string& value : fixed) want_fixed.push_back(Value::Binary(value));

  EXPECT_EQ(
      ReadFile(
          single(0, Chunk({DataPageV1(DeltaBinaryPacked(longs), rows, kDeltaBinaryPacked)}, rows),
                 rows),
          7)[0],
      want_longs);
  EXPECT_EQ(
      ReadFile(
          single(1,
                 Chunk({DataPageV1(DeltaBinaryPacked(ints, 32, 256, 8), rows, kDeltaBinaryPacked)},
                       rows),
                 rows),
          100)[0],
      want_ints);
  EXPECT_EQ(
      ReadFile(
          single(2,
                 Chunk({DataPageV1(DefinitionLevelsV1(all_valid) + DeltaLengthByteArray(strings),
                                   string_rows, kDeltaLengthByteArray)},
                       string_rows),
                 string_rows),
          3)[0],
      want_strings);
  EXPECT_EQ(ReadFile(single(3,
                            Chunk({DataPageV2(RleRuns(std::vector<uint32_t>(strings.size(), 1), 1),
                                              DeltaByteArray(strings), string_rows, 0,
                                              kDeltaByteArray, kSnappy)},
                                  string_rows, kSnappy),
                            string_rows),
                     11)[0],
            want_strings);
  EXPECT_EQ(
      ReadFile(single(4, Chunk({DataPageV1(DeltaByteArray(fixed), 5, kDeltaByteArray)}, 5), 5),
               2)[0],
      want_fixed);
}

TEST_F(ParquetReaderTest, ReadsByteStreamSplitOfEveryWidth) {
  std::vector<float> floats = {1.5f, -0.0f, std::numeric_limits<float>::infinity(), 3.25e-20f};
  std::vector<double> doubles = {1.5, -2.25, 1e300, -0.0};
  std::vector<int32_t> ints = {1, -1, 1 << 30, 7};
  std::vector<int64_t> longs = {1, -1, 1LL << 60, 7};
  // FIXED_LEN_BYTE_ARRAY(4) decimal(9,2): big-endian unscaled values.
  std::vector<std::string> decimals = {
      std::string("\x00\x00\x01\x00", 4), std::string("\xFF\xFF\xFF\xFF", 4),
      std::string("\x7F\xFF\xFF\xFF", 4), std::string("\x80\x00\x00\x00", 4)};
  SchemaSpec decimal = Column("dec", kFixedLenByteArray, kRequired);
  decimal.type_length = 4;
  decimal.converted_type = 5;
  decimal.scale = 2;
  decimal.precision = 9;
  auto page = [](const std::string& plain, size_t width) {
    return DataPageV1(ByteStreamSplit(plain, width), 4, kByteStreamSplit);
  };
  std::string file =
      BuildFile({Column("f", kFloat, kRequired), Column("d", kDouble, kRequired),
                 Column("i", kInt32, kRequired), Column("l", kInt64, kRequired), decimal},
                {{4,
                  {Chunk({page(Plain(floats), 4)}, 4), Chunk({page(Plain(doubles), 8)}, 4),
                   Chunk({page(Plain(ints), 4)}, 4), Chunk({page(Plain(longs), 8)}, 4),
                   Chunk({page(PlainFixed(decimals), 4)}, 4)}}});
  std::vector<std::vector<Value>> values = ReadFile(file, 3);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(std::memcmp(&values[0][i].Get<float>(), &floats[i], 4), 0) << i;
    EXPECT_EQ(std::memcmp(&values[1][i].Get<double>(), &doubles[i], 8), 0) << i;
    EXPECT_EQ(values[2][i], Value::Int(ints[i]));
    EXPECT_EQ(values[3][i], Value::Long(longs[i]));
  }
  DataType type = DataType::Decimal(9, 2);
  EXPECT_EQ(values[4],
            (std::vector<Value>{Value::Decimal(256, type), Value::Decimal(-1, type),
                                Value::Decimal(INT32_MAX, type), Value::Decimal(INT32_MIN, type)}));
}

TEST_F(ParquetReaderTest, ReadsRleBooleansAndBitPackedLevels) {
  std::vector<bool> flags = {true, false, false, true, true, true, true, true, true, false};
  std::vector<uint32_t> bits(flags.begin(), flags.end());
  std::vector<bool> valid = {true, false, true, true, true, true, true, true, true, true, true};
  std::string file = BuildFile(
      {Column("b", kBoolean)},
      {{33,
        {Chunk({DataPageV1(DefinitionLevelsV1(valid) + WithLength(RleRuns(bits, 1)), 11, kRle),
                DataPageV2(RleRuns(std::vector<uint32_t>(11, 1), 1),
                           WithLength(BitPackedRun({1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1}, 1)), 11, 0,
                           kRle),
                DataPageV1(DefinitionLevelsBitPacked(valid) + PlainBooleans(flags), 11, kPlain,
                           kUncompressed, kBitPacked)},
               33)}}});
  std::vector<Value> want;
  for (size_t i = 0, next = 0; i < valid.size(); ++i) {
    want.push_back(valid[i] ? Value::Boolean(flags[next++]) : Value::Null(TypeId::kBoolean));
  }
  for (int bit : {1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1}) want.push_back(Value::Boolean(bit == 1));
  for (size_t i = 0, next = 0; i < valid.size(); ++i) {
    want.push_back(valid[i] ? Value::Boolean(flags[next++]) : Value::Null(TypeId::kBoolean));
  }
  EXPECT_EQ(ReadFile(file, 5)[0], want);
}

TEST_F(ParquetReaderTest, ReadsBinaryBsonAndByteArrayDecimals) {
  SchemaSpec bson = Column("bson", kByteArray);
  bson.converted_type = 20;
  SchemaSpec raw = Column("raw", kFixedLenByteArray);
  raw.type_length = 3;
  SchemaSpec decimal = Column("dec", kByteArray);
  decimal.logical_type = LogicalTypeSpec{.member = 5, .scale = 2, .precision = 38};
  SchemaSpec fixed_decimal = Column("fixed_dec", kFixedLenByteArray);
  fixed_decimal.type_length = 5;
  fixed_decimal.converted_type = 5;
  fixed_decimal.scale = 3;
  fixed_decimal.precision = 11;
  std::vector<std::string> decimals = {
      std::string("\x01", 1),      // 1
      std::string("\xFF", 1),      // -1
      std::string("\x00\x80", 2),  // 128
      std::string("\xFF\x7F", 2),  // -129
      "",                          // 0
      std::string(17, '\xFF'),     // -1 sign-extended to 17 bytes
      std::string("\x4B\x3B\x4C\xA8\x5A\x86\xC4\x7A\x09\x8A\x22\x3F\xFF\xFF\xFF\xFF", 16),
  };
  std::vector<bool> all(decimals.size(), true);
  auto rows = static_cast<int32_t>(decimals.size());
  std::vector<std::string> blobs = {std::string("\x00\x01", 2), "", "bson", "x", "y", "z", "w"};
  std::vector<std::string> triples = {"abc", std::string("\0\0\0", 3), "xyz", "aaa", "bbb", "ccc",
                                      "ddd"};
  std::vector<std::string> fixed_decimals(7, std::string("\xFF\xFF\xFF\xFF\x85", 5));  // -123
  std::string file = BuildFile(
      {bson, raw, decimal, fixed_decimal},
      {{rows,
        {Chunk({DataPageV1(DefinitionLevelsV1(all) + PlainByteArrays(blobs), rows, kPlain)}, rows),
         Chunk({DataPageV1(DefinitionLevelsV1(all) + PlainFixed(triples), rows, kPlain)}, rows),
         Chunk({DataPageV1(DefinitionLevelsV1(all) + PlainByteArrays(decimals), rows, kPlain)},
               rows),
         Chunk({DataPageV1(DefinitionLevelsV1(all) + PlainFixed(fixed_decimals), rows, kPlain)},
               rows)}}});
  Schema schema;
  std::vector<std::vector<Value>> values = ReadFile(file, 4096, &schema);
  EXPECT_EQ(schema.SimpleString(),
            "struct<bson:binary,raw:binary,dec:decimal(38,2),fixed_dec:decimal(11,3)>");
  EXPECT_EQ(values[0][0], Value::Binary(std::string("\x00\x01", 2)));
  EXPECT_EQ(values[0][1], Value::Binary(""));
  EXPECT_EQ(values[1][1], Value::Binary(std::string("\0\0\0", 3)));
  DataType type = DataType::Decimal(38, 2);
  int128_t big = (static_cast<int128_t>(0x4B3B4CA85A86C47ALL) << 64) |
                 static_cast<int128_t>(0x098A223FFFFFFFFFULL);
  EXPECT_EQ(values[2], (std::vector<Value>{Value::Decimal(1, type), Value::Decimal(-1, type),
                                           Value::Decimal(128, type), Value::Decimal(-129, type),
                                           Value::Decimal(0, type), Value::Decimal(-1, type),
                                           Value::Decimal(big, type)}));
  EXPECT_EQ(values[3][0], Value::Decimal(-123, DataType::Decimal(11, 3)));
}

TEST_F(ParquetReaderTest, MapsLogicalTypesAsSparkDoes) {
  struct Case {
    int32_t physical;
    LogicalTypeSpec logical;
    std::string stored;  // one PLAIN value
    std::string type;
    std::string value;  // Value::ToString of what is read
  };
  auto integer = [](int8_t bits, bool is_signed) {
    return LogicalTypeSpec{.member = 10, .bit_width = bits, .is_signed = is_signed};
  };
  auto timestamp = [](int16_t unit, bool utc) {
    return LogicalTypeSpec{.member = 8, .adjusted_to_utc = utc, .unit = unit};
  };
  std::vector<Case> cases = {
      {kInt32, integer(8, true), Bytes<int32_t>(-5), "tinyint", "-5"},
      {kInt32, integer(16, true), Bytes<int32_t>(-300), "smallint", "-300"},
      {kInt32, integer(8, false), Bytes<int32_t>(255), "smallint", "255"},
      {kInt32, integer(16, false), Bytes<int32_t>(65535), "int", "65535"},
      {kInt32, integer(32, false), Bytes<int32_t>(-1), "bigint", "4294967295"},
      {kInt64, integer(64, false), Bytes<int64_t>(-1), "decimal(20,0)", "18446744073709551615"},
      {kInt64, integer(64, true), Bytes<int64_t>(-1), "bigint", "-1"},
      {kInt32, LogicalTypeSpec{.member = 6}, Bytes<int32_t>(-1), "date", "1969-12-31"},
      {kInt64, timestamp(1, true), Bytes<int64_t>(-1), "timestamp", "1969-12-31 23:59:59.999"},
      {kInt64, timestamp(2, false), Bytes<int64_t>(1), "timestamp", "1970-01-01 00:00:00.000001"},
      {kInt64, timestamp(3, true), Bytes<int64_t>(-1), "timestamp", "1969-12-31 23:59:59.999999"},
      {kInt32, LogicalTypeSpec{.member = 5, .scale = 3, .precision = 9}, Bytes<int32_t>(-12345),
       "decimal(9,3)", "-12.345"},
      {kInt64, LogicalTypeSpec{.member = 5, .scale = 0, .precision = 18}, Bytes<int64_t>(7),
       "decimal(18,0)", "7"},
      {kByteArray, LogicalTypeSpec{.member = 1}, PlainByteArrays({"s"}), "string", "s"},
      {kByteArray, LogicalTypeSpec{.member = 4}, PlainByteArrays({"e"}), "string", "e"},
      {kByteArray, LogicalTypeSpec{.member = 12}, PlainByteArrays({"{}"}), "string", "{}"},
      {kByteArray, LogicalTypeSpec{.member = 13}, PlainByteArrays({"b"}), "binary", "b"},
  };
  for (const Case& test : cases) {
    SchemaSpec column = Column("c", test.physical, kRequired);
    column.logical_type = test.logical;
    std::string file = BuildFile({column}, {{1, {Chunk({DataPageV1(test.stored, 1, kPlain)}, 1)}}});
    Schema schema;
    std::vector<std::vector<Value>> values = ReadFile(file, 4096, &schema);
    EXPECT_EQ(schema.field(0).type.SimpleString(), test.type) << test.type;
    ASSERT_EQ(values[0].size(), 1u);
    EXPECT_EQ(values[0][0].ToString(), test.value) << test.type;
  }
}

TEST_F(ParquetReaderTest, TimestampsOutOfRangeFailNamingTheColumn) {
  SchemaSpec column = Column("ts", kInt64, kRequired);
  column.converted_type = 9;  // TIMESTAMP_MILLIS
  std::string path = Write(BuildFile(
      {column},
      {{1,
        {Chunk({DataPageV1(Plain<int64_t>({std::numeric_limits<int64_t>::max()}), 1, kPlain)},
               1)}}}));
  Error error = CaptureError([&] { ParquetFileReader::Open(path)->ReadRowGroup(0, {0}, 10); });
  EXPECT_EQ(error.kind(), ErrorKind::kExecution) << error.what();
  EXPECT_NE(error.message().find("`ts`"), std::string::npos) << error.what();
  EXPECT_NE(error.message().find(path), std::string::npos) << error.what();
}

/// A LogicalType member newer than the reader leaves the ConvertedType in charge.
TEST_F(ParquetReaderTest, FallsBackToTheConvertedTypeForUnknownLogicalTypes) {
  SchemaSpec column = StringColumn("s", kRequired);
  column.logical_type = LogicalTypeSpec{.member = 40};
  std::string file =
      BuildFile({column}, {{1, {Chunk({DataPageV1(PlainByteArrays({"x"}), 1, kPlain)}, 1)}}});
  Schema schema;
  EXPECT_EQ(ReadFile(file, 4096, &schema)[0][0], Value::String("x"));
}

TEST_F(ParquetReaderTest, ConvertsStatisticsAsSparkTrustsThem) {
  SchemaSpec unsigned_column = Column("u", kInt32, kRequired);
  unsigned_column.converted_type = 13;  // UINT_32
  std::vector<SchemaSpec> schema = {
      Column("i", kInt32, kRequired), StringColumn("s", kRequired),   unsigned_column,
      Column("f", kFloat, kRequired), Column("l", kInt64, kRequired), StringColumn("t", kRequired)};
  auto chunk = [](Page page) { return Chunk({std::move(page)}, 1); };
  ChunkSpec ints = chunk(DataPageV1(Plain<int32_t>({5}), 1, kPlain));
  ints.min_value = Bytes<int32_t>(-3);
  ints.max_value = Bytes<int32_t>(9);
  ints.null_count = 0;
  ChunkSpec strings = chunk(DataPageV1(PlainByteArrays({"m"}), 1, kPlain));
  strings.legacy_min = "a";  // deprecated and wrongly ordered for strings: ignored
  strings.legacy_max = "z";
  ChunkSpec unsigned_ints = chunk(DataPageV1(Plain<int32_t>({-1}), 1, kPlain));
  unsigned_ints.legacy_min = Bytes<int32_t>(-1);  // signed order: ignored
  unsigned_ints.legacy_max = Bytes<int32_t>(0);
  unsigned_ints.null_count = 0;
  ChunkSpec floats = chunk(DataPageV1(Plain<float>({1}), 1, kPlain));
  floats.min_value = Bytes<float>(0.5f);
  floats.max_value = Bytes<float>(std::nanf(""));  // NaN bounds are dropped
  ChunkSpec longs = chunk(DataPageV1(Plain<int64_t>({1}), 1, kPlain));
  longs.legacy_min = Bytes<int64_t>(-10);  // deprecated but right for signed numbers
  longs.legacy_max = Bytes<int64_t>(10);
  longs.null_count = 3;
  ChunkSpec text = chunk(DataPageV1(PlainByteArrays({"m"}), 1, kPlain));
  text.min_value = "alpha";
  text.max_value = "🚀";
  std::string file = BuildFile(schema, {{1, {ints, strings, unsigned_ints, floats, longs, text}}});
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(Write(file));
  ASSERT_EQ(reader->row_groups().size(), 1u);
  const std::vector<ParquetColumnStatistics>& statistics =
      reader->row_groups()[0].column_statistics;
  EXPECT_EQ(statistics[0].min, Value::Int(-3));
  EXPECT_EQ(statistics[0].max, Value::Int(9));
  EXPECT_EQ(statistics[0].null_count, 0);
  EXPECT_FALSE(statistics[1].min || statistics[1].max || statistics[1].null_count);
  EXPECT_FALSE(statistics[2].min || statistics[2].max);
  EXPECT_EQ(statistics[2].null_count, 0);
  EXPECT_FALSE(statistics[3].min || statistics[3].max);
  EXPECT_EQ(statistics[4].min, Value::Long(-10));
  EXPECT_EQ(statistics[4].max, Value::Long(10));
  EXPECT_EQ(statistics[4].null_count, 3);
  EXPECT_EQ(statistics[5].min, Value::String("alpha"));
  EXPECT_EQ(statistics[5].max, Value::String("🚀"));
  EXPECT_EQ(reader->row_groups()[0].num_rows, 1);
  EXPECT_EQ(reader->row_groups()[0].start_offset, 4);
  EXPECT_EQ(reader->created_by(), "ember parquet_test_writer");
}

/// Types Spark rejects fail at Open with AnalysisException naming the column and the type.
TEST_F(ParquetReaderTest, RejectsTypesSparkCannotRead) {
  struct Case {
    SchemaSpec column;
    std::string error_class;
    std::string type_text;
  };
  auto with_logical = [](int32_t physical, LogicalTypeSpec logical, int32_t length = 0) {
    SchemaSpec column = Column("bad", physical);
    column.logical_type = logical;
    column.type_length = length;
    return column;
  };
  auto with_converted = [](int32_t physical, int32_t converted, int32_t length = 0) {
    SchemaSpec column = Column("bad", physical);
    column.converted_type = converted;
    column.type_length = length;
    return column;
  };
  std::vector<Case> cases = {
      {with_logical(kInt64, {.member = 7, .unit = 2}), "PARQUET_TYPE_ILLEGAL",
       "INT64 (TIME(MICROS,true))"},
      {with_converted(kInt32, 7), "PARQUET_TYPE_ILLEGAL", "INT32 (TIME(MILLIS,true))"},
      {with_converted(kFixedLenByteArray, 21, 12), "PARQUET_TYPE_NOT_SUPPORTED",
       "FIXED_LEN_BYTE_ARRAY(12) (INTERVAL)"},
      {with_logical(kFixedLenByteArray, {.member = 14}, 16), "PARQUET_TYPE_ILLEGAL", "(UUID)"},
      {with_logical(kInt32, {.member = 8, .unit = 1}), "PARQUET_TYPE_NOT_SUPPORTED",
       "INT32 (TIMESTAMP(MILLIS,true))"},
      {with_logical(kInt32, {.member = 5, .scale = 0, .precision = 10}), "PARQUET_TYPE_ILLEGAL",
       "DECIMAL(10,0)"},
      {with_logical(kFixedLenByteArray, {.member = 5, .scale = 0, .precision = 10}, 4),
       "PARQUET_TYPE_ILLEGAL", "DECIMAL(10,0)"},
      {with_logical(kByteArray, {.member = 5, .scale = 0, .precision = 39}), "PARQUET_TYPE_ILLEGAL",
       "DECIMAL(39,0)"},
      {with_logical(kFixedLenByteArray, {.member = 1}, 3), "PARQUET_TYPE_ILLEGAL", "(STRING)"},
      {with_logical(kInt64, {.member = 10, .bit_width = 32}), "PARQUET_TYPE_ILLEGAL",
       "INTEGER(32,true)"},
      {with_converted(kInt96, 0), "PARQUET_TYPE_ILLEGAL", "INT96 (STRING)"},
  };
  for (const Case& test : cases) {
    std::string path = Write(BuildFile({Column("ok", kInt32), test.column}, {}));
    Error error = CaptureError([&] { ParquetFileReader::Open(path); });
    EXPECT_EQ(error.kind(), ErrorKind::kAnalysis) << error.what();
    EXPECT_EQ(error.error_class(), test.error_class) << error.what();
    EXPECT_NE(error.message().find("`bad`"), std::string::npos) << error.what();
    EXPECT_NE(error.message().find(path), std::string::npos) << error.what();
    EXPECT_NE(error.message().find(test.type_text), std::string::npos) << error.what();
  }
}

TEST_F(ParquetReaderTest, RejectsNestedColumnsNamingThem) {
  SchemaSpec group;
  group.name = "point";
  group.num_children = 2;
  SchemaSpec list;
  list.name = "tags";
  list.num_children = 1;
  list.converted_type = 3;  // LIST
  SchemaSpec repeated_group;
  repeated_group.name = "list";
  repeated_group.repetition = kRepeated;
  repeated_group.num_children = 1;
  SchemaSpec map;
  map.name = "attributes";
  map.num_children = 1;
  map.converted_type = 1;  // MAP
  struct Case {
    std::vector<SchemaSpec> schema;
    int32_t root_children;
    std::string column;
    std::string kind;
  };
  std::vector<Case> cases = {
      {{Column("id", kInt64), group, Column("x", kDouble), Column("y", kDouble)},
       2,
       "point",
       "struct"},
      {{list, repeated_group, Column("element", kByteArray)}, 1, "tags", "array"},
      {{Column("id", kInt64), Column("legacy", kInt32, kRepeated)}, 2, "legacy", "array"},
      {{map, repeated_group, Column("key", kByteArray, kRequired)}, 1, "attributes", "map"},
  };
  for (const Case& test : cases) {
    std::string path = Write(BuildFile(test.schema, {}, test.root_children));
    Error error = CaptureError([&] { ParquetFileReader::Open(path); });
    EXPECT_EQ(error.kind(), ErrorKind::kNotImplemented) << error.what();
    EXPECT_NE(error.message().find("`" + test.column + "`"), std::string::npos) << error.what();
    EXPECT_NE(error.message().find("(" + test.kind + ")"), std::string::npos) << error.what();
    EXPECT_NE(error.message().find("not supported yet"), std::string::npos) << error.what();
  }
}

TEST_F(ParquetReaderTest, RejectsUnsupportedEncodingsAndCodecs) {
  std::string alp = BuildFile({Column("d", kDouble, kRequired)},
                              {{1, {Chunk({DataPageV1(Plain<double>({1}), 1, 10)}, 1)}}});
  Error encoding = ReadError(alp);
  EXPECT_EQ(encoding.kind(), ErrorKind::kNotImplemented) << encoding.what();
  EXPECT_NE(encoding.message().find("ALP"), std::string::npos) << encoding.what();
  EXPECT_NE(encoding.message().find("`d`"), std::string::npos) << encoding.what();

  std::string lzo =
      BuildFile({Column("d", kDouble, kRequired)},
                {{1, {Chunk({DataPageV1Stored(Plain<double>({1}), 8, 1, kPlain)}, 1, kLzo)}}});
  Error codec = ReadError(lzo);
  EXPECT_EQ(codec.kind(), ErrorKind::kNotImplemented) << codec.what();
  EXPECT_NE(codec.message().find("LZO"), std::string::npos) << codec.what();
}

// ---- Corrupt files ----

/// Returns a small valid file with a dictionary, optional values and two row groups.
std::string ValidFile() {
  std::vector<std::string> dictionary = {"one", "two", "three"};
  std::vector<bool> valid = {true, false, true, true};
  auto group = [&](int32_t codec) {
    return RowGroupSpec{
        4,
        {Chunk({DataPageV1(Plain<int64_t>({1, 2, 3, 4}), 4, kPlain, codec)}, 4, codec),
         Chunk(
             {DictionaryPage(PlainByteArrays(dictionary), 3, codec),
              DataPageV1(DefinitionLevelsV1(valid) + std::string(1, '\x02') + RleRuns({0, 1, 2}, 2),
                         4, kRleDictionary, codec)},
             4, codec)}};
  };
  return BuildFile({Column("id", kInt64, kRequired), StringColumn("s")},
                   {group(kUncompressed), group(kSnappy)});
}

/// Expects an IOException whose message names the file (and `detail`, when given).
#define EXPECT_CORRUPT(error, path, detail)                                           \
  do {                                                                                \
    Error captured = (error);                                                         \
    EXPECT_EQ(captured.kind(), ErrorKind::kIo) << captured.what();                    \
    EXPECT_NE(captured.message().find(path), std::string::npos) << captured.what();   \
    EXPECT_NE(captured.message().find(detail), std::string::npos) << captured.what(); \
  } while (false)

TEST_F(ParquetReaderTest, ValidFileReads) {
  std::vector<std::vector<Value>> values = ReadFile(ValidFile());
  EXPECT_EQ(values[0].size(), 8u);
  EXPECT_EQ(values[1][2], Value::String("two"));
}

TEST_F(ParquetReaderTest, ServesSeveralThreadsFromOneReader) {
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(Write(ValidFile()));
  std::vector<std::thread> threads;
  std::vector<size_t> rows(8, 0);
  for (size_t t = 0; t < rows.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        for (const BatchPtr& batch : reader->ReadRowGroup(t % 2, {1, 0}, 3)) {
          rows[t] += batch->num_rows();
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(rows, std::vector<size_t>(8, 200));
}

TEST_F(ParquetReaderTest, TruncatedFilesFailNamingTheFile) {
  std::string file = ValidFile();
  for (size_t size = 0; size < file.size(); ++size) {
    std::string path = Write(file.substr(0, size));
    EXPECT_CORRUPT(CaptureError([&] { ParquetFileReader::Open(path); }), path, "");
    fs::remove(path);
  }
}

TEST_F(ParquetReaderTest, BadMagicFailsNamingTheFile) {
  std::string file = ValidFile();
  std::string bad_tail = file;
  bad_tail.replace(bad_tail.size() - 4, 4, "PAR2");
  std::string path = Write(bad_tail);
  EXPECT_CORRUPT(CaptureError([&] { ParquetFileReader::Open(path); }), path, "PAR1");
  std::string bad_head = file;
  bad_head.replace(0, 4, "ABCD");
  path = Write(bad_head);
  EXPECT_CORRUPT(CaptureError([&] { ParquetFileReader::Open(path); }), path, "ABCD");
  path = Write("not a parquet file at all, just some text");
  EXPECT_CORRUPT(CaptureError([&] { ParquetFileReader::Open(path); }), path, "magic");
}

TEST_F(ParquetReaderTest, CorruptFooterLengthFailsNamingTheFile) {
  std::string file = ValidFile();
  uint32_t real_length;
  std::memcpy(&real_length, file.data() + file.size() - 8, 4);
  for (uint32_t length : {uint32_t{0xFFFFFFFF}, static_cast<uint32_t>(file.size() - 11),
                          real_length - 7, real_length + 5, uint32_t{0}, uint32_t{1}}) {
    std::string corrupt = file;
    std::memcpy(corrupt.data() + corrupt.size() - 8, &length, 4);
    std::string path = Write(corrupt);
    EXPECT_CORRUPT(CaptureError([&] { ReadFile(corrupt); }), "ember-parquet-test-", "");
    EXPECT_CORRUPT(CaptureError([&] { ParquetFileReader::Open(path); }), path, "footer");
  }
}

TEST_F(ParquetReaderTest, CorruptPageHeadersFailNamingFileColumnAndOffset) {
  std::vector<int32_t> values = {1, 2, 3};
  auto file_with = [&](std::vector<Page> pages) {
    return BuildFile({Column("v", kInt32, kRequired)}, {{3, {Chunk(std::move(pages), 3)}}});
  };
  // Garbage where the header is.
  std::string garbage = file_with({{std::string(40, '\xFF'), false}});
  Error error = ReadError(garbage);
  EXPECT_CORRUPT(error, "ember-parquet-test-", "`v`");
  EXPECT_NE(error.message().find("byte offset 4"), std::string::npos) << error.what();
  // A header claiming more bytes than the chunk has, or a negative size.
  for (auto [uncompressed, compressed] :
       std::vector<std::pair<int32_t, int32_t>>{{12, 1000}, {-1, 12}, {12, -5}, {2000000000, 12}}) {
    Page header = PageHeaderOnly(0, uncompressed, compressed, 3, kPlain);
    std::string file = file_with({{header.bytes + Plain(values), false}});
    EXPECT_CORRUPT(ReadError(file), "ember-parquet-test-", "byte offset 4");
  }
  // A data page without its DataPageHeader, and an unknown field type inside the header.
  EXPECT_CORRUPT(ReadError(file_with(
                     {{std::string("\x15\x00\x15\x18\x15\x18\x00", 7) + Plain(values), false}})),
                 "ember-parquet-test-", "DataPageHeader");
  EXPECT_CORRUPT(ReadError(file_with({{std::string("\x1E\x00", 2) + Plain(values), false}})),
                 "ember-parquet-test-", "Thrift");
}

TEST_F(ParquetReaderTest, CorruptPageDataFailsNamingFileAndColumn) {
  auto one_column = [](SchemaSpec column, std::vector<Page> pages, int64_t rows) {
    return BuildFile({std::move(column)}, {{rows, {Chunk(std::move(pages), rows)}}});
  };
  std::vector<std::string> cases = {
      // Dictionary index 5 of a 2-value dictionary.
      one_column(Column("v", kInt32, kRequired),
                 {DictionaryPage(Plain<int32_t>({1, 2}), 2),
                  DataPageV1(std::string(1, '\x03') + RleRuns({5}, 3), 1, kRleDictionary)},
                 1),
      // Dictionary-encoded page without a dictionary.
      one_column(Column("v", kInt32, kRequired),
                 {DataPageV1(std::string(1, '\x01') + RleRuns({0}, 1), 1, kRleDictionary)}, 1),
      // Fewer PLAIN values than the page claims.
      one_column(Column("v", kInt64, kRequired), {DataPageV1(Plain<int64_t>({1}), 2, kPlain)}, 2),
      // The chunk holds fewer rows than the row group.
      one_column(Column("v", kInt64, kRequired), {DataPageV1(Plain<int64_t>({1}), 1, kPlain)}, 5),
      // Definition levels that run out, and one above the maximum.
      one_column(Column("v", kInt64), {DataPageV1(WithLength(RleRuns({1}, 1)), 3, kPlain)}, 3),
      one_column(Column("v", kInt64),
                 {DataPageV1(WithLength(RleRuns({2}, 2)) + Plain<int64_t>({1}), 1, kPlain)}, 1),
      // A byte array longer than the page.
      one_column(StringColumn("v", kRequired),
                 {DataPageV1(std::string("\xFF\x00\x00\x00xyz", 7), 1, kPlain)}, 1),
      // Corrupt compressed data.
      BuildFile(
          {Column("v", kInt32, kRequired)},
          {{1, {Chunk({DataPageV1Stored(std::string(9, '\x7F'), 4, 1, kPlain)}, 1, kSnappy)}}}),
      // A DELTA_BINARY_PACKED header with an invalid block size.
      one_column(Column("v", kInt64, kRequired),
                 {DataPageV1(std::string("\x07\x01\x01\x00", 4), 1, kDeltaBinaryPacked)}, 1),
  };
  for (const std::string& file : cases) {
    Error error = ReadError(file);
    EXPECT_CORRUPT(error, "ember-parquet-test-", "`v`");
    EXPECT_NE(error.message().find("byte offset"), std::string::npos) << error.what();
  }
}

/// Flips bytes of valid files at random: each read must succeed or fail with an ember::Error,
/// never crash, hang or fail an internal check.
TEST_F(ParquetReaderTest, SurvivesRandomCorruption) {
  std::vector<std::string> files = {ValidFile()};
  std::vector<int64_t> longs;
  for (int64_t i = 0; i < 300; ++i) longs.push_back(i * 7919 % 1000);
  std::vector<std::string> strings;
  for (int i = 0; i < 300; ++i) strings.push_back("v" + std::to_string(i % 40));
  std::vector<bool> valid(300, true);
  for (size_t i = 0; i < 300; i += 7) valid[i] = false;
  files.push_back(BuildFile(
      {Column("l", kInt64), StringColumn("s"), StringColumn("t", kRequired)},
      {{300,
        {Chunk({DataPageV2(BitPackedRun(std::vector<uint32_t>(valid.begin(), valid.end()), 1),
                           DeltaBinaryPacked(NonNull(longs, valid)), 300, 43, kDeltaBinaryPacked,
                           kZstd)},
               300, kZstd),
         Chunk({DataPageV1(DefinitionLevelsV1(valid) + DeltaByteArray(NonNull(strings, valid)), 300,
                           kDeltaByteArray, kGzip)},
               300, kGzip),
         Chunk({DataPageV1(DeltaLengthByteArray(strings), 300, kDeltaLengthByteArray, kLz4)}, 300,
               kLz4)}}}));
  std::mt19937 random(20240611);
  int succeeded = 0;
  int failed = 0;
  for (const std::string& file : files) {
    ASSERT_NO_THROW(ReadFile(file));
    for (int round = 0; round < 1500; ++round) {
      std::string corrupt = file;
      int flips = 1 + static_cast<int>(random() % 4);
      for (int f = 0; f < flips; ++f) {
        corrupt[random() % corrupt.size()] = static_cast<char>(random());
      }
      try {
        ReadFile(corrupt, 1 + random() % 64);
        ++succeeded;
      } catch (const Error& error) {
        ASSERT_NE(error.kind(), ErrorKind::kInternal) << error.what();
        ++failed;
      }
      for (const std::string& path : paths_) fs::remove(path);
      paths_.clear();
    }
  }
  EXPECT_GT(failed, 0);
  EXPECT_GT(succeeded, 0);
}

}  // namespace
}  // namespace ember

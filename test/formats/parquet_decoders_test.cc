// Tests of the Parquet decoders' building blocks on hand-made bytes: Thrift skipping of unknown
// fields and its limits, the RLE/bit-packed hybrid and DELTA_BINARY_PACKED edge cases, and the
// decimal and INT96 conversions.

#include <gtest/gtest.h>

#include <limits>
#include <string>
#include <vector>

#include "ember/formats/parquet/internal/decoders.h"
#include "ember/formats/parquet/internal/metadata.h"
#include "ember/formats/parquet/internal/value_conversion.h"
#include "parquet_test_writer.h"

namespace ember::parquet {
namespace {

using parquet_test::ThriftWriter;

TEST(ThriftCompactWriterTest, ReaderDecodesWhatTheWriterEncodes) {
  ThriftCompactWriter writer;
  writer.BeginStruct();
  writer.FieldI32(1, -7);
  writer.FieldI64(3, std::numeric_limits<int64_t>::min());
  writer.FieldBool(4, true);
  writer.FieldBool(5, false);
  writer.FieldBinary(40, "far field");         // a delta above 15 needs the long header
  writer.FieldList(41, ThriftType::kI32, 20);  // 15 or more elements need a varint size
  for (int i = 0; i < 20; ++i) writer.ElementI32(i * 1000);
  writer.FieldStruct(42);
  writer.FieldByte(1, -3);
  writer.EndStruct();
  writer.EndStruct();
  const std::string& bytes = writer.bytes();
  ThriftCompactReader reader(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), 0);
  std::vector<std::string> seen;
  reader.ReadStruct([&](int16_t id, ThriftType type) {
    switch (id) {
      case 1:
        seen.push_back("i32 " + std::to_string(reader.ReadI32()));
        return true;
      case 3:
        seen.push_back("i64 " + std::to_string(reader.ReadI64()));
        return true;
      case 4:
      case 5:
        seen.push_back(ThriftCompactReader::FieldBool(type) ? "true" : "false");
        return true;
      case 40:
        seen.push_back(std::string(reader.ReadBinary()));
        return true;
      case 41: {
        int64_t total = 0;
        reader.ReadList(ThriftType::kI32, [&] { total += reader.ReadI32(); });
        seen.push_back("list " + std::to_string(total));
        return true;
      }
      case 42:
        reader.ReadStruct([&](int16_t inner, ThriftType) {
          seen.push_back("byte " + std::to_string(inner) + " " + std::to_string(reader.ReadByte()));
          return true;
        });
        return true;
      default:
        return false;
    }
  });
  EXPECT_EQ(reader.position(), bytes.size());
  EXPECT_EQ(seen, (std::vector<std::string>{"i32 -7", "i64 -9223372036854775808", "true", "false",
                                            "far field", "list 190000", "byte 1 -3"}));
}

const uint8_t* Data(const std::string& bytes) {
  return reinterpret_cast<const uint8_t*>(bytes.data());
}

/// Returns the encoded value of every compact type, as an unknown field would carry it.
std::vector<std::pair<uint8_t, std::string>> ValuesOfEveryType() {
  return {
      {1, ""},                                          // bool true: no bytes in a field
      {2, ""},                                          // bool false
      {3, "\x7F"},                                      // byte
      {4, "\xFE\x03"},                                  // i16
      {5, "\xFF\xFF\xFF\xFF\x0F"},                      // i32
      {6, "\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x01"},  // i64, ten bytes
      {7, std::string(8, '\x11')},                      // double
      {8,
       "\x03"
       "abc"},                                                   // binary
      {9, "\x35\x02\x04\x06"},                                   // list<i32> of 3
      {9, "\x21\x01"},                                           // list<bool> of 2... one byte each
      {10, std::string("\xF8\x10", 2) + std::string(16, '\0')},  // set<binary> of 16 empty
      {11, "\x02\x85\x03xyz\x04\x03uvw\x06"},                    // map<binary, i32> of 2
      {11, std::string(1, '\0')},                                // empty map
      {12, std::string("\x15\x02\x19\x1C\x15\x04\x00\x00", 8)},  // {i32, list<{i32}>}
      {13, std::string(16, '\x22')},                             // uuid
  };
}

/// Unknown fields of every type, before, between and after the known ones and inside nested
/// structs, are skipped without disturbing what is read.
TEST(ThriftCompactTest, SkipsUnknownFieldsOfEveryType) {
  // list<bool> of 2 needs 2 element bytes.
  std::vector<std::pair<uint8_t, std::string>> unknown = ValuesOfEveryType();
  unknown[9].second = "\x21\x01\x02";
  ThriftWriter out;
  out.BeginStruct();
  int16_t id = 10;
  auto add_unknown = [&] {
    for (const auto& [type, value] : unknown) out.RawField(id++, type, value);
  };
  out.FieldI32(1, 2);
  out.FieldList(2, 12, 2);
  out.ElementStruct();
  out.FieldBinary(4, "root");
  out.FieldI32(5, 1);
  out.RawField(99, 12, std::string("\x18\x01x\x00", 4));  // an unknown struct with a field
  out.EndStruct();
  out.ElementStruct();
  out.FieldI32(1, 1);
  out.FieldI32(3, 1);
  out.FieldBinary(4, "c");
  out.RawField(-3, 5, "\x02");  // negative field ids exist in the wild
  out.EndStruct();
  out.FieldI64(3, 42);
  add_unknown();
  out.FieldList(4, 12, 0);
  add_unknown();
  out.FieldBinary(6, "writer");
  id = 300;
  add_unknown();
  out.EndStruct();
  const std::string& bytes = out.bytes();
  FileMetaData meta = ReadFileMetaData(Data(bytes), bytes.size(), 100);
  EXPECT_EQ(meta.version, 2);
  ASSERT_EQ(meta.schema.size(), 2u);
  EXPECT_EQ(meta.schema[0].name, "root");
  EXPECT_EQ(meta.schema[0].num_children, 1);
  EXPECT_EQ(meta.schema[1].name, "c");
  EXPECT_EQ(meta.schema[1].type, 1);
  EXPECT_EQ(meta.num_rows, 42);
  EXPECT_TRUE(meta.row_groups.empty());
  EXPECT_EQ(meta.created_by, "writer");
}

void ExpectCorrupt(const std::string& bytes, const std::string& detail) {
  try {
    ReadFileMetaData(Data(bytes), bytes.size(), 1000);
    ADD_FAILURE() << "expected CorruptDataError containing: " << detail;
  } catch (const CorruptDataError& error) {
    EXPECT_NE(std::string(error.what()).find(detail), std::string::npos) << error.what();
  }
}

TEST(ThriftCompactTest, RejectsMalformedMetadataWithTheByteOffset) {
  // Truncated at every length: never a crash, always an error with an offset.
  ThriftWriter out;
  out.BeginStruct();
  out.FieldI32(1, 1);
  out.FieldList(2, 12, 1);
  out.ElementStruct();
  out.FieldBinary(4, "schema");
  out.EndStruct();
  out.FieldI64(3, 0);
  out.FieldList(4, 12, 0);
  out.EndStruct();
  std::string valid = out.bytes();
  for (size_t size = 0; size < valid.size(); ++size) {
    ExpectCorrupt(valid.substr(0, size), "at byte 10");
  }
  // A missing required field, a list longer than the bytes left, a string running past the
  // end, an over-long varint, an unknown type, and nesting beyond the limit.
  ExpectCorrupt(std::string("\x15\x02\x00", 3), "lacks its required field 'schema'");
  ExpectCorrupt(std::string("\x19\xFC\xE8\x07\x00", 5), "a list of 1000 elements");
  ExpectCorrupt(std::string("\x68\x7F\x00", 3), "a string of 127 bytes");
  ExpectCorrupt("\x16" + std::string(11, '\xFF'), "longer than 10 bytes");
  ExpectCorrupt(std::string("\x1E\x00", 2), "unknown Thrift field type 14");
  ExpectCorrupt(std::string(200, '\x1C'), "nested deeper than 64");
  ExpectCorrupt(std::string(200, '\x19') + std::string(200, '\x19'), "");
  // A map whose count cannot fit.
  ExpectCorrupt(std::string("\x1B\xFF\x7F\x55\x00", 5), "a map of");
}

TEST(RleBitPackedDecoderTest, DecodesRunsAcrossBatchBoundaries) {
  std::vector<uint32_t> values;
  for (uint32_t i = 0; i < 40; ++i) values.push_back(i % 5);
  std::string encoded = parquet_test::BitPackedRun(values, 3) +
                        parquet_test::RleRuns({4, 4, 4, 4, 4, 1, 1}, 3) +
                        parquet_test::BitPackedRun({7, 0, 7}, 3);
  std::vector<uint32_t> expected = values;
  for (uint32_t value : {4, 4, 4, 4, 4, 1, 1, 7, 0, 7}) expected.push_back(value);
  for (size_t chunk : {1, 3, 8, 50}) {
    RleBitPackedDecoder decoder(Data(encoded), encoded.size(), 3);
    std::vector<uint32_t> decoded(expected.size());
    for (size_t start = 0; start < expected.size(); start += chunk) {
      decoder.Decode(decoded.data() + start, std::min(chunk, expected.size() - start));
    }
    EXPECT_EQ(decoded, expected) << "chunk " << chunk;
  }
}

/// Long bit-packed runs take the width-specialized unpacking and end in the bounds-checked
/// tail; every width, decoded in chunks of any size, gives back the values.
TEST(RleBitPackedDecoderTest, DecodesLongRunsOfEveryWidth) {
  for (int width = 1; width <= 32; ++width) {
    uint64_t mask = (uint64_t{1} << width) - 1;
    std::vector<uint32_t> values;
    for (uint32_t i = 0; i < 1003; ++i) {
      values.push_back(static_cast<uint32_t>((i * 2654435761u + 12345u) & mask));
    }
    std::string encoded = parquet_test::BitPackedRun(values, width);
    for (size_t chunk : {1, 7, 64, 2000}) {
      RleBitPackedDecoder decoder(Data(encoded), encoded.size(), width);
      std::vector<uint32_t> decoded(values.size());
      for (size_t start = 0; start < values.size(); start += chunk) {
        decoder.Decode(decoded.data() + start, std::min(chunk, values.size() - start));
      }
      EXPECT_EQ(decoded, values) << "width " << width << ", chunk " << chunk;
    }
  }
}

TEST(RleBitPackedDecoderTest, HandlesWidthsZeroAndThirtyTwo) {
  std::string zeros = parquet_test::RleRuns({0, 0, 0}, 0) + parquet_test::BitPackedRun({0}, 0);
  RleBitPackedDecoder zero_decoder(Data(zeros), zeros.size(), 0);
  std::vector<uint32_t> decoded(11, 9);
  zero_decoder.Decode(decoded.data(), 11);  // 3 from the RLE run, 8 from the packed group
  EXPECT_EQ(decoded, std::vector<uint32_t>(11, 0));

  std::vector<uint32_t> wide = {0xFFFFFFFFu, 0, 0x80000001u, 12345678};
  std::string encoded =
      parquet_test::BitPackedRun(wide, 32) + parquet_test::RleRuns({0xDEADBEEFu}, 32);
  RleBitPackedDecoder decoder(Data(encoded), encoded.size(), 32);
  std::vector<uint32_t> out(9);
  decoder.Decode(out.data(), 9);
  EXPECT_EQ(
      out, (std::vector<uint32_t>{0xFFFFFFFFu, 0, 0x80000001u, 12345678, 0, 0, 0, 0, 0xDEADBEEFu}));
  EXPECT_THROW(RleBitPackedDecoder(Data(encoded), encoded.size(), 33), CorruptDataError);
}

TEST(RleBitPackedDecoderTest, AcceptsAShortLastRunButNotReadingPastIt) {
  // A bit-packed header for 16 values of 3 bits with only 4 bytes (10 values) present.
  std::string encoded = std::string("\x05", 1) + std::string("\x88\xC6\xFA\x88", 4);
  RleBitPackedDecoder decoder(Data(encoded), encoded.size(), 3);
  std::vector<uint32_t> out(10);
  decoder.Decode(out.data(), 10);
  EXPECT_EQ(std::vector<uint32_t>(out.begin(), out.begin() + 8),
            (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
  uint32_t one;
  EXPECT_THROW(decoder.Decode(&one, 1), CorruptDataError);
  // An RLE run whose value bytes are missing.
  std::string truncated = "\x08\xFF";
  RleBitPackedDecoder short_value(Data(truncated), truncated.size(), 16);
  EXPECT_THROW(short_value.Decode(&one, 1), CorruptDataError);
}

template <typename T>
std::vector<T> DecodeDelta(const std::string& encoded, size_t count, size_t chunk) {
  auto decoder = MakeValueDecoder<T>(Encoding::kDeltaBinaryPacked,
                                     sizeof(T) == 4 ? PhysicalType::kInt32 : PhysicalType::kInt64,
                                     0, Data(encoded), encoded.size());
  std::vector<T> out(count);
  for (size_t start = 0; start < count; start += chunk) {
    decoder->Decode(out.data() + start, std::min(chunk, count - start));
  }
  return out;
}

TEST(DeltaBinaryPackedTest, DecodesBlocksMiniblocksAndExtremes) {
  std::vector<int64_t> values = {std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::min(), 0, -1, 1};
  for (int64_t i = 0; i < 1000; ++i) values.push_back((i * 2654435761LL) % 100003 - 50000);
  for (auto [block, miniblocks] : std::vector<std::pair<int, int>>{{128, 4}, {256, 8}, {128, 1}}) {
    std::string encoded = parquet_test::DeltaBinaryPacked(values, 64, block, miniblocks);
    for (size_t chunk : {1, 37, 2000}) {
      EXPECT_EQ(DecodeDelta<int64_t>(encoded, values.size(), chunk), values)
          << block << "/" << miniblocks << " chunk " << chunk;
    }
    // The stream's length is found without decoding, even with bytes after it.
    EXPECT_EQ(DeltaBinaryPackedLength(Data(encoded + "tail"), encoded.size() + 4), encoded.size());
  }
}

TEST(DeltaBinaryPackedTest, DecodesInt32WithWrappingDeltas) {
  std::vector<int64_t> values = {std::numeric_limits<int32_t>::max(),
                                 std::numeric_limits<int32_t>::min(), 7, -7};
  std::string encoded = parquet_test::DeltaBinaryPacked(values, 32);
  std::vector<int32_t> expected(values.begin(), values.end());
  EXPECT_EQ(DecodeDelta<int32_t>(encoded, 4, 4), expected);
}

TEST(DeltaBinaryPackedTest, HandlesEmptyAndSingleValueStreams) {
  std::string empty = parquet_test::DeltaBinaryPacked({});
  EXPECT_EQ(DeltaBinaryPackedLength(Data(empty), empty.size()), empty.size());
  EXPECT_TRUE(DecodeDelta<int64_t>(empty, 0, 1).empty());
  std::string one = parquet_test::DeltaBinaryPacked({-42});
  EXPECT_EQ(DecodeDelta<int64_t>(one, 1, 1), std::vector<int64_t>{-42});
  EXPECT_THROW(DecodeDelta<int64_t>(one, 2, 2), CorruptDataError);
}

TEST(DeltaBinaryPackedTest, RejectsTruncatedAndInvalidStreams) {
  std::vector<int64_t> values;
  for (int64_t i = 0; i < 300; ++i) values.push_back(i * i);
  std::string encoded = parquet_test::DeltaBinaryPacked(values);
  for (size_t size : {size_t{0}, size_t{3}, encoded.size() / 2, encoded.size() - 1}) {
    std::string truncated = encoded.substr(0, size);
    EXPECT_THROW(DeltaBinaryPackedLength(Data(truncated), truncated.size()), CorruptDataError)
        << size;
    // Losing only the padding after the last value still decodes.
    if (size < encoded.size() - 1) {
      EXPECT_THROW(DecodeDelta<int64_t>(truncated, values.size(), 300), CorruptDataError) << size;
    }
  }
  std::string without_padding = encoded.substr(0, encoded.size() - 1);
  EXPECT_EQ(DecodeDelta<int64_t>(without_padding, values.size(), 300), values);
  // Block size not a multiple of 128; miniblock of 16 values; a bit width of 65.
  for (std::string header :
       {std::string("\x40\x01\x02\x00", 4), std::string("\x80\x01\x08\x02\x00", 5)}) {
    EXPECT_THROW(DecodeDelta<int64_t>(header, 1, 1), CorruptDataError);
  }
  std::string wide = std::string("\x80\x01\x01\x02\x00\x00", 6) + "\x41" + std::string(1100, '\0');
  EXPECT_THROW(DecodeDelta<int64_t>(wide, 2, 2), CorruptDataError);
}

TEST(ValueConversionTest, DecodesBigEndianDecimals) {
  EXPECT_EQ(DecodeBigEndianDecimal(""), 0);
  EXPECT_EQ(DecodeBigEndianDecimal(std::string("\x80", 1)), -128);
  EXPECT_EQ(DecodeBigEndianDecimal(std::string("\x00\xFF", 2)), 255);
  std::string max16 = "\x7F" + std::string(15, '\xFF');
  EXPECT_EQ(DecodeBigEndianDecimal(max16), std::numeric_limits<int128_t>::max());
  std::string min16 = "\x80" + std::string(15, '\0');
  EXPECT_EQ(DecodeBigEndianDecimal(min16), std::numeric_limits<int128_t>::min());
  EXPECT_EQ(DecodeBigEndianDecimal(std::string(4, '\0') + max16),
            std::numeric_limits<int128_t>::max());
  EXPECT_EQ(DecodeBigEndianDecimal(std::string(20, '\xFF')), -1);
  // Seventeen bytes whose leading byte is not a sign extension do not fit.
  EXPECT_THROW(DecodeBigEndianDecimal("\x01" + std::string(16, '\0')), CorruptDataError);
  EXPECT_THROW(DecodeBigEndianDecimal(std::string(1, '\0') + min16), CorruptDataError);
}

TEST(ValueConversionTest, ConvertsTimeUnitsWithFloorDivision) {
  std::vector<int64_t> nanos = {-1, -1000, -1001, 999, 1000};
  std::vector<int64_t> micros(nanos.size());
  ConvertValues<int64_t, int64_t>(ValueConversion::kNanosToMicros, nanos.data(), micros.data(),
                                  nanos.size());
  EXPECT_EQ(micros, (std::vector<int64_t>{-1, -1, -2, 0, 1}));
  std::vector<int64_t> millis = {std::numeric_limits<int64_t>::max() / 999};
  auto convert_millis = [&] {
    ConvertValues<int64_t, int64_t>(ValueConversion::kMillisToMicros, millis.data(), micros.data(),
                                    1);
  };
  EXPECT_THROW(convert_millis(), Error);
}

}  // namespace
}  // namespace ember::parquet

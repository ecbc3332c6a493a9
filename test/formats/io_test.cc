// Tests of the io layer: RandomAccessFile and the block codecs.

#include <gtest/gtest.h>

#include <lz4.h>
#include <snappy-c.h>
#include <zstd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../unit/test_util.h"
#include "ember/io/compression.h"
#include "ember/io/random_access_file.h"
#include "parquet_test_writer.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using testing::CaptureError;

class RandomAccessFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = (fs::temp_directory_path() / ("ember-io-test-" + std::to_string(::getpid()))).string();
    std::ofstream(path_, std::ios::binary) << "0123456789";
  }
  void TearDown() override { fs::remove(path_); }
  std::string path_;
};

TEST_F(RandomAccessFileTest, ReadsRangesAtAnyOffset) {
  std::unique_ptr<RandomAccessFile> file = RandomAccessFile::Open(path_);
  EXPECT_EQ(file->size(), 10);
  EXPECT_EQ(file->path(), path_);
  std::vector<uint8_t> bytes = file->ReadAt(3, 4);
  EXPECT_EQ(std::string(bytes.begin(), bytes.end()), "3456");
  EXPECT_TRUE(file->ReadAt(10, 0).empty());
  uint8_t last;
  file->ReadAt(9, 1, &last);
  EXPECT_EQ(last, '9');
}

TEST_F(RandomAccessFileTest, ReadPastTheEndNamesPathAndOffset) {
  std::unique_ptr<RandomAccessFile> file = RandomAccessFile::Open(path_);
  for (auto [offset, length] :
       {std::pair<int64_t, size_t>{8, 3}, {11, 0}, {-1, 1}, {0, SIZE_MAX}}) {
    Error error = CaptureError([&] { file->ReadAt(offset, length); });
    EXPECT_EQ(error.kind(), ErrorKind::kIo);
    EXPECT_NE(error.message().find(path_), std::string::npos) << error.message();
    EXPECT_NE(error.message().find("offset " + std::to_string(offset)), std::string::npos)
        << error.message();
  }
}

TEST_F(RandomAccessFileTest, OpenFailuresNameThePath) {
  Error missing = CaptureError([&] { RandomAccessFile::Open(path_ + ".missing"); });
  EXPECT_EQ(missing.kind(), ErrorKind::kIo);
  EXPECT_NE(missing.message().find(path_ + ".missing"), std::string::npos);
  Error directory =
      CaptureError([&] { RandomAccessFile::Open(fs::temp_directory_path().string()); });
  EXPECT_EQ(directory.kind(), ErrorKind::kIo);
  EXPECT_NE(directory.message().find("directory"), std::string::npos) << directory.message();
}

std::string SampleText() {
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "row " + std::to_string(i % 97) + " of sample text; ";
  return text;
}

/// Decompresses `compressed` into exactly `size` bytes.
std::string Decompressed(CompressionCodec codec, const std::string& compressed, size_t size) {
  std::string out(size, '\0');
  Decompress(codec, reinterpret_cast<const uint8_t*>(compressed.data()), compressed.size(),
             reinterpret_cast<uint8_t*>(out.data()), size);
  return out;
}

TEST(CompressionTest, RoundTripsEveryCodec) {
  std::string text = SampleText();
  using parquet_test::Compress;
  EXPECT_EQ(Decompressed(CompressionCodec::kUncompressed, text, text.size()), text);
  EXPECT_EQ(
      Decompressed(CompressionCodec::kSnappy, Compress(parquet_test::kSnappy, text), text.size()),
      text);
  EXPECT_EQ(Decompressed(CompressionCodec::kGzip, Compress(parquet_test::kGzip, text), text.size()),
            text);
  EXPECT_EQ(Decompressed(CompressionCodec::kZstd, Compress(parquet_test::kZstd, text), text.size()),
            text);
  EXPECT_EQ(
      Decompressed(CompressionCodec::kLz4Block, Compress(parquet_test::kLz4Raw, text), text.size()),
      text);
  EXPECT_EQ(
      Decompressed(CompressionCodec::kBrotli, Compress(parquet_test::kBrotli, text), text.size()),
      text);
}

TEST(CompressionTest, CompressRoundTripsTheCodecsWritersUse) {
  std::string text;
  for (int i = 0; i < 5000; ++i) text += "value-" + std::to_string(i % 97) + ";";
  for (CompressionCodec codec : {CompressionCodec::kUncompressed, CompressionCodec::kSnappy,
                                 CompressionCodec::kGzip, CompressionCodec::kZstd}) {
    SCOPED_TRACE(CompressionCodecName(codec));
    std::string compressed = "prefix";  // Compress appends
    Compress(codec, reinterpret_cast<const uint8_t*>(text.data()), text.size(), compressed);
    ASSERT_EQ(compressed.substr(0, 6), "prefix");
    if (codec != CompressionCodec::kUncompressed) EXPECT_LT(compressed.size(), text.size() / 4);
    EXPECT_EQ(Decompressed(codec, compressed.substr(6), text.size()), text);
    std::string empty;
    Compress(codec, nullptr, 0, empty);
    Decompress(codec, reinterpret_cast<const uint8_t*>(empty.data()), empty.size(), nullptr, 0);
  }
  std::string ignored;
  EXPECT_THROW(Compress(CompressionCodec::kBrotli, nullptr, 0, ignored), Error);
}

TEST(CompressionTest, ReadsConcatenatedGzipMembers) {
  std::string first = SampleText();
  std::string second = "and a second member";
  std::string members = parquet_test::Compress(parquet_test::kGzip, first) +
                        parquet_test::Compress(parquet_test::kGzip, second);
  EXPECT_EQ(Decompressed(CompressionCodec::kGzip, members, first.size() + second.size()),
            first + second);
}

TEST(CompressionTest, WrongSizesAndGarbageFailWithIoErrors) {
  std::string text = SampleText();
  for (int codec : {parquet_test::kSnappy, parquet_test::kGzip, parquet_test::kZstd,
                    parquet_test::kLz4Raw, parquet_test::kBrotli}) {
    CompressionCodec ours = codec == parquet_test::kSnappy   ? CompressionCodec::kSnappy
                            : codec == parquet_test::kGzip   ? CompressionCodec::kGzip
                            : codec == parquet_test::kZstd   ? CompressionCodec::kZstd
                            : codec == parquet_test::kLz4Raw ? CompressionCodec::kLz4Block
                                                             : CompressionCodec::kBrotli;
    std::string compressed = parquet_test::Compress(codec, text);
    SCOPED_TRACE(CompressionCodecName(ours));
    // Too small and too large an output, a truncated input, and garbage.
    EXPECT_EQ(CaptureError([&] { Decompressed(ours, compressed, text.size() - 1); }).kind(),
              ErrorKind::kIo);
    EXPECT_EQ(CaptureError([&] { Decompressed(ours, compressed, text.size() + 1); }).kind(),
              ErrorKind::kIo);
    EXPECT_EQ(CaptureError([&] {
                Decompressed(ours, compressed.substr(0, compressed.size() / 2), text.size());
              }).kind(),
              ErrorKind::kIo);
    std::string garbage(64, '\xEE');
    EXPECT_EQ(CaptureError([&] { Decompressed(ours, garbage, text.size()); }).kind(),
              ErrorKind::kIo);
  }
}

}  // namespace
}  // namespace ember

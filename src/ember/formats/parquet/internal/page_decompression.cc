#include "ember/formats/parquet/internal/page_decompression.h"

#include <cstring>
#include <string>

#include "ember/common/error.h"
#include "ember/formats/parquet/internal/corrupt_data.h"
#include "ember/io/compression.h"

namespace ember::parquet {

namespace {

uint32_t LoadBigEndian32(const uint8_t* data) {
  return uint32_t{data[0]} << 24 | uint32_t{data[1]} << 16 | uint32_t{data[2]} << 8 | data[3];
}

/// Returns whether `input` is a sequence of Hadoop LZ4 blocks (big-endian uncompressed size,
/// big-endian compressed size, compressed bytes) that adds up to exactly `output_size` bytes.
bool IsHadoopLz4(const uint8_t* input, size_t input_size, size_t output_size) {
  size_t position = 0;
  size_t produced = 0;
  while (position < input_size) {
    if (input_size - position < 8) return false;
    uint32_t uncompressed = LoadBigEndian32(input + position);
    uint32_t compressed = LoadBigEndian32(input + position + 4);
    position += 8;
    if (compressed > input_size - position || uncompressed > output_size - produced) return false;
    position += compressed;
    produced += uncompressed;
  }
  return produced == output_size;
}

void DecompressChecked(CompressionCodec codec, const uint8_t* input, size_t input_size,
                       uint8_t* output, size_t output_size) {
  try {
    Decompress(codec, input, input_size, output, output_size);
  } catch (const Error& error) {
    if (error.kind() != ErrorKind::kIo) throw;
    ThrowCorrupt(error.message());
  }
}

void DecompressLz4Legacy(const uint8_t* input, size_t input_size, uint8_t* output,
                         size_t output_size) {
  if (IsHadoopLz4(input, input_size, output_size)) {
    size_t position = 0;
    size_t produced = 0;
    while (position < input_size) {
      uint32_t uncompressed = LoadBigEndian32(input + position);
      uint32_t compressed = LoadBigEndian32(input + position + 4);
      position += 8;
      DecompressChecked(CompressionCodec::kLz4Block, input + position, compressed,
                        output + produced, uncompressed);
      position += compressed;
      produced += uncompressed;
    }
    return;
  }
  constexpr uint32_t kLz4FrameMagic = 0x184D2204;
  uint32_t magic = 0;
  if (input_size >= 4) std::memcpy(&magic, input, 4);
  DecompressChecked(
      magic == kLz4FrameMagic ? CompressionCodec::kLz4Frame : CompressionCodec::kLz4Block, input,
      input_size, output, output_size);
}

}  // namespace

bool IsSupportedCodec(int32_t codec) {
  switch (static_cast<Codec>(codec)) {
    case Codec::kUncompressed:
    case Codec::kSnappy:
    case Codec::kGzip:
    case Codec::kBrotli:
    case Codec::kLz4Hadoop:
    case Codec::kZstd:
    case Codec::kLz4Raw:
      return true;
    case Codec::kLzo:
      return false;
  }
  return false;
}

std::string CodecName(int32_t codec) {
  switch (static_cast<Codec>(codec)) {
    case Codec::kUncompressed:
      return "UNCOMPRESSED";
    case Codec::kSnappy:
      return "SNAPPY";
    case Codec::kGzip:
      return "GZIP";
    case Codec::kLzo:
      return "LZO";
    case Codec::kBrotli:
      return "BROTLI";
    case Codec::kLz4Hadoop:
      return "LZ4";
    case Codec::kZstd:
      return "ZSTD";
    case Codec::kLz4Raw:
      return "LZ4_RAW";
  }
  return StrCat("codec #", codec);
}

void DecompressPage(int32_t codec, const uint8_t* input, size_t input_size, uint8_t* output,
                    size_t output_size) {
  switch (static_cast<Codec>(codec)) {
    case Codec::kUncompressed:
      return DecompressChecked(CompressionCodec::kUncompressed, input, input_size, output,
                               output_size);
    case Codec::kSnappy:
      return DecompressChecked(CompressionCodec::kSnappy, input, input_size, output, output_size);
    case Codec::kGzip:
      return DecompressChecked(CompressionCodec::kGzip, input, input_size, output, output_size);
    case Codec::kBrotli:
      return DecompressChecked(CompressionCodec::kBrotli, input, input_size, output, output_size);
    case Codec::kZstd:
      return DecompressChecked(CompressionCodec::kZstd, input, input_size, output, output_size);
    case Codec::kLz4Raw:
      return DecompressChecked(CompressionCodec::kLz4Block, input, input_size, output, output_size);
    case Codec::kLz4Hadoop:
      return DecompressLz4Legacy(input, input_size, output, output_size);
    case Codec::kLzo:
      break;
  }
  EMBER_CHECK(false, "DecompressPage called with unsupported codec ", codec);
}

}  // namespace ember::parquet

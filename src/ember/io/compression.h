#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ember {

/// Names a block compression format. File formats map their own codec ids onto these (Parquet's
/// GZIP is kGzip, its LZ4_RAW is kLz4Block); framings specific to one format stay in that format.
enum class CompressionCodec {
  kUncompressed,
  kSnappy,
  kGzip,      // gzip (RFC 1952, one or more members) or zlib (RFC 1950) streams
  kZstd,      // one or more zstd frames
  kLz4Block,  // one raw LZ4 block, no framing
  kLz4Frame,  // the LZ4 frame format (magic 0x184D2204)
  kBrotli,
};

/// Returns the lower-case name of `codec` for messages: "snappy", "zstd", ...
const char* CompressionCodecName(CompressionCodec codec);

/// Decompresses `input` into exactly `output_size` bytes at `output`. Throws Error(kIo) when the
/// input is corrupt or does not decompress to exactly `output_size` bytes; never writes past
/// `output + output_size` and never reads past `input + input_size`.
void Decompress(CompressionCodec codec, const uint8_t* input, size_t input_size, uint8_t* output,
                size_t output_size);

/// Compresses `input` with `codec` and appends the result to `output`. Writers support
/// uncompressed, snappy, gzip (one gzip member) and zstd; other codecs throw
/// Error(kNotImplemented).
void Compress(CompressionCodec codec, const uint8_t* input, size_t input_size, std::string& output);

}  // namespace ember

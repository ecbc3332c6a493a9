#include "ember/io/compression.h"

#include <brotli/decode.h>
#include <lz4.h>
#include <lz4frame.h>
#include <snappy-c.h>
#include <zlib.h>
#include <zstd.h>

#include <climits>
#include <cstring>
#include <memory>

#include "ember/common/error.h"

namespace ember {

namespace {

[[noreturn]] void ThrowCorrupt(CompressionCodec codec, const std::string& detail) {
  Throw(ErrorKind::kIo, "CORRUPT_COMPRESSED_DATA", "Invalid ", CompressionCodecName(codec),
        " data: ", detail);
}

void CheckSize(CompressionCodec codec, size_t actual, size_t expected) {
  if (actual != expected) {
    ThrowCorrupt(codec, StrCat("decompressed to ", actual, " bytes, expected ", expected));
  }
}

void DecompressSnappy(const uint8_t* input, size_t input_size, uint8_t* output,
                      size_t output_size) {
  const char* compressed = reinterpret_cast<const char*>(input);
  size_t length = 0;
  if (snappy_uncompressed_length(compressed, input_size, &length) != SNAPPY_OK) {
    ThrowCorrupt(CompressionCodec::kSnappy, "the length header is malformed");
  }
  CheckSize(CompressionCodec::kSnappy, length, output_size);
  if (snappy_uncompress(compressed, input_size, reinterpret_cast<char*>(output), &length) !=
      SNAPPY_OK) {
    ThrowCorrupt(CompressionCodec::kSnappy, "the stream is malformed");
  }
  CheckSize(CompressionCodec::kSnappy, length, output_size);
}

// Inflates gzip or zlib members back to back until the input is used up; Parquet readers must
// accept pages holding several gzip members.
void DecompressGzip(const uint8_t* input, size_t input_size, uint8_t* output, size_t output_size) {
  constexpr CompressionCodec kCodec = CompressionCodec::kGzip;
  if (input_size > UINT_MAX || output_size > UINT_MAX) {
    ThrowCorrupt(kCodec, "a page larger than 4 GiB is not supported");
  }
  z_stream stream{};
  // 15 window bits + 32: detect a gzip or zlib header automatically.
  if (inflateInit2(&stream, 15 + 32) != Z_OK) {
    Throw(ErrorKind::kResourceExhausted, "",
          "Cannot initialize zlib: ", stream.msg != nullptr ? stream.msg : "out of memory");
  }
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, inflateEnd);
  stream.next_in = const_cast<Bytef*>(input);
  stream.avail_in = static_cast<uInt>(input_size);
  stream.next_out = output;
  stream.avail_out = static_cast<uInt>(output_size);
  while (true) {
    int status = inflate(&stream, Z_FINISH);
    if (status == Z_STREAM_END) {
      if (stream.avail_in == 0) break;
      if (inflateReset(&stream) != Z_OK) ThrowCorrupt(kCodec, "cannot start the next member");
      continue;
    }
    if (status == Z_BUF_ERROR && stream.avail_out == 0) {
      ThrowCorrupt(kCodec, StrCat("decompresses to more than ", output_size, " bytes"));
    }
    ThrowCorrupt(kCodec, stream.msg != nullptr ? stream.msg : "the stream ends early");
  }
  CheckSize(kCodec, output_size - stream.avail_out, output_size);
}

void DecompressZstd(const uint8_t* input, size_t input_size, uint8_t* output, size_t output_size) {
  size_t result = ZSTD_decompress(output, output_size, input, input_size);
  if (ZSTD_isError(result)) ThrowCorrupt(CompressionCodec::kZstd, ZSTD_getErrorName(result));
  CheckSize(CompressionCodec::kZstd, result, output_size);
}

void DecompressLz4Block(const uint8_t* input, size_t input_size, uint8_t* output,
                        size_t output_size) {
  if (input_size > INT_MAX || output_size > INT_MAX) {
    ThrowCorrupt(CompressionCodec::kLz4Block, "a block larger than 2 GiB is not supported");
  }
  int result =
      LZ4_decompress_safe(reinterpret_cast<const char*>(input), reinterpret_cast<char*>(output),
                          static_cast<int>(input_size), static_cast<int>(output_size));
  if (result < 0) ThrowCorrupt(CompressionCodec::kLz4Block, "the block is malformed");
  CheckSize(CompressionCodec::kLz4Block, static_cast<size_t>(result), output_size);
}

void DecompressLz4Frame(const uint8_t* input, size_t input_size, uint8_t* output,
                        size_t output_size) {
  constexpr CompressionCodec kCodec = CompressionCodec::kLz4Frame;
  LZ4F_dctx* context = nullptr;
  if (LZ4F_isError(LZ4F_createDecompressionContext(&context, LZ4F_VERSION))) {
    Throw(ErrorKind::kResourceExhausted, "", "Cannot create an LZ4 decompression context.");
  }
  std::unique_ptr<LZ4F_dctx, LZ4F_errorCode_t (*)(LZ4F_dctx*)> guard(context,
                                                                     LZ4F_freeDecompressionContext);
  size_t consumed = 0;
  size_t produced = 0;
  while (consumed < input_size) {
    size_t in_size = input_size - consumed;
    size_t out_size = output_size - produced;
    size_t hint =
        LZ4F_decompress(context, output + produced, &out_size, input + consumed, &in_size, nullptr);
    if (LZ4F_isError(hint)) ThrowCorrupt(kCodec, LZ4F_getErrorName(hint));
    consumed += in_size;
    produced += out_size;
    if (hint == 0) {
      // One frame ended; another may follow.
      LZ4F_resetDecompressionContext(context);
    } else if (in_size == 0 && out_size == 0) {
      ThrowCorrupt(kCodec, StrCat("decompresses to more than ", output_size, " bytes"));
    }
  }
  CheckSize(kCodec, produced, output_size);
}

void DecompressBrotli(const uint8_t* input, size_t input_size, uint8_t* output,
                      size_t output_size) {
  size_t decoded = output_size;
  if (BrotliDecoderDecompress(input_size, input, &decoded, output) !=
      BROTLI_DECODER_RESULT_SUCCESS) {
    ThrowCorrupt(
        CompressionCodec::kBrotli,
        StrCat("the stream is malformed or decompresses to more than ", output_size, " bytes"));
  }
  CheckSize(CompressionCodec::kBrotli, decoded, output_size);
}

}  // namespace

const char* CompressionCodecName(CompressionCodec codec) {
  switch (codec) {
    case CompressionCodec::kUncompressed:
      return "uncompressed";
    case CompressionCodec::kSnappy:
      return "snappy";
    case CompressionCodec::kGzip:
      return "gzip";
    case CompressionCodec::kZstd:
      return "zstd";
    case CompressionCodec::kLz4Block:
      return "lz4 block";
    case CompressionCodec::kLz4Frame:
      return "lz4 frame";
    case CompressionCodec::kBrotli:
      return "brotli";
  }
  return "unknown";
}

void Decompress(CompressionCodec codec, const uint8_t* input, size_t input_size, uint8_t* output,
                size_t output_size) {
  // Any stream is a valid encoding of nothing; some writers store empty pages uncompressed.
  if (output_size == 0) return;
  switch (codec) {
    case CompressionCodec::kUncompressed:
      CheckSize(codec, input_size, output_size);
      if (output_size > 0) std::memcpy(output, input, output_size);
      return;
    case CompressionCodec::kSnappy:
      return DecompressSnappy(input, input_size, output, output_size);
    case CompressionCodec::kGzip:
      return DecompressGzip(input, input_size, output, output_size);
    case CompressionCodec::kZstd:
      return DecompressZstd(input, input_size, output, output_size);
    case CompressionCodec::kLz4Block:
      return DecompressLz4Block(input, input_size, output, output_size);
    case CompressionCodec::kLz4Frame:
      return DecompressLz4Frame(input, input_size, output, output_size);
    case CompressionCodec::kBrotli:
      return DecompressBrotli(input, input_size, output, output_size);
  }
}

void Compress(CompressionCodec codec, const uint8_t* input, size_t input_size,
              std::string& output) {
  size_t start = output.size();
  switch (codec) {
    case CompressionCodec::kUncompressed:
      output.append(reinterpret_cast<const char*>(input), input_size);
      return;
    case CompressionCodec::kSnappy: {
      size_t length = snappy_max_compressed_length(input_size);
      output.resize(start + length);
      if (snappy_compress(reinterpret_cast<const char*>(input), input_size, output.data() + start,
                          &length) != SNAPPY_OK) {
        Throw(ErrorKind::kInternal, "", "snappy compression failed");
      }
      output.resize(start + length);
      return;
    }
    case CompressionCodec::kZstd: {
      size_t bound = ZSTD_compressBound(input_size);
      output.resize(start + bound);
      size_t length = ZSTD_compress(output.data() + start, bound, input, input_size, 3);
      if (ZSTD_isError(length)) {
        Throw(ErrorKind::kInternal, "", "zstd compression failed: ", ZSTD_getErrorName(length));
      }
      output.resize(start + length);
      return;
    }
    case CompressionCodec::kGzip: {
      if (input_size > UINT_MAX / 2) {
        Throw(ErrorKind::kNotImplemented, "", "Cannot gzip a block larger than 2 GiB.");
      }
      z_stream stream{};
      // 15 window bits + 16: write a gzip header and trailer rather than zlib's.
      if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
                       Z_DEFAULT_STRATEGY) != Z_OK) {
        Throw(ErrorKind::kResourceExhausted, "", "Cannot initialize zlib for compression.");
      }
      std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&stream, deflateEnd);
      size_t bound = deflateBound(&stream, static_cast<uLong>(input_size));
      output.resize(start + bound);
      stream.next_in = const_cast<Bytef*>(input);
      stream.avail_in = static_cast<uInt>(input_size);
      stream.next_out = reinterpret_cast<Bytef*>(output.data() + start);
      stream.avail_out = static_cast<uInt>(bound);
      if (deflate(&stream, Z_FINISH) != Z_STREAM_END) {
        Throw(ErrorKind::kInternal, "", "gzip compression failed");
      }
      output.resize(start + bound - stream.avail_out);
      return;
    }
    default:
      Throw(ErrorKind::kNotImplemented, "", "Compressing with ", CompressionCodecName(codec),
            " is not supported.");
  }
}

}  // namespace ember

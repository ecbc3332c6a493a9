#pragma once

// Decoders of Parquet's value encodings (Encodings.md). Each reads from one byte range, checks
// every access against its end and throws CorruptDataError when the data runs out or
// contradicts itself; none allocates more than the output it is asked for plus, for the delta
// encodings, one batch of scratch. All decoders stream: they can be asked for a few values at a
// time, so a page claiming a billion values costs nothing until they are read.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ember/formats/parquet/internal/metadata.h"

namespace ember::parquet {

/// Holds one INT96 value as stored: 8 bytes of nanoseconds in the day, then 4 bytes of Julian day.
struct Int96 {
  uint8_t bytes[12];
};

/// Decodes the RLE / bit-packing hybrid encoding (definition levels, dictionary indices and
/// booleans), given the bit width and the encoded runs without a length prefix.
class RleBitPackedDecoder {
 public:
  RleBitPackedDecoder() = default;
  /// Starts decoding `size` bytes at `data` with values of `bit_width` bits (0..32).
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width);

  /// Decodes the next `count` values into `out`; throws when fewer remain.
  template <typename T>
  void Decode(T* out, size_t count);

 private:
  // Reads the next run header; returns false at the end of the data.
  bool NextRun();

  const uint8_t* data_ = nullptr;
  const uint8_t* end_ = nullptr;
  int bit_width_ = 0;
  // The current RLE run: `run_remaining_` copies of `run_value_`.
  size_t run_remaining_ = 0;
  uint32_t run_value_ = 0;
  // The current bit-packed run: values left, their bytes and the index of the next one.
  size_t packed_remaining_ = 0;
  const uint8_t* packed_ = nullptr;
  size_t packed_size_ = 0;
  size_t packed_index_ = 0;
};

/// Decodes definition levels of a data page, encoded with RLE (hybrid) or BIT_PACKED.
class LevelDecoder {
 public:
  LevelDecoder() = default;
  LevelDecoder(Encoding encoding, const uint8_t* data, size_t size, int bit_width);
  /// Decodes the next `count` levels into `out`; throws when fewer remain.
  void Decode(uint8_t* out, size_t count);

 private:
  Encoding encoding_ = Encoding::kRle;
  RleBitPackedDecoder rle_;
  // BIT_PACKED: values packed from the most significant bit of each byte.
  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  int bit_width_ = 0;
  size_t next_index_ = 0;
};

/// Returns how many bytes a DELTA_BINARY_PACKED stream at `data` occupies, by walking its block
/// headers without unpacking values; throws if it runs past `size` bytes.
size_t DeltaBinaryPackedLength(const uint8_t* data, size_t size);

/// Decodes values of physical type P (bool, int32_t, int64_t, Int96, float, double, or
/// std::string_view for BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY) from one page.
template <typename P>
class ValueDecoder {
 public:
  virtual ~ValueDecoder() = default;
  /// Decodes the next `count` values into `out`; throws when the page holds fewer. Views written
  /// to `out` stay valid until the next call or until the page's bytes are released.
  virtual void Decode(P* out, size_t count) = 0;
};

/// Returns a decoder of `encoding` for values of physical `type` (FIXED_LEN_BYTE_ARRAY values are
/// `type_length` bytes each) over `size` bytes at `data`, or nullptr when this reader does not
/// support the pair. The bytes must outlive the decoder.
template <typename P>
std::unique_ptr<ValueDecoder<P>> MakeValueDecoder(Encoding encoding, PhysicalType type,
                                                  int32_t type_length, const uint8_t* data,
                                                  size_t size);

}  // namespace ember::parquet

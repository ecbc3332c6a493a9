#include "ember/formats/parquet/internal/decoders.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>
#include <type_traits>
#include <utility>

#include "ember/common/error.h"

namespace ember::parquet {

static_assert(std::endian::native == std::endian::little,
              "the decoders read little-endian values with memcpy");
static_assert(sizeof(Int96) == 12);

namespace {

/// Returns up to 8 bytes at `data` as a little-endian word, reading no more than `available`.
inline uint64_t LoadWord(const uint8_t* data, size_t available) {
  uint64_t word = 0;
  std::memcpy(&word, data, std::min<size_t>(available, 8));
  return word;
}

/// Returns the `bit_width`-bit value (LSB-first packing) at `bit_offset` of `size` bytes; the
/// caller guarantees that the value's first bit lies inside the bytes.
inline uint64_t UnpackBits(const uint8_t* data, size_t size, uint64_t bit_offset, int bit_width) {
  size_t byte = bit_offset >> 3;
  int shift = static_cast<int>(bit_offset & 7);
  uint64_t value = LoadWord(data + byte, size - byte) >> shift;
  if (shift + bit_width > 64) {
    uint64_t next = byte + 8 < size ? data[byte + 8] : 0;
    value |= next << (64 - shift);
  }
  return bit_width == 64 ? value : value & ((uint64_t{1} << bit_width) - 1);
}

/// Unpacks `count` values of kWidth bits (1..32) starting at `bit_offset`; the caller
/// guarantees that 8 bytes can be read at the byte of every value's first bit, so each value is
/// one unaligned load, a shift and a mask.
template <int kWidth, typename T>
void UnpackBitsUnchecked(const uint8_t* data, uint64_t bit_offset, T* out, size_t count) {
  constexpr uint64_t kMask = (uint64_t{1} << kWidth) - 1;
  for (size_t i = 0; i < count; ++i, bit_offset += kWidth) {
    uint64_t word;
    std::memcpy(&word, data + (bit_offset >> 3), 8);
    out[i] = static_cast<T>((word >> (bit_offset & 7)) & kMask);
  }
}

template <typename T, int... kWidths>
constexpr auto MakeUnpackers(std::integer_sequence<int, kWidths...>) {
  using Unpacker = void (*)(const uint8_t*, uint64_t, T*, size_t);
  return std::array<Unpacker, sizeof...(kWidths)>{&UnpackBitsUnchecked<kWidths + 1, T>...};
}

/// Unpacks `count` values of `bit_width` bits (1..32) at `bit_offset` of `size` bytes: the
/// values whose 8-byte load stays inside take the width-specialized loop, the last few the
/// bounds-checked one.
template <typename T>
void UnpackRun(const uint8_t* data, size_t size, uint64_t bit_offset, int bit_width, T* out,
               size_t count) {
  static constexpr auto kUnpackers = MakeUnpackers<T>(std::make_integer_sequence<int, 32>());
  uint64_t last_fast_bit = size >= 8 ? (size - 8) * 8 + 7 : 0;
  size_t fast = 0;
  if (size >= 8 && bit_offset <= last_fast_bit) {
    fast = std::min<uint64_t>(count, (last_fast_bit - bit_offset) / bit_width + 1);
    kUnpackers[bit_width - 1](data, bit_offset, out, fast);
  }
  for (size_t i = fast; i < count; ++i) {
    out[i] = static_cast<T>(UnpackBits(data, size, bit_offset + i * bit_width, bit_width));
  }
}

/// Reads an unsigned LEB128 integer at `*cursor`, advancing it; throws past `end`.
uint64_t ReadUleb128(const uint8_t** cursor, const uint8_t* end, const char* what) {
  uint64_t value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (*cursor >= end) ThrowCorrupt(StrCat("the ", what, " is truncated"));
    uint8_t byte = *(*cursor)++;
    value |= static_cast<uint64_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) return value;
  }
  ThrowCorrupt(StrCat("the ", what, " is a variable-length integer longer than 10 bytes"));
}

uint64_t ReadZigzag(const uint8_t** cursor, const uint8_t* end, const char* what) {
  uint64_t raw = ReadUleb128(cursor, end, what);
  return (raw >> 1) ^ -(raw & 1);
}

}  // namespace

// ---- RLE / bit-packing hybrid ----

RleBitPackedDecoder::RleBitPackedDecoder(const uint8_t* data, size_t size, int bit_width)
    : data_(data), end_(data + size), bit_width_(bit_width) {
  if (bit_width < 0 || bit_width > 32) {
    ThrowCorrupt(StrCat("RLE bit width ", bit_width, " is outside 0..32"));
  }
}

bool RleBitPackedDecoder::NextRun() {
  if (data_ >= end_) return false;
  uint64_t header = ReadUleb128(&data_, end_, "RLE run header");
  if (header & 1) {
    uint64_t groups = header >> 1;
    if (groups > (uint64_t{1} << 40)) ThrowCorrupt("a bit-packed run is impossibly long");
    uint64_t bytes = groups * static_cast<uint64_t>(bit_width_);
    size_t available = static_cast<size_t>(std::min<uint64_t>(bytes, end_ - data_));
    packed_ = data_;
    packed_size_ = available;
    packed_index_ = 0;
    data_ += available;
    uint64_t values = groups * 8;
    // The last run may be cut short at the end of the data; only whole values count.
    packed_remaining_ =
        bit_width_ == 0 ? values : std::min<uint64_t>(values, available * 8 / bit_width_);
  } else {
    size_t value_bytes = (bit_width_ + 7) / 8;
    if (value_bytes > static_cast<size_t>(end_ - data_)) {
      ThrowCorrupt("an RLE run's value is truncated");
    }
    uint32_t value = 0;
    std::memcpy(&value, data_, value_bytes);
    data_ += value_bytes;
    run_value_ = value;
    run_remaining_ = header >> 1;
  }
  return true;
}

template <typename T>
void RleBitPackedDecoder::Decode(T* out, size_t count) {
  size_t requested = count;
  while (count > 0) {
    if (run_remaining_ > 0) {
      size_t n = std::min(count, run_remaining_);
      std::fill(out, out + n, static_cast<T>(run_value_));
      out += n;
      count -= n;
      run_remaining_ -= n;
    } else if (packed_remaining_ > 0) {
      size_t n = std::min(count, packed_remaining_);
      if (bit_width_ == 0) {
        std::fill(out, out + n, T{});
      } else {
        UnpackRun(packed_, packed_size_, static_cast<uint64_t>(packed_index_) * bit_width_,
                  bit_width_, out, n);
      }
      out += n;
      count -= n;
      packed_remaining_ -= n;
      packed_index_ += n;
    } else if (!NextRun()) {
      ThrowCorrupt(
          StrCat("RLE/bit-packed data ends ", count, " values early (", requested, " requested)"));
    }
  }
}

template void RleBitPackedDecoder::Decode<uint8_t>(uint8_t*, size_t);
template void RleBitPackedDecoder::Decode<uint32_t>(uint32_t*, size_t);
template void RleBitPackedDecoder::Decode<bool>(bool*, size_t);

// ---- Definition levels ----

LevelDecoder::LevelDecoder(Encoding encoding, const uint8_t* data, size_t size, int bit_width)
    : encoding_(encoding), data_(data), size_(size), bit_width_(bit_width) {
  if (encoding == Encoding::kRle) rle_ = RleBitPackedDecoder(data, size, bit_width);
}

void LevelDecoder::Decode(uint8_t* out, size_t count) {
  if (encoding_ == Encoding::kRle) {
    rle_.Decode(out, count);
    return;
  }
  // BIT_PACKED packs from the most significant bit of each byte.
  uint64_t available_bits = static_cast<uint64_t>(size_) * 8;
  if ((next_index_ + count) * static_cast<uint64_t>(bit_width_) > available_bits) {
    ThrowCorrupt("BIT_PACKED definition levels end early");
  }
  for (size_t i = 0; i < count; ++i) {
    uint64_t position = (next_index_ + i) * static_cast<uint64_t>(bit_width_);
    uint8_t level = 0;
    for (int b = 0; b < bit_width_; ++b, ++position) {
      level =
          static_cast<uint8_t>(level << 1 | ((data_[position >> 3] >> (7 - (position & 7))) & 1));
    }
    out[i] = level;
  }
  next_index_ += count;
}

// ---- DELTA_BINARY_PACKED ----

namespace {

/// Holds the header fields of a DELTA_BINARY_PACKED stream.
struct DeltaHeader {
  uint64_t values_per_miniblock = 0;
  uint64_t miniblocks_per_block = 0;
  uint64_t total_values = 0;
  uint64_t first_value = 0;
};

DeltaHeader ReadDeltaHeader(const uint8_t** cursor, const uint8_t* end) {
  uint64_t block_size = ReadUleb128(cursor, end, "DELTA_BINARY_PACKED block size");
  DeltaHeader header;
  header.miniblocks_per_block = ReadUleb128(cursor, end, "DELTA_BINARY_PACKED miniblock count");
  header.total_values = ReadUleb128(cursor, end, "DELTA_BINARY_PACKED value count");
  header.first_value = ReadZigzag(cursor, end, "DELTA_BINARY_PACKED first value");
  if (block_size == 0 || block_size % 128 != 0 || block_size > (1 << 20) ||
      header.miniblocks_per_block == 0 || block_size % header.miniblocks_per_block != 0 ||
      (block_size / header.miniblocks_per_block) % 32 != 0) {
    ThrowCorrupt(StrCat("DELTA_BINARY_PACKED header has an invalid block size ", block_size,
                        " with ", header.miniblocks_per_block, " miniblocks"));
  }
  header.values_per_miniblock = block_size / header.miniblocks_per_block;
  return header;
}

template <typename P>
class DeltaBinaryPackedDecoder final : public ValueDecoder<P> {
 public:
  DeltaBinaryPackedDecoder(const uint8_t* data, size_t size) : data_(data), end_(data + size) {
    header_ = ReadDeltaHeader(&data_, end_);
    remaining_ = header_.total_values;
    last_ = header_.first_value;
  }

  void Decode(P* out, size_t count) override {
    if (count > remaining_) {
      ThrowCorrupt(StrCat("DELTA_BINARY_PACKED data holds ", remaining_, " more values, ", count,
                          " are needed"));
    }
    for (size_t i = 0; i < count; ++i) {
      if (!first_done_) {
        first_done_ = true;
      } else {
        if (miniblock_remaining_ == 0) NextMiniblock();
        uint64_t delta = bit_width_ == 0 ? 0
                                         : UnpackBits(miniblock_, miniblock_size_,
                                                      miniblock_index_ * bit_width_, bit_width_);
        ++miniblock_index_;
        --miniblock_remaining_;
        last_ += min_delta_ + delta;  // wraps in two's complement, as the format requires
      }
      out[i] = static_cast<P>(last_);
    }
    remaining_ -= count;
  }

 private:
  void NextMiniblock() {
    if (miniblock_in_block_ == header_.miniblocks_per_block || bit_widths_ == nullptr) {
      min_delta_ = ReadZigzag(&data_, end_, "DELTA_BINARY_PACKED minimum delta");
      if (header_.miniblocks_per_block > static_cast<uint64_t>(end_ - data_)) {
        ThrowCorrupt("DELTA_BINARY_PACKED miniblock bit widths are truncated");
      }
      bit_widths_ = data_;
      data_ += header_.miniblocks_per_block;
      miniblock_in_block_ = 0;
    }
    bit_width_ = bit_widths_[miniblock_in_block_++];
    // The format caps INT32 deltas at 32 bits, but DuckDB writes 33-bit ones for INT32 columns;
    // decoding in 64 bits and truncating gives the right values either way.
    if (bit_width_ > 64) {
      ThrowCorrupt(StrCat("DELTA_BINARY_PACKED bit width ", bit_width_, " exceeds 64"));
    }
    uint64_t bytes = header_.values_per_miniblock * bit_width_ / 8;
    size_t available = static_cast<size_t>(std::min<uint64_t>(bytes, end_ - data_));
    miniblock_ = data_;
    miniblock_size_ = available;
    miniblock_index_ = 0;
    data_ += available;
    // The last miniblock may be cut short after its last value.
    miniblock_remaining_ = bit_width_ == 0 ? header_.values_per_miniblock
                                           : std::min<uint64_t>(header_.values_per_miniblock,
                                                                available * 8 / bit_width_);
    if (miniblock_remaining_ == 0) ThrowCorrupt("DELTA_BINARY_PACKED data is truncated");
  }

  const uint8_t* data_;
  const uint8_t* end_;
  DeltaHeader header_;
  uint64_t remaining_ = 0;
  bool first_done_ = false;
  uint64_t last_ = 0;
  uint64_t min_delta_ = 0;
  const uint8_t* bit_widths_ = nullptr;
  uint64_t miniblock_in_block_ = 0;
  int bit_width_ = 0;
  const uint8_t* miniblock_ = nullptr;
  size_t miniblock_size_ = 0;
  uint64_t miniblock_index_ = 0;
  uint64_t miniblock_remaining_ = 0;
};

}  // namespace

size_t DeltaBinaryPackedLength(const uint8_t* data, size_t size) {
  const uint8_t* cursor = data;
  const uint8_t* end = data + size;
  DeltaHeader header = ReadDeltaHeader(&cursor, end);
  uint64_t remaining = header.total_values > 0 ? header.total_values - 1 : 0;
  while (remaining > 0) {
    ReadZigzag(&cursor, end, "DELTA_BINARY_PACKED minimum delta");
    if (header.miniblocks_per_block > static_cast<uint64_t>(end - cursor)) {
      ThrowCorrupt("DELTA_BINARY_PACKED miniblock bit widths are truncated");
    }
    const uint8_t* bit_widths = cursor;
    cursor += header.miniblocks_per_block;
    for (uint64_t m = 0; m < header.miniblocks_per_block && remaining > 0; ++m) {
      uint64_t bytes = header.values_per_miniblock * bit_widths[m] / 8;
      if (bit_widths[m] > 64 || bytes > static_cast<uint64_t>(end - cursor)) {
        ThrowCorrupt("DELTA_BINARY_PACKED miniblock is truncated");
      }
      cursor += bytes;
      remaining -= std::min(remaining, header.values_per_miniblock);
    }
  }
  return static_cast<size_t>(cursor - data);
}

// ---- PLAIN ----

namespace {

template <typename P>
class PlainFixedDecoder final : public ValueDecoder<P> {
 public:
  PlainFixedDecoder(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  void Decode(P* out, size_t count) override {
    if (count > (size_ - position_) / sizeof(P)) {
      ThrowCorrupt(StrCat("PLAIN data holds ", (size_ - position_) / sizeof(P), " more values, ",
                          count, " are needed"));
    }
    if (count == 0) return;  // `out` may be null then
    std::memcpy(out, data_ + position_, count * sizeof(P));
    position_ += count * sizeof(P);
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
};

class PlainBooleanDecoder final : public ValueDecoder<bool> {
 public:
  PlainBooleanDecoder(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  void Decode(bool* out, size_t count) override {
    if (count > size_ * 8 - next_bit_) {
      ThrowCorrupt(StrCat("PLAIN boolean data holds ", size_ * 8 - next_bit_, " more values, ",
                          count, " are needed"));
    }
    for (size_t i = 0; i < count; ++i, ++next_bit_) {
      out[i] = (data_[next_bit_ >> 3] >> (next_bit_ & 7)) & 1;
    }
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t next_bit_ = 0;
};

class PlainByteArrayDecoder final : public ValueDecoder<std::string_view> {
 public:
  PlainByteArrayDecoder(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  void Decode(std::string_view* out, size_t count) override {
    for (size_t i = 0; i < count; ++i) {
      if (size_ - position_ < 4) {
        ThrowCorrupt(StrCat("PLAIN byte array data ends ", count - i, " values early"));
      }
      uint32_t length;
      std::memcpy(&length, data_ + position_, 4);
      position_ += 4;
      if (length > size_ - position_) {
        ThrowCorrupt(StrCat("a PLAIN byte array of ", length, " bytes runs past the page end (",
                            size_ - position_, " bytes left)"));
      }
      out[i] = std::string_view(reinterpret_cast<const char*>(data_ + position_), length);
      position_ += length;
    }
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t position_ = 0;
};

class PlainFixedLenByteArrayDecoder final : public ValueDecoder<std::string_view> {
 public:
  PlainFixedLenByteArrayDecoder(const uint8_t* data, size_t size, size_t type_length)
      : data_(data), size_(size), type_length_(type_length) {}
  void Decode(std::string_view* out, size_t count) override {
    if (count > (size_ - position_) / type_length_) {
      ThrowCorrupt(StrCat("PLAIN fixed-length data holds ", (size_ - position_) / type_length_,
                          " more values, ", count, " are needed"));
    }
    for (size_t i = 0; i < count; ++i, position_ += type_length_) {
      out[i] = std::string_view(reinterpret_cast<const char*>(data_ + position_), type_length_);
    }
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t type_length_;
  size_t position_ = 0;
};

/// Decodes booleans encoded with RLE: a 4-byte length, then the hybrid runs of bit width 1.
class RleBooleanDecoder final : public ValueDecoder<bool> {
 public:
  RleBooleanDecoder(const uint8_t* data, size_t size) {
    if (size < 4) ThrowCorrupt("RLE boolean data lacks its 4-byte length");
    uint32_t length;
    std::memcpy(&length, data, 4);
    if (length > size - 4) {
      ThrowCorrupt(StrCat("RLE boolean data claims ", length, " bytes, the page has ", size - 4));
    }
    rle_ = RleBitPackedDecoder(data + 4, length, 1);
  }
  void Decode(bool* out, size_t count) override { rle_.Decode(out, count); }

 private:
  RleBitPackedDecoder rle_;
};

// ---- BYTE_STREAM_SPLIT ----

template <typename P>
class ByteStreamSplitDecoder final : public ValueDecoder<P> {
 public:
  ByteStreamSplitDecoder(const uint8_t* data, size_t size)
      : data_(data), num_values_(size / sizeof(P)) {
    if (size % sizeof(P) != 0) {
      ThrowCorrupt(
          StrCat("BYTE_STREAM_SPLIT data of ", size, " bytes is not a multiple of ", sizeof(P)));
    }
  }
  void Decode(P* out, size_t count) override {
    if (count > num_values_ - next_) {
      ThrowCorrupt(StrCat("BYTE_STREAM_SPLIT data holds ", num_values_ - next_, " more values, ",
                          count, " are needed"));
    }
    auto* bytes = reinterpret_cast<uint8_t*>(out);
    for (size_t i = 0; i < count; ++i) {
      for (size_t k = 0; k < sizeof(P); ++k) {
        bytes[i * sizeof(P) + k] = data_[k * num_values_ + next_ + i];
      }
    }
    next_ += count;
  }

 private:
  const uint8_t* data_;
  size_t num_values_;
  size_t next_ = 0;
};

class ByteStreamSplitFixedLenDecoder final : public ValueDecoder<std::string_view> {
 public:
  ByteStreamSplitFixedLenDecoder(const uint8_t* data, size_t size, size_t type_length)
      : data_(data), width_(type_length), num_values_(size / type_length) {
    if (size % type_length != 0) {
      ThrowCorrupt(
          StrCat("BYTE_STREAM_SPLIT data of ", size, " bytes is not a multiple of ", type_length));
    }
  }
  void Decode(std::string_view* out, size_t count) override {
    if (count > num_values_ - next_) {
      ThrowCorrupt(StrCat("BYTE_STREAM_SPLIT data holds ", num_values_ - next_, " more values, ",
                          count, " are needed"));
    }
    scratch_.resize(count * width_);
    for (size_t i = 0; i < count; ++i) {
      for (size_t k = 0; k < width_; ++k) {
        scratch_[i * width_ + k] = static_cast<char>(data_[k * num_values_ + next_ + i]);
      }
    }
    for (size_t i = 0; i < count; ++i) out[i] = std::string_view(&scratch_[i * width_], width_);
    next_ += count;
  }

 private:
  const uint8_t* data_;
  size_t width_;
  size_t num_values_;
  size_t next_ = 0;
  std::string scratch_;
};

// ---- DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY ----

class DeltaLengthByteArrayDecoder final : public ValueDecoder<std::string_view> {
 public:
  DeltaLengthByteArrayDecoder(const uint8_t* data, size_t size) : lengths_(data, size) {
    size_t lengths_size = DeltaBinaryPackedLength(data, size);
    bytes_ = data + lengths_size;
    bytes_size_ = size - lengths_size;
  }
  void Decode(std::string_view* out, size_t count) override {
    lengths_scratch_.resize(count);
    lengths_.Decode(lengths_scratch_.data(), count);
    for (size_t i = 0; i < count; ++i) {
      int32_t length = lengths_scratch_[i];
      if (length < 0 || static_cast<size_t>(length) > bytes_size_ - position_) {
        ThrowCorrupt(StrCat("a DELTA_LENGTH_BYTE_ARRAY value of ", length,
                            " bytes does not fit the ", bytes_size_ - position_, " bytes left"));
      }
      out[i] = std::string_view(reinterpret_cast<const char*>(bytes_ + position_), length);
      position_ += length;
    }
  }

 private:
  DeltaBinaryPackedDecoder<int32_t> lengths_;
  const uint8_t* bytes_;
  size_t bytes_size_;
  size_t position_ = 0;
  std::vector<int32_t> lengths_scratch_;
};

class DeltaByteArrayDecoder final : public ValueDecoder<std::string_view> {
 public:
  /// `type_length` is the length every value must have (FIXED_LEN_BYTE_ARRAY), or 0.
  DeltaByteArrayDecoder(const uint8_t* data, size_t size, size_t type_length)
      : prefix_lengths_(data, size),
        prefixes_size_(DeltaBinaryPackedLength(data, size)),
        suffixes_(data + prefixes_size_, size - prefixes_size_),
        type_length_(type_length) {}

  void Decode(std::string_view* out, size_t count) override {
    prefix_scratch_.resize(count);
    suffix_scratch_.resize(count);
    prefix_lengths_.Decode(prefix_scratch_.data(), count);
    suffixes_.Decode(suffix_scratch_.data(), count);
    // Size the storage first so that the views taken below stay valid.
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) {
      if (prefix_scratch_[i] < 0) ThrowCorrupt("a DELTA_BYTE_ARRAY prefix length is negative");
      total += static_cast<size_t>(prefix_scratch_[i]) + suffix_scratch_[i].size();
    }
    if (total > static_cast<size_t>(INT32_MAX)) {
      Throw(ErrorKind::kResourceExhausted, "", "A batch of DELTA_BYTE_ARRAY strings exceeds ",
            "2 GiB; lower the batch size.");
    }
    storage_.clear();
    storage_.reserve(total);
    size_t previous_start = 0;
    size_t previous_size = 0;
    for (size_t i = 0; i < count; ++i) {
      auto prefix = static_cast<size_t>(prefix_scratch_[i]);
      size_t start = storage_.size();
      if (i == 0) {
        if (prefix > previous_.size()) ThrowPrefixTooLong(prefix, previous_.size());
        storage_.append(previous_, 0, prefix);
      } else {
        if (prefix > previous_size) ThrowPrefixTooLong(prefix, previous_size);
        storage_.append(storage_, previous_start, prefix);
      }
      storage_.append(suffix_scratch_[i]);
      previous_start = start;
      previous_size = storage_.size() - start;
      if (type_length_ != 0 && previous_size != type_length_) {
        ThrowCorrupt(StrCat("a DELTA_BYTE_ARRAY value has ", previous_size,
                            " bytes in a column of fixed length ", type_length_));
      }
    }
    size_t offset = 0;
    for (size_t i = 0; i < count; ++i) {
      size_t length = static_cast<size_t>(prefix_scratch_[i]) + suffix_scratch_[i].size();
      out[i] = std::string_view(storage_.data() + offset, length);
      offset += length;
    }
    if (count > 0) previous_.assign(storage_, previous_start, previous_size);
  }

 private:
  [[noreturn]] static void ThrowPrefixTooLong(size_t prefix, size_t previous) {
    ThrowCorrupt(StrCat("a DELTA_BYTE_ARRAY prefix of ", prefix,
                        " bytes is longer than the previous value (", previous, " bytes)"));
  }

  DeltaBinaryPackedDecoder<int32_t> prefix_lengths_;
  size_t prefixes_size_;  // bytes of the prefix-length stream, which the suffixes follow
  DeltaLengthByteArrayDecoder suffixes_;
  size_t type_length_;
  std::string previous_;
  std::string storage_;
  std::vector<int32_t> prefix_scratch_;
  std::vector<std::string_view> suffix_scratch_;
};

}  // namespace

template <typename P>
std::unique_ptr<ValueDecoder<P>> MakeValueDecoder(Encoding encoding, PhysicalType type,
                                                  int32_t type_length, const uint8_t* data,
                                                  size_t size) {
  constexpr bool kIsFixedNumeric = std::is_same_v<P, int32_t> || std::is_same_v<P, int64_t> ||
                                   std::is_same_v<P, float> || std::is_same_v<P, double>;
  auto fixed_length = static_cast<size_t>(type_length);
  switch (encoding) {
    case Encoding::kPlain:
      if constexpr (std::is_same_v<P, bool>) {
        return std::make_unique<PlainBooleanDecoder>(data, size);
      } else if constexpr (std::is_same_v<P, std::string_view>) {
        if (type == PhysicalType::kFixedLenByteArray) {
          return std::make_unique<PlainFixedLenByteArrayDecoder>(data, size, fixed_length);
        }
        return std::make_unique<PlainByteArrayDecoder>(data, size);
      } else {
        return std::make_unique<PlainFixedDecoder<P>>(data, size);
      }
    case Encoding::kRle:
      if constexpr (std::is_same_v<P, bool>) return std::make_unique<RleBooleanDecoder>(data, size);
      break;
    case Encoding::kDeltaBinaryPacked:
      if constexpr (std::is_same_v<P, int32_t> || std::is_same_v<P, int64_t>) {
        return std::make_unique<DeltaBinaryPackedDecoder<P>>(data, size);
      }
      break;
    case Encoding::kDeltaLengthByteArray:
      if constexpr (std::is_same_v<P, std::string_view>) {
        if (type == PhysicalType::kByteArray) {
          return std::make_unique<DeltaLengthByteArrayDecoder>(data, size);
        }
      }
      break;
    case Encoding::kDeltaByteArray:
      if constexpr (std::is_same_v<P, std::string_view>) {
        return std::make_unique<DeltaByteArrayDecoder>(
            data, size, type == PhysicalType::kFixedLenByteArray ? fixed_length : 0);
      }
      break;
    case Encoding::kByteStreamSplit:
      if constexpr (kIsFixedNumeric) {
        return std::make_unique<ByteStreamSplitDecoder<P>>(data, size);
      } else if constexpr (std::is_same_v<P, std::string_view>) {
        if (type == PhysicalType::kFixedLenByteArray) {
          return std::make_unique<ByteStreamSplitFixedLenDecoder>(data, size, fixed_length);
        }
      }
      break;
    default:
      break;
  }
  return nullptr;
}

template std::unique_ptr<ValueDecoder<bool>> MakeValueDecoder<bool>(Encoding, PhysicalType, int32_t,
                                                                    const uint8_t*, size_t);
template std::unique_ptr<ValueDecoder<int32_t>> MakeValueDecoder<int32_t>(Encoding, PhysicalType,
                                                                          int32_t, const uint8_t*,
                                                                          size_t);
template std::unique_ptr<ValueDecoder<int64_t>> MakeValueDecoder<int64_t>(Encoding, PhysicalType,
                                                                          int32_t, const uint8_t*,
                                                                          size_t);
template std::unique_ptr<ValueDecoder<Int96>> MakeValueDecoder<Int96>(Encoding, PhysicalType,
                                                                      int32_t, const uint8_t*,
                                                                      size_t);
template std::unique_ptr<ValueDecoder<float>> MakeValueDecoder<float>(Encoding, PhysicalType,
                                                                      int32_t, const uint8_t*,
                                                                      size_t);
template std::unique_ptr<ValueDecoder<double>> MakeValueDecoder<double>(Encoding, PhysicalType,
                                                                        int32_t, const uint8_t*,
                                                                        size_t);
template std::unique_ptr<ValueDecoder<std::string_view>> MakeValueDecoder<std::string_view>(
    Encoding, PhysicalType, int32_t, const uint8_t*, size_t);

}  // namespace ember::parquet

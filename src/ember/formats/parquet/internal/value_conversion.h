#pragma once

// Converts decoded physical values to the storage of their Ember type (ValueConversion).

#include <cstring>
#include <string_view>
#include <type_traits>

#include "ember/common/error.h"
#include "ember/formats/parquet/internal/decoders.h"
#include "ember/formats/parquet/internal/schema_conversion.h"

namespace ember::parquet {

/// The Julian day number of 1970-01-01, the day INT96 timestamps count from.
inline constexpr int64_t kJulianDayOfUnixEpoch = 2440588;
inline constexpr int64_t kMicrosPerDay = 86400LL * 1000 * 1000;

/// Returns the value of a big-endian two's complement integer of `bytes`; throws when it does
/// not fit 128 bits.
inline int128_t DecodeBigEndianDecimal(std::string_view bytes) {
  size_t size = bytes.size();
  if (size == 0) return 0;
  const auto* data = reinterpret_cast<const uint8_t*>(bytes.data());
  bool negative = (data[0] & 0x80) != 0;
  // Leading bytes beyond 16 must only extend the sign.
  size_t skip = size > 16 ? size - 16 : 0;
  for (size_t i = 0; i < skip; ++i) {
    if (data[i] != (negative ? 0xFF : 0x00)) {
      ThrowCorrupt(StrCat("a decimal value of ", size, " bytes does not fit 38 digits"));
    }
  }
  if (skip > 0 && ((data[skip] & 0x80) != 0) != negative) {
    ThrowCorrupt(StrCat("a decimal value of ", size, " bytes does not fit 38 digits"));
  }
  unsigned __int128 value = negative ? ~static_cast<unsigned __int128>(0) : 0;
  for (size_t i = skip; i < size; ++i) value = (value << 8) | data[i];
  return static_cast<int128_t>(value);
}

/// Returns the UTC microseconds of an INT96 timestamp, wrapping rather than overflowing on
/// absurd Julian days as Spark's long arithmetic does.
inline int64_t Int96ToMicros(const Int96& value) {
  int64_t nanos_of_day;
  int32_t julian_day;
  std::memcpy(&nanos_of_day, value.bytes, 8);
  std::memcpy(&julian_day, value.bytes + 8, 4);
  uint64_t days = static_cast<uint64_t>(static_cast<int64_t>(julian_day) - kJulianDayOfUnixEpoch);
  int64_t micros_of_day = nanos_of_day / 1000 - (nanos_of_day % 1000 < 0 ? 1 : 0);
  return static_cast<int64_t>(days * static_cast<uint64_t>(kMicrosPerDay) +
                              static_cast<uint64_t>(micros_of_day));
}

/// Converts `count` physical values of type P at `in` to storage type T at `out`. Combinations
/// the schema mapping never produces fail an internal check.
template <typename P, typename T>
void ConvertValues(ValueConversion conversion, const P* in, T* out, size_t count) {
  if constexpr (std::is_same_v<P, T>) {
    if (conversion == ValueConversion::kNone) {
      if constexpr (std::is_trivially_copyable_v<T>) {
        if (count > 0) std::memcpy(out, in, count * sizeof(T));
      } else {
        for (size_t i = 0; i < count; ++i) out[i] = in[i];
      }
      return;
    }
  }
  if constexpr (std::is_same_v<P, int32_t> &&
                (std::is_same_v<T, int8_t> || std::is_same_v<T, int16_t>)) {
    if (conversion == ValueConversion::kNarrowInteger) {
      for (size_t i = 0; i < count; ++i) out[i] = static_cast<T>(in[i]);
      return;
    }
  }
  if constexpr (std::is_same_v<P, int32_t> && std::is_same_v<T, int64_t>) {
    if (conversion == ValueConversion::kUnsignedInt32) {
      for (size_t i = 0; i < count; ++i) out[i] = static_cast<uint32_t>(in[i]);
      return;
    }
  }
  if constexpr ((std::is_same_v<P, int32_t> ||
                 std::is_same_v<P, int64_t>)&&std::is_same_v<T, int128_t>) {
    if (conversion == ValueConversion::kSignedDecimal) {
      for (size_t i = 0; i < count; ++i) out[i] = in[i];
      return;
    }
    if (conversion == ValueConversion::kUnsignedInt64Decimal) {
      for (size_t i = 0; i < count; ++i) out[i] = static_cast<uint64_t>(in[i]);
      return;
    }
  }
  if constexpr (std::is_same_v<P, int64_t> && std::is_same_v<T, int64_t>) {
    if (conversion == ValueConversion::kMillisToMicros) {
      for (size_t i = 0; i < count; ++i) {
        if (__builtin_mul_overflow(in[i], int64_t{1000}, &out[i])) {
          Throw(ErrorKind::kExecution, "DATETIME_OVERFLOW", "The TIMESTAMP(MILLIS) value ", in[i],
                " is outside the range of a timestamp.");
        }
      }
      return;
    }
    if (conversion == ValueConversion::kNanosToMicros) {
      for (size_t i = 0; i < count; ++i) {
        out[i] = in[i] / 1000 - (in[i] % 1000 < 0 ? 1 : 0);
      }
      return;
    }
  }
  if constexpr (std::is_same_v<P, Int96> && std::is_same_v<T, int64_t>) {
    if (conversion == ValueConversion::kInt96ToMicros) {
      for (size_t i = 0; i < count; ++i) out[i] = Int96ToMicros(in[i]);
      return;
    }
  }
  if constexpr (std::is_same_v<P, std::string_view> && std::is_same_v<T, int128_t>) {
    if (conversion == ValueConversion::kBytesDecimal) {
      for (size_t i = 0; i < count; ++i) out[i] = DecodeBigEndianDecimal(in[i]);
      return;
    }
  }
  EMBER_CHECK(false, "no Parquet value conversion ", static_cast<int>(conversion), " from ",
              sizeof(P), "-byte to ", sizeof(T), "-byte values");
}

}  // namespace ember::parquet

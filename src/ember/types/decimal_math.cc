#include "ember/types/decimal_math.h"

#include <cstdint>

#include "ember/types/text_format.h"

namespace ember {

namespace {

using u128 = unsigned __int128;

/// An unsigned 256-bit integer as four 64-bit limbs, least significant first.
struct U256 {
  uint64_t limb[4] = {0, 0, 0, 0};

  static U256 From(u128 value) {
    U256 out;
    out.limb[0] = static_cast<uint64_t>(value);
    out.limb[1] = static_cast<uint64_t>(value >> 64);
    return out;
  }
  bool FitsIn127Bits() const { return limb[2] == 0 && limb[3] == 0 && (limb[1] >> 63) == 0; }
  u128 Low() const { return (static_cast<u128>(limb[1]) << 64) | limb[0]; }
  bool Bit(int i) const { return (limb[i / 64] >> (i % 64)) & 1; }
};

U256 Multiply(u128 a, u128 b) {
  uint64_t x[2] = {static_cast<uint64_t>(a), static_cast<uint64_t>(a >> 64)};
  uint64_t y[2] = {static_cast<uint64_t>(b), static_cast<uint64_t>(b >> 64)};
  U256 out;
  for (int i = 0; i < 2; ++i) {
    u128 carry = 0;
    for (int j = 0; j < 2; ++j) {
      u128 cell = static_cast<u128>(x[i]) * y[j] + out.limb[i + j] + carry;
      out.limb[i + j] = static_cast<uint64_t>(cell);
      carry = cell >> 64;
    }
    out.limb[i + 2] += static_cast<uint64_t>(carry);
  }
  return out;
}

/// Divides `n` by `d` (d > 0, below 2^127), returning the quotient; `remainder` gets n mod d.
U256 Divide(const U256& n, u128 d, u128* remainder) {
  U256 quotient;
  u128 rest = 0;
  for (int i = 255; i >= 0; --i) {
    bool top = rest >> 127;  // rest < d < 2^127, so shifting never loses a set bit
    rest = (rest << 1) | static_cast<u128>(n.Bit(i));
    if (top || rest >= d) {
      rest -= d;
      quotient.limb[i / 64] |= uint64_t{1} << (i % 64);
    }
  }
  *remainder = rest;
  return quotient;
}

u128 Magnitude(int128_t value) {
  return value < 0 ? static_cast<u128>(-(value + 1)) + 1 : static_cast<u128>(value);
}

/// Divides and rounds HALF_UP, then applies the sign; false if the result is too wide.
bool DivideRounded(const U256& numerator, u128 divisor, bool negative, int128_t* out) {
  u128 remainder = 0;
  U256 quotient = Divide(numerator, divisor, &remainder);
  if (!quotient.FitsIn127Bits()) return false;
  u128 magnitude = quotient.Low();
  if (remainder >= divisor - remainder) ++magnitude;  // 2 * remainder >= divisor
  if (magnitude >> 127) return false;
  *out = negative ? -static_cast<int128_t>(magnitude) : static_cast<int128_t>(magnitude);
  return true;
}

}  // namespace

bool MultiplyAndRescale(int128_t a, int128_t b, int drop_digits, int128_t* out) {
  bool negative = (a < 0) != (b < 0);
  U256 product = Multiply(Magnitude(a), Magnitude(b));
  return DivideRounded(product, static_cast<u128>(PowerOfTen(drop_digits)), negative, out);
}

bool DivideScaled(int128_t a, int shift, int128_t b, int128_t* out) {
  bool negative = (a < 0) != (b < 0);
  U256 numerator = Multiply(Magnitude(a), static_cast<u128>(PowerOfTen(shift)));
  return DivideRounded(numerator, Magnitude(b), negative, out);
}

}  // namespace ember

#pragma once

#include "ember/types/data_type.h"

namespace ember {

/// Computes round_half_up(a * b / 10^drop_digits) exactly, with a 256-bit intermediate so a
/// product wider than 128 bits still rescales correctly; returns false if the result does not
/// fit in int128.
bool MultiplyAndRescale(int128_t a, int128_t b, int drop_digits, int128_t* out);

/// Computes round_half_up(a * 10^shift / b) exactly (b != 0), with a 256-bit intermediate;
/// returns false if the result does not fit in int128.
bool DivideScaled(int128_t a, int shift, int128_t b, int128_t* out);

}  // namespace ember

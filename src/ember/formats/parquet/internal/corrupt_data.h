#pragma once

// The one exception the Parquet decoders throw on malformed input. Decoders see only bytes; the
// reader, which knows the file, column and page, turns it into Error(kIo) naming all three.

#include <stdexcept>
#include <string>

namespace ember::parquet {

/// Signals bytes that do not decode: truncated, out of range or self-contradictory.
class CorruptDataError : public std::runtime_error {
 public:
  explicit CorruptDataError(const std::string& detail) : std::runtime_error(detail) {}
};

/// Throws CorruptDataError with `detail`, which says what was wrong ("page header claims ...").
[[noreturn]] inline void ThrowCorrupt(const std::string& detail) {
  throw CorruptDataError(detail);
}

}  // namespace ember::parquet

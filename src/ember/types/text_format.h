#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "ember/types/data_type.h"

namespace ember {

/// Formats a double exactly as Java's Double.toString does (what Spark's cast to string and
/// show() print): shortest round-trip digits, "1.0E7" from 10^7 up and below 10^-3.
std::string FormatDouble(double value);
/// Formats a float as Java's Float.toString.
std::string FormatFloat(float value);

/// Converts days since 1970-01-01 to a civil date and back (proleptic Gregorian calendar).
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);
int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day);

/// Formats a date as yyyy-MM-dd.
std::string FormatDate(int32_t days);
/// Formats a timestamp (UTC microseconds) as Spark does: "2024-01-02 03:04:05[.ffffff]" with
/// trailing zeros of the fraction dropped.
std::string FormatTimestamp(int64_t micros);
/// Formats an unscaled decimal with `scale` digits after the point ("-12.50").
std::string FormatDecimal(int128_t unscaled, int scale);

/// Parses text as Spark's cast does; returns nullopt when the text is malformed. ParseDouble reads
/// values beyond the range of double as infinity or zero, as Java's Double.parseDouble does.
std::optional<int32_t> ParseDate(std::string_view text);
std::optional<int64_t> ParseTimestamp(std::string_view text);
std::optional<int64_t> ParseInteger(std::string_view text);
std::optional<double> ParseDouble(std::string_view text);
std::optional<bool> ParseBoolean(std::string_view text);
/// Parses a decimal literal into an unscaled value of `type` (rounding HALF_UP); nullopt if the
/// text is malformed or the value does not fit the precision.
std::optional<int128_t> ParseDecimal(std::string_view text, const DataType& type);

/// Returns 10^exponent for 0 <= exponent <= 38.
int128_t PowerOfTen(int exponent);
/// Returns whether |unscaled| fits in `precision` digits.
bool DecimalFits(int128_t unscaled, int precision);
/// Rescales an unscaled decimal from `from_scale` to `to_scale`, rounding HALF_UP.
int128_t RescaleDecimal(int128_t unscaled, int from_scale, int to_scale);

/// Removes leading and trailing ASCII white space (as Spark's UTF8String.trim does for casts).
std::string_view TrimSpaces(std::string_view text);

}  // namespace ember

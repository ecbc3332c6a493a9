#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "ember/formats/read_options.h"
#include "ember/types/datetime_format.h"

namespace ember {

/// Says what a reader does with a record it cannot parse (Spark's `mode` option).
enum class ParseMode { kPermissive, kDropMalformed, kFailFast };

/// Returns the `mode` option of a text format: PERMISSIVE (the default), DROPMALFORMED or
/// FAILFAST in any case; throws naming the option otherwise.
ParseMode ParseModeOption(const FormatOptions& options);

/// Reads dates and timestamps from text as Spark's CSV and JSON readers do. With a `dateFormat`
/// or `timestampFormat` pattern, a value must match it (or, with
/// `enableDateTimeParsingFallback` = true, the rules of a cast); without one, values are read by
/// the rules of a cast ("2024-01-02", "2024-01-02 03:04:05.123", "2024-01-02T03:04:05Z").
class DateTimeReadOptions {
 public:
  /// Compiles the patterns of `options`; throws naming the option and the pattern if one is
  /// invalid.
  static DateTimeReadOptions From(const FormatOptions& options);

  /// Returns the days of a date value, or nullopt if it is malformed.
  std::optional<int32_t> ParseDate(std::string_view text) const;
  /// Returns the UTC microseconds of a timestamp value, or nullopt if it is malformed.
  std::optional<int64_t> ParseTimestamp(std::string_view text) const;
  /// Returns whether schema inference types `text` as a timestamp, as Spark's CSV inference and
  /// JSON inferTimestamp do: it is a timestamp without a zone by the rules of a cast, or it
  /// matches `timestampFormat` (without one, the rules of a cast with a zone).
  bool LooksLikeTimestamp(std::string_view text) const;

  const std::optional<DateTimeFormatter>& date_format() const { return date_format_; }

 private:
  std::optional<DateTimeFormatter> date_format_;
  std::optional<DateTimeFormatter> timestamp_format_;
  bool date_fallback_ = true;
  bool timestamp_fallback_ = true;
};

/// Formats dates and timestamps as Spark's CSV and JSON writers do, with the `dateFormat`
/// (default yyyy-MM-dd) and `timestampFormat` (default yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]) options.
struct DateTimeWriteOptions {
  DateTimeFormatter date_format = DateTimeFormatter::Compile(
      kDefaultDatePattern, DateTimePatternUse::kFormattingDates, "option `dateFormat`");
  DateTimeFormatter timestamp_format = DateTimeFormatter::Compile(
      kDefaultTimestampPattern, DateTimePatternUse::kFormattingTimestamps,
      "option `timestampFormat`");

  /// Compiles the patterns of `options`; throws naming the option and the pattern if one is
  /// invalid.
  static DateTimeWriteOptions From(const FormatOptions& options);
};

}  // namespace ember

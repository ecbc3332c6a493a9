#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace ember {

/// Says what a compiled datetime pattern is for, which decides the pattern letters it may use.
enum class DateTimePatternUse {
  /// Reads text into dates or timestamps. As in Spark, day-of-week, week-based and quarter
  /// letters are rejected, and a run of n 'S' letters reads 1 to n fraction digits.
  kParsing,
  /// Writes dates: time-of-day and offset letters are allowed only inside optional sections,
  /// which a date then skips (java.time fails on such fields when it formats a date).
  kFormattingDates,
  /// Writes timestamps.
  kFormattingTimestamps,
};

/// Parses and formats dates and timestamps with a Spark 3+ datetime pattern such as "dd/MM/yyyy",
/// "yyyy-MM-dd HH:mm:ss.SSS" or "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]", as Spark does through
/// java.time's DateTimeFormatter: parsing is case-insensitive and strict (the whole text must
/// match; fields are range-checked and 2023-02-29 is rejected), fields the pattern lacks default
/// to 1970-01-01 00:00:00, and text without an offset is read in UTC (the session time zone;
/// Ember supports no other yet). Formatting prints UTC, so offsets print as zero ("Z", "+00:00").
///
/// Supported letters: y (year; yy is 2000-2099), M/L (month: M, MM, MMM "Jan", MMMM "January"),
/// d, D (day of year), E (day of week, formatting only), a (AM/PM), H, k, K, h, m, s, S
/// (fraction, up to 9), X, x, Z (offsets), 'quoted text' ('' is a quote), [optional sections],
/// and any other non-letter character as a literal. Time-zone names (V, z, O), eras (G) and
/// week-based fields are not supported.
class DateTimeFormatter {
 public:
  /// Compiles `pattern` for `use`. Throws an Error naming `culprit` (e.g. "option `dateFormat`")
  /// and the pattern: kInvalidArgument with Spark's INVALID_DATETIME_PATTERN classes for a
  /// malformed pattern or a letter Spark rejects, kNotImplemented for a letter Spark accepts but
  /// Ember does not.
  static DateTimeFormatter Compile(std::string_view pattern, DateTimePatternUse use,
                                   std::string_view culprit);

  /// Returns days since 1970-01-01 of `text`, or nullopt when it does not match the pattern or
  /// names an invalid date. Time fields are checked and ignored.
  std::optional<int32_t> ParseDate(std::string_view text) const;
  /// Returns UTC microseconds since the epoch of `text` (an offset in the text applies), or
  /// nullopt when it does not match, names an invalid date or time, or is out of range.
  std::optional<int64_t> ParseTimestamp(std::string_view text) const;

  /// Formats days since 1970-01-01; requires a pattern compiled for kFormattingDates.
  std::string FormatDate(int32_t days) const;
  /// Formats UTC microseconds since the epoch; requires kFormattingTimestamps.
  std::string FormatTimestamp(int64_t micros) const;

  const std::string& pattern() const { return pattern_; }

  /// Holds one compiled element of a pattern (defined in datetime_format.cc).
  struct Node;

 private:
  DateTimeFormatter() = default;

  std::string pattern_;
  DateTimePatternUse use_ = DateTimePatternUse::kParsing;
  std::shared_ptr<const Node> root_;  // an always-present sequence of the pattern's elements
};

/// Spark's default patterns for writing dates and timestamps (CSV and JSON dateFormat and
/// timestampFormat when the options are not set).
inline constexpr std::string_view kDefaultDatePattern = "yyyy-MM-dd";
inline constexpr std::string_view kDefaultTimestampPattern = "yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX]";

}  // namespace ember

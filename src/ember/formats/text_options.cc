#include "ember/formats/text_options.h"

#include "ember/common/ascii.h"
#include "ember/common/error.h"
#include "ember/types/text_format.h"

namespace ember {

ParseMode ParseModeOption(const FormatOptions& options) {
  std::string mode = AsciiUpper(options.GetString("mode", "PERMISSIVE"));
  if (mode == "PERMISSIVE") return ParseMode::kPermissive;
  if (mode == "DROPMALFORMED") return ParseMode::kDropMalformed;
  if (mode == "FAILFAST") return ParseMode::kFailFast;
  Throw(ErrorKind::kInvalidArgument, "INVALID_OPTION_VALUE",
        "Option `mode` must be PERMISSIVE, DROPMALFORMED or FAILFAST, got '",
        options.GetString("mode", ""), "'.");
}

DateTimeReadOptions DateTimeReadOptions::From(const FormatOptions& options) {
  DateTimeReadOptions result;
  if (options.Has("dateFormat")) {
    result.date_format_ = DateTimeFormatter::Compile(
        options.GetString("dateFormat", ""), DateTimePatternUse::kParsing, "option `dateFormat`");
  }
  if (options.Has("timestampFormat")) {
    result.timestamp_format_ =
        DateTimeFormatter::Compile(options.GetString("timestampFormat", ""),
                                   DateTimePatternUse::kParsing, "option `timestampFormat`");
  }
  // Spark falls back to the rules of a cast only where no pattern is set, unless told otherwise.
  std::optional<bool> fallback;
  if (options.Has("enableDateTimeParsingFallback")) {
    fallback = options.GetBool("enableDateTimeParsingFallback", false);
  }
  result.date_fallback_ = fallback.value_or(!result.date_format_);
  result.timestamp_fallback_ = fallback.value_or(!result.timestamp_format_);
  return result;
}

std::optional<int32_t> DateTimeReadOptions::ParseDate(std::string_view text) const {
  if (date_format_) {
    if (auto days = date_format_->ParseDate(text)) return days;
    if (!date_fallback_) return std::nullopt;
  }
  return ember::ParseDate(text);
}

std::optional<int64_t> DateTimeReadOptions::ParseTimestamp(std::string_view text) const {
  if (timestamp_format_) {
    if (auto micros = timestamp_format_->ParseTimestamp(text)) return micros;
    if (!timestamp_fallback_) return std::nullopt;
  }
  return ember::ParseTimestamp(text);
}

bool DateTimeReadOptions::LooksLikeTimestamp(std::string_view text) const {
  // A cast reads "Z" as the only zone; Spark's timestamp-without-zone inference rejects it.
  std::string_view trimmed = TrimSpaces(text);
  bool has_zone = !trimmed.empty() && (trimmed.back() == 'Z' || trimmed.back() == 'z');
  if (!has_zone && ember::ParseTimestamp(text)) return true;
  return timestamp_format_ ? timestamp_format_->ParseTimestamp(text).has_value()
                           : ember::ParseTimestamp(text).has_value();
}

DateTimeWriteOptions DateTimeWriteOptions::From(const FormatOptions& options) {
  DateTimeWriteOptions result;
  if (options.Has("dateFormat")) {
    result.date_format =
        DateTimeFormatter::Compile(options.GetString("dateFormat", ""),
                                   DateTimePatternUse::kFormattingDates, "option `dateFormat`");
  }
  if (options.Has("timestampFormat")) {
    result.timestamp_format = DateTimeFormatter::Compile(options.GetString("timestampFormat", ""),
                                                         DateTimePatternUse::kFormattingTimestamps,
                                                         "option `timestampFormat`");
  }
  return result;
}

}  // namespace ember

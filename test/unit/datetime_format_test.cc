// Unit tests of DateTimeFormatter: Spark 3+ datetime patterns (java.time's DateTimeFormatter with
// Spark's restrictions) for parsing and formatting dates and timestamps. Expected values follow
// java.time's documented behaviour: STRICT resolution, case-insensitive parsing, adjacent value
// parsing, optional sections, and Spark's defaults for missing fields.

#include <gtest/gtest.h>

#include <optional>

#include "ember/common/error.h"
#include "ember/types/datetime_format.h"
#include "ember/types/text_format.h"
#include "test_util.h"

namespace ember {
namespace {

using testing::CaptureError;

constexpr int64_t kMicrosPerSecond = 1'000'000;
// 2024-01-02 00:00:00 UTC: seconds and days since the epoch.
constexpr int64_t kJan2nd2024 = 1'704'153'600;
constexpr int32_t kJan2nd2024Days = 19'724;

DateTimeFormatter Parser(std::string_view pattern) {
  return DateTimeFormatter::Compile(pattern, DateTimePatternUse::kParsing, "the test");
}

std::optional<int64_t> ParseTs(std::string_view pattern, std::string_view text) {
  return Parser(pattern).ParseTimestamp(text);
}

std::optional<int32_t> ParseDay(std::string_view pattern, std::string_view text) {
  return Parser(pattern).ParseDate(text);
}

std::string FormatTs(std::string_view pattern, int64_t micros) {
  return DateTimeFormatter::Compile(pattern, DateTimePatternUse::kFormattingTimestamps, "the test")
      .FormatTimestamp(micros);
}

std::string FormatDay(std::string_view pattern, int32_t days) {
  return DateTimeFormatter::Compile(pattern, DateTimePatternUse::kFormattingDates, "the test")
      .FormatDate(days);
}

int64_t Micros(int64_t seconds, int64_t micros = 0) {
  return seconds * kMicrosPerSecond + micros;
}

// 2024-01-02 03:04:05 UTC plus `micros`.
int64_t Jan2nd(int64_t micros = 0) {
  return Micros(kJan2nd2024 + 3 * 3600 + 4 * 60 + 5, micros);
}

TEST(DateTimeFormatterTest, ParsesCommonTimestampPatterns) {
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss", "2024-01-02 03:04:05"), Jan2nd());
  EXPECT_EQ(ParseTs("dd/MM/yyyy HH:mm:ss", "02/01/2024 03:04:05"), Jan2nd());
  EXPECT_EQ(ParseTs("MM/dd/yyyy hh:mm:ss a", "01/02/2024 03:04:05 AM"), Jan2nd());
  EXPECT_EQ(ParseTs("MM/dd/yyyy hh:mm:ss a", "01/02/2024 03:04:05 PM"),
            Jan2nd(12 * 3600 * kMicrosPerSecond));
  EXPECT_EQ(ParseTs("yyyy-MM-dd'T'HH:mm:ss", "2024-01-02T03:04:05"), Jan2nd());
  EXPECT_EQ(ParseTs("d MMM yyyy H:m:s", "2 Jan 2024 3:4:5"), Jan2nd());
  EXPECT_EQ(ParseTs("MMMM d, yyyy HH:mm:ss", "January 2, 2024 03:04:05"), Jan2nd());
}

TEST(DateTimeFormatterTest, ParsesFractionsOfOneToNDigits) {
  // Spark parses a run of n 'S' as 1 to n digits.
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05.1"), Jan2nd(100'000));
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05.123"), Jan2nd(123'000));
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05.1234"), std::nullopt);
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss.SSSSSS", "2024-01-02 03:04:05.123456"), Jan2nd(123'456));
  // Nanoseconds are truncated to microseconds.
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss.SSSSSSSSS", "2024-01-02 03:04:05.123456789"),
            Jan2nd(123'456));
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05."), std::nullopt);
}

TEST(DateTimeFormatterTest, AppliesOffsetsInTheText) {
  EXPECT_EQ(ParseTs("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T04:04:05+01:00"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-01T22:34:05-04:30"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T03:04:05Z"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T03:04:05z"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T03:04:05+0100"), std::nullopt);
  // X reads the hour and, when present, the minutes.
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ssX", "2024-01-02 04:04:05+01"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ssX", "2024-01-02 04:34:05+0130"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss Z", "2024-01-02 04:04:05 +0100"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss Z", "2024-01-02 03:04:05 Z"), std::nullopt);
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss xxx", "2024-01-02 03:04:05 +00:00"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss ZZZZ", "2024-01-02 11:04:05 GMT+08:00"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss ZZZZ", "2024-01-02 03:04:05 GMT"), Jan2nd());
  // Offsets are limited to +-18:00, as java.time's ZoneOffset.
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ssXXX", "2024-01-02 03:04:05+19:00"), std::nullopt);
}

TEST(DateTimeFormatterTest, MatchesLiteralsAndNamesIgnoringCase) {
  EXPECT_EQ(ParseTs("dd MMM yyyy HH:mm:ss", "02 jan 2024 03:04:05"), Jan2nd());
  EXPECT_EQ(ParseTs("dd MMM yyyy HH:mm:ss", "02 JAN 2024 03:04:05"), Jan2nd());
  EXPECT_EQ(ParseTs("yyyy-MM-dd'T'HH:mm:ss", "2024-01-02t03:04:05"), Jan2nd());
  EXPECT_EQ(ParseTs("hh:mm a", "03:04 pm"), Micros((15 * 60 + 4) * 60));
  // MMM reads short names only and MMMM full names only (strict text parsing).
  EXPECT_EQ(ParseDay("dd MMM yyyy", "02 January 2024"), std::nullopt);
  EXPECT_EQ(ParseDay("dd MMMM yyyy", "02 Jan 2024"), std::nullopt);
  EXPECT_EQ(ParseDay("dd MMMM yyyy", "02 September 2024"), kJan2nd2024Days + 244);
}

TEST(DateTimeFormatterTest, ReadsAdjacentNumbersByTheirWidths) {
  EXPECT_EQ(ParseDay("yyyyMMdd", "20240102"), kJan2nd2024Days);
  EXPECT_EQ(ParseTs("yyyyMMddHHmmss", "20240102030405"), Jan2nd());
  // A run of 'S' reads 1 to n digits, so it has no fixed width and yyyy takes the digits it
  // leaves (as in Spark 3+, which fails here too).
  EXPECT_EQ(ParseTs("yyyyMMddHHmmssSSS", "20240102030405123"), std::nullopt);
  EXPECT_EQ(ParseDay("yyMMdd", "240102"), kJan2nd2024Days);
  EXPECT_EQ(ParseDay("yyyyMMdd", "2024012"), std::nullopt);
}

TEST(DateTimeFormatterTest, ParsesYearsAsSparkDoes) {
  // yy is 2000-2099; y and yyy read any width; yyyy needs '+' beyond four digits.
  EXPECT_EQ(ParseDay("yy-MM-dd", "24-01-02"), kJan2nd2024Days);
  EXPECT_EQ(ParseDay("yy-MM-dd", "99-01-01"), DaysFromCivil(2099, 1, 1));
  EXPECT_EQ(ParseDay("yy-MM-dd", "2024-01-02"), std::nullopt);
  EXPECT_EQ(ParseDay("y-MM-dd", "2024-01-02"), kJan2nd2024Days);
  EXPECT_EQ(ParseDay("y-MM-dd", "24-01-02"), DaysFromCivil(24, 1, 2));
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "12345-01-02"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "+12345-01-02"), DaysFromCivil(12345, 1, 2));
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "+2024-01-02"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "-0001-01-02"), DaysFromCivil(-1, 1, 2));
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "0024-01-02"), DaysFromCivil(24, 1, 2));
}

TEST(DateTimeFormatterTest, ResolvesStrictly) {
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "2023-02-29"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "2024-02-29"), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "2024-13-01"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "2024-04-31"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "2024-1-2"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-M-d", "2024-1-2"), kJan2nd2024Days);
  EXPECT_EQ(ParseDay("yyyy-M-d", "2024-01-02"), kJan2nd2024Days);
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm", "2024-01-02 24:00"), std::nullopt);
  EXPECT_EQ(ParseTs("yyyy-MM-dd HH:mm:ss", "2024-01-02 03:04:60"), std::nullopt);
  EXPECT_EQ(ParseTs("yyyy-MM-dd hh:mm", "2024-01-02 13:00"), std::nullopt);
  // k is 1-24 (24 is midnight), K is 0-11.
  EXPECT_EQ(ParseTs("yyyy-MM-dd kk:mm", "2024-01-02 24:00"), Micros(kJan2nd2024));
  EXPECT_EQ(ParseTs("yyyy-MM-dd KK:mm a", "2024-01-02 11:00 PM"), Micros(kJan2nd2024 + 23 * 3600));
  // Every way of giving a field must agree.
  EXPECT_EQ(ParseTs("HH a", "13 PM"), Micros(13 * 3600));
  EXPECT_EQ(ParseTs("HH a", "13 AM"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd MMM", "2024-01-02 Jan"), kJan2nd2024Days);
  EXPECT_EQ(ParseDay("yyyy-MM-dd MMM", "2024-01-02 Feb"), std::nullopt);
  // The whole text must match: no trailing or leading characters, no trimming.
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "2024-01-02 "), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", " 2024-01-02"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "2024-01-02T10:00"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", ""), std::nullopt);
}

TEST(DateTimeFormatterTest, DefaultsMissingFieldsAsSparkDoes) {
  EXPECT_EQ(ParseTs("HH:mm", "10:30"), Micros((10 * 60 + 30) * 60));
  EXPECT_EQ(ParseDay("yyyy", "2024"), DaysFromCivil(2024, 1, 1));
  EXPECT_EQ(ParseDay("yyyy-MM", "2024-03"), DaysFromCivil(2024, 3, 1));
  EXPECT_EQ(ParseDay("MM/dd", "03/04"), DaysFromCivil(1970, 3, 4));
  EXPECT_EQ(ParseDay("MM/dd", "02/29"), std::nullopt);  // 1970 is not a leap year
  // An hour of AM/PM without AM/PM is AM; AM/PM alone is midnight or noon.
  EXPECT_EQ(ParseTs("hh:mm", "12:30"), Micros(30 * 60));
  EXPECT_EQ(ParseTs("yyyy-MM-dd a", "2024-01-02 PM"), Micros(kJan2nd2024 + 12 * 3600));
  // Day of year resolves with a year.
  EXPECT_EQ(ParseDay("yyyy-DDD", "2024-060"), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(ParseDay("yyyy-DDD", "2023-366"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-DDD", "2024-02-060"), DaysFromCivil(2024, 2, 29));
  EXPECT_EQ(ParseDay("yyyy-MM-DDD", "2024-03-060"), std::nullopt);
}

TEST(DateTimeFormatterTest, ParsesOptionalSectionsAndQuotedText) {
  DateTimeFormatter optional = Parser("yyyy-MM-dd[ HH:mm[:ss]]");
  EXPECT_EQ(optional.ParseTimestamp("2024-01-02"), Micros(kJan2nd2024));
  EXPECT_EQ(optional.ParseTimestamp("2024-01-02 03:04"), Jan2nd() - Micros(5));
  EXPECT_EQ(optional.ParseTimestamp("2024-01-02 03:04:05"), Jan2nd());
  EXPECT_EQ(optional.ParseTimestamp("2024-01-02 03"), std::nullopt);
  EXPECT_EQ(ParseDay("'Day' dd 'of' MM, yyyy", "day 02 OF 01, 2024"), kJan2nd2024Days);
  EXPECT_EQ(ParseDay("''yyyy''", "'2024'"), DaysFromCivil(2024, 1, 1));
  EXPECT_EQ(ParseDay("'It''s' yyyy", "It's 2024"), DaysFromCivil(2024, 1, 1));
  // The date of a timestamp text; time fields are checked, then ignored.
  EXPECT_EQ(ParseDay("yyyy-MM-dd HH:mm", "2024-01-02 23:59"), kJan2nd2024Days);
  EXPECT_EQ(ParseDay("yyyy-MM-dd HH:mm", "2024-01-02 25:00"), std::nullopt);
}

TEST(DateTimeFormatterTest, RejectsValuesOutOfRange) {
  EXPECT_EQ(ParseTs("yyyy-MM-dd", "+999999999-12-31"), std::nullopt);   // beyond int64 micros
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "+999999999-12-31"), std::nullopt);  // beyond int32 days
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "+1000000000-01-01"), std::nullopt);
  EXPECT_EQ(ParseDay("yyyy-MM-dd", "-0-01-01"), std::nullopt);  // "-0" is not a number
}

TEST(DateTimeFormatterTest, FormatsTimestamps) {
  int64_t micros = Jan2nd(123'456);
  EXPECT_EQ(FormatTs(kDefaultTimestampPattern, micros), "2024-01-02T03:04:05.123Z");
  EXPECT_EQ(FormatTs(kDefaultTimestampPattern, Jan2nd()), "2024-01-02T03:04:05.000Z");
  EXPECT_EQ(FormatTs("yyyy/MM/dd HH:mm:ss.SSSSSS", micros), "2024/01/02 03:04:05.123456");
  EXPECT_EQ(FormatTs("EEE, dd MMM yyyy hh:mm a", micros), "Tue, 02 Jan 2024 03:04 AM");
  EXPECT_EQ(FormatTs("EEEE MMMM d yy", micros), "Tuesday January 2 24");
  EXPECT_EQ(FormatTs("D H:m:s k K h", micros), "2 3:4:5 3 3 3");
  EXPECT_EQ(FormatTs("HH k K hh a", Micros(kJan2nd2024)), "00 24 0 12 AM");
  EXPECT_EQ(FormatTs("HH k K hh a", Micros(kJan2nd2024 + 12 * 3600)), "12 12 0 12 PM");
  EXPECT_EQ(FormatTs("X|XX|XXX|x|xx|xxx|Z|ZZZZ|ZZZZZ", micros),
            "Z|Z|Z|+00|+0000|+00:00|+0000|GMT|Z");
  EXPECT_EQ(FormatTs("yyyy-MM-dd'T'HH:mm''ss", micros), "2024-01-02T03:04'05");
  EXPECT_EQ(FormatTs("yyyy-MM-dd HH:mm:ss", Micros(-1)), "1969-12-31 23:59:59");
}

TEST(DateTimeFormatterTest, FormatsDates) {
  EXPECT_EQ(FormatDay(kDefaultDatePattern, kJan2nd2024Days), "2024-01-02");
  EXPECT_EQ(FormatDay("dd/MM/yyyy", kJan2nd2024Days), "02/01/2024");
  EXPECT_EQ(FormatDay("EEEE, MMMM d, yyyy (DDD)", kJan2nd2024Days),
            "Tuesday, January 2, 2024 (002)");
  // Optional sections with time fields are skipped for a date.
  EXPECT_EQ(FormatDay("yyyy-MM-dd[ HH:mm]", kJan2nd2024Days), "2024-01-02");
  // Years beyond four digits get a sign; negative years print the proleptic year.
  EXPECT_EQ(FormatDay("yyyy-MM-dd", static_cast<int32_t>(DaysFromCivil(12345, 6, 7))),
            "+12345-06-07");
  EXPECT_EQ(FormatDay("yyyy-MM-dd", static_cast<int32_t>(DaysFromCivil(-1, 1, 2))), "-0001-01-02");
  EXPECT_EQ(FormatDay("y/M/d", static_cast<int32_t>(DaysFromCivil(24, 1, 2))), "24/1/2");
  EXPECT_EQ(FormatDay("yy", static_cast<int32_t>(DaysFromCivil(1999, 1, 2))), "99");
}

TEST(DateTimeFormatterTest, FormatThenParseRoundTrips) {
  for (std::string_view pattern :
       {"yyyy-MM-dd HH:mm:ss.SSSSSS", "dd/MM/yyyy hh:mm:ss.SSSSSS a",
        "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXXX", "MMM d yyyy HH:mm:ss.SSSSSS", "yyyyMMddHHmmss.SSSSSS"}) {
    for (int64_t micros : {Jan2nd(123'456), Micros(0), Micros(-1), Micros(951'782'400, 7)}) {
      std::string text = FormatTs(pattern, micros);
      EXPECT_EQ(Parser(pattern).ParseTimestamp(text), micros) << pattern << " " << text;
    }
  }
}

TEST(DateTimeFormatterTest, InvalidPatternsNameTheCulpritAndThePattern) {
  auto compile = [](std::string_view pattern,
                    DateTimePatternUse use = DateTimePatternUse::kParsing) {
    return CaptureError([&] { DateTimeFormatter::Compile(pattern, use, "option `dateFormat`"); });
  };
  Error error = compile("yyyy-MM-dd u");
  EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(error.error_class(), "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER");
  EXPECT_NE(error.message().find("'yyyy-MM-dd u' in option `dateFormat`"), std::string::npos)
      << error.message();
  EXPECT_EQ(compile("yyyy-MM-ddTHH").error_class(), "INVALID_DATETIME_PATTERN.WITH_SUGGESTION");
  EXPECT_NE(compile("yyyy-MM-ddTHH").message().find("unknown pattern letter 'T'"),
            std::string::npos);
  EXPECT_EQ(compile("yyyy-MM-dd 'at").error_class(), "INVALID_DATETIME_PATTERN.WITH_SUGGESTION");
  EXPECT_EQ(compile("yyyy]").error_class(), "INVALID_DATETIME_PATTERN.WITH_SUGGESTION");
  EXPECT_EQ(compile("yyyy#").error_class(), "INVALID_DATETIME_PATTERN.WITH_SUGGESTION");
  EXPECT_EQ(compile("HHH").error_class(), "INVALID_DATETIME_PATTERN.LENGTH");
  EXPECT_EQ(compile("MMMMM").error_class(), "INVALID_DATETIME_PATTERN.LENGTH");
  EXPECT_EQ(compile("yyyyyyyyyyy").error_class(), "INVALID_DATETIME_PATTERN.LENGTH");
  EXPECT_EQ(compile("SSSSSSSSSS").error_class(), "INVALID_DATETIME_PATTERN.LENGTH");
  EXPECT_EQ(compile("XXXXXX").error_class(), "INVALID_DATETIME_PATTERN.LENGTH");
  // Spark rejects day-of-week and week-based letters for parsing, but formats them.
  EXPECT_EQ(compile("EEE dd MMM yyyy").error_class(), "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER");
  EXPECT_EQ(compile("YYYY").error_class(), "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER");
  EXPECT_NO_THROW(DateTimeFormatter::Compile("EEE", DateTimePatternUse::kFormattingTimestamps,
                                             "option `timestampFormat`"));
  // Letters Spark accepts but Ember does not support yet.
  Error zone = compile("yyyy-MM-dd HH:mm VV");
  EXPECT_EQ(zone.kind(), ErrorKind::kNotImplemented);
  EXPECT_NE(zone.message().find("'V'"), std::string::npos);
  EXPECT_EQ(compile("G yyyy", DateTimePatternUse::kFormattingDates).kind(),
            ErrorKind::kNotImplemented);
  // A date has no time of day outside optional sections.
  Error date = compile("yyyy-MM-dd HH:mm", DateTimePatternUse::kFormattingDates);
  EXPECT_EQ(date.kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(date.message().find("pattern letter 'H'"), std::string::npos) << date.message();
}

}  // namespace
}  // namespace ember

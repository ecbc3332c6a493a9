// Unit tests of the types layer: DataType parsing and names, numeric widening, the Java/Spark
// text formats of numbers, dates, timestamps and decimals, Schema and Value. Expected values come
// from Spark's and Java's documented behaviour.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ember/common/error.h"
#include "ember/types/data_type.h"
#include "ember/types/schema.h"
#include "ember/types/text_format.h"
#include "ember/types/value.h"
#include "test_util.h"

namespace ember {
namespace {

using testing::CaptureError;

constexpr int64_t kMicrosPerSecond = 1'000'000;
// 2024-01-02 00:00:00 UTC in seconds since the epoch.
constexpr int64_t kJan2nd2024 = 1'704'153'600;

// ---------------------------------------------------------------------------------------------
// DataType

TEST(DataTypeTest, ParsesSparkTypeNames) {
  EXPECT_EQ(DataType::Parse("int"), DataType(TypeId::kInt));
  EXPECT_EQ(DataType::Parse("integer"), DataType(TypeId::kInt));
  EXPECT_EQ(DataType::Parse("INT"), DataType(TypeId::kInt));
  EXPECT_EQ(DataType::Parse("bigint"), DataType(TypeId::kLong));
  EXPECT_EQ(DataType::Parse("long"), DataType(TypeId::kLong));
  EXPECT_EQ(DataType::Parse("tinyint"), DataType(TypeId::kByte));
  EXPECT_EQ(DataType::Parse("smallint"), DataType(TypeId::kShort));
  EXPECT_EQ(DataType::Parse("boolean"), DataType(TypeId::kBoolean));
  EXPECT_EQ(DataType::Parse("float"), DataType(TypeId::kFloat));
  EXPECT_EQ(DataType::Parse("double"), DataType(TypeId::kDouble));
  EXPECT_EQ(DataType::Parse("string"), DataType(TypeId::kString));
  EXPECT_EQ(DataType::Parse("binary"), DataType(TypeId::kBinary));
  EXPECT_EQ(DataType::Parse("date"), DataType(TypeId::kDate));
  EXPECT_EQ(DataType::Parse("timestamp"), DataType(TypeId::kTimestamp));
  EXPECT_EQ(DataType::Parse(" Double "), DataType(TypeId::kDouble));
}

TEST(DataTypeTest, ParsesDecimals) {
  EXPECT_EQ(DataType::Parse("decimal(10,2)"), DataType::Decimal(10, 2));
  EXPECT_EQ(DataType::Parse("DECIMAL(38, 18)"), DataType::Decimal(38, 18));
  EXPECT_EQ(DataType::Parse("decimal(5)"), DataType::Decimal(5, 0));
  // Spark's default decimal is decimal(10,0).
  EXPECT_EQ(DataType::Parse("decimal"), DataType::Decimal(10, 0));
  EXPECT_EQ(DataType::Parse("numeric(7,3)"), DataType::Decimal(7, 3));
  DataType type = DataType::Parse("decimal(10,2)");
  EXPECT_EQ(type.id(), TypeId::kDecimal);
  EXPECT_EQ(type.precision(), 10);
  EXPECT_EQ(type.scale(), 2);
}

TEST(DataTypeTest, RejectsUnknownNamesWithParseError) {
  for (const char* text :
       {"foo", "", "decimal(10,2", "decimal(a,b)", "decimal(10,2,3)", "in t", "big int", "int64"}) {
    Error error = CaptureError([&] { DataType::Parse(text); });
    EXPECT_EQ(error.kind(), ErrorKind::kParse) << "for \"" << text << "\"";
  }
}

TEST(DataTypeTest, RejectsDecimalsOutsideTheSupportedRange) {
  EXPECT_THROW(DataType::Parse("decimal(39,0)"), Error);
  EXPECT_THROW(DataType::Parse("decimal(0,0)"), Error);
  EXPECT_THROW(DataType::Parse("decimal(5,6)"), Error);
  EXPECT_THROW(DataType::Decimal(39, 2), Error);
  EXPECT_THROW(DataType::Decimal(10, -1), Error);
  EXPECT_NO_THROW(DataType::Decimal(38, 38));
}

TEST(DataTypeTest, SimpleStringUsesSqlNames) {
  EXPECT_EQ(DataType(TypeId::kLong).SimpleString(), "bigint");
  EXPECT_EQ(DataType(TypeId::kInt).SimpleString(), "int");
  EXPECT_EQ(DataType(TypeId::kShort).SimpleString(), "smallint");
  EXPECT_EQ(DataType(TypeId::kByte).SimpleString(), "tinyint");
  EXPECT_EQ(DataType(TypeId::kString).SimpleString(), "string");
  EXPECT_EQ(DataType(TypeId::kDouble).SimpleString(), "double");
  EXPECT_EQ(DataType(TypeId::kNull).SimpleString(), "void");
  EXPECT_EQ(DataType::Decimal(10, 2).SimpleString(), "decimal(10,2)");
}

TEST(DataTypeTest, TypeNameMatchesPrintSchema) {
  EXPECT_EQ(DataType(TypeId::kLong).TypeName(), "long");
  EXPECT_EQ(DataType(TypeId::kInt).TypeName(), "integer");
  EXPECT_EQ(DataType(TypeId::kShort).TypeName(), "short");
  EXPECT_EQ(DataType(TypeId::kByte).TypeName(), "byte");
  EXPECT_EQ(DataType(TypeId::kString).TypeName(), "string");
  EXPECT_EQ(DataType(TypeId::kDouble).TypeName(), "double");
  EXPECT_EQ(DataType(TypeId::kFloat).TypeName(), "float");
  EXPECT_EQ(DataType(TypeId::kBoolean).TypeName(), "boolean");
  EXPECT_EQ(DataType(TypeId::kDate).TypeName(), "date");
  EXPECT_EQ(DataType(TypeId::kTimestamp).TypeName(), "timestamp");
  EXPECT_EQ(DataType::Decimal(10, 2).TypeName(), "decimal(10,2)");
}

TEST(DataTypeTest, ClassifiesTypes) {
  EXPECT_TRUE(DataType(TypeId::kInt).IsIntegral());
  EXPECT_FALSE(DataType(TypeId::kDouble).IsIntegral());
  EXPECT_TRUE(DataType::Decimal(10, 2).IsNumeric());
  EXPECT_FALSE(DataType(TypeId::kString).IsNumeric());
  EXPECT_FALSE(DataType(TypeId::kDate).IsNumeric());
  EXPECT_TRUE(DataType(TypeId::kFloat).IsFloating());
  EXPECT_TRUE(DataType(TypeId::kBinary).IsStringLike());
  EXPECT_EQ(DataType(TypeId::kDate).PhysicalWidth(), 4);
  EXPECT_EQ(DataType(TypeId::kTimestamp).PhysicalWidth(), 8);
  EXPECT_EQ(DataType::Decimal(5, 2).PhysicalWidth(), 16);
  EXPECT_EQ(DataType(TypeId::kString).PhysicalWidth(), 0);
}

TEST(DataTypeTest, WiderNumericTypeFollowsSparkPrecedence) {
  const DataType kByte = TypeId::kByte, kShort = TypeId::kShort, kInt = TypeId::kInt,
                 kLong = TypeId::kLong, kFloat = TypeId::kFloat, kDouble = TypeId::kDouble;
  EXPECT_EQ(WiderNumericType(kInt, kLong), kLong);
  EXPECT_EQ(WiderNumericType(kLong, kInt), kLong);
  EXPECT_EQ(WiderNumericType(kByte, kShort), kShort);
  EXPECT_EQ(WiderNumericType(kInt, kDouble), kDouble);
  EXPECT_EQ(WiderNumericType(kLong, kFloat), kFloat);
  EXPECT_EQ(WiderNumericType(kFloat, kDouble), kDouble);
  EXPECT_EQ(WiderNumericType(TypeId::kNull, kInt), kInt);
  EXPECT_EQ(WiderNumericType(kInt, TypeId::kNull), kInt);
  // Integral types widen to the decimal that holds them (int -> decimal(10,0)).
  EXPECT_EQ(WiderNumericType(kInt, DataType::Decimal(10, 2)), DataType::Decimal(12, 2));
  EXPECT_EQ(WiderNumericType(kLong, DataType::Decimal(10, 2)), DataType::Decimal(22, 2));
  EXPECT_EQ(WiderNumericType(kByte, DataType::Decimal(2, 1)), DataType::Decimal(4, 1));
  EXPECT_EQ(WiderNumericType(DataType::Decimal(5, 2), DataType::Decimal(10, 4)),
            DataType::Decimal(10, 4));
  EXPECT_EQ(WiderNumericType(DataType::Decimal(38, 0), DataType::Decimal(38, 38)),
            DataType::Decimal(38, 38));
  EXPECT_EQ(WiderNumericType(DataType::Decimal(10, 2), kDouble), kDouble);
  EXPECT_EQ(WiderNumericType(kFloat, DataType::Decimal(10, 2)), kDouble);
  Error error = CaptureError([&] { WiderNumericType(TypeId::kString, kInt); });
  EXPECT_EQ(error.kind(), ErrorKind::kAnalysis);
}

TEST(DataTypeTest, DecimalForIntegral) {
  EXPECT_EQ(DecimalForIntegral(TypeId::kByte), DataType::Decimal(3, 0));
  EXPECT_EQ(DecimalForIntegral(TypeId::kShort), DataType::Decimal(5, 0));
  EXPECT_EQ(DecimalForIntegral(TypeId::kInt), DataType::Decimal(10, 0));
  EXPECT_EQ(DecimalForIntegral(TypeId::kLong), DataType::Decimal(20, 0));
}

// ---------------------------------------------------------------------------------------------
// Numbers as Java's Double.toString / Float.toString print them.

TEST(FormatDoubleTest, MatchesJavaDoubleToString) {
  EXPECT_EQ(FormatDouble(1.0), "1.0");
  EXPECT_EQ(FormatDouble(100.0), "100.0");
  EXPECT_EQ(FormatDouble(0.5), "0.5");
  EXPECT_EQ(FormatDouble(-1.5), "-1.5");
  EXPECT_EQ(FormatDouble(123.456), "123.456");
  EXPECT_EQ(FormatDouble(9999999.0), "9999999.0");
  EXPECT_EQ(FormatDouble(1.0E7), "1.0E7");
  EXPECT_EQ(FormatDouble(1.2345678E7), "1.2345678E7");
  EXPECT_EQ(FormatDouble(123456789.0), "1.23456789E8");
  EXPECT_EQ(FormatDouble(1.0E100), "1.0E100");
  EXPECT_EQ(FormatDouble(0.001), "0.001");
  EXPECT_EQ(FormatDouble(0.00123), "0.00123");
  EXPECT_EQ(FormatDouble(1.0E-4), "1.0E-4");
  EXPECT_EQ(FormatDouble(-1.0E-10), "-1.0E-10");
  EXPECT_EQ(FormatDouble(0.0), "0.0");
  EXPECT_EQ(FormatDouble(-0.0), "-0.0");
  EXPECT_EQ(FormatDouble(std::nan("")), "NaN");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(FormatDouble(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(FormatDouble(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::max()), "1.7976931348623157E308");
}

TEST(FormatDoubleTest, PrintsAtLeastTwoDigitsClosestToTheValue) {
  // Java prints Double.MIN_VALUE as 4.9E-324: one fractional digit is always printed, and it is
  // the one closest to the exact value, not a padding zero after the shortest "5e-324".
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::denorm_min()), "4.9E-324");
  EXPECT_EQ(FormatFloat(std::numeric_limits<float>::denorm_min()), "1.4E-45");
}

TEST(FormatFloatTest, MatchesJavaFloatToString) {
  EXPECT_EQ(FormatFloat(0.1f), "0.1");
  EXPECT_EQ(FormatFloat(1.1f), "1.1");
  EXPECT_EQ(FormatFloat(1.0f), "1.0");
  EXPECT_EQ(FormatFloat(1234567.0f), "1234567.0");
  EXPECT_EQ(FormatFloat(1.0E10f), "1.0E10");
  EXPECT_EQ(FormatFloat(16777216.0f), "1.6777216E7");
  EXPECT_EQ(FormatFloat(std::numeric_limits<float>::max()), "3.4028235E38");
  EXPECT_EQ(FormatFloat(-0.0f), "-0.0");
  EXPECT_EQ(FormatFloat(std::nanf("")), "NaN");
  EXPECT_EQ(FormatFloat(-std::numeric_limits<float>::infinity()), "-Infinity");
}

// ---------------------------------------------------------------------------------------------
// Dates and timestamps.

TEST(DateTest, FormatsDaysSinceEpoch) {
  EXPECT_EQ(FormatDate(0), "1970-01-01");
  EXPECT_EQ(FormatDate(-1), "1969-12-31");
  EXPECT_EQ(FormatDate(19782), "2024-02-29");
  EXPECT_EQ(FormatDate(10957), "2000-01-01");
  EXPECT_EQ(FormatDate(11016), "2000-02-29");
  EXPECT_EQ(FormatDate(-25567), "1900-01-01");
  EXPECT_EQ(FormatDate(-25508), "1900-03-01");
  EXPECT_EQ(FormatDate(-719162), "0001-01-01");
  EXPECT_EQ(FormatDate(2932896), "9999-12-31");
}

TEST(DateTest, CivilConversionsRoundTrip) {
  for (int64_t days = -800000; days <= 3000000; days += 997) {
    int64_t year;
    unsigned month, day;
    CivilFromDays(days, &year, &month, &day);
    EXPECT_EQ(DaysFromCivil(year, month, day), days);
  }
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(DaysFromCivil(2024, 3, 1) - DaysFromCivil(2024, 2, 28), 2);
  EXPECT_EQ(DaysFromCivil(2023, 3, 1) - DaysFromCivil(2023, 2, 28), 1);
}

TEST(DateTest, ParsesSparkDateForms) {
  EXPECT_EQ(ParseDate("2024-02-29"), 19782);
  EXPECT_EQ(ParseDate("2000-02-29"), 11016);
  EXPECT_EQ(ParseDate("1970-01-01"), 0);
  EXPECT_EQ(ParseDate("1969-12-31"), -1);
  EXPECT_EQ(ParseDate("1900-01-01"), -25567);
  EXPECT_EQ(ParseDate("2024-1-5"), 19727);
  EXPECT_EQ(ParseDate("2024-03"), 19783);
  EXPECT_EQ(ParseDate("2024"), 19723);
  EXPECT_EQ(ParseDate(" 2024-02-29 "), 19782);
  // A time part after ' ' or 'T' is ignored.
  EXPECT_EQ(ParseDate("2024-02-29 12:34:56"), 19782);
  EXPECT_EQ(ParseDate("2024-02-29T12:34"), 19782);
}

TEST(DateTest, RejectsInvalidDates) {
  for (const char* text : {"2023-02-29", "1900-02-29", "2024-02-30", "2024-04-31", "2024-13-01",
                           "2024-00-10", "2024-01-00", "2024-01-32", "", "abc", "24-02-29",
                           "2024/02/29", "2024-02-29x", "2024-", "2024-02-"}) {
    EXPECT_EQ(ParseDate(text), std::nullopt) << "for \"" << text << "\"";
  }
}

TEST(TimestampTest, FormatsWithTrailingFractionZerosDropped) {
  const int64_t base = (kJan2nd2024 + 3 * 3600 + 4 * 60 + 5) * kMicrosPerSecond;
  EXPECT_EQ(FormatTimestamp(0), "1970-01-01 00:00:00");
  EXPECT_EQ(FormatTimestamp(base), "2024-01-02 03:04:05");
  EXPECT_EQ(FormatTimestamp(base + 500000), "2024-01-02 03:04:05.5");
  EXPECT_EQ(FormatTimestamp(base + 123456), "2024-01-02 03:04:05.123456");
  EXPECT_EQ(FormatTimestamp(base + 120), "2024-01-02 03:04:05.00012");
  EXPECT_EQ(FormatTimestamp(-1), "1969-12-31 23:59:59.999999");
  EXPECT_EQ(FormatTimestamp(-kMicrosPerSecond), "1969-12-31 23:59:59");
}

TEST(TextFormatTest, ParseTimestampRejectsYearsBeyondInt64Micros) {
  // Found by csv_fuzzer: a six-digit year overflowed days * 86400000000.
  EXPECT_FALSE(ParseTimestamp("775555-01-01 00:00:00").has_value());
  EXPECT_FALSE(ParseTimestamp("-775555-01-01").has_value());
  ASSERT_TRUE(ParseTimestamp("294000-01-01").has_value());  // still within range
  EXPECT_GT(*ParseTimestamp("294000-01-01"), 0);
}

TEST(TimestampTest, ParsesSparkTimestampForms) {
  const int64_t base = (kJan2nd2024 + 3 * 3600 + 4 * 60 + 5) * kMicrosPerSecond;
  EXPECT_EQ(ParseTimestamp("2024-01-02 03:04:05"), base);
  EXPECT_EQ(ParseTimestamp("2024-01-02T03:04:05"), base);
  EXPECT_EQ(ParseTimestamp("2024-01-02 3:4:5"), base);
  EXPECT_EQ(ParseTimestamp("2024-01-02T03:04:05.5Z"), base + 500000);
  EXPECT_EQ(ParseTimestamp("2024-01-02 03:04:05.123"), base + 123000);
  // Digits past microseconds are truncated.
  EXPECT_EQ(ParseTimestamp("2024-01-02 03:04:05.1234567"), base + 123456);
  EXPECT_EQ(ParseTimestamp("2024-01-02 03:04"), base - 5 * kMicrosPerSecond);
  EXPECT_EQ(ParseTimestamp("2024-01-02"), kJan2nd2024 * kMicrosPerSecond);
  EXPECT_EQ(ParseTimestamp("1969-12-31 23:59:59.999999"), -1);
}

TEST(TimestampTest, RejectsInvalidTimestamps) {
  for (const char* text :
       {"2024-01-02 24:00:00", "2024-01-02 03:60:00", "2024-01-02 03:04:60",
        "2024-01-02 03:04:05 junk", "2024-02-30 00:00:00", "2024-01-02 03", "noon", ""}) {
    EXPECT_EQ(ParseTimestamp(text), std::nullopt) << "for \"" << text << "\"";
  }
}

// ---------------------------------------------------------------------------------------------
// Decimals.

TEST(DecimalTextTest, FormatsUnscaledValues) {
  EXPECT_EQ(FormatDecimal(12345, 2), "123.45");
  EXPECT_EQ(FormatDecimal(-1250, 2), "-12.50");
  EXPECT_EQ(FormatDecimal(5, 3), "0.005");
  EXPECT_EQ(FormatDecimal(-5, 2), "-0.05");
  EXPECT_EQ(FormatDecimal(0, 2), "0.00");
  EXPECT_EQ(FormatDecimal(42, 0), "42");
  EXPECT_EQ(FormatDecimal(PowerOfTen(38) - 1, 0), std::string(38, '9'));
  EXPECT_EQ(FormatDecimal(-(PowerOfTen(38) - 1), 38), "-0." + std::string(38, '9'));
}

TEST(DecimalTextTest, ParsesWithHalfUpRounding) {
  EXPECT_EQ(ParseDecimal("123.45", DataType::Decimal(5, 2)), int128_t{12345});
  EXPECT_EQ(ParseDecimal("1.005", DataType::Decimal(3, 2)), int128_t{101});
  EXPECT_EQ(ParseDecimal("-1.005", DataType::Decimal(3, 2)), int128_t{-101});
  EXPECT_EQ(ParseDecimal("1.004", DataType::Decimal(3, 2)), int128_t{100});
  EXPECT_EQ(ParseDecimal("123.45", DataType::Decimal(4, 1)), int128_t{1235});
  EXPECT_EQ(ParseDecimal("0.5", DataType::Decimal(1, 0)), int128_t{1});
  EXPECT_EQ(ParseDecimal("-0.5", DataType::Decimal(1, 0)), int128_t{-1});
  EXPECT_EQ(ParseDecimal("0.49", DataType::Decimal(1, 0)), int128_t{0});
  EXPECT_EQ(ParseDecimal(".5", DataType::Decimal(2, 1)), int128_t{5});
  EXPECT_EQ(ParseDecimal("5.", DataType::Decimal(2, 1)), int128_t{50});
  EXPECT_EQ(ParseDecimal("+7", DataType::Decimal(1, 0)), int128_t{7});
  EXPECT_EQ(ParseDecimal("  7 ", DataType::Decimal(1, 0)), int128_t{7});
  EXPECT_EQ(ParseDecimal("12", DataType::Decimal(4, 2)), int128_t{1200});
}

TEST(DecimalTextTest, ParsesExponents) {
  EXPECT_EQ(ParseDecimal("1e2", DataType::Decimal(5, 0)), int128_t{100});
  EXPECT_EQ(ParseDecimal("1E+2", DataType::Decimal(3, 0)), int128_t{100});
  EXPECT_EQ(ParseDecimal("1.5E-1", DataType::Decimal(3, 2)), int128_t{15});
  EXPECT_EQ(ParseDecimal("12.345E1", DataType::Decimal(5, 2)), int128_t{12345});
  EXPECT_EQ(ParseDecimal("-2.5e-3", DataType::Decimal(4, 3)), int128_t{-3});
}

TEST(DecimalTextTest, ReturnsNulloptOnOverflowOrMalformedText) {
  EXPECT_EQ(ParseDecimal("12345", DataType::Decimal(4, 0)), std::nullopt);
  // Rounding can carry into a digit the precision does not have.
  EXPECT_EQ(ParseDecimal("99.995", DataType::Decimal(4, 2)), std::nullopt);
  EXPECT_EQ(ParseDecimal("1e5", DataType::Decimal(5, 0)), std::nullopt);
  EXPECT_EQ(ParseDecimal("1", DataType::Decimal(2, 2)), std::nullopt);
  EXPECT_EQ(ParseDecimal(std::string(39, '9'), DataType::Decimal(38, 0)), std::nullopt);
  EXPECT_EQ(ParseDecimal(std::string(38, '9'), DataType::Decimal(38, 0)), PowerOfTen(38) - 1);
  for (const char* text : {"", "abc", ".", "-", "1.2.3", "1e", "1e+", "1x", "--1", "1 2"}) {
    EXPECT_EQ(ParseDecimal(text, DataType::Decimal(10, 2)), std::nullopt)
        << "for \"" << text << "\"";
  }
}

TEST(DecimalTextTest, RescalesHalfUp) {
  EXPECT_EQ(RescaleDecimal(125, 2, 1), 13);
  EXPECT_EQ(RescaleDecimal(-125, 2, 1), -13);
  EXPECT_EQ(RescaleDecimal(124, 2, 1), 12);
  EXPECT_EQ(RescaleDecimal(-124, 2, 1), -12);
  EXPECT_EQ(RescaleDecimal(5, 0, 2), 500);
  EXPECT_EQ(PowerOfTen(0), 1);
  EXPECT_EQ(PowerOfTen(18), int128_t{1'000'000'000'000'000'000});
  EXPECT_TRUE(DecimalFits(999, 3));
  EXPECT_TRUE(DecimalFits(-999, 3));
  EXPECT_FALSE(DecimalFits(1000, 3));
  EXPECT_FALSE(DecimalFits(-1000, 3));
}

// ---------------------------------------------------------------------------------------------
// Parsing of numbers and booleans as Spark's casts read them.

TEST(ParseNumberTest, ParsesIntegers) {
  EXPECT_EQ(ParseInteger("42"), 42);
  EXPECT_EQ(ParseInteger(" -42 "), -42);
  EXPECT_EQ(ParseInteger("+42"), 42);
  EXPECT_EQ(ParseInteger("-9223372036854775808"), std::numeric_limits<int64_t>::min());
  EXPECT_EQ(ParseInteger("9223372036854775808"), std::nullopt);
  EXPECT_EQ(ParseInteger(""), std::nullopt);
  EXPECT_EQ(ParseInteger("+"), std::nullopt);
  EXPECT_EQ(ParseInteger("12a"), std::nullopt);
  // Only one sign is allowed (Spark's UTF8String.toLong).
  EXPECT_EQ(ParseInteger("+-5"), std::nullopt);
}

TEST(ParseNumberTest, ParsesDoubles) {
  EXPECT_EQ(ParseDouble("1.5"), 1.5);
  EXPECT_EQ(ParseDouble(" -1e3 "), -1000.0);
  EXPECT_EQ(ParseDouble("1.5d"), 1.5);
  EXPECT_EQ(ParseDouble("Infinity"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDouble("-inf"), -std::numeric_limits<double>::infinity());
  ASSERT_TRUE(ParseDouble("NaN").has_value());
  EXPECT_TRUE(std::isnan(*ParseDouble("NaN")));
  // Beyond the double range, Java rounds to infinity or zero rather than failing.
  EXPECT_EQ(ParseDouble("1e400"), std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDouble("-123.5e307"), -std::numeric_limits<double>::infinity());
  EXPECT_EQ(ParseDouble("0.0001e-320"), 0.0);
  EXPECT_TRUE(std::signbit(*ParseDouble("-1e-400")));
  EXPECT_EQ(ParseDouble("4.9e-324"), std::numeric_limits<double>::denorm_min());
  EXPECT_EQ(ParseDouble("abc"), std::nullopt);
  EXPECT_EQ(ParseDouble(""), std::nullopt);
  // Java's Double.parseDouble accepts one sign only.
  EXPECT_EQ(ParseDouble("+-5"), std::nullopt);
  EXPECT_EQ(ParseDouble("-+5"), std::nullopt);
}

TEST(ParseNumberTest, ParsesBooleansAsSparkDoes) {
  for (const char* text : {"t", "true", "TRUE", "y", "yes", "1", " true "}) {
    EXPECT_EQ(ParseBoolean(text), true) << text;
  }
  for (const char* text : {"f", "false", "n", "no", "0", "False"}) {
    EXPECT_EQ(ParseBoolean(text), false) << text;
  }
  for (const char* text : {"", "2", "maybe", "tru"}) {
    EXPECT_EQ(ParseBoolean(text), std::nullopt) << text;
  }
}

// ---------------------------------------------------------------------------------------------
// Schema, Value and Error.

TEST(SchemaTest, TreeStringMatchesPrintSchema) {
  Schema schema({{"id", TypeId::kLong, false},
                 {"name", TypeId::kString, true},
                 {"price", DataType::Decimal(10, 2), true},
                 {"qty", TypeId::kInt, false}});
  EXPECT_EQ(schema.TreeString(),
            "root\n"
            " |-- id: long (nullable = false)\n"
            " |-- name: string (nullable = true)\n"
            " |-- price: decimal(10,2) (nullable = true)\n"
            " |-- qty: integer (nullable = false)\n");
  EXPECT_EQ(schema.SimpleString(), "struct<id:bigint,name:string,price:decimal(10,2),qty:int>");
  EXPECT_EQ(Schema().TreeString(), "root\n");
}

TEST(SchemaTest, LooksUpNamesCaseInsensitively) {
  Schema schema({{"id", TypeId::kLong, false}, {"Name", TypeId::kString, true}});
  EXPECT_EQ(schema.IndexOf("name"), 1u);
  EXPECT_EQ(schema.IndexOf("NAME"), 1u);
  EXPECT_EQ(schema.IndexOf("name", /*case_sensitive=*/true), std::nullopt);
  EXPECT_EQ(schema.IndexOf("Name", /*case_sensitive=*/true), 1u);
  EXPECT_EQ(schema.IndexOf("missing"), std::nullopt);
  EXPECT_EQ(schema.names(), (std::vector<std::string>{"id", "Name"}));
  EXPECT_TRUE(schema == Schema({{"id", TypeId::kLong, false}, {"Name", TypeId::kString, true}}));
  EXPECT_FALSE(schema == Schema({{"id", TypeId::kLong, true}, {"Name", TypeId::kString, true}}));
}

TEST(ValueTest, ToStringMatchesSparkCastToString) {
  EXPECT_EQ(Value::Int(-5).ToString(), "-5");
  EXPECT_EQ(Value::Byte(-128).ToString(), "-128");
  EXPECT_EQ(Value::Short(32767).ToString(), "32767");
  EXPECT_EQ(Value::Long(std::numeric_limits<int64_t>::min()).ToString(), "-9223372036854775808");
  EXPECT_EQ(Value::Double(1.0E7).ToString(), "1.0E7");
  EXPECT_EQ(Value::Double(2.0).ToString(), "2.0");
  EXPECT_EQ(Value::Float(0.1f).ToString(), "0.1");
  EXPECT_EQ(Value::Decimal(12345, DataType::Decimal(10, 2)).ToString(), "123.45");
  EXPECT_EQ(Value::Decimal(-1, DataType::Decimal(10, 3)).ToString(), "-0.001");
  EXPECT_EQ(Value::Boolean(true).ToString(), "true");
  EXPECT_EQ(Value::Boolean(false).ToString(), "false");
  EXPECT_EQ(Value::String("abc").ToString(), "abc");
  EXPECT_EQ(Value::Date(19782).ToString(), "2024-02-29");
  EXPECT_EQ(Value::Timestamp(1'500'000).ToString(), "1970-01-01 00:00:01.5");
  EXPECT_EQ(Value::Null(TypeId::kInt).ToString(), "null");
  EXPECT_EQ(Value().ToString(), "null");
}

TEST(ValueTest, CarriesTypeAndNullness) {
  EXPECT_TRUE(Value().is_null());
  EXPECT_EQ(Value().type(), DataType(TypeId::kNull));
  Value null_int = Value::Null(TypeId::kInt);
  EXPECT_TRUE(null_int.is_null());
  EXPECT_EQ(null_int.type(), DataType(TypeId::kInt));
  EXPECT_FALSE(null_int == Value::Null(TypeId::kLong));
  EXPECT_TRUE(Value::Int(3) == Value::Int(3));
  EXPECT_FALSE(Value::Int(3) == Value::Long(3));
  EXPECT_FALSE(Value::Decimal(100, DataType::Decimal(5, 2)) ==
               Value::Decimal(100, DataType::Decimal(6, 2)));
}

TEST(ValueTest, ConvertsNumbers) {
  EXPECT_EQ(Value::Int(7).AsInt64(), 7);
  EXPECT_EQ(Value::Date(-3).AsInt64(), -3);
  EXPECT_EQ(Value::Decimal(-1299, DataType::Decimal(6, 2)).AsInt64(), -12);
  EXPECT_DOUBLE_EQ(Value::Decimal(1250, DataType::Decimal(6, 2)).AsDouble(), 12.5);
  EXPECT_DOUBLE_EQ(Value::Long(3).AsDouble(), 3.0);
  EXPECT_EQ(Value::String("x").AsString(), "x");
  EXPECT_THROW(Value::Null(TypeId::kInt).AsInt64(), Error);
  EXPECT_THROW(Value::String("1").AsDouble(), Error);
}

TEST(ErrorTest, CarriesKindClassAndPrefixedMessage) {
  Error error(ErrorKind::kExecution, "DIVIDE_BY_ZERO", "Division by zero.");
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class(), "DIVIDE_BY_ZERO");
  EXPECT_EQ(error.message(), "Division by zero.");
  EXPECT_STREQ(error.what(), "[DIVIDE_BY_ZERO] Division by zero.");
  EXPECT_STREQ(Error(ErrorKind::kIo, "", "disk full").what(), "disk full");
  EXPECT_STREQ(ErrorKindName(ErrorKind::kAnalysis), "AnalysisException");
  EXPECT_STREQ(ErrorKindName(ErrorKind::kParse), "ParseException");
  EXPECT_EQ(QuoteIdentifier("a`b"), "`a``b`");
}

}  // namespace
}  // namespace ember

// Unit tests of CAST through the registry's cast binder and the evaluator: ANSI errors versus
// nulls (and try_cast), integral wrapping, Spark's text forms of numbers, decimal rounding.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "function_test_util.h"

namespace ember {
namespace {

using namespace ember::testing;  // NOLINT: test helpers

/// Casts the strings to `to`, rendering the result.
Strings CastStrings(const std::vector<std::optional<std::string>>& values, DataType to,
                    EvalContext context) {
  return EvaluateToStrings(Cast(Col(0, kString), to), {StringColumn(values)}, context);
}

Error CastStringError(const std::string& value, DataType to) {
  return EvaluateError(Cast(Col(0, kString), to), {StringColumn({value})}, kAnsi);
}

/// Casts one value to `to`, rendering the result.
std::string CastValue(Value value, DataType to, EvalContext context = kAnsi) {
  return Render(EvaluateScalar(Cast(Lit(std::move(value)), to), context))[0];
}

Error CastValueError(Value value, DataType to) {
  return CaptureError([&] { EvaluateScalar(Cast(Lit(std::move(value)), to), kAnsi); });
}

// ---------------------------------------------------------------------------------------------
// From strings.

TEST(CastTest, StringToInt) {
  EXPECT_EQ(CastStrings({"123", " -42 ", "+7", "2147483647", std::nullopt}, kInt, kAnsi),
            (Strings{"123", "-42", "7", "2147483647", "NULL"}));
  EXPECT_EQ(CastStrings({"abc", "", "2147483648", "1e3", "+-5"}, kInt, kLegacy),
            (Strings{"NULL", "NULL", "NULL", "NULL", "NULL"}));
  Error error = CastStringError("abc", kInt);
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class(), "CAST_INVALID_INPUT");
  EXPECT_EQ(CastStringError("2147483648", kInt).error_class(), "CAST_INVALID_INPUT");
  // try_cast returns null even under ANSI.
  EXPECT_EQ(EvaluateToStrings(TryCast(Col(0, kString), kInt), {StringColumn({"abc", "5"})}, kAnsi),
            (Strings{"NULL", "5"}));
}

TEST(CastTest, StringWithFractionToInt) {
  // Without ANSI, Spark's UTF8String.toInt truncates a fraction; ANSI (toIntExact) rejects it.
  EXPECT_EQ(CastStrings({"1.5", "-1.9", "7.", ".5"}, kInt, kLegacy),
            (Strings{"1", "-1", "7", "0"}));
  EXPECT_EQ(CastStrings({"1.5x"}, kInt, kLegacy), (Strings{"NULL"}));
  EXPECT_EQ(CastStringError("1.5", kInt).error_class(), "CAST_INVALID_INPUT");
  EXPECT_EQ(CastStringError("1.5", kLong).error_class(), "CAST_INVALID_INPUT");
}

TEST(CastTest, StringToSmallIntegralsChecksRange) {
  EXPECT_EQ(CastStrings({"127", "128", "-128", "-129"}, kByte, kLegacy),
            (Strings{"127", "NULL", "-128", "NULL"}));
  EXPECT_EQ(CastStringError("128", kByte).error_class(), "CAST_INVALID_INPUT");
  EXPECT_EQ(CastStrings({"9223372036854775807", "9223372036854775808"}, kLong, kLegacy),
            (Strings{"9223372036854775807", "NULL"}));
}

TEST(CastTest, StringToDouble) {
  EXPECT_EQ(CastStrings({"1.5", " -1e3 ", "NaN", "-Infinity", "inf", "1.5d", "abc", "0.1"}, kDouble,
                        kLegacy),
            (Strings{"1.5", "-1000.0", "NaN", "-Infinity", "Infinity", "1.5", "NULL", "0.1"}));
  EXPECT_EQ(CastStringError("abc", kDouble).error_class(), "CAST_INVALID_INPUT");
  EXPECT_EQ(CastStrings({"0.1"}, kFloat, kAnsi), (Strings{"0.1"}));
}

TEST(CastTest, StringToBoolean) {
  EXPECT_EQ(CastStrings({"true", "YES", "1", "f", "no", "0", "maybe"}, kBool, kLegacy),
            (Strings{"true", "true", "true", "false", "false", "false", "NULL"}));
  EXPECT_EQ(CastStringError("maybe", kBool).error_class(), "CAST_INVALID_INPUT");
}

TEST(CastTest, StringToDate) {
  EXPECT_EQ(
      CastStrings({"2024-02-29", "2024-2-9", "2024-02-29 10:00:00", "2023-02-29", "29/02/2024"},
                  kDate, kLegacy),
      (Strings{"2024-02-29", "2024-02-09", "2024-02-29", "NULL", "NULL"}));
  EXPECT_EQ(CastStringError("2023-02-29", kDate).error_class(), "CAST_INVALID_INPUT");
  EXPECT_EQ(
      EvaluateToStrings(TryCast(Col(0, kString), kDate), {StringColumn({"2023-02-29"})}, kAnsi),
      (Strings{"NULL"}));
}

TEST(CastTest, StringToTimestamp) {
  EXPECT_EQ(CastStrings({"2024-01-02 03:04:05.5", "2024-01-02", "2024-01-02 25:00:00"}, kTimestamp,
                        kLegacy),
            (Strings{"2024-01-02 03:04:05.5", "2024-01-02 00:00:00", "NULL"}));
}

TEST(CastTest, StringToDecimalRoundsHalfUp) {
  DataType d5_2 = DataType::Decimal(5, 2);
  EXPECT_EQ(CastStrings({"123.456", "-123.455", "1e2", "1234.5", "abc"}, d5_2, kLegacy),
            (Strings{"123.46", "-123.46", "100.00", "NULL", "NULL"}));
  EXPECT_EQ(CastStringError("abc", d5_2).error_class(), "CAST_INVALID_INPUT");
  EXPECT_EQ(CastStringError("1234.5", d5_2).kind(), ErrorKind::kExecution);
}

// ---------------------------------------------------------------------------------------------
// To strings: Spark's text forms.

TEST(CastTest, NumbersAndDatesToString) {
  EXPECT_EQ(CastValue(Value::Double(1.0E7), kString), "1.0E7");
  EXPECT_EQ(CastValue(Value::Double(123.0), kString), "123.0");
  EXPECT_EQ(CastValue(Value::Double(0.1 + 0.2), kString), "0.30000000000000004");
  EXPECT_EQ(CastValue(Value::Double(-0.0), kString), "-0.0");
  EXPECT_EQ(CastValue(Value::Double(1.0E-4), kString), "1.0E-4");
  EXPECT_EQ(CastValue(Value::Float(0.1f), kString), "0.1");
  EXPECT_EQ(CastValue(Value::Int(-5), kString), "-5");
  EXPECT_EQ(CastValue(Value::Long(std::numeric_limits<int64_t>::max()), kString),
            "9223372036854775807");
  EXPECT_EQ(CastValue(Value::Decimal(150, DataType::Decimal(5, 2)), kString), "1.50");
  EXPECT_EQ(CastValue(Value::Boolean(true), kString), "true");
  EXPECT_EQ(CastValue(Value::Date(19782), kString), "2024-02-29");
  EXPECT_EQ(CastValue(Value::Timestamp(1'500'000), kString), "1970-01-01 00:00:01.5");
  EXPECT_EQ(CastValue(Value::Null(kInt), kString), "NULL");
  ColumnVectorPtr result =
      Evaluate(Cast(Col(0, kInt), kString), {IntColumn({1, std::nullopt, -30})});
  EXPECT_EQ(result->type(), kString);
  EXPECT_EQ(Render(result), (Strings{"1", "NULL", "-30"}));
}

// ---------------------------------------------------------------------------------------------
// Between numbers.

TEST(CastTest, DoubleToIntTruncatesAndChecksRange) {
  ExprPtr expr = Cast(Col(0, kDouble), kInt);
  EXPECT_EQ(EvaluateToStrings(expr, {DoubleColumn({3.99, -3.99, 0.5, std::nullopt})}, kAnsi),
            (Strings{"3", "-3", "0", "NULL"}));
  // Without ANSI, Java's (int) saturates and maps NaN to 0.
  EXPECT_EQ(EvaluateToStrings(expr, {DoubleColumn({1e10, -1e10, std::nan("")})}, kLegacy),
            (Strings{"2147483647", "-2147483648", "0"}));
  Error error = EvaluateError(expr, {DoubleColumn({1e10})}, kAnsi);
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class(), "CAST_OVERFLOW");
  EXPECT_EQ(EvaluateError(expr, {DoubleColumn({std::nan("")})}, kAnsi).error_class(),
            "CAST_OVERFLOW");
  EXPECT_EQ(EvaluateToStrings(TryCast(Col(0, kDouble), kInt), {DoubleColumn({1e10, 2.0})}, kAnsi),
            (Strings{"NULL", "2"}));
  // double -> tinyint narrows through int, as Scala's Double.toByte does.
  EXPECT_EQ(CastValue(Value::Double(300.0), kByte, kLegacy), "44");
}

TEST(CastTest, LongToIntWrapsWithoutAnsi) {
  ExprPtr expr = Cast(Col(0, kLong), kInt);
  EXPECT_EQ(EvaluateToStrings(expr, {LongColumn({2147483648LL, 4294967297LL, -2147483649LL, 5})},
                              kLegacy),
            (Strings{"-2147483648", "1", "2147483647", "5"}));
  EXPECT_EQ(EvaluateError(expr, {LongColumn({2147483648LL})}, kAnsi).error_class(),
            "CAST_OVERFLOW");
  EXPECT_EQ(EvaluateToStrings(TryCast(Col(0, kLong), kInt), {LongColumn({2147483648LL})}, kAnsi),
            (Strings{"NULL"}));
  EXPECT_EQ(CastValue(Value::Int(-1), kLong), "-1");
  EXPECT_EQ(CastValue(Value::Int(300), kByte, kLegacy), "44");
}

TEST(CastTest, BooleansAndNumbers) {
  EXPECT_EQ(CastValue(Value::Boolean(true), kInt), "1");
  EXPECT_EQ(CastValue(Value::Boolean(false), kDouble), "0.0");
  EXPECT_EQ(EvaluateToStrings(Cast(Col(0, kInt), kBool), {IntColumn({0, 5, -1, std::nullopt})}),
            (Strings{"false", "true", "true", "NULL"}));
  EXPECT_EQ(CastValue(Value::Float(0.1f), kDouble), "0.10000000149011612");
  EXPECT_EQ(CastValue(Value::Int(16777217), kFloat), "1.6777216E7");
}

// ---------------------------------------------------------------------------------------------
// Decimals.

TEST(CastTest, DecimalToDecimalRoundsHalfUp) {
  DataType d6_4 = DataType::Decimal(6, 4);
  DataType d4_3 = DataType::Decimal(4, 3);
  ExprPtr expr = Cast(Col(0, d6_4), d4_3);
  ColumnVectorPtr result =
      Evaluate(expr, {DecimalColumn(d6_4, {12345, -12345, 12344, std::nullopt})});
  EXPECT_EQ(result->type(), d4_3);
  EXPECT_EQ(Render(result), (Strings{"1.235", "-1.235", "1.234", "NULL"}));
  // Rounding 999.95 to one digit gives 1000.0, which decimal(4,1) cannot hold.
  DataType d5_2 = DataType::Decimal(5, 2);
  ExprPtr narrow = Cast(Col(0, d5_2), DataType::Decimal(4, 1));
  EXPECT_EQ(EvaluateToStrings(narrow, {DecimalColumn(d5_2, {99995, 99994})}, kLegacy),
            (Strings{"NULL", "999.9"}));
  Error error = EvaluateError(narrow, {DecimalColumn(d5_2, {99995})}, kAnsi);
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class().rfind("NUMERIC_VALUE_OUT_OF_RANGE", 0), 0u) << error.what();
  // Widening keeps the value.
  EXPECT_EQ(CastValue(Value::Decimal(12345, DataType::Decimal(5, 2)), DataType::Decimal(10, 4)),
            "123.4500");
}

TEST(CastTest, IntegralToDecimal) {
  EXPECT_EQ(CastValue(Value::Int(99), DataType::Decimal(3, 1)), "99.0");
  EXPECT_EQ(CastValue(Value::Int(100), DataType::Decimal(3, 1), kLegacy), "NULL");
  EXPECT_EQ(CastValue(Value::Int(-7), DataType::Decimal(5, 2)), "-7.00");
  EXPECT_EQ(CastValue(Value::Long(std::numeric_limits<int64_t>::min()), DataType::Decimal(20, 0)),
            "-9223372036854775808");
  // A large scale is fine as long as the digits fit: 1 as decimal(38,20).
  EXPECT_EQ(CastValue(Value::Int(1), DataType::Decimal(38, 20)), "1.00000000000000000000");
  EXPECT_EQ(CastValue(Value::Int(0), DataType::Decimal(5, 5)), "0.00000");
  Error error = CastValueError(Value::Int(100), DataType::Decimal(3, 1));
  EXPECT_EQ(error.error_class().rfind("NUMERIC_VALUE_OUT_OF_RANGE", 0), 0u) << error.what();
}

TEST(CastTest, DoubleToDecimalUsesTheShortestDecimalForm) {
  // Spark converts through Double.toString, so 1.005 (really 1.00499999...) rounds up.
  EXPECT_EQ(CastValue(Value::Double(1.005), DataType::Decimal(4, 2)), "1.01");
  EXPECT_EQ(CastValue(Value::Double(-2.5), DataType::Decimal(2, 0)), "-3");
  EXPECT_EQ(CastValue(Value::Double(1e10), DataType::Decimal(4, 2), kLegacy), "NULL");
  EXPECT_EQ(CastValue(Value::Double(1e-5), DataType::Decimal(10, 6)), "0.000010");
}

TEST(CastTest, DecimalToNumbers) {
  DataType d5_2 = DataType::Decimal(5, 2);
  EXPECT_EQ(EvaluateToStrings(Cast(Col(0, d5_2), kInt), {DecimalColumn(d5_2, {1299, -1299})}),
            (Strings{"12", "-12"}));
  EXPECT_EQ(EvaluateToStrings(Cast(Col(0, d5_2), kDouble), {DecimalColumn(d5_2, {1250, -5})}),
            (Strings{"12.5", "-0.05"}));
  DataType d12_0 = DataType::Decimal(12, 0);
  EXPECT_EQ(EvaluateError(Cast(Col(0, d12_0), kInt), {DecimalColumn(d12_0, {10000000000})}, kAnsi)
                .error_class(),
            "CAST_OVERFLOW");
}

// ---------------------------------------------------------------------------------------------
// Dates and timestamps.

TEST(CastTest, DatesAndTimestamps) {
  EXPECT_EQ(CastValue(Value::Date(19782), kTimestamp), "2024-02-29 00:00:00");
  EXPECT_EQ(CastValue(Value::Timestamp(-1), kDate), "1969-12-31");
  EXPECT_EQ(CastValue(Value::Timestamp(86'400'000'000LL + 5), kDate), "1970-01-02");
  EXPECT_EQ(CastValue(Value::Timestamp(1'500'000), kLong, kLegacy), "1");
  EXPECT_EQ(CastValue(Value::Timestamp(-1'500'000), kLong, kLegacy), "-2");
  EXPECT_EQ(CastValue(Value::Timestamp(1'500'000), kDouble, kLegacy), "1.5");
  EXPECT_EQ(CastValue(Value::Long(86400), kTimestamp, kLegacy), "1970-01-02 00:00:00");
}

TEST(CastTest, RejectsUnsupportedCastsWhenBinding) {
  Error error = CaptureError([] { EvaluateScalar(Cast(Lit(Value::Boolean(true)), kDate)); });
  EXPECT_EQ(error.kind(), ErrorKind::kAnalysis);
  EXPECT_EQ(error.error_class(), "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION");
  EXPECT_THROW(EvaluateScalar(Cast(Lit(Value::Binary("ab")), kInt)), Error);
}

TEST(CastTest, NullLiteralCastsToAnyType) {
  ColumnVectorPtr result = Evaluate(Cast(Lit(Value()), kDate), {IntColumn({1, 2})});
  EXPECT_EQ(result->type(), kDate);
  EXPECT_EQ(Render(result), (Strings{"NULL", "NULL"}));
}

}  // namespace
}  // namespace ember

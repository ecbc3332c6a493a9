// Unit tests of the scalar functions through BuiltinFunctions() and ExpressionEvaluator:
// arithmetic (null propagation, constants, ANSI overflow and division by zero, Spark's decimal
// result types), comparisons, three-valued logic with lazy evaluation, CASE WHEN, COALESCE, IN
// and null tests. Expected values follow Spark's documented semantics.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ember/types/text_format.h"
#include "function_test_util.h"

namespace ember {
namespace {

using namespace ember::testing;  // NOLINT: test helpers

constexpr int32_t kIntMax = std::numeric_limits<int32_t>::max();
constexpr int32_t kIntMin = std::numeric_limits<int32_t>::min();
constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();
const double kNaN = std::nan("");
const double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------
// Binding.

TEST(FunctionRegistryTest, FindsFunctionsCaseInsensitively) {
  const FunctionRegistry& registry = BuiltinFunctions();
  EXPECT_NE(registry.FindScalar("ADD"), nullptr);
  EXPECT_NE(registry.FindScalar("Upper"), nullptr);
  EXPECT_NE(registry.FindAggregate("SUM"), nullptr);
  EXPECT_EQ(registry.FindScalar("no_such_function"), nullptr);
  for (const auto& [name, function] : registry.scalars()) {
    EXPECT_FALSE(function.doc.empty()) << name;
  }
}

TEST(FunctionRegistryTest, RejectsUnknownFunctionsAndWrongArity) {
  const FunctionRegistry& registry = BuiltinFunctions();
  Error unknown = CaptureError([&] { registry.BindScalar("no_such_function", {kInt}); });
  EXPECT_EQ(unknown.kind(), ErrorKind::kAnalysis);
  EXPECT_EQ(unknown.error_class(), "UNRESOLVED_ROUTINE");
  Error arity = CaptureError([&] { registry.BindScalar("add", {kInt}); });
  EXPECT_EQ(arity.kind(), ErrorKind::kAnalysis);
  EXPECT_EQ(arity.error_class(), "WRONG_NUM_ARGS.WITHOUT_SUGGESTION");
  Error type = CaptureError([&] { registry.BindScalar("add", {kInt, DataType(TypeId::kDate)}); });
  EXPECT_EQ(type.kind(), ErrorKind::kAnalysis);
  EXPECT_EQ(type.error_class(), "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE");
}

// ---------------------------------------------------------------------------------------------
// Arithmetic.

TEST(ArithmeticTest, AddPropagatesNulls) {
  ExprPtr expr = Call("add", {Col(0, kInt), Lit(Value::Int(10))});
  EXPECT_EQ(expr->type, kInt);
  ColumnVectorPtr result = Evaluate(expr, {IntColumn({1, std::nullopt, 3})});
  EXPECT_EQ(result->type(), kInt);
  EXPECT_EQ(Render(result), (Strings{"11", "NULL", "13"}));

  EXPECT_EQ(EvaluateToStrings(Call("add", {Col(0, kInt), Col(1, kInt)}),
                              {IntColumn({1, std::nullopt, 3, std::nullopt}),
                               IntColumn({10, 20, std::nullopt, std::nullopt})}),
            (Strings{"11", "NULL", "NULL", "NULL"}));
}

TEST(ArithmeticTest, ConstantAndFlatCombinations) {
  ColumnVectorPtr column = IntColumn({1, 2, 3});
  // constant op constant stays constant.
  ColumnVectorPtr both = Evaluate(Call("add", {Lit(Value::Int(2)), Lit(Value::Int(3))}), {column});
  EXPECT_TRUE(both->is_constant());
  EXPECT_EQ(Render(both), (Strings{"5", "5", "5"}));
  // constant on either side of a flat column.
  EXPECT_EQ(EvaluateToStrings(Call("subtract", {Lit(Value::Int(10)), Col(0, kInt)}), {column}),
            (Strings{"9", "8", "7"}));
  EXPECT_EQ(EvaluateToStrings(Call("subtract", {Col(0, kInt), Lit(Value::Int(10))}), {column}),
            (Strings{"-9", "-8", "-7"}));
  // A null literal makes every row null, typed or not.
  EXPECT_EQ(EvaluateToStrings(Call("multiply", {Col(0, kInt), Lit(Value::Null(kInt))}), {column}),
            (Strings{"NULL", "NULL", "NULL"}));
  ExprPtr untyped = Call("add", {Lit(Value()), Col(0, kInt)});
  EXPECT_EQ(untyped->type, kInt);
  EXPECT_EQ(EvaluateToStrings(untyped, {column}), (Strings{"NULL", "NULL", "NULL"}));
}

TEST(ArithmeticTest, WidensMixedNumericTypes) {
  ExprPtr int_long = Call("add", {Col(0, kInt), Lit(Value::Long(kLongMax - 5))});
  EXPECT_EQ(int_long->type, kLong);
  EXPECT_EQ(EvaluateToStrings(int_long, {IntColumn({5})}), (Strings{"9223372036854775807"}));
  ExprPtr int_double = Call("add", {Col(0, kInt), Lit(Value::Double(0.5))});
  EXPECT_EQ(int_double->type, kDouble);
  EXPECT_EQ(EvaluateToStrings(int_double, {IntColumn({1})}), (Strings{"1.5"}));
  // Strings in arithmetic are read as doubles.
  ExprPtr text = Call("add", {Lit(Value::String("1.5")), Lit(Value::Int(1))});
  EXPECT_EQ(text->type, kDouble);
  EXPECT_EQ(Render(EvaluateScalar(text)), (Strings{"2.5"}));
  EXPECT_EQ(Render(EvaluateScalar(Call("add", {Lit(Value::Double(0.1)), Lit(Value::Double(0.2))}))),
            (Strings{"0.30000000000000004"}));
}

TEST(ArithmeticTest, IntegerOverflowThrowsUnderAnsi) {
  ExprPtr expr = Call("add", {Col(0, kInt), Lit(Value::Int(1))});
  Error error = EvaluateError(expr, {IntColumn({1, kIntMax})}, kAnsi);
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class(), "ARITHMETIC_OVERFLOW");

  Error multiply = EvaluateError(Call("multiply", {Col(0, kLong), Lit(Value::Long(2))}),
                                 {LongColumn({kLongMax})}, kAnsi);
  EXPECT_EQ(multiply.error_class(), "ARITHMETIC_OVERFLOW");
  Error subtract = EvaluateError(Call("subtract", {Col(0, kInt), Lit(Value::Int(1))}),
                                 {IntColumn({kIntMin})}, kAnsi);
  EXPECT_EQ(subtract.error_class(), "ARITHMETIC_OVERFLOW");
  // Constant operands overflow too.
  Error constant = CaptureError([&] {
    EvaluateScalar(Call("add", {Lit(Value::Int(kIntMax)), Lit(Value::Int(1))}));
  });
  EXPECT_EQ(constant.error_class(), "ARITHMETIC_OVERFLOW");
}

TEST(ArithmeticTest, IntegerOverflowWrapsWithoutAnsi) {
  EXPECT_EQ(EvaluateToStrings(Call("add", {Col(0, kInt), Lit(Value::Int(1))}),
                              {IntColumn({1, kIntMax})}, kLegacy),
            (Strings{"2", "-2147483648"}));
  EXPECT_EQ(EvaluateToStrings(Call("subtract", {Col(0, kInt), Lit(Value::Int(1))}),
                              {IntColumn({kIntMin})}, kLegacy),
            (Strings{"2147483647"}));
  EXPECT_EQ(EvaluateToStrings(Call("multiply", {Col(0, kLong), Lit(Value::Long(2))}),
                              {LongColumn({kLongMax})}, kLegacy),
            (Strings{"-2"}));
  // tinyint + tinyint stays tinyint and wraps.
  ExprPtr bytes = Call("add", {Lit(Value::Byte(100)), Lit(Value::Byte(100))});
  EXPECT_EQ(bytes->type, DataType(TypeId::kByte));
  EXPECT_EQ(Render(EvaluateScalar(bytes, kLegacy)), (Strings{"-56"}));
  EXPECT_EQ(CaptureError([&] { EvaluateScalar(bytes, kAnsi); }).error_class(),
            "ARITHMETIC_OVERFLOW");
}

TEST(ArithmeticTest, OverflowInNullRowsIsIgnored) {
  // A null row's slot may hold any value; it must neither throw nor show up.
  auto column = ColumnVector::MakeFlat(kInt, 2);
  column->mutable_data<int32_t>()[0] = kIntMax;
  column->mutable_data<int32_t>()[1] = 1;
  column->SetNull(0);
  EXPECT_EQ(EvaluateToStrings(Call("add", {Col(0, kInt), Lit(Value::Int(1))}), {column}, kAnsi),
            (Strings{"NULL", "2"}));
  auto divisor = ColumnVector::MakeFlat(kInt, 2);
  divisor->mutable_data<int32_t>()[0] = 0;
  divisor->mutable_data<int32_t>()[1] = 2;
  divisor->SetNull(0);
  EXPECT_EQ(EvaluateToStrings(Call("divide", {Lit(Value::Int(1)), Col(0, kInt)}), {divisor}, kAnsi),
            (Strings{"NULL", "0.5"}));
}

TEST(ArithmeticTest, IntegerDivisionGivesDouble) {
  ExprPtr expr = Call("divide", {Col(0, kInt), Col(1, kInt)});
  EXPECT_EQ(expr->type, kDouble);
  EXPECT_EQ(EvaluateToStrings(expr, {IntColumn({7, 1, -7, 6}), IntColumn({2, 3, 2, 3})}),
            (Strings{"3.5", "0.3333333333333333", "-3.5", "2.0"}));
  ExprPtr longs = Call("divide", {Col(0, kLong), Lit(Value::Long(4))});
  EXPECT_EQ(longs->type, kDouble);
  EXPECT_EQ(EvaluateToStrings(longs, {LongColumn({1})}), (Strings{"0.25"}));
}

TEST(ArithmeticTest, DivisionByZeroThrowsUnderAnsiAndIsNullOtherwise) {
  ExprPtr expr = Call("divide", {Col(0, kInt), Col(1, kInt)});
  std::vector<ColumnVectorPtr> input = {IntColumn({1, 4}), IntColumn({0, 2})};
  Error error = EvaluateError(expr, input, kAnsi);
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class(), "DIVIDE_BY_ZERO");
  EXPECT_EQ(EvaluateToStrings(expr, input, kLegacy), (Strings{"NULL", "2.0"}));

  // Doubles too: Spark returns null (not Infinity) for x / 0.0.
  ExprPtr doubles = Call("divide", {Col(0, kDouble), Lit(Value::Double(0.0))});
  EXPECT_EQ(EvaluateToStrings(doubles, {DoubleColumn({1.0, 0.0})}, kLegacy),
            (Strings{"NULL", "NULL"}));
  EXPECT_EQ(EvaluateError(doubles, {DoubleColumn({1.0})}, kAnsi).error_class(), "DIVIDE_BY_ZERO");
}

TEST(ArithmeticTest, RemainderFollowsTheDividendSign) {
  ExprPtr expr = Call("remainder", {Col(0, kInt), Col(1, kInt)});
  EXPECT_EQ(expr->type, kInt);
  EXPECT_EQ(
      EvaluateToStrings(expr, {IntColumn({-7, 7, 7, kIntMin}), IntColumn({3, -3, 0, -1})}, kLegacy),
      (Strings{"-1", "1", "NULL", "0"}));
  EXPECT_EQ(EvaluateError(expr, {IntColumn({7}), IntColumn({0})}, kAnsi).error_class(),
            "DIVIDE_BY_ZERO");
  EXPECT_EQ(
      Render(EvaluateScalar(Call("remainder", {Lit(Value::Double(5.5)), Lit(Value::Int(2))}))),
      (Strings{"1.5"}));
}

TEST(ArithmeticTest, NegativeAndAbs) {
  EXPECT_EQ(EvaluateToStrings(Call("negative", {Col(0, kInt)}), {IntColumn({5, -3, std::nullopt})}),
            (Strings{"-5", "3", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("abs", {Col(0, kInt)}), {IntColumn({5, -3, std::nullopt})}),
            (Strings{"5", "3", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("abs", {Col(0, kDouble)}), {DoubleColumn({-2.5, -0.0, kNaN})}),
            (Strings{"2.5", "0.0", "NaN"}));
  EXPECT_EQ(EvaluateToStrings(Call("negative", {Col(0, kDouble)}), {DoubleColumn({0.0})}),
            (Strings{"-0.0"}));
  DataType decimal = DataType::Decimal(5, 2);
  EXPECT_EQ(EvaluateToStrings(Call("abs", {Col(0, decimal)}), {DecimalColumn(decimal, {-150})}),
            (Strings{"1.50"}));
}

TEST(ArithmeticTest, NegatingTheMinimumOverflows) {
  Error error = EvaluateError(Call("negative", {Col(0, kInt)}), {IntColumn({kIntMin})}, kAnsi);
  EXPECT_EQ(error.error_class(), "ARITHMETIC_OVERFLOW");
  EXPECT_EQ(EvaluateError(Call("abs", {Col(0, kInt)}), {IntColumn({kIntMin})}, kAnsi).error_class(),
            "ARITHMETIC_OVERFLOW");
  // Without ANSI, Java's -x and Math.abs wrap to the minimum again.
  EXPECT_EQ(EvaluateToStrings(Call("negative", {Col(0, kInt)}), {IntColumn({kIntMin})}, kLegacy),
            (Strings{"-2147483648"}));
  EXPECT_EQ(EvaluateToStrings(Call("abs", {Col(0, kInt)}), {IntColumn({kIntMin})}, kLegacy),
            (Strings{"-2147483648"}));
}

TEST(BatchEdgeTest, OneRowBatchKeepsNulls) {
  // A batch of one row takes the same paths as a constant; its nulls must still propagate.
  ColumnVectorPtr null_int = IntColumn({std::nullopt});
  EXPECT_EQ(EvaluateToStrings(Call("add", {Col(0, kInt), Lit(Value::Int(1))}), {null_int}),
            (Strings{"NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("add", {Col(0, kInt), Col(0, kInt)}), {null_int}),
            (Strings{"NULL"}));
  EXPECT_EQ(
      EvaluateToStrings(Call("divide", {Lit(Value::Int(1)), Col(0, kInt)}), {null_int}, kAnsi),
      (Strings{"NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("less", {Col(0, kInt), Lit(Value::Int(1))}), {null_int}),
            (Strings{"NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("negative", {Col(0, kInt)}), {null_int}), (Strings{"NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("year", {Col(0, DataType(TypeId::kDate))}),
                              {DateColumn({std::nullopt})}),
            (Strings{"NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("add", {Col(0, kInt), Lit(Value::Int(1))}), {IntColumn({4})}),
            (Strings{"5"}));
}

TEST(BatchEdgeTest, EmptyBatchRaisesNoErrors) {
  // No row exists, so nothing can overflow or divide by zero, even with constant operands.
  ColumnVectorPtr empty = IntColumn({});
  for (const ExprPtr& expr :
       {Call("divide", {Lit(Value::Int(1)), Lit(Value::Int(0))}),
        Call("add", {Lit(Value::Int(kIntMax)), Lit(Value::Int(1))}),
        Call("negative", {Lit(Value::Int(kIntMin))}), Cast(Lit(Value::String("abc")), kInt),
        Call("add", {Col(0, kInt), Lit(Value::Int(1))})}) {
    ColumnVectorPtr result;
    EXPECT_NO_THROW(result = Evaluate(expr, {empty}, kAnsi)) << expr->ToString();
    if (result) {
      EXPECT_EQ(result->size(), 0u) << expr->ToString();
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Decimal arithmetic: result types from Spark's DecimalPrecision (allowPrecisionLoss = true).

TEST(DecimalArithmeticTest, AddAndSubtractTypes) {
  DataType d10_2 = DataType::Decimal(10, 2);
  ExprPtr add = Call("add", {Col(0, d10_2), Col(1, d10_2)});
  EXPECT_EQ(add->type, DataType::Decimal(11, 2));
  ColumnVectorPtr sum = Evaluate(add, {DecimalColumn(d10_2, {12345, 99999999, std::nullopt}),
                                       DecimalColumn(d10_2, {55, 99999999, 1})});
  EXPECT_EQ(sum->type(), DataType::Decimal(11, 2));
  EXPECT_EQ(Render(sum), (Strings{"124.00", "1999999.98", "NULL"}));

  // int is decimal(10,0): max(10, 8) + 2 + 1 = 13 digits, scale 2.
  ExprPtr mixed = Call("add", {Col(0, kInt), Col(1, d10_2)});
  EXPECT_EQ(mixed->type, DataType::Decimal(13, 2));
  ColumnVectorPtr mixed_sum = Evaluate(mixed, {IntColumn({2}), DecimalColumn(d10_2, {150})});
  EXPECT_EQ(mixed_sum->type(), DataType::Decimal(13, 2));
  EXPECT_EQ(Render(mixed_sum), (Strings{"3.50"}));

  DataType d5_2 = DataType::Decimal(5, 2);
  DataType d7_4 = DataType::Decimal(7, 4);
  ExprPtr subtract = Call("subtract", {Col(0, d5_2), Col(1, d7_4)});
  EXPECT_EQ(subtract->type, DataType::Decimal(8, 4));
  EXPECT_EQ(EvaluateToStrings(subtract, {DecimalColumn(d5_2, {100}), DecimalColumn(d7_4, {25001})}),
            (Strings{"-1.5001"}));
}

TEST(DecimalArithmeticTest, MultiplyTypesAndRounding) {
  DataType d10_2 = DataType::Decimal(10, 2);
  DataType d5_3 = DataType::Decimal(5, 3);
  ExprPtr product = Call("multiply", {Col(0, d10_2), Col(1, d5_3)});
  EXPECT_EQ(product->type, DataType::Decimal(16, 5));
  ColumnVectorPtr result =
      Evaluate(product, {DecimalColumn(d10_2, {125, -200}), DecimalColumn(d5_3, {2500, 1})});
  EXPECT_EQ(result->type(), DataType::Decimal(16, 5));
  EXPECT_EQ(Render(result), (Strings{"3.12500", "-0.00200"}));

  // 20 + 20 + 1 = 41 digits > 38: the scale drops to 38 - 21 = 17, rounding HALF_UP.
  DataType d20_10 = DataType::Decimal(20, 10);
  ExprPtr wide = Call("multiply", {Col(0, d20_10), Col(1, d20_10)});
  EXPECT_EQ(wide->type, DataType::Decimal(38, 17));
  EXPECT_EQ(EvaluateToStrings(wide, {DecimalColumn(d20_10, {12345678901, 15000000000}),
                                     DecimalColumn(d20_10, {10000000001, 15000000000})}),
            (Strings{"1.23456789022345679", "2.25000000000000000"}));
}

TEST(DecimalArithmeticTest, DivideTypesAndRounding) {
  DataType d10_2 = DataType::Decimal(10, 2);
  ExprPtr quotient = Call("divide", {Col(0, d10_2), Col(1, d10_2)});
  // scale = max(6, 2 + 10 + 1) = 13; precision = 10 - 2 + 2 + 13 = 23.
  EXPECT_EQ(quotient->type, DataType::Decimal(23, 13));
  ColumnVectorPtr result = Evaluate(
      quotient,
      {DecimalColumn(d10_2, {100, 200, -200, 100}), DecimalColumn(d10_2, {300, 300, 300, 0})},
      kLegacy);
  EXPECT_EQ(result->type(), DataType::Decimal(23, 13));
  EXPECT_EQ(Render(result),
            (Strings{"0.3333333333333", "0.6666666666667", "-0.6666666666667", "NULL"}));
  EXPECT_EQ(EvaluateError(quotient, {DecimalColumn(d10_2, {100}), DecimalColumn(d10_2, {0})}, kAnsi)
                .error_class(),
            "DIVIDE_BY_ZERO");

  // Precision loss: decimal(38,2) / decimal(38,2) keeps 6 fractional digits.
  DataType d38_2 = DataType::Decimal(38, 2);
  ExprPtr wide = Call("divide", {Col(0, d38_2), Col(1, d38_2)});
  EXPECT_EQ(wide->type, DataType::Decimal(38, 6));
  EXPECT_EQ(EvaluateToStrings(wide, {DecimalColumn(d38_2, {100}), DecimalColumn(d38_2, {300})}),
            (Strings{"0.333333"}));

  // int / decimal(5,2): decimal(10,0) / decimal(5,2) -> decimal(18,6).
  ExprPtr mixed = Call("divide", {Col(0, kInt), Col(1, DataType::Decimal(5, 2))});
  EXPECT_EQ(mixed->type, DataType::Decimal(18, 6));
  EXPECT_EQ(
      EvaluateToStrings(mixed, {IntColumn({1}), DecimalColumn(DataType::Decimal(5, 2), {50})}),
      (Strings{"2.000000"}));
}

TEST(DecimalArithmeticTest, WideIntermediatesStayExact) {
  // 1e10 * 1e10 in decimal(38,10) (and (1e10 + 5e-10)^2 = 1e20 + 10 + 2.5e-19): the 128-bit
  // product overflows before the scale drops to 6;
  // Spark computes it exactly.
  DataType d38_10 = DataType::Decimal(38, 10);
  ExprPtr product = Call("multiply", {Col(0, d38_10), Col(1, d38_10)});
  EXPECT_EQ(product->type, DataType::Decimal(38, 6));
  ColumnVectorPtr ten_billion = MakeColumn(d38_10, {Value::Decimal(PowerOfTen(20), d38_10),
                                                    Value::Decimal(-PowerOfTen(20) - 5, d38_10)});
  EXPECT_EQ(EvaluateToStrings(product, {ten_billion, ten_billion}),
            (Strings{"100000000000000000000.000000", "100000000000000000010.000000"}));
  // 1e35 / 1e10 in decimal(38,0): the dividend scaled by 10^6 exceeds 128 bits.
  DataType d38_0 = DataType::Decimal(38, 0);
  ExprPtr quotient = Call("divide", {Col(0, d38_0), Col(1, d38_0)});
  EXPECT_EQ(quotient->type, DataType::Decimal(38, 6));
  EXPECT_EQ(
      EvaluateToStrings(quotient, {MakeColumn(d38_0, {Value::Decimal(PowerOfTen(35), d38_0),
                                                      Value::Decimal(-PowerOfTen(35), d38_0)}),
                                   MakeColumn(d38_0, {Value::Decimal(PowerOfTen(10), d38_0),
                                                      Value::Decimal(3 * PowerOfTen(10), d38_0)})}),
      (Strings{"10000000000000000000000000.000000", "-3333333333333333333333333.333333"}));
}

TEST(DecimalArithmeticTest, RemainderType) {
  DataType d5_2 = DataType::Decimal(5, 2);
  DataType d3_1 = DataType::Decimal(3, 1);
  ExprPtr expr = Call("remainder", {Col(0, d5_2), Col(1, d3_1)});
  // precision = min(3, 2) + max(2, 1) = 4, scale 2.
  EXPECT_EQ(expr->type, DataType::Decimal(4, 2));
  ColumnVectorPtr result =
      Evaluate(expr, {DecimalColumn(d5_2, {525, -525}), DecimalColumn(d3_1, {20, 20})});
  EXPECT_EQ(result->type(), DataType::Decimal(4, 2));
  EXPECT_EQ(Render(result), (Strings{"1.25", "-1.25"}));
}

TEST(DecimalArithmeticTest, OverflowThrowsUnderAnsiAndIsNullOtherwise) {
  DataType d38_0 = DataType::Decimal(38, 0);
  ColumnVectorPtr largest = MakeColumn(d38_0, {Value::Decimal(PowerOfTen(38) - 1, d38_0)});
  ExprPtr expr = Call("add", {Col(0, d38_0), Lit(Value::Decimal(1, d38_0))});
  EXPECT_EQ(expr->type, d38_0);
  Error error = EvaluateError(expr, {largest}, kAnsi);
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class().rfind("NUMERIC_VALUE_OUT_OF_RANGE", 0), 0u) << error.what();
  EXPECT_EQ(EvaluateToStrings(expr, {largest}, kLegacy), (Strings{"NULL"}));
}

TEST(DecimalArithmeticTest, DecimalWithDoubleIsDouble) {
  ExprPtr expr = Call("add", {Col(0, DataType::Decimal(5, 2)), Lit(Value::Double(0.25))});
  EXPECT_EQ(expr->type, kDouble);
  EXPECT_EQ(EvaluateToStrings(expr, {DecimalColumn(DataType::Decimal(5, 2), {150})}),
            (Strings{"1.75"}));
}

// ---------------------------------------------------------------------------------------------
// Comparisons.

TEST(ComparisonTest, ComparesNumbersWithNulls) {
  EXPECT_EQ(EvaluateToStrings(Call("less", {Col(0, kInt), Lit(Value::Int(2))}),
                              {IntColumn({1, 2, 3, std::nullopt})}),
            (Strings{"true", "false", "false", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("greater_equal", {Col(0, kInt), Lit(Value::Int(2))}),
                              {IntColumn({1, 2, 3, std::nullopt})}),
            (Strings{"false", "true", "true", "NULL"}));
  EXPECT_EQ(
      EvaluateToStrings(Call("equal", {Col(0, kInt), Lit(Value::Null(kInt))}), {IntColumn({1, 2})}),
      (Strings{"NULL", "NULL"}));
  ExprPtr mixed = Call("equal", {Col(0, kInt), Lit(Value::Long(5))});
  EXPECT_EQ(mixed->type, kBool);
  EXPECT_EQ(EvaluateToStrings(mixed, {IntColumn({5, 6})}), (Strings{"true", "false"}));
  EXPECT_EQ(
      EvaluateToStrings(Call("less", {Col(0, kInt), Lit(Value::Double(1.5))}), {IntColumn({1, 2})}),
      (Strings{"true", "false"}));
  EXPECT_EQ(EvaluateToStrings(Call("equal", {Col(0, DataType::Decimal(5, 2)), Lit(Value::Int(1))}),
                              {DecimalColumn(DataType::Decimal(5, 2), {100, 101})}),
            (Strings{"true", "false"}));
}

TEST(ComparisonTest, NaNEqualsNaNAndIsLargest) {
  std::vector<ColumnVectorPtr> input = {DoubleColumn({kNaN, kNaN, 1.0, kInf, -0.0}),
                                        DoubleColumn({kNaN, 1.0, kNaN, kNaN, 0.0})};
  auto compare = [&](const char* name) {
    return EvaluateToStrings(Call(name, {Col(0, kDouble), Col(1, kDouble)}), input);
  };
  EXPECT_EQ(compare("equal"), (Strings{"true", "false", "false", "false", "true"}));
  EXPECT_EQ(compare("not_equal"), (Strings{"false", "true", "true", "true", "false"}));
  EXPECT_EQ(compare("greater"), (Strings{"false", "true", "false", "false", "false"}));
  EXPECT_EQ(compare("less"), (Strings{"false", "false", "true", "true", "false"}));
  EXPECT_EQ(compare("greater_equal"), (Strings{"true", "true", "false", "false", "true"}));
  EXPECT_EQ(compare("less_equal"), (Strings{"true", "false", "true", "true", "true"}));
}

TEST(ComparisonTest, ComparesStringsBytewise) {
  std::vector<ColumnVectorPtr> input = {
      StringColumn({"abc", "a", "Z", "é", "abc", "", std::nullopt}),
      StringColumn({"abd", "ab", "a", "z", "abc", "a", "a"})};
  EXPECT_EQ(EvaluateToStrings(Call("less", {Col(0, kString), Col(1, kString)}), input),
            (Strings{"true", "true", "true", "false", "false", "true", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("equal", {Col(0, kString), Col(1, kString)}), input),
            (Strings{"false", "false", "false", "false", "true", "false", "NULL"}));
}

TEST(ComparisonTest, CoercesStringsToTheOtherSide) {
  // '10' = 10: the string is read as a number.
  EXPECT_EQ(EvaluateToStrings(Call("equal", {Lit(Value::String("10")), Col(0, kInt)}),
                              {IntColumn({10, 11})}),
            (Strings{"true", "false"}));
  // Against a decimal the string is read as a double (SPARK-22469), so '1.5' is not rounded to
  // the decimal's scale.
  DataType d10_0 = DataType::Decimal(10, 0);
  EXPECT_EQ(EvaluateToStrings(Call("equal", {Lit(Value::String("1.5")), Col(0, d10_0)}),
                              {DecimalColumn(d10_0, {2, 1})}),
            (Strings{"false", "false"}));
  // Against a date the string is read as a date.
  EXPECT_EQ(EvaluateToStrings(
                Call("equal", {Col(0, DataType(TypeId::kDate)), Lit(Value::String("2024-02-29"))}),
                {DateColumn({19782, 19783})}),
            (Strings{"true", "false"}));
  // date vs timestamp compares as timestamps.
  ExprPtr mixed = Call("equal", {Col(0, DataType(TypeId::kDate)), Lit(Value::Timestamp(0))});
  EXPECT_EQ(EvaluateToStrings(mixed, {DateColumn({0, 1})}), (Strings{"true", "false"}));
}

TEST(ComparisonTest, RejectsIncompatibleTypes) {
  Error error = CaptureError([] {
    Call("equal", {Col(0, kInt), Col(1, DataType(TypeId::kDate))});
  });
  EXPECT_EQ(error.kind(), ErrorKind::kAnalysis);
  EXPECT_EQ(error.error_class(), "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES");
}

TEST(ComparisonTest, NullSafeEqualityNeverReturnsNull) {
  ColumnVectorPtr result =
      Evaluate(Call("equal_null_safe", {Col(0, kInt), Col(1, kInt)}),
               {IntColumn({1, std::nullopt, std::nullopt, 2}), IntColumn({1, std::nullopt, 3, 3})});
  EXPECT_EQ(Render(result), (Strings{"true", "true", "false", "false"}));
  EXPECT_EQ(result->NullCount(), 0u);
}

TEST(ComparisonTest, NotPropagatesNull) {
  EXPECT_EQ(
      EvaluateToStrings(Call("not", {Col(0, kBool)}), {BoolColumn({true, false, std::nullopt})}),
      (Strings{"false", "true", "NULL"}));
}

// ---------------------------------------------------------------------------------------------
// AND / OR: three-valued logic, and the right side only runs where the left does not decide.

TEST(LogicTest, ThreeValuedTruthTables) {
  std::optional<bool> t = true, f = false, n = std::nullopt;
  std::vector<ColumnVectorPtr> input = {BoolColumn({t, t, t, f, f, f, n, n, n}),
                                        BoolColumn({t, f, n, t, f, n, t, f, n})};
  EXPECT_EQ(EvaluateToStrings(Call("and", {Col(0, kBool), Col(1, kBool)}), input),
            (Strings{"true", "false", "NULL", "false", "false", "false", "NULL", "false", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("or", {Col(0, kBool), Col(1, kBool)}), input),
            (Strings{"true", "true", "true", "true", "false", "NULL", "true", "NULL", "NULL"}));
}

TEST(LogicTest, ConstantOperands) {
  ColumnVectorPtr column = BoolColumn({true, false, std::nullopt});
  EXPECT_EQ(EvaluateToStrings(Call("and", {Lit(Value::Boolean(false)), Col(0, kBool)}), {column}),
            (Strings{"false", "false", "false"}));
  EXPECT_EQ(EvaluateToStrings(Call("or", {Lit(Value::Boolean(true)), Col(0, kBool)}), {column}),
            (Strings{"true", "true", "true"}));
  EXPECT_EQ(EvaluateToStrings(Call("and", {Col(0, kBool), Lit(Value::Null(kBool))}), {column}),
            (Strings{"NULL", "false", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("or", {Lit(Value::Null(kBool)), Col(0, kBool)}), {column}),
            (Strings{"true", "NULL", "NULL"}));
}

/// Returns `b != 0 AND a / b > 1` (or its OR counterpart) over int columns a = 0, b = 1.
ExprPtr GuardedDivision(bool use_and) {
  ExprPtr a = Col(0, kInt), b = Col(1, kInt);
  ExprPtr guard = Call(use_and ? "not_equal" : "equal", {b, Lit(Value::Int(0))});
  ExprPtr test = Call("greater", {Call("divide", {a, b}), Lit(Value::Int(1))});
  return Call(use_and ? "and" : "or", {guard, test});
}

TEST(LogicTest, AndSkipsRightSideWhereLeftIsFalse) {
  std::vector<ColumnVectorPtr> input = {IntColumn({10, 5, 7, 1}),
                                        IntColumn({0, 5, 2, std::nullopt})};
  // Unguarded, the division fails under ANSI.
  ExprPtr unguarded =
      Call("greater", {Call("divide", {Col(0, kInt), Col(1, kInt)}), Lit(Value::Int(1))});
  EXPECT_EQ(EvaluateError(unguarded, input, kAnsi).error_class(), "DIVIDE_BY_ZERO");
  EXPECT_EQ(EvaluateToStrings(GuardedDivision(true), input, kAnsi),
            (Strings{"false", "false", "true", "NULL"}));
}

TEST(LogicTest, OrSkipsRightSideWhereLeftIsTrue) {
  std::vector<ColumnVectorPtr> input = {IntColumn({10, 5, 7}), IntColumn({0, 5, 2})};
  EXPECT_EQ(EvaluateToStrings(GuardedDivision(false), input, kAnsi),
            (Strings{"true", "false", "true"}));
}

TEST(LogicTest, LazinessHoldsOnBatchesWithSelection) {
  auto selection = std::make_shared<SelectionVector>(SelectionVector{0, 2, 3});
  Batch batch({IntColumn({10, 3, 7, 9}), IntColumn({0, 0, 2, 3})}, 4, selection);
  ExpressionEvaluator evaluator({GuardedDivision(true)}, BuiltinFunctions(), kAnsi);
  auto columns = evaluator.Evaluate(batch);
  ASSERT_EQ(columns.size(), 1u);
  EXPECT_EQ(Render(columns[0]), (Strings{"false", "true", "true"}));
  // Select returns physical row numbers of the batch.
  auto selected = evaluator.Select(batch);
  EXPECT_EQ(*selected, (SelectionVector{2, 3}));
}

TEST(LogicTest, SelectKeepsOnlyTrueRows) {
  Batch batch({IntColumn({1, std::nullopt, 3, 4})}, 4);
  ExpressionEvaluator evaluator({Call("greater", {Col(0, kInt), Lit(Value::Int(1))})},
                                BuiltinFunctions(), kAnsi);
  EXPECT_EQ(*evaluator.Select(batch), (SelectionVector{2, 3}));
  ExpressionEvaluator never({Lit(Value::Null(kBool))}, BuiltinFunctions(), kAnsi);
  EXPECT_TRUE(never.Select(batch)->empty());
  ExpressionEvaluator always({Lit(Value::Boolean(true))}, BuiltinFunctions(), kAnsi);
  EXPECT_EQ(*always.Select(batch), (SelectionVector{0, 1, 2, 3}));
}

TEST(EvaluatorTest, EvaluatesSeveralExpressionsAndReportsReferencedColumns) {
  std::vector<ExprPtr> exprs = {Call("add", {Col(2, kInt), Lit(Value::Int(1))}), Col(0, kString),
                                MakeAlias(Lit(Value::Int(7)), "seven")};
  ExpressionEvaluator evaluator(exprs, BuiltinFunctions(), kAnsi);
  Batch batch({StringColumn({"a", "b"}), IntColumn({0, 0}), IntColumn({5, 6})}, 2);
  auto columns = evaluator.Evaluate(batch);
  ASSERT_EQ(columns.size(), 3u);
  EXPECT_EQ(Render(columns[0]), (Strings{"6", "7"}));
  EXPECT_EQ(Render(columns[1]), (Strings{"a", "b"}));
  EXPECT_EQ(Render(columns[2]), (Strings{"7", "7"}));
  EXPECT_EQ(ReferencedColumns(exprs[0]), (std::vector<int>{2}));
  EXPECT_EQ(ReferencedColumns(GuardedDivision(true)), (std::vector<int>{0, 1}));
}

// ---------------------------------------------------------------------------------------------
// CASE WHEN, COALESCE, IN, null tests.

TEST(CaseWhenTest, PicksFirstTrueBranch) {
  ExprPtr a = Col(0, kInt);
  ExprPtr expr =
      Call("case_when", {Call("less", {a, Lit(Value::Int(3))}), Lit(Value::String("low")),
                         Call("less", {a, Lit(Value::Int(8))}), Lit(Value::String("mid")),
                         Lit(Value::String("high"))});
  EXPECT_EQ(expr->type, kString);
  // A null condition is not true: the row falls through to ELSE.
  EXPECT_EQ(EvaluateToStrings(expr, {IntColumn({1, std::nullopt, 5, 10})}),
            (Strings{"low", "high", "mid", "high"}));
}

TEST(CaseWhenTest, MissingElseGivesNull) {
  ExprPtr expr = Call("case_when", {Call("greater", {Col(0, kInt), Lit(Value::Int(6))}),
                                    Lit(Value::String("big"))});
  EXPECT_EQ(EvaluateToStrings(expr, {IntColumn({7, 5, 9})}), (Strings{"big", "NULL", "big"}));
}

TEST(CaseWhenTest, WidensBranchTypes) {
  ExprPtr expr = Call("case_when", {Call("greater", {Col(0, kInt), Lit(Value::Int(0))}),
                                    Col(0, kInt), Lit(Value::Long(kLongMax))});
  EXPECT_EQ(expr->type, kLong);
  ColumnVectorPtr result = Evaluate(expr, {IntColumn({5, -1})});
  EXPECT_EQ(result->type(), kLong);
  EXPECT_EQ(Render(result), (Strings{"5", "9223372036854775807"}));
}

TEST(CaseWhenTest, EvaluatesBranchesOnlyOnTheirRows) {
  // CASE WHEN b = 0 THEN NULL ELSE a / b END never divides by zero.
  ExprPtr a = Col(0, kInt), b = Col(1, kInt);
  ExprPtr expr = Call(
      "case_when", {Call("equal", {b, Lit(Value::Int(0))}), Lit(Value()), Call("divide", {a, b})});
  EXPECT_EQ(expr->type, kDouble);
  EXPECT_EQ(EvaluateToStrings(expr, {IntColumn({10, 5, 7}), IntColumn({0, 5, 2})}, kAnsi),
            (Strings{"NULL", "1.0", "3.5"}));
}

TEST(CoalesceTest, ReturnsFirstNonNull) {
  ExprPtr expr = Call("coalesce", {Col(0, kInt), Col(1, kInt), Lit(Value::Int(9))});
  EXPECT_EQ(expr->type, kInt);
  EXPECT_EQ(EvaluateToStrings(expr, {IntColumn({std::nullopt, 2, std::nullopt}),
                                     IntColumn({1, 5, std::nullopt})}),
            (Strings{"1", "2", "9"}));
  EXPECT_EQ(EvaluateToStrings(Call("coalesce", {Col(0, kInt), Lit(Value::Null(kInt))}),
                              {IntColumn({std::nullopt, 4})}),
            (Strings{"NULL", "4"}));
  ExprPtr widened = Call("coalesce", {Col(0, kInt), Lit(Value::Long(7))});
  EXPECT_EQ(widened->type, kLong);
  EXPECT_EQ(EvaluateToStrings(widened, {IntColumn({std::nullopt, 4})}), (Strings{"7", "4"}));
}

TEST(CoalesceTest, EvaluatesLaterArgumentsOnlyWhereNeeded) {
  ExprPtr expr = Call("coalesce", {Col(0, kInt), Call("divide", {Col(1, kInt), Col(2, kInt)})});
  EXPECT_EQ(expr->type, kDouble);
  EXPECT_EQ(EvaluateToStrings(
                expr, {IntColumn({1, std::nullopt}), IntColumn({4, 4}), IntColumn({0, 2})}, kAnsi),
            (Strings{"1.0", "2.0"}));
}

TEST(InTest, MatchesAnyValueWithSqlNullSemantics) {
  ColumnVectorPtr column = IntColumn({1, 2, 3, std::nullopt});
  EXPECT_EQ(EvaluateToStrings(Call("in", {Col(0, kInt), Lit(Value::Int(1)), Lit(Value::Int(2))}),
                              {column}),
            (Strings{"true", "true", "false", "NULL"}));
  // x IN (1, NULL) is true on a match and NULL otherwise.
  EXPECT_EQ(
      EvaluateToStrings(Call("in", {Col(0, kInt), Lit(Value::Int(1)), Lit(Value())}), {column}),
      (Strings{"true", "NULL", "NULL", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("in", {Col(0, kInt), Lit(Value::Long(3))}), {column}),
            (Strings{"false", "false", "true", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(
                Call("in", {Col(0, kString), Lit(Value::String("b")), Lit(Value::String("c"))}),
                {StringColumn({"a", "b", std::nullopt})}),
            (Strings{"false", "true", "NULL"}));
  // NaN IN (NaN) is true, as NaN = NaN in Spark.
  EXPECT_EQ(EvaluateToStrings(Call("in", {Col(0, kDouble), Lit(Value::Double(kNaN))}),
                              {DoubleColumn({kNaN, 1.0})}),
            (Strings{"true", "false"}));
}

TEST(NullTestTest, IsNullIsNotNullAndIsNan) {
  ColumnVectorPtr column = IntColumn({1, std::nullopt});
  ColumnVectorPtr is_null = Evaluate(Call("isnull", {Col(0, kInt)}), {column});
  EXPECT_EQ(Render(is_null), (Strings{"false", "true"}));
  EXPECT_EQ(is_null->NullCount(), 0u);
  EXPECT_EQ(EvaluateToStrings(Call("isnotnull", {Col(0, kInt)}), {column}),
            (Strings{"true", "false"}));
  EXPECT_EQ(EvaluateToStrings(Call("isnull", {Lit(Value())}), {column}), (Strings{"true", "true"}));
  EXPECT_EQ(EvaluateToStrings(Call("isnan", {Col(0, kDouble)}),
                              {DoubleColumn({kNaN, 1.0, std::nullopt})}),
            (Strings{"true", "false", "false"}));
}

// ---------------------------------------------------------------------------------------------
// Dictionary-encoded inputs: kernels run once per distinct value, rows map to the results.

TEST(DictionaryEvaluationTest, GivesTheSameRowsAsTheFlatColumn) {
  // More rows than dictionary entries, so the evaluator works on the dictionary.
  std::vector<std::optional<int32_t>> indices = {0, 1, std::nullopt, 2, 1, 0, 2, std::nullopt};
  ColumnVectorPtr encoded = DictionaryColumn({"10", "apple", "Äb"}, indices);
  ColumnVectorPtr flat = encoded->Flatten();
  ASSERT_FALSE(flat->is_dictionary());
  std::vector<ExprPtr> expressions = {
      Call("upper", {Col(0, kString)}),
      Call("equal", {Col(0, kString), Lit(Value::String("apple"))}),
      Call("like", {Col(0, kString), Lit(Value::String("%p%"))}),
      Call("isnull", {Col(0, kString)}),
      Call("length", {Col(0, kString)}),
      Call("concat", {Col(0, kString), Lit(Value::String("!"))}),
      TryCast(Col(0, kString), kInt),
  };
  for (const ExprPtr& expression : expressions) {
    EXPECT_EQ(EvaluateToStrings(expression, {encoded}), EvaluateToStrings(expression, {flat}))
        << expression->ToString();
  }
  EXPECT_EQ(EvaluateToStrings(Call("upper", {Col(0, kString)}), {encoded}),
            (Strings{"10", "APPLE", "NULL", "ÄB", "APPLE", "10", "ÄB", "NULL"}));
  // A string result of a null-propagating function stays dictionary-encoded.
  EXPECT_TRUE(Evaluate(Call("upper", {Col(0, kString)}), {encoded})->is_dictionary());
}

TEST(DictionaryEvaluationTest, AnEntryNoRowHoldsRaisesNoError) {
  // "oops" cannot be cast to int under ANSI, but after the filter no row references it.
  ColumnVectorPtr encoded = DictionaryColumn({"1", "oops", "3"}, {0, 2, 0, 2, 0});
  EXPECT_EQ(EvaluateToStrings(Cast(Col(0, kString), kInt), {encoded}),
            (Strings{"1", "3", "1", "3", "1"}));
  ColumnVectorPtr holds = DictionaryColumn({"1", "oops", "3"}, {0, 1, 2, 0, 0});
  Error error = EvaluateError(Cast(Col(0, kString), kInt), {holds});
  EXPECT_EQ(error.error_class(), "CAST_INVALID_INPUT");
  EXPECT_NE(std::string(error.what()).find("'oops'"), std::string::npos) << error.what();
  EXPECT_EQ(EvaluateToStrings(Cast(Col(0, kString), kInt), {holds}, kLegacy),
            (Strings{"1", "NULL", "3", "1", "1"}));
}

TEST(DictionaryEvaluationTest, ReusesResultsAcrossBatchesOfOneDictionary) {
  ColumnVectorPtr first = DictionaryColumn({"a", "b"}, {0, 1, 1, 0});
  // A second batch over the same dictionary with fewer rows than entries still maps correctly
  // (the cached results are reused instead of skipping the dictionary path).
  auto second = ColumnVector::MakeDictionary(first->dictionary(), 1);
  second->mutable_dictionary_indices()[0] = 1;
  ExpressionEvaluator evaluator({Call("upper", {Col(0, kString)})}, BuiltinFunctions(), kAnsi);
  EXPECT_EQ(Render(evaluator.Evaluate(Batch({first}, 4))[0]), (Strings{"A", "B", "B", "A"}));
  EXPECT_EQ(Render(evaluator.Evaluate(Batch({ColumnVectorPtr(second)}, 1))[0]), (Strings{"B"}));
  // Another dictionary replaces the cached one.
  ColumnVectorPtr other = DictionaryColumn({"x", "y"}, {1, 0, 1});
  EXPECT_EQ(Render(evaluator.Evaluate(Batch({other}, 3))[0]), (Strings{"Y", "X", "Y"}));
}

}  // namespace
}  // namespace ember

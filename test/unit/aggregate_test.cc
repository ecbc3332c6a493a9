// Unit tests of the aggregate functions through BuiltinFunctions().BindAggregate: grouped
// updates, partial states merged into a final accumulator (as partial aggregation -> shuffle ->
// final aggregation does) giving the same result as direct computation, result types and ANSI
// overflow.

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>

#include "ember/types/text_format.h"
#include "function_test_util.h"

namespace ember {
namespace {

using namespace ember::testing;  // NOLINT: test helpers

constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();

/// Casts `column` to `type` as the analyzer's implicit cast would.
ColumnVectorPtr Coerce(const ColumnVectorPtr& column, const DataType& type) {
  if (column->type() == type) return column;
  return Evaluate(Cast(Col(0, column->type()), type), {column});
}

/// An aggregate bound to concrete inputs, with the inputs already coerced.
struct BoundInput {
  BoundAggregate bound;
  std::vector<ColumnVectorPtr> args;
};

/// Binds aggregate `name` to `args`; `ignore_nulls` adds the marker argument first/last take.
BoundInput Bind(const std::string& name, std::vector<ColumnVectorPtr> args,
                bool ignore_nulls = false) {
  std::vector<DataType> types;
  for (const auto& arg : args) types.push_back(arg->type());
  if (ignore_nulls) types.push_back(kBool);
  BoundInput input{BuiltinFunctions().BindAggregate(name, types), {}};
  for (size_t i = 0; i < args.size(); ++i) {
    input.args.push_back(Coerce(args[i], input.bound.arg_types[i]));
  }
  return input;
}

/// Aggregates every row directly into one accumulator.
ColumnVectorPtr AggregateDirect(const BoundInput& input, const std::vector<uint32_t>& groups,
                                size_t num_groups, EvalContext context = kAnsi) {
  auto accumulator = input.bound.make_accumulator(context);
  accumulator->Resize(num_groups);
  accumulator->Update(groups.data(), input.args, groups.size());
  ColumnVectorPtr result = accumulator->Finalize(num_groups);
  EXPECT_EQ(result->size(), num_groups);
  EXPECT_EQ(result->type(), input.bound.result_type);
  return result;
}

/// Aggregates rows [splits[k], splits[k+1]) into separate partial accumulators, then merges their
/// States() in order into a final accumulator and finalizes it.
ColumnVectorPtr AggregateMerged(const BoundInput& input, const std::vector<uint32_t>& groups,
                                size_t num_groups, const std::vector<size_t>& splits,
                                EvalContext context = kAnsi) {
  std::vector<uint32_t> identity(num_groups);
  std::iota(identity.begin(), identity.end(), 0u);
  auto final_accumulator = input.bound.make_accumulator(context);
  final_accumulator->Resize(num_groups);
  for (size_t k = 0; k + 1 < splits.size(); ++k) {
    size_t begin = splits[k], length = splits[k + 1] - splits[k];
    std::vector<ColumnVectorPtr> args;
    for (const auto& arg : input.args) args.push_back(arg->Slice(begin, length));
    auto partial = input.bound.make_accumulator(context);
    partial->Resize(num_groups);
    partial->Update(groups.data() + begin, args, length);
    std::vector<ColumnVectorPtr> states = partial->States(num_groups);
    EXPECT_EQ(states.size(), input.bound.state_fields.size());
    for (size_t s = 0; s < states.size() && s < input.bound.state_fields.size(); ++s) {
      EXPECT_EQ(states[s]->type(), input.bound.state_fields[s].type) << "state " << s;
      EXPECT_EQ(states[s]->size(), num_groups);
    }
    final_accumulator->Merge(identity.data(), states, num_groups);
  }
  ColumnVectorPtr result = final_accumulator->Finalize(num_groups);
  EXPECT_EQ(result->type(), input.bound.result_type);
  return result;
}

// Nine rows in five groups; group 4 gets no rows.
//   group 0: 1, null, 5      group 1: 2, 4      group 2: null, 7      group 3: 8, null
ColumnVectorPtr SampleValues() {
  return IntColumn({1, 2, std::nullopt, 4, 5, std::nullopt, 7, 8, std::nullopt});
}
const std::vector<uint32_t> kGroups = {0, 1, 0, 1, 0, 2, 2, 3, 3};
constexpr size_t kNumGroups = 5;
// Partials [0,3), [3,3) (empty), [3,7), [7,9): groups 0 and 1 span two partials.
const std::vector<size_t> kSplits = {0, 3, 3, 7, 9};

/// Checks that direct and merged aggregation both give `expected`.
void ExpectAggregate(const std::string& name, const Strings& expected, bool ignore_nulls = false) {
  BoundInput input = Bind(name, {SampleValues()}, ignore_nulls);
  EXPECT_EQ(Render(AggregateDirect(input, kGroups, kNumGroups)), expected) << name << " direct";
  EXPECT_EQ(Render(AggregateMerged(input, kGroups, kNumGroups, kSplits)), expected)
      << name << " merged";
}

TEST(AggregateTest, CountSkipsNulls) {
  ExpectAggregate("count", {"2", "2", "1", "1", "0"});
  BoundInput input = Bind("count", {SampleValues()});
  EXPECT_EQ(input.bound.result_type, kLong);
  EXPECT_FALSE(input.bound.result_nullable);
}

TEST(AggregateTest, CountStarCountsRows) {
  BoundInput input = Bind("count", {});
  EXPECT_EQ(Render(AggregateDirect(input, kGroups, kNumGroups)),
            (Strings{"3", "2", "2", "2", "0"}));
  EXPECT_EQ(Render(AggregateMerged(input, kGroups, kNumGroups, kSplits)),
            (Strings{"3", "2", "2", "2", "0"}));
  // Without group ids every row belongs to group 0.
  auto accumulator = input.bound.make_accumulator(kAnsi);
  accumulator->Resize(1);
  accumulator->Update(nullptr, {}, 9);
  accumulator->Update(nullptr, {}, 4);
  EXPECT_EQ(Render(accumulator->Finalize(1)), (Strings{"13"}));
}

TEST(AggregateTest, SumOfIntsIsLong) {
  BoundInput input = Bind("sum", {SampleValues()});
  EXPECT_EQ(input.bound.result_type, kLong);
  ExpectAggregate("sum", {"6", "6", "7", "8", "NULL"});
  BoundInput big = Bind("sum", {IntColumn({2147483647, 2147483647})});
  EXPECT_EQ(Render(AggregateDirect(big, {0, 0}, 1)), (Strings{"4294967294"}));
}

TEST(AggregateTest, AvgIsDouble) {
  BoundInput input = Bind("avg", {SampleValues()});
  EXPECT_EQ(input.bound.result_type, kDouble);
  ASSERT_EQ(input.bound.state_fields.size(), 2u);
  EXPECT_EQ(input.bound.state_fields[1].type, kLong);
  ExpectAggregate("avg", {"3.0", "3.0", "7.0", "8.0", "NULL"});
  EXPECT_EQ(Render(AggregateDirect(Bind("avg", {IntColumn({1, 2})}), {0, 0}, 1)), (Strings{"1.5"}));
}

TEST(AggregateTest, MinAndMax) {
  EXPECT_EQ(Bind("min", {SampleValues()}).bound.result_type, kInt);
  ExpectAggregate("min", {"1", "2", "7", "8", "NULL"});
  ExpectAggregate("max", {"5", "4", "7", "8", "NULL"});
}

TEST(AggregateTest, FirstAndLastKeepNullsByDefault) {
  ExpectAggregate("first", {"1", "2", "NULL", "8", "NULL"});
  ExpectAggregate("last", {"5", "4", "7", "NULL", "NULL"});
}

TEST(AggregateTest, FirstAndLastCanIgnoreNulls) {
  ExpectAggregate("first", {"1", "2", "7", "8", "NULL"}, /*ignore_nulls=*/true);
  ExpectAggregate("last", {"5", "4", "7", "8", "NULL"}, /*ignore_nulls=*/true);
}

TEST(AggregateTest, VarianceAndStddevSampleAndPopulation) {
  // group 0: 1, 5 (mean 3, M2 8)   group 1: 2, 4 (M2 2)   group 2: 7   group 3: 8   group 4: -
  ExpectAggregate("var_samp", {"8.0", "2.0", "NULL", "NULL", "NULL"});
  ExpectAggregate("variance", {"8.0", "2.0", "NULL", "NULL", "NULL"});
  ExpectAggregate("var_pop", {"4.0", "1.0", "0.0", "0.0", "NULL"});
  ExpectAggregate("stddev_samp",
                  {"2.8284271247461903", "1.4142135623730951", "NULL", "NULL", "NULL"});
  ExpectAggregate("stddev", {"2.8284271247461903", "1.4142135623730951", "NULL", "NULL", "NULL"});
  ExpectAggregate("std", {"2.8284271247461903", "1.4142135623730951", "NULL", "NULL", "NULL"});
  ExpectAggregate("stddev_pop", {"2.0", "1.0", "0.0", "0.0", "NULL"});
  EXPECT_EQ(Bind("stddev", {SampleValues()}).bound.result_type, kDouble);
}

TEST(AggregateTest, StddevOfManyValuesMergedMatchesTwoPassFormula) {
  std::vector<std::optional<double>> values;
  double sum = 0;
  for (int i = 0; i < 1000; ++i) {
    double v = 1e9 + (i * 37 % 101) * 0.5;  // a large offset defeats the sum-of-squares formula
    values.push_back(v);
    sum += v;
  }
  double mean = sum / values.size(), m2 = 0;
  for (const auto& v : values) m2 += (*v - mean) * (*v - mean);
  double expected = std::sqrt(m2 / (values.size() - 1));
  BoundInput input = Bind("stddev_samp", {DoubleColumn(values)});
  std::vector<uint32_t> groups(values.size(), 0);
  for (const auto& result : {AggregateDirect(input, groups, 1),
                             AggregateMerged(input, groups, 1, {0, 10, 500, 999, 1000})}) {
    EXPECT_NEAR(result->ValueAt<double>(0), expected, 1e-9 * expected);
  }
}

/// Binds percentile_approx(values, percentage, accuracy) with constant parameter columns.
BoundInput BindPercentile(ColumnVectorPtr values, double percentage, int64_t accuracy) {
  size_t n = values->size();
  return Bind("percentile_approx",
              {std::move(values), ColumnVector::MakeConstant(Value::Double(percentage), n),
               ColumnVector::MakeConstant(Value::Long(accuracy), n)});
}

TEST(AggregateTest, PercentileApproxIsExactOnSmallInputs) {
  // Spark's answer for few values: the sorted value at rank ceil(p * n); 0 and 1 give min, max.
  std::vector<std::optional<int32_t>> values = {9, 2, std::nullopt, 7, 4, 1, 8, 3, 6, 5, 10};
  std::vector<uint32_t> groups(values.size(), 0);
  for (auto [percentage, expected] : std::vector<std::pair<double, std::string>>{{0.0, "1"},
                                                                                 {0.1, "1"},
                                                                                 {0.25, "3"},
                                                                                 {0.5, "5"},
                                                                                 {0.75, "8"},
                                                                                 {0.99, "10"},
                                                                                 {1.0, "10"}}) {
    BoundInput input = BindPercentile(IntColumn(values), percentage, 10000);
    EXPECT_EQ(input.bound.result_type, kInt);
    EXPECT_EQ(Render(AggregateDirect(input, groups, 1)), (Strings{expected})) << percentage;
    EXPECT_EQ(Render(AggregateMerged(input, groups, 1, {0, 4, 4, 11})), (Strings{expected}))
        << percentage << " merged";
  }
  // A group without values is null.
  EXPECT_EQ(Render(AggregateDirect(BindPercentile(IntColumn({std::nullopt}), 0.5, 100), {0}, 1)),
            (Strings{"NULL"}));
}

TEST(AggregateTest, PercentileApproxStaysWithinItsRankErrorOnLargeInputs) {
  // 200000 distinct values with accuracy 100: the summary compresses, and the answer's rank is
  // off by at most the query's error target plus a sample's rank uncertainty, 2 n / accuracy.
  constexpr int kValues = 200000;
  std::vector<std::optional<double>> values;
  for (int i = 0; i < kValues; ++i) values.push_back(static_cast<double>((i * 7919) % kValues));
  std::vector<uint32_t> groups(values.size(), 0);
  for (double percentage : {0.1, 0.5, 0.9}) {
    BoundInput input = BindPercentile(DoubleColumn(values), percentage, 100);
    for (const auto& result :
         {AggregateDirect(input, groups, 1),
          AggregateMerged(input, groups, 1, {0, 70000, 70001, 150000, kValues})}) {
      double value = result->ValueAt<double>(0);  // value v has rank v + 1
      EXPECT_NEAR(value + 1, std::ceil(percentage * kValues), 2 * kValues / 100.0) << percentage;
    }
  }
}

TEST(AggregateTest, MergeRemapsGroups) {
  // A partial accumulator's group g lands in final group `mapping[g]`.
  BoundInput input = Bind("sum", {IntColumn({1, 10, 100})});
  auto partial = input.bound.make_accumulator(kAnsi);
  partial->Resize(2);
  std::vector<uint32_t> local = {0, 1, 1};
  partial->Update(local.data(), input.args, 3);
  auto final_accumulator = input.bound.make_accumulator(kAnsi);
  final_accumulator->Resize(3);
  std::vector<uint32_t> mapping = {2, 0};
  final_accumulator->Merge(mapping.data(), partial->States(2), 2);
  final_accumulator->Merge(mapping.data(), partial->States(2), 2);
  EXPECT_EQ(Render(final_accumulator->Finalize(3)), (Strings{"220", "NULL", "2"}));
}

TEST(AggregateTest, SumOfDoubles) {
  BoundInput input = Bind("sum", {DoubleColumn({0.1, std::nullopt, 0.2})});
  EXPECT_EQ(input.bound.result_type, kDouble);
  EXPECT_EQ(Render(AggregateDirect(input, {0, 0, 0}, 1)), (Strings{"0.30000000000000004"}));
  // Without group ids (the ungrouped fast path).
  BoundInput dense = Bind("sum", {DoubleColumn({0.5, 0.25})});
  auto accumulator = dense.bound.make_accumulator(kAnsi);
  accumulator->Resize(1);
  accumulator->Update(nullptr, dense.args, 2);
  EXPECT_EQ(Render(accumulator->Finalize(1)), (Strings{"0.75"}));
}

TEST(AggregateTest, DecimalSumAndAvgTypes) {
  DataType d10_2 = DataType::Decimal(10, 2);
  ColumnVectorPtr values = DecimalColumn(d10_2, {100, 200, std::nullopt, 200});
  BoundInput sum = Bind("sum", {values});
  EXPECT_EQ(sum.bound.result_type, DataType::Decimal(20, 2));
  EXPECT_EQ(Render(AggregateDirect(sum, {0, 0, 0, 0}, 1)), (Strings{"5.00"}));
  BoundInput avg = Bind("avg", {values});
  EXPECT_EQ(avg.bound.result_type, DataType::Decimal(14, 6));
  EXPECT_EQ(Render(AggregateDirect(avg, {0, 0, 0, 0}, 1)), (Strings{"1.666667"}));
  EXPECT_EQ(Render(AggregateMerged(avg, {0, 0, 0, 0}, 1, {0, 1, 4})), (Strings{"1.666667"}));
  DataType d38_2 = DataType::Decimal(38, 2);
  EXPECT_EQ(Bind("sum", {DecimalColumn(d38_2, {1})}).bound.result_type, d38_2);
}

TEST(AggregateTest, SumOverflowThrowsUnderAnsiAndWrapsOtherwise) {
  BoundInput input = Bind("sum", {LongColumn({kLongMax, 1})});
  Error error = CaptureError([&] { AggregateDirect(input, {0, 0}, 1, kAnsi); });
  EXPECT_EQ(error.kind(), ErrorKind::kExecution);
  EXPECT_EQ(error.error_class(), "ARITHMETIC_OVERFLOW");
  EXPECT_EQ(Render(AggregateDirect(input, {0, 0}, 1, kLegacy)), (Strings{"-9223372036854775808"}));
  // The overflow may only appear when partial sums are merged.
  Error merged = CaptureError([&] { AggregateMerged(input, {0, 0}, 1, {0, 1, 2}, kAnsi); });
  EXPECT_EQ(merged.error_class(), "ARITHMETIC_OVERFLOW");
}

TEST(AggregateTest, DecimalSumOverflowIsNullWithoutAnsiEvenAcrossPartials) {
  DataType d38 = DataType::Decimal(38, 0);
  auto column = [&](std::vector<int128_t> unscaled) {
    ColumnBuilder builder(d38);
    for (int128_t v : unscaled) builder.Append(Value::Decimal(v, d38));
    return builder.Finish();
  };
  int128_t big = PowerOfTen(38) - 1;
  BoundInput input = Bind("sum", {column({big, 1, 5})});
  // Group 0 overflows (big + 1); group 1 holds 5.
  EXPECT_EQ(Render(AggregateDirect(input, {0, 0, 1}, 2, kLegacy)), (Strings{"NULL", "5"}));
  // Split so that each partial is in range and only the merge overflows, and so that one
  // partial overflows on its own: both must end as null, never as a wrong number.
  EXPECT_EQ(Render(AggregateMerged(input, {0, 0, 1}, 2, {0, 1, 3}, kLegacy)),
            (Strings{"NULL", "5"}));
  BoundInput overflowing_partial = Bind("sum", {column({big, 1, 7})});
  EXPECT_EQ(Render(AggregateMerged(overflowing_partial, {0, 0, 0}, 1, {0, 2, 3}, kLegacy)),
            (Strings{"NULL"}));
  Error error = CaptureError([&] { AggregateDirect(input, {0, 0, 1}, 2, kAnsi); });
  EXPECT_EQ(error.error_class(), "ARITHMETIC_OVERFLOW");
}

TEST(AggregateTest, MinMaxOfStringsAndNaN) {
  BoundInput strings = Bind("min", {StringColumn({"b", "a", std::nullopt, "c", "é"})});
  EXPECT_EQ(Render(AggregateDirect(strings, {0, 0, 0, 0, 0}, 1)), (Strings{"a"}));
  BoundInput max_strings = Bind("max", {StringColumn({"b", "a", std::nullopt, "c", "é"})});
  EXPECT_EQ(Render(AggregateMerged(max_strings, {0, 0, 0, 0, 0}, 1, {0, 2, 5})), (Strings{"é"}));
  // NaN is larger than any other double.
  ColumnVectorPtr doubles = DoubleColumn({1.0, std::nan(""), -2.0});
  EXPECT_EQ(Render(AggregateDirect(Bind("max", {doubles}), {0, 0, 0}, 1)), (Strings{"NaN"}));
  EXPECT_EQ(Render(AggregateDirect(Bind("min", {doubles}), {0, 0, 0}, 1)), (Strings{"-2.0"}));
  EXPECT_EQ(Render(AggregateMerged(Bind("max", {doubles}), {0, 0, 0}, 1, {0, 1, 3})),
            (Strings{"NaN"}));
}

TEST(AggregateTest, FirstAndLastOfStrings) {
  ColumnVectorPtr values = StringColumn({std::nullopt, "x", "y"});
  EXPECT_EQ(Render(AggregateDirect(Bind("first", {values}), {0, 0, 0}, 1)), (Strings{"NULL"}));
  EXPECT_EQ(Render(AggregateDirect(Bind("first", {values}, true), {0, 0, 0}, 1)), (Strings{"x"}));
  EXPECT_EQ(Render(AggregateMerged(Bind("last", {values}), {0, 0, 0}, 1, {0, 2, 3})),
            (Strings{"y"}));
}

TEST(AggregateTest, BindingChecksNamesAndTypes) {
  const FunctionRegistry& registry = BuiltinFunctions();
  EXPECT_EQ(
      CaptureError([&] { registry.BindAggregate("no_such_aggregate", {kInt}); }).error_class(),
      "UNRESOLVED_ROUTINE");
  EXPECT_EQ(CaptureError([&] { registry.BindAggregate("sum", {DataType(TypeId::kDate)}); }).kind(),
            ErrorKind::kAnalysis);
  EXPECT_EQ(CaptureError([&] {
              registry.BindAggregate("sum", {kInt, kInt});
            }).kind(),
            ErrorKind::kAnalysis);
  // Strings are summed as doubles.
  EXPECT_EQ(registry.BindAggregate("sum", {DataType(TypeId::kString)}).result_type, kDouble);
}

}  // namespace
}  // namespace ember

// count, sum, avg, min, max, first, last as columnar accumulators with partial states, so the
// planner can split them into partial aggregation -> shuffle -> final aggregation.

#include <cmath>
#include <string>
#include <type_traits>

#include "ember/common/error.h"
#include "ember/functions/internal/registration.h"
#include "ember/types/text_format.h"

namespace ember::functions {

namespace {

inline uint32_t GroupOf(const uint32_t* group_ids, size_t row) {
  return group_ids == nullptr ? 0 : group_ids[row];
}

/// Reads a value of storage type T (std::string means string/binary) from a column.
template <typename T>
auto Read(const ColumnVector& column, size_t row) {
  if constexpr (std::is_same_v<T, std::string>) {
    return column.StringAt(row);
  } else {
    return column.ValueAt<T>(row);
  }
}

/// Builds a column of `type` from per-group values and a per-group validity flag.
template <typename T>
ColumnVectorPtr BuildColumn(const DataType& type, const std::vector<T>& values,
                            const std::vector<uint8_t>& valid, size_t num_groups) {
  if constexpr (std::is_same_v<T, std::string>) {
    auto out = ColumnVector::MakeStrings(type, num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      if (valid[g])
        out->AppendString(values[g]);
      else
        out->AppendNullString();
    }
    return out;
  } else {
    auto out = ColumnVector::MakeFlat(type, num_groups);
    T* data = out->template mutable_data<T>();
    for (size_t g = 0; g < num_groups; ++g) {
      data[g] = valid[g] ? values[g] : T{};
      if (!valid[g]) out->SetNull(g);
    }
    return out;
  }
}

ColumnVectorPtr BuildLongs(const std::vector<int64_t>& values, size_t num_groups) {
  auto out = ColumnVector::MakeFlat(TypeId::kLong, num_groups);
  std::copy(values.begin(), values.begin() + num_groups, out->mutable_data<int64_t>());
  return out;
}

/// count(*) (no arguments) or count(x, ...) counting rows where every argument is non-null.
class CountAccumulator final : public Accumulator {
 public:
  void Resize(size_t num_groups) override { counts_.resize(num_groups, 0); }
  void Update(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& args,
              size_t num_rows) override {
    bool any_nulls = false;
    for (const auto& arg : args) any_nulls |= arg->may_have_nulls();
    if (group_ids == nullptr && !any_nulls) {
      counts_[0] += static_cast<int64_t>(num_rows);
      return;
    }
    for (size_t i = 0; i < num_rows; ++i) {
      bool counted = true;
      if (any_nulls) {
        for (const auto& arg : args) counted &= !arg->IsNull(i);
      }
      counts_[GroupOf(group_ids, i)] += counted;
    }
  }
  void Merge(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& states,
             size_t num_rows) override {
    const ColumnVector& partial = *states[0];
    for (size_t i = 0; i < num_rows; ++i)
      counts_[GroupOf(group_ids, i)] += partial.ValueAt<int64_t>(i);
  }
  std::vector<ColumnVectorPtr> States(size_t num_groups) override {
    return {BuildLongs(counts_, num_groups)};
  }
  ColumnVectorPtr Finalize(size_t num_groups) override { return BuildLongs(counts_, num_groups); }

 private:
  std::vector<int64_t> counts_;
};

[[noreturn]] void ThrowSumOverflow(const DataType& type) {
  Throw(ErrorKind::kExecution, "ARITHMETIC_OVERFLOW", type.TypeName(),
        " overflow. Use 'try_sum' to tolerate overflow and return NULL instead. If necessary set "
        "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
}

/// sum(x) over long, double or decimal accumulators (inputs are cast to those by the binder).
/// `kAverage` also counts values and finalizes to sum / count. A decimal sum that overflows its
/// precision fails under ANSI and is null otherwise; its partial state says "overflowed" as a null
/// sum of a non-empty group (Spark's sum/isEmpty pair), so merging cannot lose it.
template <typename T, bool kAverage>
class SumAccumulator final : public Accumulator {
 public:
  SumAccumulator(DataType sum_type, DataType result_type, bool ansi)
      : sum_type_(sum_type), result_type_(result_type), ansi_(ansi) {}

  void Resize(size_t num_groups) override {
    sums_.resize(num_groups, T{});
    valid_.resize(num_groups, 0);
    counts_.resize(num_groups, 0);
    overflowed_.resize(num_groups, 0);
  }
  void Update(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& args,
              size_t num_rows) override {
    const ColumnVector& input = *args[0];
    if (input.is_constant()) {
      if (input.IsNull(0)) return;
      for (size_t i = 0; i < num_rows; ++i) Add(GroupOf(group_ids, i), input.ValueAt<T>(0), 1);
      return;
    }
    const T* values = input.data<T>();
    if (group_ids == nullptr && !input.may_have_nulls() && std::is_floating_point_v<T>) {
      // Four independent partial sums break the serial dependency of one running total.
      T lanes[4] = {T{}, T{}, T{}, T{}};
      size_t i = 0;
      for (; i + 4 <= num_rows; i += 4) {
        lanes[0] += values[i];
        lanes[1] += values[i + 1];
        lanes[2] += values[i + 2];
        lanes[3] += values[i + 3];
      }
      for (; i < num_rows; ++i) lanes[0] += values[i];
      Add(0, (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]), static_cast<int64_t>(num_rows));
      return;
    }
    if constexpr (std::is_floating_point_v<T>) {
      if (group_ids != nullptr && !input.may_have_nulls()) {
        // The hot path of groupBy().sum/avg over doubles: no overflow checks, no null tests.
        T* sums = sums_.data();
        uint8_t* valid = valid_.data();
        int64_t* counts = counts_.data();
        for (size_t i = 0; i < num_rows; ++i) {
          uint32_t g = group_ids[i];
          sums[g] += values[i];
          valid[g] = 1;
          if (kAverage) ++counts[g];
        }
        return;
      }
    }
    for (size_t i = 0; i < num_rows; ++i) {
      if (!input.IsNull(i)) Add(GroupOf(group_ids, i), values[i], 1);
    }
  }
  void Merge(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& states,
             size_t num_rows) override {
    const ColumnVector& sums = *states[0];
    constexpr bool kDecimal = std::is_same_v<T, int128_t>;
    for (size_t i = 0; i < num_rows; ++i) {
      int64_t count = kAverage ? states[1]->ValueAt<int64_t>(i) : 0;
      if (sums.IsNull(i)) {
        bool non_empty = kAverage ? count > 0 : (kDecimal && !states[1]->ValueAt<bool>(i));
        if (non_empty) {
          uint32_t group = GroupOf(group_ids, i);
          overflowed_[group] = 1;
          valid_[group] = 1;
        }
        continue;
      }
      Add(GroupOf(group_ids, i), sums.ValueAt<T>(i), count);
    }
  }
  std::vector<ColumnVectorPtr> States(size_t num_groups) override {
    std::vector<ColumnVectorPtr> out = {
        BuildColumn<T>(sum_type_, sums_, ValidNotOverflowed(num_groups), num_groups)};
    if (kAverage) {
      out.push_back(BuildLongs(counts_, num_groups));
    } else if (std::is_same_v<T, int128_t>) {
      auto empty = ColumnVector::MakeFlat(TypeId::kBoolean, num_groups);
      for (size_t g = 0; g < num_groups; ++g) empty->mutable_data<bool>()[g] = valid_[g] == 0;
      out.push_back(empty);
    }
    return out;
  }
  ColumnVectorPtr Finalize(size_t num_groups) override {
    if (!kAverage)
      return BuildColumn<T>(result_type_, sums_, ValidNotOverflowed(num_groups), num_groups);
    if constexpr (std::is_same_v<T, int128_t>) {
      // decimal average: sum / count rounded HALF_UP to the result scale.
      std::vector<int128_t> averages(num_groups);
      std::vector<uint8_t> valid = ValidNotOverflowed(num_groups);
      int shift = result_type_.scale() - sum_type_.scale();
      for (size_t g = 0; g < num_groups; ++g) {
        if (!valid[g] || counts_[g] == 0) {
          valid[g] = 0;
          continue;
        }
        int128_t numerator = sums_[g] * PowerOfTen(shift);
        int128_t quotient = numerator / counts_[g], rest = numerator % counts_[g];
        if ((rest < 0 ? -rest : rest) * 2 >= counts_[g]) quotient += numerator < 0 ? -1 : 1;
        averages[g] = quotient;
      }
      return BuildColumn<int128_t>(result_type_, averages, valid, num_groups);
    } else {
      std::vector<double> averages(num_groups);
      std::vector<uint8_t> valid(valid_.begin(), valid_.begin() + num_groups);
      for (size_t g = 0; g < num_groups; ++g) {
        if (valid[g]) averages[g] = static_cast<double>(sums_[g]) / static_cast<double>(counts_[g]);
      }
      return BuildColumn<double>(result_type_, averages, valid, num_groups);
    }
  }

 private:
  std::vector<uint8_t> ValidNotOverflowed(size_t num_groups) const {
    std::vector<uint8_t> valid(valid_.begin(), valid_.begin() + num_groups);
    for (size_t g = 0; g < num_groups; ++g) valid[g] &= overflowed_[g] == 0;
    return valid;
  }

  void Add(uint32_t group, T value, int64_t count) {
    if constexpr (std::is_floating_point_v<T>) {
      sums_[group] += value;
    } else {
      if (__builtin_add_overflow(sums_[group], value, &sums_[group]) ||
          (std::is_same_v<T, int128_t> && !DecimalFits(sums_[group], sum_type_.precision()))) {
        if (ansi_) ThrowSumOverflow(sum_type_);
        if (std::is_same_v<T, int128_t>) overflowed_[group] = 1;
      }
    }
    valid_[group] = 1;
    counts_[group] += count;
  }

  DataType sum_type_, result_type_;
  bool ansi_;
  std::vector<T> sums_;
  std::vector<uint8_t> valid_;
  std::vector<int64_t> counts_;
  std::vector<uint8_t> overflowed_;
};

/// min, max, first and last; T is the storage type (std::string for strings).
enum class PickKind { kMin, kMax, kFirst, kLast };

template <typename T, PickKind kKind>
class PickAccumulator final : public Accumulator {
 public:
  PickAccumulator(DataType type, bool ignore_nulls) : type_(type), ignore_nulls_(ignore_nulls) {}

  void Resize(size_t num_groups) override {
    values_.resize(num_groups);
    valid_.resize(num_groups, 0);
    set_.resize(num_groups, 0);
  }
  void Update(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& args,
              size_t num_rows) override {
    const ColumnVector& input = *args[0];
    for (size_t i = 0; i < num_rows; ++i) Offer(GroupOf(group_ids, i), input, i, true);
  }
  void Merge(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& states,
             size_t num_rows) override {
    const ColumnVector& values = *states[0];
    const ColumnVector* set = states.size() > 1 ? states[1].get() : nullptr;
    for (size_t i = 0; i < num_rows; ++i) {
      if (set != nullptr && !set->ValueAt<bool>(i)) continue;
      Offer(GroupOf(group_ids, i), values, i, set != nullptr);
    }
  }
  std::vector<ColumnVectorPtr> States(size_t num_groups) override {
    std::vector<ColumnVectorPtr> out = {BuildColumn<T>(type_, values_, valid_, num_groups)};
    if (kKind == PickKind::kFirst || kKind == PickKind::kLast) {
      auto set = ColumnVector::MakeFlat(TypeId::kBoolean, num_groups);
      for (size_t g = 0; g < num_groups; ++g) set->mutable_data<bool>()[g] = set_[g] != 0;
      out.push_back(set);
    }
    return out;
  }
  ColumnVectorPtr Finalize(size_t num_groups) override {
    return BuildColumn<T>(type_, values_, valid_, num_groups);
  }

 private:
  /// Considers row `row` of `column` for `group`; `nulls_count` says whether a null is a value
  /// (first/last without ignoreNulls) rather than "no value".
  void Offer(uint32_t group, const ColumnVector& column, size_t row, bool nulls_count) {
    bool is_null = column.IsNull(row);
    if constexpr (kKind == PickKind::kFirst || kKind == PickKind::kLast) {
      if (is_null && (ignore_nulls_ || !nulls_count)) return;
      if (kKind == PickKind::kFirst && set_[group]) return;
      set_[group] = 1;
      valid_[group] = !is_null;
      if (!is_null) values_[group] = T(Read<T>(column, row));
    } else {
      if (is_null) return;
      auto value = Read<T>(column, row);
      if (!valid_[group] || Better(value, values_[group])) {
        values_[group] = T(value);
        valid_[group] = 1;
      }
    }
  }
  template <typename V>
  static bool Better(const V& candidate, const T& current) {
    if constexpr (std::is_floating_point_v<T>) {
      // NaN is larger than any other value, as in Spark.
      if (std::isnan(candidate) || std::isnan(current)) {
        bool c = std::isnan(candidate), k = std::isnan(current);
        return kKind == PickKind::kMax ? (c && !k) : (!c && k);
      }
    }
    return kKind == PickKind::kMin ? candidate < current : current < candidate;
  }

  DataType type_;
  bool ignore_nulls_;
  std::vector<T> values_;
  std::vector<uint8_t> valid_;
  std::vector<uint8_t> set_;
};

template <PickKind kKind>
BoundAggregate BindPick(const std::string& name, const std::vector<DataType>& types) {
  DataType type = types[0];
  BoundAggregate bound;
  bound.arg_types = {type};
  bound.result_type = type;
  bound.state_fields = {{name, type, true}};
  if (kKind == PickKind::kFirst || kKind == PickKind::kLast) {
    bound.state_fields.push_back({"valueSet", TypeId::kBoolean, false});
  }
  bool ignore_nulls = types.size() > 1;  // second argument: ignoreNulls marker (see analyzer)
  bound.arg_types.resize(1);
  bound.make_accumulator = [type,
                            ignore_nulls](const EvalContext&) -> std::unique_ptr<Accumulator> {
    if (type.IsStringLike()) {
      return std::make_unique<PickAccumulator<std::string, kKind>>(type, ignore_nulls);
    }
    return DispatchFixedWidth(type, [&]<typename T>() -> std::unique_ptr<Accumulator> {
      return std::make_unique<PickAccumulator<T, kKind>>(type, ignore_nulls);
    });
  };
  return bound;
}

template <bool kAverage>
BoundAggregate BindSum(const std::string& name, const std::vector<DataType>& types) {
  DataType input = types[0];
  if (input.id() == TypeId::kString) input = TypeId::kDouble;
  if (input.id() == TypeId::kNull) input = TypeId::kDouble;
  if (!input.IsNumeric()) ThrowArgumentTypeMismatch(name, 0, types[0], "\"NUMERIC\"");
  BoundAggregate bound;
  DataType sum_type, result_type;
  if (input.id() == TypeId::kDecimal) {
    sum_type = DataType::Decimal(std::min(38, input.precision() + 10), input.scale());
    result_type = kAverage ? DataType::Decimal(std::min(38, input.precision() + 4),
                                               std::min(38, input.scale() + 4))
                           : sum_type;
  } else if (input.IsIntegral() && !kAverage) {
    sum_type = result_type = TypeId::kLong;
  } else {
    sum_type = TypeId::kDouble;
    result_type = TypeId::kDouble;
  }
  if (input.IsIntegral() && kAverage) sum_type = TypeId::kDouble;
  bound.arg_types = {sum_type};
  bound.result_type = result_type;
  bound.state_fields = {{"sum", sum_type, true}};
  if (kAverage)
    bound.state_fields.push_back({"count", TypeId::kLong, false});
  else if (sum_type.id() == TypeId::kDecimal)
    bound.state_fields.push_back({"isEmpty", TypeId::kBoolean, false});
  bound.make_accumulator =
      [sum_type, result_type](const EvalContext& context) -> std::unique_ptr<Accumulator> {
    bool ansi = context.ansi;
    switch (sum_type.id()) {
      case TypeId::kLong:
        return std::make_unique<SumAccumulator<int64_t, kAverage>>(sum_type, result_type, ansi);
      case TypeId::kDecimal:
        return std::make_unique<SumAccumulator<int128_t, kAverage>>(sum_type, result_type, ansi);
      default:
        return std::make_unique<SumAccumulator<double, kAverage>>(sum_type, result_type, ansi);
    }
  };
  return bound;
}

}  // namespace

void RegisterAggregateFunctions(FunctionRegistry& registry) {
  registry.AddAggregate({"count", "Returns the number of rows, or of rows where x is not null.", 0,
                         -1, [](const std::vector<DataType>& types) {
                           BoundAggregate bound;
                           bound.arg_types = types;
                           bound.result_type = TypeId::kLong;
                           bound.result_nullable = false;
                           bound.state_fields = {{"count", TypeId::kLong, false}};
                           bound.make_accumulator = [](const EvalContext&) {
                             return std::make_unique<CountAccumulator>();
                           };
                           return bound;
                         }});
  registry.AddAggregate({"sum", "Returns the sum of the values.", 1, 1,
                         [](const std::vector<DataType>& t) { return BindSum<false>("sum", t); }});
  registry.AddAggregate({"avg", "Returns the mean of the values.", 1, 1,
                         [](const std::vector<DataType>& t) { return BindSum<true>("avg", t); }});
  registry.AddAggregate(
      {"min", "Returns the smallest value.", 1, 1,
       [](const std::vector<DataType>& t) { return BindPick<PickKind::kMin>("min", t); }});
  registry.AddAggregate(
      {"max", "Returns the largest value.", 1, 1,
       [](const std::vector<DataType>& t) { return BindPick<PickKind::kMax>("max", t); }});
  registry.AddAggregate(
      {"first", "Returns the first value of each group.", 1, 2,
       [](const std::vector<DataType>& t) { return BindPick<PickKind::kFirst>("first", t); }});
  registry.AddAggregate(
      {"last", "Returns the last value of each group.", 1, 2,
       [](const std::vector<DataType>& t) { return BindPick<PickKind::kLast>("last", t); }});
}

}  // namespace ember::functions

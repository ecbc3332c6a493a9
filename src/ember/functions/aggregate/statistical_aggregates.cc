// Variance and standard deviation (sample and population) as Spark's CentralMomentAgg computes
// them: a running count, mean and sum of squared deviations (M2) per group, updated one value at
// a time (Welford) and merged pairwise (Chan et al.), so partial aggregation gives the same
// result as a single pass up to rounding.

#include <cmath>

#include "ember/functions/internal/registration.h"

namespace ember::functions {

namespace {

enum class Moment { kVarianceSample, kVariancePopulation, kStddevSample, kStddevPopulation };

class CentralMomentAccumulator final : public Accumulator {
 public:
  explicit CentralMomentAccumulator(Moment moment) : moment_(moment) {}

  void Resize(size_t num_groups) override {
    counts_.resize(num_groups, 0);
    means_.resize(num_groups, 0);
    m2s_.resize(num_groups, 0);
  }
  void Update(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& args,
              size_t num_rows) override {
    const ColumnVector& input = *args[0];
    for (size_t i = 0; i < num_rows; ++i) {
      if (input.IsNull(i)) continue;
      uint32_t g = group_ids == nullptr ? 0 : group_ids[i];
      double value = input.ValueAt<double>(i);
      double n = counts_[g] + 1;
      double delta = value - means_[g];
      double delta_n = delta / n;
      means_[g] += delta_n;
      m2s_[g] += delta * (delta - delta_n);
      counts_[g] = n;
    }
  }
  void Merge(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& states,
             size_t num_rows) override {
    for (size_t i = 0; i < num_rows; ++i) {
      double n2 = states[0]->ValueAt<double>(i);
      if (n2 == 0) continue;
      uint32_t g = group_ids == nullptr ? 0 : group_ids[i];
      double n1 = counts_[g];
      double n = n1 + n2;
      double delta = states[1]->ValueAt<double>(i) - means_[g];
      double delta_n = delta / n;
      means_[g] += delta_n * n2;
      m2s_[g] += states[2]->ValueAt<double>(i) + delta * delta_n * n1 * n2;
      counts_[g] = n;
    }
  }
  std::vector<ColumnVectorPtr> States(size_t num_groups) override {
    return {Doubles(counts_, num_groups), Doubles(means_, num_groups), Doubles(m2s_, num_groups)};
  }
  ColumnVectorPtr Finalize(size_t num_groups) override {
    auto out = ColumnVector::MakeFlat(TypeId::kDouble, num_groups);
    double* values = out->mutable_data<double>();
    bool sample = moment_ == Moment::kVarianceSample || moment_ == Moment::kStddevSample;
    bool root = moment_ == Moment::kStddevSample || moment_ == Moment::kStddevPopulation;
    for (size_t g = 0; g < num_groups; ++g) {
      double divisor = sample ? counts_[g] - 1 : counts_[g];
      // No values, or one value for a sample statistic: null (Spark's default since 3.0).
      if (divisor <= 0) {
        values[g] = 0;
        out->SetNull(g);
        continue;
      }
      double variance = m2s_[g] / divisor;
      values[g] = root ? std::sqrt(variance) : variance;
    }
    return out;
  }

 private:
  static ColumnVectorPtr Doubles(const std::vector<double>& values, size_t num_groups) {
    auto out = ColumnVector::MakeFlat(TypeId::kDouble, num_groups);
    std::copy(values.begin(), values.begin() + num_groups, out->mutable_data<double>());
    return out;
  }

  Moment moment_;
  std::vector<double> counts_;
  std::vector<double> means_;
  std::vector<double> m2s_;
};

AggregateFunction CentralMoment(const char* name, const char* doc, Moment moment) {
  std::string function = name;
  return {
      name, doc, 1, 1, [function, moment](const std::vector<DataType>& types) {
        const DataType& input = types[0];
        if (!input.IsNumeric() && input.id() != TypeId::kString && input.id() != TypeId::kNull) {
          ThrowArgumentTypeMismatch(function, 0, input, "\"NUMERIC\"");
        }
        BoundAggregate bound;
        bound.arg_types = {TypeId::kDouble};
        bound.result_type = TypeId::kDouble;
        bound.state_fields = {{"n", TypeId::kDouble, false},
                              {"avg", TypeId::kDouble, false},
                              {"m2", TypeId::kDouble, false}};
        bound.make_accumulator = [moment](const EvalContext&) {
          return std::make_unique<CentralMomentAccumulator>(moment);
        };
        return bound;
      }};
}

}  // namespace

void RegisterStatisticalAggregates(FunctionRegistry& registry) {
  registry.AddAggregate(CentralMoment("stddev_samp", "Returns the sample standard deviation.",
                                      Moment::kStddevSample));
  registry.AddAggregate(CentralMoment(
      "stddev", "Returns the sample standard deviation (stddev_samp).", Moment::kStddevSample));
  registry.AddAggregate(CentralMoment("std", "Returns the sample standard deviation (stddev_samp).",
                                      Moment::kStddevSample));
  registry.AddAggregate(CentralMoment("stddev_pop", "Returns the population standard deviation.",
                                      Moment::kStddevPopulation));
  registry.AddAggregate(
      CentralMoment("var_samp", "Returns the sample variance.", Moment::kVarianceSample));
  registry.AddAggregate(CentralMoment("variance", "Returns the sample variance (var_samp).",
                                      Moment::kVarianceSample));
  registry.AddAggregate(
      CentralMoment("var_pop", "Returns the population variance.", Moment::kVariancePopulation));
}

}  // namespace ember::functions

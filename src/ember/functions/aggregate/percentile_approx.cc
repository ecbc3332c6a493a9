// percentile_approx(x, percentage[, accuracy]) as Spark computes it: each group keeps a
// Greenwald-Khanna quantile summary (Spark's QuantileSummaries, relative error 1/accuracy),
// partial summaries travel as binary states and merge, and the result is the sample whose rank
// range covers ceil(percentage * count). Below about accuracy/2 values a group keeps every
// value, so small inputs get exact answers, the same as Spark's.

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "ember/common/error.h"
#include "ember/functions/internal/registration.h"
#include "ember/types/text_format.h"

namespace ember::functions {

namespace {

constexpr int64_t kDefaultAccuracy = 10000;
constexpr size_t kHeadSize = 50000;           // values buffered before they enter the summary
constexpr size_t kCompressThreshold = 10000;  // samples kept before a compression

/// Spark's QuantileSummaries: samples with g (rank gap to the previous sample) and delta (rank
/// uncertainty), plus a head buffer of values not inserted yet.
class QuantileSummary {
 public:
  struct Sample {
    double value;
    int64_t g;
    int64_t delta;
  };

  void Insert(double value, double relative_error) {
    head_.push_back(value);
    if (head_.size() >= kHeadSize) {
      InsertHead(relative_error);
      if (samples_.size() >= kCompressThreshold) Compress(relative_error);
    }
  }

  /// Inserts the head buffer and merges samples whose combined ranks stay within the error.
  void Compress(double relative_error) {
    InsertHead(relative_error);
    samples_ = Compressed(samples_, 2 * relative_error * static_cast<double>(count_));
  }

  void Merge(const QuantileSummary& other, double relative_error) {
    if (other.count_ == 0) return;
    if (count_ == 0) {
      *this = other;
      return;
    }
    std::vector<Sample> merged(samples_.size() + other.samples_.size());
    std::merge(samples_.begin(), samples_.end(), other.samples_.begin(), other.samples_.end(),
               merged.begin(), [](const Sample& a, const Sample& b) { return a.value < b.value; });
    count_ += other.count_;
    samples_ = Compressed(merged, 2 * relative_error * static_cast<double>(count_));
  }

  /// Returns the sample at `percentage`, or nullopt for an empty summary (compressed first).
  std::optional<double> Query(double percentage, double relative_error) const {
    if (samples_.empty()) return std::nullopt;
    if (percentage <= relative_error) return samples_.front().value;
    if (percentage >= 1 - relative_error) return samples_.back().value;
    auto rank = static_cast<int64_t>(std::ceil(percentage * static_cast<double>(count_)));
    int64_t target_error = std::numeric_limits<int64_t>::min();
    for (const auto& sample : samples_)
      target_error = std::max(target_error, sample.delta + sample.g);
    target_error /= 2;
    int64_t min_rank = 0;
    for (size_t i = 0; i + 1 < samples_.size(); ++i) {
      min_rank += samples_[i].g;
      int64_t max_rank = min_rank + samples_[i].delta;
      if (max_rank - target_error <= rank && rank <= min_rank + target_error) {
        return samples_[i].value;
      }
    }
    return samples_.back().value;
  }

  std::string Serialize() const {
    std::string out(sizeof(int64_t) + samples_.size() * sizeof(Sample), '\0');
    std::memcpy(out.data(), &count_, sizeof(int64_t));
    if (!samples_.empty()) {
      std::memcpy(out.data() + sizeof(int64_t), samples_.data(), samples_.size() * sizeof(Sample));
    }
    return out;
  }

  static QuantileSummary Deserialize(std::string_view bytes) {
    QuantileSummary summary;
    if (bytes.size() < sizeof(int64_t) || (bytes.size() - sizeof(int64_t)) % sizeof(Sample) != 0) {
      Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "malformed percentile_approx state of ",
            bytes.size(), " bytes");
    }
    std::memcpy(&summary.count_, bytes.data(), sizeof(int64_t));
    summary.samples_.resize((bytes.size() - sizeof(int64_t)) / sizeof(Sample));
    if (!summary.samples_.empty()) {
      std::memcpy(summary.samples_.data(), bytes.data() + sizeof(int64_t),
                  summary.samples_.size() * sizeof(Sample));
    }
    return summary;
  }

 private:
  void InsertHead(double relative_error) {
    if (head_.empty()) return;
    std::sort(head_.begin(), head_.end());
    std::vector<Sample> merged;
    merged.reserve(samples_.size() + head_.size());
    size_t s = 0;
    for (size_t h = 0; h < head_.size(); ++h) {
      while (s < samples_.size() && samples_[s].value <= head_[h]) merged.push_back(samples_[s++]);
      ++count_;
      // The first and last values are known exactly; others may be off by the error bound.
      bool exact = merged.empty() || (s == samples_.size() && h + 1 == head_.size());
      int64_t delta =
          exact
              ? 0
              : static_cast<int64_t>(std::floor(2 * relative_error * static_cast<double>(count_)));
      merged.push_back({head_[h], 1, delta});
    }
    while (s < samples_.size()) merged.push_back(samples_[s++]);
    samples_ = std::move(merged);
    head_.clear();
  }

  static std::vector<Sample> Compressed(const std::vector<Sample>& samples, double threshold) {
    if (samples.empty()) return {};
    // From the end: fold a sample into the following kept one while their ranks stay within the
    // threshold; the first and last samples are always kept.
    std::vector<Sample> reversed;
    Sample head = samples.back();
    for (size_t i = samples.size() - 2; samples.size() >= 2 && i >= 1; --i) {
      const Sample& sample = samples[i];
      if (static_cast<double>(sample.g + head.g + head.delta) < threshold) {
        head.g += sample.g;
      } else {
        reversed.push_back(head);
        head = sample;
      }
    }
    reversed.push_back(head);
    if (samples.size() > 1 && samples.front().value <= head.value) {
      reversed.push_back(samples.front());
    }
    return {reversed.rbegin(), reversed.rend()};
  }

  int64_t count_ = 0;
  std::vector<Sample> samples_;
  std::vector<double> head_;
};

/// Returns a value of any input type as the double the summary orders (days for dates,
/// microseconds for timestamps).
double AsDouble(const ColumnVector& column, size_t row) {
  return DispatchFixedWidth(column.type(), [&]<typename T>() -> double {
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, int128_t>) {
      return 0;  // not accepted by the binder
    } else {
      return static_cast<double>(column.ValueAt<T>(row));
    }
  });
}

[[noreturn]] void InvalidPercentileArgument(const std::string& why) {
  Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
        "Cannot resolve percentile_approx: ", why, ".");
}

double CheckPercentage(const std::optional<Value>& percentage) {
  if (!percentage || percentage->is_null()) {
    InvalidPercentileArgument("the percentage must not be null");
  }
  double value = percentage->Get<double>();
  if (!(value >= 0 && value <= 1)) {
    InvalidPercentileArgument(
        StrCat("the percentage must be between 0.0 and 1.0, but got ", FormatDouble(value)));
  }
  return value;
}

int64_t CheckAccuracy(int64_t accuracy) {
  if (accuracy <= 0 || accuracy > std::numeric_limits<int32_t>::max()) {
    InvalidPercentileArgument(StrCat(
        "the accuracy must be a positive integer literal up to 2147483647, but got ", accuracy));
  }
  return accuracy;
}

class PercentileAccumulator final : public Accumulator {
 public:
  explicit PercentileAccumulator(DataType result_type) : result_type_(result_type) {}

  void Resize(size_t num_groups) override { summaries_.resize(num_groups); }

  void Update(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& args,
              size_t num_rows) override {
    if (num_rows == 0) return;
    ReadParameters(args);
    const ColumnVector& input = *args[0];
    for (size_t i = 0; i < num_rows; ++i) {
      if (input.IsNull(i)) continue;
      summaries_[group_ids == nullptr ? 0 : group_ids[i]].Insert(AsDouble(input, i),
                                                                 relative_error_);
    }
  }

  void Merge(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& states,
             size_t num_rows) override {
    for (size_t i = 0; i < num_rows; ++i) {
      percentage_ = states[1]->ValueAt<double>(i);
      relative_error_ = 1.0 / static_cast<double>(states[2]->ValueAt<int64_t>(i));
      summaries_[group_ids == nullptr ? 0 : group_ids[i]].Merge(
          QuantileSummary::Deserialize(states[0]->StringAt(i)), relative_error_);
    }
  }

  std::vector<ColumnVectorPtr> States(size_t num_groups) override {
    auto sketches = ColumnVector::MakeStrings(TypeId::kBinary, num_groups);
    auto percentages = ColumnVector::MakeFlat(TypeId::kDouble, num_groups);
    auto accuracies = ColumnVector::MakeFlat(TypeId::kLong, num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      summaries_[g].Compress(relative_error_);
      sketches->AppendString(summaries_[g].Serialize());
      percentages->mutable_data<double>()[g] = percentage_;
      accuracies->mutable_data<int64_t>()[g] = std::llround(1.0 / relative_error_);
    }
    return {sketches, percentages, accuracies};
  }

  ColumnVectorPtr Finalize(size_t num_groups) override {
    ColumnBuilder builder(result_type_, num_groups);
    for (size_t g = 0; g < num_groups; ++g) {
      summaries_[g].Compress(relative_error_);
      std::optional<double> value = summaries_[g].Query(percentage_, relative_error_);
      if (!value) {
        builder.AppendNull();
        continue;
      }
      builder.Append(ToResult(*value));
    }
    return builder.Finish();
  }

 private:
  void ReadParameters(const std::vector<ColumnVectorPtr>& args) {
    percentage_ =
        CheckPercentage(args[1]->IsNull(0) ? std::nullopt : std::optional(args[1]->GetValue(0)));
    int64_t accuracy =
        args.size() > 2 && !args[2]->IsNull(0) ? args[2]->ValueAt<int64_t>(0) : kDefaultAccuracy;
    relative_error_ = 1.0 / static_cast<double>(CheckAccuracy(accuracy));
  }

  /// Converts the chosen sample back to the input's type, as Spark does.
  Value ToResult(double value) const {
    switch (result_type_.id()) {
      case TypeId::kByte:
        return Value::Byte(static_cast<int8_t>(value));
      case TypeId::kShort:
        return Value::Short(static_cast<int16_t>(value));
      case TypeId::kInt:
        return Value::Int(static_cast<int32_t>(value));
      case TypeId::kLong:
        return Value::Long(static_cast<int64_t>(value));
      case TypeId::kFloat:
        return Value::Float(static_cast<float>(value));
      case TypeId::kDate:
        return Value::Date(static_cast<int32_t>(value));
      case TypeId::kTimestamp:
        return Value::Timestamp(static_cast<int64_t>(value));
      default:
        return Value::Double(value);
    }
  }

  DataType result_type_;
  double percentage_ = 0.5;
  double relative_error_ = 1.0 / kDefaultAccuracy;
  std::vector<QuantileSummary> summaries_;
};

BoundAggregate BindPercentile(const std::vector<DataType>& types) {
  const DataType& input = types[0];
  bool numeric = input.IsNumeric() && input.id() != TypeId::kDecimal;
  if (!numeric && input.id() != TypeId::kDate && input.id() != TypeId::kTimestamp) {
    ThrowArgumentTypeMismatch("percentile_approx", 0, input,
                              "(\"NUMERIC\" or \"DATE\" or "
                              "\"TIMESTAMP\")");
  }
  if (!types[1].IsNumeric())
    ThrowArgumentTypeMismatch("percentile_approx", 1, types[1], "\"DOUBLE\"");
  if (types.size() > 2 && !types[2].IsIntegral()) {
    ThrowArgumentTypeMismatch("percentile_approx", 2, types[2], "\"INT\"");
  }
  BoundAggregate bound;
  // The input keeps its type (no cast), so the result type stays the input's when the planner
  // binds the function again over the analyzed arguments.
  bound.arg_types = {input, TypeId::kDouble};
  if (types.size() > 2) bound.arg_types.push_back(TypeId::kLong);
  bound.result_type = input;
  bound.state_fields = {{"sketch", TypeId::kBinary, false},
                        {"percentage", TypeId::kDouble, false},
                        {"accuracy", TypeId::kLong, false}};
  bound.make_accumulator = [input](const EvalContext&) {
    return std::make_unique<PercentileAccumulator>(input);
  };
  // Spark requires constant percentage and accuracy and checks them before the query runs.
  bound.check_constant_args = [](const std::vector<std::optional<Value>>& constants) {
    for (size_t i = 1; i < constants.size(); ++i) {
      if (!constants[i]) {
        Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
              "Cannot resolve percentile_approx: its ", i == 1 ? "percentage" : "accuracy",
              " must be a constant.");
      }
    }
    CheckPercentage(constants[1]);
    if (constants.size() > 2 && !constants[2]->is_null())
      CheckAccuracy(constants[2]->Get<int64_t>());
  };
  return bound;
}

}  // namespace

void RegisterPercentileAggregates(FunctionRegistry& registry) {
  AggregateFunction percentile = {
      "percentile_approx",
      "Returns the smallest value whose rank covers the percentage (within 1/accuracy).", 2, 3,
      BindPercentile};
  registry.AddAggregate(percentile);
  percentile.name = "approx_percentile";
  registry.AddAggregate(percentile);
}

}  // namespace ember::functions

// Sources and row-at-a-time-free streaming operators: range, batches, filter, project, limit,
// sample, concat and cache.

#include <cmath>

#include "ember/common/hash.h"
#include "ember/exec/internal/operators.h"
#include "ember/expr/evaluator.h"

namespace ember::operators {

namespace {

class RangeOperator final : public Operator {
 public:
  RangeOperator(int64_t first, int64_t count, int64_t step, int batch_size)
      : next_(first), remaining_(count), step_(step), batch_size_(batch_size) {}
  BatchPtr Next() override {
    if (remaining_ <= 0) return nullptr;
    size_t rows = static_cast<size_t>(std::min<int64_t>(remaining_, batch_size_));
    auto column = ColumnVector::MakeFlat(TypeId::kLong, rows);
    int64_t* values = column->mutable_data<int64_t>();
    // Wrapping arithmetic: range() near the int64 limits wraps as Spark's does.
    uint64_t value = static_cast<uint64_t>(next_);
    for (size_t i = 0; i < rows; ++i) {
      values[i] = static_cast<int64_t>(value);
      value += static_cast<uint64_t>(step_);
    }
    next_ = static_cast<int64_t>(value);
    remaining_ -= static_cast<int64_t>(rows);
    return std::make_shared<Batch>(std::vector<ColumnVectorPtr>{column}, rows);
  }

 private:
  int64_t next_, remaining_, step_;
  int batch_size_;
};

class BatchesOperator final : public Operator {
 public:
  explicit BatchesOperator(std::shared_ptr<const std::vector<BatchPtr>> batches)
      : batches_(std::move(batches)) {}
  BatchPtr Next() override { return next_ < batches_->size() ? (*batches_)[next_++] : nullptr; }

 private:
  std::shared_ptr<const std::vector<BatchPtr>> batches_;
  size_t next_ = 0;
};

class InterruptibleOperator final : public Operator {
 public:
  InterruptibleOperator(OperatorPtr source, const TaskContext& context)
      : source_(std::move(source)), context_(context) {}
  BatchPtr Next() override {
    context_.CheckKilled();
    return source_->Next();
  }

 private:
  OperatorPtr source_;
  const TaskContext& context_;
};

class FilterOperator final : public Operator {
 public:
  FilterOperator(OperatorPtr child, const ExprPtr& condition, TaskContext& context)
      : child_(std::move(child)), evaluator_({condition}, *context.registry, context.eval) {}
  BatchPtr Next() override {
    while (BatchPtr batch = child_->Next()) {
      auto selection = evaluator_.Select(*batch);
      if (selection->empty()) continue;
      if (selection->size() == batch->physical_rows()) {
        return std::make_shared<Batch>(batch->columns(), batch->physical_rows());
      }
      return std::make_shared<Batch>(batch->columns(), batch->physical_rows(), selection);
    }
    return nullptr;
  }

 private:
  OperatorPtr child_;
  ExpressionEvaluator evaluator_;
};

class ProjectOperator final : public Operator {
 public:
  ProjectOperator(OperatorPtr child, const std::vector<ExprPtr>& exprs, TaskContext& context)
      : child_(std::move(child)), evaluator_(exprs, *context.registry, context.eval) {}
  BatchPtr Next() override {
    BatchPtr batch = child_->Next();
    if (!batch) return nullptr;
    return std::make_shared<Batch>(evaluator_.Evaluate(*batch), batch->num_rows());
  }

 private:
  OperatorPtr child_;
  ExpressionEvaluator evaluator_;
};

class LimitOperator final : public Operator {
 public:
  LimitOperator(OperatorPtr child, int64_t limit) : child_(std::move(child)), remaining_(limit) {}
  BatchPtr Next() override {
    if (remaining_ <= 0) return nullptr;
    BatchPtr batch = child_->Next();
    if (!batch) return nullptr;
    int64_t rows = static_cast<int64_t>(batch->num_rows());
    if (rows <= remaining_) {
      remaining_ -= rows;
      return batch;
    }
    BatchPtr head = batch->Slice(0, static_cast<size_t>(remaining_));
    remaining_ = 0;
    return head;
  }

 private:
  OperatorPtr child_;
  int64_t remaining_;
};

/// Samples rows independently with a generator seeded by (seed, partition), so a re-run task
/// picks the same rows.
class SampleOperator final : public Operator {
 public:
  SampleOperator(OperatorPtr child, double fraction, bool with_replacement, uint64_t seed,
                 int partition)
      : child_(std::move(child)),
        fraction_(fraction),
        with_replacement_(with_replacement),
        state_(HashCombine(seed, static_cast<uint64_t>(partition))) {}
  BatchPtr Next() override {
    while (BatchPtr batch = child_->Next()) {
      BatchPtr dense = DenseBatch(batch);
      std::vector<uint32_t> rows;
      for (size_t i = 0; i < dense->num_rows(); ++i) {
        int copies = with_replacement_ ? Poisson() : (Uniform() < fraction_ ? 1 : 0);
        for (int c = 0; c < copies; ++c) rows.push_back(static_cast<uint32_t>(i));
      }
      if (rows.empty()) continue;
      std::vector<ColumnVectorPtr> columns;
      for (const auto& column : dense->columns())
        columns.push_back(column->Gather(rows.data(), rows.size()));
      return std::make_shared<Batch>(std::move(columns), rows.size());
    }
    return nullptr;
  }

 private:
  double Uniform() {
    state_ += 0x9E3779B97F4A7C15ULL;
    return static_cast<double>(HashInt64(state_) >> 11) * (1.0 / 9007199254740992.0);
  }
  int Poisson() {
    double limit = std::exp(-fraction_), product = Uniform();
    int count = 0;
    while (product > limit) {
      ++count;
      product *= Uniform();
    }
    return count;
  }

  OperatorPtr child_;
  double fraction_;
  bool with_replacement_;
  uint64_t state_;
};

class ConcatOperator final : public Operator {
 public:
  explicit ConcatOperator(std::vector<OperatorPtr> children) : children_(std::move(children)) {}
  BatchPtr Next() override {
    while (current_ < children_.size()) {
      if (BatchPtr batch = children_[current_]->Next()) return batch;
      children_[current_].reset();
      ++current_;
    }
    return nullptr;
  }

 private:
  std::vector<OperatorPtr> children_;
  size_t current_ = 0;
};

/// Stores the partition's batches once the child is exhausted; a later job reads them back.
class CacheOperator final : public Operator {
 public:
  CacheOperator(OperatorPtr child, int64_t cache_id, int partition, TaskContext& context)
      : child_(std::move(child)), cache_id_(cache_id), partition_(partition), context_(context) {}
  BatchPtr Next() override {
    if (done_) return nullptr;
    BatchPtr batch = child_->Next();
    if (!batch) {
      done_ = true;
      context_.PutCached(cache_id_, partition_, std::move(stored_));
      return nullptr;
    }
    batch = DenseBatch(batch);
    stored_.push_back(batch);
    return batch;
  }

 private:
  OperatorPtr child_;
  int64_t cache_id_;
  int partition_;
  TaskContext& context_;
  std::vector<BatchPtr> stored_;
  bool done_ = false;
};

}  // namespace

OperatorPtr Range(int64_t first, int64_t count, int64_t step, int batch_size) {
  return std::make_unique<RangeOperator>(first, count, step, batch_size);
}
OperatorPtr Batches(std::shared_ptr<const std::vector<BatchPtr>> batches) {
  return std::make_unique<BatchesOperator>(std::move(batches));
}
OperatorPtr Filter(OperatorPtr child, const ExprPtr& condition, TaskContext& context) {
  return std::make_unique<FilterOperator>(std::move(child), condition, context);
}
OperatorPtr Project(OperatorPtr child, const std::vector<ExprPtr>& exprs, TaskContext& context) {
  return std::make_unique<ProjectOperator>(std::move(child), exprs, context);
}
OperatorPtr Limit(OperatorPtr child, int64_t limit) {
  return std::make_unique<LimitOperator>(std::move(child), limit);
}
OperatorPtr Sample(OperatorPtr child, double fraction, bool with_replacement, uint64_t seed,
                   int partition) {
  return std::make_unique<SampleOperator>(std::move(child), fraction, with_replacement, seed,
                                          partition);
}
OperatorPtr Concat(std::vector<OperatorPtr> children) {
  return std::make_unique<ConcatOperator>(std::move(children));
}
OperatorPtr Interruptible(OperatorPtr source, const TaskContext& context) {
  return std::make_unique<InterruptibleOperator>(std::move(source), context);
}
OperatorPtr Cache(OperatorPtr child, int64_t cache_id, int partition, TaskContext& context) {
  if (auto cached = context.GetCached(cache_id, partition)) {
    return Batches(std::make_shared<const std::vector<BatchPtr>>(std::move(*cached)));
  }
  return std::make_unique<CacheOperator>(std::move(child), cache_id, partition, context);
}

std::vector<BatchPtr> Drain(Operator& op) {
  std::vector<BatchPtr> out;
  while (BatchPtr batch = op.Next()) out.push_back(DenseBatch(batch));
  return out;
}

}  // namespace ember::operators

#include "ember/shuffle/partitioner.h"

#include <cmath>

#include "ember/common/hash.h"
#include "ember/exec/row_comparator.h"
#include "ember/expr/evaluator.h"

namespace ember {

void HashRows(const std::vector<ColumnVectorPtr>& columns, size_t num_rows,
              std::vector<uint64_t>& hashes) {
  hashes.assign(num_rows, 42);
  for (const auto& column : columns) {
    const DataType& type = column->type();
    for (size_t i = 0; i < num_rows; ++i) {
      uint64_t h;
      if (column->IsNull(i)) {
        h = 0x5bd1e995;
      } else if (type.IsStringLike()) {
        std::string_view text = column->StringAt(i);
        h = HashBytes(text.data(), text.size());
      } else if (type.IsFloating()) {
        double value =
            type.id() == TypeId::kDouble ? column->ValueAt<double>(i) : column->ValueAt<float>(i);
        if (value == 0) value = 0;
        if (std::isnan(value)) value = std::nan("");
        uint64_t bits;
        std::memcpy(&bits, &value, sizeof(bits));
        h = HashInt64(bits);
      } else if (type.id() == TypeId::kDecimal) {
        int128_t value = column->ValueAt<int128_t>(i);
        h = HashBytes(&value, sizeof(value));
      } else {
        h = DispatchFixedWidth(type, [&]<typename T>() {
          return HashInt64(static_cast<uint64_t>(static_cast<int64_t>(column->ValueAt<T>(i))));
        });
      }
      hashes[i] = HashCombine(hashes[i], h);
    }
  }
}

namespace {

class SinglePartitioner final : public Partitioner {
 public:
  void Assign(const Batch& batch, std::vector<uint32_t>& partitions) override {
    partitions.assign(batch.num_rows(), 0);
  }
};

class RoundRobinPartitioner final : public Partitioner {
 public:
  RoundRobinPartitioner(int num_partitions, int map_partition)
      : num_partitions_(num_partitions),
        next_(HashInt64(static_cast<uint64_t>(map_partition)) % num_partitions) {}
  void Assign(const Batch& batch, std::vector<uint32_t>& partitions) override {
    partitions.resize(batch.num_rows());
    for (auto& p : partitions) {
      p = static_cast<uint32_t>(next_);
      next_ = next_ + 1 == static_cast<uint64_t>(num_partitions_) ? 0 : next_ + 1;
    }
  }

 private:
  int num_partitions_;
  uint64_t next_;
};

class HashPartitioner final : public Partitioner {
 public:
  HashPartitioner(const Partitioning& partitioning, const FunctionRegistry& registry,
                  EvalContext context)
      : num_partitions_(partitioning.num_partitions),
        keys_(partitioning.exprs, registry, context) {}
  void Assign(const Batch& batch, std::vector<uint32_t>& partitions) override {
    std::vector<ColumnVectorPtr> keys = keys_.Evaluate(batch);
    HashRows(keys, batch.num_rows(), hashes_);
    partitions.resize(batch.num_rows());
    for (size_t i = 0; i < partitions.size(); ++i) {
      partitions[i] = static_cast<uint32_t>(hashes_[i] % static_cast<uint64_t>(num_partitions_));
    }
  }

 private:
  int num_partitions_;
  ExpressionEvaluator keys_;
  std::vector<uint64_t> hashes_;
};

class RangePartitioner final : public Partitioner {
 public:
  RangePartitioner(const Partitioning& partitioning, BatchPtr bounds,
                   const FunctionRegistry& registry, EvalContext context)
      : bounds_(std::move(bounds)), keys_({}, registry, context), comparator_({}) {
    std::vector<ExprPtr> keys;
    std::vector<SortKey> sort_keys;
    for (const auto& order : partitioning.exprs) {
      keys.push_back(order->children[0]);
      sort_keys.push_back({order->ascending, order->nulls_first});
    }
    keys_ = ExpressionEvaluator(keys, registry, context);
    comparator_ = RowComparator(sort_keys);
  }
  void Assign(const Batch& batch, std::vector<uint32_t>& partitions) override {
    std::vector<ColumnVectorPtr> keys = keys_.Evaluate(batch);
    partitions.resize(batch.num_rows());
    size_t num_bounds = bounds_ ? bounds_->num_rows() : 0;
    for (size_t i = 0; i < partitions.size(); ++i) {
      // The first bound not smaller than the row: rows equal to a bound stay left of it.
      size_t lo = 0, hi = num_bounds;
      while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (comparator_.Compare(bounds_->columns(), mid, keys, i) < 0)
          lo = mid + 1;
        else
          hi = mid;
      }
      partitions[i] = static_cast<uint32_t>(lo);
    }
  }

 private:
  BatchPtr bounds_;
  ExpressionEvaluator keys_;
  RowComparator comparator_;
};

}  // namespace

std::unique_ptr<Partitioner> Partitioner::Make(const Partitioning& partitioning, int map_partition,
                                               BatchPtr range_bounds,
                                               const FunctionRegistry& registry,
                                               EvalContext context) {
  switch (partitioning.kind) {
    case Partitioning::Kind::kHash:
      return std::make_unique<HashPartitioner>(partitioning, registry, context);
    case Partitioning::Kind::kRange:
      return std::make_unique<RangePartitioner>(partitioning, std::move(range_bounds), registry,
                                                context);
    case Partitioning::Kind::kRoundRobin:
      return std::make_unique<RoundRobinPartitioner>(partitioning.num_partitions, map_partition);
    default:
      return std::make_unique<SinglePartitioner>();
  }
}

}  // namespace ember

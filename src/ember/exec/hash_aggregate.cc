// Hash aggregation: rows (or partial states) are assigned dense group ids through a key table,
// then each accumulator updates its columnar state; the output is the group keys followed by
// either the partial states or the final values.

#include <algorithm>
#include <type_traits>

#include "ember/exec/internal/operators.h"
#include "ember/exec/key_table.h"
#include "ember/expr/evaluator.h"

namespace ember::operators {

namespace {

class HashAggregateOperator final : public Operator {
 public:
  HashAggregateOperator(OperatorPtr child, const PhysicalPlan& plan, TaskContext& context)
      : child_(std::move(child)),
        final_output_(plan.mode == AggregateMode::kFinal || plan.mode == AggregateMode::kComplete),
        batch_size_(context.batch_size),
        key_evaluator_(plan.grouping, *context.registry, context.eval) {
    num_keys_ = plan.grouping.size();
    for (const auto& key : plan.grouping) key_builders_.emplace_back(key->type);
    int_keys_ = num_keys_ == 1 && IsIntKeyType(plan.grouping[0]->type);
    for (const auto& call : plan.aggregates) {
      BoundAggregate bound = context.registry->BindAggregate(call.function, call.arg_types);
      accumulators_.push_back(bound.make_accumulator(context.eval));
      arg_evaluators_.emplace_back(call.args, *context.registry, context.eval);
      merge_.push_back(call.merge_input);
    }
    if (num_keys_ == 0) {
      // A global aggregate has exactly one group, even over no rows.
      for (auto& accumulator : accumulators_) accumulator->Resize(1);
      num_groups_ = 1;
    }
  }

  BatchPtr Next() override {
    if (!consumed_) Consume();
    if (!output_) return nullptr;
    if (emitted_ >= output_->num_rows()) return nullptr;
    size_t rows = std::min<size_t>(batch_size_, output_->num_rows() - emitted_);
    BatchPtr slice =
        emitted_ == 0 && rows == output_->num_rows() ? output_ : output_->Slice(emitted_, rows);
    emitted_ += rows;
    return slice;
  }

 private:
  void Consume() {
    consumed_ = true;
    std::vector<uint32_t> group_ids;
    while (BatchPtr batch = child_->Next()) {
      size_t rows = batch->num_rows();
      if (rows == 0) continue;
      const uint32_t* ids = nullptr;
      if (num_keys_ > 0) {
        AssignGroups(*batch, group_ids);
        ids = group_ids.data();
        for (auto& accumulator : accumulators_) accumulator->Resize(num_groups_);
      }
      for (size_t a = 0; a < accumulators_.size(); ++a) {
        std::vector<ColumnVectorPtr> args = arg_evaluators_[a].Evaluate(*batch);
        if (merge_[a])
          accumulators_[a]->Merge(ids, args, rows);
        else
          accumulators_[a]->Update(ids, args, rows);
      }
    }
    child_.reset();
    std::vector<ColumnVectorPtr> columns;
    for (auto& builder : key_builders_) columns.push_back(builder.Finish());
    for (auto& accumulator : accumulators_) {
      if (final_output_) {
        columns.push_back(accumulator->Finalize(num_groups_));
      } else {
        for (auto& state : accumulator->States(num_groups_)) columns.push_back(state);
      }
    }
    output_ = std::make_shared<Batch>(std::move(columns), num_groups_);
  }

  void AssignGroups(const Batch& batch, std::vector<uint32_t>& group_ids) {
    std::vector<ColumnVectorPtr> keys = key_evaluator_.Evaluate(batch);
    size_t rows = batch.num_rows();
    group_ids.resize(rows);
    bool inserted = false;
    if (int_keys_) {
      const ColumnVector& key = *keys[0];
      if (key.is_constant() || key.may_have_nulls()) {
        for (size_t i = 0; i < rows; ++i) {
          if (key.IsNull(i)) {
            if (null_group_ == KeyTable::kNotFound) {
              null_group_ = static_cast<uint32_t>(num_groups_++);
              key_builders_[0].AppendNull();
            }
            group_ids[i] = null_group_;
          } else {
            group_ids[i] = GroupOfIntKey(IntKeyAt(key, i), key, i);
          }
        }
        return;
      }
      // No nulls: one typed loop, no per-row type dispatch.
      DispatchFixedWidth(key.type(), [&]<typename T>() {
        if constexpr (std::is_integral_v<T>) {
          const T* values = key.data<T>();
          auto [lowest, highest] = std::minmax_element(values, values + rows);
          if (rows > 0 && CoverDirectRange(*lowest, *highest)) {
            uint32_t* direct = direct_groups_.data();
            for (size_t i = 0; i < rows; ++i) {
              uint32_t& group = direct[static_cast<int64_t>(values[i]) - direct_base_];
              if (group == KeyTable::kNotFound) {
                group = GroupOfIntKey(static_cast<int64_t>(values[i]), key, i);
              }
              group_ids[i] = group;
            }
            return;
          }
          for (size_t i = 0; i < rows; ++i) {
            group_ids[i] = GroupOfIntKey(static_cast<int64_t>(values[i]), key, i);
          }
        }
      });
      return;
    }
    if (num_keys_ == 1 && keys[0]->is_dictionary())
      return AssignDictionaryGroups(*keys[0], group_ids);
    encoder_.Encode(keys, rows);
    for (size_t i = 0; i < rows; ++i) {
      uint32_t id = table_.FindOrInsert(encoder_.Key(i), encoder_.Hash(i), &inserted);
      if (inserted) {
        ++num_groups_;
        for (size_t k = 0; k < num_keys_; ++k) key_builders_[k].AppendFrom(*keys[k], i);
      }
      group_ids[i] = id;
    }
  }

  /// Groups by one dictionary-encoded key: each distinct entry is looked up in the key table
  /// once per dictionary (a Parquet column chunk), then rows map through their indices.
  void AssignDictionaryGroups(const ColumnVector& key, std::vector<uint32_t>& group_ids) {
    if (key.dictionary() != entries_dictionary_) {
      entries_dictionary_ = key.dictionary();
      entries_ = DictionaryEntriesWithNull(*entries_dictionary_);
      entries_encoder_.Encode({entries_}, entries_->size());
      entry_groups_.assign(entries_->size(), KeyTable::kNotFound);
    }
    const int32_t* indices = key.dictionary_indices();
    size_t null_entry = entries_->size() - 1;
    for (size_t i = 0; i < group_ids.size(); ++i) {
      size_t entry = key.IsNull(i) ? null_entry : static_cast<size_t>(indices[i]);
      uint32_t& group = entry_groups_[entry];
      if (group == KeyTable::kNotFound) {
        bool inserted = false;
        group = table_.FindOrInsert(entries_encoder_.Key(entry), entries_encoder_.Hash(entry),
                                    &inserted);
        if (inserted) {
          ++num_groups_;
          key_builders_[0].AppendFrom(*entries_, entry);
        }
      }
      group_ids[i] = group;
    }
  }

  /// Extends the direct-mapped window of integer keys to cover [low, high] if the window stays
  /// within kMaxDirectSpan values; returns false (window unchanged) otherwise.
  bool CoverDirectRange(int64_t low, int64_t high) {
    int64_t new_low = low, new_high = high;
    if (!direct_groups_.empty()) {
      new_low = std::min(low, direct_base_);
      new_high = std::max(high, direct_base_ + static_cast<int64_t>(direct_groups_.size()) - 1);
    }
    if (static_cast<uint64_t>(new_high) - static_cast<uint64_t>(new_low) >= kMaxDirectSpan) {
      return false;
    }
    if (direct_groups_.empty()) {
      direct_base_ = new_low;
    } else if (new_low < direct_base_) {
      direct_groups_.insert(direct_groups_.begin(), static_cast<size_t>(direct_base_ - new_low),
                            KeyTable::kNotFound);
      direct_base_ = new_low;
    }
    direct_groups_.resize(static_cast<size_t>(new_high - new_low + 1), KeyTable::kNotFound);
    return true;
  }

  uint32_t GroupOfIntKey(int64_t value, const ColumnVector& key, size_t row) {
    bool inserted = false;
    uint32_t id = int_table_.FindOrInsert(value, &inserted);
    if (inserted) {
      dense_ids_.push_back(static_cast<uint32_t>(num_groups_++));
      key_builders_[0].AppendFrom(key, row);
    }
    return dense_ids_[id];
  }

  OperatorPtr child_;
  bool final_output_;
  int batch_size_;
  size_t num_keys_ = 0;
  bool int_keys_ = false;
  ExpressionEvaluator key_evaluator_;
  std::vector<ColumnBuilder> key_builders_;
  std::vector<std::unique_ptr<Accumulator>> accumulators_;
  std::vector<ExpressionEvaluator> arg_evaluators_;
  std::vector<bool> merge_;
  KeyEncoder encoder_;
  KeyTable table_;
  // The dictionary last grouped by (see AssignDictionaryGroups): its entries plus a null entry,
  // their encoded keys, and the group of each entry once seen.
  ColumnVectorPtr entries_dictionary_;
  ColumnVectorPtr entries_;
  KeyEncoder entries_encoder_;
  std::vector<uint32_t> entry_groups_;
  IntKeyTable int_table_;
  std::vector<uint32_t> dense_ids_;  // int table id -> group id (the null group is separate)
  // Integer keys within a small range map to groups by one array load (key - direct_base_)
  // instead of a hash probe; misses fall through to int_table_, so both agree.
  static constexpr uint64_t kMaxDirectSpan = 1 << 16;
  std::vector<uint32_t> direct_groups_;
  int64_t direct_base_ = 0;
  uint32_t null_group_ = KeyTable::kNotFound;
  size_t num_groups_ = 0;
  bool consumed_ = false;
  BatchPtr output_;
  size_t emitted_ = 0;
};

}  // namespace

OperatorPtr HashAggregate(OperatorPtr child, const PhysicalPlan& plan, TaskContext& context) {
  return std::make_unique<HashAggregateOperator>(std::move(child), plan, context);
}

}  // namespace ember::operators

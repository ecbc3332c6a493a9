// Sorts one partition: gathers every input row, orders row indices with the key comparator,
// then emits batches in order.

#include <algorithm>
#include <numeric>

#include "ember/exec/internal/operators.h"
#include "ember/exec/row_comparator.h"
#include "ember/expr/evaluator.h"

namespace ember::operators {

namespace {

class SortOperator final : public Operator {
 public:
  SortOperator(OperatorPtr child, const std::vector<ExprPtr>& orders, const Schema& schema,
               TaskContext& context)
      : child_(std::move(child)),
        schema_(schema),
        batch_size_(context.batch_size),
        comparator_({}),
        evaluator_({}, *context.registry, context.eval) {
    std::vector<ExprPtr> keys;
    std::vector<SortKey> sort_keys;
    for (const auto& order : orders) {
      keys.push_back(order->children[0]);
      sort_keys.push_back({order->ascending, order->nulls_first});
    }
    comparator_ = RowComparator(std::move(sort_keys));
    evaluator_ = ExpressionEvaluator(keys, *context.registry, context.eval);
  }

  BatchPtr Next() override {
    if (!sorted_) SortInput();
    if (emitted_ >= order_.size()) return nullptr;
    size_t rows = std::min<size_t>(batch_size_, order_.size() - emitted_);
    std::vector<ColumnVectorPtr> columns;
    for (const auto& column : all_->columns()) {
      columns.push_back(column->Gather(order_.data() + emitted_, rows));
    }
    emitted_ += rows;
    return std::make_shared<Batch>(std::move(columns), rows);
  }

 private:
  void SortInput() {
    sorted_ = true;
    std::vector<BatchPtr> batches = Drain(*child_);
    child_.reset();
    all_ = ConcatBatches(batches, schema_);
    std::vector<ColumnVectorPtr> keys = evaluator_.Evaluate(*all_);
    order_.resize(all_->num_rows());
    std::iota(order_.begin(), order_.end(), 0u);
    std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) {
      return comparator_.Compare(keys, a, keys, b) < 0;
    });
  }

  OperatorPtr child_;
  Schema schema_;
  int batch_size_;
  RowComparator comparator_;
  ExpressionEvaluator evaluator_;
  bool sorted_ = false;
  BatchPtr all_;
  std::vector<uint32_t> order_;
  size_t emitted_ = 0;
};

}  // namespace

OperatorPtr Sort(OperatorPtr child, const std::vector<ExprPtr>& orders, const Schema& schema,
                 TaskContext& context) {
  return std::make_unique<SortOperator>(std::move(child), orders, schema, context);
}

}  // namespace ember::operators

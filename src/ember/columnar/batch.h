#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/column.h"
#include "ember/types/schema.h"

namespace ember {

/// Lists the rows of a batch that are still live after a filter, in increasing order.
using SelectionVector = std::vector<uint32_t>;

/// Holds a horizontal slice of a table as columns of equal length. A filter attaches a selection
/// vector instead of copying; consumers that need dense columns call Materialize().
class Batch {
 public:
  Batch(std::vector<ColumnVectorPtr> columns, size_t num_rows,
        std::shared_ptr<const SelectionVector> selection = nullptr)
      : columns_(std::move(columns)), num_rows_(num_rows), selection_(std::move(selection)) {}

  /// Returns the number of live rows (the selection's size when there is one).
  size_t num_rows() const { return selection_ ? selection_->size() : num_rows_; }
  /// Returns the number of physical rows in each column.
  size_t physical_rows() const { return num_rows_; }
  size_t num_columns() const { return columns_.size(); }
  const ColumnVectorPtr& column(size_t i) const { return columns_[i]; }
  const std::vector<ColumnVectorPtr>& columns() const { return columns_; }
  const std::shared_ptr<const SelectionVector>& selection() const { return selection_; }

  /// Returns a batch without a selection vector holding only the live rows.
  std::shared_ptr<const Batch> Materialize() const;
  /// Returns the live rows [offset, offset + length) as a dense batch.
  std::shared_ptr<const Batch> Slice(size_t offset, size_t length) const;
  /// Returns an estimate of the bytes the batch holds.
  size_t ByteSize() const;

 private:
  std::vector<ColumnVectorPtr> columns_;
  size_t num_rows_;
  std::shared_ptr<const SelectionVector> selection_;
};

using BatchPtr = std::shared_ptr<const Batch>;

/// Returns a dense batch (no selection) even if `batch` has a selection vector.
BatchPtr DenseBatch(const BatchPtr& batch);

/// Concatenates dense or selected batches of the same schema into one dense batch.
BatchPtr ConcatBatches(const std::vector<BatchPtr>& batches, const Schema& schema);

}  // namespace ember

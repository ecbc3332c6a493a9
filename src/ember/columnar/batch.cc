#include "ember/columnar/batch.h"

namespace ember {

std::shared_ptr<const Batch> Batch::Materialize() const {
  if (!selection_) return std::make_shared<Batch>(columns_, num_rows_);
  std::vector<ColumnVectorPtr> dense;
  dense.reserve(columns_.size());
  for (const auto& column : columns_) {
    dense.push_back(column->Gather(selection_->data(), selection_->size()));
  }
  return std::make_shared<Batch>(std::move(dense), selection_->size());
}

std::shared_ptr<const Batch> Batch::Slice(size_t offset, size_t length) const {
  std::vector<uint32_t> rows(length);
  for (size_t i = 0; i < length; ++i) {
    rows[i] = selection_ ? (*selection_)[offset + i] : static_cast<uint32_t>(offset + i);
  }
  std::vector<ColumnVectorPtr> sliced;
  sliced.reserve(columns_.size());
  for (const auto& column : columns_) sliced.push_back(column->Gather(rows.data(), length));
  return std::make_shared<Batch>(std::move(sliced), length);
}

size_t Batch::ByteSize() const {
  size_t bytes = 0;
  for (const auto& column : columns_) bytes += column->ByteSize();
  return bytes;
}

BatchPtr DenseBatch(const BatchPtr& batch) {
  return batch->selection() ? batch->Materialize() : batch;
}

BatchPtr ConcatBatches(const std::vector<BatchPtr>& batches, const Schema& schema) {
  size_t total = 0;
  for (const auto& batch : batches) total += batch->num_rows();
  std::vector<ColumnVectorPtr> columns;
  for (size_t c = 0; c < schema.size(); ++c) {
    ColumnBuilder builder(schema.field(c).type, total);
    for (const auto& batch : batches) {
      const ColumnVector& column = *batch->column(c);
      if (const auto& selection = batch->selection()) {
        for (uint32_t row : *selection) builder.AppendFrom(column, row);
      } else {
        for (size_t row = 0; row < batch->physical_rows(); ++row) builder.AppendFrom(column, row);
      }
    }
    columns.push_back(builder.Finish());
  }
  return std::make_shared<Batch>(std::move(columns), total);
}

}  // namespace ember

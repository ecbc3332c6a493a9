// Reads the file splits of one partition and appends the partition columns as constants.

#include "ember/exec/internal/operators.h"
#include "ember/formats/file_source.h"

namespace ember::operators {

namespace {

class FileScanOperator final : public Operator {
 public:
  FileScanOperator(std::shared_ptr<const FileSource> source, std::vector<FileSplit> splits,
                   int batch_size)
      : source_(std::move(source)), splits_(std::move(splits)), batch_size_(batch_size) {}

  BatchPtr Next() override {
    while (true) {
      if (!reader_) {
        if (next_split_ >= splits_.size()) return nullptr;
        current_ = splits_[next_split_++];
        reader_ = OpenSplitReader(*source_, current_, batch_size_);
      }
      BatchPtr batch = reader_->Next();
      if (!batch) {
        reader_.reset();
        continue;
      }
      const auto& partition_values = source_->index.files[current_.file].partition_values;
      if (partition_values.empty()) return batch;
      std::vector<ColumnVectorPtr> columns = batch->columns();
      for (const auto& value : partition_values) {
        columns.push_back(ColumnVector::MakeConstant(value, batch->num_rows()));
      }
      return std::make_shared<Batch>(std::move(columns), batch->num_rows());
    }
  }

 private:
  std::shared_ptr<const FileSource> source_;
  std::vector<FileSplit> splits_;
  int batch_size_;
  size_t next_split_ = 0;
  FileSplit current_;
  std::unique_ptr<SplitReader> reader_;
};

}  // namespace

OperatorPtr FileScan(std::shared_ptr<const FileSource> source, std::vector<FileSplit> splits,
                     int batch_size) {
  return std::make_unique<FileScanOperator>(std::move(source), std::move(splits), batch_size);
}

}  // namespace ember::operators

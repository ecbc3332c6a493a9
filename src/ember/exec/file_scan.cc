// Reads the file splits of one partition and appends the partition columns as constants.

#include <filesystem>
#include <iostream>

#include "ember/common/error.h"
#include "ember/exec/internal/operators.h"
#include "ember/formats/file_source.h"

namespace ember::operators {

namespace {

class FileScanOperator final : public Operator {
 public:
  FileScanOperator(std::shared_ptr<const FileSource> source, std::vector<FileSplit> splits,
                   TaskContext& context)
      : source_(std::move(source)),
        splits_(std::move(splits)),
        metrics_(context.metrics),
        batch_size_(context.batch_size),
        ignore_corrupt_(context.ignore_corrupt_files),
        ignore_missing_(context.ignore_missing_files) {}

  BatchPtr Next() override {
    while (true) {
      BatchPtr batch;
      try {
        if (!reader_) {
          if (next_split_ >= splits_.size()) return nullptr;
          current_ = splits_[next_split_++];
          reader_ = OpenSplitReader(*source_, current_, batch_size_);
        }
        batch = reader_->Next();
      } catch (const Error& error) {
        if (!Skippable(error)) throw;
        reader_.reset();
        continue;
      }
      if (!batch) {
        reader_.reset();
        continue;
      }
      metrics_.input_rows += static_cast<int64_t>(batch->num_rows());
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
  /// Decides whether a read error of the current split is skipped (with a warning on stderr, as
  /// Spark logs one) under spark.sql.files.ignoreCorruptFiles / ignoreMissingFiles.
  bool Skippable(const Error& error) const {
    if (error.kind() != ErrorKind::kIo) return false;
    const std::string& path = source_->index.files[current_.file].path;
    bool missing = !std::filesystem::exists(path);
    if (missing ? !ignore_missing_ : !ignore_corrupt_) return false;
    std::cerr << "WARN FileScan: Skipped "
              << (missing ? "missing file " : "the rest of the content in the corrupted file ")
              << path << ": " << error.what() << std::endl;
    return true;
  }

  std::shared_ptr<const FileSource> source_;
  std::vector<FileSplit> splits_;
  TaskMetrics& metrics_;
  int batch_size_;
  bool ignore_corrupt_;
  bool ignore_missing_;
  size_t next_split_ = 0;
  FileSplit current_;
  std::unique_ptr<SplitReader> reader_;
};

}  // namespace

OperatorPtr FileScan(std::shared_ptr<const FileSource> source, std::vector<FileSplit> splits,
                     TaskContext& context) {
  return std::make_unique<FileScanOperator>(std::move(source), std::move(splits), context);
}

}  // namespace ember::operators

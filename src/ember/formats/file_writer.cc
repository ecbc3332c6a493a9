#include "ember/formats/file_writer.h"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <optional>

#include "ember/common/error.h"
#include "ember/formats/csv/csv_writer.h"
#include "ember/formats/file_index.h"
#include "ember/formats/json/json_format.h"
#include "ember/formats/parquet/parquet_writer.h"

namespace ember {

std::string WriteSpec::StagingDirectory() const {
  return destination + "/_temporary/" + job_id;
}

std::string WriteSpec::AttemptDirectory(int partition, int attempt) const {
  return StrCat(StagingDirectory(), "/_attempt_", partition, "_", attempt);
}

std::string WriteSpec::TaskDirectory(int partition) const {
  return StrCat(StagingDirectory(), "/task_", partition);
}

void CheckWritable(const std::string& format, const FormatOptions& options) {
  if (format == "csv") {
    CsvWriteOptions::From(options);
  } else if (format == "json") {
    JsonWriteOptions::From(options);
  } else if (format == "parquet") {
    ParquetWriteOptions::From(options);
  } else {
    Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_DATA_SOURCE", "Writing format '", format,
          "' is not supported yet; supported: csv, json, parquet.");
  }
}

struct TaskFileWriter::OpenFile {
  std::string relative_path;
  std::FILE* file = nullptr;
  std::unique_ptr<RowEncoder> encoder;
  std::string buffer;
  std::unique_ptr<ParquetWriter> parquet;
  /// Collects the rows of the open batch that go to this file (Parquet only).
  std::vector<uint32_t> rows;
};

TaskFileWriter::TaskFileWriter(std::shared_ptr<const WriteSpec> spec, int partition, int attempt)
    : spec_(std::move(spec)),
      partition_(partition),
      attempt_directory_(spec_->AttemptDirectory(partition, attempt)) {
  std::error_code ignored;
  std::filesystem::remove_all(attempt_directory_, ignored);  // a re-run attempt starts clean
  std::filesystem::create_directories(attempt_directory_);
  for (size_t c = 0; c < spec_->schema.size(); ++c) {
    bool is_partition = false;
    for (const auto& name : spec_->partition_columns) {
      is_partition |= EqualsIgnoreCase(name, spec_->schema.field(c).name);
    }
    if (!is_partition) data_columns_.push_back(static_cast<int>(c));
  }
  for (const auto& name : spec_->partition_columns) {
    auto index = spec_->schema.IndexOf(name);
    if (!index) {
      Throw(ErrorKind::kAnalysis, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "partitionBy column ",
            QuoteIdentifier(name), " is not a column of the DataFrame.");
    }
    partition_columns_.push_back(static_cast<int>(*index));
  }
}

TaskFileWriter::~TaskFileWriter() {
  for (auto& [directory, open] : files_) {
    if (open->file != nullptr) std::fclose(open->file);
  }
}

TaskFileWriter::OpenFile& TaskFileWriter::FileFor(const std::string& directory) {
  auto it = files_.find(directory);
  if (it != files_.end()) return *it->second;
  auto open = std::make_unique<OpenFile>();
  std::string extension = spec_->format;
  if (spec_->format == "parquet") {
    // Spark names the codec in the file name: part-00000-<job>.c000.snappy.parquet.
    std::string codec = ParquetWriteOptions::From(spec_->options).FileNameCodec();
    extension = codec.empty() ? "parquet" : codec.substr(1) + ".parquet";
  }
  std::string name =
      StrCat("part-", std::string(5 - std::min<size_t>(5, std::to_string(partition_).size()), '0'),
             partition_, "-", spec_->job_id, ".c000.", extension);
  open->relative_path = directory.empty() ? name : directory + "/" + name;
  std::string full = attempt_directory_ + "/" + open->relative_path;
  std::filesystem::create_directories(std::filesystem::path(full).parent_path());
  std::vector<Field> fields;
  for (int c : data_columns_) fields.push_back(spec_->schema.field(c));
  if (spec_->format == "parquet") {
    open->parquet = std::make_unique<ParquetWriter>(full, Schema(fields),
                                                    ParquetWriteOptions::From(spec_->options));
    return *files_.emplace(directory, std::move(open)).first->second;
  }
  open->file = std::fopen(full.c_str(), "wb");
  if (open->file == nullptr) {
    Throw(ErrorKind::kIo, "FILE_WRITE_FAILED", "Cannot create ", full, ": ", std::strerror(errno),
          ".");
  }
  if (spec_->format == "json") {
    open->encoder =
        std::make_unique<JsonEncoder>(JsonWriteOptions::From(spec_->options), Schema(fields));
  } else {
    open->encoder =
        std::make_unique<CsvEncoder>(CsvWriteOptions::From(spec_->options), Schema(fields));
  }
  open->encoder->Header(open->buffer);
  return *files_.emplace(directory, std::move(open)).first->second;
}

void TaskFileWriter::Write(const Batch& input) {
  BatchPtr dense = input.selection() ? input.Materialize() : nullptr;
  const Batch& batch = dense ? *dense : input;
  std::vector<ColumnVectorPtr> data;
  for (int c : data_columns_) data.push_back(batch.column(c));
  for (size_t row = 0; row < batch.num_rows(); ++row) {
    std::string directory;
    for (size_t k = 0; k < partition_columns_.size(); ++k) {
      const ColumnVector& column = *batch.column(partition_columns_[k]);
      std::optional<std::string> value;
      if (!column.IsNull(row)) value = column.GetValue(row).ToString();
      directory += (k ? "/" : "") +
                   PartitionDirectoryName(spec_->schema.field(partition_columns_[k]).name, value);
    }
    OpenFile& open = FileFor(directory);
    ++rows_;
    if (open.parquet) {
      open.rows.push_back(static_cast<uint32_t>(row));
      continue;
    }
    open.encoder->Row(data, row, open.buffer);
    if (open.buffer.size() > (1 << 20)) {
      if (std::fwrite(open.buffer.data(), 1, open.buffer.size(), open.file) != open.buffer.size()) {
        Throw(ErrorKind::kIo, "FILE_WRITE_FAILED", "Cannot write ", open.relative_path, " in ",
              attempt_directory_, ": the disk may be full.");
      }
      bytes_ += static_cast<int64_t>(open.buffer.size());
      open.buffer.clear();
    }
  }
  for (auto& [directory, open] : files_) {
    if (!open->parquet || open->rows.empty()) continue;
    std::vector<ColumnVectorPtr> columns;
    for (const auto& column : data) {
      columns.push_back(open->rows.size() == batch.num_rows()
                            ? column
                            : column->Gather(open->rows.data(), open->rows.size()));
    }
    open->parquet->Write(Batch(std::move(columns), open->rows.size()));
    open->rows.clear();
  }
}

std::vector<std::string> TaskFileWriter::Finish() {
  // An empty partition still writes a (header-only) file, except in a partitioned write, where
  // a file outside the key=value directories would make the output unreadable.
  if (files_.empty() && spec_->partition_columns.empty()) FileFor("");
  std::vector<std::string> written;
  for (auto& [directory, open] : files_) {
    if (open->parquet) {
      open->parquet->Close();
      bytes_ += open->parquet->bytes_written();
      written.push_back(open->relative_path);
      continue;
    }
    bool ok =
        std::fwrite(open->buffer.data(), 1, open->buffer.size(), open->file) == open->buffer.size();
    bytes_ += static_cast<int64_t>(open->buffer.size());
    ok &= std::fclose(open->file) == 0;
    open->file = nullptr;
    if (!ok) {
      Throw(ErrorKind::kIo, "FILE_WRITE_FAILED", "Cannot finish ", open->relative_path, " in ",
            attempt_directory_, ": the disk may be full.");
    }
    written.push_back(open->relative_path);
  }
  return written;
}

}  // namespace ember

#include "ember/shuffle/shuffle_files.h"

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "ember/common/error.h"
#include "ember/shuffle/batch_serde.h"

namespace ember {

namespace {

void WriteAll(std::FILE* file, const char* data, size_t size, const std::string& path) {
  if (size > 0 && std::fwrite(data, 1, size, file) != size) {
    Throw(ErrorKind::kIo, "SHUFFLE_WRITE_FAILED", "Cannot write shuffle file ", path,
          ": the disk may be full (spark.local.dir).");
  }
}

std::FILE* OpenOrThrow(const std::string& path, const char* mode) {
  std::FILE* file = std::fopen(path.c_str(), mode);
  if (file == nullptr) {
    Throw(ErrorKind::kIo, "SHUFFLE_FILE_ERROR", "Cannot open shuffle file ", path, ": ",
          std::strerror(errno), ". Check spark.local.dir.");
  }
  return file;
}

std::string ReadRange(const std::string& path, uint64_t offset, uint64_t length) {
  std::string data(length, '\0');
  std::FILE* file = OpenOrThrow(path, "rb");
  bool ok = std::fseek(file, static_cast<long>(offset), SEEK_SET) == 0 &&
            std::fread(data.data(), 1, length, file) == length;
  std::fclose(file);
  if (!ok) {
    Throw(ErrorKind::kIo, "CORRUPT_SHUFFLE_BLOCK", "Shuffle file ", path,
          " is shorter than its index: "
          "cannot read ",
          length, " bytes at offset ", offset, ".");
  }
  return data;
}

}  // namespace

std::string ReadLocalShuffleBlock(const std::string& path, uint64_t offset, uint64_t length) {
  return ReadRange(path, offset, length);
}

ShuffleWriter::ShuffleWriter(std::string directory, int shuffle_id, int map_partition, int attempt,
                             int num_partitions, int batch_size, size_t spill_bytes)
    : directory_(std::move(directory)),
      base_name_(StrCat("shuffle_", shuffle_id, "_", map_partition, "_", attempt)),
      map_partition_(map_partition),
      batch_size_(batch_size),
      spill_bytes_(spill_bytes),
      pending_(num_partitions),
      pending_rows_(num_partitions, 0),
      buffers_(num_partitions),
      spilled_(num_partitions) {
  std::filesystem::create_directories(directory_);
}

ShuffleWriter::~ShuffleWriter() {
  if (!spill_path_.empty()) std::remove(spill_path_.c_str());
}

void ShuffleWriter::Write(const BatchPtr& batch, const std::vector<uint32_t>& partitions) {
  BatchPtr dense = DenseBatch(batch);
  if (schema_.size() == 0 && dense->num_columns() > 0) {
    std::vector<Field> fields;
    for (const auto& column : dense->columns()) fields.push_back({"", column->type(), true});
    schema_ = Schema(std::move(fields));
  }
  size_t rows = dense->num_rows();
  rows_ += static_cast<int64_t>(rows);
  std::vector<std::vector<uint32_t>> routed(pending_.size());
  for (size_t i = 0; i < rows; ++i) routed[partitions[i]].push_back(static_cast<uint32_t>(i));
  for (size_t p = 0; p < routed.size(); ++p) {
    if (routed[p].empty()) continue;
    std::vector<ColumnVectorPtr> columns;
    for (const auto& column : dense->columns()) {
      columns.push_back(column->Gather(routed[p].data(), routed[p].size()));
    }
    pending_[p].push_back(std::make_shared<Batch>(std::move(columns), routed[p].size()));
    pending_rows_[p] += routed[p].size();
    if (pending_rows_[p] >= static_cast<size_t>(batch_size_)) FlushPartition(p, &schema_);
  }
  if (buffered_bytes_ > spill_bytes_) Spill();
}

void ShuffleWriter::FlushPartition(size_t partition, const Schema* schema) {
  if (pending_[partition].empty()) return;
  BatchPtr merged = pending_[partition].size() == 1 ? pending_[partition][0]
                                                    : ConcatBatches(pending_[partition], *schema);
  size_t before = buffers_[partition].size();
  SerializeBatch(*merged, buffers_[partition]);
  buffered_bytes_ += buffers_[partition].size() - before;
  pending_[partition].clear();
  pending_rows_[partition] = 0;
}

void ShuffleWriter::Spill() {
  if (spill_path_.empty()) spill_path_ = directory_ + "/" + base_name_ + ".spill";
  std::FILE* file = OpenOrThrow(spill_path_, "ab");
  for (size_t p = 0; p < buffers_.size(); ++p) {
    if (buffers_[p].empty()) continue;
    WriteAll(file, buffers_[p].data(), buffers_[p].size(), spill_path_);
    spilled_[p].push_back({spill_size_, buffers_[p].size()});
    spill_size_ += buffers_[p].size();
    buffers_[p].clear();
    buffers_[p].shrink_to_fit();
  }
  std::fclose(file);
  buffered_bytes_ = 0;
}

MapOutput ShuffleWriter::Commit(const Schema& schema) {
  for (size_t p = 0; p < pending_.size(); ++p) FlushPartition(p, &schema);
  std::string data_path = directory_ + "/" + base_name_ + ".data";
  std::string temp_path = data_path + ".inprogress";
  MapOutput output;
  output.map_partition = map_partition_;
  output.data_path = data_path;
  output.rows = rows_;
  output.offsets.push_back(0);
  std::FILE* file = OpenOrThrow(temp_path, "wb");
  try {
    uint64_t written = 0;
    for (size_t p = 0; p < buffers_.size(); ++p) {
      for (const auto& [offset, length] : spilled_[p]) {
        std::string segment = ReadRange(spill_path_, offset, length);
        WriteAll(file, segment.data(), segment.size(), temp_path);
        written += length;
      }
      WriteAll(file, buffers_[p].data(), buffers_[p].size(), temp_path);
      written += buffers_[p].size();
      output.offsets.push_back(written);
    }
    bytes_written_ = static_cast<int64_t>(written);
    if (std::fclose(file) != 0) {
      file = nullptr;
      Throw(ErrorKind::kIo, "SHUFFLE_WRITE_FAILED", "Cannot close shuffle file ", temp_path, ".");
    }
    file = nullptr;
    std::filesystem::rename(temp_path, data_path);
  } catch (...) {
    if (file != nullptr) std::fclose(file);
    std::remove(temp_path.c_str());
    throw;
  }
  committed_ = true;
  return output;
}

namespace {

/// Streams the batches of one reduce partition, map output by map output.
class ShuffleReadOperator final : public Operator {
 public:
  ShuffleReadOperator(std::vector<MapOutput> outputs, int begin, int end, TaskMetrics* metrics,
                      ShuffleBlockReader reader)
      : outputs_(std::move(outputs)),
        partition_(begin),
        end_(end),
        metrics_(metrics),
        reader_(std::move(reader)) {}

  BatchPtr Next() override {
    while (true) {
      if (offset_ < block_.size()) {
        BatchPtr batch = DeserializeBatch(block_, &offset_, source_);
        if (metrics_) metrics_->shuffle_read_rows += static_cast<int64_t>(batch->num_rows());
        return batch;
      }
      if (next_output_ >= outputs_.size()) {
        // Next reduce partition of a coalesced read, or the end.
        if (partition_ + 1 >= end_) return nullptr;
        ++partition_;
        next_output_ = 0;
      }
      const MapOutput& output = outputs_[next_output_++];
      if (output.offsets.size() <= static_cast<size_t>(partition_) + 1) {
        Throw(ErrorKind::kIo, "CORRUPT_SHUFFLE_BLOCK", "Shuffle index of ", output.data_path,
              " has no partition ", partition_, ".");
      }
      uint64_t begin = output.offsets[partition_], end = output.offsets[partition_ + 1];
      if (end <= begin) {
        block_.clear();
      } else if (reader_) {
        block_ = reader_(output, begin, end - begin);
      } else {
        block_ = ReadRange(output.data_path, begin, end - begin);
      }
      source_ = StrCat(output.data_path, " partition ", partition_);
      offset_ = 0;
      if (metrics_) metrics_->shuffle_read_bytes += static_cast<int64_t>(end - begin);
    }
  }

 private:
  std::vector<MapOutput> outputs_;
  int partition_;
  int end_;
  TaskMetrics* metrics_;
  ShuffleBlockReader reader_;
  size_t next_output_ = 0;
  std::string block_;
  std::string source_;
  size_t offset_ = 0;
};

}  // namespace

OperatorPtr ReadShufflePartition(std::vector<MapOutput> outputs, int partition,
                                 TaskMetrics* metrics, ShuffleBlockReader reader) {
  return std::make_unique<ShuffleReadOperator>(std::move(outputs), partition, partition + 1,
                                               metrics, std::move(reader));
}

OperatorPtr ReadShufflePartitions(std::vector<MapOutput> outputs, int begin, int end,
                                  TaskMetrics* metrics, ShuffleBlockReader reader) {
  return std::make_unique<ShuffleReadOperator>(std::move(outputs), begin, end, metrics,
                                               std::move(reader));
}

void RemoveShuffleDirectory(const std::string& directory) {
  std::error_code ignored;
  std::filesystem::remove_all(directory, ignored);
}

}  // namespace ember

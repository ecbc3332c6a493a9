#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/exec/operator.h"

namespace ember {

/// Describes the committed output of one map task: a data file holding each reduce partition's
/// blocks back to back, and where each partition starts (offsets[p]..offsets[p+1]).
struct MapOutput {
  int map_partition = 0;
  std::string executor_id;
  std::string data_path;
  std::vector<uint64_t> offsets;  // num_partitions + 1
  int64_t rows = 0;
  /// host:port of the executor service that serves the blocks; empty in local mode.
  std::string executor_address;
  /// Session-wide id of the shuffle, recorded by the task and the driver; -1 when unknown.
  int shuffle_id = -1;
};

/// Writes one map task's output for a shuffle: rows are routed to reduce partitions, buffered per
/// partition as serialized batches and spilled to a temporary file past `spill_bytes`; Commit()
/// writes the data file and its index under temporary names and renames them into place, so a
/// failed task leaves nothing that looks like output.
class ShuffleWriter {
 public:
  ShuffleWriter(std::string directory, int shuffle_id, int map_partition, int attempt,
                int num_partitions, int batch_size, size_t spill_bytes = 64 << 20);
  ~ShuffleWriter();

  /// Adds the live rows of `batch`; `partitions[i]` is the target of live row i.
  void Write(const BatchPtr& batch, const std::vector<uint32_t>& partitions);
  /// Finishes the files and returns where the blocks are.
  MapOutput Commit(const Schema& schema);
  int64_t bytes_written() const { return bytes_written_; }

 private:
  void FlushPartition(size_t partition, const Schema* schema);
  void Spill();

  std::string directory_;
  std::string base_name_;
  int map_partition_;
  int batch_size_;
  size_t spill_bytes_;
  std::vector<std::vector<BatchPtr>> pending_;
  std::vector<size_t> pending_rows_;
  std::vector<std::string> buffers_;
  size_t buffered_bytes_ = 0;
  std::string spill_path_;
  std::vector<std::vector<std::pair<uint64_t, uint64_t>>> spilled_;  // per partition segments
  uint64_t spill_size_ = 0;
  int64_t rows_ = 0;
  int64_t bytes_written_ = 0;
  bool committed_ = false;
  Schema schema_;
};

/// Returns bytes [offset, offset + length) of a map output's data file: read from local disk, or
/// fetched from the executor that owns the output.
using ShuffleBlockReader =
    std::function<std::string(const MapOutput& output, uint64_t offset, uint64_t length)>;

/// Reads bytes [offset, offset + length) of the shuffle data file at `path` on this machine.
std::string ReadLocalShuffleBlock(const std::string& path, uint64_t offset, uint64_t length);

/// Returns a source of the batches of reduce partition `partition` stored in `outputs`, reading
/// one map output at a time through `reader` (local files when null).
OperatorPtr ReadShufflePartition(std::vector<MapOutput> outputs, int partition,
                                 TaskMetrics* metrics, ShuffleBlockReader reader = nullptr);
/// Returns a source of reduce partitions [begin, end) in order (a coalesced read).
OperatorPtr ReadShufflePartitions(std::vector<MapOutput> outputs, int begin, int end,
                                  TaskMetrics* metrics, ShuffleBlockReader reader = nullptr);

/// Removes every file of an application's shuffle directory.
void RemoveShuffleDirectory(const std::string& directory);

}  // namespace ember

#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "ember/types/schema.h"
#include "ember/types/value.h"

namespace ember {

/// One data file of a file source, with the values of its Hive-style partition directories.
struct PartitionedFile {
  std::string path;
  int64_t size = 0;
  std::vector<Value> partition_values;  // in partition_schema order
};

/// Lists a file source: its files and the partition columns discovered from `key=value`
/// directories (`year=2024/month=05/`), typed as Spark infers them (int, bigint, double, date,
/// string; `__HIVE_DEFAULT_PARTITION__` is null).
struct FileIndex {
  std::vector<PartitionedFile> files;
  Schema partition_schema;
};

/// Builds the index of `paths`; throws naming the file whose directories disagree on the
/// partition columns.
FileIndex BuildFileIndex(const std::vector<std::string>& paths);

/// One byte range of one file, read by one task.
struct FileSplit {
  size_t file = 0;  // index into FileIndex::files
  int64_t start = 0;
  int64_t length = 0;
};

/// Returns Spark's maxSplitBytes: min(maxPartitionBytes, max(openCostInBytes, bytesPerCore)),
/// where bytesPerCore = (sum of file sizes + openCost per file) / min_partitions.
int64_t MaxSplitBytes(const FileIndex& index, int64_t max_partition_bytes, int64_t open_cost,
                      int min_partitions);

/// Splits files into ranges of at most `max_split_bytes` (whole files when `splitable` says
/// no), orders them largest first and packs them into partitions "next fit decreasing", as Spark's
/// FilePartition.getFilePartitions does. Empty files get no split.
std::vector<std::vector<FileSplit>> PlanFilePartitions(
    const FileIndex& index, const std::function<bool(const std::string& path)>& splitable,
    int64_t max_split_bytes, int64_t open_cost);

}  // namespace ember

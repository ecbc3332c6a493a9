#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
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

/// Returns the directory a partitioned write puts a row in for partition column `name` holding
/// `value` (its text, nullopt for null), as Spark names it: `name=value` with both sides escaped
/// by Spark's escapePathName ('/' is %2F, '=' %3D, '%' %25, ':' %3A...), and null or an empty
/// string written as __HIVE_DEFAULT_PARTITION__.
std::string PartitionDirectoryName(const std::string& name,
                                   const std::optional<std::string>& value);

/// Decodes the %XX escapes of a partition directory's key or value, as Spark's unescapePathName
/// does for the ASCII characters Spark escapes. Spark turns each escape into one UTF-16 code
/// unit; here each is one byte, so the escaped UTF-8 other writers produce (DuckDB writes "é" as
/// %C3%A9) reads back as the same text.
std::string UnescapePathName(std::string_view text);

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

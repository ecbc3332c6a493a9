#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/formats/read_options.h"
#include "ember/types/schema.h"

namespace ember {

/// Describes one write job: format, options, the rows' schema, the partition columns
/// (`partitionBy`, written as key=value directories and left out of the files) and the staging
/// directory that holds uncommitted task output.
struct WriteSpec {
  std::string format;
  FormatOptions options;
  Schema schema;
  std::vector<std::string> partition_columns;
  std::string destination;
  std::string job_id;
  /// Returns `destination`/_temporary/`job_id`.
  std::string StagingDirectory() const;
  /// Returns the directory an attempt of task `partition` writes into.
  std::string AttemptDirectory(int partition, int attempt) const;
  /// Returns the directory of task `partition`'s committed output.
  std::string TaskDirectory(int partition) const;
};

/// Writes the rows of one task into its attempt directory, one file per partition directory,
/// named like Spark's `part-00003-<job id>.c000.csv`. Returns nothing until Finish() closes the
/// files; a failed task leaves only its attempt directory, which the job removes.
class TaskFileWriter {
 public:
  TaskFileWriter(std::shared_ptr<const WriteSpec> spec, int partition, int attempt);
  ~TaskFileWriter();
  void Write(const Batch& batch);
  /// Closes the files; returns the paths written, relative to the attempt directory.
  std::vector<std::string> Finish();
  int64_t rows() const { return rows_; }
  int64_t bytes() const { return bytes_; }

 private:
  struct OpenFile;
  OpenFile& FileFor(const std::string& directory);

  std::shared_ptr<const WriteSpec> spec_;
  int partition_;
  std::string attempt_directory_;
  std::vector<int> data_columns_;
  std::vector<int> partition_columns_;
  std::map<std::string, std::unique_ptr<OpenFile>> files_;
  int64_t rows_ = 0;
  int64_t bytes_ = 0;
};

/// Validates that `format` can be written with `options`; throws naming the culprit.
void CheckWritable(const std::string& format, const FormatOptions& options);

}  // namespace ember

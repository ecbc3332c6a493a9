#pragma once

#include <map>
#include <string>
#include <vector>

#include "ember/api/dataframe.h"

namespace ember {

/// Saves a DataFrame as files, the C++ mirror of Spark's DataFrameWriter:
/// `df.write().mode("overwrite").partitionBy({"year"}).option("header", "true").csv("/out")`.
/// Tasks write in parallel; output appears atomically with a _SUCCESS marker, and a failed write
/// leaves the destination as it was.
class DataFrameWriter {
 public:
  explicit DataFrameWriter(DataFrame df) : df_(std::move(df)) {}

  /// Sets what happens if the destination exists: "error"/"errorifexists" (the default),
  /// "append", "overwrite" or "ignore".
  DataFrameWriter& mode(const std::string& save_mode);
  DataFrameWriter& format(const std::string& source);
  DataFrameWriter& option(const std::string& key, const std::string& value);
  DataFrameWriter& option(const std::string& key, const char* value) {
    return option(key, std::string(value));
  }
  DataFrameWriter& option(const std::string& key, bool value);
  DataFrameWriter& options(const std::map<std::string, std::string>& options);
  /// Writes one key=value directory level per column, in order.
  DataFrameWriter& partitionBy(const std::vector<std::string>& columns);

  void save(const std::string& path);
  void csv(const std::string& path) { format("csv").save(path); }
  void json(const std::string& path) { format("json").save(path); }
  void parquet(const std::string& path) { format("parquet").save(path); }

 private:
  DataFrame df_;
  std::string format_ = "parquet";
  std::string mode_ = "errorifexists";
  std::map<std::string, std::string> options_;
  std::vector<std::string> partition_by_;
};

}  // namespace ember

#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/api/dataframe.h"
#include "ember/types/schema.h"

namespace ember {

class SessionState;

/// Loads files into a DataFrame, the C++ mirror of Spark's DataFrameReader:
/// `spark.read().format("csv").option("header", "true").load("/data/x")`. Listing the files and
/// inferring the schema happen here; the rows are read by the tasks of the first action.
class DataFrameReader {
 public:
  explicit DataFrameReader(std::shared_ptr<SessionState> state) : state_(std::move(state)) {}

  DataFrameReader& format(const std::string& source);
  DataFrameReader& option(const std::string& key, const std::string& value);
  DataFrameReader& option(const std::string& key, const char* value) {
    return option(key, std::string(value));
  }
  DataFrameReader& option(const std::string& key, bool value);
  DataFrameReader& option(const std::string& key, int64_t value);
  DataFrameReader& options(const std::map<std::string, std::string>& options);
  DataFrameReader& schema(const Schema& schema);
  /// Sets the schema from a DDL string, e.g. "id bigint, name string".
  DataFrameReader& schema(const std::string& ddl);

  /// Reads a file, a directory (recursively, with key=value partition directories) or a glob.
  DataFrame load(const std::string& path) const { return load(std::vector<std::string>{path}); }
  DataFrame load(const std::vector<std::string>& paths) const;
  /// Returns temporary view `name`, as Session::table does.
  DataFrame table(const std::string& name) const;
  DataFrame csv(const std::string& path) { return format("csv").load(path); }
  DataFrame csv(const std::vector<std::string>& paths) { return format("csv").load(paths); }
  DataFrame json(const std::string& path) { return format("json").load(path); }
  DataFrame parquet(const std::string& path) { return format("parquet").load(path); }
  DataFrame parquet(const std::vector<std::string>& paths) { return format("parquet").load(paths); }
  DataFrame json(const std::vector<std::string>& paths) { return format("json").load(paths); }

 private:
  std::shared_ptr<SessionState> state_;
  std::string format_ = "parquet";  // Spark's spark.sql.sources.default
  std::map<std::string, std::string> options_;
  std::optional<Schema> schema_;
};

}  // namespace ember

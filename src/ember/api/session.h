#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ember/api/dataframe.h"
#include "ember/api/reader.h"
#include "ember/api/row.h"
#include "ember/types/schema.h"

namespace ember {

class SessionState;

/// The session's catalog, the C++ mirror of spark.catalog: temporary views so far.
class Catalog {
 public:
  explicit Catalog(std::shared_ptr<SessionState> state) : state_(std::move(state)) {}
  /// Returns the names of the temporary views, sorted.
  std::vector<std::string> listTables() const;
  bool tableExists(const std::string& name) const;
  /// Removes temporary view `name`; returns whether it existed.
  bool dropTempView(const std::string& name) const;

 private:
  std::shared_ptr<SessionState> state_;
};

/// The entry point, the C++ mirror of SparkSession: creates DataFrames and owns the engine that
/// runs their jobs (local[N] executor slots, scheduler, shuffle files).
class Session {
 public:
  /// Configures and creates (or returns the running) session.
  class Builder {
   public:
    Builder& master(const std::string& master);
    Builder& appName(const std::string& name);
    Builder& config(const std::string& key, const std::string& value);
    Builder& config(const std::string& key, int64_t value);
    Builder& config(const std::string& key, bool value);
    /// Returns the active session (applying the settings given here) or starts a new one.
    /// Throws IllegalArgumentException naming the key for an invalid setting.
    Session getOrCreate();

   private:
    std::map<std::string, std::string> settings_;
  };

  static Builder builder() { return Builder(); }
  explicit Session(std::shared_ptr<SessionState> state) : state_(std::move(state)) {}

  /// Returns ids 0..end-1 in a column "id" (bigint).
  DataFrame range(int64_t end) const { return range(0, end); }
  /// Returns ids from `start` (inclusive) to `end` (exclusive) by `step` in `num_partitions`
  /// partitions (spark.default.parallelism if omitted).
  DataFrame range(int64_t start, int64_t end, int64_t step = 1, int num_partitions = -1) const;
  /// Builds a DataFrame from rows; values are converted to the schema's types, or the call fails
  /// naming the row and field.
  DataFrame createDataFrame(const std::vector<Row>& rows, const Schema& schema) const;
  /// Same, with the schema as a DDL string: "id bigint, name string".
  DataFrame createDataFrame(const std::vector<Row>& rows, const std::string& ddl) const;

  /// Returns a reader of files: spark.read().option("header", "true").csv("/data").
  DataFrameReader read() const { return DataFrameReader(state_); }
  /// Returns temporary view `name` (see DataFrame::createOrReplaceTempView); throws
  /// AnalysisException [TABLE_OR_VIEW_NOT_FOUND] naming it otherwise.
  DataFrame table(const std::string& name) const;
  Catalog catalog() const { return Catalog(state_); }

  void setConf(const std::string& key, const std::string& value) const;
  /// Returns the value of `key`: the one set, else the key's default ("" for unknown keys).
  std::string getConf(const std::string& key) const;
  /// Returns the value set for `key` or its default; nullopt for an unknown key that was never
  /// set or a key whose default is computed at run time (Spark's RuntimeConfig.getOption).
  std::optional<std::string> getConfOption(const std::string& key) const;
  /// Resets `key` to its default.
  void unsetConf(const std::string& key) const;
  /// Returns the settings that were set explicitly (builder, setConf), by key.
  std::map<std::string, std::string> getAllConfs() const;
  /// Tags the jobs that this thread starts from now on, so that interruptTag() can cancel them
  /// from another thread (tags are per thread, as in Spark). A tag must be non-empty and must not
  /// contain ','.
  void addTag(const std::string& tag) const;
  void removeTag(const std::string& tag) const;
  std::set<std::string> getTags() const;
  void clearTags() const;
  /// Cancels every running job of the session: its tasks stop at their next batch and the action
  /// that started it throws a cancelled error. Returns the ids of the cancelled jobs.
  std::vector<std::string> interruptAll() const;
  /// Cancels the running jobs started with `tag`; returns their ids.
  std::vector<std::string> interruptTag(const std::string& tag) const;

  /// Stops the executors and removes shuffle files.
  void stop() const;
  std::string version() const { return "0.1.0"; }
  int defaultParallelism() const;

  const std::shared_ptr<SessionState>& state() const { return state_; }

 private:
  std::shared_ptr<SessionState> state_;
};

/// Parses a DDL schema such as "id bigint, name string not null".
Schema ParseSchemaDDL(const std::string& ddl);

}  // namespace ember

#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ember/api/column.h"
#include "ember/api/row.h"
#include "ember/columnar/batch.h"
#include "ember/types/schema.h"

namespace ember {

struct LogicalPlan;
class SessionState;
class GroupedData;
class DataFrameWriter;
class DataFrameNaFunctions;

namespace api_detail {
inline Column AsColumn(const Column& c);
Column AsColumn(const std::string& name);
inline Column AsColumn(const char* name) {
  return AsColumn(std::string(name));
}
inline Column AsColumn(const Column& c) {
  return c;
}
template <typename... Args>
std::vector<Column> Columns(const Args&... args) {
  return std::vector<Column>{AsColumn(args)...};
}
}  // namespace api_detail

/// A distributed collection of rows with named columns, the C++ mirror of Spark's DataFrame.
/// Transformations (select, filter, groupBy, join...) only build a plan, checked immediately
/// (an unknown column fails here, naming the available ones); actions (count, collect, show, take)
/// run it as a job of stages of tasks, one task per partition.
class DataFrame {
 public:
  DataFrame(std::shared_ptr<SessionState> state, std::shared_ptr<const LogicalPlan> plan);

  // Transformations.
  DataFrame select(const std::vector<Column>& columns) const;
  template <typename... Args>
  DataFrame select(const Args&... columns) const {
    return select(api_detail::Columns(columns...));
  }
  DataFrame filter(const Column& condition) const;
  DataFrame where(const Column& condition) const { return filter(condition); }
  DataFrame withColumn(const std::string& name, const Column& column) const;
  DataFrame withColumnRenamed(const std::string& existing, const std::string& renamed) const;
  DataFrame drop(const std::vector<std::string>& names) const;
  template <typename... Args>
  DataFrame drop(const std::string& name, const Args&... more) const {
    return drop(std::vector<std::string>{name, std::string(more)...});
  }
  GroupedData groupBy(const std::vector<Column>& columns) const;
  template <typename... Args>
  GroupedData groupBy(const Args&... columns) const;
  /// Aggregates over all rows: df.agg(sum("x")) = df.groupBy().agg(sum("x")).
  DataFrame agg(const std::vector<Column>& aggregates) const;
  template <typename... Args>
  DataFrame agg(const Column& first, const Args&... rest) const {
    return agg(std::vector<Column>{first, rest...});
  }
  /// Joins on a boolean condition; `how` is Spark's join type name ("inner", "left", "full"...).
  DataFrame join(const DataFrame& other, const Column& condition,
                 const std::string& how = "inner") const;
  /// Joins on equally named columns, which appear once in the output.
  DataFrame join(const DataFrame& other, const std::vector<std::string>& using_columns,
                 const std::string& how = "inner") const;
  DataFrame join(const DataFrame& other, const std::string& using_column,
                 const std::string& how = "inner") const;
  /// Same; without this overload a string literal would be ambiguous with a literal Column.
  DataFrame join(const DataFrame& other, const char* using_column,
                 const std::string& how = "inner") const {
    return join(other, std::string(using_column), how);
  }
  DataFrame crossJoin(const DataFrame& other) const;
  DataFrame orderBy(const std::vector<Column>& columns) const;
  template <typename... Args>
  DataFrame orderBy(const Args&... columns) const {
    return orderBy(api_detail::Columns(columns...));
  }
  template <typename... Args>
  DataFrame sort(const Args&... columns) const {
    return orderBy(api_detail::Columns(columns...));
  }
  DataFrame sortWithinPartitions(const std::vector<Column>& columns) const;
  DataFrame limit(int64_t n) const;
  DataFrame distinct() const;
  DataFrame dropDuplicates(const std::vector<std::string>& columns = {}) const;
  /// Appends the rows of `other`, matching columns by position (Spark's union).
  DataFrame union_(const DataFrame& other) const;
  DataFrame unionAll(const DataFrame& other) const { return union_(other); }
  /// Appends the rows of `other`, matching columns by name.
  DataFrame unionByName(const DataFrame& other, bool allow_missing_columns = false) const;
  DataFrame repartition(int num_partitions) const;
  DataFrame repartition(int num_partitions, const std::vector<Column>& columns) const;
  DataFrame repartition(const std::vector<Column>& columns) const;
  DataFrame repartitionByRange(int num_partitions, const std::vector<Column>& columns) const;
  DataFrame coalesce(int num_partitions) const;
  DataFrame sample(double fraction, uint64_t seed = 0) const;
  DataFrame sample(bool with_replacement, double fraction, uint64_t seed) const;
  DataFrame toDF(const std::vector<std::string>& names) const;

  /// Keeps the computed partitions in executor memory after the next action computes them.
  DataFrame& cache();
  DataFrame& persist() { return cache(); }
  DataFrame& unpersist();
  bool isCached() const;

  /// Registers this DataFrame as temporary view `name` of its session, replacing a view of that
  /// name; spark.table(name) returns it.
  void createOrReplaceTempView(const std::string& name) const;
  /// Like createOrReplaceTempView, but throws AnalysisException
  /// [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] if the name is taken.
  void createTempView(const std::string& name) const;

  /// Returns a writer of this DataFrame's rows to files.
  DataFrameWriter write() const;
  /// Returns the missing-value functions: df.na().fill(0), df.na().drop().
  DataFrameNaFunctions na() const;

  /// Returns count, mean, stddev, min and max of numeric and string columns (all of them if
  /// `columns` is empty) as strings, one row per statistic under a "summary" column, as Spark's
  /// describe(). Lazy: each statistic is one aggregation when an action runs.
  DataFrame describe(const std::vector<std::string>& columns = {}) const;
  /// Like describe() with the statistics named: count, count_distinct, mean, stddev, min, max
  /// and percentiles such as "25%" (percentile_approx with Spark's default accuracy). Without
  /// names: Spark's count, mean, stddev, min, 25%, 50%, 75%, max.
  DataFrame summary(const std::vector<std::string>& statistics = {}) const;

  // Actions.
  int64_t count() const;
  std::vector<Row> collect() const;
  /// Returns the rows as columnar batches in partition order, without a selection vector: for
  /// consumers that convert whole columns at once (Python's toPandas).
  std::vector<BatchPtr> collectBatches() const;
  std::vector<Row> take(int64_t n) const;
  std::vector<Row> head(int64_t n) const { return take(n); }
  /// Returns the first row; throws if the DataFrame is empty.
  Row first() const;
  bool isEmpty() const;
  /// Prints the first `n` rows as Spark's show() does; `truncate` > 0 cuts cells to that width.
  void show(int n = 20, int truncate = 20, bool vertical = false) const;
  void show(int n, bool truncate, bool vertical = false) const {
    show(n, truncate ? 20 : 0, vertical);
  }
  std::string showString(int n = 20, int truncate = 20, bool vertical = false) const;

  // Metadata: no job runs.
  const Schema& schema() const;
  std::vector<std::string> columns() const;
  std::vector<std::pair<std::string, std::string>> dtypes() const;
  void printSchema() const;
  std::string schemaString() const;
  /// Prints the physical plan ("== Physical Plan =="), or every plan when `extended`.
  void explain(bool extended = false) const;
  std::string explainString(bool extended = false) const;
  /// Returns the number of partitions, from the plan alone.
  int numPartitions() const;

  /// Returns a column of this DataFrame; unambiguous even after joining DataFrames that share
  /// column names.
  Column col(const std::string& name) const;
  Column operator[](const std::string& name) const { return col(name); }

  const std::shared_ptr<const LogicalPlan>& plan() const { return plan_; }
  const std::shared_ptr<SessionState>& state() const { return state_; }

 private:
  DataFrame With(std::shared_ptr<LogicalPlan> node) const;
  DataFrame Repartition(int num_partitions, const std::vector<Column>& columns, int kind) const;

  std::shared_ptr<SessionState> state_;
  std::shared_ptr<const LogicalPlan> plan_;
  mutable std::shared_ptr<const Schema> schema_;
};

/// Handles missing values, the C++ mirror of Spark's DataFrameNaFunctions (df.na()). In float and
/// double columns NaN counts as missing too, as in Spark.
class DataFrameNaFunctions {
 public:
  explicit DataFrameNaFunctions(DataFrame df) : df_(std::move(df)) {}

  /// Drops rows with a missing value in any of `columns` (`how` = "any") or in all of them
  /// ("all"); every column when `columns` is empty.
  DataFrame drop(const std::string& how = "any",
                 const std::vector<std::string>& columns = {}) const;
  /// Drops rows with fewer than `min_non_nulls` present values among `columns`.
  DataFrame drop(int min_non_nulls, const std::vector<std::string>& columns = {}) const;
  /// Replaces missing values of the columns (of `columns`, or all) whose type matches `value`:
  /// a number fills numeric columns (cast to each column's type), a string fills string
  /// columns, a boolean boolean columns.
  DataFrame fill(const Value& value, const std::vector<std::string>& columns = {}) const;
  /// Replaces missing values column by column, each value cast to its column's type.
  DataFrame fill(const std::vector<std::pair<std::string, Value>>& values) const;

 private:
  DataFrame Fill(const std::map<size_t, Value>& replacements) const;
  std::vector<size_t> Indices(const std::vector<std::string>& columns) const;
  DataFrame df_;
};

/// Groups rows of a DataFrame by key columns for aggregation (df.groupBy(...)).
class GroupedData {
 public:
  GroupedData(DataFrame df, std::vector<Column> keys)
      : df_(std::move(df)), keys_(std::move(keys)) {}

  DataFrame agg(const std::vector<Column>& aggregates) const;
  template <typename... Args>
  DataFrame agg(const Column& first, const Args&... rest) const {
    return agg(std::vector<Column>{first, rest...});
  }
  /// Counts rows per group into a column named "count".
  DataFrame count() const;
  DataFrame sum(const std::vector<std::string>& columns = {}) const;
  DataFrame avg(const std::vector<std::string>& columns = {}) const;
  DataFrame mean(const std::vector<std::string>& columns = {}) const { return avg(columns); }
  DataFrame min(const std::vector<std::string>& columns = {}) const;
  DataFrame max(const std::vector<std::string>& columns = {}) const;
  template <typename... Args>
  DataFrame sum(const std::string& c, const Args&... more) const {
    return sum(std::vector<std::string>{c, std::string(more)...});
  }
  template <typename... Args>
  DataFrame avg(const std::string& c, const Args&... more) const {
    return avg(std::vector<std::string>{c, std::string(more)...});
  }
  template <typename... Args>
  DataFrame mean(const std::string& c, const Args&... more) const {
    return avg(std::vector<std::string>{c, std::string(more)...});
  }
  template <typename... Args>
  DataFrame min(const std::string& c, const Args&... more) const {
    return min(std::vector<std::string>{c, std::string(more)...});
  }
  template <typename... Args>
  DataFrame max(const std::string& c, const Args&... more) const {
    return max(std::vector<std::string>{c, std::string(more)...});
  }

 private:
  DataFrame Numeric(const char* function, const std::vector<std::string>& columns) const;
  DataFrame df_;
  std::vector<Column> keys_;
};

template <typename... Args>
GroupedData DataFrame::groupBy(const Args&... columns) const {
  return groupBy(api_detail::Columns(columns...));
}

}  // namespace ember

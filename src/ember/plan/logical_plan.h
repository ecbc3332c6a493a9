#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/expr/expression.h"
#include "ember/formats/file_source.h"
#include "ember/types/schema.h"

namespace ember {

struct LogicalPlan;
using LogicalPlanPtr = std::shared_ptr<const LogicalPlan>;

/// Names the relational operators the APIs build.
enum class LogicalKind {
  kRange,          // id from `start` to `end` by `step`, in `num_partitions` slices
  kLocalRelation,  // rows given by the user (createDataFrame), split into partitions
  kProject,        // `exprs` over children[0]
  kFilter,         // rows of children[0] where `condition` holds
  kAggregate,      // `grouping` keys, `exprs` = output list (keys and aggregates)
  kJoin,           // children[0] JOIN children[1] ON `condition`, `join_type`
  kSort,           // `exprs` = sort orders; `global_sort` false: sortWithinPartitions
  kLimit,          // first `limit` rows
  kDistinct,       // distinct rows of children[0] (or by `exprs` for dropDuplicates(cols))
  kUnion,          // children[0] UNION ALL children[1] (by position)
  kSample,         // Bernoulli sample with `fraction`, `seed`
  kRepartition,    // round-robin / hash (`exprs`) / range (`exprs` sort orders) / coalesce
  kFileScan,       // the files of `file_source`
};

enum class JoinType { kInner, kLeftOuter, kRightOuter, kFullOuter, kLeftSemi, kLeftAnti, kCross };

/// Parses Spark's join type names ("inner", "left", "left_outer", "leftsemi", "anti"...).
JoinType ParseJoinType(const std::string& text);
/// Returns the name explain() prints, e.g. "LeftOuter".
const char* JoinTypeName(JoinType type);

enum class RepartitionKind { kRoundRobin, kHash, kRange, kCoalesce };

/// Holds rows supplied by the user, already split into partitions of columnar batches.
struct LocalData {
  Schema schema;
  std::vector<std::vector<BatchPtr>> partitions;
  size_t num_rows = 0;
  size_t byte_size = 0;
};

/// Represents one node of a logical plan. Nodes are immutable; an analyzed node has `output`
/// (resolved attributes) and resolved expressions over its children's output.
struct LogicalPlan {
  LogicalKind kind = LogicalKind::kProject;
  std::vector<LogicalPlanPtr> children;
  std::vector<ExprPtr> output;  // kAttribute expressions, set by the analyzer
  bool resolved = false;
  int64_t plan_id = -1;  // identifies the DataFrame that created this node (df["col"])

  std::vector<ExprPtr> exprs;
  std::vector<ExprPtr> grouping;
  ExprPtr condition;
  JoinType join_type = JoinType::kInner;
  std::vector<std::string> using_columns;  // join on named columns (merged in the output)
  int64_t start = 0, end = 0, step = 1;
  int num_partitions = -1;  // -1: choose a default
  std::shared_ptr<const LocalData> local_data;
  std::shared_ptr<const FileSource> file_source;
  int64_t limit = 0;
  double fraction = 0;
  uint64_t seed = 0;
  bool with_replacement = false;
  bool global_sort = true;
  RepartitionKind repartition_kind = RepartitionKind::kRoundRobin;
  int64_t cache_id = -1;  // set when the user cached this DataFrame

  /// Returns the output schema (names, types, nullability) of an analyzed node.
  Schema schema() const;
  /// Returns a multi-line tree for explain(), e.g. "Filter (amount > 100)\n+- Range (0, 10, ...)".
  std::string TreeString() const;
  /// Returns this node's one-line description (without children).
  std::string NodeString() const;
};

/// Returns a fresh plan id; every DataFrame gets one so that df["x"] can be told from other["x"].
int64_t NextPlanId();

/// Returns a copy of `plan` with new children.
LogicalPlanPtr WithChildren(const LogicalPlanPtr& plan, std::vector<LogicalPlanPtr> children);

}  // namespace ember

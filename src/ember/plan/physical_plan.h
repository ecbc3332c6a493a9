#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/expr/expression.h"
#include "ember/plan/logical_plan.h"
#include "ember/types/schema.h"

namespace ember {

struct PhysicalPlan;
using PhysicalPlanPtr = std::shared_ptr<const PhysicalPlan>;

/// Names the physical operators. Expressions inside are bound: column references are indices
/// into the child's output (for joins: left columns, then right columns).
enum class PhysicalKind {
  kRange,
  kLocalScan,
  kFilter,
  kProject,
  kHashAggregate,
  kHashJoin,
  kNestedLoopJoin,
  kSort,
  kLimit,
  kUnion,
  kSample,
  kExchange,  // a stage boundary: shuffle (hash, range, round robin, single) or broadcast
  kCoalesce,  // merges partitions without a shuffle
  kCache,     // reads a cached partition, or computes and caches it
  kFileScan,  // reads the file splits of one partition
};

/// Says how an aggregate's input and output look: raw rows or partial states.
enum class AggregateMode { kPartial, kPartialMerge, kFinal, kComplete };

/// Describes how rows are spread over partitions, for exchanges and for planning.
struct Partitioning {
  enum class Kind { kUnknown, kSingle, kHash, kRange, kRoundRobin, kBroadcast };
  Kind kind = Kind::kUnknown;
  int num_partitions = 1;
  std::vector<ExprPtr> exprs;    // hash keys, or sort orders for range (bound to the child)
  std::vector<int64_t> key_ids;  // attribute ids of plain-column keys (planning only)
  /// Whether adaptive execution may merge small partitions of this exchange (false when the
  /// user asked for a number of partitions).
  bool coalescable = false;

  /// Returns Spark's text, e.g. "hashpartitioning(bucket#3, 200)".
  std::string ToString() const;
};

/// One aggregate function applied in a HashAggregate.
struct AggregateCall {
  std::string function;       // registry name: count, sum, avg, min, max, first, last
  std::vector<ExprPtr> args;  // bound to the aggregate's input (raw rows)
  std::vector<DataType> arg_types;
  bool ignore_nulls = false;
  DataType result_type;
  bool result_nullable = true;
  std::vector<Field> state_fields;
  std::string display;  // e.g. "sum(amount#2)"
  /// True when the input holds partial states of this aggregate (merge), false for raw rows.
  bool merge_input = false;
};

/// Represents one node of a physical plan; immutable and shared, so a plan can be cut into stages
/// and shipped to executors.
struct PhysicalPlan {
  PhysicalKind kind = PhysicalKind::kProject;
  std::vector<PhysicalPlanPtr> children;
  Schema schema;                    // output columns
  std::vector<int64_t> output_ids;  // attribute ids of the output columns (planning, explain)
  int num_partitions = 1;
  Partitioning output_partitioning;
  int node_id = -1;  // unique within a plan; names shuffles

  std::vector<ExprPtr> exprs;     // project list, sort orders
  ExprPtr condition;              // filter predicate, join residual condition
  std::vector<ExprPtr> grouping;  // aggregate keys (bound to the input)
  std::vector<AggregateCall> aggregates;
  AggregateMode mode = AggregateMode::kComplete;  // kHashAggregate: final values or states out
  JoinType join_type = JoinType::kInner;
  std::vector<ExprPtr> left_keys, right_keys;
  int build_side = 1;         // 0: left, 1: right
  Partitioning partitioning;  // kExchange: how rows are redistributed
  int64_t start = 0, end = 0, step = 1;
  std::shared_ptr<const LocalData> local_data;
  std::shared_ptr<const FileSource> file_source;
  /// kFileScan: the splits each partition reads (Spark's FilePartition packing).
  std::shared_ptr<const std::vector<std::vector<FileSplit>>> file_partitions;
  int64_t limit = 0;
  bool global_sort = false;  // kSort: part of a global orderBy (explain only)
  double fraction = 0;
  uint64_t seed = 0;
  bool with_replacement = false;
  int64_t cache_id = -1;

  /// Returns the explain() text of the tree, Spark style.
  std::string TreeString() const;
  std::string NodeString() const;
  /// Returns whether this node is a stage boundary.
  bool IsExchange() const { return kind == PhysicalKind::kExchange; }
};

/// Calls `fn` on each node of `plan`, parents first.
template <typename Fn>
void VisitPlan(const PhysicalPlanPtr& plan, Fn&& fn) {
  fn(plan);
  for (const auto& child : plan->children) VisitPlan(child, fn);
}

}  // namespace ember

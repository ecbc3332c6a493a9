#pragma once

#include "ember/common/config.h"
#include "ember/expr/function_registry.h"
#include "ember/plan/logical_plan.h"
#include "ember/plan/physical_plan.h"

namespace ember {

/// Turns an optimized logical plan into a physical plan: chooses operators (hash aggregate in
/// partial/final steps, broadcast or shuffled hash join), and inserts an exchange wherever an
/// operator requires a distribution its child does not provide (clustered by keys for
/// aggregates and joins, ordered for a global sort, one partition for a global limit). The
/// scheduler cuts stages exactly at these exchanges.
class Planner {
 public:
  Planner(const Config& config, const FunctionRegistry& registry, int default_parallelism);

  PhysicalPlanPtr Plan(const LogicalPlanPtr& plan);

 private:
  struct Required;
  PhysicalPlanPtr PlanNode(const LogicalPlan& plan);
  PhysicalPlanPtr PlanAggregate(const LogicalPlan& plan);
  PhysicalPlanPtr PlanJoin(const LogicalPlan& plan);
  PhysicalPlanPtr PlanDistinct(const LogicalPlan& plan);
  PhysicalPlanPtr Exchange(const PhysicalPlanPtr& child, Partitioning partitioning);
  /// Adds a hash exchange on `key_ids` unless `child` is already clustered on them.
  PhysicalPlanPtr EnsureClustered(const PhysicalPlanPtr& child, const std::vector<ExprPtr>& keys,
                                  int num_partitions);
  std::shared_ptr<PhysicalPlan> NewNode(PhysicalKind kind);
  /// Returns a new node over `child` with the child's columns, partition count and partitioning.
  std::shared_ptr<PhysicalPlan> PassThrough(PhysicalKind kind, const PhysicalPlanPtr& child);
  int64_t EstimateSize(const LogicalPlan& plan) const;
  /// Returns the scan under `filter` without the files whose partition values fail the filter's
  /// partition-only conjuncts, so they are never split or opened.
  LogicalPlanPtr PrunePartitions(const LogicalPlan& filter) const;
  /// Returns `scan` carrying the `column op constant` conjuncts of `condition` that a reader can
  /// check against file statistics (Parquet row-group min/max) to skip data.
  LogicalPlanPtr PushScanPredicates(const LogicalPlanPtr& scan, const ExprPtr& condition) const;

  const Config& config_;
  const FunctionRegistry& registry_;
  int default_parallelism_;
  int shuffle_partitions_;
  int64_t broadcast_threshold_;
  int next_node_id_ = 0;
};

/// Returns `expr` with attributes replaced by references into a row laid out as `input_ids`;
/// throws an internal error if an attribute is missing.
ExprPtr BindReferences(const ExprPtr& expr, const std::vector<int64_t>& input_ids);

}  // namespace ember

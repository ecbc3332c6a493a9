#pragma once

// Factories of the operators; only the local planner builds operators.

#include <memory>
#include <vector>

#include "ember/exec/operator.h"
#include "ember/plan/physical_plan.h"

namespace ember::operators {

OperatorPtr Range(int64_t first, int64_t count, int64_t step, int batch_size);
OperatorPtr Batches(std::shared_ptr<const std::vector<BatchPtr>> batches);
OperatorPtr FileScan(std::shared_ptr<const FileSource> source, std::vector<FileSplit> splits,
                     TaskContext& context);
OperatorPtr Filter(OperatorPtr child, const ExprPtr& condition, TaskContext& context);
OperatorPtr Project(OperatorPtr child, const std::vector<ExprPtr>& exprs, TaskContext& context);
OperatorPtr Limit(OperatorPtr child, int64_t limit);
OperatorPtr Sample(OperatorPtr child, double fraction, bool with_replacement, uint64_t seed,
                   int partition);
OperatorPtr Concat(std::vector<OperatorPtr> children);
/// Wraps a source so that the task stops with a cancelled error at the next batch once killed.
OperatorPtr Interruptible(OperatorPtr source, const TaskContext& context);
OperatorPtr Cache(OperatorPtr child, int64_t cache_id, int partition, TaskContext& context);
OperatorPtr Sort(OperatorPtr child, const std::vector<ExprPtr>& orders, const Schema& schema,
                 TaskContext& context);
OperatorPtr HashAggregate(OperatorPtr child, const PhysicalPlan& plan, TaskContext& context);
/// Joins `probe` against all rows of `build`; `build_side` says which side of the plan the build
/// rows are (output is always left columns, then right columns).
OperatorPtr HashJoin(OperatorPtr probe, OperatorPtr build, const PhysicalPlan& plan,
                     TaskContext& context);
OperatorPtr NestedLoopJoin(OperatorPtr probe, OperatorPtr build, const PhysicalPlan& plan,
                           TaskContext& context);

/// Drains `op` into a vector of dense batches.
std::vector<BatchPtr> Drain(Operator& op);

}  // namespace ember::operators

#pragma once

#include "ember/exec/operator.h"
#include "ember/plan/physical_plan.h"

namespace ember {

/// Builds the operator tree that computes partition `partition` of `plan` inside one task.
/// Exchanges below the root are stage inputs: a shuffle exchange becomes a reader of that
/// shuffle's blocks; a broadcast exchange, the broadcast batches. Union and coalesce map the
/// partition to their children's partitions.
OperatorPtr BuildOperator(const PhysicalPlanPtr& plan, int partition, TaskContext& context);

/// Returns the row range [begin, end) of partition `partition` of a range() with `num_slices`
/// slices, split as Spark splits it.
std::pair<int64_t, int64_t> RangeSlice(int64_t start, int64_t end, int64_t step, int num_slices,
                                       int partition);

}  // namespace ember

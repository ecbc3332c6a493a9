#include "ember/exec/local_planner.h"

#include "ember/common/error.h"
#include "ember/exec/internal/operators.h"

namespace ember {

std::pair<int64_t, int64_t> RangeSlice(int64_t start, int64_t end, int64_t step, int num_slices,
                                       int partition) {
  // Number of elements, computed without overflow.
  int128_t span = static_cast<int128_t>(end) - start;
  int128_t count = 0;
  if ((step > 0 && span > 0) || (step < 0 && span < 0))
    count = (span + step - (step > 0 ? 1 : -1)) / step;
  int128_t first = count * partition / num_slices;
  int128_t last = count * (partition + 1) / num_slices;
  return {static_cast<int64_t>(first), static_cast<int64_t>(last)};
}

namespace {

/// Fails unless a leaf holding `count` partitions of data has partition `partition`: a plan from
/// another process may disagree with itself about partition counts.
void CheckPartition(const PhysicalPlan& node, int partition, size_t count) {
  if (partition < 0 || static_cast<size_t>(partition) >= count) {
    Throw(ErrorKind::kInternal, "INTERNAL_ERROR", node.NodeString(), " has no partition ",
          partition, " (it has ", count, ")");
  }
}

/// Builds a source operator (one that reads data rather than another operator); every source is
/// interruptible so a killed task stops at its next batch.
OperatorPtr BuildSource(const PhysicalPlan& node, int partition, TaskContext& context) {
  switch (node.kind) {
    case PhysicalKind::kRange: {
      auto [first, last] =
          RangeSlice(node.start, node.end, node.step, node.num_partitions, partition);
      int64_t begin =
          static_cast<int64_t>(static_cast<uint64_t>(node.start) +
                               static_cast<uint64_t>(first) * static_cast<uint64_t>(node.step));
      return operators::Range(begin, last - first, node.step, context.batch_size);
    }
    case PhysicalKind::kLocalScan:
      CheckPartition(node, partition, node.local_data->partitions.size());
      return operators::Batches(std::shared_ptr<const std::vector<BatchPtr>>(
          node.local_data, &node.local_data->partitions[partition]));
    case PhysicalKind::kFileScan:
      CheckPartition(node, partition, node.file_partitions->size());
      return operators::FileScan(node.file_source, (*node.file_partitions)[partition], context);
    case PhysicalKind::kExchange:
      if (node.partitioning.kind == Partitioning::Kind::kBroadcast) {
        return operators::Batches(context.Broadcast(node.node_id));
      }
      return context.ReadShuffle(node.node_id, partition);
    default:
      Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "not a source operator");
  }
}

}  // namespace

OperatorPtr BuildOperator(const PhysicalPlanPtr& plan, int partition, TaskContext& context) {
  const PhysicalPlan& node = *plan;
  switch (node.kind) {
    case PhysicalKind::kRange:
    case PhysicalKind::kLocalScan:
    case PhysicalKind::kFileScan:
    case PhysicalKind::kExchange:
      return operators::Interruptible(BuildSource(node, partition, context), context);
    case PhysicalKind::kFilter:
      return operators::Filter(BuildOperator(node.children[0], partition, context), node.condition,
                               context);
    case PhysicalKind::kProject:
      return operators::Project(BuildOperator(node.children[0], partition, context), node.exprs,
                                context);
    case PhysicalKind::kLimit:
      return operators::Limit(BuildOperator(node.children[0], partition, context), node.limit);
    case PhysicalKind::kSample:
      return operators::Sample(BuildOperator(node.children[0], partition, context), node.fraction,
                               node.with_replacement, node.seed, partition);
    case PhysicalKind::kSort:
      return operators::Sort(BuildOperator(node.children[0], partition, context), node.exprs,
                             node.schema, context);
    case PhysicalKind::kHashAggregate:
      return operators::HashAggregate(BuildOperator(node.children[0], partition, context), node,
                                      context);
    case PhysicalKind::kHashJoin:
    case PhysicalKind::kNestedLoopJoin: {
      int build_side = node.build_side;
      OperatorPtr build = BuildOperator(node.children[build_side], partition, context);
      OperatorPtr probe = BuildOperator(node.children[1 - build_side], partition, context);
      return node.kind == PhysicalKind::kHashJoin
                 ? operators::HashJoin(std::move(probe), std::move(build), node, context)
                 : operators::NestedLoopJoin(std::move(probe), std::move(build), node, context);
    }
    case PhysicalKind::kUnion: {
      int offset = partition;
      for (const auto& child : node.children) {
        if (offset < child->num_partitions) return BuildOperator(child, offset, context);
        offset -= child->num_partitions;
      }
      Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "union partition ", partition, " out of range");
    }
    case PhysicalKind::kCoalesce: {
      const auto& child = node.children[0];
      int64_t m = child->num_partitions, n = node.num_partitions;
      std::vector<OperatorPtr> parts;
      for (int64_t p = partition * m / n; p < (partition + 1) * m / n; ++p) {
        parts.push_back(BuildOperator(child, static_cast<int>(p), context));
      }
      return operators::Concat(std::move(parts));
    }
    case PhysicalKind::kCache:
      return operators::Cache(BuildOperator(node.children[0], partition, context), node.cache_id,
                              partition, context);
  }
  Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "unknown physical operator");
}

}  // namespace ember

#pragma once

#include <memory>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/expr/function_registry.h"
#include "ember/plan/physical_plan.h"

namespace ember {

/// Assigns each row of a batch to an output partition of an exchange. Deterministic: the same
/// input rows in the same order always go to the same partitions, so a re-run map task writes
/// identical blocks.
class Partitioner {
 public:
  virtual ~Partitioner() = default;
  /// Fills `partitions` with the target partition of each live row of `batch`.
  virtual void Assign(const Batch& batch, std::vector<uint32_t>& partitions) = 0;

  /// Creates the partitioner for `partitioning` in map task `map_partition`. `range_bounds`
  /// (for range partitioning) holds the sort-key values separating the partitions, sorted.
  static std::unique_ptr<Partitioner> Make(const Partitioning& partitioning, int map_partition,
                                           BatchPtr range_bounds, const FunctionRegistry& registry,
                                           EvalContext context);
};

/// Hashes the rows of `columns` (nulls and -0.0/NaN normalized) into `hashes`.
void HashRows(const std::vector<ColumnVectorPtr>& columns, size_t num_rows,
              std::vector<uint64_t>& hashes);

}  // namespace ember

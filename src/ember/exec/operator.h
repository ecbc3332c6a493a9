#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/common/error.h"
#include "ember/expr/function_registry.h"

namespace ember {

/// Produces batches one at a time; a task pulls its operator tree until Next() returns null.
class Operator {
 public:
  virtual ~Operator() = default;
  /// Returns the next batch (possibly with a selection vector), or nullptr at the end.
  virtual BatchPtr Next() = 0;
};

using OperatorPtr = std::unique_ptr<Operator>;

/// Counts what a task did; reported in task-end events and the event log.
struct TaskMetrics {
  int64_t input_rows = 0;  // rows read from files
  int64_t output_rows = 0;
  int64_t output_bytes = 0;
  int64_t shuffle_read_bytes = 0;
  int64_t shuffle_read_rows = 0;
  int64_t shuffle_write_bytes = 0;
  int64_t shuffle_write_rows = 0;
};

/// Gives operators what the running task provides: its identity, settings, shuffle input,
/// broadcast data and the cache. Implemented by the executor's task runner.
class TaskContext {
 public:
  virtual ~TaskContext() = default;

  /// Returns a source of the batches of reduce partition `partition` of shuffle `shuffle_id`.
  virtual OperatorPtr ReadShuffle(int shuffle_id, int partition) = 0;
  /// Returns every batch of broadcast `broadcast_id`.
  virtual std::shared_ptr<const std::vector<BatchPtr>> Broadcast(int broadcast_id) = 0;
  /// Returns the cached batches of a partition of a cached DataFrame, if stored.
  virtual std::optional<std::vector<BatchPtr>> GetCached(int64_t cache_id, int partition) = 0;
  /// Stores the batches of a partition of a cached DataFrame.
  virtual void PutCached(int64_t cache_id, int partition, std::vector<BatchPtr> batches) = 0;

  /// Fails the task with a cancelled error once it has been killed (its job was cancelled).
  /// Source operators call it before each batch, as Spark's InterruptibleIterator does, so even
  /// an aggregation that consumes its whole input stops within one batch.
  void CheckKilled() const {
    if (killed != nullptr && killed->load(std::memory_order_relaxed)) {
      Throw(ErrorKind::kCancelled, "TASK_KILLED", "Task ", task_id, " (partition ", partition,
            " of stage ", stage_id, ") was killed because its job was cancelled.");
    }
  }

  int stage_id = 0;
  int partition = 0;
  int attempt = 0;
  int64_t task_id = 0;
  int batch_size = 4096;
  bool ignore_corrupt_files = false;
  bool ignore_missing_files = false;
  EvalContext eval;
  const FunctionRegistry* registry = nullptr;
  /// Set by the executor when the task is killed; null when the task cannot be killed.
  const std::atomic<bool>* killed = nullptr;
  TaskMetrics metrics;
};

}  // namespace ember

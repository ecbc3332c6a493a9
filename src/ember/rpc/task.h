#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/common/config.h"
#include "ember/common/error.h"
#include "ember/exec/operator.h"
#include "ember/formats/file_writer.h"
#include "ember/plan/physical_plan.h"
#include "ember/shuffle/shuffle_files.h"

namespace ember {

/// Says what a task does with the rows its fragment produces.
enum class TaskKind {
  kShuffleMap,  // partitions them into shuffle files for the exchange `plan`
  kResult,      // returns them to the driver (an action's result, or a broadcast's rows)
  kSampleKeys,  // returns a sample of the sort keys of range exchange `plan`
  kWrite,       // writes them to files of `write` in the task's attempt directory
};

/// Carries everything an executor needs to run one task; plain data, so it can cross a process
/// boundary later.
struct TaskDescription {
  int64_t task_id = 0;
  int job_id = 0;
  int stage_id = 0;
  int stage_attempt = 0;
  int partition = 0;
  /// With adaptive coalescing, the task covers reduce partitions [partition, partition_end) of
  /// its shuffle inputs; -1 means just `partition`.
  int partition_end = -1;
  int attempt = 0;
  TaskKind kind = TaskKind::kResult;
  /// kResult: the fragment root; kShuffleMap / kSampleKeys: the exchange node (its child runs).
  PhysicalPlanPtr plan;
  int shuffle_id = -1;  // kShuffleMap: session-wide id naming the files
  std::map<int, std::vector<MapOutput>> shuffle_inputs;  // exchange node id -> map outputs
  std::map<int, std::shared_ptr<const std::vector<BatchPtr>>> broadcasts;  // node id -> rows
  BatchPtr range_bounds;  // kShuffleMap over a range exchange
  int sample_size = 100;  // kSampleKeys
  /// The session settings the task runs with (ANSI mode, batch size, testing hooks).
  std::shared_ptr<const Config> config;
  std::shared_ptr<const WriteSpec> write;  // kWrite
};

/// Names the shuffle block a reduce task could not fetch (error class SHUFFLE_FETCH_FAILED): the
/// scheduler then treats the map outputs of `executor_id` as lost and recomputes them.
struct FetchFailure {
  int shuffle_id = -1;
  int map_partition = -1;
  std::string executor_id;
};

/// Thrown by an executor when a shuffle block cannot be fetched from the executor that wrote it;
/// RunTask turns it into a failed TaskResult whose fetch_failure says which block it was.
class FetchFailedError : public Error {
 public:
  FetchFailedError(FetchFailure failure, const std::string& message)
      : Error(ErrorKind::kIo, "SHUFFLE_FETCH_FAILED", message), failure_(std::move(failure)) {}
  const FetchFailure& failure() const { return failure_; }

 private:
  FetchFailure failure_;
};

/// Reports how a task ended.
struct TaskResult {
  bool success = false;
  std::shared_ptr<Error> error;            // set on failure
  std::vector<BatchPtr> batches;           // kResult / kSampleKeys
  int64_t input_rows = 0;                  // kSampleKeys: rows seen
  MapOutput map_output;                    // kShuffleMap
  std::vector<std::string> written_files;  // kWrite: relative to the attempt directory
  TaskMetrics metrics;
  std::string executor_id;
  double duration_ms = 0;
  /// Set when the task failed because a shuffle block of another executor could not be fetched.
  std::optional<FetchFailure> fetch_failure;
};

/// Runs tasks on executor slots; local mode runs them on threads of this process.
class ExecutorBackend {
 public:
  virtual ~ExecutorBackend() = default;
  /// Returns the number of tasks that can run at once.
  virtual int TotalSlots() const = 0;
  /// Starts `task` on a free slot (queueing it if none is free) and calls `done` when it ends,
  /// on any thread.
  virtual void Launch(TaskDescription task, std::function<void(TaskResult)> done) = 0;
  /// Asks a launched task to stop; it still reports its end through `done` (as a cancelled
  /// failure unless it finished first).
  virtual void KillTask(int64_t task_id) = 0;
};

}  // namespace ember

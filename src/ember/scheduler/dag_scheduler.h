#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "ember/common/config.h"
#include "ember/expr/function_registry.h"
#include "ember/rpc/task.h"
#include "ember/scheduler/events.h"

namespace ember {

/// Describes an action's job: the physical plan and which result partitions to compute.
struct JobRequest {
  PhysicalPlanPtr plan;
  std::vector<int> partitions;  // empty: all partitions of the plan
  std::string description;      // e.g. "count", shown in events
  /// When set, the result stage writes files instead of returning rows; each task's output is
  /// committed (its attempt directory renamed) by the first attempt to succeed.
  std::shared_ptr<const WriteSpec> write;
  /// Tags that select the job for cancellation (SparkSession.addTag / interruptTag).
  std::set<std::string> tags;
};

/// Runs jobs: cuts the physical plan into stages at every exchange (one shuffle-map or broadcast
/// stage per exchange, one result stage), runs a stage once its parents are done with one task per
/// partition, retries a failed task up to spark.task.maxFailures times, and fails the job with the
/// task's error after that. Range exchanges first run a sampling pass to find partition bounds.
/// A shuffle fetch failure (TaskResult::fetch_failure) is not a task failure: the map outputs of
/// the executor that lost the blocks (or was reported EXECUTOR_LOST) are forgotten, their map
/// stages rerun just the missing partitions, and the failed stage is resubmitted, at most
/// spark.stage.maxConsecutiveAttempts attempts in a row.
class DagScheduler {
 public:
  DagScheduler(ExecutorBackend& backend, EventBus& bus, const FunctionRegistry& registry);

  /// Runs the job and returns, for each requested partition (in request order), its batches.
  /// Throws the error that failed the job.
  std::vector<std::vector<BatchPtr>> RunJob(const JobRequest& request, const Config& config);

  /// Cancels the running jobs whose tags `which` accepts: their running and queued tasks are
  /// killed, and their RunJob throws a cancelled error "Job N cancelled <reason>" once the tasks
  /// have stopped. Callable from any thread; returns the ids of the cancelled jobs.
  std::vector<int> CancelJobs(const std::function<bool(const std::set<std::string>& tags)>& which,
                              const std::string& reason);

 private:
  /// A job RunJob is running, as CancelJobs sees it.
  struct ActiveJob {
    std::set<std::string> tags;
    std::function<void(const std::string& reason)> cancel;
  };

  ExecutorBackend& backend_;
  EventBus& bus_;
  const FunctionRegistry& registry_;
  std::atomic<int> next_job_id_{0};
  std::atomic<int> next_stage_id_{0};
  std::atomic<int> next_shuffle_id_{0};
  std::atomic<int64_t> next_task_id_{0};
  std::mutex active_jobs_mutex_;
  std::map<int, ActiveJob> active_jobs_;
};

/// Computes range-partition bounds from sampled sort keys: `samples` holds key rows of each
/// map partition, `weights` each sample row's weight (rows it stands for). Returns at most
/// `num_partitions` - 1 distinct bounds in order.
BatchPtr ComputeRangeBounds(const std::vector<BatchPtr>& samples,
                            const std::vector<double>& weights, const std::vector<ExprPtr>& orders,
                            int num_partitions);

}  // namespace ember

#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "ember/analyzer/analyzer.h"
#include "ember/catalog/temp_views.h"
#include "ember/common/config.h"
#include "ember/plan/physical_plan.h"
#include "ember/scheduler/dag_scheduler.h"

namespace ember {

class ExecutorEnv;
class ExecutorBackend;
class EventLogWriter;

/// Describes what spark.master asks for.
struct MasterSpec {
  int slots = 1;
  int max_failures = -1;  // from local[N,F]; -1: use spark.task.maxFailures
  /// local-cluster[W,C,M]: W executor processes of C cores and M MiB; 0 executors: local mode.
  int executors = 0;
  int cores_per_executor = 0;
  int memory_mb = 0;
};

/// Parses "local", "local[N]", "local[*]", "local[N,F]" and "local-cluster[W,C,M]"; throws
/// naming the value otherwise.
MasterSpec ParseMaster(const std::string& master);

/// Holds one session's engine: settings, analyzer, planner inputs, scheduler, executor backend,
/// event bus and cache registry. Shared by every DataFrame of the session.
class SessionState {
 public:
  explicit SessionState(Config config);
  ~SessionState();
  SessionState(const SessionState&) = delete;
  SessionState& operator=(const SessionState&) = delete;

  /// Returns the settings; changes apply to jobs started afterwards.
  Config& config() { return config_; }
  const FunctionRegistry& registry() const;
  Analyzer analyzer() const;
  EventBus& events() { return events_; }
  int default_parallelism() const;
  int total_slots() const { return master_.slots; }
  const std::string& app_id() const { return app_id_; }
  /// Returns the event log file, empty when spark.eventLog.enabled is false.
  std::string event_log_path() const;

  /// Optimizes an analyzed plan (cached sub-plans marked so they read or fill the cache).
  LogicalPlanPtr Optimize(const LogicalPlanPtr& analyzed);
  /// Plans an analyzed plan down to physical operators with exchanges.
  PhysicalPlanPtr PlanPhysical(const LogicalPlanPtr& analyzed);
  /// Runs an analyzed plan as one job; returns the batches of the requested partitions (all if
  /// empty), in partition order.
  std::vector<BatchPtr> Execute(const LogicalPlanPtr& analyzed, const std::string& description,
                                const std::vector<int>& partitions = {});

  /// Says what a write does when its destination exists (Spark's SaveMode).
  enum class SaveMode { kErrorIfExists, kAppend, kOverwrite, kIgnore };

  /// Writes an analyzed plan's rows as files with the commit protocol: tasks write into
  /// `destination`/_temporary, a task's first successful attempt is committed, and the job commit
  /// moves the files into place and writes _SUCCESS last. A failed job removes its staging
  /// directory and leaves the destination as it was.
  void WriteFiles(const LogicalPlanPtr& analyzed, WriteSpec spec, SaveMode mode);

  /// Marks `plan` as cached: later jobs store its partitions and then read them back.
  void Cache(const LogicalPlanPtr& plan);
  /// Drops `plan`'s cached partitions; returns whether it was cached.
  bool Uncache(const LogicalPlanPtr& plan);
  bool IsCached(const LogicalPlanPtr& plan);
  /// Returns how many partitions of a cached plan are stored (for tests and explain).
  int CachedPartitions(const LogicalPlanPtr& plan);

  /// Adds `tag` to the jobs this thread starts in this session, so that InterruptTag can cancel
  /// them (Spark's SparkSession.addTag; tags are per thread). Throws IllegalArgumentException for
  /// an empty tag or one containing ','.
  void AddTag(const std::string& tag);
  void RemoveTag(const std::string& tag);
  /// Returns the tags of this thread's jobs.
  std::set<std::string> Tags() const;
  void ClearTags();
  /// Cancels every running job of the session, whichever thread started it; returns their ids.
  std::vector<int> InterruptAll();
  /// Cancels the running jobs tagged `tag`; returns their ids.
  std::vector<int> InterruptTag(const std::string& tag);

  /// The session's temporary views (createOrReplaceTempView, spark.table).
  TempViewCatalog& temp_views() { return temp_views_; }

  /// Stops the executors and removes shuffle files; further jobs fail.
  void Stop();
  bool stopped() const { return stopped_; }

 private:
  LogicalPlanPtr MarkCached(const LogicalPlanPtr& plan);

  Config config_;
  MasterSpec master_;
  std::string app_id_;
  std::string shuffle_directory_;
  EventBus events_;
  std::unique_ptr<EventLogWriter> event_log_;
  std::unique_ptr<ExecutorEnv> executor_;
  std::unique_ptr<ExecutorBackend> backend_;
  std::unique_ptr<DagScheduler> scheduler_;
  std::mutex cache_mutex_;
  std::map<const LogicalPlan*, std::pair<LogicalPlanPtr, int64_t>> cached_;
  int64_t next_cache_id_ = 1;
  TempViewCatalog temp_views_;
  bool stopped_ = false;
};

}  // namespace ember

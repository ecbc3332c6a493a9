#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "ember/exec/operator.h"

namespace ember {

/// Describes one scheduler event; `type` uses Spark's listener event names
/// ("SparkListenerJobStart", "SparkListenerTaskEnd", ...).
struct SchedulerEvent {
  std::string type;
  int64_t time_ms = 0;
  int job_id = -1;
  int stage_id = -1;
  int stage_attempt = 0;
  std::vector<int> stage_ids;  // job start: every stage of the job
  std::string name;            // stage or job description
  int num_tasks = 0;
  int64_t task_id = -1;
  int partition = -1;
  int attempt = 0;
  std::string executor_id;
  bool success = true;
  std::string failure;  // error message when !success
  TaskMetrics metrics;
  double duration_ms = 0;
};

/// Delivers scheduler events to every listener, in order, on the publishing thread. The status
/// store, event log and progress reporting subscribe here instead of the scheduler calling them.
class EventBus {
 public:
  using Listener = std::function<void(const SchedulerEvent&)>;
  /// Adds a listener; returns its id for RemoveListener.
  int AddListener(Listener listener);
  void RemoveListener(int id);
  void Publish(const SchedulerEvent& event);

 private:
  std::mutex mutex_;
  std::vector<std::pair<int, Listener>> listeners_;
  int next_id_ = 0;
};

/// Returns milliseconds since the epoch.
int64_t NowMillis();

/// Writes each event as one JSON line in Spark's event-log layout ("Event", "Job ID",
/// "Stage Info", "Task Info", "Task Metrics"...), so a run can be inspected afterwards.
class EventLogWriter {
 public:
  /// Opens `directory`/`app_id` for writing; throws an IO error naming the path if it cannot.
  EventLogWriter(const std::string& directory, const std::string& app_id,
                 const std::string& app_name);
  ~EventLogWriter();
  void Write(const SchedulerEvent& event);
  const std::string& path() const { return path_; }

 private:
  std::mutex mutex_;
  std::string path_;
  std::FILE* file_ = nullptr;
  std::string app_id_;
};

}  // namespace ember

#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ember/rpc/task.h"

namespace ember {

class DriverServer;
class ExecutorClient;

/// Says how many executor processes local-cluster[W,C,M] starts and with what.
struct ClusterSpec {
  int executors = 1;           // W
  int cores = 1;               // C, task slots per executor
  int memory_mb = 1024;        // M, recorded; not enforced yet
  std::string binary;          // the `ember` binary the executors run
  std::string work_directory;  // executor i works in <work_directory>/executor-<i>
  std::chrono::milliseconds registration_timeout{30000};
};

/// Runs tasks on executor processes of this machine (local-cluster[W,C,M]): starts a
/// DriverService, spawns W `ember executor` processes with posix_spawn (never through a shell),
/// waits for them to register, then sends each task as protobuf bytes to an executor with a free
/// core and receives its result through StatusUpdate. An executor that exits fails its running
/// tasks with an error naming it (the scheduler retries them on the others).
class ClusterBackend final : public ExecutorBackend {
 public:
  /// Starts the executors; throws naming the executor and the cause if one fails to register.
  explicit ClusterBackend(ClusterSpec spec);
  /// Kills and reaps the executor processes and removes their work directories.
  ~ClusterBackend() override;

  int TotalSlots() const override { return spec_.executors * spec_.cores; }
  void Launch(TaskDescription task, std::function<void(TaskResult)> done) override;
  void KillTask(int64_t task_id) override;

  /// Returns the process ids of the executors (for tests that kill one).
  std::vector<pid_t> ExecutorPids() const;

 private:
  struct Executor {
    std::string id;
    pid_t pid = -1;
    std::string work_directory;
    std::string address;  // set when it registers
    std::unique_ptr<ExecutorClient> client;
    int free_cores = 0;
    bool registered = false;
    bool alive = true;
    bool pid_reaped = false;
    std::string exit_reason;
    std::chrono::steady_clock::time_point last_heartbeat;
  };
  struct QueuedTask {
    TaskDescription task;
    std::function<void(TaskResult)> done;
  };
  struct RunningTask {
    size_t executor = 0;
    std::function<void(TaskResult)> done;
    int stage_id = 0;
    int partition = 0;
  };

  void SpawnExecutor(size_t index, const std::string& driver_address);
  void WaitForRegistrations();
  /// Sends queued tasks to executors with free cores.
  void Dispatch();
  void OnStatusUpdate(const std::string& executor_id, int64_t task_id, std::string bytes);
  /// Reaps executors that exited and fails their tasks; runs on monitor_.
  void MonitorExecutors();
  /// Marks executor `index` lost (mutex_ held) and returns the callbacks of the tasks it ran,
  /// each with the failed result to deliver once the lock is released.
  std::vector<std::pair<std::function<void(TaskResult)>, TaskResult>> LoseExecutor(
      size_t index, const std::string& reason);
  std::string Describe(const Executor& executor) const;
  void Shutdown();

  ClusterSpec spec_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<Executor> executors_;
  std::deque<QueuedTask> queue_;
  std::map<int64_t, RunningTask> running_;
  bool stopping_ = false;
  std::unique_ptr<DriverServer> server_;
  std::thread monitor_;
};

}  // namespace ember

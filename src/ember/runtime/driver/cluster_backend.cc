#include "ember/runtime/driver/cluster_backend.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>

#include "ember/common/error.h"
#include "ember/rpc/driver_service.h"
#include "ember/rpc/executor_service.h"
#include "ember/rpc/task_serde.h"

extern char** environ;

namespace ember {

namespace {

/// Seconds without a heartbeat after which an executor that still runs is considered hung and
/// killed (its tasks then fail like those of an executor that exited).
constexpr auto kHeartbeatTimeout = std::chrono::seconds(60);

TaskResult FailedResult(Error error, const std::string& executor_id) {
  TaskResult result;
  result.error = std::make_shared<Error>(std::move(error));
  result.executor_id = executor_id;
  return result;
}

/// Describes how a child process ended, from waitpid's status.
std::string ExitDescription(int status) {
  if (WIFEXITED(status)) return StrCat("exited with status ", WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    return StrCat("was killed by signal ", WTERMSIG(status), " (", strsignal(WTERMSIG(status)),
                  ")");
  }
  return StrCat("ended with wait status ", status);
}

}  // namespace

ClusterBackend::ClusterBackend(ClusterSpec spec) : spec_(std::move(spec)) {
  executors_.resize(spec_.executors);
  for (int i = 0; i < spec_.executors; ++i) {
    executors_[i].id = std::to_string(i);
    executors_[i].work_directory = StrCat(spec_.work_directory, "/executor-", i);
  }
  DriverServiceHandlers handlers;
  handlers.register_executor = [this](const ExecutorRegistration& registration) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& executor : executors_) {
      if (executor.id != registration.executor_id) continue;
      if (executor.registered || !executor.alive) {
        Throw(ErrorKind::kInvalidArgument, "EXECUTOR_REGISTRATION_REFUSED", "Executor ",
              registration.executor_id, " at ", registration.address,
              executor.registered ? " is already registered." : " was already lost.");
      }
      executor.address = registration.address;
      executor.client = std::make_unique<ExecutorClient>(registration.address);
      executor.free_cores = spec_.cores;
      executor.registered = true;
      executor.last_heartbeat = std::chrono::steady_clock::now();
      changed_.notify_all();
      return;
    }
    Throw(ErrorKind::kInvalidArgument, "EXECUTOR_REGISTRATION_REFUSED", "Unknown executor id '",
          registration.executor_id, "' (pid ", registration.pid, ", ", registration.address,
          ") tried to register; this driver started executors 0..", executors_.size() - 1, ".");
  };
  handlers.status_update = [this](const std::string& executor_id, int64_t task_id,
                                  std::string bytes) {
    OnStatusUpdate(executor_id, task_id, std::move(bytes));
  };
  handlers.heartbeat = [this](const std::string& executor_id) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto& executor : executors_) {
      if (executor.id == executor_id && executor.alive && !stopping_) {
        executor.last_heartbeat = std::chrono::steady_clock::now();
        return true;
      }
    }
    return false;
  };
  server_ = std::make_unique<DriverServer>("127.0.0.1", std::move(handlers));
  try {
    for (size_t i = 0; i < executors_.size(); ++i) SpawnExecutor(i, server_->address());
    monitor_ = std::thread([this] { MonitorExecutors(); });
    WaitForRegistrations();
  } catch (...) {
    Shutdown();
    throw;
  }
}

ClusterBackend::~ClusterBackend() {
  Shutdown();
}

std::string ClusterBackend::Describe(const Executor& executor) const {
  return StrCat("executor ", executor.id, " (pid ", executor.pid,
                executor.address.empty() ? "" : ", ", executor.address, ")");
}

void ClusterBackend::SpawnExecutor(size_t index, const std::string& driver_address) {
  Executor& executor = executors_[index];
  std::filesystem::create_directories(executor.work_directory);
  std::vector<std::string> arguments = {spec_.binary,    "executor",
                                        "--driver",      driver_address,
                                        "--executor-id", executor.id,
                                        "--cores",       std::to_string(spec_.cores),
                                        "--work-dir",    executor.work_directory};
  std::vector<char*> argv;
  for (auto& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int error = posix_spawn(&pid, spec_.binary.c_str(), nullptr, nullptr, argv.data(), environ);
  if (error != 0) {
    Throw(ErrorKind::kIo, "EXECUTOR_START_FAILED", "Cannot start executor ", executor.id,
          " by running ", spec_.binary, ": ", std::strerror(error),
          ". Set ember.executor.binary (or EMBER_EXECUTOR_BINARY) to the `ember` binary.");
  }
  std::lock_guard<std::mutex> lock(mutex_);
  executor.pid = pid;
}

void ClusterBackend::WaitForRegistrations() {
  std::unique_lock<std::mutex> lock(mutex_);
  auto deadline = std::chrono::steady_clock::now() + spec_.registration_timeout;
  while (true) {
    bool all_registered = true;
    for (const auto& executor : executors_) {
      if (!executor.alive) {
        Throw(ErrorKind::kIo, "EXECUTOR_START_FAILED", "Executor ", executor.id, " (pid ",
              executor.pid, ", ", spec_.binary, ") ", executor.exit_reason,
              " before registering with the driver at ", server_->address(),
              "; its stderr above says why.");
      }
      all_registered &= executor.registered;
    }
    if (all_registered) return;
    if (changed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      for (const auto& executor : executors_) {
        if (executor.registered) continue;
        Throw(ErrorKind::kIo, "EXECUTOR_START_FAILED", "Executor ", executor.id, " (pid ",
              executor.pid, ", ", spec_.binary, ") did not register with the driver at ",
              server_->address(), " within ", spec_.registration_timeout.count(),
              " ms (ember.executor.registrationTimeout).");
      }
    }
  }
}

void ClusterBackend::Launch(TaskDescription task, std::function<void(TaskResult)> done) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back({std::move(task), std::move(done)});
  }
  Dispatch();
}

void ClusterBackend::Dispatch() {
  struct Send {
    ExecutorClient* client;
    std::string executor_id;
    TaskDescription task;
  };
  std::vector<Send> sends;
  std::vector<std::pair<std::function<void(TaskResult)>, TaskResult>> failures;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    bool any_alive = false;
    for (const auto& executor : executors_) any_alive |= executor.alive;
    while (!queue_.empty()) {
      if (!any_alive || stopping_) {
        QueuedTask queued = std::move(queue_.front());
        queue_.pop_front();
        failures.emplace_back(
            std::move(queued.done),
            FailedResult(Error(ErrorKind::kExecution, "NO_EXECUTORS",
                               StrCat("Cannot run task ", queued.task.task_id, " (partition ",
                                      queued.task.partition, " of stage ", queued.task.stage_id,
                                      "): every executor of this local-cluster was lost.")),
                         "driver"));
        continue;
      }
      // The registered executor with the most free cores, so that tasks spread out.
      Executor* best = nullptr;
      size_t best_index = 0;
      for (size_t i = 0; i < executors_.size(); ++i) {
        Executor& executor = executors_[i];
        if (!executor.alive || !executor.registered || executor.free_cores <= 0) continue;
        if (best == nullptr || executor.free_cores > best->free_cores) {
          best = &executor;
          best_index = i;
        }
      }
      if (best == nullptr) break;
      QueuedTask queued = std::move(queue_.front());
      queue_.pop_front();
      --best->free_cores;
      running_[queued.task.task_id] = {best_index, std::move(queued.done), queued.task.stage_id,
                                       queued.task.partition};
      sends.push_back({best->client.get(), best->id, std::move(queued.task)});
    }
  }
  for (auto& [done, result] : failures) done(std::move(result));
  for (auto& send : sends) {
    try {
      send.client->LaunchTask(send.task.task_id, SerializeTask(send.task));
    } catch (const Error& error) {
      std::function<void(TaskResult)> done;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        auto it = running_.find(send.task.task_id);
        if (it == running_.end()) continue;  // its executor was lost meanwhile and failed it
        done = std::move(it->second.done);
        ++executors_[it->second.executor].free_cores;
        running_.erase(it);
      }
      done(FailedResult(Error(error.kind(), error.error_class(),
                              StrCat("Cannot launch task ", send.task.task_id, " on executor ",
                                     send.executor_id, ": ", error.message())),
                        send.executor_id));
    }
  }
}

void ClusterBackend::OnStatusUpdate(const std::string& executor_id, int64_t task_id,
                                    std::string bytes) {
  TaskResult result;
  try {
    result = DeserializeTaskResult(bytes);
  } catch (const Error& error) {
    result = FailedResult(Error(error.kind(), error.error_class(),
                                StrCat("The result of task ", task_id, " from executor ",
                                       executor_id, " is unreadable: ", error.message())),
                          executor_id);
  }
  std::function<void(TaskResult)> done;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = running_.find(task_id);
    // A task whose executor was declared lost has already failed; ignore a late report.
    if (it == running_.end() || executors_[it->second.executor].id != executor_id) return;
    done = std::move(it->second.done);
    ++executors_[it->second.executor].free_cores;
    running_.erase(it);
  }
  done(std::move(result));
  Dispatch();
}

void ClusterBackend::KillTask(int64_t task_id) {
  std::function<void(TaskResult)> queued_done;
  TaskDescription queued_task;
  ExecutorClient* client = nullptr;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = queue_.begin(); it != queue_.end(); ++it) {
      if (it->task.task_id != task_id) continue;
      queued_done = std::move(it->done);
      queued_task = std::move(it->task);
      queue_.erase(it);
      break;
    }
    if (!queued_done) {
      auto it = running_.find(task_id);
      if (it == running_.end()) return;
      Executor& executor = executors_[it->second.executor];
      if (executor.alive) client = executor.client.get();
    }
  }
  if (queued_done) {
    queued_done(FailedResult(
        Error(ErrorKind::kCancelled, "TASK_KILLED",
              StrCat("Task ", task_id, " (partition ", queued_task.partition, " of stage ",
                     queued_task.stage_id, ") was killed because its job was cancelled.")),
        "driver"));
    return;
  }
  if (client == nullptr) return;
  try {
    client->KillTask(task_id);
  } catch (const Error&) {
    // The executor is going away; the monitor fails its tasks.
  }
}

std::vector<std::pair<std::function<void(TaskResult)>, TaskResult>> ClusterBackend::LoseExecutor(
    size_t index, const std::string& reason) {
  Executor& executor = executors_[index];
  executor.alive = false;
  executor.exit_reason = reason;
  std::vector<std::pair<std::function<void(TaskResult)>, TaskResult>> failures;
  for (auto it = running_.begin(); it != running_.end();) {
    if (it->second.executor != index) {
      ++it;
      continue;
    }
    failures.emplace_back(
        std::move(it->second.done),
        FailedResult(Error(ErrorKind::kExecution, "EXECUTOR_LOST",
                           StrCat("Task ", it->first, " (partition ", it->second.partition,
                                  " of stage ", it->second.stage_id,
                                  ") was lost: ", Describe(executor), " ", reason, ".")),
                     executor.id));
    it = running_.erase(it);
  }
  changed_.notify_all();
  return failures;
}

void ClusterBackend::MonitorExecutors() {
  while (true) {
    std::vector<std::pair<std::function<void(TaskResult)>, TaskResult>> failures;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (changed_.wait_for(lock, std::chrono::milliseconds(100), [this] { return stopping_; }))
        return;
      auto now = std::chrono::steady_clock::now();
      for (size_t i = 0; i < executors_.size(); ++i) {
        Executor& executor = executors_[i];
        if (!executor.alive || executor.pid <= 0) continue;
        int status = 0;
        if (::waitpid(executor.pid, &status, WNOHANG) == executor.pid) {
          executor.pid_reaped = true;
          auto lost = LoseExecutor(i, ExitDescription(status));
          for (auto& failure : lost) failures.push_back(std::move(failure));
        } else if (executor.registered && now - executor.last_heartbeat > kHeartbeatTimeout) {
          ::kill(executor.pid, SIGKILL);  // hung: reaped and reported on the next round
        }
      }
    }
    if (failures.empty()) continue;
    for (auto& [done, result] : failures) done(std::move(result));
    Dispatch();
  }
}

std::vector<pid_t> ClusterBackend::ExecutorPids() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<pid_t> pids;
  for (const auto& executor : executors_) pids.push_back(executor.pid);
  return pids;
}

void ClusterBackend::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_ && !monitor_.joinable() && !server_) return;
    stopping_ = true;
    changed_.notify_all();
  }
  if (monitor_.joinable()) monitor_.join();
  for (auto& executor : executors_) {
    if (executor.pid > 0 && !executor.pid_reaped) ::kill(executor.pid, SIGTERM);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (auto& executor : executors_) {
    if (executor.pid <= 0 || executor.pid_reaped) continue;
    int status = 0;
    while (::waitpid(executor.pid, &status, WNOHANG) == 0) {
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(executor.pid, SIGKILL);
        ::waitpid(executor.pid, &status, 0);
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    executor.pid_reaped = true;
  }
  server_.reset();
  std::error_code ignored;
  for (const auto& executor : executors_) {
    std::filesystem::remove_all(executor.work_directory, ignored);
  }
}

}  // namespace ember

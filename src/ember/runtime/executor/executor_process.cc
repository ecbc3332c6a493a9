#include "ember/runtime/executor/executor_process.h"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <iostream>
#include <map>
#include <mutex>
#include <thread>

#include "ember/common/thread_pool.h"
#include "ember/functions/builtin_functions.h"
#include "ember/rpc/driver_service.h"
#include "ember/rpc/executor_service.h"
#include "ember/rpc/task_serde.h"
#include "ember/runtime/executor/task_runner.h"

namespace ember {

namespace {

/// Keeps one client per remote executor address, shared by the tasks that fetch from it.
class ExecutorClients {
 public:
  ExecutorClient& For(const std::string& address) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto& client = clients_[address];
    if (!client) client = std::make_unique<ExecutorClient>(address);
    return *client;
  }

 private:
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<ExecutorClient>> clients_;
};

/// Returns the result of a task that could not run at all (unreadable bytes).
std::string FailedResultBytes(const Error& error, const std::string& executor_id) {
  TaskResult result;
  result.error = std::make_shared<Error>(error);
  result.executor_id = executor_id;
  return SerializeTaskResult(result);
}

}  // namespace

int RunExecutorProcess(const ExecutorProcessOptions& options) {
  const std::string& id = options.executor_id;
  auto log = [&id](const std::string& line) {
    std::cerr << "ember executor " << id << " (pid " << ::getpid() << "): " << line << std::endl;
  };
  std::string shuffle_directory = options.work_directory + "/shuffle";
  std::filesystem::create_directories(shuffle_directory);
  ExecutorEnv env(id, shuffle_directory, BuiltinFunctions());
  DriverClient driver(options.driver_address);
  ExecutorClients peers;
  ThreadPool pool(options.cores);

  ExecutorServiceHandlers handlers;
  handlers.shuffle_directory = shuffle_directory;
  handlers.launch_task = [&](int64_t task_id, std::string bytes) {
    env.RegisterTask(task_id);  // so that a kill reaches it while it waits for a thread
    pool.Submit([&, task_id, bytes = std::move(bytes)]() {
      std::string result_bytes;
      try {
        result_bytes = SerializeTaskResult(RunTask(DeserializeTask(bytes), env));
      } catch (const Error& error) {
        env.UnregisterTask(task_id);
        result_bytes = FailedResultBytes(error, id);
      }
      try {
        driver.StatusUpdate(id, task_id, result_bytes);
      } catch (const Error& error) {
        log(StrCat("cannot report task ", task_id, ": ", error.what()));
      }
    });
  };
  handlers.kill_task = [&](int64_t task_id) { env.KillTask(task_id); };
  ExecutorServer server(options.host, handlers);
  env.SetClusterAddress(server.address(), [&](const MapOutput& output, uint64_t offset,
                                              uint64_t length) {
    try {
      return peers.For(output.executor_address).FetchShuffleBlock(output.data_path, offset, length);
    } catch (const Error& error) {
      throw FetchFailedError(
          {output.shuffle_id, output.map_partition, output.executor_id},
          StrCat("Cannot fetch the shuffle block of map partition ", output.map_partition,
                 " of shuffle ", output.shuffle_id, " from executor ", output.executor_id, " at ",
                 output.executor_address, ": ", error.message()));
    }
  });

  ExecutorRegistration registration{id, server.address(), options.cores, ::getpid()};
  try {
    driver.RegisterExecutor(registration);
  } catch (const Error& error) {
    log(StrCat("cannot register with the driver: ", error.what()));
    return 1;
  }

  int missed = 0;
  while (true) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options.heartbeat_interval_ms));
    try {
      if (!driver.Heartbeat(id)) {
        log("the driver no longer knows this executor; exiting");
        break;
      }
      missed = 0;
    } catch (const Error& error) {
      if (++missed >= options.max_missed_heartbeats) {
        log(StrCat("the driver at ", options.driver_address, " is gone (", missed,
                   " heartbeats failed, last: ", error.what(), "); exiting"));
        break;
      }
    }
  }
  // Running tasks belong to an application that ended: leave without waiting for them.
  std::cerr.flush();
  std::_Exit(0);
}

}  // namespace ember

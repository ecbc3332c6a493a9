#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ember {

/// Says what an executor does with the calls its ExecutorService receives.
struct ExecutorServiceHandlers {
  /// Queues a task given as SerializeTask bytes; must return quickly (the task runs later).
  std::function<void(int64_t task_id, std::string task_bytes)> launch_task;
  std::function<void(int64_t task_id)> kill_task;
  /// Shuffle blocks are served only from data files under this directory.
  std::string shuffle_directory;
};

/// Serves ExecutorService (proto/rpc.proto) on an ephemeral port: task launch and kill from the
/// driver, and shuffle block fetches from other executors, streamed in chunks.
class ExecutorServer {
 public:
  /// Starts listening on `host` at a port the system picks; throws naming the host on failure.
  ExecutorServer(const std::string& host, ExecutorServiceHandlers handlers);
  /// Stops serving; calls in flight are cancelled.
  ~ExecutorServer();
  ExecutorServer(const ExecutorServer&) = delete;
  ExecutorServer& operator=(const ExecutorServer&) = delete;

  /// Returns "host:port", the address other processes reach the service at.
  const std::string& address() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Calls one executor's ExecutorService. Failures throw an IO error naming the executor's
/// address and the gRPC status.
class ExecutorClient {
 public:
  explicit ExecutorClient(std::string address);
  ~ExecutorClient();
  ExecutorClient(const ExecutorClient&) = delete;
  ExecutorClient& operator=(const ExecutorClient&) = delete;

  const std::string& address() const;
  void LaunchTask(int64_t task_id, const std::string& task_bytes);
  void KillTask(int64_t task_id);
  /// Returns bytes [offset, offset + length) of the shuffle data file `data_path` the executor
  /// wrote, received as a stream of chunks.
  std::string FetchShuffleBlock(const std::string& data_path, uint64_t offset, uint64_t length);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ember

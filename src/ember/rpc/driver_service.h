#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

namespace ember {

/// Describes an executor process that announced itself to the driver.
struct ExecutorRegistration {
  std::string executor_id;
  std::string address;  // host:port of its ExecutorService
  int cores = 0;
  int64_t pid = 0;
};

/// Says what the driver does with the calls its DriverService receives.
struct DriverServiceHandlers {
  /// Accepts an executor; throws an Error (sent back to the executor) to refuse it.
  std::function<void(const ExecutorRegistration&)> register_executor;
  /// Receives the SerializeTaskResult bytes of a task that ended.
  std::function<void(const std::string& executor_id, int64_t task_id, std::string result_bytes)>
      status_update;
  /// Records that an executor is alive; returns false when the driver does not know it.
  std::function<bool(const std::string& executor_id)> heartbeat;
};

/// Serves DriverService (proto/rpc.proto) on an ephemeral port: executors register, report task
/// results and heartbeat through it.
class DriverServer {
 public:
  /// Starts listening on `host` at a port the system picks; throws naming the host on failure.
  DriverServer(const std::string& host, DriverServiceHandlers handlers);
  ~DriverServer();
  DriverServer(const DriverServer&) = delete;
  DriverServer& operator=(const DriverServer&) = delete;

  /// Returns "host:port".
  const std::string& address() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// Calls the driver's DriverService from an executor. Failures throw an IO error naming the
/// driver's address and the gRPC status.
class DriverClient {
 public:
  explicit DriverClient(std::string address);
  ~DriverClient();
  DriverClient(const DriverClient&) = delete;
  DriverClient& operator=(const DriverClient&) = delete;

  const std::string& address() const;
  void RegisterExecutor(const ExecutorRegistration& registration);
  void StatusUpdate(const std::string& executor_id, int64_t task_id,
                    const std::string& result_bytes);
  /// Returns whether the driver still knows `executor_id`.
  bool Heartbeat(const std::string& executor_id);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ember

#pragma once

#include <string>

namespace ember {

/// Says how `ember executor` runs: which driver to serve and with what resources.
struct ExecutorProcessOptions {
  std::string driver_address;  // host:port of the driver's DriverService
  std::string executor_id;
  int cores = 1;
  std::string work_directory;      // shuffle files go to <work_directory>/shuffle
  std::string host = "127.0.0.1";  // where this executor's own service listens
  int heartbeat_interval_ms = 1000;
  /// Heartbeats that may fail in a row before the executor decides the driver is gone.
  int max_missed_heartbeats = 5;
};

/// Runs an executor process until its driver goes away: starts an ExecutorService, registers
/// with the driver, runs launched tasks on `cores` threads with RunTask, reports each result by
/// StatusUpdate and heartbeats. Returns the process exit code (0 when the driver ended the
/// application, 1 when registration failed), writing the reason to stderr.
int RunExecutorProcess(const ExecutorProcessOptions& options);

}  // namespace ember

#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ember/expr/function_registry.h"
#include "ember/rpc/task.h"

namespace ember {

/// Holds what the tasks of one executor share: its id, its shuffle directory and the partitions of
/// cached DataFrames it stores.
class ExecutorEnv {
 public:
  ExecutorEnv(std::string executor_id, std::string shuffle_directory,
              const FunctionRegistry& registry);

  const std::string& executor_id() const { return executor_id_; }
  const std::string& shuffle_directory() const { return shuffle_directory_; }
  const FunctionRegistry& registry() const { return registry_; }
  /// Returns the host:port other executors fetch this one's shuffle blocks from; empty in local
  /// mode.
  const std::string& address() const { return address_; }

  /// Makes this executor one process of a cluster: its map outputs name `address`, and blocks
  /// written by other executors are read through `fetch_remote`.
  void SetClusterAddress(std::string address, ShuffleBlockReader fetch_remote);
  /// Returns bytes of a map output's block: from local disk when this executor wrote it (or in
  /// local mode), otherwise fetched from the executor that did.
  std::string ReadShuffleBlock(const MapOutput& output, uint64_t offset, uint64_t length);

  std::optional<std::vector<BatchPtr>> GetCached(int64_t cache_id, int partition);
  void PutCached(int64_t cache_id, int partition, std::vector<BatchPtr> batches);
  /// Forgets every stored partition of `cache_id` (unpersist).
  void DropCached(int64_t cache_id);
  /// Returns how many partitions of `cache_id` are stored.
  int CachedPartitions(int64_t cache_id);

  /// Registers task `task_id` (when it is queued, and again when it starts) and returns its kill
  /// flag, which is already set if the task was killed while it waited for a slot.
  std::shared_ptr<std::atomic<bool>> RegisterTask(int64_t task_id);
  /// Forgets a task that ended.
  void UnregisterTask(int64_t task_id);
  /// Kills a registered task: it fails with a cancelled error before its next batch. A task that
  /// already ended is left alone.
  void KillTask(int64_t task_id);

 private:
  std::string executor_id_;
  std::string shuffle_directory_;
  const FunctionRegistry& registry_;
  std::string address_;
  ShuffleBlockReader fetch_remote_;
  std::mutex mutex_;
  std::map<std::pair<int64_t, int>, std::vector<BatchPtr>> cached_;
  std::map<int64_t, std::shared_ptr<std::atomic<bool>>> task_kill_flags_;
};

/// Runs one task to completion on the calling thread: builds its operators, drains them into a
/// shuffle writer, a sample, or a result, and reports the outcome (never throws).
TaskResult RunTask(const TaskDescription& task, ExecutorEnv& env);

}  // namespace ember

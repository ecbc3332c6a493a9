#include "ember/runtime/executor/task_runner.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

#include "ember/exec/local_planner.h"
#include "ember/expr/evaluator.h"
#include "ember/shuffle/partitioner.h"

namespace ember {

ExecutorEnv::ExecutorEnv(std::string executor_id, std::string shuffle_directory,
                         const FunctionRegistry& registry)
    : executor_id_(std::move(executor_id)),
      shuffle_directory_(std::move(shuffle_directory)),
      registry_(registry) {}

void ExecutorEnv::SetClusterAddress(std::string address, ShuffleBlockReader fetch_remote) {
  address_ = std::move(address);
  fetch_remote_ = std::move(fetch_remote);
}

std::string ExecutorEnv::ReadShuffleBlock(const MapOutput& output, uint64_t offset,
                                          uint64_t length) {
  if (!fetch_remote_ || output.executor_id == executor_id_) {
    return ReadLocalShuffleBlock(output.data_path, offset, length);
  }
  return fetch_remote_(output, offset, length);
}

std::optional<std::vector<BatchPtr>> ExecutorEnv::GetCached(int64_t cache_id, int partition) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = cached_.find({cache_id, partition});
  if (it == cached_.end()) return std::nullopt;
  return it->second;
}

void ExecutorEnv::PutCached(int64_t cache_id, int partition, std::vector<BatchPtr> batches) {
  std::lock_guard<std::mutex> lock(mutex_);
  cached_[{cache_id, partition}] = std::move(batches);
}

void ExecutorEnv::DropCached(int64_t cache_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(cached_, [cache_id](const auto& entry) { return entry.first.first == cache_id; });
}

int ExecutorEnv::CachedPartitions(int64_t cache_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  int count = 0;
  for (const auto& [key, batches] : cached_) count += key.first == cache_id;
  return count;
}

std::shared_ptr<std::atomic<bool>> ExecutorEnv::RegisterTask(int64_t task_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto& flag = task_kill_flags_[task_id];
  if (!flag) flag = std::make_shared<std::atomic<bool>>(false);
  return flag;
}

void ExecutorEnv::UnregisterTask(int64_t task_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  task_kill_flags_.erase(task_id);
}

void ExecutorEnv::KillTask(int64_t task_id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = task_kill_flags_.find(task_id);
  if (it != task_kill_flags_.end()) it->second->store(true);
}

namespace {

class ExecutorTaskContext final : public TaskContext {
 public:
  ExecutorTaskContext(const TaskDescription& task, ExecutorEnv& env) : task_(task), env_(env) {}

  OperatorPtr ReadShuffle(int shuffle_node, int partition) override {
    auto it = task_.shuffle_inputs.find(shuffle_node);
    if (it == task_.shuffle_inputs.end()) {
      Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "task has no map outputs for exchange ",
            shuffle_node);
    }
    ExecutorEnv* env = &env_;
    ShuffleBlockReader reader = [env](const MapOutput& output, uint64_t offset, uint64_t length) {
      return env->ReadShuffleBlock(output, offset, length);
    };
    if (task_.partition_end > partition + 1 && partition == task_.partition) {
      return ReadShufflePartitions(it->second, partition, task_.partition_end, &metrics,
                                   std::move(reader));
    }
    return ReadShufflePartition(it->second, partition, &metrics, std::move(reader));
  }
  std::shared_ptr<const std::vector<BatchPtr>> Broadcast(int broadcast_node) override {
    auto it = task_.broadcasts.find(broadcast_node);
    if (it == task_.broadcasts.end()) {
      Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "task has no broadcast for exchange ",
            broadcast_node);
    }
    return it->second;
  }
  std::optional<std::vector<BatchPtr>> GetCached(int64_t cache_id, int partition) override {
    return env_.GetCached(cache_id, partition);
  }
  void PutCached(int64_t cache_id, int partition, std::vector<BatchPtr> batches) override {
    env_.PutCached(cache_id, partition, std::move(batches));
  }

 private:
  const TaskDescription& task_;
  ExecutorEnv& env_;
};

/// Fails the task if the testing hooks ember.testing.failTaskAttempts / failPartitions say so.
void MaybeInjectFailure(const TaskDescription& task, const Config& config) {
  int64_t attempts = config.GetInt(conf::kTestFailTaskAttempts);
  if (task.attempt >= attempts) return;
  std::string partitions = config.Get(conf::kTestFailPartitions);
  if (!partitions.empty()) {
    bool listed = false;
    std::stringstream stream(partitions);
    std::string item;
    while (std::getline(stream, item, ',')) listed |= std::to_string(task.partition) == item;
    if (!listed) return;
  }
  Throw(ErrorKind::kExecution, "TASK_FAILURE_INJECTED", "Injected failure of task ", task.partition,
        " attempt ", task.attempt, " (", conf::kTestFailTaskAttempts, " = ", attempts, ").");
}

/// Testing hook (ember.testing.shuffleReadBarrier): a task that reads shuffle inputs announces
/// itself with a file waiting-<task id> in the barrier directory and waits for the file release
/// there, so that a test can kill an executor after the map outputs exist and before they are
/// read. Gives up after two minutes so that a broken test cannot hang.
void WaitAtShuffleReadBarrier(const TaskDescription& task, const Config& config,
                              const ExecutorTaskContext& context) {
  std::string directory = config.Get(conf::kTestShuffleReadBarrier);
  if (directory.empty() || task.shuffle_inputs.empty()) return;
  std::filesystem::path barrier(directory);
  std::ofstream(barrier / StrCat("waiting-", task.task_id)).put('\n');
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(2);
  while (!std::filesystem::exists(barrier / "release")) {
    context.CheckKilled();
    if (std::chrono::steady_clock::now() > deadline) {
      Throw(ErrorKind::kExecution, "TEST_BARRIER_TIMEOUT", "Task ", task.task_id,
            " waited two minutes for ", (barrier / "release").string(), " (",
            conf::kTestShuffleReadBarrier, ").");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

/// Keeps a uniform sample of the sort-key rows (reservoir sampling, seeded per partition).
std::vector<BatchPtr> SampleKeys(Operator& input, const Partitioning& partitioning,
                                 ExecutorTaskContext& context, int sample_size, int partition,
                                 int64_t* rows_seen) {
  std::vector<ExprPtr> keys;
  std::vector<DataType> types;
  for (const auto& order : partitioning.exprs) {
    keys.push_back(order->children[0]);
    types.push_back(order->children[0]->type);
  }
  ExpressionEvaluator evaluator(keys, *context.registry, context.eval);
  std::vector<std::vector<Value>> reservoir;
  std::mt19937_64 random(static_cast<uint64_t>(partition) * 7919 + 17);
  int64_t seen = 0;
  while (BatchPtr batch = input.Next()) {
    std::vector<ColumnVectorPtr> columns = evaluator.Evaluate(*batch);
    for (size_t i = 0; i < batch->num_rows(); ++i, ++seen) {
      size_t slot;
      if (seen < sample_size) {
        reservoir.emplace_back();
        slot = reservoir.size() - 1;
      } else {
        uint64_t pick = random() % static_cast<uint64_t>(seen + 1);
        if (pick >= static_cast<uint64_t>(sample_size)) continue;
        slot = pick;
      }
      std::vector<Value> row;
      for (const auto& column : columns) row.push_back(column->GetValue(i));
      reservoir[slot] = std::move(row);
    }
  }
  *rows_seen = seen;
  std::vector<ColumnVectorPtr> columns;
  for (size_t k = 0; k < keys.size(); ++k) {
    ColumnBuilder builder(types[k], reservoir.size());
    for (const auto& row : reservoir) builder.Append(row[k]);
    columns.push_back(builder.Finish());
  }
  return {std::make_shared<Batch>(std::move(columns), reservoir.size())};
}

}  // namespace

TaskResult RunTask(const TaskDescription& task, ExecutorEnv& env) {
  auto started = std::chrono::steady_clock::now();
  TaskResult result;
  result.executor_id = env.executor_id();
  ExecutorTaskContext context(task, env);
  context.stage_id = task.stage_id;
  context.partition = task.partition;
  context.attempt = task.attempt;
  context.task_id = task.task_id;
  context.registry = &env.registry();
  std::shared_ptr<std::atomic<bool>> killed = env.RegisterTask(task.task_id);
  context.killed = killed.get();
  try {
    context.CheckKilled();
    const Config& config = *task.config;
    context.batch_size = static_cast<int>(config.GetInt(conf::kBatchSize));
    context.eval.ansi = config.GetBool(conf::kAnsiEnabled);
    context.ignore_corrupt_files = config.GetBool(conf::kIgnoreCorruptFiles);
    context.ignore_missing_files = config.GetBool(conf::kIgnoreMissingFiles);
    MaybeInjectFailure(task, config);
    WaitAtShuffleReadBarrier(task, config, context);
    switch (task.kind) {
      case TaskKind::kResult: {
        OperatorPtr root = BuildOperator(task.plan, task.partition, context);
        while (BatchPtr batch = root->Next()) {
          BatchPtr dense = DenseBatch(batch);
          context.metrics.output_rows += static_cast<int64_t>(dense->num_rows());
          context.metrics.output_bytes += static_cast<int64_t>(dense->ByteSize());
          result.batches.push_back(std::move(dense));
        }
        break;
      }
      case TaskKind::kWrite: {
        OperatorPtr root = BuildOperator(task.plan, task.partition, context);
        TaskFileWriter writer(task.write, task.partition, task.attempt);
        int64_t fail_after = config.GetInt(conf::kTestFailWriteAfterRows);
        while (BatchPtr batch = root->Next()) {
          writer.Write(*batch);
          if (fail_after > 0 && task.attempt == 0 && writer.rows() >= fail_after) {
            Throw(ErrorKind::kExecution, "TASK_FAILURE_INJECTED", "Injected failure of write task ",
                  task.partition, " after ", writer.rows(), " rows (",
                  conf::kTestFailWriteAfterRows, ").");
          }
        }
        result.written_files = writer.Finish();
        context.metrics.output_rows = writer.rows();
        context.metrics.output_bytes = writer.bytes();
        break;
      }
      case TaskKind::kSampleKeys: {
        OperatorPtr input = BuildOperator(task.plan->children[0], task.partition, context);
        result.batches = SampleKeys(*input, task.plan->partitioning, context, task.sample_size,
                                    task.partition, &result.input_rows);
        break;
      }
      case TaskKind::kShuffleMap: {
        const PhysicalPlan& exchange = *task.plan;
        OperatorPtr input = BuildOperator(exchange.children[0], task.partition, context);
        auto partitioner = Partitioner::Make(exchange.partitioning, task.partition,
                                             task.range_bounds, env.registry(), context.eval);
        ShuffleWriter writer(env.shuffle_directory(), task.shuffle_id, task.partition, task.attempt,
                             exchange.partitioning.kind == Partitioning::Kind::kSingle
                                 ? 1
                                 : exchange.partitioning.num_partitions,
                             context.batch_size);
        std::vector<uint32_t> targets;
        while (BatchPtr batch = input->Next()) {
          if (batch->num_rows() == 0) continue;
          partitioner->Assign(*batch, targets);
          writer.Write(batch, targets);
        }
        result.map_output = writer.Commit(exchange.children[0]->schema);
        result.map_output.shuffle_id = task.shuffle_id;
        result.map_output.executor_id = env.executor_id();
        result.map_output.executor_address = env.address();
        context.metrics.shuffle_write_rows = result.map_output.rows;
        context.metrics.shuffle_write_bytes = writer.bytes_written();
        break;
      }
    }
    result.success = true;
  } catch (const FetchFailedError& error) {
    result.error = std::make_shared<Error>(error);
    result.fetch_failure = error.failure();
  } catch (const Error& error) {
    result.error = std::make_shared<Error>(error);
  } catch (const std::exception& error) {
    result.error = std::make_shared<Error>(ErrorKind::kInternal, "INTERNAL_ERROR", error.what());
  }
  env.UnregisterTask(task.task_id);
  result.metrics = context.metrics;
  result.duration_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace ember

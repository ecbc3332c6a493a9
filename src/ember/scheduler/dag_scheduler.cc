#include "ember/scheduler/dag_scheduler.h"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <numeric>
#include <optional>
#include <set>

#include <filesystem>

#include "ember/exec/row_comparator.h"

namespace ember {

namespace {

/// Returns the exchanges a fragment reads from (its stage inputs), not looking below them.
void CollectInputs(const PhysicalPlanPtr& node, std::vector<PhysicalPlanPtr>& out) {
  for (const auto& child : node->children) {
    if (child->IsExchange())
      out.push_back(child);
    else
      CollectInputs(child, out);
  }
}

struct Stage {
  int id = 0;
  int attempt = 0;
  PhysicalPlanPtr node;  // the exchange (map/broadcast stages) or the plan root (result stage)
  bool is_result = false;
  bool is_broadcast = false;
  std::vector<PhysicalPlanPtr> inputs;
  std::vector<int> parents;  // indices into the job's stages
  std::vector<int> partitions;
  std::vector<int> partition_ends;  // adaptive coalescing: task i reads [partitions[i], ends[i])
  int shuffle_id = -1;
  enum class Phase { kWaiting, kSampling, kRunning, kDone } phase = Phase::kWaiting;
  int remaining = 0;              // tasks without a current output (sampling: without a sample)
  bool submitted = false;         // started once: partitions are final
  int failed_attempts = 0;        // consecutive attempts ended by a fetch failure
  std::vector<bool> finished;     // by task index: its output (map output / rows) is present
  std::vector<int> in_flight;     // by task index: launched and not yet reported
  std::vector<int> next_attempt;  // by task index: attempt number of its next launch
  std::vector<MapOutput> map_outputs;
  std::vector<std::vector<BatchPtr>> results;  // by task index
  std::vector<int> failures;                   // by task index
  std::vector<BatchPtr> samples;
  std::vector<double> sample_weights;
  BatchPtr range_bounds;
  std::shared_ptr<std::vector<BatchPtr>> broadcast_rows;
};

struct Completion {
  int stage = 0;
  int task_index = 0;
  TaskDescription task;
  TaskResult result;
};

/// Returns whether every partition of `fragment` is exactly one reduce partition of coalescable
/// shuffles with `n` partitions (broadcast inputs aside), so contiguous partitions can be merged.
bool ReadsOnlyCoalescableShuffles(const PhysicalPlanPtr& fragment, int n, bool* any_shuffle) {
  if (fragment->IsExchange()) {
    if (fragment->partitioning.kind == Partitioning::Kind::kBroadcast) return true;
    *any_shuffle = true;
    return fragment->partitioning.coalescable && fragment->num_partitions == n;
  }
  if (fragment->children.empty() || fragment->kind == PhysicalKind::kUnion ||
      fragment->kind == PhysicalKind::kCoalesce || fragment->kind == PhysicalKind::kCache) {
    return false;
  }
  for (const auto& child : fragment->children) {
    if (!ReadsOnlyCoalescableShuffles(child, n, any_shuffle)) return false;
  }
  return true;
}

std::string StageName(const Stage& stage, const std::string& job) {
  if (stage.is_result) return job;
  if (stage.is_broadcast) return StrCat("broadcast exchange (node ", stage.node->node_id, ")");
  return StrCat("exchange ", stage.node->partitioning.ToString());
}

}  // namespace

BatchPtr ComputeRangeBounds(const std::vector<BatchPtr>& samples,
                            const std::vector<double>& weights, const std::vector<ExprPtr>& orders,
                            int num_partitions) {
  std::vector<SortKey> keys;
  for (const auto& order : orders) keys.push_back({order->ascending, order->nulls_first});
  RowComparator comparator(keys);
  struct Candidate {
    size_t batch;
    size_t row;
    double weight;
  };
  std::vector<Candidate> candidates;
  for (size_t b = 0; b < samples.size(); ++b) {
    for (size_t r = 0; r < samples[b]->num_rows(); ++r) candidates.push_back({b, r, weights[b]});
  }
  if (candidates.empty() || num_partitions <= 1) return nullptr;
  std::stable_sort(candidates.begin(), candidates.end(),
                   [&](const Candidate& a, const Candidate& b) {
                     return comparator.Compare(samples[a.batch]->columns(), a.row,
                                               samples[b.batch]->columns(), b.row) < 0;
                   });
  double total = 0;
  for (const auto& c : candidates) total += c.weight;
  double step = total / num_partitions;
  double cumulative = 0, target = step;
  std::vector<const Candidate*> bounds;
  for (const auto& c : candidates) {
    cumulative += c.weight;
    if (cumulative < target) continue;
    bool duplicate = !bounds.empty() && comparator.Compare(samples[bounds.back()->batch]->columns(),
                                                           bounds.back()->row,
                                                           samples[c.batch]->columns(), c.row) == 0;
    if (!duplicate) bounds.push_back(&c);
    target += step;
    if (static_cast<int>(bounds.size()) == num_partitions - 1) break;
  }
  std::vector<ColumnVectorPtr> columns;
  for (size_t k = 0; k < orders.size(); ++k) {
    ColumnBuilder builder(samples[0]->column(k)->type(), bounds.size());
    for (const Candidate* c : bounds) builder.AppendFrom(*samples[c->batch]->column(k), c->row);
    columns.push_back(builder.Finish());
  }
  return std::make_shared<Batch>(std::move(columns), bounds.size());
}

DagScheduler::DagScheduler(ExecutorBackend& backend, EventBus& bus,
                           const FunctionRegistry& registry)
    : backend_(backend), bus_(bus), registry_(registry) {}

std::vector<std::vector<BatchPtr>> DagScheduler::RunJob(const JobRequest& request,
                                                        const Config& config) {
  const int job_id = next_job_id_++;
  const int max_failures = static_cast<int>(config.GetInt(conf::kTaskMaxFailures));
  const int max_stage_attempts =
      static_cast<int>(config.GetInt(conf::kStageMaxConsecutiveAttempts));
  const int64_t max_result_size = config.GetBytes(conf::kMaxResultSize);

  // Build the stage graph, parents before children.
  std::vector<Stage> stages;
  std::map<const PhysicalPlan*, int> stage_of_exchange;
  std::function<int(const PhysicalPlanPtr&, bool)> make_stage = [&](const PhysicalPlanPtr& node,
                                                                    bool is_result) -> int {
    if (!is_result) {
      auto it = stage_of_exchange.find(node.get());
      if (it != stage_of_exchange.end()) return it->second;
    }
    Stage stage;
    stage.node = node;
    stage.is_result = is_result;
    stage.is_broadcast = !is_result && node->partitioning.kind == Partitioning::Kind::kBroadcast;
    PhysicalPlanPtr fragment = is_result ? node : node->children[0];
    if (fragment->IsExchange())
      stage.inputs.push_back(fragment);
    else
      CollectInputs(fragment, stage.inputs);
    for (const auto& input : stage.inputs) stage.parents.push_back(make_stage(input, false));
    int count = fragment->num_partitions;
    if (is_result && !request.partitions.empty()) {
      stage.partitions = request.partitions;
    } else {
      stage.partitions.resize(count);
      std::iota(stage.partitions.begin(), stage.partitions.end(), 0);
    }
    stage.id = next_stage_id_++;
    if (!is_result && !stage.is_broadcast) stage.shuffle_id = next_shuffle_id_++;
    stage.failures.assign(stage.partitions.size(), 0);
    stage.results.resize(stage.partitions.size());
    stage.map_outputs.resize(stage.partitions.size());
    stages.push_back(std::move(stage));
    int index = static_cast<int>(stages.size()) - 1;
    if (!is_result) stage_of_exchange[node.get()] = index;
    return index;
  };
  const int result_stage = make_stage(request.plan, true);
  auto task_config = std::make_shared<const Config>(config);
  const bool coalesce =
      config.GetBool(conf::kAdaptiveEnabled) && config.GetBool(conf::kCoalescePartitionsEnabled);
  const int64_t advisory_size = config.GetBytes(conf::kAdvisoryPartitionSize);
  const int64_t min_partition_size = config.GetBytes(conf::kCoalesceMinPartitionSize);
  const bool parallelism_first = config.GetBool(conf::kCoalesceParallelismFirst);
  const int parallelism = backend_.TotalSlots();

  SchedulerEvent job_start;
  job_start.type = "SparkListenerJobStart";
  job_start.time_ms = NowMillis();
  job_start.job_id = job_id;
  job_start.name = request.description;
  for (const auto& stage : stages) job_start.stage_ids.push_back(stage.id);
  bus_.Publish(job_start);

  std::mutex mutex;
  std::condition_variable ready;
  std::deque<Completion> completions;
  std::optional<std::string> cancel_reason;  // set by CancelJobs from another thread
  int running = 0;
  std::set<int64_t> running_task_ids;
  int64_t result_bytes = 0;
  std::shared_ptr<Error> failure;

  {
    std::lock_guard<std::mutex> lock(active_jobs_mutex_);
    active_jobs_[job_id] = {request.tags, [&](const std::string& reason) {
                              std::lock_guard<std::mutex> job_lock(mutex);
                              if (!cancel_reason) cancel_reason = reason;
                              ready.notify_one();
                            }};
  }
  // Unregisters the job before the state its cancel callback refers to goes away.
  struct ActiveJobRegistration {
    DagScheduler* scheduler;
    int job_id;
    ~ActiveJobRegistration() {
      std::lock_guard<std::mutex> lock(scheduler->active_jobs_mutex_);
      scheduler->active_jobs_.erase(job_id);
    }
  } registration{this, job_id};

  auto launch = [&](int stage_index, int task_index, TaskKind kind) {
    Stage& stage = stages[stage_index];
    const int attempt = stage.next_attempt[task_index]++;
    if (kind != TaskKind::kSampleKeys) ++stage.in_flight[task_index];
    TaskDescription task;
    task.task_id = next_task_id_++;
    task.job_id = job_id;
    task.stage_id = stage.id;
    task.stage_attempt = stage.attempt;
    task.partition = stage.partitions[task_index];
    if (!stage.partition_ends.empty()) task.partition_end = stage.partition_ends[task_index];
    task.attempt = attempt;
    task.kind = kind;
    // Result tasks of a broadcast stage run the exchange's child and return its rows.
    task.plan =
        stage.is_broadcast && kind == TaskKind::kResult ? stage.node->children[0] : stage.node;
    task.shuffle_id = stage.shuffle_id;
    task.config = task_config;
    task.write = stage.is_result ? request.write : nullptr;
    task.range_bounds = stage.range_bounds;
    task.sample_size = std::max(
        1, static_cast<int>(
               std::ceil(3.0 * std::min(20.0 * stage.node->partitioning.num_partitions, 1e6) /
                         std::max<size_t>(1, stage.partitions.size()))));
    for (size_t i = 0; i < stage.inputs.size(); ++i) {
      const Stage& parent = stages[stage.parents[i]];
      if (parent.is_broadcast) {
        task.broadcasts[stage.inputs[i]->node_id] = parent.broadcast_rows;
      } else {
        task.shuffle_inputs[stage.inputs[i]->node_id] = parent.map_outputs;
      }
    }
    SchedulerEvent start;
    start.type = "SparkListenerTaskStart";
    start.time_ms = NowMillis();
    start.job_id = job_id;
    start.stage_id = stage.id;
    start.stage_attempt = stage.attempt;
    start.task_id = task.task_id;
    start.partition = task.partition;
    start.attempt = attempt;
    start.executor_id = "driver";
    bus_.Publish(start);
    {
      std::lock_guard<std::mutex> lock(mutex);
      ++running;
    }
    running_task_ids.insert(task.task_id);
    TaskDescription copy = task;
    backend_.Launch(std::move(task), [&, stage_index, task_index, copy](TaskResult result) {
      std::lock_guard<std::mutex> lock(mutex);
      completions.push_back({stage_index, task_index, copy, std::move(result)});
      ready.notify_one();
    });
  };

  auto publish_stage = [&](const Stage& stage, const char* type, bool success,
                           const std::string& why) {
    SchedulerEvent event;
    event.type = type;
    event.time_ms = NowMillis();
    event.job_id = job_id;
    event.stage_id = stage.id;
    event.stage_attempt = stage.attempt;
    event.name = StageName(stage, request.description);
    event.num_tasks = static_cast<int>(stage.partitions.size());
    event.success = success;
    event.failure = why;
    bus_.Publish(event);
  };

  // Adaptive execution: merges contiguous small reduce partitions once the input sizes are known,
  // as Spark's AQE coalescing does.
  auto coalesce_partitions = [&](Stage& stage) {
    PhysicalPlanPtr fragment = stage.is_result ? stage.node : stage.node->children[0];
    int n = fragment->num_partitions;
    bool any_shuffle = false;
    if (!coalesce || (stage.is_result && !request.partitions.empty()) || n <= 1 ||
        !ReadsOnlyCoalescableShuffles(fragment, n, &any_shuffle) || !any_shuffle) {
      return;
    }
    std::vector<int64_t> sizes(n, 0);
    for (size_t i = 0; i < stage.inputs.size(); ++i) {
      const Stage& parent = stages[stage.parents[i]];
      if (parent.is_broadcast) continue;
      for (const auto& output : parent.map_outputs) {
        for (int p = 0; p < n && p + 1 < static_cast<int>(output.offsets.size()); ++p) {
          sizes[p] += static_cast<int64_t>(output.offsets[p + 1] - output.offsets[p]);
        }
      }
    }
    int64_t total = std::accumulate(sizes.begin(), sizes.end(), int64_t{0});
    int64_t per_slot = (total + parallelism - 1) / std::max(parallelism, 1);
    int64_t target = parallelism_first ? per_slot : std::min(advisory_size, per_slot);
    target = std::max({target, min_partition_size, int64_t{16}});
    std::vector<int> starts, ends;
    int64_t current = 0;
    for (int p = 0; p < n; ++p) {
      if (starts.empty() || (current > 0 && current + sizes[p] > target)) {
        if (!starts.empty()) ends.push_back(p);
        starts.push_back(p);
        current = 0;
      }
      current += sizes[p];
    }
    ends.push_back(n);
    if (static_cast<int>(starts.size()) == n) return;
    stage.partitions = starts;
    stage.partition_ends = ends;
    stage.failures.assign(starts.size(), 0);
    stage.results.assign(starts.size(), {});
    stage.map_outputs.assign(starts.size(), MapOutput());
  };

  auto task_kind = [&](const Stage& stage) {
    return stage.phase == Stage::Phase::kSampling  ? TaskKind::kSampleKeys
           : stage.is_result && request.write      ? TaskKind::kWrite
           : stage.is_result || stage.is_broadcast ? TaskKind::kResult
                                                   : TaskKind::kShuffleMap;
  };
  auto parents_done = [&](const Stage& stage) {
    return std::all_of(stage.parents.begin(), stage.parents.end(),
                       [&](int p) { return stages[p].phase == Stage::Phase::kDone; });
  };

  // Marks a stage whose every task has its output as done (a broadcast gathers its rows).
  auto complete_stage = [&](Stage& stage) {
    if (stage.is_broadcast) {
      auto rows = std::make_shared<std::vector<BatchPtr>>();
      for (auto& batches : stage.results) rows->insert(rows->end(), batches.begin(), batches.end());
      stage.broadcast_rows = rows;
    }
    stage.phase = Stage::Phase::kDone;
    stage.failed_attempts = 0;
    publish_stage(stage, "SparkListenerStageCompleted", true, "");
  };

  // Starts stage `index` (its parents are done): the first time it fixes its partitions (adaptive
  // coalescing) and samples range bounds if needed; a resubmitted stage runs only the tasks whose
  // output is missing, as Spark recomputes just the lost map partitions.
  auto start_stage = [&](int index) {
    Stage& stage = stages[index];
    if (!stage.submitted) {
      if (stage.partition_ends.empty()) coalesce_partitions(stage);
      stage.submitted = true;
      stage.finished.assign(stage.partitions.size(), false);
      stage.in_flight.assign(stage.partitions.size(), 0);
      stage.next_attempt.assign(stage.partitions.size(), 0);
    }
    bool needs_bounds = !stage.is_result && !stage.is_broadcast &&
                        stage.node->partitioning.kind == Partitioning::Kind::kRange &&
                        !stage.range_bounds;
    if (needs_bounds) {
      stage.phase = Stage::Phase::kSampling;
      stage.remaining = static_cast<int>(stage.partitions.size());
      stage.samples.assign(stage.partitions.size(), nullptr);
      stage.sample_weights.assign(stage.partitions.size(), 0);
      for (size_t t = 0; t < stage.partitions.size(); ++t) {
        launch(index, static_cast<int>(t), TaskKind::kSampleKeys);
      }
    } else {
      stage.phase = Stage::Phase::kRunning;
      stage.remaining =
          static_cast<int>(std::count(stage.finished.begin(), stage.finished.end(), false));
      publish_stage(stage, "SparkListenerStageSubmitted", true, "");
      for (size_t t = 0; t < stage.partitions.size(); ++t) {
        if (!stage.finished[t] && stage.in_flight[t] == 0) {
          launch(index, static_cast<int>(t), task_kind(stage));
        }
      }
    }
    if (stage.partitions.empty()) {
      stage.phase = Stage::Phase::kDone;
    } else if (stage.phase == Stage::Phase::kRunning && stage.remaining == 0) {
      complete_stage(stage);  // resubmitted, and the missing outputs arrived meanwhile
    }
  };

  // Starts the stages whose parents are done, and launches the missing tasks of running stages
  // whose parents became done again after a recomputation. Stages come parents first.
  auto submit_ready = [&]() {
    for (size_t i = 0; i < stages.size(); ++i) {
      Stage& stage = stages[i];
      if (stages[result_stage].phase == Stage::Phase::kDone) return;
      if (!parents_done(stage)) continue;
      if (stage.phase == Stage::Phase::kWaiting) {
        start_stage(static_cast<int>(i));
      } else if (stage.phase == Stage::Phase::kRunning) {
        for (size_t t = 0; t < stage.partitions.size(); ++t) {
          if (!stage.finished[t] && stage.in_flight[t] == 0) {
            launch(static_cast<int>(i), static_cast<int>(t), task_kind(stage));
          }
        }
      }
    }
  };

  // Forgets every map output of `executor_id` in every shuffle of the job (Spark's
  // removeOutputsOnExecutor): a finished map stage becomes waiting again, so it is resubmitted for
  // just those partitions before the stages that read it run further.
  auto lose_executor_outputs = [&](const std::string& executor_id) {
    if (executor_id.empty() || executor_id == "driver") return;
    for (auto& stage : stages) {
      if (stage.is_result || stage.is_broadcast || !stage.submitted) continue;
      bool lost = false;
      for (size_t t = 0; t < stage.finished.size(); ++t) {
        if (!stage.finished[t] || stage.map_outputs[t].executor_id != executor_id) continue;
        stage.finished[t] = false;
        stage.map_outputs[t] = MapOutput();
        if (stage.phase != Stage::Phase::kSampling) ++stage.remaining;
        lost = true;
      }
      if (lost && stage.phase == Stage::Phase::kDone) {
        stage.phase = Stage::Phase::kWaiting;
        ++stage.attempt;
      }
    }
  };

  submit_ready();
  while ((!failure && stages[result_stage].phase != Stage::Phase::kDone) || running > 0) {
    if (!failure && running == 0) {
      // Nothing runs and nothing can be launched: fail rather than wait forever.
      failure = std::make_shared<Error>(
          ErrorKind::kInternal, "INTERNAL_ERROR",
          StrCat("Job ", job_id, " (", request.description,
                 ") stalled: no task is running and no stage can be submitted."));
      break;
    }
    Completion done;
    std::optional<std::string> cancelled;
    {
      std::unique_lock<std::mutex> lock(mutex);
      ready.wait(lock, [&] { return !completions.empty() || (cancel_reason && !failure); });
      if (cancel_reason && !failure) {
        cancelled = cancel_reason;
      } else {
        done = std::move(completions.front());
        completions.pop_front();
        --running;
      }
    }
    if (cancelled) {
      // Kill what runs or waits for a slot, then drain: RunJob returns only once no task of the
      // job is left running.
      failure = std::make_shared<Error>(ErrorKind::kCancelled, "SPARK_JOB_CANCELLED",
                                        StrCat("Job ", job_id, " cancelled ", *cancelled));
      for (const auto& stage : stages) {
        if (stage.phase == Stage::Phase::kRunning || stage.phase == Stage::Phase::kSampling) {
          publish_stage(stage, "SparkListenerStageCompleted", false, failure->what());
        }
      }
      for (int64_t task_id : running_task_ids) backend_.KillTask(task_id);
      continue;
    }
    running_task_ids.erase(done.task.task_id);
    Stage& stage = stages[done.stage];
    TaskResult& result = done.result;

    SchedulerEvent end;
    end.type = "SparkListenerTaskEnd";
    end.time_ms = NowMillis();
    end.job_id = job_id;
    end.stage_id = stage.id;
    end.stage_attempt = done.task.stage_attempt;
    end.task_id = done.task.task_id;
    end.partition = done.task.partition;
    end.attempt = done.task.attempt;
    end.executor_id = result.executor_id;
    end.success = result.success;
    end.failure = result.error ? result.error->what() : "";
    end.metrics = result.metrics;
    end.duration_ms = result.duration_ms;
    bus_.Publish(end);

    const bool sampling = done.task.kind == TaskKind::kSampleKeys;
    if (!sampling) --stage.in_flight[done.task_index];
    // Draining tasks still running after the job failed or its result stage finished.
    if (failure || stages[result_stage].phase == Stage::Phase::kDone) continue;
    // A sample of an earlier attempt of the stage belongs to bounds that are no longer computed.
    if (sampling &&
        (stage.phase != Stage::Phase::kSampling || done.task.stage_attempt != stage.attempt)) {
      continue;
    }
    if (!result.success) {
      const std::string& error_class = result.error->error_class();
      if (error_class == "EXECUTOR_LOST") lose_executor_outputs(result.executor_id);
      if (result.fetch_failure) {
        // Spark's FetchFailed: not a failure of the task. The blocks of the executor that served
        // them are gone, so its map outputs (of every shuffle) are recomputed, then this stage
        // runs again for the tasks without output.
        lose_executor_outputs(result.fetch_failure->executor_id);
        if (done.task.stage_attempt == stage.attempt) {
          ++stage.failed_attempts;
          publish_stage(stage, "SparkListenerStageCompleted", false, result.error->what());
          if (stage.failed_attempts >= max_stage_attempts) {
            failure =
                std::make_shared<Error>(result.error->kind(), result.error->error_class(),
                                        StrCat(result.error->message(), " (stage ", stage.id,
                                               " failed ", stage.failed_attempts,
                                               " consecutive attempts on shuffle fetch failures; "
                                               "spark.stage.maxConsecutiveAttempts = ",
                                               max_stage_attempts, ")"));
            continue;
          }
          ++stage.attempt;
          if (stage.phase == Stage::Phase::kRunning || stage.phase == Stage::Phase::kSampling) {
            stage.phase = Stage::Phase::kWaiting;
          }
        }
        submit_ready();
        continue;
      }
      int& failures = stage.failures[done.task_index];
      ++failures;
      if (failures < max_failures && result.error->kind() != ErrorKind::kCancelled) {
        if (sampling && parents_done(stage)) {
          launch(done.stage, done.task_index, TaskKind::kSampleKeys);
        } else if (sampling) {
          // Its input is being recomputed: sample again from scratch once it is back.
          ++stage.attempt;
          stage.phase = Stage::Phase::kWaiting;
          submit_ready();
        } else {
          // Relaunched now if its inputs are all there, else once recomputation brings them back.
          submit_ready();
        }
      } else {
        failure = result.error;
        publish_stage(stage, "SparkListenerStageCompleted", false, failure->what());
        if (failures >= max_failures && max_failures > 1) {
          failure = std::make_shared<Error>(
              result.error->kind(), result.error->error_class(),
              StrCat(result.error->message(), " (task ", done.task.partition, " in stage ",
                     stage.id, ".", stage.attempt, " failed ", failures,
                     " times; spark.task.maxFailures = ", max_failures, ")"));
        }
      }
      continue;
    }
    // A successful map or result task of any attempt counts (deterministic partitioning makes
    // every attempt's output identical) unless another attempt's output is already there.
    if (!sampling && stage.finished[done.task_index]) continue;
    switch (done.task.kind) {
      case TaskKind::kSampleKeys:
        stage.samples[done.task_index] = result.batches.empty() ? nullptr : result.batches[0];
        stage.sample_weights[done.task_index] =
            result.batches.empty() || result.batches[0]->num_rows() == 0
                ? 0
                : static_cast<double>(result.input_rows) / result.batches[0]->num_rows();
        break;
      case TaskKind::kWrite: {
        // Task commit: the first successful attempt's directory becomes the task's output.
        const WriteSpec& write = *request.write;
        std::error_code error;
        std::filesystem::rename(write.AttemptDirectory(done.task.partition, done.task.attempt),
                                write.TaskDirectory(done.task.partition), error);
        if (error) {
          failure = std::make_shared<Error>(
              ErrorKind::kIo, "TASK_COMMIT_FAILED",
              StrCat("Cannot commit the output of task ", done.task.partition, " in ",
                     write.StagingDirectory(), ": ", error.message()));
          continue;
        }
        break;
      }
      case TaskKind::kShuffleMap:
        result.map_output.executor_id = result.executor_id;
        result.map_output.shuffle_id = stage.shuffle_id;
        stage.map_outputs[done.task_index] = result.map_output;
        break;
      case TaskKind::kResult:
        if (stage.is_result) {
          for (const auto& batch : result.batches)
            result_bytes += static_cast<int64_t>(batch->ByteSize());
        }
        if (stage.is_result && max_result_size > 0 && result_bytes > max_result_size) {
          failure = std::make_shared<Error>(
              ErrorKind::kResourceExhausted, "",
              StrCat("Job aborted: total size of results of ", request.description, " (",
                     result_bytes >> 20, " MiB so far) is bigger than spark.driver.maxResultSize (",
                     max_result_size >> 20,
                     " MiB). Reduce the result (filter, aggregate, limit) "
                     "or raise spark.driver.maxResultSize."));
          continue;
        }
        stage.results[done.task_index] = std::move(result.batches);
        break;
    }
    if (!sampling) stage.finished[done.task_index] = true;
    if (--stage.remaining > 0) continue;
    if (stage.phase == Stage::Phase::kWaiting) {
      // Its last missing output arrived while it waited for a resubmission; it completes when
      // submitted (once its parents are done).
      submit_ready();
      continue;
    }
    if (stage.phase == Stage::Phase::kSampling) {
      std::vector<BatchPtr> samples;
      std::vector<double> weights;
      for (size_t t = 0; t < stage.samples.size(); ++t) {
        if (stage.samples[t] && stage.samples[t]->num_rows() > 0) {
          samples.push_back(stage.samples[t]);
          weights.push_back(stage.sample_weights[t]);
        }
      }
      stage.range_bounds = ComputeRangeBounds(samples, weights, stage.node->partitioning.exprs,
                                              stage.node->partitioning.num_partitions);
      if (!stage.range_bounds) {
        std::vector<ColumnVectorPtr> empty;
        for (const auto& order : stage.node->partitioning.exprs) {
          empty.push_back(ColumnBuilder(order->children[0]->type).Finish());
        }
        stage.range_bounds = std::make_shared<Batch>(std::move(empty), 0);
      }
      stage.next_attempt.assign(stage.partitions.size(), 0);  // map tasks count from 0 again
      stage.phase = Stage::Phase::kWaiting;
      submit_ready();
      continue;
    }
    complete_stage(stage);
    submit_ready();
  }

  SchedulerEvent job_end;
  job_end.type = "SparkListenerJobEnd";
  job_end.time_ms = NowMillis();
  job_end.job_id = job_id;
  job_end.success = failure == nullptr;
  job_end.failure = failure ? failure->what() : "";
  bus_.Publish(job_end);
  if (failure) throw Error(*failure);
  return std::move(stages[result_stage].results);
}

std::vector<int> DagScheduler::CancelJobs(
    const std::function<bool(const std::set<std::string>& tags)>& which,
    const std::string& reason) {
  std::lock_guard<std::mutex> lock(active_jobs_mutex_);
  std::vector<int> cancelled;
  for (const auto& [job_id, job] : active_jobs_) {
    if (!which(job.tags)) continue;
    job.cancel(reason);
    cancelled.push_back(job_id);
  }
  return cancelled;
}

}  // namespace ember

#include "ember/rpc/task_serde.h"

#include <map>

#include "ember/plan/plan_proto.h"
#include "proto/task.pb.h"

namespace ember {

static_assert(proto::TaskKind_MAX == static_cast<int>(TaskKind::kWrite));
static_assert(proto::ErrorKind_MAX == static_cast<int>(ErrorKind::kInternal));

namespace {

// The overloads below add to those of plan_proto.h rather than hide them.
using ember::FromProto;
using ember::ToProto;

void ToProto(const MapOutput& output, proto::MapOutput* out) {
  out->set_map_partition(output.map_partition);
  out->set_executor_id(output.executor_id);
  out->set_data_path(output.data_path);
  for (uint64_t offset : output.offsets) out->add_offsets(offset);
  out->set_rows(output.rows);
  out->set_executor_address(output.executor_address);
  out->set_shuffle_id(output.shuffle_id);
}

MapOutput FromProto(const proto::MapOutput& message) {
  MapOutput output;
  output.map_partition = message.map_partition();
  output.executor_id = message.executor_id();
  output.data_path = message.data_path();
  output.offsets.assign(message.offsets().begin(), message.offsets().end());
  output.rows = message.rows();
  output.executor_address = message.executor_address();
  output.shuffle_id = message.shuffle_id();
  return output;
}

void ToProto(const WriteSpec& spec, proto::WriteSpec* out) {
  out->set_format(spec.format);
  ToProto(spec.options.values(), out->mutable_options());
  ToProto(spec.schema, out->mutable_schema());
  for (const auto& column : spec.partition_columns) out->add_partition_columns(column);
  out->set_destination(spec.destination);
  out->set_job_id(spec.job_id);
}

std::shared_ptr<const WriteSpec> FromProto(const proto::WriteSpec& message) {
  auto spec = std::make_shared<WriteSpec>();
  spec->format = message.format();
  spec->options = FormatOptionsFromProto(message.options());
  spec->schema = FromProto(message.schema());
  spec->partition_columns.assign(message.partition_columns().begin(),
                                 message.partition_columns().end());
  spec->destination = message.destination();
  spec->job_id = message.job_id();
  return spec;
}

void ToProto(const TaskMetrics& metrics, proto::TaskMetrics* out) {
  out->set_input_rows(metrics.input_rows);
  out->set_output_rows(metrics.output_rows);
  out->set_output_bytes(metrics.output_bytes);
  out->set_shuffle_read_bytes(metrics.shuffle_read_bytes);
  out->set_shuffle_read_rows(metrics.shuffle_read_rows);
  out->set_shuffle_write_bytes(metrics.shuffle_write_bytes);
  out->set_shuffle_write_rows(metrics.shuffle_write_rows);
}

TaskMetrics FromProto(const proto::TaskMetrics& message) {
  TaskMetrics metrics;
  metrics.input_rows = message.input_rows();
  metrics.output_rows = message.output_rows();
  metrics.output_bytes = message.output_bytes();
  metrics.shuffle_read_bytes = message.shuffle_read_bytes();
  metrics.shuffle_read_rows = message.shuffle_read_rows();
  metrics.shuffle_write_bytes = message.shuffle_write_bytes();
  metrics.shuffle_write_rows = message.shuffle_write_rows();
  return metrics;
}

void CheckVersion(uint32_t version) {
  if (version != kTaskFormatVersion) {
    ThrowInvalidSerialized("format version ", version, " is not ", kTaskFormatVersion,
                           ", the version this build reads");
  }
}

/// Returns the exchanges of a fragment whose rows come from other stages, by node id.
std::map<int, const PhysicalPlan*> StageInputs(const PhysicalPlanPtr& fragment) {
  std::map<int, const PhysicalPlan*> inputs;
  VisitPlan(fragment, [&](const PhysicalPlanPtr& node) {
    if (node->IsExchange() && node->children.empty()) inputs[node->node_id] = node.get();
  });
  return inputs;
}

/// Checks that the task's partitions exist in its fragment and that its kind fits the plan.
void CheckPartitions(const TaskDescription& task) {
  const PhysicalPlan& root = *task.plan;
  bool runs_exchange_child =
      task.kind == TaskKind::kShuffleMap || task.kind == TaskKind::kSampleKeys;
  if (runs_exchange_child && (!root.IsExchange() || root.children.size() != 1)) {
    ThrowInvalidSerialized(
        "a shuffle-map or sampling task needs an exchange with its input as "
        "its plan");
  }
  int partitions = runs_exchange_child ? root.children[0]->num_partitions : root.num_partitions;
  int end = task.partition_end == -1 ? task.partition + 1 : task.partition_end;
  if (task.partition < 0 || task.partition >= partitions || end <= task.partition ||
      end > partitions) {
    ThrowInvalidSerialized("partitions [", task.partition, ", ", end,
                           ") do not exist in a plan of ", partitions, " partitions");
  }
  if (task.kind == TaskKind::kWrite && !task.write)
    ThrowInvalidSerialized("a write task has no write");
}

/// Checks that range bounds have one column per sort key, of the key's type, and fewer rows than
/// partitions, since a row's partition is the number of bounds below it.
void CheckRangeBounds(const Batch& bounds, const Partitioning& partitioning) {
  if (partitioning.kind != Partitioning::Kind::kRange) {
    ThrowInvalidSerialized("range bounds for an exchange without range partitioning");
  }
  std::vector<Field> keys;
  for (const auto& order : partitioning.exprs) {
    keys.push_back({order->ToString(), order->children[0]->type, true});
  }
  CheckBatchSchema(bounds, Schema(std::move(keys)), "the range bounds");
  if (bounds.num_rows() >= static_cast<size_t>(partitioning.num_partitions)) {
    ThrowInvalidSerialized(bounds.num_rows(), " range bounds for ", partitioning.num_partitions,
                           " partitions");
  }
}

TaskDescription TaskFromProto(const proto::TaskDescription& message) {
  CheckVersion(message.version());
  TaskDescription task;
  task.task_id = message.task_id();
  task.job_id = message.job_id();
  task.stage_id = message.stage_id();
  task.stage_attempt = message.stage_attempt();
  task.partition = message.partition();
  task.partition_end = message.partition_end();
  task.attempt = message.attempt();
  task.kind = static_cast<TaskKind>(message.kind());
  if (message.kind() < 0 || message.kind() > proto::TaskKind_MAX) {
    ThrowInvalidSerialized("unknown task kind ", message.kind());
  }
  if (!message.has_plan()) ThrowInvalidSerialized("the task has no plan");
  task.plan = DecodeIn("plan", [&] { return PlanFromProto(message.plan()); });
  task.shuffle_id = message.shuffle_id();
  if (message.has_write()) {
    task.write = DecodeIn("write", [&] { return FromProto(message.write()); });
  }
  CheckPartitions(task);

  std::map<int, const PhysicalPlan*> inputs = StageInputs(task.plan);
  auto input_exchange = [&](int node_id, bool broadcast) -> const PhysicalPlan& {
    auto it = inputs.find(node_id);
    if (it == inputs.end() ||
        (it->second->partitioning.kind == Partitioning::Kind::kBroadcast) != broadcast) {
      ThrowInvalidSerialized("the fragment has no ", broadcast ? "broadcast" : "shuffle",
                             " exchange with node id ", node_id);
    }
    return *it->second;
  };
  for (const auto& input : message.shuffle_inputs()) {
    input_exchange(input.exchange_node_id(), false);
    std::vector<MapOutput>& outputs = task.shuffle_inputs[input.exchange_node_id()];
    for (const auto& output : input.outputs()) outputs.push_back(FromProto(output));
  }
  for (const auto& input : message.broadcasts()) {
    const PhysicalPlan& exchange = input_exchange(input.exchange_node_id(), true);
    auto rows = std::make_shared<std::vector<BatchPtr>>();
    for (int b = 0; b < input.batches_size(); ++b) {
      std::string what = StrCat("broadcast ", input.exchange_node_id(), " batch ", b);
      rows->push_back(DecodeIn(what, [&] { return FromProto(input.batches(b)); }));
      CheckBatchSchema(*rows->back(), exchange.schema, what);
    }
    task.broadcasts[input.exchange_node_id()] = std::move(rows);
  }
  if (message.has_range_bounds()) {
    if (task.kind != TaskKind::kShuffleMap) {
      ThrowInvalidSerialized("range bounds are only for shuffle-map tasks");
    }
    task.range_bounds = DecodeIn("range bounds", [&] { return FromProto(message.range_bounds()); });
    CheckRangeBounds(*task.range_bounds, task.plan->partitioning);
  }
  task.sample_size = message.sample_size();
  if (task.sample_size < 1) ThrowInvalidSerialized("sample size ", task.sample_size);
  if (!message.has_config()) ThrowInvalidSerialized("the task has no settings");
  task.config = DecodeIn("settings", [&] {
    auto config = std::make_shared<Config>();
    for (const auto& entry : message.config().values()) config->Set(entry.key(), entry.value());
    return config;
  });
  return task;
}

TaskResult ResultFromProto(const proto::TaskResult& message) {
  CheckVersion(message.version());
  TaskResult result;
  result.success = message.success();
  if (message.has_error()) {
    const proto::Error& error = message.error();
    if (error.kind() < 0 || error.kind() > proto::ErrorKind_MAX) {
      ThrowInvalidSerialized("unknown error kind ", error.kind());
    }
    result.error = std::make_shared<Error>(static_cast<ErrorKind>(error.kind()),
                                           error.error_class(), error.message());
  }
  if (!result.success && !result.error) ThrowInvalidSerialized("a failed task has no error");
  for (int b = 0; b < message.batches_size(); ++b) {
    result.batches.push_back(
        DecodeIn(StrCat("batch ", b), [&] { return FromProto(message.batches(b)); }));
  }
  result.input_rows = message.input_rows();
  result.map_output = FromProto(message.map_output());
  result.written_files.assign(message.written_files().begin(), message.written_files().end());
  result.metrics = FromProto(message.metrics());
  result.executor_id = message.executor_id();
  result.duration_ms = message.duration_ms();
  if (message.has_fetch_failure()) {
    const proto::FetchFailure& fetch = message.fetch_failure();
    result.fetch_failure =
        FetchFailure{fetch.shuffle_id(), fetch.map_partition(), fetch.executor_id()};
  }
  return result;
}

}  // namespace

std::string SerializeTask(const TaskDescription& task) {
  proto::TaskDescription message;
  message.set_version(kTaskFormatVersion);
  message.set_task_id(task.task_id);
  message.set_job_id(task.job_id);
  message.set_stage_id(task.stage_id);
  message.set_stage_attempt(task.stage_attempt);
  message.set_partition(task.partition);
  message.set_partition_end(task.partition_end);
  message.set_attempt(task.attempt);
  message.set_kind(static_cast<proto::TaskKind>(task.kind));
  if (task.plan) {
    bool runs_exchange_child =
        task.kind == TaskKind::kShuffleMap || task.kind == TaskKind::kSampleKeys;
    PlanToProto(task.plan,
                runs_exchange_child ? ExchangeSubtrees::kCutBelowRoot : ExchangeSubtrees::kCutAll,
                message.mutable_plan());
  }
  message.set_shuffle_id(task.shuffle_id);
  for (const auto& [node_id, outputs] : task.shuffle_inputs) {
    proto::ShuffleInput* input = message.add_shuffle_inputs();
    input->set_exchange_node_id(node_id);
    for (const auto& output : outputs) ToProto(output, input->add_outputs());
  }
  for (const auto& [node_id, rows] : task.broadcasts) {
    proto::BroadcastInput* input = message.add_broadcasts();
    input->set_exchange_node_id(node_id);
    if (rows) {
      for (const auto& batch : *rows) ToProto(*batch, input->add_batches());
    }
  }
  if (task.range_bounds) ToProto(*task.range_bounds, message.mutable_range_bounds());
  message.set_sample_size(task.sample_size);
  if (task.config) ToProto(task.config->values(), message.mutable_config()->mutable_values());
  if (task.write) ToProto(*task.write, message.mutable_write());
  return SerializeMessage(message, StrCat("description of task ", task.task_id));
}

TaskDescription DeserializeTask(std::string_view bytes) {
  return ParseAndDecode<proto::TaskDescription>(bytes, "task description", TaskFromProto);
}

std::string SerializeTaskResult(const TaskResult& result) {
  proto::TaskResult message;
  message.set_version(kTaskFormatVersion);
  message.set_success(result.success);
  if (result.error) {
    proto::Error* error = message.mutable_error();
    error->set_kind(static_cast<proto::ErrorKind>(result.error->kind()));
    error->set_error_class(result.error->error_class());
    error->set_message(result.error->message());
  }
  for (const auto& batch : result.batches) ToProto(*batch, message.add_batches());
  message.set_input_rows(result.input_rows);
  ToProto(result.map_output, message.mutable_map_output());
  for (const auto& file : result.written_files) message.add_written_files(file);
  ToProto(result.metrics, message.mutable_metrics());
  message.set_executor_id(result.executor_id);
  message.set_duration_ms(result.duration_ms);
  if (result.fetch_failure) {
    proto::FetchFailure* fetch = message.mutable_fetch_failure();
    fetch->set_shuffle_id(result.fetch_failure->shuffle_id);
    fetch->set_map_partition(result.fetch_failure->map_partition);
    fetch->set_executor_id(result.fetch_failure->executor_id);
  }
  return SerializeMessage(message, "task result");
}

TaskResult DeserializeTaskResult(std::string_view bytes) {
  return ParseAndDecode<proto::TaskResult>(bytes, "task result", ResultFromProto);
}

}  // namespace ember

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "ember/rpc/task.h"

namespace ember {

/// Identifies the layout of serialized tasks and task results (proto/task.proto).
inline constexpr uint32_t kTaskFormatVersion = 1;

/// Returns the protobuf bytes of `task`. Its plan is cut to the stage's fragment: exchanges it
/// reads from become stage inputs without their subtrees, since their rows travel in
/// `shuffle_inputs` and `broadcasts`.
std::string SerializeTask(const TaskDescription& task);

/// Reads a task written by SerializeTask. The bytes may come from another process, so besides
/// the plan's own checks (see DeserializePlan) the task's kind must fit its plan, partitions must
/// exist, and broadcast rows and range bounds must have the columns of the exchange they belong
/// to; bad bytes raise an IO error (INVALID_SERIALIZED_DATA) saying what is wrong.
TaskDescription DeserializeTask(std::string_view bytes);

/// Returns the protobuf bytes of `result`, its error's kind, class and message included.
std::string SerializeTaskResult(const TaskResult& result);

/// Reads a result written by SerializeTaskResult, checked like DeserializeTask.
TaskResult DeserializeTaskResult(std::string_view bytes);

}  // namespace ember

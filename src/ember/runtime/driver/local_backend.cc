#include "ember/runtime/driver/local_backend.h"

#include "ember/rpc/task_serde.h"

namespace ember {

namespace {

/// Returns the result of a task that failed before it ran, reported by `executor_id`.
TaskResult FailedResult(const Error& error, const std::string& executor_id) {
  TaskResult result;
  result.error = std::make_shared<Error>(error);
  result.executor_id = executor_id;
  return result;
}

}  // namespace

void LocalBackend::Launch(TaskDescription task, std::function<void(TaskResult)> done) {
  env_.RegisterTask(task.task_id);  // so that the task can be killed while it waits for a thread
  if (!task.config || !task.config->GetBool(conf::kTestTaskRoundTrip)) {
    pool_.Submit(
        [this, task = std::move(task), done = std::move(done)]() { done(RunTask(task, env_)); });
    return;
  }
  // Round-trip mode: the task crosses as bytes and so does its result, as with a cluster, so a
  // field the serde drops or a plan it cannot read shows up as a wrong answer or a failed task.
  std::string bytes;
  std::shared_ptr<Error> failure;
  try {
    bytes = SerializeTask(task);
  } catch (const Error& error) {
    failure = std::make_shared<Error>(error);
  }
  pool_.Submit([this, bytes = std::move(bytes), failure, done = std::move(done)]() {
    if (failure) return done(FailedResult(*failure, env_.executor_id()));
    std::string result_bytes;
    try {
      result_bytes = SerializeTaskResult(RunTask(DeserializeTask(bytes), env_));
    } catch (const Error& error) {
      result_bytes = SerializeTaskResult(FailedResult(error, env_.executor_id()));
    }
    TaskResult result;
    try {
      result = DeserializeTaskResult(result_bytes);
    } catch (const Error& error) {
      result = FailedResult(error, env_.executor_id());
    }
    done(std::move(result));
  });
}

}  // namespace ember

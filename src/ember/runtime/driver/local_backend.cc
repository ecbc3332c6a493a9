#include "ember/runtime/driver/local_backend.h"

namespace ember {

void LocalBackend::Launch(TaskDescription task, std::function<void(TaskResult)> done) {
  env_.RegisterTask(task.task_id);  // so that the task can be killed while it waits for a thread
  pool_.Submit(
      [this, task = std::move(task), done = std::move(done)]() { done(RunTask(task, env_)); });
}

}  // namespace ember

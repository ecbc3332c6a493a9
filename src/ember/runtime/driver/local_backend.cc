#include "ember/runtime/driver/local_backend.h"

namespace ember {

void LocalBackend::Launch(TaskDescription task, std::function<void(TaskResult)> done) {
  pool_.Submit(
      [this, task = std::move(task), done = std::move(done)]() { done(RunTask(task, env_)); });
}

}  // namespace ember

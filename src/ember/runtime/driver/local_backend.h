#pragma once

#include "ember/common/thread_pool.h"
#include "ember/rpc/task.h"
#include "ember/runtime/executor/task_runner.h"

namespace ember {

/// Runs tasks on N threads of this process: local[N] mode. The tasks are the same as on a
/// cluster; only the transport differs. With ember.testing.taskRoundTrip each task and its
/// result are serialized to protobuf bytes and read back on the way.
class LocalBackend final : public ExecutorBackend {
 public:
  LocalBackend(int slots, ExecutorEnv& env) : pool_(slots), env_(env) {}
  int TotalSlots() const override { return pool_.num_threads(); }
  void Launch(TaskDescription task, std::function<void(TaskResult)> done) override;
  void KillTask(int64_t task_id) override { env_.KillTask(task_id); }

 private:
  ThreadPool pool_;
  ExecutorEnv& env_;
};

}  // namespace ember

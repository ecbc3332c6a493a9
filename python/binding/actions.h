#pragma once

// Runs engine actions from Python: without the GIL, and cancellable with Ctrl-C.

#include <pybind11/pybind11.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <type_traits>

#include "ember/api/session.h"

namespace ember::python {

namespace py = pybind11;

/// Runs `action` (pure C++: it must not touch Python objects) on a worker thread while the
/// calling thread waits without the GIL, checking for signals every 50 ms. When a signal handler
/// raises (Ctrl-C raises KeyboardInterrupt), the jobs the action started are cancelled through a
/// tag of their own, the worker is waited for, and the Python exception propagates. Engine errors
/// of the action are rethrown on the calling thread. The worker inherits the caller's job tags,
/// so SparkSession.interruptTag still reaches the action's jobs.
template <typename Action>
auto RunInterruptibly(const Session& session, Action&& action) -> std::invoke_result_t<Action&> {
  using Result = std::invoke_result_t<Action&>;
  static std::atomic<int64_t> next_action{0};
  const std::string action_tag = "ember-python-action-" + std::to_string(next_action++);
  std::set<std::string> caller_tags = session.getTags();
  std::packaged_task<Result()> task([&]() -> Result {
    for (const auto& tag : caller_tags) session.addTag(tag);
    session.addTag(action_tag);
    struct ClearTags {
      const Session& session;
      ~ClearTags() { session.clearTags(); }
    } clear{session};
    return action();
  });
  std::future<Result> result = task.get_future();
  bool interrupted = false;
  {
    py::gil_scoped_release release;
    std::thread worker(std::move(task));
    while (result.wait_for(std::chrono::milliseconds(50)) != std::future_status::ready) {
      py::gil_scoped_acquire acquire;
      if (PyErr_CheckSignals() != 0) {  // a handler raised; its exception is now set
        interrupted = true;
        break;
      }
    }
    if (interrupted) session.interruptTag(action_tag);
    worker.join();
  }
  if (interrupted) throw py::error_already_set();
  return result.get();
}

}  // namespace ember::python

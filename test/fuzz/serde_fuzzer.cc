// libFuzzer target for the readers of serialized plans, task descriptions and task results
// (plan/plan_serde.h, scheduler/task_serde.h): arbitrary bytes must decode or end in an
// ember::Error, never a crash, hang or bad access, and whatever decodes must print and read.
// The first byte picks the reader; seeds come from serde_test (see docs/testing.md).

#include <cstdint>
#include <string>
#include <string_view>

#include "ember/common/error.h"
#include "ember/plan/plan_serde.h"
#include "ember/rpc/task_serde.h"

namespace {

/// Reads every value of every batch, so bad buffers that slipped through show up under ASan.
size_t TouchValues(const std::vector<ember::BatchPtr>& batches) {
  size_t total = 0;
  for (const auto& batch : batches) {
    for (size_t c = 0; c < batch->num_columns(); ++c) {
      for (size_t r = 0; r < batch->num_rows(); ++r) {
        total += batch->column(c)->GetValue(r).ToString().size();
      }
    }
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (data[0] % 3) {
      case 0:
        ember::DeserializePlan(bytes)->TreeString();
        break;
      case 1: {
        ember::TaskDescription task = ember::DeserializeTask(bytes);
        task.plan->TreeString();
        for (const auto& [node_id, rows] : task.broadcasts) TouchValues(*rows);
        if (task.range_bounds) TouchValues({task.range_bounds});
        break;
      }
      default: {
        ember::TaskResult result = ember::DeserializeTaskResult(bytes);
        if (result.error) (void)result.error->what();
        TouchValues(result.batches);
        break;
      }
    }
  } catch (const ember::Error&) {
  }
  return 0;
}

#pragma once

// Sessions for end-to-end tests. The test matrix re-runs the same binaries with
// EMBER_TEST_MASTER (e.g. local[1]) and EMBER_TEST_BATCH_SIZE (e.g. 7) set, so every test must
// build its session here.

#include <cstdlib>
#include <map>
#include <memory>
#include <string>

#include "ember/ember.h"
#include "ember/runtime/driver/session_state.h"

namespace ember::testing {

/// Returns a new session with the matrix settings plus `settings` (which win).
inline Session NewSession(const std::map<std::string, std::string>& settings = {}) {
  Config config;
  const char* master = std::getenv("EMBER_TEST_MASTER");
  config.Set(conf::kMaster, master ? master : "local[2]");
  if (const char* batch = std::getenv("EMBER_TEST_BATCH_SIZE")) config.Set(conf::kBatchSize, batch);
  config.Set(conf::kShufflePartitions, "8");
  for (const auto& [key, value] : settings) config.Set(key, value);
  return Session(std::make_shared<SessionState>(std::move(config)));
}

}  // namespace ember::testing

#pragma once

// Sessions for end-to-end tests. The test matrix re-runs the same binaries with
// EMBER_TEST_MASTER (e.g. local[1]), EMBER_TEST_BATCH_SIZE (e.g. 7) or
// EMBER_TEST_TASK_ROUND_TRIP=1 (tasks and results cross as protobuf bytes) set, so every test
// must build its session here.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "ember/ember.h"
#include "ember/runtime/driver/session_state.h"

namespace ember::testing {

/// Returns whether the matrix runs this binary on executor processes (local-cluster[...]).
inline bool IsLocalClusterMaster() {
  const char* master = std::getenv("EMBER_TEST_MASTER");
  return master != nullptr && std::string(master).rfind("local-cluster[", 0) == 0;
}

/// Returns a new session with the matrix settings plus `settings` (which win).
inline Session NewSession(const std::map<std::string, std::string>& settings = {}) {
  Config config;
  const char* master = std::getenv("EMBER_TEST_MASTER");
  config.Set(conf::kMaster, master ? master : "local[2]");
  if (const char* batch = std::getenv("EMBER_TEST_BATCH_SIZE")) config.Set(conf::kBatchSize, batch);
  if (const char* round_trip = std::getenv("EMBER_TEST_TASK_ROUND_TRIP")) {
    config.Set(conf::kTestTaskRoundTrip, std::string(round_trip) == "1" ? "true" : "false");
  }
  config.Set(conf::kShufflePartitions, "8");
  for (const auto& [key, value] : settings) config.Set(key, value);
  return Session(std::make_shared<SessionState>(std::move(config)));
}

/// Gives each test a fresh temporary directory `dir_`, removed afterwards.
class TempDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("ember-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  /// Writes `content` to `name` under the directory (creating subdirectories); returns the path.
  std::string Write(const std::string& name, const std::string& content) {
    std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
  }

  /// Returns Row::toString() of each row.
  static std::vector<std::string> Strings(const std::vector<Row>& rows) {
    std::vector<std::string> out;
    for (const auto& row : rows) out.push_back(row.toString());
    return out;
  }

  std::filesystem::path dir_;
};

}  // namespace ember::testing

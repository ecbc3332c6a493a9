// End-to-end tests of local-cluster[W,C,M]: tasks run in separate `ember executor` processes,
// shuffle blocks cross between them, the processes go away with the session, and a bad binary
// or a killed executor gives an error naming the culprit instead of a hang.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "test_session.h"

namespace ember::testing {
namespace {

/// Returns the pids of this process's children running `ember executor`, read from /proc.
std::vector<pid_t> ExecutorChildren() {
  std::vector<pid_t> pids;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    char state = 0;
    pid_t parent = 0;
    rest >> state >> parent;
    if (parent != ::getpid() || state == 'Z') continue;
    std::ifstream cmdline(entry.path() / "cmdline");
    std::string arguments((std::istreambuf_iterator<char>(cmdline)), {});
    if (arguments.find(std::string("\0executor\0", 10)) != std::string::npos) {
      pids.push_back(static_cast<pid_t>(std::stoi(name)));
    }
  }
  return pids;
}

Session ClusterSession(const std::map<std::string, std::string>& settings = {}) {
  std::map<std::string, std::string> all = {{"spark.master", "local-cluster[2,1,1024]"}};
  for (const auto& [key, value] : settings) all[key] = value;
  return NewSession(all);
}

/// Returns {bucket: count} of ids [0, rows) grouped by id % 7, as the engine computes it.
std::map<int64_t, int64_t> BucketCounts(Session& spark, int64_t rows) {
  DataFrame df = spark.range(0, rows, 1, 6).repartition(4).withColumn("bucket", col("id") % 7);
  std::map<int64_t, int64_t> counts;
  for (const Row& row : df.groupBy("bucket").count().collect()) {
    counts[row.getLong(0)] = row.getLong(1);
  }
  return counts;
}

std::map<int64_t, int64_t> ExpectedBucketCounts(int64_t rows) {
  std::map<int64_t, int64_t> counts;
  for (int64_t id = 0; id < rows; ++id) ++counts[id % 7];
  return counts;
}

TEST(LocalCluster, RunsTasksOnExecutorProcessesAndFetchesBlocksBetweenThem) {
  Session spark = ClusterSession();
  std::vector<pid_t> executors = ExecutorChildren();
  ASSERT_EQ(executors.size(), 2u) << "local-cluster[2,1,1024] should start two executors";
  EXPECT_EQ(spark.state()->total_slots(), 2);
  std::mutex mutex;
  std::set<std::string> executor_ids;
  int64_t shuffle_read_rows = 0;
  spark.state()->events().AddListener([&](const SchedulerEvent& event) {
    if (event.type != "SparkListenerTaskEnd") return;
    std::lock_guard<std::mutex> lock(mutex);
    executor_ids.insert(event.executor_id);
    shuffle_read_rows += event.metrics.shuffle_read_rows;
  });
  EXPECT_EQ(BucketCounts(spark, 50'000), ExpectedBucketCounts(50'000));
  {
    std::lock_guard<std::mutex> lock(mutex);
    // Both executors ran tasks, so reduce tasks read blocks the other process wrote.
    EXPECT_EQ(executor_ids, (std::set<std::string>{"0", "1"}));
    EXPECT_GE(shuffle_read_rows, 50'000);
  }
  spark.stop();
  EXPECT_TRUE(ExecutorChildren().empty()) << "executors must be killed and reaped by stop()";
  for (pid_t pid : executors) EXPECT_NE(::kill(pid, 0), 0) << "executor " << pid << " survived";
}

TEST(LocalCluster, ABinaryThatIsNotEmberFailsSessionCreationNamingIt) {
  try {
    ClusterSession({{"ember.executor.binary", "/bin/false"}});
    FAIL() << "expected EXECUTOR_START_FAILED";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "EXECUTOR_START_FAILED");
    EXPECT_NE(std::string(error.what()).find("/bin/false"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("exited with status 1"), std::string::npos)
        << error.what();
  }
  EXPECT_TRUE(ExecutorChildren().empty());
}

TEST(LocalCluster, AMissingBinaryIsNamed) {
  try {
    ClusterSession({{"ember.executor.binary", "/nonexistent/ember"}});
    FAIL() << "expected EXECUTOR_BINARY_NOT_FOUND";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "EXECUTOR_BINARY_NOT_FOUND");
    EXPECT_NE(std::string(error.what()).find("/nonexistent/ember"), std::string::npos);
  }
}

TEST(LocalCluster, JobsAfterAnExecutorIsKilledRunOnTheSurvivor) {
  Session spark = ClusterSession();
  std::vector<pid_t> executors = ExecutorChildren();
  ASSERT_EQ(executors.size(), 2u);
  ASSERT_EQ(::kill(executors[0], SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // the monitor reaps it
  EXPECT_EQ(ExecutorChildren().size(), 1u);
  EXPECT_EQ(BucketCounts(spark, 20'000), ExpectedBucketCounts(20'000));
}

TEST(LocalCluster, AnExecutorKilledMidJobGivesTheRightAnswerOrAnErrorNamingIt) {
  // Phase 1 does not recompute a lost executor's map outputs, so the job may fail; it must then
  // say which executor was lost or which fetch failed, and never hang or answer wrongly.
  Session spark = ClusterSession({{"spark.sql.shuffle.partitions", "16"}});
  std::vector<pid_t> executors = ExecutorChildren();
  ASSERT_EQ(executors.size(), 2u);
  std::thread killer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    ::kill(executors[1], SIGKILL);
  });
  try {
    DataFrame df = spark.range(0, 3'000'000, 1, 12).repartition(12).withColumn("b", col("id") % 7);
    auto counts = df.groupBy("b").count().collect();
    int64_t total = 0;
    for (const Row& row : counts) total += row.getLong(1);
    EXPECT_EQ(total, 3'000'000);
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_TRUE(message.find("EXECUTOR_LOST") != std::string::npos ||
                message.find("SHUFFLE_FETCH_FAILED") != std::string::npos ||
                message.find("NO_EXECUTORS") != std::string::npos)
        << message;
    EXPECT_NE(message.find("xecutor"), std::string::npos) << message;
  }
  killer.join();
}

}  // namespace
}  // namespace ember::testing

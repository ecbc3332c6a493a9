// End-to-end tests of local-cluster[W,C,M]: tasks run in separate `ember executor` processes,
// shuffle blocks cross between them, the processes go away with the session, and a bad binary
// or a killed executor gives an error naming the culprit instead of a hang.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
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

/// What a job run by KillAnExecutorBetweenMapAndReduce saw.
struct KilledRun {
  bool finished = false;    // false: the job did not end within the time limit
  std::string error;        // set when the job failed
  int64_t answer_rows = 0;  // rows of the answer, or the count of a count job
  std::map<int64_t, int64_t> buckets;
  int fetch_failures = 0;      // task ends with SHUFFLE_FETCH_FAILED
  int resubmitted_stages = 0;  // stage submissions with attempt > 0
};

/// Runs `job` on a new local-cluster[2,1,1024] whose shuffle-reading tasks wait at a barrier
/// (ember.testing.shuffleReadBarrier): once the first one waits, every map output of the first
/// shuffle is written, so one executor is killed with SIGKILL there, and the barrier is released
/// only after the process is gone. Waits for the job at most two minutes.
KilledRun KillAnExecutorBetweenMapAndReduce(const std::function<void(Session&, KilledRun&)>& job,
                                            const std::map<std::string, std::string>& extra = {}) {
  static std::atomic<int> counter{0};
  std::filesystem::path barrier =
      std::filesystem::temp_directory_path() / StrCat("ember-barrier-", ::getpid(), "-", counter++);
  std::filesystem::remove_all(barrier);
  std::filesystem::create_directories(barrier);
  std::map<std::string, std::string> settings = {
      {"ember.testing.shuffleReadBarrier", barrier.string()}};
  for (const auto& [key, value] : extra) settings[key] = value;
  Session spark = ClusterSession(settings);
  KilledRun run;
  std::mutex mutex;
  spark.state()->events().AddListener([&](const SchedulerEvent& event) {
    std::lock_guard<std::mutex> lock(mutex);
    if (event.type == "SparkListenerTaskEnd" &&
        event.failure.find("SHUFFLE_FETCH_FAILED") != std::string::npos) {
      ++run.fetch_failures;
    }
    if (event.type == "SparkListenerStageSubmitted" && event.stage_attempt > 0) {
      ++run.resubmitted_stages;
    }
  });
  std::vector<pid_t> executors = ExecutorChildren();
  EXPECT_EQ(executors.size(), 2u);
  std::promise<void> ended;
  std::future<void> ended_future = ended.get_future();
  std::thread runner([&] {
    try {
      job(spark, run);
    } catch (const Error& error) {
      run.error = error.what();
    }
    ended.set_value();
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  auto some_task_waits = [&] {
    for (const auto& entry : std::filesystem::directory_iterator(barrier)) {
      if (entry.path().filename().string().rfind("waiting-", 0) == 0) return true;
    }
    return false;
  };
  while (!some_task_waits() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  EXPECT_TRUE(some_task_waits()) << "no task reached the shuffle read barrier";
  if (!executors.empty()) {
    EXPECT_EQ(::kill(executors[0], SIGKILL), 0);
    // Release the readers only once the killed process is gone, so they must fetch from nothing.
    while (ExecutorChildren().size() > 1 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }
  std::ofstream(barrier / "release").put('\n');
  run.finished = ended_future.wait_for(std::chrono::minutes(2)) == std::future_status::ready;
  if (!run.finished) {
    // A hang is a failure; do not wait for it forever.
    std::fprintf(stderr, "the job did not end within two minutes after an executor was killed\n");
    std::fflush(stderr);
    std::_Exit(1);
  }
  runner.join();
  spark.stop();
  std::filesystem::remove_all(barrier);
  std::lock_guard<std::mutex> lock(mutex);
  return run;
}

void BucketJob(Session& spark, KilledRun& run) {
  DataFrame df = spark.range(0, 200'000, 1, 6).repartition(4).withColumn("bucket", col("id") % 7);
  for (const Row& row : df.groupBy("bucket").count().collect()) {
    run.buckets[row.getLong(0)] = row.getLong(1);
    run.answer_rows += row.getLong(1);
  }
}

TEST(LocalCluster, AnExecutorKilledAfterItsMapOutputsAreWrittenIsRecomputed) {
  KilledRun run = KillAnExecutorBetweenMapAndReduce(BucketJob);
  EXPECT_EQ(run.error, "");
  EXPECT_EQ(run.buckets, ExpectedBucketCounts(200'000));
  // The survivor's reader found the blocks gone, and the map stage ran again for them.
  EXPECT_GE(run.fetch_failures, 1);
  EXPECT_GE(run.resubmitted_stages, 1);
}

TEST(LocalCluster, KillingAnExecutorBetweenMapAndReduceTenTimesGivesTenRightAnswers) {
  int wrong = 0;
  for (int i = 0; i < 10; ++i) {
    KilledRun run = KillAnExecutorBetweenMapAndReduce(BucketJob);
    bool right = run.error.empty() && run.buckets == ExpectedBucketCounts(200'000);
    EXPECT_TRUE(right) << "iteration " << i << ": " << run.error;
    EXPECT_GE(run.fetch_failures, 1) << "iteration " << i << " did not lose the blocks it read";
    wrong += !right;
  }
  EXPECT_EQ(wrong, 0);
}

TEST(LocalCluster, ARepartition200JobWhoseExecutorDiesReturnsExactlyTheInputRowCount) {
  KilledRun run = KillAnExecutorBetweenMapAndReduce(
      [](Session& spark, KilledRun& run) {
        run.answer_rows = spark.range(0, 150'000, 1, 4).repartition(200).count();
      },
      {{"spark.sql.adaptive.enabled", "false"}});
  EXPECT_EQ(run.error, "");
  EXPECT_EQ(run.answer_rows, 150'000);
  EXPECT_GE(run.fetch_failures, 1);
}

TEST(LocalCluster, AStageThatKeepsFailingOnFetchesFailsTheJobWithTheCause) {
  // One allowed attempt: the first fetch failure ends the job, naming the block and the limit.
  KilledRun run =
      KillAnExecutorBetweenMapAndReduce(BucketJob, {{"spark.stage.maxConsecutiveAttempts", "1"}});
  EXPECT_NE(run.error.find("SHUFFLE_FETCH_FAILED"), std::string::npos) << run.error;
  EXPECT_NE(run.error.find("spark.stage.maxConsecutiveAttempts = 1"), std::string::npos)
      << run.error;
  EXPECT_NE(run.error.find("Cannot fetch the shuffle block of map partition"), std::string::npos)
      << run.error;
}

TEST(LocalCluster, AnExecutorKilledMidJobGivesTheRightAnswer) {
  // Its map outputs are recomputed on the survivor, so the job must answer, and answer right.
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
    ADD_FAILURE() << "the job failed although one executor survived: " << error.what();
  }
  killer.join();
}

}  // namespace
}  // namespace ember::testing

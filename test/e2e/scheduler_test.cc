// Jobs, stages and tasks as the scheduler runs them: stage cuts at exchanges, one task per
// partition, retries, the event log and the driver's result-size limit.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "test_session.h"

namespace ember {
namespace {

using testing::NewSession;

/// Records the scheduler's events of one session.
class EventRecorder {
 public:
  explicit EventRecorder(const Session& spark) : spark_(spark) {
    id_ = spark.state()->events().AddListener([this](const SchedulerEvent& event) {
      std::lock_guard<std::mutex> lock(mutex_);
      events_.push_back(event);
    });
  }
  ~EventRecorder() { spark_.state()->events().RemoveListener(id_); }
  std::vector<SchedulerEvent> Of(const std::string& type) {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<SchedulerEvent> out;
    for (const auto& e : events_) {
      if (e.type == type) out.push_back(e);
    }
    return out;
  }
  void Clear() {
    std::lock_guard<std::mutex> lock(mutex_);
    events_.clear();
  }

 private:
  Session spark_;
  int id_;
  std::mutex mutex_;
  std::vector<SchedulerEvent> events_;
};

DataFrame SeedData(const Session& spark, int64_t rows, int partitions) {
  return spark.range(0, rows, 1, partitions)
      .withColumn("amount", (col("id") * 37 % 1000).cast("double"))
      .withColumn("bucket", col("id") % 10);
}

std::vector<int> TaskCounts(EventRecorder& recorder) {
  std::vector<int> counts;
  for (const auto& e : recorder.Of("SparkListenerStageSubmitted")) counts.push_back(e.num_tasks);
  return counts;
}

TEST(Scheduler, NarrowJobIsOneStageWithOneTaskPerPartition) {
  Session spark = NewSession();
  EventRecorder recorder(spark);
  auto rows = SeedData(spark, 1000, 6).filter(col("amount") > 100).collect();
  EXPECT_EQ(recorder.Of("SparkListenerJobStart").size(), 1u);
  EXPECT_EQ(TaskCounts(recorder), std::vector<int>({6}));
  EXPECT_EQ(recorder.Of("SparkListenerTaskEnd").size(), 6u);
}

TEST(Scheduler, AggregationCutsAStageAtTheShuffle) {
  Session spark =
      NewSession({{"spark.sql.shuffle.partitions", "5"}, {conf::kAdaptiveEnabled, "false"}});
  EventRecorder recorder(spark);
  SeedData(spark, 1000, 6).groupBy("bucket").count().collect();
  // Partial aggregation in 6 map tasks, then 5 reduce tasks.
  EXPECT_EQ(TaskCounts(recorder), std::vector<int>({6, 5}));
  recorder.Clear();
  SeedData(spark, 1000, 6).filter(col("amount") > 100).count();
  // A global aggregate gathers the partial counts into one task.
  EXPECT_EQ(TaskCounts(recorder), std::vector<int>({6, 1}));
}

TEST(Scheduler, AdaptiveExecutionCoalescesSmallShufflePartitions) {
  Session spark = NewSession({{"spark.sql.shuffle.partitions", "50"}});
  EventRecorder recorder(spark);
  auto adaptive = SeedData(spark, 5000, 6).groupBy("bucket").count().orderBy("bucket").collect();
  std::vector<int> counts = TaskCounts(recorder);
  ASSERT_EQ(counts.size(), 3u);  // partial aggregate, final aggregate + range shuffle, sort
  EXPECT_EQ(counts[0], 6);
  // Ten small groups: the 50 reduce partitions merge into at most one task per slot.
  EXPECT_LE(counts[1], spark.state()->total_slots());
  EXPECT_LE(counts[2], spark.state()->total_slots());
  spark.setConf(conf::kAdaptiveEnabled, "false");
  recorder.Clear();
  auto fixed = SeedData(spark, 5000, 6).groupBy("bucket").count().orderBy("bucket").collect();
  EXPECT_EQ(TaskCounts(recorder), std::vector<int>({6, 50, 50}));
  EXPECT_EQ(adaptive, fixed);
  ASSERT_EQ(adaptive.size(), 10u);
  for (size_t i = 0; i < adaptive.size(); ++i) {
    EXPECT_EQ(adaptive[i].getLong("bucket"), static_cast<int64_t>(i));
    EXPECT_EQ(adaptive[i].getLong("count"), 500);
  }
}

TEST(Scheduler, RepartitionWithANumberIsNeverCoalesced) {
  Session spark = NewSession();
  EventRecorder recorder(spark);
  EXPECT_EQ(spark.range(0, 100, 1, 2).repartition(9).collect().size(), 100u);
  EXPECT_EQ(TaskCounts(recorder), std::vector<int>({2, 9}));
}

TEST(Scheduler, ShuffleWriteAndReadMetricsBalance) {
  Session spark = NewSession();
  EventRecorder recorder(spark);
  EXPECT_EQ(spark.range(0, 5000, 1, 4).repartition(3).collect().size(), 5000u);
  int64_t written = 0, read = 0;
  for (const auto& e : recorder.Of("SparkListenerTaskEnd")) {
    written += e.metrics.shuffle_write_rows;
    read += e.metrics.shuffle_read_rows;
  }
  EXPECT_EQ(written, 5000);
  EXPECT_EQ(read, 5000);
}

TEST(Scheduler, FailedTasksAreRetriedAndTheJobSucceeds) {
  Session spark = NewSession({{conf::kTestFailTaskAttempts, "2"},
                              {conf::kTestFailPartitions, "1,3"},
                              {conf::kTaskMaxFailures, "4"}});
  EventRecorder recorder(spark);
  int64_t expected = 0;
  for (int64_t id = 0; id < 4000; ++id) expected += (id * 37 % 1000) > 100;
  EXPECT_EQ(SeedData(spark, 4000, 4).filter(col("amount") > 100).count(), expected);
  int failed = 0;
  for (const auto& e : recorder.Of("SparkListenerTaskEnd")) failed += !e.success;
  // Partitions 1 and 3 fail twice in the map stage (the single reduce task is partition 0).
  EXPECT_EQ(failed, 4);
}

TEST(Scheduler, RetriedRepartitionNeverLosesOrDuplicatesRows) {
  Session spark = NewSession({{conf::kTestFailTaskAttempts, "1"}});
  auto rows = spark.range(0, 3000, 1, 5).repartition(7).collect();
  ASSERT_EQ(rows.size(), 3000u);
  std::vector<int64_t> ids;
  for (const auto& row : rows) ids.push_back(row.getLong(0));
  std::sort(ids.begin(), ids.end());
  for (int64_t i = 0; i < 3000; ++i) ASSERT_EQ(ids[i], i);
}

TEST(Scheduler, JobFailsWithTheTaskErrorAfterMaxFailures) {
  Session spark = NewSession({{conf::kTestFailTaskAttempts, "3"}, {conf::kTaskMaxFailures, "3"}});
  try {
    spark.range(0, 100, 1, 2).count();
    FAIL() << "the job should have failed";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "TASK_FAILURE_INJECTED");
    EXPECT_NE(std::string(error.what()).find("failed 3 times"), std::string::npos) << error.what();
  }
  // The session stays usable once the testing hook is off.
  spark.setConf(conf::kTestFailTaskAttempts, "0");
  EXPECT_EQ(spark.range(0, 100, 1, 2).count(), 100);
}

TEST(Scheduler, LocalMasterWithFailuresSetsMaxFailures) {
  Session spark = NewSession({{conf::kMaster, "local[2,2]"}, {conf::kTestFailTaskAttempts, "1"}});
  EXPECT_EQ(spark.range(0, 10, 1, 2).count(), 10);
  EXPECT_EQ(spark.getConf(conf::kTaskMaxFailures), "2");
}

TEST(Scheduler, EventLogRecordsJobsStagesAndTasks) {
  auto dir =
      std::filesystem::temp_directory_path() / ("ember-events-" + std::to_string(::getpid()));
  std::string path;
  {
    Session spark = NewSession({{conf::kEventLogEnabled, "true"},
                                {conf::kEventLogDir, dir.string()},
                                {conf::kAdaptiveEnabled, "false"}});
    SeedData(spark, 1000, 3).groupBy("bucket").count().collect();
    path = spark.state()->event_log_path();
    spark.stop();
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path;
  std::string line;
  int jobs = 0, stages = 0, tasks = 0;
  bool saw_three_tasks = false, saw_end = false;
  while (std::getline(in, line)) {
    jobs += line.find("\"SparkListenerJobStart\"") != std::string::npos;
    stages += line.find("\"SparkListenerStageCompleted\"") != std::string::npos;
    tasks += line.find("\"SparkListenerTaskEnd\"") != std::string::npos;
    saw_three_tasks |= line.find("\"Number of Tasks\":3") != std::string::npos;
    saw_end |= line.find("\"SparkListenerApplicationEnd\"") != std::string::npos;
  }
  EXPECT_EQ(jobs, 1);
  EXPECT_EQ(stages, 2);
  EXPECT_EQ(tasks, 3 + 8);
  EXPECT_TRUE(saw_three_tasks);
  EXPECT_TRUE(saw_end);
  std::filesystem::remove_all(dir);
}

TEST(Scheduler, CollectBeyondMaxResultSizeFailsClearly) {
  Session spark = NewSession({{conf::kMaxResultSize, "16k"}});
  try {
    spark.range(0, 100000, 1, 2).collect();
    FAIL() << "collect should exceed spark.driver.maxResultSize";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kResourceExhausted);
    EXPECT_NE(std::string(error.what()).find("spark.driver.maxResultSize"), std::string::npos);
  }
  EXPECT_EQ(spark.range(0, 100000, 1, 2).count(), 100000);  // aggregated results stay small
}

TEST(Scheduler, ShuffleFilesAreRemovedWhenTheSessionStops) {
  auto dir = std::filesystem::temp_directory_path() / ("ember-local-" + std::to_string(::getpid()));
  Session spark = NewSession({{conf::kLocalDir, dir.string()}});
  spark.range(0, 1000, 1, 3).repartition(4).count();
  EXPECT_FALSE(std::filesystem::is_empty(dir));
  spark.stop();
  EXPECT_TRUE(std::filesystem::is_empty(dir));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace ember

// Job cancellation: interruptAll / interruptTag stop running jobs (their tasks stop at the next
// batch, queued tasks never start their work), the action throws a cancelled error naming the
// job, and the session keeps working.

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>

#include "test_session.h"

namespace ember {
namespace {

using namespace std::chrono_literals;
using ember::testing::NewSession;

/// A count that would run for hours: every partition holds 2^50 rows.
DataFrame EndlessCount(const Session& spark, int partitions) {
  return spark.range(0, int64_t{1} << 50, 1, partitions).filter(col("id") < 0);
}

/// Resolves once the session has launched its first task.
class FirstTaskStarted {
 public:
  explicit FirstTaskStarted(const Session& spark) : bus_(spark.state()->events()) {
    listener_ = bus_.AddListener([this](const SchedulerEvent& event) {
      if (event.type == "SparkListenerTaskStart" && !fired_.exchange(true)) promise_.set_value();
    });
  }
  ~FirstTaskStarted() { bus_.RemoveListener(listener_); }
  bool Wait() { return promise_.get_future().wait_for(60s) == std::future_status::ready; }

 private:
  EventBus& bus_;
  int listener_;
  std::atomic<bool> fired_{false};
  std::promise<void> promise_;
};

/// Runs `action` on another thread with `tag` set there; returns the error it ended with.
std::future<std::optional<Error>> RunTagged(const Session& spark, const std::string& tag,
                                            std::function<void()> action) {
  return std::async(std::launch::async, [spark, tag, action]() -> std::optional<Error> {
    if (!tag.empty()) spark.addTag(tag);
    try {
      action();
    } catch (const Error& error) {
      return error;
    }
    return std::nullopt;
  });
}

/// Waits for an action that is being cancelled; returns its error (none if it did not end in
/// time or ended without a cancelled error, which the expectations report).
std::optional<Error> CancelledError(std::future<std::optional<Error>>& outcome) {
  if (outcome.wait_for(60s) != std::future_status::ready) {
    ADD_FAILURE() << "the job did not stop";
    std::abort();  // the action's thread still runs: the test cannot end cleanly
  }
  std::optional<Error> error = outcome.get();
  EXPECT_TRUE(error.has_value()) << "the action returned instead of failing";
  if (error) {
    EXPECT_EQ(error->kind(), ErrorKind::kCancelled) << error->what();
  }
  return error;
}

TEST(Cancel, InterruptTagCancelsTheTaggedJobAndTheSessionKeepsWorking) {
  Session spark = NewSession();
  std::atomic<int> failed_job_ends{0};
  int listener = spark.state()->events().AddListener([&](const SchedulerEvent& event) {
    if (event.type == "SparkListenerJobEnd" && !event.success) ++failed_job_ends;
  });
  FirstTaskStarted started(spark);
  auto outcome = RunTagged(spark, "nightly", [&] { EndlessCount(spark, 2).count(); });
  ASSERT_TRUE(started.Wait());
  auto started_at = std::chrono::steady_clock::now();
  std::vector<std::string> cancelled = spark.interruptTag("nightly");
  std::optional<Error> error = CancelledError(outcome);
  EXPECT_LT(std::chrono::steady_clock::now() - started_at, 30s);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->error_class(), "SPARK_JOB_CANCELLED");
  ASSERT_EQ(cancelled.size(), 1u);
  EXPECT_EQ(error->message(),
            "Job " + cancelled[0] + " cancelled part of cancelled job tags nightly");
  spark.state()->events().RemoveListener(listener);
  EXPECT_EQ(failed_job_ends.load(), 1);

  EXPECT_EQ(spark.range(0, 1000, 1, 4).filter(col("id") % 2 == 0).count(), 500);
  EXPECT_TRUE(spark.interruptAll().empty());
}

TEST(Cancel, InterruptTagLeavesOtherJobsAloneAndInterruptAllStopsThem) {
  Session spark = NewSession();
  FirstTaskStarted started(spark);
  auto outcome = RunTagged(spark, "mine", [&] { EndlessCount(spark, 2).count(); });
  ASSERT_TRUE(started.Wait());
  EXPECT_TRUE(spark.interruptTag("someone-else").empty());
  EXPECT_EQ(outcome.wait_for(300ms), std::future_status::timeout);
  EXPECT_EQ(spark.interruptAll().size(), 1u);
  std::optional<Error> error = CancelledError(outcome);
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->message().find("as part of cancellation of all jobs"), std::string::npos)
      << error->message();
}

TEST(Cancel, TasksWaitingForASlotAreKilledToo) {
  // Far more partitions than slots: the job ends only if the queued tasks give up as well.
  Session spark = NewSession({{conf::kMaster, "local[1]"}});
  FirstTaskStarted started(spark);
  auto outcome = RunTagged(spark, "", [&] { EndlessCount(spark, 16).count(); });
  ASSERT_TRUE(started.Wait());
  EXPECT_EQ(spark.interruptAll().size(), 1u);
  CancelledError(outcome);
}

TEST(Cancel, AggregationsAndShufflesStopWithinABatch) {
  // The hash aggregate consumes its whole input before it returns a row; the check sits in the
  // sources, so it stops anyway, and so does the shuffle-map stage before the final aggregate.
  Session spark = NewSession();
  FirstTaskStarted started(spark);
  auto outcome = RunTagged(spark, "", [&] {
    spark.range(0, int64_t{1} << 50, 1, 2).groupBy((col("id") % 7).alias("k")).count().collect();
  });
  ASSERT_TRUE(started.Wait());
  spark.interruptAll();
  CancelledError(outcome);
}

TEST(Cancel, CancelledWriteLeavesNoOutput) {
  Session spark = NewSession();
  std::filesystem::path destination =
      std::filesystem::temp_directory_path() / ("ember-cancel-write-" + std::to_string(::getpid()));
  std::filesystem::remove_all(destination);
  FirstTaskStarted started(spark);
  auto outcome = RunTagged(
      spark, "", [&] { spark.range(0, int64_t{1} << 50, 1, 2).write().csv(destination.string()); });
  ASSERT_TRUE(started.Wait());
  spark.interruptAll();
  CancelledError(outcome);
  EXPECT_FALSE(std::filesystem::exists(destination));
}

TEST(Cancel, TagsArePerThreadAndValidated) {
  Session spark = NewSession();
  spark.addTag("a");
  spark.addTag("b");
  spark.removeTag("a");
  EXPECT_EQ(spark.getTags(), std::set<std::string>{"b"});
  std::set<std::string> other_thread_tags =
      std::async(std::launch::async, [&] { return spark.getTags(); }).get();
  EXPECT_TRUE(other_thread_tags.empty());
  spark.clearTags();
  EXPECT_TRUE(spark.getTags().empty());
  for (const std::string& bad : {std::string(), std::string("x,y")}) {
    try {
      spark.addTag(bad);
      FAIL() << "addTag accepted '" << bad << "'";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
      EXPECT_NE(std::string(error.what()).find("must not contain ','"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace ember

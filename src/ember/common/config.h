#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace ember {

/// Describes one configuration key: its Spark (or ember.*) name, type, default and doc line.
struct ConfigEntry {
  enum class Type { kInt, kBool, kBytes, kString };
  std::string key;
  Type type;
  std::string default_value;  // empty with `has_default` false means "computed at runtime"
  std::string doc;
  bool has_default = true;
  int64_t min_value = INT64_MIN;
};

/// Returns every key the engine understands, in documentation order.
const std::vector<ConfigEntry>& AllConfigEntries();

/// Parses a Spark byte string ("10m", "1g", "4096", "10MB") into bytes; throws naming `key`.
int64_t ParseByteString(std::string_view key, std::string_view text);

/// Holds a session's settings. Values are validated when set, so a bad value fails where the user
/// wrote it, naming the key.
class Config {
 public:
  /// Sets `key`; throws IllegalArgumentException if a known key gets a value of the wrong form.
  void Set(const std::string& key, const std::string& value);
  /// Returns the value set for `key`, or its default, or `fallback` for unknown keys.
  std::string Get(const std::string& key, const std::string& fallback = "") const;
  bool Contains(const std::string& key) const { return values_.count(key) > 0; }
  void Unset(const std::string& key) { values_.erase(key); }

  int64_t GetInt(const std::string& key) const;
  bool GetBool(const std::string& key) const;
  int64_t GetBytes(const std::string& key) const;

  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

/// Configuration keys used by the engine (Spark's name where the meaning is Spark's).
namespace conf {
inline constexpr const char* kAppName = "spark.app.name";
inline constexpr const char* kMaster = "spark.master";
inline constexpr const char* kShufflePartitions = "spark.sql.shuffle.partitions";
inline constexpr const char* kDefaultParallelism = "spark.default.parallelism";
inline constexpr const char* kBroadcastThreshold = "spark.sql.autoBroadcastJoinThreshold";
inline constexpr const char* kTaskMaxFailures = "spark.task.maxFailures";
inline constexpr const char* kStageMaxConsecutiveAttempts = "spark.stage.maxConsecutiveAttempts";
inline constexpr const char* kAnsiEnabled = "spark.sql.ansi.enabled";
inline constexpr const char* kMaxResultSize = "spark.driver.maxResultSize";
inline constexpr const char* kEventLogEnabled = "spark.eventLog.enabled";
inline constexpr const char* kEventLogDir = "spark.eventLog.dir";
inline constexpr const char* kLocalDir = "spark.local.dir";
inline constexpr const char* kSessionTimeZone = "spark.sql.session.timeZone";
inline constexpr const char* kCaseSensitive = "spark.sql.caseSensitive";
inline constexpr const char* kBatchSize = "ember.batch.size";
inline constexpr const char* kFilesMaxPartitionBytes = "spark.sql.files.maxPartitionBytes";
inline constexpr const char* kFilesOpenCostInBytes = "spark.sql.files.openCostInBytes";
inline constexpr const char* kFilesMinPartitionNum = "spark.sql.files.minPartitionNum";
inline constexpr const char* kIgnoreCorruptFiles = "spark.sql.files.ignoreCorruptFiles";
inline constexpr const char* kIgnoreMissingFiles = "spark.sql.files.ignoreMissingFiles";
inline constexpr const char* kAdaptiveEnabled = "spark.sql.adaptive.enabled";
inline constexpr const char* kCoalescePartitionsEnabled =
    "spark.sql.adaptive.coalescePartitions.enabled";
inline constexpr const char* kAdvisoryPartitionSize =
    "spark.sql.adaptive.advisoryPartitionSizeInBytes";
inline constexpr const char* kCoalesceMinPartitionSize =
    "spark.sql.adaptive.coalescePartitions.minPartitionSize";
inline constexpr const char* kCoalesceParallelismFirst =
    "spark.sql.adaptive.coalescePartitions.parallelismFirst";
inline constexpr const char* kExecutorBinary = "ember.executor.binary";
inline constexpr const char* kExecutorRegistrationTimeout = "ember.executor.registrationTimeout";
inline constexpr const char* kTestFailTaskAttempts = "ember.testing.failTaskAttempts";
inline constexpr const char* kTestFailPartitions = "ember.testing.failPartitions";
inline constexpr const char* kTestFailWriteAfterRows = "ember.testing.failWriteAfterRows";
inline constexpr const char* kTestTaskRoundTrip = "ember.testing.taskRoundTrip";
inline constexpr const char* kTestShuffleReadBarrier = "ember.testing.shuffleReadBarrier";
}  // namespace conf

}  // namespace ember

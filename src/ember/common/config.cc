#include "ember/common/config.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "ember/common/ascii.h"
#include "ember/common/error.h"

namespace ember {

const std::vector<ConfigEntry>& AllConfigEntries() {
  using T = ConfigEntry::Type;
  static const std::vector<ConfigEntry> entries = {
      {conf::kAppName, T::kString, "ember", "Name of the application, shown in logs and events."},
      {conf::kMaster, T::kString, "local[*]",
       "Where tasks run: local, local[N], local[*], local[N,F], or local-cluster[W,C,M] (W "
       "executor processes of C cores on this machine)."},
      {conf::kExecutorBinary, T::kString, "",
       "local-cluster: the `ember` binary executors run (empty: $EMBER_EXECUTOR_BINARY, else "
       "`ember` next to the running program)."},
      {conf::kExecutorRegistrationTimeout, T::kInt, "30000",
       "local-cluster: milliseconds to wait for the executor processes to register.", true, 1},
      {conf::kShufflePartitions, T::kInt, "200",
       "Number of partitions after a shuffle for joins and aggregations.", true, 1},
      {conf::kDefaultParallelism, T::kInt, "",
       "Default number of partitions for range() and createDataFrame(); defaults to the number "
       "of executor slots.",
       false, 1},
      {conf::kBroadcastThreshold, T::kBytes, "10MB",
       "Largest estimated size of a join side that is broadcast; -1 disables broadcasting."},
      {conf::kTaskMaxFailures, T::kInt, "4",
       "Number of failures of one task before the job is given up.", true, 1},
      {conf::kStageMaxConsecutiveAttempts, T::kInt, "4",
       "Number of consecutive attempts of one stage that may fail on a shuffle fetch failure "
       "(each one recomputes the lost map outputs) before the job is given up.",
       true, 1},
      {conf::kAnsiEnabled, T::kBool, "true",
       "Whether invalid casts, overflow and division by zero raise errors (Spark 4 default) "
       "instead of returning null or wrapping."},
      {conf::kMaxResultSize, T::kBytes, "1g",
       "Largest total size of results an action may bring to the driver; 0 means unlimited."},
      {conf::kEventLogEnabled, T::kBool, "false",
       "Whether job, stage and task events are written as JSON lines."},
      {conf::kEventLogDir, T::kString, "/tmp/spark-events", "Directory of event log files."},
      {conf::kLocalDir, T::kString, "/tmp", "Directory for shuffle files and spills."},
      {conf::kSessionTimeZone, T::kString, "UTC",
       "Time zone used to display timestamps (only UTC is supported so far)."},
      {conf::kCaseSensitive, T::kBool, "false",
       "Whether column names are matched case-sensitively."},
      {conf::kBatchSize, T::kInt, "4096", "Rows per columnar batch.", true, 1},
      {conf::kFilesMaxPartitionBytes, T::kBytes, "128MB",
       "Largest number of bytes of files packed into one partition when reading."},
      {conf::kFilesOpenCostInBytes, T::kBytes, "4MB",
       "Estimated cost of opening a file, counted as that many bytes when packing splits."},
      {conf::kFilesMinPartitionNum, T::kInt, "",
       "Suggested minimum number of split partitions when reading files; defaults to "
       "spark.default.parallelism.",
       false, 1},
      {conf::kIgnoreCorruptFiles, T::kBool, "false",
       "Whether a file that cannot be read (corrupt, truncated) is skipped with a warning instead "
       "of failing the job."},
      {conf::kIgnoreMissingFiles, T::kBool, "false",
       "Whether a file deleted after listing is skipped with a warning instead of failing the "
       "job."},
      {conf::kAdaptiveEnabled, T::kBool, "true",
       "Whether stages are re-planned from the sizes of finished shuffles (adaptive execution)."},
      {conf::kCoalescePartitionsEnabled, T::kBool, "true",
       "With adaptive execution: merge small contiguous shuffle partitions into fewer tasks "
       "(not for repartition(n), whose count the user chose)."},
      {conf::kAdvisoryPartitionSize, T::kBytes, "64MB",
       "Target size of a coalesced shuffle partition when parallelismFirst is false."},
      {conf::kCoalesceMinPartitionSize, T::kBytes, "1MB",
       "Smallest size a coalesced shuffle partition aims for."},
      {conf::kCoalesceParallelismFirst, T::kBool, "true",
       "Whether coalescing keeps as many tasks as executor slots instead of aiming at the "
       "advisory size."},
      {conf::kTestFailTaskAttempts, T::kInt, "0",
       "Testing only: the first N attempts of each selected task fail.", true, 0},
      {conf::kTestFailPartitions, T::kString, "",
       "Testing only: comma-separated partition ids whose tasks fail (empty: all)."},
      {conf::kTestFailWriteAfterRows, T::kInt, "0",
       "Testing only: the first attempt of every write task fails after writing N rows.", true, 0},
      {conf::kTestTaskRoundTrip, T::kBool, "false",
       "Testing only: local mode serializes every task description and task result to protobuf "
       "bytes and reads it back, as a cluster sends them, so tests run on the round-tripped "
       "plans."},
      {conf::kTestShuffleReadBarrier, T::kString, "",
       "Testing only: a directory; every task that reads shuffle inputs first creates "
       "waiting-<task id> in it, then waits until a file named release appears there."},
  };
  return entries;
}

namespace {

const ConfigEntry* FindEntry(const std::string& key) {
  for (const auto& entry : AllConfigEntries()) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

[[noreturn]] void BadValue(std::string_view key, std::string_view value, std::string_view want) {
  Throw(ErrorKind::kInvalidArgument, "INVALID_CONF_VALUE", "The value '", value, "' of the config ",
        QuoteIdentifier(key), " is invalid: expected ", want, ".");
}

int64_t ParseInt(std::string_view key, std::string_view text) {
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) {
    BadValue(key, text, "an integer");
  }
  return value;
}

bool ParseBool(std::string_view key, std::string_view text) {
  std::string lower = AsciiLower(text);
  if (lower == "true") return true;
  if (lower == "false") return false;
  BadValue(key, text, "true or false");
}

}  // namespace

int64_t ParseByteString(std::string_view key, std::string_view text) {
  std::string lower = AsciiLower(text);
  size_t digits = 0;
  if (!lower.empty() && lower[0] == '-') digits = 1;
  while (digits < lower.size() && std::isdigit(static_cast<unsigned char>(lower[digits]))) {
    ++digits;
  }
  if (digits == 0 || (digits == 1 && lower[0] == '-')) BadValue(key, text, "a size such as 10m");
  int64_t number = ParseInt(key, std::string_view(lower).substr(0, digits));
  std::string unit = lower.substr(digits);
  int64_t multiplier = 1;
  if (unit.empty() || unit == "b")
    multiplier = 1;
  else if (unit == "k" || unit == "kb")
    multiplier = int64_t{1} << 10;
  else if (unit == "m" || unit == "mb")
    multiplier = int64_t{1} << 20;
  else if (unit == "g" || unit == "gb")
    multiplier = int64_t{1} << 30;
  else if (unit == "t" || unit == "tb")
    multiplier = int64_t{1} << 40;
  else
    BadValue(key, text, "a size such as 10m, 512k or 1g");
  return number * multiplier;
}

void Config::Set(const std::string& key, const std::string& value) {
  if (const ConfigEntry* entry = FindEntry(key)) {
    switch (entry->type) {
      case ConfigEntry::Type::kInt: {
        int64_t parsed = ParseInt(key, value);
        if (parsed < entry->min_value) {
          BadValue(key, value, StrCat("an integer >= ", entry->min_value));
        }
        break;
      }
      case ConfigEntry::Type::kBool:
        ParseBool(key, value);
        break;
      case ConfigEntry::Type::kBytes:
        ParseByteString(key, value);
        break;
      case ConfigEntry::Type::kString:
        break;
    }
  }
  values_[key] = value;
}

std::string Config::Get(const std::string& key, const std::string& fallback) const {
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  if (const ConfigEntry* entry = FindEntry(key); entry && entry->has_default) {
    return entry->default_value;
  }
  return fallback;
}

int64_t Config::GetInt(const std::string& key) const {
  return ParseInt(key, Get(key));
}
bool Config::GetBool(const std::string& key) const {
  return ParseBool(key, Get(key));
}
int64_t Config::GetBytes(const std::string& key) const {
  return ParseByteString(key, Get(key));
}

}  // namespace ember

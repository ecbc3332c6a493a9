#include "ember/scheduler/events.h"

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "ember/common/ascii.h"
#include "ember/common/error.h"

namespace ember {

int64_t NowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int EventBus::AddListener(Listener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  listeners_.push_back({next_id_, std::move(listener)});
  return next_id_++;
}

void EventBus::RemoveListener(int id) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::erase_if(listeners_, [id](const auto& entry) { return entry.first == id; });
}

void EventBus::Publish(const SchedulerEvent& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [id, listener] : listeners_) listener(event);
}

EventLogWriter::EventLogWriter(const std::string& directory, const std::string& app_id,
                               const std::string& app_name)
    : app_id_(app_id) {
  std::error_code error;
  std::string dir = directory.rfind("file:", 0) == 0 ? directory.substr(5) : directory;
  std::filesystem::create_directories(dir, error);
  path_ = dir + "/" + app_id;
  file_ = std::fopen(path_.c_str(), "w");
  if (file_ == nullptr) {
    Throw(ErrorKind::kIo, "EVENT_LOG_ERROR", "Cannot create event log ", path_,
          "; check spark.eventLog.dir.");
  }
  std::fprintf(file_, "{\"Event\":\"SparkListenerLogStart\",\"Spark Version\":\"ember-0.1\"}\n");
  std::fprintf(file_,
               "{\"Event\":\"SparkListenerApplicationStart\",\"App Name\":%s,\"App ID\":%s,"
               "\"Timestamp\":%lld}\n",
               JsonQuote(app_name).c_str(), JsonQuote(app_id).c_str(),
               static_cast<long long>(NowMillis()));
  std::fflush(file_);
}

EventLogWriter::~EventLogWriter() {
  if (file_ != nullptr) {
    std::fprintf(file_, "{\"Event\":\"SparkListenerApplicationEnd\",\"Timestamp\":%lld}\n",
                 static_cast<long long>(NowMillis()));
    std::fclose(file_);
  }
}

void EventLogWriter::Write(const SchedulerEvent& e) {
  std::string line = "{\"Event\":" + JsonQuote(e.type);
  if (e.type == "SparkListenerJobStart") {
    line +=
        StrCat(",\"Job ID\":", e.job_id, ",\"Submission Time\":", e.time_ms, ",\"Stage IDs\":[");
    for (size_t i = 0; i < e.stage_ids.size(); ++i) line += StrCat(i ? "," : "", e.stage_ids[i]);
    line += "],\"Properties\":{\"callSite.short\":" + JsonQuote(e.name) + "}";
  } else if (e.type == "SparkListenerJobEnd") {
    line +=
        StrCat(",\"Job ID\":", e.job_id, ",\"Completion Time\":", e.time_ms,
               ",\"Job Result\":{\"Result\":", e.success ? "\"JobSucceeded\"" : "\"JobFailed\"");
    if (!e.success) line += ",\"Exception\":{\"Message\":" + JsonQuote(e.failure) + "}";
    line += "}";
  } else if (e.type == "SparkListenerStageSubmitted" || e.type == "SparkListenerStageCompleted") {
    line += StrCat(
        ",\"Stage Info\":{\"Stage ID\":", e.stage_id, ",\"Stage Attempt ID\":", e.stage_attempt,
        ",\"Stage Name\":", JsonQuote(e.name), ",\"Number of Tasks\":", e.num_tasks,
        e.type == "SparkListenerStageSubmitted" ? ",\"Submission Time\":" : ",\"Completion Time\":",
        e.time_ms);
    if (!e.success) line += ",\"Failure Reason\":" + JsonQuote(e.failure);
    line += "}";
  } else if (e.type == "SparkListenerTaskStart" || e.type == "SparkListenerTaskEnd") {
    line += StrCat(",\"Stage ID\":", e.stage_id, ",\"Stage Attempt ID\":", e.stage_attempt,
                   ",\"Task Info\":{\"Task ID\":", e.task_id, ",\"Index\":", e.partition,
                   ",\"Attempt\":", e.attempt, ",\"Partition ID\":", e.partition,
                   ",\"Executor ID\":", JsonQuote(e.executor_id), ",\"Host\":\"localhost\"",
                   e.type == "SparkListenerTaskStart" ? ",\"Launch Time\":" : ",\"Finish Time\":",
                   e.time_ms, ",\"Failed\":", e.success ? "false" : "true", "}");
    if (e.type == "SparkListenerTaskEnd") {
      line += StrCat(",\"Task End Reason\":{\"Reason\":",
                     e.success ? "\"Success\"" : "\"ExceptionFailure\"");
      if (!e.success) line += ",\"Description\":" + JsonQuote(e.failure);
      const TaskMetrics& m = e.metrics;
      line +=
          StrCat("},\"Task Metrics\":{\"Executor Run Time\":", static_cast<int64_t>(e.duration_ms),
                 ",\"Input Metrics\":{\"Records Read\":", m.input_rows, "}",
                 ",\"Output Metrics\":{\"Records Written\":", m.output_rows,
                 ",\"Bytes Written\":", m.output_bytes, "}",
                 ",\"Shuffle Read Metrics\":{\"Total Records Read\":", m.shuffle_read_rows,
                 ",\"Local Bytes Read\":", m.shuffle_read_bytes, "}",
                 ",\"Shuffle Write Metrics\":{\"Shuffle Bytes Written\":", m.shuffle_write_bytes,
                 ",\"Shuffle Records Written\":", m.shuffle_write_rows, "}}");
    }
  }
  line += "}\n";
  std::lock_guard<std::mutex> lock(mutex_);
  std::fputs(line.c_str(), file_);
  std::fflush(file_);
}

}  // namespace ember

#include "ember/runtime/driver/session_state.h"

#include <unistd.h>

#include <charconv>
#include <filesystem>
#include <functional>
#include <random>
#include <set>
#include <sstream>
#include <thread>

#include "ember/functions/builtin_functions.h"
#include "ember/io/local_file_system.h"
#include "ember/optimizer/optimizer.h"
#include "ember/planner/planner.h"
#include "ember/runtime/driver/cluster_backend.h"
#include "ember/runtime/driver/local_backend.h"
#include "ember/shuffle/shuffle_files.h"

namespace ember {

MasterSpec ParseMaster(const std::string& master) {
  auto bad = [&]() -> MasterSpec {
    Throw(ErrorKind::kInvalidArgument, "INVALID_MASTER_URL", "Invalid master URL '", master, "' (",
          conf::kMaster,
          "): use local, local[N], local[*], local[N,F] or local-cluster[W,C,M]. Standalone "
          "masters (ember://host:port) are not available in this build yet.");
  };
  auto cores = [] { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); };
  if (master == "local") return {1, -1};
  if (master.rfind("local-cluster[", 0) == 0 && master.back() == ']') {
    std::string inside = master.substr(14, master.size() - 15);
    int values[3] = {0, 0, 0};
    size_t start = 0;
    for (int k = 0; k < 3; ++k) {
      size_t comma = k < 2 ? inside.find(',', start) : inside.size();
      if (comma == std::string::npos) return bad();
      const char* first = inside.data() + start;
      const char* last = inside.data() + comma;
      auto [ptr, ec] = std::from_chars(first, last, values[k]);
      if (ec != std::errc() || ptr != last || values[k] < 1) return bad();
      start = comma + 1;
    }
    MasterSpec spec;
    spec.executors = values[0];
    spec.cores_per_executor = values[1];
    spec.memory_mb = values[2];
    spec.slots = values[0] * values[1];
    return spec;
  }
  if (master.rfind("local[", 0) != 0 || master.back() != ']') return bad();
  std::string inside = master.substr(6, master.size() - 7);
  std::string threads = inside, failures;
  if (auto comma = inside.find(','); comma != std::string::npos) {
    threads = inside.substr(0, comma);
    failures = inside.substr(comma + 1);
  }
  MasterSpec spec;
  if (threads == "*") {
    spec.slots = cores();
  } else {
    auto [ptr, ec] = std::from_chars(threads.data(), threads.data() + threads.size(), spec.slots);
    if (ec != std::errc() || ptr != threads.data() + threads.size() || spec.slots < 1) return bad();
  }
  if (!failures.empty()) {
    auto [ptr, ec] =
        std::from_chars(failures.data(), failures.data() + failures.size(), spec.max_failures);
    if (ec != std::errc() || ptr != failures.data() + failures.size() || spec.max_failures < 1)
      return bad();
  }
  return spec;
}

namespace {

/// Tags of the jobs each thread starts, by session (app id): Spark's tags are thread-local.
thread_local std::map<std::string, std::set<std::string>> thread_job_tags;

/// Returns the `ember` binary local-cluster executors run: ember.executor.binary, else
/// $EMBER_EXECUTOR_BINARY, else `ember` next to the running program.
std::string ExecutorBinary(const Config& config) {
  namespace fs = std::filesystem;
  std::string binary = config.Get(conf::kExecutorBinary);
  if (binary.empty()) {
    if (const char* from_environment = std::getenv("EMBER_EXECUTOR_BINARY"))
      binary = from_environment;
  }
  if (binary.empty()) {
    std::error_code error;
    fs::path self = fs::read_symlink("/proc/self/exe", error);
    if (!error) binary = (self.parent_path() / "ember").string();
  }
  if (binary.empty() || ::access(binary.c_str(), X_OK) != 0) {
    Throw(ErrorKind::kInvalidArgument, "EXECUTOR_BINARY_NOT_FOUND",
          "Cannot start local-cluster executors: '", binary,
          "' is not an executable `ember` binary. Set ", conf::kExecutorBinary,
          " or EMBER_EXECUTOR_BINARY to its path.");
  }
  return binary;
}

std::string MakeAppId() {
  static std::atomic<int> counter{0};
  return StrCat("local-", NowMillis(), "-", ::getpid(), "-", counter++);
}

}  // namespace

SessionState::SessionState(Config config) : config_(std::move(config)) {
  master_ = ParseMaster(config_.Get(conf::kMaster));
  if (master_.max_failures > 0)
    config_.Set(conf::kTaskMaxFailures, std::to_string(master_.max_failures));
  app_id_ = MakeAppId();
  shuffle_directory_ = config_.Get(conf::kLocalDir) + "/ember-" + app_id_;
  if (config_.GetBool(conf::kEventLogEnabled)) {
    event_log_ = std::make_unique<EventLogWriter>(config_.Get(conf::kEventLogDir), app_id_,
                                                  config_.Get(conf::kAppName));
    EventLogWriter* log = event_log_.get();
    events_.AddListener([log](const SchedulerEvent& event) { log->Write(event); });
  }
  executor_ = std::make_unique<ExecutorEnv>("driver", shuffle_directory_, BuiltinFunctions());
  if (master_.executors > 0) {
    ClusterSpec spec;
    spec.executors = master_.executors;
    spec.cores = master_.cores_per_executor;
    spec.memory_mb = master_.memory_mb;
    spec.binary = ExecutorBinary(config_);
    spec.work_directory = shuffle_directory_;
    spec.registration_timeout =
        std::chrono::milliseconds(config_.GetInt(conf::kExecutorRegistrationTimeout));
    backend_ = std::make_unique<ClusterBackend>(std::move(spec));
  } else {
    backend_ = std::make_unique<LocalBackend>(master_.slots, *executor_);
  }
  scheduler_ = std::make_unique<DagScheduler>(*backend_, events_, BuiltinFunctions());
}

SessionState::~SessionState() {
  Stop();
}

void SessionState::Stop() {
  if (stopped_) return;
  stopped_ = true;
  scheduler_.reset();
  backend_.reset();  // joins the executor threads
  RemoveShuffleDirectory(shuffle_directory_);
  event_log_.reset();
}

const FunctionRegistry& SessionState::registry() const {
  return BuiltinFunctions();
}

Analyzer SessionState::analyzer() const {
  return Analyzer(BuiltinFunctions(), config_.GetBool(conf::kCaseSensitive));
}

int SessionState::default_parallelism() const {
  if (config_.Contains(conf::kDefaultParallelism)) {
    return static_cast<int>(config_.GetInt(conf::kDefaultParallelism));
  }
  return master_.slots;
}

std::string SessionState::event_log_path() const {
  return event_log_ ? event_log_->path() : "";
}

LogicalPlanPtr SessionState::MarkCached(const LogicalPlanPtr& plan) {
  std::vector<LogicalPlanPtr> children;
  bool changed = false;
  for (const auto& child : plan->children) {
    children.push_back(MarkCached(child));
    changed |= children.back() != child;
  }
  int64_t cache_id = -1;
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cached_.find(plan.get());
    if (it != cached_.end()) cache_id = it->second.second;
  }
  if (!changed && cache_id < 0) return plan;
  auto copy = std::make_shared<LogicalPlan>(*plan);
  copy->children = std::move(children);
  if (cache_id >= 0) copy->cache_id = cache_id;
  return copy;
}

LogicalPlanPtr SessionState::Optimize(const LogicalPlanPtr& analyzed) {
  std::set<std::string> excluded;
  std::stringstream rules(config_.Get("spark.sql.optimizer.excludedRules"));
  std::string rule;
  while (std::getline(rules, rule, ',')) {
    if (!rule.empty()) excluded.insert(rule);
  }
  return Optimizer(excluded).Optimize(MarkCached(analyzed));
}

PhysicalPlanPtr SessionState::PlanPhysical(const LogicalPlanPtr& analyzed) {
  Planner planner(config_, BuiltinFunctions(), default_parallelism());
  return planner.Plan(Optimize(analyzed));
}

std::vector<BatchPtr> SessionState::Execute(const LogicalPlanPtr& analyzed,
                                            const std::string& description,
                                            const std::vector<int>& partitions) {
  if (stopped_) {
    Throw(ErrorKind::kInvalidArgument, "SESSION_STOPPED", "Cannot run ", description,
          ": the session was stopped.");
  }
  JobRequest request;
  request.plan = PlanPhysical(analyzed);
  request.partitions = partitions;
  request.description = description;
  request.tags = Tags();
  std::vector<std::vector<BatchPtr>> results = scheduler_->RunJob(request, config_);
  std::vector<BatchPtr> out;
  for (auto& batches : results) {
    for (auto& batch : batches) out.push_back(std::move(batch));
  }
  return out;
}

namespace {

std::string RandomJobId() {
  std::random_device device;
  std::mt19937_64 random(device());
  char text[40];
  uint64_t a = random(), b = random();
  std::snprintf(
      text, sizeof(text), "%08llx-%04llx-%04llx-%04llx-%012llx",
      static_cast<unsigned long long>(a >> 32), static_cast<unsigned long long>((a >> 16) & 0xFFFF),
      static_cast<unsigned long long>(a & 0xFFFF), static_cast<unsigned long long>(b >> 48),
      static_cast<unsigned long long>(b & 0xFFFFFFFFFFFFULL));
  return text;
}

}  // namespace

void SessionState::WriteFiles(const LogicalPlanPtr& analyzed, WriteSpec spec, SaveMode mode) {
  namespace fs = std::filesystem;
  fs::path destination = fs::absolute(StripFileScheme(spec.destination));
  spec.destination = destination.string();
  std::error_code error;
  bool exists = fs::exists(destination, error);
  if (exists && mode == SaveMode::kIgnore) return;
  if (exists && mode == SaveMode::kErrorIfExists) {
    Throw(ErrorKind::kAnalysis, "PATH_ALREADY_EXISTS", "Path file:", destination.string(),
          " already exists. Set mode as \"overwrite\" to overwrite the existing path.");
  }
  if (exists && mode == SaveMode::kOverwrite) {
    // Overwriting deletes the destination's files, so it must not be one of the query's inputs.
    std::string prefix = destination.string() + "/";
    std::function<void(const LogicalPlan&)> check = [&](const LogicalPlan& node) {
      if (node.kind == LogicalKind::kFileScan) {
        for (const auto& file : node.file_source->index.files) {
          if (fs::absolute(file.path).string().rfind(prefix, 0) == 0) {
            Throw(ErrorKind::kAnalysis, "UNSUPPORTED_OVERWRITE.PATH", "Cannot overwrite the path ",
                  destination.string(), " that is also being read from.");
          }
        }
      }
      for (const auto& child : node.children) check(*child);
    };
    check(*analyzed);
  }
  if (exists && !fs::is_directory(destination)) {
    Throw(ErrorKind::kIo, "PATH_NOT_A_DIRECTORY", "Cannot write into ", destination.string(),
          ": it is a file, not a directory.");
  }
  spec.job_id = RandomJobId();
  fs::create_directories(spec.StagingDirectory());
  auto write = std::make_shared<const WriteSpec>(spec);
  try {
    JobRequest request;
    request.plan = PlanPhysical(analyzed);
    request.description = "save " + spec.format;
    request.write = write;
    request.tags = Tags();
    scheduler_->RunJob(request, config_);
  } catch (...) {
    fs::remove_all(spec.StagingDirectory(), error);
    if (fs::is_empty(destination / "_temporary", error))
      fs::remove(destination / "_temporary", error);
    if (!exists && fs::is_empty(destination, error)) fs::remove(destination, error);
    throw;
  }
  // Job commit: replace (overwrite) or extend the destination, then mark it complete.
  if (mode == SaveMode::kOverwrite) {
    for (const auto& entry : fs::directory_iterator(destination)) {
      if (entry.path().filename() != "_temporary") fs::remove_all(entry.path());
    }
  }
  fs::remove(destination / "_SUCCESS", error);
  for (const auto& task : fs::directory_iterator(spec.StagingDirectory())) {
    if (task.path().filename().string().rfind("task_", 0) != 0) continue;
    for (const auto& file : fs::recursive_directory_iterator(task.path())) {
      if (!file.is_regular_file()) continue;
      fs::path target = destination / fs::relative(file.path(), task.path());
      fs::create_directories(target.parent_path());
      fs::rename(file.path(), target);
    }
  }
  fs::remove_all(destination / "_temporary", error);
  std::FILE* success = std::fopen((destination / "_SUCCESS").c_str(), "wb");
  if (success == nullptr) {
    Throw(ErrorKind::kIo, "FILE_WRITE_FAILED", "Cannot write ", (destination / "_SUCCESS").string(),
          ".");
  }
  std::fclose(success);
}

void SessionState::Cache(const LogicalPlanPtr& plan) {
  std::lock_guard<std::mutex> lock(cache_mutex_);
  if (cached_.count(plan.get())) return;
  cached_[plan.get()] = {plan, next_cache_id_++};
}

bool SessionState::Uncache(const LogicalPlanPtr& plan) {
  int64_t cache_id;
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cached_.find(plan.get());
    if (it == cached_.end()) return false;
    cache_id = it->second.second;
    cached_.erase(it);
  }
  executor_->DropCached(cache_id);
  return true;
}

bool SessionState::IsCached(const LogicalPlanPtr& plan) {
  std::lock_guard<std::mutex> lock(cache_mutex_);
  return cached_.count(plan.get()) > 0;
}

int SessionState::CachedPartitions(const LogicalPlanPtr& plan) {
  int64_t cache_id;
  {
    std::lock_guard<std::mutex> lock(cache_mutex_);
    auto it = cached_.find(plan.get());
    if (it == cached_.end()) return 0;
    cache_id = it->second.second;
  }
  return executor_->CachedPartitions(cache_id);
}

void SessionState::AddTag(const std::string& tag) {
  if (tag.empty() || tag.find(',') != std::string::npos) {
    Throw(ErrorKind::kInvalidArgument, "INVALID_JOB_TAG", "Invalid job tag '", tag,
          "': a tag must be non-empty and must not contain ','.");
  }
  thread_job_tags[app_id_].insert(tag);
}

void SessionState::RemoveTag(const std::string& tag) {
  auto it = thread_job_tags.find(app_id_);
  if (it != thread_job_tags.end()) it->second.erase(tag);
}

std::set<std::string> SessionState::Tags() const {
  auto it = thread_job_tags.find(app_id_);
  return it == thread_job_tags.end() ? std::set<std::string>{} : it->second;
}

void SessionState::ClearTags() {
  thread_job_tags.erase(app_id_);
}

std::vector<int> SessionState::InterruptAll() {
  if (stopped_) return {};
  return scheduler_->CancelJobs([](const std::set<std::string>&) { return true; },
                                "as part of cancellation of all jobs");
}

std::vector<int> SessionState::InterruptTag(const std::string& tag) {
  if (stopped_) return {};
  return scheduler_->CancelJobs(
      [&](const std::set<std::string>& tags) { return tags.count(tag) > 0; },
      "part of cancelled job tags " + tag);
}

}  // namespace ember

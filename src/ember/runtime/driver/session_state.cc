#include "ember/runtime/driver/session_state.h"

#include <unistd.h>

#include <charconv>
#include <set>
#include <sstream>
#include <thread>

#include "ember/functions/builtin_functions.h"
#include "ember/optimizer/optimizer.h"
#include "ember/planner/planner.h"
#include "ember/runtime/driver/local_backend.h"
#include "ember/shuffle/shuffle_files.h"

namespace ember {

MasterSpec ParseMaster(const std::string& master) {
  auto bad = [&]() -> MasterSpec {
    Throw(ErrorKind::kInvalidArgument, "INVALID_MASTER_URL", "Invalid master URL '", master,
          "' (", conf::kMaster, "): use local, local[N], local[*] or local[N,F]. Cluster masters "
          "(local-cluster[...], ember://host:port) are not available in this build yet.");
  };
  auto cores = [] { return std::max(1, static_cast<int>(std::thread::hardware_concurrency())); };
  if (master == "local") return {1, -1};
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
    auto [ptr, ec] = std::from_chars(failures.data(), failures.data() + failures.size(), spec.max_failures);
    if (ec != std::errc() || ptr != failures.data() + failures.size() || spec.max_failures < 1) return bad();
  }
  return spec;
}

namespace {

std::string MakeAppId() {
  static std::atomic<int> counter{0};
  return StrCat("local-", NowMillis(), "-", ::getpid(), "-", counter++);
}

}  // namespace

SessionState::SessionState(Config config) : config_(std::move(config)) {
  master_ = ParseMaster(config_.Get(conf::kMaster));
  if (master_.max_failures > 0) config_.Set(conf::kTaskMaxFailures, std::to_string(master_.max_failures));
  app_id_ = MakeAppId();
  shuffle_directory_ = config_.Get(conf::kLocalDir) + "/ember-" + app_id_;
  if (config_.GetBool(conf::kEventLogEnabled)) {
    event_log_ = std::make_unique<EventLogWriter>(config_.Get(conf::kEventLogDir), app_id_,
                                                  config_.Get(conf::kAppName));
    EventLogWriter* log = event_log_.get();
    events_.AddListener([log](const SchedulerEvent& event) { log->Write(event); });
  }
  executor_ = std::make_unique<ExecutorEnv>("driver", shuffle_directory_, BuiltinFunctions());
  backend_ = std::make_unique<LocalBackend>(master_.slots, *executor_);
  scheduler_ = std::make_unique<DagScheduler>(*backend_, events_, BuiltinFunctions());
}

SessionState::~SessionState() { Stop(); }

void SessionState::Stop() {
  if (stopped_) return;
  stopped_ = true;
  scheduler_.reset();
  backend_.reset();  // joins the executor threads
  RemoveShuffleDirectory(shuffle_directory_);
  event_log_.reset();
}

const FunctionRegistry& SessionState::registry() const { return BuiltinFunctions(); }

Analyzer SessionState::analyzer() const {
  return Analyzer(BuiltinFunctions(), config_.GetBool(conf::kCaseSensitive));
}

int SessionState::default_parallelism() const {
  if (config_.Contains(conf::kDefaultParallelism)) {
    return static_cast<int>(config_.GetInt(conf::kDefaultParallelism));
  }
  return master_.slots;
}

std::string SessionState::event_log_path() const { return event_log_ ? event_log_->path() : ""; }

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
    Throw(ErrorKind::kInvalidArgument, "SESSION_STOPPED",
          "Cannot run ", description, ": the session was stopped.");
  }
  JobRequest request;
  request.plan = PlanPhysical(analyzed);
  request.partitions = partitions;
  request.description = description;
  std::vector<std::vector<BatchPtr>> results = scheduler_->RunJob(request, config_);
  std::vector<BatchPtr> out;
  for (auto& batches : results) {
    for (auto& batch : batches) out.push_back(std::move(batch));
  }
  return out;
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

}  // namespace ember

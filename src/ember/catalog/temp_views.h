#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "ember/plan/logical_plan.h"

namespace ember {

/// Holds a session's temporary views: names (case-insensitive, as with Spark's default
/// spark.sql.caseSensitive=false) bound to analyzed logical plans. Thread-safe.
class TempViewCatalog {
 public:
  /// Binds `name` to `plan`, replacing a view of that name (createOrReplaceTempView).
  void CreateOrReplace(const std::string& name, LogicalPlanPtr plan);
  /// Binds `name` to `plan`; throws AnalysisException [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] if the
  /// name is taken (createTempView).
  void Create(const std::string& name, LogicalPlanPtr plan);
  /// Returns the plan of view `name`; throws AnalysisException [TABLE_OR_VIEW_NOT_FOUND].
  LogicalPlanPtr Lookup(const std::string& name) const;
  bool Exists(const std::string& name) const;
  /// Removes view `name`; returns whether it existed.
  bool Drop(const std::string& name);
  /// Returns the views' names as they were created, sorted case-insensitively.
  std::vector<std::string> Names() const;

 private:
  struct View {
    std::string name;  // as the user wrote it
    LogicalPlanPtr plan;
  };
  /// Returns the lookup key of `name`, after checking it is one identifier part.
  static std::string Key(const std::string& name);

  mutable std::mutex mutex_;
  std::map<std::string, View> views_;  // key: lower-cased name
};

}  // namespace ember

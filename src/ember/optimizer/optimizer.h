#pragma once

#include <functional>
#include <set>
#include <string>
#include <vector>

#include "ember/plan/logical_plan.h"

namespace ember {

/// One named rewrite of an analyzed logical plan; must keep the plan's output unchanged.
struct OptimizerRule {
  std::string name;
  std::string doc;
  std::function<LogicalPlanPtr(const LogicalPlanPtr&)> apply;
};

/// Runs the rules in order, skipping those named in `excluded` (the value of
/// spark.sql.optimizer.excludedRules), and checks after each rule that the plan still produces the
/// same columns; a rule that breaks that fails with an internal error naming the rule.
class Optimizer {
 public:
  explicit Optimizer(std::set<std::string> excluded = {});
  LogicalPlanPtr Optimize(const LogicalPlanPtr& plan) const;
  /// Returns the rules in the order they run.
  static const std::vector<OptimizerRule>& Rules();

 private:
  std::set<std::string> excluded_;
};

}  // namespace ember

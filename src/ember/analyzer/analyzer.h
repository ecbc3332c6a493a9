#pragma once

#include "ember/expr/function_registry.h"
#include "ember/plan/logical_plan.h"

namespace ember {

/// Resolves logical plans: binds column names to attributes, functions to signatures with
/// implicit casts, expands stars, names outputs and checks the plan (unknown columns, type
/// mismatches, non-aggregated columns). It is the one binder shared by SQL and the DataFrame
/// API; the API calls it as each DataFrame is built so errors surface where the user wrote them.
class Analyzer {
 public:
  Analyzer(const FunctionRegistry& registry, bool case_sensitive)
      : registry_(registry), case_sensitive_(case_sensitive) {}

  /// Returns the resolved form of `plan`, resolving unresolved children first.
  LogicalPlanPtr Analyze(const LogicalPlanPtr& plan) const;

  /// Resolves an expression against the output of `inputs` (one plan, or two for joins).
  ExprPtr ResolveExpression(const ExprPtr& expr, const std::vector<LogicalPlanPtr>& inputs) const;

 private:
  LogicalPlanPtr ResolveNode(const LogicalPlan& plan) const;
  std::vector<ExprPtr> ResolveProjectList(const std::vector<ExprPtr>& exprs,
                                          const std::vector<LogicalPlanPtr>& inputs) const;
  ExprPtr ResolveColumn(const Expr& expr, const std::vector<LogicalPlanPtr>& inputs) const;
  ExprPtr ResolveCall(const ExprPtr& call, std::vector<ExprPtr> args) const;
  ExprPtr ResolveAggregate(const ExprPtr& call, std::vector<ExprPtr> args) const;
  LogicalPlanPtr ResolveJoin(const LogicalPlan& plan) const;
  LogicalPlanPtr ResolveAggregateNode(const LogicalPlan& plan) const;
  LogicalPlanPtr ResolveUnion(const LogicalPlan& plan) const;
  /// Resolves a sort or filter over a projection that references columns the projection dropped.
  LogicalPlanPtr ResolveMissingReferences(const LogicalPlan& plan) const;

  const FunctionRegistry& registry_;
  bool case_sensitive_;
};

/// Returns `expr` as a named expression: itself if an attribute or alias, else an alias named
/// as Spark would name the column.
ExprPtr EnsureNamed(const ExprPtr& expr);

/// Returns the attribute a named, resolved expression produces.
ExprPtr ToAttribute(const ExprPtr& named);

}  // namespace ember

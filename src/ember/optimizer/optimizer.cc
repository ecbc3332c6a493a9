#include "ember/optimizer/optimizer.h"

#include <map>

#include "ember/analyzer/analyzer.h"
#include "ember/common/error.h"

namespace ember {

namespace {

std::set<int64_t> References(const ExprPtr& expr) {
  std::set<int64_t> ids;
  if (!expr) return ids;
  VisitExpr(expr, [&](const ExprPtr& node) {
    if (node->kind == ExprKind::kAttribute) ids.insert(node->id);
  });
  return ids;
}

void AddReferences(const std::vector<ExprPtr>& exprs, std::set<int64_t>& ids) {
  for (const auto& e : exprs) {
    auto refs = References(e);
    ids.insert(refs.begin(), refs.end());
  }
}

/// Recomputes the output of nodes whose output derives from their children.
LogicalPlanPtr RefreshOutput(std::shared_ptr<LogicalPlan> node) {
  switch (node->kind) {
    case LogicalKind::kFilter:
    case LogicalKind::kSort:
    case LogicalKind::kLimit:
    case LogicalKind::kSample:
    case LogicalKind::kRepartition:
    case LogicalKind::kDistinct:
      node->output = node->children[0]->output;
      break;
    case LogicalKind::kJoin: {
      // Keep each attribute's (outer-join) nullability from the previous output.
      std::map<int64_t, ExprPtr> previous;
      for (const auto& a : node->output) previous[a->id] = a;
      std::vector<ExprPtr> out;
      size_t sides =
          node->join_type == JoinType::kLeftSemi || node->join_type == JoinType::kLeftAnti ? 1 : 2;
      for (size_t s = 0; s < sides; ++s) {
        for (const auto& a : node->children[s]->output) {
          auto it = previous.find(a->id);
          out.push_back(it != previous.end() ? it->second : a);
        }
      }
      node->output = std::move(out);
      break;
    }
    default:
      break;
  }
  return node;
}

/// Merges adjacent filters into one conjunction.
LogicalPlanPtr CombineFilters(const LogicalPlanPtr& plan) {
  if (plan->cache_id >= 0) return plan;  // a cached plan is matched as it was written
  std::vector<LogicalPlanPtr> children;
  for (const auto& child : plan->children) children.push_back(CombineFilters(child));
  auto node = std::make_shared<LogicalPlan>(*plan);
  node->children = children;
  if (node->kind == LogicalKind::kFilter && children[0]->kind == LogicalKind::kFilter) {
    const auto& inner = children[0];
    auto merged = std::make_shared<Expr>(*MakeCall("and", {inner->condition, node->condition}));
    merged->type = TypeId::kBoolean;
    merged->nullable = inner->condition->nullable || node->condition->nullable;
    merged->resolved = true;
    node->condition = merged;
    node->children = inner->children;
  }
  return node;
}

/// Moves a filter below a projection, substituting aliases, so that it runs before the
/// projection computes columns the filter does not need.
LogicalPlanPtr PushFilterThroughProject(const LogicalPlanPtr& plan) {
  if (plan->cache_id >= 0) return plan;
  std::vector<LogicalPlanPtr> children;
  for (const auto& child : plan->children) children.push_back(PushFilterThroughProject(child));
  auto node = std::make_shared<LogicalPlan>(*plan);
  node->children = children;
  if (node->kind != LogicalKind::kFilter || children[0]->kind != LogicalKind::kProject ||
      children[0]->cache_id >= 0) {
    return node;
  }
  const auto& project = children[0];
  std::map<int64_t, ExprPtr> aliases;
  for (const auto& e : project->exprs) {
    if (e->kind == ExprKind::kAlias) aliases[e->id] = e->children[0];
  }
  ExprPtr condition = TransformUp(node->condition, [&](const ExprPtr& e) -> ExprPtr {
    if (e->kind == ExprKind::kAttribute) {
      auto it = aliases.find(e->id);
      if (it != aliases.end()) return it->second;
    }
    return e;
  });
  auto filter = std::make_shared<LogicalPlan>(*node);
  filter->condition = condition;
  filter->children = project->children;
  filter->output = project->children[0]->output;
  filter->plan_id = -1;
  auto pushed = std::make_shared<LogicalPlan>(*project);
  pushed->children = {PushFilterThroughProject(filter)};
  pushed->plan_id = node->plan_id;
  return pushed;
}

LogicalPlanPtr Prune(const LogicalPlanPtr& plan, const std::set<int64_t>& required) {
  if (plan->cache_id >= 0) return plan;
  auto node = std::make_shared<LogicalPlan>(*plan);
  std::set<int64_t> child_required = required;
  switch (plan->kind) {
    case LogicalKind::kProject: {
      std::vector<ExprPtr> kept;
      for (const auto& e : plan->exprs) {
        int64_t id = e->kind == ExprKind::kAlias || e->kind == ExprKind::kAttribute ? e->id : -1;
        if (required.count(id)) kept.push_back(e);
      }
      node->exprs = kept;
      node->output.clear();
      for (const auto& e : kept) node->output.push_back(ToAttribute(e));
      child_required.clear();
      AddReferences(kept, child_required);
      break;
    }
    case LogicalKind::kFilter:
      AddReferences({plan->condition}, child_required);
      break;
    case LogicalKind::kAggregate:
      child_required.clear();
      AddReferences(plan->grouping, child_required);
      AddReferences(plan->exprs, child_required);
      break;
    case LogicalKind::kJoin:
      AddReferences({plan->condition}, child_required);
      break;
    case LogicalKind::kSort:
    case LogicalKind::kRepartition:
      AddReferences(plan->exprs, child_required);
      break;
    case LogicalKind::kDistinct:
      if (plan->exprs.empty()) {
        for (const auto& a : plan->children[0]->output) child_required.insert(a->id);
      } else {
        AddReferences(plan->exprs, child_required);
        for (const auto& a : plan->output) child_required.insert(a->id);
      }
      break;
    case LogicalKind::kFileScan: {
      // Read only the data columns used above. CSV keeps its full schema: its fields are matched
      // by position, so every column must be known to parse a line.
      const FileSource& source = *plan->file_source;
      if (source.format == "csv") return node;
      size_t data_columns = source.data_schema.size();
      std::vector<Field> kept;
      std::vector<ExprPtr> output;
      for (size_t c = 0; c < data_columns; ++c) {
        if (required.count(plan->output[c]->id)) {
          kept.push_back(source.data_schema.field(c));
          output.push_back(plan->output[c]);
        }
      }
      if (kept.size() == data_columns) return node;
      for (size_t c = data_columns; c < plan->output.size(); ++c) output.push_back(plan->output[c]);
      auto pruned = std::make_shared<FileSource>(source);
      pruned->data_schema = Schema(std::move(kept));
      node->file_source = pruned;
      node->output = std::move(output);
      return node;
    }
    case LogicalKind::kUnion: {
      // Columns match by position, so every child column stays.
      for (auto& child : node->children) {
        std::set<int64_t> all;
        for (const auto& a : child->output) all.insert(a->id);
        child = Prune(child, all);
      }
      return node;
    }
    default:
      break;
  }
  for (auto& child : node->children) child = Prune(child, child_required);
  return RefreshOutput(node);
}

/// Drops projected columns that nothing above uses, so they are never computed or shuffled.
LogicalPlanPtr PruneColumns(const LogicalPlanPtr& plan) {
  std::set<int64_t> required;
  for (const auto& a : plan->output) required.insert(a->id);
  return Prune(plan, required);
}

}  // namespace

const std::vector<OptimizerRule>& Optimizer::Rules() {
  static const std::vector<OptimizerRule> rules = {
      {"CombineFilters", "Merges adjacent filters into one conjunction.", CombineFilters},
      {"PushDownPredicates", "Moves filters below projections.", PushFilterThroughProject},
      // Runs last: earlier rules may leave projections whose columns are no longer needed.
      {"ColumnPruning", "Drops unused projected columns.", PruneColumns},
  };
  return rules;
}

Optimizer::Optimizer(std::set<std::string> excluded) : excluded_(std::move(excluded)) {}

LogicalPlanPtr Optimizer::Optimize(const LogicalPlanPtr& plan) const {
  LogicalPlanPtr current = plan;
  for (const auto& rule : Rules()) {
    if (excluded_.count(rule.name)) continue;
    LogicalPlanPtr next = rule.apply(current);
    bool same_output = next->output.size() == current->output.size();
    for (size_t i = 0; same_output && i < next->output.size(); ++i) {
      same_output = next->output[i]->id == current->output[i]->id &&
                    next->output[i]->type == current->output[i]->type;
    }
    EMBER_CHECK(same_output, "optimizer rule ", rule.name, " changed the plan's output");
    current = next;
  }
  return current;
}

}  // namespace ember

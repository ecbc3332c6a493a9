#include "ember/analyzer/analyzer.h"

#include <algorithm>
#include <functional>
#include <set>

#include "ember/common/error.h"
#include "ember/expr/evaluator.h"

namespace ember {

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t previous = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t current = row[j];
      bool same = std::tolower(static_cast<unsigned char>(a[i - 1])) ==
                  std::tolower(static_cast<unsigned char>(b[j - 1]));
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, previous + (same ? 0 : 1)});
      previous = current;
    }
  }
  return row[b.size()];
}

std::vector<ExprPtr> OutputOf(const std::vector<LogicalPlanPtr>& inputs) {
  std::vector<ExprPtr> out;
  for (const auto& input : inputs)
    out.insert(out.end(), input->output.begin(), input->output.end());
  return out;
}

[[noreturn]] void ThrowUnresolvedColumn(const std::string& name,
                                        const std::vector<ExprPtr>& candidates) {
  std::vector<std::pair<size_t, std::string>> ranked;
  for (const auto& attribute : candidates) {
    ranked.push_back({EditDistance(name, attribute->name), attribute->name});
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::string suggestions;
  for (size_t i = 0; i < ranked.size() && i < 5; ++i) {
    suggestions += (i > 0 ? ", " : "") + QuoteIdentifier(ranked[i].second);
  }
  Throw(ErrorKind::kAnalysis, "UNRESOLVED_COLUMN.WITH_SUGGESTION",
        "A column, variable, or function parameter with name ", QuoteIdentifier(name),
        " cannot be resolved. Did you mean one of the following? [", suggestions, "].");
}

/// Finds the node created by DataFrame `plan_id` in `plan`'s subtree.
const LogicalPlan* FindPlan(const LogicalPlan& plan, int64_t plan_id) {
  if (plan.plan_id == plan_id) return &plan;
  for (const auto& child : plan.children) {
    if (const LogicalPlan* found = FindPlan(*child, plan_id)) return found;
  }
  return nullptr;
}

bool NamesMatch(const std::string& a, const std::string& b, bool case_sensitive) {
  return case_sensitive ? a == b : EqualsIgnoreCase(a, b);
}

/// Returns whether two resolved expressions compute the same thing (ignoring alias names).
bool SemanticEquals(const ExprPtr& a, const ExprPtr& b) {
  if (a->kind == ExprKind::kAlias) return SemanticEquals(a->children[0], b);
  if (b->kind == ExprKind::kAlias) return SemanticEquals(a, b->children[0]);
  if (a->kind != b->kind || a->children.size() != b->children.size()) return false;
  switch (a->kind) {
    case ExprKind::kAttribute:
      if (a->id != b->id) return false;
      break;
    case ExprKind::kLiteral:
      if (!(a->literal == b->literal)) return false;
      break;
    case ExprKind::kCast:
      if (a->type != b->type || a->try_cast != b->try_cast) return false;
      break;
    case ExprKind::kCall:
    case ExprKind::kAggregate:
      if (a->name != b->name || a->distinct != b->distinct) return false;
      break;
    default:
      break;
  }
  for (size_t i = 0; i < a->children.size(); ++i) {
    if (!SemanticEquals(a->children[i], b->children[i])) return false;
  }
  return true;
}

/// Computes whether a resolved call can return null.
bool CallNullable(const std::string& name, const std::vector<ExprPtr>& args,
                  const BoundScalar& bound) {
  auto any = [&](size_t from, size_t step) {
    for (size_t i = from; i < args.size(); i += step) {
      if (args[i]->nullable) return true;
    }
    return false;
  };
  if (name == "isnull" || name == "isnotnull" || name == "equal_null_safe" || name == "isnan") {
    return false;
  }
  if (name == "coalesce") {
    return std::all_of(args.begin(), args.end(), [](const ExprPtr& a) { return a->nullable; });
  }
  if (name == "case_when") {
    bool has_else = args.size() % 2 == 1;
    return !has_else || any(1, 2) || args.back()->nullable;
  }
  return any(0, 1) || bound.may_introduce_nulls;
}

ExprPtr CastTo(const ExprPtr& expr, const DataType& type) {
  if (expr->type == type) return expr;
  if (expr->kind == ExprKind::kLiteral && expr->literal.is_null()) {
    return MakeLiteral(Value::Null(type));
  }
  auto cast = std::make_shared<Expr>(*MakeCast(expr, type));
  cast->resolved = true;
  cast->implicit = true;
  cast->nullable = expr->nullable;
  return cast;
}

}  // namespace

ExprPtr EnsureNamed(const ExprPtr& expr) {
  if (expr->kind == ExprKind::kAttribute || expr->kind == ExprKind::kAlias) return expr;
  return MakeAlias(expr, OutputName(*expr));
}

ExprPtr ToAttribute(const ExprPtr& named) {
  if (named->kind == ExprKind::kAttribute) return named;
  EMBER_CHECK(named->kind == ExprKind::kAlias, "not a named expression: ", named->ToString());
  return MakeAttribute(named->name, named->type, named->nullable, named->id);
}

ExprPtr Analyzer::ResolveColumn(const Expr& expr, const std::vector<LogicalPlanPtr>& inputs) const {
  std::vector<ExprPtr> available = OutputOf(inputs);
  if (expr.plan_id >= 0) {
    // df["col"]: resolve in the DataFrame it came from, then require it to be visible here.
    // The same DataFrame on both sides of a join makes that ambiguous.
    std::vector<ExprPtr> pinned;
    for (const auto& input : inputs) {
      const LogicalPlan* origin = FindPlan(*input, expr.plan_id);
      if (origin == nullptr) continue;
      for (const auto& attribute : origin->output) {
        if (!NamesMatch(attribute->name, expr.name, case_sensitive_)) continue;
        for (const auto& visible : available) {
          bool seen = std::any_of(pinned.begin(), pinned.end(),
                                  [&](const ExprPtr& p) { return p->id == visible->id; });
          if (visible->id == attribute->id && !seen) pinned.push_back(visible);
        }
      }
    }
    if (pinned.size() > 1) {
      Throw(ErrorKind::kAnalysis, "AMBIGUOUS_COLUMN_REFERENCE", "Column ",
            QuoteIdentifier(expr.name),
            " is ambiguous. It's because you joined several DataFrames together, and some of "
            "these DataFrames are the same. This column points to one of the DataFrames but "
            "Ember is unable to figure out which one. Rename the columns of one side (e.g. with "
            "withColumnRenamed) before joining.");
    }
    if (pinned.size() == 1) return pinned[0];
  }
  std::vector<ExprPtr> matches;
  for (const auto& attribute : available) {
    if (NamesMatch(attribute->name, expr.name, case_sensitive_)) matches.push_back(attribute);
  }
  if (matches.empty()) {
    // "t.col" style: fall back to the last component.
    auto dot = expr.name.rfind('.');
    if (dot != std::string::npos && dot + 1 < expr.name.size()) {
      Expr tail = expr;
      tail.name = expr.name.substr(dot + 1);
      for (const auto& attribute : available) {
        if (NamesMatch(attribute->name, tail.name, case_sensitive_)) matches.push_back(attribute);
      }
    }
  }
  if (matches.empty()) ThrowUnresolvedColumn(expr.name, available);
  if (matches.size() > 1) {
    std::set<int64_t> ids;
    for (const auto& m : matches) ids.insert(m->id);
    if (ids.size() > 1) {
      Throw(ErrorKind::kAnalysis, "AMBIGUOUS_REFERENCE", "Reference ", QuoteIdentifier(expr.name),
            " is ambiguous, could be: [", QuoteIdentifier(matches[0]->name), ", ",
            QuoteIdentifier(matches[1]->name), "]. Select it through its DataFrame, e.g. df[\"",
            expr.name, "\"].");
    }
  }
  return matches[0];
}

ExprPtr Analyzer::ResolveCall(const ExprPtr& call, std::vector<ExprPtr> args) const {
  std::vector<DataType> types;
  for (const auto& arg : args) types.push_back(arg->type);
  BoundScalar bound = registry_.BindScalar(call->name, types);
  for (size_t i = 0; i < args.size() && i < bound.arg_types.size(); ++i) {
    args[i] = CastTo(args[i], bound.arg_types[i]);
  }
  auto resolved = std::make_shared<Expr>(*call);
  resolved->type = bound.result_type;
  resolved->nullable = CallNullable(call->name, args, bound);
  resolved->children = std::move(args);
  resolved->resolved = true;
  return resolved;
}

ExprPtr Analyzer::ResolveAggregate(const ExprPtr& call, std::vector<ExprPtr> args) const {
  for (const auto& arg : args) {
    if (arg->ContainsAggregate()) {
      Throw(ErrorKind::kAnalysis, "NESTED_AGGREGATE_FUNCTION",
            "It is not allowed to use an aggregate function in the argument of another aggregate "
            "function: ",
            call->ToString(), ".");
    }
  }
  std::vector<DataType> types;
  for (const auto& arg : args) types.push_back(arg->type);
  BoundAggregate bound = registry_.BindAggregate(call->name, types);
  for (size_t i = 0; i < args.size() && i < bound.arg_types.size(); ++i) {
    args[i] = CastTo(args[i], bound.arg_types[i]);
  }
  if (bound.check_constant_args) {
    std::vector<std::optional<Value>> constants;
    for (const auto& arg : args) constants.push_back(FoldConstant(arg, registry_));
    bound.check_constant_args(constants);
  }
  auto resolved = std::make_shared<Expr>(*call);
  resolved->type = bound.result_type;
  resolved->nullable = bound.result_nullable;
  resolved->children = std::move(args);
  resolved->resolved = true;
  return resolved;
}

ExprPtr Analyzer::ResolveExpression(const ExprPtr& expr,
                                    const std::vector<LogicalPlanPtr>& inputs) const {
  switch (expr->kind) {
    case ExprKind::kUnresolvedColumn:
      return ResolveColumn(*expr, inputs);
    case ExprKind::kAttribute:
    case ExprKind::kLiteral:
      return expr;
    case ExprKind::kStar:
      Throw(ErrorKind::kAnalysis, "INVALID_USAGE_OF_STAR_OR_REGEX",
            "Invalid usage of '*' in expression ", expr->ToString(),
            ": a star is only allowed in select() or count(*).");
    case ExprKind::kBoundReference:
      Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "bound reference in a logical plan");
    default:
      break;
  }
  if (expr->kind == ExprKind::kAggregate && expr->name == "count" && expr->children.size() == 1 &&
      expr->children[0]->kind == ExprKind::kStar) {
    // count(*) counts rows: Spark rewrites it to count(1).
    return ResolveAggregate(MakeAggregate("count", {MakeLiteral(Value::Int(1))}),
                            {MakeLiteral(Value::Int(1))});
  }
  std::vector<ExprPtr> children;
  for (const auto& child : expr->children) children.push_back(ResolveExpression(child, inputs));
  switch (expr->kind) {
    case ExprKind::kAlias: {
      auto alias = std::make_shared<Expr>(*expr);
      alias->type = children[0]->type;
      alias->nullable = children[0]->nullable;
      alias->children = std::move(children);
      alias->resolved = true;
      return alias;
    }
    case ExprKind::kCast: {
      registry_.cast_binder()(children[0]->type, expr->type, expr->try_cast);  // validates
      auto cast = std::make_shared<Expr>(*expr);
      cast->nullable =
          children[0]->nullable || expr->try_cast || children[0]->type.id() == TypeId::kString;
      cast->children = std::move(children);
      cast->resolved = true;
      return cast;
    }
    case ExprKind::kSortOrder: {
      auto order = std::make_shared<Expr>(*expr);
      order->type = children[0]->type;
      order->nullable = children[0]->nullable;
      order->children = std::move(children);
      order->resolved = true;
      return order;
    }
    case ExprKind::kCall:
      return ResolveCall(expr, std::move(children));
    case ExprKind::kAggregate:
      return ResolveAggregate(expr, std::move(children));
    default:
      break;
  }
  Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "cannot resolve ", expr->ToString());
}

std::vector<ExprPtr> Analyzer::ResolveProjectList(const std::vector<ExprPtr>& exprs,
                                                  const std::vector<LogicalPlanPtr>& inputs) const {
  std::vector<ExprPtr> out;
  for (const auto& expr : exprs) {
    if (expr->kind == ExprKind::kStar) {
      for (const auto& attribute : OutputOf(inputs)) out.push_back(attribute);
      continue;
    }
    out.push_back(EnsureNamed(ResolveExpression(expr, inputs)));
  }
  return out;
}

LogicalPlanPtr Analyzer::Analyze(const LogicalPlanPtr& plan) const {
  if (plan->resolved) return plan;
  std::vector<LogicalPlanPtr> children;
  for (const auto& child : plan->children) children.push_back(Analyze(child));
  LogicalPlan copy = *plan;
  copy.children = std::move(children);
  return ResolveNode(copy);
}

LogicalPlanPtr Analyzer::ResolveAggregateNode(const LogicalPlan& plan) const {
  auto node = std::make_shared<LogicalPlan>(plan);
  const auto& inputs = plan.children;
  node->grouping.clear();
  for (const auto& key : plan.grouping) {
    ExprPtr resolved = ResolveExpression(key, inputs);
    if (resolved->ContainsAggregate()) {
      Throw(ErrorKind::kAnalysis, "GROUP_BY_AGGREGATE",
            "Aggregate functions are not allowed in GROUP BY, but found ", resolved->ToString(),
            ".");
    }
    node->grouping.push_back(resolved);
  }
  node->exprs = ResolveProjectList(plan.exprs, inputs);
  // Every column outside an aggregate must be (part of) a grouping expression.
  std::function<void(const ExprPtr&)> check = [&](const ExprPtr& expr) {
    if (expr->kind == ExprKind::kAggregate || expr->kind == ExprKind::kLiteral) return;
    for (const auto& key : node->grouping) {
      if (SemanticEquals(expr, key)) return;
    }
    if (expr->kind == ExprKind::kAttribute) {
      Throw(ErrorKind::kAnalysis, "MISSING_AGGREGATION", "The non-aggregating expression \"",
            expr->name,
            "\" is based on columns which are not participating in the GROUP BY "
            "clause. Add the columns or the expression to the GROUP BY, aggregate the expression, "
            "or use \"any_value(",
            expr->name,
            ")\" if you do not care which of the values within "
            "a group is returned.");
    }
    for (const auto& child : expr->children) check(child);
  };
  for (const auto& expr : node->exprs) {
    check(expr->kind == ExprKind::kAlias ? expr->children[0] : expr);
  }
  for (const auto& expr : node->exprs) node->output.push_back(ToAttribute(expr));
  node->resolved = true;
  return node;
}

LogicalPlanPtr Analyzer::ResolveJoin(const LogicalPlan& plan) const {
  auto node = std::make_shared<LogicalPlan>(plan);
  LogicalPlanPtr left = plan.children[0];
  LogicalPlanPtr right = plan.children[1];
  // A self-join sees the same attributes twice; give the right side fresh ids.
  std::set<int64_t> left_ids;
  for (const auto& attribute : left->output) left_ids.insert(attribute->id);
  bool overlap = std::any_of(right->output.begin(), right->output.end(),
                             [&](const ExprPtr& a) { return left_ids.count(a->id) > 0; });
  if (overlap) {
    auto renamed = std::make_shared<LogicalPlan>();
    renamed->kind = LogicalKind::kProject;
    renamed->children = {right};
    renamed->plan_id = right->plan_id;
    for (const auto& attribute : right->output) {
      ExprPtr alias = MakeAlias(attribute, attribute->name);
      renamed->exprs.push_back(alias);
      renamed->output.push_back(ToAttribute(alias));
    }
    renamed->resolved = true;
    right = renamed;
  }
  node->children = {left, right};
  std::vector<LogicalPlanPtr> inputs = {left, right};

  std::vector<std::pair<ExprPtr, ExprPtr>> using_pairs;
  ExprPtr condition;
  for (const auto& name : plan.using_columns) {
    ExprPtr l = ResolveColumn(*MakeUnresolvedColumn(name), {left});
    ExprPtr r = ResolveColumn(*MakeUnresolvedColumn(name), {right});
    using_pairs.push_back({l, r});
    ExprPtr equal = ResolveExpression(MakeCall("equal", {l, r}), inputs);
    condition = condition ? ResolveExpression(MakeCall("and", {condition, equal}), inputs) : equal;
  }
  if (plan.condition) {
    ExprPtr resolved = ResolveExpression(plan.condition, inputs);
    if (resolved->type.id() != TypeId::kBoolean) {
      Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "Join condition ",
            resolved->ToString(), " has type \"", resolved->type.SimpleString(),
            "\", not boolean.");
    }
    condition =
        condition ? ResolveExpression(MakeCall("and", {condition, resolved}), inputs) : resolved;
  }
  node->condition = condition;
  node->using_columns.clear();

  JoinType type = plan.join_type;
  auto with_nullability = [](const std::vector<ExprPtr>& attributes, bool nullable) {
    std::vector<ExprPtr> out;
    for (const auto& a : attributes) {
      out.push_back(MakeAttribute(a->name, a->type, a->nullable || nullable, a->id));
    }
    return out;
  };
  std::vector<ExprPtr> left_out =
      with_nullability(left->output, type == JoinType::kRightOuter || type == JoinType::kFullOuter);
  std::vector<ExprPtr> right_out =
      with_nullability(right->output, type == JoinType::kLeftOuter || type == JoinType::kFullOuter);
  if (type == JoinType::kLeftSemi || type == JoinType::kLeftAnti) {
    node->output = left_out;
  } else {
    node->output = left_out;
    node->output.insert(node->output.end(), right_out.begin(), right_out.end());
  }
  node->resolved = true;
  if (using_pairs.empty() || type == JoinType::kLeftSemi || type == JoinType::kLeftAnti) {
    return node;
  }
  // join(..., on=[names]): the key columns appear once, first, as in Spark.
  auto project = std::make_shared<LogicalPlan>();
  project->kind = LogicalKind::kProject;
  project->children = {node};
  project->plan_id = plan.plan_id;
  std::set<int64_t> key_ids;
  for (const auto& [l, r] : using_pairs) {
    key_ids.insert(l->id);
    key_ids.insert(r->id);
    auto find = [&](const std::vector<ExprPtr>& attrs, int64_t id) {
      for (const auto& a : attrs) {
        if (a->id == id) return a;
      }
      return ExprPtr();
    };
    ExprPtr lk = find(left_out, l->id), rk = find(right_out, r->id);
    ExprPtr key;
    if (type == JoinType::kRightOuter)
      key = rk;
    else if (type == JoinType::kFullOuter) {
      key = MakeAlias(ResolveExpression(MakeCall("coalesce", {lk, rk}), {node}), l->name);
    } else {
      key = lk;
    }
    project->exprs.push_back(key);
  }
  for (const auto& a : node->output) {
    if (key_ids.count(a->id) == 0) project->exprs.push_back(a);
  }
  for (const auto& e : project->exprs) project->output.push_back(ToAttribute(e));
  project->resolved = true;
  return project;
}

LogicalPlanPtr Analyzer::ResolveUnion(const LogicalPlan& plan) const {
  const auto& left = plan.children[0];
  const auto& right = plan.children[1];
  if (left->output.size() != right->output.size()) {
    Throw(ErrorKind::kAnalysis, "NUM_COLUMNS_MISMATCH",
          "UNION can only be performed on inputs with the same number of columns, but the first "
          "input has ",
          left->output.size(), " columns and the second input has ", right->output.size(),
          " columns.");
  }
  std::vector<DataType> types;
  for (size_t i = 0; i < left->output.size(); ++i) {
    DataType a = left->output[i]->type, b = right->output[i]->type;
    if (a == b) {
      types.push_back(a);
    } else if ((a.IsNumeric() || a.id() == TypeId::kNull) &&
               (b.IsNumeric() || b.id() == TypeId::kNull)) {
      types.push_back(WiderNumericType(a, b));
    } else if (a.id() == TypeId::kNull || b.id() == TypeId::kNull) {
      types.push_back(a.id() == TypeId::kNull ? b : a);
    } else {
      Throw(ErrorKind::kAnalysis, "INCOMPATIBLE_COLUMN_TYPE",
            "UNION can only be performed on "
            "inputs with compatible column types. ColumnVector ",
            QuoteIdentifier(left->output[i]->name), " has type \"", a.SimpleString(),
            "\" on the left and \"", b.SimpleString(), "\" on the right.");
    }
  }
  auto widen = [&](const LogicalPlanPtr& side) -> LogicalPlanPtr {
    bool needed = false;
    for (size_t i = 0; i < types.size(); ++i) needed |= side->output[i]->type != types[i];
    if (!needed) return side;
    auto project = std::make_shared<LogicalPlan>();
    project->kind = LogicalKind::kProject;
    project->children = {side};
    for (size_t i = 0; i < types.size(); ++i) {
      const ExprPtr& attribute = side->output[i];
      project->exprs.push_back(attribute->type == types[i]
                                   ? attribute
                                   : MakeAlias(CastTo(attribute, types[i]), attribute->name));
    }
    for (const auto& e : project->exprs) project->output.push_back(ToAttribute(e));
    project->resolved = true;
    return project;
  };
  auto node = std::make_shared<LogicalPlan>(plan);
  node->children = {widen(left), widen(right)};
  for (size_t i = 0; i < types.size(); ++i) {
    const auto& l = node->children[0]->output[i];
    bool nullable = l->nullable || node->children[1]->output[i]->nullable;
    node->output.push_back(MakeAttribute(l->name, types[i], nullable, l->id));
  }
  node->resolved = true;
  return node;
}

LogicalPlanPtr Analyzer::ResolveMissingReferences(const LogicalPlan& plan) const {
  // df.select("a").orderBy("b") / .filter(col("b") > 1): Spark resolves b below the projection,
  // carries it through, and projects it away again on top.
  const LogicalPlanPtr& project = plan.children[0];
  if (project->kind != LogicalKind::kProject) return nullptr;
  std::vector<ExprPtr> exprs =
      plan.kind == LogicalKind::kFilter ? std::vector<ExprPtr>{plan.condition} : plan.exprs;
  std::vector<ExprPtr> missing;
  for (const auto& expr : exprs) {
    VisitExpr(expr, [&](const ExprPtr& node) {
      if (node->kind != ExprKind::kUnresolvedColumn) return;
      try {
        ResolveColumn(*node, {project});
      } catch (const Error&) {
        ExprPtr below = ResolveColumn(*node, project->children);  // throws if unknown there too
        bool seen = false;
        for (const auto& m : missing) seen |= m->id == below->id;
        if (!seen) missing.push_back(below);
      }
    });
  }
  if (missing.empty()) return nullptr;
  auto widened = std::make_shared<LogicalPlan>(*project);
  for (const auto& attribute : missing) {
    widened->exprs.push_back(attribute);
    widened->output.push_back(attribute);
  }
  LogicalPlan inner = plan;
  inner.children = {widened};
  LogicalPlanPtr resolved = ResolveNode(inner);
  auto restore = std::make_shared<LogicalPlan>();
  restore->kind = LogicalKind::kProject;
  restore->children = {resolved};
  restore->exprs = project->output;
  restore->output = project->output;
  restore->plan_id = plan.plan_id;
  restore->resolved = true;
  return restore;
}

LogicalPlanPtr Analyzer::ResolveNode(const LogicalPlan& plan) const {
  if (plan.kind == LogicalKind::kSort || plan.kind == LogicalKind::kFilter) {
    if (LogicalPlanPtr with_missing = ResolveMissingReferences(plan)) return with_missing;
  }
  auto node = std::make_shared<LogicalPlan>(plan);
  const auto& inputs = plan.children;
  switch (plan.kind) {
    case LogicalKind::kRange:
      node->output = {MakeAttribute("id", TypeId::kLong, false, NextExprId())};
      break;
    case LogicalKind::kFileScan: {
      Schema schema = plan.file_source->OutputSchema();
      for (const auto& field : schema.fields()) {
        node->output.push_back(MakeAttribute(field.name, field.type, field.nullable, NextExprId()));
      }
      break;
    }
    case LogicalKind::kLocalRelation:
      for (const auto& field : plan.local_data->schema.fields()) {
        node->output.push_back(MakeAttribute(field.name, field.type, field.nullable, NextExprId()));
      }
      break;
    case LogicalKind::kProject: {
      std::vector<ExprPtr> resolved = ResolveProjectList(plan.exprs, inputs);
      bool aggregates = std::any_of(resolved.begin(), resolved.end(),
                                    [](const ExprPtr& e) { return e->ContainsAggregate(); });
      if (aggregates) {
        // select(sum("x")) is a global aggregate, as in Spark.
        LogicalPlan aggregate = plan;
        aggregate.kind = LogicalKind::kAggregate;
        return ResolveAggregateNode(aggregate);
      }
      node->exprs = resolved;
      for (const auto& e : node->exprs) node->output.push_back(ToAttribute(e));
      break;
    }
    case LogicalKind::kFilter: {
      node->condition = ResolveExpression(plan.condition, inputs);
      if (node->condition->ContainsAggregate()) {
        Throw(ErrorKind::kAnalysis, "INVALID_WHERE_CONDITION", "The WHERE condition ",
              node->condition->ToString(),
              " contains aggregate functions; use groupBy().agg() "
              "and filter its result instead.");
      }
      if (node->condition->type.id() != TypeId::kBoolean &&
          node->condition->type.id() != TypeId::kNull) {
        Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", "Cannot resolve \"",
              node->condition->ToString(),
              "\" due to data type mismatch: "
              "Filter expression \"",
              node->condition->ToString(), "\" of type \"", node->condition->type.SimpleString(),
              "\" is not a boolean.");
      }
      node->output = inputs[0]->output;
      break;
    }
    case LogicalKind::kAggregate:
      return ResolveAggregateNode(plan);
    case LogicalKind::kJoin:
      return ResolveJoin(plan);
    case LogicalKind::kUnion:
      return ResolveUnion(plan);
    case LogicalKind::kSort:
    case LogicalKind::kDistinct:
    case LogicalKind::kRepartition: {
      node->exprs.clear();
      for (const auto& e : plan.exprs) node->exprs.push_back(ResolveExpression(e, inputs));
      node->output = inputs[0]->output;
      break;
    }
    case LogicalKind::kLimit:
    case LogicalKind::kSample:
      node->output = inputs[0]->output;
      break;
  }
  node->resolved = true;
  return node;
}

}  // namespace ember

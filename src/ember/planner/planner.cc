#include "ember/planner/planner.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "ember/analyzer/analyzer.h"
#include "ember/common/error.h"
#include "ember/expr/evaluator.h"

namespace ember {

ExprPtr BindReferences(const ExprPtr& expr, const std::vector<int64_t>& input_ids) {
  return TransformUp(expr, [&](const ExprPtr& node) -> ExprPtr {
    if (node->kind != ExprKind::kAttribute) return node;
    for (size_t i = 0; i < input_ids.size(); ++i) {
      if (input_ids[i] == node->id) {
        auto bound = std::make_shared<Expr>(
            *MakeBoundReference(static_cast<int>(i), node->type, node->nullable, node->name));
        bound->id = node->id;
        return bound;
      }
    }
    Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "Attribute ", node->name, "#", node->id,
          " is not produced by the child operator.");
  });
}

namespace {

std::vector<ExprPtr> BindAll(const std::vector<ExprPtr>& exprs, const std::vector<int64_t>& ids) {
  std::vector<ExprPtr> out;
  for (const auto& e : exprs) out.push_back(BindReferences(e, ids));
  return out;
}

std::vector<int64_t> IdsOf(const std::vector<ExprPtr>& attributes) {
  std::vector<int64_t> ids;
  for (const auto& a : attributes) ids.push_back(a->id);
  return ids;
}

std::set<int64_t> ReferencedIds(const ExprPtr& expr) {
  std::set<int64_t> ids;
  VisitExpr(expr, [&](const ExprPtr& node) {
    if (node->kind == ExprKind::kAttribute) ids.insert(node->id);
  });
  return ids;
}

/// Returns a key identifying what an expression computes (attribute ids, not names).
std::string ExprKey(const ExprPtr& expr) {
  std::string key = StrCat(static_cast<int>(expr->kind), ":", expr->name, ":", expr->id, ":",
                           expr->type.SimpleString(), ":", expr->distinct, ":",
                           expr->kind == ExprKind::kLiteral ? expr->literal.ToString() : "");
  key += "(";
  for (const auto& child : expr->children) key += ExprKey(child) + ",";
  return key + ")";
}

void SplitConjuncts(const ExprPtr& expr, std::vector<ExprPtr>& out) {
  if (expr->kind == ExprKind::kCall && expr->name == "and") {
    SplitConjuncts(expr->children[0], out);
    SplitConjuncts(expr->children[1], out);
  } else {
    out.push_back(expr);
  }
}

ExprPtr MakeResolvedAnd(const ExprPtr& a, const ExprPtr& b) {
  auto call = std::make_shared<Expr>(*MakeCall("and", {a, b}));
  call->type = TypeId::kBoolean;
  call->nullable = a->nullable || b->nullable;
  call->resolved = true;
  return call;
}

Partitioning UnknownPartitioning(int num_partitions) {
  Partitioning partitioning;
  partitioning.num_partitions = num_partitions;
  return partitioning;
}

bool Subset(const std::set<int64_t>& ids, const std::set<int64_t>& of) {
  return std::all_of(ids.begin(), ids.end(), [&](int64_t id) { return of.count(id) > 0; });
}

}  // namespace

Planner::Planner(const Config& config, const FunctionRegistry& registry, int default_parallelism)
    : config_(config),
      registry_(registry),
      default_parallelism_(default_parallelism),
      shuffle_partitions_(static_cast<int>(config.GetInt(conf::kShufflePartitions))),
      broadcast_threshold_(config.GetBytes(conf::kBroadcastThreshold)) {}

std::shared_ptr<PhysicalPlan> Planner::PassThrough(PhysicalKind kind,
                                                   const PhysicalPlanPtr& child) {
  auto node = NewNode(kind);
  node->children = {child};
  node->schema = child->schema;
  node->output_ids = child->output_ids;
  node->num_partitions = child->num_partitions;
  node->output_partitioning = child->output_partitioning;
  return node;
}

std::shared_ptr<PhysicalPlan> Planner::NewNode(PhysicalKind kind) {
  auto node = std::make_shared<PhysicalPlan>();
  node->kind = kind;
  node->node_id = next_node_id_++;
  return node;
}

PhysicalPlanPtr Planner::Plan(const LogicalPlanPtr& plan) {
  return PlanNode(*plan);
}

PhysicalPlanPtr Planner::Exchange(const PhysicalPlanPtr& child, Partitioning partitioning) {
  auto node = NewNode(PhysicalKind::kExchange);
  node->children = {child};
  node->schema = child->schema;
  node->output_ids = child->output_ids;
  node->num_partitions = partitioning.kind == Partitioning::Kind::kBroadcast
                             ? child->num_partitions
                             : partitioning.num_partitions;
  node->partitioning = partitioning;
  node->output_partitioning = partitioning;
  if (partitioning.kind == Partitioning::Kind::kRoundRobin) {
    node->output_partitioning.kind = Partitioning::Kind::kUnknown;
  }
  return node;
}

PhysicalPlanPtr Planner::EnsureClustered(const PhysicalPlanPtr& child,
                                         const std::vector<ExprPtr>& keys, int num_partitions) {
  std::set<int64_t> key_ids;
  for (const auto& key : keys) {
    if (key->kind == ExprKind::kAttribute) key_ids.insert(key->id);
  }
  const Partitioning& have = child->output_partitioning;
  bool satisfied = have.kind == Partitioning::Kind::kSingle ||
                   (have.kind == Partitioning::Kind::kHash && !have.key_ids.empty() &&
                    Subset(std::set<int64_t>(have.key_ids.begin(), have.key_ids.end()), key_ids));
  if (satisfied) return child;
  Partitioning partitioning;
  partitioning.kind = Partitioning::Kind::kHash;
  partitioning.num_partitions = num_partitions;
  partitioning.coalescable = true;
  partitioning.exprs = BindAll(keys, child->output_ids);
  for (const auto& key : keys) {
    if (key->kind == ExprKind::kAttribute) partitioning.key_ids.push_back(key->id);
  }
  if (partitioning.key_ids.size() != keys.size()) partitioning.key_ids.clear();
  return Exchange(child, partitioning);
}

LogicalPlanPtr Planner::PrunePartitions(const LogicalPlan& filter) const {
  const LogicalPlanPtr& scan = filter.children[0];
  const FileSource& source = *scan->file_source;
  size_t data_columns = source.data_schema.size();
  if (source.index.partition_schema.size() == 0) return scan;
  std::vector<int64_t> partition_ids;
  for (size_t i = data_columns; i < scan->output.size(); ++i)
    partition_ids.push_back(scan->output[i]->id);
  std::set<int64_t> partition_set(partition_ids.begin(), partition_ids.end());
  std::vector<ExprPtr> conjuncts, pruning;
  SplitConjuncts(filter.condition, conjuncts);
  for (const auto& c : conjuncts) {
    auto refs = ReferencedIds(c);
    if (!refs.empty() && Subset(refs, partition_set)) pruning.push_back(c);
  }
  if (pruning.empty()) return scan;
  ExprPtr predicate = pruning[0];
  for (size_t i = 1; i < pruning.size(); ++i) predicate = MakeResolvedAnd(predicate, pruning[i]);
  // One row per file holding its partition values; keep the files whose row passes.
  std::vector<ColumnVectorPtr> columns;
  for (size_t k = 0; k < partition_ids.size(); ++k) {
    ColumnBuilder builder(source.index.partition_schema.field(k).type, source.index.files.size());
    for (const auto& file : source.index.files) builder.Append(file.partition_values[k]);
    columns.push_back(builder.Finish());
  }
  Batch files(std::move(columns), source.index.files.size());
  EvalContext context;
  context.ansi = config_.GetBool(conf::kAnsiEnabled);
  auto kept = ExpressionEvaluator({BindReferences(predicate, partition_ids)}, registry_, context)
                  .Select(files);
  auto pruned = std::make_shared<FileSource>(source);
  pruned->index.files.clear();
  for (uint32_t row : *kept) pruned->index.files.push_back(source.index.files[row]);
  auto node = std::make_shared<LogicalPlan>(*scan);
  node->file_source = pruned;
  return node;
}

LogicalPlanPtr Planner::PushScanPredicates(const LogicalPlanPtr& scan,
                                           const ExprPtr& condition) const {
  const FileSource& source = *scan->file_source;
  if (source.format != "parquet") return scan;
  std::map<int64_t, size_t> data_columns;  // attribute id -> data column
  for (size_t c = 0; c < source.data_schema.size(); ++c) data_columns[scan->output[c]->id] = c;
  // Folds an expression without column references (a literal, possibly cast) to a value.
  auto fold = [&](const ExprPtr& expr) {
    EvalContext context;
    context.ansi = config_.GetBool(conf::kAnsiEnabled);
    return FoldConstant(expr, registry_, context);
  };
  using Op = ScanPredicate::Op;
  static const std::map<std::string, std::pair<Op, Op>> kComparisons = {
      // op, op with sides swapped
      {"equal", {Op::kEqual, Op::kEqual}},
      {"less", {Op::kLess, Op::kGreater}},
      {"less_equal", {Op::kLessEqual, Op::kGreaterEqual}},
      {"greater", {Op::kGreater, Op::kLess}},
      {"greater_equal", {Op::kGreaterEqual, Op::kLessEqual}}};
  std::vector<ExprPtr> conjuncts;
  SplitConjuncts(condition, conjuncts);
  std::vector<ScanPredicate> predicates;
  for (const auto& c : conjuncts) {
    if (c->kind != ExprKind::kCall) continue;
    auto column_of = [&](const ExprPtr& e) -> std::optional<size_t> {
      if (e->kind != ExprKind::kAttribute) return std::nullopt;
      auto it = data_columns.find(e->id);
      return it == data_columns.end() ? std::nullopt : std::optional<size_t>(it->second);
    };
    if ((c->name == "isnull" || c->name == "isnotnull") && column_of(c->children[0])) {
      predicates.push_back({*column_of(c->children[0]),
                            c->name == "isnull" ? Op::kIsNull : Op::kIsNotNull, Value()});
      continue;
    }
    auto comparison = kComparisons.find(c->name);
    if (comparison == kComparisons.end()) continue;
    for (int side = 0; side < 2; ++side) {
      auto column = column_of(c->children[side]);
      if (!column) continue;
      auto value = fold(c->children[1 - side]);
      if (!value || value->is_null() || value->type() != source.data_schema.field(*column).type)
        continue;
      predicates.push_back(
          {*column, side == 0 ? comparison->second.first : comparison->second.second, *value});
      break;
    }
  }
  if (predicates.empty()) return scan;
  auto pushed = std::make_shared<FileSource>(source);
  pushed->predicates = std::move(predicates);
  auto node = std::make_shared<LogicalPlan>(*scan);
  node->file_source = pushed;
  return node;
}

int64_t Planner::EstimateSize(const LogicalPlan& plan) const {
  constexpr int64_t kMax = INT64_MAX / 4;
  auto row_width = [](const LogicalPlan& p) {
    int64_t width = 0;
    for (const auto& a : p.output) {
      int w = a->type.PhysicalWidth();
      width += w == 0 ? 20 : w;
    }
    return std::max<int64_t>(width, 1);
  };
  switch (plan.kind) {
    case LogicalKind::kRange: {
      int64_t rows = plan.step > 0 ? (plan.end - plan.start + plan.step - 1) / plan.step
                                   : (plan.start - plan.end - plan.step - 1) / -plan.step;
      return std::max<int64_t>(rows, 0) * 8;
    }
    case LogicalKind::kLocalRelation:
      return static_cast<int64_t>(plan.local_data->byte_size);
    case LogicalKind::kFileScan: {
      int64_t total = 0;
      for (const auto& file : plan.file_source->index.files) total += file.size;
      return total;
    }
    case LogicalKind::kProject: {
      int64_t child = EstimateSize(*plan.children[0]);
      return std::min(kMax, child / row_width(*plan.children[0]) * row_width(plan));
    }
    case LogicalKind::kLimit:
      return std::min(EstimateSize(*plan.children[0]), plan.limit * row_width(plan));
    case LogicalKind::kSample:
      return static_cast<int64_t>(EstimateSize(*plan.children[0]) * std::min(1.0, plan.fraction));
    case LogicalKind::kJoin: {
      int64_t l = EstimateSize(*plan.children[0]), r = EstimateSize(*plan.children[1]);
      if (plan.join_type == JoinType::kLeftSemi || plan.join_type == JoinType::kLeftAnti) return l;
      return l > 0 && r > kMax / l ? kMax : l * r;
    }
    case LogicalKind::kUnion:
      return std::min(kMax, EstimateSize(*plan.children[0]) + EstimateSize(*plan.children[1]));
    default:
      return EstimateSize(*plan.children[0]);
  }
}

PhysicalPlanPtr Planner::PlanNode(const LogicalPlan& plan) {
  PhysicalPlanPtr result;
  switch (plan.kind) {
    case LogicalKind::kRange: {
      auto node = NewNode(PhysicalKind::kRange);
      node->start = plan.start;
      node->end = plan.end;
      node->step = plan.step;
      node->num_partitions = plan.num_partitions > 0 ? plan.num_partitions : default_parallelism_;
      node->output_partitioning.num_partitions = node->num_partitions;
      node->schema = plan.schema();
      node->output_ids = IdsOf(plan.output);
      result = node;
      break;
    }
    case LogicalKind::kLocalRelation: {
      auto node = NewNode(PhysicalKind::kLocalScan);
      node->local_data = plan.local_data;
      node->num_partitions = static_cast<int>(plan.local_data->partitions.size());
      node->output_partitioning.num_partitions = node->num_partitions;
      node->schema = plan.schema();
      node->output_ids = IdsOf(plan.output);
      result = node;
      break;
    }
    case LogicalKind::kFileScan: {
      const FileSource& source = *plan.file_source;
      int min_partitions = config_.Contains(conf::kFilesMinPartitionNum)
                               ? static_cast<int>(config_.GetInt(conf::kFilesMinPartitionNum))
                               : default_parallelism_;
      int64_t open_cost = config_.GetBytes(conf::kFilesOpenCostInBytes);
      int64_t max_split = MaxSplitBytes(
          source.index, config_.GetBytes(conf::kFilesMaxPartitionBytes), open_cost, min_partitions);
      auto node = NewNode(PhysicalKind::kFileScan);
      node->file_source = plan.file_source;
      node->file_partitions =
          std::make_shared<const std::vector<std::vector<FileSplit>>>(PlanFilePartitions(
              source.index, [&](const std::string& path) { return source.IsSplitable(path); },
              max_split, open_cost));
      node->num_partitions = static_cast<int>(node->file_partitions->size());
      node->output_partitioning.num_partitions = node->num_partitions;
      node->schema = plan.schema();
      node->output_ids = IdsOf(plan.output);
      result = node;
      break;
    }
    case LogicalKind::kProject: {
      PhysicalPlanPtr child = PlanNode(*plan.children[0]);
      auto node = NewNode(PhysicalKind::kProject);
      node->children = {child};
      node->exprs = BindAll(plan.exprs, child->output_ids);
      node->schema = plan.schema();
      node->output_ids = IdsOf(plan.output);
      node->num_partitions = child->num_partitions;
      // A projection keeps hash partitioning on keys it passes through unchanged.
      node->output_partitioning = child->output_partitioning;
      if (!node->output_partitioning.key_ids.empty()) {
        std::set<int64_t> passed(node->output_ids.begin(), node->output_ids.end());
        std::set<int64_t> keys(node->output_partitioning.key_ids.begin(),
                               node->output_partitioning.key_ids.end());
        if (!Subset(keys, passed))
          node->output_partitioning = UnknownPartitioning(child->num_partitions);
      }
      result = node;
      break;
    }
    case LogicalKind::kFilter: {
      PhysicalPlanPtr child =
          plan.children[0]->kind == LogicalKind::kFileScan
              ? PlanNode(*PushScanPredicates(PrunePartitions(plan), plan.condition))
              : PlanNode(*plan.children[0]);
      auto node = PassThrough(PhysicalKind::kFilter, child);
      node->condition = BindReferences(plan.condition, child->output_ids);
      result = node;
      break;
    }
    case LogicalKind::kAggregate:
      result = PlanAggregate(plan);
      break;
    case LogicalKind::kJoin:
      result = PlanJoin(plan);
      break;
    case LogicalKind::kDistinct:
      result = PlanDistinct(plan);
      break;
    case LogicalKind::kSort: {
      PhysicalPlanPtr child = PlanNode(*plan.children[0]);
      if (plan.global_sort && child->num_partitions > 1) {
        Partitioning range;
        range.kind = Partitioning::Kind::kRange;
        range.num_partitions = shuffle_partitions_;
        range.coalescable = true;
        range.exprs = BindAll(plan.exprs, child->output_ids);
        child = Exchange(child, range);
      }
      auto node = PassThrough(PhysicalKind::kSort, child);
      node->exprs = BindAll(plan.exprs, child->output_ids);
      node->global_sort = plan.global_sort;
      result = node;
      break;
    }
    case LogicalKind::kLimit: {
      PhysicalPlanPtr child = PlanNode(*plan.children[0]);
      auto local = PassThrough(PhysicalKind::kLimit, child);
      local->limit = plan.limit;
      if (child->num_partitions == 1) {
        result = local;
        break;
      }
      Partitioning single;
      single.kind = Partitioning::Kind::kSingle;
      PhysicalPlanPtr gathered = Exchange(local, single);
      auto global = NewNode(PhysicalKind::kLimit);
      global->children = {gathered};
      global->limit = plan.limit;
      global->schema = child->schema;
      global->output_ids = child->output_ids;
      global->num_partitions = 1;
      global->output_partitioning = single;
      result = global;
      break;
    }
    case LogicalKind::kUnion: {
      auto node = NewNode(PhysicalKind::kUnion);
      node->num_partitions = 0;
      for (const auto& child : plan.children) {
        PhysicalPlanPtr planned = PlanNode(*child);
        node->num_partitions += planned->num_partitions;
        node->children.push_back(planned);
      }
      node->schema = plan.schema();
      node->output_ids = IdsOf(plan.output);
      node->output_partitioning.num_partitions = node->num_partitions;
      result = node;
      break;
    }
    case LogicalKind::kSample: {
      PhysicalPlanPtr child = PlanNode(*plan.children[0]);
      auto node = PassThrough(PhysicalKind::kSample, child);
      node->fraction = plan.fraction;
      node->seed = plan.seed;
      node->with_replacement = plan.with_replacement;
      result = node;
      break;
    }
    case LogicalKind::kRepartition: {
      PhysicalPlanPtr child = PlanNode(*plan.children[0]);
      int n = plan.num_partitions > 0 ? plan.num_partitions : shuffle_partitions_;
      if (plan.repartition_kind == RepartitionKind::kCoalesce) {
        if (n >= child->num_partitions) {
          result = child;
          break;
        }
        auto node = NewNode(PhysicalKind::kCoalesce);
        node->children = {child};
        node->schema = child->schema;
        node->output_ids = child->output_ids;
        node->num_partitions = n;
        node->output_partitioning.num_partitions = n;
        result = node;
        break;
      }
      Partitioning partitioning;
      partitioning.num_partitions = n;
      partitioning.exprs = BindAll(plan.exprs, child->output_ids);
      if (plan.repartition_kind == RepartitionKind::kRoundRobin) {
        partitioning.kind = Partitioning::Kind::kRoundRobin;
      } else if (plan.repartition_kind == RepartitionKind::kHash) {
        partitioning.kind = Partitioning::Kind::kHash;
        partitioning.coalescable = plan.num_partitions <= 0;
        for (const auto& e : plan.exprs) {
          if (e->kind == ExprKind::kAttribute) partitioning.key_ids.push_back(e->id);
        }
        if (partitioning.key_ids.size() != plan.exprs.size()) partitioning.key_ids.clear();
      } else {
        partitioning.kind = Partitioning::Kind::kRange;
      }
      result = Exchange(child, partitioning);
      break;
    }
  }
  if (plan.cache_id >= 0) {
    auto node = PassThrough(PhysicalKind::kCache, result);
    node->cache_id = plan.cache_id;
    result = node;
  }
  return result;
}

PhysicalPlanPtr Planner::PlanAggregate(const LogicalPlan& plan) {
  PhysicalPlanPtr child = PlanNode(*plan.children[0]);

  // Grouping keys: plain columns keep their attribute; computed keys get a new one.
  std::vector<ExprPtr> key_exprs = plan.grouping;
  std::vector<ExprPtr> key_attrs;
  for (const auto& key : key_exprs) {
    key_attrs.push_back(
        key->kind == ExprKind::kAttribute
            ? key
            : MakeAttribute(OutputName(*key), key->type, key->nullable, NextExprId()));
  }

  // Distinct aggregate calls, each with the attribute its result gets.
  struct CallInfo {
    ExprPtr call;
    ExprPtr attribute;
  };
  std::vector<CallInfo> calls;
  std::map<std::string, size_t> call_index;
  for (const auto& expr : plan.exprs) {
    bool alias_of_call =
        expr->kind == ExprKind::kAlias && expr->children[0]->kind == ExprKind::kAggregate;
    VisitExpr(expr, [&](const ExprPtr& node) {
      if (node->kind != ExprKind::kAggregate) return;
      std::string key = ExprKey(node);
      if (call_index.count(key)) return;
      int64_t id = alias_of_call && expr->children[0] == node ? expr->id : NextExprId();
      call_index[key] = calls.size();
      calls.push_back({node, MakeAttribute(node->ToString(), node->type, node->nullable, id)});
    });
  }

  // Rewrites result expressions over [keys..., aggregate results...].
  auto rewrite = [&](const ExprPtr& expr) {
    return TransformUp(expr, [&](const ExprPtr& node) -> ExprPtr {
      if (node->kind == ExprKind::kAggregate) return calls[call_index.at(ExprKey(node))].attribute;
      for (size_t k = 0; k < key_exprs.size(); ++k) {
        if (ExprKey(node) == ExprKey(key_exprs[k])) return key_attrs[k];
      }
      return node;
    });
  };

  std::vector<ExprPtr> distinct_args;
  for (const auto& info : calls) {
    if (!info.call->distinct) continue;
    if (distinct_args.empty()) {
      distinct_args = info.call->children;
    } else {
      bool same = distinct_args.size() == info.call->children.size();
      for (size_t i = 0; same && i < distinct_args.size(); ++i) {
        same = ExprKey(distinct_args[i]) == ExprKey(info.call->children[i]);
      }
      if (!same) {
        Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.MULTIPLE_DISTINCT",
              "Aggregations with DISTINCT over different columns in one groupBy are not "
              "supported yet; compute them in separate aggregations and join the results.");
      }
    }
  }

  // Builds one HashAggregate step. `raw_ids` is the input layout for raw-row arguments;
  // `merge` selects which calls consume states; `final` whether values (not states) come out.
  auto make_step = [&](const PhysicalPlanPtr& input, const std::vector<ExprPtr>& group_exprs,
                       const std::vector<ExprPtr>& group_attrs, const std::vector<size_t>& which,
                       const std::vector<bool>& merge, bool final, AggregateMode mode,
                       const std::vector<ExprPtr>& arg_overrides) {
    auto node = NewNode(PhysicalKind::kHashAggregate);
    node->children = {input};
    node->mode = mode;
    node->num_partitions = input->num_partitions;
    node->output_partitioning = input->output_partitioning;
    bool input_is_states = std::any_of(merge.begin(), merge.end(), [](bool m) { return m; });
    node->grouping = input_is_states && mode != AggregateMode::kPartial
                         ? BindAll(group_attrs, input->output_ids)
                         : BindAll(group_exprs, input->output_ids);
    std::vector<Field> fields;
    for (size_t k = 0; k < group_attrs.size(); ++k) {
      fields.push_back({group_attrs[k]->name, group_attrs[k]->type, group_attrs[k]->nullable});
      node->output_ids.push_back(group_attrs[k]->id);
    }
    auto call_args = [&](const CallInfo& info) {
      return !arg_overrides.empty() && info.call->distinct ? arg_overrides : info.call->children;
    };
    // States of the merged calls are the input's last columns, in call order. The input may
    // group by more columns than this step (the distinct argument), so count from the end.
    size_t state_offset = input->output_ids.size();
    for (size_t w = 0; w < which.size(); ++w) {
      if (!merge[w]) continue;
      std::vector<DataType> types;
      for (const auto& arg : call_args(calls[which[w]])) types.push_back(arg->type);
      state_offset -=
          registry_.BindAggregate(calls[which[w]].call->name, types).state_fields.size();
    }
    for (size_t w = 0; w < which.size(); ++w) {
      const CallInfo& info = calls[which[w]];
      AggregateCall call;
      call.function = info.call->name;
      std::vector<ExprPtr> args = call_args(info);
      for (const auto& arg : args) call.arg_types.push_back(arg->type);
      BoundAggregate bound = registry_.BindAggregate(call.function, call.arg_types);
      call.result_type = bound.result_type;
      call.result_nullable = bound.result_nullable;
      call.state_fields = bound.state_fields;
      call.merge_input = merge[w];
      call.display = info.call->ToString();
      if (merge[w]) {
        for (size_t s = 0; s < call.state_fields.size(); ++s) {
          call.args.push_back(MakeBoundReference(static_cast<int>(state_offset + s),
                                                 call.state_fields[s].type, true,
                                                 call.state_fields[s].name));
        }
      } else {
        call.args = BindAll(args, input->output_ids);
      }
      if (merge[w]) state_offset += call.state_fields.size();
      if (final) {
        fields.push_back({info.attribute->name, call.result_type, info.attribute->nullable});
        node->output_ids.push_back(info.attribute->id);
      } else {
        for (const auto& state : call.state_fields) {
          fields.push_back({StrCat(info.attribute->name, "_", state.name), state.type, true});
          node->output_ids.push_back(NextExprId());
        }
      }
      node->aggregates.push_back(std::move(call));
    }
    node->schema = Schema(std::move(fields));
    return PhysicalPlanPtr(node);
  };

  std::vector<size_t> all(calls.size());
  for (size_t i = 0; i < calls.size(); ++i) all[i] = i;
  std::vector<size_t> plain, with_distinct;
  for (size_t i = 0; i < calls.size(); ++i)
    (calls[i].call->distinct ? with_distinct : plain).push_back(i);
  int n = key_exprs.empty() ? 1 : shuffle_partitions_;
  Partitioning single;
  single.kind = Partitioning::Kind::kSingle;

  PhysicalPlanPtr aggregated;
  if (!distinct_args.empty()) {
    // count(DISTINCT x): aggregate by (keys, x) first, then by keys (Spark's one-distinct plan).
    std::vector<ExprPtr> inner_exprs = key_exprs, inner_attrs = key_attrs, distinct_attrs;
    for (const auto& arg : distinct_args) {
      ExprPtr attr = arg->kind == ExprKind::kAttribute
                         ? arg
                         : MakeAttribute(OutputName(*arg), arg->type, arg->nullable, NextExprId());
      inner_exprs.push_back(arg);
      inner_attrs.push_back(attr);
      distinct_attrs.push_back(attr);
    }
    std::vector<bool> raw(plain.size(), false), merged(plain.size(), true);
    PhysicalPlanPtr partial =
        make_step(child, inner_exprs, inner_attrs, plain, raw, false, AggregateMode::kPartial, {});
    PhysicalPlanPtr shuffled = EnsureClustered(partial, inner_attrs, shuffle_partitions_);
    PhysicalPlanPtr merged_step = make_step(shuffled, inner_attrs, inner_attrs, plain, merged,
                                            false, AggregateMode::kPartialMerge, {});
    std::vector<size_t> second = plain;
    second.insert(second.end(), with_distinct.begin(), with_distinct.end());
    std::vector<bool> second_merge(plain.size(), true);
    second_merge.resize(second.size(), false);
    PhysicalPlanPtr partial2 = make_step(merged_step, key_attrs, key_attrs, second, second_merge,
                                         false, AggregateMode::kPartial, distinct_attrs);
    PhysicalPlanPtr exchanged =
        key_exprs.empty() ? Exchange(partial2, single) : EnsureClustered(partial2, key_attrs, n);
    std::vector<size_t> final_order = second;
    aggregated = make_step(exchanged, key_attrs, key_attrs, final_order,
                           std::vector<bool>(second.size(), true), true, AggregateMode::kFinal, {});
    // Restore call order for the result projection (it binds by attribute id, so order is free).
  } else {
    bool needs_exchange = child->num_partitions > 1;
    if (needs_exchange && !key_exprs.empty()) {
      PhysicalPlanPtr probe = EnsureClustered(child, key_exprs, n);
      needs_exchange = probe != child;
    }
    if (!needs_exchange) {
      aggregated = make_step(child, key_exprs, key_attrs, all, std::vector<bool>(all.size(), false),
                             true, AggregateMode::kComplete, {});
    } else {
      PhysicalPlanPtr partial =
          make_step(child, key_exprs, key_attrs, all, std::vector<bool>(all.size(), false), false,
                    AggregateMode::kPartial, {});
      PhysicalPlanPtr exchanged =
          key_exprs.empty() ? Exchange(partial, single) : EnsureClustered(partial, key_attrs, n);
      aggregated = make_step(exchanged, key_attrs, key_attrs, all,
                             std::vector<bool>(all.size(), true), true, AggregateMode::kFinal, {});
    }
  }
  // The result keeps its input's partitioning: hash on the keys after an exchange, or whatever
  // (possibly a subset of the keys) already satisfied the grouping.

  // The result projection: skipped when the aggregate already produces exactly the output.
  std::vector<ExprPtr> results;
  for (const auto& expr : plan.exprs) results.push_back(rewrite(expr));
  bool trivial = results.size() == aggregated->output_ids.size();
  for (size_t i = 0; trivial && i < results.size(); ++i) {
    trivial =
        results[i]->kind == ExprKind::kAttribute && results[i]->id == aggregated->output_ids[i];
  }
  if (trivial) return aggregated;
  auto project = NewNode(PhysicalKind::kProject);
  project->children = {aggregated};
  project->exprs = BindAll(results, aggregated->output_ids);
  project->schema = plan.schema();
  project->output_ids = IdsOf(plan.output);
  project->num_partitions = aggregated->num_partitions;
  project->output_partitioning = aggregated->output_partitioning;
  return project;
}

PhysicalPlanPtr Planner::PlanDistinct(const LogicalPlan& plan) {
  // distinct() groups by every column; dropDuplicates(cols) keeps the first row per key.
  LogicalPlan aggregate;
  aggregate.kind = LogicalKind::kAggregate;
  aggregate.children = plan.children;
  aggregate.output = plan.output;
  aggregate.resolved = true;
  const auto& input = plan.children[0]->output;
  if (plan.exprs.empty()) {
    aggregate.grouping = input;
    aggregate.exprs = input;
  } else {
    aggregate.grouping = plan.exprs;
    std::set<int64_t> keys;
    for (const auto& e : plan.exprs) keys.insert(e->id);
    for (const auto& a : input) {
      if (keys.count(a->id)) {
        aggregate.exprs.push_back(a);
      } else {
        BoundAggregate bound = registry_.BindAggregate("first", {a->type});
        auto first = std::make_shared<Expr>(*MakeAggregate("first", {a}));
        first->type = bound.result_type;
        first->nullable = true;
        first->resolved = true;
        aggregate.exprs.push_back(MakeAlias(first, a->name, a->id));
      }
    }
  }
  return PlanAggregate(aggregate);
}

PhysicalPlanPtr Planner::PlanJoin(const LogicalPlan& plan) {
  const LogicalPlan& left_plan = *plan.children[0];
  const LogicalPlan& right_plan = *plan.children[1];
  std::set<int64_t> left_ids, right_ids;
  for (const auto& a : left_plan.output) left_ids.insert(a->id);
  for (const auto& a : right_plan.output) right_ids.insert(a->id);

  std::vector<ExprPtr> left_keys, right_keys, residual;
  if (plan.condition) {
    std::vector<ExprPtr> conjuncts;
    SplitConjuncts(plan.condition, conjuncts);
    for (const auto& c : conjuncts) {
      if (c->kind == ExprKind::kCall && c->name == "equal") {
        auto l = ReferencedIds(c->children[0]), r = ReferencedIds(c->children[1]);
        if (!l.empty() && !r.empty() && Subset(l, left_ids) && Subset(r, right_ids)) {
          left_keys.push_back(c->children[0]);
          right_keys.push_back(c->children[1]);
          continue;
        }
        if (!l.empty() && !r.empty() && Subset(l, right_ids) && Subset(r, left_ids)) {
          left_keys.push_back(c->children[1]);
          right_keys.push_back(c->children[0]);
          continue;
        }
      }
      residual.push_back(c);
    }
  }
  ExprPtr residual_condition;
  for (const auto& c : residual) {
    residual_condition = residual_condition ? MakeResolvedAnd(residual_condition, c) : c;
  }

  JoinType type = plan.join_type;
  bool can_broadcast_right = type == JoinType::kInner || type == JoinType::kLeftOuter ||
                             type == JoinType::kLeftSemi || type == JoinType::kLeftAnti ||
                             type == JoinType::kCross;
  bool can_broadcast_left =
      type == JoinType::kInner || type == JoinType::kRightOuter || type == JoinType::kCross;
  int64_t left_size = EstimateSize(left_plan), right_size = EstimateSize(right_plan);
  bool broadcast_enabled = broadcast_threshold_ >= 0;
  int broadcast_side = -1;
  if (broadcast_enabled && can_broadcast_right && right_size <= broadcast_threshold_ &&
      (!can_broadcast_left || right_size <= left_size || left_size > broadcast_threshold_)) {
    broadcast_side = 1;
  } else if (broadcast_enabled && can_broadcast_left && left_size <= broadcast_threshold_) {
    broadcast_side = 0;
  }

  PhysicalPlanPtr left = PlanNode(left_plan);
  PhysicalPlanPtr right = PlanNode(right_plan);
  auto node = NewNode(left_keys.empty() ? PhysicalKind::kNestedLoopJoin : PhysicalKind::kHashJoin);
  node->join_type = type;

  Partitioning broadcast;
  broadcast.kind = Partitioning::Kind::kBroadcast;
  if (left_keys.empty()) {
    // Without equality keys: broadcast one side, or bring both to one partition for a full
    // outer join (whose build side must see every probe row).
    if (type == JoinType::kFullOuter ||
        (broadcast_side < 0 && !can_broadcast_right && !can_broadcast_left)) {
      Partitioning single;
      single.kind = Partitioning::Kind::kSingle;
      if (left->num_partitions > 1) left = Exchange(left, single);
      if (right->num_partitions > 1) right = Exchange(right, single);
      node->build_side = 1;
    } else {
      int side = broadcast_side >= 0 ? broadcast_side : (can_broadcast_right ? 1 : 0);
      node->build_side = side;
      if (side == 1)
        right = Exchange(right, broadcast);
      else
        left = Exchange(left, broadcast);
    }
  } else if (broadcast_side >= 0) {
    node->build_side = broadcast_side;
    if (broadcast_side == 1)
      right = Exchange(right, broadcast);
    else
      left = Exchange(left, broadcast);
  } else {
    node->build_side = type == JoinType::kRightOuter ? 0 : 1;
    bool co_partitioned = false;
    auto hash_keys = [](const PhysicalPlanPtr& side) { return side->output_partitioning.key_ids; };
    std::vector<int64_t> lk, rk;
    for (const auto& k : left_keys) lk.push_back(k->kind == ExprKind::kAttribute ? k->id : -1);
    for (const auto& k : right_keys) rk.push_back(k->kind == ExprKind::kAttribute ? k->id : -1);
    co_partitioned = left->output_partitioning.kind == Partitioning::Kind::kHash &&
                     right->output_partitioning.kind == Partitioning::Kind::kHash &&
                     hash_keys(left) == lk && hash_keys(right) == rk &&
                     left->num_partitions == right->num_partitions;
    if (!co_partitioned) {
      auto shuffle = [&](const PhysicalPlanPtr& side, const std::vector<ExprPtr>& keys,
                         const std::vector<int64_t>& ids) {
        Partitioning p;
        p.kind = Partitioning::Kind::kHash;
        p.num_partitions = shuffle_partitions_;
        p.coalescable = true;
        p.exprs = BindAll(keys, side->output_ids);
        if (std::find(ids.begin(), ids.end(), -1) == ids.end()) p.key_ids = ids;
        return Exchange(side, p);
      };
      left = shuffle(left, left_keys, lk);
      right = shuffle(right, right_keys, rk);
    }
  }
  node->children = {left, right};
  node->left_keys = BindAll(left_keys, left->output_ids);
  node->right_keys = BindAll(right_keys, right->output_ids);
  std::vector<int64_t> both = left->output_ids;
  both.insert(both.end(), right->output_ids.begin(), right->output_ids.end());
  if (residual_condition) node->condition = BindReferences(residual_condition, both);
  node->schema = plan.schema();
  node->output_ids = IdsOf(plan.output);
  int stream_side = 1 - node->build_side;
  node->num_partitions = node->children[stream_side]->num_partitions;
  if (left->partitioning.kind != Partitioning::Kind::kBroadcast &&
      right->partitioning.kind != Partitioning::Kind::kBroadcast) {
    node->num_partitions = left->num_partitions;
  }
  node->output_partitioning = node->children[stream_side]->output_partitioning;
  // A full outer join's rows that only the build side has carry nulls in the stream side's keys
  // yet sit in the partition of their build key: the stream side's partitioning is lost.
  bool partitioning_lost =
      type == JoinType::kFullOuter && node->output_partitioning.kind != Partitioning::Kind::kSingle;
  if (partitioning_lost || node->output_partitioning.kind == Partitioning::Kind::kBroadcast) {
    node->output_partitioning = UnknownPartitioning(node->num_partitions);
  }
  return node;
}

}  // namespace ember

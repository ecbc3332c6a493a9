#include "ember/plan/physical_plan.h"

#include "ember/common/error.h"
#include "ember/plan/tree_string.h"

namespace ember {

namespace {

std::string ExprText(const ExprPtr& expr) {
  std::string text = expr->ToString();
  if (expr->kind == ExprKind::kBoundReference && expr->id >= 0) text += StrCat("#", expr->id);
  return text;
}

std::string ExprList(const std::vector<ExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    out += ExprText(exprs[i]);
  }
  return out;
}

std::string OutputList(const PhysicalPlan& plan) {
  std::string out;
  for (size_t i = 0; i < plan.schema.size(); ++i) {
    if (i > 0) out += ", ";
    out += plan.schema.field(i).name;
    if (i < plan.output_ids.size()) out += StrCat("#", plan.output_ids[i]);
  }
  return out;
}

}  // namespace

std::string Partitioning::ToString() const {
  switch (kind) {
    case Kind::kUnknown:
      return StrCat("UnknownPartitioning(", num_partitions, ")");
    case Kind::kSingle:
      return "SinglePartition";
    case Kind::kHash:
      return StrCat("hashpartitioning(", ExprList(exprs), ", ", num_partitions, ")");
    case Kind::kRange:
      return StrCat("rangepartitioning(", ExprList(exprs), ", ", num_partitions, ")");
    case Kind::kRoundRobin:
      return StrCat("RoundRobinPartitioning(", num_partitions, ")");
    case Kind::kBroadcast:
      return "BroadcastPartitioning";
  }
  return "";
}

std::string PhysicalPlan::NodeString() const {
  switch (kind) {
    case PhysicalKind::kRange:
      return StrCat("Range (", start, ", ", end, ", step=", step, ", splits=", num_partitions, ")");
    case PhysicalKind::kLocalScan:
      return StrCat("LocalTableScan [", OutputList(*this), "]");
    case PhysicalKind::kFilter:
      return "Filter " + ExprText(condition);
    case PhysicalKind::kProject: {
      std::string out = "Project [";
      for (size_t i = 0; i < exprs.size(); ++i) {
        if (i > 0) out += ", ";
        // An alias shows what it computes; a column passed through shows its id once.
        const ExprPtr& shown =
            exprs[i]->kind == ExprKind::kAlias ? exprs[i]->children[0] : exprs[i];
        bool renamed =
            shown->kind != ExprKind::kBoundReference || shown->name != schema.field(i).name;
        out += ExprText(shown);
        if (renamed) out += " AS " + schema.field(i).name;
        if (i < output_ids.size() && (renamed || shown->id < 0)) out += StrCat("#", output_ids[i]);
      }
      return out + "]";
    }
    case PhysicalKind::kHashAggregate: {
      std::string functions;
      const char* prefix = mode == AggregateMode::kPartial        ? "partial_"
                           : mode == AggregateMode::kPartialMerge ? "merge_"
                                                                  : "";
      for (size_t i = 0; i < aggregates.size(); ++i) {
        if (i > 0) functions += ", ";
        functions += prefix + aggregates[i].display;
      }
      return StrCat("HashAggregate(keys=[", ExprList(grouping), "], functions=[", functions, "])");
    }
    case PhysicalKind::kHashJoin:
      return StrCat(children[build_side]->IsExchange() && children[build_side]->partitioning.kind ==
                                                              Partitioning::Kind::kBroadcast
                        ? "BroadcastHashJoin ["
                        : "ShuffledHashJoin [",
                    ExprList(left_keys), "], [", ExprList(right_keys), "], ",
                    JoinTypeName(join_type), ", Build", build_side == 0 ? "Left" : "Right",
                    condition ? ", " + ExprText(condition) : std::string());
    case PhysicalKind::kNestedLoopJoin:
      return StrCat("BroadcastNestedLoopJoin ", JoinTypeName(join_type),
                    condition ? ", " + ExprText(condition) : std::string());
    case PhysicalKind::kSort:
      return StrCat("Sort [", ExprList(exprs), "], ", global_sort ? "true" : "false");
    case PhysicalKind::kLimit:
      return StrCat(num_partitions == 1 ? "GlobalLimit " : "LocalLimit ", limit);
    case PhysicalKind::kUnion:
      return "Union";
    case PhysicalKind::kSample:
      return StrCat("Sample 0.0, ", fraction, ", ", with_replacement ? "true" : "false", ", ",
                    seed);
    case PhysicalKind::kExchange:
      if (partitioning.kind == Partitioning::Kind::kBroadcast) return "BroadcastExchange";
      return StrCat("Exchange ", partitioning.ToString());
    case PhysicalKind::kCoalesce:
      return StrCat("Coalesce ", num_partitions);
    case PhysicalKind::kCache:
      return StrCat("InMemoryTableScan [", OutputList(*this), "]");
    case PhysicalKind::kFileScan: {
      std::string pushed;
      for (const auto& predicate : file_source->predicates) {
        pushed += (pushed.empty() ? "" : ", ") + predicate.ToString(file_source->data_schema);
      }
      return StrCat("FileScan ", file_source->format, " [", OutputList(*this), "] ",
                    file_source->index.files.size(), " files, ", num_partitions, " partitions",
                    pushed.empty() ? "" : ", PushedFilters: [" + pushed + "]");
    }
  }
  return "?";
}

std::string PhysicalPlan::TreeString() const {
  std::string out;
  AppendTreeString(*this, "", true, true, out);
  return out;
}

}  // namespace ember

#include "ember/plan/logical_plan.h"

#include <algorithm>
#include <atomic>
#include <cctype>

#include "ember/common/error.h"
#include "ember/plan/tree_string.h"

namespace ember {

JoinType ParseJoinType(const std::string& text) {
  std::string key;
  for (char c : text) {
    if (c != '_') key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (key == "inner") return JoinType::kInner;
  if (key == "left" || key == "leftouter") return JoinType::kLeftOuter;
  if (key == "right" || key == "rightouter") return JoinType::kRightOuter;
  if (key == "outer" || key == "full" || key == "fullouter") return JoinType::kFullOuter;
  if (key == "leftsemi" || key == "semi") return JoinType::kLeftSemi;
  if (key == "leftanti" || key == "anti") return JoinType::kLeftAnti;
  if (key == "cross") return JoinType::kCross;
  Throw(ErrorKind::kInvalidArgument, "UNSUPPORTED_JOIN_TYPE", "Unsupported join type '", text,
        "'. Supported join types include: 'inner', 'outer', 'full', 'fullouter', 'full_outer', "
        "'left', 'leftouter', 'left_outer', 'right', 'rightouter', 'right_outer', 'leftsemi', "
        "'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.");
}

const char* JoinTypeName(JoinType type) {
  switch (type) {
    case JoinType::kInner:
      return "Inner";
    case JoinType::kLeftOuter:
      return "LeftOuter";
    case JoinType::kRightOuter:
      return "RightOuter";
    case JoinType::kFullOuter:
      return "FullOuter";
    case JoinType::kLeftSemi:
      return "LeftSemi";
    case JoinType::kLeftAnti:
      return "LeftAnti";
    case JoinType::kCross:
      return "Cross";
  }
  return "";
}

int64_t NextPlanId() {
  static std::atomic<int64_t> next{1};
  return next++;
}

Schema LogicalPlan::schema() const {
  std::vector<Field> fields;
  for (const auto& attribute : output) {
    fields.push_back({attribute->name, attribute->type, attribute->nullable});
  }
  return Schema(std::move(fields));
}

namespace {

std::string JoinExprs(const std::vector<ExprPtr>& exprs) {
  std::string out;
  for (size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += ", ";
    const Expr& e = *exprs[i];
    out += e.kind == ExprKind::kAlias ? e.children[0]->ToString() + " AS " + e.name : e.ToString();
    if (e.kind == ExprKind::kAttribute || e.kind == ExprKind::kAlias) out += StrCat("#", e.id);
  }
  return out;
}

}  // namespace

std::string LogicalPlan::NodeString() const {
  switch (kind) {
    case LogicalKind::kRange:
      return StrCat("Range (", start, ", ", end, ", step=", step, ", splits=", num_partitions, ")");
    case LogicalKind::kLocalRelation:
      return StrCat("LocalRelation [", JoinExprs(output), "], ", local_data->num_rows, " rows");
    case LogicalKind::kProject:
      return "Project [" + JoinExprs(exprs) + "]";
    case LogicalKind::kFilter:
      return "Filter " + condition->ToString();
    case LogicalKind::kAggregate:
      return "Aggregate [" + JoinExprs(grouping) + "], [" + JoinExprs(exprs) + "]";
    case LogicalKind::kJoin:
      return StrCat("Join ", JoinTypeName(join_type),
                    condition ? ", " + condition->ToString() : std::string());
    case LogicalKind::kSort:
      return StrCat("Sort [", JoinExprs(exprs), "], ", global_sort ? "true" : "false");
    case LogicalKind::kLimit:
      return StrCat("Limit ", limit);
    case LogicalKind::kDistinct:
      return exprs.empty() ? "Distinct" : "Deduplicate [" + JoinExprs(exprs) + "]";
    case LogicalKind::kUnion:
      return "Union";
    case LogicalKind::kSample:
      return StrCat("Sample 0.0, ", fraction, ", ", with_replacement ? "true" : "false", ", ",
                    seed);
    case LogicalKind::kFileScan:
      return StrCat("Relation [", JoinExprs(output), "] ", file_source->format, ", ",
                    file_source->index.files.size(), " files");
    case LogicalKind::kRepartition: {
      const char* names[] = {"Repartition", "RepartitionByExpression", "RepartitionByRange",
                             "Coalesce"};
      return StrCat(names[static_cast<int>(repartition_kind)], " [", JoinExprs(exprs), "], ",
                    num_partitions);
    }
  }
  return "?";
}

std::string LogicalPlan::TreeString() const {
  std::string out;
  AppendTreeString(*this, "", true, true, out);
  return out;
}

LogicalPlanPtr WithChildren(const LogicalPlanPtr& plan, std::vector<LogicalPlanPtr> children) {
  auto copy = std::make_shared<LogicalPlan>(*plan);
  copy->children = std::move(children);
  return copy;
}

}  // namespace ember

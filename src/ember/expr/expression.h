#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "ember/types/data_type.h"
#include "ember/types/value.h"

namespace ember {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

/// Distinguishes the forms an expression node takes on its way from the API to a kernel.
enum class ExprKind {
  kUnresolvedColumn,  // a name as the user wrote it; `plan_id` pins df["x"] to one DataFrame
  kStar,              // "*", or "t.*" with `name` = "t"
  kAttribute,         // a resolved column: `name`, `type`, `nullable`, unique `id`
  kBoundReference,    // a physical column: `index` into the input batch
  kLiteral,           // `literal`
  kAlias,             // children[0] AS `name`, producing the attribute `id`
  kCast,              // CAST(children[0] AS `type`); `try_cast` marks try_cast (null on failure)
  kCall,              // scalar function `name`(children...)
  kAggregate,         // aggregate function `name`(children...), `distinct` for count(DISTINCT x)
  kSortOrder,         // children[0] ASC/DESC NULLS FIRST/LAST
};

/// Represents one node of an expression tree. Nodes are immutable and shared; the analyzer
/// returns new trees. The same struct serves unresolved, resolved (attributes) and bound
/// (column indices) trees so that one printer and one set of tree walkers serve them all.
struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  std::string name;
  std::vector<ExprPtr> children;
  Value literal;
  DataType type;         // result type, set once resolved
  bool nullable = true;  // set once resolved
  bool resolved = false;
  int64_t id = -1;        // attribute id (kAttribute, kAlias)
  int64_t plan_id = -1;   // kUnresolvedColumn: id of the DataFrame it was taken from, or -1
  int index = -1;         // kBoundReference
  bool ascending = true;  // kSortOrder
  bool nulls_first = true;
  bool distinct = false;      // kAggregate
  bool try_cast = false;      // kCast
  bool implicit = false;      // kCast inserted by the analyzer: invisible in names, as in Spark
  bool ignore_nulls = false;  // kAggregate first/last

  /// Returns the text Spark uses for this expression as a column name, e.g. "(amount > 100)",
  /// "sum(amount)", "CAST(id AS DOUBLE)".
  std::string ToString() const;
  /// Returns whether this node or a descendant is an aggregate call.
  bool ContainsAggregate() const;
};

/// Returns a fresh id for attributes and aliases; ids are unique within the process.
int64_t NextExprId();

ExprPtr MakeUnresolvedColumn(std::string name, int64_t plan_id = -1);
ExprPtr MakeStar(std::string qualifier = "");
ExprPtr MakeLiteral(Value value);
ExprPtr MakeAttribute(std::string name, DataType type, bool nullable, int64_t id);
ExprPtr MakeBoundReference(int index, DataType type, bool nullable, std::string name);
ExprPtr MakeAlias(ExprPtr child, std::string name, int64_t id = -1);
ExprPtr MakeCast(ExprPtr child, DataType type, bool try_cast = false);
ExprPtr MakeCall(std::string name, std::vector<ExprPtr> args);
ExprPtr MakeAggregate(std::string name, std::vector<ExprPtr> args, bool distinct = false);
ExprPtr MakeSortOrder(ExprPtr child, bool ascending, bool nulls_first);

/// Returns a copy of `expr` with `children` replaced.
ExprPtr WithChildren(const ExprPtr& expr, std::vector<ExprPtr> children);

/// Returns the name a projection of `expr` gets: the alias or column name, else ToString().
std::string OutputName(const Expr& expr);

/// Rewrites `expr` bottom-up: `fn` sees each node after its children were rewritten and returns
/// the replacement (or the node itself).
template <typename Fn>
ExprPtr TransformUp(const ExprPtr& expr, Fn&& fn) {
  std::vector<ExprPtr> children;
  children.reserve(expr->children.size());
  bool changed = false;
  for (const auto& child : expr->children) {
    children.push_back(TransformUp(child, fn));
    changed |= children.back() != child;
  }
  return fn(changed ? WithChildren(expr, std::move(children)) : expr);
}

/// Calls `fn` on every node of `expr`, parents first.
template <typename Fn>
void VisitExpr(const ExprPtr& expr, Fn&& fn) {
  fn(expr);
  for (const auto& child : expr->children) VisitExpr(child, fn);
}

}  // namespace ember

#include "ember/expr/expression.h"

#include <algorithm>
#include <atomic>
#include <cctype>

#include "ember/common/error.h"

namespace ember {

int64_t NextExprId() {
  static std::atomic<int64_t> next{1};
  return next++;
}

namespace {

std::shared_ptr<Expr> NewExpr(ExprKind kind) {
  auto expr = std::make_shared<Expr>();
  expr->kind = kind;
  return expr;
}

std::string Upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

/// Maps internal function names to the infix operator Spark prints, or "" for prefix calls.
const char* InfixOperator(const std::string& name) {
  static const std::pair<const char*, const char*> kOperators[] = {
      {"add", "+"},
      {"subtract", "-"},
      {"multiply", "*"},
      {"divide", "/"},
      {"remainder", "%"},
      {"equal", "="},
      {"not_equal", "!="},
      {"less", "<"},
      {"less_equal", "<="},
      {"greater", ">"},
      {"greater_equal", ">="},
      {"and", "AND"},
      {"or", "OR"},
      {"equal_null_safe", "<=>"},
      {"div", "div"},
      {"like", "LIKE"},
      {"rlike", "RLIKE"},
  };
  for (const auto& [fn, op] : kOperators) {
    if (name == fn) return op;
  }
  return "";
}

}  // namespace

std::string Expr::ToString() const {
  switch (kind) {
    case ExprKind::kUnresolvedColumn:
    case ExprKind::kAttribute:
    case ExprKind::kBoundReference:
      return name;
    case ExprKind::kStar:
      return name.empty() ? "*" : name + ".*";
    case ExprKind::kLiteral:
      return literal.ToString();
    case ExprKind::kAlias:
      return name;
    case ExprKind::kCast:
      if (implicit) return children[0]->ToString();
      return StrCat(try_cast ? "TRY_CAST(" : "CAST(", children[0]->ToString(), " AS ",
                    Upper(type.SimpleString()), ")");
    case ExprKind::kSortOrder:
      return StrCat(children[0]->ToString(), ascending ? " ASC" : " DESC",
                    nulls_first ? " NULLS FIRST" : " NULLS LAST");
    case ExprKind::kAggregate: {
      std::string out = name + "(" + (distinct ? "DISTINCT " : "");
      for (size_t i = 0; i < children.size(); ++i) {
        out += (i > 0 ? ", " : "") + children[i]->ToString();
      }
      return out + ")";
    }
    case ExprKind::kCall: {
      if (const char* op = InfixOperator(name); *op != '\0' && children.size() == 2) {
        return StrCat("(", children[0]->ToString(), " ", op, " ", children[1]->ToString(), ")");
      }
      if (children.size() == 1) {
        if (name == "not") return StrCat("(NOT ", children[0]->ToString(), ")");
        if (name == "negative") return StrCat("(- ", children[0]->ToString(), ")");
        if (name == "isnull") return StrCat("(", children[0]->ToString(), " IS NULL)");
        if (name == "isnotnull") return StrCat("(", children[0]->ToString(), " IS NOT NULL)");
      }
      if (name == "in" && !children.empty()) {
        std::string out = "(" + children[0]->ToString() + " IN (";
        for (size_t i = 1; i < children.size(); ++i) {
          out += (i > 1 ? ", " : "") + children[i]->ToString();
        }
        return out + "))";
      }
      if (name == "case_when") {
        std::string out = "CASE";
        size_t i = 0;
        for (; i + 1 < children.size(); i += 2) {
          out += " WHEN " + children[i]->ToString() + " THEN " + children[i + 1]->ToString();
        }
        if (i < children.size()) out += " ELSE " + children[i]->ToString();
        return out + " END";
      }
      std::string out = name + "(";
      for (size_t i = 0; i < children.size(); ++i) {
        out += (i > 0 ? ", " : "") + children[i]->ToString();
      }
      return out + ")";
    }
  }
  return name;
}

bool Expr::ContainsAggregate() const {
  if (kind == ExprKind::kAggregate) return true;
  return std::any_of(children.begin(), children.end(),
                     [](const ExprPtr& child) { return child->ContainsAggregate(); });
}

ExprPtr MakeUnresolvedColumn(std::string name, int64_t plan_id) {
  auto expr = NewExpr(ExprKind::kUnresolvedColumn);
  expr->name = std::move(name);
  expr->plan_id = plan_id;
  return expr;
}

ExprPtr MakeStar(std::string qualifier) {
  auto expr = NewExpr(ExprKind::kStar);
  expr->name = std::move(qualifier);
  return expr;
}

ExprPtr MakeLiteral(Value value) {
  auto expr = NewExpr(ExprKind::kLiteral);
  expr->type = value.type();
  expr->nullable = value.is_null();
  expr->literal = std::move(value);
  expr->resolved = true;
  return expr;
}

ExprPtr MakeAttribute(std::string name, DataType type, bool nullable, int64_t id) {
  auto expr = NewExpr(ExprKind::kAttribute);
  expr->name = std::move(name);
  expr->type = type;
  expr->nullable = nullable;
  expr->id = id;
  expr->resolved = true;
  return expr;
}

ExprPtr MakeBoundReference(int index, DataType type, bool nullable, std::string name) {
  auto expr = NewExpr(ExprKind::kBoundReference);
  expr->index = index;
  expr->type = type;
  expr->nullable = nullable;
  expr->name = std::move(name);
  expr->resolved = true;
  return expr;
}

ExprPtr MakeAlias(ExprPtr child, std::string name, int64_t id) {
  auto expr = NewExpr(ExprKind::kAlias);
  expr->name = std::move(name);
  expr->id = id >= 0 ? id : NextExprId();
  expr->resolved = child->resolved;
  expr->type = child->type;
  expr->nullable = child->nullable;
  expr->children = {std::move(child)};
  return expr;
}

ExprPtr MakeCast(ExprPtr child, DataType type, bool try_cast) {
  auto expr = NewExpr(ExprKind::kCast);
  expr->type = type;
  expr->try_cast = try_cast;
  expr->children = {std::move(child)};
  return expr;
}

ExprPtr MakeCall(std::string name, std::vector<ExprPtr> args) {
  auto expr = NewExpr(ExprKind::kCall);
  expr->name = std::move(name);
  expr->children = std::move(args);
  return expr;
}

ExprPtr MakeAggregate(std::string name, std::vector<ExprPtr> args, bool distinct) {
  auto expr = NewExpr(ExprKind::kAggregate);
  expr->name = std::move(name);
  expr->children = std::move(args);
  expr->distinct = distinct;
  return expr;
}

ExprPtr MakeSortOrder(ExprPtr child, bool ascending, bool nulls_first) {
  auto expr = NewExpr(ExprKind::kSortOrder);
  expr->ascending = ascending;
  expr->nulls_first = nulls_first;
  expr->children = {std::move(child)};
  return expr;
}

ExprPtr WithChildren(const ExprPtr& expr, std::vector<ExprPtr> children) {
  auto copy = std::make_shared<Expr>(*expr);
  copy->children = std::move(children);
  return copy;
}

std::string OutputName(const Expr& expr) {
  switch (expr.kind) {
    case ExprKind::kAlias:
    case ExprKind::kAttribute:
    case ExprKind::kBoundReference:
      return expr.name;
    case ExprKind::kUnresolvedColumn: {
      // "t.amount" projects as "amount".
      auto dot = expr.name.rfind('.');
      return dot == std::string::npos ? expr.name : expr.name.substr(dot + 1);
    }
    default:
      return expr.ToString();
  }
}

}  // namespace ember

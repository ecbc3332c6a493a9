#pragma once

// Helpers for testing functions through the registry and the evaluator: expressions are bound
// the way the analyzer binds them (arguments cast to the types the function asks for, the call
// typed with the bound result type), then evaluated over hand-built batches.

#include <string>
#include <vector>

#include "column_test_util.h"
#include "ember/columnar/batch.h"
#include "ember/expr/evaluator.h"
#include "ember/expr/expression.h"
#include "ember/functions/builtin_functions.h"

namespace ember::testing {

// The types tests name most.
inline const DataType kByte = TypeId::kByte;
inline const DataType kInt = TypeId::kInt;
inline const DataType kLong = TypeId::kLong;
inline const DataType kFloat = TypeId::kFloat;
inline const DataType kDouble = TypeId::kDouble;
inline const DataType kBool = TypeId::kBoolean;
inline const DataType kString = TypeId::kString;
inline const DataType kDate = TypeId::kDate;
inline const DataType kTimestamp = TypeId::kTimestamp;

inline constexpr EvalContext kAnsi{.ansi = true};
inline constexpr EvalContext kLegacy{.ansi = false};

/// Returns a nullable reference to input column `index` of `type`.
inline ExprPtr Col(int index, DataType type) {
  return MakeBoundReference(index, type, true, "c" + std::to_string(index));
}

inline ExprPtr Lit(Value value) {
  return MakeLiteral(std::move(value));
}

/// Binds the scalar function `name` to `args`: asks the registry for the argument types it wants,
/// wraps the arguments whose type differs in casts and types the call with the result type.
inline ExprPtr Call(const std::string& name, std::vector<ExprPtr> args) {
  std::vector<DataType> types;
  for (const auto& arg : args) types.push_back(arg->type);
  BoundScalar bound = BuiltinFunctions().BindScalar(name, types);
  EXPECT_EQ(bound.arg_types.size(), args.size()) << name;
  for (size_t i = 0; i < args.size() && i < bound.arg_types.size(); ++i) {
    if (args[i]->type != bound.arg_types[i]) args[i] = MakeCast(args[i], bound.arg_types[i]);
  }
  auto call = std::make_shared<Expr>(*MakeCall(name, std::move(args)));
  call->type = bound.result_type;
  call->resolved = true;
  return call;
}

inline ExprPtr Cast(ExprPtr child, DataType type) {
  return MakeCast(std::move(child), type);
}
inline ExprPtr TryCast(ExprPtr child, DataType type) {
  return MakeCast(std::move(child), type, /*try_cast=*/true);
}

/// Evaluates `expr` over a batch made of `columns` (all of one length).
inline ColumnVectorPtr Evaluate(const ExprPtr& expr, const std::vector<ColumnVectorPtr>& columns,
                                EvalContext context = kAnsi) {
  size_t rows = columns.empty() ? 1 : columns[0]->size();
  ExpressionEvaluator evaluator({expr}, BuiltinFunctions(), context);
  auto result = evaluator.Evaluate(Batch(columns, rows));
  EXPECT_EQ(result.size(), 1u);
  EXPECT_EQ(result[0]->size(), rows);
  return result[0];
}

/// Evaluates an expression without column references over a one-row batch.
inline ColumnVectorPtr EvaluateScalar(const ExprPtr& expr, EvalContext context = kAnsi) {
  return Evaluate(expr, {}, context);
}

/// Evaluates `expr` and renders the result rows (see Render).
inline Strings EvaluateToStrings(const ExprPtr& expr, const std::vector<ColumnVectorPtr>& columns,
                                 EvalContext context = kAnsi) {
  return Render(Evaluate(expr, columns, context));
}

/// Evaluates `expr`, which must fail, and returns the error.
inline Error EvaluateError(const ExprPtr& expr, const std::vector<ColumnVectorPtr>& columns,
                           EvalContext context = kAnsi) {
  return CaptureError([&] { Evaluate(expr, columns, context); });
}

}  // namespace ember::testing

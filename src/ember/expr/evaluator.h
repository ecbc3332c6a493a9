#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/expr/expression.h"
#include "ember/expr/function_registry.h"

namespace ember {

struct CompiledExpr;

/// Evaluates bound expressions (column references by index) over batches, a column at a time.
/// AND, OR, CASE WHEN and COALESCE evaluate their later operands only on the rows that need
/// them, so `b != 0 AND a / b > 1` never divides by zero, as in Spark. Functions of one
/// dictionary-encoded column run once per distinct value. An evaluator keeps per-batch caches:
/// one thread uses it at a time (each task builds its own).
class ExpressionEvaluator {
 public:
  ExpressionEvaluator(const std::vector<ExprPtr>& exprs, const FunctionRegistry& registry,
                      EvalContext context);
  ~ExpressionEvaluator();
  ExpressionEvaluator(ExpressionEvaluator&&) noexcept;
  ExpressionEvaluator& operator=(ExpressionEvaluator&&) noexcept;

  /// Returns one column per expression over the live rows of `batch` (dense, `num_rows()` long;
  /// a column may be constant).
  std::vector<ColumnVectorPtr> Evaluate(const Batch& batch) const;
  /// Evaluates the single boolean expression and returns the live rows of `batch` for which it
  /// is true, as physical row numbers of `batch`.
  std::shared_ptr<const SelectionVector> Select(const Batch& batch) const;

 private:
  std::vector<std::unique_ptr<CompiledExpr>> compiled_;
  std::vector<int> referenced_;  // input columns any expression reads
  EvalContext context_;
};

/// Returns the value of `expr` if it is a constant (literals, possibly cast or combined by scalar
/// functions, no column references or aggregates) that evaluates without an error; nullopt
/// otherwise (the query itself reports such an error when it runs).
std::optional<Value> FoldConstant(const ExprPtr& expr, const FunctionRegistry& registry,
                                  EvalContext context = {});

/// Returns the input column indices `expr` reads, sorted and unique.
std::vector<int> ReferencedColumns(const ExprPtr& expr);

}  // namespace ember

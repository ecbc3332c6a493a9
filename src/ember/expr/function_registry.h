#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/columnar/column.h"
#include "ember/types/schema.h"

namespace ember {

/// Carries the session settings a kernel needs (ANSI mode, time zone); cheap to copy.
struct EvalContext {
  bool ansi = true;
};

/// Computes one output column from argument columns of equal length (each flat or constant).
using ScalarKernel = std::function<ColumnVectorPtr(
    const EvalContext& context, const std::vector<ColumnVectorPtr>& args, size_t num_rows)>;

/// Describes a scalar function applied to concrete argument types: the types the arguments are
/// cast to first (implicit coercion), the result type and the kernel.
struct BoundScalar {
  std::vector<DataType> arg_types;
  DataType result_type;
  ScalarKernel kernel;
  /// True when the result is null exactly when an argument is null (lets nullability propagate).
  bool null_intolerant = true;
  /// True when the function may return null for non-null inputs (e.g. division by zero, non-ANSI).
  bool may_introduce_nulls = false;
};

/// Declares a scalar function: name, doc line, arity and the binder that checks argument types.
struct ScalarFunction {
  std::string name;
  std::string doc;
  int min_args = 0;
  int max_args = 0;  // -1: any number
  /// Returns the binding for `arg_types`; throws AnalysisException (DATATYPE_MISMATCH) naming
  /// the function and the offending argument if the types are not accepted.
  std::function<BoundScalar(const std::vector<DataType>& arg_types)> bind;
};

/// Accumulates one aggregate over groups numbered 0..N-1, columnar: states live in vectors
/// indexed by group id, so updates are tight loops.
class Accumulator {
 public:
  virtual ~Accumulator() = default;
  /// Makes room for `num_groups` groups, initializing the new ones.
  virtual void Resize(size_t num_groups) = 0;
  /// Adds raw input rows: row i belongs to group `group_ids[i]` (all to group 0 if null).
  virtual void Update(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& args,
                      size_t num_rows) = 0;
  /// Adds partial states produced by States() of other accumulators.
  virtual void Merge(const uint32_t* group_ids, const std::vector<ColumnVectorPtr>& states,
                     size_t num_rows) = 0;
  /// Returns the partial state of groups [0, num_groups) as columns (see BoundAggregate).
  virtual std::vector<ColumnVectorPtr> States(size_t num_groups) = 0;
  /// Returns the final value of groups [0, num_groups).
  virtual ColumnVectorPtr Finalize(size_t num_groups) = 0;
};

/// Describes an aggregate applied to concrete argument types.
struct BoundAggregate {
  std::vector<DataType> arg_types;
  DataType result_type;
  bool result_nullable = true;
  /// The partial state columns (e.g. avg: sum double, count long).
  std::vector<Field> state_fields;
  std::function<std::unique_ptr<Accumulator>(const EvalContext& context)> make_accumulator;
  /// When set, the analyzer calls it with each argument's value if the argument is a constant
  /// (nullopt otherwise), so arguments the function rejects (percentile_approx's percentage)
  /// fail the query before it runs, with AnalysisException.
  std::function<void(const std::vector<std::optional<Value>>& constants)> check_constant_args;
};

/// Declares an aggregate function.
struct AggregateFunction {
  std::string name;
  std::string doc;
  int min_args = 0;
  int max_args = 0;
  std::function<BoundAggregate(const std::vector<DataType>& arg_types)> bind;
};

/// Returns a kernel converting `from` to `to` with Spark's cast rules (ANSI errors or nulls;
/// `try_cast` always nulls); throws AnalysisException if the cast is not allowed.
using CastBinder = std::function<ScalarKernel(DataType from, DataType to, bool try_cast)>;

/// Looks functions up by name (case-insensitive). Built once by the functions layer from explicit
/// registration lists; read-only afterwards, so it is shared freely between threads.
class FunctionRegistry {
 public:
  void AddScalar(ScalarFunction function);
  void AddAggregate(AggregateFunction function);
  void SetCastBinder(CastBinder binder) { cast_binder_ = std::move(binder); }

  /// Returns the function called `name`, or nullptr.
  const ScalarFunction* FindScalar(const std::string& name) const;
  const AggregateFunction* FindAggregate(const std::string& name) const;
  const CastBinder& cast_binder() const { return cast_binder_; }

  /// Binds `name` to `arg_types`, checking arity; throws naming the function when unknown.
  BoundScalar BindScalar(const std::string& name, const std::vector<DataType>& arg_types) const;
  BoundAggregate BindAggregate(const std::string& name,
                               const std::vector<DataType>& arg_types) const;

  const std::map<std::string, ScalarFunction>& scalars() const { return scalars_; }
  const std::map<std::string, AggregateFunction>& aggregates() const { return aggregates_; }

 private:
  std::map<std::string, ScalarFunction> scalars_;
  std::map<std::string, AggregateFunction> aggregates_;
  CastBinder cast_binder_;
};

/// Throws the DATATYPE_MISMATCH analysis error for argument `index` of `function`.
[[noreturn]] void ThrowArgumentTypeMismatch(const std::string& function, size_t index,
                                            const DataType& actual, const std::string& expected);

}  // namespace ember

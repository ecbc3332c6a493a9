#include "ember/expr/function_registry.h"
#include "ember/common/ascii.h"

#include <algorithm>
#include <cctype>

#include "ember/common/error.h"

namespace ember {

namespace {

void CheckArity(const std::string& name, int min_args, int max_args, size_t count) {
  int n = static_cast<int>(count);
  if (n < min_args || (max_args >= 0 && n > max_args)) {
    std::string expected = min_args == max_args ? std::to_string(min_args)
                           : max_args < 0       ? StrCat("at least ", min_args)
                                                : StrCat(min_args, " to ", max_args);
    Throw(ErrorKind::kAnalysis, "WRONG_NUM_ARGS.WITHOUT_SUGGESTION", "The ", QuoteIdentifier(name),
          " requires ", expected, " parameters but the actual number is ", n, ".");
  }
}

}  // namespace

void FunctionRegistry::AddScalar(ScalarFunction function) {
  std::string key = AsciiLower(function.name);
  EMBER_CHECK(!function.doc.empty(), "function ", key, " has no doc line");
  EMBER_CHECK(scalars_.count(key) == 0, "function ", key, " registered twice");
  scalars_.emplace(key, std::move(function));
}

void FunctionRegistry::AddAggregate(AggregateFunction function) {
  std::string key = AsciiLower(function.name);
  EMBER_CHECK(!function.doc.empty(), "aggregate ", key, " has no doc line");
  EMBER_CHECK(aggregates_.count(key) == 0, "aggregate ", key, " registered twice");
  aggregates_.emplace(key, std::move(function));
}

const ScalarFunction* FunctionRegistry::FindScalar(const std::string& name) const {
  auto it = scalars_.find(AsciiLower(name));
  return it == scalars_.end() ? nullptr : &it->second;
}

const AggregateFunction* FunctionRegistry::FindAggregate(const std::string& name) const {
  auto it = aggregates_.find(AsciiLower(name));
  return it == aggregates_.end() ? nullptr : &it->second;
}

BoundScalar FunctionRegistry::BindScalar(const std::string& name,
                                         const std::vector<DataType>& arg_types) const {
  const ScalarFunction* function = FindScalar(name);
  if (function == nullptr) {
    Throw(ErrorKind::kAnalysis, "UNRESOLVED_ROUTINE", "Cannot resolve routine ",
          QuoteIdentifier(name), ".");
  }
  CheckArity(function->name, function->min_args, function->max_args, arg_types.size());
  return function->bind(arg_types);
}

BoundAggregate FunctionRegistry::BindAggregate(const std::string& name,
                                               const std::vector<DataType>& arg_types) const {
  const AggregateFunction* function = FindAggregate(name);
  if (function == nullptr) {
    Throw(ErrorKind::kAnalysis, "UNRESOLVED_ROUTINE", "Cannot resolve aggregate function ",
          QuoteIdentifier(name), ".");
  }
  CheckArity(function->name, function->min_args, function->max_args, arg_types.size());
  return function->bind(arg_types);
}

void ThrowArgumentTypeMismatch(const std::string& function, size_t index, const DataType& actual,
                               const std::string& expected) {
  static const char* kOrdinals[] = {"first", "second", "third", "fourth", "fifth"};
  std::string ordinal = index < 5 ? kOrdinals[index] : StrCat(index + 1, "th");
  Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "Cannot resolve ",
        QuoteIdentifier(function), " due to data type mismatch: the ", ordinal,
        " parameter requires ", expected, " type, however it has the type \"",
        actual.SimpleString(), "\".");
}

}  // namespace ember

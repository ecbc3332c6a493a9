#pragma once

// The explicit registration lists; builtin_functions.cc calls each once.

#include "ember/expr/function_registry.h"

namespace ember::functions {

void RegisterArithmeticFunctions(FunctionRegistry& registry);
void RegisterPredicateFunctions(FunctionRegistry& registry);
void RegisterCastFunctions(FunctionRegistry& registry);
void RegisterStringFunctions(FunctionRegistry& registry);
void RegisterRegexFunctions(FunctionRegistry& registry);
void RegisterDatetimeFunctions(FunctionRegistry& registry);
void RegisterAggregateFunctions(FunctionRegistry& registry);
void RegisterStatisticalAggregates(FunctionRegistry& registry);
void RegisterPercentileAggregates(FunctionRegistry& registry);

/// Throws DATATYPE_MISMATCH naming `name` unless the first `count` of `types` can be read as
/// strings (strings, binary, numbers, dates, timestamps, booleans and nulls are cast to string).
void RequireStrings(const std::string& name, const std::vector<DataType>& types, size_t count);

/// Returns the type both arguments are coerced to for comparison or arithmetic (Spark's implicit
/// casts: numeric widening; string vs number -> the number's type for comparison; date vs
/// timestamp -> timestamp; string vs date -> date); throws DATATYPE_MISMATCH naming `function`.
DataType CommonType(const std::string& function, const DataType& left, const DataType& right);

}  // namespace ember::functions

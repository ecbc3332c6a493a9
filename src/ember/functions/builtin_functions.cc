#include "ember/functions/builtin_functions.h"

#include "ember/functions/internal/registration.h"

namespace ember {

const FunctionRegistry& BuiltinFunctions() {
  static const FunctionRegistry registry = [] {
    FunctionRegistry r;
    functions::RegisterArithmeticFunctions(r);
    functions::RegisterPredicateFunctions(r);
    functions::RegisterCastFunctions(r);
    functions::RegisterStringFunctions(r);
    functions::RegisterRegexFunctions(r);
    functions::RegisterDatetimeFunctions(r);
    functions::RegisterAggregateFunctions(r);
    functions::RegisterStatisticalAggregates(r);
    functions::RegisterPercentileAggregates(r);
    return r;
  }();
  return registry;
}

}  // namespace ember

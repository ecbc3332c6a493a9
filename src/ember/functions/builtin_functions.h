#pragma once

#include "ember/expr/function_registry.h"

namespace ember {

/// Returns the registry of every built-in scalar and aggregate function and the cast rules;
/// built once on first use, immutable afterwards.
const FunctionRegistry& BuiltinFunctions();

}  // namespace ember

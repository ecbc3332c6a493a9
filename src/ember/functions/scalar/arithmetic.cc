// Arithmetic: + - * / % with Spark's result types, ANSI overflow and division-by-zero errors,
// and decimal precision rules (DecimalPrecision with allowPrecisionLoss).

#include <cmath>
#include <limits>
#include <type_traits>

#include "ember/functions/internal/kernel_util.h"
#include "ember/functions/internal/registration.h"
#include "ember/types/decimal_math.h"
#include "ember/types/text_format.h"

namespace ember::functions {

namespace {

enum class ArithmeticOp { kAdd, kSubtract, kMultiply, kDivide, kRemainder };

const char* TryName(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return "try_add";
    case ArithmeticOp::kSubtract:
      return "try_subtract";
    case ArithmeticOp::kMultiply:
      return "try_multiply";
    case ArithmeticOp::kDivide:
      return "try_divide";
    case ArithmeticOp::kRemainder:
      return "try_mod";
  }
  return "";
}

[[noreturn]] void ThrowOverflow(const DataType& type, ArithmeticOp op) {
  std::string type_name = type.id() == TypeId::kInt ? "integer" : type.TypeName();
  Throw(ErrorKind::kExecution, "ARITHMETIC_OVERFLOW", type_name, " overflow. Use '", TryName(op),
        "' to tolerate overflow and return NULL instead. If necessary set "
        "\"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
}

[[noreturn]] void ThrowDivideByZero() {
  Throw(ErrorKind::kExecution, "DIVIDE_BY_ZERO",
        "Division by zero. Use `try_divide` to tolerate divisor being 0 and return NULL instead. "
        "If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error.");
}

[[noreturn]] void ThrowDecimalOverflow(const DataType& type) {
  Throw(ErrorKind::kExecution, "NUMERIC_VALUE_OUT_OF_RANGE.WITH_SUGGESTION",
        "The result of a decimal operation cannot be represented as ", type.SimpleString(),
        ". If necessary set \"spark.sql.ansi.enabled\" to \"false\" to bypass this error, and "
        "return NULL instead.");
}

/// Applies Spark's DecimalType.adjustPrecisionScale for results wider than 38 digits.
DataType AdjustDecimal(int precision, int scale) {
  if (precision <= DataType::kMaxDecimalPrecision) return DataType::Decimal(precision, scale);
  int integral_digits = precision - scale;
  int min_scale = std::min(scale, 6);
  int adjusted = std::max(DataType::kMaxDecimalPrecision - integral_digits, min_scale);
  return DataType::Decimal(DataType::kMaxDecimalPrecision, adjusted);
}

template <typename T>
bool ApplyChecked(ArithmeticOp op, T a, T b, T* out) {
  if constexpr (std::is_floating_point_v<T>) {
    switch (op) {
      case ArithmeticOp::kAdd:
        *out = a + b;
        return true;
      case ArithmeticOp::kSubtract:
        *out = a - b;
        return true;
      case ArithmeticOp::kMultiply:
        *out = a * b;
        return true;
      case ArithmeticOp::kDivide:
        *out = b == 0 ? T{} : a / b;
        return b != 0;
      case ArithmeticOp::kRemainder:
        *out = b == 0 ? T{} : std::fmod(a, b);
        return b != 0;
    }
    return true;
  } else {
    switch (op) {
      case ArithmeticOp::kAdd:
        return !__builtin_add_overflow(a, b, out);
      case ArithmeticOp::kSubtract:
        return !__builtin_sub_overflow(a, b, out);
      case ArithmeticOp::kMultiply:
        return !__builtin_mul_overflow(a, b, out);
      case ArithmeticOp::kDivide:
      case ArithmeticOp::kRemainder:
        if (b == 0) {
          *out = 0;
          return false;
        }
        if (b == -1) {  // avoids the overflow trap of MIN / -1
          *out = op == ArithmeticOp::kRemainder
                     ? 0
                     : static_cast<T>(0 - static_cast<std::make_unsigned_t<T>>(a));
          return true;
        }
        *out = op == ArithmeticOp::kRemainder ? a % b : a / b;
        return true;
    }
    return true;
  }
}

/// Wraps on overflow, as Spark does with ANSI mode off.
template <typename T>
bool ApplyWrapping(ArithmeticOp op, T a, T b, T* out) {
  if constexpr (std::is_integral_v<T>) {
    using U = std::make_unsigned_t<T>;
    switch (op) {
      case ArithmeticOp::kAdd:
        *out = static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
        return true;
      case ArithmeticOp::kSubtract:
        *out = static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
        return true;
      case ArithmeticOp::kMultiply:
        *out = static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
        return true;
      default:
        return ApplyChecked(op, a, b, out);
    }
  } else {
    return ApplyChecked(op, a, b, out);
  }
}

template <typename T>
ScalarKernel NumericKernel(ArithmeticOp op, DataType type) {
  return [op, type](const EvalContext& context, const std::vector<ColumnVectorPtr>& args,
                    size_t rows) {
    bool division = op == ArithmeticOp::kDivide || op == ArithmeticOp::kRemainder;
    auto on_error = [&](size_t) {
      if (!context.ansi) return;
      if (division) {
        ThrowDivideByZero();
      }
      ThrowOverflow(type, op);
    };
    // The switch sits outside the loop so each instantiation is a tight loop the compiler can
    // vectorize.
    switch (op) {
#define EMBER_ARITH_CASE(OP)                                                          \
  case OP:                                                                            \
    if (context.ansi) {                                                               \
      return kernels::BinaryFixed<T, T, T>(                                           \
          args[0], args[1], rows, type,                                               \
          [](T a, T b, T* out) { return ApplyChecked<T>(OP, a, b, out); }, on_error); \
    }                                                                                 \
    return kernels::BinaryFixed<T, T, T>(                                             \
        args[0], args[1], rows, type,                                                 \
        [](T a, T b, T* out) { return ApplyWrapping<T>(OP, a, b, out); }, on_error);
      EMBER_ARITH_CASE(ArithmeticOp::kAdd)
      EMBER_ARITH_CASE(ArithmeticOp::kSubtract)
      EMBER_ARITH_CASE(ArithmeticOp::kMultiply)
      EMBER_ARITH_CASE(ArithmeticOp::kDivide)
      EMBER_ARITH_CASE(ArithmeticOp::kRemainder)
#undef EMBER_ARITH_CASE
    }
    return ColumnVectorPtr();
  };
}

/// Computes decimal results on unscaled int128 values. Arguments arrive already rescaled as the
/// binder asked; `shift` is the extra power of ten applied to the dividend (divide) or the
/// scale reduction of the product (multiply).
ScalarKernel DecimalKernel(ArithmeticOp op, DataType result, int shift) {
  return [op, result, shift](const EvalContext& context, const std::vector<ColumnVectorPtr>& args,
                             size_t rows) {
    auto on_error = [&](size_t row) {
      if (!context.ansi) return;
      bool zero_divisor = (op == ArithmeticOp::kDivide || op == ArithmeticOp::kRemainder) &&
                          args[1]->ValueAt<int128_t>(row) == 0;
      if (zero_divisor) ThrowDivideByZero();
      ThrowDecimalOverflow(result);
    };
    int precision = result.precision();
    auto fn = [op, shift, precision](int128_t a, int128_t b, int128_t* out) {
      int128_t value = 0;
      switch (op) {
        case ArithmeticOp::kAdd:
          if (__builtin_add_overflow(a, b, &value)) return false;
          break;
        case ArithmeticOp::kSubtract:
          if (__builtin_sub_overflow(a, b, &value)) return false;
          break;
        case ArithmeticOp::kMultiply:
          // The fast path fits in 128 bits; otherwise a 256-bit intermediate keeps it exact.
          if (__builtin_mul_overflow(a, b, &value)) {
            if (!MultiplyAndRescale(a, b, shift, &value)) return false;
          } else if (shift > 0) {
            value = RescaleDecimal(value, shift, 0);
          }
          break;
        case ArithmeticOp::kDivide: {
          if (b == 0) return false;
          int128_t numerator;
          if (__builtin_mul_overflow(a, PowerOfTen(shift), &numerator)) {
            if (!DivideScaled(a, shift, b, &value)) return false;
            break;
          }
          value = numerator / b;
          int128_t rest = numerator % b;
          // Rounds HALF_UP, away from zero, like java.math.BigDecimal.
          int128_t abs_rest = rest < 0 ? -rest : rest, abs_b = b < 0 ? -b : b;
          if (abs_rest * 2 >= abs_b) value += ((numerator < 0) != (b < 0)) ? -1 : 1;
          break;
        }
        case ArithmeticOp::kRemainder:
          if (b == 0) return false;
          value = a % b;
          break;
      }
      *out = value;
      return DecimalFits(value, precision);
    };
    return kernels::BinaryFixed<int128_t, int128_t, int128_t>(args[0], args[1], rows, result, fn,
                                                              on_error);
  };
}

/// Returns the type decimal `type` is cast to so that it has `scale` digits after the point and
/// keeps its integral digits. Keeping them (rather than widening to 38) makes binding idempotent:
/// the evaluator binds the call again with the cast argument types and must get the same result
/// type.
DataType OperandAtScale(const DataType& type, int scale) {
  return DataType::Decimal(
      std::min(DataType::kMaxDecimalPrecision, type.precision() - type.scale() + scale), scale);
}

BoundScalar BindArithmetic(const std::string& name, ArithmeticOp op,
                           const std::vector<DataType>& types) {
  DataType left = types[0], right = types[1];
  for (size_t i = 0; i < 2; ++i) {
    if (!types[i].IsNumeric() && types[i].id() != TypeId::kNull &&
        types[i].id() != TypeId::kString) {
      ThrowArgumentTypeMismatch(name, i, types[i], "\"NUMERIC\"");
    }
  }
  // Strings in arithmetic are read as doubles, as Spark's implicit casts do.
  if (left.id() == TypeId::kString) left = TypeId::kDouble;
  if (right.id() == TypeId::kString) right = TypeId::kDouble;
  if (left.id() == TypeId::kNull && right.id() == TypeId::kNull) left = right = TypeId::kDouble;
  if (left.id() == TypeId::kNull) left = right;
  if (right.id() == TypeId::kNull) right = left;

  bool decimal = (left.id() == TypeId::kDecimal || right.id() == TypeId::kDecimal) &&
                 !left.IsFloating() && !right.IsFloating();
  BoundScalar bound;
  bound.may_introduce_nulls = true;
  if (decimal) {
    DataType a = DecimalForIntegral(left), b = DecimalForIntegral(right);
    int p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
    switch (op) {
      case ArithmeticOp::kAdd:
      case ArithmeticOp::kSubtract: {
        int scale = std::max(s1, s2);
        DataType result = AdjustDecimal(std::max(p1 - s1, p2 - s2) + scale + 1, scale);
        bound.arg_types = {OperandAtScale(a, result.scale()), OperandAtScale(b, result.scale())};
        bound.result_type = result;
        bound.kernel = DecimalKernel(op, result, 0);
        return bound;
      }
      case ArithmeticOp::kMultiply: {
        DataType result = AdjustDecimal(p1 + p2 + 1, s1 + s2);
        bound.arg_types = {a, b};
        bound.result_type = result;
        bound.kernel = DecimalKernel(op, result, s1 + s2 - result.scale());
        return bound;
      }
      case ArithmeticOp::kDivide: {
        int scale = std::max(6, s1 + p2 + 1);
        DataType result = AdjustDecimal(p1 - s1 + s2 + scale, scale);
        bound.arg_types = {a, b};
        bound.result_type = result;
        bound.kernel = DecimalKernel(op, result, result.scale() - s1 + s2);
        return bound;
      }
      case ArithmeticOp::kRemainder: {
        int scale = std::max(s1, s2);
        DataType result = AdjustDecimal(std::min(p1 - s1, p2 - s2) + scale, scale);
        bound.arg_types = {OperandAtScale(a, scale), OperandAtScale(b, scale)};
        bound.result_type = result;
        bound.kernel = DecimalKernel(op, result, 0);
        return bound;
      }
    }
  }
  DataType common = WiderNumericType(left, right);
  if (op == ArithmeticOp::kDivide || common.id() == TypeId::kDecimal) common = TypeId::kDouble;
  bound.arg_types = {common, common};
  bound.result_type = common;
  bound.kernel = DispatchFixedWidth(common, [&]<typename T>() -> ScalarKernel {
    if constexpr (std::is_same_v<T, bool> || std::is_same_v<T, int128_t>) {
      return nullptr;
    } else {
      return NumericKernel<T>(op, common);
    }
  });
  return bound;
}

BoundScalar BindNegate(const std::string& name, const std::vector<DataType>& types, bool abs) {
  DataType type = types[0];
  if (type.id() == TypeId::kNull) type = TypeId::kDouble;
  if (!type.IsNumeric()) ThrowArgumentTypeMismatch(name, 0, types[0], "\"NUMERIC\"");
  BoundScalar bound;
  bound.arg_types = {type};
  bound.result_type = type;
  bound.kernel = [type, abs](const EvalContext& context, const std::vector<ColumnVectorPtr>& args,
                             size_t rows) {
    return DispatchFixedWidth(type, [&]<typename T>() -> ColumnVectorPtr {
      if constexpr (std::is_same_v<T, bool>) {
        return nullptr;
      } else {
        bool ansi = context.ansi;
        auto op = [abs, ansi](T a, T* out) {
          if constexpr (std::is_floating_point_v<T>) {
            if (abs) {  // Math.abs(-0.0) is 0.0
              *out = std::fabs(a);
              return true;
            }
          }
          if (abs && !(a < T{})) {
            *out = a;
            return true;
          }
          if constexpr (std::is_integral_v<T> || std::is_same_v<T, int128_t>) {
            if (a == std::numeric_limits<T>::min() && !std::is_same_v<T, int128_t>) {
              *out = a;  // Java's -MIN_VALUE wraps to MIN_VALUE; an error only under ANSI
              return !ansi;
            }
          }
          *out = -a;
          return true;
        };
        return kernels::UnaryFixed<T, T>(args[0], rows, type, op, [&](size_t) {
          if (context.ansi) ThrowOverflow(type, ArithmeticOp::kSubtract);
        });
      }
    });
  };
  return bound;
}

}  // namespace

void RegisterArithmeticFunctions(FunctionRegistry& registry) {
  struct Entry {
    const char* name;
    ArithmeticOp op;
    const char* doc;
  };
  static const Entry kEntries[] = {
      {"add", ArithmeticOp::kAdd, "Returns a + b."},
      {"subtract", ArithmeticOp::kSubtract, "Returns a - b."},
      {"multiply", ArithmeticOp::kMultiply, "Returns a * b."},
      {"divide", ArithmeticOp::kDivide, "Returns a / b as double (or decimal for decimals)."},
      {"remainder", ArithmeticOp::kRemainder, "Returns the remainder of a / b (a % b)."},
  };
  for (const auto& entry : kEntries) {
    std::string name = entry.name;
    ArithmeticOp op = entry.op;
    registry.AddScalar({name, entry.doc, 2, 2, [name, op](const std::vector<DataType>& types) {
                          return BindArithmetic(name, op, types);
                        }});
  }
  registry.AddScalar({"negative", "Returns -a.", 1, 1, [](const std::vector<DataType>& types) {
                        return BindNegate("negative", types, false);
                      }});
  registry.AddScalar(
      {"abs", "Returns the absolute value of a.", 1, 1,
       [](const std::vector<DataType>& types) { return BindNegate("abs", types, true); }});
}

}  // namespace ember::functions

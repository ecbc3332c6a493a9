// Comparisons, boolean logic, null tests, IN, CASE WHEN and COALESCE typing.

#include <cmath>
#include <string_view>
#include <type_traits>

#include "ember/functions/internal/kernel_util.h"
#include "ember/functions/internal/registration.h"

namespace ember::functions {

DataType CommonType(const std::string& function, const DataType& left, const DataType& right) {
  if (left == right) return left;
  TypeId a = left.id(), b = right.id();
  if (a == TypeId::kNull) return right;
  if (b == TypeId::kNull) return left;
  if (left.IsNumeric() && right.IsNumeric()) return WiderNumericType(left, right);
  // A string meets an integral as a long and a decimal as a double: no decimal type fits every
  // string, so Spark compares them as doubles (SPARK-22469).
  auto number_for_string = [](const DataType& number) -> DataType {
    if (number.IsIntegral()) return TypeId::kLong;
    return number.id() == TypeId::kDecimal ? DataType(TypeId::kDouble) : number;
  };
  if (a == TypeId::kString && right.IsNumeric()) return number_for_string(right);
  if (b == TypeId::kString && left.IsNumeric()) return number_for_string(left);
  if ((a == TypeId::kDate && b == TypeId::kTimestamp) ||
      (a == TypeId::kTimestamp && b == TypeId::kDate)) {
    return TypeId::kTimestamp;
  }
  if (a == TypeId::kString && (b == TypeId::kDate || b == TypeId::kTimestamp)) return right;
  if (b == TypeId::kString && (a == TypeId::kDate || a == TypeId::kTimestamp)) return left;
  if (a == TypeId::kString && b == TypeId::kBoolean) return right;
  if (b == TypeId::kString && a == TypeId::kBoolean) return left;
  if (left.IsStringLike() && right.IsStringLike()) return TypeId::kBinary;
  Throw(ErrorKind::kAnalysis, "DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES", "Cannot resolve ",
        QuoteIdentifier(function),
        " due to data type mismatch: the left and right operands "
        "have incompatible types (\"",
        left.SimpleString(), "\" and \"", right.SimpleString(), "\").");
}

namespace {

enum class CompareOp { kEqual, kNotEqual, kLess, kLessEqual, kGreater, kGreaterEqual };

/// Orders values as Spark does: NaN equals NaN and sorts above every other double.
template <typename T>
int Compare3(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool a_nan = std::isnan(a), b_nan = std::isnan(b);
    if (a_nan || b_nan) return a_nan == b_nan ? 0 : (a_nan ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

template <CompareOp op>
bool Holds(int c) {
  switch (op) {
    case CompareOp::kEqual:
      return c == 0;
    case CompareOp::kNotEqual:
      return c != 0;
    case CompareOp::kLess:
      return c < 0;
    case CompareOp::kLessEqual:
      return c <= 0;
    case CompareOp::kGreater:
      return c > 0;
    case CompareOp::kGreaterEqual:
      return c >= 0;
  }
  return false;
}

template <CompareOp op>
ColumnVectorPtr CompareColumns(const DataType& type, const ColumnVectorPtr& left,
                               const ColumnVectorPtr& right, size_t rows) {
  if (type.IsStringLike()) {
    return kernels::FixedResult<bool>(
        {left, right}, rows, TypeId::kBoolean, [&](size_t i, bool* out) {
          *out = Holds<op>(left->StringAt(i).compare(right->StringAt(i)));
          return true;
        });
  }
  return DispatchFixedWidth(type, [&]<typename T>() -> ColumnVectorPtr {
    return kernels::BinaryFixed<bool, T, T>(
        left, right, rows, TypeId::kBoolean,
        [](T a, T b, bool* out) {
          if constexpr (std::is_floating_point_v<T>) {
            *out = Holds<op>(Compare3(a, b));
          } else {
            switch (op) {
              case CompareOp::kEqual:
                *out = a == b;
                break;
              case CompareOp::kNotEqual:
                *out = a != b;
                break;
              case CompareOp::kLess:
                *out = a < b;
                break;
              case CompareOp::kLessEqual:
                *out = a <= b;
                break;
              case CompareOp::kGreater:
                *out = a > b;
                break;
              case CompareOp::kGreaterEqual:
                *out = a >= b;
                break;
            }
          }
          return true;
        },
        kernels::NullOnError());
  });
}

template <CompareOp op>
void RegisterComparison(FunctionRegistry& registry, const char* name, const char* doc) {
  std::string function = name;
  registry.AddScalar({function, doc, 2, 2, [function](const std::vector<DataType>& types) {
                        DataType common = CommonType(function, types[0], types[1]);
                        if (common.id() == TypeId::kNull) common = TypeId::kBoolean;
                        BoundScalar bound;
                        bound.arg_types = {common, common};
                        bound.result_type = TypeId::kBoolean;
                        bound.kernel = [common](const EvalContext&,
                                                const std::vector<ColumnVectorPtr>& args,
                                                size_t rows) {
                          return CompareColumns<op>(common, args[0], args[1], rows);
                        };
                        return bound;
                      }});
}

/// Returns whether row `i` of `a` equals row `j` of `b` (both non-null, same type).
bool ValuesEqual(const DataType& type, const ColumnVector& a, size_t i, const ColumnVector& b,
                 size_t j) {
  if (type.IsStringLike()) return a.StringAt(i) == b.StringAt(j);
  return DispatchFixedWidth(
      type, [&]<typename T>() { return Compare3(a.ValueAt<T>(i), b.ValueAt<T>(j)) == 0; });
}

BoundScalar BindEqualNullSafe(const std::vector<DataType>& types) {
  DataType common = CommonType("<=>", types[0], types[1]);
  BoundScalar bound;
  bound.arg_types = {common, common};
  bound.result_type = TypeId::kBoolean;
  bound.null_intolerant = false;
  bound.kernel = [common](const EvalContext&, const std::vector<ColumnVectorPtr>& args,
                          size_t rows) {
    auto out = ColumnVector::MakeFlat(TypeId::kBoolean, rows);
    bool* values = out->mutable_data<bool>();
    for (size_t i = 0; i < rows; ++i) {
      bool a_null = args[0]->IsNull(i), b_null = args[1]->IsNull(i);
      values[i] =
          a_null || b_null ? a_null == b_null : ValuesEqual(common, *args[0], i, *args[1], i);
    }
    return ColumnVectorPtr(out);
  };
  return bound;
}

BoundScalar BindNot(const std::vector<DataType>& types) {
  if (types[0].id() != TypeId::kBoolean && types[0].id() != TypeId::kNull) {
    ThrowArgumentTypeMismatch("not", 0, types[0], "\"BOOLEAN\"");
  }
  BoundScalar bound;
  bound.arg_types = {TypeId::kBoolean};
  bound.result_type = TypeId::kBoolean;
  bound.kernel = [](const EvalContext&, const std::vector<ColumnVectorPtr>& args, size_t rows) {
    return kernels::UnaryFixed<bool, bool>(
        args[0], rows, TypeId::kBoolean,
        [](bool a, bool* out) {
          *out = !a;
          return true;
        },
        kernels::NullOnError());
  };
  return bound;
}

BoundScalar BindConnective(const std::string& name, const std::vector<DataType>& types) {
  for (size_t i = 0; i < types.size(); ++i) {
    if (types[i].id() != TypeId::kBoolean && types[i].id() != TypeId::kNull) {
      ThrowArgumentTypeMismatch(name, i, types[i], "\"BOOLEAN\"");
    }
  }
  BoundScalar bound;
  bound.arg_types = {TypeId::kBoolean, TypeId::kBoolean};
  bound.result_type = TypeId::kBoolean;
  bound.null_intolerant = false;
  // The evaluator runs AND/OR itself so that the right side is evaluated lazily.
  bound.kernel = nullptr;
  return bound;
}

BoundScalar BindNullTest(bool is_null, const std::vector<DataType>& types) {
  BoundScalar bound;
  bound.arg_types = {types[0]};
  bound.result_type = TypeId::kBoolean;
  bound.null_intolerant = false;
  bound.kernel = [is_null](const EvalContext&, const std::vector<ColumnVectorPtr>& args,
                           size_t rows) {
    const ColumnVector& input = *args[0];
    if (input.is_constant()) {
      return ColumnVector::MakeConstant(Value::Boolean(input.IsNull(0) == is_null), rows);
    }
    auto out = ColumnVector::MakeFlat(TypeId::kBoolean, rows);
    bool* values = out->mutable_data<bool>();
    for (size_t i = 0; i < rows; ++i) values[i] = input.IsNull(i) == is_null;
    return ColumnVectorPtr(out);
  };
  return bound;
}

/// Returns the type all of `types` are coerced to (for IN, CASE WHEN values, COALESCE).
DataType CommonTypeOf(const std::string& function, const std::vector<DataType>& types) {
  DataType common = TypeId::kNull;
  for (const auto& type : types) common = CommonType(function, common, type);
  return common;
}

BoundScalar BindIn(const std::vector<DataType>& types) {
  DataType common = CommonTypeOf("in", types);
  BoundScalar bound;
  bound.arg_types.assign(types.size(), common);
  bound.result_type = TypeId::kBoolean;
  bound.null_intolerant = false;
  bound.kernel = [common](const EvalContext&, const std::vector<ColumnVectorPtr>& args,
                          size_t rows) {
    auto out = ColumnVector::MakeFlat(TypeId::kBoolean, rows);
    bool* values = out->mutable_data<bool>();
    const ColumnVector& needle = *args[0];
    for (size_t i = 0; i < rows; ++i) {
      values[i] = false;
      if (needle.IsNull(i)) {
        out->SetNull(i);
        continue;
      }
      bool saw_null = false;
      for (size_t k = 1; k < args.size() && !values[i]; ++k) {
        if (args[k]->IsNull(i))
          saw_null = true;
        else
          values[i] = ValuesEqual(common, needle, i, *args[k], i);
      }
      // x IN (..., NULL) is NULL when no element matched, as in SQL.
      if (!values[i] && saw_null) out->SetNull(i);
    }
    return ColumnVectorPtr(out);
  };
  return bound;
}

BoundScalar BindCaseWhen(const std::vector<DataType>& types) {
  std::vector<DataType> values;
  for (size_t i = 1; i < types.size(); i += 2) values.push_back(types[i]);
  if (types.size() % 2 == 1) values.push_back(types.back());
  DataType common = CommonTypeOf("when", values);
  BoundScalar bound;
  bound.result_type = common;
  bound.null_intolerant = false;
  bound.may_introduce_nulls = types.size() % 2 == 0;
  for (size_t i = 0; i < types.size(); ++i) {
    bool is_condition = i % 2 == 0 && i + 1 < types.size();
    if (is_condition && types[i].id() != TypeId::kBoolean && types[i].id() != TypeId::kNull) {
      ThrowArgumentTypeMismatch("when", i, types[i], "\"BOOLEAN\"");
    }
    bound.arg_types.push_back(is_condition ? DataType(TypeId::kBoolean) : common);
  }
  return bound;  // evaluated by the evaluator (lazily per branch)
}

BoundScalar BindCoalesce(const std::vector<DataType>& types) {
  DataType common = CommonTypeOf("coalesce", types);
  BoundScalar bound;
  bound.arg_types.assign(types.size(), common);
  bound.result_type = common;
  bound.null_intolerant = false;
  return bound;  // evaluated by the evaluator (lazily per argument)
}

BoundScalar BindIsNan(const std::vector<DataType>& types) {
  BoundScalar bound;
  bound.arg_types = {TypeId::kDouble};
  bound.result_type = TypeId::kBoolean;
  bound.null_intolerant = false;
  bound.kernel = [](const EvalContext&, const std::vector<ColumnVectorPtr>& args, size_t rows) {
    auto out = ColumnVector::MakeFlat(TypeId::kBoolean, rows);
    bool* values = out->mutable_data<bool>();
    for (size_t i = 0; i < rows; ++i) {
      values[i] = !args[0]->IsNull(i) && std::isnan(args[0]->ValueAt<double>(i));
    }
    return ColumnVectorPtr(out);
  };
  return bound;
}

}  // namespace

void RegisterPredicateFunctions(FunctionRegistry& registry) {
  RegisterComparison<CompareOp::kEqual>(registry, "equal", "Returns a = b.");
  RegisterComparison<CompareOp::kNotEqual>(registry, "not_equal", "Returns a != b.");
  RegisterComparison<CompareOp::kLess>(registry, "less", "Returns a < b.");
  RegisterComparison<CompareOp::kLessEqual>(registry, "less_equal", "Returns a <= b.");
  RegisterComparison<CompareOp::kGreater>(registry, "greater", "Returns a > b.");
  RegisterComparison<CompareOp::kGreaterEqual>(registry, "greater_equal", "Returns a >= b.");
  registry.AddScalar({"equal_null_safe", "Returns a <=> b: equality where null equals null.", 2, 2,
                      BindEqualNullSafe});
  registry.AddScalar({"not", "Returns logical negation.", 1, 1, BindNot});
  registry.AddScalar({"and", "Returns logical AND with three-valued logic.", 2, 2,
                      [](const std::vector<DataType>& t) { return BindConnective("and", t); }});
  registry.AddScalar({"or", "Returns logical OR with three-valued logic.", 2, 2,
                      [](const std::vector<DataType>& t) { return BindConnective("or", t); }});
  registry.AddScalar({"isnull", "Returns true if a is null.", 1, 1,
                      [](const std::vector<DataType>& t) { return BindNullTest(true, t); }});
  registry.AddScalar({"isnotnull", "Returns true if a is not null.", 1, 1,
                      [](const std::vector<DataType>& t) { return BindNullTest(false, t); }});
  registry.AddScalar({"in", "Returns true if a equals any of the values.", 1, -1, BindIn});
  registry.AddScalar({"case_when", "Returns the value of the first branch whose condition holds.",
                      2, -1, BindCaseWhen});
  registry.AddScalar({"coalesce", "Returns the first non-null argument.", 1, -1, BindCoalesce});
  registry.AddScalar({"isnan", "Returns true if a is NaN.", 1, 1, BindIsNan});
}

}  // namespace ember::functions

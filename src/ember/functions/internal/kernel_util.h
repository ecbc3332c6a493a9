#pragma once

// Loop templates shared by the scalar kernels: null propagation, constant broadcasting and
// error checks that only look at valid rows (a null row's slot holds an arbitrary value).

#include <cstring>
#include <string_view>
#include <vector>

#include "ember/columnar/column.h"
#include "ember/common/error.h"

namespace ember::kernels {

/// Returns whether any argument is a constant null (then most functions return all nulls).
inline bool AnyConstantNull(const std::vector<ColumnVectorPtr>& args) {
  for (const auto& arg : args) {
    if (arg->is_constant() && arg->IsNull(0)) return true;
  }
  return false;
}

inline bool AllConstant(const std::vector<ColumnVectorPtr>& args) {
  for (const auto& arg : args) {
    if (!arg->is_constant()) return false;
  }
  return !args.empty();
}

/// Sets `out`'s validity to the AND of the arguments' validity (null in, null out).
inline void PropagateNulls(const std::vector<ColumnVectorPtr>& args, size_t num_rows,
                           ColumnVector& out) {
  bool first = true;
  for (const auto& arg : args) {
    if (!arg->may_have_nulls() || arg->is_constant()) continue;
    const uint64_t* in = arg->validity();
    uint64_t* bits = out.mutable_validity();
    size_t words = ColumnVector::BitmapWords(num_rows);
    if (first)
      std::memcpy(bits, in, words * 8);
    else
      for (size_t w = 0; w < words; ++w) bits[w] &= in[w];
    first = false;
  }
}

inline bool RowIsValid(const std::vector<ColumnVectorPtr>& args, size_t row) {
  for (const auto& arg : args) {
    if (arg->IsNull(row)) return false;
  }
  return true;
}

/// Applies `op(a, b, &out) -> bool` to each row of two fixed-width columns. A false return marks
/// an error (overflow, division by zero); for valid rows `on_error(row)` either throws or
/// returns, in which case the row becomes null.
template <typename R, typename A, typename B, typename Op, typename OnError>
ColumnVectorPtr BinaryFixed(const ColumnVectorPtr& left, const ColumnVectorPtr& right,
                            size_t num_rows, DataType result_type, Op op, OnError on_error) {
  if (left->is_constant() && left->IsNull(0)) return ColumnVector::MakeNulls(result_type, num_rows);
  if (right->is_constant() && right->IsNull(0))
    return ColumnVector::MakeNulls(result_type, num_rows);
  // Constant operands are computed once, and not at all for an empty batch (no row can fail).
  // A one-row batch of flat columns still takes the flat path so that its nulls propagate.
  bool all_constant = left->is_constant() && right->is_constant();
  size_t rows = all_constant && num_rows > 0 ? 1 : num_rows;
  auto out = ColumnVector::MakeFlat(result_type, rows);
  R* o = out->mutable_data<R>();
  const A* a = left->data<A>();
  const B* b = right->data<B>();
  bool ok = true;
  if (all_constant) {
    if (rows == 1) ok = op(a[0], b[0], &o[0]);
  } else if (!left->is_constant() && !right->is_constant()) {
    for (size_t i = 0; i < rows; ++i) ok &= op(a[i], b[i], &o[i]);
  } else if (left->is_constant()) {
    const A x = a[0];
    for (size_t i = 0; i < rows; ++i) ok &= op(x, b[i], &o[i]);
  } else {
    const B y = b[0];
    for (size_t i = 0; i < rows; ++i) ok &= op(a[i], y, &o[i]);
  }
  std::vector<ColumnVectorPtr> args = {left, right};
  if (!all_constant) PropagateNulls(args, rows, *out);
  if (!ok) {
    for (size_t i = 0; i < rows; ++i) {
      R scratch;
      if (!op(a[left->is_constant() ? 0 : i], b[right->is_constant() ? 0 : i], &scratch) &&
          !out->IsNull(i)) {
        on_error(i);
        out->SetNull(i);
      }
    }
  }
  if (all_constant && rows == 1) {
    return ColumnVector::MakeConstant(out->GetValue(0), num_rows);
  }
  return out;
}

/// Applies `op(a, &out) -> bool` to each row of a fixed-width column (see BinaryFixed).
template <typename R, typename A, typename Op, typename OnError>
ColumnVectorPtr UnaryFixed(const ColumnVectorPtr& input, size_t num_rows, DataType result_type,
                           Op op, OnError on_error) {
  if (input->is_constant() && input->IsNull(0))
    return ColumnVector::MakeNulls(result_type, num_rows);
  size_t rows = input->is_constant() && num_rows > 0 ? 1 : num_rows;  // see BinaryFixed
  auto out = ColumnVector::MakeFlat(result_type, rows);
  R* o = out->mutable_data<R>();
  const A* a = input->data<A>();
  bool ok = true;
  for (size_t i = 0; i < rows; ++i) ok &= op(a[i], &o[i]);
  if (!input->is_constant()) PropagateNulls({input}, rows, *out);
  if (!ok) {
    for (size_t i = 0; i < rows; ++i) {
      R scratch;
      if (!op(a[i], &scratch) && !out->IsNull(i)) {
        on_error(i);
        out->SetNull(i);
      }
    }
  }
  if (input->is_constant() && rows == 1) {
    return ColumnVector::MakeConstant(out->GetValue(0), num_rows);
  }
  return out;
}

/// Builds a string column by calling `fn(row, std::string& out) -> bool` for every valid row of
/// `args`; false makes the row null.
template <typename Fn>
ColumnVectorPtr StringResult(const std::vector<ColumnVectorPtr>& args, size_t num_rows,
                             DataType result_type, Fn fn) {
  if (AnyConstantNull(args)) return ColumnVector::MakeNulls(result_type, num_rows);
  size_t rows = AllConstant(args) && num_rows > 0 ? 1 : num_rows;  // see BinaryFixed
  auto out = ColumnVector::MakeStrings(result_type, rows);
  std::string scratch;
  for (size_t i = 0; i < rows; ++i) {
    scratch.clear();
    if (RowIsValid(args, i) && fn(i, scratch))
      out->AppendString(scratch);
    else
      out->AppendNullString();
  }
  if (rows == 1) return ColumnVector::MakeConstant(out->GetValue(0), num_rows);
  return out;
}

/// Builds a fixed-width column by calling `fn(row, R* out) -> bool` for every valid row.
template <typename R, typename Fn>
ColumnVectorPtr FixedResult(const std::vector<ColumnVectorPtr>& args, size_t num_rows,
                            DataType result_type, Fn fn) {
  if (AnyConstantNull(args)) return ColumnVector::MakeNulls(result_type, num_rows);
  size_t rows = AllConstant(args) && num_rows > 0 ? 1 : num_rows;  // see BinaryFixed
  auto out = ColumnVector::MakeFlat(result_type, rows);
  R* o = out->mutable_data<R>();
  for (size_t i = 0; i < rows; ++i) {
    o[i] = R{};
    if (!RowIsValid(args, i) || !fn(i, &o[i])) out->SetNull(i);
  }
  if (rows == 1) return ColumnVector::MakeConstant(out->GetValue(0), num_rows);
  return out;
}

/// Ignores errors: the row becomes null.
struct NullOnError {
  void operator()(size_t) const {}
};

}  // namespace ember::kernels

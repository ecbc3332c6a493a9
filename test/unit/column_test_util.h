#pragma once

// Helpers for tests over columns: building columns from values and rendering them back to text.

#include <optional>
#include <string>
#include <vector>

#include "ember/columnar/column.h"
#include "ember/types/value.h"
#include "test_util.h"

namespace ember::testing {

/// Builds a flat column of `type` from `values` (each null or of `type`) with ColumnBuilder.
inline ColumnVectorPtr MakeColumn(DataType type, const std::vector<Value>& values) {
  ColumnBuilder builder(type);
  for (const auto& value : values) builder.Append(value);
  return builder.Finish();
}

/// Builds a column of `type` whose rows are nullopt (null) or a value made by `make`.
template <typename T, typename Make>
ColumnVectorPtr MakeColumnOf(DataType type, const std::vector<std::optional<T>>& values,
                             Make make) {
  std::vector<Value> out;
  for (const auto& value : values) out.push_back(value ? make(*value) : Value::Null(type));
  return MakeColumn(type, out);
}

inline ColumnVectorPtr IntColumn(const std::vector<std::optional<int32_t>>& values) {
  return MakeColumnOf<int32_t>(TypeId::kInt, values, Value::Int);
}
inline ColumnVectorPtr LongColumn(const std::vector<std::optional<int64_t>>& values) {
  return MakeColumnOf<int64_t>(TypeId::kLong, values, Value::Long);
}
inline ColumnVectorPtr DoubleColumn(const std::vector<std::optional<double>>& values) {
  return MakeColumnOf<double>(TypeId::kDouble, values, Value::Double);
}
inline ColumnVectorPtr BoolColumn(const std::vector<std::optional<bool>>& values) {
  return MakeColumnOf<bool>(TypeId::kBoolean, values, Value::Boolean);
}
inline ColumnVectorPtr DateColumn(const std::vector<std::optional<int32_t>>& days) {
  return MakeColumnOf<int32_t>(TypeId::kDate, days, Value::Date);
}
inline ColumnVectorPtr StringColumn(const std::vector<std::optional<std::string>>& values) {
  return MakeColumnOf<std::string>(TypeId::kString, values, Value::String);
}
/// Builds a decimal column from unscaled values.
inline ColumnVectorPtr DecimalColumn(DataType type,
                                     const std::vector<std::optional<int64_t>>& unscaled) {
  return MakeColumnOf<int64_t>(type, unscaled,
                               [type](int64_t v) { return Value::Decimal(v, type); });
}

/// Builds a dictionary-encoded string column: row i is dictionary[indices[i]], or null where
/// the index is nullopt.
inline ColumnVectorPtr DictionaryColumn(const std::vector<std::string>& dictionary,
                                        const std::vector<std::optional<int32_t>>& indices) {
  ColumnBuilder entries(TypeId::kString);
  for (const auto& entry : dictionary) entries.Append(Value::String(entry));
  auto column = ColumnVector::MakeDictionary(entries.Finish(), indices.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    column->mutable_dictionary_indices()[i] = indices[i].value_or(0);
    if (!indices[i]) column->SetNull(i);
  }
  return column;
}

/// Renders every row as Spark's cast to string does, and null as "NULL" (so that the string
/// "null" stays distinguishable).
inline std::vector<std::string> Render(const ColumnVector& column) {
  std::vector<std::string> out;
  for (size_t i = 0; i < column.size(); ++i) {
    out.push_back(column.IsNull(i) ? "NULL" : column.GetValue(i).ToString());
  }
  return out;
}
inline std::vector<std::string> Render(const ColumnVectorPtr& column) {
  return Render(*column);
}

}  // namespace ember::testing

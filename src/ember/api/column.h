#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ember/expr/expression.h"
#include "ember/types/data_type.h"
#include "ember/types/value.h"

namespace ember {

/// Refers to a column or computes one; the C++ mirror of Spark's Column. Building a Column
/// computes nothing: it is an expression the DataFrame resolves when it is used. Plain C++ values
/// convert implicitly to literal columns, so `col("amount") > 100` reads as in Spark.
class Column {
 public:
  explicit Column(ExprPtr expr) : expr_(std::move(expr)) {}
  Column(int value);                 // NOLINT: literal conversions are the point
  Column(long value);                // NOLINT
  Column(long long value);           // NOLINT
  Column(double value);              // NOLINT
  Column(bool value);                // NOLINT
  Column(const char* value);         // NOLINT
  Column(const std::string& value);  // NOLINT
  Column(const Value& value);        // NOLINT

  const ExprPtr& expr() const { return expr_; }
  /// Returns the expression as Spark's Column.toString prints it: "(amount > 100)",
  /// "amount AS total".
  std::string toString() const;

  Column alias(const std::string& name) const;
  Column as(const std::string& name) const { return alias(name); }
  Column name(const std::string& name) const { return alias(name); }
  /// Casts to a type given by name ("double", "int", "decimal(10,2)") or DataType.
  Column cast(const std::string& type) const;
  Column cast(const DataType& type) const;
  Column try_cast(const std::string& type) const;

  Column isNull() const;
  Column isNotNull() const;
  Column isNaN() const;
  Column isin(const std::vector<Column>& values) const;
  Column between(const Column& lower, const Column& upper) const;
  Column like(const std::string& pattern) const;
  /// True where the string contains a match of the regular expression `pattern` (RE2 syntax,
  /// which covers Java's except backreferences and lookaround).
  Column rlike(const std::string& pattern) const;
  Column startsWith(const Column& prefix) const;
  Column endsWith(const Column& suffix) const;
  Column contains(const Column& part) const;
  Column substr(const Column& position, const Column& length) const;
  Column eqNullSafe(const Column& other) const;
  Column equalTo(const Column& other) const;
  Column notEqual(const Column& other) const;

  /// Continues a when() chain: when(a, x).when(b, y).otherwise(z).
  Column when(const Column& condition, const Column& value) const;
  Column otherwise(const Column& value) const;

  Column asc() const;
  Column asc_nulls_first() const;
  Column asc_nulls_last() const;
  Column desc() const;
  Column desc_nulls_first() const;
  Column desc_nulls_last() const;

 private:
  ExprPtr expr_;
};

Column operator+(const Column& a, const Column& b);
Column operator-(const Column& a, const Column& b);
Column operator*(const Column& a, const Column& b);
Column operator/(const Column& a, const Column& b);
Column operator%(const Column& a, const Column& b);
Column operator-(const Column& a);
Column operator==(const Column& a, const Column& b);
Column operator!=(const Column& a, const Column& b);
Column operator<(const Column& a, const Column& b);
Column operator<=(const Column& a, const Column& b);
Column operator>(const Column& a, const Column& b);
Column operator>=(const Column& a, const Column& b);
Column operator&&(const Column& a, const Column& b);
Column operator||(const Column& a, const Column& b);
Column operator!(const Column& a);

}  // namespace ember

#pragma once

#include <memory>
#include <string>
#include <vector>

#include "ember/types/schema.h"
#include "ember/types/value.h"

namespace ember {

/// Holds one row of a result, with access by position or column name, like Spark's Row.
class Row {
 public:
  Row() = default;
  Row(std::vector<Value> values, std::shared_ptr<const Schema> schema = nullptr)
      : values_(std::move(values)), schema_(std::move(schema)) {}

  /// Builds a row from C++ values: integers, doubles, strings, bools, Values, nullptr for null.
  template <typename... Args>
  static Row of(const Args&... args) {
    return Row(std::vector<Value>{ToValue(args)...});
  }

  size_t size() const { return values_.size(); }
  const Value& get(size_t i) const;
  const Value& get(const std::string& name) const;
  bool isNullAt(size_t i) const { return get(i).is_null(); }
  bool isNull(const std::string& name) const { return get(name).is_null(); }

  bool getBoolean(size_t i) const;
  int32_t getInt(size_t i) const;
  int64_t getLong(size_t i) const;
  double getDouble(size_t i) const;
  std::string getString(size_t i) const;
  bool getBoolean(const std::string& name) const { return getBoolean(IndexOf(name)); }
  int32_t getInt(const std::string& name) const { return getInt(IndexOf(name)); }
  int64_t getLong(const std::string& name) const { return getLong(IndexOf(name)); }
  double getDouble(const std::string& name) const { return getDouble(IndexOf(name)); }
  std::string getString(const std::string& name) const { return getString(IndexOf(name)); }

  const std::vector<Value>& values() const { return values_; }
  const std::shared_ptr<const Schema>& schema() const { return schema_; }
  /// Returns Spark's Row.toString form: "[1,abc,2.5]".
  std::string toString() const;

  friend bool operator==(const Row& a, const Row& b) { return a.values_ == b.values_; }

  static Value ToValue(const Value& v) { return v; }
  static Value ToValue(int v) { return Value::Int(v); }
  static Value ToValue(long v) { return Value::Long(v); }
  static Value ToValue(long long v) { return Value::Long(v); }
  static Value ToValue(double v) { return Value::Double(v); }
  static Value ToValue(bool v) { return Value::Boolean(v); }
  static Value ToValue(const char* v) { return Value::String(v); }
  static Value ToValue(const std::string& v) { return Value::String(v); }
  static Value ToValue(std::nullptr_t) { return Value(); }

 private:
  size_t IndexOf(const std::string& name) const;
  const Value& Typed(size_t i, TypeId expected, const char* getter) const;

  std::vector<Value> values_;
  std::shared_ptr<const Schema> schema_;
};

}  // namespace ember

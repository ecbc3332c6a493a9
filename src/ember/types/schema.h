#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ember/types/data_type.h"

namespace ember {

/// Names one column: its name, type and whether it may hold nulls.
struct Field {
  std::string name;
  DataType type;
  bool nullable = true;
};

/// Lists the columns of a batch, DataFrame or file, in order.
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  const std::vector<Field>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  const Field& field(size_t i) const { return fields_[i]; }
  std::vector<std::string> names() const;
  /// Returns the index of the column called `name` (case-insensitively unless `case_sensitive`).
  std::optional<size_t> IndexOf(const std::string& name, bool case_sensitive = false) const;

  /// Returns printSchema()'s text: "root\n |-- id: long (nullable = false)\n...".
  std::string TreeString() const;
  /// Returns Spark's simpleString: "struct<id:bigint,name:string>".
  std::string SimpleString() const;

  friend bool operator==(const Schema& a, const Schema& b);

 private:
  std::vector<Field> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;

/// Compares identifiers the way Spark does by default (ASCII case-insensitive).
bool EqualsIgnoreCase(const std::string& a, const std::string& b);

}  // namespace ember

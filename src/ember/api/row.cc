#include "ember/api/row.h"

#include "ember/common/error.h"

namespace ember {

const Value& Row::get(size_t i) const {
  if (i >= values_.size()) {
    Throw(ErrorKind::kInvalidArgument, "INDEX_OUT_OF_BOUNDS", "Row index ", i,
          " is out of bounds for a row of ", values_.size(), " values.");
  }
  return values_[i];
}

const Value& Row::get(const std::string& name) const {
  return values_[IndexOf(name)];
}

size_t Row::IndexOf(const std::string& name) const {
  if (schema_) {
    if (auto index = schema_->IndexOf(name, true)) return *index;
    if (auto index = schema_->IndexOf(name, false)) return *index;
  }
  std::string names = schema_ ? "" : "(this row has no schema)";
  if (schema_) {
    for (size_t i = 0; i < schema_->size(); ++i) names += (i ? ", " : "") + schema_->field(i).name;
  }
  Throw(ErrorKind::kInvalidArgument, "FIELD_NOT_FOUND", "No field named ", QuoteIdentifier(name),
        " in the row; fields: ", names, ".");
}

const Value& Row::Typed(size_t i, TypeId expected, const char* getter) const {
  const Value& value = get(i);
  if (value.is_null()) {
    Throw(ErrorKind::kInvalidArgument, "NULL_VALUE", "Value at index ", i,
          " is null; check isNullAt() before ", getter, "().");
  }
  if (value.type().id() != expected) {
    Throw(ErrorKind::kInvalidArgument, "WRONG_VALUE_TYPE", getter, "() called on index ", i,
          " which holds a ", value.type().SimpleString(), ".");
  }
  return value;
}

bool Row::getBoolean(size_t i) const {
  return Typed(i, TypeId::kBoolean, "getBoolean").Get<bool>();
}
int32_t Row::getInt(size_t i) const {
  return Typed(i, TypeId::kInt, "getInt").Get<int32_t>();
}
int64_t Row::getLong(size_t i) const {
  return Typed(i, TypeId::kLong, "getLong").Get<int64_t>();
}
double Row::getDouble(size_t i) const {
  return Typed(i, TypeId::kDouble, "getDouble").Get<double>();
}
std::string Row::getString(size_t i) const {
  return Typed(i, TypeId::kString, "getString").AsString();
}

std::string Row::toString() const {
  std::string out = "[";
  for (size_t i = 0; i < values_.size(); ++i) out += (i ? "," : "") + values_[i].ToString();
  return out + "]";
}

}  // namespace ember

#include "ember/types/schema.h"

#include <cctype>

#include "ember/common/error.h"

namespace ember {

bool EqualsIgnoreCase(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::vector<std::string> Schema::names() const {
  std::vector<std::string> out;
  out.reserve(fields_.size());
  for (const auto& field : fields_) out.push_back(field.name);
  return out;
}

std::optional<size_t> Schema::IndexOf(const std::string& name, bool case_sensitive) const {
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (case_sensitive ? fields_[i].name == name : EqualsIgnoreCase(fields_[i].name, name)) {
      return i;
    }
  }
  return std::nullopt;
}

std::string Schema::TreeString() const {
  std::string out = "root\n";
  for (const auto& field : fields_) {
    out += StrCat(" |-- ", field.name, ": ", field.type.TypeName(),
                  " (nullable = ", field.nullable ? "true" : "false", ")\n");
  }
  return out;
}

std::string Schema::SimpleString() const {
  std::string out = "struct<";
  for (size_t i = 0; i < fields_.size(); ++i) {
    if (i > 0) out += ",";
    out += fields_[i].name + ":" + fields_[i].type.SimpleString();
  }
  return out + ">";
}

bool operator==(const Schema& a, const Schema& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a.field(i).name != b.field(i).name || a.field(i).type != b.field(i).type ||
        a.field(i).nullable != b.field(i).nullable) {
      return false;
    }
  }
  return true;
}

}  // namespace ember

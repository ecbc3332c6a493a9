#include "ember/formats/read_options.h"
#include "ember/common/ascii.h"

#include <algorithm>
#include <cctype>

#include "ember/common/error.h"

namespace ember {

FormatOptions::FormatOptions(std::map<std::string, std::string> options) {
  for (auto& [key, value] : options) Set(key, value);
}

void FormatOptions::Set(const std::string& key, const std::string& value) {
  values_[AsciiLower(key)] = value;
}

bool FormatOptions::Has(const std::string& key) const {
  return values_.count(AsciiLower(key)) > 0;
}

std::string FormatOptions::GetString(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(AsciiLower(key));
  return it == values_.end() ? fallback : it->second;
}

bool FormatOptions::GetBool(const std::string& key, bool fallback) const {
  auto it = values_.find(AsciiLower(key));
  if (it == values_.end()) return fallback;
  std::string value = AsciiLower(it->second);
  if (value == "true") return true;
  if (value == "false") return false;
  Throw(ErrorKind::kInvalidArgument, "INVALID_OPTION_VALUE", "Option ", QuoteIdentifier(key),
        " must be true or false, got '", it->second, "'.");
}

char FormatOptions::GetChar(const std::string& key, char fallback, char empty_value) const {
  auto it = values_.find(AsciiLower(key));
  if (it == values_.end()) return fallback;
  const std::string& value = it->second;
  if (value.empty()) return empty_value;
  if (value == "\\t") return '\t';
  if (value.size() == 2 && value[0] == '\\') return value[1];
  if (value.size() != 1) {
    Throw(ErrorKind::kInvalidArgument, "INVALID_OPTION_VALUE", "Option ", QuoteIdentifier(key),
          " must be a single character, got '", value, "'.");
  }
  return value[0];
}

}  // namespace ember

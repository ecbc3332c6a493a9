#pragma once

#include <map>
#include <string>

namespace ember {

/// Holds a reader's or writer's options (`.option("header", "true")`), with Spark's
/// case-insensitive keys and typed accessors that fail naming the option.
class FormatOptions {
 public:
  FormatOptions() = default;
  explicit FormatOptions(std::map<std::string, std::string> options);

  void Set(const std::string& key, const std::string& value);
  bool Has(const std::string& key) const;
  std::string GetString(const std::string& key, const std::string& fallback) const;
  bool GetBool(const std::string& key, bool fallback) const;
  /// Returns a one-character option (sep, quote, escape, comment); "" gives `empty_value`.
  char GetChar(const std::string& key, char fallback, char empty_value = '\0') const;
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;  // keys lower-cased
};

}  // namespace ember

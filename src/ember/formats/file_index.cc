#include "ember/formats/file_index.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "ember/common/error.h"
#include "ember/io/local_file_system.h"
#include "ember/types/text_format.h"

namespace ember {

namespace {

constexpr const char* kHiveNull = "__HIVE_DEFAULT_PARTITION__";

/// Returns the `key=value` directories between `root` and `file`, outermost first.
std::vector<std::pair<std::string, std::string>> PartitionDirectories(const std::string& root,
                                                                      const std::string& file) {
  std::filesystem::path relative = std::filesystem::path(file).lexically_relative(root);
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::string> parts;
  for (const auto& part : relative) parts.push_back(part.string());
  for (size_t i = 0; i + 1 < parts.size(); ++i) {  // the last part is the file name
    auto eq = parts[i].find('=');
    if (eq == std::string::npos || eq == 0) continue;
    out.push_back(
        {UnescapePathName(parts[i].substr(0, eq)), UnescapePathName(parts[i].substr(eq + 1))});
  }
  return out;
}

/// Infers the narrowest type Spark would give every value of a partition column.
DataType InferPartitionType(const std::vector<std::string>& values) {
  bool all_int = true, all_long = true, all_double = true, all_date = true;
  for (const auto& v : values) {
    if (v == kHiveNull) continue;
    auto integer = ParseInteger(v);
    all_int &= integer && *integer >= INT32_MIN && *integer <= INT32_MAX &&
               v.find_first_of(" +") == std::string::npos;
    all_long &= integer.has_value() && v.find_first_of(" +") == std::string::npos;
    all_double &= ParseDouble(v).has_value() && v.find_first_of(" ") == std::string::npos;
    all_date &= v.size() == 10 && ParseDate(v).has_value();
  }
  if (all_int) return TypeId::kInt;
  if (all_long) return TypeId::kLong;
  if (all_double) return TypeId::kDouble;
  if (all_date) return TypeId::kDate;
  return TypeId::kString;
}

Value PartitionValue(const std::string& text, const DataType& type) {
  if (text == kHiveNull) return Value::Null(type);
  switch (type.id()) {
    case TypeId::kInt:
      return Value::Int(static_cast<int32_t>(*ParseInteger(text)));
    case TypeId::kLong:
      return Value::Long(*ParseInteger(text));
    case TypeId::kDouble:
      return Value::Double(*ParseDouble(text));
    case TypeId::kDate:
      return Value::Date(*ParseDate(text));
    default:
      return Value::String(text);
  }
}

/// Returns whether Spark's escapePathName escapes `c`.
bool NeedsEscaping(unsigned char c) {
  return (c >= 0x01 && c <= 0x1F) || c == 0x7F ||
         std::string_view("\"#%'*/:=?\\{[]^").find(c) != std::string_view::npos;
}

std::string EscapePathName(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (NeedsEscaping(static_cast<unsigned char>(c))) {
      char escape[4];
      std::snprintf(escape, sizeof(escape), "%%%02X", static_cast<unsigned char>(c));
      out += escape;
    } else {
      out += c;
    }
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string PartitionDirectoryName(const std::string& name,
                                   const std::optional<std::string>& value) {
  return EscapePathName(name) + "=" +
         (value && !value->empty() ? EscapePathName(*value) : kHiveNull);
}

std::string UnescapePathName(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexDigit(text[i + 1]) >= 0 &&
        HexDigit(text[i + 2]) >= 0) {
      out += static_cast<char>(HexDigit(text[i + 1]) * 16 + HexDigit(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

FileIndex BuildFileIndex(const std::vector<std::string>& paths) {
  FileIndex index;
  std::vector<std::vector<std::pair<std::string, std::string>>> directories;
  std::vector<std::string> keys;
  bool first = true;
  for (const auto& given : paths) {
    std::string root = StripFileScheme(given);
    bool root_is_directory = std::filesystem::is_directory(root);
    for (auto& status : ListDataFiles({given})) {
      auto parts = root_is_directory ? PartitionDirectories(root, status.path)
                                     : std::vector<std::pair<std::string, std::string>>{};
      std::vector<std::string> these;
      for (const auto& [key, value] : parts) these.push_back(key);
      if (first) {
        keys = these;
        first = false;
      } else if (these != keys) {
        Throw(ErrorKind::kAnalysis, "CONFLICTING_PARTITION_COLUMN_NAMES",
              "Conflicting partition column names in ", status.path,
              ": every file must sit under the same key=value directories.");
      }
      directories.push_back(std::move(parts));
      index.files.push_back({status.path, status.size, {}});
    }
  }
  std::vector<Field> fields;
  for (size_t k = 0; k < keys.size(); ++k) {
    std::vector<std::string> values;
    for (const auto& parts : directories) values.push_back(parts[k].second);
    DataType type = InferPartitionType(values);
    fields.push_back({keys[k], type, true});
    for (size_t f = 0; f < index.files.size(); ++f) {
      index.files[f].partition_values.push_back(PartitionValue(directories[f][k].second, type));
    }
  }
  index.partition_schema = Schema(std::move(fields));
  return index;
}

int64_t MaxSplitBytes(const FileIndex& index, int64_t max_partition_bytes, int64_t open_cost,
                      int min_partitions) {
  int64_t total = 0;
  for (const auto& file : index.files) total += file.size + open_cost;
  int64_t bytes_per_core = total / std::max(min_partitions, 1);
  return std::min(max_partition_bytes, std::max(open_cost, bytes_per_core));
}

std::vector<std::vector<FileSplit>> PlanFilePartitions(
    const FileIndex& index, const std::function<bool(const std::string& path)>& splitable,
    int64_t max_split_bytes, int64_t open_cost) {
  std::vector<FileSplit> splits;
  for (size_t f = 0; f < index.files.size(); ++f) {
    const PartitionedFile& file = index.files[f];
    if (file.size <= 0) continue;
    if (splitable(file.path)) {
      for (int64_t offset = 0; offset < file.size; offset += max_split_bytes) {
        splits.push_back({f, offset, std::min(max_split_bytes, file.size - offset)});
      }
    } else {
      splits.push_back({f, 0, file.size});
    }
  }
  std::stable_sort(splits.begin(), splits.end(),
                   [](const FileSplit& a, const FileSplit& b) { return a.length > b.length; });
  std::vector<std::vector<FileSplit>> partitions;
  std::vector<FileSplit> current;
  int64_t current_size = 0;
  auto close = [&] {
    if (!current.empty()) partitions.push_back(std::move(current));
    current.clear();
    current_size = 0;
  };
  for (const auto& split : splits) {
    if (current_size + split.length > max_split_bytes) close();
    current_size += split.length + open_cost;
    current.push_back(split);
  }
  close();
  return partitions;
}

}  // namespace ember

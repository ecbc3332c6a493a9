// libFuzzer target for the JSON reader: schema inference and split reading over arbitrary bytes
// with varying options must end in rows or an ember::Error, never a crash, hang or bad access.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "ember/common/error.h"
#include "ember/formats/json/json_format.h"

namespace {

std::string TempPath() {
  return "/tmp/ember-json-fuzz-" + std::to_string(::getpid()) + ".json";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  uint8_t flags = data[0];
  std::string content(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string path = TempPath();
  if (std::FILE* file = std::fopen(path.c_str(), "wb")) {
    std::fwrite(content.data(), 1, content.size(), file);
    std::fclose(file);
  } else {
    return 0;
  }
  ember::JsonOptions options;
  options.multi_line = flags & 1;
  options.mode = (flags & 2)   ? ember::ParseMode::kFailFast
                 : (flags & 4) ? ember::ParseMode::kDropMalformed
                               : ember::ParseMode::kPermissive;
  options.grammar.allow_non_numeric_numbers = !(flags & 8);
  options.grammar.allow_single_quotes = !(flags & 16);
  options.infer_timestamp = flags & 32;
  try {
    ember::Schema schema = ember::InferJsonSchema({path}, options);
    if (flags & 64) {
      // Every type once, so that each conversion meets every kind of value.
      std::vector<ember::Field> fields;
      const char* names = "abcdefghij";
      const char* types[] = {"boolean",       "int",    "bigint", "double",    "float",
                             "decimal(20,3)", "string", "date",   "timestamp", "binary"};
      for (int i = 0; i < 10; ++i) {
        fields.push_back({std::string(1, names[i]), ember::DataType::Parse(types[i]), true});
      }
      fields.push_back({"_corrupt_record", ember::DataType::Parse("string"), true});
      schema = ember::Schema(std::move(fields));
    }
    int64_t length = static_cast<int64_t>(content.size());
    int64_t cut = options.multi_line ? length : length / 3 + 1;
    for (int64_t start = 0; start < length; start += cut) {
      ember::JsonSplitReader reader(options, schema, path, start, cut, 7);
      while (reader.Next() != nullptr) {
      }
    }
  } catch (const ember::Error&) {
    // Malformed input must surface as an Error; anything else is a bug the fuzzer reports.
  }
  std::remove(path.c_str());
  return 0;
}

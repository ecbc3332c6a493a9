// libFuzzer target for the JSON reader: schema inference and split reading over arbitrary bytes
// with varying options must end in rows or an ember::Error, never a crash, hang or bad access.

#include <cstdint>
#include <string>
#include <vector>

#include "ember/common/error.h"
#include "ember/formats/json/json_format.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  uint8_t flags = data[0];
  ember::fuzz::FuzzInputFile input(
      ".json", std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  if (!input.written()) return 0;
  ember::JsonOptions options;
  options.multi_line = flags & 1;
  options.mode = (flags & 2)   ? ember::ParseMode::kFailFast
                 : (flags & 4) ? ember::ParseMode::kDropMalformed
                               : ember::ParseMode::kPermissive;
  options.grammar.allow_non_numeric_numbers = !(flags & 8);
  options.grammar.allow_single_quotes = !(flags & 16);
  options.infer_timestamp = flags & 32;
  try {
    ember::Schema schema = ember::InferJsonSchema({input.path()}, options);
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
    input.ForEachSplit(options.multi_line, [&](int64_t start, int64_t length) {
      ember::JsonSplitReader reader(options, schema, input.path(), start, length, 7);
      while (reader.Next() != nullptr) {
      }
    });
  } catch (const ember::Error&) {
    // Malformed input must surface as an Error; anything else is a bug the fuzzer reports.
  }
  return 0;
}

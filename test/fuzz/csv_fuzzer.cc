// libFuzzer target for the CSV reader: schema inference and split reading over arbitrary bytes
// with varying options must end in rows or an ember::Error, never a crash, hang or bad access.

#include <cstdint>
#include <string>

#include "ember/common/error.h"
#include "ember/formats/csv/csv_reader.h"
#include "fuzz_input_file.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  uint8_t flags = data[0];
  ember::fuzz::FuzzInputFile input(
      ".csv", std::string_view(reinterpret_cast<const char*>(data + 1), size - 1));
  if (!input.written()) return 0;
  ember::CsvOptions options;
  options.header = flags & 1;
  options.infer_schema = flags & 2;
  options.multi_line = flags & 4;
  options.mode = (flags & 8)    ? ember::ParseMode::kFailFast
                 : (flags & 16) ? ember::ParseMode::kDropMalformed
                                : ember::ParseMode::kPermissive;
  if (flags & 32) options.sep = ';';
  if (flags & 64) options.escape = '"';
  if (flags & 128) options.comment = '#';
  try {
    ember::Schema schema = ember::InferCsvSchema({input.path()}, options);
    input.ForEachSplit(options.multi_line, [&](int64_t start, int64_t length) {
      ember::CsvSplitReader reader(options, schema, input.path(), start, length, 7);
      while (reader.Next() != nullptr) {
      }
    });
  } catch (const ember::Error&) {
    // Malformed input must surface as an Error; anything else is a bug the fuzzer reports.
  }
  return 0;
}

// libFuzzer target for the CSV reader: schema inference and split reading over arbitrary bytes
// with varying options must end in rows or an ember::Error, never a crash, hang or bad access.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "ember/common/error.h"
#include "ember/formats/csv/csv_reader.h"

namespace {

std::string TempPath() {
  return "/tmp/ember-csv-fuzz-" + std::to_string(::getpid()) + ".csv";
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
    ember::Schema schema = ember::InferCsvSchema({path}, options);
    int64_t length = static_cast<int64_t>(content.size());
    int64_t cut = options.multi_line ? length : length / 3 + 1;
    for (int64_t start = 0; start < length; start += cut) {
      ember::CsvSplitReader reader(options, schema, path, start, cut, 7);
      while (reader.Next() != nullptr) {
      }
    }
  } catch (const ember::Error&) {
    // Malformed input must surface as an Error; anything else is a bug the fuzzer reports.
  }
  std::remove(path.c_str());
  return 0;
}

// libFuzzer target for the Parquet reader: opening arbitrary bytes as a Parquet file and reading
// every row group must end in batches or an ember::Error, never a crash, hang or bad access.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <string>

#include "ember/common/error.h"
#include "ember/formats/parquet/parquet_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string path = "/tmp/ember-parquet-fuzz-" + std::to_string(::getpid()) + ".parquet";
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) return 0;
  std::fwrite(data, 1, size, file);
  std::fclose(file);
  try {
    auto reader = ember::ParquetFileReader::Open(path);
    std::vector<size_t> columns(reader->schema().size());
    std::iota(columns.begin(), columns.end(), size_t{0});
    // Vary the batch size with the input so that batches also end inside pages.
    size_t batch_size = 1 + size % 97;
    for (size_t g = 0; g < reader->row_groups().size(); ++g) {
      auto row_group = reader->OpenRowGroup(g, columns, batch_size);
      // A few corrupt bytes can validly encode billions of nulls; stop before libFuzzer's
      // timeout would report that as a hang.
      for (int batch = 0; batch < 10000 && row_group->Next() != nullptr; ++batch) {
      }
    }
  } catch (const ember::Error& error) {
    // Corrupt input must surface as an Error; anything else is a bug the fuzzer reports, and
    // so is an internal error, which means a broken invariant.
    if (error.kind() == ember::ErrorKind::kInternal) std::abort();
  }
  std::remove(path.c_str());
  return 0;
}

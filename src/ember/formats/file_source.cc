#include "ember/common/ascii.h"
#include "ember/formats/file_source.h"

#include <algorithm>
#include <optional>

#include "ember/common/error.h"
#include "ember/formats/csv/csv_reader.h"
#include "ember/formats/json/json_format.h"

namespace ember {

namespace {

bool IsCompressed(const std::string& path) {
  for (const char* suffix : {".gz", ".bz2", ".zst", ".lz4", ".snappy", ".deflate", ".xz"}) {
    if (path.ends_with(suffix)) return true;
  }
  return false;
}

/// Adapts a text-format reader (CSV, JSON) of one split to the SplitReader interface.
template <typename Reader, typename Options>
class TextSplitSource final : public SplitReader {
 public:
  TextSplitSource(const FileSource& source, const FileSplit& split, int batch_size)
      : reader_(Options::From(source.options), source.data_schema,
                source.index.files[split.file].path, split.start, split.length, batch_size) {}
  BatchPtr Next() override { return reader_.Next(); }

 private:
  Reader reader_;
};

}  // namespace

Schema FileSource::OutputSchema() const {
  std::vector<Field> fields = data_schema.fields();
  for (const auto& field : index.partition_schema.fields()) fields.push_back(field);
  return Schema(std::move(fields));
}

bool FileSource::IsSplitable(const std::string& path) const {
  if (format == "csv" || format == "json") {
    return !options.GetBool("multiLine", false) && !IsCompressed(path);
  }
  return false;
}

std::shared_ptr<const FileSource> OpenFileSource(const std::string& format,
                                                 const FormatOptions& options,
                                                 const std::vector<std::string>& paths,
                                                 const Schema* user_schema) {
  auto source = std::make_shared<FileSource>();
  source->format = AsciiLower(format);
  source->options = options;
  if (source->format != "csv" && source->format != "json") {
    Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_DATA_SOURCE", "Data source format '", format,
          "' is not supported yet; supported: csv, json.");
  }
  if (paths.empty()) {
    Throw(ErrorKind::kInvalidArgument, "", "No path given to read ", format, " from.");
  }
  // Parse the options up front so a bad one fails here, naming it.
  std::optional<CsvOptions> csv;
  std::optional<JsonOptions> json;
  if (source->format == "csv") csv = CsvOptions::From(options);
  else json = JsonOptions::From(options);
  source->index = BuildFileIndex(paths);
  if (user_schema != nullptr) {
    source->data_schema = *user_schema;
  } else {
    std::vector<std::string> files;
    for (const auto& file : source->index.files) {
      if (file.size > 0) files.push_back(file.path);
    }
    if (files.empty()) {
      Throw(ErrorKind::kAnalysis, "UNABLE_TO_INFER_SCHEMA", "Unable to infer schema for ",
            source->format, " at ", paths[0], ": there are no non-empty files. It must be specified manually.");
    }
    source->data_schema = csv ? InferCsvSchema(files, *csv) : InferJsonSchema(files, *json);
  }
  return source;
}

std::unique_ptr<SplitReader> OpenSplitReader(const FileSource& source, const FileSplit& split,
                                             int batch_size) {
  if (source.format == "json") {
    return std::make_unique<TextSplitSource<JsonSplitReader, JsonOptions>>(source, split, batch_size);
  }
  return std::make_unique<TextSplitSource<CsvSplitReader, CsvOptions>>(source, split, batch_size);
}

}  // namespace ember

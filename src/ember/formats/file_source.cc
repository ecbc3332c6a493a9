#include "ember/formats/file_source.h"
#include "ember/common/ascii.h"

#include <algorithm>
#include <optional>

#include "ember/common/error.h"
#include "ember/formats/csv/csv_reader.h"
#include "ember/formats/json/json_format.h"
#include "ember/formats/parquet/parquet_reader.h"

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

/// Returns whether statistics prove that no row of a row group satisfies `predicate`.
bool RowGroupCannotMatch(const ParquetColumnStatistics& stats, const ScanPredicate& predicate,
                         int64_t num_rows) {
  using Op = ScanPredicate::Op;
  if (predicate.op == Op::kIsNull) return stats.null_count && *stats.null_count == 0;
  if (predicate.op == Op::kIsNotNull) return stats.null_count && *stats.null_count == num_rows;
  auto below_min = stats.min ? predicate.value.Compare(*stats.min) : std::nullopt;  // value vs min
  auto above_max = stats.max ? predicate.value.Compare(*stats.max) : std::nullopt;  // value vs max
  switch (predicate.op) {
    case Op::kEqual:
      return (below_min && *below_min < 0) || (above_max && *above_max > 0);
    case Op::kLess:
      return below_min && *below_min <= 0;  // every row >= min >= value
    case Op::kLessEqual:
      return below_min && *below_min < 0;
    case Op::kGreater:
      return above_max && *above_max >= 0;  // every row <= max <= value
    case Op::kGreaterEqual:
      return above_max && *above_max > 0;
    default:
      return false;
  }
}

/// Reads the row groups whose midpoint lies in the split (Spark's rule, so every row group is
/// read by exactly one split), with the source's data columns matched to the file's by name; a
/// column the file lacks reads as nulls.
class ParquetSplitSource final : public SplitReader {
 public:
  ParquetSplitSource(const FileSource& source, const FileSplit& split, int batch_size)
      : schema_(source.data_schema), batch_size_(static_cast<size_t>(batch_size)) {
    reader_ = ParquetFileReader::Open(source.index.files[split.file].path);
    const Schema& file_schema = reader_->schema();
    for (size_t c = 0; c < schema_.size(); ++c) {
      auto index = file_schema.IndexOf(schema_.field(c).name);
      if (index && file_schema.field(*index).type != schema_.field(c).type) {
        Throw(ErrorKind::kAnalysis, "PARQUET_COLUMN_TYPE_MISMATCH", "Column ",
              QuoteIdentifier(schema_.field(c).name), " of ", reader_->path(), " has type ",
              file_schema.field(*index).type.SimpleString(), " but the schema says ",
              schema_.field(c).type.SimpleString(), ".");
      }
      if (index) {
        source_columns_.push_back(static_cast<int>(file_columns_.size()));
        file_columns_.push_back(*index);
      } else {
        source_columns_.push_back(-1);
      }
    }
    const auto& groups = reader_->row_groups();
    for (size_t g = 0; g < groups.size(); ++g) {
      int64_t midpoint = groups[g].start_offset + groups[g].compressed_size / 2;
      if (midpoint < split.start || midpoint >= split.start + split.length) continue;
      bool skip = false;
      for (const auto& predicate : source.predicates) {
        auto index = file_schema.IndexOf(schema_.field(predicate.column).name);
        if (index && *index < groups[g].column_statistics.size()) {
          skip |= RowGroupCannotMatch(groups[g].column_statistics[*index], predicate,
                                      groups[g].num_rows);
        }
      }
      if (!skip) row_groups_.push_back(g);
    }
  }

  BatchPtr Next() override {
    while (true) {
      if (!current_) {
        if (next_group_ >= row_groups_.size()) return nullptr;
        current_ = reader_->OpenRowGroup(row_groups_[next_group_++], file_columns_, batch_size_);
      }
      BatchPtr batch = current_->Next();
      if (!batch) {
        current_.reset();
        continue;
      }
      std::vector<ColumnVectorPtr> columns;
      for (size_t c = 0; c < schema_.size(); ++c) {
        columns.push_back(source_columns_[c] >= 0
                              ? batch->column(source_columns_[c])
                              : ColumnVector::MakeNulls(schema_.field(c).type, batch->num_rows()));
      }
      return std::make_shared<Batch>(std::move(columns), batch->num_rows());
    }
  }

 private:
  Schema schema_;
  size_t batch_size_;
  std::unique_ptr<ParquetFileReader> reader_;
  std::vector<size_t> file_columns_;
  std::vector<int> source_columns_;  // per schema column: index into file_columns_, or -1
  std::vector<size_t> row_groups_;
  size_t next_group_ = 0;
  std::unique_ptr<ParquetRowGroupReader> current_;
};

}  // namespace

std::string ScanPredicate::ToString(const Schema& schema) const {
  static const char* kOps[] = {" = ", " < ", " <= ", " > ", " >= ", " IS NULL", " IS NOT NULL"};
  std::string out = schema.field(column).name + kOps[static_cast<int>(op)];
  if (op != Op::kIsNull && op != Op::kIsNotNull) out += value.ToString();
  return out;
}

Schema FileSource::OutputSchema() const {
  std::vector<Field> fields = data_schema.fields();
  for (const auto& field : index.partition_schema.fields()) fields.push_back(field);
  return Schema(std::move(fields));
}

bool FileSource::IsSplitable(const std::string& path) const {
  if (format == "csv" || format == "json") {
    return !options.GetBool("multiLine", false) && !IsCompressed(path);
  }
  if (format == "parquet") return true;  // row groups go to the split holding their midpoint
  return false;
}

std::shared_ptr<const FileSource> OpenFileSource(const std::string& format,
                                                 const FormatOptions& options,
                                                 const std::vector<std::string>& paths,
                                                 const Schema* user_schema) {
  auto source = std::make_shared<FileSource>();
  source->format = AsciiLower(format);
  source->options = options;
  if (source->format != "csv" && source->format != "json" && source->format != "parquet") {
    Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_DATA_SOURCE", "Data source format '", format,
          "' is not supported yet; supported: parquet, csv, json.");
  }
  if (paths.empty()) {
    Throw(ErrorKind::kInvalidArgument, "", "No path given to read ", format, " from.");
  }
  // Parse the options up front so a bad one fails here, naming it.
  std::optional<CsvOptions> csv;
  std::optional<JsonOptions> json;
  if (source->format == "csv")
    csv = CsvOptions::From(options);
  else if (source->format == "json")
    json = JsonOptions::From(options);
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
            source->format, " at ", paths[0],
            ": there are no non-empty files. It must be specified manually.");
    }
    if (csv)
      source->data_schema = InferCsvSchema(files, *csv);
    else if (json)
      source->data_schema = InferJsonSchema(files, *json);
    else
      source->data_schema = ParquetFileReader::Open(files[0])->schema();  // Spark: first file
  }
  return source;
}

std::unique_ptr<SplitReader> OpenSplitReader(const FileSource& source, const FileSplit& split,
                                             int batch_size) {
  if (source.format == "parquet")
    return std::make_unique<ParquetSplitSource>(source, split, batch_size);
  if (source.format == "json") {
    return std::make_unique<TextSplitSource<JsonSplitReader, JsonOptions>>(source, split,
                                                                           batch_size);
  }
  return std::make_unique<TextSplitSource<CsvSplitReader, CsvOptions>>(source, split, batch_size);
}

}  // namespace ember

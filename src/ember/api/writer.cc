#include "ember/api/writer.h"
#include "ember/common/ascii.h"

#include <algorithm>
#include <cctype>

#include "ember/common/error.h"
#include "ember/formats/file_writer.h"
#include "ember/runtime/driver/session_state.h"

namespace ember {

DataFrameWriter& DataFrameWriter::mode(const std::string& save_mode) {
  std::string lower = AsciiLower(save_mode);
  if (lower != "error" && lower != "errorifexists" && lower != "default" && lower != "append" &&
      lower != "overwrite" && lower != "ignore") {
    Throw(ErrorKind::kInvalidArgument, "INVALID_SAVE_MODE", "The save mode '", save_mode,
          "' is not supported. Use one of: error, errorifexists, append, overwrite, ignore.");
  }
  mode_ = lower;
  return *this;
}

DataFrameWriter& DataFrameWriter::format(const std::string& source) {
  format_ = AsciiLower(source);
  return *this;
}

DataFrameWriter& DataFrameWriter::option(const std::string& key, const std::string& value) {
  options_[key] = value;
  return *this;
}

DataFrameWriter& DataFrameWriter::option(const std::string& key, bool value) {
  return option(key, std::string(value ? "true" : "false"));
}

DataFrameWriter& DataFrameWriter::options(const std::map<std::string, std::string>& options) {
  for (const auto& [key, value] : options) options_[key] = value;
  return *this;
}

DataFrameWriter& DataFrameWriter::partitionBy(const std::vector<std::string>& columns) {
  partition_by_ = columns;
  return *this;
}

void DataFrameWriter::save(const std::string& path) {
  WriteSpec spec;
  spec.format = format_;
  spec.options = FormatOptions(options_);
  spec.schema = df_.schema();
  spec.partition_columns = partition_by_;
  spec.destination = path;
  CheckWritable(spec.format, spec.options);
  for (const auto& name : partition_by_) {
    if (!spec.schema.IndexOf(name)) {
      Throw(ErrorKind::kAnalysis, "UNRESOLVED_COLUMN.WITHOUT_SUGGESTION", "partitionBy column ",
            QuoteIdentifier(name), " is not a column of the DataFrame.");
    }
  }
  if (partition_by_.size() == spec.schema.size() && !partition_by_.empty()) {
    Throw(ErrorKind::kAnalysis, "ALL_PARTITION_COLUMNS_NOT_ALLOWED",
          "Cannot use all columns for partition columns.");
  }
  using Mode = SessionState::SaveMode;
  Mode save_mode = mode_ == "append"      ? Mode::kAppend
                   : mode_ == "overwrite" ? Mode::kOverwrite
                   : mode_ == "ignore"    ? Mode::kIgnore
                                          : Mode::kErrorIfExists;
  df_.state()->WriteFiles(df_.plan(), std::move(spec), save_mode);
}

}  // namespace ember

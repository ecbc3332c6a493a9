#include "ember/formats/csv/csv_writer.h"

namespace ember {

CsvWriteOptions CsvWriteOptions::From(const FormatOptions& options) {
  CsvWriteOptions csv;
  csv.header = options.GetBool("header", false);
  csv.sep = options.GetChar(options.Has("sep") ? "sep" : "delimiter", ',');
  csv.quote = options.GetChar("quote", '"', '\0');
  csv.escape = options.GetChar("escape", '\\');
  csv.null_value = options.GetString("nullValue", "");
  csv.empty_value = options.GetString("emptyValue", "\"\"");
  csv.quote_all = options.GetBool("quoteAll", false);
  csv.datetime = DateTimeWriteOptions::From(options);
  return csv;
}

void CsvEncoder::Field(const std::string& text, std::string& out) const {
  bool needs_quotes = options_.quote_all || text.find(options_.sep) != std::string::npos ||
                      (options_.quote != '\0' && text.find(options_.quote) != std::string::npos) ||
                      text.find_first_of("\r\n") != std::string::npos ||
                      (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!needs_quotes || options_.quote == '\0') {
    out += text;
    return;
  }
  out += options_.quote;
  for (char c : text) {
    if (c == options_.quote || c == options_.escape) out += options_.escape;
    out += c;
  }
  out += options_.quote;
}

void CsvEncoder::Header(std::string& out) const {
  if (!options_.header) return;
  for (size_t c = 0; c < schema_.size(); ++c) {
    if (c > 0) out += options_.sep;
    Field(schema_.field(c).name, out);
  }
  out += '\n';
}

void CsvEncoder::Row(const std::vector<ColumnVectorPtr>& columns, size_t row,
                     std::string& out) const {
  for (size_t c = 0; c < columns.size(); ++c) {
    if (c > 0) out += options_.sep;
    const ColumnVector& column = *columns[c];
    if (column.IsNull(row)) {
      out += options_.null_value;
      continue;
    }
    switch (column.type().id()) {
      case TypeId::kString: {
        std::string_view text = column.StringAt(row);
        if (text.empty())
          out += options_.empty_value;
        else
          Field(std::string(text), out);
        break;
      }
      case TypeId::kDate:
        Field(options_.datetime.date_format.FormatDate(column.ValueAt<int32_t>(row)), out);
        break;
      case TypeId::kTimestamp:
        Field(options_.datetime.timestamp_format.FormatTimestamp(column.ValueAt<int64_t>(row)),
              out);
        break;
      default:
        Field(column.GetValue(row).ToString(), out);
    }
  }
  out += '\n';
}

}  // namespace ember

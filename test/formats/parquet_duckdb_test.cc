// Checks the Parquet reader against DuckDB: generate_parquet_files.cjs writes files of every
// type, codec, format version, dictionary use and row group size, with the values DuckDB holds
// for them, and every file must read back exactly those values.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ember/common/error.h"
#include "ember/formats/parquet/parquet_reader.h"
#include "ember/types/text_format.h"

namespace ember {
namespace {

namespace fs = std::filesystem;

using Row = std::vector<std::optional<std::string>>;

/// Returns a field of an expected file with its escapes undone; nullopt for \N.
std::optional<std::string> Unescape(const std::string& field) {
  if (field == "\\N") return std::nullopt;
  std::string out;
  for (size_t i = 0; i < field.size(); ++i) {
    if (field[i] != '\\' || i + 1 == field.size()) {
      out += field[i];
      continue;
    }
    char next = field[++i];
    out += next == 't' ? '\t' : next == 'n' ? '\n' : next == 'r' ? '\r' : next;
  }
  return out;
}

std::vector<Row> ReadExpected(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<Row> rows;
  std::string line;
  while (std::getline(in, line)) {
    Row row;
    size_t start = 0;
    while (true) {
      size_t tab = line.find('\t', start);
      row.push_back(Unescape(line.substr(start, tab - start)));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string Hex(std::string_view bytes) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

/// Compares row `row` of `column` with DuckDB's rendering; returns a description of the
/// difference, or "" when they agree.
std::string Compare(const ColumnVector& column, size_t row,
                    const std::optional<std::string>& expected) {
  if (column.IsNull(row) || !expected) {
    if (column.IsNull(row) && !expected) return "";
    return StrCat("expected ", expected.value_or("null"), ", got ",
                  column.IsNull(row) ? "null" : column.GetValue(row).ToString());
  }
  std::string actual;
  const DataType& type = column.type();
  switch (type.id()) {
    case TypeId::kBoolean:
      actual = column.ValueAt<bool>(row) ? "true" : "false";
      break;
    case TypeId::kByte:
      actual = std::to_string(column.ValueAt<int8_t>(row));
      break;
    case TypeId::kShort:
      actual = std::to_string(column.ValueAt<int16_t>(row));
      break;
    case TypeId::kInt:
    case TypeId::kDate:
      actual = std::to_string(column.ValueAt<int32_t>(row));
      break;
    case TypeId::kLong:
    case TypeId::kTimestamp:
      actual = std::to_string(column.ValueAt<int64_t>(row));
      break;
    case TypeId::kDecimal:
      actual = FormatDecimal(column.ValueAt<int128_t>(row), type.scale());
      break;
    case TypeId::kString:
      actual = std::string(column.StringAt(row));
      break;
    case TypeId::kBinary:
      actual = Hex(column.StringAt(row));
      break;
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double value =
          type.id() == TypeId::kFloat ? column.ValueAt<float>(row) : column.ValueAt<double>(row);
      double want = type.id() == TypeId::kFloat ? std::strtof(expected->c_str(), nullptr)
                                                : std::strtod(expected->c_str(), nullptr);
      bool same = (std::isnan(value) && std::isnan(want)) ||
                  (value == want && std::signbit(value) == std::signbit(want));
      return same ? "" : StrCat("expected ", *expected, ", got ", column.GetValue(row).ToString());
    }
    default:
      return "unexpected type " + type.SimpleString();
  }
  return actual == *expected ? "" : StrCat("expected ", *expected, ", got ", actual);
}

/// Holds the generated files; they are written once for the whole suite.
class GeneratedFiles {
 public:
  static GeneratedFiles& Get() {
    static GeneratedFiles files;
    return files;
  }
  const fs::path& dir() const { return dir_; }
  const std::string& error() const { return error_; }

 private:
  GeneratedFiles() {
    std::string pattern = (fs::temp_directory_path() / "ember-parquet-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      error_ = "cannot create a temporary directory";
      return;
    }
    dir_ = pattern;
    std::string command = StrCat("NODE_PATH='", EMBER_DUCKDB_NODE_MODULES, "' '",
                                 EMBER_NODE_EXECUTABLE, "' '", EMBER_PARQUET_GENERATOR, "' '",
                                 dir_.string(), "' > '", (dir_ / "files.txt").string(), "'");
    int status = std::system(command.c_str());
    if (status != 0) {
      error_ = StrCat("generating the files failed (exit status ", status, ") running: ", command,
                      "\nIs DuckDB installed? Run scripts/setup.");
    }
  }
  ~GeneratedFiles() {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  fs::path dir_;
  std::string error_;
};

/// Lists the columns of the `types` table with the types Spark infers for them.
const std::vector<std::pair<std::string, std::string>>& TypesSchema() {
  static const std::vector<std::pair<std::string, std::string>> schema = {
      {"id", "bigint"},
      {"b", "boolean"},
      {"i8", "tinyint"},
      {"i16", "smallint"},
      {"i32", "int"},
      {"i64", "bigint"},
      {"u8", "smallint"},
      {"u16", "int"},
      {"u32", "bigint"},
      {"u64", "decimal(20,0)"},
      {"f", "float"},
      {"d", "double"},
      {"dec_4_1", "decimal(4,1)"},
      {"dec_9_3", "decimal(9,3)"},
      {"dec_18_6", "decimal(18,6)"},
      {"dec_38_10", "decimal(38,10)"},
      {"dec_20_0", "decimal(20,0)"},
      {"s", "string"},
      {"s_dict", "string"},
      {"bl", "binary"},
      {"dt", "date"},
      {"ts", "timestamp"},
      {"tstz", "timestamp"},
      {"tms", "timestamp"},
      {"tns", "timestamp"},
      {"tsec", "timestamp"},
      {"js", "string"},
      {"en", "string"},
      {"hi", "double"},
      {"all_null", "int"},
  };
  return schema;
}

/// Reads every row group of `path` (columns `columns`, batches of `batch_size`) and compares
/// each value with row `expected[row][columns[c]]`; returns the number of rows read.
size_t ReadAndCompare(const std::string& path, const std::vector<Row>& expected,
                      const std::vector<size_t>& columns, size_t batch_size) {
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(path);
  size_t row = 0;
  int failures = 0;
  for (size_t group = 0; group < reader->row_groups().size(); ++group) {
    for (const BatchPtr& batch : reader->ReadRowGroup(group, columns, batch_size)) {
      EXPECT_LE(batch->num_rows(), batch_size);
      EXPECT_EQ(batch->num_columns(), columns.size());
      for (size_t i = 0; i < batch->num_rows(); ++i, ++row) {
        if (row >= expected.size()) {
          ADD_FAILURE() << path << ": more rows than DuckDB wrote";
          return row;
        }
        for (size_t c = 0; c < columns.size(); ++c) {
          std::string difference = Compare(*batch->column(c), i, expected[row].at(columns[c]));
          if (!difference.empty() && ++failures <= 10) {
            ADD_FAILURE() << path << " row " << row << " column "
                          << reader->schema().field(columns[c]).name << ": " << difference;
          }
        }
      }
    }
  }
  return row;
}

class ParquetDuckDbTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    const GeneratedFiles& files = GeneratedFiles::Get();
    ASSERT_TRUE(files.error().empty()) << files.error();
    table_ = GetParam().substr(0, GetParam().find('_'));
    path_ = (files.dir() / (GetParam() + ".parquet")).string();
    ASSERT_TRUE(fs::exists(path_)) << path_;
    static std::map<std::string, std::vector<Row>> cache;
    if (!cache.count(table_)) cache[table_] = ReadExpected(files.dir() / (table_ + ".expected"));
    expected_ = &cache[table_];
  }

  std::vector<size_t> AllColumns(const ParquetFileReader& reader) const {
    std::vector<size_t> columns(reader.schema().size());
    for (size_t i = 0; i < columns.size(); ++i) columns[i] = i;
    return columns;
  }

  std::string table_;
  std::string path_;
  const std::vector<Row>* expected_ = nullptr;
};

TEST_P(ParquetDuckDbTest, ReadsEveryValueDuckDbWrote) {
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(path_);
  EXPECT_EQ(reader->num_rows(), static_cast<int64_t>(expected_->size()));
  if (table_ == "types") {
    ASSERT_EQ(reader->schema().size(), TypesSchema().size());
    for (size_t i = 0; i < TypesSchema().size(); ++i) {
      EXPECT_EQ(reader->schema().field(i).name, TypesSchema()[i].first);
      EXPECT_EQ(reader->schema().field(i).type.SimpleString(), TypesSchema()[i].second)
          << "column " << TypesSchema()[i].first;
      EXPECT_TRUE(reader->schema().field(i).nullable);
    }
  }
  EXPECT_EQ(ReadAndCompare(path_, *expected_, AllColumns(*reader), 4096), expected_->size());
}

TEST_P(ParquetDuckDbTest, ReadsTheSameInTinyBatches) {
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(path_);
  EXPECT_EQ(ReadAndCompare(path_, *expected_, AllColumns(*reader), 7), expected_->size());
}

TEST_P(ParquetDuckDbTest, ReadsProjectedColumnsInAnyOrder) {
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(path_);
  size_t n = reader->schema().size();
  std::vector<size_t> columns = {n - 1, 0, n / 2, n / 2};
  EXPECT_EQ(ReadAndCompare(path_, *expected_, columns, 1000), expected_->size());
}

TEST_P(ParquetDuckDbTest, CountsRowsWithoutColumns) {
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(path_);
  size_t rows = 0;
  for (size_t group = 0; group < reader->row_groups().size(); ++group) {
    for (const BatchPtr& batch : reader->ReadRowGroup(group, {}, 1024)) {
      EXPECT_EQ(batch->num_columns(), 0u);
      rows += batch->num_rows();
    }
  }
  EXPECT_EQ(rows, expected_->size());
}

/// Row group metadata must agree with the data: row counts add up, byte ranges are ordered and
/// inside the file, and every statistic bounds the values it summarizes.
TEST_P(ParquetDuckDbTest, RowGroupInfoAgreesWithTheData) {
  std::unique_ptr<ParquetFileReader> reader = ParquetFileReader::Open(path_);
  std::vector<size_t> columns = AllColumns(*reader);
  int64_t total_rows = 0;
  int64_t previous_end = 4;
  size_t checked_bounds = 0;
  for (size_t group = 0; group < reader->row_groups().size(); ++group) {
    const ParquetRowGroupInfo& info = reader->row_groups()[group];
    total_rows += info.num_rows;
    EXPECT_GE(info.start_offset, previous_end);
    EXPECT_GT(info.compressed_size, 0);
    previous_end = info.start_offset + info.compressed_size;
    EXPECT_LE(previous_end, reader->file_size());
    ASSERT_EQ(info.column_statistics.size(), columns.size());
    std::vector<BatchPtr> batches =
        reader->ReadRowGroup(group, columns, static_cast<size_t>(info.num_rows));
    ASSERT_EQ(batches.size(), 1u);
    const Batch& batch = *batches[0];
    for (size_t c = 0; c < columns.size(); ++c) {
      const ParquetColumnStatistics& statistics = info.column_statistics[c];
      const ColumnVector& column = *batch.column(c);
      if (statistics.null_count) {
        EXPECT_EQ(*statistics.null_count, static_cast<int64_t>(column.NullCount()))
            << reader->schema().field(c).name;
      }
      if (!statistics.min || !statistics.max) continue;
      DataType type = column.type();
      if (type.IsFloating()) continue;  // NaN and -0.0 make bounds of floats a special case
      ++checked_bounds;
      // Bounds are exact for DuckDB's numbers and dates; strings could be truncated prefixes.
      std::optional<Value> min, max;
      for (size_t row = 0; row < column.size(); ++row) {
        if (column.IsNull(row)) continue;
        Value value = column.GetValue(row);
        auto less = [&](const Value& a, const Value& b) {
          if (type.IsStringLike()) return a.AsString() < b.AsString();
          if (type.id() == TypeId::kDecimal) return a.Get<int128_t>() < b.Get<int128_t>();
          if (type.id() == TypeId::kBoolean) return !a.Get<bool>() && b.Get<bool>();
          return a.AsInt64() < b.AsInt64();
        };
        if (!min || less(value, *min)) min = value;
        if (!max || less(*max, value)) max = value;
      }
      ASSERT_TRUE(min.has_value()) << reader->schema().field(c).name;
      std::string name = reader->schema().field(c).name;
      if (type.IsStringLike()) {
        EXPECT_LE(statistics.min->AsString(), min->AsString()) << name;
        EXPECT_GE(statistics.max->AsString(), max->AsString()) << name;
      } else {
        EXPECT_EQ(*statistics.min, *min) << name;
        EXPECT_EQ(*statistics.max, *max) << name;
      }
    }
  }
  EXPECT_EQ(total_rows, reader->num_rows());
  if (table_ == "types") {
    EXPECT_GT(checked_bounds, 20u);
  }
}

std::vector<std::string> FileNames() {
  std::vector<std::string> names;
  for (const char* table : {"types", "big"}) {
    for (const char* version : {"v1", "v2"}) {
      for (const char* codec :
           {"uncompressed", "snappy", "gzip", "zstd", "lz4", "lz4_raw", "brotli", "plain"}) {
        names.push_back(StrCat(table, "_", version, "_", codec));
      }
    }
    names.push_back(StrCat(table, "_v1_small_groups"));
  }
  return names;
}

INSTANTIATE_TEST_SUITE_P(Files, ParquetDuckDbTest, ::testing::ValuesIn(FileNames()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param;
                         });

}  // namespace
}  // namespace ember

// Interoperability with DuckDB as the oracle (DESIGN.md §6): CSV and JSON lines files DuckDB
// writes are read by Ember with identical values, and files Ember writes are read by DuckDB with
// identical values. test/interop/duckdb_oracle.mjs writes the files together with their rows in
// a canonical text form (documented there) and reads Ember's output back; this test renders
// Ember's rows the same way and compares them value by value.

#include <gtest/gtest.h>
#include <simdjson.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "e2e/test_session.h"
#include "ember/types/text_format.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using testing::NewSession;

/// Holds rows in the oracle's canonical form: every value as text, nullopt for null.
struct CanonicalTable {
  struct Column {
    std::string name;
    std::string duckdb;  // DuckDB type, e.g. DECIMAL(38,10)
    std::string spark;   // Spark DDL type, e.g. decimal(38,10)
  };
  using Cell = std::optional<std::string>;

  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;

  int IndexOf(const std::string& name) const {
    for (size_t c = 0; c < columns.size(); ++c) {
      if (columns[c].name == name) return static_cast<int>(c);
    }
    return -1;
  }
  std::vector<std::string> Names() const {
    std::vector<std::string> names;
    for (const auto& column : columns) names.push_back(column.name);
    return names;
  }
  /// Returns a copy without the columns named in `dropped`.
  CanonicalTable Without(const std::set<std::string>& dropped) const {
    CanonicalTable out;
    std::vector<size_t> kept;
    for (size_t c = 0; c < columns.size(); ++c) {
      if (dropped.count(columns[c].name) == 0) {
        kept.push_back(c);
        out.columns.push_back(columns[c]);
      }
    }
    for (const auto& row : rows) {
      std::vector<Cell> cells;
      for (size_t c : kept) cells.push_back(row[c]);
      out.rows.push_back(std::move(cells));
    }
    return out;
  }
  /// Returns the Spark DDL schema of the columns, e.g. "id bigint, s string".
  std::string Ddl() const {
    std::string ddl;
    for (const auto& column : columns) {
      ddl += (ddl.empty() ? "" : ", ") + column.name + " " + column.spark;
    }
    return ddl;
  }
  /// Returns the oracle's column argument: [["id","BIGINT"],...].
  std::string DuckDbColumns() const {
    std::string json = "[";
    for (const auto& column : columns) {
      json += (json.size() > 1 ? "," : "") + std::string("[\"") + column.name + "\",\"" +
              column.duckdb + "\"]";
    }
    return json + "]";
  }
};

/// Parses canonical rows: a header line {"columns":[...]} and one JSON array per row.
CanonicalTable ParseCanonical(const std::string& text) {
  CanonicalTable table;
  simdjson::dom::parser parser;
  std::istringstream lines(text);
  std::string line;
  bool header = true;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    simdjson::dom::element document = parser.parse(line);
    if (header) {
      for (simdjson::dom::element column : document["columns"].get_array()) {
        table.columns.push_back({std::string(column["name"].get_string().value()),
                                 std::string(column["duckdb"].get_string().value()),
                                 std::string(column["spark"].get_string().value())});
      }
      header = false;
      continue;
    }
    std::vector<CanonicalTable::Cell> row;
    for (simdjson::dom::element value : document.get_array()) {
      if (value.is_null()) {
        row.push_back(std::nullopt);
      } else {
        row.push_back(std::string(value.get_string().value()));
      }
    }
    if (row.size() != table.columns.size()) {
      throw std::runtime_error("ragged canonical row: " + line);
    }
    table.rows.push_back(std::move(row));
  }
  if (header) throw std::runtime_error("canonical rows without a header line: '" + text + "'");
  return table;
}

/// Renders a value as the oracle does: Spark's cast to string, except timestamps, which always
/// carry six fraction digits.
CanonicalTable::Cell Canonical(const Value& value) {
  if (value.is_null()) return std::nullopt;
  if (value.type().id() != TypeId::kTimestamp) return value.ToString();
  int64_t micros = value.Get<int64_t>();
  int64_t fraction = (micros % 1'000'000 + 1'000'000) % 1'000'000;
  char digits[16];
  std::snprintf(digits, sizeof(digits), ".%06lld", static_cast<long long>(fraction));
  return FormatTimestamp(micros - fraction) + digits;
}

/// Returns the columns of `df` as DDL: "id bigint, s string".
std::string SchemaDdl(const DataFrame& df) {
  std::string ddl;
  for (const auto& [name, type] : df.dtypes()) ddl += (ddl.empty() ? "" : ", ") + name + " " + type;
  return ddl;
}

/// Collects `df` ordered by id into canonical rows.
CanonicalTable FromEmber(const DataFrame& df) {
  CanonicalTable table;
  for (const auto& [name, type] : df.dtypes()) table.columns.push_back({name, "", type});
  for (const Row& row : df.orderBy("id").collect()) {
    std::vector<CanonicalTable::Cell> cells;
    for (const Value& value : row.values()) cells.push_back(Canonical(value));
    table.rows.push_back(std::move(cells));
  }
  return table;
}

/// Returns `table` with its timestamps cut to whole milliseconds: Spark, and Ember, write
/// timestamps with the default timestampFormat yyyy-MM-dd'T'HH:mm:ss.SSSXXX.
CanonicalTable TruncateTimestampsToMillis(CanonicalTable table) {
  for (size_t c = 0; c < table.columns.size(); ++c) {
    if (table.columns[c].duckdb != "TIMESTAMP") continue;
    for (auto& row : table.rows) {
      if (row[c]) row[c]->replace(row[c]->size() - 3, 3, "000");
    }
  }
  return table;
}

/// Expects `actual` to hold exactly the columns `columns` (in any order) and, in each, the rows
/// of `expected` in the same order; reports the first mismatches with their row id.
void ExpectSameRows(const CanonicalTable& expected, const CanonicalTable& actual,
                    const std::vector<std::string>& columns, const std::string& what) {
  SCOPED_TRACE(what);
  std::vector<std::string> names = actual.Names();
  ASSERT_EQ(std::set<std::string>(names.begin(), names.end()),
            std::set<std::string>(columns.begin(), columns.end()));
  ASSERT_EQ(actual.rows.size(), expected.rows.size());
  int id = expected.IndexOf("id");
  int mismatches = 0;
  for (const auto& name : columns) {
    int e = expected.IndexOf(name);
    int a = actual.IndexOf(name);
    ASSERT_GE(e, 0) << name;
    for (size_t r = 0; r < expected.rows.size() && mismatches < 20; ++r) {
      const auto& want = expected.rows[r][e];
      const auto& got = actual.rows[r][a];
      if (want != got) {
        ++mismatches;
        ADD_FAILURE() << "row id " << expected.rows[r][id].value_or("null") << ", column " << name
                      << ": expected " << (want ? "'" + *want + "'" : "null") << ", got "
                      << (got ? "'" + *got + "'" : "null");
      }
    }
  }
}

/// Expects column `name` of `actual`, inferred as double, to hold the doubles nearest to
/// `expected`'s decimal texts, as Java's Double.parseDouble (and strtod) reads them: the same
/// doubles, since their shortest round-trip texts agree.
void ExpectNearestDoubles(const CanonicalTable& expected, const CanonicalTable& actual,
                          const std::string& name) {
  SCOPED_TRACE(name);
  int e = expected.IndexOf(name);
  int a = actual.IndexOf(name);
  ASSERT_GE(e, 0);
  ASSERT_GE(a, 0);
  ASSERT_EQ(actual.rows.size(), expected.rows.size());
  for (size_t r = 0; r < expected.rows.size(); ++r) {
    const auto& want = expected.rows[r][e];
    const auto& got = actual.rows[r][a];
    ASSERT_EQ(want.has_value(), got.has_value()) << "row " << r;
    if (!want) continue;
    double wanted = std::strtod(want->c_str(), nullptr);
    EXPECT_EQ(*got, FormatDouble(wanted)) << "row " << r << " holds " << *want;
  }
}

std::string ShellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// Options that read CSV as DuckDB writes it: a header, "" inside quotes for a quote, quoted
/// line breaks, and nan/inf/-inf for non-finite doubles.
const std::map<std::string, std::string> kDuckDbCsv = {
    {"header", "true"},  {"multiLine", "true"},  {"escape", "\""},
    {"nanValue", "nan"}, {"positiveInf", "inf"}, {"negativeInf", "-inf"}};

class InteropTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("ember-interop-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_);
    try {
      RunOracle({"generate", (root_ / "duckdb").string()});
      types_ = ParseCanonical(ReadFile(root_ / "duckdb" / "types.expected.jsonl"));
      many_ = ParseCanonical(ReadFile(root_ / "duckdb" / "many.expected.jsonl"));
      huge_ = ParseCanonical(ReadFile(root_ / "duckdb" / "huge.expected.jsonl"));
    } catch (const std::exception& error) {
      setup_error_ = error.what();
    }
  }
  static void TearDownTestSuite() { fs::remove_all(root_); }

  void SetUp() override { ASSERT_TRUE(setup_error_.empty()) << setup_error_; }

  /// Runs the oracle script with `args` and returns what it prints; throws with its error
  /// output if it fails.
  static std::string RunOracle(const std::vector<std::string>& args) {
    fs::path errors = root_ / "oracle-stderr.txt";
    std::string command = ShellQuote(EMBER_NODE_EXECUTABLE) + " " + ShellQuote(EMBER_DUCKDB_ORACLE);
    for (const auto& arg : args) command += " " + ShellQuote(arg);
    command += " 2>" + ShellQuote(errors.string());
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
    std::string output;
    char buffer[65536];
    for (size_t n; (n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0;) output.append(buffer, n);
    int status = ::pclose(pipe);
    if (status != 0) {
      std::string how = WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                          : "wait status " + std::to_string(status);
      throw std::runtime_error("the DuckDB oracle failed (" + how + "): " + command + "\n" +
                               ReadFile(errors));
    }
    return output;
  }

  /// Reads what Ember wrote under `path` with DuckDB; `partitions` are key=value directories.
  static CanonicalTable ReadWithDuckDb(const std::string& format, const fs::path& path,
                                       const CanonicalTable& data,
                                       const CanonicalTable& partitions = {}) {
    return ParseCanonical(RunOracle(
        {"read", format, path.string(), data.DuckDbColumns(), partitions.DuckDbColumns()}));
  }

  static std::string ReadFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }

  static std::string DuckDbFile(const std::string& name) {
    return (root_ / "duckdb" / name).string();
  }
  static fs::path EmberOutput(const std::string& name) { return root_ / "ember" / name; }

  static inline fs::path root_;
  static inline std::string setup_error_;
  static inline CanonicalTable types_;  // the rows of types.csv and types.json
  static inline CanonicalTable many_;   // the rows of many_csv/, many_json/ and hive_csv/
  static inline CanonicalTable huge_;   // the rows of huge.json
};

TEST_F(InteropTest, CsvWrittenByDuckDbReadsWithTheExplicitSchema) {
  Session spark = NewSession();
  DataFrame df = spark.read().options(kDuckDbCsv).schema(types_.Ddl()).csv(DuckDbFile("types.csv"));
  ExpectSameRows(types_, FromEmber(df), types_.Names(), "types.csv");
}

TEST_F(InteropTest, CsvWrittenByDuckDbInfersSparkTypes) {
  Session spark = NewSession();
  DataFrame df =
      spark.read().options(kDuckDbCsv).option("inferSchema", true).csv(DuckDbFile("types.csv"));
  // Spark's CSV inference: the narrowest of int, bigint, double; a decimal with a fraction is a
  // double (prefersDecimal is off); yyyy-MM-dd is a date, a date with a time a timestamp.
  EXPECT_EQ(SchemaDdl(df),
            "id int, i int, big bigint, d double, special double, dc double, dd double, s string, "
            "dt date, ts timestamp, b boolean");
  CanonicalTable actual = FromEmber(df);
  ExpectSameRows(types_, actual.Without({"dc", "dd"}), types_.Without({"dc", "dd"}).Names(),
                 "inferred");
  ExpectNearestDoubles(types_, actual, "dc");
  ExpectNearestDoubles(types_, actual, "dd");
}

TEST_F(InteropTest, CsvWithCustomDateFormatsWrittenByDuckDbReads) {
  // DuckDB's DATEFORMAT '%d/%m/%Y' and TIMESTAMPFORMAT '%d/%m/%Y %H:%M:%S.%f' are Spark's
  // dd/MM/y and dd/MM/y HH:mm:ss.SSSSSS (y: DuckDB does not pad year 1 to four digits).
  Session spark = NewSession();
  DataFrame df = spark.read()
                     .options(kDuckDbCsv)
                     .option("dateFormat", "dd/MM/y")
                     .option("timestampFormat", "dd/MM/y HH:mm:ss.SSSSSS")
                     .schema(types_.Ddl())
                     .csv(DuckDbFile("types_dates.csv"));
  ExpectSameRows(types_, FromEmber(df), types_.Names(), "types_dates.csv");
  DataFrame inferred = spark.read()
                           .options(kDuckDbCsv)
                           .option("inferSchema", true)
                           .option("dateFormat", "dd/MM/y")
                           .option("timestampFormat", "dd/MM/y HH:mm:ss.SSSSSS")
                           .csv(DuckDbFile("types_dates.csv"));
  auto types = inferred.dtypes();
  EXPECT_EQ(types[8], (std::pair<std::string, std::string>{"dt", "date"}));
  EXPECT_EQ(types[9], (std::pair<std::string, std::string>{"ts", "timestamp"}));
  ExpectSameRows(types_, FromEmber(inferred).Without({"dc", "dd"}),
                 types_.Without({"dc", "dd"}).Names(), "types_dates.csv inferred");
}

TEST_F(InteropTest, JsonWrittenByDuckDbReadsWithTheExplicitSchema) {
  // Column `special` holds DuckDB's bare NaN, Infinity and -Infinity tokens.
  Session spark = NewSession();
  DataFrame df = spark.read().schema(types_.Ddl()).json(DuckDbFile("types.json"));
  ExpectSameRows(types_, FromEmber(df), types_.Names(), "types.json");
}

TEST_F(InteropTest, JsonIntegersBeyond64BitsWrittenByDuckDb) {
  // HUGEINT values are JSON numbers of up to 38 digits: Spark infers decimal(38,0).
  Session spark = NewSession();
  DataFrame inferred = spark.read().json(DuckDbFile("huge.json"));
  EXPECT_EQ(SchemaDdl(inferred), "h decimal(38,0), id bigint");
  ExpectSameRows(huge_, FromEmber(inferred), huge_.Names(), "huge.json inferred");
  DataFrame typed = spark.read().schema(huge_.Ddl()).json(DuckDbFile("huge.json"));
  ExpectSameRows(huge_, FromEmber(typed), huge_.Names(), "huge.json");
}

TEST_F(InteropTest, JsonWrittenByDuckDbInfersSparkTypes) {
  Session spark = NewSession();
  DataFrame df = spark.read().json(DuckDbFile("types.json"));
  // Spark's JSON inference: fields sorted by name, integers bigint, other numbers (NaN and the
  // infinities too) double, and dates and timestamps stay strings.
  EXPECT_EQ(SchemaDdl(df),
            "b boolean, big bigint, d double, dc double, dd double, dt string, i bigint, "
            "id bigint, s string, special double, ts string");
  CanonicalTable actual = FromEmber(df);
  // The date strings are already canonical; DuckDB's timestamp strings drop trailing zeros.
  ExpectSameRows(types_, actual.Without({"dc", "dd", "ts"}),
                 {"b", "big", "d", "dt", "i", "id", "s", "special"}, "inferred");
  ExpectNearestDoubles(types_, actual, "dc");
  ExpectNearestDoubles(types_, actual, "dd");
}

TEST_F(InteropTest, EmptyFiles) {
  Session spark = NewSession();
  CanonicalTable empty = types_;
  empty.rows.clear();
  DataFrame header_only =
      spark.read().options(kDuckDbCsv).schema(types_.Ddl()).csv(DuckDbFile("empty.csv"));
  ExpectSameRows(empty, FromEmber(header_only), types_.Names(), "empty.csv");
  DataFrame inferred =
      spark.read().options(kDuckDbCsv).option("inferSchema", true).csv(DuckDbFile("empty.csv"));
  EXPECT_EQ(inferred.columns(), types_.Names());
  for (const auto& [name, type] : inferred.dtypes()) EXPECT_EQ(type, "string") << name;
  EXPECT_EQ(inferred.count(), 0);
  DataFrame no_header =
      spark.read().options(kDuckDbCsv).schema(types_.Ddl()).csv(DuckDbFile("empty_no_header.csv"));
  ExpectSameRows(empty, FromEmber(no_header), types_.Names(), "empty_no_header.csv");
  DataFrame json = spark.read().schema(empty.Ddl()).json(DuckDbFile("empty.json"));
  ExpectSameRows(empty, FromEmber(json), empty.Names(), "empty.json");

  header_only.write().option("header", true).csv(EmberOutput("empty_csv").string());
  ExpectSameRows(empty, ReadWithDuckDb("csv", EmberOutput("empty_csv"), types_), types_.Names(),
                 "Ember's empty CSV");
  header_only.write().json(EmberOutput("empty_json").string());
  ExpectSameRows(empty, ReadWithDuckDb("json", EmberOutput("empty_json"), types_), types_.Names(),
                 "Ember's empty JSON");
}

TEST_F(InteropTest, ManyFilesInADirectory) {
  // Small splits cut the files at arbitrary bytes; a header-only and a zero-byte file sit among
  // them in many_csv/.
  Session spark =
      NewSession({{conf::kFilesMaxPartitionBytes, "8192"}, {conf::kFilesOpenCostInBytes, "0"}});
  DataFrame csv = spark.read()
                      .option("header", true)
                      .option("escape", "\"")
                      .schema(many_.Ddl())
                      .csv(DuckDbFile("many_csv"));
  EXPECT_GT(csv.numPartitions(), 10);
  ExpectSameRows(many_, FromEmber(csv), many_.Names(), "many_csv");
  DataFrame json = spark.read().schema(many_.Ddl()).json(DuckDbFile("many_json"));
  EXPECT_GT(json.numPartitions(), 10);
  ExpectSameRows(many_, FromEmber(json), many_.Names(), "many_json");
}

TEST_F(InteropTest, HivePartitionedCsvWrittenByDuckDb) {
  Session spark = NewSession();
  CanonicalTable data = many_.Without({"bucket", "tag"});
  DataFrame df = spark.read()
                     .option("header", true)
                     .option("escape", "\"")
                     .schema(data.Ddl())
                     .csv(DuckDbFile("hive_csv"));
  // Partition columns follow the data columns, typed by Spark's partition inference; DuckDB
  // percent-encodes the values ("x%2Fy%3Dz%25", "%C3%A9") and writes null as
  // __HIVE_DEFAULT_PARTITION__.
  EXPECT_EQ(SchemaDdl(df), data.Ddl() + ", bucket int, tag string");
  ExpectSameRows(many_, FromEmber(df), many_.Names(), "hive_csv");
}

TEST_F(InteropTest, CsvAndJsonWrittenByEmberAreReadByDuckDb) {
  Session spark = NewSession();
  DataFrame df = spark.read()
                     .options(kDuckDbCsv)
                     .schema(types_.Ddl())
                     .csv(DuckDbFile("types.csv"))
                     .repartition(3);
  CanonicalTable expected = TruncateTimestampsToMillis(types_);
  df.write().option("header", true).csv(EmberOutput("types_csv").string());
  ExpectSameRows(expected, ReadWithDuckDb("csv", EmberOutput("types_csv"), types_), types_.Names(),
                 "Ember's CSV");
  df.write().json(EmberOutput("types_json").string());
  ExpectSameRows(expected, ReadWithDuckDb("json", EmberOutput("types_json"), types_),
                 types_.Names(), "Ember's JSON");
}

TEST_F(InteropTest, PartitionedFilesWrittenByEmberAreReadByDuckDb) {
  Session spark = NewSession();
  DataFrame df = spark.read().schema(many_.Ddl()).json(DuckDbFile("many_json"));
  CanonicalTable expected = TruncateTimestampsToMillis(many_);
  CanonicalTable data = many_.Without({"bucket", "tag"});
  std::vector<std::string> data_names = data.Names();
  CanonicalTable partitions =
      many_.Without(std::set<std::string>(data_names.begin(), data_names.end()));
  for (const std::string format : {"csv", "json"}) {
    fs::path out = EmberOutput("partitioned_" + format);
    df.write()
        .partitionBy({"bucket", "tag"})
        .option("header", true)
        .format(format)
        .save(out.string());
    // Values that need escaping in a directory name are escaped as Spark does ('/' is %2F).
    EXPECT_TRUE(fs::is_directory(out / "bucket=1" / "tag=x%2Fy%3Dz%25")) << format;
    EXPECT_TRUE(fs::is_directory(out / "bucket=3" / "tag=__HIVE_DEFAULT_PARTITION__")) << format;
    ExpectSameRows(expected, ReadWithDuckDb(format, out, data, partitions), many_.Names(),
                   "DuckDB reads " + format);
    DataFrame back =
        spark.read().option("header", true).schema(data.Ddl()).format(format).load(out.string());
    ExpectSameRows(expected, FromEmber(back), many_.Names(), "Ember reads " + format);
  }
}

}  // namespace
}  // namespace ember

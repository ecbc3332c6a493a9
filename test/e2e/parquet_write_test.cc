// Writing Parquet: df.write().parquet() read back by Ember and by DuckDB for every type, codec
// and physical decimal form; statistics through ParquetFileReader; ParquetWriter's failure path.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>

#include "ember/formats/parquet/parquet_reader.h"
#include "ember/formats/parquet/parquet_writer.h"
#include "test_session.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using testing::NewSession;
using ParquetWriteTest = testing::TempDirTest;

/// Runs `sql` in DuckDB and returns its rows as "a|b|NULL" lines.
std::vector<std::string> DuckDbRows(const std::string& sql) {
  std::string command = std::string("NODE_PATH='") + EMBER_DUCKDB_NODE_MODULES + "' '" +
                        EMBER_NODE_EXECUTABLE + "' '" + EMBER_DUCKDB_QUERY_SCRIPT + "' \"" + sql +
                        "\"";
  std::FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::string output;
  char buffer[4096];
  size_t n;
  while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) output.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0) << command;
  std::vector<std::string> rows;
  size_t start = 0;
  while (start < output.size()) {
    size_t end = output.find('\n', start);
    rows.push_back(output.substr(start, end - start));
    start = end + 1;
  }
  return rows;
}

/// Returns the Parquet files under `directory`.
std::vector<std::string> ParquetFiles(const fs::path& directory) {
  std::vector<std::string> files;
  for (const auto& entry : fs::recursive_directory_iterator(directory)) {
    if (entry.path().extension() == ".parquet") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

/// Returns a DataFrame with a column of every type Ember writes, with nulls, extremes,
/// unicode and empty strings, and decimals of all three physical forms.
DataFrame AllTypes(const Session& spark) {
  DataFrame text = spark.createDataFrame(
      {Row::of(1L, "true", "-128", "-32768", "-2147483648", "-9223372036854775808", "1.5", "-2.25",
               "héllo wörld ✓", "2024-02-29", "2024-01-02 03:04:05.123456", "-1234567.89",
               "123456789012.345678", "-12345678901234567890.123456789012345678"),
       Row::of(2L, "false", "127", "32767", "2147483647", "9223372036854775807", "-0.0", "1e300",
               "", "1970-01-01", "1969-12-31 23:59:59.999999", "9999999.99", "-999999999999.999999",
               "99999999999999999999.999999999999999999"),
       Row::of(3L, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr,
               nullptr, nullptr, nullptr, nullptr),
       Row::of(4L, "true", "0", "7", "42", "0", "3.25", "0.5", "abc", "1900-01-01",
               "2000-06-15 12:00:00", "0.01", "0.000001", "0.000000000000000001")},
      "id bigint, b string, t string, s string, i string, l string, f string, d string, "
      "str string, dt string, ts string, dec9 string, dec18 string, dec38 string");
  return text.select(
      col("id"), col("b").cast("boolean").as("b"), col("t").cast("tinyint").as("t"),
      col("s").cast("smallint").as("s"), col("i").cast("int").as("i"),
      col("l").cast("bigint").as("l"), col("f").cast("float").as("f"),
      col("d").cast("double").as("d"), col("str"), col("str").cast("binary").as("bin"),
      col("dt").cast("date").as("dt"), col("ts").cast("timestamp").as("ts"),
      col("dec9").cast("decimal(9,2)").as("dec9"), col("dec18").cast("decimal(18,6)").as("dec18"),
      col("dec38").cast("decimal(38,18)").as("dec38"));
}

TEST_F(ParquetWriteTest, EveryTypeRoundTripsThroughEmberAndDuckDb) {
  Session spark = NewSession();
  DataFrame df = AllTypes(spark);
  for (std::string codec : {"snappy", "zstd", "gzip", "none", "uncompressed"}) {
    SCOPED_TRACE(codec);
    std::string out = (dir_ / codec).string();
    df.coalesce(1).write().option("compression", codec).parquet(out);
    EXPECT_TRUE(fs::exists(fs::path(out) / "_SUCCESS"));
    auto files = ParquetFiles(out);
    ASSERT_EQ(files.size(), 1u);
    std::string suffix = codec == "gzip"     ? ".c000.gz.parquet"
                         : codec == "snappy" ? ".c000.snappy.parquet"
                         : codec == "zstd"   ? ".c000.zstd.parquet"
                                             : ".c000.parquet";
    EXPECT_TRUE(files[0].ends_with(suffix)) << files[0];

    DataFrame back = spark.read().parquet(out);
    EXPECT_EQ(back.schemaString(),
              "root\n"
              " |-- id: long (nullable = true)\n"
              " |-- b: boolean (nullable = true)\n"
              " |-- t: byte (nullable = true)\n"
              " |-- s: short (nullable = true)\n"
              " |-- i: integer (nullable = true)\n"
              " |-- l: long (nullable = true)\n"
              " |-- f: float (nullable = true)\n"
              " |-- d: double (nullable = true)\n"
              " |-- str: string (nullable = true)\n"
              " |-- bin: binary (nullable = true)\n"
              " |-- dt: date (nullable = true)\n"
              " |-- ts: timestamp (nullable = true)\n"
              " |-- dec9: decimal(9,2) (nullable = true)\n"
              " |-- dec18: decimal(18,6) (nullable = true)\n"
              " |-- dec38: decimal(38,18) (nullable = true)\n");
    EXPECT_EQ(Strings(back.orderBy("id").collect()), Strings(df.orderBy("id").collect()));

    auto duck = DuckDbRows(
        "SELECT id, b, t, s, i, l, f, d, str, octet_length(bin), dt, epoch_us(ts), dec9, dec18, "
        "dec38, typeof(t), typeof(s), typeof(ts), typeof(dec9), typeof(dec18), typeof(dec38) "
        "FROM read_parquet('" +
        files[0] + "') ORDER BY id");
    std::vector<std::string> expected = {
        "1|true|-128|-32768|-2147483648|-9223372036854775808|1.5|-2.25|héllo wörld ✓|17|"
        "2024-02-29|1704164645123456|-1234567.89|123456789012.345678|"
        "-12345678901234567890.123456789012345678|TINYINT|SMALLINT|TIMESTAMP WITH TIME ZONE|"
        "DECIMAL(9,2)|DECIMAL(18,6)|DECIMAL(38,18)",
        // JavaScript's String(-0) is "0"; the sign of the float's -0.0 is checked by Ember above.
        "2|false|127|32767|2147483647|9223372036854775807|0|1e+300||0|1970-01-01|-1|9999999.99|"
        "-999999999999.999999|99999999999999999999.999999999999999999|TINYINT|SMALLINT|"
        "TIMESTAMP WITH TIME ZONE|DECIMAL(9,2)|DECIMAL(18,6)|DECIMAL(38,18)",
        "3|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|NULL|TINYINT|SMALLINT|"
        "TIMESTAMP WITH TIME ZONE|DECIMAL(9,2)|DECIMAL(18,6)|DECIMAL(38,18)",
        "4|true|0|7|42|0|3.25|0.5|abc|3|1900-01-01|961070400000000|0.01|0.000001|"
        "0.000000000000000001|TINYINT|SMALLINT|TIMESTAMP WITH TIME ZONE|DECIMAL(9,2)|"
        "DECIMAL(18,6)|DECIMAL(38,18)"};
    EXPECT_EQ(duck, expected);
  }
}

TEST_F(ParquetWriteTest, StatisticsFollowEachTypesSortOrder) {
  Session spark = NewSession();
  std::string out = (dir_ / "out").string();
  AllTypes(spark).coalesce(1).write().parquet(out);
  auto files = ParquetFiles(out);
  ASSERT_EQ(files.size(), 1u);
  auto reader = ParquetFileReader::Open(files[0]);
  EXPECT_EQ(reader->created_by(), "ember version 0.1.0");
  ASSERT_EQ(reader->row_groups().size(), 1u);
  const auto& stats = reader->row_groups()[0].column_statistics;
  ASSERT_EQ(stats.size(), 15u);
  auto bounds = [&](size_t c) {
    EXPECT_EQ(stats[c].null_count, c == 0 ? 0 : 1) << c;
    if (!stats[c].min || !stats[c].max) return std::string("missing");
    return stats[c].min->ToString() + ".." + stats[c].max->ToString();
  };
  EXPECT_EQ(bounds(0), "1..4");
  EXPECT_EQ(bounds(1), "false..true");
  EXPECT_EQ(bounds(2), "-128..127");
  EXPECT_EQ(bounds(3), "-32768..32767");
  EXPECT_EQ(bounds(4), "-2147483648..2147483647");
  EXPECT_EQ(bounds(5), "-9223372036854775808..9223372036854775807");
  EXPECT_EQ(bounds(6), "-0.0..3.25");
  EXPECT_EQ(bounds(7), "-2.25..1.0E300");
  // Unsigned bytewise: "" < "abc" < "héllo..." (0xC3 sorts after ASCII).
  EXPECT_EQ(bounds(8), "..héllo wörld ✓");
  EXPECT_EQ(bounds(10), "1900-01-01..2024-02-29");
  EXPECT_EQ(bounds(12), "-1234567.89..9999999.99");
  EXPECT_EQ(bounds(13), "-999999999999.999999..123456789012.345678");
  EXPECT_EQ(bounds(14),
            "-12345678901234567890.123456789012345678..99999999999999999999.999999999999999999");
  // DuckDB decodes the same bounds from the footer.
  auto duck = DuckDbRows(
      "SELECT path_in_schema, stats_min_value, stats_max_value, "
      "stats_null_count FROM parquet_metadata('" +
      files[0] + "') ORDER BY column_id");
  EXPECT_EQ(
      duck,
      std::vector<std::string>(
          {"id|1|4|0", "b|false|true|1", "t|-128|127|1", "s|-32768|32767|1",
           "i|-2147483648|2147483647|1", "l|-9223372036854775808|9223372036854775807|1",
           "f|-0.0|3.25|1", "d|-2.25|1e+300|1", "str||héllo wörld ✓|1",
           "bin||h\\xC3\\xA9llo w\\xC3\\xB6rld \\xE2\\x9C\\x93|1", "dt|1900-01-01|2024-02-29|1",
           "ts|1969-12-31 23:59:59.999999+00|2024-01-02 03:04:05.123456+00|1",
           "dec9|-1234567.89|9999999.99|1", "dec18|-999999999999.999999|123456789012.345678|1",
           "dec38|-12345678901234567890.123456789012345678|"
           "99999999999999999999.999999999999999999|1"}));
}

TEST_F(ParquetWriteTest, SmallBlockSizeWritesManyRowGroupsAndFallsBackToPlain) {
  Session spark = NewSession();
  DataFrame df = spark.range(0, 50000, 1, 1)
                     .select(col("id"), (col("id") % 7).as("k"), col("id").cast("string").as("s"),
                             (col("id") % 3 == 0).as("flag"));
  std::string out = (dir_ / "out").string();
  df.write()
      .option("parquet.block.size", "65536")
      .option("parquet.page.size", "4096")
      .option("parquet.dictionary.page.size", "2048")
      .option("compression", "zstd")
      .parquet(out);
  auto files = ParquetFiles(out);
  ASSERT_EQ(files.size(), 1u);
  auto reader = ParquetFileReader::Open(files[0]);
  EXPECT_GT(reader->row_groups().size(), 5u);
  int64_t rows = 0;
  int64_t previous_max = -1;
  for (const auto& group : reader->row_groups()) {
    rows += group.num_rows;
    // Rows arrive in order, so each row group's id range follows the previous one.
    EXPECT_EQ(group.column_statistics[0].min->AsInt64(), previous_max + 1);
    previous_max = group.column_statistics[0].max->AsInt64();
  }
  EXPECT_EQ(rows, 50000);
  EXPECT_EQ(previous_max, 49999);
  DataFrame back = spark.read().parquet(out);
  auto totals = back.agg(count("*"), sum("id"), sum("k"), countDistinct(col("s"))).first();
  EXPECT_EQ(totals.getLong(0), 50000);
  EXPECT_EQ(totals.getLong(1), 1249975000L);
  EXPECT_EQ(back.filter(col("flag")).count(), 16667);
  EXPECT_EQ(totals.getLong(3), 50000);
  auto duck = DuckDbRows(
      "SELECT count(*), sum(id), sum(k), count(DISTINCT s), "
      "count(*) FILTER (WHERE flag), max(s) FROM read_parquet('" +
      files[0] + "')");
  ASSERT_EQ(duck.size(), 1u);
  EXPECT_EQ(duck[0], "50000|1249975000|" + std::to_string(df.agg(sum("k")).first().getLong(0)) +
                         "|50000|16667|9999");
}

/// Returns the rows of `df` as sorted strings.
std::vector<std::string> SortedRows(const DataFrame& df) {
  std::vector<std::string> rows;
  for (const Row& row : df.collect()) rows.push_back(row.toString());
  std::sort(rows.begin(), rows.end());
  return rows;
}

/// Strings read from dictionary pages stay dictionary-encoded through scans, filters,
/// projections, aggregation, joins and sorts; every result equals the one over the flat data,
/// across row groups with their own dictionaries and chunks that fall back to PLAIN.
TEST_F(ParquetWriteTest, DictionaryEncodedStringsGiveTheSameResultsAsFlatOnes) {
  Session spark = NewSession();
  Column low = when(col("id") % 11 == 0, lit(Value::Null(TypeId::kString)))
                   .otherwise(concat({lit("k"), (col("id") % 37).cast("string")}));
  DataFrame df = spark.range(0, 30000, 1, 2)
                     .select(col("id"), low.as("s"), col("id").cast("string").as("wide"));
  std::string out = (dir_ / "out").string();
  df.write()
      .option("parquet.block.size", "32768")
      .option("parquet.dictionary.page.size", "4096")
      .parquet(out);
  DataFrame back = spark.read().parquet(out);
  for (const std::string& file : ParquetFiles(out)) {
    EXPECT_GT(ParquetFileReader::Open(file)->row_groups().size(), 2u) << file;
  }
  auto queries = std::vector<std::function<DataFrame(const DataFrame&)>>{
      [](const DataFrame& d) { return d.groupBy("s").count(); },
      [](const DataFrame& d) {
        return d.groupBy(upper(col("s")).as("u")).agg(sum("id"), countDistinct(col("wide")));
      },
      [](const DataFrame& d) { return d.filter(col("s") == "k5").select("id", "s"); },
      [](const DataFrame& d) { return d.filter(col("s").like("k1%")).groupBy("s").count(); },
      [](const DataFrame& d) { return d.filter(col("wide").like("%77%")).select("id", "wide"); },
      [](const DataFrame& d) { return d.select(col("s").isNull().as("n")).groupBy("n").count(); },
      [&spark](const DataFrame& d) {
        DataFrame keys = spark.range(0, 5).select(
            concat({lit("k"), col("id").cast("string")}).as("key"), col("id").as("v"));
        return d.join(keys, d.col("s") == keys.col("key")).groupBy("key").agg(count("*"), sum("v"));
      },
      [](const DataFrame& d) { return d.orderBy(col("s").desc(), col("id")).limit(50); },
      [](const DataFrame& d) { return d.distinct().groupBy().count(); },
  };
  for (size_t q = 0; q < queries.size(); ++q) {
    std::vector<std::string> expected = SortedRows(queries[q](df));
    EXPECT_FALSE(expected.empty()) << "query " << q;
    EXPECT_EQ(SortedRows(queries[q](back)), expected) << "query " << q;
  }
}

TEST_F(ParquetWriteTest, PartitionedWriteReadsBack) {
  Session spark = NewSession();
  DataFrame df = spark.range(0, 100).select(col("id"), (col("id") % 3).as("part"));
  std::string out = (dir_ / "out").string();
  df.write().partitionBy({"part"}).parquet(out);
  EXPECT_TRUE(fs::exists(fs::path(out) / "part=0"));
  DataFrame back = spark.read().parquet(out);
  EXPECT_EQ(back.count(), 100);
  EXPECT_EQ(back.filter(col("part") == 2).agg(sum("id")).first().getLong(0), 1650);
}

TEST_F(ParquetWriteTest, DefaultFormatIsParquet) {
  Session spark = NewSession();
  std::string out = (dir_ / "out").string();
  spark.range(0, 10).write().save(out);
  EXPECT_EQ(spark.read().parquet(out).count(), 10);
}

TEST_F(ParquetWriteTest, UnknownCodecNamesTheOption) {
  Session spark = NewSession();
  try {
    spark.range(0, 10).write().option("compression", "lz5").parquet((dir_ / "out").string());
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("compression"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find("lz5"), std::string::npos) << error.what();
  }
}

TEST_F(ParquetWriteTest, WriterAbandonedBeforeCloseLeavesNoFile) {
  std::string path = (dir_ / "x.parquet").string();
  Schema schema({Field{"id", DataType(TypeId::kLong), true}});
  {
    ParquetWriter writer(path, schema, ParquetWriteOptions());
    auto column = ColumnVector::MakeFlat(DataType(TypeId::kLong), 3);
    for (int i = 0; i < 3; ++i) column->mutable_data<int64_t>()[i] = i;
    writer.Write(Batch({column}, 3));
    EXPECT_TRUE(fs::exists(path));
  }
  EXPECT_FALSE(fs::exists(path));
  {
    ParquetWriter writer(path, schema, ParquetWriteOptions());
    writer.Close();
  }
  auto reader = ParquetFileReader::Open(path);
  EXPECT_EQ(reader->num_rows(), 0);
}

TEST_F(ParquetWriteTest, NullInNonNullableColumnNamesColumnAndFileAndLeavesNoFile) {
  std::string path = (dir_ / "x.parquet").string();
  Schema schema({Field{"id", DataType(TypeId::kLong), false}});
  auto column = ColumnVector::MakeFlat(DataType(TypeId::kLong), 2);
  column->mutable_data<int64_t>()[0] = 1;
  column->SetNull(1);
  try {
    ParquetWriter writer(path, schema, ParquetWriteOptions());
    writer.Write(Batch({column}, 2));
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("`id`"), std::string::npos) << error.what();
    EXPECT_NE(std::string(error.what()).find(path), std::string::npos) << error.what();
  }
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(ParquetWriteTest, ATaskThatFailsHalfwayIsRetriedAndLeavesNoPartialFile) {
  Session spark = NewSession({{conf::kTestFailWriteAfterRows, "5"}});
  std::string out = (dir_ / "out").string();
  spark.range(0, 100, 1, 2).write().parquet(out);
  EXPECT_EQ(ParquetFiles(out).size(), 2u);
  DataFrame back = spark.read().parquet(out);
  EXPECT_EQ(back.count(), 100);
  EXPECT_EQ(back.agg(sum("id")).first().getLong(0), 4950);
}

TEST_F(ParquetWriteTest, AllNullColumnsRoundTrip) {
  Session spark = NewSession();
  DataFrame df = spark.createDataFrame(
      {Row::of(1L, nullptr, nullptr), Row::of(2L, nullptr, nullptr)}, "id bigint, s string, n int");
  std::string out = (dir_ / "out").string();
  df.coalesce(1).write().parquet(out);
  EXPECT_EQ(Strings(spark.read().parquet(out).orderBy("id").collect()),
            (std::vector<std::string>{"[1,null,null]", "[2,null,null]"}));
  auto files = ParquetFiles(out);
  ASSERT_EQ(files.size(), 1u);
  auto reader = ParquetFileReader::Open(files[0]);
  const auto& stats = reader->row_groups()[0].column_statistics;
  EXPECT_EQ(stats[1].null_count, 2);
  EXPECT_FALSE(stats[1].min.has_value());
  EXPECT_EQ(DuckDbRows("SELECT id, s, n FROM read_parquet('" + files[0] + "') ORDER BY id"),
            (std::vector<std::string>{"1|NULL|NULL", "2|NULL|NULL"}));
}

}  // namespace
}  // namespace ember

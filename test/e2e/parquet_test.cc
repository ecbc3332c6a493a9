// Reading Parquet files DuckDB wrote through spark.read().parquet(): splits by row-group
// midpoint, results against values computed from the generating SQL.

#include <gtest/gtest.h>

#include <cstdlib>
#include <mutex>

#include "ember/formats/parquet/parquet_reader.h"
#include "test_session.h"

namespace ember {
namespace {

using testing::NewSession;
using ParquetTest = testing::TempDirTest;

/// Runs SQL in DuckDB; fails the test if DuckDB fails.
void DuckDb(const std::string& sql) {
  std::string command = std::string("NODE_PATH='") + EMBER_DUCKDB_NODE_MODULES + "' '" +
                        EMBER_NODE_EXECUTABLE + "' '" + EMBER_DUCKDB_SCRIPT + "' \"" + sql + "\"";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST_F(ParquetTest, ManyRowGroupsAreEachReadOnce) {
  std::string file = (dir_ / "t.parquet").string();
  DuckDb(
      "COPY (SELECT range AS id, range % 7 AS k, 'name-' || range AS s, "
      "CASE WHEN range % 5 = 0 THEN NULL ELSE range * 0.5::DOUBLE END AS d "
      "FROM range(100000)) TO '" +
      file + "' (FORMAT PARQUET, ROW_GROUP_SIZE 5000)");
  // Small splits cut row groups anywhere; each row group must be read by exactly one split.
  Session spark =
      NewSession({{conf::kFilesMaxPartitionBytes, "64k"}, {conf::kFilesOpenCostInBytes, "0"}});
  DataFrame df = spark.read().parquet(file);
  EXPECT_EQ(df.schemaString(),
            "root\n"
            " |-- id: long (nullable = true)\n"
            " |-- k: long (nullable = true)\n"
            " |-- s: string (nullable = true)\n"
            " |-- d: double (nullable = true)\n");
  EXPECT_GT(df.numPartitions(), 3);
  auto totals = df.agg(count("*"), sum("id"), count("d"), sum("d")).first();
  EXPECT_EQ(totals.getLong(0), 100000);
  EXPECT_EQ(totals.getLong(1), 4999950000L);
  EXPECT_EQ(totals.getLong(2), 80000);
  // 0.5 * (sum of 0..99999 - 5 * sum of 0..19999) = 0.5 * (4999950000 - 999950000).
  EXPECT_DOUBLE_EQ(totals.getDouble(3), 2000000000.0);
  auto groups = df.groupBy("k").count().orderBy("k").collect();
  ASSERT_EQ(groups.size(), 7u);
  EXPECT_EQ(groups[0].getLong(1), 14286);
  EXPECT_EQ(df.filter(col("s") == "name-99999").count(), 1);
  // Only the columns a query uses are read from the file.
  std::string plan = df.agg(sum("id")).explainString();
  EXPECT_NE(plan.find("FileScan parquet [id#"), std::string::npos) << plan;
  EXPECT_EQ(plan.find(", s#"), std::string::npos) << plan;
}

/// Returns the rows tasks read from files while running `action`.
template <typename Fn>
int64_t RowsRead(const Session& spark, Fn action) {
  std::mutex mutex;
  int64_t rows = 0;
  int id = spark.state()->events().AddListener([&](const SchedulerEvent& event) {
    std::lock_guard<std::mutex> lock(mutex);
    if (event.type == "SparkListenerTaskEnd") rows += event.metrics.input_rows;
  });
  action();
  spark.state()->events().RemoveListener(id);
  return rows;
}

TEST_F(ParquetTest, RowGroupStatisticsSkipDataTheFilterRulesOut) {
  std::string file = (dir_ / "sorted.parquet").string();
  DuckDb("COPY (SELECT range AS id, range % 3 AS k FROM range(100000)) TO '" + file +
         "' (FORMAT PARQUET, ROW_GROUP_SIZE 10000)");
  Session spark = NewSession();
  DataFrame df = spark.read().parquet(file);
  EXPECT_EQ(RowsRead(spark, [&] { EXPECT_EQ(df.count(), 100000); }), 100000);
  int64_t read = RowsRead(spark, [&] { EXPECT_EQ(df.filter(col("id") >= 95000).count(), 5000); });
  // DuckDB aligns row groups to its vectors: 10240 rows each. Only the last can hold ids >= 95000.
  EXPECT_LE(read, 10240);
  read = RowsRead(spark, [&] { EXPECT_EQ(df.filter(Column(12345) == col("id")).count(), 1); });
  EXPECT_EQ(read, 10240);  // exactly the one row group whose bounds hold 12345
  EXPECT_EQ(RowsRead(spark, [&] { EXPECT_EQ(df.filter(col("id") < 0).count(), 0); }), 0);
  // A predicate on a column without usable bounds reads everything and still filters exactly.
  EXPECT_EQ(df.filter(col("k") == 1 && col("id") < 30).count(), 10);
  std::string plan = df.filter(col("id") > 10).explainString();
  EXPECT_NE(plan.find("PushedFilters: [id > 10]"), std::string::npos) << plan;

  // The footer's per-chunk facts, as `ember inspect` prints them.
  auto reader = ParquetFileReader::Open(file);
  ASSERT_EQ(reader->row_groups().size(), 10u);
  const auto& chunk = reader->row_groups()[0].column_chunks[0];
  EXPECT_EQ(chunk.codec, "SNAPPY");  // DuckDB's default
  EXPECT_FALSE(chunk.encodings.empty());
  EXPECT_EQ(chunk.num_values, reader->row_groups()[0].num_rows);
  EXPECT_GT(chunk.compressed_size, 0);
  EXPECT_GE(chunk.uncompressed_size, chunk.compressed_size / 2);
}

TEST_F(ParquetTest, DirectoryWithPartitionsAndMissingColumns) {
  DuckDb("COPY (SELECT range AS id, range % 3 AS year FROM range(30)) TO '" + dir_.string() +
         "/out' (FORMAT PARQUET, PARTITION_BY (year))");
  Session spark = NewSession();
  DataFrame df = spark.read().parquet((dir_ / "out").string());
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"id", "year"}));
  EXPECT_EQ(df.filter(col("year") == 1).count(), 10);
  // A user schema may name a column the files lack: it reads as null.
  DataFrame wider = spark.read().schema("id bigint, extra string").parquet((dir_ / "out").string());
  EXPECT_EQ(wider.filter(col("extra").isNull()).count(), 30);
}

TEST_F(ParquetTest, CorruptFilesFailOrAreSkipped) {
  std::string good = (dir_ / "good.parquet").string();
  DuckDb("COPY (SELECT range AS id FROM range(10)) TO '" + good + "' (FORMAT PARQUET)");
  Write("bad.parquet", "PAR1 this is not a parquet file PAR1");
  Session spark = NewSession();
  try {
    spark.read().parquet(dir_.string());  // the schema comes from the first file: the bad one
    FAIL() << "inferring the schema from a corrupt file must fail";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("bad.parquet"), std::string::npos) << error.what();
  }
  DataFrame df = spark.read().schema("id bigint").parquet(dir_.string());
  try {
    df.count();
    FAIL() << "a corrupt file must fail the job";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(error.what()).find("bad.parquet"), std::string::npos) << error.what();
  }
  spark.setConf(conf::kIgnoreCorruptFiles, "true");
  EXPECT_EQ(df.count(), 10);
}

}  // namespace
}  // namespace ember

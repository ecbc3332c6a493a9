// Writing files: round trips, save modes, partitionBy, and the commit protocol (a failed write
// leaves the destination as it was, with no _SUCCESS).

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "test_session.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using testing::NewSession;

class WriteTest : public testing::TempDirTest {
 protected:
  /// Returns every file under `root` (relative paths), to compare destinations before and after.
  static std::set<std::string> Files(const fs::path& root) {
    std::set<std::string> out;
    if (!fs::exists(root)) return out;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (entry.is_regular_file()) out.insert(fs::relative(entry.path(), root).string());
    }
    return out;
  }

  /// Returns the text of the part files under `root`, in file name order.
  static std::string PartText(const fs::path& root) {
    std::string text;
    for (const auto& file : Files(root)) {
      if (file.rfind("part-", 0) != 0) continue;
      std::ifstream in(root / file, std::ios::binary);
      text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return text;
  }

  /// Returns two rows of dates and timestamps (with and without a fraction of second).
  static DataFrame Temporal(const Session& spark) {
    return spark
        .createDataFrame({Row::of(1L, "2024-01-02", "2024-01-02 03:04:05.123456"),
                          Row::of(2L, "1999-12-31", "1999-12-31 23:59:59")},
                         "id bigint, d string, ts string")
        .select(col("id"), col("d").cast("date").as("d"), col("ts").cast("timestamp").as("ts"));
  }

  static DataFrame Sample(const Session& spark) {
    return spark.createDataFrame(
        {Row::of(1L, "ann", 10.5, "FR"), Row::of(2L, "b,ob \"q\"", nullptr, "DE"),
         Row::of(3L, "", 7.0, "FR"), Row::of(4L, nullptr, 1e7, nullptr)},
        "id bigint, name string, score double, country string");
  }
};

TEST_F(WriteTest, CsvRoundTripKeepsValues) {
  Session spark = NewSession();
  DataFrame df = Sample(spark).repartition(3);
  df.write().option("header", true).csv((dir_ / "out").string());
  EXPECT_TRUE(fs::exists(dir_ / "out" / "_SUCCESS"));
  EXPECT_FALSE(fs::exists(dir_ / "out" / "_temporary"));
  int parts = 0;
  for (const auto& file : Files(dir_ / "out")) parts += file.rfind("part-", 0) == 0;
  EXPECT_EQ(parts, 3);  // one file per task
  DataFrame back = spark.read()
                       .option("header", true)
                       .schema("id bigint, name string, score double, country string")
                       .csv((dir_ / "out").string());
  auto rows = back.orderBy("id").collect();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].toString(), "[1,ann,10.5,FR]");
  EXPECT_EQ(rows[1].toString(), "[2,b,ob \"q\",null,DE]");
  EXPECT_EQ(rows[2].getString(1), "");  // empty string stays empty, not null
  EXPECT_TRUE(rows[3].isNullAt(1));
  EXPECT_DOUBLE_EQ(rows[3].getDouble(2), 1e7);
}

TEST_F(WriteTest, CsvWritesDatesAndTimestampsWithTheirFormats) {
  Session spark = NewSession();
  DataFrame df = Temporal(spark).coalesce(1);
  // Spark's defaults: yyyy-MM-dd and yyyy-MM-dd'T'HH:mm:ss[.SSS][XXX] in the session time zone.
  df.write().csv((dir_ / "default").string());
  EXPECT_EQ(PartText(dir_ / "default"),
            "1,2024-01-02,2024-01-02T03:04:05.123Z\n"
            "2,1999-12-31,1999-12-31T23:59:59.000Z\n");
  std::string out = (dir_ / "custom").string();
  df.write()
      .option("dateFormat", "yyyy,MM,dd")
      .option("timestampFormat", "EEE dd/MM/yyyy hh:mm:ss.SSSSSS a")
      .csv(out);
  // A formatted value holding the separator is quoted like any other field.
  EXPECT_EQ(PartText(out),
            "1,\"2024,01,02\",Tue 02/01/2024 03:04:05.123456 AM\n"
            "2,\"1999,12,31\",Fri 31/12/1999 11:59:59.000000 PM\n");
  DataFrame back = spark.read()
                       .schema("id bigint, d date, ts timestamp")
                       .option("dateFormat", "yyyy,MM,dd")
                       .option("timestampFormat", "'Tue' dd/MM/yyyy hh:mm:ss.SSSSSS a")
                       .csv(out);
  EXPECT_EQ(Strings(back.orderBy("id").collect()),
            (std::vector<std::string>{"[1,2024-01-02,2024-01-02 03:04:05.123456]",
                                      "[2,1999-12-31,null]"}));  // Fri does not match 'Tue'
  // A bad pattern fails before anything is written, naming the option and the pattern.
  try {
    df.write().option("dateFormat", "yyyy-MM-dd HH").csv((dir_ / "bad").string());
    FAIL();
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("'yyyy-MM-dd HH' in option `dateFormat`"), std::string::npos) << message;
  }
  EXPECT_FALSE(fs::exists(dir_ / "bad"));
}

TEST_F(WriteTest, SaveModes) {
  Session spark = NewSession();
  std::string out = (dir_ / "out").string();
  DataFrame df = Sample(spark);
  df.write().csv(out);
  try {
    df.write().csv(out);
    FAIL() << "the default mode must refuse an existing path";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "PATH_ALREADY_EXISTS");
  }
  auto schema = "id bigint, name string, score double, country string";
  df.write().mode("append").csv(out);
  EXPECT_EQ(spark.read().schema(schema).csv(out).count(), 8);
  df.limit(1).write().mode("overwrite").csv(out);
  EXPECT_EQ(spark.read().schema(schema).csv(out).count(), 1);
  df.write().mode("ignore").csv(out);
  EXPECT_EQ(spark.read().schema(schema).csv(out).count(), 1);
  try {
    df.write().mode("sometimes");
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "INVALID_SAVE_MODE");
  }
}

TEST_F(WriteTest, OverwritingThePathBeingReadIsRefused) {
  Session spark = NewSession();
  std::string out = (dir_ / "out").string();
  spark.range(0, 10, 1, 1).write().csv(out);
  DataFrame same = spark.read().schema("id bigint").csv(out);
  try {
    same.filter(col("id") > 5).write().mode("overwrite").csv(out);
    FAIL() << "overwriting the input must be refused";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "UNSUPPORTED_OVERWRITE.PATH");
  }
  EXPECT_EQ(spark.read().schema("id bigint").csv(out).count(), 10);  // the input is intact
}

TEST_F(WriteTest, PartitionByWritesKeyValueDirectoriesAndReadsBack) {
  Session spark = NewSession();
  std::string out = (dir_ / "out").string();
  Sample(spark).write().partitionBy({"country"}).csv(out);
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "country=FR"));
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "country=__HIVE_DEFAULT_PARTITION__"));
  DataFrame back = spark.read().schema("id bigint, name string, score double").csv(out);
  EXPECT_EQ(back.columns(), (std::vector<std::string>{"id", "name", "score", "country"}));
  auto rows = back.filter(col("country") == "FR").orderBy("id").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].getLong(0), 1);
  EXPECT_EQ(back.filter(col("country").isNull()).count(), 1);
}

TEST_F(WriteTest, PartitionedWriteOfEmptyTasksWritesNoFileOutsideThePartitions) {
  // Most tasks hold no rows: they must not leave files at the root, which would not sit under
  // the key=value directories and would make the output unreadable.
  Session spark = NewSession();
  std::string out = (dir_ / "out").string();
  spark.range(0, 100, 1, 4)
      .filter(col("id") < 10)
      .withColumn("k", col("id") % 2)
      .write()
      .partitionBy({"k"})
      .parquet(out);
  for (const auto& file : Files(dir_ / "out")) {
    EXPECT_TRUE(file == "_SUCCESS" || file.rfind("k=", 0) == 0) << file;
  }
  DataFrame back = spark.read().parquet(out);
  EXPECT_EQ(back.count(), 10);
  EXPECT_EQ(back.filter(col("k") == 1).count(), 5);
}

TEST_F(WriteTest, PartitionValuesAreEscapedInDirectoryNames) {
  // Spark escapes the characters a path cannot hold ('/') or that parsing would misread ('=',
  // '%', ':'), and writes an empty string like null; reading decodes the escapes.
  Session spark = NewSession();
  std::string out = (dir_ / "out").string();
  spark
      .createDataFrame(
          {Row::of(1L, "x/y=z%"), Row::of(2L, "a:b c"), Row::of(3L, ""), Row::of(4L, "é")},
          "id bigint, tag string")
      .write()
      .partitionBy({"tag"})
      .csv(out);
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "tag=x%2Fy%3Dz%25"));
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "tag=a%3Ab c"));
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "tag=__HIVE_DEFAULT_PARTITION__"));
  EXPECT_TRUE(fs::is_directory(dir_ / "out" / "tag=é"));
  auto rows = spark.read().schema("id bigint").csv(out).orderBy("id").collect();
  std::vector<std::string> strings;
  for (const auto& row : rows) strings.push_back(row.toString());
  EXPECT_EQ(strings, (std::vector<std::string>{"[1,x/y=z%]", "[2,a:b c]", "[3,null]", "[4,é]"}));
}

TEST_F(WriteTest, ATaskThatFailsHalfwayIsRetriedAndItsPartialOutputDiscarded) {
  Session spark = NewSession({{conf::kTestFailWriteAfterRows, "5"}});
  std::string out = (dir_ / "out").string();
  spark.range(0, 100, 1, 2).write().csv(out);
  DataFrame back = spark.read().schema("id bigint").csv(out);
  EXPECT_EQ(back.count(), 100);  // the failed attempts' five rows are not there twice
  EXPECT_EQ(back.agg(sum("id")).first().getLong(0), 4950);
}

TEST_F(WriteTest, AFailedJobLeavesTheDestinationUnchanged) {
  std::string out = (dir_ / "out").string();
  {
    Session spark = NewSession();
    spark.range(0, 10, 1, 1).write().csv(out);
  }
  auto before = Files(dir_ / "out");
  Session spark = NewSession({{conf::kTestFailWriteAfterRows, "5"}, {conf::kTaskMaxFailures, "1"}});
  for (const char* mode : {"overwrite", "append"}) {
    try {
      spark.range(0, 100, 1, 4).write().mode(mode).csv(out);
      FAIL() << "the write should fail";
    } catch (const Error& error) {
      EXPECT_EQ(error.error_class(), "TASK_FAILURE_INJECTED");
    }
    EXPECT_EQ(Files(dir_ / "out"), before) << mode;
  }
  // A failed write to a new path leaves nothing, in particular no _SUCCESS.
  EXPECT_THROW(spark.range(0, 100, 1, 2).write().csv((dir_ / "new").string()), Error);
  EXPECT_FALSE(fs::exists(dir_ / "new"));
}

}  // namespace
}  // namespace ember

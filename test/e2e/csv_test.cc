// Reading CSV: options, schema inference, the three parse modes, split alignment and errors.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "test_session.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using testing::NewSession;

using CsvTest = testing::TempDirTest;

TEST_F(CsvTest, HeaderInferSchemaQuotesAndNulls) {
  Session spark = NewSession();
  Write("people.csv",
        "id,name,score,joined,active,big\n"
        "1,\"Smith, Ann\",10.5,2024-01-02,true,3000000000\n"
        "2,\"say \\\"hi\\\"\",,2024-02-29,false,1\n"
        "3,,7,,TRUE,2\n");
  DataFrame df = spark.read().option("header", true).option("inferSchema", true).csv(dir_.string());
  EXPECT_EQ(df.schemaString(),
            "root\n"
            " |-- id: integer (nullable = true)\n"
            " |-- name: string (nullable = true)\n"
            " |-- score: double (nullable = true)\n"
            " |-- joined: date (nullable = true)\n"
            " |-- active: boolean (nullable = true)\n"
            " |-- big: long (nullable = true)\n");
  EXPECT_EQ(Strings(df.orderBy("id").collect()),
            (std::vector<std::string>{"[1,Smith, Ann,10.5,2024-01-02,true,3000000000]",
                                      "[2,say \"hi\",null,2024-02-29,false,1]",
                                      "[3,null,7.0,null,true,2]"}));
}

TEST_F(CsvTest, IntegersWiderThanBigintInferAsDecimals) {
  Session spark = NewSession();
  Write("a.csv",
        "small,wide,mixed,huge\n"
        "1,123456789012345678901234,7,1" +
            std::string(40, '0') +
            "\n"
            "2,-99999999999999999999,12345678901,2\n");
  DataFrame df = spark.read().option("header", true).option("inferSchema", true).csv(dir_.string());
  // As Spark's tryParseDecimal: decimal(digits, 0); a bigint column joined by a wide value
  // widens to at least decimal(20,0); past 38 digits only double can hold it.
  auto types = df.dtypes();
  ASSERT_EQ(types.size(), 4u);
  EXPECT_EQ(types[0].second, "int");
  EXPECT_EQ(types[1].second, "decimal(24,0)");
  EXPECT_EQ(types[2].second, "bigint");
  EXPECT_EQ(types[3].second, "double");
  auto rows = df.orderBy("small").collect();
  EXPECT_EQ(rows[0].get(1).ToString(), "123456789012345678901234");
  EXPECT_EQ(rows[1].get(1).ToString(), "-99999999999999999999");
}

TEST_F(CsvTest, DateAndTimestampFormatsParseAUserSchemaInEveryMode) {
  Session spark = NewSession();
  Write("a.csv",
        "1,02/01/2024,02/01/2024 03:04:05.5\n"
        "2,31/12/1999,31/12/1999 23:59:59\n"
        "3,2024-01-02,2024-01-02 03:04:05\n"
        "4,30/02/2024,02/01/2024 03:04:05\n");
  auto read = [&](const std::string& mode) {
    return spark.read()
        .schema("id int, d date, ts timestamp, _corrupt_record string")
        .option("dateFormat", "dd/MM/yyyy")
        .option("timestampFormat", "dd/MM/yyyy HH:mm:ss[.SSS]")
        .option("mode", mode)
        .csv(dir_.string());
  };
  // With a pattern set, values must match it (no fallback to the cast rules), as in Spark.
  EXPECT_EQ(
      Strings(read("PERMISSIVE").orderBy("id").collect()),
      (std::vector<std::string>{"[1,2024-01-02,2024-01-02 03:04:05.5,null]",
                                "[2,1999-12-31,1999-12-31 23:59:59,null]",
                                "[3,null,null,3,2024-01-02,2024-01-02 03:04:05]",
                                "[4,null,2024-01-02 03:04:05,4,30/02/2024,02/01/2024 03:04:05]"}));
  EXPECT_EQ(Strings(read("DROPMALFORMED").select("id").orderBy("id").collect()),
            (std::vector<std::string>{"[1]", "[2]"}));
  try {
    read("FAILFAST").collect();
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
    EXPECT_NE(std::string(error.what()).find("cannot parse '2024-01-02' as date for column `d`"),
              std::string::npos)
        << error.what();
  }
  // enableDateTimeParsingFallback retries a value that does not match with the cast rules.
  DataFrame fallback = spark.read()
                           .schema("id int, d date, ts timestamp")
                           .option("dateFormat", "dd/MM/yyyy")
                           .option("timestampFormat", "dd/MM/yyyy HH:mm:ss")
                           .option("enableDateTimeParsingFallback", true)
                           .csv(dir_.string());
  EXPECT_EQ(fallback.filter(col("id") == 3).collect()[0].toString(),
            "[3,2024-01-02,2024-01-02 03:04:05]");
  // Without the options, dates and timestamps are read by the rules of a cast.
  DataFrame plain = spark.read().schema("id int, d date, ts timestamp").csv(dir_.string());
  EXPECT_EQ(plain.filter(col("id") == 3).collect()[0].toString(),
            "[3,2024-01-02,2024-01-02 03:04:05]");
  EXPECT_TRUE(plain.filter(col("id") == 1).collect()[0].isNullAt(1));
}

TEST_F(CsvTest, InferSchemaTypesValuesMatchingTheFormats) {
  Session spark = NewSession();
  Write("a.csv",
        "day,at,zoned,iso\n"
        "02/01/2024,02/01/2024 03:04,2024-01-02T03:04:05Z,2024-01-02\n"
        "31/12/1999,31/12/1999 23:59,hello,1999-12-31\n");
  DataFrame df = spark.read()
                     .option("header", true)
                     .option("inferSchema", true)
                     .option("dateFormat", "dd/MM/yyyy")
                     .option("timestampFormat", "dd/MM/yyyy HH:mm")
                     .csv(dir_.string());
  // A zoned value is a timestamp only if it matches timestampFormat; with a custom dateFormat,
  // ISO dates are no longer dates (Spark then tries them as timestamps without a zone).
  EXPECT_EQ(df.schemaString(),
            "root\n"
            " |-- day: date (nullable = true)\n"
            " |-- at: timestamp (nullable = true)\n"
            " |-- zoned: string (nullable = true)\n"
            " |-- iso: timestamp (nullable = true)\n");
  EXPECT_EQ(Strings(df.select("day", "at").orderBy("day").collect()),
            (std::vector<std::string>{"[1999-12-31,1999-12-31 23:59:00]",
                                      "[2024-01-02,2024-01-02 03:04:00]"}));
  // By default, yyyy-MM-dd values are dates and cast-readable ones timestamps; preferDate=false
  // makes dates timestamps.
  Write("b/b.csv", "d,t\n2024-01-02,2024-01-02 03:04:05\n2024-02-29,2024-01-02T03:04:05Z\n");
  auto types = [&](bool prefer_date) {
    return spark.read()
        .option("header", true)
        .option("inferSchema", true)
        .option("preferDate", prefer_date)
        .csv((dir_ / "b").string())
        .dtypes();
  };
  EXPECT_EQ(types(true),
            (std::vector<std::pair<std::string, std::string>>{{"d", "date"}, {"t", "timestamp"}}));
  EXPECT_EQ(types(false), (std::vector<std::pair<std::string, std::string>>{{"d", "timestamp"},
                                                                            {"t", "timestamp"}}));
}

TEST_F(CsvTest, InvalidDatetimePatternsNameTheOptionAndThePattern) {
  Session spark = NewSession();
  Write("a.csv", "2024-01-02\n");
  for (const auto& [option, pattern] : std::vector<std::pair<std::string, std::string>>{
           {"dateFormat", "yyyy-MM-dd u"}, {"timestampFormat", "yyyy-MM-dd HH:mm 'at"}}) {
    try {
      spark.read().schema("d date").option(option, pattern).csv(dir_.string());
      FAIL() << option;
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
      std::string message = error.what();
      EXPECT_NE(message.find("option `" + option + "`"), std::string::npos) << message;
      EXPECT_NE(message.find("'" + pattern + "'"), std::string::npos) << message;
    }
  }
}

TEST_F(CsvTest, WithoutHeaderOrInferenceColumnsAreStrings) {
  Session spark = NewSession();
  Write("a.csv", "1;x\n2;y\n");
  DataFrame df = spark.read().option("sep", ";").csv(dir_.string());
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"_c0", "_c1"}));
  EXPECT_EQ(df.dtypes()[0].second, "string");
  EXPECT_EQ(df.count(), 2);
}

TEST_F(CsvTest, UserSchemaAndNullValueAndComments) {
  Session spark = NewSession();
  Write("a.csv", "# a comment\n1,NA,2.5\n2,b,NA\n");
  DataFrame df = spark.read()
                     .schema("id int, name string, price decimal(5,2)")
                     .option("nullValue", "NA")
                     .option("comment", "#")
                     .csv(dir_.string());
  EXPECT_EQ(Strings(df.orderBy("id").collect()),
            (std::vector<std::string>{"[1,null,2.50]", "[2,b,null]"}));
}

TEST_F(CsvTest, ParseModesOnRaggedAndBadRows) {
  Session spark = NewSession();
  Write("a.csv", "1,10\n2,oops\n3\n4,40,extra\n5,50\n");
  const std::string schema = "id int, value int";
  DataFrame permissive = spark.read().schema(schema).csv(dir_.string());
  EXPECT_EQ(Strings(permissive.orderBy("id").collect()),
            (std::vector<std::string>{"[1,10]", "[2,null]", "[3,null]", "[4,40]", "[5,50]"}));
  DataFrame dropped =
      spark.read().schema(schema).option("mode", "DROPMALFORMED").csv(dir_.string());
  EXPECT_EQ(Strings(dropped.orderBy("id").collect()),
            (std::vector<std::string>{"[1,10]", "[5,50]"}));
  DataFrame corrupt =
      spark.read().schema("id int, value int, _corrupt_record string").csv(dir_.string());
  auto rows = corrupt.orderBy("id").collect();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_TRUE(rows[0].isNullAt(2));
  EXPECT_EQ(rows[1].getString(2), "2,oops");
  EXPECT_EQ(rows[3].getString(2), "4,40,extra");
  try {
    spark.read().schema(schema).option("mode", "FAILFAST").csv(dir_.string()).collect();
    FAIL() << "FAILFAST should fail";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
    std::string message = error.what();
    EXPECT_NE(message.find((dir_ / "a.csv").string()), std::string::npos) << message;
    EXPECT_NE(message.find("byte offset 5"), std::string::npos) << message;  // "2,oops" starts at 5
    EXPECT_NE(message.find("'oops'"), std::string::npos) << message;
  }
}

TEST_F(CsvTest, InvalidUtf8IsReplacedOrReported) {
  Session spark = NewSession();
  Write("a.csv", std::string("1,ok\n2,bad\xFF\xFEtext\n"));
  auto rows = spark.read().schema("id int, s string").csv(dir_.string()).orderBy("id").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].getString(1), "bad\xEF\xBF\xBD\xEF\xBF\xBDtext");
  try {
    spark.read().schema("id int, s string").option("mode", "FAILFAST").csv(dir_.string()).collect();
    FAIL() << "invalid UTF-8 should fail in FAILFAST";
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("invalid UTF-8 at byte offset 10"), std::string::npos)
        << error.what();
  }
}

TEST_F(CsvTest, MultiLineRecords) {
  Session spark = NewSession();
  Write("a.csv", "id,text\n1,\"line one\nline two\"\n2,plain\n");
  DataFrame df = spark.read()
                     .option("header", true)
                     .option("multiLine", true)
                     .schema("id int, text string")
                     .csv(dir_.string());
  auto rows = df.orderBy("id").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].getString(1), "line one\nline two");
}

TEST_F(CsvTest, PartitionDirectoriesAreUnescaped) {
  // Other writers escape more than Spark does: DuckDB writes 'a b' as a%20b and 'é' as %C3%A9.
  Session spark = NewSession();
  Write("t/tag=a%20b/1.csv", "1\n");
  Write("t/tag=%C3%A9/2.csv", "2\n");
  Write("t/tag=x%2Fy%3Dz%25/3.csv", "3\n");
  Write("t/tag=50%/4.csv", "4\n");  // not an escape: kept
  Write("t/tag=%zz%4/5.csv", "5\n");
  Write("t/t%61g=__HIVE_DEFAULT_PARTITION__/6.csv", "6\n");
  DataFrame df = spark.read().schema("id int").csv((dir_ / "t").string());
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"id", "tag"}));
  EXPECT_EQ(Strings(df.orderBy("id").collect()),
            (std::vector<std::string>{"[1,a b]", "[2,é]", "[3,x/y=z%]", "[4,50%]", "[5,%zz%4]",
                                      "[6,null]"}));
}

TEST_F(CsvTest, SplitsNeverLoseOrDuplicateLines) {
  // Many small splits cut lines at arbitrary byte offsets; every line must be read exactly once.
  Session spark =
      NewSession({{conf::kFilesMaxPartitionBytes, "97"}, {conf::kFilesOpenCostInBytes, "0"}});
  std::string content = "id,label\n";
  int64_t expected_sum = 0;
  for (int i = 0; i < 500; ++i) {
    content += std::to_string(i) + ",row" + std::string(i % 7, 'x') + "\r\n";
    expected_sum += i;
  }
  Write("big.csv", content);
  Write("small.csv", "id,label\n1000,last\n");
  DataFrame df =
      spark.read().option("header", true).schema("id bigint, label string").csv(dir_.string());
  EXPECT_GT(df.numPartitions(), 50);
  auto rows = df.agg(count("*"), sum("id")).collect();
  EXPECT_EQ(rows[0].getLong(0), 501);
  EXPECT_EQ(rows[0].getLong(1), expected_sum + 1000);
  EXPECT_EQ(df.filter(col("label").startsWith("row")).count(), 500);
}

TEST_F(CsvTest, PartitionColumnsAndGlobs) {
  Session spark = NewSession();
  Write("country=FR/part-0.csv", "1,10\n2,20\n");
  Write("country=DE/part-0.csv", "3,30\n");
  DataFrame df = spark.read().schema("id int, amount int").csv(dir_.string());
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"id", "amount", "country"}));
  auto rows = df.groupBy("country").agg(sum("amount").alias("total")).orderBy("country").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].toString(), "[DE,30]");
  EXPECT_EQ(rows[1].toString(), "[FR,30]");
  EXPECT_EQ(spark.read()
                .schema("id int, amount int")
                .csv((dir_ / "country=FR" / "*.csv").string())
                .count(),
            2);
}

TEST_F(CsvTest, FiltersOnPartitionColumnsPruneFilesBeforeOpeningThem) {
  // Four slots so that each tiny file is its own partition (the sizes are all open cost).
  Session spark = NewSession({{conf::kDefaultParallelism, "4"}});
  Write("year=2023/month=12/p.csv", "1\n");
  Write("year=2024/month=01/p.csv", "2\n");
  Write("year=2024/month=02/p.csv", "3\n");
  DataFrame df = spark.read().schema("id int").csv(dir_.string());
  EXPECT_EQ(df.numPartitions(), 3);
  DataFrame pruned = df.filter(col("year") == 2024 && col("month") > 1 && col("id") > 0);
  EXPECT_EQ(pruned.numPartitions(), 1);
  EXPECT_NE(pruned.explainString().find("1 files"), std::string::npos) << pruned.explainString();
  // A pruned-away file is never opened: make it unreadable garbage for FAILFAST.
  Write("year=2023/month=12/p.csv", "not,an,int\n");
  DataFrame strict = spark.read().schema("id int").option("mode", "FAILFAST").csv(dir_.string());
  auto rows = strict.filter(col("year") == 2024).orderBy("id").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].toString(), "[2,2024,1]");
}

TEST_F(CsvTest, FilesDeletedAfterListingFailOrAreSkipped) {
  Session spark = NewSession();
  Write("a.csv", "1\n2\n");
  std::string doomed = Write("b.csv", "3\n");
  DataFrame df = spark.read().schema("id int").csv(dir_.string());
  fs::remove(doomed);
  try {
    df.count();
    FAIL() << "reading a deleted file should fail";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kIo);
    EXPECT_NE(std::string(error.what()).find("b.csv"), std::string::npos) << error.what();
  }
  spark.setConf(conf::kIgnoreMissingFiles, "true");
  EXPECT_EQ(df.count(), 2);
}

TEST_F(CsvTest, BadOptionsAndPathsFailClearly) {
  Session spark = NewSession();
  Write("a.csv", "1\n");
  try {
    spark.read().option("mode", "SOMETIMES").csv(dir_.string());
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("`mode`"), std::string::npos);
  }
  try {
    spark.read().csv((dir_ / "nope").string());
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "PATH_NOT_FOUND");
  }
  try {
    spark.read().option("sep", ";;").csv(dir_.string());
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("`sep`"), std::string::npos);
  }
}

}  // namespace
}  // namespace ember

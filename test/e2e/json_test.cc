// Reading and writing JSON lines: inference (field union sorted by name, widening), nested values
// as text, the parse modes, multiLine documents and a write/read round trip.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_session.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
using testing::NewSession;

using JsonTest = testing::TempDirTest;

TEST_F(JsonTest, InfersTheUnionOfFieldsSortedByName) {
  Session spark = NewSession();
  Write("a.json",
        "{\"name\":\"ann\",\"id\":1,\"score\":1}\n"
        "{\"id\":2,\"score\":2.5,\"tags\":[\"x\",\"y\"],\"ok\":true}\n"
        "\n"
        "{\"id\":3,\"name\":null,\"extra\":{\"k\":1}}\n");
  DataFrame df = spark.read().json(dir_.string());
  EXPECT_EQ(df.schemaString(),
            "root\n"
            " |-- extra: string (nullable = true)\n"
            " |-- id: long (nullable = true)\n"
            " |-- name: string (nullable = true)\n"
            " |-- ok: boolean (nullable = true)\n"
            " |-- score: double (nullable = true)\n"
            " |-- tags: string (nullable = true)\n");
  EXPECT_EQ(Strings(df.orderBy("id").collect()),
            (std::vector<std::string>{"[null,1,ann,null,1.0,null]",
                                      "[null,2,null,true,2.5,[\"x\",\"y\"]]",
                                      "[{\"k\":1},3,null,null,null,null]"}));
}

TEST_F(JsonTest, ModesAndCorruptRecords) {
  Session spark = NewSession();
  Write("a.json", "{\"id\":1,\"v\":10}\n{\"id\":2,\"v\":\"ten\"}\n{broken\n{\"id\":4}\n");
  DataFrame inferred = spark.read().json(dir_.string());
  EXPECT_EQ(inferred.columns(), (std::vector<std::string>{"_corrupt_record", "id", "v"}));
  EXPECT_EQ(inferred.filter(col("_corrupt_record").isNotNull()).count(), 1);
  DataFrame typed =
      spark.read().schema("id bigint, v bigint, _corrupt_record string").json(dir_.string());
  auto rows = typed.orderBy("id").collect();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_TRUE(rows[0].isNullAt(0));  // the broken line: all null but the raw text
  EXPECT_EQ(rows[0].getString(2), "{broken");
  EXPECT_EQ(rows[2].toString(), "[2,null,{\"id\":2,\"v\":\"ten\"}]");
  DataFrame dropped = spark.read()
                          .schema("id bigint, v bigint")
                          .option("mode", "DROPMALFORMED")
                          .json(dir_.string());
  EXPECT_EQ(dropped.select("id", "v").collect().size(), 2u);
  // With column pruning (as in Spark) count() converts no field: only the unparseable line drops.
  EXPECT_EQ(dropped.count(), 3);
  try {
    spark.read()
        .schema("id bigint, v bigint")
        .option("mode", "FAILFAST")
        .json(dir_.string())
        .collect();
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION");
    EXPECT_NE(std::string(error.what()).find("byte offset 16"), std::string::npos) << error.what();
  }
}

TEST_F(JsonTest, MultiLineDocumentOfAnArray) {
  Session spark = NewSession();
  Write("a.json", "[\n  {\"id\": 1, \"s\": \"a\\nb\"},\n  {\"id\": 2}\n]\n");
  DataFrame df = spark.read().option("multiLine", true).json(dir_.string());
  auto rows = df.orderBy("id").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].getString("s"), "a\nb");
}

TEST_F(JsonTest, DecimalsKeepEveryDigitOfTheNumber) {
  // A double holds about 16 digits; Spark reads a decimal column from the number's text.
  Session spark = NewSession();
  Write("a.json",
        "{\"id\":1,\"d\":123456789012345678.0123456789}\n"
        "{\"id\":2,\"d\":-9999999999999999999999999999.9999999999,\"d\":1}\n"
        "{\"id\":3,\"d\":-1.2345678901234567891E+3}\n"
        "{\"id\":4,\"d\":1.5E-10 }\n"
        "{\"id\":5,\"d\":1.00000000005}\n");
  auto rows =
      spark.read().schema("id int, d decimal(38,10)").json(dir_.string()).orderBy("id").collect();
  EXPECT_EQ(Strings(rows), (std::vector<std::string>{"[1,123456789012345678.0123456789]",
                                                     "[2,1.0000000000]",  // the last duplicate wins
                                                     "[3,-1234.5678901235]",
                                                     "[4,0.0000000002]",  // rounded HALF_UP
                                                     "[5,1.0000000001]"}));
  Write("b.json",
        "[{\"id\":6,\"d\":0.1},{\"id\":7,\"x\":[1.5],\"d\":99999999999999999.9999999999}]");
  auto array = spark.read()
                   .option("multiLine", true)
                   .schema("id int, d decimal(38,10)")
                   .json((dir_ / "b.json").string())
                   .orderBy("id")
                   .collect();
  EXPECT_EQ(Strings(array),
            (std::vector<std::string>{"[6,0.1000000000]", "[7,99999999999999999.9999999999]"}));
}

TEST_F(JsonTest, NonNumericNumbersAndBigIntegersInferAsSparkDoes) {
  Session spark = NewSession();
  Write("a.json",
        "{\"id\":1,\"d\":NaN,\"f\":Infinity,\"big\":18446744073709551616,"
        "\"huge\":1234567890123456789012345678901234567890,\"s\":\"NaN\"}\n"
        "{\"id\":2,\"d\":-Infinity,\"f\":+INF,\"big\":-9223372036854775809,\"huge\":1,"
        "\"s\":\"Infinity\"}\n"
        "{\"id\":3,\"d\":1.5,\"f\":-INF,\"big\":7,\"huge\":2,\"s\":\"x\",\"e\":1e400}\n");
  DataFrame df = spark.read().json(dir_.string());
  // Jackson's BIG_INTEGER is decimal(digits, 0) (a bigint next to it counts as decimal(20,0)),
  // or double beyond 38 digits; NaN and the infinities are doubles; quoted, they stay strings.
  EXPECT_EQ(df.schemaString(),
            "root\n"
            " |-- big: decimal(20,0) (nullable = true)\n"
            " |-- d: double (nullable = true)\n"
            " |-- e: double (nullable = true)\n"
            " |-- f: double (nullable = true)\n"
            " |-- huge: double (nullable = true)\n"
            " |-- id: long (nullable = true)\n"
            " |-- s: string (nullable = true)\n");
  EXPECT_EQ(Strings(df.orderBy("id").collect()),
            (std::vector<std::string>{
                "[18446744073709551616,NaN,null,Infinity,1.2345678901234568E39,1,NaN]",
                "[-9223372036854775809,-Infinity,null,Infinity,1.0,2,Infinity]",
                "[7,1.5,Infinity,-Infinity,2.0,3,x]"}));
  // Without allowNonNumericNumbers the tokens are malformed, as in Spark.
  DataFrame strict = spark.read().option("allowNonNumericNumbers", false).json(dir_.string());
  EXPECT_EQ(strict.columns().front(), "_corrupt_record");
  EXPECT_EQ(strict.filter(col("_corrupt_record").isNotNull()).count(), 3);
}

TEST_F(JsonTest, NonNumericNumbersAndBigIntegersWithAUserSchemaInEveryMode) {
  Session spark = NewSession();
  std::string lines =
      "{\"id\":1,\"d\":NaN,\"f\":-INF,\"big\":123456789012345678901234,\"s\":\"-Infinity\"}\n"
      "{\"id\":2,\"d\":+Infinity,\"f\":1e40,\"big\":-1,\"s\":\"+INF\"}\n"
      "{\"id\":3,\"d\":-Infinity,\"f\":2.5,\"big\":5,\"s\":\"inf\"}\n"
      "{\"id\":4,\"d\":18446744073709551616,\"f\":NaN,\"big\":NaN,\"s\":\"NaN\"}\n";
  Write("lines/a.json", lines);
  std::string array = "[" + lines + "]";
  for (size_t at = array.find("}\n{"); at != std::string::npos; at = array.find("}\n{", at)) {
    array.replace(at, 2, "},");
  }
  Write("multi/a.json", array);
  const std::string schema = "id int, d double, f float, big decimal(25,0), s double";
  auto read = [&](const std::string& dir, const std::string& mode, bool allow = true) {
    return spark.read()
        .schema(schema + ", _corrupt_record string")
        .option("mode", mode)
        .option("allowNonNumericNumbers", allow)
        .option("multiLine", dir == "multi")
        .json((dir_ / dir).string());
  };
  // Quoted "NaN" and the infinities read as doubles too; "inf" does not; NaN is no decimal.
  auto expect_rows = [&](DataFrame df) {
    auto rows = df.select("id", "d", "f", "big", "s").orderBy("id").collect();
    EXPECT_EQ(Strings(rows), (std::vector<std::string>{
                                 "[1,NaN,-Infinity,123456789012345678901234,-Infinity]",
                                 "[2,Infinity,Infinity,-1,Infinity]", "[3,-Infinity,2.5,5,null]",
                                 "[4,1.8446744073709552E19,NaN,null,NaN]"}));
  };
  expect_rows(read("lines", "PERMISSIVE"));
  std::vector<int> corrupt;
  for (const Row& row : read("lines", "PERMISSIVE").orderBy("id").collect()) {
    if (!row.isNullAt(5)) corrupt.push_back(row.getInt(0));
  }
  EXPECT_EQ(corrupt, (std::vector<int>{3, 4}));
  EXPECT_EQ(
      Strings(read("lines", "DROPMALFORMED").select("id", "d", "big", "s").orderBy("id").collect()),
      (std::vector<std::string>{"[1,NaN,123456789012345678901234,-Infinity]",
                                "[2,Infinity,-1,Infinity]"}));
  try {
    read("lines", "FAILFAST").collect();
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("cannot convert the value of `s` to double"),
              std::string::npos)
        << error.what();
  }
  // multiLine: one record, an array whose third element is malformed (FAILFAST fails, others
  // keep the rows as Spark keeps the array's rows).
  EXPECT_EQ(Strings(read("multi", "PERMISSIVE").select("id", "d").orderBy("id").collect()),
            (std::vector<std::string>{"[1,NaN]", "[2,Infinity]", "[3,-Infinity]",
                                      "[4,1.8446744073709552E19]"}));
  // A big integer in a bigint column is malformed; in a string column it keeps every digit.
  auto typed = spark.read()
                   .schema("id int, big bigint, d string")
                   .json((dir_ / "lines").string())
                   .orderBy("id")
                   .collect();
  EXPECT_TRUE(typed[0].isNullAt(1));
  EXPECT_EQ(typed[3].getString(2), "18446744073709551616");
  EXPECT_EQ(typed[1].getString(2), "+Infinity");
  // With allowNonNumericNumbers off, the tokens and the quoted names are malformed.
  EXPECT_EQ(read("lines", "DROPMALFORMED", false).select("id", "s").collect().size(), 0u);
}

TEST_F(JsonTest, ReadsWhatJacksonReads) {
  Session spark = NewSession();
  // Single quotes (allowSingleQuotes, on by default), text after the record's value (ignored),
  // exact text of numbers and nested values in string columns, base64 binary, empty strings
  // inferred as null.
  Write("a.json",
        "{'id':1,'s':'it\\'s','n':1.50,'o':{\"k\" : [1, 2]},'b':'aGk=','e':''} trailing\n"
        "{\"id\":2,\"s\":\"x\",\"n\":1e2,\"o\":null,\"b\":\"\",\"e\":3}\n");
  DataFrame inferred = spark.read().json(dir_.string());
  EXPECT_EQ(inferred.dtypes(), (std::vector<std::pair<std::string, std::string>>{{"b", "string"},
                                                                                 {"e", "bigint"},
                                                                                 {"id", "bigint"},
                                                                                 {"n", "double"},
                                                                                 {"o", "string"},
                                                                                 {"s", "string"}}));
  auto rows = spark.read()
                  .schema("id int, s string, n string, o string, b binary, e string")
                  .json(dir_.string())
                  .orderBy("id")
                  .collect();
  ASSERT_EQ(rows.size(), 2u) << Strings(rows)[0];
  EXPECT_EQ(rows[0].toString(), "[1,it's,1.50,{\"k\" : [1, 2]},hi,]");
  EXPECT_EQ(rows[1].getString(2), "1e2");
  EXPECT_EQ(spark.read()
                .option("allowSingleQuotes", false)
                .schema("id int, _corrupt_record string")
                .json(dir_.string())
                .filter(col("_corrupt_record").isNotNull())
                .count(),
            1);
}

TEST_F(JsonTest, WritesNaNAndInfinitiesQuotedAndReadsThemBack) {
  Session spark = NewSession();
  DataFrame df =
      spark
          .createDataFrame({Row::of(1L, "NaN"), Row::of(2L, "Infinity"), Row::of(3L, "-Infinity"),
                            Row::of(4L, "1.5")},
                           "id bigint, text string")
          .select(col("id"), col("text").cast("double").as("d"), col("text").cast("float").as("f"));
  std::string out = (dir_ / "out").string();
  df.coalesce(1).write().json(out);
  std::string text;
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().filename().string().rfind("part-", 0) != 0) continue;
    std::ifstream in(entry.path());
    text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  // Jackson's default (WRITE_NAN_AS_STRINGS), which Spark's JSON writer keeps.
  EXPECT_EQ(text,
            "{\"id\":1,\"d\":\"NaN\",\"f\":\"NaN\"}\n"
            "{\"id\":2,\"d\":\"Infinity\",\"f\":\"Infinity\"}\n"
            "{\"id\":3,\"d\":\"-Infinity\",\"f\":\"-Infinity\"}\n"
            "{\"id\":4,\"d\":1.5,\"f\":1.5}\n");
  auto back = spark.read().schema("id bigint, d double, f float").json(out).orderBy("id").collect();
  EXPECT_EQ(Strings(back), (std::vector<std::string>{"[1,NaN,NaN]", "[2,Infinity,Infinity]",
                                                     "[3,-Infinity,-Infinity]", "[4,1.5,1.5]"}));
}

TEST_F(JsonTest, DateAndTimestampFormatsInEveryModeAndMultiLine) {
  Session spark = NewSession();
  std::string lines =
      "{\"id\":1,\"d\":\"02/01/2024\",\"ts\":\"02/01/2024 03:04:05.5\"}\n"
      "{\"id\":2,\"d\":\"2024-01-02\",\"ts\":\"2024-01-02 03:04:05\"}\n"
      "{\"id\":3,\"d\":\"31/12/1999\",\"ts\":1700000000}\n";
  Write("lines/a.json", lines);
  auto read = [&](const std::string& dir, const std::string& mode, bool multi_line) {
    return spark.read()
        .schema("id bigint, d date, ts timestamp, _corrupt_record string")
        .option("dateFormat", "dd/MM/yyyy")
        .option("timestampFormat", "dd/MM/yyyy HH:mm:ss[.SSS]")
        .option("mode", mode)
        .option("multiLine", multi_line)
        .json((dir_ / dir).string());
  };
  // A number is read as seconds since the epoch, as Spark does.
  EXPECT_EQ(Strings(read("lines", "PERMISSIVE", false).orderBy("id").collect()),
            (std::vector<std::string>{
                "[1,2024-01-02,2024-01-02 03:04:05.5,null]",
                "[2,null,null,{\"id\":2,\"d\":\"2024-01-02\",\"ts\":\"2024-01-02 03:04:05\"}]",
                "[3,1999-12-31,2023-11-14 22:13:20,null]"}));
  // Only the converted columns can make a record malformed (with pruning, as in Spark).
  EXPECT_EQ(
      Strings(read("lines", "DROPMALFORMED", false).select("id", "d").orderBy("id").collect()),
      (std::vector<std::string>{"[1,2024-01-02]", "[3,1999-12-31]"}));
  EXPECT_EQ(read("lines", "DROPMALFORMED", false).select("id").collect().size(), 3u);
  try {
    read("lines", "FAILFAST", false).collect();
    FAIL();
  } catch (const Error& error) {
    EXPECT_NE(std::string(error.what()).find("cannot convert the value of `d` to date"),
              std::string::npos)
        << error.what();
  }
  Write("multi/a.json", "[{\"id\":1,\"d\":\"02/01/2024\"},\n {\"id\":3,\"d\":\"31/12/1999\"}]");
  EXPECT_EQ(Strings(read("multi", "FAILFAST", true).select("id", "d").orderBy("id").collect()),
            (std::vector<std::string>{"[1,2024-01-02]", "[3,1999-12-31]"}));
}

TEST_F(JsonTest, InferTimestampUsesTheTimestampFormat) {
  Session spark = NewSession();
  Write("a.json",
        "{\"iso\":\"2024-01-02 03:04:05\",\"custom\":\"02/01/2024 03:04\",\"text\":\"hello\"}\n");
  auto schema = [&](bool infer) {
    return spark.read()
        .option("inferTimestamp", infer)
        .option("timestampFormat", "dd/MM/yyyy HH:mm")
        .json(dir_.string())
        .dtypes();
  };
  // As in Spark, off by default: strings stay strings.
  EXPECT_EQ(schema(false), (std::vector<std::pair<std::string, std::string>>{
                               {"custom", "string"}, {"iso", "string"}, {"text", "string"}}));
  EXPECT_EQ(schema(true), (std::vector<std::pair<std::string, std::string>>{
                              {"custom", "timestamp"}, {"iso", "timestamp"}, {"text", "string"}}));
  DataFrame df = spark.read()
                     .option("inferTimestamp", true)
                     .option("timestampFormat", "dd/MM/yyyy HH:mm")
                     .json(dir_.string());
  EXPECT_EQ(df.select("custom").collect()[0].toString(), "[2024-01-02 03:04:00]");
}

TEST_F(JsonTest, WritesDatesAndTimestampsWithTheirFormats) {
  Session spark = NewSession();
  DataFrame df =
      spark
          .createDataFrame({Row::of(1L, "2024-01-02", "2024-01-02 03:04:05.123456")},
                           "id bigint, d string, ts string")
          .select(col("id"), col("d").cast("date").as("d"), col("ts").cast("timestamp").as("ts"));
  auto written = [&](const std::string& name) {
    std::string text;
    for (const auto& entry : fs::directory_iterator(dir_ / name)) {
      if (entry.path().filename().string().rfind("part-", 0) != 0) continue;
      std::ifstream in(entry.path());
      text.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    return text;
  };
  df.coalesce(1).write().json((dir_ / "default").string());
  EXPECT_EQ(written("default"),
            "{\"id\":1,\"d\":\"2024-01-02\",\"ts\":\"2024-01-02T03:04:05.123Z\"}\n");
  df.coalesce(1)
      .write()
      .option("dateFormat", "MMM d, yyyy")
      .option("timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
      .json((dir_ / "custom").string());
  EXPECT_EQ(written("custom"),
            "{\"id\":1,\"d\":\"Jan 2, 2024\",\"ts\":\"2024-01-02 03:04:05.123456+00:00\"}\n");
  auto back = spark.read()
                  .schema("id bigint, d date, ts timestamp")
                  .option("dateFormat", "MMM d, yyyy")
                  .option("timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSSxxx")
                  .json((dir_ / "custom").string())
                  .collect();
  EXPECT_EQ(back[0].toString(), "[1,2024-01-02,2024-01-02 03:04:05.123456]");
  try {
    df.write().option("timestampFormat", "yyyy-MM-dd HH:mm VV").json((dir_ / "bad").string());
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kNotImplemented);
    EXPECT_NE(std::string(error.what()).find("option `timestampFormat`"), std::string::npos);
  }
  try {
    spark.read().option("dateFormat", "dd/MM/yyyy EEE").json((dir_ / "custom").string());
    FAIL();
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER");
  }
}

TEST_F(JsonTest, WriteThenReadRoundTrip) {
  Session spark = NewSession();
  DataFrame df = spark.createDataFrame({Row::of(1L, "a \"q\"\n", 1.5, "2024-02-29", true),
                                        Row::of(2L, nullptr, 1e7, nullptr, false)},
                                       "id bigint, s string, d double, day date, flag boolean");
  std::string out = (dir_ / "out").string();
  df.coalesce(1).write().json(out);
  std::string part;
  for (const auto& entry : fs::directory_iterator(out)) {
    if (entry.path().filename().string().rfind("part-", 0) == 0) part = entry.path().string();
  }
  ASSERT_FALSE(part.empty());
  EXPECT_TRUE(part.ends_with(".json"));
  std::ifstream in(part);
  std::stringstream content;
  content << in.rdbuf();
  EXPECT_EQ(content.str(),
            "{\"id\":1,\"s\":\"a \\\"q\\\"\\n\",\"d\":1.5,\"day\":\"2024-02-29\",\"flag\":true}\n"
            "{\"id\":2,\"d\":1.0E7,\"flag\":false}\n");
  auto back = spark.read()
                  .schema("id bigint, s string, d double, day date, flag boolean")
                  .json(out)
                  .orderBy("id")
                  .collect();
  ASSERT_EQ(back.size(), 2u);
  EXPECT_EQ(back[0].getString(1), "a \"q\"\n");
  EXPECT_EQ(back[0].get(3).ToString(), "2024-02-29");
  EXPECT_TRUE(back[1].isNullAt(1));
}

}  // namespace
}  // namespace ember

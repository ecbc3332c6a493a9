// describe()/summary() and the missing-value functions (na().fill / na().drop), compared with
// Spark's documented outputs and with direct computation.

#include <gtest/gtest.h>

#include <cmath>

#include "test_session.h"

namespace ember {
namespace {

using testing::NewSession;

std::vector<std::string> Strings(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(row.toString());
  return out;
}

DataFrame People(const Session& spark) {
  return spark.createDataFrame({Row::of(2, "Alice"), Row::of(5, "Bob")}, "age bigint, name string");
}

TEST(Describe, MatchesSparksDocumentedOutput) {
  Session spark = NewSession();
  EXPECT_EQ(People(spark).describe().showString(),
            "+-------+------------------+-----+\n"
            "|summary|               age| name|\n"
            "+-------+------------------+-----+\n"
            "|  count|                 2|    2|\n"
            "|   mean|               3.5| null|\n"
            "| stddev|2.1213203435596424| null|\n"
            "|    min|                 2|Alice|\n"
            "|    max|                 5|  Bob|\n"
            "+-------+------------------+-----+\n");
}

TEST(Describe, NamedColumnsAndTypes) {
  Session spark = NewSession();
  DataFrame df = spark.range(0, 101, 1, 4)
                     .withColumn("x", col("id").cast("double") / 4)
                     .withColumn("day", col("id").cast("string").cast("int"));
  DataFrame described = df.describe({"x"});
  EXPECT_EQ(described.columns(), (std::vector<std::string>{"summary", "x"}));
  for (const auto& field : described.schema().fields()) EXPECT_EQ(field.type, TypeId::kString);
  std::vector<Row> rows = described.collect();
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].getString(1), "101");
  EXPECT_EQ(rows[1].getString(1), "12.5");
  // Sample standard deviation of 0, 0.25, ..., 25: sqrt(n (n + 1) / 12) / 4 with n = 101.
  EXPECT_NEAR(std::stod(rows[2].getString(1)), std::sqrt(101.0 * 102 / 12) / 4, 1e-12);
  EXPECT_EQ(rows[3].getString(1), "0.0");
  EXPECT_EQ(rows[4].getString(1), "25.0");
}

TEST(Summary, DefaultStatisticsMatchSparksDocumentedOutput) {
  // One row a partition: floating-point results depend on how rows are split and merged (in
  // Spark too), and the documented table was computed that way.
  Session spark = NewSession({{conf::kDefaultParallelism, "3"}});
  DataFrame df =
      spark.createDataFrame({Row::of("Bob", 13, 40.3, 150.5), Row::of("Alice", 12, 37.8, 142.3),
                             Row::of("Tom", 11, 44.1, 142.2)},
                            "name string, age bigint, weight double, height double");
  EXPECT_EQ(df.select("age", "weight", "height").summary().showString(),
            "+-------+----+------------------+-----------------+\n"
            "|summary| age|            weight|           height|\n"
            "+-------+----+------------------+-----------------+\n"
            "|  count|   3|                 3|                3|\n"
            "|   mean|12.0| 40.73333333333333|            145.0|\n"
            "| stddev| 1.0|3.1722757341273704|4.763402145525822|\n"
            "|    min|  11|              37.8|            142.2|\n"
            "|    25%|  11|              37.8|            142.2|\n"
            "|    50%|  12|              40.3|            142.3|\n"
            "|    75%|  13|              44.1|            150.5|\n"
            "|    max|  13|              44.1|            150.5|\n"
            "+-------+----+------------------+-----------------+\n");
}

TEST(Summary, ChosenStatisticsAndErrors) {
  Session spark = NewSession();
  DataFrame df = spark.createDataFrame(
      {Row::of(1, "a"), Row::of(1, "b"), Row::of(3, nullptr), Row::of(nullptr, "b")},
      "k int, s string");
  std::vector<Row> rows = df.summary({"count", "count_distinct", "max", "99%"}).collect();
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0].toString(), "[count,3,3]");
  EXPECT_EQ(rows[1].toString(), "[count_distinct,2,2]");
  EXPECT_EQ(rows[2].toString(), "[max,3,b]");
  EXPECT_EQ(rows[3].toString(), "[99%,3,null]");  // strings are percentiled as numbers
  for (const std::string& bad : {"median-ish", "101%", "x%"}) {
    EXPECT_THROW(df.summary({bad}), Error) << bad;
  }
}

DataFrame WithMissing(const Session& spark) {
  return spark.createDataFrame(
      {Row::of(1, 1.5, "a", true), Row::of(nullptr, std::nan(""), "b", nullptr),
       Row::of(3, nullptr, nullptr, false), Row::of(nullptr, nullptr, nullptr, nullptr)},
      "i int, d double, s string, b boolean");
}

TEST(NaFunctions, DropAnyAllThresholdAndSubset) {
  Session spark = NewSession();
  DataFrame df = WithMissing(spark);
  EXPECT_EQ(Strings(df.na().drop().collect()), (std::vector<std::string>{"[1,1.5,a,true]"}));
  EXPECT_EQ(df.na().drop("all").count(), 3);
  // NaN counts as missing: row 2 has only s present.
  EXPECT_EQ(df.na().drop(2).count(), 2);
  EXPECT_EQ(df.na().drop("any", {"i"}).count(), 2);
  EXPECT_EQ(df.na().drop("any", {"d"}).count(), 1);
  EXPECT_THROW(df.na().drop("some"), Error);
  EXPECT_THROW(df.na().drop("any", {"nope"}), Error);
}

TEST(NaFunctions, FillByTypeAndByColumn) {
  Session spark = NewSession();
  DataFrame df = WithMissing(spark);
  EXPECT_EQ(Strings(df.na().fill(Value::Long(0)).collect()),
            (std::vector<std::string>{"[1,1.5,a,true]", "[0,0.0,b,null]", "[3,0.0,null,false]",
                                      "[0,0.0,null,null]"}));
  EXPECT_EQ(Strings(df.na().fill(Value::Double(2.5), {"i"}).collect()),
            (std::vector<std::string>{"[1,1.5,a,true]", "[2,NaN,b,null]", "[3,null,null,false]",
                                      "[2,null,null,null]"}));
  EXPECT_EQ(Strings(df.na().fill(Value::String("z")).select("s").collect()),
            (std::vector<std::string>{"[a]", "[b]", "[z]", "[z]"}));
  EXPECT_EQ(Strings(df.na().fill(Value::Boolean(true)).select("b").collect()),
            (std::vector<std::string>{"[true]", "[true]", "[false]", "[true]"}));
  EXPECT_EQ(Strings(df.na()
                        .fill({{"s", Value::String("?")}, {"d", Value::Long(9)}})
                        .select("d", "s")
                        .collect()),
            (std::vector<std::string>{"[1.5,a]", "[9.0,b]", "[9.0,?]", "[9.0,?]"}));
  EXPECT_EQ(df.na().fill(Value::Long(0)).dtypes(), df.dtypes());
}

}  // namespace
}  // namespace ember

// show(), printSchema() and value formatting, byte-identical to Spark's.

#include <gtest/gtest.h>

#include "test_session.h"

namespace ember {
namespace {

using testing::NewSession;

TEST(Show, TableWithNullsAndTruncation) {
  Session spark = NewSession();
  DataFrame df = spark.createDataFrame(
      {Row::of(1L, "short", 1.5), Row::of(2L, "a string longer than twenty characters", nullptr),
       Row::of(3L, nullptr, 10000000.0)},
      "id bigint, text string, value double");
  EXPECT_EQ(df.orderBy("id").showString(),
            "+---+--------------------+-----+\n"
            "| id|                text|value|\n"
            "+---+--------------------+-----+\n"
            "|  1|               short|  1.5|\n"
            "|  2|a string longer t...| null|\n"
            "|  3|                null|1.0E7|\n"
            "+---+--------------------+-----+\n");
  EXPECT_EQ(df.orderBy("id").showString(2, 0),
            "+---+--------------------------------------+-----+\n"
            "|id |text                                  |value|\n"
            "+---+--------------------------------------+-----+\n"
            "|1  |short                                 |1.5  |\n"
            "|2  |a string longer than twenty characters|null |\n"
            "+---+--------------------------------------+-----+\n"
            "only showing top 2 rows\n");
}

TEST(Show, VerticalAndEmpty) {
  Session spark = NewSession();
  DataFrame df = spark.createDataFrame({Row::of(1L, "ann")}, "id bigint, name string");
  EXPECT_EQ(df.showString(20, 20, true),
            "-RECORD 0---\n"
            " id   | 1   \n"
            " name | ann \n");
  EXPECT_EQ(df.filter(col("id") > 5).showString(20, 20, true), "(0 rows)\n");
  EXPECT_EQ(df.filter(col("id") > 5).showString(),
            "+---+----+\n"
            "| id|name|\n"
            "+---+----+\n"
            "+---+----+\n");
  EXPECT_EQ(spark.range(0, 5, 1, 2).showString(1),
            "+---+\n"
            "| id|\n"
            "+---+\n"
            "|  0|\n"
            "+---+\n"
            "only showing top 1 row\n");
}

TEST(Show, TypesFormatLikeSparkCastToString) {
  Session spark = NewSession();
  DataFrame df = spark.createDataFrame(
      {Row::of(true, "2024-02-29", "2024-02-29 13:45:07.120", "-12.50", 0.1 + 0.2, 123456789.0)},
      "b boolean, d date, t timestamp, m decimal(10,2), x double, y double");
  EXPECT_EQ(df.showString(20, 0),
            "+----+----------+----------------------+------+-------------------+------------+\n"
            "|b   |d         |t                     |m     |x                  |y           |\n"
            "+----+----------+----------------------+------+-------------------+------------+\n"
            "|true|2024-02-29|2024-02-29 13:45:07.12|-12.50|0.30000000000000004|1.23456789E8|\n"
            "+----+----------+----------------------+------+-------------------+------------+\n");
  // With truncation (the default) the 22-character timestamp is cut as Spark cuts it.
  EXPECT_NE(df.showString().find("|2024-02-29 13:45:...|"), std::string::npos);
}

TEST(Show, PrintSchemaAndDtypes) {
  Session spark = NewSession();
  DataFrame df = spark.range(0, 3)
                     .withColumn("amount", col("id").cast("double"))
                     .withColumn("label", col("id").cast("string"))
                     .withColumn("small", col("id").cast("int"))
                     .withColumn("price", col("id").cast("decimal(10,2)"));
  EXPECT_EQ(df.schemaString(),
            "root\n"
            " |-- id: long (nullable = false)\n"
            " |-- amount: double (nullable = false)\n"
            " |-- label: string (nullable = false)\n"
            " |-- small: integer (nullable = false)\n"
            " |-- price: decimal(10,2) (nullable = false)\n");
  auto dtypes = df.dtypes();
  ASSERT_EQ(dtypes.size(), 5u);
  EXPECT_EQ(dtypes[0].second, "bigint");
  EXPECT_EQ(dtypes[3].second, "int");
  EXPECT_EQ(df.columns(), (std::vector<std::string>{"id", "amount", "label", "small", "price"}));
}

TEST(Show, ColumnNamesFollowSpark) {
  Session spark = NewSession();
  DataFrame df = spark.range(0, 3).select(col("id") + 1, (col("id") * 37 % 1000).cast("double"),
                                          col("id") > 1, Column(1) / col("id"));
  // Implicit casts (int literal to bigint, both sides of / to double) stay out of the names.
  EXPECT_EQ(df.columns(),
            (std::vector<std::string>{"(id + 1)", "CAST(((id * 37) % 1000) AS DOUBLE)", "(id > 1)",
                                      "(1 / id)"}));
  EXPECT_EQ(spark.range(0, 3).agg(sum("id"), avg(col("id") * 2)).columns(),
            (std::vector<std::string>{"sum(id)", "avg((id * 2))"}));
}

}  // namespace
}  // namespace ember

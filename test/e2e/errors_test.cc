// User-facing errors: each names the culprit (column, value, key) and carries Spark's error class.

#include <gtest/gtest.h>

#include "test_session.h"

namespace ember {
namespace {

using testing::NewSession;

/// Runs `fn`, expecting an Error of `kind` and `error_class` whose message contains `fragment`.
template <typename Fn>
void ExpectError(Fn fn, ErrorKind kind, const std::string& error_class,
                 const std::string& fragment) {
  try {
    fn();
    FAIL() << "expected [" << error_class << "]";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), kind) << error.what();
    EXPECT_EQ(error.error_class(), error_class) << error.what();
    EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
        << "message: " << error.what() << "\nmissing: " << fragment;
  }
}

DataFrame People(const Session& spark) {
  return spark.createDataFrame(
      {Row::of(1L, "ann", 10.5), Row::of(2L, "bob", 0.0), Row::of(3L, "cy", nullptr)},
      "id bigint, name string, score double");
}

TEST(Errors, UnknownColumnListsTheAvailableOnesAtTransformationTime) {
  Session spark = NewSession();
  DataFrame df = People(spark);
  ExpectError(
      [&] { df.select("nmae"); }, ErrorKind::kAnalysis, "UNRESOLVED_COLUMN.WITH_SUGGESTION",
      "`nmae` cannot be resolved. Did you mean one of the following? [`name`, `id`, `score`]");
  ExpectError([&] { df.filter(col("missing") > 1); }, ErrorKind::kAnalysis,
              "UNRESOLVED_COLUMN.WITH_SUGGESTION", "`missing`");
  ExpectError([&] { df.col("nope"); }, ErrorKind::kAnalysis, "UNRESOLVED_COLUMN.WITH_SUGGESTION",
              "`nope`");
}

TEST(Errors, TypeMismatchNamesTheFunctionAndTypes) {
  Session spark = NewSession();
  DataFrame df = People(spark);
  ExpectError([&] { df.filter(col("id")); }, ErrorKind::kAnalysis,
              "DATATYPE_MISMATCH.FILTER_NOT_BOOLEAN", "of type \"bigint\" is not a boolean");
  ExpectError([&] { df.select(col("id") && col("name")); }, ErrorKind::kAnalysis,
              "DATATYPE_MISMATCH.UNEXPECTED_INPUT_TYPE", "`and`");
  ExpectError([&] { df.select(col("id").cast("date")); }, ErrorKind::kAnalysis,
              "DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION", "cannot cast \"bigint\" to \"date\"");
  ExpectError([&] { df.groupBy("name").agg(sum("score"), col("id")); }, ErrorKind::kAnalysis,
              "MISSING_AGGREGATION", "\"id\"");
}

TEST(Errors, InvalidCastUnderAnsiNamesTheValue) {
  Session spark = NewSession();
  DataFrame df = spark.createDataFrame({Row::of("12"), Row::of("abc")}, "s string");
  ExpectError([&] { df.select(col("s").cast("int")).collect(); }, ErrorKind::kExecution,
              "CAST_INVALID_INPUT",
              "The value 'abc' of the type \"STRING\" cannot be cast to \"INT\"");
  auto rows = df.select(col("s").try_cast("int")).collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].getInt(0), 12);
  EXPECT_TRUE(rows[1].isNullAt(0));
  spark.setConf(conf::kAnsiEnabled, "false");
  rows = df.select(col("s").cast("int")).collect();
  EXPECT_TRUE(rows[1].isNullAt(0));
}

TEST(Errors, DivisionByZero) {
  Session spark = NewSession();
  DataFrame df = spark.range(0, 10, 1, 2);
  ExpectError([&] { df.select(col("id") % 0).collect(); }, ErrorKind::kExecution, "DIVIDE_BY_ZERO",
              "try_divide");
  // The guard in the same conjunction keeps the division off the zero row, as in Spark.
  EXPECT_EQ(df.filter(col("id") != 0 && (Column(100) / col("id")) > 20).count(), 4);
  spark.setConf(conf::kAnsiEnabled, "false");
  auto rows = df.select(Column(1) / col("id")).orderBy(col("id")).collect();
  EXPECT_TRUE(rows[0].isNullAt(0));
  EXPECT_DOUBLE_EQ(rows[1].getDouble(0), 1.0);
}

TEST(Errors, OverflowUnderAnsi) {
  Session spark = NewSession();
  DataFrame df = spark.range(0, 4, 1, 1).withColumn("big", Column(int64_t{INT64_MAX}) - col("id"));
  ExpectError([&] { df.select(col("big") + 2).collect(); }, ErrorKind::kExecution,
              "ARITHMETIC_OVERFLOW", "long overflow");
  ExpectError([&] { df.agg(sum("big")).collect(); }, ErrorKind::kExecution, "ARITHMETIC_OVERFLOW",
              "try_sum");
}

/// Temporary views: spark.table returns the registered DataFrame; names are case-insensitive;
/// replacing, conflicting, missing and dotted names behave as Spark's catalog.
TEST(TempViews, RegisterLookUpReplaceAndDrop) {
  Session spark = NewSession();
  DataFrame people = People(spark);
  people.filter(col("score") > 1).createOrReplaceTempView("Scored");
  EXPECT_EQ(spark.table("scored").count(), 1);
  EXPECT_EQ(spark.read().table("SCORED").first().getString("name"), "ann");
  EXPECT_EQ(spark.table("scored").columns(), (std::vector<std::string>{"id", "name", "score"}));
  people.createOrReplaceTempView("scored");  // replaces, whatever the case
  EXPECT_EQ(spark.table("Scored").count(), 3);
  people.createTempView("all_people");
  EXPECT_EQ(spark.catalog().listTables(), (std::vector<std::string>{"all_people", "scored"}));
  EXPECT_TRUE(spark.catalog().tableExists("ALL_PEOPLE"));
  ExpectError([&] { people.createTempView("All_People"); }, ErrorKind::kAnalysis,
              "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS", "`All_People`");
  ExpectError([&] { spark.table("nobody"); }, ErrorKind::kAnalysis, "TABLE_OR_VIEW_NOT_FOUND",
              "`nobody`");
  ExpectError([&] { people.createOrReplaceTempView("db.people"); }, ErrorKind::kAnalysis,
              "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS", "`db.people`");
  EXPECT_TRUE(spark.catalog().dropTempView("all_people"));
  EXPECT_FALSE(spark.catalog().dropTempView("all_people"));
  EXPECT_FALSE(spark.catalog().tableExists("all_people"));
  // A view is the DataFrame's plan: transformations and joins over it work as over the original.
  DataFrame view = spark.table("scored");
  EXPECT_EQ(view.groupBy().sum("id").first().getLong(0), 6);
}

/// percentile_approx's percentage and accuracy are checked when the DataFrame is defined (as
/// Spark's analyzer does), not inside tasks that would be retried.
TEST(Errors, PercentileArgumentsAreCheckedBeforeTheQueryRuns) {
  Session spark = NewSession();
  DataFrame people = People(spark);
  ExpectError(
      [&] {
        people.agg(call_function("percentile_approx", {col("score"), lit(1.5)}));
      },
      ErrorKind::kAnalysis, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE",
      "between 0.0 and 1.0, but got 1.5");
  ExpectError(
      [&] {
        people.agg(call_function("percentile_approx", {col("score"), lit(0.5), lit(0)}));
      },
      ErrorKind::kAnalysis, "DATATYPE_MISMATCH.VALUE_OUT_OF_RANGE", "but got 0");
  ExpectError(
      [&] {
        people.agg(call_function("percentile_approx", {col("score"), col("id")}));
      },
      ErrorKind::kAnalysis, "DATATYPE_MISMATCH.NON_FOLDABLE_INPUT",
      "percentage must be a constant");
  // A constant that needs a cast (an int percentage) is accepted.
  EXPECT_EQ(people.agg(call_function("percentile_approx", {col("id"), lit(1)})).first().getLong(0),
            3);
}

TEST(Errors, BadConfigValuesNameTheKey) {
  ExpectError(
      [] {
        NewSession({{"spark.sql.shuffle.partitions", "many"}});
      },
      ErrorKind::kInvalidArgument, "INVALID_CONF_VALUE", "`spark.sql.shuffle.partitions`");
  ExpectError(
      [] {
        NewSession({{"spark.sql.shuffle.partitions", "0"}});
      },
      ErrorKind::kInvalidArgument, "INVALID_CONF_VALUE", "an integer >= 1");
  ExpectError(
      [] {
        NewSession({{"spark.driver.maxResultSize", "1x"}});
      },
      ErrorKind::kInvalidArgument, "INVALID_CONF_VALUE", "`spark.driver.maxResultSize`");
  ExpectError(
      [] {
        NewSession({{"spark.master", "local[zero]"}});
      },
      ErrorKind::kInvalidArgument, "INVALID_MASTER_URL", "local[zero]");
  Session spark = NewSession();
  ExpectError([&] { spark.setConf("spark.sql.ansi.enabled", "maybe"); },
              ErrorKind::kInvalidArgument, "INVALID_CONF_VALUE", "true or false");
}

TEST(Errors, CreateDataFrameNamesRowAndField) {
  Session spark = NewSession();
  ExpectError(
      [&] {
        spark.createDataFrame({Row::of(1L), Row::of("x")}, "id bigint");
      },
      ErrorKind::kInvalidArgument, "FIELD_DATA_TYPE_MISMATCH", "row 1, field `id`");
  ExpectError([&] { spark.createDataFrame({Row::of(nullptr)}, "id bigint not null"); },
              ErrorKind::kInvalidArgument, "NULL_VALUE_IN_NON_NULLABLE_FIELD", "field `id`");
}

TEST(Errors, AmbiguousColumnAfterJoinIsReportedAndResolvedThroughTheDataFrame) {
  Session spark = NewSession();
  DataFrame a = People(spark);
  DataFrame b = spark.createDataFrame({Row::of(1L, "x")}, "id bigint, tag string");
  DataFrame joined = a.join(b, a["id"] == b["id"]);
  ExpectError([&] { joined.select("id"); }, ErrorKind::kAnalysis, "AMBIGUOUS_REFERENCE", "`id`");
  auto rows = joined.select(a["id"], b["tag"]).collect();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].getLong(0), 1);
  EXPECT_EQ(rows[0].getString(1), "x");
}

/// A DataFrame joined with itself cannot tell its two sides apart through df["col"] (Spark's
/// AMBIGUOUS_COLUMN_REFERENCE) — it used to become a silent cross join; a DataFrame derived from
/// another still can, and renaming one side resolves a self-join.
TEST(Errors, SelfJoinColumnsAreAmbiguousButDerivedOnesAreNot) {
  Session spark = NewSession();
  DataFrame people = People(spark);
  ExpectError([&] { people.join(people, people["id"] == people["id"]); }, ErrorKind::kAnalysis,
              "AMBIGUOUS_COLUMN_REFERENCE", "`id` is ambiguous");
  DataFrame scored = people.filter(col("score") > 1);
  auto rows = people.join(scored, people["id"] == scored["id"]).select(people["name"]).collect();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].getString(0), "ann");
  DataFrame other = people.withColumnRenamed("id", "other_id");
  EXPECT_EQ(people.join(other, people["id"] == other["other_id"]).count(), 3);
}

}  // namespace
}  // namespace ember

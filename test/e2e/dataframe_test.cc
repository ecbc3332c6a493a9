// End-to-end tests of the seed's job and the DataFrame API: results of multi-stage jobs are
// compared with a straightforward computation of the same thing in plain C++.

#include <gtest/gtest.h>

#include <map>

#include "test_session.h"

namespace ember {
namespace {

using testing::NewSession;

/// The seed's data: id, amount = (id * 37 % 1000) as double, bucket = id % 10.
DataFrame SeedData(const Session& spark, int64_t rows, int partitions) {
  return spark.range(0, rows, 1, partitions)
      .withColumn("amount", (col("id") * 37 % 1000).cast("double"))
      .withColumn("bucket", col("id") % 10);
}

TEST(SeedJob, NumPartitionsIsKnownWithoutRunning) {
  Session spark = NewSession();
  DataFrame df = SeedData(spark, 1000, 8);
  EXPECT_EQ(df.numPartitions(), 8);
  EXPECT_EQ(df.filter(col("amount") > 100).numPartitions(), 8);
  EXPECT_EQ(df.repartition(100).numPartitions(), 100);
  EXPECT_EQ(df.coalesce(3).numPartitions(), 3);
  EXPECT_EQ(df.groupBy("bucket").count().numPartitions(), 8);  // spark.sql.shuffle.partitions
}

TEST(SeedJob, FilterCountMatchesReference) {
  Session spark = NewSession();
  const int64_t rows = 20000;
  int64_t expected = 0;
  for (int64_t id = 0; id < rows; ++id) expected += (id * 37 % 1000) > 100;
  EXPECT_EQ(SeedData(spark, rows, 8).filter(col("amount") > 100).count(), expected);
}

TEST(SeedJob, GroupByMatchesReference) {
  Session spark = NewSession();
  const int64_t rows = 20000;
  std::map<int64_t, std::pair<double, int64_t>> expected;
  for (int64_t id = 0; id < rows; ++id) {
    expected[id % 10].first += static_cast<double>(id * 37 % 1000);
    expected[id % 10].second += 1;
  }
  auto result = SeedData(spark, rows, 8)
                    .groupBy("bucket")
                    .agg(sum("amount").alias("total"), count("*"))
                    .orderBy(desc("total"))
                    .collect();
  ASSERT_EQ(result.size(), expected.size());
  double previous = 1e300;
  for (const Row& row : result) {
    int64_t bucket = row.getLong("bucket");
    EXPECT_DOUBLE_EQ(row.getDouble("total"), expected[bucket].first);
    EXPECT_EQ(row.getLong("count(1)"), expected[bucket].second);
    EXPECT_LE(row.getDouble("total"), previous);
    previous = row.getDouble("total");
  }
}

TEST(SeedJob, GlobalSumShowsLikeSpark) {
  Session spark = NewSession();
  EXPECT_EQ(SeedData(spark, 1000, 4).groupBy().sum("amount").showString(),
            "+-----------+\n"
            "|sum(amount)|\n"
            "+-----------+\n"
            "|   499500.0|\n"
            "+-----------+\n");
}

}  // namespace
}  // namespace ember

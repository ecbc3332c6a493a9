"""The seed's distributed-processing walkthrough as a PySpark job, run by Ember.

Only the import line differs from PySpark. Ember first generates a `transactions` table and
writes it as Parquet (as examples/seed_example.cc does), then reads it back and runs the seed's
job: data is split first, code runs per partition, actions trigger jobs, aggregate on the
executors instead of the driver, and partitioning controls parallelism.

Run it with `ember submit [--master 'local[4]'] examples/seed_job.py [--rows N] [--data DIR]`
(or `scripts/run-example`, which runs it after the C++ example).
"""

import argparse
import time
from typing import Optional

from ember.sql import DataFrame, SparkSession
import ember.sql.functions as F


def transactions(spark: SparkSession, rows: int, users: int = 100_000,
                 partitions: Optional[int] = None) -> DataFrame:
    """Returns `rows` transactions: id, user_id (cycling over `users`), amount and country, all
    derived from the id so that any engine can compute the expected results."""
    return (
        spark.range(0, rows, 1, partitions)
        .withColumn("user_id", F.col("id") % users)
        .withColumn("amount", (F.col("id") * 37 % 1000).cast("double"))
        .withColumn(
            "country",
            F.when(F.col("id") % 5 == 0, "FR")
            .when(F.col("id") % 5 == 1, "DE")
            .when(F.col("id") % 5 == 2, "US")
            .when(F.col("id") % 5 == 3, "JP")
            .otherwise("BR"),
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="transactions to generate")
    parser.add_argument("--data", default="/tmp/ember-seed/transactions-py",
                        help="directory the Parquet files are written to")
    args = parser.parse_args()

    # The master comes from `ember submit --master` (local[*] by default), as with spark-submit.
    spark = SparkSession.builder.appName("seed-job").getOrCreate()

    # 0. Generate the transactions with the engine itself and write them as Parquet.
    started = time.monotonic()
    transactions(spark, args.rows).write.mode("overwrite").parquet(args.data)
    print("wrote %d transactions to %s in %.2f s" % (args.rows, args.data, time.monotonic() - started))

    # 1. Data is split first: the files become partitions before anything runs.
    df = spark.read.parquet(args.data)
    print("partitions:", df.rdd.getNumPartitions())

    # 2. Code runs per partition: this filter is shipped to every task; nothing runs yet.
    big = df.filter(df.amount > 100)

    # 3. An action triggers a job: one task per partition.
    print("transactions with amount > 100:", big.count())

    # 4. Aggregate where the data is, not on the driver.
    df.groupBy().sum("amount").show()
    (
        df.groupBy("country")
        .agg(F.sum("amount").alias("total"), F.countDistinct("user_id"))
        .orderBy(F.desc("total"))
        .show()
    )

    # 5. Partitioning controls parallelism.
    print("after repartition(100):", df.repartition(100).rdd.getNumPartitions(), "partitions")

    # The seed's driver-side loop, on a few rows only: collect() brings rows to the driver.
    total = 0
    for row in big.limit(5).collect():
        total += row.amount
    print("sum of 5 amounts collected to the driver:", total)

    sample = big.limit(1000).toPandas()
    print("toPandas of 1000 rows: mean amount %.2f, columns %s" % (sample.amount.mean(), list(sample.columns)))
    spark.stop()


if __name__ == "__main__":
    main()

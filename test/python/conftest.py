"""Fixtures of the ember.sql test suite.

Every test gets its session from the `spark` fixture, whose master comes from EMBER_TEST_MASTER
(CTest runs the suite under local[1] and local[4]; a cluster-mode run sets a cluster master), and
writes files only below pytest's temporary directories, so the suite runs unchanged wherever the
executors are.
"""

import os

import pytest

from ember.sql import SparkSession
import ember.sql.functions as F

MASTER = os.environ.get("EMBER_TEST_MASTER", "local[2]")


@pytest.fixture(scope="session")
def spark():
    session = (
        SparkSession.builder.master(MASTER)
        .appName("ember-pytest")
        .config("spark.sql.shuffle.partitions", 8)
        .getOrCreate()
    )
    yield session
    session.stop()


# The seed's transactions: user_id, amount and country derived from the row id, as
# examples/seed_example.cc and examples/seed_job.py generate them.
TRANSACTION_ROWS = 20_000


def transactions_frame(spark, rows=TRANSACTION_ROWS, partitions=4):
    return (
        spark.range(0, rows, 1, partitions)
        .withColumn("user_id", F.col("id") % 1000)
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


def transactions_pandas(rows=TRANSACTION_ROWS):
    """The same transactions computed by pandas, as the reference."""
    import numpy as np
    import pandas as pd

    ids = np.arange(rows, dtype=np.int64)
    countries = np.array(["FR", "DE", "US", "JP", "BR"])[ids % 5]
    return pd.DataFrame(
        {
            "id": ids,
            "user_id": ids % 1000,
            "amount": (ids * 37 % 1000).astype(np.float64),
            "country": countries,
        }
    )


@pytest.fixture(scope="session")
def transactions_path(spark, tmp_path_factory):
    """A directory of Parquet files holding the transactions, written by the engine."""
    path = str(tmp_path_factory.mktemp("data") / "transactions")
    transactions_frame(spark).write.mode("overwrite").parquet(path)
    return path

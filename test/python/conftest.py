"""Fixtures of the ember.sql test suite.

Every test gets its session from the `spark` fixture, whose master comes from EMBER_TEST_MASTER
(CTest runs the suite under local[1] and local[4]; a cluster-mode run sets a cluster master), and
writes files only below pytest's temporary directories, so the suite runs unchanged wherever the
executors are.
"""

import importlib.util
import os

import pytest

from ember.sql import SparkSession

SOURCE_DIR = os.environ.get(
    "EMBER_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
)

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


# The seed's transactions, generated as examples/seed_job.py generates them: user_id, amount
# and country derived from the row id.
TRANSACTION_ROWS = 20_000
TRANSACTION_USERS = 1000


def seed_job_module():
    """Imports examples/seed_job.py (the Python example) as a module."""
    path = os.path.join(SOURCE_DIR, "examples", "seed_job.py")
    spec = importlib.util.spec_from_file_location("seed_job", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def transactions_frame(spark, rows=TRANSACTION_ROWS, partitions=4):
    return seed_job_module().transactions(spark, rows, TRANSACTION_USERS, partitions)


def transactions_pandas(rows=TRANSACTION_ROWS):
    """The same transactions computed by pandas, as the reference."""
    import numpy as np
    import pandas as pd

    ids = np.arange(rows, dtype=np.int64)
    countries = np.array(["FR", "DE", "US", "JP", "BR"])[ids % 5]
    return pd.DataFrame(
        {
            "id": ids,
            "user_id": ids % TRANSACTION_USERS,
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

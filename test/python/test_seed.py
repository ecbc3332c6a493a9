"""Every snippet of the seed (shared/seed-distributed-processing.md) runs unchanged after
`from ember.sql import SparkSession`, on generated transactions written as Parquet, and gives what
pandas computes on the same data. So does the example of issue 4."""

import textwrap

import pytest

from conftest import MASTER, SOURCE_DIR, transactions_pandas

# The seed's snippets, verbatim (the article flattens line breaks; these are its lines).
SEED_SNIPPETS = [
    """
    df = spark.read.parquet("/data/transactions")
    print(df.rdd.getNumPartitions())
    """,
    """
    df.filter(df.amount > 100)
    """,
    """
    df.count()
    """,
    """
    total = 0
    for row in df.collect():
        total += row.amount
    """,
    """
    df.groupBy().sum("amount")
    """,
    """
    df.repartition(100)
    """,
]

PRELUDE = """
from ember.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
"""


def expected_partitions(path, parallelism):
    """Spark's split planning, computed independently: files packed next-fit-decreasing into
    splits of maxSplitBytes = min(128 MiB, max(4 MiB open cost, bytes per core))."""
    import os

    open_cost = 4 << 20
    sizes = sorted(
        (entry.stat().st_size for entry in os.scandir(path)
         if entry.is_file() and not entry.name.startswith(("_", "."))),
        reverse=True,
    )
    bytes_per_core = (sum(sizes) + open_cost * len(sizes)) // parallelism
    max_split = min(128 << 20, max(open_cost, bytes_per_core))
    partitions, current, files = 0, 0, 0
    for size in sizes:
        if files and current + size > max_split:
            partitions, current, files = partitions + 1, 0, 0
        current += size + open_cost
        files += 1
    return partitions + (1 if files else 0)


def run_snippets(snippets, path):
    """Runs the snippets in one namespace, with the seed's path pointing at the test data."""
    namespace = {}
    for snippet in [PRELUDE] + snippets:
        code = textwrap.dedent(snippet).replace("/data/transactions", path)
        exec(compile(code, "<seed snippet>", "exec"), namespace)
    return namespace


def test_every_seed_snippet_runs_and_matches_pandas(spark, transactions_path, capsys):
    namespace = run_snippets(SEED_SNIPPETS, transactions_path)
    expected = transactions_pandas()
    # 1: data is split first, by Spark's rules (four small files: one split per file when there
    # are four cores or more).
    partitions = expected_partitions(transactions_path, spark.sparkContext.defaultParallelism)
    assert capsys.readouterr().out == "%d\n" % partitions
    df = namespace["df"]
    # 2 and 3: the filter is lazy; count runs a job.
    assert df.filter(df.amount > 100).count() == int((expected.amount > 100).sum())
    assert df.count() == len(expected)
    # 4: the driver-side loop (the seed's "wrong" way) still adds up.
    assert namespace["total"] == pytest.approx(expected.amount.sum())
    # 5: the right way: aggregate on the executors.
    (row,) = df.groupBy().sum("amount").collect()
    assert row["sum(amount)"] == pytest.approx(expected.amount.sum())
    # 6: partitioning controls parallelism.
    assert df.repartition(100).rdd.getNumPartitions() == 100


def test_snippets_run_when_the_session_is_the_one_builder_returns(spark):
    # The prelude's getOrCreate() returns the running session, with its master.
    assert run_snippets([], "/unused")["spark"].conf.get("spark.master") == MASTER


ISSUE_EXAMPLE = """
from ember.sql import SparkSession, Row
import ember.sql.functions as F

spark = SparkSession.builder.master("local[*]").appName("tx").getOrCreate()
df = spark.read.parquet("/data/transactions")
print(df.rdd.getNumPartitions())
print(df.filter(df.amount > 100).count())
total = 0
for row in df.limit(10).collect():
    total += row.amount
df.groupBy().sum("amount").show()
df.repartition(100)
df.groupBy("country").agg(F.sum("amount").alias("total"), F.countDistinct("user_id")).orderBy(F.desc("total")).show()
pdf = df.limit(1000).toPandas()
"""


def test_issue_example_runs_and_matches_pandas(spark, transactions_path, capsys):
    namespace = {}
    app_name = spark.conf.get("spark.app.name")
    try:
        code = ISSUE_EXAMPLE.replace("/data/transactions", transactions_path)
        exec(compile(code, "<issue 4>", "exec"), namespace)
    finally:
        spark.conf.set("spark.app.name", app_name)  # the example's appName() renamed the session
    assert namespace["spark"] is spark
    expected = transactions_pandas()
    by_country = (
        expected.groupby("country")
        .agg(total=("amount", "sum"), users=("user_id", "nunique"))
        .sort_values("total", ascending=False)
    )
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == str(expected_partitions(transactions_path, spark.sparkContext.defaultParallelism))
    assert lines[1] == str(int((expected.amount > 100).sum()))
    assert expected.amount.sum() == 9990000.0
    assert lines[2:8] == [
        "+-----------+",
        "|sum(amount)|",
        "+-----------+",
        "|  9990000.0|",
        "+-----------+",
        "",
    ]
    header = "|country|    total|count(DISTINCT user_id)|"
    assert header in lines
    start = lines.index(header)
    shown = [line.strip("|").split("|") for line in lines[start + 2 : start + 2 + len(by_country)]]
    assert [s[0].strip() for s in shown] == list(by_country.index)
    assert [float(s[1]) for s in shown] == list(by_country.total)
    assert [int(s[2]) for s in shown] == list(by_country.users)
    pdf = namespace["pdf"]
    assert len(pdf) == 1000 and list(pdf.columns) == ["id", "user_id", "amount", "country"]
    assert isinstance(namespace["total"], float) and 0 <= namespace["total"] <= 10 * 999


def test_the_python_example_job_through_ember_submit(tmp_path):
    """examples/seed_job.py prints the seed's results; run as `ember submit` runs it."""
    import os
    import re
    import subprocess
    import sys

    script = os.path.join(SOURCE_DIR, "examples", "seed_job.py")
    job = [script, "--rows", "20000", "--data", str(tmp_path / "tx")]
    env = dict(os.environ)
    if os.environ.get("EMBER_CLI"):
        command = [os.environ["EMBER_CLI"], "submit", "--master", MASTER] + job
    else:
        command = [sys.executable] + job
        env["EMBER_SUBMIT_MASTER"] = MASTER
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    expected = transactions_pandas(20_000)
    assert "transactions with amount > 100: %d\n" % (expected.amount > 100).sum() in out
    assert "|  9990000.0|" in out
    assert "after repartition(100): 100 partitions" in out
    assert re.search(r"toPandas of 1000 rows: mean amount \d+\.\d\d", out)
    # The job's user ids cycle over 100000, so each country has 20000 / 5 distinct users here.
    assert out.count("|                   4000|") == 5

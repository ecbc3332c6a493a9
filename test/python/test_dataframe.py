"""DataFrame methods with PySpark's names and argument forms, checked against pandas computing
the same thing."""

import pandas as pd
import pytest

import ember.sql.functions as F
from ember.sql import Column, DataFrame, GroupedData, Row
from conftest import transactions_frame, transactions_pandas


@pytest.fixture(scope="module")
def tx(spark):
    return transactions_frame(spark)


@pytest.fixture(scope="module")
def tx_pandas():
    return transactions_pandas()


def _key(values):
    return [(v is None, v if v is not None else 0) for v in values]


def sorted_rows(df):
    """Returns the rows as tuples in a stable order (nulls last), whatever the partitioning."""
    return sorted((tuple(r) for r in df.collect()), key=_key)


def test_metadata_without_running(tx):
    assert tx.columns == ["id", "user_id", "amount", "country"]
    assert tx.dtypes == [("id", "bigint"), ("user_id", "bigint"), ("amount", "double"),
                         ("country", "string")]
    assert tx.schema.names == tx.columns
    assert tx.rdd.getNumPartitions() == 4
    assert tx.repartition(7).rdd.getNumPartitions() == 7
    assert tx.coalesce(2).rdd.getNumPartitions() == 2
    assert tx.repartition("country").rdd.getNumPartitions() == 8  # spark.sql.shuffle.partitions
    assert tx.repartition(3, "country", F.col("user_id")).rdd.getNumPartitions() == 3
    assert tx.repartitionByRange(5, "amount").rdd.getNumPartitions() == 5


def test_column_access_forms(tx):
    for column in (tx.amount, tx["amount"], tx.col("amount"), tx[2], F.col("amount")):
        assert isinstance(column, Column)
        assert tx.select(column).columns == ["amount"]
    assert tx[["id", "country"]].columns == ["id", "country"]
    assert tx[tx.amount > 990].count() == tx.filter(tx.amount > 990).count() == 180


def test_select_forms(tx):
    assert tx.select("id", "amount").columns == ["id", "amount"]
    assert tx.select(["id", "amount"]).columns == ["id", "amount"]
    assert tx.select(tx.id, (tx.amount * 2).alias("double")).columns == ["id", "double"]
    assert tx.select("*").columns == tx.columns
    assert tx.select((tx.amount + 1)).columns == ["(amount + 1)"]


def test_filter_count_and_where(tx, tx_pandas):
    expected = tx_pandas[(tx_pandas.amount > 100) & (tx_pandas.country != "FR")]
    assert tx.filter((tx.amount > 100) & (tx.country != "FR")).count() == len(expected)
    assert tx.where(~(tx.amount <= 100)).count() == int((tx_pandas.amount > 100).sum())


def test_with_column_renamed_and_drop(tx):
    df = tx.withColumn("cents", (tx.amount * 100).cast("long"))
    assert df.columns[-1] == "cents" and df.dtypes[-1] == ("cents", "bigint")
    assert tx.withColumn("amount", F.lit(0)).columns == tx.columns  # replaced in place
    assert tx.withColumns({"a": F.lit(1), "b": F.lit(2)}).columns[-2:] == ["a", "b"]
    assert tx.withColumnRenamed("amount", "value").columns == ["id", "user_id", "value", "country"]
    assert tx.withColumnRenamed("nope", "x").columns == tx.columns
    assert tx.withColumnsRenamed({"id": "i", "country": "c"}).columns == ["i", "user_id", "amount", "c"]
    assert tx.drop("user_id", "country").columns == ["id", "amount"]
    assert tx.drop(tx.amount).columns == ["id", "user_id", "country"]
    assert tx.drop("not_there").columns == tx.columns
    assert tx.toDF("a", "b", "c", "d").columns == ["a", "b", "c", "d"]


def test_group_by_agg_matches_pandas(tx, tx_pandas):
    grouped = tx.groupBy("country")
    assert isinstance(grouped, GroupedData)
    result = grouped.agg(
        F.sum("amount").alias("total"),
        F.avg(tx.amount).alias("mean"),
        F.min("amount").alias("low"),
        F.max("amount").alias("high"),
        F.count("*").alias("rows"),
        F.countDistinct("user_id").alias("users"),
        F.stddev("amount").alias("sd"),
    ).toPandas().set_index("country").sort_index()
    expected = tx_pandas.groupby("country").agg(
        total=("amount", "sum"), mean=("amount", "mean"), low=("amount", "min"),
        high=("amount", "max"), rows=("amount", "size"), users=("user_id", "nunique"),
        sd=("amount", "std"),
    ).sort_index()
    pd.testing.assert_frame_equal(result, expected, check_dtype=False)


def test_grouped_shortcuts_and_dict_agg(tx, tx_pandas):
    counts = {r.country: r["count"] for r in tx.groupBy("country").count().collect()}
    assert counts == tx_pandas.groupby("country").size().to_dict()
    sums = tx.groupBy("country").sum("amount", "user_id").orderBy("country").collect()
    expected = tx_pandas.groupby("country")[["amount", "user_id"]].sum().sort_index()
    assert [(r[0], r[1], r[2]) for r in sums] == [
        (c, a, u) for c, a, u in zip(expected.index, expected.amount, expected.user_id)]
    assert tx.groupBy("country").avg("amount").columns == ["country", "avg(amount)"]
    assert tx.groupBy("country").mean("amount").columns == ["country", "avg(amount)"]
    assert tx.groupBy().max("amount").first()[0] == tx_pandas.amount.max()
    assert tx.groupBy().min().columns == ["min(id)", "min(user_id)", "min(amount)"]
    by_dict = tx.groupBy("country").agg({"amount": "max", "user_id": "mean"})
    assert by_dict.columns == ["country", "max(amount)", "avg(user_id)"]
    assert tx.agg(F.sum("amount")).first()[0] == tx_pandas.amount.sum()
    assert tx.agg({"amount": "sum"}).first()[0] == tx_pandas.amount.sum()


def test_order_by_forms(tx, tx_pandas):
    top = tx.orderBy(F.desc("amount"), "id").limit(3).collect()
    expected = tx_pandas.sort_values(["amount", "id"], ascending=[False, True]).head(3)
    assert [r.id for r in top] == list(expected.id)
    assert [r.id for r in tx.sort("amount", "id", ascending=[False, True]).take(3)] == list(expected.id)
    assert [r.id for r in tx.orderBy(tx.amount.desc(), tx.id.asc()).head(3)] == list(expected.id)
    assert [r.id for r in tx.orderBy("id", ascending=False).take(2)] == [19999, 19998]
    lowest = tx.sortWithinPartitions("amount").coalesce(1).first()
    assert lowest.amount == 0.0


def test_joins(spark):
    left = spark.createDataFrame([(1, "a"), (2, "b"), (3, "c")], ["k", "l"])
    right = spark.createDataFrame([(2, "x"), (3, "y"), (4, "z")], ["k", "r"])
    assert sorted_rows(left.join(right, "k")) == [(2, "b", "x"), (3, "c", "y")]
    assert sorted_rows(left.join(right, ["k"], "left")) == [(1, "a", None), (2, "b", "x"), (3, "c", "y")]
    assert left.join(right, "k", "outer").count() == 4
    assert left.join(right, "k", how="full_outer").count() == 4
    on_column = left.join(right, left.k == right.k, "inner")
    assert on_column.columns == ["k", "l", "k", "r"]
    assert sorted((r[0], r[3]) for r in on_column.collect()) == [(2, "x"), (3, "y")]
    assert left.join(right, [left.k == right.k, right.r != "y"]).count() == 1
    assert sorted_rows(left.join(right, "k", "left_semi")) == [(2, "b"), (3, "c")]
    assert sorted_rows(left.join(right, "k", "leftanti")) == [(1, "a")]
    assert left.join(right, "k", "right").count() == 3
    assert left.crossJoin(right).count() == 9
    assert left.join(right).count() == 9


def test_union_distinct_and_duplicates(spark):
    a = spark.createDataFrame([(1, "x"), (2, "y")], ["n", "s"])
    b = spark.createDataFrame([("y", 2), ("z", 3)], ["s", "n"])
    assert sorted_rows(a.unionByName(b)) == [(1, "x"), (2, "y"), (2, "y"), (3, "z")]
    assert a.union(a).count() == 4 and a.unionAll(a).count() == 4
    assert sorted_rows(a.unionByName(b).distinct()) == [(1, "x"), (2, "y"), (3, "z")]
    c = spark.createDataFrame([(1, "x", True)], ["n", "s", "extra"])
    assert sorted_rows(a.unionByName(c, allowMissingColumns=True)) == [
        (1, "x", True), (1, "x", None), (2, "y", None)]
    d = spark.createDataFrame([(1, "a"), (1, "b"), (2, "c")], ["k", "v"])
    assert d.dropDuplicates(["k"]).count() == 2 and d.drop_duplicates().count() == 3


def test_actions(tx, tx_pandas, spark):
    assert tx.count() == len(tx_pandas)
    assert isinstance(tx.first(), Row) and tx.head() is not None
    assert len(tx.take(5)) == 5 and len(tx.head(3)) == 3 and len(tx.limit(7).collect()) == 7
    empty = tx.filter(tx.amount < 0)
    assert empty.first() is None and empty.head() is None and empty.isEmpty()
    assert not tx.isEmpty()
    assert [r.id for r in spark.range(3).toLocalIterator()] == [0, 1, 2]


def test_range_forms(spark):
    assert [r.id for r in spark.range(3).collect()] == [0, 1, 2]
    assert [r.id for r in spark.range(2, 8, 3).collect()] == [2, 5]
    assert spark.range(0, 10, 1, 3).rdd.getNumPartitions() == 3
    assert spark.range(5).dtypes == [("id", "bigint")]


def test_cache_persist_unpersist(tx):
    cached = tx.filter(tx.amount > 500).cache()
    assert cached.is_cached
    first = cached.count()
    assert cached.count() == first
    assert cached.unpersist().is_cached is False
    assert tx.persist().is_cached and not tx.unpersist().is_cached


def test_sample_fraction_and_seed(tx):
    sample = tx.sample(0.1, seed=7)
    n = sample.count()
    assert 1400 < n < 2600
    assert sample.count() == n  # the seed makes it repeatable
    assert tx.sample(False, 0.1, 7).count() == n
    assert tx.sample(fraction=0.1, seed=7).count() == n
    assert tx.sample(withReplacement=True, fraction=0.5, seed=3).count() > 0


def test_describe_and_summary_match_pandas(tx, tx_pandas):
    rows = {r.summary: r for r in tx.describe("amount", "country").collect()}
    assert list(rows) == ["count", "mean", "stddev", "min", "max"]
    assert rows["count"].amount == str(len(tx_pandas))
    assert float(rows["mean"].amount) == pytest.approx(tx_pandas.amount.mean())
    assert float(rows["stddev"].amount) == pytest.approx(tx_pandas.amount.std())
    assert (rows["min"].amount, rows["max"].amount) == ("0.0", "999.0")
    assert (rows["min"].country, rows["max"].country, rows["mean"].country) == ("BR", "US", None)
    assert tx.describe().columns == ["summary", "id", "user_id", "amount", "country"]
    chosen = tx.summary("count", "max").collect()
    assert [r.summary for r in chosen] == ["count", "max"]
    full = {r.summary: r for r in tx.select("amount").summary().collect()}
    assert list(full) == ["count", "mean", "stddev", "min", "25%", "50%", "75%", "max"]
    for stat, q in (("25%", 0.25), ("50%", 0.5), ("75%", 0.75)):
        # Within the sketch's rank error of pandas' lower quantile (amounts repeat every 1000).
        assert abs(float(full[stat].amount) - tx_pandas.amount.quantile(q, interpolation="lower")) <= 2


def test_na_fill_and_drop(spark):
    df = spark.createDataFrame(
        [(1, 1.5, "a"), (None, float("nan"), None), (3, None, "c")], "i int, d double, s string")
    pdf = pd.DataFrame({"i": [1, None, 3], "d": [1.5, None, None], "s": ["a", None, "c"]})
    filled = pdf.fillna({"i": 0, "d": 0.0}).astype({"i": int})
    assert sorted_rows(df.na.fill(0)) == sorted(
        (tuple(x) for x in filled.itertuples(index=False)), key=_key)
    assert [r.s for r in df.fillna("?").collect()] == ["a", "?", "c"]
    assert df.na.fill({"i": 9, "s": "-"}).collect()[1][0::2] == (9, "-")
    assert df.na.drop().count() == len(pdf.dropna())
    assert df.dropna(how="all").count() == 2  # NaN counts as missing, as in Spark
    assert df.na.drop(subset="i").count() == 2
    assert df.na.drop(thresh=2).count() == 2
    from ember.errors import PySparkValueError

    with pytest.raises(PySparkValueError, match="VALUE_NOT_ANY_OR_ALL"):
        df.na.drop(how="some")


def test_write_and_read_back_every_format(spark, tmp_path, tx, tx_pandas):
    small = tx.filter(tx.id < 1000)
    expected = sorted_rows(small)
    small.write.parquet(str(tmp_path / "p"))
    assert sorted_rows(spark.read.parquet(str(tmp_path / "p"))) == expected
    small.write.mode("overwrite").option("header", True).csv(str(tmp_path / "c"))
    back = spark.read.csv(str(tmp_path / "c"), header=True, inferSchema=True)
    # CSV schema inference types small integers as int, as Spark's does.
    assert back.dtypes == [("id", "int"), ("user_id", "int"), ("amount", "double"),
                           ("country", "string")]
    assert sorted_rows(back) == expected
    small.write.format("json").mode("overwrite").save(str(tmp_path / "j"))
    assert spark.read.format("json").load(str(tmp_path / "j")).count() == 1000
    small.write.partitionBy("country").parquet(str(tmp_path / "byc"))
    partitioned = spark.read.parquet(str(tmp_path / "byc"))
    assert sorted(partitioned.columns) == sorted(small.columns)
    assert partitioned.filter(partitioned.country == "JP").count() == 200
    small.write.mode("append").parquet(str(tmp_path / "p"))
    assert spark.read.parquet(str(tmp_path / "p")).count() == 2000
    small.write.mode("ignore").parquet(str(tmp_path / "p"))
    assert spark.read.parquet(str(tmp_path / "p")).count() == 2000
    from ember.errors import AnalysisException

    with pytest.raises(AnalysisException, match="PATH_ALREADY_EXISTS"):
        small.write.parquet(str(tmp_path / "p"))
    schema_read = spark.read.schema("id bigint, user_id bigint, amount double, country string").csv(
        str(tmp_path / "c"), header=True)
    assert schema_read.dtypes == small.dtypes
    assert spark.read.options(header=True).csv(str(tmp_path / "c")).count() == 1000


def test_transform_chains(tx):
    def with_tax(df, rate):
        return df.withColumn("tax", df.amount * rate)

    assert tx.transform(with_tax, 0.2).columns[-1] == "tax"
    assert isinstance(tx.transform(lambda df: df.limit(1)), DataFrame)

"""Column operators and the functions module, checked against the same computation in Python."""

import datetime
import decimal

import pytest

import ember.sql.functions as F
from ember.errors import IllegalArgumentException
from ember.sql.types import DoubleType, IntegerType

VALUES = [(-3, 2.5, "Apple"), (0, -1.0, "banana"), (7, 0.25, " cherry "), (None, None, None)]


@pytest.fixture(scope="module")
def df(spark):
    return spark.createDataFrame(VALUES, "i int, d double, s string")


def column(df, expr):
    return [row[0] for row in df.select(expr).collect()]


def expected(f, index=0):
    return [None if row[index] is None else f(row[index]) for row in VALUES]


def test_arithmetic_operators(df):
    assert column(df, df.i + 1) == expected(lambda i: i + 1)
    assert column(df, 1 + df.i) == expected(lambda i: 1 + i)
    assert column(df, df.i - 2) == expected(lambda i: i - 2)
    assert column(df, 10 - df.i) == expected(lambda i: 10 - i)
    assert column(df, df.i * 3) == expected(lambda i: i * 3)
    assert column(df, 3 * df.i) == expected(lambda i: 3 * i)
    assert column(df, df.d / 2) == expected(lambda d: d / 2, 1)
    assert column(df, 1 / df.d) == expected(lambda d: 1 / d, 1)
    assert column(df, df.i % 4) == expected(lambda i: int(__import__("math").fmod(i, 4)))
    assert column(df, -df.i) == expected(lambda i: -i)
    assert column(df, (df.i + df.d).cast("double")) == [
        None if r[0] is None else r[0] + r[1] for r in VALUES]


def test_comparison_and_logic(df):
    assert column(df, df.i > 0) == expected(lambda i: i > 0)
    assert column(df, df.i >= 0) == expected(lambda i: i >= 0)
    assert column(df, df.i < 0) == expected(lambda i: i < 0)
    assert column(df, df.i <= 0) == expected(lambda i: i <= 0)
    assert column(df, df.i == 7) == expected(lambda i: i == 7)
    assert column(df, df.i != 7) == expected(lambda i: i != 7)
    assert column(df, 0 < df.i) == expected(lambda i: 0 < i)
    assert column(df, (df.i > 0) & (df.d > 0)) == [True if r[0] == 7 else (None if r[0] is None else False) for r in VALUES]
    assert column(df, (df.i > 0) | (df.d > 0)) == [True, False, True, None]
    assert column(df, ~(df.i > 0)) == expected(lambda i: not i > 0)
    assert column(df, df.i.eqNullSafe(None)) == [False, False, False, True]


def test_predicates(df):
    assert column(df, df.i.isNull()) == [False, False, False, True]
    assert column(df, df.i.isNotNull()) == [True, True, True, False]
    assert column(df, df.i.isin(0, 7)) == expected(lambda i: i in (0, 7))
    assert column(df, df.i.isin([0, 7])) == expected(lambda i: i in (0, 7))
    assert column(df, df.i.between(-3, 0)) == expected(lambda i: -3 <= i <= 0)
    assert column(df, df.s.like("%an%")) == expected(lambda s: "an" in s, 2)
    assert column(df, df.s.like("_pple")) == expected(lambda s: len(s) == 5 and s[1:] == "pple", 2)
    assert column(df, df.s.startswith("ba")) == expected(lambda s: s.startswith("ba"), 2)
    assert column(df, df.s.endswith("e")) == expected(lambda s: s.endswith("e"), 2)
    assert column(df, df.s.contains("err")) == expected(lambda s: "err" in s, 2)
    assert column(df, F.isnan(df.d)) == [False, False, False, False]
    assert column(df, df.s.substr(2, 3)) == expected(lambda s: s[1:4], 2)
    assert column(df, df.s[1:2]) == expected(lambda s: s[0:2], 2)


def test_when_otherwise(df):
    sign = F.when(df.i > 0, "pos").when(df.i < 0, "neg").otherwise("zero")
    assert column(df, sign) == ["neg", "zero", "pos", "zero"]
    assert column(df, F.when(df.i > 0, 1)) == [None, None, 1, None]
    from ember.errors import IllegalArgumentException

    with pytest.raises(IllegalArgumentException, match="otherwise"):
        F.when(df.i > 0, 1).otherwise(2).otherwise(3)


def test_casts(df):
    assert column(df, df.i.cast("string")) == expected(str)
    assert column(df, df.i.cast(DoubleType())) == expected(float)
    assert column(df, df.d.cast(IntegerType())) == expected(int, 1)
    assert column(df, df.d.astype("decimal(5,2)")) == expected(lambda d: decimal.Decimal(d).quantize(decimal.Decimal("0.01")), 1)
    assert df.select(df.i.cast("long")).dtypes == [("CAST(i AS BIGINT)", "bigint")]


def test_string_functions(df):
    assert column(df, F.upper("s")) == expected(str.upper, 2)
    assert column(df, F.lower(df.s)) == expected(str.lower, 2)
    assert column(df, F.length("s")) == expected(len, 2)
    assert column(df, F.trim("s")) == expected(lambda s: s.strip(" "), 2)
    assert column(df, F.ltrim("s")) == expected(lambda s: s.lstrip(" "), 2)
    assert column(df, F.rtrim("s")) == expected(lambda s: s.rstrip(" "), 2)
    assert column(df, F.reverse("s")) == expected(lambda s: s[::-1], 2)
    assert column(df, F.substring("s", 1, 3)) == expected(lambda s: s[:3], 2)
    assert column(df, F.concat("s", F.lit("!"))) == expected(lambda s: s + "!", 2)
    assert column(df, F.concat_ws("-", "s", F.lit("x"))) == [
        "Apple-x", "banana-x", " cherry -x", "x"]
    assert column(df, F.startswith("s", F.lit("A"))) == expected(lambda s: s.startswith("A"), 2)
    assert column(df, F.coalesce("s", F.lit("none"))) == ["Apple", "banana", " cherry ", "none"]
    assert column(df, F.abs("i")) == expected(abs)
    assert column(df, F.call_function("upper", "s")) == expected(str.upper, 2)


def test_regular_expressions_match_pythons_re(df):
    import re

    assert column(df, df.s.rlike("an+a$")) == expected(lambda s: re.search("an+a$", s) is not None, 2)
    assert column(df, F.rlike("s", F.lit("^[A-Z]"))) == expected(lambda s: re.search("^[A-Z]", s) is not None, 2)
    assert column(df, F.regexp_replace("s", "([aeiou])", "<$1>")) == expected(
        lambda s: re.sub("([aeiou])", r"<\1>", s), 2)
    assert column(df, F.regexp_extract("s", "(\\w)(\\w+)", 2)) == expected(
        lambda s: re.search("(\\w)(\\w+)", s).group(2), 2)
    assert column(df, F.regexp_extract("s", "z(.)", 1)) == ["", "", "", None]
    with pytest.raises(IllegalArgumentException, match="INVALID_PARAMETER_VALUE.PATTERN"):
        df.select(df.s.rlike("a(b")).collect()


def test_date_functions(spark):
    day = datetime.date(2024, 2, 29)
    moment = datetime.datetime(2024, 2, 29, 13, 14, 15)
    df = spark.createDataFrame([(day, moment)], "day date, ts timestamp")
    row = df.select(
        F.year("day"), F.month("day"), F.dayofmonth("day"), F.dayofweek("day"), F.dayofyear("day"),
        F.quarter("day"), F.hour("ts"), F.minute("ts"), F.second("ts"),
        F.date_add("day", 1), F.date_sub(F.col("day"), 1), F.datediff(F.lit(datetime.date(2024, 3, 10)), "day"),
        F.to_date(F.lit("2024-05-06")), F.to_timestamp(F.lit("2024-05-06 07:08:09")),
    ).first()
    assert tuple(row) == (
        2024, 2, 29, day.isoweekday() % 7 + 1, day.timetuple().tm_yday, 1, 13, 14, 15,
        datetime.date(2024, 3, 1), datetime.date(2024, 2, 28), 10,
        datetime.date(2024, 5, 6), datetime.datetime(2024, 5, 6, 7, 8, 9),
    )


def test_aggregate_functions(spark):
    import pandas as pd

    values = [("a", 1, 2.0), ("a", 3, None), ("b", 5, 4.0), ("b", 5, 8.0), ("c", None, None)]
    df = spark.createDataFrame(values, "k string, n bigint, x double")
    pdf = pd.DataFrame(values, columns=["k", "n", "x"])
    result = df.groupBy("k").agg(
        F.count("n").alias("count"), F.countDistinct("n").alias("distinct"),
        F.sum("n").alias("sum"), F.sum_distinct("n").alias("sum_distinct"),
        F.avg("x").alias("avg"), F.mean("x").alias("mean"), F.min("x").alias("min"),
        F.max("x").alias("max"), F.first("n").alias("first"), F.last("x", True).alias("last"),
        F.variance("x").alias("var"), F.var_pop("x").alias("var_pop"),
        F.stddev_pop("x").alias("sd_pop"),
    ).orderBy("k").toPandas().set_index("k")
    grouped = pdf.groupby("k")
    assert list(result["count"]) == list(grouped.n.count())
    assert list(result["distinct"]) == list(grouped.n.nunique())
    assert result.loc["b", "sum_distinct"] == 5 and result.loc["a", "sum"] == 4
    assert result["avg"].round(9).fillna(-1).tolist() == grouped.x.mean().round(9).fillna(-1).tolist()
    assert result["mean"].equals(result["avg"])
    assert result.loc["b", "min"] == 4.0 and result.loc["b", "max"] == 8.0
    assert result.loc["a", "first"] == 1 and result.loc["a", "last"] == 2.0
    assert result.loc["b", "var"] == pytest.approx(grouped.x.var().loc["b"])
    assert result.loc["b", "var_pop"] == pytest.approx(grouped.x.var(ddof=0).loc["b"])
    assert result.loc["b", "sd_pop"] == pytest.approx(grouped.x.std(ddof=0).loc["b"])
    assert pd.isna(result.loc["a", "var"])  # one value: null, as Spark


def test_percentile_approx_is_exact_on_small_groups(spark):
    import numpy as np

    values = [(k, v) for k in ("a", "b") for v in np.random.default_rng(5).permutation(500).tolist()]
    df = spark.createDataFrame(values, "k string, v bigint")
    for q in (0.0, 0.1, 0.5, 0.9, 1.0):
        rows = df.groupBy("k").agg(F.percentile_approx("v", q).alias("p")).orderBy("k").collect()
        # Spark's answer for few values: the sorted value at rank ceil(q * n) (the minimum for 0).
        expected = max(int(np.ceil(q * 500)) - 1, 0)
        assert [(r.k, r.p) for r in rows] == [("a", expected), ("b", expected)]
    assert df.agg(F.approx_percentile("v", 0.5, 100)).dtypes == [
        ("percentile_approx(v, 0.5, 100)", "bigint")]
    from ember.errors import PySparkTypeError

    with pytest.raises(PySparkTypeError, match="one percentage at a time"):
        F.percentile_approx("v", [0.25, 0.75])


def test_sort_functions_and_nulls_ordering(spark):
    df = spark.createDataFrame([(1,), (None,), (3,)], "v int")
    assert [r.v for r in df.orderBy(F.asc("v")).collect()] == [None, 1, 3]
    assert [r.v for r in df.orderBy(F.desc("v")).collect()] == [3, 1, None]
    assert [r.v for r in df.orderBy(F.asc_nulls_last("v")).collect()] == [1, 3, None]
    assert [r.v for r in df.orderBy(F.desc_nulls_first("v")).collect()] == [None, 3, 1]


def test_column_names_follow_spark(df):
    assert df.select(F.sum("i"), F.count("*")).columns == ["sum(i)", "count(1)"]
    assert df.select(F.upper("s"), F.lit(5)).columns == ["upper(s)", "5"]
    assert str(F.col("i") > 1) == "(i > 1)"
    assert df.select(df.i.alias("renamed")).columns == ["renamed"]
    assert df.select(df.i.name("n2")).columns == ["n2"]


def test_functions_check_their_arguments(df):
    from ember.errors import AnalysisException, PySparkTypeError

    with pytest.raises(PySparkTypeError, match="NOT_COLUMN_OR_STR"):
        F.upper(5)
    with pytest.raises(AnalysisException, match="UNRESOLVED_ROUTINE"):
        df.select(F.call_function("no_such_function", "i"))
    with pytest.raises(AnalysisException, match="INVALID_EXTRACT_BASE_FIELD_TYPE"):
        df.i.getItem(0)

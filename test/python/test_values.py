"""Python values map to engine values and back exactly as PySpark maps them, nulls included:
long -> int, double -> float, decimal -> Decimal, date -> date, timestamp -> naive datetime in
the session time zone, binary -> bytearray, null -> None."""

import datetime
import decimal
import math

import pytest

import ember.sql.functions as F
from ember.sql import Row
from ember.sql.types import (
    BinaryType,
    BooleanType,
    ByteType,
    DateType,
    DecimalType,
    DoubleType,
    FloatType,
    IntegerType,
    LongType,
    NullType,
    ShortType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

ALL_TYPES = StructType(
    [
        StructField("bool", BooleanType()),
        StructField("byte", ByteType()),
        StructField("short", ShortType()),
        StructField("int", IntegerType()),
        StructField("long", LongType()),
        StructField("float", FloatType()),
        StructField("double", DoubleType()),
        StructField("decimal", DecimalType(20, 4)),
        StructField("string", StringType()),
        StructField("binary", BinaryType()),
        StructField("date", DateType()),
        StructField("timestamp", TimestampType()),
    ]
)

ROWS = [
    (True, -128, -32768, -2147483648, -9223372036854775808, 0.5, -1.5e300,
     decimal.Decimal("-1234567890123456.7891"), "héllo, 世界", bytearray(b"\x00\xff"),
     datetime.date(1, 1, 1), datetime.datetime(1, 1, 1, 0, 0, 0)),
    (False, 127, 32767, 2147483647, 9223372036854775807, -2.25, 1e-300,
     decimal.Decimal("0.0001"), "", bytearray(), datetime.date(9999, 12, 31),
     datetime.datetime(9999, 12, 31, 23, 59, 59, 999999)),
    (None,) * 12,
]


def test_every_type_round_trips_with_python_types(spark):
    rows = spark.createDataFrame(ROWS, ALL_TYPES).collect()
    assert [tuple(r) for r in rows] == ROWS
    first = rows[0]
    assert type(first.long) is int and type(first.double) is float
    assert type(first.decimal) is decimal.Decimal and type(first.binary) is bytearray
    assert type(first.date) is datetime.date and type(first.timestamp) is datetime.datetime
    assert first.timestamp.tzinfo is None
    assert all(v is None for v in rows[2])


def test_float_values_are_single_precision(spark):
    (row,) = spark.createDataFrame([(0.1,)], "f float").collect()
    assert row.f == 0.10000000149011612  # the float32 nearest 0.1, as PySpark returns it


def test_nan_and_infinity_survive(spark):
    rows = spark.createDataFrame([(float("nan"),), (float("inf"),), (float("-inf"),)], "d double").collect()
    assert math.isnan(rows[0].d) and rows[1].d == math.inf and rows[2].d == -math.inf


def test_inference_follows_pyspark(spark):
    df = spark.createDataFrame(
        [(1, 1.5, "s", True, decimal.Decimal("1.5"), datetime.date(2024, 1, 2),
          datetime.datetime(2024, 1, 2, 3, 4), bytearray(b"b"), b"y")]
    )
    assert df.dtypes == [
        ("_1", "bigint"), ("_2", "double"), ("_3", "string"), ("_4", "boolean"),
        ("_5", "decimal(38,18)"), ("_6", "date"), ("_7", "timestamp"), ("_8", "binary"),
        ("_9", "binary"),
    ]


def test_inference_from_dicts_rows_and_namedtuples(spark):
    import collections

    from_dicts = spark.createDataFrame([{"b": 1, "a": "x"}, {"a": "y", "b": None}])
    assert from_dicts.columns == ["a", "b"]  # dict keys sorted, as PySpark
    assert [tuple(r) for r in from_dicts.collect()] == [("x", 1), ("y", None)]
    from_rows = spark.createDataFrame([Row(name="Alice", age=1), Row(name="Bob", age=2)])
    assert from_rows.dtypes == [("name", "string"), ("age", "bigint")]
    Point = collections.namedtuple("Point", "x y")
    assert spark.createDataFrame([Point(1, 2.0)]).dtypes == [("x", "bigint"), ("y", "double")]


def test_inference_of_dicts_with_different_keys(spark):
    df = spark.createDataFrame([{"a": 1}, {"b": "x", "a": None}, {"c": 2.5}])
    assert df.dtypes == [("a", "bigint"), ("b", "string"), ("c", "double")]
    assert [tuple(r) for r in df.collect()] == [(1, None, None), (None, "x", None), (None, None, 2.5)]


def test_inference_merges_nulls_and_strings(spark):
    df = spark.createDataFrame([(None, 1), (2, "x")], ["a", "b"])
    assert df.dtypes == [("a", "bigint"), ("b", "string")]
    assert [tuple(r) for r in df.collect()] == [(None, "1"), (2, "x")]


def test_schema_forms_ddl_names_and_single_type(spark):
    assert spark.createDataFrame([(1, "a")], "id int, name string").dtypes == [
        ("id", "int"), ("name", "string")]
    assert spark.createDataFrame([(1, "a")], "struct<id:int,name:string>").dtypes == [
        ("id", "int"), ("name", "string")]
    assert spark.createDataFrame([(1, "a")], ["k", "v"]).dtypes == [("k", "bigint"), ("v", "string")]
    single = spark.createDataFrame([1, 2, None], "int")
    assert single.columns == ["value"] and [r.value for r in single.collect()] == [1, 2, None]
    nulls = spark.createDataFrame([(None,)], StructType([StructField("n", NullType())]))
    assert nulls.dtypes == [("n", "void")] and nulls.first() == (None,)


def test_createDataFrame_from_pandas(spark):
    import numpy as np
    import pandas as pd

    pdf = pd.DataFrame(
        {
            "i": np.array([1, 2, 3], dtype=np.int64),
            "f": [1.5, float("nan"), 3.0],
            "s": ["a", None, "c"],
            "t": pd.to_datetime(["2024-01-02 03:04:05", None, "2024-01-03"]),
            "b": [True, False, True],
        }
    )
    df = spark.createDataFrame(pdf)
    assert df.dtypes == [("i", "bigint"), ("f", "double"), ("s", "string"), ("t", "timestamp"),
                         ("b", "boolean")]
    rows = df.collect()
    assert rows[0] == (1, 1.5, "a", datetime.datetime(2024, 1, 2, 3, 4, 5), True)
    assert math.isnan(rows[1].f) and rows[1].s is None and rows[1].t is None
    back = df.toPandas()
    pd.testing.assert_frame_equal(back, pdf)
    objects = pd.DataFrame({"day": [None, datetime.date(2024, 1, 2)], "n": [None, None]})
    from ember.errors import PySparkValueError

    with pytest.raises(PySparkValueError, match="CANNOT_DETERMINE_TYPE"):
        spark.createDataFrame(objects)
    assert spark.createDataFrame(objects[["day"]]).dtypes == [("day", "date")]
    renamed = spark.createDataFrame(pdf[["i", "s"]], ["x", "y"])
    assert renamed.dtypes == [("x", "bigint"), ("y", "string")]


def test_toPandas_dtypes_follow_pyspark(spark):
    import numpy as np

    df = spark.createDataFrame(
        [(1, 2, 3, 4, 1.5, 2.5, True, "s", datetime.date(2024, 1, 2), decimal.Decimal("1.5"))],
        "b tinyint, s smallint, i int, l bigint, f float, d double, o boolean, t string, "
        "day date, m decimal(5,2)",
    )
    pdf = df.toPandas()
    assert [str(t) for t in pdf.dtypes] == [
        "int8", "int16", "int32", "int64", "float32", "float64", "bool", "object", "object",
        "object"]
    assert pdf["day"][0] == datetime.date(2024, 1, 2) and pdf["m"][0] == decimal.Decimal("1.50")
    with_nulls = spark.createDataFrame([(1, True), (None, None)], "i int, o boolean").toPandas()
    assert str(with_nulls.i.dtype) == "float64" and np.isnan(with_nulls.i[1])
    assert str(with_nulls.o.dtype) == "object" and with_nulls.o[1] is None
    empty = spark.createDataFrame([], "i int, s string").toPandas()
    assert len(empty) == 0 and list(empty.columns) == ["i", "s"]


def test_toPandas_matches_pandas_for_a_large_frame(spark):
    import numpy as np

    df = spark.range(0, 50_000, 1, 4).withColumn("x", (F.col("id") * 3).cast("double"))
    pdf = df.toPandas()
    assert len(pdf) == 50_000
    assert np.array_equal(np.sort(pdf["id"].to_numpy()), np.arange(50_000))
    assert pdf["x"].sum() == 3 * 49_999 * 50_000 / 2


def test_literals_are_typed_as_pyspark_types_them(spark):
    df = spark.range(1).select(
        F.lit(1).alias("int"), F.lit(2**40).alias("big"), F.lit(1.5).alias("double"),
        F.lit("s").alias("string"), F.lit(True).alias("bool"),
        F.lit(decimal.Decimal("12.345")).alias("dec"), F.lit(datetime.date(2024, 1, 2)).alias("day"),
        F.lit(datetime.datetime(2024, 1, 2, 3, 4, 5)).alias("ts"), F.lit(None).alias("null"),
        F.lit(bytearray(b"ab")).alias("bin"),
    )
    assert df.dtypes == [
        ("int", "int"), ("big", "bigint"), ("double", "double"), ("string", "string"),
        ("bool", "boolean"), ("dec", "decimal(5,3)"), ("day", "date"), ("ts", "timestamp"),
        ("null", "void"), ("bin", "binary"),
    ]
    assert tuple(df.first()) == (1, 2**40, 1.5, "s", True, decimal.Decimal("12.345"),
                                 datetime.date(2024, 1, 2), datetime.datetime(2024, 1, 2, 3, 4, 5),
                                 None, bytearray(b"ab"))


def test_timestamps_follow_the_session_time_zone(spark):
    naive = datetime.datetime(2024, 7, 1, 12, 0, 0)
    aware = datetime.datetime(2024, 7, 1, 12, 0, 0, tzinfo=datetime.timezone.utc)
    try:
        spark.conf.set("spark.sql.session.timeZone", "America/New_York")
        df = spark.createDataFrame([(naive, aware)], "n timestamp, a timestamp")
        row = df.first()
        assert row.n == naive  # a naive datetime means wall time in the session zone
        assert row.a == datetime.datetime(2024, 7, 1, 8, 0, 0)  # 12:00 UTC is 08:00 EDT
        assert list(df.toPandas().a) == [datetime.datetime(2024, 7, 1, 8, 0, 0)]
        stored = df.select(F.col("n").cast("string")).first()[0]
    finally:
        spark.conf.unset("spark.sql.session.timeZone")
    # The engine stores UTC: 12:00 in New York is 16:00 UTC.
    assert stored == "2024-07-01 16:00:00"
    assert spark.createDataFrame([(naive,)], "n timestamp").first().n == naive


def test_nulls_through_operations(spark):
    df = spark.createDataFrame([(1, None), (None, 2), (3, 4)], "a int, b int")
    rows = df.select((df.a + df.b).alias("s"), df.a.isNull().alias("n"),
                     F.coalesce(df.a, df.b).alias("c")).collect()
    assert [tuple(r) for r in rows] == [(None, False, 1), (None, True, 2), (7, False, 3)]
    assert df.filter(df.a > 0).count() == 2  # null comparisons drop the row
    assert df.groupBy().sum("a", "b").first() == (4, 6)
    assert df.agg(F.count("a"), F.count("*")).first() == (2, 3)


def test_values_that_do_not_fit_their_field_fail_like_pyspark(spark):
    from ember.errors import PySparkTypeError, PySparkValueError

    with pytest.raises(PySparkTypeError) as error:
        spark.createDataFrame([(1,)], "amount double")
    assert str(error.value) == (
        "[FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME] field amount: DoubleType() can not accept "
        "object 1 in type <class 'int'>."
    )
    with pytest.raises(PySparkValueError, match=r"\[VALUE_OUT_OF_BOUNDS\] Value for `obj` must "
                       r"be between -128 and 127 \(inclusive\), got 300"):
        spark.createDataFrame([(300,)], "b tinyint")
    with pytest.raises(PySparkValueError, match=r"\[FIELD_NOT_NULLABLE_WITH_NAME\] field id: "
                       r"This field is not nullable, but got None."):
        spark.createDataFrame([(None,)], StructType([StructField("id", LongType(), False)]))
    with pytest.raises(PySparkValueError, match="FIELD_STRUCT_LENGTH_MISMATCH"):
        spark.createDataFrame([(1, 2)], "a int")
    with pytest.raises(PySparkTypeError, match=r"\[CANNOT_MERGE_TYPE\] Can not merge type "
                       r"`LongType` and `DoubleType`."):
        spark.createDataFrame([(1,), (1.5,)])
    with pytest.raises(PySparkValueError, match="CANNOT_INFER_EMPTY_SCHEMA"):
        spark.createDataFrame([])
    with pytest.raises(PySparkValueError, match="CANNOT_DETERMINE_TYPE"):
        spark.createDataFrame([(None,)])
    with pytest.raises(PySparkTypeError, match=r"CANNOT_INFER_TYPE_FOR_FIELD.*`_1`.*nested types"):
        spark.createDataFrame([([1, 2],)])

"""show(), printSchema() and the reprs of Row, Column, DataFrame and types print exactly what
PySpark prints (its documented examples)."""

import datetime
import decimal

from ember.sql import Row
from ember.sql.types import (
    DecimalType,
    LongType,
    StringType,
    StructField,
    StructType,
)


def people(spark):
    return spark.createDataFrame(
        [(14, "Tom"), (23, "Alice"), (16, "Bob"), (19, "This is a super long name")],
        ["age", "name"],
    )


def test_show_prints_the_table_and_a_newline(spark, capsys):
    df = spark.createDataFrame([(14, "Tom"), (23, "Alice"), (16, "Bob")], ["age", "name"])
    df.show()
    assert capsys.readouterr().out == (
        "+---+-----+\n"
        "|age| name|\n"
        "+---+-----+\n"
        "| 14|  Tom|\n"
        "| 23|Alice|\n"
        "| 16|  Bob|\n"
        "+---+-----+\n"
        "\n"
    )


def test_show_n_truncate_and_vertical(spark, capsys):
    df = people(spark)
    df.show(2)
    assert capsys.readouterr().out == (
        "+---+-----+\n"
        "|age| name|\n"
        "+---+-----+\n"
        "| 14|  Tom|\n"
        "| 23|Alice|\n"
        "+---+-----+\n"
        "only showing top 2 rows\n"
        "\n"
    )
    df.show(truncate=3)
    assert capsys.readouterr().out == (
        "+---+----+\n"
        "|age|name|\n"
        "+---+----+\n"
        "| 14| Tom|\n"
        "| 23| Ali|\n"
        "| 16| Bob|\n"
        "| 19| Thi|\n"
        "+---+----+\n"
        "\n"
    )
    df.show(truncate=False)
    assert "|19 |This is a super long name|" in capsys.readouterr().out
    df.show()
    assert "| 19|This is a super l...|" in capsys.readouterr().out
    df.show(1, vertical=True)
    assert capsys.readouterr().out == (
        "-RECORD 0---\n" " age  | 14  \n" " name | Tom \n" "only showing top 1 row\n" "\n"
    )


def test_show_formats_values_as_spark(spark, capsys):
    df = spark.createDataFrame(
        [
            (1.0e7, decimal.Decimal("1.50"), datetime.date(2024, 2, 29),
             datetime.datetime(2024, 1, 2, 3, 4, 5), bytearray(b"\x01\xab"), True, None)
        ],
        "d double, m decimal(5,2), day date, ts timestamp, b binary, f boolean, n string",
    )
    df.show()
    assert capsys.readouterr().out.splitlines()[3] == (
        "|1.0E7|1.50|2024-02-29|2024-01-02 03:04:05|[01 AB]|true|null|"
    )


def test_show_checks_its_arguments(spark):
    import pytest

    from ember.errors import PySparkTypeError

    with pytest.raises(PySparkTypeError, match=r"\[NOT_INT\] Argument `n` should be an int, got str."):
        spark.range(1).show("2")
    with pytest.raises(PySparkTypeError, match=r"\[NOT_BOOL\] Argument `vertical`"):
        spark.range(1).show(vertical="yes")


def test_print_schema(spark, capsys):
    df = spark.createDataFrame([(1, "a", decimal.Decimal("1.5"))], "age bigint, name string, m decimal(10,2)")
    df.printSchema()
    assert capsys.readouterr().out == (
        "root\n"
        " |-- age: long (nullable = true)\n"
        " |-- name: string (nullable = true)\n"
        " |-- m: decimal(10,2) (nullable = true)\n"
        "\n"
    )
    assert df.schema.treeString() == "".join(
        [
            "root\n",
            " |-- age: long (nullable = true)\n",
            " |-- name: string (nullable = true)\n",
            " |-- m: decimal(10,2) (nullable = true)\n",
        ]
    )


def test_row_repr_and_access():
    row = Row(name="Alice", age=11)
    assert repr(row) == "Row(name='Alice', age=11)"
    assert (row["name"], row["age"]) == ("Alice", 11)
    assert (row.name, row.age) == ("Alice", 11)
    assert "name" in row and "wrong_key" not in row
    assert row.asDict() == {"name": "Alice", "age": 11}
    assert isinstance(row, tuple) and row == ("Alice", 11) and row[1] == 11
    Person = Row("name", "age")
    assert repr(Person) == "<Row('name', 'age')>"
    assert repr(Person("Alice", 11)) == "Row(name='Alice', age=11)"
    assert repr(Row(1, "x")) == "<Row(1, 'x')>"
    nested = Row(key=1, value=Row(name="a", age=2))
    assert nested.asDict(True) == {"key": 1, "value": {"name": "a", "age": 2}}
    assert repr(Row(a=None, b=1.5, c=datetime.date(2024, 1, 2))) == (
        "Row(a=None, b=1.5, c=datetime.date(2024, 1, 2))"
    )


def test_row_is_read_only_and_pickles():
    import pickle

    import pytest

    row = Row(a=1, b="x")
    with pytest.raises(RuntimeError, match="Row is read-only"):
        row.a = 2
    copy = pickle.loads(pickle.dumps(row))
    assert repr(copy) == "Row(a=1, b='x')" and copy.b == "x"
    with pytest.raises(AttributeError):
        row.missing


def test_collect_repr_column_repr_and_dataframe_repr(spark):
    df = spark.createDataFrame([(14, "Tom"), (23, "Alice")], ["age", "name"])
    assert repr(df.collect()) == "[Row(age=14, name='Tom'), Row(age=23, name='Alice')]"
    assert repr(df) == "DataFrame[age: bigint, name: string]"
    assert repr(df.age > 1) == "Column<'(age > 1)'>"
    assert repr(df.age.alias("years")) == "Column<'age AS years'>"


def test_type_reprs_and_simple_strings(spark):
    schema = StructType([StructField("age", LongType(), True), StructField("name", StringType(), False)])
    assert repr(schema) == (
        "StructType([StructField('age', LongType(), True), StructField('name', StringType(), False)])"
    )
    assert schema.simpleString() == "struct<age:bigint,name:string>"
    assert repr(DecimalType(10, 2)) == "DecimalType(10,2)"
    df = spark.createDataFrame([(1, "a")], schema)
    assert df.schema == schema
    assert df.dtypes == [("age", "bigint"), ("name", "string")]


def test_explain_prints_the_physical_plan(spark, capsys):
    spark.range(10).explain()
    out = capsys.readouterr().out
    assert out.startswith("== Physical Plan ==\n") and "Range" in out and out.endswith("\n\n")
    spark.range(10).explain(True)
    out = capsys.readouterr().out
    assert out.startswith("== Analyzed Logical Plan ==\n") and "== Physical Plan ==" in out

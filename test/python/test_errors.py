"""Engine errors surface as PySpark's exception classes with the engine's error class and
message; argument mistakes caught in Python raise PySparkTypeError/ValueError."""

import pytest

import ember.sql.functions as F
from ember.errors import (
    AnalysisException,
    ArithmeticException,
    IllegalArgumentException,
    NumberFormatException,
    ParseException,
    PySparkAttributeError,
    PySparkException,
    PySparkNotImplementedError,
    PySparkTypeError,
    SparkNoSuchElementException,
    SparkRuntimeException,
)


def test_unknown_column_is_an_analysis_exception_naming_the_columns(spark):
    df = spark.createDataFrame([(1, "a")], ["id", "name"])
    with pytest.raises(AnalysisException) as error:
        df.select("nope")
    assert error.value.getErrorClass() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert error.value.getCondition() == "UNRESOLVED_COLUMN.WITH_SUGGESTION"
    assert str(error.value) == (
        "[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column, variable, or function parameter with name "
        "`nope` cannot be resolved. Did you mean one of the following? [`name`, `id`]."
    )
    assert isinstance(error.value, PySparkException)
    with pytest.raises(AnalysisException):
        df.filter(F.col("missing") > 1)
    with pytest.raises(PySparkAttributeError, match=r"\[ATTRIBUTE_NOT_SUPPORTED\] Attribute `nope`"):
        df.nope


def test_old_import_location_still_works(spark):
    from ember.sql.utils import AnalysisException as OldName

    with pytest.raises(OldName):
        spark.range(1).select("x")


def test_parse_errors(spark):
    with pytest.raises(ParseException) as error:
        spark.range(1).select(F.col("id").cast("int64"))
    assert error.value.getErrorClass() == "UNSUPPORTED_DATATYPE"
    assert 'Unsupported data type "int64"' in str(error.value)
    assert isinstance(error.value, AnalysisException)  # as in PySpark
    with pytest.raises(ParseException):
        spark.createDataFrame([(1,)], "id")


def test_execution_errors_by_error_class(spark):
    with pytest.raises(ArithmeticException) as error:
        spark.range(3).select(F.col("id") / 0).collect()
    assert error.value.getErrorClass() == "DIVIDE_BY_ZERO"
    assert str(error.value).startswith("[DIVIDE_BY_ZERO] Division by zero.")
    with pytest.raises(NumberFormatException) as error:
        spark.createDataFrame([("x1",)], "s string").select(F.col("s").cast("int")).collect()
    assert error.value.getErrorClass() == "CAST_INVALID_INPUT"
    assert isinstance(error.value, IllegalArgumentException)
    assert spark.createDataFrame([("x1",)], "s string").select(
        F.col("s").try_cast("int")).first() == (None,)


def test_illegal_arguments(spark):
    with pytest.raises(IllegalArgumentException, match=r"spark.sql.shuffle.partitions"):
        spark.conf.set("spark.sql.shuffle.partitions", "many")
    with pytest.raises(IllegalArgumentException, match="INVALID_SAVE_MODE"):
        spark.range(1).write.mode("sometimes")
    with pytest.raises(SparkNoSuchElementException, match=r'\[SQL_CONF_NOT_FOUND\] The SQL config "no.such.key"'):
        spark.conf.get("no.such.key")


def test_missing_path_is_an_analysis_exception(spark, tmp_path):
    with pytest.raises(AnalysisException) as error:
        spark.read.parquet(str(tmp_path / "nothing-here"))
    assert error.value.getErrorClass() == "PATH_NOT_FOUND"
    assert str(tmp_path / "nothing-here") in str(error.value)


def test_argument_types_are_checked_in_python(spark):
    df = spark.range(1)
    with pytest.raises(PySparkTypeError, match=r"\[NOT_COLUMN_OR_STR\] Argument `col` should be a "
                       r"Column or str, got int."):
        df.select(1)
    with pytest.raises(PySparkTypeError, match=r"\[NOT_COLUMN\] Argument `col` should be a Column, got str."):
        df.withColumn("x", "id")
    with pytest.raises(ValueError, match=r"CANNOT_CONVERT_COLUMN_INTO_BOOL"):
        bool(df.id > 1)
    with pytest.raises(PySparkTypeError, match="NOT_ITERABLE"):
        iter(df.id)


def test_sql_strings_are_refused_clearly(spark):
    with pytest.raises(PySparkNotImplementedError, match="no SQL parser yet"):
        spark.range(5).filter("id > 2")


def test_failed_task_reports_the_tasks_error_after_retries(spark):
    with pytest.raises(ArithmeticException, match=r"failed 4 times; spark.task.maxFailures = 4"):
        spark.range(4).select(F.lit(1) / (F.col("id") - 2)).collect()


def test_errors_are_pyspark_exceptions_with_messages(spark):
    try:
        spark.range(1).select("missing").collect()
    except PySparkException as error:
        assert error.getMessage() == str(error)
        assert error.getMessageParameters() == {}
        assert error.getSqlState() is None
    else:
        raise AssertionError("select of a missing column did not fail")
    assert issubclass(SparkRuntimeException, PySparkException)

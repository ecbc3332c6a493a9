"""The exceptions' older home, as ``pyspark.sql.utils``: ``from ember.sql.utils import
AnalysisException`` works as it does with PySpark."""

from ember.errors import (
    AnalysisException,
    ArithmeticException,
    CapturedException,
    IllegalArgumentException,
    NumberFormatException,
    ParseException,
    SparkRuntimeException,
    UnknownException,
    UnsupportedOperationException,
)

__all__ = [
    "AnalysisException",
    "ArithmeticException",
    "CapturedException",
    "IllegalArgumentException",
    "NumberFormatException",
    "ParseException",
    "SparkRuntimeException",
    "UnknownException",
    "UnsupportedOperationException",
]

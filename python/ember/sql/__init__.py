"""ember.sql: the PySpark DataFrame API over Ember's C++ engine.

Change ``from pyspark.sql import SparkSession`` to ``from ember.sql import SparkSession`` and a
typical PySpark job runs unchanged; see docs/python.md for what is there and what is not.
"""

from ember.sql import functions, types
from ember.sql.column import Column
from ember.sql.dataframe import DataFrame, DataFrameNaFunctions
from ember.sql.group import GroupedData
from ember.sql.readwriter import DataFrameReader, DataFrameWriter
from ember.sql.session import RuntimeConfig, SparkSession
from ember.sql.types import Row

__all__ = [
    "SparkSession",
    "DataFrame",
    "Column",
    "Row",
    "GroupedData",
    "DataFrameNaFunctions",
    "DataFrameReader",
    "DataFrameWriter",
    "RuntimeConfig",
    "functions",
    "types",
]

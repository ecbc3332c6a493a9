"""Reading and writing files, mirroring ``pyspark.sql.DataFrameReader`` / ``DataFrameWriter``.

Formats: parquet (the default, as Spark's spark.sql.sources.default), csv and json (lines).
Options use Spark's names (``header``, ``inferSchema``, ``sep``, ``compression``...); the engine
checks them and names a wrong one.
"""

from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

from ember.errors import PySparkTypeError, argument_type_error
from ember.sql.types import StructType, _parse_datatype_string, _struct_to_engine

if TYPE_CHECKING:
    from ember.sql.dataframe import DataFrame
    from ember.sql.session import SparkSession

__all__ = ["DataFrameReader", "DataFrameWriter"]

PathOrPaths = Union[str, List[str]]


def _option_text(value: Any) -> str:
    """Converts an option value as PySpark does: booleans become "true"/"false"."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _paths(path: Any) -> List[str]:
    if isinstance(path, str):
        return [path]
    if isinstance(path, (list, tuple)) and all(isinstance(p, str) for p in path):
        return list(path)
    raise argument_type_error("NOT_LIST_OR_STR_OR_TUPLE", "path", path)


class DataFrameReader:
    """Loads files into a DataFrame: ``spark.read.option("header", True).csv("/data")``.

    Listing the files and inferring the schema happen when the DataFrame is created; the rows are
    read by the tasks of the first action, one task per split of the files."""

    def __init__(self, spark: "SparkSession"):
        self._spark = spark
        self._jreader = spark._jsession.read()

    def format(self, source: str) -> "DataFrameReader":
        self._jreader.format(source)
        return self

    def option(self, key: str, value: Any) -> "DataFrameReader":
        if value is not None:
            self._jreader.option(key, _option_text(value))
        return self

    def options(self, **options: Any) -> "DataFrameReader":
        for key, value in options.items():
            self.option(key, value)
        return self

    def schema(self, schema: Union[StructType, str]) -> "DataFrameReader":
        """Sets the schema instead of inferring it, as a StructType or DDL ("a int, b string")."""
        if isinstance(schema, str):
            schema = _parse_datatype_string(schema)
        if not isinstance(schema, StructType):
            raise PySparkTypeError(
                "Argument `schema` should be a str or struct type, got %s."
                % type(schema).__name__,
                "NOT_STR_OR_STRUCT",
            )
        self._jreader.schema(_struct_to_engine(schema))
        return self

    def table(self, tableName: str) -> "DataFrame":
        """Returns temporary view `tableName`, as spark.table does."""
        from ember.sql.dataframe import DataFrame

        return DataFrame(self._jreader.table(tableName), self._spark)

    def load(
        self,
        path: Optional[PathOrPaths] = None,
        format: Optional[str] = None,
        schema: Optional[Union[StructType, str]] = None,
        **options: Any,
    ) -> "DataFrame":
        """Reads a file, a directory (recursively, with key=value partition directories) or a
        glob, or a list of them."""
        from ember.sql.dataframe import DataFrame

        if format is not None:
            self.format(format)
        if schema is not None:
            self.schema(schema)
        self.options(**options)
        if path is None:
            raise PySparkTypeError(
                "Argument `path` is required: load() reads files; read a temporary view with table().",
                "ARGUMENT_REQUIRED",
            )
        return DataFrame(self._jreader.load(_paths(path), self._spark._jsession), self._spark)

    def parquet(self, *paths: str, **options: Any) -> "DataFrame":
        return self.load(list(paths), format="parquet", **options)

    def csv(
        self,
        path: PathOrPaths,
        schema: Optional[Union[StructType, str]] = None,
        sep: Optional[str] = None,
        encoding: Optional[str] = None,
        quote: Optional[str] = None,
        escape: Optional[str] = None,
        comment: Optional[str] = None,
        header: Optional[Union[bool, str]] = None,
        inferSchema: Optional[Union[bool, str]] = None,
        **options: Any,
    ) -> "DataFrame":
        named = dict(
            sep=sep,
            encoding=encoding,
            quote=quote,
            escape=escape,
            comment=comment,
            header=header,
            inferSchema=inferSchema,
        )
        return self.load(path, format="csv", schema=schema, **named, **options)

    def json(
        self,
        path: PathOrPaths,
        schema: Optional[Union[StructType, str]] = None,
        **options: Any,
    ) -> "DataFrame":
        return self.load(path, format="json", schema=schema, **options)


class DataFrameWriter:
    """Saves a DataFrame as files: ``df.write.mode("overwrite").partitionBy("year").parquet(p)``.

    Tasks write in parallel; the output appears atomically with a _SUCCESS marker, and a failed
    (or cancelled) write leaves the destination as it was."""

    def __init__(self, df: "DataFrame"):
        self._df = df
        self._jwriter = df._jdf.write()

    def mode(self, saveMode: Optional[str]) -> "DataFrameWriter":
        """Sets what happens if the destination exists: "error"/"errorifexists" (default),
        "append", "overwrite" or "ignore"."""
        if saveMode is not None:
            self._jwriter.mode(saveMode)
        return self

    def format(self, source: str) -> "DataFrameWriter":
        self._jwriter.format(source)
        return self

    def option(self, key: str, value: Any) -> "DataFrameWriter":
        if value is not None:
            self._jwriter.option(key, _option_text(value))
        return self

    def options(self, **options: Any) -> "DataFrameWriter":
        for key, value in options.items():
            self.option(key, value)
        return self

    def partitionBy(self, *cols: Union[str, List[str]]) -> "DataFrameWriter":
        """Writes one key=value directory level per column, in order."""
        if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
            cols = tuple(cols[0])
        for name in cols:
            if not isinstance(name, str):
                raise argument_type_error("NOT_STR", "cols", name)
        self._jwriter.partition_by(list(cols))
        return self

    def save(
        self,
        path: Optional[str] = None,
        format: Optional[str] = None,
        mode: Optional[str] = None,
        partitionBy: Optional[Union[str, List[str]]] = None,
        **options: Any,
    ) -> None:
        self.mode(mode)
        if format is not None:
            self.format(format)
        if partitionBy is not None:
            self.partitionBy(partitionBy)
        self.options(**options)
        if not isinstance(path, str):
            raise PySparkTypeError(
                "Argument `path` should be a str, got %s: Ember writes files, it has no tables "
                "yet." % type(path).__name__,
                "NOT_STR",
            )
        self._jwriter.save(path, self._df.sparkSession._jsession)

    def parquet(
        self,
        path: str,
        mode: Optional[str] = None,
        partitionBy: Optional[Union[str, List[str]]] = None,
        compression: Optional[str] = None,
    ) -> None:
        self.save(path, "parquet", mode, partitionBy, compression=compression)

    def csv(
        self,
        path: str,
        mode: Optional[str] = None,
        compression: Optional[str] = None,
        sep: Optional[str] = None,
        quote: Optional[str] = None,
        escape: Optional[str] = None,
        header: Optional[Union[bool, str]] = None,
        nullValue: Optional[str] = None,
        **options: Any,
    ) -> None:
        named: Dict[str, Any] = dict(
            compression=compression,
            sep=sep,
            quote=quote,
            escape=escape,
            header=header,
            nullValue=nullValue,
        )
        self.save(path, "csv", mode, None, **named, **options)

    def json(
        self,
        path: str,
        mode: Optional[str] = None,
        compression: Optional[str] = None,
        **options: Any,
    ) -> None:
        self.save(path, "json", mode, None, compression=compression, **options)

"""SparkSession, mirroring ``pyspark.sql.SparkSession``: the entry point that creates
DataFrames and owns the engine running their jobs."""

import contextlib
import datetime
import gc
import json
import os
import threading
from typing import Any, Dict, List, NamedTuple, Optional, Tuple, Union

from ember import _ember
from ember.errors import (
    PySparkTypeError,
    PySparkValueError,
    SparkNoSuchElementException,
)
from ember.sql.dataframe import DataFrame
from ember.sql.readwriter import DataFrameReader
from ember.sql.types import (
    DataType,
    StructField,
    StructType,
    _infer_schema_of_rows,
    _parse_datatype_string,
    _struct_to_engine,
)

__all__ = ["SparkSession", "RuntimeConfig"]

# `ember submit` presets the master and settings through these variables, as spark-submit does
# through its JVM properties. Settings in the code (builder.master(), .config()) take precedence.
SUBMIT_MASTER_ENV = "EMBER_SUBMIT_MASTER"
SUBMIT_CONF_ENV = "EMBER_SUBMIT_CONF"  # a JSON object of key -> value


class _NoValue:
    """Marks an argument that was not given (None is a valid default)."""


def _setting_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class RuntimeConfig:
    """The session's settings: ``spark.conf.set("spark.sql.shuffle.partitions", 8)``. Keys are
    Spark's (``ember conf`` lists them); a bad value fails when set, naming the key."""

    def __init__(self, session: "SparkSession"):
        self._session = session

    def set(self, key: str, value: Union[str, int, bool]) -> None:
        self._session._jsession.set_conf(key, _setting_text(value))

    def get(self, key: str, default: Any = _NoValue) -> Optional[str]:
        """Returns the value set for `key`, else `default` if given, else the key's own
        default; fails for a key that is neither set nor known."""
        if default is not _NoValue:
            value = self.getAll.get(key)
            if value is not None:
                return value
            return default if default is None else str(default)
        value = self._session._jsession.get_conf_option(key)
        if value is None:
            raise SparkNoSuchElementException(
                'The SQL config "%s" cannot be found. Please verify that the config exists.' % key,
                "SQL_CONF_NOT_FOUND",
            )
        return value

    @property
    def getAll(self) -> Dict[str, str]:
        """Returns the settings that were set explicitly."""
        return dict(self._session._jsession.get_all_confs())

    def unset(self, key: str) -> None:
        self._session._jsession.unset_conf(key)


class _SparkContextInfo:
    """The attributes of ``spark.sparkContext`` that describe the running application."""

    def __init__(self, session: "SparkSession"):
        self._session = session

    @property
    def defaultParallelism(self) -> int:
        return self._session._jsession.default_parallelism()

    @property
    def master(self) -> str:
        return self._session.conf.get("spark.master")

    @property
    def appName(self) -> str:
        return self._session.conf.get("spark.app.name")

    @property
    def version(self) -> str:
        return self._session.version

    def cancelAllJobs(self) -> None:
        """Cancels every running job of the session."""
        self._session.interruptAll()


class Table(NamedTuple):
    """A catalog entry, as pyspark.sql.catalog.Table."""

    name: str
    catalog: Optional[str]
    namespace: Optional[List[str]]
    description: Optional[str]
    tableType: str
    isTemporary: bool


class Catalog:
    """spark.catalog: the session's temporary views (Ember has no persistent tables yet)."""

    def __init__(self, session: "SparkSession"):
        self._session = session

    def listTables(self, dbName: Optional[str] = None, pattern: Optional[str] = None) -> List[Table]:
        """Returns the temporary views (those whose name matches `pattern`, a LIKE-style pattern
        with * as wildcard, if given), sorted by name."""
        names = self._session._jsession.list_tables()
        if pattern is not None:
            import fnmatch

            names = [n for n in names if fnmatch.fnmatchcase(n.lower(), pattern.lower())]
        return [Table(n, None, [], None, "TEMPORARY", True) for n in names]

    def tableExists(self, tableName: str, dbName: Optional[str] = None) -> bool:
        return self._session._jsession.table_exists(tableName)

    def dropTempView(self, viewName: str) -> bool:
        """Removes temporary view `viewName`; returns whether it existed."""
        return self._session._jsession.drop_temp_view(viewName)


class SparkSession:
    """The entry point: ``SparkSession.builder.master("local[*]").getOrCreate()``."""

    _lock = threading.RLock()
    _activeSession: Optional["SparkSession"] = None

    class Builder:
        """Configures and creates (or returns the running) session."""

        def __init__(self) -> None:
            self._options: Dict[str, str] = {}

        def config(
            self,
            key: Optional[str] = None,
            value: Any = None,
            conf: Any = None,
            *,
            map: Optional[Dict[str, Any]] = None,
        ) -> "SparkSession.Builder":
            """Sets one setting (key, value), or every (key, value) of `map` or of `conf`."""
            if conf is not None:
                for k, v in conf.getAll():
                    self._options[k] = _setting_text(v)
            if map is not None:
                for k, v in map.items():
                    self._options[k] = _setting_text(v)
            if key is not None:
                self._options[key] = _setting_text(value)
            return self

        def master(self, master: str) -> "SparkSession.Builder":
            """Sets where tasks run: local, local[N], local[*]."""
            return self.config("spark.master", master)

        def appName(self, name: str) -> "SparkSession.Builder":
            return self.config("spark.app.name", name)

        def enableHiveSupport(self) -> "SparkSession.Builder":
            raise PySparkValueError(
                error_class="NOT_IMPLEMENTED",
                message_parameters={"feature": "Hive support (Ember has no metastore)"},
            )

        def getOrCreate(self) -> "SparkSession":
            """Returns the active session with this builder's settings applied, or starts one.
            `ember submit`'s --master and --conf come first; the builder's settings win."""
            settings: Dict[str, str] = {}
            submitted = os.environ.get(SUBMIT_CONF_ENV)
            if submitted:
                settings.update({k: str(v) for k, v in json.loads(submitted).items()})
            if os.environ.get(SUBMIT_MASTER_ENV):
                settings["spark.master"] = os.environ[SUBMIT_MASTER_ENV]
            settings.update(self._options)
            with SparkSession._lock:
                jsession = _ember.Session.get_or_create(settings)
                active = SparkSession._activeSession
                if active is not None and active._jsession.same_as(jsession):
                    return active
                session = SparkSession(jsession)
                SparkSession._activeSession = session
                return session

        create = getOrCreate

    class _BuilderDescriptor:
        def __get__(self, instance: Any, owner: Any) -> "SparkSession.Builder":
            return SparkSession.Builder()

    builder = _BuilderDescriptor()

    def __init__(self, jsession: "_ember.Session"):
        self._jsession = jsession

    @classmethod
    def getActiveSession(cls) -> Optional["SparkSession"]:
        return cls._activeSession

    @classmethod
    def active(cls) -> "SparkSession":
        session = cls._activeSession
        if session is None:
            raise PySparkValueError(
                "No active or default Spark session found. Please create a new Spark session "
                "before running the code.",
                "NO_ACTIVE_OR_DEFAULT_SESSION",
            )
        return session

    @property
    def conf(self) -> RuntimeConfig:
        return RuntimeConfig(self)

    @property
    def version(self) -> str:
        return self._jsession.version()

    @property
    def sparkContext(self) -> _SparkContextInfo:
        return _SparkContextInfo(self)

    @property
    def catalog(self) -> "Catalog":
        """The session's catalog: its temporary views."""
        return Catalog(self)

    def table(self, tableName: str) -> DataFrame:
        """Returns temporary view `tableName` (see DataFrame.createOrReplaceTempView)."""
        return DataFrame(self._jsession.table(tableName), self)

    @property
    def read(self) -> DataFrameReader:
        """Returns a reader of files: spark.read.parquet(path), spark.read.csv(path, header=True)."""
        return DataFrameReader(self)

    def _time_zone_name(self) -> Optional[str]:
        """Returns the session time zone's name, or None when it is UTC."""
        name = self._jsession.get_conf_option("spark.sql.session.timeZone") or "UTC"
        if name.upper() in ("UTC", "Z", "GMT", "+00:00", "ETC/UTC"):
            return None
        return name

    def _time_zone(self) -> Optional[datetime.tzinfo]:
        """Returns the session time zone as a tzinfo, or None when it is UTC."""
        name = self._time_zone_name()
        if name is None:
            return None
        if name[0] in "+-":
            sign = -1 if name[0] == "-" else 1
            hours, _, minutes = name[1:].partition(":")
            return datetime.timezone(sign * datetime.timedelta(hours=int(hours), minutes=int(minutes or 0)))
        import zoneinfo

        return zoneinfo.ZoneInfo(name)

    def range(
        self,
        start: int,
        end: Optional[int] = None,
        step: int = 1,
        numPartitions: Optional[int] = None,
    ) -> DataFrame:
        """Returns a column "id" (bigint) from `start` to `end` (exclusive) by `step`; range(n)
        counts from 0. numPartitions defaults to spark.default.parallelism."""
        if end is None:
            start, end = 0, start
        return DataFrame(
            self._jsession.range(int(start), int(end), int(step), int(numPartitions or -1)), self
        )

    def createDataFrame(
        self,
        data: Any,
        schema: Optional[Union[StructType, DataType, str, List[str], Tuple[str, ...]]] = None,
        samplingRatio: Optional[float] = None,
        verifySchema: bool = True,
    ) -> DataFrame:
        """Builds a DataFrame from a list of tuples, dicts, Rows or objects, or from a pandas
        DataFrame. Without a schema the types are inferred from every row (int -> bigint,
        float -> double, str -> string, Decimal -> decimal(38,18), datetime -> timestamp, ...);
        a list of names renames the inferred columns; a StructType or DDL string ("a int,
        b string") gives the types, and each value must fit its field."""
        if isinstance(data, DataFrame):
            raise PySparkTypeError(
                error_class="INVALID_TYPE",
                message_parameters={"arg_name": "data", "arg_type": "DataFrame"},
            )
        names: Optional[List[str]] = None
        if isinstance(schema, str):
            schema = _parse_datatype_string(schema)
        elif isinstance(schema, (list, tuple)):
            names = [n if isinstance(n, str) else str(n) for n in schema]
            schema = None
        elif schema is not None and not isinstance(schema, DataType):
            raise PySparkTypeError(
                "Argument `schema` should be a DataType, str, list or tuple, got %s."
                % type(schema).__name__,
                "NOT_LIST_OR_NONE_OR_STRUCT",
            )
        with _paused_garbage_collector():
            if _is_pandas(data):
                if schema is None:
                    schema = _schema_of_pandas(data, names)
                rows = _rows_of_pandas(data)
            else:
                rows = list(data)
            if isinstance(schema, DataType) and not isinstance(schema, StructType):
                schema = StructType([StructField("value", schema, True)])
                rows = [(value,) for value in rows]
            if schema is None:
                schema = _infer_schema_of_rows(rows, names)
                if names:
                    for i, name in enumerate(names[: len(schema.fields)]):
                        schema.fields[i].name = name
                    schema.names = [f.name for f in schema.fields]
            tuples = [_row_values(row, schema) for row in rows]
            fields = _struct_to_engine(schema)
            jdf = self._jsession.create_data_frame(tuples, fields, self._time_zone())
        return DataFrame(jdf, self)

    # Job tags and cancellation (Spark 3.5's SparkSession API).
    def addTag(self, tag: str) -> None:
        """Tags the jobs this thread starts, so interruptTag(tag) can cancel them."""
        self._jsession.add_tag(tag)

    def removeTag(self, tag: str) -> None:
        self._jsession.remove_tag(tag)

    def getTags(self) -> set:
        return set(self._jsession.get_tags())

    def clearTags(self) -> None:
        self._jsession.clear_tags()

    def interruptAll(self) -> List[str]:
        """Cancels every running job of the session; returns their ids."""
        return list(self._jsession.interrupt_all())

    def interruptTag(self, tag: str) -> List[str]:
        """Cancels the running jobs tagged `tag`; returns their ids."""
        return list(self._jsession.interrupt_tag(tag))

    def stop(self) -> None:
        """Stops the executors and removes shuffle files; getOrCreate() then starts anew."""
        with SparkSession._lock:
            self._jsession.stop()
            if SparkSession._activeSession is self:
                SparkSession._activeSession = None

    def __enter__(self) -> "SparkSession":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop()


def _row_values(row: Any, schema: StructType) -> Any:
    """Returns a row's values in field order: dicts and objects by field name, sequences (tuples,
    lists, Rows) by position."""
    if isinstance(row, dict):
        return tuple(row.get(name) for name in schema.names)
    if isinstance(row, (tuple, list)):
        return row
    if hasattr(row, "__dict__"):
        return tuple(row.__dict__.get(name) for name in schema.names)
    raise PySparkTypeError(
        error_class="CANNOT_INFER_SCHEMA_FOR_TYPE",
        message_parameters={"data_type": type(row).__name__},
    )


@contextlib.contextmanager
def _paused_garbage_collector() -> Any:
    """Pauses the cyclic garbage collector while millions of row tuples are built: they cannot
    form cycles, and each collection would scan the whole growing list again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _is_pandas(data: Any) -> bool:
    try:
        import pandas as pd
    except ImportError:
        return False
    return isinstance(data, pd.DataFrame)


def _schema_of_pandas(pdf: Any, names: Optional[List[str]]) -> StructType:
    """Infers a pandas DataFrame's schema as PySpark does without Arrow (its rows hold Python
    ints, floats, bools and datetimes), from the dtypes: only object columns need their values
    looked at."""
    import pandas as pd

    from ember.sql.types import (
        BooleanType,
        DoubleType,
        LongType,
        TimestampType,
        _infer_schema_of_rows,
    )

    column_names = [str(c) for c in pdf.columns]
    if names:
        column_names[: len(names)] = names[: len(column_names)]
    fields = []
    for i, name in enumerate(column_names):
        dtype = pdf.dtypes.iloc[i]
        if pd.api.types.is_bool_dtype(dtype):
            data_type: DataType = BooleanType()
        elif pd.api.types.is_integer_dtype(dtype):
            data_type = LongType()
        elif pd.api.types.is_float_dtype(dtype):
            data_type = DoubleType()
        elif pd.api.types.is_datetime64_any_dtype(dtype):
            data_type = TimestampType()
        else:
            column = _rows_of_pandas(pdf.iloc[:, [i]])
            data_type = _infer_schema_of_rows(column, [name]).fields[0].dataType
        fields.append(StructField(name, data_type, True))
    return StructType(fields)


def _rows_of_pandas(pdf: Any) -> List[tuple]:
    """Returns a pandas DataFrame's rows as tuples of Python values, as PySpark's conversion
    without Arrow: numpy scalars become int/float/bool, datetime64 values datetimes, NaT and
    None become None (NaN in a float column stays NaN)."""
    import pandas as pd

    columns = []
    for i in range(pdf.shape[1]):
        series = pdf.iloc[:, i]
        if pd.api.types.is_datetime64_any_dtype(series.dtype):
            values = [None if pd.isna(v) else v.to_pydatetime() for v in series]
        elif pd.api.types.is_object_dtype(series.dtype):
            values = [None if v is None or v is pd.NaT or v is pd.NA else v for v in series]
        else:
            values = series.tolist()
        columns.append(values)
    return list(zip(*columns)) if columns else [() for _ in range(len(pdf))]

"""DataFrame, mirroring ``pyspark.sql.DataFrame``.

Transformations (select, filter, groupBy, join, repartition...) only build a plan, checked at
once: an unknown column fails where it is written, naming the available ones. Actions (count,
collect, show, toPandas, write) run the plan as a job of stages of tasks, one task per partition,
without holding the GIL; Ctrl-C cancels the job.
"""

import random
from functools import reduce
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Tuple, Union

from ember import _ember
from ember.errors import (
    argument_type_error,
    PySparkAttributeError,
    PySparkNotImplementedError,
    PySparkTypeError,
    PySparkValueError,
)
from ember.sql.column import Column, _literal, _to_column_list
from ember.sql.group import GroupedData
from ember.sql.readwriter import DataFrameWriter
from ember.sql.types import Row, StructType, _struct_from_engine

if TYPE_CHECKING:
    import pandas

    from ember.sql.session import SparkSession

__all__ = ["DataFrame"]

ColumnOrName = Union[Column, str]


class _DataFrameRDD:
    """The part of ``df.rdd`` that a DataFrame engine has without RDDs: its partitioning."""

    def __init__(self, df: "DataFrame"):
        self._df = df

    def getNumPartitions(self) -> int:
        """Returns the number of partitions, from the plan alone (no job runs)."""
        return self._df._jdf.num_partitions()


class DataFrame:
    """A distributed collection of rows with named columns."""

    def __init__(self, jdf: "_ember.DataFrame", session: "SparkSession"):
        self._jdf = jdf
        self.sparkSession = session
        self._cached_schema: Optional[StructType] = None

    def _wrap(self, jdf: "_ember.DataFrame") -> "DataFrame":
        return DataFrame(jdf, self.sparkSession)

    # Metadata (no job runs).
    @property
    def schema(self) -> StructType:
        if self._cached_schema is None:
            self._cached_schema = _struct_from_engine(self._jdf.schema())
        return self._cached_schema

    @property
    def columns(self) -> List[str]:
        return [field.name for field in self.schema.fields]

    @property
    def dtypes(self) -> List[Tuple[str, str]]:
        return [(field.name, field.dataType.simpleString()) for field in self.schema.fields]

    def printSchema(self, level: Optional[int] = None) -> None:
        print(self._jdf.schema_string())

    def explain(
        self, extended: Optional[Union[bool, str]] = None, mode: Optional[str] = None
    ) -> None:
        """Prints the physical plan; explain(True) or mode="extended" adds the logical plans."""
        if isinstance(extended, str) and mode is None:
            extended, mode = None, extended
        if mode is None:
            mode = "extended" if extended else "simple"
        elif extended is not None:
            raise PySparkValueError(
                "extended and mode should not be set together.", "CANNOT_SET_TOGETHER"
            )
        if mode not in ("simple", "extended"):
            raise PySparkValueError(
                error_class="UNKNOWN_EXPLAIN_MODE", message_parameters={"explain_mode": mode}
            )
        print(self._jdf.explain_string(mode == "extended"))

    @property
    def rdd(self) -> _DataFrameRDD:
        return _DataFrameRDD(self)

    @property
    def write(self) -> DataFrameWriter:
        return DataFrameWriter(self)

    @property
    def na(self) -> "DataFrameNaFunctions":
        return DataFrameNaFunctions(self)

    def __repr__(self) -> str:
        return "DataFrame[%s]" % ", ".join("%s: %s" % pair for pair in self.dtypes)

    # Columns.
    def col(self, colName: str) -> Column:
        """Returns a column of this DataFrame; unambiguous after joins of same-named columns."""
        if not isinstance(colName, str):
            raise argument_type_error("NOT_STR", "col", colName)
        return Column(self._jdf.col(colName))

    def __getattr__(self, name: str) -> Column:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self.columns:
            raise PySparkAttributeError(
                error_class="ATTRIBUTE_NOT_SUPPORTED", message_parameters={"attr_name": name}
            )
        return self.col(name)

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, str):
            return self.col(item)
        if isinstance(item, Column):
            return self.filter(item)
        if isinstance(item, (list, tuple)):
            return self.select(*item)
        if isinstance(item, int):
            return self.col(self.columns[item])
        raise PySparkTypeError(
            "Argument `item` should be a Column, int, list, str or tuple, got %s."
            % type(item).__name__,
            "NOT_COLUMN_OR_INT_OR_LIST_OR_STR_OR_TUPLE",
        )

    # Transformations.
    def select(self, *cols: Any) -> "DataFrame":
        """Projects columns: names ("*" for all), Columns, or one list of them."""
        return self._wrap(self._jdf.select(_to_column_list(cols)))

    def filter(self, condition: Column) -> "DataFrame":
        """Keeps the rows where `condition` holds."""
        if isinstance(condition, str):
            raise PySparkNotImplementedError(
                error_class="NOT_IMPLEMENTED",
                message_parameters={
                    "feature": "A SQL expression string as a filter condition (%r); Ember has no "
                    "SQL parser yet, so write it with Columns, e.g. df.amount > 100" % condition
                },
            )
        if not isinstance(condition, Column):
            raise argument_type_error("NOT_COLUMN_OR_STR", "condition", condition)
        return self._wrap(self._jdf.filter(condition._jc))

    where = filter

    def withColumn(self, colName: str, col: Column) -> "DataFrame":
        """Adds a column, or replaces the one of the same name."""
        if not isinstance(col, Column):
            raise argument_type_error("NOT_COLUMN", "col", col)
        return self._wrap(self._jdf.with_column(colName, col._jc))

    def withColumns(self, *colsMap: Dict[str, Column]) -> "DataFrame":
        if len(colsMap) != 1 or not isinstance(colsMap[0], dict):
            raise argument_type_error("NOT_DICT", "colsMap", colsMap)
        df = self
        for name, column in colsMap[0].items():
            df = df.withColumn(name, column)
        return df

    def withColumnRenamed(self, existing: str, new: str) -> "DataFrame":
        """Renames a column; a no-op if there is no such column."""
        return self._wrap(self._jdf.with_column_renamed(existing, new))

    def withColumnsRenamed(self, colsMap: Dict[str, str]) -> "DataFrame":
        if not isinstance(colsMap, dict):
            raise argument_type_error("NOT_DICT", "colsMap", colsMap)
        df = self
        for existing, new in colsMap.items():
            df = df.withColumnRenamed(existing, new)
        return df

    def drop(self, *cols: ColumnOrName) -> "DataFrame":
        """Removes columns by name (or plain column reference); unknown names are ignored."""
        names = []
        for c in cols:
            if isinstance(c, Column):
                names.append(str(c))
            elif isinstance(c, str):
                names.append(c)
            else:
                raise argument_type_error("NOT_COLUMN_OR_STR", "cols", c)
        return self._wrap(self._jdf.drop(names))

    def toDF(self, *cols: str) -> "DataFrame":
        """Renames all columns, in order."""
        return self._wrap(self._jdf.to_df(list(cols)))

    def groupBy(self, *cols: Any) -> GroupedData:
        """Groups rows by key columns for aggregation; no keys groups all rows into one."""
        return GroupedData(self._jdf.group_by(_to_column_list(cols)), self)

    groupby = groupBy

    def agg(self, *exprs: Any) -> "DataFrame":
        """Aggregates all rows: df.agg(F.sum("x")) = df.groupBy().agg(F.sum("x"))."""
        return self.groupBy().agg(*exprs)

    def join(
        self,
        other: "DataFrame",
        on: Optional[Union[str, List[str], Column, List[Column]]] = None,
        how: Optional[str] = None,
    ) -> "DataFrame":
        """Joins with `other` on column names (which appear once in the output), or on a
        boolean Column (or a list of them, ANDed). `how`: inner (default), left, right, full,
        left_semi, left_anti, cross, and Spark's other spellings."""
        if not isinstance(other, DataFrame):
            raise argument_type_error("NOT_DATAFRAME", "other", other)
        how = how or "inner"
        if on is None:
            if how.lower() in ("inner", "cross"):
                return self._wrap(self._jdf.cross_join(other._jdf))
            return self._wrap(self._jdf.join_on(other._jdf, _literal(True), how))
        if not isinstance(on, list):
            on = [on]
        if all(isinstance(c, str) for c in on):
            return self._wrap(self._jdf.join_using(other._jdf, on, how))
        if all(isinstance(c, Column) for c in on):
            condition = reduce(lambda a, b: a & b, on)
            return self._wrap(self._jdf.join_on(other._jdf, condition._jc, how))
        raise argument_type_error("NOT_COLUMN_OR_LIST_OR_STR", "on", on)

    def crossJoin(self, other: "DataFrame") -> "DataFrame":
        return self._wrap(self._jdf.cross_join(other._jdf))

    def _sort_columns(self, cols: Any, kwargs: Dict[str, Any]) -> List["_ember.Column"]:
        columns = _to_column_list(cols)
        ascending = kwargs.get("ascending", True)
        if isinstance(ascending, (bool, int)):
            if not ascending:
                columns = [c.desc() for c in columns]
        elif isinstance(ascending, list):
            if len(ascending) != len(columns):
                raise PySparkValueError(
                    error_class="LENGTH_SHOULD_BE_THE_SAME",
                    message_parameters={
                        "arg1": "ascending",
                        "arg2": "cols",
                        "arg1_length": str(len(ascending)),
                        "arg2_length": str(len(columns)),
                    },
                )
            columns = [c if asc else c.desc() for asc, c in zip(ascending, columns)]
        else:
            raise argument_type_error("NOT_BOOL_OR_LIST", "ascending", ascending)
        return columns

    def orderBy(self, *cols: Any, **kwargs: Any) -> "DataFrame":
        """Sorts globally (a range shuffle): names or Columns, F.desc("x"), ascending=False or a
        list of booleans."""
        return self._wrap(self._jdf.order_by(self._sort_columns(cols, kwargs)))

    sort = orderBy

    def sortWithinPartitions(self, *cols: Any, **kwargs: Any) -> "DataFrame":
        return self._wrap(self._jdf.sort_within_partitions(self._sort_columns(cols, kwargs)))

    def limit(self, num: int) -> "DataFrame":
        return self._wrap(self._jdf.limit(num))

    def distinct(self) -> "DataFrame":
        return self._wrap(self._jdf.distinct())

    def dropDuplicates(self, subset: Optional[List[str]] = None) -> "DataFrame":
        """Keeps one row per distinct value of `subset` (of all columns when omitted)."""
        if subset is not None and not isinstance(subset, (list, tuple)):
            raise argument_type_error("NOT_LIST_OR_TUPLE", "subset", subset)
        return self._wrap(self._jdf.drop_duplicates(list(subset or [])))

    drop_duplicates = dropDuplicates

    def union(self, other: "DataFrame") -> "DataFrame":
        """Appends the rows of `other`, matching columns by position."""
        return self._wrap(self._jdf.union(other._jdf))

    unionAll = union

    def unionByName(self, other: "DataFrame", allowMissingColumns: bool = False) -> "DataFrame":
        """Appends the rows of `other`, matching columns by name."""
        return self._wrap(self._jdf.union_by_name(other._jdf, allowMissingColumns))

    def repartition(self, numPartitions: Union[int, ColumnOrName], *cols: ColumnOrName) -> "DataFrame":
        """Redistributes rows into `numPartitions` partitions: round robin, or by hash of `cols`
        (spark.sql.shuffle.partitions partitions when only columns are given)."""
        if isinstance(numPartitions, int) and not isinstance(numPartitions, bool):
            return self._wrap(self._jdf.repartition(numPartitions, _to_column_list(cols)))
        if isinstance(numPartitions, (str, Column)):
            return self._wrap(self._jdf.repartition(-1, _to_column_list((numPartitions,) + cols)))
        raise argument_type_error("NOT_COLUMN_OR_INT_OR_STR", "numPartitions", numPartitions)

    def repartitionByRange(
        self, numPartitions: Union[int, ColumnOrName], *cols: ColumnOrName
    ) -> "DataFrame":
        """Redistributes rows into ranges of the sort order of `cols`."""
        if isinstance(numPartitions, int) and not isinstance(numPartitions, bool):
            if not cols:
                raise PySparkValueError("At least one partition-by expression must be specified.",
                                        "CANNOT_BE_EMPTY")
            return self._wrap(self._jdf.repartition_by_range(numPartitions, _to_column_list(cols)))
        if isinstance(numPartitions, (str, Column)):
            columns = _to_column_list((numPartitions,) + cols)
            return self._wrap(self._jdf.repartition_by_range(-1, columns))
        raise argument_type_error("NOT_COLUMN_OR_INT_OR_STR", "numPartitions", numPartitions)

    def coalesce(self, numPartitions: int) -> "DataFrame":
        """Merges partitions into `numPartitions` without a shuffle."""
        return self._wrap(self._jdf.coalesce(numPartitions))

    def sample(
        self,
        withReplacement: Optional[Union[float, bool]] = None,
        fraction: Optional[Union[int, float]] = None,
        seed: Optional[int] = None,
    ) -> "DataFrame":
        """Samples a fraction of the rows: sample(0.1), sample(0.1, seed), sample(True, 0.5)."""
        with_replacement_set = type(withReplacement) == bool and isinstance(fraction, float)
        omitted_as_keyword = withReplacement is None and isinstance(fraction, float)
        omitted_as_positional = isinstance(withReplacement, float)
        if not (with_replacement_set or omitted_as_keyword or omitted_as_positional):
            raise PySparkTypeError(
                "Argument `withReplacement` should be a bool, float or int, got %s."
                % type(withReplacement).__name__,
                "NOT_BOOL_OR_FLOAT_OR_INT",
            )
        if omitted_as_positional:
            if fraction is not None:
                seed = int(fraction)
            fraction = withReplacement
            withReplacement = None
        if seed is None:
            seed = random.getrandbits(63)
        return self._wrap(self._jdf.sample(bool(withReplacement), float(fraction), int(seed)))

    def transform(self, func: Callable[..., "DataFrame"], *args: Any, **kwargs: Any) -> "DataFrame":
        """Returns func(self, *args, **kwargs): chains custom transformations."""
        result = func(self, *args, **kwargs)
        if not isinstance(result, DataFrame):
            raise PySparkTypeError(
                "Func returned an instance of type [%s], should have been DataFrame."
                % type(result).__name__,
                "INVALID_RETURN_TYPE_FOR_TRANSFORM",
            )
        return result

    # Temporary views.
    def createOrReplaceTempView(self, name: str) -> None:
        """Registers this DataFrame as temporary view `name`, replacing one of that name;
        spark.table(name) returns it."""
        self._jdf.create_or_replace_temp_view(name)

    def createTempView(self, name: str) -> None:
        """Registers this DataFrame as temporary view `name`; raises AnalysisException
        [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS] if the name is taken."""
        self._jdf.create_temp_view(name)

    # Caching.
    def cache(self) -> "DataFrame":
        """Keeps the computed partitions in executor memory after the next action."""
        self._jdf.cache()
        return self

    def persist(self, storageLevel: Any = None) -> "DataFrame":
        """Same as cache(): Ember keeps cached partitions in memory."""
        return self.cache()

    def unpersist(self, blocking: bool = False) -> "DataFrame":
        self._jdf.unpersist()
        return self

    @property
    def is_cached(self) -> bool:
        return self._jdf.is_cached()

    # Actions.
    def count(self) -> int:
        """Returns the number of rows (a job: one task per partition)."""
        return self._jdf.count()

    def collect(self) -> List[Row]:
        """Returns every row to the driver, as Rows."""
        return self._jdf.collect(self.sparkSession._time_zone(), Row, self.columns)

    def toLocalIterator(self, prefetchPartitions: bool = False) -> Iterator[Row]:
        return iter(self.collect())

    def take(self, num: int) -> List[Row]:
        return self.limit(num).collect()

    def head(self, n: Optional[int] = None) -> Union[Optional[Row], List[Row]]:
        """Returns the first row (None if there is none), or a list of the first `n`."""
        if n is None:
            rows = self.head(1)
            return rows[0] if rows else None
        return self.take(n)

    def first(self) -> Optional[Row]:
        return self.head()

    def isEmpty(self) -> bool:
        return self._jdf.is_empty()

    def show(self, n: int = 20, truncate: Union[bool, int] = True, vertical: bool = False) -> None:
        """Prints the first `n` rows as a table (Spark's format); strings longer than 20
        characters are cut unless truncate=False (or cut to `truncate` characters)."""
        print(self._show_string(n, truncate, vertical))

    def _show_string(self, n: int = 20, truncate: Union[bool, int] = True, vertical: bool = False) -> str:
        if not isinstance(n, int) or isinstance(n, bool):
            raise argument_type_error("NOT_INT", "n", n)
        if not isinstance(vertical, bool):
            raise argument_type_error("NOT_BOOL", "vertical", vertical)
        if isinstance(truncate, bool):
            width = 20 if truncate else 0
        else:
            try:
                width = int(truncate)
            except ValueError:
                raise argument_type_error("NOT_BOOL", "truncate", truncate) from None
        return self._jdf.show_string(n, width, vertical)

    def toPandas(self) -> "pandas.DataFrame":
        """Returns the rows as a pandas DataFrame, built column by column from numpy arrays with
        PySpark's dtypes: intN (float64 when a column has nulls), float32/float64, bool (object
        with nulls), datetime64[ns] for timestamps (session time zone, naive), object for dates,
        decimals, strings and binaries."""
        import pandas as pd

        schema = self.schema
        arrays = self._jdf.pandas_columns(None)
        frame = pd.DataFrame({i: array for i, array in enumerate(arrays)})
        time_zone = self.sparkSession._time_zone_name()
        if time_zone is not None:
            from ember.sql.types import TimestampType

            for i, field in enumerate(schema.fields):
                if isinstance(field.dataType, TimestampType):
                    frame[i] = (
                        frame[i].dt.tz_localize("UTC").dt.tz_convert(time_zone).dt.tz_localize(None)
                    )
        frame.columns = [field.name for field in schema.fields]
        return frame

    # Statistics.
    def describe(self, *cols: Union[str, List[str]]) -> "DataFrame":
        """Returns count, mean, stddev, min and max of numeric and string columns, as strings."""
        if len(cols) == 1 and isinstance(cols[0], list):
            cols = tuple(cols[0])
        return self._wrap(self._jdf.describe(list(cols)))

    def summary(self, *statistics: str) -> "DataFrame":
        """Like describe() with chosen statistics: count, count_distinct, mean, stddev, min,
        max and percentiles ("25%", approximate as Spark's); by default count, mean, stddev,
        min, 25%, 50%, 75%, max."""
        return self._wrap(self._jdf.summary(list(statistics)))

    # Null handling.
    def fillna(
        self,
        value: Union[int, float, str, bool, Dict[str, Any]],
        subset: Optional[Union[str, Tuple[str, ...], List[str]]] = None,
    ) -> "DataFrame":
        return self.na.fill(value, subset)

    def dropna(
        self,
        how: str = "any",
        thresh: Optional[int] = None,
        subset: Optional[Union[str, Tuple[str, ...], List[str]]] = None,
    ) -> "DataFrame":
        return self.na.drop(how, thresh, subset)


class DataFrameNaFunctions:
    """Handles missing values: ``df.na.fill(0)``, ``df.na.drop(subset=["x"])``. NaN in float
    and double columns counts as missing, as in Spark."""

    def __init__(self, df: DataFrame):
        self.df = df

    def fill(
        self,
        value: Union[int, float, str, bool, Dict[str, Any]],
        subset: Optional[Union[str, Tuple[str, ...], List[str]]] = None,
    ) -> DataFrame:
        """Replaces missing values: a number in numeric columns, a string in string columns, a
        boolean in boolean columns (of `subset`, or all); a dict gives a value per column."""
        if not isinstance(value, (float, int, str, bool, dict)):
            raise argument_type_error("NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR", "value", value)
        # As PySpark: an int fills as a float (a bool stays a bool), cast to each column's type.
        if not isinstance(value, bool) and isinstance(value, int):
            value = float(value)
        if isinstance(value, dict):
            return self.df._wrap(self.df._jdf.na_fill_columns(value))
        return self.df._wrap(self.df._jdf.na_fill(value, _subset(subset)))

    def drop(
        self,
        how: str = "any",
        thresh: Optional[int] = None,
        subset: Optional[Union[str, Tuple[str, ...], List[str]]] = None,
    ) -> DataFrame:
        """Drops rows with a missing value in any (how="any") or all (how="all") of `subset`'s
        columns, or with fewer than `thresh` present values."""
        if how is not None and how not in ("any", "all"):
            raise PySparkValueError(
                error_class="VALUE_NOT_ANY_OR_ALL",
                message_parameters={"arg_name": "how", "arg_value": str(how)},
            )
        columns = _subset(subset) or self.df.columns
        if thresh is None:
            thresh = len(columns) if how == "any" else 1
        return self.df._wrap(self.df._jdf.na_drop(thresh, columns))


def _subset(subset: Optional[Union[str, Tuple[str, ...], List[str]]]) -> List[str]:
    if subset is None:
        return []
    if isinstance(subset, str):
        return [subset]
    if isinstance(subset, (list, tuple)):
        return list(subset)
    raise argument_type_error("NOT_LIST_OR_STR_OR_TUPLE", "subset", subset)

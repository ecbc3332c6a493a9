"""Grouped aggregation, mirroring ``pyspark.sql.GroupedData`` (``df.groupBy(...)``)."""

from typing import TYPE_CHECKING, Any, Dict, List

from ember import _ember
from ember.errors import PySparkTypeError, argument_type_error
from ember.sql.column import Column

if TYPE_CHECKING:
    from ember.sql.dataframe import DataFrame

__all__ = ["GroupedData"]

# Function names agg({"col": "name"}) accepts besides the registry's, as Spark's strToExpr.
_AGG_FUNCTION_ALIASES = {"mean": "avg", "average": "avg", "size": "count"}


def _numeric_names(cols: Any) -> List[str]:
    for name in cols:
        if not isinstance(name, str):
            raise argument_type_error("NOT_STR", "cols", name)
    return list(cols)


class GroupedData:
    """Rows grouped by key columns; each method aggregates them into one row per group."""

    def __init__(self, jgd: "_ember.GroupedData", df: "DataFrame"):
        self._jgd = jgd
        self._df = df
        self.session = df.sparkSession

    def _wrap(self, jdf: "_ember.DataFrame") -> "DataFrame":
        from ember.sql.dataframe import DataFrame

        return DataFrame(jdf, self.session)

    def agg(self, *exprs: Any) -> "DataFrame":
        """Aggregates with aggregate Columns (F.sum("x").alias("total"), F.count("*")) or with
        one dict of column name to function name ({"amount": "sum"})."""
        if len(exprs) == 1 and isinstance(exprs[0], dict):
            mapping: Dict[str, str] = exprs[0]
            columns = []
            for name, function in mapping.items():
                function = _AGG_FUNCTION_ALIASES.get(function.lower(), function.lower())
                columns.append(_ember.call_function(function, [_ember.col(name)]))
            return self._wrap(self._jgd.agg(columns))
        if not exprs:
            raise PySparkTypeError("agg() needs at least one expression.", "CANNOT_BE_EMPTY")
        for expr in exprs:
            if not isinstance(expr, Column):
                raise argument_type_error("NOT_COLUMN", "exprs", expr)
        return self._wrap(self._jgd.agg([e._jc for e in exprs]))

    def count(self) -> "DataFrame":
        """Counts the rows of each group into a column named "count"."""
        return self._wrap(self._jgd.count())

    def sum(self, *cols: str) -> "DataFrame":
        """Sums each numeric column (all numeric columns when none are named)."""
        return self._wrap(self._jgd.sum(_numeric_names(cols)))

    def avg(self, *cols: str) -> "DataFrame":
        return self._wrap(self._jgd.avg(_numeric_names(cols)))

    mean = avg

    def min(self, *cols: str) -> "DataFrame":
        return self._wrap(self._jgd.min(_numeric_names(cols)))

    def max(self, *cols: str) -> "DataFrame":
        return self._wrap(self._jgd.max(_numeric_names(cols)))

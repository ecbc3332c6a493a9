"""Built-in functions, mirroring ``pyspark.sql.functions`` for the functions the engine has.

Arguments take a Column or a column name (``F.sum("amount")`` = ``F.sum(F.col("amount"))``);
``ember functions`` on the command line lists the engine's functions. A function missing here is
one the engine does not have yet, so it is absent rather than failing at run time.
"""

from typing import Any, Union

from ember import _ember
from ember.errors import PySparkTypeError, argument_type_error
from ember.sql.column import Column, _literal, _to_column_list, _to_engine, _to_engine_column

ColumnOrName = Union[Column, str]


def _call(name: str, *cols: Any) -> Column:
    return Column(_ember.call_function(name, [_to_engine_column(c) for c in cols]))


def col(col: str) -> Column:
    """Returns a reference to the column named `col` ("*" for all columns)."""
    if not isinstance(col, str):
        raise argument_type_error("NOT_STR", "col", col)
    return Column(_ember.col(col))


column = col


def lit(col: Any) -> Column:
    """Returns a literal column: lit(1) is an int, lit(2**40) a bigint, lit(1.5) a double."""
    if isinstance(col, Column):
        return col
    if isinstance(col, (list, tuple, dict, set)):
        raise PySparkTypeError(
            "Unsupported Literal '%r': Ember has no array or map columns yet." % (col,),
            "UNSUPPORTED_LITERAL",
        )
    return Column(_literal(col))


def call_function(funcName: str, *cols: ColumnOrName) -> Column:
    """Calls the built-in function `funcName` (scalar or aggregate) on `cols`."""
    return Column(_ember.call_function(funcName, [_to_engine_column(c) for c in cols]))


# Aggregates.
def count(col: ColumnOrName) -> Column:
    """Counts rows (count("*")) or the non-null values of a column."""
    return _call("count", col)


def countDistinct(col: ColumnOrName, *cols: ColumnOrName) -> Column:
    """Counts distinct non-null values (of all the columns together)."""
    return Column(_ember.count_distinct([_to_engine_column(c) for c in (col,) + cols]))


count_distinct = countDistinct


def sum(col: ColumnOrName) -> Column:
    return _call("sum", col)


def sum_distinct(col: ColumnOrName) -> Column:
    """Sums the distinct values."""
    return Column(_ember.sum_distinct(_to_engine_column(col)))


sumDistinct = sum_distinct


def avg(col: ColumnOrName) -> Column:
    return _call("avg", col)


mean = avg


def min(col: ColumnOrName) -> Column:
    return _call("min", col)


def max(col: ColumnOrName) -> Column:
    return _call("max", col)


def stddev(col: ColumnOrName) -> Column:
    """Returns the sample standard deviation (null for fewer than two values)."""
    return _call("stddev", col)


std = stddev


def stddev_samp(col: ColumnOrName) -> Column:
    return _call("stddev_samp", col)


def stddev_pop(col: ColumnOrName) -> Column:
    return _call("stddev_pop", col)


def variance(col: ColumnOrName) -> Column:
    """Returns the sample variance (null for fewer than two values)."""
    return _call("variance", col)


def var_samp(col: ColumnOrName) -> Column:
    return _call("var_samp", col)


def var_pop(col: ColumnOrName) -> Column:
    return _call("var_pop", col)


def percentile_approx(col: ColumnOrName, percentage: float, accuracy: int = 10000) -> Column:
    """Returns the smallest value whose rank covers `percentage` of the column, within a rank
    error of 1/accuracy (exact for small groups). One percentage: Ember has no array results."""
    if isinstance(percentage, (list, tuple)) or not isinstance(percentage, (int, float)):
        raise PySparkTypeError(
            "Argument `percentage` should be a float, got %s: Ember has no array columns, so "
            "ask for one percentage at a time." % type(percentage).__name__,
            "NOT_FLOAT_OR_INT",
        )
    return Column(
        _ember.call_function(
            "percentile_approx", [_to_engine_column(col), _literal(float(percentage)),
                                  _literal(int(accuracy))]
        )
    )


approx_percentile = percentile_approx


def first(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    """Returns the first value of each group (the first non-null one with `ignorenulls`)."""
    return Column(_ember.first(_to_engine_column(col), ignorenulls))


def last(col: ColumnOrName, ignorenulls: bool = False) -> Column:
    return Column(_ember.last(_to_engine_column(col), ignorenulls))


# Sort orders.
def asc(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).asc())


def desc(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).desc())


def asc_nulls_first(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).asc_nulls_first())


def asc_nulls_last(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).asc_nulls_last())


def desc_nulls_first(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).desc_nulls_first())


def desc_nulls_last(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).desc_nulls_last())


# Conditionals and nulls.
def when(condition: Column, value: Any) -> Column:
    """Starts a conditional: when(cond, x).when(cond2, y).otherwise(z)."""
    if not isinstance(condition, Column):
        raise argument_type_error("NOT_COLUMN", "condition", condition)
    return Column(_ember.when(condition._jc, _to_engine(value)))


def coalesce(*cols: ColumnOrName) -> Column:
    """Returns the first non-null argument."""
    return Column(_ember.call_function("coalesce", _to_column_list(cols)))


def isnull(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).is_null())


def isnotnull(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).is_not_null())


def isnan(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).is_nan())


def abs(col: ColumnOrName) -> Column:
    return _call("abs", col)


def negative(col: ColumnOrName) -> Column:
    return Column(_to_engine_column(col).negate())


# Strings.
def upper(col: ColumnOrName) -> Column:
    return _call("upper", col)


def lower(col: ColumnOrName) -> Column:
    return _call("lower", col)


def length(col: ColumnOrName) -> Column:
    """Returns the number of characters of a string (bytes of a binary)."""
    return _call("length", col)


def trim(col: ColumnOrName) -> Column:
    return _call("trim", col)


def ltrim(col: ColumnOrName) -> Column:
    return _call("ltrim", col)


def rtrim(col: ColumnOrName) -> Column:
    return _call("rtrim", col)


def reverse(col: ColumnOrName) -> Column:
    return _call("reverse", col)


def substring(str: ColumnOrName, pos: int, len: int) -> Column:
    """Returns `len` characters of `str` from 1-based position `pos`."""
    return Column(
        _ember.call_function("substring", [_to_engine_column(str, "str"), _literal(pos), _literal(len)])
    )


def concat(*cols: ColumnOrName) -> Column:
    """Concatenates strings; null if any is null."""
    return Column(_ember.call_function("concat", _to_column_list(cols)))


def concat_ws(sep: str, *cols: ColumnOrName) -> Column:
    """Concatenates the non-null strings with `sep` between them."""
    return Column(_ember.call_function("concat_ws", [_literal(sep)] + _to_column_list(cols)))


def rlike(str: ColumnOrName, regexp: ColumnOrName) -> Column:
    """True where `str` contains a match of the regular expression `regexp`."""
    return Column(
        _ember.call_function("rlike", [_to_engine_column(str, "str"), _to_engine_column(regexp, "regexp")])
    )


regexp_like = rlike
regexp = rlike


def regexp_replace(string: ColumnOrName, pattern: Union[str, Column], replacement: Union[str, Column]) -> Column:
    """Replaces every match of `pattern` in `string` with `replacement` ($n names group n)."""
    return Column(
        _ember.call_function(
            "regexp_replace",
            [_to_engine_column(string, "string"), _to_engine(pattern), _to_engine(replacement)],
        )
    )


def regexp_extract(str: ColumnOrName, pattern: str, idx: int) -> Column:
    """Returns group `idx` of the first match of `pattern` in `str`, or '' when none matches."""
    return Column(
        _ember.call_function(
            "regexp_extract", [_to_engine_column(str, "str"), _literal(pattern), _literal(idx)]
        )
    )


def startswith(str: ColumnOrName, prefix: ColumnOrName) -> Column:
    return Column(_to_engine_column(str, "str").startswith(_to_engine_column(prefix, "prefix")))


def endswith(str: ColumnOrName, suffix: ColumnOrName) -> Column:
    return Column(_to_engine_column(str, "str").endswith(_to_engine_column(suffix, "suffix")))


def contains(left: ColumnOrName, right: ColumnOrName) -> Column:
    return Column(_to_engine_column(left, "left").contains(_to_engine_column(right, "right")))


# Dates and times.
def year(col: ColumnOrName) -> Column:
    return _call("year", col)


def month(col: ColumnOrName) -> Column:
    return _call("month", col)


def dayofmonth(col: ColumnOrName) -> Column:
    return _call("dayofmonth", col)


def dayofweek(col: ColumnOrName) -> Column:
    """Returns the day of the week: 1 = Sunday ... 7 = Saturday."""
    return _call("dayofweek", col)


def dayofyear(col: ColumnOrName) -> Column:
    return _call("dayofyear", col)


def quarter(col: ColumnOrName) -> Column:
    return _call("quarter", col)


def hour(col: ColumnOrName) -> Column:
    return _call("hour", col)


def minute(col: ColumnOrName) -> Column:
    return _call("minute", col)


def second(col: ColumnOrName) -> Column:
    return _call("second", col)


def _days(days: Union[ColumnOrName, int]) -> "_ember.Column":
    return _literal(days) if isinstance(days, int) else _to_engine_column(days, "days")


def date_add(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    return Column(_ember.call_function("date_add", [_to_engine_column(start, "start"), _days(days)]))


def date_sub(start: ColumnOrName, days: Union[ColumnOrName, int]) -> Column:
    return Column(_ember.call_function("date_sub", [_to_engine_column(start, "start"), _days(days)]))


def datediff(end: ColumnOrName, start: ColumnOrName) -> Column:
    """Returns the number of days from `start` to `end`."""
    return Column(
        _ember.call_function(
            "datediff", [_to_engine_column(end, "end"), _to_engine_column(start, "start")]
        )
    )


def to_date(col: ColumnOrName) -> Column:
    """Converts a string (ISO yyyy-MM-dd) or timestamp to a date."""
    return Column(_to_engine_column(col).cast("date"))


def to_timestamp(col: ColumnOrName) -> Column:
    """Converts a string (ISO format) or date to a timestamp."""
    return Column(_to_engine_column(col).cast("timestamp"))


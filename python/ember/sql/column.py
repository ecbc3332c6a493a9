"""Column expressions, mirroring ``pyspark.sql.Column``.

A Column computes nothing: it is an expression that a DataFrame resolves when it is used.
Python operators build expressions (``df.amount * 2 > 100``); plain Python values on either side
become literals.
"""

from typing import Any, Callable, List, Union

from ember import _ember
from ember.errors import (
    argument_type_error,
    AnalysisException,
    PySparkTypeError,
    PySparkValueError,
)
from ember.sql.types import DataType

__all__ = ["Column"]


def _active_time_zone() -> Any:
    """Returns the tzinfo of the active session's time zone (None for UTC)."""
    from ember.sql.session import SparkSession

    session = SparkSession.getActiveSession()
    return session._time_zone() if session is not None else None


def _literal(value: Any) -> "_ember.Column":
    return _ember.lit(value, _active_time_zone())


def _to_engine(value: Any) -> "_ember.Column":
    """Returns the engine column of a Column, or a literal of a plain Python value."""
    if isinstance(value, Column):
        return value._jc
    return _literal(value)


def _to_engine_column(value: Any, arg_name: str = "col") -> "_ember.Column":
    """Returns the engine column of a Column or of a column name."""
    if isinstance(value, Column):
        return value._jc
    if isinstance(value, str):
        return _ember.col(value)
    raise argument_type_error("NOT_COLUMN_OR_STR", arg_name, value)


def _binary(method: str, reverse: bool = False) -> Callable[["Column", Any], "Column"]:
    def operator(self: "Column", other: Any) -> "Column":
        if reverse:
            return Column(getattr(_literal(other), method)(self._jc))
        return Column(getattr(self._jc, method)(_to_engine(other)))

    return operator


class Column:
    """A column of a DataFrame, or an expression computed from columns and literals."""

    def __init__(self, jc: "_ember.Column"):
        self._jc = jc

    # Arithmetic.
    __add__ = _binary("plus")
    __sub__ = _binary("minus")
    __mul__ = _binary("times")
    __truediv__ = _binary("divide")
    __div__ = __truediv__
    __mod__ = _binary("mod")
    __radd__ = _binary("plus", reverse=True)
    __rsub__ = _binary("minus", reverse=True)
    __rmul__ = _binary("times", reverse=True)
    __rtruediv__ = _binary("divide", reverse=True)
    __rmod__ = _binary("mod", reverse=True)

    def __neg__(self) -> "Column":
        return Column(self._jc.negate())

    # Comparisons.
    __eq__ = _binary("eq")  # type: ignore[assignment]
    __ne__ = _binary("ne")  # type: ignore[assignment]
    __lt__ = _binary("lt")
    __le__ = _binary("le")
    __gt__ = _binary("gt")
    __ge__ = _binary("ge")
    __hash__ = None  # type: ignore[assignment]  # == builds an expression

    def eqNullSafe(self, other: Any) -> "Column":
        """Equality where null equals null (SQL's <=>)."""
        return Column(self._jc.eq_null_safe(_to_engine(other)))

    # Logic.
    __and__ = _binary("and_")
    __or__ = _binary("or_")
    __rand__ = _binary("and_", reverse=True)
    __ror__ = _binary("or_", reverse=True)

    def __invert__(self) -> "Column":
        return Column(self._jc.not_())

    def __bool__(self) -> bool:
        raise PySparkValueError(error_class="CANNOT_CONVERT_COLUMN_INTO_BOOL", message_parameters={})

    __nonzero__ = __bool__

    def __iter__(self) -> None:
        raise PySparkTypeError(
            error_class="NOT_ITERABLE", message_parameters={"objectName": "Column"}
        )

    def __contains__(self, item: Any) -> None:
        raise PySparkValueError(error_class="CANNOT_APPLY_IN_FOR_COLUMN", message_parameters={})

    def __getitem__(self, key: Any) -> "Column":
        if isinstance(key, slice):
            if key.step is not None:
                raise PySparkValueError("Slice with step is not supported.", "SLICE_WITH_STEP")
            return self.substr(key.start, key.stop)
        return self.getItem(key)

    def getItem(self, key: Any) -> "Column":
        """Extracts an element of an array, map or struct column. Ember's columns are all
        scalar (no nested types yet), so this fails as Spark does on a scalar column."""
        raise AnalysisException(
            "Can't extract a value from %s: getItem needs an array, map or struct column, "
            "and Ember has no nested column types yet." % self,
            "INVALID_EXTRACT_BASE_FIELD_TYPE",
        )

    # Predicates.
    def isNull(self) -> "Column":
        return Column(self._jc.is_null())

    def isNotNull(self) -> "Column":
        return Column(self._jc.is_not_null())

    def isNaN(self) -> "Column":
        return Column(self._jc.is_nan())

    def isin(self, *cols: Any) -> "Column":
        """True where the value equals one of `cols` (values or Columns, or one list of them)."""
        if len(cols) == 1 and isinstance(cols[0], (list, set, tuple)):
            cols = tuple(cols[0])
        return Column(self._jc.isin([_to_engine(c) for c in cols]))

    def between(self, lowerBound: Any, upperBound: Any) -> "Column":
        return Column(self._jc.between(_to_engine(lowerBound), _to_engine(upperBound)))

    def like(self, other: str) -> "Column":
        """SQL LIKE with % and _ wildcards."""
        if not isinstance(other, str):
            raise argument_type_error("NOT_STR", "other", other)
        return Column(self._jc.like(other))

    def rlike(self, other: str) -> "Column":
        """True where the string contains a match of the regular expression `other`."""
        if not isinstance(other, str):
            raise argument_type_error("NOT_STR", "other", other)
        return Column(_ember.call_function("rlike", [self._jc, _literal(other)]))

    def startswith(self, other: Any) -> "Column":
        return Column(self._jc.startswith(_to_engine(other)))

    def endswith(self, other: Any) -> "Column":
        return Column(self._jc.endswith(_to_engine(other)))

    def contains(self, other: Any) -> "Column":
        return Column(self._jc.contains(_to_engine(other)))

    def substr(self, startPos: Union[int, "Column"], length: Union[int, "Column"]) -> "Column":
        """Returns `length` characters from 1-based position `startPos`."""
        if type(startPos) != type(length):
            raise PySparkTypeError(
                "Argument `startPos` and `length` should be the same type, got %s and %s."
                % (type(startPos).__name__, type(length).__name__),
                "NOT_SAME_TYPE",
            )
        return Column(self._jc.substr(_to_engine(startPos), _to_engine(length)))

    # Conditionals.
    def when(self, condition: "Column", value: Any) -> "Column":
        """Adds a branch to a when() chain: when(a, x).when(b, y)."""
        if not isinstance(condition, Column):
            raise argument_type_error("NOT_COLUMN", "condition", condition)
        return Column(self._jc.when(condition._jc, _to_engine(value)))

    def otherwise(self, value: Any) -> "Column":
        """Ends a when() chain with the value for rows no branch matched."""
        return Column(self._jc.otherwise(_to_engine(value)))

    # Names and types.
    def alias(self, *alias: str, **kwargs: Any) -> "Column":
        """Returns this column under a new name."""
        if kwargs.get("metadata") is not None:
            raise PySparkValueError(error_class="NOT_IMPLEMENTED", message_parameters={
                "feature": "Column metadata"})
        if len(alias) != 1:
            raise PySparkValueError(
                "alias() takes exactly one name: Ember has no multi-column (generator) aliases.",
                "ONLY_ALLOWED_FOR_SINGLE_COLUMN",
            )
        return Column(self._jc.alias(alias[0]))

    name = alias

    def cast(self, dataType: Union[DataType, str]) -> "Column":
        """Converts to a type given as a DataType or a type string ("double", "decimal(10,2)")."""
        return Column(self._jc.cast(_type_text(dataType)))

    astype = cast

    def try_cast(self, dataType: Union[DataType, str]) -> "Column":
        """Like cast(), but null where the value cannot be converted."""
        return Column(self._jc.try_cast(_type_text(dataType)))

    # Sort orders.
    def asc(self) -> "Column":
        return Column(self._jc.asc())

    def asc_nulls_first(self) -> "Column":
        return Column(self._jc.asc_nulls_first())

    def asc_nulls_last(self) -> "Column":
        return Column(self._jc.asc_nulls_last())

    def desc(self) -> "Column":
        return Column(self._jc.desc())

    def desc_nulls_first(self) -> "Column":
        return Column(self._jc.desc_nulls_first())

    def desc_nulls_last(self) -> "Column":
        return Column(self._jc.desc_nulls_last())

    def __str__(self) -> str:
        return str(self._jc)

    def __repr__(self) -> str:
        return "Column<'%s'>" % str(self._jc)


def _type_text(data_type: Union[DataType, str]) -> str:
    if isinstance(data_type, DataType):
        return data_type.simpleString()
    if isinstance(data_type, str):
        return data_type
    raise argument_type_error("NOT_DATATYPE_OR_STR", "dataType", data_type)


def _to_column_list(cols: Any, arg_name: str = "col") -> List["_ember.Column"]:
    """Flattens PySpark's varargs-or-one-list argument form into engine columns."""
    if len(cols) == 1 and isinstance(cols[0], (list, tuple)):
        cols = cols[0]
    return [_to_engine_column(c, arg_name) for c in cols]

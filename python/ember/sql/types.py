"""Data types and Row, mirroring ``pyspark.sql.types``.

Every scalar type of the engine has its PySpark class (``LongType()``, ``DecimalType(10,2)``...)
with PySpark's ``repr``, ``simpleString`` and ``typeName``; ``StructType``/``StructField``
describe a DataFrame's schema. Nested types (arrays, maps, structs as values) are not part of the
engine yet, so their classes are absent rather than half-working.
"""

import datetime
import decimal
import json
from typing import Any, Dict, Iterator, List, Optional, Tuple, Union

from ember import _ember
from ember.errors import (
    argument_type_error,
    ParseException,
    PySparkIndexError,
    PySparkKeyError,
    PySparkRuntimeError,
    PySparkTypeError,
    PySparkValueError,
)

__all__ = [
    "DataType",
    "NullType",
    "StringType",
    "BinaryType",
    "BooleanType",
    "DateType",
    "TimestampType",
    "DecimalType",
    "DoubleType",
    "FloatType",
    "ByteType",
    "IntegerType",
    "LongType",
    "ShortType",
    "StructField",
    "StructType",
    "Row",
]


class DataType:
    """Base class of data types."""

    def __repr__(self) -> str:
        return self.__class__.__name__ + "()"

    def __hash__(self) -> int:
        return hash(str(self))

    def __eq__(self, other: Any) -> bool:
        return isinstance(other, self.__class__) and self.__dict__ == other.__dict__

    def __ne__(self, other: Any) -> bool:
        return not self.__eq__(other)

    @classmethod
    def typeName(cls) -> str:
        return cls.__name__[:-4].lower()

    def simpleString(self) -> str:
        return self.typeName()

    def jsonValue(self) -> Union[str, Dict[str, Any]]:
        return self.typeName()

    def json(self) -> str:
        return json.dumps(self.jsonValue(), separators=(",", ":"), sort_keys=True)

    def needConversion(self) -> bool:
        return False

    @classmethod
    def fromDDL(cls, ddl: str) -> "DataType":
        """Parses a type ("decimal(10,2)") or a schema ("a int, b string") from DDL text."""
        return _parse_datatype_string(ddl)


class _Singleton(type):
    """Makes each parameterless type a singleton, as PySpark does."""

    _instances: Dict[type, Any] = {}

    def __call__(cls):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__()
        return cls._instances[cls]


class NullType(DataType, metaclass=_Singleton):
    """The type of None values; a column of it holds only nulls."""

    @classmethod
    def typeName(cls) -> str:
        return "void"


class AtomicType(DataType):
    """Every type that is not null or nested."""


class NumericType(AtomicType):
    """Numeric types."""


class IntegralType(NumericType, metaclass=_Singleton):
    """Integral types."""


class FractionalType(NumericType):
    """Fractional types."""


class StringType(AtomicType, metaclass=_Singleton):
    """String (str) type."""


class BinaryType(AtomicType, metaclass=_Singleton):
    """Binary (bytearray) type."""


class BooleanType(AtomicType, metaclass=_Singleton):
    """Boolean (bool) type."""


class DateType(AtomicType, metaclass=_Singleton):
    """Date (datetime.date) type."""

    EPOCH_ORDINAL = datetime.datetime(1970, 1, 1).toordinal()


class TimestampType(AtomicType, metaclass=_Singleton):
    """Timestamp (datetime.datetime) type: naive datetimes in the session time zone."""


class DecimalType(FractionalType):
    """Decimal (decimal.Decimal) type with a fixed precision (up to 38) and scale."""

    def __init__(self, precision: int = 10, scale: int = 0):
        self.precision = precision
        self.scale = scale
        self.hasPrecisionInfo = True

    def simpleString(self) -> str:
        return "decimal(%d,%d)" % (self.precision, self.scale)

    def jsonValue(self) -> str:
        return self.simpleString()

    def __repr__(self) -> str:
        return "DecimalType(%d,%d)" % (self.precision, self.scale)


class DoubleType(FractionalType, metaclass=_Singleton):
    """Double precision float type."""


class FloatType(FractionalType, metaclass=_Singleton):
    """Single precision float type."""


class ByteType(IntegralType):
    """Signed 8-bit integer type."""

    def simpleString(self) -> str:
        return "tinyint"


class ShortType(IntegralType):
    """Signed 16-bit integer type."""

    def simpleString(self) -> str:
        return "smallint"


class IntegerType(IntegralType):
    """Signed 32-bit integer type."""

    def simpleString(self) -> str:
        return "int"


class LongType(IntegralType):
    """Signed 64-bit integer type."""

    def simpleString(self) -> str:
        return "bigint"


class StructField(DataType):
    """One field of a StructType: a name, a type and whether it may hold nulls."""

    def __init__(
        self,
        name: str,
        dataType: DataType,
        nullable: bool = True,
        metadata: Optional[Dict[str, Any]] = None,
    ):
        if not isinstance(dataType, DataType):
            raise argument_type_error("NOT_DATATYPE_OR_STR", "dataType", dataType)
        if not isinstance(name, str):
            raise argument_type_error("NOT_STR", "name", name)
        self.name = name
        self.dataType = dataType
        self.nullable = nullable
        self.metadata = metadata or {}

    def simpleString(self) -> str:
        return "%s:%s" % (self.name, self.dataType.simpleString())

    def __repr__(self) -> str:
        return "StructField('%s', %s, %s)" % (self.name, self.dataType, str(self.nullable))

    def jsonValue(self) -> Dict[str, Any]:
        return {
            "name": self.name,
            "type": self.dataType.jsonValue(),
            "nullable": self.nullable,
            "metadata": self.metadata,
        }

    def typeName(self) -> str:  # type: ignore[override]
        raise PySparkTypeError(
            "StructField does not have typeName. Use typeName on its type explicitly instead.",
            "INVALID_TYPENAME_CALL",
        )


class StructType(DataType):
    """A list of StructFields: the schema of a DataFrame or the type of a Row."""

    def __init__(self, fields: Optional[List[StructField]] = None):
        self.fields = list(fields) if fields else []
        for field in self.fields:
            if not isinstance(field, StructField):
                raise PySparkTypeError(
                    "StructType takes a list of StructField, got %s." % type(field).__name__,
                    "NOT_LIST_OF_STRUCT_FIELD",
                )
        self.names = [f.name for f in self.fields]

    def add(
        self,
        field: Union[str, StructField],
        data_type: Union[str, DataType, None] = None,
        nullable: bool = True,
        metadata: Optional[Dict[str, Any]] = None,
    ) -> "StructType":
        """Appends a field, given as a StructField or as (name, type or type string, ...)."""
        if isinstance(field, StructField):
            self.fields.append(field)
            self.names.append(field.name)
            return self
        if isinstance(field, str) and data_type is None:
            raise PySparkValueError(
                "Must specify DataType if passing name of struct_field to create.",
                "ARGUMENT_REQUIRED",
            )
        if isinstance(data_type, str):
            data_type = _parse_datatype_string(data_type)
        self.fields.append(StructField(field, data_type, nullable, metadata))
        self.names.append(field)
        return self

    def __iter__(self) -> Iterator[StructField]:
        return iter(self.fields)

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, key: Union[str, int, slice]) -> Any:
        if isinstance(key, str):
            for field in self.fields:
                if field.name == key:
                    return field
            raise PySparkKeyError(error_class="KEY_NOT_EXISTS", message_parameters={"key": key})
        if isinstance(key, int):
            try:
                return self.fields[key]
            except IndexError:
                raise PySparkIndexError(
                    "StructType index out of range, got '%d'." % key, "INDEX_OUT_OF_RANGE"
                ) from None
        if isinstance(key, slice):
            return StructType(self.fields[key])
        raise PySparkTypeError(
            "Argument `key` should be an int, slice or str, got %s." % type(key).__name__,
            "NOT_INT_OR_SLICE_OR_STR",
        )

    def fieldNames(self) -> List[str]:
        return list(self.names)

    def simpleString(self) -> str:
        return "struct<%s>" % ",".join(f.simpleString() for f in self)

    def __repr__(self) -> str:
        return "StructType([%s])" % ", ".join(str(field) for field in self)

    def jsonValue(self) -> Dict[str, Any]:
        return {"type": self.typeName(), "fields": [f.jsonValue() for f in self]}

    def treeString(self) -> str:
        """Returns printSchema()'s text."""
        lines = ["root"]
        for field in self.fields:
            lines.append(
                " |-- %s: %s (nullable = %s)"
                % (field.name, _tree_type_name(field.dataType), str(field.nullable).lower())
            )
        return "\n".join(lines) + "\n"


_ATOMIC_TYPES = {
    "void": NullType,
    "boolean": BooleanType,
    "tinyint": ByteType,
    "smallint": ShortType,
    "int": IntegerType,
    "bigint": LongType,
    "float": FloatType,
    "double": DoubleType,
    "string": StringType,
    "binary": BinaryType,
    "date": DateType,
    "timestamp": TimestampType,
}


def _tree_type_name(data_type: DataType) -> str:
    """Returns the type name printSchema shows: long, integer, decimal(10,2)..."""
    if isinstance(data_type, DecimalType):
        return data_type.simpleString()
    if isinstance(data_type, (ByteType, ShortType, IntegerType, LongType)):
        return {"tinyint": "byte", "smallint": "short", "int": "integer", "bigint": "long"}[
            data_type.simpleString()
        ]
    return data_type.typeName()


def _from_simple_string(text: str) -> DataType:
    """Returns the type of an engine simpleString ("bigint", "decimal(10,2)")."""
    if text.startswith("decimal("):
        precision, scale = text[len("decimal(") : -1].split(",")
        return DecimalType(int(precision), int(scale))
    return _ATOMIC_TYPES[text]()


def _struct_from_engine(fields: List[Tuple[str, str, bool]]) -> StructType:
    return StructType([StructField(n, _from_simple_string(t), nullable) for n, t, nullable in fields])


def _struct_to_engine(schema: StructType) -> List[Tuple[str, str, bool]]:
    for field in schema.fields:
        if not isinstance(field.dataType, (AtomicType, NullType)):
            raise PySparkTypeError(
                error_class="UNSUPPORTED_DATA_TYPE",
                message_parameters={"data_type": repr(field.dataType)},
            )
    return [(f.name, f.dataType.simpleString(), bool(f.nullable)) for f in schema.fields]


def _parse_datatype_string(text: str) -> DataType:
    """Parses DDL as PySpark's _parse_datatype_string: "int", "decimal(5,2)", "a int, b string",
    "a: int" or "struct<a:int,b:string>"."""
    stripped = text.strip()
    lower = stripped.lower()
    if lower.startswith("struct<") and lower.endswith(">"):
        return _struct_from_engine(_ember.parse_schema_ddl(stripped[len("struct<") : -1]))
    try:
        return _from_simple_string(_ember.parse_type(stripped))
    except ParseException as type_error:
        try:
            return _struct_from_engine(_ember.parse_schema_ddl(stripped))
        except ParseException:
            raise type_error from None


# Type inference from Python values, as PySpark's _infer_type: exact types only.
_TYPE_MAPPINGS = {
    type(None): NullType,
    bool: BooleanType,
    int: LongType,
    float: DoubleType,
    str: StringType,
    bytearray: BinaryType,
    bytes: BinaryType,
    decimal.Decimal: DecimalType,
    datetime.date: DateType,
    datetime.datetime: TimestampType,
}


def _infer_type(obj: Any) -> DataType:
    data_type = _TYPE_MAPPINGS.get(type(obj))
    if data_type is DecimalType:
        return DecimalType(38, 18)
    if data_type is not None:
        return data_type()
    if isinstance(obj, dict):
        kind = "map"
    elif isinstance(obj, (list, tuple)):
        kind = "array or struct"
    else:
        kind = type(obj).__name__
    raise PySparkTypeError(
        "Unsupported DataType `%s`: Ember columns hold booleans, numbers, decimals, strings, "
        "binaries, dates and timestamps; nested types are not available yet." % kind,
        "UNSUPPORTED_DATA_TYPE",
    )


def _named_values(row: Any, names: Optional[List[str]]) -> Tuple[List[str], List[Any]]:
    """Returns a row's field names and values: dict keys sorted, Row and namedtuple fields,
    `names` (then _1, _2...) for plain tuples and lists, an object's sorted attributes."""
    if isinstance(row, dict):
        items = sorted(row.items())
        return [k for k, _ in items], [v for _, v in items]
    if isinstance(row, (tuple, list)):
        if hasattr(row, "__fields__"):
            return list(row.__fields__), list(row)
        if hasattr(row, "_fields"):
            return list(row._fields), list(row)
        row_names = list(names or [])[: len(row)]
        row_names.extend("_%d" % i for i in range(len(row_names) + 1, len(row) + 1))
        return row_names, list(row)
    if hasattr(row, "__dict__"):
        items = sorted(row.__dict__.items())
        return [k for k, _ in items], [v for _, v in items]
    raise PySparkTypeError(
        error_class="CANNOT_INFER_SCHEMA_FOR_TYPE",
        message_parameters={"data_type": type(row).__name__},
    )


def _infer_field_type(name: str, value: Any) -> DataType:
    try:
        return _infer_type(value)
    except PySparkTypeError as error:
        raise PySparkTypeError(
            "Unable to infer the type of the field `%s`: %s" % (name, error._message),
            "CANNOT_INFER_TYPE_FOR_FIELD",
        ) from None


def _infer_schema(row: Any, names: Optional[List[str]] = None) -> StructType:
    """Infers the schema of one row: a dict, Row, namedtuple, tuple/list or object."""
    row_names, values = _named_values(row, names)
    return StructType(
        [StructField(n, _infer_field_type(n, v), True) for n, v in zip(row_names, values)]
    )


def _merge_type(a: DataType, b: DataType) -> DataType:
    """Merges the types two rows gave a field, as PySpark's _merge_type."""
    if isinstance(a, NullType):
        return b
    if isinstance(b, NullType):
        return a
    if isinstance(a, AtomicType) and isinstance(b, StringType):
        return b
    if isinstance(a, StringType) and isinstance(b, AtomicType):
        return a
    if type(a) is not type(b):
        raise PySparkTypeError(
            error_class="CANNOT_MERGE_TYPE",
            message_parameters={"data_type1": type(a).__name__, "data_type2": type(b).__name__},
        )
    if isinstance(a, StructType):
        other = {f.name: f.dataType for f in b.fields}
        fields = [StructField(f.name, _merge_type(f.dataType, other.get(f.name, NullType()))) for f in a]
        known = set(a.names)
        fields.extend(StructField(n, t) for n, t in other.items() if n not in known)
        return StructType(fields)
    return a


def _infer_schema_of_rows(rows: List[Any], names: Optional[List[str]] = None) -> StructType:
    """Infers a schema from every row and merges it, as PySpark does. Rows with the same field
    names (the usual case) are merged field by field, inferring only values whose Python type
    was not seen in that field yet; rows with other names fall back to merging StructTypes."""
    if not rows:
        raise PySparkValueError(error_class="CANNOT_INFER_EMPTY_SCHEMA", message_parameters={})
    first_names, _ = _named_values(rows[0], names)
    types: List[DataType] = [NullType()] * len(first_names)
    seen: List[set] = [set() for _ in first_names]
    merged: Optional[StructType] = None
    for row in rows:
        row_names, values = _named_values(row, names)
        if merged is None and row_names == first_names:
            for i, value in enumerate(values):
                python_type = type(value)
                if python_type in seen[i]:
                    continue
                seen[i].add(python_type)
                types[i] = _merge_type(types[i], _infer_field_type(row_names[i], value))
            continue
        if merged is None:
            merged = StructType([StructField(n, t, True) for n, t in zip(first_names, types)])
        merged = _merge_type(merged, _infer_schema(row, names))
    schema = merged or StructType([StructField(n, t, True) for n, t in zip(first_names, types)])
    if any(isinstance(f.dataType, NullType) for f in schema.fields):
        raise PySparkValueError(error_class="CANNOT_DETERMINE_TYPE", message_parameters={})
    return schema


class Row(tuple):
    """A row of a DataFrame: a tuple whose fields are also reachable by name.

    >>> row = Row(name="Alice", age=11)
    >>> row
    Row(name='Alice', age=11)
    >>> row["name"], row.age
    ('Alice', 11)

    ``Row("name", "age")`` makes a row class: calling it with values makes rows.
    """

    def __new__(cls, *args: Any, **kwargs: Any) -> "Row":
        if args and kwargs:
            raise PySparkValueError(
                "Can not use both args and kwargs to create Row.", "CANNOT_SET_TOGETHER"
            )
        if kwargs:
            row = tuple.__new__(cls, list(kwargs.values()))
            row.__fields__ = list(kwargs.keys())
            return row
        return tuple.__new__(cls, args)

    def asDict(self, recursive: bool = False) -> Dict[str, Any]:
        """Returns the row as a dict of field name to value (nested Rows too if `recursive`)."""
        if not hasattr(self, "__fields__"):
            raise PySparkTypeError("Cannot convert a Row class into dict.", "CANNOT_CONVERT_TYPE")
        if recursive:

            def convert(value: Any) -> Any:
                if isinstance(value, Row):
                    return value.asDict(True)
                if isinstance(value, list):
                    return [convert(v) for v in value]
                if isinstance(value, dict):
                    return {k: convert(v) for k, v in value.items()}
                return value

            return dict(zip(self.__fields__, (convert(v) for v in self)))
        return dict(zip(self.__fields__, self))

    def __contains__(self, item: Any) -> bool:
        if hasattr(self, "__fields__"):
            return item in self.__fields__
        return super().__contains__(item)

    def __call__(self, *args: Any) -> "Row":
        """Creates a row of this row class's fields."""
        if len(args) > len(self):
            raise PySparkValueError(
                "Can not create Row with fields %s, expected %d values but got %d."
                % (self, len(self), len(args)),
                "TOO_MANY_VALUES",
            )
        return _create_row(list(self), args)

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, (int, slice)):
            return super().__getitem__(item)
        try:
            index = self.__fields__.index(item)
            return super().__getitem__(index)
        except IndexError:
            raise PySparkKeyError(
                error_class="KEY_NOT_EXISTS", message_parameters={"key": str(item)}
            ) from None
        except (ValueError, AttributeError):
            raise PySparkValueError(str(item), None) from None

    def __getattr__(self, item: str) -> Any:
        if item.startswith("__"):
            raise AttributeError(item)
        try:
            index = self.__fields__.index(item)
            return self[index]
        except (IndexError, ValueError, AttributeError):
            raise AttributeError(item) from None

    def __setattr__(self, key: Any, value: Any) -> None:
        if key != "__fields__":
            raise PySparkRuntimeError("Row is read-only.", "READ_ONLY")
        self.__dict__[key] = value

    def __reduce__(self) -> Any:
        if hasattr(self, "__fields__"):
            return (_create_row, (self.__fields__, tuple(self)))
        return tuple.__reduce__(self)

    def __repr__(self) -> str:
        if hasattr(self, "__fields__"):
            return "Row(%s)" % ", ".join(
                "%s=%r" % (k, v) for k, v in zip(self.__fields__, tuple(self))
            )
        return "<Row(%s)>" % ", ".join("%r" % field for field in self)


def _create_row(fields: List[str], values: Any) -> Row:
    row = Row(*values)
    row.__fields__ = fields
    return row

#include "values.h"

#include <datetime.h>
#include <pybind11/numpy.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "ember/common/error.h"
#include "ember/types/text_format.h"

namespace ember::python {

namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

std::string Repr(py::handle object) {
  return py::repr(object).cast<std::string>();
}

/// Returns str(type(object)), e.g. "<class 'int'>", as PySpark's messages print it.
std::string TypeText(py::handle object) {
  return py::str(py::type::handle_of(object)).cast<std::string>();
}

[[noreturn]] void Unacceptable(py::handle object, const Field& field, const std::string& label) {
  Throw(ErrorKind::kInvalidArgument, "FIELD_DATA_TYPE_UNACCEPTABLE_WITH_NAME", label, ": ",
        PySparkTypeRepr(field.type), " can not accept object ", Repr(object), " in type ",
        TypeText(object), ".");
}

bool ExactType(py::handle object, PyTypeObject* type) {
  return Py_TYPE(object.ptr()) == type;
}

/// Returns the days since 1970-01-01 of a datetime.date (or the date part of a datetime).
int32_t EpochDays(py::handle date) {
  PyObject* p = date.ptr();
  return static_cast<int32_t>(
      DaysFromCivil(PyDateTime_GET_YEAR(p), PyDateTime_GET_MONTH(p), PyDateTime_GET_DAY(p)));
}

int64_t TimedeltaMicros(py::handle delta) {
  PyObject* p = delta.ptr();
  return PyDateTime_DELTA_GET_DAYS(p) * kMicrosPerDay +
         PyDateTime_DELTA_GET_SECONDS(p) * kMicrosPerSecond + PyDateTime_DELTA_GET_MICROSECONDS(p);
}

/// Returns the text of a decimal.Decimal in plain notation ("1000" for Decimal("1E+3")).
std::string PlainDecimalText(py::handle decimal) {
  return py::module_::import("builtins").attr("format")(decimal, "f").cast<std::string>();
}

std::string DoubleText(double value) {
  return FormatDouble(value);
}

}  // namespace

void InitValueConversion() {
  PyDateTime_IMPORT;
  if (PyDateTimeAPI == nullptr) throw py::error_already_set();
}

std::string PySparkTypeRepr(const DataType& type) {
  switch (type.id()) {
    case TypeId::kNull:
      return "NullType()";
    case TypeId::kBoolean:
      return "BooleanType()";
    case TypeId::kByte:
      return "ByteType()";
    case TypeId::kShort:
      return "ShortType()";
    case TypeId::kInt:
      return "IntegerType()";
    case TypeId::kLong:
      return "LongType()";
    case TypeId::kFloat:
      return "FloatType()";
    case TypeId::kDouble:
      return "DoubleType()";
    case TypeId::kDecimal:
      return StrCat("DecimalType(", type.precision(), ",", type.scale(), ")");
    case TypeId::kString:
      return "StringType()";
    case TypeId::kBinary:
      return "BinaryType()";
    case TypeId::kDate:
      return "DateType()";
    case TypeId::kTimestamp:
      return "TimestampType()";
  }
  return type.SimpleString();
}

ValueConverter::ValueConverter(py::object time_zone)
    : time_zone_(std::move(time_zone)),
      decimal_class_(py::module_::import("decimal").attr("Decimal")),
      utc_(py::module_::import("datetime").attr("timezone").attr("utc")) {}

py::object ValueConverter::Timestamp(int64_t micros) const {
  int64_t days = FloorDiv(micros, kMicrosPerDay);
  int64_t in_day = micros - days * kMicrosPerDay;
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  if (year < 1 || year > 9999) {
    throw py::value_error("timestamp " + FormatTimestamp(micros) +
                          " is outside the range of Python's datetime (years 1-9999)");
  }
  int hour = static_cast<int>(in_day / (3600 * kMicrosPerSecond));
  int minute = static_cast<int>(in_day / (60 * kMicrosPerSecond) % 60);
  int second = static_cast<int>(in_day / kMicrosPerSecond % 60);
  int micro = static_cast<int>(in_day % kMicrosPerSecond);
  if (time_zone_.is_none()) {
    return py::reinterpret_steal<py::object>(
        PyDateTime_FromDateAndTime(static_cast<int>(year), static_cast<int>(month),
                                   static_cast<int>(day), hour, minute, second, micro));
  }
  auto aware = py::reinterpret_steal<py::object>(PyDateTimeAPI->DateTime_FromDateAndTime(
      static_cast<int>(year), static_cast<int>(month), static_cast<int>(day), hour, minute, second,
      micro, utc_.ptr(), PyDateTimeAPI->DateTimeType));
  if (!aware) throw py::error_already_set();
  return aware.attr("astimezone")(time_zone_).attr("replace")(py::arg("tzinfo") = py::none());
}

py::object ValueConverter::ToPython(const ColumnVector& column, size_t row) const {
  if (column.IsNull(row)) return py::none();
  const DataType& type = column.type();
  switch (type.id()) {
    case TypeId::kNull:
      return py::none();
    case TypeId::kBoolean:
      return py::bool_(column.ValueAt<bool>(row));
    case TypeId::kByte:
      return py::int_(column.ValueAt<int8_t>(row));
    case TypeId::kShort:
      return py::int_(column.ValueAt<int16_t>(row));
    case TypeId::kInt:
      return py::int_(column.ValueAt<int32_t>(row));
    case TypeId::kLong:
      return py::int_(column.ValueAt<int64_t>(row));
    case TypeId::kFloat:
      return py::float_(column.ValueAt<float>(row));
    case TypeId::kDouble:
      return py::float_(column.ValueAt<double>(row));
    case TypeId::kDecimal:
      return decimal_class_(FormatDecimal(column.ValueAt<int128_t>(row), type.scale()));
    case TypeId::kString: {
      std::string_view text = column.StringAt(row);
      PyObject* object =
          PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
      if (object == nullptr) throw py::error_already_set();
      return py::reinterpret_steal<py::object>(object);
    }
    case TypeId::kBinary: {
      std::string_view bytes = column.StringAt(row);
      return py::reinterpret_steal<py::object>(
          PyByteArray_FromStringAndSize(bytes.data(), static_cast<Py_ssize_t>(bytes.size())));
    }
    case TypeId::kDate: {
      int32_t days = column.ValueAt<int32_t>(row);
      int64_t year;
      unsigned month, day;
      CivilFromDays(days, &year, &month, &day);
      if (year < 1 || year > 9999) {
        throw py::value_error("date " + FormatDate(days) +
                              " is outside the range of Python's datetime.date (years 1-9999)");
      }
      return py::reinterpret_steal<py::object>(
          PyDate_FromDate(static_cast<int>(year), static_cast<int>(month), static_cast<int>(day)));
    }
    case TypeId::kTimestamp:
      return Timestamp(column.ValueAt<int64_t>(row));
  }
  Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "no Python conversion for ", type.SimpleString());
}

py::object ValueConverter::ToPython(const Value& value) const {
  ColumnBuilder builder(value.type(), 1);
  builder.Append(value);
  return ToPython(*builder.Finish(), 0);
}

py::list ValueConverter::Rows(const std::vector<BatchPtr>& batches, size_t num_columns,
                              py::handle row_type, py::handle fields) const {
  // Rows are made at the C level: tuple.__new__(Row, values) plus a __fields__ entry in the
  // instance dict, skipping Row.__new__ and Row.__setattr__, which cost microseconds a row.
  auto* type = reinterpret_cast<PyTypeObject*>(row_type.ptr());
  py::str fields_name("__fields__");
  py::list rows;
  for (const auto& batch : batches) {
    size_t num_rows = batch->num_rows();
    std::vector<py::tuple> values;
    values.reserve(num_rows);
    for (size_t r = 0; r < num_rows; ++r) values.emplace_back(num_columns);
    for (size_t c = 0; c < num_columns; ++c) {
      const ColumnVector& column = *batch->column(c);
      for (size_t r = 0; r < num_rows; ++r) {
        PyTuple_SET_ITEM(values[r].ptr(), static_cast<Py_ssize_t>(c),
                         ToPython(column, r).release().ptr());
      }
    }
    for (auto& tuple : values) {
      py::tuple args = py::make_tuple(tuple);
      auto row = py::reinterpret_steal<py::object>(PyTuple_Type.tp_new(type, args.ptr(), nullptr));
      if (!row || PyObject_GenericSetAttr(row.ptr(), fields_name.ptr(), fields.ptr()) != 0) {
        throw py::error_already_set();
      }
      rows.append(std::move(row));
    }
  }
  return rows;
}

int64_t ValueConverter::TimestampMicros(py::handle datetime) const {
  PyObject* p = datetime.ptr();
  int64_t days =
      DaysFromCivil(PyDateTime_GET_YEAR(p), PyDateTime_GET_MONTH(p), PyDateTime_GET_DAY(p));
  int64_t micros = days * kMicrosPerDay +
                   (PyDateTime_DATE_GET_HOUR(p) * 3600 + PyDateTime_DATE_GET_MINUTE(p) * 60 +
                    PyDateTime_DATE_GET_SECOND(p)) *
                       kMicrosPerSecond +
                   PyDateTime_DATE_GET_MICROSECOND(p);
  py::object offset;
  if (!datetime.attr("tzinfo").is_none()) {
    offset = datetime.attr("utcoffset")();
  } else if (!time_zone_.is_none()) {
    offset = time_zone_.attr("utcoffset")(datetime);
  }
  if (offset && !offset.is_none()) micros -= TimedeltaMicros(offset);
  return micros;
}

Value ValueConverter::FromPython(py::handle object, const Field& field,
                                 const std::string& label) const {
  if (object.is_none()) {
    if (!field.nullable) {
      Throw(ErrorKind::kInvalidArgument, "FIELD_NOT_NULLABLE_WITH_NAME", label,
            ": This field is not nullable, but got None.");
    }
    return Value::Null(field.type);
  }
  const DataType& type = field.type;
  switch (type.id()) {
    case TypeId::kNull:
      Unacceptable(object, field, label);
    case TypeId::kBoolean:
      if (!ExactType(object, &PyBool_Type)) Unacceptable(object, field, label);
      return Value::Boolean(object.ptr() == Py_True);
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: {
      if (!ExactType(object, &PyLong_Type)) Unacceptable(object, field, label);
      int bits = type.PhysicalWidth() * 8;
      int64_t lower =
          bits == 64 ? std::numeric_limits<int64_t>::min() : -(int64_t{1} << (bits - 1));
      int64_t upper =
          bits == 64 ? std::numeric_limits<int64_t>::max() : (int64_t{1} << (bits - 1)) - 1;
      int overflow = 0;
      long long v = PyLong_AsLongLongAndOverflow(object.ptr(), &overflow);
      if (overflow != 0 || v < lower || v > upper) {
        Throw(ErrorKind::kInvalidArgument, "VALUE_OUT_OF_BOUNDS",
              "Value for `obj` must be between ", lower, " and ", upper, " (inclusive), got ",
              py::str(object).cast<std::string>());
      }
      if (type.id() == TypeId::kByte) return Value::Byte(static_cast<int8_t>(v));
      if (type.id() == TypeId::kShort) return Value::Short(static_cast<int16_t>(v));
      if (type.id() == TypeId::kInt) return Value::Int(static_cast<int32_t>(v));
      return Value::Long(v);
    }
    case TypeId::kFloat:
    case TypeId::kDouble: {
      if (!ExactType(object, &PyFloat_Type)) Unacceptable(object, field, label);
      double v = PyFloat_AS_DOUBLE(object.ptr());
      return type.id() == TypeId::kFloat ? Value::Float(static_cast<float>(v)) : Value::Double(v);
    }
    case TypeId::kDecimal: {
      if (!py::isinstance(object, decimal_class_) ||
          object.attr("is_finite")().cast<bool>() == false) {
        Unacceptable(object, field, label);
      }
      auto unscaled = ParseDecimal(PlainDecimalText(object), type);
      if (!unscaled) {
        Throw(ErrorKind::kInvalidArgument, "NUMERIC_VALUE_OUT_OF_RANGE", label, ": ", Repr(object),
              " cannot be represented as ", type.SimpleString(), ".");
      }
      return Value::Decimal(*unscaled, type);
    }
    case TypeId::kString: {
      // Like PySpark, a string field takes any object, as its string form.
      if (PyUnicode_Check(object.ptr())) return Value::String(object.cast<std::string>());
      if (ExactType(object, &PyBool_Type)) {
        return Value::String(object.ptr() == Py_True ? "true" : "false");
      }
      if (ExactType(object, &PyFloat_Type)) {
        return Value::String(DoubleText(PyFloat_AS_DOUBLE(object.ptr())));
      }
      return Value::String(py::str(object).cast<std::string>());
    }
    case TypeId::kBinary: {
      if (PyByteArray_Check(object.ptr())) {
        return Value::Binary(std::string(PyByteArray_AS_STRING(object.ptr()),
                                         static_cast<size_t>(PyByteArray_GET_SIZE(object.ptr()))));
      }
      if (PyBytes_Check(object.ptr())) {
        return Value::Binary(std::string(PyBytes_AS_STRING(object.ptr()),
                                         static_cast<size_t>(PyBytes_GET_SIZE(object.ptr()))));
      }
      Unacceptable(object, field, label);
    }
    case TypeId::kDate:
      if (!PyDate_Check(object.ptr())) Unacceptable(object, field, label);
      return Value::Date(EpochDays(object));
    case TypeId::kTimestamp:
      if (!PyDateTime_Check(object.ptr())) Unacceptable(object, field, label);
      return Value::Timestamp(TimestampMicros(object));
  }
  Unacceptable(object, field, label);
}

Value ValueConverter::Literal(py::handle object) const {
  PyObject* p = object.ptr();
  if (object.is_none()) return Value();
  if (PyBool_Check(p)) return Value::Boolean(p == Py_True);
  if (PyLong_Check(p)) {
    int overflow = 0;
    long long v = PyLong_AsLongLongAndOverflow(p, &overflow);
    if (overflow != 0) {
      Throw(ErrorKind::kInvalidArgument, "UNSUPPORTED_LITERAL", "Unsupported Literal '",
            Repr(object), "': integers beyond the bigint range need a Decimal.");
    }
    if (v >= std::numeric_limits<int32_t>::min() && v <= std::numeric_limits<int32_t>::max()) {
      return Value::Int(static_cast<int32_t>(v));
    }
    return Value::Long(v);
  }
  if (PyFloat_Check(p)) return Value::Double(PyFloat_AS_DOUBLE(p));
  if (PyUnicode_Check(p)) return Value::String(object.cast<std::string>());
  if (PyByteArray_Check(p) || PyBytes_Check(p)) {
    return FromPython(object, Field{"", TypeId::kBinary, true}, "literal");
  }
  if (PyDateTime_Check(p)) return Value::Timestamp(TimestampMicros(object));
  if (PyDate_Check(p)) return Value::Date(EpochDays(object));
  if (py::isinstance(object, decimal_class_)) {
    if (!object.attr("is_finite")().cast<bool>()) {
      Throw(ErrorKind::kInvalidArgument, "UNSUPPORTED_LITERAL", "Unsupported Literal '",
            Repr(object), "'.");
    }
    // Spark types a decimal literal by its digits: decimal(max(precision, scale), scale), with
    // no negative scale (1E+3 is decimal(4,0)).
    py::tuple parts = object.attr("as_tuple")();
    int digits = static_cast<int>(py::len(parts[1]));
    int exponent = parts[2].cast<int>();
    int scale = std::max(0, -exponent);
    int precision = std::max(digits + std::max(0, exponent), scale);
    if (precision > DataType::kMaxDecimalPrecision) {
      Throw(ErrorKind::kInvalidArgument, "UNSUPPORTED_LITERAL", "Unsupported Literal '",
            Repr(object), "': more than ", DataType::kMaxDecimalPrecision, " digits.");
    }
    DataType type = DataType::Decimal(precision, scale);
    return Value::Decimal(*ParseDecimal(PlainDecimalText(object), type), type);
  }
  // numpy scalars: typed by their dtype, as PySpark does.
  if (py::hasattr(object, "dtype") && py::hasattr(object, "item")) {
    py::object dtype = object.attr("dtype");
    std::string kind = dtype.attr("kind").cast<std::string>();
    int size = dtype.attr("itemsize").cast<int>();
    py::object item = object.attr("item")();
    if (kind == "b") return Value::Boolean(item.cast<bool>());
    if (kind == "i" || kind == "u") {
      Value v = Literal(item);
      int64_t n = v.AsInt64();
      if (size == 1 && kind == "i") return Value::Byte(static_cast<int8_t>(n));
      if (size == 2 && kind == "i") return Value::Short(static_cast<int16_t>(n));
      if (size <= 4 && n >= std::numeric_limits<int32_t>::min() &&
          n <= std::numeric_limits<int32_t>::max()) {
        return Value::Int(static_cast<int32_t>(n));
      }
      return Value::Long(n);
    }
    if (kind == "f") {
      double v = item.cast<double>();
      return size == 4 ? Value::Float(static_cast<float>(v)) : Value::Double(v);
    }
    return Literal(item);
  }
  Throw(ErrorKind::kInvalidArgument, "UNSUPPORTED_LITERAL", "Unsupported Literal '", Repr(object),
        "' of ", TypeText(object), ".");
}

namespace {

template <typename T>
py::array CopyFixed(const std::vector<BatchPtr>& batches, size_t c, size_t rows) {
  py::array_t<T> out(static_cast<py::ssize_t>(rows));
  T* data = out.mutable_data();
  for (const auto& batch : batches) {
    const ColumnVector& column = *batch->column(c);
    size_t n = batch->num_rows();
    if (column.is_constant()) {
      std::fill(data, data + n, column.ValueAt<T>(0));
    } else {
      std::memcpy(data, column.data<T>(), n * sizeof(T));
    }
    data += n;
  }
  return out;
}

/// Copies a numeric column into float64 (or float32) with NaN for nulls.
template <typename T, typename Out>
py::array CopyWithNaN(const std::vector<BatchPtr>& batches, size_t c, size_t rows) {
  py::array_t<Out> out(static_cast<py::ssize_t>(rows));
  Out* data = out.mutable_data();
  for (const auto& batch : batches) {
    const ColumnVector& column = *batch->column(c);
    size_t n = batch->num_rows();
    for (size_t r = 0; r < n; ++r) {
      data[r] = column.IsNull(r) ? std::numeric_limits<Out>::quiet_NaN()
                                 : static_cast<Out>(column.ValueAt<T>(r));
    }
    data += n;
  }
  return out;
}

bool AnyNull(const std::vector<BatchPtr>& batches, size_t c) {
  for (const auto& batch : batches) {
    const ColumnVector& column = *batch->column(c);
    if (!column.may_have_nulls()) continue;
    for (size_t r = 0; r < batch->num_rows(); ++r) {
      if (column.IsNull(r)) return true;
    }
  }
  return false;
}

}  // namespace

py::list ValueConverter::PandasColumns(const std::vector<BatchPtr>& batches,
                                       const Schema& schema) const {
  size_t rows = 0;
  for (const auto& batch : batches) rows += batch->num_rows();
  py::list columns;
  for (size_t c = 0; c < schema.size(); ++c) {
    const Field& field = schema.field(c);
    bool nulls = AnyNull(batches, c);
    switch (field.type.id()) {
      case TypeId::kByte:
        columns.append(nulls ? CopyWithNaN<int8_t, double>(batches, c, rows)
                             : CopyFixed<int8_t>(batches, c, rows));
        continue;
      case TypeId::kShort:
        columns.append(nulls ? CopyWithNaN<int16_t, double>(batches, c, rows)
                             : CopyFixed<int16_t>(batches, c, rows));
        continue;
      case TypeId::kInt:
        columns.append(nulls ? CopyWithNaN<int32_t, double>(batches, c, rows)
                             : CopyFixed<int32_t>(batches, c, rows));
        continue;
      case TypeId::kLong:
        columns.append(nulls ? CopyWithNaN<int64_t, double>(batches, c, rows)
                             : CopyFixed<int64_t>(batches, c, rows));
        continue;
      case TypeId::kFloat:
        columns.append(CopyWithNaN<float, float>(batches, c, rows));
        continue;
      case TypeId::kDouble:
        columns.append(CopyWithNaN<double, double>(batches, c, rows));
        continue;
      case TypeId::kBoolean:
        if (!nulls) {
          columns.append(CopyFixed<bool>(batches, c, rows));
          continue;
        }
        break;  // with nulls: an object column of True/False/None, as PySpark
      case TypeId::kTimestamp: {
        // datetime64[ns] in UTC; the Python layer converts to the session time zone.
        py::array out(py::dtype("datetime64[ns]"),
                      std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows)});
        auto* data = static_cast<int64_t*>(out.mutable_data());
        for (const auto& batch : batches) {
          const ColumnVector& column = *batch->column(c);
          size_t n = batch->num_rows();
          for (size_t r = 0; r < n; ++r) {
            if (column.IsNull(r)) {
              data[r] = std::numeric_limits<int64_t>::min();  // NaT
              continue;
            }
            int64_t micros = column.ValueAt<int64_t>(r);
            if (__builtin_mul_overflow(micros, int64_t{1000}, &data[r]) ||
                data[r] == std::numeric_limits<int64_t>::min()) {
              Throw(ErrorKind::kInvalidArgument, "TIMESTAMP_OUT_OF_PANDAS_RANGE", "Column ",
                    QuoteIdentifier(field.name), " holds the timestamp ", FormatTimestamp(micros),
                    ", outside the range of pandas' datetime64[ns] (years 1677-2262); "
                    "collect() returns it as a datetime.");
            }
          }
          data += n;
        }
        columns.append(out);
        continue;
      }
      default:
        break;
    }
    py::array out(py::dtype("O"), std::vector<py::ssize_t>{static_cast<py::ssize_t>(rows)});
    auto** data = static_cast<PyObject**>(out.mutable_data());
    // The slots start uninitialized: give each a reference to None before anything can throw.
    for (size_t i = 0; i < rows; ++i) {
      Py_INCREF(Py_None);
      data[i] = Py_None;
    }
    size_t offset = 0;
    for (const auto& batch : batches) {
      const ColumnVector& column = *batch->column(c);
      for (size_t r = 0; r < batch->num_rows(); ++r, ++offset) {
        PyObject* value = ToPython(column, r).release().ptr();
        Py_DECREF(data[offset]);
        data[offset] = value;
      }
    }
    columns.append(out);
  }
  return columns;
}

py::list SchemaToPython(const Schema& schema) {
  py::list fields;
  for (const auto& field : schema.fields()) {
    fields.append(py::make_tuple(field.name, field.type.SimpleString(), field.nullable));
  }
  return fields;
}

Schema SchemaFromPython(py::handle fields) {
  std::vector<Field> out;
  for (py::handle item : fields) {
    py::tuple tuple = py::reinterpret_borrow<py::tuple>(item);
    Field field;
    field.name = tuple[0].cast<std::string>();
    field.type = DataType::Parse(tuple[1].cast<std::string>());
    field.nullable = tuple[2].cast<bool>();
    out.push_back(std::move(field));
  }
  return Schema(std::move(out));
}

}  // namespace ember::python

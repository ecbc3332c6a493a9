#pragma once

// Conversions between engine values (columns of batches, Values) and Python objects, following
// PySpark's mapping: long -> int, double -> float, decimal -> decimal.Decimal, date ->
// datetime.date, timestamp -> naive datetime.datetime in the session time zone, binary ->
// bytearray, null -> None.

#include <pybind11/pybind11.h>

#include <string>
#include <vector>

#include "ember/columnar/batch.h"
#include "ember/types/schema.h"
#include "ember/types/value.h"

namespace ember::python {

namespace py = pybind11;

/// Imports the datetime and numpy C APIs; called once when the module loads.
void InitValueConversion();

/// Converts in both directions for one session time zone. Timestamps are UTC microseconds in the
/// engine; Python sees naive datetimes in the session time zone, and naive datetimes it passes
/// in are read in that zone (aware ones are converted).
class ValueConverter {
 public:
  /// `time_zone` is a tzinfo object, or None for UTC.
  explicit ValueConverter(py::object time_zone);

  /// Returns the rows of `batches` (dense, `num_columns` wide) as a list of `row_type`
  /// instances (a tuple subclass: ember.sql.Row) sharing the list `fields` as their __fields__.
  py::list Rows(const std::vector<BatchPtr>& batches, size_t num_columns, py::handle row_type,
                py::handle fields) const;
  /// Returns row `row` of `column` as a Python object.
  py::object ToPython(const ColumnVector& column, size_t row) const;
  py::object ToPython(const Value& value) const;

  /// Converts a Python object to a value of `field`'s type, accepting the Python types PySpark
  /// accepts for it; `label` names the field in errors ("field amount").
  Value FromPython(py::handle object, const Field& field, const std::string& label) const;
  /// Converts a Python object to a literal value typed as PySpark's lit() types it (int -> int or
  /// bigint by magnitude, float -> double, str -> string, Decimal -> decimal(p,s), ...).
  Value Literal(py::handle object) const;

  /// Returns one numpy array per column for toPandas: fixed-width columns are copied buffer by
  /// buffer (integers with nulls become float64 with NaN, timestamps datetime64[ns] in UTC);
  /// dates, decimals, strings and binaries become object arrays.
  py::list PandasColumns(const std::vector<BatchPtr>& batches, const Schema& schema) const;

 private:
  /// Returns a datetime's UTC microseconds (naive ones read in the session time zone).
  int64_t TimestampMicros(py::handle datetime) const;
  py::object Timestamp(int64_t micros) const;

  py::object time_zone_;  // None for UTC
  py::object decimal_class_;
  py::object utc_;
};

/// Pauses Python's cyclic garbage collector for its lifetime. Converting a result creates
/// millions of objects that cannot form cycles, and each collection they would trigger scans the
/// whole growing result again.
class PausedGarbageCollector {
 public:
  PausedGarbageCollector() : was_enabled_(PyGC_Disable()) {}
  ~PausedGarbageCollector() {
    if (was_enabled_) PyGC_Enable();
  }
  PausedGarbageCollector(const PausedGarbageCollector&) = delete;
  PausedGarbageCollector& operator=(const PausedGarbageCollector&) = delete;

 private:
  int was_enabled_;
};

/// Returns `schema` as a list of (name, simpleString, nullable) tuples.
py::list SchemaToPython(const Schema& schema);
/// Builds a schema from (name, type string, nullable) tuples.
Schema SchemaFromPython(py::handle fields);

/// Returns a Python-readable description of a type as PySpark prints it ("LongType()").
std::string PySparkTypeRepr(const DataType& type);

}  // namespace ember::python

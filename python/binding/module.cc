// The `ember._ember` extension module: Python bindings over the public C++ API (ember/api/).
// The pure-Python package `ember.sql` is the user-facing layer, with PySpark's names and argument
// forms; this module exposes the engine's objects thinly, converts values, runs actions without
// the GIL (cancellable with Ctrl-C) and turns engine errors into the package's exceptions.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "actions.h"
#include "ember/ember.h"
#include "values.h"

namespace py = pybind11;

namespace ember::python {
namespace {

/// The Python callable that builds the exception for an engine error:
/// factory(kind_name, error_class, message) -> exception instance. Registered by ember.errors.
py::handle& ExceptionFactory() {
  static py::handle factory;  // a leaked reference: exceptions may be raised during shutdown
  return factory;
}

void RegisterExceptionFactory(py::object factory) {
  ExceptionFactory().dec_ref();
  ExceptionFactory() = factory.release();
}

void TranslateEngineErrors(std::exception_ptr error) {
  try {
    if (error) std::rethrow_exception(error);
  } catch (const Error& engine_error) {
    if (!ExceptionFactory()) {
      PyErr_SetString(PyExc_RuntimeError, engine_error.what());
      return;
    }
    try {
      py::object exception = py::reinterpret_borrow<py::object>(ExceptionFactory())(
          ErrorKindName(engine_error.kind()), engine_error.error_class(), engine_error.message());
      PyErr_SetObject(reinterpret_cast<PyObject*>(Py_TYPE(exception.ptr())), exception.ptr());
    } catch (py::error_already_set& factory_error) {
      factory_error.restore();
    }
  }
}

std::vector<Column> Columns(const py::list& items) {
  std::vector<Column> out;
  for (py::handle item : items) out.push_back(item.cast<Column>());
  return out;
}

/// Returns a na.fill() replacement as Spark's fill overloads take it: bool, long, double, string.
Value FillValue(py::handle value) {
  if (PyBool_Check(value.ptr())) return Value::Boolean(value.ptr() == Py_True);
  if (PyLong_Check(value.ptr())) return Value::Long(value.cast<int64_t>());
  if (PyFloat_Check(value.ptr())) return Value::Double(value.cast<double>());
  if (PyUnicode_Check(value.ptr())) return Value::String(value.cast<std::string>());
  Throw(ErrorKind::kInvalidArgument, "NOT_BOOL_OR_DICT_OR_FLOAT_OR_INT_OR_STR",
        "Argument `value` should be a bool, dict, float, int or str, got ",
        py::str(py::type::handle_of(value).attr("__name__")).cast<std::string>(), ".");
}

Session SessionOf(const DataFrame& df) {
  return Session(df.state());
}

py::list ToRows(const DataFrame& df, py::object time_zone, py::handle row_type, py::handle fields) {
  std::vector<BatchPtr> batches =
      RunInterruptibly(SessionOf(df), [&] { return df.collectBatches(); });
  PausedGarbageCollector pause;
  return ValueConverter(std::move(time_zone)).Rows(batches, df.schema().size(), row_type, fields);
}

void BindSession(py::module_& m) {
  py::class_<Session>(m, "Session")
      .def_static(
          "get_or_create",
          [](const std::map<std::string, std::string>& settings) {
            Session::Builder builder = Session::builder();
            for (const auto& [key, value] : settings) builder.config(key, value);
            return builder.getOrCreate();
          },
          "Returns the active session with `settings` applied, or starts one.")
      .def("range", py::overload_cast<int64_t, int64_t, int64_t, int>(&Session::range, py::const_),
           py::arg("start"), py::arg("end"), py::arg("step"), py::arg("num_partitions"))
      .def(
          "create_data_frame",
          [](const Session& session, py::iterable data, py::list fields, py::object time_zone) {
            Schema schema = SchemaFromPython(fields);
            ValueConverter converter(std::move(time_zone));
            std::vector<std::string> labels;
            for (const auto& field : schema.fields()) labels.push_back("field " + field.name);
            std::vector<Row> rows;
            for (py::handle item : data) {
              py::sequence values = py::reinterpret_borrow<py::sequence>(item);
              if (py::len(values) != schema.size()) {
                Throw(ErrorKind::kInvalidArgument, "FIELD_STRUCT_LENGTH_MISMATCH",
                      "Length of object (", py::len(values),
                      ") does not match with length of fields (", schema.size(), ").");
              }
              std::vector<Value> row;
              row.reserve(schema.size());
              for (size_t c = 0; c < schema.size(); ++c) {
                row.push_back(converter.FromPython(values[c], schema.field(c), labels[c]));
              }
              rows.emplace_back(std::move(row));
            }
            return session.createDataFrame(rows, schema);
          },
          "Builds a DataFrame from Python rows (sequences in field order) of a given schema.")
      .def("read", &Session::read)
      .def("table", &Session::table)
      .def("list_tables", [](const Session& session) { return session.catalog().listTables(); })
      .def("table_exists",
           [](const Session& session, const std::string& name) {
             return session.catalog().tableExists(name);
           })
      .def("drop_temp_view",
           [](const Session& session, const std::string& name) {
             return session.catalog().dropTempView(name);
           })
      .def("set_conf", &Session::setConf)
      .def("get_conf_option", &Session::getConfOption)
      .def("unset_conf", &Session::unsetConf)
      .def("get_all_confs", &Session::getAllConfs)
      .def("default_parallelism", &Session::defaultParallelism)
      .def("version", &Session::version)
      .def("stop", &Session::stop)
      .def("add_tag", &Session::addTag)
      .def("remove_tag", &Session::removeTag)
      .def("get_tags", &Session::getTags)
      .def("clear_tags", &Session::clearTags)
      .def("interrupt_all", &Session::interruptAll)
      .def("interrupt_tag", &Session::interruptTag)
      .def("same_as", [](const Session& a, const Session& b) { return a.state() == b.state(); });
}

void BindColumn(py::module_& m) {
  py::class_<Column>(m, "Column")
      .def("__str__", &Column::toString)
      .def("alias", &Column::alias)
      .def("cast", py::overload_cast<const std::string&>(&Column::cast, py::const_))
      .def("try_cast", &Column::try_cast)
      .def("is_null", &Column::isNull)
      .def("is_not_null", &Column::isNotNull)
      .def("is_nan", &Column::isNaN)
      .def("isin", [](const Column& c, const py::list& values) { return c.isin(Columns(values)); })
      .def("between", &Column::between)
      .def("like", &Column::like)
      .def("startswith", &Column::startsWith)
      .def("endswith", &Column::endsWith)
      .def("contains", &Column::contains)
      .def("substr", &Column::substr)
      .def("eq_null_safe", &Column::eqNullSafe)
      .def("when", &Column::when)
      .def("otherwise", &Column::otherwise)
      .def("asc", &Column::asc)
      .def("asc_nulls_first", &Column::asc_nulls_first)
      .def("asc_nulls_last", &Column::asc_nulls_last)
      .def("desc", &Column::desc)
      .def("desc_nulls_first", &Column::desc_nulls_first)
      .def("desc_nulls_last", &Column::desc_nulls_last)
      .def("plus", [](const Column& a, const Column& b) { return a + b; })
      .def("minus", [](const Column& a, const Column& b) { return a - b; })
      .def("times", [](const Column& a, const Column& b) { return a * b; })
      .def("divide", [](const Column& a, const Column& b) { return a / b; })
      .def("mod", [](const Column& a, const Column& b) { return a % b; })
      .def("negate", [](const Column& a) { return -a; })
      .def("eq", [](const Column& a, const Column& b) { return a == b; })
      .def("ne", [](const Column& a, const Column& b) { return a != b; })
      .def("lt", [](const Column& a, const Column& b) { return a < b; })
      .def("le", [](const Column& a, const Column& b) { return a <= b; })
      .def("gt", [](const Column& a, const Column& b) { return a > b; })
      .def("ge", [](const Column& a, const Column& b) { return a >= b; })
      .def("and_", [](const Column& a, const Column& b) { return a && b; })
      .def("or_", [](const Column& a, const Column& b) { return a || b; })
      .def("not_", [](const Column& a) { return !a; });
}

void BindFunctions(py::module_& m) {
  m.def("col", &ember::col, "Returns a reference to a column by name ('*' for all).");
  m.def(
      "lit",
      [](py::handle value, py::object time_zone) {
        return Column(ValueConverter(std::move(time_zone)).Literal(value));
      },
      "Returns a literal column of a Python value, typed as PySpark types it.");
  m.def("call_function", &ember::call_function);
  m.def("count_distinct", [](const py::list& columns) { return countDistinct(Columns(columns)); });
  m.def("sum_distinct", &ember::sum_distinct);
  m.def("first", &ember::first);
  m.def("last", &ember::last);
  m.def("when", &ember::when);
}

void BindDataFrame(py::module_& m) {
  py::class_<GroupedData>(m, "GroupedData")
      .def("agg",
           [](const GroupedData& g, const py::list& columns) { return g.agg(Columns(columns)); })
      .def("count", &GroupedData::count)
      .def("sum",
           [](const GroupedData& g, const std::vector<std::string>& names) { return g.sum(names); })
      .def("avg",
           [](const GroupedData& g, const std::vector<std::string>& names) { return g.avg(names); })
      .def("min",
           [](const GroupedData& g, const std::vector<std::string>& names) { return g.min(names); })
      .def("max", [](const GroupedData& g, const std::vector<std::string>& names) {
        return g.max(names);
      });

  py::class_<DataFrame>(m, "DataFrame")
      .def("session", &SessionOf)
      .def("create_or_replace_temp_view", &DataFrame::createOrReplaceTempView)
      .def("create_temp_view", &DataFrame::createTempView)
      .def("select",
           [](const DataFrame& df, const py::list& columns) { return df.select(Columns(columns)); })
      .def("filter", &DataFrame::filter)
      .def("with_column", &DataFrame::withColumn)
      .def("with_column_renamed", &DataFrame::withColumnRenamed)
      .def("drop", [](const DataFrame& df,
                      const std::vector<std::string>& names) { return df.drop(names); })
      .def("group_by", [](const DataFrame& df,
                          const py::list& columns) { return df.groupBy(Columns(columns)); })
      .def("join_on", py::overload_cast<const DataFrame&, const Column&, const std::string&>(
                          &DataFrame::join, py::const_))
      .def("join_using",
           py::overload_cast<const DataFrame&, const std::vector<std::string>&, const std::string&>(
               &DataFrame::join, py::const_))
      .def("cross_join", &DataFrame::crossJoin)
      .def("order_by", [](const DataFrame& df,
                          const py::list& columns) { return df.orderBy(Columns(columns)); })
      .def("sort_within_partitions",
           [](const DataFrame& df, const py::list& columns) {
             return df.sortWithinPartitions(Columns(columns));
           })
      .def("limit", &DataFrame::limit)
      .def("distinct", &DataFrame::distinct)
      .def("drop_duplicates", &DataFrame::dropDuplicates)
      .def("union", &DataFrame::union_)
      .def("union_by_name", &DataFrame::unionByName)
      .def("repartition",
           [](const DataFrame& df, int num_partitions, const py::list& columns) {
             if (columns.empty()) return df.repartition(num_partitions);
             return df.repartition(num_partitions, Columns(columns));
           })
      .def("repartition_by_range",
           [](const DataFrame& df, int num_partitions, const py::list& columns) {
             return df.repartitionByRange(num_partitions, Columns(columns));
           })
      .def("coalesce", &DataFrame::coalesce)
      .def("sample", py::overload_cast<bool, double, uint64_t>(&DataFrame::sample, py::const_))
      .def("to_df", &DataFrame::toDF)
      .def("cache", [](DataFrame& df) { df.cache(); })
      .def("unpersist", [](DataFrame& df) { df.unpersist(); })
      .def("is_cached", &DataFrame::isCached)
      .def("write", &DataFrame::write)
      .def("describe", &DataFrame::describe)
      .def("summary", &DataFrame::summary)
      .def("na_drop",
           [](const DataFrame& df, int min_non_nulls, const std::vector<std::string>& columns) {
             return df.na().drop(min_non_nulls, columns);
           })
      .def("na_drop_how",
           [](const DataFrame& df, const std::string& how,
              const std::vector<std::string>& columns) { return df.na().drop(how, columns); })
      .def("na_fill",
           [](const DataFrame& df, py::handle value, const std::vector<std::string>& columns) {
             return df.na().fill(FillValue(value), columns);
           })
      .def("na_fill_columns",
           [](const DataFrame& df, const py::dict& values) {
             std::vector<std::pair<std::string, Value>> replacements;
             for (auto item : values) {
               replacements.emplace_back(item.first.cast<std::string>(), FillValue(item.second));
             }
             return df.na().fill(replacements);
           })
      .def("col", &DataFrame::col)
      .def("schema", [](const DataFrame& df) { return SchemaToPython(df.schema()); })
      .def("schema_string", &DataFrame::schemaString)
      .def("explain_string", &DataFrame::explainString)
      .def("num_partitions",
           [](const DataFrame& df) {
             py::gil_scoped_release release;
             return df.numPartitions();
           })
      .def("count",
           [](const DataFrame& df) {
             return RunInterruptibly(SessionOf(df), [&] { return df.count(); });
           })
      .def("collect", &ToRows, py::arg("time_zone"), py::arg("row_type"), py::arg("fields"))
      .def("is_empty",
           [](const DataFrame& df) {
             return RunInterruptibly(SessionOf(df), [&] { return df.isEmpty(); });
           })
      .def("show_string",
           [](const DataFrame& df, int n, int truncate, bool vertical) {
             return RunInterruptibly(SessionOf(df),
                                     [&] { return df.showString(n, truncate, vertical); });
           })
      .def("pandas_columns", [](const DataFrame& df, py::object time_zone) {
        std::vector<BatchPtr> batches =
            RunInterruptibly(SessionOf(df), [&] { return df.collectBatches(); });
        PausedGarbageCollector pause;
        return ValueConverter(std::move(time_zone)).PandasColumns(batches, df.schema());
      });
}

void BindReadWrite(py::module_& m) {
  py::class_<DataFrameReader>(m, "DataFrameReader")
      .def("table", &DataFrameReader::table)
      .def("format", &DataFrameReader::format, py::return_value_policy::reference_internal)
      .def("option",
           py::overload_cast<const std::string&, const std::string&>(&DataFrameReader::option),
           py::return_value_policy::reference_internal)
      .def(
          "schema",
          [](DataFrameReader& reader, py::list fields) -> DataFrameReader& {
            return reader.schema(SchemaFromPython(fields));
          },
          py::return_value_policy::reference_internal)
      .def("load", [](const DataFrameReader& reader, const std::vector<std::string>& paths,
                      const Session& session) {
        return RunInterruptibly(session, [&] { return reader.load(paths); });
      });

  py::class_<DataFrameWriter>(m, "DataFrameWriter")
      .def("mode", &DataFrameWriter::mode, py::return_value_policy::reference_internal)
      .def("format", &DataFrameWriter::format, py::return_value_policy::reference_internal)
      .def("option",
           py::overload_cast<const std::string&, const std::string&>(&DataFrameWriter::option),
           py::return_value_policy::reference_internal)
      .def("partition_by", &DataFrameWriter::partitionBy,
           py::return_value_policy::reference_internal)
      .def("save", [](DataFrameWriter& writer, const std::string& path, const Session& session) {
        RunInterruptibly(session, [&] { writer.save(path); });
      });
}

}  // namespace
}  // namespace ember::python

PYBIND11_MODULE(_ember, module) {
  using namespace ember::python;
  module.doc() = "Bindings of Ember's C++ API; use the `ember.sql` package instead.";
  module.attr("__version__") = EMBER_VERSION;
  InitValueConversion();
  py::register_exception_translator(&TranslateEngineErrors);
  module.def("register_exception_factory", &RegisterExceptionFactory,
             "Sets factory(kind, error_class, message) that builds the exception for an engine "
             "error.");
  module.def("parse_schema_ddl",
             [](const std::string& ddl) { return SchemaToPython(ember::ParseSchemaDDL(ddl)); });
  module.def("parse_type",
             [](const std::string& text) { return ember::DataType::Parse(text).SimpleString(); });
  BindSession(module);
  BindColumn(module);
  BindFunctions(module);
  BindDataFrame(module);
  BindReadWrite(module);
}

#include "ember/api/functions.h"

#include "ember/functions/builtin_functions.h"

namespace ember {

namespace {
Column Call(const char* name, std::vector<ExprPtr> args) {
  return Column(MakeCall(name, std::move(args)));
}
Column Aggregate(const char* name, const Column& c) {
  return Column(MakeAggregate(name, {c.expr()}));
}
}  // namespace

Column col(const std::string& name) {
  return name == "*" ? Column(MakeStar()) : Column(MakeUnresolvedColumn(name));
}
Column column(const std::string& name) {
  return col(name);
}
Column lit(const Column& value) {
  return value;
}

Column call_function(const std::string& name, const std::vector<Column>& arguments) {
  std::vector<ExprPtr> args;
  for (const auto& argument : arguments) args.push_back(argument.expr());
  if (BuiltinFunctions().FindAggregate(name) != nullptr) {
    return Column(MakeAggregate(name, std::move(args)));
  }
  return Column(MakeCall(name, std::move(args)));
}

Column count(const Column& column) {
  return Aggregate("count", column);
}
Column count(const std::string& name) {
  return count(col(name));
}
Column countDistinct(const std::vector<Column>& columns) {
  std::vector<ExprPtr> args;
  for (const auto& c : columns) args.push_back(c.expr());
  return Column(MakeAggregate("count", std::move(args), true));
}
Column countDistinct(const Column& column) {
  return countDistinct(std::vector<Column>{column});
}
Column sum(const Column& column) {
  return Aggregate("sum", column);
}
Column sum(const std::string& name) {
  return sum(col(name));
}
Column avg(const Column& column) {
  return Aggregate("avg", column);
}
Column avg(const std::string& name) {
  return avg(col(name));
}
Column mean(const Column& column) {
  return avg(column);
}
Column min(const Column& column) {
  return Aggregate("min", column);
}
Column min(const std::string& name) {
  return min(col(name));
}
Column max(const Column& column) {
  return Aggregate("max", column);
}
Column max(const std::string& name) {
  return max(col(name));
}
Column sum_distinct(const Column& column) {
  return Column(MakeAggregate("sum", {column.expr()}, true));
}
Column first(const Column& column, bool ignore_nulls) {
  std::vector<ExprPtr> args = {column.expr()};
  if (ignore_nulls) args.push_back(MakeLiteral(Value::Boolean(true)));
  return Column(MakeAggregate("first", std::move(args)));
}
Column last(const Column& column, bool ignore_nulls) {
  std::vector<ExprPtr> args = {column.expr()};
  if (ignore_nulls) args.push_back(MakeLiteral(Value::Boolean(true)));
  return Column(MakeAggregate("last", std::move(args)));
}

Column asc(const std::string& name) {
  return col(name).asc();
}
Column desc(const std::string& name) {
  return col(name).desc();
}
Column asc(const Column& column) {
  return column.asc();
}
Column desc(const Column& column) {
  return column.desc();
}

Column when(const Column& condition, const Column& value) {
  return Call("case_when", {condition.expr(), value.expr()});
}
Column coalesce(const std::vector<Column>& columns) {
  std::vector<ExprPtr> args;
  for (const auto& c : columns) args.push_back(c.expr());
  return Call("coalesce", std::move(args));
}
Column isnull(const Column& column) {
  return column.isNull();
}
Column abs(const Column& column) {
  return Call("abs", {column.expr()});
}

Column upper(const Column& column) {
  return Call("upper", {column.expr()});
}
Column lower(const Column& column) {
  return Call("lower", {column.expr()});
}
Column length(const Column& column) {
  return Call("length", {column.expr()});
}
Column trim(const Column& column) {
  return Call("trim", {column.expr()});
}
Column ltrim(const Column& column) {
  return Call("ltrim", {column.expr()});
}
Column rtrim(const Column& column) {
  return Call("rtrim", {column.expr()});
}
Column reverse(const Column& column) {
  return Call("reverse", {column.expr()});
}
Column substring(const Column& column, int position, int length) {
  return Call("substring", {column.expr(), Column(position).expr(), Column(length).expr()});
}
Column concat(const std::vector<Column>& columns) {
  std::vector<ExprPtr> args;
  for (const auto& c : columns) args.push_back(c.expr());
  return Call("concat", std::move(args));
}
Column regexp_replace(const Column& column, const std::string& pattern,
                      const std::string& replacement) {
  return Call("regexp_replace",
              {column.expr(), Column(pattern).expr(), Column(replacement).expr()});
}
Column regexp_extract(const Column& column, const std::string& pattern, int index) {
  return Call("regexp_extract", {column.expr(), Column(pattern).expr(), Column(index).expr()});
}
Column concat_ws(const std::string& separator, const std::vector<Column>& columns) {
  std::vector<ExprPtr> args = {Column(separator).expr()};
  for (const auto& c : columns) args.push_back(c.expr());
  return Call("concat_ws", std::move(args));
}

Column year(const Column& column) {
  return Call("year", {column.expr()});
}
Column month(const Column& column) {
  return Call("month", {column.expr()});
}
Column dayofmonth(const Column& column) {
  return Call("dayofmonth", {column.expr()});
}
Column dayofweek(const Column& column) {
  return Call("dayofweek", {column.expr()});
}
Column dayofyear(const Column& column) {
  return Call("dayofyear", {column.expr()});
}
Column quarter(const Column& column) {
  return Call("quarter", {column.expr()});
}
Column hour(const Column& column) {
  return Call("hour", {column.expr()});
}
Column minute(const Column& column) {
  return Call("minute", {column.expr()});
}
Column second(const Column& column) {
  return Call("second", {column.expr()});
}
Column date_add(const Column& start, const Column& days) {
  return Call("date_add", {start.expr(), days.expr()});
}
Column date_sub(const Column& start, const Column& days) {
  return Call("date_sub", {start.expr(), days.expr()});
}
Column datediff(const Column& end, const Column& start) {
  return Call("datediff", {end.expr(), start.expr()});
}
Column to_date(const Column& column) {
  return column.cast("date");
}
Column to_timestamp(const Column& column) {
  return column.cast("timestamp");
}

}  // namespace ember

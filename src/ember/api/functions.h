#pragma once

#include <string>
#include <vector>

#include "ember/api/column.h"

namespace ember {

/// Returns a reference to the column called `name` ("*" for all columns).
Column col(const std::string& name);
Column column(const std::string& name);
/// Returns a literal column.
Column lit(const Column& value);
/// Calls the built-in scalar or aggregate function `name` (see `ember functions`), like Spark's
/// call_function; an unknown name fails when the column is used, naming the function.
Column call_function(const std::string& name, const std::vector<Column>& arguments);

// Aggregates.
Column count(const Column& column);
/// count("*") counts rows; count("x") counts non-null values of x.
Column count(const std::string& name);
inline Column count(const char* name) {
  return count(std::string(name));
}
Column countDistinct(const std::vector<Column>& columns);
Column countDistinct(const Column& column);
Column sum(const Column& column);
Column sum(const std::string& name);
inline Column sum(const char* name) {
  return sum(std::string(name));
}
Column avg(const Column& column);
Column avg(const std::string& name);
inline Column avg(const char* name) {
  return avg(std::string(name));
}
Column mean(const Column& column);
Column min(const Column& column);
Column min(const std::string& name);
inline Column min(const char* name) {
  return min(std::string(name));
}
Column max(const Column& column);
Column max(const std::string& name);
inline Column max(const char* name) {
  return max(std::string(name));
}
Column sum_distinct(const Column& column);
Column first(const Column& column, bool ignore_nulls = false);
Column last(const Column& column, bool ignore_nulls = false);

// Sort orders.
Column asc(const std::string& name);
Column desc(const std::string& name);
Column asc(const Column& column);
Column desc(const Column& column);
inline Column asc(const char* name) {
  return asc(std::string(name));
}
inline Column desc(const char* name) {
  return desc(std::string(name));
}

// Conditionals and null handling.
Column when(const Column& condition, const Column& value);
Column coalesce(const std::vector<Column>& columns);
Column isnull(const Column& column);
Column abs(const Column& column);

// Strings.
Column upper(const Column& column);
Column lower(const Column& column);
Column length(const Column& column);
Column trim(const Column& column);
Column ltrim(const Column& column);
Column rtrim(const Column& column);
Column reverse(const Column& column);
Column substring(const Column& column, int position, int length);
Column concat(const std::vector<Column>& columns);
Column concat_ws(const std::string& separator, const std::vector<Column>& columns);
/// Replaces every match of `pattern` in `column` with `replacement` (`$n` names group n).
Column regexp_replace(const Column& column, const std::string& pattern,
                      const std::string& replacement);
/// Returns group `index` of the first match of `pattern` in `column`, or "" without a match.
Column regexp_extract(const Column& column, const std::string& pattern, int index);

// Dates and times.
Column year(const Column& column);
Column month(const Column& column);
Column dayofmonth(const Column& column);
Column dayofweek(const Column& column);
Column dayofyear(const Column& column);
Column quarter(const Column& column);
Column hour(const Column& column);
Column minute(const Column& column);
Column second(const Column& column);
Column date_add(const Column& start, const Column& days);
Column date_sub(const Column& start, const Column& days);
Column datediff(const Column& end, const Column& start);
Column to_date(const Column& column);
Column to_timestamp(const Column& column);

}  // namespace ember

#include "ember/api/dataframe.h"

#include <iostream>
#include <optional>
#include <random>

#include "ember/api/functions.h"
#include "ember/api/writer.h"
#include "ember/columnar/table_printer.h"
#include "ember/common/ascii.h"
#include "ember/common/error.h"
#include "ember/plan/logical_plan.h"
#include "ember/runtime/driver/session_state.h"
#include "ember/types/text_format.h"

namespace ember {

Column api_detail::AsColumn(const std::string& name) {
  return ember::col(name);
}

namespace {

std::shared_ptr<LogicalPlan> NewNode(LogicalKind kind, std::vector<LogicalPlanPtr> children) {
  auto node = std::make_shared<LogicalPlan>();
  node->kind = kind;
  node->children = std::move(children);
  node->plan_id = NextPlanId();
  return node;
}

std::vector<ExprPtr> Exprs(const std::vector<Column>& columns) {
  std::vector<ExprPtr> out;
  for (const auto& c : columns) out.push_back(c.expr());
  return out;
}

ExprPtr AsSortOrder(const ExprPtr& expr) {
  return expr->kind == ExprKind::kSortOrder ? expr : MakeSortOrder(expr, true, true);
}

std::string CellText(const Value& value) {
  if (value.is_null()) return "null";
  if (value.type().id() == TypeId::kBinary) {
    std::string out = "[";
    const std::string& bytes = value.AsString();
    for (size_t i = 0; i < bytes.size(); ++i) {
      char hex[4];
      std::snprintf(hex, sizeof(hex), "%02X", static_cast<unsigned char>(bytes[i]));
      out += (i ? " " : "") + std::string(hex);
    }
    return out + "]";
  }
  return value.ToString();
}

}  // namespace

DataFrame::DataFrame(std::shared_ptr<SessionState> state, std::shared_ptr<const LogicalPlan> plan)
    : state_(std::move(state)), plan_(std::move(plan)) {}

DataFrame DataFrame::With(std::shared_ptr<LogicalPlan> node) const {
  return DataFrame(state_, state_->analyzer().Analyze(node));
}

DataFrame DataFrame::select(const std::vector<Column>& columns) const {
  auto node = NewNode(LogicalKind::kProject, {plan_});
  node->exprs = Exprs(columns);
  return With(node);
}

DataFrame DataFrame::filter(const Column& condition) const {
  auto node = NewNode(LogicalKind::kFilter, {plan_});
  node->condition = condition.expr();
  return With(node);
}

DataFrame DataFrame::withColumn(const std::string& name, const Column& column) const {
  std::vector<Column> columns;
  bool replaced = false;
  for (const auto& attribute : plan_->output) {
    if (EqualsIgnoreCase(attribute->name, name)) {
      columns.push_back(column.alias(name));
      replaced = true;
    } else {
      columns.push_back(Column(attribute));
    }
  }
  if (!replaced) columns.push_back(column.alias(name));
  return select(columns);
}

DataFrame DataFrame::withColumnRenamed(const std::string& existing,
                                       const std::string& renamed) const {
  std::vector<Column> columns;
  bool found = false;
  for (const auto& attribute : plan_->output) {
    bool match = EqualsIgnoreCase(attribute->name, existing);
    found |= match;
    columns.push_back(match ? Column(attribute).alias(renamed) : Column(attribute));
  }
  return found ? select(columns) : *this;
}

DataFrame DataFrame::drop(const std::vector<std::string>& names) const {
  std::vector<Column> columns;
  for (const auto& attribute : plan_->output) {
    bool dropped = false;
    for (const auto& name : names) dropped |= EqualsIgnoreCase(attribute->name, name);
    if (!dropped) columns.push_back(Column(attribute));
  }
  return columns.size() == plan_->output.size() ? *this : select(columns);
}

GroupedData DataFrame::groupBy(const std::vector<Column>& columns) const {
  return GroupedData(*this, columns);
}

DataFrame DataFrame::agg(const std::vector<Column>& aggregates) const {
  return GroupedData(*this, {}).agg(aggregates);
}

DataFrame DataFrame::join(const DataFrame& other, const Column& condition,
                          const std::string& how) const {
  auto node = NewNode(LogicalKind::kJoin, {plan_, other.plan_});
  node->join_type = ParseJoinType(how);
  node->condition = condition.expr();
  return With(node);
}

DataFrame DataFrame::join(const DataFrame& other, const std::vector<std::string>& using_columns,
                          const std::string& how) const {
  auto node = NewNode(LogicalKind::kJoin, {plan_, other.plan_});
  node->join_type = ParseJoinType(how);
  node->using_columns = using_columns;
  return With(node);
}

DataFrame DataFrame::join(const DataFrame& other, const std::string& using_column,
                          const std::string& how) const {
  return join(other, std::vector<std::string>{using_column}, how);
}

DataFrame DataFrame::crossJoin(const DataFrame& other) const {
  auto node = NewNode(LogicalKind::kJoin, {plan_, other.plan_});
  node->join_type = JoinType::kCross;
  return With(node);
}

DataFrame DataFrame::orderBy(const std::vector<Column>& columns) const {
  auto node = NewNode(LogicalKind::kSort, {plan_});
  for (const auto& c : columns) node->exprs.push_back(AsSortOrder(c.expr()));
  node->global_sort = true;
  return With(node);
}

DataFrame DataFrame::sortWithinPartitions(const std::vector<Column>& columns) const {
  auto node = NewNode(LogicalKind::kSort, {plan_});
  for (const auto& c : columns) node->exprs.push_back(AsSortOrder(c.expr()));
  node->global_sort = false;
  return With(node);
}

DataFrame DataFrame::limit(int64_t n) const {
  if (n < 0) {
    Throw(ErrorKind::kAnalysis, "INVALID_LIMIT_LIKE_EXPRESSION.IS_NEGATIVE",
          "The limit expression must be equal to or greater than 0, but got ", n, ".");
  }
  auto node = NewNode(LogicalKind::kLimit, {plan_});
  node->limit = n;
  return With(node);
}

DataFrame DataFrame::distinct() const {
  return With(NewNode(LogicalKind::kDistinct, {plan_}));
}

DataFrame DataFrame::dropDuplicates(const std::vector<std::string>& columns) const {
  auto node = NewNode(LogicalKind::kDistinct, {plan_});
  for (const auto& name : columns) node->exprs.push_back(MakeUnresolvedColumn(name));
  return With(node);
}

DataFrame DataFrame::union_(const DataFrame& other) const {
  return With(NewNode(LogicalKind::kUnion, {plan_, other.plan_}));
}

DataFrame DataFrame::unionByName(const DataFrame& other, bool allow_missing_columns) const {
  std::vector<Column> reordered;
  for (const auto& attribute : plan_->output) {
    ExprPtr match;
    for (const auto& candidate : other.plan_->output) {
      if (EqualsIgnoreCase(candidate->name, attribute->name)) match = candidate;
    }
    if (match) {
      reordered.push_back(Column(match));
    } else if (allow_missing_columns) {
      reordered.push_back(Column(MakeLiteral(Value::Null(attribute->type))).alias(attribute->name));
    } else {
      Throw(ErrorKind::kAnalysis, "UNRESOLVED_COLUMN.WITH_SUGGESTION",
            "Cannot resolve column name ", QuoteIdentifier(attribute->name),
            " of the first DataFrame in the second one; pass "
            "allowMissingColumns = true to fill it with nulls.");
    }
  }
  DataFrame right = other.select(reordered);
  if (allow_missing_columns) {
    // Columns only the other side has are appended, null on this side.
    // The right columns are built over `other` itself: `right`'s null fillers are not in it.
    std::vector<Column> left_columns, right_columns = reordered;
    for (const auto& a : plan_->output) left_columns.push_back(Column(a));
    bool extra = false;
    for (const auto& candidate : other.plan_->output) {
      bool known = false;
      for (const auto& a : plan_->output) known |= EqualsIgnoreCase(a->name, candidate->name);
      if (known) continue;
      extra = true;
      left_columns.push_back(
          Column(MakeLiteral(Value::Null(candidate->type))).alias(candidate->name));
      right_columns.push_back(Column(candidate));
    }
    if (extra) return select(left_columns).union_(other.select(right_columns));
  }
  return union_(right);
}

DataFrame DataFrame::Repartition(int num_partitions, const std::vector<Column>& columns,
                                 int kind) const {
  if (num_partitions == 0 || num_partitions < -1) {
    Throw(ErrorKind::kInvalidArgument, "", "Number of partitions (", num_partitions,
          ") must be positive.");
  }
  auto node = NewNode(LogicalKind::kRepartition, {plan_});
  node->num_partitions = num_partitions;
  node->repartition_kind = static_cast<RepartitionKind>(kind);
  for (const auto& c : columns) {
    node->exprs.push_back(node->repartition_kind == RepartitionKind::kRange ? AsSortOrder(c.expr())
                                                                            : c.expr());
  }
  return With(node);
}

DataFrame DataFrame::repartition(int num_partitions) const {
  return Repartition(num_partitions, {}, static_cast<int>(RepartitionKind::kRoundRobin));
}
DataFrame DataFrame::repartition(int num_partitions, const std::vector<Column>& columns) const {
  return Repartition(num_partitions, columns, static_cast<int>(RepartitionKind::kHash));
}
DataFrame DataFrame::repartition(const std::vector<Column>& columns) const {
  return Repartition(-1, columns, static_cast<int>(RepartitionKind::kHash));
}
DataFrame DataFrame::repartitionByRange(int num_partitions,
                                        const std::vector<Column>& columns) const {
  return Repartition(num_partitions, columns, static_cast<int>(RepartitionKind::kRange));
}
DataFrame DataFrame::coalesce(int num_partitions) const {
  return Repartition(num_partitions, {}, static_cast<int>(RepartitionKind::kCoalesce));
}

DataFrame DataFrame::sample(double fraction, uint64_t seed) const {
  return sample(false, fraction, seed);
}

DataFrame DataFrame::sample(bool with_replacement, double fraction, uint64_t seed) const {
  if (fraction < 0 || (!with_replacement && fraction > 1)) {
    Throw(ErrorKind::kInvalidArgument, "", "Sampling fraction (", fraction, ") must be ",
          with_replacement ? "nonnegative" : "on interval [0, 1] without replacement", ".");
  }
  auto node = NewNode(LogicalKind::kSample, {plan_});
  node->fraction = fraction;
  node->with_replacement = with_replacement;
  node->seed = seed;
  return With(node);
}

DataFrame DataFrame::toDF(const std::vector<std::string>& names) const {
  if (names.size() != plan_->output.size()) {
    Throw(ErrorKind::kInvalidArgument, "",
          "The number of columns doesn't match: old column names (", plan_->output.size(),
          "), new column names (", names.size(), ").");
  }
  std::vector<Column> columns;
  for (size_t i = 0; i < names.size(); ++i)
    columns.push_back(Column(plan_->output[i]).alias(names[i]));
  return select(columns);
}

DataFrame& DataFrame::cache() {
  state_->Cache(plan_);
  return *this;
}

DataFrame& DataFrame::unpersist() {
  state_->Uncache(plan_);
  return *this;
}

void DataFrame::createOrReplaceTempView(const std::string& name) const {
  state_->temp_views().CreateOrReplace(name, plan_);
}

void DataFrame::createTempView(const std::string& name) const {
  state_->temp_views().Create(name, plan_);
}

bool DataFrame::isCached() const {
  return state_->IsCached(plan_);
}

DataFrameWriter DataFrame::write() const {
  return DataFrameWriter(*this);
}

DataFrameNaFunctions DataFrame::na() const {
  return DataFrameNaFunctions(*this);
}

DataFrame DataFrame::describe(const std::vector<std::string>& columns) const {
  std::vector<Column> selection;
  for (const auto& name : columns) selection.push_back(ember::col(name));
  DataFrame selected = columns.empty() ? *this : select(selection);
  return selected.summary({"count", "mean", "stddev", "min", "max"});
}

DataFrame DataFrame::summary(const std::vector<std::string>& statistics) const {
  static const std::vector<std::string> kDefault = {"count", "mean", "stddev", "min",
                                                    "25%",   "50%",  "75%",    "max"};
  const std::vector<std::string>& stats = statistics.empty() ? kDefault : statistics;
  std::vector<ExprPtr> attributes;
  for (const auto& attribute : plan_->output) {
    if (attribute->type.IsNumeric() || attribute->type.id() == TypeId::kString) {
      attributes.push_back(attribute);
    }
  }
  std::optional<DataFrame> result;
  for (const auto& stat : stats) {
    std::string name = AsciiLower(stat);
    std::vector<Column> row = {Column(Value::String(stat)).alias("summary")};
    for (const auto& attribute : attributes) {
      Column value(attribute);
      // Strings are averaged as the numbers they hold, if any, as Spark does.
      Column number = attribute->type.id() == TypeId::kString ? value.try_cast("double") : value;
      Column statistic = value;
      if (name == "count") {
        statistic = ember::count(value);
      } else if (name == "count_distinct") {
        statistic = countDistinct(value);
      } else if (name == "mean") {
        statistic = avg(number);
      } else if (name == "stddev") {
        statistic = call_function("stddev", {number});
      } else if (name == "min") {
        statistic = ember::min(value);
      } else if (name == "max") {
        statistic = ember::max(value);
      } else if (!name.empty() && name.back() == '%') {
        auto percent = ParseDouble(std::string_view(name).substr(0, name.size() - 1));
        if (!percent || *percent < 0 || *percent > 100) {
          Throw(ErrorKind::kInvalidArgument, "", "Unable to parse ", stat, " as a percentile.");
        }
        statistic = call_function(
            "percentile_approx",
            {number, Column(Value::Double(*percent / 100)), Column(Value::Long(10000))});
      } else {
        Throw(ErrorKind::kInvalidArgument, "", stat,
              " is not a recognised statistic: use count, count_distinct, mean, stddev, min, "
              "max or a percentile such as 25%.");
      }
      row.push_back(statistic.cast("string").alias(attribute->name));
    }
    DataFrame line = agg(row);
    if (name == "count_distinct" && attributes.size() > 1) {
      // One DISTINCT argument per aggregation (the planner's limit): a one-row aggregation per
      // column, cross-joined into the line.
      line = agg({row[0], row[1]});
      for (size_t i = 2; i < row.size(); ++i) line = line.crossJoin(agg({row[i]}));
    }
    result = result ? result->union_(line) : line;
  }
  if (!result) {
    Throw(ErrorKind::kInvalidArgument, "", "summary() needs at least one statistic.");
  }
  return *result;
}

int64_t DataFrame::count() const {
  DataFrame counted = GroupedData(*this, {}).agg({ember::count(Column(MakeStar()))});
  auto batches = state_->Execute(counted.plan_, "count");
  for (const auto& batch : batches) {
    if (batch->num_rows() > 0) return batch->column(0)->ValueAt<int64_t>(0);
  }
  Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "count() returned no row");
}

std::vector<BatchPtr> DataFrame::collectBatches() const {
  std::vector<BatchPtr> batches = state_->Execute(plan_, "collect");
  for (auto& batch : batches) batch = DenseBatch(batch);
  return batches;
}

std::vector<Row> DataFrame::collect() const {
  auto batches = collectBatches();
  auto schema = std::make_shared<const Schema>(this->schema());
  std::vector<Row> rows;
  for (const auto& batch : batches) {
    for (size_t r = 0; r < batch->num_rows(); ++r) {
      std::vector<Value> values;
      values.reserve(batch->num_columns());
      for (const auto& column : batch->columns()) values.push_back(column->GetValue(r));
      rows.emplace_back(std::move(values), schema);
    }
  }
  return rows;
}

std::vector<Row> DataFrame::take(int64_t n) const {
  return limit(n).collect();
}

Row DataFrame::first() const {
  auto rows = take(1);
  if (rows.empty()) {
    Throw(ErrorKind::kInvalidArgument, "EMPTY_DATAFRAME",
          "first() was called on an empty DataFrame.");
  }
  return rows[0];
}

bool DataFrame::isEmpty() const {
  return take(1).empty();
}

std::string DataFrame::showString(int n, int truncate, bool vertical) const {
  n = std::max(n, 0);
  std::vector<Row> rows = take(static_cast<int64_t>(n) + 1);
  std::vector<std::vector<std::string>> cells;
  for (const auto& row : rows) {
    std::vector<std::string> line;
    for (const auto& value : row.values()) line.push_back(CellText(value));
    cells.push_back(std::move(line));
  }
  return FormatShowTable(columns(), cells, n, truncate, vertical);
}

void DataFrame::show(int n, int truncate, bool vertical) const {
  std::cout << showString(n, truncate, vertical) << std::flush;
}

const Schema& DataFrame::schema() const {
  if (!schema_) schema_ = std::make_shared<const Schema>(plan_->schema());
  return *schema_;
}

std::vector<std::string> DataFrame::columns() const {
  return schema().names();
}

std::vector<std::pair<std::string, std::string>> DataFrame::dtypes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& field : schema().fields())
    out.push_back({field.name, field.type.SimpleString()});
  return out;
}

std::string DataFrame::schemaString() const {
  return schema().TreeString();
}
void DataFrame::printSchema() const {
  std::cout << schemaString() << std::flush;
}

std::string DataFrame::explainString(bool extended) const {
  std::string out;
  if (extended) {
    out += "== Analyzed Logical Plan ==\n" + plan_->TreeString() + "\n";
    out += "== Optimized Logical Plan ==\n" + state_->Optimize(plan_)->TreeString() + "\n";
  }
  return out + "== Physical Plan ==\n" + state_->PlanPhysical(plan_)->TreeString() + "\n";
}

void DataFrame::explain(bool extended) const {
  std::cout << explainString(extended) << std::flush;
}

int DataFrame::numPartitions() const {
  return state_->PlanPhysical(plan_)->num_partitions;
}

std::vector<size_t> DataFrameNaFunctions::Indices(const std::vector<std::string>& columns) const {
  const auto& output = df_.plan()->output;
  std::vector<size_t> indices;
  if (columns.empty()) {
    for (size_t i = 0; i < output.size(); ++i) indices.push_back(i);
    return indices;
  }
  for (const auto& name : columns) {
    df_.col(name);  // fails naming the available columns if there is no such column
    for (size_t i = 0; i < output.size(); ++i) {
      if (EqualsIgnoreCase(output[i]->name, name)) indices.push_back(i);
    }
  }
  return indices;
}

namespace {
/// Returns whether the value in `column` is present: not null, and not NaN for floats.
Column IsPresent(const ExprPtr& attribute) {
  Column column(attribute);
  return attribute->type.IsFloating() ? column.isNotNull() && !column.isNaN() : column.isNotNull();
}
}  // namespace

DataFrame DataFrameNaFunctions::drop(const std::string& how,
                                     const std::vector<std::string>& columns) const {
  std::string lower = AsciiLower(how);
  if (lower != "any" && lower != "all") {
    Throw(ErrorKind::kInvalidArgument, "", "how (", how, ") must be 'any' or 'all'.");
  }
  int count = static_cast<int>(Indices(columns).size());
  return drop(lower == "any" ? count : 1, columns);
}

DataFrame DataFrameNaFunctions::drop(int min_non_nulls,
                                     const std::vector<std::string>& columns) const {
  std::vector<size_t> indices = Indices(columns);
  if (min_non_nulls <= 0 || indices.empty()) return df_;
  Column present(Value::Int(0));
  for (size_t i = 0; i < indices.size(); ++i) {
    Column one = when(IsPresent(df_.plan()->output[indices[i]]), 1).otherwise(0);
    present = i == 0 ? one : present + one;
  }
  return df_.filter(present >= min_non_nulls);
}

DataFrame DataFrameNaFunctions::fill(const Value& value,
                                     const std::vector<std::string>& columns) const {
  const DataType& type = value.type();
  std::map<size_t, Value> replacements;
  for (size_t i : Indices(columns)) {
    const DataType& target = df_.plan()->output[i]->type;
    bool fits = (type.IsNumeric() && target.IsNumeric()) ||
                (type.id() == TypeId::kString && target.id() == TypeId::kString) ||
                (type.id() == TypeId::kBoolean && target.id() == TypeId::kBoolean);
    if (fits) replacements[i] = value;
  }
  if (!type.IsNumeric() && type.id() != TypeId::kString && type.id() != TypeId::kBoolean) {
    Throw(ErrorKind::kInvalidArgument, "", "Unsupported value type ", type.SimpleString(),
          " for na.fill: use a number, a string or a boolean.");
  }
  return Fill(replacements);
}

DataFrame DataFrameNaFunctions::fill(
    const std::vector<std::pair<std::string, Value>>& values) const {
  std::map<size_t, Value> replacements;
  for (const auto& [name, value] : values) {
    for (size_t i : Indices({name})) replacements[i] = value;
  }
  return Fill(replacements);
}

DataFrame DataFrameNaFunctions::Fill(const std::map<size_t, Value>& replacements) const {
  if (replacements.empty()) return df_;
  const auto& output = df_.plan()->output;
  std::vector<Column> columns;
  for (size_t i = 0; i < output.size(); ++i) {
    auto it = replacements.find(i);
    if (it == replacements.end()) {
      columns.push_back(Column(output[i]));
      continue;
    }
    Column value(output[i]);
    if (output[i]->type.IsFloating()) {
      value = when(value.isNaN(), Column(Value::Null(output[i]->type))).otherwise(value);
    }
    Column replacement = Column(it->second).cast(output[i]->type);
    columns.push_back(coalesce({value, replacement}).alias(output[i]->name));
  }
  return df_.select(columns);
}

Column DataFrame::col(const std::string& name) const {
  if (name == "*") return Column(MakeStar());
  // Resolve now so a wrong name fails here, as df["x"] does in Spark.
  state_->analyzer().ResolveExpression(MakeUnresolvedColumn(name), {plan_});
  return Column(MakeUnresolvedColumn(name, plan_->plan_id));
}

DataFrame GroupedData::agg(const std::vector<Column>& aggregates) const {
  auto node = NewNode(LogicalKind::kAggregate, {df_.plan()});
  node->grouping = Exprs(keys_);
  node->exprs = Exprs(keys_);
  for (const auto& a : aggregates) node->exprs.push_back(a.expr());
  return DataFrame(df_.state(), df_.state()->analyzer().Analyze(node));
}

DataFrame GroupedData::count() const {
  return agg({ember::count(Column(MakeStar())).alias("count")});
}

DataFrame GroupedData::Numeric(const char* function,
                               const std::vector<std::string>& columns) const {
  std::vector<std::string> names = columns;
  const Schema& schema = df_.schema();
  if (names.empty()) {
    for (const auto& field : schema.fields()) {
      if (field.type.IsNumeric()) names.push_back(field.name);
    }
  }
  std::vector<Column> aggregates;
  for (const auto& name : names) {
    auto index = schema.IndexOf(name);
    if (index && !schema.field(*index).type.IsNumeric()) {
      Throw(ErrorKind::kAnalysis, "UNSUPPORTED_DATATYPE", "\"", name,
            "\" is not a numeric column. "
            "Aggregation function can only be applied on a numeric column.");
    }
    aggregates.push_back(Column(MakeAggregate(function, {ember::col(name).expr()})));
  }
  return agg(aggregates);
}

DataFrame GroupedData::sum(const std::vector<std::string>& columns) const {
  return Numeric("sum", columns);
}
DataFrame GroupedData::avg(const std::vector<std::string>& columns) const {
  return Numeric("avg", columns);
}
DataFrame GroupedData::min(const std::vector<std::string>& columns) const {
  return Numeric("min", columns);
}
DataFrame GroupedData::max(const std::vector<std::string>& columns) const {
  return Numeric("max", columns);
}

}  // namespace ember

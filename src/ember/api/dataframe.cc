#include "ember/api/dataframe.h"

#include <iostream>
#include <random>

#include "ember/api/functions.h"
#include "ember/api/writer.h"
#include "ember/columnar/table_printer.h"
#include "ember/common/error.h"
#include "ember/plan/logical_plan.h"
#include "ember/runtime/driver/session_state.h"

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

bool DataFrame::isCached() const {
  return state_->IsCached(plan_);
}

DataFrameWriter DataFrame::write() const {
  return DataFrameWriter(*this);
}

int64_t DataFrame::count() const {
  DataFrame counted = GroupedData(*this, {}).agg({ember::count(Column(MakeStar()))});
  auto batches = state_->Execute(counted.plan_, "count");
  for (const auto& batch : batches) {
    if (batch->num_rows() > 0) return batch->column(0)->ValueAt<int64_t>(0);
  }
  Throw(ErrorKind::kInternal, "INTERNAL_ERROR", "count() returned no row");
}

std::vector<Row> DataFrame::collect() const {
  auto batches = state_->Execute(plan_, "collect");
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

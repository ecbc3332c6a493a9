#include "ember/api/session.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>

#include "ember/common/error.h"
#include "ember/plan/logical_plan.h"
#include "ember/runtime/driver/session_state.h"
#include "ember/types/text_format.h"

namespace ember {

namespace {

std::mutex active_mutex;
std::weak_ptr<SessionState> active_session;

std::string Trim(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t\n");
  size_t end = text.find_last_not_of(" \t\n");
  return begin == std::string::npos ? "" : text.substr(begin, end - begin + 1);
}

[[noreturn]] void BadValue(size_t row, const Field& field, const Value& value) {
  Throw(ErrorKind::kInvalidArgument, "FIELD_DATA_TYPE_MISMATCH", "createDataFrame: row ", row,
        ", field ", QuoteIdentifier(field.name), ": expected ", field.type.SimpleString(),
        " but got ", value.type().SimpleString(), " value '", value.ToString(), "'.");
}

/// Converts a user value to the field's type (widening numbers, parsing decimals/dates).
Value Convert(const Value& value, const Field& field, size_t row) {
  if (value.is_null()) {
    if (!field.nullable) {
      Throw(ErrorKind::kInvalidArgument, "NULL_VALUE_IN_NON_NULLABLE_FIELD",
            "createDataFrame: row ", row, ", field ", QuoteIdentifier(field.name),
            " is not nullable but the value is null.");
    }
    return Value::Null(field.type);
  }
  const DataType& want = field.type;
  const DataType& have = value.type();
  if (want == have) return value;
  bool integral = have.IsIntegral();
  switch (want.id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: {
      if (!integral) BadValue(row, field, value);
      int64_t v = value.AsInt64();
      int bits = want.PhysicalWidth() * 8;
      if (bits < 64 && (v < -(int64_t{1} << (bits - 1)) || v >= (int64_t{1} << (bits - 1)))) {
        BadValue(row, field, value);
      }
      if (want.id() == TypeId::kByte) return Value::Byte(static_cast<int8_t>(v));
      if (want.id() == TypeId::kShort) return Value::Short(static_cast<int16_t>(v));
      if (want.id() == TypeId::kInt) return Value::Int(static_cast<int32_t>(v));
      return Value::Long(v);
    }
    case TypeId::kFloat:
    case TypeId::kDouble:
      if (!integral && !have.IsFloating() && have.id() != TypeId::kDecimal)
        BadValue(row, field, value);
      return want.id() == TypeId::kFloat ? Value::Float(static_cast<float>(value.AsDouble()))
                                         : Value::Double(value.AsDouble());
    case TypeId::kDecimal: {
      std::string text = have.id() == TypeId::kString ? value.AsString()
                         : have.IsFloating()          ? FormatDouble(value.AsDouble())
                                                      : value.ToString();
      if (!integral && !have.IsFloating() && have.id() != TypeId::kDecimal &&
          have.id() != TypeId::kString) {
        BadValue(row, field, value);
      }
      auto parsed = ParseDecimal(text, want);
      if (!parsed) BadValue(row, field, value);
      return Value::Decimal(*parsed, want);
    }
    case TypeId::kDate:
      if (have.id() == TypeId::kString) {
        if (auto days = ParseDate(value.AsString())) return Value::Date(*days);
      }
      BadValue(row, field, value);
    case TypeId::kTimestamp:
      if (have.id() == TypeId::kString) {
        if (auto micros = ParseTimestamp(value.AsString())) return Value::Timestamp(*micros);
      }
      BadValue(row, field, value);
    case TypeId::kBinary:
      if (have.id() == TypeId::kString) return Value::Binary(value.AsString());
      BadValue(row, field, value);
    default:
      BadValue(row, field, value);
  }
}

}  // namespace

Schema ParseSchemaDDL(const std::string& ddl) {
  std::vector<Field> fields;
  // Split on commas outside parentheses (decimal(10,2)).
  std::vector<std::string> parts;
  int depth = 0;
  std::string current;
  for (char c : ddl) {
    if (c == '(') ++depth;
    if (c == ')') --depth;
    if (c == ',' && depth == 0) {
      parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  parts.push_back(current);
  for (const auto& raw : parts) {
    std::string part = Trim(raw);
    if (part.empty()) continue;
    size_t space = part.find_first_of(" \t:");
    if (space == std::string::npos) {
      Throw(ErrorKind::kParse, "PARSE_SYNTAX_ERROR", "Invalid schema field '", part,
            "': expected \"name type\", e.g. \"id bigint\".");
    }
    Field field;
    field.name = part.substr(0, space);
    std::string type = Trim(part.substr(space + 1));
    if (!type.empty() && type[0] == ':') type = Trim(type.substr(1));
    std::string lower = type;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (lower.size() > 9 && lower.substr(lower.size() - 9) == " not null") {
      field.nullable = false;
      type = Trim(type.substr(0, type.size() - 9));
    }
    field.type = DataType::Parse(type);
    fields.push_back(field);
  }
  return Schema(std::move(fields));
}

Session::Builder& Session::Builder::master(const std::string& master) {
  return config(conf::kMaster, master);
}
Session::Builder& Session::Builder::appName(const std::string& name) {
  return config(conf::kAppName, name);
}
Session::Builder& Session::Builder::config(const std::string& key, const std::string& value) {
  settings_[key] = value;
  return *this;
}
Session::Builder& Session::Builder::config(const std::string& key, int64_t value) {
  return config(key, std::to_string(value));
}
Session::Builder& Session::Builder::config(const std::string& key, bool value) {
  return config(key, std::string(value ? "true" : "false"));
}

Session Session::Builder::getOrCreate() {
  std::lock_guard<std::mutex> lock(active_mutex);
  if (auto existing = active_session.lock(); existing && !existing->stopped()) {
    for (const auto& [key, value] : settings_) {
      if (key != conf::kMaster) existing->config().Set(key, value);
    }
    return Session(existing);
  }
  Config config;
  for (const auto& [key, value] : settings_) config.Set(key, value);
  auto state = std::make_shared<SessionState>(std::move(config));
  active_session = state;
  return Session(state);
}

DataFrame Session::table(const std::string& name) const {
  return DataFrame(state_, state_->temp_views().Lookup(name));
}

std::vector<std::string> Catalog::listTables() const {
  return state_->temp_views().Names();
}

bool Catalog::tableExists(const std::string& name) const {
  return state_->temp_views().Exists(name);
}

bool Catalog::dropTempView(const std::string& name) const {
  return state_->temp_views().Drop(name);
}

DataFrame Session::range(int64_t start, int64_t end, int64_t step, int num_partitions) const {
  if (step == 0) {
    Throw(ErrorKind::kInvalidArgument, "", "range(): the step must not be 0.");
  }
  if (num_partitions == 0 || num_partitions < -1) {
    Throw(ErrorKind::kInvalidArgument, "", "range(): numPartitions (", num_partitions,
          ") must be positive.");
  }
  auto node = std::make_shared<LogicalPlan>();
  node->kind = LogicalKind::kRange;
  node->start = start;
  node->end = end;
  node->step = step;
  node->num_partitions = num_partitions > 0 ? num_partitions : state_->default_parallelism();
  node->plan_id = NextPlanId();
  return DataFrame(state_, state_->analyzer().Analyze(node));
}

DataFrame Session::createDataFrame(const std::vector<Row>& rows, const Schema& schema) const {
  auto data = std::make_shared<LocalData>();
  data->schema = schema;
  data->num_rows = rows.size();
  int partitions = static_cast<int>(std::max<size_t>(
      1, std::min<size_t>(rows.size(), static_cast<size_t>(state_->default_parallelism()))));
  size_t batch_size = static_cast<size_t>(state_->config().GetInt(conf::kBatchSize));
  for (int p = 0; p < partitions; ++p) {
    size_t begin = rows.size() * p / partitions, end = rows.size() * (p + 1) / partitions;
    std::vector<BatchPtr> batches;
    for (size_t start = begin; start < end || (start == begin && batches.empty() && begin == end);
         start += batch_size) {
      size_t stop = std::min(end, start + batch_size);
      std::vector<ColumnVectorPtr> columns;
      for (size_t c = 0; c < schema.size(); ++c) {
        ColumnBuilder builder(schema.field(c).type, stop - start);
        for (size_t r = start; r < stop; ++r) {
          if (rows[r].size() != schema.size()) {
            Throw(ErrorKind::kInvalidArgument, "AXIS_LENGTH_MISMATCH", "createDataFrame: row ", r,
                  " has ", rows[r].size(), " values but the schema has ", schema.size(),
                  " fields.");
          }
          builder.Append(Convert(rows[r].get(c), schema.field(c), r));
        }
        columns.push_back(builder.Finish());
      }
      auto batch = std::make_shared<Batch>(std::move(columns), stop - start);
      data->byte_size += batch->ByteSize();
      if (batch->num_rows() > 0) batches.push_back(batch);
      if (stop >= end) break;
    }
    data->partitions.push_back(std::move(batches));
  }
  auto node = std::make_shared<LogicalPlan>();
  node->kind = LogicalKind::kLocalRelation;
  node->local_data = data;
  node->plan_id = NextPlanId();
  return DataFrame(state_, state_->analyzer().Analyze(node));
}

DataFrame Session::createDataFrame(const std::vector<Row>& rows, const std::string& ddl) const {
  return createDataFrame(rows, ParseSchemaDDL(ddl));
}

void Session::setConf(const std::string& key, const std::string& value) const {
  state_->config().Set(key, value);
}
std::string Session::getConf(const std::string& key) const {
  return state_->config().Get(key);
}
std::optional<std::string> Session::getConfOption(const std::string& key) const {
  if (state_->config().Contains(key)) return state_->config().Get(key);
  for (const auto& entry : AllConfigEntries()) {
    if (entry.key == key && entry.has_default) return entry.default_value;
  }
  return std::nullopt;
}
void Session::unsetConf(const std::string& key) const {
  state_->config().Unset(key);
}
std::map<std::string, std::string> Session::getAllConfs() const {
  return state_->config().values();
}
namespace {
std::vector<std::string> JobIds(const std::vector<int>& ids) {
  std::vector<std::string> out;
  for (int id : ids) out.push_back(std::to_string(id));
  return out;
}
}  // namespace

void Session::addTag(const std::string& tag) const {
  state_->AddTag(tag);
}
void Session::removeTag(const std::string& tag) const {
  state_->RemoveTag(tag);
}
std::set<std::string> Session::getTags() const {
  return state_->Tags();
}
void Session::clearTags() const {
  state_->ClearTags();
}
std::vector<std::string> Session::interruptAll() const {
  return JobIds(state_->InterruptAll());
}
std::vector<std::string> Session::interruptTag(const std::string& tag) const {
  return JobIds(state_->InterruptTag(tag));
}

void Session::stop() const {
  state_->Stop();
}
int Session::defaultParallelism() const {
  return state_->default_parallelism();
}

}  // namespace ember

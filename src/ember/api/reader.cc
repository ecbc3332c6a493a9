#include "ember/api/reader.h"

#include "ember/api/session.h"
#include "ember/formats/file_source.h"
#include "ember/plan/logical_plan.h"
#include "ember/runtime/driver/session_state.h"

namespace ember {

DataFrameReader& DataFrameReader::format(const std::string& source) {
  format_ = source;
  return *this;
}

DataFrameReader& DataFrameReader::option(const std::string& key, const std::string& value) {
  options_[key] = value;
  return *this;
}

DataFrameReader& DataFrameReader::option(const std::string& key, bool value) {
  return option(key, std::string(value ? "true" : "false"));
}

DataFrameReader& DataFrameReader::option(const std::string& key, int64_t value) {
  return option(key, std::to_string(value));
}

DataFrameReader& DataFrameReader::options(const std::map<std::string, std::string>& options) {
  for (const auto& [key, value] : options) options_[key] = value;
  return *this;
}

DataFrameReader& DataFrameReader::schema(const Schema& schema) {
  schema_ = schema;
  return *this;
}

DataFrameReader& DataFrameReader::schema(const std::string& ddl) {
  return schema(ParseSchemaDDL(ddl));
}

DataFrame DataFrameReader::table(const std::string& name) const {
  return DataFrame(state_, state_->temp_views().Lookup(name));
}

DataFrame DataFrameReader::load(const std::vector<std::string>& paths) const {
  auto node = std::make_shared<LogicalPlan>();
  node->kind = LogicalKind::kFileScan;
  node->file_source =
      OpenFileSource(format_, FormatOptions(options_), paths, schema_ ? &*schema_ : nullptr);
  node->plan_id = NextPlanId();
  return DataFrame(state_, state_->analyzer().Analyze(node));
}

}  // namespace ember

#include "ember/catalog/temp_views.h"

#include "ember/common/ascii.h"
#include "ember/common/error.h"

namespace ember {

std::string TempViewCatalog::Key(const std::string& name) {
  if (name.empty()) {
    Throw(ErrorKind::kAnalysis, "INVALID_SQL_SYNTAX.EMPTY_IDENTIFIER",
          "A temporary view needs a name; the name given is empty.");
  }
  if (name.find('.') != std::string::npos) {
    Throw(ErrorKind::kAnalysis, "TEMP_VIEW_NAME_TOO_MANY_NAME_PARTS",
          "CREATE TEMPORARY VIEW or the corresponding Dataset APIs only accept single-part view "
          "names, but got: ",
          QuoteIdentifier(name), ".");
  }
  return AsciiLower(name);
}

void TempViewCatalog::CreateOrReplace(const std::string& name, LogicalPlanPtr plan) {
  std::string key = Key(name);
  std::lock_guard lock(mutex_);
  views_[key] = View{name, std::move(plan)};
}

void TempViewCatalog::Create(const std::string& name, LogicalPlanPtr plan) {
  std::string key = Key(name);
  std::lock_guard lock(mutex_);
  if (views_.count(key) != 0) {
    Throw(ErrorKind::kAnalysis, "TEMP_TABLE_OR_VIEW_ALREADY_EXISTS",
          "Cannot create the temporary view ", QuoteIdentifier(name),
          " because it already exists. Choose a different name, drop or replace the existing "
          "view, or use createOrReplaceTempView.");
  }
  views_[key] = View{name, std::move(plan)};
}

LogicalPlanPtr TempViewCatalog::Lookup(const std::string& name) const {
  std::string key = Key(name);
  std::lock_guard lock(mutex_);
  auto found = views_.find(key);
  if (found == views_.end()) {
    Throw(ErrorKind::kAnalysis, "TABLE_OR_VIEW_NOT_FOUND", "The table or view ",
          QuoteIdentifier(name),
          " cannot be found. Verify the spelling; Ember knows only temporary views so far "
          "(createOrReplaceTempView).");
  }
  return found->second.plan;
}

bool TempViewCatalog::Exists(const std::string& name) const {
  std::string key = Key(name);
  std::lock_guard lock(mutex_);
  return views_.count(key) != 0;
}

bool TempViewCatalog::Drop(const std::string& name) {
  std::string key = Key(name);
  std::lock_guard lock(mutex_);
  return views_.erase(key) != 0;
}

std::vector<std::string> TempViewCatalog::Names() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> names;
  for (const auto& [key, view] : views_) names.push_back(view.name);
  return names;
}

}  // namespace ember

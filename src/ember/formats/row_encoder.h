#pragma once

#include <string>
#include <vector>

#include "ember/columnar/column.h"

namespace ember {

/// Renders rows of a text format (CSV, JSON lines) into a file buffer.
class RowEncoder {
 public:
  virtual ~RowEncoder() = default;
  /// Appends what starts a file (a CSV header, or nothing).
  virtual void Header(std::string& out) const = 0;
  /// Appends row `row` of `columns`, with its line break.
  virtual void Row(const std::vector<ColumnVectorPtr>& columns, size_t row,
                   std::string& out) const = 0;
};

}  // namespace ember

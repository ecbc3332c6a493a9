#pragma once

#include <vector>

#include "ember/columnar/column.h"

namespace ember {

/// Describes one sort key: its direction and where nulls go.
struct SortKey {
  bool ascending = true;
  bool nulls_first = true;
};

/// Compares rows of key columns in Spark's order (NaN largest, nulls first/last per key); used by
/// sort and by range partitioning. Columns may come from two different batches.
class RowComparator {
 public:
  explicit RowComparator(std::vector<SortKey> keys) : keys_(std::move(keys)) {}

  /// Returns <0, 0, >0 comparing row `i` of `a` with row `j` of `b`.
  int Compare(const std::vector<ColumnVectorPtr>& a, size_t i,
              const std::vector<ColumnVectorPtr>& b, size_t j) const;

 private:
  std::vector<SortKey> keys_;
};

/// Compares two non-null values of a column type (ascending); NaN is the largest double.
int CompareValues(const ColumnVector& a, size_t i, const ColumnVector& b, size_t j);

}  // namespace ember

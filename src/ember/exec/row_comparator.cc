#include "ember/exec/row_comparator.h"

#include <cmath>
#include <type_traits>

namespace ember {

int CompareValues(const ColumnVector& a, size_t i, const ColumnVector& b, size_t j) {
  const DataType& type = a.type();
  if (type.IsStringLike()) {
    int c = a.StringAt(i).compare(b.StringAt(j));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  return DispatchFixedWidth(type, [&]<typename T>() {
    T x = a.ValueAt<T>(i), y = b.ValueAt<T>(j);
    if constexpr (std::is_floating_point_v<T>) {
      bool xn = std::isnan(x), yn = std::isnan(y);
      if (xn || yn) return xn == yn ? 0 : (xn ? 1 : -1);
    }
    return x < y ? -1 : (y < x ? 1 : 0);
  });
}

int RowComparator::Compare(const std::vector<ColumnVectorPtr>& a, size_t i,
                           const std::vector<ColumnVectorPtr>& b, size_t j) const {
  for (size_t k = 0; k < keys_.size(); ++k) {
    bool a_null = a[k]->IsNull(i), b_null = b[k]->IsNull(j);
    if (a_null || b_null) {
      if (a_null && b_null) continue;
      return (a_null == keys_[k].nulls_first) ? -1 : 1;
    }
    int c = CompareValues(*a[k], i, *b[k], j);
    if (c != 0) return keys_[k].ascending ? c : -c;
  }
  return 0;
}

}  // namespace ember

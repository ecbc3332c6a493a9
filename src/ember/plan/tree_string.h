#pragma once

#include <string>

namespace ember {

/// Appends `node` and its descendants in Spark's explain layout ("+- " branches, ":  " for
/// siblings still to come); `Node` has NodeString() and `children` (shared pointers).
template <typename Node>
void AppendTreeString(const Node& node, const std::string& prefix, bool last, bool root,
                      std::string& out) {
  out += root ? "" : prefix + "+- ";
  out += node.NodeString() + "\n";
  std::string child_prefix = root ? "" : prefix + (last ? "   " : ":  ");
  for (size_t i = 0; i < node.children.size(); ++i) {
    AppendTreeString(*node.children[i], child_prefix, i + 1 == node.children.size(), false, out);
  }
}

}  // namespace ember

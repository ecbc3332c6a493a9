#pragma once

#include <string>
#include <string_view>

#include "ember/columnar/batch.h"

namespace ember {

/// Appends the binary form of the live rows of `batch` to `out` (used by shuffle files and for
/// results crossing process boundaries).
void SerializeBatch(const Batch& batch, std::string& out);

/// Reads the batch that starts at `*offset` in `data` and advances `offset`; throws an IO error
/// naming `source` and the offset if the bytes are truncated or corrupt.
BatchPtr DeserializeBatch(std::string_view data, size_t* offset, const std::string& source);

}  // namespace ember

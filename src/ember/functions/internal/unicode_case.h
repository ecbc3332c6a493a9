#pragma once

// Unicode case mapping as Java's String.toUpperCase / toLowerCase (root locale) do it, which is
// what Spark's upper() and lower() use.

#include <string>
#include <string_view>

namespace ember::functions {

/// Appends `text` upper-cased to `out`: each character's Unicode case mapping, with the full
/// mappings Java applies that change the length (ß → SS, ligatures such as ﬁ → FI). Bytes that
/// are not valid UTF-8 are copied unchanged.
void AppendUpper(std::string_view text, std::string& out);
/// Appends `text` lower-cased to `out`, with Java's special cases: İ → i̇ and a final capital
/// sigma (after a letter, not before one) → ς.
void AppendLower(std::string_view text, std::string& out);

}  // namespace ember::functions

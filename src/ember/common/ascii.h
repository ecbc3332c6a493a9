#pragma once

#include <string>
#include <string_view>

namespace ember {

/// Returns `text` with ASCII letters lower-cased (identifiers, option keys, format names).
std::string AsciiLower(std::string_view text);
/// Returns `text` with ASCII letters upper-cased.
std::string AsciiUpper(std::string_view text);

/// Returns `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
std::string JsonQuote(std::string_view text);

}  // namespace ember

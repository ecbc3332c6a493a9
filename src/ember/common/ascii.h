#pragma once

#include <string>
#include <string_view>

namespace ember {

/// Returns `text` with ASCII letters lower-cased (identifiers, option keys, format names).
std::string AsciiLower(std::string_view text);
/// Returns `text` with ASCII letters upper-cased.
std::string AsciiUpper(std::string_view text);

/// Returns `c` lower-cased if it is an ASCII capital letter, else `c`.
inline char AsciiLowerChar(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
/// Returns whether `a` and `b` are equal but for the case of ASCII letters.
bool EqualsIgnoreAsciiCase(std::string_view a, std::string_view b);

/// Returns `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
std::string JsonQuote(std::string_view text);

}  // namespace ember

#pragma once

#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace ember {

/// Classifies an error so that every front end can map it to its own exception type
/// (Python sees AnalysisException, ParseException, ...).
enum class ErrorKind {
  kParse,
  kAnalysis,
  kInvalidArgument,
  kExecution,
  kNotImplemented,
  kResourceExhausted,
  kIo,
  kCancelled,
  kInternal,
};

/// Returns the Spark-style exception name for `kind`, e.g. "AnalysisException".
const char* ErrorKindName(ErrorKind kind);

/// Carries one user-facing failure: its kind, an optional Spark error class such as
/// "DIVIDE_BY_ZERO", and a message that names the culprit and the fix.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string error_class, const std::string& message);

  ErrorKind kind() const { return kind_; }
  const std::string& error_class() const { return error_class_; }
  /// Returns the message without the "[ERROR_CLASS] " prefix.
  const std::string& message() const { return message_; }

 private:
  ErrorKind kind_;
  std::string error_class_;
  std::string message_;
};

/// Concatenates the arguments with operator<< into one string.
template <typename... Args>
std::string StrCat(const Args&... args) {
  std::ostringstream out;
  (out << ... << args);
  return out.str();
}

/// Throws an Error of `kind` whose message is the concatenation of `args`.
template <typename... Args>
[[noreturn]] void Throw(ErrorKind kind, std::string error_class, const Args&... args) {
  throw Error(kind, std::move(error_class), StrCat(args...));
}

/// Fails with an internal error when an engine invariant does not hold; never used for user input.
#define EMBER_CHECK(condition, ...)                                                            \
  do {                                                                                         \
    if (!(condition)) {                                                                        \
      ::ember::Throw(::ember::ErrorKind::kInternal, "INTERNAL_ERROR", __FILE__, ":", __LINE__, \
                     ": check failed: " #condition " " __VA_OPT__(, ) __VA_ARGS__);            \
    }                                                                                          \
  } while (false)

/// Quotes an identifier the way Spark's messages do: `name`.
std::string QuoteIdentifier(std::string_view name);

}  // namespace ember

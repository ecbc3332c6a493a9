#include "ember/common/error.h"

namespace ember {

const char* ErrorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kParse:
      return "ParseException";
    case ErrorKind::kAnalysis:
      return "AnalysisException";
    case ErrorKind::kInvalidArgument:
      return "IllegalArgumentException";
    case ErrorKind::kExecution:
      return "SparkRuntimeException";
    case ErrorKind::kNotImplemented:
      return "UnsupportedOperationException";
    case ErrorKind::kResourceExhausted:
      return "SparkOutOfMemoryError";
    case ErrorKind::kIo:
      return "IOException";
    case ErrorKind::kCancelled:
      return "JobCancelledException";
    case ErrorKind::kInternal:
      return "InternalError";
  }
  return "Error";
}

namespace {
std::string FullMessage(const std::string& error_class, const std::string& message) {
  return error_class.empty() ? message : "[" + error_class + "] " + message;
}
}  // namespace

Error::Error(ErrorKind kind, std::string error_class, const std::string& message)
    : std::runtime_error(FullMessage(error_class, message)),
      kind_(kind),
      error_class_(std::move(error_class)),
      message_(message) {}

std::string QuoteIdentifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  out += '`';
  return out;
}

}  // namespace ember

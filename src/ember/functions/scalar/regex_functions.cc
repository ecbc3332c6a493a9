// Regular-expression functions: rlike / regexp_like / regexp, regexp_replace, regexp_extract.
// Patterns are matched with RE2 (linear time, no backtracking). Spark uses java.util.regex; the
// common syntax is the same, and a pattern using what RE2 lacks (backreferences, lookaround,
// possessive quantifiers) fails with INVALID_PARAMETER_VALUE.PATTERN naming the pattern, never
// silently matching differently. Replacements use Java's `$n` group references and `\` escapes.

#include <re2/re2.h>

#include <cctype>
#include <memory>
#include <string>
#include <unordered_map>

#include "ember/functions/internal/kernel_util.h"
#include "ember/functions/internal/registration.h"

namespace ember::functions {

namespace {

/// Compiles the patterns of one kernel call, once per distinct pattern (a literal pattern is
/// compiled once per batch).
class PatternCache {
 public:
  explicit PatternCache(std::string function) : function_(std::move(function)) {}

  const RE2& Get(std::string_view pattern) {
    auto found = patterns_.find(std::string(pattern));
    if (found != patterns_.end()) return *found->second;
    RE2::Options options;
    options.set_log_errors(false);
    auto compiled =
        std::make_unique<RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!compiled->ok()) {
      Throw(ErrorKind::kInvalidArgument, "INVALID_PARAMETER_VALUE.PATTERN",
            "The value of parameter(s) `regexp` in `", function_, "` is invalid: '", pattern,
            "': ", compiled->error(), ".");
    }
    return *patterns_.emplace(std::string(pattern), std::move(compiled)).first->second;
  }

 private:
  std::string function_;
  std::unordered_map<std::string, std::unique_ptr<RE2>> patterns_;
};

re2::StringPiece Piece(std::string_view text) {
  return re2::StringPiece(text.data(), text.size());
}

/// Rewrites a Java replacement string (`$n` is group n, `\c` is a literal c) for RE2::Replace
/// (`\n` is group n, `\\` a backslash); throws naming the replacement if it is malformed or
/// names a group the pattern lacks.
std::string RewriteReplacement(std::string_view replacement, int groups) {
  std::string out;
  for (size_t i = 0; i < replacement.size(); ++i) {
    char c = replacement[i];
    if (c == '\\') {
      if (i + 1 == replacement.size()) {
        Throw(ErrorKind::kInvalidArgument, "INVALID_PARAMETER_VALUE.PATTERN", "The replacement '",
              replacement, "' of `regexp_replace` ends with a lone '\\'.");
      }
      char escaped = replacement[++i];
      if (escaped == '\\')
        out += "\\\\";
      else
        out += escaped;
    } else if (c == '$') {
      if (i + 1 == replacement.size() ||
          !std::isdigit(static_cast<unsigned char>(replacement[i + 1]))) {
        Throw(ErrorKind::kInvalidArgument, "INVALID_PARAMETER_VALUE.PATTERN", "The replacement '",
              replacement,
              "' of `regexp_replace` has a '$' not followed by "
              "a group number; write '\\$' for a literal dollar sign.");
      }
      // Like Java, take as many digits as still name an existing group.
      int group = replacement[++i] - '0';
      while (i + 1 < replacement.size() &&
             std::isdigit(static_cast<unsigned char>(replacement[i + 1])) &&
             group * 10 + (replacement[i + 1] - '0') <= groups) {
        group = group * 10 + (replacement[++i] - '0');
      }
      if (group > groups) {
        Throw(ErrorKind::kInvalidArgument, "INVALID_PARAMETER_VALUE.PATTERN", "The replacement '",
              replacement, "' of `regexp_replace` refers to group ", group,
              ", but the pattern has ", groups, " group(s).");
      }
      if (group > 9) {
        Throw(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.REGEXP_GROUP", "The replacement '",
              replacement, "' of `regexp_replace` refers to group ", group,
              "; references above $9 are not supported.");
      }
      out += '\\';
      out += static_cast<char>('0' + group);
    } else {
      out += c;
    }
  }
  return out;
}

BoundScalar BindRlike(const std::string& function, const std::vector<DataType>& types) {
  RequireStrings(function, types, 2);
  BoundScalar bound;
  bound.arg_types = {TypeId::kString, TypeId::kString};
  bound.result_type = TypeId::kBoolean;
  bound.kernel = [function](const EvalContext&, const std::vector<ColumnVectorPtr>& args,
                            size_t rows) {
    PatternCache patterns(function);
    return kernels::FixedResult<bool>(args, rows, TypeId::kBoolean, [&](size_t i, bool* out) {
      *out = RE2::PartialMatch(Piece(args[0]->StringAt(i)), patterns.Get(args[1]->StringAt(i)));
      return true;
    });
  };
  return bound;
}

BoundScalar BindRegexpReplace(const std::vector<DataType>& types) {
  RequireStrings("regexp_replace", types, 3);
  BoundScalar bound;
  bound.arg_types = {TypeId::kString, TypeId::kString, TypeId::kString};
  bound.result_type = TypeId::kString;
  bound.kernel = [](const EvalContext&, const std::vector<ColumnVectorPtr>& args, size_t rows) {
    PatternCache patterns("regexp_replace");
    std::string rewrite_of;  // the replacement `rewrite` was made from
    std::string rewrite;
    const RE2* rewrite_pattern = nullptr;
    return kernels::StringResult(args, rows, TypeId::kString, [&](size_t i, std::string& out) {
      const RE2& pattern = patterns.Get(args[1]->StringAt(i));
      std::string_view replacement = args[2]->StringAt(i);
      if (rewrite_pattern != &pattern || rewrite_of != replacement) {
        rewrite = RewriteReplacement(replacement, pattern.NumberOfCapturingGroups());
        rewrite_of.assign(replacement);
        rewrite_pattern = &pattern;
      }
      out.assign(args[0]->StringAt(i));
      RE2::GlobalReplace(&out, pattern, Piece(rewrite));
      return true;
    });
  };
  return bound;
}

BoundScalar BindRegexpExtract(const std::vector<DataType>& types) {
  RequireStrings("regexp_extract", types, 2);
  if (types.size() == 3 && !types[2].IsIntegral() && types[2].id() != TypeId::kNull) {
    ThrowArgumentTypeMismatch("regexp_extract", 2, types[2], "\"INT\"");
  }
  BoundScalar bound;
  bound.arg_types = {TypeId::kString, TypeId::kString};
  if (types.size() == 3) bound.arg_types.push_back(TypeId::kInt);
  bound.result_type = TypeId::kString;
  bound.kernel = [](const EvalContext&, const std::vector<ColumnVectorPtr>& args, size_t rows) {
    PatternCache patterns("regexp_extract");
    std::vector<re2::StringPiece> groups;
    return kernels::StringResult(args, rows, TypeId::kString, [&](size_t i, std::string& out) {
      const RE2& pattern = patterns.Get(args[1]->StringAt(i));
      int index = args.size() == 3 ? args[2]->ValueAt<int32_t>(i) : 1;
      int available = pattern.NumberOfCapturingGroups();
      if (index < 0 || index > available) {
        Throw(ErrorKind::kInvalidArgument, "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX",
              "The value of parameter(s) `idx` in `regexp_extract` is invalid: Expects group "
              "index between 0 and ",
              available, ", but got ", index, ".");
      }
      groups.assign(index + 1, re2::StringPiece());
      std::string_view text = args[0]->StringAt(i);
      if (pattern.Match(Piece(text), 0, text.size(), RE2::UNANCHORED, groups.data(), index + 1)) {
        out.assign(groups[index].data(), groups[index].size());  // an unmatched group gives ""
      }
      return true;  // no match gives the empty string, as in Spark
    });
  };
  return bound;
}

}  // namespace

void RegisterRegexFunctions(FunctionRegistry& registry) {
  for (const char* name : {"rlike", "regexp_like", "regexp"}) {
    std::string function = name;
    registry.AddScalar(
        {function, "Returns true if str contains a match of the regular expression regexp.", 2, 2,
         [function](const std::vector<DataType>& types) { return BindRlike(function, types); }});
  }
  registry.AddScalar({"regexp_replace",
                      "Replaces every match of regexp in str with rep ($n names group n).", 3, 3,
                      BindRegexpReplace});
  registry.AddScalar({"regexp_extract",
                      "Returns group idx (default 1) of the first match of regexp in str, or "
                      "an empty string.",
                      2, 3, BindRegexpExtract});
}

}  // namespace ember::functions

// String functions: upper, lower (Unicode, see unicode_case.h), length, substring, concat,
// concat_ws, trim family, LIKE, startswith/endswith/contains. Strings are UTF-8; positions and
// lengths count characters.

#include <algorithm>
#include <cctype>

#include "ember/functions/internal/kernel_util.h"
#include "ember/functions/internal/registration.h"
#include "ember/functions/internal/unicode_case.h"

namespace ember::functions {

namespace {

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

/// Returns the byte offset of character `index` (0-based), or text.size() past the end.
size_t Utf8Offset(std::string_view text, size_t index) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == index) return i;
      ++chars;
    }
  }
  return text.size();
}

/// Registers a one-argument string -> string function.
template <typename Fn>
void AddStringMap(FunctionRegistry& registry, const char* name, const char* doc, Fn fn) {
  std::string function = name;
  registry.AddScalar({function, doc, 1, 1, [function, fn](const std::vector<DataType>& types) {
                        RequireStrings(function, types, 1);
                        BoundScalar bound;
                        bound.arg_types = {TypeId::kString};
                        bound.result_type = TypeId::kString;
                        bound.kernel = [fn](const EvalContext&,
                                            const std::vector<ColumnVectorPtr>& args, size_t rows) {
                          return kernels::StringResult(args, rows, TypeId::kString,
                                                       [&](size_t i, std::string& out) {
                                                         fn(args[0]->StringAt(i), out);
                                                         return true;
                                                       });
                        };
                        return bound;
                      }});
}

bool IsTrimSpace(char c) {
  return c == ' ';
}

/// Matches SQL LIKE: '%' any run, '_' one character, '\' escapes the next character.
bool LikeMatch(std::string_view text, std::string_view pattern) {
  size_t t = 0, p = 0, star_p = std::string_view::npos, star_t = 0;
  auto char_len = [](std::string_view s, size_t i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    return c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  };
  while (t < text.size()) {
    if (p < pattern.size() && pattern[p] == '%') {
      star_p = ++p;
      star_t = t;
      continue;
    }
    if (p < pattern.size()) {
      if (pattern[p] == '_') {
        t += char_len(text, t);
        p += 1;
        continue;
      }
      size_t literal = p;
      if (pattern[p] == '\\' && p + 1 < pattern.size()) literal = p + 1;
      size_t length = char_len(pattern, literal);
      if (text.compare(t, length, pattern.substr(literal, length)) == 0) {
        t += length;
        p = literal + length;
        continue;
      }
    }
    if (star_p == std::string_view::npos) return false;
    star_t += char_len(text, star_t);
    t = star_t;
    p = star_p;
  }
  while (p < pattern.size() && pattern[p] == '%') ++p;
  return p == pattern.size();
}

BoundScalar BindSubstring(const std::vector<DataType>& types) {
  RequireStrings("substring", types, 1);
  for (size_t i = 1; i < types.size(); ++i) {
    if (!types[i].IsIntegral() && types[i].id() != TypeId::kNull) {
      ThrowArgumentTypeMismatch("substring", i, types[i], "\"INT\"");
    }
  }
  BoundScalar bound;
  bound.arg_types = {TypeId::kString, TypeId::kInt, TypeId::kInt};
  bound.arg_types.resize(types.size());
  bound.result_type = TypeId::kString;
  bound.kernel = [](const EvalContext&, const std::vector<ColumnVectorPtr>& args, size_t rows) {
    return kernels::StringResult(args, rows, TypeId::kString, [&](size_t i, std::string& out) {
      std::string_view text = args[0]->StringAt(i);
      int64_t pos = args[1]->ValueAt<int32_t>(i);
      int64_t len = args.size() > 2 ? args[2]->ValueAt<int32_t>(i) : INT32_MAX;
      int64_t length = static_cast<int64_t>(Utf8Length(text));
      // Spark: 1-based; 0 acts as 1; negative counts from the end.
      int64_t start = pos > 0 ? pos - 1 : (pos < 0 ? length + pos : 0);
      int64_t end = len < 0 ? start : (start > INT64_MAX - len ? INT64_MAX : start + len);
      start = std::clamp<int64_t>(start, 0, length);
      end = std::clamp<int64_t>(end, start, length);
      size_t from = Utf8Offset(text, start), to = Utf8Offset(text, end);
      out.assign(text.substr(from, to - from));
      return true;
    });
  };
  return bound;
}

BoundScalar BindConcat(const std::vector<DataType>& types) {
  RequireStrings("concat", types, types.size());
  BoundScalar bound;
  bound.arg_types.assign(types.size(), TypeId::kString);
  bound.result_type = TypeId::kString;
  bound.kernel = [](const EvalContext&, const std::vector<ColumnVectorPtr>& args, size_t rows) {
    return kernels::StringResult(args, rows, TypeId::kString, [&](size_t i, std::string& out) {
      for (const auto& arg : args) out.append(arg->StringAt(i));
      return true;
    });
  };
  return bound;
}

BoundScalar BindConcatWs(const std::vector<DataType>& types) {
  RequireStrings("concat_ws", types, types.size());
  BoundScalar bound;
  bound.arg_types.assign(types.size(), TypeId::kString);
  bound.result_type = TypeId::kString;
  bound.null_intolerant = false;
  bound.kernel = [](const EvalContext&, const std::vector<ColumnVectorPtr>& args, size_t rows) {
    // Null separator gives null; null values are skipped. A constant separator is flattened
    // unless every argument is constant, or the result would repeat the first row.
    ColumnVectorPtr separator = kernels::AllConstant(args) ? args[0] : args[0]->Flatten();
    return kernels::StringResult({separator}, rows, TypeId::kString,
                                 [&](size_t i, std::string& out) {
                                   bool first = true;
                                   for (size_t k = 1; k < args.size(); ++k) {
                                     if (args[k]->IsNull(i)) continue;
                                     if (!first) out.append(args[0]->StringAt(i));
                                     out.append(args[k]->StringAt(i));
                                     first = false;
                                   }
                                   return true;
                                 });
  };
  return bound;
}

/// Registers a (string, string) -> boolean predicate.
template <typename Fn>
void AddStringPredicate(FunctionRegistry& registry, const char* name, const char* doc, Fn fn) {
  std::string function = name;
  registry.AddScalar({function, doc, 2, 2, [function, fn](const std::vector<DataType>& types) {
                        RequireStrings(function, types, 2);
                        BoundScalar bound;
                        bound.arg_types = {TypeId::kString, TypeId::kString};
                        bound.result_type = TypeId::kBoolean;
                        bound.kernel = [fn](const EvalContext&,
                                            const std::vector<ColumnVectorPtr>& args, size_t rows) {
                          return kernels::FixedResult<bool>(
                              args, rows, TypeId::kBoolean, [&](size_t i, bool* out) {
                                *out = fn(args[0]->StringAt(i), args[1]->StringAt(i));
                                return true;
                              });
                        };
                        return bound;
                      }});
}

}  // namespace

void RequireStrings(const std::string& name, const std::vector<DataType>& types, size_t count) {
  for (size_t i = 0; i < count && i < types.size(); ++i) {
    if (types[i].id() == TypeId::kBinary) continue;
    if (types[i].id() != TypeId::kString && types[i].id() != TypeId::kNull &&
        !types[i].IsNumeric() && types[i].id() != TypeId::kDate &&
        types[i].id() != TypeId::kTimestamp && types[i].id() != TypeId::kBoolean) {
      ThrowArgumentTypeMismatch(name, i, types[i], "\"STRING\"");
    }
  }
}

void RegisterStringFunctions(FunctionRegistry& registry) {
  AddStringMap(registry, "upper", "Returns the string upper-cased (Unicode, as Java).",
               [](std::string_view in, std::string& out) { AppendUpper(in, out); });
  AddStringMap(registry, "lower", "Returns the string lower-cased (Unicode, as Java).",
               [](std::string_view in, std::string& out) { AppendLower(in, out); });
  AddStringMap(registry, "trim", "Removes leading and trailing spaces.",
               [](std::string_view in, std::string& out) {
                 while (!in.empty() && IsTrimSpace(in.front())) in.remove_prefix(1);
                 while (!in.empty() && IsTrimSpace(in.back())) in.remove_suffix(1);
                 out.assign(in);
               });
  AddStringMap(registry, "ltrim", "Removes leading spaces.",
               [](std::string_view in, std::string& out) {
                 while (!in.empty() && IsTrimSpace(in.front())) in.remove_prefix(1);
                 out.assign(in);
               });
  AddStringMap(registry, "rtrim", "Removes trailing spaces.",
               [](std::string_view in, std::string& out) {
                 while (!in.empty() && IsTrimSpace(in.back())) in.remove_suffix(1);
                 out.assign(in);
               });
  AddStringMap(registry, "reverse", "Returns the characters in reverse order.",
               [](std::string_view in, std::string& out) {
                 for (size_t end = in.size(); end > 0;) {
                   size_t start = end - 1;
                   while (start > 0 && (static_cast<unsigned char>(in[start]) & 0xC0) == 0x80)
                     --start;
                   out.append(in.substr(start, end - start));
                   end = start;
                 }
               });
  registry.AddScalar(
      {"length", "Returns the number of characters (bytes for binary).", 1, 1,
       [](const std::vector<DataType>& types) {
         RequireStrings("length", types, 1);
         bool binary = types[0].id() == TypeId::kBinary;
         BoundScalar bound;
         bound.arg_types = {binary ? TypeId::kBinary : TypeId::kString};
         bound.result_type = TypeId::kInt;
         bound.kernel = [binary](const EvalContext&, const std::vector<ColumnVectorPtr>& args,
                                 size_t rows) {
           return kernels::FixedResult<int32_t>(
               args, rows, TypeId::kInt, [&](size_t i, int32_t* out) {
                 std::string_view text = args[0]->StringAt(i);
                 *out = static_cast<int32_t>(binary ? text.size() : Utf8Length(text));
                 return true;
               });
         };
         return bound;
       }});
  registry.AddScalar(
      {"substring", "Returns len characters of str starting at 1-based pos.", 2, 3, BindSubstring});
  registry.AddScalar({"concat", "Concatenates strings; null if any is null.", 1, -1, BindConcat});
  registry.AddScalar(
      {"concat_ws", "Concatenates non-null strings with a separator.", 1, -1, BindConcatWs});
  AddStringPredicate(registry, "like", "Returns str LIKE pattern (% and _ wildcards).",
                     [](std::string_view s, std::string_view p) { return LikeMatch(s, p); });
  AddStringPredicate(
      registry, "startswith", "Returns true if str starts with prefix.",
      [](std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; });
  AddStringPredicate(registry, "endswith", "Returns true if str ends with suffix.",
                     [](std::string_view s, std::string_view p) {
                       return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
                     });
  AddStringPredicate(
      registry, "contains", "Returns true if str contains the substring.",
      [](std::string_view s, std::string_view p) { return s.find(p) != std::string_view::npos; });
}

}  // namespace ember::functions

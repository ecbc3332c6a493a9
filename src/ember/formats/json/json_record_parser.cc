#include "ember/formats/json/json_record_parser.h"

#include <algorithm>

#include "ember/common/error.h"

namespace ember {

namespace {

/// Jackson's default StreamReadConstraints.maxNestingDepth.
constexpr int kMaxNestingDepth = 1000;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

/// Returns whether `c` continues a word, which makes a literal such as "nullx" malformed (as
/// Jackson's check against Java identifier characters).
bool IsWordCharacter(char c) {
  return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$' ||
         static_cast<unsigned char>(c) >= 0x80;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void AppendUtf8(uint32_t code_point, std::string& out) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
  } else if (code_point < 0x800) {
    out += static_cast<char>(0xC0 | (code_point >> 6));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += static_cast<char>(0xE0 | (code_point >> 12));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code_point >> 18));
    out += static_cast<char>(0x80 | ((code_point >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code_point >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code_point & 0x3F));
  }
}

std::string Describe(char c) {
  if (static_cast<unsigned char>(c) < 0x20) {
    return StrCat("control character 0x", "0123456789abcdef"[(c >> 4) & 0xF],
                  "0123456789abcdef"[c & 0xF]);
  }
  return StrCat("'", c, "'");
}

}  // namespace

std::span<const JsonMember> JsonRecordParser::object(size_t index) const {
  size_t begin = index == 0 ? 0 : object_ends_[index - 1];
  return std::span<const JsonMember>(members_.data() + begin, object_ends_[index] - begin);
}

bool JsonRecordParser::Fail(std::string why) {
  if (!syntax_error_) error_ = StrCat("invalid JSON at byte ", pos_, " of the record: ", why);
  syntax_error_ = true;
  return false;
}

void JsonRecordParser::SkipWhiteSpace() {
  while (pos_ < text_.size()) {
    char c = text_[pos_];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
    ++pos_;
  }
}

bool JsonRecordParser::Expect(char c, const char* what) {
  SkipWhiteSpace();
  if (pos_ >= text_.size()) return Fail(StrCat("the record ends where ", what, " is expected"));
  if (text_[pos_] != c) return Fail(StrCat("expected ", what, ", found ", Describe(text_[pos_])));
  ++pos_;
  return true;
}

bool JsonRecordParser::Parse(std::string_view record) {
  text_ = record;
  pos_ = 0;
  members_.clear();
  object_ends_.clear();
  error_.clear();
  syntax_error_ = false;
  decoded_.clear();
  // Decoding only shrinks strings, so views into decoded_ never move.
  decoded_.reserve(record.size());
  bool ok = ParseRecord();
  value_end_ = pos_;
  if (syntax_error_) object_ends_.clear();  // no rows from a record that is not JSON
  return ok;
}

bool JsonRecordParser::ParseRecord() {
  SkipWhiteSpace();
  if (pos_ == text_.size()) return true;
  if (text_[pos_] == '{') return ParseTopObject();
  if (text_[pos_] != '[') {
    // Validate it first, so that a syntax error is reported as such.
    JsonValue ignored;
    if (!ParseValue(1, &ignored)) return false;
    error_ = "the record is not a JSON object";
    return false;
  }
  ++pos_;
  SkipWhiteSpace();
  if (pos_ < text_.size() && text_[pos_] == ']') {
    ++pos_;
    return true;
  }
  // As Spark, every element of a top-level array is a row; one that is not an object makes the
  // record malformed, keeping the rows of the objects before it.
  bool all_objects = true;
  while (true) {
    SkipWhiteSpace();
    if (all_objects && pos_ < text_.size() && text_[pos_] == '{') {
      if (!ParseTopObject()) return false;
    } else {
      all_objects = false;
      JsonValue ignored;
      if (!ParseValue(1, &ignored)) return false;
    }
    SkipWhiteSpace();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (!Expect(']', "',' or ']' after an array element")) return false;
    if (all_objects) return true;
    error_ = "an array element is not a JSON object";
    return false;
  }
}

bool JsonRecordParser::ParseTopObject() {
  ++pos_;  // '{'
  SkipWhiteSpace();
  if (pos_ < text_.size() && text_[pos_] == '}') {
    ++pos_;
    object_ends_.push_back(members_.size());
    return true;
  }
  while (true) {
    SkipWhiteSpace();
    if (pos_ >= text_.size() ||
        (text_[pos_] != '"' && !(grammar_.allow_single_quotes && text_[pos_] == '\''))) {
      return Fail(pos_ >= text_.size() ? "the record ends inside an object"
                                       : StrCat("expected a field name in double quotes, found ",
                                                Describe(text_[pos_])));
    }
    JsonMember member;
    if (!ParseString(&member.key) || !Expect(':', "':' after a field name")) return false;
    SkipWhiteSpace();
    if (!ParseValue(1, &member.value)) return false;
    members_.push_back(member);
    SkipWhiteSpace();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (!Expect('}', "',' or '}' after an object member")) return false;
    object_ends_.push_back(members_.size());
    return true;
  }
}

bool JsonRecordParser::ParseValue(int depth, JsonValue* value) {
  if (pos_ >= text_.size()) return Fail("the record ends where a value is expected");
  size_t start = pos_;
  char c = text_[pos_];
  switch (c) {
    case '{':
    case '[':
      if (depth >= kMaxNestingDepth) {
        return Fail(StrCat("values are nested deeper than ", kMaxNestingDepth, " levels"));
      }
      if (!ParseContainer(depth + 1)) return false;
      value->type = c == '{' ? JsonValueType::kObject : JsonValueType::kArray;
      value->text = text_.substr(start, pos_ - start);
      return true;
    case '"':
      value->type = JsonValueType::kString;
      return ParseString(&value->text);
    case '\'':
      if (!grammar_.allow_single_quotes) {
        return Fail("single-quoted strings are not allowed (allowSingleQuotes is false)");
      }
      value->type = JsonValueType::kString;
      return ParseString(&value->text);
    case 't':
      return ParseWord("true", JsonValueType::kTrue, value);
    case 'f':
      return ParseWord("false", JsonValueType::kFalse, value);
    case 'n':
      return ParseWord("null", JsonValueType::kNull, value);
    case 'N':
    case 'I':
    case '+':
      return ParseNonNumeric(value);
    case '-':
      if (pos_ + 1 < text_.size() && text_[pos_ + 1] == 'I') return ParseNonNumeric(value);
      return ParseNumber(value);
    default:
      if (IsDigit(c)) return ParseNumber(value);
      return Fail(StrCat("unexpected ", Describe(c), " where a value is expected"));
  }
}

bool JsonRecordParser::ParseContainer(int depth) {
  bool is_object = text_[pos_] == '{';
  char close = is_object ? '}' : ']';
  ++pos_;
  SkipWhiteSpace();
  if (pos_ < text_.size() && text_[pos_] == close) {
    ++pos_;
    return true;
  }
  while (true) {
    SkipWhiteSpace();
    if (is_object) {
      if (pos_ >= text_.size() ||
          (text_[pos_] != '"' && !(grammar_.allow_single_quotes && text_[pos_] == '\''))) {
        return Fail(pos_ >= text_.size() ? "the record ends inside an object"
                                         : StrCat("expected a field name in double quotes, found ",
                                                  Describe(text_[pos_])));
      }
      std::string_view key;
      if (!ParseString(&key) || !Expect(':', "':' after a field name")) return false;
      SkipWhiteSpace();
    }
    JsonValue element;
    if (!ParseValue(depth, &element)) return false;
    SkipWhiteSpace();
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    return Expect(close, is_object ? "',' or '}' after an object member"
                                   : "',' or ']' after an array element");
  }
}

bool JsonRecordParser::ParseString(std::string_view* decoded) {
  char quote = text_[pos_];
  size_t start = ++pos_;
  bool has_escapes = false;
  // Find the end and check every character.
  while (true) {
    if (pos_ >= text_.size()) return Fail("a string is not closed");
    char c = text_[pos_];
    if (c == quote) break;
    if (static_cast<unsigned char>(c) < 0x20) {
      return Fail(StrCat("unescaped ", Describe(c), " in a string"));
    }
    if (c != '\\') {
      ++pos_;
      continue;
    }
    has_escapes = true;
    if (pos_ + 1 >= text_.size()) return Fail("a string is not closed");
    char escaped = text_[pos_ + 1];
    if (escaped == 'u') {
      for (size_t i = 2; i < 6; ++i) {
        if (pos_ + i >= text_.size() || HexValue(text_[pos_ + i]) < 0) {
          return Fail("\\u must be followed by four hexadecimal digits");
        }
      }
      pos_ += 6;
    } else if (escaped == '"' || escaped == '\\' || escaped == '/' || escaped == 'b' ||
               escaped == 'f' || escaped == 'n' || escaped == 'r' || escaped == 't' ||
               (escaped == '\'' && grammar_.allow_single_quotes)) {
      pos_ += 2;
    } else {
      return Fail(StrCat("invalid escape '\\", escaped, "' in a string"));
    }
  }
  std::string_view raw = text_.substr(start, pos_ - start);
  ++pos_;  // the closing quote
  if (!has_escapes) {
    *decoded = raw;
    return true;
  }
  size_t begin = decoded_.size();
  EMBER_CHECK(begin + raw.size() <= decoded_.capacity());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\') {
      decoded_ += raw[i];
      continue;
    }
    char escaped = raw[++i];
    switch (escaped) {
      case 'b':
        decoded_ += '\b';
        break;
      case 'f':
        decoded_ += '\f';
        break;
      case 'n':
        decoded_ += '\n';
        break;
      case 'r':
        decoded_ += '\r';
        break;
      case 't':
        decoded_ += '\t';
        break;
      case 'u': {
        auto hex4 = [&](size_t at) {
          uint32_t value = 0;
          for (size_t k = 0; k < 4; ++k) value = value * 16 + HexValue(raw[at + k]);
          return value;
        };
        uint32_t unit = hex4(i + 1);
        i += 4;
        // The first pass checked that an escape is complete, so "\\u" has four hex digits.
        if (unit >= 0xD800 && unit <= 0xDBFF && i + 2 < raw.size() && raw[i + 1] == '\\' &&
            raw[i + 2] == 'u') {
          uint32_t low = hex4(i + 3);
          if (low >= 0xDC00 && low <= 0xDFFF) {
            AppendUtf8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00), decoded_);
            i += 6;
            break;
          }
        }
        // A lone surrogate becomes '?', as Java's UTF-8 encoder (and so Spark) writes it.
        if (unit >= 0xD800 && unit <= 0xDFFF) {
          decoded_ += '?';
        } else {
          AppendUtf8(unit, decoded_);
        }
        break;
      }
      default:  // '"', '\\', '/', '\''
        decoded_ += escaped;
    }
  }
  *decoded = std::string_view(decoded_).substr(begin);
  return true;
}

bool JsonRecordParser::ParseNumber(JsonValue* value) {
  size_t start = pos_;
  if (text_[pos_] == '-') ++pos_;
  if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
    return Fail("expected a digit after '-'");
  }
  if (text_[pos_] == '0' && pos_ + 1 < text_.size() && IsDigit(text_[pos_ + 1])) {
    return Fail("leading zeros are not allowed in numbers");
  }
  while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  bool is_float = false;
  if (pos_ < text_.size() && text_[pos_] == '.') {
    is_float = true;
    ++pos_;
    if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
      return Fail("expected a digit after the decimal point");
    }
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  }
  if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
    is_float = true;
    ++pos_;
    if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
    if (pos_ >= text_.size() || !IsDigit(text_[pos_])) {
      return Fail("expected a digit in the exponent");
    }
    while (pos_ < text_.size() && IsDigit(text_[pos_])) ++pos_;
  }
  value->type = is_float ? JsonValueType::kFloat : JsonValueType::kInteger;
  value->text = text_.substr(start, pos_ - start);
  return true;
}

bool JsonRecordParser::ParseWord(std::string_view word, JsonValueType type, JsonValue* value) {
  if (text_.substr(pos_, word.size()) != word ||
      (pos_ + word.size() < text_.size() && IsWordCharacter(text_[pos_ + word.size()]))) {
    size_t end = pos_;
    while (end < text_.size() && IsWordCharacter(text_[end])) ++end;
    return Fail(
        StrCat("unrecognized token '", text_.substr(pos_, std::max(end, pos_ + 1) - pos_), "'"));
  }
  value->type = type;
  value->text = text_.substr(pos_, word.size());
  pos_ += word.size();
  return true;
}

bool JsonRecordParser::ParseNonNumeric(JsonValue* value) {
  // Jackson's tokens, case-sensitive; "INF" alone is not one.
  for (std::string_view token : {"NaN", "Infinity", "+Infinity", "+INF", "-Infinity", "-INF"}) {
    if (text_.substr(pos_, token.size()) != token) continue;
    if (pos_ + token.size() < text_.size() && IsWordCharacter(text_[pos_ + token.size()])) {
      continue;
    }
    if (!grammar_.allow_non_numeric_numbers) {
      return Fail(StrCat("the non-numeric number '", token,
                         "' is not allowed (allowNonNumericNumbers is false)"));
    }
    value->type = JsonValueType::kNonNumeric;
    value->text = text_.substr(pos_, token.size());
    pos_ += token.size();
    return true;
  }
  size_t end = pos_ + 1;
  while (end < text_.size() && IsWordCharacter(text_[end])) ++end;
  return Fail(StrCat("unrecognized token '", text_.substr(pos_, end - pos_), "'"));
}

}  // namespace ember

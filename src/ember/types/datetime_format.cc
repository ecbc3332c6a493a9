#include "ember/types/datetime_format.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <optional>
#include <vector>

#include "ember/common/ascii.h"
#include "ember/common/error.h"
#include "ember/types/text_format.h"

namespace ember {

namespace {

/// Lists the datetime fields a pattern reads or prints (java.time's ChronoFields, named alike).
enum class Field : uint8_t {
  kYear,
  kMonth,
  kDayOfMonth,
  kDayOfYear,
  kDayOfWeek,
  kAmPm,
  kHourOfDay,
  kClockHourOfDay,
  kHourOfAmPm,
  kClockHourOfAmPm,
  kMinute,
  kSecond,
  kNano,
  kOffset,
};
constexpr size_t kFieldCount = static_cast<size_t>(Field::kOffset) + 1;

/// Returns whether a date (which has no time of day and no offset) lacks `field`.
bool IsTimeField(Field field) {
  return field >= Field::kAmPm;
}

enum class NodeKind : uint8_t {
  kSequence,         // children in order
  kOptional,         // children in order, skipped when they do not parse (or cannot print)
  kLiteral,          // text matched case-insensitively
  kNumber,           // a decimal field
  kFraction,         // fraction of second digits, without a point
  kText,             // month, day-of-week or AM/PM names
  kOffset,           // +HH:MM styles, or the no-offset text ("Z") for zero
  kLocalizedOffset,  // GMT, GMT+08:00
};

/// Says how a number's sign is parsed and printed (java.time's SignStyle).
enum class SignStyle : uint8_t {
  kNormal,       // '-' for negative values only
  kNotNegative,  // no sign
  kExceedsPad,   // '-' for negative values, '+' when the value is wider than the minimum width
};

/// Orders the offset styles as java.time's OffsetIdPrinterParser.PATTERNS does: the index says
/// whether minutes and seconds are printed always (upper case) or when non-zero (lower case), and
/// whether a colon separates them (odd indices have none).
constexpr std::array<std::string_view, 11> kOffsetStyles = {
    "+HH",       "+HHmm",   "+HH:mm",    "+HHMM",   "+HH:MM",   "+HHMMss",
    "+HH:MM:ss", "+HHMMSS", "+HH:MM:SS", "+HHmmss", "+HH:mm:ss"};

constexpr std::array<std::string_view, 12> kShortMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 12> kFullMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 7> kShortDays = {"Mon", "Tue", "Wed", "Thu",
                                                        "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kFullDays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
constexpr std::array<std::string_view, 2> kAmPmTexts = {"AM", "PM"};

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
constexpr int64_t kMaxYear = 999'999'999;  // java.time's Year.MAX_VALUE
constexpr int64_t kMaxOffsetSeconds = 18 * 3600;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

bool IsLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// Returns whether `text` at `pos` starts with `expected`, ignoring ASCII case.
bool MatchesIgnoringCase(std::string_view text, size_t pos, std::string_view expected) {
  return pos <= text.size() && EqualsIgnoreAsciiCase(text.substr(pos, expected.size()), expected);
}

bool IsLeapYear(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int DaysInMonth(int64_t year, int64_t month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return kDays[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
}

}  // namespace

/// Holds one element of a compiled pattern.
struct DateTimeFormatter::Node {
  NodeKind kind = NodeKind::kSequence;
  Field field = Field::kYear;
  char letter = '\0';   // the pattern letter, for messages
  std::string literal;  // kLiteral
  int min_width = 0;    // kNumber, kFraction
  int max_width = 0;    // kNumber, kFraction
  SignStyle sign = SignStyle::kNormal;
  bool two_digit_year = false;  // kNumber: yy reads 2000-2099 and prints the year modulo 100
  int subsequent_width = 0;     // kNumber: digits left to the fixed-width numbers that follow it
  bool full_text = false;       // kText: "January" rather than "Jan"; kLocalizedOffset: always
  int offset_style = 0;         // kOffset: index into kOffsetStyles
  std::string no_offset_text;   // kOffset: printed and accepted for a zero offset
  std::vector<Node> children;   // kSequence, kOptional
};

namespace {

using Node = DateTimeFormatter::Node;

// ---------------------------------------------------------------------------------------------
// Compiling

/// Turns a pattern string into a tree of nodes, applying java.time's letter rules and the
/// restrictions Spark adds to them (DateTimeFormatterHelper).
class PatternCompiler {
 public:
  PatternCompiler(std::string_view pattern, DateTimePatternUse use, std::string_view culprit)
      : pattern_(pattern), use_(use), culprit_(culprit) {}

  Node Compile() {
    Node root;
    size_t pos = 0;
    CompileSequence(root, pos, 0);
    return root;
  }

 private:
  [[noreturn]] void Fail(ErrorKind kind, const char* error_class, const std::string& reason) {
    Throw(kind, error_class, "Invalid datetime pattern '", pattern_, "' in ", culprit_, ": ",
          reason,
          ". See https://spark.apache.org/docs/latest/sql-ref-datetime-pattern.html for the "
          "pattern letters.");
  }
  [[noreturn]] void FailMalformed(const std::string& reason) {
    Fail(ErrorKind::kInvalidArgument, "INVALID_DATETIME_PATTERN.WITH_SUGGESTION", reason);
  }
  [[noreturn]] void FailLength(char letter) {
    Fail(ErrorKind::kInvalidArgument, "INVALID_DATETIME_PATTERN.LENGTH",
         StrCat("too many pattern letters '", letter, "'"));
  }
  [[noreturn]] void FailIllegal(char letter, const std::string& why) {
    Fail(ErrorKind::kInvalidArgument, "INVALID_DATETIME_PATTERN.ILLEGAL_CHARACTER",
         StrCat("illegal pattern character '", letter, "' (", why, ")"));
  }
  [[noreturn]] void FailUnsupported(char letter, const std::string& what) {
    Fail(ErrorKind::kNotImplemented, "UNSUPPORTED_FEATURE.DATETIME_PATTERN_LETTER",
         StrCat("pattern letter '", letter, "' (", what, ") is not supported by Ember yet"));
  }

  /// Compiles elements into `sequence` until the end of the pattern or the ']' that closes an
  /// optional section opened `depth` levels down.
  void CompileSequence(Node& sequence, size_t& pos, int depth) {
    while (pos < pattern_.size()) {
      char c = pattern_[pos];
      if (IsLetter(c)) {
        size_t count = 1;
        while (pos + count < pattern_.size() && pattern_[pos + count] == c) ++count;
        pos += count;
        AddLetter(sequence, c, static_cast<int>(count));
      } else if (c == '\'') {
        AddLiteral(sequence, QuotedText(pos));
      } else if (c == '[') {
        ++pos;
        Node optional;
        optional.kind = NodeKind::kOptional;
        CompileSequence(optional, pos, depth + 1);
        sequence.children.push_back(std::move(optional));
      } else if (c == ']') {
        if (depth == 0) FailMalformed("']' without a preceding '['");
        ++pos;
        break;
      } else if (c == '{' || c == '}' || c == '#') {
        FailMalformed(StrCat("reserved character '", c, "'"));
      } else {
        AddLiteral(sequence, std::string(1, c));
        ++pos;
      }
    }
    LinkAdjacentNumbers(sequence);
  }

  /// Reads 'quoted text' at `pos` ('' inside or alone is one quote) and returns its text.
  std::string QuotedText(size_t& pos) {
    ++pos;  // the opening quote
    if (pos < pattern_.size() && pattern_[pos] == '\'') {
      ++pos;
      return "'";
    }
    std::string text;
    while (true) {
      if (pos >= pattern_.size()) FailMalformed("a quoted literal is not closed");
      if (pattern_[pos] == '\'') {
        if (pos + 1 < pattern_.size() && pattern_[pos + 1] == '\'') {
          text += '\'';
          pos += 2;
          continue;
        }
        ++pos;
        return text;
      }
      text += pattern_[pos++];
    }
  }

  static void AddLiteral(Node& sequence, std::string text) {
    if (!sequence.children.empty() && sequence.children.back().kind == NodeKind::kLiteral) {
      sequence.children.back().literal += text;
      return;
    }
    Node node;
    node.kind = NodeKind::kLiteral;
    node.literal = std::move(text);
    sequence.children.push_back(std::move(node));
  }

  static Node Number(Field field, char letter, int min_width, int max_width, SignStyle sign) {
    Node node;
    node.kind = NodeKind::kNumber;
    node.field = field;
    node.letter = letter;
    node.min_width = min_width;
    node.max_width = max_width;
    node.sign = sign;
    return node;
  }

  static Node Text(Field field, char letter, bool full) {
    Node node;
    node.kind = NodeKind::kText;
    node.field = field;
    node.letter = letter;
    node.full_text = full;
    return node;
  }

  static Node Offset(char letter, int style, std::string no_offset_text) {
    Node node;
    node.kind = NodeKind::kOffset;
    node.field = Field::kOffset;
    node.letter = letter;
    node.offset_style = style;
    node.no_offset_text = std::move(no_offset_text);
    return node;
  }

  void AddLetter(Node& sequence, char letter, int count) {
    bool parsing = use_ == DateTimePatternUse::kParsing;
    // Spark's restrictions come first (DateTimeFormatterHelper.convertIncompatiblePattern).
    if (letter == 'u') {
      FailIllegal(letter, "day number of week is not supported since Spark 3.0; use 'E'");
    }
    if (letter == 'A' || letter == 'c' || letter == 'n' || letter == 'N' || letter == 'p') {
      FailIllegal(letter, "not supported by Spark");
    }
    if (parsing && std::string_view("YWwEeFqQ").find(letter) != std::string_view::npos) {
      FailIllegal(letter, "not supported for parsing by Spark");
    }
    if ((count >= 5 && std::string_view("GMLEeQq").find(letter) != std::string_view::npos) ||
        (count >= 11 && (letter == 'y' || letter == 'Y'))) {
      FailLength(letter);
    }
    Node node = LetterNode(letter, count);
    if (use_ == DateTimePatternUse::kFormattingDates && IsTimeField(node.field) &&
        sequence.kind != NodeKind::kOptional) {
      Fail(ErrorKind::kInvalidArgument, "INVALID_DATETIME_PATTERN.WITH_SUGGESTION",
           StrCat("pattern letter '", letter,
                  "' is a time-of-day or offset field, which a date does not have (put it in an "
                  "optional section [...] or leave it out)"));
    }
    sequence.children.push_back(std::move(node));
  }

  /// Returns the element `count` times `letter` stands for, as java.time's appendPattern.
  Node LetterNode(char letter, int count) {
    if (auto field = ShortNumberField(letter)) return ShortNumber(*field, letter, count);
    Node node;
    switch (letter) {
      case 'y':
        if (count == 2) {
          node = Number(Field::kYear, letter, 2, 2, SignStyle::kNotNegative);
          node.two_digit_year = true;
        } else {
          node = Number(Field::kYear, letter, count, 19,
                        count < 4 ? SignStyle::kNormal : SignStyle::kExceedsPad);
        }
        break;
      case 'M':
      case 'L':
        if (count == 1) node = Number(Field::kMonth, letter, 1, 19, SignStyle::kNormal);
        if (count == 2) node = Number(Field::kMonth, letter, 2, 2, SignStyle::kNotNegative);
        if (count >= 3) node = Text(Field::kMonth, letter, count == 4);
        break;
      case 'D':
        if (count > 3) FailLength(letter);
        if (count == 1) node = Number(Field::kDayOfYear, letter, 1, 19, SignStyle::kNormal);
        if (count == 2) node = Number(Field::kDayOfYear, letter, 2, 3, SignStyle::kNotNegative);
        if (count == 3) node = Number(Field::kDayOfYear, letter, 3, 3, SignStyle::kNotNegative);
        break;
      case 'E':
        node = Text(Field::kDayOfWeek, letter, count == 4);
        break;
      case 'a':
        if (count > 1) FailLength(letter);
        node = Text(Field::kAmPm, letter, false);
        break;
      case 'S':
        if (count > 9) FailLength(letter);
        node.kind = NodeKind::kFraction;
        node.field = Field::kNano;
        node.letter = letter;
        // Spark parses a run of n 'S' as 1 to n digits (createBuilderWithVarLengthSecondFraction).
        node.min_width = use_ == DateTimePatternUse::kParsing ? 1 : count;
        node.max_width = count;
        break;
      case 'X':
      case 'x':
        if (count > 5) FailLength(letter);
        node = Offset(letter, count + (count == 1 ? 0 : 1),
                      letter == 'X'    ? "Z"
                      : count == 1     ? "+00"
                      : count % 2 == 0 ? "+0000"
                                       : "+00:00");
        break;
      case 'Z':
        if (count > 5) FailLength(letter);
        if (count < 4) node = Offset(letter, 3, "+0000");
        if (count == 5) node = Offset(letter, 6, "Z");
        if (count == 4) {
          node.kind = NodeKind::kLocalizedOffset;
          node.field = Field::kOffset;
          node.letter = letter;
        }
        break;
      case 'G':
        FailUnsupported(letter, "era");
      case 'V':
      case 'v':
      case 'z':
      case 'O':
        FailUnsupported(letter,
                        "time-zone name; timestamps are read and written in UTC, use an "
                        "offset letter X, x or Z");
      case 'Y':
      case 'w':
      case 'W':
      case 'e':
      case 'F':
        FailUnsupported(letter, "week-based field");
      case 'Q':
      case 'q':
        FailUnsupported(letter, "quarter of year");
      case 'B':
        FailUnsupported(letter, "period of day");
      default:
        FailMalformed(StrCat("unknown pattern letter '", letter, "'"));
    }
    return node;
  }

  /// Returns the field of a letter written once (any width) or twice (two digits): d, H, k, K,
  /// h, m, s.
  static std::optional<Field> ShortNumberField(char letter) {
    switch (letter) {
      case 'd':
        return Field::kDayOfMonth;
      case 'H':
        return Field::kHourOfDay;
      case 'k':
        return Field::kClockHourOfDay;
      case 'K':
        return Field::kHourOfAmPm;
      case 'h':
        return Field::kClockHourOfAmPm;
      case 'm':
        return Field::kMinute;
      case 's':
        return Field::kSecond;
      default:
        return std::nullopt;
    }
  }

  /// Returns a field written with one letter (any width) or two (exactly two digits).
  Node ShortNumber(Field field, char letter, int count) {
    if (count > 2) FailLength(letter);
    return count == 1 ? Number(field, letter, 1, 19, SignStyle::kNormal)
                      : Number(field, letter, 2, 2, SignStyle::kNotNegative);
  }

  /// Implements java.time's adjacent value parsing: a number directly followed by fixed-width
  /// numbers leaves them their digits, so "yyyyMMdd" reads 20240102 as 2024, 01, 02.
  static void LinkAdjacentNumbers(Node& sequence) {
    int base = -1;
    for (size_t i = 0; i < sequence.children.size(); ++i) {
      const Node& node = sequence.children[i];
      bool fixed = node.min_width == node.max_width;
      bool value_parser =
          node.kind == NodeKind::kNumber || (node.kind == NodeKind::kFraction && fixed);
      if (!value_parser) {
        base = -1;
      } else if (base < 0) {
        base = static_cast<int>(i);
      } else if (fixed &&
                 (node.kind == NodeKind::kFraction || node.sign == SignStyle::kNotNegative)) {
        sequence.children[base].subsequent_width += node.max_width;
      } else {
        base = static_cast<int>(i);
      }
    }
  }

  std::string_view pattern_;
  DateTimePatternUse use_;
  std::string_view culprit_;
};

// ---------------------------------------------------------------------------------------------
// Parsing

/// Holds the field values parsed so far; a field parsed twice must agree (java.time's Parsed).
struct ParsedFields {
  std::array<int64_t, kFieldCount> values{};
  uint32_t present = 0;

  bool Has(Field field) const { return present & (1u << static_cast<unsigned>(field)); }
  int64_t Get(Field field) const { return values[static_cast<size_t>(field)]; }
  bool Set(Field field, int64_t value) {
    if (Has(field)) return Get(field) == value;
    present |= 1u << static_cast<unsigned>(field);
    values[static_cast<size_t>(field)] = value;
    return true;
  }
};

bool ParseNode(const Node& node, std::string_view text, size_t& pos, ParsedFields& fields);

bool ParseChildren(const Node& node, std::string_view text, size_t& pos, ParsedFields& fields) {
  for (const Node& child : node.children) {
    if (!ParseNode(child, text, pos, fields)) return false;
  }
  return true;
}

/// Reads at most `max_digits` digits at `pos`; false when fewer than `min_digits` are there.
bool ReadDigits(std::string_view text, size_t& pos, int min_digits, int max_digits,
                int64_t* value) {
  int digits = 0;
  int64_t result = 0;
  bool too_big = false;
  while (digits < max_digits && pos < text.size() && IsDigit(text[pos])) {
    if (result > (INT64_MAX - 9) / 10) too_big = true;
    if (!too_big) result = result * 10 + (text[pos] - '0');
    ++pos;
    ++digits;
  }
  *value = too_big ? INT64_MAX : result;
  return digits >= min_digits;
}

bool ParseNumber(const Node& node, std::string_view text, size_t& pos, ParsedFields& fields) {
  bool negative = false, plus = false;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    // Strict parsing: '-' only where a sign may print, '+' only for EXCEEDS_PAD.
    if (text[pos] == '+') {
      if (node.sign != SignStyle::kExceedsPad) return false;
      plus = true;
    } else {
      if (node.sign == SignStyle::kNotNegative) return false;
      negative = true;
    }
    ++pos;
  }
  size_t digits_start = pos;
  int min_width = node.min_width;
  int max_width = node.max_width + node.subsequent_width;
  int64_t value = 0;
  if (!ReadDigits(text, pos, min_width, max_width, &value)) return false;
  if (node.subsequent_width > 0) {
    int available = static_cast<int>(pos - digits_start);
    pos = digits_start;
    ReadDigits(text, pos, min_width, std::max(min_width, available - node.subsequent_width),
               &value);
  }
  int width = static_cast<int>(pos - digits_start);
  if (negative) {
    if (value == 0) return false;  // "-0" is rejected by strict parsing
    value = -value;
  } else if (node.sign == SignStyle::kExceedsPad) {
    // A value wider than the minimum width needs its '+'; a narrower one must not have it.
    if (plus ? width <= node.min_width : width > node.min_width) return false;
  }
  if (node.two_digit_year) value += 2000;
  return fields.Set(node.field, value);
}

bool ParseFraction(const Node& node, std::string_view text, size_t& pos, ParsedFields& fields) {
  size_t start = pos;
  int64_t digits_value = 0;
  if (!ReadDigits(text, pos, node.min_width, node.max_width, &digits_value)) return false;
  int64_t nanos = digits_value;
  for (size_t digits = pos - start; digits < 9; ++digits) nanos *= 10;
  return fields.Set(Field::kNano, nanos);
}

template <size_t N>
bool ParseName(const std::array<std::string_view, N>& names, std::string_view text, size_t& pos,
               Field field, int64_t first_value, ParsedFields& fields) {
  size_t best = N;
  for (size_t i = 0; i < N; ++i) {
    if (MatchesIgnoringCase(text, pos, names[i]) &&
        (best == N || names[i].size() > names[best].size())) {
      best = i;
    }
  }
  if (best == N) return false;
  pos += names[best].size();
  return fields.Set(field, first_value + static_cast<int64_t>(best));
}

bool ParseText(const Node& node, std::string_view text, size_t& pos, ParsedFields& fields) {
  switch (node.field) {
    case Field::kMonth:
      return node.full_text ? ParseName(kFullMonths, text, pos, node.field, 1, fields)
                            : ParseName(kShortMonths, text, pos, node.field, 1, fields);
    case Field::kAmPm:
      return ParseName(kAmPmTexts, text, pos, node.field, 0, fields);
    default:
      return false;  // day-of-week names are rejected for parsing when the pattern compiles
  }
}

/// Reads two digits (after a ':' when `colon`) into `*value`; false leaves `pos` unchanged.
bool ReadOffsetPart(std::string_view text, size_t& pos, bool colon, int64_t* value) {
  size_t p = pos;
  if (colon) {
    if (p >= text.size() || text[p] != ':') return false;
    ++p;
  }
  if (p + 2 > text.size() || !IsDigit(text[p]) || !IsDigit(text[p + 1])) return false;
  int64_t parsed = (text[p] - '0') * 10 + (text[p + 1] - '0');
  if (parsed > 59) return false;
  *value = parsed;
  pos = p + 2;
  return true;
}

bool ParseOffset(const Node& node, std::string_view text, size_t& pos, ParsedFields& fields) {
  if (pos >= text.size()) return false;
  if (MatchesIgnoringCase(text, pos, node.no_offset_text)) {
    pos += node.no_offset_text.size();
    return fields.Set(Field::kOffset, 0);
  }
  if (text[pos] != '+' && text[pos] != '-') return false;
  int64_t sign = text[pos] == '-' ? -1 : 1;
  size_t p = pos + 1;
  if (p + 2 > text.size() || !IsDigit(text[p]) || !IsDigit(text[p + 1])) return false;
  int64_t hours = (text[p] - '0') * 10 + (text[p + 1] - '0');
  p += 2;
  std::string_view style = kOffsetStyles[node.offset_style];
  bool colon = style.find(':') != std::string_view::npos;
  int64_t minutes = 0, seconds = 0;
  if (style.size() > 3) {
    bool minutes_required = style[colon ? 4 : 3] == 'M';
    bool minutes_read = ReadOffsetPart(text, p, colon, &minutes);
    if (!minutes_read && minutes_required) return false;
    if (minutes_read && style.size() > (colon ? 6u : 5u)) {
      bool seconds_required = style.back() == 'S';
      if (!ReadOffsetPart(text, p, colon, &seconds) && seconds_required) return false;
    }
  }
  if (hours > 23) return false;
  pos = p;
  return fields.Set(Field::kOffset, sign * (hours * 3600 + minutes * 60 + seconds));
}

bool ParseLocalizedOffset(std::string_view text, size_t& pos, ParsedFields& fields) {
  if (!MatchesIgnoringCase(text, pos, "GMT")) return false;
  size_t p = pos + 3;
  if (p >= text.size() || (text[p] != '+' && text[p] != '-')) {
    pos = p;
    return fields.Set(Field::kOffset, 0);
  }
  int64_t sign = text[p] == '-' ? -1 : 1;
  ++p;
  int64_t hours = 0, minutes = 0, seconds = 0;
  if (p + 2 > text.size() || !IsDigit(text[p]) || !IsDigit(text[p + 1])) return false;
  hours = (text[p] - '0') * 10 + (text[p + 1] - '0');
  p += 2;
  if (!ReadOffsetPart(text, p, true, &minutes)) return false;
  ReadOffsetPart(text, p, true, &seconds);
  pos = p;
  return fields.Set(Field::kOffset, sign * (hours * 3600 + minutes * 60 + seconds));
}

bool ParseNode(const Node& node, std::string_view text, size_t& pos, ParsedFields& fields) {
  switch (node.kind) {
    case NodeKind::kSequence:
      return ParseChildren(node, text, pos, fields);
    case NodeKind::kOptional: {
      size_t saved_pos = pos;
      ParsedFields saved_fields = fields;
      if (!ParseChildren(node, text, pos, fields)) {
        pos = saved_pos;
        fields = saved_fields;
      }
      return true;
    }
    case NodeKind::kLiteral:
      if (!MatchesIgnoringCase(text, pos, node.literal)) return false;
      pos += node.literal.size();
      return true;
    case NodeKind::kNumber:
      return ParseNumber(node, text, pos, fields);
    case NodeKind::kFraction:
      return ParseFraction(node, text, pos, fields);
    case NodeKind::kText:
      return ParseText(node, text, pos, fields);
    case NodeKind::kOffset:
      return ParseOffset(node, text, pos, fields);
    case NodeKind::kLocalizedOffset:
      return ParseLocalizedOffset(text, pos, fields);
  }
  return false;
}

/// Holds a parsed date, time of day and offset after java.time's STRICT resolution and Spark's
/// defaults for missing fields (1970-01-01, midnight, the session time zone).
struct ResolvedDateTime {
  int64_t days = 0;
  int64_t nano_of_day = 0;
  int64_t offset_seconds = 0;
};

std::optional<ResolvedDateTime> Resolve(const ParsedFields& fields) {
  ResolvedDateTime result;
  auto in_range = [&](Field field, int64_t low, int64_t high) {
    return !fields.Has(field) || (fields.Get(field) >= low && fields.Get(field) <= high);
  };
  if (!in_range(Field::kYear, -kMaxYear, kMaxYear) || !in_range(Field::kMonth, 1, 12) ||
      !in_range(Field::kDayOfMonth, 1, 31) || !in_range(Field::kDayOfYear, 1, 366) ||
      !in_range(Field::kHourOfDay, 0, 23) || !in_range(Field::kClockHourOfDay, 1, 24) ||
      !in_range(Field::kHourOfAmPm, 0, 11) || !in_range(Field::kClockHourOfAmPm, 1, 12) ||
      !in_range(Field::kMinute, 0, 59) || !in_range(Field::kSecond, 0, 59) ||
      !in_range(Field::kOffset, -kMaxOffsetSeconds, kMaxOffsetSeconds)) {
    return std::nullopt;
  }
  // The date.
  int64_t year = fields.Has(Field::kYear) ? fields.Get(Field::kYear) : 1970;
  bool has_month_and_day = fields.Has(Field::kMonth) && fields.Has(Field::kDayOfMonth);
  if (fields.Has(Field::kYear) && fields.Has(Field::kDayOfYear) && !has_month_and_day) {
    int64_t day_of_year = fields.Get(Field::kDayOfYear);
    if (day_of_year > (IsLeapYear(year) ? 366 : 365)) return std::nullopt;
    result.days = DaysFromCivil(year, 1, 1) + day_of_year - 1;
    int64_t civil_year;
    unsigned month, day;
    CivilFromDays(result.days, &civil_year, &month, &day);
    if ((fields.Has(Field::kMonth) && fields.Get(Field::kMonth) != month) ||
        (fields.Has(Field::kDayOfMonth) && fields.Get(Field::kDayOfMonth) != day)) {
      return std::nullopt;
    }
  } else {
    int64_t month = fields.Has(Field::kMonth) ? fields.Get(Field::kMonth) : 1;
    int64_t day = fields.Has(Field::kDayOfMonth) ? fields.Get(Field::kDayOfMonth) : 1;
    if (day > DaysInMonth(year, month)) return std::nullopt;
    result.days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    if (fields.Has(Field::kYear) && fields.Has(Field::kDayOfYear) &&
        result.days - DaysFromCivil(year, 1, 1) + 1 != fields.Get(Field::kDayOfYear)) {
      return std::nullopt;
    }
  }
  // The time of day: clock hours become hours, and every way of giving the hour must agree.
  int64_t hour_of_day = -1;
  auto set_hour_of_day = [&](int64_t hour) {
    if (hour_of_day >= 0 && hour_of_day != hour) return false;
    hour_of_day = hour;
    return true;
  };
  if (fields.Has(Field::kHourOfDay)) set_hour_of_day(fields.Get(Field::kHourOfDay));
  if (fields.Has(Field::kClockHourOfDay) &&
      !set_hour_of_day(fields.Get(Field::kClockHourOfDay) % 24)) {
    return std::nullopt;
  }
  int64_t hour_of_am_pm = fields.Has(Field::kHourOfAmPm) ? fields.Get(Field::kHourOfAmPm) : -1;
  if (fields.Has(Field::kClockHourOfAmPm)) {
    int64_t hour = fields.Get(Field::kClockHourOfAmPm) % 12;
    if (hour_of_am_pm >= 0 && hour_of_am_pm != hour) return std::nullopt;
    hour_of_am_pm = hour;
  }
  if (!in_range(Field::kAmPm, 0, 1)) return std::nullopt;
  if (fields.Has(Field::kAmPm)) {
    int64_t pm = fields.Get(Field::kAmPm);
    if (hour_of_am_pm >= 0) {
      if (!set_hour_of_day(pm * 12 + hour_of_am_pm)) return std::nullopt;
    } else if (hour_of_day >= 0 && (hour_of_day >= 12) != (pm == 1)) {
      return std::nullopt;
    }
  } else if (hour_of_am_pm >= 0 && hour_of_day >= 0 && hour_of_day % 12 != hour_of_am_pm) {
    return std::nullopt;
  }
  // Spark's toLocalTime: an hour of AM/PM alone is taken as AM; "PM" alone is noon.
  int64_t hour = hour_of_day >= 0                                            ? hour_of_day
                 : hour_of_am_pm >= 0                                        ? hour_of_am_pm
                 : fields.Has(Field::kAmPm) && fields.Get(Field::kAmPm) == 1 ? 12
                                                                             : 0;
  int64_t minute = fields.Has(Field::kMinute) ? fields.Get(Field::kMinute) : 0;
  int64_t second = fields.Has(Field::kSecond) ? fields.Get(Field::kSecond) : 0;
  int64_t nano = fields.Has(Field::kNano) ? fields.Get(Field::kNano) : 0;
  result.nano_of_day = ((hour * 60 + minute) * 60 + second) * 1'000'000'000 + nano;
  result.offset_seconds = fields.Has(Field::kOffset) ? fields.Get(Field::kOffset) : 0;
  return result;
}

std::optional<ResolvedDateTime> ParseAndResolve(const Node& root, std::string_view text) {
  ParsedFields fields;
  size_t pos = 0;
  if (!ParseNode(root, text, pos, fields) || pos != text.size()) return std::nullopt;
  return Resolve(fields);
}

// ---------------------------------------------------------------------------------------------
// Formatting

/// Holds the fields of the value being formatted.
struct FormatFields {
  bool has_time = false;
  int64_t year = 0, month = 0, day = 0, day_of_year = 0, day_of_week = 0;  // Monday = 1
  int64_t hour = 0, minute = 0, second = 0, nano = 0, offset_seconds = 0;

  static FormatFields OfDays(int64_t days) {
    FormatFields fields;
    unsigned month, day;
    CivilFromDays(days, &fields.year, &month, &day);
    fields.month = month;
    fields.day = day;
    fields.day_of_year = days - DaysFromCivil(fields.year, 1, 1) + 1;
    // 1970-01-01 was a Thursday.
    fields.day_of_week = ((days % 7 + 7) % 7 + 3) % 7 + 1;
    return fields;
  }

  int64_t Get(Field field) const {
    switch (field) {
      case Field::kYear:
        return year;
      case Field::kMonth:
        return month;
      case Field::kDayOfMonth:
        return day;
      case Field::kDayOfYear:
        return day_of_year;
      case Field::kDayOfWeek:
        return day_of_week;
      case Field::kAmPm:
        return hour >= 12 ? 1 : 0;
      case Field::kHourOfDay:
        return hour;
      case Field::kClockHourOfDay:
        return hour == 0 ? 24 : hour;
      case Field::kHourOfAmPm:
        return hour % 12;
      case Field::kClockHourOfAmPm:
        return hour % 12 == 0 ? 12 : hour % 12;
      case Field::kMinute:
        return minute;
      case Field::kSecond:
        return second;
      case Field::kNano:
        return nano;
      case Field::kOffset:
        return offset_seconds;
    }
    return 0;
  }
};

void AppendPadded(int64_t value, int width, std::string& out) {
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < width) out.append(width - digits.size(), '0');
  out += digits;
}

void FormatNumber(const Node& node, const FormatFields& fields, std::string& out) {
  int64_t value = fields.Get(node.field);
  if (node.two_digit_year) {
    AppendPadded(std::abs(value) % 100, 2, out);
    return;
  }
  std::string digits = std::to_string(value < 0 ? -value : value);
  if (value < 0) {
    out += '-';
  } else if (node.sign == SignStyle::kExceedsPad &&
             static_cast<int>(digits.size()) > node.min_width) {
    out += '+';
  }
  if (static_cast<int>(digits.size()) < node.min_width) {
    out.append(node.min_width - digits.size(), '0');
  }
  out += digits;
}

void FormatOffset(const Node& node, int64_t offset_seconds, std::string& out) {
  int64_t absolute = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  int64_t hours = absolute / 3600, minutes = absolute / 60 % 60, seconds = absolute % 60;
  if (hours == 0 && minutes == 0 && seconds == 0) {
    out += node.no_offset_text;
    return;
  }
  int style = node.offset_style;
  bool colon = style > 0 && style % 2 == 0;
  out += offset_seconds < 0 ? '-' : '+';
  AppendPadded(hours, 2, out);
  if ((style >= 3 && style <= 8) || (style >= 9 && seconds > 0) || (style >= 1 && minutes > 0)) {
    if (colon) out += ':';
    AppendPadded(minutes, 2, out);
    if (style == 7 || style == 8 || (style >= 5 && seconds > 0)) {
      if (colon) out += ':';
      AppendPadded(seconds, 2, out);
    }
  }
}

/// Appends `node` for `fields`; false when it needs a field the value lacks (a date's time).
bool FormatNode(const Node& node, const FormatFields& fields, std::string& out) {
  if (node.kind != NodeKind::kSequence && node.kind != NodeKind::kOptional &&
      node.kind != NodeKind::kLiteral && IsTimeField(node.field) && !fields.has_time) {
    return false;
  }
  switch (node.kind) {
    case NodeKind::kSequence:
      for (const Node& child : node.children) {
        if (!FormatNode(child, fields, out)) return false;
      }
      return true;
    case NodeKind::kOptional: {
      size_t mark = out.size();
      for (const Node& child : node.children) {
        if (!FormatNode(child, fields, out)) {
          out.resize(mark);
          break;
        }
      }
      return true;
    }
    case NodeKind::kLiteral:
      out += node.literal;
      return true;
    case NodeKind::kNumber:
      FormatNumber(node, fields, out);
      return true;
    case NodeKind::kFraction: {
      std::string digits = std::to_string(fields.nano);
      digits.insert(0, 9 - digits.size(), '0');
      out.append(digits, 0, node.max_width);
      return true;
    }
    case NodeKind::kText:
      if (node.field == Field::kMonth) {
        out += (node.full_text ? kFullMonths : kShortMonths)[fields.month - 1];
      } else if (node.field == Field::kDayOfWeek) {
        out += (node.full_text ? kFullDays : kShortDays)[fields.day_of_week - 1];
      } else {
        out += kAmPmTexts[fields.Get(Field::kAmPm)];
      }
      return true;
    case NodeKind::kOffset:
      FormatOffset(node, fields.offset_seconds, out);
      return true;
    case NodeKind::kLocalizedOffset:
      out += "GMT";
      if (fields.offset_seconds != 0) {
        Node full;
        full.offset_style = 6;  // +HH:MM:ss
        FormatOffset(full, fields.offset_seconds, out);
      }
      return true;
  }
  return false;
}

}  // namespace

DateTimeFormatter DateTimeFormatter::Compile(std::string_view pattern, DateTimePatternUse use,
                                             std::string_view culprit) {
  DateTimeFormatter formatter;
  formatter.pattern_ = std::string(pattern);
  formatter.use_ = use;
  formatter.root_ = std::make_shared<const Node>(PatternCompiler(pattern, use, culprit).Compile());
  return formatter;
}

std::optional<int32_t> DateTimeFormatter::ParseDate(std::string_view text) const {
  auto resolved = ParseAndResolve(*root_, text);
  if (!resolved || resolved->days < INT32_MIN || resolved->days > INT32_MAX) return std::nullopt;
  return static_cast<int32_t>(resolved->days);
}

std::optional<int64_t> DateTimeFormatter::ParseTimestamp(std::string_view text) const {
  auto resolved = ParseAndResolve(*root_, text);
  if (!resolved) return std::nullopt;
  int64_t day_micros = 0, local = 0, micros = 0;
  if (__builtin_mul_overflow(resolved->days, kMicrosPerDay, &day_micros) ||
      __builtin_add_overflow(day_micros, resolved->nano_of_day / 1000, &local) ||
      __builtin_sub_overflow(local, resolved->offset_seconds * kMicrosPerSecond, &micros)) {
    return std::nullopt;
  }
  return micros;
}

std::string DateTimeFormatter::FormatDate(int32_t days) const {
  EMBER_CHECK(use_ == DateTimePatternUse::kFormattingDates, "pattern ", pattern_);
  std::string out;
  FormatNode(*root_, FormatFields::OfDays(days), out);
  return out;
}

std::string DateTimeFormatter::FormatTimestamp(int64_t micros) const {
  EMBER_CHECK(use_ == DateTimePatternUse::kFormattingTimestamps, "pattern ", pattern_);
  int64_t days = micros / kMicrosPerDay;
  int64_t rest = micros % kMicrosPerDay;
  if (rest < 0) {
    rest += kMicrosPerDay;
    --days;
  }
  FormatFields fields = FormatFields::OfDays(days);
  fields.has_time = true;
  int64_t seconds = rest / kMicrosPerSecond;
  fields.hour = seconds / 3600;
  fields.minute = seconds / 60 % 60;
  fields.second = seconds % 60;
  fields.nano = rest % kMicrosPerSecond * 1000;
  std::string out;
  FormatNode(*root_, fields, out);
  return out;
}

}  // namespace ember

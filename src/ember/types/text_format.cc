#include "ember/types/text_format.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace ember {

namespace {

/// Lays out shortest round-trip digits in Java's Double/Float.toString form.
std::string JavaStyle(const char* shortest) {
  // `shortest` is std::to_chars scientific output: "-d.dddde+XX" or "de-XX".
  std::string_view text(shortest);
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  size_t e_pos = text.find('e');
  std::string_view mantissa = text.substr(0, e_pos);
  int exponent = 0;
  std::from_chars(text.data() + e_pos + 1 + (text[e_pos + 1] == '+' ? 1 : 0),
                  text.data() + text.size(), exponent);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  std::string out = negative ? "-" : "";
  if (exponent >= -3 && exponent < 7) {
    if (exponent >= 0) {
      std::string integral = digits.substr(0, std::min<size_t>(digits.size(), exponent + 1));
      while (static_cast<int>(integral.size()) < exponent + 1) integral += '0';
      std::string fraction =
          digits.size() > static_cast<size_t>(exponent + 1) ? digits.substr(exponent + 1) : "0";
      out += integral + "." + fraction;
    } else {
      out += "0." + std::string(-exponent - 1, '0') + digits;
    }
  } else {
    out += digits.substr(0, 1) + "." + (digits.size() > 1 ? digits.substr(1) : "0") + "E" +
           std::to_string(exponent);
  }
  return out;
}

template <typename T>
std::string FormatFloating(T value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "Infinity" : "-Infinity";
  if (value == 0) return std::signbit(value) ? "-0.0" : "0.0";
  char buffer[64];
  auto result =
      std::to_chars(buffer, buffer + sizeof(buffer) - 1, value, std::chars_format::scientific);
  // Java always prints a digit after the point; when one significant digit would do, it prints
  // the two-digit decimal closest to the value (Double.MIN_VALUE is 4.9E-324, not 5.0E-324).
  if (buffer[std::signbit(value) ? 2 : 1] == 'e') {
    result =
        std::to_chars(buffer, buffer + sizeof(buffer) - 1, value, std::chars_format::scientific, 1);
  }
  *result.ptr = '\0';
  return JavaStyle(buffer);
}

}  // namespace

std::string FormatDouble(double value) {
  return FormatFloating(value);
}
std::string FormatFloat(float value) {
  return FormatFloating(value);
}

void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day) {
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(days - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = static_cast<int64_t>(yoe) + era * 400 + (*month <= 2 ? 1 : 0);
}

int64_t DaysFromCivil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(year - era * 400);
  const unsigned doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

std::string FormatDate(int32_t days) {
  int64_t year;
  unsigned month, day;
  CivilFromDays(days, &year, &month, &day);
  char buffer[32];
  if (year >= 0 && year <= 9999) {
    std::snprintf(buffer, sizeof(buffer), "%04lld-%02u-%02u", static_cast<long long>(year), month,
                  day);
  } else {
    std::snprintf(buffer, sizeof(buffer), "%s%04lld-%02u-%02u", year < 0 ? "-" : "+",
                  static_cast<long long>(year < 0 ? -year : year), month, day);
  }
  return buffer;
}

std::string FormatTimestamp(int64_t micros) {
  int64_t days = micros / 86'400'000'000LL;
  int64_t rest = micros % 86'400'000'000LL;
  if (rest < 0) {
    rest += 86'400'000'000LL;
    --days;
  }
  int64_t seconds = rest / 1'000'000;
  int64_t fraction = rest % 1'000'000;
  std::string out = FormatDate(static_cast<int32_t>(days));
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), " %02lld:%02lld:%02lld",
                static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                static_cast<long long>(seconds % 60));
  out += buffer;
  if (fraction != 0) {
    std::snprintf(buffer, sizeof(buffer), ".%06lld", static_cast<long long>(fraction));
    std::string text = buffer;
    while (text.back() == '0') text.pop_back();
    out += text;
  }
  return out;
}

std::string FormatDecimal(int128_t unscaled, int scale) {
  bool negative = unscaled < 0;
  // Work on the unsigned magnitude so that the most negative value does not overflow.
  unsigned __int128 magnitude =
      negative ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : unscaled;
  std::string digits;
  do {
    digits += static_cast<char>('0' + static_cast<int>(magnitude % 10));
    magnitude /= 10;
  } while (magnitude != 0);
  while (static_cast<int>(digits.size()) <= scale) digits += '0';
  std::string out = negative ? "-" : "";
  for (size_t i = digits.size(); i-- > 0;) {
    out += digits[i];
    if (scale > 0 && i == static_cast<size_t>(scale)) out += '.';
  }
  return out;
}

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
  while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
  return text;
}

namespace {

bool ParseDigits(std::string_view text, size_t* pos, size_t min_digits, size_t max_digits,
                 int64_t* value) {
  size_t start = *pos;
  int64_t result = 0;
  while (*pos < text.size() && *pos - start < max_digits &&
         std::isdigit(static_cast<unsigned char>(text[*pos]))) {
    result = result * 10 + (text[*pos] - '0');
    ++*pos;
  }
  *value = result;
  return *pos - start >= min_digits;
}

bool ValidDate(int64_t year, int64_t month, int64_t day) {
  if (month < 1 || month > 12 || day < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day;
}

/// Parses "yyyy[-[m]m[-[d]d]]" at the start of `text`, advancing `pos`.
bool ParseDatePart(std::string_view text, size_t* pos, int64_t* days) {
  int64_t year = 0, month = 1, day = 1;
  if (!ParseDigits(text, pos, 4, 6, &year)) return false;
  if (*pos < text.size() && text[*pos] == '-') {
    ++*pos;
    if (!ParseDigits(text, pos, 1, 2, &month)) return false;
    if (*pos < text.size() && text[*pos] == '-') {
      ++*pos;
      if (!ParseDigits(text, pos, 1, 2, &day)) return false;
    }
  }
  if (!ValidDate(year, month, day)) return false;
  *days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  return true;
}

}  // namespace

std::optional<int32_t> ParseDate(std::string_view text) {
  text = TrimSpaces(text);
  size_t pos = 0;
  int64_t days = 0;
  if (!ParseDatePart(text, &pos, &days)) return std::nullopt;
  // Spark accepts a trailing time part after 'T' or ' ' and ignores it.
  if (pos != text.size() && text[pos] != ' ' && text[pos] != 'T') return std::nullopt;
  return static_cast<int32_t>(days);
}

std::optional<int64_t> ParseTimestamp(std::string_view text) {
  text = TrimSpaces(text);
  size_t pos = 0;
  int64_t days = 0;
  if (!ParseDatePart(text, &pos, &days)) return std::nullopt;
  int64_t hour = 0, minute = 0, second = 0, micros = 0;
  if (pos < text.size()) {
    if (text[pos] != ' ' && text[pos] != 'T') return std::nullopt;
    ++pos;
    if (!ParseDigits(text, &pos, 1, 2, &hour)) return std::nullopt;
    if (pos >= text.size() || text[pos] != ':') return std::nullopt;
    ++pos;
    if (!ParseDigits(text, &pos, 1, 2, &minute)) return std::nullopt;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ParseDigits(text, &pos, 1, 2, &second)) return std::nullopt;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        size_t start = pos;
        int64_t fraction = 0;
        if (!ParseDigits(text, &pos, 1, 9, &fraction)) return std::nullopt;
        size_t digits = pos - start;
        while (digits < 6) {
          fraction *= 10;
          ++digits;
        }
        while (digits > 6) {
          fraction /= 10;
          --digits;
        }
        micros = fraction;
      }
    }
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) ++pos;
    if (pos != text.size() || hour > 23 || minute > 59 || second > 59) return std::nullopt;
  }
  // Years past ~294247 do not fit in int64 microseconds: such text is not a timestamp.
  int64_t day_micros = 0, result = 0;
  if (__builtin_mul_overflow(days, int64_t{86'400'000'000LL}, &day_micros) ||
      __builtin_add_overflow(day_micros, ((hour * 60 + minute) * 60 + second) * 1'000'000 + micros,
                             &result)) {
    return std::nullopt;
  }
  return result;
}

std::optional<int64_t> ParseInteger(std::string_view text) {
  text = TrimSpaces(text);
  if (!text.empty() && text.front() == '+') {
    text.remove_prefix(1);
    if (!text.empty() && text.front() == '-') return std::nullopt;  // one sign at most
  }
  int64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

namespace {

/// Returns what Java's Double.parseDouble gives for an unsigned decimal literal beyond the range
/// of double: infinity when its magnitude is too large, zero when it is too small.
double OutOfRangeMagnitude(std::string_view literal) {
  size_t e = literal.find_first_of("eE");
  int64_t exponent = 0;
  if (e != std::string_view::npos) {
    size_t i = e + 1;
    bool negative = i < literal.size() && literal[i] == '-';
    if (i < literal.size() && (literal[i] == '-' || literal[i] == '+')) ++i;
    for (; i < literal.size() && exponent < 1'000'000'000; ++i)
      exponent = exponent * 10 + (literal[i] - '0');
    if (negative) exponent = -exponent;
  }
  std::string_view mantissa = literal.substr(0, e);
  size_t point = mantissa.find('.');
  size_t first = mantissa.find_first_not_of("0.");
  if (first == std::string_view::npos) return 0.0;
  // The decimal exponent of the first significant digit.
  int64_t position = point == std::string_view::npos ? static_cast<int64_t>(mantissa.size())
                                                     : static_cast<int64_t>(point);
  int64_t magnitude = first < position ? position - static_cast<int64_t>(first) - 1
                                       : position - static_cast<int64_t>(first);
  return magnitude + exponent > 0 ? HUGE_VAL : 0.0;
}

}  // namespace

std::optional<double> ParseDouble(std::string_view text) {
  text = TrimSpaces(text);
  std::string lower;
  for (char c : text) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body(lower);
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (body == "nan") return std::nan("");
  if (body == "infinity" || body == "inf") {
    return negative ? -HUGE_VAL : HUGE_VAL;
  }
  // Java's parseDouble accepts a type suffix ("1.5d"); checked after "inf", which ends in 'f'.
  if (!body.empty() && (body.back() == 'd' || body.back() == 'f')) body.remove_suffix(1);
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) return std::nullopt;
  double value = 0;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), value);
  if (ptr != body.data() + body.size() || body.empty()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    value = OutOfRangeMagnitude(body);
  } else if (ec != std::errc()) {
    return std::nullopt;
  }
  return negative ? -value : value;
}

std::optional<bool> ParseBoolean(std::string_view text) {
  std::string lower;
  for (char c : TrimSpaces(text)) {
    lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (lower == "t" || lower == "true" || lower == "y" || lower == "yes" || lower == "1") {
    return true;
  }
  if (lower == "f" || lower == "false" || lower == "n" || lower == "no" || lower == "0") {
    return false;
  }
  return std::nullopt;
}

int128_t PowerOfTen(int exponent) {
  int128_t result = 1;
  for (int i = 0; i < exponent; ++i) result *= 10;
  return result;
}

bool DecimalFits(int128_t unscaled, int precision) {
  int128_t limit = PowerOfTen(precision);
  return unscaled < limit && unscaled > -limit;
}

int128_t RescaleDecimal(int128_t unscaled, int from_scale, int to_scale) {
  if (to_scale >= from_scale) return unscaled * PowerOfTen(to_scale - from_scale);
  int128_t divisor = PowerOfTen(from_scale - to_scale);
  int128_t quotient = unscaled / divisor;
  int128_t remainder = unscaled % divisor;
  if (remainder * 2 >= divisor) ++quotient;
  if (remainder * 2 <= -divisor) --quotient;
  return quotient;
}

std::optional<int128_t> ParseDecimal(std::string_view text, const DataType& type) {
  text = TrimSpaces(text);
  bool negative = false;
  if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  int128_t unscaled = 0;
  int scale = 0, digits = 0;
  bool seen_point = false, any_digit = false;
  size_t pos = 0;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (c == '.' && !seen_point) {
      seen_point = true;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      any_digit = true;
      if (digits < 38) {
        unscaled = unscaled * 10 + (c - '0');
        if (unscaled != 0) ++digits;
        if (seen_point) ++scale;
      } else if (!seen_point) {
        return std::nullopt;  // more integral digits than any decimal holds
      }
    } else {
      break;
    }
  }
  if (!any_digit) return std::nullopt;
  int exponent = 0;
  if (pos < text.size()) {
    if (text[pos] != 'e' && text[pos] != 'E') return std::nullopt;
    std::string_view rest = text.substr(pos + 1);
    if (!rest.empty() && rest.front() == '+') rest.remove_prefix(1);
    auto [ptr, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), exponent);
    if (ec != std::errc() || ptr != rest.data() + rest.size() || rest.empty()) return std::nullopt;
  }
  scale -= exponent;
  if (scale < -38 || scale > 76) return std::nullopt;
  // A value whose digits exceed 38 once aligned to the target scale cannot fit any decimal.
  if (type.scale() > scale && digits + (type.scale() - scale) > 38) return std::nullopt;
  int128_t value;
  if (scale < 0) {
    value = RescaleDecimal(unscaled, 0, type.scale() - scale);
  } else if (scale > 38) {
    value = RescaleDecimal(RescaleDecimal(unscaled, scale, 38), 38, type.scale());
  } else {
    value = RescaleDecimal(unscaled, scale, type.scale());
  }
  if (negative) value = -value;
  if (!DecimalFits(value, type.precision())) return std::nullopt;
  return value;
}

}  // namespace ember

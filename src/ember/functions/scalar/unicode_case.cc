#include "ember/functions/internal/unicode_case.h"

#include <locale.h>
#include <wctype.h>

#include "ember/common/error.h"

namespace ember::functions {

namespace {

/// Returns glibc's C.UTF-8 locale, whose LC_CTYPE carries Unicode's simple case mappings.
locale_t UnicodeLocale() {
  static locale_t locale = [] {
    locale_t created = newlocale(LC_CTYPE_MASK, "C.UTF-8", static_cast<locale_t>(nullptr));
    EMBER_CHECK(created != nullptr, "the C.UTF-8 locale is missing from the C library");
    return created;
  }();
  return locale;
}

/// Decodes the code point at `text[*i]`, advancing `*i`; returns -1 (advancing one byte) for a
/// byte that does not start a valid, shortest-form UTF-8 sequence.
int32_t DecodeAt(std::string_view text, size_t* i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char lead = byte(*i);
  int length = lead < 0x80           ? 1
               : (lead >> 5) == 0x6  ? 2
               : (lead >> 4) == 0xE  ? 3
               : (lead >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || *i + length > text.size()) {
    ++*i;
    return -1;
  }
  int32_t code = length == 1 ? lead : lead & (0x7F >> length);
  for (int k = 1; k < length; ++k) {
    unsigned char next = byte(*i + k);
    if ((next & 0xC0) != 0x80) {
      ++*i;
      return -1;
    }
    code = (code << 6) | (next & 0x3F);
  }
  static constexpr int32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (code < kMinimum[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    ++*i;
    return -1;
  }
  *i += length;
  return code;
}

void Encode(int32_t code, std::string& out) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

/// Returns Java's full upper-case mapping of `code` when it is longer than one character.
const char* SpecialUpper(int32_t code) {
  switch (code) {
    case 0x00DF:
      return "SS";  // ß
    case 0x0149:
      return "\u02BCN";  // ŉ
    case 0x01F0:
      return "J\u030C";  // ǰ
    case 0x0587:
      return "\u0535\u0552";  // և
    case 0xFB00:
      return "FF";
    case 0xFB01:
      return "FI";
    case 0xFB02:
      return "FL";
    case 0xFB03:
      return "FFI";
    case 0xFB04:
      return "FFL";
    case 0xFB05:
      return "ST";
    case 0xFB06:
      return "ST";
    default:
      return nullptr;
  }
}

bool IsAsciiOnly(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

}  // namespace

void AppendUpper(std::string_view text, std::string& out) {
  if (IsAsciiOnly(text)) {
    for (char c : text) out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    return;
  }
  locale_t locale = UnicodeLocale();
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    int32_t code = DecodeAt(text, &i);
    if (code < 0) {
      out += text[start];
    } else if (const char* special = SpecialUpper(code)) {
      out += special;
    } else {
      Encode(static_cast<int32_t>(towupper_l(static_cast<wint_t>(code), locale)), out);
    }
  }
}

void AppendLower(std::string_view text, std::string& out) {
  if (IsAsciiOnly(text)) {
    for (char c : text) out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
    return;
  }
  locale_t locale = UnicodeLocale();
  bool after_letter = false;
  for (size_t i = 0; i < text.size();) {
    size_t start = i;
    int32_t code = DecodeAt(text, &i);
    if (code < 0) {
      out += text[start];
      after_letter = false;
      continue;
    }
    if (code == 0x0130) {  // İ: i followed by a combining dot above, as Java outside Turkish
      out += "i\u0307";
    } else if (code == 0x03A3 && after_letter) {
      // Σ ends a word when no letter follows: final sigma.
      size_t next = i;
      int32_t following = next < text.size() ? DecodeAt(text, &next) : -1;
      bool letter_follows = following >= 0 && iswalpha_l(static_cast<wint_t>(following), locale);
      Encode(letter_follows ? 0x03C3 : 0x03C2, out);
    } else {
      Encode(static_cast<int32_t>(towlower_l(static_cast<wint_t>(code), locale)), out);
    }
    after_letter = iswalpha_l(static_cast<wint_t>(code), locale) != 0;
  }
}

}  // namespace ember::functions

#include "ember/columnar/table_printer.h"

#include <algorithm>
#include <cstdint>

namespace ember {

namespace {

/// Decodes UTF-8 into code points; invalid bytes count as one code point each.
std::vector<uint32_t> CodePoints(const std::string& text) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < text.size();) {
    auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80         ? 1
                 : (byte >> 5) == 6  ? 2
                 : (byte >> 4) == 14 ? 3
                 : (byte >> 3) == 30 ? 4
                                     : 1;
    if (i + length > text.size()) length = 1;
    uint32_t code = length == 1 ? byte : byte & (0x7F >> length);
    for (int k = 1; k < length; ++k) code = (code << 6) | (text[i + k] & 0x3F);
    out.push_back(code);
    i += length;
  }
  return out;
}

/// Returns the byte offset of the `count`-th code point of `text`.
size_t ByteOffsetOfCodePoint(const std::string& text, size_t count) {
  size_t i = 0;
  while (i < text.size() && count > 0) {
    auto byte = static_cast<unsigned char>(text[i]);
    int length = byte < 0x80         ? 1
                 : (byte >> 5) == 6  ? 2
                 : (byte >> 4) == 14 ? 3
                 : (byte >> 3) == 30 ? 4
                                     : 1;
    i = std::min(text.size(), i + length);
    --count;
  }
  return i;
}

bool IsWide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

std::string Pad(const std::string& cell, size_t width, bool left, char fill = ' ') {
  size_t used = DisplayWidth(cell);
  if (used >= width) return cell;
  std::string padding(width - used, fill);
  return left ? padding + cell : cell + padding;
}

}  // namespace

size_t DisplayWidth(const std::string& text) {
  size_t width = 0;
  for (uint32_t c : CodePoints(text)) width += IsWide(c) ? 2 : 1;
  return width;
}

std::string EscapeMetaCharacters(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\v':
        out += "\\v";
        break;
      case '\a':
        out += "\\a";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string TruncateCell(const std::string& text, int truncate) {
  if (truncate <= 0) return text;
  size_t length = CodePoints(text).size();
  if (length <= static_cast<size_t>(truncate)) return text;
  if (truncate < 4) return text.substr(0, ByteOffsetOfCodePoint(text, truncate));
  return text.substr(0, ByteOffsetOfCodePoint(text, truncate - 3)) + "...";
}

std::string FormatShowTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows, int num_rows,
                            int truncate, bool vertical) {
  constexpr size_t kMinimumWidth = 3;
  num_rows = std::max(num_rows, 0);  // as Spark's showString does, also for the footer
  bool has_more = static_cast<int>(rows.size()) > num_rows;
  size_t shown = std::min<size_t>(rows.size(), static_cast<size_t>(std::max(num_rows, 0)));
  std::vector<std::string> names;
  for (const auto& name : header) names.push_back(EscapeMetaCharacters(name));
  std::vector<std::vector<std::string>> cells(shown);
  for (size_t r = 0; r < shown; ++r) {
    for (const auto& cell : rows[r]) {
      cells[r].push_back(TruncateCell(EscapeMetaCharacters(cell), truncate));
    }
  }

  std::string out;
  if (!vertical) {
    std::vector<size_t> widths(names.size(), kMinimumWidth);
    for (size_t c = 0; c < names.size(); ++c)
      widths[c] = std::max(widths[c], DisplayWidth(names[c]));
    for (const auto& row : cells) {
      for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
    std::string separator = "+";
    for (size_t width : widths) separator += std::string(width, '-') + "+";
    separator += "\n";
    auto append_row = [&](const std::vector<std::string>& row) {
      out += "|";
      for (size_t c = 0; c < row.size(); ++c) out += Pad(row[c], widths[c], truncate > 0) + "|";
      out += "\n";
    };
    out += separator;
    append_row(names);
    out += separator;
    for (const auto& row : cells) append_row(row);
    out += separator;
  } else {
    size_t name_width = kMinimumWidth;
    for (const auto& name : names) name_width = std::max(name_width, DisplayWidth(name));
    size_t data_width = kMinimumWidth;
    for (const auto& row : cells) {
      for (const auto& cell : row) data_width = std::max(data_width, DisplayWidth(cell));
    }
    for (size_t r = 0; r < cells.size(); ++r) {
      out += Pad("-RECORD " + std::to_string(r), name_width + data_width + 5, false, '-') + "\n";
      for (size_t c = 0; c < cells[r].size(); ++c) {
        out += " " + Pad(names[c], name_width, false) + " | " +
               Pad(cells[r][c], data_width, false) + " \n";
      }
    }
  }
  if (vertical && shown == 0) {
    out += "(0 rows)\n";
  } else if (has_more) {
    out += "only showing top " + std::to_string(num_rows) + (num_rows == 1 ? " row\n" : " rows\n");
  }
  return out;
}

}  // namespace ember

#include "ember/formats/line_split.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "ember/common/error.h"

namespace ember {

namespace {

std::string ReadFileRange(const std::string& path, int64_t offset, int64_t length) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    Throw(ErrorKind::kIo, "FILE_NOT_READABLE", "Cannot open ", path, ": ", std::strerror(errno),
          ".");
  }
  std::string data;
  if (length > 0) {
    data.resize(static_cast<size_t>(length));
    std::fseek(file, static_cast<long>(offset), SEEK_SET);
    data.resize(std::fread(data.data(), 1, data.size(), file));
  }
  std::fclose(file);
  return data;
}

}  // namespace

int64_t FileSizeOf(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    Throw(ErrorKind::kIo, "FILE_NOT_READABLE", "Cannot open ", path, ": ", std::strerror(errno),
          ".");
  }
  std::fseek(file, 0, SEEK_END);
  int64_t size = std::ftell(file);
  std::fclose(file);
  return size;
}

LineSplit LoadLineSplit(const std::string& path, int64_t start, int64_t length, bool whole_file) {
  int64_t size = FileSizeOf(path);
  LineSplit split;
  split.at_file_start = start == 0;
  if (whole_file) {
    split.base = start;
    split.end = start == 0 ? size : -1;
    if (start == 0) split.data = ReadFileRange(path, 0, size);
    return split;
  }
  int64_t end = std::min(size, start + length);
  // A split owns every line that starts at or before its end byte, so read on until the line that
  // contains offset `end` is complete.
  int64_t read_end = end;
  split.data = ReadFileRange(path, start, end - start);
  const size_t owned = static_cast<size_t>(end - start);
  while (read_end < size && split.data.find('\n', owned) == std::string::npos) {
    std::string more = ReadFileRange(path, read_end, std::min<int64_t>(1 << 16, size - read_end));
    size_t newline = more.find('\n');
    if (newline != std::string::npos) more.resize(newline + 1);
    read_end += static_cast<int64_t>(more.size());
    split.data += more;
  }
  split.base = start;
  if (start != 0) {
    size_t newline = split.data.find('\n');
    size_t skip = newline == std::string::npos ? split.data.size() : newline + 1;
    split.data.erase(0, skip);
    split.base += static_cast<int64_t>(skip);
  }
  split.end = end;
  return split;
}

bool IsValidUtf8(std::string_view text, size_t* bad) {
  for (size_t i = 0; i < text.size();) {
    auto c = static_cast<unsigned char>(text[i]);
    int length = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      *bad = i;
      return false;
    }
    for (int k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
        *bad = i;
        return false;
      }
    }
    i += length;
  }
  return true;
}

std::string RepairUtf8(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    size_t bad = 0;
    std::string_view rest = text.substr(i);
    if (IsValidUtf8(rest, &bad)) {
      out.append(rest);
      break;
    }
    out.append(rest.substr(0, bad));
    out.append("\xEF\xBF\xBD");
    i += bad + 1;
  }
  return out;
}

void ThrowMalformedRecord(const std::string& path, int64_t offset, const std::string& why) {
  Throw(ErrorKind::kExecution, "MALFORMED_RECORD_IN_PARSING.WITHOUT_SUGGESTION",
        "Malformed records are detected in record parsing: file ", path, ", byte offset ", offset,
        ": ", why,
        ". Parse Mode: FAILFAST. To process malformed records as null result, try "
        "setting the option 'mode' as 'PERMISSIVE'.");
}

}  // namespace ember

#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ember {

/// Holds the bytes one task reads of a line-oriented file (CSV, JSON lines). Lines belong to
/// splits as with Hadoop's line reader: a split owns every line that starts at or before its end
/// byte, and a split that does not start the file skips its partial first line.
struct LineSplit {
  std::string data;  // whole lines only
  int64_t base = 0;  // file offset of data[0]
  int64_t end = 0;   // lines starting after this offset belong to the next split
  bool at_file_start = false;
};

/// Loads split [start, start + length) of `path`; with `whole_file` (multiLine) the split that
/// starts the file gets all of it and the others nothing.
LineSplit LoadLineSplit(const std::string& path, int64_t start, int64_t length, bool whole_file);

/// Returns the size of `path`; throws naming it if it cannot be opened.
int64_t FileSizeOf(const std::string& path);

/// Returns whether `text` is valid UTF-8; otherwise `*bad` gets the offset of the first bad byte.
bool IsValidUtf8(std::string_view text, size_t* bad);
/// Replaces each invalid UTF-8 byte with U+FFFD, as Java's decoder does.
std::string RepairUtf8(std::string_view text);

/// Throws Spark's MALFORMED_RECORD_IN_PARSING error for FAILFAST mode, naming file and offset.
[[noreturn]] void ThrowMalformedRecord(const std::string& path, int64_t offset,
                                       const std::string& why);

}  // namespace ember

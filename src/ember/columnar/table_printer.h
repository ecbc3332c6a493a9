#pragma once

#include <string>
#include <vector>

namespace ember {

/// Renders rows of already-formatted cells exactly as Spark's Dataset.show() does.
/// `header` holds the column names; `rows` at most `num_rows` + 1 rows (one extra tells whether
/// "only showing top N rows" is printed). `truncate` > 0 cuts cells longer than that many
/// characters and right-aligns; 0 left-aligns full cells. `vertical` prints one block per row.
std::string FormatShowTable(const std::vector<std::string>& header,
                            const std::vector<std::vector<std::string>>& rows, int num_rows,
                            int truncate, bool vertical);

/// Returns the display width of `text` (UTF-8) counting East Asian wide characters as two,
/// as Spark's Utils.stringHalfWidth does.
size_t DisplayWidth(const std::string& text);

/// Escapes line breaks and tabs so a cell stays on one line (Spark's escapeMetaCharacters).
std::string EscapeMetaCharacters(const std::string& text);

/// Cuts a cell to `truncate` characters the way show() does ("..." for truncate >= 4).
std::string TruncateCell(const std::string& text, int truncate);

}  // namespace ember

// Unit tests of FormatShowTable against the exact text of Spark's Dataset.show(): borders,
// alignment, minimum width, truncation, footers and the vertical layout.

#include "ember/columnar/table_printer.h"

#include <gtest/gtest.h>

namespace ember {
namespace {

using Rows = std::vector<std::vector<std::string>>;

TEST(ShowTableTest, RightAlignsCellsWhenTruncating) {
  EXPECT_EQ(FormatShowTable({"id", "name"}, {{"1", "Alice"}, {"2", "Bob"}}, 20, 20, false),
            "+---+-----+\n"
            "| id| name|\n"
            "+---+-----+\n"
            "|  1|Alice|\n"
            "|  2|  Bob|\n"
            "+---+-----+\n");
}

TEST(ShowTableTest, LeftAlignsCellsWithoutTruncation) {
  EXPECT_EQ(FormatShowTable({"id", "name"}, {{"1", "Alice"}, {"2", "Bob"}}, 20, 0, false),
            "+---+-----+\n"
            "|id |name |\n"
            "+---+-----+\n"
            "|1  |Alice|\n"
            "|2  |Bob  |\n"
            "+---+-----+\n");
}

TEST(ShowTableTest, ColumnsAreAtLeastThreeWide) {
  EXPECT_EQ(FormatShowTable({"a"}, {{""}, {"x"}}, 20, 20, false),
            "+---+\n"
            "|  a|\n"
            "+---+\n"
            "|   |\n"
            "|  x|\n"
            "+---+\n");
}

TEST(ShowTableTest, EmptyResultKeepsHeader) {
  EXPECT_EQ(FormatShowTable({"a", "b"}, {}, 20, 20, false),
            "+---+---+\n"
            "|  a|  b|\n"
            "+---+---+\n"
            "+---+---+\n");
}

TEST(ShowTableTest, FooterSaysRowForOneAndRowsOtherwise) {
  EXPECT_EQ(FormatShowTable({"id"}, {{"1"}, {"2"}}, 1, 20, false),
            "+---+\n"
            "| id|\n"
            "+---+\n"
            "|  1|\n"
            "+---+\n"
            "only showing top 1 row\n");
  EXPECT_EQ(FormatShowTable({"id"}, {{"1"}, {"2"}, {"3"}}, 2, 20, false),
            "+---+\n"
            "| id|\n"
            "+---+\n"
            "|  1|\n"
            "|  2|\n"
            "+---+\n"
            "only showing top 2 rows\n");
  // Exactly num_rows rows: no footer.
  EXPECT_EQ(FormatShowTable({"id"}, {{"1"}, {"2"}}, 2, 20, false),
            "+---+\n"
            "| id|\n"
            "+---+\n"
            "|  1|\n"
            "|  2|\n"
            "+---+\n");
}

TEST(ShowTableTest, ZeroOrNegativeRowCountShowsOnlyTheHeader) {
  const std::string expected =
      "+---+\n"
      "| id|\n"
      "+---+\n"
      "+---+\n"
      "only showing top 0 rows\n";
  EXPECT_EQ(FormatShowTable({"id"}, {{"1"}}, 0, 20, false), expected);
  // Spark clamps a negative count to 0 (Dataset.showString: _numRows.max(0)).
  EXPECT_EQ(FormatShowTable({"id"}, {{"1"}}, -1, 20, false), expected);
}

TEST(ShowTableTest, TruncatesLongCellsToSeventeenCharactersAndDots) {
  EXPECT_EQ(FormatShowTable({"value"}, {{"abcdefghijklmnopqrstuvwxyz"}, {"short"}}, 20, 20, false),
            "+--------------------+\n"
            "|               value|\n"
            "+--------------------+\n"
            "|abcdefghijklmnopq...|\n"
            "|               short|\n"
            "+--------------------+\n");
  // A cell of exactly `truncate` characters stays whole; headers are never truncated.
  EXPECT_EQ(FormatShowTable({"a_long_column_name"}, {{"abcdefghij"}}, 20, 10, false),
            "+------------------+\n"
            "|a_long_column_name|\n"
            "+------------------+\n"
            "|        abcdefghij|\n"
            "+------------------+\n");
}

TEST(ShowTableTest, TruncateCellFollowsSparkRules) {
  EXPECT_EQ(TruncateCell("abcdefghijklmnopqrstuvwxyz", 20), "abcdefghijklmnopq...");
  EXPECT_EQ(TruncateCell("abcdefghijklmnopqrst", 20), "abcdefghijklmnopqrst");
  EXPECT_EQ(TruncateCell("abcdef", 4), "a...");
  // No ellipsis below four characters.
  EXPECT_EQ(TruncateCell("abcdef", 3), "abc");
  EXPECT_EQ(TruncateCell("abcdef", 1), "a");
  EXPECT_EQ(TruncateCell("abcdef", 0), "abcdef");
  // Counts characters, not bytes.
  EXPECT_EQ(TruncateCell("ééééééé", 5), "éé...");
}

TEST(ShowTableTest, EscapesLineBreaksAndTabs) {
  EXPECT_EQ(EscapeMetaCharacters("a\nb\tc\rd"), "a\\nb\\tc\\rd");
  EXPECT_EQ(FormatShowTable({"s"}, {{"a\nb\tc"}}, 20, 20, false),
            "+-------+\n"
            "|      s|\n"
            "+-------+\n"
            "|a\\nb\\tc|\n"
            "+-------+\n");
}

TEST(ShowTableTest, WideCharactersTakeTwoColumns) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("héllo"), 5u);
  EXPECT_EQ(DisplayWidth("日本"), 4u);
  EXPECT_EQ(FormatShowTable({"name"}, {{"日本"}, {"abcdef"}}, 20, 20, false),
            "+------+\n"
            "|  name|\n"
            "+------+\n"
            "|  日本|\n"
            "|abcdef|\n"
            "+------+\n");
}

TEST(ShowTableTest, VerticalPrintsOneBlockPerRecord) {
  EXPECT_EQ(FormatShowTable({"id", "name"}, {{"1", "Alice"}, {"2", "Bob"}}, 20, 20, true),
            "-RECORD 0-----\n"
            " id   | 1     \n"
            " name | Alice \n"
            "-RECORD 1-----\n"
            " id   | 2     \n"
            " name | Bob   \n");
}

TEST(ShowTableTest, VerticalUsesMinimumWidthsAndFooter) {
  EXPECT_EQ(FormatShowTable({"a"}, {{"x"}, {"y"}}, 1, 20, true),
            "-RECORD 0--\n"
            " a   | x   \n"
            "only showing top 1 row\n");
}

TEST(ShowTableTest, VerticalTruncatesCells) {
  EXPECT_EQ(FormatShowTable({"s"}, {{"abcdefghijklmnopqrstuvwxyz"}}, 20, 20, true),
            "-RECORD 0-------------------\n"
            " s   | abcdefghijklmnopq... \n");
}

TEST(ShowTableTest, VerticalEmptyResultSaysZeroRows) {
  EXPECT_EQ(FormatShowTable({"id", "name"}, {}, 20, 20, true), "(0 rows)\n");
}

}  // namespace
}  // namespace ember

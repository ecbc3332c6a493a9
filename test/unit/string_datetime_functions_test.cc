// Unit tests of the string and date functions through BuiltinFunctions() and the evaluator.
// Expected values come from Spark's function documentation (examples quoted where they exist).

#include <gtest/gtest.h>

#include "function_test_util.h"

namespace ember {
namespace {

using namespace ember::testing;  // NOLINT: test helpers

Strings ApplyToStrings(const char* name, const std::vector<std::optional<std::string>>& values) {
  return EvaluateToStrings(Call(name, {Col(0, kString)}), {StringColumn(values)});
}

Strings StringPredicate(const char* name, const std::vector<std::optional<std::string>>& left,
                        const std::vector<std::optional<std::string>>& right) {
  return EvaluateToStrings(Call(name, {Col(0, kString), Col(1, kString)}),
                           {StringColumn(left), StringColumn(right)});
}

// ---------------------------------------------------------------------------------------------
// Strings.

TEST(RegexFunctionsTest, RlikeFindsAMatchAnywhere) {
  ColumnVectorPtr text = StringColumn({"apple pie", "banana", std::nullopt, "日本語", ""});
  auto rlike = [&](const std::string& pattern) {
    return EvaluateToStrings(Call("rlike", {Col(0, kString), Lit(Value::String(pattern))}), {text});
  };
  EXPECT_EQ(rlike("p+"), (Strings{"true", "false", "NULL", "false", "false"}));
  EXPECT_EQ(rlike("^b.*a$"), (Strings{"false", "true", "NULL", "false", "false"}));
  EXPECT_EQ(rlike("本."), (Strings{"false", "false", "NULL", "true", "false"}));
  EXPECT_EQ(rlike(""), (Strings{"true", "true", "NULL", "true", "true"}));
  // The pattern may vary per row.
  EXPECT_EQ(EvaluateToStrings(Call("regexp_like", {Col(0, kString), Col(1, kString)}),
                              {StringColumn({"abc", "abc"}), StringColumn({"^a", "^b"})}),
            (Strings{"true", "false"}));
}

TEST(RegexFunctionsTest, InvalidOrUnsupportedPatternsNameThePattern) {
  ColumnVectorPtr text = StringColumn({"abc"});
  Error invalid =
      EvaluateError(Call("rlike", {Col(0, kString), Lit(Value::String("a(b"))}), {text});
  EXPECT_EQ(invalid.error_class(), "INVALID_PARAMETER_VALUE.PATTERN");
  EXPECT_NE(std::string(invalid.what()).find("`rlike`"), std::string::npos) << invalid.what();
  EXPECT_NE(std::string(invalid.what()).find("'a(b'"), std::string::npos) << invalid.what();
  // Lookahead is valid Java but not RE2: an error, never a different match.
  Error lookahead =
      EvaluateError(Call("rlike", {Col(0, kString), Lit(Value::String("a(?=b)"))}), {text});
  EXPECT_EQ(lookahead.error_class(), "INVALID_PARAMETER_VALUE.PATTERN");
}

TEST(RegexFunctionsTest, RegexpReplaceUsesJavaReplacementSyntax) {
  ColumnVectorPtr text = StringColumn({"2024-05-17", "no date", std::nullopt});
  auto replace = [&](const std::string& pattern, const std::string& replacement) {
    return EvaluateToStrings(Call("regexp_replace", {Col(0, kString), Lit(Value::String(pattern)),
                                                     Lit(Value::String(replacement))}),
                             {text});
  };
  EXPECT_EQ(replace("(\\d+)-(\\d+)-(\\d+)", "$3/$2/$1"),
            (Strings{"17/05/2024", "no date", "NULL"}));
  EXPECT_EQ(replace("o", "0"), (Strings{"2024-05-17", "n0 date", "NULL"}));
  EXPECT_EQ(replace("-", "\\$"), (Strings{"2024$05$17", "no date", "NULL"}));
  EXPECT_EQ(replace("(\\d)", "[$1\\\\]"),
            (Strings{"[2\\][0\\][2\\][4\\]-[0\\][5\\]-[1\\][7\\]", "no date", "NULL"}));
  // $12 with one group is group 1 followed by "2", as in Java.
  EXPECT_EQ(replace("(a)", "$12"), (Strings{"2024-05-17", "no da2te", "NULL"}));
  Error lone_dollar = EvaluateError(
      Call("regexp_replace", {Col(0, kString), Lit(Value::String("-")), Lit(Value::String("$"))}),
      {text});
  EXPECT_EQ(lone_dollar.error_class(), "INVALID_PARAMETER_VALUE.PATTERN");
  Error missing_group =
      EvaluateError(Call("regexp_replace",
                         {Col(0, kString), Lit(Value::String("(-)")), Lit(Value::String("$2"))}),
                    {text});
  EXPECT_NE(std::string(missing_group.what()).find("group 2"), std::string::npos)
      << missing_group.what();
}

TEST(RegexFunctionsTest, RegexpExtractReturnsAGroupOrEmpty) {
  ColumnVectorPtr text = StringColumn({"user=ann id=7", "id=42", "nothing", std::nullopt});
  auto extract = [&](const std::string& pattern, int index) {
    return EvaluateToStrings(Call("regexp_extract", {Col(0, kString), Lit(Value::String(pattern)),
                                                     Lit(Value::Int(index))}),
                             {text});
  };
  EXPECT_EQ(extract("id=(\\d+)", 1), (Strings{"7", "42", "", "NULL"}));
  EXPECT_EQ(extract("id=(\\d+)", 0), (Strings{"id=7", "id=42", "", "NULL"}));
  // An optional group that did not take part in the match gives "".
  EXPECT_EQ(extract("(user=(\\w+) )?id=(\\d)", 2), (Strings{"ann", "", "", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("regexp_extract", {Col(0, kString), Lit(Value::String("=(.)"))}),
                              {text}),
            (Strings{"a", "4", "", "NULL"}));
  Error error = EvaluateError(
      Call("regexp_extract", {Col(0, kString), Lit(Value::String("(a)")), Lit(Value::Int(2))}),
      {text});
  EXPECT_EQ(error.error_class(), "INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX");
  EXPECT_NE(std::string(error.what()).find("between 0 and 1, but got 2"), std::string::npos)
      << error.what();
}

TEST(StringFunctionsTest, UpperAndLower) {
  EXPECT_EQ(ApplyToStrings("upper", {"SparkSql", "a1b2", "", std::nullopt}),
            (Strings{"SPARKSQL", "A1B2", "", "NULL"}));
  EXPECT_EQ(ApplyToStrings("lower", {"SparkSql", "ABC", std::nullopt}),
            (Strings{"sparksql", "abc", "NULL"}));
  ColumnVectorPtr constant =
      Evaluate(Call("upper", {Lit(Value::String("abc"))}), {IntColumn({1, 2})});
  EXPECT_TRUE(constant->is_constant());
  EXPECT_EQ(Render(constant), (Strings{"ABC", "ABC"}));
  EXPECT_EQ(Render(EvaluateScalar(Call("upper", {Lit(Value::Null(kString))}))), (Strings{"NULL"}));
}

/// Non-ASCII text maps as Java's toUpperCase/toLowerCase (what Spark calls): accented, Greek and
/// Cyrillic letters, supplementary planes, the mappings that change length and final sigma;
/// invalid UTF-8 bytes pass through.
TEST(StringFunctionsTest, UpperAndLowerFollowUnicode) {
  EXPECT_EQ(ApplyToStrings("upper", {"grün café", "straße", "ﬁx", "σοφία", "жёлтый", "𐐨",
                                     "日本 abc", std::string("a\xFFb", 3)}),
            (Strings{"GRÜN CAFÉ", "STRASSE", "FIX", "ΣΟΦΊΑ", "ЖЁЛТЫЙ", "𐐀", "日本 ABC",
                     std::string("A\xFFB", 3)}));
  EXPECT_EQ(ApplyToStrings("lower", {"GRÜN CAFÉ", "ΟΔΥΣΣΕΥΣ", "ΣΑ Σ", "İstanbul", "ЖЁЛТЫЙ", "𐐀"}),
            (Strings{"grün café", "οδυσσευς", "σα σ", "i\u0307stanbul", "жёлтый", "𐐨"}));
}

TEST(StringFunctionsTest, LengthCountsCharacters) {
  ExprPtr expr = Call("length", {Col(0, kString)});
  EXPECT_EQ(expr->type, kInt);
  // length('Spark SQL ') = 10.
  EXPECT_EQ(
      EvaluateToStrings(expr, {StringColumn({"Spark SQL ", "héllo", "日本語", "", std::nullopt})}),
      (Strings{"10", "5", "3", "0", "NULL"}));
  // Binary length counts bytes.
  ColumnVectorPtr binary = MakeColumn(DataType(TypeId::kBinary), {Value::Binary("héllo")});
  EXPECT_EQ(EvaluateToStrings(Call("length", {Col(0, DataType(TypeId::kBinary))}), {binary}),
            (Strings{"6"}));
}

TEST(StringFunctionsTest, SubstringFollowsSparkPositions) {
  auto substring = [](const std::string& text, int pos, std::optional<int> len = std::nullopt) {
    std::vector<ExprPtr> args = {Lit(Value::String(text)), Lit(Value::Int(pos))};
    if (len) args.push_back(Lit(Value::Int(*len)));
    return Render(EvaluateScalar(Call("substring", std::move(args))))[0];
  };
  // Spark's documented examples.
  EXPECT_EQ(substring("Spark SQL", 5), "k SQL");
  EXPECT_EQ(substring("Spark SQL", -3), "SQL");
  EXPECT_EQ(substring("Spark SQL", 5, 1), "k");
  // Position 0 acts as 1; negative positions count from the end before the length is applied.
  EXPECT_EQ(substring("Spark SQL", 0, 3), "Spa");
  EXPECT_EQ(substring("Spark SQL", 1, 3), "Spa");
  EXPECT_EQ(substring("Spark SQL", -10, 3), "Sp");
  EXPECT_EQ(substring("Spark SQL", -20, 3), "");
  EXPECT_EQ(substring("Spark SQL", 100), "");
  EXPECT_EQ(substring("Spark SQL", 3, -1), "");
  EXPECT_EQ(substring("Spark SQL", 3, 0), "");
  EXPECT_EQ(substring("Spark SQL", 8, 100), "QL");
  // Positions count characters.
  EXPECT_EQ(substring("héllo", 2, 3), "éll");
  EXPECT_EQ(substring("日本語", -2), "本語");
}

TEST(StringFunctionsTest, SubstringOverColumnsWithNulls) {
  ExprPtr expr = Call("substring", {Col(0, kString), Col(1, kInt), Col(2, kInt)});
  EXPECT_EQ(expr->type, kString);
  EXPECT_EQ(EvaluateToStrings(
                expr, {StringColumn({"abcdef", std::nullopt, "abcdef", "abcdef"}),
                       IntColumn({2, 1, std::nullopt, -2}), IntColumn({3, 1, 1, std::nullopt})}),
            (Strings{"bcd", "NULL", "NULL", "NULL"}));
}

TEST(StringFunctionsTest, ConcatIsNullIfAnyArgumentIsNull) {
  // concat('Spark', 'SQL') = 'SparkSQL'.
  EXPECT_EQ(EvaluateToStrings(Call("concat", {Col(0, kString), Lit(Value::String("SQL"))}),
                              {StringColumn({"Spark", std::nullopt, ""})}),
            (Strings{"SparkSQL", "NULL", "SQL"}));
  EXPECT_EQ(EvaluateToStrings(Call("concat", {Col(0, kString), Col(1, kString), Col(2, kString)}),
                              {StringColumn({"a", "a"}), StringColumn({"b", std::nullopt}),
                               StringColumn({"c", "c"})}),
            (Strings{"abc", "NULL"}));
  // Non-string arguments are cast to string.
  EXPECT_EQ(Render(EvaluateScalar(Call(
                "concat", {Lit(Value::String("a")), Lit(Value::Int(1)), Lit(Value::Double(2.5))}))),
            (Strings{"a12.5"}));
}

TEST(StringFunctionsTest, ConcatWsSkipsNulls) {
  // concat_ws(' ', 'Spark', 'SQL') = 'Spark SQL'.
  EXPECT_EQ(
      Render(EvaluateScalar(Call("concat_ws", {Lit(Value::String(" ")), Lit(Value::String("Spark")),
                                               Lit(Value::String("SQL"))}))),
      (Strings{"Spark SQL"}));
  EXPECT_EQ(EvaluateToStrings(
                Call("concat_ws",
                     {Lit(Value::String("-")), Col(0, kString), Col(1, kString), Col(2, kString)}),
                {StringColumn({"a", std::nullopt}), StringColumn({std::nullopt, std::nullopt}),
                 StringColumn({"b", std::nullopt})}),
            (Strings{"a-b", ""}));
  EXPECT_EQ(Render(EvaluateScalar(
                Call("concat_ws", {Lit(Value::Null(kString)), Lit(Value::String("a"))}))),
            (Strings{"NULL"}));
}

TEST(StringFunctionsTest, TrimRemovesSpacesOnly) {
  // trim('    SparkSQL   ') = 'SparkSQL'.
  EXPECT_EQ(ApplyToStrings("trim", {"    SparkSQL   ", "\tA\t", "   ", std::nullopt}),
            (Strings{"SparkSQL", "\tA\t", "", "NULL"}));
  EXPECT_EQ(ApplyToStrings("ltrim", {"    SparkSQL   "}), (Strings{"SparkSQL   "}));
  EXPECT_EQ(ApplyToStrings("rtrim", {"    SparkSQL   "}), (Strings{"    SparkSQL"}));
}

TEST(StringFunctionsTest, ReverseKeepsCharactersWhole) {
  // reverse('Spark SQL') = 'LQS krapS'.
  EXPECT_EQ(ApplyToStrings("reverse", {"Spark SQL", "héllo", "", std::nullopt}),
            (Strings{"LQS krapS", "olléh", "", "NULL"}));
}

TEST(StringFunctionsTest, LikeMatchesWildcardsAndEscapes) {
  auto like = [](const std::string& text, const std::string& pattern) {
    return Render(
        EvaluateScalar(Call("like", {Lit(Value::String(text)), Lit(Value::String(pattern))})))[0];
  };
  EXPECT_EQ(like("Spark", "_park"), "true");
  EXPECT_EQ(like("Spark", "Sp%"), "true");
  EXPECT_EQ(like("Spark", "%ar%"), "true");
  EXPECT_EQ(like("Spark", "spark"), "false");  // case-sensitive
  EXPECT_EQ(like("Spark", "Spar"), "false");
  EXPECT_EQ(like("Spark", "Spark_"), "false");
  EXPECT_EQ(like("", "%"), "true");
  EXPECT_EQ(like("", "_"), "false");
  EXPECT_EQ(like("abc", "a%c%"), "true");
  EXPECT_EQ(like("aaa", "%a%a%a%a"), "false");
  EXPECT_EQ(like("mississippi", "m%iss%ppi"), "true");
  EXPECT_EQ(like("héllo", "h_llo"), "true");
  // '\' escapes the wildcard that follows it.
  EXPECT_EQ(like("100%", "100\\%"), "true");
  EXPECT_EQ(like("1000", "100\\%"), "false");
  EXPECT_EQ(like("a_b", "a\\_b"), "true");
  EXPECT_EQ(like("axb", "a\\_b"), "false");
  // Spark's documented example: '%SystemDrive%\Users\John' like '\%SystemDrive\%\\Users%'.
  EXPECT_EQ(like("%SystemDrive%\\Users\\John", "\\%SystemDrive\\%\\\\Users%"), "true");
  EXPECT_EQ(StringPredicate("like", {"abc", std::nullopt, "abc"}, {"a%", "a%", std::nullopt}),
            (Strings{"true", "NULL", "NULL"}));
}

TEST(StringFunctionsTest, StartsWithEndsWithContains) {
  Strings left_is =
      StringPredicate("startswith", {"Spark SQL", "Spark SQL", "Spark", "", std::nullopt},
                      {"Spark", "SQL", "", "a", "a"});
  EXPECT_EQ(left_is, (Strings{"true", "false", "true", "false", "NULL"}));
  EXPECT_EQ(StringPredicate("endswith", {"Spark SQL", "Spark SQL", "L"}, {"SQL", "Spark", "SQL"}),
            (Strings{"true", "false", "false"}));
  EXPECT_EQ(StringPredicate("contains", {"Spark SQL", "Spark SQL", "abc", std::nullopt},
                            {"k S", "ks", "", "a"}),
            (Strings{"true", "false", "true", "NULL"}));
}

// ---------------------------------------------------------------------------------------------
// Dates: 2024-02-29 (Thursday), 2024-03-03 (Sunday), 2024-03-09 (Saturday), 1969-12-31
// (Wednesday) as days since the epoch.

constexpr int32_t kLeapDay2024 = 19782;
constexpr int32_t kSunday = 19785;
constexpr int32_t kSaturday = 19791;
constexpr int32_t kNewYearsEve1969 = -1;

ColumnVectorPtr SampleDates() {
  return DateColumn({kLeapDay2024, kSunday, kSaturday, kNewYearsEve1969, std::nullopt});
}

Strings DateField(const char* name) {
  ExprPtr expr = Call(name, {Col(0, kDate)});
  EXPECT_EQ(expr->type, kInt) << name;
  return EvaluateToStrings(expr, {SampleDates()});
}

TEST(DateFunctionsTest, ExtractsFields) {
  EXPECT_EQ(DateField("year"), (Strings{"2024", "2024", "2024", "1969", "NULL"}));
  EXPECT_EQ(DateField("month"), (Strings{"2", "3", "3", "12", "NULL"}));
  EXPECT_EQ(DateField("dayofmonth"), (Strings{"29", "3", "9", "31", "NULL"}));
  // 1 = Sunday ... 7 = Saturday.
  EXPECT_EQ(DateField("dayofweek"), (Strings{"5", "1", "7", "4", "NULL"}));
  EXPECT_EQ(DateField("quarter"), (Strings{"1", "1", "1", "4", "NULL"}));
  EXPECT_EQ(DateField("dayofyear"), (Strings{"60", "63", "69", "365", "NULL"}));
}

TEST(DateFunctionsTest, FieldsOfStringsAndTimestamps) {
  // year('2016-07-30') = 2016; month('2016-07-30') = 7.
  EXPECT_EQ(Render(EvaluateScalar(Call("year", {Lit(Value::String("2016-07-30"))}))),
            (Strings{"2016"}));
  EXPECT_EQ(Render(EvaluateScalar(Call("month", {Lit(Value::String("2016-07-30"))}))),
            (Strings{"7"}));
  // 2024-12-31 23:59:59.5 and one microsecond before the epoch.
  int64_t late = (int64_t{20088} * 86400 + 86399) * 1'000'000 + 500'000;
  ColumnVectorPtr timestamps = MakeColumn(
      kTimestamp, {Value::Timestamp(late), Value::Timestamp(-1), Value::Null(kTimestamp)});
  EXPECT_EQ(EvaluateToStrings(Call("year", {Col(0, kTimestamp)}), {timestamps}),
            (Strings{"2024", "1969", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("dayofyear", {Col(0, kTimestamp)}), {timestamps}),
            (Strings{"366", "365", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("hour", {Col(0, kTimestamp)}), {timestamps}),
            (Strings{"23", "23", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("minute", {Col(0, kTimestamp)}), {timestamps}),
            (Strings{"59", "59", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(Call("second", {Col(0, kTimestamp)}), {timestamps}),
            (Strings{"59", "59", "NULL"}));
  // hour('2009-07-30 12:58:59') = 12.
  EXPECT_EQ(Render(EvaluateScalar(Call("hour", {Lit(Value::String("2009-07-30 12:58:59"))}))),
            (Strings{"12"}));
}

TEST(DateFunctionsTest, DateAddAndSub) {
  ExprPtr add = Call("date_add", {Col(0, kDate), Lit(Value::Int(1))});
  EXPECT_EQ(add->type, kDate);
  EXPECT_EQ(EvaluateToStrings(add, {SampleDates()}),
            (Strings{"2024-03-01", "2024-03-04", "2024-03-10", "1970-01-01", "NULL"}));
  EXPECT_EQ(EvaluateToStrings(
                Call("date_add", {Col(0, kDate), Col(1, kInt)}),
                {DateColumn({19416, kLeapDay2024 + 1, 0}), IntColumn({1, -1, std::nullopt})}),
            (Strings{"2023-03-01", "2024-02-29", "NULL"}));
  // date_add('2016-07-30', 1) = 2016-07-31; date_sub('2016-07-30', 1) = 2016-07-29.
  EXPECT_EQ(Render(EvaluateScalar(
                Call("date_add", {Lit(Value::String("2016-07-30")), Lit(Value::Int(1))}))),
            (Strings{"2016-07-31"}));
  EXPECT_EQ(Render(EvaluateScalar(
                Call("date_sub", {Lit(Value::String("2016-07-30")), Lit(Value::Int(1))}))),
            (Strings{"2016-07-29"}));
  EXPECT_EQ(
      EvaluateToStrings(Call("date_sub", {Col(0, kDate), Lit(Value::Int(366))}), {SampleDates()}),
      (Strings{"2023-02-28", "2023-03-03", "2023-03-09", "1968-12-30", "NULL"}));
}

TEST(DateFunctionsTest, DateDiff) {
  // datediff('2009-07-31', '2009-07-30') = 1; datediff('2009-07-30', '2009-07-31') = -1.
  auto datediff = [](const char* end, const char* start) {
    return Render(
        EvaluateScalar(Call("datediff", {Lit(Value::String(end)), Lit(Value::String(start))})))[0];
  };
  EXPECT_EQ(datediff("2009-07-31", "2009-07-30"), "1");
  EXPECT_EQ(datediff("2009-07-30", "2009-07-31"), "-1");
  EXPECT_EQ(datediff("2024-03-01", "2023-03-01"), "366");
  ExprPtr expr = Call("datediff", {Col(0, kDate), Col(1, kDate)});
  EXPECT_EQ(expr->type, kInt);
  EXPECT_EQ(EvaluateToStrings(expr, {DateColumn({kSunday, 0, std::nullopt}),
                                     DateColumn({kLeapDay2024, kNewYearsEve1969, 0})}),
            (Strings{"3", "1", "NULL"}));
}

}  // namespace
}  // namespace ember

// Unit tests of JsonRecordParser: the JSON grammar of Spark's Jackson parser (strict RFC 8259,
// NaN/Infinity tokens, single quotes, numbers kept as written, trailing content ignored), and a
// differential check against simdjson on many mutated documents.

#include "ember/formats/json/json_record_parser.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <random>
#include <string>
#include <vector>

#include "ember/common/error.h"
#include "ember/formats/line_split.h"

namespace ember {
namespace {

/// Returns "key=type:text" for each member of each object of a parsed record.
std::vector<std::string> Describe(const JsonRecordParser& parser) {
  static const char* kTypes[] = {"null",  "true",   "false",  "string", "integer",
                                 "float", "nonnum", "object", "array"};
  std::vector<std::string> out;
  for (size_t o = 0; o < parser.num_objects(); ++o) {
    for (const JsonMember& member : parser.object(o)) {
      out.push_back(StrCat(member.key, "=", kTypes[static_cast<int>(member.value.type)], ":",
                           member.value.text));
    }
    out.push_back("|");
  }
  return out;
}

using Strings = std::vector<std::string>;

Strings Parse(std::string_view record, JsonGrammar grammar = {}) {
  JsonRecordParser parser(grammar);
  EXPECT_TRUE(parser.Parse(record)) << record << ": " << parser.error();
  return Describe(parser);
}

std::string Error(std::string_view record, JsonGrammar grammar = {}) {
  JsonRecordParser parser(grammar);
  EXPECT_FALSE(parser.Parse(record)) << record;
  return parser.error();
}

TEST(JsonRecordParserTest, ReadsObjectsAndArraysOfObjects) {
  EXPECT_EQ(Parse(R"({"a":1,"b":"x","c":null,"d":true,"e":false,"f":-2.5e3})"),
            (Strings{"a=integer:1", "b=string:x", "c=null:null", "d=true:true", "e=false:false",
                     "f=float:-2.5e3", "|"}));
  EXPECT_EQ(Parse(" [ {\"a\": 1} , {} , {\"b\": 2}\n]\n"),
            (Strings{"a=integer:1", "|", "|", "b=integer:2", "|"}));
  EXPECT_EQ(Parse("[]"), Strings{});
  EXPECT_EQ(Parse(" \n\t "), Strings{});  // white space only: no row
}

TEST(JsonRecordParserTest, KeepsNumbersAndNestedValuesAsWritten) {
  // Integers of any size and every digit of a decimal survive; nested values keep their text.
  EXPECT_EQ(Parse(R"({"big":123456789012345678901234567890,"neg":-0,"dec":1.50,"e":1E+2})"),
            (Strings{"big=integer:123456789012345678901234567890", "neg=integer:-0",
                     "dec=float:1.50", "e=float:1E+2", "|"}));
  EXPECT_EQ(Parse(R"({"o": {"k" : [1, "]", {"x":NaN}]} , "a":[ ]})"),
            (Strings{R"(o=object:{"k" : [1, "]", {"x":NaN}]})", "a=array:[ ]", "|"}));
}

TEST(JsonRecordParserTest, DecodesStrings) {
  EXPECT_EQ(Parse(R"({"s":"a\"b\\c\/d\b\f\n\r\t"})"),
            (Strings{"s=string:a\"b\\c/d\b\f\n\r\t", "|"}));
  EXPECT_EQ(Parse(R"({"s":"\u00e9\u20AC\ud83d\ude00 \u0041"})"),
            (Strings{"s=string:\u00e9\u20ac\U0001F600 A", "|"}));
  // A lone surrogate becomes '?', as Java writes it in UTF-8.
  EXPECT_EQ(Parse(R"({"s":"x\ud800y\udc00"})"), (Strings{"s=string:x?y?", "|"}));
  EXPECT_EQ(Parse(R"({"k\u0041":"v"})"), (Strings{"kA=string:v", "|"}));
  EXPECT_EQ(Parse("{\"s\":\"h\xc3\xa9\"}"), (Strings{"s=string:h\xc3\xa9", "|"}));
}

TEST(JsonRecordParserTest, ReadsNonNumericNumbersWhenAllowed) {
  EXPECT_EQ(Parse(R"({"a":NaN,"b":Infinity,"c":-Infinity,"d":+Infinity,"e":+INF,"f":-INF})"),
            (Strings{"a=nonnum:NaN", "b=nonnum:Infinity", "c=nonnum:-Infinity",
                     "d=nonnum:+Infinity", "e=nonnum:+INF", "f=nonnum:-INF", "|"}));
  EXPECT_EQ(Parse(R"({"a":[NaN,-INF]})"), (Strings{"a=array:[NaN,-INF]", "|"}));
  // Case-sensitive, whole words, and bare INF is not one of Jackson's tokens.
  EXPECT_NE(Error(R"({"a":nan})").find("unrecognized token 'nan'"), std::string::npos);
  EXPECT_NE(Error(R"({"a":INF})").find("unrecognized token 'INF'"), std::string::npos);
  Error(R"({"a":NaNa})");
  Error(R"({"a":-Inf})");
  Error(R"({"a":+1})");
  JsonGrammar strict;
  strict.allow_non_numeric_numbers = false;
  EXPECT_NE(Error(R"({"a":NaN})", strict).find("allowNonNumericNumbers is false"),
            std::string::npos);
  EXPECT_NE(Error(R"({"a":[1,-Infinity]})", strict).find("'-Infinity'"), std::string::npos);
}

TEST(JsonRecordParserTest, ReadsSingleQuotesWhenAllowed) {
  EXPECT_EQ(Parse(R"({'a':'it\'s "x"',"b":"\'"})"),
            (Strings{"a=string:it's \"x\"", "b=string:'", "|"}));
  JsonGrammar strict;
  strict.allow_single_quotes = false;
  Error(R"({'a':1})", strict);
  Error(R"({"a":'x'})", strict);
  Error(R"({"a":"\'"})", strict);
}

TEST(JsonRecordParserTest, IgnoresWhatFollowsTheRecordsValue) {
  // As Spark (Jackson reads one value per record).
  JsonRecordParser parser;
  ASSERT_TRUE(parser.Parse(R"({"a":1} {"a":2} xyz)"));
  EXPECT_EQ(Describe(parser), (Strings{"a=integer:1", "|"}));
  EXPECT_EQ(parser.value_end(), 7u);
  EXPECT_TRUE(parser.Parse(R"([{"a":1}]])"));
}

TEST(JsonRecordParserTest, RejectsWhatJacksonRejects) {
  for (std::string_view bad : {R"({"a":01})",   R"({"a":-})",        R"({"a":1.})",
                               R"({"a":.5})",   R"({"a":1e})",       R"({"a":1,})",
                               R"({"a" 1})",    R"({"a":1 "b":2})",  R"({a:1})",
                               R"({"a":})",     R"({"a":[1,]})",     R"({"a":[1 2]})",
                               R"({"a":tru})",  R"({"a":nulll})",    R"({"a":"x)",
                               R"({"a":"\x"})", R"({"a":"\u12g4"})", "{\"a\":\"tab\there\"}",
                               R"({"a":1)",     R"({"a":{"b":1})",   R"({"a":[}])",
                               R"({,})",        R"({"a"::1})"}) {
    JsonRecordParser parser;
    EXPECT_FALSE(parser.Parse(bad)) << bad;
    EXPECT_EQ(parser.num_objects(), 0u) << bad;
    EXPECT_EQ(parser.error().rfind("invalid JSON at byte ", 0), 0u) << parser.error();
  }
  EXPECT_EQ(Error(R"({"a":1,})"),
            "invalid JSON at byte 7 of the record: expected a field name in "
            "double quotes, found '}'");
  EXPECT_EQ(Error("{\"a\":\"x\ny\"}"),
            "invalid JSON at byte 7 of the record: unescaped control character 0x0a in a string");
  std::string deep(1001, '[');
  EXPECT_NE(Error("{\"a\":" + deep).find("nested deeper than 1000 levels"), std::string::npos);
  std::string ok_depth = std::string(998, '[') + std::string(998, ']');
  EXPECT_EQ(Parse("{\"a\":" + ok_depth + "}").size(), 2u);
}

TEST(JsonRecordParserTest, RecordsThatAreNotObjects) {
  EXPECT_EQ(Error("5"), "the record is not a JSON object");
  EXPECT_EQ(Error("\"x\""), "the record is not a JSON object");
  EXPECT_EQ(Error("null"), "the record is not a JSON object");
  EXPECT_NE(Error("[1,"), "the record is not a JSON object");
  // An array element that is not an object: the objects before it are kept.
  JsonRecordParser parser;
  EXPECT_FALSE(parser.Parse(R"([{"a":1},2,{"a":3}])"));
  EXPECT_EQ(parser.error(), "an array element is not a JSON object");
  EXPECT_EQ(Describe(parser), (Strings{"a=integer:1", "|"}));
  // A syntax error anywhere: no objects.
  EXPECT_FALSE(parser.Parse(R"([{"a":1},2,{"a":)"));
  EXPECT_EQ(parser.num_objects(), 0u);
}

/// Returns `text` with every run of digits cut to its first two digits, which keeps the number
/// grammar (a leading zero stays) but brings every number within the range simdjson reads.
std::string CollapseDigits(std::string_view text) {
  std::string out;
  size_t run = 0;
  for (char c : text) {
    run = c >= '0' && c <= '9' ? run + 1 : 0;
    if (run <= 2) out += c;
  }
  return out;
}

/// Returns whether simdjson's DOM parser accepts `text` as a JSON document.
bool SimdjsonAccepts(simdjson::dom::parser& parser, std::string_view text) {
  simdjson::dom::element element;
  return !parser.parse(text.data(), text.size(), true).get(element);
}

TEST(JsonRecordParserTest, AgreesWithSimdjsonOnStandardJson) {
  // Mutates valid documents byte by byte; with the Jackson extensions off, JsonRecordParser must
  // accept a document iff simdjson accepts the part before what it ignores (the rest of the
  // text after the first value), and must accept all of what simdjson accepts.
  const std::vector<std::string> seeds = {
      R"({"a":1,"b":[true,false,null],"c":{"d":"e\"\\\/\u00e9"},"f":-1.5e-3,"g":""})",
      R"([{"x":0},{"y":[{},[],"z"]},{"w":12345678901234567890}])",
      R"({"s":"\ud83d\ude00","n":-0.0,"m":1E+5,"k":[[[[1]]]]})"};
  const std::string alphabet = "{}[]\",:\\/ -+.0123456789eEtrufalsn\xc3\xa9xu'INa\t\n";
  std::mt19937 random(20240102);
  JsonGrammar standard;
  standard.allow_non_numeric_numbers = false;
  standard.allow_single_quotes = false;
  JsonRecordParser parser(standard);
  simdjson::dom::parser reference;
  int accepted = 0, rejected = 0;
  for (int round = 0; round < 30000; ++round) {
    std::string text = seeds[round % seeds.size()];
    int edits = 1 + static_cast<int>(random() % 3);
    for (int e = 0; e < edits; ++e) {
      size_t at = random() % (text.size() + 1);
      char c = alphabet[random() % alphabet.size()];
      switch (random() % 3) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        default:
          if (at < text.size()) text[at] = c;
      }
    }
    // Known differences: Jackson (and Ember) read lone surrogates, which simdjson rejects; the
    // reader repairs invalid UTF-8 before parsing, which simdjson rejects.
    size_t bad_byte;
    if (text.find("\\ud") != std::string::npos || text.find("\\uD") != std::string::npos ||
        !IsValidUtf8(text, &bad_byte)) {
      continue;
    }
    bool ours = parser.Parse(text);
    bool is_object_record = ours || parser.error().rfind("invalid JSON", 0) != 0;
    std::string_view value = std::string_view(text).substr(0, parser.value_end());
    bool theirs_whole = SimdjsonAccepts(reference, text);
    if (theirs_whole) {
      EXPECT_TRUE(is_object_record) << text << "\n" << parser.error();
    }
    if (ours) {
      // simdjson rejects integers beyond 64 bits and doubles beyond their range, which Jackson
      // reads: those documents are compared with their digits cut short.
      EXPECT_TRUE(SimdjsonAccepts(reference, value) ||
                  SimdjsonAccepts(reference, CollapseDigits(value)) ||
                  value.find_first_not_of(" \t\n\r") == std::string_view::npos)
          << text;
    }
    (ours ? accepted : rejected)++;
  }
  // Both outcomes are exercised.
  EXPECT_GT(accepted, 1000);
  EXPECT_GT(rejected, 1000);
}

}  // namespace
}  // namespace ember

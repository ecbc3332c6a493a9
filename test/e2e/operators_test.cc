// End-to-end tests of the relational operators: joins (broadcast and shuffled), sorting,
// limits, set operations, repartitioning, sampling, aggregation and caching. Every result is
// compared with a plain C++ computation (nested loops, maps, sorts) over the same input rows.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "test_session.h"

namespace ember {
namespace {

using testing::NewSession;

const std::map<std::string, std::string> kShuffledJoins = {{conf::kBroadcastThreshold, "-1"}};

// ---------------------------------------------------------------------------------------------
// Input data and reference helpers.

/// One input row of the generated tables: "k bigint, v double, s string", each possibly null.
struct Record {
  std::optional<int64_t> k;
  std::optional<double> v;
  std::optional<std::string> s;
};

/// Returns a deterministic pseudo-random sequence (splitmix64).
class Generator {
 public:
  explicit Generator(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  /// Returns a value in [0, n).
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }

 private:
  uint64_t state_;
};

/// Generates `n` records with keys in [key_offset, key_offset + key_range), some null keys,
/// values and strings, plus a few exact duplicates of earlier rows.
std::vector<Record> MakeRecords(int n, uint64_t seed, int64_t key_range, int64_t key_offset) {
  static const char* kStrings[] = {"apple", "banana", "", "cherry", "apple pie", "Zed", "b"};
  Generator random(seed);
  std::vector<Record> records;
  for (int i = 0; i < n; ++i) {
    if (i > 5 && random.Below(10) == 0) {
      records.push_back(records[random.Below(static_cast<int64_t>(records.size()))]);
      continue;
    }
    Record r;
    if (random.Below(8) != 0) r.k = key_offset + random.Below(key_range);
    if (random.Below(10) != 0) r.v = static_cast<double>(random.Below(41)) * 0.5 - 5.0;
    if (random.Below(10) != 0) r.s = kStrings[random.Below(7)];
    records.push_back(r);
  }
  return records;
}

Value LongOrNull(const std::optional<int64_t>& x) {
  return x ? Value::Long(*x) : Value();
}
Value DoubleOrNull(const std::optional<double>& x) {
  return x ? Value::Double(*x) : Value();
}
Value StringOrNull(const std::optional<std::string>& x) {
  return x ? Value::String(*x) : Value();
}

std::vector<Value> Values(const Record& r) {
  return {LongOrNull(r.k), DoubleOrNull(r.v), StringOrNull(r.s)};
}

DataFrame ToDataFrame(const Session& spark, const std::vector<Record>& records,
                      const std::string& ddl = "k bigint, v double, s string") {
  std::vector<Row> rows;
  for (const Record& r : records)
    rows.push_back(Row::of(LongOrNull(r.k), DoubleOrNull(r.v), StringOrNull(r.s)));
  return spark.createDataFrame(rows, ddl);
}

/// Renders a value so that equal values of the same kind (integral, floating, string) compare
/// equal whatever their exact engine type, and null differs from every value.
std::string Canonical(const Value& value) {
  if (value.is_null()) return "null";
  const DataType& type = value.type();
  if (type.id() == TypeId::kBoolean) return value.Get<bool>() ? "true" : "false";
  if (type.IsIntegral()) return "i" + std::to_string(value.AsInt64());
  if (type.IsFloating()) {
    char text[64];
    std::snprintf(text, sizeof(text), "d%.17g", value.AsDouble());
    return text;
  }
  if (type.IsStringLike()) return "s'" + value.AsString() + "'";
  return value.ToString();
}

std::string Canonical(const std::vector<Value>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? "," : "") + Canonical(values[i]);
  return out + "]";
}

/// Returns the rows as a sorted list, so that two results compare as multisets.
std::vector<std::string> Multiset(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const Row& row : rows) out.push_back(Canonical(row.values()));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> Multiset(const std::vector<std::vector<Value>>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) out.push_back(Canonical(row));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::vector<Value>> AllValues(const std::vector<Record>& records) {
  std::vector<std::vector<Value>> out;
  for (const Record& r : records) out.push_back(Values(r));
  return out;
}

std::vector<Value> Concat(std::vector<Value> a, const std::vector<Value>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

int CountOccurrences(const std::string& text, const std::string& part) {
  int n = 0;
  for (size_t at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

/// Compares two nullable keys as Spark sorts: nulls first when `nulls_first`.
template <typename T>
int CompareNullable(const std::optional<T>& a, const std::optional<T>& b, bool ascending,
                    bool nulls_first) {
  if (!a || !b) {
    if (!a && !b) return 0;
    return (!a) == nulls_first ? -1 : 1;
  }
  if (*a == *b) return 0;
  bool less = *a < *b;
  return (less == ascending) ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Joins.

/// The left input ("k, v, s") and the right input ("k, w, t") of the join tests; keys overlap
/// partly, both sides have null and duplicate keys.
struct JoinInputs {
  std::vector<Record> left = MakeRecords(60, 1, 10, 0);
  std::vector<Record> right = MakeRecords(45, 2, 10, 5);
};

DataFrame RightFrame(const Session& spark, const std::vector<Record>& records) {
  return ToDataFrame(spark, records, "k bigint, w double, t string");
}

enum class Predicate { kEqui, kEquiWithResidual, kStringKey, kNonEqui };

bool Matches(const Record& l, const Record& r, Predicate predicate) {
  switch (predicate) {
    case Predicate::kEqui:
      return l.k && r.k && *l.k == *r.k;
    case Predicate::kEquiWithResidual:
      return l.k && r.k && *l.k == *r.k && l.v && r.v && *l.v < *r.v;
    case Predicate::kStringKey:
      return l.s && r.s && *l.s == *r.s;
    case Predicate::kNonEqui:
      return l.k && r.k && *l.k + 3 < *r.k;
  }
  return false;
}

Column Condition(const DataFrame& l, const DataFrame& r, Predicate predicate) {
  switch (predicate) {
    case Predicate::kEqui:
      return l["k"] == r["k"];
    case Predicate::kEquiWithResidual:
      return l["k"] == r["k"] && l["v"] < r["w"];
    case Predicate::kStringKey:
      return l["s"] == r["t"];
    case Predicate::kNonEqui:
      return l["k"] + 3 < r["k"];
  }
  return lit(true);
}

/// Computes a join of `left` and `right` by nested loops, Spark's semantics for each type.
std::vector<std::vector<Value>> NestedLoopJoin(const std::vector<Record>& left,
                                               const std::vector<Record>& right,
                                               const std::string& how, Predicate predicate) {
  const std::vector<Value> left_nulls(3), right_nulls(3);
  std::vector<std::vector<Value>> out;
  std::vector<bool> right_matched(right.size(), false);
  for (const Record& l : left) {
    bool matched = false;
    for (size_t j = 0; j < right.size(); ++j) {
      bool match = how == "cross" || Matches(l, right[j], predicate);
      if (!match) continue;
      matched = true;
      right_matched[j] = true;
      if (how != "left_semi" && how != "left_anti")
        out.push_back(Concat(Values(l), Values(right[j])));
    }
    if (how == "left_semi" && matched) out.push_back(Values(l));
    if (how == "left_anti" && !matched) out.push_back(Values(l));
    if ((how == "left" || how == "full") && !matched) out.push_back(Concat(Values(l), right_nulls));
  }
  if (how == "right" || how == "full") {
    for (size_t j = 0; j < right.size(); ++j) {
      if (!right_matched[j]) out.push_back(Concat(left_nulls, Values(right[j])));
    }
  }
  return out;
}

const std::vector<std::string> kJoinTypes = {"inner", "left",      "right",
                                             "full",  "left_semi", "left_anti"};

void CheckJoins(const std::map<std::string, std::string>& settings, Predicate predicate) {
  Session spark = NewSession(settings);
  JoinInputs inputs;
  DataFrame l = ToDataFrame(spark, inputs.left);
  DataFrame r = RightFrame(spark, inputs.right);
  for (const std::string& how : kJoinTypes) {
    SCOPED_TRACE("join type " + how);
    DataFrame joined = l.join(r, Condition(l, r, predicate), how);
    std::vector<Row> rows = joined.collect();
    auto expected = NestedLoopJoin(inputs.left, inputs.right, how, predicate);
    EXPECT_EQ(Multiset(rows), Multiset(expected));
    size_t width = how == "left_semi" || how == "left_anti" ? 3 : 6;
    EXPECT_EQ(joined.columns().size(), width);
    EXPECT_EQ(joined.count(), static_cast<int64_t>(expected.size()));
  }
}

TEST(Join, BroadcastEquiJoinsMatchNestedLoops) {
  CheckJoins({}, Predicate::kEqui);
}
TEST(Join, ShuffledEquiJoinsMatchNestedLoops) {
  CheckJoins(kShuffledJoins, Predicate::kEqui);
}
TEST(Join, BroadcastJoinsWithResidualMatchNestedLoops) {
  CheckJoins({}, Predicate::kEquiWithResidual);
}
TEST(Join, ShuffledJoinsWithResidualMatchNestedLoops) {
  CheckJoins(kShuffledJoins, Predicate::kEquiWithResidual);
}
TEST(Join, BroadcastStringKeyJoinsMatchNestedLoops) {
  CheckJoins({}, Predicate::kStringKey);
}
TEST(Join, ShuffledStringKeyJoinsMatchNestedLoops) {
  CheckJoins(kShuffledJoins, Predicate::kStringKey);
}
TEST(Join, BroadcastNonEquiJoinsMatchNestedLoops) {
  CheckJoins({}, Predicate::kNonEqui);
}
TEST(Join, NonEquiJoinsWithoutBroadcastThresholdMatchNestedLoops) {
  CheckJoins(kShuffledJoins, Predicate::kNonEqui);
}

TEST(Join, PlansUseTheExpectedJoinOperator) {
  JoinInputs inputs;
  {
    Session spark = NewSession();
    DataFrame l = ToDataFrame(spark, inputs.left);
    DataFrame r = RightFrame(spark, inputs.right);
    for (std::string how : {"inner", "left", "left_semi", "left_anti"}) {
      EXPECT_NE(l.join(r, l["k"] == r["k"], how).explainString().find("BroadcastHashJoin"),
                std::string::npos)
          << how;
    }
    // A full outer join cannot broadcast either side.
    EXPECT_NE(l.join(r, l["k"] == r["k"], "full").explainString().find("ShuffledHashJoin"),
              std::string::npos);
  }
  {
    Session spark = NewSession(kShuffledJoins);
    DataFrame l = ToDataFrame(spark, inputs.left);
    DataFrame r = RightFrame(spark, inputs.right);
    for (const std::string& how : kJoinTypes) {
      std::string plan = l.join(r, l["k"] == r["k"], how).explainString();
      EXPECT_NE(plan.find("ShuffledHashJoin"), std::string::npos) << how;
      EXPECT_EQ(plan.find("Broadcast"), std::string::npos) << how;
    }
  }
}

TEST(Join, CrossJoinPairsEveryRow) {
  for (const auto& settings : {std::map<std::string, std::string>{}, kShuffledJoins}) {
    Session spark = NewSession(settings);
    JoinInputs inputs;
    DataFrame l = ToDataFrame(spark, inputs.left);
    DataFrame r = RightFrame(spark, inputs.right);
    auto expected = NestedLoopJoin(inputs.left, inputs.right, "cross", Predicate::kEqui);
    EXPECT_EQ(expected.size(), inputs.left.size() * inputs.right.size());
    EXPECT_EQ(Multiset(l.crossJoin(r).collect()), Multiset(expected));
    EXPECT_EQ(l.crossJoin(r).count(), static_cast<int64_t>(expected.size()));
  }
}

TEST(Join, EmptySide) {
  for (const auto& settings : {std::map<std::string, std::string>{}, kShuffledJoins}) {
    Session spark = NewSession(settings);
    JoinInputs inputs;
    DataFrame l = ToDataFrame(spark, inputs.left);
    DataFrame r = RightFrame(spark, {});
    for (const std::string& how : kJoinTypes) {
      SCOPED_TRACE(how);
      EXPECT_EQ(Multiset(l.join(r, l["k"] == r["k"], how).collect()),
                Multiset(NestedLoopJoin(inputs.left, {}, how, Predicate::kEqui)));
      EXPECT_EQ(Multiset(r.join(l, r["k"] == l["k"], how).collect()).size(),
                how == "right" || how == "full" ? inputs.left.size() : 0u);
    }
    EXPECT_EQ(l.crossJoin(r).count(), 0);
  }
}

TEST(Join, NullKeysNeverMatch) {
  for (const auto& settings : {std::map<std::string, std::string>{}, kShuffledJoins}) {
    Session spark = NewSession(settings);
    std::vector<Record> left = {{std::nullopt, 1.0, "a"}, {std::nullopt, 2.0, "b"}, {1, 3.0, "c"}};
    std::vector<Record> right = {{std::nullopt, 4.0, "d"}, {2, 5.0, "e"}};
    DataFrame l = ToDataFrame(spark, left);
    DataFrame r = RightFrame(spark, right);
    EXPECT_EQ(l.join(r, l["k"] == r["k"]).count(), 0);
    EXPECT_EQ(l.join(r, l["k"] == r["k"], "left_semi").count(), 0);
    EXPECT_EQ(l.join(r, l["k"] == r["k"], "left_anti").count(), 3);
    EXPECT_EQ(l.join(r, l["k"] == r["k"], "full").count(), 5);
    EXPECT_EQ(l.join(r, "k", "full").filter(col("k").isNull()).count(), 3);
    // eqNullSafe does match nulls (and so runs as a non-equi join).
    EXPECT_EQ(l.join(r, l["k"].eqNullSafe(r["k"])).count(), 2);
  }
}

TEST(Join, DuplicateKeysMultiply) {
  for (const auto& settings : {std::map<std::string, std::string>{}, kShuffledJoins}) {
    Session spark = NewSession(settings);
    std::vector<Record> left, right;
    for (int i = 0; i < 3; ++i) left.push_back({7, i * 1.0, "l"});
    for (int i = 0; i < 4; ++i) right.push_back({7, i * 1.0, "r"});
    right.push_back({8, 0.0, "x"});
    DataFrame l = ToDataFrame(spark, left);
    DataFrame r = RightFrame(spark, right);
    EXPECT_EQ(l.join(r, l["k"] == r["k"]).count(), 12);
    EXPECT_EQ(l.join(r, l["k"] == r["k"], "right").count(), 13);
    EXPECT_EQ(l.join(r, l["k"] == r["k"], "left_semi").count(), 3);
  }
}

TEST(Join, UsingColumnsAppearOnceAndFullOuterCoalescesKeys) {
  for (const auto& settings : {std::map<std::string, std::string>{}, kShuffledJoins}) {
    Session spark = NewSession(settings);
    JoinInputs inputs;
    DataFrame l = ToDataFrame(spark, inputs.left);
    DataFrame r = RightFrame(spark, inputs.right);
    for (std::string how : {"inner", "left", "right", "full"}) {
      SCOPED_TRACE(how);
      DataFrame joined = l.join(r, std::vector<std::string>{"k"}, how);
      EXPECT_EQ(joined.columns(), (std::vector<std::string>{"k", "v", "s", "w", "t"}));
      std::vector<std::vector<Value>> expected;
      for (const auto& row : NestedLoopJoin(inputs.left, inputs.right, how, Predicate::kEqui)) {
        Value key = how == "right" ? row[3] : how == "full" && row[0].is_null() ? row[3] : row[0];
        expected.push_back({key, row[1], row[2], row[4], row[5]});
      }
      EXPECT_EQ(Multiset(joined.collect()), Multiset(expected));
    }
  }
}

TEST(Join, UsingColumnsWithSeveralKeys) {
  Session spark = NewSession(kShuffledJoins);
  JoinInputs inputs;
  DataFrame l = ToDataFrame(spark, inputs.left);
  DataFrame r = ToDataFrame(spark, inputs.right, "k bigint, w double, s string");
  DataFrame joined = l.join(r, std::vector<std::string>{"k", "s"}, "full");
  EXPECT_EQ(joined.columns(), (std::vector<std::string>{"k", "s", "v", "w"}));
  std::vector<std::vector<Value>> expected;
  std::vector<bool> right_matched(inputs.right.size(), false);
  for (const Record& a : inputs.left) {
    bool matched = false;
    for (size_t j = 0; j < inputs.right.size(); ++j) {
      const Record& b = inputs.right[j];
      if (a.k && b.k && *a.k == *b.k && a.s && b.s && *a.s == *b.s) {
        matched = right_matched[j] = true;
        expected.push_back(
            {LongOrNull(a.k), StringOrNull(a.s), DoubleOrNull(a.v), DoubleOrNull(b.v)});
      }
    }
    if (!matched)
      expected.push_back({LongOrNull(a.k), StringOrNull(a.s), DoubleOrNull(a.v), Value()});
  }
  for (size_t j = 0; j < inputs.right.size(); ++j) {
    const Record& b = inputs.right[j];
    if (!right_matched[j])
      expected.push_back({LongOrNull(b.k), StringOrNull(b.s), Value(), DoubleOrNull(b.v)});
  }
  EXPECT_EQ(Multiset(joined.collect()), Multiset(expected));
}

TEST(Join, SelfJoinDisambiguatesThroughTheDataFrame) {
  for (const auto& settings : {std::map<std::string, std::string>{}, kShuffledJoins}) {
    Session spark = NewSession(settings);
    std::vector<Record> records = MakeRecords(40, 3, 6, 0);
    DataFrame df = ToDataFrame(spark, records);
    DataFrame other = df.filter(col("v") > 0);
    DataFrame joined = df.join(other, df["k"] == other["k"] && df["s"] != other["s"])
                           .select(df["k"], df["s"], other["s"], other["v"]);
    std::vector<std::vector<Value>> expected;
    for (const Record& a : records) {
      for (const Record& b : records) {
        if (!(b.v && *b.v > 0)) continue;
        if (a.k && b.k && *a.k == *b.k && a.s && b.s && *a.s != *b.s) {
          expected.push_back(
              {LongOrNull(a.k), StringOrNull(a.s), StringOrNull(b.s), DoubleOrNull(b.v)});
        }
      }
    }
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(Multiset(joined.collect()), Multiset(expected));
  }
}

TEST(Join, KeysOfDifferentIntegerTypesMatchWhenShuffled) {
  Session spark = NewSession(kShuffledJoins);
  JoinInputs inputs;
  DataFrame l = ToDataFrame(spark, inputs.left, "k int, v double, s string");
  DataFrame r = RightFrame(spark, inputs.right);
  EXPECT_EQ(Multiset(l.join(r, l["k"] == r["k"]).collect()),
            Multiset(NestedLoopJoin(inputs.left, inputs.right, "inner", Predicate::kEqui)));
}

TEST(Join, AggregateOverFullOuterJoinKeepsOneNullGroup) {
  // Rows only the right side has come out of a full outer join with a null left key, in the
  // partition of their right key: grouping by the left key must still shuffle them together.
  Session spark = NewSession(kShuffledJoins);
  JoinInputs inputs;
  DataFrame l = ToDataFrame(spark, inputs.left);
  DataFrame r = RightFrame(spark, inputs.right);
  DataFrame grouped =
      l.join(r, l["k"] == r["k"], "full").groupBy(l["k"]).agg(count("*").alias("n"));
  std::map<std::optional<int64_t>, int64_t> expected;
  for (const auto& row : NestedLoopJoin(inputs.left, inputs.right, "full", Predicate::kEqui)) {
    expected[row[0].is_null() ? std::nullopt : std::optional<int64_t>(row[0].AsInt64())] += 1;
  }
  std::vector<std::vector<Value>> expected_rows;
  for (const auto& [k, n] : expected) expected_rows.push_back({LongOrNull(k), Value::Long(n)});
  EXPECT_EQ(Multiset(grouped.collect()), Multiset(expected_rows));
}

TEST(Join, JoinOfAggregatesGroupedOnMoreKeysThanTheirPartitioning) {
  // `a` is hash-partitioned on k alone, then grouped by (k, s) without another shuffle; `b` is
  // shuffled on (k, s). Joining them on (k, s) must not treat them as co-partitioned.
  Session spark = NewSession(kShuffledJoins);
  JoinInputs inputs;
  DataFrame a = ToDataFrame(spark, inputs.left)
                    .repartition(8, {col("k")})
                    .groupBy("k", "s")
                    .agg(count("*").alias("a_rows"));
  DataFrame b = ToDataFrame(spark, inputs.left, "k bigint, w double, s string")
                    .repartition(3)
                    .groupBy("k", "s")
                    .agg(count("*").alias("b_rows"));
  std::map<std::pair<std::optional<int64_t>, std::optional<std::string>>, int64_t> groups;
  for (const Record& r : inputs.left) groups[{r.k, r.s}] += 1;
  std::vector<std::vector<Value>> expected;
  for (const auto& [key, n] : groups) {
    if (!key.first || !key.second) continue;  // null keys never match
    expected.push_back(
        {LongOrNull(key.first), StringOrNull(key.second), Value::Long(n), Value::Long(n)});
  }
  EXPECT_EQ(Multiset(a.join(b, std::vector<std::string>{"k", "s"}).collect()), Multiset(expected));
}

TEST(Join, JoinOfAggregatesOnTheirKeys) {
  // Both sides are already hash-partitioned on the join key by their aggregation.
  Session spark = NewSession(kShuffledJoins);
  JoinInputs inputs;
  DataFrame l = ToDataFrame(spark, inputs.left).repartition(3);
  DataFrame r = RightFrame(spark, inputs.right).repartition(2);
  DataFrame a = l.groupBy("k").agg(count("*").alias("a_rows"));
  DataFrame b = r.groupBy("k").agg(count("*").alias("b_rows"));
  DataFrame joined = a.join(b, "k", "full");
  EXPECT_EQ(CountOccurrences(joined.explainString(), "Exchange hashpartitioning"), 2)
      << joined.explainString();
  std::map<std::optional<int64_t>, int64_t> left_rows, right_rows;
  for (const Record& x : inputs.left) left_rows[x.k] += 1;
  for (const Record& x : inputs.right) right_rows[x.k] += 1;
  std::vector<std::vector<Value>> expected;
  for (const auto& [k, n] : left_rows) {
    bool both = k && right_rows.count(k);
    expected.push_back(
        {LongOrNull(k), Value::Long(n), both ? Value::Long(right_rows[k]) : Value()});
  }
  for (const auto& [k, n] : right_rows) {
    if (!k || !left_rows.count(k)) expected.push_back({LongOrNull(k), Value(), Value::Long(n)});
  }
  EXPECT_EQ(Multiset(joined.collect()), Multiset(expected));
}

// ---------------------------------------------------------------------------------------------
// Physical plans.

TEST(Explain, SmallJoinBroadcasts) {
  Session spark = NewSession();
  DataFrame big = spark.range(0, 1000, 1, 4);
  DataFrame small = spark.range(0, 10, 1, 2);
  std::string plan = big.join(small, big["id"] == small["id"]).explainString();
  EXPECT_NE(plan.find("BroadcastExchange"), std::string::npos) << plan;
  EXPECT_NE(plan.find("BroadcastHashJoin"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Exchange hashpartitioning"), std::string::npos) << plan;
}

TEST(Explain, JoinWithoutBroadcastShufflesBothSides) {
  Session spark = NewSession(kShuffledJoins);
  DataFrame big = spark.range(0, 1000, 1, 4);
  DataFrame small = spark.range(0, 10, 1, 2);
  std::string plan = big.join(small, big["id"] == small["id"]).explainString();
  EXPECT_EQ(CountOccurrences(plan, "Exchange hashpartitioning"), 2) << plan;
  EXPECT_NE(plan.find("ShuffledHashJoin"), std::string::npos) << plan;
  EXPECT_EQ(plan.find("Broadcast"), std::string::npos) << plan;
}

TEST(Explain, GroupByAggregatesTwiceAroundOneShuffle) {
  Session spark = NewSession();
  std::string plan =
      spark.range(0, 100, 1, 4).groupBy((col("id") % 10).alias("m")).agg(sum("id")).explainString();
  EXPECT_EQ(CountOccurrences(plan, "HashAggregate"), 2) << plan;
  EXPECT_EQ(CountOccurrences(plan, "Exchange hashpartitioning"), 1) << plan;
  EXPECT_EQ(CountOccurrences(plan, "Exchange"), 1) << plan;
}

TEST(Explain, NarrowTransformationsDoNotShuffle) {
  Session spark = NewSession();
  std::string plan = spark.range(0, 100, 1, 4)
                         .filter(col("id") > 5)
                         .select((col("id") * 2).alias("x"))
                         .explainString();
  EXPECT_EQ(plan.find("Exchange"), std::string::npos) << plan;
  EXPECT_NE(plan.find("Filter"), std::string::npos) << plan;
}

TEST(Explain, ProjectionNamesEachAttributeOnce) {
  Session spark = NewSession();
  std::string plan =
      spark.range(0, 10, 1, 2).select(col("id"), (col("id") + 1).alias("next")).explainString();
  EXPECT_FALSE(std::regex_search(plan, std::regex("#[0-9]+#[0-9]+"))) << plan;
  EXPECT_TRUE(
      std::regex_search(plan, std::regex("Project \\[id#[0-9]+, \\(id.*\\) AS next#[0-9]+\\]")))
      << plan;
}

TEST(Explain, OrderByShufflesByRange) {
  Session spark = NewSession();
  std::string plan = spark.range(0, 100, 1, 4).orderBy(desc("id")).explainString();
  EXPECT_EQ(CountOccurrences(plan, "Exchange rangepartitioning"), 1) << plan;
  EXPECT_EQ(CountOccurrences(plan, "Exchange"), 1) << plan;
}

TEST(Explain, LimitOfManyPartitionsGathersToOne) {
  Session spark = NewSession();
  DataFrame limited = spark.range(0, 100, 1, 4).limit(5);
  std::string plan = limited.explainString();
  EXPECT_EQ(CountOccurrences(plan, "Exchange SinglePartition"), 1) << plan;
  EXPECT_EQ(limited.numPartitions(), 1);
  std::string single = spark.range(0, 100, 1, 1).limit(5).explainString();
  EXPECT_EQ(single.find("Exchange"), std::string::npos) << single;
}

// ---------------------------------------------------------------------------------------------
// Sorting.

/// Checks that `rows` (columns k, v, s) are ordered by the key order `compare` and hold the
/// same multiset as `records`.
template <typename Compare>
void ExpectSorted(const std::vector<Row>& rows, const std::vector<Record>& records,
                  Compare compare) {
  std::vector<Record> expected = records;
  std::stable_sort(expected.begin(), expected.end(),
                   [&](const Record& a, const Record& b) { return compare(a, b) < 0; });
  ASSERT_EQ(rows.size(), expected.size());
  EXPECT_EQ(Multiset(rows), Multiset(AllValues(records)));
  for (size_t i = 0; i < rows.size(); ++i) {
    Record actual{
        rows[i].isNullAt(0) ? std::nullopt : std::optional<int64_t>(rows[i].getLong(0)),
        rows[i].isNullAt(1) ? std::nullopt : std::optional<double>(rows[i].getDouble(1)),
        rows[i].isNullAt(2) ? std::nullopt : std::optional<std::string>(rows[i].getString(2))};
    // Ties may come in any order, so only the sort keys are compared position by position.
    ASSERT_EQ(compare(actual, expected[i]), 0) << "row " << i << ": " << rows[i].toString();
  }
}

TEST(Sort, OrderByIsGlobalAcrossPartitions) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(300, 4, 50, -10);
  DataFrame df = ToDataFrame(spark, records).repartition(5);
  ExpectSorted(df.orderBy("k").collect(), records, [](const Record& a, const Record& b) {
    return CompareNullable(a.k, b.k, true, true);
  });
  ExpectSorted(df.orderBy(desc("k")).collect(), records, [](const Record& a, const Record& b) {
    return CompareNullable(a.k, b.k, false, false);
  });
  ExpectSorted(
      df.orderBy(col("k").asc_nulls_last()).collect(), records,
      [](const Record& a, const Record& b) { return CompareNullable(a.k, b.k, true, false); });
  ExpectSorted(
      df.orderBy(col("k").desc_nulls_first()).collect(), records,
      [](const Record& a, const Record& b) { return CompareNullable(a.k, b.k, false, true); });
}

TEST(Sort, OrderByManyKeysAndStrings) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(300, 5, 6, 0);
  DataFrame df = ToDataFrame(spark, records).repartition(4);
  ExpectSorted(df.orderBy(col("s"), desc("v"), col("k")).collect(), records,
               [](const Record& a, const Record& b) {
                 if (int c = CompareNullable(a.s, b.s, true, true)) return c;
                 if (int c = CompareNullable(a.v, b.v, false, false)) return c;
                 return CompareNullable(a.k, b.k, true, true);
               });
  ExpectSorted(df.sort(desc("s"), col("k").asc_nulls_last()).collect(), records,
               [](const Record& a, const Record& b) {
                 if (int c = CompareNullable(a.s, b.s, false, false)) return c;
                 return CompareNullable(a.k, b.k, true, false);
               });
}

TEST(Sort, OrderByThenLimitGivesTheSmallestRows) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(200, 6, 1000, 0);
  DataFrame sorted =
      ToDataFrame(spark, records).repartition(4).orderBy(desc("k"), col("s"), col("v"));
  std::vector<Record> expected = records;
  auto compare = [](const Record& a, const Record& b) {
    if (int c = CompareNullable(a.k, b.k, false, false)) return c;
    if (int c = CompareNullable(a.s, b.s, true, true)) return c;
    return CompareNullable(a.v, b.v, true, true);
  };
  std::stable_sort(expected.begin(), expected.end(),
                   [&](const Record& a, const Record& b) { return compare(a, b) < 0; });
  std::vector<std::vector<Value>> top;
  for (int i = 0; i < 17; ++i) top.push_back(Values(expected[i]));
  std::vector<Row> taken = sorted.take(17);
  ASSERT_EQ(taken.size(), 17u);
  for (size_t i = 0; i < taken.size(); ++i)
    EXPECT_EQ(Canonical(taken[i].values()), Canonical(top[i]));
  EXPECT_EQ(Multiset(sorted.limit(17).collect()), Multiset(top));
  EXPECT_EQ(Canonical(sorted.first().values()), Canonical(top[0]));
}

TEST(Sort, SortWithinPartitionsKeepsPartitions) {
  Session spark = NewSession();
  const int64_t n = 103;
  const int partitions = 4;
  DataFrame df = spark.range(0, n, 1, partitions).sortWithinPartitions({desc("id")});
  EXPECT_EQ(df.numPartitions(), partitions);
  EXPECT_EQ(df.explainString().find("Exchange"), std::string::npos);
  // range() splits ids into contiguous slices; each comes out reversed, slices in order.
  std::vector<int64_t> expected;
  for (int p = 0; p < partitions; ++p) {
    int64_t begin = n * p / partitions, end = n * (p + 1) / partitions;
    for (int64_t id = end - 1; id >= begin; --id) expected.push_back(id);
  }
  std::vector<int64_t> actual;
  for (const Row& row : df.collect()) actual.push_back(row.getLong(0));
  EXPECT_EQ(actual, expected);
}

TEST(Sort, RepartitionByRangeThenSortWithinPartitionsIsGloballySorted) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(400, 7, 100, 0);
  DataFrame df = ToDataFrame(spark, records).repartitionByRange(5, {col("k")});
  EXPECT_EQ(df.numPartitions(), 5);
  EXPECT_EQ(df.count(), static_cast<int64_t>(records.size()));
  EXPECT_EQ(Multiset(df.collect()), Multiset(AllValues(records)));
  ExpectSorted(
      df.sortWithinPartitions({col("k")}).collect(), records,
      [](const Record& a, const Record& b) { return CompareNullable(a.k, b.k, true, true); });
}

// ---------------------------------------------------------------------------------------------
// Limits, set operations, partitioning and sampling.

TEST(Rows, LimitTakeAndFirst) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(90, 8, 20, 0);
  DataFrame df = ToDataFrame(spark, records).repartition(6);
  std::vector<std::string> all = Multiset(AllValues(records));
  for (int64_t n : {0, 1, 7, 90, 500}) {
    SCOPED_TRACE(n);
    std::vector<Row> rows = df.limit(n).collect();
    EXPECT_EQ(rows.size(), static_cast<size_t>(std::min<int64_t>(n, 90)));
    EXPECT_EQ(df.limit(n).count(), static_cast<int64_t>(rows.size()));
    EXPECT_EQ(df.take(n).size(), rows.size());
    // The rows are some of the input rows.
    std::vector<std::string> got = Multiset(rows);
    EXPECT_TRUE(std::includes(all.begin(), all.end(), got.begin(), got.end()));
  }
  Row first = df.first();
  EXPECT_TRUE(std::binary_search(all.begin(), all.end(), Canonical(first.values())));
  EXPECT_THROW(df.filter(lit(false)).first(), std::exception);
  EXPECT_TRUE(df.filter(lit(false)).isEmpty());
  EXPECT_FALSE(df.isEmpty());
}

TEST(Rows, DistinctAndDropDuplicates) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(200, 9, 5, 0);
  DataFrame df = ToDataFrame(spark, records);
  std::set<std::string> unique;
  for (const auto& row : AllValues(records)) unique.insert(Canonical(row));
  ASSERT_LT(unique.size(), records.size());  // the input has duplicate rows
  std::vector<std::string> distinct = Multiset(df.distinct().collect());
  EXPECT_EQ(distinct, std::vector<std::string>(unique.begin(), unique.end()));
  EXPECT_EQ(df.distinct().count(), static_cast<int64_t>(unique.size()));

  // dropDuplicates(k): one row per key (null included), each an input row with that key.
  std::map<std::optional<int64_t>, std::set<std::string>> rows_by_key;
  for (const Record& r : records) rows_by_key[r.k].insert(Canonical(Values(r)));
  std::vector<Row> deduplicated = df.dropDuplicates({"k"}).collect();
  EXPECT_EQ(df.dropDuplicates({"k"}).columns(), df.columns());
  ASSERT_EQ(deduplicated.size(), rows_by_key.size());
  std::set<std::optional<int64_t>> seen;
  for (const Row& row : deduplicated) {
    std::optional<int64_t> k =
        row.isNullAt(0) ? std::nullopt : std::optional<int64_t>(row.getLong(0));
    EXPECT_TRUE(seen.insert(k).second) << "key seen twice: " << row.toString();
    EXPECT_EQ(rows_by_key[k].count(Canonical(row.values())), 1u) << row.toString();
  }

  std::set<std::pair<std::optional<int64_t>, std::optional<std::string>>> pairs;
  for (const Record& r : records) pairs.insert({r.k, r.s});
  EXPECT_EQ(df.dropDuplicates({"k", "s"}).count(), static_cast<int64_t>(pairs.size()));
  std::set<std::pair<std::optional<int64_t>, std::optional<std::string>>> got;
  for (const Row& row : df.dropDuplicates({"s", "k"}).select("k", "s").collect()) {
    got.insert({row.isNullAt(0) ? std::nullopt : std::optional<int64_t>(row.getLong(0)),
                row.isNullAt(1) ? std::nullopt : std::optional<std::string>(row.getString(1))});
  }
  EXPECT_EQ(got, pairs);
}

TEST(Rows, UnionKeepsDuplicates) {
  Session spark = NewSession();
  std::vector<Record> a = MakeRecords(50, 10, 10, 0), b = MakeRecords(30, 11, 10, 0);
  DataFrame da = ToDataFrame(spark, a), db = ToDataFrame(spark, b).repartition(3);
  auto expected = AllValues(a);
  for (const auto& row : AllValues(b)) expected.push_back(row);
  for (const DataFrame& u : {da.union_(db), da.unionAll(db)}) {
    EXPECT_EQ(u.count(), 80);
    EXPECT_EQ(u.numPartitions(), da.numPartitions() + 3);
    EXPECT_EQ(Multiset(u.collect()), Multiset(expected));
  }
  auto twice = AllValues(a);
  for (const auto& row : AllValues(a)) twice.push_back(row);
  EXPECT_EQ(Multiset(da.union_(da).collect()), Multiset(twice));
}

TEST(Rows, UnionByNameMatchesColumnsByName) {
  Session spark = NewSession();
  std::vector<Record> a = MakeRecords(20, 12, 10, 0), b = MakeRecords(25, 13, 10, 0);
  DataFrame da = ToDataFrame(spark, a);
  DataFrame db = ToDataFrame(spark, b).select("s", "k", "v");
  DataFrame u = da.unionByName(db);
  EXPECT_EQ(u.columns(), (std::vector<std::string>{"k", "v", "s"}));
  auto expected = AllValues(a);
  for (const auto& row : AllValues(b)) expected.push_back(row);
  EXPECT_EQ(Multiset(u.collect()), Multiset(expected));
  EXPECT_THROW(da.unionByName(db.drop("v")), std::exception);
}

TEST(Rows, UnionByNameAllowsMissingColumnsOnEitherSide) {
  Session spark = NewSession();
  std::vector<Record> a = MakeRecords(20, 14, 10, 0), b = MakeRecords(25, 15, 10, 0);
  DataFrame da = ToDataFrame(spark, a);
  // The other side lacks v only.
  DataFrame u1 = da.unionByName(ToDataFrame(spark, b).select("s", "k"), true);
  EXPECT_EQ(u1.columns(), (std::vector<std::string>{"k", "v", "s"}));
  auto expected1 = AllValues(a);
  for (const Record& r : b) expected1.push_back({LongOrNull(r.k), Value(), StringOrNull(r.s)});
  EXPECT_EQ(Multiset(u1.collect()), Multiset(expected1));
  // The other side has an extra column only.
  DataFrame u2 = da.select("k", "s").unionByName(ToDataFrame(spark, b).select("v", "s", "k"), true);
  EXPECT_EQ(u2.columns(), (std::vector<std::string>{"k", "s", "v"}));
  std::vector<std::vector<Value>> expected2;
  for (const Record& r : a) expected2.push_back({LongOrNull(r.k), StringOrNull(r.s), Value()});
  for (const Record& r : b)
    expected2.push_back({LongOrNull(r.k), StringOrNull(r.s), DoubleOrNull(r.v)});
  EXPECT_EQ(Multiset(u2.collect()), Multiset(expected2));
  // Each side has a column the other lacks.
  DataFrame u3 = da.select("k", "v").unionByName(ToDataFrame(spark, b).select("s", "k"), true);
  EXPECT_EQ(u3.columns(), (std::vector<std::string>{"k", "v", "s"}));
  std::vector<std::vector<Value>> expected3;
  for (const Record& r : a) expected3.push_back({LongOrNull(r.k), DoubleOrNull(r.v), Value()});
  for (const Record& r : b) expected3.push_back({LongOrNull(r.k), Value(), StringOrNull(r.s)});
  EXPECT_EQ(Multiset(u3.collect()), Multiset(expected3));
}

TEST(Rows, RepartitionPreservesRows) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(150, 16, 12, 0);
  DataFrame df = ToDataFrame(spark, records);
  auto expected = Multiset(AllValues(records));
  for (int n : {1, 3, 16}) {
    SCOPED_TRACE(n);
    DataFrame round_robin = df.repartition(n);
    EXPECT_EQ(round_robin.numPartitions(), n);
    EXPECT_EQ(round_robin.count(), 150);
    EXPECT_EQ(Multiset(round_robin.collect()), expected);
    DataFrame hashed = df.repartition(n, {col("k"), col("s")});
    EXPECT_EQ(hashed.numPartitions(), n);
    EXPECT_EQ(hashed.count(), 150);
    EXPECT_EQ(Multiset(hashed.collect()), expected);
  }
  EXPECT_EQ(df.repartition({col("k")}).numPartitions(), 8);  // spark.sql.shuffle.partitions
}

TEST(Rows, RepartitionByKeyColocatesEqualKeys) {
  // groupBy over data already hash-partitioned by the key aggregates each partition alone (the
  // plan has no second shuffle), so a key split over two partitions would appear twice.
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(300, 17, 40, 0);
  DataFrame grouped = ToDataFrame(spark, records)
                          .repartition(5, {col("k")})
                          .groupBy("k")
                          .agg(count("*").alias("n"), sum("v").alias("total"));
  std::string plan = grouped.explainString();
  EXPECT_EQ(CountOccurrences(plan, "Exchange"), 1) << plan;
  std::map<std::optional<int64_t>, std::pair<int64_t, std::optional<double>>> expected;
  for (const Record& r : records) {
    auto& [n, total] = expected[r.k];
    ++n;
    if (r.v) total = total.value_or(0) + *r.v;
  }
  std::vector<std::vector<Value>> expected_rows;
  for (const auto& [k, entry] : expected) {
    expected_rows.push_back({LongOrNull(k), Value::Long(entry.first), DoubleOrNull(entry.second)});
  }
  EXPECT_EQ(Multiset(grouped.collect()), Multiset(expected_rows));
}

TEST(Rows, CoalesceMergesPartitions) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(120, 18, 12, 0);
  DataFrame df = ToDataFrame(spark, records).repartition(7);
  auto expected = Multiset(AllValues(records));
  for (int n : {1, 2, 3, 7}) {
    SCOPED_TRACE(n);
    DataFrame merged = df.coalesce(n);
    EXPECT_EQ(merged.numPartitions(), n);
    EXPECT_EQ(merged.count(), 120);
    EXPECT_EQ(Multiset(merged.collect()), expected);
  }
  EXPECT_EQ(df.coalesce(20).numPartitions(), 7);  // coalesce never adds partitions
  // No shuffle of its own.
  EXPECT_EQ(CountOccurrences(df.coalesce(3).explainString(), "Exchange"),
            CountOccurrences(df.explainString(), "Exchange"));
}

TEST(Rows, Sample) {
  Session spark = NewSession();
  const int64_t n = 10000;
  DataFrame df = spark.range(0, n, 1, 4).withColumn("s", (col("id") % 7).cast("string"));
  EXPECT_EQ(df.sample(0.0, 3).count(), 0);
  std::vector<Row> all_rows = df.collect();
  EXPECT_EQ(Multiset(df.sample(1.0, 3).collect()), Multiset(all_rows));

  DataFrame half = df.sample(0.5, 42);
  std::vector<std::string> first = Multiset(half.collect());
  EXPECT_EQ(Multiset(half.collect()), first);
  EXPECT_EQ(Multiset(df.sample(0.5, 42).collect()), first);  // same seed, new plan
  EXPECT_GT(first.size(), 4000u);
  EXPECT_LT(first.size(), 6000u);
  // Sampled rows are distinct input rows.
  EXPECT_EQ(std::set<std::string>(first.begin(), first.end()).size(), first.size());
  std::vector<std::string> all = Multiset(all_rows);
  EXPECT_TRUE(std::includes(all.begin(), all.end(), first.begin(), first.end()));
  EXPECT_NE(Multiset(df.sample(0.5, 43).collect()), first);

  int64_t with_replacement = df.sample(true, 2.0, 7).count();
  EXPECT_GT(with_replacement, 17000);
  EXPECT_LT(with_replacement, 23000);
  EXPECT_THROW(df.sample(1.5, 1), std::exception);
}

// ---------------------------------------------------------------------------------------------
// Aggregation.

/// The reference aggregate of one group of records.
struct GroupStats {
  int64_t rows = 0;
  int64_t values = 0;
  std::optional<double> sum, min, max;
  std::optional<std::string> min_s, max_s;
  std::set<std::string> distinct_s;
  std::set<std::string> v_seen;  // canonical values of v, null included

  void Add(const Record& r) {
    ++rows;
    v_seen.insert(Canonical(DoubleOrNull(r.v)));
    if (r.s) distinct_s.insert(*r.s);
    if (r.s && (!min_s || *r.s < *min_s)) min_s = r.s;
    if (r.s && (!max_s || *r.s > *max_s)) max_s = r.s;
    if (!r.v) return;
    ++values;
    sum = sum.value_or(0) + *r.v;
    if (!min || *r.v < *min) min = r.v;
    if (!max || *r.v > *max) max = r.v;
  }
  std::optional<double> Average() const {
    return sum ? std::optional<double>(*sum / static_cast<double>(values)) : std::nullopt;
  }
};

std::vector<Column> AllAggregates() {
  return {count("*").alias("rows"),
          count(col("v")).alias("values"),
          sum("v").alias("sum"),
          avg("v").alias("avg"),
          min("v").alias("min"),
          max("v").alias("max"),
          min("s").alias("min_s"),
          max("s").alias("max_s"),
          countDistinct(col("s")).alias("distinct_s"),
          first(col("v")).alias("first_v")};
}

void ExpectStats(const Row& row, const GroupStats& expected) {
  EXPECT_EQ(row.getLong("rows"), expected.rows);
  EXPECT_EQ(row.getLong("values"), expected.values);
  EXPECT_EQ(Canonical(row.get("sum")), Canonical(DoubleOrNull(expected.sum)));
  if (expected.sum) {
    EXPECT_DOUBLE_EQ(row.getDouble("avg"), *expected.Average());
  } else {
    EXPECT_TRUE(row.isNull("avg"));
  }
  EXPECT_EQ(Canonical(row.get("min")), Canonical(DoubleOrNull(expected.min)));
  EXPECT_EQ(Canonical(row.get("max")), Canonical(DoubleOrNull(expected.max)));
  EXPECT_EQ(Canonical(row.get("min_s")), Canonical(StringOrNull(expected.min_s)));
  EXPECT_EQ(Canonical(row.get("max_s")), Canonical(StringOrNull(expected.max_s)));
  EXPECT_EQ(row.getLong("distinct_s"), static_cast<int64_t>(expected.distinct_s.size()));
  // first() without ignoreNulls picks some row's value, which may be null.
  EXPECT_EQ(expected.v_seen.count(Canonical(row.get("first_v"))), 1u) << row.toString();
}

std::vector<Record> AggregateInput() {
  std::vector<Record> records = MakeRecords(400, 19, 12, 0);
  // A group whose values are all null.
  for (int i = 0; i < 3; ++i) records.push_back({1000, std::nullopt, "n"});
  return records;
}

TEST(Aggregate, PerKeyMatchesReference) {
  Session spark = NewSession();
  std::vector<Record> records = AggregateInput();
  std::map<std::optional<int64_t>, GroupStats> expected;
  for (const Record& r : records) expected[r.k].Add(r);
  ASSERT_FALSE(expected[1000].sum.has_value());
  DataFrame df = ToDataFrame(spark, records).repartition(3);
  std::vector<Row> rows = df.groupBy("k").agg(AllAggregates()).collect();
  ASSERT_EQ(rows.size(), expected.size());
  std::set<std::optional<int64_t>> seen;
  for (const Row& row : rows) {
    std::optional<int64_t> k =
        row.isNullAt(0) ? std::nullopt : std::optional<int64_t>(row.getLong(0));
    SCOPED_TRACE(row.toString());
    EXPECT_TRUE(seen.insert(k).second);
    ASSERT_EQ(expected.count(k), 1u);
    ExpectStats(row, expected[k]);
  }
}

/// Integer keys take a direct-mapped window while their range is small: the window grows
/// downwards and upwards across batches, then keys far apart (up to the int64 extremes) fall
/// back to hashing; every key keeps one group throughout.
TEST(Aggregate, IntegerKeysAcrossSmallAndHugeRanges) {
  Session spark = NewSession();
  const int64_t kMin = std::numeric_limits<int64_t>::min();
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  Column key = when(col("id") < 3000, col("id") % 41)
                   .when(col("id") < 6000, lit(-3000L) + col("id") % 13)
                   .when(col("id") < 9000, col("id") % 29 + lit(60000L))
                   .when(col("id") % 3 == 0, lit(kMin))
                   .when(col("id") % 3 == 1, lit(kMax))
                   .otherwise(col("id") % 7);
  DataFrame df = spark.range(0, 12000, 1, 1).select(key.as("k"), col("id"));
  std::map<int64_t, std::pair<int64_t, int64_t>> expected;  // key -> count, sum of id
  for (int64_t id = 0; id < 12000; ++id) {
    int64_t k = id < 3000     ? id % 41
                : id < 6000   ? -3000 + id % 13
                : id < 9000   ? id % 29 + 60000
                : id % 3 == 0 ? kMin
                : id % 3 == 1 ? kMax
                              : id % 7;
    expected[k].first += 1;
    expected[k].second += id;
  }
  std::map<int64_t, std::pair<int64_t, int64_t>> actual;
  for (const Row& row : df.groupBy("k").agg(count("*"), sum("id")).collect()) {
    EXPECT_TRUE(actual.emplace(row.getLong(0), std::pair(row.getLong(1), row.getLong(2))).second)
        << "key " << row.getLong(0) << " in two groups";
  }
  EXPECT_EQ(actual, expected);
}

TEST(Aggregate, GlobalMatchesReference) {
  Session spark = NewSession();
  std::vector<Record> records = AggregateInput();
  GroupStats expected;
  for (const Record& r : records) expected.Add(r);
  std::vector<Row> rows = ToDataFrame(spark, records).repartition(4).agg(AllAggregates()).collect();
  ASSERT_EQ(rows.size(), 1u);
  ExpectStats(rows[0], expected);
}

TEST(Aggregate, FirstIgnoringNullsAndCountDistinctPerKey) {
  Session spark = NewSession();
  std::vector<Record> records = AggregateInput();
  std::map<std::optional<int64_t>, std::set<std::string>> values;
  std::map<std::optional<int64_t>, std::set<std::string>> distinct;
  for (const Record& r : records) {
    if (r.v)
      values[r.k].insert(Canonical(Value::Double(*r.v)));
    else
      values[r.k];
    if (r.s)
      distinct[r.k].insert(*r.s);
    else
      distinct[r.k];
  }
  std::vector<Row> rows = ToDataFrame(spark, records)
                              .groupBy("k")
                              .agg(first(col("v"), true).alias("f"),
                                   countDistinct(col("s")).alias("d"), sum("k").alias("sk"))
                              .collect();
  ASSERT_EQ(rows.size(), values.size());
  for (const Row& row : rows) {
    std::optional<int64_t> k =
        row.isNullAt(0) ? std::nullopt : std::optional<int64_t>(row.getLong(0));
    SCOPED_TRACE(row.toString());
    if (values[k].empty()) {
      EXPECT_TRUE(row.isNull("f"));
    } else {
      EXPECT_EQ(values[k].count(Canonical(row.get("f"))), 1u);
    }
    EXPECT_EQ(row.getLong("d"), static_cast<int64_t>(distinct[k].size()));
  }
}

TEST(Aggregate, ResultTypes) {
  Session spark = NewSession();
  DataFrame df = ToDataFrame(spark, AggregateInput(), "k int, v double, s string");
  DataFrame result =
      df.agg(avg("k").alias("a"), sum("k").alias("s"), count("k").alias("c"), min("k").alias("lo"));
  EXPECT_EQ(result.dtypes(),
            (std::vector<std::pair<std::string, std::string>>{
                {"a", "double"}, {"s", "bigint"}, {"c", "bigint"}, {"lo", "int"}}));
  std::vector<Record> records = AggregateInput();
  int64_t sum_k = 0, count_k = 0;
  for (const Record& r : records) {
    if (r.k) {
      sum_k += *r.k;
      ++count_k;
    }
  }
  Row row = result.collect().at(0);
  EXPECT_DOUBLE_EQ(row.getDouble(0), static_cast<double>(sum_k) / static_cast<double>(count_k));
  EXPECT_EQ(row.getLong(1), sum_k);
  EXPECT_EQ(row.getLong(2), count_k);
}

TEST(Aggregate, GroupByComputedExpression) {
  Session spark = NewSession();
  const int64_t n = 1000;
  DataFrame df = spark.range(0, n, 1, 4);
  std::vector<Row> rows =
      df.groupBy((col("id") % 7).alias("m"))
          .agg(count("*").alias("c"), sum("id").alias("total"), max("id").alias("top"))
          .collect();
  std::map<int64_t, std::tuple<int64_t, int64_t, int64_t>> expected;
  for (int64_t id = 0; id < n; ++id) {
    auto& [c, total, top] = expected[id % 7];
    ++c;
    total += id;
    top = std::max(top, id);
  }
  ASSERT_EQ(rows.size(), expected.size());
  for (const Row& row : rows) {
    auto [c, total, top] = expected.at(row.getLong("m"));
    EXPECT_EQ(row.getLong("c"), c);
    EXPECT_EQ(row.getLong("total"), total);
    EXPECT_EQ(row.getLong("top"), top);
  }
  // The key expression can be used again in the result.
  std::vector<Row> with_key = df.groupBy(col("id") % 3).agg(count("*").alias("c")).collect();
  EXPECT_EQ(with_key.size(), 3u);
  for (const Row& row : with_key) EXPECT_EQ(row.getLong("c"), (n - row.getLong(0) + 2) / 3);
}

TEST(Aggregate, GroupByStringKey) {
  Session spark = NewSession();
  std::vector<Record> records = AggregateInput();
  std::map<std::optional<std::string>, std::pair<int64_t, std::optional<double>>> expected;
  for (const Record& r : records) {
    auto& [c, total] = expected[r.s];
    ++c;
    if (r.v) total = total.value_or(0) + *r.v;
  }
  std::vector<std::vector<Value>> expected_rows;
  for (const auto& [s, entry] : expected) {
    expected_rows.push_back(
        {StringOrNull(s), Value::Long(entry.first), DoubleOrNull(entry.second)});
  }
  DataFrame df = ToDataFrame(spark, records).repartition(3);
  EXPECT_EQ(Multiset(df.groupBy("s").agg(count("*").alias("c"), sum("v").alias("t")).collect()),
            Multiset(expected_rows));
  // Grouped sums and counts by (string, key).
  std::map<std::pair<std::optional<std::string>, std::optional<int64_t>>, int64_t> pairs;
  for (const Record& r : records) pairs[{r.s, r.k}] += 1;
  std::vector<std::vector<Value>> pair_rows;
  for (const auto& [key, c] : pairs)
    pair_rows.push_back({StringOrNull(key.first), LongOrNull(key.second), Value::Long(c)});
  EXPECT_EQ(Multiset(df.groupBy("s", "k").count().collect()), Multiset(pair_rows));
}

TEST(Aggregate, OverEmptyInput) {
  Session spark = NewSession();
  std::vector<DataFrame> empties = {
      ToDataFrame(spark, {}),
      ToDataFrame(spark, AggregateInput()).repartition(4).filter(lit(false)),
      spark.range(0, 0, 1, 3)
          .select(col("id").alias("k"), col("id").cast("double").alias("v"),
                  col("id").cast("string").alias("s")),
  };
  for (const DataFrame& empty : empties) {
    EXPECT_EQ(empty.count(), 0);
    std::vector<Row> global = empty
                                  .agg(count("*").alias("c"), sum("v").alias("t"),
                                       max("s").alias("m"), countDistinct(col("s")).alias("d"))
                                  .collect();
    ASSERT_EQ(global.size(), 1u);
    EXPECT_EQ(global[0].getLong("c"), 0);
    EXPECT_TRUE(global[0].isNull("t"));
    EXPECT_TRUE(global[0].isNull("m"));
    EXPECT_EQ(global[0].getLong("d"), 0);
    EXPECT_EQ(empty.groupBy("k").agg(count("*"), sum("v")).collect().size(), 0u);
    EXPECT_EQ(empty.groupBy("k").count().count(), 0);
  }
}

TEST(Aggregate, CountSkipsNullsButCountStarDoesNot) {
  Session spark = NewSession();
  std::vector<Record> records = {
      {1, std::nullopt, std::nullopt}, {1, 2.0, "x"}, {std::nullopt, std::nullopt, "y"}};
  Row row = ToDataFrame(spark, records)
                .agg(count("*").alias("all"), count(col("v")).alias("v"),
                     count(col("k")).alias("k"), count(col("s")).alias("s"))
                .first();
  EXPECT_EQ(row.getLong("all"), 3);
  EXPECT_EQ(row.getLong("v"), 1);
  EXPECT_EQ(row.getLong("k"), 2);
  EXPECT_EQ(row.getLong("s"), 2);
}

TEST(Aggregate, CountDistinctOfSeveralColumnsSkipsRowsWithANull) {
  Session spark = NewSession();
  std::vector<Record> records = AggregateInput();
  std::set<std::pair<int64_t, std::string>> pairs;
  for (const Record& r : records) {
    if (r.k && r.s) pairs.insert({*r.k, *r.s});
  }
  Row row = ToDataFrame(spark, records)
                .repartition(3)
                .agg(countDistinct({col("k"), col("s")}).alias("d"), count("*").alias("n"))
                .first();
  EXPECT_EQ(row.getLong("d"), static_cast<int64_t>(pairs.size()));
  EXPECT_EQ(row.getLong("n"), static_cast<int64_t>(records.size()));
}

// ---------------------------------------------------------------------------------------------
// Caching.

// Checks how many partitions of `df` the driver's cache holds. Under local-cluster the cached
// partitions live in the executor processes, which the driver cannot count yet (issue 5), so
// only the results are checked there; the note says so in the test output.
#define EXPECT_CACHED_PARTITIONS(df, expected)                                       \
  do {                                                                               \
    if (::ember::testing::IsLocalClusterMaster()) {                                  \
      std::cout << "note: cached partition count not checked under local-cluster\n"; \
    } else {                                                                         \
      EXPECT_EQ((df).state()->CachedPartitions((df).plan()), (expected));            \
    }                                                                                \
  } while (false)

TEST(Cache, KeepsPartitionsUntilUnpersisted) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(200, 20, 15, 0);
  DataFrame df = ToDataFrame(spark, records).repartition(5).filter(col("k").isNotNull());
  std::vector<std::vector<Value>> expected;
  for (const Record& r : records) {
    if (r.k) expected.push_back(Values(r));
  }
  df.cache();
  EXPECT_TRUE(df.isCached());
  EXPECT_CACHED_PARTITIONS(df, 0);
  std::vector<std::string> first = Multiset(df.collect());
  EXPECT_EQ(first, Multiset(expected));
  EXPECT_CACHED_PARTITIONS(df, df.numPartitions());
  EXPECT_EQ(Multiset(df.collect()), first);
  EXPECT_EQ(df.count(), static_cast<int64_t>(expected.size()));
  // Plans built on top of the cached one read it with all its columns.
  EXPECT_EQ(df.select("s").count(), static_cast<int64_t>(expected.size()));
  EXPECT_EQ(Multiset(df.filter(col("k") > 3).collect()).size(),
            static_cast<size_t>(std::count_if(records.begin(), records.end(),
                                              [](const Record& r) { return r.k && *r.k > 3; })));
  EXPECT_EQ(Multiset(df.collect()), first);
  EXPECT_NE(df.explainString().find("InMemoryTableScan"), std::string::npos);

  df.unpersist();
  EXPECT_FALSE(df.isCached());
  EXPECT_CACHED_PARTITIONS(df, 0);
  EXPECT_EQ(df.explainString().find("InMemoryTableScan"), std::string::npos);
  EXPECT_EQ(Multiset(df.collect()), first);
}

TEST(Cache, CachedPartitionsFilledByAProjectionOnTopServeFullReads) {
  Session spark = NewSession();
  std::vector<Record> records = MakeRecords(100, 21, 15, 0);
  DataFrame df = ToDataFrame(spark, records).repartition(4);
  df.cache();
  std::set<std::optional<int64_t>> keys;
  for (const Record& r : records) keys.insert(r.k);
  // The first action reads only one column of the cached plan.
  EXPECT_EQ(df.select("k").distinct().count(), static_cast<int64_t>(keys.size()));
  EXPECT_CACHED_PARTITIONS(df, 4);
  EXPECT_EQ(Multiset(df.collect()), Multiset(AllValues(records)));
  df.unpersist();
}

}  // namespace
}  // namespace ember

#pragma once

// Inputs shared by the serde tests: edge values of every type, batches of them, plan nodes with
// every field set, and checks that bad bytes fail with INVALID_SERIALIZED_DATA.

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ember/common/error.h"
#include "ember/plan/physical_plan.h"
#include "ember/types/text_format.h"

namespace ember {

/// Checks that `fn` throws INVALID_SERIALIZED_DATA (an IO error) whose message contains `part`.
inline void ExpectInvalid(const std::function<void()>& fn, const std::string& part) {
  try {
    fn();
    ADD_FAILURE() << "no error; expected one containing: " << part;
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kIo) << error.what();
    EXPECT_EQ(error.error_class(), "INVALID_SERIALIZED_DATA") << error.what();
    EXPECT_NE(std::string(error.what()).find(part), std::string::npos)
        << error.what() << "\n  does not contain: " << part;
  }
}

/// Returns whether two values are the same bit for bit (NaN equals itself, -0 differs from 0).
inline bool SameValue(const Value& a, const Value& b) {
  if (a.type() != b.type() || a.is_null() != b.is_null()) return false;
  if (a.is_null()) return true;
  if (a.type().id() == TypeId::kFloat) {
    return std::bit_cast<uint32_t>(a.Get<float>()) == std::bit_cast<uint32_t>(b.Get<float>());
  }
  if (a.type().id() == TypeId::kDouble) {
    return std::bit_cast<uint64_t>(a.Get<double>()) == std::bit_cast<uint64_t>(b.Get<double>());
  }
  return a == b;
}

/// Checks that `read` holds the live rows of `original`, value for value, in flat columns.
inline void ExpectSameRows(const Batch& original, const Batch& read) {
  ASSERT_EQ(read.num_rows(), original.num_rows());
  ASSERT_EQ(read.num_columns(), original.num_columns());
  EXPECT_EQ(read.selection(), nullptr);
  BatchPtr dense = original.selection() ? original.Materialize() : nullptr;
  const Batch& expected = dense ? *dense : original;
  for (size_t c = 0; c < expected.num_columns(); ++c) {
    EXPECT_FALSE(read.column(c)->is_constant() || read.column(c)->is_dictionary());
    EXPECT_EQ(read.column(c)->type(), expected.column(c)->type());
    for (size_t r = 0; r < expected.num_rows(); ++r) {
      EXPECT_TRUE(SameValue(read.column(c)->GetValue(r), expected.column(c)->GetValue(r)))
          << "column " << c << " row " << r;
    }
  }
}

/// Feeds `decode` every prefix of `bytes` and every copy with one byte's bits flipped: each must
/// either decode or throw an ember::Error (anything else, or a crash, fails the test).
inline void ExpectDecodesOrFailsCleanly(const std::string& bytes,
                                        const std::function<void(std::string_view)>& decode) {
  auto attempt = [&](std::string_view input, const std::string& what) {
    try {
      decode(input);
    } catch (const Error&) {
    } catch (const std::exception& other) {
      ADD_FAILURE() << what << ": " << other.what();
    }
  };
  for (size_t length = 0; length < bytes.size(); ++length) {
    attempt(std::string_view(bytes).substr(0, length), "prefix of " + std::to_string(length));
  }
  for (size_t i = 0; i < bytes.size(); ++i) {
    for (uint8_t mask : {0x01, 0x80, 0xff}) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ mask);
      attempt(flipped, "byte " + std::to_string(i) + " ^ " + std::to_string(mask));
    }
  }
}

/// Returns the extreme and special values of every type, and a null of each.
inline std::vector<Value> EdgeValues() {
  const int128_t max_decimal = PowerOfTen(38) - 1;
  std::vector<Value> values = {
      Value(),
      Value::Boolean(true),
      Value::Boolean(false),
      Value::Byte(INT8_MIN),
      Value::Byte(INT8_MAX),
      Value::Short(INT16_MIN),
      Value::Short(INT16_MAX),
      Value::Int(INT32_MIN),
      Value::Int(INT32_MAX),
      Value::Long(INT64_MIN),
      Value::Long(INT64_MAX),
      Value::Float(std::numeric_limits<float>::quiet_NaN()),
      Value::Float(-0.0f),
      Value::Float(std::numeric_limits<float>::infinity()),
      Value::Float(std::numeric_limits<float>::denorm_min()),
      Value::Double(-std::numeric_limits<double>::infinity()),
      Value::Double(std::numeric_limits<double>::quiet_NaN()),
      Value::Double(-0.0),
      Value::Double(std::numeric_limits<double>::max()),
      Value::Decimal(max_decimal, DataType::Decimal(38, 0)),
      Value::Decimal(-max_decimal, DataType::Decimal(38, 38)),
      Value::Decimal((int128_t{1} << 64) + 7, DataType::Decimal(25, 3)),
      Value::Decimal(-1, DataType::Decimal(1, 0)),
      Value::String(""),
      Value::String(std::string("nul\0byte \xff\xfe not utf-8", 22)),
      Value::String(std::string(100000, 'x')),
      Value::Binary(""),
      Value::Binary(std::string("\x00\x01\x02", 3)),
      Value::Date(INT32_MIN),
      Value::Date(INT32_MAX),
      Value::Timestamp(INT64_MIN),
      Value::Timestamp(INT64_MAX),
  };
  for (TypeId id : {TypeId::kBoolean, TypeId::kByte, TypeId::kShort, TypeId::kInt, TypeId::kLong,
                    TypeId::kFloat, TypeId::kDouble, TypeId::kString, TypeId::kBinary,
                    TypeId::kDate, TypeId::kTimestamp}) {
    values.push_back(Value::Null(id));
  }
  values.push_back(Value::Null(DataType::Decimal(12, 4)));
  return values;
}

/// Returns a batch of two rows with one column of each non-void type: row 0 holds the type's
/// first edge value, row 1 its second, or null when `with_nulls`.
inline BatchPtr EdgeValueBatch(bool with_nulls) {
  std::vector<std::pair<Value, Value>> rows = {
      {Value::Boolean(true), Value::Boolean(false)},
      {Value::Byte(INT8_MIN), Value::Byte(INT8_MAX)},
      {Value::Short(INT16_MIN), Value::Short(INT16_MAX)},
      {Value::Int(INT32_MIN), Value::Int(INT32_MAX)},
      {Value::Long(INT64_MIN), Value::Long(INT64_MAX)},
      {Value::Float(-0.0f), Value::Float(std::numeric_limits<float>::quiet_NaN())},
      {Value::Double(1.5), Value::Double(-std::numeric_limits<double>::infinity())},
      {Value::Decimal(PowerOfTen(38) - 1, DataType::Decimal(38, 10)),
       Value::Decimal(-PowerOfTen(20), DataType::Decimal(38, 10))},
      {Value::String("héllo"), Value::String("")},
      {Value::Binary(std::string("\xff\x00", 2)), Value::Binary("b")},
      {Value::Date(-719162), Value::Date(2932896)},
      {Value::Timestamp(INT64_MIN), Value::Timestamp(1700000000000000)},
  };
  std::vector<ColumnVectorPtr> columns;
  for (const auto& [first, second] : rows) {
    ColumnBuilder builder(first.type());
    builder.Append(first);
    builder.Append(with_nulls ? Value::Null(first.type()) : second);
    columns.push_back(builder.Finish());
  }
  return std::make_shared<Batch>(std::move(columns), 2);
}

/// Returns the schema of EdgeValueBatch().
inline Schema EdgeValueSchema() {
  std::vector<Field> fields;
  BatchPtr batch = EdgeValueBatch(false);
  for (size_t c = 0; c < batch->num_columns(); ++c) {
    fields.push_back({"c" + std::to_string(c), batch->column(c)->type(), true});
  }
  return Schema(std::move(fields));
}

/// Returns one expression of every kind, each with its flags set away from their defaults.
inline std::vector<ExprPtr> ExpressionsOfEveryKind() {
  ExprPtr reference = MakeBoundReference(3, TypeId::kInt, false, "c3");
  auto cast = std::const_pointer_cast<Expr>(MakeCast(reference, TypeId::kLong, true));
  cast->implicit = true;
  cast->resolved = true;
  auto aggregate =
      std::const_pointer_cast<Expr>(MakeAggregate("first", {MakeUnresolvedColumn("x", 17)}, true));
  aggregate->ignore_nulls = true;
  return {
      MakeUnresolvedColumn("t.col", 42),
      MakeStar("t"),
      MakeAttribute("a", DataType::Decimal(7, 2), false, 99),
      reference,
      MakeLiteral(Value::Decimal(-5, DataType::Decimal(3, 1))),
      MakeAlias(MakeCall("add", {reference, MakeLiteral(Value::Int(1))}), "plus_one", 1234),
      cast,
      MakeCall("case_when", {MakeLiteral(Value::Boolean(false)), reference,
                             MakeLiteral(Value::Null(TypeId::kInt))}),
      aggregate,
      MakeSortOrder(reference, false, false),
  };
}

/// Returns leaf, file scan and exchange nodes whose every field differs from its default, so a
/// field the serde forgets shows up.
inline std::vector<PhysicalPlanPtr> NodesWithEveryField() {
  Schema schema = EdgeValueSchema();
  std::vector<ExprPtr> exprs = ExpressionsOfEveryKind();

  auto local = std::make_shared<LocalData>();
  local->schema = schema;
  local->partitions = {{EdgeValueBatch(false), EdgeValueBatch(true)}, {}};
  local->num_rows = 4;
  local->byte_size = 777;

  auto source = std::make_shared<FileSource>();
  source->format = "parquet";
  source->options.Set("mergeSchema", "false");
  source->options.Set("compression", "zstd");
  source->index.partition_schema =
      Schema({{"year", TypeId::kInt, true}, {"tag", TypeId::kString, true}});
  source->index.files = {
      {"/data/year=2024/tag=a/part-0.parquet", 4096, {Value::Int(2024), Value::String("a")}},
      {"/data/year=2025/tag=__HIVE_DEFAULT_PARTITION__/p.parquet",
       0,
       {Value::Int(2025), Value::Null(TypeId::kString)}}};
  source->data_schema = schema;
  source->predicates = {{4, ScanPredicate::Op::kGreaterEqual, Value::Long(-3)},
                        {8, ScanPredicate::Op::kIsNull, Value()}};

  Partitioning hash;
  hash.kind = Partitioning::Kind::kHash;
  hash.num_partitions = 6;
  hash.exprs = {exprs[3], exprs[4]};
  hash.key_ids = {5, -1};
  hash.coalescable = true;
  Partitioning range;
  range.kind = Partitioning::Kind::kRange;
  range.num_partitions = 3;
  range.exprs = {exprs.back()};

  AggregateCall call;
  call.function = "sum";
  call.args = {exprs[3]};
  call.arg_types = {TypeId::kInt};
  call.ignore_nulls = true;
  call.result_type = TypeId::kLong;
  call.result_nullable = false;
  call.state_fields = {{"sum", TypeId::kLong, true}, {"count", TypeId::kLong, false}};
  call.display = "sum(c3#7)";
  call.merge_input = true;

  auto node = std::make_shared<PhysicalPlan>();
  node->kind = PhysicalKind::kLocalScan;
  node->schema = schema;
  for (size_t i = 0; i < schema.size(); ++i)
    node->output_ids.push_back(100 + static_cast<int64_t>(i));
  node->num_partitions = 2;
  node->output_partitioning = range;
  node->node_id = 17;
  node->exprs = exprs;
  node->condition = exprs[5];
  node->grouping = {exprs[2], exprs[3]};
  node->aggregates = {call, call};
  node->mode = AggregateMode::kPartialMerge;
  node->join_type = JoinType::kLeftAnti;
  node->left_keys = {exprs[3]};
  node->right_keys = {exprs[6]};
  node->build_side = 0;
  node->partitioning = hash;
  node->start = -5;
  node->end = INT64_MAX;
  node->step = -3;
  node->local_data = local;
  node->file_source = source;
  node->file_partitions = std::make_shared<const std::vector<std::vector<FileSplit>>>(
      std::vector<std::vector<FileSplit>>{{{0, 0, 100}, {1, 0, 0}}, {{0, 100, 3996}}});
  node->limit = 123456789012;
  node->global_sort = true;
  node->fraction = 0.125;
  node->seed = UINT64_MAX;
  node->with_replacement = true;
  node->cache_id = 31;

  auto file_scan = std::make_shared<PhysicalPlan>(*node);
  file_scan->kind = PhysicalKind::kFileScan;
  file_scan->node_id = 18;
  file_scan->schema = source->OutputSchema();

  auto exchange = std::make_shared<PhysicalPlan>(*node);
  exchange->kind = PhysicalKind::kExchange;
  exchange->node_id = 19;
  exchange->partitioning.exprs = {MakeBoundReference(1, TypeId::kByte, true, "c1")};
  exchange->schema = file_scan->schema;
  exchange->children = {file_scan};
  return {node, file_scan, exchange};
}

/// Returns Filter(c0 > 5) over a local scan of two partitions of (c0 bigint, c1 string).
inline PhysicalPlanPtr FilterOverLocalData() {
  Schema schema({{"c0", TypeId::kLong, true}, {"c1", TypeId::kString, true}});
  ColumnBuilder longs(TypeId::kLong), strings(TypeId::kString);
  for (int i = 0; i < 10; ++i) {
    longs.Append(Value::Long(i));
    strings.Append(Value::String(std::to_string(i)));
  }
  auto local = std::make_shared<LocalData>();
  local->schema = schema;
  BatchPtr batch =
      std::make_shared<Batch>(std::vector<ColumnVectorPtr>{longs.Finish(), strings.Finish()}, 10);
  local->partitions = {{batch}, {batch->Slice(2, 3)}};
  auto scan = std::make_shared<PhysicalPlan>();
  scan->kind = PhysicalKind::kLocalScan;
  scan->schema = schema;
  scan->num_partitions = 2;
  scan->local_data = local;
  auto filter = std::make_shared<PhysicalPlan>();
  filter->kind = PhysicalKind::kFilter;
  filter->schema = schema;
  filter->num_partitions = 2;
  filter->children = {scan};
  filter->condition = MakeCall(
      "greater", {MakeBoundReference(0, TypeId::kLong, true, "c0"), MakeLiteral(Value::Long(5))});
  return filter;
}

}  // namespace ember

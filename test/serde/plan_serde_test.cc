// Tests of the protobuf serde of types, values, batches and physical plans (plan/plan_serde.h):
// every type and edge value, every operator kind, shared subtrees, stage fragments, and bad
// bytes, which must raise INVALID_SERIALIZED_DATA naming the problem instead of crashing.

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <set>
#include <string>
#include <vector>

#include "e2e/test_session.h"
#include "ember/plan/plan_proto.h"
#include "ember/plan/plan_serde.h"
#include "serde/serde_test_util.h"

namespace ember {
namespace {

using testing::NewSession;

// ---------------------------------------------------------------------------------------------
// Types and values.

TEST(TypeSerde, EveryTypeRoundTrips) {
  std::vector<DataType> types = {TypeId::kNull,
                                 TypeId::kBoolean,
                                 TypeId::kByte,
                                 TypeId::kShort,
                                 TypeId::kInt,
                                 TypeId::kLong,
                                 TypeId::kFloat,
                                 TypeId::kDouble,
                                 TypeId::kString,
                                 TypeId::kBinary,
                                 TypeId::kDate,
                                 TypeId::kTimestamp,
                                 DataType::Decimal(1, 0),
                                 DataType::Decimal(38, 38),
                                 DataType::Decimal(38, 0),
                                 DataType::Decimal(10, 2)};
  for (const DataType& type : types) {
    proto::DataType message;
    ToProto(type, &message);
    EXPECT_EQ(FromProto(message), type) << type.SimpleString();
  }
  Schema schema({{"a", TypeId::kLong, false},
                 {"", DataType::Decimal(5, 1), true},
                 {std::string("\xff\x00z", 3), TypeId::kString, true}});
  proto::Schema message;
  ToProto(schema, &message);
  EXPECT_EQ(FromProto(message), schema);
}

TEST(ValueSerde, EdgeValuesRoundTrip) {
  for (const Value& value : EdgeValues()) {
    proto::Value message;
    ToProto(value, &message);
    Value read = FromProto(message);
    EXPECT_TRUE(SameValue(read, value)) << value.type().SimpleString() << " " << value.ToString();
    proto::Value again;
    ToProto(read, &again);
    EXPECT_EQ(again.SerializeAsString(), message.SerializeAsString());
  }
}

TEST(ValueSerde, OutOfRangeAndMismatchedValuesAreRejected) {
  proto::Value message;
  message.mutable_type()->set_id(proto::TYPE_BYTE);
  message.set_integral(128);
  ExpectInvalid([&] { FromProto(message); }, "value 128 is out of range for type tinyint");
  message.mutable_type()->set_id(proto::TYPE_INT);
  message.set_integral(int64_t{1} << 40);
  ExpectInvalid([&] { FromProto(message); }, "out of range for type int");
  message.mutable_type()->set_id(proto::TYPE_STRING);
  ExpectInvalid([&] { FromProto(message); }, "a value of type string holds field");
  message.mutable_type()->set_id(proto::TYPE_NULL);
  ExpectInvalid([&] { FromProto(message); }, "a value of type void is not null");
  message.mutable_type()->set_id(static_cast<proto::TypeId>(42));
  ExpectInvalid([&] { FromProto(message); }, "unknown type id 42");
  message.mutable_type()->set_id(proto::TYPE_DECIMAL);
  message.mutable_type()->set_precision(39);
  ExpectInvalid([&] { FromProto(message); }, "invalid type decimal(39,0)");
  message.mutable_type()->set_precision(5);
  message.mutable_type()->set_scale(6);
  ExpectInvalid([&] { FromProto(message); }, "invalid type decimal(5,6)");
  message.mutable_type()->set_id(proto::TYPE_INT);
  ExpectInvalid([&] { FromProto(message); }, "type int has a precision or scale");
}

// ---------------------------------------------------------------------------------------------
// Batches.

/// Returns `batch` serialized and read back, after checking that serializing the copy gives
/// the same bytes.
BatchPtr RoundTripBatch(const Batch& batch) {
  proto::Batch message;
  ToProto(batch, &message);
  BatchPtr read = FromProto(message);
  proto::Batch again;
  ToProto(*read, &again);
  EXPECT_EQ(again.SerializeAsString(), message.SerializeAsString());
  return read;
}

TEST(BatchSerde, EveryTypeWithAndWithoutNulls) {
  for (bool with_nulls : {false, true}) {
    BatchPtr batch = EdgeValueBatch(with_nulls);
    BatchPtr read = RoundTripBatch(*batch);
    ExpectSameRows(*batch, *read);
    for (size_t c = 0; c < read->num_columns(); ++c) {
      EXPECT_EQ(read->column(c)->NullCount(), with_nulls ? 1u : 0u) << "column " << c;
    }
  }
}

TEST(BatchSerde, SelectionDictionaryConstantAndSlicedColumnsArriveFlat) {
  ColumnBuilder entries(TypeId::kString);
  for (const char* text : {"alpha", "", "gamma"}) entries.Append(Value::String(text));
  auto dictionary = ColumnVector::MakeDictionary(entries.Finish(), 5);
  const int32_t indices[] = {2, 0, 0, 1, 2};
  std::copy(std::begin(indices), std::end(indices), dictionary->mutable_dictionary_indices());
  dictionary->SetNull(3);
  ColumnVectorPtr constant =
      ColumnVector::MakeConstant(Value::Decimal(-12345, DataType::Decimal(9, 2)), 5);
  ColumnVectorPtr nulls = ColumnVector::MakeNulls(TypeId::kDate, 5);
  ColumnVectorPtr untyped = ColumnVector::MakeNulls(TypeId::kNull, 5);
  ColumnBuilder strings(TypeId::kBinary);
  for (int i = 0; i < 8; ++i) strings.Append(Value::Binary(std::string(i, static_cast<char>(i))));
  ColumnVectorPtr sliced = strings.Finish()->Slice(3, 5);  // offsets do not start at 0
  auto batch = std::make_shared<Batch>(
      std::vector<ColumnVectorPtr>{dictionary, constant, nulls, sliced, untyped}, 5);
  ExpectSameRows(*batch, *RoundTripBatch(*batch));

  auto selected = std::make_shared<Batch>(
      batch->columns(), 5, std::make_shared<const SelectionVector>(SelectionVector{1, 3, 4}));
  BatchPtr read = RoundTripBatch(*selected);
  ExpectSameRows(*selected, *read);
  EXPECT_EQ(read->column(0)->StringAt(0), "alpha");
  EXPECT_TRUE(read->column(0)->IsNull(1));
}

TEST(BatchSerde, ZeroColumnsAndZeroRows) {
  Batch no_columns({}, 12345);
  BatchPtr read = RoundTripBatch(no_columns);
  EXPECT_EQ(read->num_rows(), 12345u);
  EXPECT_EQ(read->num_columns(), 0u);
  Batch no_rows({ColumnBuilder(TypeId::kString).Finish(), ColumnBuilder(TypeId::kLong).Finish()},
                0);
  read = RoundTripBatch(no_rows);
  EXPECT_EQ(read->num_rows(), 0u);
  EXPECT_EQ(read->num_columns(), 2u);
}

TEST(BatchSerde, BooleansAreNormalized) {
  proto::Batch message;
  message.set_num_rows(3);
  proto::Column* column = message.add_columns();
  column->mutable_type()->set_id(proto::TYPE_BOOLEAN);
  column->set_values(std::string("\x00\x01\x07", 3));
  BatchPtr read = FromProto(message);
  EXPECT_EQ(read->column(0)->GetValue(2), Value::Boolean(true));
  EXPECT_EQ(read->column(0)->data<uint8_t>()[2], 1);
}

TEST(BatchSerde, BadBuffersAreRejected) {
  proto::Batch good;
  ToProto(*EdgeValueBatch(true), &good);
  auto column_of = [&](proto::Batch& batch, TypeId id) -> proto::Column& {
    for (auto& column : *batch.mutable_columns()) {
      if (column.type().id() == static_cast<int>(id)) return column;
    }
    throw std::logic_error("no such column");
  };
  struct Case {
    const char* name;
    std::function<void(proto::Batch&)> corrupt;
    const char* expected;
  };
  const std::vector<Case> cases = {
      {"short values",
       [&](proto::Batch& b) { column_of(b, TypeId::kLong).mutable_values()->pop_back(); },
       "2 rows of bigint need 8 bytes each, found 15 bytes"},
      {"short validity",
       [&](proto::Batch& b) { column_of(b, TypeId::kInt).mutable_validity()->resize(3); },
       "the validity bitmap of 2 rows needs 8 bytes, found 3"},
      {"missing offsets", [&](proto::Batch& b) { column_of(b, TypeId::kString).clear_offsets(); },
       "2 rows of string need 3 offsets, found 0 bytes of offsets"},
      {"backwards offsets",
       [&](proto::Batch& b) {
         std::string& offsets = *column_of(b, TypeId::kString).mutable_offsets();
         int32_t huge = 1 << 30;
         std::memcpy(offsets.data() + 4, &huge, 4);
       },
       "string offsets go backwards at row 1"},
      {"chars too short",
       [&](proto::Batch& b) { column_of(b, TypeId::kBinary).mutable_chars()->pop_back(); },
       "bytes but"},
      {"too many rows", [&](proto::Batch& b) { b.set_num_rows(uint64_t{1} << 40); },
       "a batch of 1099511627776 rows is too large"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    proto::Batch bad = good;
    c.corrupt(bad);
    ExpectInvalid([&] { FromProto(bad); }, c.expected);
  }
}

// ---------------------------------------------------------------------------------------------
// Plans.

/// Serializes `plan`, reads it back and serializes the copy: the bytes must agree, and for a
/// whole plan so must the explain text. Returns the copy.
PhysicalPlanPtr RoundTrip(const PhysicalPlanPtr& plan,
                          ExchangeSubtrees subtrees = ExchangeSubtrees::kKeep) {
  std::string bytes = SerializePlan(plan, subtrees);
  PhysicalPlanPtr read = DeserializePlan(bytes);
  EXPECT_EQ(SerializePlan(read, subtrees), bytes);
  if (subtrees == ExchangeSubtrees::kKeep) EXPECT_EQ(read->TreeString(), plan->TreeString());
  return read;
}

void ExpectSameExpr(const ExprPtr& a, const ExprPtr& b) {
  ASSERT_EQ(a == nullptr, b == nullptr);
  if (!a) return;
  EXPECT_EQ(a->kind, b->kind);
  EXPECT_EQ(a->name, b->name);
  EXPECT_TRUE(SameValue(a->literal, b->literal));
  EXPECT_EQ(a->type, b->type);
  EXPECT_EQ(a->nullable, b->nullable);
  EXPECT_EQ(a->resolved, b->resolved);
  EXPECT_EQ(a->id, b->id);
  EXPECT_EQ(a->plan_id, b->plan_id);
  EXPECT_EQ(a->index, b->index);
  EXPECT_EQ(a->ascending, b->ascending);
  EXPECT_EQ(a->nulls_first, b->nulls_first);
  EXPECT_EQ(a->distinct, b->distinct);
  EXPECT_EQ(a->try_cast, b->try_cast);
  EXPECT_EQ(a->implicit, b->implicit);
  EXPECT_EQ(a->ignore_nulls, b->ignore_nulls);
  ASSERT_EQ(a->children.size(), b->children.size());
  for (size_t i = 0; i < a->children.size(); ++i) ExpectSameExpr(a->children[i], b->children[i]);
}

void ExpectSameExprs(const std::vector<ExprPtr>& a, const std::vector<ExprPtr>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) ExpectSameExpr(a[i], b[i]);
}

void ExpectSamePartitioning(const Partitioning& a, const Partitioning& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.num_partitions, b.num_partitions);
  ExpectSameExprs(a.exprs, b.exprs);
  EXPECT_EQ(a.key_ids, b.key_ids);
  EXPECT_EQ(a.coalescable, b.coalescable);
}

/// Compares every field of two nodes (children by their own fields, recursively).
void ExpectSameNode(const PhysicalPlan& a, const PhysicalPlan& b) {
  EXPECT_EQ(a.kind, b.kind);
  EXPECT_EQ(a.schema, b.schema);
  EXPECT_EQ(a.output_ids, b.output_ids);
  EXPECT_EQ(a.num_partitions, b.num_partitions);
  ExpectSamePartitioning(a.output_partitioning, b.output_partitioning);
  EXPECT_EQ(a.node_id, b.node_id);
  ExpectSameExprs(a.exprs, b.exprs);
  ExpectSameExpr(a.condition, b.condition);
  ExpectSameExprs(a.grouping, b.grouping);
  ASSERT_EQ(a.aggregates.size(), b.aggregates.size());
  for (size_t i = 0; i < a.aggregates.size(); ++i) {
    const AggregateCall &x = a.aggregates[i], &y = b.aggregates[i];
    EXPECT_EQ(x.function, y.function);
    ExpectSameExprs(x.args, y.args);
    EXPECT_EQ(x.arg_types, y.arg_types);
    EXPECT_EQ(x.ignore_nulls, y.ignore_nulls);
    EXPECT_EQ(x.result_type, y.result_type);
    EXPECT_EQ(x.result_nullable, y.result_nullable);
    EXPECT_EQ(Schema(x.state_fields), Schema(y.state_fields));
    EXPECT_EQ(x.display, y.display);
    EXPECT_EQ(x.merge_input, y.merge_input);
  }
  EXPECT_EQ(a.mode, b.mode);
  EXPECT_EQ(a.join_type, b.join_type);
  ExpectSameExprs(a.left_keys, b.left_keys);
  ExpectSameExprs(a.right_keys, b.right_keys);
  EXPECT_EQ(a.build_side, b.build_side);
  ExpectSamePartitioning(a.partitioning, b.partitioning);
  EXPECT_EQ(a.start, b.start);
  EXPECT_EQ(a.end, b.end);
  EXPECT_EQ(a.step, b.step);
  ASSERT_EQ(a.local_data == nullptr, b.local_data == nullptr);
  if (a.local_data) {
    EXPECT_EQ(a.local_data->schema, b.local_data->schema);
    EXPECT_EQ(a.local_data->num_rows, b.local_data->num_rows);
    EXPECT_EQ(a.local_data->byte_size, b.local_data->byte_size);
    ASSERT_EQ(a.local_data->partitions.size(), b.local_data->partitions.size());
    for (size_t p = 0; p < a.local_data->partitions.size(); ++p) {
      ASSERT_EQ(a.local_data->partitions[p].size(), b.local_data->partitions[p].size());
      for (size_t i = 0; i < a.local_data->partitions[p].size(); ++i) {
        ExpectSameRows(*a.local_data->partitions[p][i], *b.local_data->partitions[p][i]);
      }
    }
  }
  ASSERT_EQ(a.file_source == nullptr, b.file_source == nullptr);
  if (a.file_source) {
    const FileSource &x = *a.file_source, &y = *b.file_source;
    EXPECT_EQ(x.format, y.format);
    EXPECT_EQ(x.options.values(), y.options.values());
    EXPECT_EQ(x.index.partition_schema, y.index.partition_schema);
    EXPECT_EQ(x.data_schema, y.data_schema);
    ASSERT_EQ(x.index.files.size(), y.index.files.size());
    for (size_t f = 0; f < x.index.files.size(); ++f) {
      EXPECT_EQ(x.index.files[f].path, y.index.files[f].path);
      EXPECT_EQ(x.index.files[f].size, y.index.files[f].size);
      EXPECT_EQ(x.index.files[f].partition_values, y.index.files[f].partition_values);
    }
    ASSERT_EQ(x.predicates.size(), y.predicates.size());
    for (size_t i = 0; i < x.predicates.size(); ++i) {
      EXPECT_EQ(x.predicates[i].column, y.predicates[i].column);
      EXPECT_EQ(x.predicates[i].op, y.predicates[i].op);
      EXPECT_EQ(x.predicates[i].value, y.predicates[i].value);
    }
  }
  ASSERT_EQ(a.file_partitions == nullptr, b.file_partitions == nullptr);
  if (a.file_partitions) {
    ASSERT_EQ(a.file_partitions->size(), b.file_partitions->size());
    for (size_t p = 0; p < a.file_partitions->size(); ++p) {
      const auto &x = (*a.file_partitions)[p], &y = (*b.file_partitions)[p];
      ASSERT_EQ(x.size(), y.size());
      for (size_t s = 0; s < x.size(); ++s) {
        EXPECT_EQ(x[s].file, y[s].file);
        EXPECT_EQ(x[s].start, y[s].start);
        EXPECT_EQ(x[s].length, y[s].length);
      }
    }
  }
  EXPECT_EQ(a.limit, b.limit);
  EXPECT_EQ(a.global_sort, b.global_sort);
  EXPECT_EQ(std::bit_cast<uint64_t>(a.fraction), std::bit_cast<uint64_t>(b.fraction));
  EXPECT_EQ(a.seed, b.seed);
  EXPECT_EQ(a.with_replacement, b.with_replacement);
  EXPECT_EQ(a.cache_id, b.cache_id);
  ASSERT_EQ(a.children.size(), b.children.size());
  for (size_t i = 0; i < a.children.size(); ++i) ExpectSameNode(*a.children[i], *b.children[i]);
}

TEST(PlanSerde, EveryFieldOfEveryNodeRoundTrips) {
  for (const PhysicalPlanPtr& plan : NodesWithEveryField()) {
    SCOPED_TRACE(plan->NodeString());
    ExpectSameNode(*plan, *RoundTrip(plan));
  }
}

TEST(PlanSerde, SharedSubtreesStayShared) {
  PhysicalPlanPtr leaf = NodesWithEveryField().front();
  auto filter = std::make_shared<PhysicalPlan>();
  filter->kind = PhysicalKind::kFilter;
  filter->schema = leaf->schema;
  filter->num_partitions = leaf->num_partitions;
  filter->condition = MakeLiteral(Value::Boolean(true));
  filter->children = {leaf};
  // Another node with the same child and the same condition object.
  auto other = std::make_shared<PhysicalPlan>(*filter);
  auto both = std::make_shared<PhysicalPlan>(*filter);
  both->kind = PhysicalKind::kUnion;
  both->condition = nullptr;
  both->children = {filter, other, filter};
  both->num_partitions = 3 * leaf->num_partitions;

  PhysicalPlanPtr read = RoundTrip(both);
  EXPECT_EQ(read->children[0], read->children[2]);
  EXPECT_NE(read->children[0], read->children[1]);
  EXPECT_EQ(read->children[0]->children[0], read->children[1]->children[0]);
  EXPECT_EQ(read->children[0]->condition, read->children[1]->condition);
  proto::PhysicalPlan message;
  PlanToProto(both, ExchangeSubtrees::kKeep, &message);
  EXPECT_EQ(message.nodes_size(), 4);  // leaf, filter, other, union
  proto::PhysicalPlan leaf_only;
  PlanToProto(leaf, ExchangeSubtrees::kKeep, &leaf_only);
  EXPECT_EQ(message.exprs_size(), leaf_only.exprs_size() + 1);  // plus the shared condition
  EXPECT_EQ(message.local_data_size(), leaf->local_data ? 1 : 0);
}

/// Builds plans of queries over every operator and returns their physical plans.
class PlannedQueries : public testing::TempDirTest {
 protected:
  std::vector<PhysicalPlanPtr> Plans() {
    Session spark = NewSession({{conf::kBroadcastThreshold, "-1"}});
    DataFrame people = spark.createDataFrame(
        {Row::of(1L, "ann", 3.5), Row::of(2L, "bob", nullptr), Row::of(nullptr, "", -1.0)},
        "id bigint, name string, score double");
    DataFrame numbers = spark.range(0, 1000, 3, 4).withColumn("bucket", col("id") % 7);
    Write("csv/year=2024/part=a%3Db/x.csv", "k,v\n1,x\n2,y\n");
    Write("csv/year=2025/part=c/y.csv", "k,v\n3,z\n");
    DataFrame csv = spark.read()
                        .option("header", "true")
                        .option("inferSchema", "true")
                        .csv((dir_ / "csv").string());
    std::string parquet = (dir_ / "parquet").string();
    numbers.write().parquet(parquet);
    DataFrame pushed =
        spark.read().parquet(parquet).filter(col("id") > 500 && col("bucket").isNotNull());
    DataFrame cached = people.filter(col("score") > 0);
    cached.cache();

    std::vector<DataFrame> frames = {
        numbers.groupBy("bucket").agg(sum("id"), avg("id"), countDistinct(col("id")),
                                      first(col("id"), true)),
        people.join(numbers, people["id"] == numbers["bucket"], "left"),
        people.join(numbers, people["id"] < numbers["id"], "inner"),
        people.crossJoin(numbers.limit(2)),
        numbers.orderBy(col("bucket").desc_nulls_last(), "id").limit(10),
        numbers.union_(numbers.filter(col("bucket") == 3)).sample(true, 0.5, 42),
        numbers.repartition(5).coalesce(2).sortWithinPartitions({col("id")}),
        numbers.repartitionByRange(3, {col("bucket")}),
        people.select(when(col("score") > 1, "hi").otherwise(col("name")).alias("w"),
                      col("id").cast("decimal(20,2)"), lit(Value::Binary("\x01\x02")),
                      coalesce({col("name"), lit("none")}), col("name").isin({"ann", "x"})),
        cached.select(col("name")),
        csv.filter(col("year") == 2025).select("k", "part"),
        pushed,
        spark.createDataFrame({Row::of(1L)}, "x bigint").join(people, people["id"] == 1L, "full"),
    };
    Session broadcasting = NewSession();
    DataFrame small = broadcasting.createDataFrame({Row::of(1L, "one")}, "k bigint, s string");
    frames.push_back(broadcasting.range(10).join(small, col("id") == col("k"), "left_semi"));
    std::vector<PhysicalPlanPtr> plans;
    for (const DataFrame& frame : frames)
      plans.push_back(frame.state()->PlanPhysical(frame.plan()));
    return plans;
  }
};

TEST_F(PlannedQueries, EveryOperatorKindRoundTrips) {
  std::set<PhysicalKind> kinds;
  std::set<Partitioning::Kind> exchanges;
  for (const PhysicalPlanPtr& plan : Plans()) {
    SCOPED_TRACE(plan->TreeString());
    ExpectSameNode(*plan, *RoundTrip(plan));
    VisitPlan(plan, [&](const PhysicalPlanPtr& node) {
      kinds.insert(node->kind);
      if (node->IsExchange()) exchanges.insert(node->partitioning.kind);
    });
  }
  EXPECT_EQ(kinds.size(), static_cast<size_t>(PhysicalKind::kFileScan) + 1);
  EXPECT_EQ(exchanges,
            (std::set<Partitioning::Kind>{
                Partitioning::Kind::kSingle, Partitioning::Kind::kHash, Partitioning::Kind::kRange,
                Partitioning::Kind::kRoundRobin, Partitioning::Kind::kBroadcast}));
}

TEST_F(PlannedQueries, FragmentsStopAtExchanges) {
  for (const PhysicalPlanPtr& plan : Plans()) {
    for (ExchangeSubtrees subtrees : {ExchangeSubtrees::kCutAll, ExchangeSubtrees::kCutBelowRoot}) {
      PhysicalPlanPtr read = RoundTrip(plan, subtrees);
      VisitPlan(read, [&](const PhysicalPlanPtr& node) {
        bool keeps_child = node == read && subtrees == ExchangeSubtrees::kCutBelowRoot;
        if (node->IsExchange()) {
          EXPECT_EQ(node->children.size(), keeps_child ? 1u : 0u);
        }
      });
      // The nodes above the exchanges are unchanged.
      EXPECT_EQ(read->NodeString(), plan->NodeString());
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Bad bytes.

TEST(PlanSerdeErrors, GarbageIsRejected) {
  ExpectInvalid([] { DeserializePlan(""); }, "format version 0 is not 1");
  ExpectInvalid([] { DeserializePlan("\xff\xff\xff"); }, "not a valid protobuf encoding");
  ExpectInvalid([] { DeserializePlan("hello, plan"); }, "Cannot read a serialized physical plan");
}

TEST(PlanSerdeErrors, EveryTruncationAndBitFlipFailsCleanly) {
  for (const PhysicalPlanPtr& plan : NodesWithEveryField()) {
    std::string bytes = SerializePlan(plan);
    ExpectDecodesOrFailsCleanly(bytes, [](std::string_view corrupt) {
      PhysicalPlanPtr read = DeserializePlan(corrupt);
      read->TreeString();  // a plan that was accepted must print without crashing
    });
  }
}

TEST(PlanSerdeErrors, EachCheckNamesTheProblem) {
  proto::PhysicalPlan good;
  PlanToProto(FilterOverLocalData(), ExchangeSubtrees::kKeep, &good);
  ASSERT_EQ(good.nodes_size(), 2);  // local scan, filter
  struct Case {
    const char* name;
    std::function<void(proto::PhysicalPlan&)> corrupt;
    const char* expected;
  };
  auto filter = [](proto::PhysicalPlan& plan) { return plan.mutable_nodes(1); };
  auto scan = [](proto::PhysicalPlan& plan) { return plan.mutable_nodes(0); };
  const std::vector<Case> cases = {
      {"version", [](proto::PhysicalPlan& p) { p.set_version(7); }, "format version 7 is not 1"},
      {"child after parent", [&](proto::PhysicalPlan& p) { filter(p)->set_children(0, 1); },
       "node 1 (Filter): child 1 is not an earlier node"},
      {"missing child", [&](proto::PhysicalPlan& p) { filter(p)->clear_children(); },
       "node 1 (Filter): it has 0 children, expected 1"},
      {"unknown kind",
       [&](proto::PhysicalPlan& p) { filter(p)->set_kind(static_cast<proto::PhysicalKind>(99)); },
       "node 1: unknown operator kind 99"},
      {"condition out of range", [&](proto::PhysicalPlan& p) { filter(p)->set_condition(1000); },
       "the condition is expression 1000, which does not exist"},
      {"no condition", [&](proto::PhysicalPlan& p) { filter(p)->clear_condition(); },
       "node 1 (Filter): it has no condition"},
      {"column out of range",
       [&](proto::PhysicalPlan& p) {
         for (auto& e : *p.mutable_exprs())
           if (e.kind() == proto::EXPR_BOUND_REFERENCE) e.set_index(5);
       },
       "the condition reads column 5 of an input with 2 columns"},
      {"column of another type",
       [&](proto::PhysicalPlan& p) {
         for (auto& e : *p.mutable_exprs())
           if (e.kind() == proto::EXPR_BOUND_REFERENCE)
             e.mutable_type()->set_id(proto::TYPE_DOUBLE);
       },
       "reads column 0 as double but it holds bigint"},
      {"expression child forward",
       [](proto::PhysicalPlan& p) { p.mutable_exprs(0)->add_children(0); },
       "expression 0: child 0 is not an earlier expression"},
      {"cast without child",
       [](proto::PhysicalPlan& p) {
         for (auto& e : *p.mutable_exprs())
           if (e.kind() == proto::EXPR_CALL) e.set_kind(proto::EXPR_CAST);
       },
       "it has 2 children, expected 1"},
      {"and with one argument",
       [](proto::PhysicalPlan& p) {
         for (auto& e : *p.mutable_exprs())
           if (e.kind() == proto::EXPR_CALL) e.set_name("and"), e.mutable_children()->RemoveLast();
       },
       "it has 1 children, expected 2"},
      {"literal of another type",
       [](proto::PhysicalPlan& p) {
         for (auto& e : *p.mutable_exprs())
           if (e.kind() == proto::EXPR_LITERAL) e.mutable_type()->set_id(proto::TYPE_STRING);
       },
       "a literal of type bigint is typed string"},
      {"local data missing", [&](proto::PhysicalPlan& p) { scan(p)->set_local_data(3); },
       "node 0 (LocalScan): local data 3 does not exist"},
      {"local data partitions", [&](proto::PhysicalPlan& p) { scan(p)->set_num_partitions(5); },
       "its local data has 2 partitions, expected 5"},
      {"local batch schema",
       [](proto::PhysicalPlan& p) {
         p.mutable_local_data(0)
             ->mutable_partitions(0)
             ->mutable_batches(0)
             ->mutable_columns()
             ->RemoveLast();
       },
       "local data 0: partition 0 batch 0 has 1 columns, expected 2"},
      {"file scan without source",
       [&](proto::PhysicalPlan& p) { scan(p)->set_kind(proto::PHYSICAL_FILE_SCAN); },
       "node 0 (FileScan): it has no file source"},
      {"exchange into no partitions",
       [&](proto::PhysicalPlan& p) {
         filter(p)->set_kind(proto::PHYSICAL_EXCHANGE);
         filter(p)->mutable_partitioning()->set_num_partitions(0);
       },
       "an exchange into 0 partitions"},
      {"unknown join type",
       [&](proto::PhysicalPlan& p) { filter(p)->set_join_type(static_cast<proto::JoinType>(-3)); },
       "unknown join type -3"},
      {"no nodes", [](proto::PhysicalPlan& p) { p.clear_nodes(); }, "the plan has no nodes"},
      {"output of another type",
       [&](proto::PhysicalPlan& p) {
         filter(p)->mutable_schema()->mutable_fields(0)->mutable_type()->set_id(proto::TYPE_DOUBLE);
       },
       "node 1 (Filter): its output columns (double, string) differ from the columns it produces "
       "(bigint, string)"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    proto::PhysicalPlan bad = good;
    c.corrupt(bad);
    ExpectInvalid([&] { DeserializePlan(bad.SerializeAsString()); }, c.expected);
  }
  // The unchanged message is accepted, so each failure above comes from its corruption.
  EXPECT_NO_THROW(DeserializePlan(good.SerializeAsString()));
}

TEST(PlanSerdeErrors, SharedDagsThatExpandExponentiallyAreRejected) {
  proto::PhysicalPlan plan;
  PlanToProto(FilterOverLocalData(), ExchangeSubtrees::kKeep, &plan);
  // Each expression adds the previous one to itself: 2^40 nodes once expanded.
  uint32_t previous = 0;
  for (int i = 0; i < 40; ++i) {
    proto::Expr* add = plan.add_exprs();
    add->set_kind(proto::EXPR_CALL);
    add->set_name("add");
    add->add_children(previous);
    add->add_children(previous);
    previous = static_cast<uint32_t>(plan.exprs_size() - 1);
  }
  ExpectInvalid([&] { DeserializePlan(plan.SerializeAsString()); }, "expands to more than");
}

}  // namespace
}  // namespace ember

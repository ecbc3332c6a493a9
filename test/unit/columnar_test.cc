// Unit tests of the columnar layer: builders with nulls, constant columns, Gather/Slice/Flatten,
// null counting across bitmap words, and batches with selection vectors.

#include <gtest/gtest.h>

#include "column_test_util.h"
#include "ember/columnar/batch.h"
#include "ember/columnar/buffer.h"
#include "ember/columnar/column.h"

namespace ember {
namespace {

using testing::IntColumn;
using testing::Render;
using testing::StringColumn;
using testing::Strings;

TEST(BufferTest, ResizeKeepsPrefixAndAccountsBytes) {
  int64_t before = Buffer::TotalAllocatedBytes();
  {
    Buffer buffer(8);
    buffer.as<int32_t>()[0] = 7;
    buffer.as<int32_t>()[1] = 9;
    buffer.Resize(4096);
    EXPECT_EQ(buffer.size(), 4096u);
    EXPECT_GE(buffer.capacity(), 4096u);
    EXPECT_EQ(buffer.as<int32_t>()[0], 7);
    EXPECT_EQ(buffer.as<int32_t>()[1], 9);
    EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % 64, 0u);
    EXPECT_GE(Buffer::TotalAllocatedBytes() - before, 4096);
    Buffer moved = std::move(buffer);
    EXPECT_EQ(moved.as<int32_t>()[1], 9);
    EXPECT_EQ(buffer.data(), nullptr);  // NOLINT: checks the moved-from state
  }
  EXPECT_EQ(Buffer::TotalAllocatedBytes(), before);
}

TEST(ColumnBuilderTest, BuildsFixedWidthColumnWithNulls) {
  ColumnBuilder builder(TypeId::kInt);
  builder.Append(Value::Int(1));
  builder.AppendNull();
  builder.Append(Value::Int(3));
  builder.Append(Value::Null(TypeId::kInt));
  EXPECT_EQ(builder.size(), 4u);
  ColumnVectorPtr column = builder.Finish();
  EXPECT_EQ(column->type(), DataType(TypeId::kInt));
  EXPECT_EQ(column->size(), 4u);
  EXPECT_FALSE(column->is_constant());
  EXPECT_TRUE(column->may_have_nulls());
  EXPECT_EQ(column->NullCount(), 2u);
  EXPECT_FALSE(column->IsNull(0));
  EXPECT_TRUE(column->IsNull(1));
  EXPECT_FALSE(column->IsNull(2));
  EXPECT_TRUE(column->IsNull(3));
  EXPECT_EQ(column->ValueAt<int32_t>(2), 3);
  EXPECT_EQ(column->GetValue(0), Value::Int(1));
  EXPECT_EQ(column->GetValue(1), Value::Null(TypeId::kInt));
  // The builder is reusable after Finish.
  builder.Append(Value::Int(5));
  ColumnVectorPtr second = builder.Finish();
  EXPECT_EQ(Render(second), (Strings{"5"}));
  EXPECT_EQ(second->NullCount(), 0u);
}

TEST(ColumnBuilderTest, ColumnWithoutNullsHasNoBitmap) {
  ColumnVectorPtr column = IntColumn({1, 2, 3});
  EXPECT_FALSE(column->may_have_nulls());
  EXPECT_EQ(column->validity(), nullptr);
  EXPECT_EQ(column->NullCount(), 0u);
}

TEST(ColumnBuilderTest, KeepsNullsAcrossGrowthAndBitmapWords) {
  ColumnBuilder builder(TypeId::kLong);
  size_t expected_nulls = 0;
  for (int64_t i = 0; i < 200; ++i) {
    if (i % 7 == 0) {
      builder.AppendNull();
      ++expected_nulls;
    } else {
      builder.Append(Value::Long(i * 10));
    }
  }
  ColumnVectorPtr column = builder.Finish();
  ASSERT_EQ(column->size(), 200u);
  EXPECT_EQ(expected_nulls, 29u);
  EXPECT_EQ(column->NullCount(), 29u);
  for (int64_t i = 0; i < 200; ++i) {
    EXPECT_EQ(column->IsNull(i), i % 7 == 0) << "row " << i;
    if (i % 7 != 0) {
      EXPECT_EQ(column->ValueAt<int64_t>(i), i * 10) << "row " << i;
    }
  }
}

TEST(ColumnBuilderTest, NullsAfterManyValidValues) {
  // The first null arrives after the builder has grown several times without a bitmap.
  ColumnBuilder builder(TypeId::kDouble);
  for (int i = 0; i < 100; ++i) builder.Append(Value::Double(i + 0.5));
  builder.AppendNull();
  for (int i = 0; i < 100; ++i) builder.Append(Value::Double(-i));
  ColumnVectorPtr column = builder.Finish();
  ASSERT_EQ(column->size(), 201u);
  EXPECT_EQ(column->NullCount(), 1u);
  EXPECT_TRUE(column->IsNull(100));
  EXPECT_FALSE(column->IsNull(99));
  EXPECT_FALSE(column->IsNull(101));
  EXPECT_FALSE(column->IsNull(200));
  EXPECT_EQ(column->ValueAt<double>(99), 99.5);
  EXPECT_EQ(column->ValueAt<double>(200), -99.0);
}

TEST(ColumnBuilderTest, BuildsStringColumnWithNulls) {
  ColumnBuilder builder(TypeId::kString);
  for (int i = 0; i < 150; ++i) {
    if (i % 3 == 1) {
      builder.AppendNull();
    } else {
      builder.Append(Value::String(std::string(i % 5, 'x') + std::to_string(i)));
    }
  }
  ColumnVectorPtr column = builder.Finish();
  ASSERT_EQ(column->size(), 150u);
  EXPECT_EQ(column->NullCount(), 50u);
  for (int i = 0; i < 150; ++i) {
    EXPECT_EQ(column->IsNull(i), i % 3 == 1) << "row " << i;
    if (i % 3 != 1) {
      EXPECT_EQ(column->StringAt(i), std::string(i % 5, 'x') + std::to_string(i)) << "row " << i;
    }
  }
  EXPECT_EQ(column->GetValue(0), Value::String("0"));
  EXPECT_EQ(column->GetValue(1), Value::Null(TypeId::kString));
}

TEST(ColumnBuilderTest, StringColumnStartingWithNull) {
  ColumnVectorPtr column = StringColumn({std::nullopt, "", "héllo"});
  EXPECT_EQ(Render(column), (Strings{"NULL", "", "héllo"}));
  EXPECT_EQ(column->NullCount(), 1u);
  EXPECT_EQ(column->StringAt(1), "");
  EXPECT_EQ(column->StringAt(2).size(), 6u);
}

TEST(ColumnBuilderTest, AppendFromCopiesRowsOfFlatAndConstantColumns) {
  ColumnVectorPtr source = IntColumn({10, std::nullopt, 30});
  ColumnVectorPtr constant = ColumnVector::MakeConstant(Value::Int(7), 4);
  ColumnBuilder builder(TypeId::kInt);
  builder.AppendFrom(*source, 2);
  builder.AppendFrom(*source, 1);
  builder.AppendFrom(*constant, 3);
  builder.AppendFrom(*source, 0);
  EXPECT_EQ(Render(builder.Finish()), (Strings{"30", "NULL", "7", "10"}));
}

TEST(ColumnBuilderTest, BuildsDecimalDateAndBooleanColumns) {
  DataType decimal = DataType::Decimal(10, 2);
  ColumnVectorPtr decimals = testing::DecimalColumn(decimal, {12345, std::nullopt, -5});
  EXPECT_EQ(decimals->type(), decimal);
  EXPECT_EQ(Render(decimals), (Strings{"123.45", "NULL", "-0.05"}));
  EXPECT_EQ(decimals->GetValue(0), Value::Decimal(12345, decimal));
  EXPECT_EQ(Render(testing::DateColumn({19782, -1})), (Strings{"2024-02-29", "1969-12-31"}));
  EXPECT_EQ(Render(testing::BoolColumn({true, std::nullopt, false})),
            (Strings{"true", "NULL", "false"}));
}

TEST(ColumnTest, GatherReordersAndRepeatsRowsWithNulls) {
  ColumnVectorPtr column = IntColumn({1, std::nullopt, 3, 4});
  std::vector<uint32_t> indices = {3, 1, 0, 1, 3};
  ColumnVectorPtr gathered = column->Gather(indices.data(), indices.size());
  EXPECT_EQ(Render(gathered), (Strings{"4", "NULL", "1", "NULL", "4"}));
  EXPECT_EQ(gathered->NullCount(), 2u);
  std::vector<uint32_t> none;
  EXPECT_EQ(column->Gather(none.data(), 0)->size(), 0u);
}

TEST(ColumnTest, GatherStrings) {
  ColumnVectorPtr column = StringColumn({"a", std::nullopt, "ccc"});
  std::vector<uint32_t> indices = {2, 2, 1, 0};
  EXPECT_EQ(Render(column->Gather(indices.data(), indices.size())),
            (Strings{"ccc", "ccc", "NULL", "a"}));
}

TEST(ColumnTest, SliceCrossesBitmapWords) {
  ColumnBuilder builder(TypeId::kInt);
  for (int i = 0; i < 130; ++i) {
    if (i % 10 == 0)
      builder.AppendNull();
    else
      builder.Append(Value::Int(i));
  }
  ColumnVectorPtr column = builder.Finish();
  ColumnVectorPtr slice = column->Slice(60, 10);
  EXPECT_EQ(Render(slice), (Strings{"NULL", "61", "62", "63", "64", "65", "66", "67", "68", "69"}));
  EXPECT_EQ(slice->NullCount(), 1u);
  ColumnVectorPtr tail = column->Slice(100, 30);
  EXPECT_EQ(tail->size(), 30u);
  EXPECT_EQ(tail->NullCount(), 3u);
  EXPECT_EQ(tail->GetValue(29), Value::Int(129));
  EXPECT_EQ(column->Slice(5, 0)->size(), 0u);
}

TEST(ColumnTest, ConstantColumnRepeatsOneValue) {
  ColumnVectorPtr column = ColumnVector::MakeConstant(Value::Int(7), 5);
  EXPECT_TRUE(column->is_constant());
  EXPECT_EQ(column->size(), 5u);
  EXPECT_EQ(column->type(), DataType(TypeId::kInt));
  EXPECT_EQ(column->ValueAt<int32_t>(4), 7);
  EXPECT_EQ(column->GetValue(3), Value::Int(7));
  EXPECT_EQ(column->NullCount(), 0u);
  EXPECT_FALSE(column->IsNull(4));

  ColumnVectorPtr text = ColumnVector::MakeConstant(Value::String("hi"), 3);
  EXPECT_TRUE(text->is_constant());
  EXPECT_EQ(text->StringAt(2), "hi");
  EXPECT_EQ(Render(text), (Strings{"hi", "hi", "hi"}));

  DataType decimal = DataType::Decimal(5, 1);
  EXPECT_EQ(Render(ColumnVector::MakeConstant(Value::Decimal(-15, decimal), 2)),
            (Strings{"-1.5", "-1.5"}));
}

TEST(ColumnTest, NullColumnsAreConstantNulls) {
  ColumnVectorPtr nulls = ColumnVector::MakeNulls(TypeId::kInt, 4);
  EXPECT_TRUE(nulls->is_constant());
  EXPECT_EQ(nulls->size(), 4u);
  EXPECT_EQ(nulls->NullCount(), 4u);
  EXPECT_TRUE(nulls->IsNull(3));
  EXPECT_EQ(nulls->GetValue(2), Value::Null(TypeId::kInt));

  ColumnVectorPtr strings = ColumnVector::MakeNulls(TypeId::kString, 3);
  EXPECT_EQ(strings->NullCount(), 3u);
  EXPECT_EQ(Render(strings->Flatten()), (Strings{"NULL", "NULL", "NULL"}));
}

TEST(ColumnTest, FlattenExpandsConstants) {
  ColumnVectorPtr constant = ColumnVector::MakeConstant(Value::Long(-2), 70);
  ColumnVectorPtr flat = constant->Flatten();
  EXPECT_FALSE(flat->is_constant());
  ASSERT_EQ(flat->size(), 70u);
  EXPECT_EQ(flat->ValueAt<int64_t>(0), -2);
  EXPECT_EQ(flat->ValueAt<int64_t>(69), -2);
  EXPECT_EQ(flat->NullCount(), 0u);

  ColumnVectorPtr null_flat = ColumnVector::MakeNulls(TypeId::kDouble, 70)->Flatten();
  EXPECT_FALSE(null_flat->is_constant());
  EXPECT_EQ(null_flat->NullCount(), 70u);
  EXPECT_TRUE(null_flat->IsNull(69));

  // A flat column flattens to itself.
  ColumnVectorPtr already = IntColumn({1, 2});
  EXPECT_EQ(already->Flatten(), already);
}

TEST(ColumnTest, DictionaryColumnReadsThroughItsDictionary) {
  ColumnVectorPtr column =
      testing::DictionaryColumn({"red", "", "grün"}, {2, 0, std::nullopt, 1, 0});
  EXPECT_TRUE(column->is_dictionary());
  EXPECT_EQ(column->size(), 5u);
  EXPECT_EQ(column->StringAt(0), "grün");
  EXPECT_EQ(column->StringAt(3), "");
  EXPECT_EQ(column->NullCount(), 1u);
  EXPECT_EQ(Render(column), (Strings{"grün", "red", "NULL", "", "red"}));
  // Gather and Slice keep the encoding and the shared dictionary; Flatten decodes.
  std::vector<uint32_t> rows = {4, 2, 0};
  ColumnVectorPtr gathered = column->Gather(rows.data(), rows.size());
  EXPECT_TRUE(gathered->is_dictionary());
  EXPECT_EQ(gathered->dictionary(), column->dictionary());
  EXPECT_EQ(Render(gathered), (Strings{"red", "NULL", "grün"}));
  ColumnVectorPtr slice = column->Slice(1, 3);
  EXPECT_TRUE(slice->is_dictionary());
  EXPECT_EQ(Render(slice), (Strings{"red", "NULL", ""}));
  ColumnVectorPtr flat = column->Flatten();
  EXPECT_FALSE(flat->is_dictionary());
  EXPECT_EQ(flat->offsets()[5] - flat->offsets()[0], 11);  // grün(5) + red(3) + red(3)
  EXPECT_EQ(Render(flat), Render(column));
  // ByteSize estimates the flat size of the rows, not the shared dictionary per batch.
  EXPECT_EQ(column->ByteSize(), 5 * (4 + 8 / 3) + 8u);
}

TEST(ColumnTest, GatherFromConstantColumn) {
  ColumnVectorPtr constant = ColumnVector::MakeConstant(Value::String("z"), 10);
  std::vector<uint32_t> indices = {9, 0, 5};
  ColumnVectorPtr gathered = constant->Gather(indices.data(), indices.size());
  EXPECT_FALSE(gathered->is_constant());
  EXPECT_EQ(Render(gathered), (Strings{"z", "z", "z"}));
}

TEST(ColumnTest, SetNullAndSetValidEditTheBitmap) {
  auto column = ColumnVector::MakeFlat(TypeId::kInt, 100);
  for (int i = 0; i < 100; ++i) column->mutable_data<int32_t>()[i] = i;
  EXPECT_EQ(column->NullCount(), 0u);
  column->SetNull(0);
  column->SetNull(64);
  column->SetNull(99);
  EXPECT_EQ(column->NullCount(), 3u);
  column->SetValid(64);
  EXPECT_EQ(column->NullCount(), 2u);
  EXPECT_FALSE(column->IsNull(64));
  EXPECT_TRUE(column->IsNull(99));
}

// ---------------------------------------------------------------------------------------------
// Batches.

BatchPtr MakeBatch(std::vector<ColumnVectorPtr> columns,
                   std::shared_ptr<const SelectionVector> selection = nullptr) {
  size_t rows = columns.empty() ? 0 : columns[0]->size();
  return std::make_shared<Batch>(std::move(columns), rows, std::move(selection));
}

TEST(BatchTest, SelectionLimitsLiveRows) {
  auto selection = std::make_shared<SelectionVector>(SelectionVector{1, 3, 4});
  BatchPtr batch = MakeBatch(
      {IntColumn({10, 11, 12, 13, std::nullopt}), StringColumn({"a", "b", "c", "d", "e"})},
      selection);
  EXPECT_EQ(batch->num_rows(), 3u);
  EXPECT_EQ(batch->physical_rows(), 5u);
  EXPECT_EQ(batch->num_columns(), 2u);

  BatchPtr dense = batch->Materialize();
  EXPECT_EQ(dense->selection(), nullptr);
  EXPECT_EQ(dense->num_rows(), 3u);
  EXPECT_EQ(dense->physical_rows(), 3u);
  EXPECT_EQ(Render(dense->column(0)), (Strings{"11", "13", "NULL"}));
  EXPECT_EQ(Render(dense->column(1)), (Strings{"b", "d", "e"}));
  EXPECT_EQ(DenseBatch(batch)->num_rows(), 3u);
}

TEST(BatchTest, DenseBatchWithoutSelectionIsUnchanged) {
  BatchPtr batch = MakeBatch({IntColumn({1, 2})});
  EXPECT_EQ(DenseBatch(batch), batch);
  BatchPtr copy = batch->Materialize();
  EXPECT_EQ(copy->num_rows(), 2u);
  EXPECT_EQ(copy->column(0), batch->column(0));
}

TEST(BatchTest, SliceTakesLiveRows) {
  auto selection = std::make_shared<SelectionVector>(SelectionVector{0, 2, 3, 5});
  BatchPtr batch = MakeBatch({IntColumn({0, 1, 2, 3, 4, 5})}, selection);
  BatchPtr slice = batch->Slice(1, 2);
  EXPECT_EQ(slice->selection(), nullptr);
  EXPECT_EQ(Render(slice->column(0)), (Strings{"2", "3"}));
  BatchPtr plain = MakeBatch({IntColumn({0, 1, 2, 3})});
  EXPECT_EQ(Render(plain->Slice(2, 2)->column(0)), (Strings{"2", "3"}));
}

TEST(BatchTest, ConcatBatchesMixesDenseSelectedAndConstantColumns) {
  Schema schema({{"id", TypeId::kInt, true}, {"name", TypeId::kString, true}});
  BatchPtr first = MakeBatch({IntColumn({1, std::nullopt}), StringColumn({"a", "b"})});
  auto selection = std::make_shared<SelectionVector>(SelectionVector{0, 2});
  BatchPtr second = MakeBatch(
      {IntColumn({3, 4, 5}), ColumnVector::MakeConstant(Value::String("k"), 3)}, selection);
  BatchPtr third =
      MakeBatch({ColumnVector::MakeNulls(TypeId::kInt, 1), StringColumn({std::nullopt})});
  BatchPtr all = ConcatBatches({first, second, third}, schema);
  EXPECT_EQ(all->num_rows(), 5u);
  EXPECT_EQ(all->selection(), nullptr);
  EXPECT_EQ(Render(all->column(0)), (Strings{"1", "NULL", "3", "5", "NULL"}));
  EXPECT_EQ(Render(all->column(1)), (Strings{"a", "b", "k", "k", "NULL"}));
  EXPECT_EQ(all->column(0)->NullCount(), 2u);

  BatchPtr empty = ConcatBatches({}, schema);
  EXPECT_EQ(empty->num_rows(), 0u);
  EXPECT_EQ(empty->num_columns(), 2u);
}

TEST(BatchTest, ByteSizeCountsColumnBuffers) {
  BatchPtr batch = MakeBatch({IntColumn({1, 2, 3, 4})});
  EXPECT_GE(batch->ByteSize(), 16u);
}

}  // namespace
}  // namespace ember

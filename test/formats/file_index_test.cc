// File listing, Hive partition discovery and Spark's split planning (maxSplitBytes +
// next-fit-decreasing packing), checked against results worked out by hand from Spark's formula.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "ember/common/error.h"
#include "ember/formats/file_index.h"

namespace ember {
namespace {

namespace fs = std::filesystem;
constexpr int64_t kMiB = 1 << 20;
constexpr int64_t kMaxPartitionBytes = 128 * kMiB;  // spark.sql.files.maxPartitionBytes
constexpr int64_t kOpenCost = 4 * kMiB;             // spark.sql.files.openCostInBytes

class FileIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("ember-index-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  /// Creates a (sparse) file of `size` bytes at `relative`.
  void MakeFile(const std::string& relative, int64_t size) {
    fs::path path = root_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path).close();
    fs::resize_file(path, static_cast<uintmax_t>(size));
  }

  std::vector<std::vector<FileSplit>> Plan(int parallelism,
                                           int64_t max_partition_bytes = kMaxPartitionBytes) {
    FileIndex index = BuildFileIndex({root_.string()});
    int64_t max_split = MaxSplitBytes(index, max_partition_bytes, kOpenCost, parallelism);
    return PlanFilePartitions(
        index, [](const std::string&) { return true; }, max_split, kOpenCost);
  }

  fs::path root_;
};

TEST_F(FileIndexTest, OneLargeFileSplitsAtMaxPartitionBytes) {
  MakeFile("part-0.parquet", 300 * kMiB);
  // total 304 MiB / 2 cores = 152 MiB > 128 MiB: splits of 128, 128, 44 MiB, one per partition.
  auto partitions = Plan(2);
  ASSERT_EQ(partitions.size(), 3u);
  EXPECT_EQ(partitions[0][0].length, 128 * kMiB);
  EXPECT_EQ(partitions[2][0].length, 44 * kMiB);
  EXPECT_EQ(partitions[2][0].start, 256 * kMiB);
}

TEST_F(FileIndexTest, SmallFilesArePackedWithTheOpenCost) {
  for (int i = 0; i < 10; ++i) MakeFile("f" + std::to_string(i), kMiB);
  // total 10 * (1 + 4) = 50 MiB / 2 = 25 MiB per split: five files (5 MiB each with open cost).
  auto partitions = Plan(2);
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_EQ(partitions[0].size(), 5u);
  EXPECT_EQ(partitions[1].size(), 5u);
}

TEST_F(FileIndexTest, MixedSizesWithEightCores) {
  MakeFile("big", 64 * kMiB);
  for (int i = 0; i < 3; ++i) MakeFile("small" + std::to_string(i), 10 * kMiB);
  // total 64 + 30 + 4 * 4 = 110 MiB / 8 = 13.75 MiB: the big file gives 4 full splits and 9 MiB;
  // nothing packs together, so 4 + 3 + 1 = 8 partitions.
  auto partitions = Plan(8);
  EXPECT_EQ(partitions.size(), 8u);
  for (const auto& partition : partitions) EXPECT_EQ(partition.size(), 1u);
}

TEST_F(FileIndexTest, SmallMaxPartitionBytes) {
  MakeFile("data", 3 * kMiB + kMiB / 2);
  auto partitions = Plan(1, kMiB);  // min(1 MiB, max(4 MiB, 7.5 MiB)) = 1 MiB
  ASSERT_EQ(partitions.size(), 4u);
  EXPECT_EQ(partitions[3][0].length, kMiB / 2);
}

TEST_F(FileIndexTest, EmptyAndHiddenFilesAreNotRead) {
  MakeFile("data", 2 * kMiB);
  MakeFile("empty", 0);
  MakeFile("_SUCCESS", 0);
  MakeFile(".data.crc", 100);
  MakeFile("_temporary/part-0", 5 * kMiB);
  FileIndex index = BuildFileIndex({root_.string()});
  ASSERT_EQ(index.files.size(), 2u);  // data and empty
  auto partitions = Plan(4);
  ASSERT_EQ(partitions.size(), 1u);
  EXPECT_EQ(index.files[partitions[0][0].file].path, (root_ / "data").string());
}

TEST_F(FileIndexTest, UnsplitableFilesStayWhole) {
  MakeFile("a.csv.gz", 300 * kMiB);
  FileIndex index = BuildFileIndex({root_.string()});
  auto partitions = PlanFilePartitions(
      index, [](const std::string&) { return false; },
      MaxSplitBytes(index, kMaxPartitionBytes, kOpenCost, 2), kOpenCost);
  ASSERT_EQ(partitions.size(), 1u);
  EXPECT_EQ(partitions[0][0].length, 300 * kMiB);
}

TEST_F(FileIndexTest, HivePartitionsAreDiscoveredAndTyped) {
  MakeFile("year=2024/month=05/day=2024-05-01/p0", 10);
  MakeFile("year=2023/month=12/day=2023-12-31/p0", 10);
  MakeFile("year=2023/month=__HIVE_DEFAULT_PARTITION__/day=2023-01-01/p0", 10);
  FileIndex index = BuildFileIndex({root_.string()});
  ASSERT_EQ(index.partition_schema.size(), 3u);
  EXPECT_EQ(index.partition_schema.field(0).name, "year");
  EXPECT_EQ(index.partition_schema.field(0).type, DataType(TypeId::kInt));
  EXPECT_EQ(index.partition_schema.field(1).type, DataType(TypeId::kInt));
  EXPECT_EQ(index.partition_schema.field(2).type, DataType(TypeId::kDate));
  ASSERT_EQ(index.files.size(), 3u);
  // Files are listed in path order: year=2023/month=12, then year=2023/month=__HIVE_...__.
  EXPECT_EQ(index.files[0].partition_values[0].ToString(), "2023");
  EXPECT_EQ(index.files[0].partition_values[1].ToString(), "12");
  EXPECT_TRUE(index.files[1].partition_values[1].is_null());
  EXPECT_EQ(index.files[2].partition_values[2].ToString(), "2024-05-01");
}

TEST_F(FileIndexTest, ConflictingPartitionDirectoriesAreAnError) {
  MakeFile("year=2024/p0", 10);
  MakeFile("month=05/p0", 10);
  try {
    BuildFileIndex({root_.string()});
    FAIL() << "expected CONFLICTING_PARTITION_COLUMN_NAMES";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "CONFLICTING_PARTITION_COLUMN_NAMES");
  }
}

TEST_F(FileIndexTest, GlobsAndMissingPaths) {
  MakeFile("a.csv", 10);
  MakeFile("b.csv", 10);
  MakeFile("c.json", 10);
  FileIndex index = BuildFileIndex({(root_ / "*.csv").string()});
  EXPECT_EQ(index.files.size(), 2u);
  try {
    BuildFileIndex({(root_ / "missing").string()});
    FAIL() << "expected PATH_NOT_FOUND";
  } catch (const Error& error) {
    EXPECT_EQ(error.error_class(), "PATH_NOT_FOUND");
    EXPECT_NE(std::string(error.what()).find("missing"), std::string::npos);
  }
}

}  // namespace
}  // namespace ember

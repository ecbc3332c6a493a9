// Times the seed's job on Ember over data generated and cached in memory, printing one JSON line
// per query in the format bench/run_seed_bench.sh compares with DuckDB (docs/benchmarks.md).
//
// Usage: seed_benchmark [--rows N] [--partitions P] [--runs R] [--master local[*]]

#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

#include "ember/ember.h"
#include "ember/types/text_format.h"

using namespace ember;

namespace {

double BestOf(int runs, const std::function<std::string()>& query, std::string* result) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    *result = query();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, seconds);
  }
  return best;
}

void Report(const std::string& query, int64_t rows, double seconds, const std::string& result) {
  std::cout << "{\"engine\":\"ember\",\"query\":\"" << query << "\",\"rows\":" << rows
            << ",\"seconds\":" << seconds << ",\"result\":" << result << "}" << std::endl;
}

std::string Number(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  int64_t rows = 100'000'000;
  int runs = 3;
  int partitions = 0;
  std::string master = "local[*]";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rows")
      rows = std::atoll(argv[i + 1]);
    else if (flag == "--runs")
      runs = std::atoi(argv[i + 1]);
    else if (flag == "--partitions")
      partitions = std::atoi(argv[i + 1]);
    else if (flag == "--master")
      master = argv[i + 1];
    else {
      std::cerr << "usage: seed_benchmark [--rows N] [--partitions P] [--runs R] [--master M]\n";
      return 2;
    }
  }
  try {
    auto spark = Session::builder().master(master).appName("seed-benchmark").getOrCreate();
    if (partitions <= 0) partitions = spark.defaultParallelism();
    auto df = spark.range(0, rows, 1, partitions)
                  .withColumn("amount", (col("id") * 37 % 1000).cast("double"))
                  .withColumn("bucket", col("id") % 10);
    df.cache();
    auto generate_start = std::chrono::steady_clock::now();
    int64_t cached_rows = df.count();  // materializes the cache, like DuckDB's CREATE TABLE
    std::cerr
        << "generated and cached " << cached_rows << " rows in "
        << std::chrono::duration<double>(std::chrono::steady_clock::now() - generate_start).count()
        << " s on " << partitions << " partitions\n";

    std::string result;
    double seconds = BestOf(
        runs, [&] { return std::to_string(df.filter(col("amount") > 100).count()); }, &result);
    Report("filter_count", rows, seconds, result);

    seconds = BestOf(
        runs, [&] { return Number(df.groupBy().sum("amount").first().getDouble(0)); }, &result);
    Report("sum_amount", rows, seconds, result);

    seconds = BestOf(
        runs,
        [&] {
          auto groups = df.groupBy("bucket")
                            .agg(sum("amount").alias("total"), count("*"))
                            .orderBy(desc("total"))
                            .collect();
          std::string out = "[";
          for (size_t i = 0; i < groups.size(); ++i) {
            out += (i ? "," : "") + std::string("[") + std::to_string(groups[i].getLong(0)) + "," +
                   Number(groups[i].getDouble(1)) + "," + std::to_string(groups[i].getLong(2)) +
                   "]";
          }
          return out + "]";
        },
        &result);
    Report("group_by_bucket", rows, seconds, result);
    spark.stop();
  } catch (const Error& error) {
    std::cerr << ErrorKindName(error.kind()) << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}

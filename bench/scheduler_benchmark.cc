// Measures the engine's overheads under one master: how many empty tasks per second the
// scheduler sustains, shuffle throughput, and the seed's job end to end. Prints one JSON line
// per measurement; bench/run_scheduler_bench.sh runs it under two masters and prints the ratios
// (e.g. local-cluster processes against local threads).
//
// Usage: scheduler_benchmark --master M [--tasks T] [--shuffle-rows N] [--rows N] [--runs R]

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>

#include "ember/ember.h"

using namespace ember;

namespace {

double BestOf(int runs, const std::function<void()>& work) {
  double best = 1e300;
  for (int r = 0; r < runs; ++r) {
    auto start = std::chrono::steady_clock::now();
    work();
    best = std::min(
        best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  return best;
}

void Report(const std::string& master, const std::string& name, double seconds, double rate,
            const std::string& unit, int64_t check) {
  std::cout << "{\"master\":\"" << master << "\",\"query\":\"" << name
            << "\",\"seconds\":" << seconds << ",\"rate\":" << rate << ",\"unit\":\"" << unit
            << "\",\"check\":" << check << "}" << std::endl;
}

}  // namespace

int main(int argc, char** argv) {
  std::string master;
  int64_t tasks = 2000, shuffle_rows = 4'000'000, rows = 10'000'000;
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--master")
      master = argv[i + 1];
    else if (flag == "--tasks")
      tasks = std::atoll(argv[i + 1]);
    else if (flag == "--shuffle-rows")
      shuffle_rows = std::atoll(argv[i + 1]);
    else if (flag == "--rows")
      rows = std::atoll(argv[i + 1]);
    else if (flag == "--runs")
      runs = std::atoi(argv[i + 1]);
    else {
      std::cerr << "usage: scheduler_benchmark --master M [--tasks T] [--shuffle-rows N] "
                   "[--rows N] [--runs R]\n";
      return 2;
    }
  }
  if (master.empty() || tasks <= 0 || shuffle_rows <= 0 || rows <= 0 || runs <= 0) {
    std::cerr << "scheduler_benchmark: --master is required; counts must be positive\n";
    return 2;
  }
  try {
    auto spark = Session::builder().master(master).appName("scheduler-benchmark").getOrCreate();
    int cores = spark.defaultParallelism();

    // Empty tasks: one result task per partition of an empty range, nothing to compute.
    int64_t collected = 0;
    double seconds = BestOf(runs, [&] {
      collected =
          static_cast<int64_t>(spark.range(0, 0, 1, static_cast<int>(tasks)).collect().size());
    });
    Report(master, "empty_tasks", seconds, static_cast<double>(tasks) / seconds, "tasks/s",
           collected);

    // Shuffle: every row (an 8-byte id and a string of 48 x's and the id's digits) crosses a
    // round-robin exchange; MB/s counts those value bytes.
    DataFrame wide =
        spark.range(0, shuffle_rows, 1, cores)
            .select(col("id"),
                    concat({lit(std::string(48, 'x')), col("id").cast("string")}).as("s"));
    int64_t shuffled = 0;  // the total length of the strings, read after the exchange
    seconds = BestOf(runs, [&] {
      shuffled = wide.repartition(2 * cores).agg(sum(length(col("s")))).first().getLong(0);
    });
    double bytes = 0;
    for (int64_t low = 0, digits = 1; low < shuffle_rows;
         low = low == 0 ? 10 : low * 10, ++digits) {
      int64_t high = std::min<int64_t>(shuffle_rows, low == 0 ? 10 : low * 10);
      bytes += static_cast<double>(high - low) * static_cast<double>(8 + 48 + digits);
    }
    double megabytes = bytes / (1 << 20);
    Report(master, "shuffle", seconds, megabytes / seconds, "MB/s", shuffled);

    // The seed's job: filter + count, global sum, group by with a shuffle.
    DataFrame df = spark.range(0, rows, 1, cores)
                       .withColumn("amount", (col("id") * 37 % 1000).cast("double"))
                       .withColumn("bucket", col("id") % 10);
    int64_t groups = 0;
    seconds = BestOf(runs, [&] {
      df.filter(col("amount") > 100).count();
      df.groupBy().sum("amount").first();
      groups = static_cast<int64_t>(
          df.groupBy("bucket").agg(sum("amount"), count("*")).collect().size());
    });
    Report(master, "seed_job", seconds, static_cast<double>(rows) / seconds, "rows/s", groups);
    spark.stop();
  } catch (const Error& error) {
    std::cerr << "scheduler_benchmark (" << master << "): " << ErrorKindName(error.kind()) << ": "
              << error.what() << "\n";
    return 1;
  }
  return 0;
}

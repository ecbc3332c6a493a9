// Parquet scan benchmark, Ember side: the same scans as bench/duckdb/scan_bench.mjs over
// the same file, each reading the file again. Prints one JSON line per query, and rows/s and
// MB/s per core on stderr.
//
// Usage: scan_benchmark --file PATH [--runs R] [--master local[*]] [--query NAME]

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include "ember/ember.h"
#include "ember/types/text_format.h"

using namespace ember;

int main(int argc, char** argv) {
  std::string file, master = "local[*]", only;
  int runs = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--file")
      file = argv[i + 1];
    else if (flag == "--runs")
      runs = std::atoi(argv[i + 1]);
    else if (flag == "--master")
      master = argv[i + 1];
    else if (flag == "--query")
      only = argv[i + 1];
    else {
      std::cerr << "usage: scan_benchmark --file PATH [--runs R] [--master M] [--query NAME]\n";
      return 2;
    }
  }
  if (file.empty()) {
    std::cerr << "scan_benchmark: --file is required\n";
    return 2;
  }
  try {
    auto spark = Session::builder().master(master).appName("scan-benchmark").getOrCreate();
    double megabytes = static_cast<double>(std::filesystem::file_size(file)) / (1 << 20);
    int64_t rows = spark.read().parquet(file).count();
    int cores = spark.defaultParallelism();
    auto time = [&](const std::string& name, const std::function<std::string()>& query) {
      if (!only.empty() && name != only) return;
      double best = 1e300;
      std::string result;
      for (int r = 0; r < runs; ++r) {
        auto start = std::chrono::steady_clock::now();
        result = query();
        best = std::min(
            best, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
      }
      std::cout << "{\"engine\":\"ember\",\"query\":\"" << name << "\",\"rows\":" << rows
                << ",\"seconds\":" << best << ",\"result\":" << result << "}" << std::endl;
      std::cerr << name << ": " << static_cast<int64_t>(rows / best / cores) << " rows/s and "
                << static_cast<int64_t>(megabytes / best / cores) << " MB/s per core\n";
    };
    time("sum_id", [&] {
      return std::to_string(spark.read().parquet(file).agg(sum("id")).first().getLong(0));
    });
    time("string_filter", [&] {
      return std::to_string(spark.read().parquet(file).filter(col("name").contains("77")).count());
    });
    time("full_row", [&] {
      Row r = spark.read()
                  .parquet(file)
                  .agg(count("*"), max("id"), max("amount"), max("name"), max("bucket"))
                  .first();
      std::ostringstream out;
      out << "[" << r.getLong(0) << "," << r.getLong(1) << "," << FormatDouble(r.getDouble(2))
          << ",\"" << r.getString(3) << "\"," << r.getLong(4) << "]";
      return out.str();
    });
    time("string_equality", [&] {
      return std::to_string(
          spark.read().parquet(file).filter(col("country") == "country-5").count());
    });
    time("group_by_string", [&] {
      std::ostringstream out;
      out << "[";
      auto groups =
          spark.read().parquet(file).groupBy("country").agg(count("*"), sum("amount")).collect();
      for (size_t i = 0; i < groups.size(); ++i) {
        out << (i ? "," : "") << "[\"" << groups[i].getString(0) << "\"," << groups[i].getLong(1)
            << "," << FormatDouble(groups[i].getDouble(2)) << "]";
      }
      out << "]";
      return out.str();
    });
    spark.stop();
  } catch (const Error& error) {
    std::cerr << ErrorKindName(error.kind()) << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}

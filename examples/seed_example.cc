// The seed's distributed-processing walkthrough, in C++ on generated data:
// data is split first, code runs per partition, actions trigger jobs, aggregate on the cluster
// instead of the driver, and partitioning controls parallelism.
//
// Usage: seed_example [--rows N] [--partitions P] [--master local[*]]

#include <cstdlib>
#include <iostream>
#include <string>

#include "ember/ember.h"

using namespace ember;

int main(int argc, char** argv) {
  int64_t rows = 10'000'000;
  int partitions = 8;
  std::string master = "local[*]";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rows")
      rows = std::atoll(argv[i + 1]);
    else if (flag == "--partitions")
      partitions = std::atoi(argv[i + 1]);
    else if (flag == "--master")
      master = argv[i + 1];
    else {
      std::cerr << "unknown option " << flag
                << "\nusage: seed_example [--rows N] [--partitions P] [--master M]\n";
      return 2;
    }
  }
  try {
    auto spark = Session::builder().master(master).appName("seed-example").getOrCreate();

    // 1. Data is split first: the DataFrame is many partitions, known before anything runs.
    auto df = spark.range(0, rows, 1, partitions)
                  .withColumn("amount", (col("id") * 37 % 1000).cast("double"))
                  .withColumn("bucket", col("id") % 10);
    std::cout << "partitions: " << df.numPartitions() << "\n";

    // 2. Code runs per partition: this filter is shipped to every task; nothing runs yet.
    auto big = df.filter(col("amount") > 100);

    // 3. An action triggers a job: one task per partition.
    std::cout << "rows with amount > 100: " << big.count() << "\n";

    // 4. Aggregate where the data is, not on the driver.
    df.groupBy().sum("amount").show();
    df.groupBy("bucket")
        .agg(sum("amount").alias("total"), count("*"))
        .orderBy(desc("total"))
        .show();

    // 5. Partitioning controls parallelism.
    std::cout << "after repartition(100): " << df.repartition(100).numPartitions()
              << " partitions\n";

    for (const Row& r : big.limit(5).collect()) std::cout << r.getDouble("amount") << "\n";
    spark.stop();
  } catch (const Error& error) {
    std::cerr << ErrorKindName(error.kind()) << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}

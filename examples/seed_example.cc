// The seed's distributed-processing walkthrough on real files: Ember first generates a
// `transactions` table and writes it as Parquet, then reads it back and runs the seed's job.
// Data is split first, code runs per partition, actions trigger jobs, aggregate on the executors
// instead of the driver, and partitioning controls parallelism.
//
// Usage: seed_example [--rows N] [--data DIR] [--master local[*]]

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "ember/ember.h"

using namespace ember;

int main(int argc, char** argv) {
  int64_t rows = 10'000'000;
  std::string data = "/tmp/ember-seed/transactions";
  std::string master = "local[*]";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--rows")
      rows = std::atoll(argv[i + 1]);
    else if (flag == "--data")
      data = argv[i + 1];
    else if (flag == "--master")
      master = argv[i + 1];
    else {
      std::cerr << "unknown option " << flag
                << "\nusage: seed_example [--rows N] [--data DIR] [--master M]\n";
      return 2;
    }
  }
  try {
    auto spark = Session::builder().master(master).appName("seed-example").getOrCreate();

    // 0. Generate the transactions with the engine itself and write them as Parquet.
    auto started = std::chrono::steady_clock::now();
    spark.range(0, rows)
        .withColumn("user_id", col("id") % 100000)
        .withColumn("amount", (col("id") * 37 % 1000).cast("double"))
        .withColumn("country", when(col("id") % 5 == 0, "FR")
                                   .when(col("id") % 5 == 1, "DE")
                                   .when(col("id") % 5 == 2, "US")
                                   .when(col("id") % 5 == 3, "JP")
                                   .otherwise("BR"))
        .write()
        .mode("overwrite")
        .parquet(data);
    std::cout << "wrote " << rows << " transactions to " << data << " in "
              << std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count()
              << " s\n";

    // 1. Data is split first: the files become partitions before anything runs.
    auto df = spark.read().parquet(data);
    std::cout << "partitions: " << df.numPartitions() << "\n";

    // 2. Code runs per partition: this filter is shipped to every task; nothing runs yet.
    auto big = df.filter(col("amount") > 100);

    // 3. An action triggers a job: one task per partition.
    std::cout << "transactions with amount > 100: " << big.count() << "\n";

    // 4. Aggregate where the data is, not on the driver.
    df.groupBy().sum("amount").show();
    df.groupBy("country")
        .agg(sum("amount").alias("total"), countDistinct(col("user_id")))
        .orderBy(desc("total"))
        .show();

    // 5. Partitioning controls parallelism.
    std::cout << "after repartition(100): " << df.repartition(100).numPartitions()
              << " partitions\n";

    double total = 0;
    for (const Row& r : big.limit(5).collect()) total += r.getDouble("amount");
    std::cout << "sum of 5 amounts collected to the driver: " << total << "\n";
    spark.stop();
  } catch (const Error& error) {
    std::cerr << ErrorKindName(error.kind()) << ": " << error.what() << "\n";
    return 1;
  }
  return 0;
}

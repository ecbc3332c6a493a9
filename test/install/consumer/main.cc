#include <ember/ember.h>

#include <iostream>

using namespace ember;

int main() {
  auto spark = Session::builder().master("local[2]").appName("consumer").getOrCreate();
  auto df = spark.range(0, 1000, 1, 4).withColumn("bucket", col("id") % 3);
  std::cout << "partitions=" << df.numPartitions() << "\n";
  std::cout << "count=" << df.filter(col("bucket") == 1).count() << "\n";
  spark.stop();
  return 0;
}

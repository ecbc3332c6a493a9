// The `ember` command line.

#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "ember/common/config.h"
#include "ember/ember.h"
#include "ember/functions/builtin_functions.h"

using namespace ember;

namespace {

constexpr const char* kUsage = R"(ember - a distributed DataFrame engine with Spark's programming model

Usage:
  ember seed [--rows N] [--partitions P] [--master M]
                      Run the seed job (filter + count, global sum, groupBy) on generated data.
  ember conf          List the configuration keys with their defaults and meaning.
  ember functions     List the built-in functions.
  ember --version     Print the version.
  ember --help        Print this help.

Masters: local (1 slot), local[N], local[*] (one slot per core), local[N,F] (F task attempts).
Settings use Spark's keys (spark.sql.shuffle.partitions, ...); see `ember conf`.
)";

int Seed(const std::vector<std::string>& args) {
  int64_t rows = 10'000'000;
  int partitions = 8;
  std::string master = "local[*]";
  for (size_t i = 0; i < args.size(); i += 2) {
    if (i + 1 >= args.size()) {
      std::cerr << "ember seed: option " << args[i] << " needs a value\n";
      return 2;
    }
    if (args[i] == "--rows") rows = std::atoll(args[i + 1].c_str());
    else if (args[i] == "--partitions") partitions = std::atoi(args[i + 1].c_str());
    else if (args[i] == "--master") master = args[i + 1];
    else {
      std::cerr << "ember seed: unknown option " << args[i] << "\n" << kUsage;
      return 2;
    }
  }
  auto spark = Session::builder().master(master).appName("ember seed").getOrCreate();
  auto df = spark.range(0, rows, 1, partitions)
                .withColumn("amount", (col("id") * 37 % 1000).cast("double"))
                .withColumn("bucket", col("id") % 10);
  std::cout << "partitions: " << df.numPartitions() << "\n";
  std::cout << "count(amount > 100): " << df.filter(col("amount") > 100).count() << "\n";
  df.groupBy().sum("amount").show();
  df.groupBy("bucket").agg(sum("amount").alias("total"), count("*")).orderBy(desc("total")).show();
  spark.stop();
  return 0;
}

int ListConf() {
  for (const auto& entry : AllConfigEntries()) {
    std::cout << entry.key << " = " << (entry.has_default ? entry.default_value : "(computed)")
              << "\n    " << entry.doc << "\n";
  }
  return 0;
}

int ListFunctions() {
  const FunctionRegistry& registry = BuiltinFunctions();
  for (const auto& [name, function] : registry.scalars()) std::cout << name << ": " << function.doc << "\n";
  for (const auto& [name, function] : registry.aggregates()) {
    std::cout << name << " (aggregate): " << function.doc << "\n";
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  try {
    const std::string command = args[0];
    std::vector<std::string> rest(args.begin() + 1, args.end());
    if (command == "--version" || command == "version") {
      std::cout << "ember 0.1.0\n";
      return 0;
    }
    if (command == "seed") return Seed(rest);
    if (command == "conf") return ListConf();
    if (command == "functions") return ListFunctions();
    std::cerr << "ember: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
  } catch (const Error& error) {
    std::cerr << ErrorKindName(error.kind()) << ": " << error.what() << "\n";
    return 1;
  }
}

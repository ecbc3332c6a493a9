// The `ember` command line.

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "ember/common/config.h"
#include "ember/ember.h"
#include "ember/formats/parquet/parquet_reader.h"
#include "ember/functions/builtin_functions.h"
#include "ember/runtime/executor/executor_process.h"

using namespace ember;

namespace {

constexpr const char* kUsage =
    R"(ember - a distributed DataFrame engine with Spark's programming model

Usage:
  ember seed [--rows N] [--partitions P] [--master M]
                      Run the seed job (filter + count, global sum, groupBy) on generated data.
  ember inspect FILE.parquet
                      Print a Parquet file's schema, writer, row groups and each column chunk's
                      codec, encodings, sizes and statistics (min, max, null count).
  ember head FILE [-n N] [--format parquet|csv|json] [--option KEY=VALUE]...
                      Show the first N rows (default 20) of a file or directory, as show() does.
                      CSV is read with a header and inferred types.
  ember convert SRC DST [--format parquet|csv|json] [--from parquet|csv|json] [--partition-by c1,c2]
                [--option KEY=VALUE]... [--write-option KEY=VALUE]...
                      Rewrite SRC as DST through the engine, in parallel, with the commit
                      protocol (DST must not exist). Formats default to the file extensions.
  ember submit [--master M] [--conf KEY=VALUE]... SCRIPT.py [ARGS...]
                      Run a PySpark-style Python script (from ember.sql import SparkSession) on
                      Debian's python3 with the ember package importable; --master and --conf
                      preset what SparkSession.builder.getOrCreate() uses, as spark-submit does
                      (settings made in the script take precedence).
  ember conf          List the configuration keys with their defaults and meaning.
  ember functions     List the built-in functions.
  ember executor --driver HOST:PORT --executor-id ID --cores C --work-dir DIR
                      Internal: an executor process of a local-cluster[W,C,M] master, started by
                      the driver. It serves tasks on C threads until the driver goes away.
  ember --version     Print the version.
  ember --help        Print this help.

Read and write options are Spark's (see docs/file-formats.md), e.g.
  --option dateFormat=dd/MM/yyyy --option "timestampFormat=dd/MM/yyyy HH:mm"
  --option allowNonNumericNumbers=false --write-option "timestampFormat=yyyy-MM-dd HH:mm:ssXXX"
Masters: local (1 slot), local[N], local[*] (one slot per core), local[N,F] (F task attempts),
local-cluster[W,C,M] (W executor processes of C cores each on this machine, talking gRPC; M MiB
is recorded but not enforced yet).
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
    if (args[i] == "--rows")
      rows = std::atoll(args[i + 1].c_str());
    else if (args[i] == "--partitions")
      partitions = std::atoi(args[i + 1].c_str());
    else if (args[i] == "--master")
      master = args[i + 1];
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

/// Returns the format a path's extension names (csv, json), or "".
std::string FormatOf(const std::string& path) {
  std::string p = path;
  while (!p.empty() && p.back() == '/') p.pop_back();
  for (const auto& [suffix, format] :
       std::vector<std::pair<std::string, std::string>>{{".csv", "csv"},
                                                        {".json", "json"},
                                                        {".jsonl", "json"},
                                                        {".ndjson", "json"},
                                                        {".parquet", "parquet"}}) {
    if (p.size() >= suffix.size() &&
        p.compare(p.size() - suffix.size(), suffix.size(), suffix) == 0)
      return format;
  }
  return "";
}

/// Holds the "--flag value" options after the positional arguments: the last value of each
/// flag, and every KEY=VALUE of the repeatable --option and --write-option.
struct CommandFlags {
  std::map<std::string, std::string> values;
  std::map<std::string, std::string> read_options;
  std::map<std::string, std::string> write_options;

  std::string Get(const std::string& flag) const {
    auto it = values.find(flag);
    return it == values.end() ? "" : it->second;
  }
};

DataFrame ReadAny(const Session& spark, const std::string& path, std::string format,
                  const std::map<std::string, std::string>& options) {
  if (format.empty()) format = FormatOf(path);
  if (format.empty()) {
    throw Error(
        ErrorKind::kInvalidArgument, "",
        "Cannot tell the format of " + path + " from its name; pass --format parquet|csv|json.");
  }
  DataFrameReader reader = spark.read().format(format);
  if (format == "csv") reader.option("header", true).option("inferSchema", true);
  return reader.options(options).load(path);
}

/// Parses "--flag value" options after the positional arguments.
CommandFlags Flags(const std::vector<std::string>& args, size_t first,
                   const std::vector<std::string>& known) {
  CommandFlags flags;
  for (size_t i = first; i < args.size(); i += 2) {
    if (std::find(known.begin(), known.end(), args[i]) == known.end() || i + 1 >= args.size()) {
      throw Error(ErrorKind::kInvalidArgument, "",
                  "Unknown or incomplete option '" + args[i] + "'. See ember --help.");
    }
    const std::string& value = args[i + 1];
    if (args[i] == "--option" || args[i] == "--write-option") {
      size_t equals = value.find('=');
      if (equals == std::string::npos || equals == 0) {
        throw Error(
            ErrorKind::kInvalidArgument, "",
            args[i] + " takes KEY=VALUE (e.g. dateFormat=dd/MM/yyyy), got '" + value + "'.");
      }
      auto& options = args[i] == "--option" ? flags.read_options : flags.write_options;
      options[value.substr(0, equals)] = value.substr(equals + 1);
    } else {
      flags.values[args[i]] = value;
    }
  }
  return flags;
}

int Inspect(const std::vector<std::string>& args) {
  if (args.size() != 1) {
    std::cerr << "ember inspect: needs exactly one FILE\n" << kUsage;
    return 2;
  }
  auto reader = ParquetFileReader::Open(args[0]);
  std::cout << "file: " << reader->path() << " (" << reader->file_size() << " bytes)\n"
            << "created by: " << (reader->created_by().empty() ? "(unknown)" : reader->created_by())
            << "\n"
            << "rows: " << reader->num_rows() << "\n"
            << reader->schema().TreeString();
  const auto& groups = reader->row_groups();
  for (size_t g = 0; g < groups.size(); ++g) {
    const auto& group = groups[g];
    std::cout << "row group " << g << ": " << group.num_rows << " rows, bytes "
              << group.start_offset << ".." << group.start_offset + group.compressed_size << " ("
              << group.compressed_size << " compressed)\n";
    for (size_t c = 0; c < group.column_statistics.size(); ++c) {
      const auto& stats = group.column_statistics[c];
      const auto& chunk = group.column_chunks[c];
      std::string encodings;
      for (const auto& encoding : chunk.encodings)
        encodings += (encodings.empty() ? "" : ",") + encoding;
      std::cout << "  " << reader->schema().field(c).name << ": " << chunk.codec << " ["
                << encodings << "] " << chunk.num_values << " values, " << chunk.compressed_size
                << " bytes (" << chunk.uncompressed_size
                << " uncompressed), min=" << (stats.min ? stats.min->ToString() : "-")
                << " max=" << (stats.max ? stats.max->ToString() : "-")
                << " nulls=" << (stats.null_count ? std::to_string(*stats.null_count) : "-")
                << "\n";
    }
  }
  return 0;
}

int Head(const std::vector<std::string>& args) {
  if (args.empty()) {
    std::cerr << "ember head: missing FILE\n" << kUsage;
    return 2;
  }
  auto flags = Flags(args, 1, {"-n", "--format", "--option"});
  int rows = flags.values.count("-n") ? std::atoi(flags.Get("-n").c_str()) : 20;
  auto spark = Session::builder().master("local[*]").appName("ember head").getOrCreate();
  ReadAny(spark, args[0], flags.Get("--format"), flags.read_options).show(rows);
  spark.stop();
  return 0;
}

int Convert(const std::vector<std::string>& args) {
  if (args.size() < 2) {
    std::cerr << "ember convert: needs SRC and DST\n" << kUsage;
    return 2;
  }
  auto flags =
      Flags(args, 2, {"--format", "--from", "--partition-by", "--option", "--write-option"});
  std::string format = flags.values.count("--format") ? flags.Get("--format") : FormatOf(args[1]);
  if (format.empty()) {
    std::cerr << "ember convert: cannot tell the output format of " << args[1]
              << "; pass --format parquet|csv|json\n";
    return 2;
  }
  std::vector<std::string> partition_by;
  std::stringstream columns(flags.Get("--partition-by"));
  for (std::string column; std::getline(columns, column, ',');) {
    if (!column.empty()) partition_by.push_back(column);
  }
  auto spark = Session::builder().master("local[*]").appName("ember convert").getOrCreate();
  DataFrame df = ReadAny(spark, args[0], flags.Get("--from"), flags.read_options);
  DataFrameWriter writer = df.write().format(format).partitionBy(partition_by);
  if (format == "csv") writer.option("header", true);
  writer.options(flags.write_options).save(args[1]);
  std::cout << "wrote " << args[1] << " (" << format << ")\n";
  spark.stop();
  return 0;
}

/// Quotes `text` as a JSON string.
std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof(escaped), "\\u%04x", static_cast<unsigned char>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

/// Returns the directory holding the `ember` Python package: the install prefix's site directory
/// next to an installed binary, or the build tree's python/ next to apps/ember.
std::optional<std::filesystem::path> PythonPackageRoot() {
  namespace fs = std::filesystem;
  std::error_code error;
  fs::path binary_dir = fs::read_symlink("/proc/self/exe", error).parent_path();
  if (error) return std::nullopt;
  for (const fs::path& root :
       {binary_dir.parent_path() / EMBER_PYTHON_INSTALL_DIR, binary_dir.parent_path() / "python"}) {
    if (fs::exists(root / "ember" / "__init__.py", error)) return fs::weakly_canonical(root);
  }
  return std::nullopt;
}

/// Replaces this process with `python3 SCRIPT ARGS...`, the package on PYTHONPATH and the master
/// and settings in EMBER_SUBMIT_MASTER / EMBER_SUBMIT_CONF (read by SparkSession.builder).
int Submit(const std::vector<std::string>& args) {
  std::string master;
  std::vector<std::pair<std::string, std::string>> settings;
  size_t i = 0;
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    auto value_of = [&](const std::string& flag) -> std::optional<std::string> {
      if (arg == flag) {
        if (i + 1 >= args.size()) return std::nullopt;
        return args[++i];
      }
      return arg.substr(flag.size() + 1);  // --flag=value
    };
    if (arg == "--master" || arg.rfind("--master=", 0) == 0) {
      auto value = value_of("--master");
      if (!value) {
        std::cerr << "ember submit: --master needs a value, e.g. --master 'local[4]'\n";
        return 2;
      }
      master = *value;
    } else if (arg == "--conf" || arg.rfind("--conf=", 0) == 0) {
      auto value = value_of("--conf");
      size_t equals = value ? value->find('=') : std::string::npos;
      if (equals == std::string::npos || equals == 0) {
        std::cerr << "ember submit: --conf needs KEY=VALUE, e.g. --conf "
                     "spark.sql.shuffle.partitions=16\n";
        return 2;
      }
      settings.emplace_back(value->substr(0, equals), value->substr(equals + 1));
    } else if (arg == "--") {
      ++i;
      break;
    } else if (arg.rfind("--", 0) == 0) {
      std::cerr << "ember submit: unknown option " << arg << "\n" << kUsage;
      return 2;
    } else {
      break;
    }
  }
  if (i >= args.size()) {
    std::cerr << "ember submit: missing the Python SCRIPT to run\n" << kUsage;
    return 2;
  }
#ifndef EMBER_PYTHON_EXECUTABLE
  std::cerr << "ember submit: this ember was built without the Python package "
               "(configure with -DEMBER_BUILD_PYTHON=ON)\n";
  return 2;
#else
  auto package_root = PythonPackageRoot();
  if (!package_root) {
    std::cerr << "ember submit: cannot find the ember Python package next to this binary (looked "
                 "for ../"
              << EMBER_PYTHON_INSTALL_DIR
              << "/ember and ../python/ember); build the ember_python target or install\n";
    return 2;
  }
  std::string python_path = package_root->string();
  if (const char* existing = std::getenv("PYTHONPATH"); existing && *existing) {
    python_path += ":" + std::string(existing);
  }
  setenv("PYTHONPATH", python_path.c_str(), 1);
  if (!master.empty()) {
    setenv("EMBER_SUBMIT_MASTER", master.c_str(), 1);
  } else {
    unsetenv("EMBER_SUBMIT_MASTER");
  }
  std::string conf = "{";
  for (size_t k = 0; k < settings.size(); ++k) {
    conf += (k ? ", " : "") + JsonString(settings[k].first) + ": " + JsonString(settings[k].second);
  }
  setenv("EMBER_SUBMIT_CONF", (conf + "}").c_str(), 1);
  std::vector<std::string> command = {EMBER_PYTHON_EXECUTABLE};
  command.insert(command.end(), args.begin() + static_cast<std::ptrdiff_t>(i), args.end());
  std::vector<char*> argv;
  for (auto& part : command) argv.push_back(part.data());
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  std::cerr << "ember submit: cannot run " << argv[0] << ": " << std::strerror(errno) << "\n";
  return 127;
#endif
}

/// Runs `ember executor`: an executor process the driver of a local-cluster master started.
int Executor(const std::vector<std::string>& args) {
  auto flags = Flags(args, 0, {"--driver", "--executor-id", "--cores", "--work-dir"});
  ExecutorProcessOptions options;
  options.driver_address = flags.Get("--driver");
  options.executor_id = flags.Get("--executor-id");
  options.work_directory = flags.Get("--work-dir");
  options.cores = std::atoi(flags.Get("--cores").c_str());
  if (options.driver_address.empty() || options.executor_id.empty() ||
      options.work_directory.empty() || options.cores < 1) {
    std::cerr << "ember executor: needs --driver HOST:PORT, --executor-id ID, --cores C (>= 1) "
                 "and --work-dir DIR; it is started by the driver of a local-cluster master\n";
    return 2;
  }
  return RunExecutorProcess(options);
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
  for (const auto& [name, function] : registry.scalars())
    std::cout << name << ": " << function.doc << "\n";
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
    if (command == "head") return Head(rest);
    if (command == "inspect") return Inspect(rest);
    if (command == "convert") return Convert(rest);
    if (command == "submit") return Submit(rest);
    if (command == "conf") return ListConf();
    if (command == "executor") return Executor(rest);
    if (command == "functions") return ListFunctions();
    std::cerr << "ember: unknown command '" << command << "'\n\n" << kUsage;
    return 2;
  } catch (const Error& error) {
    std::cerr << ErrorKindName(error.kind()) << ": " << error.what() << "\n";
    return 1;
  }
}

// Times the seed job's three queries in DuckDB over the same in-memory data Ember generates, so
// that bench/run_seed_bench.sh can report Ember/DuckDB ratios measured in one run.
//
// Usage: node bench/duckdb/seed_bench.mjs [--rows N] [--threads N] [--runs N]
//   --rows N     rows to generate (default 100000000)
//   --threads N  DuckDB worker threads (default: every core of this machine)
//   --runs N     timed runs per query; the fastest is reported (default 3)
//
// Prints one JSON line per query on stdout:
//   {"engine":"duckdb","query":"filter_count","rows":N,"seconds":S,"result":...}
// and progress (data generation time, settings) on stderr.

import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

/// Queries of the seed job, named as Ember's bench/seed_benchmark names them. `toResult` turns
/// the rows DuckDB returns into the JSON value both engines print for comparison.
const QUERIES = [
  {
    name: 'filter_count',
    sql: 'SELECT count(*) FROM t WHERE amount > 100',
    toResult: (rows) => toNumber(rows[0][0]),
  },
  {
    name: 'sum_amount',
    sql: 'SELECT sum(amount) FROM t',
    toResult: (rows) => toNumber(rows[0][0]),
  },
  {
    name: 'group_by_bucket',
    sql: 'SELECT bucket, sum(amount) AS total, count(*) FROM t GROUP BY bucket ORDER BY total DESC',
    toResult: (rows) => rows.map((row) => row.map(toNumber)),
  },
];

function usage(message) {
  process.stderr.write(
    `seed_bench: ${message}\nusage: node seed_bench.mjs [--rows N] [--threads N] [--runs N]\n`);
  process.exit(2);
}

/// Parses --rows, --threads and --runs, each a positive integer.
function parseArguments(argv) {
  const options = {
    rows: 100_000_000,
    threads: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    runs: 3,
  };
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const key = flag.replace(/^--/, '');
    if (!flag.startsWith('--') || !(key in options)) usage(`unknown argument '${flag}'`);
    const text = argv[i + 1];
    if (text === undefined || !/^[1-9][0-9]*$/.test(text)) {
      usage(`${flag} needs a positive integer, got '${text ?? ''}'`);
    }
    options[key] = Number(text);
  }
  if (!Number.isSafeInteger(options.rows)) usage('--rows is too large');
  return options;
}

/// Converts DuckDB's BIGINT (bigint) and DOUBLE (number) values to JSON numbers.
function toNumber(value) {
  if (typeof value === 'bigint') {
    if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new Error(`value ${value} does not fit a JSON number exactly`);
    }
    return Number(value);
  }
  return value;
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const instance = await DuckDBInstance.create(':memory:', { threads: String(options.threads) });
  const connection = await instance.connect();

  const generateStart = performance.now();
  await connection.run(`
    CREATE TABLE t AS
    SELECT range AS id,
           CAST((range * 37) % 1000 AS DOUBLE) AS amount,
           range % 10 AS bucket
    FROM range(${options.rows})`);
  const generateSeconds = (performance.now() - generateStart) / 1000;
  const version = (await connection.runAndReadAll('SELECT version()')).getRows()[0][0];
  process.stderr.write(
    `seed_bench: DuckDB ${version}, ${options.threads} threads, generated ${options.rows} rows ` +
    `in ${generateSeconds.toFixed(3)} s; best of ${options.runs} runs per query\n`);

  for (const query of QUERIES) {
    let bestSeconds = Infinity;
    let result;
    for (let run = 0; run < options.runs; run++) {
      const start = performance.now();
      const reader = await connection.runAndReadAll(query.sql);
      const rows = reader.getRows();
      bestSeconds = Math.min(bestSeconds, (performance.now() - start) / 1000);
      result = query.toResult(rows);
    }
    process.stdout.write(JSON.stringify({
      engine: 'duckdb',
      query: query.name,
      rows: options.rows,
      seconds: Number(bestSeconds.toFixed(6)),
      result,
    }) + '\n');
  }
  connection.closeSync();
  instance.closeSync();
}

main().catch((error) => {
  process.stderr.write(`seed_bench: error: ${error.stack ?? error}\n`);
  process.exit(1);
});

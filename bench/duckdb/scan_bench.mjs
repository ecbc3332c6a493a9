// Parquet scan benchmark, DuckDB side: writes the benchmark file once (if absent) and times
// three scans of it, each reading the file again: an int64 sum, a string filter and a read of
// every column. Prints one JSON line per query (see docs/benchmarks.md).
//
// Usage: node bench/duckdb/scan_bench.mjs --file PATH [--rows N] [--threads N] [--runs N]

import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const options = { file: null, rows: 10_000_000, threads: os.availableParallelism ? os.availableParallelism() : os.cpus().length, runs: 3 };
for (let i = 2; i < process.argv.length; i += 2) {
  const flag = process.argv[i].replace(/^--/, '');
  if (!(flag in options) || process.argv[i + 1] === undefined) {
    process.stderr.write(`scan_bench: bad option ${process.argv[i]}\n`);
    process.exit(2);
  }
  options[flag] = flag === 'file' ? process.argv[i + 1] : Number(process.argv[i + 1]);
}
if (!options.file) {
  process.stderr.write('scan_bench: --file is required\n');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:');
const connection = await instance.connect();
await connection.run(`SET threads = ${options.threads}`);
const file = options.file.replaceAll("'", "''");
if (!fs.existsSync(options.file)) {
  const started = performance.now();
  await connection.run(
    `COPY (SELECT range AS id, ((range * 37) % 1000)::DOUBLE AS amount, 'name-' || range AS name, ` +
    `range % 10 AS bucket, 'country-' || ((range * 7) % 23) AS country ` +
    `FROM range(${options.rows})) TO '${file}' (FORMAT PARQUET, COMPRESSION SNAPPY)`);
  process.stderr.write(`scan_bench: wrote ${options.file} in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
}

const queries = [
  ['sum_id', `SELECT sum(id)::BIGINT FROM read_parquet('${file}')`, (rows) => Number(rows[0][0])],
  ['string_filter', `SELECT count(*) FROM read_parquet('${file}') WHERE contains(name, '77')`,
    (rows) => Number(rows[0][0])],
  ['full_row', `SELECT count(*), max(id), max(amount), max(name), max(bucket) FROM read_parquet('${file}')`,
    (rows) => [Number(rows[0][0]), Number(rows[0][1]), Number(rows[0][2]), String(rows[0][3]), Number(rows[0][4])]],
  ['string_equality', `SELECT count(*) FROM read_parquet('${file}') WHERE country = 'country-5'`,
    (rows) => Number(rows[0][0])],
  ['group_by_string',
    `SELECT country, count(*), sum(amount) FROM read_parquet('${file}') GROUP BY country`,
    (rows) => rows.map((row) => [String(row[0]), Number(row[1]), Number(row[2])])],
];
const total = Number((await connection.runAndReadAll(`SELECT count(*) FROM read_parquet('${file}')`)).getRows()[0][0]);
for (const [name, sql, render] of queries) {
  let best = Infinity;
  let result = null;
  for (let run = 0; run < options.runs; ++run) {
    const started = performance.now();
    const reader = await connection.runAndReadAll(sql);
    best = Math.min(best, (performance.now() - started) / 1000);
    result = render(reader.getRows());
  }
  process.stdout.write(JSON.stringify({ engine: 'duckdb', query: name, rows: total, seconds: best, result }) + '\n');
}

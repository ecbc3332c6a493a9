// Runs one query in an in-memory DuckDB and prints its rows, one a line, values separated by
// '|' and nulls as NULL (used by parquet_write_test to read back what Ember wrote).
// Usage: NODE_PATH=<repo>/bench/duckdb/node_modules node parquet_duckdb_query.cjs "SELECT ..."
'use strict';
const { DuckDBInstance } = require('@duckdb/node-api');

(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET threads = 1; SET TimeZone = 'UTC'");
  const reader = await connection.runAndReadAll(process.argv[2]);
  for (const row of reader.getRows()) {
    process.stdout.write(row.map((v) => (v === null ? 'NULL' : String(v))).join('|') + '\n');
  }
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});

// Runs SQL statements in an in-memory DuckDB (used by parquet_test to write Parquet files).
// Usage: NODE_PATH=<repo>/bench/duckdb/node_modules node parquet_duckdb.cjs "SQL; SQL; ..."
'use strict';
const { DuckDBInstance } = require('@duckdb/node-api');

(async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  await connection.run("SET threads = 1; SET TimeZone = 'UTC'");
  await connection.run(process.argv[2]);
})().catch((error) => {
  console.error(error.message);
  process.exit(1);
});

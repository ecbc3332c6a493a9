// Writes the Parquet files of parquet_duckdb_test with DuckDB, plus the values DuckDB holds for
// them, so that the test can check Ember's reader against DuckDB's writer.
//
// Usage: NODE_PATH=<repo>/bench/duckdb/node_modules node generate_parquet_files.cjs OUTPUT_DIR
//
// For each table it writes OUTPUT_DIR/<table>.expected: one line per row, ordered by `id`,
// fields separated by tabs, \N for null and \\, \t, \n, \r escaped. Values are rendered in a
// form that does not depend on either engine's formatting: integers and decimals as DuckDB
// casts them to text, booleans as true/false, floating point as DuckDB's shortest round-trip
// text, dates as days since 1970-01-01, timestamps as microseconds since the epoch (UTC) and
// binary as upper-case hex. Then it writes OUTPUT_DIR/<table>_<variant>.parquet for every
// variant of codec, format version, dictionary use and row group size, and prints the file
// names, one per line, on stdout.

'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { DuckDBInstance } = require('@duckdb/node-api');

/// Floors nanoseconds to microseconds (DuckDB's integer division truncates toward zero).
const floorMicros = (nanos) =>
  `CASE WHEN ${nanos} >= 0 THEN ${nanos} // 1000 ELSE -((-${nanos} + 999) // 1000) END`;

/// Returns the integer expression `unscaled` as an exact decimal with `scale` digits after the
/// point (dividing would go through DOUBLE and round).
const scaled = (unscaled, scale) =>
  `((${unscaled})::DECIMAL(38,0) * ('0.' || repeat('0', ${scale - 1}) || '1')::DECIMAL(38,${scale}))`;

/// The table every type test reads: one column per Parquet type DuckDB writes, with nulls,
/// extremes, empty and non-ASCII strings. `canonical` renders a column for the expected file.
const TYPES_TABLE = {
  name: 'types',
  rows: 3000,
  columns: [
    ['id', 'i::BIGINT', 'CAST(id AS VARCHAR)'],
    ['b', 'CASE WHEN i % 7 = 0 THEN NULL ELSE i % 3 = 0 END',
      "CASE WHEN b THEN 'true' WHEN NOT b THEN 'false' END"],
    ['i8', 'CASE WHEN i % 11 = 0 THEN NULL WHEN i = 1 THEN -128 WHEN i = 2 THEN 127 ' +
      'ELSE (i * 37) % 256 - 128 END::TINYINT', null],
    ['i16', 'CASE WHEN i % 11 = 1 THEN NULL WHEN i = 2 THEN -32768 WHEN i = 3 THEN 32767 ' +
      'ELSE (i * 7919) % 65536 - 32768 END::SMALLINT', null],
    ['i32', 'CASE WHEN i % 11 = 2 THEN NULL WHEN i = 3 THEN -2147483648 WHEN i = 4 ' +
      'THEN 2147483647 ELSE (hash(i) % 4294967296)::BIGINT - 2147483648 END::INTEGER', null],
    ['i64', 'CASE WHEN i % 11 = 3 THEN NULL WHEN i = 4 THEN -9223372036854775808 ' +
      'WHEN i = 5 THEN 9223372036854775807 ' +
      'ELSE (hash(i) >> 1)::BIGINT * (CASE WHEN i % 2 = 0 THEN 1 ELSE -1 END) END', null],
    ['u8', 'CASE WHEN i % 13 = 4 THEN NULL ELSE i % 256 END::UTINYINT', null],
    ['u16', 'CASE WHEN i % 13 = 5 THEN NULL ELSE (i * 31) % 65536 END::USMALLINT', null],
    ['u32', 'CASE WHEN i % 13 = 6 THEN NULL WHEN i = 7 THEN 4294967295 ' +
      'ELSE hash(i) % 4294967296 END::UINTEGER', null],
    ['u64', 'CASE WHEN i % 13 = 7 THEN NULL WHEN i = 8 THEN 18446744073709551615 ' +
      'ELSE hash(i) END::UBIGINT', null],
    ['f', "CASE WHEN i % 17 = 0 THEN NULL WHEN i = 4 THEN 'nan'::FLOAT " +
      "WHEN i = 5 THEN 'inf'::FLOAT WHEN i = 6 THEN '-inf'::FLOAT WHEN i = 8 THEN '-0.0'::FLOAT " +
      'ELSE ((i * 1.37 - 1000) / 3)::FLOAT END', null],
    ['d', "CASE WHEN i % 17 = 1 THEN NULL WHEN i = 4 THEN 'nan'::DOUBLE " +
      "WHEN i = 5 THEN 'inf'::DOUBLE WHEN i = 6 THEN '-inf'::DOUBLE " +
      "WHEN i = 8 THEN '-0.0'::DOUBLE WHEN i = 9 THEN 1.7976931348623157e308 " +
      'ELSE (i * 3.14159265358979 / 7 - 500)::DOUBLE END', null],
    ['dec_4_1', 'CASE WHEN i % 19 = 0 THEN NULL ' +
      `ELSE ${scaled('(i * 7) % 19999 - 9999', 1)} END::DECIMAL(4,1)`, null],
    ['dec_9_3', "CASE WHEN i % 19 = 1 THEN NULL WHEN i = 2 THEN '-999999.999'::DECIMAL(9,3) " +
      `ELSE ${scaled('(hash(i) % 1999999999)::BIGINT - 999999999', 3)} END::DECIMAL(9,3)`, null],
    ['dec_18_6', 'CASE WHEN i % 19 = 2 THEN NULL ' +
      "WHEN i = 3 THEN '999999999999.999999'::DECIMAL(18,6) " +
      `ELSE ${scaled('(hash(i) % 999999999999999999)::BIGINT - 499999999999999999', 6)} ` +
      'END::DECIMAL(18,6)', null],
    ['dec_38_10', 'CASE WHEN i % 19 = 3 THEN NULL ' +
      "WHEN i = 9 THEN '9999999999999999999999999999.9999999999' " +
      "WHEN i = 10 THEN '-9999999999999999999999999999.9999999999' " +
      "ELSE (CASE WHEN i % 2 = 0 THEN '-' ELSE '' END) || CAST(hash(i) AS VARCHAR) || '.' || " +
      "lpad(CAST(i AS VARCHAR), 10, '0') END::DECIMAL(38,10)", null],
    ['dec_20_0', 'CASE WHEN i % 19 = 4 THEN NULL ELSE hash(i)::HUGEINT - 9223372036854775808 ' +
      'END::DECIMAL(20,0)', null],
    ['s', "CASE WHEN i % 13 = 0 THEN NULL WHEN i % 17 = 0 THEN '' " +
      "WHEN i % 5 = 0 THEN 'héllo wörld ' || i WHEN i % 5 = 1 THEN '日本語テキスト' || i " +
      "WHEN i % 5 = 2 THEN '🚀✨ emoji ' || i WHEN i % 5 = 3 THEN repeat('x', i % 200) " +
      "ELSE 'tab\there, newline\nthere, back\\\\slash ' || i END", 's'],
    ['s_dict', "CASE WHEN i % 9 = 0 THEN NULL ELSE " +
      "['alpha', 'beta', '', 'gamma δ', '🚀'][1 + i % 5] END", 's_dict'],
    ['bl', "CASE WHEN i % 10 = 0 THEN NULL WHEN i % 23 = 0 THEN ''::BLOB " +
      "ELSE '\\xAA\\x00\\xFF'::BLOB || CAST(i AS VARCHAR)::BLOB END", 'hex(bl)'],
    ['dt', "CASE WHEN i % 29 = 0 THEN NULL WHEN i = 10 THEN DATE '0001-01-01' " +
      "WHEN i = 11 THEN DATE '9999-12-31' " +
      "ELSE DATE '1970-01-01' + ((i * 37) % 200000 - 100000)::INTEGER END",
      "CAST(date_diff('day', DATE '1970-01-01', dt) AS VARCHAR)"],
    ['ts', 'CASE WHEN i % 31 = 0 THEN NULL ' +
      'ELSE make_timestamp((hash(i) % 4000000000000000)::BIGINT - 2000000000000000) END',
      'CAST(epoch_us(ts) AS VARCHAR)'],
    ['tstz', 'CASE WHEN i % 31 = 1 THEN NULL ' +
      'ELSE make_timestamp((hash(i + 1) % 4000000000000000)::BIGINT - 2000000000000000) ' +
      'END::TIMESTAMPTZ', 'CAST(epoch_us(tstz) AS VARCHAR)'],
    ['tms', 'CASE WHEN i % 31 = 2 THEN NULL ' +
      'ELSE make_timestamp((hash(i + 2) % 4000000000000000)::BIGINT - 2000000000000000) ' +
      'END::TIMESTAMP_MS', 'CAST(epoch_us(tms) AS VARCHAR)'],
    ['tns', 'CASE WHEN i % 31 = 3 THEN NULL WHEN i = 12 THEN make_timestamp_ns(-1500) ' +
      'ELSE make_timestamp_ns((hash(i + 3) % 4000000000000000000)::BIGINT ' +
      '- 2000000000000000000) END',
      `CAST(${floorMicros('epoch_ns(tns)')} AS VARCHAR)`],
    ['tsec', 'CASE WHEN i % 31 = 4 THEN NULL ' +
      'ELSE make_timestamp((hash(i + 4) % 4000000000000000)::BIGINT - 2000000000000000) ' +
      'END::TIMESTAMP_S', 'CAST(epoch_us(tsec) AS VARCHAR)'],
    ['js', `CASE WHEN i % 37 = 0 THEN NULL ELSE ('{"k": ' || i || '}')::JSON END`, null],
    ['en', "CASE WHEN i % 41 = 0 THEN NULL ELSE (['red', 'green', 'blue'])[1 + i % 3] END" +
      "::ENUM('red', 'green', 'blue')", null],
    // Parquet has no 128-bit integer: DuckDB writes HUGEINT as DOUBLE.
    ['hi', 'CASE WHEN i % 43 = 0 THEN NULL ELSE hash(i)::HUGEINT * 1000 END',
      'CAST(hi::DOUBLE AS VARCHAR)'],
    ['all_null', 'NULL::INTEGER', null],
  ],
};

/// A larger table of common columns read with small row groups and batch sizes.
const BIG_TABLE = {
  name: 'big',
  rows: 50000,
  columns: [
    ['id', 'i::BIGINT', 'CAST(id AS VARCHAR)'],
    ['v', 'CASE WHEN i % 3 = 0 THEN NULL ELSE (hash(i) % 1000000)::INTEGER END', null],
    ['s', "CASE WHEN i % 4 = 0 THEN NULL ELSE 'k' || (i % 50) END", 's'],
    ['u', "'unique-' || i", 'u'],
    ['d', '(i / 7)::DOUBLE', null],
  ],
};

/// Codecs DuckDB writes; 'lz4' and 'lz4_raw' both produce LZ4_RAW.
const CODECS = ['uncompressed', 'snappy', 'gzip', 'zstd', 'lz4', 'lz4_raw', 'brotli'];

/// Returns the variants written of each table: name suffix and COPY options.
function variants(table) {
  const out = [];
  const groups = Math.ceil(table.rows / 3);
  for (const codec of CODECS) {
    out.push([`v1_${codec}`, `COMPRESSION ${codec}, ROW_GROUP_SIZE ${groups}`]);
    out.push([`v2_${codec}`, `COMPRESSION ${codec}, ROW_GROUP_SIZE ${groups}, PARQUET_VERSION V2`]);
  }
  out.push(['v1_plain', `COMPRESSION snappy, DICTIONARY_SIZE_LIMIT 1, ROW_GROUP_SIZE ${groups}`]);
  out.push(['v2_plain',
    `COMPRESSION zstd, DICTIONARY_SIZE_LIMIT 1, ROW_GROUP_SIZE ${groups}, PARQUET_VERSION V2`]);
  out.push(['v1_small_groups', 'COMPRESSION snappy, ROW_GROUP_SIZE 100']);
  return out;
}

/// Renders one value of the canonical query for the expected file.
function render(value) {
  if (value === null || value === undefined) return '\\N';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r');
}

async function writeTable(connection, table, outputDir) {
  const definitions = table.columns.map(([name, sql]) => `${sql} AS ${name}`).join(',\n  ');
  await connection.run(`CREATE TABLE ${table.name} AS SELECT\n  ${definitions}\n` +
    `FROM range(${table.rows}) AS r(i) ORDER BY i`);
  const canonical =
    table.columns.map(([name, , canonicalSql]) => canonicalSql ?? `CAST(${name} AS VARCHAR)`);
  const reader = await connection.runAndReadAll(
    `SELECT ${canonical.join(', ')} FROM ${table.name} ORDER BY id`);
  const lines = reader.getRows().map((row) => row.map(render).join('\t'));
  fs.writeFileSync(path.join(outputDir, `${table.name}.expected`), lines.join('\n') + '\n');
  const files = [];
  for (const [suffix, options] of variants(table)) {
    const file = path.join(outputDir, `${table.name}_${suffix}.parquet`);
    await connection.run(`COPY (SELECT * FROM ${table.name} ORDER BY id) TO '${file}' ` +
      `(FORMAT parquet, ${options})`);
    files.push(file);
  }
  return files;
}

async function main() {
  const outputDir = process.argv[2];
  if (!outputDir || process.argv.length !== 3) {
    process.stderr.write('usage: node generate_parquet_files.cjs OUTPUT_DIR\n');
    process.exit(2);
  }
  fs.mkdirSync(outputDir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  // One thread keeps the row order of every write identical to the table's.
  await connection.run("SET threads = 1; SET TimeZone = 'UTC'");
  for (const table of [TYPES_TABLE, BIG_TABLE]) {
    for (const file of await writeTable(connection, table, outputDir)) {
      process.stdout.write(`${file}\n`);
    }
  }
}

main().catch((error) => {
  process.stderr.write(`generate_parquet_files: ${error.stack || error}\n`);
  process.exit(1);
});

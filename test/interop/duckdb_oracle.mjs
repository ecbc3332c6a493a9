// DuckDB as the oracle of Ember's interoperability tests (test/interop/interop_test.cc): writes
// CSV and JSON lines files with DuckDB together with the rows they hold, and reads files Ember
// wrote back with DuckDB.
//
// Usage:
//   node duckdb_oracle.mjs generate <dir>
//       Writes, under <dir>:
//         types.csv, types.json       a table of every type and its edge values (16 rows);
//                                     DuckDB writes the non-finite doubles of column `special`
//                                     into JSON as bare NaN, Infinity and -Infinity tokens
//         types.expected.jsonl        the rows of types.csv
//         types_dates.csv             types.csv with dates as 31/12/1999 and timestamps as
//                                     31/12/1999 23:59:59.999999 (DATEFORMAT, TIMESTAMPFORMAT)
//         huge.json, huge.expected.jsonl
//                                     HUGEINT values beyond 64 bits, as JSON numbers
//         empty.csv                   a header line and no rows
//         empty_no_header.csv         zero bytes
//         empty.json                  zero bytes (DuckDB's JSON of an empty table)
//         many_csv/, many_json/       3000 rows spread over 8 files by id % 8, plus a
//                                     header-only and a zero-byte file in many_csv/
//         many.expected.jsonl         the rows of many_csv/, many_json/ and hive_csv/
//         hive_csv/                   the same rows written with PARTITION_BY (bucket, tag), so
//                                     bucket and tag live only in the key=value directories,
//                                     which DuckDB percent-encodes ('a b' -> a%20b); DuckDB's
//                                     JSON COPY has no PARTITION_BY
//   node duckdb_oracle.mjs read <csv|json> <file or directory> <columns> [<partition columns>]
//       Reads a file, or every data file under a directory (names starting with '_' or '.' are
//       skipped, as Spark skips them), with DuckDB and prints canonical rows. <columns> and
//       <partition columns> are JSON arrays of [name, DuckDB type] pairs; partition columns are
//       taken from key=value directories (hive_partitioning). CSV is read as Spark writes it:
//       header line, quote '"', escape '\', "" is an empty string and an empty field is null.
//
// Canonical rows (the *.expected.jsonl files and the output of `read`): the first line is
//   {"columns":[{"name":"id","duckdb":"BIGINT","spark":"bigint"},...]}
// and every further line is one row, ordered by column `id`: a JSON array with one entry per
// column, null for SQL NULL and otherwise the value rendered as text:
//   BIGINT, INTEGER   decimal digits: "-2147483648"
//   DOUBLE            Java's Double.toString (as Spark prints doubles): "0.1", "-0.0", "1.0E22",
//                     "4.9E-324", "NaN", "Infinity"; it has the shortest digits that round-trip,
//                     so two doubles render alike exactly when they are the same double
//   DECIMAL(p,s)      plain digits with exactly s digits after the point: "-0.0001"
//   VARCHAR           the string itself
//   DATE              yyyy-MM-dd
//   TIMESTAMP         yyyy-MM-dd HH:mm:ss.ffffff, always six fraction digits (no time zone)
//   BOOLEAN           "true" or "false"
//
// @duckdb/node-api comes from <repo>/bench/duckdb/node_modules (installed by scripts/setup).

import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/// Returns whether JSON.parse hands revivers the source text of each value (Node 21 and later,
/// or Node 20 with --harmony-json-parse-with-source); reading JSON decimals exactly needs it,
/// because DuckDB's JSON reader parses every number as a double.
function jsonParseKeepsSource() {
  return JSON.parse('1.0', (key, value, context) => context?.source) === '1.0';
}

if (!jsonParseKeepsSource()) {
  const flag = '--harmony-json-parse-with-source';
  if (process.execArgv.includes(flag)) fail('JSON.parse does not expose source text; use Node 21+');
  const result = spawnSync(process.execPath, [...process.execArgv, flag, ...process.argv.slice(1)],
                           { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

function fail(message) {
  process.stderr.write(`duckdb_oracle: ${message}\n`);
  process.exit(2);
}

function loadDuckDb() {
  const require = createRequire(path.join(repositoryRoot, 'bench', 'duckdb', 'package.json'));
  try {
    return require('@duckdb/node-api');
  } catch (error) {
    fail('cannot load @duckdb/node-api from bench/duckdb/node_modules (run scripts/setup): ' +
         error.message);
  }
}

/// Wraps each text in CAST(... AS type), keeping NULL as it is.
function castEach(type, texts) {
  return texts.map((text) => (text === null ? 'NULL' : `CAST(${quoteString(text)} AS ${type})`));
}

/// Columns of the types table with SQL expressions that row r takes in turn
/// (values[r % values.length]), so that every column holds its edge values and a NULL.
const TYPE_COLUMNS = [
  { name: 'id', duckdb: 'BIGINT', values: null },  // r + 1
  { name: 'i', duckdb: 'INTEGER',
    values: castEach('INTEGER', ['0', '1', '-1', '2147483647', '-2147483648', null, '42',
                                 '-123456']) },
  { name: 'big', duckdb: 'BIGINT',
    values: castEach('BIGINT', [null, '9223372036854775807', '-9223372036854775808', '3000000000',
                                '-3000000000', '0', '7']) },
  { name: 'd', duckdb: 'DOUBLE',
    values: [...castEach('DOUBLE', ['0.1', '-0.0', '5e-324', '1.7976931348623157e308',
                                    '-2.2250738585072014e-308', '1e22', '1e7', '9999999.0', '0.001',
                                    '0.0001', '123456789.125', null, '100', '-1.5e-7']),
             '1.0::DOUBLE / 3'] },
  // Non-finite doubles: DuckDB writes them into JSON as bare NaN and Infinity tokens, which
  // standard JSON does not have but Spark's reader (allowNonNumericNumbers) reads.
  { name: 'special', duckdb: 'DOUBLE',
    values: castEach('DOUBLE', ['NaN', 'Infinity', '-Infinity', '2.5', null]) },
  { name: 'dc', duckdb: 'DECIMAL(18,4)',
    values: castEach('DECIMAL(18,4)', ['0', '-0.0001', '99999999999999.9999',
                                       '-99999999999999.9999', '1.5', null, '12345.6789']) },
  { name: 'dd', duckdb: 'DECIMAL(38,10)',
    values: castEach('DECIMAL(38,10)', ['9999999999999999999999999999.9999999999',
                                        '-9999999999999999999999999999.9999999999', '0.0000000001',
                                        '123456789012345678.0123456789', null, '0', '-42.5']) },
  { name: 's', duckdb: 'VARCHAR',
    values: [...castEach('VARCHAR', ['plain', '', null, 'comma, inside', 'quote " inside', '""',
                                     'back\\slash', 'back\\"slash quote', 'é€😀 中文',
                                     ' leading and trailing ', 'NULL', ' ']),
             "'new' || chr(10) || 'line'", "'crlf' || chr(13) || chr(10) || 'line'",
             "'tab' || chr(9) || 'here'", "'control' || chr(1)"] },
  { name: 'dt', duckdb: 'DATE',
    values: castEach('DATE', ['2024-02-29', '1970-01-01', '1969-12-31', '0001-01-01', '9999-12-31',
                              null, '1900-03-01']) },
  { name: 'ts', duckdb: 'TIMESTAMP',
    values: castEach('TIMESTAMP', ['2024-01-02 03:04:05.123456', '1970-01-01 00:00:00',
                                   '1969-12-31 23:59:59.999999', '2000-02-29 12:00:00.000001',
                                   '1900-01-01 00:00:00.5', '9999-12-31 23:59:59.999999', null,
                                   '0001-01-01 00:00:00']) },
  { name: 'b', duckdb: 'BOOLEAN', values: ['true', 'false', 'NULL'] },
];

/// Builds the many-files table: 3000 rows of computed values with NULLs sprinkled in, and the
/// partition columns bucket and tag (tag needs escaping in a directory name). No value holds a
/// line break, so the files can be split anywhere.
const MANY_TABLE_SQL = `
  CREATE TABLE many AS SELECT
    r::BIGINT AS id,
    CASE WHEN r % 11 = 3 THEN NULL ELSE ((r * 7919) % 100003 - 50000)::INTEGER END AS n,
    CASE WHEN r % 13 = 5 THEN NULL ELSE r::DOUBLE / 7 END AS x,
    CASE WHEN r % 17 = 7 THEN NULL
         ELSE CAST((r * 1000003 - 1500000000)::VARCHAR || '.' ||
                   lpad(((r * 7777777) % 10000000000)::VARCHAR, 10, '0') AS DECIMAL(38,10))
    END AS amount,
    CASE WHEN r % 19 = 2 THEN NULL
         ELSE 'row ' || r || CASE r % 4 WHEN 0 THEN ', "é"' WHEN 1 THEN '' WHEN 2 THEN ' 😀'
                                        ELSE ' \\' END
    END AS s,
    CASE WHEN r % 23 = 4 THEN NULL ELSE DATE '1999-06-01' + r::INTEGER END AS dt,
    CASE WHEN r % 29 = 6 THEN NULL ELSE make_timestamp(946684800000000 + r * 1234567891) END AS ts,
    (r % 4)::INTEGER AS bucket,
    CASE r % 5 WHEN 0 THEN 'a b' WHEN 1 THEN 'x/y=z%' WHEN 2 THEN 'é' WHEN 3 THEN NULL
               ELSE 'plain' END AS tag
  FROM range(3000) AS t(r)`;

/// Returns the Spark DDL type of a DuckDB type.
function sparkType(duckdb) {
  const decimal = /^DECIMAL\((\d+),(\d+)\)$/.exec(duckdb);
  if (decimal) return `decimal(${decimal[1]},${decimal[2]})`;
  const types = { BIGINT: 'bigint', INTEGER: 'int', DOUBLE: 'double', VARCHAR: 'string',
                  DATE: 'date', TIMESTAMP: 'timestamp', BOOLEAN: 'boolean',
                  HUGEINT: 'decimal(38,0)' };
  if (!(duckdb in types)) fail(`no Spark type for DuckDB type ${duckdb}`);
  return types[duckdb];
}

function quoteIdentifier(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

function quoteString(text) {
  return `'${text.replaceAll("'", "''")}'`;
}

/// Returns the SQL expression that renders column `name` of type `duckdb` canonically (doubles
/// come back as JS numbers and are rendered by javaDouble).
function canonicalExpression(name, duckdb) {
  const column = quoteIdentifier(name);
  if (duckdb === 'DOUBLE') return column;
  if (duckdb === 'TIMESTAMP') return `strftime(${column}, '%Y-%m-%d %H:%M:%S.%f')`;
  return `CAST(${column} AS VARCHAR)`;
}

/// Formats a double as Java's Double.toString: the shortest digits that round-trip (the nearest
/// two-digit decimal when one digit would do, so 5e-324 is "4.9E-324"), laid out plainly for
/// 1e-3 <= |x| < 1e7 and as d.dddE<n> otherwise.
function javaDouble(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  let [mantissa, exponentText] = Math.abs(x).toExponential().split('e');
  if (!mantissa.includes('.')) [mantissa, exponentText] = Math.abs(x).toExponential(1).split('e');
  const exponent = Number(exponentText);
  const digits = mantissa.replace('.', '').replace(/(?<=.)0+$/, '');
  const sign = x < 0 ? '-' : '';
  if (exponent >= -3 && exponent < 7) {
    if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
    const integral = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    return `${sign}${integral}.${digits.slice(exponent + 1) || '0'}`;
  }
  return `${sign}${digits[0]}.${digits.slice(1) || '0'}E${exponent}`;
}

function renderValue(value, duckdb) {
  if (value === null) return null;
  if (duckdb === 'DOUBLE') return javaDouble(value);
  if (typeof value !== 'string') fail(`expected text for a ${duckdb} value, got ${typeof value}`);
  return value;
}

/// Runs `from` (a FROM clause holding `columns`, [name, DuckDB type] pairs) and returns its rows
/// ordered by id as canonical lines, header first.
async function canonicalLines(connection, columns, from) {
  const select = columns.map(([name, duckdb]) => canonicalExpression(name, duckdb)).join(', ');
  const reader = await connection.runAndReadAll(`SELECT ${select} FROM ${from} ORDER BY id`);
  const header = {
    columns: columns.map(([name, duckdb]) => ({ name, duckdb, spark: sparkType(duckdb) })),
  };
  const lines = [JSON.stringify(header)];
  for (const row of reader.getRows()) {
    lines.push(JSON.stringify(row.map((value, c) => renderValue(value, columns[c][1]))));
  }
  return lines;
}

/// Writes the canonical rows of `table` to `file`, with the column types DuckDB reports.
async function writeExpected(connection, table, file) {
  const described = await connection.runAndReadAll(`DESCRIBE ${table}`);
  const columns = described.getRows().map(([name, duckdb]) => [name, duckdb]);
  const lines = await canonicalLines(connection, columns, table);
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

async function generate(dir) {
  const { DuckDBInstance } = loadDuckDb();
  fs.mkdirSync(dir, { recursive: true });
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const run = (sql) => connection.run(sql);
  const at = (name) => quoteString(path.join(dir, name));

  const definitions = TYPE_COLUMNS.map(({ name, duckdb }) => `${quoteIdentifier(name)} ${duckdb}`);
  await run(`CREATE TABLE types (${definitions.join(', ')})`);
  const rowCount = Math.max(...TYPE_COLUMNS.map(({ values }) => values?.length ?? 0));
  const rows = [];
  for (let r = 0; r < rowCount; ++r) {
    const row = TYPE_COLUMNS.map(({ values }) => (values ? values[r % values.length] : r + 1));
    rows.push(`(${row.join(', ')})`);
  }
  await run(`INSERT INTO types VALUES ${rows.join(',\n')}`);
  await run(`COPY types TO ${at('types.csv')} (FORMAT CSV, HEADER)`);
  await run(`COPY types TO ${at('types.json')} (FORMAT JSON)`);
  await writeExpected(connection, 'types', path.join(dir, 'types.expected.jsonl'));
  await run(`COPY types TO ${at('types_dates.csv')}
             (FORMAT CSV, HEADER, DATEFORMAT '%d/%m/%Y', TIMESTAMPFORMAT '%d/%m/%Y %H:%M:%S.%f')`);

  await run(`CREATE TABLE huge AS SELECT * FROM (VALUES
               (1, 18446744073709551616::HUGEINT), (2, -9223372036854775809::HUGEINT),
               (3, 99999999999999999999999999999999999999::HUGEINT), (4, 7::HUGEINT),
               (5, NULL::HUGEINT)) AS t(id, h)`);
  await run(`COPY huge TO ${at('huge.json')} (FORMAT JSON)`);
  await writeExpected(connection, 'huge', path.join(dir, 'huge.expected.jsonl'));

  const empty = '(SELECT * FROM types LIMIT 0)';
  await run(`COPY ${empty} TO ${at('empty.csv')} (FORMAT CSV, HEADER)`);
  await run(`COPY ${empty} TO ${at('empty_no_header.csv')} (FORMAT CSV, HEADER false)`);
  await run(`COPY ${empty} TO ${at('empty.json')} (FORMAT JSON)`);

  await run(MANY_TABLE_SQL);
  for (const format of ['csv', 'json']) {
    const options = format === 'csv' ? 'FORMAT CSV, HEADER' : 'FORMAT JSON';
    fs.mkdirSync(path.join(dir, `many_${format}`), { recursive: true });
    for (let k = 0; k < 8; ++k) {
      await run(`COPY (SELECT * FROM many WHERE id % 8 = ${k} ORDER BY id)
                 TO ${at(`many_${format}/part-${k}.${format}`)} (${options})`);
    }
  }
  await run(`COPY (SELECT * FROM many LIMIT 0) TO ${at('many_csv/part-header-only.csv')}
             (FORMAT CSV, HEADER)`);
  fs.writeFileSync(path.join(dir, 'many_csv', 'part-zero-bytes.csv'), '');
  await run(`COPY many TO ${at('hive_csv')} (FORMAT CSV, HEADER, PARTITION_BY (bucket, tag))`);
  await writeExpected(connection, 'many', path.join(dir, 'many.expected.jsonl'));
}

/// Returns `root` if it is a file, else every file under it whose name does not start with '_'
/// or '.', sorted.
function dataFiles(root) {
  if (!fs.statSync(root).isDirectory()) return [root];
  const files = [];
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) files.push(...dataFiles(full));
    else files.push(full);
  }
  return files.sort();
}

/// Returns, for every JSON line of `files`, its id and the source text of each of its non-null
/// `decimalNames` members; fails if one is not a JSON number, as Spark writes decimals.
function decimalSources(files, decimalNames) {
  const sources = [];
  for (const file of files) {
    for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const texts = {};
      const object = JSON.parse(line, (key, value, context) => {
        if (decimalNames.includes(key) && value !== null) texts[key] = context.source;
        return value;
      });
      for (const [name, text] of Object.entries(texts)) {
        if (!/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(text)) {
          fail(`${file}: decimal column ${name} holds ${text}, not a JSON number`);
        }
      }
      sources.push([String(object.id), texts]);
    }
  }
  return sources;
}

/// Returns a FROM clause of the JSON lines `files` in which each decimal column holds DuckDB's
/// cast of the number's source text: DuckDB's JSON reader parses numbers as doubles.
async function exactJsonDecimals(connection, files, columns, readJson) {
  const decimals = columns.filter(([, duckdb]) => duckdb.startsWith('DECIMAL'));
  if (decimals.length === 0) return readJson(columns);
  const names = decimals.map(([name]) => name);
  const definitions = names.map((name) => `${quoteIdentifier(name)} VARCHAR`);
  await connection.run(`CREATE TABLE decimal_texts (id VARCHAR, ${definitions.join(', ')})`);
  const rows = decimalSources(files, names).map(([id, texts]) => {
    const cells = names.map((name) => (name in texts ? quoteString(texts[name]) : 'NULL'));
    return `(${quoteString(id)}, ${cells.join(', ')})`;
  });
  if (rows.length > 0) await connection.run(`INSERT INTO decimal_texts VALUES ${rows.join(', ')}`);
  const replaced = decimals.map(([name, duckdb]) => {
    const column = quoteIdentifier(name);
    return `CAST(decimal_texts.${column} AS ${duckdb}) AS ${column}`;
  });
  // Read as VARCHAR, DuckDB neither rounds nor rejects what a double cannot hold.
  const asText = columns.map(([name, duckdb]) => [name, names.includes(name) ? 'VARCHAR' : duckdb]);
  return `(SELECT data.* REPLACE (${replaced.join(', ')}) FROM ${readJson(asText)} AS data
           LEFT JOIN decimal_texts ON CAST(data.id AS VARCHAR) = decimal_texts.id)`;
}

async function read(format, root, columns, partitionColumns) {
  if (format !== 'csv' && format !== 'json') fail(`unknown format '${format}'`);
  const { DuckDBInstance } = loadDuckDb();
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const files = dataFiles(root);
  const fileList = `[${files.map(quoteString).join(', ')}]`;
  const struct = (pairs) =>
    `{${pairs.map(([name, duckdb]) => `${quoteString(name)}: ${quoteString(duckdb)}`).join(', ')}}`;
  const hive = partitionColumns.length > 0
    ? `hive_partitioning = true, hive_types = ${struct(partitionColumns)}`
    : 'hive_partitioning = false';
  let from;
  if (format === 'csv') {
    from = `read_csv(${fileList}, columns = ${struct(columns)}, ${hive}, header = true,
                     delim = ',', quote = '"', escape = '\\', allow_quoted_nulls = false,
                     auto_detect = false)`;
  } else {
    from = await exactJsonDecimals(connection, files, columns, (typed) =>
      `read_json(${fileList}, columns = ${struct(typed)}, ${hive}, format = 'newline_delimited')`);
  }
  const lines = await canonicalLines(connection, [...columns, ...partitionColumns], from);
  process.stdout.write(lines.join('\n') + '\n');
}

function parseColumns(text, what) {
  let pairs;
  try {
    pairs = JSON.parse(text ?? '[]');
  } catch (error) {
    fail(`${what} must be a JSON array of [name, type] pairs: ${error.message}`);
  }
  if (!Array.isArray(pairs) || !pairs.every((p) => Array.isArray(p) && p.length === 2)) {
    fail(`${what} must be a JSON array of [name, type] pairs`);
  }
  return pairs;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'generate' && args.length === 1) {
    await generate(args[0]);
  } else if (command === 'read' && (args.length === 3 || args.length === 4)) {
    await read(args[0], args[1], parseColumns(args[2], '<columns>'),
               parseColumns(args[3], '<partition columns>'));
  } else {
    fail('usage: duckdb_oracle.mjs generate <dir> | ' +
         'read <csv|json> <path> <columns> [<partition columns>]');
  }
}

main().catch((error) => fail(error.stack ?? String(error)));

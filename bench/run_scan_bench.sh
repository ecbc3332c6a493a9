#!/usr/bin/env bash
# Parquet scan benchmark: DuckDB writes the file (once), then DuckDB and Ember each scan it three
# ways (int64 sum, string filter, every column, string equality and group-by on a
# low-cardinality dictionary-encoded string) and the ratios are printed.
# Usage: bench/run_scan_bench.sh [--rows N]   (default 10,000,000 rows)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rows=10000000
if [[ "${1:-}" == "--rows" ]]; then rows="$2"; fi
mkdir -p bench/data bench/results
file="bench/data/scan_v2_${rows}.parquet"  # v2: with the country column
[[ -d bench/duckdb/node_modules/@duckdb/node-api ]] || { echo "run_scan_bench: run scripts/setup first" >&2; exit 1; }
[[ -x build/release/bench/scan_benchmark ]] || { echo "run_scan_bench: build first (scripts/build release)" >&2; exit 1; }
node bench/duckdb/scan_bench.mjs --rows "$rows" --file "$file" > bench/results/scan_duckdb.jsonl
build/release/bench/scan_benchmark --file "$file" > bench/results/scan_ember.jsonl
/usr/bin/python3 bench/compare_results.py bench/results/scan_ember.jsonl bench/results/scan_duckdb.jsonl

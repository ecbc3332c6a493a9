#!/usr/bin/env bash
# Runs the seed job's queries in Ember and in DuckDB on the same generated data, one engine
# after the other, checks that their results agree and prints Ember/DuckDB time ratios.
#
# Usage: bench/run_seed_bench.sh [--rows N]      (default 100000000 rows)
#
# Needs build/release/bench/seed_benchmark (scripts/build release) and bench/duckdb/node_modules
# (scripts/setup). Both engines use every core. The raw JSON lines are kept in bench/results/.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

rows=100000000
while (($# > 0)); do
  case "$1" in
    --rows)
      [[ $# -ge 2 && "$2" =~ ^[1-9][0-9]*$ ]] || { echo "run_seed_bench: --rows needs a positive integer" >&2; exit 2; }
      rows="$2"
      shift 2
      ;;
    *)
      echo "usage: bench/run_seed_bench.sh [--rows N]" >&2
      exit 2
      ;;
  esac
done

ember_binary="build/release/bench/seed_benchmark"
if [[ ! -x "$ember_binary" ]]; then
  echo "run_seed_bench: error: $ember_binary not found; build it with: scripts/build release" >&2
  exit 1
fi
if [[ ! -d bench/duckdb/node_modules/@duckdb/node-api ]]; then
  echo "run_seed_bench: error: @duckdb/node-api is not installed; run: scripts/setup" >&2
  exit 1
fi

mkdir -p bench/results
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
ember_out="bench/results/seed-$rows-$stamp-ember.jsonl"
duckdb_out="bench/results/seed-$rows-$stamp-duckdb.jsonl"

echo "run_seed_bench: $rows rows, $(nproc) cores, $(git rev-parse --short HEAD 2>/dev/null || echo 'no git')"
echo "run_seed_bench: ember: $ember_binary --rows $rows"
"$ember_binary" --rows "$rows" | tee "$ember_out"
echo "run_seed_bench: duckdb: node bench/duckdb/seed_bench.mjs --rows $rows"
node bench/duckdb/seed_bench.mjs --rows "$rows" | tee "$duckdb_out"
echo
/usr/bin/python3 bench/compare_results.py "$ember_out" "$duckdb_out"

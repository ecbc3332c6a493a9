#!/usr/bin/env bash
# Runs a libFuzzer target over a copy of its seed corpus (so new inputs are not written into the
# repository) for a fixed number of runs with a fixed seed: the same binary explores the same
# inputs every time, so a CI result does not depend on luck or machine speed. Longer, random
# exploration: pass a different SEED and RUNS.
# Usage: run_fuzzer.sh FUZZER CORPUS_DIR RUNS [SEED]
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$2"/. "$work/"
exec "$1" -runs="$3" -seed="${4:-1}" -max_total_time=600 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 "$work"

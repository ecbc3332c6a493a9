#!/usr/bin/env bash
# Runs a libFuzzer target for a bounded time over its seed corpus (copied, so new inputs are not
# written into the repository). Usage: run_fuzzer.sh FUZZER CORPUS_DIR SECONDS
set -euo pipefail
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$2"/. "$work/"
exec "$1" -max_total_time="$3" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 "$work"

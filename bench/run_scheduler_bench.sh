#!/usr/bin/env bash
# Engine overheads under two masters (default: local[2] threads against local-cluster[2,1,1024]
# executor processes): empty tasks per second, shuffle MB/s and the seed's job; prints each
# measurement and the second master's time over the first's.
# Usage: bench/run_scheduler_bench.sh [--base MASTER] [--other MASTER] [scheduler_benchmark flags]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
base='local[2]'
other='local-cluster[2,1,1024]'
flags=()
while (($# > 0)); do
  case "$1" in
    --base) base="$2"; shift 2 ;;
    --other) other="$2"; shift 2 ;;
    *) flags+=("$1"); shift ;;
  esac
done
binary=build/release/bench/scheduler_benchmark
[[ -x "$binary" ]] || { echo "run_scheduler_bench: build first (scripts/build release)" >&2; exit 1; }
# local-cluster masters start `ember executor` processes from the build tree.
export EMBER_EXECUTOR_BINARY="${EMBER_EXECUTOR_BINARY:-$root/build/release/apps/ember}"
mkdir -p bench/results
"$binary" --master "$base" "${flags[@]}" > bench/results/scheduler_base.jsonl
"$binary" --master "$other" "${flags[@]}" > bench/results/scheduler_other.jsonl
/usr/bin/python3 - bench/results/scheduler_base.jsonl bench/results/scheduler_other.jsonl <<'PY'
import json, sys
base = {r["query"]: r for r in map(json.loads, open(sys.argv[1]))}
other = {r["query"]: r for r in map(json.loads, open(sys.argv[2]))}
first, second = next(iter(base.values()))["master"], next(iter(other.values()))["master"]
print(f"{'query':<12} {first:>22} {second:>26}  time ratio")
status = 0
for name, b in base.items():
    o = other[name]
    if b["check"] != o["check"]:
        print(f"{name}: results differ ({b['check']} vs {o['check']})")
        status = 1
    print(f"{name:<12} {b['rate']:>14.1f} {b['unit']:<7} {o['rate']:>18.1f} {o['unit']:<7}  "
          f"{o['seconds'] / b['seconds']:.2f}")
sys.exit(status)
PY

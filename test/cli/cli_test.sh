#!/usr/bin/env bash
# Runs the `ember` command line on small files and checks its output and exit codes.
set -euo pipefail
ember="$1"
with_python="${2:-OFF}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "cli_test: $*" >&2; exit 1; }

printf 'k,v\na,1\nb,2\na,3\n' > "$work/in.csv"
head_output="$("$ember" head "$work/in.csv" -n 2)"
expected=$'+---+---+\n|  k|  v|\n+---+---+\n|  a|  1|\n|  b|  2|\n+---+---+\nonly showing top 2 rows'
[[ "$head_output" == "$expected" ]] || fail "head printed:"$'\n'"$head_output"

"$ember" convert "$work/in.csv" "$work/out.json" --partition-by k > /dev/null
[[ -f "$work/out.json/_SUCCESS" ]] || fail "convert wrote no _SUCCESS"
[[ -d "$work/out.json/k=a" && -d "$work/out.json/k=b" ]] || fail "convert did not partition by k"
cat "$work"/out.json/k=a/*.json | grep -q '{"v":1}' || fail "k=a does not hold v=1"
rows="$("$ember" head "$work/out.json" | grep -c '^|  [0-9]')"
[[ "$rows" == 3 ]] || fail "reading the converted files back gave $rows rows"

"$ember" convert "$work/in.csv" "$work/out.parquet" > /dev/null
part="$(ls "$work"/out.parquet/part-*.parquet | head -n 1)"
inspect_output="$("$ember" inspect "$part")"
grep -q '^created by: ember version' <<<"$inspect_output" || fail "inspect: $inspect_output"
grep -q '^rows: 3$' <<<"$inspect_output" || fail "inspect rows: $inspect_output"
grep -Eq '^  k: SNAPPY \[[A-Z_,]*PLAIN[A-Z_,]*\] 3 values, [0-9]+ bytes \([0-9]+ uncompressed\), min=a max=b nulls=0$' \
  <<<"$inspect_output" || fail "inspect chunk line: $inspect_output"
[[ "$("$ember" head "$work/out.parquet" | grep -c '^|  [ab]')" == 3 ]] || fail "head of parquet"

if "$ember" head "$work/missing.csv" 2> "$work/err"; then fail "head of a missing file succeeded"; fi
grep -q 'PATH_NOT_FOUND' "$work/err" || fail "missing file error: $(cat "$work/err")"
if "$ember" convert "$work/in.csv" "$work/out.json" 2> "$work/err"; then fail "convert overwrote"; fi
grep -q 'PATH_ALREADY_EXISTS' "$work/err" || fail "existing destination error: $(cat "$work/err")"
# Read and write options: custom date and timestamp patterns.
printf 'day,at\n02/01/2024,02/01/2024 03:04\n' > "$work/dates.csv"
dates_output="$("$ember" head "$work/dates.csv" --option dateFormat=dd/MM/yyyy \
  --option "timestampFormat=dd/MM/yyyy HH:mm")"
grep -q '|2024-01-02|2024-01-02 03:04:00|' <<<"$dates_output" || fail "head with options: $dates_output"
"$ember" convert "$work/dates.csv" "$work/dates.json" --option dateFormat=dd/MM/yyyy \
  --option "timestampFormat=dd/MM/yyyy HH:mm" --write-option dateFormat=yyyy/MM/dd > /dev/null
cat "$work"/dates.json/part-*.json | grep -q '{"day":"2024/01/02","at":"2024-01-02T03:04:00.000Z"}' \
  || fail "convert with write options wrote: $(cat "$work"/dates.json/part-*.json)"
if "$ember" head "$work/dates.csv" --option dateFormat=yyyy-MM-dd-u 2> "$work/err"; then
  fail "a bad pattern was accepted"
fi
grep -q "option \`dateFormat\`" "$work/err" || fail "bad pattern error: $(cat "$work/err")"
if "$ember" head "$work/dates.csv" --option dateFormat 2> "$work/err"; then fail "--option without ="; fi
grep -q 'KEY=VALUE' "$work/err" || fail "--option without = error: $(cat "$work/err")"
"$ember" --help | grep -q 'ember convert SRC DST' || fail "--help does not list convert"
"$ember" --help | grep -q -- '--option KEY=VALUE' || fail "--help does not list --option"
"$ember" --help | grep -q 'ember inspect FILE' || fail "--help does not list inspect"
"$ember" --help | grep -q 'ember submit \[--master M\]' || fail "--help does not list submit"

# ember submit: the script runs on python3 with the package importable and the master and
# settings preset; arguments after the script reach it unchanged.
cat > "$work/job.py" <<'PY'
import sys
from ember.sql import SparkSession
spark = SparkSession.builder.getOrCreate()
print(spark.conf.get("spark.master"), spark.conf.get("spark.sql.shuffle.partitions"),
      spark.conf.get("ember.test.quoted", "-"), spark.range(10).count(), sys.argv[1:])
PY
if [[ "$with_python" == ON ]]; then
  submit_output="$("$ember" submit --master 'local[3]' --conf spark.sql.shuffle.partitions=7 \
    --conf 'ember.test.quoted=a "b" \c' "$work/job.py" --rows 5 x)"
  [[ "$submit_output" == 'local[3] 7 a "b" \c 10 ['"'"'--rows'"'"', '"'"'5'"'"', '"'"'x'"'"']' ]] \
    || fail "submit printed: $submit_output"
  [[ "$(cd / && "$ember" submit "$work/job.py")" == "local[*] 200 - 10 []" ]] || fail "submit defaults"
  printf 'import sys\nsys.exit(3)\n' > "$work/exit3.py"
  status=0; "$ember" submit "$work/exit3.py" || status=$?
  [[ "$status" == 3 ]] || fail "submit did not pass on the script's exit status ($status)"
else
  if "$ember" submit "$work/job.py" 2> "$work/err"; then fail "submit ran without Python"; fi
  grep -q 'built without the Python package' "$work/err" || fail "submit: $(cat "$work/err")"
fi
if "$ember" submit --conf novalue "$work/job.py" 2> "$work/err"; then fail "--conf without ="; fi
grep -q 'needs KEY=VALUE' "$work/err" || fail "--conf error: $(cat "$work/err")"
if "$ember" submit --master 2> "$work/err"; then fail "--master without a value"; fi
if "$ember" submit 2> "$work/err"; then fail "submit without a script"; fi
grep -q 'missing the Python SCRIPT' "$work/err" || fail "no script error: $(cat "$work/err")"
echo "cli_test passed"

#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, builds test/install/consumer against it with
# find_package(Ember), runs it and checks its output; with a second argument (the Python package
# directory below the prefix), also imports the installed `ember` package on /usr/bin/python3.
set -euo pipefail
build_dir="$1"
python_dir="${2:-}"
source_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cmake --install "$build_dir" --prefix "$work/prefix" > "$work/install.log"
test -x "$work/prefix/bin/ember" || { echo "ember binary not installed"; exit 1; }
test -f "$work/prefix/include/ember/ember.h" || { echo "headers not installed"; exit 1; }
launcher=()
command -v ccache > /dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S "$source_dir/consumer" -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_PREFIX_PATH="$work/prefix" "${launcher[@]}" > "$work/configure.log"
cmake --build "$work/build" > "$work/build.log" || { cat "$work/build.log"; exit 1; }
output="$("$work/build/consumer")"
echo "$output"
expected=$'partitions=4\ncount=333'
if [[ "$output" != "$expected" ]]; then
  echo "unexpected output; wanted:"; echo "$expected"; exit 1
fi
"$work/prefix/bin/ember" --version
if [[ -n "$python_dir" ]]; then
  package="$work/prefix/$python_dir"
  test -f "$package/ember/__init__.py" || { echo "Python package not installed in $package"; exit 1; }
  (cd "$work" && PYTHONPATH="$package" /usr/bin/python3 -c '
import ember, sys
assert ember.__file__.startswith(sys.argv[1]), ember.__file__
print("python package", ember.__version__)' "$package")
  # The installed `ember submit` finds the installed package, from any directory.
  printf 'from ember.sql import SparkSession\nprint(SparkSession.builder.getOrCreate().range(7).count())\n' \
    > "$work/job.py"
  submitted="$(cd / && env -u PYTHONPATH "$work/prefix/bin/ember" submit --master 'local[2]' "$work/job.py")"
  [[ "$submitted" == 7 ]] || { echo "installed ember submit printed: $submitted"; exit 1; }
fi
echo "install test passed"

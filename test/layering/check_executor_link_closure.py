#!/usr/bin/python3
"""Fails when the executor side's link closure (written by CMake) holds a SQL front-end library.

Usage: check_executor_link_closure.py CLOSURE_FILE   (one CMake target per line)
"""

import sys

FORBIDDEN = ["ember_sql", "ember_analyzer", "ember_optimizer", "ember_planner", "ember_scheduler",
             "ember_driver", "ember_api"]
# What the executor side must link, so that an empty or truncated closure cannot pass.
REQUIRED = ["ember_rpc", "ember_shuffle", "ember_exec", "ember_functions", "ember_rpc_proto"]


def main(argv):
    if len(argv) != 1:
        print("usage: check_executor_link_closure.py CLOSURE_FILE", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as closure_file:
        closure = {line.strip() for line in closure_file if line.strip()}
    pulled = sorted(set(FORBIDDEN) & closure)
    missing = sorted(set(REQUIRED) - closure)
    for name in pulled:
        print(f"executor side links {name}, which executors must not (DESIGN.md section 2)")
    for name in missing:
        print(f"executor side's closure lacks {name}; the closure walk is broken")
    if pulled or missing:
        return 1
    print(f"executor side links {len(closure)} targets, none of the SQL front end: "
          f"{', '.join(sorted(closure))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""Compares the JSON-line results of Ember and DuckDB for one benchmark run and prints ratios.

Usage: compare_results.py EMBER_JSONL DUCKDB_JSONL

Each input holds one JSON object per line:
  {"engine": "...", "query": "...", "rows": N, "seconds": S, "result": ...}
Lines that do not start with '{' are ignored. A query's results agree when they are equal, with
numbers compared to a relative tolerance of 1e-9 (sums of doubles may be added in any order) and
lists of rows compared as multisets: rows tied on an ORDER BY key may legitimately come in any
order, so row order is not compared. Prints one table row per
query: query, ember seconds, duckdb seconds, ember/duckdb. Exits 1 if a query is missing on
either side or any result disagrees. Uses only the Python standard library.
"""

import json
import math
import sys

RELATIVE_TOLERANCE = 1e-9


def read_results(path, engine):
    """Returns {query: record} from a JSON-lines file, checking the engine of every record."""
    results = {}
    with open(path, encoding="utf-8") as lines:
        for line_number, line in enumerate(lines, start=1):
            line = line.strip()
            if not line.startswith("{"):
                continue
            record = json.loads(line)
            for key in ("engine", "query", "rows", "seconds", "result"):
                if key not in record:
                    raise ValueError(f"{path}:{line_number}: record has no '{key}': {line}")
            if record["engine"] != engine:
                raise ValueError(f"{path}:{line_number}: engine is {record['engine']!r}, "
                                 f"expected {engine!r}")
            results[record["query"]] = record
    return results


def values_agree(left, right):
    """Returns whether two JSON values are equal, numbers within RELATIVE_TOLERANCE."""
    if isinstance(left, bool) or isinstance(right, bool):
        return left is right
    if isinstance(left, (int, float)) and isinstance(right, (int, float)):
        return math.isclose(left, right, rel_tol=RELATIVE_TOLERANCE, abs_tol=0.0)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(values_agree, left, right))
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(values_agree(left[k], right[k]) for k in left)
    return left == right


def results_agree(left, right):
    """Returns whether two results agree, treating lists of rows as unordered."""
    if values_agree(left, right):
        return True
    rows_of_lists = (isinstance(left, list) and isinstance(right, list)
                     and all(isinstance(row, list) for row in left + right))
    if not rows_of_lists:
        return False
    return values_agree(sorted(left, key=json.dumps), sorted(right, key=json.dumps))


def main(argv):
    if len(argv) != 2:
        print("usage: compare_results.py EMBER_JSONL DUCKDB_JSONL", file=sys.stderr)
        return 2
    ember = read_results(argv[0], "ember")
    duckdb = read_results(argv[1], "duckdb")
    problems = []
    rows = []
    for query in list(duckdb) + [q for q in ember if q not in duckdb]:
        if query not in ember or query not in duckdb:
            side = "ember" if query not in ember else "duckdb"
            problems.append(f"{query}: no result from {side}")
            continue
        ember_record, duckdb_record = ember[query], duckdb[query]
        if ember_record["rows"] != duckdb_record["rows"]:
            problems.append(f"{query}: ember ran on {ember_record['rows']} rows, duckdb on "
                            f"{duckdb_record['rows']}")
        if not results_agree(ember_record["result"], duckdb_record["result"]):
            problems.append(f"{query}: results differ\n  ember:  "
                            f"{json.dumps(ember_record['result'])}\n  duckdb: "
                            f"{json.dumps(duckdb_record['result'])}")
        ember_seconds, duckdb_seconds = ember_record["seconds"], duckdb_record["seconds"]
        ratio = ember_seconds / duckdb_seconds if duckdb_seconds > 0 else float("inf")
        rows.append((query, f"{ember_seconds:.4f}", f"{duckdb_seconds:.4f}", f"{ratio:.2f}"))

    header = ("query", "ember s", "duckdb s", "ember/duckdb")
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    for row in [header] + rows:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w)
                        for i, (cell, w) in enumerate(zip(row, widths))))
    for problem in problems:
        print(f"MISMATCH {problem}")
    if problems:
        return 1
    print("results agree")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

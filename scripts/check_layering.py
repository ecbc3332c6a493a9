#!/usr/bin/python3
"""Rejects any #include in src/ember/ that points up the layer list of DESIGN.md section 2.

Usage:
  check_layering.py SRC_EMBER_DIR   check every .h/.cc under SRC_EMBER_DIR (e.g. src/ember)
  check_layering.py --self-test     check the checker against a generated tree with known faults

A file in layer L may include "ember/M/..." only if M is L or comes before L in LAYERS. Files of
the executor side (EXECUTOR_SIDE_DIRS) must never include the SQL front end (FRONT_END_LAYERS),
even though those layers come earlier in the list, because executors must not link them.
Folders and include targets that name no known layer are errors too: a new layer is added to
LAYERS here at the same time as to DESIGN.md. Files directly in SRC_EMBER_DIR belong to no layer
and may include any layer.

Exits 0 when the tree is clean, 1 when it found violations (each printed as file:line), 2 on a
usage error. Uses only the Python standard library.
"""

import os
import re
import sys
import tempfile

LAYERS = [
    "common", "types", "columnar", "expr", "functions", "io", "formats", "plan", "catalog",
    "sql", "analyzer", "optimizer", "planner", "exec", "shuffle", "rpc", "scheduler", "runtime",
    "ui", "api",
]
LAYER_RANK = {name: rank for rank, name in enumerate(LAYERS)}

# Folders (relative to src/ember, '/'-separated) whose code runs inside executors.
EXECUTOR_SIDE_DIRS = ["exec", "shuffle", "rpc", "runtime/executor"]
# Layers the executor side must never include: it does not link the SQL front end.
FRONT_END_LAYERS = ["sql", "analyzer", "optimizer", "planner"]

SOURCE_SUFFIXES = (".h", ".cc")
INCLUDE_PATTERN = re.compile(r'^\s*#\s*include\s*[<"]ember/([^>"]+)[>"]')


def is_under(relative_path, directory):
    """Returns whether the '/'-separated relative_path lies inside directory."""
    return relative_path == directory or relative_path.startswith(directory + "/")


def check_file(root, relative_path):
    """Returns the violations of one source file as 'file:line: message' strings."""
    parts = relative_path.split("/")
    own_layer = parts[0] if len(parts) > 1 else None
    display_path = os.path.join(root, relative_path)
    violations = []
    if own_layer is not None and own_layer not in LAYER_RANK:
        return [f"{display_path}:1: folder '{own_layer}/' is not a layer; add it to LAYERS in "
                f"scripts/check_layering.py and to DESIGN.md section 2"]
    executor_side = any(is_under(relative_path, d) for d in EXECUTOR_SIDE_DIRS)
    with open(display_path, encoding="utf-8", errors="replace") as source:
        for line_number, line in enumerate(source, start=1):
            match = INCLUDE_PATTERN.match(line)
            if not match:
                continue
            target = match.group(1)
            target_layer = target.split("/")[0] if "/" in target else None
            include_text = line.strip()
            location = f"{display_path}:{line_number}"
            if target_layer not in LAYER_RANK:
                violations.append(f"{location}: {include_text} names no layer of src/ember")
            elif executor_side and target_layer in FRONT_END_LAYERS:
                violations.append(
                    f"{location}: {include_text} pulls the SQL front end ({target_layer}/) "
                    f"into executor-side code")
            elif own_layer is not None and LAYER_RANK[target_layer] > LAYER_RANK[own_layer]:
                violations.append(
                    f"{location}: {include_text} points up the layer list ({own_layer}/ may "
                    f"include only layers up to and including itself, {target_layer}/ comes "
                    f"later)")
    return violations


def check_tree(root):
    """Returns the violations of every .h/.cc file under root, in a stable order."""
    violations = []
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            if name.endswith(SOURCE_SUFFIXES):
                relative_path = os.path.relpath(os.path.join(directory, name), root)
                violations.extend(check_file(root, relative_path.replace(os.sep, "/")))
    return violations


def run_check(root):
    """Checks root, prints the result and returns the process exit code."""
    if not os.path.isdir(root):
        print(f"check_layering: {root} is not a directory", file=sys.stderr)
        return 2
    violations = check_tree(root)
    for violation in violations:
        print(violation)
    if violations:
        print(f"check_layering: {len(violations)} layering violation(s); the layer order is "
              f"{' < '.join(LAYERS)} (DESIGN.md section 2)")
        return 1
    print(f"check_layering: {root} respects the layer order")
    return 0


def write_tree(root, files):
    """Writes files, a map of '/'-separated relative path to text, under root."""
    for relative_path, text in files.items():
        path = os.path.join(root, relative_path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            out.write(text)


def run_self_test():
    """Runs the checker on generated trees with known faults and returns the exit code."""
    allowed_files = {
        # Same layer, lower layer, angle brackets, a root-level file, a commented-out include,
        # and the driver side of runtime, which may use the planner.
        "common/error.h": '#pragma once\n#include <vector>\n#include "ember/common/config.h"\n',
        "types/data_type.h": '#include "ember/common/error.h"\n#include <ember/types/value.h>\n',
        "runtime/driver/session.cc": '#include "ember/planner/planner.h"\n',
        "api/session.h": '#include "ember/runtime/driver/session.h"\n',
        "ember.h": '#include "ember/api/session.h"\n',
        "exec/filter.cc": '// #include "ember/api/session.h"\n#include "ember/plan/node.h"\n',
        "exec/notes.txt": '#include "ember/api/session.h"\n',
    }
    # Up the list, executor side into the front end, an unknown layer, an unknown folder.
    rejected_files = {
        "common/config.cc": '#include "ember/common/config.h"\n#include "ember/types/value.h"\n',
        "exec/hash_join.cc": '#include "ember/exec/hash_join.h"\n  #  include "ember/planner/x.h"\n',
        "runtime/executor/task.cc": '#include <ember/sql/parser.h>\n',
        "shuffle/writer.h": '#include "ember/optimizer/rule.h"\n',
        "expr/cast.cc": '#include "ember/nolayer/thing.h"\n',
        "misc/thing.h": '#include "ember/common/error.h"\n',
    }
    expected = {
        ("common/config.cc", 2), ("exec/hash_join.cc", 2), ("runtime/executor/task.cc", 1),
        ("shuffle/writer.h", 1), ("expr/cast.cc", 1), ("misc/thing.h", 1),
    }
    failures = []
    with tempfile.TemporaryDirectory(prefix="check_layering_") as temp:
        clean_root = os.path.join(temp, "clean")
        write_tree(clean_root, allowed_files)
        if run_check(clean_root) != 0:
            failures.append("a tree with only allowed includes was rejected")
        faulty_root = os.path.join(temp, "faulty")
        write_tree(faulty_root, {**allowed_files, **rejected_files})
        if run_check(faulty_root) != 1:
            failures.append("a tree with planted violations did not exit 1")
        found = set()
        for violation in check_tree(faulty_root):
            path, line, _ = violation.split(":", 2)
            found.add((os.path.relpath(path, faulty_root).replace(os.sep, "/"), int(line)))
    for missing in sorted(expected - found):
        failures.append(f"not rejected: {missing[0]}:{missing[1]}")
    for extra in sorted(found - expected):
        failures.append(f"wrongly rejected: {extra[0]}:{extra[1]}")
    for failure in failures:
        print(f"check_layering self-test: {failure}")
    if failures:
        print("check_layering self-test: FAILED")
        return 1
    print(f"check_layering self-test: passed ({len(expected)} planted violations rejected, "
          f"{len(allowed_files)} allowed files accepted)")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return run_self_test()
    if len(argv) == 1 and not argv[0].startswith("-"):
        return run_check(argv[0])
    print("usage: check_layering.py SRC_EMBER_DIR | check_layering.py --self-test",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

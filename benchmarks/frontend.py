"""Front-end speed: minivm's tokenize+parse against ``ast.parse``, per 1,000 lines.

Reads a sample of the running interpreter's standard library (the same files
for both), parses each with ``minivm.parse`` (which tokenizes with minivm's
lexer and parses with minivm's grammar) and with ``ast.parse``, in the same
process and run, best of ``--repeat`` rounds, and prints milliseconds per 1,000
source lines and the ratio.  ``minivm.tokenize`` (the ``tokenize``-module
compatible stream) is timed too, for information.  Run it under each version:

    python3.12 benchmarks/frontend.py --files 200
    python benchmarks/frontend.py --versions 3.8,3.13      # re-runs itself per version
"""

from __future__ import annotations

import argparse
import ast
import os
import subprocess
import sys
import time
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def sample_files(count: int):
    """About ``count`` stdlib files spread evenly, that the host parses."""
    sys.path.insert(0, HERE)
    from frontend_conformance import stdlib_files
    chosen = []
    for path in stdlib_files(sample=count * 2):
        with open(path, "rb") as handle:
            data = handle.read()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ast.parse(data, path)
        except (SyntaxError, ValueError):
            continue
        chosen.append((path, data))
        if len(chosen) == count:
            break
    return chosen


def best(function, files, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for path, data in files:
            function(data, path)
        times.append(time.perf_counter() - started)
    return min(times)


def run_here(count: int, repeat: int) -> None:
    sys.path.insert(0, ROOT)
    sys.setrecursionlimit(10000)
    warnings.simplefilter("ignore")
    import minivm
    files = sample_files(count)
    lines = sum(data.count(b"\n") for _, data in files)
    per_k = 1000.0 / lines

    def cpython(data, path):
        return ast.parse(data, path)

    def ours(data, path):
        return minivm.parse(data, path)

    def ours_tokens(data, path):
        return minivm.tokenize(data)

    reference = best(cpython, files, repeat)
    parsed = best(ours, files, repeat)
    tokenized = best(ours_tokens, files, max(1, repeat - 1))
    version = "%d.%d" % sys.version_info[:2]
    print("%s: %d files, %d lines" % (version, len(files), lines))
    print("  ast.parse                 %8.2f ms / 1000 lines" % (reference * 1000 * per_k))
    print("  minivm.parse (tok+parse)  %8.2f ms / 1000 lines   ratio %.1fx" % (
        parsed * 1000 * per_k, parsed / reference))
    print("  minivm.tokenize           %8.2f ms / 1000 lines   (tokenize-module stream)" % (
        tokenized * 1000 * per_k))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200, help="stdlib files to time")
    parser.add_argument("--repeat", type=int, default=3, help="rounds; the best counts")
    parser.add_argument("--versions", default="", help="e.g. 3.8,3.13: run under each")
    args = parser.parse_args(argv)
    if not args.versions:
        print("$ %s %s --files %d --repeat %d" % (os.path.basename(sys.executable),
                                                  os.path.relpath(__file__, ROOT), args.files,
                                                  args.repeat))
        run_here(args.files, args.repeat)
        return 0
    sys.path.insert(0, HERE)
    from frontend_conformance import interpreter
    status = 0
    for version in args.versions.split(","):
        status |= subprocess.call([interpreter(version), os.path.abspath(__file__), "--files",
                                   str(args.files), "--repeat", str(args.repeat)])
    return status


if __name__ == "__main__":
    sys.exit(main())

"""Compiler speed: minivm's tree-to-Code time against the host's ``compile(tree)``.

Reads a sample of the host's standard library, parses each file once with the host's
``ast.parse`` (not timed), then times ``minivm.compile(tree)`` and ``compile(tree)`` on
the same trees in the same run, and prints milliseconds per 1,000 source lines for
each and their ratio.  Run it with the interpreter of the target to measure:

    /root/.pyenv/versions/3.12.1/bin/python3.12 benchmarks/compiler.py [--every 20]
"""

from __future__ import annotations

import argparse
import ast
import os
import sys
import sysconfig
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minivm  # noqa: E402


def sample(every: int):
    root = sysconfig.get_paths()["stdlib"]
    found = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        for name in sorted(files):
            if name.endswith(".py"):
                found.append(os.path.join(folder, name))
    found.sort()
    return found[::every]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--every", type=int, default=20, help="take every Nth stdlib file")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    trees = []
    lines = 0
    for path in sample(args.every):
        try:
            with open(path, "rb") as handle:
                source = handle.read()
            tree = ast.parse(source, path)
            compile(tree, path, "exec", dont_inherit=True)
        except (SyntaxError, ValueError):
            continue
        trees.append((path, tree))
        lines += source.count(b"\n") + 1
    ours = theirs = 0.0
    for _ in range(args.repeat):
        for path, tree in trees:
            start = time.perf_counter()
            compile(tree, path, "exec", dont_inherit=True)
            theirs += time.perf_counter() - start
            start = time.perf_counter()
            minivm.compile(tree, path, "exec")
            ours += time.perf_counter() - start
    per_k = 1000.0 / (lines * args.repeat)
    print("%d files, %d lines, target %d.%d" % ((len(trees), lines) + sys.version_info[:2]))
    print("minivm.compile : %8.1f ms per 1,000 lines" % (ours * 1000 * per_k))
    print("compile(tree)  : %8.1f ms per 1,000 lines" % (theirs * 1000 * per_k))
    print("ratio          : %8.1fx (goal: at most 15x)" % (ours / theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

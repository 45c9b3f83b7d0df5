"""A full collection of a large heap, minivm against CPython in the same run:
``python3.X benchmarks/gc.py [--objects N] [--repeat R]`` builds N GC-tracked objects
(empty lists held by one list) in a program, times one ``gc.collect()`` inside that
program (``time.perf_counter``, best of R runs), and prints both times and their ratio.
Run it with the interpreter of a version minivm's compiler and VM support."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

PROGRAM = """\
import gc
import time
gc.disable()
keep = [[] for i in range(%d)]
gc.collect()
start = time.perf_counter()
n = gc.collect()
print("%%.6f %%d" %% (time.perf_counter() - start, n))
"""


def _cpython(source: str) -> float:
    out = subprocess.run([sys.executable, "-E", "-s", "-c", source], capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0])


def _minivm(source: str) -> float:
    import minivm
    outcome = minivm.run(source, filename="<gc-benchmark>")
    if outcome.exit_status:
        raise SystemExit("minivm failed: " + outcome.stderr)
    return float(outcome.stdout.split()[0])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--objects", type=int, default=1_000_000,
                        help="GC-tracked objects in the heap (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs, best taken (default 3)")
    args = parser.parse_args(argv)
    source = PROGRAM % args.objects
    cpython = min(_cpython(source) for _ in range(args.repeat))
    ours = min(_minivm(source) for _ in range(args.repeat))
    print("python%d.%d benchmarks/gc.py --objects %d --repeat %d"
          % (sys.version_info[:2] + (args.objects, args.repeat)))
    print("full collection of %d tracked objects: CPython %.4fs, minivm %.4fs, ratio %.1fx"
          % (args.objects, cpython, ours, ours / cpython))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""dis conformance at scale: minivm's disassembly of CPython's own .pyc files.

For every top-level module of a target interpreter's standard library (or every Nth),
that interpreter writes the .pyc (py_compile, PYTHONHASHSEED=0) and prints ``dis`` of
the code read back; minivm reads the same bytes with its marshal and prints
``minivm.dis``.  The two texts must be equal (addresses aside, and the registry's dis
entries).  Any host runs it for any target:

    python3 benchmarks/dis_pyc.py --versions 3.8,3.9,3.10,3.11 [--every 4]
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness.dispyc import interpreter_dis, minivm_dis, same_dis  # noqa: E402
from harness.oracle import find_interpreter  # noqa: E402
from minivm.versions import get_target  # noqa: E402


def check(version: str, every: int, show: int) -> int:
    target = get_target(version)
    total = same = 0
    for path, data, expected in interpreter_dis(find_interpreter(version).path, every):
        total += 1
        if same_dis(minivm_dis(data, target), expected):
            same += 1
        elif show > 0:
            show -= 1
            print("  differs: %s" % path)
    print("%s  dis of CPython's .pyc identical %d/%d" % (version, same, total), flush=True)
    return total - same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default="3.8,3.9,3.10,3.11,3.12,3.13")
    parser.add_argument("--every", type=int, default=1, help="take every Nth stdlib file")
    parser.add_argument("--show", type=int, default=3, help="differing files to name")
    args = parser.parse_args()
    bad = sum(check(v, args.every, args.show) for v in args.versions.split(","))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

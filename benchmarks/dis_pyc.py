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
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness import known  # noqa: E402
from harness.oracle import find_interpreter  # noqa: E402
from minivm import dis  # noqa: E402
from minivm.pyc import marshal  # noqa: E402
from minivm.versions import get_target  # noqa: E402

_PROBE = r'''
import dis, glob, io, json, marshal, os, py_compile, sys, sysconfig, tempfile
every = int(sys.argv[1])
files = sorted(glob.glob(os.path.join(sysconfig.get_paths()["stdlib"], "*.py")))[::every]
with tempfile.TemporaryDirectory() as tmp:
    for path in files:
        target = os.path.join(tmp, "x.pyc")
        try:
            py_compile.compile(path, target, doraise=True)
        except py_compile.PyCompileError:
            continue
        data = open(target, "rb").read()
        text = io.StringIO()
        dis.dis(marshal.loads(data[16:]), file=text)
        print(json.dumps([path, data.hex(), text.getvalue()]))
'''
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")


def _normal(text: str) -> str:
    text = _ADDRESS.sub(" at 0x", text)
    for entry in known.for_layer("dis"):
        text = entry.rewrite(text)
    return text


def check(version: str, every: int, show: int) -> int:
    target = get_target(version)
    python = find_interpreter(version).path
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.Popen([python, "-s", "-c", _PROBE, str(every)], stdout=subprocess.PIPE,
                            env=env, universal_newlines=True)
    total = same = 0
    for line in proc.stdout:
        path, data, expected = json.loads(line)
        code = marshal.loads(bytes.fromhex(data)[16:], target, base=16,
                             ordered_frozensets=True)
        total += 1
        if _normal(dis(code, target)) == _normal(expected):
            same += 1
        elif show > 0:
            show -= 1
            print("  differs: %s" % path)
    proc.wait()
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

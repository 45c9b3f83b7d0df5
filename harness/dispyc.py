"""minivm's ``dis`` of the .pyc files a real interpreter writes, against that
interpreter's own ``dis`` of them: the formatter of any target checked from any host
(used by ``benchmarks/dis_pyc.py`` and ``tests/test_dis.py``)."""

from __future__ import annotations

import json
import os
import re
import subprocess
from typing import Iterator, Tuple

from . import known

# Runs inside the target interpreter: py_compile every Nth top-level stdlib module under
# PYTHONHASHSEED=0 (so -s, not -I, which would ignore it) and print, per file, the .pyc
# bytes and what ``dis`` prints for the code read back from them.
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


def interpreter_dis(python: str, every: int) -> Iterator[Tuple[str, bytes, str]]:
    """(path, .pyc bytes, dis text) for every Nth stdlib module of ``python``."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.Popen([python, "-s", "-c", _PROBE, str(every)], stdout=subprocess.PIPE,
                            env=env, universal_newlines=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        path, data, text = json.loads(line)
        yield path, bytes.fromhex(data), text
    if proc.wait():
        raise RuntimeError("%s failed writing the .pyc sample (exit %d)"
                           % (python, proc.returncode))


def minivm_dis(data: bytes, target) -> str:
    """minivm's dis of a whole .pyc read with minivm's marshal."""
    from minivm import dis
    from minivm.pyc import marshal
    code = marshal.loads(data[16:], target, base=16, ordered_frozensets=True)
    return dis(code, target)


def same_dis(ours: str, expected: str) -> bool:
    """Equal, addresses aside, once the registry's dis entries are applied (each a
    difference CPython shows between two of its own runs)."""
    ours, expected = _ADDRESS.sub(" at 0x", ours), _ADDRESS.sub(" at 0x", expected)
    if ours == expected:
        return True
    for entry in known.for_layer("dis"):
        ours, expected = entry.rewrite(ours), entry.rewrite(expected)
    return ours == expected

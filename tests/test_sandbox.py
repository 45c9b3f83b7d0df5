"""Running implementations under test where they cannot hurt the harness."""

from __future__ import annotations

import sys
import time

from harness.sandbox import run_command, run_forked
from harness.worker.wire import exception_from_stderr


def _spin():
    while True:
        pass


def _boom():
    raise KeyError("inside the implementation")


def test_run_forked_returns_values_and_reports_crashes_and_hangs():
    assert run_forked(lambda: {"a": [1, 2]}) == {"status": "ok", "value": {"a": [1, 2]}}
    crashed = run_forked(_boom)
    assert crashed["status"] == "crash" and "KeyError" in crashed["error"]
    started = time.monotonic()
    assert run_forked(_spin, timeout=0.5)["status"] == "timeout"
    assert time.monotonic() - started < 5


def test_run_command_caps_output_and_reads_the_exception():
    result = run_command([sys.executable], b"print('x' * 100000)\n", output_limit=1000)
    assert result["status"] == "output-limit" and len(result["stdout"]) <= 1000
    result = run_command([sys.executable], b"1/0\n")
    assert (result["status"], result["exception"]) == ("exception", "ZeroDivisionError")
    assert "<case>" in result["stderr"] or '"prog.py"' in result["stderr"]


def test_exception_lines_are_found_in_plain_and_group_tracebacks():
    plain = "Traceback (most recent call last):\n  File \"x\", line 1\nKeyError: 'k'\n"
    assert exception_from_stderr(plain) == ("KeyError", "'k'")
    group = ("  + Exception Group Traceback (most recent call last):\n"
             "  |   File \"x\", line 1, in <module>\n"
             "  | ExceptionGroup: eg (2 sub-exceptions)\n"
             "  +-+---------------- 1 ----------------\n"
             "    | ValueError: 1\n"
             "    +------------------------------------\n")
    assert exception_from_stderr(group) == ("ExceptionGroup", "eg (2 sub-exceptions)")


_AFTER_PRELOAD = r'''
import sys
import minivm
minivm.preload()
before = set(sys.modules)
program = (
    "import gc, struct, array, itertools, collections, io, math, time, errno, weakref\n"
    "class A:\n    def __del__(self): print('del')\n"
    "a = A(); a.me = a; del a\n"
    "print(gc.collect(), struct.pack('<i', 1), array.array('b', [1]))\n")
for target in ("3.8", "3.9", "3.10", "3.11", "3.12", "3.13"):
    assert minivm.run(program, target=target).stdout
    minivm.dis(program, target=target)
    minivm.pyc.loads(minivm.pyc.dumps(minivm.compile(program, target=target)))
    minivm.tokenize(program, target=target)
print(sorted(m for m in set(sys.modules) - before if m.startswith("minivm")))
'''


def test_preload_leaves_nothing_of_minivm_for_a_forked_child_to_import():
    """The harness forks a child per program after ``minivm.preload()``; whatever
    minivm imports only on first use would be imported again by every child."""
    import subprocess
    done = subprocess.run([sys.executable, "-c", _AFTER_PRELOAD], capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]"

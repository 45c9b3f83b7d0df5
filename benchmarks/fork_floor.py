"""The fork floor: how fast a fork-per-case oracle could run a program if it did
nothing but the fork and the run.

    python3.X benchmarks/fork_floor.py FILE CASES START_AT

Run by ``benchmarks/oracle.py`` under each version's own interpreter, once per
worker, all started together.  It prepares as the oracle's zygote does (the C
entry point ``PyRun_SimpleFileExFlags`` loaded, a fresh ``__main__``, its heap
collected and frozen), waits until the wall-clock time START_AT, then CASES
times forks a child that runs FILE through that entry point with stdout on
/dev/null and exits, and waits for it.  No request, no pipes, no limits, no
report: everything the real oracle does besides this is overhead on top.
Prints ``CASES END_TIME``.  Standard library only, written for 3.8.
"""

from __future__ import annotations

import gc
import os
import sys
import time
import types

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                "harness", "worker"))

from oracle_zygote import _load_pyrun  # noqa: E402 - the zygote's own way to reach PyRun


def main(argv):
    path, cases, start_at = os.path.abspath(argv[1]), int(argv[2]), float(argv[3])
    fopen, run = _load_pyrun()
    name = os.fsencode(path)
    null = os.open(os.devnull, os.O_WRONLY)
    sys.modules["__main__"] = types.ModuleType("__main__")
    os.chdir(os.path.dirname(path))
    gc.collect()
    gc.freeze()
    time.sleep(max(0.0, start_at - time.time()))
    for _ in range(cases):
        pid = os.fork()
        if pid == 0:
            os.dup2(null, 1)
            status = run(fopen(name, b"rb"), name, 1, None)
            sys.stdout.flush()
            os._exit(1 if status else 0)
        _, status = os.waitpid(pid, 0)
        if status:
            raise SystemExit("fork_floor: the program failed (wait status %d)" % status)
    print(cases, repr(time.time()))


if __name__ == "__main__":
    main(sys.argv)

"""minivm against CPython on compute kernels, in the same run: ``python3.12
benchmarks/vm.py [--repeat N] [KERNEL...]`` prints, per kernel, CPython's time, minivm's
time (reference counting on, CPython's code via the host's compile as the code
source), their ratio, and whether the outputs agree.  Run it with the interpreter of
a version minivm's VM supports (any of 3.8 to 3.13).  Times are CPU seconds of the process
(``time.process_time``), best of ``--repeat``: on a shared machine wall-clock times
of the short CPython runs swing with the other jobs, CPU time much less."""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def _time_cpython(path: str, repeat: int):
    env = dict(os.environ, PYTHONHASHSEED="0")
    best, out = None, None
    for _ in range(repeat):
        proc = subprocess.run([sys.executable, "-c", "import runpy,sys; sys.argv=[%r]; "
                               "import time; t=time.process_time(); "
                               "runpy.run_path(%r, run_name='__main__'); "
                               "print('@@%%f' %% (time.process_time()-t))" % (path, path)],
                              capture_output=True, text=True, env=env)
        lines = proc.stdout.splitlines()
        elapsed = float(lines[-1][2:])
        out = "\n".join(lines[:-1]) + "\n"
        best = elapsed if best is None else min(best, elapsed)
    return best, out


def _time_minivm(path: str, repeat: int):
    from minivm.compiler.code import Code
    from minivm.versions import get_target
    from minivm.vm.interpreter import run
    with open(path, encoding="utf-8") as handle:
        code = Code.from_code(compile(handle.read(), path, "exec", dont_inherit=True))
    # minivm's own modules (builtins, natives) are imported on first use: that is
    # the host's start-up, which CPython's timing leaves out too, so it happens
    # here, untimed, by running an empty program once.
    run(Code.from_code(compile("pass", path, "exec", dont_inherit=True)), get_target(None),
        filename=path)
    best, out = None, None
    for _ in range(repeat):
        start = time.process_time()
        outcome = run(code, get_target(None), filename=path)
        elapsed = time.process_time() - start
        out = outcome.stdout + outcome.stderr
        best = elapsed if best is None else min(best, elapsed)
    return best, out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kernels", nargs="*")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    paths = sorted(glob.glob(os.path.join(HERE, "kernels", "*.py")))
    if args.kernels:
        paths = [p for p in paths if os.path.basename(p)[:-3] in args.kernels]
    print("python %d.%d" % sys.version_info[:2])
    print("%-16s %10s %10s %8s  %s" % ("kernel", "cpython s", "minivm s", "ratio", "output"))
    ratios = []
    for path in paths:
        ct, cout = _time_cpython(path, args.repeat)
        mt, mout = _time_minivm(path, args.repeat)
        ratio = mt / ct if ct else float("inf")
        ratios.append(ratio)
        print("%-16s %10.4f %10.4f %7.1fx  %s" % (os.path.basename(path)[:-3], ct, mt, ratio,
                                                   "same" if cout == mout else "DIFFERENT"))
    if ratios:
        geo = 1.0
        for r in ratios:
            geo *= r
        print("geometric mean ratio: %.1fx" % geo ** (1.0 / len(ratios)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

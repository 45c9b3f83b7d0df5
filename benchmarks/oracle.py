"""Oracle throughput: exec and compile requests per second with N workers, against
starting ``python3.X file.py`` once per case, measured in the same run.

    python benchmarks/oracle.py [--versions 3.8,...] [--workers 2] [--cases 400]

Prints one row per version and the command line that produced the figures.  The
process-per-case rate is measured both one at a time and with as many processes
in parallel as the oracle has workers; the ratio is against the parallel rate.

The last columns are the fork floor (``benchmarks/fork_floor.py``): as many
processes as workers, each forking a warm interpreter per case to run the same
program and nothing else.  No fork-per-case oracle can beat it on this machine,
so "floor ratio" (floor over the parallel process rate) bounds the ratio any
such oracle could reach here.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness.oracle import OracleWorker, find_interpreter, parse_versions  # noqa: E402

PROGRAM = """\
def fib(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
values = [fib(i) for i in range(20)]
total = sum(v % 7 for v in values)
words = sorted({str(v)[-1] for v in values})
print(total, words)
print(max(values), len(values))
"""


def _parallel(workers, cases, task):
    counter = iter(range(cases))
    lock = threading.Lock()

    def loop(index):
        done = 0
        while True:
            with lock:
                if next(counter, None) is None:
                    return done
            task(index)
            done += 1

    started = time.perf_counter()
    with ThreadPoolExecutor(workers) as pool:
        total = sum(pool.map(loop, range(workers)))
    return total / (time.perf_counter() - started)


def oracle_rates(version, workers, cases):
    interpreter = find_interpreter(version)
    pool = [OracleWorker(interpreter) for _ in range(workers)]
    for worker in pool:
        worker.start()
    try:
        expected = pool[0].exec(PROGRAM)["stdout"]

        def run(index):
            answer = pool[index].exec(PROGRAM)
            assert answer["stdout"] == expected, answer

        def comp(index):
            assert pool[index].compile(PROGRAM, "bench.py", dis=False)["ok"]

        for index in range(workers):  # warm up each worker once
            run(index)
        return _parallel(workers, cases, run), _parallel(workers, cases, comp), expected
    finally:
        for worker in pool:
            worker.close()


def _program_file():
    """(folder, path, environment): PROGRAM as a file in a folder of its own, and
    the environment to run it in."""
    folder = tempfile.mkdtemp(prefix="conform-bench-")
    path = os.path.join(folder, "prog.py")
    with open(path, "w") as handle:
        handle.write(PROGRAM)
    return folder, path, dict(os.environ, PYTHONHASHSEED="0")


def process_rate(version, workers, cases, expected):
    interpreter = find_interpreter(version)
    folder, path, env = _program_file()

    def run(index):
        out = subprocess.run([interpreter.path, path], stdout=subprocess.PIPE, env=env,
                             cwd=folder, check=True).stdout.decode()
        assert out == expected

    return _parallel(1, cases, run), _parallel(workers, cases, run)


FORK_FLOOR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fork_floor.py")


def fork_floor_rate(version, workers, cases):
    """Cases per second of ``workers`` fork_floor.py processes started together."""
    interpreter = find_interpreter(version)
    folder, path, env = _program_file()
    each = max(1, cases // workers)
    start_at = time.time() + 1.0  # after every process has started and prepared
    procs = [subprocess.Popen([interpreter.path, FORK_FLOOR, path, str(each), repr(start_at)],
                              stdout=subprocess.PIPE, env=env, cwd=folder)
             for _ in range(workers)]
    ends = []
    for proc in procs:
        out, _ = proc.communicate()
        if proc.returncode:
            raise SystemExit("fork_floor.py failed under %s" % interpreter.path)
        ends.append(float(out.split()[1]))
    return each * workers / (max(ends) - start_at)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--versions", default="all")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", type=int, default=400)
    args = parser.parse_args(argv)
    versions = parse_versions(args.versions)
    print("command: python benchmarks/oracle.py --versions %s --workers %d --cases %d" % (
        ",".join(versions), args.workers, args.cases))
    print("%-7s %12s %14s %14s %8s %14s %14s %12s" % (
        "version", "exec req/s", "process/s (1)", "process/s (%d)" % args.workers, "ratio",
        "compile req/s", "fork floor/s", "floor ratio"))
    for version in versions:
        exec_rate, compile_rate, expected = oracle_rates(version, args.workers, args.cases)
        one, many = process_rate(version, args.workers, max(50, args.cases // 4), expected)
        floor = fork_floor_rate(version, args.workers, args.cases)
        print("%-7s %12.0f %14.0f %14.0f %7.1fx %14.0f %14.0f %11.1fx" % (
            version, exec_rate, one, many, exec_rate / many, compile_rate, floor, floor / many))


if __name__ == "__main__":
    main()

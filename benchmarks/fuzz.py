"""Fuzzing throughput: complete cases per second (generate a program, run it on
CPython, run it on the implementation under test, compare), through the same
campaign machinery ``conform fuzz`` uses, with N worker processes.

    python benchmarks/fuzz.py [--impl oracle:3.13] [--versions 3.12] [--seconds 30]
                              [--workers 2] [--layers exec,refcount]

The default implementation under test is CPython 3.13 run by its warm oracle
worker (``oracle:3.13``: a fork per program), judged against CPython 3.12: a real
behaviour comparison between two versions at the cost of a fork.  Any
``--impl`` of ``conform fuzz`` can be measured instead, e.g. ``python3.13`` (an
interpreter started per program) or the planted-bug wrapper in tests/impls/.
Prints the command, the machine's load average before and after (the cores may be
shared), and the rate; no reduction, nothing saved to the corpus.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness.campaign import Campaign, FuzzSettings  # noqa: E402
from harness.oracle import parse_versions  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--impl", default="oracle:3.13")
    parser.add_argument("--versions", default="3.12")
    parser.add_argument("--layers", default="exec,refcount")
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    settings = FuzzSettings(seed=args.seed, versions=parse_versions(args.versions),
                            layers=args.layers.split(","), impl=args.impl,
                            seconds=args.seconds, workers=args.workers, reduce=False,
                            corpus=None)
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="conform-bench-") as reports:
        campaign = Campaign(settings, reports, progress=False)
        started = time.monotonic()
        status = campaign.search()
        seconds = time.monotonic() - started
        campaign.progress.close()
        campaign.writer.finish(status)
        verdicts = {}
        from harness.results import read_results
        for record in read_results(campaign.writer.path):
            verdicts[record["verdict"]] = verdicts.get(record["verdict"], 0) + 1
    cases = campaign.progress.done
    print("command: python benchmarks/fuzz.py %s" % " ".join(argv or sys.argv[1:]))
    print("implementation under test: %s; CPython: %s; layers: %s; workers: %d; cores: %d"
          % (args.impl, ",".join(settings.versions), args.layers, args.workers,
             os.cpu_count() or 1))
    print("load average before %.2f, after %.2f" % (load_before[0], os.getloadavg()[0]))
    print("cases: %d in %.1f s = %.1f complete cases/s (verdicts: %s; %d signatures)" % (
        cases, seconds, cases / seconds if seconds else 0.0,
        ", ".join("%s %d" % kv for kv in sorted(verdicts.items())), len(campaign.findings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

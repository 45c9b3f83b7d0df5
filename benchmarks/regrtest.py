"""minivm's time against CPython's on CPython's own Lib/test modules, in the same run:
``python benchmarks/regrtest.py [--version 3.12] [--tests NAME,...|@FILE] [--jobs N]``
runs ``conform regrtest`` (default: the 30 modules of harness.regrtest.CORE_MODULES)
and prints, per module and in total, the wall time of minivm's processes and of
CPython's, their ratio, and the ratio over the test bodies both sides passed (each
test's own time, without interpreter start-up, imports and restarts)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from harness import regrtest  # noqa: E402
from harness.results import read_results  # noqa: E402


def _ratio(ours: float, theirs: float) -> str:
    return "%.1fx" % (ours / theirs) if theirs > 0 else "-"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", default="%d.%d" % sys.version_info[:2],
                        help="target version (default: this interpreter's)")
    parser.add_argument("--tests", default=",".join(regrtest.CORE_MODULES),
                        metavar="NAME,...|@FILE", help="test modules (default: the 30)")
    parser.add_argument("--jobs", type=int, default=1,
                        help="modules at the same time (default 1: times undisturbed)")
    parser.add_argument("--timeout", type=float, default=regrtest.DEFAULT_TIMEOUT)
    parser.add_argument("--reports", default=None, help="where the run goes (default: a "
                        "temporary folder)")
    args = parser.parse_args(argv)
    reports = args.reports or tempfile.mkdtemp(prefix="conform-bench-regrtest-")
    _, _, available = regrtest.available_modules([args.version])
    modules = regrtest.choose_modules(regrtest.parse_tests(args.tests), False, available)
    settings = regrtest.RegrtestSettings(versions=[args.version], modules=modules,
                                         impl="minivm", timeout=args.timeout, jobs=args.jobs)
    run = regrtest.RegrtestRun(settings, reports)
    started = time.monotonic()
    run.run()
    wall = time.monotonic() - started
    records = read_results(run.path)
    print("python%d.%d benchmarks/regrtest.py %s" % (sys.version_info[:2] + (
        " ".join(argv if argv is not None else sys.argv[1:]),)))
    print("impl: %s DRIVER; reference: %s DRIVER" % (run.sides[args.version][1].command,
                                                     run.sides[args.version][0].command))
    print("%-28s %10s %10s %8s %8s" % ("module", "minivm s", "CPython s", "ratio", "broken"))
    totals = {"impl": 0.0, "cpython": 0.0}
    clean = {"impl": 0.0, "cpython": 0.0}
    bodies = {"impl": 0.0, "cpython": 0.0}
    for module in modules[args.version]:
        rows = [r for r in records if r["module"] == module]
        last = next((r for r in rows if r.get("last")), None)
        if last is None:
            continue
        seconds = last["module_seconds"]
        broken = sum(1 for r in rows if r["outcomes"]["impl"] in regrtest.BROKEN)
        for side in totals:
            totals[side] += seconds[side]
            if not broken:
                clean[side] += seconds[side]
        for r in rows:
            if r["outcomes"]["impl"] == r["outcomes"]["cpython"] == "pass":
                for side in bodies:
                    bodies[side] += r["seconds"][side]
        print("%-28s %10.2f %10.2f %8s %8s" % (module, seconds["impl"], seconds["cpython"],
                                               _ratio(seconds["impl"], seconds["cpython"]),
                                               broken or ""))
    print("total: minivm %.1f s, CPython %.1f s, ratio %s (run took %.1f s with --jobs %d)"
          % (totals["impl"], totals["cpython"], _ratio(totals["impl"], totals["cpython"]),
             wall, args.jobs))
    print("modules without a crash or timeout: minivm %.1f s, CPython %.1f s, ratio %s"
          % (clean["impl"], clean["cpython"], _ratio(clean["impl"], clean["cpython"])))
    print("bodies of tests both pass: minivm %.2f s, CPython %.3f s, ratio %s"
          % (bodies["impl"], bodies["cpython"], _ratio(bodies["impl"], bodies["cpython"])))
    print("run: %s" % run.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

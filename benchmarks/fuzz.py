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

``--store redis://HOST:PORT/DB`` (or ``--store auto``: a redis-server of its own on
a free loopback port) measures the shared store's cost: the same campaign runs
local-only and with the store, alternating in ``--rounds`` pairs of
``--seconds`` each, and the ratio of the two rates is printed.
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
    parser.add_argument("--store", default=None, metavar="redis://HOST:PORT/DB|auto",
                        help="also measure with this shared store (auto: start a "
                             "redis-server on a free port)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="with --store: local/store pairs, alternated (default: 2)")
    args = parser.parse_args(argv)
    print("command: python benchmarks/fuzz.py %s" % " ".join(argv or sys.argv[1:]))
    print("implementation under test: %s; CPython: %s; layers: %s; workers: %d; cores: %d"
          % (args.impl, args.versions, args.layers, args.workers, os.cpu_count() or 1))
    if not args.store:
        measure(args, None)
        return 0
    server = None
    url = args.store
    if url == "auto":
        server, url = start_redis()
    try:
        rates: dict = {"local": [], "store": []}
        for _ in range(max(1, args.rounds)):
            rates["local"].append(measure(args, None))
            rates["store"].append(measure(args, url))
    finally:
        if server is not None:
            server.kill()
            server.wait()
    local, store = (sum(rates[k]) / len(rates[k]) for k in ("local", "store"))
    print("mean rate local-only %.2f/s, with the store %.2f/s: store/local = %.3f (%+.1f%%)"
          % (local, store, store / local if local else 0.0,
             100.0 * (store / local - 1.0) if local else 0.0))
    return 0


def measure(args, store) -> float:
    """One campaign of ``args.seconds``; prints and returns its rate."""
    settings = FuzzSettings(seed=args.seed, versions=parse_versions(args.versions),
                            layers=args.layers.split(","), impl=args.impl,
                            seconds=args.seconds, workers=args.workers, reduce=False,
                            corpus=None, store=store)
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
    rate = cases / seconds if seconds else 0.0
    print("%s: load average before %.2f, after %.2f" % (
        "store %s" % store if store else "local-only", load_before[0], os.getloadavg()[0]))
    print("  cases: %d in %.1f s = %.1f complete cases/s (verdicts: %s; %d signatures)" % (
        cases, seconds, rate, ", ".join("%s %d" % kv for kv in sorted(verdicts.items())),
        len(campaign.findings)))
    return rate


def start_redis():
    """A throwaway redis-server on a free loopback port: (process, URL)."""
    import shutil
    import socket
    import subprocess
    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("benchmarks/fuzz.py: --store auto needs redis-server on PATH")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    folder = tempfile.mkdtemp(prefix="conform-redis-")
    proc = subprocess.Popen([binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", folder],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proc, "redis://127.0.0.1:%d/0" % port
        except OSError:
            time.sleep(0.05)
    proc.kill()
    raise SystemExit("benchmarks/fuzz.py: redis-server did not start")


if __name__ == "__main__":
    sys.exit(main())

"""How often generated programs do what the generator promises, per CPython version.

    python -m harness.generate.selfcheck [--cases 500] [--versions all] [--seed 1]

For each version, ``--cases`` programs targeted at that version are run twice by
that version's oracle.  A program *conforms to the generator's contract* when both
runs end as intended (normally, or with the uncaught exception the generator
planted) and print exactly the same stdout and stderr.  Prints one row per version
(the issue asks for at least 98% on every version), the command line, and the
first failures so they can be fixed in the generator.
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Dict, List, Tuple

from ..oracle import OraclePool, parse_versions
from . import generate

GOAL = 0.98


def judge(first: dict, second: dict, expects: object) -> str:
    """"ok", or why a program broke the generator's contract."""
    if first.get("oracle_error") or second.get("oracle_error"):
        return "oracle error: %s" % (first.get("oracle_error") or second.get("oracle_error"))
    for run in (first, second):
        if expects:
            if run.get("status") != "exception" or run.get("exception") != expects:
                return "expected %s, got %s %s" % (expects, run.get("status"),
                                                    run.get("exception"))
        elif run.get("status") != "ok":
            return "%s %s: %s" % (run.get("status"), run.get("exception") or "",
                                  (run.get("message") or run.get("stderr") or "")[-120:])
    for key in ("stdout", "stderr", "exit_status"):
        if first.get(key) != second.get(key):
            return "not deterministic: %s differs between two runs" % key
    return "ok"


def check_version(pool: OraclePool, version: str, cases: int, seed: int,
                  timeout: float) -> Tuple[int, List[Tuple[int, str, str]], float]:
    worker = pool.exec_worker(version)
    failures: List[Tuple[int, str, str]] = []
    started = time.monotonic()
    for index in range(cases):
        program = generate(seed, index, [version])
        source = program.source.encode("utf-8")
        runs = [worker.exec(source, filename="prog.py", timeout=timeout) for _ in range(2)]
        why = judge(runs[0], runs[1], program.expects)
        if why != "ok":
            failures.append((index, why, program.source))
    return cases - len(failures), failures, time.monotonic() - started


def main(argv: List[str] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=500)
    parser.add_argument("--versions", default="all")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=10.0)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--show", type=int, default=3, help="failing programs to print")
    args = parser.parse_args(argv)
    versions = parse_versions(args.versions)
    results: Dict[str, tuple] = {}
    with OraclePool(versions) as pool:
        with ThreadPoolExecutor(args.threads) as threads:
            futures = {v: threads.submit(check_version, pool, v, args.cases, args.seed,
                                         args.timeout) for v in versions}
            for version, future in futures.items():
                results[version] = future.result()
    print("command: python -m harness.generate.selfcheck %s" % " ".join(argv or sys.argv[1:]))
    print("%-8s %-16s %-9s %s" % ("version", "as intended", "percent", "seconds"))
    worst = 1.0
    for version in versions:
        good, failures, seconds = results[version]
        share = good / args.cases if args.cases else 1.0
        worst = min(worst, share)
        print("%-8s %-16s %-9s %.1f" % (version, "%d/%d" % (good, args.cases),
                                        "%.1f%%" % (100 * share), seconds))
    shown = 0
    for version in versions:
        for index, why, source in results[version][1]:
            print("\n[%s] index %d: %s" % (version, index, why))
            if shown < args.show:
                print(source)
                shown += 1
    return 0 if worst >= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())

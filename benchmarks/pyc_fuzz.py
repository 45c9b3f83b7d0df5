"""``minivm.pyc.loads`` on a great many bad inputs: outcomes, rate and the slowest input.

Replays ``--cases`` inputs from ``harness.pycfuzz`` (real .pyc files of all six
versions, each mutated one to three times, seeded), stops at the first input that
raises anything but ``PycError`` or takes a second, and prints the tally::

    python3 benchmarks/pyc_fuzz.py --cases 1000000 --seed 1      # the nightly figure
    python3 benchmarks/pyc_fuzz.py --cases 20000                  # a quick look

Exit status 1 if the contract broke (the input is written to ``--failure``).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from harness.pycfuzz import LIMIT, FuzzFailure, check, mutate, write_bases  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=100000, help="inputs to try")
    parser.add_argument("--seed", type=int, default=1, help="seed of the mutations")
    parser.add_argument("--failure", default="pyc_fuzz_failure.bin",
                        help="where to write an input that broke the contract")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        originals = write_bases(folder)
    rng = random.Random(args.seed)
    tally = {"ok": 0, "error": 0}
    slowest = 0.0
    started = last = time.perf_counter()
    for done in range(1, args.cases + 1):
        sample = rng.choice(originals)
        for _ in range(rng.randrange(1, 4)):
            sample = mutate(sample, rng, originals)
        before = time.perf_counter()
        try:
            tally[check(sample)] += 1
        except FuzzFailure as failure:
            with open(args.failure, "wb") as handle:
                handle.write(failure.data)
            print("input %d: %s (written to %s)" % (done, failure, args.failure))
            return 1
        now = time.perf_counter()
        slowest = max(slowest, now - before)
        if now - last > 30:
            last = now
            print("  %d/%d, %.0f/s" % (done, args.cases, done / (now - started)), flush=True)
    elapsed = time.perf_counter() - started
    print("%d inputs (seed %d) in %.0f s, %.0f/s: %d loaded, %d PycError, 0 other exceptions;"
          " slowest %.1f ms (limit %.0f s)" % (
              args.cases, args.seed, elapsed, args.cases / elapsed, tally["ok"],
              tally["error"], slowest * 1000, LIMIT))
    print("command: python3 %s" % " ".join(["benchmarks/pyc_fuzz.py"] + (argv or sys.argv[1:])))
    return 0


if __name__ == "__main__":
    sys.exit(main())

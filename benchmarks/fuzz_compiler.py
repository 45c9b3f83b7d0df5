"""Fuzz the compiler with hypothesmith programs against the host's ``compile``.

Generates N programs (``hypothesmith.from_node()``: syntactically valid source), parses
each with the host's ``ast.parse``, compiles the tree with CPython and with minivm, and
compares the code objects recursively (``Code.diff``).  A program CPython refuses
(``SyntaxError`` from the compiler) must be refused by minivm too.  Prints a tally of
divergences by kind and the smallest program of each kind.  Run with the interpreter of
the target to measure:

    /root/.pyenv/versions/3.12.1/bin/python3.12 benchmarks/fuzz_compiler.py -n 20000
"""

from __future__ import annotations

import argparse
import ast
import collections
import os
import re
import sys
import time
import warnings

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import minivm  # noqa: E402
from minivm.compiler.code import Code  # noqa: E402

_FIELD = re.compile(r": (co_\w+)")


def compare(source):
    """None if minivm agrees with CPython on ``source``, else (kind, detail)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError):
        return None
    try:
        expected = Code.from_code(compile(tree, "<fuzz>", "exec", dont_inherit=True))
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        try:
            minivm.compile(tree, "<fuzz>", "exec")
        except SyntaxError as mine:
            return None if mine.msg == getattr(error, "msg", None) else (
                "error message", "%r != %r" % (mine.msg, getattr(error, "msg", error)))
        except Exception as crash:
            return "crash " + type(crash).__name__, str(crash)[:200]
        return "accepted what CPython refuses", str(error)[:200]
    try:
        actual = minivm.compile(tree, "<fuzz>", "exec")
    except Exception as crash:
        return "crash " + type(crash).__name__, str(crash)[:200]
    found = actual.diff(expected)
    if found is None:
        return None
    match = _FIELD.search(found)
    return (match.group(1) if match else "structure"), found[:200]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--count", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    import hypothesmith
    from hypothesis import HealthCheck, given, seed, settings

    warnings.simplefilter("ignore")
    tally = collections.Counter()
    smallest = {}
    seen = [0]
    started = time.time()

    @seed(args.seed)
    @settings(max_examples=args.count, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(hypothesmith.from_node())
    def run(source):
        seen[0] += 1
        outcome = compare(source)
        if outcome is None:
            return
        kind, detail = outcome
        tally[kind] += 1
        if kind not in smallest or len(source) < len(smallest[kind][0]):
            smallest[kind] = (source, detail)

    run()
    print("%d.%d: %d programs, %.0fs" % (sys.version_info[:2] + (seen[0], time.time() - started)))
    print("divergences: %d" % sum(tally.values()))
    for kind, count in tally.most_common():
        source, detail = smallest[kind]
        print("  %5d  %s\n         %s\n         program: %r" % (count, kind, detail, source[:300]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

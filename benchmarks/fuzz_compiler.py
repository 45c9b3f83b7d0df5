"""Fuzz the compiler with hypothesmith programs against the host's ``compile``.

Generates N programs (``hypothesmith.from_node()``: syntactically valid source), parses
each with the host's ``ast.parse``, compiles the tree with CPython and with minivm, and
compares the code objects recursively (``Code.diff``).  A program CPython refuses
(``SyntaxError`` from the compiler) must be refused by minivm too.  Prints a tally of
divergences by kind and the smallest program of each kind.  Run with the interpreter of
the target to measure:

    /root/.pyenv/versions/3.12.1/bin/python3.12 benchmarks/fuzz_compiler.py -n 20000

``--save DIR`` writes every divergent program to DIR as it is found (a long run
killed early keeps what it found); ``--reduce DIR`` then reduces each saved program
with :mod:`harness.reduce` (the oracle of the same version parses the candidates)
while it shows the same kind of divergence, and lists the distinct reduced programs.
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
from minivm.versions import get_target  # noqa: E402

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
    parser.add_argument("--save", metavar="DIR", help="write each divergent program here")
    parser.add_argument("--progress", type=int, default=0, metavar="N",
                        help="print a status line every N programs")
    parser.add_argument("--reduce", metavar="DIR",
                        help="reduce the programs saved in DIR instead of fuzzing")
    parser.add_argument("--reduce-seconds", type=float, default=120.0)
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")
    if args.reduce:
        return reduce_saved(args.reduce, args.reduce_seconds)
    return fuzz(args)


def fuzz(args) -> int:
    import faulthandler
    import signal

    import hypothesmith
    from hypothesis import HealthCheck, Phase, given, seed, settings

    tally = collections.Counter()
    smallest = {}
    seen = [0]
    started = time.time()
    if args.save:
        os.makedirs(args.save, exist_ok=True)
    if hasattr(signal, "SIGUSR1"):  # kill -USR1 shows where a slow case is
        faulthandler.register(signal.SIGUSR1)

    @seed(args.seed)
    # Generation only: hypothesmith's targets would make Hypothesis hill-climb (slowly)
    # towards larger programs, and nothing here fails, so nothing is shrunk.
    @settings(max_examples=args.count, deadline=None, database=None,
              phases=(Phase.generate,), suppress_health_check=list(HealthCheck))
    @given(hypothesmith.from_node())
    def run(source):
        seen[0] += 1
        if args.progress and seen[0] % args.progress == 0:
            print("%d programs, %d divergences, %.0fs" % (
                seen[0], sum(tally.values()), time.time() - started), flush=True)
        if args.save:  # a program that hangs a compiler is found here
            with open(os.path.join(args.save, "current.txt"), "w", encoding="utf-8") as handle:
                handle.write(source)
        outcome = compare(source)
        if outcome is None:
            return
        kind, detail = outcome
        tally[kind] += 1
        if args.save:
            name = "seed%d-%05d-%s.py" % (args.seed, seen[0], kind.replace(" ", "_"))
            with open(os.path.join(args.save, name), "w", encoding="utf-8") as handle:
                handle.write(source)
        if kind not in smallest or len(source) < len(smallest[kind][0]):
            smallest[kind] = (source, detail)

    run()
    print("%s: %d programs, %.0fs" % (get_target(None).name, seen[0],
                                      time.time() - started))
    print("divergences: %d" % sum(tally.values()))
    for kind, count in tally.most_common():
        source, detail = smallest[kind]
        print("  %5d  %s\n         %s\n         program: %r" % (count, kind, detail, source[:300]))
    return 0


def reduce_saved(folder: str, seconds: float) -> int:
    """Reduce every program saved in ``folder`` while it shows the same kind of
    divergence; print each distinct reduced program with its first difference."""
    from harness.campaign import parser_for
    from harness.oracle import OraclePool
    from harness.reduce import Reducer, ReductionError, strip_comments

    version = get_target(None).name
    pool = OraclePool([version])
    parse = parser_for(pool, version)
    reduced_programs = {}
    try:
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".py"):
                continue
            with open(os.path.join(folder, name), "rb") as handle:
                source = strip_comments(handle.read())
            outcome = compare(source.decode("utf-8"))
            if outcome is None:
                print("%s: no divergence any more" % name)
                continue
            kind = outcome[0]

            def interesting(candidate, kind=kind):
                found = compare(candidate.decode("utf-8", "replace"))
                return found is not None and found[0] == kind

            try:
                reduced = Reducer(interesting, parse, seconds=seconds).reduce(source)
            except ReductionError as error:
                print("%s: %s" % (name, error))
                continue
            text = reduced.decode("utf-8")
            reduced_programs.setdefault(text, []).append((name, compare(text)))
    finally:
        pool.close()
    print("%s: %d distinct reduced divergences" % (version, len(reduced_programs)))
    for text, found in reduced_programs.items():
        names = ", ".join(name for name, _ in found)
        print("--- %s (%s)\n%s\n    %s" % (found[0][1][0], names, text.rstrip(),
                                          found[0][1][1][:300]))
    return 0


if __name__ == "__main__":
    sys.exit(main())

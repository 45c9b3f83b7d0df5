"""Speed of minivm's marshal writer and reader against the host's ``marshal``, same run.

Compiles standard-library modules of the running interpreter with its own
``compile``, converts them to ``minivm.Code`` once (not timed), then times writing
(``marshal.dumps`` vs ``minivm.pyc.marshal.dumps``) and reading (``marshal.loads``
vs ``minivm.pyc.marshal.loads``) of the same code objects, and prints MB/s of
marshalled data for each and the ratio.

    python3 benchmarks/pyc.py                 # 60 modules, best of 3
    python3.12 benchmarks/pyc.py --files 200 --repeat 5
"""

from __future__ import annotations

import argparse
import marshal
import os
import sys
import sysconfig
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from minivm.compiler.code import Code  # noqa: E402
from minivm.pyc import marshal as minimarshal  # noqa: E402
from minivm.versions import host_version  # noqa: E402


def load_modules(count):
    top = sysconfig.get_paths()["stdlib"]
    names = sorted(n for n in os.listdir(top) if n.endswith(".py"))
    codes = []
    for name in names:
        path = os.path.join(top, name)
        with open(path, "rb") as handle:
            source = handle.read()
        try:
            codes.append(compile(source, path, "exec", dont_inherit=True))
        except SyntaxError:
            continue
        if len(codes) == count:
            break
    return codes


def best(function, repeat):
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    host = load_modules(args.files)
    # marshal first: a Code made from a code object holds references to its
    # tuples and strings, which would change the flags marshal writes.
    data = [marshal.dumps(code) for code in host]
    ours = [Code.from_code(code) for code in host]
    megabytes = sum(map(len, data)) / 1e6
    # (Equal bytes are measured against py_compile in benchmarks/pyc_stdlib.py; this
    # process is not a fresh py_compile one, so a few may differ here.)
    same = sum(minimarshal.dumps(code) == d for code, d in zip(ours, data))

    rows = [
        ("dumps", best(lambda: [marshal.dumps(c) for c in host], args.repeat),
         best(lambda: [minimarshal.dumps(c) for c in ours], args.repeat)),
        ("loads", best(lambda: [marshal.loads(d) for d in data], args.repeat),
         best(lambda: [minimarshal.loads(d) for d in data], args.repeat)),
    ]
    print("Python %d.%d, %d modules, %.2f MB marshalled (%d written identically), best of %d"
          % (host_version() + (len(host), megabytes, same, args.repeat)))
    print("%-6s %14s %14s %10s" % ("", "marshal MB/s", "minivm MB/s", "slower by"))
    for name, theirs, mine in rows:
        print("%-6s %14.1f %14.2f %9.0fx" % (name, megabytes / theirs, megabytes / mine,
                                             mine / theirs))
    return 0


if __name__ == "__main__":
    sys.exit(main())

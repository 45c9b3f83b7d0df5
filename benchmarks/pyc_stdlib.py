"""Measure minivm.pyc against ``py_compile`` on each interpreter's standard library.

For every ``.py`` file of the standard library of each version asked for (site-packages
excluded), this compiles the file with that version's own ``compile`` (so the code is
CPython's), converts it with ``Code.from_code`` and writes it with ``minivm.pyc.dumps``
in the three header modes; the expected bytes come from ``py_compile.compile`` run in a
fresh ``python3.X`` process per file and mode (``PYTHONHASHSEED=0``), exactly as
``python3.X -m py_compile`` would write them.  Per version it reports

* ``bytes``: files whose .pyc is byte-identical, per mode;
* ``objects``: files whose .pyc, unmarshalled by CPython, gives a code object equal to
  the one CPython's own .pyc gives (``==`` on code objects, and ``Code.diff`` of both);
* ``loads``: files whose CPython-written .pyc ``minivm.pyc.loads`` reads into a
  ``Code`` equal to ``Code.from_code`` of CPython's own unmarshalling.

Before 3.11 whether an interned name is flagged depends on other objects alive in the
writing process; ``--live`` asks a fresh ``python3.X`` (that imported ``py_compile``)
which of the module's names it already holds, and passes them as ``live_strings``.
``--batch N`` lets one oracle process compile N files (faster); ``--verify-batch``
first checks on the sample that batching gives the same bytes as fresh processes.

    python3 benchmarks/pyc_stdlib.py --versions 3.11,3.12,3.13
    python3 benchmarks/pyc_stdlib.py --versions 3.8,3.9,3.10 --live
    python3 benchmarks/pyc_stdlib.py --versions 3.12 --limit 100 --show 5
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, ROOT)

from harness.pyclive import candidate_strings, query_live, writer_env  # noqa: E402

MODES = ("TIMESTAMP", "CHECKED_HASH", "UNCHECKED_HASH")

# The oracle: py_compile in a fresh interpreter, one (source, pyc, mode) triple per
# three arguments.  Its own names are as few and as ordinary as possible, since
# before 3.11 every string a process holds can change a .pyc's bytes.
ORACLE = (
    "import py_compile, sys\n"
    "for i in range(1, len(sys.argv), 3):\n"
    "    py_compile.compile(sys.argv[i], cfile=sys.argv[i + 1], doraise=True,\n"
    "        invalidation_mode=py_compile.PycInvalidationMode[sys.argv[i + 2]])\n"
)

# -- the worker: runs inside python3.X ------------------------------------------------


def stdlib_files(limit: int, stride: int, only: str = ""):
    import sysconfig
    top = sysconfig.get_paths()["stdlib"]
    if only:
        return [os.path.join(top, name) for name in only.split(",")]
    found = []
    for folder, dirs, names in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        found.extend(os.path.join(folder, n) for n in sorted(names) if n.endswith(".py"))
    found = found[::stride]
    return found[:limit] if limit else found


def run_oracle(jobs, batch: int, workdir: str):
    """``{(path, mode): bytes}`` from py_compile, ``batch`` jobs per process."""
    result = {}
    for start in range(0, len(jobs), batch):
        chunk = jobs[start:start + batch]
        argv = [sys.executable, "-c", ORACLE]
        outs = []
        for index, (path, mode) in enumerate(chunk):
            out = os.path.join(workdir, "%d-%d.pyc" % (start, index))
            outs.append(out)
            argv += [path, out, mode]
        done = subprocess.run(argv, env=writer_env(), capture_output=True)
        for (path, mode), out in zip(chunk, outs):
            if os.path.exists(out):
                with open(out, "rb") as handle:
                    result[(path, mode)] = handle.read()
                os.unlink(out)
            elif done.returncode:
                result[(path, mode)] = None
    return result


def first_difference(got: bytes, want: bytes) -> int:
    for index, (a, b) in enumerate(zip(got, want)):
        if a != b:
            return index
    return min(len(got), len(want))


def worker(args) -> dict:
    import marshal

    import minivm.pyc
    import minivm.pyc.pyc
    from minivm.compiler.code import Code
    from minivm.pyc import marshal as minimarshal
    from minivm.versions import host_version

    version = "%d.%d" % host_version()
    files = stdlib_files(args.limit, args.stride, args.files)
    compiled = {}
    for path in files:
        with open(path, "rb") as handle:
            source = handle.read()
        try:
            compiled[path] = (source, compile(source, path, "exec", dont_inherit=True))
        except (SyntaxError, ValueError):
            pass
    live = {}
    if args.live:
        # One query per file: answers asked together were seen to disturb each other.
        for path, (_, code) in compiled.items():
            live[path] = query_live(sys.executable, candidate_strings(code))
    modes = [m for m in MODES if m in args.modes.split(",")]
    jobs = [(path, mode) for path in compiled for mode in modes]
    with tempfile.TemporaryDirectory() as workdir:
        started = time.time()
        expected = run_oracle(jobs, args.batch, workdir)
        oracle_seconds = time.time() - started
        batch_mismatch = None
        if args.verify_batch and args.batch > 1:
            fresh = run_oracle(jobs, 1, workdir)
            batch_mismatch = sorted("%s %s" % key for key in jobs
                                    if fresh.get(key) != expected.get(key))
    tally = {"version": version, "files": len(files), "compiled": len(compiled),
             "bytes": {m: 0 for m in modes}, "objects": 0, "loads": 0,
             "oracle_failed": 0, "mismatches": [], "live_strings": sum(map(len, live.values())),
             "oracle_seconds": round(oracle_seconds, 1), "batch": args.batch,
             "batch_mismatches": batch_mismatch}
    started = time.time()
    live_free = 0 if args.live else None
    for path, (source, host_code) in compiled.items():
        stat = os.stat(path)
        code = Code.from_code(host_code)
        objects_ok = loads_ok = None
        for mode in modes:
            want = expected.get((path, mode))
            if want is None:
                tally["oracle_failed"] += 1
                continue
            header = minivm.pyc.pyc.write_header(
                code.target, mtime=int(stat.st_mtime), source_size=stat.st_size,
                hash_based=mode != "TIMESTAMP", check_source=mode == "CHECKED_HASH",
                source=source)
            got = header + minimarshal.dumps(code, code.target,
                                             live_strings=live.get(path, ()))
            if got == want:
                tally["bytes"][mode] += 1
            elif len(tally["mismatches"]) < args.show and mode == modes[0]:
                at = first_difference(got, want)
                tally["mismatches"].append("%s %s: first difference at byte %d of %d/%d, "
                                           "in the expected %s" % (
                                               path, mode, at, len(got), len(want),
                                               minimarshal.describe_offset(
                                                   want[16:], at, version, base=16)))
            if live_free is not None and mode == modes[0]:
                plain = header + minimarshal.dumps(code, code.target)
                live_free += plain == want
            if objects_ok is None:
                theirs = marshal.loads(want[16:])
                ours = marshal.loads(got[16:])
                # Code.diff, not ==: CPython's code equality finds two NaN constants
                # unequal, even in two loads of the same bytes.
                objects_ok = got == want or Code.from_code(ours).diff(
                    Code.from_code(theirs)) is None
                try:
                    loads_ok = minivm.pyc.loads(want)[1].diff(Code.from_code(theirs)) is None
                except minivm.pyc.PycError as error:
                    loads_ok = False
                    tally["mismatches"].append("%s: loads failed: %s" % (path, error))
        tally["objects"] += bool(objects_ok)
        tally["loads"] += bool(loads_ok)
    tally["minivm_seconds"] = round(time.time() - started, 1)
    tally["bytes_without_live"] = live_free
    return tally


# -- the driver: runs anywhere ------------------------------------------------------------


def report(tally: dict) -> None:
    n = tally["compiled"]
    print("%s: %d files, %d compiled (oracle %ss, batch %s, minivm %ss%s)" % (
        tally["version"], tally["files"], n, tally["oracle_seconds"], tally["batch"],
        tally["minivm_seconds"],
        ", %d live strings" % tally["live_strings"] if tally["live_strings"] else ""))
    for mode, count in tally["bytes"].items():
        print("  bytes   %-15s %5d/%d  %6.2f%%" % (mode, count, n, 100.0 * count / max(n, 1)))
    if tally.get("bytes_without_live") is not None:
        count = tally["bytes_without_live"]
        print("  bytes   %-15s %5d/%d  %6.2f%%  (%s, without --live)" % (
            "", count, n, 100.0 * count / max(n, 1), next(iter(tally["bytes"]))))
    for key in ("objects", "loads"):
        print("  %-7s %-15s %5d/%d  %6.2f%%" % (key, "", tally[key], n,
                                                100.0 * tally[key] / max(n, 1)))
    if tally["oracle_failed"]:
        print("  oracle failed on %d (file, mode) pairs" % tally["oracle_failed"])
    if tally["batch_mismatches"] is not None:
        print("  batching changed %d of the oracle's outputs" % len(tally["batch_mismatches"]))
        for line in tally["batch_mismatches"][:5]:
            print("    " + line)
    for line in tally["mismatches"]:
        print("    " + line)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--versions", default="3.11,3.12,3.13")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--limit", type=int, default=0, help="at most this many files")
    parser.add_argument("--stride", type=int, default=1, help="every Nth file only")
    parser.add_argument("--files", default="",
                        help="comma list of paths relative to the stdlib directory")
    parser.add_argument("--batch", type=int, default=1,
                        help="files per oracle process (1: a fresh process each)")
    parser.add_argument("--verify-batch", action="store_true")
    parser.add_argument("--live", action="store_true",
                        help="ask the interpreter which names it already holds (3.8-3.10)")
    parser.add_argument("--show", type=int, default=10, help="mismatches to list")
    parser.add_argument("--json", help="also write the tallies here")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        json.dump(worker(args), sys.stdout)
        return 0
    from harness.oracle import find_interpreter, parse_versions
    tallies = []
    for version in parse_versions(args.versions):
        interpreter = find_interpreter(version)
        command = [interpreter.path, os.path.abspath(__file__), "--worker"] + [
            a for a in (argv if argv is not None else sys.argv[1:])]
        # The worker compiles with PYTHONHASHSEED=0 too, so that its sets are
        # built as the oracle's are.
        done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT,
                              env=writer_env())
        if done.returncode:
            print("%s: worker failed\n%s" % (version, done.stderr[-3000:]))
            continue
        tally = json.loads(done.stdout)
        tally["command"] = " ".join(command)
        report(tally)
        tallies.append(tally)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(tallies, handle, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())

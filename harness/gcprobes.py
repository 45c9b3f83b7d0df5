"""The ``gc`` probes: one program per ``gc`` function or collector behaviour
(``corpus/gc``), run by CPython and by minivm, judged on the refcount layer.

Each probe's first line is a comment naming what it exercises.  A probe prints
only what is the same in any two CPython processes of one version (deltas of
statistics, membership, order), never sizes of the interpreter's own heap.

``python -m harness.gcprobes [--versions 3.12,3.13] [--show]`` prints the table of
probes by version: ``pass``, ``known`` (equal once the known-differences registry
is applied), ``DIFF`` (with ``--show``, the first difference), ``n/i`` (minivm has
no VM or compiler for that version).
"""

from __future__ import annotations

import argparse
import glob
import os
import subprocess
import sys
from typing import Dict, List, Optional

from .compare import COMPARATORS, Verdict
from .oracle import ALL_VERSIONS, find_interpreter, parse_versions

#: the checkout's probes; an installed harness (tox, pip) has no corpus beside it, so
#: callers there pass the folder (the tests find it from their own file)
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE_DIR = os.path.join(ROOT, "corpus", "gc")


class NoProbes(Exception):
    """The probe folder holds no probe."""


def probes(directory: str = PROBE_DIR) -> List[str]:
    """The probe programs of ``directory``, by name; :class:`NoProbes` when there are
    none, so that a wrong folder is an error and never an empty, passing run."""
    found = sorted(glob.glob(os.path.join(directory, "*.py")))
    if not found:
        raise NoProbes("no gc probes (*.py) in %s" % directory)
    return found


def covers(path: str) -> str:
    """What a probe exercises: its first comment line."""
    with open(path, encoding="utf-8") as f:
        return f.readline().lstrip("# ").strip()


def cpython_artifact(path: str, version: str) -> dict:
    python = find_interpreter(version).path
    done = subprocess.run([python, "-E", "-s", path], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=120, cwd=os.path.dirname(path))
    return {"status": "exit", "exit_status": done.returncode,
            "stdout": done.stdout.decode("utf-8", "replace"),
            "stderr": done.stderr.decode("utf-8", "replace")}


def minivm_artifact(path: str, version: str) -> dict:
    """minivm's run of the probe in this process (raises NotImplementedStage where
    minivm has no compiler or VM for ``version``)."""
    import minivm
    with open(path, encoding="utf-8") as f:
        source = f.read()
    out = minivm.run(source, target=version, filename=path)
    return {"status": "exit", "exit_status": out.exit_status, "stdout": out.stdout,
            "stderr": out.stderr}


def judge(path: str, version: str) -> Verdict:
    """The refcount-layer verdict of one probe on one version."""
    expected = cpython_artifact(path, version)
    actual = minivm_artifact(path, version)
    return COMPARATORS["refcount"].judge(os.path.basename(path), version, expected, actual)


def table(versions: List[str], show: bool = False, directory: str = PROBE_DIR) -> str:
    """The probe-by-version table as Markdown."""
    import minivm
    paths = probes(directory)
    rows = ["| probe | covers | %s |" % " | ".join(versions),
            "|---|---|%s|" % "|".join("---" for _ in versions)]
    notes: List[str] = []
    totals: Dict[str, int] = {v: 0 for v in versions}
    for path in paths:
        name = os.path.basename(path)[:-3]
        cells = []
        for version in versions:
            try:
                verdict = judge(path, version)
            except minivm.NotImplementedStage:
                cells.append("n/i")
                continue
            cells.append("DIFF" if verdict.divergence else verdict.verdict)
            if verdict.divergence is None:
                totals[version] += 1
            elif show:
                notes.append("%s %s: %s" % (name, version, verdict.divergence.explanation))
        rows.append("| %s | %s | %s |" % (name, covers(path), " | ".join(cells)))
    rows.append("| **equal** | | %s |" % " | ".join(
        "%d/%d" % (totals[v], len(paths)) for v in versions))
    return "\n".join(rows + ([""] + notes if notes else []))


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m harness.gcprobes",
        description="Run the gc probes (corpus/gc) in CPython and minivm and print, per "
                    "version, which are equal.")
    parser.add_argument("--versions", default=",".join(ALL_VERSIONS),
                        help="comma-separated versions (default: all six)")
    parser.add_argument("--show", action="store_true",
                        help="after the table, the first difference of each DIFF")
    parser.add_argument("--probes", default=PROBE_DIR, metavar="DIR",
                        help="folder of probe programs (default: %(default)s)")
    args = parser.parse_args(argv)
    try:
        print(table(parse_versions(args.versions), show=args.show, directory=args.probes))
    except (NoProbes, ValueError) as error:
        parser.error(str(error))
    return 0


if __name__ == "__main__":
    sys.exit(main())

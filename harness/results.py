"""Runs on disk: ``reports/runs/<id>/meta.json`` and ``results.jsonl``.

One line of ``results.jsonl`` is one (case, version, layer) judgement::

    {"case": ..., "version": "3.12", "layer": "code", "impl": "minivm",
     "verdict": "pass" | "known" | "diverge" | "not_implemented" | "crash" | "oracle_error",
     "known": [...], "divergence": {...} | null, "detail": "...", "features": [...]}

Lines are appended and flushed to disk one case at a time, so an interrupted run
loses at most the case in flight; a torn last line is ignored when reading.
``meta.json`` is replaced atomically (write a temporary file, fsync, rename).
"""

from __future__ import annotations

import json
import os
import secrets
import sys
import time
from typing import Any, Dict, Iterable, Iterator, List, Optional, Tuple

DEFAULT_REPORTS = "reports"


def write_atomic(path: str, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that readers see the old or the new file, never part."""
    folder = os.path.dirname(path) or "."
    os.makedirs(folder, exist_ok=True)
    temp = os.path.join(folder, ".%s.%s.tmp" % (os.path.basename(path), secrets.token_hex(4)))
    with open(temp, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, path)


def write_json_atomic(path: str, value: Any) -> None:
    write_atomic(path, (json.dumps(value, indent=2, sort_keys=False) + "\n").encode("utf-8"))


def new_run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-" + secrets.token_hex(2)


def _git_commit() -> Optional[str]:
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    head = os.path.join(here, ".git", "HEAD")
    try:
        with open(head) as handle:
            ref = handle.read().strip()
        if ref.startswith("ref: "):
            with open(os.path.join(here, ".git", ref[5:])) as handle:
                return handle.read().strip()
        return ref
    except OSError:
        return None


class RunWriter:
    """Creates a run directory and records results into it."""

    def __init__(self, reports: str, kind: str, meta: Dict[str, Any],
                 run_id: Optional[str] = None, resume: bool = False) -> None:
        self.run_id = run_id or new_run_id()
        self.path = os.path.join(reports, "runs", self.run_id)
        self.results_path = os.path.join(self.path, "results.jsonl")
        os.makedirs(self.path, exist_ok=True)
        previous = read_meta(self.path) if resume else {}
        self.meta: Dict[str, Any] = dict(previous)
        self.meta.update(meta)
        self.meta.update({
            "id": self.run_id, "kind": kind, "status": "running",
            "argv": sys.argv, "host": "%d.%d.%d" % sys.version_info[:3],
            "commit": _git_commit(),
        })
        self.meta.setdefault("started", time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        if resume:
            _truncate_torn_line(self.results_path)
        write_json_atomic(os.path.join(self.path, "meta.json"), self.meta)
        self._handle = open(self.results_path, "ab")

    def add_many(self, results: Iterable[dict]) -> None:
        """Append the judgements of one case and push them to disk."""
        data = b"".join(json.dumps(r, default=_jsonable).encode("utf-8") + b"\n"
                        for r in results)
        if data:
            self._handle.write(data)
            self._handle.flush()
            os.fsync(self._handle.fileno())

    def update_meta(self, **fields: Any) -> None:
        self.meta.update(fields)
        write_json_atomic(os.path.join(self.path, "meta.json"), self.meta)

    def finish(self, status: str, **fields: Any) -> None:
        self._handle.close()
        self.update_meta(status=status,
                         finished=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), **fields)


def _jsonable(value: Any) -> Any:
    """Bytes as hex, anything else JSON does not know as its repr: a result line
    must always be written."""
    if isinstance(value, (bytes, bytearray)):
        return value.hex()
    return repr(value)


def _truncate_torn_line(path: str) -> None:
    """Drop a last line cut off by a kill, so appended lines start clean."""
    if not os.path.exists(path):
        return
    with open(path, "rb+") as handle:
        data = handle.read()
        if data and not data.endswith(b"\n"):
            handle.truncate(data.rfind(b"\n") + 1)


def read_meta(run_path: str) -> Dict[str, Any]:
    try:
        with open(os.path.join(run_path, "meta.json"), encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return {}


def read_results(run_path: str) -> List[dict]:
    """Every complete line of a run's results (a torn last line is skipped)."""
    out = []
    try:
        with open(os.path.join(run_path, "results.jsonl"), "rb") as handle:
            for line in handle:
                if not line.endswith(b"\n"):
                    break
                try:
                    out.append(json.loads(line))
                except ValueError:
                    continue
    except OSError:
        pass
    return out


def list_runs(reports: str) -> List[str]:
    """Run directories under ``reports/runs``, oldest first (ids sort by time)."""
    root = os.path.join(reports, "runs")
    if not os.path.isdir(root):
        return []
    return [os.path.join(root, name) for name in sorted(os.listdir(root))
            if os.path.isfile(os.path.join(root, name, "meta.json"))]


def find_run(reports: str, run: Optional[str]) -> str:
    """A run directory by id, by path, or the newest; raises FileNotFoundError."""
    if run:
        for candidate in (run, os.path.join(reports, "runs", run)):
            if os.path.isfile(os.path.join(candidate, "meta.json")):
                return candidate
        raise FileNotFoundError("no run %r under %s" % (run, os.path.join(reports, "runs")))
    runs = list_runs(reports)
    if not runs:
        raise FileNotFoundError("no runs under %s: run `conform check` or `conform stdlib` "
                                "first" % os.path.join(reports, "runs"))
    return runs[-1]


def done_keys(results: Iterable[dict]) -> set:
    """(case, version) pairs already judged, for resuming."""
    return {(r.get("case"), r.get("version")) for r in results}


def tally(results: Iterable[dict]) -> Dict[Tuple[str, str], Dict[str, int]]:
    """Counts of each verdict per (layer, version)."""
    table: Dict[Tuple[str, str], Dict[str, int]] = {}
    for r in results:
        cell = table.setdefault((r["layer"], r["version"]), {})
        cell[r["verdict"]] = cell.get(r["verdict"], 0) + 1
    return table


def iter_divergences(results: Iterable[dict]) -> Iterator[dict]:
    for r in results:
        if r.get("verdict") in ("diverge", "crash"):
            yield r

"""Runs seen together: the history of every run under a reports directory, and
what changed since the previous comparable run (same kind, same implementation).

A failure is keyed by what identifies it across runs: for ``check`` and
``stdlib`` runs the (layer, version, case) it happened on, so a case that
diverged before and passes now is *fixed*; for ``fuzz`` runs, whose cases differ
from run to run, its signature, so a signature not met again is *not seen* (it
may still be there: campaigns sample).
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional

from ..results import list_runs, read_meta, write_json_atomic

HISTORY_LIMIT = 50
FAILURE_LIMIT = 5000
DIGEST = "digest.json"


def failure_key(kind: Optional[str], divergence: Dict[str, Any]) -> str:
    if kind == "fuzz":
        return divergence["signature"]
    return "%s|%s|%s" % (divergence["layer"], divergence["version"], divergence["case"])


def digest(summary: Dict[str, Any]) -> Dict[str, Any]:
    """What history needs of one run: its identity, totals and failures."""
    run = summary["run"]
    failures: Dict[str, Dict[str, Any]] = {}
    for d in summary["divergences"]:
        if d["verdict"] == "oracle_error":
            continue
        key = failure_key(run.get("kind"), d)
        if key not in failures and len(failures) < FAILURE_LIMIT:
            failures[key] = {k: d.get(k) for k in ("case", "layer", "version", "verdict",
                                                    "signature", "explanation")}
    return {
        "id": run.get("id"), "kind": run.get("kind"), "status": run.get("status"),
        "impl": run.get("impl"), "started": run.get("started"),
        "finished": run.get("finished"), "totals": summary["totals"],
        "failures": failures,
    }


def _digest_of(run_path: str) -> Optional[Dict[str, Any]]:
    """A run's digest, from its cache when the run has finished, else computed."""
    cache = os.path.join(run_path, DIGEST)
    meta = read_meta(run_path)
    if os.path.exists(cache) and meta.get("status") != "running":
        try:
            with open(cache, encoding="utf-8") as handle:
                cached = json.load(handle)
            if cached.get("status") == meta.get("status"):
                return cached
        except (OSError, ValueError):
            pass
    from . import build_summary
    try:
        found = digest(build_summary(run_path))
    except (KeyError, TypeError, ValueError):
        return None  # a run written by another version of the harness
    if meta.get("status") != "running":
        write_json_atomic(cache, found)
    return found


def history(reports: str, run_path: str, summary: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Every run up to and including this one (newest last, at most 50), each
    without its failure list."""
    out = []
    current = os.path.abspath(run_path)
    for path in list_runs(reports):
        if os.path.abspath(path) == current:
            entry = digest(summary)
            if summary["run"].get("status") != "running":
                write_json_atomic(os.path.join(run_path, DIGEST), entry)
        else:
            entry = _digest_of(path)
        if entry is not None:
            out.append({k: v for k, v in entry.items() if k != "failures"})
            out[-1]["failures"] = len(entry["failures"])
        if os.path.abspath(path) == current:
            break
    return out[-HISTORY_LIMIT:]


def previous_run(reports: str, run_path: str, kind: Optional[str],
                 impl: Optional[str]) -> Optional[str]:
    """The newest run before this one of the same kind and implementation."""
    earlier = []
    for path in list_runs(reports):
        if os.path.abspath(path) == os.path.abspath(run_path):
            break
        meta = read_meta(path)
        if meta.get("kind") == kind and meta.get("impl") == impl:
            earlier.append(path)
    return earlier[-1] if earlier else None


def changes(reports: str, run_path: str, summary: Dict[str, Any]) -> Dict[str, Any]:
    """New, fixed (or not seen) and still failing, against the previous comparable run."""
    run = summary["run"]
    mine = digest(summary)["failures"]
    previous = previous_run(reports, run_path, run.get("kind"), run.get("impl"))
    if previous is None:
        return {"previous": None, "key": _key_name(run.get("kind")),
                "new": list(mine.values()), "fixed": [], "still": []}
    theirs = (_digest_of(previous) or {}).get("failures", {})
    return {
        "previous": read_meta(previous).get("id"),
        "key": _key_name(run.get("kind")),
        "new": [v for k, v in mine.items() if k not in theirs],
        "fixed": [v for k, v in theirs.items() if k not in mine],
        "still": [v for k, v in mine.items() if k in theirs],
    }


def _key_name(kind: Optional[str]) -> str:
    return "signature" if kind == "fuzz" else "layer|version|case"

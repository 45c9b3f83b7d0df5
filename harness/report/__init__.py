"""Conformance reports: a run's results rendered for people and for machines.

:func:`build_summary` turns a run into the data every output shares (the schema
is documented in ``docs/summary-schema.md``); :mod:`.html` and :mod:`.markdown`
only present it (:mod:`.regrtest` adds the module table of a ``conform regrtest``
run).  :mod:`.history` adds what the other runs under the same
``reports`` directory say (history, and what changed since the previous
comparable run); :mod:`.pages` writes one page per divergence signature.  All
outputs are written atomically.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional

from .. import known
from ..compare import LAYERS, VERDICTS
from ..results import find_run, read_meta, read_results, write_atomic, write_json_atomic

SCHEMA_VERSION = 2


def _cell(counts: Dict[str, int]) -> Dict[str, Any]:
    total = sum(counts.values())
    cell = {v: counts.get(v, 0) for v in VERDICTS}
    cell["total"] = total
    cell["conforming"] = cell["pass"] + cell["known"]
    return cell


def build_summary(run_path: str) -> Dict[str, Any]:
    """The summary of one run: matrices of verdict counts, divergences, known
    differences used, and the run's metadata."""
    meta = read_meta(run_path)
    results = read_results(run_path)
    versions = meta.get("versions_order") or sorted(
        {r["version"] for r in results}, key=lambda v: tuple(int(p) for p in v.split(".")))
    layers = [layer for layer in LAYERS if any(r["layer"] == layer for r in results)]
    layers += sorted({r["layer"] for r in results} - set(LAYERS))  # regrtest's layer
    counts: Dict[str, Dict[str, Dict[str, int]]] = {}
    features: Dict[str, Dict[str, Dict[str, int]]] = {}
    known_used: Dict[str, int] = {}
    divergences: List[Dict[str, Any]] = []
    not_implemented: Dict[str, int] = {}
    for r in results:
        layer_cell = counts.setdefault(r["layer"], {}).setdefault(r["version"], {})
        layer_cell[r["verdict"]] = layer_cell.get(r["verdict"], 0) + 1
        for tag in r.get("features") or ():
            cell = features.setdefault(tag, {}).setdefault(r["version"], {})
            cell[r["verdict"]] = cell.get(r["verdict"], 0) + 1
        for name in r.get("known") or ():
            known_used[name] = known_used.get(name, 0) + 1
        if r["verdict"] == "not_implemented":
            reason = (r.get("detail") or "").splitlines()[0][:200] if r.get("detail") else ""
            not_implemented[reason] = not_implemented.get(reason, 0) + 1
        if r["verdict"] in ("diverge", "crash", "oracle_error"):
            div = r.get("divergence") or {}
            divergences.append({
                "case": r["case"], "version": r["version"], "layer": r["layer"],
                "verdict": r["verdict"],
                "explanation": div.get("explanation") or (r.get("detail") or "")[-300:],
                "signature": div.get("signature") or "%s|%s|%s" % (
                    r["layer"], r["version"], r["verdict"]),
                "path": div.get("path"),
            })
    return {
        "schema": SCHEMA_VERSION,
        "run": {k: meta.get(k) for k in ("id", "kind", "status", "started", "finished",
                                          "impl", "commit", "host", "argv", "interpreters")},
        "versions": versions,
        "layers": layers,
        "matrix": {layer: {v: _cell(counts.get(layer, {}).get(v, {})) for v in versions}
                   for layer in layers},
        "features": {tag: {v: _cell(features[tag].get(v, {})) for v in versions}
                     for tag in sorted(features)},
        "totals": _cell({v: sum(c.get(v, 0) for layer in counts.values()
                                for c in layer.values()) for v in VERDICTS}),
        "known_differences": [dict(entry, used=known_used.get(entry["name"], 0))
                              for entry in known.describe()],
        "not_implemented": [{"reason": k, "count": n} for k, n in
                            sorted(not_implemented.items(), key=lambda kv: -kv[1])],
        "divergences": divergences,
        "distribution": _distribution(meta),
        "coverage": meta.get("coverage"),
    }


def _distribution(meta: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """How a campaign was spread: its shard, the shards merged into it, its store."""
    fuzz = meta.get("fuzz") or {}
    if not (fuzz.get("shard") or meta.get("merged_from") or meta.get("store")):
        return None
    store = meta.get("store") or {}
    lost = store.get("lost")
    return {
        "shard": "%d/%d" % tuple(fuzz["shard"]) if fuzz.get("shard") else None,
        "merged_from": meta.get("merged_from") or [],
        "shards": meta.get("shards") or [],
        "missing_shards": meta.get("missing_shards") or [],
        "store": store.get("url"),
        "store_lost": ([lost] if isinstance(lost, str) else list(lost or [])),
        "reduced_elsewhere": sorted(store.get("elsewhere") or {}),
    }


def distribution_notes(summary: Dict[str, Any]) -> List[str]:
    """The distribution of the run as sentences (plain text), for every output."""
    dist = summary.get("distribution")
    if not dist:
        return []
    notes = []
    if dist["shard"]:
        notes.append("This run is shard %s of its campaign." % dist["shard"])
    if dist["merged_from"]:
        notes.append("Merged from %d shard runs (%s): %s." % (
            len(dist["merged_from"]), ", ".join(dist["shards"]),
            ", ".join(dist["merged_from"])))
    if dist["missing_shards"]:
        notes.append("Shards missing from this merge: %s; their cases are not in this "
                     "report." % ", ".join(dist["missing_shards"]))
    if dist["store"]:
        notes.append("Shared store: %s." % dist["store"])
    for lost in dist["store_lost"]:
        notes.append("The store was lost during the run (%s); the run went on with local "
                     "files only and every result was recorded locally, but what was found "
                     "after that was neither claimed nor published." % lost)
    if dist["reduced_elsewhere"]:
        notes.append("%d new signatures were claimed by other campaigns and only counted "
                     "here." % len(dist["reduced_elsewhere"]))
    return notes


def render(reports: str, run: Optional[str] = None) -> Dict[str, str]:
    """Write ``index.html``, ``summary.json`` and ``summary.md`` under ``reports``
    for a run (default: the newest), and a page per divergence signature under
    ``reports/divergences/``; returns the paths written."""
    from . import history, html, markdown, pages
    run_path = find_run(reports, run)
    summary = build_summary(run_path)
    summary["history"] = history.history(reports, run_path, summary)
    summary["changes"] = history.changes(reports, run_path, summary)
    summary["signatures"] = pages.write_pages(reports, run_path, summary)
    paths = {
        "json": os.path.join(reports, "summary.json"),
        "markdown": os.path.join(reports, "summary.md"),
        "html": os.path.join(reports, "index.html"),
    }
    write_json_atomic(paths["json"], summary)
    write_atomic(paths["markdown"], markdown.render(summary).encode("utf-8"))
    write_atomic(paths["html"], html.render(summary).encode("utf-8"))
    if summary["run"].get("kind") == "regrtest":
        from . import regrtest
        for kind, path in regrtest.write(run_path, regrtest.build(run_path, reports)).items():
            paths["regrtest-" + kind] = path
    return paths

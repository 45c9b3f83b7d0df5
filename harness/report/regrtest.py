"""The report of a ``conform regrtest`` run: ``regrtest.md``, ``regrtest.json`` and
``regrtest-junit.xml`` in the run's folder.

:func:`build` reads the run's records (layer ``regrtest``, one per test and version)
into a summary; the renderers only present it.  Counts, per module and version:

``passed/cpython_passed``
    of the tests CPython passes, those the implementation passes too, beside
    ``cpython_passed/total``, CPython's own passes of all tests (RustPython's
    "passed/total");
``matching/total``
    the tests whose outcome equals CPython's, skips and expected failures counted
    (what the verdict ``pass`` means);
``crash``, ``timeout``
    tests during which the implementation's process died or hung.

``changes`` compares with the newest earlier regrtest run of the same
implementation under the same reports folder: tests newly passing (same outcome as
CPython now, not then) and newly failing.
"""

from __future__ import annotations

import os
from typing import Any, Dict, List, Optional
from xml.etree import ElementTree

from ..results import read_meta, read_results, write_atomic, write_json_atomic

DETAIL_LIMIT = 60


def _tally(records: List[dict]) -> Dict[str, Any]:
    from ..regrtest import module_tally
    cell: Dict[str, Any] = module_tally(records)
    last = next((r for r in records if r.get("last")), {})
    cell["seconds"] = last.get("module_seconds") or {}
    return cell


def _sum(cells: List[Dict[str, Any]]) -> Dict[str, Any]:
    keys = ("passed", "cpython_passed", "total", "matching", "crash", "timeout")
    out: Dict[str, Any] = {k: sum(c[k] for c in cells) for k in keys}
    out["seconds"] = {side: round(sum((c.get("seconds") or {}).get(side, 0.0) for c in cells),
                                  3) for side in ("impl", "cpython")}
    return out


def build(run_path: str, reports: Optional[str] = None) -> Dict[str, Any]:
    meta = read_meta(run_path)
    records = [r for r in read_results(run_path) if r.get("layer") == "regrtest"]
    versions = meta.get("versions_order") or sorted({r["version"] for r in records})
    by_pair: Dict[tuple, List[dict]] = {}
    for r in records:
        by_pair.setdefault((r["module"], r["version"]), []).append(r)
    modules = sorted({m for m, _ in by_pair})
    table = {m: {v: _tally(by_pair[(m, v)]) for v in versions if (m, v) in by_pair}
             for m in modules}
    differing = {}
    for (module, version), rows in sorted(by_pair.items()):
        rows = [r for r in rows if r["verdict"] != "pass"]
        if rows:
            differing.setdefault(module, {})[version] = [{
                "id": r["case"], "verdict": r["verdict"], "impl": r["outcomes"]["impl"],
                "cpython": r["outcomes"]["cpython"],
                "impl_detail": r["details"]["impl"], "cpython_detail": r["details"]["cpython"],
            } for r in rows]
    summary = {
        "run": {k: meta.get(k) for k in ("id", "kind", "status", "started", "finished",
                                          "impl", "commit", "host", "seconds")},
        "commands": (meta.get("regrtest") or {}).get("commands") or {},
        "timeout": (meta.get("regrtest") or {}).get("timeout"),
        "versions": versions, "modules": modules, "table": table,
        "totals": {v: _sum([table[m][v] for m in modules if v in table[m]]) for v in versions},
        "differing": differing,
        "changes": changes(reports, run_path, meta, records) if reports else None,
    }
    return summary


def changes(reports: str, run_path: str, meta: dict, records: List[dict]) -> Optional[dict]:
    from .history import previous_run
    previous = previous_run(reports, run_path, "regrtest", meta.get("impl"))
    if previous is None:
        return None
    before = {(r["version"], r["case"]): r["verdict"] for r in read_results(previous)
              if r.get("layer") == "regrtest"}
    newly_passing, newly_failing = [], []
    for r in records:
        then = before.get((r["version"], r["case"]))
        if then is None:
            continue
        entry = {"id": r["case"], "version": r["version"], "module": r["module"],
                 "impl": r["outcomes"]["impl"], "cpython": r["outcomes"]["cpython"]}
        if r["verdict"] == "pass" and then != "pass":
            newly_passing.append(entry)
        elif r["verdict"] != "pass" and then == "pass":
            newly_failing.append(entry)
    return {"previous": read_meta(previous).get("id"), "newly_passing": newly_passing,
            "newly_failing": newly_failing}


# -- presentation -------------------------------------------------------------------------------


def cell_text(cell: Optional[Dict[str, Any]]) -> str:
    if not cell:
        return "–"
    text = "%d/%d (CPython %d/%d)" % (cell["passed"], cell["cpython_passed"],
                                      cell["cpython_passed"], cell["total"])
    broken = ", ".join("%d %s" % (cell[k], k) for k in ("crash", "timeout") if cell[k])
    return text + (" " + broken if broken else "")


def _md_table(header: List[str], rows: List[List[str]]) -> List[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
    return lines


def _one_line(text: str) -> str:
    return " / ".join(line.strip() for line in (text or "").strip().splitlines()[:3])[:300]


def render_markdown(summary: Dict[str, Any]) -> str:
    run = summary["run"]
    versions = summary["versions"]
    out = ["# conform regrtest: `%s`" % run.get("impl"), "",
           "Run `%s` (%s). CPython's own `Lib/test` modules of each version, run under the "
           "implementation and under CPython of the same version, one process per module "
           "(timeout %s s)." % (run.get("id"), run.get("status"), summary.get("timeout")),
           "", "Cells: implementation passed / CPython passed (CPython passed / all tests); "
           "crashes and timeouts of the implementation.", ""]
    for version, sides in sorted(summary["commands"].items()):
        out.append("- %s: `%s DRIVER` against `%s DRIVER`" % (version, sides["impl"],
                                                               sides["cpython"]))
    out.append("")
    rows = [[m] + [cell_text(summary["table"][m].get(v)) for v in versions]
            for m in summary["modules"]]
    out += _md_table(["module"] + versions, rows)
    out += ["", "## Totals", ""]
    trows = []
    for v in versions:
        t = summary["totals"][v]
        trows.append([v, "%d/%d" % (t["passed"], t["cpython_passed"]),
                      "%d/%d" % (t["cpython_passed"], t["total"]),
                      "%d/%d" % (t["matching"], t["total"]), str(t["crash"]), str(t["timeout"]),
                      "%.1f s" % t["seconds"].get("impl", 0.0),
                      "%.1f s" % t["seconds"].get("cpython", 0.0)])
    out += _md_table(["version", "passed (of CPython's passes)", "CPython passed",
                      "same outcome (skips, expected failures counted)", "crashes",
                      "timeouts", "impl time", "CPython time"], trows)
    changes = summary.get("changes")
    if changes:
        out += ["", "## Changes since run `%s`" % changes["previous"], "",
                "%d newly passing, %d newly failing." % (len(changes["newly_passing"]),
                                                          len(changes["newly_failing"]))]
        for title, key in (("Newly passing", "newly_passing"),
                           ("Newly failing", "newly_failing")):
            if changes[key]:
                out += ["", "### %s" % title, ""]
                out += ["- `%s` (%s): %s, CPython %s" % (e["id"], e["version"], e["impl"],
                                                        e["cpython"])
                        for e in changes[key][:200]]
    if summary["differing"]:
        out += ["", "## Tests that differ", ""]
    for module in sorted(summary["differing"]):
        for version, rows in sorted(summary["differing"][module].items()):
            out += ["", "### %s on %s (%d)" % (module, version, len(rows)), ""]
            for row in rows[:DETAIL_LIMIT]:
                detail = _one_line(row["impl_detail"] or row["cpython_detail"])
                out.append("- `%s`: **%s**, CPython %s%s" % (
                    row["id"], row["impl"], row["cpython"],
                    " — `%s`" % detail.replace("`", "'") if detail else ""))
            if len(rows) > DETAIL_LIMIT:
                out.append("- ... and %d more (regrtest.json has them all)"
                           % (len(rows) - DETAIL_LIMIT))
    return "\n".join(out) + "\n"


def text_table(summary: Dict[str, Any]) -> str:
    """The module × version table for a terminal."""
    versions = summary["versions"]
    width = max([len(m) for m in summary["modules"]] + [8]) + 2
    col = 46
    lines = ["%-*s" % (width, "module") + "".join("%-*s" % (col, v) for v in versions)]
    for m in summary["modules"]:
        lines.append("%-*s" % (width, m) + "".join(
            "%-*s" % (col, cell_text(summary["table"][m].get(v))) for v in versions))
    lines.append("%-*s" % (width, "total") + "".join(
        "%-*s" % (col, cell_text(summary["totals"][v])) for v in versions))
    lines.append("(impl passed/CPython passed (CPython passed/all); same outcome: %s)" % ", ".join(
        "%s %d/%d" % (v, summary["totals"][v]["matching"], summary["totals"][v]["total"])
        for v in versions))
    return "\n".join(lines)


def render_junit(run_path: str, summary: Dict[str, Any]) -> str:
    """JUnit XML: a testsuite per (module, version), a testcase per test; a test
    whose outcome differs from CPython's is a failure (an error when the
    implementation crashed or hung), a test both skip is skipped."""
    root = ElementTree.Element("testsuites", name="conform regrtest %s" % summary["run"]["impl"])
    suites: Dict[tuple, Any] = {}
    counts: Dict[tuple, Dict[str, int]] = {}
    for r in read_results(run_path):
        if r.get("layer") != "regrtest":
            continue
        key = (r["module"], r["version"])
        if key not in suites:
            suites[key] = ElementTree.SubElement(root, "testsuite",
                                                 name="%s (%s)" % (r["module"], r["version"]))
            counts[key] = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
        classname, _, name = r["case"].rpartition(".")
        case = ElementTree.SubElement(suites[key], "testcase",
                                      classname="%s.%s" % (r["version"], classname or r["case"]),
                                      name=name or r["case"],
                                      time="%.4f" % ((r.get("seconds") or {}).get("impl") or 0))
        counts[key]["tests"] += 1
        got, ref = r["outcomes"]["impl"], r["outcomes"]["cpython"]
        message = "%s under %s, %s under CPython %s" % (got, r.get("impl"), ref, r["version"])
        if r["verdict"] == "crash":
            counts[key]["errors"] += 1
            node = ElementTree.SubElement(case, "error", message=message, type=got)
            node.text = r["details"]["impl"]
        elif r["verdict"] != "pass":
            counts[key]["failures"] += 1
            node = ElementTree.SubElement(case, "failure", message=message, type=got)
            node.text = "implementation:\n%s\n\nCPython:\n%s" % (r["details"]["impl"],
                                                                 r["details"]["cpython"])
        elif got == "skip":
            counts[key]["skipped"] += 1
            ElementTree.SubElement(case, "skipped", message=_one_line(r["details"]["cpython"]))
    for key, suite in suites.items():
        for name, value in counts[key].items():
            suite.set(name, str(value))
    return '<?xml version="1.0" encoding="utf-8"?>\n' + \
        ElementTree.tostring(root, encoding="unicode") + "\n"


def write(run_path: str, summary: Dict[str, Any]) -> Dict[str, str]:
    """Write the three outputs into the run's folder; returns their paths."""
    paths = {"markdown": os.path.join(run_path, "regrtest.md"),
             "json": os.path.join(run_path, "regrtest.json"),
             "junit": os.path.join(run_path, "regrtest-junit.xml")}
    write_atomic(paths["markdown"], render_markdown(summary).encode("utf-8"))
    write_json_atomic(paths["json"], summary)
    write_atomic(paths["junit"], render_junit(run_path, summary).encode("utf-8"))
    return paths

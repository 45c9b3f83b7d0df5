"""``summary.md``: the summary as Markdown, for a CI job summary."""

from __future__ import annotations

from typing import Any, Dict, List

from . import distribution_notes


def _fraction(cell: Dict[str, Any]) -> str:
    if not cell["total"]:
        return "–"
    text = "%d/%d" % (cell["pass"], cell["total"])
    extras = []
    if cell["known"]:
        extras.append("%d known" % cell["known"])
    if cell["not_implemented"]:
        extras.append("%d n/i" % cell["not_implemented"])
    if cell["oracle_error"]:
        extras.append("%d oracle err" % cell["oracle_error"])
    return text + (" (%s)" % ", ".join(extras) if extras else "")


def matrix_rows(summary: Dict[str, Any], key: str) -> List[List[str]]:
    return [[name] + [_fraction(row[v]) for v in summary["versions"]]
            for name, row in summary[key].items()]


def _table(header: List[str], rows: List[List[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def render(summary: Dict[str, Any]) -> str:
    run = summary["run"]
    totals = summary["totals"]
    out = [
        "# pyconform conformance report",
        "",
        "Run `%s` (%s, %s) of `%s`: %d judgements, %d pass, %d known differences, "
        "%d diverge, %d crash, %d not implemented, %d oracle errors." % (
            run.get("id"), run.get("kind"), run.get("status"), run.get("impl"),
            totals["total"], totals["pass"], totals["known"], totals["diverge"],
            totals["crash"], totals["not_implemented"], totals["oracle_error"]),
    ]
    out += [""] + distribution_notes(summary) if summary.get("distribution") else []
    out += coverage_markdown(summary.get("coverage"))
    out += [
        "",
        "## Layer × version (pass/total)",
        "",
        _table(["layer"] + summary["versions"], matrix_rows(summary, "matrix")),
    ]
    if summary["features"]:
        out += ["", "## Feature × version (pass/total)", "",
                _table(["feature"] + summary["versions"], matrix_rows(summary, "features"))]
    changes = summary.get("changes")
    if changes and changes.get("previous"):
        out += ["", "## Changes since run `%s`" % changes["previous"], "",
                "%d new, %d %s, %d still failing (by %s)." % (
                    len(changes["new"]), len(changes["fixed"]),
                    "not seen" if changes["key"] == "signature" else "fixed",
                    len(changes["still"]), changes["key"])]
        out += ["- new: `%s` %s %s: %s" % (d["case"], d["layer"], d["version"],
                                          d["explanation"]) for d in changes["new"][:20]]
    if summary.get("signatures"):
        out += ["", "## Divergences by signature", ""]
        out += ["- `%s` × %d — `%s`" % (e["signature"], e["count"], e["reproduce"])
                for e in summary["signatures"][:30]]
    used = [k for k in summary["known_differences"] if k["used"]]
    if used:
        out += ["", "## Known differences applied", ""]
        out += ["- **%s** (%d): %s" % (k["name"], k["used"], k["reason"]) for k in used]
    if summary["not_implemented"]:
        out += ["", "## Not implemented", ""]
        out += ["- %d × %s" % (n["count"], n["reason"] or "(no reason given)")
                for n in summary["not_implemented"][:20]]
    if summary["divergences"]:
        out += ["", "## Divergences (first 50)", ""]
        out += ["- `%s` %s %s: %s" % (d["case"], d["layer"], d["version"], d["explanation"])
                for d in summary["divergences"][:50]]
    return "\n".join(out) + "\n"


def coverage_markdown(coverage: Any) -> List[str]:
    """The campaign's coverage of minivm (``conform fuzz --coverage``), if recorded."""
    if not coverage:
        return []
    out = ["", "## Coverage of minivm", "",
           "Lines reached: %d of %d measured (%s)." % (
               coverage["lines_hit"], coverage["lines_total"], coverage.get("mode", "plain")),
           "", _table(["module", "lines", "%"], [
               [m["module"], "%d/%d" % (m["hit"], m["total"]),
                "%.1f" % (100.0 * m["hit"] / m["total"] if m["total"] else 0.0)]
               for m in coverage["modules"]])]
    for version, row in sorted(coverage.get("handlers", {}).items()):
        out += ["", "Opcode handlers of %s: %d of %d run; never run: %s" % (
            version, row["run"], row["total"], ", ".join(row["never"]) or "none")]
    return out

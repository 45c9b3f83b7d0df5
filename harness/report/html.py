"""``index.html``: the summary as one self-contained page (no network, no scripts
from elsewhere).  Every piece of program or artifact text is escaped."""

from __future__ import annotations

from html import escape
from typing import Any, Dict, List

from . import distribution_notes

_STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 72em; color: #222; }
h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #ccc; padding: .3em .7em; text-align: center; }
th:first-child, td:first-child { text-align: left; }
td.full { background: #c8ecc8; } td.part { background: #fbe7b5; }
td.none { background: #f6c1c1; } td.ni { background: #e3e3e3; color: #555; }
td.empty { color: #aaa; }
td.left, th.left { text-align: left; }
.new { color: #a00; font-weight: bold; } .fixed { color: #070; font-weight: bold; }
code, pre { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #f5f5f5; padding: .6em; overflow-x: auto; }
.muted { color: #666; } .small { font-size: 12px; }
"""


def _cell_class(cell: Dict[str, Any]) -> str:
    if not cell["total"]:
        return "empty"
    judged = cell["total"] - cell["not_implemented"] - cell["oracle_error"]
    if judged == 0:
        return "ni"
    if cell["conforming"] == judged:
        return "full"
    return "part" if cell["conforming"] else "none"


def _cell(cell: Dict[str, Any]) -> str:
    if not cell["total"]:
        return '<td class="empty">–</td>'
    notes = []
    if cell["known"]:
        notes.append("%d known" % cell["known"])
    if cell["not_implemented"]:
        notes.append("%d not impl." % cell["not_implemented"])
    if cell["crash"]:
        notes.append("%d crash" % cell["crash"])
    if cell["oracle_error"]:
        notes.append("%d oracle err." % cell["oracle_error"])
    note = '<br><span class="small">%s</span>' % escape(", ".join(notes)) if notes else ""
    return '<td class="%s">%d/%d%s</td>' % (_cell_class(cell), cell["pass"], cell["total"], note)


def _matrix(summary: Dict[str, Any], key: str, label: str) -> str:
    head = "".join("<th>%s</th>" % escape(v) for v in summary["versions"])
    rows = []
    for name, row in summary[key].items():
        rows.append("<tr><td>%s</td>%s</tr>" % (
            escape(name), "".join(_cell(row[v]) for v in summary["versions"])))
    return "<table><tr><th>%s</th>%s</tr>%s</table>" % (escape(label), head, "".join(rows))


def render(summary: Dict[str, Any]) -> str:
    run = summary["run"]
    totals = summary["totals"]
    parts: List[str] = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>pyconform report %s</title><style>%s</style></head><body>" % (
            escape(str(run.get("id"))), _STYLE),
        "<h1>pyconform conformance report</h1>",
        "<p>Run <code>%s</code> (%s, %s) of <b>%s</b>. %d judgements: %d pass, %d known "
        "differences, %d diverge, %d crash, %d not implemented, %d oracle errors.</p>" % (
            escape(str(run.get("id"))), escape(str(run.get("kind"))),
            escape(str(run.get("status"))), escape(str(run.get("impl"))), totals["total"],
            totals["pass"], totals["known"], totals["diverge"], totals["crash"],
            totals["not_implemented"], totals["oracle_error"]),
        "<p class='muted small'>Cells show exact passes / total judged. Known differences, "
        "not implemented stages and oracle errors are counted apart, never as passes.</p>",
    ]
    parts += ["<p>%s</p>" % escape(note) for note in distribution_notes(summary)]
    parts += _coverage(summary.get("coverage"))
    parts += _changes(summary)
    parts += ["<h2>Layer × version</h2>", _matrix(summary, "matrix", "layer")]
    if summary["features"]:
        parts += ["<h2>Feature × version</h2>", _matrix(summary, "features", "feature")]
    parts.append("<h2>Known differences</h2><table><tr><th>name</th><th>layers</th>"
                 "<th>applied</th><th>why it is accepted</th></tr>")
    for entry in summary["known_differences"]:
        parts.append("<tr><td>%s</td><td>%s</td><td>%d</td><td style='text-align:left'>%s</td>"
                     "</tr>" % (escape(entry["name"]), escape(", ".join(entry["layers"])),
                                entry["used"], escape(entry["reason"])))
    parts.append("</table>")
    if summary["not_implemented"]:
        parts.append("<h2>Not implemented</h2><ul>")
        parts += ["<li>%d × %s</li>" % (n["count"], escape(n["reason"] or "(no reason)"))
                  for n in summary["not_implemented"][:50]]
        parts.append("</ul>")
    parts += _signatures(summary) + _history(summary)
    if summary["divergences"]:
        parts.append("<h2>All divergences</h2><table><tr><th>case</th><th>layer</th>"
                     "<th>version</th><th>explanation</th></tr>")
        for d in summary["divergences"][:500]:
            parts.append("<tr><td><code>%s</code></td><td>%s</td><td>%s</td>"
                         "<td style='text-align:left'>%s</td></tr>" % (
                             escape(d["case"]), escape(d["layer"]), escape(d["version"]),
                             escape(d["explanation"] or "")))
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _failure_rows(items: List[Dict[str, Any]], limit: int = 50) -> str:
    rows = ["<tr><td class='left'><code>%s</code></td><td>%s</td><td>%s</td>"
            "<td class='left'>%s</td></tr>" % (
                escape(str(d.get("case"))), escape(str(d.get("layer"))),
                escape(str(d.get("version"))), escape(str(d.get("explanation") or "")))
            for d in items[:limit]]
    more = "<p class='muted small'>and %d more</p>" % (len(items) - limit) \
        if len(items) > limit else ""
    return ("<table><tr><th>case</th><th>layer</th><th>version</th><th class='left'>"
            "explanation</th></tr>%s</table>%s" % ("".join(rows), more)) if items else ""


def _changes(summary: Dict[str, Any]) -> List[str]:
    changes = summary.get("changes")
    if not changes:
        return []
    if changes.get("previous") is None:
        return ["<h2>Changes</h2><p class='muted'>No earlier run of this kind and "
                "implementation to compare with: every failure is new.</p>"]
    fixed_word = "not seen" if changes["key"] == "signature" else "fixed"
    parts = ["<h2>Changes since run <code>%s</code></h2>" % escape(changes["previous"]),
             "<p><span class='new'>%d new</span>, <span class='fixed'>%d %s</span>, %d "
             "still failing (compared by %s).</p>" % (
                 len(changes["new"]), len(changes["fixed"]), fixed_word,
                 len(changes["still"]), escape(changes["key"]))]
    if changes["new"]:
        parts += ["<h3 class='new'>New</h3>", _failure_rows(changes["new"])]
    if changes["fixed"]:
        parts += ["<h3 class='fixed'>%s</h3>" % fixed_word.capitalize(),
                  _failure_rows(changes["fixed"])]
    return parts


def _signatures(summary: Dict[str, Any]) -> List[str]:
    entries = summary.get("signatures") or []
    if not entries:
        return []
    rows = ["<tr><td class='left'><a href='%s'><code>%s</code></a></td><td>%d</td>"
            "<td>%s</td><td class='left'>%s</td></tr>" % (
                escape(e["page"], quote=True), escape(e["signature"]), e["count"],
                "reduced" if e["reduced"] else "", escape(e["explanation"] or ""))
            for e in entries]
    return ["<h2>Divergences by signature</h2>",
            "<p class='muted small'>Each links to a page with the program, both sides "
            "side by side and the command that reproduces it.</p>",
            "<table><tr><th class='left'>signature</th><th>judgements</th><th>program</th>"
            "<th class='left'>first explanation</th></tr>%s</table>" % "".join(rows)]


def _history(summary: Dict[str, Any]) -> List[str]:
    runs = summary.get("history") or []
    if len(runs) < 1:
        return []
    rows = []
    for run in reversed(runs):
        totals = run.get("totals") or {}
        judged = totals.get("total", 0)
        share = "%.1f%%" % (100.0 * totals.get("conforming", 0) / judged) if judged else "–"
        rows.append("<tr><td class='left'><code>%s</code></td><td>%s</td><td>%s</td>"
                    "<td class='left'><code>%s</code></td><td>%d</td><td>%s</td><td>%d</td>"
                    "</tr>" % (escape(str(run.get("id"))), escape(str(run.get("kind"))),
                               escape(str(run.get("status"))), escape(str(run.get("impl"))),
                               judged, share, run.get("failures", 0)))
    return ["<h2>History</h2>",
            "<table><tr><th class='left'>run</th><th>kind</th><th>status</th>"
            "<th class='left'>implementation</th><th>judgements</th><th>conforming</th>"
            "<th>failures</th></tr>%s</table>" % "".join(rows)]


def _coverage(coverage: Any) -> List[str]:
    """The campaign's coverage of minivm: a row per module, handlers never run."""
    if not coverage:
        return []
    parts = ["<h2>Coverage of minivm</h2><p>Lines reached: %d of %d measured (%s).</p>" % (
        coverage["lines_hit"], coverage["lines_total"], escape(coverage.get("mode", "plain"))),
        "<table><tr><th>module</th><th>lines</th><th>%</th></tr>"]
    for m in coverage["modules"]:
        parts.append("<tr><td class='left'>%s</td><td>%d/%d</td><td>%.1f</td></tr>" % (
            escape(m["module"]), m["hit"], m["total"],
            100.0 * m["hit"] / m["total"] if m["total"] else 0.0))
    parts.append("</table>")
    for version, row in sorted(coverage.get("handlers", {}).items()):
        parts.append("<p>Opcode handlers of %s: %d of %d run; never run: %s</p>" % (
            escape(version), row["run"], row["total"],
            escape(", ".join(row["never"]) or "none")))
    return parts

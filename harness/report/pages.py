"""A page per divergence signature: the (reduced) program, CPython's artifact and
the implementation's side by side as a diff, and the command that reproduces it.

Pages live in ``reports/divergences/<hash>.html`` next to the program they show
(``<hash>.py``), named by the hash of the signature, as the regression corpus is:
when ``corpus/regressions/<hash>.py`` exists (a campaign reduced the divergence),
the page shows that reduced program.  Everything shown is escaped; pages load
nothing from anywhere.
"""

from __future__ import annotations

import difflib
import json
import os
import shlex
from html import escape
from typing import Any, Dict, List, Optional, Tuple

from ..results import read_meta, read_results, write_atomic

PAGE_LIMIT = 300
LINE_LIMIT = 1500
WIDTH_LIMIT = 3000
FOLDER = "divergences"

STYLE = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2em auto; max-width: 80em; color: #222; }
h1 { font-size: 1.3em; } h2 { font-size: 1.1em; margin-top: 1.6em; }
code, pre, table.diff { font: 12px/1.4 ui-monospace, monospace; }
pre { background: #f5f5f5; padding: .6em; overflow-x: auto; }
table.diff { border-collapse: collapse; width: 100%; }
table.diff td { padding: 0 .4em; vertical-align: top; white-space: pre-wrap; }
td.diff_header { color: #888; text-align: right; } .diff_next { display: none; }
.diff_add { background: #c8f0c8; } .diff_chg { background: #f6e7a8; }
.diff_sub { background: #f6c1c1; } .muted { color: #666; }
"""


def signature_hash(signature: str, impl: str = "") -> str:
    """The same name the regression corpus gives a signature of ``impl``."""
    from ..campaign import signature_hash as corpus_name
    return corpus_name(signature, impl)


def _signature(record: Dict[str, Any]) -> str:
    div = record.get("divergence") or {}
    return div.get("signature") or "%s|%s|%s" % (record["layer"], record["version"],
                                                 record["verdict"])


def _side_text(layer: str, artifact: Optional[Dict[str, Any]]) -> List[str]:
    """An artifact as lines to diff: a program run as status, stdout and stderr;
    anything else as indented JSON."""
    if not artifact:
        return ["(nothing recorded)"]
    if layer in ("exec", "refcount") and ("stdout" in artifact or "status" in artifact):
        lines = ["status: %s" % artifact.get("status"),
                 "exit status: %s" % artifact.get("exit_status"), "--- stdout"]
        lines += (artifact.get("stdout") or "").splitlines()
        lines.append("--- stderr")
        lines += (artifact.get("stderr") or "").splitlines()
    else:
        lines = json.dumps(artifact, indent=1, sort_keys=True, default=str).splitlines()
    if len(lines) > LINE_LIMIT:
        lines = lines[:LINE_LIMIT] + ["... (%d more lines)" % (len(lines) - LINE_LIMIT)]
    return [_clip(line) for line in lines]


def _clip(line: str) -> str:
    """A line cut to ``WIDTH_LIMIT`` characters: HtmlDiff wraps a long line by
    recursing once per wrapped row, so an unbounded line (a whole ``ast.dump``)
    would exhaust the recursion limit."""
    if len(line) <= WIDTH_LIMIT:
        return line
    return line[:WIDTH_LIMIT] + "... (%d more characters)" % (len(line) - WIDTH_LIMIT)


def side_by_side(layer: str, version: str, expected: Optional[dict],
                 actual: Optional[dict], impl: str) -> str:
    """An HTML table: CPython's artifact on the left, the implementation's on the
    right, changed lines marked (difflib escapes the text)."""
    differ = difflib.HtmlDiff(tabsize=4, wrapcolumn=72)
    return differ.make_table(_side_text(layer, expected), _side_text(layer, actual),
                             "CPython " + version, impl, context=True, numlines=4)


def _check_impl(impl: str) -> str:
    """What to pass to ``conform check --impl``: an ``oracle:3.X`` implementation
    of a campaign is the interpreter python3.X."""
    if impl.startswith("oracle:"):
        return "python" + impl.split(":", 1)[1]
    return impl.replace("{repo}/", "")


def reproduce_command(program: str, impl: str, version: str, layer: str) -> str:
    return "conform check %s --impl %s --versions %s --layers %s" % (
        shlex.quote(program), shlex.quote(_check_impl(impl)), version, layer)


def _regression(signature: str, impl: str,
                corpus: Optional[str]) -> Tuple[Optional[str], Optional[dict]]:
    if not corpus:
        from ..campaign import DEFAULT_CORPUS
        corpus = DEFAULT_CORPUS
    base = os.path.join(corpus, signature_hash(signature, impl))
    if not os.path.exists(base + ".py"):
        return None, None
    with open(base + ".py", encoding="utf-8", errors="replace") as handle:
        program = handle.read()
    try:
        with open(base + ".json", encoding="utf-8") as handle:
            sidecar = json.load(handle)
    except (OSError, ValueError):
        sidecar = None
    return program, sidecar


def write_pages(reports: str, run_path: str, summary: Dict[str, Any]) -> List[Dict[str, Any]]:
    """Write a page per signature of the run (at most ``PAGE_LIMIT``, the most
    frequent first) and return their index entries."""
    groups: Dict[str, List[Dict[str, Any]]] = {}
    for record in read_results(run_path):
        if record.get("verdict") in ("diverge", "crash"):
            groups.setdefault(_signature(record), []).append(record)
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    impl = str(summary["run"].get("impl") or "minivm")
    corpus = (read_meta(run_path).get("fuzz") or {}).get("corpus")
    folder = os.path.join(reports, FOLDER)
    entries = []
    for signature, records in ordered[:PAGE_LIMIT]:
        entries.append(_write_page(folder, signature, records, impl, corpus))
    return entries


def _write_page(folder: str, signature: str, records: List[dict], impl: str,
                corpus: Optional[str]) -> Dict[str, Any]:
    first = records[0]
    name = signature_hash(signature, impl)
    reduced, sidecar = _regression(signature, impl, corpus)
    program = reduced if reduced is not None else (first.get("source") or "")
    origin = first.get("origin") or ""
    program_path = os.path.join(folder, name + ".py")
    if reduced is None and origin and os.path.isfile(origin):
        shown_path = origin
    else:
        write_atomic(program_path, program.encode("utf-8"))
        shown_path = os.path.relpath(program_path)
        if shown_path.startswith(".."):
            shown_path = os.path.abspath(program_path)
    if first["layer"] == "regrtest":
        command = "conform regrtest --impl %s --versions %s --tests %s" % (
            shlex.quote(_check_impl(impl)), first["version"], first.get("module"))
    else:
        command = reproduce_command(shown_path, impl, first["version"], first["layer"])
    div = first.get("divergence") or {}
    explanation = div.get("explanation") or (first.get("detail") or "")[-600:]
    cases = sorted({r["case"] for r in records})
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>%s</title><style>%s</style></head><body>" % (escape(signature), STYLE),
        "<p><a href='../index.html'>&larr; report</a></p>",
        "<h1>Divergence <code>%s</code></h1>" % escape(signature),
        "<p>Layer <b>%s</b>, CPython <b>%s</b>, implementation <code>%s</code>: %d "
        "judgement(s) in this run.</p>" % (escape(first["layer"]), escape(first["version"]),
                                          escape(impl), len(records)),
        "<p>%s</p>" % escape(explanation),
        "<h2>Reproduce</h2><pre>%s</pre>" % escape(command),
        "<h2>%s</h2>" % ("Reduced program (%s.py in the regression corpus, %s "
                         "statements)" % (name, sidecar.get("statements") if sidecar
                                          else "?") if reduced is not None
            else "Program (%s)" % escape(first["case"])),
        "<pre>%s</pre>" % escape(program),
        "<h2>CPython and the implementation, side by side</h2>",
        "<p class='muted'>For the first case below (the program as generated, before "
        "any reduction).</p>",
        side_by_side(first["layer"], first["version"], first.get("expected"),
                     first.get("actual"), impl),
        "<h2>Cases</h2><p>%s%s</p>" % (", ".join("<code>%s</code>" % escape(c)
                                                 for c in cases[:50]),
                                       " and %d more" % (len(cases) - 50)
                                       if len(cases) > 50 else ""),
        "</body></html>\n",
    ]
    write_atomic(os.path.join(folder, name + ".html"), "\n".join(parts).encode("utf-8"))
    return {"signature": signature, "page": "%s/%s.html" % (FOLDER, name),
            "program": shown_path, "count": len(records), "layer": first["layer"],
            "version": first["version"], "explanation": explanation,
            "reproduce": command, "reduced": reduced is not None,
            "cases": cases[:20]}

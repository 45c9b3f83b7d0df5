"""Reports across runs: history, what changed since the previous comparable run,
a page per divergence signature, escaping, self-containment, the summary schema.

Runs are written with the real ``RunWriter``; their records have the shape
``runner.judge_case`` writes.  When chromium is installed the page is also
opened headless and must log no console error.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess

import pytest

from harness.report import render
from harness.results import RunWriter

HOSTILE = "<script>alert('x')</script> & \"quotes\""


def _record(case, verdict, layer="exec", version="3.12", stdout="1\n", got="2\n"):
    record = {"case": case, "version": version, "layer": layer, "impl": "python3.13",
              "verdict": verdict, "known": [], "divergence": None, "detail": "",
              "features": ["strings"], "origin": ""}
    if verdict == "diverge":
        signature = "%s|%s|stdout line N|%s" % (layer, version, case)
        record["divergence"] = {"layer": layer, "version": version, "program": case,
                                "path": "stdout line 1", "expected": stdout, "actual": got,
                                "explanation": "stdout line 1: %s" % HOSTILE,
                                "signature": signature}
        record["expected"] = {"status": "ok", "exit_status": 0, "stdout": stdout,
                              "stderr": ""}
        record["actual"] = {"status": "ok", "exit_status": 0, "stdout": got, "stderr": ""}
        record["source"] = "print(%r)  # %s\n" % (case, HOSTILE)
    return record


def _run(reports, run_id, records):
    writer = RunWriter(str(reports), "check", {"impl": "python3.13", "layers": ["exec"],
                                               "versions_order": ["3.12"]}, run_id=run_id)
    writer.add_many(records)
    writer.finish("complete")


@pytest.fixture()
def two_runs(tmp_path):
    _run(tmp_path, "20260101-000000-aaaa", [_record("a.py", "diverge"),
                                            _record("b.py", "diverge"),
                                            _record("c.py", "pass")])
    _run(tmp_path, "20260102-000000-bbbb", [_record("a.py", "pass"),
                                            _record("b.py", "diverge"),
                                            _record("c.py", "diverge", got=HOSTILE)])
    paths = render(str(tmp_path))
    return tmp_path, paths


def test_changes_since_the_previous_run(two_runs):
    reports, paths = two_runs
    summary = json.loads(open(paths["json"]).read())
    changes = summary["changes"]
    assert changes["previous"] == "20260101-000000-aaaa"
    assert [d["case"] for d in changes["new"]] == ["c.py"]
    assert [d["case"] for d in changes["fixed"]] == ["a.py"]
    assert [d["case"] for d in changes["still"]] == ["b.py"]
    assert [run["id"] for run in summary["history"]] == ["20260101-000000-aaaa",
                                                          "20260102-000000-bbbb"]
    assert summary["history"][0]["failures"] == 2


def test_a_page_per_signature_with_program_diff_and_command(two_runs):
    reports, paths = two_runs
    summary = json.loads(open(paths["json"]).read())
    assert len(summary["signatures"]) == 2
    for entry in summary["signatures"]:
        page = open(os.path.join(str(reports), entry["page"]), encoding="utf-8").read()
        assert "conform check" in page and "--versions 3.12 --layers exec" in page
        assert "<table class=\"diff\"" in page          # both sides, side by side
        assert "&lt;script&gt;" in page
        assert os.path.exists(entry["program"]) or os.path.exists(
            os.path.join(str(reports), "divergences", os.path.basename(entry["program"])))


def test_all_program_text_is_escaped_and_nothing_is_loaded(two_runs):
    reports, paths = two_runs
    pages = [paths["html"]] + [os.path.join(str(reports), "divergences", name)
                               for name in os.listdir(os.path.join(str(reports), "divergences"))
                               if name.endswith(".html")]
    for path in pages:
        text = open(path, encoding="utf-8").read()
        assert "<script>" not in text, path
        assert not re.search(r"(src|href)\s*=\s*['\"]?(https?:)?//", text), path
        assert "@import" not in text and "url(" not in text


def test_summary_json_follows_the_documented_schema(two_runs):
    reports, paths = two_runs
    summary = json.loads(open(paths["json"]).read())
    doc = open(os.path.join(os.path.dirname(__file__), "..", "docs", "summary-schema.md"),
               encoding="utf-8").read()
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", doc, re.M))
    assert set(summary) <= documented, set(summary) - documented
    assert summary["schema"] == 2
    cell = summary["matrix"]["exec"]["3.12"]
    assert cell["total"] == 3 and cell["pass"] == 1 and cell["diverge"] == 2


def test_the_report_opens_in_headless_chromium_without_console_errors(two_runs, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("chromium not installed (see docs/fuzzing.md for the manual check)")
    reports, paths = two_runs
    shot = tmp_path / "shot.png"
    proc = subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--disable-background-networking", "--enable-logging=stderr", "--v=0",
         "--window-size=1200,1600", "--screenshot=%s" % shot,
         "file://" + os.path.abspath(paths["html"])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    log = proc.stderr.decode("utf-8", "replace")
    assert shot.exists() and shot.stat().st_size > 10000, log[-2000:]
    console = [line for line in log.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []


def test_a_side_by_side_of_one_enormous_line_renders():
    """An ast layer's artifact is one ``ast.dump`` line; difflib's wrapping of it used
    to recurse past the limit."""
    from harness.report.pages import side_by_side
    dump = "Module(body=[%s])" % ", ".join("Expr(value=Constant(value=%d))" % i
                                           for i in range(20000))
    table = side_by_side("ast", "3.12", {"dump": dump}, {"dump": dump + "x"}, "minivm")
    assert 0 < len(table) < len(dump) // 4  # clipped, not the whole dump twice over

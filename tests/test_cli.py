"""``conform`` from the outside: exit statuses, clear errors, runs and reports.

The implementations under test here are real interpreters (``--impl python3.X``),
so the expected verdicts follow from CPython's own behaviour: the same version
conforms to itself; 3.8 lacks the dict union operator that 3.9 has.
"""

from __future__ import annotations

import json

import pytest

from harness.cli import main
from harness.oracle import ALL_VERSIONS

from .conftest import HOST_VERSION


@pytest.fixture()
def program(tmp_path):
    path = tmp_path / "union.py"
    path.write_text("a = {'x': 1}\nprint(a | {'y': 2})\n")
    return str(path)


def _run(argv, reports):
    return main(argv + ["--reports", str(reports), "--quiet", "--workers", "1"])


def test_versions_lists_all_six(capsys):
    assert main(["versions"]) == 0
    out = capsys.readouterr().out
    for version in ALL_VERSIONS:
        assert "\n%s " % version in out


def test_versions_site_reports_what_site_packages_do_at_startup(tmp_path, capsys):
    """A sitecustomize that registers an atexit callback and imports a module shows
    as one more callback and that module; ``conform versions --site`` prints what
    the installation itself does."""
    import os
    from harness.oracle import find_interpreter, site_startup
    python = find_interpreter(HOST_VERSION).path
    (tmp_path / "sitecustomize.py").write_text(
        "import atexit, colorsys\natexit.register(print)\n")
    own = site_startup(python)
    customized = site_startup(python, dict(os.environ, PYTHONPATH=str(tmp_path)))
    assert customized["atexit"] == own["atexit"] + 1
    assert "colorsys" in customized["modules"] and "colorsys" not in own["modules"]
    assert main(["versions", "--site", "--versions", HOST_VERSION]) == 0
    out = capsys.readouterr().out
    assert ("%s: %d atexit callback(s)" % (HOST_VERSION, own["atexit"]) in out) == \
        bool(own["atexit"] or own["modules"])


def test_an_interpreter_conforms_to_its_own_version(program, tmp_path):
    status = _run(["check", program, "--impl", "python" + HOST_VERSION,
                   "--versions", HOST_VERSION], tmp_path)
    assert status == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["matrix"]["exec"][HOST_VERSION]["pass"] == 1
    assert (tmp_path / "index.html").exists() and (tmp_path / "summary.md").exists()


def test_a_behaviour_difference_between_versions_is_a_divergence(program, tmp_path, capsys):
    status = _run(["check", program, "--impl", "python3.9", "--versions", "3.8,3.9"], tmp_path)
    assert status == 1
    out = capsys.readouterr().out
    assert "[exec 3.8]" in out and "TypeError" in out
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["matrix"]["exec"]["3.9"]["pass"] == 1
    assert summary["matrix"]["exec"]["3.8"]["diverge"] == 1


def test_program_text_is_escaped_in_the_html_report(tmp_path):
    path = tmp_path / "x.py"
    path.write_text("print('<script>alert(1)</script>')\nraise SystemExit(3)\n")
    _run(["check", str(path), "--impl", "python3.9", "--versions", "3.8"], tmp_path)
    html = (tmp_path / "index.html").read_text()
    assert "<script>" not in html


@pytest.mark.parametrize("argv, message", [
    (["check", "/no/such/file.py"], "no such file or directory"),
    (["check", "{program}", "--layers", "bogus"], "unknown layer 'bogus'"),
    (["check", "{program}", "--versions", "3.7"], "unknown version '3.7'"),
    (["check", "{program}", "--impl", "no-such-python-here"], "is not on PATH"),
    (["check", "{program}", "--impl", "python3.9", "--layers", "code"],
     "can be tested on the layers exec,refcount only"),
    (["check", "{program}", "--python", "3.12=/nonexistent/python"], "no CPython 3.12 found"),
    (["report", "--run", "missing-run"], "no run 'missing-run'"),
])
def test_usage_errors_exit_2_with_a_specific_message(argv, message, program, tmp_path, capsys):
    argv = [a.replace("{program}", program) for a in argv]
    if argv[0] == "report":
        status = main(argv + ["--reports", str(tmp_path)])
    else:
        status = _run(argv, tmp_path)
    assert status == 2
    assert message in capsys.readouterr().err

"""Fuzz campaigns: the planted divergence is found and reduced, an interrupted
campaign resumes where it stopped, the same seed judges the same cases.

The implementation with the planted bug is ``tests/impls/wrong_operator.py``:
CPython of the host's version except that ``a - b`` is one too large when both
are ints and ``b % 5 == 2``.  Every expectation comes from running programs on
the real interpreter (the oracle) and on that implementation.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from harness.campaign import (Campaign, FuzzSettings, load_regressions,
                              replay_regression)
from harness.cli import main
from harness.oracle import find_interpreter
from harness.results import read_meta, read_results

from .conftest import HOST_VERSION

# Beside this file, not under harness.impl.REPO: under tox the harness is installed
# into site-packages, and REPO is where it was installed.
WRONG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "impls", "wrong_operator.py")


def planted_impl() -> str:
    return "%s %s" % (find_interpreter(HOST_VERSION).path, WRONG)


def planted_campaign(tmp_path, features, seconds=60.0) -> Campaign:
    settings = FuzzSettings(seed=7, versions=[HOST_VERSION], layers=["exec", "refcount"],
                            impl=planted_impl(), seconds=seconds, workers=1,
                            features=features, reduce_seconds=60, reduce_limit=2,
                            corpus=str(tmp_path / "corpus"))
    return Campaign(settings, str(tmp_path / "reports"), progress=False,
                    on_finding=lambda finding: "stdout" in finding.signature)


def check_planted(campaign: Campaign, oracle_pool) -> None:
    result = campaign.run()
    assert result.status == "complete"
    assert campaign.found_after is not None and campaign.found_after < 60.0
    planted = [f for f in result.findings.values() if "stdout" in f.signature]
    assert planted, sorted(result.findings)
    finding = planted[0]
    assert finding.regression and finding.statements is not None
    assert finding.statements <= 5, open(finding.regression).read()
    print("planted divergence on %s: found after %.1f s, reduced from %s to %s statements"
          % (HOST_VERSION, campaign.found_after, finding.original_statements,
             finding.statements))
    # What is kept still diverges, with the same signature, when replayed.
    saved = dict(load_regressions(os.path.dirname(finding.regression)))
    assert finding.signature in replay_regression(oracle_pool, finding.regression,
                                                  saved[finding.regression])
    # Findings are deduplicated: one per signature, counting every divergent record.
    records = read_results(result.run_path)
    divergent = [r for r in records if r["verdict"] in ("diverge", "crash")]
    assert sum(f.count for f in result.findings.values()) == len(divergent)


def test_planted_divergence_is_found_and_reduced_fast(tmp_path, oracle_pool):
    """The fast variant: programs of integer arithmetic only."""
    check_planted(planted_campaign(tmp_path, ["int-arithmetic", "loops"]), oracle_pool)


@pytest.mark.slow
def test_planted_divergence_is_found_and_reduced_among_all_features(tmp_path, oracle_pool):
    check_planted(planted_campaign(tmp_path, None), oracle_pool)


def _fuzz_argv(reports, *extra):
    return ["fuzz", "--impl", "oracle:" + HOST_VERSION, "--versions", HOST_VERSION,
            "--seed", "5", "--workers", "1", "--reports", str(reports), "--corpus", "none",
            "--quiet", "--no-report"] + list(extra)


def _judgements(run_path):
    return sorted((r["case"], r["version"], r["layer"], r["verdict"])
                  for r in read_results(run_path))


def test_a_killed_campaign_resumes_and_loses_nothing(tmp_path):
    cases = 24
    reports = tmp_path / "killed"
    argv = [sys.executable, "-m", "harness.cli"] + _fuzz_argv(reports, "--cases", str(cases))
    proc = subprocess.Popen(argv, cwd=str(tmp_path), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    results_file = None
    while time.monotonic() < deadline:
        runs = reports / "runs"
        found = list(runs.glob("*/results.jsonl")) if runs.exists() else []
        if found and found[0].read_bytes().count(b"\n") >= 6:
            results_file = found[0]
            break
        if proc.poll() is not None:
            pytest.fail("the campaign ended before it was killed: %s" % proc.stderr.read())
        time.sleep(0.05)
    assert results_file is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    run_path = results_file.parent
    before = read_results(str(run_path))
    assert 0 < len({r["case"] for r in before}) < cases
    assert main(_fuzz_argv(reports, "--resume", run_path.name)) == 0
    after = read_results(str(run_path))
    judged = [(r["case"], r["version"], r["layer"]) for r in after]
    assert len(judged) == len(set(judged)), "a case was judged twice"
    assert len({r["case"] for r in after}) == cases
    assert read_meta(str(run_path))["status"] == "complete"
    # The resumed campaign judged exactly what an uninterrupted one judges.
    fresh = tmp_path / "fresh"
    assert main(_fuzz_argv(fresh, "--cases", str(cases))) == 0
    fresh_run = next((fresh / "runs").iterdir())
    assert _judgements(str(run_path)) == _judgements(str(fresh_run))


def test_conform_reduce_shrinks_a_divergent_file(tmp_path, capsys):
    program = tmp_path / "prog.py"
    program.write_text("values = [1, 2, 3]\nlabel = 'x'\nfor v in values:\n"
                       "    print(label, v * 2)\nprint(len(values), 30 - 12)\n"
                       "print(sorted(values))\n")
    out = tmp_path / "small.py"
    status = main(["reduce", str(program), "--impl", planted_impl(), "--versions",
                   HOST_VERSION, "--layers", "exec", "-o", str(out), "--save",
                   "--corpus", str(tmp_path / "corpus")])
    assert status == 1
    reduced = out.read_text()
    assert "30 - 12" in reduced or "- 12" in reduced
    assert reduced.count("\n") <= 2, reduced
    (sidecar_path,) = (tmp_path / "corpus").glob("*.json")
    sidecar = json.loads(sidecar_path.read_text())
    assert sidecar["layer"] == "exec" and sidecar["status"] == "open"


def test_a_conforming_file_has_nothing_to_reduce(tmp_path, capsys):
    program = tmp_path / "prog.py"
    program.write_text("print(1 + 1)\n")
    assert main(["reduce", str(program), "--impl", planted_impl(), "--versions",
                 HOST_VERSION, "--layers", "exec"]) == 0
    assert "no divergence" in capsys.readouterr().err


@pytest.mark.parametrize("extra,message", [
    (["--features", "no-such-tag"], "unknown feature tags"),
    (["--generator", "grammar"], "--generator"),
    (["--seconds", "0"], "positive"),
    (["--impl", "oracle:3.99"], "3.99"),
])
def test_fuzz_usage_errors_are_reported_plainly(tmp_path, capsys, extra, message):
    assert main(_fuzz_argv(tmp_path) + extra) == 2
    assert message in capsys.readouterr().err


def test_resuming_a_run_that_is_not_a_campaign_is_refused(tmp_path, capsys):
    program = tmp_path / "p.py"
    program.write_text("print(1)\n")
    assert main(["check", str(program), "--impl", "python" + HOST_VERSION, "--versions",
                 HOST_VERSION, "--reports", str(tmp_path), "--quiet", "--no-report",
                 "--workers", "1"]) == 0
    run_id = next((tmp_path / "runs").iterdir()).name
    assert main(_fuzz_argv(tmp_path, "--resume", run_id)) == 2
    assert "not a fuzz campaign" in capsys.readouterr().err

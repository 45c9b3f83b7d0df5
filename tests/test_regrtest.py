"""``conform regrtest``: real runs of real interpreters, no mocks.

Expectations come from the interpreters at test time: a direct run of the recorder
under CPython gives the outcomes a run must report for CPython's side, the fake
package ``tests/regrtest_fake`` declares the outcome of each of its tests, and a
verdict must follow from the two outcomes it pairs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from xml.etree import ElementTree

import pytest

from harness import oracle, regrtest
from harness.cli import main
from harness.report import regrtest as regrtest_report
from harness.results import list_runs, read_meta, read_results, write_json_atomic

HOST = "%d.%d" % sys.version_info[:2]
HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = {"regrtest_fake": os.path.join(HERE, "regrtest_fake")}
FAKE_CASES = "regrtest_fake.fake_cases"
from tests.regrtest_fake import fake_cases  # noqa: E402 - the package's own EXPECTED

pytestmark = pytest.mark.oracle


def _interpreter(version):
    try:
        return oracle.find_interpreter(version)
    except oracle.InterpreterNotFound:
        pytest.skip("no CPython %s" % version)


def _host_side():
    return regrtest.Side("cpython", [sys.executable], regrtest.base_environment())


def direct_run(interpreter, module, tmp_path):
    """The recorder run by hand under ``interpreter``: id -> outcome."""
    out = tmp_path / ("direct-%s-%s.jsonl" % (interpreter.version, module))
    subprocess.run([interpreter.path, regrtest.RECORDER, "test." + module, str(out)],
                   cwd=str(tmp_path), env=regrtest.base_environment(), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300)
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert lines[-1] == {"done": True}
    return {line["id"]: line["outcome"] for line in lines if "id" in line}


def _regrtest(tmp_path, *args):
    return main(["regrtest", "--reports", str(tmp_path / "reports"), "--quiet", *args])


def _only_run(tmp_path):
    (run,) = list_runs(str(tmp_path / "reports"))
    return run


def _check_verdicts(records):
    for r in records:
        got, ref = r["outcomes"]["impl"], r["outcomes"]["cpython"]
        want = "pass" if got == ref else "crash" if got in ("crash", "timeout") else "diverge"
        assert r["verdict"] == want, r


# -- the recorder, on the fake package ----------------------------------------------------------


def test_fake_module_every_outcome_crash_and_hang_attributed():
    result = regrtest.run_side(_host_side(), FAKE_CASES, FAKE, timeout=2)
    prefix = FAKE_CASES + ".Cases."
    got = {k[len(prefix):]: v["outcome"] for k, v in result.tests.items()
           if k.startswith(prefix)}
    assert got == fake_cases.EXPECTED
    # One process until the crash, one until the hang, one to the end.
    assert result.attempts == 3
    assert "exit status 3" in result.tests[prefix + "test_h_crash"]["detail"]
    assert "timeout" in result.tests[prefix + "test_j_hang"]["detail"]
    assert "planted failure" in result.tests[prefix + "test_b_fail"]["detail"]
    assert "(i=1)" in result.tests[prefix + "test_g_subtest_fails"]["detail"]
    fixture = [k for k in result.tests if k.startswith("setUpClass")]
    assert len(fixture) == 1 and result.tests[fixture[0]]["outcome"] == "error"
    assert "planted setUpClass error" in result.tests[fixture[0]]["detail"]
    assert not any("test_never_runs" in k for k in result.tests)


def test_timeout_bounds_each_test_not_the_module():
    result = regrtest.run_side(_host_side(), "regrtest_fake.fake_slow", FAKE, timeout=2)
    assert result.attempts == 1 and result.seconds > 3
    assert [v["outcome"] for v in result.tests.values()] == ["pass"] * 4


def test_module_import_error_and_import_skip_are_one_record():
    broken = regrtest.run_side(_host_side(), "regrtest_fake.fake_import_error", FAKE, 30)
    assert list(broken.tests) == ["regrtest_fake.fake_import_error"]
    (only,) = broken.tests.values()
    assert only["outcome"] == "error" and "planted import error" in only["detail"]
    skipped = regrtest.run_side(_host_side(), "regrtest_fake.fake_import_skip", FAKE, 30)
    assert [v["outcome"] for v in skipped.tests.values()] == ["skip"]


def test_death_between_tests_is_a_module_record_and_the_module_goes_on():
    result = regrtest.run_side(_host_side(), "regrtest_fake.fake_between", FAKE, 30)
    assert {k: v["outcome"] for k, v in result.tests.items()} == {
        "regrtest_fake.fake_between.A.test_first": "pass",
        "regrtest_fake.fake_between": "crash",
        "regrtest_fake.fake_between.B.test_second": "pass"}
    detail = result.tests["regrtest_fake.fake_between"]["detail"]
    assert "outside any test, after regrtest_fake.fake_between.A.test_first" in detail
    assert "exit status 4" in detail and result.attempts == 2


def test_restart_after_a_test_the_module_no_longer_has_is_lost_not_rerun(tmp_path):
    folder = regrtest.prepare_folder(FAKE)
    try:
        attempt = regrtest.run_attempt(_host_side(), FAKE_CASES, folder, 0,
                                       "regrtest_fake.fake_cases.Cases.test_gone", 30)
    finally:
        shutil.rmtree(folder)
    assert attempt.ending == "lost"
    assert not any("started" in line for line in attempt.lines)


def test_fake_module_judged_against_itself_passes():
    side = _host_side()
    ref = regrtest.run_side(side, FAKE_CASES, FAKE, timeout=2)
    got = regrtest.run_side(side, FAKE_CASES, FAKE, timeout=2)
    records = regrtest.judge("fake_cases", HOST, "self", ref, got)
    assert [r["verdict"] for r in records] == ["pass"] * len(ref.tests)
    assert records[-1]["last"] and not any(r.get("last") for r in records[:-1])


# -- conform regrtest on Lib/test ---------------------------------------------------------------


def test_same_interpreter_as_reference_passes_and_reports(tmp_path):
    cpython = _interpreter(HOST)
    status = _regrtest(tmp_path, "--impl", "python" + HOST, "--versions", HOST,
                       "--tests", "test_bool,test_int_literal", "--jobs", "2")
    run = _only_run(tmp_path)
    records = read_results(run)
    _check_verdicts(records)
    assert status == (0 if all(r["verdict"] == "pass" for r in records) else 1)
    markdown = open(os.path.join(run, "regrtest.md"), encoding="utf-8").read()
    junit = ElementTree.parse(os.path.join(run, "regrtest-junit.xml")).getroot()
    assert sum(int(s.get("tests")) for s in junit) == len(records)
    for module in ("test_bool", "test_int_literal"):
        direct = direct_run(cpython, module, tmp_path)
        mine = {r["case"]: r["outcomes"]["cpython"] for r in records if r["module"] == module}
        assert mine == direct
        passed = sum(1 for o in direct.values() if o == "pass")
        impl_passed = sum(1 for r in records if r["module"] == module
                          and r["outcomes"]["cpython"] == "pass"
                          and r["outcomes"]["impl"] == "pass")
        assert "| %s | %d/%d (CPython %d/%d)" % (module, impl_passed, passed, passed,
                                                 len(direct)) in markdown
    assert read_meta(run)["kind"] == "regrtest"
    summary = json.load(open(os.path.join(run, "regrtest.json"), encoding="utf-8"))
    assert summary["totals"][HOST]["total"] == len(records)


def test_another_version_runs_the_target_versions_tests(tmp_path):
    cpython = _interpreter(HOST)
    other = "3.12" if HOST != "3.12" else "3.13"
    impl = _interpreter(other)
    status = _regrtest(tmp_path, "--impl", "python" + other, "--versions", HOST,
                       "--tests", "test_bool", "--jobs", "1")
    run = _only_run(tmp_path)
    records = read_results(run)
    _check_verdicts(records)
    assert status == (0 if all(r["verdict"] == "pass" for r in records) else 1)
    commands = read_meta(run)["regrtest"]["commands"][HOST]
    assert commands["impl"] == impl.path and commands["cpython"] == cpython.path
    direct = direct_run(cpython, "test_bool", tmp_path)
    impl_ids = {r["case"] for r in records if r["outcomes"]["impl"] != regrtest.ABSENT}
    # The target's test_bool ran under the other interpreter: its ids, unless the
    # other version could not import it at all (one module record then).
    assert impl_ids == set(direct) or impl_ids == {"test.test_bool"}


def test_interrupted_run_resumes_without_repeating(tmp_path):
    _interpreter(HOST)
    _regrtest(tmp_path, "--impl", "python" + HOST, "--versions", HOST,
              "--tests", "test_bool,test_int_literal", "--jobs", "1")
    run = _only_run(tmp_path)
    whole = read_results(run)
    first = whole[0]["module"]
    cut = [r for r in whole if r["module"] == first]
    cut += [r for r in whole if r["module"] != first][:2]   # a pair cut off half-way
    with open(os.path.join(run, "results.jsonl"), "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in cut)
        handle.write('{"case": "torn')
    meta = read_meta(run)
    meta["status"] = "interrupted"
    write_json_atomic(os.path.join(run, "meta.json"), meta)
    status = _regrtest(tmp_path, "--resume", os.path.basename(run), "--jobs", "1")
    again = read_results(run)
    assert sorted(r["case"] for r in again) == sorted(r["case"] for r in whole)
    assert read_meta(run)["status"] == "complete"
    assert status in (0, 1)


def test_diff_against_the_previous_run_of_the_same_impl(tmp_path):
    _interpreter(HOST)
    args = ("--impl", "python" + HOST, "--versions", HOST, "--tests", "test_int_literal")
    _regrtest(tmp_path, *args)
    earlier = _only_run(tmp_path)
    rows = read_results(earlier)
    rows[0]["verdict"] = "diverge"    # then it differed; now it must be newly passing
    with open(os.path.join(earlier, "results.jsonl"), "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r) + "\n" for r in rows)
    time.sleep(1.1)   # run ids sort by the second they start in, then at random
    _regrtest(tmp_path, *args)
    later = list_runs(str(tmp_path / "reports"))[-1]
    now = read_results(later)
    summary = regrtest_report.build(later, str(tmp_path / "reports"))
    passing = [e["id"] for e in summary["changes"]["newly_passing"]]
    assert passing == ([rows[0]["case"]] if now[0]["verdict"] == "pass" else [])
    assert summary["changes"]["previous"] == read_meta(earlier)["id"]
    markdown = regrtest_report.render_markdown(summary)
    assert "Changes since run `%s`" % read_meta(earlier)["id"] in markdown


def test_unknown_module_and_missing_interpreter_are_clear_errors(tmp_path, capsys):
    _interpreter(HOST)
    assert _regrtest(tmp_path, "--versions", HOST, "--tests", "test_boool") == 2
    err = capsys.readouterr().err
    assert "no test module test_boool" in err and "test_bool" in err
    assert _regrtest(tmp_path, "--versions", HOST, "--tests", "test_bool",
                     "--python", "%s=/nonexistent/python" % HOST) == 2
    assert "no CPython %s found" % HOST in capsys.readouterr().err
    assert _regrtest(tmp_path, "--versions", HOST, "--tests", "test_bool",
                     "--impl", "no-such-python-here") == 2
    assert "no-such-python-here" in capsys.readouterr().err
    assert not os.path.isdir(str(tmp_path / "reports" / "runs"))


def test_tests_from_a_file(tmp_path):
    listing = tmp_path / "modules.txt"
    listing.write_text("# chosen\ntest_bool\ntest.test_int_literal\n\ntest_bool\n")
    assert regrtest.parse_tests("@%s" % listing) == ["test_bool", "test_int_literal"]
    assert regrtest.parse_tests("test_dict, test_list") == ["test_dict", "test_list"]


# -- minivm -------------------------------------------------------------------------------------


def _minivm_side(version):
    cpython = _interpreter(version)
    from harness.stdlib import stdlib_dir
    return regrtest.impl_side("minivm", version, cpython, stdlib_dir(cpython))


def test_minivm_fake_module_crash_and_hang_attributed_and_restarted():
    side = _minivm_side(HOST)
    # The limit also bounds minivm's start-up (unittest and its imports), which took
    # over 8 s on a loaded CI machine: the hang then costs 20 s.
    result = regrtest.run_side(side, FAKE_CASES, FAKE, timeout=20)
    prefix = FAKE_CASES + ".Cases."
    # os._exit(3) ends minivm's process as it ends CPython's
    assert result.tests[prefix + "test_h_crash"]["outcome"] == "crash"
    assert "exit status 3" in result.tests[prefix + "test_h_crash"]["detail"]
    assert result.tests[prefix + "test_i_after_crash"]["outcome"] == "pass"
    assert result.tests[prefix + "test_j_hang"]["outcome"] == "timeout"
    assert result.tests[prefix + "test_k_after_hang"]["outcome"] == "pass"
    assert result.tests[prefix + "test_a_pass"]["outcome"] == "pass"


def test_minivm_test_bool(tmp_path):
    version = "3.12"
    cpython = _interpreter(version)
    status = _regrtest(tmp_path, "--versions", version, "--tests", "test_bool",
                       "--jobs", "1", "--timeout", "120")
    run = _only_run(tmp_path)
    records = read_results(run)
    _check_verdicts(records)
    assert status == (0 if all(r["verdict"] == "pass" for r in records) else 1)
    assert {r["case"]: r["outcomes"]["cpython"] for r in records} == \
        direct_run(cpython, "test_bool", tmp_path)
    assert "-m minivm --target 3.12 run" in read_meta(run)["regrtest"]["commands"][version][
        "impl"]
    for r in records:
        if r["outcomes"]["impl"] == "crash":
            assert r["details"]["impl"].startswith("the process died")

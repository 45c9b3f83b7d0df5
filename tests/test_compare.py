"""The comparator framework: strict first differences, known differences kept
apart from passes, and explanations that name both values."""

from __future__ import annotations

from harness import known
from harness.compare import (COMPARATORS, DIVERGE, KNOWN, PASS, first_difference,
                             stored_code_fields)


def test_first_difference_is_type_strict():
    assert first_difference([1, 2], [1, 2]) is None
    assert first_difference({"a": 1}, {"a": True}).path == "a"
    assert first_difference({"a": 1}, {"a": 1.0}).path == "a"


def test_first_difference_reports_the_first_index_and_missing_keys():
    diff = first_difference({"t": [1, 2, 3]}, {"t": [1, 5, 6]})
    assert (diff.path, diff.expected, diff.actual) == ("t[1]", 2, 5)
    diff = first_difference({"t": [1]}, {"t": [1, 2]})
    assert diff.path == "t[1]" and diff.expected == "<end>"
    assert first_difference({"a": 1}, {}).actual == "<missing>"


def _run(stdout, stderr="", status="ok", exit_status=0):
    return {"status": status, "exit_status": exit_status, "stdout": stdout, "stderr": stderr}


def test_memory_addresses_are_a_known_difference_never_a_pass():
    exec_ = COMPARATORS["exec"]
    same = exec_.judge("p", "3.12", _run("<A object at 0x7f00aa>\n"),
                       _run("<A object at 0x7f00aa>\n"))
    assert same.verdict == PASS
    moved = exec_.judge("p", "3.12", _run("<A object at 0x7f00aa>\n"),
                        _run("<A object at 0x7f11bb>\n"))
    assert moved.verdict == KNOWN and moved.known == ["memory-address"]


def test_a_difference_beyond_known_ones_is_explained_after_setting_them_aside():
    verdict = COMPARATORS["exec"].judge(
        "p", "3.12", _run("<A object at 0x7f00aa>\n1\n"), _run("<A object at 0x7f11bb>\n2\n"))
    assert verdict.verdict == DIVERGE
    assert verdict.divergence.path == "stdout line 2"
    assert "'1\\n'" in verdict.divergence.explanation


def test_exit_status_differences_come_first_and_name_the_exception():
    want = dict(_run("", "Traceback...\nZeroDivisionError: division by zero\n", "exception", 1),
                exception="ZeroDivisionError", message="division by zero")
    verdict = COMPARATORS["exec"].judge("p", "3.12", want, _run("inf\n"))
    assert verdict.divergence.path == "status"
    assert "ZeroDivisionError" in verdict.divergence.explanation
    assert verdict.divergence.signature.startswith("exec|3.12|status|ZeroDivisionError>")


def test_tokens_are_explained_with_names_and_positions():
    want = {"tokens": [[1, "NAME", "x", [1, 0], [1, 1], "x = 1\n"],
                       [54, "OP", "=", [1, 2], [1, 3], "x = 1\n"]]}
    got = {"tokens": [[1, "x", [1, 0], [1, 1], "x = 1\n"], [54, "=", [1, 3], [1, 4], "x = 1\n"]]}
    verdict = COMPARATORS["tokens"].judge("p", "3.12", want, got)
    assert verdict.divergence.path == "tokens[1][2][1]"
    assert verdict.divergence.explanation == (
        "token 1: CPython OP '=' 1,2-1,3, implementation OP '=' 1,3-1,4")


def test_code_comparison_keeps_only_stored_fields_of_the_version():
    code = {"co_argcount": 0, "co_varnames": ["a"], "co_localsplusnames": ["a"],
            "co_lines": [[0, 2, 1]], "co_consts": [["code", {"co_name": "f", "co_lines": []}]]}
    reduced = stored_code_fields(code, "3.12")
    assert "co_varnames" not in reduced and "co_lines" not in reduced
    assert "co_localsplusnames" in reduced
    assert "co_lines" not in reduced["co_consts"][0][1]
    assert "co_varnames" in stored_code_fields(code, "3.8")


def test_every_known_difference_has_a_reason_and_layers():
    for entry in known.REGISTRY.values():
        assert entry.reason and entry.layers
        sample = "at 0x7fffdeadbeef"
        assert entry.rewrite(entry.rewrite(sample)) == entry.rewrite(sample)


def test_stages_not_built_and_crashes_are_never_passes():
    from harness.cases import Case
    from harness.runner import _verdict
    case = Case(id="p", source=b"print(1)\n")
    want = _run("1\n")
    assert _verdict("exec", case, "3.12", want, {"not_implemented": "no VM"}).verdict == \
        "not_implemented"
    assert _verdict("exec", case, "3.12", want, {"crash": "Traceback"}).verdict == "crash"
    assert _verdict("exec", case, "3.12", {"ok": False, "oracle_error": "timeout"},
                    want).verdict == "oracle_error"
    assert _verdict("exec", case, "3.12", want, want).verdict == PASS


def test_pre_311_pyc_flag_differences_are_known_and_other_differences_diverge(oracle_pool):
    """CPython's own .pyc against minivm's bytes of the same code: on 3.8-3.10 the
    interned-string flags may differ (known, never pass); a changed constant is a
    divergence whatever the version."""
    import minivm.pyc
    from .conftest import oracle_versions
    source = "import os\nname = 'value'\nprint(name, os.sep, len(name))\n"
    for version in oracle_versions():
        want = oracle_pool.worker(version).pyc(source, filename="prog.py", basename="prog.py")
        header, code = minivm.pyc.loads(want["timestamp"])
        mine = minivm.pyc.dumps(code, mtime=header.mtime, source_size=header.source_size)
        comparator = COMPARATORS["pyc"]
        verdict = comparator.judge("prog.py", version, {"timestamp": want["timestamp"]},
                                   {"timestamp": mine})
        if mine == want["timestamp"]:
            assert verdict.verdict == PASS
        else:
            assert verdict.verdict == KNOWN and version in ("3.8", "3.9", "3.10"), version
        changed = code.replace(co_consts=tuple("other" if c == "value" else c
                                               for c in code.co_consts))
        other = minivm.pyc.dumps(changed, mtime=header.mtime, source_size=header.source_size)
        assert comparator.judge("prog.py", version, {"timestamp": want["timestamp"]},
                                {"timestamp": other}).verdict == DIVERGE

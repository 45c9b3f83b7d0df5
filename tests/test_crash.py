"""A host exception escaping minivm's VM is reported as a minivm crash (issue 14).

The crash is planted: ``eval_frame`` is wrapped so that entering the function ``boom``
raises a host ``IndexError``, as the minivm bugs listed in the issue did.  What is checked
is the report: the program's stack where it happened, the host error, and ``minivm run``'s
exit status, never a host traceback from deep inside.
"""

from __future__ import annotations

import pytest

import minivm
from minivm import cli
from minivm.objects.core import MinivmCrash
from minivm.versions import get_target, host_version
from minivm.vm import interpreter

from tests.test_runtime import _has_compiler

PROGRAM = """\
def boom():
    return 1

def f():
    return boom()

print("before")
f()
"""

pytestmark = pytest.mark.xfail(
    not _has_compiler(host_version()), strict=True,
    reason="not implemented: minivm's compiler for this host's version (the program is source)")


@pytest.fixture
def planted(monkeypatch):
    original = interpreter.ev.eval_frame

    def eval_frame(vm, frame):
        if frame.code.co.co_name == "boom":
            raise IndexError("planted host error")
        return original(vm, frame)

    monkeypatch.setattr(interpreter.ev, "eval_frame", eval_frame)


def test_crash_carries_the_programs_stack(planted):
    target = get_target(None)
    with pytest.raises(MinivmCrash) as info:
        minivm.run(PROGRAM, target=target, filename="prog.py")
    crash = info.value
    assert [name for _, _, name in crash.stack] == ["<module>", "f", "boom"]
    assert [line for _, line, _ in crash.stack[:2]] == [8, 5]
    assert crash.host == "IndexError: planted host error"
    assert 'File "prog.py", line 5, in f' in str(crash)
    assert crash.stdout == "before\n"


def test_minivm_run_reports_crash_and_exits_70(planted, tmp_path, capsys):
    path = tmp_path / "prog.py"
    path.write_text(PROGRAM)
    status = cli.main(["run", str(path)])
    out, err = capsys.readouterr()
    assert status == cli.CRASH_STATUS == 70
    assert out == "before\n"
    assert "minivm crashed" in err and "Host error: IndexError: planted host error" in err
    assert "Traceback" not in err.replace("Program traceback", "")

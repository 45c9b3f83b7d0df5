"""minivm's runtime for CPython's Lib/test: what a program finds when it starts
(sys.path ...), native modules, crash reporting.  Each expected value is asked of the
real interpreter of the version at test time."""

from __future__ import annotations

import json
import subprocess

import pytest

import minivm
from minivm.versions import get_target
from minivm.vm.interpreter import VM_TARGETS

from .test_versions import find_interpreter



def _has_compiler(version) -> bool:
    try:
        minivm.compile("pass\n", filename="<probe>", mode="exec", target=get_target(version))
    except minivm.NotImplementedStage:
        return False
    return True


VERSIONS = [pytest.param(v, id="%d.%d" % v, marks=() if _has_compiler(v) else pytest.mark.xfail(
    strict=True, raises=minivm.NotImplementedStage,
    reason="these programs are source: needs minivm's compiler for %d.%d" % v))
    for v in sorted(VM_TARGETS) if find_interpreter(v)]


def _both(version, tmp_path, source: str, name: str = "main.py"):
    """(minivm's stdout, CPython's stdout) of ``python3.X FILE`` for a file holding
    ``source`` (CPython with -E -s: no PYTHONPATH, no user site)."""
    path = tmp_path / name
    path.write_text(source)
    real = subprocess.run([find_interpreter(version), "-E", "-s", str(path)],
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60,
                          cwd=str(tmp_path))
    target = get_target(version)
    ours = minivm.run(path.read_text(), target=target, filename=str(path))
    return ours.stdout, real.stdout.decode()


_SYS_PATH = """
import json, sys
print(json.dumps(sys.path))
"""


@pytest.mark.parametrize("version", VERSIONS)
def test_sys_path_is_what_running_the_file_sets(version, tmp_path):
    ours, real = _both(version, tmp_path, _SYS_PATH)
    assert json.loads(ours) == json.loads(real)


@pytest.mark.parametrize("version", VERSIONS)
def test_a_module_next_to_the_script_is_imported_first(version, tmp_path):
    (tmp_path / "neighbour_mod.py").write_text("WHERE = __file__\n")
    # a module of the script's directory shadows the standard library's
    (tmp_path / "colorsys.py").write_text("SHADOWED = True\n")
    ours, real = _both(version, tmp_path, "import neighbour_mod, colorsys, os\n"
                       "print(os.path.basename(neighbour_mod.WHERE),"
                       " getattr(colorsys, 'SHADOWED', False))\n")
    assert ours == real


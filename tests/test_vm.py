"""The minivm VM against the real interpreter of the host's version.

Every program in ``corpus/seeds`` runs twice: as ``python3.X FILE`` under
``PYTHONHASHSEED=0`` (the oracle) and through ``minivm.run``; stdout, stderr (the
traceback text with carets) and the exit status must be identical.  Each program
runs with CPython's code (``Code.from_code`` of the host's compile, the test
layer's code source) and with minivm's own compiler; the second half is a strict
xfail while ``minivm.compile`` raises ``NotImplementedStage``.

The VM runs 3.12 and 3.13 bytecode; on older hosts these tests are strict xfails
("not implemented: VM for 3.X bytecode").
"""

from __future__ import annotations

import glob
import json
import os
import subprocess
import sys

import pytest

import minivm
from minivm.versions import get_target

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SEEDS = sorted(glob.glob(os.path.join(ROOT, "corpus", "seeds", "*.py")))
HOST = get_target(None)
VM_TARGETS = ((3, 12), (3, 13))
ENV = dict(os.environ, PYTHONHASHSEED="0")

not_this_host = pytest.mark.xfail(
    HOST.version not in VM_TARGETS, strict=True,
    reason="not implemented: VM for %s bytecode" % HOST.name)


def _compiler_missing() -> bool:
    try:
        minivm.compile("pass\n")
    except minivm.NotImplementedStage:
        return True
    return False


def _oracle(path: str) -> dict:
    real = subprocess.run([sys.executable, path], capture_output=True, text=True, env=ENV,
                          timeout=60)
    return {"stdout": real.stdout, "stderr": real.stderr, "exit_status": real.returncode}


@pytest.fixture(scope="module")
def minivm_results():
    """All seeds through minivm in one subprocess (PYTHONHASHSEED=0, see seedrun)."""
    proc = subprocess.run([sys.executable, "-m", "minivm.vm.seedrun"] + SEEDS,
                          capture_output=True, text=True, env=ENV, cwd=ROOT, timeout=600)
    results = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        results[record.pop("path")] = record
    return results


@not_this_host
@pytest.mark.parametrize("path", SEEDS, ids=[os.path.basename(p) for p in SEEDS])
def test_seed_with_cpython_code(path, minivm_results):
    assert minivm_results.get(path) == _oracle(path)


@pytest.mark.xfail(_compiler_missing(), strict=True,
                   reason="not implemented: minivm compiler (minivm.compile)")
@pytest.mark.parametrize("path", SEEDS[:5], ids=[os.path.basename(p) for p in SEEDS[:5]])
def test_seed_with_minivm_code(path):
    with open(path, encoding="utf-8") as handle:
        source = handle.read()
    out = minivm.run(source, filename=path)
    assert {"stdout": out.stdout, "stderr": out.stderr,
            "exit_status": out.exit_status} == _oracle(path)


def test_seed_headers():
    assert len(SEEDS) >= 1
    for path in SEEDS:
        with open(path, encoding="utf-8") as handle:
            first = handle.readline()
        assert first.startswith("# feature: "), path


_HASH_PROBE = r'''
import json, sys
words = ["", "a", "abc", "hello world!", "x" * 17, "\u00e9t\u00e9", "\u20acuro", "\U0001f600"]
print(json.dumps([[w, hash(w)] for w in words] + [["b", hash(b"abcdefgh12")]]))
'''


def test_string_hash_matches_target():
    from minivm.siphash import hash_bytes, hash_str
    out = subprocess.run([sys.executable, "-c", _HASH_PROBE], capture_output=True, text=True,
                         env=ENV, check=True).stdout
    pairs = json.loads(out)
    for text, expected in pairs[:-1]:
        assert hash_str(text, HOST.hash_algorithm) == expected, text
    assert hash_bytes(b"abcdefgh12", HOST.hash_algorithm) == pairs[-1][1]


@pytest.mark.skipif(not HOST.has_exception_table,
                    reason="code objects before 3.11 have no exception or location tables")
def test_exception_and_location_tables_match_dis():
    import dis
    from minivm.compiler.code import Code
    from minivm.vm.frame import parse_exception_table, parse_locations
    source = open(SEEDS[0], encoding="utf-8").read() + (
        "\ndef f(x):\n    try:\n        return x[0] + 1\n    except (IndexError,\n"
        "            KeyError):\n        return None\n")
    host_code = compile(source, "<probe>", "exec")
    for co in [host_code] + [c for c in host_code.co_consts if hasattr(c, "co_code")]:
        table = parse_exception_table(co.co_exceptiontable)
        expected = [(e.start // 2, e.end // 2, e.target // 2, e.depth, e.lasti)
                    for e in dis._parse_exception_table(co)]
        assert table == expected
        locs = parse_locations(co.co_linetable, co.co_firstlineno, len(co.co_code) // 2)
        assert [tuple(p) for p in co.co_positions()] == locs
    assert Code.from_code(host_code).co_code == host_code.co_code


@pytest.mark.parametrize("version", ["3.8", "3.9", "3.10", "3.11"])
def test_targets_without_a_vm_dialect_are_not_implemented(version):
    with pytest.raises(minivm.NotImplementedStage):
        minivm.run("print(1)\n", target=version)


@pytest.mark.parametrize("version", ["3.12", "3.13"])
def test_stdlib_code_source_reads_the_targets_pyc(version):
    """The default code source finds a stdlib module's .pyc in the target's library
    and reads it with minivm's marshal reader: the names it holds are those of the
    code object CPython itself loads from that file."""
    from harness.oracle import find_interpreter
    from minivm.vm.codesource import StdlibPyc
    python = find_interpreter(version).path
    probe = ("import keyword, marshal, os, importlib.util as u; p = u.cache_from_source("
             "keyword.__file__); c = marshal.loads(open(p, 'rb').read()[16:]); "
             "print(os.path.dirname(os.__file__)); print(' '.join(c.co_names))")
    libdir, names = subprocess.run([python, "-I", "-c", probe], capture_output=True,
                                   text=True, check=True).stdout.splitlines()
    found = StdlibPyc(get_target(version), libdir=libdir).find("keyword", None)
    assert found is not None and found.filename == os.path.join(libdir, "keyword.py")
    assert " ".join(found.code.co_names) == names


@not_this_host
def test_run_relative_file_as_python_does(tmp_path):
    """``minivm run FILE`` with a relative FILE: stdout, stderr (traceback paths)
    and exit status as ``python3.X FILE`` gives them in the same directory."""
    (tmp_path / "prog.py").write_text("print(__file__.endswith('prog.py'))\n"
                                      "def f():\n    return 1 / 0\nf()\n")
    env = dict(ENV, PYTHONPATH=ROOT)
    expected = subprocess.run([sys.executable, "prog.py"], cwd=str(tmp_path), env=env,
                              capture_output=True, text=True)
    actual = subprocess.run([sys.executable, "-m", "minivm", "run", "prog.py"],
                            cwd=str(tmp_path), env=env, capture_output=True, text=True)
    assert (actual.stdout, actual.stderr, actual.returncode) == \
        (expected.stdout, expected.stderr, expected.returncode)

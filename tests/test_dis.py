"""``minivm.dis`` against the host's ``dis.dis`` (the oracle for the host target).

The only difference accepted is the address in ``<code object NAME at 0x...>``.
Two checks: the disassembly of minivm's own code for a tree, and of CPython's code
converted with ``Code.from_code`` (which pins the formatter apart from the compiler).
"""

from __future__ import annotations

import ast
import dis
import io
import re
import textwrap

import pytest

import minivm
from minivm import NotImplementedStage
from minivm.compiler.code import Code
from minivm.versions import get_target

from . import _reference
from .test_compiler import BUILT, HOST_SNIPPETS, SNIPPETS, _snippet_param

HOST = get_target(None)
FORMATTERS = {(3, 8), (3, 9), (3, 10), (3, 11), (3, 12), (3, 13)}
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
not_built = pytest.mark.xfail(HOST.version not in FORMATTERS, strict=True,
                              raises=NotImplementedStage,
                              reason="not implemented: the dis formatter of this target")
compiler_not_built = pytest.mark.xfail(HOST.version not in BUILT, strict=True,
                                       raises=NotImplementedStage,
                                       reason="not implemented: minivm's compiler for "
                                              "this target")


def real_dis(code):
    out = io.StringIO()
    dis.dis(code, file=out)
    return _ADDRESS.sub(" at 0x", out.getvalue())


def ours(code):
    return _ADDRESS.sub(" at 0x", minivm.dis(code, HOST))


@not_built
@pytest.mark.parametrize("name", HOST_SNIPPETS)
def test_formatter_on_cpython_code(name):
    real = compile(textwrap.dedent(SNIPPETS[name]), "<test>", "exec")
    assert ours(Code.from_code(real)) == real_dis(real)


@compiler_not_built
@pytest.mark.parametrize("name", [_snippet_param(name) for name in HOST_SNIPPETS])
def test_dis_of_minivm_code(name):
    tree = ast.parse(textwrap.dedent(SNIPPETS[name]))
    real = compile(tree, "<test>", "exec", dont_inherit=True)
    assert ours(minivm.compile(tree, "<test>", "exec", HOST)) == real_dis(real)


@not_built
def test_extended_args_and_long_functions():
    source = "def f(x):\n" + "".join("    x%d = x + %d\n" % (i, i) for i in range(300)) + \
        "    if x:\n        return [x for x in range(3)]\n"
    real = compile(source, "<test>", "exec")
    assert ours(Code.from_code(real)) == real_dis(real)


@not_built
def test_writes_to_file():
    out = io.StringIO()
    text = minivm.dis(Code.from_code(compile("x = 1", "<test>", "exec")), HOST, file=out)
    assert out.getvalue() == text


@not_built
def test_stdlib_sample_formatter():
    different = []
    for path in _reference.stdlib_files(every=80):
        parsed = _reference.read_parseable(path)
        if parsed is None:
            continue
        try:
            real = compile(parsed[1], path, "exec", dont_inherit=True)
        except SyntaxError:
            continue
        if ours(Code.from_code(real)) != real_dis(real):
            different.append(path)
    assert different == []


@pytest.mark.parametrize("version", [pytest.param(v, id="%d.%d" % v)
                                     for v in sorted(FORMATTERS)])
def test_formatter_on_each_interpreters_own_pyc(version):
    """The formatter of every version, whatever the host: CPython's .pyc of a stdlib
    sample, read by minivm's marshal, printed as that interpreter's ``dis`` prints it
    (benchmarks/dis_pyc.py does the whole standard library)."""
    from harness.dispyc import interpreter_dis, minivm_dis, same_dis

    from .test_versions import find_interpreter
    python = find_interpreter(version)
    assert python, "no interpreter for %d.%d" % version
    target = get_target(version)
    rows = list(interpreter_dis(python, 40))
    assert rows
    assert [path for path, data, expected in rows
            if not same_dis(minivm_dis(data, target), expected)] == []


@pytest.mark.parametrize("version", [pytest.param(v, id="%d.%d" % v)
                                     for v in sorted(FORMATTERS)])
def test_minivm_dis_command_reads_a_pyc_of_any_version(version, tmp_path, capsys):
    import os
    import subprocess

    from minivm.cli import main

    from .test_versions import find_interpreter
    source = tmp_path / "prog.py"
    source.write_text("def f(x):\n    for i in x:\n        if i:\n            return i\n"
                      "    return {'a': 1}\n")
    pyc_path = str(tmp_path / "prog.pyc")
    python = find_interpreter(version)
    env = dict(os.environ, PYTHONHASHSEED="0")
    subprocess.run([python, "-s", "-c", "import py_compile, sys; "
                    "py_compile.compile(sys.argv[1], sys.argv[2], doraise=True)",
                    str(source), pyc_path], check=True, env=env)
    expected = subprocess.run([python, "-s", "-c", "import dis, marshal, sys; "
                               "dis.dis(marshal.loads(open(sys.argv[1], 'rb').read()[16:]))",
                               pyc_path], check=True, env=env, stdout=subprocess.PIPE,
                              universal_newlines=True).stdout
    assert main(["dis", pyc_path]) == 0
    assert _ADDRESS.sub(" at 0x", capsys.readouterr().out) == _ADDRESS.sub(" at 0x", expected)
    other = "3.12" if version != (3, 12) else "3.13"
    with pytest.raises(SystemExit, match="is a %d.%d .pyc, not %s" % (version + (other,))):
        main(["--target", other, "dis", pyc_path])

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
from .test_compiler import HOST_SNIPPETS, SNIPPETS

HOST = get_target(None)
FORMATTERS = {(3, 12), (3, 13)}
_ADDRESS = re.compile(r" at 0x[0-9a-f]+")
not_built = pytest.mark.xfail(HOST.version not in FORMATTERS, strict=True,
                              raises=NotImplementedStage,
                              reason="not implemented: dis before 3.12")


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


@not_built
@pytest.mark.parametrize("name", HOST_SNIPPETS)
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

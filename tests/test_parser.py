"""``minivm.parse`` against the host's own ``ast.parse`` (the oracle for the host
target), compared as ``ast.dump(tree, include_attributes=True)``: one snippet per
grammar feature of each version, the four modes, type comments, a sample of the
standard library (all of it with ``--slow``), and ``minivm ast`` against
``python -m ast``."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
import warnings

import pytest

import minivm
from minivm import NotImplementedStage
from minivm.frontend.parser import format_tree
from minivm.frontend.parser import parse as frontend_parse
from minivm.versions import get_target

from . import _reference

HOST = get_target(None)


def oracle_dump(source, mode="exec", **kw):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.dump(ast.parse(source, "<test>", mode, **kw), include_attributes=True)
    except (SyntaxError, ValueError) as error:
        return _failure(error)


def minivm_dump(source, mode="exec", **kw):
    try:
        return ast.dump(frontend_parse(source, "<test>", mode, HOST, **kw),
                        include_attributes=True)
    except (SyntaxError, ValueError) as error:
        return _failure(error)


def _failure(error):
    return ("raises", type(error).__name__, getattr(error, "msg", str(error)),
            getattr(error, "lineno", None), getattr(error, "offset", None))


# (first version, source): one snippet per grammar feature.
FEATURES = {
    "arithmetic": ((3, 8), "x = -a ** -b * c // d % e @ f + g - h << i >> j & k ^ l | m\n"),
    "comparisons": ((3, 8), "a < b <= c == d != e > f >= g in h not in i is j is not k\n"),
    "boolean": ((3, 8), "x = not a and b or c and not d\n"),
    "conditional": ((3, 8), "x = a if b else (c if d else e)\n"),
    "calls": ((3, 8), "f(a, *b, c=d, **e)(g)[h].i(j for j in k)\n"),
    "slices": ((3, 8), "x[a:b, c:d:e, ::f, g][:] = x[..., None]\n"),
    "displays": ((3, 8), "x = [1, *a], (2,), {3, *b}, {4: 5, **c}, (), [], {}\n"),
    "comprehensions": ((3, 8), "x = [a for b in c if d for e in f], {g: h for i in j},"
                               " {k async for l in m}, (n for o in p)\n"),
    "walrus": ((3, 8), "if (n := len(a)) > 10: print([y := f(x), y ** 2])\n"),
    "posonly": ((3, 8), "def f(a, b=1, /, c=2, *d, e, f=3, **g): pass\nlambda a, /, b: 0\n"),
    "strings": ((3, 8), "x = 'a' \"b\" u'c' r'\\d' '''e\nf''' + b'g' rb'\\h'\n"),
    "fstrings": ((3, 8), "x = f'{a!r:>{w}} {b=} {{c}}' f\"{d['e']}\" 'g'\n"),
    "fstring_multiline": ((3, 8), "x = f'''\n{a +\nb} and {c:{d}}\n'''\n"),
    "decorators": ((3, 8), "@a.b(c)\n@d\nclass E(F, metaclass=G):\n    @h\n    async def i(j): "
                           "await k\n"),
    "statements": ((3, 8), "import a.b as c, d\nfrom .e import (f as g, h)\nfrom . import *\n"
                           "global i\ndel j[0], k.l\nassert m, n\nraise o from p\n"),
    "compound": ((3, 8), "try:\n    pass\nexcept (A, B) as e:\n    pass\nelse:\n    pass\n"
                         "finally:\n    pass\nwhile x:\n    break\nelse:\n    continue\n"
                         "for a, *b in c:\n    pass\nwith d as e, f:\n    pass\n"),
    "annotations": ((3, 8), "x: int = 1\n(y): str\nz.w: float\ndef f(a: int) -> str: ...\n"),
    "augmented": ((3, 8), "a += 1; b -= 2; c *= 3; d @= 4; e /= 5; f //= 6; g %= 7; h **= 8\n"),
    "non_ascii": ((3, 8), "é = 'ü' + f'{ä}'\nµ = 1\n"),
    "relaxed_decorators": ((3, 9), "@buttons[0].clicked.connect\ndef f(): pass\n"),
    "parenthesized_with": ((3, 9), "with (a as b, c as d,):\n    pass\n"),
    "match": ((3, 10), textwrap.dedent("""\
        match command.split():
            case [action, obj] if obj:
                pass
            case Point(x=0, y=0) | {"k": 1, **rest} | [1, *others]:
                pass
            case -1 | 1 + 2j | "s" | None | a.b as c:
                pass
            case _:
                pass
        """)),
    "except_star": ((3, 11), "try:\n    pass\nexcept* ValueError as e:\n    pass\n"),
    "starred_subscript": ((3, 11), "x[*a]\ndef f(*args: *Ts): pass\n"),
    "type_params": ((3, 12), "type A[T: int, *Ts, **P] = list[T]\n"
                             "def f[T](x: T) -> T: ...\nclass C[T]: ...\n"),
    "pep701": ((3, 12), "x = f\"{'a' + \"b\"}\" f'{f\"{1}\"}' f'{x!r:{y}}' f'{\n a # c\n}'\n"),
    "type_param_defaults": ((3, 13), "type A[T = int] = T\ndef f[*Ts = *tuple[int]](): ...\n"),
}


@pytest.mark.parametrize("name", sorted(FEATURES))
def test_feature(name):
    first, source = FEATURES[name]
    if HOST.version < first:
        # An older target must reject the newer syntax as the older CPython does.
        assert minivm_dump(source) == oracle_dump(source)
        return
    expected = oracle_dump(source)
    assert not isinstance(expected, tuple), expected
    assert minivm_dump(source) == expected
    assert minivm_dump(source.encode("utf-8")) == oracle_dump(source.encode("utf-8"))


@pytest.mark.parametrize("mode,source", [
    ("eval", "a + b if c else d"),
    ("eval", "(x for x in y)\n\n"),
    ("single", "x = 1\n"),
    ("single", "if x:\n    y\n\n"),
    ("func_type", "(int, *str, **float) -> None"),
    ("func_type", "() -> int"),
])
def test_modes(mode, source):
    assert minivm_dump(source, mode) == oracle_dump(source, mode)


def test_type_comments():
    source = textwrap.dedent("""\
        def f(a,  # type: int
              b,  # type: str
              ):
            # type: (...) -> None
            x = 1  # type: int
            for y in z:  # type: float
                pass
        import foo  # type: ignore[attr]
        """)
    assert minivm_dump(source, type_comments=True) == oracle_dump(source, type_comments=True)
    assert minivm_dump(source) == oracle_dump(source)


def test_identifiers_are_nfkc_normalised():
    source = "ﬁ = ｆ(µ)\n"
    assert minivm_dump(source) == oracle_dump(source)


@pytest.mark.parametrize("path", _reference.stdlib_files(30), ids=lambda p: p.rsplit("/", 2)[-1])
def test_stdlib_sample(path):
    with open(path, "rb") as handle:
        data = handle.read()
    assert minivm_dump(data) == oracle_dump(data)


@pytest.mark.slow
def test_whole_stdlib():
    failures = []
    for path in _reference.stdlib_files(1):
        with open(path, "rb") as handle:
            data = handle.read()
        if minivm_dump(data) != oracle_dump(data):
            failures.append(path)
    assert failures == []


def test_format_tree_matches_the_command_line(tmp_path):
    """``minivm ast FILE`` prints what ``python -m ast FILE`` prints (3.8 has no
    such command: it prints nothing)."""
    path = tmp_path / "sample.py"
    path.write_bytes(b"def f(x: int, *, y=None):  # type: (int) -> None\n"
                     b"    return {x: y for x in y} if x else f'{y!r}'\n")
    want = subprocess.run([sys.executable, "-m", "ast", str(path)],
                          capture_output=True, text=True, check=True).stdout
    tree = frontend_parse(path.read_bytes(), str(path), "exec", HOST, type_comments=True)
    assert format_tree(tree, HOST) == want


def test_newer_node_classes_missing_from_the_host():
    if hasattr(ast, "TypeAlias"):
        assert isinstance(minivm.parse("type A = int", target="3.12").body[0], ast.TypeAlias)
    else:
        with pytest.raises(NotImplementedStage, match="TypeAlias"):
            minivm.parse("type A = int", target="3.12")


def test_public_api_and_errors_are_not_confused():
    tree = minivm.parse(b"x = 1\n")
    assert isinstance(tree, ast.Module)
    with pytest.raises(ValueError):
        minivm.parse("x", mode="bogus")

"""``minivm.tokenize`` against the host's own ``tokenize`` module (the oracle for
the host target: tox runs one env per version), on focused snippets, on a sample
of the standard library (every file when ``--slow``), and the token tables of
all six versions against their interpreters."""

from __future__ import annotations

import io
import subprocess
import sys
import tokenize as oracle_tokenize

import pytest

import minivm
from minivm.frontend.tokenizer import format_tokens
from minivm.versions import SUPPORTED_TARGETS, get_target

from . import _reference

HOST = get_target(None)


def expected(source):
    """What the host's tokenize module yields for ``source``, or how it fails."""
    try:
        if isinstance(source, bytes):
            stream = oracle_tokenize.tokenize(io.BytesIO(source).readline)
        else:
            stream = oracle_tokenize.generate_tokens(io.StringIO(source).readline)
        return [tuple(token) for token in stream]
    except (SyntaxError, oracle_tokenize.TokenError, UnicodeDecodeError) as error:
        return _failure(error)


def actual(source):
    try:
        return [tuple(token) for token in minivm.tokenize(source)]
    except (SyntaxError, UnicodeDecodeError, Exception) as error:
        if type(error).__name__ == "NotImplementedStage":
            raise
        return _failure(error)


def _failure(error):
    if isinstance(error, SyntaxError):
        return ("raises", type(error).__name__, error.msg, error.lineno, error.offset)
    return ("raises", type(error).__name__, error.args)


SNIPPETS = [
    "x = 1\n",
    "x = 1",
    "if x:\n    y = 2\n  # comment\n\n    z\nw\n",
    "def f(a, *b, c=1, **d) -> None:\n\treturn a\n",
    "s = '''a\nb''' + \"c\" + r'\\d' + b'e' + rb'\\f'\n",
    "x = (1,\n     2)\n[3,\n 4]\n",
    "x = 1 \\\n    + 2\n",
    "n = 0x1F + 0o17 + 0b101 + 1_000 + 1.5e-3 + 2j + .5 + 1.\n",
    "a @= b; c //= d; e **= f; g >>= h; i := j\n",
    "# only a comment",
    "  # indented comment\nx\n",
    "x = 1  # trailing\n",
    "é = 'ü'\n",
    "x\r\ny\r\n",
    "\ufeffx = 1\n",
    "if x:\n  pass\n",
    "$ ? !\n",
    "'unterminated\n",
    "'''unterminated\n",
    "(\n",
    "if x:\n    y\n  z\n",
    "x = 1 \\ 2\n",
    "f'{x!r:>{width}} {{literal}}'\n",
    "f'''{\nx\n}'''\n",
    "f'{a[\"b\"]}' f\"{'c'}\"\n",
    "0777\n",
    "1_\n",
    "1abc\n",
    # input ending after a backslash-newline: in the indentation, after a token,
    # and after a chain of continued lines
    "\\\n", "  \\\n", "x = 1\n\\\n", "x = 1 + \\\n", "x\\\n\\\n", "x\\\n  \\\n",
]


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
@pytest.mark.parametrize("kind", ["str", "bytes"])
def test_snippet(index, kind):
    source = SNIPPETS[index]
    if kind == "bytes":
        source = source.encode("utf-8")
    assert actual(source) == expected(source)


@pytest.mark.parametrize("source", [
    b"# -*- coding: latin-1 -*-\nx = '\xe9'\n",
    b"#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\ns = '\xa4'\n",
    b"\xef\xbb\xbf# coding: utf-8\nx = 1\n",
    b"\xef\xbb\xbf# coding: latin-1\nx = 1\n",
    b"# coding: nonexistent\nx = 1\n",
    b"x = '\xff'\n",
])
def test_encodings(source):
    assert actual(source) == expected(source)


def _sample(every):
    return _reference.stdlib_files(every)


@pytest.mark.parametrize("path", _sample(45), ids=lambda p: p.rsplit("/", 2)[-1])
def test_stdlib_sample(path):
    with open(path, "rb") as handle:
        data = handle.read()
    assert actual(data) == expected(data)


@pytest.mark.slow
def test_whole_stdlib():
    failures = []
    for path in _reference.stdlib_files(1):
        with open(path, "rb") as handle:
            data = handle.read()
        if actual(data) != expected(data):
            failures.append(path)
    assert failures == []


def test_token_numbers_of_every_version():
    """versions.py's token tables against ``token.tok_name`` of each interpreter."""
    from harness.oracle import find_interpreter
    for version in SUPPORTED_TARGETS:
        name = "%d.%d" % version
        python = find_interpreter(name).path
        out = subprocess.run(
            [python, "-I", "-c", "import token; print(sorted((v, k) for k, v in "
             "token.tok_name.items() if k < 256))"],
            capture_output=True, text=True, check=True).stdout
        assert out.strip() == str(sorted(get_target(version).token_numbers.items())), name


def test_format_tokens_matches_the_command_line(tmp_path):
    """``minivm tokenize FILE`` prints what ``python -m tokenize FILE`` prints."""
    path = tmp_path / "sample.py"
    path.write_bytes(b"def f(x):\n    return f'{x!r}' + 'y'  # c\n")
    want = subprocess.run([sys.executable, "-m", "tokenize", str(path)],
                          capture_output=True, text=True, check=True).stdout
    got = format_tokens(minivm.tokenize(path.read_bytes()), HOST)
    assert got == want
    want_exact = subprocess.run([sys.executable, "-m", "tokenize", "-e", str(path)],
                                capture_output=True, text=True, check=True).stdout
    assert format_tokens(minivm.tokenize(path.read_bytes()), HOST, exact=True) == want_exact


def test_rejects_other_types():
    with pytest.raises(TypeError):
        minivm.tokenize(123)

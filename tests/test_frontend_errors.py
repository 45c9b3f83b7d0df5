"""The error path: invalid source raises what the host's ``ast.parse`` raises
(type, msg, lineno, offset, end_lineno, end_offset), on a list of error kinds and
on a deterministic corpus of mutated standard-library files (delete, duplicate or
swap a token, break an indentation).  The default run takes a small corpus; the
5,000-case corpus of the issue is ``--slow``.  Never another exception type,
never a hang."""

from __future__ import annotations

import ast
import importlib.util
import itertools
import os
import sys
import time
import warnings

import pytest

from minivm.frontend.parser import parse as frontend_parse
from minivm.versions import get_target

HOST = get_target(None)
_HERE = os.path.dirname(os.path.abspath(__file__))


def _conformance():
    """The mutation corpus lives with the conformance script (benchmarks/)."""
    path = os.path.join(os.path.dirname(_HERE), "benchmarks", "frontend_conformance.py")
    spec = importlib.util.spec_from_file_location("frontend_conformance", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def outcome(parse, source, full=True):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parse(source)
        return ("ok",)
    except SyntaxError as error:
        fields = (type(error).__name__, error.lineno, error.offset)
        if full:
            fields += (error.msg, getattr(error, "end_lineno", None),
                       getattr(error, "end_offset", None))
        return fields
    except ValueError as error:
        return ("ValueError", str(error))


def oracle(source, full=True):
    return outcome(lambda s: ast.parse(s, "<test>"), source, full)


def ours(source, full=True):
    return outcome(lambda s: frontend_parse(s, "<test>", "exec", HOST), source, full)


ERRORS = [
    "x = (1,\n", "x = (1,\ny = 2\n", "x = 1)\n", "x = (1]\n", "x = [1,\n 2)\n",
    "f(a b)\n", "x = 1 +\n", "print 'hello'\n", "if x\n    y\n", "if x:\ny\n",
    "for x in y:\npass\n", "x = {1: 2, 3}\n", "f(x for x in y, 1)\n", "class A:\npass\n",
    "a b c\n", "x = )\n", "while True:\n\tx\n        y\n", "x =\n", "def f(:\n    pass\n",
    "1 = x\n", "f() = 1\n", "del f()\n", "x = yield = 1\n", "f(a=1, b)\n", "f(**a, *b)\n",
    "import a,\n", "from a import b,\n", "try:\n    x\ny\n", "'abc\n", "'''abc\n",
    "x = 1 \\ 2\n", "x = 1 \\", "a.b.c d\n", "@dec\nx = 1\n", "lambda x: yield\n",
    "x\n    y\n", "if x:\n    y\n      z\n", "def f():\n    return\n  y\n",
    "x = 0777\n", "x = 1_\n", "x = 0x\n", "x = 1abc\n", "x = €\n", "x = a$b\n",
    "def f(a=1, b):\n    pass\n", "def f(*):\n    pass\n", "f(*a=1)\n", "f(x=)\n",
    "with a as b\n    pass\n", "except:\n    pass\n", "x: int, y: int = 1, 2\n",
    "[x for x in]\n", "{**a for a in b}\n", "(*a)\n", "x = 1 if y\n",
    "match x:\n    case 1\n        pass\n", "def f[](): pass\n", "f'{}'\n", "f'{a!x}'\n",
    "f'{a b}'\n", "class A(x)\n    pass\n", "x = 'é' 1\n", "nonlocal x y\n",
    "async def f():\n    await\n", "a = b = c += 1\n", "for x in range(10) if x: pass\n",
    # a NEWLINE after a comment starts at the '#'
    "+#c\n", "x = + # c\n",
    # def's '(' and ':' (forced in the first pass up to 3.12, in invalid_def_raw from 3.13)
    "def f f(): pass\n", "def f:\n pass\n", "async def f x\n", "def f() -> x\n  pass\n",
    # an f-string's expression error outlives the tokenizer's error after it
    "x = f'{ {a!r}'\n",
    # indentation that ends at a backslash (3.8 measures it, 3.9 ignores the line,
    # 3.10+ reads on across the joined lines)
    " \\\n", " \\\nx", " \\\n  x\n", "x = 1\n \\\n", "if 1:\n  \\\n  y\n", "\t \\\nx\n",
    "\\\n ", "\\\n\\\n ", "\\\nx",
]


@pytest.mark.parametrize("index", range(len(ERRORS)))
def test_error(index):
    source = ERRORS[index]
    assert ours(source) == oracle(source)
    assert ours(source.encode("utf-8")) == oracle(source.encode("utf-8"))


def _continuation_sources(size):
    """Every text of up to ``size`` characters from a small alphabet that holds
    a backslash: line continuations at the start of a line, after a token, in
    brackets, before comments and at the end of input, where the C tokenizer's
    buffer and each version's indentation rules decide the error's place."""
    alphabet = " \\\nx(#="
    for length in range(1, size + 1):
        for chars in itertools.product(alphabet, repeat=length):
            if "\\" in chars:
                yield "".join(chars)


def test_every_short_line_continuation():
    misses = [(source, oracle(source), ours(source))
              for source in _continuation_sources(4) if ours(source) != oracle(source)]
    assert not misses, misses[:5]


def _corpus_match(count, seed):
    module = _conformance()
    located = total = 0
    misses = []
    for name, data in module.mutation_cases(count, seed):
        expected = oracle(data, full=False)
        actual = ours(data, full=False)
        total += 1
        if expected == actual:
            located += 1
        else:
            misses.append((name, expected, actual))
    return located, total, misses


def test_mutation_corpus_small():
    located, total, misses = _corpus_match(150, seed=11)
    assert located >= 0.98 * total, misses[:5]


@pytest.mark.slow
def test_mutation_corpus_5000():
    located, total, misses = _corpus_match(5000, seed=0)
    assert located >= 0.99 * total, (located, total, misses[:10])


PATHOLOGICAL = [
    "(" * 150 + ")" * 150,
    "x = " + "[" * 90 + "]" * 90 + "\n",
    "x = " + "-" * 3000 + "1\n",
    "x = 1" + " + 1" * 5000 + "\n",
    "if a:\n" + "".join(" " * (i + 1) + "if a:\n" for i in range(95)) + " " * 97 + "pass\n",
    "f(" * 40 + ")" * 39 + "\n",
    "x = " + "(" * 50 + "a b" + ")" * 50 + "\n",
    # once looped for ever: a tighter operator without its operand
    "x = f(X) + f(c) * * 9\n",
]


@pytest.mark.parametrize("index", range(len(PATHOLOGICAL)))
def test_pathological_input_ends_quickly_and_as_cpython(index):
    """Deep nesting and long chains: same outcome, bounded time, no crash."""
    source = PATHOLOGICAL[index]
    started = time.perf_counter()
    assert guarded(ours, source) == guarded(oracle, source)
    assert time.perf_counter() - started < 20


def guarded(side, source):
    """The outcome, a RecursionError or MemoryError included (CPython raises
    those for trees nested too deeply, depending on the version)."""
    try:
        return side(source, full=False)
    except (RecursionError, MemoryError) as error:
        return (type(error).__name__, str(error))


def test_null_bytes():
    assert ours("x = 1\0\n", full=False) == oracle("x = 1\0\n", full=False)


def test_recursion_limit_is_restored():
    limit = sys.getrecursionlimit()
    ours("x = (1 +\n")
    assert sys.getrecursionlimit() == limit

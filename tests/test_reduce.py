"""The reducer: each pass on small programs, and whole reductions that keep a
property.  Trees come from the host's ``ast`` in the oracle's JSON form (the same
``wire.tree_to_json`` the oracle answers with); the property is computed by
running the candidate program."""

from __future__ import annotations

import ast
import contextlib
import io

import pytest

from harness.generate import generate
from harness.reduce import (DropElements, DropStatements, Reducer, ReductionError, Rename,
                            ReplaceByBody, ReplaceByChild, SimplifyLiterals, Text,
                            count_statements, strip_comments)
from harness.worker.wire import tree_to_json

from .conftest import HOST_VERSION


def host_parse(source: bytes):
    try:
        return tree_to_json(ast.parse(source))
    except (SyntaxError, ValueError):
        return None


def output_of(source: bytes) -> str:
    """What the program prints (exceptions end it silently)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        try:
            exec(compile(source, "prog.py", "exec"), {"__name__": "__main__"})
        except BaseException:  # noqa: BLE001 - a candidate may fail in any way
            pass
    return out.getvalue()


def candidates(pass_, source: bytes):
    text = Text(source)
    return [edit.apply(source) for edit in pass_.edits(text, host_parse(source))]


def test_drop_statements_tries_long_runs_first_and_keeps_bodies_valid():
    source = b"a = 1\nb = 2\nif a:\n    c = 3\nprint(a)\n"
    found = candidates(DropStatements(), source)
    assert found[0] == b"print(a)\n" or found[0].count(b"\n") < source.count(b"\n")
    assert b"a = 1\nb = 2\nif a:\n    pass\nprint(a)\n" in found
    assert all(host_parse(c) is not None for c in found)


def test_replace_by_body_reindents():
    source = b"for i in range(2):\n    if i:\n        print(i)\n    x = i\n"
    found = candidates(ReplaceByBody(), source)
    assert b"if i:\n    print(i)\nx = i\n" in found
    assert b"for i in range(2):\n    print(i)\n    x = i\n" in found


def test_expression_passes():
    source = b"print(f(1, 2) - [3, 4][0], 'abc')\n"
    children = candidates(ReplaceByChild(), source)
    assert b"print((f(1, 2)), 'abc')\n" in children
    dropped = candidates(DropElements(), source)
    assert b"print(f(1, 2) - [3, 4][0])\n" in dropped
    assert b"print(f(1) - [3, 4][0], 'abc')\n" in dropped
    literals = candidates(SimplifyLiterals(), source)
    assert b"print(f(0, 2) - [3, 4][0], 'abc')\n" in literals
    assert b"print(f(1, 2) - [3, 4][0], '')\n" in literals


def test_rename_renames_every_occurrence():
    source = b"def total(values):\n    return sum(values)\nprint(total([1]))\n"
    found = candidates(Rename(), source)
    assert found and all(host_parse(c) is not None for c in found)
    assert output_of(found[0]) == output_of(source)
    assert b"total" not in found[0]


def test_a_planted_line_is_found_in_a_generated_program():
    """A generated program with one line that prints 'boom' reduces to that line
    (at most two statements: the print and what it needs)."""
    index = next(i for i in range(100) if not generate(4, i, [HOST_VERSION]).expects)
    program = generate(4, index, [HOST_VERSION]).source.encode()
    lines = program.split(b"\n")
    middle = len(lines) // 2
    while lines[middle][:1] in (b" ", b"") or lines[middle].split()[0].rstrip(b":") in (
            b"else", b"elif", b"except", b"finally"):
        middle += 1
    lines.insert(middle, b"print('boom', 6 - 1)")
    source = strip_comments(b"\n".join(lines))

    def interesting(candidate: bytes) -> bool:
        return "boom 5" in output_of(candidate)

    reducer = Reducer(interesting, host_parse, seconds=60)
    reduced = reducer.reduce(source)
    assert interesting(reduced)
    assert count_statements(host_parse(reduced)) <= 2
    assert reducer.stats.tests > 0 and reducer.stats.accepted > 0


def test_a_program_that_is_not_interesting_is_refused():
    with pytest.raises(ReductionError):
        Reducer(lambda source: False, host_parse).reduce(b"print(1)\n")


def test_the_budget_is_kept():
    program = strip_comments(generate(9, 1, [HOST_VERSION]).source.encode())
    reducer = Reducer(lambda source: True, host_parse, seconds=60, max_tests=5)
    reducer.reduce(program)
    assert reducer.stats.tests <= 5

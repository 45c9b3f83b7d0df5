"""The line-table and exception-table formats (``minivm/tables``) against each real
interpreter: one subprocess per version compiles a sample of its own standard library
and prints every code object's tables with what that interpreter's ``dis`` and code
objects read from them; the readers must agree and the writers must give the bytes back.
"""

from __future__ import annotations

import pytest

from minivm.tables import exctable, linetable
from minivm.versions import SUPPORTED_TARGETS, get_target

from .test_versions import ask_interpreter

_PROBE = r'''
import dis, json, os, sys, sysconfig
NAMES = ("argparse.py", "contextlib.py", "dataclasses.py", "enum.py", "functools.py",
         "inspect.py", "json/decoder.py", "shutil.py", "pickle.py", "statistics.py",
         "string.py", "textwrap.py", "typing.py", "unittest/case.py", "tarfile.py")
lib = sysconfig.get_paths()["stdlib"]
out = []
def walk(code):
    row = {"first": code.co_firstlineno, "size": len(code.co_code)}
    if sys.version_info >= (3, 10):
        row["table"] = code.co_linetable.hex()
        row["lines"] = [list(r) for r in code.co_lines()]
    else:
        row["table"] = code.co_lnotab.hex()
    row["starts"] = [list(s) for s in dis.findlinestarts(code)]
    if sys.version_info >= (3, 11):
        row["positions"] = [list(p) for p in code.co_positions()]
        row["exc"] = code.co_exceptiontable.hex()
        row["entries"] = [[e.start, e.end, e.target, e.depth, e.lasti]
                          for e in dis._parse_exception_table(code)]
    out.append(row)
    for const in code.co_consts:
        if hasattr(const, "co_code"):
            walk(const)
for name in NAMES:
    path = os.path.join(lib, name)
    with open(path, "rb") as f:
        walk(compile(f.read(), path, "exec", dont_inherit=True))
print(json.dumps(out))
'''

def facts(version):
    return ask_interpreter(version, _PROBE, timeout=120)


VERSIONS = [pytest.param(v, id="%d.%d" % v) for v in SUPPORTED_TARGETS]


def _merged(ranges):
    out = []
    for start, end, line in ranges:
        if start == end:
            continue
        if out and out[-1][2] == line and out[-1][1] == start:
            out[-1] = (out[-1][0], end, line)
        else:
            out.append((start, end, line))
    return out


@pytest.mark.parametrize("version", VERSIONS)
def test_line_ranges_read_as_the_interpreter_reads_them(version):
    fmt = get_target(version).line_table_format
    wrong = []
    for row in facts(version):
        table = bytes.fromhex(row["table"])
        ours = linetable.line_ranges(fmt, table, row["first"], row["size"])
        if "lines" in row:
            expected = _merged(tuple(r) for r in row["lines"])
        else:
            starts = row["starts"]
            ends = [s[0] for s in starts[1:]] + [row["size"]]
            expected = [(s[0], e, s[1]) for s, e in zip(starts, ends) if e > s[0]]
        if ours != expected:
            wrong.append((row["first"], ours[:5], expected[:5]))
    assert wrong == []


@pytest.mark.parametrize("version", VERSIONS)
def test_line_table_writers_give_the_bytes_back(version):
    """Re-encoding what the reader found gives the interpreter's own table."""
    fmt = get_target(version).line_table_format
    wrong = []
    for row in facts(version):
        table, first = bytes.fromhex(row["table"]), row["first"]
        if fmt == "lnotab":
            again = linetable.encode_lnotab(linetable.lnotab_events(table, first), first)
            assert [list(s) for s in linetable.lnotab_starts(table, first)] == row["starts"]
        elif fmt == "linetable":
            ranges = linetable.line_ranges(fmt, table, first, row["size"])
            again = linetable.encode_linetable_310(
                [(end - start, line) for start, end, line in ranges], first)
        else:
            writer = linetable.LocationWriter(first)
            for units, loc in linetable.decode_locations(table, first):
                writer.emit(_Loc(*loc), units)
            again = bytes(writer.out)
        if again != table:
            wrong.append((first, again.hex()[:40], table.hex()[:40]))
    assert wrong == []


class _Loc:
    """A decoded position in the compiler's ``Location`` shape (-1 for unknown)."""

    def __init__(self, line, end_line, col, end_col):
        self.lineno = -1 if line is None else line
        self.end_lineno = -1 if end_line is None else end_line
        self.col_offset = -1 if col is None else col
        self.end_col_offset = -1 if end_col is None else end_col


@pytest.mark.parametrize("version", [v for v in VERSIONS if v.values[0] >= (3, 11)])
def test_positions_and_exception_tables(version):
    for row in facts(version):
        ours = linetable.positions(bytes.fromhex(row["table"]), row["first"],
                                   row["size"] // 2)
        assert [list(p) for p in ours] == row["positions"]
        table = bytes.fromhex(row["exc"])
        entries = exctable.decode(table)
        assert [[2 * e.start, 2 * e.end, 2 * e.target, e.depth, e.lasti]
                for e in entries] == row["entries"]
        assert exctable.encode(entries) == table


def test_truncated_exception_table_is_a_clear_error():
    table = exctable.encode([exctable.ExceptionEntry(0, 300, 400, 2, True)])
    with pytest.raises(exctable.ExceptionTableError, match="ends inside"):
        exctable.decode(table[:-1])

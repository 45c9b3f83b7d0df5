"""The text ``dis.dis(code)`` prints, for a :class:`~minivm.compiler.code.Code` of 3.12 or 3.13.

Decoding (``decode``) is kept apart from presentation (the ``Formatter`` classes), as
in CPython's ``Lib/dis.py``: decoding walks the bytes with the target's opcode tables
and inline-cache sizes, reads line starts from the location table and the exception
table; each formatter lays the result out the way that version's ``dis`` does (3.12:
offsets and ``>>`` jump markers; 3.13: ``L1:`` labels and no offsets).

The one accepted difference from CPython's output is the address in
``<code object NAME at 0x...>``, which is minivm's ``id()`` of the ``Code``.
"""

from __future__ import annotations

import io
from typing import Any, Dict, List, NamedTuple, Optional, TextIO, Tuple

from .. import NotImplementedStage
from ..tables import exctable, linetable
from ..tables.exctable import ExceptionEntry
from ..versions import Target
from .code import Code

_OPNAME_WIDTH = 20
_OPARG_WIDTH = 5
_INT_OVERFLOW = 2 ** 31


class DisInstruction(NamedTuple):
    opname: str
    arg: Optional[int]
    argrepr: str
    offset: int
    jump_target: Optional[int]


def code_repr(code: Code) -> str:
    """``repr(code)`` as CPython writes it (the address is this object's id)."""
    return '<code object %s at 0x%x, file "%s", line %d>' % (
        code.co_name, id(code), code.co_filename, code.co_firstlineno)


def const_repr(value: Any) -> str:
    return code_repr(value) if isinstance(value, Code) else repr(value)


# -- decoding ---------------------------------------------------------------------------


def unpack_opargs(code: bytes, target: Target):
    """Yield (offset, opname, arg) per instruction, skipping inline caches; EXTENDED_ARG
    prefixes are yielded too, as ``dis`` does."""
    opname_of = target.opname
    extended_arg = 0
    caches = 0
    for i in range(0, len(code), 2):
        if caches:
            caches -= 1
            continue
        name = opname_of.get(code[i], "<%d>" % code[i])
        caches = target.caches(name)
        if name in target.opmap and target.has_arg(name):
            arg = code[i + 1] | extended_arg
            extended_arg = (arg << 8) if name == "EXTENDED_ARG" else 0
            if extended_arg >= _INT_OVERFLOW:
                extended_arg -= 2 * _INT_OVERFLOW
        else:
            arg = None
            extended_arg = 0
        yield i, name, arg


def jump_target(target: Target, name: str, arg: int, offset: int) -> Optional[int]:
    """The byte offset the instruction at ``offset`` jumps to (None if it is no jump)."""
    op = target.spec[name]
    if not op.kind.is_jump:
        return None
    return op.kind.target(arg, offset + 2 + 2 * op.caches)


def line_ranges(code: Code) -> List[Tuple[int, int, Optional[int]]]:
    """``co_lines()``: (start, end, line) byte ranges, neighbours of one line merged."""
    return linetable.line_ranges(code.target.line_table_format, code.co_linetable,
                                 code.co_firstlineno, len(code.co_code))


def exception_entries(code: Code) -> List[ExceptionEntry]:
    """The exception table's entries in byte offsets, as ``dis`` shows them."""
    return [ExceptionEntry(2 * e.start, 2 * e.end, 2 * e.target, e.depth, e.lasti)
            for e in exctable.decode(code.co_exceptiontable or b"")]


# -- presentation -----------------------------------------------------------------------


class Formatter312:
    """``dis`` of 3.11 and 3.12: line column, ``>>`` for jump targets, offsets, ``to N``."""

    def __init__(self, code: Code, out: TextIO) -> None:
        self.code = code
        self.target = code.target
        self.out = out
        self.entries = exception_entries(code)

    def line_starts(self) -> Dict[int, Optional[int]]:
        starts: Dict[int, Optional[int]] = {}
        last = None
        for start, _, line in line_ranges(self.code):
            if line is not None and line != last:
                last = line
                starts[start] = line
        return starts

    def labels(self) -> List[int]:
        found = []
        for offset, name, arg in unpack_opargs(self.code.co_code, self.target):
            if arg is None:
                continue
            label = jump_target(self.target, name, arg, offset)
            if label is not None and label not in found:
                found.append(label)
        return found

    # -- the view the oparg kinds format through (minivm.opcodes.oparg) --

    def argrepr(self, name: str, arg: int, offset: int) -> str:
        op = self.target.spec[name]
        return op.kind.argrepr(self, arg, offset, offset + 2 + 2 * op.caches)

    def const_repr(self, value: Any) -> str:
        return const_repr(value)

    def local_name(self, index: int) -> str:
        return self.code.co_localsplusnames[index]

    def free_name(self, index: int) -> str:
        return self.code.co_localsplusnames[index]

    def with_null(self, text: str, null: str) -> str:
        return null + " + " + text

    def jump_repr(self, offset: int) -> str:
        return "to " + repr(offset)

    def lineno_width(self, starts: Dict[int, Optional[int]]) -> int:
        if not starts:
            return 0
        largest = max(starts.values())
        return len(str(largest)) if largest >= 1000 else 3

    def disassemble(self) -> None:
        code = self.code
        starts = self.line_starts()
        width = self.lineno_width(starts)
        labels = set(self.labels())
        for entry in self.entries:
            labels.add(entry.target)
        maxoffset = len(code.co_code) - 2
        offset_width = len(str(maxoffset)) if maxoffset >= 10000 else 4
        for offset, name, arg in unpack_opargs(code.co_code, self.target):
            line = starts.get(offset)
            if width and line is not None and offset > 0:
                self.out.write("\n")
            fields = []
            if width:
                fields.append(("%%%dd" % width) % line if line is not None else " " * width)
            fields.append("   ")
            fields.append(">>" if offset in labels else "  ")
            fields.append(repr(offset).rjust(offset_width))
            fields.append(name.ljust(_OPNAME_WIDTH))
            if arg is not None:
                fields.append(repr(arg).rjust(_OPARG_WIDTH))
                text = self.argrepr(name, arg, offset)
                if text:
                    fields.append("(" + text + ")")
            self.out.write(" ".join(fields).rstrip() + "\n")
        if self.entries:
            self.out.write("ExceptionTable:\n")
            for entry in self.entries:
                lasti = " lasti" if entry.lasti else ""
                self.out.write("  %d to %d -> %d [%d]%s\n" % (
                    entry.start, entry.end - 2, entry.target, entry.depth, lasti))


class Formatter38(Formatter312):
    """``dis`` of 3.8, 3.9 and 3.10: 3.12's layout without an exception table; locals
    are ``co_varnames`` and cells ``co_cellvars + co_freevars``."""

    def local_name(self, index: int) -> str:
        return self.code.co_varnames[index]

    def free_name(self, index: int) -> str:
        return (self.code.co_cellvars + self.code.co_freevars)[index]


class Formatter313(Formatter312):
    """``dis`` of 3.13: ``L1:`` labels instead of offsets, ``  --`` for no line."""

    _NO_LINENO = "  --"

    def line_starts(self) -> Dict[int, Optional[int]]:
        starts: Dict[int, Optional[int]] = {}
        unset = last = object()
        for start, _, line in line_ranges(self.code):
            if last is unset or line != last or (line is None) != (last is None):
                last = line
                starts[start] = line
        return starts

    def label_map(self) -> Dict[int, int]:
        labels = set(self.labels())
        for entry in self.entries:
            labels.update((entry.start, entry.end, entry.target))
        return {offset: i + 1 for i, offset in enumerate(sorted(labels))}

    def with_null(self, text: str, null: str) -> str:
        return text + " + " + null

    def jump_repr(self, offset: int) -> str:
        return "to L%d" % self._labels[offset]

    def lineno_width(self, starts: Dict[int, Optional[int]]) -> int:
        lines = [line for line in starts.values() if line]
        if not lines:
            return 0
        width = max(3, len(str(max(lines))))
        if width < len(self._NO_LINENO) and None in starts.values():
            width = len(self._NO_LINENO)
        return width

    def disassemble(self) -> None:
        code = self.code
        starts = self.line_starts()
        width = self.lineno_width(starts)
        self._labels = self.label_map()
        label_width = 4 + len(str(len(self._labels)))
        for offset, name, arg in unpack_opargs(code.co_code, self.target):
            starts_line = offset in starts
            if width and starts_line and offset > 0:
                self.out.write("\n")
            fields = []
            if width:
                if starts_line:
                    line = starts[offset]
                    fields.append(("%%%dd" % width) % line if line is not None
                                  else ("%%%ds" % width) % self._NO_LINENO)
                else:
                    fields.append(" " * width)
            label = self._labels.get(offset)
            fields.append(("L%d:" % label).rjust(label_width) if label is not None
                          else " " * label_width)
            fields.append("   ")
            fields.append(name.ljust(_OPNAME_WIDTH))
            if arg is not None:
                excess = max(0, len(name) - _OPNAME_WIDTH)
                fields.append(repr(arg).rjust(_OPARG_WIDTH - excess))
                text = self.argrepr(name, arg, offset)
                if text:
                    fields.append("(" + text + ")")
            self.out.write(" ".join(fields).rstrip() + "\n")
        if self.entries:
            self.out.write("ExceptionTable:\n")
            for entry in self.entries:
                lasti = " lasti" if entry.lasti else ""
                self.out.write("  L%d to L%d -> L%d [%d]%s\n" % (
                    self._labels[entry.start], self._labels[entry.end],
                    self._labels[entry.target], entry.depth, lasti))


_FORMATTERS = {(3, 8): Formatter38, (3, 9): Formatter38, (3, 10): Formatter38,
               (3, 11): Formatter312, (3, 12): Formatter312, (3, 13): Formatter313}


def _disassemble_recursive(code: Code, out: TextIO) -> None:
    formatter_class = _FORMATTERS.get(code.target.version)
    if formatter_class is None:
        raise NotImplementedStage("minivm.dis: target %s is not implemented yet"
                                  % code.target.name)
    formatter_class(code, out).disassemble()
    for const in code.co_consts:
        if isinstance(const, Code):
            out.write("\n")
            out.write("Disassembly of %s:\n" % code_repr(const))
            _disassemble_recursive(const, out)


def dis(code_or_source: Any, target: Target, file: Optional[TextIO] = None) -> str:
    """The text ``dis.dis`` prints for ``code_or_source`` (a ``Code``, an ``ast``
    tree or source, compiled by minivm for ``target`` first); written to ``file``
    when given, and returned."""
    if isinstance(code_or_source, Code):
        code = code_or_source
    else:
        from . import compile as compile_
        code = compile_(code_or_source, "<dis>", "exec", target)
    out = io.StringIO()
    _disassemble_recursive(code, out)
    text = out.getvalue()
    if file is not None:
        file.write(text)
    return text

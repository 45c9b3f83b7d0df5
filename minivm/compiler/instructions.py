"""The instruction model shared by ``codegen``, ``flowgraph`` and ``assembler``.

Instructions name their opcode by string (``"LOAD_FAST"``) until the assembler turns
names into the target's numbers, so the passes read like CPython's and one pass serves
every target.  A location is CPython's ``location`` struct: ``(lineno, end_lineno,
col_offset, end_col_offset)`` with ``-1`` meaning "none" (an artificial instruction).
"""

from __future__ import annotations

from typing import Any, NamedTuple, Optional


class Location(NamedTuple):
    lineno: int
    end_lineno: int
    col_offset: int
    end_col_offset: int


NO_LOCATION = Location(-1, -1, -1, -1)


def loc_of(node: Any) -> Location:
    """``LOC(node)``: the source span of a tree node."""
    return Location(node.lineno, node.end_lineno if node.end_lineno is not None else -1,
                    node.col_offset, node.end_col_offset
                    if node.end_col_offset is not None else -1)


class Label:
    """A jump target in the instruction sequence (``jump_target_label``)."""

    __slots__ = ("id",)

    def __init__(self, ident: int) -> None:
        self.id = ident

    def __repr__(self) -> str:
        return "L%d" % self.id


class Instr:
    """One instruction: ``opname``, ``oparg``, ``target`` (a Label in codegen, a
    Block in the flow graph), ``loc``, and ``except_`` (the handler Block covering it,
    set by the flow graph)."""

    __slots__ = ("opname", "oparg", "target", "loc", "except_")

    def __init__(self, opname: str, oparg: int = 0, loc: Location = NO_LOCATION,
                 target: Any = None) -> None:
        self.opname = opname
        self.oparg = oparg
        self.loc = loc
        self.target = target
        self.except_: Optional[Any] = None

    def copy(self) -> "Instr":
        new = Instr(self.opname, self.oparg, self.loc, self.target)
        new.except_ = self.except_
        return new

    def set_op0(self, opname: str) -> None:
        """``INSTR_SET_OP0``: become ``opname`` with no argument and no target."""
        self.opname = opname
        self.oparg = 0
        self.target = None

    def set_op1(self, opname: str, oparg: int) -> None:
        self.opname = opname
        self.oparg = oparg
        self.target = None

    def __repr__(self) -> str:
        extra = " -> %r" % (self.target,) if self.target is not None else ""
        return "<%s %s%s @%s>" % (self.opname, self.oparg, extra, self.loc.lineno)

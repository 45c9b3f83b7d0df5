"""The assembler of 3.9 (``Python/compile.c`` at v3.9.18, ``assemble()``), and of 3.8.

Before 3.10 there is no CFG optimizer: the blocks are emitted as the code generator
linked them (``dfs`` over ``b_next`` gives that order back), dead blocks included.
The order of ``assemble()``: the implicit return, stack depth over the unoptimized
blocks, jump offsets to a fixpoint (code units, arguments in bytes), the bytes and
the line markers (``assemble_lnotab``), then the peephole optimizer on the bytes
(:mod:`~minivm.compiler.peephole`), which also renumbers the markers.

Lines are CPython's ``i_lineno``: only the first instruction after a change of
line carries one (0 is "none").  3.9 writes a marker when the line differs from the
last marker's; 3.8 also writes one for the same line at a later offset (the
``lnotab_marks_each_statement`` behaviour of the target).
"""

from __future__ import annotations

from typing import Any, Dict, List

from ..tables.linetable import encode_lnotab
from . import flowgraph310
from .code import Code
from .flowgraph310 import Graph, lineno
from .peephole import optimize as peephole


def assemble(unit: Any, graph: Graph, consts: List[Any], flags: int, filename: str,
             const_cache: Dict[Any, Any]) -> Code:
    target = graph.dialect.target
    firstlineno = unit.firstlineno
    if not firstlineno:
        # the entry block's first instruction, if it has one and a line
        entry = graph.entry.instrs
        firstlineno = lineno(entry[0]) if entry and lineno(entry[0]) > 0 else 1
    maxdepth = flowgraph310.stackdepth(graph, False)
    flowgraph310.assemble_jump_offsets(graph)
    code, markers = emit(graph, firstlineno, target)
    code, markers = peephole(target, code, consts, markers, firstlineno)
    return Code(
        target,
        co_argcount=unit.argcount + unit.posonlyargcount,
        co_posonlyargcount=unit.posonlyargcount,
        co_kwonlyargcount=unit.kwonlyargcount,
        co_nlocals=len(unit.varnames),
        co_stacksize=maxdepth,
        co_flags=flags,
        co_code=code,
        co_consts=tuple(consts),
        co_names=tuple(unit.names),
        co_varnames=tuple(unit.varnames),
        co_freevars=tuple(unit.freevars),
        co_cellvars=tuple(unit.cellvars),
        co_filename=filename,
        co_name=unit.name,
        co_firstlineno=firstlineno,
        co_lnotab=encode_lnotab(markers, firstlineno),
    )


def emit(graph: Graph, firstlineno: int, target: Any):
    """The bytes and the (byte offset, line) markers (``assemble_emit``)."""
    opmap = target.opmap
    extended_arg = opmap["EXTENDED_ARG"]
    each_statement = not target.compiler("lnotab_marks_line_changes_only")
    out = bytearray()
    markers = []
    last_line, last_offset = firstlineno, 0
    for block in graph.layout():
        for instr in block.instrs:
            line = lineno(instr)
            if line > 0 and (line != last_line
                             or (each_statement and len(out) != last_offset)):
                markers.append((len(out), line))
                last_line, last_offset = line, len(out)
            oparg = instr.oparg
            for shift in (24, 16, 8):
                if oparg > (1 << shift) - 1:
                    out.append(extended_arg)
                    out.append((oparg >> shift) & 0xFF)
            out.append(opmap[instr.opname])
            out.append(oparg & 0xFF)
    return bytes(out), markers

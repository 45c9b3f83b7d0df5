"""The flow graph, optimizer and assembler of 3.11 (``Python/compile.c`` at v3.11).

3.11 sits between the eras: its blocks are made as 3.10 makes them (one per
``compiler_new_block``, kept in ``b_list`` newest first, with the ``b_exit`` and
``b_nofallthrough`` flags), and its passes are 3.10's in shape, but it has 3.12's
pseudo-instructions (SETUP_*/POP_BLOCK, undirected JUMP and POP_JUMP_IF_*), an
exception table and PEP 657 locations, copied whole (line and columns) where 3.10
copies a line.  The order of ``assemble()``:

1. the implicit return; ``normalize_basic_block`` and ``extend_block`` over ``b_list``;
2. the prefix instructions (COPY_FREE_VARS, MAKE_CELL, RETURN_GENERATOR) and cell
   offsets;
3. ``optimize_cfg``, ``duplicate_exits_without_lineno``, ``trim_unused_consts``,
   ``propagate_line_numbers``, ``guarantee_lineno_for_exits``;
4. stack depth, exception targets, the block pseudo-ops to NOPs, NOPs cleaned;
5. jumps given their direction (``normalize_jumps``), offsets to a fixpoint from 0;
6. the bytes, a location entry per instruction (3.11 does not merge equal ones), the
   exception table.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ..tables.linetable import LocationWriter
from . import assembler, flowgraph, flowgraph310
from .code import Code
from .instructions import Instr, Location

MAX_COPY_SIZE = 4
_EXITS = frozenset(("RETURN_VALUE", "RAISE_VARARGS", "RERAISE"))
_NO_FALLTHROUGH = frozenset(("JUMP", "JUMP_NO_INTERRUPT"))
_EXTENDABLE = frozenset(("JUMP", "JUMP_FORWARD", "JUMP_BACKWARD"))
_BLOCK_PUSH = frozenset(("SETUP_FINALLY", "SETUP_WITH", "SETUP_CLEANUP"))
#: the undirected jumps and what ``normalize_jumps`` makes of them (forward, backward)
_DIRECTED = {
    "JUMP": ("JUMP_FORWARD", "JUMP_BACKWARD"),
    "JUMP_NO_INTERRUPT": ("JUMP_FORWARD", "JUMP_BACKWARD_NO_INTERRUPT"),
    "POP_JUMP_IF_NOT_NONE": ("POP_JUMP_FORWARD_IF_NOT_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE"),
    "POP_JUMP_IF_NONE": ("POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NONE"),
    "POP_JUMP_IF_FALSE": ("POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_FALSE"),
    "POP_JUMP_IF_TRUE": ("POP_JUMP_FORWARD_IF_TRUE", "POP_JUMP_BACKWARD_IF_TRUE"),
}


class Block(flowgraph310.Block):
    """``basicblock`` of 3.11: 3.10's flags and the exception-table fields."""

    __slots__ = ("except_handler", "preserve_lasti", "visited", "exceptstack")

    def __init__(self) -> None:
        super().__init__()
        self.except_handler = False
        self.preserve_lasti = False
        self.visited = False
        self.exceptstack: Optional[list] = None


class Graph(flowgraph310.Graph):
    """3.10's graph with the views the shared 3.12 passes walk it through."""

    block_class = Block

    def blocks(self):
        return self.layout()

    def has_fallthrough(self, block: Block) -> bool:
        return not block.nofallthrough

    def traversal_reset(self) -> None:
        for block in self.layout():
            block.visited = False


def lineno(instr: Instr) -> int:
    return instr.loc.lineno


def build_cfg(instrs: List[Instr], dialect: Any) -> Graph:
    return flowgraph310.build_cfg(instrs, dialect, Graph)


# -- assemble() ------------------------------------------------------------------------


def assemble(unit: Any, graph: Graph, consts: List[Any], flags: int, filename: str,
             generator_like: bool) -> Code:
    """From the code generator's graph to the code object (``consts`` is edited)."""
    for block in graph.newest_first():
        normalize_basic_block(graph, block)
    for block in graph.newest_first():
        extend_block(block)
    nlocalsplus = assembler.prepare_localsplus(unit, graph, flags)
    optimize_cfg(graph, consts)
    duplicate_exits_without_lineno(graph)
    trim_unused_consts(graph, consts)
    propagate_line_numbers(graph)
    guarantee_lineno_for_exits(graph, unit.firstlineno)
    maxdepth = flowgraph.stackdepth(graph, generator_like)
    flowgraph.label_exception_targets(graph)
    for block in graph.layout():
        for instr in block.instrs:
            if instr.opname in _BLOCK_PUSH or instr.opname == "POP_BLOCK":
                instr.opname = "NOP"
    for block in graph.layout():
        clean_basic_block(block)
    normalize_jumps(graph)
    spec = graph.dialect.spec
    for block in graph.layout():
        for instr in block.instrs:
            if graph.is_jump(instr) or not spec[instr.opname].has_arg:
                instr.oparg = 0
    assembler.resolve_jump_offsets(graph)
    instrs, handlers = assembler._linearize(graph)
    code = assembler._emit_code(instrs, graph.dialect)
    linetable = location_table(instrs, unit.firstlineno, graph.dialect.caches)
    exceptiontable = assembler._exception_table(instrs, handlers, graph.dialect)
    return assembler.make_code(unit, graph.dialect.target, nlocalsplus, maxdepth, flags,
                               code, consts, filename, linetable, exceptiontable)


def location_table(instrs: List[Instr], firstlineno: int, caches: Dict[str, int]) -> bytes:
    """One entry (or more, eight code units each) per instruction."""
    writer = LocationWriter(firstlineno)
    for instr in instrs:
        writer.emit(instr.loc, assembler.instr_size(instr, caches))
    return bytes(writer.out)


def normalize_basic_block(graph: Graph, block: Block) -> None:
    """Mark exits and blocks that do not fall through; jumps skip empty blocks."""
    for instr in block.instrs:
        name = instr.opname
        if name in _EXITS:
            block.exit = True
            block.nofallthrough = True
        elif graph.is_jump(instr):
            if name in _NO_FALLTHROUGH:
                block.nofallthrough = True
            instr.target = flowgraph310.skip_empty(instr.target)


def extend_block(block: Block) -> None:
    """A jump to a small exit block without line numbers becomes a copy of it."""
    if not block.instrs:
        return
    last = block.instrs[-1]
    if last.opname not in _EXTENDABLE:
        return
    target = last.target
    if target.exit and len(target.instrs) <= MAX_COPY_SIZE:
        if any(lineno(instr) > 0 for instr in target.instrs):
            return
        last.opname = "NOP"
        block.instrs.extend(instr.copy() for instr in target.instrs)
        block.exit = True


# -- optimize_cfg ----------------------------------------------------------------------


def optimize_cfg(graph: Graph, consts: List[Any]) -> None:
    for block in graph.layout():
        optimize_basic_block(graph, block, consts)
        clean_basic_block(block)
    for block in graph.newest_first():
        extend_block(block)
    mark_reachable(graph)
    for block in graph.layout():
        if block.predecessors == 0:
            block.instrs = []
            block.nofallthrough = False
    flowgraph310.eliminate_empty_basic_blocks(graph)
    for block in graph.layout():
        clean_basic_block(block)
    maybe_empty = False
    for block in graph.layout():
        if block.instrs:
            last = block.instrs[-1]
            if last.opname in _NO_FALLTHROUGH and last.target is block.next:
                block.nofallthrough = False
                last.opname = "NOP"
                maybe_empty = True
    if maybe_empty:
        flowgraph310.eliminate_empty_basic_blocks(graph)


def _jump_thread(inst: Instr, target: Instr, opname: str) -> bool:
    if lineno(inst) == lineno(target) and inst.target is not target.target:
        inst.target = target.target
        inst.opname = opname
        return True
    return False


_OR_POP = {"JUMP_IF_FALSE_OR_POP": ("POP_JUMP_IF_FALSE", "JUMP_IF_TRUE_OR_POP",
                                    "POP_JUMP_IF_TRUE"),
           "JUMP_IF_TRUE_OR_POP": ("POP_JUMP_IF_TRUE", "JUMP_IF_FALSE_OR_POP",
                                   "POP_JUMP_IF_FALSE")}
_THREAD_THROUGH_JUMP = frozenset(("POP_JUMP_IF_NOT_NONE", "POP_JUMP_IF_NONE",
                                  "POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE", "JUMP"))


def optimize_basic_block(graph: Graph, block: Block, consts: List[Any]) -> None:
    """``optimize_basic_block`` of 3.11: constant conditions, ``x is None`` tests,
    tuple folding and unpacking, jump threading, SWAP runs, PUSH_NULL folded into
    LOAD_GLOBAL."""
    instrs = block.instrs
    dialect = graph.dialect
    i = 0
    while i < len(instrs):
        inst = instrs[i]
        nextop = instrs[i + 1].opname if i + 1 < len(instrs) else None
        target: Optional[Instr] = None
        name = inst.opname
        if graph.is_jump(inst) or name in _BLOCK_PUSH:
            inst.target = flowgraph310.skip_empty(inst.target)
            target = inst.target.instrs[0]
        step = 1
        if name == "LOAD_CONST":
            if nextop in ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE"):
                is_true = bool(consts[inst.oparg])
                inst.opname = "NOP"
                if is_true == (nextop == "POP_JUMP_IF_TRUE"):
                    instrs[i + 1].opname = "JUMP"
                    block.nofallthrough = True
                else:
                    instrs[i + 1].opname = "NOP"
            elif nextop in ("JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP"):
                is_true = bool(consts[inst.oparg])
                if is_true == (nextop == "JUMP_IF_TRUE_OR_POP"):
                    instrs[i + 1].opname = "JUMP"
                    block.nofallthrough = True
                else:
                    inst.opname = "NOP"
                    instrs[i + 1].opname = "NOP"
            elif nextop == "IS_OP":
                jump_op = instrs[i + 2].opname if i + 2 < len(instrs) else None
                if consts[inst.oparg] is None and jump_op in ("POP_JUMP_IF_FALSE",
                                                              "POP_JUMP_IF_TRUE"):
                    invert = instrs[i + 1].oparg & 0xFF
                    inst.opname = "NOP"
                    instrs[i + 1].opname = "NOP"
                    instrs[i + 2].opname = ("POP_JUMP_IF_NOT_NONE"
                                            if invert ^ (jump_op == "POP_JUMP_IF_FALSE")
                                            else "POP_JUMP_IF_NONE")
        elif name == "BUILD_TUPLE":
            if nextop == "UNPACK_SEQUENCE" and inst.oparg == instrs[i + 1].oparg \
                    and inst.oparg in (1, 2, 3):
                inst.opname = "NOP"
                instrs[i + 1].opname = "NOP" if inst.oparg == 1 else "SWAP"
                i += 1
                continue
            if i >= inst.oparg:
                flowgraph.fold_tuple_on_constants(instrs, i - inst.oparg, inst.oparg,
                                                  consts, dialect)
        elif name in _OR_POP:
            same, other, other_pop = _OR_POP[name]
            top = target.opname
            if top == same:
                step -= _jump_thread(inst, target, same)
            elif top in ("JUMP", name):
                step -= _jump_thread(inst, target, name)
            elif top in (other, other_pop):
                if lineno(inst) == lineno(target):
                    inst.opname = same
                    inst.target = inst.target.next
                    step = 0
        elif name in _THREAD_THROUGH_JUMP:
            if target.opname == "JUMP":
                step -= _jump_thread(inst, target, name)
        elif name == "SWAP":
            if inst.oparg == 1:
                inst.opname = "NOP"
            else:
                i = flowgraph.swaptimize(instrs, i)
                flowgraph.apply_static_swaps(instrs, i)
        elif name == "PUSH_NULL":
            if nextop == "LOAD_GLOBAL" and (instrs[i + 1].oparg & 1) == 0:
                inst.opname = "NOP"
                inst.oparg = 0
                instrs[i + 1].oparg |= 1
        i += step


def clean_basic_block(block: Block) -> None:
    """Remove the NOPs whose line is carried by a neighbour, or that have none."""
    instrs = block.instrs
    kept: List[Instr] = []
    count = len(instrs)
    prev_lineno = -1
    for src, instr in enumerate(instrs):
        line = lineno(instr)
        if instr.opname == "NOP":
            if line < 0 or prev_lineno == line:
                continue
            if src < count - 1:
                following = instrs[src + 1]
                if lineno(following) == line:
                    continue
                if lineno(following) < 0:
                    following.loc = instr.loc
                    continue
            else:
                nxt = block.next
                while nxt is not None and not nxt.instrs:
                    nxt = nxt.next
                if nxt is not None and line == lineno(nxt.instrs[0]):
                    continue
        kept.append(instr)
        prev_lineno = line
    block.instrs = kept


def mark_reachable(graph: Graph) -> None:
    """Count predecessors (fall-through, jumps and handler pushes) from the entry."""
    graph.entry.predecessors = 1
    stack = [graph.entry]
    while stack:
        block = stack.pop()
        if block.next is not None and not block.nofallthrough:
            if block.next.predecessors == 0:
                stack.append(block.next)
            block.next.predecessors += 1
        for instr in block.instrs:
            if graph.is_jump(instr) or instr.opname in _BLOCK_PUSH:
                target = instr.target
                if target.predecessors == 0:
                    stack.append(target)
                target.predecessors += 1


# -- line numbers ----------------------------------------------------------------------


def _is_exit_without_lineno(block: Block) -> bool:
    return block.exit and all(lineno(instr) < 0 for instr in block.instrs)


def duplicate_exits_without_lineno(graph: Graph) -> None:
    """Give each jump to a lineless exit block a copy of its own, so that the line of
    the jump can be given to it."""
    for block in list(graph.newest_first()):
        if block.instrs and graph.is_jump(block.instrs[-1]):
            last = block.instrs[-1]
            target = last.target
            if _is_exit_without_lineno(target) and target.predecessors > 1:
                copy = graph.new_block()
                copy.instrs = [instr.copy() for instr in target.instrs]
                copy.exit = target.exit
                copy.nofallthrough = True
                copy.instrs[0].loc = last.loc
                last.target = copy
                target.predecessors -= 1
                copy.predecessors = 1
                copy.next = target.next
                target.next = copy
    order = list(graph.newest_first())
    for block in order:
        while block.next is not None and not block.next.instrs:
            block.next = block.next.next
    for block in order:
        if not block.nofallthrough and block.next is not None and block.instrs:
            if _is_exit_without_lineno(block.next):
                block.next.instrs[0].loc = block.instrs[-1].loc


def trim_unused_consts(graph: Graph, consts: List[Any]) -> None:
    """Drop the constants after the last one used (the first always stays)."""
    highest = 0
    for block in graph.layout():
        for instr in block.instrs:
            if instr.opname in ("LOAD_CONST", "KW_NAMES") and instr.oparg > highest:
                highest = instr.oparg
    del consts[highest + 1:]


_UNKNOWN = Location(-1, -1, -1, -1)


def propagate_line_numbers(graph: Graph) -> None:
    for block in graph.layout():
        if not block.instrs:
            continue
        prev = _UNKNOWN
        for instr in block.instrs:
            if lineno(instr) < 0:
                instr.loc = prev
            else:
                prev = instr.loc
        if not block.nofallthrough and block.next.predecessors == 1:
            if lineno(block.next.instrs[0]) < 0:
                block.next.instrs[0].loc = prev
        last = block.instrs[-1]
        if graph.is_jump(last):
            target = last.target
            if target.predecessors == 1 and lineno(target.instrs[0]) < 0:
                target.instrs[0].loc = prev


def guarantee_lineno_for_exits(graph: Graph, firstlineno: int) -> None:
    """A return still without a line gets the last line before it (the line only)."""
    line = firstlineno
    for block in graph.layout():
        if not block.instrs:
            continue
        last = block.instrs[-1]
        if lineno(last) < 0:
            if last.opname == "RETURN_VALUE":
                for instr in block.instrs:
                    instr.loc = instr.loc._replace(lineno=line)
        else:
            line = lineno(last)


def normalize_jumps(graph: Graph) -> None:
    """Each block-ending undirected jump takes its forward or backward opcode."""
    seen = set()
    for block in graph.layout():
        seen.add(id(block))
        if not block.instrs:
            continue
        last = block.instrs[-1]
        directed = _DIRECTED.get(last.opname)
        if directed is not None:
            last.opname = directed[id(last.target) in seen]

"""The flow graph, optimizer and assembler of 3.10 (``Python/compile.c`` at v3.10.13).

3.10 has no exception table and no pseudo-instructions: the block-stack opcodes are
real, and the passes run over CPython's basic blocks as the code generator made them
(:mod:`~minivm.compiler.codegen310` marks each ``compiler_use_next_block``).  The
order of ``assemble()``: the implicit return, ``normalize_basic_block`` and
``extend_block`` over ``b_list`` (newest block first), GEN_START in front of a
generator's entry, ``optimize_cfg``, ``duplicate_exits_without_lineno``,
``trim_unused_consts``, ``propagate_line_numbers``, ``guarantee_lineno_for_exits``,
stack depth, jump offsets to a fixpoint (code units, initial opargs 0), then the bytes
and the PEP 626 ``co_linetable``.

Two traversal orders matter and are kept apart: ``layout`` (``b_next``, the code
order) and ``created`` (``b_list``, which CPython walks newest first).
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ..tables.linetable import encode_linetable_310
from .code import Code
from .code import const_key
from .instructions import Instr, Location

MAX_COPY_SIZE = 4
_EXITS = frozenset(("RETURN_VALUE", "RAISE_VARARGS", "RERAISE"))
_UNCONDITIONAL = frozenset(("JUMP_ABSOLUTE", "JUMP_FORWARD"))
_ENDS_BLOCK = frozenset(("JUMP_ABSOLUTE", "JUMP_FORWARD", "POP_JUMP_IF_FALSE",
                         "POP_JUMP_IF_TRUE", "JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP",
                         "FOR_ITER", "JUMP_IF_NOT_EXC_MATCH"))
_HANDLER_PUSH = frozenset(("SETUP_FINALLY", "SETUP_WITH", "SETUP_ASYNC_WITH"))
_GENERATOR_KIND = (("COROUTINE", 1), ("ASYNC_GENERATOR", 2), ("GENERATOR", 0))


class Block:
    """``basicblock`` of 3.10 with its flags."""

    __slots__ = ("instrs", "next", "exit", "nofallthrough", "predecessors", "startdepth",
                 "offset")

    def __init__(self) -> None:
        self.instrs: List[Instr] = []
        self.next: Optional[Block] = None
        self.exit = False
        self.nofallthrough = False
        self.predecessors = 0
        self.startdepth = -(1 << 31)
        self.offset = 0

    def __repr__(self) -> str:
        return "<Block %s>" % [i.opname for i in self.instrs]


class Graph:
    block_class = Block

    def __init__(self, dialect: Any) -> None:
        self.dialect = dialect
        self.jumps = dialect.jumps
        self.created: List[Block] = []
        self.entry = self.new_block()

    def new_block(self) -> Block:
        block = self.block_class()
        self.created.append(block)
        return block

    def layout(self):
        block = self.entry
        while block is not None:
            yield block
            block = block.next

    def newest_first(self):
        return reversed(list(self.created))

    def is_jump(self, instr: Instr) -> bool:
        return instr.opname in self.jumps


def lineno(instr: Instr) -> int:
    return instr.loc.lineno


def set_lineno(instr: Instr, line: int) -> None:
    instr.loc = Location(line, line, -1, -1)


# -- building --------------------------------------------------------------------


def build_cfg(instrs: List[Instr], dialect: Any, graph_class: Any = None) -> Graph:
    """One block per label, made in label order (the order ``compiler_new_block``
    made them), linked in the order they were used."""
    from .codegen310 import BLOCK
    graph = (graph_class or Graph)(dialect)
    by_label: Dict[int, Block] = {}

    def block_of(label: Any) -> Block:
        found = by_label.get(label.id)
        if found is None:
            found = by_label[label.id] = graph.block_class()
        return found

    labels = {instr.target.id for instr in instrs if instr.target is not None}
    for label_id in sorted(labels):
        graph.created.append(block_of(_LabelId(label_id)))
    current = graph.entry
    for instr in instrs:
        if instr.opname == BLOCK:
            block = block_of(instr.target)
            current.next = block
            current = block
            continue
        if instr.target is not None:
            instr.target = block_of(instr.target)
        current.instrs.append(instr)
    return graph


class _LabelId:
    __slots__ = ("id",)

    def __init__(self, ident: int) -> None:
        self.id = ident


# -- assemble() ------------------------------------------------------------------------


def assemble(unit: Any, graph: Graph, consts: List[Any], flags: int, filename: str,
             const_cache: Dict[Any, Any]) -> Code:
    for block in graph.newest_first():
        normalize_basic_block(block)
    for block in graph.newest_first():
        extend_block(block)
    insert_generator_prefix(graph, flags)
    optimize_cfg(graph, consts)
    duplicate_exits_without_lineno(graph)
    trim_unused_consts(graph, consts)
    propagate_line_numbers(graph)
    guarantee_lineno_for_exits(graph, unit.firstlineno)
    generator_like = bool(flags & _generator_flags())
    maxdepth = stackdepth(graph, generator_like)
    normalize_jumps(graph)
    assemble_jump_offsets(graph)
    code, linetable = emit(graph, unit.firstlineno)
    target = graph.dialect.target
    cellvars = tuple(unit.cellvars)
    freevars = tuple(unit.freevars)
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
        co_freevars=freevars,
        co_cellvars=cellvars,
        co_filename=filename,
        co_name=unit.name,
        co_firstlineno=unit.firstlineno,
        co_linetable=linetable,
    )


def _generator_flags() -> int:
    from ..versions import CO_FLAGS
    return CO_FLAGS["GENERATOR"] | CO_FLAGS["COROUTINE"] | CO_FLAGS["ASYNC_GENERATOR"]


def normalize_basic_block(block: Block) -> None:
    """Mark exits and blocks that do not fall through; jumps skip empty blocks."""
    for instr in block.instrs:
        name = instr.opname
        if name in _EXITS:
            block.exit = True
            block.nofallthrough = True
        elif name in _ENDS_BLOCK:
            if name in _UNCONDITIONAL:
                block.nofallthrough = True
            while not instr.target.instrs:
                instr.target = instr.target.next


def extend_block(block: Block) -> None:
    """A jump to a small exit block becomes a copy of it."""
    if not block.instrs:
        return
    last = block.instrs[-1]
    if last.opname not in _UNCONDITIONAL:
        return
    target = last.target
    if target.exit and len(target.instrs) <= MAX_COPY_SIZE:
        last.opname = "NOP"
        block.instrs.extend(instr.copy() for instr in target.instrs)
        block.exit = True


def insert_generator_prefix(graph: Graph, flags: int) -> None:
    from ..versions import CO_FLAGS
    for flag, kind in _GENERATOR_KIND:
        if flags & CO_FLAGS[flag]:
            graph.entry.instrs.insert(0, Instr("GEN_START", kind, Location(-1, -1, -1, -1)))
            return


def optimize_cfg(graph: Graph, consts: List[Any]) -> None:
    for block in graph.layout():
        optimize_basic_block(graph, block, consts)
        clean_basic_block(block, -1)
    for block in graph.newest_first():
        extend_block(block)
    mark_reachable(graph)
    for block in graph.layout():
        if block.predecessors == 0:
            block.instrs = []
            block.nofallthrough = False
    pred: Optional[Block] = None
    for block in graph.layout():
        prev_lineno = -1
        if pred is not None and pred.instrs:
            prev_lineno = lineno(pred.instrs[-1])
        clean_basic_block(block, prev_lineno)
        pred = None if block.nofallthrough else block
    eliminate_empty_basic_blocks(graph)
    maybe_empty = False
    for block in graph.layout():
        if block.instrs:
            last = block.instrs[-1]
            if last.opname in _UNCONDITIONAL and last.target is block.next:
                block.nofallthrough = False
                last.opname = "NOP"
                clean_basic_block(block, -1)
                maybe_empty = True
    if maybe_empty:
        eliminate_empty_basic_blocks(graph)


def skip_empty(block: Block) -> Block:
    while not block.instrs:
        block = block.next
    return block


def optimize_basic_block(graph: Graph, block: Block, consts: List[Any]) -> None:
    """``optimize_basic_block`` of 3.10: constant conditions, tuple folding and
    swaps, jump threading."""
    instrs = block.instrs
    i = 0
    while i < len(instrs):
        inst = instrs[i]
        nextop = instrs[i + 1].opname if i + 1 < len(instrs) else None
        target: Optional[Instr] = None
        if graph.is_jump(inst):
            inst.target = skip_empty(inst.target)
            target = inst.target.instrs[0]
        name = inst.opname
        again = False
        if name == "LOAD_CONST":
            if nextop in ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE"):
                is_true = bool(consts[inst.oparg])
                inst.opname = "NOP"
                if is_true == (nextop == "POP_JUMP_IF_TRUE"):
                    instrs[i + 1].opname = "JUMP_ABSOLUTE"
                    block.nofallthrough = True
                else:
                    instrs[i + 1].opname = "NOP"
            elif nextop in ("JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP"):
                is_true = bool(consts[inst.oparg])
                if is_true == (nextop == "JUMP_IF_TRUE_OR_POP"):
                    instrs[i + 1].opname = "JUMP_ABSOLUTE"
                    block.nofallthrough = True
                else:
                    inst.opname = "NOP"
                    instrs[i + 1].opname = "NOP"
        elif name == "BUILD_TUPLE":
            if nextop == "UNPACK_SEQUENCE" and inst.oparg == instrs[i + 1].oparg:
                if inst.oparg == 1:
                    inst.opname = "NOP"
                    instrs[i + 1].opname = "NOP"
                elif inst.oparg == 2:
                    inst.opname = "ROT_TWO"
                    instrs[i + 1].opname = "NOP"
                elif inst.oparg == 3:
                    inst.opname = "ROT_THREE"
                    instrs[i + 1].opname = "ROT_TWO"
            elif i >= inst.oparg:
                fold_tuple_on_constants(instrs, i - inst.oparg, inst.oparg, consts)
        elif name in ("JUMP_IF_FALSE_OR_POP", "JUMP_IF_TRUE_OR_POP"):
            same = "POP_JUMP_IF_FALSE" if name == "JUMP_IF_FALSE_OR_POP" \
                else "POP_JUMP_IF_TRUE"
            other = "JUMP_IF_TRUE_OR_POP" if name == "JUMP_IF_FALSE_OR_POP" \
                else "JUMP_IF_FALSE_OR_POP"
            top = target.opname
            if top == same:
                if lineno(inst) == lineno(target):
                    inst.opname, inst.oparg, inst.target = (target.opname, target.oparg,
                                                            target.target)
                    inst.loc = target.loc
                    again = True
            elif top in ("JUMP_ABSOLUTE", "JUMP_FORWARD", name):
                if lineno(inst) == lineno(target) and inst.target is not target.target:
                    inst.target = target.target
                    again = True
            elif top == other:
                if lineno(inst) == lineno(target):
                    inst.opname = same
                    inst.target = inst.target.next
                    again = True
        elif name in ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE"):
            if target.opname in _UNCONDITIONAL and lineno(inst) == lineno(target):
                inst.target = target.target
                again = True
        elif name in _UNCONDITIONAL:
            if target.opname == "JUMP_FORWARD":
                eliminate_jump_to_jump(block, name)
            elif target.opname == "JUMP_ABSOLUTE":
                eliminate_jump_to_jump(block, "JUMP_ABSOLUTE")
        elif name == "FOR_ITER":
            if target.opname == "JUMP_FORWARD":
                eliminate_jump_to_jump(block, name)
        elif name == "ROT_N":
            count = inst.oparg
            if count < 2:
                inst.opname = "NOP"
                i += 1
                continue
            if count <= 4:
                inst.opname = ("ROT_TWO", "ROT_THREE", "ROT_FOUR")[count - 2]
            if i >= count - 1:
                fold_rotations(instrs, i - count + 1, count)
        if not again:
            i += 1


_ROTATIONS = {"ROT_TWO": 2, "ROT_THREE": 3, "ROT_FOUR": 4}


def fold_rotations(instrs: List[Instr], start: int, n: int) -> None:
    """``n`` rotations of the top ``n`` items in a row cancel out: all become NOPs."""
    for instr in instrs[start:start + n]:
        rot = instr.oparg if instr.opname == "ROT_N" else _ROTATIONS.get(instr.opname)
        if rot != n:
            return
    for instr in instrs[start:start + n]:
        instr.opname = "NOP"


def fold_tuple_on_constants(instrs: List[Instr], start: int, n: int,
                            consts: List[Any]) -> None:
    """LOAD_CONSTs and their BUILD_TUPLE become one LOAD_CONST of the tuple; the
    loads become NOPs that keep their opargs (3.10 writes them as they are)."""
    for k in range(n):
        if instrs[start + k].opname != "LOAD_CONST":
            return
    value = tuple(consts[instrs[start + k].oparg] for k in range(n))
    key = const_key(value)
    index = next((i for i, existing in enumerate(consts)
                  if type(existing) is tuple and const_key(existing) == key), None)
    if index is None:
        index = len(consts)
        consts.append(value)
    for k in range(n):
        instrs[start + k].opname = "NOP"
    instrs[start + n].opname = "LOAD_CONST"
    instrs[start + n].oparg = index


def eliminate_jump_to_jump(block: Block, opname: str) -> None:
    inst = block.instrs[-1]
    target = inst.target.instrs[0]
    if inst.target is target.target or lineno(inst) != lineno(target):
        return
    block.instrs.append(Instr(opname, 0, target.loc, target.target))
    inst.opname = "NOP"


def clean_basic_block(block: Block, prev_lineno: int) -> None:
    """Remove the NOPs whose line is carried by a neighbour, or that have none."""
    instrs = block.instrs
    kept: List[Instr] = []
    count = len(instrs)
    for src, instr in enumerate(instrs):
        line = lineno(instr)
        if instr.opname == "NOP":
            if line < 0 or prev_lineno == line:
                continue
            if src < count - 1:
                following = lineno(instrs[src + 1])
                if following < 0 or following == line:
                    set_lineno(instrs[src + 1], line)
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
    for block in graph.created:
        block.predecessors = 0
    graph.entry.predecessors = 1
    stack = [graph.entry]
    while stack:
        block = stack.pop()
        if block.next is not None and not block.nofallthrough:
            if block.next.predecessors == 0:
                stack.append(block.next)
            block.next.predecessors += 1
        for instr in block.instrs:
            if graph.is_jump(instr):
                target = instr.target
                if target.predecessors == 0:
                    stack.append(target)
                target.predecessors += 1


def eliminate_empty_basic_blocks(graph: Graph) -> None:
    for block in graph.layout():
        nxt = block.next
        if nxt is not None:
            while not nxt.instrs and nxt.next is not None:
                nxt = nxt.next
            block.next = nxt
    for block in graph.layout():
        if block.instrs and graph.is_jump(block.instrs[-1]):
            last = block.instrs[-1]
            last.target = skip_empty(last.target)


def _is_exit_without_lineno(block: Block) -> bool:
    return block.exit and lineno(block.instrs[0]) < 0


def duplicate_exits_without_lineno(graph: Graph) -> None:
    for block in list(graph.newest_first()):
        if block.instrs and graph.is_jump(block.instrs[-1]):
            last = block.instrs[-1]
            if last.opname in _HANDLER_PUSH:
                continue
            target = last.target
            if _is_exit_without_lineno(target) and target.predecessors > 1:
                copy = graph.new_block()
                copy.instrs = [instr.copy() for instr in target.instrs]
                copy.exit = target.exit
                copy.nofallthrough = target.nofallthrough
                set_lineno(copy.instrs[0], lineno(last))
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
                set_lineno(block.next.instrs[0], lineno(block.instrs[-1]))


def trim_unused_consts(graph: Graph, consts: List[Any]) -> None:
    """Drop the constants after the last one loaded (the first always stays)."""
    highest = 0
    for block in graph.layout():
        for instr in block.instrs:
            if instr.opname == "LOAD_CONST" and instr.oparg > highest:
                highest = instr.oparg
    del consts[highest + 1:]


def propagate_line_numbers(graph: Graph) -> None:
    for block in graph.layout():
        if not block.instrs:
            continue
        prev = -1
        for instr in block.instrs:
            if lineno(instr) < 0:
                set_lineno(instr, prev)
            else:
                prev = lineno(instr)
        if not block.nofallthrough and block.next is not None \
                and block.next.predecessors == 1:
            if lineno(block.next.instrs[0]) < 0:
                set_lineno(block.next.instrs[0], prev)
        last = block.instrs[-1]
        if graph.is_jump(last) and last.opname not in _HANDLER_PUSH:
            target = last.target
            if target.predecessors == 1 and lineno(target.instrs[0]) < 0:
                set_lineno(target.instrs[0], prev)


def guarantee_lineno_for_exits(graph: Graph, firstlineno: int) -> None:
    line = firstlineno
    for block in graph.layout():
        if not block.instrs:
            continue
        last = block.instrs[-1]
        if lineno(last) < 0:
            if last.opname == "RETURN_VALUE":
                for instr in block.instrs:
                    set_lineno(instr, line)
        else:
            line = lineno(last)


def stackdepth(graph: Graph, generator_like: bool) -> int:
    target = graph.dialect.target
    spec = target.spec
    for block in graph.created:
        block.startdepth = -(1 << 31)
    stack: List[Block] = []

    def push(block: Block, depth: int) -> None:
        if block.startdepth < depth and block.startdepth < 100:
            block.startdepth = depth
            stack.append(block)

    push(graph.entry, 1 if generator_like else 0)
    maxdepth = 0
    while stack:
        block = stack.pop()
        depth = block.startdepth
        following = block.next
        for instr in block.instrs:
            op = spec[instr.opname]
            new_depth = depth + op.stack_effect(instr.oparg, False)
            maxdepth = max(maxdepth, new_depth)
            if graph.is_jump(instr):
                target_depth = depth + op.stack_effect(instr.oparg, True)
                maxdepth = max(maxdepth, target_depth)
                push(instr.target, target_depth)
            depth = new_depth
            if instr.opname in _UNCONDITIONAL or instr.opname in _EXITS:
                following = None
                break
        if following is not None:
            push(following, depth)
    return maxdepth


def normalize_jumps(graph: Graph) -> None:
    """A block-ending JUMP_ABSOLUTE to a later block becomes JUMP_FORWARD, a
    JUMP_FORWARD to an earlier one JUMP_ABSOLUTE."""
    seen = set()
    for block in graph.layout():
        seen.add(id(block))
        if not block.instrs:
            continue
        last = block.instrs[-1]
        if last.opname == "JUMP_ABSOLUTE" and id(last.target) not in seen:
            last.opname = "JUMP_FORWARD"
        if last.opname == "JUMP_FORWARD" and id(last.target) in seen:
            last.opname = "JUMP_ABSOLUTE"


def _size(oparg: int) -> int:
    return 1 + (oparg > 0xFF) + (oparg > 0xFFFF) + (oparg > 0xFFFFFF)


def assemble_jump_offsets(graph: Graph) -> None:
    """Jump opargs in code units, from 0, until no EXTENDED_ARG count changes."""
    spec = graph.dialect.target.spec
    blocks = list(graph.layout())
    kinds = {}
    for block in blocks:
        for instr in block.instrs:
            if graph.is_jump(instr):
                instr.oparg = 0
                kinds[instr.opname] = spec[instr.opname].kind
    while True:
        total = 0
        for block in blocks:
            block.offset = total
            total += sum(_size(instr.oparg) for instr in block.instrs)
        changed = False
        for block in blocks:
            position = block.offset
            for instr in block.instrs:
                size = _size(instr.oparg)
                position += size
                kind = kinds.get(instr.opname) if graph.is_jump(instr) else None
                if kind is not None:
                    instr.oparg = kind.encode(2 * position, 2 * instr.target.offset)
                    if _size(instr.oparg) != size:
                        changed = True
        if not changed:
            return


def emit(graph: Graph, firstlineno: int):
    opmap = graph.dialect.target.opmap
    extended_arg = opmap["EXTENDED_ARG"]
    out = bytearray()
    runs: List[Any] = []
    run_line = last_real = firstlineno
    run_start = 0
    for block in graph.layout():
        for instr in block.instrs:
            line = lineno(instr)
            if line == 0:  # "no line yet": the last real line before it
                line = last_real
            elif line > 0:
                last_real = line
            if line != run_line:
                runs.append((len(out) - run_start, None if run_line < 0 else run_line))
                run_line = line
                run_start = len(out)
            oparg = instr.oparg
            for shift in (24, 16, 8):
                if oparg > (1 << shift) - 1:
                    out.append(extended_arg)
                    out.append((oparg >> shift) & 0xFF)
            out.append(opmap[instr.opname])
            out.append(oparg & 0xFF)
    runs.append((len(out) - run_start, None if run_line < 0 else run_line))
    return bytes(out), encode_linetable_310(runs, firstlineno)

"""From an optimized flow graph to a :class:`~minivm.compiler.code.Code` (``assemble.c``).

Steps, as CPython orders them: the prefix instructions (``COPY_FREE_VARS``,
``MAKE_CELL``, ``RETURN_GENERATOR``) and cell offsets (``prepare_localsplus``), stack
depth, pseudo-ops to real ones, jump resolution with ``EXTENDED_ARG`` to a fixpoint,
then the bytes with their inline caches, the PEP 626/657 location table and the
exception table.

The location-table and exception-table encoders are the 3.11+ formats; the older
dialects' encoders (lnotab, the 3.10 linetable, absolute byte-offset jumps) belong in
functions of their own next to these, chosen by ``target.line_table_format`` and
``target.jump_encoding``.
"""

from __future__ import annotations

from typing import Any, Dict, List, Tuple

from ..tables.exctable import ExceptionEntry, encode_entry
from ..tables.linetable import LocationWriter
from ..versions import CO_FAST_CELL, CO_FAST_FREE, CO_FAST_HIDDEN, CO_FAST_LOCAL, CO_FLAGS
from .code import Code
from . import flowgraph313
from .flowgraph import CFG, convert_pseudo_ops, normalize_jumps, stackdepth
from .instructions import NO_LOCATION, Instr, Location

_GENERATOR_FLAGS = CO_FLAGS["GENERATOR"] | CO_FLAGS["COROUTINE"] | CO_FLAGS["ASYNC_GENERATOR"]

_DEREF_OPS = frozenset(("MAKE_CELL", "LOAD_CLOSURE", "LOAD_DEREF", "STORE_DEREF",
                        "DELETE_DEREF", "LOAD_FROM_DICT_OR_DEREF", "LOAD_CLASSDEREF"))


class AssemblerError(ValueError):
    """The graph cannot be assembled (a compiler bug, reported with the code unit)."""


def assemble(unit: Any, graph: CFG, consts: List[Any], flags: int, filename: str) -> Code:
    """Make the code object of one code unit (``unit`` is codegen's ``CodeUnit``)."""
    target = graph.dialect.target
    maxdepth = stackdepth(graph, False)
    nlocalsplus = prepare_localsplus(unit, graph, flags)
    if target.compiler("pseudo_cleanup_whole_graph"):
        flowgraph313.convert_pseudo_ops(graph)
    else:
        convert_pseudo_ops(graph)
    normalize_jumps(graph)
    resolve_jump_offsets(graph)
    instrs, handlers = _linearize(graph)
    code = _emit_code(instrs, graph.dialect)
    linetable = _location_table(instrs, unit.firstlineno, graph.dialect)
    exceptiontable = _exception_table(instrs, handlers, graph.dialect)
    return make_code(unit, target, nlocalsplus, maxdepth, flags, code, consts, filename,
                     linetable, exceptiontable)


def make_code(unit: Any, target: Any, nlocalsplus: int, maxdepth: int, flags: int,
              code: bytes, consts: List[Any], filename: str, linetable: bytes,
              exceptiontable: bytes) -> Code:
    """``makecode`` (3.11+): the code object of an assembled unit."""
    names, kinds = _localsplus_info(unit, nlocalsplus)
    return Code(
        target,
        co_argcount=unit.argcount + unit.posonlyargcount,
        co_posonlyargcount=unit.posonlyargcount,
        co_kwonlyargcount=unit.kwonlyargcount,
        co_stacksize=maxdepth,
        co_flags=flags,
        co_code=code,
        co_consts=tuple(consts),
        co_names=tuple(unit.names),
        co_localsplusnames=names,
        co_localspluskinds=kinds,
        co_filename=filename,
        co_name=unit.name,
        co_qualname=unit.qualname or unit.name,
        co_firstlineno=unit.firstlineno,
        co_linetable=linetable,
        co_exceptiontable=exceptiontable,
    )


# -- locals plus -------------------------------------------------------------------


def prepare_localsplus(unit: Any, graph: CFG, flags: int) -> int:
    nlocals = len(unit.varnames)
    ncells = len(unit.cellvars)
    nfrees = len(unit.freevars)
    fixed = _build_cellfixedoffsets(unit)
    _insert_prefix_instructions(unit, graph, fixed, nfrees, flags)
    dropped = _fix_cell_offsets(unit, graph, fixed)
    return nlocals + ncells + nfrees - dropped


def _build_cellfixedoffsets(unit: Any) -> List[int]:
    nlocals = len(unit.varnames)
    fixed = [nlocals + i for i in range(len(unit.cellvars) + len(unit.freevars))]
    for name, cell_index in unit.cellvars.items():
        var_index = unit.varnames.get(name)
        if var_index is not None:
            fixed[cell_index] = var_index
    return fixed


def _insert_prefix_instructions(unit: Any, graph: CFG, fixed: List[int], nfrees: int,
                                flags: int) -> None:
    entry = graph.entry.instrs
    if flags & _GENERATOR_FLAGS:
        first = unit.firstlineno
        located = Location(first, first, -1, -1)
        pop_loc = (located if graph.dialect.target.compiler("generator_pop_top_located")
                   else NO_LOCATION)
        entry[0:0] = [Instr("RETURN_GENERATOR", 0, located), Instr("POP_TOP", 0, pop_loc)]
    ncells = len(unit.cellvars)
    if ncells:
        nvars = ncells + len(unit.varnames)
        sorted_cells = [0] * nvars
        for i in range(ncells):
            sorted_cells[fixed[i]] = i + 1
        used = 0
        i = 0
        while used < ncells:
            old = sorted_cells[i] - 1
            i += 1
            if old == -1:
                continue
            entry.insert(used, Instr("MAKE_CELL", old, NO_LOCATION))
            used += 1
    if nfrees:
        entry.insert(0, Instr("COPY_FREE_VARS", nfrees, NO_LOCATION))


def _fix_cell_offsets(unit: Any, graph: CFG, fixed: List[int]) -> int:
    nlocals = len(unit.varnames)
    dropped = 0
    for i in range(len(fixed)):
        if fixed[i] == i + nlocals:
            fixed[i] -= dropped
        else:
            dropped += 1
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in _DEREF_OPS:
                instr.oparg = fixed[instr.oparg]
    return dropped


def _localsplus_info(unit: Any, nlocalsplus: int) -> Tuple[Tuple[str, ...], bytes]:
    names: List[Any] = [None] * nlocalsplus
    kinds = bytearray(nlocalsplus)
    for name, offset in unit.varnames.items():
        kind = CO_FAST_LOCAL
        if name in unit.fasthidden:
            kind |= CO_FAST_HIDDEN
        if name in unit.cellvars:
            kind |= CO_FAST_CELL
        names[offset] = name
        kinds[offset] = kind
    nlocals = len(unit.varnames)
    dropped = 0
    for name, offset in unit.cellvars.items():
        if name in unit.varnames:
            dropped += 1
            continue
        names[offset + nlocals - dropped] = name
        kinds[offset + nlocals - dropped] = CO_FAST_CELL
    for name, offset in unit.freevars.items():
        names[offset + nlocals - dropped] = name
        kinds[offset + nlocals - dropped] = CO_FAST_FREE
    return tuple(names), bytes(kinds)


# -- jumps and bytes -----------------------------------------------------------------


def instr_size(instr: Instr, caches: Dict[str, int]) -> int:
    oparg = instr.oparg
    extended = (oparg > 0xFFFFFF) + (oparg > 0xFFFF) + (oparg > 0xFF)
    return extended + 1 + caches.get(instr.opname, 0)


def resolve_jump_offsets(graph: CFG) -> None:
    """Jump opargs as each jump's oparg kind encodes them (relative to the next
    instruction or absolute, in bytes or code units), repeated until no jump needs a
    different number of EXTENDED_ARGs."""
    caches = graph.dialect.caches
    jumps = graph.dialect.jumps
    spec = graph.dialect.spec
    kinds = {name: spec[name].kind for name in jumps}
    if graph.dialect.target.compiler("jump_args_start_at_index"):
        _jumps_to_instruction_indexes(graph, jumps)
    while True:
        total = 0
        for block in graph.blocks():
            block.offset = total
            total += sum(instr_size(instr, caches) for instr in block.instrs)
        changed = False
        for block in graph.blocks():
            position = block.offset
            for instr in block.instrs:
                size = instr_size(instr, caches)
                position += size
                kind = kinds.get(instr.opname)
                if kind is not None:
                    instr.oparg = kind.encode(2 * position, 2 * instr.target.offset)
                    if instr_size(instr, caches) != size:
                        changed = True
        if not changed:
            return


def _jumps_to_instruction_indexes(graph: CFG, jumps: Any) -> None:
    """Before the first sizing, a jump's oparg is the index of its target instruction
    in the linear sequence (CPython's label map), so a jump to a far instruction
    starts with EXTENDED_ARGs; the fixpoint can keep one a smaller start would not
    have needed."""
    index = 0
    for block in graph.blocks():
        block.offset = index
        index += len(block.instrs)
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in jumps:
                instr.oparg = instr.target.offset


def _linearize(graph: CFG) -> Tuple[List[Instr], List[Any]]:
    instrs: List[Instr] = []
    handlers: List[Any] = []
    for block in graph.blocks():
        for instr in block.instrs:
            instrs.append(instr)
            handler = instr.except_
            if handler is None:
                handlers.append(None)
            else:
                handlers.append((handler.offset, handler.startdepth, handler.preserve_lasti))
    return instrs, handlers


def _emit_code(instrs: List[Instr], dialect: Any) -> bytes:
    opmap = dialect.target.opmap
    caches = dialect.caches
    extended_arg = opmap["EXTENDED_ARG"]
    cache_op = opmap.get("CACHE", 0)
    out = bytearray()
    for instr in instrs:
        try:
            opcode = opmap[instr.opname]
        except KeyError:
            raise AssemblerError("no opcode %s in %s" % (instr.opname, dialect.target.name))
        if opcode >= 256:
            raise AssemblerError("pseudo-instruction %s reached the assembler" % instr.opname)
        oparg = instr.oparg
        for shift in (24, 16, 8):
            if oparg > (1 << shift) - 1:
                out.append(extended_arg)
                out.append((oparg >> shift) & 0xFF)
        out.append(opcode)
        out.append(oparg & 0xFF)
        out.extend(bytes((cache_op, 0)) * caches.get(instr.opname, 0))
    return bytes(out)


# -- location table (PEP 626 / 657, 3.11+) ---------------------------------------


def _location_table(instrs: List[Instr], firstlineno: int, dialect: Any) -> bytes:
    writer = LocationWriter(firstlineno)
    caches = dialect.caches
    loc = NO_LOCATION
    size = 0
    for instr in instrs:
        if instr.loc != loc:
            writer.emit(loc, size)
            loc = instr.loc
            size = 0
        size += instr_size(instr, caches)
    writer.emit(loc, size)
    return bytes(writer.out)


# -- exception table (3.11+) ------------------------------------------------------------


def _exception_table(instrs: List[Instr], handlers: List[Any], dialect: Any) -> bytes:
    out = bytearray()
    caches = dialect.caches
    offset = 0
    current = None
    start = -1
    for instr, handler in zip(instrs, handlers):
        key = handler[0] if handler is not None else -1
        current_key = current[0] if current is not None else -1
        if key != current_key:
            if current is not None:
                _exception_entry(out, start, offset, current)
            start = offset
            current = handler
        offset += instr_size(instr, caches)
    if current is not None:
        _exception_entry(out, start, offset, current)
    return bytes(out)


def _exception_entry(out: bytearray, start: int, end: int, handler: Any) -> None:
    target, startdepth, preserve_lasti = handler
    depth = startdepth - 1
    if preserve_lasti:
        depth -= 1
    encode_entry(out, ExceptionEntry(start, end, target, depth, bool(preserve_lasti)))

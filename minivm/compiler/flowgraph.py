"""The control-flow graph and CPython's passes over it (``Python/flowgraph.c``, 3.12/3.13).

``build_cfg`` cuts the code generator's instruction sequence into basic blocks exactly
where CPython does (a label, or the instruction after a terminator); ``optimize`` then
runs the passes of ``_PyCfg_OptimizeCodeUnit`` in CPython's order: label exception
handlers, jump threading and constant folding per block, dead-block removal, unused
constants, ``LOAD_FAST_CHECK`` insertion, cold blocks to the end and line-number
propagation.  Each pass keeps CPython's traversal order, including the quirks that
decide observable results (how many times a block is counted as a predecessor, which
duplicate of an exit block gets a line number), since the bytecode must be identical.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from .code import const_key
from .dialect import (BLOCK_PUSH, CONDITIONAL_JUMP_REVERSED, SCOPE_EXIT, UNCONDITIONAL_JUMP,
                      Dialect, min_stacksize, stack_effect)
from .instructions import NO_LOCATION, Instr, Label, Location

MAX_COPY_SIZE = 4


class Block:
    """A basic block (``basicblock``): instructions and the flags the passes set."""

    __slots__ = ("instrs", "next", "label", "except_handler", "preserve_lasti", "visited",
                 "predecessors", "startdepth", "offset", "cold", "warm", "unsafe_locals",
                 "exceptstack")

    def __init__(self, label: Optional[Label] = None) -> None:
        self.instrs: List[Instr] = []
        self.next: Optional[Block] = None
        self.label = label
        self.except_handler = False
        self.preserve_lasti = False
        self.visited = False
        self.predecessors = 0
        self.startdepth = -(1 << 31)
        self.offset = 0
        self.cold = False
        self.warm = False
        self.unsafe_locals = 0
        self.exceptstack: Optional[List[Any]] = None

    @property
    def last(self) -> Optional[Instr]:
        return self.instrs[-1] if self.instrs else None

    def __repr__(self) -> str:
        return "<Block %s %s>" % (self.label, [i.opname for i in self.instrs])


class CFG:
    """A code unit's graph: the entry block, linked through ``Block.next``."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self.entry = Block()
        self.max_label = -1

    def blocks(self):
        block = self.entry
        while block is not None:
            yield block
            block = block.next

    # -- helpers mirroring flowgraph.c macros --

    def is_jump(self, instr: Instr) -> bool:
        return instr.opname in self.dialect.jumps

    def has_fallthrough(self, block: Block) -> bool:
        last = block.last
        return not (last is not None and (last.opname in SCOPE_EXIT
                                          or last.opname in UNCONDITIONAL_JUMP))

    def traversal_reset(self) -> None:
        """``make_cfg_traversal_stack`` clears every ``visited`` flag."""
        for block in self.blocks():
            block.visited = False


# -- building ----------------------------------------------------------------------


def build_cfg(instrs: List[Instr], label_offsets: Dict[int, int], dialect: Dialect,
              all_labels: bool = True) -> CFG:
    """``instr_sequence_to_cfg``: one label per offset (the last one defined wins),
    a new block at every label (3.13: at every label some instruction jumps to) and
    after every terminator."""
    graph = CFG(dialect)
    offset_label: Dict[int, Label] = {}
    used = None
    if not all_labels:
        used = {label_offsets[instr.target.id] for instr in instrs
                if instr.opname in dialect.has_target}
    for label_id, offset in label_offsets.items():
        if offset >= 0 and (used is None or offset in used):
            offset_label[offset] = Label(label_id)
    current = graph.entry
    pending: Optional[Label] = None
    terminators = dialect.terminators
    has_target = dialect.has_target
    for index, instr in enumerate(instrs):
        label = offset_label.get(index)
        if label is not None:
            pending = label
        last = current.last
        terminated = last is not None and last.opname in terminators
        if not terminated and pending is not None:
            if last is not None or current.label is not None:
                terminated = True
            else:
                current.label = pending
                pending = None
        if terminated:
            block = Block(pending)
            pending = None
            current.next = block
            current = block
        if instr.opname in has_target:
            target_offset = label_offsets[instr.target.id]
            instr.target = offset_label[target_offset]
        current.instrs.append(instr)
    graph.max_label = max(label_offsets) if label_offsets else -1
    _translate_labels(graph)
    return graph


def _translate_labels(graph: CFG) -> None:
    """``translate_jump_labels_to_targets``: jump targets become blocks."""
    by_label: Dict[int, Block] = {}
    for block in graph.blocks():
        if block.label is not None:
            by_label[block.label.id] = block
    has_target = graph.dialect.has_target
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in has_target:
                instr.target = by_label[instr.target.id]


# -- exception handlers --------------------------------------------------------------


def mark_except_handlers(graph: CFG) -> None:
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in BLOCK_PUSH:
                instr.target.except_handler = True


def label_exception_targets(graph: CFG) -> None:
    """Give every instruction the handler block that covers it (``i_except``), walking
    the graph with a stack of active handlers as CPython does; YIELD_VALUE's oparg
    becomes the handler depth."""
    graph.traversal_reset()
    entry = graph.entry
    entry.visited = True
    entry.exceptstack = [None]
    todo = [entry]
    while todo:
        block = todo.pop()
        stack = block.exceptstack
        block.exceptstack = None
        handler = stack[-1]
        for instr in block.instrs:
            name = instr.opname
            if name in BLOCK_PUSH:
                target = instr.target
                if not target.visited:
                    target.exceptstack = list(stack)
                    target.visited = True
                    todo.append(target)
                if name in ("SETUP_WITH", "SETUP_CLEANUP"):
                    target.preserve_lasti = True
                stack.append(target)
                handler = target
            elif name == "POP_BLOCK":
                stack.pop()
                handler = stack[-1]
            elif graph.is_jump(instr):
                instr.except_ = handler
                target = instr.target
                if not target.visited:
                    if graph.has_fallthrough(block):
                        target.exceptstack = list(stack)
                    else:
                        target.exceptstack = stack
                        stack = None
                    target.visited = True
                    todo.append(target)
            elif name == "YIELD_VALUE":
                instr.except_ = handler
                instr.oparg = len(stack) - 1
            else:
                instr.except_ = handler
        following = block.next
        if graph.has_fallthrough(block) and following is not None and not following.visited:
            following.exceptstack = stack
            following.visited = True
            todo.append(following)


# -- optimize_cfg ----------------------------------------------------------------------


def eliminate_empty_blocks(graph: CFG) -> None:
    for block in graph.blocks():
        following = block.next
        while following is not None and not following.instrs:
            following = following.next
        block.next = following
    while graph.entry is not None and not graph.entry.instrs:
        graph.entry = graph.entry.next
    has_target = graph.dialect.has_target
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in has_target:
                target = instr.target
                while not target.instrs:
                    target = target.next
                instr.target = target


def _exits_scope(block: Block) -> bool:
    last = block.last
    return last is not None and last.opname in SCOPE_EXIT


def inline_small_exit_blocks(block: Block) -> bool:
    last = block.last
    if last is None or last.opname not in UNCONDITIONAL_JUMP:
        return False
    target = last.target
    if _exits_scope(target) and len(target.instrs) <= MAX_COPY_SIZE:
        last.set_op0("NOP")
        block.instrs.extend(instr.copy() for instr in target.instrs)
        return True
    return False


def remove_redundant_nops(graph: CFG, block: Block) -> int:
    """Drop NOPs that carry no line number a neighbour does not already carry."""
    kept: List[Instr] = []
    prev_lineno = -1
    instrs = block.instrs
    count = len(instrs)
    for src, instr in enumerate(instrs):
        lineno = instr.loc.lineno
        if instr.opname == "NOP":
            if lineno < 0 or prev_lineno == lineno:
                continue
            if src < count - 1:
                next_lineno = instrs[src + 1].loc.lineno
                if next_lineno == lineno:
                    continue
                if next_lineno < 0:
                    instrs[src + 1].loc = instr.loc
                    continue
            else:
                following = block.next
                while following is not None and not following.instrs:
                    following = following.next
                if following is not None and lineno == following.instrs[0].loc.lineno:
                    continue
        kept.append(instr)
        prev_lineno = lineno
    removed = count - len(kept)
    block.instrs = kept
    return removed


def remove_redundant_nops_and_pairs(graph: CFG) -> None:
    """Turn ``LOAD_CONST; POP_TOP`` and ``COPY 1; POP_TOP`` into NOPs, to a fixpoint."""
    done = False
    while not done:
        done = True
        instr: Optional[Instr] = None
        for block in graph.blocks():
            remove_redundant_nops(graph, block)
            if block.label is not None:
                instr = None
            for current in block.instrs:
                prev = instr
                instr = current
                if current.opname == "POP_TOP" and prev is not None and (
                        prev.opname == "LOAD_CONST"
                        or (prev.opname == "COPY" and prev.oparg == 1)):
                    prev.set_op0("NOP")
                    current.set_op0("NOP")
                    done = False
            if (instr is not None and graph.is_jump(instr)) or not graph.has_fallthrough(block):
                instr = None


def _next_nonempty(block: Optional[Block]) -> Optional[Block]:
    while block is not None and not block.instrs:
        block = block.next
    return block


def remove_redundant_jumps(graph: CFG) -> int:
    changes = 0
    for block in graph.blocks():
        last = block.last
        if last is None or last.opname not in UNCONDITIONAL_JUMP:
            continue
        if _next_nonempty(last.target) is _next_nonempty(block.next):
            changes += 1
            last.set_op0("NOP")
    return changes


def mark_reachable(graph: CFG) -> None:
    """Count predecessors from the entry; a block pushed twice is counted twice, as in
    CPython, because the visited flag is only set when a block is popped."""
    graph.traversal_reset()
    for block in graph.blocks():
        block.predecessors = 0
    entry = graph.entry
    entry.predecessors = 1
    stack = [entry]
    while stack:
        block = stack.pop()
        block.visited = True
        following = block.next
        if following is not None and graph.has_fallthrough(block):
            if not following.visited:
                stack.append(following)
            following.predecessors += 1
        for instr in block.instrs:
            if graph.is_jump(instr) or instr.opname in BLOCK_PUSH:
                target = instr.target
                if not target.visited:
                    stack.append(target)
                target.predecessors += 1


def optimize_cfg(graph: CFG, consts: List[Any], const_cache: Dict[Any, Any],
                 folder: Any) -> None:
    eliminate_empty_blocks(graph)
    for block in graph.blocks():
        inline_small_exit_blocks(block)
    for block in graph.blocks():
        folder.optimize_block(graph, block, consts)
    remove_redundant_nops_and_pairs(graph)
    for block in graph.blocks():
        inline_small_exit_blocks(block)
    mark_reachable(graph)
    for block in graph.blocks():
        if block.predecessors == 0:
            block.instrs = []
    for block in graph.blocks():
        remove_redundant_nops(graph, block)
    eliminate_empty_blocks(graph)
    remove_redundant_jumps(graph)


# -- optimize_basic_block ---------------------------------------------------------


class BlockOptimizer:
    """``optimize_basic_block``: peephole rewrites within one block (3.12)."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect

    def optimize_block(self, graph: CFG, block: Block, consts: List[Any]) -> None:
        instrs = block.instrs
        nop = Instr("NOP")
        target = nop
        opname = None
        oparg = 0
        has_target = self.dialect.has_target
        i = 0
        while i < len(instrs):
            inst = instrs[i]
            is_copy_of_load_const = (opname == "LOAD_CONST" and inst.opname == "COPY"
                                     and inst.oparg == 1)
            if not is_copy_of_load_const:
                opname = inst.opname
                oparg = inst.oparg
                target = inst.target.instrs[0] if opname in has_target else nop
            nextop = instrs[i + 1].opname if i + 1 < len(instrs) else None
            handler = getattr(self, "op_" + opname, None)
            if handler is not None:
                i = handler(graph, instrs, i, inst, oparg, target, nextop, consts)
            i += 1

    def op_LOAD_CONST(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop in ("POP_JUMP_IF_FALSE", "POP_JUMP_IF_TRUE"):
            is_true = bool(consts[oparg])
            inst.set_op0("NOP")
            jump_if_true = nextop == "POP_JUMP_IF_TRUE"
            if is_true == jump_if_true:
                instrs[i + 1].opname = "JUMP"
            else:
                instrs[i + 1].set_op0("NOP")
        elif nextop == "IS_OP":
            if consts[oparg] is not None or len(instrs) <= i + 2:
                return i
            is_instr = instrs[i + 1]
            jump = instrs[i + 2]
            invert = bool(is_instr.oparg)
            if jump.opname == "POP_JUMP_IF_FALSE":
                invert = not invert
            elif jump.opname != "POP_JUMP_IF_TRUE":
                return i
            inst.set_op0("NOP")
            is_instr.set_op0("NOP")
            jump.opname = "POP_JUMP_IF_NOT_NONE" if invert else "POP_JUMP_IF_NONE"
        elif nextop == "RETURN_VALUE":
            inst.set_op0("NOP")
            i += 1
            instrs[i].set_op1("RETURN_CONST", oparg)
        return i

    def op_BUILD_TUPLE(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop == "UNPACK_SEQUENCE" and oparg == instrs[i + 1].oparg:
            if oparg == 1:
                inst.set_op0("NOP")
                instrs[i + 1].set_op0("NOP")
                return i
            if oparg in (2, 3):
                inst.set_op0("NOP")
                instrs[i + 1].opname = "SWAP"
                return i
        if i >= oparg:
            fold_tuple_on_constants(instrs, i - oparg, oparg, consts, self.dialect)
        return i

    def _thread(self, graph, instrs, i, inst, target, opname):
        if target.opname == "JUMP" and jump_thread(inst, target, opname):
            return i - 1
        return i

    def op_POP_JUMP_IF_NOT_NONE(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        return self._thread(graph, instrs, i, inst, target, inst.opname)

    op_POP_JUMP_IF_NONE = op_POP_JUMP_IF_NOT_NONE

    def op_POP_JUMP_IF_FALSE(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        return self._thread(graph, instrs, i, inst, target, "POP_JUMP_IF_FALSE")

    def op_POP_JUMP_IF_TRUE(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        return self._thread(graph, instrs, i, inst, target, "POP_JUMP_IF_TRUE")

    def op_JUMP(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        return self._thread(graph, instrs, i, inst, target, "JUMP")

    def op_SWAP(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if oparg == 1:
            inst.set_op0("NOP")
            return i
        i = swaptimize(instrs, i)
        apply_static_swaps(instrs, i)
        return i

    def op_PUSH_NULL(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop == "LOAD_GLOBAL" and (instrs[i + 1].oparg & 1) == 0:
            inst.set_op0("NOP")
            instrs[i + 1].oparg |= 1
        return i


def jump_thread(inst: Instr, target: Instr, opname: str) -> bool:
    if ((inst.loc.lineno == target.loc.lineno or target.loc.lineno == -1)
            and inst.target is not target.target):
        inst.target = target.target
        inst.opname = opname
        return True
    return False


def fold_tuple_on_constants(instrs: List[Instr], start: int, n: int, consts: List[Any],
                            dialect: Dialect) -> None:
    for k in range(n):
        if instrs[start + k].opname not in dialect.has_const:
            return
    value = tuple(consts[instrs[start + k].oparg] for k in range(n))
    key = const_key(value)
    index = next((i for i, existing in enumerate(consts)
                  if type(existing) is tuple and const_key(existing) == key), None)
    if index is None:
        index = len(consts)
        consts.append(value)
    for k in range(n):
        instrs[start + k].set_op0("NOP")
    instrs[start + n].set_op1("LOAD_CONST", index)


def swaptimize(instrs: List[Instr], ix: int) -> int:
    """Replace a run of SWAPs and NOPs by the shortest run with the same effect."""
    depth = instrs[ix].oparg
    length = 0
    more = False
    limit = len(instrs) - ix
    while True:
        length += 1
        if length >= limit:
            break
        name = instrs[ix + length].opname
        if name == "SWAP":
            depth = max(depth, instrs[ix + length].oparg)
            more = True
        elif name != "NOP":
            break
    if not more:
        return ix
    stack = list(range(depth))
    for k in range(length):
        if instrs[ix + k].opname == "SWAP":
            arg = instrs[ix + k].oparg
            stack[0], stack[arg - 1] = stack[arg - 1], stack[0]
    current = length - 1
    visited = -1
    for i in range(depth):
        if stack[i] == visited or stack[i] == i:
            continue
        j = i
        while True:
            if j:
                instrs[ix + current].set_op1("SWAP", j + 1)
                current -= 1
            if stack[j] == visited:
                break
            next_j = stack[j]
            stack[j] = visited
            j = next_j
    while current >= 0:
        instrs[ix + current].set_op0("NOP")
        current -= 1
    return ix + length - 1


_SWAPPABLE = frozenset(("STORE_FAST", "STORE_FAST_MAYBE_NULL", "POP_TOP"))


def _stores_to(instr: Instr) -> int:
    return instr.oparg if instr.opname in ("STORE_FAST", "STORE_FAST_MAYBE_NULL") else -1


def _next_swappable(instrs: List[Instr], i: int, lineno: int) -> int:
    while True:
        i += 1
        if i >= len(instrs):
            return -1
        instr = instrs[i]
        if lineno >= 0 and instr.loc.lineno != lineno:
            return -1
        if instr.opname == "NOP":
            continue
        if instr.opname in _SWAPPABLE:
            return i
        return -1


def apply_static_swaps(instrs: List[Instr], i: int) -> None:
    """Apply SWAPs by reordering the stores that follow them instead."""
    while i >= 0:
        swap = instrs[i]
        if swap.opname != "SWAP":
            if swap.opname == "NOP" or swap.opname in _SWAPPABLE:
                i -= 1
                continue
            return
        j = _next_swappable(instrs, i, -1)
        if j < 0:
            return
        k = j
        lineno = instrs[j].loc.lineno
        for _ in range(swap.oparg - 1, 0, -1):
            k = _next_swappable(instrs, k, lineno)
            if k < 0:
                return
        store_j = _stores_to(instrs[j])
        store_k = _stores_to(instrs[k])
        if store_j >= 0 or store_k >= 0:
            if store_j == store_k:
                return
            for idx in range(j + 1, k):
                store_idx = _stores_to(instrs[idx])
                if store_idx >= 0 and store_idx in (store_j, store_k):
                    return
        swap.set_op0("NOP")
        instrs[j], instrs[k] = instrs[k], instrs[j]
        i -= 1


# -- constants and locals ---------------------------------------------------------


def remove_unused_consts(graph: CFG, consts: List[Any]) -> None:
    """Keep the constants some instruction uses (and always the first, which may be a
    docstring), in their order, and renumber."""
    if not consts:
        return
    has_const = graph.dialect.has_const
    used = [False] * len(consts)
    used[0] = True
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in has_const:
                used[instr.oparg] = True
    if all(used):
        return
    remap: Dict[int, int] = {}
    kept = []
    for index, flag in enumerate(used):
        if flag:
            remap[index] = len(kept)
            kept.append(consts[index])
    consts[:] = kept
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in has_const:
                instr.oparg = remap[instr.oparg]


def add_checks_for_loads_of_uninitialized_variables(graph: CFG, nlocals: int,
                                                    nparams: int) -> None:
    if nlocals == 0:
        return
    if nlocals > 64:
        _fast_scan_many_locals(graph, nlocals)
        nlocals = 64
    graph.traversal_reset()
    for block in graph.blocks():
        block.unsafe_locals = 0
    stack: List[Block] = []
    start_mask = 0
    for i in range(nparams, nlocals):
        start_mask |= 1 << i
    _maybe_push(graph.entry, start_mask, stack)
    for block in graph.blocks():
        _scan_block_for_locals(graph, block, stack)
    while stack:
        block = stack.pop()
        block.visited = False
        _scan_block_for_locals(graph, block, stack)


def _maybe_push(block: Block, unsafe_mask: int, stack: List[Block]) -> None:
    both = block.unsafe_locals | unsafe_mask
    if block.unsafe_locals != both:
        block.unsafe_locals = both
        if not block.visited:
            stack.append(block)
            block.visited = True


def _scan_block_for_locals(graph: CFG, block: Block, stack: List[Block]) -> None:
    unsafe = block.unsafe_locals
    for instr in block.instrs:
        if instr.except_ is not None:
            _maybe_push(instr.except_, unsafe, stack)
        if instr.oparg >= 64:
            continue
        bit = 1 << instr.oparg
        name = instr.opname
        if name in ("DELETE_FAST", "LOAD_FAST_AND_CLEAR", "STORE_FAST_MAYBE_NULL"):
            unsafe |= bit
        elif name in ("STORE_FAST", "LOAD_FAST_CHECK"):
            unsafe &= ~bit
        elif name == "LOAD_FAST":
            if unsafe & bit:
                instr.opname = "LOAD_FAST_CHECK"
            unsafe &= ~bit
    if block.next is not None and graph.has_fallthrough(block):
        _maybe_push(block.next, unsafe, stack)
    last = block.last
    if last is not None and graph.is_jump(last):
        _maybe_push(last.target, unsafe, stack)


def _fast_scan_many_locals(graph: CFG, nlocals: int) -> None:
    states = [0] * (nlocals - 64)
    blocknum = 0
    for block in graph.blocks():
        blocknum += 1
        for instr in block.instrs:
            arg = instr.oparg
            if arg < 64:
                continue
            name = instr.opname
            if name in ("DELETE_FAST", "LOAD_FAST_AND_CLEAR", "STORE_FAST_MAYBE_NULL"):
                states[arg - 64] = blocknum - 1
            elif name == "STORE_FAST":
                states[arg - 64] = blocknum
            elif name == "LOAD_FAST":
                if states[arg - 64] != blocknum:
                    instr.opname = "LOAD_FAST_CHECK"
                states[arg - 64] = blocknum


# -- cold blocks and line numbers -----------------------------------------------


def _mark_warm(graph: CFG) -> None:
    graph.traversal_reset()
    entry = graph.entry
    stack = [entry]
    entry.visited = True
    while stack:
        block = stack.pop()
        block.warm = True
        following = block.next
        if following is not None and graph.has_fallthrough(block) and not following.visited:
            stack.append(following)
            following.visited = True
        for instr in block.instrs:
            if graph.is_jump(instr) and not instr.target.visited:
                stack.append(instr.target)
                instr.target.visited = True


def _mark_cold(graph: CFG) -> None:
    _mark_warm(graph)
    graph.traversal_reset()
    stack = []
    for block in graph.blocks():
        if block.except_handler:
            stack.append(block)
            block.visited = True
    while stack:
        block = stack.pop()
        block.cold = True
        following = block.next
        if following is not None and graph.has_fallthrough(block):
            if not following.warm and not following.visited:
                stack.append(following)
                following.visited = True
        for instr in block.instrs:
            if graph.is_jump(instr):
                target = instr.target
                if not target.warm and not target.visited:
                    stack.append(target)
                    target.visited = True


def push_cold_blocks_to_end(graph: CFG, jump_opname: str = "JUMP",
                            cold_jump_predecessors: int = 0,
                            cleanup: Optional[Callable[[CFG], Any]] = None) -> None:
    """Move blocks only reached through exceptions after all the others; a cold
    block falling into a warm one gets an explicit ``jump_opname`` (3.13 uses
    JUMP_NO_INTERRUPT) instead.  When blocks moved, ``cleanup`` runs (3.12: the
    redundant jumps go; 3.13 passes its NOP-and-jump loop)."""
    entry = graph.entry
    if entry.next is None:
        return
    _mark_cold(graph)
    for block in list(graph.blocks()):
        following = block.next
        if block.cold and graph.has_fallthrough(block) and following is not None \
                and following.warm:
            jump = Block()
            jump.instrs.append(Instr(jump_opname, 0, NO_LOCATION, following))
            jump.cold = True
            jump.predecessors = cold_jump_predecessors
            jump.next = following
            block.next = jump
    cold_head = cold_tail = None
    block = entry
    while block.next is not None:
        while block.next is not None and not block.next.cold:
            block = block.next
        if block.next is None:
            break
        end = block.next
        while end.next is not None and end.next.cold:
            end = end.next
        if cold_head is None:
            cold_head = block.next
        else:
            cold_tail.next = block.next
        cold_tail = end
        block.next = end.next
        end.next = None
    block.next = cold_head
    if cold_head is not None:
        (cleanup or remove_redundant_jumps)(graph)


def _is_exit_without_lineno(block: Block) -> bool:
    if not _exits_scope(block):
        return False
    return all(instr.loc.lineno < 0 for instr in block.instrs)


def duplicate_exits_without_lineno(graph: CFG) -> None:
    for block in list(graph.blocks()):
        last = block.last
        if last is not None and graph.is_jump(last):
            target = last.target
            if _is_exit_without_lineno(target) and target.predecessors > 1:
                copy = Block(Label(-2))
                copy.instrs = [instr.copy() for instr in target.instrs]
                copy.instrs[0].loc = last.loc
                last.target = copy
                target.predecessors -= 1
                copy.predecessors = 1
                copy.next = target.next
                copy.cold = target.cold
                target.next = copy
    for block in graph.blocks():
        following = block.next
        if graph.has_fallthrough(block) and following is not None and block.instrs:
            if _is_exit_without_lineno(following):
                following.instrs[0].loc = block.last.loc


def propagate_line_numbers(graph: CFG) -> None:
    for block in graph.blocks():
        last = block.last
        if last is None:
            continue
        prev = NO_LOCATION
        for instr in block.instrs:
            if instr.loc.lineno < 0:
                instr.loc = prev
            else:
                prev = instr.loc
        following = block.next
        if graph.has_fallthrough(block) and following is not None \
                and following.predecessors == 1 and following.instrs:
            if following.instrs[0].loc.lineno < 0:
                following.instrs[0].loc = prev
        if graph.is_jump(last):
            target = last.target
            if target.predecessors == 1 and target.instrs[0].loc.lineno < 0:
                target.instrs[0].loc = prev


def guarantee_lineno_for_exits(graph: CFG, firstlineno: int) -> None:
    lineno = firstlineno
    for block in graph.blocks():
        last = block.last
        if last is None:
            continue
        if last.loc.lineno < 0:
            if last.opname == "RETURN_VALUE":
                for instr in block.instrs:
                    loc = instr.loc
                    instr.loc = Location(lineno, loc.end_lineno, loc.col_offset,
                                         loc.end_col_offset)
        else:
            lineno = last.loc.lineno


def resolve_line_numbers(graph: CFG, firstlineno: int) -> None:
    duplicate_exits_without_lineno(graph)
    propagate_line_numbers(graph)
    guarantee_lineno_for_exits(graph, firstlineno)


# -- the pipeline -----------------------------------------------------------------


def optimize_code_unit(graph: CFG, consts: List[Any], const_cache: Dict[Any, Any],
                       nlocals: int, nparams: int, firstlineno: int) -> None:
    """``_PyCfg_OptimizeCodeUnit`` (3.12)."""
    mark_except_handlers(graph)
    label_exception_targets(graph)
    optimize_cfg(graph, consts, const_cache, BlockOptimizer(graph.dialect))
    remove_unused_consts(graph, consts)
    add_checks_for_loads_of_uninitialized_variables(graph, nlocals, nparams)
    push_cold_blocks_to_end(graph)
    resolve_line_numbers(graph, firstlineno)


def stackdepth(graph: CFG, generator_like: bool) -> int:
    """``_PyCfg_Stackdepth``: the deepest stack over all paths; also records each
    block's ``startdepth`` (the exception table needs the handlers')."""
    target = graph.dialect.target
    for block in graph.blocks():
        block.startdepth = -(1 << 31)
    stack: List[Block] = []

    def push(block: Block, depth: int) -> None:
        if block.startdepth < depth and block.startdepth < 100:
            block.startdepth = depth
            stack.append(block)

    push(graph.entry, 1 if generator_like else 0)
    maxdepth = min_stacksize(target)
    has_target = graph.dialect.has_target
    ops = graph.dialect.spec.ops
    while stack:
        block = stack.pop()
        depth = block.startdepth
        following = block.next
        for instr in block.instrs:
            op = ops.get(instr.opname)
            if op is None:
                stack_effect(target, instr.opname, instr.oparg, False)  # raises, naming it
            effect = op.effect
            new_depth = depth + (effect if effect.__class__ is int
                                 else op.stack_effect(instr.oparg, False))
            if new_depth > maxdepth:
                maxdepth = new_depth
            if instr.opname in has_target:
                target_depth = depth + op.stack_effect(instr.oparg, True)
                if target_depth > maxdepth:
                    maxdepth = target_depth
                push(instr.target, target_depth)
            depth = new_depth
            if instr.opname in UNCONDITIONAL_JUMP or instr.opname in SCOPE_EXIT:
                following = None
                break
        if following is not None:
            push(following, depth)
    return maxdepth


def convert_pseudo_ops(graph: CFG) -> None:
    """``convert_pseudo_ops`` of 3.12: the pseudo-ops become real ones, then each block
    loses its redundant NOPs."""
    convert_pseudo_instrs(graph)
    for block in graph.blocks():
        remove_redundant_nops(graph, block)


def convert_pseudo_instrs(graph: CFG) -> None:
    """Block pseudo-ops become NOPs, the others their real opcode (LOAD_CLOSURE is a
    pseudo-op for LOAD_FAST from 3.13)."""
    closure_is_pseudo = graph.dialect.target.is_pseudo("LOAD_CLOSURE")
    for block in graph.blocks():
        for instr in block.instrs:
            if instr.opname in BLOCK_PUSH or instr.opname == "POP_BLOCK":
                instr.set_op0("NOP")
            elif instr.opname == "STORE_FAST_MAYBE_NULL":
                instr.opname = "STORE_FAST"
            elif instr.opname == "LOAD_CLOSURE" and closure_is_pseudo:
                instr.opname = "LOAD_FAST"


def normalize_jumps(graph: CFG) -> None:
    """Pseudo jumps become forward or backward jumps; a backward conditional jump
    becomes the reversed condition over an unconditional backward jump."""
    for block in graph.blocks():
        block.visited = False
    block = graph.entry
    while block is not None:
        block.visited = True
        last = block.last
        if last is not None and graph.is_jump(last):
            forward = not last.target.visited
            if last.opname == "JUMP":
                last.opname = "JUMP_FORWARD" if forward else "JUMP_BACKWARD"
            elif last.opname == "JUMP_NO_INTERRUPT":
                last.opname = "JUMP_FORWARD" if forward else "JUMP_BACKWARD_NO_INTERRUPT"
            elif not forward and last.opname in CONDITIONAL_JUMP_REVERSED:
                back = Block()
                back.instrs.append(Instr("JUMP", 0, last.loc, last.target))
                back.cold = block.cold
                last.opname = CONDITIONAL_JUMP_REVERSED[last.opname]
                last.target = block.next
                back.next = block.next
                block.next = back
        block = block.next

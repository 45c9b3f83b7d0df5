"""The 3.13 flow-graph pipeline (``Python/flowgraph.c`` at v3.13.0).

It reuses the 3.12 passes of :mod:`flowgraph` and differs where 3.13 does: blocks
without line numbers are inlined like small exit blocks, unreachable blocks are
removed before the peephole pass, line numbers are resolved before it too, jump
threading appends a new jump carrying the target's location, the peephole pass folds
``TO_BOOL`` into the comparison or constant before it, and ``LOAD_FAST``/``STORE_FAST``
pairs become superinstructions.
"""

from __future__ import annotations

from typing import Any, Dict, List

from ..opcodes.oparg import LOCAL_PAIR
from .code import const_key
from .dialect import BLOCK_PUSH, SCOPE_EXIT, UNCONDITIONAL_JUMP
from .flowgraph import (CFG, Block, BlockOptimizer, _next_nonempty,
                        add_checks_for_loads_of_uninitialized_variables, apply_static_swaps,
                        convert_pseudo_instrs, mark_except_handlers, push_cold_blocks_to_end,
                        remove_redundant_jumps, remove_unused_consts, swaptimize)
from .instructions import NO_LOCATION, Instr

MAX_COPY_SIZE = 4
RESUME_OPARG_DEPTH1_MASK = 0x4

# Opcodes whose execution checks the eval breaker (``HAS_EVAL_BREAK_FLAG``).
_EVAL_BREAK = frozenset(("JUMP", "JUMP_BACKWARD", "CALL", "CALL_KW", "CALL_FUNCTION_EX",
                         "RESUME"))


def label_exception_targets(graph: CFG) -> None:
    """3.13: as 3.12, but POP_BLOCK becomes a NOP here, YIELD_VALUE keeps its oparg,
    and a RESUME after a yield at handler depth 1 gets the depth-1 bit."""
    graph.traversal_reset()
    entry = graph.entry
    entry.visited = True
    entry.exceptstack = [None]
    todo = [entry]
    last_yield_depth = -1
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
                instr.set_op0("NOP")
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
                last_yield_depth = len(stack) - 1
            elif name == "RESUME":
                instr.except_ = handler
                if instr.oparg != 0:
                    if last_yield_depth == 1:
                        instr.oparg |= RESUME_OPARG_DEPTH1_MASK
                    last_yield_depth = -1
            else:
                instr.except_ = handler
        following = block.next
        if graph.has_fallthrough(block) and following is not None and not following.visited:
            following.exceptstack = stack
            following.visited = True
            todo.append(following)


def _has_no_lineno(block: Block) -> bool:
    return all(instr.loc.lineno < 0 for instr in block.instrs)


def _exits_scope(block: Block) -> bool:
    last = block.last
    return last is not None and last.opname in SCOPE_EXIT


def _inline_block(graph: CFG, block: Block) -> bool:
    last = block.last
    if last is None or last.opname not in UNCONDITIONAL_JUMP:
        return False
    target = last.target
    small_exit = _exits_scope(target) and len(target.instrs) <= MAX_COPY_SIZE
    no_lineno = _has_no_lineno(target) and not graph.has_fallthrough(target)
    if small_exit or no_lineno:
        removed = last.opname
        last.set_op0("NOP")
        block.instrs.extend(instr.copy() for instr in target.instrs)
        if no_lineno:
            new_last = block.last
            if new_last.opname in UNCONDITIONAL_JUMP and removed == "JUMP":
                new_last.opname = "JUMP"
        target.predecessors -= 1
        return True
    return False


def inline_small_or_no_lineno_blocks(graph: CFG) -> None:
    changed = True
    while changed:
        changed = False
        for block in graph.blocks():
            if _inline_block(graph, block):
                changed = True


def remove_unreachable(graph: CFG) -> None:
    graph.traversal_reset()
    for block in graph.blocks():
        block.predecessors = 0
    entry = graph.entry
    entry.predecessors = 1
    entry.visited = True
    stack = [entry]
    while stack:
        block = stack.pop()
        following = block.next
        if following is not None and graph.has_fallthrough(block):
            if not following.visited:
                stack.append(following)
                following.visited = True
            following.predecessors += 1
        for instr in block.instrs:
            if graph.is_jump(instr) or instr.opname in BLOCK_PUSH:
                target = instr.target
                if not target.visited:
                    stack.append(target)
                    target.visited = True
                target.predecessors += 1
    for block in graph.blocks():
        if block.predecessors == 0:
            block.instrs = []
            block.except_handler = False


def remove_redundant_nops(block: Block) -> int:
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
                following = _next_nonempty(block.next)
                if following is not None:
                    next_loc = NO_LOCATION
                    for candidate in following.instrs:
                        if candidate.opname == "NOP" and candidate.loc.lineno == -1:
                            continue
                        next_loc = candidate.loc
                        break
                    if lineno == next_loc.lineno:
                        continue
        kept.append(instr)
        prev_lineno = lineno
    removed = count - len(kept)
    block.instrs = kept
    return removed


def remove_all_redundant_nops(graph: CFG) -> int:
    return sum(remove_redundant_nops(block) for block in graph.blocks())


def remove_redundant_nops_and_pairs(graph: CFG) -> None:
    done = False
    while not done:
        done = True
        instr = None
        for block in graph.blocks():
            remove_redundant_nops(block)
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


def convert_pseudo_ops(graph: CFG) -> None:
    """``convert_pseudo_ops`` of 3.13: after the conversion, NOPs and jumps to the next
    block go until none is left (the whole graph, not block by block)."""
    convert_pseudo_instrs(graph)
    remove_redundant_nops_and_jumps(graph)


def remove_redundant_nops_and_jumps(graph: CFG) -> None:
    while True:
        removed = remove_all_redundant_nops(graph)
        removed += remove_redundant_jumps(graph)
        if not removed:
            return


# -- line numbers -----------------------------------------------------------------


def _is_exit_or_eval_check_without_lineno(block: Block) -> bool:
    if _exits_scope(block) or any(i.opname in _EVAL_BREAK for i in block.instrs):
        return _has_no_lineno(block)
    return False


def duplicate_exits_without_lineno(graph: CFG) -> None:
    for block in list(graph.blocks()):
        last = block.last
        if last is None:
            continue
        if graph.is_jump(last):
            target = _next_nonempty(last.target)
            if _is_exit_or_eval_check_without_lineno(target) and target.predecessors > 1:
                copy = Block(target.label)
                copy.instrs = [instr.copy() for instr in target.instrs]
                copy.instrs[0].loc = last.loc
                copy.cold = target.cold
                last.target = copy
                target.predecessors -= 1
                copy.predecessors = 1
                copy.next = target.next
                target.next = copy
    for block in graph.blocks():
        following = block.next
        if graph.has_fallthrough(block) and following is not None and block.instrs:
            if _is_exit_or_eval_check_without_lineno(following):
                following.instrs[0].loc = block.last.loc


def propagate_line_numbers(graph: CFG) -> None:
    for block in graph.blocks():
        last = block.last
        if last is None:
            continue
        prev = NO_LOCATION
        for instr in block.instrs:
            if instr.loc.lineno == -1:
                instr.loc = prev
            else:
                prev = instr.loc
        following = block.next
        if graph.has_fallthrough(block) and following is not None \
                and following.predecessors == 1 and following.instrs:
            if following.instrs[0].loc.lineno == -1:
                following.instrs[0].loc = prev
        if graph.is_jump(last):
            target = last.target
            while not target.instrs and target.predecessors == 1:
                target = target.next
            if target.predecessors == 1 and target.instrs[0].loc.lineno == -1:
                target.instrs[0].loc = prev


def resolve_line_numbers(graph: CFG) -> None:
    duplicate_exits_without_lineno(graph)
    propagate_line_numbers(graph)


# -- the peephole pass ------------------------------------------------------------


def _add_const(value: Any, consts: List[Any]) -> int:
    key = const_key(value)
    for index, existing in enumerate(consts):
        if type(existing) is type(value) and const_key(existing) == key:
            return index
    consts.append(value)
    return len(consts) - 1


class BlockOptimizer313(BlockOptimizer):
    """``optimize_basic_block`` of 3.13."""

    def optimize_block(self, graph: CFG, block: Block, consts: List[Any]) -> None:
        self.block = block
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
                if opname in has_target:
                    target_block = _next_nonempty(inst.target)
                    target = target_block.instrs[0]
                else:
                    target = nop
            nextop = instrs[i + 1].opname if i + 1 < len(instrs) else None
            handler = getattr(self, "op_" + opname, None)
            if handler is not None:
                i = handler(graph, instrs, i, inst, oparg, target, nextop, consts)
                instrs = block.instrs
            i += 1
        self.optimize_swaps(instrs)

    def optimize_swaps(self, instrs: List[Instr]) -> None:
        """3.13 rewrites SWAP runs in a pass of their own, after the others (so a
        store already turned into POP_TOP can be swapped with its neighbour)."""
        i = 0
        while i < len(instrs):
            if instrs[i].opname == "SWAP":
                i = swaptimize(instrs, i)
                apply_static_swaps(instrs, i)
            i += 1

    def op_SWAP(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if oparg == 1:
            inst.set_op0("NOP")
        return i

    def op_LOAD_CONST(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop == "TO_BOOL":
            value = bool(consts[oparg])
            index = _add_const(value, consts)
            inst.set_op0("NOP")
            instrs[i + 1].set_op1("LOAD_CONST", index)
            return i
        if nextop == "IS_OP":
            if consts[oparg] is not None or len(instrs) <= i + 2:
                return i
            is_instr = instrs[i + 1]
            jump = instrs[i + 2]
            if jump.opname == "TO_BOOL":
                jump.set_op0("NOP")
                if len(instrs) <= i + 3:
                    return i
                jump = instrs[i + 3]
            invert = bool(is_instr.oparg)
            if jump.opname == "POP_JUMP_IF_FALSE":
                invert = not invert
            elif jump.opname != "POP_JUMP_IF_TRUE":
                return i
            inst.set_op0("NOP")
            is_instr.set_op0("NOP")
            jump.opname = "POP_JUMP_IF_NOT_NONE" if invert else "POP_JUMP_IF_NONE"
            return i
        return super().op_LOAD_CONST(graph, instrs, i, inst, oparg, target, nextop, consts)

    def op_COMPARE_OP(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop == "TO_BOOL":
            inst.set_op0("NOP")
            instrs[i + 1].set_op1("COMPARE_OP", oparg | 16)
            return i + 1 - 1
        return i

    def op_IS_OP(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        name = inst.opname
        if nextop == "TO_BOOL":
            inst.set_op0("NOP")
            instrs[i + 1].set_op1(name, oparg)
        elif nextop == "UNARY_NOT":
            inst.set_op0("NOP")
            instrs[i + 1].set_op1(name, oparg ^ 1)
        return i

    op_CONTAINS_OP = op_IS_OP

    def op_TO_BOOL(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop == "TO_BOOL":
            inst.set_op0("NOP")
        return i

    def op_UNARY_NOT(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop == "TO_BOOL":
            inst.set_op0("NOP")
            instrs[i + 1].set_op0("UNARY_NOT")
        elif nextop == "UNARY_NOT":
            inst.set_op0("NOP")
            instrs[i + 1].set_op0("NOP")
        return i

    def op_PUSH_NULL(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        return i

    def op_STORE_FAST(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        """Two stores to one local on one line: the first is just a pop."""
        if (nextop == "STORE_FAST" and instrs[i + 1].oparg == oparg
                and inst.loc.lineno == instrs[i + 1].loc.lineno):
            inst.set_op0("POP_TOP")
        return i

    def op_LOAD_GLOBAL(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if nextop == "PUSH_NULL" and (oparg & 1) == 0:
            inst.set_op1("LOAD_GLOBAL", oparg | 1)
            instrs[i + 1].set_op0("NOP")
        return i

    def _thread(self, graph, instrs, i, inst, target, opname):
        if target.opname in ("JUMP", "JUMP_NO_INTERRUPT") and inst.target is not target.target:
            if opname is None:
                opname = "JUMP" if target.opname == "JUMP" else inst.opname
            inst.set_op0("NOP")
            jump = Instr(opname, 0, target.loc, target.target)
            self.block.instrs.append(jump)
            return i - 1
        return i

    def op_POP_JUMP_IF_NOT_NONE(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if target.opname == "JUMP":
            return self._thread(graph, instrs, i, inst, target, inst.opname)
        return i

    op_POP_JUMP_IF_NONE = op_POP_JUMP_IF_NOT_NONE
    op_POP_JUMP_IF_FALSE = op_POP_JUMP_IF_NOT_NONE
    op_POP_JUMP_IF_TRUE = op_POP_JUMP_IF_NOT_NONE

    def op_JUMP(self, graph, instrs, i, inst, oparg, target, nextop, consts):
        if target.opname == "JUMP":
            return self._thread(graph, instrs, i, inst, target, "JUMP")
        if target.opname == "JUMP_NO_INTERRUPT":
            return self._thread(graph, instrs, i, inst, target, inst.opname)
        return i

    op_JUMP_NO_INTERRUPT = op_JUMP


# -- superinstructions ---------------------------------------------------------------


def _make_super(first: Instr, second: Instr, name: str) -> None:
    line1, line2 = first.loc.lineno, second.loc.lineno
    if line1 >= 0 and line2 >= 0 and line1 != line2:
        return
    if first.oparg >= 16 or second.oparg >= 16:
        return
    first.set_op1(name, LOCAL_PAIR.encode(first.oparg, second.oparg))
    second.set_op0("NOP")


def insert_superinstructions(graph: CFG) -> None:
    for block in graph.blocks():
        instrs = block.instrs
        for i, inst in enumerate(instrs):
            nextop = instrs[i + 1].opname if i + 1 < len(instrs) else None
            if inst.opname == "LOAD_FAST" and nextop == "LOAD_FAST":
                _make_super(inst, instrs[i + 1], "LOAD_FAST_LOAD_FAST")
            elif inst.opname == "STORE_FAST":
                if nextop == "LOAD_FAST":
                    _make_super(inst, instrs[i + 1], "STORE_FAST_LOAD_FAST")
                elif nextop == "STORE_FAST":
                    _make_super(inst, instrs[i + 1], "STORE_FAST_STORE_FAST")
    for block in graph.blocks():
        remove_redundant_nops(block)


# -- the pipeline -----------------------------------------------------------------


def optimize_cfg(graph: CFG, consts: List[Any], const_cache: Dict[Any, Any]) -> None:
    inline_small_or_no_lineno_blocks(graph)
    remove_unreachable(graph)
    resolve_line_numbers(graph)
    optimizer = BlockOptimizer313(graph.dialect)
    for block in graph.blocks():
        optimizer.optimize_block(graph, block, consts)
    remove_redundant_nops_and_pairs(graph)
    remove_unreachable(graph)
    remove_redundant_nops_and_jumps(graph)


def optimize_code_unit(graph: CFG, consts: List[Any], const_cache: Dict[Any, Any],
                       nlocals: int, nparams: int, firstlineno: int) -> None:
    """``_PyCfg_OptimizeCodeUnit`` (3.13)."""
    mark_except_handlers(graph)
    label_exception_targets(graph)
    optimize_cfg(graph, consts, const_cache)
    remove_unused_consts(graph, consts)
    add_checks_for_loads_of_uninitialized_variables(graph, nlocals, nparams)
    insert_superinstructions(graph)
    push_cold_blocks_to_end(graph, "JUMP_NO_INTERRUPT", 1, remove_redundant_nops_and_jumps)
    resolve_line_numbers(graph)

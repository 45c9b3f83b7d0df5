"""The 3.11 code generator: :class:`~minivm.compiler.codegen.CodeGen` with 3.11's hooks.

What 3.11 (``Python/compile.c`` at v3.11) does differently from 3.12, one hook each:
``PRECALL`` before every ``CALL``, the opcodes 3.12 folded into ``CALL_INTRINSIC_*``
(PRINT_EXPR, IMPORT_STAR, ASYNC_GEN_WRAP, UNARY_POSITIVE, LIST_TO_TUPLE,
PREP_RERAISE_STAR), no BINARY_SLICE/STORE_SLICE, no END_FOR (FOR_ITER pops the
iterator itself), ``yield from`` without CLEANUP_THROW/END_SEND, no StopIteration
handler around generator bodies, no LOAD_SUPER_ATTR, LOAD_METHOD as its own opcode,
LOAD_CLASSDEREF in class bodies, and ``and``/``or`` through JUMP_IF_*_OR_POP.

Blocks are made as 3.11 makes them: a label is a ``compiler_new_block``, and after a
jump or a scope exit the next instruction opens a new implicit block
(``u_need_new_implicit_block``), so the flow graph of :mod:`.flowgraph311` has
CPython's blocks in CPython's creation order.

Locations are 3.11's implicit ones: an instruction takes the current location
(``u_lineno`` and the columns), which a statement sets, an expression sets and puts
back, ``SET_LOC`` moves (a comparison in a condition, each ``except`` clause, each
``case`` pattern, a decorator) and ``UNSET_LOC`` clears until the next statement (the
POP_TOP of an expression statement, a loop's jump back, cleanup code).  The shared
visitors' explicit locations are therefore not used, only their NO_LOCATION; the
statements whose 3.11 shape places locations differently have visitors of their own.
"""

from __future__ import annotations

import ast
from typing import Any, List

from . import flowgraph311
from . import symtable as st
from .code import Code
from .codegen import (ASYNC_WITH, EXCEPTION_GROUP_HANDLER, EXCEPTION_HANDLER, FINALLY_END,
                      FINALLY_TRY, FOR_LOOP, HANDLER_CLEANUP, SCOPE_ASYNC_FUNCTION,
                      SCOPE_COMPREHENSION, SCOPE_MODULE, TRY_EXCEPT, WHILE_LOOP, WITH, CodeGen,
                      CodeUnit, _intern_frozensets)
from .codegen310 import BLOCK
from .patterns import PatternContext, _wildcard
from .instructions import NO_LOCATION, Instr, Label, Location, loc_of

#: 3.12 spellings the shared visitors emit, and 3.11's instruction for each.
_SHARED_OPS = {
    ("CALL_INTRINSIC_1", 1): ("PRINT_EXPR", 0),
    ("CALL_INTRINSIC_1", 4): ("ASYNC_GEN_WRAP", 0),
    ("CALL_INTRINSIC_1", 5): ("UNARY_POSITIVE", 0),
    ("CALL_INTRINSIC_1", 6): ("LIST_TO_TUPLE", 0),
    ("CALL_INTRINSIC_2", 1): ("PREP_RERAISE_STAR", 0),
}
_BLOCK_ENDS = frozenset(("RETURN_VALUE", "RAISE_VARARGS", "RERAISE"))


class CodeGen311(CodeGen):
    """``struct compiler`` of 3.11."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.need_new_block = False
        self.outer_need_new_block: List[bool] = []

    # -- emission ----------------------------------------------------------------------

    def _append(self, instr: Instr) -> None:
        if self.need_new_block:
            self.use_label(self.new_label())
        self.unit.instrs.append(instr)
        name = instr.opname
        if name in _BLOCK_ENDS or name in self.dialect.jumps:
            self.need_new_block = True

    def where(self, loc: Location) -> Location:
        """The location an instruction takes: the current one (``u_lineno`` and
        friends, which statements and expressions set), whatever a shared visitor
        passes, except that its NO_LOCATION stays artificial."""
        return loc if loc is NO_LOCATION else self.unit.cur_loc

    def addop(self, loc: Location, opname: str, oparg: int = 0) -> None:
        opname, oparg = _SHARED_OPS.get((opname, oparg), (opname, oparg))
        loc = self.where(loc)
        if opname == "CALL":
            self._append(Instr("PRECALL", oparg, loc))
        self._append(Instr(opname, oparg, loc))

    def addop_jump(self, loc: Location, opname: str, label: Label) -> None:
        self._append(Instr(opname, 0, self.where(loc), label))

    def visit(self, node: Any) -> None:
        """``compiler_visit_stmt`` sets the location; ``compiler_visit_expr`` sets it
        and puts the outer one back."""
        unit = self.unit
        if isinstance(node, ast.expr):
            saved = unit.cur_loc
            unit.cur_loc = loc_of(node)
            super().visit(node)
            unit.cur_loc = saved
            return
        if isinstance(node, ast.stmt):
            unit.cur_loc = loc_of(node)
        super().visit(node)

    def set_loc(self, loc: Location) -> None:
        self.unit.cur_loc = loc

    def attr_location(self, loc: Location, attr: Any) -> Location:
        """``update_start_location_to_match_attr`` moves the current location."""
        self.unit.cur_loc = super().attr_location(loc, attr)
        return self.unit.cur_loc

    def new_label(self) -> Label:
        """``compiler_new_block``: labels are numbered in block-creation order."""
        unit = self.unit
        label = Label(len(unit.labels) + 1)
        unit.labels[label.id] = -1
        return label

    def use_label(self, label: Label) -> None:
        """``compiler_use_next_block``."""
        self.need_new_block = False
        self.unit.instrs.append(Instr(BLOCK, 0, NO_LOCATION, label))

    def enter_scope(self, name: str, scope_type: int, node: Any, lineno: int) -> None:
        self.outer_need_new_block.append(self.need_new_block)
        self.need_new_block = False
        ste = self.table.lookup(node)
        unit = CodeUnit(name, scope_type, ste, lineno)
        unit.cur_loc = Location(lineno, lineno, 0, 0)
        if self.unit is not None:
            unit.private = self.unit.private
            self.stack.append(self.unit)
        self.unit = unit
        self.nestlevel += 1
        if scope_type == SCOPE_MODULE:
            unit.cur_loc = Location(0, lineno, 0, 0)
        else:
            self.set_qualname()
        self.addop(None, "RESUME", 0)
        if scope_type == SCOPE_COMPREHENSION:
            unit.cur_loc = loc_of(node)

    def exit_scope(self) -> None:
        super().exit_scope()
        self.need_new_block = self.outer_need_new_block.pop()

    def body(self, loc: Location, stmts: List[Any]) -> None:
        if self.unit.scope_type == SCOPE_MODULE and stmts:
            self.set_loc(loc_of(stmts[0]))
        super().body(loc, stmts)

    def ends_with_return(self) -> bool:
        """``u_curblock->b_return``: the block being filled holds a RETURN_VALUE."""
        for instr in reversed(self.unit.instrs):
            if instr.opname == BLOCK:
                return False
            if instr.opname == "RETURN_VALUE":
                return True
        return False

    def optimize_and_assemble(self, add_none: bool) -> Code:
        unit = self.unit
        if not self.ends_with_return():
            if add_none:
                self.load_const(NO_LOCATION, None)
            self.addop(NO_LOCATION, "RETURN_VALUE")
        flags = self.code_flags()
        consts = list(unit.const_values)
        graph = flowgraph311.build_cfg(unit.instrs, self.dialect)
        generator_like = bool(unit.ste.generator or unit.ste.coroutine)
        for name in unit.names:
            self.interner.intern(name)
        _intern_frozensets(self.interner, consts, self.target)
        code = flowgraph311.assemble(unit, graph, consts, flags, self.filename,
                                     generator_like)
        self.interner.intern_code(code)
        return code

    # -- what 3.12 changed -------------------------------------------------------------

    def end_for(self, loc: Location) -> None:
        """3.11's FOR_ITER pops the exhausted iterator itself."""

    def wrap_in_stopiteration_handler(self) -> None:
        """3.11 has no handler turning a StopIteration into a RuntimeError."""

    def import_star(self, loc: Location) -> None:
        self.addop(loc, "IMPORT_STAR")

    def can_optimize_super_call(self, attr: Any) -> bool:
        return False

    def add_yield_from(self, loc: Location, await_: bool) -> None:
        start = self.new_label()
        resume = self.new_label()
        exit_ = self.new_label()
        self.use_label(start)
        self.addop_jump(loc, "SEND", exit_)
        self.use_label(resume)
        self.addop(loc, "YIELD_VALUE", 0)
        self.addop(loc, "RESUME", 3 if await_ else 2)
        self.addop_jump(loc, "JUMP_NO_INTERRUPT", start)
        self.use_label(exit_)

    # -- statements whose locations 3.11 sets by hand (SET_LOC / UNSET_LOC) --------------

    def unset_loc(self) -> None:
        """``UNSET_LOC``: what follows is artificial, until a statement or an
        expression sets a location again."""
        self.unit.cur_loc = NO_LOCATION

    def here(self) -> Location:
        return self.unit.cur_loc

    def unwind_fblock(self, loc: Location, info: Any, preserve_tos: bool) -> Location:
        if info.type in (WITH, ASYNC_WITH):
            self.unit.cur_loc = info.loc
        result = super().unwind_fblock(self.here(), info, preserve_tos)
        if result is NO_LOCATION:
            self.unset_loc()
        return result

    def visit_Return(self, node: Any) -> None:
        value = node.value
        preserve_tos = value is not None and not isinstance(value, ast.Constant)
        ste = self.unit.ste
        if not ste.is_function_like:
            self.error("'return' outside function", loc_of(node))
        if value is not None and ste.coroutine and ste.generator:
            self.error("'return' with value in async generator", loc_of(node))
        if preserve_tos:
            self.visit(value)
        elif value is not None:
            self.set_loc(loc_of(value))
            self.addop(self.here(), "NOP")
        if value is None or value.lineno != node.lineno:
            self.set_loc(loc_of(node))
            self.addop(self.here(), "NOP")
        self.unwind_fblock_stack(self.here(), preserve_tos, False)
        if value is None:
            self.load_const(self.here(), None)
        elif not preserve_tos:
            self.load_const(self.here(), value.value)
        self.addop(self.here(), "RETURN_VALUE")

    def visit_While(self, node: Any) -> None:
        loop = self.new_label()
        body = self.new_label()
        anchor = self.new_label()
        end = self.new_label()
        self.use_label(loop)
        self.push_fblock(loc_of(node), WHILE_LOOP, loop, end)
        self.jump_if(self.here(), node.test, anchor, False)
        self.use_label(body)
        self.visit_stmts(node.body)
        self.set_loc(loc_of(node))
        self.jump_if(self.here(), node.test, body, True)
        self.pop_fblock()
        self.use_label(anchor)
        if node.orelse:
            self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_For(self, node: Any) -> None:
        loc = loc_of(node)
        start = self.new_label()
        body = self.new_label()
        cleanup = self.new_label()
        end = self.new_label()
        self.push_fblock(loc, FOR_LOOP, start, end)
        self.visit(node.iter)
        self.addop(loc, "GET_ITER")
        self.use_label(start)
        self.addop_jump(loc, "FOR_ITER", cleanup)
        self.use_label(body)
        self.visit(node.target)
        self.visit_stmts(node.body)
        self.unset_loc()  # the jump back is artificial
        self.addop_jump(NO_LOCATION, "JUMP", start)
        self.use_label(cleanup)
        self.pop_fblock()
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_AsyncFor(self, node: Any) -> None:
        loc = loc_of(node)
        if not (self.is_top_level_await() or self.unit.scope_type == SCOPE_ASYNC_FUNCTION):
            self.error("'async for' outside async function", loc)
        start = self.new_label()
        except_ = self.new_label()
        end = self.new_label()
        self.visit(node.iter)
        self.addop(loc, "GET_AITER")
        self.use_label(start)
        self.push_fblock(loc, FOR_LOOP, start, end)
        self.addop_jump(loc, "SETUP_FINALLY", except_)
        self.addop(loc, "GET_ANEXT")
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop(loc, "POP_BLOCK")
        self.visit(node.target)
        self.visit_stmts(node.body)
        self.unset_loc()
        self.addop_jump(NO_LOCATION, "JUMP", start)
        self.pop_fblock()
        self.use_label(except_)
        self.set_loc(loc_of(node.iter))
        self.addop(self.here(), "END_ASYNC_FOR")
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def jump_if(self, loc: Location, node: Any, label: Label, cond: bool) -> None:
        """``compiler_jump_if`` of 3.11 (a comparison sets the location, for good)."""
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.jump_if(loc, node.operand, label, not cond)
            return
        if isinstance(node, ast.BoolOp):
            cond2 = isinstance(node.op, ast.Or)
            next2 = label if cond2 == cond else self.new_label()
            for value in node.values[:-1]:
                self.jump_if(loc, value, next2, cond2)
            self.jump_if(loc, node.values[-1], label, cond)
            if next2 is not label:
                self.use_label(next2)
            return
        if isinstance(node, ast.IfExp):
            end = self.new_label()
            next2 = self.new_label()
            self.jump_if(loc, node.test, next2, False)
            self.jump_if(loc, node.body, label, cond)
            self.addop_jump(NO_LOCATION, "JUMP", end)
            self.use_label(next2)
            self.jump_if(loc, node.orelse, label, cond)
            self.use_label(end)
            return
        if isinstance(node, ast.Compare):
            self.set_loc(loc_of(node))
            count = len(node.ops) - 1
            if count > 0:
                cleanup = self.new_label()
                self.visit(node.left)
                for i in range(count):
                    self.visit(node.comparators[i])
                    self.addop(loc, "SWAP", 2)
                    self.addop(loc, "COPY", 2)
                    self.addcompare(loc, node.ops[i])
                    self.addop_jump(loc, "POP_JUMP_IF_FALSE", cleanup)
                self.visit(node.comparators[count])
                self.addcompare(loc, node.ops[count])
                self.addop_jump(loc, "POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE",
                                label)
                end = self.new_label()
                self.addop_jump(NO_LOCATION, "JUMP", end)
                self.use_label(cleanup)
                self.addop(loc, "POP_TOP")
                if not cond:
                    self.addop_jump(NO_LOCATION, "JUMP", label)
                self.use_label(end)
                return
        self.visit(node)
        self.addop_jump(loc, "POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", label)

    def try_finally(self, node: Any) -> None:
        loc = loc_of(node)
        body = self.new_label()
        end = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.addop_jump(loc, "SETUP_FINALLY", end)
        self.use_label(body)
        self.push_fblock(loc, FINALLY_TRY, body, end, node.finalbody)
        if node.handlers:
            if isinstance(node, ast.Try):
                self.try_except(node)
            else:
                self.try_star_except(node)
        else:
            self.visit_stmts(node.body)
        self.addop(NO_LOCATION, "POP_BLOCK")
        self.pop_fblock()
        self.visit_stmts(node.finalbody)
        self.addop_jump(NO_LOCATION, "JUMP", exit_)
        self.use_label(end)
        self.unset_loc()
        self.addop_jump(loc, "SETUP_CLEANUP", cleanup)
        self.addop(loc, "PUSH_EXC_INFO")
        self.push_fblock(loc, FINALLY_END, end)
        self.visit_stmts(node.finalbody)
        self.pop_fblock()
        self.addop(loc, "RERAISE", 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(loc)
        self.use_label(exit_)

    def try_except(self, node: Any) -> None:
        loc = loc_of(node)
        body = self.new_label()
        except_ = self.new_label()
        end = self.new_label()
        cleanup = self.new_label()
        self.addop_jump(loc, "SETUP_FINALLY", except_)
        self.use_label(body)
        self.push_fblock(loc, TRY_EXCEPT, body)
        self.visit_stmts(node.body)
        self.pop_fblock()
        self.addop(NO_LOCATION, "POP_BLOCK")
        if node.orelse:
            self.visit_stmts(node.orelse)
        self.addop_jump(NO_LOCATION, "JUMP", end)
        self.use_label(except_)
        self.unset_loc()
        self.addop_jump(loc, "SETUP_CLEANUP", cleanup)
        self.addop(loc, "PUSH_EXC_INFO")
        self.push_fblock(loc, EXCEPTION_HANDLER, None)
        count = len(node.handlers)
        for index, handler in enumerate(node.handlers):
            self.set_loc(loc_of(handler))
            hloc = self.here()
            if handler.type is None and index < count - 1:
                self.error("default 'except:' must be last", hloc)
            except_ = self.new_label()
            if handler.type is not None:
                self.visit(handler.type)
                self.addop(hloc, "CHECK_EXC_MATCH")
                self.addop_jump(hloc, "POP_JUMP_IF_FALSE", except_)
            if handler.name:
                cleanup_end = self.new_label()
                cleanup_body = self.new_label()
                self.nameop(hloc, handler.name, ast.Store)
                self.addop_jump(hloc, "SETUP_CLEANUP", cleanup_end)
                self.use_label(cleanup_body)
                self.push_fblock(hloc, HANDLER_CLEANUP, cleanup_body, None, handler.name)
                self.visit_stmts(handler.body)
                self.pop_fblock()
                self.unset_loc()
                self.addop(hloc, "POP_BLOCK")
                self.addop(hloc, "POP_BLOCK")
                self.addop(hloc, "POP_EXCEPT")
                self.load_const(hloc, None)
                self.nameop(hloc, handler.name, ast.Store)
                self.nameop(hloc, handler.name, ast.Del)
                self.addop_jump(hloc, "JUMP", end)
                self.use_label(cleanup_end)
                self.unset_loc()
                self.load_const(hloc, None)
                self.nameop(hloc, handler.name, ast.Store)
                self.nameop(hloc, handler.name, ast.Del)
                self.addop(hloc, "RERAISE", 1)
            else:
                cleanup_body = self.new_label()
                self.addop(hloc, "POP_TOP")
                self.use_label(cleanup_body)
                self.push_fblock(hloc, HANDLER_CLEANUP, cleanup_body)
                self.visit_stmts(handler.body)
                self.pop_fblock()
                self.unset_loc()
                self.addop(hloc, "POP_BLOCK")
                self.addop(hloc, "POP_EXCEPT")
                self.addop_jump(hloc, "JUMP", end)
            self.use_label(except_)
        self.unset_loc()
        self.pop_fblock()
        self.addop(loc, "RERAISE", 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(loc)
        self.use_label(end)

    def try_star_except(self, node: Any) -> None:
        loc = loc_of(node)
        body = self.new_label()
        except_ = self.new_label()
        orelse = self.new_label()
        end = self.new_label()
        cleanup = self.new_label()
        reraise_star = self.new_label()
        self.addop_jump(loc, "SETUP_FINALLY", except_)
        self.use_label(body)
        self.push_fblock(loc, TRY_EXCEPT, body)
        self.visit_stmts(node.body)
        self.pop_fblock()
        self.addop(NO_LOCATION, "POP_BLOCK")
        self.addop_jump(NO_LOCATION, "JUMP", orelse)
        count = len(node.handlers)
        self.use_label(except_)
        self.unset_loc()
        self.addop_jump(loc, "SETUP_CLEANUP", cleanup)
        self.addop(loc, "PUSH_EXC_INFO")
        self.push_fblock(loc, EXCEPTION_GROUP_HANDLER, None, None, "except handler")
        for index, handler in enumerate(node.handlers):
            self.set_loc(loc_of(handler))
            hloc = self.here()
            except_ = self.new_label()
            except_with_error = self.new_label()
            no_match = self.new_label()
            if index == 0:
                self.addop(hloc, "COPY", 1)
                self.addop(hloc, "BUILD_LIST", 0)
                self.addop(hloc, "SWAP", 2)
            if handler.type is not None:
                self.visit(handler.type)
                self.addop(hloc, "CHECK_EG_MATCH")
                self.addop(hloc, "COPY", 1)
                self.addop_jump(hloc, "POP_JUMP_IF_NONE", no_match)
            cleanup_end = self.new_label()
            cleanup_body = self.new_label()
            if handler.name:
                self.nameop(hloc, handler.name, ast.Store)
            else:
                self.addop(hloc, "POP_TOP")
            self.addop_jump(hloc, "SETUP_CLEANUP", cleanup_end)
            self.use_label(cleanup_body)
            self.push_fblock(hloc, HANDLER_CLEANUP, cleanup_body, None, handler.name)
            self.visit_stmts(handler.body)
            self.pop_fblock()
            self.unset_loc()
            self.addop(hloc, "POP_BLOCK")
            if handler.name:
                self.load_const(hloc, None)
                self.nameop(hloc, handler.name, ast.Store)
                self.nameop(hloc, handler.name, ast.Del)
            self.addop_jump(hloc, "JUMP", except_)
            self.use_label(cleanup_end)
            self.unset_loc()
            if handler.name:
                self.load_const(hloc, None)
                self.nameop(hloc, handler.name, ast.Store)
                self.nameop(hloc, handler.name, ast.Del)
            self.addop(hloc, "LIST_APPEND", 3)
            self.addop(hloc, "POP_TOP")
            self.addop_jump(hloc, "JUMP", except_with_error)
            self.use_label(except_)
            self.addop(hloc, "NOP")
            self.addop_jump(hloc, "JUMP", except_with_error)
            self.use_label(no_match)
            self.addop(hloc, "POP_TOP")
            self.use_label(except_with_error)
            if index == count - 1:
                self.addop(hloc, "LIST_APPEND", 1)
                self.addop_jump(hloc, "JUMP", reraise_star)
        self.unset_loc()
        self.pop_fblock()
        reraise = self.new_label()
        self.use_label(reraise_star)
        self.addop(loc, "PREP_RERAISE_STAR")
        self.addop(loc, "COPY", 1)
        self.addop_jump(loc, "POP_JUMP_IF_NOT_NONE", reraise)
        self.addop(loc, "POP_TOP")
        self.addop(loc, "POP_BLOCK")
        self.addop(loc, "POP_EXCEPT")
        self.addop_jump(loc, "JUMP", end)
        self.use_label(reraise)
        self.addop(loc, "POP_BLOCK")
        self.addop(loc, "SWAP", 2)
        self.addop(loc, "POP_EXCEPT")
        self.addop(loc, "RERAISE", 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(loc)
        self.use_label(orelse)
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_With(self, node: Any, pos: int = 0) -> None:
        self._with(node, pos, False)

    def visit_AsyncWith(self, node: Any, pos: int = 0) -> None:
        if pos == 0 and not (self.is_top_level_await()
                             or self.unit.scope_type == SCOPE_ASYNC_FUNCTION):
            self.error("'async with' outside async function", loc_of(node))
        self._with(node, pos, True)

    def _with(self, node: Any, pos: int, is_async: bool) -> None:
        """``compiler_with``/``compiler_async_with``: the exit call is located at the
        statement again after the artificial POP_BLOCK."""
        item = node.items[pos]
        loc = loc_of(node)
        block = self.new_label()
        final = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.visit(item.context_expr)
        if is_async:
            self.addop(loc, "BEFORE_ASYNC_WITH")
            self.addop(loc, "GET_AWAITABLE", 1)
            self.load_const(loc, None)
            self.add_yield_from(loc, True)
        else:
            self.addop(loc, "BEFORE_WITH")
        self.addop_jump(loc, "SETUP_WITH", final)
        self.use_label(block)
        self.push_fblock(loc, ASYNC_WITH if is_async else WITH, block, final, node)
        if item.optional_vars is not None:
            self.visit(item.optional_vars)
        else:
            self.addop(loc, "POP_TOP")
        pos += 1
        if pos == len(node.items):
            self.visit_stmts(node.body)
        else:
            self._with(node, pos, is_async)
        if not is_async:  # async with's POP_BLOCK keeps the body's last location
            self.unset_loc()
        self.addop(loc, "POP_BLOCK")
        self.pop_fblock()
        self.set_loc(loc)
        self.call_exit_with_nones(loc)
        if is_async:
            self.addop(loc, "GET_AWAITABLE", 2)
            self.load_const(loc, None)
            self.add_yield_from(loc, True)
        self.addop(loc, "POP_TOP")
        self.addop_jump(loc, "JUMP", exit_)
        self.use_label(final)
        self.addop_jump(loc, "SETUP_CLEANUP", cleanup)
        self.addop(loc, "PUSH_EXC_INFO")
        self.addop(loc, "WITH_EXCEPT_START")
        if is_async:
            self.addop(loc, "GET_AWAITABLE", 2)
            self.load_const(loc, None)
            self.add_yield_from(loc, True)
        self.with_except_finish(cleanup)
        self.use_label(exit_)

    def apply_decorators(self, decorators: List[Any]) -> None:
        saved = self.here()
        for decorator in reversed(decorators):
            self.set_loc(loc_of(decorator))
            self.addop(self.here(), "CALL", 0)
        self.set_loc(saved)

    def pattern(self, pattern: Any, pc: Any) -> None:
        """``compiler_pattern`` starts with ``SET_LOC(c, p)`` (and leaves it set)."""
        self.set_loc(loc_of(pattern))
        super().pattern(pattern, pc)

    def pattern_alternative_start(self, loc: Location) -> None:
        self.set_loc(loc)
        super().pattern_alternative_start(loc)

    def visit_Match(self, node: Any) -> None:
        """``compiler_match_inner`` of 3.11: each case at its pattern's location, the
        jump to the end at the body's."""
        pc = PatternContext()
        self.visit(node.subject)
        end = self.new_label()
        cases = node.cases
        count = len(cases)
        has_default = _wildcard(cases[-1].pattern) and count > 1
        for index in range(count - has_default):
            case = cases[index]
            self.set_loc(loc_of(case.pattern))
            here = self.here()
            last = index == count - has_default - 1
            if not last:
                self.addop(here, "COPY", 1)
            pc.stores = []
            pc.allow_irrefutable = case.guard is not None or index == count - 1
            pc.fail_pop = []
            pc.on_top = 0
            self.pattern(case.pattern, pc)
            for name in pc.stores:
                self.nameop(here, name, ast.Store)
            if case.guard is not None:
                self.ensure_fail_pop(pc, 0)
                self.jump_if(here, case.guard, pc.fail_pop[0], False)
            if not last:
                self.addop(here, "POP_TOP")
            self.visit_stmts(case.body)
            self.addop_jump(NO_LOCATION, "JUMP", end)
            self.set_loc(loc_of(case.pattern))
            self.emit_and_reset_fail_pop(here, pc)
        if has_default:
            case = cases[-1]
            self.set_loc(loc_of(case.pattern))
            here = self.here()
            self.addop(here, "POP_TOP" if count == 1 else "NOP")
            if case.guard is not None:
                self.jump_if(here, case.guard, end, False)
            self.visit_stmts(case.body)
        self.use_label(end)

    def push_callable(self, func: Any) -> None:
        """``SET_LOC(func); PUSH_NULL; SET_LOC(call)``."""
        call_loc = self.here()
        self.set_loc(loc_of(func))
        self.addop(self.here(), "PUSH_NULL")
        self.set_loc(call_loc)
        self.visit(func)

    def with_except_finish(self, cleanup: Label) -> None:
        self.unset_loc()
        suppress = self.new_label()
        self.addop_jump(NO_LOCATION, "POP_JUMP_IF_TRUE", suppress)
        self.addop(NO_LOCATION, "RERAISE", 2)
        self.use_label(cleanup)
        self.pop_except_and_reraise(NO_LOCATION)
        self.use_label(suppress)
        self.addop(NO_LOCATION, "POP_TOP")
        self.addop(NO_LOCATION, "POP_BLOCK")
        self.addop(NO_LOCATION, "POP_EXCEPT")
        self.addop(NO_LOCATION, "POP_TOP")
        self.addop(NO_LOCATION, "POP_TOP")

    def visit_BoolOp(self, node: Any) -> None:
        loc = loc_of(node)
        jump = ("JUMP_IF_FALSE_OR_POP" if isinstance(node.op, ast.And)
                else "JUMP_IF_TRUE_OR_POP")
        end = self.new_label()
        for value in node.values[:-1]:
            self.visit(value)
            self.addop_jump(loc, jump, end)
            self.use_label(self.new_label())
        self.visit(node.values[-1])
        self.use_label(end)

    def visit_Compare(self, node: Any) -> None:
        """A chained comparison stops through JUMP_IF_FALSE_OR_POP."""
        loc = loc_of(node)
        self.visit(node.left)
        count = len(node.ops) - 1
        if count == 0:
            self.visit(node.comparators[0])
            self.addcompare(loc, node.ops[0])
            return
        cleanup = self.new_label()
        for i in range(count):
            self.visit(node.comparators[i])
            self.addop(loc, "SWAP", 2)
            self.addop(loc, "COPY", 2)
            self.addcompare(loc, node.ops[i])
            self.addop_jump(loc, "JUMP_IF_FALSE_OR_POP", cleanup)
        self.visit(node.comparators[count])
        self.addcompare(loc, node.ops[count])
        end = self.new_label()
        self.addop_jump(NO_LOCATION, "JUMP", end)
        self.use_label(cleanup)
        self.addop(loc, "SWAP", 2)
        self.addop(loc, "POP_TOP")
        self.use_label(end)

    def visit_Subscript(self, node: Any) -> None:
        loc = loc_of(node)
        self.visit(node.value)
        self.visit(node.slice)
        op = {ast.Load: "BINARY_SUBSCR", ast.Store: "STORE_SUBSCR",
              ast.Del: "DELETE_SUBSCR"}[type(node.ctx)]
        self.addop(loc, op)

    def visit_AugAssign(self, node: Any) -> None:
        """``compiler_augassign``: the load and the store at the target, the
        operation at the statement."""
        target = node.target
        outer = self.here()
        self.set_loc(loc_of(target))
        if isinstance(target, ast.Attribute):
            self.visit(target.value)
            self.addop(outer, "COPY", 1)
            self.attr_location(self.here(), target)
            self.addop_name(outer, "LOAD_ATTR", target.attr)
        elif isinstance(target, ast.Subscript):
            self.visit(target.value)
            self.visit(target.slice)
            self.addop(outer, "COPY", 2)
            self.addop(outer, "COPY", 2)
            self.addop(outer, "BINARY_SUBSCR")
        else:
            self.nameop(outer, target.id, ast.Load)
        self.set_loc(outer)
        self.visit(node.value)
        self.addop(outer, "BINARY_OP", self.binop_arg(node.op, inplace=True))
        self.set_loc(loc_of(target))
        if isinstance(target, ast.Attribute):
            self.attr_location(self.here(), target)
            self.addop(outer, "SWAP", 2)
            self.addop_name(outer, "STORE_ATTR", target.attr)
        elif isinstance(target, ast.Subscript):
            self.addop(outer, "SWAP", 3)
            self.addop(outer, "SWAP", 2)
            self.addop(outer, "STORE_SUBSCR")
        else:
            self.nameop(outer, target.id, ast.Store)

    def visit_Expr(self, node: Any) -> None:
        loc = loc_of(node)
        value = node.value
        if self.interactive and self.nestlevel <= 1:
            self.visit(value)
            self.addop(loc, "PRINT_EXPR")
            return
        if isinstance(value, ast.Constant):
            self.addop(loc, "NOP")
            return
        self.visit(value)
        self.unset_loc()  # the POP_TOP is artificial
        self.addop(NO_LOCATION, "POP_TOP")

    def nameop(self, loc: Location, name: str, ctx: Any) -> None:
        """A free or cell variable read in a class body is LOAD_CLASSDEREF (the class
        namespace first); everything else as 3.12."""
        ctx = ctx if isinstance(ctx, type) else type(ctx)
        unit = self.unit
        if ctx is ast.Load and unit.ste.type == st.CLASS_BLOCK:
            mangled = self.mangle(name)
            scope = unit.ste.scope(mangled)
            if scope in (st.FREE, st.CELL):
                table = unit.freevars if scope == st.FREE else unit.cellvars
                self.addop(loc, "LOAD_CLASSDEREF", table[mangled])
                return
        super().nameop(loc, name, ctx)

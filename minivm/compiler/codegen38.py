"""The 3.8 code generator (``Python/compile.c`` at v3.8.18): hooks over 3.9's.

What 3.8 does its own way:

* ``finally`` is a subroutine: the try body ends with POP_BLOCK + BEGIN_FINALLY and
  falls into the finally block, which ends with END_FINALLY; leaving early (return,
  break, continue) calls it with CALL_FINALLY, and leaving the finally block early
  pops it with POP_FINALLY.  The finally body is compiled once, first (to learn
  whether it is left early, which needs a placeholder value under the try), and
  placed after the try body.
* ``with`` cleans up through WITH_CLEANUP_START/WITH_CLEANUP_FINISH/END_FINALLY, a
  handler ends with END_FINALLY; exception matching is COMPARE_OP 10; ``is`` and
  ``in`` are COMPARE_OP too; ``assert`` loads the global AssertionError.
* Starred displays and calls build tuples and merge them with the BUILD_*_UNPACK
  family, and constant lists are not folded into a tuple constant.
* The tree has ``Index`` and ``ExtSlice`` slices.
"""

from __future__ import annotations

import ast
from typing import Any, List

from .codegen import (ASYNC_WITH, FINALLY_END, FINALLY_TRY, FOR_LOOP, HANDLER_CLEANUP,
                      TRY_EXCEPT, WHILE_LOOP, WITH, _COMPARE)
from .codegen39 import CodeGen39
from .codegen310 import _loc_of

# FINALLY_TRY whose finally body is left early: a placeholder lies under the try
FINALLY_TRY2 = 100
_CMP_38 = {ast.In: 6, ast.NotIn: 7, ast.Is: 8, ast.IsNot: 9}
_EXC_MATCH = 10


class CodeGen38(CodeGen39):
    """``struct compiler`` of 3.8."""

    # -- comparisons, assert --

    def addcompare(self, loc: Any, op: Any) -> None:
        kind = type(op)
        cmp = _CMP_38.get(kind)
        self.addop(None, "COMPARE_OP", cmp if cmp is not None else _COMPARE[kind])

    def visit_Assert(self, node: Any) -> None:
        end = self.new_label()
        self.jump_if(None, node.test, end, True)
        self.addop_name(None, "LOAD_GLOBAL", "AssertionError")
        if node.msg is not None:
            self.visit(node.msg)
            self.addop(None, "CALL_FUNCTION", 1)
        self.addop(None, "RAISE_VARARGS", 1)
        self.use_label(end)

    # -- slices (``Index`` and ``ExtSlice`` nodes) --

    def visit_Index(self, node: Any) -> None:
        self.visit(node.value)

    def visit_Slice(self, node: Any) -> None:
        count = 2
        for part in (node.lower, node.upper):
            if part is not None:
                self.visit(part)
            else:
                self.load_const(None, None)
        if node.step is not None:
            count += 1
            self.visit(node.step)
        self.addop(None, "BUILD_SLICE", count)

    def visit_ExtSlice(self, node: Any) -> None:
        for dim in node.dims:
            self.visit(dim)
        self.addop(None, "BUILD_TUPLE", len(node.dims))

    def check_ann_subscr(self, node: Any) -> None:
        kind = type(node).__name__
        if kind == "Index":
            self.check_ann_expr(node.value)
        elif kind == "ExtSlice":
            for dim in node.dims:
                self.check_ann_subscr(dim)
        else:
            super().check_ann_subscr(node)

    # -- displays and calls --

    def starunpack_helper(self, loc: Any, elts: List[Any], pushed: int, build: str,
                          add: str, extend: str, tuple_: bool) -> None:
        """``starunpack_helper`` of 3.8: runs of items become tuples (or the
        display's own kind), merged by the UNPACK op."""
        single = "BUILD_TUPLE" if tuple_ else build
        inner = "BUILD_TUPLE" if build == "BUILD_LIST" else build
        outer = {"BUILD_LIST": "BUILD_LIST_UNPACK", "BUILD_SET": "BUILD_SET_UNPACK"}[build]
        if tuple_:
            outer = "BUILD_TUPLE_UNPACK"
        nsubitems = nseen = 0
        for element in elts:
            if isinstance(element, ast.Starred):
                if nseen:
                    self.addop(None, inner, nseen)
                    nseen = 0
                    nsubitems += 1
                self.visit(element.value)
                nsubitems += 1
            else:
                self.visit(element)
                nseen += 1
        if nsubitems:
            if nseen:
                self.addop(None, inner, nseen)
                nsubitems += 1
            self.addop(None, outer, nsubitems)
        else:
            self.addop(None, single, nseen)

    def visit_Set(self, node: Any) -> None:
        self.starunpack_helper(None, node.elts, 0, "BUILD_SET", "SET_ADD", "SET_UPDATE",
                               False)

    def visit_Dict(self, node: Any) -> None:
        count = len(node.values)
        containers = elements = 0
        is_unpacking = False
        for i in range(count):
            is_unpacking = node.keys[i] is None
            if elements == 0xFFFF or (elements and is_unpacking):
                self.subdict(node, i - elements, i)
                containers += 1
                elements = 0
            if is_unpacking:
                self.visit(node.values[i])
                containers += 1
            else:
                elements += 1
        if elements or containers == 0:
            self.subdict(node, count - elements, count)
            containers += 1
        if containers > 1 or is_unpacking:
            self.addop(None, "BUILD_MAP_UNPACK", containers)

    def call_helper(self, loc: Any, pushed: int, args: List[Any],
                    keywords: List[Any]) -> None:
        """``compiler_call_helper`` of 3.8; ``pushed`` items already on the stack go
        into the first tuple of positional arguments."""
        must_unpack = any(k.arg is None for k in keywords)
        nseen = pushed
        nsubargs = 0
        for arg in args:
            if isinstance(arg, ast.Starred):
                if nseen:
                    self.addop(None, "BUILD_TUPLE", nseen)
                    nseen = 0
                    nsubargs += 1
                self.visit(arg.value)
                nsubargs += 1
            else:
                self.visit(arg)
                nseen += 1
        if nsubargs or must_unpack:
            if nseen:
                self.addop(None, "BUILD_TUPLE", nseen)
                nsubargs += 1
            if nsubargs > 1:
                self.addop(None, "BUILD_TUPLE_UNPACK_WITH_CALL", nsubargs)
            elif nsubargs == 0:
                self.addop(None, "BUILD_TUPLE", 0)
            nseen = nsubkwargs = 0
            for index, keyword in enumerate(keywords):
                if keyword.arg is None:
                    if nseen:
                        self.subkwargs(None, keywords, index - nseen, index)
                        nsubkwargs += 1
                        nseen = 0
                    self.visit(keyword.value)
                    nsubkwargs += 1
                else:
                    nseen += 1
            if nseen:
                self.subkwargs(None, keywords, len(keywords) - nseen, len(keywords))
                nsubkwargs += 1
            if nsubkwargs > 1:
                self.addop(None, "BUILD_MAP_UNPACK_WITH_CALL", nsubkwargs)
            self.addop(None, "CALL_FUNCTION_EX", int(nsubkwargs > 0))
            return
        for keyword in keywords:
            self.visit(keyword.value)
        if keywords:
            self.load_const(None, tuple(k.arg for k in keywords))
            self.addop(None, "CALL_FUNCTION_KW", pushed + len(args) + len(keywords))
        else:
            self.addop(None, "CALL_FUNCTION", pushed + len(args))

    # -- unwinding: CALL_FINALLY / POP_FINALLY --

    def unwind_fblock(self, loc: Any, info: Any, preserve_tos: bool) -> Any:
        """``compiler_unwind_fblock`` of 3.8."""
        kind = info.type
        if kind == WHILE_LOOP:
            return None
        if kind == FINALLY_END:
            info.exit = None  # the finally body is left early
            self.addop(None, "POP_FINALLY", int(preserve_tos))
            if preserve_tos:
                self.addop(None, "ROT_TWO")
            self.addop(None, "POP_TOP")
        elif kind == FOR_LOOP:
            if preserve_tos:
                self.addop(None, "ROT_TWO")
            self.addop(None, "POP_TOP")
        elif kind == TRY_EXCEPT:
            self.addop(None, "POP_BLOCK")
        elif kind == FINALLY_TRY:
            self.addop(None, "POP_BLOCK")
            self.addop_jump(None, "CALL_FINALLY", info.exit)
        elif kind == FINALLY_TRY2:
            self.addop(None, "POP_BLOCK")
            if preserve_tos:
                self.addop(None, "ROT_TWO")
                self.addop(None, "POP_TOP")
                self.addop_jump(None, "CALL_FINALLY", info.exit)
            else:
                self.addop_jump(None, "CALL_FINALLY", info.exit)
                self.addop(None, "POP_TOP")
        elif kind in (WITH, ASYNC_WITH):
            self.addop(None, "POP_BLOCK")
            if preserve_tos:
                self.addop(None, "ROT_TWO")
            self.addop(None, "BEGIN_FINALLY")
            self.addop(None, "WITH_CLEANUP_START")
            if kind == ASYNC_WITH:
                self.await_none()
            self.addop(None, "WITH_CLEANUP_FINISH")
            self.addop(None, "POP_FINALLY", 0)
        elif kind == HANDLER_CLEANUP:
            if preserve_tos:
                self.addop(None, "ROT_FOUR")
            if info.exit is not None:
                self.addop(None, "POP_BLOCK")
                self.addop(None, "POP_EXCEPT")
                self.addop_jump(None, "CALL_FINALLY", info.exit)
            else:
                self.addop(None, "POP_EXCEPT")
        else:
            return super().unwind_fblock(loc, info, preserve_tos)
        return None

    def unwind_all(self, preserve_tos: bool) -> None:
        for info in reversed(list(self.unit.fblocks)):
            self.unwind_fblock(None, info, preserve_tos)

    def visit_Return(self, node: Any) -> None:
        value = node.value
        preserve_tos = value is not None and not isinstance(value, ast.Constant)
        ste = self.unit.ste
        if not ste.is_function_like:
            self.error("'return' outside function", _loc_of(node))
        if value is not None and ste.coroutine and ste.generator:
            self.error("'return' with value in async generator", _loc_of(node))
        if preserve_tos:
            self.visit(value)
        self.unwind_all(preserve_tos)
        if value is None:
            self.load_const(None, None)
        elif not preserve_tos:
            self.visit(value)
        self.addop(None, "RETURN_VALUE")

    def visit_Break(self, node: Any) -> None:
        for info in reversed(list(self.unit.fblocks)):
            self.unwind_fblock(None, info, False)
            if info.type in (WHILE_LOOP, FOR_LOOP):
                self.addop_jump(None, "JUMP_ABSOLUTE", info.exit)
                return
        self.error("'break' outside loop", _loc_of(node))

    def visit_Continue(self, node: Any) -> None:
        for info in reversed(list(self.unit.fblocks)):
            if info.type in (WHILE_LOOP, FOR_LOOP):
                self.addop_jump(None, "JUMP_ABSOLUTE", info.block)
                return
            self.unwind_fblock(None, info, False)
        self.error("'continue' not properly in loop", _loc_of(node))

    # -- try --

    def try_finally(self, node: Any) -> None:
        """``compiler_try_finally`` of 3.8: the finally block is compiled first, the
        try part then goes in front of it."""
        body = self.new_label()
        end = self.new_label()
        unit = self.unit
        before = unit.instrs
        unit.instrs = []
        self.use_label(end)
        self.push_fblock(None, FINALLY_END, end, end)
        self.visit_stmts(node.finalbody)
        self.addop(None, "END_FINALLY")
        break_finally = unit.fblocks[-1].exit is None
        if break_finally:
            self.addop(None, "POP_TOP")
        self.pop_fblock()
        final = unit.instrs
        unit.instrs = before
        self.set_loc(node)
        if break_finally:
            self.load_const(None, None)
        self.addop_jump(None, "SETUP_FINALLY", end)
        self.use_label(body)
        self.push_fblock(None, FINALLY_TRY2 if break_finally else FINALLY_TRY, body, end)
        if node.handlers:
            self.try_except(node)
        else:
            self.visit_stmts(node.body)
        self.addop(None, "POP_BLOCK")
        self.addop(None, "BEGIN_FINALLY")
        self.pop_fblock()
        unit.instrs.extend(final)

    def try_except(self, node: Any) -> None:
        body = self.new_label()
        except_ = self.new_label()
        orelse = self.new_label()
        end = self.new_label()
        self.addop_jump(None, "SETUP_FINALLY", except_)
        self.use_label(body)
        self.push_fblock(None, TRY_EXCEPT, body)
        self.visit_stmts(node.body)
        self.addop(None, "POP_BLOCK")
        self.pop_fblock()
        self.addop_jump(None, "JUMP_FORWARD", orelse)
        count = len(node.handlers)
        self.use_label(except_)
        for index, handler in enumerate(node.handlers):
            if handler.type is None and index < count - 1:
                self.error("default 'except:' must be last", _loc_of(handler))
            self.set_loc(handler)
            except_ = self.new_label()
            if handler.type is not None:
                self.addop(None, "DUP_TOP")
                self.visit(handler.type)
                self.addop(None, "COMPARE_OP", _EXC_MATCH)
                self.addop_jump(None, "POP_JUMP_IF_FALSE", except_)
            self.addop(None, "POP_TOP")
            if handler.name:
                cleanup_end = self.new_label()
                cleanup_body = self.new_label()
                self.nameop(None, handler.name, ast.Store)
                self.addop(None, "POP_TOP")
                self.addop_jump(None, "SETUP_FINALLY", cleanup_end)
                self.use_label(cleanup_body)
                self.push_fblock(None, HANDLER_CLEANUP, cleanup_body, cleanup_end)
                self.visit_stmts(handler.body)
                self.addop(None, "POP_BLOCK")
                self.addop(None, "BEGIN_FINALLY")
                self.pop_fblock()
                self.use_label(cleanup_end)
                self.push_fblock(None, FINALLY_END, cleanup_end)
                self.load_const(None, None)
                self.nameop(None, handler.name, ast.Store)
                self.nameop(None, handler.name, ast.Del)
                self.addop(None, "END_FINALLY")
                self.addop(None, "POP_EXCEPT")
                self.pop_fblock()
            else:
                cleanup_body = self.new_label()
                self.addop(None, "POP_TOP")
                self.addop(None, "POP_TOP")
                self.use_label(cleanup_body)
                self.push_fblock(None, HANDLER_CLEANUP, cleanup_body)
                self.visit_stmts(handler.body)
                self.pop_fblock()
                self.addop(None, "POP_EXCEPT")
            self.addop_jump(None, "JUMP_FORWARD", end)
            self.use_label(except_)
        self.addop(None, "END_FINALLY")
        self.use_label(orelse)
        self.visit_stmts(node.orelse)
        self.use_label(end)

    # -- with --

    def with_statement(self, node: Any, pos: int, is_async: bool) -> None:
        item = node.items[pos]
        block = self.new_label()
        final = self.new_label()
        self.visit(item.context_expr)
        if is_async:
            self.addop(None, "BEFORE_ASYNC_WITH")
            self.await_none()
            self.addop_jump(None, "SETUP_ASYNC_WITH", final)
        else:
            self.addop_jump(None, "SETUP_WITH", final)
        self.use_label(block)
        self.push_fblock(None, ASYNC_WITH if is_async else WITH, block, final)
        if item.optional_vars is not None:
            self.visit(item.optional_vars)
        else:
            self.addop(None, "POP_TOP")
        pos += 1
        if pos == len(node.items):
            self.visit_stmts(node.body)
        else:
            self.with_statement(node, pos, is_async)
        self.addop(None, "POP_BLOCK")
        self.addop(None, "BEGIN_FINALLY")
        self.pop_fblock()
        self.use_label(final)
        self.push_fblock(None, FINALLY_END, final)
        self.addop(None, "WITH_CLEANUP_START")
        if is_async:
            self.await_none()
        self.addop(None, "WITH_CLEANUP_FINISH")
        self.addop(None, "END_FINALLY")
        self.pop_fblock()


__all__ = ["CodeGen38"]

"""The 3.9 code generator (``Python/compile.c`` at v3.9.18): hooks over 3.10's.

3.9 is the block-stack era before PEP 626, so the statements have 3.10's shape and
what differs is mostly lines, dead code and a few visitors:

* Lines are ``u_lineno`` and ``u_lineno_set``: a statement, or an expression on
  another line, sets the line and clears the flag; the next instruction takes the
  line and sets the flag, the ones after it carry none (0).  Nothing is
  "artificial": there is no line -1, and no NOP is emitted to carry a line
  (``pass``, a constant expression statement, ``return`` on its own line).
* ``if``/``while`` on a constant test compile the dead branch without emitting it
  (``c_do_not_emit_bytecode``): names, nested scopes and errors still happen, no
  instruction or constant is added.
* No GEN_START, RERAISE has no argument, no stack-use guideline (no chunked
  collections or calls, no ``str.join`` for long f-strings), annotations are a
  BUILD_CONST_KEY_MAP, and the flow graph is only assembled
  (:mod:`~minivm.compiler.flowgraph39`): the optimizer is the peephole pass.
"""

from __future__ import annotations

import ast
from typing import Any, Dict, List

from . import flowgraph39, flowgraph310
from .codegen import (ASYNC_WITH, FINALLY_TRY, FOR_LOOP, SCOPE_ASYNC_FUNCTION, SCOPE_MODULE,
                      WHILE_LOOP, WITH, _find_ann, _get_docstring, _intern_frozensets,
                      _unparse)
from .codegen310 import _BINARY, _SHARED_OPS, BLOCK, CodeGen310, _loc_of
from .code import Code
from .instructions import Instr, Label, Location

_NO_LINE = Location(0, 0, -1, -1)
_LINES: Dict[int, Location] = {}  # one Location per line (they are immutable)
# the names whose opargs addop rewrites (3.12 spellings of the shared helpers, RERAISE)
_RESPELLED = frozenset([name for name, _ in _SHARED_OPS] + ["RERAISE"])


def expr_constant(node: Any) -> int:
    """``expr_constant``: 1 or 0 for a constant test of that truth, -1 otherwise."""
    if isinstance(node, ast.Constant):
        return 1 if node.value else 0
    return -1


class CodeGen39(CodeGen310):
    """``struct compiler`` of 3.9."""

    stack_use_guideline = 1 << 62
    reraise_oparg = None

    # -- emission: u_lineno / u_lineno_set and c_do_not_emit_bytecode --

    def loc(self) -> Location:
        unit = self.unit
        if unit.lineno_set:
            return _NO_LINE
        unit.lineno_set = True
        line = unit.lineno
        found = _LINES.get(line)
        if found is None:
            found = _LINES[line] = Location(line, line, -1, -1)
        return found

    def addop(self, loc: Any, opname: str, oparg: int = 0) -> None:
        if self.do_not_emit:
            return
        if opname in _RESPELLED:
            if opname == "RERAISE":
                oparg = 0  # 3.9's RERAISE has no argument
            opname, oparg = _SHARED_OPS.get((opname, oparg), (opname, oparg))
        self.unit.instrs.append(Instr(opname, oparg, self.loc()))

    def addop_jump(self, loc: Any, opname: str, label: Label) -> None:
        if self.do_not_emit:
            return
        self.unit.instrs.append(Instr(opname, 0, self.loc(), label))

    def addop_noline(self, opname: str, oparg: int = 0) -> None:
        self.addop(None, opname, oparg)

    def jump_noline(self, opname: str, label: Label) -> None:
        self.addop_jump(None, opname, label)

    def load_const(self, loc: Any, value: Any) -> None:
        if self.do_not_emit:
            return
        super().load_const(loc, value)

    def addop_name(self, loc: Any, opname: str, name: str, table: Any = None) -> None:
        """In dead code neither the name nor the instruction is added (``nameop``
        still adds its name)."""
        if not self.do_not_emit:
            super().addop_name(loc, opname, name, table)

    def addop_n(self, loc: Any, opname: str, name: str, table: Any) -> None:
        if not self.do_not_emit:
            super().addop_n(loc, opname, name, table)

    def use_label(self, label: Label) -> None:
        self.unit.instrs.append(Instr(BLOCK, 0, _NO_LINE, label))

    def set_loc(self, node: Any) -> None:
        self.set_lineno(node.lineno)

    def set_lineno(self, line: int) -> None:
        unit = self.unit
        unit.lineno = line
        unit.lineno_set = False

    def unset_loc(self) -> None:
        """3.9 has no artificial instructions: the line stays."""

    def visit(self, node: Any) -> None:
        unit = self.unit
        if isinstance(node, ast.expr):
            old = unit.lineno
            if node.lineno != old:
                unit.lineno = node.lineno
                unit.lineno_set = False
            super(CodeGen310, self).visit(node)
            if old != unit.lineno:
                unit.lineno = old
                unit.lineno_set = False
            return
        if isinstance(node, ast.stmt):
            self.set_lineno(node.lineno)
        super(CodeGen310, self).visit(node)

    # -- scopes --

    pending_line = 0

    def enter_scope(self, name: str, scope_type: int, node: Any, lineno: int) -> None:
        super().enter_scope(name, scope_type, node, lineno)
        self.unit.lineno = self.pending_line
        self.unit.lineno_set = False
        self.pending_line = 0

    #: ``c_do_not_emit_bytecode``: a count for the whole compiler, so the scopes
    #: inside a dead branch emit nothing either
    do_not_emit = 0

    def dead(self, stmts: List[Any]) -> None:
        """``BEGIN_DO_NOT_EMIT_BYTECODE`` ... ``END``: compile without emitting."""
        self.do_not_emit += 1
        self.visit_stmts(stmts)
        self.do_not_emit -= 1

    def optimize_and_assemble(self, add_none: bool) -> Code:
        unit = self.unit
        if not self.ends_with_return():
            self.next_block()
            if add_none:
                self.load_const(None, None)
            self.addop(None, "RETURN_VALUE")
        flags = self.code_flags()
        consts = list(unit.const_values)
        graph = flowgraph310.build_cfg(unit.instrs, self.dialect)
        for name in unit.names:
            self.interner.intern(name)
        # the new code object interns its strings, which rebuilds a frozenset holding
        # one whose interned copy is another object (intern_string_constants)
        _intern_frozensets(self.interner, consts, self.target)
        code = flowgraph39.assemble(unit, graph, consts, flags, self.filename,
                                    self.const_cache)
        self.interner.intern_code(code)
        return code

    def compile_module(self, tree: Any) -> Code:
        self.enter_scope("<module>", SCOPE_MODULE, tree, self.module_firstlineno)
        if isinstance(tree, ast.Module):
            self.body(None, tree.body)
            add_none = True
        elif isinstance(tree, ast.Interactive):
            if _find_ann(tree.body):
                self.addop(None, "SETUP_ANNOTATIONS")
            self.interactive = True
            self.visit_stmts(tree.body)
            add_none = True
        else:
            self.visit(tree.body)
            add_none = False
        code = self.optimize_and_assemble(add_none)
        self.exit_scope()
        return code

    #: 0: the module's first line is its first instruction's (``assemble``)
    module_firstlineno = 0

    def body(self, loc: Any, stmts: List[Any]) -> None:
        unit = self.unit
        if unit.scope_type == SCOPE_MODULE and not unit.lineno and stmts:
            unit.lineno = stmts[0].lineno
        if _find_ann(stmts):
            self.addop(None, "SETUP_ANNOTATIONS")
        if not stmts:
            return
        start = 0
        docstring = _get_docstring(stmts)
        if docstring is not None:
            start = 1
            self.visit(stmts[0].value)
            self.nameop(None, "__doc__", ast.Store)
        for stmt in stmts[start:]:
            self.visit(stmt)

    # -- statements --

    def visit_Pass(self, node: Any) -> None:
        pass

    def visit_Expr(self, node: Any) -> None:
        value = node.value
        if self.interactive and self.nestlevel <= 1:
            self.visit(value)
            self.addop(None, "PRINT_EXPR")
            return
        if isinstance(value, ast.Constant):
            return
        self.visit(value)
        self.addop(None, "POP_TOP")

    def visit_Raise(self, node: Any) -> None:
        super(CodeGen310, self).visit_Raise(node)

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
        self.unwind_fblock_stack(None, preserve_tos, False)
        if value is None:
            self.load_const(None, None)
        elif not preserve_tos:
            self.visit(value)
        self.addop(None, "RETURN_VALUE")

    def visit_Break(self, node: Any) -> None:
        _, loop = self.unwind_fblock_stack(None, False, True)
        if loop is None:
            self.error("'break' outside loop", _loc_of(node))
        self.unwind_fblock(None, loop, False)
        self.addop_jump(None, "JUMP_ABSOLUTE", loop.exit)

    def visit_Continue(self, node: Any) -> None:
        _, loop = self.unwind_fblock_stack(None, False, True)
        if loop is None:
            self.error("'continue' not properly in loop", _loc_of(node))
        self.addop_jump(None, "JUMP_ABSOLUTE", loop.block)

    def visit_If(self, node: Any) -> None:
        end = self.new_label()
        constant = expr_constant(node.test)
        if constant == 0:
            self.dead(node.body)
            self.visit_stmts(node.orelse)
        elif constant == 1:
            self.visit_stmts(node.body)
            if node.orelse:
                self.dead(node.orelse)
        else:
            next_ = self.new_label() if node.orelse else end
            self.jump_if(None, node.test, next_, False)
            self.visit_stmts(node.body)
            if node.orelse:
                self.addop_jump(None, "JUMP_FORWARD", end)
                self.use_label(next_)
                self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_While(self, node: Any) -> None:
        constant = expr_constant(node.test)
        if constant == 0:
            self.push_fblock(None, WHILE_LOOP, None, None)
            self.dead(node.body)
            self.pop_fblock()
            self.visit_stmts(node.orelse)
            return
        loop = self.new_label()
        end = self.new_label()
        anchor = self.new_label() if constant == -1 else None
        self.use_label(loop)
        self.push_fblock(None, WHILE_LOOP, loop, end)
        if anchor is not None:
            self.jump_if(None, node.test, anchor, False)
        self.visit_stmts(node.body)
        self.addop_jump(None, "JUMP_ABSOLUTE", loop)
        if anchor is not None:
            self.use_label(anchor)
        self.pop_fblock()
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_For(self, node: Any) -> None:
        start = self.new_label()
        cleanup = self.new_label()
        end = self.new_label()
        self.push_fblock(None, FOR_LOOP, start, end)
        self.visit(node.iter)
        self.addop(None, "GET_ITER")
        self.use_label(start)
        self.addop_jump(None, "FOR_ITER", cleanup)
        self.visit(node.target)
        self.visit_stmts(node.body)
        self.addop_jump(None, "JUMP_ABSOLUTE", start)
        self.use_label(cleanup)
        self.pop_fblock()
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_AsyncFor(self, node: Any) -> None:
        if self.is_top_level_await():
            self.unit.ste.coroutine = True
        elif self.unit.scope_type != SCOPE_ASYNC_FUNCTION:
            self.error("'async for' outside async function", _loc_of(node))
        start = self.new_label()
        except_ = self.new_label()
        end = self.new_label()
        self.visit(node.iter)
        self.addop(None, "GET_AITER")
        self.use_label(start)
        self.push_fblock(None, FOR_LOOP, start, end)
        self.addop_jump(None, "SETUP_FINALLY", except_)
        self.addop(None, "GET_ANEXT")
        self.load_const(None, None)
        self.addop(None, "YIELD_FROM")
        self.addop(None, "POP_BLOCK")
        self.visit(node.target)
        self.visit_stmts(node.body)
        self.addop_jump(None, "JUMP_ABSOLUTE", start)
        self.pop_fblock()
        self.use_label(except_)
        if node.orelse and self.target.compiler("end_async_for_on_else_line"):
            # 3.9 puts END_ASYNC_FOR on the line of the ``else`` body (measured)
            self.set_loc(node.orelse[0])
        self.addop(None, "END_ASYNC_FOR")
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def jump_if(self, loc: Any, node: Any, label: Label, cond: bool) -> None:
        """``compiler_jump_if`` of 3.9: the test's own line comes from visiting it."""
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            self.jump_if(loc, node.operand, label, not cond)
            return
        if isinstance(node, ast.BoolOp):
            cond2 = isinstance(node.op, ast.Or)
            next2 = label
            if cond2 != cond:
                next2 = self.new_label()
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
            self.addop_jump(None, "JUMP_FORWARD", end)
            self.use_label(next2)
            self.jump_if(loc, node.orelse, label, cond)
            self.use_label(end)
            return
        if isinstance(node, ast.Compare) and len(node.ops) > 1:
            self.jump_if_chain(node, label, cond)
            return
        self.visit(node)
        self.addop_jump(None, "POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", label)

    def jump_if_chain(self, node: Any, label: Label, cond: bool) -> None:
        """A chained comparison under a jump: not visited as an expression, so its
        parts alone set lines."""
        count = len(node.ops) - 1
        cleanup = self.new_label()
        self.visit(node.left)
        for i in range(count):
            self.visit(node.comparators[i])
            self.addop(None, "DUP_TOP")
            self.addop(None, "ROT_THREE")
            self.addcompare(None, node.ops[i])
            self.addop_jump(None, "POP_JUMP_IF_FALSE", cleanup)
            self.next_block()
        self.visit(node.comparators[count])
        self.addcompare(None, node.ops[count])
        self.addop_jump(None, "POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", label)
        end = self.new_label()
        self.addop_jump(None, "JUMP_FORWARD", end)
        self.use_label(cleanup)
        self.addop(None, "POP_TOP")
        if not cond:
            self.addop_jump(None, "JUMP_FORWARD", label)
        self.use_label(end)

    # -- try / with --

    def unwind_fblock(self, loc: Any, info: Any, preserve_tos: bool) -> Any:
        if info.type in (WITH, ASYNC_WITH):
            self.addop(None, "POP_BLOCK")
            if preserve_tos:
                self.addop(None, "ROT_TWO")
            self.call_exit_with_nones(None)
            if info.type == ASYNC_WITH:
                self.await_none()
            self.addop(None, "POP_TOP")
            return None
        if info.type == FINALLY_TRY:
            # the finally body, then the line of the statement unwinding again
            saved = self.unit.lineno
            super().unwind_fblock(loc, info, preserve_tos)
            self.set_lineno(saved)
            return None
        return super().unwind_fblock(loc, info, preserve_tos)

    def with_except_finish(self, cleanup: Any = None) -> None:
        exit_ = self.new_label()
        self.addop_jump(None, "POP_JUMP_IF_TRUE", exit_)
        self.addop(None, "RERAISE")
        self.use_label(exit_)
        for _ in range(3):
            self.addop(None, "POP_TOP")
        self.addop(None, "POP_EXCEPT")
        self.addop(None, "POP_TOP")

    def with_statement(self, node: Any, pos: int, is_async: bool) -> None:
        item = node.items[pos]
        block = self.new_label()
        final = self.new_label()
        exit_ = self.new_label()
        self.visit(item.context_expr)
        if is_async:
            self.addop(None, "BEFORE_ASYNC_WITH")
            self.await_none()
            self.addop_jump(None, "SETUP_ASYNC_WITH", final)
        else:
            self.addop_jump(None, "SETUP_WITH", final)
        self.use_label(block)
        self.push_fblock(None, ASYNC_WITH if is_async else WITH, block, final, node)
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
        self.pop_fblock()
        self.call_exit_with_nones(None)
        if is_async:
            self.await_none()
        self.addop(None, "POP_TOP")
        self.addop_jump(None, "JUMP_ABSOLUTE" if is_async else "JUMP_FORWARD", exit_)
        self.use_label(final)
        self.addop(None, "WITH_EXCEPT_START")
        if is_async:
            self.await_none()
        self.with_except_finish()
        self.use_label(exit_)

    # -- functions --

    def function_body(self, node: Any, is_async: bool, funcflags: int,
                      firstlineno: int) -> None:
        """The docstring statement is visited too (a constant: it emits nothing but
        its line, which a body of only a docstring returns on)."""
        if _get_docstring(node.body) is not None:
            self.pending_line = node.body[0].lineno
        super().function_body(node, is_async, funcflags, firstlineno)

    def visit_annotations(self, loc: Any, args: Any, returns: Any) -> bool:
        """3.9: the values, a tuple of the names, BUILD_CONST_KEY_MAP."""
        names: List[str] = []
        for arg in list(args.args) + list(args.posonlyargs):
            self.annotation39(names, arg.arg, arg.annotation)
        if args.vararg is not None:
            self.annotation39(names, args.vararg.arg, args.vararg.annotation)
        for arg in args.kwonlyargs:
            self.annotation39(names, arg.arg, arg.annotation)
        if args.kwarg is not None:
            self.annotation39(names, args.kwarg.arg, args.kwarg.annotation)
        self.annotation39(names, "return", returns)
        if names:
            self.load_const(None, tuple(names))
            self.addop(None, "BUILD_CONST_KEY_MAP", len(names))
            return True
        return False

    def annotation39(self, names: List[str], name: str, annotation: Any) -> None:
        if annotation is None:
            return
        if "annotations" in self.future:
            self.load_const(None, _unparse(annotation))
        else:
            self.visit(annotation)
        names.append(self.mangle(name))

    # -- expressions --

    def visit_Attribute(self, node: Any) -> None:
        self.visit(node.value)
        ctx = type(node.ctx)
        op = {ast.Load: "LOAD_ATTR", ast.Store: "STORE_ATTR", ast.Del: "DELETE_ATTR"}[ctx]
        self.addop_name(None, op, node.attr)

    def visit_AugAssign(self, node: Any) -> None:
        target = node.target
        if isinstance(target, ast.Attribute):
            self.visit(target.value)
            self.addop(None, "DUP_TOP")
            self.addop_name(None, "LOAD_ATTR", target.attr)
        elif isinstance(target, ast.Subscript):
            self.visit(target.value)
            self.visit(target.slice)
            self.addop(None, "DUP_TOP_TWO")
            self.addop(None, "BINARY_SUBSCR")
        else:
            self.nameop(None, target.id, ast.Load)
        self.visit(node.value)
        self.addop(None, "INPLACE_" + _BINARY[type(node.op)])
        if isinstance(target, ast.Attribute):
            self.addop(None, "ROT_TWO")
            self.addop_name(None, "STORE_ATTR", target.attr)
        elif isinstance(target, ast.Subscript):
            self.addop(None, "ROT_THREE")
            self.addop(None, "STORE_SUBSCR")
        else:
            self.nameop(None, target.id, ast.Store)

    def maybe_optimize_method_call(self, node: Any) -> bool:
        meth = node.func
        if not isinstance(meth, ast.Attribute) or not isinstance(meth.ctx, ast.Load) \
                or node.keywords:
            return False
        if any(isinstance(a, ast.Starred) for a in node.args):
            return False
        self.visit(meth.value)
        self.addop_name(None, "LOAD_METHOD", meth.attr)
        for arg in node.args:
            self.visit(arg)
        self.addop(None, "CALL_METHOD", len(node.args))
        return True

    def visit_JoinedStr(self, node: Any) -> None:
        for value in node.values:
            self.visit(value)
        if len(node.values) != 1:
            self.addop(None, "BUILD_STRING", len(node.values))

    def scope_line(self, node: Any) -> None:
        """A comprehension's scope starts at line 0 like any other in 3.9."""


__all__ = ["CodeGen39"]

"""The 3.10 code generator: the block-stack era (``Python/compile.c`` at v3.10.13).

3.10 differs from 3.12 in the shape of nearly every statement, so this module holds
its own visitors, named after the ``compiler_*`` functions they mirror, and reuses
the shared machinery of :class:`~minivm.compiler.codegen.CodeGen` (scopes, constants,
names, qualnames, defaults, annotations, dict/set/list displays, ``call_helper``).

What makes the era: SETUP_FINALLY/SETUP_WITH/SETUP_ASYNC_WITH and POP_BLOCK are real
instructions (the runtime keeps a block stack), exceptions leave three values on the
stack (``POP_EXCEPT`` pops them), calls are CALL_FUNCTION/CALL_FUNCTION_KW/
CALL_METHOD with no NULL, the stack is rearranged by ROT_*/DUP_TOP, comprehensions
are always functions of their own, and locations are line numbers only.

Lines follow CPython's ``u_lineno``: a statement sets it, an expression sets it and
puts the old one back (``compiler_visit_expr``), and "artificial" code sets it to -1
(``UNSET_LOC``); every instruction takes the current value, whatever location the
shared code passes.  Blocks are CPython's: :meth:`use_label` and :meth:`next_block`
put a block marker into the instruction stream, so the flow graph has exactly the
blocks ``compiler_new_block``/``compiler_use_next_block``/``NEXT_BLOCK`` make, in the
order they were made (which the 3.10 passes iterate in, through ``b_list``).
"""

from __future__ import annotations

import ast
from typing import Any, List

from ..versions import CO_FLAGS
from . import flowgraph310
from . import symtable as st
from .code import Code
from .codegen import (ASYNC_COMPREHENSION_GENERATOR, ASYNC_WITH, EXCEPTION_HANDLER,
                      FINALLY_END, FINALLY_TRY, FOR_LOOP, FUNC_ANNOTATIONS, FUNC_CLOSURE,
                      HANDLER_CLEANUP, POP_VALUE, SCOPE_ASYNC_FUNCTION, SCOPE_CLASS,
                      SCOPE_COMPREHENSION, SCOPE_FUNCTION, SCOPE_LAMBDA, SCOPE_MODULE,
                      STACK_USE_GUIDELINE, TRY_EXCEPT, WHILE_LOOP, WITH, CodeGen,
                      CodeUnit, _find_ann, _get_docstring, _intern_frozensets)
from .patterns import PatternContext, _wildcard
from .instructions import NO_LOCATION, Instr, Label, Location

_BINARY = {
    ast.Add: "ADD", ast.Sub: "SUBTRACT", ast.Mult: "MULTIPLY", ast.MatMult: "MATRIX_MULTIPLY",
    ast.Div: "TRUE_DIVIDE", ast.FloorDiv: "FLOOR_DIVIDE", ast.Mod: "MODULO", ast.Pow: "POWER",
    ast.LShift: "LSHIFT", ast.RShift: "RSHIFT", ast.BitAnd: "AND", ast.BitOr: "OR",
    ast.BitXor: "XOR",
}
_UNARY = {ast.UAdd: "UNARY_POSITIVE", ast.USub: "UNARY_NEGATIVE", ast.Not: "UNARY_NOT",
          ast.Invert: "UNARY_INVERT"}
# 3.12 spellings the shared helpers emit, and what 3.10 has for each.
_SHARED_OPS = {("CALL_INTRINSIC_1", 6): ("LIST_TO_TUPLE", 0),
               ("COPY", 1): ("DUP_TOP", 0), ("SWAP", 2): ("ROT_TWO", 0)}
_COMP_BUILD = {ast.ListComp: "BUILD_LIST", ast.SetComp: "BUILD_SET", ast.DictComp: "BUILD_MAP"}
_COMP_NAMES = {ast.ListComp: "<listcomp>", ast.SetComp: "<setcomp>",
               ast.DictComp: "<dictcomp>", ast.GeneratorExp: "<genexpr>"}
BLOCK = "<block>"  # marker: a new basic block starts here (its Label in ``target``)


class CodeGen310(CodeGen):
    """``struct compiler`` of 3.10 and its visitors."""

    # -- emission ----------------------------------------------------------------------

    def loc(self) -> Location:
        line = self.unit.lineno
        return Location(line, line, -1, -1)

    def addop(self, loc: Any, opname: str, oparg: int = 0) -> None:
        """Add at the current line; a shared helper's NO_LOCATION (``ADDOP_NOLINE``)
        stays lineless."""
        opname, oparg = _SHARED_OPS.get((opname, oparg), (opname, oparg))
        where = NO_LOCATION if loc is NO_LOCATION else self.loc()
        self.unit.instrs.append(Instr(opname, oparg, where))

    def addop_jump(self, loc: Any, opname: str, label: Label) -> None:
        self.unit.instrs.append(Instr(opname, 0, self.loc(), label))

    def addop_noline(self, opname: str, oparg: int = 0) -> None:
        self.unit.instrs.append(Instr(opname, oparg, Location(-1, -1, -1, -1)))

    def jump_noline(self, opname: str, label: Label) -> None:
        self.unit.instrs.append(Instr(opname, 0, Location(-1, -1, -1, -1), label))

    def new_label(self) -> Label:
        """``compiler_new_block``: labels are numbered in block-creation order."""
        unit = self.unit
        label = Label(len(unit.labels) + 1)
        unit.labels[label.id] = -1
        return label

    def use_label(self, label: Label) -> None:
        """``compiler_use_next_block``."""
        self.unit.instrs.append(Instr(BLOCK, 0, self.loc(), label))

    def next_block(self) -> None:
        """``NEXT_BLOCK``."""
        self.use_label(self.new_label())

    def set_loc(self, node: Any) -> None:
        self.unit.lineno = node.lineno

    def unset_loc(self) -> None:
        self.unit.lineno = -1

    def visit(self, node: Any) -> None:
        if isinstance(node, ast.expr):
            unit = self.unit
            saved = unit.lineno
            unit.lineno = node.lineno
            super().visit(node)
            unit.lineno = saved
            return
        if isinstance(node, ast.stmt):
            self.unit.lineno = node.lineno
        super().visit(node)

    # -- scopes ------------------------------------------------------------------------

    def enter_scope(self, name: str, scope_type: int, node: Any, lineno: int) -> None:
        ste = self.table.lookup(node)
        unit = CodeUnit(name, scope_type, ste, lineno)
        # A new unit starts at line 0, "no line yet": its instructions extend the
        # line-table entry before them (the prologue of a class, a lambda's return).
        unit.lineno = 0
        if self.unit is not None:
            unit.private = self.unit.private
            self.stack.append(self.unit)
        self.unit = unit
        self.nestlevel += 1
        if scope_type != SCOPE_MODULE:
            self.set_qualname()

    def code_flags(self) -> int:
        flags = super().code_flags()
        unit = self.unit
        if not unit.cellvars and not unit.freevars:
            flags |= CO_FLAGS["NOFREE"]
        return flags

    def optimize_and_assemble(self, add_none: bool) -> Code:
        unit = self.unit
        if not self.ends_with_return():
            self.unset_loc()
            if add_none:
                self.load_const(None, None)
            self.addop(None, "RETURN_VALUE")
        flags = self.code_flags()
        consts = list(unit.const_values)
        graph = flowgraph310.build_cfg(unit.instrs, self.dialect)
        for name in unit.names:
            self.interner.intern(name)
        code = flowgraph310.assemble(unit, graph, consts, flags, self.filename,
                                     self.const_cache)
        _intern_frozensets(self.interner, list(code.co_consts), self.target)
        self.interner.intern_code(code)
        return code

    def ends_with_return(self) -> bool:
        """``u_curblock->b_return``: the block being filled holds a RETURN_VALUE."""
        for instr in reversed(self.unit.instrs):
            if instr.opname == BLOCK:
                return False
            if instr.opname == "RETURN_VALUE":
                return True
        return False

    def compile_module(self, tree: Any) -> Code:
        self.enter_scope("<module>", SCOPE_MODULE, tree, 1)
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

    def body(self, loc: Any, stmts: List[Any]) -> None:
        if self.unit.scope_type == SCOPE_MODULE and stmts:
            self.set_loc(stmts[0])
        if _find_ann(stmts):
            self.addop(None, "SETUP_ANNOTATIONS")
        if not stmts:
            return
        start = 0
        docstring = _get_docstring(stmts)
        if docstring is not None:
            start = 1
            self.set_loc(stmts[0])
            self.visit(stmts[0].value)
            self.nameop(None, "__doc__", ast.Store)
        for stmt in stmts[start:]:
            self.visit(stmt)

    # -- names -------------------------------------------------------------------------

    def nameop(self, loc: Any, name: str, ctx: Any) -> None:
        """``compiler_nameop`` of 3.10."""
        ctx = ctx if isinstance(ctx, type) else type(ctx)
        unit = self.unit
        ste = unit.ste
        mangled = self.mangle(name)
        scope = ste.scope(mangled)
        kind = {ast.Load: 0, ast.Store: 1, ast.Del: 2}[ctx]
        if scope in (st.FREE, st.CELL):
            table = unit.freevars if scope == st.FREE else unit.cellvars
            load = "LOAD_CLASSDEREF" if ste.type == st.CLASS_BLOCK else "LOAD_DEREF"
            op = (load, "STORE_DEREF", "DELETE_DEREF")[kind]
            self.addop(None, op, table[mangled])
            return
        if scope == st.LOCAL and ste.is_function_like:
            op = ("LOAD_FAST", "STORE_FAST", "DELETE_FAST")[kind]
            self.addop_n(None, op, mangled, unit.varnames)
            return
        if (scope == st.GLOBAL_IMPLICIT and ste.is_function_like) \
                or scope == st.GLOBAL_EXPLICIT:
            op = ("LOAD_GLOBAL", "STORE_GLOBAL", "DELETE_GLOBAL")[kind]
        else:
            op = ("LOAD_NAME", "STORE_NAME", "DELETE_NAME")[kind]
        self.addop(None, op, self.add_name(unit.names, mangled))

    # -- simple statements ----------------------------------------------------------

    def visit_Expr(self, node: Any) -> None:
        value = node.value
        if self.interactive and self.nestlevel <= 1:
            self.visit(value)
            self.addop(None, "PRINT_EXPR")
            return
        if isinstance(value, ast.Constant):
            self.addop(None, "NOP")
            return
        self.visit(value)
        self.unset_loc()
        self.addop(None, "POP_TOP")

    def visit_Assign(self, node: Any) -> None:
        self.visit(node.value)
        count = len(node.targets)
        for index, target in enumerate(node.targets):
            if index < count - 1:
                self.addop(None, "DUP_TOP")
            self.visit(target)

    def visit_Raise(self, node: Any) -> None:
        super().visit_Raise(node)
        self.next_block()

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
        elif value is not None:
            self.set_loc(value)
            self.addop(None, "NOP")
        if value is None or value.lineno != node.lineno:
            self.set_loc(node)
            self.addop(None, "NOP")
        self.unwind_fblock_stack(None, preserve_tos, False)
        if value is None:
            self.load_const(None, None)
        elif not preserve_tos:
            self.load_const(None, value.value)
        self.addop(None, "RETURN_VALUE")
        self.next_block()

    def visit_Break(self, node: Any) -> None:
        self.addop(None, "NOP")
        _, loop = self.unwind_fblock_stack(None, False, True)
        if loop is None:
            self.error("'break' outside loop", _loc_of(node))
        self.unwind_fblock(None, loop, False)
        self.addop_jump(None, "JUMP_ABSOLUTE", loop.exit)
        self.next_block()

    def visit_Continue(self, node: Any) -> None:
        self.addop(None, "NOP")
        _, loop = self.unwind_fblock_stack(None, False, True)
        if loop is None:
            self.error("'continue' not properly in loop", _loc_of(node))
        self.addop_jump(None, "JUMP_ABSOLUTE", loop.block)
        self.next_block()

    def visit_Assert(self, node: Any) -> None:
        end = self.new_label()
        self.jump_if(None, node.test, end, True)
        self.addop(None, "LOAD_ASSERTION_ERROR")
        if node.msg is not None:
            self.visit(node.msg)
            self.addop(None, "CALL_FUNCTION", 1)
        self.addop(None, "RAISE_VARARGS", 1)
        self.use_label(end)

    def import_as(self, loc: Any, name: str, asname: str) -> None:
        parts = name.split(".")
        if len(parts) > 1:
            for index, attr in enumerate(parts[1:]):
                self.addop_n(None, "IMPORT_FROM", attr, self.unit.names)
                if index == len(parts) - 2:
                    break
                self.addop(None, "ROT_TWO")
                self.addop(None, "POP_TOP")
            self.nameop(None, asname, ast.Store)
            self.addop(None, "POP_TOP")
            return
        self.nameop(None, asname, ast.Store)

    def visit_ImportFrom(self, node: Any) -> None:
        self.load_const(None, node.level or 0)
        names = tuple(alias.name for alias in node.names)
        if (node.module == "__future__" and not node.level
                and (node.lineno, node.col_offset) > self.future_location):
            self.error("from __future__ imports must occur at the beginning of the file",
                       _loc_of(node))
        self.load_const(None, names)
        self.addop_name(None, "IMPORT_NAME", node.module or "")
        for index, alias in enumerate(node.names):
            if index == 0 and alias.name.startswith("*"):
                self.addop(None, "IMPORT_STAR")
                return
            self.addop_name(None, "IMPORT_FROM", alias.name)
            self.nameop(None, alias.asname or alias.name, ast.Store)
        self.addop(None, "POP_TOP")

    def visit_AugAssign(self, node: Any) -> None:
        target = node.target
        unit = self.unit
        saved = unit.lineno
        self.set_loc(target)
        if isinstance(target, ast.Attribute):
            self.visit(target.value)
            self.addop(None, "DUP_TOP")
            inner = unit.lineno
            unit.lineno = target.end_lineno
            self.addop_name(None, "LOAD_ATTR", target.attr)
            unit.lineno = inner
        elif isinstance(target, ast.Subscript):
            self.visit(target.value)
            self.visit(target.slice)
            self.addop(None, "DUP_TOP_TWO")
            self.addop(None, "BINARY_SUBSCR")
        else:
            self.nameop(None, target.id, ast.Load)
        unit.lineno = saved
        self.visit(node.value)
        self.addop(None, "INPLACE_" + _BINARY[type(node.op)])
        self.set_loc(target)
        if isinstance(target, ast.Attribute):
            unit.lineno = target.end_lineno
            self.addop(None, "ROT_TWO")
            self.addop_name(None, "STORE_ATTR", target.attr)
        elif isinstance(target, ast.Subscript):
            self.addop(None, "ROT_THREE")
            self.addop(None, "STORE_SUBSCR")
        else:
            self.nameop(None, target.id, ast.Store)

    # -- control flow ------------------------------------------------------------------

    def visit_If(self, node: Any) -> None:
        end = self.new_label()
        next_ = self.new_label() if node.orelse else end
        self.jump_if(None, node.test, next_, False)
        self.visit_stmts(node.body)
        if node.orelse:
            self.jump_noline("JUMP_FORWARD", end)
            self.use_label(next_)
            self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_While(self, node: Any) -> None:
        loop = self.new_label()
        body = self.new_label()
        anchor = self.new_label()
        end = self.new_label()
        self.use_label(loop)
        self.push_fblock(None, WHILE_LOOP, loop, end)
        self.jump_if(None, node.test, anchor, False)
        self.use_label(body)
        self.visit_stmts(node.body)
        self.set_loc(node)
        self.jump_if(None, node.test, body, True)
        self.pop_fblock()
        self.use_label(anchor)
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_For(self, node: Any) -> None:
        start = self.new_label()
        body = self.new_label()
        cleanup = self.new_label()
        end = self.new_label()
        self.push_fblock(None, FOR_LOOP, start, end)
        self.visit(node.iter)
        self.addop(None, "GET_ITER")
        self.use_label(start)
        self.addop_jump(None, "FOR_ITER", cleanup)
        self.use_label(body)
        self.visit(node.target)
        self.visit_stmts(node.body)
        self.unset_loc()
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
        self.unset_loc()
        self.addop_jump(None, "JUMP_ABSOLUTE", start)
        self.pop_fblock()
        self.use_label(except_)
        self.set_loc(node.iter)
        self.addop(None, "END_ASYNC_FOR")
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def jump_if(self, loc: Any, node: Any, label: Label, cond: bool) -> None:
        """``compiler_jump_if`` of 3.10.  A comparison sets the current line to its
        own (and leaves it so), other tests keep the statement's."""
        if isinstance(node, ast.Compare):
            self.set_loc(node)
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
            self.jump_noline("JUMP_FORWARD", end)
            self.use_label(next2)
            self.jump_if(loc, node.orelse, label, cond)
            self.use_label(end)
            return
        if isinstance(node, ast.Compare) and len(node.ops) > 1:
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
            self.next_block()
            end = self.new_label()
            self.jump_noline("JUMP_FORWARD", end)
            self.use_label(cleanup)
            self.addop(None, "POP_TOP")
            if not cond:
                self.jump_noline("JUMP_FORWARD", label)
            self.use_label(end)
            return
        self.visit(node)
        self.addop_jump(None, "POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", label)
        self.next_block()

    # -- try / with ----------------------------------------------------------------------

    def unwind_fblock(self, loc: Any, info: Any, preserve_tos: bool) -> Any:
        """``compiler_unwind_fblock`` of 3.10."""
        kind = info.type
        if kind in (WHILE_LOOP, EXCEPTION_HANDLER, ASYNC_COMPREHENSION_GENERATOR):
            return None
        if kind == FOR_LOOP:
            if preserve_tos:
                self.addop(None, "ROT_TWO")
            self.addop(None, "POP_TOP")
        elif kind == TRY_EXCEPT:
            self.addop(None, "POP_BLOCK")
        elif kind == FINALLY_TRY:
            self.addop(None, "POP_BLOCK")
            if preserve_tos:
                self.push_fblock(None, POP_VALUE, None)
            self.visit_stmts(info.datum)
            if preserve_tos:
                self.pop_fblock()
            self.unset_loc()
        elif kind == FINALLY_END:
            if preserve_tos:
                self.addop(None, "ROT_FOUR")
            for _ in range(3):
                self.addop(None, "POP_TOP")
            if preserve_tos:
                self.addop(None, "ROT_FOUR")
            self.addop(None, "POP_EXCEPT")
        elif kind in (WITH, ASYNC_WITH):
            self.set_loc(info.datum)
            self.addop(None, "POP_BLOCK")
            if preserve_tos:
                self.addop(None, "ROT_TWO")
            self.call_exit_with_nones(None)
            if kind == ASYNC_WITH:
                self.await_none()
            self.addop(None, "POP_TOP")
            self.unset_loc()
        elif kind == HANDLER_CLEANUP:
            if info.datum:
                self.addop(None, "POP_BLOCK")
            if preserve_tos:
                self.addop(None, "ROT_FOUR")
            self.addop(None, "POP_EXCEPT")
            if info.datum:
                self.load_const(None, None)
                self.nameop(None, info.datum, ast.Store)
                self.nameop(None, info.datum, ast.Del)
        elif kind == POP_VALUE:
            if preserve_tos:
                self.addop(None, "ROT_TWO")
            self.addop(None, "POP_TOP")
        else:
            raise AssertionError("unknown fblock %d" % kind)
        return None

    def unwind_fblock_stack(self, loc: Any, preserve_tos: bool, want_loop: bool):
        fblocks = self.unit.fblocks
        if not fblocks:
            return None, None
        top = fblocks[-1]
        if want_loop and top.type in (WHILE_LOOP, FOR_LOOP):
            return None, top
        fblocks.pop()
        self.unwind_fblock(None, top, preserve_tos)
        _, loop = self.unwind_fblock_stack(None, preserve_tos, want_loop)
        fblocks.append(top)
        return None, loop

    def visit_Try(self, node: Any) -> None:
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_except(node)

    def try_finally(self, node: Any) -> None:
        body = self.new_label()
        end = self.new_label()
        exit_ = self.new_label()
        self.addop_jump(None, "SETUP_FINALLY", end)
        self.use_label(body)
        self.push_fblock(None, FINALLY_TRY, body, end, node.finalbody)
        if node.handlers:
            self.try_except(node)
        else:
            self.visit_stmts(node.body)
        self.addop_noline("POP_BLOCK")
        self.pop_fblock()
        self.visit_stmts(node.finalbody)
        self.jump_noline("JUMP_FORWARD", exit_)
        self.use_label(end)
        self.unset_loc()
        self.push_fblock(None, FINALLY_END, end)
        self.visit_stmts(node.finalbody)
        self.pop_fblock()
        self.addop(None, "RERAISE", 0)
        self.use_label(exit_)

    def try_except(self, node: Any) -> None:
        body = self.new_label()
        except_ = self.new_label()
        orelse = self.new_label()
        end = self.new_label()
        self.addop_jump(None, "SETUP_FINALLY", except_)
        self.use_label(body)
        self.push_fblock(None, TRY_EXCEPT, body)
        self.visit_stmts(node.body)
        self.pop_fblock()
        self.addop_noline("POP_BLOCK")
        self.jump_noline("JUMP_FORWARD", orelse)
        count = len(node.handlers)
        self.use_label(except_)
        self.unset_loc()
        self.push_fblock(None, EXCEPTION_HANDLER, None)
        for index, handler in enumerate(node.handlers):
            self.set_loc(handler)
            if handler.type is None and index < count - 1:
                self.error("default 'except:' must be last", _loc_of(handler))
            except_ = self.new_label()
            if handler.type is not None:
                self.addop(None, "DUP_TOP")
                self.visit(handler.type)
                self.addop_jump(None, "JUMP_IF_NOT_EXC_MATCH", except_)
                self.next_block()
            self.addop(None, "POP_TOP")
            if handler.name:
                cleanup_end = self.new_label()
                cleanup_body = self.new_label()
                self.nameop(None, handler.name, ast.Store)
                self.addop(None, "POP_TOP")
                self.addop_jump(None, "SETUP_FINALLY", cleanup_end)
                self.use_label(cleanup_body)
                self.push_fblock(None, HANDLER_CLEANUP, cleanup_body, None, handler.name)
                self.visit_stmts(handler.body)
                self.pop_fblock()
                self.unset_loc()
                self.addop(None, "POP_BLOCK")
                self.addop(None, "POP_EXCEPT")
                self.load_const(None, None)
                self.nameop(None, handler.name, ast.Store)
                self.nameop(None, handler.name, ast.Del)
                self.addop_jump(None, "JUMP_FORWARD", end)
                self.use_label(cleanup_end)
                self.unset_loc()
                self.load_const(None, None)
                self.nameop(None, handler.name, ast.Store)
                self.nameop(None, handler.name, ast.Del)
                self.addop(None, "RERAISE", 1)
            else:
                cleanup_body = self.new_label()
                self.addop(None, "POP_TOP")
                self.addop(None, "POP_TOP")
                self.use_label(cleanup_body)
                self.push_fblock(None, HANDLER_CLEANUP, cleanup_body)
                self.visit_stmts(handler.body)
                self.pop_fblock()
                self.unset_loc()
                self.addop(None, "POP_EXCEPT")
                self.addop_jump(None, "JUMP_FORWARD", end)
            self.use_label(except_)
        self.pop_fblock()
        self.unset_loc()
        self.addop(None, "RERAISE", 0)
        self.use_label(orelse)
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def call_exit_with_nones(self, loc: Any) -> None:
        self.load_const(None, None)
        self.addop(None, "DUP_TOP")
        self.addop(None, "DUP_TOP")
        self.addop(None, "CALL_FUNCTION", 3)

    def await_none(self) -> None:
        self.addop(None, "GET_AWAITABLE")
        self.load_const(None, None)
        self.addop(None, "YIELD_FROM")

    def with_except_finish(self, cleanup: Any = None) -> None:
        exit_ = self.new_label()
        self.addop_jump(None, "POP_JUMP_IF_TRUE", exit_)
        self.next_block()
        self.addop(None, "RERAISE", 1)
        self.use_label(exit_)
        for _ in range(3):
            self.addop(None, "POP_TOP")
        self.addop(None, "POP_EXCEPT")
        self.addop(None, "POP_TOP")

    def visit_With(self, node: Any, pos: int = 0) -> None:
        self.with_statement(node, pos, False)

    def visit_AsyncWith(self, node: Any, pos: int = 0) -> None:
        if self.is_top_level_await():
            self.unit.ste.coroutine = True
        elif self.unit.scope_type != SCOPE_ASYNC_FUNCTION:
            self.error("'async with' outside async function", _loc_of(node))
        self.with_statement(node, pos, True)

    def with_statement(self, node: Any, pos: int, is_async: bool) -> None:
        """``compiler_with`` and ``compiler_async_with``."""
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
        if is_async:
            self.pop_fblock()
            self.addop(None, "POP_BLOCK")
        else:
            self.unset_loc()
            self.addop(None, "POP_BLOCK")
            self.pop_fblock()
        self.set_loc(node)
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

    # -- functions and classes -------------------------------------------------------

    def apply_decorators(self, decorators: List[Any]) -> None:
        for _ in decorators:
            self.addop(None, "CALL_FUNCTION", 1)

    def visit_FunctionDef(self, node: Any) -> None:
        is_async = isinstance(node, ast.AsyncFunctionDef)
        self.decorators(node.decorator_list)
        firstlineno = node.lineno
        if node.decorator_list:
            firstlineno = node.decorator_list[0].lineno
        funcflags = self.default_arguments(None, node.args)
        if self.visit_annotations(None, node.args, node.returns):
            funcflags |= FUNC_ANNOTATIONS
        self.function_body(node, is_async, funcflags, firstlineno)
        self.apply_decorators(node.decorator_list)
        self.nameop(None, node.name, ast.Store)

    visit_AsyncFunctionDef = visit_FunctionDef

    def function_body(self, node: Any, is_async: bool, funcflags: int,
                      firstlineno: int) -> None:
        scope_type = SCOPE_ASYNC_FUNCTION if is_async else SCOPE_FUNCTION
        self.enter_scope(node.name, scope_type, node, firstlineno)
        docstring = _get_docstring(node.body)
        self.add_const(docstring)
        args = node.args
        self.unit.argcount = len(args.args)
        self.unit.posonlyargcount = len(args.posonlyargs)
        self.unit.kwonlyargcount = len(args.kwonlyargs)
        for stmt in node.body[1 if docstring is not None else 0:]:
            self.visit(stmt)
        code = self.optimize_and_assemble(True)
        qualname = self.unit.qualname
        self.exit_scope()
        self.make_closure(None, code, funcflags, qualname)

    def make_closure(self, loc: Any, code: Code, flags: int, qualname: Any = None) -> None:
        frees = code.co_freevars
        if frees:
            for name in frees:
                if self.get_ref_type(name) == st.CELL:
                    arg = self.unit.cellvars[name]
                else:
                    arg = self.unit.freevars[name]
                self.addop(None, "LOAD_CLOSURE", arg)
            flags |= FUNC_CLOSURE
            self.addop(None, "BUILD_TUPLE", len(frees))
        self.load_const(None, code)
        self.load_const(None, code.co_name if qualname is None else qualname)
        self.addop(None, "MAKE_FUNCTION", flags)

    def get_ref_type(self, name: str) -> int:
        if self.unit.scope_type == SCOPE_CLASS and name == "__class__":
            return st.CELL
        return super().get_ref_type(name)

    def visit_Lambda(self, node: Any) -> None:
        args = node.args
        funcflags = self.default_arguments(None, args)
        self.enter_scope("<lambda>", SCOPE_LAMBDA, node, node.lineno)
        self.add_const(None)
        self.unit.argcount = len(args.args)
        self.unit.posonlyargcount = len(args.posonlyargs)
        self.unit.kwonlyargcount = len(args.kwonlyargs)
        self.visit(node.body)
        if self.unit.ste.generator:
            code = self.optimize_and_assemble(False)
        else:
            self.addop(None, "RETURN_VALUE")
            code = self.optimize_and_assemble(True)
        qualname = self.unit.qualname
        self.exit_scope()
        self.make_closure(None, code, funcflags, qualname)

    def visit_ClassDef(self, node: Any) -> None:
        self.decorators(node.decorator_list)
        firstlineno = node.lineno
        if node.decorator_list:
            firstlineno = node.decorator_list[0].lineno
        self.enter_scope(node.name, SCOPE_CLASS, node, firstlineno)
        unit = self.unit
        unit.private = node.name
        self.nameop(None, "__name__", ast.Load)
        self.nameop(None, "__module__", ast.Store)
        self.load_const(None, unit.qualname)
        self.nameop(None, "__qualname__", ast.Store)
        self.body(None, node.body)
        self.unset_loc()
        if unit.ste.needs_class_closure:
            self.addop(None, "LOAD_CLOSURE", unit.cellvars["__class__"])
            self.addop(None, "DUP_TOP")
            self.nameop(None, "__classcell__", ast.Store)
        else:
            self.load_const(None, None)
        self.addop(None, "RETURN_VALUE")
        code = self.optimize_and_assemble(True)
        self.exit_scope()
        self.addop(None, "LOAD_BUILD_CLASS")
        self.make_closure(None, code, 0)
        self.load_const(None, node.name)
        self.call_helper(None, 2, node.bases, node.keywords)
        self.apply_decorators(node.decorator_list)
        self.nameop(None, node.name, ast.Store)

    # -- expressions -----------------------------------------------------------------------

    def visit_BinOp(self, node: Any) -> None:
        self.visit(node.left)
        self.visit(node.right)
        self.addop(None, "BINARY_" + _BINARY[type(node.op)])

    def visit_UnaryOp(self, node: Any) -> None:
        self.visit(node.operand)
        self.addop(None, _UNARY[type(node.op)])

    def visit_BoolOp(self, node: Any) -> None:
        jump = "JUMP_IF_FALSE_OR_POP" if isinstance(node.op, ast.And) \
            else "JUMP_IF_TRUE_OR_POP"
        end = self.new_label()
        for value in node.values[:-1]:
            self.visit(value)
            self.addop_jump(None, jump, end)
            self.use_label(self.new_label())
        self.visit(node.values[-1])
        self.use_label(end)

    def compare_arg(self, cmp: int) -> int:
        return cmp

    def visit_Compare(self, node: Any) -> None:
        self.visit(node.left)
        count = len(node.ops) - 1
        if count == 0:
            self.visit(node.comparators[0])
            self.addcompare(None, node.ops[0])
            return
        cleanup = self.new_label()
        for i in range(count):
            self.visit(node.comparators[i])
            self.addop(None, "DUP_TOP")
            self.addop(None, "ROT_THREE")
            self.addcompare(None, node.ops[i])
            self.addop_jump(None, "JUMP_IF_FALSE_OR_POP", cleanup)
            self.next_block()
        self.visit(node.comparators[count])
        self.addcompare(None, node.ops[count])
        end = self.new_label()
        self.jump_noline("JUMP_FORWARD", end)
        self.use_label(cleanup)
        self.addop(None, "ROT_TWO")
        self.addop(None, "POP_TOP")
        self.use_label(end)

    def visit_IfExp(self, node: Any) -> None:
        end = self.new_label()
        next_ = self.new_label()
        self.jump_if(None, node.test, next_, False)
        self.visit(node.body)
        self.jump_noline("JUMP_FORWARD", end)
        self.use_label(next_)
        self.visit(node.orelse)
        self.use_label(end)

    def visit_NamedExpr(self, node: Any) -> None:
        self.visit(node.value)
        self.addop(None, "DUP_TOP")
        self.visit(node.target)

    def visit_Attribute(self, node: Any) -> None:
        self.visit(node.value)
        unit = self.unit
        ctx = type(node.ctx)
        if ctx is ast.Del:
            self.addop_name(None, "DELETE_ATTR", node.attr)
            return
        saved = unit.lineno
        unit.lineno = node.end_lineno
        self.addop_name(None, "LOAD_ATTR" if ctx is ast.Load else "STORE_ATTR", node.attr)
        unit.lineno = saved

    def visit_Subscript(self, node: Any) -> None:
        op = {ast.Load: "BINARY_SUBSCR", ast.Store: "STORE_SUBSCR",
              ast.Del: "DELETE_SUBSCR"}[type(node.ctx)]
        self.visit(node.value)
        self.visit(node.slice)
        self.addop(None, op)

    def visit_JoinedStr(self, node: Any) -> None:
        values = node.values
        if len(values) > STACK_USE_GUIDELINE:
            self.load_const(None, "")
            self.addop_name(None, "LOAD_METHOD", "join")
            self.addop(None, "BUILD_LIST", 0)
            for value in values:
                self.visit(value)
                self.addop(None, "LIST_APPEND", 1)
            self.addop(None, "CALL_METHOD", 1)
            return
        for value in values:
            self.visit(value)
        if len(values) != 1:
            self.addop(None, "BUILD_STRING", len(values))

    # -- calls --

    def visit_Call(self, node: Any) -> None:
        if self.maybe_optimize_method_call(node):
            return
        self.visit(node.func)
        self.call_helper(None, 0, node.args, node.keywords)

    def maybe_optimize_method_call(self, node: Any) -> bool:
        meth = node.func
        args = node.args
        if not isinstance(meth, ast.Attribute) or not isinstance(meth.ctx, ast.Load) \
                or node.keywords:
            return False
        if len(args) >= STACK_USE_GUIDELINE:
            return False
        if any(isinstance(a, ast.Starred) for a in args):
            return False
        self.visit(meth.value)
        unit = self.unit
        saved = unit.lineno
        unit.lineno = meth.end_lineno
        self.addop_name(None, "LOAD_METHOD", meth.attr)
        for arg in args:
            self.visit(arg)
        unit.lineno = meth.end_lineno
        self.addop(None, "CALL_METHOD", len(args))
        unit.lineno = saved
        return True

    def emit_kw_names(self, loc: Any, keywords: List[Any]) -> None:
        if keywords:
            self.load_const(None, tuple(k.arg for k in keywords))

    def emit_call(self, loc: Any, count: int, keywords: List[Any]) -> None:
        self.addop(None, "CALL_FUNCTION_KW" if keywords else "CALL_FUNCTION", count)

    # -- generators --

    def visit_Yield(self, node: Any) -> None:
        if not self.unit.ste.is_function_like:
            self.error("'yield' outside function", _loc_of(node))
        if node.value is not None:
            self.visit(node.value)
        else:
            self.load_const(None, None)
        self.addop(None, "YIELD_VALUE")

    def visit_YieldFrom(self, node: Any) -> None:
        if not self.unit.ste.is_function_like:
            self.error("'yield' outside function", _loc_of(node))
        if self.unit.scope_type == SCOPE_ASYNC_FUNCTION:
            self.error("'yield from' inside async function", _loc_of(node))
        self.visit(node.value)
        self.addop(None, "GET_YIELD_FROM_ITER")
        self.load_const(None, None)
        self.addop(None, "YIELD_FROM")

    def visit_Await(self, node: Any) -> None:
        if not self.is_top_level_await():
            if not self.unit.ste.is_function_like:
                self.error("'await' outside function", _loc_of(node))
            if self.unit.scope_type not in (SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION):
                self.error("'await' outside async function", _loc_of(node))
        self.visit(node.value)
        self.await_none()

    # -- comprehensions --

    def scope_line(self, node: Any) -> None:
        """A comprehension's own code is on its first line."""
        self.set_loc(node)

    def visit_ListComp(self, node: Any) -> None:
        kind = type(node)
        if kind is ast.DictComp:
            element, value = node.key, node.value
        else:
            element, value = node.elt, None
        generators = node.generators
        outer_scope_type = self.unit.scope_type
        self.enter_scope(_COMP_NAMES[kind], SCOPE_COMPREHENSION, node, node.lineno)
        self.scope_line(node)
        is_async_generator = self.unit.ste.coroutine
        if (is_async_generator and kind is not ast.GeneratorExp
                and outer_scope_type not in (SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION)
                and not self.is_top_level_await()):
            self.error("asynchronous comprehension outside of an asynchronous function",
                       _loc_of(node))
        if kind is not ast.GeneratorExp:
            self.addop(None, _COMP_BUILD[kind], 0)
        self.comprehension_generator(None, generators, 0, 0, element, value, kind, False)
        if kind is not ast.GeneratorExp:
            self.addop(None, "RETURN_VALUE")
        code = self.optimize_and_assemble(True)
        qualname = self.unit.qualname
        self.exit_scope()
        self.make_closure(None, code, 0, qualname)
        outermost = generators[0]
        self.visit(outermost.iter)
        self.addop(None, "GET_AITER" if outermost.is_async else "GET_ITER")
        self.addop(None, "CALL_FUNCTION", 1)
        if is_async_generator and kind is not ast.GeneratorExp:
            self.await_none()

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def sync_comprehension_generator(self, loc: Any, generators: List[Any], index: int,
                                     depth: int, element: Any, value: Any, kind: type,
                                     iter_on_stack: bool) -> None:
        start: Any = self.new_label()
        skip = self.new_label()
        if_cleanup = self.new_label()
        anchor = self.new_label()
        gen = generators[index]
        if index == 0:
            self.unit.argcount = 1
            self.addop(None, "LOAD_FAST", 0)
        else:
            elts = gen.iter.elts if isinstance(gen.iter, (ast.List, ast.Tuple)) else None
            if elts is not None and len(elts) == 1 and not isinstance(elts[0], ast.Starred):
                self.visit(elts[0])
                start = None
            if start is not None:
                self.visit(gen.iter)
                self.addop(None, "GET_ITER")
        if start is not None:
            depth += 1
            self.use_label(start)
            self.addop_jump(None, "FOR_ITER", anchor)
            self.next_block()
        self.visit(gen.target)
        for condition in gen.ifs:
            self.jump_if(None, condition, if_cleanup, False)
            self.next_block()
        index += 1
        if index < len(generators):
            self.comprehension_generator(None, generators, index, depth, element, value,
                                         kind, False)
        else:
            self.comprehension_element(element, value, kind, depth)
            self.use_label(skip)
        self.use_label(if_cleanup)
        if start is not None:
            self.addop_jump(None, "JUMP_ABSOLUTE", start)
            self.use_label(anchor)

    def comprehension_element(self, element: Any, value: Any, kind: type,
                              depth: int) -> None:
        self.visit(element)
        if kind is ast.GeneratorExp:
            self.addop(None, "YIELD_VALUE")
            self.addop(None, "POP_TOP")
        elif kind is ast.ListComp:
            self.addop(None, "LIST_APPEND", depth + 1)
        elif kind is ast.SetComp:
            self.addop(None, "SET_ADD", depth + 1)
        else:
            self.visit(value)
            self.addop(None, "MAP_ADD", depth + 1)

    def async_comprehension_generator(self, loc: Any, generators: List[Any],
                                      index: int, depth: int, element: Any, value: Any,
                                      kind: type, iter_on_stack: bool) -> None:
        start = self.new_label()
        except_ = self.new_label()
        if_cleanup = self.new_label()
        gen = generators[index]
        if index == 0:
            self.unit.argcount = 1
            self.addop(None, "LOAD_FAST", 0)
        else:
            self.visit(gen.iter)
            self.addop(None, "GET_AITER")
        self.use_label(start)
        self.push_fblock(None, ASYNC_COMPREHENSION_GENERATOR, start)
        self.addop_jump(None, "SETUP_FINALLY", except_)
        self.addop(None, "GET_ANEXT")
        self.load_const(None, None)
        self.addop(None, "YIELD_FROM")
        self.addop(None, "POP_BLOCK")
        self.visit(gen.target)
        for condition in gen.ifs:
            self.jump_if(None, condition, if_cleanup, False)
            self.next_block()
        depth += 1
        index += 1
        if index < len(generators):
            self.comprehension_generator(None, generators, index, depth, element, value,
                                         kind, False)
        else:
            self.comprehension_element(element, value, kind, depth)
        self.use_label(if_cleanup)
        self.addop_jump(None, "JUMP_ABSOLUTE", start)
        self.pop_fblock()
        self.use_label(except_)
        self.addop(None, "END_ASYNC_FOR")

    # -- match (3.10's compiler_pattern_*: DUP_TOP/ROT_N, MATCH_CLASS and MATCH_KEYS
    # -- push a tuple and a bool, COPY_DICT_WITHOUT_KEYS for ``**rest``) --

    def pattern(self, pattern: Any, pc: Any) -> None:
        self.set_loc(pattern)
        super().pattern(pattern, pc)

    def pattern_rotate(self, loc: Any, count: int) -> None:
        """One ROT_N moves the top item ``count - 1`` places down (3.11 needs SWAPs)."""
        self.addop(None, "ROT_N", count)

    def jump_to_fail_pop(self, loc: Any, pc: Any, op: str) -> None:
        pops = pc.on_top + len(pc.stores)
        self.ensure_fail_pop(pc, pops)
        self.addop_jump(None, op, pc.fail_pop[pops])
        self.next_block()

    def emit_and_reset_fail_pop(self, loc: Any, pc: Any) -> None:
        if not pc.fail_pop:
            self.next_block()
            return
        super().emit_and_reset_fail_pop(loc, pc)

    def pattern_sequence_subscr(self, loc: Any, patterns: List[Any], star: int,
                                pc: Any) -> None:
        pc.on_top += 1
        size = len(patterns)
        for index, pattern in enumerate(patterns):
            if _wildcard(pattern) or index == star:
                continue
            self.addop(None, "DUP_TOP")
            if index < star:
                self.load_const(None, index)
            else:
                self.addop(None, "GET_LEN")
                self.load_const(None, size - index)
                self.addop(None, "BINARY_SUBTRACT")
            self.addop(None, "BINARY_SUBSCR")
            self.pattern_subpattern(pattern, pc)
        pc.on_top -= 1
        self.addop(None, "POP_TOP")

    def pattern_items(self, patterns: List[Any], pc: Any) -> None:
        """Match the items of the tuple on top against ``patterns``, by index."""
        for index, pattern in enumerate(patterns):
            if _wildcard(pattern):
                continue
            self.addop(None, "DUP_TOP")
            self.load_const(None, index)
            self.addop(None, "BINARY_SUBSCR")
            self.pattern_subpattern(pattern, pc)

    def pattern_MatchClass(self, p: Any, pc: Any) -> None:
        for i, attr in enumerate(p.kwd_attrs):
            if attr in p.kwd_attrs[i + 1:]:
                j = p.kwd_attrs.index(attr, i + 1)
                self.error("attribute name repeated in class pattern: %s" % attr,
                           _loc_of(p.kwd_patterns[j]))
        self.visit(p.cls)
        self.load_const(None, tuple(p.kwd_attrs))
        self.addop(None, "MATCH_CLASS", len(p.patterns))
        pc.on_top += 1
        self.jump_to_fail_pop(None, pc, "POP_JUMP_IF_FALSE")
        self.pattern_items(list(p.patterns) + list(p.kwd_patterns), pc)
        pc.on_top -= 1
        self.addop(None, "POP_TOP")

    def pattern_MatchMapping(self, p: Any, pc: Any) -> None:
        keys = p.keys
        size = len(keys)
        star_target = p.rest
        pc.on_top += 1
        self.addop(None, "MATCH_MAPPING")
        self.jump_to_fail_pop(None, pc, "POP_JUMP_IF_FALSE")
        if not size and not star_target:
            pc.on_top -= 1
            self.addop(None, "POP_TOP")
            return
        if size:
            self.addop(None, "GET_LEN")
            self.load_const(None, size)
            self.addcompare(None, ast.GtE())
            self.jump_to_fail_pop(None, pc, "POP_JUMP_IF_FALSE")
        seen: List[Any] = []
        for key in keys:
            if isinstance(key, ast.Constant):
                if any(type(k) is type(key.value) and k == key.value for k in seen) or \
                        key.value in seen:
                    self.error("mapping pattern checks duplicate key (%r)" % (key.value,),
                               _loc_of(p))
                seen.append(key.value)
            elif not isinstance(key, ast.Attribute):
                self.error("mapping pattern keys may only match literals and attribute "
                           "lookups", _loc_of(p))
            self.visit(key)
        self.addop(None, "BUILD_TUPLE", size)
        self.addop(None, "MATCH_KEYS")
        pc.on_top += 2
        self.jump_to_fail_pop(None, pc, "POP_JUMP_IF_FALSE")
        self.pattern_items(p.patterns, pc)
        pc.on_top -= 2
        self.addop(None, "POP_TOP")
        if star_target:
            self.addop(None, "COPY_DICT_WITHOUT_KEYS")
            self.pattern_store_name(None, star_target, pc)
        else:
            self.addop(None, "POP_TOP")
        pc.on_top -= 1
        self.addop(None, "POP_TOP")

    def pattern_MatchOr(self, p: Any, pc: Any) -> None:
        end = self.new_label()
        size = len(p.patterns)
        old_stores, old_allow = pc.stores, pc.allow_irrefutable
        old_fail_pop, old_on_top = pc.fail_pop, pc.on_top
        control: List[Any] = []
        for index, alt in enumerate(p.patterns):
            self.set_loc(alt)
            pc.stores = []
            pc.allow_irrefutable = index == size - 1 and old_allow
            pc.fail_pop = []
            pc.on_top = 0
            self.addop(None, "DUP_TOP")
            self.pattern(alt, pc)
            nstores = len(pc.stores)
            if index == 0:
                control = pc.stores
            elif nstores != len(control):
                self.error("alternative patterns bind different names", _loc_of(p))
            elif nstores:
                for icontrol in range(nstores - 1, -1, -1):
                    name = control[icontrol]
                    if name not in pc.stores:
                        self.error("alternative patterns bind different names", _loc_of(p))
                    istores = pc.stores.index(name)
                    if icontrol != istores:
                        rotations = istores + 1
                        rotated = pc.stores[:rotations]
                        del pc.stores[:rotations]
                        at = icontrol - istores
                        pc.stores[at:at] = rotated
                        for _ in range(rotations):
                            self.pattern_rotate(None, icontrol + 1)
            self.addop_jump(None, "JUMP_FORWARD", end)
            self.next_block()
            self.emit_and_reset_fail_pop(None, pc)
        pc.stores, pc.allow_irrefutable = old_stores, old_allow
        pc.fail_pop, pc.on_top = old_fail_pop, old_on_top
        self.addop(None, "POP_TOP")
        self.jump_to_fail_pop(None, pc, "JUMP_FORWARD")
        self.use_label(end)
        nrots = len(control) + 1 + pc.on_top + len(pc.stores)
        for name in control:
            self.pattern_rotate(None, nrots)
            if name in pc.stores:
                self.error("multiple assignments to name %r in pattern" % name, _loc_of(p))
            pc.stores.append(name)
        self.addop(None, "POP_TOP")

    def pattern_MatchSingleton(self, p: Any, pc: Any) -> None:
        self.load_const(None, p.value)
        self.addcompare(None, ast.Is())
        self.jump_to_fail_pop(None, pc, "POP_JUMP_IF_FALSE")

    def visit_Match(self, node: Any) -> None:
        pc = PatternContext()
        self.visit(node.subject)
        end = self.new_label()
        cases = node.cases
        count = len(cases)
        has_default = _wildcard(cases[-1].pattern) and count > 1
        for index in range(count - has_default):
            case = cases[index]
            self.set_loc(case.pattern)
            last = index == count - has_default - 1
            if not last:
                self.addop(None, "DUP_TOP")
            pc.stores = []
            pc.allow_irrefutable = case.guard is not None or index == count - 1
            pc.fail_pop = []
            pc.on_top = 0
            self.pattern(case.pattern, pc)
            for name in pc.stores:
                self.nameop(None, name, ast.Store)
            if case.guard is not None:
                self.ensure_fail_pop(pc, 0)
                self.jump_if(None, case.guard, pc.fail_pop[0], False)
            if not last:
                self.addop(None, "POP_TOP")
            self.visit_stmts(case.body)
            self.addop_jump(None, "JUMP_FORWARD", end)
            self.set_loc(case.pattern)
            self.emit_and_reset_fail_pop(None, pc)
        if has_default:
            case = cases[-1]
            self.set_loc(case.pattern)
            self.addop(None, "POP_TOP" if count == 1 else "NOP")
            if case.guard is not None:
                self.jump_if(None, case.guard, end, False)
            self.visit_stmts(case.body)
        self.use_label(end)


def _loc_of(node: Any) -> Location:
    return Location(node.lineno, node.end_lineno or node.lineno, node.col_offset,
                    node.end_col_offset or 0)


__all__ = ["CodeGen310", "BLOCK"]

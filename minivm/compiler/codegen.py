"""Tree to instruction sequence, one code unit per scope (``Python/compile.c``, 3.12).

:class:`CodeGen` walks an optimized tree the way CPython's ``compiler_visit_*``
functions do and emits, per code unit, a flat list of :class:`Instr` with
:class:`Label` jump targets and pseudo-instructions (``JUMP``, ``SETUP_FINALLY``,
``POP_BLOCK``, ...).  Each handler is named after the CPython function it mirrors, so
that ``compile.c`` explains it.  When a unit is finished it goes through
``flowgraph.optimize_code_unit`` and ``assembler.assemble`` and becomes a constant of
its parent.

Version differences are kept as small, named hooks on :class:`CodeGen` (3.13's
``TO_BOOL`` before conditional jumps, its ``FORMAT_SIMPLE``, ``CALL_KW`` ...), chosen
from the target once in ``__init__``.
"""

from __future__ import annotations

import ast
from typing import Any, Dict, List, Optional

from ..opcodes.oparg import NameFlags
from ..versions import CO_FLAGS, Target, host_syntax_error_fields
from . import assembler, flowgraph
from . import symtable as st
from .code import Code, OrderedFrozenset, const_key
from .dialect import dialect as get_dialect
from .instructions import NO_LOCATION, Instr, Label, Location, loc_of
from .patterns import PatternCompiler

STACK_USE_GUIDELINE = 30

# compiler scope types (COMPILER_SCOPE_*)
SCOPE_MODULE, SCOPE_CLASS, SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_LAMBDA, \
    SCOPE_COMPREHENSION, SCOPE_TYPEPARAMS = range(7)

# fblock types
WHILE_LOOP, FOR_LOOP, TRY_EXCEPT, FINALLY_TRY, FINALLY_END, WITH, ASYNC_WITH, \
    HANDLER_CLEANUP, POP_VALUE, EXCEPTION_HANDLER, EXCEPTION_GROUP_HANDLER, \
    ASYNC_COMPREHENSION_GENERATOR = range(12)

# MAKE_FUNCTION flags
FUNC_DEFAULTS, FUNC_KWDEFAULTS, FUNC_ANNOTATIONS, FUNC_CLOSURE = 0x01, 0x02, 0x04, 0x08

# ``__future__`` features and the code flags they set (Include/cpython/compile.h).
# Only these two still set a flag; the others are accepted and ignored (future.c).
FUTURE_FLAGS = {"barry_as_FLUFL": 0x400000, "annotations": 0x1000000}

_BINOP_NAMES = {
    ast.Add: "+", ast.BitAnd: "&", ast.FloorDiv: "//", ast.LShift: "<<", ast.MatMult: "@",
    ast.Mult: "*", ast.Mod: "%", ast.BitOr: "|", ast.Pow: "**", ast.RShift: ">>",
    ast.Sub: "-", ast.Div: "/", ast.BitXor: "^",
}
_UNARY_OPS = {ast.Invert: "UNARY_INVERT", ast.Not: "UNARY_NOT", ast.USub: "UNARY_NEGATIVE"}
_COMPARE = {ast.Lt: 0, ast.LtE: 1, ast.Eq: 2, ast.NotEq: 3, ast.Gt: 4, ast.GtE: 5}
# Name ops the compiler emits -> (the real op, its low flag, its second flag) where the
# target folds method and super-call flags into the name oparg.
_NAME_FLAG_OPS = {
    "LOAD_ATTR": ("LOAD_ATTR", 0, 0), "LOAD_METHOD": ("LOAD_ATTR", 1, 0),
    "LOAD_SUPER_ATTR": ("LOAD_SUPER_ATTR", 0, 1), "LOAD_SUPER_METHOD": ("LOAD_SUPER_ATTR", 1, 1),
    "LOAD_ZERO_SUPER_ATTR": ("LOAD_SUPER_ATTR", 0, 0),
    "LOAD_ZERO_SUPER_METHOD": ("LOAD_SUPER_ATTR", 1, 0),
}
_CONVERSIONS = {-1: 0, ord("s"): 1, ord("r"): 2, ord("a"): 3}




class CompileError(SyntaxError):
    """A ``SyntaxError`` the code generator raises, with CPython's message."""


class FBlock:
    __slots__ = ("type", "block", "exit", "datum", "loc")

    def __init__(self, kind: int, block: Optional[Label], exit_: Optional[Label],
                 datum: Any, loc: Location) -> None:
        self.type = kind
        self.block = block
        self.exit = exit_
        self.datum = datum
        self.loc = loc


def _dict_from_list(names: List[str]) -> Dict[str, int]:
    return {name: index for index, name in enumerate(names)}


def _dictbytype(symbols: Dict[str, int], scope: int, flag: int, offset: int) -> Dict[str, int]:
    """``dictbytype``: the names of one scope (or carrying ``flag``), sorted, numbered."""
    result = {}
    for name in sorted(symbols):
        value = symbols[name]
        if (value >> st.SCOPE_OFFSET) & st.SCOPE_MASK == scope or value & flag:
            result[name] = offset
            offset += 1
    return result


class CodeUnit:
    """``struct compiler_unit``: one scope being compiled."""

    def __init__(self, name: str, scope_type: int, ste: st.Entry, firstlineno: int) -> None:
        self.name = name
        self.qualname: Optional[str] = None
        self.scope_type = scope_type
        self.ste = ste
        self.firstlineno = firstlineno
        self.consts: Dict[Any, int] = {}
        self.const_values: List[Any] = []
        self.names: Dict[str, int] = {}
        self.varnames = _dict_from_list(ste.varnames)
        self.cellvars = _dictbytype(ste.symbols, st.CELL, st.DEF_COMP_CELL, 0)
        if ste.needs_class_closure:
            self.cellvars.setdefault("__class__", len(self.cellvars))
        if ste.needs_classdict:
            self.cellvars.setdefault("__classdict__", len(self.cellvars))
        self.freevars = _dictbytype(ste.symbols, st.FREE, st.DEF_FREE_CLASS,
                                    len(self.cellvars))
        self.fasthidden: Dict[str, bool] = {}
        self.argcount = 0
        self.posonlyargcount = 0
        self.kwonlyargcount = 0
        self.instrs: List[Instr] = []
        self.labels: Dict[int, int] = {}
        self.fblocks: List[FBlock] = []
        self.private: Optional[str] = None
        self.in_inlined_comp = 0


class CodeGen(PatternCompiler):
    """The compiler state (``struct compiler``) and the visitors."""

    #: YIELD_VALUE's argument inside ``yield from``/``await`` (3.13: 1; 3.12: the
    #: flow graph sets the exception depth instead).
    yield_from_oparg = 0
    #: Collections and calls longer than this are built piecewise (3.10 on; 3.9
    #: has no such limit).
    stack_use_guideline = STACK_USE_GUIDELINE
    #: The artificial forward jumps of statements and conditions (over an ``else``,
    #: out of a handler or ``finally`` body, between the parts of a condition):
    #: 3.13 emits them as JUMP_NO_INTERRUPT, which checks no eval breaker.
    forward_jump = "JUMP"
    #: Whether an inlined comprehension leaves the outer symbol of a global it only
    #: reads in place (3.12) rather than swapping in its own (3.13).
    inlined_global_keeps_outer = True
    #: Whether a ``with`` block's POP_BLOCK carries the statement's location.
    with_pop_block_located = False
    #: ``f''`` loads the empty string (3.13) instead of BUILD_STRING 0 (3.12).
    empty_fstring_is_constant = False
    #: Which labels start a basic block: "all" defined ones (3.12) or only "targets"
    #: of some jump (3.13).
    labels_split_blocks = "all"

    def __init__(self, table: st.SymbolTable, filename: str, target: Target,
                 future: frozenset, interactive: bool = False) -> None:
        self.table = table
        self.filename = filename
        self.target = target
        self.dialect = get_dialect(target)
        self.future = future
        self.future_flags = 0
        for feature in future:
            self.future_flags |= FUTURE_FLAGS.get(feature, 0)
        self.interactive = interactive
        self.unit: Optional[CodeUnit] = None
        self.stack: List[CodeUnit] = []
        self.nestlevel = 0
        self.const_cache: Dict[Any, Any] = {}
        self.interner = StringInterner()
        self.future_location = st.future_location(table.top.node)

    # -- instruction emission --------------------------------------------------------

    def addop(self, loc: Location, opname: str, oparg: int = 0) -> None:
        self.unit.instrs.append(Instr(opname, oparg, loc))

    def addop_jump(self, loc: Location, opname: str, label: Label) -> None:
        self.unit.instrs.append(Instr(opname, label.id, loc, label))

    def new_label(self) -> Label:
        unit = self.unit
        label = Label(len(unit.labels))
        unit.labels[label.id] = -1
        return label

    def use_label(self, label: Label) -> None:
        self.unit.labels[label.id] = len(self.unit.instrs)

    def add_const(self, value: Any) -> int:
        unit = self.unit
        key = _constant_key(value)
        index = unit.consts.get(key)
        if index is None:
            index = unit.consts[key] = len(unit.const_values)
            folded = _fold_frozensets(value, self.target)
            if folded is not value and type(value) is tuple:
                _note_replaced(self.const_cache, value, folded)
            value = folded
            unit.const_values.append(_merge_consts_recursive(self.const_cache, value,
                                                             self.target))
        return index

    def load_const(self, loc: Location, value: Any) -> None:
        self.addop(loc, "LOAD_CONST", self.add_const(value))

    def mangle(self, name: str) -> str:
        return st.mangle(self.unit.private, name)

    def add_name(self, table: Dict[str, int], name: str) -> int:
        index = table.get(name)
        if index is None:
            index = table[name] = len(table)
        return index

    def addop_name(self, loc: Location, opname: str, name: str,
                   table: Optional[Dict[str, int]] = None) -> None:
        """``compiler_addop_name``: mangle, index, and fold the method/super bits in."""
        arg = self.add_name(self.unit.names if table is None else table, self.mangle(name))
        folded = _NAME_FLAG_OPS.get(opname)
        if folded is not None:
            kind = self.target.spec[folded[0]].kind
            if isinstance(kind, NameFlags):  # 3.12+: the flags live in the oparg
                opname, arg = folded[0], kind.encode(arg, folded[1], folded[2])
        self.addop(loc, opname, arg)

    def addop_n(self, loc: Location, opname: str, name: str, table: Dict[str, int]) -> None:
        """``ADDOP_N``: index ``name`` as given, no mangling."""
        self.addop(loc, opname, self.add_name(table, name))

    def error(self, message: str, loc: Location) -> None:
        details = (self.filename, loc.lineno, loc.col_offset + 1, None, loc.end_lineno,
                   loc.end_col_offset + 1)
        # a host before 3.10 has SyntaxError without end positions
        raise CompileError(message, details[:host_syntax_error_fields()])

    # -- scopes ----------------------------------------------------------------------------

    def enter_scope(self, name: str, scope_type: int, node: Any, lineno: int) -> None:
        ste = self.table.lookup(node)
        unit = CodeUnit(name, scope_type, ste, lineno)
        if self.unit is not None:
            unit.private = self.unit.private
            self.stack.append(self.unit)
        self.unit = unit
        self.nestlevel += 1
        loc = Location(lineno, lineno, 0, 0)
        if scope_type == SCOPE_MODULE:
            loc = Location(0, lineno, 0, 0)
        else:
            self.set_qualname()
        self.addop(loc, "RESUME", 0)

    def exit_scope(self) -> None:
        self.nestlevel -= 1
        self.unit = self.stack.pop() if self.stack else None

    def set_qualname(self) -> None:
        unit = self.unit
        stack = self.stack
        base = None
        if len(stack) > 1:
            parent = stack[-1]
            if parent.scope_type == SCOPE_TYPEPARAMS:
                if len(stack) == 2:
                    unit.qualname = unit.name
                    return
                parent = stack[-2]
            force_global = False
            if unit.scope_type in (SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_CLASS):
                mangled = st.mangle(parent.private, unit.name)
                if parent.ste.scope(mangled) == st.GLOBAL_EXPLICIT:
                    force_global = True
            if not force_global:
                if parent.scope_type in (SCOPE_FUNCTION, SCOPE_ASYNC_FUNCTION, SCOPE_LAMBDA):
                    base = parent.qualname + ".<locals>"
                else:
                    base = parent.qualname
        unit.qualname = unit.name if base is None else base + "." + unit.name

    def code_flags(self) -> int:
        ste = self.unit.ste
        flags = 0
        if ste.is_function_like:
            flags |= CO_FLAGS["NEWLOCALS"] | CO_FLAGS["OPTIMIZED"]
            if ste.nested:
                flags |= CO_FLAGS["NESTED"]
            if ste.generator and not ste.coroutine:
                flags |= CO_FLAGS["GENERATOR"]
            if not ste.generator and ste.coroutine:
                flags |= CO_FLAGS["COROUTINE"]
            if ste.generator and ste.coroutine:
                flags |= CO_FLAGS["ASYNC_GENERATOR"]
            if ste.varargs:
                flags |= CO_FLAGS["VARARGS"]
            if ste.varkeywords:
                flags |= CO_FLAGS["VARKEYWORDS"]
        return flags | self.future_flags

    def optimize_and_assemble(self, add_none: bool) -> Code:
        unit = self.unit
        flags = self.code_flags()
        if add_none:
            self.load_const(NO_LOCATION, None)
        self.addop(NO_LOCATION, "RETURN_VALUE")
        consts = list(unit.const_values)
        graph = flowgraph.build_cfg(unit.instrs, unit.labels, self.dialect,
                                    self.labels_split_blocks == "all")
        self.optimize_graph(graph, consts)
        for name in unit.names:
            self.interner.intern(name)
        _intern_frozensets(self.interner, consts, self.target)
        code = assembler.assemble(unit, graph, consts, flags, self.filename)
        self.interner.intern_code(code)
        return code

    def optimize_graph(self, graph: Any, consts: List[Any]) -> None:
        unit = self.unit
        flowgraph.optimize_code_unit(graph, consts, self.const_cache, len(unit.varnames),
                                     len(unit.ste.varnames), unit.firstlineno)

    # -- fblocks -------------------------------------------------------------------------

    def push_fblock(self, loc: Location, kind: int, block: Optional[Label],
                    exit_: Optional[Label] = None, datum: Any = None) -> None:
        if len(self.unit.fblocks) >= 20:
            self.error("too many statically nested blocks", loc)
        self.unit.fblocks.append(FBlock(kind, block, exit_, datum, loc))

    def pop_fblock(self) -> None:
        self.unit.fblocks.pop()

    def unwind_fblock(self, loc: Location, info: FBlock, preserve_tos: bool) -> Location:
        """``compiler_unwind_fblock``: code leaving ``info``'s block early; returns the
        location the unwinding instruction that follows should carry."""
        kind = info.type
        if kind in (WHILE_LOOP, EXCEPTION_HANDLER, EXCEPTION_GROUP_HANDLER,
                    ASYNC_COMPREHENSION_GENERATOR):
            return loc
        if kind == FOR_LOOP:
            if preserve_tos:
                self.addop(loc, "SWAP", 2)
            self.addop(loc, "POP_TOP")
            return loc
        if kind == TRY_EXCEPT:
            self.addop(loc, "POP_BLOCK")
            return loc
        if kind == FINALLY_TRY:
            self.addop(loc, "POP_BLOCK")
            if preserve_tos:
                self.push_fblock(loc, POP_VALUE, None)
            self.visit_stmts(info.datum)
            if preserve_tos:
                self.pop_fblock()
            return NO_LOCATION
        if kind == FINALLY_END:
            if preserve_tos:
                self.addop(loc, "SWAP", 2)
            self.addop(loc, "POP_TOP")
            if preserve_tos:
                self.addop(loc, "SWAP", 2)
            self.addop(loc, "POP_BLOCK")
            self.addop(loc, "POP_EXCEPT")
            return loc
        if kind in (WITH, ASYNC_WITH):
            loc = info.loc
            self.addop(loc, "POP_BLOCK")
            if preserve_tos:
                self.addop(loc, "SWAP", 2)
            self.call_exit_with_nones(loc)
            if kind == ASYNC_WITH:
                self.addop(loc, "GET_AWAITABLE", 2)
                self.load_const(loc, None)
                self.add_yield_from(loc, True)
            self.addop(loc, "POP_TOP")
            return NO_LOCATION
        if kind == HANDLER_CLEANUP:
            if info.datum:
                self.addop(loc, "POP_BLOCK")
            if preserve_tos:
                self.addop(loc, "SWAP", 2)
            self.addop(loc, "POP_BLOCK")
            self.addop(loc, "POP_EXCEPT")
            if info.datum:
                self.load_const(loc, None)
                self.nameop(loc, info.datum, ast.Store)
                self.nameop(loc, info.datum, ast.Del)
            return loc
        if kind == POP_VALUE:
            if preserve_tos:
                self.addop(loc, "SWAP", 2)
            self.addop(loc, "POP_TOP")
            return loc
        raise AssertionError("unknown fblock %d" % kind)

    def unwind_fblock_stack(self, loc: Location, preserve_tos: bool, want_loop: bool):
        """Unwind every fblock (or up to the innermost loop); returns (loc, loop)."""
        fblocks = self.unit.fblocks
        if not fblocks:
            return loc, None
        top = fblocks[-1]
        if top.type == EXCEPTION_GROUP_HANDLER:
            self.error("'break', 'continue' and 'return' cannot appear in an except* block",
                       loc)
        if want_loop and top.type in (WHILE_LOOP, FOR_LOOP):
            return loc, top
        fblocks.pop()
        loc = self.unwind_fblock(loc, top, preserve_tos)
        loc, loop = self.unwind_fblock_stack(loc, preserve_tos, want_loop)
        fblocks.append(top)
        return loc, loop

    # -- modules -----------------------------------------------------------------------

    def compile_module(self, tree: Any) -> Code:
        self.enter_scope("<module>", SCOPE_MODULE, tree, 1)
        if isinstance(tree, ast.Module):
            self.body(Location(1, 1, 0, 0), tree.body)
            add_none = True
        elif isinstance(tree, ast.Interactive):
            if _find_ann(tree.body):
                self.addop(Location(1, 1, 0, 0), "SETUP_ANNOTATIONS")
            self.interactive = True
            self.visit_stmts(tree.body)
            add_none = True
        else:
            self.visit(tree.body)
            add_none = False
        code = self.optimize_and_assemble(add_none)
        self.exit_scope()
        return code

    def body(self, loc: Location, stmts: List[Any]) -> None:
        """``compiler_body``: SETUP_ANNOTATIONS, the docstring, then the statements."""
        if self.unit.scope_type == SCOPE_MODULE and stmts:
            loc = loc_of(stmts[0])
        if _find_ann(stmts):
            self.addop(loc, "SETUP_ANNOTATIONS")
        if not stmts:
            return
        start = 0
        docstring = _get_docstring(stmts)
        if docstring is not None:
            start = 1
            self.load_docstring(stmts[0].value, docstring)
            self.nameop(self.docstring_store_location(stmts[0]), "__doc__", ast.Store)
        for stmt in stmts[start:]:
            self.visit(stmt)

    def docstring_store_location(self, stmt: Any) -> Location:
        return NO_LOCATION

    def load_docstring(self, node: Any, docstring: str) -> None:
        self.visit(node)

    def clean_doc(self, docstring: Optional[str]) -> Optional[str]:
        """3.13 dedents docstrings at compile time; 3.12 keeps them as written."""
        return docstring

    # -- dispatch ------------------------------------------------------------------------

    def visit(self, node: Any) -> None:
        method = getattr(self, "visit_" + type(node).__name__, None)
        if method is None:
            raise CompileError("minivm cannot compile %s nodes yet" % type(node).__name__,
                               (self.filename, getattr(node, "lineno", 0),
                                getattr(node, "col_offset", 0) + 1, None))
        method(node)

    def visit_stmts(self, stmts: List[Any]) -> None:
        for stmt in stmts:
            self.visit(stmt)

    # -- names -------------------------------------------------------------------------

    def nameop(self, loc: Location, name: str, ctx: Any) -> None:
        """``compiler_nameop``: the load/store/delete of ``name`` its scope calls for."""
        if isinstance(ctx, type):
            ctx = ctx
        else:
            ctx = type(ctx)
        unit = self.unit
        ste = unit.ste
        mangled = self.mangle(name)
        scope = ste.scope(mangled)
        optype = "name"
        table = None
        if scope == st.FREE:
            table, optype = unit.freevars, "deref"
        elif scope == st.CELL:
            table, optype = unit.cellvars, "deref"
        elif scope == st.LOCAL:
            if ste.is_function_like or unit.fasthidden.get(mangled) is True:
                optype = "fast"
        elif scope == st.GLOBAL_IMPLICIT:
            if ste.is_function_like:
                optype = "global"
        elif scope == st.GLOBAL_EXPLICIT:
            optype = "global"
        if optype == "deref":
            if ctx is ast.Load:
                if ste.type == st.CLASS_BLOCK and not unit.in_inlined_comp:
                    op = "LOAD_FROM_DICT_OR_DEREF"
                    self.addop(loc, "LOAD_LOCALS")
                elif ste.can_see_class_scope:
                    op = "LOAD_FROM_DICT_OR_DEREF"
                    self.addop(loc, "LOAD_DEREF", unit.freevars["__classdict__"])
                else:
                    op = "LOAD_DEREF"
            else:
                op = "STORE_DEREF" if ctx is ast.Store else "DELETE_DEREF"
            self.addop(loc, op, table[mangled])
            return
        if optype == "fast":
            op = {ast.Load: "LOAD_FAST", ast.Store: "STORE_FAST", ast.Del: "DELETE_FAST"}[ctx]
            self.addop_n(loc, op, mangled, unit.varnames)
            return
        if optype == "global":
            if ctx is ast.Load:
                if ste.can_see_class_scope and scope == st.GLOBAL_IMPLICIT:
                    op = "LOAD_FROM_DICT_OR_GLOBALS"
                    self.addop(loc, "LOAD_DEREF", unit.freevars["__classdict__"])
                else:
                    op = "LOAD_GLOBAL"
            else:
                op = "STORE_GLOBAL" if ctx is ast.Store else "DELETE_GLOBAL"
        else:
            if ctx is ast.Load:
                op = ("LOAD_GLOBAL" if ste.type == st.CLASS_BLOCK and unit.in_inlined_comp
                      else "LOAD_NAME")
            else:
                op = "STORE_NAME" if ctx is ast.Store else "DELETE_NAME"
        arg = self.add_name(unit.names, mangled)
        if op == "LOAD_GLOBAL":
            arg <<= 1
        self.addop(loc, op, arg)

    # -- statements ----------------------------------------------------------------------

    def visit_Expr(self, node: Any) -> None:
        loc = loc_of(node)
        value = node.value
        if self.interactive and self.nestlevel <= 1:
            self.visit(value)
            self.addop(loc, "CALL_INTRINSIC_1", 1)
            self.addop(NO_LOCATION, "POP_TOP")
            return
        if isinstance(value, ast.Constant):
            self.addop(loc, "NOP")
            return
        self.visit(value)
        self.addop(NO_LOCATION, "POP_TOP")

    def visit_Pass(self, node: Any) -> None:
        self.addop(loc_of(node), "NOP")

    def visit_Global(self, node: Any) -> None:
        pass

    visit_Nonlocal = visit_Global

    def visit_Assign(self, node: Any) -> None:
        self.visit(node.value)
        count = len(node.targets)
        for index, target in enumerate(node.targets):
            if index < count - 1:
                self.addop(loc_of(node), "COPY", 1)
            self.visit(target)

    def visit_Delete(self, node: Any) -> None:
        for target in node.targets:
            self.visit(target)

    def visit_Raise(self, node: Any) -> None:
        count = 0
        if node.exc is not None:
            self.visit(node.exc)
            count += 1
            if node.cause is not None:
                self.visit(node.cause)
                count += 1
        self.addop(loc_of(node), "RAISE_VARARGS", count)

    def visit_Return(self, node: Any) -> None:
        loc = loc_of(node)
        value = node.value
        preserve_tos = value is not None and not isinstance(value, ast.Constant)
        ste = self.unit.ste
        if not ste.is_function_like:
            self.error("'return' outside function", loc)
        if value is not None and ste.coroutine and ste.generator:
            self.error("'return' with value in async generator", loc)
        if preserve_tos:
            self.visit(value)
        elif value is not None:
            loc = loc_of(value)
            self.addop(loc, "NOP")
        if value is None or value.lineno != node.lineno:
            loc = loc_of(node)
            self.addop(loc, "NOP")
        loc, _ = self.unwind_fblock_stack(loc, preserve_tos, False)
        if value is None:
            self.load_const(loc, None)
        elif not preserve_tos:
            self.load_const(loc, value.value)
        self.addop(loc, "RETURN_VALUE")

    def visit_Break(self, node: Any) -> None:
        loc = origin = loc_of(node)
        self.addop(loc, "NOP")
        loc, loop = self.unwind_fblock_stack(loc, False, True)
        if loop is None:
            self.error("'break' outside loop", origin)
        loc = self.unwind_fblock(loc, loop, False)
        self.addop_jump(loc, "JUMP", loop.exit)

    def visit_Continue(self, node: Any) -> None:
        loc = origin = loc_of(node)
        self.addop(loc, "NOP")
        loc, loop = self.unwind_fblock_stack(loc, False, True)
        if loop is None:
            self.error("'continue' not properly in loop", origin)
        self.addop_jump(loc, "JUMP", loop.block)

    def visit_If(self, node: Any) -> None:
        end = self.new_label()
        if node.orelse:
            next_ = self.new_label()
        else:
            next_ = end
        self.jump_if(loc_of(node), node.test, next_, False)
        self.visit_stmts(node.body)
        if node.orelse:
            self.addop_jump(NO_LOCATION, self.forward_jump, end)
            self.use_label(next_)
            self.visit_stmts(node.orelse)
        self.use_label(end)

    def visit_While(self, node: Any) -> None:
        loop = self.new_label()
        body = self.new_label()
        end = self.new_label()
        anchor = self.new_label()
        loc = loc_of(node)
        self.use_label(loop)
        self.push_fblock(loc, WHILE_LOOP, loop, end)
        self.jump_if(loc, node.test, anchor, False)
        self.use_label(body)
        self.visit_stmts(node.body)
        self.jump_if(loc, node.test, body, True)
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
        iter_loc = self.for_iter_location(loc, node.iter)
        self.addop(iter_loc, "GET_ITER")
        self.use_label(start)
        self.addop_jump(iter_loc, "FOR_ITER", cleanup)
        self.for_target_nop(node.target)
        self.use_label(body)
        self.visit(node.target)
        self.visit_stmts(node.body)
        self.addop_jump(NO_LOCATION, "JUMP", start)
        self.use_label(cleanup)
        self.end_for(NO_LOCATION)
        self.pop_fblock()
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def for_iter_location(self, loc: Location, iterable: Any) -> Location:
        """Where GET_ITER and FOR_ITER point (3.12: the statement; 3.13: the iterable)."""
        return loc

    def for_target_nop(self, target: Any) -> None:
        """3.13 puts a NOP at the loop target for line tracing of multi-line loops."""

    def end_for(self, loc: Location) -> None:
        self.addop(loc, "END_FOR")

    def visit_AsyncFor(self, node: Any) -> None:
        loc = loc_of(node)
        ste = self.unit.ste
        if not (self.is_top_level_await() or self.unit.scope_type == SCOPE_ASYNC_FUNCTION):
            self.error("'async for' outside async function", loc)
        start = self.new_label()
        except_ = self.new_label()
        end = self.new_label()
        self.visit(node.iter)
        self.addop(self.for_iter_location(loc, node.iter), "GET_AITER")
        self.use_label(start)
        self.push_fblock(loc, FOR_LOOP, start, end)
        self.addop_jump(loc, "SETUP_FINALLY", except_)
        self.addop(loc, "GET_ANEXT")
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop(loc, "POP_BLOCK")
        self.visit(node.target)
        self.visit_stmts(node.body)
        self.addop_jump(NO_LOCATION, "JUMP", start)
        self.pop_fblock()
        self.use_label(except_)
        loc = loc_of(node.iter)
        self.addop(loc, "END_ASYNC_FOR")
        self.visit_stmts(node.orelse)
        self.use_label(end)
        del ste

    def is_top_level_await(self) -> bool:
        return False

    def visit_Assert(self, node: Any) -> None:
        loc = loc_of(node)
        end = self.new_label()
        self.jump_if(loc, node.test, end, True)
        self.addop(loc, "LOAD_ASSERTION_ERROR")
        if node.msg is not None:
            self.visit(node.msg)
            self.addop(loc, "CALL", 0)
        self.addop(self.assert_raise_location(node), "RAISE_VARARGS", 1)
        self.use_label(end)

    def assert_raise_location(self, node: Any) -> Location:
        """3.13 points the raise of a failed assert at the test."""
        return loc_of(node)

    def visit_Import(self, node: Any) -> None:
        loc = loc_of(node)
        for alias in node.names:
            self.load_const(loc, 0)
            self.load_const(loc, None)
            self.addop_name(loc, "IMPORT_NAME", alias.name)
            if alias.asname:
                self.import_as(loc, alias.name, alias.asname)
            else:
                self.nameop(loc, alias.name.split(".", 1)[0], ast.Store)

    def import_as(self, loc: Location, name: str, asname: str) -> None:
        parts = name.split(".")
        if len(parts) > 1:
            for index, attr in enumerate(parts[1:]):
                self.addop_n(loc, "IMPORT_FROM", attr, self.unit.names)
                if index == len(parts) - 2:
                    break
                self.addop(loc, "SWAP", 2)
                self.addop(loc, "POP_TOP")
            self.nameop(loc, asname, ast.Store)
            self.addop(loc, "POP_TOP")
            return
        self.nameop(loc, asname, ast.Store)

    def visit_ImportFrom(self, node: Any) -> None:
        loc = loc_of(node)
        self.load_const(loc, node.level or 0)
        names = tuple(alias.name for alias in node.names)
        if (node.module == "__future__" and not node.level
                and (loc.lineno, loc.col_offset) > self.future_location):
            self.error("from __future__ imports must occur at the beginning of the file", loc)
        self.load_const(loc, names)
        self.addop_name(loc, "IMPORT_NAME", node.module or "")
        for index, alias in enumerate(node.names):
            if index == 0 and alias.name.startswith("*"):
                self.import_star(loc)
                return
            self.addop_name(loc, "IMPORT_FROM", alias.name)
            self.nameop(loc, alias.asname or alias.name, ast.Store)
        self.addop(loc, "POP_TOP")

    def import_star(self, loc: Location) -> None:
        """``from m import *`` once the module is on the stack."""
        self.addop(loc, "CALL_INTRINSIC_1", 2)
        self.addop(NO_LOCATION, "POP_TOP")

    def visit_AugAssign(self, node: Any) -> None:
        target = node.target
        loc = loc_of(target)
        if isinstance(target, ast.Attribute):
            self.visit(target.value)
            self.addop(loc, "COPY", 1)
            loc = self.attr_location(loc, target)
            self.addop_name(loc, "LOAD_ATTR", target.attr)
        elif isinstance(target, ast.Subscript):
            self.visit(target.value)
            if _is_two_element_slice(target.slice):
                self.slice(target.slice)
                self.addop(loc, "COPY", 3)
                self.addop(loc, "COPY", 3)
                self.addop(loc, "COPY", 3)
                self.addop(loc, "BINARY_SLICE")
            else:
                self.visit(target.slice)
                self.addop(loc, "COPY", 2)
                self.addop(loc, "COPY", 2)
                self.addop(loc, "BINARY_SUBSCR")
        else:
            self.nameop(loc, target.id, ast.Load)
        self.visit(node.value)
        self.addop(loc_of(node), "BINARY_OP", self.binop_arg(node.op, inplace=True))
        loc = loc_of(target)
        if isinstance(target, ast.Attribute):
            loc = self.attr_location(loc, target)
            self.addop(loc, "SWAP", 2)
            self.addop_name(loc, "STORE_ATTR", target.attr)
        elif isinstance(target, ast.Subscript):
            if _is_two_element_slice(target.slice):
                self.addop(loc, "SWAP", 4)
                self.addop(loc, "SWAP", 3)
                self.addop(loc, "SWAP", 2)
                self.addop(loc, "STORE_SLICE")
            else:
                self.addop(loc, "SWAP", 3)
                self.addop(loc, "SWAP", 2)
                self.addop(loc, "STORE_SUBSCR")
        else:
            self.nameop(loc, target.id, ast.Store)

    def binop_arg(self, op: Any, inplace: bool = False) -> int:
        index = self.target.nb_ops.index(_BINOP_NAMES[type(op)])
        return index + 13 if inplace else index

    def visit_AnnAssign(self, node: Any) -> None:
        loc = loc_of(node)
        target = node.target
        if node.value is not None:
            self.visit(node.value)
            self.visit(target)
        if isinstance(target, ast.Name):
            if node.simple and self.unit.scope_type in (SCOPE_MODULE, SCOPE_CLASS):
                self.annotation_value(node.annotation)
                self.addop_name(loc, "LOAD_NAME", "__annotations__")
                self.load_const(loc, self.mangle(target.id))
                self.addop(loc, "STORE_SUBSCR")
        elif isinstance(target, ast.Attribute):
            if node.value is None:
                self.check_ann_expr(target.value)
        elif isinstance(target, ast.Subscript):
            if node.value is None:
                self.check_ann_expr(target.value)
                self.check_ann_subscr(target.slice)
        if not node.simple and "annotations" not in self.future:
            if self.unit.scope_type in (SCOPE_MODULE, SCOPE_CLASS):
                self.check_ann_expr(node.annotation)

    def annotation_value(self, annotation: Any) -> None:
        if "annotations" in self.future:
            self.load_const(loc_of(annotation), _unparse(annotation))
        else:
            self.visit(annotation)

    def check_ann_expr(self, node: Any) -> None:
        self.visit(node)
        self.addop(loc_of(node), "POP_TOP")

    def check_ann_subscr(self, node: Any) -> None:
        if isinstance(node, ast.Slice):
            for part in (node.lower, node.upper, node.step):
                if part is not None:
                    self.check_ann_expr(part)
        elif isinstance(node, ast.Tuple):
            for element in node.elts:
                self.check_ann_subscr(element)
        else:
            self.check_ann_expr(node)

    # -- try / with ------------------------------------------------------------------------

    def visit_Try(self, node: Any) -> None:
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_except(node)

    def pop_except_and_reraise(self, loc: Location) -> None:
        self.addop(loc, "COPY", 3)
        self.addop(loc, "POP_EXCEPT")
        self.addop(loc, "RERAISE", 1)

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
        self.addop_jump(NO_LOCATION, self.forward_jump, exit_)
        self.use_label(end)
        loc = NO_LOCATION
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
        self.addop_jump(NO_LOCATION, self.forward_jump, end)
        self.use_label(except_)
        self.addop_jump(NO_LOCATION, "SETUP_CLEANUP", cleanup)
        self.addop(NO_LOCATION, "PUSH_EXC_INFO")
        self.push_fblock(loc, EXCEPTION_HANDLER, None)
        count = len(node.handlers)
        for index, handler in enumerate(node.handlers):
            hloc = loc_of(handler)
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
                self.addop(NO_LOCATION, "POP_BLOCK")
                self.addop(NO_LOCATION, "POP_BLOCK")
                self.addop(NO_LOCATION, "POP_EXCEPT")
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, ast.Store)
                self.nameop(NO_LOCATION, handler.name, ast.Del)
                self.addop_jump(NO_LOCATION, self.forward_jump, end)
                self.use_label(cleanup_end)
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, ast.Store)
                self.nameop(NO_LOCATION, handler.name, ast.Del)
                self.addop(NO_LOCATION, "RERAISE", 1)
            else:
                cleanup_body = self.new_label()
                self.addop(hloc, "POP_TOP")
                self.use_label(cleanup_body)
                self.push_fblock(hloc, HANDLER_CLEANUP, cleanup_body)
                self.visit_stmts(handler.body)
                self.pop_fblock()
                self.addop(NO_LOCATION, "POP_BLOCK")
                self.addop(NO_LOCATION, "POP_EXCEPT")
                self.addop_jump(NO_LOCATION, self.forward_jump, end)
            self.use_label(except_)
        self.pop_fblock()
        self.addop(NO_LOCATION, "RERAISE", 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(NO_LOCATION)
        self.use_label(end)

    def visit_TryStar(self, node: Any) -> None:
        if node.finalbody:
            self.try_finally(node)
        else:
            self.try_star_except(node)

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
        self.addop_jump(NO_LOCATION, self.forward_jump, orelse)
        count = len(node.handlers)
        self.use_label(except_)
        self.addop_jump(NO_LOCATION, "SETUP_CLEANUP", cleanup)
        self.addop(NO_LOCATION, "PUSH_EXC_INFO")
        self.push_fblock(loc, EXCEPTION_GROUP_HANDLER, None, None, "except_with_error")
        for index, handler in enumerate(node.handlers):
            hloc = loc_of(handler)
            next_except = self.new_label()
            except_ = next_except
            except_with_error = self.new_label()
            no_match = self.new_label()
            if index == 0:
                # the exception and an empty list of results
                self.addop(hloc, "BUILD_LIST", 0)
                self.addop(hloc, "COPY", 2)
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
            self.addop(NO_LOCATION, "POP_BLOCK")
            if handler.name:
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, ast.Store)
                self.nameop(NO_LOCATION, handler.name, ast.Del)
            self.addop_jump(NO_LOCATION, self.forward_jump, except_)
            self.use_label(cleanup_end)
            if handler.name:
                self.load_const(NO_LOCATION, None)
                self.nameop(NO_LOCATION, handler.name, ast.Store)
                self.nameop(NO_LOCATION, handler.name, ast.Del)
            self.addop(NO_LOCATION, "LIST_APPEND", 3)
            self.addop(NO_LOCATION, "POP_TOP")
            self.addop_jump(NO_LOCATION, self.forward_jump, except_with_error)
            self.use_label(except_)
            self.addop(NO_LOCATION, "NOP")
            self.addop_jump(NO_LOCATION, self.forward_jump, except_with_error)
            self.use_label(no_match)
            self.addop(hloc, "POP_TOP")
            self.use_label(except_with_error)
            if index == count - 1:
                self.addop(NO_LOCATION, "LIST_APPEND", 1)
                self.addop_jump(NO_LOCATION, self.forward_jump, reraise_star)
        self.pop_fblock()
        reraise = self.new_label()
        self.use_label(reraise_star)
        self.addop(NO_LOCATION, "CALL_INTRINSIC_2", 1)
        self.addop(NO_LOCATION, "COPY", 1)
        self.addop_jump(NO_LOCATION, "POP_JUMP_IF_NOT_NONE", reraise)
        self.addop(NO_LOCATION, "POP_TOP")
        self.addop(NO_LOCATION, "POP_BLOCK")
        self.addop(NO_LOCATION, "POP_EXCEPT")
        self.addop_jump(NO_LOCATION, self.forward_jump, end)
        self.use_label(reraise)
        self.addop(NO_LOCATION, "POP_BLOCK")
        self.addop(NO_LOCATION, "SWAP", 2)
        self.addop(NO_LOCATION, "POP_EXCEPT")
        self.addop(NO_LOCATION, "RERAISE", 0)
        self.use_label(cleanup)
        self.pop_except_and_reraise(NO_LOCATION)
        self.use_label(orelse)
        self.visit_stmts(node.orelse)
        self.use_label(end)

    def with_location(self, node: Any, item: Any) -> Location:
        """The location of a ``with`` statement's own instructions (3.13: the item's
        context expression)."""
        return loc_of(node)

    def call_exit_with_nones(self, loc: Location) -> None:
        self.load_const(loc, None)
        self.load_const(loc, None)
        self.load_const(loc, None)
        self.addop(loc, "CALL", 2)

    def with_except_finish(self, cleanup: Label) -> None:
        suppress = self.new_label()
        self.to_bool(NO_LOCATION)
        self.addop_jump(NO_LOCATION, "POP_JUMP_IF_TRUE", suppress)
        self.addop(NO_LOCATION, "RERAISE", 2)
        self.use_label(suppress)
        self.addop(NO_LOCATION, "POP_TOP")
        self.addop(NO_LOCATION, "POP_BLOCK")
        self.addop(NO_LOCATION, "POP_EXCEPT")
        self.addop(NO_LOCATION, "POP_TOP")
        self.addop(NO_LOCATION, "POP_TOP")
        exit_ = self.new_label()
        self.addop_jump(NO_LOCATION, self.forward_jump, exit_)
        self.use_label(cleanup)
        self.pop_except_and_reraise(NO_LOCATION)
        self.use_label(exit_)

    def to_bool(self, loc: Location) -> None:
        """3.13 converts to bool before a conditional jump; 3.12 jumps on any value."""

    def visit_With(self, node: Any, pos: int = 0) -> None:
        item = node.items[pos]
        block = self.new_label()
        final = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.visit(item.context_expr)
        loc = self.with_location(node, item)
        self.addop(loc, "BEFORE_WITH")
        self.addop_jump(loc, "SETUP_WITH", final)
        self.use_label(block)
        self.push_fblock(loc, WITH, block, final, node)
        if item.optional_vars is not None:
            self.visit(item.optional_vars)
        else:
            self.addop(loc, "POP_TOP")
        pos += 1
        if pos == len(node.items):
            self.visit_stmts(node.body)
        else:
            self.visit_With(node, pos)
        self.addop(loc if self.with_pop_block_located else NO_LOCATION, "POP_BLOCK")
        self.pop_fblock()
        self.call_exit_with_nones(loc)
        self.addop(loc, "POP_TOP")
        self.addop_jump(loc, "JUMP", exit_)
        self.use_label(final)
        self.addop_jump(loc, "SETUP_CLEANUP", cleanup)
        self.addop(loc, "PUSH_EXC_INFO")
        self.addop(loc, "WITH_EXCEPT_START")
        self.with_except_finish(cleanup)
        self.use_label(exit_)

    def visit_AsyncWith(self, node: Any, pos: int = 0) -> None:
        item = node.items[pos]
        loc = loc_of(node)
        if not (self.is_top_level_await() or self.unit.scope_type == SCOPE_ASYNC_FUNCTION):
            self.error("'async with' outside async function", loc)
        loc = self.with_location(node, item)
        block = self.new_label()
        final = self.new_label()
        exit_ = self.new_label()
        cleanup = self.new_label()
        self.visit(item.context_expr)
        self.addop(loc, "BEFORE_ASYNC_WITH")
        self.addop(loc, "GET_AWAITABLE", 1)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop_jump(loc, "SETUP_WITH", final)
        self.use_label(block)
        self.push_fblock(loc, ASYNC_WITH, block, final, node)
        if item.optional_vars is not None:
            self.visit(item.optional_vars)
        else:
            self.addop(loc, "POP_TOP")
        pos += 1
        if pos == len(node.items):
            self.visit_stmts(node.body)
        else:
            self.visit_AsyncWith(node, pos)
        self.pop_fblock()
        self.addop(loc, "POP_BLOCK")
        self.call_exit_with_nones(loc)
        self.addop(loc, "GET_AWAITABLE", 2)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop(loc, "POP_TOP")
        self.addop_jump(loc, "JUMP", exit_)
        self.use_label(final)
        self.addop_jump(loc, "SETUP_CLEANUP", cleanup)
        self.addop(loc, "PUSH_EXC_INFO")
        self.addop(loc, "WITH_EXCEPT_START")
        self.addop(loc, "GET_AWAITABLE", 2)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.with_except_finish(cleanup)
        self.use_label(exit_)

    # -- functions and classes -------------------------------------------------------------

    def decorators(self, decorators: List[Any]) -> None:
        for decorator in decorators:
            self.visit(decorator)

    def apply_decorators(self, decorators: List[Any]) -> None:
        for decorator in reversed(decorators):
            self.addop(loc_of(decorator), "CALL", 0)

    def visit_FunctionDef(self, node: Any) -> None:
        is_async = isinstance(node, ast.AsyncFunctionDef)
        self.decorators(node.decorator_list)
        firstlineno = node.lineno
        if node.decorator_list:
            firstlineno = node.decorator_list[0].lineno
        loc = loc_of(node)
        type_params = getattr(node, "type_params", None) or []
        if type_params:
            self.generic_prefix(loc)
        funcflags = self.default_arguments(loc, node.args)
        num_typeparam_args = 0
        if type_params:
            if funcflags & FUNC_DEFAULTS:
                num_typeparam_args += 1
            if funcflags & FUNC_KWDEFAULTS:
                num_typeparam_args += 1
            if num_typeparam_args == 2:
                self.addop(loc, "SWAP", 2)
            self.enter_scope("<generic parameters of %s>" % node.name, SCOPE_TYPEPARAMS,
                             ("type_params", node), firstlineno)
            self.type_params(type_params)
            for i in range(num_typeparam_args):
                self.addop(loc, "LOAD_FAST", i)
        if self.visit_annotations(loc, node.args, node.returns):
            funcflags |= FUNC_ANNOTATIONS
        self.function_body(node, is_async, funcflags, firstlineno)
        if type_params:
            self.addop(loc, "SWAP", 2)
            self.addop(loc, "CALL_INTRINSIC_2", 4)
            self.unit.argcount = num_typeparam_args
            code = self.optimize_and_assemble(False)
            self.exit_scope()
            self.make_closure(loc, code, 0)
            self.generic_call(loc, num_typeparam_args)
        self.apply_decorators(node.decorator_list)
        self.nameop(loc, node.name, ast.Store)

    visit_AsyncFunctionDef = visit_FunctionDef

    def generic_prefix(self, loc: Location) -> None:
        """Before a PEP 695 scope is made: the NULL its call needs (3.12)."""
        self.addop(loc, "PUSH_NULL")

    def generic_call(self, loc: Location, nargs: int) -> None:
        """Call the function just made for a PEP 695 scope with ``nargs`` defaults
        lying under it."""
        if nargs > 0:
            self.addop(loc, "SWAP", nargs + 1)
        self.addop(loc, "CALL", nargs)

    def function_body(self, node: Any, is_async: bool, funcflags: int,
                      firstlineno: int) -> None:
        scope_type = SCOPE_ASYNC_FUNCTION if is_async else SCOPE_FUNCTION
        self.enter_scope(node.name, scope_type, node, firstlineno)
        docstring = _get_docstring(node.body)
        self.add_const(self.clean_doc(docstring))
        args = node.args
        self.unit.argcount = len(args.args)
        self.unit.posonlyargcount = len(args.posonlyargs)
        self.unit.kwonlyargcount = len(args.kwonlyargs)
        for stmt in node.body[1 if docstring is not None else 0:]:
            self.visit(stmt)
        if self.unit.ste.coroutine or self.unit.ste.generator:
            self.wrap_in_stopiteration_handler()
        code = self.optimize_and_assemble(True)
        self.exit_scope()
        self.make_closure(loc_of(node), code, funcflags)

    def default_arguments(self, loc: Location, args: Any) -> int:
        funcflags = 0
        if args.defaults:
            for default in args.defaults:
                self.visit(default)
            self.addop(loc, "BUILD_TUPLE", len(args.defaults))
            funcflags |= FUNC_DEFAULTS
        if args.kwonlyargs and self.kwonly_defaults(loc, args.kwonlyargs, args.kw_defaults):
            funcflags |= FUNC_KWDEFAULTS
        return funcflags

    def kwonly_defaults(self, loc: Location, kwonlyargs: List[Any],
                        kw_defaults: List[Any]) -> bool:
        keys = []
        for arg, default in zip(kwonlyargs, kw_defaults):
            if default is not None:
                keys.append(self.mangle(arg.arg))
                self.visit(default)
        if keys:
            self.load_const(loc, tuple(keys))
            self.addop(loc, "BUILD_CONST_KEY_MAP", len(keys))
            return True
        return False

    def visit_annotations(self, loc: Location, args: Any, returns: Any) -> bool:
        count = 0
        for arg in list(args.args) + list(args.posonlyargs):
            count += self.argannotation(loc, arg.arg, arg.annotation)
        if args.vararg is not None and args.vararg.annotation is not None:
            count += self.argannotation(loc, args.vararg.arg, args.vararg.annotation)
        for arg in args.kwonlyargs:
            count += self.argannotation(loc, arg.arg, arg.annotation)
        if args.kwarg is not None and args.kwarg.annotation is not None:
            count += self.argannotation(loc, args.kwarg.arg, args.kwarg.annotation)
        count += self.argannotation(loc, "return", returns)
        if count:
            self.addop(loc, "BUILD_TUPLE", count)
            return True
        return False

    def argannotation(self, loc: Location, name: str, annotation: Any) -> int:
        if annotation is None:
            return 0
        self.load_const(loc, self.mangle(name))
        if "annotations" in self.future:
            self.load_const(loc_of(annotation), _unparse(annotation))
        elif isinstance(annotation, ast.Starred):
            self.visit(annotation.value)
            self.addop(loc, "UNPACK_SEQUENCE", 1)
        else:
            self.visit(annotation)
        return 2

    def make_closure(self, loc: Location, code: Code, flags: int) -> None:
        frees = code.co_freevars
        if frees:
            for name in frees:
                if self.get_ref_type(name) == st.CELL:
                    arg = self.unit.cellvars[name]
                else:
                    arg = self.unit.freevars[name]
                self.addop(loc, "LOAD_CLOSURE", arg)
            flags |= FUNC_CLOSURE
            self.addop(loc, "BUILD_TUPLE", len(frees))
        self.load_const(loc, code)
        self.make_function(loc, flags)

    def make_function(self, loc: Location, flags: int) -> None:
        self.addop(loc, "MAKE_FUNCTION", flags)

    def get_ref_type(self, name: str) -> int:
        if self.unit.scope_type == SCOPE_CLASS and name in ("__class__", "__classdict__"):
            return st.CELL
        scope = self.unit.ste.scope(name)
        if scope == 0:
            raise CompileError("compiler cannot find a scope for %r in %s" % (
                name, self.unit.name))
        return scope

    def visit_Lambda(self, node: Any) -> None:
        loc = loc_of(node)
        args = node.args
        funcflags = self.default_arguments(loc, args)
        self.enter_scope("<lambda>", SCOPE_LAMBDA, node, node.lineno)
        self.add_const(None)
        self.unit.argcount = len(args.args)
        self.unit.posonlyargcount = len(args.posonlyargs)
        self.unit.kwonlyargcount = len(args.kwonlyargs)
        self.visit(node.body)
        if self.unit.ste.generator:
            code = self.optimize_and_assemble(False)
        else:
            self.addop(self.lambda_return_location(node), "RETURN_VALUE")
            code = self.optimize_and_assemble(True)
        self.exit_scope()
        self.make_closure(loc, code, funcflags)

    def lambda_return_location(self, node: Any) -> Location:
        return Location(node.lineno, node.lineno, 0, 0)

    def visit_ClassDef(self, node: Any) -> None:
        self.decorators(node.decorator_list)
        firstlineno = node.lineno
        if node.decorator_list:
            firstlineno = node.decorator_list[0].lineno
        loc = loc_of(node)
        type_params = getattr(node, "type_params", None) or []
        if type_params:
            self.unit.private = node.name
            self.generic_prefix(loc)
            self.enter_scope("<generic parameters of %s>" % node.name, SCOPE_TYPEPARAMS,
                             ("type_params", node), firstlineno)
            self.type_params(type_params)
            self.nameop(loc, ".type_params", ast.Store)
        self.class_body(node, firstlineno)
        if type_params:
            self.nameop(loc, ".type_params", ast.Load)
            self.addop(loc, "CALL_INTRINSIC_1", 10)
            self.nameop(loc, ".generic_base", ast.Store)
            base = ast.Name(id=".generic_base", ctx=ast.Load())
            base.lineno, base.end_lineno = loc.lineno, loc.end_lineno
            base.col_offset, base.end_col_offset = loc.col_offset, loc.end_col_offset
            self.call_helper(loc, 2, list(node.bases) + [base], node.keywords)
            code = self.optimize_and_assemble(False)
            self.exit_scope()
            self.make_closure(loc, code, 0)
            self.generic_call(loc, 0)
        else:
            self.call_helper(loc, 2, node.bases, node.keywords)
        self.apply_decorators(node.decorator_list)
        self.nameop(loc, node.name, ast.Store)

    def class_body(self, node: Any, firstlineno: int) -> None:
        self.enter_scope(node.name, SCOPE_CLASS, node, firstlineno)
        loc = Location(firstlineno, firstlineno, 0, 0)
        unit = self.unit
        unit.private = node.name
        self.nameop(loc, "__name__", ast.Load)
        self.nameop(loc, "__module__", ast.Store)
        self.load_const(loc, unit.qualname)
        self.nameop(loc, "__qualname__", ast.Store)
        self.class_prologue_extra(node, loc)
        if getattr(node, "type_params", None):
            self.nameop(loc, ".type_params", ast.Load)
            self.nameop(loc, "__type_params__", ast.Store)
        if unit.ste.needs_classdict:
            self.addop(loc, "LOAD_LOCALS")
            self.addop(loc, "STORE_DEREF", unit.cellvars["__classdict__"])
        self.body(loc, node.body)
        self.class_epilogue_extra(node)
        if unit.ste.needs_classdict:
            self.addop(NO_LOCATION, "LOAD_CLOSURE", unit.cellvars["__classdict__"])
            self.nameop(NO_LOCATION, "__classdictcell__", ast.Store)
        if unit.ste.needs_class_closure:
            self.addop(NO_LOCATION, "LOAD_CLOSURE", unit.cellvars["__class__"])
            self.addop(NO_LOCATION, "COPY", 1)
            self.nameop(NO_LOCATION, "__classcell__", ast.Store)
        else:
            self.load_const(NO_LOCATION, None)
        self.addop(NO_LOCATION, "RETURN_VALUE")
        code = self.optimize_and_assemble(True)
        self.exit_scope()
        loc = loc_of(node)
        self.load_build_class(loc)
        self.make_closure(loc, code, 0)
        self.load_const(loc, node.name)

    def load_build_class(self, loc: Location) -> None:
        self.addop(loc, "PUSH_NULL")
        self.addop(loc, "LOAD_BUILD_CLASS")

    def class_prologue_extra(self, node: Any, loc: Location) -> None:
        """3.13 stores ``__firstlineno__`` here."""

    def class_epilogue_extra(self, node: Any) -> None:
        """3.13 stores ``__static_attributes__`` here."""

    def type_params(self, type_params: List[Any]) -> None:
        for param in type_params:
            loc = loc_of(param)
            if isinstance(param, ast.TypeVar):
                self.load_const(loc, param.name)
                if param.bound is not None:
                    self.type_param_bound_or_default(param.bound, param.name, param, loc)
                    intrinsic = 3 if isinstance(param.bound, ast.Tuple) else 2
                    self.addop(loc, "CALL_INTRINSIC_2", intrinsic)
                else:
                    self.addop(loc, "CALL_INTRINSIC_1", 7)
            elif isinstance(param, ast.TypeVarTuple):
                self.load_const(loc, param.name)
                self.addop(loc, "CALL_INTRINSIC_1", 9)
            else:
                self.load_const(loc, param.name)
                self.addop(loc, "CALL_INTRINSIC_1", 8)
            self.addop(loc, "COPY", 1)
            self.nameop(loc, param.name, ast.Store)
        self.addop(loc_of(type_params[0]), "BUILD_TUPLE", len(type_params))

    def type_param_bound_or_default(self, expr: Any, name: str, key: Any,
                                    loc: Location) -> None:
        self.enter_scope(name, SCOPE_TYPEPARAMS, key, expr.lineno)
        self.visit(expr)
        self.addop(self.bound_return_location(loc, expr), "RETURN_VALUE")
        code = self.optimize_and_assemble(True)
        self.exit_scope()
        self.make_closure(self.bound_return_location(loc, expr), code, 0)

    def bound_return_location(self, loc: Location, expr: Any) -> Location:
        """Where a TypeVar bound's function returns and is made (3.12: the parameter;
        3.13: the bound)."""
        return loc

    def visit_TypeAlias(self, node: Any) -> None:
        loc = loc_of(node)
        name = node.name.id
        type_params = node.type_params
        if type_params:
            self.generic_prefix(loc)
            self.enter_scope("<generic parameters of %s>" % name, SCOPE_TYPEPARAMS,
                             ("type_params", node), node.lineno)
            self.load_const(loc, name)
            self.type_params(type_params)
        else:
            self.load_const(loc, name)
            self.load_const(loc, None)
        self.enter_scope(name, SCOPE_FUNCTION, node, node.lineno)
        self.add_const(None)
        self.visit(node.value)
        self.addop(loc, "RETURN_VALUE")
        code = self.optimize_and_assemble(False)
        self.exit_scope()
        self.make_closure(loc, code, 0)
        self.addop(loc, "BUILD_TUPLE", 3)
        self.addop(loc, "CALL_INTRINSIC_1", 11)
        if type_params:
            code = self.optimize_and_assemble(False)
            self.exit_scope()
            self.make_closure(loc, code, 0)
            self.generic_call(loc, 0)
        self.nameop(loc, name, ast.Store)

    # -- expressions -----------------------------------------------------------------------

    def visit_Constant(self, node: Any) -> None:
        self.load_const(loc_of(node), node.value)

    def visit_Name(self, node: Any) -> None:
        self.nameop(loc_of(node), node.id, node.ctx)

    def visit_BinOp(self, node: Any) -> None:
        self.visit(node.left)
        self.visit(node.right)
        self.addop(loc_of(node), "BINARY_OP", self.binop_arg(node.op))

    def visit_UnaryOp(self, node: Any) -> None:
        self.visit(node.operand)
        loc = loc_of(node)
        if isinstance(node.op, ast.UAdd):
            self.addop(loc, "CALL_INTRINSIC_1", 5)
        else:
            self.unary(loc, node.op)

    def unary(self, loc: Location, op: Any) -> None:
        self.addop(loc, _UNARY_OPS[type(op)])

    def visit_BoolOp(self, node: Any) -> None:
        loc = loc_of(node)
        jump = "POP_JUMP_IF_FALSE" if isinstance(node.op, ast.And) else "POP_JUMP_IF_TRUE"
        end = self.new_label()
        values = node.values
        for value in values[:-1]:
            self.visit(value)
            self.addop(loc, "COPY", 1)
            self.to_bool(loc)
            self.addop_jump(loc, jump, end)
            self.addop(loc, "POP_TOP")
        self.visit(values[-1])
        self.use_label(end)

    def addcompare(self, loc: Location, op: Any) -> None:
        kind = type(op)
        if kind is ast.Is:
            self.addop(loc, "IS_OP", 0)
        elif kind is ast.IsNot:
            self.addop(loc, "IS_OP", 1)
        elif kind is ast.In:
            self.addop(loc, "CONTAINS_OP", 0)
        elif kind is ast.NotIn:
            self.addop(loc, "CONTAINS_OP", 1)
        else:
            cmp = _COMPARE[kind]
            self.addop(loc, "COMPARE_OP", self.compare_arg(cmp))

    def compare_arg(self, cmp: int) -> int:
        return self.target.spec["COMPARE_OP"].kind.encode(cmp)

    def visit_Compare(self, node: Any) -> None:
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
            self.addop(loc, "COPY", 1)
            self.to_bool(loc)
            self.addop_jump(loc, "POP_JUMP_IF_FALSE", cleanup)
            self.addop(loc, "POP_TOP")
        self.visit(node.comparators[count])
        self.addcompare(loc, node.ops[count])
        end = self.new_label()
        self.addop_jump(NO_LOCATION, "JUMP", end)
        self.use_label(cleanup)
        self.addop(loc, "SWAP", 2)
        self.addop(loc, "POP_TOP")
        self.use_label(end)

    def jump_if(self, loc: Location, node: Any, label: Label, cond: bool) -> None:
        """``compiler_jump_if``: jump to ``label`` when ``node`` is ``cond``."""
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
            self.addop_jump(NO_LOCATION, self.forward_jump, end)
            self.use_label(next2)
            self.jump_if(loc, node.orelse, label, cond)
            self.use_label(end)
            return
        if isinstance(node, ast.Compare) and len(node.ops) > 1:
            eloc = loc_of(node)
            count = len(node.ops) - 1
            cleanup = self.new_label()
            self.visit(node.left)
            for i in range(count):
                self.visit(node.comparators[i])
                self.addop(eloc, "SWAP", 2)
                self.addop(eloc, "COPY", 2)
                self.addcompare(eloc, node.ops[i])
                self.to_bool(eloc)
                self.addop_jump(eloc, "POP_JUMP_IF_FALSE", cleanup)
            self.visit(node.comparators[count])
            self.addcompare(eloc, node.ops[count])
            self.to_bool(eloc)
            self.addop_jump(eloc, "POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", label)
            end = self.new_label()
            self.addop_jump(NO_LOCATION, self.forward_jump, end)
            self.use_label(cleanup)
            self.addop(eloc, "POP_TOP")
            if not cond:
                self.addop_jump(NO_LOCATION, self.forward_jump, label)
            self.use_label(end)
            return
        self.visit(node)
        eloc = loc_of(node)
        self.to_bool(eloc)
        self.addop_jump(eloc, "POP_JUMP_IF_TRUE" if cond else "POP_JUMP_IF_FALSE", label)

    def visit_IfExp(self, node: Any) -> None:
        end = self.new_label()
        next_ = self.new_label()
        self.jump_if(loc_of(node), node.test, next_, False)
        self.visit(node.body)
        self.addop_jump(NO_LOCATION, self.forward_jump, end)
        self.use_label(next_)
        self.visit(node.orelse)
        self.use_label(end)

    def visit_NamedExpr(self, node: Any) -> None:
        self.visit(node.value)
        self.addop(loc_of(node), "COPY", 1)
        self.visit(node.target)

    def visit_Attribute(self, node: Any) -> None:
        loc = loc_of(node)
        if isinstance(node.ctx, ast.Load) and self.can_optimize_super_call(node):
            self.load_args_for_super(node.value)
            op = "LOAD_SUPER_ATTR" if node.value.args else "LOAD_ZERO_SUPER_ATTR"
            self.addop_name(loc, op, node.attr)
            loc = self.attr_location(loc, node)
            self.addop(loc, "NOP")
            return
        self.note_static_attribute(node)
        self.visit(node.value)
        loc = self.attr_location(loc_of(node), node)
        ctx = type(node.ctx)
        op = {ast.Load: "LOAD_ATTR", ast.Store: "STORE_ATTR", ast.Del: "DELETE_ATTR"}[ctx]
        self.addop_name(loc, op, node.attr)

    def note_static_attribute(self, node: Any) -> None:
        """3.13 records ``self.X = ...`` targets for ``__static_attributes__``."""

    def attr_location(self, loc: Location, attr: Any) -> Location:
        """``update_start_location_to_match_attr``."""
        if loc.lineno != attr.end_lineno:
            lineno = attr.end_lineno
            col, end_col = loc.col_offset, loc.end_col_offset
            length = len(attr.attr)
            if length <= attr.end_col_offset:
                col = attr.end_col_offset - length
            else:
                col = end_col = -1
            end_lineno = max(lineno, loc.end_lineno)
            if lineno == end_lineno:
                end_col = max(col, end_col)
            loc = Location(lineno, end_lineno, col, end_col)
        return loc

    def can_optimize_super_call(self, attr: Any) -> bool:
        call = attr.value
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                and call.func.id == "super" and attr.attr != "__class__"
                and not call.keywords):
            return False
        if self.unit.ste.scope("super") != st.GLOBAL_IMPLICIT:
            return False
        if self.table.top.scope("super") != 0:
            return False
        if len(call.args) == 2:
            return not any(isinstance(a, ast.Starred) for a in call.args)
        if call.args:
            return False
        if self.unit.argcount == 0 and self.unit.posonlyargcount == 0:
            return False
        return self.get_ref_type("__class__") == st.FREE

    def load_args_for_super(self, call: Any) -> None:
        loc = loc_of(call)
        self.nameop(loc_of(call.func), call.func.id, ast.Load)
        if len(call.args) == 2:
            self.visit(call.args[0])
            self.visit(call.args[1])
            return
        self.nameop(loc, "__class__", ast.Load)
        first = next(iter(self.unit.varnames))
        self.nameop(loc, first, ast.Load)

    def visit_Subscript(self, node: Any) -> None:
        loc = loc_of(node)
        ctx = type(node.ctx)
        self.visit(node.value)
        if _is_two_element_slice(node.slice) and ctx is not ast.Del:
            self.slice(node.slice)
            self.addop(loc, "BINARY_SLICE" if ctx is ast.Load else "STORE_SLICE")
        else:
            self.visit(node.slice)
            op = {ast.Load: "BINARY_SUBSCR", ast.Store: "STORE_SUBSCR",
                  ast.Del: "DELETE_SUBSCR"}[ctx]
            self.addop(loc, op)

    def slice(self, node: Any) -> int:
        count = 2
        loc = loc_of(node)
        if node.lower is not None:
            self.visit(node.lower)
        else:
            self.load_const(loc, None)
        if node.upper is not None:
            self.visit(node.upper)
        else:
            self.load_const(loc, None)
        if node.step is not None:
            count += 1
            self.visit(node.step)
        return count

    def visit_Slice(self, node: Any) -> None:
        count = self.slice(node)
        self.addop(loc_of(node), "BUILD_SLICE", count)

    def visit_Starred(self, node: Any) -> None:
        if isinstance(node.ctx, ast.Store):
            self.error("starred assignment target must be in a list or tuple", loc_of(node))
        self.error("can't use starred expression here", loc_of(node))

    def starunpack_helper(self, loc: Location, elts: List[Any], pushed: int, build: str,
                          add: str, extend: str, tuple_: bool) -> None:
        count = len(elts)
        if count > 2 and all(isinstance(e, ast.Constant) for e in elts):
            folded: Any = tuple(e.value for e in elts)
            if tuple_ and not pushed:
                self.load_const(loc, folded)
            else:
                if add == "SET_ADD":
                    folded = OrderedFrozenset(folded)  # source order, built in add_const
                self.addop(loc, build, pushed)
                self.load_const(loc, folded)
                self.addop(loc, extend, 1)
                if tuple_:
                    self.addop(loc, "CALL_INTRINSIC_1", 6)
            return
        big = count + pushed > self.stack_use_guideline
        seen_star = any(isinstance(e, ast.Starred) for e in elts)
        if not seen_star and not big:
            for element in elts:
                self.visit(element)
            self.addop(loc, "BUILD_TUPLE" if tuple_ else build, count + pushed)
            return
        built = False
        if big:
            self.addop(loc, build, pushed)
            built = True
        for index, element in enumerate(elts):
            if isinstance(element, ast.Starred):
                if not built:
                    self.addop(loc, build, index + pushed)
                    built = True
                self.visit(element.value)
                self.addop(loc, extend, 1)
            else:
                self.visit(element)
                if built:
                    self.addop(loc, add, 1)
        if tuple_:
            self.addop(loc, "CALL_INTRINSIC_1", 6)

    def unpack_helper(self, loc: Location, elts: List[Any]) -> None:
        seen_star = False
        count = len(elts)
        for index, element in enumerate(elts):
            if isinstance(element, ast.Starred):
                if seen_star:
                    self.error("multiple starred expressions in assignment", loc)
                if index >= (1 << 8) or count - index - 1 >= (0x7FFFFFFF >> 8):
                    self.error("too many expressions in star-unpacking assignment", loc)
                self.addop(loc, "UNPACK_EX", index + ((count - index - 1) << 8))
                seen_star = True
        if not seen_star:
            self.addop(loc, "UNPACK_SEQUENCE", count)

    def assignment_helper(self, loc: Location, elts: List[Any]) -> None:
        self.unpack_helper(loc, elts)
        for element in elts:
            self.visit(element.value if isinstance(element, ast.Starred) else element)

    def visit_List(self, node: Any) -> None:
        loc = loc_of(node)
        if isinstance(node.ctx, ast.Store):
            self.assignment_helper(loc, node.elts)
        elif isinstance(node.ctx, ast.Load):
            self.starunpack_helper(loc, node.elts, 0, "BUILD_LIST", "LIST_APPEND",
                                   "LIST_EXTEND", False)
        else:
            for element in node.elts:
                self.visit(element)

    def visit_Tuple(self, node: Any) -> None:
        loc = loc_of(node)
        if isinstance(node.ctx, ast.Store):
            self.assignment_helper(loc, node.elts)
        elif isinstance(node.ctx, ast.Load):
            self.starunpack_helper(loc, node.elts, 0, "BUILD_LIST", "LIST_APPEND",
                                   "LIST_EXTEND", True)
        else:
            for element in node.elts:
                self.visit(element)

    def visit_Set(self, node: Any) -> None:
        self.starunpack_helper(loc_of(node), node.elts, 0, "BUILD_SET", "SET_ADD",
                               "SET_UPDATE", False)

    def subdict(self, node: Any, begin: int, end: int) -> None:
        count = end - begin
        big = count * 2 > self.stack_use_guideline
        loc = loc_of(node)
        keys = node.keys[begin:end]
        if count > 1 and not big and all(isinstance(k, ast.Constant) for k in keys):
            for value in node.values[begin:end]:
                self.visit(value)
            self.load_const(loc, tuple(k.value for k in keys))
            self.addop(loc, "BUILD_CONST_KEY_MAP", count)
            return
        if big:
            self.addop(loc, "BUILD_MAP", 0)
        for i in range(begin, end):
            self.visit(node.keys[i])
            self.visit(node.values[i])
            if big:
                self.addop(loc, "MAP_ADD", 1)
        if not big:
            self.addop(loc, "BUILD_MAP", count)

    def visit_Dict(self, node: Any) -> None:
        loc = loc_of(node)
        count = len(node.values)
        have_dict = False
        elements = 0
        for i in range(count):
            if node.keys[i] is None:
                if elements:
                    self.subdict(node, i - elements, i)
                    if have_dict:
                        self.addop(loc, "DICT_UPDATE", 1)
                    have_dict = True
                    elements = 0
                if not have_dict:
                    self.addop(loc, "BUILD_MAP", 0)
                    have_dict = True
                self.visit(node.values[i])
                self.addop(loc, "DICT_UPDATE", 1)
            elif elements * 2 > self.stack_use_guideline:
                self.subdict(node, i - elements, i + 1)
                if have_dict:
                    self.addop(loc, "DICT_UPDATE", 1)
                have_dict = True
                elements = 0
            else:
                elements += 1
        if elements:
            self.subdict(node, count - elements, count)
            if have_dict:
                self.addop(loc, "DICT_UPDATE", 1)
            have_dict = True
        if not have_dict:
            self.addop(loc, "BUILD_MAP", 0)

    def visit_JoinedStr(self, node: Any) -> None:
        loc = loc_of(node)
        values = node.values
        if len(values) > self.stack_use_guideline:
            self.load_const(loc, "")
            self.addop_name(loc, "LOAD_METHOD", "join")
            self.addop(loc, "BUILD_LIST", 0)
            for value in values:
                self.visit(value)
                self.addop(loc, "LIST_APPEND", 1)
            self.addop(loc, "CALL", 1)
            return
        for value in values:
            self.visit(value)
        if not values and self.empty_fstring_is_constant:
            self.load_const(loc, "")
        elif len(values) != 1:
            self.addop(loc, "BUILD_STRING", len(values))

    def visit_FormattedValue(self, node: Any) -> None:
        self.visit(node.value)
        oparg = _CONVERSIONS[node.conversion]
        if node.format_spec is not None:
            self.visit(node.format_spec)
            oparg |= 0x04
        self.addop(loc_of(node), "FORMAT_VALUE", oparg)

    # -- calls --

    def visit_Call(self, node: Any) -> None:
        if self.maybe_optimize_method_call(node):
            return
        self.push_callable(node.func)
        self.call_helper(loc_of(node), 0, node.args, node.keywords)

    def push_callable(self, func: Any) -> None:
        """The callable and the NULL under it (3.12: NULL first; 3.13: after)."""
        self.addop(loc_of(func), "PUSH_NULL")
        self.visit(func)

    def is_import_originated(self, node: Any) -> bool:
        if not isinstance(node, ast.Name):
            return False
        return bool(self.table.top.flags(node.id) & st.DEF_IMPORT)

    def maybe_optimize_method_call(self, node: Any) -> bool:
        meth = node.func
        args = node.args
        keywords = node.keywords
        if not isinstance(meth, ast.Attribute) or not isinstance(meth.ctx, ast.Load):
            return False
        if self.is_import_originated(meth.value):
            return False
        nargs, nkw = len(args), len(keywords)
        if nargs + nkw + (nkw != 0) >= self.stack_use_guideline:
            return False
        if any(isinstance(a, ast.Starred) for a in args):
            return False
        if any(k.arg is None for k in keywords):
            return False
        loc = loc_of(meth)
        if self.can_optimize_super_call(meth):
            self.load_args_for_super(meth.value)
            op = "LOAD_SUPER_METHOD" if meth.value.args else "LOAD_ZERO_SUPER_METHOD"
            self.addop_name(loc, op, meth.attr)
            loc = self.attr_location(loc, meth)
            self.addop(loc, "NOP")
        else:
            self.visit(meth.value)
            loc = self.attr_location(loc, meth)
            self.addop_name(loc, "LOAD_METHOD", meth.attr)
        for arg in args:
            self.visit(arg)
        if nkw:
            for keyword in keywords:
                self.visit(keyword.value)
        self.emit_kw_names(loc, keywords)
        loc = self.attr_location(loc_of(node), meth)
        self.emit_call(loc, nargs + nkw, keywords)
        return True

    def emit_kw_names(self, loc: Location, keywords: List[Any]) -> None:
        """``KW_NAMES`` before a call that passes keywords (3.12)."""
        if keywords:
            names = tuple(k.arg for k in keywords)
            self.addop(loc, "KW_NAMES", self.add_const(names))

    def emit_call(self, loc: Location, count: int, keywords: List[Any]) -> None:
        """``CALL`` after its arguments (3.13 uses ``CALL_KW`` with keywords)."""
        self.addop(loc, "CALL", count)

    def call_helper(self, loc: Location, pushed: int, args: List[Any],
                    keywords: List[Any]) -> None:
        nargs, nkw = len(args), len(keywords)
        simple = (nargs + nkw * 2 <= self.stack_use_guideline
                  and not any(isinstance(a, ast.Starred) for a in args)
                  and not any(k.arg is None for k in keywords))
        if simple:
            for arg in args:
                self.visit(arg)
            for keyword in keywords:
                self.visit(keyword.value)
            self.emit_kw_names(loc, keywords)
            self.emit_call(loc, pushed + nargs + nkw, keywords)
            return
        if pushed == 0 and nargs == 1 and isinstance(args[0], ast.Starred):
            self.visit(args[0].value)
        else:
            self.starunpack_helper(loc, args, pushed, "BUILD_LIST", "LIST_APPEND",
                                   "LIST_EXTEND", True)
        if nkw:
            have_dict = False
            seen = 0
            for index, keyword in enumerate(keywords):
                if keyword.arg is None:
                    if seen:
                        self.subkwargs(loc, keywords, index - seen, index)
                        if have_dict:
                            self.addop(loc, "DICT_MERGE", 1)
                        have_dict = True
                        seen = 0
                    if not have_dict:
                        self.addop(loc, "BUILD_MAP", 0)
                        have_dict = True
                    self.visit(keyword.value)
                    self.addop(loc, "DICT_MERGE", 1)
                else:
                    seen += 1
            if seen:
                self.subkwargs(loc, keywords, nkw - seen, nkw)
                if have_dict:
                    self.addop(loc, "DICT_MERGE", 1)
        self.addop(loc, "CALL_FUNCTION_EX", int(nkw > 0))

    def subkwargs(self, loc: Location, keywords: List[Any], begin: int, end: int) -> None:
        count = end - begin
        big = count * 2 > self.stack_use_guideline
        if count > 1 and not big:
            for keyword in keywords[begin:end]:
                self.visit(keyword.value)
            self.load_const(loc, tuple(k.arg for k in keywords[begin:end]))
            self.addop(loc, "BUILD_CONST_KEY_MAP", count)
            return
        if big:
            self.addop(NO_LOCATION, "BUILD_MAP", 0)
        for keyword in keywords[begin:end]:
            self.load_const(loc, keyword.arg)
            self.visit(keyword.value)
            if big:
                self.addop(NO_LOCATION, "MAP_ADD", 1)
        if not big:
            self.addop(loc, "BUILD_MAP", count)

    # -- generators and coroutines --

    def add_yield(self, loc: Location) -> None:
        ste = self.unit.ste
        if ste.generator and ste.coroutine:
            self.addop(loc, "CALL_INTRINSIC_1", 4)
        self.addop(loc, "YIELD_VALUE", 0)
        self.addop(loc, "RESUME", 1)

    def add_yield_from(self, loc: Location, await_: bool) -> None:
        send = self.new_label()
        fail = self.new_label()
        exit_ = self.new_label()
        self.use_label(send)
        self.addop_jump(loc, "SEND", exit_)
        self.addop_jump(loc, "SETUP_FINALLY", fail)
        self.addop(loc, "YIELD_VALUE", self.yield_from_oparg)
        self.addop(NO_LOCATION, "POP_BLOCK")
        self.addop(loc, "RESUME", 3 if await_ else 2)
        self.addop_jump(loc, "JUMP_NO_INTERRUPT", send)
        self.use_label(fail)
        self.addop(loc, "CLEANUP_THROW")
        self.use_label(exit_)
        self.addop(loc, "END_SEND")

    def visit_Yield(self, node: Any) -> None:
        loc = loc_of(node)
        if not self.unit.ste.is_function_like:
            self.error("'yield' outside function", loc)
        if node.value is not None:
            self.visit(node.value)
        else:
            self.load_const(loc, None)
        self.add_yield(loc)

    def visit_YieldFrom(self, node: Any) -> None:
        loc = loc_of(node)
        if not self.unit.ste.is_function_like:
            self.error("'yield' outside function", loc)
        if self.unit.scope_type == SCOPE_ASYNC_FUNCTION:
            self.error("'yield from' inside async function", loc)
        self.visit(node.value)
        self.addop(loc, "GET_YIELD_FROM_ITER")
        self.load_const(loc, None)
        self.add_yield_from(loc, False)

    def visit_Await(self, node: Any) -> None:
        loc = loc_of(node)
        if not self.is_top_level_await():
            if not self.unit.ste.is_function_like:
                self.error("'await' outside function", loc)
            if self.unit.scope_type not in (SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION):
                self.error("'await' outside async function", loc)
        self.visit(node.value)
        self.addop(loc, "GET_AWAITABLE", 0)
        self.load_const(loc, None)
        self.add_yield_from(loc, True)

    # -- comprehensions --

    def visit_ListComp(self, node: Any) -> None:
        kind = type(node)
        names = {ast.ListComp: "<listcomp>", ast.SetComp: "<setcomp>",
                 ast.DictComp: "<dictcomp>", ast.GeneratorExp: "<genexpr>"}
        if kind is ast.DictComp:
            element, value = node.key, node.value
        else:
            element, value = node.elt, None
        self.comprehension(node, kind, names[kind], node.generators, element, value)

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def comprehension(self, node: Any, kind: type, name: str, generators: List[Any],
                      element: Any, value: Any) -> None:
        entry = self.table.lookup(node)
        inlined = entry.comp_inlined
        is_async_generator = entry.coroutine
        outer_scope_type = self.unit.scope_type
        loc = loc_of(node)
        outermost = generators[0]
        state = None
        if inlined:
            self.visit(outermost.iter)
            self.addop(self.for_iter_location(loc, outermost.iter),
                       "GET_AITER" if outermost.is_async else "GET_ITER")
            state = self.push_inlined_comprehension_state(loc, entry)
        else:
            self.enter_scope(name, SCOPE_COMPREHENSION, node, node.lineno)
        if (is_async_generator and kind is not ast.GeneratorExp
                and outer_scope_type not in (SCOPE_ASYNC_FUNCTION, SCOPE_COMPREHENSION)
                and not self.is_top_level_await()):
            self.error("asynchronous comprehension outside of an asynchronous function", loc)
        if kind is not ast.GeneratorExp:
            op = {ast.ListComp: "BUILD_LIST", ast.SetComp: "BUILD_SET",
                  ast.DictComp: "BUILD_MAP"}[kind]
            self.addop(loc, op, 0)
            if inlined:
                self.addop(loc, "SWAP", 2)
        self.comprehension_generator(loc, generators, 0, 0, element, value, kind, inlined)
        if inlined:
            self.pop_inlined_comprehension_state(loc, state)
            return
        if kind is not ast.GeneratorExp:
            self.addop(loc, "RETURN_VALUE")
        else:
            self.wrap_in_stopiteration_handler()
        code = self.optimize_and_assemble(True)
        self.exit_scope()
        self.make_closure(loc, code, 0)
        self.visit(outermost.iter)
        self.addop(self.for_iter_location(loc, outermost.iter),
                   "GET_AITER" if outermost.is_async else "GET_ITER")
        self.addop(loc, "CALL", 0)
        if is_async_generator and kind is not ast.GeneratorExp:
            self.addop(loc, "GET_AWAITABLE", 0)
            self.load_const(loc, None)
            self.add_yield_from(loc, True)

    def wrap_in_stopiteration_handler(self) -> None:
        handler = self.new_label()
        # The handler covers the whole body: SETUP_CLEANUP goes in front of everything.
        self.unit.instrs.insert(0, Instr("SETUP_CLEANUP", handler.id, NO_LOCATION, handler))
        for label_id, offset in self.unit.labels.items():
            if offset >= 0:
                self.unit.labels[label_id] = offset + 1
        self.load_const(NO_LOCATION, None)
        self.addop(NO_LOCATION, "RETURN_VALUE")
        self.use_label(handler)
        self.addop(NO_LOCATION, "CALL_INTRINSIC_1", 3)
        self.addop(NO_LOCATION, "RERAISE", 1)

    def comprehension_generator(self, loc: Location, generators: List[Any], index: int,
                                depth: int, element: Any, value: Any, kind: type,
                                iter_on_stack: bool) -> None:
        if generators[index].is_async:
            self.async_comprehension_generator(loc, generators, index, depth, element,
                                               value, kind, iter_on_stack)
        else:
            self.sync_comprehension_generator(loc, generators, index, depth, element, value,
                                              kind, iter_on_stack)

    def sync_comprehension_generator(self, loc: Location, generators: List[Any], index: int,
                                     depth: int, element: Any, value: Any, kind: type,
                                     iter_on_stack: bool) -> None:
        start: Optional[Label] = self.new_label()
        if_cleanup = self.new_label()
        anchor = self.new_label()
        gen = generators[index]
        if not iter_on_stack:
            if index == 0:
                self.unit.argcount = 1
                self.addop(loc, "LOAD_FAST", 0)
            else:
                elts = None
                if isinstance(gen.iter, (ast.List, ast.Tuple)):
                    elts = gen.iter.elts
                if elts is not None and len(elts) == 1 and not isinstance(elts[0], ast.Starred):
                    self.visit(elts[0])
                    start = None
                if start is not None:
                    self.visit(gen.iter)
                    self.addop(self.for_iter_location(loc, gen.iter), "GET_ITER")
        if start is not None:
            depth += 1
            self.use_label(start)
            self.addop_jump(self.for_iter_location(loc, gen.iter), "FOR_ITER", anchor)
        self.visit(gen.target)
        for condition in gen.ifs:
            self.jump_if(loc, condition, if_cleanup, False)
        index += 1
        if index < len(generators):
            self.comprehension_generator(loc, generators, index, depth, element, value,
                                         kind, False)
        elt_loc = loc_of(element)
        if index >= len(generators):
            elt_loc = self.comprehension_element(element, value, kind, depth)
        self.use_label(if_cleanup)
        if start is not None:
            self.addop_jump(elt_loc, "JUMP", start)
            self.use_label(anchor)
            self.end_for(NO_LOCATION)

    def comprehension_element(self, element: Any, value: Any, kind: type,
                              depth: int) -> Location:
        elt_loc = loc_of(element)
        if kind is ast.GeneratorExp:
            self.visit(element)
            self.add_yield(elt_loc)
            self.addop(elt_loc, "POP_TOP")
        elif kind is ast.ListComp:
            self.visit(element)
            self.addop(elt_loc, "LIST_APPEND", depth + 1)
        elif kind is ast.SetComp:
            self.visit(element)
            self.addop(elt_loc, "SET_ADD", depth + 1)
        else:
            self.visit(element)
            self.visit(value)
            elt_loc = Location(element.lineno, value.end_lineno, element.col_offset,
                               value.end_col_offset)
            self.addop(elt_loc, "MAP_ADD", depth + 1)
        return elt_loc

    def async_comprehension_generator(self, loc: Location, generators: List[Any],
                                      index: int, depth: int, element: Any, value: Any,
                                      kind: type, iter_on_stack: bool) -> None:
        start = self.new_label()
        except_ = self.new_label()
        if_cleanup = self.new_label()
        gen = generators[index]
        if not iter_on_stack:
            if index == 0:
                self.unit.argcount = 1
                self.addop(loc, "LOAD_FAST", 0)
            else:
                self.visit(gen.iter)
                self.addop(self.for_iter_location(loc, gen.iter), "GET_AITER")
        self.use_label(start)
        self.push_fblock(loc, ASYNC_COMPREHENSION_GENERATOR, start)
        self.addop_jump(loc, "SETUP_FINALLY", except_)
        self.addop(loc, "GET_ANEXT")
        self.load_const(loc, None)
        self.add_yield_from(loc, True)
        self.addop(loc, "POP_BLOCK")
        self.visit(gen.target)
        for condition in gen.ifs:
            self.jump_if(loc, condition, if_cleanup, False)
        depth += 1
        index += 1
        if index < len(generators):
            self.comprehension_generator(loc, generators, index, depth, element, value,
                                         kind, False)
        elt_loc = loc_of(element)
        if index >= len(generators):
            elt_loc = self.comprehension_element(element, value, kind, depth)
        self.use_label(if_cleanup)
        self.addop_jump(elt_loc, "JUMP", start)
        self.pop_fblock()
        self.use_label(except_)
        self.addop(loc, "END_ASYNC_FOR")

    def push_inlined_comprehension_state(self, loc: Location, entry: st.Entry) -> dict:
        unit = self.unit
        ste = unit.ste
        in_class_block = ste.type == st.CLASS_BLOCK and not unit.in_inlined_comp
        unit.in_inlined_comp += 1
        state = {"pushed_locals": [], "temp_symbols": {}, "fast_hidden": [],
                 "cleanup": None, "end": None}
        for name, symbol in list(entry.symbols.items()):
            scope = (symbol >> st.SCOPE_OFFSET) & st.SCOPE_MASK
            outv = ste.symbols.get(name, 0)
            outsc = (outv >> st.SCOPE_OFFSET) & st.SCOPE_MASK
            local = (symbol & st.DEF_LOCAL and not symbol & st.DEF_NONLOCAL) or in_class_block
            if local:
                self.addop_n(loc, "LOAD_FAST_AND_CLEAR", name, unit.varnames)
                if scope == st.CELL:
                    if outsc == st.FREE:
                        self.addop(loc, "MAKE_CELL", unit.freevars[name])
                    else:
                        self.addop(loc, "MAKE_CELL", unit.cellvars[name])
                state["pushed_locals"].append(name)
            # A name only read in a module-level comprehension loads the same either
            # way; 3.12 keeps the module's entry for it (which is what
            # ``is_import_originated`` then sees), 3.13 swaps it too. In a class body
            # both swap: a class-level name read in the comprehension must become the
            # global it is there (LOAD_GLOBAL), not the class's hidden fast local.
            keep_outer = (self.inlined_global_keeps_outer
                          and scope == st.GLOBAL_IMPLICIT and not symbol & st.DEF_BOUND
                          and ste.type == st.MODULE_BLOCK)
            if (scope != outsc and scope != st.FREE and not keep_outer
                    and not (scope == st.CELL and outsc == st.FREE)):
                ste.symbols[name] = symbol
                state["temp_symbols"][name] = outv
            if local and not ste.is_function_like:
                if unit.fasthidden.get(name) is not True:
                    unit.fasthidden[name] = True
                    state["fast_hidden"].append(name)
        if state["pushed_locals"]:
            self.addop(loc, "SWAP", len(state["pushed_locals"]) + 1)
            state["cleanup"] = self.new_label()
            state["end"] = self.new_label()
            self.addop_jump(loc, "SETUP_FINALLY", state["cleanup"])
        return state

    def restore_inlined_comprehension_locals(self, loc: Location, state: dict) -> None:
        pushed = state["pushed_locals"]
        self.addop(loc, "SWAP", len(pushed) + 1)
        for name in reversed(pushed):
            self.addop_n(loc, "STORE_FAST_MAYBE_NULL", name, self.unit.varnames)

    def pop_inlined_comprehension_state(self, loc: Location, state: dict) -> None:
        unit = self.unit
        unit.in_inlined_comp -= 1
        for name, value in state["temp_symbols"].items():
            unit.ste.symbols[name] = value
        if state["pushed_locals"]:
            self.addop(NO_LOCATION, "POP_BLOCK")
            self.addop_jump(NO_LOCATION, "JUMP", state["end"])
            self.use_label(state["cleanup"])
            self.addop(NO_LOCATION, "SWAP", 2)
            self.addop(NO_LOCATION, "POP_TOP")
            self.restore_inlined_comprehension_locals(loc, state)
            self.addop(NO_LOCATION, "RERAISE", 0)
            self.use_label(state["end"])
            self.restore_inlined_comprehension_locals(loc, state)
        for name in state["fast_hidden"]:
            unit.fasthidden[name] = False


_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")


class StringInterner:
    """What ``_PyCode_New`` does to a new code object's strings, as far as it is
    visible: identifier-like strings are interned, and a frozenset constant holding a
    string whose interned copy is another object is rebuilt from its own iteration
    order (``intern_string_constants``), which can change the order ``dis`` shows.

    Whether an interned copy exists depends on the interpreter's state (builtin names
    are interned at start-up, the parser interns identifiers); the host's intern table
    is asked with a fresh copy, and the answers are remembered for the compilation,
    since CPython interns the first such string in place."""

    def __init__(self) -> None:
        self.chosen: Dict[str, Any] = {}

    def intern(self, text: str) -> Any:
        found = self.chosen.get(text)
        if found is None:
            import sys
            probe = "".join([text[:1], text[1:]]) if len(text) > 1 else text
            if probe is text:
                found = sys.intern(text)
            else:
                existing = sys.intern(probe)
                found = text if existing is probe else existing
            self.chosen[text] = found
        return found

    def intern_code(self, code: Code) -> None:
        for name in code.co_names:
            self.intern(name)
        for const in code.co_consts:
            self.intern_const(const)
        for name in code.co_localsplusnames:
            self.intern(name)

    def intern_const(self, value: Any) -> bool:
        """Intern ``value``'s strings; True if one became another object.  Frozensets
        are rebuilt in place inside their tuple when that happens."""
        kind = type(value)
        if kind is str:
            return bool(value) and set(value) <= _NAME_CHARS \
                and self.intern(value) is not value
        if kind is tuple:
            for item in value:
                self.intern_const(item)
            return False
        return False


def _intern_frozensets(interner: "StringInterner", consts: List[Any], target: Target) -> None:
    for index, value in enumerate(consts):
        if isinstance(value, frozenset):
            items = tuple(value)
            modified = False
            for item in items:
                if type(item) is str and interner.intern_const(item):
                    modified = True
            if modified:
                consts[index] = target_frozenset(items, target)
        elif type(value) is tuple and any(isinstance(v, (tuple, frozenset)) for v in value):
            inner = list(value)
            _intern_frozensets(interner, inner, target)
            if any(a is not b for a, b in zip(inner, value)):
                consts[index] = tuple(inner)


def target_frozenset(items: Any, target: Target) -> frozenset:
    """``PyFrozenSet_New(items)`` as the target runs it under ``PYTHONHASHSEED=0``:
    the items inserted in the order given into a fresh hash table, whose slot order
    is then the set's iteration order (an :class:`OrderedFrozenset`).  The host's
    own frozenset would iterate in the host's hash order, which differs whenever
    the host's hash seed is not 0.  Items whose CPython hash is their address keep
    the order given."""
    from ..pyc.setorder import table_order
    items = tuple(items)
    return OrderedFrozenset(table_order(items, target), inserted=items)


def _fold_frozensets(value: Any, target: Target) -> Any:
    """The first build of a folded set constant: the AST optimizer and
    ``starunpack_helper`` hand over their items in source order (an
    :class:`OrderedFrozenset`), which CPython inserts into its first table."""
    if isinstance(value, frozenset):
        return target_frozenset(value, target)
    if type(value) is tuple and any(isinstance(v, (tuple, frozenset)) for v in value):
        items = tuple(_fold_frozensets(v, target) for v in value)
        if any(a is not b for a, b in zip(items, value)):
            return items
    return value


#: key in a compilation's constant cache of ``{id(tuple): (tuple, merged tuple)}``, the
#: tuples the merge replaced (see :func:`replaced_tuples`)
_REPLACED = object()


def replaced_tuples(cache: Dict[Any, Any]) -> Dict[int, Any]:
    """The tuples a compilation's merge replaced by a new one (CPython replaces
    their items in place, so for it they are still the same objects)."""
    return cache.get(_REPLACED, {})


def _note_replaced(cache: Dict[Any, Any], old: tuple, new: tuple) -> None:
    cache.setdefault(_REPLACED, {})[id(old)] = (old, new)


def _merge_consts_recursive(cache: Dict[Any, Any], value: Any, target: Target) -> Any:
    """``merge_consts_recursive``: the one object a compilation uses for every equal
    constant.  The first one seen is kept, with its items merged in turn; a frozenset
    is rebuilt from its own iteration order then, which can change its order, so the
    order ``dis`` shows depends on which equal set came first."""
    if value is None or value is Ellipsis:
        return value
    key = _constant_key(value)
    found = cache.get(key)
    if found is not None:
        return found[0]
    holder = [value]
    cache[key] = holder
    kind = type(value)
    if kind is tuple:
        items = tuple(_merge_consts_recursive(cache, item, target) for item in value)
        # CPython replaces the items in place: the tuple stays the object the AST
        # made (its arena holds it while the main script runs).  A host tuple
        # cannot change, so it is kept only when no item was replaced.
        if any(a is not b for a, b in zip(items, value)):
            holder[0] = items
            _note_replaced(cache, value, items)
    elif issubclass(kind, frozenset) and value:
        holder[0] = target_frozenset(tuple(_merge_consts_recursive(cache, item, target)
                                           for item in value), target)
    return holder[0]


def _constant_key(value: Any) -> Any:
    """``_PyCode_ConstantKey`` as the compiler's constant table uses it: code objects
    compare by value (``code_richcompare``), so two identical nested functions on
    the same line are one constant."""
    if type(value) is float and value != value:
        return ("nan", id(value))  # each NaN object is its own constant
    if type(value) is complex and (value.real != value.real or value.imag != value.imag):
        return ("nan", id(value))
    if isinstance(value, Code):
        return ("code", value.co_name, value.co_argcount, value.co_posonlyargcount,
                value.co_kwonlyargcount, value.co_flags, value.co_firstlineno,
                value.co_code, tuple(_constant_key(c) for c in value.co_consts),
                value.co_names, value.co_localsplusnames, value.co_linetable,
                value.co_exceptiontable)
    return const_key(value)


def _get_docstring(body: List[Any]) -> Optional[str]:
    if body and isinstance(body[0], ast.Expr):
        value = body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return None


def _is_two_element_slice(node: Any) -> bool:
    return isinstance(node, ast.Slice) and node.step is None


_COMPOUND = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.With, ast.AsyncWith)


def _find_ann(stmts: List[Any]) -> bool:
    """Is there an annotated assignment anywhere in these statements (not in nested
    functions or classes)?"""
    for stmt in stmts:
        if isinstance(stmt, ast.AnnAssign):
            return True
        if isinstance(stmt, (ast.For, ast.AsyncFor, ast.While, ast.If)):
            if _find_ann(stmt.body) or _find_ann(stmt.orelse):
                return True
        elif isinstance(stmt, (ast.With, ast.AsyncWith)):
            if _find_ann(stmt.body):
                return True
        elif isinstance(stmt, ast.Try) or type(stmt).__name__ == "TryStar":
            if (_find_ann(stmt.body) or _find_ann(stmt.orelse) or _find_ann(stmt.finalbody)
                    or any(_find_ann(h.body) for h in stmt.handlers)):
                return True
        elif type(stmt).__name__ == "Match":
            if any(_find_ann(case.body) for case in stmt.cases):
                return True
    return False


def _unparse(node: Any) -> str:
    """The annotation text ``from __future__ import annotations`` stores."""
    unparse = getattr(ast, "unparse", None)
    if unparse is None:  # a 3.8 host: 3.8's own writer
        from .unparse import unparse
    return unparse(node)

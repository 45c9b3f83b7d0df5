"""The 3.13 code generator: :class:`~minivm.compiler.codegen.CodeGen` with 3.13's hooks.

What changed from 3.12 (CPython's ``compile.c`` at v3.13.0), one hook each:
``TO_BOOL`` before every conditional jump on a value, ``UNARY_NOT`` over ``TO_BOOL``,
the NULL pushed *after* the callable, ``CALL_KW`` with the names as a constant
instead of ``KW_NAMES``, ``MAKE_FUNCTION`` followed by ``SET_FUNCTION_ATTRIBUTE``,
``CONVERT_VALUE``/``FORMAT_SIMPLE``/``FORMAT_WITH_SPEC`` for f-strings, ``END_FOR``
followed by ``POP_TOP``, comparison opargs shifted by one more bit, dedented
docstrings, and ``__firstlineno__``/``__static_attributes__`` in class bodies.
"""

from __future__ import annotations

import ast
from typing import Any, List, Optional

from . import flowgraph313
from .codegen import FUNC_ANNOTATIONS, FUNC_CLOSURE, FUNC_DEFAULTS, \
    FUNC_KWDEFAULTS, SCOPE_CLASS, CodeGen
from .instructions import NO_LOCATION, Location, loc_of

_SET_FUNCTION_ATTRIBUTE_ORDER = (FUNC_CLOSURE, FUNC_ANNOTATIONS, FUNC_KWDEFAULTS,
                                 FUNC_DEFAULTS)
_CONVERSIONS = {ord("s"): 1, ord("r"): 2, ord("a"): 3}


def clean_doc(doc: str) -> str:
    """``_PyCompile_CleanDoc``: expand tabs, drop the common indentation of the lines
    after the first and the leading spaces of the first."""
    doc = doc.expandtabs()
    lines = doc.split("\n")
    margin = None
    for line in lines[1:]:
        stripped = len(line) - len(line.lstrip(" "))
        if stripped < len(line):
            margin = stripped if margin is None else min(margin, stripped)
    margin = margin or 0
    first = lines[0].lstrip(" ")
    if first == lines[0] and margin == 0:
        return doc
    out = [first]
    for line in lines[1:]:
        cut = 0
        while cut < margin and cut < len(line) and line[cut] == " ":
            cut += 1
        out.append(line[cut:])
    return "\n".join(out)


class CodeGen313(CodeGen):
    yield_from_oparg = 1
    forward_jump = "JUMP_NO_INTERRUPT"
    inlined_global_keeps_outer = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    #: 3.13 starts a block only at labels something jumps to.
    labels_split_blocks = "targets"
    empty_fstring_is_constant = True

    def optimize_graph(self, graph: Any, consts: List[Any]) -> None:
        unit = self.unit
        flowgraph313.optimize_code_unit(graph, consts, self.const_cache, len(unit.varnames),
                                        len(unit.ste.varnames), unit.firstlineno)

    # -- booleans and comparisons --

    def to_bool(self, loc: Location) -> None:
        self.addop(loc, "TO_BOOL")

    def unary(self, loc: Location, op: Any) -> None:
        if isinstance(op, ast.Not):
            self.addop(loc, "TO_BOOL")
            self.addop(loc, "UNARY_NOT")
        else:
            super().unary(loc, op)

    def pattern_compare_to_bool(self, loc: Any) -> None:
        self.addop(loc, "TO_BOOL")

    # -- calls and functions --

    def push_callable(self, func: Any) -> None:
        self.visit(func)
        self.addop(loc_of(func), "PUSH_NULL")

    def load_build_class(self, loc: Location) -> None:
        self.addop(loc, "LOAD_BUILD_CLASS")
        self.addop(loc, "PUSH_NULL")

    def emit_kw_names(self, loc: Location, keywords: List[Any]) -> None:
        if keywords:
            self.load_const(loc, tuple(k.arg for k in keywords))

    def emit_call(self, loc: Location, count: int, keywords: List[Any]) -> None:
        self.addop(loc, "CALL_KW" if keywords else "CALL", count)

    def generic_prefix(self, loc: Location) -> None:
        pass

    def bound_return_location(self, loc: Location, expr: Any) -> Location:
        return loc_of(expr)

    def generic_call(self, loc: Location, nargs: int) -> None:
        """The function goes under its arguments: the first default serves as the
        ``self`` slot of CALL, or a NULL does."""
        if nargs > 0:
            self.addop(loc, "SWAP", nargs + 1)
            self.addop(loc, "CALL", nargs - 1)
        else:
            self.addop(loc, "PUSH_NULL")
            self.addop(loc, "CALL", 0)

    def make_function(self, loc: Location, flags: int) -> None:
        self.addop(loc, "MAKE_FUNCTION")
        for flag in _SET_FUNCTION_ATTRIBUTE_ORDER:
            if flags & flag:
                self.addop(loc, "SET_FUNCTION_ATTRIBUTE", flag)

    def for_iter_location(self, loc: Location, iterable: Any) -> Location:
        return loc_of(iterable)

    def for_target_nop(self, target: Any) -> None:
        self.addop(loc_of(target), "NOP")

    def lambda_return_location(self, node: Any) -> Location:
        return loc_of(node.body)

    def assert_raise_location(self, node: Any) -> Location:
        return loc_of(node.test)

    def with_location(self, node: Any, item: Any) -> Location:
        return loc_of(item.context_expr)

    def end_for(self, loc: Location) -> None:
        self.addop(loc, "END_FOR")
        self.addop(loc, "POP_TOP")

    def visit_FormattedValue(self, node: Any) -> None:
        self.visit(node.value)
        loc = loc_of(node)
        if node.conversion != -1:
            self.addop(loc, "CONVERT_VALUE", _CONVERSIONS[node.conversion])
        if node.format_spec is not None:
            self.visit(node.format_spec)
            self.addop(loc, "FORMAT_WITH_SPEC")
        else:
            self.addop(loc, "FORMAT_SIMPLE")

    # -- docstrings and classes --

    def clean_doc(self, docstring: Optional[str]) -> Optional[str]:
        return None if docstring is None else clean_doc(docstring)

    def load_docstring(self, node: Any, docstring: str) -> None:
        self.load_const(loc_of(node), clean_doc(docstring))

    def class_prologue_extra(self, node: Any, loc: Location) -> None:
        self.unit.static_attributes = set()
        self.load_const(loc, self.unit.firstlineno)
        self.nameop(loc, "__firstlineno__", ast.Store)

    def class_epilogue_extra(self, node: Any) -> None:
        self.load_const(NO_LOCATION, tuple(sorted(self.unit.static_attributes)))
        self.nameop(NO_LOCATION, "__static_attributes__", ast.Store)

    def note_static_attribute(self, node: Any) -> None:
        value = node.value
        if not (isinstance(value, ast.Name) and isinstance(node.ctx, ast.Store)
                and value.id == "self"):
            return
        for unit in reversed(self.stack):
            if unit.scope_type == SCOPE_CLASS:
                unit.static_attributes.add(node.attr)
                break

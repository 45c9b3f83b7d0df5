"""Annotation text for ``from __future__ import annotations`` on a host without
``ast.unparse`` (3.8): the expression written back as ``Python/ast_unparse.c`` of
3.8 writes it.

Each node is written at a precedence level; a node of lower precedence than the
level it is written at gets parentheses.  Only expressions are handled (an
annotation is one); a node kind this writer does not know is refused with
:class:`~minivm.NotImplementedStage`, never written wrongly.
"""

from __future__ import annotations

import ast
from typing import Any, List

(PR_TUPLE, PR_TEST, PR_OR, PR_AND, PR_NOT, PR_CMP, PR_EXPR, PR_BXOR, PR_BAND, PR_SHIFT,
 PR_ARITH, PR_TERM, PR_FACTOR, PR_POWER, PR_AWAIT, PR_ATOM) = range(16)
PR_BOR = PR_EXPR

_BINARY = {
    ast.Add: (" + ", PR_ARITH), ast.Sub: (" - ", PR_ARITH), ast.Mult: (" * ", PR_TERM),
    ast.MatMult: (" @ ", PR_TERM), ast.Div: (" / ", PR_TERM), ast.Mod: (" % ", PR_TERM),
    ast.FloorDiv: (" // ", PR_TERM), ast.LShift: (" << ", PR_SHIFT),
    ast.RShift: (" >> ", PR_SHIFT), ast.BitOr: (" | ", PR_BOR), ast.BitXor: (" ^ ", PR_BXOR),
    ast.BitAnd: (" & ", PR_BAND), ast.Pow: (" ** ", PR_POWER),
}
_UNARY = {ast.Not: ("not ", PR_NOT), ast.Invert: ("~", PR_FACTOR),
          ast.USub: ("-", PR_FACTOR), ast.UAdd: ("+", PR_FACTOR)}
_COMPARE = {ast.Eq: " == ", ast.NotEq: " != ", ast.Lt: " < ", ast.LtE: " <= ",
            ast.Gt: " > ", ast.GtE: " >= ", ast.Is: " is ", ast.IsNot: " is not ",
            ast.In: " in ", ast.NotIn: " not in "}


def unparse(node: Any) -> str:
    """``_PyAST_ExprAsUnicode``: ``node`` written at the level of a test."""
    out: List[str] = []
    _expr(out, node, PR_TEST)
    return "".join(out)


def _paren(out: List[str], condition: bool, text: str) -> None:
    if condition:
        out.append(text)


def _expr(out: List[str], node: Any, level: int) -> None:
    kind = type(node)
    if kind is ast.Name:
        out.append(node.id)
    elif kind is ast.Constant:
        out.append("..." if node.value is Ellipsis else repr(node.value))
    elif kind is ast.Attribute:
        value = node.value
        _expr(out, value, PR_ATOM)
        is_int = isinstance(value, ast.Constant) and type(value.value) is int
        out.append((" ." if is_int else ".") + node.attr)
    elif kind is ast.Subscript:
        _expr(out, node.value, PR_ATOM)
        out.append("[")
        _slice(out, node.slice)
        out.append("]")
    elif kind is ast.Tuple:
        if not node.elts:
            out.append("()")
            return
        _paren(out, level > PR_TUPLE, "(")
        _items(out, node.elts)
        if len(node.elts) == 1:
            out.append(",")
        _paren(out, level > PR_TUPLE, ")")
    elif kind in (ast.List, ast.Set):
        out.append("[" if kind is ast.List else "{")
        _items(out, node.elts)
        out.append("]" if kind is ast.List else "}")
    elif kind is ast.BinOp:
        text, pr = _BINARY[type(node.op)]
        rassoc = type(node.op) is ast.Pow
        _paren(out, level > pr, "(")
        _expr(out, node.left, pr + rassoc)
        out.append(text)
        _expr(out, node.right, pr + (not rassoc))
        _paren(out, level > pr, ")")
    elif kind is ast.UnaryOp:
        text, pr = _UNARY[type(node.op)]
        _paren(out, level > pr, "(")
        out.append(text)
        _expr(out, node.operand, pr)
        _paren(out, level > pr, ")")
    elif kind is ast.BoolOp:
        text, pr = (" and ", PR_AND) if isinstance(node.op, ast.And) else (" or ", PR_OR)
        _paren(out, level > pr, "(")
        for index, value in enumerate(node.values):
            if index:
                out.append(text)
            _expr(out, value, pr + 1)
        _paren(out, level > pr, ")")
    elif kind is ast.Compare:
        _paren(out, level > PR_CMP, "(")
        _expr(out, node.left, PR_CMP + 1)
        for op, right in zip(node.ops, node.comparators):
            out.append(_COMPARE[type(op)])
            _expr(out, right, PR_CMP + 1)
        _paren(out, level > PR_CMP, ")")
    elif kind is ast.Call:
        _expr(out, node.func, PR_ATOM)
        out.append("(")
        first = True
        for arg in node.args:
            out.append("" if first else ", ")
            first = False
            _expr(out, arg, PR_TEST)
        for keyword in node.keywords:
            out.append("" if first else ", ")
            first = False
            if keyword.arg is None:
                out.append("**")
            else:
                out.append(keyword.arg + "=")
            _expr(out, keyword.value, PR_TEST)
        out.append(")")
    elif kind is ast.Starred:
        out.append("*")
        _expr(out, node.value, PR_EXPR)
    elif kind is ast.IfExp:
        _paren(out, level > PR_TEST, "(")
        _expr(out, node.body, PR_TEST + 1)
        out.append(" if ")
        _expr(out, node.test, PR_TEST + 1)
        out.append(" else ")
        _expr(out, node.orelse, PR_TEST)
        _paren(out, level > PR_TEST, ")")
    elif kind is ast.Dict:
        out.append("{")
        for index, (key, value) in enumerate(zip(node.keys, node.values)):
            if index:
                out.append(", ")
            if key is None:
                out.append("**")
                _expr(out, value, PR_EXPR)
            else:
                _expr(out, key, PR_TEST)
                out.append(": ")
                _expr(out, value, PR_TEST)
        out.append("}")
    else:
        from .. import NotImplementedStage
        raise NotImplementedStage("minivm: the annotation text of a %s node on a host "
                                  "without ast.unparse" % kind.__name__)


def _items(out: List[str], elts: List[Any]) -> None:
    for index, element in enumerate(elts):
        if index:
            out.append(", ")
        _expr(out, element, PR_TEST)


def _slice(out: List[str], node: Any) -> None:
    kind = type(node).__name__
    if kind == "Index":
        _expr(out, node.value, PR_TUPLE)
    elif kind == "Slice":
        if node.lower is not None:
            _expr(out, node.lower, PR_TEST)
        out.append(":")
        if node.upper is not None:
            _expr(out, node.upper, PR_TEST)
        if node.step is not None:
            out.append(":")
            _expr(out, node.step, PR_TEST)
    elif kind == "ExtSlice":
        for index, dim in enumerate(node.dims):
            if index:
                out.append(", ")
            _slice(out, dim)
    else:
        _expr(out, node, PR_TUPLE)

"""CPython's AST-level constant folding (``Python/ast_opt.c``, 3.12/3.13).

Folds operators on constants (within CPython's size limits), constant tuples and
subscripts, ``not`` over ``is``/``in`` comparisons, list/set literals after ``in`` and
in ``for`` loops, ``__debug__``, and turns ``"..." % (a, b)`` with simple ``%s``/``%r``/
``%a`` units into an f-string.  The input tree is never modified: a node whose children
change is shallow-copied (copy on write), so a caller may compile the same tree twice.
"""

from __future__ import annotations

import ast
import copy
import operator
from typing import Any, List, Optional

from .code import OrderedFrozenset

MAX_INT_SIZE = 128
MAX_COLLECTION_SIZE = 256
MAX_STR_SIZE = 4096
MAX_TOTAL_ITEMS = 1024

_NOT_FOLDED = object()


def _bits(value: int) -> int:
    return abs(value).bit_length()


def _check_complexity(obj: Any, limit: int) -> int:
    if isinstance(obj, tuple):
        limit -= len(obj)
        for item in obj:
            limit = _check_complexity(item, limit)
            if limit < 0:
                return limit
    elif isinstance(obj, frozenset):
        limit -= len(obj)
        for item in obj:
            limit = _check_complexity(item, limit)
            if limit < 0:
                return limit
    return limit


def _safe_multiply(v: Any, w: Any) -> Any:
    if type(v) in (int, bool) and type(w) in (int, bool) and v and w:
        if _bits(v) + _bits(w) > MAX_INT_SIZE:
            return _NOT_FOLDED
    elif type(v) in (int, bool) and isinstance(w, (tuple, frozenset)):
        size = len(w)
        if size:
            if v < 0 or v > MAX_COLLECTION_SIZE // size:
                return _NOT_FOLDED
            if v and _check_complexity(w, MAX_TOTAL_ITEMS // v) < 0:
                return _NOT_FOLDED
    elif type(v) in (int, bool) and isinstance(w, (str, bytes)):
        size = len(w)
        if size and (v < 0 or v > MAX_STR_SIZE // size):
            return _NOT_FOLDED
    elif type(w) in (int, bool) and isinstance(v, (tuple, frozenset, str, bytes)):
        return _safe_multiply(w, v)
    return v * w


def _safe_power(v: Any, w: Any) -> Any:
    if type(v) in (int, bool) and type(w) in (int, bool) and v and w > 0:
        if _bits(v) > MAX_INT_SIZE // w:
            return _NOT_FOLDED
    return v ** w


def _safe_lshift(v: Any, w: Any) -> Any:
    if type(v) in (int, bool) and type(w) in (int, bool) and v and w:
        if w < 0:
            return _NOT_FOLDED
        if w > MAX_INT_SIZE or _bits(v) > MAX_INT_SIZE - w:
            return _NOT_FOLDED
    return v << w


def _safe_mod(v: Any, w: Any) -> Any:
    if isinstance(v, (str, bytes)):
        return _NOT_FOLDED
    return v % w


_BINOPS = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: _safe_multiply,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: _safe_mod,
    ast.Pow: _safe_power, ast.LShift: _safe_lshift, ast.RShift: operator.rshift,
    ast.BitOr: operator.or_, ast.BitXor: operator.xor, ast.BitAnd: operator.and_,
}
_UNARYOPS = {ast.Invert: operator.invert, ast.Not: operator.not_, ast.UAdd: operator.pos,
             ast.USub: operator.neg}
_INVERTED_COMPARE = {ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn,
                     ast.NotIn: ast.In}


def _evaluate(function: Any, *args: Any) -> Any:
    import warnings
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return function(*args)
    except Exception:  # CPython clears any error and leaves the node alone
        return _NOT_FOLDED


def _make_const(node: Any, value: Any) -> Any:
    if value is _NOT_FOLDED:
        return node
    new = ast.Constant(value=value, kind=None)
    ast.copy_location(new, node)
    return new


def _const(value: Any) -> Any:
    """A constant with no position (CPython gives -1 for every coordinate)."""
    node = ast.Constant(value=value, kind=None)
    node.lineno = node.end_lineno = node.col_offset = node.end_col_offset = -1
    return node


def _docstring(body: List[Any]) -> Optional[str]:
    if body and isinstance(body[0], ast.Expr):
        value = body[0].value
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return value.value
    return None


class Folder:
    """The ``astfold_*`` walk.  ``fold(node)`` returns the node or its replacement."""

    def __init__(self, future_annotations: bool, optimize: int = 0,
                 format_to_fstring: bool = True, fold_named_expr: bool = True) -> None:
        self.future_annotations = future_annotations
        #: the value of ``(x := ...)`` is folded (3.10+; 3.9 has no case for it)
        self.fold_named_expr = fold_named_expr
        self.optimize = optimize
        #: ``"%s" % (x,)`` becomes an f-string (3.11+: ``optimize_format``).
        self.format_to_fstring = format_to_fstring

    def fold(self, node: Any) -> Any:
        handler = getattr(self, "fold_" + type(node).__name__, None)
        if handler is not None:
            return handler(node)
        return self.children(node)

    def children(self, node: Any, skip: tuple = ()) -> Any:
        """Fold every child field; copy ``node`` only if one changed."""
        changes = {}
        for field in node._fields:
            if field in skip:
                continue
            value = getattr(node, field, None)
            if isinstance(value, list):
                new_list = self.fold_list(value)
                if new_list is not value:
                    changes[field] = new_list
            elif isinstance(value, ast.AST):
                new = self.fold(value)
                if new is not value:
                    changes[field] = new
        if not changes:
            return node
        new_node = copy.copy(node)
        for field, value in changes.items():
            setattr(new_node, field, value)
        return new_node

    def fold_list(self, items: List[Any]) -> List[Any]:
        result = None
        for index, item in enumerate(items):
            if isinstance(item, ast.AST):
                new = self.fold(item)
                if new is not item:
                    if result is None:
                        result = list(items)
                    result[index] = new
        return items if result is None else result

    def body(self, stmts: List[Any]) -> List[Any]:
        """``astfold_body``: a fold that creates a docstring wraps it in an f-string."""
        had_docstring = _docstring(stmts) is not None
        new = self.fold_list(stmts)
        if not had_docstring and _docstring(new) is not None:
            first = copy.copy(new[0])
            joined = ast.JoinedStr(values=[first.value])
            ast.copy_location(joined, first)
            first.value = joined
            new = [first] + list(new[1:])
        return new

    def with_body(self, node: Any, skip: tuple = ()) -> Any:
        new = self.children(node, skip=("body",) + skip)
        body = self.body(node.body)
        if body is not node.body:
            new = copy.copy(new) if new is node else new
            new.body = body
        return new

    # -- modules and statements --

    def fold_Module(self, node: Any) -> Any:
        return self.with_body(node)

    fold_Interactive = fold_Module

    def fold_FunctionDef(self, node: Any) -> Any:
        skip = ("returns",) if self.future_annotations else ()
        return self.with_body(node, skip)

    fold_AsyncFunctionDef = fold_FunctionDef

    def fold_ClassDef(self, node: Any) -> Any:
        return self.with_body(node)

    def fold_arg(self, node: Any) -> Any:
        if self.future_annotations:
            return node
        return self.children(node)

    def fold_AnnAssign(self, node: Any) -> Any:
        skip = ("annotation",) if self.future_annotations else ()
        return self.children(node, skip)

    def fold_For(self, node: Any) -> Any:
        new = self.children(node)
        folded_iter = self.fold_iter(new.iter)
        if folded_iter is not new.iter:
            new = copy.copy(new) if new is node else new
            new.iter = folded_iter
        return new

    def fold_comprehension(self, node: Any) -> Any:
        return self.fold_For(node)

    # -- expressions --

    def fold_NamedExpr(self, node: Any) -> Any:
        return self.children(node) if self.fold_named_expr else node

    def fold_Name(self, node: Any) -> Any:
        if isinstance(node.ctx, ast.Load) and node.id == "__debug__":
            return _make_const(node, not self.optimize)
        return node

    def fold_BinOp(self, node: Any) -> Any:
        node = self.children(node)
        left, right = node.left, node.right
        if not isinstance(left, ast.Constant):
            return node
        if (self.format_to_fstring and isinstance(node.op, ast.Mod)
                and isinstance(right, ast.Tuple)
                and isinstance(left.value, str)
                and not any(isinstance(e, ast.Starred) for e in right.elts)):
            return _optimize_format(node, left.value, right.elts)
        if not isinstance(right, ast.Constant):
            return node
        function = _BINOPS.get(type(node.op))
        if function is None:
            return node
        return _make_const(node, _evaluate(function, left.value, right.value))

    def fold_UnaryOp(self, node: Any) -> Any:
        node = self.children(node)
        operand = node.operand
        if not isinstance(operand, ast.Constant):
            if (isinstance(node.op, ast.Not) and isinstance(operand, ast.Compare)
                    and len(operand.ops) == 1):
                inverted = _INVERTED_COMPARE.get(type(operand.ops[0]))
                if inverted is not None:
                    new = copy.copy(operand)
                    new.ops = [inverted()]
                    return new
            return node
        return _make_const(node, _evaluate(_UNARYOPS[type(node.op)], operand.value))

    def fold_Tuple(self, node: Any) -> Any:
        node = self.children(node)
        if not isinstance(node.ctx, ast.Load):
            return node
        if all(isinstance(e, ast.Constant) for e in node.elts):
            return _make_const(node, tuple(e.value for e in node.elts))
        return node

    def fold_Subscript(self, node: Any) -> Any:
        node = self.children(node)
        index = node.slice
        if type(index).__name__ == "Index":  # a 3.8 tree
            index = index.value
        if (isinstance(node.ctx, ast.Load) and isinstance(node.value, ast.Constant)
                and isinstance(index, ast.Constant)):
            return _make_const(node, _evaluate(operator.getitem, node.value.value,
                                               index.value))
        return node

    def fold_Compare(self, node: Any) -> Any:
        node = self.children(node)
        if isinstance(node.ops[-1], (ast.In, ast.NotIn)):
            last = node.comparators[-1]
            folded = self.fold_iter(last)
            if folded is not last:
                node = copy.copy(node)
                node.comparators = list(node.comparators[:-1]) + [folded]
        return node

    def fold_iter(self, node: Any) -> Any:
        """``fold_iter``: a list literal becomes a tuple, a set of constants a frozenset."""
        if isinstance(node, ast.List):
            if any(isinstance(e, ast.Starred) for e in node.elts):
                return node
            new = ast.Tuple(elts=node.elts, ctx=node.ctx)
            ast.copy_location(new, node)
            if all(isinstance(e, ast.Constant) for e in new.elts):
                return _make_const(new, tuple(e.value for e in new.elts))
            return new
        if isinstance(node, ast.Set):
            if all(isinstance(e, ast.Constant) for e in node.elts):
                # In source order: the code generator builds the target's table.
                return _make_const(node, OrderedFrozenset(e.value for e in node.elts))
        return node

    def fold_Constant(self, node: Any) -> Any:
        return node


# -- "..." % (a, b) as an f-string ---------------------------------------------------

_MAXDIGITS = 3


def _parse_literal(fmt: str, pos: int):
    start = pos
    size = len(fmt)
    has_percents = False
    while pos < size:
        if fmt[pos] != "%":
            pos += 1
        elif pos + 1 < size and fmt[pos + 1] == "%":
            has_percents = True
            pos += 2
        else:
            break
    if pos == start:
        return None, pos
    text = fmt[start:pos]
    if has_percents:
        text = text.replace("%%", "%")
    return _const(text), pos


def _parse_format_spec(fmt: str, pos: int):
    """``simple_format_arg_parse``: flags, width and precision of one ``%`` unit."""
    size = len(fmt)
    flags = 0
    width = prec = -1

    def next_char(p):
        if p >= size:
            return None, p
        return fmt[p], p + 1

    ch, pos = next_char(pos)
    while ch is not None and ch in "-+ #0":
        flags |= {"-": 1, "+": 2, " ": 4, "#": 8, "0": 16}[ch]
        ch, pos = next_char(pos)
    if ch is None:
        return None
    if "0" <= ch <= "9":
        width = 0
        digits = 0
        while ch is not None and "0" <= ch <= "9":
            width = width * 10 + ord(ch) - 48
            ch, pos = next_char(pos)
            if ch is None:
                return None
            digits += 1
            if digits >= _MAXDIGITS:
                return None
    if ch == ".":
        ch, pos = next_char(pos)
        if ch is None:
            return None
        prec = 0
        digits = 0
        while ch is not None and "0" <= ch <= "9":
            prec = prec * 10 + ord(ch) - 48
            ch, pos = next_char(pos)
            if ch is None:
                return None
            digits += 1
            if digits >= _MAXDIGITS:
                return None
    return ch, flags, width, prec, pos


def _parse_format(fmt: str, pos: int, arg: Any):
    parsed = _parse_format_spec(fmt, pos)
    if parsed is None:
        return None, pos
    spec, flags, width, prec, pos = parsed
    if spec not in ("s", "r", "a"):
        return None, pos
    text = ""
    if not flags & 1 and width > 0:
        text += ">"
    if width >= 0:
        text += "%d" % width
    if prec >= 0:
        text += ".%d" % prec
    format_spec = _const(text) if text else None
    value = ast.FormattedValue(value=arg, conversion=ord(spec), format_spec=format_spec)
    ast.copy_location(value, arg)
    return value, pos


def _optimize_format(node: Any, fmt: str, elts: List[Any]) -> Any:
    pos = 0
    count = 0
    values = []
    while True:
        literal, pos = _parse_literal(fmt, pos)
        if literal is not None:
            values.append(literal)
        if pos >= len(fmt):
            break
        if count >= len(elts):
            return node
        pos += 1
        formatted, pos = _parse_format(fmt, pos, elts[count])
        count += 1
        if formatted is None:
            return node
        values.append(formatted)
    if count < len(elts):
        return node
    joined = ast.JoinedStr(values=values)
    ast.copy_location(joined, node)
    return joined


def optimize(tree: Any, future_annotations: bool, optimize_level: int = 0,
             target: Any = None) -> Any:
    """The folded tree (a new tree where anything changed; ``tree`` is untouched)."""
    format_to_fstring = target is None or target.compiler("percent_format_to_fstring")
    fold_named_expr = target is None or target.compiler("fold_named_expr_value")
    return Folder(future_annotations, optimize_level, format_to_fstring,
                  fold_named_expr).fold(tree)

"""What only 3.8 does differently: its LL(1) parser and ``ast.c`` built some
nodes another way (``ast.Index`` and ``ast.ExtSlice`` around subscripts,
restricted decorators)."""

from __future__ import annotations

import ast
from typing import Any, List

from .pegen import LOAD


def index_node(node: Any) -> Any:
    """3.8: a subscript that is not a slice is wrapped in ``ast.Index``."""
    if isinstance(node, ast.Slice):
        return node
    return ast.Index(node)


def ext_slice(parser: Any, items: List[Any], start: Any) -> Any:
    """3.8: several subscripts are an ``ExtSlice`` when any is a slice, else an
    ``Index`` of a tuple."""
    if any(isinstance(item, ast.Slice) for item in items):
        return ast.ExtSlice([index_node(item) for item in items])
    return ast.Index(parser.locate(ast.Tuple(items, LOAD), start))


def legacy_decorator(parser: Any) -> Any:
    """decorator: '@' dotted_name [ '(' [arglist] ')' ] NEWLINE"""
    start = parser.tokens[parser.pos]
    if start.type != "NAME":
        return None
    parser.pos += 1
    node = parser.name_node(start, LOAD)
    tokens = parser.tokens
    while tokens[parser.pos].type == "." and tokens[parser.pos + 1].type == "NAME":
        parser.pos += 2
        node = parser.locate(ast.Attribute(node, tokens[parser.pos - 1].string, LOAD), start)
    if tokens[parser.pos].type == "(":
        call = parser.call_trailer(node, start)
        if call is None:
            return None
        node = call
    return node


def fstring_expression(parser: Any, text: str, first: Any) -> Any:
    """3.8's ``fstring_compile_expr``: parse ``(text)`` as an eval input, then
    move the nodes by where ``{text}`` is first found (``strstr``) in the text of
    the *first* string token of the literal; when it is not found (the field
    has a conversion or a format spec, or sits in a later token), only by that
    token's own position."""
    from .lexer import Lexer
    from .parser import Parser
    tokens, error = Lexer("(" + text + ")\n", parser.target).run()
    sub = Parser(tokens, parser.target, parser.filename, "eval", parser.lines, error)
    sub.in_fstring_parse = True
    # Its errors are placed in, and show, the "(text)" it parsed.
    sub.fstring_lines = sub.lines = ("(" + text + ")").split("\n")
    sub.starting_lineno = 1
    sub.ll1_last_line = len(sub.lines)
    node = sub.run().body
    lines = first.lineno - 1
    cols = first.col
    found = first.string.find("{" + text + "}")
    if found >= 0:
        newline = first.string.rfind("\n", 0, found)
        start = newline if newline >= 0 else 0
        # Columns count bytes, from the newline itself when there is one.
        cols += len(first.string[start:found].encode("utf-8", "surrogateescape"))
        lines += first.string.count("\n", 0, found)
    _shift(node, lines, cols)
    return node


def _shift(root: Any, lines: int, cols: int) -> None:
    """``fstring_shift_node_locations``: columns move only for nodes that start
    on the expression's first line; every node moves down by ``lines``."""
    for node in ast.walk(root):
        if "lineno" not in node._attributes or not hasattr(node, "lineno"):
            continue
        if node.lineno == 1:
            node.col_offset += cols
            # A node's end comes from its own bracketed CST node (moved with it)
            # or from its last operand (moved only if on the first line).
            if node.end_lineno == 1 or isinstance(node, _BRACKETED):
                node.end_col_offset += cols
        node.lineno += lines
        node.end_lineno += lines


_BRACKETED = (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Call, ast.Subscript, ast.ListComp,
              ast.SetComp, ast.DictComp, ast.GeneratorExp)

"""The text ``ast.dump`` of the target gives, for ``minivm ast`` (which prints
what ``python3.X -m ast`` prints: ``dump(tree, indent=3)``).

The host's ``ast.dump`` cannot be used: its signature and output depend on the
host (3.8 has no ``indent``; 3.13 leaves out None and empty-list fields).  This
module writes the target's format itself.  Which fields are optional (left out
when None) is read from the node classes, as ``ast.dump`` does.
"""

from __future__ import annotations

import ast
from typing import Any, List, Tuple

from ..versions import Target


def dump(node: Any, target: Target, indent: Any = None, include_attributes: bool = False) -> str:
    """``ast.dump(node, indent=indent, include_attributes=...)`` as the target prints it."""
    if isinstance(indent, int):
        indent = " " * indent
    hide_empty = target.frontend("dump_hides_empty")
    return _Dumper(indent, include_attributes, hide_empty).format(node, 0)[0]


class _Dumper:
    def __init__(self, indent: Any, include_attributes: bool, hide_empty: bool):
        self.indent = indent
        self.include_attributes = include_attributes
        self.hide_empty = hide_empty

    def format(self, node: Any, level: int) -> Tuple[str, bool]:
        """The text of ``node`` and whether it is "simple" (fits on one line)."""
        if self.indent is not None:
            level += 1
            prefix = "\n" + self.indent * level
            sep = ",\n" + self.indent * level
        else:
            prefix, sep = "", ", "
        if isinstance(node, ast.AST):
            args, simple = self.fields(node, level)
            name = type(node).__name__
            if simple and len(args) <= 3:
                return "%s(%s)" % (name, ", ".join(args)), not args
            return "%s(%s%s)" % (name, prefix, sep.join(args)), False
        if isinstance(node, list):
            if not node:
                return "[]", True
            return "[%s%s]" % (prefix, sep.join(self.format(x, level)[0] for x in node)), False
        return repr(node), True

    def fields(self, node: Any, level: int) -> Tuple[List[str], bool]:
        """``name=value`` for each field (``minivm ast`` always names fields);
        None where the class default is None is left out, and from 3.13 so are
        None and [] anywhere but in Constant and MatchSingleton."""
        cls = type(node)
        args: List[str] = []
        simple = True
        for name in node._fields:
            if not hasattr(node, name):
                continue
            value = getattr(node, name)
            if value is None and getattr(cls, name, ...) is None:
                continue
            if self.hide_empty and (value is None or value == []) and not isinstance(
                    node, _KEEP_NONE):
                continue
            text, is_simple = self.format(value, level)
            simple = simple and is_simple
            args.append("%s=%s" % (name, text))
        if self.include_attributes and node._attributes:
            for name in node._attributes:
                if not hasattr(node, name):
                    continue
                value = getattr(node, name)
                if value is None and getattr(cls, name, ...) is None:
                    continue
                text, is_simple = self.format(value, level)
                simple = simple and is_simple
                args.append("%s=%s" % (name, text))
        return args, simple


_KEEP_NONE = tuple(getattr(ast, name) for name in ("Constant", "MatchSingleton")
                   if hasattr(ast, name))

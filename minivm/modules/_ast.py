"""The ``_ast`` module: minivm/modules/pylib/_ast.py run by minivm, its node classes
defined from the host's _ast schema."""

from __future__ import annotations

from typing import List

from ..objects import abstract
from ..objects.core import BuiltinKind, decref
from ..objects.scalars import (
    from_host,
)
from ..builtins import native
from ._util import pylib_module

K = BuiltinKind


def _ast_schema():
    """The node classes of the host's _ast module, bases first:
    ``(name, base name, _fields, _attributes)``."""
    import _ast as host_ast
    classes = [c for c in vars(host_ast).values()
               if isinstance(c, type) and issubclass(c, host_ast.AST) and c is not host_ast.AST]
    ordered: List[type] = []
    seen = {host_ast.AST}
    while classes:
        rest = []
        for c in classes:
            if c.__bases__[0] in seen:
                ordered.append(c)
                seen.add(c)
            else:
                rest.append(c)
        if len(rest) == len(classes):
            break
        classes = rest
    return [(c.__name__, c.__bases__[0].__name__, tuple(getattr(c, "_fields", ())),
             tuple(getattr(c, "_attributes", ()))) for c in ordered]


def _ast_module(vm):
    module = pylib_module(vm, "_ast")
    from ..objects.typeobject import getattr_str
    define = getattr_str(module, "_define")
    schema = from_host(_ast_schema())
    try:
        decref(abstract.call(define, [schema]))
    finally:
        decref(define)
        decref(schema)
    return module


native("_ast")(_ast_module)

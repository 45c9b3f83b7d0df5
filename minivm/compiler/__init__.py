"""The compiler: ``ast`` tree to :class:`~minivm.compiler.code.Code` for a target.

Stages, one module each: ``symtable`` (scopes), ``ast_opt`` (constant folding),
``codegen`` (tree to instructions), ``flowgraph`` (CFG passes), ``assembler``
(bytes, line and exception tables, stack depth); ``code`` holds the record.
The block-stack era (3.10) has its own ``codegen310`` and ``flowgraph310`` (which
also assembles); 3.9 is hooks over those (``codegen39``, ``flowgraph39``) with the
bytes-level ``peephole`` optimizer, and 3.8 hooks over 3.9 (``codegen38``).  3.11 is
hooks over the 3.12 generator (``codegen311``: 3.11's block creation and its
current-location model) with its own ``flowgraph311`` (3.10's passes in shape, 3.12's
pseudo-ops and tables).
"""

from __future__ import annotations

import ast
from typing import Any

from .. import NotImplementedStage
from ..versions import Target

_MODES = {"exec": ast.Module, "eval": ast.Expression, "single": ast.Interactive}


def _codegen_class(target: Target):
    from . import codegen
    if target.version == (3, 12):
        return codegen.CodeGen
    if target.version == (3, 13):
        from . import codegen313
        return codegen313.CodeGen313
    if target.version == (3, 11):
        from . import codegen311
        return codegen311.CodeGen311
    if target.version == (3, 10):
        from . import codegen310
        return codegen310.CodeGen310
    if target.version == (3, 9):
        from . import codegen39
        return codegen39.CodeGen39
    if target.version == (3, 8):
        from . import codegen38
        return codegen38.CodeGen38
    raise NotImplementedStage("minivm.compile: target %s is not implemented" % target.name)


def compile(source_or_tree: Any, filename: str, mode: str, target: Target):
    """Compile an ``ast`` tree (or source, parsed by ``minivm.parse``) to a ``Code``."""
    from . import ast_opt, symtable
    if mode not in _MODES:
        raise ValueError("compile() mode must be 'exec', 'eval' or 'single', not %r" % mode)
    generator_class = _codegen_class(target)
    if isinstance(source_or_tree, ast.AST):
        tree = source_or_tree
        if not isinstance(tree, _MODES[mode]):
            raise TypeError("expected %s node, got %s" % (_MODES[mode].__name__,
                                                          type(tree).__name__))
    else:
        from .. import parse
        tree = parse(source_or_tree, filename=filename, mode=mode, target=target)
    future = symtable.future_features(tree, filename)
    tree = ast_opt.optimize(tree, "annotations" in future, target=target)
    table = symtable.build(tree, filename, target)
    generator = generator_class(table, filename, target, future)
    return generator.compile_module(tree)

"""The compiler: ``ast`` tree to :class:`~minivm.compiler.code.Code` for a target.

Stages, one module each: ``symtable`` (scopes), ``ast_opt`` (constant folding),
``codegen`` (tree to instructions), ``flowgraph`` (CFG passes), ``assembler``
(bytes, line and exception tables, stack depth); ``code`` holds the record.
"""

from __future__ import annotations

from .. import NotImplementedStage


def compile(source_or_tree, filename, mode, target):
    raise NotImplementedStage("minivm.compile: the compiler is not implemented yet")

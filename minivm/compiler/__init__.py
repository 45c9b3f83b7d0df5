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
from typing import Any, List, Optional

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


def compile(source_or_tree: Any, filename: str, mode: str, target: Target,
            arena: Optional[List[Any]] = None):
    """Compile an ``ast`` tree (or source, parsed by ``minivm.parse``) to a ``Code``.

    With ``arena``, the values of the optimized tree's ``Constant`` nodes are
    appended to it: the objects CPython's AST arena holds one reference to while
    ``python FILE`` runs the file (the interpreter keeps that reference)."""
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
    code = generator.compile_module(tree)
    if arena is not None:
        text = source_or_tree if isinstance(source_or_tree, str) else None
        if isinstance(source_or_tree, bytes):  # the segments of utf-8 source only
            try:
                text = source_or_tree.decode("utf-8")
            except UnicodeDecodeError:
                text = None
        arena.extend(_arena_objects(tree, generator.const_cache, text, target))
    return code


def _arena_objects(tree: ast.AST, const_cache: dict, source: Optional[str],
                   target: Target) -> List[Any]:
    """What CPython's AST arena holds a reference to, as ``(object, stale)``: the
    value of every Constant node, folded ones included (the items of a folded tuple
    or frozenset were nodes themselves).  A tuple the merge replaced stands for
    its replacement (CPython merges in place); a frozenset is always rebuilt by the
    merge, so the AST's one is ``stale``: not a constant of the code, but alive in
    the arena and holding its items.  An object is listed once per reference."""
    from .codegen import replaced_tuples
    replaced = replaced_tuples(const_cache)
    out: List[Any] = []

    def add(value: Any) -> None:
        final = value
        entry = replaced.get(id(final))
        while entry is not None and entry[0] is final:  # folded, then merged
            final = entry[1]
            entry = replaced.get(id(final))
        out.append((final, isinstance(value, frozenset)))
        if isinstance(value, (tuple, frozenset)):
            for item in value:  # the AST's own items, as the nodes held them
                add(item)

    twice = target.runtime("bytes_literal_arena_twice") and source is not None
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant):
            add(node.value)
            if twice and type(node.value) is bytes and _one_literal(source, node):
                add(node.value)
    return out


def _one_literal(source: str, node: ast.AST) -> bool:
    """Whether ``node`` is written as a single string token (not an implicit
    concatenation of several)."""
    import io
    import tokenize
    segment = ast.get_source_segment(source, node)
    if segment is None:
        return False
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(segment).readline))
    except (tokenize.TokenError, SyntaxError):
        return False
    return sum(1 for t in tokens if t.type == tokenize.STRING) == 1

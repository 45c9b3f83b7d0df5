"""Scopes, as CPython's ``Python/symtable.c`` computes them (3.12 and 3.13 first).

Two passes over the tree, as in CPython:

1. *Building* (:class:`_Builder`): one :class:`Entry` per scope (module, class,
   function, lambda, comprehension, and from 3.12 the PEP 695 scopes), each with a
   ``symbols`` dict mapping a (mangled) name to a word of ``DEF_*`` flags recording how
   the scope uses it.
2. *Analysis* (:func:`_analyze_block`): every name gets a scope (LOCAL, GLOBAL_EXPLICIT,
   GLOBAL_IMPLICIT, FREE, CELL), stored in the same word above ``SCOPE_OFFSET``;
   free variables propagate outwards, and PEP 709 inlines list/set/dict
   comprehensions into their parent.

The analysis mirrors CPython's set operations one for one with Python sets, so where
CPython's result depends on set iteration order (the order free names are added to a
scope that only passes them through), minivm's does too on a host of the same version
and hash seed.

:func:`to_json` renders the tables in the schema the oracle worker produces from the
real ``symtable`` module.  Errors (``SyntaxError`` for misplaced ``global`` and the
like) are raised as :class:`SymtableError` with CPython's message and position.
"""

from __future__ import annotations

import ast
from typing import Any, Dict, List, Optional

from ..versions import Target, get_target, host_syntax_error_fields

# Symbol flags (Include/internal/pycore_symtable.h); the same values in 3.12 and 3.13.
DEF_GLOBAL = 1
DEF_LOCAL = 2
DEF_PARAM = 4
DEF_NONLOCAL = 8
USE = 16
DEF_FREE = 32
DEF_FREE_CLASS = 64
DEF_IMPORT = 128
DEF_ANNOT = 256
DEF_COMP_ITER = 512
DEF_TYPE_PARAM = 1024
DEF_COMP_CELL = 2048
DEF_BOUND = DEF_LOCAL | DEF_PARAM | DEF_IMPORT

SCOPE_OFFSET = 12
SCOPE_MASK = DEF_GLOBAL | DEF_LOCAL | DEF_PARAM | DEF_NONLOCAL

# Scopes stored above SCOPE_OFFSET.
LOCAL, GLOBAL_EXPLICIT, GLOBAL_IMPLICIT, FREE, CELL = 1, 2, 3, 4, 5

# Block types (``_Py_block_ty``).
FUNCTION_BLOCK = "function"
CLASS_BLOCK = "class"
MODULE_BLOCK = "module"
ANNOTATION_BLOCK = "annotation"
TYPE_VAR_BOUND_BLOCK = "typevarbound"
TYPE_ALIAS_BLOCK = "typealias"
TYPE_PARAM_BLOCK = "typeparam"

_FUNCTION_LIKE = frozenset((FUNCTION_BLOCK, TYPE_VAR_BOUND_BLOCK, TYPE_ALIAS_BLOCK,
                            TYPE_PARAM_BLOCK))

# What ``SymbolTable.get_type()`` says for each block type, by target.
_TYPE_NAMES = {
    (3, 8): {FUNCTION_BLOCK: "function", CLASS_BLOCK: "class", MODULE_BLOCK: "module",
             ANNOTATION_BLOCK: "annotation"},
    (3, 9): {FUNCTION_BLOCK: "function", CLASS_BLOCK: "class", MODULE_BLOCK: "module",
             ANNOTATION_BLOCK: "annotation"},
    (3, 10): {FUNCTION_BLOCK: "function", CLASS_BLOCK: "class", MODULE_BLOCK: "module",
              ANNOTATION_BLOCK: "annotation"},
    (3, 11): {FUNCTION_BLOCK: "function", CLASS_BLOCK: "class", MODULE_BLOCK: "module",
              ANNOTATION_BLOCK: "annotation"},
    (3, 12): {FUNCTION_BLOCK: "function", CLASS_BLOCK: "class", MODULE_BLOCK: "module",
              ANNOTATION_BLOCK: "annotation", TYPE_VAR_BOUND_BLOCK: "TypeVar bound",
              TYPE_ALIAS_BLOCK: "type alias", TYPE_PARAM_BLOCK: "type parameter"},
    (3, 13): {FUNCTION_BLOCK: "function", CLASS_BLOCK: "class", MODULE_BLOCK: "module",
              ANNOTATION_BLOCK: "annotation", TYPE_VAR_BOUND_BLOCK: "type variable",
              TYPE_ALIAS_BLOCK: "type alias", TYPE_PARAM_BLOCK: "type parameters"},
}

# Targets whose tables ``to_json`` reports: 3.10 scopes are built for its compiler, but
# its symbol flags (DEF_*, scope bits) sit at other positions than 3.12's.
_JSON_TARGETS = frozenset([(3, 12), (3, 13)])

# Comprehension kinds (``_Py_comprehension_ty``); 0 is "not a comprehension".
_COMPREHENSION_KIND = {ast.ListComp: 1, ast.GeneratorExp: 2, ast.DictComp: 3, ast.SetComp: 4}
_COMPREHENSION_NAME = {ast.ListComp: "listcomp", ast.GeneratorExp: "genexpr",
                       ast.DictComp: "dictcomp", ast.SetComp: "setcomp"}
GENERATOR_EXPRESSION = 2

# Versions whose walrus-in-comprehension looks the target up in the enclosing function
# by its mangled name (3.12 looks up the name as written).
_WALRUS_LOOKUP_MANGLES = frozenset([(3, 13)])

# The order a ``try`` statement's parts are visited in, which is the order their names
# enter a scope's symbols; 3.13 visits the handlers before the ``else`` block.
_TRY_ORDER = {
    (3, 12): ("body", "orelse", "handlers", "finalbody"),
    (3, 13): ("body", "handlers", "orelse", "finalbody"),
}


class SymtableError(SyntaxError):
    """A scoping error CPython reports while building the symbol table."""


class Entry:
    """One scope (``PySTEntryObject``): its symbols, children and the facts the
    compiler reads (``generator``, ``coroutine``, ``needs_class_closure``, ...)."""

    def __init__(self, name: str, block: str, node: Any, lineno: int,
                 parent: Optional["Entry"]) -> None:
        self.name = name
        self.type = block
        self.node = node
        self.lineno = lineno
        self.symbols: Dict[str, int] = {}
        self.varnames: List[str] = []
        self.children: List[Entry] = []
        self.directives: List[Any] = []
        self.nested = bool(parent is not None and (parent.nested or parent.is_function_like))
        self.free = False
        self.child_free = False
        self.generator = False
        self.coroutine = False
        self.comprehension = 0
        self.varargs = False
        self.varkeywords = False
        self.returns_value = False
        self.needs_class_closure = False
        self.needs_classdict = False
        self.comp_inlined = False
        #: PEP 709 (3.12): list, set and dict comprehensions are inlined here.
        self.inlines_comprehensions = True
        self.comp_iter_target = False
        self.comp_iter_expr = parent.comp_iter_expr if parent is not None else 0
        self.can_see_class_scope = False
        self.mangled_names: Optional[set] = None

    @property
    def is_function_like(self) -> bool:
        return self.type in _FUNCTION_LIKE

    def flags(self, name: str) -> int:
        return self.symbols.get(name, 0)

    def scope(self, name: str) -> int:
        """``_PyST_GetScope``: the analysed scope of ``name`` here, 0 if unknown."""
        return (self.symbols.get(name, 0) >> SCOPE_OFFSET) & SCOPE_MASK

    def __repr__(self) -> str:
        return "<Entry %s %s line %d>" % (self.type, self.name, self.lineno)


class SymbolTable:
    """The result: the module's :class:`Entry` and a map from tree nodes to entries."""

    def __init__(self, top: Entry, by_node: Dict[int, Entry], future_annotations: bool,
                 target: Target) -> None:
        self.top = top
        self._by_node = by_node
        self.future_annotations = future_annotations
        self.target = target

    def lookup(self, node: Any) -> Entry:
        """The entry CPython's ``_PySymtable_Lookup`` finds for ``node``."""
        key = (id(node[1]), node[0]) if isinstance(node, tuple) else id(node)
        try:
            return self._by_node[key]
        except KeyError:
            raise KeyError("no symbol table entry for %r" % (node,)) from None


def mangle(private: Optional[str], name: str) -> str:
    """``_Py_Mangle``: ``__spam`` inside class ``Ham`` is ``_Ham__spam``."""
    if private is None or not name.startswith("__"):
        return name
    if name.endswith("__") or "." in name:
        return name
    stripped = private.lstrip("_")
    if not stripped:
        return name
    return "_" + stripped + name


# ``__future__`` feature names the compiler accepts (Python/future.c).
FUTURE_FEATURES = frozenset([
    "nested_scopes", "generators", "division", "absolute_import", "with_statement",
    "print_function", "unicode_literals", "barry_as_FLUFL", "generator_stop", "annotations",
])


def future_features(tree: Any, filename: str = "<unknown>") -> frozenset:
    """Names imported from ``__future__`` at the top of a module (``future.c``); an
    unknown one raises ``SyntaxError`` as CPython does.  (A late ``__future__`` import
    is the code generator's error, not this pass's.)"""
    found = set()
    body = getattr(tree, "body", None)
    if not isinstance(body, list):
        return frozenset()
    for index, stmt in enumerate(body):
        if (index == 0 and isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant)
                and isinstance(stmt.value.value, str)):
            continue
        if isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__" and not stmt.level:
            for alias in stmt.names:
                if alias.name == "braces":
                    _future_error("not a chance", stmt, filename)
                if alias.name not in FUTURE_FEATURES:
                    _future_error("future feature %s is not defined" % alias.name, stmt,
                                  filename)
                found.add(alias.name)
            continue
        break
    return frozenset(found)


def future_location(tree: Any) -> tuple:
    """(line, column) of the last ``__future__`` import of the leading block, or
    (-1, -1): a ``__future__`` import after it is an error (``ff_location``)."""
    found = (-1, -1)
    body = getattr(tree, "body", None)
    if not isinstance(body, list):
        return found
    start = 1 if (body and isinstance(body[0], ast.Expr)
                  and isinstance(body[0].value, ast.Constant)
                  and isinstance(body[0].value.value, str)) else 0
    for stmt in body[start:]:
        if not (isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"):
            break
        found = (stmt.lineno, stmt.col_offset)
    return found


def _future_error(message: str, node: Any, filename: str) -> None:
    # CPython reports no end column for these.
    raise SymtableError(message, _details(filename, node.lineno, node.col_offset + 1,
                                          node.end_lineno, None))


def _details(filename: str, lineno: int, offset: int, end_lineno: Any,
             end_offset: Any) -> tuple:
    """SyntaxError's details; a host before 3.10 takes no end positions."""
    details = (filename, lineno, offset, None, end_lineno, end_offset)
    return details[:host_syntax_error_fields()]


def build(tree: Any, filename: str = "<unknown>", target: Any = None) -> SymbolTable:
    """Build and analyse the symbol table of ``tree`` (a Module, Expression or
    Interactive) for ``target``."""
    resolved = get_target(target)
    if resolved.version not in _TYPE_NAMES:
        from .. import NotImplementedStage
        raise NotImplementedStage("minivm symtable: target %s is not implemented"
                                  % resolved.name)
    builder = _Builder(filename, resolved, "annotations" in future_features(tree, filename))
    top = builder.run(tree)
    try:
        _analyze(top)
    except _DirectiveError as error:
        message, entry, name = error.args
        builder.error(message, _directive_node(entry, name))
    return SymbolTable(top, builder.by_node, builder.future_annotations, resolved)


# -- pass 1: building ----------------------------------------------------------


class _Builder:
    """Walks the tree as ``symtable_visit_*`` do, recording definitions and uses."""

    def __init__(self, filename: str, target: Target, future_annotations: bool) -> None:
        self.filename = filename
        self.target = target
        self.future_annotations = future_annotations
        self.stack: List[Entry] = []
        self.cur: Optional[Entry] = None
        self.top: Optional[Entry] = None
        self.private: Optional[str] = None
        self.by_node: Dict[int, Entry] = {}

    # -- blocks --

    def run(self, tree: Any) -> Entry:
        self.enter("top", MODULE_BLOCK, tree, 0)
        if isinstance(tree, ast.Expression):
            self.visit(tree.body)
        else:
            for stmt in tree.body:
                self.visit(stmt)
        self.exit()
        return self.top

    def enter(self, name: str, block: str, node: Any, lineno: int) -> Entry:
        prev = self.cur
        entry = Entry(name, block, node, lineno, prev)
        entry.inlines_comprehensions = self.target.compiler("inlined_comprehensions")
        self.stack.append(entry)
        self.cur = entry
        if block == ANNOTATION_BLOCK:
            # Annotations under ``from __future__ import annotations`` become strings;
            # their scope is built and thrown away, never linked to the parent.
            return entry
        self.by_node[id(node)] = entry
        if block == MODULE_BLOCK:
            self.top = entry
        if prev is not None:
            prev.children.append(entry)
        return entry

    def exit(self) -> None:
        self.stack.pop()
        self.cur = self.stack[-1] if self.stack else None

    # -- definitions --

    def add_def(self, name: str, flag: int, node: Any, entry: Optional[Entry] = None) -> None:
        entry = entry or self.cur
        if entry.mangled_names is not None and name not in entry.mangled_names:
            mangled = name
        else:
            mangled = mangle(self.private, name)
        old = entry.symbols.get(mangled)
        if old is not None:
            if flag & DEF_PARAM and old & DEF_PARAM:
                self.error("duplicate argument '%s' in function definition" % name, node)
            if flag & DEF_TYPE_PARAM and old & DEF_TYPE_PARAM:
                self.error("duplicate type parameter '%s'" % name, node)
            value = old | flag
        else:
            value = flag
        if entry.comp_iter_target:
            if value & (DEF_GLOBAL | DEF_NONLOCAL):
                self.error("comprehension inner loop cannot rebind assignment expression "
                           "target '%s'" % name, node)
            value |= DEF_COMP_ITER
        entry.symbols[mangled] = value
        if flag & DEF_PARAM:
            entry.varnames.append(mangled)
        elif flag & DEF_GLOBAL:
            symbols = self.top.symbols
            symbols[mangled] = flag | symbols.get(mangled, 0)

    def lookup(self, name: str) -> int:
        return self.cur.symbols.get(mangle(self.private, name), 0)

    def error(self, message: str, node: Any) -> None:
        raise SymtableError(message, _details(self.filename, getattr(node, "lineno", 0),
                                              getattr(node, "col_offset", -1) + 1,
                                              getattr(node, "end_lineno", 0),
                                              getattr(node, "end_col_offset", -1) + 1))

    # -- dispatch --

    def visit(self, node: Any) -> None:
        if node is None:
            return
        handler = getattr(self, "visit_" + type(node).__name__, None)
        if handler is not None:
            handler(node)
        else:
            self.generic(node)

    def visit_all(self, nodes: Any) -> None:
        for node in nodes or ():
            self.visit(node)

    def generic(self, node: Any) -> None:
        for field in node._fields:
            value = getattr(node, field, None)
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
            elif isinstance(value, ast.AST):
                self.visit(value)

    # Nodes whose fields hold no names to record.
    def visit_Constant(self, node: Any) -> None:
        pass

    visit_Pass = visit_Break = visit_Continue = visit_MatchSingleton = visit_Constant

    # -- statements --

    def visit_FunctionDef(self, node: Any) -> None:
        self.add_def(node.name, DEF_LOCAL, node)
        args = node.args
        self.visit_all(args.defaults)
        self.visit_all(args.kw_defaults)
        self.visit_all(node.decorator_list)
        type_params = getattr(node, "type_params", None)
        if type_params:
            has_kwdefaults = any(d is not None for d in args.kw_defaults)
            self.enter_type_params(node.name, node, type_params, True, has_kwdefaults, "def")
            self.visit_all(type_params)
        self.visit_annotations(node, args, node.returns)
        entry = self.enter(node.name, FUNCTION_BLOCK, node, node.lineno)
        if isinstance(node, ast.AsyncFunctionDef):
            entry.coroutine = True
        self.visit_arguments(args)
        self.visit_all(node.body)
        self.exit()
        if type_params:
            self.exit()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: Any) -> None:
        self.add_def(node.name, DEF_LOCAL, node)
        self.visit_all(node.decorator_list)
        saved = self.private
        type_params = getattr(node, "type_params", None)
        if type_params:
            self.enter_type_params(node.name, node, type_params, False, False, "class")
            self.private = node.name
            self.visit_all(type_params)
        self.visit_all(node.bases)
        self.visit_all(node.keywords)
        self.enter(node.name, CLASS_BLOCK, node, node.lineno)
        self.private = node.name
        if type_params:
            self.add_def("__type_params__", DEF_LOCAL, node)
            self.add_def(".type_params", USE, node)
        self.visit_all(node.body)
        self.exit()
        if type_params:
            self.exit()
        self.private = saved

    def visit_TypeAlias(self, node: Any) -> None:
        self.visit(node.name)
        name = node.name.id
        in_class = self.cur.type == CLASS_BLOCK
        if node.type_params:
            self.enter_type_params(name, node, node.type_params, False, False, "alias")
            self.visit_all(node.type_params)
        entry = self.enter(name, TYPE_ALIAS_BLOCK, node, node.lineno)
        entry.can_see_class_scope = in_class
        if in_class:
            self.add_def("__classdict__", USE, node.value)
        self.visit(node.value)
        self.exit()
        if node.type_params:
            self.exit()

    def enter_type_params(self, name: str, node: Any, type_params: Any, has_defaults: bool,
                          has_kwdefaults: bool, kind: str) -> None:
        """``symtable_enter_type_param_block``: the PEP 695 scope around a generic."""
        parent_type = self.cur.type
        entry = self.enter(name, TYPE_PARAM_BLOCK, type_params, node.lineno)
        self.by_node[id(node), "type_params"] = entry  # type: ignore[index]
        if parent_type == CLASS_BLOCK:
            entry.can_see_class_scope = True
            self.add_def("__classdict__", USE, node)
        if kind == "class":
            self.add_def(".type_params", DEF_LOCAL, node)
            self.add_def(".type_params", USE, node)
            self.private = name
            self.add_def(".generic_base", DEF_LOCAL, node)
            self.add_def(".generic_base", USE, node)
        if has_defaults:
            self.add_def(".defaults", DEF_PARAM, node)
        if has_kwdefaults:
            self.add_def(".kwdefaults", DEF_PARAM, node)

    def visit_TypeVar(self, node: Any) -> None:
        self.add_def(node.name, DEF_TYPE_PARAM | DEF_LOCAL, node)
        if node.bound is not None:
            self.visit_type_param_expr(node, node.bound)
        self.visit_type_param_default(node)

    def visit_ParamSpec(self, node: Any) -> None:
        self.add_def(node.name, DEF_TYPE_PARAM | DEF_LOCAL, node)
        self.visit_type_param_default(node)

    visit_TypeVarTuple = visit_ParamSpec

    def visit_type_param_default(self, node: Any) -> None:
        default = getattr(node, "default_value", None)
        if default is not None:
            self.visit_type_param_expr(node, default)

    def visit_type_param_expr(self, node: Any, expr: Any) -> None:
        in_class = self.cur.can_see_class_scope
        entry = self.enter(node.name, TYPE_VAR_BOUND_BLOCK, node, node.lineno)
        entry.can_see_class_scope = in_class
        if in_class:
            self.add_def("__classdict__", USE, expr)
        self.visit(expr)
        self.exit()

    def visit_Return(self, node: Any) -> None:
        if node.value is not None:
            self.visit(node.value)
            self.cur.returns_value = True

    def visit_AnnAssign(self, node: Any) -> None:
        target = node.target
        if isinstance(target, ast.Name):
            current = self.lookup(target.id)
            if (current & (DEF_GLOBAL | DEF_NONLOCAL) and self.cur is not self.top
                    and node.simple):
                kind = "global" if current & DEF_GLOBAL else "nonlocal"
                self.error("annotated name '%s' can't be %s" % (target.id, kind), node)
            if node.simple:
                self.add_def(target.id, DEF_ANNOT | DEF_LOCAL, target)
            elif node.value is not None:
                self.add_def(target.id, DEF_LOCAL, target)
        else:
            self.visit(target)
        self.visit_annotation(node.annotation)
        self.visit(node.value)

    def visit_Try(self, node: Any) -> None:
        for field in _TRY_ORDER.get(self.target.version, _TRY_ORDER[(3, 12)]):
            self.visit_all(getattr(node, field))

    visit_TryStar = visit_Try

    def visit_Import(self, node: Any) -> None:
        for alias in node.names:
            name = alias.asname or alias.name
            if name == "*":
                if self.cur.type != MODULE_BLOCK:
                    self.error("import * only allowed at module level", node)
                continue
            self.add_def(name.split(".", 1)[0], DEF_IMPORT, alias)

    visit_ImportFrom = visit_Import

    def visit_Global(self, node: Any) -> None:
        self.declare(node, DEF_GLOBAL, "global")

    def visit_Nonlocal(self, node: Any) -> None:
        self.declare(node, DEF_NONLOCAL, "nonlocal")

    _DECLARE_ERRORS = ((DEF_PARAM, "name '%s' is parameter and %s"),
                       (DEF_LOCAL, "name '%s' is assigned to before %s declaration"),
                       (USE, "name '%s' is used prior to %s declaration"),
                       (DEF_ANNOT, "annotated name '%s' can't be %s"))

    def declare(self, node: Any, flag: int, kind: str) -> None:
        for name in node.names:
            current = self.lookup(name)
            for bit, message in self._DECLARE_ERRORS:
                if current & bit:
                    self.error(message % (name, kind), node)
            self.add_def(name, flag, node)
            self.cur.directives.append((name, node))

    def visit_ExceptHandler(self, node: Any) -> None:
        self.visit(node.type)
        if node.name:
            self.add_def(node.name, DEF_LOCAL, node)
        self.visit_all(node.body)

    def visit_match_case(self, node: Any) -> None:
        self.visit(node.pattern)
        self.visit(node.guard)
        self.visit_all(node.body)

    def visit_MatchStar(self, node: Any) -> None:
        if node.name:
            self.add_def(node.name, DEF_LOCAL, node)

    def visit_MatchMapping(self, node: Any) -> None:
        self.visit_all(node.keys)
        self.visit_all(node.patterns)
        if node.rest:
            self.add_def(node.rest, DEF_LOCAL, node)

    def visit_MatchAs(self, node: Any) -> None:
        self.visit(node.pattern)
        if node.name:
            self.add_def(node.name, DEF_LOCAL, node)

    # -- functions: arguments and annotations --

    def visit_arguments(self, args: Any) -> None:
        for arg in list(args.posonlyargs) + list(args.args) + list(args.kwonlyargs):
            self.add_def(arg.arg, DEF_PARAM, arg)
        if args.vararg:
            self.add_def(args.vararg.arg, DEF_PARAM, args.vararg)
            self.cur.varargs = True
        if args.kwarg:
            self.add_def(args.kwarg.arg, DEF_PARAM, args.kwarg)
            self.cur.varkeywords = True

    def visit_annotation(self, annotation: Any) -> None:
        if self.future_annotations:
            self.enter("_annotation", ANNOTATION_BLOCK, annotation, annotation.lineno)
        self.visit(annotation)
        if self.future_annotations:
            self.exit()

    def visit_annotations(self, node: Any, args: Any, returns: Any) -> None:
        if self.future_annotations:
            self.enter("_annotation", ANNOTATION_BLOCK, node, node.lineno)
        for arg in list(args.posonlyargs) + list(args.args):
            self.visit(arg.annotation)
        if args.vararg:
            self.visit(args.vararg.annotation)
        if args.kwarg:
            self.visit(args.kwarg.annotation)
        for arg in args.kwonlyargs:
            self.visit(arg.annotation)
        if self.future_annotations:
            self.exit()
        if returns is not None:
            self.visit_annotation(returns)

    # -- expressions --

    def visit_Name(self, node: Any) -> None:
        load = isinstance(node.ctx, ast.Load)
        self.add_def(node.id, USE if load else DEF_LOCAL, node)
        if load and self.cur.is_function_like and node.id == "super":
            self.add_def("__class__", USE, node)

    def visit_Lambda(self, node: Any) -> None:
        self.visit_all(node.args.defaults)
        self.visit_all(node.args.kw_defaults)
        self.enter("lambda", FUNCTION_BLOCK, node, node.lineno)
        self.visit_arguments(node.args)
        self.visit(node.body)
        self.exit()

    def visit_Dict(self, node: Any) -> None:
        self.visit_all(node.keys)
        self.visit_all(node.values)

    def visit_Yield(self, node: Any) -> None:
        self.visit(node.value)
        self.cur.generator = True

    visit_YieldFrom = visit_Yield

    def visit_Await(self, node: Any) -> None:
        self.visit(node.value)
        self.cur.coroutine = True

    def visit_NamedExpr(self, node: Any) -> None:
        if self.cur.comp_iter_expr > 0:
            self.error("assignment expression cannot be used in a comprehension "
                       "iterable expression", node)
        if self.cur.comprehension:
            self.extend_namedexpr_scope(node.target)
        self.visit(node.value)
        self.visit(node.target)

    def extend_namedexpr_scope(self, target: Any) -> None:
        """A walrus in a comprehension binds in the nearest enclosing function or module."""
        name = target.id
        for entry in reversed(self.stack):
            if entry.comprehension:
                if entry.flags(name) & DEF_COMP_ITER:
                    self.error("assignment expression cannot rebind comprehension "
                               "iteration variable '%s'" % name, target)
                continue
            if entry.type == FUNCTION_BLOCK:
                looked_up = (mangle(self.private, name)
                             if self.target.version in _WALRUS_LOOKUP_MANGLES else name)
                flag = DEF_GLOBAL if entry.flags(looked_up) & DEF_GLOBAL else DEF_NONLOCAL
                self.add_def(name, flag, target)
                self.cur.directives.append((name, target))
                self.add_def(name, DEF_LOCAL, target, entry)
                return
            if entry.type == MODULE_BLOCK:
                self.add_def(name, DEF_GLOBAL, target)
                self.cur.directives.append((name, target))
                self.add_def(name, DEF_GLOBAL, target, entry)
                return
            if entry.type == CLASS_BLOCK:
                self.error("assignment expression within a comprehension cannot be used "
                           "in a class body", target)
            self.error("assignment expression within a comprehension cannot be used "
                       "within the definition of a generic", target)

    def visit_ListComp(self, node: Any) -> None:
        value = getattr(node, "value", None)
        element = node.key if isinstance(node, ast.DictComp) else node.elt
        self.comprehension(node, _COMPREHENSION_NAME[type(node)], node.generators,
                           element, value)

    visit_SetComp = visit_DictComp = visit_GeneratorExp = visit_ListComp

    def comprehension(self, node: Any, name: str, generators: Any, element: Any,
                      value: Any) -> None:
        """``symtable_handle_comprehension``: the first iterable is evaluated outside."""
        is_generator = isinstance(node, ast.GeneratorExp)
        outermost = generators[0]
        self.cur.comp_iter_expr += 1
        self.visit(outermost.iter)
        self.cur.comp_iter_expr -= 1
        entry = self.enter(name, FUNCTION_BLOCK, node, node.lineno)
        entry.comprehension = _COMPREHENSION_KIND[type(node)]
        if outermost.is_async:
            entry.coroutine = True
        self.add_def(".0", DEF_PARAM, node)
        entry.comp_iter_target = True
        self.visit(outermost.target)
        entry.comp_iter_target = False
        self.visit_all(outermost.ifs)
        for generator in generators[1:]:
            self.visit_comprehension(generator)
        self.visit(value)
        self.visit(element)
        entry.generator = is_generator
        is_async = entry.coroutine and not is_generator
        self.exit()
        if is_async:
            self.cur.coroutine = True

    def visit_comprehension(self, node: Any) -> None:
        cur = self.cur
        cur.comp_iter_target = True
        self.visit(node.target)
        cur.comp_iter_target = False
        cur.comp_iter_expr += 1
        self.visit(node.iter)
        cur.comp_iter_expr -= 1
        self.visit_all(node.ifs)
        if node.is_async:
            cur.coroutine = True


# -- pass 2: analysis ----------------------------------------------------------


class _DirectiveError(Exception):
    """An analysis error, reported at the ``global``/``nonlocal`` statement naming it
    (``error_at_directive``): args are (message, entry, name)."""


def _directive_node(entry: Entry, name: str) -> Any:
    for declared, node in entry.directives:
        if declared == name:
            return node
    return entry.node


def _analyze(top: Entry) -> None:
    _analyze_block(top, None, set(), set(), set(), None)


def _analyze_name(ste: Entry, scopes: Dict[str, int], name: str, flags: int,
                  bound: Optional[set], local: set, free: set, global_: set,
                  type_params: set, class_entry: Optional[Entry]) -> None:
    if flags & DEF_GLOBAL:
        if flags & DEF_NONLOCAL:
            raise _DirectiveError("name '%s' is nonlocal and global" % name, ste, name)
        scopes[name] = GLOBAL_EXPLICIT
        global_.add(name)
        if bound is not None:
            bound.discard(name)
        return
    if flags & DEF_NONLOCAL:
        if bound is None:
            raise _DirectiveError("nonlocal declaration not allowed at module level", ste, name)
        if name not in bound:
            raise _DirectiveError("no binding for nonlocal '%s' found" % name, ste, name)
        if name in type_params:
            raise _DirectiveError("nonlocal binding not allowed for type parameter '%s'"
                                  % name, ste, name)
        scopes[name] = FREE
        ste.free = True
        free.add(name)
        return
    if flags & DEF_BOUND:
        scopes[name] = LOCAL
        local.add(name)
        global_.discard(name)
        if flags & DEF_TYPE_PARAM:
            type_params.add(name)
        else:
            type_params.discard(name)
        return
    if class_entry is not None:
        class_flags = class_entry.flags(name)
        if class_flags & DEF_GLOBAL:
            scopes[name] = GLOBAL_EXPLICIT
            return
        if class_flags & DEF_BOUND and not class_flags & DEF_NONLOCAL:
            scopes[name] = GLOBAL_IMPLICIT
            return
    if bound is not None and name in bound:
        scopes[name] = FREE
        ste.free = True
        free.add(name)
        return
    if global_ is not None and name in global_:
        scopes[name] = GLOBAL_IMPLICIT
        return
    if ste.nested:
        ste.free = True
    scopes[name] = GLOBAL_IMPLICIT


def _analyze_block(ste: Entry, bound: Optional[set], free: set, global_: set,
                   type_params: set, class_entry: Optional[Entry]) -> None:
    local: set = set()
    scopes: Dict[str, int] = {}
    newglobal: set = set()
    newfree: set = set()
    newbound: set = set()
    inlined_cells: set = set()
    if ste.type == CLASS_BLOCK:
        # Class bindings are invisible to methods: children see the outer sets only.
        newglobal |= global_
        if bound is not None:
            newbound |= bound
    for name, flags in list(ste.symbols.items()):
        _analyze_name(ste, scopes, name, flags, bound, local, free, global_, type_params,
                      class_entry)
    if ste.type != CLASS_BLOCK:
        if ste.is_function_like:
            newbound |= local
        if bound is not None:
            newbound |= bound
        newglobal |= global_
    else:
        newbound.add("__class__")
        newbound.add("__classdict__")
    for entry in ste.children:
        new_class_entry = None
        if entry.can_see_class_scope:
            if ste.type == CLASS_BLOCK:
                new_class_entry = ste
            elif class_entry is not None:
                new_class_entry = class_entry
        inline = (bool(entry.comprehension) and not entry.generator
                  and ste.inlines_comprehensions)
        child_free = _analyze_child_block(entry, newbound, newfree, newglobal, type_params,
                                          new_class_entry)
        if inline:
            _inline_comprehension(ste, entry, scopes, child_free, inlined_cells)
            entry.comp_inlined = True
        newfree |= child_free
        if entry.free or entry.child_free:
            ste.child_free = True
    index = len(ste.children) - 1
    while index >= 0:
        entry = ste.children[index]
        if entry.comp_inlined:
            ste.children[index:index + 1] = entry.children
        index -= 1
    if ste.is_function_like:
        _analyze_cells(scopes, newfree, inlined_cells)
    elif ste.type == CLASS_BLOCK:
        _drop_class_free(ste, newfree)
    _update_symbols(ste.symbols, scopes, bound, newfree, inlined_cells,
                    ste.type == CLASS_BLOCK or ste.can_see_class_scope)
    free |= newfree


def _analyze_child_block(entry: Entry, bound: set, free: set, global_: set,
                         type_params: set, class_entry: Optional[Entry]) -> set:
    # Each child works on copies, so siblings do not see each other's bindings.
    temp_free = set(free)
    _analyze_block(entry, set(bound), temp_free, set(global_), set(type_params), class_entry)
    return temp_free


def _inline_comprehension(ste: Entry, comp: Entry, scopes: Dict[str, int], comp_free: set,
                          inlined_cells: set) -> None:
    """PEP 709: the comprehension's names become the parent's (hidden) locals."""
    remove_dunder_class = False
    for name, comp_flags in list(comp.symbols.items()):
        if comp_flags & DEF_PARAM:
            continue  # the ``.0`` iterator argument
        scope = (comp_flags >> SCOPE_OFFSET) & SCOPE_MASK
        only_flags = comp_flags & ((1 << SCOPE_OFFSET) - 1)
        if scope == CELL or only_flags & DEF_COMP_CELL:
            inlined_cells.add(name)
        existing = ste.symbols.get(name)
        if scope == FREE and ste.type == CLASS_BLOCK and name == "__class__":
            remove_dunder_class = True
        if existing is None:
            ste.symbols[name] = only_flags
            scopes[name] = scope
        elif (existing & DEF_BOUND and not _is_free_in_any_child(comp, name)
              and ste.type != CLASS_BLOCK):
            comp_free.discard(name)
    comp.comp_inlined = True
    if remove_dunder_class:
        del comp.symbols["__class__"]


def _is_free_in_any_child(entry: Entry, name: str) -> bool:
    return any(child.scope(name) == FREE for child in entry.children)


def _analyze_cells(scopes: Dict[str, int], free: set, inlined_cells: set) -> None:
    for name, scope in list(scopes.items()):
        if scope != LOCAL:
            continue
        if name not in free and name not in inlined_cells:
            continue
        scopes[name] = CELL
        free.discard(name)


def _drop_class_free(ste: Entry, free: set) -> None:
    if "__class__" in free:
        free.discard("__class__")
        ste.needs_class_closure = True
    if "__classdict__" in free:
        free.discard("__classdict__")
        ste.needs_classdict = True


def _update_symbols(symbols: Dict[str, int], scopes: Dict[str, int], bound: Optional[set],
                    free: set, inlined_cells: set, classflag: bool) -> None:
    for name, flags in list(symbols.items()):
        if name in inlined_cells:
            flags |= DEF_COMP_CELL
        symbols[name] = flags | (scopes[name] << SCOPE_OFFSET)
    for name in free:
        value = symbols.get(name)
        if value is not None:
            # A method's free variable named like something bound in the class body.
            if classflag:
                symbols[name] = value | DEF_FREE_CLASS
            continue
        if bound is not None and name not in bound:
            continue  # a global
        symbols[name] = FREE << SCOPE_OFFSET


# -- the oracle's schema -------------------------------------------------------


def to_json(tree: Any, filename: str = "<unknown>", target: Any = None) -> dict:
    """The tables of ``tree`` in the oracle's schema (see the compiler brief)."""
    resolved = get_target(target)
    if resolved.version not in _JSON_TARGETS:
        from .. import NotImplementedStage
        raise NotImplementedStage("minivm symtable layer: target %s is not implemented yet "
                                  "(its symbol flags are numbered differently)"
                                  % resolved.name)
    table = build(tree, filename, resolved)
    names = _TYPE_NAMES[resolved.version]
    return _entry_json(table.top, names)


def _entry_json(entry: Entry, names: Dict[str, str]) -> dict:
    return {
        "type": names[entry.type],
        "name": entry.name,
        "lineno": entry.lineno,
        "optimized": entry.type == FUNCTION_BLOCK,
        "nested": entry.nested,
        "symbols": [[name, flags] for name, flags in entry.symbols.items()],
        "children": [_entry_json(child, names) for child in entry.children],
    }

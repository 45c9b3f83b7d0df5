"""3.8's parser stack: the LL(1) parser pushes one entry for every nonterminal
it enters, and gives up ("s_push: parser stack overflow", then MemoryError)
when a concrete syntax tree would be more than MAXSTACK (1700) deep.

The depth is measured on the finished tree.  Each expression sits at a level of
3.8's grammar chain (test, or_test, ..., atom_expr, atom), every level in
between costs one entry, and a pair of brackets costs the climb back from atom
to test (atom, testlist_comp, namedexpr_test, test).  Redundant parentheses are
not in the AST; they are counted from the tokens around each expression.
Operands at the same level as their operator (``a + b + c``) share one node,
as they do in the concrete tree."""

from __future__ import annotations

import ast
import sys
from typing import Any, Dict, List, Tuple

MAXSTACK = 1700

# The chain of 3.8's expression nonterminals.
TEST, OR, AND, NOT, CMP, EXPR, XOR, BAND, SHIFT, ARITH, TERM, FACTOR, POWER, \
    ATOM_EXPR, ATOM = range(15)

_BINOP_LEVEL = {
    ast.BitOr: EXPR, ast.BitXor: XOR, ast.BitAnd: BAND, ast.LShift: SHIFT,
    ast.RShift: SHIFT, ast.Add: ARITH, ast.Sub: ARITH, ast.Mult: TERM, ast.Div: TERM,
    ast.Mod: TERM, ast.FloorDiv: TERM, ast.MatMult: TERM, ast.Pow: POWER,
}
_ATOM_ENDS = frozenset(("NAME", "NUMBER", "STRING", ")", "]", "}", "None", "True",
                        "False", "..."))


class _Overflow(Exception):
    pass


class DepthCheck:
    def __init__(self, tokens: List[Any]):
        self.tokens = tokens
        self.starts: Dict[Tuple[int, int], int] = {}
        self.ends: Dict[Tuple[int, int], int] = {}
        self.match: Dict[int, int] = {}
        stack: List[int] = []
        for index, tok in enumerate(tokens):
            if tok.type == "ENDMARKER":
                break
            if tok.type in ("NEWLINE", "INDENT", "DEDENT", "TYPE_COMMENT"):
                continue
            self.starts.setdefault((tok.lineno, tok.col), index)
            self.ends[(tok.end_lineno, tok.end_col)] = index
            if tok.type in ("(", "[", "{"):
                stack.append(index)
            elif tok.type in (")", "]", "}") and stack:
                self.match[stack.pop()] = index

    def reach(self, depth: int) -> None:
        if depth > MAXSTACK:
            raise _Overflow()

    # -- expressions -----------------------------------------------------------------

    def _span(self, node: Any) -> Tuple[int, int]:
        first = self.starts.get((node.lineno, node.col_offset), -1)
        last = self.ends.get((node.end_lineno, node.end_col_offset), -1)
        return first, last

    def _groups(self, node: Any) -> int:
        """How many redundant parentheses wrap ``node``."""
        first, last = self._span(node)
        if first < 0 or last < 0:
            return 0
        tokens = self.tokens
        count = 0
        while first > 0 and tokens[first - 1].type == "(" and \
                self.match.get(first - 1) == last + 1:
            if first > 1 and tokens[first - 2].type in _ATOM_ENDS:
                break  # a call's parentheses
            count += 1
            first -= 1
            last += 1
        return count

    def _own_brackets(self, node: Any) -> bool:
        first, last = self._span(node)
        return first >= 0 and self.tokens[first].type == "(" and self.match.get(first) == last

    def expr(self, node: Any, depth: int, level: int) -> None:
        """``node`` parsed where the nonterminal ``level`` sits at ``depth``."""
        for _ in range(self._groups(node)):
            depth += max(ATOM - level, 0) + 3
            level = TEST
            self.reach(depth)
        self._expr(node, depth, level)

    def _at(self, depth: int, level: int, own: int) -> int:
        at = depth + max(own - level, 0)
        self.reach(at)
        return at

    def _expr(self, node: Any, depth: int, level: int) -> None:
        kind = type(node)
        if kind is ast.BinOp:
            own = _BINOP_LEVEL[type(node.op)]
            at = self._at(depth, level, own)
            if own == POWER:
                self.expr(node.left, at + 1, ATOM_EXPR)
                self.expr(node.right, at + 1, FACTOR)
            else:
                self.expr(node.left, at, own)
                self.expr(node.right, at + 1, own + 1)
        elif kind is ast.UnaryOp:
            own = NOT if isinstance(node.op, ast.Not) else FACTOR
            at = self._at(depth, level, own)
            self.expr(node.operand, at + 1, own)
        elif kind is ast.BoolOp:
            own = OR if isinstance(node.op, ast.Or) else AND
            at = self._at(depth, level, own)
            for value in node.values:
                self.expr(value, at + 1, own + 1)
        elif kind is ast.Compare:
            at = self._at(depth, level, CMP)
            for value in [node.left] + list(node.comparators):
                self.expr(value, at + 1, EXPR)
        elif kind is ast.IfExp:
            at = self._at(depth, level, TEST)
            self.expr(node.body, at + 1, OR)
            self.expr(node.test, at + 1, OR)
            self.expr(node.orelse, at + 1, TEST)
        elif kind is ast.Lambda:
            at = self._at(depth, level, TEST)
            self.reach(at + 1)
            self._arguments(node.args, at + 2)
            self.expr(node.body, at + 2, TEST)
        elif kind is ast.NamedExpr:
            at = self._at(depth, level, TEST)
            self.expr(node.target, at + 1, TEST)
            self.expr(node.value, at + 1, TEST)
        elif kind is ast.Starred:
            at = self._at(depth, level, TEST)
            self.expr(node.value, at + 1, EXPR)
        elif kind in (ast.Yield, ast.YieldFrom):
            at = self._at(depth, level, TEST)
            if node.value is not None:
                self.expr(node.value, at + (1 if kind is ast.YieldFrom else 2), TEST)
        elif kind is ast.Await:
            at = self._at(depth, level, ATOM_EXPR)
            self.expr(node.value, at, ATOM_EXPR)
        elif kind is ast.Call:
            at = self._at(depth, level, ATOM_EXPR)
            self.expr(node.func, at, ATOM_EXPR)
            self._call_arguments(node, at)
        elif kind is ast.Attribute:
            at = self._at(depth, level, ATOM_EXPR)
            self.reach(at + 1)
            self.expr(node.value, at, ATOM_EXPR)
        elif kind is ast.Subscript:
            at = self._at(depth, level, ATOM_EXPR)
            self.expr(node.value, at, ATOM_EXPR)
            self._slice(node.slice, at + 3)
        elif kind in (ast.List, ast.Tuple):
            if kind is ast.Tuple and not self._own_brackets(node):
                for item in node.elts:
                    self.expr(item, depth, level)
                return
            at = self._at(depth, level, ATOM)
            for item in node.elts:
                # testlist_comp, then namedexpr_test and test, or star_expr
                self.expr(item, at + (2 if isinstance(item, ast.Starred) else 3), TEST)
        elif kind in (ast.ListComp, ast.GeneratorExp):
            at = self._at(depth, level, ATOM)
            self.expr(node.elt, at + 3, TEST)
            self._generators(node.generators, at + 2)
        elif kind is ast.SetComp:
            at = self._at(depth, level, ATOM)
            self.expr(node.elt, at + 2, TEST)
            self._generators(node.generators, at + 2)
        elif kind is ast.DictComp:
            at = self._at(depth, level, ATOM)
            self.expr(node.key, at + 2, TEST)
            self.expr(node.value, at + 2, TEST)
            self._generators(node.generators, at + 2)
        elif kind is ast.Dict:
            at = self._at(depth, level, ATOM)
            for key, value in zip(node.keys, node.values):
                if key is None:
                    self.expr(value, at + 2, EXPR)
                else:
                    self.expr(key, at + 2, TEST)
                    self.expr(value, at + 2, TEST)
        elif kind is ast.Set:
            at = self._at(depth, level, ATOM)
            for item in node.elts:
                self.expr(item, at + 2, TEST)
        else:
            # names, constants, strings (an f-string's fields are parsed apart)
            self._at(depth, level, ATOM)

    def _call_arguments(self, call: Any, at: int) -> None:
        """trailer, arglist, argument, test below the call's atom_expr."""
        for arg in call.args:
            if isinstance(arg, ast.GeneratorExp) and self._in_call_brackets(arg):
                # argument: test comp_for
                self.expr(arg.elt, at + 4, TEST)
                self._generators(arg.generators, at + 4)
            elif isinstance(arg, ast.Starred):
                self.expr(arg.value, at + 4, TEST)
            else:
                self.expr(arg, at + 4, TEST)
        for keyword in call.keywords:
            if keyword.arg is not None:
                self.reach(at + 4 + ATOM)  # the name is read as a whole test
            self.expr(keyword.value, at + 4, TEST)

    def _in_call_brackets(self, node: Any) -> bool:
        """A generator expression that is a call's only argument, written
        without brackets of its own (3.8 spans it over the call's)."""
        first, _ = self._span(node)
        return first > 0 and self.tokens[first].type == "(" and \
            self.tokens[first - 1].type in _ATOM_ENDS

    def _slice(self, node: Any, at: int) -> None:
        """``at``: the subscript nonterminal (below trailer and subscriptlist)."""
        kind = type(node)
        if kind is ast.Index:
            value = node.value
            if isinstance(value, ast.Tuple) and not self._own_brackets(value):
                for item in value.elts:
                    self.expr(item, at + 1, TEST)
            else:
                self.expr(value, at + 1, TEST)
        elif kind is ast.Slice:
            for part in (node.lower, node.upper):
                if part is not None:
                    self.expr(part, at + 1, TEST)
            if node.step is not None:
                self.expr(node.step, at + 2, TEST)
        elif kind is ast.ExtSlice:
            for dim in node.dims:
                self._slice(dim, at)
        else:
            self.expr(node, at + 1, TEST)

    def _generators(self, generators: List[Any], comp_for: int) -> None:
        for generator in generators:
            sync = comp_for + 1
            self.reach(sync)
            self.expr(generator.target, sync + 2, EXPR)
            self.expr(generator.iter, sync + 1, OR)
            comp_iter = sync + 1
            for condition in generator.ifs:
                self.expr(condition, comp_iter + 2, TEST)
                comp_iter += 2
            comp_for = comp_iter + 1

    def _arguments(self, args: Any, at: int) -> None:
        """varargslist/typedargslist at ``at``: defaults and annotations below."""
        for default in list(args.defaults) + [d for d in args.kw_defaults if d is not None]:
            self.expr(default, at + 1, TEST)
        every = list(getattr(args, "posonlyargs", [])) + list(args.args) + list(args.kwonlyargs)
        every += [a for a in (args.vararg, args.kwarg) if a is not None]
        for arg in every:
            self.reach(at + 1)
            if getattr(arg, "annotation", None) is not None:
                self.expr(arg.annotation, at + 2, TEST)

    # -- statements ------------------------------------------------------------------

    def body(self, statements: List[Any], suite: int, header_line: int) -> None:
        """A suite at depth ``suite``: its statements, one line or a block."""
        if statements and statements[0].lineno == header_line:
            for statement in statements:
                self.simple(statement, suite)
            return
        for statement in statements:
            self.stmt(statement, suite + 1)

    def stmt(self, node: Any, at: int) -> None:
        """``node`` as a 'stmt' nonterminal at depth ``at``."""
        self.reach(at)
        if isinstance(node, _COMPOUND):
            self.compound(node, at + 2)
        else:
            self.simple(node, at + 1)

    def simple(self, node: Any, at: int) -> None:
        """A small statement under a simple_stmt at depth ``at``."""
        small = at + 1
        kind = type(node)
        if kind in (ast.Expr, ast.Assign, ast.AugAssign, ast.AnnAssign):
            test = small + 3
            if kind is ast.Expr:
                self.expr(node.value, test, TEST)
            elif kind is ast.Assign:
                for target in node.targets:
                    self.expr(target, test, TEST)
                self.expr(node.value, test, TEST)
            else:
                self.expr(node.target, test, TEST)
                if kind is ast.AnnAssign:
                    self.expr(node.annotation, test, TEST)
                if node.value is not None:
                    self.expr(node.value, test, TEST)
        elif kind in (ast.Return, ast.Raise):
            for value in ((node.value,) if kind is ast.Return else (node.exc, node.cause)):
                if value is not None:
                    self.expr(value, small + 4 if kind is ast.Return else small + 3, TEST)
        elif kind is ast.Delete:
            for target in node.targets:
                self.expr(target, small + 3, EXPR)
        elif kind is ast.Assert:
            self.expr(node.test, small + 2, TEST)
            if node.msg is not None:
                self.expr(node.msg, small + 2, TEST)
        elif isinstance(node, _COMPOUND):
            self.compound(node, at)
        else:
            self.reach(small + 2)

    def compound(self, node: Any, at: int) -> None:
        """``node``'s own nonterminal (if_stmt, funcdef, ...) at depth ``at``."""
        kind = type(node)
        suite = at + 1
        if kind in (ast.If, ast.While):
            while True:
                self.expr(node.test, at + 2, TEST)
                self.body(node.body, suite, node.lineno)
                orelse = node.orelse
                if kind is ast.If and len(orelse) == 1 and isinstance(orelse[0], ast.If) and \
                        self._starts_with(orelse[0], "elif"):
                    node = orelse[0]
                    continue
                if orelse:
                    self.body(orelse, suite, -1)
                break
        elif kind in (ast.For, ast.AsyncFor):
            if kind is ast.AsyncFor:
                at += 1
                suite += 1
            self.expr(node.target, at + 2, EXPR)
            self.expr(node.iter, at + 2, TEST)
            self.body(node.body, suite, node.lineno)
            if node.orelse:
                self.body(node.orelse, suite, -1)
        elif kind in (ast.With, ast.AsyncWith):
            if kind is ast.AsyncWith:
                at += 1
                suite += 1
            for item in node.items:
                self.expr(item.context_expr, at + 2, TEST)
                if item.optional_vars is not None:
                    self.expr(item.optional_vars, at + 3, EXPR)
            self.body(node.body, suite, node.lineno)
        elif kind is ast.Try:
            self.body(node.body, suite, node.lineno)
            for handler in node.handlers:
                if handler.type is not None:
                    self.expr(handler.type, at + 2, TEST)
                self.body(handler.body, suite, handler.lineno)
            for block in (node.orelse, node.finalbody):
                if block:
                    self.body(block, suite, -1)
        elif kind in (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef):
            if node.decorator_list:
                for decorator in node.decorator_list:
                    # decorated, decorators, decorator, arglist/argument below
                    if isinstance(decorator, ast.Call):
                        self._call_arguments(decorator, at + 1)
                    else:
                        self.reach(at + 3)
                at += 1
            if kind is ast.AsyncFunctionDef:
                at += 1
            suite = at + 1
            if kind is ast.ClassDef:
                for base in node.bases:
                    self.expr(base, at + 3, TEST)
                for keyword in node.keywords:
                    self.expr(keyword.value, at + 3, TEST)
            else:
                self._arguments(node.args, at + 2)
                if node.returns is not None:
                    self.expr(node.returns, at + 1, TEST)
            self.body(node.body, suite, node.lineno if not node.decorator_list else -1)

    def _starts_with(self, node: Any, keyword: str) -> bool:
        """Whether the test of an If is preceded by ``keyword`` (an elif)."""
        first, _ = self._span(node.test)
        while first > 0 and self.tokens[first - 1].type == "(":
            first -= 1
        return first > 0 and self.tokens[first - 1].type == keyword


_COMPOUND = (ast.If, ast.While, ast.For, ast.AsyncFor, ast.With, ast.AsyncWith, ast.Try,
             ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


# Tokens that may open a level of nesting without a bracket: prefix operators,
# a conditional expression, a lambda, a right-associative power, ...
_NESTING = frozenset(("-", "+", "~", "not", "await", "lambda", "if", "else", "**", "*",
                      "yield", ":=", "for", "async", "=", "from"))
_OPENING = frozenset(("(", "[", "{"))
_CLOSING = frozenset((")", "]", "}"))
# Generous stack entries per level (a bracket pair costs about 17, a prefix
# operator or an indented block fewer), and for the statement around them.
_PER_LEVEL = 40
_BASE = 60


def _surely_shallow(tokens: List[Any]) -> bool:
    """A cheap upper bound on the parser stack, line by line: the file's indent,
    its deepest brackets and every nesting token of the logical line, each
    costing ``_PER_LEVEL``.  True when that stays under MAXSTACK (the walk
    over the tree is then not needed)."""
    budget = (MAXSTACK - _BASE) // _PER_LEVEL
    indent = brackets = deepest = nesting = 0
    for tok in tokens:
        kind = tok.type
        if kind in _OPENING:
            brackets += 1
            deepest = max(deepest, brackets)
        elif kind in _CLOSING:
            brackets -= 1
        elif kind in _NESTING:
            nesting += 1
        elif kind == "INDENT":
            indent += 1
        elif kind == "DEDENT":
            indent -= 1
        elif kind == "NEWLINE" or kind == "ENDMARKER":
            if indent + deepest + nesting > budget:
                return False
            deepest = brackets
            nesting = 0
    return indent + deepest + nesting <= budget


def check(tree: Any, tokens: List[Any], mode: str) -> None:
    """Raise 3.8's MemoryError when the tree is deeper than its parser stack."""
    if _surely_shallow(tokens):
        return
    checker = DepthCheck(tokens)
    try:
        if mode == "eval":
            checker.expr(tree.body, 3, TEST)
        elif mode == "single":
            for statement in tree.body:
                checker.stmt(statement, 1)
        elif mode == "exec":
            for statement in tree.body:
                checker.stmt(statement, 2)
    except _Overflow:
        sys.stderr.write("s_push: parser stack overflow\n")
        raise MemoryError() from None

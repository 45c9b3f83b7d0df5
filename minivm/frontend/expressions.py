"""Expression rules of the grammar (``Grammar/python.gram``, EXPRESSIONS to
ASSIGNMENT TARGETS), one method per rule, alternatives in the grammar's order.

Conventions (shared by every rule module):

* a rule returns its node (or a list, or a small record) and leaves ``pos``
  after what it consumed, or returns None and leaves ``pos`` where it was;
* ``start = self.tokens[self.pos]`` at entry is the rule's first token, the
  start of the node's position (``EXTRA``); :meth:`locate` ends it at the last
  consumed token;
* the left-recursive rules (``primary``, ``t_primary``, the binary operators)
  are loops that grow the node while the next operator matches, which is what
  pegen's seed-growing computes;
* ``if self.call_invalid_rules:`` marks where an ``invalid_*`` alternative sits
  in the grammar; those run only in the second pass (see :mod:`.invalid`).
"""

from __future__ import annotations

import ast
from typing import Any, List, Optional

from .pegen import DEL, LOAD, STORE, ident

_BINARY = {
    "|": ast.BitOr, "^": ast.BitXor, "&": ast.BitAnd, "<<": ast.LShift, ">>": ast.RShift,
    "+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div, "//": ast.FloorDiv,
    "%": ast.Mod, "@": ast.MatMult,
}
# Binding power of each binary operator, from bitwise_or (loosest) to term.
_PRECEDENCE = {
    "|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5,
    "*": 6, "/": 6, "//": 6, "%": 6, "@": 6,
}
_UNARY = {"+": ast.UAdd, "-": ast.USub, "~": ast.Invert}
_COMPARE = {
    "==": ast.Eq, "!=": ast.NotEq, "<=": ast.LtE, "<": ast.Lt, ">=": ast.GtE, ">": ast.Gt,
    "in": ast.In, "is": ast.Is,
}
_OP_INSTANCES = {}


def op_instance(cls):
    """One shared instance per operator class (CPython shares them too)."""
    found = _OP_INSTANCES.get(cls)
    if found is None:
        found = _OP_INSTANCES[cls] = cls()
    return found


class KeywordOrStarred:
    """A call argument after the first keyword: a keyword or a ``*`` starred."""

    __slots__ = ("element", "is_keyword")

    def __init__(self, element: Any, is_keyword: bool):
        self.element = element
        self.is_keyword = is_keyword


class ExpressionRules:
    """Mixin: expressions, arguments, comprehensions, targets."""

    # -- expressions -----------------------------------------------------------

    def expressions(self) -> Optional[Any]:
        """expressions: expression (',' expression)+ [','] | expression ',' | expression"""
        start = self.tokens[self.pos]
        first = self.expression()
        if first is None:
            return None
        if self.tokens[self.pos].type != ",":
            return first
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.expression()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return self.locate(ast.Tuple(items, LOAD), start)

    def expression(self) -> Optional[Any]:
        """expression (memo): disjunction 'if' disjunction 'else' expression
        | disjunction | lambdef (and, second pass, the invalid_ forms first)."""
        pos = self.pos
        memo = self.memo_expression
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        result = self._expression()
        memo[pos] = (result, self.pos)
        return result

    def _expression(self) -> Optional[Any]:
        pos = self.pos
        start = self.tokens[pos]
        if self.call_invalid_rules:
            self.invalid_expression()
            self.pos = pos
            self.invalid_legacy_expression()
            self.pos = pos
        body = self.disjunction()
        if body is None:
            self.pos = pos
            return self.lambdef()
        after = self.pos
        if self.tokens[after].type == "if":
            self.pos += 1
            test = self.disjunction()
            if test is not None and self.tokens[self.pos].type == "else":
                self.pos += 1
                orelse = self.expression()
                if orelse is not None:
                    return self.locate(ast.IfExp(test, body, orelse), start)
            self.pos = after
        return body

    def yield_expr(self) -> Optional[Any]:
        """yield_expr: 'yield' 'from' expression | 'yield' [star_expressions]"""
        start = self.tokens[self.pos]
        if start.type != "yield":
            return None
        self.pos += 1
        if self.tokens[self.pos].type == "from":
            self.pos += 1
            value = self.expression()
            if value is not None:
                return self.locate(ast.YieldFrom(value), start)
            self.pos -= 1
        value = self.star_expressions()
        return self.locate(ast.Yield(value), start)

    def star_expressions(self) -> Optional[Any]:
        """star_expressions: star_expression (',' star_expression)+ [',']
        | star_expression ',' | star_expression"""
        start = self.tokens[self.pos]
        first = self.star_expression()
        if first is None:
            return None
        if self.tokens[self.pos].type != ",":
            return first
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.star_expression()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return self.locate(ast.Tuple(items, LOAD), start)

    def star_expression(self) -> Optional[Any]:
        """star_expression (memo): '*' bitwise_or | expression"""
        start = self.tokens[self.pos]
        if start.type == "*":
            self.pos += 1
            value = self.bitwise_or()
            if value is not None:
                return self.locate(ast.Starred(value, LOAD), start)
            self.pos -= 1
        return self.expression()

    def star_named_expressions(self) -> Optional[List[Any]]:
        """star_named_expressions: ','.star_named_expression+ [',']"""
        first = self.star_named_expression()
        if first is None:
            return None
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.star_named_expression()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return items

    def star_named_expression(self) -> Optional[Any]:
        """star_named_expression: '*' bitwise_or | named_expression"""
        start = self.tokens[self.pos]
        if start.type == "*":
            self.pos += 1
            value = self.bitwise_or()
            if value is not None:
                return self.locate(ast.Starred(value, LOAD), start)
            self.pos -= 1
        return self.named_expression()

    def assignment_expression(self) -> Optional[Any]:
        """assignment_expression: NAME ':=' ~ expression (the cut has no effect:
        the rule has a single alternative)."""
        start = self.tokens[self.pos]
        if start.type != "NAME" or self.tokens[self.pos + 1].type != ":=":
            return None
        self.pos += 2
        value = self.expression()
        if value is None:
            self.pos -= 2
            return None
        target = self.name_node(start, STORE)
        return self.locate(ast.NamedExpr(target, value), start)

    def named_expression(self) -> Optional[Any]:
        """named_expression: assignment_expression | invalid_named_expression
        | expression !':='"""
        pos = self.pos
        result = self.assignment_expression()
        if result is not None:
            return result
        if self.call_invalid_rules and self.v310:
            self.invalid_named_expression()
            self.pos = pos
        value = self.expression()
        if value is None or self.tokens[self.pos].type == ":=":
            self.pos = pos
            if self.call_invalid_rules and not self.v310:
                # 3.9 tried its invalid_named_expression last.
                self.invalid_named_expression()
                self.pos = pos
            return None
        return value

    def disjunction(self) -> Optional[Any]:
        """disjunction (memo): conjunction ('or' conjunction)+ | conjunction"""
        start = self.tokens[self.pos]
        first = self.conjunction()
        if first is None or self.tokens[self.pos].type != "or":
            return first
        values = [first]
        while self.tokens[self.pos].type == "or":
            self.pos += 1
            value = self.conjunction()
            if value is None:
                self.pos -= 1
                break
            values.append(value)
        if len(values) == 1:
            return first
        return self.locate(ast.BoolOp(op_instance(ast.Or), values), start)

    def conjunction(self) -> Optional[Any]:
        """conjunction (memo): inversion ('and' inversion)+ | inversion"""
        start = self.tokens[self.pos]
        first = self.inversion()
        if first is None or self.tokens[self.pos].type != "and":
            return first
        values = [first]
        while self.tokens[self.pos].type == "and":
            self.pos += 1
            value = self.inversion()
            if value is None:
                self.pos -= 1
                break
            values.append(value)
        if len(values) == 1:
            return first
        return self.locate(ast.BoolOp(op_instance(ast.And), values), start)

    def inversion(self) -> Optional[Any]:
        """inversion (memo): 'not' inversion | comparison"""
        start = self.tokens[self.pos]
        if start.type == "not":
            self.pos += 1
            operand = self.inversion()
            if operand is not None:
                return self.locate(ast.UnaryOp(op_instance(ast.Not), operand), start)
            self.pos -= 1
        return self.comparison()

    def comparison(self) -> Optional[Any]:
        """comparison: bitwise_or compare_op_bitwise_or_pair+ | bitwise_or"""
        start = self.tokens[self.pos]
        left = self.bitwise_or()
        if left is None:
            return None
        ops = []
        comparators = []
        while True:
            mark = self.pos
            kind = self.tokens[mark].type
            if kind == "not":
                if self.tokens[mark + 1].type != "in":
                    break
                self.pos += 2
                op = ast.NotIn
            elif kind == "is":
                if self.tokens[mark + 1].type == "not":
                    self.pos += 2
                    op = ast.IsNot
                else:
                    self.pos += 1
                    op = ast.Is
            else:
                op = _COMPARE.get(kind)
                if op is None:
                    break
                self.pos += 1
            right = self.bitwise_or()
            if right is None:
                self.pos = mark
                break
            ops.append(op_instance(op))
            comparators.append(right)
        if not ops:
            return left
        return self.locate(ast.Compare(left, ops, comparators), start)

    def bitwise_or(self) -> Optional[Any]:
        """bitwise_or down to term: the left-recursive binary operator rules,
        parsed by precedence climbing (same trees, same positions)."""
        return self._binary(1)

    def _binary(self, level: int) -> Optional[Any]:
        start = self.tokens[self.pos]
        left = self.factor()
        if left is None:
            return None
        return self._binary_tail(left, start, level)

    def _binary_tail(self, left: Any, start: Any, level: int) -> Any:
        tokens = self.tokens
        while True:
            op = tokens[self.pos].type
            strength = _PRECEDENCE.get(op)
            if strength is None or strength < level:
                return left
            mark = self.pos
            self.pos += 1
            right_start = tokens[self.pos]
            right = self.factor()
            if right is None:
                self.pos = mark
                return left
            # Operators binding tighter than this one belong to the right operand.
            while True:
                nxt = _PRECEDENCE.get(tokens[self.pos].type)
                if nxt is None or nxt <= strength:
                    break
                before = self.pos
                right = self._binary_tail(right, right_start, strength + 1)
                if self.pos == before:
                    # The tighter operator had no operand: it ends the chain.
                    return self.locate(ast.BinOp(left, op_instance(_BINARY[op]), right), start)
            left = self.locate(ast.BinOp(left, op_instance(_BINARY[op]), right), start)

    def factor(self) -> Optional[Any]:
        """factor (memo): '+' factor | '-' factor | '~' factor | power"""
        start = self.tokens[self.pos]
        op = _UNARY.get(start.type)
        if op is not None:
            self.pos += 1
            operand = self.factor()
            if operand is not None:
                return self.locate(ast.UnaryOp(op_instance(op), operand), start)
            self.pos -= 1
            return None
        return self.power()

    def power(self) -> Optional[Any]:
        """power: await_primary '**' factor | await_primary"""
        start = self.tokens[self.pos]
        base = self.await_primary()
        if base is None or self.tokens[self.pos].type != "**":
            return base
        mark = self.pos
        self.pos += 1
        exponent = self.factor()
        if exponent is None:
            self.pos = mark
            return base
        return self.locate(ast.BinOp(base, op_instance(ast.Pow), exponent), start)

    def await_primary(self) -> Optional[Any]:
        """await_primary (memo): AWAIT primary | primary"""
        start = self.tokens[self.pos]
        if start.type == "await":
            self.pos += 1
            value = self.primary()
            if value is not None:
                return self.locate(ast.Await(value), start)
            self.pos -= 1
            return None
        return self.primary()

    def primary(self) -> Optional[Any]:
        """primary: primary '.' NAME | primary genexp | primary '(' [arguments] ')'
        | primary '[' slices ']' | atom"""
        tokens = self.tokens
        start = tokens[self.pos]
        node = self.atom()
        if node is None:
            return None
        while True:
            kind = tokens[self.pos].type
            mark = self.pos
            if kind == "{" and self.call_invalid_rules and not self.v310:
                # 3.9's invalid_primary: a primary followed by '{'.
                self.error_at(tokens[mark], "invalid syntax")
            if kind in ("[", "{") and self.call_invalid_rules and self.peg:
                # 'primary genexp': genexp's invalid_comprehension alternative
                # takes '[' and '{' too.
                self.invalid_comprehension()
                self.pos = mark
            if kind == ".":
                name = tokens[mark + 1]
                if name.type != "NAME":
                    return node
                self.pos += 2
                node = self.locate(ast.Attribute(node, ident(name), LOAD), start)
            elif kind == "(":
                call = self.call_trailer(node, start)
                if call is None:
                    return node
                node = call
            elif kind == "[":
                self.pos += 1
                index = self.slices()
                if index is None or tokens[self.pos].type != "]":
                    self.pos = mark
                    return node
                self.pos += 1
                node = self.locate(ast.Subscript(node, index, LOAD), start)
            else:
                return node

    def call_trailer(self, func: Any, start: Any) -> Optional[Any]:
        """The call alternatives of primary/t_primary: a generator expression
        argument, or '(' [arguments] ')'."""
        mark = self.pos
        gen = self.genexp(call=True)
        if gen is not None:
            return self.locate(ast.Call(func, [gen], []), start)
        self.pos = mark + 1
        args = self.arguments()
        if self.tokens[self.pos].type != ")":
            self.pos = mark
            return None
        self.pos += 1
        if args is None:
            return self.locate(ast.Call(func, [], []), start)
        return self.locate(ast.Call(func, args[0], args[1]), start)

    def slices(self) -> Optional[Any]:
        """slices: slice !',' | ','.(slice | starred_expression)+ [',']"""
        pos = self.pos
        start = self.tokens[pos]
        first = self.slice()
        if first is not None and self.tokens[self.pos].type != ",":
            return self.subscript_index(first)
        self.pos = pos
        items = []
        while True:
            mark = self.pos
            item = self.slice()
            if item is None and self.starred_subscripts:
                self.pos = mark
                item = self.starred_expression()
            if item is None:
                self.pos = mark
                break
            items.append(item)
            if self.tokens[self.pos].type != ",":
                break
            self.pos += 1
        if not items:
            self.pos = pos
            return None
        return self.subscript_tuple(items, start)

    def subscript_index(self, node: Any) -> Any:
        """A single subscript (3.8 wraps it in ``ast.Index`` unless a slice)."""
        if self.bare_subscripts:
            return node
        from .legacy import index_node
        return index_node(node)

    def subscript_tuple(self, items: List[Any], start: Any) -> Any:
        """Several subscripts: a Tuple (3.8: ``ast.ExtSlice`` or an indexed tuple)."""
        if self.bare_subscripts:
            return self.locate(ast.Tuple(items, LOAD), start)
        from .legacy import ext_slice
        return ext_slice(self, items, start)

    def slice(self) -> Optional[Any]:
        """slice: [expression] ':' [expression] [':' [expression]] | named_expression"""
        pos = self.pos
        start = self.tokens[pos]
        lower = self.expression()
        if self.tokens[self.pos].type == ":":
            self.pos += 1
            upper = self.expression()
            step = None
            if self.tokens[self.pos].type == ":":
                self.pos += 1
                step = self.expression()
            return self.locate(ast.Slice(lower, upper, step), start)
        self.pos = pos
        return self.named_expression() if self.v310 else self.expression()

    # -- atoms ---------------------------------------------------------------------

    def atom(self) -> Optional[Any]:
        """atom: NAME | 'True' | 'False' | 'None' | strings | NUMBER
        | tuple/group/genexp | list/listcomp | dict/set/dictcomp/setcomp | '...'"""
        tok = self.tokens[self.pos]
        kind = tok.type
        handler = self._ATOMS.get(kind)
        if handler is None:
            return None
        return handler(self, tok)

    def _atom_name(self, tok: Any) -> Any:
        self.pos += 1
        return self.name_node(tok, LOAD)

    def _atom_constant(self, tok: Any) -> Any:
        self.pos += 1
        value = _CONSTANTS[tok.type]
        return ast.Constant(value, None, lineno=tok.lineno, col_offset=tok.col,
                            end_lineno=tok.end_lineno, end_col_offset=tok.end_col)

    def _atom_number(self, tok: Any) -> Any:
        self.pos += 1
        node = ast.Constant(self.parse_number(tok), None)
        node.lineno = tok.lineno
        node.col_offset = tok.col
        node.end_lineno = tok.end_lineno
        node.end_col_offset = tok.end_col
        return node

    def _atom_strings(self, tok: Any) -> Any:
        return self.strings()

    def _atom_paren(self, tok: Any) -> Optional[Any]:
        pos = self.pos
        for rule in (self.tuple, self.group, self.genexp):
            node = rule()
            if node is not None:
                return node
            self.pos = pos
        return None

    def _atom_bracket(self, tok: Any) -> Optional[Any]:
        pos = self.pos
        node = self.list_display()
        if node is not None:
            return node
        self.pos = pos
        node = self.listcomp()
        if node is None:
            self.pos = pos
        return node

    def _atom_brace(self, tok: Any) -> Optional[Any]:
        pos = self.pos
        for rule in (self.dict_display, self.set_display, self.dictcomp, self.setcomp):
            node = rule()
            if node is not None:
                return node
            self.pos = pos
        return None

    def name_node(self, tok: Any, ctx: Any) -> Any:
        node = ast.Name(ident(tok), ctx)
        node.lineno = tok.lineno
        node.col_offset = tok.col
        node.end_lineno = tok.end_lineno
        node.end_col_offset = tok.end_col
        return node

    def tuple(self) -> Optional[Any]:
        """tuple: '(' [star_named_expression ',' [star_named_expressions]] ')'"""
        start = self.expect("(")
        if start is None:
            return None
        items: List[Any] = []
        if self.tokens[self.pos].type != ")":
            first = self.star_named_expression()
            if first is None or self.tokens[self.pos].type != ",":
                return None
            self.pos += 1
            items.append(first)
            mark = self.pos
            rest = self.star_named_expressions()
            if rest is None:
                self.pos = mark
            else:
                items.extend(rest)
        if self.expect(")") is None:
            return None
        return self.locate(ast.Tuple(items, LOAD), start)

    def group(self) -> Optional[Any]:
        """group: '(' (yield_expr | named_expression) ')' | invalid_group"""
        pos = self.pos
        if self.expect("(") is not None:
            value = self.yield_expr()
            if value is None:
                # 3.8's testlist_comp takes a lone star_expr: "(*a)" is a Starred.
                value = self.named_expression() if self.peg else self.star_named_expression()
            if value is not None and self.expect(")") is not None:
                return value
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_group()
        return None

    def genexp(self, call: bool = False) -> Optional[Any]:
        """genexp: '(' (assignment_expression | expression !':=') for_if_clauses ')'
        | invalid_comprehension"""
        pos = self.pos
        start = self.expect("(")
        if start is not None:
            element = self.assignment_expression()
            if element is None:
                element = self.expression()
                if element is not None and self.tokens[self.pos].type == ":=":
                    element = None
            if element is not None:
                generators = self.for_if_clauses()
                if generators is not None and self.expect(")") is not None:
                    return self.locate(ast.GeneratorExp(element, generators), start)
                if not self.v310:
                    # 3.9 cut after the element: no invalid_comprehension.
                    self.pos = pos
                    return None
        self.pos = pos
        if self.call_invalid_rules and (self.peg or not call):
            # (3.8: a starred argument before 'for' is the parser's error,
            # not ast.c's "iterable unpacking" one)
            self.invalid_comprehension()
        return None

    def list_display(self) -> Optional[Any]:
        """list: '[' [star_named_expressions] ']'"""
        start = self.expect("[")
        if start is None:
            return None
        mark = self.pos
        items = self.star_named_expressions()
        if items is None:
            self.pos = mark
            items = []
        if self.expect("]") is None:
            return None
        return self.locate(ast.List(items, LOAD), start)

    def listcomp(self) -> Optional[Any]:
        """listcomp: '[' named_expression for_if_clauses ']' | invalid_comprehension"""
        pos = self.pos
        start = self.expect("[")
        if start is not None:
            element = self.named_expression()
            if element is not None:
                generators = self.for_if_clauses()
                if generators is not None and self.expect("]") is not None:
                    return self.locate(ast.ListComp(element, generators), start)
                if not self.v310:
                    self.pos = pos
                    return None
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_comprehension()
        return None

    def set_display(self) -> Optional[Any]:
        """set: '{' star_named_expressions '}'"""
        start = self.expect("{")
        if start is None:
            return None
        items = self.star_named_expressions()
        if items is None or self.expect("}") is None:
            return None
        return self.locate(ast.Set(items), start)

    def dict_display(self) -> Optional[Any]:
        """dict: '{' [double_starred_kvpairs] '}' | '{' invalid_double_starred_kvpairs '}'"""
        pos = self.pos
        start = self.expect("{")
        if start is None:
            return None
        mark = self.pos
        pairs = self.double_starred_kvpairs()
        if pairs is None:
            self.pos = mark
            pairs = []
        if self.expect("}") is not None:
            return self.locate(ast.Dict([k for k, _ in pairs], [v for _, v in pairs]), start)
        self.pos = pos
        if self.call_invalid_rules:
            self.pos += 1
            self.invalid_double_starred_kvpairs()
            self.pos = pos
        return None

    def double_starred_kvpairs(self) -> Optional[list]:
        """double_starred_kvpairs: ','.double_starred_kvpair+ [',']"""
        first = self.double_starred_kvpair()
        if first is None:
            return None
        pairs = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            pair = self.double_starred_kvpair()
            if pair is None:
                self.pos = mark
                break
            pairs.append(pair)
        return pairs

    def double_starred_kvpair(self) -> Optional[tuple]:
        """double_starred_kvpair: '**' bitwise_or | kvpair"""
        if self.tokens[self.pos].type == "**":
            self.pos += 1
            value = self.bitwise_or()
            if value is not None:
                return (None, value)
            self.pos -= 1
        return self.kvpair()

    def kvpair(self) -> Optional[tuple]:
        """kvpair: expression ':' expression"""
        pos = self.pos
        key = self.expression()
        if key is not None and self.tokens[self.pos].type == ":":
            self.pos += 1
            value = self.expression()
            if value is not None:
                return (key, value)
        self.pos = pos
        return None

    def dictcomp(self) -> Optional[Any]:
        """dictcomp: '{' kvpair for_if_clauses '}' | invalid_dict_comprehension"""
        pos = self.pos
        start = self.expect("{")
        if start is not None:
            pair = self.kvpair()
            if pair is not None:
                generators = self.for_if_clauses()
                if generators is not None and self.expect("}") is not None:
                    return self.locate(ast.DictComp(pair[0], pair[1], generators), start)
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_dict_comprehension()
        return None

    def setcomp(self) -> Optional[Any]:
        """setcomp: '{' named_expression for_if_clauses '}' | invalid_comprehension"""
        pos = self.pos
        start = self.expect("{")
        if start is not None:
            element = self.named_expression()
            if element is not None:
                generators = self.for_if_clauses()
                if generators is not None and self.expect("}") is not None:
                    return self.locate(ast.SetComp(element, generators), start)
                if not self.v310:
                    self.pos = pos
                    return None
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_comprehension()
        return None

    # -- comprehensions ------------------------------------------------------------

    def for_if_clauses(self) -> Optional[list]:
        """for_if_clauses: for_if_clause+"""
        clauses = []
        while True:
            clause = self.for_if_clause()
            if clause is None:
                break
            clauses.append(clause)
        return clauses or None

    def for_if_clause(self) -> Any:
        """for_if_clause: [ASYNC] 'for' star_targets 'in' ~ disjunction
        ('if' disjunction)* | invalid_for_if_clause | invalid_for_target"""
        pos = self.pos
        is_async = 0
        if self.tokens[pos].type == "async":
            is_async = 1
            self.pos += 1
        if self.tokens[self.pos].type == "for":
            self.pos += 1
            target = self.star_targets()
            if target is not None and self.tokens[self.pos].type == "in":
                self.pos += 1
                iterable = self.disjunction()
                if iterable is None:
                    # Past the cut: the invalid alternative is not tried.
                    self.pos = pos
                    return None
                conditions = []
                while self.tokens[self.pos].type == "if":
                    self.pos += 1
                    condition = self.disjunction()
                    if condition is None:
                        self.pos -= 1
                        break
                    conditions.append(condition)
                return ast.comprehension(target, iterable, conditions, is_async)
        self.pos = pos
        if self.call_invalid_rules:
            if self.type_param_defaults:
                self.invalid_for_if_clause()
                self.pos = pos
            self.invalid_for_target()
            self.pos = pos
        return None

    # -- lambda ----------------------------------------------------------------------

    def lambdef(self) -> Optional[Any]:
        """lambdef: 'lambda' [lambda_params] ':' expression"""
        start = self.expect("lambda")
        if start is None:
            return None
        pos = self.pos
        args = self.lambda_params()
        if args is None:
            self.pos = pos
            args = self.empty_arguments()
        if self.expect(":") is None:
            self.pos = pos - 1
            return None
        body = self.expression()
        if body is None:
            self.pos = pos - 1
            return None
        return self.locate(ast.Lambda(args, body), start)

    # -- arguments -----------------------------------------------------------------

    def arguments(self) -> Optional[tuple]:
        """arguments (memo): args [','] &')' | invalid_arguments.  Returns
        (args, keywords)."""
        pos = self.pos
        memo = self.memo_arguments
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        result = self._arguments()
        memo[pos] = (result, self.pos)
        return result

    def _repeated_keyword_38(self, keywords: list, pos: int) -> None:
        """3.8's ast.c rejects a keyword given twice (later versions leave it to
        the compiler), at the second one's name.  ``pos``: the first token of
        the arguments."""
        seen = set()
        for keyword in keywords:
            if keyword.arg is None:
                continue
            if keyword.arg in seen:
                where = (keyword.value.lineno, keyword.value.col_offset)
                index = pos
                while (self.tokens[index].lineno, self.tokens[index].col) != where:
                    index += 1
                # back over the value's own brackets, then '=', to the name
                while self.tokens[index - 1].type == "(":
                    index -= 1
                self.error_at(self.tokens[index - 2], "keyword argument repeated")
            seen.add(keyword.arg)

    def _arguments(self) -> Optional[tuple]:
        pos = self.pos
        result = self.args()
        if result is not None:
            if self.tokens[self.pos].type == ",":
                self.pos += 1
            if self.tokens[self.pos].type == ")":
                if not self.peg:
                    self._repeated_keyword_38(result[1], pos)
                return result
        if not self.peg:
            self._ll1_arglist(pos)
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_arguments()
            self.pos = pos
        return None

    def _ll1_arglist(self, pos: int) -> None:
        """3.8's arglist takes arguments in any order and any test before '='
        (ast.c sorts them out once the file has parsed): read on as its parser
        does, so that a later error is found where it reads it."""
        tokens = self.tokens
        self.pos = pos
        while True:
            kind = tokens[self.pos].type
            if kind in ("*", "**"):
                self.pos += 1
                if self.expression() is None:
                    return
            else:
                if self.named_expression() is None:
                    return
                if tokens[self.pos].type == "=":
                    self.pos += 1
                    if self.expression() is None:
                        return
                elif tokens[self.pos].type in ("for", "async"):
                    self.for_if_clauses()
            if tokens[self.pos].type != ",":
                return
            self.pos += 1
            if tokens[self.pos].type == ")":
                return

    def args(self) -> Optional[tuple]:
        """args: ','.(starred_expression | (assignment_expression | expression
        !':=') !'=')+ [',' kwargs] | kwargs"""
        pos = self.pos
        positional = []
        while True:
            mark = self.pos
            item = self._positional_argument()
            if item is None:
                # The comma before a failed item belongs to what follows.
                self.pos = mark - 1 if positional else mark
                break
            positional.append(item)
            if self.tokens[self.pos].type != ",":
                break
            self.pos += 1
        if positional:
            kwargs = None
            if self.tokens[self.pos].type == ",":
                comma = self.pos
                self.pos += 1
                kwargs = self.kwargs()
                if kwargs is None:
                    self.pos = comma
            return self.collect_call(positional, kwargs)
        self.pos = pos
        kwargs = self.kwargs()
        if kwargs is None:
            self.pos = pos
            return None
        return self.collect_call([], kwargs)

    def _positional_argument(self) -> Optional[Any]:
        """starred_expression | (assignment_expression | expression !':=') !'='"""
        item = self.starred_expression()
        if item is not None:
            return item
        item = self.assignment_expression()
        if item is None:
            mark = self.pos
            item = self.expression()
            if item is not None and self.tokens[self.pos].type == ":=":
                self.pos = mark
                return None
        if item is not None and self.tokens[self.pos].type == "=":
            return None
        return item

    def collect_call(self, positional: list, kwargs: Optional[list]) -> tuple:
        """``_PyPegen_collect_call_seqs``: starred items among the keywords join
        the positional arguments, after them."""
        if not kwargs:
            return (positional, [])
        starred = [item.element for item in kwargs if not item.is_keyword]
        keywords = [item.element for item in kwargs if item.is_keyword]
        return (positional + starred, keywords)

    def kwargs(self) -> Optional[list]:
        """kwargs: ','.kwarg_or_starred+ ',' ','.kwarg_or_double_starred+
        | ','.kwarg_or_starred+ | ','.kwarg_or_double_starred+"""
        pos = self.pos
        first = self._separated(self.kwarg_or_starred)
        if first is not None:
            mark = self.pos
            if self.tokens[self.pos].type == ",":
                self.pos += 1
                second = self._separated(self.kwarg_or_double_starred)
                if second is not None:
                    return first + second
            self.pos = mark
            return first
        self.pos = pos
        result = self._separated(self.kwarg_or_double_starred)
        if result is None:
            self.pos = pos
        return result

    def _separated(self, rule) -> Optional[list]:
        """``','.rule+``: one or more, comma separated, no trailing comma taken."""
        first = rule()
        if first is None:
            return None
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = rule()
            if item is None:
                self.pos = mark - 1
                break
            items.append(item)
        return items

    def starred_expression(self) -> Optional[Any]:
        """starred_expression: [invalid_starred_expression_unpacking] '*' expression
        [invalid_starred_expression]"""
        start = self.tokens[self.pos]
        if start.type != "*":
            return None
        if self.call_invalid_rules and self.has_type_params:
            self.invalid_starred_expression_unpacking()
        self.pos += 1
        value = self.expression()
        if value is None:
            self.pos -= 1
            if self.call_invalid_rules and self.type_param_defaults:
                self.syntax("Invalid star expression")
            return None
        node = self.locate(ast.Starred(value, LOAD), start)
        if not self.peg:
            # 3.8: a starred call argument ends where its value ends.
            node.end_lineno = value.end_lineno
            node.end_col_offset = value.end_col_offset
        return node

    def kwarg_or_starred(self) -> Optional[KeywordOrStarred]:
        """kwarg_or_starred: invalid_kwarg | NAME '=' expression | starred_expression
        (3.9: invalid_kwarg last)"""
        pos = self.pos
        if self.call_invalid_rules and self.v310:
            self.invalid_kwarg()
            self.pos = pos
        keyword = self._keyword()
        if keyword is not None:
            return keyword
        self.pos = pos
        starred = self.starred_expression()
        if starred is None:
            self.pos = pos
            if self.call_invalid_rules and not self.v310:
                self.invalid_kwarg()
                self.pos = pos
            return None
        return KeywordOrStarred(starred, False)

    def kwarg_or_double_starred(self) -> Optional[KeywordOrStarred]:
        """kwarg_or_double_starred: invalid_kwarg | NAME '=' expression | '**' expression
        (3.9: invalid_kwarg last)"""
        pos = self.pos
        if self.call_invalid_rules and self.v310:
            self.invalid_kwarg()
            self.pos = pos
        keyword = self._keyword()
        if keyword is not None:
            return keyword
        self.pos = pos
        start = self.tokens[pos]
        value = None
        if start.type == "**":
            self.pos += 1
            value = self.expression()
        if value is None:
            self.pos = pos
            if self.call_invalid_rules and not self.v310:
                self.invalid_kwarg()
                self.pos = pos
            return None
        return KeywordOrStarred(self.locate(ast.keyword(None, value), start), True)

    def _keyword(self) -> Optional[KeywordOrStarred]:
        start = self.tokens[self.pos]
        if start.type != "NAME" or self.tokens[self.pos + 1].type != "=":
            return None
        self.pos += 2
        value = self.expression()
        if value is None:
            self.pos -= 2
            return None
        return KeywordOrStarred(self.locate(ast.keyword(ident(start), value), start), True)

    # -- assignment targets ------------------------------------------------------------

    def star_targets(self) -> Optional[Any]:
        """star_targets: star_target !',' | star_target (',' star_target)* [',']"""
        start = self.tokens[self.pos]
        first = self.star_target()
        if first is None:
            return None
        if self.tokens[self.pos].type != ",":
            return first
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.star_target()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return self.locate(ast.Tuple(items, STORE), start)

    def star_targets_list_seq(self) -> Optional[list]:
        """star_targets_list_seq: ','.star_target+ [',']"""
        first = self.star_target()
        if first is None:
            return None
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.star_target()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return items

    def star_targets_tuple_seq(self) -> Optional[list]:
        """star_targets_tuple_seq: star_target (',' star_target)+ [','] | star_target ','"""
        pos = self.pos
        first = self.star_target()
        if first is None or self.tokens[self.pos].type != ",":
            self.pos = pos
            return None
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.star_target()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return items

    def star_target(self) -> Optional[Any]:
        """star_target (memo): '*' (!'*' star_target) | target_with_star_atom"""
        pos = self.pos
        memo = self.memo_star_target
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        start = self.tokens[pos]
        result = None
        if start.type == "*":
            self.pos += 1
            if self.tokens[self.pos].type != "*":
                inner = self.star_target()
                if inner is not None:
                    result = self.locate(ast.Starred(set_context(inner, STORE), STORE), start)
            if result is None:
                self.pos = pos
        else:
            result = self.target_with_star_atom()
        memo[pos] = (result, self.pos)
        return result

    def target_with_star_atom(self) -> Optional[Any]:
        """target_with_star_atom (memo): t_primary '.' NAME !t_lookahead
        | t_primary '[' slices ']' !t_lookahead | star_atom"""
        pos = self.pos
        memo = self.memo_target_with_star_atom
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        result = self.subscript_attribute_target(STORE)
        if result is None:
            self.pos = pos
            result = self.star_atom()
        memo[pos] = (result, self.pos)
        return result

    def subscript_attribute_target(self, ctx: Any) -> Optional[Any]:
        """t_primary '.' NAME !t_lookahead | t_primary '[' slices ']' !t_lookahead"""
        pos = self.pos
        start = self.tokens[pos]
        base = self.t_primary()
        if base is None:
            return None
        after = self.pos
        tokens = self.tokens
        if tokens[after].type == ".":
            name = tokens[after + 1]
            if name.type == "NAME":
                self.pos += 2
                if tokens[self.pos].type not in ("(", "[", "."):
                    return self.locate(ast.Attribute(base, ident(name), ctx), start)
            self.pos = after
        if tokens[after].type == "[":
            self.pos += 1
            index = self.slices()
            if index is not None and tokens[self.pos].type == "]":
                self.pos += 1
                if tokens[self.pos].type not in ("(", "[", "."):
                    return self.locate(ast.Subscript(base, index, ctx), start)
        self.pos = pos
        return None

    def star_atom(self) -> Optional[Any]:
        """star_atom: NAME | '(' target_with_star_atom ')' | '(' [star_targets_tuple_seq] ')'
        | '[' [star_targets_list_seq] ']'"""
        pos = self.pos
        start = self.tokens[pos]
        if start.type == "NAME":
            self.pos += 1
            return self.name_node(start, STORE)
        if start.type == "(":
            self.pos += 1
            inner = self.target_with_star_atom()
            if inner is None and not self.peg and self.tokens[self.pos].type == "*":
                # 3.8: "(*a) = ..." assigns to the Starred
                inner = self.star_target()
            if inner is not None and self.expect(")") is not None:
                return set_context(inner, STORE)
            self.pos = pos + 1
            items = self.star_targets_tuple_seq()
            if items is None:
                self.pos = pos + 1
                items = []
            if self.expect(")") is not None:
                return self.locate(ast.Tuple(items, STORE), start)
        elif start.type == "[":
            self.pos += 1
            items = self.star_targets_list_seq()
            if items is None:
                self.pos = pos + 1
                items = []
            if self.expect("]") is not None:
                return self.locate(ast.List(items, STORE), start)
        self.pos = pos
        return None

    def single_target(self) -> Optional[Any]:
        """single_target: single_subscript_attribute_target | NAME | '(' single_target ')'"""
        pos = self.pos
        target = self.subscript_attribute_target(STORE)
        if target is not None:
            return target
        self.pos = pos
        start = self.tokens[pos]
        if start.type == "NAME":
            self.pos += 1
            return self.name_node(start, STORE)
        if start.type == "(":
            self.pos += 1
            inner = self.single_target()
            if inner is not None and self.expect(")") is not None:
                return inner
        self.pos = pos
        return None

    def t_primary(self) -> Optional[Any]:
        """t_primary (left-recursive, memo): t_primary '.' NAME &t_lookahead
        | t_primary '[' slices ']' &t_lookahead | t_primary genexp &t_lookahead
        | t_primary '(' [arguments] ')' &t_lookahead | atom &t_lookahead"""
        pos = self.pos
        memo = self.memo_t_primary
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        result = self._t_primary()
        memo[pos] = (result, self.pos)
        return result

    def _t_primary(self) -> Optional[Any]:
        tokens = self.tokens
        pos = self.pos
        start = tokens[pos]
        node = self.atom()
        if node is None or tokens[self.pos].type not in ("(", "[", "."):
            self.pos = pos
            return None
        while True:
            mark = self.pos
            kind = tokens[mark].type
            grown = None
            if kind == ".":
                name = tokens[mark + 1]
                if name.type == "NAME":
                    self.pos += 2
                    if tokens[self.pos].type in ("(", "[", "."):
                        grown = self.locate(ast.Attribute(node, ident(name), LOAD), start)
            elif kind == "[":
                self.pos += 1
                index = self.slices()
                if index is not None and tokens[self.pos].type == "]":
                    self.pos += 1
                    if tokens[self.pos].type in ("(", "[", "."):
                        grown = self.locate(ast.Subscript(node, index, LOAD), start)
                if grown is None and self.call_invalid_rules and self.peg:
                    # 't_primary genexp': invalid_comprehension takes '[' too.
                    self.pos = mark
                    self.invalid_comprehension()
            elif kind == "(":
                grown = self._t_call(node, start, mark)
            if grown is None:
                self.pos = mark
                return node
            node = grown

    def _t_call(self, func: Any, start: Any, mark: int) -> Optional[Any]:
        tokens = self.tokens
        gen = self.genexp(call=True)
        if gen is not None and tokens[self.pos].type in ("(", "[", "."):
            return self.locate(ast.Call(func, [gen], []), start)
        self.pos = mark + 1
        args = self.arguments()
        if tokens[self.pos].type != ")":
            return None
        self.pos += 1
        if tokens[self.pos].type not in ("(", "[", "."):
            return None
        if args is None:
            return self.locate(ast.Call(func, [], []), start)
        return self.locate(ast.Call(func, args[0], args[1]), start)

    def del_targets(self) -> Optional[list]:
        """del_targets: ','.del_target+ [',']"""
        first = self.del_target()
        if first is None:
            return None
        items = [first]
        while self.tokens[self.pos].type == ",":
            self.pos += 1
            mark = self.pos
            item = self.del_target()
            if item is None:
                self.pos = mark
                break
            items.append(item)
        return items

    def del_target(self) -> Optional[Any]:
        """del_target (memo): t_primary '.' NAME !t_lookahead
        | t_primary '[' slices ']' !t_lookahead | del_t_atom"""
        pos = self.pos
        target = self.subscript_attribute_target(DEL)
        if target is not None:
            return target
        self.pos = pos
        start = self.tokens[pos]
        if start.type == "NAME":
            self.pos += 1
            return self.name_node(start, DEL)
        if start.type == "(":
            self.pos += 1
            inner = self.del_target()
            if inner is None and not self.peg and self.tokens[self.pos].type == "*":
                # 3.8: "del (*a)" deletes the Starred (ast.c's set_context)
                star = self.tokens[self.pos]
                self.pos += 1
                value = self.del_target()
                if value is not None:
                    inner = self.locate(ast.Starred(value, DEL), star)
            if inner is not None and self.expect(")") is not None:
                return set_context(inner, DEL)
            self.pos = pos + 1
            items = self.del_targets()
            if items is None:
                self.pos = pos + 1
                items = []
            if self.expect(")") is not None:
                return self.locate(ast.Tuple(items, DEL), start)
        elif start.type == "[":
            self.pos += 1
            items = self.del_targets()
            if items is None:
                self.pos = pos + 1
                items = []
            if self.expect("]") is not None:
                return self.locate(ast.List(items, DEL), start)
        self.pos = pos
        return None


class _Cut:
    """Returned by a rule whose cut (``~``) committed it before it failed."""

    def __repr__(self) -> str:
        return "CUT"


CUT = _Cut()

_CONSTANTS = {"True": True, "False": False, "None": None, "...": Ellipsis}


def set_context(node: Any, ctx: Any) -> Any:
    """``_PyPegen_set_expr_context``: a copy of ``node`` with ``ctx`` (recursively
    for tuples, lists and starred), positions kept."""
    kind = type(node)
    if kind is ast.Name:
        new = ast.Name(node.id, ctx)
    elif kind is ast.Tuple:
        new = ast.Tuple([set_context(e, ctx) for e in node.elts], ctx)
    elif kind is ast.List:
        new = ast.List([set_context(e, ctx) for e in node.elts], ctx)
    elif kind is ast.Subscript:
        new = ast.Subscript(node.value, node.slice, ctx)
    elif kind is ast.Attribute:
        new = ast.Attribute(node.value, node.attr, ctx)
    elif kind is ast.Starred:
        new = ast.Starred(set_context(node.value, ctx), ctx)
    else:
        return node
    new.lineno = node.lineno
    new.col_offset = node.col_offset
    new.end_lineno = node.end_lineno
    new.end_col_offset = node.end_col_offset
    return new


ExpressionRules._ATOMS = {
    "NAME": ExpressionRules._atom_name,
    "True": ExpressionRules._atom_constant,
    "False": ExpressionRules._atom_constant,
    "None": ExpressionRules._atom_constant,
    "...": ExpressionRules._atom_constant,
    "NUMBER": ExpressionRules._atom_number,
    "STRING": ExpressionRules._atom_strings,
    "FSTRING_START": ExpressionRules._atom_strings,
    "(": ExpressionRules._atom_paren,
    "[": ExpressionRules._atom_bracket,
    "{": ExpressionRules._atom_brace,
}

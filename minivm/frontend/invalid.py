"""The ``invalid_*`` rules: second-pass alternatives that raise CPython's
specialised syntax errors (``Grammar/python.gram``, INVALID RULES).

Each method is the rule of the same name.  It either raises (through the
error helpers of :mod:`.pegen`, which build the exact CPython exception) or
returns None; the caller restores the position.  Version differences are kept
next to the alternative they concern.
"""

from __future__ import annotations

import ast
from typing import Any, Optional

STAR_TARGETS, DEL_TARGETS, FOR_TARGETS = "star", "del", "for"

_EXPR_NAMES = {
    ast.Attribute: "attribute", ast.Subscript: "subscript", ast.Starred: "starred",
    ast.Name: "name", ast.List: "list", ast.Tuple: "tuple", ast.Lambda: "lambda",
    ast.Call: "function call", ast.BoolOp: "expression", ast.BinOp: "expression",
    ast.UnaryOp: "expression", ast.GeneratorExp: "generator expression",
    ast.Yield: "yield expression", ast.YieldFrom: "yield expression",
    ast.Await: "await expression", ast.ListComp: "list comprehension",
    ast.SetComp: "set comprehension", ast.DictComp: "dict comprehension",
    ast.Dict: "dict literal", ast.Set: "set display", ast.JoinedStr: "f-string expression",
    ast.FormattedValue: "f-string expression", ast.Compare: "comparison",
    ast.IfExp: "conditional expression", ast.NamedExpr: "named expression",
}


def expr_name(node: Any, version: tuple = (3, 13)) -> str:
    """``_PyPegen_get_expr_name``: how an expression is named in messages."""
    if isinstance(node, ast.Constant):
        value = node.value
        if value is None:
            return "None"
        if value is False:
            return "False"
        if value is True:
            return "True"
        if value is Ellipsis:
            return "ellipsis" if version >= (3, 10) else "Ellipsis"
        return "literal"
    if version < (3, 10) and isinstance(node, ast.Dict):
        return "dict display"
    return _EXPR_NAMES.get(type(node), "expression")


def invalid_target(node: Any, kind: str) -> Optional[Any]:
    """``_PyPegen_get_invalid_target``: the first part of ``node`` that cannot be
    assigned to (or deleted), or None."""
    if node is None:
        return None
    if isinstance(node, (ast.List, ast.Tuple)):
        for element in node.elts:
            found = invalid_target(element, kind)
            if found is not None:
                return found
        return None
    if isinstance(node, ast.Starred):
        if kind == DEL_TARGETS:
            return node
        return invalid_target(node.value, kind)
    if isinstance(node, ast.Compare):
        if kind == FOR_TARGETS:
            if isinstance(node.ops[0], ast.In):
                return invalid_target(node.left, kind)
            return None
        return node
    if isinstance(node, (ast.Name, ast.Subscript, ast.Attribute)):
        return None
    return node


def _ll1_blamed(node: Any, kind: str) -> Any:
    """The node 3.8's set_context blames: the whole target, but one item of an
    unparenthesized 'for' or 'del' target list (exprlist sets each item apart)."""
    if kind in (FOR_TARGETS, DEL_TARGETS) and isinstance(node, ast.Tuple) and node.elts and \
            (node.lineno, node.col_offset) == (node.elts[0].lineno, node.elts[0].col_offset):
        for item in node.elts:
            if invalid_target(item, kind) is not None:
                return item
    return node


class InvalidRules:
    """Mixin: every invalid_ rule; each raises or returns None."""

    # -- helpers -------------------------------------------------------------------

    def raise_invalid_target(self, kind: str, node: Any, where: Any = None) -> None:
        """RAISE_SYNTAX_ERROR_INVALID_TARGET.  (3.8's set_context blames the
        whole target, or ``where`` its caller names: a with item.)"""
        found = invalid_target(node, kind)
        if found is not None:
            verb = "delete" if kind == DEL_TARGETS else "assign to"
            at = found if self.peg else (where or _ll1_blamed(node, kind))
            self.error_at(at, "cannot %s %s" % (verb, expr_name(found, self.version)))

    def indentation_error(self, msg: str) -> None:
        self.raise_error(IndentationError, msg)

    def syntax(self, msg: str) -> None:
        self.raise_error(SyntaxError, msg)

    def without_invalid(self, rule, *args) -> Any:
        """Run ``rule`` with the invalid_ rules switched off (the grammar's
        ``_without_invalid`` rules)."""
        saved = self.call_invalid_rules
        self.call_invalid_rules = False
        try:
            return rule(*args)
        finally:
            self.call_invalid_rules = saved

    def _type(self, offset: int = 0) -> str:
        return self.tokens[self.pos + offset].type

    def _newline_no_indent(self) -> bool:
        """NEWLINE !INDENT at the current position (consumes the NEWLINE)."""
        if self._type() != "NEWLINE":
            return False
        self.pos += 1
        if not self.peg and self.tokens[self.pos].extra == "eof":
            # 3.8's parser reports the tokenizer's end of input first
            # ("unexpected EOF while parsing").
            return False
        return self._type() != "INDENT"

    # -- arguments ---------------------------------------------------------------

    def invalid_arguments(self, *args) -> None:
        if not self.v310:
            return self._invalid_arguments_39()
        pos = self.pos
        tokens = self.tokens
        self._invalid_unpacking_order()
        self.pos = pos
        # a=expression b=for_if_clauses ',' [args | expression for_if_clauses]
        first = self.expression()
        if first is not None:
            clauses = self.for_if_clauses()
            if clauses is not None and self._type() == ",":
                self.pos += 1
                mark = self.pos
                if self.args() is None:
                    self.pos = mark
                    if self.expression() is None or self.for_if_clauses() is None:
                        self.pos = mark
                self.error_range(first, _last_comprehension_item(clauses),
                                 "Generator expression must be parenthesized")
        self.pos = pos
        # a=NAME b='=' expression for_if_clauses
        name = tokens[pos]
        if name.type == "NAME" and tokens[pos + 1].type == "=":
            self.pos += 2
            if self.expression() is not None and self.for_if_clauses() is not None:
                self.error_range(name, tokens[pos + 1], "invalid syntax. Maybe you meant '==' "
                                                        "or ':=' instead of '='?")
        self.pos = pos
        if self.has_type_params:
            # (args ',')? a=NAME b='=' &(',' | ')')
            if self.args() is not None and self._type() == ",":
                self.pos += 1
            else:
                self.pos = pos
            name = tokens[self.pos]
            if name.type == "NAME" and self._type(1) == "=" and self._type(2) in (",", ")"):
                self.error_range(name, tokens[self.pos + 1],
                                 "expected argument value expression")
            self.pos = pos
        # a=args b=for_if_clauses
        call = self.args()
        if call is not None:
            clauses = self.for_if_clauses()
            if clauses is not None:
                positional = call[0]
                if len(positional) > 1:
                    self.error_range(positional[-1],
                                     _last_comprehension_item(clauses),
                                     "Generator expression must be parenthesized")
        self.pos = pos
        # args ',' a=expression b=for_if_clauses
        if self.args() is not None and self._type() == ",":
            self.pos += 1
            value = self.expression()
            if value is not None:
                clauses = self.for_if_clauses()
                if clauses is not None:
                    self.error_range(value, _last_comprehension_item(clauses),
                                     "Generator expression must be parenthesized")
        self.pos = pos
        # a=args ',' args
        self._positional_after_keyword()
        self.pos = pos

    def _invalid_unpacking_order(self) -> None:
        """'*' after keyword unpacking: 3.10 blames the arguments before it, 3.11
        and 3.12 the '*', 3.13 everything from the comma on."""
        pos = self.pos
        tokens = self.tokens
        if not self.v311:
            start = tokens[pos]
            if self.args() is not None and self._type() == "," and self._type(1) == "*":
                self.error_range(start, self.last_token(), "iterable argument unpacking "
                                                           "follows keyword argument unpacking")
            return None
        if not self._positional_then_kwargs():
            self.pos = pos
            if self.kwargs() is None:
                return None
        if self._type() != ",":
            return None
        comma = tokens[self.pos]
        if not self.type_param_defaults:
            if self._type(1) == "*":
                self.error_at(tokens[self.pos + 1], "iterable argument unpacking follows "
                                                   "keyword argument unpacking")
            return None
        self.pos += 1
        count = 0
        while True:
            item = self.starred_expression()
            if item is None or self._type() == "=":
                break
            count += 1
            if self._type() != ",":
                break
            self.pos += 1
        if count:
            self.error_starting_from(comma, "iterable argument unpacking follows keyword "
                                            "argument unpacking")

    def _positional_then_kwargs(self) -> bool:
        """','.(starred_expression | (assignment_expression | expression !':=')
        !'=')+ ',' kwargs"""
        count = 0
        while True:
            mark = self.pos
            item = self._positional_argument()
            if item is None:
                self.pos = mark
                break
            count += 1
            if self._type() != ",":
                break
            self.pos += 1
        if not count:
            return False
        if self.tokens[self.pos - 1].type == ",":
            return self.kwargs() is not None
        return False

    def invalid_starred_expression_unpacking(self, *args) -> None:
        """a='*' expression '=' b=expression (3.12+)"""
        pos = self.pos
        star = self.tokens[pos]
        self.pos += 1
        if self.expression() is not None and self._type() == "=":
            self.pos += 1
            value = self.expression()
            if value is not None:
                self.error_range(star, value, "cannot assign to iterable argument unpacking")
        self.pos = pos

    def invalid_for_if_clause(self, *args) -> None:
        """'async'? 'for' (bitwise_or (',' bitwise_or)* [',']) !'in' (3.13)"""
        pos = self.pos
        if self._type() == "async":
            self.pos += 1
        if self._type() == "for":
            self.pos += 1
            if self.bitwise_or() is not None:
                while self._type() == ",":
                    self.pos += 1
                    if self.bitwise_or() is None:
                        break
                if self._type() != "in":
                    self.syntax("'in' expected after for-loop variables")
        self.pos = pos

    def invalid_import(self, *args) -> None:
        """'import' NEWLINE (3.13)"""
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type != "import":
            return None
        self.pos += 1
        if self._type() == "NEWLINE":
            self.error_starting_from(self.tokens[self.pos],
                                     "Expected one or more names after 'import'")
        self.pos = pos

    def _invalid_arguments_39(self) -> None:
        """3.9's incorrect_arguments."""
        pos = self.pos
        if self.args() is not None and self._type() == "," and self._type(1) == "*":
            self.pos += 1
            msg = "iterable argument unpacking follows keyword argument unpacking"
            if self.peg:
                self.syntax(msg)
            star = self.tokens[self.pos]
            # 3.8 (ast.c): at the starred argument, once the call has parsed
            if self.args() is not None and self._arguments_close():
                self.error_at(star, msg)
        self.pos = pos
        first = self.expression()
        if first is not None:
            clauses = self.for_if_clauses()
            if clauses is not None and self._type() == ",":
                self.pos += 1
                mark = self.pos
                if self.args() is None:
                    self.pos = mark
                    if self.expression() is None or self.for_if_clauses() is None:
                        self.pos = mark
                self.error_at(first, "Generator expression must be parenthesized")
        self.pos = pos
        call = self.args()
        if call is not None and self.for_if_clauses() is not None and len(call[0]) > 1:
            self.error_at(call[0][-1], "Generator expression must be parenthesized")
        self.pos = pos
        if self.args() is not None and self._type() == ",":
            self.pos += 1
            value = self.expression()
            if value is not None and self.for_if_clauses() is not None:
                self.error_at(value, "Generator expression must be parenthesized")
        self.pos = pos
        self._positional_after_keyword()
        self.pos = pos

    def _positional_after_keyword(self) -> None:
        """``a=args ',' args``: a positional argument after keyword arguments."""
        call = self.args()
        if call is not None and self._type() == ",":
            self.pos += 1
            rest = self.args()
            if rest is not None:
                unpacking = any(k.arg is None for k in call[1])
                msg = ("positional argument follows keyword argument unpacking" if unpacking
                       else "positional argument follows keyword argument")
                if not self.peg and rest[0]:
                    # 3.8 (ast.c): at the positional argument, once the call
                    # has parsed
                    if self._arguments_close():
                        self.error_at(rest[0][0], msg)
                else:
                    self.syntax(msg)

    def _arguments_close(self) -> bool:
        """[','] ')' follows (3.8's parser has read the whole argument list)."""
        at = 1 if self._type() == "," else 0
        return self._type(at) == ")"

    def invalid_kwarg(self, *args) -> None:
        pos = self.pos
        tokens = self.tokens
        if not self.v310:
            if tokens[pos].type == "NAME" and tokens[pos + 1].type == "=":
                return None
            value = self.expression()
            if value is not None and self._type() == "=":
                self.error_at(value, "expression cannot contain assignment, perhaps you meant "
                                     "\"==\"?")
            self.pos = pos
            return None
        tok = tokens[pos]
        if tok.type in ("True", "False", "None") and tokens[pos + 1].type == "=":
            self.error_range(tok, tokens[pos + 1], "cannot assign to %s" % tok.type)
        if tok.type == "NAME" and tokens[pos + 1].type == "=":
            self.pos += 2
            if self.expression() is not None and self.for_if_clauses() is not None:
                self.error_range(tok, tokens[pos + 1], "invalid syntax. Maybe you meant '==' "
                                                       "or ':=' instead of '='?")
            self.pos = pos
            return None
        value = self.expression()
        if value is not None and self._type() == "=":
            self.error_range(value, tokens[self.pos], "expression cannot contain assignment, "
                                                      "perhaps you meant \"==\"?")
        self.pos = pos

    # -- expressions ----------------------------------------------------------------------

    def invalid_legacy_expression(self, *args) -> None:
        """a=NAME !'(' b=star_expressions: "Missing parentheses in call to 'print'"."""
        if not self.v310:
            return None
        pos = self.pos
        name = self.tokens[pos]
        if name.type != "NAME" or self._type(1) == "(":
            return None
        self.pos += 1
        rest = self.star_expressions()
        if rest is not None and name.string in ("print", "exec"):
            self.error_range(name, rest, "Missing parentheses in call to '%s'. Did you mean "
                                         "%s(...)?" % (name.string, name.string))
        self.pos = pos

    def invalid_expression(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        tokens = self.tokens
        first = tokens[pos]
        soft = first.type == "NAME" and first.string in self.soft_keywords
        # !(NAME STRING | SOFT_KEYWORD): the second token is read only after a NAME.
        name_string = first.type == "NAME" and tokens[pos + 1].type in ("STRING",
                                                                        "FSTRING_START")
        if not soft and not name_string:
            left = self.disjunction()
            if left is not None:
                right = self.without_invalid(self.expression)
                if right is not None and not _is_legacy_name(left) and \
                        tokens[self.pos - 1].level != 0:
                    self.error_range(left, right, "invalid syntax. Perhaps you forgot a comma?")
        self.pos = pos
        if self.v310:
            left = self.disjunction()
            if left is not None and self._type() == "if":
                self.pos += 1
                test = self.disjunction()
                if test is not None and self._type() not in ("else", ":"):
                    self.error_range(left, test, "expected 'else' after 'if' expression")
        self.pos = pos
        if self.has_fstring_tokens and first.type == "lambda":
            self.pos += 1
            mark = self.pos
            if self.lambda_params() is None:
                self.pos = mark
            colon = tokens[self.pos]
            if colon.type == ":" and tokens[self.pos + 1].type in ("FSTRING_MIDDLE", "{"):
                self.error_range(first, colon, "f-string: lambda expressions are not allowed "
                                               "without parentheses")
        self.pos = pos

    def invalid_named_expression(self, *args) -> None:
        pos = self.pos
        memo = self.memo_invalid_named_expression
        if pos in memo:
            return None
        memo[pos] = True
        tokens = self.tokens
        value = self.expression()
        if value is not None and self._type() == ":=":
            self.pos += 1
            if self.expression() is not None:
                self.error_at(value, "cannot use assignment expressions with %s"
                              % expr_name(value, self.version))
        self.pos = pos
        if not self.v310:
            return None
        name = tokens[pos]
        if name.type == "NAME" and tokens[pos + 1].type == "=":
            self.pos += 2
            right = self.bitwise_or()
            if right is not None and self._type() not in ("=", ":="):
                self.error_range(name, right, "invalid syntax. Maybe you meant '==' or ':=' "
                                              "instead of '='?")
        self.pos = pos
        if self._lookahead_any(self.list_display, self.tuple, self.genexp) or \
                name.type in ("True", "None", "False"):
            self.pos = pos
            return None
        self.pos = pos
        left = self.bitwise_or()
        if left is not None and self._type() == "=":
            self.pos += 1
            if self.bitwise_or() is not None and self._type() not in ("=", ":="):
                self.error_at(left, "cannot assign to %s here. Maybe you meant '==' instead "
                                    "of '='?" % expr_name(left, self.version))
        self.pos = pos

    def _lookahead_any(self, *rules) -> bool:
        pos = self.pos
        for rule in rules:
            self.pos = pos
            if rule() is not None:
                self.pos = pos
                return True
        self.pos = pos
        return False

    def invalid_group(self, *args) -> None:
        pos = self.pos
        if self._type() != "(":
            return None
        self.pos += 1
        value = self.starred_expression()
        if value is not None and self._type() == ")":
            self.error_at(value, "cannot use starred expression here" if self.v310
                          else "can't use starred expression here")
        self.pos = pos + 1
        if self.v310 and self._type() == "**":
            star = self.tokens[self.pos]
            self.pos += 1
            if self.expression() is not None and self._type() == ")":
                self.error_at(star, "cannot use double starred expression here")
        self.pos = pos

    def invalid_comprehension(self, *args) -> None:
        pos = self.pos
        opener = self._type()
        if opener not in ("[", "(", "{"):
            return None
        self.pos += 1
        value = self.starred_expression()
        if value is not None and self.for_if_clauses() is not None:
            self.error_at(value, "iterable unpacking cannot be used in comprehension")
        self.pos = pos
        if opener == "(" or not self.v310:
            return None
        self.pos += 1
        first = self.star_named_expression()
        if first is not None and self._type() == ",":
            comma = self.tokens[self.pos]
            self.pos += 1
            mark = self.pos
            rest = self.star_named_expressions()
            if rest is not None and self.for_if_clauses() is not None:
                self.error_range(first, rest[-1], "did you forget parentheses around the "
                                                  "comprehension target?")
            self.pos = mark
            if self.for_if_clauses() is not None:
                self.error_range(first, comma, "did you forget parentheses around the "
                                               "comprehension target?")
        self.pos = pos

    def invalid_dict_comprehension(self, *args) -> None:
        pos = self.pos
        if self._type() == "{" and self._type(1) == "**":
            star = self.tokens[pos + 1]
            self.pos += 2
            if self.bitwise_or() is not None and self.for_if_clauses() is not None and \
                    self._type() == "}":
                # (3.8, ast.c: at the '{')
                self.error_at(star if self.peg else self.tokens[pos],
                              "dict unpacking cannot be used in dict comprehension")
        self.pos = pos

    def invalid_double_starred_kvpairs(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        if self.v310:
            pairs = self._separated(self.double_starred_kvpair)
            if pairs is not None and self._type() == ",":
                self.pos += 1
                self.invalid_kvpair()
            self.pos = pos
        key = self.expression()
        if key is not None and self._type() == ":":
            colon = self.tokens[self.pos]
            self.pos += 1
            if self._type() == "*":
                star = self.tokens[self.pos]
                self.pos += 1
                if self.bitwise_or() is not None:
                    self.error_starting_from(star, "cannot use a starred expression in a "
                                                   "dictionary value")
                self.pos -= 1
            if self._type() in ("}", ","):
                self.error_at(colon, "expression expected after dictionary key and ':'")
        self.pos = pos

    def invalid_kvpair(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        key = self.expression()
        if key is not None and self._type() != ":":
            self.raise_error_known_location(SyntaxError, key.lineno, key.end_col_offset,
                                            key.end_lineno, 0, "':' expected after dictionary key")
        if key is not None:
            colon = self.tokens[self.pos]
            self.pos += 1
            if self._type() == "*":
                star = self.tokens[self.pos]
                self.pos += 1
                if self.bitwise_or() is not None:
                    self.error_starting_from(star, "cannot use a starred expression in a "
                                                   "dictionary value")
                self.pos -= 1
            if self._type() in ("}", ","):
                self.error_at(colon, "expression expected after dictionary key and ':'")
        self.pos = pos

    # -- statements -------------------------------------------------------------------

    def invalid_assignment(self, *args) -> None:
        if not self.v310:
            return self._invalid_assignment_39()
        pos = self.pos
        tokens = self.tokens
        target = self.invalid_ann_assign_target()
        if target is not None and self._type() == ":":
            self.pos += 1
            if self.expression() is not None:
                self.error_at(target, "only single target (not %s) can be annotated"
                              % expr_name(target, self.version))
        self.pos = pos
        first = self.star_named_expression()
        if first is not None and self._type() == ",":
            self.pos += 1
            while True:
                mark = self.pos
                if self.star_named_expressions() is None:
                    self.pos = mark
                    break
            if self._type() == ":":
                self.pos += 1
                if self.expression() is not None:
                    self.error_at(first, "only single target (not tuple) can be annotated")
        self.pos = pos
        target = self.expression()
        if target is not None and self._type() == ":":
            self.pos += 1
            if self.expression() is not None:
                self.error_at(target, "illegal target for annotation")
        self.pos = pos
        self._skip_targets()
        first = self.tokens[self.pos]
        value = self.star_expressions()
        if value is not None and self._type() == "=":
            # (3.8: at the target's first token, brackets included)
            self.raise_invalid_target(STAR_TARGETS, value, first)
        self.pos = pos
        self._skip_targets()
        value = self.yield_expr()
        if value is not None and self._type() == "=":
            self.error_at(value, "assignment to yield expression not possible")
        self.pos = pos
        value = self.star_expressions()
        if value is not None and self._type() in _AUGMENTED:
            self.pos += 1
            if self.annotated_rhs() is not None:
                self.error_at(value, "'%s' is an illegal expression for augmented assignment"
                              % expr_name(value, self.version))
        self.pos = pos
        del tokens

    def _invalid_assignment_39(self) -> None:
        pos = self.pos
        for rule, what in ((self.list_display, "list"), (self.tuple, "tuple")):
            self.pos = pos
            node = rule()
            if node is not None and self._annotation_follows():
                self.error_at(node, "only single target (not %s) can be annotated" % what)
        self.pos = pos
        first = self.star_named_expression()
        if first is not None and self._type() == ",":
            self.pos += 1
            while True:
                mark = self.pos
                if self.star_named_expressions() is None:
                    self.pos = mark
                    break
            if self._annotation_follows():
                self.error_at(first, "only single target (not tuple) can be annotated")
        self.pos = pos
        # (3.8: a lone starred expression is a target too)
        target = self.expression() if self.peg else self.star_expression()
        if target is not None and self._type() == ":":
            self.pos += 1
            if self.expression() is not None:
                self.error_at(target, "illegal target for annotation")
        self.pos = pos
        self._skip_targets()
        first = self.tokens[self.pos]
        value = self.star_expressions()
        if value is not None and self._type() == "=":
            # (3.8: at the target's first token, brackets included)
            self.raise_invalid_target(STAR_TARGETS, value, first)
        self.pos = pos
        self._skip_targets()
        value = self.yield_expr()
        if value is not None and self._type() == "=":
            self.error_at(value, "assignment to yield expression not possible")
        self.pos = pos
        value = self.star_expressions()
        if value is not None and self._type() in _AUGMENTED:
            self.pos += 1
            if self.annotated_rhs() is not None:
                if not self.peg:
                    # 3.8 (ast.c): set_context's message first, then its own
                    self.raise_invalid_target(STAR_TARGETS, value, self.tokens[pos])
                    self.error_at(self.tokens[pos], "illegal expression for augmented "
                                                    "assignment")
                self.error_at(value, "'%s' is an illegal expression for augmented assignment"
                              % expr_name(value, self.version))
        self.pos = pos

    def _annotation_follows(self) -> bool:
        """':' and an expression (3.9's rules ask for both; 3.8's ast.c sees
        the target only once the statement has parsed)."""
        if self._type() != ":":
            return False
        mark = self.pos
        self.pos += 1
        found = self.expression() is not None
        self.pos = mark
        return found

    def _skip_targets(self) -> None:
        """(star_targets '=')*"""
        while True:
            mark = self.pos
            if self.star_targets() is None or self._type() != "=":
                self.pos = mark
                return
            self.pos += 1

    def invalid_ann_assign_target(self) -> Optional[Any]:
        pos = self.pos
        for rule in (self.list_display, self.tuple):
            node = rule()
            if node is not None:
                return node
            self.pos = pos
        if self._type() == "(":
            self.pos += 1
            inner = self.invalid_ann_assign_target()
            if inner is not None and self._type() == ")":
                self.pos += 1
                return inner
        self.pos = pos
        return None

    def invalid_del_stmt(self, *args) -> None:
        pos = self.pos
        if self._type() == "del":
            self.pos += 1
            value = self.star_expressions()
            if value is not None:
                self.raise_invalid_target(DEL_TARGETS, value)
        self.pos = pos

    def invalid_block(self, *args) -> None:
        if self._newline_no_indent():
            # (3.8: the parser's own error, "expected" INDENT)
            self.ll1_parser_error = True
            self.indentation_error("expected an indented block")

    def invalid_import_from_targets(self, *args) -> None:
        pos = self.pos
        names = self._separated(self.import_from_as_name)
        if names is not None and self._type() == "," and self._type(1) == "NEWLINE":
            self.pos += 1
            if not self.peg:
                # 3.8 (ast.c): at the first name
                self.error_at(self.tokens[pos], "trailing comma not allowed without "
                                                "surrounding parentheses")
            self.syntax("trailing comma not allowed without surrounding parentheses")
        self.pos = pos
        if self.type_param_defaults and self._type() == "NEWLINE":
            self.error_starting_from(self.tokens[pos], "Expected one or more names after "
                                                       "'import'")

    def invalid_with_item(self, *args) -> None:
        pos = self.pos
        if self.expression() is not None and self._type() == "as":
            self.pos += 1
            target = self.expression()
            if target is not None and (not self.v310 or self._type() in (",", ")", ":")):
                self.raise_invalid_target(STAR_TARGETS, target, self.tokens[pos])
        self.pos = pos

    def invalid_for_target(self, *args) -> None:
        pos = self.pos
        if self._type() == "async":
            self.pos += 1
        if self._type() == "for":
            self.pos += 1
            value = self.star_expressions()
            if value is not None:
                self.raise_invalid_target(FOR_TARGETS, value)
        self.pos = pos

    def _with_items_loose(self, expressions: bool) -> bool:
        """','.(expression ['as' star_target])+ (or expressions, inside parens)."""
        count = 0
        while True:
            mark = self.pos
            value = self.expressions() if expressions else self.expression()
            if value is None:
                self.pos = mark - 1 if count else mark
                return count > 0
            if self._type() == "as":
                after = self.pos
                self.pos += 1
                if self.star_target() is None:
                    self.pos = after
            count += 1
            if self._type() != ",":
                return True
            self.pos += 1

    def _with_head(self, parenthesized: bool) -> Optional[Any]:
        """[ASYNC] 'with' items, or [ASYNC] 'with' '(' items ','? ')'; returns
        the 'with' token."""
        if self._type() == "async":
            self.pos += 1
        keyword = self.tokens[self.pos]
        if keyword.type != "with":
            return None
        self.pos += 1
        if not parenthesized:
            return keyword if self._with_items_loose(False) else None
        if self._type() != "(":
            return None
        self.pos += 1
        if not self._with_items_loose(True):
            return None
        if self._type() == ",":
            self.pos += 1
        if self._type() != ")":
            return None
        self.pos += 1
        return keyword

    def invalid_with_stmt(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        for parenthesized in (False, True):
            self.pos = pos
            if self._with_head(parenthesized) is not None:
                if self._type() == "NEWLINE":
                    self.syntax("expected ':'")
        self.pos = pos

    def invalid_with_stmt_indent(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        for parenthesized in (False, True):
            self.pos = pos
            keyword = self._with_head(parenthesized)
            if keyword is not None and self._type() == ":":
                self.pos += 1
                if self._newline_no_indent():
                    self.indentation_error("expected an indented block after 'with' statement "
                                           "on line %d" % keyword.lineno)
        self.pos = pos

    def invalid_try_stmt(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        tokens = self.tokens
        keyword = tokens[pos]
        if keyword.type != "try" or self._type(1) != ":":
            return None
        self.pos += 2
        if self._newline_no_indent():
            self.indentation_error("expected an indented block after 'try' statement on line %d"
                                   % keyword.lineno)
        self.pos = pos + 2
        if self.block() is not None and self._type() not in ("except", "finally"):
            self.syntax("expected 'except' or 'finally' block")
        if self.has_except_star:
            self._invalid_mixed_except(pos)
        self.pos = pos

    def _invalid_mixed_except(self, pos: int) -> None:
        for star_first in (False, True):
            self.pos = pos + 2
            while True:
                mark = self.pos
                if self.block() is None:
                    self.pos = mark
                    break
            handlers = 0
            while True:
                mark = self.pos
                if self.except_block(star_first) is None:
                    self.pos = mark
                    break
                handlers += 1
            if not handlers or self._type() != "except":
                continue
            keyword = self.tokens[self.pos]
            self.pos += 1
            if not star_first:
                if self._type() != "*":
                    continue
                star = self.tokens[self.pos]
                self.pos += 1
                if self.expression() is not None:
                    self._optional_as_name()
                    if self._type() == ":":
                        self.error_range(keyword, star, "cannot have both 'except' and "
                                                        "'except*' on the same 'try'")
            else:
                mark = self.pos
                if self.expression() is not None:
                    self._optional_as_name()
                else:
                    self.pos = mark
                if self._type() == ":":
                    self.error_at(keyword, "cannot have both 'except' and 'except*' on the "
                                           "same 'try'")

    def _optional_as_name(self) -> None:
        if self._type() == "as" and self._type(1) == "NAME":
            self.pos += 2

    def invalid_except_stmt(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        tokens = self.tokens
        if self._type() != "except":
            return None
        keyword = tokens[pos]
        self.pos += 1
        if self.has_except_star and self._type() == "*":
            self.pos += 1
        first = self.expression()
        if first is not None and self._type() == ",":
            self.pos += 1
            if self.expressions() is not None:
                self._optional_as_name()
                if self._type() == ":":
                    self.error_starting_from(first, "multiple exception types must be "
                                                    "parenthesized")
        self.pos = pos + 1
        if self.has_except_star and self._type() == "*":
            self.pos += 1
        if self.expression() is not None:
            self._optional_as_name()
            if self._type() == "NEWLINE":
                self.syntax("expected ':'")
        self.pos = pos + 1
        if self._type() == "NEWLINE":
            self.syntax("expected ':'")
        if self.has_except_star and self._type() == "*" and self._type(1) in ("NEWLINE", ":"):
            self.syntax("expected one or more exception types")
        self.pos = pos
        del keyword

    def invalid_finally_stmt(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type == "finally" and self._type(1) == ":":
            self.pos += 2
            if self._newline_no_indent():
                self.indentation_error("expected an indented block after 'finally' statement "
                                       "on line %d" % keyword.lineno)
        self.pos = pos

    def invalid_except_stmt_indent(self, star: bool = False, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type != "except":
            return None
        self.pos += 1
        what = "except"
        if star:
            if self._type() != "*":
                self.pos = pos
                return None
            self.pos += 1
            what = "except*"
        mark = self.pos
        if self.expression() is not None:
            self._optional_as_name()
            if self._type() == ":":
                self.pos += 1
                if self._newline_no_indent():
                    self.indentation_error("expected an indented block after '%s' statement on "
                                           "line %d" % (what, keyword.lineno))
        self.pos = mark
        if not star and self._type() == ":":
            self.pos += 1
            if self._newline_no_indent():
                self.indentation_error("expected an indented block after 'except' statement "
                                       "on line %d" % keyword.lineno)
        self.pos = pos

    def _keyword_colon_block(self, keyword_type: str, what: str, head) -> None:
        """Shared shape: keyword head NEWLINE -> "expected ':'"; keyword head ':'
        NEWLINE !INDENT -> "expected an indented block after ..."."""
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type != keyword_type:
            return None
        self.pos += 1
        if head():
            if self._type() == "NEWLINE":
                self.syntax("expected ':'")
        self.pos = pos + 1
        if head() and self._type() == ":":
            self.pos += 1
            if self._newline_no_indent():
                self.indentation_error("expected an indented block after %s on line %d"
                                       % (what, keyword.lineno))
        self.pos = pos

    def invalid_if_stmt(self, keyword: str = "if", *args) -> None:
        if not self.v310:
            return None
        self._keyword_colon_block(keyword, "'%s' statement" % keyword,
                                  lambda: self.named_expression() is not None)

    def invalid_while_stmt(self, *args) -> None:
        if not self.v310:
            return None
        self._keyword_colon_block("while", "'while' statement",
                                  lambda: self.named_expression() is not None)

    def invalid_else_stmt(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type == "else" and self._type(1) == ":":
            self.pos += 2
            if self._newline_no_indent():
                self.indentation_error("expected an indented block after 'else' statement on "
                                       "line %d" % keyword.lineno)
        self.pos = pos

    def invalid_for_stmt(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        if self._type() == "async":
            self.pos += 1
        keyword = self.tokens[self.pos]
        if keyword.type != "for":
            self.pos = pos
            return None
        head_start = self.pos

        def head() -> bool:
            return self.star_targets() is not None and self.expect("in") is not None and \
                self.star_expressions() is not None
        self.pos = head_start + 1
        if head() and self._type() == "NEWLINE":
            self.syntax("expected ':'")
        self.pos = head_start + 1
        if head() and self._type() == ":":
            self.pos += 1
            if self._newline_no_indent():
                self.indentation_error("expected an indented block after 'for' statement on "
                                       "line %d" % keyword.lineno)
        self.pos = pos

    def invalid_def_raw(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        if self._type() == "async":
            self.pos += 1
        keyword = self.tokens[self.pos]
        if keyword.type != "def" or self._type(1) != "NAME":
            self.pos = pos
            return None
        self.pos += 2
        self.optional_type_params()
        if self._type() == "(":
            self.pos += 1
            if self._params_paren_returns():
                if self._type() == ":":
                    self.pos += 1
                    if self._newline_no_indent():
                        self.indentation_error("expected an indented block after function "
                                               "definition on line %d" % keyword.lineno)
        if self.target.frontend("def_forced_in_invalid_rule"):
            self.pos = pos + 2 + (keyword is not self.tokens[pos])
            self._def_forced_tokens()
        self.pos = pos

    def _def_forced_tokens(self) -> None:
        """invalid_def_raw's second alternative (3.13): ``[type_params] &&'(' [params]
        ')' ['->' expression] &&':'`` after the name, as the first pass no longer
        forces those tokens."""
        self.optional_type_params()
        self.forced_token("(")
        if self._params_paren_returns():
            self.forced_token(":")

    def _params_paren_returns(self) -> bool:
        """``[params] ')' ['->' expression]`` after a def's '(': False (and the
        position left at the token) when the ')' is missing."""
        mark = self.pos
        if self.params() is None:
            self.pos = mark
        if self._type() != ")":
            return False
        self.pos += 1
        if self._type() == "->":
            mark = self.pos
            self.pos += 1
            if self.expression() is None:
                self.pos = mark
        return True

    def invalid_class_def_raw(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type != "class" or self._type(1) != "NAME":
            return None
        for check_colon in (False, True):
            self.pos = pos + 2
            self.optional_type_params()
            if self._type() == "(":
                mark = self.pos
                self.pos += 1
                inner = self.pos
                if self.arguments() is None:
                    self.pos = inner
                if self._type() == ")":
                    self.pos += 1
                else:
                    self.pos = mark
            if not check_colon:
                if self.v310 and self._type() == "NEWLINE":
                    self.syntax("expected ':'")
                continue
            if self._type() == ":":
                self.pos += 1
                if self._newline_no_indent():
                    self.indentation_error("expected an indented block after class definition "
                                           "on line %d" % keyword.lineno)
        self.pos = pos

    def invalid_double_type_comments(self, *args) -> None:
        tokens = self.tokens
        pos = self.pos
        for offset, kind in enumerate(("TYPE_COMMENT", "NEWLINE", "TYPE_COMMENT", "NEWLINE",
                                       "INDENT")):
            if tokens[pos + offset].type != kind:
                return None
        self.pos += 5
        self.syntax("Cannot have two type comments on def")

    # -- parameters ---------------------------------------------------------------

    def invalid_parameters(self, lam: bool = False, *args) -> None:
        pos = self.pos
        closer = ":" if lam else ")"
        if not self.peg:
            self._non_default_after_default_38(lam, closer)
        # param_no_default* invalid_parameters_helper a=param_no_default
        self._repeat(self.param_no_default, lam)
        mark = self.pos
        helper = self.slash_with_default(lam)
        if helper is None:
            self.pos = mark
            helper = self._repeat(self.param_with_default, lam) or None
        if helper is not None:
            tok = self.tokens[self.pos]
            if self.param_no_default(lam) is not None:
                if self.version >= (3, 12):
                    msg = "parameter without a default follows parameter with a default"
                else:
                    msg = "non-default argument follows default argument"
                if self.param_error_locations:
                    self.error_at(tok, msg)
                self.syntax(msg)
        self.pos = pos
        if not self.v311:
            return None
        # param_no_default* a='(' param_no_default+ ','? b=')'
        self._repeat(self.param_no_default, lam)
        if self._type() == "(":
            opening = self.tokens[self.pos]
            self.pos += 1
            count = 0
            if lam:
                names = self._separated(lambda: self.param(True))
                count = len(names) if names else 0
            else:
                count = len(self._repeat(self.param_no_default, lam))
            if count:
                if self._type() == ",":
                    self.pos += 1
                if self._type() == ")":
                    what = "Lambda expression parameters" if lam else "Function parameters"
                    self.error_range(opening, self.tokens[self.pos],
                                     "%s cannot be parenthesized" % what)
        self.pos = pos
        # a="/" ','
        if self._type() == "/" and self._type(1) == ",":
            self.error_at(self.tokens[pos], "at least one argument must precede /")
        # (slash_no_default | slash_with_default) param_maybe_default* a='/'
        if self._either_slash(lam):
            self._repeat(self.param_maybe_default, lam)
            if self._type() == "/":
                self.error_at(self.tokens[self.pos], "/ may appear only once")
        self.pos = pos
        # [slash] param_maybe_default* '*' (',' | param_no_default) param_maybe_default* a='/'
        if not self._either_slash(lam):
            self.pos = pos
        self._repeat(self.param_maybe_default, lam)
        if self._type() == "*":
            self.pos += 1
            if self._type() == ",":
                self.pos += 1
                ok = True
            else:
                ok = self.param_no_default(lam) is not None
            if ok:
                self._repeat(self.param_maybe_default, lam)
                if self._type() == "/":
                    self.error_at(self.tokens[self.pos], "/ must be ahead of *")
        self.pos = pos
        # param_maybe_default+ '/' a='*'
        if self._repeat(self.param_maybe_default, lam) and self._type() == "/" and \
                self._type(1) == "*":
            self.error_at(self.tokens[self.pos + 1], "expected comma between / and *")
        self.pos = pos
        del closer

    def _either_slash(self, lam: bool) -> bool:
        mark = self.pos
        if self.slash_no_default(lam) is not None:
            return True
        self.pos = mark
        if self.slash_with_default(lam) is not None:
            return True
        self.pos = mark
        return False

    def invalid_default(self, *args) -> None:
        if not self.v310:
            return None
        if not self.v311:
            return None
        tok = self.tokens[self.pos]
        if tok.type == "=" and self._type(1) in (")", ","):
            self.error_at(tok, "expected default value expression")

    def _non_default_after_default_38(self, lam: bool, closer: str) -> None:
        """3.8's ast_for_arguments: a parameter without a default after one with
        a default (a '/' between them or not), blamed on the whole list."""
        pos = self.pos
        seen_default = False
        while True:
            mark = self.pos
            if self._type() == "/" and self._type(1) in (",", closer):
                self.pos += 2 if self._type(1) == "," else 1
                continue
            if self.param_with_default(lam) is not None:
                seen_default = True
                continue
            self.pos = mark
            if self.param_no_default(lam) is None:
                break
            if seen_default:
                self.error_at(self.tokens[pos], "non-default argument follows default argument")
        self.pos = pos

    def invalid_star_etc(self, lam: bool = False, *args) -> None:
        pos = self.pos
        tokens = self.tokens
        star = tokens[pos]
        if star.type != "*":
            return None
        closer = ":" if lam else ")"
        nxt = self._type(1)
        if nxt == closer or (nxt == "," and self._type(2) in (closer, "**")):
            if not self.peg and nxt == "," and self._type(2) == "**":
                # 3.8 (ast.c): at what follows "*,"
                self.error_at(tokens[pos + 2], "named arguments must follow bare *")
            if (self.param_error_locations and not lam) or not self.peg:
                self.error_at(star, "named arguments must follow bare *")
            self.syntax("named arguments must follow bare *")
        if not lam and nxt == "," and self._type(2) == "TYPE_COMMENT":
            self.syntax("bare * has associated type comment")
        if not self.v311:
            return None
        self.pos += 1
        if self.param(lam) is not None and self._type() == "=":
            self.error_at(tokens[self.pos], "var-positional argument cannot have default value")
        self.pos = pos + 1
        if self._type() == ",":
            self.pos += 1
            ok = True
        else:
            ok = self.param_no_default(lam) is not None
        if ok:
            self._repeat(self.param_maybe_default, lam)
            if self._type() == "*":
                second = tokens[self.pos]
                self.pos += 1
                if self._type() == "," or self.param_no_default(lam) is not None:
                    self.error_at(second, "* argument may appear only once")
        self.pos = pos

    def invalid_kwds(self, lam: bool = False, *args) -> None:
        if not self.v310:
            return None
        if not self.v311:
            return None
        pos = self.pos
        tokens = self.tokens
        if tokens[pos].type != "**":
            return None
        self.pos += 1
        if self.param(lam) is not None:
            if self._type() == "=":
                self.error_at(tokens[self.pos], "var-keyword argument cannot have default value")
            if self._type() == ",":
                self.pos += 1
                after = tokens[self.pos]
                if self.param(lam) is not None:
                    self.error_at(after, "arguments cannot follow var-keyword argument")
                if after.type in ("*", "**", "/"):
                    self.error_at(after, "arguments cannot follow var-keyword argument")
        self.pos = pos

    # -- match ------------------------------------------------------------------------

    def invalid_match_stmt(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type != "NAME" or keyword.string != "match":
            return None
        self.pos += 1
        if self.subject_expr() is not None and self._type() == "NEWLINE":
            self.syntax("expected ':'")
        self.pos = pos + 1
        if self.subject_expr() is not None and self._type() == ":":
            self.pos += 1
            if self._newline_no_indent():
                self.indentation_error("expected an indented block after 'match' statement on "
                                       "line %d" % keyword.lineno)
        self.pos = pos

    def invalid_case_block(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        keyword = self.tokens[pos]
        if keyword.type != "NAME" or keyword.string != "case":
            return None
        for want_colon in (False, True):
            self.pos = pos + 1
            if self.patterns() is None:
                continue
            if self._type() == "if":
                mark = self.pos
                self.pos += 1
                if self.named_expression() is None:
                    self.pos = mark
            if not want_colon:
                if self._type() == "NEWLINE":
                    self.syntax("expected ':'")
                continue
            if self._type() == ":":
                self.pos += 1
                if self._newline_no_indent():
                    self.indentation_error("expected an indented block after 'case' statement "
                                           "on line %d" % keyword.lineno)
        self.pos = pos

    def invalid_as_pattern(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        if self.or_pattern() is not None and self._type() == "as":
            self.pos += 1
            target = self.tokens[self.pos]
            if target.type == "NAME" and target.string == "_":
                self.error_at(target, "cannot use '_' as a target")
            if target.type != "NAME":
                value = self.expression()
                if value is not None:
                    self.error_at(value, "invalid pattern target")
        self.pos = pos

    def invalid_class_pattern(self, *args) -> None:
        if not self.v310:
            return None
        pos = self.pos
        if self.name_or_attr() is not None and self._type() == "(":
            self.pos += 1
            patterns = self.invalid_class_argument_pattern()
            if patterns:
                self.error_range(patterns[0], patterns[-1],
                                 "positional patterns follow keyword patterns")
        self.pos = pos

    def invalid_class_argument_pattern(self) -> Optional[list]:
        pos = self.pos
        mark = self.pos
        if self._separated(self.pattern) is None or self._type() != ",":
            self.pos = mark
        else:
            self.pos += 1
        if self._separated(self.keyword_pattern) is not None and self._type() == ",":
            self.pos += 1
            found = self._separated(self.pattern)
            if found is not None:
                return found
        self.pos = pos
        return None

    # -- 3.12+ --------------------------------------------------------------------------

    def invalid_replacement_field(self, *args) -> None:
        """The malformed replacement fields of an f-string (3.12+)."""
        pos = self.pos
        tokens = self.tokens
        if self._type() != "{":
            return None
        self.pos += 1
        after = tokens[self.pos]
        if after.type in ("=", "!", ":", "}"):
            self.error_at(after, "f-string: valid expression required before '%s'" % after.type)
        if not self._fstring_value():
            self.pos = pos + 1
            self.raise_error(SyntaxError, "f-string: expecting a valid expression after '{'",
                             use_mark=True)
        value_end = self.pos
        if self._type() not in ("=", "!", ":", "}"):
            self.raise_error(SyntaxError, "f-string: expecting '=', or '!', or ':', or '}'",
                             use_mark=True)
        if self._type() == "=":
            self.pos += 1
            if self._type() not in ("!", ":", "}"):
                self.raise_error(SyntaxError, "f-string: expecting '!', or ':', or '}'",
                                 use_mark=True)
        self.pos = value_end
        if self._type() == "=":
            self.pos += 1
        self.invalid_conversion_character()
        self.pos = value_end
        if self._type() == "=":
            self.pos += 1
        if self._type() == "!" and self._type(1) == "NAME":
            self.pos += 2
        if self._type() not in (":", "}"):
            self.raise_error(SyntaxError, "f-string: expecting ':' or '}'", use_mark=True)
        if self._type() == ":":
            self.pos += 1
            while True:
                if self._type() == "FSTRING_MIDDLE":
                    self.pos += 1
                    continue
                mark = self.pos
                if self.fstring_replacement_field() is None:
                    self.pos = mark
                    break
            if self._type() != "}":
                self.raise_error(SyntaxError, "f-string: expecting '}', or format specs",
                                 use_mark=True)
        self.pos = pos

    def _fstring_value(self) -> bool:
        mark = self.pos
        if self.yield_expr() is not None:
            return True
        self.pos = mark
        if self.star_expressions() is not None:
            return True
        self.pos = mark
        return False

    def invalid_conversion_character(self, *args) -> None:
        """'!' &(':' | '}') | '!' !NAME"""
        if self._type() != "!":
            return None
        if self._type(1) in (":", "}"):
            self.pos += 1
            self.raise_error(SyntaxError, "f-string: missing conversion character",
                             use_mark=True)
        if self._type(1) != "NAME":
            self.pos += 1
            self.raise_error(SyntaxError, "f-string: invalid conversion character",
                             use_mark=True)


    def invalid_type_params(self, *args) -> None:
        pos = self.pos
        tokens = self.tokens
        if tokens[pos].type == "[" and tokens[pos + 1].type == "]":
            self.error_starting_from(tokens[pos + 1], "Type parameter list cannot be empty")
        del pos


_AUGMENTED = frozenset(("+=", "-=", "*=", "@=", "/=", "%=", "&=", "|=", "^=", "<<=", ">>=",
                        "**=", "//="))


def _is_legacy_name(node: Any) -> bool:
    """``_PyPegen_check_legacy_stmt``: print or exec used as a statement."""
    return isinstance(node, ast.Name) and node.id in ("print", "exec")


def _last_comprehension_item(clauses: list) -> Any:
    """``_PyPegen_get_last_comprehension_item``: the last 'if' of the last
    clause, or its iterable."""
    last = clauses[-1]
    return last.ifs[-1] if last.ifs else last.iter


"""Statement rules of the grammar (``Grammar/python.gram``, STARTING RULES to
function parameters), one method per rule, alternatives in the grammar's order.
See :mod:`.expressions` for the conventions."""

from __future__ import annotations

import ast
from typing import Any, List, Optional

from .expressions import CUT, op_instance
from .pegen import STORE, host_node, ident

_AUGASSIGN = {
    "+=": ast.Add, "-=": ast.Sub, "*=": ast.Mult, "@=": ast.MatMult, "/=": ast.Div,
    "%=": ast.Mod, "&=": ast.BitAnd, "|=": ast.BitOr, "^=": ast.BitXor, "<<=": ast.LShift,
    ">>=": ast.RShift, "**=": ast.Pow, "//=": ast.FloorDiv,
}

# Statements that begin with a keyword no assignment or expression can begin
# with: the first pass goes straight to their rule (pegen would try, and fail
# on that same first token, the assignment and expression alternatives first).
_KEYWORD_STATEMENTS = frozenset((
    "return", "import", "from", "raise", "pass", "del", "assert", "break", "continue",
    "global", "nonlocal"))


class NameDefault:
    """A parameter and its default (``NameDefaultPair``)."""

    __slots__ = ("arg", "value")

    def __init__(self, arg: Any, value: Any):
        self.arg = arg
        self.value = value


class StarEtc:
    """What follows ``*`` in a parameter list (``StarEtc``)."""

    __slots__ = ("vararg", "kwonlyargs", "kwarg")

    def __init__(self, vararg: Any, kwonlyargs: Optional[List[NameDefault]], kwarg: Any):
        self.vararg = vararg
        self.kwonlyargs = kwonlyargs
        self.kwarg = kwarg


class StatementRules:
    """Mixin: modules, statements, blocks, definitions, parameters."""

    # -- start rules -----------------------------------------------------------

    def file(self) -> Optional[Any]:
        """file: [statements] ENDMARKER"""
        body = self.statements()
        if body is None:
            body = []
        if self.tokens[self.pos].type != "ENDMARKER":
            return None
        return ast.Module(body, self.make_type_ignores())

    def interactive(self) -> Optional[Any]:
        """interactive: statement_newline"""
        body = self.statement_newline()
        if body is None:
            return None
        return ast.Interactive(body)

    def eval_input(self) -> Optional[Any]:
        """eval: expressions NEWLINE* ENDMARKER"""
        body = self.expressions()
        if body is None:
            return None
        while self.tokens[self.pos].type == "NEWLINE":
            self.pos += 1
        if self.tokens[self.pos].type != "ENDMARKER":
            return None
        return ast.Expression(body)

    def func_type_input(self) -> Optional[Any]:
        """func_type: '(' [type_expressions] ')' '->' expression NEWLINE* ENDMARKER"""
        if self.expect("(") is None:
            return None
        mark = self.pos
        argtypes = self.type_expressions()
        if argtypes is None:
            self.pos = mark
            argtypes = []
        if self.expect(")") is None or self.expect("->") is None:
            return None
        returns = self.expression()
        if returns is None:
            return None
        while self.tokens[self.pos].type == "NEWLINE":
            self.pos += 1
        if self.tokens[self.pos].type != "ENDMARKER":
            return None
        return ast.FunctionType(argtypes, returns)

    def fstring_input(self) -> Optional[Any]:
        """fstring: star_expressions (the expression of an f-string, 3.9-3.11)"""
        return self.star_expressions()

    # -- statements ------------------------------------------------------------------

    def statements(self) -> Optional[List[Any]]:
        """statements: statement+"""
        body: List[Any] = []
        while True:
            mark = self.pos
            found = self.statement()
            if found is None:
                self.pos = mark
                break
            body.extend(found)
        return body or None

    def statement(self) -> Optional[List[Any]]:
        """statement: compound_stmt | simple_stmts"""
        pos = self.pos
        node = self.compound_stmt()
        if node is not None:
            return [node]
        self.pos = pos
        return self.simple_stmts()

    def statement_newline(self) -> Optional[List[Any]]:
        """statement_newline: compound_stmt NEWLINE | simple_stmts | NEWLINE | ENDMARKER"""
        pos = self.pos
        node = self.compound_stmt()
        if node is not None and self.expect("NEWLINE") is not None:
            return [node]
        self.pos = pos
        body = self.simple_stmts()
        if body is not None:
            return body
        self.pos = pos
        start = self.tokens[pos]
        if start.type == "NEWLINE":
            self.pos += 1
            return [self.locate(ast.Pass(), start)]
        if start.type == "ENDMARKER":
            self.interactive_exit()
        return None

    def simple_stmts(self) -> Optional[List[Any]]:
        """simple_stmts: simple_stmt !';' NEWLINE | ';'.simple_stmt+ [';'] NEWLINE"""
        pos = self.pos
        first = self.simple_stmt()
        if first is None:
            return None
        tokens = self.tokens
        if tokens[self.pos].type == "NEWLINE":
            self.pos += 1
            return [first]
        body = [first]
        while tokens[self.pos].type == ";":
            self.pos += 1
            mark = self.pos
            node = self.simple_stmt()
            if node is None:
                self.pos = mark
                break
            body.append(node)
        if tokens[self.pos].type != "NEWLINE":
            self.pos = pos
            return None
        self.pos += 1
        return body

    def simple_stmt(self) -> Optional[Any]:
        """simple_stmt (memo): assignment | [type_alias] | star_expressions
        | return/import/raise/pass/del/yield/assert/break/continue/global/nonlocal"""
        pos = self.pos
        memo = self.memo_simple_stmt
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        result = self._simple_stmt()
        memo[pos] = (result, self.pos)
        return result

    def _simple_stmt(self) -> Optional[Any]:
        pos = self.pos
        start = self.tokens[pos]
        kind = start.type
        if kind in _KEYWORD_STATEMENTS and not self.call_invalid_rules:
            return self._KEYWORD_RULES[kind](self)
        node = self.assignment()
        if node is not None:
            return node
        self.pos = pos
        if self.has_type_params and kind == "NAME" and start.string == "type":
            node = self.type_alias()
            if node is not None:
                return node
            self.pos = pos
        value = self.star_expressions()
        if value is not None:
            if not self.peg and self.tokens[self.pos].type == ":":
                # 3.8's annassign takes any target (ast.c rejects it later):
                # its parser reads on into the annotation.
                mark = self.pos
                self.pos += 1
                self.expression()
                self.pos = mark
            return self.locate(ast.Expr(value), start)
        self.pos = pos
        rule = self._KEYWORD_RULES.get(kind)
        if rule is not None:
            return rule(self)
        return None

    def _keyword_pass(self) -> Any:
        start = self.tokens[self.pos]
        self.pos += 1
        return self.locate(ast.Pass(), start)

    def _keyword_break(self) -> Any:
        start = self.tokens[self.pos]
        self.pos += 1
        return self.locate(ast.Break(), start)

    def _keyword_continue(self) -> Any:
        start = self.tokens[self.pos]
        self.pos += 1
        return self.locate(ast.Continue(), start)

    def compound_stmt(self) -> Optional[Any]:
        """compound_stmt: function_def | if_stmt | class_def | with_stmt | for_stmt
        | try_stmt | while_stmt | match_stmt (each guarded by its first token)."""
        tok = self.tokens[self.pos]
        kind = tok.type
        if kind == "def" or kind == "@" or kind == "async":
            pos = self.pos
            node = self.function_def()
            if node is not None or kind == "def":
                return node
            self.pos = pos
            if kind == "@":
                return self.class_def()
            node = self.with_stmt()
            if node is not None:
                return node
            self.pos = pos
            return self.for_stmt()
        rule = self._COMPOUND.get(kind)
        if rule is not None:
            return rule(self)
        if self.has_match and kind == "NAME" and tok.string == "match":
            return self.match_stmt()
        return None

    # -- simple statements -------------------------------------------------------------

    def assignment(self) -> Optional[Any]:
        """assignment: NAME ':' expression ['=' annotated_rhs]
        | ('(' single_target ')' | single_subscript_attribute_target) ':' expression
          ['=' annotated_rhs]
        | (star_targets '=')+ (yield_expr | star_expressions) !'=' [TYPE_COMMENT]
        | single_target augassign ~ (yield_expr | star_expressions)
        | invalid_assignment"""
        pos = self.pos
        tokens = self.tokens
        start = tokens[pos]
        if start.type == "NAME" and tokens[pos + 1].type == ":":
            self.pos += 2
            node = self._annotated(self.name_node(start, STORE), 1, start)
            if node is not None:
                return node
            self.pos = pos
        target = self._parenthesized_single_target()
        if target is None:
            self.pos = pos
            target = self.subscript_attribute_target(STORE)
        if target is not None and tokens[self.pos].type == ":":
            self.pos += 1
            node = self._annotated(target, 0, start)
            if node is not None:
                return node
        self.pos = pos
        node = self._assign(start)
        if node is not None:
            return node
        self.pos = pos
        node = self._augassign(start)
        if node is CUT:
            self.pos = pos
            return None
        if node is not None:
            return node
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_assignment()
            self.pos = pos
        return None

    def _parenthesized_single_target(self) -> Optional[Any]:
        if self.expect("(") is None:
            return None
        target = self.single_target()
        if target is None or self.expect(")") is None:
            return None
        return target

    def _annotated(self, target: Any, simple: int, start: Any) -> Optional[Any]:
        annotation = self.expression()
        if annotation is None:
            return None
        value = None
        if self.tokens[self.pos].type == "=":
            self.pos += 1
            mark = self.pos
            value = self.annotated_rhs()
            if value is None:
                self.pos = mark - 1
        return self.locate(ast.AnnAssign(target, annotation, value, simple), start)

    def annotated_rhs(self) -> Optional[Any]:
        """annotated_rhs: yield_expr | star_expressions"""
        value = self.yield_expr()
        if value is None:
            value = self.star_expressions()
        return value

    def _assign(self, start: Any) -> Optional[Any]:
        targets = []
        tokens = self.tokens
        while True:
            mark = self.pos
            target = self.star_targets()
            if target is None or tokens[self.pos].type != "=":
                self.pos = mark
                break
            self.pos += 1
            targets.append(target)
        if not targets:
            return None
        value = self.annotated_rhs()
        if value is None or tokens[self.pos].type == "=":
            return None
        type_comment = self.optional_type_comment()
        return self.locate(ast.Assign(targets, value, type_comment), start)

    def _augassign(self, start: Any) -> Any:
        target = self.single_target()
        if target is None:
            return None
        op = _AUGASSIGN.get(self.tokens[self.pos].type)
        if op is None:
            return None
        self.pos += 1
        if self.peg:
            value = self.annotated_rhs()
        else:
            # 3.8: augassign (yield_expr | testlist), no starred items
            value = self.yield_expr() or self.expressions()
        if value is None:
            return CUT
        return self.locate(ast.AugAssign(target, op_instance(op), value), start)

    def optional_type_comment(self) -> Optional[str]:
        tok = self.tokens[self.pos]
        if tok.type == "TYPE_COMMENT":
            self.pos += 1
            return tok.string
        return None

    def return_stmt(self) -> Optional[Any]:
        """return_stmt: 'return' [star_expressions]"""
        start = self.expect("return")
        if start is None:
            return None
        value = self.star_expressions()
        return self.locate(ast.Return(value), start)

    def raise_stmt(self) -> Optional[Any]:
        """raise_stmt: 'raise' expression ['from' expression] | 'raise'"""
        start = self.expect("raise")
        if start is None:
            return None
        exc = self.expression()
        cause = None
        if exc is not None and self.tokens[self.pos].type == "from":
            self.pos += 1
            cause = self.expression()
            if cause is None:
                self.pos -= 1
        return self.locate(ast.Raise(exc, cause), start)

    def global_stmt(self) -> Optional[Any]:
        """global_stmt: 'global' ','.NAME+"""
        return self._names_statement("global", ast.Global)

    def nonlocal_stmt(self) -> Optional[Any]:
        """nonlocal_stmt: 'nonlocal' ','.NAME+"""
        return self._names_statement("nonlocal", ast.Nonlocal)

    def _names_statement(self, keyword: str, cls: type) -> Optional[Any]:
        pos = self.pos
        start = self.expect(keyword)
        if start is None:
            return None
        names = self._name_list()
        if names is None:
            self.pos = pos
            return None
        return self.locate(cls(names), start)

    def _name_list(self) -> Optional[List[str]]:
        tok = self.expect("NAME")
        if tok is None:
            return None
        names = [ident(tok)]
        while self.tokens[self.pos].type == "," and self.tokens[self.pos + 1].type == "NAME":
            names.append(ident(self.tokens[self.pos + 1]))
            self.pos += 2
        return names

    def del_stmt(self) -> Optional[Any]:
        """del_stmt: 'del' del_targets &(';' | NEWLINE) | invalid_del_stmt"""
        pos = self.pos
        start = self.expect("del")
        if start is not None:
            targets = self.del_targets()
            if targets is not None and self.tokens[self.pos].type in (";", "NEWLINE"):
                return self.locate(ast.Delete(targets), start)
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_del_stmt()
            self.pos = pos
        return None

    def yield_stmt(self) -> Optional[Any]:
        """yield_stmt: yield_expr"""
        start = self.tokens[self.pos]
        value = self.yield_expr()
        if value is None:
            return None
        return self.locate(ast.Expr(value), start)

    def assert_stmt(self) -> Optional[Any]:
        """assert_stmt: 'assert' expression [',' expression]"""
        pos = self.pos
        start = self.expect("assert")
        if start is None:
            return None
        test = self.expression()
        if test is None:
            self.pos = pos
            return None
        msg = None
        if self.tokens[self.pos].type == ",":
            self.pos += 1
            msg = self.expression()
            if msg is None:
                self.pos -= 1
        return self.locate(ast.Assert(test, msg), start)

    def import_stmt(self) -> Optional[Any]:
        """import_stmt: [invalid_import] import_name | import_from"""
        if self.call_invalid_rules and self.type_param_defaults:
            pos = self.pos
            self.invalid_import()
            self.pos = pos
        if self.tokens[self.pos].type == "import":
            return self.import_name()
        return self.import_from()

    def import_name(self) -> Optional[Any]:
        """import_name: 'import' dotted_as_names"""
        pos = self.pos
        start = self.expect("import")
        names = self._separated(self.dotted_as_name)
        if names is None:
            self.pos = pos
            return None
        return self.locate(ast.Import(names), start)

    def import_from(self) -> Optional[Any]:
        """import_from: 'from' ('.' | '...')* dotted_name 'import' import_from_targets
        | 'from' ('.' | '...')+ 'import' import_from_targets"""
        pos = self.pos
        start = self.expect("from")
        if start is None:
            return None
        level = 0
        tokens = self.tokens
        while tokens[self.pos].type in (".", "..."):
            level += len(tokens[self.pos].type)
            self.pos += 1
        after_dots = self.pos
        module = self.dotted_name()
        if module is not None and self.expect("import") is not None:
            names = self.import_from_targets()
            if names is not None:
                return self.locate(ast.ImportFrom(module, names, level), start)
        self.pos = after_dots
        if level and self.expect("import") is not None:
            names = self.import_from_targets()
            if names is not None:
                return self.locate(ast.ImportFrom(None, names, level), start)
        self.pos = pos
        return None

    def import_from_targets(self) -> Optional[List[Any]]:
        """import_from_targets: '(' import_from_as_names [','] ')'
        | import_from_as_names !',' | '*' | invalid_import_from_targets"""
        pos = self.pos
        tokens = self.tokens
        if tokens[pos].type == "(":
            self.pos += 1
            names = self._separated(self.import_from_as_name)
            if names is not None:
                if tokens[self.pos].type == ",":
                    self.pos += 1
                if self.expect(")") is not None:
                    return names
            self.pos = pos
        names = self._separated(self.import_from_as_name)
        if names is not None and tokens[self.pos].type != ",":
            return names
        self.pos = pos
        star = self.expect("*")
        if star is not None:
            return [self.alias_node("*", None, star, star)]
        if self.call_invalid_rules:
            self.invalid_import_from_targets()
            self.pos = pos
        return None

    def import_from_as_name(self) -> Optional[Any]:
        """import_from_as_name: NAME ['as' NAME]"""
        name = self.expect("NAME")
        if name is None:
            return None
        asname = self._as_name()
        return self.alias_node(ident(name), asname and ident(asname), name,
                               asname or name)

    def dotted_as_name(self) -> Optional[Any]:
        """dotted_as_name: dotted_name ['as' NAME]"""
        start = self.tokens[self.pos]
        name = self.dotted_name()
        if name is None:
            return None
        asname = self._as_name()
        return self.alias_node(name, asname and ident(asname), start, self.last_token())

    def _as_name(self) -> Optional[Any]:
        if self.tokens[self.pos].type == "as" and self.tokens[self.pos + 1].type == "NAME":
            self.pos += 2
            return self.tokens[self.pos - 1]
        return None

    def alias_node(self, name: str, asname: Optional[str], first: Any, last: Any) -> Any:
        node = ast.alias(name, asname)
        if self.v310:
            self.span(node, first, last)
        return node

    def dotted_name(self) -> Optional[str]:
        """dotted_name: dotted_name '.' NAME | NAME"""
        tok = self.expect("NAME")
        if tok is None:
            return None
        parts = [ident(tok)]
        tokens = self.tokens
        while tokens[self.pos].type == "." and tokens[self.pos + 1].type == "NAME":
            parts.append(ident(tokens[self.pos + 1]))
            self.pos += 2
        return ".".join(parts)

    # -- blocks and compound statements ---------------------------------------------------

    def block(self) -> Optional[List[Any]]:
        """block (memo): NEWLINE INDENT statements DEDENT | simple_stmts | invalid_block"""
        pos = self.pos
        memo = self.memo_block
        hit = memo.get(pos)
        if hit is not None:
            self.pos = hit[1]
            return hit[0]
        result = self._block()
        memo[pos] = (result, self.pos)
        return result

    def _block(self) -> Optional[List[Any]]:
        pos = self.pos
        tokens = self.tokens
        if tokens[pos].type == "NEWLINE":
            if tokens[pos + 1].type == "INDENT":
                self.pos += 2
                body = self.statements()
                if body is not None and tokens[self.pos].type == "DEDENT":
                    self.pos += 1
                    return body
            self.pos = pos
        body = self.simple_stmts()
        if body is not None:
            return body
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_block()
            self.pos = pos
        return None

    def decorators(self) -> Optional[List[Any]]:
        """decorators: ('@' named_expression NEWLINE)+ (3.8: '@' dotted_name
        ['(' [arguments] ')'] NEWLINE)"""
        found = []
        tokens = self.tokens
        while tokens[self.pos].type == "@":
            mark = self.pos
            self.pos += 1
            value = self.named_expression() if self.any_decorator else self.legacy_decorator()
            if value is None or tokens[self.pos].type != "NEWLINE":
                self.pos = mark
                break
            self.pos += 1
            found.append(value)
        return found or None

    def class_def(self) -> Optional[Any]:
        """class_def: decorators class_def_raw | class_def_raw"""
        pos = self.pos
        decorators = self.decorators()
        if decorators is not None:
            node = self.class_def_raw()
            if node is not None:
                node.decorator_list = decorators
                return node
        self.pos = pos
        return self.class_def_raw()

    def class_def_raw(self) -> Optional[Any]:
        """class_def_raw: invalid_class_def_raw
        | 'class' NAME [type_params] ['(' [arguments] ')'] ':' block"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_class_def_raw()
            self.pos = pos
        start = self.expect("class")
        if start is None:
            return None
        name = self.expect("NAME")
        if name is None:
            self.pos = pos
            return None
        type_params = self.optional_type_params()
        bases: List[Any] = []
        keywords: List[Any] = []
        if self.tokens[self.pos].type == "(":
            mark = self.pos
            self.pos += 1
            args = self.arguments()
            if self.expect(")") is not None:
                if args is not None:
                    bases, keywords = args
            else:
                self.pos = mark
        if self.class_colon() is None:
            self.pos = pos
            return None
        body = self.block()
        if body is None:
            self.pos = pos
            return None
        node = ast.ClassDef(ident(name), bases, keywords, body, [])
        if self.has_type_params:
            node.type_params = type_params or []
        return self.locate(node, start)

    def class_colon(self) -> Optional[Any]:
        return self.expect(":")

    def function_def(self) -> Optional[Any]:
        """function_def: decorators function_def_raw | function_def_raw"""
        pos = self.pos
        decorators = self.decorators()
        if decorators is not None:
            node = self.function_def_raw()
            if node is not None:
                node.decorator_list = decorators
                return node
        self.pos = pos
        return self.function_def_raw()

    def function_def_raw(self) -> Optional[Any]:
        """function_def_raw: invalid_def_raw
        | [ASYNC] 'def' NAME [type_params] &&'(' [params] ')' ['->' expression] &&':'
          [func_type_comment] block"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_def_raw()
            self.pos = pos
        start = self.tokens[pos]
        is_async = start.type == "async"
        if is_async:
            self.pos += 1
        if self.expect("def") is None:
            self.pos = pos
            return None
        name = self.expect("NAME")
        if name is None:
            self.pos = pos
            return None
        type_params = self.optional_type_params()
        paren = self.forced_token("(") if self.target.frontend("def_paren_forced") \
            else self.expect("(")
        if paren is None:
            self.pos = pos
            return None
        mark = self.pos
        args = self.params()
        if args is None:
            self.pos = mark
            args = self.empty_arguments()
        if self.expect(")") is None:
            self.pos = pos
            return None
        returns = None
        if self.tokens[self.pos].type == "->":
            self.pos += 1
            returns = self.expression()
            if returns is None:
                self.pos -= 1
        colon = self.expect(":") if self.target.frontend("def_forced_in_invalid_rule") \
            else self.forced_token(":")
        if colon is None:
            self.pos = pos
            return None
        type_comment = self.func_type_comment()
        body = self.block()
        if body is None:
            self.pos = pos
            return None
        cls = ast.AsyncFunctionDef if is_async else ast.FunctionDef
        node = cls(ident(name), args, body, [], returns, type_comment)
        if self.has_type_params:
            node.type_params = type_params or []
        return self.locate(node, start)

    def forced_token(self, kind: str) -> Optional[Any]:
        """``&&'x'`` (3.10+): the token must come; if it does not, that is the
        error, raised at once (even in the first pass)."""
        tok = self.tokens[self.pos]
        if tok.type == kind:
            self.pos += 1
            return tok
        if self.v310:
            self.error_at(tok, "expected '%s'" % kind)
        return None

    def func_type_comment(self) -> Optional[str]:
        """func_type_comment: NEWLINE TYPE_COMMENT &(NEWLINE INDENT)
        | invalid_double_type_comments | TYPE_COMMENT"""
        tokens = self.tokens
        pos = self.pos
        if tokens[pos].type == "NEWLINE" and tokens[pos + 1].type == "TYPE_COMMENT" and \
                tokens[pos + 2].type == "NEWLINE" and tokens[pos + 3].type == "INDENT":
            self.pos += 2
            return tokens[pos + 1].string
        if self.call_invalid_rules:
            self.invalid_double_type_comments()
            self.pos = pos
        return self.optional_type_comment()

    def if_stmt(self, keyword: str = "if") -> Optional[Any]:
        """if_stmt: invalid_if_stmt | 'if' named_expression ':' block elif_stmt
        | 'if' named_expression ':' block [else_block]  (elif_stmt alike)"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_if_stmt(keyword)
            self.pos = pos
        start = self.expect(keyword)
        if start is None:
            return None
        test = self.named_expression()
        if test is None or self.expect(":") is None:
            self.pos = pos
            return None
        body = self.block()
        if body is None:
            self.pos = pos
            return None
        mark = self.pos
        if self.tokens[mark].type == "elif":
            elif_node = self.if_stmt("elif")
            if elif_node is not None:
                return self.locate(ast.If(test, body, [elif_node]), start)
            self.pos = mark
        orelse = self.else_block()
        if orelse is None:
            self.pos = mark
            orelse = []
        return self.locate(ast.If(test, body, orelse), start)

    def else_block(self) -> Optional[List[Any]]:
        """else_block: invalid_else_stmt | 'else' &&':' block"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_else_stmt()
            self.pos = pos
        if self.expect("else") is None:
            return None
        if self.else_colon() is None:
            self.pos = pos
            return None
        body = self.block()
        if body is None:
            self.pos = pos
        return body

    def else_colon(self) -> Optional[Any]:
        return self.forced_token(":")

    def while_stmt(self) -> Optional[Any]:
        """while_stmt: invalid_while_stmt | 'while' named_expression ':' block [else_block]"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_while_stmt()
            self.pos = pos
        start = self.expect("while")
        if start is None:
            return None
        test = self.named_expression()
        if test is None or self.while_colon() is None:
            self.pos = pos
            return None
        body = self.block()
        if body is None:
            self.pos = pos
            return None
        mark = self.pos
        orelse = self.else_block()
        if orelse is None:
            self.pos = mark
            orelse = []
        return self.locate(ast.While(test, body, orelse), start)

    def while_colon(self) -> Optional[Any]:
        return self.expect(":")

    def for_stmt(self) -> Optional[Any]:
        """for_stmt: invalid_for_stmt | [ASYNC] 'for' star_targets 'in' ~
        star_expressions ':' [TYPE_COMMENT] block [else_block] | invalid_for_target"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_for_stmt()
            self.pos = pos
        start = self.tokens[pos]
        is_async = start.type == "async"
        if is_async:
            self.pos += 1
        if self.expect("for") is not None:
            target = self.star_targets()
            if target is not None and self.expect("in") is not None:
                node = self._for_rest(start, target, is_async)
                if node is CUT:
                    self.pos = pos
                    return None
                if node is not None:
                    return node
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_for_target()
            self.pos = pos
        return None

    def _for_rest(self, start: Any, target: Any, is_async: bool) -> Any:
        # (3.8: 'in' testlist, no starred items)
        iterable = self.star_expressions() if self.peg else self.expressions()
        if iterable is None or self.for_colon() is None:
            return CUT
        type_comment = self.optional_type_comment()
        body = self.block()
        if body is None:
            return CUT
        mark = self.pos
        orelse = self.else_block()
        if orelse is None:
            self.pos = mark
            orelse = []
        cls = ast.AsyncFor if is_async else ast.For
        return self.locate(cls(target, iterable, body, orelse, type_comment), start)

    def for_colon(self) -> Optional[Any]:
        return self.expect(":")

    def with_stmt(self) -> Optional[Any]:
        """with_stmt: invalid_with_stmt_indent
        | [ASYNC] 'with' '(' ','.with_item+ ','? ')' ':' block
        | [ASYNC] 'with' ','.with_item+ ':' [TYPE_COMMENT] block | invalid_with_stmt"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_with_stmt_indent()
            self.pos = pos
        start = self.tokens[pos]
        is_async = start.type == "async"
        if is_async:
            self.pos += 1
        if self.expect("with") is None:
            self.pos = pos
            return None
        after_with = self.pos
        cls = ast.AsyncWith if is_async else ast.With
        if self.parenthesized_with and self.tokens[self.pos].type == "(":
            self.pos += 1
            items = self._separated(self.with_item)
            if items is not None:
                if self.tokens[self.pos].type == ",":
                    self.pos += 1
                if self.expect(")") is not None and self.expect(":") is not None:
                    body = self.block()
                    if body is not None:
                        return self.locate(cls(items, body, None), start)
            self.pos = after_with
        items = self._separated(self.with_item)
        if items is not None and self.with_colon() is not None:
            type_comment = self.optional_type_comment()
            body = self.block()
            if body is not None:
                return self.locate(cls(items, body, type_comment), start)
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_with_stmt()
            self.pos = pos
        return None

    def with_colon(self) -> Optional[Any]:
        return self.expect(":")

    def with_item(self) -> Optional[Any]:
        """with_item: expression 'as' star_target &(',' | ')' | ':') | invalid_with_item
        | expression"""
        pos = self.pos
        context = self.expression()
        if context is None:
            return None
        after = self.pos
        if self.tokens[after].type == "as":
            self.pos += 1
            target = self.star_target()
            if target is not None and self.tokens[self.pos].type in (",", ")", ":"):
                return ast.withitem(context, target)
            self.pos = after
        if self.call_invalid_rules:
            self.pos = pos
            self.invalid_with_item()
            self.pos = after
        return ast.withitem(context, None)

    def try_stmt(self) -> Optional[Any]:
        """try_stmt: invalid_try_stmt | 'try' &&':' block finally_block
        | 'try' &&':' block except_block+ [else_block] [finally_block]
        | 'try' &&':' block except_star_block+ [else_block] [finally_block]"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_try_stmt()
            self.pos = pos
        start = self.expect("try")
        if start is None:
            return None
        if self.forced_token(":") is None:
            self.pos = pos
            return None
        body = self.block()
        if body is None:
            self.pos = pos
            return None
        after_body = self.pos
        final = self.finally_block()
        if final is not None:
            return self.locate(ast.Try(body, [], [], final), start)
        self.pos = after_body
        for star in (False, True) if self.has_except_star else (False,):
            handlers = []
            while True:
                mark = self.pos
                handler = self.except_block(star)
                if handler is None:
                    self.pos = mark
                    break
                handlers.append(handler)
            if handlers:
                return self._try_rest(start, body, handlers, star)
            self.pos = after_body
        self.pos = pos
        return None

    def _try_rest(self, start: Any, body: list, handlers: list, star: bool) -> Any:
        mark = self.pos
        orelse = self.else_block()
        if orelse is None:
            self.pos = mark
            orelse = []
        mark = self.pos
        final = self.finally_block()
        if final is None:
            self.pos = mark
            final = []
        cls = host_node("TryStar") if star else ast.Try
        return self.locate(cls(body, handlers, orelse, final), start)

    def except_block(self, star: bool = False) -> Optional[Any]:
        """except_block: invalid_except_stmt_indent | 'except' expression ['as' NAME]
        ':' block | 'except' ':' block | invalid_except_stmt  (except_star_block:
        'except' '*' expression ['as' NAME] ':' block)"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_except_stmt_indent(star)
            self.pos = pos
        start = self.expect("except")
        if start is not None:
            if star and self.expect("*") is None:
                self.pos = pos
                return None
            mark = self.pos
            kind = self.expression()
            if kind is not None:
                name = self._as_name()
                if self.expect(":") is not None:
                    body = self.block()
                    if body is not None:
                        return self.locate(ast.ExceptHandler(kind, name and ident(name), body),
                                           start)
            self.pos = mark
            if not star and self.expect(":") is not None:
                body = self.block()
                if body is not None:
                    return self.locate(ast.ExceptHandler(None, None, body), start)
        self.pos = pos
        if self.call_invalid_rules:
            self.invalid_except_stmt()
            self.pos = pos
        return None

    def finally_block(self) -> Optional[List[Any]]:
        """finally_block: invalid_finally_stmt | 'finally' &&':' block"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_finally_stmt()
            self.pos = pos
        if self.expect("finally") is None:
            return None
        if self.forced_token(":") is None:
            self.pos = pos
            return None
        body = self.block()
        if body is None:
            self.pos = pos
        return body

    # -- type parameters (3.12+) -----------------------------------------------------------

    def type_alias(self) -> Optional[Any]:
        """type_alias: "type" NAME [type_params] '=' expression"""
        pos = self.pos
        start = self.expect_soft("type")
        name = self.expect("NAME")
        if start is None or name is None:
            self.pos = pos
            return None
        type_params = self.optional_type_params()
        if self.expect("=") is None:
            self.pos = pos
            return None
        value = self.expression()
        if value is None:
            self.pos = pos
            return None
        alias = host_node("TypeAlias")(self.name_node(name, STORE), type_params or [], value)
        return self.locate(alias, start)

    def optional_type_params(self) -> Optional[List[Any]]:
        if not self.has_type_params or self.tokens[self.pos].type != "[":
            return None
        mark = self.pos
        params = self.type_params()
        if params is None:
            self.pos = mark
        return params

    def type_params(self) -> Optional[List[Any]]:
        """type_params: '[' type_param_seq ']'"""
        pos = self.pos
        if self.call_invalid_rules and self.type_param_defaults:
            self.invalid_type_params()
            self.pos = pos
        if self.expect("[") is None:
            return None
        params = []
        while True:
            mark = self.pos
            param = self.type_param()
            if param is None:
                self.pos = mark
                break
            params.append(param)
            if self.tokens[self.pos].type != ",":
                break
            self.pos += 1
        if not params or self.expect("]") is None:
            self.pos = pos
            return None
        return params

    def type_param(self) -> Optional[Any]:
        """type_param: NAME [type_param_bound] [type_param_default]
        | '*' NAME [':' expression (error)] [type_param_starred_default]
        | '**' NAME [':' expression (error)] [type_param_default]"""
        pos = self.pos
        start = self.tokens[pos]
        if start.type == "NAME":
            self.pos += 1
            bound = None
            if self.tokens[self.pos].type == ":":
                self.pos += 1
                bound = self.expression()
                if bound is None:
                    self.pos -= 1
            default = self._type_param_default(False)
            node = host_node("TypeVar")(ident(start), bound)
            if self.type_param_defaults:
                node.default_value = default
            return self.locate(node, start)
        if start.type in ("*", "**"):
            name = self.tokens[pos + 1]
            if name.type != "NAME":
                return None
            self.pos += 2
            colon = self.tokens[self.pos]
            if colon.type == ":":
                self.pos += 1
                bound = self.expression()
                if bound is not None:
                    what = "TypeVarTuple" if start.type == "*" else "ParamSpec"
                    kind = "constraints" if isinstance(bound, ast.Tuple) else "bound"
                    self.error_starting_from(colon, "cannot use %s with %s" % (kind, what))
                self.pos -= 1
            default = self._type_param_default(start.type == "*")
            cls = host_node("TypeVarTuple") if start.type == "*" else host_node("ParamSpec")
            node = cls(ident(name))
            if self.type_param_defaults:
                node.default_value = default
            return self.locate(node, start)
        return None

    def _type_param_default(self, starred: bool) -> Optional[Any]:
        if not self.type_param_defaults or self.tokens[self.pos].type != "=":
            return None
        mark = self.pos
        self.pos += 1
        value = self.star_expression() if starred else self.expression()
        if value is None:
            self.pos = mark
        return value

    def type_expressions(self) -> Optional[List[Any]]:
        """type_expressions: ','.expression+ [',' '*' expression] [',' '**' expression]
        | '*' expression [',' '**' expression] | '**' expression (the stars dropped)"""
        pos = self.pos
        items = self._separated(self.expression)
        tokens = self.tokens
        if items is not None:
            for star in ("*", "**"):
                mark = self.pos
                if tokens[mark].type == "," and tokens[mark + 1].type == star:
                    self.pos += 2
                    value = self.expression()
                    if value is None:
                        self.pos = mark
                        break
                    items.append(value)
            return items
        self.pos = pos
        items = []
        for star in ("*", "**"):
            mark = self.pos
            if items and tokens[mark].type == ",":
                self.pos += 1
            if tokens[self.pos].type == star:
                self.pos += 1
                value = self.expression()
                if value is not None:
                    items.append(value)
                    continue
            self.pos = mark
        return items or None

    def make_type_ignores(self) -> List[Any]:
        return [ast.TypeIgnore(lineno, tag) for lineno, tag in self.type_ignores]


StatementRules._KEYWORD_RULES = {
    "return": StatementRules.return_stmt,
    "import": StatementRules.import_stmt,
    "from": StatementRules.import_stmt,
    "raise": StatementRules.raise_stmt,
    "pass": StatementRules._keyword_pass,
    "del": StatementRules.del_stmt,
    "yield": StatementRules.yield_stmt,
    "assert": StatementRules.assert_stmt,
    "break": StatementRules._keyword_break,
    "continue": StatementRules._keyword_continue,
    "global": StatementRules.global_stmt,
    "nonlocal": StatementRules.nonlocal_stmt,
}

StatementRules._COMPOUND = {
    "if": StatementRules.if_stmt,
    "class": StatementRules.class_def,
    "with": StatementRules.with_stmt,
    "for": StatementRules.for_stmt,
    "try": StatementRules.try_stmt,
    "while": StatementRules.while_stmt,
}


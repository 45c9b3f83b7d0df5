"""Parameter lists of ``def`` and ``lambda`` (grammar: "Function parameters" and
"Lambda functions").  The two grammars differ only in what closes the list
(``)`` or ``:``), in annotations and in type comments, so one set of methods
serves both, switched by ``lam``."""

from __future__ import annotations

import ast
from typing import Any, List, Optional

from .pegen import ident
from .statements import NameDefault, StarEtc


class ParameterRules:
    """Mixin: params, lambda_params and their helpers."""

    def params(self) -> Optional[Any]:
        """params: invalid_parameters | parameters"""
        return self._parameters(False)

    def lambda_params(self) -> Optional[Any]:
        """lambda_params: invalid_lambda_parameters | lambda_parameters"""
        return self._parameters(True)

    def _parameters(self, lam: bool) -> Optional[Any]:
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_parameters(lam)
            self.pos = pos
        for alternative in (self._params_slash_no_default, self._params_slash_with_default,
                            self._params_plain, self._params_defaults, self._params_star):
            result = alternative(lam)
            if result is not None:
                return result
            self.pos = pos
        return None

    def _params_slash_no_default(self, lam: bool) -> Optional[Any]:
        slash = self.slash_no_default(lam)
        if slash is None:
            return None
        plain = self._repeat(self.param_no_default, lam)
        defaults = self._repeat(self.param_with_default, lam)
        star = self._optional_star_etc(lam)
        return self.make_arguments(slash, None, plain, defaults, star)

    def _params_slash_with_default(self, lam: bool) -> Optional[Any]:
        slash = self.slash_with_default(lam)
        if slash is None:
            return None
        defaults = self._repeat(self.param_with_default, lam)
        star = self._optional_star_etc(lam)
        return self.make_arguments(None, slash, None, defaults, star)

    def _params_plain(self, lam: bool) -> Optional[Any]:
        plain = self._repeat(self.param_no_default, lam)
        if not plain:
            return None
        defaults = self._repeat(self.param_with_default, lam)
        star = self._optional_star_etc(lam)
        return self.make_arguments(None, None, plain, defaults, star)

    def _params_defaults(self, lam: bool) -> Optional[Any]:
        defaults = self._repeat(self.param_with_default, lam)
        if not defaults:
            return None
        star = self._optional_star_etc(lam)
        return self.make_arguments(None, None, None, defaults, star)

    def _params_star(self, lam: bool) -> Optional[Any]:
        star = self.star_etc(lam)
        if star is None:
            return None
        return self.make_arguments(None, None, None, None, star)

    def _repeat(self, rule, lam: bool) -> list:
        found = []
        while True:
            mark = self.pos
            item = rule(lam)
            if item is None:
                self.pos = mark
                return found
            found.append(item)

    def _optional_star_etc(self, lam: bool) -> Optional[StarEtc]:
        mark = self.pos
        star = self.star_etc(lam)
        if star is None:
            self.pos = mark
        return star

    def slash_no_default(self, lam: bool) -> Optional[List[Any]]:
        """slash_no_default: param_no_default+ '/' ',' | param_no_default+ '/' &')'"""
        pos = self.pos
        names = self._repeat(self.param_no_default, lam)
        if names and self.expect("/") is not None:
            if self.expect(",") is not None or self.tokens[self.pos].type == self._closer(lam):
                return names
        self.pos = pos
        return None

    def slash_with_default(self, lam: bool) -> Optional[tuple]:
        """slash_with_default: param_no_default* param_with_default+ '/' ','
        | param_no_default* param_with_default+ '/' &')'"""
        pos = self.pos
        plain = self._repeat(self.param_no_default, lam)
        defaults = self._repeat(self.param_with_default, lam)
        if defaults and self.expect("/") is not None:
            if self.expect(",") is not None or self.tokens[self.pos].type == self._closer(lam):
                return (plain, defaults)
        self.pos = pos
        return None

    def star_etc(self, lam: bool) -> Optional[StarEtc]:
        """star_etc: invalid_star_etc | '*' param_no_default param_maybe_default* [kwds]
        | '*' param_no_default_star_annotation param_maybe_default* [kwds]
        | '*' ',' param_maybe_default+ [kwds] | kwds"""
        pos = self.pos
        if self.call_invalid_rules and self.v310:
            self.invalid_star_etc(lam)
            self.pos = pos
        if self.tokens[pos].type == "*":
            self.pos += 1
            vararg = self.param_no_default(lam)
            if vararg is None and not lam and self.starred_subscripts:
                self.pos = pos + 1
                vararg = self.param_no_default(lam, star_annotation=True)
            if vararg is not None:
                kwonly = self._repeat(self.param_maybe_default, lam)
                return StarEtc(vararg, kwonly, self._optional_kwds(lam))
            self.pos = pos + 1
            if self.expect(",") is not None:
                kwonly = self._repeat(self.param_maybe_default, lam)
                if kwonly:
                    return StarEtc(None, kwonly, self._optional_kwds(lam))
            self.pos = pos
        kwarg = self.kwds(lam)
        if kwarg is None:
            self.pos = pos
            if self.call_invalid_rules and not self.v310:
                # 3.9 tried its invalid_star_etc last.
                self.invalid_star_etc(lam)
                self.pos = pos
            return None
        return StarEtc(None, None, kwarg)

    def _optional_kwds(self, lam: bool) -> Optional[Any]:
        mark = self.pos
        kwarg = self.kwds(lam)
        if kwarg is None:
            self.pos = mark
        return kwarg

    def kwds(self, lam: bool) -> Optional[Any]:
        """kwds: invalid_kwds | '**' param_no_default"""
        pos = self.pos
        if self.call_invalid_rules:
            self.invalid_kwds(lam)
            self.pos = pos
        if self.expect("**") is None:
            return None
        arg = self.param_no_default(lam)
        if arg is None:
            self.pos = pos
        return arg

    def _closer(self, lam: bool) -> str:
        return ":" if lam else ")"

    def param_no_default(self, lam: bool, star_annotation: bool = False) -> Optional[Any]:
        """param_no_default: param ',' TYPE_COMMENT? | param TYPE_COMMENT? &')'"""
        pos = self.pos
        arg = self.param(lam, star_annotation)
        if arg is None:
            return None
        type_comment = self._param_end(lam)
        if type_comment is False:
            self.pos = pos
            return None
        if type_comment:
            arg.type_comment = type_comment
        return arg

    def param_with_default(self, lam: bool) -> Optional[NameDefault]:
        """param_with_default: param default ',' TYPE_COMMENT? | param default
        TYPE_COMMENT? &')'"""
        pos = self.pos
        arg = self.param(lam)
        if arg is None:
            return None
        value = self.default()
        if value is None:
            self.pos = pos
            return None
        type_comment = self._param_end(lam)
        if type_comment is False:
            self.pos = pos
            return None
        if type_comment:
            arg.type_comment = type_comment
        return NameDefault(arg, value)

    def param_maybe_default(self, lam: bool) -> Optional[NameDefault]:
        """param_maybe_default: param default? ',' TYPE_COMMENT? | param default?
        TYPE_COMMENT? &')'"""
        pos = self.pos
        arg = self.param(lam)
        if arg is None:
            return None
        mark = self.pos
        value = self.default()
        if value is None:
            self.pos = mark
        type_comment = self._param_end(lam)
        if type_comment is False:
            self.pos = pos
            return None
        if type_comment:
            arg.type_comment = type_comment
        return NameDefault(arg, value)

    def _param_end(self, lam: bool) -> Any:
        """After a parameter: ',' [TYPE_COMMENT], or [TYPE_COMMENT] before the
        closer.  The type comment (or None), or False when neither fits."""
        tokens = self.tokens
        if tokens[self.pos].type == ",":
            self.pos += 1
            if lam:
                return None
            return self.optional_type_comment()
        mark = self.pos
        type_comment = None if lam else self.optional_type_comment()
        if tokens[self.pos].type == self._closer(lam):
            return type_comment
        self.pos = mark
        return False

    def param(self, lam: bool, star_annotation: bool = False) -> Optional[Any]:
        """param: NAME annotation? (lambda_param: NAME; param_star_annotation:
        NAME star_annotation)"""
        start = self.tokens[self.pos]
        if start.type != "NAME":
            return None
        self.pos += 1
        annotation = None
        if not lam and self.tokens[self.pos].type == ":":
            self.pos += 1
            annotation = self.star_expression() if star_annotation else self.expression()
            if annotation is None:
                self.pos -= 1
        if star_annotation and annotation is None:
            self.pos -= 1
            return None
        return self.locate(ast.arg(ident(start), annotation, None), start)

    def default(self) -> Optional[Any]:
        """default: '=' expression | invalid_default"""
        pos = self.pos
        if self.tokens[pos].type == "=":
            self.pos += 1
            value = self.expression()
            if value is not None:
                return value
            self.pos = pos
        if self.call_invalid_rules:
            self.invalid_default()
            self.pos = pos
        return None

    def empty_arguments(self) -> Any:
        return ast.arguments([], [], None, [], [], None, [])

    def make_arguments(self, slash_plain: Optional[list], slash_with_default: Optional[tuple],
                       plain: Optional[list], defaults: Optional[list],
                       star: Optional[StarEtc]) -> Any:
        """``_PyPegen_make_arguments``: assemble ``ast.arguments`` from the parts."""
        if slash_plain is not None:
            posonly = list(slash_plain)
        elif slash_with_default is not None:
            posonly = list(slash_with_default[0]) + [p.arg for p in slash_with_default[1]]
        else:
            posonly = []
        args = list(plain or []) + [p.arg for p in defaults or []]
        pos_defaults = []
        if slash_with_default is not None:
            pos_defaults = [p.value for p in slash_with_default[1]]
        pos_defaults += [p.value for p in defaults or []]
        vararg = star.vararg if star is not None else None
        kwonly = star.kwonlyargs if star is not None and star.kwonlyargs is not None else []
        kwarg = star.kwarg if star is not None else None
        if not self.peg:
            for pair in kwonly:
                # 3.8: a keyword-only parameter's position is its name alone.
                arg = pair.arg
                arg.end_lineno = arg.lineno
                width = len(arg.arg.encode("utf-8", "surrogateescape"))
                arg.end_col_offset = arg.col_offset + width
        return ast.arguments(posonly, args, vararg, [p.arg for p in kwonly],
                             [p.value for p in kwonly], kwarg, pos_defaults)

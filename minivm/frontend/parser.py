"""``minivm.parse``: source to an ``ast`` tree, as the target's ``ast.parse``.

The work is shared out as CPython shares it:

* :mod:`.source` decodes bytes (BOM, coding cookie) and normalises newlines;
* :mod:`.lexer` is the C tokenizer;
* :class:`Parser` is the grammar: rule methods from :mod:`.statements`,
  :mod:`.expressions`, :mod:`.parameters`, :mod:`.patterns`, :mod:`.literals`
  and, for the second pass, :mod:`.invalid`, on the machinery of :mod:`.pegen`;
* :mod:`.syntax_errors` decides which error a failed parse reports, and where.

Trees are built from the host's ``ast`` node classes.
"""

from __future__ import annotations

import ast
import sys
from typing import Any, List, Optional, Tuple

from ..versions import TargetLike, get_target
from .errors import ParseAbort
from .expressions import ExpressionRules
from .invalid import InvalidRules
from .lexer import Lexer, Token
from .literals import LiteralRules
from .parameters import ParameterRules
from .patterns import PatternRules
from .pegen import ParserBase, TokenizerFailure, TrackedTokens
from .statements import StatementRules

_START_RULES = {
    "exec": "file",
    "eval": "eval_input",
    "single": "interactive",
    "func_type": "func_type_input",
    "fstring": "fstring_input",
}

# Rules memoized by position (as pegen's ``(memo)`` rules), each with its table.
_MEMO_TABLES = ("memo_expression", "memo_arguments", "memo_star_target",
                "memo_target_with_star_atom", "memo_t_primary", "memo_simple_stmt",
                "memo_block", "memo_strings", "memo_closed_pattern",
                "memo_invalid_named_expression")


class Parser(InvalidRules, LiteralRules, PatternRules, ParameterRules, StatementRules,
             ExpressionRules, ParserBase):
    """One parse of one token list.  :meth:`run` is ``_PyPegen_run_parser``."""

    def reset(self, tokens: List[Token], invalid: bool) -> None:
        self.tokens = tokens
        self.pos = 0
        self.call_invalid_rules = invalid
        for name in _MEMO_TABLES:
            setattr(self, name, {})

    def run(self) -> Any:
        """Parse; on failure, replay with token tracking and then with the
        invalid_ rules, and raise the error CPython would."""
        rule = getattr(self, _START_RULES[self.mode])
        self.reset(self.all_tokens, False)
        try:
            result = rule()
        except ParseAbort:
            result = None
        if result is not None:
            self.check_single(result)
            return result
        from .syntax_errors import report
        report(self, rule)

    def check_single(self, result: Any) -> None:
        """``bad_single_statement``: 'single' input must be one statement."""
        if self.mode != "single":
            return
        from .syntax_errors import check_single_statement
        check_single_statement(self)

    def interactive_exit(self) -> None:
        return None

    def legacy_decorator(self) -> Optional[Any]:
        """3.8's decorator: dotted_name ['(' [arguments] ')']."""
        from .legacy import legacy_decorator
        return legacy_decorator(self)

    # -- f-string expressions (3.8-3.11) ------------------------------------------

    def parse_fstring_expression(self, text: str, tok: Token, brace: int) -> Any:
        """``fstring_compile_expr``: parse ``(text)`` as the 'fstring' start rule,
        its tokens moved to where the expression sits in the file.  ``brace``
        is the index of the replacement field's '{' in the token's text."""
        before = tok.string[:brace]
        lines = before.count("\n")
        newline_after_brace = text.lstrip(" \t\f")[:1] in ("\n", "")
        if newline_after_brace:
            cols = 0
        else:
            last_newline = before.rfind("\n")
            # (rfind gives -1 without a newline, so the slice is then the whole text)
            cols = len(before[last_newline + 1:].encode("utf-8", "surrogateescape"))
            if last_newline >= 0 and not self.v310:
                cols += 1  # 3.9 counted the newline itself
        source = "(" + text + ")"
        lexer = Lexer(source + "\n", self.target)
        tokens, error = lexer.run()
        first_line = tok.lineno + lines
        # On a later line of the string the token's own column does not count
        # (3.8 and 3.9 added it anyway).
        shift = cols if lines and self.v310 else tok.col + cols
        for token in tokens:
            if token.end_lineno == 1:
                if token.col != -1:
                    token.col += shift
                if token.end_col != -1:
                    token.end_col += shift
            token.lineno += first_line - 1
            token.end_lineno += first_line - 1
        sub = Parser(tokens, self.target, self.filename, "fstring", self.lines, error)
        sub.in_fstring_parse = True
        sub.fstring_lines = source.split("\n")
        sub.starting_lineno = first_line
        sub.starting_col_offset = shift
        sub.convert_columns = self.convert_columns
        return sub.run()


def parse(source: Any, filename: str = "<unknown>", mode: str = "exec",
          target: TargetLike = None, type_comments: bool = False) -> Any:
    """The tree the target's ``ast.parse(source, filename, mode,
    type_comments=...)`` returns, built from the host's ``ast`` classes; invalid
    source raises what that ``ast.parse`` raises."""
    target = get_target(target)
    if mode not in ("exec", "eval", "single", "func_type"):
        raise ValueError("compile() mode must be 'exec', 'eval' or 'single'")
    from .source import prepare
    text, declared = prepare(source, target, filename)
    lexer = Lexer(text, target, type_comments=type_comments)
    tokens, error = lexer.run()
    tokens, ignores = _split_type_ignores(tokens)
    if mode == "single":
        tokens = _single_input_newline(tokens)
    lines = text.split("\n")
    parser = Parser(tokens, target, filename, mode, lines, error, ignores)
    parser.convert_columns = (declared or target.frontend("error_columns_always_chars")
                              or target.frontend("error_columns_decoded_ll1"))
    if mode == "eval" and not parser.peg and not _ends_with_newline(source):
        # 3.8 adds the missing newline to 'exec' input only.
        parser.ll1_last_line = len(lines) - 1
    limit = sys.getrecursionlimit()
    if limit < 20000:
        sys.setrecursionlimit(20000)
    try:
        tree = parser.run()
        if not parser.peg and mode != "func_type":
            from .ll1_depth import check
            check(tree, tokens, mode)
        if parser.ll1_deferred is not None:
            raise parser.ll1_deferred
    except ParseAbort as abort:
        raise abort.error from None
    finally:
        if limit < 20000:
            sys.setrecursionlimit(limit)
    if target.frontend("ast_construction_depth_limit"):
        _check_construction_depth(tree, limit)
    return tree


def _ends_with_newline(source: Any) -> bool:
    if isinstance(source, str):
        return source.endswith(("\n", "\r"))
    return bytes(source).endswith((b"\n", b"\r"))


def _check_construction_depth(tree: Any, limit: int) -> None:
    """3.11 and 3.12 turn the C tree into Python objects recursively, and give up
    (RecursionError) when the nesting plus the caller's stack passes three
    times the recursion limit (``ast2obj_*``).  The caller's depth counts: the
    frames outside minivm, plus the one ``ast.parse`` would add."""
    frame = sys._getframe(1)
    outside = 1
    while frame is not None:
        if not frame.f_globals.get("__name__", "").startswith("minivm"):
            outside += 1
        frame = frame.f_back
    budget = 3 * limit - 3 * outside
    if _depth(tree, budget) > budget:
        raise RecursionError("maximum recursion depth exceeded during ast construction")


def _depth(node: Any, budget: int) -> int:
    """Nesting depth of AST nodes (lists do not count), stopping past ``budget``."""
    deepest = 0
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > deepest:
            deepest = depth
            if deepest > budget:
                return deepest
        for name in current._fields:
            value = getattr(current, name, None)
            if isinstance(value, ast.AST):
                stack.append((value, depth + 1))
            elif isinstance(value, list):
                stack.extend((item, depth + 1) for item in value if isinstance(item, ast.AST))
    return deepest


def _single_input_newline(tokens: List[Token]) -> List[Token]:
    """In 'single' mode pegen turns the first ENDMARKER into a NEWLINE (so that a
    compound statement can end the input), then reads the real ENDMARKER."""
    for index, token in enumerate(tokens):
        if token.type == "ENDMARKER" and index:
            newline = Token("NEWLINE", "", token.lineno, token.col, token.end_lineno,
                            token.end_col)
            newline.cur = token.cur
            return tokens[:index] + [newline] + tokens[index:]
    return tokens


def _split_type_ignores(tokens: List[Token]) -> Tuple[List[Token], list]:
    """TYPE_IGNORE comments are recorded apart; the grammar never sees them."""
    if not any(t.type == "TYPE_IGNORE" for t in tokens):
        return tokens, []
    kept, ignores = [], []
    for token in tokens:
        if token.type == "TYPE_IGNORE":
            ignores.append((token.lineno, token.string))
        else:
            kept.append(token)
    return kept, ignores


def format_tree(tree: Any, target: TargetLike = None) -> str:
    """What ``python3.X -m ast FILE`` prints for the tree (3.8 prints nothing:
    its ``ast`` module has no command line)."""
    from .dump import dump
    target = get_target(target)
    if not target.frontend("peg_parser"):
        return ""
    return dump(tree, target, indent=3) + "\n"


__all__ = ["parse", "format_tree", "Parser", "TokenizerFailure", "TrackedTokens"]


def main(data: bytes, filename: str, target: TargetLike = None) -> int:
    """``python3.X -m ast FILE``: the indented dump of the tree, parsed with type
    comments as that command does.  3.8's ``ast`` module has no command line:
    it prints nothing.  A syntax error is reported as the interpreter reports an
    uncaught one (its last lines; the frames of ``runpy`` are not reproduced),
    with status 1."""
    import sys
    import traceback
    target = get_target(target)
    if not target.frontend("peg_parser"):
        return 0
    try:
        tree = parse(data, filename, "exec", target, type_comments=True)
    except SyntaxError as error:
        sys.stderr.write("Traceback (most recent call last):\n")
        sys.stderr.write("".join(traceback.format_exception_only(type(error), error)))
        return 1
    sys.stdout.write(format_tree(tree, target))
    return 0

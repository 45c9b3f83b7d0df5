"""The parser machinery, as ``Parser/pegen.c`` and ``Parser/pegen_errors.c`` run it.

CPython's parser is a PEG parser generated from ``Grammar/python.gram``: every
rule is a function that tries its alternatives in order, backtracking by
resetting ``mark``.  minivm's rules are hand-written methods that follow the
grammar rule by rule (in :mod:`.statements`, :mod:`.expressions`,
:mod:`.patterns`, :mod:`.invalid`); this module holds what they share:

* token access.  CPython reads tokens lazily, and *where* a syntax error is
  reported depends on how far it read (the last token fetched, ``fill - 1``).
  Parsing valid source needs none of that bookkeeping, so the first attempt
  runs on a plain list; only when it fails is the parse replayed on a
  :class:`TrackedTokens` list that records the furthest token touched and
  raises the tokenizer's error when the parser reaches the token where the
  tokenizer failed, as CPython does;
* the two passes: a failed first pass is rerun with the ``invalid_*`` rules
  enabled, which raise the specialised messages;
* :meth:`ParserBase.set_syntax_error`, which picks the generic error (and its
  location) when the second pass finds nothing more specific;
* node positions (``EXTRA``): the first token of a rule and the last token it
  consumed that is not NEWLINE, INDENT, DEDENT or ENDMARKER.

Columns in tokens are UTF-8 byte offsets, as in ``ast`` nodes; an error
converts them to characters against its line of text, as CPython does.
"""

from __future__ import annotations

import ast
import os
from typing import Any, Dict, List, Optional

from ..versions import Target, host_version
from .errors import ParseAbort, syntax_error
from .lexer import LexError, Token

LOAD = ast.Load()
STORE = ast.Store()
DEL = ast.Del()

_WHITESPACE_TOKENS = frozenset(("NEWLINE", "INDENT", "DEDENT", "ENDMARKER"))
_SOFT_KEYWORDS_310 = frozenset(("_", "case", "match"))
_SOFT_KEYWORDS_312 = frozenset(("_", "case", "match", "type"))

# 3.8's ast.c ends a compound statement where its last inner statement ends
# (a trailing ';' is not part of it): the fields searched, in order.
_COMPOUND = {
    ast.If: ("orelse", "body"), ast.For: ("orelse", "body"),
    ast.AsyncFor: ("orelse", "body"), ast.While: ("orelse", "body"),
    ast.With: ("body",), ast.AsyncWith: ("body",),
    ast.Try: ("finalbody", "orelse", "handlers"),
    ast.FunctionDef: ("body",), ast.AsyncFunctionDef: ("body",), ast.ClassDef: ("body",),
    ast.ExceptHandler: ("body",),
}


def _end_at_last_statement(node: Any) -> None:
    for field in _COMPOUND[type(node)]:
        items = getattr(node, field)
        if items:
            node.end_lineno = items[-1].end_lineno
            node.end_col_offset = items[-1].end_col_offset
            return


class TokenizerFailure(Exception):
    """Internal: the parser reached the token where the tokenizer failed."""

    def __init__(self, error: LexError):
        super().__init__(error)
        self.error = error


class TrackedTokens(list):
    """The token list during error passes: remembers the furthest index read
    (CPython's ``fill``) and fails at the tokenizer's error, if any."""

    def __init__(self, tokens: List[Token], error: Optional[LexError]):
        super().__init__(tokens)
        self.fill = 0
        self.lex_error = error
        self.error_index = -1
        if error is not None:
            # The first ERRORTOKEN of the padding stands where tokenizing failed.
            index = len(tokens) - 1
            while index > 0 and tokens[index - 1].type == "ERRORTOKEN":
                index -= 1
            self.error_index = index

    def __getitem__(self, index):
        if index >= self.fill:
            self.fill = index + 1
            if index == self.error_index:
                raise TokenizerFailure(self.lex_error)
        return list.__getitem__(self, index)


class ParserBase:
    """State of one parse: tokens, position, memo tables, version flags."""

    def __init__(self, tokens: List[Token], target: Target, filename: str, mode: str,
                 source_lines: List[str], lex_error: Optional[LexError] = None,
                 type_ignores: Optional[list] = None, feature_flags: Optional[dict] = None):
        self.tokens = tokens
        self.all_tokens = tokens
        self.target = target
        self.filename = filename
        self.mode = mode
        self.lines = source_lines
        self.lex_error = lex_error
        self.type_ignores = type_ignores or []
        self.pos = 0
        self.call_invalid_rules = False
        self.memo: Dict[Any, Any] = {}
        self.known_err_token: Optional[Token] = None
        self.starting_lineno = 0
        self.starting_col_offset = 0
        self.in_fstring_parse = False
        self.convert_columns = True
        # 3.8: whether an error is the parser's own (err_input: columns in
        # characters, the tokenizer's line as text) rather than one ``ast.c``
        # raises on the tree (ast_error: byte columns, the line read back from
        # the file).
        self.ll1_parser_error = False
        # 3.8, input without a final newline ('eval' mode, an f-string's
        # expression): its last line, else 0.
        self.ll1_last_line = 0
        # 3.8: the first error ast.c would raise on the finished tree (a bad
        # literal), held back until the input has parsed.
        self.ll1_deferred: Optional[BaseException] = None
        # 3.8: the first string of the literal being built
        self.ll1_atom: Any = None
        v = target.version
        self.version = v
        self.peg = target.frontend("peg_parser")
        self.v310 = target.frontend("error_messages_310")
        self.v311 = target.frontend("error_messages_311")
        self.param_error_locations = target.frontend("parameter_error_locations")
        self.end_col_walked = target.frontend("error_end_col_walked")
        self.soft_keywords = _SOFT_KEYWORDS_312 if target.frontend("type_params") else (
            _SOFT_KEYWORDS_310 if target.frontend("match_statement") else frozenset())
        self.has_match = target.frontend("match_statement")
        self.has_except_star = target.frontend("except_star")
        self.has_type_params = target.frontend("type_params")
        self.has_fstring_tokens = target.frontend("fstring_tokens")
        self.bare_subscripts = target.frontend("bare_subscripts")
        self.any_decorator = target.frontend("any_decorator")
        self.parenthesized_with = target.frontend("parenthesized_with")
        self.starred_subscripts = target.frontend("starred_subscripts")
        self.type_param_defaults = target.frontend("type_param_defaults")

    # -- tokens ------------------------------------------------------------------

    def expect(self, type_: str) -> Optional[Token]:
        """Consume the next token if it is of ``type_`` (an operator, a keyword,
        or a token name such as "NAME")."""
        tok = self.tokens[self.pos]
        if tok.type == type_:
            self.pos += 1
            return tok
        return None

    def expect_soft(self, word: str) -> Optional[Token]:
        """Consume a NAME token spelling the soft keyword ``word``."""
        tok = self.tokens[self.pos]
        if tok.type == "NAME" and tok.string == word:
            self.pos += 1
            return tok
        return None

    def peek_type(self, offset: int = 0) -> str:
        return self.tokens[self.pos + offset].type

    def last_token(self) -> Token:
        """``_PyPegen_get_last_nonnwhitespace_token``: the last consumed token that
        is not NEWLINE, INDENT, DEDENT or ENDMARKER."""
        index = self.pos - 1
        tokens = self.all_tokens
        tok = tokens[index]
        while tok.type in _WHITESPACE_TOKENS and index > 0:
            index -= 1
            tok = tokens[index]
        return tok

    # -- nodes ---------------------------------------------------------------------

    def locate(self, node: Any, start: Token) -> Any:
        """Give ``node`` the position from ``start`` to the last consumed token."""
        end = self.tokens[self.pos - 1]
        if end.type in _WHITESPACE_TOKENS:
            end = self.last_token()
        node.lineno = start.lineno
        node.col_offset = start.col
        node.end_lineno = end.end_lineno
        node.end_col_offset = end.end_col
        if not self.peg and type(node) in _COMPOUND:
            _end_at_last_statement(node)
        return node

    @staticmethod
    def span(node: Any, first: Any, last: Any) -> Any:
        """Position ``node`` from ``first``'s start to ``last``'s end (nodes or tokens)."""
        node.lineno = first.lineno
        node.col_offset = first.col_offset if hasattr(first, "col_offset") else first.col
        node.end_lineno = last.end_lineno
        node.end_col_offset = (last.end_col_offset if hasattr(last, "end_col_offset")
                               else last.end_col)
        return node

    # -- errors --------------------------------------------------------------------

    def error_text(self, lineno: int) -> str:
        """The line CPython shows in an error (and converts byte offsets against)."""
        if 1 <= lineno <= len(self.lines):
            return self.lines[lineno - 1]
        return ""

    def raise_error_known_location(self, kind: type, lineno: int, col_offset: int,
                                   end_lineno: int, end_col_offset: int, msg: str) -> None:
        """``_PyPegen_raise_error_known_location``: offsets are 1-based byte
        columns; they are turned into characters against the error's line."""
        if self.in_fstring_parse and self.peg:
            # Errors inside an f-string's expression (3.9-3.11) are placed in the
            # "(expression)" text the sub-parser read, and show that text.
            msg = "f-string: " + msg
            if col_offset > 0:
                col_offset -= self.starting_col_offset
            if end_col_offset > 0:
                end_col_offset -= self.starting_col_offset
            self.lines = self.fstring_lines
        if not self.peg and not self.ll1_parser_error:
            raise ParseAbort(syntax_error(kind, msg, self.filename, lineno, col_offset,
                                          _file_line(self.filename, lineno)))
        text = self.error_text(lineno - self.starting_lineno + 1 if self.in_fstring_parse
                               else lineno)
        col, end_col = col_offset, end_col_offset
        if self.convert_columns:
            # Both columns are read against the error's (first) line, as CPython does.
            col = _byte_to_char(text, col_offset)
            if end_col_offset > 0 and self.end_col_walked:
                end_col = col + _walk_chars(text, col_offset, end_col_offset)
            elif end_col_offset > 0:
                end_col = _byte_to_char(text, end_col_offset)
        if not self.v310:
            end_lineno = end_col = None
        raise ParseAbort(syntax_error(kind, msg, self.filename, lineno, col,
                                      self.shown_text(lineno), end_lineno, end_col))

    def shown_text(self, lineno: int) -> Optional[str]:
        if not self.peg:
            # err_input shows the tokenizer's buffer: the line with its newline
            # (in an f-string's expression, the "(text)" it parsed).
            text = self.error_text(lineno - self.starting_lineno + 1 if self.in_fstring_parse
                                   else lineno)
            if self.in_fstring_parse or lineno == self.ll1_last_line:
                return text
            return text + "\n"
        if self.in_fstring_parse:
            return self.error_text(lineno - self.starting_lineno + 1) + "\n"
        return _file_line(self.filename, lineno) or self.error_text(lineno)

    def raise_error(self, kind: type, msg: str, use_mark: bool = False) -> None:
        """``_PyPegen_raise_error``: at the last token read (or the next one)."""
        if use_mark:
            tok = self.tokens[self.pos]
        else:
            tok = self.known_err_token or self.tokens[self.fill() - 1]
        col = tok.col + 1 if tok.col != -1 else tok.cur
        end_col = tok.end_col + 1 if tok.end_col != -1 else -1
        # 3.8 reports the tokenizer's line: a string's last one
        lineno = tok.lineno if self.peg else tok.end_lineno
        self.raise_error_known_location(kind, lineno, col, tok.end_lineno, end_col, msg)

    def fill(self) -> int:
        tokens = self.tokens
        return tokens.fill if isinstance(tokens, TrackedTokens) else self.pos + 1

    def error_at(self, node: Any, msg: str, kind: type = SyntaxError) -> None:
        """RAISE_SYNTAX_ERROR_KNOWN_LOCATION(node)."""
        lineno, col, end_lineno, end_col = _where(node)
        self.raise_error_known_location(kind, lineno, col + 1, end_lineno, end_col + 1, msg)

    def error_range(self, first: Any, last: Any, msg: str) -> None:
        """RAISE_SYNTAX_ERROR_KNOWN_RANGE(first, last)."""
        lineno, col, _, _ = _where(first)
        _, _, end_lineno, end_col = _where(last)
        self.raise_error_known_location(SyntaxError, lineno, col + 1, end_lineno, end_col + 1,
                                        msg)

    def error_starting_from(self, node: Any, msg: str) -> None:
        """RAISE_SYNTAX_ERROR_STARTING_FROM(node): to the tokenizer's position."""
        lineno, col, _, _ = _where(node)
        last = self.tokens[self.fill() - 1]
        self.raise_error_known_location(SyntaxError, lineno, col + 1, last.end_lineno,
                                        last.end_col, msg)


def _where(item: Any):
    if isinstance(item, Token):
        return item.lineno, item.col, item.end_lineno, item.end_col
    return item.lineno, item.col_offset, item.end_lineno, item.end_col_offset


def _byte_to_char(text: str, col: int) -> int:
    """``_PyPegen_byte_offset_to_character_offset``: a 1-based byte column as a
    character column of ``text`` (clamped to its length plus one)."""
    if col <= 0 or text.isascii():
        return col
    data = text.encode("utf-8", "surrogateescape")
    if col > len(data) + 1:
        col = len(data) + 1
    return len((data + b"\0")[:col].decode("utf-8", "replace"))


def _walk_chars(text: str, start: int, end: int) -> int:
    """``_PyPegen_byte_offset_to_character_offset_line`` (3.13): characters
    stepped over from byte ``start`` to byte ``end`` of ``text`` as UTF-8 after
    decoding with replacement (an undecodable byte became U+FFFD, 3 bytes)."""
    if text.isascii():
        return end - start
    data = text.encode("utf-8", "surrogateescape").decode("utf-8", "replace").encode("utf-8")
    count = 0
    while start < end:
        lead = data[start] if start < len(data) else 0
        # (a continuation byte, where a column falls inside a character, is
        # taken as one byte)
        start += 1 if lead < 0xC0 else 2 if lead < 0xE0 else 3 if lead < 0xF0 else 4
        count += 1
    return count


def _file_line(filename: str, lineno: int) -> Optional[str]:
    """The line CPython reads back from the file an error names, when it exists."""
    if not filename or filename.startswith("<") or not os.path.isfile(filename):
        return None
    try:
        with open(filename, "rb") as handle:
            data = handle.read()
    except OSError:
        return None
    lines = data.split(b"\n")
    if not 1 <= lineno <= len(lines):
        return None
    return lines[lineno - 1].decode("utf-8", "replace") + "\n"


def host_node(name: str) -> Any:
    """The host's ``ast`` class ``name``; a target needing a node class the host
    lacks (``TypeAlias`` on a 3.11 host) cannot be built."""
    cls = getattr(ast, name, None)
    if cls is None:
        from .. import NotImplementedStage
        raise NotImplementedStage(
            "minivm.parse: the target needs ast.%s, which this host Python (%d.%d) does "
            "not have; parse on a newer host" % ((name,) + host_version()))
    return cls


def ident(tok: Token) -> str:
    """The identifier a NAME token stands for (NFKC-normalised when not ASCII)."""
    return tok.extra or tok.string

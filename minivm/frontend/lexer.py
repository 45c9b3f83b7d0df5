"""A model of CPython's C tokenizer (``Parser/tokenizer.c``, 3.13: ``Parser/lexer/``).

The parser of every target reads its tokens from here, and for 3.12+ so does
``minivm.tokenize``, because from 3.12 the ``tokenize`` module is this same C
tokenizer run in its "extra tokens" mode.  The two uses differ in a few ways,
all switched by :class:`Lexer` flags:

============================  ===============================  =========================
                              parser (``extra=False``)          ``tokenize`` (``extra=True``)
============================  ===============================  =========================
comments, blank lines         skipped                           COMMENT and NL tokens
columns                       UTF-8 bytes (as ``ast`` counts)   characters
``1if``, ``a€``               checked (warning or error)        accepted
``)`` with nothing open       "unmatched ')'"                   accepted
============================  ===============================  =========================

How it works.  The C tokenizer reads one character at a time; doing that in
Python would be slow, so this lexer finds each token with one compiled regex at
the current position and falls back to character-level code only where the C
code has to be followed step by step to fail in the same place (numbers,
identifiers that are not ASCII, unterminated strings, f-strings).  Positions are
tracked as (line number, index of the line's first character in ``text``).

Errors are not raised here.  The C tokenizer is lazy: it fails only when the
parser asks for the token at the bad spot, and the parser may fail earlier with
an error of its own.  So :meth:`Lexer.run` returns the tokens before the failure
and a :class:`LexError` describing it; the consumer decides when it shows.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional, Tuple

from ..versions import Target

TABSIZE = 8
ALTTABSIZE = 1
MAXINDENT = 100
MAXLEVEL = 200
MAX_FSTRING_LEVEL = 150
MAX_EXPR_NESTING = 3

KEYWORDS = frozenset((
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class",
    "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
    "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
    "return", "try", "while", "with", "yield"))

STRING_PREFIXES = frozenset(("b", "r", "u", "f", "br", "rb", "fr", "rf"))

# One regex finds the next token after blanks; the group that matched says which
# kind it is.  Operators list three-character ones first, then two, then one, as
# the C tokenizer tries them.  '<>' is a two-character operator there (the
# parser rejects it unless Barry is FLUFL).
_TOKEN = re.compile(r"""[ \t\f]*(?:
  (?P<NAME>[A-Za-z_\x80-\U0010ffff][A-Za-z0-9_\x80-\U0010ffff]*)
| (?P<NUMBER>[0-9]|\.[0-9])
| (?P<OP>\*\*=|\.\.\.|//=|<<=|>>=|!=|%=|&=|\*\*|\*=|\+=|-=|->|//|/=|:=|<<|<=|<>|==|>=|>>
       |@=|\^=|\|=|[()\[\]{}:,;+\-*/|&<>=.%~^@!])
| (?P<NEWLINE>\r?\n)
| (?P<COMMENT>\#[^\r\n]*)
| (?P<STRING>['"])
| (?P<CONTINUATION>\\)
| (?P<EOF>\Z)
| (?P<OTHER>.)
)""", re.VERBOSE | re.DOTALL)

_BLANKS = re.compile(r"[ \t\f]*")
_ASCII_NAME_CHAR = re.compile(r"[A-Za-z0-9_]")

# The rest of a string after its opening quote(s): up to and including the
# closing quote(s).  A backslash escapes any character, a newline included.
_STRING_TAIL = {
    ("'", 1): re.compile(r"[^'\\\n]*(?:\\(?:\r\n|[\s\S])[^'\\\n]*)*'"),
    ('"', 1): re.compile(r'[^"\\\n]*(?:\\(?:\r\n|[\s\S])[^"\\\n]*)*"'),
    ("'", 3): re.compile(r"[^'\\]*(?:(?:\\[\s\S]|'(?!''))[^'\\]*)*'''"),
    ('"', 3): re.compile(r'[^"\\]*(?:(?:\\[\s\S]|"(?!""))[^"\\]*)*"""'),
}

# Characters that end a run of literal text inside an f-string.
_FSTRING_RUN = {
    ("'", 1): re.compile(r"[^'{}\\\n]*"),
    ('"', 1): re.compile(r'[^"{}\\\n]*'),
    ("'", 3): re.compile(r"[^'{}\\]*"),
    ('"', 3): re.compile(r'[^"{}\\]*'),
}

_INDENT_CACHE = {}


class Token:
    """One token: ``type`` is "NAME", "NUMBER", "STRING", "NEWLINE", "INDENT",
    "DEDENT", "ENDMARKER", "FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END",
    "COMMENT", "NL", "TYPE_COMMENT", "TYPE_IGNORE", "ERRORTOKEN", the operator
    itself for operators ("(", "+=") and the keyword itself for hard keywords
    ("if", "None"), so the parser tests a single field.  ``string`` is the text.
    Columns are 0-based, in bytes for the parser and characters for
    ``tokenize``; INDENT and DEDENT have column -1 for the parser (they have no
    text), with ``cur`` holding the column the C tokenizer stood at.
    ``first`` is the line ``tokenize`` reports the token's ``line`` from."""

    __slots__ = ("type", "string", "lineno", "col", "end_lineno", "end_col", "cur", "first",
                 "extra", "level")

    def __init__(self, type_: str, string: str, lineno: int, col: int, end_lineno: int,
                 end_col: int, first: int = 0):
        self.type = type_
        self.string = string
        self.lineno = lineno
        self.col = col
        self.end_lineno = end_lineno
        self.end_col = end_col
        self.first = first or lineno
        self.cur = -1
        self.extra = None
        self.level = 0

    def __repr__(self) -> str:
        return "Token(%s, %r, %d:%d-%d:%d)" % (self.type, self.string, self.lineno, self.col,
                                            self.end_lineno, self.end_col)


class LexError:
    """Why and where tokenizing stopped.

    ``code`` is the C tokenizer's outcome: "ERROR" (it raised a SyntaxError
    itself: ``msg`` and the location fields are final), or one of the codes the
    consumer turns into an error ("EOF", "DEDENT", "TABSPACE", "TOODEEP",
    "LINECONT", "EOLS", "EOFS", "TOKEN", "IDENTIFIER").  ``lineno`` and ``col``
    (characters) say where the tokenizer stood; ``line`` is the text of that
    line without its newline; ``inp`` is the length in characters of the
    buffered input line the C tokenizer reports for "DEDENT"-style codes;
    ``kept`` the bytes of earlier lines that buffer still holds (counted in
    ``byte_col``)."""

    __slots__ = ("code", "msg", "lineno", "offset", "end_lineno", "end_offset", "line",
                 "kind", "col", "byte_col", "level", "inp", "paren", "in_fstring", "kept")

    def __init__(self, code: str, msg: str, lineno: int, offset: int, line: str,
                 end_lineno: Optional[int] = None, end_offset: Optional[int] = None,
                 kind: type = SyntaxError):
        self.code = code
        self.msg = msg
        self.lineno = lineno
        self.offset = offset
        self.line = line
        self.end_lineno = end_lineno
        self.end_offset = end_offset
        self.kind = kind
        self.col = offset
        self.byte_col = offset
        self.kept = 0
        self.level = 0
        self.inp = 0
        self.paren: Optional[Tuple[str, int, int]] = None
        #: whether tokenizing stopped inside an f-string (3.12+ f-string modes)
        self.in_fstring = False

    def __repr__(self) -> str:
        return "LexError(%s, %r, %s:%s)" % (self.code, self.msg, self.lineno, self.offset)


class _FString:
    """The state the C tokenizer keeps for each f-string being read (3.12+)."""

    __slots__ = ("quote", "size", "raw", "start", "start_line", "start_line_start",
                 "bracket_depth", "expr_start_depth", "in_format_spec", "debug", "in_expr")

    def __init__(self, quote: str, size: int, raw: bool, start: int, line: int, line_start: int):
        self.quote = quote
        self.size = size
        self.raw = raw
        self.start = start
        self.start_line = line
        self.start_line_start = line_start
        self.bracket_depth = 0
        self.expr_start_depth = -1
        self.in_format_spec = False
        self.debug = False
        self.in_expr = False


class _Stop(Exception):
    """Internal: tokenizing ended with ``Lexer.error`` set."""


class Lexer:
    """One pass of the C tokenizer over ``text`` (newlines already as CPython
    reads them, ending with a newline; ``implicit_newline`` says whether that
    last newline was added).

    ``extra``: the ``tokenize`` module's mode.  ``type_comments``: report
    ``# type:`` comments (``ast.parse(type_comments=True)``)."""

    def __init__(self, text: str, target: Target, extra: bool = False,
                 type_comments: bool = False, implicit_newline: bool = False):
        self.text = text
        self.target = target
        self.extra = extra
        self.type_comments = type_comments
        self.implicit_newline = implicit_newline
        self.fstrings = target.frontend("fstring_tokens")
        self.v310 = target.frontend("error_messages_310")
        self.peg = target.frontend("peg_parser")
        self.continuation_indent = (
            "read" if target.frontend("indentation_reads_continuations") else
            "blank" if target.frontend("continuation_line_is_blank") else "measure")
        self.fstring_spec_reset = False
        self.ascii = text.isascii()
        self.tokens: List[Token] = []
        self.error: Optional[LexError] = None
        self.pos = 0
        self.lineno = 1
        self.line_start = 0
        self.atbol = True
        self.blankline = False
        self.comment_newline = False
        self.comment_start = -1
        self.indstack = [0]
        self.altindstack = [0]
        self.pendin = 0
        self.parens: List[Tuple[str, int, int]] = []
        self.modes: List[_FString] = []
        # 3.8/3.9: starts of lines the tokenizer read into the buffer of the
        # line before (after a line continuation, inside a token), which its
        # error offsets count from.
        self.kept_lines: set = set()
        # lines entered through a backslash after a token (see _continuation_line)
        self.continued_lines: set = set()

    # -- driver ----------------------------------------------------------------

    def run(self) -> Tuple[List[Token], Optional[LexError]]:
        """All tokens up to ENDMARKER, or up to the failure and the error."""
        try:
            while True:
                mode = self.modes[-1] if self.modes else None
                if mode is not None and not mode.in_expr:
                    self._fstring_mode(mode)
                elif self._normal_mode():
                    break
        except _Stop:
            pass
        self._pad()
        return self.tokens, self.error

    def _pad(self) -> None:
        """Tokens past the end, as the C tokenizer keeps giving them: more
        ENDMARKERs after the end, an ERRORTOKEN where tokenizing failed.  The
        parser may look a few tokens ahead without running off the list."""
        if self.extra:
            return
        if self.error is not None:
            error = self.error
            filler = Token("ERRORTOKEN", "", error.lineno, -1, error.lineno, -1)
            filler.extra = error
        else:
            filler = self.tokens[-1]
        self.tokens.extend([filler] * 4)

    def _emit(self, type_: str, start: int, end: int, string: Optional[str] = None,
              lineno: Optional[int] = None, line_start: Optional[int] = None) -> Token:
        """Add a token spanning text[start:end]; it may start on an earlier line
        (``lineno``/``line_start`` of its first line) and ends on the current one."""
        if lineno is None:
            lineno, line_start = self.lineno, self.line_start
        token = Token(type_, self.text[start:end] if string is None else string,
                      lineno, self._column(line_start, start), self.lineno,
                      self._column(self.line_start, end))
        token.level = len(self.parens)
        self.tokens.append(token)
        # Each C tokenizer call starts afresh: "blank line" lasts one token.
        self.blankline = False
        return token

    def _column(self, line_start: int, index: int) -> int:
        if self.ascii or self.extra:
            return index - line_start
        return len(self.text[line_start:index].encode("utf-8", "surrogateescape"))

    def _line_text(self, line_start: Optional[int] = None) -> str:
        """The text of the line starting at ``line_start``, without its newline."""
        start = self.line_start if line_start is None else line_start
        end = self.text.find("\n", start)
        return self.text[start:] if end < 0 else self.text[start:end]

    def _line_end(self) -> int:
        """Where the C tokenizer's input buffer ends: after the current line's newline."""
        end = self.text.find("\n", self.line_start)
        return len(self.text) if end < 0 else end + 1

    def _newline(self, index: int) -> None:
        """Move the line bookkeeping past the newline at text[index]."""
        self.lineno += 1
        self.line_start = index + 1

    def _buffer_start(self, line_start: int, kept: Optional[set] = None) -> int:
        """Where the C tokenizer's buffer begins when it holds the line at
        ``line_start``: an earlier line the buffer was kept from when the line is
        in ``kept`` (default ``kept_lines``, 3.8/3.9's)."""
        kept = self.kept_lines if kept is None else kept
        while line_start in kept:
            line_start = self.text.rfind("\n", 0, line_start - 1) + 1
        return line_start

    def _line_of(self, index: int) -> int:
        """The line the C tokenizer stands on after reading text[index] (at end
        of input: the last line, not the one after its newline)."""
        index = min(index, len(self.text) - 1)
        return self.text.count("\n", 0, max(index, 0)) + 1

    def _advance_lines(self, start: int, end: int) -> None:
        """Account for every newline in text[start:end]."""
        count = self.text.count("\n", start, end)
        if count:
            self.lineno += count
            self.line_start = self.text.rfind("\n", start, end) + 1
            if not self.v310:
                at = self.text.find("\n", start, end)
                while at >= 0:
                    self.kept_lines.add(at + 1)
                    at = self.text.find("\n", at + 1, end)

    # -- errors ------------------------------------------------------------------

    def _fail(self, error: LexError) -> None:
        error.in_fstring = bool(self.modes)
        self.error = error
        raise _Stop()

    def _syntax_error(self, msg: str, cur: int, col: Optional[int] = None,
                      end_col: Optional[int] = None, lineno: Optional[int] = None,
                      line_start: Optional[int] = None) -> None:
        """The C tokenizer's ``syntaxerror()``: the offset is the number of
        characters from the line start to ``cur`` unless given (1-based)."""
        line_start = self.line_start if line_start is None else line_start
        lineno = self.lineno if lineno is None else lineno
        if col is None:
            col = cur - line_start
        if end_col is None:
            end_col = col
        error = LexError("ERROR", msg, lineno, col, self._line_text(line_start), lineno, end_col)
        error.byte_col = len(self.text[line_start:cur].encode("utf-8", "surrogateescape"))
        self._fail(error)

    def _code_error(self, code: str, cur: int, kind: type = SyntaxError,
                    lineno: Optional[int] = None, line_start: Optional[int] = None,
                    inp: Optional[int] = None, buffer_start: Optional[int] = None) -> None:
        """An outcome code the consumer turns into its own message and location.
        ``cur`` is where the C tokenizer stood; ``inp`` the length of its input
        buffer (the current line, newline included, unless given);
        ``buffer_start`` where that buffer begins when it holds earlier lines
        too, which ``byte_col`` (and ``kept``, their size) then counts in."""
        lineno = self.lineno if lineno is None else lineno
        line_start = self.line_start if line_start is None else line_start
        line = self._line_text(line_start)
        error = LexError(code, "", lineno, cur - line_start, line, kind=kind)
        error.kept = 0 if buffer_start is None else \
            len(self.text[buffer_start:line_start].encode("utf-8", "surrogateescape"))
        error.byte_col = error.kept + \
            len(self.text[line_start:cur].encode("utf-8", "surrogateescape"))
        if self.modes:
            # Inside an f-string the C tokenizer keeps every line since the
            # f-string began in its buffer.
            buffer_start = self.modes[0].start_line_start
            line_end = self.text.find("\n", cur - 1 if cur else 0)
            line_end = len(self.text) if line_end < 0 else line_end + 1
            inp = min(line_end, len(self.text)) - buffer_start
        error.inp = len(line) + 1 if inp is None else inp
        error.level = len(self.parens)
        if self.parens:
            # The innermost open bracket, its line and its byte column.
            char, line_number, col = self.parens[-1]
            error.paren = (char, line_number, col)
        self._fail(error)

    # -- normal mode ----------------------------------------------------------

    def _normal_mode(self) -> bool:
        """Read one token (or skip a blank line); True at ENDMARKER."""
        text = self.text
        if self.atbol:
            self._indentation()
        if self.pendin:
            self._pending_indent()
            return False
        match = _TOKEN.match(text, self.pos)
        kind = match.lastgroup
        start = match.start(kind)
        end = match.end()
        self.pos = end
        if kind == "NAME":
            self._name(start, end)
        elif kind == "OP":
            self._operator(start, end)
        elif kind == "NEWLINE":
            self._end_of_line(start, end)
        elif kind == "NUMBER":
            self._number(start)
        elif kind == "STRING":
            self._string(start, start, "")
        elif kind == "COMMENT":
            self._comment(start, end)
        elif kind == "CONTINUATION":
            self._continuation(start)
        elif kind == "EOF":
            return self._end_of_file(start)
        else:
            self._other(start)
        return False

    def _indentation(self) -> None:
        """At the start of a line: measure its indentation and queue INDENT or
        DEDENT tokens (``pendin``), or note a blank line."""
        self.atbol = False
        text, pos = self.text, self.pos
        blanks = _BLANKS.match(text, pos).end()
        cont_col = 0
        zero = False
        if blanks < len(text) and text[blanks] == "\\":
            how = self.continuation_indent
            if how == "read":
                blanks, cont_col = self._indentation_with_continuation(pos)
            elif how == "measure" and blanks == pos:
                # 3.8, backslash at column 0: the indentation is 0; what follows
                # the joined lines only decides whether the line is blank
                blanks, _ = self._indentation_with_continuation(pos, at_bol=False)
                zero = True
            elif how == "blank":
                self.pos = blanks
                self.blankline = True
                return
        white = text[pos:blanks]
        measured = _INDENT_CACHE.get(white)
        if measured is None:
            measured = _INDENT_CACHE[white] = _measure(white)
        col, altcol = measured
        self.pos = blanks
        c = text[blanks] if blanks < len(text) else ""
        self.blankline = c in ("#", "\n", "\r")
        if self.blankline or self.parens:
            return
        if cont_col or zero:
            col = altcol = cont_col
        if col == self.indstack[-1]:
            if altcol != self.altindstack[-1]:
                self._indent_error(blanks)
        elif col > self.indstack[-1]:
            if len(self.indstack) >= MAXINDENT:
                self._code_error("TOODEEP", self._line_end(), IndentationError)
            if altcol <= self.altindstack[-1]:
                self._indent_error(blanks)
            self.pendin += 1
            self.indstack.append(col)
            self.altindstack.append(altcol)
        else:
            while len(self.indstack) > 1 and col < self.indstack[-1]:
                self.pendin -= 1
                self.indstack.pop()
                self.altindstack.pop()
            if col != self.indstack[-1]:
                self._code_error("DEDENT", self._line_end(), IndentationError)
            if altcol != self.altindstack[-1]:
                self._indent_error(blanks)

    def _indentation_with_continuation(self, pos: int, at_bol: bool = True) -> Tuple[int, int]:
        """Indentation that contains backslash continuations: the first backslash
        fixes the column (the C loop reads on across the joined lines).
        ``at_bol`` False: the C tokenizer reads those lines as a token's
        (3.8), keeping its buffer."""
        text = self.text
        col = altcol = 0
        cont_col = 0
        while True:
            c = text[pos] if pos < len(text) else ""
            if c == " ":
                col += 1
                altcol += 1
            elif c == "\t":
                col = (col // TABSIZE + 1) * TABSIZE
                altcol = (altcol // ALTTABSIZE + 1) * ALTTABSIZE
            elif c == "\f":
                col = altcol = 0
            elif c == "\\":
                cont_col = cont_col or col
                pos = self._continuation_line(pos, at_bol=at_bol)
                continue
            else:
                return pos, cont_col
            pos += 1

    def _indent_error(self, cur: int) -> None:
        """Tabs and spaces disagree about the indentation (TabError)."""
        self._code_error("TABSPACE", self._line_end(), TabError)

    def _pending_indent(self) -> None:
        pos = self.pos
        if self.pendin < 0:
            self.pendin += 1
            token = self._emit("DEDENT", pos, pos)
        else:
            self.pendin -= 1
            token = self._emit("INDENT", self.line_start, pos)
        token.cur = self._column(self.line_start, pos)
        if not self.extra:
            token.col = token.end_col = -1
            if pos >= len(self.text):
                self._at_end_of_input(token)

    def _at_end_of_input(self, token: Token) -> None:
        """At the end of input the C tokenizer is still on the last line, with
        its cursor past that line's newline."""
        last = self._line_of(len(self.text) - 1)
        start = self.text.rfind("\n", 0, len(self.text) - 1) + 1
        start = self._buffer_start(start)
        token.lineno = token.end_lineno = last
        token.cur = len(self.text[start:].encode("utf-8", "surrogateescape"))
        token.extra = "eof"

    def _name(self, start: int, end: int) -> None:
        text = self.text
        if end < len(text) and text[end] in "'\"" and (end - start) <= 2 and \
                text[start:end].lower() in STRING_PREFIXES:
            self.pos = end
            self._string(start, end, text[start:end].lower())
            return
        word = text[start:end]
        if not self.extra and not word.isascii():
            self._verify_identifier(start, end)
            # Identifiers are NFKC-normalised (the token keeps its text for
            # soft-keyword checks).
            self._emit("NAME", start, end, word).extra = unicodedata.normalize("NFKC", word)
            return
        self._emit(word if word in KEYWORDS else "NAME", start, end, word)

    def _verify_identifier(self, start: int, end: int) -> None:
        word = self.text[start:end]
        if any("\udc80" <= char <= "\udcff" for char in word):
            self._undecodable_identifier(word, end)
        invalid = _first_invalid_identifier_char(word)
        if invalid is None:
            return
        char = word[invalid]
        if not self.peg:
            self._code_error("IDENTIFIER", start + invalid + 1)
        cur = start + invalid + 1 if invalid + 1 < len(word) else end
        if char.isprintable():
            self._syntax_error("invalid character '%s' (U+%04X)" % (char, ord(char)), cur)
        self._syntax_error("invalid non-printable character U+%04X" % ord(char), cur)

    def _undecodable_identifier(self, word: str, end: int) -> None:
        """Bytes that are not UTF-8 in an identifier: 3.8 calls it an invalid
        character, later versions report the decoding error (E_DECODE)."""
        if not self.peg:
            self._code_error("IDENTIFIER", end)
        try:
            word.encode("utf-8", "surrogateescape").decode("utf-8")
        except UnicodeDecodeError as error:
            lex_error = LexError("DECODE", "(unicode error) %s" % error, self.lineno,
                                 end - self.line_start, self._line_text())
            lex_error.byte_col = len(self.text[self.line_start:end].encode(
                "utf-8", "surrogateescape"))
            self._fail(lex_error)

    def _operator(self, start: int, end: int) -> None:
        op = self.text[start:end]
        if op == "!" and not self.fstrings:
            self._emit("OP", start, end)
            return
        mode = self.modes[-1] if self.modes else None
        if mode is not None:
            if op[0] in ":}!{" and mode.expr_start_depth >= 0 and \
                    self._fstring_punctuation(mode, op[0], start):
                return
            if op == "=" and mode.expr_start_depth >= 0:
                mode.debug = True
        if op in ("(", "[", "{"):
            if len(self.parens) >= MAXLEVEL:
                self._syntax_error("too many nested parentheses", end)
            self.parens.append((op, self.lineno, self._column(self.line_start, start)))
            if mode is not None:
                mode.bracket_depth += 1
        elif op in (")", "]", "}"):
            self._close_bracket(op, mode, end)
        self._emit(op, start, end)

    def _close_bracket(self, op: str, mode: Optional[_FString], end: int) -> None:
        if mode is not None and not mode.bracket_depth and op == "}":
            self._syntax_error("f-string: single '}' is not allowed", end)
        if not self.extra and not self.parens:
            self._syntax_error("unmatched '%s'" % op, end)
        if self.parens:
            opening, line, _col = self.parens.pop()
            if not self.extra and _CLOSER[opening] != op:
                if mode is not None and opening == "{" and \
                        mode.bracket_depth - 1 == mode.expr_start_depth:
                    self._syntax_error("f-string: unmatched '%s'" % op, end)
                if line != self.lineno:
                    self._syntax_error(
                        "closing parenthesis '%s' does not match opening parenthesis '%s' "
                        "on line %d" % (op, opening, line), end)
                self._syntax_error("closing parenthesis '%s' does not match opening "
                                   "parenthesis '%s'" % (op, opening), end)
        if mode is not None:
            mode.bracket_depth -= 1
            if mode.bracket_depth < 0:
                self._syntax_error("f-string: unmatched '%s'" % op, end)
            if op == "}" and mode.bracket_depth == mode.expr_start_depth:
                mode.expr_start_depth -= 1
                mode.in_expr = False
                if self.fstring_spec_reset:
                    mode.in_format_spec = False
                mode.debug = False

    def _other(self, start: int) -> None:
        """Any other character: the C tokenizer makes it a one-character operator
        (the parser then rejects it), unless it cannot be printed."""
        char = self.text[start]
        if char == "\r":
            # A carriage return not before a newline: C reads on past it.
            return
        if not char.isprintable() and (self.v310 or self.extra):
            self._syntax_error("invalid non-printable character U+%04X" % ord(char), start + 1)
        self._emit("OP", start, start + 1)

    def _end_of_line(self, start: int, end: int) -> None:
        self.atbol = True
        newline_at = end - 1
        if self.blankline or self.parens:
            if self.extra:
                self.comment_newline = False
                self._emit_newline("NL", start, end)
            self._newline(newline_at)
            return
        if self.comment_newline and self.extra:
            self.comment_newline = False
            self._emit_newline("NL", start, end)
            self._newline(newline_at)
            return
        self._emit_newline("NEWLINE", start, end)
        self._newline(newline_at)

    def _emit_newline(self, kind: str, start: int, end: int) -> None:
        """NEWLINE leaves the newline out of its text (``tokenize`` puts it back
        and widens the token by one); NL keeps it.  An added final newline
        shows as an empty string."""
        if not self.extra:
            # Before 3.12 the parser's NEWLINE is empty at the newline; from 3.12
            # its end is the tokenizer's column counter, past the newline.  A
            # NEWLINE after a comment starts where the comment did (the C
            # tokenizer's token start stays at the '#' while it skips the text).
            token_end = end if (kind == "NL" or self.fstrings) else end - 1
            token = self._emit(kind, start, token_end, "")
            if self.comment_start >= self.line_start:
                token.col = self._column(self.line_start, self.comment_start)
            return
        implicit = self.implicit_newline and end == len(self.text)
        string = "" if implicit else self.text[start:end]
        token = self._emit(kind, start, end - 1 if kind == "NEWLINE" else end, string)
        if kind == "NEWLINE":
            token.end_col += 1

    def _comment(self, start: int, end: int) -> None:
        self.comment_start = start
        if self.type_comments and self._type_comment(start, end):
            return
        if self.extra:
            self.comment_newline = self.blankline
            self._emit("COMMENT", start, end)

    def _type_comment(self, start: int, end: int) -> bool:
        """``# type: ...`` as TYPE_COMMENT, ``# type: ignore...`` as TYPE_IGNORE."""
        match = _TYPE_COMMENT.match(self.text, start, end)
        if not match:
            return False
        body = match.end()
        rest = self.text[body:end]
        if rest.startswith("ignore") and (len(rest) == 6 or not (
                ord(rest[6]) >= 128 or rest[6].isalnum())):
            token = self._emit("TYPE_IGNORE", body + 6, end)
            if self.blankline:
                # A type: ignore alone on its line takes the newline with it.
                newline = end + 1 if self.text.startswith("\r\n", end) else end
                self.pos = newline + 1
                self._newline(newline)
                self.atbol = True
            return token is not None
        self._emit("TYPE_COMMENT", body, end)
        return True

    def _continuation(self, start: int) -> None:
        self.pos = self._continuation_line(start)

    def _continuation_line(self, backslash: int, at_bol: bool = False) -> int:
        """After a backslash: a newline must follow, and then more input.
        ``at_bol``: the backslash is part of a line's indentation."""
        text = self.text
        pos = backslash + 1
        if text.startswith("\r", pos):
            pos += 1
        # The C tokenizer empties its buffer before reading a line outside a
        # token: a backslash in the indentation reads on with an empty buffer,
        # one after a token keeps every line since the chain of such lines
        # began, and offsets into the buffer count them.
        buffer = self.line_start if at_bol else \
            self._buffer_start(self.line_start, self.continued_lines)
        if not text.startswith("\n", pos):
            self._code_error("LINECONT", pos + 1, buffer_start=buffer)
        if pos + 1 >= len(text):
            # Input ends after the backslash-newline; before 3.10 the error's
            # offset is the tokenizer's place in that buffer.
            inp = 0 if at_bol else pos + 1 - buffer
            self._code_error("EOF", pos + 1, inp=inp,
                             buffer_start=None if self.v310 else buffer)
        self._newline(pos)
        if not at_bol:
            self.continued_lines.add(pos + 1)
        if not self.v310:
            self.kept_lines.add(pos + 1)
        return pos + 1

    def _end_of_file(self, start: int) -> bool:
        # Before 3.10 an open bracket at the end of input is no tokenizer error:
        # the parser fails on the ENDMARKER ("unexpected EOF while parsing").
        if self.parens and self.v310:
            last = self._line_of(start)
            self._code_error("EOF", start, lineno=last, line_start=start, inp=0)
        token = self._emit("ENDMARKER", start, start)
        if self.extra:
            token.lineno = token.end_lineno = self.lineno
        elif self.text:
            token.col = token.end_col = -1
            self._at_end_of_input(token)
        return True

    # -- numbers --------------------------------------------------------------

    def _number(self, start: int) -> None:
        end = _NumberScanner(self, start).scan()
        self.pos = end
        self._emit("NUMBER", start, end)

    # -- strings ----------------------------------------------------------------

    def _string(self, start: int, quote_at: int, prefix: str) -> None:
        text = self.text
        quote = text[quote_at]
        size = 3 if text.startswith(quote * 3, quote_at) else 1
        if self.fstrings and "f" in prefix:
            self._fstring_start(start, quote_at, quote, size, "r" in prefix)
            return
        first_line, first_start = self.lineno, self.line_start
        if size == 1 and text.startswith(quote * 2, quote_at):
            end = quote_at + 2
        else:
            match = _STRING_TAIL[(quote, size)].match(text, quote_at + size)
            if match is None:
                self._unterminated_string(start, quote, size)
            end = match.end()
        self._advance_lines(quote_at, end)
        self.pos = end
        self._emit("STRING", start, end, None, first_line, first_start)

    def _unterminated_string(self, start: int, quote: str, size: int) -> None:
        """Reproduce where and how the C tokenizer gives up on a string."""
        text = self.text
        pos = start
        while text[pos] not in "'\"":
            pos += 1
        pos += size
        while True:
            if pos >= len(text):
                at_eof = True
                break
            c = text[pos]
            if size == 1 and c == "\n":
                at_eof = False
                break
            if c == "\\":
                pos += 2
                continue
            pos += 1
        first_line, first_start = self.lineno, self.line_start
        detected = self._line_of(pos)
        self._advance_lines(start, min(pos, len(text)))
        if not self.v310:
            # 3.8/3.9: the tokenizer gives up with its cursor at the end of the
            # buffer, which holds every line since the string began.
            code = "EOFS" if size == 3 or at_eof else "EOLS"
            self._code_error(code, self._line_end(), lineno=detected,
                             line_start=self._buffer_start(first_start))
        if self.modes:
            mode = self.modes[-1]
            if mode.quote == quote and mode.size == size:
                self._syntax_error("f-string: expecting '}'", start + 1,
                                   lineno=first_line, line_start=first_start)
        if size == 3:
            msg = "unterminated triple-quoted string literal (detected at line %d)" % detected
        else:
            msg = "unterminated string literal (detected at line %d)" % detected
        self._syntax_error(msg, start + 1, lineno=first_line, line_start=first_start)

    # -- f-strings (3.12+) ----------------------------------------------------------

    def _fstring_start(self, start: int, quote_at: int, quote: str, size: int,
                       raw: bool) -> None:
        if len(self.modes) + 1 >= MAX_FSTRING_LEVEL:
            self._syntax_error("too many nested f-strings", quote_at + size)
        self.pos = quote_at + size
        self._emit("FSTRING_START", start, self.pos)
        self.modes.append(_FString(quote, size, raw, start, self.lineno, self.line_start))

    def _fstring_mode(self, mode: _FString) -> None:
        """Literal text of an f-string: one FSTRING_MIDDLE, or FSTRING_END, or
        hand over to normal mode at a replacement field."""
        text, pos = self.text, self.pos
        first_line, first_start = self.lineno, self.line_start
        if text.startswith("{", pos) and not text.startswith("{{", pos):
            self._enter_expression(mode, pos)
            return
        if text.startswith(mode.quote * mode.size, pos):
            self.pos = pos + mode.size
            self._emit("FSTRING_END", pos, self.pos)
            self.modes.pop()
            return
        in_spec = mode.in_format_spec and mode.expr_start_depth >= 0
        run = _FSTRING_RUN[(mode.quote, mode.size)]
        cur = pos
        unicode_escape = False
        closing = mode.quote * mode.size
        while True:
            cur = run.match(text, cur).end()
            if cur >= len(text) or (mode.size == 1 and text[cur] == "\n"):
                if in_spec and cur < len(text):
                    self._advance_lines(pos, cur)
                    self.pos = cur
                    self._emit("FSTRING_MIDDLE", pos, cur, None, first_line, first_start)
                    mode.in_expr = True
                    return
                self._unterminated_fstring(mode, cur)
            c = text[cur]
            if c == mode.quote:
                if text.startswith(closing, cur):
                    break
                cur += 1
                continue
            if c == "{":
                if text.startswith("{", cur + 1) and not in_spec:
                    self._middle(pos, cur + 1, cur + 2, first_line, first_start)
                    return
                self._middle(pos, cur, cur, first_line, first_start)
                self._enter_expression(mode, cur)
                return
            if c == "}":
                if unicode_escape:
                    self._middle(pos, cur + 1, cur + 1, first_line, first_start)
                    return
                if text.startswith("}", cur + 1) and not in_spec:
                    self._middle(pos, cur + 1, cur + 2, first_line, first_start)
                    return
                self._middle(pos, cur, cur, first_line, first_start)
                mode.in_expr = True
                return
            if c == "\\":
                cur += 1
                if text.startswith("\r", cur):
                    cur += 1
                if cur < len(text) and text[cur] in "{}":
                    continue
                if not mode.raw and text.startswith("N{", cur):
                    unicode_escape = True
                    cur += 2
                    continue
                cur += 1
                continue
            cur += 1
        self._middle(pos, cur, cur, first_line, first_start)

    def _middle(self, start: int, end: int, resume: int, first_line: int,
                first_start: int) -> None:
        """An FSTRING_MIDDLE for text[start:end]; reading resumes at ``resume``
        (after a doubled brace, only one of which is in the token's text).  The
        parser's token ends at ``resume`` (the C tokenizer's column counter),
        ``tokenize``'s at ``end`` (its text pointer)."""
        self._advance_lines(start, resume)
        self._emit("FSTRING_MIDDLE", start, end if self.extra else resume,
                   self.text[start:end], first_line, first_start)
        self.pos = resume

    def _enter_expression(self, mode: _FString, pos: int) -> None:
        mode.expr_start_depth += 1
        if mode.expr_start_depth >= MAX_EXPR_NESTING:
            self._syntax_error("f-string: expressions nested too deeply", pos + 1)
        mode.in_expr = True
        self.pos = pos

    def _unterminated_fstring(self, mode: _FString, cur: int) -> None:
        detected = self._line_of(cur)
        what = "triple-quoted f-string" if mode.size == 3 else "f-string"
        self._syntax_error("unterminated %s literal (detected at line %d)" % (what, detected),
                           mode.start + 1, lineno=mode.start_line,
                           line_start=mode.start_line_start)

    def _fstring_punctuation(self, mode: _FString, char: str, start: int) -> bool:
        """A ':' at the depth of the replacement field opens its format spec
        (even where ':=' would otherwise be read).  True when it did."""
        depth = mode.bracket_depth - (char != "{")
        if char == ":" and depth == mode.expr_start_depth:
            mode.in_expr = False
            mode.in_format_spec = True
            self.pos = start + 1
            self._emit(":", start, start + 1)
            return True
        return False


_CLOSER = {"(": ")", "[": "]", "{": "}"}
_TYPE_COMMENT = re.compile(r"#[ \t]*type:[ \t]*")


def _measure(white: str) -> Tuple[int, int]:
    """Indentation column with tabs to multiples of 8, and with tabs counting 1
    (the C tokenizer compares both to detect inconsistent tabs)."""
    col = altcol = 0
    for char in white:
        if char == " ":
            col += 1
            altcol += 1
        elif char == "\t":
            col = (col // TABSIZE + 1) * TABSIZE
            altcol = (altcol // ALTTABSIZE + 1) * ALTTABSIZE
        else:
            col = altcol = 0
    return col, altcol


def _first_invalid_identifier_char(word: str) -> Optional[int]:
    """Index of the first character that cannot be in an identifier there
    (``_PyUnicode_ScanIdentifier``), or None."""
    if not (word[0] == "_" or word[0].isidentifier()):
        return 0
    for index in range(1, len(word)):
        if not ("a" + word[index]).isidentifier():
            return index
    return None


class _NumberScanner:
    """The C tokenizer's number reader, step by step, so that malformed numbers
    fail where and as CPython's do."""

    def __init__(self, lexer: Lexer, start: int):
        self.lexer = lexer
        self.text = lexer.text
        self.start = start
        self.cur = start

    def next(self) -> str:
        text = self.text
        char = text[self.cur] if self.cur < len(text) else ""
        self.cur += 1
        return char

    def backup(self) -> None:
        self.cur -= 1

    def error(self, msg: str, backup: bool = False) -> None:
        if backup:
            self.backup()
        self.lexer._syntax_error(msg, self.cur)

    def scan(self) -> int:
        c = self.next()
        if c == ".":
            return self.fraction(self.next())
        if c == "0":
            c = self.next()
            if c in "xX" and c:
                return self.radix("hexadecimal", "0123456789abcdefABCDEF", None)
            if c in "oO" and c:
                return self.radix("octal", "01234567", "0123456789")
            if c in "bB" and c:
                return self.radix("binary", "01", "0123456789")
            return self.zero(c)
        return self.decimal(self.tail(c))

    def tail(self, c: str) -> str:
        """Digits with single underscores between them (``tok_decimal_tail``)."""
        while True:
            while c and c in "0123456789":
                c = self.next()
            if c != "_":
                return c
            c = self.next()
            if not (c and c in "0123456789"):
                self.error("invalid decimal literal", backup=True)

    def radix(self, kind: str, digits: str, decimal: Optional[str]) -> int:
        c = self.next()
        while True:
            if c == "_":
                c = self.next()
            if not (c and c in digits):
                if decimal and c and c in decimal:
                    self.error("invalid digit '%s' in %s literal" % (c, kind))
                self.error("invalid %s literal" % kind, backup=True)
            while c and c in digits:
                c = self.next()
            if c != "_":
                break
        if decimal and c and c in decimal:
            self.error("invalid digit '%s' in %s literal" % (c, kind))
        return self.end_of_number(c, kind)

    def zero(self, c: str) -> int:
        while True:
            if c == "_":
                c = self.next()
                if not (c and c in "0123456789"):
                    self.error("invalid decimal literal", backup=True)
            if c != "0":
                break
            c = self.next()
        zeros_end = self.cur
        nonzero = False
        if c and c in "0123456789":
            nonzero = True
            c = self.tail(c)
        if c == ".":
            return self.fraction(self.next())
        if c and c in "eE":
            return self.exponent(c)
        if c and c in "jJ":
            return self.imaginary()
        if nonzero and not self.lexer.extra:
            self.backup()
            lexer = self.lexer
            msg = ("leading zeros in decimal integer literals are not permitted; "
                   "use an 0o prefix for octal integers")
            if lexer.v310:
                lexer._syntax_error(msg, self.cur, col=self.start + 1 - lexer.line_start,
                                    end_col=zeros_end - lexer.line_start)
            else:
                # before 3.10 the error sits after the literal's digits
                lexer._syntax_error(msg, self.cur)
        return self.end_of_number(c, "decimal")

    def decimal(self, c: str) -> int:
        if c == ".":
            return self.fraction(self.next())
        if c and c in "eE":
            return self.exponent(c)
        if c and c in "jJ":
            return self.imaginary()
        return self.end_of_number(c, "decimal")

    def fraction(self, c: str) -> int:
        if c and c in "0123456789":
            c = self.tail(c)
        if c and c in "eE":
            return self.exponent(c)
        if c and c in "jJ":
            return self.imaginary()
        return self.end_of_number(c, "decimal")

    def exponent(self, e: str) -> int:
        c = self.next()
        if c and c in "+-":
            c = self.next()
            if not (c and c in "0123456789"):
                self.error("invalid decimal literal", backup=True)
        elif not (c and c in "0123456789"):
            self.backup()
            if self.lexer.v310:
                self.verify_end(e, "decimal")
            self.backup()
            return self.cur
        c = self.tail(c)
        if c and c in "jJ":
            return self.imaginary()
        return self.end_of_number(c, "decimal")

    def imaginary(self) -> int:
        return self.end_of_number(self.next(), "imaginary")

    def end_of_number(self, c: str, kind: str) -> int:
        if self.lexer.v310:
            self.verify_end(c, kind)
        if c:
            self.backup()
        return self.cur

    def verify_end(self, c: str, kind: str) -> None:
        """``verify_end_of_number``: a number directly followed by a letter is an
        error, except before the keywords that can follow a number in valid code
        (then only a warning)."""
        if self.lexer.extra or not c:
            return
        text, cur = self.text, self.cur
        follows = {"a": "nd", "e": "lse", "f": "or", "o": "r", "n": "ot"}.get(c)
        if follows is not None and text.startswith(follows, cur):
            # ``lookahead``: the keyword must end there ("1elsex" is an error)
            after = cur + len(follows)
            if after >= len(text) or not _identifier_char(text[after]):
                return
        if c == "i" and cur < len(text) and text[cur] in "fns":
            return
        if ord(c) < 128 and (c.isalnum() or c == "_"):
            self.cur -= 1
            self.lexer._syntax_error("invalid %s literal" % kind, self.cur)


def _identifier_char(c: str) -> bool:
    """``is_potential_identifier_char``: ASCII letters, digits, ``_`` and any
    non-ASCII character."""
    return c.isascii() and (c.isalnum() or c == "_") or ord(c) >= 128


# -- the tokenize module of 3.12+ ---------------------------------------------

_TOKENIZE_MESSAGES = {
    "EOF": "unexpected EOF in multi-line statement",
    "DEDENT": "unindent does not match any outer indentation level",
    "TABSPACE": "inconsistent use of tabs and spaces in indentation",
    "TOODEEP": "too many levels of indentation",
    "LINECONT": "unexpected character after line continuation character",
}


def tokenize_module(source, target: Target, filename: Optional[str] = None) -> list:
    """What ``tokenize.tokenize`` (bytes) or ``tokenize.generate_tokens`` (str) of a
    3.12+ target yields: the C tokenizer's tokens in extra-tokens mode, renamed
    and placed as ``Python/Python-tokenize.c`` does."""
    from .tokenize_py import detect_encoding, split_lines
    numbers = target.token_numbers
    lines = split_lines(source)
    result = []
    if isinstance(source, bytes):
        encoding, _ = detect_encoding(lines, filename)
        shown = "utf-8" if encoding == "utf-8-sig" else encoding
        result.append((numbers["ENCODING"], shown, (0, 0), (0, 0), ""))
        lines = [line.decode(encoding) for line in lines]
    implicit = bool(lines) and not lines[-1].endswith("\n")
    text = "".join(lines) + ("\n" if implicit else "")
    tokens, error = Lexer(text, target, extra=True, implicit_newline=implicit).run()
    physical = text.split("\n")
    end_col_quirk = target.frontend("tokenize_end_col_from_first_line")
    for token in tokens:
        item = _module_token(token, numbers, physical, implicit)
        if end_col_quirk and token.lineno != token.end_lineno:
            item = item[:3] + ((item[3][0], _first_line_end_col(item[4], physical,
                                                                  token)),) + item[4:]
        result.append(item)
    if error is not None:
        raise _module_error(error, physical)
    return result


def _module_token(token: Token, numbers, physical: List[str], implicit: bool) -> tuple:
    kind = token.type
    if kind in ("ENDMARKER",) or (kind == "DEDENT" and token.string == "" and
                                 token.lineno > len(physical) - 1):
        return (numbers[kind], "", (token.lineno, 0), (token.lineno, 0), "")
    if kind in KEYWORDS:
        kind = "NAME"
    elif kind not in numbers or kind in _OPERATOR_TYPES:
        kind = "OP"
    first = token.lineno if token.type in ("STRING", "FSTRING_MIDDLE") else token.end_lineno
    line = "\n".join(physical[first - 1:token.end_lineno]) + "\n"
    if implicit and token.end_lineno == len(physical) - 1:
        line = line[:-1]
    return (numbers[kind], token.string, (token.lineno, token.col),
            (token.end_lineno, token.end_col), line)


_OPERATOR_TYPES = frozenset(("OP",))


def _first_line_end_col(line: str, physical: List[str], token: Token) -> int:
    """3.12's ``tokenize`` converts a multi-line token's end column from bytes to
    characters against the text of its *first* line (the column counts bytes
    of the last line): decode that many bytes of ``line``, broken characters
    and the C string's terminating NUL included."""
    last = physical[token.end_lineno - 1]
    end_byte = len(last[:token.end_col].encode("utf-8", "surrogateescape"))
    data = line.encode("utf-8", "surrogateescape")
    end_byte = min(end_byte, len(data) + 1)
    return len((data + b"\0")[:end_byte].decode("utf-8", "replace"))


def _module_error(error: LexError, physical: List[str]) -> BaseException:
    from .errors import TokenError
    if error.code == "ERROR":
        if error.kind is not SyntaxError:
            return error.kind(error.msg, ("<string>", error.lineno, error.offset, error.line,
                                          error.end_lineno, error.end_offset))
        msg = error.msg
        if "unterminated triple-quoted string literal" in msg:
            msg = "EOF in multi-line string"
        return TokenError(msg, (error.lineno, error.offset))
    line = error.line
    if error.kind is SyntaxError:
        # tokenize.py turns plain SyntaxErrors into TokenError(msg, (lineno, offset)).
        return TokenError(_TOKENIZE_MESSAGES[error.code], (error.lineno, error.inp))
    return error.kind(_TOKENIZE_MESSAGES[error.code],
                      ("<string>", error.lineno, error.inp, line, None, None))

"""Which error a failed parse reports, and where.

CPython (3.10+, ``_PyPegen_run_parser``):

1. the first pass fails; the last token it read is remembered;
2. a second pass runs with the ``invalid_*`` rules, which may raise a
   specialised error;
3. if it raises nothing, ``_PyPegen_set_syntax_error`` reports "unexpected
   indent" (last token of pass 1 an INDENT) or "invalid syntax" at that token;
4. an error raised by the parser (not the tokenizer) may still be replaced:
   the tokenizer reads on to the end of the file, and an error it meets there,
   or a bracket left open on an earlier line, wins
   (``_PyPegen_tokenize_full_source_to_check_for_errors``).

The tokenizer itself fails lazily: its error shows only when the parser reads
the token where it happened (:class:`.pegen.TrackedTokens`).  3.9 and 3.8 run
older versions of this logic (:func:`report_39`, :mod:`.ll1_errors`).
"""

from __future__ import annotations

from typing import Any, Optional

from .errors import ParseAbort, syntax_error
from .lexer import LexError
from .pegen import TokenizerFailure, TrackedTokens

_TOKENIZER_MESSAGES = {
    "DEDENT": ("unindent does not match any outer indentation level", IndentationError),
    "TABSPACE": ("inconsistent use of tabs and spaces in indentation", TabError),
    "TOODEEP": ("too many levels of indentation", IndentationError),
    "LINECONT": ("unexpected character after line continuation character", SyntaxError),
}


def report(parser: Any, rule: Any) -> Any:
    """Replay the failed parse with token tracking and raise CPython's error
    (or return the tree, should the tracked replay succeed after all)."""
    if not parser.v310:
        from .ll1_errors import report_legacy
        return report_legacy(parser, rule)
    tokens = TrackedTokens(parser.all_tokens, parser.lex_error)
    parser.reset(tokens, False)
    raised: Optional[ParseAbort] = None
    try:
        result = rule()
        if result is not None:
            return result
    except TokenizerFailure as failure:
        raise ParseAbort(tokenizer_error(parser, failure.error))
    except ParseAbort as abort:
        raised = abort
    last_token = list.__getitem__(tokens, tokens.fill - 1)
    if raised is None:
        parser.reset(tokens, True)
        try:
            rule()
        except TokenizerFailure as failure:
            raise ParseAbort(tokenizer_error(parser, failure.error))
        except ParseAbort as abort:
            raised = abort
    if raised is None:
        raised = generic_error(parser, last_token)
        if raised is None:
            return None
    raise ParseAbort(check_rest_of_source(parser, tokens, raised.error))


def generic_error(parser: Any, last_token: Any) -> Optional[ParseAbort]:
    """``_PyPegen_set_syntax_error`` when no rule raised: "unexpected indent"
    (raised at once) or "invalid syntax" at the last token of the first pass."""
    if last_token.type in ("INDENT", "DEDENT"):
        msg = "unexpected indent" if last_token.type == "INDENT" else "unexpected unindent"
        parser.raise_error(IndentationError, msg)
    try:
        parser.raise_error_known_location(
            SyntaxError, last_token.lineno, last_token.col + 1, last_token.end_lineno,
            last_token.end_col + 1, "invalid syntax")
    except ParseAbort as abort:
        return abort
    return None


def check_rest_of_source(parser: Any, tokens: TrackedTokens, error: BaseException) -> BaseException:
    """The tokenizer reads the rest of the file: an error of its own replaces
    the parser's, and so does a bracket still open where the tokenizer
    stopped when it was opened on a line before the error's token.  Neither replaces it when
    the tokenizer stopped inside an f-string: the error in the expression part
    is the one reported then."""
    lex_error: Optional[LexError] = parser.lex_error
    if lex_error is None or tokens.fill > tokens.error_index or lex_error.in_fstring:
        return error
    if lex_error.code == "ERROR":
        return tokenizer_error(parser, lex_error)
    # Any other outcome is an ERRORTOKEN with no exception set, which the C
    # check takes for an unclosed bracket when one is open from an earlier line.
    if lex_error.paren is not None:
        current = list.__getitem__(tokens, tokens.fill - 1)
        if current.lineno > lex_error.paren[1]:
            return unclosed_bracket(parser, lex_error)
    return error


def tokenizer_error(parser: Any, error: LexError) -> BaseException:
    """The error the tokenizer reports when the parser reaches it
    (``tokenizer_error`` in ``Parser/pegen_errors.c``)."""
    if error.code == "ERROR":
        return syntax_error(error.kind, error.msg, parser.filename, error.lineno,
                            error.offset, error.line, error.end_lineno, error.end_offset)
    try:
        if error.code == "EOF":
            if error.paren is not None:
                return unclosed_bracket(parser, error)
            parser.raise_error_known_location(SyntaxError, error.lineno, error.byte_col,
                                              error.lineno, -1, "unexpected EOF while parsing")
        if error.code == "DECODE":
            parser.raise_error_known_location(SyntaxError, error.lineno, error.byte_col,
                                              error.lineno, -1, error.msg)
        msg, kind = _TOKENIZER_MESSAGES[error.code]
        if error.code == "DEDENT":
            parser.raise_error_known_location(kind, error.lineno, error.byte_col, error.lineno,
                                              -1, msg)
        col = error.byte_col if error.code == "LINECONT" else 1
        parser.raise_error_known_location(kind, error.lineno, col, error.lineno, 0, msg)
    except ParseAbort as abort:
        return abort.error
    raise AssertionError("unreachable")


def unclosed_bracket(parser: Any, error: LexError) -> BaseException:
    """"'(' was never closed", at the innermost bracket still open."""
    char, lineno, col = error.paren
    try:
        parser.raise_error_known_location(SyntaxError, lineno, col + 1, lineno, 0,
                                          "'%s' was never closed" % char)
    except ParseAbort as abort:
        return abort.error
    raise AssertionError("unreachable")


def check_single_statement(parser: Any) -> None:
    """``bad_single_statement``: in 'single' mode, anything but blanks and
    comments after the statement is an error."""
    last = parser.tokens[parser.pos - 1]
    lines = parser.lines
    rest = [lines[last.end_lineno - 1][_char_col(lines[last.end_lineno - 1], last.end_col):]]
    rest.extend(lines[last.end_lineno:])
    for line in rest:
        stripped = line.strip(" \t\f")
        if stripped and not stripped.startswith("#"):
            # Reported at the last token read: the statement's NEWLINE.
            parser.known_err_token = last
            parser.raise_error(SyntaxError, "multiple statements found while compiling a "
                                            "single statement")


def _char_col(line: str, byte_col: int) -> int:
    if byte_col < 0:
        return 0
    return len(line.encode("utf-8", "surrogateescape")[:byte_col].decode("utf-8", "replace"))

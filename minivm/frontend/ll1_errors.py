"""Errors of 3.9's first PEG parser and of 3.8's LL(1) parser.

3.9 (``_PyPegen_run_parser``): the second pass runs the (fewer) ``invalid_``
rules; when nothing is raised the error sits at the last token read by the
*second* pass: "unexpected EOF while parsing" once the tokenizer has reached the
end of input, "unexpected indent"/"unexpected unindent" at an INDENT/DEDENT,
else "invalid syntax".  Its SyntaxErrors have no end position.

3.8 (``parsetok`` + ``ast.c``) is modelled on the same machinery: its LL(1)
parser stops at the first token it cannot accept, which is the furthest token
the first (PEG) pass reads; the errors ``ast.c`` raises on a parsed tree are
those 3.9's invalid_ rules were written to reproduce.
"""

from __future__ import annotations

from typing import Any

from .errors import ParseAbort, syntax_error
from .lexer import LexError
from .pegen import TokenizerFailure, TrackedTokens

_MESSAGES_39 = {
    "EOFS": ("EOF while scanning triple-quoted string literal", SyntaxError),
    "EOLS": ("EOL while scanning string literal", SyntaxError),
    "EOF": ("unexpected EOF while parsing", SyntaxError),
    "DEDENT": ("unindent does not match any outer indentation level", IndentationError),
    "TABSPACE": ("inconsistent use of tabs and spaces in indentation", TabError),
    "TOODEEP": ("too many levels of indentation", IndentationError),
    "LINECONT": ("unexpected character after line continuation character", SyntaxError),
    "TOKEN": ("invalid token", SyntaxError),
    "IDENTIFIER": ("invalid character in identifier", SyntaxError),
}


def report_legacy(parser: Any, rule: Any) -> Any:
    tokens = TrackedTokens(parser.all_tokens, parser.lex_error)
    first_pass_last = None
    for invalid in (False, True):
        parser.reset(tokens, invalid)
        parser.ll1_parser_error = False
        try:
            result = rule()
            if result is not None and not invalid:
                return result
        except TokenizerFailure as failure:
            raise ParseAbort(tokenizer_error_39(parser, failure.error))
        if not invalid:
            first_pass_last = list.__getitem__(tokens, tokens.fill - 1)
    last = list.__getitem__(tokens, tokens.fill - 1)
    parser.ll1_parser_error = True
    if not parser.peg:
        # 3.8's LL(1) parser stops at the first token it cannot take: the
        # furthest token of the first pass, not of the second.
        last = first_pass_last
        parser.known_err_token = last
        if parser.ll1_last_line:
            _unterminated_input_error(parser, last)
    if last.extra == "eof":
        # The tokenizer has read to the end of input.
        parser.raise_error(SyntaxError, "unexpected EOF while parsing")
    if last.type == "INDENT":
        parser.raise_error(IndentationError, "unexpected indent")
    if last.type == "DEDENT":
        parser.raise_error(IndentationError, "unexpected unindent")
    parser.raise_error(SyntaxError, "invalid syntax")


def _unterminated_input_error(parser: Any, last: Any) -> None:
    """3.8 on input that does not end with a newline: the tokenizer meets the
    end of input while it looks one character past a token that ends there
    (anything but a string), which makes the parse error "unexpected EOF
    while parsing"; past the last token it returns ENDMARKER with no position,
    and the error sits where the tokenizer stopped."""
    lineno = parser.ll1_last_line
    line = parser.error_text(lineno)
    size = len(line.encode("utf-8", "surrogateescape"))
    msg = "unexpected EOF while parsing"
    if last.type in ("NEWLINE", "ENDMARKER", "DEDENT") or last.lineno > lineno:
        parser.raise_error_known_location(SyntaxError, lineno, size, lineno, -1, msg)
    if last.end_lineno == lineno and last.end_col == size and last.type != "STRING":
        parser.raise_error_known_location(SyntaxError, last.lineno, last.col + 1,
                                          lineno, -1, msg)


def tokenizer_error_39(parser: Any, error: LexError) -> BaseException:
    parser.ll1_parser_error = True
    if not parser.peg and error.msg == "too many nested parentheses":
        # 3.8's parser stack (16 or more entries a bracket) overflows long
        # before its tokenizer counts 200 brackets.
        import sys
        sys.stderr.write("s_push: parser stack overflow\n")
        return MemoryError()
    if error.code == "ERROR":
        return syntax_error(error.kind, error.msg, parser.filename, error.lineno,
                            error.offset, error.line)
    if error.code == "DECODE":
        msg, kind = error.msg, SyntaxError
    else:
        msg, kind = _MESSAGES_39[error.code]
    if error.code in ("TABSPACE", "TOODEEP") and parser.peg:
        col = 1
    elif error.code == "LINECONT" and not parser.peg:
        # 3.8 moves the tokenizer to the end of its input (the line, newline
        # included) on a bad line continuation.
        col = error.kept + len((error.line + "\n").encode("utf-8", "surrogateescape"))
    else:
        col = error.byte_col
    if error.lineno == parser.ll1_last_line:
        # no newline for the tokenizer to have read
        col = min(col, len(parser.error_text(error.lineno).encode("utf-8", "surrogateescape")))
    try:
        parser.raise_error_known_location(kind, error.lineno, col, error.lineno, -1, msg)
    except ParseAbort as abort:
        return abort.error
    raise AssertionError("unreachable")

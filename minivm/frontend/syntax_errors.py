"""Which error a failed parse reports, and where (``_PyPegen_run_parser``,
``_PyPegen_set_syntax_error``, ``_PyPegen_tokenize_full_source_to_check_for_errors``)."""

from __future__ import annotations

from typing import Any

from .errors import ParseAbort, syntax_error
from .pegen import TokenizerFailure, TrackedTokens


def report(parser: Any, rule: Any) -> None:
    """Replay the failed parse to find CPython's error, and raise it."""
    tokens = TrackedTokens(parser.all_tokens, parser.lex_error)
    parser.reset(tokens, False)
    try:
        rule()
    except TokenizerFailure as failure:
        raise ParseAbort(tokenizer_error(parser, failure.error))
    last_token = tokens[tokens.fill - 1]
    parser.reset(tokens, True)
    try:
        rule()
    except TokenizerFailure as failure:
        raise ParseAbort(tokenizer_error(parser, failure.error))
    parser.raise_error_known_location(SyntaxError, last_token.lineno, last_token.col + 1,
                                      last_token.end_lineno, last_token.end_col + 1,
                                      "invalid syntax")


def tokenizer_error(parser: Any, error: Any) -> BaseException:
    return syntax_error(error.kind, error.msg or error.code, parser.filename, error.lineno,
                        error.offset, error.line, error.end_lineno, error.end_offset)


def check_single_statement(parser: Any) -> None:
    return None

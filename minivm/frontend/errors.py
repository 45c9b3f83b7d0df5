"""Errors of the front end, built with exactly the fields CPython gives them.

The harness compares our exceptions with CPython's field by field (type, ``msg``,
``lineno``, ``offset``, ``end_lineno``, ``end_offset``, ``filename``, ``text``), so
every error is made here, in one place, from the same pieces CPython uses: a
message and a location in characters.

``TokenError`` mirrors ``tokenize.TokenError``: minivm may not import the
``tokenize`` module (it is the oracle), so it has its own class of that name,
raised with the same arguments.
"""

from __future__ import annotations

from typing import Optional, Type


class TokenError(Exception):
    """What the ``tokenize`` module raises at end of input inside a statement or
    string: ``TokenError(message, (lineno, offset))``, as ``tokenize.TokenError``."""


def syntax_error(kind: Type[SyntaxError], msg: str, filename: Optional[str],
                 lineno: Optional[int], offset: Optional[int], text: Optional[str],
                 end_lineno: Optional[int] = None,
                 end_offset: Optional[int] = None) -> SyntaxError:
    """A ``SyntaxError`` (or ``IndentationError``/``TabError``) whose fields are
    exactly these; ``offset`` and ``end_offset`` are 1-based character columns as
    in CPython.  On hosts older than 3.10 ``SyntaxError`` has no end fields in
    its constructor, so they are set as attributes."""
    error = kind(msg, (filename, lineno, offset, text))
    if end_lineno is not None or end_offset is not None:
        error.end_lineno = end_lineno  # type: ignore[attr-defined]
        error.end_offset = end_offset  # type: ignore[attr-defined]
    return error


class ParseAbort(Exception):
    """Internal: carries a finished ``SyntaxError`` out of deep recursion.

    The parser raises it instead of the ``SyntaxError`` itself so that no
    ``except SyntaxError`` in a rule can swallow it by mistake."""

    def __init__(self, error: BaseException):
        super().__init__(error)
        self.error = error
